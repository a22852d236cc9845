/* test-sxe-tls-handshake.c: TLS objects connect as TCP ones do, once their handshake is done: versions, ciphers,
 * ALPN, SNI, verification (a good chain, an unknown authority, an expired certificate, a wrong name, no verification),
 * resumption, and handshakes that fail (a peer that sends garbage, a peer that stalls).
 */
#include <string.h>
#include <unistd.h>

#include "sxe-tls-test.h"

static SXE_TLS_CONTEXT *server_context;
static SXE_TLS_CONTEXT *client_context;

static void contexts(const char *cert)
{
    server_context = tls_test_context(cert);
    client_context = tls_test_context("client");
}

static void contexts_free(void)
{
    ck_assert_int_eq(sxe_tls_context_free(server_context), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_tls_context_free(client_context), SXE_RETURN_OK);
}

/* A listener with server_context and a client to it with client_context and host: runs until the client connected or
 * closed. Returns the client.
 */
static SXE *connect_pair(SXE **listener, const char *host)
{
    SXE *client;

    *listener = tls_test_listen(server_context);
    client = tls_test_connect(client_context, host, SXE_LOCAL_PORT(*listener));
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].connected + tls_peers[SXE_ID(client)].closed > 0, 5.0));
    return client;
}

START_TEST(a_tls_1_3_client_and_server_connect_after_the_handshake_and_exchange_bytes_both_ways)
{
    SXE_TLS_COUNTERS counters;
    SXE *listener;
    SXE *client;

    tls_test_init(8, 0, 4, 0);
    contexts("server");
    client = connect_pair(&listener, "localhost");
    ck_assert_uint_eq(tls_peers[SXE_ID(client)].connected, 1);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_test_accepted != NULL, 5.0));
    ck_assert_str_eq(sxe_tls_get_version(client), "TLSv1.3");
    ck_assert_str_eq(sxe_tls_get_version(tls_test_accepted), "TLSv1.3");
    ck_assert_str_ne(sxe_tls_get_cipher(client), "");
    ck_assert(sxe_tls_is_verified(client));
    ck_assert_str_eq(sxe_tls_get_server_name(tls_test_accepted), "localhost");
    ck_assert_int_eq(sxe_write(client, "hello, server", 13), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(tls_test_accepted)].length == 13, 5.0));
    ck_assert_int_eq(memcmp(tls_peers[SXE_ID(tls_test_accepted)].data, "hello, server", 13), 0);
    ck_assert_int_eq(sxe_write(tls_test_accepted, "hello, client", 13), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].length == 13, 5.0));
    sxe_get_counters(&(SXE_COUNTERS){0});
    sxe_tls_get_counters(&counters);
    ck_assert_uint_eq(counters.handshakes, 2); /* both sides */
    ck_assert_uint_eq(counters.connections_now, 2);
    sxe_close(client); /* close_notify: the server reads an end of file */
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(tls_test_accepted)].closed == 1, 5.0));
    ck_assert_int_eq(tls_peers[SXE_ID(tls_test_accepted)].close_reason, SXE_RETURN_END_OF_FILE);
    sxe_close(listener);
    contexts_free();
    tls_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-tls-handshake", a_tls_1_3_client_and_server_connect_after_the_handshake_and_exchange_bytes_both_ways)
