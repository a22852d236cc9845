/* test-sxe-tls-handshake.c: TLS objects connect as TCP ones do, once their handshake is done: versions, ciphers,
 * ALPN, SNI, verification (a good chain, an unknown authority, an expired certificate, a wrong name, no verification),
 * resumption, and handshakes that fail (a peer that sends garbage, a peer that stalls).
 */
#include <errno.h>
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
    SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 0, 2.0); /* the server's sides read the ends of their clients */
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

/* The client's handshake failed: on_close with BAD_MESSAGE and a reason containing `why`; the server saw nothing. */
static void check_client_failed(SXE *client, const char *why)
{
    TLS_PEER *peer = &tls_peers[SXE_ID(client)];
    SXE_TLS_COUNTERS counters;

    ck_assert_uint_eq(peer->connected, 0);
    ck_assert_uint_eq(peer->closed, 1);
    ck_assert_int_eq(peer->close_reason, SXE_RETURN_ERROR_BAD_MESSAGE);
    ck_assert_int_eq(peer->close_errno, EPROTO);
    ck_assert_msg(strstr(peer->error, why) != NULL, "the client's error is \"%s\", not \"%s\"", peer->error, why);
    SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 1, 2.0); /* the server's side goes too */
    sxe_tls_get_counters(&counters);
    ck_assert_uint_ge(counters.handshake_failures, 1);
    ck_assert_ptr_null(tls_test_accepted); /* never reported to the server's application */
}

START_TEST(a_server_limited_to_tls_1_2_connects_with_tls_1_2)
{
    SXE *listener;
    SXE *client;

    tls_test_init(8, 0, 4, 0);
    contexts("server");
    ck_assert_int_eq(sxe_tls_context_set_versions(server_context, SXE_TLS_VERSION_1_2, SXE_TLS_VERSION_1_2),
                     SXE_RETURN_OK);
    client = connect_pair(&listener, "localhost");
    ck_assert_uint_eq(tls_peers[SXE_ID(client)].connected, 1);
    ck_assert_str_eq(sxe_tls_get_version(client), "TLSv1.2");
    ck_assert(SXE_TEST_RUN_UNTIL(tls_test_accepted != NULL, 5.0));
    ck_assert_str_eq(sxe_tls_get_version(tls_test_accepted), "TLSv1.2");
    sxe_close(client);
    sxe_close(listener);
    contexts_free();
    tls_test_fini();
}
END_TEST

START_TEST(alpn_agrees_on_the_servers_first_protocol_that_the_client_offers)
{
    char protocol[32];
    SXE *listener;
    SXE *client;

    tls_test_init(8, 0, 4, 0);
    contexts("server");
    ck_assert_int_eq(sxe_tls_context_set_alpn(server_context, "http/1.1,h2"), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_tls_context_set_alpn(client_context, "h2,http/1.1"), SXE_RETURN_OK);
    client = connect_pair(&listener, "localhost");
    ck_assert_uint_eq(tls_peers[SXE_ID(client)].connected, 1);
    ck_assert_str_eq(sxe_tls_get_alpn(client, protocol, sizeof(protocol)), "http/1.1");
    ck_assert(SXE_TEST_RUN_UNTIL(tls_test_accepted != NULL, 5.0));
    ck_assert_str_eq(sxe_tls_get_alpn(tls_test_accepted, protocol, sizeof(protocol)), "http/1.1");
    ck_assert_str_eq(sxe_tls_get_alpn(tls_test_accepted, protocol, 3), "ht"); /* truncated to the size given */
    sxe_close(client);
    sxe_close(listener);
    contexts_free();
    tls_test_fini();
}
END_TEST

START_TEST(alpn_with_no_protocol_in_common_refuses_the_handshake)
{
    SXE *listener;
    SXE *client;

    tls_test_init(8, 0, 4, 0);
    contexts("server");
    ck_assert_int_eq(sxe_tls_context_set_alpn(server_context, "http/1.1"), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_tls_context_set_alpn(client_context, "h2"), SXE_RETURN_OK);
    client = connect_pair(&listener, "localhost");
    check_client_failed(client, "no application protocol");
    ck_assert_int_eq(sxe_tls_context_set_alpn(client_context, "h2,"), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_close(listener);
    contexts_free();
    tls_test_fini();
}
END_TEST

static SXE_TLS_CONTEXT *other_context;

static SXE_TLS_CONTEXT *choose_by_name(SXE *this, const char *name, void *arg)
{
    (void)this;

    if (strcmp(name, "other.example") == 0) {
        return other_context;
    }

    return strcmp(name, "refused.example") == 0 ? NULL : arg;
}

START_TEST(sni_lets_the_application_answer_with_the_certificate_of_the_name_asked_for_or_refuse_it)
{
    SXE *listener;
    SXE *client;

    tls_test_init(8, 0, 4, 0);
    contexts("server");
    other_context = tls_test_context("other");
    ck_assert_int_eq(sxe_tls_context_set_sni_callback(server_context, choose_by_name, server_context), SXE_RETURN_OK);
    client = connect_pair(&listener, "other.example");
    ck_assert_uint_eq(tls_peers[SXE_ID(client)].connected, 1); /* other.pem names other.example: it verified */
    ck_assert(sxe_tls_is_verified(client));
    ck_assert(SXE_TEST_RUN_UNTIL(tls_test_accepted != NULL, 5.0));
    ck_assert_str_eq(sxe_tls_get_server_name(tls_test_accepted), "other.example");
    ck_assert_int_eq(sxe_tls_context_free(other_context), SXE_RETURN_ERROR_BAD_STATE); /* in use */
    sxe_close(client);
    sxe_close(tls_test_accepted);
    tls_test_accepted = NULL;
    client = tls_test_connect(client_context, "refused.example", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].closed == 1, 5.0));
    check_client_failed(client, "unrecognized name");
    sxe_close(listener);
    ck_assert_int_eq(sxe_tls_context_free(other_context), SXE_RETURN_OK);
    contexts_free();
    tls_test_fini();
}
END_TEST

/* A client connecting to `host` refuses the server's certificate `cert` ("wrong", "expired", "server"), for `reason`.
 */
static void client_refuses_the_server(const char *cert, const char *host, const char *reason)
{
    SXE *listener;
    SXE *client;

    tls_test_init(8, 0, 4, 0);
    contexts(cert);
    client = connect_pair(&listener, host);
    check_client_failed(client, reason);
    sxe_close(listener);
    contexts_free();
    tls_test_fini();
}

START_TEST(a_server_certificate_from_an_unknown_authority_fails_the_clients_handshake)
{
    client_refuses_the_server("wrong", "localhost", "certificate verify failed");
}
END_TEST

START_TEST(an_expired_server_certificate_fails_the_clients_handshake)
{
    client_refuses_the_server("expired", "localhost", "certificate has expired");
}
END_TEST

START_TEST(a_certificate_for_another_name_fails_the_clients_handshake)
{
    client_refuses_the_server("server", "www.example.com", "hostname mismatch");
}
END_TEST

START_TEST(a_client_told_not_to_verify_connects_to_an_unknown_authority_and_says_it_is_not_verified)
{
    SXE *listener;
    SXE *client;
    int verified = 1;

    tls_test_init(8, 0, 4, 0);
    contexts("wrong");
    ck_assert_int_eq(sxe_tls_context_set_verify(client_context, 0, NULL), SXE_RETURN_OK);
    client = connect_pair(&listener, "localhost");
    ck_assert_uint_eq(tls_peers[SXE_ID(client)].connected, 1);
    ck_assert(!sxe_tls_is_verified(client));
    sxe_ssl_get_info(client, &verified, NULL, NULL, NULL);
    ck_assert_int_eq(verified, 0);
    sxe_close(client);
    sxe_close(listener);
    contexts_free();
    tls_test_fini();
}
END_TEST

/* Connect a client, exchange a byte (so that the tickets sent after the handshake are read), close it. */
static bool connect_once(SXE *listener)
{
    SXE *client = tls_test_connect(client_context, "localhost", SXE_LOCAL_PORT(listener));
    bool resumed;

    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].connected == 1, 5.0));
    ck_assert(SXE_TEST_RUN_UNTIL(tls_test_accepted != NULL, 5.0));
    ck_assert_int_eq(sxe_write(tls_test_accepted, "x", 1), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].length == 1, 5.0));
    resumed = sxe_tls_is_resumed(client);
    ck_assert(resumed == sxe_tls_is_resumed(tls_test_accepted));
    sxe_close(client);
    sxe_close(tls_test_accepted);
    tls_test_accepted = NULL;
    return resumed;
}

START_TEST(a_client_resumes_its_session_on_its_next_handshakes_unless_resumption_is_off)
{
    SXE_TLS_COUNTERS counters;
    SXE *listener;

    for (unsigned version = SXE_TLS_VERSION_1_2; version <= SXE_TLS_VERSION_1_3; version++) {
        tls_test_init(8, 0, 4, 0);
        contexts("server");
        ck_assert_int_eq(sxe_tls_context_set_versions(server_context, version, version), SXE_RETURN_OK);
        listener = tls_test_listen(server_context);
        ck_assert(!connect_once(listener)); /* a full handshake */
        ck_assert(connect_once(listener));
        ck_assert(connect_once(listener));
        sxe_tls_get_counters(&counters);
        ck_assert_uint_eq(counters.resumed, 4); /* both sides of two handshakes */
        ck_assert_int_eq(sxe_tls_context_set_resumption(client_context, false), SXE_RETURN_OK);
        ck_assert(!connect_once(listener));
        sxe_close(listener);
        contexts_free();
        tls_test_fini();
    }
}
END_TEST

START_TEST(a_server_asking_for_client_certificates_accepts_a_good_one_and_refuses_a_client_without)
{
    char name[64];
    SXE *listener;
    SXE *client;

    tls_test_init(8, 0, 4, 0);
    contexts("server");
    ck_assert_int_eq(sxe_tls_context_set_verify(server_context, SXE_TLS_VERIFY_CLIENT, tls_test_file("ca.pem")),
                     SXE_RETURN_OK);
    client = connect_pair(&listener, "localhost");
    ck_assert_uint_eq(tls_peers[SXE_ID(client)].connected, 1);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_test_accepted != NULL, 5.0));
    ck_assert(sxe_tls_is_verified(tls_test_accepted));
    ck_assert_uint_eq(sxe_ssl_get_peer_CN(tls_test_accepted, name, sizeof(name)), strlen("libsxe test client"));
    ck_assert_str_eq(name, "libsxe test client");
    ck_assert_uint_gt(sxe_ssl_get_peer_issuer(tls_test_accepted, name, sizeof(name)), 0);
    ck_assert_str_eq(name, "libsxe test CA");
    sxe_close(client);
    sxe_close(tls_test_accepted);
    tls_test_accepted = NULL;
    ck_assert_int_eq(sxe_tls_context_free(client_context), SXE_RETURN_OK);
    client_context = sxe_tls_context_new(); /* no certificate */
    ck_assert_int_eq(sxe_tls_context_set_verify(client_context, SXE_TLS_VERIFY_SERVER, tls_test_file("ca.pem")),
                     SXE_RETURN_OK);
    client = tls_test_connect(client_context, "localhost", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].closed == 1, 5.0)); /* TLS 1.3: after its Finished */
    ck_assert_uint_le(tls_peers[SXE_ID(client)].connected, 1);
    ck_assert_int_eq(tls_peers[SXE_ID(client)].close_reason, SXE_RETURN_ERROR_BAD_MESSAGE);
    ck_assert_ptr_null(tls_test_accepted);
    sxe_close(listener);
    contexts_free();
    tls_test_fini();
}
END_TEST

/* A raw peer sends `bytes` to a TLS listener (with an idle timeout when `idle` > 0) and sees the end of the stream
 * (perhaps after an alert); the application never hears of it. Returns the TLS counters after it.
 */
static SXE_TLS_COUNTERS raw_peer_is_closed_silently(const char *bytes, size_t length, double idle)
{
    SXE_TLS_COUNTERS counters;
    SXE *listener;
    char buf[64];
    bool eof = false;
    int fd;

    tls_test_init(8, 0, 4, 0);
    contexts("server");
    listener = tls_test_listen(server_context);
    ck_assert(idle <= 0 || sxe_set_idle_timeout(listener, idle) == SXE_RETURN_OK);
    fd = tls_test_raw_connect(SXE_LOCAL_PORT(listener));
    ck_assert_int_eq(write(fd, bytes, length), (ssize_t)length);
    sxe_test_read(fd, buf, sizeof(buf), 5.0, &eof);
    ck_assert(eof);
    close(fd);
    sxe_tls_get_counters(&counters);
    ck_assert_uint_eq(counters.connections_now, 0);
    ck_assert_ptr_null(tls_test_accepted);
    ck_assert_uint_eq(tls_peers[1].closed, 0); /* no on_close for a connection never reported */
    sxe_close(listener);
    contexts_free();
    tls_test_fini();
    return counters;
}

START_TEST(a_peer_sending_garbage_instead_of_a_client_hello_is_closed_silently_and_counted)
{
    SXE_TLS_COUNTERS counters = raw_peer_is_closed_silently("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", 35, 0);

    ck_assert_uint_eq(counters.handshake_failures, 1);
}
END_TEST

START_TEST(a_peer_that_stalls_in_its_handshake_is_closed_by_the_idle_timeout_silently_and_counted)
{
    /* the start of a ClientHello, then nothing */
    SXE_TLS_COUNTERS counters = raw_peer_is_closed_silently("\x16\x03\x01\x02\x00\x01", 6, 0.3);

    ck_assert_uint_eq(counters.handshake_timeouts, 1);
    ck_assert_uint_eq(counters.handshakes, 0);
}
END_TEST

static void on_plain_connected(SXE *this)
{
    (void)this; /* a server that never answers the hello */
}

START_TEST(a_client_whose_server_never_answers_its_hello_ends_at_its_connect_timeout)
{
    SXE_COUNTERS counters;
    SXE *listener;
    SXE *client;

    tls_test_init(8, 0, 4, 0);
    contexts("server");
    listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_plain_connected, tls_test_on_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    client = sxe_new_tcp(NULL, "0.0.0.0", 0, tls_test_on_connected, tls_test_on_read, tls_test_on_close);
    ck_assert_int_eq(sxe_tls_enable(client, client_context, "localhost"), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_set_connect_timeout(client, 0.3), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", SXE_LOCAL_PORT(listener)), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].closed == 1, 5.0));
    ck_assert_int_eq(tls_peers[SXE_ID(client)].close_reason, SXE_RETURN_ERROR_TIMEOUT);
    ck_assert_int_eq(tls_peers[SXE_ID(client)].close_errno, ETIMEDOUT);
    sxe_get_counters(&counters);
    ck_assert_uint_eq(counters.connect_failed, 1);
    sxe_close(listener);
    SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 0, 2.0);
    contexts_free();
    tls_test_fini();
}
END_TEST

static void on_connected_start_tls(SXE *this)
{
    tls_test_on_connected(this);

    if (tls_peers[SXE_ID(this)].connected == 1) { /* the plain connection: TLS from now on */
        if (this->parent != NULL) {
            ck_assert_int_eq(sxe_tls_accept(this, server_context), SXE_RETURN_OK);
        } else {
            ck_assert_int_eq(sxe_tls_connect(this, client_context, "localhost"), SXE_RETURN_OK);
        }
    }
}

START_TEST(tls_started_on_connected_plain_objects_calls_on_connected_again_after_the_handshake)
{
    SXE *listener;
    SXE *client;

    tls_test_init(8, 0, 4, 0);
    contexts("server");
    listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected_start_tls, tls_test_on_read, tls_test_on_close);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    client = sxe_new_tcp(NULL, "0.0.0.0", 0, on_connected_start_tls, tls_test_on_read, tls_test_on_close);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", SXE_LOCAL_PORT(listener)), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].connected == 2, 5.0));
    ck_assert_str_eq(sxe_tls_get_version(client), "TLSv1.3");
    ck_assert(
        SXE_TEST_RUN_UNTIL(tls_test_accepted != NULL && tls_peers[SXE_ID(tls_test_accepted)].connected == 2, 5.0));
    ck_assert_int_eq(sxe_write(client, "secret", 6), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(tls_test_accepted)].length == 6, 5.0));
    ck_assert_int_eq(sxe_tls_accept(client, server_context), SXE_RETURN_ERROR_BAD_STATE); /* TLS already */
    sxe_close(client);
    sxe_close(listener);
    contexts_free();
    tls_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-tls-handshake", a_tls_1_3_client_and_server_connect_after_the_handshake_and_exchange_bytes_both_ways,
              a_server_limited_to_tls_1_2_connects_with_tls_1_2,
              alpn_agrees_on_the_servers_first_protocol_that_the_client_offers,
              alpn_with_no_protocol_in_common_refuses_the_handshake,
              sni_lets_the_application_answer_with_the_certificate_of_the_name_asked_for_or_refuse_it,
              a_server_certificate_from_an_unknown_authority_fails_the_clients_handshake,
              an_expired_server_certificate_fails_the_clients_handshake,
              a_certificate_for_another_name_fails_the_clients_handshake,
              a_client_told_not_to_verify_connects_to_an_unknown_authority_and_says_it_is_not_verified,
              a_client_resumes_its_session_on_its_next_handshakes_unless_resumption_is_off,
              a_server_asking_for_client_certificates_accepts_a_good_one_and_refuses_a_client_without,
              a_peer_sending_garbage_instead_of_a_client_hello_is_closed_silently_and_counted,
              a_peer_that_stalls_in_its_handshake_is_closed_by_the_idle_timeout_silently_and_counted,
              a_client_whose_server_never_answers_its_hello_ends_at_its_connect_timeout,
              tls_started_on_connected_plain_objects_calls_on_connected_again_after_the_handshake)
