/* sxe-private.h: internals of lib-sxe shared by its sources and its tests. Not installed, not for applications.
 *
 * The system-call seam: every system call on a socket goes through the function table `sxe_syscalls`. Release
 * builds use the real calls through it (one indirect call); tests replace single entries to inject failures
 * (EMFILE, EAGAIN, partial sends, ...) and call sxe_syscalls_restore() afterwards.
 */
#ifndef SXE_PRIVATE_H
#define SXE_PRIVATE_H

#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

#include "sxe.h"

typedef struct SXE_SYSCALLS {
    int (*socket)(int domain, int type, int protocol);
    int (*bind)(int fd, const struct sockaddr *addr, socklen_t len);
    int (*listen)(int fd, int backlog);
    int (*accept4)(int fd, struct sockaddr *addr, socklen_t *len, int flags);
    int (*connect)(int fd, const struct sockaddr *addr, socklen_t len);
    ssize_t (*recv)(int fd, void *buf, size_t len, int flags);
    ssize_t (*recvfrom)(int fd, void *buf, size_t len, int flags, struct sockaddr *addr, socklen_t *addr_len);
    ssize_t (*send)(int fd, const void *buf, size_t len, int flags);
    ssize_t (*sendto)(int fd, const void *buf, size_t len, int flags, const struct sockaddr *addr, socklen_t addr_len);
    ssize_t (*sendfile)(int out_fd, int in_fd, off_t *offset, size_t count);
    ssize_t (*sendmsg)(int fd, const struct msghdr *msg, int flags);
    ssize_t (*recvmsg)(int fd, struct msghdr *msg, int flags);
    int (*socketpair)(int domain, int type, int protocol, int fds[2]);
    int (*getpeername)(int fd, struct sockaddr *addr, socklen_t *len);
    int (*bytes_waiting)(int fd, int *bytes); /* ioctl(fd, FIONREAD, bytes) */
    int (*adopt_descriptor)(int fd);          /* O_NONBLOCK and FD_CLOEXEC on a descriptor the library takes */
    int (*setsockopt)(int fd, int level, int name, const void *value, socklen_t len);
    int (*getsockopt)(int fd, int level, int name, void *value, socklen_t *len);
    int (*getsockname)(int fd, struct sockaddr *addr, socklen_t *len);
    int (*close)(int fd);
    int (*open_reserve)(void); /* opens the reserve descriptor kept for EMFILE */
    int (*shutdown)(int fd, int how);
} SXE_SYSCALLS;

extern SXE_SYSCALLS sxe_syscalls;
void sxe_syscalls_restore(void);

/* Pool states. Objects with a timeout sit in state SXE_STATE_TIMED + class. */
#define SXE_STATE_FREE   0
#define SXE_STATE_USED   1
#define SXE_STATE_TIMED  2
#define SXE_STATE_NUMBER (SXE_STATE_TIMED + SXE_TIMEOUT_CLASSES_MAXIMUM)

/* Private flags (public ones are in sxe.h: SXE_FLAG_IS_* 0x1..0x8, SXE_FLAG_PEER_CLOSED 0x10, SXE_FLAG_SEND_PENDING
 * 0x20).
 */
#define SXE_FLAG_PAUSED           SXE_FLAG_IS_PAUSED /* sxe_pause() or sxe_buf_consume(): no reading, no on_read */
#define SXE_FLAG_LISTENING        0x00000040         /* TCP/unix listener, or bound UDP object */
#define SXE_FLAG_CONNECTING       0x00000080
#define SXE_FLAG_CONNECTED        0x00000100
#define SXE_FLAG_BUF_FULL         0x00000200 /* reading stopped: buffer full */
#define SXE_FLAG_HALF_CLOSE       0x00000400 /* sxe_set_half_close() */
#define SXE_FLAG_ACCEPT_BACKOFF   0x00000800 /* listener paused: out of descriptors */
#define SXE_FLAG_LOCAL_PORT_KNOWN 0x00001000
#define SXE_FLAG_IN_CLOSE         0x00002000 /* sxe_close() running */
#define SXE_FLAG_UNLINK_PATH      0x00004000 /* unix listener: unlink the path on close */
#define SXE_FLAG_NO_BIND          0x00008000 /* local address is a wildcard with port 0: clients do not bind */
#define SXE_FLAG_PENDING_RESUME   0x00010000 /* deferred: re-deliver buffered data */
#define SXE_FLAG_PENDING_FAIL     0x00020000 /* deferred: report a failed connect */
#define SXE_FLAG_NO_NODELAY       0x00040000 /* sxe_set_nodelay(this, false): leave Nagle on */
#define SXE_FLAG_NODELAY_ON_SOCKET                                                                                     \
    0x00080000                                /* TCP listener: its socket carries the wanted TCP_NODELAY, which Linux  \
                                               * copies to accepted sockets: no setsockopt per accept */
#define SXE_FLAG_READ_AT_ACCEPT    0x00100000 /* listener: SXE_LISTEN_FLAG_DEFER_ACCEPT (read at once after accept) */
#define SXE_FLAG_IN_ON_CLOSE       0x00200000 /* on_close is running: a constructor may take this object (classic) */
#define SXE_FLAG_NOTIFY_WRITABLE   0x00400000 /* the pending "send" is sxe_notify_writable(): completes when writable */
#define SXE_FLAG_SEND_BUFFERS      0x00800000 /* the pending send is sxe_send_buffers() (send_list) */
#define SXE_FLAG_PENDING_CONNECTED 0x01000000 /* deferred: on_connected of sxe_new_socketpair(), sxe_new_from_fd() */
#define SXE_FLAG_HANDOFF_PENDING   0x02000000 /* unix object: a received descriptor waits for the pipe to drain */
#define SXE_FLAG_TRANSPORT         0x04000000 /* I/O goes through a transport (sxe-transport-private.h) */
#define SXE_FLAG_HANDSHAKE         0x08000000 /* the transport's handshake runs: on_connected not called yet */
#define SXE_FLAG_TRANSPORT_HOLD    0x10000000 /* the transport holds reading back (the read watcher stays stopped) */
#define SXE_FLAG_UNREPORTED        0x20000000 /* accepted, on_connected never called: closed without on_close */
#define SXE_FLAG_SPECIAL_IO        0x40000000 /* not plain TCP: UDP, unix or a transport (one test on the hot path) */

/* Every flag sxe_listen_plus() accepts. */
#define SXE_LISTEN_FLAGS_KNOWN (SXE_FLAG_IS_ONESHOT | SXE_LISTEN_FLAG_REUSEPORT | SXE_LISTEN_FLAG_DEFER_ACCEPT)

/* The state of lib-sxe's parts, kept in SXE_GLOBALS below. */
typedef struct SXE_TIMEOUT_CLASS { /* sxe-timeout.c: one distinct timeout value in use */
    double seconds;
    unsigned users;
} SXE_TIMEOUT_CLASS;

typedef struct SXE_UNIX_PATH { /* sxe-unix.c: one entry of the table of unix-domain paths */
    unsigned users;            /* 0: free */
    char path[SXE_UNIX_PATH_MAXIMUM + 1];
} SXE_UNIX_PATH;

typedef struct SXE_HANDOFF { /* sxe-pipe.c: a received descriptor waiting for its pipe to drain */
    SXE *object;             /* NULL: free entry */
    int fd;
} SXE_HANDOFF;

typedef struct SXE_DEFERRED_QUEUE { /* sxe-timer.c: the FIFO of deferred work */
    SXE_DEFERRED *head;
    SXE_DEFERRED *tail;
    struct ev_loop *loop; /* the loop its watchers were started on */
    unsigned iteration;   /* stamp of the current run; never 0 */
    bool watchers_ready;
    ev_check check;
    ev_idle idle;
} SXE_DEFERRED_QUEUE;

/* Library state: one instance per thread (thread-local storage), so that every thread that calls sxe_init() has a
 * lib-sxe of its own. A program that uses one thread has exactly one, as before. The initial-exec model makes an access
 * a plain %fs-relative load, as cheap as a global's (a keep-alive request costs the same instructions as before: see
 * lib-sxe/README.md "Threads"); its price is that libsxe.so cannot be dlopen'ed (it is linked, or preloaded).
 */
typedef struct SXE_GLOBALS {
    struct ev_loop *loop; /* from sxe_init() to sxe_fini(): the loop; before: sxe_set_loop()'s, NULL for the default */
    void *pool;           /* the pool array: objects at pool + i * stride */
    unsigned number;
    unsigned stride;
    size_t allocated_bytes;      /* sxe_get_allocated_bytes() */
    unsigned warmed_descriptors; /* descriptors the last sxe_init() warmed libev up with */
    unsigned buffer_size;
    unsigned warm_descriptors; /* sxe_set_warm_descriptors(); 0 = objects + margin */
    unsigned registered;
    unsigned extra_size;
    int listen_backlog; /* sxe_set_listen_backlog(); 0 = SXE_LISTEN_BACKLOG_DEFAULT */
    SXE *closing;       /* the object whose on_close is running (constructors may take it), or NULL */
    int reserve_fd;
    int last_errno; /* sxe_last_errno() */
    SXE_COUNTERS counters;
    ev_timer backoff_timer; /* re-enables listeners paused for lack of descriptors */
    double log_time_pool_exhausted;
    double log_time_out_of_files;
    double log_time_new_exhausted;
    double log_time_accept_error;
    SXE_TIMEOUT_CLASS timeout_classes[SXE_TIMEOUT_CLASSES_MAXIMUM];
    SXE_UNIX_PATH unix_paths[SXE_UNIX_PATHS_MAXIMUM];
    SXE_HANDOFF handoffs[SXE_HANDOFFS_MAXIMUM];
    SXE_DEFERRED_QUEUE deferred;
    ev_io warm_spare[SXE_WARM_DESCRIPTORS_MARGIN]; /* sxe-warm.c: watchers beyond the objects' own */
    struct ev_loop *epoll_loop; /* sxe-handoff.c: the loop whose epoll descriptor epoll_fd is (-1: none) ... */
    pid_t epoll_pid;            /* ... in this process */
    int epoll_fd;
} SXE_GLOBALS;

extern __attribute__((tls_model("initial-exec"))) __thread SXE_GLOBALS sxe_globals;

/* The loop of this thread's lib-sxe (see sxe_get_loop()). */
static inline struct ev_loop *sxe_loop(void)
{
    return SXE_LIKELY(sxe_globals.loop != NULL) ? sxe_globals.loop : ev_default_loop(0);
}

static inline SXE *sxe_object(unsigned id)
{
    return (SXE *)((char *)sxe_globals.pool + (size_t)id * sxe_globals.stride);
}

/* sxe-unix.c: the table of unix-domain paths (SXE_UNIX_PATHS_MAXIMUM entries, reference counted). Entries are
 * numbered from 1 (an object's unix_path; 0 = none).
 */
unsigned char sxe_unix_path_get(const char *path);    /* entry holding path (shared or new), 0 when the table is full */
unsigned char sxe_unix_path_ref(unsigned char entry); /* one more user; returns entry */
void sxe_unix_path_put(unsigned char entry);          /* one user less; harmless for 0 */
const char *sxe_unix_path(unsigned char entry);       /* the path, "" for 0 */
void sxe_unix_paths_reset(void);
socklen_t sxe_unix_sockaddr(unsigned char entry, struct sockaddr_un *address); /* fills address, returns length */

/* sxe-warm.c */
unsigned sxe_warm_up(unsigned descriptors); /* returns the number of descriptors warmed */

/* sxe.c: the entry checks of the public functions. A NULL object (a failed constructor's result) or a pointer that is
 * not an object of the pool is logged at level 2 and refused with SXE_RETURN_ERROR_BAD_PARAMETER; an object that is
 * free (closed, or never allocated: its kind is 0) is logged at level 3 and refused with SXE_RETURN_ERROR_BAD_STATE.
 * Each log line names the public function. The hot paths test SXE_IS_IN_USE() inline (a NULL test and one byte) and
 * call sxe_misuse() only on the error branch; the other functions call sxe_check_object(), which also checks that the
 * pointer is one of the pool's objects.
 */
#define SXE_IS_IN_USE(this) SXE_LIKELY((this) != NULL && (this)->kind != 0)
SXE_RETURN sxe_misuse(const SXE *this, const char *function) __attribute__((cold));
SXE_RETURN sxe_check_object(const SXE *this, const char *function);

SXE *sxe_alloc(SXE *parent, SXE_KIND kind);
SXE *sxe_alloc_new(SXE *parent, SXE_KIND kind); /* for constructors: may take the object in on_close; logs exhaustion */
bool sxe_can_construct(SXE_IN_EVENT_READ on_read, const char *function); /* false (logged): no sxe_init(), no on_read */
void sxe_release(SXE *this);
void sxe_update_read_watcher(SXE *this);
void sxe_update_pool_state(SXE *this);
void sxe_close_from_peer(SXE *this, SXE_RETURN reason, int error); /* error: SXE_CLOSE_ERRNO, 0 = none */
void sxe_start_socket(SXE *this, int fd);
SXE_RETURN sxe_errno_to_return(int error);

/* True for the error codes the I/O calls return (SXE_RETURN_ERROR_*), false for OK and their warnings. SXE_RETURN
 * values are errno numbers (classic), not ordered by severity: never compare them with < or >=.
 */
static inline bool sxe_is_error(SXE_RETURN result)
{
    return result != SXE_RETURN_OK && result != SXE_RETURN_WARN_WOULD_BLOCK && result != SXE_RETURN_IN_PROGRESS &&
           result != SXE_RETURN_WARN_ALREADY_CLOSED && result != SXE_RETURN_END_OF_FILE;
}
SXE_RETURN sxe_parse_address(SXE_SOCKADDR *addr, const char *ip, int port);
socklen_t sxe_sockaddr_length(const SXE_SOCKADDR *addr);
const struct sockaddr *sxe_socket_address(SXE *this, const SXE_SOCKADDR *addr, struct sockaddr_un *unix_address,
                                          socklen_t *length); /* addr, or for unix objects their path */
bool sxe_rate_limit(double *last);
void sxe_object_deferred(void *arg);

/* sxe-pipe.c: socket pairs, descriptor passing and hand-offs. */
void sxe_handoffs_reset(void);
void sxe_handoff_drop(SXE *this); /* close a received descriptor still waiting (object closing) */
ssize_t sxe_recv_unix(SXE *this, void *buf, size_t size); /* recv() of unix objects: accepts a descriptor */
bool sxe_handoff_if_drained(SXE *this);                   /* switch to the received descriptor if the pipe is drained */
void sxe_handoff_at_end_of_file(SXE *this);               /* the pipe ended: switch now */

/* sxe-io.c */
SXE_RETURN sxe_write_error(int error); /* ERROR_NO_CONNECTION for a peer that is gone, else ERROR_WRITE_FAILED */
void sxe_read_at_accept(SXE *this, unsigned generation);
void sxe_io_read(struct ev_loop *loop, ev_io *io, int revents);
void sxe_io_read_udp(struct ev_loop *loop, ev_io *io, int revents);
void sxe_io_write(struct ev_loop *loop, ev_io *io, int revents);
void sxe_send_complete(SXE *this, SXE_RETURN result, bool closing); /* closing: called by a close */
void sxe_deliver_buffered(SXE *this);
void sxe_cancel_redelivery(SXE *this);
unsigned sxe_send_acked_mark(SXE *this); /* low 32 bits of sxe_get_bytes_acknowledged(), 0 when unknown */

/* sxe-listen.c */
bool sxe_listener_set_nodelay(SXE *this, bool enable);
void sxe_io_accept(struct ev_loop *loop, ev_io *io, int revents);
void sxe_backoff_timeout(struct ev_loop *loop, ev_timer *timer, int revents);

/* sxe-connect.c */
void sxe_connect_complete(SXE *this);

/* sxe-timeout.c */
unsigned sxe_timeout_class_get(double seconds); /* class + 1, or 0 when all classes are taken */
void sxe_timeout_class_put(unsigned class_plus_one);
unsigned sxe_timeout_class_ref(unsigned class_plus_one); /* one more user of a class; returns it */
void sxe_timeout_classes_reset(void);
void sxe_pool_timeout(void *array, unsigned index, void *caller_info);

/* sxe-timer.c */
void sxe_defer_fini(void);

#endif
