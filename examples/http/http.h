/* http.h: private declarations of the libsxe HTTP load generator (examples/http). See README.md for the tool.
 *
 * Layout: http-options.c parses the command line; http-client.c is the per-connection state machine on lib-sxe and
 * the shared HTTP parser; http-report.c prints the summary (text and JSON) and merges worker results;
 * http-histogram.c is the latency histogram; http.c is main(): limits, workers, shared memory.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "http-histogram.h"

/* Limits (named, documented in README.md). */
#define HTTP_CONNECTIONS_MAXIMUM    1000000    /* -c */
#define HTTP_PIPELINE_MAXIMUM       256        /* -P */
#define HTTP_WORKERS_MAXIMUM        64         /* -T */
#define HTTP_HEADERS_MAXIMUM        32         /* -H options */
#define HTTP_REQUEST_MAXIMUM        8192       /* bytes of one request (request line plus headers) */
#define HTTP_SOURCE_IPS_MAXIMUM     1024       /* addresses in a -s range */
#define HTTP_RAMP_BATCH             256        /* connects outstanding at once while opening connections */
#define HTTP_BUFFER_SIZE            8192       /* input buffer per connection: the longest response head accepted */
#define HTTP_RESPONSE_HEADERS       64         /* header fields parsed per response head */
#define HTTP_CONNECTED_LOG_EVERY    1000       /* the classic "connected: N" line */
#define HTTP_ERRNO_MAXIMUM          160        /* errno values counted one by one; larger ones count as "other" */
#define HTTP_TIMEOUT_DEFAULT        10.0       /* -t seconds */
#define HTTP_PORTS_PER_ADDRESS_WARN 28000      /* ephemeral ports of one source address (Linux default range) */
#define HTTP_BODY_MAXIMUM           (16 << 20) /* bytes of a request body (-b, -B) */
#define HTTP_HOST_MAXIMUM           256        /* bytes of the Host header's value (a name, or [IPv6]:port) */
#define HTTP_TOTAL_MAXIMUM          1000000000000ULL /* -N */

/* TLS (http-tls.c): an https:// URL, and how to check the server. */
typedef struct HTTP_TLS_OPTIONS {
    bool enabled;       /* an https:// URL */
    const char *host;   /* the URL's host: sent (SNI) and checked in the server's certificate */
    bool insecure;      /* --insecure: go on whatever the server's certificate says (as curl -k) */
    const char *cacert; /* --cacert FILE: the authorities trusted (default: the system's) */
    bool no_resume;     /* --no-resume: every handshake is a full one (default: resume the last session) */
    unsigned version;   /* --tls-version 1.2|1.3: only that version (0: 1.2 or 1.3) */
} HTTP_TLS_OPTIONS;

#define HTTP_TLS_NAME_MAXIMUM  64  /* bytes kept of the version and cipher names */
#define HTTP_TLS_ERROR_MAXIMUM 160 /* bytes kept of the first TLS failure's reason */

typedef struct HTTP_OPTIONS {
    const char *ip;                            /* -i or the URL's host as given; after http_resolve(): the address */
    int port;                                  /* -p, or the URL's */
    unsigned queries;                          /* -n queries per connection */
    unsigned connections;                      /* -c */
    const char *path;                          /* -u, or the URL's path and query */
    const char *method;                        /* -m */
    const char *headers[HTTP_HEADERS_MAXIMUM]; /* -H */
    unsigned header_count;
    bool no_keep_alive;    /* -k */
    unsigned pipeline;     /* -P depth (1 = no pipelining) */
    double duration;       /* -d seconds, 0 = use -n */
    double rate;           /* -r total requests per second, 0 = as fast as responses allow */
    double timeout;        /* -t seconds for a connect and for a response */
    double warmup;         /* -W seconds not counted */
    bool json;             /* -j */
    bool quiet;            /* -q */
    uint32_t source_first; /* -s range, host byte order; 0 = none */
    uint32_t source_count;
    unsigned workers; /* -T processes (1 = no fork) */
    uint64_t total;   /* -N total queries shared by all connections, 0 = -n per connection */
    const char *body; /* -b or -B: the request body (NULL: none) */
    size_t body_len;  /* ... its length (sent as Content-Length) */
    bool any_status;  /* -S: every status is a success (else a final status other than 2xx/3xx is an error) */
    bool method_set;  /* -m given (a body without -m is a POST) */
    bool queries_set; /* -n given */
    const char *url;  /* the URL argument, NULL when -i/-p/-u are used */
    char host[HTTP_HOST_MAXIMUM]; /* the Host header's value: the URL's authority, or IP:PORT */
    char address[64];             /* the address connected to (http_resolve()): ip points here */
    HTTP_TLS_OPTIONS tls;         /* https:// URLs: http-tls.c */
} HTTP_OPTIONS;

/* Kinds of error, counted separately. Each names what the server (or the network) did. */
typedef enum HTTP_ERROR {
    HTTP_ERROR_CONNECT_REFUSED = 0, /* ECONNREFUSED on connect */
    HTTP_ERROR_CONNECT_TIMEOUT,     /* no connection within -t */
    HTTP_ERROR_CONNECT_OTHER,       /* any other connect failure (see the errno counts) */
    HTTP_ERROR_OUT_OF_PORTS,        /* EADDRNOTAVAIL: no free local port/address */
    HTTP_ERROR_OUT_OF_FILES,        /* EMFILE/ENFILE, or no free lib-sxe object */
    HTTP_ERROR_RESET,               /* connection reset by the server (or another read/write error) */
    HTTP_ERROR_RESPONSE_TIMEOUT,    /* a response not complete within -t */
    HTTP_ERROR_PARSE,               /* a response the shared parser rejected, or a head too large */
    HTTP_ERROR_PREMATURE_CLOSE,     /* the server closed with a request outstanding, or mid-response */
    HTTP_ERROR_TLS,    /* the server answered with TLS records (https) to a plain http:// URL: the slot gives up */
    HTTP_ERROR_STATUS, /* a final response whose status is not 2xx or 3xx (not with -S) */
    HTTP_ERROR_TLS_HANDSHAKE, /* an https:// TLS handshake failed (the server's certificate, an alert, ...) */
    HTTP_ERROR_NUMBER_OF_KINDS
} HTTP_ERROR;

/* Results of one process. Plain data without pointers: lives in shared memory when there are workers and merges
 * by adding. Times are CLOCK_MONOTONIC seconds (comparable between processes).
 */
typedef struct HTTP_STATS {
    uint64_t connections_requested;   /* -c (this worker's share) */
    uint64_t connections_established; /* connection slots that connected at least once */
    uint64_t connects;                /* successful connects, reconnects included */
    uint64_t reconnects;              /* connects after the first, per slot */
    uint64_t expected;                /* responses expected (set at the end) */
    uint64_t requests_sent;
    uint64_t responses;         /* complete final responses, warm-up included */
    uint64_t warmup_responses;  /* of which completed during -W (not in the latency histogram) */
    uint64_t interim_responses; /* 1xx heads skipped before a final response */
    uint64_t status_class[6];   /* [1..5] = 1xx..5xx final responses, [0] = other (6xx..9xx) */
    uint64_t errors[HTTP_ERROR_NUMBER_OF_KINDS];
    uint64_t errnos[HTTP_ERRNO_MAXIMUM + 1]; /* errno counts; [HTTP_ERRNO_MAXIMUM] = larger values */
    uint64_t requests_lost;                  /* sent, then lost to an error before their response */
    uint64_t requests_never_sent;            /* due, but no connection could carry them */
    uint64_t requests_resent;                /* pipelined behind a "Connection: close" response, sent again */
    uint64_t idle_closes;                    /* server closed a connection with nothing outstanding (reconnected) */
    uint64_t bytes_in;
    uint64_t bytes_out;
    uint64_t tls_handshakes;   /* handshakes completed */
    uint64_t tls_resumed;      /* ... of which resumed a session */
    uint64_t open_connections; /* now (progress) */
    double time_start;
    double time_connected; /* every connection of the ramp connected or failed */
    double time_end;
    double time_measure_start;               /* end of the warm-up */
    uint32_t finished;                       /* set last by a worker that completed its run */
    uint32_t last_errno;                     /* most recent errno seen, for the one-line error */
    uint32_t interrupted;                    /* stopped early by SIGINT */
    HTTP_HISTOGRAM latency;                  /* nanoseconds, measured responses only */
    HTTP_HISTOGRAM handshake;                /* TLS: nanoseconds from the TCP connection to the handshake's end */
    char tls_version[HTTP_TLS_NAME_MAXIMUM]; /* of the first handshake ("" without TLS) */
    char tls_cipher[HTTP_TLS_NAME_MAXIMUM];
    char tls_error[HTTP_TLS_ERROR_MAXIMUM]; /* the first TLS failure's reason */
} HTTP_STATS;

/* http-options.c */
int http_options_parse(HTTP_OPTIONS *options, int argc, char **argv); /* 0 ok, 2 usage; -h, --version exit 0 */
void http_options_usage(FILE *out);

/* http-options.c: resolve options->ip (a literal, or a name with getaddrinfo: once, before any connection; when a
 * name has several addresses, the first that accepts a connection within -t) into options->address. Returns 0, or 1
 * after saying why on stderr.
 */
int http_resolve(HTTP_OPTIONS *options);

/* http-client.c: run this process's share; fills *stats. Returns 0 when every expected response arrived. */
int http_client_run(const HTTP_OPTIONS *options, HTTP_STATS *stats, unsigned worker);

/* http-tls.c: TLS for https:// URLs. Each is harmless without TLS. */
#define HTTP_TLS_ALPN   "http/1.1"
#define HTTP_OPTION_TLS 0x200 /* getopt_long values of the TLS options: this plus their first letter */
bool http_tls_option(HTTP_OPTIONS *options, int option, const char *arg); /* --insecure ...; false: bad */
bool http_tls_setup(const HTTP_OPTIONS *options, unsigned connections, HTTP_STATS *stats); /* after sxe_init() */
bool http_tls_enable(void *sxe);    /* the SXE of a connection, before sxe_connect(); false: failed */
void http_tls_connected(void *sxe); /* its handshake is done: counts, times */
bool http_tls_failed(void *sxe);    /* on_close: true when TLS failed (its reason kept) */
void http_tls_teardown(void);       /* after sxe_fini() */
void http_tls_stats_merge(HTTP_STATS *into, const HTTP_STATS *from);
void http_tls_report_text(FILE *out, const HTTP_STATS *stats);
void http_tls_report_json(const HTTP_STATS *stats);

/* http-report.c */
void http_stats_init(HTTP_STATS *stats);
void http_stats_merge(HTTP_STATS *into, const HTTP_STATS *from);
void http_stats_count_errno(HTTP_STATS *stats, int error);
const char *http_error_name(HTTP_ERROR kind);
uint64_t http_stats_errors(const HTTP_STATS *stats);
int http_report(const HTTP_OPTIONS *options, const HTTP_STATS *stats); /* returns the exit code */

#endif
