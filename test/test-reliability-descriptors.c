/* test-reliability-descriptors.c: httpd out of file descriptors, the short version of `make soak`'s test.
 *
 * httpd runs with a pool of 1000 connections; once it is up, its descriptor limit is lowered to RELIABILITY_NOFILE
 * (prlimit(2) on the running process: httpd refuses to start with a limit below its pool, so the fault is injected
 * afterwards, as an operator or a descriptor leak elsewhere would). RELIABILITY_ATTEMPTS clients connect at once and
 * hold on: the connections beyond the limit must be refused (or wait in the listen queue) without a busy loop: httpd's
 * CPU time (/proc/PID/stat) over the hold stays under RELIABILITY_CPU_SHARE of one core. Once the clients leave, httpd
 * serves again and holds the descriptors it held before.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "sxe-check.h"
#include "soak/sxe-reliability.h"

#define RELIABILITY_NOFILE    64   /* httpd's RLIMIT_NOFILE                                      */
#define RELIABILITY_ATTEMPTS  200  /* connections opened at once                                  */
#define RELIABILITY_HOLD      2.0  /* seconds the connections are held                            */
#define RELIABILITY_CPU_SHARE 0.20 /* most of one core httpd may use meanwhile                    */

START_TEST(test_out_of_descriptors_refuses_the_excess_without_a_busy_loop_and_recovers)
{
    static const char *args[] = {"-c", "1000", "-t", "10", NULL};
    SXE_ITEST_SERVER server;
    REL_EXHAUST_RESULT r;
    int fds_idle, fds_after;
    unsigned burst;
    double recovery;

    ck_assert(sxe_itest_prepare(&server));
    ck_assert_msg(sxe_itest_start_prepared(&server, "httpd", args), "httpd did not start (see above)");
    ck_assert_uint_eq(rel_request(server.port, REL_GET_CLOSE_REQUEST, 5.0), 200);
    ck_assert_msg(sxe_itest_set_nofile(server.pid, RELIABILITY_NOFILE), "prlimit: %s", strerror(errno));
    fds_idle = sxe_itest_settled_fd_count(server.pid);

    rel_exhaust(server.port, server.pid, RELIABILITY_ATTEMPTS, RELIABILITY_HOLD, &r);
    printf("descriptors: limit %d, pool 1000, %u connections held %.2f s: %u served, %u refused with 503, %u closed, "
           "%u waiting; httpd CPU %.1f%% of one core\n",
           RELIABILITY_NOFILE, r.attempts, r.hold, r.served, r.refused_503, r.closed, r.waiting, r.cpu_share * 100);
    ck_assert_uint_gt(r.served, 0);
    ck_assert_uint_le(r.served, RELIABILITY_NOFILE);
    ck_assert_uint_eq(r.served + r.refused_503 + r.closed + r.waiting, RELIABILITY_ATTEMPTS);
    ck_assert_msg(r.cpu_share < RELIABILITY_CPU_SHARE * sxe_itest_time_scale(), "httpd used %.1f%% of a core",
                  r.cpu_share * 100);

    burst = (unsigned)(RELIABILITY_NOFILE - fds_idle - 4);
    recovery = rel_recovery_seconds(server.port, burst, 5.0);
    fds_after = sxe_itest_wait_fd_count(server.pid, fds_idle, 5.0);
    printf("descriptors: %u concurrent requests served again %.3f s after the clients left; descriptors %d before, "
           "%d after\n",
           burst, recovery, fds_idle, fds_after);
    ck_assert_msg(recovery >= 0, "httpd did not serve %u concurrent requests again", burst);
    ck_assert_int_eq(fds_after, fds_idle);
    ck_assert_msg(sxe_itest_alive(&server), "httpd died");
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, REL_STOP_TIMEOUT), 0);
    sxe_itest_cleanup(&server);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("reliability-descriptors");
    TCase *tc = tcase_create("descriptors");

    sxe_itest_raise_nofile(1024);
    tcase_set_timeout(tc, 60 * sxe_itest_time_scale());
    tcase_add_test(tc, test_out_of_descriptors_refuses_the_excess_without_a_busy_loop_and_recovers);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
