/* sxe-tls-bio.c: the BIO OpenSSL reads and writes a connection's socket through: lib-sxe's system-call seam
 * (sxe_syscalls in lib-sxe/sxe-private.h), so that tests and fuzzers inject failures, short reads and writes, and
 * byte streams into TLS exactly as into plain TCP. Non-blocking: EAGAIN becomes OpenSSL's "retry".
 *
 * Kernel TLS: OpenSSL (built with kTLS, as Debian's 3.0 is) asks a BIO to take the keys of a direction once they are
 * known (BIO_CTRL_SET_KTLS). For the output, this BIO attaches the kernel's "tls" ULP to the socket and gives it the
 * keys (setsockopt SOL_TLS TLS_TX); it then tells OpenSSL that the kernel encrypts (BIO_CTRL_GET_KTLS_SEND), and
 * records that are not application data go out with their type in a control message (sendmsg TLS_SET_RECORD_TYPE).
 * Any failure (no ULP in the kernel: ENOENT; a cipher the kernel lacks) answers "no", and OpenSSL encrypts itself.
 * The input is never offloaded (the reads stay OpenSSL's).
 */
#define SXE_LOG_COMPONENT "sxe-tls"

#include <errno.h>
#include <linux/tls.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>

#include "sxe-tls-private.h"

#ifndef SOL_TLS
#define SOL_TLS 282
#endif
#ifndef TCP_ULP
#define TCP_ULP 31
#endif

/* OpenSSL's internal BIO controls for kTLS (openssl/bio.h lists them as internal; their numbers are stable). */
#define SXE_BIO_CTRL_SET_KTLS             72
#define SXE_BIO_CTRL_SET_KTLS_TX_CTRL_MSG 74
#define SXE_BIO_CTRL_CLR_KTLS_TX_CTRL_MSG 75

static BIO_METHOD *sxe_tls_bio_method;
static pthread_once_t sxe_tls_bio_once = PTHREAD_ONCE_INIT;

static int sxe_tls_bio_fd(BIO *bio)
{
    SXE_TLS_CONN *conn = BIO_get_data(bio);

    return conn != NULL && conn->sxe != NULL ? SXE_FD(conn->sxe) : -1;
}

/* A record that is not application data, through kTLS: its type in a control message. */
static ssize_t sxe_tls_bio_send_record(int fd, const char *data, int length, unsigned char type)
{
    char control[CMSG_SPACE(sizeof(type))];
    struct iovec iov = {.iov_base = (void *)(uintptr_t)data, .iov_len = (size_t)length};
    struct msghdr message;
    struct cmsghdr *header;

    memset(&message, 0, sizeof(message));
    memset(control, 0, sizeof(control));
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof(control);
    header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_TLS;
    header->cmsg_type = TLS_SET_RECORD_TYPE;
    header->cmsg_len = CMSG_LEN(sizeof(type));
    *CMSG_DATA(header) = type;
    return sxe_syscalls.sendmsg(fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
}

static int sxe_tls_bio_write(BIO *bio, const char *data, int length)
{
    SXE_TLS_CONN *conn = BIO_get_data(bio);
    int fd = sxe_tls_bio_fd(bio);
    ssize_t sent;

    BIO_clear_retry_flags(bio);
    sent = conn != NULL && conn->ktls_record_type != 0
               ? sxe_tls_bio_send_record(fd, data, length, (unsigned char)conn->ktls_record_type)
               : sxe_syscalls.send(fd, data, (size_t)length, MSG_NOSIGNAL | MSG_DONTWAIT);

    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        BIO_set_retry_write(bio);
    }

    return (int)sent;
}

static int sxe_tls_bio_read(BIO *bio, char *buf, int size)
{
    ssize_t got;

    BIO_clear_retry_flags(bio);
    got = sxe_syscalls.recv(sxe_tls_bio_fd(bio), buf, (size_t)size, 0);

    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        BIO_set_retry_read(bio);
    }

    return (int)got;
}

static int sxe_tls_bio_puts(BIO *bio, const char *text)
{
    return sxe_tls_bio_write(bio, text, (int)strlen(text));
}

/* The length of the kernel's crypto info for the cipher it names (0: one this kernel's headers do not know). */
static socklen_t sxe_tls_ktls_info_length(const struct tls_crypto_info *info)
{
    switch (info->cipher_type) {
        case TLS_CIPHER_AES_GCM_128:
            return sizeof(struct tls12_crypto_info_aes_gcm_128);
        case TLS_CIPHER_AES_GCM_256:
            return sizeof(struct tls12_crypto_info_aes_gcm_256);
#ifdef TLS_CIPHER_CHACHA20_POLY1305
        case TLS_CIPHER_CHACHA20_POLY1305:
            return sizeof(struct tls12_crypto_info_chacha20_poly1305);
#endif
        default:
            return 0;
    }
}

/* BIO_CTRL_SET_KTLS: give the kernel the keys of the output (is_tx) when it can take them. 1: it took them. */
static long sxe_tls_bio_set_ktls(BIO *bio, long is_tx, const struct tls_crypto_info *info)
{
    SXE_TLS_CONN *conn = BIO_get_data(bio);
    int fd = sxe_tls_bio_fd(bio);
    socklen_t length;

    if (conn == NULL || !is_tx || info == NULL || (length = sxe_tls_ktls_info_length(info)) == 0) {
        return 0;
    }

    if (!(conn->flags & SXE_TLS_CONN_ULP)) {
        if (sxe_syscalls.setsockopt(fd, SOL_TCP, TCP_ULP, "tls", sizeof("tls")) < 0) {
            SXEL6("kTLS: setsockopt(TCP_ULP, \"tls\") failed: %s; OpenSSL encrypts", strerror(errno));
            return 0;
        }

        conn->flags |= SXE_TLS_CONN_ULP;
    }

    if (sxe_syscalls.setsockopt(fd, SOL_TLS, TLS_TX, info, length) < 0) {
        SXEL6("kTLS: setsockopt(TLS_TX, cipher %u) failed: %s; OpenSSL encrypts", info->cipher_type, strerror(errno));
        return 0;
    }

    conn->flags |= SXE_TLS_CONN_KTLS_TX;
    return 1;
}

static long sxe_tls_bio_ctrl(BIO *bio, int command, long number, void *pointer)
{
    SXE_TLS_CONN *conn = BIO_get_data(bio);

    switch (command) {
        case BIO_CTRL_FLUSH: /* nothing is buffered here */
            return 1;
        case BIO_C_GET_FD:
            if (pointer != NULL) {
                *(int *)pointer = sxe_tls_bio_fd(bio);
            }

            return sxe_tls_bio_fd(bio);
        case SXE_BIO_CTRL_SET_KTLS:
            return sxe_tls_bio_set_ktls(bio, number, pointer);
        case BIO_CTRL_GET_KTLS_SEND:
            return conn != NULL && (conn->flags & SXE_TLS_CONN_KTLS_TX) ? 1 : 0;
        case BIO_CTRL_GET_KTLS_RECV:
            return 0;
        case SXE_BIO_CTRL_SET_KTLS_TX_CTRL_MSG:
            if (conn != NULL) {
                conn->ktls_record_type = (int)number;
            }

            return 0;
        case SXE_BIO_CTRL_CLR_KTLS_TX_CTRL_MSG:
            if (conn != NULL) {
                conn->ktls_record_type = 0;
            }

            return 0;
        default:
            return 0;
    }
}

static int sxe_tls_bio_create(BIO *bio)
{
    BIO_set_init(bio, 1);
    return 1;
}

static void sxe_tls_bio_make_method(void)
{
    BIO_METHOD *method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "sxe");

    if (method != NULL && BIO_meth_set_write(method, sxe_tls_bio_write) && BIO_meth_set_read(method, sxe_tls_bio_read) &&
        BIO_meth_set_puts(method, sxe_tls_bio_puts) && BIO_meth_set_ctrl(method, sxe_tls_bio_ctrl) &&
        BIO_meth_set_create(method, sxe_tls_bio_create)) {
        sxe_tls_bio_method = method;
        return;
    }

    BIO_meth_free(method);
}

bool sxe_tls_bio_init(void)
{
    pthread_once(&sxe_tls_bio_once, sxe_tls_bio_make_method); /* kept for the life of the process */
    return sxe_tls_bio_method != NULL;
}

BIO *sxe_tls_bio_new(SXE_TLS_CONN *conn)
{
    BIO *bio = sxe_tls_bio_method != NULL ? BIO_new(sxe_tls_bio_method) : NULL;

    if (bio != NULL) {
        BIO_set_data(bio, conn);
    }

    return bio;
}
