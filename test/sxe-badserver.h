/* sxe-badserver.h: a small scripted HTTP server that misbehaves on purpose: a fixture of the load generator's
 * integration tests (test/test-http-badserver.c).
 *
 * The server is plain C (poll, no libsxe, so it tests lib-sxe from the outside), runs in a child started by the
 * harness (sxe_itest_fork() of test/sxe-itest.h: it dies with the test), listens on an ephemeral loopback port, frames
 * requests by their empty line and, when their head has a Content-Length, by their body (pipelining works), and counts
 * what it saw; it reports the last request head too. It exits by itself after SXE_BADSERVER_LIFETIME seconds if a
 * test forgets to stop it.
 */
#ifndef SXE_BADSERVER_H
#define SXE_BADSERVER_H

#include <stdbool.h>
#include <sys/types.h>

#define SXE_BADSERVER_LIFETIME 60   /* seconds: the child exits on its own after this */
#define SXE_BADSERVER_CLIENTS  2048 /* connections open at once; more wait in the listen backlog */
#define SXE_BADSERVER_HEAD_MAX 1024 /* bytes of a request head kept (the last one is reported) */

typedef enum SXE_BADSERVER_MODE {
    SXE_BADSERVER_OK = 0,           /* 200, Content-Length body "hello", keep-alive */
    SXE_BADSERVER_CHUNKED,          /* 200 with a chunked body (two chunks and a trailer), written in pieces */
    SXE_BADSERVER_CONNECTION_CLOSE, /* 200 with "Connection: close", then closes: one response per connection */
    SXE_BADSERVER_CLOSE_DELIMITED,  /* 200 without Content-Length or chunked: the body ends when the server closes */
    SXE_BADSERVER_STATUS_500,       /* 500 with a Content-Length body, keep-alive */
    SXE_BADSERVER_GARBAGE,          /* answers bytes that are not HTTP */
    SXE_BADSERVER_CLOSE_EARLY,      /* reads a request, closes without answering */
    SXE_BADSERVER_SILENT,           /* reads requests, never answers (a stalled server) */
    SXE_BADSERVER_RESET,            /* reads a request, resets the connection (SO_LINGER 0) */
    SXE_BADSERVER_DRIBBLE,          /* a "100 Continue" head then the response, one byte per write */
    SXE_BADSERVER_CLOSE_AFTER_N,    /* answers `param` requests per connection normally, then closes silently */
    SXE_BADSERVER_DELAY,            /* answers each request `param` milliseconds after it arrived */
    SXE_BADSERVER_HEAD_TOO_LARGE,   /* a response head larger than any client buffer (never ends) */
    SXE_BADSERVER_EXPECT, /* 200 when the request head starts "GET /probe HTTP/1.1" and has "X-Test: yes", else 404 */
    SXE_BADSERVER_TLS,    /* answers a request with a TLS alert record (what an https port does), then closes */
} SXE_BADSERVER_MODE;

typedef struct SXE_BADSERVER {
    pid_t pid;           /* the server's process */
    unsigned short port; /* its loopback port */
    int report_fd;       /* read end of the pipe the counts come back through */
} SXE_BADSERVER;

typedef struct SXE_BADSERVER_COUNTS {
    unsigned long long connections;             /* accepted */
    unsigned long long requests;                /* complete request heads received */
    unsigned long long responses;               /* complete final responses written */
    unsigned long long body_bytes;              /* request body bytes received (framed by the heads' Content-Length) */
    char last_head[SXE_BADSERVER_HEAD_MAX + 1]; /* the last complete request head, NUL terminated (cut if longer) */
} SXE_BADSERVER_COUNTS;

/* Starts a server in `mode` (param: see the modes) on 127.0.0.1, an ephemeral port. Returns false (and prints why)
 * when it could not. The caller must call sxe_badserver_stop().
 */
bool sxe_badserver_start(SXE_BADSERVER *server, SXE_BADSERVER_MODE mode, unsigned param);

/* Stops the server (SIGTERM), collects its counts into *counts (may be NULL) and waits for it (killing it when it
 * does not exit in time). Returns false when the counts could not be read.
 */
bool sxe_badserver_stop(SXE_BADSERVER *server, SXE_BADSERVER_COUNTS *counts);

#endif
