/* sxe-tls-test.c: the helpers of sxe-tls-test.h, and lib-sxe's (its sxe-test.c is compiled in here: one copy). */
#include <arpa/inet.h>
#include <ftw.h>
#include <string.h>
#include <unistd.h>

#include "../../lib-sxe/test/sxe-test.c"
#include "sxe-tls-test.h"

TLS_PEER tls_peers[TLS_TEST_OBJECTS];
SXE *tls_test_accepted;

static char tls_test_directory[64];

static int tls_test_remove(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void tls_test_cleanup(void)
{
    if (tls_test_directory[0] != '\0') {
        nftw(tls_test_directory, tls_test_remove, 8, FTW_DEPTH | FTW_PHYS);
    }
}

const char *tls_test_dir(void)
{
    if (tls_test_directory[0] == '\0') {
        snprintf(tls_test_directory, sizeof(tls_test_directory), "/tmp/test-sxe-tls-XXXXXX");
        ck_assert_ptr_nonnull(mkdtemp(tls_test_directory));
        atexit(tls_test_cleanup);
        ck_assert_msg(sxe_tls_certs_make(tls_test_directory), "cannot make the test certificates");
    }

    return tls_test_directory;
}

const char *tls_test_file(const char *name)
{
    static char paths[8][SXE_TLS_CERTS_PATH_MAX];
    static unsigned next;

    return sxe_tls_certs_path(paths[next++ % 8], tls_test_dir(), name);
}

void tls_test_init(unsigned objects, unsigned buffer, unsigned connections, unsigned handshakes)
{
    memset(tls_peers, 0, sizeof(tls_peers));
    tls_test_accepted = NULL;
    tls_test_dir();
    sxe_test_init(objects, buffer);
    sxe_tls_register(connections, handshakes);
    ck_assert_int_eq(sxe_tls_init(), SXE_RETURN_OK);
}

void tls_test_fini(void)
{
    SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 0, 2.0);
    ck_assert_uint_eq(sxe_get_number_in_use(), 0);
    ck_assert_int_eq(sxe_tls_fini(), SXE_RETURN_OK);
    sxe_test_fini();
}

SXE_TLS_CONTEXT *tls_test_context(const char *cert)
{
    SXE_TLS_CONTEXT *context = sxe_tls_context_new();
    char chain[64];
    char key[64];

    ck_assert_ptr_nonnull(context);
    snprintf(chain, sizeof(chain), "%s.pem", cert);
    snprintf(key, sizeof(key), "%s.key", cert);
    ck_assert_int_eq(sxe_tls_context_set_certificate(context, tls_test_file(chain), tls_test_file(key)), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_tls_context_set_verify(context, SXE_TLS_VERIFY_SERVER, tls_test_file("ca.pem")),
                     SXE_RETURN_OK);
    return context;
}

static TLS_PEER *tls_test_peer(SXE *this)
{
    ck_assert_uint_lt(SXE_ID(this), TLS_TEST_OBJECTS);
    return &tls_peers[SXE_ID(this)];
}

void tls_test_on_connected(SXE *this)
{
    TLS_PEER *peer = tls_test_peer(this);

    if (peer->sxe != this || peer->connected == 0) { /* a new connection on this object: a fresh record */
        memset(peer, 0, sizeof(*peer));
        peer->sxe = this;
    }

    peer->connected++;

    if (SXE_FLAGS(this) & SXE_FLAG_IS_SSL && this->parent != NULL) {
        tls_test_accepted = this;
    }
}

void tls_test_on_read(SXE *this, int length)
{
    TLS_PEER *peer = tls_test_peer(this);
    unsigned used = SXE_BUF_USED(this);

    if (length == 0) {
        peer->eof_reads++;
        return;
    }

    ck_assert_uint_le(peer->length + used, TLS_TEST_DATA);
    memcpy(peer->data + peer->length, SXE_BUF(this), used);
    peer->length += used;
    sxe_buf_clear(this);
}

void tls_test_on_close(SXE *this)
{
    TLS_PEER *peer = tls_test_peer(this);

    peer->sxe = this;
    peer->closed++;
    peer->close_reason = SXE_CLOSE_REASON(this);
    peer->close_errno = SXE_CLOSE_ERRNO(this);
    snprintf(peer->error, sizeof(peer->error), "%s", sxe_tls_get_error(this));
}

SXE *tls_test_listen(SXE_TLS_CONTEXT *context)
{
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, tls_test_on_connected, tls_test_on_read, tls_test_on_close);

    ck_assert_ptr_nonnull(listener);
    ck_assert_int_eq(sxe_tls_enable(listener, context, NULL), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    return listener;
}

SXE *tls_test_connect(SXE_TLS_CONTEXT *context, const char *host, unsigned short port)
{
    SXE *client = sxe_new_tcp(NULL, "0.0.0.0", 0, tls_test_on_connected, tls_test_on_read, tls_test_on_close);

    ck_assert_ptr_nonnull(client);
    ck_assert_int_eq(sxe_tls_enable(client, context, host), SXE_RETURN_OK);
    memset(tls_test_peer(client), 0, sizeof(TLS_PEER));
    tls_test_peer(client)->sxe = client;
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", port), SXE_RETURN_OK);
    return client;
}

int tls_test_raw_connect(unsigned short port)
{
    return sxe_test_connect("127.0.0.1", port);
}
