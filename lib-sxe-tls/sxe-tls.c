/* sxe-tls.c: lib-sxe-tls's life cycle (register, init with its warm-up, fini), counters, TLS objects (enable,
 * accept, connect) and what a connection tells about itself.
 */
#define SXE_LOG_COMPONENT "sxe-tls"

#include <errno.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sxe-tls-private.h"

#define SXE_TLS_ULP_FILE "/proc/sys/net/ipv4/tcp_available_ulp"

SXE_TLS_GLOBALS sxe_tls_globals;

bool sxe_tls_rate_limit(double *last)
{
    double now = ev_now(sxe_loop());

    if (*last != 0 && now - *last < 1.0) {
        return false;
    }

    *last = now;
    return true;
}

const char *sxe_tls_error_string(unsigned long error)
{
    const char *reason = error != 0 ? ERR_reason_error_string(error) : "";

    return reason != NULL ? reason : "unknown OpenSSL error";
}

/* ---- kernel TLS ------------------------------------------------------------------------------------------------- */

/* Does the kernel list the "tls" upper layer protocol? */
static bool sxe_tls_read_ulp(void)
{
    char text[256] = "";
    int fd = open(SXE_TLS_ULP_FILE, O_RDONLY | O_CLOEXEC);
    ssize_t length = fd >= 0 ? read(fd, text, sizeof(text) - 1) : -1;

    if (fd >= 0) {
        close(fd);
    }

    text[length > 0 ? length : 0] = '\0';

    for (char *word = strtok(text, " \n"); word != NULL; word = strtok(NULL, " \n")) {
        if (strcmp(word, "tls") == 0) {
            return true;
        }
    }

    return false;
}

bool sxe_tls_is_ktls_available(void)
{
    return sxe_tls_is_initialized() ? sxe_tls_globals.ktls_kernel : sxe_tls_read_ulp();
}

/* ---- the warm-up ------------------------------------------------------------------------------------------------ */

/* One handshake in memory between two SSL_CTXs, then a byte each way and a goodbye: OpenSSL sets up what it sets up at
 * first use (algorithms, the key's blinding, the error queue...) with the C library's allocator, not in the arena.
 */
static void sxe_tls_warm_pair(SSL_CTX *server_ctx, SSL_CTX *client_ctx, SSL_SESSION **session)
{
    SSL *server = SSL_new(server_ctx);
    SSL *client = SSL_new(client_ctx);
    BIO *client_bio = NULL;
    BIO *server_bio = NULL;
    char byte = 'x';
    int done = 0;

    if (server == NULL || client == NULL || BIO_new_bio_pair(&client_bio, 0, &server_bio, 0) != 1) {
        goto SXE_EARLY_OUT;
    }

    SSL_set_bio(client, client_bio, client_bio);
    SSL_set_bio(server, server_bio, server_bio);
    SSL_set_connect_state(client);
    SSL_set_accept_state(server);

    if (session != NULL && *session != NULL) {
        SSL_set_session(client, *session); /* resumed */
    }

    for (unsigned round = 0; round < 32 && done != 3; round++) {
        done |= SSL_do_handshake(client) == 1 ? 1 : 0;
        done |= SSL_do_handshake(server) == 1 ? 2 : 0;
    }

    if (done == 3) {
        SSL_write(client, &byte, 1);
        SSL_read(server, &byte, 1);
        SSL_write(server, &byte, 1);
        SSL_read(client, &byte, 1);

        if (session != NULL) {
            SSL_SESSION_free(*session);
            *session = SSL_get1_session(client);
        }

        SSL_shutdown(client);
        SSL_shutdown(server);
    }

SXE_EARLY_OR_ERROR_OUT:
    SSL_free(client);
    SSL_free(server);
    ERR_clear_error();
}

/* A client SSL_CTX that trusts `authority` (NULL: verifies nothing) for the versions given. */
static SSL_CTX *sxe_tls_warm_client(X509 *authority, int version, const char *suites)
{
    SSL_CTX *client = SSL_CTX_new(TLS_client_method());

    if (client != NULL) {
        SSL_CTX_set_min_proto_version(client, version);
        SSL_CTX_set_max_proto_version(client, version);
        SSL_CTX_set_verify(client, authority != NULL ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, NULL);

        if (authority != NULL) {
            X509_STORE_add_cert(SSL_CTX_get_cert_store(client), authority);
        }

        if (suites != NULL) {
            SSL_CTX_set_ciphersuites(client, suites);
        }
    }

    return client;
}

/* The context's certificate and key, used once with each version (sxe_tls_context_set_certificate()): OpenSSL caches
 * what it computes about them (the key's blinding, the certificate's extensions) in them, for as long as they live.
 */
void sxe_tls_warm_certificate(SXE_TLS_CONTEXT *context)
{
    SSL_CTX *client;

    for (int version = TLS1_2_VERSION; version <= TLS1_3_VERSION; version++) {
        if ((client = sxe_tls_warm_client(NULL, version, NULL)) != NULL) {
            sxe_tls_warm_pair(context->ssl_ctx, client, NULL);
            SSL_CTX_free(client);
        }
    }
}

/* A throw-away EC P-256 certificate for the warm-up. */
static X509 *sxe_tls_warm_make_certificate(EVP_PKEY *key)
{
    X509 *cert = X509_new();
    X509_NAME *name = cert != NULL ? X509_get_subject_name(cert) : NULL;

    if (name == NULL || X509_set_version(cert, 2) != 1 || ASN1_INTEGER_set(X509_get_serialNumber(cert), 1) != 1 ||
        X509_gmtime_adj(X509_getm_notBefore(cert), -60) == NULL ||
        X509_gmtime_adj(X509_getm_notAfter(cert), 3600) == NULL || X509_set_pubkey(cert, key) != 1 ||
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"localhost", -1, -1, 0) != 1 ||
        X509_set_issuer_name(cert, name) != 1 || X509_sign(cert, key, EVP_sha256()) == 0) {
        X509_free(cert);
        return NULL;
    }

    return cert;
}

/* Handshakes of each version and common cipher, verified, with tickets; a failed one; errors with data: what
 * OpenSSL sets up once, it sets up now.
 */
static void sxe_tls_warm_up(void)
{
    static const char *const suites[] = {"TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
                                         "TLS_CHACHA20_POLY1305_SHA256"};
    SXE_TLS_CONTEXT *server = sxe_tls_context_new();
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *cert = key != NULL ? sxe_tls_warm_make_certificate(key) : NULL;
    SSL_CTX *client;

    if (server != NULL && cert != NULL && SSL_CTX_use_certificate(server->ssl_ctx, cert) == 1 &&
        SSL_CTX_use_PrivateKey(server->ssl_ctx, key) == 1) {
        for (unsigned i = 0; i < SXE_ARRAY_SIZE(suites) + 1; i++) {
            int version = i < SXE_ARRAY_SIZE(suites) ? TLS1_3_VERSION : TLS1_2_VERSION;

            if ((client = sxe_tls_warm_client(cert, version, i < SXE_ARRAY_SIZE(suites) ? suites[i] : NULL)) != NULL) {
                SSL_SESSION *session = NULL;

                sxe_tls_warm_pair(server->ssl_ctx, client, &session);
                sxe_tls_warm_pair(server->ssl_ctx, client, &session); /* resumed */
                SSL_SESSION_free(session);
                SSL_CTX_free(client);
            }
        }
    }

    for (unsigned i = 0; i < 2 * ERR_NUM_ERRORS; i++) { /* each slot of the error queue gets its data buffer */
        ERR_raise_data(ERR_LIB_SSL, ERR_R_INTERNAL_ERROR, "lib-sxe-tls warm-up %u", i);
    }

    ERR_clear_error();
    X509_free(cert);
    EVP_PKEY_free(key);

    if (server != NULL) {
        sxe_tls_context_free(server);
    }
}

/* ---- life cycle ------------------------------------------------------------------------------------------------- */

bool sxe_tls_is_foreign_thread(const char *function)
{
    if (pthread_equal(sxe_tls_globals.owner, pthread_self())) {
        return false;
    }

    SXEL2("%s(): lib-sxe-tls belongs to the thread that called sxe_tls_init(); TLS in another thread is not supported",
          function);
    return true;
}

void sxe_tls_register(unsigned connections, unsigned handshakes)
{
    if (sxe_tls_is_initialized()) {
        SXEL3("sxe_tls_register(connections=%u, handshakes=%u): ignored after sxe_tls_init()", connections, handshakes);
        return;
    }

    sxe_tls_globals.registered += connections;
    sxe_tls_globals.handshakes_registered += handshakes;
}

static SXE_RETURN sxe_tls_allocate(size_t bytes_per_connection)
{
    unsigned handshakes =
        sxe_tls_globals.handshakes_registered != 0 ? sxe_tls_globals.handshakes_registered : SXE_TLS_HANDSHAKES_DEFAULT;
    size_t arena_bytes;

    sxe_tls_globals.handshakes_maximum =
        handshakes < sxe_tls_globals.registered ? handshakes : sxe_tls_globals.registered;
    sxe_tls_globals.conn_bytes = bytes_per_connection != 0 ? bytes_per_connection : SXE_TLS_CONNECTION_BYTES;
    sxe_tls_globals.handshake_bytes = SXE_TLS_HANDSHAKE_BYTES;
    arena_bytes = sxe_tls_globals.registered * sxe_tls_globals.conn_bytes +
                  sxe_tls_globals.handshakes_maximum * sxe_tls_globals.handshake_bytes + SXE_TLS_ARENA_MARGIN_BYTES;
    arena_bytes = sxe_tls_globals.arena_bytes_override != 0 ? sxe_tls_globals.arena_bytes_override : arena_bytes;

    if ((sxe_tls_globals.conns = sxe_pool_new("sxe-tls", sxe_tls_globals.registered, sizeof(SXE_TLS_CONN),
                                              SXE_TLS_STATE_NUMBER, 0)) == NULL ||
        (sxe_tls_globals.arena = sxe_tls_arena_new(arena_bytes)) == NULL ||
        (sxe_tls_globals.bounce = calloc(1, SXE_TLS_BOUNCE_BYTES)) == NULL) {
        SXEL2("sxe_tls_init(): cannot allocate %u TLS connections and an arena of %zu bytes",
              sxe_tls_globals.registered, arena_bytes);
        sxe_pool_delete(sxe_tls_globals.conns);
        sxe_tls_arena_delete(sxe_tls_globals.arena);
        sxe_tls_globals.conns = NULL;
        sxe_tls_globals.arena = NULL;
        return SXE_RETURN_ERROR_OUT_OF_MEMORY;
    }

    sxe_tls_globals.pool_bytes = sxe_pool_get_allocated_bytes(sxe_tls_globals.conns);
    sxe_tls_arena_register(sxe_tls_globals.arena);
    return SXE_RETURN_OK;
}

/* sxe_tls_init() and sxe_tls_init_with_memory(), logging as `function`. */
static SXE_RETURN sxe_tls_init_common(size_t bytes_per_connection, const char *function)
{
    SXE_RETURN result = SXE_RETURN_WARN_ALREADY_INITIALIZED;

    SXEE6("%s(bytes_per_connection=%zu) // registered=%u", function, bytes_per_connection, sxe_tls_globals.registered);

    if (sxe_tls_is_initialized()) {
        if (sxe_tls_is_foreign_thread(function)) {
            result = SXE_RETURN_ERROR_BAD_STATE;
            goto SXE_ERROR_OUT;
        }

        SXEL3("%s(): already initialized", function);
        goto SXE_EARLY_OUT;
    }

    result = SXE_RETURN_ERROR_BAD_STATE;

    if (sxe_globals.pool == NULL) {
        SXEL2("%s(): sxe_init() has not been called", function);
        goto SXE_ERROR_OUT;
    }

    if (!sxe_tls_arena_allocator_installed()) {
        SXEL2("%s(): OpenSSL allocated memory before lib-sxe-tls was loaded: its allocations cannot be routed to fixed "
              "memory (link lib-sxe-tls before the libraries that use OpenSSL)",
              function);
        goto SXE_ERROR_OUT;
    }

    result = SXE_RETURN_ERROR_BAD_PARAMETER;

    if (sxe_tls_globals.registered == 0) {
        SXEL2("%s(): no TLS connections registered (call sxe_tls_register() first)", function);
        goto SXE_ERROR_OUT;
    }

    result = SXE_RETURN_ERROR_OUT_OF_MEMORY;

    if (!sxe_tls_bio_init()) {
        SXEL2("%s(): OpenSSL cannot make a BIO method", function);
        goto SXE_ERROR_OUT;
    }

    sxe_tls_warm_up(); /* before the arena exists: nothing of it lands there */

    if ((result = sxe_tls_allocate(bytes_per_connection)) != SXE_RETURN_OK) {
        goto SXE_ERROR_OUT;
    }

    memset(&sxe_tls_globals.counters, 0, sizeof(sxe_tls_globals.counters));
    sxe_tls_globals.handshakes_running[0] = sxe_tls_globals.handshakes_running[1] = 0;
    sxe_tls_globals.ktls_kernel = sxe_tls_read_ulp();
    sxe_tls_globals.log_time_refused = sxe_tls_globals.log_time_memory = 0;
    sxe_tls_globals.owner = pthread_self();
    result = SXE_RETURN_OK;

SXE_EARLY_OR_ERROR_OUT:
    SXER6("return %s // arena=%zu bytes, kTLS %s", sxe_return_to_string(result), sxe_tls_get_allocated_bytes(),
          sxe_tls_globals.ktls_kernel ? "available" : "not available");
    return result;
}

SXE_RETURN
sxe_tls_init_with_memory(size_t bytes_per_connection)
{
    return sxe_tls_init_common(bytes_per_connection, "sxe_tls_init_with_memory");
}

SXE_RETURN
sxe_tls_init(void)
{
    return sxe_tls_init_common(0, "sxe_tls_init");
}

SXE_RETURN
sxe_tls_fini(void)
{
    SXE_TLS_ARENA_USAGE usage;

    if (!sxe_tls_is_initialized()) {
        return SXE_RETURN_ERROR_NOT_INITIALIZED;
    }

    if (sxe_tls_is_foreign_thread("sxe_tls_fini")) {
        return SXE_RETURN_ERROR_BAD_STATE;
    }

    if (sxe_pool_get_number_in_state(sxe_tls_globals.conns, SXE_TLS_STATE_FREE) != sxe_tls_globals.registered) {
        SXEL2("sxe_tls_fini(): %u TLS connections are still open (close them, or call sxe_fini(), first)",
              sxe_tls_globals.registered - sxe_pool_get_number_in_state(sxe_tls_globals.conns, SXE_TLS_STATE_FREE));
        return SXE_RETURN_ERROR_BAD_STATE;
    }

    sxe_tls_conn_cancel_turns();
    sxe_tls_arena_usage(sxe_tls_globals.arena, &usage);

    if (usage.used == 0) {
        sxe_tls_arena_delete(sxe_tls_globals.arena);
    } else { /* OpenSSL keeps blocks of it (set up at a first use during a connection): they must stay valid */
        SXEL5("sxe_tls_fini(): OpenSSL keeps %zu bytes (%u blocks) of the TLS arena: it stays mapped", usage.used,
              usage.blocks);
    }

    sxe_pool_delete(sxe_tls_globals.conns);
    free(sxe_tls_globals.bounce);
    sxe_tls_globals.conns = NULL;
    sxe_tls_globals.arena = NULL;
    sxe_tls_globals.bounce = NULL;
    sxe_tls_globals.registered = 0;
    sxe_tls_globals.handshakes_registered = 0;
    sxe_tls_globals.pool_bytes = 0;
    return SXE_RETURN_OK;
}

size_t sxe_tls_get_allocated_bytes(void)
{
    SXE_TLS_ARENA_USAGE usage;

    if (!sxe_tls_is_initialized()) {
        return 0;
    }

    sxe_tls_arena_usage(sxe_tls_globals.arena, &usage);
    return usage.bytes + sxe_tls_globals.pool_bytes + SXE_TLS_BOUNCE_BYTES;
}

void sxe_tls_get_counters(SXE_TLS_COUNTERS *counters)
{
    SXE_TLS_ARENA_USAGE usage;

    if (counters == NULL) {
        SXEL2("sxe_tls_get_counters(NULL): nowhere to copy the counters");
        return;
    }

    sxe_tls_arena_usage(sxe_tls_globals.arena, &usage);
    *counters = sxe_tls_globals.counters;
    counters->out_of_memory = usage.failures;
    counters->memory_bytes = usage.bytes;
    counters->memory_used = usage.used;
    counters->memory_peak = usage.peak;
}

/* ---- TLS objects ------------------------------------------------------------------------------------------------ */

/* The checks of sxe_tls_enable(), sxe_tls_accept() and sxe_tls_connect(), logging as `function`. */
static SXE_RETURN sxe_tls_check_enable(SXE *this, SXE_TLS_CONTEXT *context, const char *host, const char *function)
{
    SXE_RETURN result;

    if ((result = sxe_check_object(this, function)) != SXE_RETURN_OK) {
        return result;
    }

    if (context == NULL || (host != NULL && strlen(host) > SXE_TLS_HOST_MAXIMUM)) {
        SXEL2I("%s(): %s", function, context == NULL ? "NULL context" : "host name too long");
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    if (!sxe_tls_is_initialized()) {
        SXEL2I("%s(): sxe_tls_init() has not been called", function);
        return SXE_RETURN_ERROR_NOT_INITIALIZED;
    }

    if (sxe_tls_is_foreign_thread(function)) {
        return SXE_RETURN_ERROR_BAD_STATE;
    }

    if (this->kind != SXE_KIND_TCP) {
        SXEL2I("%s(): object %u is not a TCP object", function, SXE_ID(this));
        return SXE_RETURN_ERROR_NOT_SUPPORTED;
    }

    if (this->flags & SXE_FLAG_TRANSPORT) {
        SXEL3I("%s(): object %u is TLS already", function, SXE_ID(this));
        return SXE_RETURN_ERROR_BAD_STATE;
    }

    return SXE_RETURN_OK;
}

SXE_RETURN
sxe_tls_enable(SXE *this, SXE_TLS_CONTEXT *context, const char *host)
{
    SXE_RETURN result = sxe_tls_check_enable(this, context, host, "sxe_tls_enable");
    SXE_TLS_CONN *conn;

    if (result != SXE_RETURN_OK) {
        return result;
    }

    if (this->sock >= 0) {
        SXEL3I("sxe_tls_enable(): object %u has a socket already: call it before sxe_listen() or sxe_connect()",
               SXE_ID(this));
        return SXE_RETURN_ERROR_BAD_STATE;
    }

    if (host == NULL) { /* a listener, or a client without a name: decided by sxe_listen() or sxe_connect() */
        context->users++;
        sxe_transport_set(this, &context->listener);
        return SXE_RETURN_OK;
    }

    if ((conn = sxe_tls_conn_take(this, context, false)) == NULL) {
        return SXE_RETURN_ERROR_POOL_EXHAUSTED;
    }

    if ((result = sxe_tls_conn_client_setup(conn, host)) != SXE_RETURN_OK) {
        SXEL2I("sxe_tls_enable(): no memory for a TLS client (%s)", sxe_tls_error_string(conn->error));
        sxe_tls_conn_of(this)->head.ops->release(this);
        sxe_transport_set(this, NULL);
    }

    return result;
}

/* Start TLS on a connected object now, as server or client. */
static SXE_RETURN sxe_tls_start_now(SXE *this, SXE_TLS_CONTEXT *context, const char *host, bool server,
                                    const char *function)
{
    SXE_RETURN result = sxe_tls_check_enable(this, context, host, function);
    SXE_TLS_CONN *conn;

    if (result != SXE_RETURN_OK) {
        return result;
    }

    if (this->sock < 0 || !(this->flags & SXE_FLAG_CONNECTED)) {
        SXEL3I("%s(): object %u is not connected", function, SXE_ID(this));
        return SXE_RETURN_ERROR_NO_CONNECTION;
    }

    if (this->flags & SXE_FLAG_SEND_PENDING) {
        SXEL3I("%s(): object %u has a send pending", function, SXE_ID(this));
        return SXE_RETURN_ERROR_BAD_STATE;
    }

    if ((conn = sxe_tls_conn_take(this, context, server)) == NULL) {
        return SXE_RETURN_ERROR_POOL_EXHAUSTED;
    }

    if (!server && (result = sxe_tls_conn_client_setup(conn, host)) != SXE_RETURN_OK) {
        conn->head.ops->release(this);
        sxe_transport_set(this, NULL);
        return result;
    }

    sxe_buf_clear(this);
    this->flags |= SXE_FLAG_HANDSHAKE;
    sxe_update_pool_state(this);
    sxe_tls_conn_start(conn);
    return SXE_RETURN_OK;
}

SXE_RETURN
sxe_tls_accept(SXE *this, SXE_TLS_CONTEXT *context)
{
    return sxe_tls_start_now(this, context, NULL, true, "sxe_tls_accept");
}

SXE_RETURN
sxe_tls_connect(SXE *this, SXE_TLS_CONTEXT *context, const char *host)
{
    return sxe_tls_start_now(this, context, host, false, "sxe_tls_connect");
}

/* ---- what a connection tells ----------------------------------------------------------------------------------- */

/* The SSL of an object whose handshake is done, or NULL (misuse logged, naming `function`). */
static SSL *sxe_tls_established(SXE *this, const char *function)
{
    SXE_TLS_CONN *conn;

    if (sxe_check_object(this, function) != SXE_RETURN_OK || (conn = sxe_tls_conn_of(this)) == NULL ||
        conn->ssl == NULL || SSL_in_init(conn->ssl)) {
        return NULL;
    }

    return conn->ssl;
}

const char *sxe_tls_get_version(SXE *this)
{
    SSL *ssl = sxe_tls_established(this, "sxe_tls_get_version");

    return ssl != NULL ? SSL_get_version(ssl) : "";
}

const char *sxe_tls_get_cipher(SXE *this)
{
    SSL *ssl = sxe_tls_established(this, "sxe_tls_get_cipher");
    const char *name = ssl != NULL ? SSL_get_cipher_name(ssl) : NULL;

    return name != NULL ? name : "";
}

const char *sxe_tls_get_alpn(SXE *this, char *buf, unsigned size)
{
    SSL *ssl;
    const unsigned char *protocol = NULL;
    unsigned length = 0;

    if (buf == NULL) {
        SXEL2("sxe_tls_get_alpn(buf=NULL): nowhere to copy the protocol");
        return NULL;
    }

    if ((ssl = sxe_tls_established(this, "sxe_tls_get_alpn")) != NULL) {
        SSL_get0_alpn_selected(ssl, &protocol, &length);
    }

    if (size > 0) {
        snprintf(buf, size, "%.*s", (int)length, protocol != NULL ? (const char *)protocol : "");
    }

    return buf;
}

const char *sxe_tls_get_server_name(SXE *this)
{
    SSL *ssl = sxe_tls_established(this, "sxe_tls_get_server_name");
    const char *name = ssl != NULL ? SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name) : NULL;

    return name != NULL ? name : "";
}

bool sxe_tls_is_resumed(SXE *this)
{
    SSL *ssl = sxe_tls_established(this, "sxe_tls_is_resumed");

    return ssl != NULL && SSL_session_reused(ssl);
}

bool sxe_tls_is_verified(SXE *this)
{
    SSL *ssl = sxe_tls_established(this, "sxe_tls_is_verified");

    return ssl != NULL && SSL_get0_peer_certificate(ssl) != NULL && sxe_tls_conn_of(this)->verify_result == X509_V_OK;
}

bool sxe_tls_is_ktls(SXE *this)
{
    SSL *ssl = sxe_tls_established(this, "sxe_tls_is_ktls");

    return ssl != NULL && (sxe_tls_conn_of(this)->flags & SXE_TLS_CONN_KTLS_TX);
}

double sxe_tls_get_handshake_seconds(SXE *this)
{
    SSL *ssl = sxe_tls_established(this, "sxe_tls_get_handshake_seconds");

    return ssl != NULL ? sxe_tls_conn_of(this)->handshake_seconds : 0;
}

const char *sxe_tls_get_error(SXE *this)
{
    static char text[256];
    SXE_TLS_CONN *conn;
    unsigned long error;

    if (sxe_check_object(this, "sxe_tls_get_error") != SXE_RETURN_OK || (conn = sxe_tls_conn_of(this)) == NULL) {
        return "";
    }

    if ((error = conn->error) == 0) {
        return conn->sys_error != 0 ? strerror(conn->sys_error) : "";
    }

    if (ERR_GET_REASON(error) == SSL_R_CERTIFICATE_VERIFY_FAILED && conn->verify_result != X509_V_OK) {
        snprintf(text, sizeof(text), "%s: %s", sxe_tls_error_string(error),
                 X509_verify_cert_error_string(conn->verify_result));
        return text;
    }

    return sxe_tls_error_string(error);
}
