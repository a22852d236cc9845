/* pipeline.h: private declarations shared by the pipeline example's sources (not a library header).
 *
 * Layout: pipeline.c (options, start-up, signals, the stop), pipeline-io.c (the I/O threads: connections, HTTP, the
 * hand-off of requests to the stage and of replies back), pipeline-stage.c (the serial stage).
 *
 * The model (README.md explains it with the figures):
 *
 *   I/O thread 0 ─┐  requests (one SXE_RING, several producers)  ┌─ replies (one SXE_RING per I/O thread) ─> thread 0
 *   I/O thread 1 ─┼──────────────────────────────────> serial stage ┼─ ...
 *   I/O thread N ─┘                                               └──────────────────────────────────────> thread N
 *
 * - Each I/O thread runs a lib-sxe of its own on its own loop: its own listener on the shared TCP port
 *   (SO_REUSEPORT: the kernel spreads the connections), its own preallocated connections. Thread 0 also listens on the
 *   unix socket (-u) and hands each connection it accepts there to the I/O threads in turn (sxe_detach(), an adoption
 *   ring per thread, sxe_new_from_fd()).
 * - A connection has at most one request at the stage: the request's head is consumed and the connection paused
 *   (sxe_buf_consume) until its reply is sent, so pipelined requests wait in its buffer and are answered in order.
 * - An I/O thread collects the requests of one loop iteration and hands them to the stage in one batch (an ev_prepare
 *   watcher, just before the loop waits again); the stage takes up to -b requests at once, does the serial work and
 *   numbers each one (X-Sequence: one counter, so the numbers give the order of the serial work), and hands the
 *   replies of a batch to their threads, one batch per thread. Every ring is sized for every request that can be in
 *   flight: a producer never finds one full.
 * - -t 0: no threads; one loop does everything, the serial work inline (the single-threaded baseline).
 */
#ifndef PIPELINE_H
#define PIPELINE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ev.h"
#include "sxe.h"
#include "sxe-http.h"
#include "sxe-log.h"
#include "sxe-ring.h"
#include "sxe-util.h"

/* ---- limits and defaults (examples/pipeline/README.md) -------------------------------------------------- */
#define PIPELINE_IP_DEFAULT          "127.0.0.1"
#define PIPELINE_PORT_DEFAULT        8000
#define PIPELINE_THREADS_DEFAULT     2
#define PIPELINE_THREADS_MAXIMUM     64
#define PIPELINE_CONNECTIONS_DEFAULT 1000 /* per I/O thread */
#define PIPELINE_CONNECTIONS_MAXIMUM 100000
#define PIPELINE_WORK_MAXIMUM        1000000000 /* ns of serial work per request: 1 s */
#define PIPELINE_BATCH_DEFAULT       64
#define PIPELINE_BATCH_MAXIMUM       4096
#define PIPELINE_BUFFER_BYTES        1024 /* input buffer per connection: a request head must fit */
#define PIPELINE_HEADERS_MAXIMUM     32   /* header fields per request (more: 431) */
#define PIPELINE_RESPONSE_MAXIMUM    192  /* bytes of one response (head and body) */
#define PIPELINE_IDLE_SECONDS        10   /* a connection with nothing to do for this long is closed */
#define PIPELINE_STOP_SECONDS        5.0  /* a stop waits this long for the requests in flight */
#define PIPELINE_LISTENERS           2    /* objects per I/O thread beyond -c: the TCP and the unix listener */
#define PIPELINE_DESCRIPTORS_SPARE   64
#define PIPELINE_BODY                "Hello, World!"
#define PIPELINE_EXIT_USAGE          2

typedef enum PIPELINE_ITEM_KIND {
    PIPELINE_ITEM_REQUEST = 1,
} PIPELINE_ITEM_KIND;

/* An element of the rings, both ways: a request to the stage, then its reply back. */
typedef struct PIPELINE_ITEM {
    uint32_t thread;   /* the I/O thread that owns the connection */
    uint32_t conn;     /* SXE_ID of the connection in that thread */
    uint32_t token;    /* the connection's token when the request left: a reply for another is dropped */
    uint32_t kind;     /* PIPELINE_ITEM_KIND */
    uint64_t sequence; /* set by the stage: the request's place in the serial order, from 1 */
} PIPELINE_ITEM;

/* An element of an adoption ring: a unix connection handed from thread 0 to another I/O thread. */
typedef struct PIPELINE_ADOPTION {
    int fd;
} PIPELINE_ADOPTION;

typedef struct PIPELINE_OPTIONS {
    const char *ip;
    const char *portfile;
    const char *unix_path; /* NULL: no unix socket */
    unsigned port;
    unsigned threads; /* 0: inline */
    unsigned connections;
    unsigned work_ns;
    unsigned batch;
    unsigned stage_wait; /* SXE_RING_WAIT_* of the stage's ring */
    unsigned io_wait;    /* SXE_RING_WAIT_* of the I/O threads' rings */
} PIPELINE_OPTIONS;

typedef struct PIPELINE_COUNTERS {
    unsigned long long requests; /* heads parsed and handed on (or, inline, served) */
    unsigned long long answered; /* replies sent */
    unsigned long long dropped;  /* replies that came back for a connection that had closed */
    unsigned long long rejected; /* malformed requests answered 400 (431 for a head too large), then closed */
    unsigned long long adopted;  /* unix connections taken over from thread 0 */
} PIPELINE_COUNTERS;

/* One I/O thread. Fields written by the thread itself are read by the main thread only after pthread_join(). */
typedef struct PIPELINE_IO {
    unsigned index;
    pthread_t thread;
    struct ev_loop *loop;
    SXE_RING *replies;   /* the stage's replies to this thread */
    SXE_RING *adoptions; /* unix connections from thread 0 (NULL without -u) */
    SXE *listener;
    SXE *unix_listener;    /* thread 0 only */
    SXE **objects;         /* by SXE_ID: the connection, or NULL */
    PIPELINE_ITEM *outbox; /* requests of this loop iteration, handed to the stage by the flush */
    unsigned outbox_used;
    unsigned in_flight;    /* requests at the stage */
    unsigned open;         /* connections (listeners not counted) */
    unsigned next_adopter; /* thread 0: the I/O thread that gets the next unix connection */
    unsigned short port;
    bool started_ok;
    bool stopping;
    ev_prepare flush;
    ev_async stop; /* from the main thread: stop (the flag below says so) */
    ev_timer stop_deadline;
    atomic_bool stop_requested;
    PIPELINE_COUNTERS counters;
} PIPELINE_IO;

typedef struct PIPELINE_STAGE {
    pthread_t thread;
    struct ev_loop *loop;
    SXE_RING *requests;
    PIPELINE_ITEM *pending; /* replies of the current batch, grouped by thread: threads x batch */
    unsigned *pending_count;
    uint64_t sequence;
    unsigned long long batches;
    unsigned long long served;
    ev_async keep; /* keeps the loop running until the stop */
    bool started;
    atomic_bool stop_requested;
} PIPELINE_STAGE;

typedef struct PIPELINE {
    PIPELINE_OPTIONS options;
    PIPELINE_IO *io; /* options.threads of them (one when inline) */
    PIPELINE_STAGE stage;
    uint64_t inline_sequence; /* -t 0 */
} PIPELINE;

extern PIPELINE pipeline;

/* pipeline-io.c */
bool pipeline_io_setup(PIPELINE_IO *io);        /* in the thread: lib-sxe, listeners, rings' consumers */
void pipeline_io_finish(PIPELINE_IO *io);       /* in the thread, after its loop returned */
void *pipeline_io_main(void *arg);              /* the thread */
void pipeline_io_request_stop(PIPELINE_IO *io); /* any thread */
void pipeline_work(unsigned ns);                /* the serial work: busy for ns nanoseconds */

/* pipeline-stage.c */
bool pipeline_stage_start(void);
void pipeline_stage_stop(void); /* after every I/O thread stopped */

#endif
