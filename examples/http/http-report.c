/* http-report.c: counting helpers, merging worker results, and the summary (classic lines, text, JSON). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sxe-log.h"

#include "http.h"

static const char *const error_names[HTTP_ERROR_NUMBER_OF_KINDS] = {
    "connect_refused",  "connect_timeout", "connect_other",   "out_of_ports", "out_of_files", "reset",
    "response_timeout", "parse_error",     "premature_close", "tls",          "bad_status",   "tls_handshake",
};

static const double percentiles[] = {50.0, 90.0, 99.0, 99.9, 99.99};
static const char *percentile_names[] = {"p50", "p90", "p99", "p99.9", "p99.99"};

void http_stats_init(HTTP_STATS *stats)
{
    memset(stats, 0, sizeof(*stats));
    http_histogram_reset(&stats->latency);
    http_histogram_reset(&stats->handshake);
}

const char *http_error_name(HTTP_ERROR kind)
{
    return kind < HTTP_ERROR_NUMBER_OF_KINDS ? error_names[kind] : "unknown";
}

void http_stats_count_errno(HTTP_STATS *stats, int error)
{
    stats->errnos[error > 0 && error < HTTP_ERRNO_MAXIMUM ? error : HTTP_ERRNO_MAXIMUM]++;
}

uint64_t http_stats_errors(const HTTP_STATS *stats)
{
    uint64_t total = 0;
    unsigned i;

    for (i = 0; i < HTTP_ERROR_NUMBER_OF_KINDS; i++) {
        total += stats->errors[i];
    }

    return total;
}

static double min_time(double a, double b)
{
    return a == 0 ? b : b == 0 ? a : a < b ? a : b;
}

static double max_time(double a, double b)
{
    return a > b ? a : b;
}

void http_stats_merge(HTTP_STATS *into, const HTTP_STATS *from)
{
    const uint64_t *source = (const uint64_t *)from;
    uint64_t *target = (uint64_t *)into;
    unsigned i;

    /* every field up to open_connections is a uint64_t count: add them all */
    for (i = 0; i <= offsetof(HTTP_STATS, open_connections) / sizeof(uint64_t); i++) {
        target[i] += source[i];
    }

    into->time_start = min_time(into->time_start, from->time_start);
    into->time_connected = max_time(into->time_connected, from->time_connected);
    into->time_end = max_time(into->time_end, from->time_end);
    into->time_measure_start = max_time(into->time_measure_start, from->time_measure_start);
    into->last_errno = from->last_errno != 0 ? from->last_errno : into->last_errno;
    into->finished = into->finished && from->finished;
    into->interrupted = into->interrupted || from->interrupted;
    http_histogram_merge(&into->latency, &from->latency);
    http_tls_stats_merge(into, from);
}

static const char *errno_name(unsigned error)
{
    const char *name = error < HTTP_ERRNO_MAXIMUM ? strerrorname_np((int)error) : NULL;

    return name != NULL ? name : "other";
}

static double per_second(double count, double seconds)
{
    return seconds > 0 ? count / seconds : 0;
}

static uint64_t missing_of(const HTTP_STATS *stats)
{
    return stats->expected > stats->responses ? stats->expected - stats->responses : 0;
}

/* The classic three lines. */
static void report_classic(const HTTP_STATS *stats)
{
    double connect_time = stats->time_connected - stats->time_start;
    double query_time = stats->time_end - stats->time_connected;
    double all_time = stats->time_end - stats->time_start;

    SXEL4("time for all connections: %.6f seconds or %.1f per second", connect_time,
          per_second((double)stats->connections_established, connect_time));
    SXEL4("time for all queries    : %.6f seconds or %.1f per second", query_time,
          per_second((double)stats->responses, query_time));
    SXEL4("time for all            : %.6f seconds or %.1f per second", all_time,
          per_second((double)stats->responses, all_time));
}

static void report_text(FILE *out, const HTTP_STATS *stats)
{
    const HTTP_HISTOGRAM *latency = &stats->latency;
    double measured = stats->time_end - stats->time_measure_start;
    unsigned i;

    fprintf(out, "connections: %llu requested, %llu established, %llu reconnects, %llu idle closes by the server\n",
            (unsigned long long)stats->connections_requested, (unsigned long long)stats->connections_established,
            (unsigned long long)stats->reconnects, (unsigned long long)stats->idle_closes);
    fprintf(out, "responses: %llu of %llu expected (%llu requests sent, %llu resent after Connection: close)\n",
            (unsigned long long)stats->responses, (unsigned long long)stats->expected,
            (unsigned long long)stats->requests_sent, (unsigned long long)stats->requests_resent);
    fprintf(out, "throughput: %.1f responses/s measured over %.3f s, %llu bytes in, %llu bytes out\n",
            per_second((double)latency->count, measured), measured, (unsigned long long)stats->bytes_in,
            (unsigned long long)stats->bytes_out);
    fprintf(out, "latency (ms, %llu measured, %llu in warm-up): min %.3f", (unsigned long long)latency->count,
            (unsigned long long)stats->warmup_responses, latency->count ? (double)latency->min / 1e6 : 0.0);

    for (i = 0; i < SXE_ARRAY_SIZE(percentiles); i++) {
        fprintf(out, " %s %.3f", percentile_names[i], (double)http_histogram_percentile(latency, percentiles[i]) / 1e6);
    }

    fprintf(out, " max %.3f\n", (double)latency->max / 1e6);
    http_tls_report_text(out, stats);
    fprintf(out, "status: 1xx %llu 2xx %llu 3xx %llu 4xx %llu 5xx %llu other %llu (interim 1xx heads %llu)\n",
            (unsigned long long)stats->status_class[1], (unsigned long long)stats->status_class[2],
            (unsigned long long)stats->status_class[3], (unsigned long long)stats->status_class[4],
            (unsigned long long)stats->status_class[5], (unsigned long long)stats->status_class[0],
            (unsigned long long)stats->interim_responses);
    fprintf(out, "errors: %llu", (unsigned long long)http_stats_errors(stats));

    for (i = 0; i < HTTP_ERROR_NUMBER_OF_KINDS; i++) {
        if (stats->errors[i] != 0) {
            fprintf(out, ", %s %llu", error_names[i], (unsigned long long)stats->errors[i]);
        }
    }

    for (i = 0; i <= HTTP_ERRNO_MAXIMUM; i++) {
        if (stats->errnos[i] != 0) {
            fprintf(out, ", %s %llu", errno_name(i), (unsigned long long)stats->errnos[i]);
        }
    }

    fprintf(out, "\n");

    if (stats->interrupted) {
        fprintf(out, "INTERRUPTED: the run was stopped by a signal before it completed\n");
    }

    if (stats->errors[HTTP_ERROR_STATUS] != 0) {
        fprintf(out,
                "STATUS: %llu responses were not 2xx or 3xx: counted as errors (-S counts any status as a success)\n",
                (unsigned long long)stats->errors[HTTP_ERROR_STATUS]);
    }

    if (stats->errors[HTTP_ERROR_TLS] != 0) {
        fprintf(out, "TLS: %llu connections were answered with TLS: the server speaks https; use an https:// URL\n",
                (unsigned long long)stats->errors[HTTP_ERROR_TLS]);
    }

    if (missing_of(stats) != 0) {
        fprintf(out,
                "MISSING: %llu responses: %llu requests lost to errors, %llu never sent (no connection could carry"
                " them)\n",
                (unsigned long long)missing_of(stats), (unsigned long long)stats->requests_lost,
                (unsigned long long)stats->requests_never_sent);
    }
}

static void report_json(const HTTP_OPTIONS *options, const HTTP_STATS *stats, int exit_code)
{
    const HTTP_HISTOGRAM *latency = &stats->latency;
    double measured = stats->time_end - stats->time_measure_start;
    unsigned i;
    const char *separator = "";

    printf("{\"server\":\"%s%s%s:%d\",\"connections_requested\":%llu,\"connections_established\":%llu,"
           "\"connects\":%llu,\"reconnects\":%llu,\"idle_closes\":%llu,\"expected\":%llu,\"responses\":%llu,"
           "\"missing\":%llu,\"requests_sent\":%llu,\"requests_resent\":%llu,\"requests_lost\":%llu,"
           "\"requests_never_sent\":%llu,\"warmup_responses\":%llu,\"interim_responses\":%llu,",
           strchr(options->ip, ':') != NULL ? "[" : "", options->ip, strchr(options->ip, ':') != NULL ? "]" : "",
           options->port, (unsigned long long)stats->connections_requested,
           (unsigned long long)stats->connections_established, (unsigned long long)stats->connects,
           (unsigned long long)stats->reconnects, (unsigned long long)stats->idle_closes,
           (unsigned long long)stats->expected, (unsigned long long)stats->responses,
           (unsigned long long)missing_of(stats), (unsigned long long)stats->requests_sent,
           (unsigned long long)stats->requests_resent, (unsigned long long)stats->requests_lost,
           (unsigned long long)stats->requests_never_sent, (unsigned long long)stats->warmup_responses,
           (unsigned long long)stats->interim_responses);
    printf("\"status\":{\"1xx\":%llu,\"2xx\":%llu,\"3xx\":%llu,\"4xx\":%llu,\"5xx\":%llu,\"other\":%llu},",
           (unsigned long long)stats->status_class[1], (unsigned long long)stats->status_class[2],
           (unsigned long long)stats->status_class[3], (unsigned long long)stats->status_class[4],
           (unsigned long long)stats->status_class[5], (unsigned long long)stats->status_class[0]);
    printf("\"errors\":{\"total\":%llu", (unsigned long long)http_stats_errors(stats));

    for (i = 0; i < HTTP_ERROR_NUMBER_OF_KINDS; i++) {
        printf(",\"%s\":%llu", error_names[i], (unsigned long long)stats->errors[i]);
    }

    printf("},\"errno\":{");

    for (i = 0; i <= HTTP_ERRNO_MAXIMUM; i++) {
        if (stats->errnos[i] != 0) {
            printf("%s\"%s\":%llu", separator, errno_name(i), (unsigned long long)stats->errnos[i]);
            separator = ",";
        }
    }

    printf("},\"latency_us\":{\"count\":%llu,\"min\":%.3f", (unsigned long long)latency->count,
           latency->count ? (double)latency->min / 1e3 : 0.0);

    for (i = 0; i < SXE_ARRAY_SIZE(percentiles); i++) {
        printf(",\"%s\":%.3f", percentile_names[i], (double)http_histogram_percentile(latency, percentiles[i]) / 1e3);
    }

    printf(",\"max\":%.3f,\"mean\":%.3f},", (double)latency->max / 1e3,
           latency->count ? (double)latency->sum / (double)latency->count / 1e3 : 0.0);
    http_tls_report_json(stats);
    printf("\"seconds\":{\"connect\":%.6f,\"queries\":%.6f,\"all\":%.6f,\"measured\":%.6f},"
           "\"responses_per_second\":%.1f,\"bytes_in\":%llu,\"bytes_out\":%llu,\"workers\":%u,\"interrupted\":%u,"
           "\"exit\":%d}\n",
           stats->time_connected - stats->time_start, stats->time_end - stats->time_connected,
           stats->time_end - stats->time_start, measured, per_second((double)latency->count, measured),
           (unsigned long long)stats->bytes_in, (unsigned long long)stats->bytes_out, options->workers,
           stats->interrupted, exit_code);
    fflush(stdout);
}

int http_report(const HTTP_OPTIONS *options, const HTTP_STATS *stats)
{
    int exit_code = stats->expected > 0 && stats->responses == stats->expected && stats->finished &&
                            !stats->interrupted && stats->errors[HTTP_ERROR_STATUS] == 0
                        ? 0
                        : 1;

    if (stats->connections_established == 0) {
        SXEL2("http: cannot connect to %s:%d: %s%s (0 of %llu connections established)", options->ip, options->port,
              stats->tls_error[0] != '\0' ? "TLS handshake failed: " : "",
              stats->tls_error[0] != '\0' ? stats->tls_error
              : stats->last_errno != 0    ? strerror((int)stats->last_errno)
                                          : "connection closed at once",
              (unsigned long long)stats->connections_requested);
    } else {
        report_classic(stats);
        report_text(options->json ? stderr : stdout, stats);
    }

    if (options->json) {
        report_json(options, stats, exit_code);
    }

    fflush(stdout);
    return exit_code;
}
