/* sxe-tls-conn.c: a TLS connection on a lib-sxe object: the transport lib-sxe calls (sxe-transport-private.h), the
 * handshake and its turns, reading, writing, flushing, shutting down.
 *
 * Every connection is an element of one pool (sxe_tls_globals.conns), in a state: NEW (taken: a client before its
 * connect, an accepted connection before its client's first bytes: only then does it ask for a turn), WAITING (its
 * handshake waits for a turn: at most handshakes_maximum run at once, and one starts only when the arena has
 * SXE_TLS_HANDSHAKE_BYTES free; oldest first), HANDSHAKE, OPEN. Each OpenSSL call on a connection runs between
 * SXE_TLS_ENTER() and SXE_TLS_LEAVE(), so its allocations come from the arena.
 *
 * Writing: SSL_write is given at most one record at a time. When the socket is full, OpenSSL keeps that record,
 * encrypted, and wants the same call again: the record is taken (counted as written: conn->pending holds its length),
 * and the connection sends it itself (flush) before anything else, retrying SSL_write with the same length and
 * SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER: OpenSSL then sends the record it holds and does not read the buffer given
 * (test-sxe-tls-io.c checks it with a buffer whose page is unreadable).
 */
#define SXE_LOG_COMPONENT "sxe-tls"

#include <arpa/inet.h>
#include <errno.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <string.h>
#include <sys/socket.h>

#include "sxe-tls-private.h"

/* What a flush gives SSL_write in place of the record's bytes, which OpenSSL already holds (a test points it at an
 * unreadable page).
 */
static char sxe_tls_flush_zeros[SXE_TLS_RECORD_MAXIMUM];
const void *sxe_tls_flush_buffer = sxe_tls_flush_zeros;

static SXE_DEFERRED sxe_tls_next_turn;

static inline unsigned conn_index(const SXE_TLS_CONN *conn)
{
    return (unsigned)(conn - sxe_tls_globals.conns);
}

static inline unsigned conn_state(const SXE_TLS_CONN *conn)
{
    return sxe_pool_index_to_state(sxe_tls_globals.conns, conn_index(conn));
}

static void conn_set_state(SXE_TLS_CONN *conn, unsigned state)
{
    sxe_pool_set_indexed_element_state(sxe_tls_globals.conns, conn_index(conn), conn_state(conn), state);
}

SXE_TLS_CONN *sxe_tls_conn_of(const SXE *this)
{
    return this != NULL && (this->flags & SXE_FLAG_TRANSPORT) && sxe_transport_of(this) == &sxe_tls_conn_ops
               ? (SXE_TLS_CONN *)sxe_transport_state(this)
               : NULL;
}

SXE_TLS_CONN *sxe_tls_conn_take(SXE *this, SXE_TLS_CONTEXT *context, bool server)
{
    unsigned index;
    SXE_TLS_CONN *conn;
    unsigned used;

    if (!sxe_tls_is_initialized()) { /* a listener outliving sxe_tls_fini() */
        SXEL2("TLS connection refused: sxe_tls_init() has not been called");
        return NULL;
    }

    if ((index = sxe_pool_set_oldest_element_state(sxe_tls_globals.conns, SXE_TLS_STATE_FREE, SXE_TLS_STATE_NEW)) ==
        SXE_POOL_NO_INDEX) {
        sxe_tls_globals.counters.refused++;

        if (sxe_tls_rate_limit(&sxe_tls_globals.log_time_refused)) {
            SXEL3("TLS connection refused: all %u TLS connections are in use (%llu refused so far)",
                  sxe_tls_globals.registered, sxe_tls_globals.counters.refused);
        }

        return NULL;
    }

    conn = &sxe_tls_globals.conns[index];
    memset(conn, 0, sizeof(*conn));
    conn->head.ops = &sxe_tls_conn_ops;
    conn->sxe = this;
    conn->context = context;
    conn->flags = server ? SXE_TLS_CONN_SERVER : 0;
    context->users++;
    used = sxe_tls_globals.registered - sxe_pool_get_number_in_state(sxe_tls_globals.conns, SXE_TLS_STATE_FREE);
    sxe_tls_globals.counters.connections_now = used;
    sxe_tls_globals.counters.connections_peak =
        used > sxe_tls_globals.counters.connections_peak ? used : sxe_tls_globals.counters.connections_peak;
    sxe_transport_set(this, &conn->head);
    return conn;
}

/* Give the slot back (the SSL is already freed). */
static void conn_put(SXE_TLS_CONN *conn)
{
    conn->context->users--;
    conn->sxe = NULL;
    conn_set_state(conn, SXE_TLS_STATE_FREE);
    sxe_tls_globals.counters.connections_now--;
}

/* OpenSSL's first error of the thread's queue, kept for sxe_tls_get_error(); the queue is emptied. */
static void conn_keep_error(SXE_TLS_CONN *conn)
{
    unsigned long error = ERR_peek_error();

    if (conn->error == 0 && error != 0) {
        conn->error = error;
    }

    ERR_clear_error();
}

/* ---- making the SSL ----------------------------------------------------------------------------------------- */

static SSL *conn_ssl_new(SXE_TLS_CONN *conn)
{
    bool server = conn->flags & SXE_TLS_CONN_SERVER;
    unsigned verify = conn->context->verify;
    SSL *ssl;
    BIO *bio;

    if ((ssl = SSL_new(conn->context->ssl_ctx)) == NULL) {
        return NULL;
    }

    if ((bio = sxe_tls_bio_new(conn)) == NULL) {
        SSL_free(ssl);
        return NULL;
    }

    SSL_set_bio(ssl, bio, bio);
    SSL_set_app_data(ssl, conn);

    if (server) {
        SSL_set_accept_state(ssl);
        SSL_set_verify(
            ssl, verify & SXE_TLS_VERIFY_CLIENT ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT : SSL_VERIFY_NONE,
            NULL);
    } else {
        SSL_set_connect_state(ssl);
        SSL_set_verify(ssl, verify & SXE_TLS_VERIFY_SERVER ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, NULL);
    }

    return ssl;
}

/* A client's host: the name it sends (SNI, unless an IP literal) and the name or address the certificate must have. */
static bool conn_set_host(SSL *ssl, const char *host)
{
    unsigned char address[sizeof(struct in6_addr)];
    bool literal = inet_pton(AF_INET, host, address) == 1 || inet_pton(AF_INET6, host, address) == 1;

    if (literal) {
        return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) == 1;
    }

    return SSL_set_tlsext_host_name(ssl, host) == 1 && SSL_set1_host(ssl, host) == 1;
}

SXE_RETURN
sxe_tls_conn_client_setup(SXE_TLS_CONN *conn, const char *host)
{
    SXE_RETURN result = SXE_RETURN_ERROR_OUT_OF_MEMORY;

    SXE_TLS_ENTER();

    if ((conn->ssl = conn_ssl_new(conn)) != NULL && (host == NULL || conn_set_host(conn->ssl, host))) {
        result = SXE_RETURN_OK;
    }

    conn_keep_error(conn);
    SXE_TLS_LEAVE();
    return result;
}

/* A client's handshake offers the session its context kept. */
static void conn_offer_session(SXE_TLS_CONN *conn)
{
    const unsigned char *bytes = conn->context->session;
    SSL_SESSION *session;

    if (!conn->context->resumption || conn->context->session_length == 0) {
        return;
    }

    if ((session = d2i_SSL_SESSION(NULL, &bytes, conn->context->session_length)) != NULL) {
        SSL_set_session(conn->ssl, session); /* the SSL holds it now */
        SSL_SESSION_free(session);
    }

    ERR_clear_error();
}

/* ---- turns: at most handshakes_maximum at once on each side ------------------------------------------------------ */

/* 0 for the server side of a handshake, 1 for the client side. */
static inline unsigned conn_side(const SXE_TLS_CONN *conn)
{
    return conn->flags & SXE_TLS_CONN_SERVER ? 0 : 1;
}

static inline unsigned conn_waiting_state(unsigned side)
{
    return side == 0 ? SXE_TLS_STATE_WAITING_SERVER : SXE_TLS_STATE_WAITING_CLIENT;
}

/* May a handshake of this side begin now: a turn free on its side, and the arena able to hold a handshake. */
static bool conn_may_begin(unsigned side)
{
    return sxe_tls_globals.handshakes_running[side] < sxe_tls_globals.handshakes_maximum &&
           sxe_tls_arena_free_bytes(sxe_tls_globals.arena) >= sxe_tls_globals.handshake_bytes;
}

static void conn_handshake_step(SXE_TLS_CONN *conn);

/* Begin the handshake: it has its turn. A server reads (its client speaks first; its SSL is made at its first read: a
 * failure there closes it from the read, never from here, which may be inside lib-sxe's accept); a client sends its
 * hello.
 */
static void conn_begin(SXE_TLS_CONN *conn)
{
    SXE *this = conn->sxe;
    unsigned generation = this->generation;
    SXE_TLS_COUNTERS *counters = &sxe_tls_globals.counters;

    conn_set_state(conn, SXE_TLS_STATE_HANDSHAKE);
    sxe_tls_globals.handshakes_running[conn_side(conn)]++;
    counters->handshakes_now++;
    counters->handshakes_peak =
        counters->handshakes_now > counters->handshakes_peak ? counters->handshakes_now : counters->handshakes_peak;
    conn->handshake_start = ev_now(sxe_loop());

    if (!(conn->flags & SXE_TLS_CONN_SERVER)) {
        SXE_TLS_ENTER();
        conn_offer_session(conn);
        SXE_TLS_LEAVE();
        conn_handshake_step(conn);
    }

    if (this->generation == generation && (this->flags & SXE_FLAG_HANDSHAKE)) {
        sxe_transport_hold(this, false); /* reads (a read event is fed: the peer's flight may be waiting already) */
    }
}

/* Ask for a turn: the handshake begins now, or waits for its turn (held: its input stays in the socket). */
static void conn_ask_turn(SXE_TLS_CONN *conn)
{
    unsigned side = conn_side(conn);

    if (!conn_may_begin(side) || sxe_pool_get_number_in_state(sxe_tls_globals.conns, conn_waiting_state(side)) > 0) {
        conn_set_state(conn, conn_waiting_state(side));
        sxe_tls_globals.counters.handshakes_waited++;
        sxe_transport_hold(conn->sxe, true);
        return;
    }

    conn_begin(conn);
}

/* A client asks for its turn at once; a server's connection asks only once its client has spoken (sxe_tls_recv()):
 * a turn is never held by a handshake waiting for a peer that waits for a turn of its own (two libsxe processes, each
 * with its own limit, an http client and an httpd, would otherwise wait for each other until their timeouts).
 */
void sxe_tls_conn_start(SXE_TLS_CONN *conn)
{
    if (conn->flags & SXE_TLS_CONN_SERVER) {
        sxe_transport_hold(conn->sxe, false); /* reads: the first byte of its hello asks for the turn */
        return;
    }

    conn_ask_turn(conn);
}

/* A server's connection before its turn, readable: when its client has sent a byte (peeked: the hello stays in the
 * socket for OpenSSL), it asks for its turn. Returns -1 with errno: EAGAIN (nothing yet, or its turn asked for),
 * EPROTO when the client ended the stream without a hello (a failed handshake, counted, as OpenSSL would have failed
 * it: never an end of file the application would see before on_connected), or recv()'s.
 */
static ssize_t conn_await_hello(SXE_TLS_CONN *conn)
{
    char byte;
    ssize_t peeked = sxe_syscalls.recv(conn->sxe->sock, &byte, 1, MSG_PEEK);

    if (peeked == 0) {
        sxe_tls_globals.counters.handshake_failures++;
        conn->flags |= SXE_TLS_CONN_FAILED;
        errno = EPROTO;
        return -1;
    }

    if (peeked < 0) {
        return -1; /* EAGAIN: nothing yet; another errno: recv()'s failure */
    }

    conn_ask_turn(conn); /* begun (a read event is fed: the handshake reads), or waiting, held */
    errno = EAGAIN;
    return -1;
}

/* From the loop: begin the waiting handshakes that now may, each side's oldest first. */
static void conn_next_turns(void *arg)
{
    unsigned index;

    (void)arg;

    for (unsigned side = 0; side < 2; side++) {
        while (sxe_tls_is_initialized() && conn_may_begin(side) &&
               (index = sxe_pool_get_oldest_element_index(sxe_tls_globals.conns, conn_waiting_state(side))) !=
                   SXE_POOL_NO_INDEX) {
            conn_begin(&sxe_tls_globals.conns[index]);
        }
    }
}

/* A handshake ended, or memory was given back: waiting handshakes may begin (from the loop, not from here: the caller
 * may be inside a callback of another object).
 */
static void conn_turn_over(void)
{
    if (sxe_pool_get_number_in_state(sxe_tls_globals.conns, SXE_TLS_STATE_WAITING_SERVER) +
            sxe_pool_get_number_in_state(sxe_tls_globals.conns, SXE_TLS_STATE_WAITING_CLIENT) >
        0) {
        sxe_defer(&sxe_tls_next_turn, conn_next_turns, NULL);
    }
}

void sxe_tls_conn_cancel_turns(void)
{
    sxe_defer_cancel(&sxe_tls_next_turn);
}

/* ---- the handshake ------------------------------------------------------------------------------------------- */

static void conn_handshake_end(SXE_TLS_CONN *conn)
{
    sxe_tls_globals.handshakes_running[conn_side(conn)]--;
    sxe_tls_globals.counters.handshakes_now--;
    conn_turn_over();
}

void sxe_tls_conn_fail(SXE_TLS_CONN *conn, const char *what)
{
    SXE *this = conn->sxe;

    conn->flags |= SXE_TLS_CONN_FAILED;
    conn->verify_result = conn->ssl != NULL ? SSL_get_verify_result(conn->ssl) : X509_V_OK;

    if (conn_state(conn) == SXE_TLS_STATE_HANDSHAKE) {
        sxe_tls_globals.counters.handshake_failures++;
    } else {
        sxe_tls_globals.counters.errors++;
    }

    SXEL6I("TLS %s failed: %s", what, conn->error != 0 ? sxe_tls_error_string(conn->error) : strerror(conn->sys_error));
    sxe_close_from_peer(this, SXE_RETURN_ERROR_BAD_MESSAGE, EPROTO);
}

/* The handshake is done: note what it agreed, let the next one begin, report the connection (on_connected). */
static void conn_handshake_done(SXE_TLS_CONN *conn)
{
    SXE *this = conn->sxe;

    conn_set_state(conn, SXE_TLS_STATE_OPEN);
    conn->handshake_seconds = ev_now(sxe_loop()) - conn->handshake_start;
    conn->verify_result = SSL_get_verify_result(conn->ssl);
    sxe_tls_globals.counters.handshakes++;
    sxe_tls_globals.counters.resumed += SSL_session_reused(conn->ssl) ? 1 : 0;

    if (BIO_get_ktls_send(SSL_get_wbio(conn->ssl))) {
        sxe_tls_globals.counters.ktls++;
    }

    conn_handshake_end(conn);
    sxe_transport_connected(this);
}

/* Why an OpenSSL call did not succeed: 0 to wait (the watchers are set), else an errno for a failure. */
static int conn_wait_or_errno(SXE_TLS_CONN *conn, int ssl_error)
{
    switch (ssl_error) {
        case SSL_ERROR_WANT_READ:
            return 0;
        case SSL_ERROR_WANT_WRITE:
            sxe_transport_want_write(conn->sxe, true);
            return 0;
        case SSL_ERROR_SYSCALL:
            return errno != 0 && errno != EAGAIN ? errno : EPROTO; /* 0: an end of file without close_notify */
        default:
            return EPROTO;
    }
}

static void conn_handshake_step(SXE_TLS_CONN *conn)
{
    unsigned generation = conn->sxe->generation;
    int result;
    int error;

    if (conn->ssl == NULL) { /* a server's, at its first read */
        SXE_TLS_ENTER();
        conn->ssl = conn_ssl_new(conn);
        conn_keep_error(conn);
        SXE_TLS_LEAVE();

        if (conn->ssl == NULL) {
            conn->sys_error = ENOMEM;
            sxe_tls_conn_fail(conn, "SSL_new");
            return;
        }
    }

    SXE_TLS_ENTER();
    ERR_clear_error();
    errno = 0;
    result = SSL_do_handshake(conn->ssl);
    error = result == 1 ? 0 : conn_wait_or_errno(conn, SSL_get_error(conn->ssl, result));
    conn_keep_error(conn);
    SXE_TLS_LEAVE();

    if (conn->sxe == NULL || conn->sxe->generation != generation) {
        return; /* closed by a callback (SNI) */
    }

    if (result == 1) {
        conn_handshake_done(conn);
    } else if (error != 0) {
        conn->sys_error = conn->error == 0 ? error : 0;
        sxe_tls_conn_fail(conn, "handshake");
    }
}

/* ---- reading ------------------------------------------------------------------------------------------------- */

/* After SSL_read stopped: 0 (end of the stream), -1 with errno (EAGAIN: nothing now; EPROTO: a TLS error). */
static ssize_t conn_read_stopped(SXE_TLS_CONN *conn, int ssl_error)
{
    unsigned long reason = ERR_GET_REASON(ERR_peek_error());

    switch (ssl_error) {
        case SSL_ERROR_WANT_READ:
            errno = EAGAIN;
            return -1;
        case SSL_ERROR_WANT_WRITE: /* e.g. answering a key update: read again once it is out */
            conn->flags |= SXE_TLS_CONN_WANT_READ;
            sxe_transport_want_write(conn->sxe, true);
            errno = EAGAIN;
            return -1;
        case SSL_ERROR_ZERO_RETURN: /* close_notify */
            return 0;
        case SSL_ERROR_SYSCALL:
            if (errno == 0 || errno == EAGAIN) {
                return 0; /* the TCP end of file without close_notify: an end of file too */
            }

            return -1;
        default:
            if (reason == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
                return 0;
            }

            conn_keep_error(conn);
            conn->flags |= SXE_TLS_CONN_FAILED;
            sxe_tls_globals.counters.errors++;
            errno = EPROTO;
            return -1;
    }
}

/* Decrypt into buf: as many records as OpenSSL holds already, after one read of the socket. */
static ssize_t conn_read(SXE_TLS_CONN *conn, char *buf, size_t size)
{
    size_t total = 0;
    size_t got;
    ssize_t stopped = 1;
    int saved;

    if (conn->flags & SXE_TLS_CONN_FAILED) {
        errno = EPROTO;
        return -1;
    }

    SXE_TLS_ENTER();

    while (total < size) {
        ERR_clear_error();
        errno = 0;

        if (SSL_read_ex(conn->ssl, buf + total, size - total, &got) != 1) {
            stopped = conn_read_stopped(conn, SSL_get_error(conn->ssl, 0));
            break;
        }

        total += got;

        if (!SSL_has_pending(conn->ssl)) {
            break;
        }
    }

    saved = errno;
    ERR_clear_error();

    if (!SSL_has_pending(conn->ssl)) {
        SSL_free_buffers(conn->ssl); /* a TLS 1.3 client keeps its read buffer after a ticket: 16.7 kB idle */
    }

    SXE_TLS_LEAVE();

    if (total > 0) {
        if ((stopped <= 0 && !(stopped < 0 && saved == EAGAIN)) || SSL_has_pending(conn->ssl)) {
            ev_feed_event(sxe_loop(), &conn->sxe->io_read, EV_READ); /* the rest (or the end) next time */
        }

        return (ssize_t)total;
    }

    errno = saved;
    return stopped;
}

static ssize_t sxe_tls_recv(SXE *this, void *buf, size_t size)
{
    SXE_TLS_CONN *conn = (SXE_TLS_CONN *)sxe_transport_state(this);
    unsigned generation = this->generation;

    switch (conn_state(conn)) {
        case SXE_TLS_STATE_OPEN:
            return conn_read(conn, buf, size);

        case SXE_TLS_STATE_HANDSHAKE:
            conn_handshake_step(conn);

            if (this->generation == generation && conn_state(conn) == SXE_TLS_STATE_OPEN &&
                ev_is_active(&this->io_read)) {
                ev_feed_event(sxe_loop(), &this->io_read, EV_READ); /* data may have come with the last flight */
            }

            break;

        case SXE_TLS_STATE_NEW: /* a server's connection whose client has not spoken yet */
            return conn->flags & SXE_TLS_CONN_SERVER ? conn_await_hello(conn) : (errno = EAGAIN, -1);

        default: /* waiting for its turn */
            break;
    }

    errno = EAGAIN;
    return -1;
}

/* ---- writing ------------------------------------------------------------------------------------------------- */

/* Send the record OpenSSL holds. true when it is out; false with errno (EAGAIN: not yet). */
static bool conn_flush(SXE_TLS_CONN *conn)
{
    size_t written;
    int result;
    int ssl_error = SSL_ERROR_NONE;

    if (conn->pending == 0) {
        return true;
    }

    SXE_TLS_ENTER();
    ERR_clear_error();
    errno = 0;
    result = SSL_write_ex(conn->ssl, sxe_tls_flush_buffer, conn->pending, &written);

    if (result != 1) {
        ssl_error = SSL_get_error(conn->ssl, 0);
    }

    conn_keep_error(conn);
    SXE_TLS_LEAVE();

    if (result == 1) {
        conn->pending = 0;
        return true;
    }

    errno = ssl_error == SSL_ERROR_WANT_WRITE ? EAGAIN : ssl_error == SSL_ERROR_SYSCALL && errno != 0 ? errno : EPROTO;
    return false;
}

/* Encrypt and send up to size bytes, a record at a time. Returns the bytes taken (a record OpenSSL keeps because the
 * socket is full is taken: conn->pending), or -1 with errno (EAGAIN when nothing could be taken).
 */
static ssize_t conn_write(SXE_TLS_CONN *conn, const char *buf, size_t size)
{
    size_t taken = 0;
    size_t written;
    size_t chunk;
    int ssl_error = SSL_ERROR_NONE;

    SXE_TLS_ENTER();

    while (taken < size) {
        chunk = size - taken < SXE_TLS_RECORD_MAXIMUM ? size - taken : SXE_TLS_RECORD_MAXIMUM;
        ERR_clear_error();
        errno = 0;

        if (SSL_write_ex(conn->ssl, buf + taken, chunk, &written) == 1) {
            taken += written;
            continue;
        }

        if ((ssl_error = SSL_get_error(conn->ssl, 0)) == SSL_ERROR_WANT_WRITE) {
            conn->pending = (unsigned)chunk; /* encrypted, partly sent: OpenSSL sends the rest on the next flush */
            taken += chunk;
            sxe_transport_want_write(conn->sxe, true);
        }

        break;
    }

    if (taken == 0 && ssl_error != SSL_ERROR_NONE) {
        conn_keep_error(conn);
        errno = ssl_error == SSL_ERROR_SYSCALL && errno != 0 ? errno : EPROTO;
    }

    SXE_TLS_LEAVE();
    return taken > 0 ? (ssize_t)taken : -1;
}

static ssize_t sxe_tls_send(SXE *this, const void *buf, size_t size)
{
    SXE_TLS_CONN *conn = (SXE_TLS_CONN *)sxe_transport_state(this);

    if (conn_state(conn) != SXE_TLS_STATE_OPEN) {
        errno = ENOTCONN; /* before on_connected */
        return -1;
    }

    if (conn->flags & (SXE_TLS_CONN_SHUTDOWN | SXE_TLS_CONN_FAILED)) {
        errno = EPIPE;
        return -1;
    }

    if (conn->flags & SXE_TLS_CONN_KTLS_TX) { /* the kernel makes the records */
        return sxe_syscalls.send(SXE_FD(this), buf, size, MSG_NOSIGNAL | MSG_DONTWAIT);
    }

    if (!conn_flush(conn)) {
        return -1;
    }

    if (size == 0) {
        return 0;
    }

    return conn_write(conn, buf, size);
}

/* sendfile: kTLS: the system call (the kernel encrypts); otherwise the file through the bounce buffer, a record's worth
 * at a time, encrypted and sent, for as long as the socket takes it (the bounce buffer is free again once SSL_write
 * returns: the record is OpenSSL's then). Returns the bytes taken, 0 when the file ends first, or -1 with errno.
 */
static ssize_t sxe_tls_sendfile(SXE *this, int fd, off_t *offset, size_t count)
{
    SXE_TLS_CONN *conn = (SXE_TLS_CONN *)sxe_transport_state(this);
    off_t at;
    size_t total = 0;
    ssize_t got;
    ssize_t taken;

    if (conn_state(conn) == SXE_TLS_STATE_OPEN && (conn->flags & SXE_TLS_CONN_KTLS_TX) &&
        !(conn->flags & (SXE_TLS_CONN_SHUTDOWN | SXE_TLS_CONN_FAILED))) {
        return sxe_syscalls.sendfile(SXE_FD(this), fd, offset, count);
    }

    if (sxe_tls_send(this, NULL, 0) < 0 || (at = offset != NULL ? *offset : lseek(fd, 0, SEEK_CUR)) < 0) {
        return -1; /* the state checks and the record held first; or a file that cannot say where it is */
    }

    while (total < count && conn->pending == 0) {
        got = pread(fd, sxe_tls_globals.bounce,
                    count - total < SXE_TLS_BOUNCE_BYTES ? count - total : SXE_TLS_BOUNCE_BYTES, at + (off_t)total);

        if (got <= 0 || (taken = conn_write(conn, sxe_tls_globals.bounce, (size_t)got)) < 0) {
            break; /* the end of the file, a failed read, or the socket full (errno: EAGAIN) */
        }

        total += (size_t)taken;

        if (taken < got) {
            break;
        }
    }

    if (total == 0) {
        return got <= 0 ? got : -1;
    }

    if (offset != NULL) {
        *offset += (off_t)total;
    } else {
        lseek(fd, (off_t)total, SEEK_CUR); /* no offset: the file position advances, as sendfile(2)'s */
    }

    return (ssize_t)total;
}

static bool sxe_tls_pending(SXE *this)
{
    SXE_TLS_CONN *conn = (SXE_TLS_CONN *)sxe_transport_state(this);

    return conn->pending != 0;
}

/* ---- shutting down -------------------------------------------------------------------------------------------- */

/* Once the records taken are out: close_notify, then the socket's write side. OK, or a failure. */
static SXE_RETURN conn_shutdown_step(SXE_TLS_CONN *conn)
{
    int result;
    int ssl_error = SSL_ERROR_NONE;

    if (!conn_flush(conn)) {
        return errno == EAGAIN ? SXE_RETURN_OK : sxe_write_error(errno);
    }

    SXE_TLS_ENTER();
    ERR_clear_error();
    errno = 0;

    if ((result = SSL_shutdown(conn->ssl)) < 0) {
        ssl_error = SSL_get_error(conn->ssl, result);
    }

    conn_keep_error(conn);
    SXE_TLS_LEAVE();

    if (ssl_error == SSL_ERROR_WANT_WRITE) {
        sxe_transport_want_write(conn->sxe, true);
        return SXE_RETURN_OK;
    }

    conn->flags |= SXE_TLS_CONN_SHUTDOWN_DONE;

    if (sxe_syscalls.shutdown(SXE_FD(conn->sxe), SHUT_WR) < 0) {
        return sxe_write_error(errno);
    }

    return ssl_error == SSL_ERROR_NONE ? SXE_RETURN_OK : SXE_RETURN_ERROR_WRITE_FAILED;
}

static SXE_RETURN sxe_tls_shutdown(SXE *this)
{
    SXE_TLS_CONN *conn = (SXE_TLS_CONN *)sxe_transport_state(this);

    if (conn_state(conn) != SXE_TLS_STATE_OPEN || (conn->flags & SXE_TLS_CONN_FAILED)) {
        SXEL3I("sxe_shutdown(): TLS connection %u is not established", SXE_ID(this));
        return SXE_RETURN_ERROR_NO_CONNECTION;
    }

    if (conn->flags & SXE_TLS_CONN_SHUTDOWN) {
        return SXE_RETURN_OK;
    }

    conn->flags |= SXE_TLS_CONN_SHUTDOWN;
    return conn_shutdown_step(conn);
}

/* The record held (if the socket takes it now), then close_notify, once, without waiting. */
static void conn_say_goodbye(SXE_TLS_CONN *conn)
{
    if (conn_flush(conn)) {
        SXE_TLS_ENTER();
        SSL_shutdown(conn->ssl);
        ERR_clear_error();
        SXE_TLS_LEAVE();
    }
}

/* ---- write events --------------------------------------------------------------------------------------------- */

/* The socket is writable: the handshake's flight, the held record, close_notify. true when the event was TLS's. */
static bool sxe_tls_write_event(SXE *this)
{
    SXE_TLS_CONN *conn = (SXE_TLS_CONN *)sxe_transport_state(this);
    bool lib_sxe_waits = this->flags & (SXE_FLAG_SEND_PENDING | SXE_FLAG_NOTIFY_WRITABLE);

    if (conn_state(conn) == SXE_TLS_STATE_HANDSHAKE) {
        sxe_transport_want_write(this, false);
        conn_handshake_step(conn);
        return true;
    }

    if (conn->flags & SXE_TLS_CONN_WANT_READ) {
        conn->flags &= ~SXE_TLS_CONN_WANT_READ;
        ev_feed_event(sxe_loop(), &this->io_read, EV_READ);
    }

    if (!conn_flush(conn)) {
        if (errno != EAGAIN && !lib_sxe_waits) { /* the record can never go: the connection is broken */
            sxe_close_from_peer(this, sxe_write_error(errno), errno);
            return true;
        }

        return errno == EAGAIN || !lib_sxe_waits; /* a failure with a send pending: the send completes with it */
    }

    if ((conn->flags & (SXE_TLS_CONN_SHUTDOWN | SXE_TLS_CONN_SHUTDOWN_DONE)) == SXE_TLS_CONN_SHUTDOWN) {
        conn_shutdown_step(conn);
    }

    if (lib_sxe_waits) {
        return false; /* lib-sxe's send (or notify_writable) goes on */
    }

    sxe_transport_want_write(this, false);
    return true;
}

/* ---- the life of a connection ---------------------------------------------------------------------------------- */

/* A connection accepted by a TLS listener (or a one-shot listener becoming its connection: listener == this). */
static bool sxe_tls_accept_connection(SXE *listener, SXE *this)
{
    SXE_TLS_CONTEXT *context = sxe_tls_context_of_listener(listener);
    SXE_TLS_CONN *conn;

    if ((conn = sxe_tls_conn_take(this, context, true)) == NULL) {
        return false;
    }

    if (listener == this) {
        context->users--; /* the listener's use of the context is the connection's now */
    } else { /* the listener's connect timeout bounds the handshake (its idle timeout otherwise: lib-sxe's) */
        this->connect_class = (unsigned char)sxe_timeout_class_ref(listener->connect_class);
    }

    this->flags |= SXE_FLAG_HANDSHAKE | SXE_FLAG_UNREPORTED;
    sxe_tls_conn_start(conn);
    return true;
}

/* A client's TCP connection is up: its handshake begins (it reads from then on), or waits for its turn. */
static void sxe_tls_connected(SXE *this)
{
    sxe_tls_conn_start((SXE_TLS_CONN *)sxe_transport_state(this));
}

/* The object is released: say goodbye when that is still possible and right, count, free, give the slot back. */
static void sxe_tls_release(SXE *this)
{
    SXE_TLS_CONN *conn = (SXE_TLS_CONN *)sxe_transport_state(this);
    unsigned state = conn_state(conn);

    if (state == SXE_TLS_STATE_HANDSHAKE || state == SXE_TLS_STATE_WAITING_SERVER ||
        state == SXE_TLS_STATE_WAITING_CLIENT || (state == SXE_TLS_STATE_NEW && (conn->flags & SXE_TLS_CONN_SERVER))) {
        sxe_tls_globals.counters.handshake_timeouts += SXE_CLOSE_REASON(this) == SXE_RETURN_ERROR_TIMEOUT ? 1 : 0;
    }

    if (state == SXE_TLS_STATE_HANDSHAKE) {
        conn_handshake_end(conn);
    }

    if (state == SXE_TLS_STATE_OPEN && this->sock >= 0 && !sxe_is_error(SXE_CLOSE_REASON(this)) &&
        !(conn->flags & (SXE_TLS_CONN_FAILED | SXE_TLS_CONN_SHUTDOWN))) {
        conn_say_goodbye(conn); /* once, without waiting: the socket is closed next */
    }

    SXE_TLS_ENTER();
    SSL_free(conn->ssl); /* NULL is fine */
    ERR_clear_error();
    SXE_TLS_LEAVE();
    conn->ssl = NULL;
    conn_put(conn);
    conn_turn_over(); /* memory came back */
}

/* A TLS client cannot listen (sxe_tls_enable() with a host makes a client). */
static bool sxe_tls_client_accept(SXE *listener, SXE *this)
{
    (void)this;
    SXEL2("TLS object %u was given a host name by sxe_tls_enable(): it is a client and cannot listen; refusing",
          SXE_ID(listener));
    return false;
}

const SXE_TRANSPORT sxe_tls_conn_ops = {
    .accept = sxe_tls_client_accept,
    .connected = sxe_tls_connected,
    .recv = sxe_tls_recv,
    .send = sxe_tls_send,
    .sendfile = sxe_tls_sendfile,
    .pending = sxe_tls_pending,
    .write_event = sxe_tls_write_event,
    .shutdown = sxe_tls_shutdown,
    .release = sxe_tls_release,
};

/* A TLS listener's release gives its use of the context back. */
static void sxe_tls_listener_release(SXE *this)
{
    sxe_tls_context_of_listener(this)->users--;
}

/* An object given a context without a host turned out to be a client (sxe_connect()): it takes its TLS slot now. */
static void sxe_tls_client_without_host(SXE *this)
{
    SXE_TLS_CONTEXT *context = sxe_tls_context_of_listener(this);
    SXE_TLS_CONN *conn = sxe_tls_conn_take(this, context, false);

    context->users--; /* the connection holds its own use of the context, if any */

    if (conn == NULL) {
        sxe_transport_set(this, NULL);
        sxe_close_from_peer(this, SXE_RETURN_ERROR_POOL_EXHAUSTED, ENOBUFS);
        return;
    }

    if (sxe_tls_conn_client_setup(conn, NULL) != SXE_RETURN_OK) {
        conn->sys_error = ENOMEM;
        sxe_tls_conn_fail(conn, "SSL_new");
        return;
    }

    sxe_tls_conn_start(conn);
}

const SXE_TRANSPORT sxe_tls_listener_ops = {
    .accept = sxe_tls_accept_connection,
    .connected = sxe_tls_client_without_host,
    .release = sxe_tls_listener_release,
};
