/* test-httpd-operations.c: httpd run the way operators of nginx expect: an access log in the combined or common
 * format (to a file or stdout) that a slow disk or reader never lets stall the server, SIGHUP reopening it for
 * logrotate and never stopping the server, a graceful stop within -g seconds, SIGQUIT at once, workers that refuse a
 * port another server listens on, and a start line that gives the URL to click.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sxe-check.h"
#include "sxe-itest.h"

#define LOG_WAIT      5.0               /* seconds (scaled) for a line to reach the log (the writer: 0.1 s, 1 s idle) */
#define BIG_FILE_SIZE (8 * 1024 * 1024) /* more than the socket buffers hold: a transfer stays in flight */

static SXE_ITEST_SERVER server;
static SXE_ITEST_CONN conn;
static SXE_ITEST_RUN run;
static char log_path[SXE_ITEST_PATH_MAX * 2];

/* Starts httpd with args in a prepared folder; log_path is "DIR/access.log" (for -a). */
static void start(const char *const *args)
{
    ck_assert_msg(sxe_itest_start_prepared(&server, "httpd", args), "httpd did not start");
}

static void prepare(void)
{
    ck_assert(sxe_itest_prepare(&server));
    snprintf(log_path, sizeof(log_path), "%s/access.log", server.dir);
}

/* Starts the prepared httpd and opens conn to it. */
static void start_and_connect(const char *const *args)
{
    start(args);
    ck_assert(sxe_itest_conn_open(&conn, server.port));
}

/* Stops the server (unless it already exited: pid 0) and removes its folder. */
static void stop(void)
{
    sxe_itest_conn_close(&conn);

    if (server.pid > 0) {
        ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
    }

    sxe_itest_cleanup(&server);
}

/* Reads a whole file into buf (NUL terminated). Returns its length (0 when it cannot be read). */
static size_t slurp(const char *path, char *buf, size_t size)
{
    FILE *file = fopen(path, "r");
    size_t length = file != NULL ? fread(buf, 1, size - 1, file) : 0;

    if (file != NULL) {
        fclose(file);
    }

    buf[length] = '\0';
    return length;
}

/* Waits (at most LOG_WAIT s, scaled) until the file at path holds `lines` lines; returns how many it holds. */
static unsigned wait_lines(const char *path, unsigned lines, char *buf, size_t size)
{
    double deadline = sxe_itest_now() + LOG_WAIT * sxe_itest_time_scale();
    unsigned count;

    do {
        slurp(path, buf, size);
        count = 0;

        for (const char *at = strchr(buf, '\n'); at != NULL; at = strchr(at + 1, '\n')) {
            count++;
        }

        if (count >= lines) {
            break;
        }

        sxe_itest_sleep(0.02);
    } while (sxe_itest_now() < deadline);

    return count;
}

static void request(const char *raw, unsigned status, bool head)
{
    SXE_ITEST_RESPONSE resp;

    ck_assert(sxe_itest_send(conn.fd, raw, 0));
    ck_assert(sxe_itest_read_response(&conn, &resp, head));
    ck_assert_uint_eq(resp.status, status);
}

/* ---- the access log -----------------------------------------------------------------------------------------------
 */

START_TEST(test_the_access_log_has_one_combined_line_per_request_like_nginx)
{
    const char *args[] = {"-a", log_path, NULL};
    char text[4096];

    prepare();
    start_and_connect(args);
    request("GET /a?b=c HTTP/1.1\r\nHost: t\r\nReferer: http://r/\r\nUser-Agent: agent/1 (x)\r\n\r\n", 200, false);
    request("HEAD / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 200, true);
    request("GET / HTTP/1.1\r\nHost: t\r\nUser-Agent: a\"b\\c\x80\r\n\r\n", 200, false);
    request("GET / HTTP/1.1\r\nHost: t\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) \"quoted\" Gecko/20100101 "
            "Firefox/120.0\r\n\r\n",
            200, false); /* escapes after the first 16 bytes */
    ck_assert_uint_eq(wait_lines(log_path, 4, text, sizeof(text)), 4);
    ck_assert_msg(strncmp(text, "127.0.0.1 - - [", 15) == 0, "log: %s", text);
    ck_assert_msg(strstr(text, " +0000] \"GET /a?b=c HTTP/1.1\" 200 38 \"http://r/\" \"agent/1 (x)\"\n") != NULL ||
                      strstr(text, "] \"GET /a?b=c HTTP/1.1\" 200 38 \"http://r/\" \"agent/1 (x)\"\n") != NULL,
                  "log: %s", text);
    ck_assert_msg(strstr(text, "] \"HEAD / HTTP/1.0\" 200 0 \"-\" \"-\"\n") != NULL, "log: %s", text);
    ck_assert_msg(strstr(text, "\"a\\x22b\\x5Cc\\x80\"\n") != NULL, "log: %s", text); /* escaped like nginx */
    ck_assert_msg(strstr(text, "\"Mozilla/5.0 (X11; Linux x86_64) \\x22quoted\\x22 Gecko/20100101 Firefox/120.0\"\n") !=
                      NULL,
                  "log: %s", text);
    stop();
}
END_TEST

START_TEST(test_the_common_format_logs_no_referer_nor_user_agent)
{
    const char *args[] = {"-a", log_path, "-F", "common", NULL};
    char text[4096];

    prepare();
    start_and_connect(args);
    request("GET / HTTP/1.1\r\nHost: t\r\nUser-Agent: agent/1\r\n\r\n", 200, false);
    ck_assert_uint_eq(wait_lines(log_path, 1, text, sizeof(text)), 1);
    ck_assert_msg(strstr(text, "] \"GET / HTTP/1.1\" 200 38\n") != NULL, "log: %s", text);
    stop();
}
END_TEST

START_TEST(test_errors_are_logged_with_their_status_and_a_dash_for_an_unreadable_request)
{
    const char *args[] = {"-a", log_path, NULL};
    char text[4096];

    prepare();
    start_and_connect(args);
    request("DELETE /x HTTP/1.1\r\nHost: t\r\n\r\n", 405, false);
    sxe_itest_conn_close(&conn);
    ck_assert(sxe_itest_conn_open(&conn, server.port));
    request("GET / HTTP/1.1\r\nHost: t\r\nBad Header\r\n\r\n", 400, false);
    ck_assert_uint_eq(wait_lines(log_path, 2, text, sizeof(text)), 2);
    ck_assert_msg(strstr(text, "] \"DELETE /x HTTP/1.1\" 405 23 \"-\" \"-\"\n") != NULL, "log: %s", text);
    ck_assert_msg(strstr(text, "] \"-\" 400 16 \"-\" \"-\"\n") != NULL, "log: %s", text);
    stop();
}
END_TEST

START_TEST(test_the_access_log_can_go_to_stdout)
{
    const char *args[] = {"-a", "-", NULL};
    char text[16384];

    prepare();
    start_and_connect(args);
    request("GET /stdout-probe HTTP/1.1\r\nHost: t\r\n\r\n", 200, false);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0); /* at exit the writer writes what is left */
    slurp(server.log, text, sizeof(text));
    stop();
    ck_assert_msg(strstr(text, "] \"GET /stdout-probe HTTP/1.1\" 200 38 \"-\" \"-\"\n") != NULL, "output: %s", text);
}
END_TEST

START_TEST(test_sighup_reopens_the_access_log_after_logrotate_moved_it)
{
    const char *args[] = {"-a", log_path, NULL};
    char rotated[SXE_ITEST_PATH_MAX * 3];
    char text[4096];

    prepare();
    start_and_connect(args);
    request("GET /before HTTP/1.1\r\nHost: t\r\n\r\n", 200, false);
    ck_assert_uint_eq(wait_lines(log_path, 1, text, sizeof(text)), 1);
    snprintf(rotated, sizeof(rotated), "%s.1", log_path);
    ck_assert_int_eq(rename(log_path, rotated), 0);
    ck_assert_int_eq(kill(server.pid, SIGHUP), 0);

    for (double deadline = sxe_itest_now() + LOG_WAIT; access(log_path, F_OK) != 0 && sxe_itest_now() < deadline;) {
        sxe_itest_sleep(0.02);
    }

    request("GET /after HTTP/1.1\r\nHost: t\r\n\r\n", 200, false);
    ck_assert_uint_eq(wait_lines(log_path, 1, text, sizeof(text)), 1);
    ck_assert_msg(strstr(text, "GET /after") != NULL, "new log: %s", text);
    slurp(rotated, text, sizeof(text));
    ck_assert_msg(strstr(text, "GET /before") != NULL && strstr(text, "GET /after") == NULL, "old log: %s", text);
    ck_assert(sxe_itest_alive(&server));
    stop();
}
END_TEST

START_TEST(test_sighup_never_stops_httpd_nor_its_workers)
{
    const char *plain[] = {NULL};
    const char *workers[] = {"-w", "2", "-a", log_path, NULL};

    prepare();
    start(plain);
    ck_assert_int_eq(kill(server.pid, SIGHUP), 0);
    ck_assert_int_eq(sxe_itest_wait_exit(server.pid, 0.5), -1);
    ck_assert(sxe_itest_conn_open(&conn, server.port));
    request("GET / HTTP/1.1\r\nHost: t\r\n\r\n", 200, false);
    stop();
    prepare();
    start(workers);
    ck_assert_int_eq(kill(server.pid, SIGHUP), 0);
    sxe_itest_sleep(0.3);
    ck_assert_int_eq(kill(server.pid, SIGHUP), 0);
    ck_assert_int_eq(sxe_itest_wait_exit(server.pid, 0.5), -1);
    ck_assert(sxe_itest_conn_open(&conn, server.port));
    request("GET / HTTP/1.1\r\nHost: t\r\n\r\n", 200, false);
    ck_assert_uint_ge(sxe_itest_log_count(&server, "reopened"), 2); /* each worker reopened its log */
    stop();
}
END_TEST

/* The writer blocks on a pipe nobody reads: the ring fills, further lines are dropped and counted, and httpd serves
 * every request meanwhile.
 */
START_TEST(test_a_log_reader_that_stalls_never_stalls_serving_and_the_dropped_lines_are_counted)
{
    const char *args[] = {"-a", log_path, NULL};
    char port[16];
    const char *argv[] = {"http", "-i", "127.0.0.1", "-p",    port, "-q", "-j",
                          "-c",   "4",  "-N",        "30000", "-P", "16", NULL};
    char line[4096];
    int reader;
    unsigned long long dropped;

    prepare();
    ck_assert_int_eq(mkfifo(log_path, 0600), 0);
    reader = open(log_path, O_RDONLY | O_NONBLOCK); /* held open, never read: the pipe fills (64 KiB) */
    ck_assert_int_ge(reader, 0);
    start(args);
    snprintf(port, sizeof(port), "%d", server.port);
    ck_assert_int_eq(sxe_itest_run_program(&run, argv, 60), 0); /* every request answered */
    ck_assert_int_eq(sxe_itest_json_number(run.out, "responses"), 30000);
    ck_assert_int_eq(kill(server.pid, SIGUSR1), 0);
    sxe_itest_sleep(0.2);
    ck_assert(sxe_itest_log_find(&server, "counters (SIGUSR1)", line, sizeof(line)));
    ck_assert_msg(strstr(line, "access_log_dropped=") != NULL, "%s", line);
    dropped = strtoull(strstr(line, "access_log_dropped=") + 19, NULL, 10);
    ck_assert_msg(dropped > 0 && dropped < 30000, "dropped %llu of 30000: %s", dropped, line);
    ck_assert_uint_ge(sxe_itest_log_count(&server, "lines dropped so far"), 1);
    close(reader); /* the writer's next write fails (EPIPE): counted as lost, and it carries on */
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 10), 0);
    sxe_itest_cleanup(&server);
}
END_TEST

/* The ring, the writer's stack and the line buffer are allocated and touched at start-up: from the start, 20,000
 * logged requests (2 MB of lines: the ring wraps) do not grow VmRSS.
 */
START_TEST(test_with_the_access_log_on_rss_does_not_grow_over_20000_requests)
{
    const char *args[] = {"-c", "100", "-a", log_path, NULL};
    char port[16];
    const char *argv[] = {"http", "-i", "127.0.0.1", "-p",    port, "-q", "-j",
                          "-c",   "10", "-N",        "20000", "-P", "10", NULL};
    long before;
    long after;

    prepare();
    start(args);
    snprintf(port, sizeof(port), "%d", server.port);
    before = sxe_itest_vmrss_kb(server.pid); /* before the first request */
    ck_assert_int_eq(sxe_itest_run_program(&run, argv, 60), 0);
    sxe_itest_sleep(0.3);
    after = sxe_itest_vmrss_kb(server.pid);
    ck_assert_int_gt(before, 0);
    stop();

    sxe_test_skip_resident_memory_check();
    ck_assert_msg(after <= before, "VmRSS grew from %ld kB to %ld kB", before, after);
}
END_TEST

START_TEST(test_an_access_log_that_cannot_be_opened_stops_the_start_with_the_reason)
{
    const char *argv[] = {"httpd", "-p", "0", "-P", "/tmp/unused.port", "-a", "/nonexistent/dir/access.log", NULL};

    ck_assert_int_eq(sxe_itest_run_program(&run, argv, 10), 1);
    ck_assert_ptr_nonnull(strstr(run.err, "cannot open the access log /nonexistent/dir/access.log: No such file"));
}
END_TEST

/* ---- stopping -----------------------------------------------------------------------------------------------------
 */

static void start_with_big_file(const char *grace)
{
    char docroot[SXE_ITEST_PATH_MAX * 2];
    const char *args[] = {"-r", docroot, "-g", grace, NULL};

    prepare();
    snprintf(docroot, sizeof(docroot), "%s/docroot", server.dir);
    ck_assert_int_eq(mkdir(docroot, 0755), 0);
    ck_assert(sxe_itest_write_letters(docroot, "big.bin", BIG_FILE_SIZE));
    start_and_connect(args);
    ck_assert(sxe_itest_send(conn.fd, "GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n", 0));
    ck_assert(sxe_itest_wait_readable(conn.fd, 5)); /* the transfer is in flight; the client reads nothing yet */
}

/* Reads what arrives on conn until the server closes or `seconds` pass. Returns the bytes. */
static size_t drain(double seconds)
{
    static char sink[65536];
    size_t total = conn.used;
    double deadline = sxe_itest_now() + seconds;

    while (sxe_itest_now() < deadline && sxe_itest_wait_readable(conn.fd, 0.5)) {
        ssize_t got = recv(conn.fd, sink, sizeof(sink), MSG_DONTWAIT);

        if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
            break;
        }

        total += got > 0 ? (size_t)got : 0;
    }

    return total;
}

/* Before -g, a graceful stop cut every transfer 3 s after SIGTERM: a download paused for longer now completes. */
START_TEST(test_a_graceful_stop_lets_a_transfer_in_flight_finish_within_the_grace_period)
{
    start_with_big_file("20");
    ck_assert_int_eq(kill(server.pid, SIGTERM), 0);
    sxe_itest_sleep(3.5); /* the client reads nothing for longer than the old 3 s bound */
    ck_assert(sxe_itest_alive(&server));
    ck_assert_uint_gt(drain(20), BIG_FILE_SIZE); /* the head and the whole body */
    ck_assert_int_eq(sxe_itest_wait_exit(server.pid, 5 * sxe_itest_time_scale()), 0);
    server.pid = 0;
    stop();
}
END_TEST

START_TEST(test_the_grace_period_bounds_a_graceful_stop)
{
    start_with_big_file("1");
    ck_assert_int_eq(kill(server.pid, SIGTERM), 0);
    ck_assert_int_eq(sxe_itest_wait_exit(server.pid, 5 * sxe_itest_time_scale()), 0); /* after 1 s, not 3 or 20 */
    server.pid = 0;
    ck_assert_uint_lt(drain(5), BIG_FILE_SIZE); /* the transfer was cut */
    ck_assert_uint_eq(sxe_itest_log_count(&server, "still open after 1 seconds (-g)"), 1);
    stop();
}
END_TEST

START_TEST(test_sigquit_stops_at_once_even_with_a_transfer_in_flight)
{
    start_with_big_file("30");
    ck_assert_int_eq(kill(server.pid, SIGQUIT), 0);
    ck_assert_int_eq(sxe_itest_wait_exit(server.pid, 2 * sxe_itest_time_scale()), 0);
    server.pid = 0;
    ck_assert_uint_eq(sxe_itest_log_count(&server, "SIGQUIT: stopping at once"), 1);
    stop();
}
END_TEST

/* A client that resets its connection while a file is being sent to it, its unread pipelined requests filling
 * httpd's input buffer (reading paused): only the pending send sees the reset. httpd closes the connection at once,
 * so a graceful stop does not wait for it (before: it stayed open until the send timeout, 60 s, or the grace).
 */
START_TEST(test_a_reset_during_a_file_transfer_closes_the_connection_at_once)
{
    struct linger reset = {1, 0};
    char pipelined[1024] = "";

    start_with_big_file("30");

    for (unsigned i = 0; i < 30; i++) { /* 810 bytes of requests behind the file: more than the 512-byte buffer */
        strcat(pipelined, "GET / HTTP/1.1\r\nHost: t\r\n\r\n");
    }

    ck_assert(sxe_itest_send(conn.fd, pipelined, 0));
    sxe_itest_sleep(0.2);
    ck_assert_int_eq(setsockopt(conn.fd, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset)), 0);
    sxe_itest_conn_close(&conn); /* a reset: unread bytes and SO_LINGER 0 */
    sxe_itest_sleep(0.2);
    ck_assert_int_eq(kill(server.pid, SIGTERM), 0);
    ck_assert_int_eq(sxe_itest_wait_exit(server.pid, 5 * sxe_itest_time_scale()), 0); /* not after -g 30 */
    server.pid = 0;
    ck_assert_uint_eq(sxe_itest_log_count(&server, "still open after"), 0);
    stop();
}
END_TEST

/* ---- start-up -----------------------------------------------------------------------------------------------------
 */

START_TEST(test_the_start_line_gives_the_url_to_click_before_the_memory_figures)
{
    const char *args[] = {NULL};
    char line[4096];
    char url[64];

    prepare();
    start(args);
    snprintf(url, sizeof(url), "httpd listening on http://127.0.0.1:%d/: ", server.port);
    ck_assert(sxe_itest_log_find(&server, "httpd listening on", line, sizeof(line)));
    ck_assert_msg(strstr(line, url) != NULL && strstr(line, url) < strstr(line, "bytes allocated"), "%s", line);
    stop();
}
END_TEST

/* Runs `httpd -w 2 -p port` (it must not start) and checks the reason. */
static void expect_refused(int port)
{
    char text[16];
    const char *argv[] = {"httpd", "-w", "2", "-p", text, NULL};

    snprintf(text, sizeof(text), "%d", port);
    ck_assert_int_eq(sxe_itest_run_program(&run, argv, 5), 1); /* at once: well within the old 10 s wait */
    ck_assert_msg(strstr(run.err, "another server already listens there") != NULL, "stderr: %s", run.err);
}

START_TEST(test_workers_refuse_to_start_on_a_port_another_server_listens_on)
{
    const char *plain[] = {NULL};
    const char *workers[] = {"-w", "2", NULL};
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t length = sizeof(address);
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    prepare();
    start(plain); /* another httpd */
    expect_refused(server.port);
    stop();
    prepare();
    start(workers); /* another httpd with workers: SO_REUSEPORT would have let both share */
    expect_refused(server.port);
    stop();
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)); /* any server that set SO_REUSEPORT */
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&address, sizeof(address)), 0);
    ck_assert_int_eq(listen(fd, 8), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&address, &length), 0);
    expect_refused(ntohs(address.sin_port));
    close(fd);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("httpd-operations");
    TCase *tc = tcase_create("operations");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_the_access_log_has_one_combined_line_per_request_like_nginx);
    tcase_add_test(tc, test_the_common_format_logs_no_referer_nor_user_agent);
    tcase_add_test(tc, test_errors_are_logged_with_their_status_and_a_dash_for_an_unreadable_request);
    tcase_add_test(tc, test_the_access_log_can_go_to_stdout);
    tcase_add_test(tc, test_sighup_reopens_the_access_log_after_logrotate_moved_it);
    tcase_add_test(tc, test_sighup_never_stops_httpd_nor_its_workers);
    tcase_add_test(tc, test_a_log_reader_that_stalls_never_stalls_serving_and_the_dropped_lines_are_counted);
    tcase_add_test(tc, test_with_the_access_log_on_rss_does_not_grow_over_20000_requests);
    tcase_add_test(tc, test_an_access_log_that_cannot_be_opened_stops_the_start_with_the_reason);
    tcase_add_test(tc, test_a_graceful_stop_lets_a_transfer_in_flight_finish_within_the_grace_period);
    tcase_add_test(tc, test_the_grace_period_bounds_a_graceful_stop);
    tcase_add_test(tc, test_sigquit_stops_at_once_even_with_a_transfer_in_flight);
    tcase_add_test(tc, test_a_reset_during_a_file_transfer_closes_the_connection_at_once);
    tcase_add_test(tc, test_the_start_line_gives_the_url_to_click_before_the_memory_figures);
    tcase_add_test(tc, test_workers_refuse_to_start_on_a_port_another_server_listens_on);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
