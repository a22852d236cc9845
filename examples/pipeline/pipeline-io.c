/* pipeline-io.c: an I/O thread of the pipeline: its lib-sxe (its own loop, listeners and connections), the HTTP
 * requests it reads and hands to the serial stage, and the replies it sends when the stage hands them back.
 *
 * A connection (PIPELINE_CONN, in SXE_EXTRA) is idle, or has one request away (in_flight: at the stage, or, inline,
 * never), or is sending its reply (sending). Its `token` changes whenever the object stops carrying the connection
 * (close) or its request is answered, so a reply that comes back for a connection that closed meanwhile (and whose
 * object may carry another connection by then) is recognised and dropped, never sent to the wrong peer or twice.
 */
#define SXE_LOG_COMPONENT "pipeline"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pipeline.h"

typedef struct PIPELINE_CONN {
    uint32_t token;
    bool in_flight;  /* a request is at the stage */
    bool sending;    /* its reply is being sent */
    bool keep_alive; /* the request in flight keeps the connection */
    char response[PIPELINE_RESPONSE_MAXIMUM];
} PIPELINE_CONN;

static __thread PIPELINE_IO *pipeline_io; /* the running thread's */

static const char pipeline_bad_request[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
static const char pipeline_too_large[] =
    "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

static inline PIPELINE_CONN *pipeline_conn(SXE *this)
{
    return SXE_EXTRA(this);
}

/* The object no longer carries this connection: its pending reply, if any, will be dropped. */
static void pipeline_forget(SXE *this)
{
    PIPELINE_CONN *conn = pipeline_conn(this);

    conn->token++;
    conn->in_flight = false;
    conn->sending = false;
    pipeline_io->objects[SXE_ID(this)] = NULL;
    pipeline_io->open--;
}

static void pipeline_close(SXE *this)
{
    pipeline_forget(this);
    sxe_close(this);
}

/* Stop the loop once a stop was asked and nothing is left to finish. */
static void pipeline_stop_if_done(PIPELINE_IO *io)
{
    if (io->stopping && io->in_flight == 0 && io->open == 0) {
        ev_break(io->loop, EVBREAK_ALL);
    }
}

/* ---- replies ------------------------------------------------------------------------------------------------ */

static void pipeline_sent(SXE *this, SXE_RETURN result);

/* The reply went (or failed): the next pipelined request may be read, or the connection closes. */
static void pipeline_after_send(SXE *this, SXE_RETURN result)
{
    PIPELINE_CONN *conn = pipeline_conn(this);

    conn->sending = false;

    if (result != SXE_RETURN_OK || !conn->keep_alive || pipeline_io->stopping) {
        pipeline_close(this); /* the FIN follows the reply */
        pipeline_stop_if_done(pipeline_io);
        return;
    }

    sxe_buf_resume(this, SXE_BUF_RESUME_IMMEDIATE); /* a pipelined request already buffered comes next */
}

static void pipeline_sent(SXE *this, SXE_RETURN result)
{
    pipeline_after_send(this, result);
}

static void pipeline_reply(SXE *this, uint64_t sequence)
{
    PIPELINE_CONN *conn = pipeline_conn(this);
    SXE_RETURN result;
    int length;

    length =
        snprintf(conn->response, sizeof(conn->response),
                 "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\nX-Sequence: %llu\r\n%s\r\n%s",
                 sizeof(PIPELINE_BODY) - 1, (unsigned long long)sequence,
                 conn->keep_alive && !pipeline_io->stopping ? "" : "Connection: close\r\n", PIPELINE_BODY);
    conn->in_flight = false;
    conn->sending = true;
    conn->token++; /* answered: nothing else may come back for this request */
    pipeline_io->counters.answered++;
    result = sxe_send(this, conn->response, (unsigned)length, pipeline_sent);

    if (result != SXE_RETURN_WARN_IN_PROGRESS) {
        pipeline_after_send(this, result);
    }
}

/* The stage's replies to this thread: send each to its connection, if it is still the one that asked. */
static void pipeline_on_replies(SXE_RING *ring, void *arg)
{
    PIPELINE_IO *io = arg;
    PIPELINE_ITEM *item;
    uint64_t first;
    unsigned got;
    SXE *this;

    while ((got = sxe_ring_consume_acquire(ring, pipeline.options.batch, &first)) > 0) {
        for (unsigned i = 0; i < got; i++) {
            item = sxe_ring_element(ring, first + i);
            io->in_flight--;
            this = io->objects[item->conn];

            if (this == NULL || pipeline_conn(this)->token != item->token || !pipeline_conn(this)->in_flight) {
                io->counters.dropped++; /* its connection closed meanwhile */
                continue;
            }

            pipeline_reply(this, item->sequence);
        }

        sxe_ring_consume_release(ring, first, got);
    }

    pipeline_stop_if_done(io);
}

/* ---- requests ----------------------------------------------------------------------------------------------- */

/* Once per loop iteration, before the loop waits: the requests of the iteration go to the stage in one batch. */
static void pipeline_flush(struct ev_loop *loop, ev_prepare *prepare, int revents)
{
    PIPELINE_IO *io = prepare->data;
    SXE_RING *ring = pipeline.stage.requests;
    unsigned sent = 0;
    uint64_t first;
    unsigned got;

    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(revents);

    while (sent < io->outbox_used) {
        unsigned want =
            io->outbox_used - sent < pipeline.options.batch ? io->outbox_used - sent : pipeline.options.batch;

        if ((got = sxe_ring_produce_acquire(ring, want, &first)) == 0) {
            continue; /* never: the ring holds every request that can be in flight */
        }

        for (unsigned i = 0; i < got; i++) {
            *(PIPELINE_ITEM *)sxe_ring_element(ring, first + i) = io->outbox[sent + i];
        }

        sxe_ring_produce_release(ring, first, got);
        sent += got;
    }

    io->outbox_used = 0;
    ev_prepare_stop(io->loop, &io->flush);
}

/* A complete request head: hand it on (or, inline, serve it now). */
static void pipeline_submit(SXE *this)
{
    PIPELINE_IO *io = pipeline_io;
    PIPELINE_CONN *conn = pipeline_conn(this);

    io->counters.requests++;

    if (pipeline.options.threads == 0) {
        conn->in_flight = true;
        pipeline_work(pipeline.options.work_ns);
        pipeline_reply(this, ++pipeline.inline_sequence);
        return;
    }

    conn->in_flight = true;
    io->in_flight++;
    io->outbox[io->outbox_used++] =
        (PIPELINE_ITEM){.thread = io->index, .conn = SXE_ID(this), .token = conn->token, .kind = PIPELINE_ITEM_REQUEST};

    if (!ev_is_active(&io->flush)) {
        ev_prepare_start(io->loop, &io->flush);
    }
}

static void pipeline_reject(SXE *this, const char *answer, size_t length)
{
    pipeline_io->counters.rejected++;
    sxe_write(this, answer, (unsigned)length);
    pipeline_close(this);
}

static void pipeline_on_read(SXE *this, int length)
{
    SXE_HTTP_HEADER headers[PIPELINE_HEADERS_MAXIMUM];
    SXE_HTTP_REQUEST request;
    PIPELINE_CONN *conn = pipeline_conn(this);
    int head;

    SXE_UNUSED_ARGUMENT(length);

    if (conn->in_flight || conn->sending) {
        return; /* paused: not delivered (a re-delivery comes after the reply) */
    }

    memset(&request, 0, sizeof(request));
    request.headers = headers;
    request.header_max = PIPELINE_HEADERS_MAXIMUM;
    head = sxe_http_parse_request(SXE_BUF(this), SXE_BUF_USED(this), &request, PIPELINE_BUFFER_BYTES);

    if (head == 0) {
        if (SXE_BUF_USED(this) >= PIPELINE_BUFFER_BYTES) {
            pipeline_reject(this, pipeline_too_large, sizeof(pipeline_too_large) - 1);
        }

        return; /* the rest of the head comes later */
    }

    if (head < 0 || request.body_kind != SXE_HTTP_BODY_NONE) { /* malformed, or a body: this server takes none */
        pipeline_reject(this, pipeline_bad_request, sizeof(pipeline_bad_request) - 1);
        return;
    }

    conn->keep_alive = request.keep_alive;
    sxe_buf_consume(this, (unsigned)head); /* consumed, and paused until the reply is sent */
    pipeline_submit(this);
}

static void pipeline_on_connected(SXE *this)
{
    PIPELINE_CONN *conn = pipeline_conn(this);

    conn->token++;
    conn->in_flight = false;
    conn->sending = false;
    pipeline_io->objects[SXE_ID(this)] = this;
    pipeline_io->open++;
}

static void pipeline_on_close(SXE *this)
{
    pipeline_forget(this);
    pipeline_stop_if_done(pipeline_io);
}

/* ---- unix connections: accepted by thread 0, handed to the I/O threads in turn -------------------------------- */

static void pipeline_on_unix_connected(SXE *this)
{
    PIPELINE_IO *io = pipeline_io;
    PIPELINE_IO *to = &pipeline.io[io->next_adopter];
    PIPELINE_ADOPTION *adoption;
    unsigned length;
    uint64_t first;

    io->next_adopter = (io->next_adopter + 1) % pipeline.options.threads;

    if (to == io) {
        pipeline_on_connected(this);
        return;
    }

    if (sxe_ring_produce_acquire(to->adoptions, 1, &first) == 0) { /* the adopter is full of connections */
        sxe_close(this);
        return;
    }

    adoption = sxe_ring_element(to->adoptions, first);

    if (sxe_detach(this, &adoption->fd, NULL, 0, &length) != SXE_RETURN_OK) {
        adoption->fd = -1; /* refused (logged): the slot goes as an empty hand-off */
        sxe_close(this);
    }

    sxe_ring_produce_release(to->adoptions, first, 1);
}

static void pipeline_on_adoptions(SXE_RING *ring, void *arg)
{
    PIPELINE_IO *io = arg;
    PIPELINE_ADOPTION *adoption;
    uint64_t first;
    unsigned got;
    SXE *this;

    while ((got = sxe_ring_consume_acquire(ring, pipeline.options.batch, &first)) > 0) {
        for (unsigned i = 0; i < got; i++) {
            adoption = sxe_ring_element(ring, first + i);

            if (adoption->fd < 0) {
                continue;
            }

            if (io->stopping || (this = sxe_new_from_fd(NULL, adoption->fd, NULL, 0, pipeline_on_connected,
                                                        pipeline_on_read, pipeline_on_close)) == NULL) {
                close(adoption->fd); /* stopping, or no object free: logged by lib-sxe */
                continue;
            }

            sxe_set_idle_timeout(this, PIPELINE_IDLE_SECONDS);
            io->counters.adopted++;
        }

        sxe_ring_consume_release(ring, first, got);
    }
}

/* ---- the stop ------------------------------------------------------------------------------------------------ */

static void pipeline_stop_now(struct ev_loop *loop, ev_timer *timer, int revents)
{
    PIPELINE_IO *io = timer->data;

    SXE_UNUSED_ARGUMENT(revents);
    SXEL3("thread %u: %u requests still at the stage after %.0f s; stopping without them", io->index, io->in_flight,
          PIPELINE_STOP_SECONDS);
    ev_break(loop, EVBREAK_ALL);
}

/* Stop accepting; close the connections with nothing in flight; the others close once their reply is sent. */
static void pipeline_on_stop(struct ev_loop *loop, ev_async *async, int revents)
{
    PIPELINE_IO *io = async->data;
    SXE *this;

    SXE_UNUSED_ARGUMENT(revents);

    if (!atomic_load(&io->stop_requested) || io->stopping) {
        return;
    }

    io->stopping = true;

    for (unsigned id = 0; id < pipeline.options.connections + PIPELINE_LISTENERS; id++) {
        if ((this = io->objects[id]) != NULL && !pipeline_conn(this)->in_flight && !pipeline_conn(this)->sending) {
            pipeline_close(this);
        }
    }

    sxe_close(io->listener);

    if (io->unix_listener != NULL) {
        sxe_close(io->unix_listener);
    }

    ev_timer_init(&io->stop_deadline, pipeline_stop_now, PIPELINE_STOP_SECONDS, 0);
    io->stop_deadline.data = io;
    ev_timer_start(loop, &io->stop_deadline);
    pipeline_stop_if_done(io);
}

void pipeline_io_request_stop(PIPELINE_IO *io)
{
    atomic_store(&io->stop_requested, true);
    ev_async_send(io->loop, &io->stop);
}

/* ---- the thread ---------------------------------------------------------------------------------------------- */

static bool pipeline_listen(PIPELINE_IO *io)
{
    SXE_RETURN result;

    io->listener = sxe_new_tcp(NULL, pipeline.options.ip, (int)io->port, pipeline_on_connected, pipeline_on_read,
                               pipeline_on_close);

    if (io->listener == NULL || sxe_set_idle_timeout(io->listener, PIPELINE_IDLE_SECONDS) != SXE_RETURN_OK ||
        (result = sxe_listen_plus(io->listener, pipeline.options.threads > 1 ? SXE_LISTEN_FLAG_REUSEPORT : 0)) !=
            SXE_RETURN_OK) {
        fprintf(stderr, "pipeline: thread %u cannot listen on %s:%u\n", io->index, pipeline.options.ip, io->port);
        return false;
    }

    io->port = sxe_get_local_port(io->listener);

    if (io->index != 0 || pipeline.options.unix_path == NULL) {
        return true;
    }

    io->unix_listener = sxe_new_unix(NULL, pipeline.options.unix_path,
                                     pipeline.options.threads > 0 ? pipeline_on_unix_connected : pipeline_on_connected,
                                     pipeline_on_read, pipeline_on_close);

    if (io->unix_listener == NULL || sxe_set_idle_timeout(io->unix_listener, PIPELINE_IDLE_SECONDS) != SXE_RETURN_OK ||
        sxe_listen(io->unix_listener) != SXE_RETURN_OK) {
        fprintf(stderr, "pipeline: cannot listen on the unix socket %s (does it exist already?)\n",
                pipeline.options.unix_path);
        return false;
    }

    return true;
}

bool pipeline_io_setup(PIPELINE_IO *io)
{
    unsigned objects = pipeline.options.connections + PIPELINE_LISTENERS;

    pipeline_io = io;
    io->objects = calloc(objects, sizeof(SXE *));
    io->outbox = calloc(objects, sizeof(PIPELINE_ITEM));

    if (io->objects == NULL || io->outbox == NULL) {
        fprintf(stderr, "pipeline: thread %u: out of memory\n", io->index);
        return false;
    }

    sxe_set_loop(io->loop);
    sxe_register(objects, sizeof(PIPELINE_CONN));
    sxe_set_buffer_size(PIPELINE_BUFFER_BYTES);
    sxe_set_warm_descriptors(2 * objects + SXE_WARM_DESCRIPTORS_MARGIN); /* its loop sees the process's descriptors */

    if (sxe_init() != SXE_RETURN_OK || !pipeline_listen(io)) {
        return false;
    }

    ev_prepare_init(&io->flush, pipeline_flush);
    io->flush.data = io;
    ev_async_init(&io->stop, pipeline_on_stop);
    io->stop.data = io;
    ev_async_start(io->loop, &io->stop);

    if (io->replies != NULL) {
        sxe_ring_consume_on_loop(io->replies, io->loop, pipeline_on_replies, io);
    }

    if (io->adoptions != NULL) {
        sxe_ring_consume_on_loop(io->adoptions, io->loop, pipeline_on_adoptions, io);
    }

    return true;
}

void pipeline_io_finish(PIPELINE_IO *io)
{
    if (io->replies != NULL) {
        sxe_ring_consume_stop(io->replies);
    }

    if (io->adoptions != NULL) {
        sxe_ring_consume_stop(io->adoptions);
    }

    ev_timer_stop(io->loop, &io->stop_deadline);
    ev_prepare_stop(io->loop, &io->flush);
    ev_async_stop(io->loop, &io->stop);
    sxe_fini();
    free(io->objects);
    free(io->outbox);
}
