/* test-sxe-tls-api.c: the robust-API table of lib-sxe-tls (the MISUSE RULE of sxe.h, as sxe-tls.h applies it): each
 * public function called with NULL (a failed constructor's result), with a closed object, or in another wrong state
 * returns what its header says, logs naming itself, and never crashes. The table must cover every function sxe-tls.h
 * declares.
 */
#include "sxe-log.h"
#include "sxe-tls-test.h"
#include "../../lib-sxe-log/test/sxe-test-api.h"

static void on_read(SXE *this, int length)
{
    (void)this, (void)length;
}

/* A TCP object that was closed: free again, in the pool. */
static SXE *closed_object(void)
{
    SXE *this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);

    ck_assert_ptr_nonnull(this);
    ck_assert_int_eq(sxe_close(this), SXE_RETURN_OK);
    return this;
}

/* ---- life cycle ------------------------------------------------------------------------------------------------- */

START_TEST(sxe_tls_register_after_sxe_tls_init_is_ignored_and_logged)
{
    tls_test_init(2, 0, 1, 0);
    sxe_test_api_expect_log("sxe_tls_register");
    sxe_tls_register(5, 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ssl_register");
    sxe_ssl_register(5);
    sxe_test_api_check_log();
    tls_test_fini();
}
END_TEST

START_TEST(sxe_tls_init_without_sxe_init_or_a_registration_or_twice_is_refused_and_logged)
{
    sxe_tls_register(1, 0);
    sxe_test_api_expect_log("sxe_tls_init");
    ck_assert_int_eq(sxe_tls_init(), SXE_RETURN_ERROR_BAD_STATE); /* no sxe_init() */
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_init_with_memory");
    ck_assert_int_eq(sxe_tls_init_with_memory(4096), SXE_RETURN_ERROR_BAD_STATE);
    sxe_test_api_check_log();
    sxe_test_init(1, 0);
    ck_assert_int_eq(sxe_tls_init(), SXE_RETURN_OK);
    sxe_test_api_expect_log("sxe_tls_init");
    ck_assert_int_eq(sxe_tls_init(), SXE_RETURN_WARN_ALREADY_INITIALIZED);
    sxe_test_api_check_log();
    ck_assert_uint_gt(sxe_tls_get_allocated_bytes(), SXE_TLS_ARENA_MARGIN_BYTES);
    ck_assert_int_eq(sxe_tls_fini(), SXE_RETURN_OK);
    ck_assert_uint_eq(sxe_tls_get_allocated_bytes(), 0);
    sxe_test_api_expect_log("sxe_tls_init_with_memory");
    ck_assert_int_eq(sxe_tls_init_with_memory(4096), SXE_RETURN_ERROR_BAD_PARAMETER); /* nothing registered */
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_tls_fini_with_tls_connections_open_is_refused_and_logged_and_harmless_before_init)
{
    SXE_TLS_CONTEXT *context;
    SXE *client;

    ck_assert_int_eq(sxe_tls_fini(), SXE_RETURN_ERROR_NOT_INITIALIZED);
    tls_test_init(2, 0, 1, 0);
    context = tls_test_context("server");
    client = sxe_new_tcp(NULL, "0.0.0.0", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_tls_enable(client, context, "localhost"), SXE_RETURN_OK);
    sxe_test_api_expect_log("sxe_tls_fini");
    ck_assert_int_eq(sxe_tls_fini(), SXE_RETURN_ERROR_BAD_STATE);
    sxe_test_api_check_log();
    sxe_close(client);
    ck_assert_int_eq(sxe_tls_context_free(context), SXE_RETURN_OK);
    tls_test_fini();
}
END_TEST

START_TEST(sxe_tls_get_counters_of_null_is_logged)
{
    sxe_test_api_expect_log("sxe_tls_get_counters");
    sxe_tls_get_counters(NULL);
    sxe_test_api_check_log();
}
END_TEST

/* ---- contexts ---------------------------------------------------------------------------------------------------- */

START_TEST(every_context_function_given_a_null_context_returns_bad_parameter_and_logs)
{
    sxe_test_api_expect_log("sxe_tls_context_free");
    ck_assert_int_eq(sxe_tls_context_free(NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_context_set_certificate");
    ck_assert_int_eq(sxe_tls_context_set_certificate(NULL, "a.pem", "a.key"), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_context_set_versions");
    ck_assert_int_eq(sxe_tls_context_set_versions(NULL, SXE_TLS_VERSION_1_2, SXE_TLS_VERSION_1_3),
                     SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_context_set_ciphers");
    ck_assert_int_eq(sxe_tls_context_set_ciphers(NULL, NULL, NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_context_set_alpn");
    ck_assert_int_eq(sxe_tls_context_set_alpn(NULL, "http/1.1"), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_context_set_sni_callback");
    ck_assert_int_eq(sxe_tls_context_set_sni_callback(NULL, NULL, NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_context_set_verify");
    ck_assert_int_eq(sxe_tls_context_set_verify(NULL, 0, NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_context_set_resumption");
    ck_assert_int_eq(sxe_tls_context_set_resumption(NULL, true), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_context_set_ktls");
    ck_assert_int_eq(sxe_tls_context_set_ktls(NULL, true), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(context_settings_with_bad_values_are_refused_logged_and_leave_the_context_as_it_was)
{
    SXE_TLS_CONTEXT *context = sxe_tls_context_new();

    ck_assert_ptr_nonnull(context);
    sxe_test_api_expect_log("sxe_tls_context_set_certificate");
    ck_assert_int_eq(sxe_tls_context_set_certificate(context, "/nonexistent.pem", "/nonexistent.key"),
                     SXE_RETURN_ERROR_INVALID);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_context_set_certificate"); /* a key that is not the certificate's */
    ck_assert_int_eq(sxe_tls_context_set_certificate(context, tls_test_file("server.pem"), tls_test_file("other.key")),
                     SXE_RETURN_ERROR_INVALID);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_context_set_certificate");
    ck_assert_int_eq(sxe_tls_context_set_certificate(context, NULL, NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_context_set_versions");
    ck_assert_int_eq(sxe_tls_context_set_versions(context, SXE_TLS_VERSION_1_3, SXE_TLS_VERSION_1_2),
                     SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_context_set_versions");
    ck_assert_int_eq(sxe_tls_context_set_versions(context, 0x0301, SXE_TLS_VERSION_1_3), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_context_set_ciphers");
    ck_assert_int_eq(sxe_tls_context_set_ciphers(context, "NO-SUCH-CIPHER", NULL), SXE_RETURN_ERROR_INVALID);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_context_set_alpn");
    ck_assert_int_eq(sxe_tls_context_set_alpn(context, "a,,b"), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_context_set_verify");
    ck_assert_int_eq(sxe_tls_context_set_verify(context, 0x80, NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_context_set_verify");
    ck_assert_int_eq(sxe_tls_context_set_verify(context, SXE_TLS_VERIFY_SERVER, "/nonexistent.pem"),
                     SXE_RETURN_ERROR_INVALID);
    sxe_test_api_check_log();
    ck_assert_int_eq(sxe_tls_context_set_sni_callback(context, NULL, NULL), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_tls_context_set_resumption(context, false), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_tls_context_set_ktls(context, false), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_tls_context_free(context), SXE_RETURN_OK);
}
END_TEST

/* ---- TLS objects ------------------------------------------------------------------------------------------------- */

START_TEST(sxe_tls_enable_refuses_null_closed_non_tcp_connected_and_uninitialized_objects_and_logs)
{
    SXE_TLS_CONTEXT *context = tls_test_context("server");
    char host[SXE_TLS_HOST_MAXIMUM + 2];
    SXE *this;

    sxe_test_init(4, 0);
    this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    sxe_test_api_expect_log("sxe_tls_enable");
    ck_assert_int_eq(sxe_tls_enable(this, context, NULL), SXE_RETURN_ERROR_NOT_INITIALIZED); /* no sxe_tls_init() */
    sxe_test_api_check_log();
    sxe_close(this);
    sxe_test_fini();
    tls_test_init(4, 0, 2, 0);
    sxe_test_api_expect_log("sxe_tls_enable");
    ck_assert_int_eq(sxe_tls_enable(NULL, context, NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    this = closed_object();
    sxe_test_api_expect_log("sxe_tls_enable");
    ck_assert_int_eq(sxe_tls_enable(this, context, NULL), SXE_RETURN_ERROR_BAD_STATE);
    sxe_test_api_check_log();
    this = sxe_new_udp(NULL, "127.0.0.1", 0, on_read);
    sxe_test_api_expect_log("sxe_tls_enable");
    ck_assert_int_eq(sxe_tls_enable(this, context, NULL), SXE_RETURN_ERROR_NOT_SUPPORTED);
    sxe_test_api_check_log();
    sxe_close(this);
    this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    sxe_test_api_expect_log("sxe_tls_enable");
    ck_assert_int_eq(sxe_tls_enable(this, NULL, NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    memset(host, 'a', sizeof(host) - 1);
    host[sizeof(host) - 1] = '\0';
    sxe_test_api_expect_log("sxe_tls_enable");
    ck_assert_int_eq(sxe_tls_enable(this, context, host), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    ck_assert_int_eq(sxe_listen(this), SXE_RETURN_OK);
    sxe_test_api_expect_log("sxe_tls_enable");
    ck_assert_int_eq(sxe_tls_enable(this, context, NULL), SXE_RETURN_ERROR_BAD_STATE); /* listening already */
    sxe_test_api_check_log();
    sxe_close(this);
    this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_tls_enable(this, context, NULL), SXE_RETURN_OK);
    sxe_test_api_expect_log("sxe_tls_enable");
    ck_assert_int_eq(sxe_tls_enable(this, context, NULL), SXE_RETURN_ERROR_BAD_STATE); /* TLS already */
    sxe_test_api_check_log();
    sxe_close(this);
    tls_test_fini();
    ck_assert_int_eq(sxe_tls_context_free(context), SXE_RETURN_OK);
}
END_TEST

START_TEST(sxe_tls_accept_and_connect_refuse_null_closed_and_unconnected_objects_and_log)
{
    SXE_TLS_CONTEXT *context;
    SXE *this;

    tls_test_init(4, 0, 2, 0);
    context = tls_test_context("server");
    sxe_test_api_expect_log("sxe_tls_accept");
    ck_assert_int_eq(sxe_tls_accept(NULL, context), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_connect");
    ck_assert_int_eq(sxe_tls_connect(NULL, context, "localhost"), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    this = closed_object();
    sxe_test_api_expect_log("sxe_tls_accept");
    ck_assert_int_eq(sxe_tls_accept(this, context), SXE_RETURN_ERROR_BAD_STATE);
    sxe_test_api_check_log();
    this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    sxe_test_api_expect_log("sxe_tls_accept");
    ck_assert_int_eq(sxe_tls_accept(this, context), SXE_RETURN_ERROR_NO_CONNECTION); /* not connected */
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_connect");
    ck_assert_int_eq(sxe_tls_connect(this, context, "localhost"), SXE_RETURN_ERROR_NO_CONNECTION);
    sxe_test_api_check_log();
    sxe_close(this);
    ck_assert_int_eq(sxe_tls_context_free(context), SXE_RETURN_OK);
    tls_test_fini();
}
END_TEST

START_TEST(the_getters_of_null_or_of_a_closed_object_log_and_give_their_defaults_and_a_plain_one_gives_them_quietly)
{
    char buf[16];
    SXE *this;

    sxe_test_init(2, 0);
    sxe_test_api_expect_log("sxe_tls_get_version");
    ck_assert_str_eq(sxe_tls_get_version(NULL), "");
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_get_cipher");
    ck_assert_str_eq(sxe_tls_get_cipher(NULL), "");
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_get_alpn");
    ck_assert_str_eq(sxe_tls_get_alpn(NULL, buf, sizeof(buf)), "");
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_get_alpn");
    ck_assert_ptr_null(sxe_tls_get_alpn(NULL, NULL, 0));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_get_server_name");
    ck_assert_str_eq(sxe_tls_get_server_name(NULL), "");
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_is_resumed");
    ck_assert(!sxe_tls_is_resumed(NULL));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_is_verified");
    ck_assert(!sxe_tls_is_verified(NULL));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_is_ktls");
    ck_assert(!sxe_tls_is_ktls(NULL));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_get_handshake_seconds");
    ck_assert(sxe_tls_get_handshake_seconds(NULL) == 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_tls_get_error");
    ck_assert_str_eq(sxe_tls_get_error(NULL), "");
    sxe_test_api_check_log();
    this = closed_object();
    sxe_test_api_expect_log("sxe_tls_get_version");
    ck_assert_str_eq(sxe_tls_get_version(this), "");
    sxe_test_api_check_log();
    this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL); /* not TLS: defaults, no log */
    ck_assert_str_eq(sxe_tls_get_cipher(this), "");
    ck_assert_str_eq(sxe_tls_get_error(this), "");
    sxe_close(this);
    sxe_test_fini();
}
END_TEST

/* ---- classic calls ----------------------------------------------------------------------------------------------- */

START_TEST(the_classic_calls_before_sxe_ssl_init_or_on_null_are_refused_and_logged)
{
    char name[16] = "x";
    int verified = 1;
    const char *cipher = NULL;

    sxe_test_init(2, 0);
    sxe_test_api_expect_log("sxe_ssl_enable");
    ck_assert_int_eq(sxe_ssl_enable(NULL), SXE_RETURN_ERROR_NOT_INITIALIZED);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ssl_accept");
    ck_assert_int_eq(sxe_ssl_accept(NULL), SXE_RETURN_ERROR_NOT_INITIALIZED);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ssl_connect");
    ck_assert_int_eq(sxe_ssl_connect(NULL), SXE_RETURN_ERROR_NOT_INITIALIZED);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ssl_close");
    ck_assert_int_eq(sxe_ssl_close(NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ssl_close");
    ck_assert_int_eq(sxe_ssl_close(closed_object()), SXE_RETURN_WARN_ALREADY_CLOSED);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ssl_get_info");
    sxe_ssl_get_info(NULL, &verified, &cipher, NULL, NULL);
    sxe_test_api_check_log();
    ck_assert_int_eq(verified, 0);
    ck_assert_str_eq(cipher, "");
    sxe_test_api_expect_log("sxe_ssl_get_peer_CN");
    ck_assert_uint_eq(sxe_ssl_get_peer_CN(NULL, name, sizeof(name)), 0);
    sxe_test_api_check_log();
    ck_assert_str_eq(name, "");
    sxe_test_api_expect_log("sxe_ssl_get_peer_issuer");
    ck_assert_uint_eq(sxe_ssl_get_peer_issuer(NULL, NULL, 0), 0);
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_ssl_init_twice_or_with_a_missing_file_and_sxe_ssl_fini_with_objects_open_are_refused_and_logged)
{
    SXE *this;

    sxe_test_init(2, 0);
    sxe_ssl_register(1);
    sxe_test_api_expect_log("sxe_tls_context_set_certificate");
    ck_assert_int_eq(sxe_ssl_init("/nonexistent.pem", "/nonexistent.key", NULL, NULL), SXE_RETURN_ERROR_INVALID);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ssl_init");
    ck_assert_int_eq(sxe_ssl_init(NULL, NULL, "/nonexistent.pem", NULL), SXE_RETURN_ERROR_INVALID);
    sxe_test_api_check_log();
    ck_assert_int_eq(sxe_ssl_init(tls_test_file("server.pem"), tls_test_file("server.key"), tls_test_file("ca.pem"), NULL),
                     SXE_RETURN_OK);
    sxe_test_api_expect_log("sxe_ssl_init");
    ck_assert_int_eq(sxe_ssl_init(NULL, NULL, NULL, NULL), SXE_RETURN_WARN_ALREADY_INITIALIZED);
    sxe_test_api_check_log();
    this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_ssl_enable(this), SXE_RETURN_OK);
    sxe_test_api_expect_log("sxe_ssl_fini");
    sxe_ssl_fini();
    sxe_test_api_check_log();
    sxe_close(this);
    sxe_ssl_fini();
    sxe_ssl_instrument_memory_functions(); /* nothing to do: harmless */
    sxe_test_fini();
}
END_TEST

int main(void)
{
    const SXE_TEST_API_CASE cases[] = {
        {"sxe_tls_register", sxe_tls_register_after_sxe_tls_init_is_ignored_and_logged},
        {"sxe_tls_init", sxe_tls_init_without_sxe_init_or_a_registration_or_twice_is_refused_and_logged},
        {"sxe_tls_init_with_memory", sxe_tls_init_without_sxe_init_or_a_registration_or_twice_is_refused_and_logged},
        {"sxe_tls_fini", sxe_tls_fini_with_tls_connections_open_is_refused_and_logged_and_harmless_before_init},
        {"sxe_tls_get_allocated_bytes", NULL},
        {"sxe_tls_get_counters", sxe_tls_get_counters_of_null_is_logged},
        {"sxe_tls_is_ktls_available", NULL},
        {"sxe_tls_context_new", NULL},
        {"sxe_tls_context_free", every_context_function_given_a_null_context_returns_bad_parameter_and_logs},
        {"sxe_tls_context_set_certificate", context_settings_with_bad_values_are_refused_logged_and_leave_the_context_as_it_was},
        {"sxe_tls_context_set_versions", context_settings_with_bad_values_are_refused_logged_and_leave_the_context_as_it_was},
        {"sxe_tls_context_set_ciphers", context_settings_with_bad_values_are_refused_logged_and_leave_the_context_as_it_was},
        {"sxe_tls_context_set_alpn", context_settings_with_bad_values_are_refused_logged_and_leave_the_context_as_it_was},
        {"sxe_tls_context_set_sni_callback", every_context_function_given_a_null_context_returns_bad_parameter_and_logs},
        {"sxe_tls_context_set_verify", context_settings_with_bad_values_are_refused_logged_and_leave_the_context_as_it_was},
        {"sxe_tls_context_set_resumption", every_context_function_given_a_null_context_returns_bad_parameter_and_logs},
        {"sxe_tls_context_set_ktls", every_context_function_given_a_null_context_returns_bad_parameter_and_logs},
        {"sxe_tls_enable", sxe_tls_enable_refuses_null_closed_non_tcp_connected_and_uninitialized_objects_and_logs},
        {"sxe_tls_accept", sxe_tls_accept_and_connect_refuse_null_closed_and_unconnected_objects_and_log},
        {"sxe_tls_connect", sxe_tls_accept_and_connect_refuse_null_closed_and_unconnected_objects_and_log},
        {"sxe_tls_get_version", the_getters_of_null_or_of_a_closed_object_log_and_give_their_defaults_and_a_plain_one_gives_them_quietly},
        {"sxe_tls_get_cipher", the_getters_of_null_or_of_a_closed_object_log_and_give_their_defaults_and_a_plain_one_gives_them_quietly},
        {"sxe_tls_get_alpn", the_getters_of_null_or_of_a_closed_object_log_and_give_their_defaults_and_a_plain_one_gives_them_quietly},
        {"sxe_tls_get_server_name", the_getters_of_null_or_of_a_closed_object_log_and_give_their_defaults_and_a_plain_one_gives_them_quietly},
        {"sxe_tls_is_resumed", the_getters_of_null_or_of_a_closed_object_log_and_give_their_defaults_and_a_plain_one_gives_them_quietly},
        {"sxe_tls_is_verified", the_getters_of_null_or_of_a_closed_object_log_and_give_their_defaults_and_a_plain_one_gives_them_quietly},
        {"sxe_tls_is_ktls", the_getters_of_null_or_of_a_closed_object_log_and_give_their_defaults_and_a_plain_one_gives_them_quietly},
        {"sxe_tls_get_handshake_seconds", the_getters_of_null_or_of_a_closed_object_log_and_give_their_defaults_and_a_plain_one_gives_them_quietly},
        {"sxe_tls_get_error", the_getters_of_null_or_of_a_closed_object_log_and_give_their_defaults_and_a_plain_one_gives_them_quietly},
        {"sxe_ssl_register", sxe_tls_register_after_sxe_tls_init_is_ignored_and_logged},
        {"sxe_ssl_init", sxe_ssl_init_twice_or_with_a_missing_file_and_sxe_ssl_fini_with_objects_open_are_refused_and_logged},
        {"sxe_ssl_fini", sxe_ssl_init_twice_or_with_a_missing_file_and_sxe_ssl_fini_with_objects_open_are_refused_and_logged},
        {"sxe_ssl_enable", the_classic_calls_before_sxe_ssl_init_or_on_null_are_refused_and_logged},
        {"sxe_ssl_accept", the_classic_calls_before_sxe_ssl_init_or_on_null_are_refused_and_logged},
        {"sxe_ssl_connect", the_classic_calls_before_sxe_ssl_init_or_on_null_are_refused_and_logged},
        {"sxe_ssl_close", the_classic_calls_before_sxe_ssl_init_or_on_null_are_refused_and_logged},
        {"sxe_ssl_get_info", the_classic_calls_before_sxe_ssl_init_or_on_null_are_refused_and_logged},
        {"sxe_ssl_get_peer_CN", the_classic_calls_before_sxe_ssl_init_or_on_null_are_refused_and_logged},
        {"sxe_ssl_get_peer_issuer", the_classic_calls_before_sxe_ssl_init_or_on_null_are_refused_and_logged},
        {"sxe_ssl_instrument_memory_functions", NULL},
    };

    return sxe_test_api_main("lib-sxe-tls", cases, SXE_ARRAY_SIZE(cases));
}
