/* httpd.h: private declarations shared by the httpd example's sources (not a library header).
 *
 * Layout: httpd.c (options, start-up, signals, workers), httpd-conn.c (connection state machine and request
 * handling), httpd-response.c (response building, Date cache), httpd-static.c (files under -r DOCROOT),
 * httpd-mime.c (the MIME table), httpd-conditional.c (validators, conditional requests, Range), httpd-listing.c
 * (directory listings, -d), httpd-access-log.c (the access log, -a: a fixed ring and a writer thread).
 *
 * The rules of a connection (README.md "Behaviour", "Overload and the shared buffers" and "Timeouts" explain them):
 * - ORDER: requests are answered strictly in the order they arrived; a request is answered once its head and its
 *   whole body have been read (a body framing error: 400 instead of its answer).
 * - CLOSING RULE: a connection decides to close at most once (HTTPD_CONN.closing, set by httpd_conn_decide_close()
 *   and never cleared): when it answers an error, a request that does not keep the connection (HTTP/1.0 without
 *   keep-alive, "Connection: close"), any request during a graceful stop or after the peer's FIN, a slow head (408),
 *   or when it is evicted from a large head buffer (408). From that moment NO byte of its input is parsed again:
 *   its unparsed input is dropped (its large head buffer given back at once), the answers already built (the
 *   closing one last) are written, however long that takes (a file body, a full socket: state SEND), and then it
 *   lingers (write side shut, input drained) until the peer's FIN. So the closing answer is the last byte a
 *   connection sends, and every answer answers a request sent before it (RFC 9112 9.6). Enforced where a closing
 *   connection could come back to the parser: on_read serves no connection that lingers or has output pending, and
 *   a send's completion lingers a closing connection instead of serving it.
 * - SHARED POOLS CANNOT BE HELD BY STALLED CLIENTS: a large head buffer goes to a new head by evicting its oldest
 *   holder; an overflow buffer goes to a new slow reader by evicting a holder whose peer acknowledged nothing for a
 *   quarter of the send timeout (README.md "Overload and the shared buffers").
 * - A SLOW CLIENT HOLDS A CONNECTION FOR A BOUNDED TIME: a head or a body must arrive within -t of its start (later
 *   bytes do not reset the clock); pending output is closed when the peer acknowledges nothing for -s.
 * - NOTHING BLOCKS THE LOOP: files are opened O_NONBLOCK (a named pipe is 403, never a wait).
 */
#ifndef HTTPD_H
#define HTTPD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ev.h"
#include "sxe.h"
#include "sxe-http.h"
#include "sxe-log.h"
#include "sxe-pool.h"
#include "sxe-tls.h"
#include "sxe-util.h"

/* ---- limits and defaults (all documented in examples/httpd/README.md) ---------------------------------- */
#define HTTPD_IP_DEFAULT             "127.0.0.1"
#define HTTPD_PORT_DEFAULT           8000
#define HTTPD_CONNECTIONS_DEFAULT    10000
#define HTTPD_CONNECTIONS_MAXIMUM    1000000
#define HTTPD_WORKERS_DEFAULT        1
#define HTTPD_WORKERS_MAXIMUM        64
#define HTTPD_IDLE_SECONDS_DEFAULT   10
#define HTTPD_IDLE_SECONDS_MAXIMUM   86400
#define HTTPD_SEND_SECONDS_DEFAULT   60  /* -s: a slow reader whose peer acknowledges nothing for this long is closed */
#define HTTPD_SEND_CHECKS            4   /* progress checks per send timeout; one without progress: "stalled" */
#define HTTPD_BUFFER_DEFAULT         512 /* input buffer per connection: holds most request heads */
#define HTTPD_BUFFER_MINIMUM         128 /* holds any ordinary request line plus Host */
#define HTTPD_BUFFER_MAXIMUM         (1U << 24)
#define HTTPD_OUTPUT_BYTES           4096 /* the per-process output scratch, and each overflow buffer */
#define HTTPD_OVERFLOW_DIVISOR       128  /* default overflow buffers: connections / this ... */
#define HTTPD_OVERFLOW_MINIMUM       4    /* ... but at least this many (and at most -c) */
#define HTTPD_LARGE_HEAD_BYTES       8192 /* each large head buffer: bounds a head that outgrew -b (414/431) */
#define HTTPD_LARGE_DIVISOR          128  /* default large head buffers: connections / this ... */
#define HTTPD_LARGE_MINIMUM          4    /* ... but at least this many (and at most -c; 0 when -b >= 8192) */
#define HTTPD_HEADER_MAX             SXE_HTTP_HEADER_MAX_DEFAULT /* header fields per request (more: 431) */
#define HTTPD_PATH_MAXIMUM           4096                        /* decoded request path, bytes (longer: 414) */
#define HTTPD_LINGER_SECONDS_MAXIMUM 2.0 /* after an answer that closes: wait this long for the peer's FIN */
#define HTTPD_GRACE_SECONDS_DEFAULT  30  /* -g: graceful stop, bound on finishing the responses in flight */
#define HTTPD_GRACE_SECONDS_MAXIMUM  86400
#define HTTPD_DESCRIPTORS_SPARE      64   /* descriptors beyond those of the connections: listener, std, docroot */
#define HTTPD_ANSWER_MAXIMUM         512  /* room kept free in the output buffer for one fixed answer */
#define HTTPD_DATE_LENGTH            29   /* "Sun, 06 Nov 1994 08:49:37 GMT" */
#define HTTPD_ETAG_MAXIMUM           40   /* bytes of an ETag with its quotes and a NUL: "MTIME_NS-SIZE" in hex */
#define HTTPD_REDIRECT_MAXIMUM       3584 /* bytes of a 301's Location (the target's path + / + query; longer: 414) */
#define HTTPD_TYPE_MAXIMUM           127  /* bytes of a Content-Type from -m FILE (longer ones are skipped) */
#define HTTPD_TYPES_MAXIMUM          4096 /* extensions in the MIME table (-m FILE adds to the built-in ones) */

/* ---- connection states (one list per state in the connection pool; the timeout is per state) ------------ */
typedef enum HTTPD_STATE {
    HTTPD_STATE_FREE = 0, /* not a connection (or the listener)                                     */
    HTTPD_STATE_IDLE,     /* waiting for a request; no byte of it yet. Timeout -t: close silently   */
    HTTPD_STATE_HEAD,     /* part of a request head received. Timeout -t: 408 and close (slowloris) */
    HTTPD_STATE_BODY,     /* discarding a request body. Timeout -t from its start: close, no answer */
    HTTPD_STATE_SEND,     /* output pending on a slow reader. Checked every -s / 4: no progress: close */
    HTTPD_STATE_LINGER,   /* answered, write side shut down, draining until the peer's FIN          */
    HTTPD_STATE_NUMBER
} HTTPD_STATE;

/* ---- options ------------------------------------------------------------------------------------------ */
/* HTTPS (httpd-tls.c): with --cert and --key, the -p listener speaks TLS, or with --tls-port a second listener does
 * (the -p one stays plain HTTP). HTTP/1.1 over TLS, ALPN "http/1.1".
 */
typedef struct HTTPD_TLS_OPTIONS {
    const char *cert;     /* --cert FILE: the certificate chain (PEM); NULL: no TLS */
    const char *key;      /* --key FILE: its private key (PEM) */
    int port;             /* --tls-port PORT: a second listener for HTTPS; -1: -p is HTTPS */
    const char *portfile; /* --tls-portfile FILE: its port, as -P */
    bool ktls;            /* --ktls: kernel TLS when the kernel offers it */
} HTTPD_TLS_OPTIONS;

typedef struct HTTPD_OPTIONS {
    const char *ip;
    int port;             /* 0 only together with portfile */
    const char *portfile; /* -P: write the bound port here (for tests and scripts) */
    unsigned connections;
    unsigned workers;
    unsigned idle_seconds;
    unsigned send_seconds; /* -s: send timeout (the peer acknowledges nothing for this long: close) */
    const char *docroot;   /* NULL: every GET/HEAD gets the hello page */
    unsigned buffer_bytes;
    unsigned overflows;     /* -o: overflow buffers (HTTPD_OUTPUT_BYTES each) for partial writes */
    bool overflows_set;     /* -o given (else connections / HTTPD_OVERFLOW_DIVISOR, at least HTTPD_OVERFLOW_MINIMUM) */
    unsigned large_heads;   /* -L: large head buffers (HTTPD_LARGE_HEAD_BYTES each); 0: heads are bounded by -b */
    bool large_heads_set;   /* -L given (else connections / HTTPD_LARGE_DIVISOR, at least HTTPD_LARGE_MINIMUM) */
    int log_level;          /* -1: leave the library default / $SXE_LOG_LEVEL */
    unsigned grace_seconds; /* -g: graceful stop: responses in flight may take this long (SIGQUIT: at once) */
    const char *access_log; /* -a: the access log's path, "-" for stdout; NULL: no access log */
    bool access_log_common; /* -F common: the common log format (else combined, nginx's default) */
    bool listing;           /* -d: list a directory that has no index.html (else 403) */
    const char *mime_file;  /* -m: a mime.types file whose entries add to (and override) the built-in table */
    HTTPD_TLS_OPTIONS tls;  /* --cert, --key, --tls-port ...: httpd-tls.c */
} HTTPD_OPTIONS;

/* ---- counters (per process; SIGUSR1 logs them) ---------------------------------------------------------- */
typedef struct HTTPD_COUNTERS {
    unsigned long long requests;
    unsigned long long responses_2xx;
    unsigned long long responses_3xx;
    unsigned long long responses_4xx;
    unsigned long long responses_5xx;
    unsigned long long refused_503;
    unsigned long long timeouts_idle;
    unsigned long long timeouts_head;
    unsigned long long timeouts_other; /* body and linger timeouts, and slow readers closed by -s */
    unsigned long long files_sent;
    unsigned long long overflows_taken;     /* partial writes whose remainder went to an overflow buffer */
    unsigned long long overflows_refused;   /* slow readers closed: a partial write found no overflow buffer free */
    unsigned long long overflows_evicted;   /* stalled slow readers closed to give their overflow buffer to another */
    unsigned overflows_peak;                /* most overflow buffers in use at once */
    unsigned long long large_heads_taken;   /* heads that outgrew the input buffer and moved to a large buffer */
    unsigned long long large_heads_evicted; /* oldest holders evicted (408) to give a large buffer to a new head */
    unsigned large_heads_peak;              /* most large head buffers in use at once */
    unsigned long long access_log_lines;    /* lines put in the access log's ring */
    unsigned long long access_log_dropped;  /* lines dropped: the ring was full (the writer is behind the disk) */
} HTTPD_COUNTERS;

/* ---- per-connection state: an element of the connection pool, indexed by SXE_ID ------------------------ */
#define HTTPD_PENDING_NONE 0
#define HTTPD_PENDING_OUT  1 /* the connection's overflow buffer is being sent */
#define HTTPD_PENDING_FILE 2 /* a file body is being sent */

/* The answer to the request being read: decided when its head is parsed (the head's bytes are consumed then),
 * built only once its body has been completely read and discarded (README.md "Request bodies"). With -r, the
 * file's status includes the conditional headers and Range (200, 206, 304, 412, 416 or the lookup's error), and
 * the first byte to send is already in HTTPD_CONN.file_offset (no file is in flight while a head is parsed).
 */
typedef struct HTTPD_ANSWER {
    bool due;            /* a parsed request waits for its answer */
    bool head;           /* ... it is a HEAD */
    bool keep_alive;     /* ... it asked to keep the connection */
    bool http10;         /* ... it is HTTP/1.0 (keep-alive must then be announced) */
    uint16_t status;     /* -r DOCROOT: the file's status (200 and 206: fd below is open) */
    uint16_t body_error; /* the body's framing error status (400, 501...), 0 for none */
    uint16_t type;       /* -r: the file's Content-Type, an index in the MIME table (httpd_mime_name()) */
    bool listing;        /* -r, status 200: a generated directory listing (no validators, no ranges) */
    int fd;              /* -r DOCROOT, status 200 or 206: the open file (-1 otherwise); becomes file_fd */
    int64_t mtime_ns;    /* ... its modification time in nanoseconds since 1970 (Last-Modified, the ETag) */
    uint64_t size;       /* ... its length */
    uint64_t length;     /* ... the body's length: the file's, or the range's (status 206) */
} HTTPD_ANSWER;

/* Per-connection state: 128 bytes (asserted at start-up). There is no per-connection output buffer: answers are
 * built in the per-process scratch (httpd.out) and written at once; only the unsent remainder of a partial write
 * is kept, in an overflow buffer taken for that time (README.md "Fixed memory").
 */
typedef struct HTTPD_CONN {
    SXE *sxe;             /* NULL when free */
    unsigned overflow;    /* index of the overflow buffer being sent, SXE_POOL_NO_INDEX when none */
    int file_fd;          /* -1 when none */
    unsigned large;       /* index of the large head buffer holding this connection's input, or SXE_POOL_NO_INDEX */
    uint8_t pending;      /* HTTPD_PENDING_* */
    bool closing : 1;     /* the CLOSING RULE (top of this file): no more parsing; linger after the output */
    bool peer_closed : 1; /* the peer's FIN arrived (half-close mode) */
    bool in_body : 1;     /* discarding a request body */
    bool chunked : 1;     /* ... chunked (else body.left bytes) */
    uint8_t stalls : 3;   /* SEND state: checks in a row that found no progress (HTTPD_SEND_CHECKS: closed) */
    HTTPD_ANSWER answer;
    union {
        uint64_t left;           /* Content-Length body: bytes still to discard */
        SXE_HTTP_CHUNKED chunks; /* chunked body: the decoder's state */
    } body;
    off_t file_offset; /* the next byte of the file to send; set when the head is parsed (the range's first byte) */
    uint64_t file_left;
    uint64_t progress; /* SEND state: bytes the peer acknowledged (or were handed to the kernel) at the last check */
} HTTPD_CONN;

/* States of the overflow buffer pool and of the large head buffer pool (untimed). */
#define HTTPD_OVERFLOW_FREE    0
#define HTTPD_OVERFLOW_USED    1 /* held by the connection in `owner`; oldest first: the eviction candidates */
#define HTTPD_OVERFLOW_SCRATCH 2 /* the output scratch (element 0 of the output pool), taken for good */
#define HTTPD_OVERFLOW_STATES  3

/* An output buffer: the scratch (element 0), or an overflow buffer holding the unsent rest of a partial write. */
typedef struct HTTPD_OUTPUT {
    unsigned owner; /* USED: the id of the connection sending from it */
    unsigned spare; /* keeps data 8-byte aligned */
    char data[HTTPD_OUTPUT_BYTES];
} HTTPD_OUTPUT;

/* A large head buffer (an element of the large head pool, FREE/USED like the overflow buffers). While a connection
 * holds one, all its input goes through it: each read's bytes are moved from the SXE buffer to data[end..] (and
 * consumed there), requests are parsed from data[start..end), and the buffer is given back as soon as it is drained
 * (start == end), the connection lingers or closes (README.md "Large request heads").
 */
typedef struct HTTPD_LARGE {
    unsigned start; /* first unconsumed byte */
    unsigned end;   /* end of the bytes held */
    unsigned owner; /* the id of the connection holding it */
    char data[HTTPD_LARGE_HEAD_BYTES];
} HTTPD_LARGE;

#define HTTPD_CONN_SIZE_MAXIMUM 128 /* bytes per connection of httpd's own state (asserted at compile time) */

/* ---- globals of one serving process -------------------------------------------------------------------- */
typedef struct HTTPD {
    HTTPD_OPTIONS options;
    void *conns; /* pool array of HTTPD_CONN elements, element_size bytes each */
    unsigned element_size;
    unsigned conn_number;  /* elements: connections + 1 (the listener's id) */
    char *out;             /* the output scratch, HTTPD_OUTPUT_BYTES: answers of one read, written at once */
    unsigned out_used;     /* bytes of out[] built and not yet written (0 between callbacks) */
    HTTPD_OUTPUT *outputs; /* pool array: the scratch (element 0) and options.overflows overflow buffers */
    HTTPD_LARGE *larges;   /* pool array of options.large_heads large head buffers (FREE/USED), NULL when none */
    SXE *listener;
    SXE *tls_listener;            /* --tls-port: the HTTPS listener; NULL otherwise */
    SXE_TLS_CONTEXT *tls_context; /* --cert: NULL without TLS */
    int docroot_fd;               /* -1 without -r */
    bool stopping;
    bool access_log; /* -a: requests are logged (the one test the hot path pays when it is off) */
    HTTPD_COUNTERS counters;
    size_t bytes_allocated;
} HTTPD;

extern HTTPD httpd;

static inline HTTPD_CONN *httpd_conn_by_id(unsigned id)
{
    return (HTTPD_CONN *)((char *)httpd.conns + (size_t)id * httpd.element_size);
}

/* httpd-conn.c */
SXE_RETURN httpd_conn_setup(void);     /* create the pool and the listener; logs errors */
void httpd_conn_teardown(void);        /* close everything, free the pool */
void httpd_conn_stop_gracefully(void); /* stop accepting, close idle connections */
unsigned httpd_conn_number_open(void);

/* httpd-tls.c: HTTPS. Each is harmless without --cert. */
#define HTTPD_TLS_ALPN "http/1.1"
bool httpd_tls_option(HTTPD_OPTIONS *options, int option, const char *arg); /* a --cert .. option; false: bad */
const char *httpd_tls_options_check(const HTTPD_OPTIONS *options); /* NULL, or why the TLS options do not fit */
unsigned httpd_tls_listeners(void);         /* objects the listeners of TLS add (a second listener: 1) */
SXE_RETURN httpd_tls_setup(void);           /* after sxe_init(), before the listeners are made; logs errors */
SXE_RETURN httpd_tls_listen(SXE *listener); /* after the -p listener is made, before it listens */
void httpd_tls_started(void);               /* the port file of --tls-port; the start-up line's TLS part */
void httpd_tls_stop_listening(void);        /* graceful stop */
void httpd_tls_teardown(void);              /* after sxe_fini() */
void httpd_tls_log_counters(const char *why);

/* httpd-response.c */
void httpd_response_init(void);
void httpd_response_refresh_second(time_t second); /* the second changed: the Date and the log's time */
extern time_t httpd_response_second;               /* the second of the cached Date */

/* Before answering: cheap unless the loop's cached time entered a new second. */
static inline void httpd_response_refresh_date(double now)
{
    if (SXE_UNLIKELY((time_t)now != httpd_response_second)) {
        httpd_response_refresh_second((time_t)now);
    }
}

unsigned httpd_response_hello(char *out, unsigned size, bool head, int connection);
unsigned httpd_response_error(char *out, unsigned size, unsigned status, bool head, int connection);
const char *httpd_response_date(void);

/* The answers to a file request (-r), into out[size]: the head of a 200 or a 206 (its body follows by sendfile),
 * a 304, a 416 (with "Content-Range: bytes * /SIZE"), or a 301 to `path` + "/" + `query` ("?..." or empty).
 * Each returns the bytes written, 0 when they do not fit.
 */
unsigned httpd_response_file_head(char *out, unsigned size, int connection, const HTTPD_ANSWER *answer, off_t start);
unsigned httpd_response_not_modified(char *out, unsigned size, int connection, const HTTPD_ANSWER *answer);
unsigned httpd_response_range_not_satisfiable(char *out, unsigned size, bool head, int connection, uint64_t length);
unsigned httpd_response_redirect(char *out, unsigned size, bool head, int connection, const char *path,
                                 unsigned path_len, const char *query, unsigned query_len);

/* The body length of an error answer of `status` (what httpd_response_error() puts after the head): for the log. */
unsigned httpd_response_error_body_length(unsigned status);

/* The body length of the hello page. */
unsigned httpd_response_hello_body_length(void);

#define HTTPD_CONNECTION_NONE       0 /* HTTP/1.1 keep-alive: no Connection header */
#define HTTPD_CONNECTION_KEEP_ALIVE 1 /* HTTP/1.0 keep-alive: "Connection: keep-alive" */
#define HTTPD_CONNECTION_CLOSE      2 /* "Connection: close" */

/* httpd-static.c: open the docroot once at start-up; false (errno set) when it cannot be opened. */
bool httpd_static_init(const char *docroot);

/* What a request target maps to under the docroot. */
typedef struct HTTPD_FILE {
    int fd;           /* status 200: the open regular file, or the listing (a memfd); -1 otherwise */
    uint64_t size;    /* ... its length */
    int64_t mtime_ns; /* ... its modification time in nanoseconds since 1970 (1678 to 2262; clamped beyond) */
    uint16_t type;    /* ... its Content-Type (index in the MIME table) */
    bool listing;     /* ... a generated directory listing (-d) */
} HTTPD_FILE;

/* httpd-static.c: map a request target to a file. Returns 200 with *file filled (a directory gives its index.html,
 * or with -d its listing), 301 for a directory named without its trailing slash, or 400/403/404/414/500/503.
 */
unsigned httpd_static_open(const char *target, unsigned target_len, HTTPD_FILE *file);

/* httpd-static.c: split a request target (origin-form or absolute-form) into its path and its query ("?..." or
 * empty), the fragment dropped. An absolute-form target without a path has the path "/".
 */
void httpd_static_target_split(const char *target, unsigned target_len, const char **path, unsigned *path_len,
                               const char **query, unsigned *query_len);

/* httpd-mime.c: the Content-Type table. init: the built-in table of the common web types, plus the entries of a
 * mime.types file (NULL: none) which override them; at start-up only; false (after saying why) when the file cannot
 * be read. type: the index of the type of a file name (by its extension; application/octet-stream when unknown).
 */
bool httpd_mime_init(const char *file);
uint16_t httpd_mime_type(const char *name);
const char *httpd_mime_name(uint16_t type);
void httpd_mime_fini(void);

/* httpd-conditional.c: the validators of a file and the conditional requests and Range (RFC 9110 13 and 14).
 * etag: the file's strong ETag, with its quotes, into out[HTTPD_ETAG_MAXIMUM]; returns its length.
 * evaluate: the status of a GET (or HEAD: no Range) of the file: 412 (If-Match, If-Unmodified-Since), 304
 * (If-None-Match, If-Modified-Since), 206 with *start and *length of the one range asked for (Range, If-Range), 416
 * when that range is unsatisfiable, else 200 (the whole file: *start 0, *length its size). A malformed condition is
 * ignored, as is a Range of several ranges or of an empty file (200, the whole file).
 * parse_date: an HTTP-date in any of its three formats (IMF-fixdate, RFC 850, asctime); false when it is none.
 */
unsigned httpd_etag(char *out, int64_t mtime_ns, uint64_t size);

/* The whole seconds of a time in nanoseconds (rounded down, also before 1970). */
static inline int64_t httpd_seconds_of(int64_t nanoseconds)
{
    return nanoseconds >= 0 ? nanoseconds / 1000000000 : -((-nanoseconds + 999999999) / 1000000000);
}
unsigned httpd_conditional_evaluate(const SXE_HTTP_REQUEST *req, const HTTPD_FILE *file, bool head, uint64_t *start,
                                    uint64_t *length);
bool httpd_parse_date(const char *text, unsigned length, int64_t *when);

/* httpd-listing.c: write the HTML listing of the open directory dir_fd, whose decoded path is `path`, into a new
 * memfd (names HTML-escaped, links percent-encoded, dot files left out, in the file system's order). Returns the
 * memfd with *size set, or -1 with errno set.
 */
int httpd_listing_make(int dir_fd, const char *path, uint64_t *size);

/* httpd-access-log.c: the access log (-a), in the common or combined format, written by a thread from a fixed ring
 * so that a slow disk never blocks the loop: a line that does not fit in the ring is dropped and counted
 * (access_log_dropped). open: in the serving process, at start-up (opens the file, touches the ring, starts the
 * writer); false after saying why. close: the writer writes what is left (for at most HTTPD_ACCESS_LOG_CLOSE_SECONDS)
 * and stops. reopen (SIGHUP): the writer opens the path again (logrotate). tick: the loop's second changed (the
 * cached time of the lines). request: one line for a request (NULL: "-", an error before a request line was read),
 * its status and the body bytes of its answer; refused: the same for a connection refused with 503 (its socket).
 */
#define HTTPD_ACCESS_LOG_BYTES         (1U << 20) /* the ring: lines waiting for the writer */
#define HTTPD_ACCESS_LOG_LINE_MAXIMUM  4608       /* bytes of one line; longer fields are cut */
#define HTTPD_ACCESS_LOG_FLUSH_SECONDS 0.1        /* the writer writes at least this often */
#define HTTPD_ACCESS_LOG_CLOSE_SECONDS 2          /* at exit, the writer's bound on writing what is left */
bool httpd_access_log_open(const char *path, bool common);
void httpd_access_log_close(void);
void httpd_access_log_reopen(void);
void httpd_access_log_tick(time_t now);
void httpd_access_log_request(SXE *sxe, const SXE_HTTP_REQUEST *req, unsigned status, uint64_t bytes);
void httpd_access_log_refused(int fd, unsigned status, uint64_t bytes);
unsigned long long httpd_access_log_lost(void); /* lines the writer could not write (errors): for the counters */

#endif
