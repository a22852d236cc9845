/* test-reliability-slow.c: slow clients (slowloris) against httpd, the short version of `make soak`'s slow test.
 *
 * RELIABILITY_SLOW connections send a request head one byte a second. httpd runs with a head timeout of one second
 * (-t 1): each slow connection must get 408 and be closed, while a normal client, making one request per connection
 * meanwhile, is served every time. Afterwards httpd holds no more descriptors than before.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "sxe-check.h"
#include "soak/sxe-reliability.h"

#define RELIABILITY_SLOW 50   /* slow connections                                             */
#define RELIABILITY_TIME 15.0 /* seconds (scaled) for every slow connection to be closed       */

START_TEST(test_slow_clients_get_408_and_a_close_while_normal_clients_are_served)
{
    static const char *args[] = {"-c", "100", "-t", "1", NULL};
    SXE_ITEST_SERVER server;
    REL_SLOW_RESULT r;
    int fds_idle, fds_after;

    ck_assert(sxe_itest_prepare(&server));
    ck_assert_msg(sxe_itest_start_prepared(&server, "httpd", args), "httpd did not start (see above)");
    ck_assert_uint_eq(rel_request(server.port, REL_GET_CLOSE_REQUEST, 5.0), 200);
    fds_idle = sxe_itest_settled_fd_count(server.pid);

    rel_slow(server.port, RELIABILITY_SLOW, RELIABILITY_TIME, &r);
    fds_after = sxe_itest_wait_fd_count(server.pid, fds_idle, 5.0);
    printf(
        "slow: %u connections at one byte a second, head timeout 1 s: %u got 408 and a close, %u another answer, "
        "%u still open; closed after %.2f .. %.2f s; normal client: %u requests, %u failures; descriptors %d before, "
        "%d after\n",
        r.slow, r.slow_408, r.slow_other, r.slow_open, r.slow_min, r.slow_max, r.normal_requests, r.normal_failures,
        fds_idle, fds_after);
    ck_assert_uint_eq(r.slow_408, RELIABILITY_SLOW);
    ck_assert_uint_eq(r.slow_open, 0);
    ck_assert_uint_gt(r.normal_requests, 0);
    ck_assert_uint_eq(r.normal_failures, 0);
    ck_assert_uint_eq(rel_request(server.port, REL_GET_CLOSE_REQUEST, 5.0), 200);
    ck_assert_int_eq(sxe_itest_wait_fd_count(server.pid, fds_idle, 5.0), fds_idle);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, REL_STOP_TIMEOUT), 0);
    sxe_itest_cleanup(&server);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("reliability-slow");
    TCase *tc = tcase_create("slow");

    sxe_itest_raise_nofile(1024);
    tcase_set_timeout(tc, 60 * sxe_itest_time_scale());
    tcase_add_test(tc, test_slow_clients_get_408_and_a_close_while_normal_clients_are_served);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
