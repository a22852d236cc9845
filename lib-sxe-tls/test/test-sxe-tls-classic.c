/* test-sxe-tls-classic.c: a classic SXE program's SSL: sxe_ssl_register, sxe_ssl_init with its certificate, key and
 * authorities, sxe_ssl_enable on a listener and a client, on_connected after the handshake, sxe_ssl_get_info and the
 * peer's names, sxe_ssl_close, sxe_ssl_fini.
 */
#include <string.h>

#include "sxe-tls-test.h"

START_TEST(a_classic_ssl_server_and_client_connect_tell_what_they_agreed_and_close)
{
    const char *cipher = NULL;
    const char *version = NULL;
    int verified = -1;
    int bits = 0;
    char name[64];
    SXE *listener;
    SXE *client;

    memset(tls_peers, 0, sizeof(tls_peers));
    sxe_register(4, 0);
    sxe_ssl_register(2);
    ck_assert_int_eq(sxe_init(), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_ssl_init(tls_test_file("server.pem"), tls_test_file("server.key"), tls_test_file("ca.pem"), "."),
                     SXE_RETURN_OK);
    listener = sxe_new_tcp(NULL, "0.0.0.0", 0, tls_test_on_connected, tls_test_on_read, tls_test_on_close);
    ck_assert_int_eq(sxe_ssl_enable(listener), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    client = sxe_new_tcp(NULL, "0.0.0.0", 0, tls_test_on_connected, tls_test_on_read, tls_test_on_close);
    ck_assert_int_eq(sxe_ssl_enable(client), SXE_RETURN_OK);
    ck_assert(SXE_FLAGS(client) & SXE_FLAG_IS_SSL);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", SXE_LOCAL_PORT(listener)), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].connected == 1 && tls_test_accepted != NULL, 5.0));
    sxe_ssl_get_info(client, &verified, &cipher, &bits, &version);
    ck_assert_int_eq(verified, 1); /* the server's chain is the CA file's */
    ck_assert_str_ne(cipher, "");
    ck_assert_int_ge(bits, 128);
    ck_assert_str_eq(version, "TLSv1.3");
    ck_assert_uint_eq(sxe_ssl_get_peer_CN(client, name, sizeof(name)), strlen("localhost"));
    ck_assert_str_eq(name, "localhost");
    ck_assert_uint_gt(sxe_ssl_get_peer_issuer(client, name, sizeof(name)), 0);
    ck_assert_str_eq(name, "libsxe test CA");
    ck_assert_uint_eq(sxe_ssl_get_peer_CN(tls_test_accepted, name, sizeof(name)), 0); /* the client sent none */
    ck_assert_int_eq(sxe_write(client, "classic", 7), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(tls_test_accepted)].length == 7, 5.0));
    ck_assert_int_eq(sxe_ssl_close(client), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(tls_test_accepted)].closed == 1, 5.0));
    sxe_close(listener);
    sxe_ssl_fini();
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-tls-classic", a_classic_ssl_server_and_client_connect_tell_what_they_agreed_and_close)
