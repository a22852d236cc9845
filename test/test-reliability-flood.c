/* test-reliability-flood.c: httpd under a connection flood (the short version of `make soak`'s flood).
 *
 * A pool of RELIABILITY_POOL connections is hit by RELIABILITY_ATTEMPTS connections at once while a steady client
 * keeps making requests on its own keep-alive connection. The steady client must see no failure, every refused
 * client must be answered (503 or a close: no hang), and afterwards httpd's open descriptors and resident memory
 * must be what they were before, and a burst filling the whole pool must be served again. (Under valgrind, VmRSS
 * includes valgrind's own memory: the test is skipped after all its other checks passed.)
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "sxe-check.h"
#include "soak/sxe-reliability.h"

#define RELIABILITY_POOL       100  /* httpd -c                                                   */
#define RELIABILITY_ATTEMPTS   300  /* connections opened at once                                 */
#define RELIABILITY_FLOOD_TIME 15.0 /* seconds (scaled) for every flood connection to be answered */
#define RELIABILITY_HOLD       1.0  /* seconds the pool stays full after the flood was answered   */
#define RELIABILITY_NO_HANG    5.0  /* seconds (scaled): a refused client answered later hangs    */
#define RELIABILITY_RECOVERY   5.0  /* seconds (scaled) for the full pool to be served again       */

static void start_httpd(SXE_ITEST_SERVER *server, const char *const *args)
{
    ck_assert_msg(sxe_itest_prepare(server), "cannot create a temporary folder");
    ck_assert_msg(sxe_itest_start_prepared(server, "httpd", args), "httpd did not start (see above)");
}

static void stop_httpd(SXE_ITEST_SERVER *server)
{
    ck_assert_int_eq(sxe_itest_stop(server, SIGTERM, REL_STOP_TIMEOUT), 0);
    sxe_itest_cleanup(server);
}

START_TEST(test_flood_beyond_the_pool_is_refused_quickly_and_leaves_nothing_behind)
{
    static const char *args[] = {"-c", "100", "-t", "10", NULL};
    SXE_ITEST_SERVER server;
    REL_FLOOD_RESULT r;
    int fds_idle, fds_after;
    long rss_before, rss_after;
    double recovery;

    ck_assert_uint_ge(sxe_itest_raise_nofile(RELIABILITY_ATTEMPTS * 2 + 64), RELIABILITY_ATTEMPTS + 64);
    start_httpd(&server, args);
    ck_assert_uint_eq(rel_request(server.port, REL_GET_CLOSE_REQUEST, 5.0), 200);
    fds_idle = sxe_itest_settled_fd_count(server.pid);

    /* A first flood touches the whole pool: resident memory is measured after it. */
    ck_assert(rel_flood(server.port, RELIABILITY_ATTEMPTS, RELIABILITY_FLOOD_TIME, RELIABILITY_HOLD, &r));
    ck_assert_int_eq(sxe_itest_wait_fd_count(server.pid, fds_idle, 5.0), fds_idle);
    rss_before = sxe_itest_vmrss_kb(server.pid);

    ck_assert(rel_flood(server.port, RELIABILITY_ATTEMPTS, RELIABILITY_FLOOD_TIME, RELIABILITY_HOLD, &r));
    printf("flood: %u attempts on a pool of %u: %u served, %u refused with 503, %u closed, %u other, %u connect "
           "failures, %u unanswered; refused answered in %.3f s at most (%.3f s average); steady client %u requests, "
           "%u failures\n",
           r.attempts, RELIABILITY_POOL, r.served, r.refused_503, r.closed, r.other_status, r.connect_failed,
           r.unanswered, r.refused_max, r.refused_avg, r.steady_requests, r.steady_failures);
    ck_assert_uint_eq(r.steady_failures, 0);
    ck_assert_uint_gt(r.steady_requests, 0);
    ck_assert_uint_eq(r.unanswered, 0);
    ck_assert_uint_eq(r.other_status, 0);
    ck_assert_uint_eq(r.connect_failed, 0);
    ck_assert_uint_le(r.served, RELIABILITY_POOL);
    ck_assert_uint_gt(r.refused_503 + r.closed, 0);
    ck_assert_msg(r.refused_max < RELIABILITY_NO_HANG * sxe_itest_time_scale(), "a refused client waited %.3f s",
                  r.refused_max);

    recovery = rel_recovery_seconds(server.port, RELIABILITY_POOL, RELIABILITY_RECOVERY);
    fds_after = sxe_itest_wait_fd_count(server.pid, fds_idle, 5.0);
    rss_after = sxe_itest_vmrss_kb(server.pid);
    printf("flood: full pool (%u concurrent requests) served again %.3f s after the flood; descriptors %d before, "
           "%d after; VmRSS %ld kB before, %ld kB after\n",
           RELIABILITY_POOL, recovery, fds_idle, fds_after, rss_before, rss_after);
    ck_assert_msg(recovery >= 0, "the full pool was not served again within %.0f s", RELIABILITY_RECOVERY);
    ck_assert_int_eq(fds_after, fds_idle);
    stop_httpd(&server);

    sxe_test_skip_resident_memory_check();

    ck_assert_int_eq(rss_after, rss_before);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("reliability-flood");
    TCase *tc = tcase_create("flood");

    tcase_set_timeout(tc, 60 * sxe_itest_time_scale());
    tcase_add_test(tc, test_flood_beyond_the_pool_is_refused_quickly_and_leaves_nothing_behind);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
