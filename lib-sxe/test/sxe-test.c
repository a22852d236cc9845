/* sxe-test.c: helpers shared by the lib-sxe Check suites. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "sxe-test.h"

static ev_timer sxe_test_guard;
static const char *sxe_test_needle;
static unsigned sxe_test_lines;

static void sxe_test_guard_cb(struct ev_loop *loop, ev_timer *timer, int revents)
{
    (void)loop;
    (void)timer;
    (void)revents;
}

void sxe_test_guard_start(void)
{
    ev_timer_init(&sxe_test_guard, sxe_test_guard_cb, 0.02, 0.02);
    ev_timer_start(EV_DEFAULT, &sxe_test_guard);
}

void sxe_test_guard_stop(void)
{
    ev_timer_stop(EV_DEFAULT, &sxe_test_guard);
}

void sxe_test_run_for(double seconds)
{
    double end = sxe_get_time_in_seconds() + seconds;
    SXE_TEST_RUN_UNTIL(sxe_get_time_in_seconds() >= end, seconds + 1);
}

void sxe_test_init(unsigned number, unsigned buffer_size)
{
    sxe_register(number, 0);

    if (buffer_size != 0) {
        ck_assert_int_eq(sxe_set_buffer_size(buffer_size), SXE_RETURN_OK);
    }

    ck_assert_int_eq(sxe_init(), SXE_RETURN_OK);
}

void sxe_test_fini(void)
{
    /* let pending closes settle, then every object must be free */
    SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 0, 2.0);
    ck_assert_uint_eq(sxe_get_number_in_use(), 0);
    sxe_fini();
    sxe_syscalls_restore();
    sxe_log_set_sink(NULL, NULL);
    sxe_set_buffer_size(SXE_BUFFER_SIZE_DEFAULT);
}

int sxe_test_connect(const char *ip, unsigned short port)
{
    SXE_SOCKADDR addr;
    int fd;

    ck_assert_int_eq(sxe_parse_address(&addr, ip, port), SXE_RETURN_OK);
    fd = socket(addr.sa.sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(connect(fd, &addr.sa, sxe_sockaddr_length(&addr)), 0);
    return fd;
}

ssize_t sxe_test_read(int fd, void *buf, size_t want, double seconds, bool *eof)
{
    size_t got = 0;
    double end = sxe_get_time_in_seconds() + seconds;
    bool closed = false;

    sxe_test_guard_start();

    while (got < want && !closed && sxe_get_time_in_seconds() < end) {
        ssize_t n = recv(fd, (char *)buf + got, want - got, MSG_DONTWAIT);

        if (n > 0) {
            got += (size_t)n;
        } else if (n == 0) {
            closed = true;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            ev_run(EV_DEFAULT, EVRUN_ONCE);
        } else {
            closed = true; /* reset: treat as closed */
        }
    }

    sxe_test_guard_stop();

    if (eof != NULL) {
        *eof = closed;
    }

    return (ssize_t)got;
}

static void sxe_test_sink(unsigned level, const char *line, unsigned len, void *user)
{
    (void)level;
    (void)len;
    (void)user;

    if (sxe_test_needle != NULL && strstr(line, sxe_test_needle) != NULL) {
        sxe_test_lines++;
    }
}

void sxe_test_capture_log(const char *needle)
{
    sxe_test_needle = needle;
    sxe_test_lines = 0;
    sxe_log_set_sink(sxe_test_sink, NULL);
}

unsigned sxe_test_captured_lines(void)
{
    return sxe_test_lines;
}

unsigned short sxe_test_unused_port(void)
{
    struct sockaddr_in addr;
    socklen_t len = sizeof(addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
    close(fd);
    return ntohs(addr.sin_port);
}
