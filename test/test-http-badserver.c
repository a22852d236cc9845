/* test-http-badserver.c: the load generator (examples/http) against a server that misbehaves on purpose
 * (test/sxe-badserver.c). Each test runs the real program and checks its exit code, its JSON summary, its classic
 * log lines, and what the server itself counted.
 */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sxe-badserver.h"
#include "sxe-check.h"
#include "sxe-itest.h"

#define RUN_TIMEOUT 20.0 /* seconds: a hang fails the test instead of stalling the suite */

static SXE_ITEST_RUN run;
static SXE_BADSERVER server;
static SXE_BADSERVER_COUNTS counts;

/* Runs http against the server with "-i 127.0.0.1 -p PORT -j" plus the given NULL-terminated arguments. */
static int run_http(const char *first, ...)
{
    va_list args;
    int result;

    va_start(args, first);
    result = sxe_itest_run_http(&run, server.port, false, RUN_TIMEOUT, first, args);
    va_end(args);
    return result;
}

static long long json(const char *key)
{
    return sxe_itest_json_number(run.out, key);
}

static void start(SXE_BADSERVER_MODE mode, unsigned param)
{
    char path[SXE_ITEST_PATH_MAX];

    ck_assert_msg(sxe_itest_program(path, sizeof(path), "http"), "%s is not built", path);
    ck_assert(sxe_badserver_start(&server, mode, param));
}

static void stop(void)
{
    ck_assert(sxe_badserver_stop(&server, &counts));
}

#define ASSERT_EXIT(expected)                                                                                          \
    ck_assert_msg(run.exit_code == (expected), "exit %d, expected %d\nstdout: %s\nstderr: %.4000s", run.exit_code,     \
                  (expected), run.out, run.err)

START_TEST(test_no_arguments_print_usage_with_defaults_and_exit_2)
{
    const char *argv[] = {"http", NULL};

    ck_assert_int_eq(sxe_itest_run_program(&run, argv, RUN_TIMEOUT), 2);
    ck_assert_ptr_nonnull(strstr(run.err, "usage: http -i IP -p PORT -n QUERIES_PER_CONNECTION -c CONNECTIONS"));
    ck_assert_ptr_nonnull(strstr(run.err, "(default 127.0.0.1)"));
    ck_assert_str_eq(run.out, "");
}
END_TEST

START_TEST(test_bad_option_values_are_usage_errors)
{
    const char *bad_count[] = {"http", "-c", "zero", NULL};
    const char *bad_header[] = {"http", "-H", "no colon here", NULL};
    const char *bad_range[] = {"http", "-s", "127.0.0.9-127.0.0.2", NULL};
    const char *bad_ip[] = {"http", "-i", "not a host!", NULL};

    ck_assert_int_eq(sxe_itest_run_program(&run, bad_count, RUN_TIMEOUT), 2);
    ck_assert_int_eq(sxe_itest_run_program(&run, bad_header, RUN_TIMEOUT), 2);
    ck_assert_int_eq(sxe_itest_run_program(&run, bad_range, RUN_TIMEOUT), 2);
    ck_assert_int_eq(sxe_itest_run_program(&run, bad_ip, RUN_TIMEOUT), 2);
    ck_assert_ptr_nonnull(strstr(run.err, "bad value for -i: 'not a host!'"));
}
END_TEST

START_TEST(test_absent_server_gives_one_line_error_and_exit_1)
{
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t length = sizeof(address);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    /* a port that was free a moment ago and has no listener: connects are refused */
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&address, sizeof(address)), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&address, &length), 0);
    close(fd);
    server.port = ntohs(address.sin_port);

    ck_assert_int_eq(run_http("-c", "4", "-n", "3", "-q", NULL), 1);
    ck_assert_ptr_nonnull(strstr(run.err, "cannot connect to 127.0.0.1:"));
    ck_assert_ptr_nonnull(strstr(run.err, "Connection refused (0 of 4 connections established)"));
    ck_assert_ptr_null(strstr(run.err, "starting writes")); /* the error is the one line after the ramp's */
    ck_assert_ptr_null(strstr(run.err, " 3 - "));           /* no warnings, no per-connection noise */
    ck_assert_int_eq(json("connections_established"), 0);
    ck_assert_int_eq(json("connect_refused"), 4);
    ck_assert_int_eq(json("ECONNREFUSED"), 4);
    ck_assert_int_eq(json("missing"), 12);
    ck_assert_int_eq(json("exit"), 1);
}
END_TEST

START_TEST(test_against_a_good_server_every_response_is_counted_and_the_classic_lines_are_logged)
{
    start(SXE_BADSERVER_OK, 0);
    run_http("-c", "5", "-n", "20", NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 100);
    ck_assert_int_eq(json("expected"), 100);
    ck_assert_int_eq(json("missing"), 0);
    ck_assert_int_eq(json("2xx"), 100);
    ck_assert_int_eq(json("total"), 0);
    ck_assert_int_eq(json("connections_established"), 5);
    ck_assert_int_eq(json("count"), 100); /* latency samples */
    ck_assert_int_eq(counts.requests, 100);
    ck_assert_int_eq(counts.responses, 100);
    ck_assert_int_eq(counts.connections, 5);
    ck_assert_ptr_nonnull(strstr(run.err, "connecting via ramp 5 sockets to peer 127.0.0.1:"));
    ck_assert_ptr_nonnull(strstr(run.err, "starting writes: 100 (= 5 sockets * 20 queries/socket) queries"));
    ck_assert_ptr_nonnull(strstr(run.err, "read all expected http responses"));
    ck_assert_ptr_nonnull(strstr(run.err, "time for all connections: "));
    ck_assert_ptr_nonnull(strstr(run.err, "time for all queries    : "));
    ck_assert_ptr_nonnull(strstr(run.err, "time for all            : "));
    ck_assert_ptr_nonnull(strstr(run.err, " per second"));
}
END_TEST

/* The ramp logs the classic "connected: N" every 1000 connections. */
START_TEST(test_ramp_logs_every_thousand_connections)
{
    struct rlimit limit;

    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &limit), 0);

    if (limit.rlim_max < 1100) {
        sxe_test_skip("the descriptor hard limit is %llu; 1,100 are needed", (unsigned long long)limit.rlim_max);
    }

    limit.rlim_cur = limit.rlim_max; /* the server (a child of this test) holds 1000 connections too */
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &limit), 0);
    start(SXE_BADSERVER_OK, 0);
    run_http("-c", "1000", "-n", "2", "-q", NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_ptr_nonnull(strstr(run.err, " - connected: 1000\n"));
    ck_assert_ptr_null(strstr(run.err, " - connected: 999\n"));
    ck_assert_int_eq(json("responses"), 2000);
    ck_assert_int_eq(counts.connections, 1000);
}
END_TEST

START_TEST(test_without_json_a_text_summary_goes_to_stdout)
{
    const char *argv[] = {"http", "-i", "127.0.0.1", "-p", NULL, "-c", "2", "-n", "3", "-q", NULL};
    char port[16];

    start(SXE_BADSERVER_OK, 0);
    snprintf(port, sizeof(port), "%u", server.port);
    argv[4] = port;
    sxe_itest_run_program(&run, argv, RUN_TIMEOUT);
    stop();
    ASSERT_EXIT(0);
    ck_assert_ptr_nonnull(strstr(run.out, "responses: 6 of 6 expected"));
    ck_assert_ptr_nonnull(strstr(run.out, "p99.99"));
    ck_assert_ptr_nonnull(strstr(run.out, "2xx 6"));
    ck_assert_ptr_null(strstr(run.err, "progress:"));
}
END_TEST

START_TEST(test_path_and_headers_reach_the_server)
{
    start(SXE_BADSERVER_EXPECT, 0);
    run_http("-c", "2", "-n", "3", "-u", "/probe", "-H", "X-Test: yes", "-H", "X-Other: 1", NULL);
    ck_assert_int_eq(json("2xx"), 6);
    run_http("-c", "2", "-n", "3", "-u", "/probe", "-S", NULL); /* without the header: the server answers 404 */
    stop();
    ASSERT_EXIT(0); /* -S: a 404 is not an error */
    ck_assert_int_eq(json("4xx"), 6);
    ck_assert_int_eq(json("2xx"), 0);
}
END_TEST

START_TEST(test_chunked_bodies_are_decoded)
{
    start(SXE_BADSERVER_CHUNKED, 0);
    run_http("-c", "3", "-n", "10", NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 30);
    ck_assert_int_eq(json("parse_error"), 0);
    ck_assert_int_eq(counts.requests, 30);
}
END_TEST

START_TEST(test_connection_close_reconnects_and_carries_on)
{
    start(SXE_BADSERVER_CONNECTION_CLOSE, 0);
    run_http("-c", "3", "-n", "4", NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 12);
    ck_assert_int_eq(json("reconnects"), 9);
    ck_assert_int_eq(json("total"), 0);
    ck_assert_int_eq(counts.connections, 12);
}
END_TEST

START_TEST(test_pipelined_queries_behind_connection_close_are_resent)
{
    start(SXE_BADSERVER_CONNECTION_CLOSE, 0);
    run_http("-c", "2", "-n", "6", "-P", "3", NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 12);
    ck_assert_int_eq(counts.responses, 12);
    ck_assert_int_ge(json("requests_resent"), 1);
}
END_TEST

START_TEST(test_close_delimited_body_ends_at_close)
{
    start(SXE_BADSERVER_CLOSE_DELIMITED, 0);
    run_http("-c", "2", "-n", "5", NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 10);
    ck_assert_int_eq(json("premature_close"), 0);
    ck_assert_int_eq(counts.connections, 10);
}
END_TEST

START_TEST(test_500s_are_responses_counted_by_class_and_as_errors_unless_any_status_is_accepted)
{
    start(SXE_BADSERVER_STATUS_500, 0);
    run_http("-c", "2", "-n", "7", NULL);
    ASSERT_EXIT(1);
    ck_assert_int_eq(json("responses"), 14);
    ck_assert_int_eq(json("missing"), 0);
    ck_assert_int_eq(json("5xx"), 14);
    ck_assert_int_eq(json("2xx"), 0);
    ck_assert_int_eq(json("bad_status"), 14);
    ck_assert_ptr_nonnull(strstr(run.err, "STATUS: 14 responses were not 2xx or 3xx"));
    run_http("-c", "2", "-n", "7", "-S", NULL); /* the old behaviour: a 500 is a response like any other */
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("5xx"), 14);
    ck_assert_int_eq(json("bad_status"), 0);
}
END_TEST

START_TEST(test_garbage_is_a_parse_error_and_exit_1)
{
    start(SXE_BADSERVER_GARBAGE, 0);
    run_http("-c", "2", "-n", "3", NULL);
    stop();
    ASSERT_EXIT(1);
    ck_assert_int_eq(json("responses"), 0);
    ck_assert_int_eq(json("parse_error"), 6);
    ck_assert_int_eq(json("requests_lost"), 6);
    ck_assert_int_eq(json("missing"), 6);
    ck_assert_ptr_nonnull(strstr(run.err, "MISSING: 6 responses"));
}
END_TEST

START_TEST(test_close_without_response_is_premature_close)
{
    start(SXE_BADSERVER_CLOSE_EARLY, 0);
    run_http("-c", "2", "-n", "3", NULL);
    stop();
    ASSERT_EXIT(1);
    ck_assert_int_eq(json("responses"), 0);
    ck_assert_int_eq(json("premature_close"), 6);
    ck_assert_int_eq(json("requests_lost"), 6);
    ck_assert_int_eq(counts.requests, 6);
}
END_TEST

START_TEST(test_close_after_some_responses_counts_exactly_what_was_lost)
{
    start(SXE_BADSERVER_CLOSE_AFTER_N, 3);
    run_http("-c", "2", "-n", "7", NULL);
    stop();
    ASSERT_EXIT(1);
    ck_assert_int_eq(json("responses"), 12);
    ck_assert_int_eq(counts.responses, 12);
    ck_assert_int_eq(json("premature_close"), 2);
    ck_assert_int_eq(json("requests_lost"), 2);
    ck_assert_int_eq(json("missing"), 2);
}
END_TEST

START_TEST(test_stalled_server_is_a_response_timeout)
{
    start(SXE_BADSERVER_SILENT, 0);
    run_http("-c", "3", "-n", "1", "-t", "0.3", NULL);
    stop();
    ASSERT_EXIT(1);
    ck_assert_int_eq(json("response_timeout"), 3);
    ck_assert_int_eq(json("ETIMEDOUT"), 3);
    ck_assert_int_eq(json("responses"), 0);
}
END_TEST

/* Ctrl-C: the run stops at once, and the summary still comes out, saying what is missing. */
START_TEST(test_interrupt_stops_and_reports)
{
    const char *argv[] = {"http", "-i", "127.0.0.1", "-p", NULL, "-c", "3", "-n", "2", "-t", "20", "-j", NULL};
    char port[16];

    start(SXE_BADSERVER_SILENT, 0);
    snprintf(port, sizeof(port), "%u", server.port);
    argv[4] = port;
    ck_assert_int_eq(sxe_itest_run_and_signal(&run, argv, RUN_TIMEOUT, 0.5, SIGINT), 1);
    stop();
    ck_assert_int_eq(json("interrupted"), 1);
    ck_assert_int_eq(json("missing"), 6);
    ck_assert_int_eq(json("connections_established"), 3);
    ck_assert_ptr_nonnull(strstr(run.err, "interrupted by signal 2"));
    ck_assert_ptr_nonnull(strstr(run.err, "INTERRUPTED"));
}
END_TEST

START_TEST(test_reset_is_counted_as_reset)
{
    start(SXE_BADSERVER_RESET, 0);
    run_http("-c", "2", "-n", "2", NULL);
    stop();
    ASSERT_EXIT(1);
    ck_assert_int_eq(json("reset"), 4);
    ck_assert_int_eq(json("ECONNRESET"), 4);
    ck_assert_int_eq(json("requests_lost"), 4);
}
END_TEST

START_TEST(test_a_response_dribbled_byte_by_byte_after_100_continue_is_read_whole)
{
    start(SXE_BADSERVER_DRIBBLE, 0);
    run_http("-c", "2", "-n", "5", NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 10);
    ck_assert_int_eq(json("interim_responses"), 10);
    ck_assert_int_eq(json("1xx"), 0);
    ck_assert_int_eq(json("2xx"), 10);
}
END_TEST

START_TEST(test_oversized_head_is_a_parse_error)
{
    start(SXE_BADSERVER_HEAD_TOO_LARGE, 0);
    run_http("-c", "1", "-n", "1", NULL);
    stop();
    ASSERT_EXIT(1);
    ck_assert_int_eq(json("parse_error"), 1);
}
END_TEST

START_TEST(test_pipelining_keeps_depth_and_counts)
{
    start(SXE_BADSERVER_OK, 0);
    run_http("-c", "2", "-n", "50", "-P", "8", NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 100);
    ck_assert_int_eq(counts.requests, 100);
    ck_assert_int_eq(counts.connections, 2);
}
END_TEST

START_TEST(test_no_keep_alive_uses_a_connection_per_query)
{
    start(SXE_BADSERVER_OK, 0);
    run_http("-c", "2", "-n", "5", "-k", NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 10);
    ck_assert_int_eq(counts.connections, 10);
    ck_assert_int_eq(counts.requests, 10);
}
END_TEST

START_TEST(test_duration_mode_counts_match_the_server)
{
    start(SXE_BADSERVER_OK, 0);
    run_http("-c", "2", "-d", "0.5", "-W", "0.2", NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_gt(json("responses"), 0);
    ck_assert_int_eq(json("responses"), (long long)counts.responses);
    ck_assert_int_eq(json("responses"), json("count") + json("warmup_responses"));
    ck_assert_int_gt(json("warmup_responses"), 0);
}
END_TEST

/* The response timeout runs per response: a healthy run longer than -t has no timeouts. */
START_TEST(test_run_longer_than_the_timeout_has_no_false_timeouts)
{
    start(SXE_BADSERVER_OK, 0);
    run_http("-c", "3", "-d", "1.2", "-t", "0.3", NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_ptr_nonnull(strstr(run.err, "progress: ")); /* once a second without -q */
    ck_assert_ptr_nonnull(strstr(run.err, " open connections, 0 errors"));
    ck_assert_int_eq(json("response_timeout"), 0);
    ck_assert_int_eq(json("total"), 0);
    ck_assert_int_eq(json("responses"), (long long)counts.responses);
}
END_TEST

START_TEST(test_rate_mode_sends_the_scheduled_number)
{
    start(SXE_BADSERVER_OK, 0);
    run_http("-c", "2", "-n", "25", "-r", "200", NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 50);
    ck_assert_int_eq(counts.requests, 50);
    ck_assert_msg(json("all") >= 0, "%s", run.out);
}
END_TEST

/* A server that takes 100 ms per response on one connection, asked for 50 requests per second: each request waits
 * for the previous ones, and the latency measured from the intended send time must show that stall (the last of 10
 * requests is intended at 0.18 s and cannot be answered before 1.0 s).
 */
START_TEST(test_rate_mode_latency_includes_the_stall)
{
    start(SXE_BADSERVER_DELAY, 100);
    run_http("-c", "1", "-n", "10", "-r", "50", NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 10);
    ck_assert_int_ge(json("max"), 800000); /* microseconds */
    ck_assert_int_ge(json("min"), 100000);
}
END_TEST

/* With -r, a stalled server cannot stretch the run: the backlog is given up -t seconds after the schedule ends. */
START_TEST(test_rate_mode_against_a_stalled_server_ends_and_counts_what_is_missing)
{
    start(SXE_BADSERVER_SILENT, 0);
    run_http("-c", "1", "-n", "10", "-r", "100", "-t", "0.3", NULL);
    stop();
    ASSERT_EXIT(1);
    ck_assert_int_eq(json("responses"), 0);
    ck_assert_int_eq(json("missing"), 10);
    ck_assert_int_ge(json("response_timeout"), 1);
    ck_assert_int_eq(json("requests_lost") + json("requests_never_sent"), 10);
}
END_TEST

/* Out of descriptors: the tool says so before starting, counts EMFILE, and reports what it could not do. */
START_TEST(test_descriptor_limit_is_reported_not_hidden)
{
    struct rlimit limit = {48, 48};

    if (sxe_itest_under_valgrind()) {
        sxe_test_skip("valgrind refuses setrlimit(RLIMIT_NOFILE): it keeps the top descriptors for itself");
    }

    start(SXE_BADSERVER_OK, 0);
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &limit), 0); /* inherited by http; Check runs each test in a fork */
    run_http("-c", "100", "-n", "2", NULL);
    stop();
    ASSERT_EXIT(1);
    ck_assert_ptr_nonnull(strstr(run.err, "-c 100 cannot be met: the descriptor limit is 48"));
    ck_assert_int_gt(json("out_of_files"), 0);
    ck_assert_int_gt(json("EMFILE"), 0);
    ck_assert_int_lt(json("connections_established"), 100);
    ck_assert_int_eq(json("connections_established"), (long long)counts.connections);
    ck_assert_int_eq(json("responses"), 2 * json("connections_established"));
}
END_TEST

START_TEST(test_workers_merge_their_results)
{
    start(SXE_BADSERVER_OK, 0);
    run_http("-c", "6", "-n", "10", "-T", "3", NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 60);
    ck_assert_int_eq(json("count"), 60);
    ck_assert_int_eq(json("connections_established"), 6);
    ck_assert_int_eq(json("workers"), 3);
    ck_assert_int_eq(counts.requests, 60);
}
END_TEST

/* -r is the total rate: with workers each paces its share, so the number scheduled is the same as with one. */
START_TEST(test_workers_share_the_total_rate)
{
    start(SXE_BADSERVER_OK, 0);
    run_http("-c", "4", "-T", "2", "-r", "400", "-d", "0.5", NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("expected"), 200);
    ck_assert_int_eq(json("responses"), 200);
    ck_assert_int_eq(counts.requests, 200);
}
END_TEST

START_TEST(test_source_addresses_spread_connections)
{
    start(SXE_BADSERVER_OK, 0);
    run_http("-c", "6", "-n", "2", "-s", "127.0.0.2-127.0.0.4", NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 12);
    ck_assert_int_eq(counts.connections, 6);
}
END_TEST

/* A -s address that is not on this host (TEST-NET-1): every bind fails with EADDRNOTAVAIL, which lib-sxe reports
 * through sxe_last_errno(); the tool counts it by kind and by errno, without reading errno itself.
 */
START_TEST(test_source_address_not_on_this_host_is_counted_with_its_errno)
{
    struct sockaddr_in address = {.sin_family = AF_INET};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int bound;

    inet_pton(AF_INET, "192.0.2.1", &address.sin_addr);
    bound = bind(fd, (struct sockaddr *)&address, sizeof(address));
    close(fd);

    if (bound == 0) {
        sxe_test_skip("net.ipv4.ip_nonlocal_bind is set: 192.0.2.1 can be bound here");
    }

    start(SXE_BADSERVER_OK, 0);
    run_http("-c", "2", "-n", "3", "-s", "192.0.2.1-192.0.2.1", NULL);
    stop();
    ASSERT_EXIT(1);
    ck_assert_int_eq(json("connections_established"), 0);
    ck_assert_int_eq(json("out_of_ports"), 2);
    ck_assert_int_eq(json("EADDRNOTAVAIL"), 2);
    ck_assert_int_eq(json("requests_never_sent"), 6);
    ck_assert_int_eq(counts.connections, 0);
    ck_assert_ptr_nonnull(strstr(run.err, "Cannot assign requested address (0 of 2 connections established)"));
}
END_TEST

static Suite *http_badserver_suite(void)
{
    Suite *suite = suite_create("http-badserver");
    TCase *tc = tcase_create("behaviour");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_no_arguments_print_usage_with_defaults_and_exit_2);
    tcase_add_test(tc, test_bad_option_values_are_usage_errors);
    tcase_add_test(tc, test_absent_server_gives_one_line_error_and_exit_1);
    tcase_add_test(tc, test_against_a_good_server_every_response_is_counted_and_the_classic_lines_are_logged);
    tcase_add_test(tc, test_ramp_logs_every_thousand_connections);
    tcase_add_test(tc, test_without_json_a_text_summary_goes_to_stdout);
    tcase_add_test(tc, test_path_and_headers_reach_the_server);
    tcase_add_test(tc, test_chunked_bodies_are_decoded);
    tcase_add_test(tc, test_connection_close_reconnects_and_carries_on);
    tcase_add_test(tc, test_pipelined_queries_behind_connection_close_are_resent);
    tcase_add_test(tc, test_close_delimited_body_ends_at_close);
    tcase_add_test(tc, test_500s_are_responses_counted_by_class_and_as_errors_unless_any_status_is_accepted);
    tcase_add_test(tc, test_garbage_is_a_parse_error_and_exit_1);
    tcase_add_test(tc, test_close_without_response_is_premature_close);
    tcase_add_test(tc, test_close_after_some_responses_counts_exactly_what_was_lost);
    tcase_add_test(tc, test_stalled_server_is_a_response_timeout);
    tcase_add_test(tc, test_interrupt_stops_and_reports);
    tcase_add_test(tc, test_reset_is_counted_as_reset);
    tcase_add_test(tc, test_a_response_dribbled_byte_by_byte_after_100_continue_is_read_whole);
    tcase_add_test(tc, test_oversized_head_is_a_parse_error);
    tcase_add_test(tc, test_pipelining_keeps_depth_and_counts);
    tcase_add_test(tc, test_no_keep_alive_uses_a_connection_per_query);
    tcase_add_test(tc, test_duration_mode_counts_match_the_server);
    tcase_add_test(tc, test_run_longer_than_the_timeout_has_no_false_timeouts);
    tcase_add_test(tc, test_rate_mode_sends_the_scheduled_number);
    tcase_add_test(tc, test_rate_mode_latency_includes_the_stall);
    tcase_add_test(tc, test_rate_mode_against_a_stalled_server_ends_and_counts_what_is_missing);
    tcase_add_test(tc, test_descriptor_limit_is_reported_not_hidden);
    tcase_add_test(tc, test_workers_merge_their_results);
    tcase_add_test(tc, test_workers_share_the_total_rate);
    tcase_add_test(tc, test_source_addresses_spread_connections);
    tcase_add_test(tc, test_source_address_not_on_this_host_is_counted_with_its_errno);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return sxe_test_run(http_badserver_suite());
}
