/* test-httpd-hardening.c: httpd under the attacks and slow clients of issue 17, against the real binary.
 *
 * - The closing rule: no request is answered after the answer that closes the connection, however full the socket
 *   is when that answer is written (a file still being sent, a socket filled by pipelined answers before an error).
 * - The large head buffers cannot be starved: stalled partial heads are evicted (408) by new heads.
 * - The overflow buffers cannot be starved: a stalled slow reader gives its buffer to a new one.
 * - A connection slot cannot be held by trickling a body (the body has a deadline, like the head).
 * - Nothing blocks the loop: a named pipe in the docroot.
 * - Slow but steady readers are not cut off (send timeout -s, progress = bytes the peer acknowledged); readers that
 *   read nothing are closed after it.
 * - Descriptors: with -r every connection may hold a file.
 * - Expect: 100-continue, absolute-form targets without a path, HTTP/1.2 handled as 1.1.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "sxe-http.h"
#include "sxe-check.h"
#include "sxe-itest.h"

#define GET           "GET / HTTP/1.1\r\nHost: t\r\n\r\n"
#define BIG_FILE_SIZE (16 * 1024 * 1024) /* more than a socket buffer grows to (4 MiB): its sendfile stays pending */
#define STATUS_MAX    1024               /* answers recorded per connection */

static SXE_ITEST_SERVER server;
static char docroot[SXE_ITEST_PATH_MAX]; /* in the server's private folder */

/* docroot/ in the server's private folder, with index.html, a.txt, big.bin (BIG_FILE_SIZE bytes) and a named pipe,
 * fifo.
 */
static void make_docroot(void)
{
    char path[SXE_ITEST_PATH_MAX * 2];

    ck_assert(sxe_itest_prepare(&server));
    snprintf(docroot, sizeof(docroot), "%s/docroot", server.dir);
    ck_assert_int_eq(mkdir(docroot, 0755), 0);
    ck_assert(sxe_itest_write_file(docroot, "index.html", "<p>root index</p>\n", 18));
    ck_assert(sxe_itest_write_file(docroot, "a.txt", "file a\n", 7));
    ck_assert(sxe_itest_write_letters(docroot, "big.bin", BIG_FILE_SIZE));
    snprintf(path, sizeof(path), "%s/fifo", docroot);
    ck_assert_int_eq(mkfifo(path, 0644), 0);
}

static void remove_docroot(void)
{
    sxe_itest_cleanup(&server);
}

/* Starts httpd; in the private folder of make_docroot() when it was called. */
static void start_httpd(const char *const *args)
{
    ck_assert_msg(server.dir[0] != '\0' ? sxe_itest_start_prepared(&server, "httpd", args)
                                        : sxe_itest_start(&server, "httpd", args),
                  "httpd did not start from %s", sxe_itest_bin_dir());
}

static void stop_httpd(void)
{
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
}

/* A blocking client with a small receive buffer (and, when maxseg > 0, a small MSS): see sxe_itest_connect_small(). */
static int small_window_connect(int port, int rcvbuf, int maxseg)
{
    int fd = sxe_itest_connect_small(port, rcvbuf, 0, maxseg);

    ck_assert_int_ge(fd, 0);
    return fd;
}

/* The answers a client read on one connection, in order, and how the connection ended. */
typedef struct ANSWERS {
    unsigned number;             /* answers read (complete heads; bodies skipped by Content-Length) */
    unsigned status[STATUS_MAX]; /* the first STATUS_MAX statuses */
    bool close[STATUS_MAX];      /* ... and whether each said "Connection: close" */
    bool closed;                 /* the server closed (end of file or reset) */
    bool malformed;              /* bytes that are not a response */
} ANSWERS;

/* Read answers on fd until the server closes it or `seconds` pass without a byte. Bodies of any length are
 * skipped as they stream (a 1xx or a response to HEAD is not expected here: every answer has a Content-Length).
 */
static void read_answers(int fd, ANSWERS *answers, double seconds)
{
    static char buf[65536];
    SXE_HTTP_HEADER headers[32];
    SXE_HTTP_RESPONSE resp = {.headers = headers, .header_max = 32};
    size_t used = 0;
    uint64_t skip = 0;

    memset(answers, 0, sizeof(*answers));

    for (;;) {
        int head;

        while (skip > 0 && used > 0) { /* the current answer's body */
            size_t take = skip < used ? (size_t)skip : used;

            memmove(buf, buf + take, used - take);
            used -= take;
            skip -= take;
        }

        if (skip == 0 && used > 0 &&
            (head = sxe_http_parse_response(buf, used, &resp, sizeof(buf), false)) != SXE_HTTP_NEED_MORE) {
            if (head < 0 || resp.body_kind != SXE_HTTP_BODY_LENGTH) {
                answers->malformed = true;
                return;
            }

            if (answers->number < STATUS_MAX) {
                answers->status[answers->number] = resp.status;
                answers->close[answers->number] = resp.connection_close;
            }

            answers->number++;
            memmove(buf, buf + head, used - (size_t)head);
            used -= (size_t)head;
            skip = resp.content_length;
            continue;
        }

        if (!sxe_itest_wait_readable(fd, seconds)) {
            return;
        }

        ssize_t got = recv(fd, buf + used, sizeof(buf) - used, MSG_DONTWAIT);

        if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
            answers->closed = true;
            return;
        }

        used += got > 0 ? (size_t)got : 0;
    }
}

/* ---- 1. the closing rule ----------------------------------------------------------------------------------- */

/* A large file answered with "Connection: close" to a slow reader, with another request in the same write: the
 * file is the last answer, then the close.
 */
static void check_file_then_close(const char *requests)
{
    static ANSWERS answers;
    int fd = small_window_connect(server.port, 4096, 0);

    ck_assert(sxe_itest_send(fd, requests, 0));
    sxe_itest_sleep(0.2); /* the file's sendfile is pending: the second request waits in httpd's input */
    read_answers(fd, &answers, 5);
    ck_assert_msg(answers.number == 1 && answers.status[0] == 200 && answers.close[0] && answers.closed,
                  "%u answers (first %u), closed %d: the request after the closing answer was answered", answers.number,
                  answers.status[0], answers.closed);
    close(fd);
}

START_TEST(test_a_file_answer_that_closes_is_the_last_answer_even_when_its_body_is_still_being_sent)
{
    const char *args[] = {"-r", docroot, NULL};

    make_docroot();
    start_httpd(args);
    check_file_then_close("GET /big.bin HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                          "GET /a.txt HTTP/1.1\r\nHost: t\r\n\r\n");
    check_file_then_close("GET /big.bin HTTP/1.0\r\n\r\nGET /a.txt HTTP/1.0\r\n\r\n");
    stop_httpd();
    remove_docroot();
}
END_TEST

#define SWEEP_LENGTHS 400 /* pipeline lengths tried: well past where the socket fills (~170 answers here) */
#define SWEEP_ROUND   100 /* connections at once */

/* For every pipeline length n below SWEEP_LENGTHS: n GETs, then `closing` (a request whose answer closes the
 * connection: `status`), then a DELETE and a GET, all in one write, on a connection whose small window makes
 * httpd's socket fill after ~170 answers. The client reads nothing for 0.2 s (httpd fills the socket and keeps the
 * rest of its output pending), then reads everything: it must get exactly n 200s, the closing answer, and the close.
 * At some lengths the closing answer is written in the very write that fills the socket: it is pending then.
 */
static void sweep_pipelines(const char *closing, unsigned status)
{
    static char requests[SWEEP_LENGTHS * (sizeof(GET) - 1) + 512];
    static const char after[] = "DELETE /x HTTP/1.1\r\nHost: t\r\n\r\n" GET;
    static ANSWERS answers;
    static const char *const args[] = {"-c", "256", "-o", "128", "-t", "10", NULL};
    int fds[SWEEP_ROUND];
    unsigned failures = 0;

    start_httpd(args);

    for (unsigned first = 0; first < SWEEP_LENGTHS; first += SWEEP_ROUND) {
        for (unsigned i = 0; i < SWEEP_ROUND; i++) {
            unsigned n = first + i;
            size_t used = 0;

            for (unsigned r = 0; r < n; r++, used += sizeof(GET) - 1) {
                memcpy(requests + used, GET, sizeof(GET) - 1);
            }

            used += (size_t)snprintf(requests + used, sizeof(requests) - used, "%s%s", closing, after);
            fds[i] = small_window_connect(server.port, 4096, 88);
            ck_assert(sxe_itest_send(fds[i], requests, used));
        }

        sxe_itest_sleep(0.2);

        for (unsigned i = 0; i < SWEEP_ROUND; i++) {
            unsigned n = first + i;
            bool good;

            read_answers(fds[i], &answers, 5);
            good = answers.closed && !answers.malformed && answers.number == n + 1 && answers.status[n] == status &&
                   answers.close[n];

            for (unsigned a = 0; good && a < n; a++) {
                good = answers.status[a] == 200 && !answers.close[a];
            }

            if (!good && failures++ < 5) {
                fprintf(stderr, "pipeline of %u: %u answers (expected %u), last %u, closed %d\n", n, answers.number,
                        n + 1, answers.number > 0 ? answers.status[(answers.number - 1) % STATUS_MAX] : 0,
                        answers.closed);
            }

            close(fds[i]);
        }
    }

    ck_assert_msg(failures == 0, "%u of %u pipelines got answers after the closing one (or lost some)", failures,
                  SWEEP_LENGTHS);
    stop_httpd();
}

START_TEST(test_no_request_is_answered_after_a_connection_close_answer_however_full_the_socket_is)
{
    sweep_pipelines("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 200);
}
END_TEST

START_TEST(test_a_broken_chunked_body_gets_one_400_and_nothing_after_it_however_full_the_socket_is)
{
    sweep_pipelines("GET / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX\r\n0\r\n\r\n", 400);
}
END_TEST

START_TEST(test_a_malformed_head_gets_one_400_and_nothing_after_it_however_full_the_socket_is)
{
    sweep_pipelines("GET / HTTP/1.1\r\nHost: t\r\nNo colon here\r\n\r\n", 400);
}
END_TEST

/* ---- 2. the large head buffers cannot be starved ------------------------------------------------------------ */

#define STALLED 200 /* connections holding a partial large head, against 4 large head buffers */

START_TEST(test_a_browser_head_is_served_at_once_while_hundreds_of_stalled_partial_heads_are_held)
{
    static const char *const args[] = {"-c", "300", "-L", "4", "-t", "30", NULL};
    static SXE_ITEST_CONN stalled[STALLED];
    static SXE_ITEST_CONN browser;
    static char head[701];
    SXE_ITEST_RESPONSE resp;
    unsigned evicted = 0;

    start_httpd(args);
    sxe_itest_browser_head(head, 700, "GET", "", false);

    for (unsigned i = 0; i < STALLED; i++) { /* 600 bytes each: more than the 512-byte input buffer */
        ck_assert(sxe_itest_conn_open(&stalled[i], server.port));
        ck_assert(sxe_itest_send(stalled[i].fd, head, 600));
    }

    sxe_itest_sleep(0.3); /* every partial head has been read: each took a large head buffer */
    ck_assert(sxe_itest_conn_open(&browser, server.port));
    ck_assert(sxe_itest_send(browser.fd, head, sxe_itest_browser_head(head, 700, "GET", "", true)));
    ck_assert_msg(sxe_itest_read_response(&browser, &resp, false), "no answer within %.0f s", SXE_ITEST_IO_TIMEOUT);
    ck_assert_uint_eq(resp.status, 200); /* not 431, and not after the 30 s head timeout */

    for (unsigned i = 0; i < STALLED; i++) { /* the oldest holders were answered 408 and closed */
        if (sxe_itest_wait_readable(stalled[i].fd, 0) && sxe_itest_read_response(&stalled[i], &resp, false)) {
            evicted += resp.status == 408 && resp.connection_close && sxe_itest_wait_closed(stalled[i].fd, 1);
        }

        sxe_itest_conn_close(&stalled[i]);
    }

    ck_assert_uint_ge(evicted, STALLED - 4);
    sxe_itest_conn_close(&browser);
    stop_httpd();
}
END_TEST

/* ---- connection slots: a trickled body holds one no longer than a trickled head ------------------------------ */

START_TEST(test_a_body_trickled_byte_by_byte_is_closed_after_the_timeout_like_a_head)
{
    static const char *const args[] = {"-t", "1", NULL};
    static SXE_ITEST_CONN conn;
    double start;

    start_httpd(args);
    ck_assert(sxe_itest_conn_open(&conn, server.port));
    ck_assert(sxe_itest_send(conn.fd, "GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n", 0));

    /* a byte every 0.25 s: progress, but slow; the connection must close (no answer) while it goes on */
    for (start = sxe_itest_now(); sxe_itest_now() - start < 4.0;) {
        if (!sxe_itest_send(conn.fd, "x", 1) || sxe_itest_wait_readable(conn.fd, 0.25)) {
            break;
        }
    }

    ck_assert_msg(sxe_itest_now() - start < 4.0, "a body trickled for 4 s still holds its connection");
    ck_assert(sxe_itest_wait_closed(conn.fd, 1));
    sxe_itest_conn_close(&conn);
    stop_httpd();
}
END_TEST

/* ---- overflow buffers: a stalled slow reader gives its buffer up ------------------------------------------- */

/* Pipeline requests without reading until httpd has stopped reading (a partial write, whose rest waits in an
 * overflow buffer). False when httpd closed the connection instead.
 */
static bool flood_without_reading(int fd)
{
    bool closed;

    sxe_itest_flood_without_reading(fd, GET, &closed);
    return !closed;
}

START_TEST(test_a_stalled_slow_reader_gives_its_overflow_buffer_to_a_new_slow_reader)
{
    static const char *const args[] = {"-c", "10", "-o", "1", "-s", "4", NULL}; /* a send check every second */
    static ANSWERS answers;
    int stalled;
    int reader;

    start_httpd(args);
    stalled = small_window_connect(server.port, 4096, 0);
    reader = small_window_connect(server.port, 4096, 0);
    ck_assert(flood_without_reading(stalled)); /* takes the only overflow buffer and reads nothing */
    sxe_itest_sleep(2.0); /* two send checks (-s 4: every second): right after the socket filled, the peer's kernel
                           * still acknowledges a few hundred bytes as it compacts its buffer; then nothing */
    ck_assert_msg(flood_without_reading(reader), "the new slow reader was closed: the stalled one kept the buffer");
    ck_assert_msg(sxe_itest_wait_closed(stalled, 3), "the stalled reader was not closed");
    fcntl(reader, F_SETFL, fcntl(reader, F_GETFL) & ~O_NONBLOCK);
    shutdown(reader, SHUT_WR);
    read_answers(reader, &answers, 5); /* it gets every answer it asked for */
    ck_assert(answers.closed && !answers.malformed && answers.number > 0);
    close(stalled);
    close(reader);
    stop_httpd();
}
END_TEST

/* ---- 3. nothing blocks the loop ---------------------------------------------------------------------------- */

START_TEST(test_a_named_pipe_in_the_docroot_gets_403_without_blocking_the_server)
{
    const char *args[] = {"-r", docroot, NULL};
    static SXE_ITEST_CONN conn;
    static SXE_ITEST_CONN other;
    SXE_ITEST_RESPONSE resp;

    make_docroot();
    start_httpd(args);
    ck_assert(sxe_itest_conn_open(&conn, server.port));
    ck_assert(sxe_itest_conn_open(&other, server.port));
    ck_assert(sxe_itest_send(conn.fd, "GET /fifo HTTP/1.1\r\nHost: t\r\n\r\n", 0));
    ck_assert_msg(sxe_itest_read_response(&conn, &resp, false), "no answer: opening the pipe blocked httpd");
    ck_assert_uint_eq(resp.status, 403);
    ck_assert(sxe_itest_send(other.fd, "GET /a.txt HTTP/1.1\r\nHost: t\r\n\r\n", 0));
    ck_assert(sxe_itest_read_response(&other, &resp, false));
    ck_assert_uint_eq(resp.status, 200);
    sxe_itest_conn_close(&conn);
    sxe_itest_conn_close(&other);
    stop_httpd();
    remove_docroot();
}
END_TEST

/* ---- 4. slow readers: the send timeout ---------------------------------------------------------------------- */

/* Read and discard `left` bytes as fast as they come; returns the bytes that did not arrive (the server closed). */
static size_t read_rest(int fd, size_t left)
{
    static char sink[65536];
    ssize_t got;

    while (left > 0 && (got = recv(fd, sink, left < sizeof(sink) ? left : sizeof(sink), 0)) > 0) {
        left -= (size_t)got;
    }

    return left;
}

START_TEST(test_a_slow_but_steady_reader_of_a_large_file_is_not_cut_off)
{
    const char *args[] = {"-r", docroot, "-t", "1", "-s", "1", NULL};
    static SXE_ITEST_CONN conn;
    SXE_ITEST_RESPONSE resp;
    static char chunk[4096];
    size_t left;
    double start;

    make_docroot();
    start_httpd(args);
    ck_assert(sxe_itest_conn_open(&conn, server.port));
    ck_assert(sxe_itest_send(conn.fd, "GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n", 0));
    ck_assert(sxe_itest_read_response(&conn, &resp, true)); /* the head; the body is read by hand */
    ck_assert_int_eq(resp.content_length, BIG_FILE_SIZE);
    left = BIG_FILE_SIZE - conn.used;

    /* ~160 kB/s for 3 s: httpd's socket buffer (MBs) is half empty again only every few seconds, so its sendfile
     * moves in bursts that far apart, but the peer acknowledges bytes all along. A cut shows as a body that ends
     * early (what the kernel had queued still arrives after the server's close).
     */
    for (start = sxe_itest_now(); sxe_itest_now() - start < 3.0; sxe_itest_sleep(0.025)) {
        ssize_t got = recv(conn.fd, chunk, sizeof(chunk), 0);

        ck_assert_int_gt(got, 0);
        left -= (size_t)got;
    }

    left = read_rest(conn.fd, left);
    ck_assert_msg(left == 0, "cut off: %zu bytes of the file never came", left);
    sxe_itest_conn_close(&conn);
    stop_httpd();
    remove_docroot();
}
END_TEST

START_TEST(test_a_reader_that_reads_nothing_is_closed_after_the_send_timeout)
{
    const char *args[] = {"-r", docroot, "-t", "30", "-s", "1", NULL};
    int fd;

    make_docroot();
    start_httpd(args);
    fd = small_window_connect(server.port, 4096, 0);
    ck_assert(sxe_itest_send(fd, "GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n", 0));
    sxe_itest_sleep(2.5); /* reads nothing: no progress for two send timeouts */
    ck_assert_msg(sxe_itest_wait_closed(fd, 3), "a reader that reads nothing was not closed");
    close(fd);
    stop_httpd();
    remove_docroot();
}
END_TEST

/* ---- 5. descriptors ---------------------------------------------------------------------------------------- */

#define FILE_HOLDERS 100

START_TEST(test_with_a_docroot_every_connection_can_hold_a_file_without_running_out_of_descriptors)
{
    const char *args[] = {"-r", docroot, "-c", "100", "-t", "10", NULL};
    static const char request[] = "GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n";
    static const char status[] = "HTTP/1.1 200 OK\r\n";
    int fds[FILE_HOLDERS];
    unsigned served = 0;
    struct rlimit saved;
    struct rlimit low;

    make_docroot();
    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &saved), 0);
    low = saved;
    low.rlim_cur = 200; /* -c 100 needs 164 for sockets alone, 264 with a file each */
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
    start_httpd(args); /* inherits the soft limit of 200 */
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &saved), 0);

    for (unsigned i = 0; i < FILE_HOLDERS; i++) {              /* each holds big.bin open: its sendfile stays pending */
        fds[i] = small_window_connect(server.port, 4096, 536); /* small MSS: small server buffers (kernel memory) */
        ck_assert(sxe_itest_send(fds[i], request, 0));
    }

    for (unsigned i = 0; i < FILE_HOLDERS; i++) {
        char head[sizeof(status)] = "";

        served += recv(fds[i], head, sizeof(status) - 1, MSG_WAITALL) == sizeof(status) - 1 &&
                  memcmp(head, status, sizeof(status) - 1) == 0;
    }

    ck_assert_msg(served == FILE_HOLDERS, "only %u of %u connections were served", served, FILE_HOLDERS);

    for (unsigned i = 0; i < FILE_HOLDERS; i++) {
        close(fds[i]);
    }

    stop_httpd();
    remove_docroot();
}
END_TEST

/* ---- 6, 7, 8: Expect, absolute form, HTTP/1.x versions ------------------------------------------------------ */

START_TEST(test_expect_100_continue_gets_100_continue_then_the_answer_after_the_body)
{
    static SXE_ITEST_CONN conn;
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL);
    ck_assert(sxe_itest_conn_open(&conn, server.port));
    ck_assert(
        sxe_itest_send(conn.fd, "GET / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n", 0));
    ck_assert_msg(sxe_itest_wait_readable(conn.fd, 2), "no 100 Continue: the client would wait for its own timeout");
    ck_assert(sxe_itest_read_response(&conn, &resp, false));
    ck_assert_uint_eq(resp.status, 100);
    ck_assert(sxe_itest_send(conn.fd, "hello", 0));
    ck_assert(sxe_itest_read_response(&conn, &resp, false));
    ck_assert_uint_eq(resp.status, 200);

    /* HTTP/1.0 ignores the expectation (RFC 9110 10.1.1); a body already sent needs no 100 */
    ck_assert(sxe_itest_send(conn.fd,
                             "GET / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"
                             "helloGET / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi",
                             0));
    ck_assert(sxe_itest_read_response(&conn, &resp, false));
    ck_assert_uint_eq(resp.status, 200);
    ck_assert(sxe_itest_read_response(&conn, &resp, false));
    ck_assert_uint_eq(resp.status, 200);
    sxe_itest_conn_close(&conn);
    stop_httpd();
}
END_TEST

START_TEST(test_an_absolute_form_target_without_a_path_means_the_root)
{
    const char *args[] = {"-r", docroot, NULL};
    static SXE_ITEST_CONN conn;
    SXE_ITEST_RESPONSE resp;

    make_docroot();
    start_httpd(args);
    ck_assert(sxe_itest_conn_open(&conn, server.port));
    ck_assert(sxe_itest_send(
        conn.fd, "GET http://t HTTP/1.1\r\nHost: t\r\n\r\nGET http://t?q=1 HTTP/1.1\r\nHost: t\r\n\r\n", 0));

    for (unsigned i = 0; i < 2; i++) {
        ck_assert(sxe_itest_read_response(&conn, &resp, false));
        ck_assert_msg(resp.status == 200, "got %u", resp.status);
        ck_assert_str_eq(resp.body, "<p>root index</p>\n");
    }

    sxe_itest_conn_close(&conn);
    stop_httpd();
    remove_docroot();
}
END_TEST

START_TEST(test_http_1_2_and_1_9_are_served_as_http_1_1)
{
    static SXE_ITEST_CONN conn;
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL);
    ck_assert(sxe_itest_conn_open(&conn, server.port));
    ck_assert(sxe_itest_send(conn.fd, "GET / HTTP/1.2\r\nHost: t\r\n\r\nGET / HTTP/1.9\r\nHost: t\r\n\r\n", 0));

    for (unsigned i = 0; i < 2; i++) {
        ck_assert(sxe_itest_read_response(&conn, &resp, false));
        ck_assert_msg(resp.status == 200, "got %u", resp.status);
        ck_assert(resp.keep_alive && !resp.connection_close); /* 1.1 rules: kept open */
    }

    sxe_itest_conn_close(&conn);
    stop_httpd();
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("httpd-hardening");
    TCase *tc = tcase_create("hardening");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_a_file_answer_that_closes_is_the_last_answer_even_when_its_body_is_still_being_sent);
    tcase_add_test(tc, test_no_request_is_answered_after_a_connection_close_answer_however_full_the_socket_is);
    tcase_add_test(tc, test_a_broken_chunked_body_gets_one_400_and_nothing_after_it_however_full_the_socket_is);
    tcase_add_test(tc, test_a_malformed_head_gets_one_400_and_nothing_after_it_however_full_the_socket_is);
    tcase_add_test(tc, test_a_browser_head_is_served_at_once_while_hundreds_of_stalled_partial_heads_are_held);
    tcase_add_test(tc, test_a_body_trickled_byte_by_byte_is_closed_after_the_timeout_like_a_head);
    tcase_add_test(tc, test_a_stalled_slow_reader_gives_its_overflow_buffer_to_a_new_slow_reader);
    tcase_add_test(tc, test_a_named_pipe_in_the_docroot_gets_403_without_blocking_the_server);
    tcase_add_test(tc, test_a_slow_but_steady_reader_of_a_large_file_is_not_cut_off);
    tcase_add_test(tc, test_a_reader_that_reads_nothing_is_closed_after_the_send_timeout);
    tcase_add_test(tc, test_with_a_docroot_every_connection_can_hold_a_file_without_running_out_of_descriptors);
    tcase_add_test(tc, test_expect_100_continue_gets_100_continue_then_the_answer_after_the_body);
    tcase_add_test(tc, test_an_absolute_form_target_without_a_path_means_the_root);
    tcase_add_test(tc, test_http_1_2_and_1_9_are_served_as_http_1_1);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
