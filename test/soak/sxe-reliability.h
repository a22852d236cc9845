/* sxe-reliability.h: the clients of the libsxe reliability tests (floods, slow clients, abrupt clients, descriptor
 * exhaustion, bad input): many non-blocking connections driven by one poll() loop.
 *
 * Header only (static inline functions), shared by the short Check suites (test/test-reliability-*.c, run by
 * `make test`) and the long soak client (test/soak/sxe-soak.c, run by `make soak`). The clients use plain sockets, not
 * libsxe, so they test lib-sxe from the outside; the servers they talk to are started, watched and stopped by the one
 * harness, test/sxe-itest.h.
 *
 * Everything is bounded: every wait has a deadline, every loop a count or a deadline. Client sockets are non-blocking
 * and driven by poll(); sends use MSG_NOSIGNAL. Timeouts are multiplied by $SXE_TEST_TIME_SCALE
 * (sxe_itest_time_scale(); make valgrind sets it). Figures (latencies, CPU share) are measured in real seconds and
 * reported, never scaled.
 */
#ifndef SXE_RELIABILITY_H
#define SXE_RELIABILITY_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "../sxe-itest.h"

#define REL_HEAD_MAX          1024 /* bytes of a response head a client keeps (the rest is drained)        */
#define REL_STOP_TIMEOUT      10.0 /* seconds (scaled) a server is given to exit after SIGTERM             */
#define REL_GET_REQUEST       "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
#define REL_GET_CLOSE_REQUEST "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"

/* ---- client connections ------------------------------------------------------------------------------------ */

/* A non-blocking connect to 127.0.0.1:port. Returns the fd (connected or in progress), or -1. */
static inline int rel_connect(int port)
{
    struct sockaddr_in addr;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        return -1;
    }

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 && errno != EINPROGRESS) {
        close(fd);
        return -1;
    }

    return fd;
}

/* Close fd so that the peer gets a reset (SO_LINGER with a zero timeout). */
static inline void rel_close_reset(int fd)
{
    struct linger lin = {1, 0};

    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin));
    close(fd);
}

/* Parse a response head in buf[0 .. len): returns the head length (> 0) and sets *status and *content_length
 * (-1 when absent), 0 when the head is incomplete, -1 when buf does not start like "HTTP/1.x NNN".
 */
static inline int rel_parse_head(const char *buf, size_t len, unsigned *status, long *content_length)
{
    const char *end;
    const char *p;

    if (len >= 12 && (memcmp(buf, "HTTP/1.", 7) != 0 || buf[8] != ' ')) {
        return -1;
    }

    if ((end = memmem(buf, len, "\r\n\r\n", 4)) == NULL) {
        return 0;
    }

    *status = (unsigned)strtoul(buf + 9, NULL, 10);
    *content_length = -1;

    for (p = buf; p != NULL && p < end; p = memchr(p, '\n', (size_t)(end - p))) {
        p += *p == '\n';

        if (strncasecmp(p, "Content-Length:", 15) == 0) {
            *content_length = strtol(p + 15, NULL, 10);
        }
    }

    return (int)(end + 4 - buf);
}

/* ---- the connection engine: many non-blocking clients driven by one poll() loop ----------------------------- */

#define REL_PHASE_FREE       0 /* no socket                                                               */
#define REL_PHASE_CONNECTING 1 /* connect() in progress                                                   */
#define REL_PHASE_SENDING    2 /* sending the request (all at once, or one byte per `pace` seconds)       */
#define REL_PHASE_READING    3 /* request sent, reading                                                   */
#define REL_PHASE_CLOSED     4 /* the peer closed (see `closed`); the fd is still open until rel_conn_close */

#define REL_CLOSED_NO      0
#define REL_CLOSED_EOF     1 /* orderly close (FIN)                                                     */
#define REL_CLOSED_RESET   2 /* ECONNRESET or another socket error                                      */
#define REL_CLOSED_REFUSED 3 /* the connection was never established                                    */

#define REL_EVENT_STATUS   0x1 /* a complete response head arrived (status set)                           */
#define REL_EVENT_COMPLETE 0x2 /* a complete response arrived (head + Content-Length bytes, or head + EOF) */
#define REL_EVENT_CLOSED   0x4 /* the peer closed or the connection failed                                */

typedef struct REL_CONN {
    int fd;
    int phase;
    int closed;      /* REL_CLOSED_*                                                         */
    unsigned events; /* REL_EVENT_* bits accumulated since the caller last cleared them      */
    const char *req; /* request bytes (caller owned, must outlive the request)               */
    size_t req_len;
    size_t sent;
    double pace;  /* seconds between bytes; 0 sends the whole request at once             */
    bool shut_wr; /* shutdown(SHUT_WR) once the request is sent (a half-closing client)   */
    double next_send;
    double t_start;     /* when the connection (or the current request) started                 */
    double t_status;    /* when the head arrived                                                */
    double t_closed;    /* when the peer closed                                                 */
    unsigned status;    /* status of the current response, 0 until its head arrived             */
    unsigned responses; /* complete responses received on this connection                       */
    long body_left;     /* body bytes still expected, -1 unknown (until EOF)                    */
    char *capture;      /* optional caller buffer receiving every byte (NULL: none)             */
    size_t capture_size;
    size_t captured;
    size_t used; /* bytes in head                                                        */
    char head[REL_HEAD_MAX];
} REL_CONN;

/* Start a request on conn: req (req_len bytes, 0: strlen) is sent when the connection is writable. */
static inline void rel_conn_request(REL_CONN *conn, const char *req, size_t req_len, double pace)
{
    conn->req = req;
    conn->req_len = req_len != 0 ? req_len : strlen(req);
    conn->sent = 0;
    conn->pace = pace;
    conn->next_send = 0;
    conn->status = 0;
    conn->used = 0;
    conn->body_left = -1;
    conn->t_start = sxe_itest_now();

    if (conn->phase == REL_PHASE_READING) {
        conn->phase = REL_PHASE_SENDING;
    }
}

/* Open conn to 127.0.0.1:port and queue req. Returns false (conn closed as REFUSED) when socket/connect fails. */
static inline bool rel_conn_open(REL_CONN *conn, int port, const char *req, size_t req_len, double pace)
{
    memset(conn, 0, sizeof(*conn));
    conn->fd = rel_connect(port);
    conn->phase = REL_PHASE_CONNECTING;
    rel_conn_request(conn, req, req_len, pace);

    if (conn->fd < 0) {
        conn->phase = REL_PHASE_CLOSED;
        conn->closed = REL_CLOSED_REFUSED;
        conn->events = REL_EVENT_CLOSED;
        conn->t_closed = sxe_itest_now();
    }

    return conn->fd >= 0;
}

static inline void rel_conn_close(REL_CONN *conn)
{
    if (conn->fd >= 0 && conn->phase != REL_PHASE_FREE) {
        close(conn->fd);
    }

    conn->fd = -1;
    conn->phase = REL_PHASE_FREE;
}

static inline void rel_conn_peer_closed(REL_CONN *conn, int how, double now)
{
    conn->phase = REL_PHASE_CLOSED;
    conn->closed = how;
    conn->t_closed = now;
    conn->events |= REL_EVENT_CLOSED;

    if (conn->status != 0 && conn->body_left < 0 && how == REL_CLOSED_EOF) {
        conn->events |= REL_EVENT_COMPLETE; /* a body delimited by the close */
        conn->responses++;
    }
}

/* Account for n received bytes in buf (head or body). */
static inline void rel_conn_received(REL_CONN *conn, const char *buf, size_t n, double now)
{
    long content_length = -1;
    int head_len;

    if (conn->capture != NULL && conn->captured < conn->capture_size) {
        size_t room = conn->capture_size - conn->captured;

        memcpy(conn->capture + conn->captured, buf, n < room ? n : room);
        conn->captured += n < room ? n : room;
    }

    if (conn->status == 0) {
        n = n < sizeof(conn->head) - conn->used ? n : sizeof(conn->head) - conn->used;
        memcpy(conn->head + conn->used, buf, n);
        conn->used += n;

        if ((head_len = rel_parse_head(conn->head, conn->used, &conn->status, &content_length)) == 0) {
            return;
        }

        if (head_len < 0) { /* not HTTP: report it as status 1 */
            conn->status = 1;
            head_len = (int)conn->used;
        }

        conn->t_status = now;
        conn->events |= REL_EVENT_STATUS;
        conn->body_left = content_length;
        n = conn->used - (size_t)head_len;
    }

    if (conn->body_left >= 0) {
        conn->body_left -= (long)n;

        if (conn->body_left <= 0) {
            conn->body_left = 0;
            conn->events |= REL_EVENT_COMPLETE;
            conn->responses++;
            conn->phase = conn->phase == REL_PHASE_CLOSED ? REL_PHASE_CLOSED : REL_PHASE_READING;
        }
    }
}

static inline void rel_conn_read(REL_CONN *conn, double now)
{
    char buf[16384];
    ssize_t n;
    int rounds;

    for (rounds = 0; rounds < 64; rounds++) { /* bounded: at most 1 MB per wake-up */
        size_t want = conn->status == 0 ? sizeof(conn->head) - conn->used : sizeof(buf);

        if (want == 0) { /* a head larger than REL_HEAD_MAX: treat what we have as not HTTP */
            rel_conn_received(conn, "\r\n\r\n", 4, now);
            want = sizeof(buf);
        }

        if ((n = recv(conn->fd, buf, want, 0)) > 0) {
            rel_conn_received(conn, buf, (size_t)n, now);
            continue;
        }

        if (n == 0) {
            rel_conn_peer_closed(conn, REL_CLOSED_EOF, now);
        } else if (errno != EAGAIN && errno != EINTR) {
            rel_conn_peer_closed(conn, REL_CLOSED_RESET, now);
        }

        break;
    }
}

static inline void rel_conn_write(REL_CONN *conn, double now)
{
    size_t len = conn->pace > 0 ? 1 : conn->req_len - conn->sent;
    ssize_t n = send(conn->fd, conn->req + conn->sent, len, MSG_NOSIGNAL);

    if (n > 0) {
        conn->sent += (size_t)n;
        conn->next_send = now + conn->pace;
    } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
        conn->phase = REL_PHASE_READING; /* the peer is gone: read what it answered, and its close */
        return;
    }

    if (conn->sent == conn->req_len) {
        conn->phase = REL_PHASE_READING;

        if (conn->shut_wr) {
            shutdown(conn->fd, SHUT_WR);
        }
    }
}

/* Advance conn after poll() reported revents. */
static inline void rel_conn_io(REL_CONN *conn, short revents, double now)
{
    int error = 0;
    socklen_t len = sizeof(error);

    if (conn->phase == REL_PHASE_CONNECTING && revents != 0) {
        if (getsockopt(conn->fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0 || error != 0) {
            rel_conn_peer_closed(conn, REL_CLOSED_REFUSED, now);
            return;
        }

        conn->phase = REL_PHASE_SENDING;
    }

    if (revents & (POLLIN | POLLHUP | POLLERR)) {
        rel_conn_read(conn, now);
    }

    if (conn->phase == REL_PHASE_SENDING && (revents & POLLOUT) && now >= conn->next_send) {
        rel_conn_write(conn, now);
    }
}

static inline short rel_conn_poll_events(const REL_CONN *conn, double now, double *timeout)
{
    switch (conn->phase) {
        case REL_PHASE_CONNECTING:
            return POLLOUT;

        case REL_PHASE_SENDING:
            if (now >= conn->next_send) {
                return POLLIN | POLLOUT;
            }

            *timeout = conn->next_send - now < *timeout ? conn->next_send - now : *timeout;
            return POLLIN;

        case REL_PHASE_READING:
            return POLLIN;

        default:
            return 0;
    }
}

/* One poll() round over conns[0 .. n) (pfds must have n elements), waiting at most timeout seconds. Returns the
 * number of connections that had activity.
 */
static inline int rel_conns_step(REL_CONN *conns, unsigned n, struct pollfd *pfds, double timeout)
{
    double now = sxe_itest_now();
    unsigned i, active = 0;
    int ready;

    for (i = 0; i < n; i++) {
        pfds[i].fd = conns[i].fd;
        pfds[i].events = rel_conn_poll_events(&conns[i], now, &timeout);
        pfds[i].revents = 0;

        if (pfds[i].events == 0) {
            pfds[i].fd = -1;
        }
    }

    if ((ready = poll(pfds, n, (int)(timeout * 1000) + 1)) <= 0) {
        return 0;
    }

    now = sxe_itest_now();

    for (i = 0; i < n; i++) {
        if (pfds[i].revents != 0) {
            rel_conn_io(&conns[i], pfds[i].revents, now);
            active++;
        }
    }

    return (int)active;
}

/* Drive conns until every one has an event in `until` (REL_EVENT_* bits, any of them) or the deadline (absolute,
 * sxe_itest_now() time). Returns the number of connections still waiting.
 */
static inline unsigned rel_conns_wait(REL_CONN *conns, unsigned n, struct pollfd *pfds, unsigned until, double deadline)
{
    unsigned i, waiting = n;

    while (sxe_itest_now() < deadline) {
        for (i = 0, waiting = 0; i < n; i++) {
            waiting += conns[i].phase != REL_PHASE_FREE && (conns[i].events & until) == 0;
        }

        if (waiting == 0) {
            break;
        }

        rel_conns_step(conns, n, pfds, deadline - sxe_itest_now() < 0.1 ? deadline - sxe_itest_now() : 0.1);
    }

    return waiting;
}

/* ---- scenarios ---------------------------------------------------------------------------------------------- */

/* Send one request on a new connection and wait up to seconds (scaled) for its complete response. Returns the
 * status, or 0 when no complete response arrived. The connection is closed afterwards.
 */
static inline unsigned rel_request(int port, const char *req, double seconds)
{
    REL_CONN conn;
    struct pollfd pfd;
    unsigned status = 0;

    if (rel_conn_open(&conn, port, req, 0, 0)) {
        rel_conns_wait(&conn, 1, &pfd, REL_EVENT_COMPLETE | REL_EVENT_CLOSED,
                       sxe_itest_now() + seconds * sxe_itest_time_scale());
        status = conn.events & REL_EVENT_COMPLETE ? conn.status : 0;
    }

    rel_conn_close(&conn);
    return status;
}

/* Open n connections at once, each sending req, and wait up to seconds (scaled) for every complete response.
 * Returns how many got status `want`. Every connection is closed before returning.
 */
static inline unsigned rel_burst(int port, unsigned n, const char *req, unsigned want, double seconds)
{
    REL_CONN *conns = calloc(n, sizeof(*conns));
    struct pollfd *pfds = calloc(n, sizeof(*pfds));
    unsigned i, good = 0;

    for (i = 0; conns != NULL && pfds != NULL && i < n; i++) {
        rel_conn_open(&conns[i], port, req, 0, 0);
    }

    if (conns != NULL && pfds != NULL) {
        rel_conns_wait(conns, n, pfds, REL_EVENT_COMPLETE | REL_EVENT_CLOSED,
                       sxe_itest_now() + seconds * sxe_itest_time_scale());

        for (i = 0; i < n; i++) {
            good += (conns[i].events & REL_EVENT_COMPLETE) && conns[i].status == want;
            rel_conn_close(&conns[i]);
        }
    }

    free(conns);
    free(pfds);
    return good;
}

/* Seconds until a burst of n concurrent requests is fully served (each try bounded by 2 s), or -1 when that does
 * not happen within limit seconds (scaled).
 */
static inline double rel_recovery_seconds(int port, unsigned n, double limit)
{
    double start = sxe_itest_now();
    double deadline = start + limit * sxe_itest_time_scale();
    int tries;

    for (tries = 0; tries < 10000 && sxe_itest_now() < deadline; tries++) {
        if (rel_burst(port, n, REL_GET_CLOSE_REQUEST, 200, 2.0) == n) {
            return sxe_itest_now() - start;
        }

        sxe_itest_sleep(0.01);
    }

    return -1;
}

/* The steady client of a flood: one keep-alive connection making request after request. */
static inline void rel_steady_step(REL_CONN *steady, int port, unsigned *requests, unsigned *failures)
{
    if ((steady->events & REL_EVENT_COMPLETE) && steady->phase != REL_PHASE_CLOSED) {
        *requests += 1;
        *failures += steady->status != 200;
        steady->events = 0;
        rel_conn_request(steady, REL_GET_REQUEST, 0, 0);
    } else if (steady->events & REL_EVENT_CLOSED) {
        *failures += 1; /* the server closed the steady client's connection: reconnect and go on */
        rel_conn_close(steady);
        rel_conn_open(steady, port, REL_GET_REQUEST, 0, 0);
    }
}

typedef struct REL_FLOOD_RESULT {
    unsigned attempts;
    unsigned served;         /* 2xx responses                                                     */
    unsigned refused_503;    /* 503 responses                                                     */
    unsigned other_status;   /* any other status                                                  */
    unsigned closed;         /* closed or reset without a response                                */
    unsigned connect_failed; /* connect() failed                                                  */
    unsigned unanswered;     /* neither a response nor a close by the deadline: a hang            */
    double refused_max;      /* seconds from connect to the 503 or close, the slowest refused one */
    double refused_avg;
    double answer_max;        /* seconds from connect to the answer, the slowest of all            */
    unsigned steady_requests; /* complete responses to the steady client during the flood          */
    unsigned steady_failures; /* non-200 responses or closes seen by the steady client             */
} REL_FLOOD_RESULT;

static inline void rel_flood_tally(REL_CONN *conn, REL_FLOOD_RESULT *r, double *refused_sum)
{
    bool answered = conn->status != 0;
    double t = (answered ? conn->t_status : conn->t_closed) - conn->t_start;
    bool refused = !answered || conn->status == 503;

    if (!answered && !(conn->events & REL_EVENT_CLOSED)) {
        r->unanswered++;
        return;
    }

    r->served += answered && conn->status / 100 == 2;
    r->refused_503 += answered && conn->status == 503;
    r->other_status += answered && conn->status / 100 != 2 && conn->status != 503;
    r->closed += !answered && conn->closed != REL_CLOSED_REFUSED;
    r->connect_failed += !answered && conn->closed == REL_CLOSED_REFUSED;
    r->answer_max = t > r->answer_max ? t : r->answer_max;

    if (refused) {
        r->refused_max = t > r->refused_max ? t : r->refused_max;
        *refused_sum += t;
    }
}

/* Flood: a steady keep-alive client (already served once before the flood starts) plus `attempts` connections
 * opened at once, each sending a GET and waiting for its answer (a response, or a close). Runs until every flood
 * connection was answered or seconds (scaled) passed, then `hold` more seconds with the served flood connections
 * still open (the pool full) and the steady client still going; then closes them all (the steady one too).
 * Returns false when the steady client could not be served before the flood.
 */
static inline bool rel_flood(int port, unsigned attempts, double seconds, double hold, REL_FLOOD_RESULT *r)
{
    REL_CONN *conns = calloc(attempts + 1, sizeof(*conns));
    struct pollfd *pfds = calloc(attempts + 1, sizeof(*pfds));
    double deadline = sxe_itest_now() + seconds * sxe_itest_time_scale();
    double refused_sum = 0;
    unsigned i, waiting = attempts;
    bool ok = false;

    memset(r, 0, sizeof(*r));
    r->attempts = attempts;

    if (conns == NULL || pfds == NULL || !rel_conn_open(&conns[0], port, REL_GET_REQUEST, 0, 0) ||
        rel_conns_wait(conns, 1, pfds, REL_EVENT_COMPLETE | REL_EVENT_CLOSED, deadline) != 0 ||
        conns[0].status != 200 || (conns[0].events & REL_EVENT_CLOSED)) {
        goto EARLY_OUT;
    }

    ok = true;
    conns[0].events = 0;
    rel_conn_request(&conns[0], REL_GET_REQUEST, 0, 0);

    for (i = 1; i <= attempts; i++) {
        rel_conn_open(&conns[i], port, REL_GET_REQUEST, 0, 0);
    }

    while (waiting > 0 && sxe_itest_now() < deadline) {
        rel_conns_step(conns, attempts + 1, pfds, 0.05);
        rel_steady_step(&conns[0], port, &r->steady_requests, &r->steady_failures);

        for (i = 1, waiting = 0; i <= attempts; i++) {
            waiting += (conns[i].events & (REL_EVENT_STATUS | REL_EVENT_CLOSED)) == 0;
        }
    }

    for (deadline = sxe_itest_now() + hold;
         sxe_itest_now() < deadline;) { /* the pool stays full, the steady client goes on */
        rel_conns_step(conns, attempts + 1, pfds, 0.05);
        rel_steady_step(&conns[0], port, &r->steady_requests, &r->steady_failures);
    }

    for (i = 1; i <= attempts; i++) {
        rel_flood_tally(&conns[i], r, &refused_sum);
    }

    i = r->refused_503 + r->closed + r->connect_failed;
    r->refused_avg = i > 0 ? refused_sum / (double)i : 0;

EARLY_OUT:
    for (i = 0; conns != NULL && i <= attempts; i++) {
        rel_conn_close(&conns[i]);
    }

    free(conns);
    free(pfds);
    return ok;
}

/* A request head that a client sending one byte a second never finishes within REL_SLOW_REQUEST_SECONDS. */
#define REL_SLOW_REQUEST                                                                                               \
    "GET /slowloris HTTP/1.1\r\nHost: localhost\r\nUser-Agent: a very slow client indeed, one byte"                    \
    " a second\r\nX-Padding: 0123456789012345678901234567890123456789\r\n\r\n"
#define REL_SLOW_REQUEST_SECONDS (sizeof(REL_SLOW_REQUEST) - 1)

typedef struct REL_SLOW_RESULT {
    unsigned slow;            /* slow connections opened                                           */
    unsigned slow_408;        /* answered 408 and closed                                           */
    unsigned slow_other;      /* answered anything else, or closed without an answer               */
    unsigned slow_open;       /* still open at the deadline                                        */
    double slow_max;          /* seconds from connect to the close, the slowest                    */
    double slow_min;          /* ... the fastest                                                   */
    unsigned normal_requests; /* normal requests (one connection each) completed meanwhile         */
    unsigned normal_failures; /* normal requests that failed (not 200, or closed without response) */
} REL_SLOW_RESULT;

/* The normal client of the slow-client scenario: one request per connection, one after the other. */
static inline void rel_normal_step(REL_CONN *normal, int port, unsigned *requests, unsigned *failures)
{
    if (normal->events & (REL_EVENT_COMPLETE | REL_EVENT_CLOSED)) {
        *requests += (normal->events & REL_EVENT_COMPLETE) != 0;
        *failures += !(normal->events & REL_EVENT_COMPLETE) || normal->status != 200;
        rel_conn_close(normal);
        rel_conn_open(normal, port, REL_GET_CLOSE_REQUEST, 0, 0);
    }
}

/* Slow clients: n connections each sending REL_SLOW_REQUEST one byte a second, while a normal client makes requests
 * one after the other. Runs until every slow connection was closed by the server or seconds (scaled) passed.
 */
static inline void rel_slow(int port, unsigned n, double seconds, REL_SLOW_RESULT *r)
{
    REL_CONN *conns = calloc(n + 1, sizeof(*conns));
    struct pollfd *pfds = calloc(n + 1, sizeof(*pfds));
    double deadline = sxe_itest_now() + seconds * sxe_itest_time_scale();
    unsigned i, open = n;

    memset(r, 0, sizeof(*r));
    r->slow = n;
    r->slow_min = 1e9;

    if (conns == NULL || pfds == NULL) {
        goto EARLY_OUT;
    }

    for (i = 1; i <= n; i++) {
        rel_conn_open(&conns[i], port, REL_SLOW_REQUEST, 0, 1.0);
    }

    rel_conn_open(&conns[0], port, REL_GET_CLOSE_REQUEST, 0, 0);

    while (open > 0 && sxe_itest_now() < deadline) {
        rel_conns_step(conns, n + 1, pfds, 0.05);
        rel_normal_step(&conns[0], port, &r->normal_requests, &r->normal_failures);

        for (i = 1, open = 0; i <= n; i++) {
            open += (conns[i].events & REL_EVENT_CLOSED) == 0;
        }
    }

    for (i = 1; i <= n; i++) {
        double t = conns[i].t_closed - conns[i].t_start;

        if (!(conns[i].events & REL_EVENT_CLOSED)) {
            r->slow_open++;
            continue;
        }

        r->slow_408 += conns[i].status == 408;
        r->slow_other += conns[i].status != 408;
        r->slow_max = t > r->slow_max ? t : r->slow_max;
        r->slow_min = t < r->slow_min ? t : r->slow_min;
    }

EARLY_OUT:
    for (i = 0; conns != NULL && i <= n; i++) {
        rel_conn_close(&conns[i]);
    }

    free(conns);
    free(pfds);
}

typedef struct REL_ABRUPT_RESULT {
    unsigned reset_mid_request;    /* connections reset after part of a request head                     */
    unsigned closed_mid_response;  /* connections closed (half of them reset) after the head of a response */
    unsigned half_closed;          /* connections that sent a request then shutdown(SHUT_WR)              */
    unsigned half_closed_served;   /* ... and still got their complete 200 response                       */
    unsigned mid_response_headers; /* mid-response connections that got the head before closing           */
} REL_ABRUPT_RESULT;

/* Reset n connections after each sent part of a request head. */
static inline unsigned rel_abrupt_reset_mid_request(int port, unsigned n, REL_CONN *conns, struct pollfd *pfds)
{
    static const char partial[] = "GET /index.html HTTP/1.1\r\nHost: loc";
    unsigned i, done = 0;

    for (i = 0; i < n; i++) {
        rel_conn_open(&conns[i], port, partial, 0, 0);
    }

    for (i = 0; i < 200 && done < n; i++) { /* until every partial head is sent: at most 200 rounds */
        unsigned j;

        rel_conns_step(conns, n, pfds, 0.01);

        for (j = 0, done = 0; j < n; j++) {
            done += conns[j].phase == REL_PHASE_READING || conns[j].phase == REL_PHASE_CLOSED;
        }
    }

    sxe_itest_sleep(0.05); /* let the server read the partial heads */

    for (i = 0; i < n; i++) {
        rel_close_reset(conns[i].fd);
        conns[i].phase = REL_PHASE_FREE;
    }

    return done;
}

/* Request path (a large file) on n connections and close each as soon as its response head arrived, half of them
 * with a reset. Returns how many got the head before they closed.
 */
static inline unsigned rel_abrupt_close_mid_response(int port, unsigned n, const char *req, REL_CONN *conns,
                                                     struct pollfd *pfds)
{
    unsigned i, heads = 0;

    for (i = 0; i < n; i++) {
        rel_conn_open(&conns[i], port, req, 0, 0);
    }

    rel_conns_wait(conns, n, pfds, REL_EVENT_STATUS | REL_EVENT_CLOSED, sxe_itest_now() + 5.0 * sxe_itest_time_scale());

    for (i = 0; i < n; i++) {
        heads += conns[i].status == 200;

        if (i % 2 == 0) {
            rel_close_reset(conns[i].fd);
            conns[i].phase = REL_PHASE_FREE;
        } else {
            rel_conn_close(&conns[i]);
        }
    }

    return heads;
}

/* n connections send a request and shut down their write side; returns how many still got a complete 200. */
static inline unsigned rel_abrupt_half_close(int port, unsigned n, REL_CONN *conns, struct pollfd *pfds)
{
    unsigned i, served = 0;

    for (i = 0; i < n; i++) {
        rel_conn_open(&conns[i], port, REL_GET_REQUEST, 0, 0);
        conns[i].shut_wr = true;
    }

    rel_conns_wait(conns, n, pfds, REL_EVENT_COMPLETE | REL_EVENT_CLOSED,
                   sxe_itest_now() + 5.0 * sxe_itest_time_scale());

    for (i = 0; i < n; i++) {
        served += (conns[i].events & REL_EVENT_COMPLETE) && conns[i].status == 200;
        rel_conn_close(&conns[i]);
    }

    return served;
}

/* All three kinds of abrupt client, n of each (conns and pfds have n elements). big_req asks for a large file. */
static inline void rel_abrupt(int port, unsigned n, const char *big_req, REL_ABRUPT_RESULT *r)
{
    REL_CONN *conns = calloc(n, sizeof(*conns));
    struct pollfd *pfds = calloc(n, sizeof(*pfds));

    memset(r, 0, sizeof(*r));

    if (conns != NULL && pfds != NULL) {
        r->reset_mid_request = rel_abrupt_reset_mid_request(port, n, conns, pfds);
        r->mid_response_headers = rel_abrupt_close_mid_response(port, n, big_req, conns, pfds);
        r->closed_mid_response = n;
        r->half_closed = n;
        r->half_closed_served = rel_abrupt_half_close(port, n, conns, pfds);
    }

    free(conns);
    free(pfds);
}

typedef struct REL_EXHAUST_RESULT {
    unsigned attempts;
    unsigned served; /* got a 200 (and hold their connection)                             */
    unsigned refused_503;
    unsigned closed;  /* closed or reset without a response                                */
    unsigned waiting; /* no answer during the hold: still queued                           */
    double cpu_share; /* server CPU seconds / wall seconds during the hold                 */
    double hold;      /* seconds held                                                      */
} REL_EXHAUST_RESULT;

/* Descriptor exhaustion: open `attempts` keep-alive connections at once to the server (pid), hold them for hold
 * seconds while measuring the server's CPU time, then close them all.
 */
static inline void rel_exhaust(int port, pid_t pid, unsigned attempts, double hold, REL_EXHAUST_RESULT *r)
{
    REL_CONN *conns = calloc(attempts, sizeof(*conns));
    struct pollfd *pfds = calloc(attempts, sizeof(*pfds));
    double start, cpu_start, end;
    unsigned i;

    memset(r, 0, sizeof(*r));
    r->attempts = attempts;

    for (i = 0; conns != NULL && pfds != NULL && i < attempts; i++) {
        rel_conn_open(&conns[i], port, REL_GET_REQUEST, 0, 0);
    }

    start = sxe_itest_now();
    cpu_start = sxe_itest_cpu_seconds(pid);
    end = start + hold;

    while (conns != NULL && pfds != NULL && sxe_itest_now() < end) {
        rel_conns_step(conns, attempts, pfds, end - sxe_itest_now());
    }

    r->hold = sxe_itest_now() - start;
    r->cpu_share = (sxe_itest_cpu_seconds(pid) - cpu_start) / r->hold;

    for (i = 0; conns != NULL && pfds != NULL && i < attempts; i++) {
        bool answered = conns[i].status != 0;

        r->served += answered && conns[i].status == 200;
        r->refused_503 += answered && conns[i].status == 503;
        r->closed += !answered && (conns[i].events & REL_EVENT_CLOSED);
        r->waiting += !answered && !(conns[i].events & REL_EVENT_CLOSED);
        rel_conn_close(&conns[i]);
    }

    free(conns);
    free(pfds);
}

/* Send raw bytes on a new connection and collect the answer until the server closes (or seconds, scaled).
 * Copies the answer (up to size - 1 bytes) to out, NUL terminated. Returns REL_CLOSED_EOF or _RESET when the server
 * closed (after the answer), REL_CLOSED_REFUSED when the connection failed, REL_CLOSED_NO when it stayed open.
 */
static inline int rel_send_raw(int port, const char *bytes, size_t len, double seconds, char *out, size_t size)
{
    REL_CONN conn;
    struct pollfd pfd;
    int closed;

    rel_conn_open(&conn, port, bytes, len, 0);
    conn.capture = out;
    conn.capture_size = size - 1;
    rel_conns_wait(&conn, 1, &pfd, REL_EVENT_CLOSED, sxe_itest_now() + seconds * sxe_itest_time_scale());
    closed = conn.closed;
    out[conn.captured] = '\0';
    rel_conn_close(&conn);
    return closed;
}

#endif
