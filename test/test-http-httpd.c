/* test-http-httpd.c: the load generator (examples/http) against libsxe's own server (examples/httpd): the number of
 * responses the tool reports equals the number of requests the server counted (its exit summary line).
 */
#include <check.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sxe-check.h"
#include "sxe-itest.h"

#define RUN_TIMEOUT 30.0

static SXE_ITEST_RUN run;
static SXE_ITEST_SERVER httpd;

/* Starts httpd on an ephemeral port of `ip`, its log in a private folder. */
static void httpd_start_on(const char *ip)
{
    const char *const args[] = {"-i", ip, "-w", "1", "-c", "2000", NULL};

    ck_assert(sxe_itest_prepare(&httpd));
    ck_assert_msg(sxe_itest_start_prepared(&httpd, "httpd", args), "httpd did not start (see above)");
}

static void httpd_start(void)
{
    httpd_start_on("127.0.0.1");
}

/* Stops httpd (SIGTERM: graceful) and returns the requests it counted in its exit summary line. */
static long long httpd_stop(void)
{
    char line[4096];
    const char *at;
    bool found;

    ck_assert_int_eq(sxe_itest_stop(&httpd, SIGTERM, 10), 0);
    found = sxe_itest_log_find(&httpd, "counters (exit): ", line, sizeof(line));
    sxe_itest_cleanup(&httpd);
    ck_assert_msg(found, "no exit counters in httpd's log");
    at = strstr(line, "requests=");
    ck_assert_msg(at != NULL, "no requests= in httpd's exit counters: %s", line);
    return strtoll(at + strlen("requests="), NULL, 10);
}

static int run_http(const char *first, ...)
{
    va_list args;
    int result;

    va_start(args, first);
    result = sxe_itest_run_http(&run, httpd.port, true, RUN_TIMEOUT, first, args);
    va_end(args);
    return result;
}

static long long json(const char *key)
{
    return sxe_itest_json_number(run.out, key);
}

#define ASSERT_EXIT(expected)                                                                                          \
    ck_assert_msg(run.exit_code == (expected), "exit %d, expected %d\nstdout: %s\nstderr: %.4000s", run.exit_code,     \
                  (expected), run.out, run.err)

START_TEST(test_classic_run_counts_equal_the_servers)
{
    httpd_start();
    run_http("-c", "40", "-n", "50", NULL);
    ck_assert_int_eq(httpd_stop(), 2000);
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 2000);
    ck_assert_int_eq(json("2xx"), 2000);
    ck_assert_int_eq(json("connections_established"), 40);
}
END_TEST

START_TEST(test_without_keep_alive_the_responses_counted_equal_httpds_requests)
{
    httpd_start();
    run_http("-c", "4", "-n", "5", "-k", NULL);
    ck_assert_int_eq(httpd_stop(), 20);
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 20);
    ck_assert_int_eq(json("connects"), 20);
}
END_TEST

START_TEST(test_pipelined_head_requests_are_all_answered_by_httpd)
{
    httpd_start();
    run_http("-c", "3", "-n", "40", "-P", "10", "-m", "HEAD", NULL);
    ck_assert_int_eq(httpd_stop(), 120);
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 120);
    ck_assert_int_eq(json("parse_error"), 0);
}
END_TEST

START_TEST(test_workers_for_a_duration_count_what_httpd_answered)
{
    long long served;

    httpd_start();
    run_http("-c", "8", "-T", "2", "-d", "0.5", NULL);
    served = httpd_stop();
    ASSERT_EXIT(0);
    ck_assert_int_gt(json("responses"), 0);
    ck_assert_int_eq(json("responses"), served);
    ck_assert_int_eq(json("workers"), 2);
}
END_TEST

/* httpd answers 400 to a request with two Host fields: -H Host replaces the default one. */
START_TEST(test_a_host_header_given_with_minus_h_replaces_the_default_so_httpd_answers_200)
{
    httpd_start();
    run_http("-c", "2", "-n", "5", "-H", "Host: example.test", NULL);
    ck_assert_int_eq(httpd_stop(), 10);
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("2xx"), 10);
    ck_assert_int_eq(json("bad_status"), 0);
}
END_TEST

START_TEST(test_an_ipv6_url_in_brackets_reaches_httpd_on_the_ipv6_loopback)
{
    const char *argv[] = {"http", "-j", "-q", "-c", "2", "-n", "3", NULL, NULL};
    char url[64];
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 loopback = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
    int bound = fd >= 0 ? bind(fd, (struct sockaddr *)&loopback, sizeof(loopback)) : -1;

    if (fd >= 0) {
        close(fd);
    }

    if (bound != 0) {
        sxe_test_skip("this host has no IPv6 loopback (::1)");
    }

    httpd_start_on("::1");
    snprintf(url, sizeof(url), "http://[::1]:%d/", httpd.port);
    argv[7] = url;
    sxe_itest_run_program(&run, argv, RUN_TIMEOUT);
    ck_assert_int_eq(httpd_stop(), 6);
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("2xx"), 6);
    ck_assert_ptr_nonnull(strstr(run.out, "\"server\":\"[::1]:"));
}
END_TEST

static Suite *http_httpd_suite(void)
{
    Suite *suite = suite_create("http-httpd");
    TCase *tc = tcase_create("against httpd");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_classic_run_counts_equal_the_servers);
    tcase_add_test(tc, test_without_keep_alive_the_responses_counted_equal_httpds_requests);
    tcase_add_test(tc, test_pipelined_head_requests_are_all_answered_by_httpd);
    tcase_add_test(tc, test_workers_for_a_duration_count_what_httpd_answered);
    tcase_add_test(tc, test_a_host_header_given_with_minus_h_replaces_the_default_so_httpd_answers_200);
    tcase_add_test(tc, test_an_ipv6_url_in_brackets_reaches_httpd_on_the_ipv6_loopback);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return sxe_test_run(http_httpd_suite());
}
