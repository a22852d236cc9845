/* test-httpd-limits.c: httpd at its limits: idle and slow-head timeouts, pool full (503), graceful stop, workers,
 * fixed memory (RSS flat over 10,000 requests and over 1,000 large heads, RSS per connection bounded), slow readers
 * and the overflow buffers, the large head buffers, and option errors.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sxe-check.h"
#include "sxe-itest.h"

#define REQUEST "GET / HTTP/1.1\r\nHost: t\r\n\r\n"

static SXE_ITEST_SERVER server;

static void start_httpd(const char *const *args)
{
    ck_assert_msg(sxe_itest_start(&server, "httpd", args), "httpd did not start from %s", sxe_itest_bin_dir());
}

static void request_ok(SXE_ITEST_CONN *conn)
{
    SXE_ITEST_RESPONSE resp;

    ck_assert(sxe_itest_send(conn->fd, REQUEST, 0));
    ck_assert(sxe_itest_read_response(conn, &resp, false));
    ck_assert_uint_eq(resp.status, 200);
}

START_TEST(test_idle_keep_alive_connections_are_closed_after_the_timeout)
{
    static const char *const args[] = {"-t", "1", NULL};
    static SXE_ITEST_CONN conn;
    int silent;

    start_httpd(args);
    ck_assert(sxe_itest_conn_open(&conn, server.port));
    silent = sxe_itest_connect(server.port); /* never sends anything */
    request_ok(&conn);
    ck_assert(!sxe_itest_wait_closed(conn.fd, 0.5));
    ck_assert(sxe_itest_wait_closed(conn.fd, 3));
    ck_assert(sxe_itest_wait_closed(silent, 1));
    close(silent);
    sxe_itest_conn_close(&conn);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
}
END_TEST

START_TEST(test_a_slow_head_gets_408_and_a_close)
{
    static const char *const args[] = {"-t", "1", NULL};
    static SXE_ITEST_CONN conn;
    static const char trickle[] = "GET / HTTP/1.1\r\nHost: t\r\nX-Slow: 1234567890";
    SXE_ITEST_RESPONSE resp;

    start_httpd(args);
    ck_assert(sxe_itest_conn_open(&conn, server.port));

    for (unsigned i = 0; i < 8; i++) { /* a byte every 0.25 s: progress never resets the head's clock */
        ck_assert(sxe_itest_send(conn.fd, &trickle[i], 1));
        sxe_itest_sleep(0.25);
    }

    ck_assert(sxe_itest_read_response(&conn, &resp, false));
    ck_assert_uint_eq(resp.status, 408);
    ck_assert(resp.connection_close);
    ck_assert(sxe_itest_wait_closed(conn.fd, 3));
    sxe_itest_conn_close(&conn);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
}
END_TEST

START_TEST(test_a_full_pool_answers_503_and_established_connections_keep_working)
{
    static const char *const args[] = {"-c", "2", NULL};
    static SXE_ITEST_CONN first;
    static SXE_ITEST_CONN second;
    static SXE_ITEST_CONN third;
    SXE_ITEST_RESPONSE resp;

    start_httpd(args);
    ck_assert(sxe_itest_conn_open(&first, server.port));
    ck_assert(sxe_itest_conn_open(&second, server.port));
    request_ok(&first);
    request_ok(&second);
    ck_assert(sxe_itest_conn_open(&third, server.port));
    ck_assert(sxe_itest_read_response(&third, &resp, false));
    ck_assert_uint_eq(resp.status, 503);
    ck_assert(sxe_itest_wait_closed(third.fd, 3));
    request_ok(&first);
    request_ok(&second);
    sxe_itest_conn_close(&second); /* a freed slot is usable again */
    sxe_itest_sleep(0.1);
    sxe_itest_conn_close(&third);
    ck_assert(sxe_itest_conn_open(&third, server.port));
    request_ok(&third);
    sxe_itest_conn_close(&first);
    sxe_itest_conn_close(&third);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
}
END_TEST

START_TEST(test_sigterm_finishes_the_request_in_flight_closes_idle_ones_and_exits_0)
{
    static SXE_ITEST_CONN busy;
    static SXE_ITEST_CONN idle;
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL);
    ck_assert(sxe_itest_conn_open(&busy, server.port));
    ck_assert(sxe_itest_conn_open(&idle, server.port));
    request_ok(&idle);
    ck_assert(sxe_itest_send(busy.fd, "GET / HTTP/1.1\r\nHost: t\r\n", 0)); /* half a head */
    sxe_itest_sleep(0.1);
    kill(server.pid, SIGTERM);
    ck_assert(sxe_itest_wait_closed(idle.fd, 2));
    ck_assert(sxe_itest_send(busy.fd, "\r\n", 0)); /* the head completes during the stop */
    ck_assert(sxe_itest_read_response(&busy, &resp, false));
    ck_assert_uint_eq(resp.status, 200);
    ck_assert(resp.connection_close);
    ck_assert_int_eq(sxe_itest_wait_exit(server.pid, 5), 0);
    server.pid = 0;
    sxe_itest_conn_close(&busy);
    sxe_itest_conn_close(&idle);
    sxe_itest_stop(&server, SIGKILL, 1);
}
END_TEST

START_TEST(test_a_second_signal_stops_at_once)
{
    static SXE_ITEST_CONN busy;

    start_httpd(NULL);
    ck_assert(sxe_itest_conn_open(&busy, server.port));
    ck_assert(sxe_itest_send(busy.fd, "GET / HTTP/1.1\r\n", 0)); /* keeps the graceful stop waiting */
    sxe_itest_sleep(0.1);
    kill(server.pid, SIGTERM);
    ck_assert_int_eq(sxe_itest_wait_exit(server.pid, 0.3), -1);
    kill(server.pid, SIGINT);
    ck_assert_int_eq(sxe_itest_wait_exit(server.pid, 1), 0);
    server.pid = 0;
    sxe_itest_conn_close(&busy);
    sxe_itest_stop(&server, SIGKILL, 1);
}
END_TEST

/* The pids of pid's children, from /proc. Returns how many. */
static unsigned children_of(pid_t pid, pid_t *children, unsigned max)
{
    char command[128];
    char output[512];
    unsigned count = 0;

    snprintf(command, sizeof(command), "cat /proc/%d/task/*/children", (int)pid);
    sxe_itest_run(command, output, sizeof(output));

    for (char *p = strtok(output, " \n"); p != NULL && count < max; p = strtok(NULL, " \n")) {
        children[count++] = (pid_t)atoi(p);
    }

    return count;
}

START_TEST(test_two_workers_serve_and_a_dead_one_is_restarted)
{
    static const char *const args[] = {"-w", "2", NULL};
    static SXE_ITEST_CONN conn;
    pid_t workers[4];
    pid_t after[4];

    start_httpd(args);
    ck_assert_uint_eq(children_of(server.pid, workers, 4), 2);

    for (unsigned i = 0; i < 20; i++) {
        ck_assert(sxe_itest_conn_open(&conn, server.port));
        request_ok(&conn);
        sxe_itest_conn_close(&conn);
    }

    kill(workers[0], SIGKILL);
    sxe_itest_sleep(1.5); /* a worker that ran longer than a second is restarted at once */
    ck_assert_uint_eq(children_of(server.pid, after, 4), 2);
    ck_assert(after[0] != workers[0] && after[1] != workers[0]);

    for (unsigned i = 0; i < 20; i++) {
        ck_assert(sxe_itest_conn_open(&conn, server.port));
        request_ok(&conn);
        sxe_itest_conn_close(&conn);
    }

    ck_assert_int_eq(kill(server.pid, SIGUSR1), 0); /* passed on; must not kill anything */
    sxe_itest_sleep(0.1);
    ck_assert_uint_eq(children_of(server.pid, after, 4), 2);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 8), 0);
}
END_TEST

START_TEST(test_rss_does_not_grow_over_10000_requests)
{
    static const char *const args[] = {"-c", "100", NULL};
    static SXE_ITEST_CONN conns[10];
    char batch[100 * (sizeof(REQUEST) - 1)];
    SXE_ITEST_RESPONSE resp;
    long before;
    long after;

    start_httpd(args);

    for (unsigned i = 0; i < 100; i++) {
        memcpy(batch + i * (sizeof(REQUEST) - 1), REQUEST, sizeof(REQUEST) - 1);
    }

    for (unsigned c = 0; c < 10; c++) {
        ck_assert(sxe_itest_conn_open(&conns[c], server.port));
        request_ok(&conns[c]);
    }

    before = sxe_itest_vmrss_kb(server.pid);
    ck_assert_int_gt(before, 0);

    for (unsigned round = 0; round < 10; round++) { /* 10 rounds x 10 connections x 100 pipelined requests */
        for (unsigned c = 0; c < 10; c++) {
            ck_assert(sxe_itest_send(conns[c].fd, batch, sizeof(batch)));

            for (unsigned i = 0; i < 100; i++) {
                ck_assert(sxe_itest_read_response(&conns[c], &resp, false));
                ck_assert_uint_eq(resp.status, 200);
            }
        }
    }

    after = sxe_itest_vmrss_kb(server.pid);
    ck_assert_int_gt(after, 0);

    for (unsigned c = 0; c < 10; c++) {
        sxe_itest_conn_close(&conns[c]);
    }

    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
    sxe_test_skip_resident_memory_check(); /* valgrind reports any leak of httpd's itself */
    ck_assert_msg(after <= before, "VmRSS grew from %ld kB to %ld kB", before, after);
}
END_TEST

/* Read `expected` hello answers (counted by their status lines) within `seconds`; returns the number read. */
static unsigned read_answers(int fd, unsigned expected, double seconds)
{
    static const char status[] = "HTTP/1.1 200 OK\r\n";
    static char buf[65536 + sizeof(status)];
    size_t carry = 0;
    unsigned answers = 0;
    struct pollfd readable = {fd, POLLIN, 0};
    double waited = 0;

    while (answers < expected && waited < seconds) {
        ssize_t n;

        if (poll(&readable, 1, 100) == 0) {
            waited += 0.1;
            continue;
        }

        if ((n = recv(fd, buf + carry, sizeof(buf) - carry - 1, MSG_DONTWAIT)) <= 0) {
            break;
        }

        size_t length = carry + (size_t)n;

        buf[length] = '\0';

        for (char *at = buf; (at = strstr(at, status)) != NULL; at += sizeof(status) - 1) {
            answers++;
        }

        /* keep a tail too short to hold a whole status line: one split across reads is found next time */
        carry = length < sizeof(status) - 2 ? length : sizeof(status) - 2;
        memmove(buf, buf + length - carry, carry);
    }

    return answers;
}

START_TEST(test_a_slow_reader_is_closed_when_no_overflow_buffer_is_free_nor_stalled_and_others_are_served)
{
    static const char *const args[] = {"-c", "10", "-o", "1", "-s", "20", NULL}; /* the holder is not stalled yet */
    static SXE_ITEST_CONN normal;
    int holder;
    int refused;
    unsigned held_requests;
    bool failed;

    start_httpd(args);
    holder = sxe_itest_connect_small(server.port, 4096, 4096, 0);  /* small windows: a client that does not read */
    refused = sxe_itest_connect_small(server.port, 4096, 4096, 0); /* backs the server's writes up quickly */
    ck_assert(holder >= 0 && refused >= 0);
    ck_assert(sxe_itest_conn_open(&normal, server.port));

    held_requests =
        sxe_itest_flood_without_reading(holder, REQUEST, &failed); /* takes the only overflow buffer, and is paused */
    ck_assert_msg(!failed, "the first slow reader was closed although an overflow buffer was free");
    ck_assert_uint_gt(held_requests, 0);
    fprintf(stderr, "slow reader: %u requests sent before the server stopped reading\n", held_requests);
    sxe_itest_flood_without_reading(refused, REQUEST, &failed); /* its partial write finds no overflow buffer: closed */
    ck_assert_msg(sxe_itest_wait_closed(refused, 10), "the second slow reader was not closed");
    request_ok(&normal); /* others are served meanwhile */
    request_ok(&normal);
    ck_assert_uint_eq(read_answers(holder, held_requests, 20), held_requests); /* nothing of the remainder lost */
    close(holder);
    close(refused);
    request_ok(&normal);
    sxe_itest_conn_close(&normal);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
}
END_TEST

START_TEST(test_a_large_head_finding_no_large_buffer_free_evicts_the_oldest_holder_with_408)
{
    static const char *const args[] = {"-L", "1", "-t", "5", NULL};
    static SXE_ITEST_CONN holder;
    static SXE_ITEST_CONN newcomer;
    static SXE_ITEST_CONN normal;
    static char head[1501];
    SXE_ITEST_RESPONSE resp;

    start_httpd(args);
    ck_assert(sxe_itest_conn_open(&holder, server.port));
    ck_assert(sxe_itest_conn_open(&newcomer, server.port));
    ck_assert(sxe_itest_conn_open(&normal, server.port));
    ck_assert(sxe_itest_send(
        holder.fd, head, sxe_itest_browser_head(head, 1500, "GET", "", false))); /* takes the only large buffer ... */
    sxe_itest_sleep(0.3);                                                        /* ... once the server has read it */
    ck_assert(sxe_itest_send(newcomer.fd, head, sxe_itest_browser_head(head, 1500, "GET", "", true)));
    ck_assert(sxe_itest_read_response(&newcomer, &resp, false)); /* served at once: the holder was evicted */
    ck_assert_uint_eq(resp.status, 200);
    ck_assert(sxe_itest_read_response(&holder, &resp, false));
    ck_assert_uint_eq(resp.status, 408);
    ck_assert(resp.connection_close);
    ck_assert(sxe_itest_wait_closed(holder.fd, 3));
    request_ok(&normal); /* a head that fits in the input buffer needs no large buffer */
    ck_assert(sxe_itest_send(newcomer.fd, head,
                             sxe_itest_browser_head(head, 1500, "GET", "", true))); /* the buffer was given back */
    ck_assert(sxe_itest_read_response(&newcomer, &resp, false));
    ck_assert_uint_eq(resp.status, 200);
    sxe_itest_conn_close(&holder);
    sxe_itest_conn_close(&newcomer);
    sxe_itest_conn_close(&normal);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
}
END_TEST

START_TEST(test_a_slow_large_head_gets_408_and_its_large_buffer_is_given_back)
{
    static const char *const args[] = {"-L", "1", "-t", "1", NULL};
    static SXE_ITEST_CONN slow;
    static SXE_ITEST_CONN next;
    static char head[2001];
    size_t length = sxe_itest_browser_head(head, 2000, "GET", "", false);
    SXE_ITEST_RESPONSE resp;

    start_httpd(args);
    ck_assert(sxe_itest_conn_open(&slow, server.port));
    ck_assert(sxe_itest_send(slow.fd, head, 1000)); /* more than the input buffer: a large buffer is taken */

    for (size_t sent = 1000; sent < length - 1; sent += 200) { /* trickling on does not reset the head's clock */
        sxe_itest_sleep(0.2);
        ck_assert(sxe_itest_send(slow.fd, head + sent, sent + 200 < length - 1 ? 200 : length - 1 - sent));
    }

    ck_assert(sxe_itest_read_response(&slow, &resp, false));
    ck_assert_uint_eq(resp.status, 408);
    ck_assert(sxe_itest_wait_closed(slow.fd, 3));
    ck_assert(sxe_itest_conn_open(&next, server.port)); /* the only large buffer is free again */
    ck_assert(sxe_itest_send(next.fd, head, sxe_itest_browser_head(head, 2000, "GET", "", true)));
    ck_assert(sxe_itest_read_response(&next, &resp, false));
    ck_assert_uint_eq(resp.status, 200);
    sxe_itest_conn_close(&slow);
    sxe_itest_conn_close(&next);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
}
END_TEST

START_TEST(test_rss_does_not_grow_over_1000_large_head_requests)
{
    static const char *const args[] = {"-c", "100", NULL};
    static SXE_ITEST_CONN conns[10];
    static char batch[10 * 1500 + 1];
    SXE_ITEST_RESPONSE resp;
    long before;
    long after;

    start_httpd(args); /* 4 large head buffers (the minimum) for 10 connections */

    for (unsigned i = 0; i < 10; i++) {
        sxe_itest_browser_head(batch + i * 1500, 1500, "GET", "",
                               true); /* its NUL lands on the next head's first byte, rewritten next */
    }

    for (unsigned c = 0; c < 10; c++) {
        ck_assert(sxe_itest_conn_open(&conns[c], server.port));
        ck_assert(sxe_itest_send(conns[c].fd, batch, 1500));
        ck_assert(sxe_itest_read_response(&conns[c], &resp, false));
        ck_assert_uint_eq(resp.status, 200);
    }

    before = sxe_itest_vmrss_kb(server.pid);
    ck_assert_int_gt(before, 0);

    for (unsigned round = 0; round < 10; round++) { /* 10 rounds x 10 connections x 10 pipelined large heads */
        for (unsigned c = 0; c < 10; c++) {
            ck_assert(sxe_itest_send(conns[c].fd, batch, 10 * 1500));

            for (unsigned i = 0; i < 10; i++) {
                ck_assert(sxe_itest_read_response(&conns[c], &resp, false));
                ck_assert_uint_eq(resp.status, 200);
            }
        }
    }

    after = sxe_itest_vmrss_kb(server.pid);
    ck_assert_int_gt(after, 0);

    for (unsigned c = 0; c < 10; c++) {
        sxe_itest_conn_close(&conns[c]);
    }

    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
    sxe_test_skip_resident_memory_check(); /* valgrind reports any leak of httpd's itself */
    ck_assert_msg(after <= before, "VmRSS grew from %ld kB to %ld kB", before, after);
}
END_TEST

/* Per-connection memory is part of the contract: VmRSS at start-up, where everything is allocated and touched, grows
 * by at most HTTPD_TEST_BYTES_PER_CONNECTION per connection of -c (lib-sxe's object and input buffer, httpd's
 * state, the pools' nodes, the overflow share, libev's per-descriptor arrays; ASan's shadow memory fits too).
 */
#define HTTPD_TEST_CONNECTIONS          10000
#define HTTPD_TEST_BYTES_PER_CONNECTION 1536

START_TEST(test_rss_at_start_is_at_most_1536_bytes_per_connection)
{
    static const char *const one[] = {"-c", "1", NULL};
    char many_text[16];
    const char *many[] = {"-c", many_text, NULL};
    struct rlimit limit;
    unsigned connections = HTTPD_TEST_CONNECTIONS;
    long base;
    long full;

    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &limit), 0);

    if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < connections + 100) { /* httpd would refuse to start */
        connections = limit.rlim_max > 1100 ? (unsigned)limit.rlim_max - 100 : 1000;
    }

    snprintf(many_text, sizeof(many_text), "%u", connections);
    if (sxe_test_under_tsan()) {
        sxe_test_skip("VmRSS under ThreadSanitizer counts its shadow memory");
    }

    start_httpd(one);
    base = sxe_itest_vmrss_kb(server.pid);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
    start_httpd(many);
    full = sxe_itest_vmrss_kb(server.pid);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
    ck_assert_int_gt(base, 0);
    ck_assert_msg((full - base) * 1024 <= (long)connections * HTTPD_TEST_BYTES_PER_CONNECTION,
                  "-c %u: VmRSS %ld kB, -c 1: %ld kB: %ld bytes per connection", connections, full, base,
                  (full - base) * 1024 / (long)connections);
}
END_TEST

/* Run httpd with args (NULL terminated after the program); returns its exit status. */
static int run_httpd(const char *const *args)
{
    char path[512];
    const char *argv[16] = {path};
    unsigned argc = 1;

    snprintf(path, sizeof(path), "%s/httpd", sxe_itest_bin_dir());

    while (args[argc - 1] != NULL && argc < 15) {
        argv[argc] = args[argc - 1];
        argc++;
    }

    argv[argc] = NULL;
    return sxe_itest_wait_exit(sxe_itest_spawn(path, argv, "/dev/null"), 5);
}

START_TEST(test_bad_options_and_values_exit_2)
{
    static const char *const unknown[] = {"-x", NULL};
    static const char *const port_zero[] = {"-p", "0", NULL};
    static const char *const port_big[] = {"-p", "65536", NULL};
    static const char *const no_conns[] = {"-c", "0", NULL};
    static const char *const no_workers[] = {"-w", "0", NULL};
    static const char *const not_number[] = {"-t", "ten", NULL};
    static const char *const no_docroot[] = {"-r", "/nonexistent/docroot", NULL};
    static const char *const tiny_buffer[] = {"-b", "10", NULL};
    static const char *const large_text[] = {"-L", "many", NULL};
    static const char *const large_negative[] = {"-L", "-1", NULL};
    static const char *const send_zero[] = {"-s", "0", NULL};

    ck_assert_int_eq(run_httpd(unknown), 2);
    ck_assert_int_eq(run_httpd(port_zero), 2);
    ck_assert_int_eq(run_httpd(port_big), 2);
    ck_assert_int_eq(run_httpd(no_conns), 2);
    ck_assert_int_eq(run_httpd(no_workers), 2);
    ck_assert_int_eq(run_httpd(not_number), 2);
    ck_assert_int_eq(run_httpd(no_docroot), 2);
    ck_assert_int_eq(run_httpd(tiny_buffer), 2);
    ck_assert_int_eq(run_httpd(large_text), 2);
    ck_assert_int_eq(run_httpd(large_negative), 2);
    ck_assert_int_eq(run_httpd(send_zero), 2);
}
END_TEST

START_TEST(test_more_connections_than_the_hard_descriptor_limit_refuse_to_start)
{
    char command[512];
    char output[1024];

    snprintf(command, sizeof(command),
             "ulimit -S -n 256 && ulimit -H -n 256 && %s/httpd -c 2000 -p 0 -P /dev/null 2>&1", sxe_itest_bin_dir());
    ck_assert_int_eq(sxe_itest_run(command, output, sizeof(output)), 1);
    ck_assert_msg(strstr(output, "lower -c") != NULL, "%s", output);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("httpd-limits");
    TCase *tc = tcase_create("limits");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_idle_keep_alive_connections_are_closed_after_the_timeout);
    tcase_add_test(tc, test_a_slow_head_gets_408_and_a_close);
    tcase_add_test(tc, test_a_full_pool_answers_503_and_established_connections_keep_working);
    tcase_add_test(tc, test_sigterm_finishes_the_request_in_flight_closes_idle_ones_and_exits_0);
    tcase_add_test(tc, test_a_second_signal_stops_at_once);
    tcase_add_test(tc, test_two_workers_serve_and_a_dead_one_is_restarted);
    tcase_add_test(tc, test_rss_does_not_grow_over_10000_requests);
    tcase_add_test(tc, test_a_slow_reader_is_closed_when_no_overflow_buffer_is_free_nor_stalled_and_others_are_served);
    tcase_add_test(tc, test_a_large_head_finding_no_large_buffer_free_evicts_the_oldest_holder_with_408);
    tcase_add_test(tc, test_a_slow_large_head_gets_408_and_its_large_buffer_is_given_back);
    tcase_add_test(tc, test_rss_does_not_grow_over_1000_large_head_requests);
    tcase_add_test(tc, test_rss_at_start_is_at_most_1536_bytes_per_connection);
    tcase_add_test(tc, test_bad_options_and_values_exit_2);
    tcase_add_test(tc, test_more_connections_than_the_hard_descriptor_limit_refuse_to_start);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
