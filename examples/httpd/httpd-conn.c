/* httpd-conn.c: the connection state machine of the httpd example.
 *
 * Each connection has an HTTPD_CONN element in one timed sxe_pool indexed by SXE_ID, whose states
 * (HTTPD_STATE_*) carry the timeouts: one libev timer for the whole pool, O(1) per state change.
 *
 * Per read callback: every complete request in the input buffer is parsed and answered into the per-process output
 * scratch (httpd.out), then the scratch goes out in ONE write (more only when the answers exceed the scratch, or a
 * file body follows). The scratch is free again when the callback returns. When a write is partial (a slow
 * reader), the unsent remainder is copied into an overflow buffer taken from a small fixed pool and sent from
 * there; reading is paused (sxe_pause) until it has drained, and processing resumes from the send's completion.
 * When no overflow buffer is free, a holder whose peer has been stalled (no acknowledged byte) for a quarter of the
 * send timeout is closed and its buffer taken (overflows_evicted); when none is stalled, the new slow reader is
 * closed (overflows_refused). Answers are therefore always in order, and a connection holds no output memory of
 * its own. A slow reader's progress is what its peer acknowledged (sxe_get_bytes_acknowledged()), checked
 * HTTPD_SEND_CHECKS times per send timeout (-s): no progress over a whole send timeout closes it.
 *
 * A request is answered only once its body (Content-Length or chunked) has been completely read and discarded; a
 * body framing error gets 400 (and nothing else for that request) and a close. So every answer a client receives
 * answers a request it sent, and pipelined answers stay in order.
 *
 * Large request heads: a head that does not fit in the connection's SXE input buffer (-b) moves to a large head
 * buffer (HTTPD_LARGE_HEAD_BYTES) taken from a small fixed pool (-L): the accumulated bytes are copied there and
 * consumed from the SXE buffer, and every later read is appended there until the buffer is drained; the requests
 * (the head, body bytes, pipelined requests after it) are parsed from it exactly as from the SXE buffer. When no
 * large buffer is free, the oldest holder is evicted (large_heads_evicted): it closes (a partial head gets 408), so
 * stalled partial heads can never keep a new head from being served.
 *
 * The CLOSING RULE (httpd.h): a connection that must close (HTTP/1.0 without keep-alive, "Connection: close", an
 * error, a graceful stop, an eviction) decides so once, in httpd_conn_decide_close(); from then on nothing of its
 * input is parsed. Its answers are written (however long the file or the full socket takes), then its write side
 * is shut down and it lingers (draining input) until the peer's FIN or a short timeout, so that unread request
 * bytes never turn the close into a reset that destroys the answer.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "httpd.h"

#define HTTPD_SENDFILE_CHUNK_MAXIMUM (1U << 30) /* bytes per sxe_sendfile() call (its length is unsigned) */

typedef enum HTTPD_NEXT {
    HTTPD_NEXT_CONTINUE = 0, /* go on with the next request in the buffer */
    HTTPD_NEXT_WAIT,         /* output pending, or more input needed: stop for now */
    HTTPD_NEXT_CLOSING,      /* the answer is built; the connection closes after the flush */
    HTTPD_NEXT_GONE          /* the connection was closed: do not touch it */
} HTTPD_NEXT;

HTTPD httpd;

_Static_assert(sizeof(HTTPD_CONN) <= HTTPD_CONN_SIZE_MAXIMUM, "HTTPD_CONN grew: per-connection memory is a goal");

static void httpd_conn_serve(HTTPD_CONN *conn);

static bool httpd_conn_in_sendfile; /* inside sxe_sendfile(): its on_complete for an immediate result is ignored */

unsigned httpd_conn_number_open(void)
{
    return httpd.conns == NULL ? 0 : httpd.conn_number - sxe_pool_get_number_in_state(httpd.conns, HTTPD_STATE_FREE);
}

static void httpd_conn_set_state(HTTPD_CONN *conn, HTTPD_STATE state)
{
    unsigned id = SXE_ID(conn->sxe);
    unsigned old = sxe_pool_index_to_state(httpd.conns, id);

    if (old != state) {
        sxe_pool_set_indexed_element_state(httpd.conns, id, old, state);
    }
}

/* Forget a request's answer that will not be built (its file, if one was opened). */
static void httpd_conn_answer_drop(HTTPD_CONN *conn)
{
    if (conn->answer.fd >= 0) {
        close(conn->answer.fd);
        conn->answer.fd = -1;
    }

    conn->answer.due = false;
}

/* ---- input: the SXE buffer, or the large head buffer while the connection holds one ----------------------- */

static inline HTTPD_LARGE *httpd_large_by_index(unsigned index)
{
    return &httpd.larges[index];
}

/* Give the connection's large head buffer back, if it holds one (its unconsumed bytes are dropped). */
static void httpd_conn_large_release(HTTPD_CONN *conn)
{
    if (conn->large != SXE_POOL_NO_INDEX) {
        sxe_pool_set_indexed_element_state(httpd.larges, conn->large, HTTPD_OVERFLOW_USED, HTTPD_OVERFLOW_FREE);
        conn->large = SXE_POOL_NO_INDEX;
    }
}

/* The CLOSING RULE (httpd.h): the connection will close once its output has left; nothing of its input is parsed
 * again. Drops the request being read (its body, its answer and file), and the unparsed input of a large head buffer
 * (given back at once). The SXE buffer's bytes stay until the linger clears them (reading there is paused or harmless).
 */
static __attribute__((noinline)) void httpd_conn_decide_close(HTTPD_CONN *conn) /* off the hot path's registers */
{
    conn->closing = true;
    conn->in_body = false;
    httpd_conn_answer_drop(conn);
    httpd_conn_large_release(conn);
}

/* Unconsumed input of the connection: the large head buffer's while it holds one, else the SXE buffer's. */
static inline const char *httpd_conn_in(HTTPD_CONN *conn)
{
    if (SXE_UNLIKELY(conn->large != SXE_POOL_NO_INDEX)) {
        HTTPD_LARGE *large = httpd_large_by_index(conn->large);

        return large->data + large->start;
    }

    return SXE_BUF(conn->sxe);
}

static inline unsigned httpd_conn_in_used(HTTPD_CONN *conn)
{
    if (SXE_UNLIKELY(conn->large != SXE_POOL_NO_INDEX)) {
        HTTPD_LARGE *large = httpd_large_by_index(conn->large);

        return large->end - large->start;
    }

    return SXE_BUF_USED(conn->sxe);
}

/* Consume n bytes of the connection's input; a large head buffer drained by it goes back to the pool (the bytes
 * still in the SXE buffer, if any, are the input from then on).
 */
static void httpd_conn_in_consume(HTTPD_CONN *conn, unsigned n)
{
    if (SXE_LIKELY(conn->large == SXE_POOL_NO_INDEX)) {
        sxe_buf_discard(conn->sxe, n);
        return;
    }

    HTTPD_LARGE *large = httpd_large_by_index(conn->large);

    SXEA1(n <= large->end - large->start, "consuming %u bytes of %u", n, large->end - large->start);
    large->start += n;

    if (large->start == large->end) {
        httpd_conn_large_release(conn);
    }
}

/* While the connection holds a large head buffer: move what the SXE buffer holds (as much as fits) to its end,
 * first moving its unconsumed bytes to its start. Returns the number of bytes moved (0 without a large buffer).
 */
static unsigned httpd_conn_large_fill(HTTPD_CONN *conn)
{
    SXE *this = conn->sxe;
    HTTPD_LARGE *large;
    unsigned length = SXE_BUF_USED(this);

    if (SXE_LIKELY(conn->large == SXE_POOL_NO_INDEX) || length == 0) {
        return 0;
    }

    large = httpd_large_by_index(conn->large);

    if (large->start > 0) {
        memmove(large->data, large->data + large->start, large->end - large->start);
        large->end -= large->start;
        large->start = 0;
    }

    length = length < HTTPD_LARGE_HEAD_BYTES - large->end ? length : HTTPD_LARGE_HEAD_BYTES - large->end;
    memcpy(large->data + large->end, SXE_BUF(this), length);
    large->end += length;
    sxe_buf_discard(this, length);
    return length;
}

static void httpd_conn_linger(HTTPD_CONN *conn);
static void httpd_conn_close(HTTPD_CONN *conn);
static void httpd_count_status(unsigned status);

/* True at most once a second for each `last`: the overload logs must not become a load of their own. */
static bool httpd_log_rarely(double *last)
{
    if (ev_now(EV_DEFAULT) - *last < 1.0) {
        return false;
    }

    *last = ev_now(EV_DEFAULT);
    return true;
}

/* Evict the oldest holder of a large head buffer, so that a new head gets one: the holder decides to close (its
 * unparsed input is dropped, the buffer given back). A holder with output pending finishes it first; a holder
 * waiting for the rest of its head (state HEAD) is answered 408 at once, written from the stack (the scratch holds
 * the caller's answers), and lingers. Counted, logged at most once a second.
 */
static void httpd_conn_large_evict_oldest(void)
{
    static double logged;
    HTTPD_CONN *victim = httpd_conn_by_id(
        httpd_large_by_index(sxe_pool_get_oldest_element_index(httpd.larges, HTTPD_OVERFLOW_USED))->owner);
    char answer[HTTPD_ANSWER_MAXIMUM];
    unsigned length;
    SXE_RETURN result;

    httpd.counters.large_heads_evicted++;

    if (httpd_log_rarely(&logged)) {
        SXEL3("all %u large head buffers are in use: the oldest holder is answered 408 to serve a new head (%llu so "
              "far; raise -L if these are not attacks)",
              httpd.options.large_heads, httpd.counters.large_heads_evicted);
    }

    httpd_conn_decide_close(victim);

    if (victim->pending != HTTPD_PENDING_NONE) {
        return; /* its completion sees it closing: it lingers once its output has left */
    }

    httpd_count_status(408);
    length = httpd_response_error(answer, sizeof(answer), 408, false, HTTPD_CONNECTION_CLOSE);

    if (SXE_UNLIKELY(httpd.access_log)) {
        httpd_access_log_request(victim->sxe, NULL, 408, httpd_response_error_body_length(408));
    }

    result = sxe_write(victim->sxe, answer, length);

    if (result != SXE_RETURN_OK && result != SXE_RETURN_WARN_WOULD_BLOCK) { /* SXE_RETURN values are not ordered */
        httpd_conn_close(victim);
        return;
    }

    httpd_conn_linger(victim); /* a partial 408 (a full socket) is cut short: the head was never complete anyway */
}

/* The SXE buffer is full and holds an incomplete head: take a large head buffer (evicting the oldest holder when
 * none is free) and move the bytes there.
 */
static void httpd_conn_large_take(HTTPD_CONN *conn)
{
    unsigned index;
    unsigned used;

    if (sxe_pool_get_number_in_state(httpd.larges, HTTPD_OVERFLOW_FREE) == 0) {
        httpd_conn_large_evict_oldest();
    }

    index = sxe_pool_set_oldest_element_state(httpd.larges, HTTPD_OVERFLOW_FREE, HTTPD_OVERFLOW_USED);
    SXEA1(index != SXE_POOL_NO_INDEX, "no large head buffer free after an eviction");
    used = httpd.options.large_heads - sxe_pool_get_number_in_state(httpd.larges, HTTPD_OVERFLOW_FREE);
    httpd.counters.large_heads_taken++;
    httpd.counters.large_heads_peak = used > httpd.counters.large_heads_peak ? used : httpd.counters.large_heads_peak;
    conn->large = index;
    httpd_large_by_index(index)->start = 0;
    httpd_large_by_index(index)->end = 0;
    httpd_large_by_index(index)->owner = SXE_ID(conn->sxe);
    httpd_conn_large_fill(conn);
}

/* Give the connection's overflow buffer back, if it holds one. */
static void httpd_conn_overflow_release(HTTPD_CONN *conn)
{
    if (conn->overflow != SXE_POOL_NO_INDEX) {
        sxe_pool_set_indexed_element_state(httpd.outputs, conn->overflow, HTTPD_OVERFLOW_USED, HTTPD_OVERFLOW_FREE);
        conn->overflow = SXE_POOL_NO_INDEX;
    }
}

/* Forget the connection's state (files, pool state). The SXE object is closed by the caller or the library. */
static void httpd_conn_release(HTTPD_CONN *conn)
{
    if (conn->file_fd >= 0) {
        close(conn->file_fd);
        conn->file_fd = -1;
    }

    httpd_conn_answer_drop(conn);
    httpd_conn_overflow_release(conn); /* a pending send is cancelled by the close that follows */
    httpd_conn_large_release(conn);

    httpd_conn_set_state(conn, HTTPD_STATE_FREE);
    conn->sxe = NULL;

    if (httpd.stopping && httpd_conn_number_open() == 0) {
        ev_break(EV_DEFAULT, EVBREAK_ALL);
    }
}

static void httpd_conn_close(HTTPD_CONN *conn)
{
    SXE *this = conn->sxe;

    SXEL6I("closing connection");
    httpd_conn_release(conn);
    sxe_close(this);
}

/* The answer is out and the connection must close: shut the write side, drain until the peer's FIN. */
static void httpd_conn_linger(HTTPD_CONN *conn)
{
    if (conn->peer_closed) {
        httpd_conn_close(conn);
        return;
    }

    sxe_shutdown(conn->sxe); /* TLS: close_notify first */
    sxe_buf_clear(conn->sxe);
    httpd_conn_large_release(conn);
    conn->in_body = false;
    httpd_conn_answer_drop(conn);
    httpd_conn_set_state(conn, HTTPD_STATE_LINGER);
}

static void httpd_conn_on_complete(SXE *this, SXE_RETURN result);

/* No overflow buffer is free: look at the holder that has waited longest. When its peer has been stalled for at
 * least one send check (conn->stalls, a quarter of -s without an acknowledged byte), close it: its buffer is free
 * again (overflows_evicted). Otherwise it goes to the back of the line (the next look is at the next holder).
 * Returns true when a buffer was freed.
 */
static bool httpd_conn_overflow_evict_stalled(void)
{
    static double logged;
    unsigned index = sxe_pool_get_oldest_element_index(httpd.outputs, HTTPD_OVERFLOW_USED);
    HTTPD_CONN *holder = httpd_conn_by_id(httpd.outputs[index].owner);

    if (holder->stalls == 0) {
        sxe_pool_touch_indexed_element(httpd.outputs, index);
        return false;
    }

    httpd.counters.overflows_evicted++;

    if (httpd_log_rarely(&logged)) {
        SXEL3("all %u overflow buffers are in use: closing a stalled slow reader to serve a new one (%llu so far)",
              httpd.options.overflows, httpd.counters.overflows_evicted);
    }

    httpd_conn_close(holder);
    return true;
}

/* The scratch's answers were only partly written: keep the unsent remainder in an overflow buffer and send it from
 * there, reading paused meanwhile. Returns sxe_send()'s result; SXE_RETURN_ERROR_BUFFER_FULL when no overflow
 * buffer is free and no holder is stalled (an overload: the caller closes the connection; counted, logged at most
 * once a second).
 */
static SXE_RETURN httpd_conn_overflow_send(HTTPD_CONN *conn, const char *rest, unsigned length)
{
    static double logged;
    unsigned index = sxe_pool_set_oldest_element_state(httpd.outputs, HTTPD_OVERFLOW_FREE, HTTPD_OVERFLOW_USED);
    unsigned used;
    SXE_RETURN result;

    if (index == SXE_POOL_NO_INDEX && httpd.options.overflows > 0 && httpd_conn_overflow_evict_stalled()) {
        index = sxe_pool_set_oldest_element_state(httpd.outputs, HTTPD_OVERFLOW_FREE, HTTPD_OVERFLOW_USED);
    }

    if (index == SXE_POOL_NO_INDEX) {
        httpd.counters.overflows_refused++;

        if (httpd_log_rarely(&logged)) {
            SXEL3("all %u overflow buffers are in use by readers that are not stalled: closing a slow reader (%llu so "
                  "far; raise -o)",
                  httpd.options.overflows, httpd.counters.overflows_refused);
        }

        return SXE_RETURN_ERROR_BUFFER_FULL;
    }

    used = httpd.options.overflows - sxe_pool_get_number_in_state(httpd.outputs, HTTPD_OVERFLOW_FREE);
    httpd.counters.overflows_taken++;
    httpd.counters.overflows_peak = used > httpd.counters.overflows_peak ? used : httpd.counters.overflows_peak;
    conn->overflow = index;
    httpd.outputs[index].owner = SXE_ID(conn->sxe);
    memcpy(httpd.outputs[index].data, rest, length);
    sxe_pause(conn->sxe); /* the connection cannot produce more output until this has drained */
    conn->pending = HTTPD_PENDING_OUT;
    result = sxe_send(conn->sxe, httpd.outputs[index].data, length, httpd_conn_on_complete);

    if (result != SXE_RETURN_WARN_IN_PROGRESS) { /* drained already (or failed): the buffer is free again */
        httpd_conn_overflow_release(conn);
        sxe_buf_resume(conn->sxe, SXE_BUF_RESUME_WHEN_MORE_DATA);
    }

    return result;
}

/* Write the scratch's answers: one sxe_write. Returns SXE_RETURN_OK when all went out, WARN_IN_PROGRESS when the
 * remainder is pending in an overflow buffer, or an error (the caller closes).
 */
static SXE_RETURN httpd_conn_write_out(HTTPD_CONN *conn)
{
    unsigned used = httpd.out_used;
    SXE_RETURN result;

    httpd.out_used = 0;
    result = sxe_write(conn->sxe, httpd.out, used);

    if (SXE_UNLIKELY(result == SXE_RETURN_WARN_WOULD_BLOCK)) {
        unsigned sent = SXE_LAST_WRITE_LENGTH(conn->sxe);

        result = httpd_conn_overflow_send(conn, httpd.out + sent, used - sent);
    }

    return result;
}

/* A slow reader's progress: the bytes its peer acknowledged; where the kernel does not say, the bytes handed to it. */
static uint64_t httpd_conn_progress(HTTPD_CONN *conn)
{
    unsigned long long acked;

    if (sxe_get_bytes_acknowledged(conn->sxe, &acked) == SXE_RETURN_OK) {
        return acked;
    }

    return (uint64_t)conn->file_offset + (UINT32_MAX - conn->sxe->send_left);
}

/* Output is pending (a partial write, a file body): state SEND. Its send checks (every -s / HTTPD_SEND_CHECKS) count
 * the checks in a row that found no progress (conn->stalls). Entering SEND starts the measure; staying in it (the
 * completion of one send followed by another: the connection stays in SEND until its output is all out) counts as
 * progress only when the peer acknowledged more: the kernel taking bytes into a send buffer it grows is not the
 * peer reading them.
 */
static void httpd_conn_send_wait(HTTPD_CONN *conn)
{
    uint64_t progress = httpd_conn_progress(conn);

    if (sxe_pool_index_to_state(httpd.conns, SXE_ID(conn->sxe)) != HTTPD_STATE_SEND) {
        conn->progress = progress;
        conn->stalls = 0;
        httpd_conn_set_state(conn, HTTPD_STATE_SEND);
    } else if (progress != conn->progress) {
        conn->progress = progress;
        conn->stalls = 0;
        sxe_pool_touch_indexed_element(httpd.conns, SXE_ID(conn->sxe));
    }
}

/* Write the scratch, then send the pending file body. Returns CONTINUE when all went out now, WAIT when a send is
 * pending (completion resumes the connection), GONE when the write failed (or found no overflow buffer free) and
 * the connection was closed.
 */
static HTTPD_NEXT httpd_conn_flush(HTTPD_CONN *conn)
{
    SXE_RETURN result = SXE_RETURN_OK;

    if (httpd.out_used > 0) {
        result = httpd_conn_write_out(conn);
    }

    while (result == SXE_RETURN_OK && conn->file_left > 0) {
        unsigned chunk =
            conn->file_left < HTTPD_SENDFILE_CHUNK_MAXIMUM ? (unsigned)conn->file_left : HTTPD_SENDFILE_CHUNK_MAXIMUM;

        conn->pending = HTTPD_PENDING_FILE;
        httpd_conn_in_sendfile = true; /* sxe_sendfile() reports an immediate result to on_complete too: ignored */
        result = sxe_sendfile(conn->sxe, conn->file_fd, &conn->file_offset, chunk, httpd_conn_on_complete);
        httpd_conn_in_sendfile = false;
        conn->file_left -= result == SXE_RETURN_OK ? chunk : 0;
    }

    if (result == SXE_RETURN_WARN_IN_PROGRESS) {
        httpd_conn_send_wait(conn);
        return HTTPD_NEXT_WAIT;
    }

    conn->pending = HTTPD_PENDING_NONE;

    if (result != SXE_RETURN_OK) {
        httpd_conn_close(conn);
        return HTTPD_NEXT_GONE;
    }

    if (conn->file_fd >= 0) {
        close(conn->file_fd);
        conn->file_fd = -1;
        httpd.counters.files_sent++;
    }

    return HTTPD_NEXT_CONTINUE;
}

/* Completion of a send that could not finish at once (sxe_sendfile() also calls it for an immediate result, which its
 * caller handles from the result returned: ignored here).
 */
static void httpd_conn_on_complete(SXE *this, SXE_RETURN result)
{
    HTTPD_CONN *conn = httpd_conn_by_id(SXE_ID(this));

    if (httpd_conn_in_sendfile) {
        return;
    }

    if (conn->sxe != this) { /* httpd is closing it: release() cleaned up */
        return;
    }

    if (result != SXE_RETURN_OK) { /* the peer is gone (SXE_RETURN_ERROR_NO_CONNECTION: a reset) or the send failed */
        httpd_conn_close(conn);
        return;
    }

    if (conn->pending == HTTPD_PENDING_FILE) {
        uint64_t chunk =
            conn->file_left < HTTPD_SENDFILE_CHUNK_MAXIMUM ? conn->file_left : HTTPD_SENDFILE_CHUNK_MAXIMUM;
        conn->file_left -= chunk;
    } else if (conn->overflow != SXE_POOL_NO_INDEX) { /* the remainder of a partial write is out */
        httpd_conn_overflow_release(conn);
        sxe_buf_resume(this, SXE_BUF_RESUME_WHEN_MORE_DATA);
    }

    conn->pending = HTTPD_PENDING_NONE;
    httpd.out_used = 0;

    if (httpd_conn_flush(conn) != HTTPD_NEXT_CONTINUE) {
        return;
    }

    if (conn->closing) { /* the CLOSING RULE: its last answer has left; nothing more is parsed */
        httpd_conn_linger(conn);
        return;
    }

    httpd_response_refresh_date(ev_now(EV_DEFAULT));
    httpd_conn_serve(conn); /* still in SEND: serve() picks the next state (SEND again when more output waits) */
}

/* Add an answer of `made` bytes just built at the scratch's free end. httpd_conn_make_room() guaranteed the room. */
static void httpd_conn_put(HTTPD_CONN *conn, unsigned made)
{
    SXE_UNUSED_ARGUMENT(conn);
    SXEA1(made > 0, "an answer did not fit in HTTPD_ANSWER_MAXIMUM bytes");
    httpd.out_used += made;
}

#define HTTPD_OUT(conn)  (httpd.out + httpd.out_used)
#define HTTPD_ROOM(conn) (HTTPD_OUTPUT_BYTES - httpd.out_used)

/* Before building an answer: flush when fewer than HTTPD_ANSWER_MAXIMUM bytes are free. CONTINUE when there is
 * room now; otherwise what the flush returned (WAIT: resume at completion, GONE).
 */
static HTTPD_NEXT httpd_conn_make_room(HTTPD_CONN *conn)
{
    return HTTPD_ROOM(conn) >= HTTPD_ANSWER_MAXIMUM ? HTTPD_NEXT_CONTINUE : httpd_conn_flush(conn);
}

static void httpd_count_status(unsigned status)
{
    if (status < 300) {
        httpd.counters.responses_2xx++;
    } else if (status < 400) {
        httpd.counters.responses_3xx++;
    } else if (status < 500) {
        httpd.counters.responses_4xx++;
    } else {
        httpd.counters.responses_5xx++;
    }
}

/* The access log's line of an answer (-a): req NULL when no request line was read ("-"). The arguments are only
 * evaluated when the log is on (the hot path pays one test).
 */
#define HTTPD_CONN_LOG(conn, req, status, bytes)                                                                       \
    do {                                                                                                               \
        if (SXE_UNLIKELY(httpd.access_log)) {                                                                          \
            httpd_access_log_request((conn)->sxe, (req), (status), (bytes));                                           \
        }                                                                                                              \
    } while (0)

/* Answer with an error status and close the connection after the flush. Needs room (httpd_conn_make_room). The
 * request being read, if any, gets no other answer. req: the request, when its head was parsed (for the log).
 */
static HTTPD_NEXT httpd_conn_error_to(HTTPD_CONN *conn, const SXE_HTTP_REQUEST *req, unsigned status, bool head)
{
    SXEL6("answering %u", status);
    httpd_count_status(status);
    HTTPD_CONN_LOG(conn, req, status, head ? 0 : httpd_response_error_body_length(status));
    httpd_conn_put(conn, httpd_response_error(HTTPD_OUT(conn), HTTPD_ROOM(conn), status, head, HTTPD_CONNECTION_CLOSE));
    httpd_conn_decide_close(conn);
    return HTTPD_NEXT_CLOSING;
}

static HTTPD_NEXT httpd_conn_error(HTTPD_CONN *conn, unsigned status, bool head)
{
    return httpd_conn_error_to(conn, NULL, status, head);
}

/* Answer with the file looked up for the request (headers into out[], the body by sendfile at the flush): 200 or
 * 206 with the file (from file_offset, answer->length bytes), 304, 416, or the lookup's error (the connection
 * stays: none of them is a framing error).
 */
static HTTPD_NEXT httpd_conn_answer_file(HTTPD_CONN *conn, int connection)
{
    HTTPD_ANSWER *answer = &conn->answer;
    bool head = answer->head;

    httpd_count_status(answer->status);

    if (answer->status == 304) {
        httpd_conn_put(conn, httpd_response_not_modified(HTTPD_OUT(conn), HTTPD_ROOM(conn), connection, answer));
        return HTTPD_NEXT_CONTINUE;
    }

    if (answer->status == 416) {
        httpd_conn_put(conn, httpd_response_range_not_satisfiable(HTTPD_OUT(conn), HTTPD_ROOM(conn), head, connection,
                                                                  answer->size));
        return HTTPD_NEXT_CONTINUE;
    }

    if (answer->status != 200 && answer->status != 206) {
        httpd_conn_put(conn, httpd_response_error(HTTPD_OUT(conn), HTTPD_ROOM(conn), answer->status, head, connection));
        return HTTPD_NEXT_CONTINUE;
    }

    httpd_conn_put(conn,
                   httpd_response_file_head(HTTPD_OUT(conn), HTTPD_ROOM(conn), connection, answer, conn->file_offset));

    if (head || answer->length == 0) {
        close(answer->fd);
        answer->fd = -1;
        return HTTPD_NEXT_CONTINUE;
    }

    conn->file_fd = answer->fd; /* conn->file_offset: set with the answer's status, when the head was parsed */
    conn->file_left = answer->length;
    answer->fd = -1;
    return httpd_conn_flush(conn);
}

/* Build the answer of the request whose head (and body, if any) has been read. Needs room (make_room). */
static HTTPD_NEXT httpd_conn_answer(HTTPD_CONN *conn)
{
    HTTPD_ANSWER *answer = &conn->answer;
    HTTPD_NEXT next = HTTPD_NEXT_CONTINUE;
    bool keep = answer->keep_alive && !httpd.stopping && !conn->peer_closed;
    int connection = !keep            ? HTTPD_CONNECTION_CLOSE
                     : answer->http10 ? HTTPD_CONNECTION_KEEP_ALIVE
                                      : HTTPD_CONNECTION_NONE;

    answer->due = false;

    if (SXE_UNLIKELY(answer->body_error != 0)) { /* logged apart: its request's line was logged with its head */
        return httpd_conn_error(conn, answer->body_error, answer->head);
    }

    if (httpd.docroot_fd >= 0) {
        next = httpd_conn_answer_file(conn, connection);
    } else {
        httpd_conn_put(conn, httpd_response_hello(HTTPD_OUT(conn), HTTPD_ROOM(conn), answer->head, connection));
        httpd.counters.responses_2xx++;
    }

    if (!keep && next != HTTPD_NEXT_GONE) {
        httpd_conn_decide_close(conn);
        next = next == HTTPD_NEXT_CONTINUE ? HTTPD_NEXT_CLOSING : next;
    }

    return next;
}

/* Set up discarding of the request's body, if it has one. */
static void httpd_conn_expect_body(HTTPD_CONN *conn, const SXE_HTTP_REQUEST *req)
{
    if (req->body_kind == SXE_HTTP_BODY_CHUNKED) {
        conn->in_body = true;
        conn->chunked = true;
        sxe_http_chunked_init(&conn->body.chunks, httpd.options.buffer_bytes);
    } else if (req->body_kind == SXE_HTTP_BODY_LENGTH && req->content_length > 0) {
        conn->in_body = true;
        conn->chunked = false;
        conn->body.left = req->content_length;
    }
}

#define HTTPD_CONTINUE "HTTP/1.1 100 Continue\r\n\r\n"

/* "Expect: 100-continue" on a request whose body is to be read: RFC 9110 10.1.1 requires a 100 or a final status
 * before the client sends the body, else it waits (curl: 1 s). Sent in order, after the answers before it; not when
 * some of the body is already there (the client did not wait), nor to HTTP/1.0 (which must ignore the expectation).
 * Needs room (httpd_conn_make_room: the final answer still fits after these 25 bytes).
 */
static void httpd_conn_continue(HTTPD_CONN *conn, const SXE_HTTP_REQUEST *req)
{
    if (req->version_minor == 0 || httpd_conn_in_used(conn) > 0) {
        return;
    }

    memcpy(HTTPD_OUT(conn), HTTPD_CONTINUE, sizeof(HTTPD_CONTINUE) - 1);
    httpd_conn_put(conn, sizeof(HTTPD_CONTINUE) - 1);
}

/* The body bytes of the file answer decided (for the log). */
static uint64_t httpd_conn_file_bytes(const HTTPD_ANSWER *answer)
{
    if (answer->head || answer->status == 304) {
        return 0;
    }

    return answer->status == 200 || answer->status == 206 ? answer->length
                                                          : httpd_response_error_body_length(answer->status);
}

/* -r: look the request's file up and evaluate its conditions and Range (the request's fields are still in the
 * input): the answer's status, its open file (200, 206) and the first byte to send (file_offset). Returns the status.
 */
static unsigned httpd_conn_lookup(HTTPD_CONN *conn, const SXE_HTTP_REQUEST *req, bool head)
{
    HTTPD_ANSWER *answer = &conn->answer;
    HTTPD_FILE file;
    uint64_t start = 0;
    unsigned status = httpd_static_open(req->target, req->target_len, &file);

    answer->length = file.size;

    if (status == 200 && !file.listing) {
        status = httpd_conditional_evaluate(req, &file, head, &start, &answer->length);
    }

    if (status != 200 && status != 206 && file.fd >= 0) {
        close(file.fd);
        file.fd = -1;
    }

    answer->status = (uint16_t)status;
    answer->fd = file.fd;
    answer->size = file.size;
    answer->mtime_ns = file.mtime_ns;
    answer->type = file.type;
    answer->listing = file.listing;
    conn->file_offset = (off_t)start;
    return status;
}

/* 301 for a directory named without its slash: answered at once (the Location is built from the target, which is
 * only in the input now). When the request has a body, the connection closes after the 301 instead of reading it.
 * Needs up to HTTPD_REDIRECT_MAXIMUM bytes of room: may flush first (WAIT: the head is parsed again later).
 */
static HTTPD_NEXT httpd_conn_redirect(HTTPD_CONN *conn, const SXE_HTTP_REQUEST *req, unsigned head_len, bool head)
{
    const char *path;
    const char *query;
    unsigned path_len;
    unsigned query_len;
    HTTPD_NEXT next;
    bool body =
        req->body_kind == SXE_HTTP_BODY_CHUNKED || (req->body_kind == SXE_HTTP_BODY_LENGTH && req->content_length > 0);
    bool keep = req->keep_alive && !body && !httpd.stopping && !conn->peer_closed;

    conn->answer.due = false; /* answered here and now */
    httpd_static_target_split(req->target, req->target_len, &path, &path_len, &query, &query_len);

    if (path_len + query_len + 1 > HTTPD_REDIRECT_MAXIMUM) {
        return httpd_conn_error_to(conn, req, 414, head);
    }

    if (HTTPD_ROOM(conn) < HTTPD_ANSWER_MAXIMUM + path_len + query_len &&
        (next = httpd_conn_flush(conn)) != HTTPD_NEXT_CONTINUE) {
        httpd.counters.requests--; /* not answered yet: counted again when the head is parsed again */
        return next;
    }

    httpd_count_status(301);
    HTTPD_CONN_LOG(conn, req, 301, head ? 0 : SXE_LITERAL_LENGTH("301 Moved Permanently\n"));
    httpd_conn_put(conn, httpd_response_redirect(HTTPD_OUT(conn), HTTPD_ROOM(conn), head,
                                                 !keep                     ? HTTPD_CONNECTION_CLOSE
                                                 : req->version_minor == 0 ? HTTPD_CONNECTION_KEEP_ALIVE
                                                                           : HTTPD_CONNECTION_NONE,
                                                 path, path_len, query, query_len));
    httpd_conn_in_consume(conn, head_len);

    if (!keep) {
        httpd_conn_decide_close(conn);
        return HTTPD_NEXT_CLOSING;
    }

    return HTTPD_NEXT_CONTINUE;
}

/* One parsed request of head_len bytes: decide its answer (looking its file up while the target is in the buffer)
 * and consume the head. Without a body the answer is built now; with one, once the body is discarded. Needs room
 * (httpd_conn_make_room).
 */
static HTTPD_NEXT httpd_conn_request(HTTPD_CONN *conn, const SXE_HTTP_REQUEST *req, unsigned head_len)
{
    HTTPD_ANSWER *answer = &conn->answer;
    bool head = req->method_id == SXE_HTTP_METHOD_HEAD;

    httpd.counters.requests++;

    if (SXE_UNLIKELY(req->method_id != SXE_HTTP_METHOD_GET && !head)) {
        return httpd_conn_error_to(conn, req, req->method_id == SXE_HTTP_METHOD_UNKNOWN ? 501 : 405, false);
    }

    if (SXE_UNLIKELY(req->has_content_length && req->has_transfer_encoding)) {
        return httpd_conn_error_to(conn, req, 400, head);
    }

    answer->due = true;
    answer->head = head;
    answer->keep_alive = req->keep_alive;
    answer->http10 = req->version_minor == 0;
    answer->body_error = 0;

    if (httpd.docroot_fd >= 0) {
        if (SXE_UNLIKELY(httpd_conn_lookup(conn, req, head) == 301)) {
            return httpd_conn_redirect(conn, req, head_len, head);
        }

        HTTPD_CONN_LOG(conn, req, answer->status, httpd_conn_file_bytes(answer));
    } else {
        HTTPD_CONN_LOG(conn, req, 200, head ? 0 : httpd_response_hello_body_length());
    }

    httpd_conn_in_consume(conn, head_len);
    httpd_conn_expect_body(conn, req);

    if (SXE_UNLIKELY(req->expect_continue) && conn->in_body) {
        httpd_conn_continue(conn, req);
    }

    return conn->in_body ? HTTPD_NEXT_CONTINUE : httpd_conn_answer(conn);
}

/* Discard body bytes of the current request. CONTINUE when the body is complete, or on a framing error (then
 * recorded in answer.body_error: the request's answer becomes that error), WAIT for more. Progress does not restart
 * the BODY state's clock: like a head, a body must arrive within -t (a trickle cannot hold a connection forever).
 */
static HTTPD_NEXT httpd_conn_discard_body(HTTPD_CONN *conn)
{
    if (conn->chunked) {
        while (!conn->body.chunks.done && httpd_conn_in_used(conn) > 0) {
            size_t offset;
            size_t length;
            int used = sxe_http_chunked_decode(&conn->body.chunks, httpd_conn_in(conn), httpd_conn_in_used(conn),
                                               &offset, &length);

            if (used < 0) {
                conn->answer.body_error = sxe_http_error_to_status(used);
                conn->in_body = false;
                return HTTPD_NEXT_CONTINUE;
            }

            httpd_conn_in_consume(conn, (unsigned)used);
        }

        conn->in_body = !conn->body.chunks.done;
    } else {
        /* the large buffer (if held) first, then the SXE buffer: both may hold body bytes */
        for (unsigned part; conn->body.left > 0 && (part = httpd_conn_in_used(conn)) > 0;) {
            part = conn->body.left < part ? (unsigned)conn->body.left : part;
            httpd_conn_in_consume(conn, part);
            conn->body.left -= part;
        }

        conn->in_body = conn->body.left > 0;
    }

    return conn->in_body ? HTTPD_NEXT_WAIT : HTTPD_NEXT_CONTINUE;
}

/* The head in the input is incomplete. In a large head buffer: parse again if more bytes could be moved in, else
 * wait (the parser itself answers a full one with 414/431). In the SXE buffer: wait while it has room; once full,
 * move to a large head buffer (none free: the oldest holder is evicted), or without the large head pool (-L 0)
 * answer 414/431.
 */
static HTTPD_NEXT httpd_conn_incomplete(HTTPD_CONN *conn)
{
    SXE *this = conn->sxe;

    if (conn->large != SXE_POOL_NO_INDEX) {
        return httpd_conn_large_fill(conn) > 0 ? HTTPD_NEXT_CONTINUE : HTTPD_NEXT_WAIT;
    }

    if (SXE_BUF_USED(this) < httpd.options.buffer_bytes) {
        return HTTPD_NEXT_WAIT;
    }

    if (httpd.options.large_heads == 0) {
        return httpd_conn_error(conn, memchr(SXE_BUF(this), '\n', SXE_BUF_USED(this)) == NULL ? 414 : 431, false);
    }

    httpd_conn_large_take(conn);
    return HTTPD_NEXT_CONTINUE;
}

/* Answer every complete request in the buffer; stop at a partial one, a pending send, or a close decision. Never
 * called for a connection that decided to close (the CLOSING RULE, httpd.h): it reads nothing more once it lingers,
 * nothing while its output is pending (on_read), and its completion lingers instead of serving.
 */
static HTTPD_NEXT httpd_conn_answer_all(HTTPD_CONN *conn)
{
    SXE_HTTP_HEADER headers[HTTPD_HEADER_MAX];
    SXE_HTTP_REQUEST req;
    HTTPD_NEXT next = HTTPD_NEXT_CONTINUE;
    unsigned head_max = httpd.options.large_heads > 0 ? HTTPD_LARGE_HEAD_BYTES : httpd.options.buffer_bytes;

    SXEA6(!conn->closing, "a connection that decided to close is parsing its input");
    req.headers = headers;
    req.header_max = HTTPD_HEADER_MAX;
    httpd_conn_large_fill(conn); /* a connection holding a large head buffer: this read's bytes go there */

    while (next == HTTPD_NEXT_CONTINUE) {
        if (conn->in_body && (next = httpd_conn_discard_body(conn)) != HTTPD_NEXT_CONTINUE) {
            break;
        }

        if (conn->answer.due) { /* the body of the parsed request is complete (or malformed): answer it */
            if ((next = httpd_conn_make_room(conn)) == HTTPD_NEXT_CONTINUE) {
                next = httpd_conn_answer(conn);
            }

            continue;
        }

        if (httpd_conn_in_used(conn) == 0) {
            next = HTTPD_NEXT_WAIT;
            break;
        }

        if ((next = httpd_conn_make_room(conn)) != HTTPD_NEXT_CONTINUE) {
            break;
        }

        int head_len = sxe_http_parse_request(httpd_conn_in(conn), httpd_conn_in_used(conn), &req, head_max);

        if (head_len == SXE_HTTP_NEED_MORE) {
            next = httpd_conn_incomplete(conn);
        } else if (head_len < 0) {
            next = httpd_conn_error(conn, sxe_http_error_to_status(head_len), false);
        } else {
            next = httpd_conn_request(conn, &req, (unsigned)head_len);
        }
    }

    return next;
}

/* Process the input buffer, then flush once and pick the connection's next state. */
static void httpd_conn_serve(HTTPD_CONN *conn)
{
    SXE *this = conn->sxe;
    HTTPD_NEXT next;

    httpd.out_used = 0; /* the scratch is this connection's until serve() returns */
    next = httpd_conn_answer_all(conn);

    if (next == HTTPD_NEXT_GONE || conn->pending != HTTPD_PENDING_NONE ||
        httpd_conn_flush(conn) != HTTPD_NEXT_CONTINUE) {
        return; /* closed, or output pending: the completion calls serve() again */
    }

    if (conn->closing) {
        httpd_conn_linger(conn);
    } else if (conn->in_body) { /* also when stopping: the request in flight is finished (within the stop bound) */
        if (conn->peer_closed) {
            httpd_conn_close(conn); /* the body will never be complete: the request gets no answer */
        } else {
            httpd_conn_set_state(conn, HTTPD_STATE_BODY);
        }
    } else if (httpd.stopping) {
        httpd_conn_linger(conn);
    } else if (conn->peer_closed) {
        httpd_conn_close(conn); /* the peer sent all it will send; a partial request is dropped */
    } else if (httpd_conn_in_used(conn) > 0) {
        httpd_conn_set_state(conn, HTTPD_STATE_HEAD); /* stamped when the head's first bytes arrived */
    } else if (sxe_pool_index_to_state(httpd.conns, SXE_ID(this)) == HTTPD_STATE_IDLE) {
        sxe_pool_touch_indexed_element(httpd.conns, SXE_ID(this)); /* answered: the idle clock restarts now */
    } else {
        httpd_conn_set_state(conn, HTTPD_STATE_IDLE);
    }
}

static void httpd_conn_on_connected(SXE *this)
{
    HTTPD_CONN *conn = httpd_conn_by_id(SXE_ID(this));

    conn->sxe = this;
    conn->overflow = SXE_POOL_NO_INDEX;
    conn->large = SXE_POOL_NO_INDEX;
    conn->pending = HTTPD_PENDING_NONE;
    conn->closing = false;
    conn->stalls = 0;
    conn->peer_closed = false;
    conn->in_body = false;
    conn->answer.due = false;
    conn->answer.fd = -1;
    conn->file_fd = -1;
    conn->file_left = 0;
    httpd_conn_set_state(conn, HTTPD_STATE_IDLE);
}

static void httpd_conn_on_read(SXE *this, int length)
{
    HTTPD_CONN *conn = httpd_conn_by_id(SXE_ID(this));
    unsigned state = sxe_pool_index_to_state(httpd.conns, SXE_ID(this));

    SXEL6I("read %d bytes in state %u", length, state);
    conn->peer_closed = conn->peer_closed || SXE_IS_PEER_CLOSED(this);

    if (SXE_UNLIKELY(state == HTTPD_STATE_LINGER)) {
        sxe_buf_clear(this);

        if (conn->peer_closed) {
            httpd_conn_close(conn);
        }

        return;
    }

    if (conn->pending != HTTPD_PENDING_NONE) {
        return; /* input waits in the buffer until the pending send completes */
    }

    /* An IDLE connection stays IDLE while its requests are answered in this callback: only a partial head left at
     * the end moves it to HEAD (serve() below, in this same callback as its first bytes' arrival, so the slow-head
     * clock still starts with them). A whole request therefore costs one pool touch, not two state changes.
     */
    httpd_response_refresh_date(ev_now(EV_DEFAULT));
    httpd_conn_serve(conn);
}

static void httpd_conn_on_close(SXE *this)
{
    HTTPD_CONN *conn = httpd_conn_by_id(SXE_ID(this));

    SXEL6I("peer closed");

    if (conn->sxe == this) {
        httpd_conn_release(conn);
    }
}

/* Pool state timeout for connection `id`: the oldest element of a state has been there longer than its timeout. */
static void httpd_conn_on_timeout(void *array, unsigned id, void *caller_info)
{
    HTTPD_CONN *conn = httpd_conn_by_id(id);
    unsigned state = sxe_pool_index_to_state(array, id);
    uint64_t progress;

    SXE_UNUSED_ARGUMENT(caller_info);

    switch (state) {
        case HTTPD_STATE_HEAD: /* slowloris: the head did not complete in time */
            httpd.counters.timeouts_head++;
            httpd_response_refresh_date(ev_now(EV_DEFAULT));
            httpd.out_used = 0;
            httpd_conn_error(conn, 408, false);

            if (httpd_conn_flush(conn) == HTTPD_NEXT_CONTINUE) {
                httpd_conn_linger(conn);
            }

            break;

        case HTTPD_STATE_SEND: /* a slow reader: closed when its peer acknowledged nothing for a whole -s */
            progress = httpd_conn_progress(conn);
            conn->stalls = progress == conn->progress ? conn->stalls + 1 : 0;
            conn->progress = progress;

            if (conn->stalls < HTTPD_SEND_CHECKS) {
                sxe_pool_touch_indexed_element(array, id); /* stalled once or more: its overflow buffer is evictable */
                break;
            }

            httpd.counters.timeouts_other++;
            httpd_conn_close(conn);
            break;

        default: /* IDLE, BODY, LINGER */
            *(state == HTTPD_STATE_IDLE ? &httpd.counters.timeouts_idle : &httpd.counters.timeouts_other) += 1;
            httpd_conn_close(conn);
            break;
    }
}

/* Pool full: the library accepted a connection it has no object for. Answer 503 and let it close. */
static void httpd_conn_on_refused(SXE *listener, int fd)
{
    char answer[512];
    unsigned length;

    SXE_UNUSED_ARGUMENT(listener);
    httpd.counters.refused_503++;
    httpd_response_refresh_date(ev_now(EV_DEFAULT));
    length = httpd_response_error(answer, sizeof(answer), 503, false, HTTPD_CONNECTION_CLOSE);
    (void)!send(fd, answer, length, MSG_NOSIGNAL | MSG_DONTWAIT);

    if (SXE_UNLIKELY(httpd.access_log)) {
        httpd_access_log_refused(fd, 503, httpd_response_error_body_length(503));
    }
}

static SXE_RETURN httpd_conn_pool_new(void)
{
    double timeouts[HTTPD_STATE_NUMBER] = {0};
    double idle = (double)httpd.options.idle_seconds;

    timeouts[HTTPD_STATE_IDLE] = idle;
    timeouts[HTTPD_STATE_HEAD] = idle;
    timeouts[HTTPD_STATE_BODY] = idle;
    timeouts[HTTPD_STATE_SEND] = (double)httpd.options.send_seconds / HTTPD_SEND_CHECKS;
    timeouts[HTTPD_STATE_LINGER] = idle < HTTPD_LINGER_SECONDS_MAXIMUM ? idle : HTTPD_LINGER_SECONDS_MAXIMUM;
    httpd.element_size = sizeof(HTTPD_CONN);
    httpd.conns = sxe_pool_new_with_timeouts_and_options("httpd-connections", httpd.conn_number, httpd.element_size,
                                                         HTTPD_STATE_NUMBER, timeouts, httpd_conn_on_timeout, NULL, 0);

    if (httpd.conns == NULL) {
        return SXE_RETURN_ERROR_OUT_OF_MEMORY;
    }

    memset(httpd.conns, 0, (size_t)httpd.conn_number * httpd.element_size); /* touch every page now */
    httpd.bytes_allocated += sxe_pool_get_allocated_bytes(httpd.conns);
    return SXE_RETURN_OK;
}

/* The output scratch and the overflow buffers: one untimed pool of options.overflows + 1 HTTPD_OUTPUT elements,
 * FREE/USED; the scratch is element 0, taken for good (state SCRATCH, so that USED holds only overflow holders).
 */
static SXE_RETURN httpd_conn_output_new(void)
{
    unsigned number = httpd.options.overflows + 1;
    HTTPD_OUTPUT *pool = sxe_pool_new("httpd-output", number, sizeof(HTTPD_OUTPUT), HTTPD_OVERFLOW_STATES, 0);

    if (pool == NULL) {
        return SXE_RETURN_ERROR_OUT_OF_MEMORY;
    }

    memset(pool, 0, (size_t)number * sizeof(HTTPD_OUTPUT)); /* touch every page now */
    sxe_pool_set_indexed_element_state(pool, 0, HTTPD_OVERFLOW_FREE, HTTPD_OVERFLOW_SCRATCH);
    httpd.out = pool[0].data;
    httpd.outputs = pool;
    httpd.bytes_allocated += sxe_pool_get_allocated_bytes(pool);
    return SXE_RETURN_OK;
}

/* The large head buffers: one untimed pool of options.large_heads HTTPD_LARGE elements, FREE/USED, touched now.
 * Without them (-L 0) httpd.larges stays NULL and heads are bounded by the input buffer (-b).
 */
static SXE_RETURN httpd_conn_large_new(void)
{
    unsigned number = httpd.options.large_heads;

    if (number == 0) {
        return SXE_RETURN_OK;
    }

    if ((httpd.larges = sxe_pool_new("httpd-large-heads", number, sizeof(HTTPD_LARGE), HTTPD_OVERFLOW_STATES, 0)) ==
        NULL) {
        return SXE_RETURN_ERROR_OUT_OF_MEMORY;
    }

    memset(httpd.larges, 0, (size_t)number * sizeof(HTTPD_LARGE)); /* touch every page now */
    httpd.bytes_allocated += sxe_pool_get_allocated_bytes(httpd.larges);
    return SXE_RETURN_OK;
}

SXE_RETURN
httpd_conn_setup(void)
{
    SXE_RETURN result;

    httpd.conn_number = httpd.options.connections + 1 + httpd_tls_listeners(); /* + the listeners */
    sxe_register(httpd.conn_number, 0);

    /* sxe_init() grows libev's per-descriptor arrays for one descriptor per connection (fixed memory, see
     * lib-sxe/README.md); with -r a connection may also hold an open file: two per connection.
     */
    sxe_set_warm_descriptors(httpd.docroot_fd >= 0 ? 2 * httpd.conn_number : 0);

    if ((result = sxe_set_buffer_size(httpd.options.buffer_bytes)) != SXE_RETURN_OK ||
        (result = sxe_init()) != SXE_RETURN_OK || (result = httpd_conn_pool_new()) != SXE_RETURN_OK ||
        (result = httpd_conn_output_new()) != SXE_RETURN_OK || (result = httpd_conn_large_new()) != SXE_RETURN_OK) {
        SXEL2("cannot allocate %u connections: %s", httpd.options.connections, sxe_return_to_string(result));
        goto SXE_ERROR_OUT;
    }

    if ((result = httpd_tls_setup()) != SXE_RETURN_OK) {
        goto SXE_ERROR_OUT;
    }

    httpd_response_init();
    httpd.listener = sxe_new_tcp(NULL, httpd.options.ip, httpd.options.port, httpd_conn_on_connected,
                                 httpd_conn_on_read, httpd_conn_on_close);

    if (httpd.listener == NULL) {
        SXEL2("bad listen address %s", httpd.options.ip);
        result = SXE_RETURN_ERROR_INVALID_ADDRESS;
        goto SXE_ERROR_OUT;
    }

    sxe_set_half_close(httpd.listener, true);
    sxe_set_refused_hook(httpd.listener, httpd_conn_on_refused);

    if ((result = httpd_tls_listen(httpd.listener)) != SXE_RETURN_OK) {
        goto SXE_ERROR_OUT;
    }

    if ((result = sxe_listen_plus(httpd.listener, httpd.options.workers > 1 ? SXE_LISTEN_FLAG_REUSEPORT : 0)) !=
        SXE_RETURN_OK) {
        SXEL2("cannot listen on %s:%d: %s", httpd.options.ip, httpd.options.port, sxe_return_to_string(result));
    }

SXE_EARLY_OR_ERROR_OUT:
    return result;
}

void httpd_conn_stop_gracefully(void)
{
    unsigned id;

    httpd.stopping = true;
    httpd_tls_stop_listening();

    if (httpd.listener != NULL) {
        sxe_close(httpd.listener);
        httpd.listener = NULL;
    }

    while ((id = sxe_pool_get_oldest_element_index(httpd.conns, HTTPD_STATE_IDLE)) != SXE_POOL_NO_INDEX) {
        httpd_conn_close(httpd_conn_by_id(id));
    }

    while ((id = sxe_pool_get_oldest_element_index(httpd.conns, HTTPD_STATE_LINGER)) != SXE_POOL_NO_INDEX) {
        httpd_conn_close(httpd_conn_by_id(id));
    }

    if (httpd_conn_number_open() == 0) {
        ev_break(EV_DEFAULT, EVBREAK_ALL);
    }
}

void httpd_conn_teardown(void)
{
    for (unsigned id = 0; httpd.conns != NULL && id < httpd.conn_number; id++) {
        HTTPD_CONN *conn = httpd_conn_by_id(id);

        if (sxe_pool_index_to_state(httpd.conns, id) != HTTPD_STATE_FREE) {
            httpd_conn_close(conn);
        }
    }

    httpd_tls_stop_listening();

    if (httpd.listener != NULL) {
        sxe_close(httpd.listener);
        httpd.listener = NULL;
    }

    sxe_fini();
    httpd_tls_teardown();
    sxe_pool_delete(httpd.conns);
    httpd.conns = NULL;

    if (httpd.outputs != NULL) {
        sxe_pool_delete(httpd.outputs);
        httpd.outputs = NULL;
        httpd.out = NULL;
    }

    if (httpd.larges != NULL) {
        sxe_pool_delete(httpd.larges);
        httpd.larges = NULL;
    }
}
