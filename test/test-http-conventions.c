/* test-http-conventions.c: the load generator (examples/http) behaves the way users of wrk, ab, oha and curl expect:
 * a URL argument, host names resolved once at start, TLS named as such, a total request count, durations with
 * units, a request body with its Content-Length, -H replacing a default header, and the status policy. Each test runs
 * the real program against the scripted server (test/sxe-badserver.c), which reports the last request head it read.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sxe-badserver.h"
#include "sxe-check.h"
#include "sxe-itest.h"

#define RUN_TIMEOUT 20.0 /* seconds: a hang fails the test instead of stalling the suite */
#define ARGS_MAX    24

static SXE_ITEST_RUN run;
static SXE_BADSERVER server;
static SXE_BADSERVER_COUNTS counts;
static char url[128];

#define ASSERT_EXIT(expected) SXE_ITEST_ASSERT_EXIT(&run, expected)

/* Runs http with exactly these arguments (NULL terminated) plus "-j -q" first. */
static int run_http_args(const char *first, ...)
{
    const char *argv[ARGS_MAX + 1] = {"http", "-j", "-q"};
    unsigned argc = 3;
    va_list args;

    va_start(args, first);

    for (const char *arg = first; arg != NULL && argc < ARGS_MAX; arg = va_arg(args, const char *)) {
        argv[argc++] = arg;
    }

    va_end(args);
    argv[argc] = NULL;
    return sxe_itest_run_program(&run, argv, RUN_TIMEOUT);
}

static long long json(const char *key)
{
    return sxe_itest_json_number(run.out, key);
}

/* Starts the scripted server and sets url to http://127.0.0.1:PORT (no path). */
static void start(SXE_BADSERVER_MODE mode)
{
    char path[SXE_ITEST_PATH_MAX];

    ck_assert_msg(sxe_itest_program(path, sizeof(path), "http"), "%s is not built", path);
    ck_assert(sxe_badserver_start(&server, mode, 0));
    snprintf(url, sizeof(url), "http://127.0.0.1:%u", server.port);
}

static void stop(void)
{
    ck_assert(sxe_badserver_stop(&server, &counts));
}

/* How many lines of the head start with "name:" (case-insensitive). */
static unsigned head_fields(const char *head, const char *name)
{
    unsigned count = 0;

    for (const char *line = strstr(head, "\r\n"); line != NULL; line = strstr(line + 2, "\r\n")) {
        count += strncasecmp(line + 2, name, strlen(name)) == 0 && line[2 + strlen(name)] == ':';
    }

    return count;
}

START_TEST(test_a_url_argument_names_the_server_the_path_with_its_query_and_the_host_header)
{
    char target[160];
    char expected[96];

    start(SXE_BADSERVER_OK);
    snprintf(target, sizeof(target), "%s/probe/a?q=1#fragment", url);
    run_http_args("-c", "2", "-n", "3", target, NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 6);
    ck_assert_int_eq(counts.requests, 6);
    ck_assert_msg(strncmp(counts.last_head, "GET /probe/a?q=1 HTTP/1.1\r\n", 27) == 0, "head: %s", counts.last_head);
    snprintf(expected, sizeof(expected), "\r\nHost: 127.0.0.1:%u\r\n", server.port);
    ck_assert_msg(strstr(counts.last_head, expected) != NULL, "head: %s", counts.last_head);
}
END_TEST

START_TEST(test_a_url_without_a_path_asks_for_the_root)
{
    start(SXE_BADSERVER_OK);
    run_http_args("-c", "1", "-n", "1", url, NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_msg(strncmp(counts.last_head, "GET / HTTP/1.1\r\n", 16) == 0, "head: %s", counts.last_head);
}
END_TEST

START_TEST(test_a_url_and_minus_i_together_are_a_usage_error)
{
    start(SXE_BADSERVER_OK);
    run_http_args("-i", "127.0.0.1", url, NULL);
    stop();
    ASSERT_EXIT(2);
    ck_assert_ptr_nonnull(strstr(run.err, "either as a URL or with -i, -p and -u"));
    ck_assert_int_eq(counts.connections, 0);
}
END_TEST

START_TEST(test_a_tls_option_without_an_https_url_is_a_usage_error)
{
    start(SXE_BADSERVER_OK);
    run_http_args("--insecure", url, NULL);
    stop();
    ASSERT_EXIT(2);
    ck_assert_ptr_nonnull(strstr(run.err, "need an https:// URL"));
    ck_assert_int_eq(counts.connections, 0);
}
END_TEST

START_TEST(test_a_host_name_is_resolved_once_at_start_for_minus_i_and_in_a_url)
{
    char port[16];
    char target[64];

    start(SXE_BADSERVER_OK);
    snprintf(port, sizeof(port), "%u", server.port);
    snprintf(target, sizeof(target), "http://localhost:%u/", server.port);
    run_http_args("-i", "localhost", "-p", port, "-c", "2", "-n", "2", NULL);
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 4);
    run_http_args("-c", "2", "-n", "2", target, NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 4);
    ck_assert_int_eq(counts.requests, 8);
    snprintf(target, sizeof(target), "\r\nHost: localhost:%u\r\n", server.port);
    ck_assert_msg(strstr(counts.last_head, target) != NULL, "head: %s", counts.last_head);
}
END_TEST

START_TEST(test_a_name_under_localhost_is_the_loopback_even_where_nothing_resolves_it)
{
    char port[16];

    start(SXE_BADSERVER_OK);
    snprintf(port, sizeof(port), "%u", server.port);
    run_http_args("-i", "sxe-test.localhost", "-p", port, "-c", "2", "-n", "2", NULL); /* not in /etc/hosts */
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 4);
}
END_TEST

START_TEST(test_a_name_that_does_not_resolve_is_one_line_and_exit_1)
{
    run_http_args("-i", "no-such-host.invalid", "-c", "1", "-n", "1", NULL);
    ASSERT_EXIT(1);
    ck_assert_ptr_nonnull(strstr(run.err, "cannot resolve 'no-such-host.invalid'"));
}
END_TEST

START_TEST(test_a_server_speaking_tls_is_named_as_such_not_a_premature_close)
{
    start(SXE_BADSERVER_TLS);
    run_http_args("-c", "3", "-n", "5", url, NULL);
    stop();
    ASSERT_EXIT(1);
    ck_assert_int_eq(json("tls"), 3);
    ck_assert_int_eq(json("premature_close"), 0);
    ck_assert_int_eq(counts.connections, 3); /* each slot gives up: TLS will not turn into HTTP on a retry */
    ck_assert_ptr_nonnull(strstr(run.err, "the server speaks https; use an https:// URL"));
    ck_assert_ptr_nonnull(strstr(run.err, "TLS: 3 connections were answered with TLS"));
}
END_TEST

START_TEST(test_minus_capital_n_sends_that_many_queries_in_all_over_the_connections)
{
    start(SXE_BADSERVER_OK);
    run_http_args("-c", "3", "-N", "10", url, NULL);
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("expected"), 10);
    ck_assert_int_eq(json("responses"), 10);
    run_http_args("-c", "4", "-N", "9", "-T", "2", "-P", "2", url, NULL); /* the workers share the total */
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 9);
    ck_assert_int_eq(counts.requests, 19);
}
END_TEST

START_TEST(test_minus_capital_n_with_minus_n_is_a_usage_error)
{
    run_http_args("-n", "3", "-N", "10", NULL);
    ASSERT_EXIT(2);
    ck_assert_ptr_nonnull(strstr(run.err, "-N (queries in all) excludes -n"));
}
END_TEST

START_TEST(test_durations_take_a_unit_and_a_bare_number_is_seconds)
{
    start(SXE_BADSERVER_OK);
    run_http_args("-c", "2", "-d", "300ms", "-t", "2s", "-W", "0s", url, NULL);
    ASSERT_EXIT(0);
    ck_assert_int_gt(json("responses"), 0);
    ck_assert_msg(strstr(run.err, "for 0.300 seconds") != NULL, "stderr: %s", run.err);
    run_http_args("-c", "1", "-d", "0.2", url, NULL);
    ASSERT_EXIT(0);
    ck_assert_msg(strstr(run.err, "for 0.200 seconds") != NULL, "stderr: %s", run.err);
    run_http_args("-c", "1", "-d", "1m", "-t", "3x", url, NULL);
    stop();
    ASSERT_EXIT(2);
    ck_assert_ptr_nonnull(strstr(run.err, "bad value for -t: '3x'"));
}
END_TEST

START_TEST(test_a_body_string_is_sent_with_its_content_length_as_a_post)
{
    start(SXE_BADSERVER_OK);
    run_http_args("-c", "2", "-n", "3", "-b", "hello", url, NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 6);
    ck_assert_int_eq(counts.requests, 6);
    ck_assert_int_eq(counts.body_bytes, 30);
    ck_assert_msg(strncmp(counts.last_head, "POST / HTTP/1.1\r\n", 17) == 0, "head: %s", counts.last_head);
    ck_assert_int_eq(head_fields(counts.last_head, "Content-Length"), 1);
    ck_assert_ptr_nonnull(strstr(counts.last_head, "\r\nContent-Length: 5\r\n"));
}
END_TEST

START_TEST(test_a_body_file_is_sent_whole_with_its_content_length_and_the_method_given)
{
    char file[] = "/tmp/sxe-itest-body-XXXXXX";
    int fd = mkstemp(file);
    char body[3000];

    memset(body, 'b', sizeof(body));
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, body, sizeof(body)), (ssize_t)sizeof(body));
    close(fd);
    start(SXE_BADSERVER_OK);
    run_http_args("-c", "2", "-n", "2", "-P", "2", "-m", "PUT", "-B", file, url, NULL);
    stop();
    unlink(file);
    ASSERT_EXIT(0);
    ck_assert_int_eq(counts.requests, 4);
    ck_assert_int_eq(counts.body_bytes, 4 * sizeof(body));
    ck_assert_msg(strncmp(counts.last_head, "PUT / HTTP/1.1\r\n", 16) == 0, "head: %s", counts.last_head);
    ck_assert_ptr_nonnull(strstr(counts.last_head, "\r\nContent-Length: 3000\r\n"));
}
END_TEST

START_TEST(test_a_content_length_header_that_does_not_match_the_body_is_a_usage_error)
{
    run_http_args("-H", "Content-Length: 5", NULL); /* a server would wait for 5 bytes that never come */
    ASSERT_EXIT(2);
    ck_assert_ptr_nonnull(strstr(run.err, "does not match the body"));
    run_http_args("-H", "Transfer-Encoding: chunked", "-b", "x", NULL);
    ASSERT_EXIT(2);
}
END_TEST

START_TEST(test_minus_h_replaces_a_default_header_instead_of_adding_a_second_one)
{
    start(SXE_BADSERVER_OK);
    run_http_args("-c", "1", "-n", "2", "-H", "Host: example.test", "-H", "user-agent: probe/1", "-H", "X-Extra: 1",
                  url, NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(head_fields(counts.last_head, "Host"), 1);
    ck_assert_int_eq(head_fields(counts.last_head, "User-Agent"), 1);
    ck_assert_msg(strstr(counts.last_head, "\r\nHost: example.test\r\n") != NULL, "head: %s", counts.last_head);
    ck_assert_msg(strstr(counts.last_head, "\r\nuser-agent: probe/1\r\n") != NULL, "head: %s", counts.last_head);
    ck_assert_ptr_nonnull(strstr(counts.last_head, "\r\nX-Extra: 1\r\n"));
}
END_TEST

START_TEST(test_the_default_user_agent_names_the_tool_and_an_empty_minus_h_removes_it)
{
    start(SXE_BADSERVER_OK);
    run_http_args("-c", "1", "-n", "1", url, NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_msg(strstr(counts.last_head, "\r\nUser-Agent: sxe-http/") != NULL, "head: %s", counts.last_head);
    start(SXE_BADSERVER_OK);
    run_http_args("-c", "1", "-n", "1", "-H", "User-Agent:", url, NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(head_fields(counts.last_head, "User-Agent"), 0);
}
END_TEST

START_TEST(test_minus_h_connection_close_replaces_the_default_of_minus_k)
{
    start(SXE_BADSERVER_OK);
    run_http_args("-c", "1", "-n", "3", "-k", "-H", "Connection: Close", url, NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(head_fields(counts.last_head, "Connection"), 1);
    ck_assert_ptr_nonnull(strstr(counts.last_head, "\r\nConnection: Close\r\n"));
    ck_assert_int_eq(counts.connections, 3);
}
END_TEST

START_TEST(test_non_2xx_or_3xx_answers_are_errors_that_make_the_exit_status_1_unless_minus_s)
{
    char target[160];

    start(SXE_BADSERVER_EXPECT); /* 404 unless the path is /probe with X-Test: yes */
    snprintf(target, sizeof(target), "%s/other", url);
    run_http_args("-c", "2", "-n", "2", target, NULL);
    ASSERT_EXIT(1);
    ck_assert_int_eq(json("responses"), 4);
    ck_assert_int_eq(json("missing"), 0);
    ck_assert_int_eq(json("4xx"), 4);
    ck_assert_int_eq(json("bad_status"), 4);
    ck_assert_int_eq(json("exit"), 1);
    run_http_args("-c", "2", "-n", "2", "-S", target, NULL);
    stop();
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("bad_status"), 0);
}
END_TEST

START_TEST(test_help_names_every_option_with_its_default)
{
    const char *argv[] = {"http", "--help", NULL};
    static const char *const options[] = {
        "-i HOST", "-p PORT", "-n QUERIES", "-N TOTAL", "-c CONNS",    "-u PATH", "-m METHOD",   "-H ",
        "-b BODY", "-B FILE", "-k ",        "-P DEPTH", "-d DURATION", "-r RATE", "-t DURATION", "-W DURATION",
        "-S ",     "-j ",     "-q ",        "-s A-B",   "-T WORKERS",  "URL "};

    ck_assert_int_eq(sxe_itest_run_program(&run, argv, RUN_TIMEOUT), 0);

    for (unsigned i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
        char start[32];
        const char *line = (snprintf(start, sizeof(start), "\n  %s", options[i]), strstr(run.out, start));
        const char *next = line != NULL ? strstr(line + 1, "\n  ") : NULL; /* the next option's line */
        char description[512];

        ck_assert_msg(line != NULL, "--help does not name %s", options[i]);

        while (next != NULL && next[3] == ' ') { /* a continuation line (indented further) is the same option's */
            next = strstr(next + 1, "\n  ");
        }

        snprintf(description, sizeof(description), "%.*s", next != NULL ? (int)(next - line) : 511, line);
        ck_assert_msg(strstr(description, "default") != NULL, "--help gives no default for %s: %s", options[i],
                      description);
    }
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("http-conventions");
    TCase *tc = tcase_create("conventions");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_a_url_argument_names_the_server_the_path_with_its_query_and_the_host_header);
    tcase_add_test(tc, test_a_url_without_a_path_asks_for_the_root);
    tcase_add_test(tc, test_a_url_and_minus_i_together_are_a_usage_error);
    tcase_add_test(tc, test_a_tls_option_without_an_https_url_is_a_usage_error);
    tcase_add_test(tc, test_a_host_name_is_resolved_once_at_start_for_minus_i_and_in_a_url);
    tcase_add_test(tc, test_a_name_under_localhost_is_the_loopback_even_where_nothing_resolves_it);
    tcase_add_test(tc, test_a_name_that_does_not_resolve_is_one_line_and_exit_1);
    tcase_add_test(tc, test_a_server_speaking_tls_is_named_as_such_not_a_premature_close);
    tcase_add_test(tc, test_minus_capital_n_sends_that_many_queries_in_all_over_the_connections);
    tcase_add_test(tc, test_minus_capital_n_with_minus_n_is_a_usage_error);
    tcase_add_test(tc, test_durations_take_a_unit_and_a_bare_number_is_seconds);
    tcase_add_test(tc, test_a_body_string_is_sent_with_its_content_length_as_a_post);
    tcase_add_test(tc, test_a_body_file_is_sent_whole_with_its_content_length_and_the_method_given);
    tcase_add_test(tc, test_a_content_length_header_that_does_not_match_the_body_is_a_usage_error);
    tcase_add_test(tc, test_minus_h_replaces_a_default_header_instead_of_adding_a_second_one);
    tcase_add_test(tc, test_the_default_user_agent_names_the_tool_and_an_empty_minus_h_removes_it);
    tcase_add_test(tc, test_minus_h_connection_close_replaces_the_default_of_minus_k);
    tcase_add_test(tc, test_non_2xx_or_3xx_answers_are_errors_that_make_the_exit_status_1_unless_minus_s);
    tcase_add_test(tc, test_help_names_every_option_with_its_default);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
