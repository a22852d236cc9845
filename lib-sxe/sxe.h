/* sxe.h: libsxe connection layer: TCP (IPv4 and IPv6), UDP and unix-domain stream sockets on libev, with fixed
 * memory, timers and deferred work. See lib-sxe/README.md for the model and the rules in full.
 *
 * Fixed memory: every SXE object comes from one pool allocated once by sxe_init() (objects, their input
 * buffers and the callers' extra bytes in a single allocation). Nothing is allocated per connection, per read or
 * per write afterwards. Watchers (ev_io) are embedded in the objects. Everything runs on one libev loop: libev's
 * default loop (ev_default_loop(0)) unless the thread gave lib-sxe another (sxe_set_loop(); THREADS below).
 *
 * The rules (each one documented in full in README.md and tested in lib-sxe/test/):
 * - CLOSE RULE: on_close is called exactly once when the PEER closes (end of file), a read error occurs, a
 *   non-blocking connect fails or times out, or the idle timeout fires. SXE_CLOSE_REASON(this) tells which.
 *   During on_close the object, its buffer and its socket are still valid (a final sxe_write is possible after a
 *   peer half-close); when on_close returns the library closes the socket and frees the object. A local
 *   sxe_close() never calls on_close. Calling sxe_close() from inside any callback (including on_close) is safe.
 *   A constructor called from on_close when every other object is in use takes the object being closed (it is closed
 *   at that moment, then handed out): a classic client with a pool sized exactly reconnects from on_close (classic
 *   SXE freed the object before on_close). The new object may then be `this` itself: read what on_close needs from
 *   `this` before calling the constructor.
 *   SXE_CLOSE_ERRNO(this) is the errno behind the close (0 when there was none: end of file, idle timeout).
 *   Closing an object that is already free logs a warning and returns SXE_RETURN_WARN_ALREADY_CLOSED.
 * - COMPLETION RULE (sxe_send, sxe_send_buffers; sxe_sendfile differs, see there): SXE_RETURN_OK means everything
 *   was sent at once and on_complete is NOT called. SXE_RETURN_WARN_IN_PROGRESS means the rest is sent as the socket
 * drains and on_complete is called exactly once later, with SXE_RETURN_OK, SXE_RETURN_ERROR_NO_CONNECTION when the peer
 * is gone (the send failed with ECONNRESET, ECONNREFUSED, ENOTCONN or EPIPE) or the object is closed first (by
 * sxe_close(): from inside sxe_close(); by the peer or an error: just before on_close), or
 * SXE_RETURN_ERROR_WRITE_FAILED for any other failure. Any other return is an immediate error and on_complete is not
 * called. One send at a time per object: sxe_send/sxe_sendfile/sxe_write while a send is pending return
 * SXE_RETURN_ERROR_BAD_STATE. A final send is allowed during on_close (and from an on_complete called before on_close):
 * if it is still pending when on_close returns, its on_complete is called with SXE_RETURN_ERROR_NO_CONNECTION before
 * the object is freed. Once sxe_close() has started (including the on_complete it calls, and the end of a peer close
 * after on_close returned), sxe_send/sxe_sendfile return SXE_RETURN_ERROR_NO_CONNECTION at once and send nothing, so no
 * send can outlive its object. Reading continues while a send is pending. If the peer half-closes while a send is
 * pending, the send is finished first (on_complete), then on_close is called.
 * - BUFFER-FULL RULE: the input buffer (sxe_set_buffer_size(), default SXE_BUFFER_SIZE_DEFAULT) accumulates
 *   unconsumed data. When it is full after a read callback returns, the library stops reading the socket (TCP
 *   then pushes back on the peer); reading restarts as soon as the application discards or clears (sxe_buf_discard,
 *   sxe_buf_clear, SXE_BUF_CLEAR; sxe_buf_consume too, once sxe_buf_resume() ends the pause it starts), possibly
 *   later from a timer or deferred callback. No read callback is lost.
 * - HALF-CLOSE: by default the peer's end of file leads to on_close (above). With sxe_set_half_close(this, true)
 *   (inherited by accepted connections), the end of file instead stops reading, sets SXE_IS_PEER_CLOSED(this),
 *   and calls on_read(this, 0) once; the object stays open so the application can still sxe_write/sxe_send its
 *   reply, and it must call sxe_close() itself (on_close is not called for that end of file).
 *   A re-delivery queued by sxe_buf_resume(this, SXE_BUF_RESUME_IMMEDIATE) is never overtaken by the end of file:
 *   if the end of file is read first, the buffered data is re-delivered (on_read(this, SXE_BUF_USED(this)), with
 *   SXE_IS_PEER_CLOSED already true) just before the end of file is reported (on_read(this, 0) or on_close).
 * - IDLE TIMEOUT: sxe_set_idle_timeout(this, seconds) (accepted connections inherit the listener's): when an
 *   established connection has no activity (data received, or progress of a pending send: bytes handed to the
 *   kernel, or on TCP bytes the peer acknowledged, see sxe_get_bytes_acknowledged()) for that long,
 *   on_close is called with SXE_CLOSE_REASON == SXE_RETURN_ERROR_TIMEOUT and the object is freed. Built on pool
 *   state timeouts: O(1), one timer for the pool, at most SXE_TIMEOUT_CLASSES_MAXIMUM distinct timeout values (idle and
 * connect together) in use at a time.
 *
 * - THREADS: lib-sxe is per thread. Every thread that calls sxe_register() and sxe_init() has a lib-sxe of its own,
 *   with the same API: its own loop, pool of objects, registrations and settings, counters, timers and deferred work.
 *   A program with one thread has one, as before, and pays nothing for the others (README.md "Threads"). An object
 *   belongs to the thread whose sxe_init() made it: call this header's functions on it from that thread only (from
 *   another thread, a function that checks the object against the pool refuses it, logged; the hot paths -- sxe_write,
 *   sxe_send*, sxe_buf_*, sxe_pause, sxe_buf_resume, sxe_notify_writable -- do not check, and must not be called so).
 *   Objects never move by themselves: sxe_detach() and sxe_new_from_fd() hand a connection (its descriptor and its
 *   unconsumed input) to another thread explicitly; sxe-ring.h carries work between threads. At most one thread's
 *   lib-sxe runs on the default loop; every other gives sxe_set_loop() a loop of its own (ev_loop_new()) and runs it.
 *
 * - MISUSE RULE: no function here crashes when given NULL -- e.g. a failed constructor's result, as in
 *   sxe_listen(sxe_new_tcp(NULL, "localhost", 8000, ...)): "localhost" is not a literal, so sxe_new_tcp() returns
 *   NULL -- or an object in the wrong state. An object argument that is NULL or not one of the pool's objects is
 *   logged at level 2, naming the function, and refused with SXE_RETURN_ERROR_BAD_PARAMETER; a free object (closed,
 *   or never created) is logged at level 3 and refused with SXE_RETURN_ERROR_BAD_STATE, unless the function says
 *   otherwise (sxe_close: SXE_RETURN_WARN_ALREADY_CLOSED; writes and sends: SXE_RETURN_ERROR_NO_CONNECTION). A
 *   function without a result logs and does nothing; one returning a pointer returns NULL; getters return 0 or "".
 *   Each function below says what it does. The hot paths pay a NULL test (and a one-byte test) for it, and log only
 *   on the error branch.
 *
 * Classic SXE programs include "ev.h", "sxe.h", "sxe-log.h", "sxe-util.h", "sxe-pool.h" and build unchanged. Like the
 * classic header, this one includes "ev.h", "sxe-socket.h" (the socket headers: <arpa/inet.h> <netdb.h> <errno.h>
 * <sys/socket.h> <netinet/in.h>), "sxe-list.h", "sxe-util.h" and "sxe-log.h", and the system headers the classic one
 * gave through its mock layer (<fcntl.h> <stdio.h> <stdlib.h> <sys/sendfile.h> <sys/stat.h> <sys/time.h> <unistd.h>
 * <syslog.h>).
 * Every difference from the classic library is one line of PORTING.md.
 */
#ifndef SXE_H
#define SXE_H

#include <fcntl.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "ev.h"
#include "sxe-list.h"
#include "sxe-log.h"
#include "sxe-pool.h"
#include "sxe-socket.h"
#include "sxe-util.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- limits (named constants; see README.md "Limits") ----------------------------------------------------- */
#define SXE_BUFFER_SIZE_DEFAULT     1500                    /* classic input buffer size per object, bytes */
#define SXE_BUF_SIZE                SXE_BUFFER_SIZE_DEFAULT /* classic name: the buffer size unless set otherwise */
#define SXE_BUFFER_SIZE_MINIMUM     16                      /* sxe_set_buffer_size() range */
#define SXE_BUFFER_SIZE_MAXIMUM     (1U << 24)
#define SXE_ACCEPT_BATCH_MAXIMUM    32                     /* accepts per listener per loop iteration */
#define SXE_UDP_READ_BATCH_MAXIMUM  16                     /* datagrams per UDP object per loop iteration */
#define SXE_LISTEN_BACKLOG_DEFAULT  SOMAXCONN              /* backlog of sxe_listen() (see sxe_set_listen_backlog()) */
#define SXE_TIMEOUT_CLASSES_MAXIMUM 8                      /* distinct idle/connect timeout values in use at once */
#define SXE_ACCEPT_BACKOFF_SECONDS  0.1                    /* listener pause when out of descriptors and no reserve */
#define SXE_EXTRA_ALIGNMENT         16                     /* SXE_EXTRA(this) is aligned to this many bytes */
#define SXE_ADDRESS_STRING_MAXIMUM  (INET6_ADDRSTRLEN + 8) /* sxe_peer_addr_string() size for IP peers */
#define SXE_UNIX_PATH_MAXIMUM       (sizeof(((struct sockaddr_un *)0)->sun_path) - 1) /* 107 bytes on Linux */
#define SXE_UNIX_PATHS_MAXIMUM      16 /* distinct unix-domain paths in use at once (shared by objects) */
#define SXE_HANDOFFS_MAXIMUM        16 /* received descriptors waiting at once for their pipe to drain (hand-offs) */
#define SXE_STRIDE_ALIGNMENT        16 /* objects (header + extra + buffer) start on multiples of this */
#define SXE_WARM_DESCRIPTORS_MARGIN 16 /* descriptors warmed by sxe_init() beyond one per object (README "Memory") */

/* Classic object flags, readable in SXE_FLAGS(this) with their classic meaning. SXE_FLAG_IS_ONESHOT is also the classic
 * flag of sxe_listen_plus(); libsxe's listen flags below use other bits.
 */
#define SXE_FLAG_IS_STREAM       0x00000001 /* a TCP or unix-domain stream object */
#define SXE_FLAG_IS_ONESHOT      0x00000002 /* a one-shot listener (sxe_listen_oneshot()) */
#define SXE_FLAG_IS_CALLER_READS 0x00000004 /* classic, never set: libsxe always reads for the caller */
#define SXE_FLAG_IS_PAUSED       0x00000008 /* on_read is held back until sxe_buf_resume() (sxe_pause, sxe_buf_consume) */

/* The classic address string meaning "any local address" (0.0.0.0), accepted by every constructor. */
#define SXE_IP_ADDR_ANY "INADDR_ANY"

/* sxe_listen_plus() / sxe_listen_with_backlog() flags */
#define SXE_LISTEN_FLAG_REUSEPORT 0x100 /* SO_REUSEPORT: several processes listen on one port */
#define SXE_LISTEN_FLAG_DEFER_ACCEPT                                                                                   \
    0x200                          /* client-speaks-first protocols: TCP_DEFER_ACCEPT on TCP listeners (the            \
                                    * kernel hands over a connection once its first data arrived, or after             \
                                    * about SXE_DEFER_ACCEPT_SECONDS), and each accepted stream connection             \
                                    * is read at once (on_read right after on_connected), before it is                 \
                                    * registered with the loop: one closed in that on_read costs no epoll_ctl */
#define SXE_DEFER_ACCEPT_SECONDS 1 /* TCP_DEFER_ACCEPT value set by SXE_LISTEN_FLAG_DEFER_ACCEPT */

typedef struct SXE SXE;

/* Classic: a buffer of caller memory in an SXE_LIST, for sxe_send_buffers(). `ptr` and `len` are the data, `sent` how
 * much of it went out (advanced by sxe_send_buffers()). Build them with sxe_buffer_construct() or
 * sxe_buffer_construct_const() and the list with sxe_buffer_list_construct(); nothing is allocated.
 */
typedef struct SXE_BUFFER {
    SXE_LIST_NODE node;
    char *ptr;
    unsigned len;
    unsigned sent;
    char space[1]; /* classic: room for inline storage in larger allocations */
} SXE_BUFFER;

#define SXE_SEND_BUFFERS_IOV_MAXIMUM 16 /* buffers gathered by one sendmsg(2) of sxe_send_buffers() */

/* `size` (classic) is not used: the buffer holds `length` bytes at `memory`. */
static inline void sxe_buffer_construct(SXE_BUFFER *buffer, char *memory, unsigned length, unsigned size)
{
    (void)size;
    buffer->node.next = buffer->node.prev = NULL;
    buffer->node.id = 0;
    buffer->ptr = memory;
    buffer->len = length;
    buffer->sent = 0;
}

static inline void sxe_buffer_construct_const(SXE_BUFFER *buffer, const char *memory, unsigned length)
{
    sxe_buffer_construct(buffer, SXE_CAST_NOCONST(char *, memory), length, length);
}

static inline void sxe_buffer_list_construct(SXE_LIST *list)
{
    SXE_LIST_CONSTRUCT(list, 0, SXE_BUFFER, node);
}

/* sxe_buf_resume(): what to do with data already buffered when reading resumes (classic names). */
typedef enum SXE_BUF_RESUME {
    SXE_BUF_RESUME_IMMEDIATE,      /* re-deliver on_read(this, SXE_BUF_USED(this)) from the loop if data is buffered */
    SXE_BUF_RESUME_WHEN_MORE_DATA, /* just resume reading: the next on_read comes when more data arrives */
} SXE_BUF_RESUME;

/* Callbacks. The object (`self` in the prototypes below, which C++ can compile; classic C code names it `this`, which
 * the rules above and the macros use) is valid for the whole callback. on_read: `length` is the number of bytes that
 * just arrived (0 only for the half-close end-of-file notice, see above; a re-delivery after sxe_buf_resume() passes
 * SXE_BUF_USED(this)).
 */
typedef void (*SXE_IN_EVENT_CONNECTED)(SXE *self);
typedef void (*SXE_IN_EVENT_READ)(SXE *self, int length);
typedef void (*SXE_IN_EVENT_CLOSE)(SXE *self);
typedef void (*SXE_OUT_EVENT_WRITTEN)(SXE *self, SXE_RETURN final_result);

/* Called when a connection arriving on `listener` is refused: the pool is exhausted, or the process is out of
 * descriptors (EMFILE/ENFILE: the connection is shed with the reserve descriptor, see sxe_listen()). `fd` is the
 * accepted non-blocking socket: the hook may send() a short reply (e.g. "HTTP/1.1 503 ...") but must not close or
 * keep it; the library closes it when the hook returns.
 */
typedef void (*SXE_REFUSED_HOOK)(SXE *listener, int fd);

/* ---- timers and deferred work (no allocation: embed these in your own structs) ---------------------------- */
typedef struct SXE_TIMER SXE_TIMER;
typedef void (*SXE_TIMER_CALLBACK)(SXE_TIMER *timer, void *arg);

struct SXE_TIMER { /* fields are private */
    ev_timer watcher;
    SXE_TIMER_CALLBACK callback;
    void *arg;
};

typedef struct SXE_DEFERRED SXE_DEFERRED;
typedef void (*SXE_DEFERRED_CALLBACK)(void *arg);

struct SXE_DEFERRED { /* fields are private */
    SXE_DEFERRED *next;
    SXE_DEFERRED *prev;
    SXE_DEFERRED_CALLBACK callback;
    void *arg;
    unsigned queued;
};

/* ---- the connection object ------------------------------------------------------------------------------- */
/* An IP address (IPv4 or IPv6): 28 bytes. Unix-domain paths are not kept here but in a small table shared by all
 * objects (SXE_UNIX_PATHS_MAXIMUM distinct paths in use at once; see sxe_new_unix() and README.md "Memory"): a
 * unix object's SXE_SOCKADDR holds only sa_family == AF_UNIX.
 */
typedef union SXE_SOCKADDR {
    struct sockaddr sa;
    struct sockaddr_in in;
    struct sockaddr_in6 in6;
} SXE_SOCKADDR;

typedef enum SXE_KIND {
    SXE_KIND_TCP = 1,
    SXE_KIND_UDP,
    SXE_KIND_UNIX,
} SXE_KIND;

/* All fields are READ-ONLY for applications (use the macros and functions below); user_data is the exception.
 * Laid out without padding on LP64 (pointers, then 32-bit fields, then bytes, then the embedded structs):
 * sizeof(SXE) is 304 bytes there (README.md "Memory").
 */
struct SXE {
    ev_io io_read; /* embedded watchers: never allocated */
    ev_io io_write;
    char *in_buf; /* this object's input buffer, inside the pool allocation */
    SXE_IN_EVENT_CONNECTED on_connected;
    SXE_IN_EVENT_READ on_read;
    SXE_IN_EVENT_CLOSE on_close;
    union {
        void *as_ptr;    /* SXE_USER_DATA(this) */
        intptr_t as_int; /* SXE_USER_DATA_AS_INT(this): the same storage, as an integer (classic) */
    } user_data;         /* the application's, inherited on accept */
    SXE *parent;         /* listener that accepted this one (or the `parent` argument) */
    /* anonymous unions (C11 and C++): __extension__ keeps -std=c99 -pedantic quiet */
    __extension__ union {
        const char *send_buf;   /* pending sxe_send() (sendfile_fd < 0) */
        off_t *sendfile_offset; /* pending sxe_sendfile() (sendfile_fd >= 0) */
        SXE_LIST *send_list;    /* pending sxe_send_buffers() */
    };
    __extension__ union {
        SXE_OUT_EVENT_WRITTEN on_complete; /* connections: the pending send's completion */
        SXE_REFUSED_HOOK on_refused;       /* listeners only (a listener never sends) */
    };
    unsigned in_total;          /* bytes in in_buf (consumed and not) */
    unsigned in_consumed;       /* bytes at the start of in_buf already consumed */
    int sock;                   /* -1 when no socket */
    unsigned flags;             /* SXE_FLAG_* (private) */
    unsigned id;                /* index in the pool */
    unsigned generation;        /* incremented at every close (detects a close inside callbacks) */
    unsigned last_write_length; /* SXE_LAST_WRITE_LENGTH(this) */
    SXE_RETURN close_reason;    /* SXE_CLOSE_REASON(this) */
    __extension__ union {
        int close_errno;     /* SXE_CLOSE_ERRNO(this): set by a close or a failed send before it is read */
        unsigned send_acked; /* idle timeout and a pending send: the peer's acknowledged bytes (low 32 bits) at the
                              * last check (sxe-timeout.c) */
    };
    unsigned send_left;          /* bytes still to send */
    int sendfile_fd;             /* pending sxe_sendfile(), -1 for none */
    unsigned char kind;          /* SXE_KIND */
    unsigned char idle_class;    /* timeout class + 1, 0 = none */
    unsigned char connect_class; /* timeout class + 1, 0 = none */
    unsigned char unix_path;     /* unix objects: entry of the path table + 1, 0 = none */
    SXE_DEFERRED deferred;       /* re-delivery after sxe_buf_resume() or a failed connect */
    SXE_SOCKADDR local_addr;     /* address given at creation, or bound (port filled lazily) */
    SXE_SOCKADDR peer_addr;      /* peer (TCP/unix) or sender of the last datagram (UDP) */
};

/* ---- accessors (classic macros) --------------------------------------------------------------------------- */
#define SXE_ID(this)               ((this)->id)               /* 0 <= id < number registered */
#define SXE_USER_DATA(this)        ((this)->user_data.as_ptr) /* lvalue void * */
#define SXE_USER_DATA_AS_INT(this) ((this)->user_data.as_int) /* lvalue intptr_t: the same storage */
#define SXE_EVENT_READ(this)       ((this)->on_read)          /* lvalue: the object's on_read (classic) */
#define SXE_EVENT_CLOSE(this)      ((this)->on_close)         /* lvalue: the object's on_close (classic) */
#define SXE_FLAGS(this)            ((this)->flags)            /* SXE_FLAG_IS_* (and others, private) */
#define SXE_PEER_ADDR(this)        (&(this)->peer_addr.in)    /* struct sockaddr_in * (IPv4 view) */
#define SXE_PEER_ADDR6(this)       (&(this)->peer_addr.in6)   /* struct sockaddr_in6 * (IPv6 view) */
#define SXE_PEER_SOCKADDR(this)                                                                                        \
    (&(this)->peer_addr.sa)                                    /* struct sockaddr *; check sa_family                   \
                                                                * (AF_UNIX: family only, no path) */
#define SXE_PEER_FAMILY(this) ((this)->peer_addr.sa.sa_family) /* AF_INET, AF_INET6, AF_UNIX, 0 = none */
#define SXE_PEER_PORT(this)                                    /* same offset for IPv6; 0 for unix */                  \
    ((this)->peer_addr.sa.sa_family == AF_UNIX ? 0 : ntohs((this)->peer_addr.in.sin_port))
#define SXE_LOCAL_PORT(this)        sxe_get_local_port(this)
#define SXE_LOCAL_ADDR(this)        sxe_get_local_addr(this)
#define SXE_FD(this)                ((this)->sock)
#define SXE_EXTRA(this)             ((void *)((char *)(this) + SXE_OBJECT_SIZE))
#define SXE_LAST_WRITE_LENGTH(this) ((this)->last_write_length)
#define SXE_CLOSE_REASON(this)      ((this)->close_reason)
/* The errno of the system error behind a close or a failed send, valid during on_close and during an on_complete
 * called with an error (and the on_close that may follow it). 0 when there was no system error: end of file, idle
 * timeout. Values: a failed recv (reason SXE_RETURN_ERROR_NO_CONNECTION for ECONNRESET, ECONNREFUSED, ENOTCONN and
 * EPIPE, as classic; SXE_RETURN_ERROR_READ_FAILED for the others, e.g. ETIMEDOUT); a failed connect, at once or later
 * (ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, ...); a connect timeout: ETIMEDOUT; a failed pending send/sendfile (EPIPE,
 * ECONNRESET, ...; ENODATA for a file shorter than announced). An end of file read while a send was pending that then
 * failed keeps that send's errno.
 */
#define SXE_CLOSE_ERRNO(this)     ((this)->close_errno)
#define SXE_IS_PEER_CLOSED(this)  (((this)->flags & SXE_FLAG_PEER_CLOSED) != 0)
#define SXE_IS_SEND_PENDING(this) (((this)->flags & SXE_FLAG_SEND_PENDING) != 0)

/* Size of the object header; the caller's extra bytes start right after it (aligned to SXE_EXTRA_ALIGNMENT). */
#define SXE_OBJECT_SIZE (((sizeof(SXE) + SXE_EXTRA_ALIGNMENT - 1) / SXE_EXTRA_ALIGNMENT) * SXE_EXTRA_ALIGNMENT)

/* Flags readable through the macros above (others are private). */
#define SXE_FLAG_PEER_CLOSED  0x0010
#define SXE_FLAG_SEND_PENDING 0x0020

/* ---- input buffer --------------------------------------------------------------------------------------- */
/* SXE_BUF points into the object's fixed buffer; it and pointers derived from it (e.g. SXE_BUF_STRNSTR results) are
 * valid until the next callback on this object (consumed space is reclaimed before the next recv).
 */
#define SXE_BUF(this)                ((this)->in_buf + (this)->in_consumed)   /* unconsumed data */
#define SXE_BUF_USED(this)           ((this)->in_total - (this)->in_consumed) /* its length */
#define SXE_BUF_CAPACITY(this)       sxe_get_buffer_size()                    /* the size of every object's buffer */
#define SXE_BUF_CLEAR(this)          sxe_buf_clear(this)
#define SXE_BUF_STRNSTR(this, s)     sxe_strnstr(SXE_BUF(this), (s), SXE_BUF_USED(this))
#define SXE_BUF_STRNCASESTR(this, s) sxe_strncasestr(SXE_BUF(this), (s), SXE_BUF_USED(this))

/* Classic: write or send a string literal. */
#define SXE_WRITE_LITERAL(this, literal)        sxe_write((this), (literal), SXE_LITERAL_LENGTH(literal))
#define SXE_SEND_LITERAL(this, literal, on_end) sxe_send((this), (literal), SXE_LITERAL_LENGTH(literal), (on_end))

/* I-suffix log macros log the id of the `this` in scope. */
#ifdef SXE_LOG_THIS_ID
#undef SXE_LOG_THIS_ID
#endif
#define SXE_LOG_THIS_ID(this) ((this) != NULL ? SXE_ID(this) : SXE_LOG_NO_ID)

/* ---- counters ------------------------------------------------------------------------------------------- */
typedef struct SXE_COUNTERS {
    unsigned long long accepted;               /* connections accepted into an object */
    unsigned long long refused_pool_exhausted; /* connections accepted and closed: no free object */
    unsigned long long refused_out_of_files;   /* connections shed or deferred because of EMFILE/ENFILE */
    unsigned long long connect_failed;         /* sxe_connect() attempts that ended in on_close */
    unsigned long long timeouts;               /* idle and connect timeouts fired */
    unsigned long long bytes_in;               /* bytes received (all objects) */
    unsigned long long bytes_out;              /* bytes sent (write, send, sendfile, write_to) */
    unsigned open_now;                         /* objects in use now */
    unsigned open_peak;                        /* most objects in use at once since sxe_init() */
} SXE_COUNTERS;

/* ---- life cycle ----------------------------------------------------------------------------------------- */

/* Before sxe_init(): declare that a module needs `number` objects with `extra_size` bytes of caller space each.
 * The pool holds the sum of the numbers; every object gets the largest extra_size registered, reachable with
 * SXE_EXTRA(this) (aligned to SXE_EXTRA_ALIGNMENT, zeroed at sxe_init(), NOT cleared between connections).
 * Ignored (logged at level 3) after sxe_init(). sxe_fini() resets the registrations to zero.
 */
void sxe_register(unsigned number, unsigned extra_size);

/* Before sxe_init(): size in bytes of each object's input buffer (default SXE_BUFFER_SIZE_DEFAULT, kept across
 * sxe_fini()). Returns SXE_RETURN_ERROR_BAD_STATE after sxe_init(), SXE_RETURN_ERROR_BAD_PARAMETER outside
 * [SXE_BUFFER_SIZE_MINIMUM, SXE_BUFFER_SIZE_MAXIMUM].
 */
SXE_RETURN sxe_set_buffer_size(unsigned bytes);
unsigned sxe_get_buffer_size(void);

/* Before sxe_init(): how many descriptor numbers sxe_init() warms libev up for (see sxe_init()). 0, the default,
 * means one per object plus SXE_WARM_DESCRIPTORS_MARGIN; more is capped at two per object plus the margin (the
 * warm-up's watchers are the objects' own two). A daemon whose connections may each hold another descriptor (a
 * static file server with sendfile) asks for two per object. Kept across sxe_fini().
 */
void sxe_set_warm_descriptors(unsigned descriptors);

/* Allocate the pool (one allocation, every page of it touched now) on this thread's loop (sxe_set_loop(), else libev's
 * default loop), warm libev up, open a
 * reserve descriptor (for EMFILE) and ignore SIGPIPE (sendfile cannot be told MSG_NOSIGNAL; sends use MSG_NOSIGNAL
 * anyway). Resets the counters.
 * Warm-up (fixed memory beyond the pool): libev grows its per-descriptor arrays with realloc the first time it sees
 * a descriptor number (or that many ready descriptors at once). So sxe_init() duplicates one eventfd onto the next
 * (objects + SXE_WARM_DESCRIPTORS_MARGIN, or sxe_set_warm_descriptors()) free descriptor numbers (fewer when
 * RLIMIT_NOFILE stops it: no descriptor above the limit can exist), watches them all (the watchers are the still unused
 * objects' own), lets libev see them all ready at once, then stops and closes them and calls malloc_trim(0). The loop
 * runs a few non-blocking iterations meanwhile WITHOUT invoking any callback: events of watchers the application
 * started earlier stay pending for its own ev_run. Raise RLIMIT_NOFILE before sxe_init(). Cost: about 2.5 us per
 * descriptor (README.md "Memory").
 * When the program has not made libev's default loop yet, sxe_init() makes it without letting libev take SIGCHLD, as
 * classic SXE did: the program's own waitpid() sees its children (libev's ev_child watchers then need the program to
 * make the default loop itself first, e.g. with ev_default_loop(0) before sxe_init()).
 * Returns SXE_RETURN_OK; SXE_RETURN_WARN_ALREADY_INITIALIZED; SXE_RETURN_ERROR_BAD_PARAMETER when nothing was
 * registered; SXE_RETURN_ERROR_BAD_STATE (logged) when this thread would run on the default loop and another thread's
 * lib-sxe already does; SXE_RETURN_ERROR_OUT_OF_MEMORY (logged).
 */
SXE_RETURN sxe_init(void);

/* Before sxe_init(): the libev loop this thread's lib-sxe runs on -- its objects' watchers, its timers (the classic
 * ones too), its deferred work, and the timers of the pools this thread makes from sxe_init() on (lib-sxe's own
 * included: sxe_pool_set_thread_loop()). NULL, the default, means libev's default loop. A thread other than the one
 * running the default loop makes a loop (ev_loop_new(EVFLAG_AUTO)), gives it here, calls sxe_init() and runs it
 * (ev_run(loop, 0)) in that thread; after sxe_fini(), which forgets it, the loop is the thread's to destroy. Returns
 * SXE_RETURN_OK, or SXE_RETURN_ERROR_BAD_STATE (logged) after sxe_init().
 */
SXE_RETURN sxe_set_loop(struct ev_loop *loop);

/* The loop of this thread's lib-sxe: from sxe_init() to sxe_fini() the loop it runs on; before, the one given to
 * sxe_set_loop(), else libev's default loop (made when needed, as ev_default_loop(0)). Timers of sxe_timer_* use it.
 */
struct ev_loop *sxe_get_loop(void);

/* Exact number of bytes lib-sxe allocated at sxe_init(): the pool's single mapping (its headers, per-element state
 * and list links, the objects, their extra bytes and their input buffers). The kernel maps whole pages: at most
 * one page more is resident. Not included: libev's own arrays (fixed by the warm-up, see sxe_init()) and static
 * data. 0 before sxe_init() and after sxe_fini().
 */
size_t sxe_get_allocated_bytes(void);

/* Close every object still in use (no callbacks are called, except pending sends' on_complete with
 * SXE_RETURN_ERROR_NO_CONNECTION), cancel the library's watchers, free the pool and the reserve descriptor.
 * Timers and deferred items owned by the application are the application's to stop. sxe_register() and
 * sxe_init() may be called again afterwards. Returns SXE_RETURN_OK, or SXE_RETURN_ERROR_NOT_INITIALIZED (harmless,
 * not logged) when not initialized.
 */
SXE_RETURN sxe_fini(void);

/* Number of objects in use (not free). Tests end by checking it is 0. */
unsigned sxe_get_number_in_use(void);

/* Classic counters: objects free and in use (their sum is the number registered); 0 before sxe_init(). */
unsigned sxe_diag_get_free_count(void);
unsigned sxe_diag_get_used_count(void);

/* Classic: true when `self` points at one of the pool's objects (in use or free), false otherwise (NULL, another
 * pointer, or before sxe_init()). Not logged.
 */
bool sxe_is_valid(SXE *self);

/* Classic: log, at level 6 (debug builds), one line per object in use (id, kind, descriptor, flags, buffered bytes), or
 * only `self`'s when it is not NULL.
 */
void sxe_dump(SXE *self);

/* Copy the counters (monotonic since sxe_init()) into *counters. NULL is logged and ignored. */
void sxe_get_counters(SXE_COUNTERS *counters);

/* ---- constructors: take a free object (NULL when the pool is exhausted, the address is bad, sxe_init() has not
 * been called or on_read is NULL; logged -- pool exhaustion at most once a second, one limit shared by all
 * constructors). Every function taking an object accepts that NULL (MISUSE RULE). ------------------------------ */

/* TCP object bound (at sxe_listen/sxe_connect time) to local_ip (an IPv4 or IPv6 literal; NULL and the classic
 * SXE_IP_ADDR_ANY, "INADDR_ANY", mean "0.0.0.0") and local_port (0 = any; names such as "localhost" are not resolved:
 * NULL, logged). `parent` is recorded (SXE may
 * be NULL). on_read is required (NULL returns NULL, logged); the other callbacks may be NULL. For a client, "0.0.0.0"
 * port 0 means no bind: the peer's family is used.
 */
SXE *sxe_new_tcp(SXE *parent, const char *local_ip, int local_port, SXE_IN_EVENT_CONNECTED on_connected,
                 SXE_IN_EVENT_READ on_read, SXE_IN_EVENT_CLOSE on_close);

/* UDP object; sxe_listen() binds it and starts reading: one on_read per datagram, the buffer holding exactly that
 * datagram (a datagram larger than the buffer is truncated to the buffer size). The sender is SXE_PEER_ADDR.
 */
SXE *sxe_new_udp(SXE *parent, const char *local_ip, int local_port, SXE_IN_EVENT_READ on_read);

/* Unix-domain stream object on `path` (at most SXE_UNIX_PATH_MAXIMUM bytes): sxe_listen() binds and listens there
 * (the path must not exist; a listener unlinks its path when closed), sxe_connect(this, NULL, 0) connects to it.
 * The path is copied into a table shared by all objects (objects with the same path share one entry; connections
 * accepted by a unix listener share the listener's): NULL (logged) when SXE_UNIX_PATHS_MAXIMUM distinct paths are
 * already in use. sxe_new_pipe() is the classic name.
 */
SXE *sxe_new_unix(SXE *parent, const char *path, SXE_IN_EVENT_CONNECTED on_connected, SXE_IN_EVENT_READ on_read,
                  SXE_IN_EVENT_CLOSE on_close);
SXE *sxe_new_pipe(SXE *parent, const char *path, SXE_IN_EVENT_CONNECTED on_connected, SXE_IN_EVENT_READ on_read,
                  SXE_IN_EVENT_CLOSE on_close);

/* Classic: a connected unix-domain stream pair. The object takes one end (non-blocking, close-on-exec); the other is
 * returned in *out_pairedsocket, blocking and inherited across exec (classic: for a child process), and is the
 * caller's to close. on_connected(this) is called from the loop on its next iteration, then reading starts. NULL
 * (logged) for the constructors' reasons, a NULL out_pairedsocket, or socketpair() failing; when the pool is exhausted
 * both ends are closed.
 */
SXE *sxe_new_socketpair(SXE *parent, int *out_pairedsocket, SXE_IN_EVENT_CONNECTED on_connected,
                        SXE_IN_EVENT_READ on_read, SXE_IN_EVENT_CLOSE on_close);

/* ---- handing a connection to another thread (THREADS above; README.md "Threads") ------------------------- */

/* Take an established TCP or unix connection out of this thread's lib-sxe, to hand it to another thread: its
 * descriptor goes to *fd_out (open, the caller's from now on) and its unconsumed input (SXE_BUF(this),
 * SXE_BUF_USED(this) bytes) is copied into buf (size bytes), its length into *length_out. The object is then freed as
 * by sxe_close() but without closing the socket (and without callbacks): its settings, user data and timeouts stay
 * behind. The other thread adopts both with sxe_new_from_fd(). Returns SXE_RETURN_OK;
 * SXE_RETURN_ERROR_BAD_PARAMETER (logged) for NULL fd_out or length_out, or NULL buf with size > 0;
 * SXE_RETURN_ERROR_BAD_STATE (logged) for an object that is not an established stream connection (a listener, a UDP
 * object, a connecting one) or that is busy: a send pending, inside its close or on_close, or waiting for a
 * descriptor of sxe_write_pipe(); SXE_RETURN_ERROR_BUFFER_FULL (logged) when more than size bytes are buffered. In
 * every error case nothing changes (*fd_out is -1 and *length_out 0). NULL or a closed object: the MISUSE RULE.
 */
SXE_RETURN sxe_detach(SXE *self, int *fd_out, void *buf, unsigned size, unsigned *length_out);

/* Adopt a connected stream socket (TCP or unix: from sxe_detach() in another thread, or accepted by the application)
 * as a new object of this thread's lib-sxe, with `length` bytes already received (`bytes`, copied into the object's
 * buffer: at most its size). The descriptor is made non-blocking and close-on-exec (TCP: TCP_NODELAY, the default);
 * SXE_PEER_ADDR is its peer (getpeername; a unix peer's holds only the family). From the loop, on its next iteration:
 * on_connected(this), then, when length > 0 and the object was not paused meanwhile, on_read(this, length) with those
 * bytes, then reading starts. Timeouts, user data, half-close are the object's own: set them on the result. Returns
 * the object, or NULL (logged) for the constructors' reasons (sxe_init() not called, no on_read, pool exhausted), a
 * negative fd, NULL bytes with length > 0, length above the buffer size, or a descriptor that is not a connected
 * stream socket; the descriptor then stays the caller's (it is not closed).
 */
SXE *sxe_new_from_fd(SXE *parent, int fd, const void *bytes, unsigned length, SXE_IN_EVENT_CONNECTED on_connected,
                     SXE_IN_EVENT_READ on_read, SXE_IN_EVENT_CLOSE on_close);

/* ---- listening and connecting --------------------------------------------------------------------------- */

/* Bind and listen (TCP, unix) with SXE_LISTEN_BACKLOG_DEFAULT, or bind and start reading (UDP). TCP listeners set
 * SO_REUSEADDR. Accepted connections take a free object each, inherit the listener's callbacks, user data, idle
 * timeout, half-close and nodelay settings, get TCP_NODELAY (unless sxe_set_nodelay(listener, false); set once on
 * the TCP listener, which Linux copies to accepted sockets, so accepting costs no setsockopt), and fire
 * on_connected. Up to SXE_ACCEPT_BATCH_MAXIMUM accepts per loop iteration. Pool exhausted: the connection is
 * accepted, offered to the refused hook, closed, counted, logged at most once a second. EMFILE/ENFILE: a reserve
 * descriptor is released to accept and shed the connection (offered to the refused hook too; counted, logged at
 * most once a second); without a reserve, or when the shedding accept fails as well (ENOBUFS, ENOMEM), the
 * listener pauses SXE_ACCEPT_BACKOFF_SECONDS.
 * Returns SXE_RETURN_OK, SXE_RETURN_ERROR_ADDRESS_IN_USE, SXE_RETURN_ERROR_PERMISSION,
 * SXE_RETURN_ERROR_OUT_OF_FILES, SXE_RETURN_ERROR_BAD_STATE (already listening/connected, or a closed object), or
 * SXE_RETURN_ERROR_INTERNAL (logged); SXE_RETURN_ERROR_BAD_PARAMETER for NULL (logged). On error the object stays
 * allocated: close it.
 */
SXE_RETURN sxe_listen(SXE *self);

/* Classic: a one-shot listener (TCP or unix): the first connection accepted REPLACES the listener. The listening
 * socket is closed (a unix listener's path unlinked) and the same object becomes that connection (same id, user data
 * and callbacks), then on_connected(this) is called. Same returns as sxe_listen().
 */
SXE_RETURN sxe_listen_oneshot(SXE *self);

/* Classic: the listen(2) backlog of the listeners started from now on by sxe_listen(), sxe_listen_oneshot() and
 * sxe_listen_plus() (<= 0 restores SXE_LISTEN_BACKLOG_DEFAULT; the kernel caps it at net.core.somaxconn). Kept
 * across sxe_fini().
 */
void sxe_set_listen_backlog(int listen_backlog);

/* Classic: sxe_listen() with flags (0, or any of SXE_FLAG_IS_ONESHOT, SXE_LISTEN_FLAG_REUSEPORT and
 * SXE_LISTEN_FLAG_DEFER_ACCEPT), backlog of sxe_set_listen_backlog(). Same returns as sxe_listen()
 * (SXE_RETURN_ERROR_INVALID_ADDRESS etc. when SO_REUSEPORT or TCP_DEFER_ACCEPT cannot be set;
 * SXE_RETURN_ERROR_BAD_PARAMETER, logged, for an unknown flag). SXE_LISTEN_FLAG_DEFER_ACCEPT: see its definition above;
 * the first on_read of a connection may then come from inside the accepting loop iteration, right after its
 * on_connected (which may sxe_pause() to prevent it). Ignored for UDP.
 */
SXE_RETURN sxe_listen_plus(SXE *self, unsigned flags);

/* sxe_listen_plus() with an explicit listen(2) backlog (<= 0 means SXE_LISTEN_BACKLOG_DEFAULT; the kernel caps it
 * at net.core.somaxconn). Same returns as sxe_listen().
 */
SXE_RETURN sxe_listen_with_backlog(SXE *self, unsigned flags, int backlog);

/* Non-blocking connect to peer_ip (IPv4/IPv6 literal) and peer_port; for a unix object peer_ip is NULL (use the
 * path given at creation) or another path. Returns SXE_RETURN_OK when the attempt is under way: on_connected
 * fires when connected; on failure (refused, unreachable, connect timeout) on_close fires with SXE_CLOSE_REASON
 * (SXE_RETURN_ERROR_CONNECTION_REFUSED, SXE_RETURN_ERROR_TIMEOUT, SXE_RETURN_ERROR_NO_CONNECTION) and the object
 * is freed. Synchronous errors are returned and nothing is called: SXE_RETURN_ERROR_INVALID_ADDRESS (bad literal,
 * family mismatch with the local address, or a source address that is not local: bind's EADDRNOTAVAIL),
 * SXE_RETURN_ERROR_OUT_OF_FILES, SXE_RETURN_ERROR_ADDRESS_IN_USE (bind to an explicit local port),
 * SXE_RETURN_ERROR_PERMISSION, SXE_RETURN_ERROR_ALREADY_CONNECTED (already has a socket: connecting, connected or
 * listening; classic), SXE_RETURN_ERROR_BAD_STATE (UDP, or a closed object),
 * SXE_RETURN_ERROR_BAD_PARAMETER (NULL: logged),
 * SXE_RETURN_ERROR_NOT_SUPPORTED (unix: a new path and SXE_UNIX_PATHS_MAXIMUM distinct paths already in use),
 * SXE_RETURN_ERROR_INTERNAL, SXE_RETURN_ERROR_OUT_OF_PORTS (no local port left: connect(2) failed with
 * EADDRNOTAVAIL, or the bind of a source address with port 0 failed with EADDRINUSE); the object stays allocated.
 * sxe_last_errno() then gives the errno behind the error (0 when none, e.g. a bad literal). A failure reported
 * through on_close gives its errno in SXE_CLOSE_ERRNO(this).
 * A TCP object with a source address and port 0 gets IP_BIND_ADDRESS_NO_PORT (Linux >= 4.2) before its bind: the
 * port is then chosen by connect(2) for the whole 4-tuple, so ports are shared between destinations and many
 * source addresses multiply the ports available (about 28,000 per source address and destination with the
 * default ip_local_port_range) instead of exhausting them at bind time. A kernel refusing the option is ignored.
 */
SXE_RETURN sxe_connect(SXE *self, const char *peer_ip, int peer_port);

/* Classic: connect a unix object to the path given at creation: sxe_connect(self, NULL, 0). */
SXE_RETURN sxe_connect_pipe(SXE *self);

/* Classic: fill *address_out with AF_INET, `ip` (an IPv4 literal; NULL or "INADDR_ANY" mean 0.0.0.0; anything else is
 * logged at level 3 and gives INADDR_NONE, 255.255.255.255, as classic inet_addr() did) and `port`, for
 * sxe_write_to(). Returns address_out; NULL (logged) when it is NULL.
 */
const struct sockaddr_in *sxe_construct_address(struct sockaddr_in *address_out, const char *ip, unsigned short port);

/* The errno of the system call behind the most recent error (SXE_RETURN_ERROR_*) returned by sxe_connect,
 * sxe_listen, sxe_listen_plus, sxe_listen_with_backlog, sxe_write, sxe_write_to, sxe_write_to_ip, sxe_send,
 * sxe_sendfile or sxe_get_bytes_acknowledged; 0 when that error had no system cause (bad state, bad parameter, bad
 * literal, family mismatch). Read it right after such a call returned an error (a later call may change it; one that
 * succeeds may leave it or reset it to 0). The global errno after a lib-sxe call is not documented (logging may change
 * it): use this.
 */
int sxe_last_errno(void);

/* Close the socket (if any) and return the object to the pool. on_close is not called. A pending send's
 * on_complete is called first with SXE_RETURN_ERROR_NO_CONNECTION (a send it starts fails at once with
 * SXE_RETURN_ERROR_NO_CONNECTION; sxe_close() called from it returns SXE_RETURN_WARN_ALREADY_CLOSED). Safe inside
 * any callback. Returns SXE_RETURN_OK, SXE_RETURN_WARN_ALREADY_CLOSED (logged) when the object is already free, or
 * SXE_RETURN_ERROR_BAD_PARAMETER (logged) for NULL or a pointer that is not an object.
 */
SXE_RETURN sxe_close(SXE *self);

/* Half-close: end this connection's output (TCP or unix). The peer reads the end of the stream once every byte
 * written or sent before has gone out; on TLS (lib-sxe-tls) a close_notify alert goes first, once the bytes TLS holds
 * are out. Reading goes on: the peer's own end of file comes as usual (on_close, or on_read(this, 0) in half-close
 * mode); later writes and sends fail (SXE_RETURN_ERROR_NO_CONNECTION). Returns SXE_RETURN_OK;
 * SXE_RETURN_ERROR_BAD_STATE while a send is pending (its bytes are not all out yet: shut down from its on_complete);
 * SXE_RETURN_ERROR_NO_CONNECTION (not a connected stream, or a closed object), SXE_RETURN_ERROR_WRITE_FAILED
 * (shutdown(2) failed: sxe_last_errno()), SXE_RETURN_ERROR_BAD_PARAMETER (NULL), all logged but the last failure.
 */
SXE_RETURN sxe_shutdown(SXE *self);

/* ---- per-object options --------------------------------------------------------------------------------- */

/* Idle timeout in seconds for an established connection (0 = none); on a listener, inherited by accepted
 * connections. Returns SXE_RETURN_OK, SXE_RETURN_ERROR_BAD_PARAMETER (negative, or NULL), SXE_RETURN_ERROR_BAD_STATE
 * (a closed object), SXE_RETURN_ERROR_NOT_SUPPORTED when SXE_TIMEOUT_CLASSES_MAXIMUM distinct values are already in
 * use (all logged).
 */
SXE_RETURN sxe_set_idle_timeout(SXE *self, double seconds);

/* Connect timeout in seconds for this object's next sxe_connect() (0 = none: the kernel's). Same returns. */
SXE_RETURN sxe_set_connect_timeout(SXE *self, double seconds);

/* Opt in (or out) of the half-close mode described at the top. Inherited by accepted connections. NULL or a closed
 * object: logged, ignored.
 */
void sxe_set_half_close(SXE *self, bool enable);

/* TCP_NODELAY (Nagle off) on this object's connections; default true (classic). On a listener: inherited by the
 * connections it accepts from then on (false saves one setsockopt per accept, e.g. for servers that write each
 * response whole and close). On a client: applies to its next sxe_connect(). On an established TCP connection:
 * also applied to the socket at once (best effort). No effect on UDP and unix objects. NULL or a closed object:
 * logged, ignored.
 */
void sxe_set_nodelay(SXE *self, bool enable);

/* Listener only: hook offered each connection refused because the pool is exhausted or the process is out of
 * descriptors (see SXE_REFUSED_HOOK). Set it before or after sxe_listen(). On a connected or connecting object (the
 * hook shares storage with the completion of a pending send, which only connections have), NULL or a closed object:
 * logged, ignored.
 */
void sxe_set_refused_hook(SXE *listener, SXE_REFUSED_HOOK hook);

/* ---- writing -------------------------------------------------------------------------------------------- */

/* Send now, no buffering. Returns SXE_RETURN_OK when all `size` bytes were sent; SXE_RETURN_WARN_WOULD_BLOCK when
 * only SXE_LAST_WRITE_LENGTH(this) bytes (possibly 0) were sent; SXE_RETURN_ERROR_NO_CONNECTION when the peer is gone
 * (send failed with ECONNRESET, ECONNREFUSED, ENOTCONN or EPIPE; classic) or there is no socket (not connected, or a
 * closed object; logged); SXE_RETURN_ERROR_WRITE_FAILED (any other failure); SXE_RETURN_ERROR_BAD_STATE
 * (a send is pending); SXE_RETURN_ERROR_BAD_PARAMETER (NULL object, or NULL buf with size > 0; logged). For UDP,
 * sends one datagram to the sender of the last datagram received (SXE_PEER_ADDR). SXE_LAST_WRITE_LENGTH is set in
 * every case but a NULL object.
 */
SXE_RETURN sxe_write(SXE *self, const void *buf, unsigned size);

/* Classic descriptor passing over a connected unix object: send `size` (>= 1) bytes with `fd_to_send` attached
 * (SCM_RIGHTS) in one sendmsg(2). The descriptor stays the caller's too (close it once sent). Returns SXE_RETURN_OK;
 * SXE_RETURN_WARN_WOULD_BLOCK when only SXE_LAST_WRITE_LENGTH(this) bytes went (if more than 0, the descriptor went
 * with them; if 0, it did not); SXE_RETURN_ERROR_NO_CONNECTION / _WRITE_FAILED as sxe_write() (not connected:
 * logged); SXE_RETURN_ERROR_NOT_SUPPORTED (not a unix object), SXE_RETURN_ERROR_BAD_PARAMETER (NULL object or buf,
 * size 0, fd_to_send < 0), SXE_RETURN_ERROR_BAD_STATE (a send is pending), all logged.
 * THE HAND-OFF (receiving side, classic): a unix object that receives a descriptor keeps it until no input is left on
 * its pipe (at most SXE_HANDOFFS_MAXIMUM wait at once; more are closed, logged), then CLOSES ITS PIPE AND BECOMES THAT
 * CONNECTION: same object, id, user data and callbacks; SXE_FD() is the received descriptor (made non-blocking and
 * close-on-exec), SXE_PEER_ADDR its peer (getpeername), and the object a TCP one for an IP socket. The on_read of the
 * message that brought the last bytes comes just after the switch. The sender sees its pipe close: that is the
 * acknowledgement. If the pipe ends first, the switch happens then.
 */
SXE_RETURN sxe_write_pipe(SXE *self, const void *buf, unsigned size, int fd_to_send);

/* UDP: send one datagram to dest_addr (a struct sockaddr_in, sockaddr_in6 or SXE_SOCKADDR; the family is read
 * from it). Returns SXE_RETURN_OK, SXE_RETURN_WARN_WOULD_BLOCK (not sent), SXE_RETURN_ERROR_WRITE_FAILED (or
 * SXE_RETURN_ERROR_NO_CONNECTION when sendto fails with ECONNREFUSED, ...: as sxe_write()),
 * SXE_RETURN_ERROR_INVALID_ADDRESS (also a NULL dest_addr), SXE_RETURN_ERROR_NO_CONNECTION (no socket: not
 * listening, or a closed object), SXE_RETURN_ERROR_BAD_PARAMETER (NULL object, or NULL buf with size > 0).
 */
SXE_RETURN sxe_write_to(SXE *self, const void *buf, unsigned size, const void *dest_addr);

/* UDP: sxe_write_to() with an IP literal and port (parses the address on each call). Same returns. */
SXE_RETURN sxe_write_to_ip(SXE *self, const void *buf, unsigned size, const char *peer_ip, int peer_port);

/* Send all of a caller-owned buffer, which must stay valid until completion. See the COMPLETION RULE above.
 * Immediate errors: SXE_RETURN_ERROR_NO_CONNECTION (not connected: logged; or the peer is gone, as sxe_write()),
 * SXE_RETURN_ERROR_BAD_STATE (a send is pending; logged), SXE_RETURN_ERROR_BAD_PARAMETER (NULL object, or NULL buffer
 * with size > 0; logged), SXE_RETURN_ERROR_WRITE_FAILED.
 */
SXE_RETURN sxe_send(SXE *self, const void *buf, unsigned size, SXE_OUT_EVENT_WRITTEN on_complete);

/* Classic: send the data of every SXE_BUFFER of `buffers`, in order (from each buffer's `sent` on, up to its `len`),
 * gathering up to SXE_SEND_BUFFERS_IOV_MAXIMUM buffers per sendmsg(2). The buffers and the list are the caller's and
 * must stay valid and unchanged until completion; `sent` is advanced as bytes go out (the list itself is not
 * changed). The COMPLETION RULE above applies: SXE_RETURN_OK when everything went out at once (or there was nothing
 * to send), SXE_RETURN_IN_PROGRESS and on_complete once later, or an immediate error as sxe_send() (a NULL list:
 * SXE_RETURN_ERROR_BAD_PARAMETER, logged). Each step finds the first buffer not wholly sent from the head: O(buffers).
 */
SXE_RETURN sxe_send_buffers(SXE *self, SXE_LIST *buffers, SXE_OUT_EVENT_WRITTEN on_complete);

/* Classic: call writable_cb(this, SXE_RETURN_OK) once, from the loop, when the socket can be written to (typically
 * after sxe_write() returned SXE_RETURN_WARN_WOULD_BLOCK). Reading continues meanwhile (classic stopped it). It works
 * as a send of nothing: SXE_IS_SEND_PENDING(this) is true until the callback, other sends are refused meanwhile, and a
 * close first calls writable_cb with SXE_RETURN_ERROR_NO_CONNECTION. When it cannot wait, writable_cb is called at
 * once with the reason: SXE_RETURN_ERROR_NO_CONNECTION (not connected, or closing; logged) or
 * SXE_RETURN_ERROR_BAD_STATE (a send is pending; logged). NULL `this` or writable_cb, or a closed object: logged,
 * ignored.
 */
void sxe_notify_writable(SXE *self, SXE_OUT_EVENT_WRITTEN writable_cb);

/* Send `bytes` from file descriptor `fd` starting at *offset (advanced as bytes go out; `offset` must stay valid
 * until completion; NULL uses and advances the file position) with sendfile(2). Same errors as sxe_send()
 * (SXE_RETURN_ERROR_BAD_PARAMETER for a NULL object or fd < 0), and a file shorter than announced ends it with
 * SXE_RETURN_END_OF_FILE (SXE_CLOSE_ERRNO ENODATA; classic). SIGPIPE is ignored by sxe_init() because sendfile has
 * no MSG_NOSIGNAL.
 * CLASSIC COMPLETION: on_complete (when not NULL) is called EXACTLY ONCE FOR EVERY CALL, whatever the outcome, with the
 * result: when the call returns SXE_RETURN_WARN_IN_PROGRESS, later (as for sxe_send); for any other result (OK,
 * END_OF_FILE, every error, a refusal such as SXE_RETURN_ERROR_BAD_STATE while another send is pending)
 * synchronously, from inside sxe_sendfile() just before it returns that result, once the object's send state is
 * settled (on_complete may start another send or close the object; a chain of sends completing at once nests one
 * call per link, as in classic SXE). Only a NULL object or a free one (a misuse, logged) gets no callback.
 */
SXE_RETURN sxe_sendfile(SXE *self, int fd, off_t *offset, unsigned bytes, SXE_OUT_EVENT_WRITTEN on_complete);

/* TCP: into *bytes, how many bytes of this connection's output the peer has acknowledged so far (TCP_INFO's
 * tcpi_bytes_acked). It measures a slow reader's progress as it reads, unlike the bytes handed to the kernel, which
 * move only when the socket buffer (megabytes once the kernel has grown it) is half empty again. Returns
 * SXE_RETURN_OK; SXE_RETURN_ERROR_NOT_SUPPORTED (*bytes 0) for UDP and unix objects or a kernel that does not tell
 * (before Linux 4.1); SXE_RETURN_ERROR_NO_CONNECTION (*bytes 0) without a socket; SXE_RETURN_ERROR_INTERNAL when
 * getsockopt fails (sxe_last_errno()); SXE_RETURN_ERROR_BAD_PARAMETER for a NULL object or bytes, and
 * SXE_RETURN_ERROR_BAD_STATE for a closed object (logged). One getsockopt: not for every request, for timeouts and
 * overload decisions.
 */
SXE_RETURN sxe_get_bytes_acknowledged(SXE *self, unsigned long long *bytes);

/* ---- reading -------------------------------------------------------------------------------------------- */

/* Discard all unconsumed data; restarts reading if the buffer was full (BUFFER-FULL RULE). Does not resume a paused
 * object (classic). NULL or a closed object: logged, ignored (also for the calls below, to sxe_buf_resume).
 */
void sxe_buf_clear(SXE *self);

/* Discard the first n bytes of unconsumed data (n > SXE_BUF_USED discards them all, logged at level 3); restarts
 * reading if it was full. Reading goes on: the next on_read comes when more data arrives.
 */
void sxe_buf_discard(SXE *self, unsigned n);

/* Classic: sxe_buf_discard(), then sxe_pause(): no on_read (and no reading of the socket) until sxe_buf_resume() --
 * typically sxe_buf_resume(this, SXE_BUF_RESUME_IMMEDIATE) once the consumed request has been handled, which
 * re-delivers what is still buffered. A pipelined request is thus never delivered while the previous one is handled.
 */
void sxe_buf_consume(SXE *self, unsigned n);

/* Stop reading this object until sxe_buf_resume(): no recv, no on_read (so a peer's close is noticed only after the
 * resume). Buffered data stays. Cancels a queued re-delivery. SXE_FLAG_IS_PAUSED is set in SXE_FLAGS(this) meanwhile.
 */
void sxe_pause(SXE *self);

/* Resume reading (classic). how == SXE_BUF_RESUME_IMMEDIATE: if data is buffered, on_read(this, SXE_BUF_USED(this))
 * is re-delivered once, from the loop (never from inside this call), after the current callback returns and
 * before the loop next waits for I/O -- unless a new read comes first (its on_read shows the buffered data too),
 * or sxe_pause() cancels it; an end of file read first waits for it (see HALF-CLOSE). how ==
 * SXE_BUF_RESUME_WHEN_MORE_DATA: only resume reading; the next on_read comes when more data arrives (and
 * cancels a re-delivery still queued by an earlier IMMEDIATE call). Also restarts reading after sxe_pause(). Any
 * other `how` is logged (level 2) and ignored.
 */
void sxe_buf_resume(SXE *self, SXE_BUF_RESUME how);

/* ---- addresses ------------------------------------------------------------------------------------------ */

/* Classic: the object's local address (SXE_LOCAL_ADDR(this)), as a struct sockaddr_in (an IPv6 object's is a
 * struct sockaddr_in6 at the same address: check sin_family). For a port-0 listener or a connection, the address the
 * kernel chose (looked up once with getsockname and cached). A unix object's holds only sin_family == AF_UNIX
 * (classic asserted). NULL (logged) for NULL or a closed object.
 */
struct sockaddr_in *sxe_get_local_addr(SXE *self);

/* Local port (for a port-0 listener: the port the kernel chose; looked up once with getsockname and cached).
 * 0 when there is no socket or for unix objects; 0 (logged) for NULL or a closed object.
 */
unsigned short sxe_get_local_port(SXE *self);

/* Write the peer's address as text into buf ("127.0.0.1", "::1", the unix path -- for a connection accepted by a
 * unix listener, the listener's path --, or "" when none) and return buf.
 * Never writes more than size bytes (truncates; always NUL-terminated when size > 0). NULL or a closed object: ""
 * (logged). A NULL buf returns NULL (logged).
 */
const char *sxe_peer_addr_string(SXE *self, char *buf, unsigned size);

/* ---- timers: ev_timer embedded in your struct; callbacks on this thread's loop (sxe_get_loop()) -------------- */
/* A NULL timer is logged and ignored by each call (sxe_timer_is_active: false). A NULL callback is logged: the timer
 * is constructed but sxe_timer_schedule() refuses it (logged), as it refuses a timer never constructed (zeroed).
 */
void sxe_timer_construct(SXE_TIMER *timer, SXE_TIMER_CALLBACK callback, void *arg);
/* (Re)start: fires after `after` seconds, then every `repeat` seconds if repeat > 0. */
void sxe_timer_schedule(SXE_TIMER *timer, double after, double repeat);
void sxe_timer_cancel(SXE_TIMER *timer); /* harmless when not running; safe inside its own callback */
bool sxe_timer_is_active(const SXE_TIMER *timer);

/* Classic timers: thin wrappers of libev's on a caller's ev_timer and this thread's loop, sxe_get_loop() (the default
 * loop in a program with one thread; usable before sxe_init()).
 * The callback is libev's. sxe_timer_init() is ev_timer_init(); sxe_timer_start() starts the timer (harmless when it
 * is running); sxe_timer_stop() stops it (harmless when it is not; safe inside its callback); sxe_timer_set() changes
 * `after` and `repeat` (an active timer is stopped, set and started again: libev forbids setting an active one);
 * sxe_timer_again() is ev_timer_again(): restarts a repeating timer for `repeat` seconds from now, or stops it when
 * repeat is 0. A NULL timer (or callback) is logged and ignored.
 */
void sxe_timer_init(ev_timer *timer, void (*cb)(struct ev_loop *loop, ev_timer *w, int revents), double after,
                    double repeat);
void sxe_timer_start(ev_timer *timer);
void sxe_timer_stop(ev_timer *timer);
void sxe_timer_set(ev_timer *timer, double after, double repeat);
void sxe_timer_again(ev_timer *timer);

/* ---- deferred work ------------------------------------------------------------------------------------- */

/* Queue callback(arg) to run from the loop after the current callback returns and before the loop next waits
 * for I/O (libev check phase; an idle watcher keeps the loop from blocking meanwhile). Work deferred from
 * deferred work runs on the following loop iteration, so deferring in a chain never stalls the loop. Returns
 * SXE_RETURN_OK, or SXE_RETURN_WARN_IN_PROGRESS when `deferred` is already queued (the new callback and arg
 * replace the old ones; it still runs once). `deferred` is caller memory and must stay valid until it ran or
 * was cancelled. Requires sxe_init() or at least a default loop; no allocation. SXE_RETURN_ERROR_BAD_PARAMETER
 * (logged) for a NULL deferred or callback.
 */
SXE_RETURN sxe_defer(SXE_DEFERRED *deferred, SXE_DEFERRED_CALLBACK callback, void *arg);

/* Remove a queued item (harmless when not queued; NULL is logged and ignored). */
void sxe_defer_cancel(SXE_DEFERRED *deferred);

#ifdef __cplusplus
}
#endif

#endif
