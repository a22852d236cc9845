/* httpd-tls.c: HTTPS for httpd (lib-sxe-tls): the options, the TLS context (certificate, key, ALPN http/1.1), TLS on
 * the -p listener or on a second listener (--tls-port), and the fixed memory of TLS (a TLS slot per connection, see
 * lib-sxe-tls/README.md). A TLS connection is served exactly as a plain one: lib-sxe-tls reports it (on_connected)
 * only once its handshake is done, and decrypts and encrypts under the same callbacks.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "httpd.h"

/* --cert, --key, --tls-port, --tls-portfile and --ktls (getopt_long values: the options' first letters + 0x200). */
bool httpd_tls_option(HTTPD_OPTIONS *options, int option, const char *arg)
{
    char *end;
    long port;

    switch (option) {
        case 'C' + 0x200:
            options->tls.cert = arg;
            return true;
        case 'K' + 0x200:
            options->tls.key = arg;
            return true;
        case 'T' + 0x200:
            errno = 0;
            port = strtol(arg, &end, 10);
            options->tls.port = (int)port;
            return errno == 0 && end != arg && *end == '\0' && port >= 0 && port <= 65535;
        case 'F' + 0x200:
            options->tls.portfile = arg;
            return true;
        case 'k' + 0x200:
            options->tls.ktls = true;
            return true;
        default:
            return false;
    }
}

const char *httpd_tls_options_check(const HTTPD_OPTIONS *options)
{
    const HTTPD_TLS_OPTIONS *tls = &options->tls;

    if ((tls->cert == NULL) != (tls->key == NULL)) {
        return "--cert and --key go together";
    }

    if (tls->cert == NULL && (tls->port >= 0 || tls->portfile != NULL || tls->ktls)) {
        return "--tls-port, --tls-portfile and --ktls need --cert and --key";
    }

    if (tls->port == 0 && options->workers > 1) {
        return "--tls-port 0 (an ephemeral port) works with one worker only: give -w workers a port";
    }

    if (tls->port == 0 && tls->portfile == NULL) {
        return "--tls-port 0 (an ephemeral port) needs --tls-portfile FILE to say which port was chosen";
    }

    return NULL;
}

unsigned httpd_tls_listeners(void)
{
    return httpd.options.tls.cert != NULL && httpd.options.tls.port >= 0 ? 1 : 0;
}

/* The context: certificate and key (checked against each other), ALPN http/1.1, kTLS when asked for. */
static SXE_RETURN httpd_tls_context(void)
{
    const HTTPD_TLS_OPTIONS *tls = &httpd.options.tls;
    SXE_RETURN result;

    if ((httpd.tls_context = sxe_tls_context_new()) == NULL) {
        return SXE_RETURN_ERROR_OUT_OF_MEMORY;
    }

    if ((result = sxe_tls_context_set_certificate(httpd.tls_context, tls->cert, tls->key)) != SXE_RETURN_OK) {
        SXEL2("cannot use the certificate %s with the key %s (see above)", tls->cert, tls->key);
        return result;
    }

    if ((result = sxe_tls_context_set_alpn(httpd.tls_context, HTTPD_TLS_ALPN)) != SXE_RETURN_OK) {
        return result;
    }

    return sxe_tls_context_set_ktls(httpd.tls_context, tls->ktls);
}

SXE_RETURN
httpd_tls_setup(void)
{
    SXE_RETURN result;

    if (httpd.options.tls.cert == NULL) {
        return SXE_RETURN_OK;
    }

    sxe_tls_register(httpd.options.connections, 0); /* a TLS slot per connection: refused beyond, as the pool is */

    if ((result = sxe_tls_init()) != SXE_RETURN_OK || (result = httpd_tls_context()) != SXE_RETURN_OK) {
        SXEL2("cannot set TLS up: %s", sxe_return_to_string(result));
        return result;
    }

    httpd.bytes_allocated += sxe_tls_get_allocated_bytes();
    return SXE_RETURN_OK;
}

/* TLS on the -p listener, or a second listener for HTTPS. No refused hook on a TLS listener: a plain 503 would be
 * garbage to a TLS client (it sees the connection closed).
 */
SXE_RETURN
httpd_tls_listen(SXE *listener)
{
    SXE_RETURN result;
    SXE *tls;

    if (httpd.options.tls.cert == NULL) {
        return SXE_RETURN_OK;
    }

    if (httpd.options.tls.port < 0) {
        sxe_set_refused_hook(listener, NULL);
        sxe_set_connect_timeout(listener, httpd.options.idle_seconds); /* a handshake: -t, as a head */
        return sxe_tls_enable(listener, httpd.tls_context, NULL);
    }

    tls = sxe_new_tcp(NULL, httpd.options.ip, httpd.options.tls.port, listener->on_connected, listener->on_read,
                      listener->on_close);

    if (tls == NULL || (result = sxe_tls_enable(tls, httpd.tls_context, NULL)) != SXE_RETURN_OK) {
        return SXE_RETURN_ERROR_INVALID_ADDRESS;
    }

    sxe_set_half_close(tls, true);
    sxe_set_connect_timeout(tls, httpd.options.idle_seconds); /* a handshake: -t, as a head */
    httpd.tls_listener = tls;

    if ((result = sxe_listen_plus(tls, httpd.options.workers > 1 ? SXE_LISTEN_FLAG_REUSEPORT : 0)) != SXE_RETURN_OK) {
        SXEL2("cannot listen on %s:%d for HTTPS: %s", httpd.options.ip, httpd.options.tls.port,
              sxe_return_to_string(result));
    }

    return result;
}

/* The port file of --tls-port, written atomically as -P's; the start-up line's TLS part. */
void httpd_tls_started(void)
{
    unsigned port = httpd.tls_listener != NULL ? sxe_get_local_port(httpd.tls_listener) : 0;
    char temporary[PATH_MAX];
    FILE *file;

    if (httpd.tls_context == NULL) {
        return;
    }

    SXEL4("httpd: HTTPS on %s:%u (%s), ALPN %s, %u TLS connections, at most %u handshakes at once, %zu bytes of TLS "
          "memory, kernel TLS %s", httpd.options.ip, port != 0 ? port : sxe_get_local_port(httpd.listener),
          httpd.options.tls.cert, HTTPD_TLS_ALPN, httpd.options.connections,
          httpd.options.connections < SXE_TLS_HANDSHAKES_DEFAULT ? httpd.options.connections : SXE_TLS_HANDSHAKES_DEFAULT,
          sxe_tls_get_allocated_bytes(),
          !httpd.options.tls.ktls ? "not asked for" : sxe_tls_is_ktls_available() ? "asked for" : "not available");

    if (httpd.options.tls.portfile == NULL || port == 0) {
        return;
    }

    snprintf(temporary, sizeof(temporary), "%s.%d.tmp", httpd.options.tls.portfile, (int)getpid());

    if ((file = fopen(temporary, "w")) == NULL || fprintf(file, "%u\n", port) < 0 || fclose(file) != 0 ||
        rename(temporary, httpd.options.tls.portfile) < 0) {
        SXEL2("cannot write the TLS port file %s: %s", httpd.options.tls.portfile, strerror(errno));
    }
}

void httpd_tls_stop_listening(void)
{
    if (httpd.tls_listener != NULL) {
        sxe_close(httpd.tls_listener);
        httpd.tls_listener = NULL;
    }
}

void httpd_tls_teardown(void)
{
    if (httpd.tls_context != NULL) {
        sxe_tls_fini();
        sxe_tls_context_free(httpd.tls_context);
        httpd.tls_context = NULL;
    }
}

void httpd_tls_log_counters(const char *why)
{
    SXE_TLS_COUNTERS tls;

    if (httpd.tls_context == NULL) {
        return;
    }

    sxe_tls_get_counters(&tls);
    SXEL4("TLS counters (%s): handshakes=%llu resumed=%llu handshake_failures=%llu handshake_timeouts=%llu "
          "handshakes_waited=%llu refused=%llu errors=%llu out_of_memory=%llu ktls=%llu connections=%u peak=%u "
          "handshakes_peak=%u memory_used=%zu memory_peak=%zu of %zu",
          why, tls.handshakes, tls.resumed, tls.handshake_failures, tls.handshake_timeouts, tls.handshakes_waited,
          tls.refused, tls.errors, tls.out_of_memory, tls.ktls, tls.connections_now, tls.connections_peak,
          tls.handshakes_peak, tls.memory_used, tls.memory_peak, tls.memory_bytes);
}
