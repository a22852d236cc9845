/* fuzz-tls.c: libFuzzer harness of lib-sxe-tls's record-layer feed: what a TLS server built on lib-sxe does with the
 * bytes a client sends, garbage or records, in any splits, while its own writes are cut short.
 *
 * No network: lib-sxe's system-call seam (lib-sxe/sxe-private.h) is pointed at fakes, as in fuzz-httpd.c. The server
 * is a lib-sxe TLS listener (lib-sxe-tls, its memory in the fixed arena) whose application echoes what it reads. Its
 * connection is one end of a socketpair handed out by the fake accept4 (the loop needs a descriptor to watch); the
 * fake recv returns the bytes queued for it in the script's splits, the fake send takes what the script's budget
 * allows and hands it to the client.
 *
 * Script: byte 0 bit 0 chooses the mode.
 *   0  RAW: the rest is what the client sends, from its first byte (a ClientHello, or not), in the splits of byte 1.
 *   1  RECORDS: a real client (plain OpenSSL, in memory, verifying nothing) first completes a handshake with the
 *      server through the fakes; then operations, one byte each (low three bits) plus an argument byte:
 *      0..2 APP  1 + arg % 200 bytes follow: the client sends them in records (SSL_write)
 *      3    RAW  1 + arg % 64 bytes follow, sent as they are (a corrupt or forged record)
 *      4    SPLIT the server's reads return at most 1 + arg bytes
 *      5    SEND  the server's writes may take budgets[arg % 6] more bytes (0: EAGAIN)
 *      6    KEY   the client asks for a key update (TLS 1.3), or renegotiates (TLS 1.2)
 *      7    END   the client sends close_notify (arg even) or its TCP end (arg odd)
 *      the loop runs after each operation.
 *
 * Checked, beyond memory safety (ASan, UBSan, libFuzzer's leak check): after each input, once the connection is
 * closed, every byte of the arena is back (a leak, or a block OpenSSL kept, shows) and every TLS slot is free; in
 * RECORDS mode without RAW bytes, everything the client sent and the server echoed comes back to the client intact.
 */
#include <errno.h>
#include <ftw.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib-sxe-tls/test/sxe-tls-certs.h"
#include "sxe-tls-private.h"

#define TLS_FUZZ_INPUT     (1 << 16) /* bytes queued for the server */
#define TLS_FUZZ_ECHO      (1 << 16) /* bytes the client sent in records, to compare with the echo */
#define TLS_FUZZ_PUMPS     8         /* loop iterations per operation at most */
#define TLS_FUZZ_HANDSHAKE 16        /* rounds of the initial handshake at most */
#define TLS_FUZZ_UNLIMITED UINT32_MAX

static const uint32_t tls_fuzz_budgets[6] = {0, 1, 5, 100, 4000, TLS_FUZZ_UNLIMITED};

static struct {
    int server_fd; /* the server's end; -1 once closed */
    int client_fd; /* the other end: keeps the server's end readable */
    unsigned char in[TLS_FUZZ_INPUT];
    size_t in_len;
    size_t in_at;
    unsigned split;
    uint32_t budget;
    bool eof;
    unsigned activity;
} fuzz;

static SXE *fuzz_listener;
static SXE_TLS_CONTEXT *fuzz_context;
static SSL_CTX *fuzz_client_ctx;
static SSL *fuzz_client;
static BIO *fuzz_client_in;  /* what the server sent, for the client to read */
static BIO *fuzz_client_out; /* what the client writes, for the server */
static int fuzz_accept_fd = -1;
static unsigned char fuzz_sent[TLS_FUZZ_ECHO]; /* plaintext the client sent */
static unsigned char fuzz_echo[TLS_FUZZ_ECHO]; /* plaintext it got back */
static size_t fuzz_sent_len;
static size_t fuzz_echo_len;
static bool fuzz_raw_used;
static char fuzz_dir[64];

/* ---- the fake system calls ----------------------------------------------------------------------------------- */

static int fuzz_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
    int accepted = fuzz_accept_fd;

    (void)fd, (void)addr, (void)len, (void)flags;

    if (accepted < 0) {
        errno = EAGAIN;
        return -1;
    }

    fuzz_accept_fd = -1;
    return accepted;
}

static ssize_t fuzz_recv(int fd, void *buf, size_t len, int flags)
{
    size_t n;

    if (fd != fuzz.server_fd) {
        return recv(fd, buf, len, flags);
    }

    if (fuzz.in_at == fuzz.in_len) {
        if (fuzz.eof) {
            return 0;
        }

        errno = EAGAIN;
        return -1;
    }

    n = fuzz.in_len - fuzz.in_at;
    n = n < len ? n : len;
    n = n < fuzz.split ? n : fuzz.split;
    memcpy(buf, fuzz.in + fuzz.in_at, n);

    if (flags & MSG_PEEK) { /* lib-sxe-tls peeks at a client's first byte */
        return (ssize_t)n;
    }

    fuzz.in_at += n;
    fuzz.activity += (unsigned)n;
    return (ssize_t)n;
}

static ssize_t fuzz_send(int fd, const void *buf, size_t len, int flags)
{
    size_t n;

    if (fd != fuzz.server_fd) {
        return send(fd, buf, len, flags);
    }

    if ((n = len < fuzz.budget ? len : fuzz.budget) == 0) {
        errno = EAGAIN;
        return -1;
    }

    fuzz.budget -= fuzz.budget == TLS_FUZZ_UNLIMITED ? 0 : (uint32_t)n;
    BIO_write(fuzz_client_in, buf, (int)n);
    fuzz.activity += (unsigned)n;
    return (ssize_t)n;
}

static int fuzz_shutdown(int fd, int how)
{
    return fd == fuzz.server_fd ? 0 : shutdown(fd, how);
}

static int fuzz_close(int fd)
{
    if (fd == fuzz.server_fd) {
        fuzz.server_fd = -1;
    }

    return close(fd);
}

/* ---- the server: echoes what it reads ------------------------------------------------------------------------ */

static void server_on_read(SXE *this, int length)
{
    (void)length;

    if (sxe_write(this, SXE_BUF(this), SXE_BUF_USED(this)) != SXE_RETURN_OK) {
        sxe_close(this); /* a full socket ends the echo: what the client got back stays a prefix of what it sent */
        return;
    }

    sxe_buf_clear(this);
}

/* ---- driving ------------------------------------------------------------------------------------------------- */

/* What the client wrote goes to the server's input queue. */
static void fuzz_client_flush(void)
{
    int got;

    while (BIO_ctrl_pending(fuzz_client_out) > 0 && fuzz.in_len < sizeof(fuzz.in)) {
        got = BIO_read(fuzz_client_out, fuzz.in + fuzz.in_len, (int)(sizeof(fuzz.in) - fuzz.in_len));
        fuzz.in_len += got > 0 ? (size_t)got : 0;
    }

    BIO_reset(fuzz_client_out); /* what did not fit is dropped: a cut stream is a test too */
}

/* The client reads what the server sent (the echo). */
static void fuzz_client_read(void)
{
    int got;

    while (fuzz_echo_len < sizeof(fuzz_echo) &&
           (got = SSL_read(fuzz_client, fuzz_echo + fuzz_echo_len, (int)(sizeof(fuzz_echo) - fuzz_echo_len))) > 0) {
        fuzz_echo_len += (size_t)got;
    }

    ERR_clear_error();
}

static void fuzz_pump(void)
{
    for (unsigned i = 0; i < TLS_FUZZ_PUMPS; i++) {
        unsigned before = fuzz.activity;

        fuzz_client_flush();
        ev_run(EV_DEFAULT, EVRUN_NOWAIT);

        if (fuzz_client != NULL) {
            fuzz_client_read();
        }

        if (fuzz.activity == before && i > 0) {
            break;
        }
    }
}

/* A new connection: a socketpair whose one end the listener accepts. */
static void fuzz_open(void)
{
    int pair[2];

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair) < 0 || write(pair[1], "r", 1) != 1) {
        abort();
    }

    fuzz.server_fd = pair[0];
    fuzz.client_fd = pair[1];
    fuzz.in_len = fuzz.in_at = 0;
    fuzz.split = UINT32_MAX;
    fuzz.budget = TLS_FUZZ_UNLIMITED;
    fuzz.eof = false;
    fuzz_accept_fd = pair[0];
    ev_feed_event(EV_DEFAULT, &fuzz_listener->io_read, EV_READ);
    fuzz_pump();

    if (fuzz_accept_fd >= 0) {
        abort(); /* not accepted: cannot happen, a slot is free */
    }
}

/* RECORDS mode: a real client and its handshake with the server. False when the handshake did not complete. */
static bool fuzz_client_open(void)
{
    fuzz_client_in = BIO_new(BIO_s_mem());
    fuzz_client_out = BIO_new(BIO_s_mem());
    fuzz_client = SSL_new(fuzz_client_ctx);
    BIO_set_mem_eof_return(fuzz_client_in, -1);
    SSL_set_bio(fuzz_client, fuzz_client_in, fuzz_client_out);
    SSL_set_connect_state(fuzz_client);

    for (unsigned round = 0; round < TLS_FUZZ_HANDSHAKE; round++) {
        if (SSL_do_handshake(fuzz_client) == 1) {
            fuzz_pump(); /* the client's Finished */
            return true;
        }

        fuzz_pump();
    }

    return false;
}

static void fuzz_client_close(void)
{
    SSL_free(fuzz_client); /* frees its BIOs */
    fuzz_client = NULL;
    fuzz_client_in = fuzz_client_out = NULL;
    ERR_clear_error();
}

/* One operation of RECORDS mode. Returns the bytes of data it used after its two bytes. */
static size_t fuzz_operation(unsigned operation, unsigned arg, const uint8_t *data, size_t left)
{
    size_t length;

    switch (operation) {
        case 0:
        case 1:
        case 2:
            length = 1 + arg % 200;
            length = length < left ? length : left;

            if (length > 0 && SSL_write(fuzz_client, data, (int)length) > 0 &&
                fuzz_sent_len + length <= sizeof(fuzz_sent)) {
                memcpy(fuzz_sent + fuzz_sent_len, data, length);
                fuzz_sent_len += length;
            }

            return length;
        case 3:
            length = 1 + arg % 64;
            length = length < left ? length : left;
            length = length < sizeof(fuzz.in) - fuzz.in_len ? length : sizeof(fuzz.in) - fuzz.in_len;
            memcpy(fuzz.in + fuzz.in_len, data, length);
            fuzz.in_len += length;
            fuzz_raw_used = true;
            return length;
        case 4:
            fuzz.split = 1 + arg;
            return 0;
        case 5:
            fuzz.budget = tls_fuzz_budgets[arg % 6];
            return 0;
        case 6:
            if (SSL_version(fuzz_client) == TLS1_3_VERSION) {
                SSL_key_update(fuzz_client, arg & 1 ? SSL_KEY_UPDATE_REQUESTED : SSL_KEY_UPDATE_NOT_REQUESTED);
            } else {
                SSL_renegotiate(fuzz_client);
            }

            SSL_do_handshake(fuzz_client);
            fuzz_raw_used = true; /* a renegotiation is refused: the stream may end */
            return 0;
        default:
            if (arg % 2 == 0) {
                SSL_shutdown(fuzz_client);
            } else {
                fuzz.eof = true;
            }

            return 0;
    }
}

static void fuzz_records(const uint8_t *data, size_t size)
{
    size_t at = 1;

    if (!fuzz_client_open()) {
        abort(); /* a real client always completes its handshake */
    }

    while (at + 1 < size && fuzz.server_fd >= 0) {
        unsigned operation = data[at] & 7;
        unsigned arg = data[at + 1];

        at += 2;
        at += fuzz_operation(operation, arg, data + at, size - at);
        fuzz_pump();
    }

    fuzz.budget = TLS_FUZZ_UNLIMITED; /* what the server holds can go now */
    fuzz.split = UINT32_MAX;
    fuzz_pump();

    if (!fuzz_raw_used && fuzz.server_fd >= 0 &&
        (fuzz_echo_len > fuzz_sent_len || memcmp(fuzz_echo, fuzz_sent, fuzz_echo_len) != 0)) {
        abort(); /* the echo is not a prefix of what was sent (a byte lost in the middle, or changed) */
    }
}

/* ---- set-up and each input ----------------------------------------------------------------------------------- */

static int fuzz_remove(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void fuzz_cleanup(void)
{
    nftw(fuzz_dir, fuzz_remove, 8, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char chain[128];
    char key[128];

    (void)argc, (void)argv;
    sxe_log_set_level(SXE_LOG_LEVEL_FATAL);
    snprintf(fuzz_dir, sizeof(fuzz_dir), "/tmp/fuzz-tls-XXXXXX");

    if (mkdtemp(fuzz_dir) == NULL || !sxe_tls_certs_make(fuzz_dir)) {
        abort();
    }

    atexit(fuzz_cleanup);
    snprintf(chain, sizeof(chain), "%s/server.pem", fuzz_dir);
    snprintf(key, sizeof(key), "%s/server.key", fuzz_dir);
    sxe_register(2, 0);
    sxe_tls_register(1, 0);

    if (sxe_init() != SXE_RETURN_OK || sxe_tls_init() != SXE_RETURN_OK ||
        (fuzz_context = sxe_tls_context_new()) == NULL ||
        sxe_tls_context_set_certificate(fuzz_context, chain, key) != SXE_RETURN_OK ||
        sxe_tls_context_set_alpn(fuzz_context, "http/1.1") != SXE_RETURN_OK) {
        abort();
    }

    fuzz_listener = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, server_on_read, NULL);

    if (fuzz_listener == NULL || sxe_tls_enable(fuzz_listener, fuzz_context, NULL) != SXE_RETURN_OK ||
        sxe_listen(fuzz_listener) != SXE_RETURN_OK || (fuzz_client_ctx = SSL_CTX_new(TLS_client_method())) == NULL) {
        abort();
    }

    sxe_syscalls.accept4 = fuzz_accept4;
    sxe_syscalls.recv = fuzz_recv;
    sxe_syscalls.send = fuzz_send;
    sxe_syscalls.shutdown = fuzz_shutdown;
    sxe_syscalls.close = fuzz_close;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    SXE_TLS_COUNTERS counters;

    if (size < 2) {
        return 0;
    }

    fuzz_sent_len = fuzz_echo_len = 0;
    fuzz_raw_used = false;
    fuzz_open();

    if (data[0] & 1) {
        if (fuzz_client_ctx != NULL) {
            SSL_CTX_set_max_proto_version(fuzz_client_ctx, data[0] & 2 ? TLS1_2_VERSION : TLS1_3_VERSION);
        }

        fuzz_records(data, size);
    } else {
        fuzz.split = 1 + data[1];
        memcpy(fuzz.in, data + 2, size - 2 < sizeof(fuzz.in) ? size - 2 : sizeof(fuzz.in));
        fuzz.in_len = size - 2 < sizeof(fuzz.in) ? size - 2 : sizeof(fuzz.in);
        fuzz.eof = true;
        fuzz_pump();
    }

    for (unsigned id = 0; id < 2; id++) { /* the connection (object 1) closes: what it holds must all come back */
        if (sxe_object(id) != fuzz_listener && sxe_object(id)->kind != 0) {
            sxe_close(sxe_object(id));
        }
    }

    if (fuzz.server_fd >= 0) {
        abort(); /* the server's end stayed open after the close */
    }

    close(fuzz.client_fd);

    if (fuzz_client != NULL) {
        fuzz_client_close();
    }

    ev_run(EV_DEFAULT, EVRUN_NOWAIT); /* deferred turns */
    sxe_tls_get_counters(&counters);

    if (counters.connections_now != 0 || counters.memory_used != 0) {
        abort(); /* a TLS slot or arena bytes not given back */
    }

    return 0;
}
