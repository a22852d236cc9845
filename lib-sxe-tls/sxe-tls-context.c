/* sxe-tls-context.c: TLS contexts: an SSL_CTX and what lib-sxe-tls adds (ALPN list, SNI callback, verification, the
 * session a client keeps). Contexts are made with the C library's allocator, at start-up: they are not part of the
 * fixed memory of connections (sxe-tls-arena.c).
 */
#define SXE_LOG_COMPONENT "sxe-tls"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "sxe-tls-private.h"

SXE_TLS_CONTEXT *sxe_tls_context_of_listener(SXE *listener)
{
    return (SXE_TLS_CONTEXT *)(void *)((char *)sxe_transport_state(listener) - offsetof(SXE_TLS_CONTEXT, listener));
}

/* Log OpenSSL's reason for a failed setting, naming the function and the file. Empties OpenSSL's error queue. */
static void sxe_tls_context_log_error(const char *function, const char *file)
{
    unsigned long error = ERR_peek_last_error();

    SXEL2("%s(%s): %s", function, file != NULL ? file : "", error != 0 ? sxe_tls_error_string(error) : "failed");
    ERR_clear_error();
}

/* A server picks the first of its protocols that the client offers (RFC 7301: none is a fatal alert). */
static int sxe_tls_alpn_select(SSL *ssl, const unsigned char **out, unsigned char *out_length, const unsigned char *in,
                               unsigned in_length, void *arg)
{
    SXE_TLS_CONTEXT *context = arg;

    (void)ssl;

    if (context->alpn_length == 0) {
        return SSL_TLSEXT_ERR_NOACK; /* no ALPN here: the handshake goes on without */
    }

    for (unsigned mine = 0; mine < context->alpn_length; mine += 1U + context->alpn[mine]) {
        for (unsigned theirs = 0; theirs + 1U + in[theirs] <= in_length; theirs += 1U + in[theirs]) {
            if (in[theirs] == context->alpn[mine] && memcmp(in + theirs + 1, context->alpn + mine + 1, in[theirs]) == 0) {
                *out = in + theirs + 1;
                *out_length = in[theirs];
                return SSL_TLSEXT_ERR_OK;
            }
        }
    }

    return SSL_TLSEXT_ERR_ALERT_FATAL; /* no_application_protocol */
}

/* SNI: the application chooses the context whose certificate answers. */
static int sxe_tls_servername(SSL *ssl, int *alert, void *arg)
{
    SXE_TLS_CONTEXT *context = arg;
    SXE_TLS_CONN *conn = SSL_get_app_data(ssl);
    const char *name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    SXE_TLS_CONTEXT *chosen;

    if (name == NULL || context->sni_callback == NULL || conn == NULL) {
        return SSL_TLSEXT_ERR_OK;
    }

    if ((chosen = context->sni_callback(conn->sxe, name, context->sni_arg)) == NULL) {
        *alert = SSL_AD_UNRECOGNIZED_NAME;
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }

    if (chosen != conn->context) {
        SSL_set_SSL_CTX(ssl, chosen->ssl_ctx);
        conn->context->users--;
        chosen->users++;
        conn->context = chosen;
    }

    return SSL_TLSEXT_ERR_OK;
}

/* A client received a session (with a ticket): keep it for the next handshakes of this context. */
static int sxe_tls_new_session(SSL *ssl, SSL_SESSION *session)
{
    SXE_TLS_CONN *conn = SSL_get_app_data(ssl);
    SXE_TLS_CONTEXT *context = conn != NULL ? conn->context : NULL;
    unsigned char *bytes;
    int length;

    if (context == NULL || !context->resumption || !SSL_SESSION_is_resumable(session)) {
        return 0;
    }

    if ((length = i2d_SSL_SESSION(session, NULL)) > 0 && length <= SXE_TLS_SESSION_MAXIMUM) {
        bytes = context->session;
        i2d_SSL_SESSION(session, &bytes);
        context->session_length = (unsigned)length;
    }

    return 0; /* OpenSSL keeps no reference for us */
}

SXE_TLS_CONTEXT *sxe_tls_context_new(void)
{
    SXE_TLS_CONTEXT *context = calloc(1, sizeof(*context));
    SSL_CTX *ssl_ctx = context != NULL ? SSL_CTX_new(TLS_method()) : NULL;

    if (ssl_ctx == NULL) {
        sxe_tls_context_log_error("sxe_tls_context_new", NULL);
        free(context);
        return NULL;
    }

    context->listener.ops = &sxe_tls_listener_ops;
    context->ssl_ctx = ssl_ctx;
    context->verify = SXE_TLS_VERIFY_SERVER;
    context->resumption = true;
    SSL_CTX_set_min_proto_version(ssl_ctx, TLS1_2_VERSION);
    SSL_CTX_set_max_proto_version(ssl_ctx, TLS1_3_VERSION);
    SSL_CTX_set_options(ssl_ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION |
                                     SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_mode(ssl_ctx, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_CTX_set_read_ahead(ssl_ctx, 1); /* one recv takes every record that came: one system call per request */
    SSL_CTX_set_max_cert_list(ssl_ctx, SXE_TLS_CERTIFICATE_LIST_MAXIMUM);
    SSL_CTX_set_session_cache_mode(ssl_ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(ssl_ctx, sxe_tls_new_session);
    SSL_CTX_set_alpn_select_cb(ssl_ctx, sxe_tls_alpn_select, context);
    SSL_CTX_set_tlsext_servername_callback(ssl_ctx, sxe_tls_servername);
    SSL_CTX_set_tlsext_servername_arg(ssl_ctx, context);

    if (SSL_CTX_set_default_verify_paths(ssl_ctx) != 1) {
        ERR_clear_error(); /* no system authorities: verification fails until a CA file is given */
    }

    return context;
}

SXE_RETURN
sxe_tls_context_free(SXE_TLS_CONTEXT *context)
{
    if (context == NULL) {
        SXEL2("sxe_tls_context_free(NULL): no context");
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    if (context->users > 0) {
        SXEL2("sxe_tls_context_free(): %u objects still use this context: close them first", context->users);
        return SXE_RETURN_ERROR_BAD_STATE;
    }

    if (sxe_tls_globals.classic == context) {
        sxe_tls_globals.classic = NULL;
    }

    SSL_CTX_free(context->ssl_ctx);
    free(context);
    return SXE_RETURN_OK;
}

/* NULL context: logged (naming `function`), false. */
static bool sxe_tls_context_check(const SXE_TLS_CONTEXT *context, const char *function)
{
    if (context == NULL) {
        SXEL2("%s(NULL): no context (the result of a failed sxe_tls_context_new()?)", function);
        return false;
    }

    return true;
}

/* Read the leaf and the rest of the chain. NULL (OpenSSL's error queued) when the file holds no certificate. */
static X509 *sxe_tls_read_chain(const char *chain_file, STACK_OF(X509) **chain)
{
    BIO *in = BIO_new_file(chain_file, "r");
    X509 *leaf = in != NULL ? PEM_read_bio_X509_AUX(in, NULL, NULL, NULL) : NULL;
    X509 *next;

    *chain = leaf != NULL ? sk_X509_new_null() : NULL;

    while (*chain != NULL && (next = PEM_read_bio_X509(in, NULL, NULL, NULL)) != NULL) {
        if (!sk_X509_push(*chain, next)) {
            X509_free(next);
        }
    }

    if (leaf != NULL) {
        ERR_clear_error(); /* the end of the file */
    }

    BIO_free(in);
    return leaf;
}

static EVP_PKEY *sxe_tls_read_key(const char *key_file)
{
    BIO *in = BIO_new_file(key_file, "r");
    EVP_PKEY *key = in != NULL ? PEM_read_bio_PrivateKey(in, NULL, NULL, NULL) : NULL;

    BIO_free(in);
    return key;
}

void sxe_tls_warm_certificate(SXE_TLS_CONTEXT *context);

SXE_RETURN
sxe_tls_context_set_certificate(SXE_TLS_CONTEXT *context, const char *chain_file, const char *key_file)
{
    STACK_OF(X509) *chain = NULL;
    SXE_RETURN result = SXE_RETURN_ERROR_INVALID;
    EVP_PKEY *key = NULL;
    X509 *leaf = NULL;

    if (!sxe_tls_context_check(context, "sxe_tls_context_set_certificate")) {
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    if (chain_file == NULL || key_file == NULL) {
        SXEL2("sxe_tls_context_set_certificate(%s, %s): a NULL file name", chain_file ? chain_file : "NULL",
              key_file ? key_file : "NULL");
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    ERR_clear_error();

    if ((leaf = sxe_tls_read_chain(chain_file, &chain)) == NULL) {
        sxe_tls_context_log_error("sxe_tls_context_set_certificate", chain_file);
    } else if ((key = sxe_tls_read_key(key_file)) == NULL) {
        sxe_tls_context_log_error("sxe_tls_context_set_certificate", key_file);
    } else if (X509_check_private_key(leaf, key) != 1) {
        sxe_tls_context_log_error("sxe_tls_context_set_certificate", key_file);
    } else if (SSL_CTX_use_cert_and_key(context->ssl_ctx, leaf, key, chain, 1) != 1) {
        sxe_tls_context_log_error("sxe_tls_context_set_certificate", chain_file);
    } else {
        context->has_certificate = true;
        sxe_tls_warm_certificate(context); /* the key's first use sets things up: not in the arena */
        result = SXE_RETURN_OK;
    }

    X509_free(leaf);
    EVP_PKEY_free(key);
    sk_X509_pop_free(chain, X509_free);
    return result;
}

static bool sxe_tls_is_version(unsigned version)
{
    return version == SXE_TLS_VERSION_1_2 || version == SXE_TLS_VERSION_1_3;
}

SXE_RETURN
sxe_tls_context_set_versions(SXE_TLS_CONTEXT *context, unsigned minimum, unsigned maximum)
{
    if (!sxe_tls_context_check(context, "sxe_tls_context_set_versions")) {
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    if (!sxe_tls_is_version(minimum) || !sxe_tls_is_version(maximum) || minimum > maximum) {
        SXEL2("sxe_tls_context_set_versions(0x%x, 0x%x): not TLS 1.2 or 1.3, minimum first", minimum, maximum);
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    SSL_CTX_set_min_proto_version(context->ssl_ctx, (int)minimum);
    SSL_CTX_set_max_proto_version(context->ssl_ctx, (int)maximum);
    return SXE_RETURN_OK;
}

SXE_RETURN
sxe_tls_context_set_ciphers(SXE_TLS_CONTEXT *context, const char *tls12_ciphers, const char *tls13_suites)
{
    if (!sxe_tls_context_check(context, "sxe_tls_context_set_ciphers")) {
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    if (tls12_ciphers != NULL && SSL_CTX_set_cipher_list(context->ssl_ctx, tls12_ciphers) != 1) {
        sxe_tls_context_log_error("sxe_tls_context_set_ciphers", tls12_ciphers);
        return SXE_RETURN_ERROR_INVALID;
    }

    if (tls13_suites != NULL && SSL_CTX_set_ciphersuites(context->ssl_ctx, tls13_suites) != 1) {
        sxe_tls_context_log_error("sxe_tls_context_set_ciphers", tls13_suites);
        return SXE_RETURN_ERROR_INVALID;
    }

    return SXE_RETURN_OK;
}

/* "a,b" -> the wire format (length-prefixed names). Returns its length, or -1 for a bad list. */
static int sxe_tls_alpn_encode(const char *protocols, unsigned char *wire)
{
    unsigned length = 0;
    const char *name = protocols;
    const char *end;
    size_t size;

    while (*name != '\0') {
        end = strchr(name, ',');
        size = end != NULL ? (size_t)(end - name) : strlen(name);

        if (size == 0 || size > 255 || length + 1 + size > SXE_TLS_ALPN_MAXIMUM) {
            return -1;
        }

        wire[length] = (unsigned char)size;
        memcpy(wire + length + 1, name, size);
        length += 1 + (unsigned)size;
        name += size + (end != NULL ? 1 : 0);

        if (end != NULL && *name == '\0') {
            return -1; /* a trailing comma: an empty name */
        }
    }

    return (int)length;
}

SXE_RETURN
sxe_tls_context_set_alpn(SXE_TLS_CONTEXT *context, const char *protocols)
{
    unsigned char wire[SXE_TLS_ALPN_MAXIMUM + 1];
    int length = 0;

    if (!sxe_tls_context_check(context, "sxe_tls_context_set_alpn")) {
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    if (protocols != NULL && (length = sxe_tls_alpn_encode(protocols, wire)) < 0) {
        SXEL2("sxe_tls_context_set_alpn(%s): an empty name, a name over 255 bytes, or over %u bytes in all", protocols,
              SXE_TLS_ALPN_MAXIMUM);
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    memcpy(context->alpn, wire, (size_t)length);
    context->alpn_length = (unsigned)length;
    SSL_CTX_set_alpn_protos(context->ssl_ctx, length > 0 ? context->alpn : NULL, (unsigned)length); /* the client's */
    return SXE_RETURN_OK;
}

SXE_RETURN
sxe_tls_context_set_sni_callback(SXE_TLS_CONTEXT *context, SXE_TLS_SNI_CALLBACK callback, void *arg)
{
    if (!sxe_tls_context_check(context, "sxe_tls_context_set_sni_callback")) {
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    context->sni_callback = callback;
    context->sni_arg = arg;
    return SXE_RETURN_OK;
}

/* OpenSSL computes a certificate's extensions the first time it looks at them and keeps them in it: done now for the
 * authorities loaded, so that it is not done (in the arena) by the first handshake that verifies a chain.
 */
static void sxe_tls_store_warm(X509_STORE *store)
{
    STACK_OF(X509_OBJECT) *objects = X509_STORE_get0_objects(store);

    for (int i = 0; i < sk_X509_OBJECT_num(objects); i++) {
        X509 *cert = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objects, i));

        if (cert != NULL) {
            X509_check_purpose(cert, -1, 0);
        }
    }
}

/* The authorities: only those of ca_file and ca_dir, or the system's when both are NULL (looked up in its directory as
 * chains need them: those are set up by the first handshake that needs each, in the arena, and kept). false when they
 * cannot be loaded (the context keeps its store).
 */
bool sxe_tls_context_load_authorities(SXE_TLS_CONTEXT *context, const char *ca_file, const char *ca_dir)
{
    X509_STORE *store = X509_STORE_new();
    bool loaded = store != NULL && (ca_file != NULL || ca_dir != NULL ? X509_STORE_load_locations(store, ca_file, ca_dir)
                                                                    : X509_STORE_set_default_paths(store)) == 1;

    if (!loaded) {
        X509_STORE_free(store);
        return false;
    }

    sxe_tls_store_warm(store);

    SSL_CTX_set_cert_store(context->ssl_ctx, store); /* frees the one it had */

    if (ca_file != NULL) {
        STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(ca_file); /* what a server asks its clients for */

        if (names != NULL) {
            SSL_CTX_set_client_CA_list(context->ssl_ctx, names);
        }
    }

    ERR_clear_error();
    return true;
}

SXE_RETURN
sxe_tls_context_set_verify(SXE_TLS_CONTEXT *context, unsigned flags, const char *ca_file)
{
    if (!sxe_tls_context_check(context, "sxe_tls_context_set_verify")) {
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    if (flags & ~(unsigned)(SXE_TLS_VERIFY_SERVER | SXE_TLS_VERIFY_CLIENT)) {
        SXEL2("sxe_tls_context_set_verify(flags=0x%x): unknown flags", flags);
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    if (!sxe_tls_context_load_authorities(context, ca_file, NULL)) {
        sxe_tls_context_log_error("sxe_tls_context_set_verify", ca_file != NULL ? ca_file : "the system's authorities");
        return SXE_RETURN_ERROR_INVALID;
    }

    context->verify = flags;
    return SXE_RETURN_OK;
}

SXE_RETURN
sxe_tls_context_set_resumption(SXE_TLS_CONTEXT *context, bool enable)
{
    if (!sxe_tls_context_check(context, "sxe_tls_context_set_resumption")) {
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    context->resumption = enable;
    context->session_length = enable ? context->session_length : 0;

    if (enable) {
        SSL_CTX_clear_options(context->ssl_ctx, SSL_OP_NO_TICKET);
        SSL_CTX_set_num_tickets(context->ssl_ctx, 2); /* OpenSSL's default */
    } else {
        SSL_CTX_set_options(context->ssl_ctx, SSL_OP_NO_TICKET);
        SSL_CTX_set_num_tickets(context->ssl_ctx, 0);
    }

    return SXE_RETURN_OK;
}

SXE_RETURN
sxe_tls_context_set_ktls(SXE_TLS_CONTEXT *context, bool enable)
{
    if (!sxe_tls_context_check(context, "sxe_tls_context_set_ktls")) {
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    context->ktls = enable;

    if (enable && sxe_tls_is_ktls_available()) {
        SSL_CTX_set_options(context->ssl_ctx, SSL_OP_ENABLE_KTLS);
    } else {
        SSL_CTX_clear_options(context->ssl_ctx, SSL_OP_ENABLE_KTLS);
    }

    return SXE_RETURN_OK;
}
