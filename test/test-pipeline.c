/* test-pipeline.c: examples/pipeline, I/O threads handing every request to one serial stage and back: answers over TCP
 * and the unix socket, per-connection order, a storm of connections opening and closing that loses no request and
 * answers none twice, and a stop with requests in flight. `make test TSAN=1` runs it against the ThreadSanitizer build
 * (a report makes the server exit non-zero: the stop checks fail). The storm lasts $SXE_TEST_STORM_SECONDS (default
 * 1.5; `make soak` runs it for 10).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sxe-check.h"
#include "sxe-itest.h"

#define REQUEST         "GET / HTTP/1.1\r\nHost: t\r\n\r\n"
#define REQUEST_CLOSE   "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
#define BODY            "Hello, World!"
#define STOP_SECONDS    10.0       /* a stop must end within this (scaled) */
#define STORM_SECONDS   1.5        /* default length of the storm */
#define STORM_CONNS     48         /* connections open at once in the storm, half TCP, half unix */
#define STORM_DEPTH     4          /* most requests pipelined at once on a connection */
#define STORM_PLANNED   20         /* most requests a storm connection makes before it closes */
#define STORM_SEQUENCES (1U << 24) /* sequence numbers the duplicate check can hold */
#define STORM_DRAIN     10.0       /* seconds (scaled) for the requests in flight at the storm's end */

static SXE_ITEST_SERVER server;
static char unix_path[sizeof(((struct sockaddr_un *)0)->sun_path)];

/* Start examples/pipeline in a private folder with the unix socket there, plus the given arguments. */
static void start(const char *const *extra)
{
    const char *args[SXE_ITEST_ARGS_MAX] = {"-u", unix_path};
    unsigned n = 2;

    ck_assert(sxe_itest_prepare(&server));
    snprintf(unix_path, sizeof(unix_path), "%s/pipeline.sock", server.dir);

    for (unsigned i = 0; extra != NULL && extra[i] != NULL; i++) {
        args[n++] = extra[i];
    }

    args[n] = NULL;
    ck_assert_msg(sxe_itest_start_prepared(&server, "pipeline", args), "pipeline did not start (log: %s)", server.log);
}

/* Stop the server with SIGTERM: it must exit 0. Returns its counters line (the last line naming "requests"). */
static void stop(char *counters, size_t size)
{
    int status = sxe_itest_stop(&server, SIGTERM, STOP_SECONDS);

    ck_assert_msg(status == 0, "pipeline exited %d (a ThreadSanitizer report? log: %s)", status, server.log);
    ck_assert(sxe_itest_log_find(&server, "pipeline: requests", counters, size));
    ck_assert_uint_eq(sxe_itest_log_count(&server, "ThreadSanitizer"), 0);
    sxe_itest_cleanup(&server);
}

/* The number after "name " in the counters line. */
static unsigned long long counter(const char *counters, const char *name)
{
    const char *at = strstr(counters, name);

    ck_assert_msg(at != NULL, "no '%s' in: %s", name, counters);
    return strtoull(at + strlen(name), NULL, 10);
}

static int connect_unix(void)
{
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    memcpy(address.sun_path, unix_path, sizeof(address.sun_path));

    if (fd >= 0 && connect(fd, (struct sockaddr *)&address, sizeof(address)) < 0) {
        close(fd);
        return -1;
    }

    return fd;
}

/* The X-Sequence of a response head, 0 when it has none. */
static unsigned long long sequence_of(const char *head)
{
    const char *at = strstr(head, "\r\nX-Sequence: ");

    return at == NULL ? 0 : strtoull(at + 14, NULL, 10);
}

/* Send `count` requests at once on conn and read their answers: each 200 with the body and a sequence number larger
 * than the one before. Returns the last sequence number.
 */
static unsigned long long expect_in_order(SXE_ITEST_CONN *conn, unsigned count, unsigned long long after)
{
    static SXE_ITEST_RESPONSE response;
    char requests[sizeof(REQUEST) * 64] = "";

    ck_assert_uint_le(count, 64);

    for (unsigned i = 0; i < count; i++) {
        strcat(requests, REQUEST);
    }

    ck_assert(sxe_itest_send(conn->fd, requests, 0));

    for (unsigned i = 0; i < count; i++) {
        ck_assert_msg(sxe_itest_read_response(conn, &response, false), "response %u of %u did not come", i + 1, count);
        ck_assert_uint_eq(response.status, 200);
        ck_assert_str_eq(response.body, BODY);
        ck_assert_msg(sequence_of(response.head) > after, "sequence %llu after %llu: out of order",
                      sequence_of(response.head), after);
        after = sequence_of(response.head);
    }

    return after;
}

/* The one skip of this suite (test/sxe-check.h): counted, with its reason. */
static void skip_under_valgrind(void)
{
    if (sxe_test_under_valgrind()) {
        sxe_test_skip("valgrind runs one thread at a time, and the pipeline's threads and spinning waits crawl there: "
                      "the pipeline is checked by ThreadSanitizer and AddressSanitizer instead");
    }
}

START_TEST(a_request_over_tcp_gets_hello_world_and_its_place_in_the_serial_order)
{
    skip_under_valgrind();
    static SXE_ITEST_CONN conn;
    char counters[512];

    start(NULL);
    ck_assert(sxe_itest_conn_open(&conn, server.port));
    ck_assert_uint_eq(expect_in_order(&conn, 1, 0), 1);
    ck_assert_uint_eq(expect_in_order(&conn, 1, 1), 2);
    sxe_itest_conn_close(&conn);
    stop(counters, sizeof(counters));
    ck_assert_uint_eq(counter(counters, "requests "), 2);
    ck_assert_uint_eq(counter(counters, "answered "), 2);
}
END_TEST

START_TEST(unix_connections_are_handed_to_every_io_thread_in_turn_and_answered)
{
    skip_under_valgrind();
    static const char *const args[] = {"-t", "3", NULL};
    static SXE_ITEST_CONN conns[6];
    unsigned long long last = 0;
    char counters[512];

    start(args);

    for (unsigned i = 0; i < 6; i++) {
        memset(&conns[i], 0, sizeof(conns[i]));
        ck_assert_int_ge(conns[i].fd = connect_unix(), 0);
    }

    for (unsigned round = 0; round < 3; round++) {
        for (unsigned i = 0; i < 6; i++) {
            last = expect_in_order(&conns[i], 2, last); /* one client: the serial order is the order it asked */
        }
    }

    for (unsigned i = 0; i < 6; i++) {
        sxe_itest_conn_close(&conns[i]);
    }

    stop(counters, sizeof(counters));
    ck_assert_uint_eq(counter(counters, "answered "), 36);
    ck_assert_uint_eq(counter(counters, "handed over "), 4); /* threads 1 and 2 got two each, thread 0 kept two */
}
END_TEST

START_TEST(pipelined_requests_on_one_connection_are_answered_in_order_in_either_wait_mode)
{
    skip_under_valgrind();
    static const char *const modes[][5] = {{"-m", "blocking", "-M", "blocking", NULL},
                                           {"-m", "spinning", "-M", "blocking", NULL},
                                           {"-m", "blocking", "-M", "spinning", NULL}};
    static SXE_ITEST_CONN conn;
    char counters[512];

    for (unsigned m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
        start(modes[m]);
        ck_assert(sxe_itest_conn_open(&conn, server.port));
        expect_in_order(&conn, 32, expect_in_order(&conn, 16, 0));
        sxe_itest_conn_close(&conn);
        stop(counters, sizeof(counters));
        ck_assert_uint_eq(counter(counters, "answered "), 48);
    }
}
END_TEST

START_TEST(without_threads_the_serial_work_is_done_inline_with_the_same_answers)
{
    skip_under_valgrind();
    static const char *const args[] = {"-t", "0", "-w", "1000", NULL};
    static SXE_ITEST_CONN conn;
    char counters[512];
    int fd;

    start(args);
    ck_assert(sxe_itest_conn_open(&conn, server.port));
    ck_assert_uint_eq(expect_in_order(&conn, 8, 0), 8);
    sxe_itest_conn_close(&conn);
    ck_assert_int_ge(fd = connect_unix(), 0);
    conn.fd = fd;
    conn.used = 0;
    ck_assert_uint_eq(expect_in_order(&conn, 2, 8), 10);
    sxe_itest_conn_close(&conn);
    stop(counters, sizeof(counters));
    ck_assert_uint_eq(counter(counters, "answered "), 10);
}
END_TEST

START_TEST(a_malformed_request_or_one_with_a_body_gets_400_and_a_close)
{
    skip_under_valgrind();
    static const char *const bad[] = {"GET / HTTP/1.1\r\nHost t\r\n\r\n",
                                      "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi"};
    static SXE_ITEST_RESPONSE response;
    static SXE_ITEST_CONN conn;
    char counters[512];

    start(NULL);

    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert(sxe_itest_conn_open(&conn, server.port));
        ck_assert(sxe_itest_send(conn.fd, bad[i], 0));
        ck_assert(sxe_itest_read_response(&conn, &response, false));
        ck_assert_uint_eq(response.status, 400);
        ck_assert(sxe_itest_wait_closed(conn.fd, 5.0));
        sxe_itest_conn_close(&conn);
    }

    stop(counters, sizeof(counters));
    ck_assert_uint_eq(counter(counters, "rejected "), 2);
}
END_TEST

START_TEST(a_stop_with_requests_in_flight_answers_them_closes_and_exits_0)
{
    skip_under_valgrind();
    static const char *const args[] = {"-t", "2", "-w", "100000000", NULL}; /* 0.1 s of serial work each */
    static SXE_ITEST_RESPONSE response;
    static SXE_ITEST_CONN conns[4];
    char counters[512];

    start(args);

    for (unsigned i = 0; i < 4; i++) {
        ck_assert(sxe_itest_conn_open(&conns[i], server.port));
        ck_assert(sxe_itest_send(conns[i].fd, REQUEST, 0));
    }

    sxe_itest_sleep(0.05 * sxe_itest_time_scale()); /* every request read: the first at the stage, the others queued */
    kill(server.pid, SIGTERM);

    for (unsigned i = 0; i < 4; i++) {
        ck_assert_msg(sxe_itest_read_response(&conns[i], &response, false), "request %u was not answered", i);
        ck_assert_uint_eq(response.status, 200);
        ck_assert(sxe_itest_wait_closed(conns[i].fd, 5.0)); /* closed once answered */
        sxe_itest_conn_close(&conns[i]);
    }

    stop(counters, sizeof(counters));
    ck_assert_uint_eq(counter(counters, "requests "), 4);
    ck_assert_uint_eq(counter(counters, "answered "), 4);
}
END_TEST

/* ---- the storm --------------------------------------------------------------------------------------------------- */

typedef struct STORM_CONN {
    int fd;
    unsigned sent;     /* requests sent (whole) */
    unsigned answered; /* responses received */
    unsigned planned;  /* requests before it closes */
    bool last_closes;  /* the last request says Connection: close */
    unsigned long long last_sequence;
    char out[sizeof(REQUEST_CLOSE) * STORM_DEPTH];
    size_t out_length, out_sent;
    size_t used;
    char in[4096];
} STORM_CONN;

typedef struct STORM {
    STORM_CONN conns[STORM_CONNS];
    unsigned char *seen; /* a bit per sequence number */
    unsigned long long sent, answered, abandoned, opened, aborted, max_sequence;
    unsigned seed;
} STORM;

static void storm_open(STORM *storm, STORM_CONN *conn, unsigned index)
{
    memset(conn, 0, sizeof(*conn));
    conn->fd = index % 2 == 0 ? sxe_itest_connect(server.port) : connect_unix();
    ck_assert_msg(conn->fd >= 0, "connection %llu failed: %s", storm->opened, strerror(errno));
    fcntl(conn->fd, F_SETFL, O_NONBLOCK);
    conn->planned = 1 + rand_r(&storm->seed) % STORM_PLANNED;
    conn->last_closes = rand_r(&storm->seed) % 4 == 0;
    storm->opened++;
}

/* Queue the next batch of pipelined requests (when the last batch is answered and more are planned). */
static void storm_queue(STORM *storm, STORM_CONN *conn)
{
    unsigned depth = 1 + rand_r(&storm->seed) % STORM_DEPTH;

    depth = depth < conn->planned - conn->sent ? depth : conn->planned - conn->sent;
    conn->out_length = conn->out_sent = 0;

    for (unsigned i = 0; i < depth; i++) {
        const char *request = conn->sent + i + 1 == conn->planned && conn->last_closes ? REQUEST_CLOSE : REQUEST;

        memcpy(conn->out + conn->out_length, request, strlen(request));
        conn->out_length += strlen(request);
    }

    conn->sent += depth;
    storm->sent += depth;
}

/* Parse the complete responses in conn->in: every one a 200 with the body, its sequence number larger than the
 * connection's last one and never seen before, and never more responses than requests.
 */
static void storm_parse(STORM *storm, STORM_CONN *conn)
{
    char *end;

    while ((end = memmem(conn->in, conn->used, "\r\n\r\n", 4)) != NULL) {
        size_t length = (size_t)(end + 4 - conn->in) + strlen(BODY);
        unsigned long long sequence;

        if (conn->used < length) {
            return;
        }

        *end = '\0';
        sequence = sequence_of(conn->in);
        ck_assert_msg(strncmp(conn->in, "HTTP/1.1 200 OK", 15) == 0, "not a 200: %s", conn->in);
        ck_assert_msg(memcmp(end + 4, BODY, strlen(BODY)) == 0, "not the body after: %s", conn->in);
        ck_assert_msg(conn->answered < conn->sent, "an answer to no request (answered twice?): %s", conn->in);
        ck_assert_msg(sequence > conn->last_sequence, "sequence %llu after %llu on one connection", sequence,
                      conn->last_sequence);
        ck_assert_msg(sequence < STORM_SEQUENCES, "sequence %llu beyond the check's room", sequence);
        ck_assert_msg(!(storm->seen[sequence / 8] & (1 << (sequence % 8))), "sequence %llu answered twice", sequence);
        storm->seen[sequence / 8] |= (unsigned char)(1 << (sequence % 8));
        storm->max_sequence = sequence > storm->max_sequence ? sequence : storm->max_sequence;
        conn->last_sequence = sequence;
        conn->answered++;
        storm->answered++;
        memmove(conn->in, conn->in + length, conn->used - length);
        conn->used -= length;
    }
}

/* One connection's turn. Returns false when it is done (closed). `sending`: new requests may start. */
static bool storm_step(STORM *storm, STORM_CONN *conn, short revents, bool sending)
{
    ssize_t got;

    if (conn->out_sent < conn->out_length && (revents & POLLOUT)) {
        got = send(conn->fd, conn->out + conn->out_sent, conn->out_length - conn->out_sent, MSG_NOSIGNAL);
        ck_assert_msg(got > 0 || errno == EAGAIN, "send failed: %s", strerror(errno));
        conn->out_sent += got > 0 ? (size_t)got : 0;
    }

    if (revents & (POLLIN | POLLHUP | POLLERR)) {
        got = recv(conn->fd, conn->in + conn->used, sizeof(conn->in) - conn->used, 0);
        ck_assert_msg(got >= 0 || errno == EAGAIN, "recv failed: %s (%u of %u answered)", strerror(errno),
                      conn->answered, conn->sent);

        if (got == 0) { /* the server closed: only after the Connection: close request's answer */
            ck_assert_msg(conn->answered == conn->sent && conn->last_closes && conn->sent == conn->planned,
                          "closed with %u of %u requests answered (%u planned, the last %s), %zu bytes unparsed: %.*s",
                          conn->answered, conn->sent, conn->planned, conn->last_closes ? "closing" : "keeping",
                          conn->used, (int)conn->used, conn->in);
            close(conn->fd);
            return false;
        }

        conn->used += got > 0 ? (size_t)got : 0;
        storm_parse(storm, conn);
    }

    if (conn->answered < conn->sent || conn->out_sent < conn->out_length) {
        return true;
    }

    if (conn->sent == conn->planned && conn->last_closes) {
        return true; /* wait for the server's close */
    }

    if (conn->sent == conn->planned || !sending) { /* done, or the storm is over: every answer came, close */
        close(conn->fd);
        return false;
    }

    storm_queue(storm, conn);

    if (rand_r(&storm->seed) % 16 == 0) { /* an abrupt client: a reset with its requests in flight */
        send(conn->fd, conn->out, conn->out_length, MSG_NOSIGNAL);
        setsockopt(conn->fd, SOL_SOCKET, SO_LINGER, &(struct linger){1, 0}, sizeof(struct linger));
        close(conn->fd);
        storm->abandoned += conn->sent - conn->answered;
        storm->aborted++;
        return false;
    }

    return true;
}

static void storm_run(STORM *storm, double seconds)
{
    struct pollfd pfds[STORM_CONNS];
    double end = sxe_itest_now() + seconds;
    double drain = end + STORM_DRAIN * sxe_itest_time_scale();
    unsigned open = 0;
    bool sending;

    for (unsigned i = 0; i < STORM_CONNS; i++) {
        storm_open(storm, &storm->conns[i], i);
        open++;
    }

    while (open > 0) {
        sending = sxe_itest_now() < end;
        ck_assert_msg(sxe_itest_now() < drain, "%u connections still wait for answers %.0f s after the storm", open,
                      STORM_DRAIN);

        for (unsigned i = 0; i < STORM_CONNS; i++) {
            STORM_CONN *conn = &storm->conns[i];

            pfds[i].fd = conn->fd;
            pfds[i].events = POLLIN | (conn->out_sent < conn->out_length ? POLLOUT : 0);
            pfds[i].revents = 0;
        }

        if (poll(pfds, STORM_CONNS, 100) < 0) {
            continue;
        }

        for (unsigned i = 0; i < STORM_CONNS; i++) {
            STORM_CONN *conn = &storm->conns[i];

            if (conn->fd < 0 || storm_step(storm, conn, pfds[i].revents | (conn->sent == 0 ? POLLOUT : 0), sending)) {
                continue;
            }

            conn->fd = -1;
            open--;

            if (sending) {
                storm_open(storm, conn, i);
                open++;
            }
        }
    }
}

static void storm(const char *const *args, double seconds)
{
    static STORM storm;
    char counters[512];
    unsigned long long requests, answered, dropped;

    memset(&storm, 0, sizeof(storm));
    storm.seed = 16;
    ck_assert_ptr_nonnull(storm.seen = calloc(STORM_SEQUENCES / 8, 1));
    start(args);
    storm_run(&storm, seconds);
    stop(counters, sizeof(counters));
    requests = counter(counters, "requests ");
    answered = counter(counters, "answered ");
    dropped = counter(counters, "dropped ");
    printf("storm %.1f s: %llu connections (%llu reset with requests in flight), %llu requests sent, %llu answered "
           "(%llu abandoned by their client); server: %s\n",
           seconds, storm.opened, storm.aborted, storm.sent, storm.answered, storm.abandoned, counters);
    ck_assert_uint_eq(storm.answered + storm.abandoned, storm.sent); /* no request lost */
    ck_assert_uint_eq(requests, answered + dropped);                 /* every request the server read went out once */
    ck_assert_uint_ge(answered, storm.answered);
    ck_assert_uint_le(requests, storm.sent);
    ck_assert_uint_le(storm.max_sequence, requests); /* one number per request: none made twice */
    free(storm.seen);
}

static double storm_seconds(void)
{
    const char *text = getenv("SXE_TEST_STORM_SECONDS");

    return text != NULL && atof(text) > 0 ? atof(text) : STORM_SECONDS;
}

START_TEST(a_storm_of_connections_opening_and_closing_loses_no_request_and_answers_none_twice)
{
    skip_under_valgrind();
    static const char *const args[] = {"-t", "2", "-c", "64", NULL};

    storm(args, storm_seconds());
}
END_TEST

START_TEST(a_storm_against_spinning_stages_loses_no_request_and_answers_none_twice)
{
    skip_under_valgrind();
    static const char *const args[] = {"-t", "2", "-c", "64", "-m", "spinning", "-M", "spinning", "-b", "8", NULL};

    storm(args, storm_seconds() / 3);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("pipeline");
    TCase *tc = tcase_create("pipeline");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_request_over_tcp_gets_hello_world_and_its_place_in_the_serial_order);
    tcase_add_test(tc, unix_connections_are_handed_to_every_io_thread_in_turn_and_answered);
    tcase_add_test(tc, pipelined_requests_on_one_connection_are_answered_in_order_in_either_wait_mode);
    tcase_add_test(tc, without_threads_the_serial_work_is_done_inline_with_the_same_answers);
    tcase_add_test(tc, a_malformed_request_or_one_with_a_body_gets_400_and_a_close);
    tcase_add_test(tc, a_stop_with_requests_in_flight_answers_them_closes_and_exits_0);
    tcase_add_test(tc, a_storm_of_connections_opening_and_closing_loses_no_request_and_answers_none_twice);
    tcase_add_test(tc, a_storm_against_spinning_stages_loses_no_request_and_answers_none_twice);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
