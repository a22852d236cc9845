/* sxe-tls-classic.c: classic SXE's SSL calls (sxe_ssl_*) on lib-sxe-tls: one process-wide context made by
 * sxe_ssl_init(), classic verification (a client checks the server and goes on whatever the result).
 */
#define SXE_LOG_COMPONENT "sxe-tls"

#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "sxe-tls-private.h"

_Static_assert(SXE_FLAG_IS_SSL == SXE_FLAG_TRANSPORT, "classic SXE_FLAG_IS_SSL is lib-sxe's transport flag");

bool sxe_tls_context_load_authorities(SXE_TLS_CONTEXT *context, const char *ca_file, const char *ca_dir);

void sxe_ssl_register(unsigned number_of_connections)
{
    if (sxe_tls_is_initialized()) {
        SXEL3("sxe_ssl_register(number_of_connections=%u): ignored after sxe_ssl_init()", number_of_connections);
        return;
    }

    sxe_tls_register(number_of_connections, 0);
}

SXE_RETURN
sxe_ssl_init(const char *cert_path, const char *key_path, const char *CAfile, const char *CAdir)
{
    SXE_TLS_CONTEXT *context;
    SXE_RETURN result;

    if (sxe_tls_globals.classic != NULL) {
        SXEL3("sxe_ssl_init(): already initialized");
        return SXE_RETURN_WARN_ALREADY_INITIALIZED;
    }

    if (!sxe_tls_is_initialized() && (result = sxe_tls_init()) != SXE_RETURN_OK) {
        return result;
    }

    if ((context = sxe_tls_context_new()) == NULL) {
        return SXE_RETURN_ERROR_OUT_OF_MEMORY;
    }

    context->verify = 0; /* classic: verified or not, the handshake goes on (sxe_ssl_get_info() tells) */

    if ((cert_path != NULL || key_path != NULL) &&
        (result = sxe_tls_context_set_certificate(context, cert_path, key_path)) != SXE_RETURN_OK) {
        sxe_tls_context_free(context);
        return result;
    }

    if ((CAfile != NULL || CAdir != NULL) && !sxe_tls_context_load_authorities(context, CAfile, CAdir)) {
        SXEL2("sxe_ssl_init(CAfile=%s, CAdir=%s): cannot load the authorities", CAfile ? CAfile : "NULL",
              CAdir ? CAdir : "NULL");
        sxe_tls_context_free(context);
        return SXE_RETURN_ERROR_INVALID;
    }

    sxe_tls_globals.classic = context;
    return SXE_RETURN_OK;
}

void sxe_ssl_fini(void)
{
    if (sxe_tls_globals.classic != NULL && sxe_tls_context_free(sxe_tls_globals.classic) != SXE_RETURN_OK) {
        SXEL2("sxe_ssl_fini(): objects still use SSL: close them first");
        return;
    }

    sxe_tls_fini();
}

/* The classic context, or NULL (logged, naming `function`) before sxe_ssl_init(). */
static SXE_TLS_CONTEXT *sxe_ssl_context(const char *function)
{
    if (sxe_tls_globals.classic == NULL) {
        SXEL2("%s(): sxe_ssl_init() has not been called", function);
    }

    return sxe_tls_globals.classic;
}

SXE_RETURN
sxe_ssl_enable(SXE *this)
{
    SXE_TLS_CONTEXT *context = sxe_ssl_context("sxe_ssl_enable");

    return context == NULL ? SXE_RETURN_ERROR_NOT_INITIALIZED : sxe_tls_enable(this, context, NULL);
}

SXE_RETURN
sxe_ssl_accept(SXE *this)
{
    SXE_TLS_CONTEXT *context = sxe_ssl_context("sxe_ssl_accept");

    return context == NULL ? SXE_RETURN_ERROR_NOT_INITIALIZED : sxe_tls_accept(this, context);
}

SXE_RETURN
sxe_ssl_connect(SXE *this)
{
    SXE_TLS_CONTEXT *context = sxe_ssl_context("sxe_ssl_connect");

    return context == NULL ? SXE_RETURN_ERROR_NOT_INITIALIZED : sxe_tls_connect(this, context, NULL);
}

SXE_RETURN
sxe_ssl_close(SXE *this)
{
    SXE_RETURN result = sxe_check_object(this, "sxe_ssl_close");

    if (result != SXE_RETURN_OK) {
        return result == SXE_RETURN_ERROR_BAD_STATE ? SXE_RETURN_WARN_ALREADY_CLOSED : result;
    }

    return sxe_close(this); /* a TLS object says goodbye (close_notify) as it is released */
}

/* The SSL of an established TLS connection, or NULL (a misuse is logged, naming `function`). */
static SSL *sxe_ssl_of(SXE *this, const char *function)
{
    SXE_TLS_CONN *conn;

    if (sxe_check_object(this, function) != SXE_RETURN_OK || (conn = sxe_tls_conn_of(this)) == NULL ||
        conn->ssl == NULL || SSL_in_init(conn->ssl)) {
        return NULL;
    }

    return conn->ssl;
}

void sxe_ssl_get_info(SXE *this, int *verified, const char **cipher, int *bits, const char **version)
{
    SSL *ssl = sxe_ssl_of(this, "sxe_ssl_get_info");

    if (verified != NULL) {
        *verified = ssl != NULL && sxe_tls_is_verified(this) ? 1 : 0;
    }

    if (cipher != NULL) {
        *cipher = ssl != NULL ? sxe_tls_get_cipher(this) : "";
    }

    if (bits != NULL) {
        *bits = ssl != NULL ? SSL_get_cipher_bits(ssl, NULL) : 0;
    }

    if (version != NULL) {
        *version = ssl != NULL ? sxe_tls_get_version(this) : "";
    }
}

/* The text of the first of `nids` that `name` has, into buffer. Returns its length (0: none). */
static unsigned sxe_ssl_name_text(X509_NAME *name, const int *nids, unsigned count, char *buffer, unsigned buflen)
{
    int length;

    if (buffer == NULL) {
        return 0;
    }

    for (unsigned i = 0; name != NULL && i < count; i++) {
        if ((length = X509_NAME_get_text_by_NID(name, nids[i], buffer, (int)buflen)) > 0) {
            return (unsigned)length;
        }
    }

    if (buflen > 0) {
        buffer[0] = '\0';
    }

    return 0;
}

/* The peer's certificate's subject (issuer) name, or NULL; a misuse is logged naming `function`. */
static X509_NAME *sxe_ssl_peer_name(SXE *this, char *buffer, bool issuer, const char *function)
{
    SSL *ssl;
    X509 *peer;

    if (buffer == NULL) {
        SXEL2("%s(buffer=NULL): nowhere to copy the name", function);
        return NULL;
    }

    if ((ssl = sxe_ssl_of(this, function)) == NULL || (peer = SSL_get0_peer_certificate(ssl)) == NULL) {
        return NULL;
    }

    return issuer ? X509_get_issuer_name(peer) : X509_get_subject_name(peer);
}

unsigned sxe_ssl_get_peer_CN(SXE *this, char *buffer, unsigned buflen)
{
    static const int nids[] = {NID_commonName};

    return sxe_ssl_name_text(sxe_ssl_peer_name(this, buffer, false, "sxe_ssl_get_peer_CN"), nids, 1, buffer, buflen);
}

unsigned sxe_ssl_get_peer_issuer(SXE *this, char *buffer, unsigned buflen)
{
    static const int nids[] = {NID_commonName, NID_organizationalUnitName, NID_organizationName};

    return sxe_ssl_name_text(sxe_ssl_peer_name(this, buffer, true, "sxe_ssl_get_peer_issuer"), nids, 3, buffer,
                             buflen);
}

void sxe_ssl_instrument_memory_functions(void)
{
    SXEL6("sxe_ssl_instrument_memory_functions(): OpenSSL's memory is always routed and counted by lib-sxe-tls");
}
