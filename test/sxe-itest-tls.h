/* sxe-itest-tls.h: TLS for the integration tests: certificates made at test time (lib-sxe-tls's sxe-tls-certs.h) and
 * a blocking TLS client on plain OpenSSL (not libsxe: it tests the servers from the outside), whose results mean what
 * the plain clients' of soak/sxe-reliability.h mean (REL_CLOSED_*).
 *
 * Header only; the integration tests link OpenSSL.
 */
#ifndef SXE_ITEST_TLS_H
#define SXE_ITEST_TLS_H

#include <errno.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "../lib-sxe-tls/test/sxe-tls-certs.h"
#include "sxe-itest.h"

#define SXE_ITEST_TLS_CLOSED_NO      0 /* the values of REL_CLOSED_* */
#define SXE_ITEST_TLS_CLOSED_EOF     1
#define SXE_ITEST_TLS_CLOSED_RESET   2
#define SXE_ITEST_TLS_CLOSED_REFUSED 3

/* A TLS connection to 127.0.0.1:port (the client checks nothing: what is tested is what follows), its reads bounded
 * by `seconds` each. NULL when the connection or the handshake fails; *fd is the socket (-1 when none).
 */
static inline SSL *sxe_itest_tls_connect(int port, double seconds, int *fd)
{
    static SSL_CTX *context;
    struct timeval timeout = {(time_t)seconds, (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6)};
    SSL *ssl;

    if (context == NULL && (context = SSL_CTX_new(TLS_client_method())) == NULL) {
        return NULL;
    }

    if ((*fd = sxe_itest_connect(port)) < 0) {
        return NULL;
    }

    setsockopt(*fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    ssl = SSL_new(context);

    if (ssl == NULL || SSL_set_fd(ssl, *fd) != 1 || SSL_connect(ssl) != 1) {
        SSL_free(ssl);
        ERR_clear_error();
        return NULL;
    }

    return ssl;
}

/* Read what the server sends into out (NUL terminated, at most size - 1 bytes kept) until it closes or `seconds` pass
 * without a byte. Returns SXE_ITEST_TLS_CLOSED_EOF (close_notify, or the TCP end), _RESET (an error), _NO (still open).
 */
static inline int sxe_itest_tls_read_all(SSL *ssl, char *out, size_t size)
{
    size_t kept = 0;
    char scratch[4096];
    int got;

    for (;;) {
        got = SSL_read(ssl, scratch, sizeof(scratch));

        if (got > 0) {
            size_t take = kept + (size_t)got < size ? (size_t)got : size - 1 - kept;

            memcpy(out + kept, scratch, take);
            kept += take;
            continue;
        }

        out[kept] = '\0';

        switch (SSL_get_error(ssl, got)) {
            case SSL_ERROR_ZERO_RETURN:
                return SXE_ITEST_TLS_CLOSED_EOF;
            case SSL_ERROR_SYSCALL:
                return errno == EAGAIN || errno == EWOULDBLOCK ? SXE_ITEST_TLS_CLOSED_NO
                       : errno == 0                            ? SXE_ITEST_TLS_CLOSED_EOF
                                                               : SXE_ITEST_TLS_CLOSED_RESET;
            default:
                return SXE_ITEST_TLS_CLOSED_RESET;
        }
    }
}

/* Over TLS, what rel_send_raw() does over TCP: send bytes on a new connection, keep what comes back until the server
 * closes (or `seconds`, scaled, pass without a byte). Returns SXE_ITEST_TLS_CLOSED_*.
 */
static inline int sxe_itest_tls_send_raw(int port, const char *bytes, size_t len, double seconds, char *out, size_t size)
{
    int fd = -1;
    SSL *ssl = sxe_itest_tls_connect(port, seconds * sxe_itest_time_scale(), &fd);
    int closed = SXE_ITEST_TLS_CLOSED_REFUSED;
    size_t sent = 0;
    size_t written;

    out[0] = '\0';

    while (ssl != NULL && sent < len && SSL_write_ex(ssl, bytes + sent, len - sent, &written) == 1) {
        sent += written; /* a server that answers an error early may close before all is sent: read its answer */
    }

    if (ssl != NULL) {
        ERR_clear_error();
        closed = sxe_itest_tls_read_all(ssl, out, size);
        SSL_free(ssl);
    }

    if (fd >= 0) {
        close(fd);
    }

    return closed;
}

/* Over TLS, what rel_request() does: one request on a new connection; the status of its response (0: none). */
static inline unsigned sxe_itest_tls_request(int port, const char *request, double seconds)
{
    char answer[8192];
    unsigned status = 0;

    sxe_itest_tls_send_raw(port, request, strlen(request), seconds, answer, sizeof(answer));
    sscanf(answer, "HTTP/1.%*u %u", &status);
    return status;
}

#endif
