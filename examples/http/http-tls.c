/* http-tls.c: TLS for the load generator's https:// URLs (lib-sxe-tls): one client context (ALPN http/1.1, the
 * server's certificate checked against --cacert or the system's authorities unless --insecure, the last session
 * resumed unless --no-resume, --tls-version), TLS on every connection before its connect, and what the report says:
 * the version and cipher agreed, the handshakes (and how many resumed), their times, the first failure's reason.
 * A connection's on_connected comes once its handshake is done: its connect time (the -t timeout, the latency of a
 * query sent on it with -k) includes the handshake.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "sxe-log.h"
#include "sxe-tls.h"
#include "sxe-util.h"

#include "http.h"

static SXE_TLS_CONTEXT *http_tls_context;
static const HTTP_OPTIONS *http_tls_options;
static HTTP_STATS *http_tls_stats;

static const double http_tls_percentiles[] = {50.0, 90.0, 99.0};
static const char *http_tls_percentile_names[] = {"p50", "p90", "p99"};

/* --insecure, --cacert FILE, --no-resume, --tls-version 1.2|1.3 (getopt_long values: HTTP_OPTION_TLS + first letters).
 */
bool http_tls_option(HTTP_OPTIONS *options, int option, const char *arg)
{
    switch (option) {
        case HTTP_OPTION_TLS + 'i':
            options->tls.insecure = true;
            return true;
        case HTTP_OPTION_TLS + 'c':
            options->tls.cacert = arg;
            return arg[0] != '\0';
        case HTTP_OPTION_TLS + 'n':
            options->tls.no_resume = true;
            return true;
        case HTTP_OPTION_TLS + 'v':
            options->tls.version = strcmp(arg, "1.2") == 0   ? SXE_TLS_VERSION_1_2
                                   : strcmp(arg, "1.3") == 0 ? SXE_TLS_VERSION_1_3
                                                             : 0;
            return options->tls.version != 0;
        default:
            return false;
    }
}

static bool http_tls_context_setup(const HTTP_TLS_OPTIONS *tls)
{
    unsigned minimum = tls->version != 0 ? tls->version : SXE_TLS_VERSION_1_2;
    unsigned maximum = tls->version != 0 ? tls->version : SXE_TLS_VERSION_1_3;

    return (http_tls_context = sxe_tls_context_new()) != NULL &&
           sxe_tls_context_set_verify(http_tls_context, tls->insecure ? 0 : SXE_TLS_VERIFY_SERVER, tls->cacert) ==
               SXE_RETURN_OK &&
           sxe_tls_context_set_versions(http_tls_context, minimum, maximum) == SXE_RETURN_OK &&
           sxe_tls_context_set_resumption(http_tls_context, !tls->no_resume) == SXE_RETURN_OK &&
           sxe_tls_context_set_alpn(http_tls_context, HTTP_TLS_ALPN) == SXE_RETURN_OK;
}

bool http_tls_setup(const HTTP_OPTIONS *options, unsigned connections, HTTP_STATS *stats)
{
    http_tls_options = options;
    http_tls_stats = stats;

    if (!options->tls.enabled) {
        return true;
    }

    sxe_tls_register(connections, 0);

    if (sxe_tls_init() != SXE_RETURN_OK || !http_tls_context_setup(&options->tls)) {
        SXEL2("http: cannot set TLS up (see above)");
        return false;
    }

    return true;
}

bool http_tls_enable(void *sxe)
{
    return http_tls_context == NULL ||
           sxe_tls_enable(sxe, http_tls_context, http_tls_options->tls.host) == SXE_RETURN_OK;
}

void http_tls_connected(void *sxe)
{
    HTTP_STATS *stats = http_tls_stats;

    if (http_tls_context == NULL) {
        return;
    }

    stats->tls_handshakes++;
    stats->tls_resumed += sxe_tls_is_resumed(sxe) ? 1 : 0;
    http_histogram_record(&stats->handshake, (uint64_t)(sxe_tls_get_handshake_seconds(sxe) * 1e9));

    if (stats->tls_version[0] == '\0') {
        snprintf(stats->tls_version, sizeof(stats->tls_version), "%s", sxe_tls_get_version(sxe));
        snprintf(stats->tls_cipher, sizeof(stats->tls_cipher), "%s", sxe_tls_get_cipher(sxe));
    }
}

bool http_tls_failed(void *sxe)
{
    if (http_tls_context == NULL || SXE_CLOSE_REASON((SXE *)sxe) != SXE_RETURN_ERROR_BAD_MESSAGE) {
        return false;
    }

    if (http_tls_stats->tls_error[0] == '\0') {
        snprintf(http_tls_stats->tls_error, sizeof(http_tls_stats->tls_error), "%s", sxe_tls_get_error(sxe));
    }

    return true;
}

void http_tls_teardown(void)
{
    if (http_tls_context != NULL) {
        sxe_tls_fini();
        sxe_tls_context_free(http_tls_context);
        http_tls_context = NULL;
    }
}

void http_tls_stats_merge(HTTP_STATS *into, const HTTP_STATS *from)
{
    http_histogram_merge(&into->handshake, &from->handshake);

    if (into->tls_version[0] == '\0') {
        memcpy(into->tls_version, from->tls_version, sizeof(into->tls_version));
        memcpy(into->tls_cipher, from->tls_cipher, sizeof(into->tls_cipher));
    }

    if (into->tls_error[0] == '\0') {
        memcpy(into->tls_error, from->tls_error, sizeof(into->tls_error));
    }
}

void http_tls_report_text(FILE *out, const HTTP_STATS *stats)
{
    const HTTP_HISTOGRAM *handshake = &stats->handshake;

    if (stats->tls_handshakes == 0 && stats->tls_error[0] == '\0') {
        return;
    }

    fprintf(out, "tls: %s %s, %llu handshakes (%llu resumed)", stats->tls_version[0] ? stats->tls_version : "-",
            stats->tls_cipher[0] ? stats->tls_cipher : "-", (unsigned long long)stats->tls_handshakes,
            (unsigned long long)stats->tls_resumed);

    if (stats->tls_error[0] != '\0') {
        fprintf(out, ", first failure: %s", stats->tls_error);
    }

    fprintf(out, "\nhandshake (ms, %llu): min %.3f", (unsigned long long)handshake->count,
            handshake->count ? (double)handshake->min / 1e6 : 0.0);

    for (unsigned i = 0; i < SXE_ARRAY_SIZE(http_tls_percentiles); i++) {
        fprintf(out, " %s %.3f", http_tls_percentile_names[i],
                (double)http_histogram_percentile(handshake, http_tls_percentiles[i]) / 1e6);
    }

    fprintf(out, " max %.3f\n", (double)handshake->max / 1e6);
}

/* The "tls" member of the JSON summary (with a trailing comma), or nothing without TLS. */
void http_tls_report_json(const HTTP_STATS *stats)
{
    const HTTP_HISTOGRAM *handshake = &stats->handshake;

    if (stats->tls_handshakes == 0 && stats->tls_error[0] == '\0') {
        return;
    }

    printf("\"tls\":{\"version\":\"%s\",\"cipher\":\"%s\",\"handshakes\":%llu,\"resumed\":%llu,\"handshake_us\":{"
           "\"count\":%llu,\"min\":%.3f",
           stats->tls_version, stats->tls_cipher, (unsigned long long)stats->tls_handshakes,
           (unsigned long long)stats->tls_resumed, (unsigned long long)handshake->count,
           handshake->count ? (double)handshake->min / 1e3 : 0.0);

    for (unsigned i = 0; i < SXE_ARRAY_SIZE(http_tls_percentiles); i++) {
        printf(",\"%s\":%.3f", http_tls_percentile_names[i],
               (double)http_histogram_percentile(handshake, http_tls_percentiles[i]) / 1e3);
    }

    printf(",\"max\":%.3f}},", (double)handshake->max / 1e3);
}
