/* http-client.c: the load generator's connections, on lib-sxe and the shared HTTP parser (lib-sxe-http).
 *
 * Every connection slot is an element of one lib-sxe-pool pool (allocated at start, with a ring of start times for
 * its outstanding queries). The pool's per-state timeouts give the connect and response timeouts: one timer for
 * all connections. Slot states:
 *
 *   NEW -> CONNECTING -> IDLE <-> BUSY -> ... -> DONE
 *                  \         \      \-> RECONNECT -> CONNECTING (after Connection: close, -k, or an error)
 *                   \-> DEAD (a connect failed: its remaining queries are never sent)
 *
 * A query is a unit of work with a start time (when it was sent, or for -r when it should have been sent; for -k
 * when its connect started). It stays in the slot's ring until its response is complete, or it is lost to an
 * error. Queries pipelined behind a "Connection: close" response are sent again on the next connection, keeping
 * their start time. Nothing is allocated per query; the request bytes are built once.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ev.h"
#include "sxe-http.h"
#include "sxe-log.h"
#include "sxe-pool.h"
#include "sxe.h"

#include "http.h"

enum { /* slot states (pool states) */
       STATE_NEW = 0,
       STATE_CONNECTING,
       STATE_IDLE,
       STATE_BUSY,
       STATE_RECONNECT,
       STATE_DONE,
       STATE_DEAD,
       STATE_NUMBER
};

enum { /* response parser states */
       READ_HEAD = 0,
       READ_BODY_LENGTH,
       READ_BODY_CHUNKED,
       READ_BODY_CLOSE
};

enum { /* run phases */
       PHASE_RAMP = 0,
       PHASE_RUN,
       PHASE_DRAIN,
       PHASE_OVER
};

typedef struct HTTP_CONN {
    SXE *sxe;               /* current socket, NULL when none */
    SXE_DEFERRED reconnect; /* reconnects run from the loop, after lib-sxe freed the old object */
    SXE_HTTP_CHUNKED chunked;
    uint64_t body_left;  /* READ_BODY_LENGTH: bytes still to come */
    uint64_t connect_ns; /* when the current connect started */
    unsigned index;
    unsigned remaining;      /* -n without -r: queries not yet taken */
    unsigned ring_head;      /* oldest query */
    unsigned ring_count;     /* queries taken and not answered */
    unsigned unsent;         /* of those, queries at the ring head to (re)send on the next socket */
    unsigned socket_queries; /* queries sent on the current socket */
    unsigned short status;   /* status of the response whose body is being read */
    unsigned char read_state;
    bool keep_alive; /* keep-alive of the response whose body is being read */
    bool in_ramp;
    bool ever_connected;
    bool send_pending;
    bool want_send;
    bool close_after;    /* the last response asked for a close (or -k) */
    uint64_t start_ns[]; /* ring of options->pipeline start times */
} HTTP_CONN;

static const HTTP_OPTIONS *options;
static HTTP_STATS *stats;
static char worker_prefix[32]; /* "worker N: " in the log lines of a -T worker */
static unsigned connections;   /* this process's share */
static unsigned conn_size;     /* bytes per pool element */
static char *conns;            /* the pool's array */
static char *request;          /* pipeline copies of the request, built once */
static unsigned request_len;   /* bytes of one request */
static bool request_is_head;
static char (*source_ips)[INET_ADDRSTRLEN]; /* -s addresses as text, built once */
static unsigned phase;
static unsigned ramp_next;
static unsigned ramp_outstanding;
static bool ramp_launching;
static uint64_t measure_start_ns; /* end of the warm-up */
static uint64_t run_start_ns;
static uint64_t deadline_ns;   /* -d: no new query after this; 0 = none */
static uint64_t rate_total;    /* -r: queries to schedule */
static uint64_t rate_taken;    /* -r: queries given to connections */
static uint64_t queries_taken; /* -d without -r: queries started */
static uint64_t total_share;   /* -N: this process's share of the queries */
static uint64_t total_left;    /* -N without -r: queries not yet taken by any connection */
static uint64_t progress_last_responses;
static SXE_TIMER progress_timer;
static SXE_TIMER rate_timer;
static SXE_TIMER deadline_timer;
static ev_signal interrupt_watcher;
static SXE_HTTP_HEADER response_headers[HTTP_RESPONSE_HEADERS];

static void conn_send(HTTP_CONN *conn);
static void conn_socket_gone(HTTP_CONN *conn);
static void on_connected(SXE *this);
static void on_read(SXE *this, int length);
static void on_close(SXE *this);

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static double now_seconds(void)
{
    return (double)now_ns() / 1e9;
}

static HTTP_CONN *conn_at(unsigned index)
{
    return (HTTP_CONN *)(conns + (size_t)index * conn_size);
}

static unsigned conn_state(const HTTP_CONN *conn)
{
    return sxe_pool_index_to_state(conns, conn->index);
}

static void conn_set_state(HTTP_CONN *conn, unsigned state)
{
    unsigned old = conn_state(conn);

    if (old != state) {
        sxe_pool_set_indexed_element_state(conns, conn->index, old, state);
    }
}

static bool rate_mode(void)
{
    return options->rate > 0;
}

/* Number of -r queries due by `now`: query j is due at run_start + j / rate. */
static uint64_t rate_due(uint64_t now)
{
    double due;

    if (phase != PHASE_RUN) {
        return 0;
    }

    due = (double)(now > run_start_ns ? now - run_start_ns : 0) / 1e9 * options->rate + 1.0;
    return due >= (double)rate_total ? rate_total : (uint64_t)due;
}

/* Can this slot ever have more work? (It still has queries, or new ones may still be handed out.) */
static bool conn_has_more_work(const HTTP_CONN *conn)
{
    if (conn->ring_count > 0) {
        return true;
    }

    if (phase == PHASE_DRAIN || phase == PHASE_OVER) {
        return false;
    }

    if (rate_mode()) {
        return rate_taken < rate_total;
    }

    if (options->total > 0) {
        return total_left > 0;
    }

    return options->duration > 0 ? true : conn->remaining > 0;
}

static void check_finished(void)
{
    if (phase != PHASE_RAMP && phase != PHASE_OVER &&
        sxe_pool_get_number_in_state(conns, STATE_DONE) + sxe_pool_get_number_in_state(conns, STATE_DEAD) ==
            connections) {
        phase = PHASE_OVER;
        stats->time_end = now_seconds();
        ev_break(ev_default_loop(0), EVBREAK_ALL);
    }
}

static void count_error(HTTP_ERROR kind, int error)
{
    stats->errors[kind]++;

    if (error != 0) {
        http_stats_count_errno(stats, error);
        stats->last_errno = (uint32_t)error;
    }
}

/* The kind of a connect failure, from its errno (lib-sxe's SXE_CLOSE_ERRNO or sxe_last_errno()). */
static HTTP_ERROR connect_error_kind(int error)
{
    switch (error) {
        case ECONNREFUSED:
            return HTTP_ERROR_CONNECT_REFUSED;
        case ETIMEDOUT:
            return HTTP_ERROR_CONNECT_TIMEOUT;
        case EADDRNOTAVAIL:
        case EADDRINUSE:
            return HTTP_ERROR_OUT_OF_PORTS;
        case EMFILE:
        case ENFILE:
        case ENOBUFS:
            return HTTP_ERROR_OUT_OF_FILES;
        default:
            return HTTP_ERROR_CONNECT_OTHER;
    }
}

/* ---- the ramp ------------------------------------------------------------------------------------------------ */

static void ramp_launch(void);
static void run_start(void);

static void ramp_one_done(HTTP_CONN *conn)
{
    if (!conn->in_ramp) {
        return;
    }

    conn->in_ramp = false;
    ramp_outstanding--;

    if (!ramp_launching) {
        ramp_launch();
    }
}

/* Starts a connect for the slot. Returns false when it failed at once (counted; the slot is not connecting). */
static bool conn_connect(HTTP_CONN *conn)
{
    const char *local = source_ips != NULL ? source_ips[conn->index % options->source_count] : NULL;
    SXE_RETURN result;
    int error;

    conn->read_state = READ_HEAD;
    conn->close_after = false;
    conn->socket_queries = 0;
    conn->send_pending = false;
    conn->want_send = false;
    conn->connect_ns = now_ns();
    conn->sxe = sxe_new_tcp(NULL, local, 0, on_connected, on_read, on_close);

    if (conn->sxe == NULL) {
        count_error(HTTP_ERROR_OUT_OF_FILES, 0);
        goto SXE_ERROR_OUT;
    }

    SXE_USER_DATA(conn->sxe) = conn;

    if (!http_tls_enable(conn->sxe)) { /* https://: no TLS slot or memory for it */
        count_error(HTTP_ERROR_OUT_OF_FILES, 0);
        sxe_close(conn->sxe);
        conn->sxe = NULL;
        goto SXE_ERROR_OUT;
    }

    result = sxe_connect(conn->sxe, options->ip, options->port);

    if (result != SXE_RETURN_OK) { /* a synchronous failure: its errno is sxe_last_errno() (0 when none) */
        error = sxe_last_errno();
        count_error(result == SXE_RETURN_ERROR_OUT_OF_PORTS ? HTTP_ERROR_OUT_OF_PORTS : connect_error_kind(error),
                    error);
        sxe_close(conn->sxe);
        conn->sxe = NULL;
        goto SXE_ERROR_OUT;
    }

    conn_set_state(conn, STATE_CONNECTING);
    return true;

SXE_EARLY_OR_ERROR_OUT:
    return false;
}

/* A connect failed (now or later): the slot gives up; its queries are never sent. */
static void conn_connect_failed(HTTP_CONN *conn)
{
    stats->requests_lost += conn->ring_count - conn->unsent;
    conn->ring_count = conn->unsent; /* queries still to send are never sent: counted at the end */
    conn->sxe = NULL;
    conn_set_state(conn, STATE_DEAD);
    ramp_one_done(conn);
    check_finished();
}

static void ramp_launch(void)
{
    HTTP_CONN *conn;

    ramp_launching = true;

    while (ramp_outstanding < HTTP_RAMP_BATCH && ramp_next < connections) {
        conn = conn_at(ramp_next++);
        conn->in_ramp = true;
        ramp_outstanding++;

        if (!conn_connect(conn)) {
            conn_connect_failed(conn);
        }
    }

    ramp_launching = false;

    if (phase == PHASE_RAMP && ramp_next == connections && ramp_outstanding == 0) {
        run_start();
    }
}

/* ---- connection callbacks ------------------------------------------------------------------------------------ */

static void on_connected(SXE *this)
{
    HTTP_CONN *conn = SXE_USER_DATA(this);

    stats->connects++;
    stats->open_connections++;
    http_tls_connected(this);
    stats->reconnects += conn->ever_connected;
    stats->connections_established += !conn->ever_connected;
    conn->ever_connected = true;

    if (conn->in_ramp && stats->connections_established % HTTP_CONNECTED_LOG_EVERY == 0) {
        SXEL4("%sconnected: %llu", worker_prefix, (unsigned long long)stats->connections_established);
    }

    conn_set_state(conn, STATE_IDLE);
    ramp_one_done(conn);

    if (phase != PHASE_RAMP) {
        conn_send(conn);
    }
}

static void on_send_complete(SXE *this, SXE_RETURN result)
{
    HTTP_CONN *conn = SXE_USER_DATA(this);

    conn->send_pending = false;

    if (result == SXE_RETURN_OK && conn->want_send) {
        conn->want_send = false;
        conn_send(conn);
    }
}

/* Takes up to `room` new queries for the slot; returns how many. Their start times go in the ring. */
static unsigned conn_take_queries(HTTP_CONN *conn, unsigned room, uint64_t now)
{
    unsigned taken = 0;
    uint64_t due;

    if (phase != PHASE_RUN) {
        return 0;
    }

    if (rate_mode()) {
        due = rate_due(now);

        while (taken < room && rate_taken < due) {
            conn->start_ns[(conn->ring_head + conn->ring_count + taken) % options->pipeline] =
                run_start_ns + (uint64_t)((double)rate_taken * 1e9 / options->rate);
            rate_taken++;
            taken++;
        }

        return taken;
    }

    if (options->duration > 0) {
        taken = now < deadline_ns ? room : 0;
        queries_taken += taken;
    } else if (options->total > 0) {
        taken = room < total_left ? room : (unsigned)total_left;
        total_left -= taken;
    } else {
        taken = room < conn->remaining ? room : conn->remaining;
        conn->remaining -= taken;
    }

    for (unsigned i = 0; i < taken; i++) {
        /* -k: a query's latency includes the connect it needed */
        conn->start_ns[(conn->ring_head + conn->ring_count + i) % options->pipeline] =
            options->no_keep_alive && conn->socket_queries == 0 ? conn->connect_ns : now;
    }

    return taken;
}

/* The socket failed: count it, lose what was outstanding, close, and reconnect if there is work left. */
static void conn_fail(HTTP_CONN *conn, HTTP_ERROR kind, int error)
{
    count_error(kind, error);
    stats->requests_lost += conn->ring_count - conn->unsent;
    conn->ring_head = (conn->ring_head + conn->ring_count - conn->unsent) % options->pipeline;
    conn->ring_count = conn->unsent;

    if (conn->sxe != NULL) {
        sxe_close(conn->sxe);
        conn->sxe = NULL;
        stats->open_connections--;
    }

    conn_socket_gone(conn);
}

/* Sends what the slot can send now: queries to resend first, then new ones up to the pipeline depth. */
static void conn_send(HTTP_CONN *conn)
{
    unsigned in_flight;
    unsigned fresh;
    unsigned count;
    SXE_RETURN result;

    if (conn->sxe == NULL || conn->close_after) {
        return;
    }

    if (conn->send_pending) {
        conn->want_send = true;
        return;
    }

    in_flight = conn->ring_count - conn->unsent;
    fresh = options->no_keep_alive && conn->socket_queries + in_flight + conn->unsent >= 1
                ? 0
                : conn_take_queries(conn, options->pipeline - conn->ring_count, now_ns());
    count = conn->unsent + fresh;

    if (options->no_keep_alive && count > 1) {
        count = 1;
    }

    if (count == 0) {
        if (conn->ring_count == 0) {
            conn_set_state(conn, conn_has_more_work(conn) ? STATE_IDLE : STATE_DONE);
            check_finished();
        }

        return;
    }

    conn->ring_count += fresh;
    conn->unsent = 0;
    conn->socket_queries += count;
    stats->requests_sent += count;
    stats->bytes_out += (uint64_t)count * request_len;

    if (conn_state(conn) != STATE_BUSY) {
        conn_set_state(conn, STATE_BUSY);
    } else if (in_flight == 0) {
        sxe_pool_touch_indexed_element(conns, conn->index); /* a new response to wait for: restart its timeout */
    }

    result = sxe_send(conn->sxe, request, count * request_len, on_send_complete);

    if (result == SXE_RETURN_WARN_IN_PROGRESS) {
        conn->send_pending = true;
    } else if (result != SXE_RETURN_OK) {
        conn_fail(conn, HTTP_ERROR_RESET, sxe_last_errno());
    }
}

/* A final response is complete. */
static void conn_response_done(HTTP_CONN *conn, unsigned status, bool keep_alive, uint64_t now)
{
    uint64_t start = conn->start_ns[conn->ring_head];

    conn->ring_head = (conn->ring_head + 1) % options->pipeline;
    conn->ring_count--;
    conn->read_state = READ_HEAD;
    stats->responses++;
    stats->status_class[status >= 100 && status < 600 ? status / 100 : 0]++;

    if (!options->any_status && (status < 200 || status >= 400)) { /* a failed request, as h2load counts it */
        count_error(HTTP_ERROR_STATUS, 0);
    }

    if (now >= measure_start_ns) {
        http_histogram_record(&stats->latency, now > start ? now - start : 0);
    } else {
        stats->warmup_responses++;
    }

    if (!keep_alive || options->no_keep_alive) {
        conn->close_after = true;
    } else if (conn->ring_count > 0) {
        sxe_pool_touch_indexed_element(conns, conn->index); /* progress: restart the response timeout */
    }
}

/* Parses one response head at buf; returns bytes consumed, 0 when more bytes are needed, -1 on a parse error. */
static int conn_parse_head(HTTP_CONN *conn, const char *buf, unsigned len, bool buffer_full, uint64_t now)
{
    SXE_HTTP_RESPONSE response;
    int result;

    response.headers = response_headers;
    response.header_max = HTTP_RESPONSE_HEADERS;
    result = sxe_http_parse_response(buf, len, &response, HTTP_BUFFER_SIZE, request_is_head);

    if (result == SXE_HTTP_NEED_MORE) {
        return buffer_full ? -1 : 0; /* a head larger than the buffer cannot complete */
    }

    if (result < 0) {
        return -1;
    }

    if (response.status < 200) {
        stats->interim_responses++;
        return result;
    }

    switch (response.body_kind) {
        case SXE_HTTP_BODY_LENGTH:
            if (response.content_length > 0) {
                conn->body_left = response.content_length;
                conn->read_state = READ_BODY_LENGTH;
                break;
            }
            /* FALLTHRU */
        case SXE_HTTP_BODY_NONE:
            conn_response_done(conn, response.status, response.keep_alive, now);
            return result;
        case SXE_HTTP_BODY_CHUNKED:
            sxe_http_chunked_init(&conn->chunked, SXE_HTTP_TRAILER_MAX_DEFAULT);
            conn->read_state = READ_BODY_CHUNKED;
            break;
        case SXE_HTTP_BODY_CLOSE_DELIMITED:
            conn->read_state = READ_BODY_CLOSE;
            break;
    }

    conn->status = (unsigned short)response.status;
    conn->keep_alive = response.keep_alive && response.body_kind != SXE_HTTP_BODY_CLOSE_DELIMITED;
    return result;
}

#define CONN_PARSE_TLS (-2) /* conn_parse(): the server answered with TLS records */

/* Consumes what it can of buf[0 .. len): heads and bodies, completing responses. Returns the bytes consumed, -1
 * after a parse error (the caller fails the socket), or CONN_PARSE_TLS.
 */
static int conn_parse(HTTP_CONN *conn, const char *buf, unsigned len, bool buffer_full, uint64_t now)
{
    unsigned offset = 0;
    size_t data_offset;
    size_t data_len;
    uint64_t part;
    int result;

    while (offset < len && !conn->close_after) {
        switch (conn->read_state) {
            case READ_HEAD:
                if (conn->ring_count - conn->unsent == 0) {
                    return -1; /* bytes nobody asked for */
                }

                if (!options->tls.enabled && len - offset >= 2 && (buf[offset] == 0x15 || buf[offset] == 0x16) &&
                    buf[offset + 1] == 0x03) {
                    return CONN_PARSE_TLS; /* a TLS alert or handshake record to http://: the server speaks https */
                }

                if ((result = conn_parse_head(conn, buf + offset, len - offset, buffer_full && offset == 0, now)) <=
                    0) {
                    return result < 0 ? -1 : (int)offset;
                }

                offset += (unsigned)result;
                break;

            case READ_BODY_LENGTH:
                part = len - offset < conn->body_left ? len - offset : conn->body_left;
                offset += (unsigned)part;
                conn->body_left -= part;

                if (conn->body_left == 0) {
                    conn_response_done(conn, conn->status, conn->keep_alive, now);
                }

                break;

            case READ_BODY_CHUNKED:
                if ((result = sxe_http_chunked_decode(&conn->chunked, buf + offset, len - offset, &data_offset,
                                                      &data_len)) < 0) {
                    return -1;
                }

                offset += (unsigned)result;

                if (conn->chunked.done) {
                    conn_response_done(conn, conn->status, conn->keep_alive, now);
                } else if (result == 0) {
                    return -1; /* the decoder must make progress on non-empty input */
                }

                break;

            default: /* READ_BODY_CLOSE: everything until the server closes */
                offset = len;
                break;
        }
    }

    return (int)offset;
}

/* The server answered a plain http:// query with a TLS record (0x15: an alert, 0x16: a handshake): it speaks https.
 * Retrying cannot help,
 * so the slot gives up like a failed connect (its queries in flight are lost, the rest never sent); said once.
 */
static void conn_speaks_tls(HTTP_CONN *conn, char record)
{
    static bool said;

    if (!said) {
        said = true;
        SXEL2("http: %s:%d answered with TLS (a %s record): the server speaks https; use an https:// URL", options->ip,
              options->port, record == 0x15 ? "TLS alert" : "TLS handshake");
    }

    count_error(HTTP_ERROR_TLS, 0);
    stats->requests_lost += conn->ring_count - conn->unsent;
    conn->ring_head = (conn->ring_head + conn->ring_count - conn->unsent) % options->pipeline;
    conn->ring_count = conn->unsent; /* queries still to send are never sent: counted at the end */
    sxe_close(conn->sxe);
    conn->sxe = NULL;
    stats->open_connections--;
    conn_set_state(conn, STATE_DEAD);
    check_finished();
}

static void on_read(SXE *this, int length)
{
    HTTP_CONN *conn = SXE_USER_DATA(this);
    unsigned used = SXE_BUF_USED(this);
    int consumed;

    stats->bytes_in += (unsigned)length;
    consumed = conn_parse(conn, SXE_BUF(this), used, used >= sxe_get_buffer_size(), now_ns());

    if (SXE_UNLIKELY(consumed == CONN_PARSE_TLS)) {
        conn_speaks_tls(conn, SXE_BUF(this)[0]);
        return;
    }

    if (consumed < 0) {
        SXEL6("connection %u: response rejected by the parser", conn->index);
        conn_fail(conn, HTTP_ERROR_PARSE, 0);
        return;
    }

    if (conn->close_after) { /* the server asked for a close, or -k: what follows on this socket is ignored */
        sxe_close(this);
        conn->sxe = NULL;
        stats->open_connections--;
        conn->unsent = conn->ring_count;
        stats->requests_resent += conn->unsent;
        conn_socket_gone(conn);
        return;
    }

    sxe_buf_discard(this, (unsigned)consumed);

    if (conn->ring_count == 0 || conn->ring_count < options->pipeline) {
        conn_send(conn);
    }
}

static void on_close(SXE *this)
{
    HTTP_CONN *conn = SXE_USER_DATA(this);
    SXE_RETURN reason = SXE_CLOSE_REASON(this);
    int error = SXE_CLOSE_ERRNO(this); /* 0 for an end of file */

    conn->sxe = NULL;

    if (conn_state(conn) == STATE_CONNECTING) {
        count_error(http_tls_failed(this) ? HTTP_ERROR_TLS_HANDSHAKE : connect_error_kind(error), error);
        conn_connect_failed(conn);
        return;
    }

    stats->open_connections--;

    if (conn->read_state == READ_BODY_CLOSE) { /* the close ends a close-delimited body: a complete response */
        conn_response_done(conn, conn->status, false, now_ns());
        conn->unsent = conn->ring_count;
        stats->requests_resent += conn->unsent;
        conn_socket_gone(conn);
    } else if (conn->ring_count - conn->unsent > 0 || conn->read_state != READ_HEAD) {
        conn_fail(conn, reason == SXE_RETURN_END_OF_FILE ? HTTP_ERROR_PREMATURE_CLOSE : HTTP_ERROR_RESET,
                  reason == SXE_RETURN_END_OF_FILE ? 0 : error);
    } else if (conn->socket_queries > 0) { /* an idle keep-alive connection closed by the server: legitimate */
        stats->idle_closes++;
        conn_socket_gone(conn);
    } else { /* closed before any query: retrying could loop forever */
        count_error(HTTP_ERROR_PREMATURE_CLOSE, error);
        conn_connect_failed(conn);
    }
}

static void conn_reconnect(void *arg)
{
    HTTP_CONN *conn = arg;

    if (phase == PHASE_OVER) {
        return;
    }

    if (!conn_connect(conn)) {
        conn_connect_failed(conn);
    }
}

/* The slot's socket is gone (closed by us or by the server): reconnect when there is work left, else done. */
static void conn_socket_gone(HTTP_CONN *conn)
{
    conn->read_state = READ_HEAD;

    if (conn_has_more_work(conn)) {
        conn_set_state(conn, STATE_RECONNECT);
        sxe_defer(&conn->reconnect, conn_reconnect, conn);
        return;
    }

    conn_set_state(conn, STATE_DONE);
    check_finished();
}

/* Pool timeout: a connect or a response took longer than -t. */
static void on_timeout(void *array, unsigned index, void *caller_info)
{
    HTTP_CONN *conn = conn_at(index);

    SXE_UNUSED_ARGUMENT(array);
    SXE_UNUSED_ARGUMENT(caller_info);

    if (conn_state(conn) == STATE_CONNECTING) {
        sxe_close(conn->sxe);
        conn->sxe = NULL;
        count_error(HTTP_ERROR_CONNECT_TIMEOUT, ETIMEDOUT);
        conn_connect_failed(conn);
        return;
    }

    conn_fail(conn, HTTP_ERROR_RESPONSE_TIMEOUT, ETIMEDOUT); /* BUSY */
}

/* ---- phases and timers --------------------------------------------------------------------------------------- */

static void rate_tick(SXE_TIMER *timer, void *arg)
{
    unsigned index;
    uint64_t due = rate_due(now_ns());

    SXE_UNUSED_ARGUMENT(timer);
    SXE_UNUSED_ARGUMENT(arg);

    while (rate_taken < due && (index = sxe_pool_get_oldest_element_index(conns, STATE_IDLE)) != SXE_POOL_NO_INDEX) {
        HTTP_CONN *conn = conn_at(index);

        conn_send(conn);

        if (conn_state(conn) == STATE_IDLE) { /* could not send (a send pending): try the others first */
            sxe_pool_touch_indexed_element(conns, index);
            break;
        }
    }

    if (rate_taken >= rate_total) {
        sxe_timer_cancel(&rate_timer);
        phase = PHASE_DRAIN;
        index = 0;

        while ((index = sxe_pool_get_oldest_element_index(conns, STATE_IDLE)) != SXE_POOL_NO_INDEX) {
            conn_set_state(conn_at(index), STATE_DONE);
        }

        check_finished();
    }
}

static void deadline_reached(SXE_TIMER *timer, void *arg)
{
    unsigned index;

    SXE_UNUSED_ARGUMENT(timer);
    SXE_UNUSED_ARGUMENT(arg);

    sxe_timer_cancel(&rate_timer);
    phase = PHASE_DRAIN;

    while ((index = sxe_pool_get_oldest_element_index(conns, STATE_IDLE)) != SXE_POOL_NO_INDEX) {
        conn_set_state(conn_at(index), STATE_DONE);
    }

    for (index = 0; index < connections; index++) {
        HTTP_CONN *conn = conn_at(index);

        if (conn_state(conn) == STATE_RECONNECT && conn->ring_count == 0) { /* else: queries to resend */
            sxe_defer_cancel(&conn->reconnect);
            conn_set_state(conn, STATE_DONE);
        }
    }

    check_finished();
}

static void progress(SXE_TIMER *timer, void *arg)
{
    uint64_t responses = stats->responses;

    SXE_UNUSED_ARGUMENT(timer);
    SXE_UNUSED_ARGUMENT(arg);

    SXEL4("progress: %llu requests/s, %llu responses, %llu open connections, %llu errors",
          (unsigned long long)(responses - progress_last_responses), (unsigned long long)responses,
          (unsigned long long)stats->open_connections, (unsigned long long)http_stats_errors(stats));
    progress_last_responses = responses;
}

/* SIGINT/SIGTERM: stop now and report what was done; what is missing is counted as such. */
static void on_interrupt(struct ev_loop *loop, ev_signal *watcher, int revents)
{
    SXE_UNUSED_ARGUMENT(revents);
    SXEL3("interrupted by signal %d: stopping; the summary counts what did not complete as missing", watcher->signum);
    stats->interrupted = 1;
    phase = PHASE_OVER;
    stats->time_end = now_seconds();
    ev_break(loop, EVBREAK_ALL);
}

static void run_start(void)
{
    unsigned i;

    phase = PHASE_RUN;
    stats->time_connected = now_seconds();
    run_start_ns = now_ns();
    measure_start_ns = run_start_ns + (uint64_t)(options->warmup * 1e9);
    stats->time_measure_start = (double)measure_start_ns / 1e9;

    if (options->duration > 0) {
        deadline_ns = measure_start_ns + (uint64_t)(options->duration * 1e9);

        if (!rate_mode()) { /* with -r the schedule ends the run (below) */
            sxe_timer_schedule(&deadline_timer, (double)(deadline_ns - run_start_ns) / 1e9, 0);
        }
        SXEL4("%sstarting writes: for %.3f seconds (+ %.3f warm-up) on %u sockets", worker_prefix, options->duration,
              options->warmup, connections);
    } else if (options->total > 0 && stats->connections_established > 0) {
        SXEL4("%sstarting writes: %llu queries in all on %u sockets", worker_prefix, (unsigned long long)total_left,
              connections);
    } else if (stats->connections_established > 0) {
        SXEL4("%sstarting writes: %llu (= %u sockets * %u queries/socket) queries", worker_prefix,
              (unsigned long long)connections * options->queries, connections, options->queries);
    }

    if (rate_mode()) {
        rate_total = options->duration > 0 ? (uint64_t)((options->duration + options->warmup) * options->rate)
                     : options->total > 0  ? total_left
                                           : (uint64_t)connections * options->queries;
        total_left = 0;
        sxe_timer_schedule(&rate_timer, 0, options->rate >= 1000 ? 0.001 : 1.0 / options->rate);

        /* Every query is due by the end of the schedule; a backlog still unsent -t seconds later is given up (counted
         * as never sent), so a stalled server cannot stretch the run without bound.
         */
        sxe_timer_schedule(&deadline_timer, (double)rate_total / options->rate + options->timeout, 0);
        rate_tick(&rate_timer, NULL);
    } else {
        for (i = 0; i < connections && phase == PHASE_RUN; i++) {
            if (conn_state(conn_at(i)) == STATE_IDLE) {
                conn_send(conn_at(i));
            }
        }
    }

    check_finished();
}

/* ---- set up and run ------------------------------------------------------------------------------------------ */

/* True when a -H header replaces the default header `name` ("Name:" alone removes it). */
static bool header_replaced(const char *name)
{
    size_t length = strlen(name);

    for (unsigned i = 0; i < options->header_count; i++) {
        if (strncasecmp(options->headers[i], name, length) == 0 && options->headers[i][length] == ':') {
            return true;
        }
    }

    return false;
}

/* Appends "NAME: VALUE\r\n" to one[*length] unless a -H header replaces it. False when it does not fit. */
static bool add_default(char *one, size_t size, int *length, const char *name, const char *value)
{
    if (header_replaced(name) || *length < 0 || (size_t)*length >= size) {
        return *length >= 0 && (size_t)*length < size;
    }

    *length += snprintf(one + *length, size - (size_t)*length, "%s: %s\r\n", name, value);
    return (size_t)*length < size;
}

/* The request's head: the request line, the default headers (each replaced by a -H of the same name), the -H
 * headers ("Name:" with nothing after it only removes the default) and the empty line. Returns its length, or 0.
 */
static unsigned build_head(char *one, size_t size)
{
    char user_agent[64];
    char body_length[24];
    int len = snprintf(one, size, "%s %s HTTP/1.1\r\n", options->method, options->path);
    unsigned i;

    snprintf(user_agent, sizeof(user_agent), "sxe-http/%s", sxe_version());
    snprintf(body_length, sizeof(body_length), "%zu", options->body_len);

    if (!add_default(one, size, &len, "Host", options->host) ||
        !add_default(one, size, &len, "User-Agent", user_agent) ||
        (options->no_keep_alive && !add_default(one, size, &len, "Connection", "close")) ||
        (options->body != NULL && !add_default(one, size, &len, "Content-Length", body_length))) {
        return 0;
    }

    for (i = 0; i < options->header_count && (size_t)len < size; i++) {
        const char *value = strchr(options->headers[i], ':') + 1;

        if (value[strspn(value, " \t")] != '\0') { /* "Name:" alone: the default is removed, nothing is sent */
            len += snprintf(one + len, size - (size_t)len, "%s\r\n", options->headers[i]);
        }
    }

    if ((size_t)len + 2 >= size) {
        return 0;
    }

    memcpy(one + len, "\r\n", 2);
    return (unsigned)len + 2;
}

/* Builds the request once (head and body): pipeline copies back to back, so any number of them goes out in one
 * send.
 */
static bool build_request(void)
{
    char one[HTTP_REQUEST_MAXIMUM];
    unsigned head_len = build_head(one, sizeof(one));
    unsigned i;

    if (head_len == 0) {
        SXEL2("http: the request head is longer than %u bytes", HTTP_REQUEST_MAXIMUM);
        return false;
    }

    request_len = head_len + (unsigned)options->body_len;
    request_is_head = strcmp(options->method, "HEAD") == 0;
    request = malloc((size_t)request_len * options->pipeline);

    for (i = 0; request != NULL && i < options->pipeline; i++) {
        memcpy(request + (size_t)i * request_len, one, head_len);
        if (options->body_len > 0) {
            memcpy(request + (size_t)i * request_len + head_len, options->body, options->body_len);
        }
    }

    return request != NULL;
}

static bool build_source_ips(void)
{
    struct in_addr address;
    unsigned i;

    if (options->source_count == 0) {
        return true;
    }

    if ((source_ips = calloc(options->source_count, sizeof(*source_ips))) == NULL) {
        return false;
    }

    for (i = 0; i < options->source_count; i++) {
        address.s_addr = htonl(options->source_first + i);
        inet_ntop(AF_INET, &address, source_ips[i], sizeof(source_ips[i]));
    }

    return true;
}

static bool setup(void)
{
    double timeouts[STATE_NUMBER] = {0};
    unsigned i;

    timeouts[STATE_CONNECTING] = options->timeout;
    timeouts[STATE_BUSY] = options->timeout;
    conn_size = (unsigned)((sizeof(HTTP_CONN) + sizeof(uint64_t) * options->pipeline + 63) / 64 * 64);

    if (!build_request() || !build_source_ips()) {
        return false;
    }

    if ((conns = sxe_pool_new_with_timeouts_and_options("http-connections", connections, conn_size, STATE_NUMBER,
                                                        timeouts, on_timeout, NULL, SXE_POOL_OPTION_UNLOCKED)) ==
        NULL) {
        return false;
    }

    for (i = 0; i < connections; i++) {
        conn_at(i)->index = i;
        conn_at(i)->remaining = rate_mode() || options->duration > 0 || options->total > 0 ? 0 : options->queries;
    }

    sxe_register(connections + 1, 0);
    return sxe_set_buffer_size(HTTP_BUFFER_SIZE) == SXE_RETURN_OK && sxe_init() == SXE_RETURN_OK &&
           http_tls_setup(options, connections, stats);
}

static void finish(void)
{
    uint64_t never_sent = 0;
    unsigned i;

    for (i = 0; i < connections; i++) {
        never_sent += conn_at(i)->remaining + conn_at(i)->unsent;
    }

    stats->time_end = stats->time_end > 0 ? stats->time_end : now_seconds();

    if (rate_mode()) {
        stats->expected = rate_total;
        never_sent += rate_total - rate_taken;
    } else if (options->total > 0) {
        stats->expected = total_share;
        never_sent += total_left;
    } else if (options->duration > 0) {
        stats->expected = queries_taken;
    } else {
        stats->expected = (uint64_t)connections * options->queries;
    }

    stats->requests_never_sent = never_sent;
}

int http_client_run(const HTTP_OPTIONS *run_options, HTTP_STATS *run_stats, unsigned worker)
{
    int result = 1;

    options = run_options;
    stats = run_stats;
    snprintf(worker_prefix, sizeof(worker_prefix), options->workers > 1 ? "worker %u: " : "", worker);
    connections = options->connections / options->workers + (worker < options->connections % options->workers);
    total_share = options->total / options->workers + (worker < options->total % options->workers);
    total_left = total_share;
    stats->connections_requested = connections;
    stats->time_start = now_seconds();

    if (!setup()) {
        SXEL2("http: cannot allocate %u connections", connections);
        goto SXE_ERROR_OUT;
    }

    sxe_timer_construct(&progress_timer, progress, NULL);
    sxe_timer_construct(&rate_timer, rate_tick, NULL);
    sxe_timer_construct(&deadline_timer, deadline_reached, NULL);

    if (!options->quiet && options->workers == 1) {
        sxe_timer_schedule(&progress_timer, 1.0, 1.0);
    }

    ev_signal_init(&interrupt_watcher, on_interrupt, SIGINT);
    ev_signal_start(ev_default_loop(0), &interrupt_watcher);
    ev_unref(ev_default_loop(0)); /* the watcher alone does not keep the loop running */
    SXEL4("%sconnecting via ramp %u sockets to peer %s:%d", worker_prefix, connections, options->ip, options->port);
    ramp_launch();

    if (phase != PHASE_OVER) {
        ev_run(ev_default_loop(0), 0);
    }

    finish();

    if (options->duration <= 0 && !rate_mode() && stats->responses == stats->expected && stats->expected > 0) {
        SXEL4("%sread all expected http responses", worker_prefix);
    }

    ev_ref(ev_default_loop(0));
    ev_signal_stop(ev_default_loop(0), &interrupt_watcher);
    sxe_timer_cancel(&progress_timer);
    sxe_timer_cancel(&rate_timer);
    sxe_timer_cancel(&deadline_timer);
    sxe_fini();
    http_tls_teardown();
    sxe_pool_delete(conns);
    result = stats->responses == stats->expected ? 0 : 1;

SXE_EARLY_OR_ERROR_OUT:
    free(request);
    free(source_ips);
    stats->finished = 1;
    return result;
}
