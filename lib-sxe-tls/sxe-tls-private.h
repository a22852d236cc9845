/* sxe-tls-private.h: internals of lib-sxe-tls shared by its sources and its tests. Not installed. */
#ifndef SXE_TLS_PRIVATE_H
#define SXE_TLS_PRIVATE_H

#include <openssl/ssl.h>
#include <pthread.h>

#include "sxe-tls.h"
#include "sxe-transport-private.h"

/* ---- the arena (sxe-tls-arena.c) ---------------------------------------------------------------------------- */
typedef struct SXE_TLS_ARENA SXE_TLS_ARENA;

typedef struct SXE_TLS_ARENA_USAGE {
    size_t bytes; /* the arena */
    size_t used;  /* in blocks in use, headers included */
    size_t peak;
    unsigned blocks;
    unsigned long long failures;
} SXE_TLS_ARENA_USAGE;

bool sxe_tls_arena_allocator_installed(void);   /* false: OpenSSL allocated before this library could route it */
SXE_TLS_ARENA *sxe_tls_arena_new(size_t bytes); /* mapped and touched; NULL when it cannot be had */
void sxe_tls_arena_delete(SXE_TLS_ARENA *arena);
void sxe_tls_arena_register(SXE_TLS_ARENA *arena); /* the arena OpenSSL's frees are matched against (NULL: none) */
SXE_TLS_ARENA *sxe_tls_arena_enter(SXE_TLS_ARENA *arena); /* route this thread's allocations there; returns before */
void sxe_tls_arena_leave(SXE_TLS_ARENA *before);
void sxe_tls_arena_usage(SXE_TLS_ARENA *arena, SXE_TLS_ARENA_USAGE *usage);
size_t sxe_tls_arena_free_bytes(SXE_TLS_ARENA *arena);
void *sxe_tls_arena_malloc(SXE_TLS_ARENA *arena, size_t size); /* direct use (tests) */
void *sxe_tls_arena_realloc(SXE_TLS_ARENA *arena, void *payload, size_t size);
void sxe_tls_arena_free(SXE_TLS_ARENA *arena, void *payload);

/* ---- contexts (sxe-tls-context.c) --------------------------------------------------------------------------- */
struct SXE_TLS_CONTEXT {
    SXE_TRANSPORT_STATE listener; /* what a TLS listener's write watcher points at (ops: sxe_tls_listener_ops) */
    SSL_CTX *ssl_ctx;
    unsigned users;  /* objects using it: it cannot be freed before they are closed */
    unsigned verify; /* SXE_TLS_VERIFY_* */
    bool has_certificate;
    bool resumption;
    bool ktls;
    SXE_TLS_SNI_CALLBACK sni_callback;
    void *sni_arg;
    unsigned char alpn[SXE_TLS_ALPN_MAXIMUM + 1]; /* wire format: length-prefixed names */
    unsigned alpn_length;
    unsigned session_length; /* a client's kept session (i2d_SSL_SESSION), 0 for none */
    unsigned char session[SXE_TLS_SESSION_MAXIMUM];
};

SXE_TLS_CONTEXT *sxe_tls_context_of_listener(SXE *listener);

/* ---- connections (sxe-tls-conn.c) --------------------------------------------------------------------------- */
/* States of the connection pool. */
#define SXE_TLS_STATE_FREE           0
#define SXE_TLS_STATE_NEW            1 /* taken (a client before its connect, an accepted one before a byte came) */
#define SXE_TLS_STATE_WAITING_SERVER 2 /* a server side's handshake waits for its turn (oldest first) */
#define SXE_TLS_STATE_WAITING_CLIENT 3 /* a client side's: the sides wait apart (a process may be its own client) */
#define SXE_TLS_STATE_HANDSHAKE      4
#define SXE_TLS_STATE_OPEN           5 /* handshake done */
#define SXE_TLS_STATE_NUMBER         6

#define SXE_TLS_CONN_SERVER        0x01 /* the server side of the handshake */
#define SXE_TLS_CONN_SHUTDOWN      0x02 /* sxe_shutdown(): close_notify, then shut the socket's write side */
#define SXE_TLS_CONN_SHUTDOWN_DONE 0x04 /* ... done: writes fail */
#define SXE_TLS_CONN_KTLS_TX       0x08 /* the kernel encrypts what is sent */
#define SXE_TLS_CONN_WANT_READ     0x10 /* SSL_read wanted to write: the next write event feeds a read */
#define SXE_TLS_CONN_FAILED        0x20 /* a fatal error: no close_notify */
#define SXE_TLS_CONN_ULP           0x40 /* the TLS ULP is on the socket */

typedef struct SXE_TLS_CONN {
    SXE_TRANSPORT_STATE head; /* ops: sxe_tls_conn_ops */
    SXE *sxe;
    SXE_TLS_CONTEXT *context;
    SSL *ssl;
    unsigned pending;       /* bytes of the record SSL_write left unsent (taken: the next flush sends them) */
    unsigned flags;         /* SXE_TLS_CONN_* */
    unsigned long error;    /* OpenSSL's error behind a failure (0: none) */
    int sys_error;          /* ... or the errno behind it (OpenSSL's error 0) */
    long verify_result;     /* the peer's certificate check (X509_V_OK ...) */
    int ktls_record_type;   /* kTLS: the type of the next record sent through sendmsg (0: application data) */
    double handshake_start; /* loop time */
    double handshake_seconds;
} SXE_TLS_CONN;

extern const SXE_TRANSPORT sxe_tls_conn_ops;
extern const SXE_TRANSPORT sxe_tls_listener_ops;

SXE_TLS_CONN *sxe_tls_conn_of(const SXE *self); /* NULL when `self` has no TLS connection */
SXE_TLS_CONN *sxe_tls_conn_take(SXE *self, SXE_TLS_CONTEXT *context, bool server); /* NULL: none free (counted) */
SXE_RETURN sxe_tls_conn_client_setup(SXE_TLS_CONN *conn, const char *host);
void sxe_tls_conn_start(SXE_TLS_CONN *conn);                  /* start the handshake now, or queue it */
void sxe_tls_conn_cancel_turns(void);                         /* sxe_tls_fini() */
void sxe_tls_conn_fail(SXE_TLS_CONN *conn, const char *what); /* records OpenSSL's error; closes the object */

/* ---- the BIO over lib-sxe's system-call seam (sxe-tls-bio.c) ------------------------------------------------ */
bool sxe_tls_bio_init(void);              /* makes the BIO's method once per process: false when OpenSSL cannot */
BIO *sxe_tls_bio_new(SXE_TLS_CONN *conn); /* NULL when the BIO cannot be made */

/* ---- the module (sxe-tls.c) --------------------------------------------------------------------------------- */
/* Library state. One instance per process, owned by the thread that called sxe_tls_init() (sxe-tls.h, THREADS). */
typedef struct SXE_TLS_GLOBALS {
    unsigned registered; /* connections */
    unsigned handshakes_registered;
    unsigned handshakes_maximum;    /* per side: servers' and clients' handshakes run at most this many at once each */
    unsigned handshakes_running[2]; /* [server] and [client] sides: HANDSHAKE now */
    SXE_TLS_CONN *conns;            /* pool array of `registered` */
    SXE_TLS_ARENA *arena;
    size_t conn_bytes; /* arena bytes reserved per connection and per handshake (sxe_tls_init()) */
    size_t handshake_bytes;
    size_t pool_bytes;           /* sxe_pool_get_allocated_bytes(conns) */
    size_t arena_bytes_override; /* tests: the arena's size instead of the one computed (0: computed) */
    bool ktls_kernel;            /* /proc/sys/net/ipv4/tcp_available_ulp lists "tls" */
    char *bounce;                /* SXE_TLS_BOUNCE_BYTES: sendfile without kTLS reads the file through it */
    SXE_TLS_COUNTERS counters;
    SXE_TLS_CONTEXT *classic; /* sxe_ssl_init()'s context */
    double log_time_refused;
    double log_time_memory;
    pthread_t owner; /* the thread of sxe_tls_init(): the only one whose objects may be TLS (sxe-tls.h, THREADS) */
} SXE_TLS_GLOBALS;

extern SXE_TLS_GLOBALS sxe_tls_globals;

static inline bool sxe_tls_is_initialized(void)
{
    return sxe_tls_globals.conns != NULL;
}

/* True when lib-sxe-tls is initialized by another thread than the caller (logged as `function`). */
bool sxe_tls_is_foreign_thread(const char *function);

/* Around every OpenSSL call on a connection: its allocations come from the arena. */
#define SXE_TLS_ENTER() SXE_TLS_ARENA *sxe_tls_before_ = sxe_tls_arena_enter(sxe_tls_globals.arena)
#define SXE_TLS_LEAVE() sxe_tls_arena_leave(sxe_tls_before_)

bool sxe_tls_rate_limit(double *last);
const char *sxe_tls_error_string(unsigned long error); /* OpenSSL's reason, "" for 0 */

#endif
