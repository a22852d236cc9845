/* bench-tls-memory.c: what OpenSSL allocates for one TLS connection: the bytes and blocks a server and a client hold
 * after SSL_new, at the peak of the handshake, after it, and after one request and its answer, for TLS 1.3 and 1.2,
 * with and without SSL_MODE_RELEASE_BUFFERS (read-ahead on, as lib-sxe-tls sets it). It counts every allocation
 * through CRYPTO_set_mem_functions, attributing each to the side whose OpenSSL call made it, over a socketpair; the
 * third round of each case is reported (the first ones set up what OpenSSL keeps for the process). Plain OpenSSL, no
 * libsxe: these are the figures lib-sxe-tls sizes its arena from (lib-sxe-tls/README.md "Memory").
 *
 * bench-tls-memory CERT.pem KEY.pem     (make a throw-away pair with openssl req, as bench/run.sh does)
 */
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define SIDES  3 /* server, client, neither */
#define OTHER  2
#define ROUNDS 3

static int side = OTHER;
static long live[SIDES], blocks[SIDES], peak[SIDES], peak_blocks[SIDES];

static void count(int who, long bytes, long count_blocks)
{
    live[who] += bytes;
    blocks[who] += count_blocks;
    peak[who] = live[who] > peak[who] ? live[who] : peak[who];
    peak_blocks[who] = blocks[who] > peak_blocks[who] ? blocks[who] : peak_blocks[who];
}

/* Each block carries its size and its side in a 16-byte header. */
static void *counted_malloc(size_t size, const char *file, int line)
{
    size_t *block = malloc(size + 16);

    (void)file, (void)line;

    if (block == NULL) {
        return NULL;
    }

    block[0] = size;
    block[1] = (size_t)side;
    count(side, (long)size, 1);
    return block + 2;
}

static void counted_free(void *payload, const char *file, int line)
{
    size_t *block = payload != NULL ? (size_t *)payload - 2 : NULL;

    (void)file, (void)line;

    if (block != NULL) {
        count((int)block[1], -(long)block[0], -1);
        free(block);
    }
}

static void *counted_realloc(void *payload, size_t size, const char *file, int line)
{
    size_t *block;
    size_t old;
    int who;

    if (payload == NULL) {
        return counted_malloc(size, file, line);
    }

    block = (size_t *)payload - 2;
    old = block[0];
    who = (int)block[1];

    if ((block = realloc(block, size + 16)) == NULL) {
        return NULL;
    }

    block[0] = size;
    count(who, (long)size - (long)old, 0);
    return block + 2;
}

typedef struct FIGURES {
    long new_bytes, new_blocks, peak_bytes, peak_blocks, done_bytes, done_blocks, request_bytes, request_blocks;
} FIGURES;

static int step(SSL *ssl, int who, int (*call)(SSL *))
{
    int result;

    side = who;
    result = call(ssl);
    side = OTHER;
    return result;
}

/* One connection, server and client over a socketpair: the figures of each side (from their own base). */
static void one_connection(SSL_CTX *server_ctx, SSL_CTX *client_ctx, FIGURES figures[2])
{
    static const char request[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    static const char answer[] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    long base[2] = {live[0], live[1]};
    long base_blocks[2] = {blocks[0], blocks[1]};
    char buf[4096];
    SSL *ssl[2];
    int pair[2];
    int done = 0;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, pair) < 0) {
        exit(1);
    }

    for (int who = 0; who < 2; who++) {
        peak[who] = live[who];
        peak_blocks[who] = blocks[who];
        side = who;
        ssl[who] = SSL_new(who == 0 ? server_ctx : client_ctx);
        SSL_set_fd(ssl[who], pair[who]);
        who == 0 ? SSL_set_accept_state(ssl[who]) : SSL_set_connect_state(ssl[who]);
        side = OTHER;
        figures[who].new_bytes = live[who] - base[who];
        figures[who].new_blocks = blocks[who] - base_blocks[who];
    }

    for (unsigned round = 0; round < 32 && done != 3; round++) {
        done |= (done & 2) || step(ssl[1], 1, SSL_do_handshake) == 1 ? 2 : 0;
        done |= (done & 1) || step(ssl[0], 0, SSL_do_handshake) == 1 ? 1 : 0;
    }

    for (int who = 0; who < 2; who++) {
        figures[who].peak_bytes = peak[who] - base[who];
        figures[who].peak_blocks = peak_blocks[who] - base_blocks[who];
        figures[who].done_bytes = live[who] - base[who];
        figures[who].done_blocks = blocks[who] - base_blocks[who];
    }

    side = 1;
    SSL_write(ssl[1], request, sizeof(request) - 1);
    side = 0;
    SSL_read(ssl[0], buf, sizeof(buf));
    SSL_write(ssl[0], answer, sizeof(answer) - 1);
    side = 1;
    SSL_read(ssl[1], buf, sizeof(buf)); /* TLS 1.3: the tickets too */
    side = OTHER;

    for (int who = 0; who < 2; who++) {
        figures[who].request_bytes = live[who] - base[who];
        figures[who].request_blocks = blocks[who] - base_blocks[who];
        side = who;
        SSL_free(ssl[who]);
        side = OTHER;
        close(pair[who]);
    }

    ERR_clear_error();
}

static SSL_CTX *make_ctx(const SSL_METHOD *method, int version, int release, const char *cert, const char *key)
{
    SSL_CTX *ctx = SSL_CTX_new(method);

    SSL_CTX_set_min_proto_version(ctx, version);
    SSL_CTX_set_max_proto_version(ctx, version);
    SSL_CTX_set_read_ahead(ctx, 1);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);

    if (release) {
        SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    }

    if (cert != NULL && (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
                         SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1)) {
        fprintf(stderr, "bench-tls-memory: cannot load %s and %s\n", cert, key);
        exit(1);
    }

    return ctx;
}

int main(int argc, char **argv)
{
    static const char *const sides[] = {"server", "client"};
    FIGURES figures[2];

    if (argc != 3 || CRYPTO_set_mem_functions(counted_malloc, counted_realloc, counted_free) != 1) {
        fprintf(stderr, "usage: bench-tls-memory CERT.pem KEY.pem\n");
        return 2;
    }

    printf("| TLS | release buffers | side | after SSL_new | handshake peak | after the handshake | after a request |\n"
           "|---|---|---|---|---|---|---|\n");

    for (int version = TLS1_3_VERSION; version >= TLS1_2_VERSION; version--) {
        for (int release = 1; release >= 0; release--) {
            SSL_CTX *server_ctx = make_ctx(TLS_server_method(), version, release, argv[1], argv[2]);
            SSL_CTX *client_ctx = make_ctx(TLS_client_method(), version, release, NULL, NULL);

            for (unsigned round = 0; round < ROUNDS; round++) {
                one_connection(server_ctx, client_ctx, figures);
            }

            for (int who = 0; who < 2; who++) {
                printf("| 1.%d | %s | %s | %ld B / %ld | %ld B / %ld | %ld B / %ld | %ld B / %ld |\n", version - 0x301,
                       release ? "yes" : "no", sides[who], figures[who].new_bytes, figures[who].new_blocks,
                       figures[who].peak_bytes, figures[who].peak_blocks, figures[who].done_bytes,
                       figures[who].done_blocks, figures[who].request_bytes, figures[who].request_blocks);
            }

            SSL_CTX_free(server_ctx);
            SSL_CTX_free(client_ctx);
        }
    }

    return 0;
}
