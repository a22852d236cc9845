/* sxe-test.h: helpers shared by the lib-sxe Check suites. */
#ifndef SXE_TEST_H
#define SXE_TEST_H

#include <check.h>
#include <stdbool.h>
#include <sys/types.h>

#include "sxe-private.h"

/* Register `number` objects, set the buffer size (0 = default) and initialize. Fails the test on error. */
void sxe_test_init(unsigned number, unsigned buffer_size);

/* Checks that every object is free again, then sxe_fini() and restores the system calls and the log sink. */
void sxe_test_fini(void);

/* Run the default loop until `cond` is true or `seconds` passed (a guard timer keeps the loop waking up, so a
 * bug fails the test instead of hanging it). Evaluates to the final value of cond.
 */
#define SXE_TEST_RUN_UNTIL(cond, seconds)                                                                              \
    ({                                                                                                                 \
        double sxe_test_end_ = sxe_get_time_in_seconds() + (seconds);                                                  \
        sxe_test_guard_start();                                                                                        \
        while (!(cond) && sxe_get_time_in_seconds() < sxe_test_end_) {                                                 \
            ev_run(EV_DEFAULT, EVRUN_ONCE);                                                                            \
        }                                                                                                              \
        sxe_test_guard_stop();                                                                                         \
        (cond);                                                                                                        \
    })

void sxe_test_guard_start(void);
void sxe_test_guard_stop(void);

/* Run the loop for `seconds`. */
void sxe_test_run_for(double seconds);

/* Blocking loopback client socket connected to ip:port (IPv4 or IPv6 literal); fails the test on error. */
int sxe_test_connect(const char *ip, unsigned short port);

/* Read from a client socket while running the loop until `want` bytes arrived, EOF, or `seconds` passed.
 * Returns the bytes read (0 at EOF with nothing read), -1 on error. Sets *eof when the peer closed.
 */
ssize_t sxe_test_read(int fd, void *buf, size_t want, double seconds, bool *eof);

/* Log capture: counts lines containing `needle` (set with sxe_test_capture_log()). */
void sxe_test_capture_log(const char *needle);
unsigned sxe_test_captured_lines(void);

/* A port on 127.0.0.1 on which nothing listens (bound then closed). */
unsigned short sxe_test_unused_port(void);

#endif
