/* sxe-listen.c: listening, accepting, and the overload rules (pool exhausted, out of descriptors). */
#define SXE_LOG_COMPONENT "sxe"

#include <errno.h>
#include <netinet/tcp.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "sxe-transport-private.h"

/* A system call of sxe_listen*() failed: its errno becomes sxe_last_errno(). */
static SXE_RETURN sxe_socket_error(SXE *this, const char *what)
{
    int error = errno;
    SXE_RETURN result = sxe_errno_to_return(error);

    sxe_globals.last_errno = error;
    SXEL3I("%s failed: %s (%s)", what, strerror(error), sxe_return_to_string(result));
    return result;
}

static int sxe_set_int_option(int fd, int level, int name, int value)
{
    return sxe_syscalls.setsockopt(fd, level, name, &value, sizeof(value));
}

/* TCP listener: put the wanted TCP_NODELAY on the listening socket. Linux copies it to every socket accepted from
 * it, so accepting then costs no setsockopt. Returns false (and remembers to set it per accepted connection
 * instead) when the option cannot be set on the listener.
 */
bool sxe_listener_set_nodelay(SXE *this, bool enable)
{
    bool done = sxe_set_int_option(this->sock, IPPROTO_TCP, TCP_NODELAY, enable ? 1 : 0) == 0;

    this->flags = done ? this->flags | SXE_FLAG_NODELAY_ON_SOCKET : this->flags & ~SXE_FLAG_NODELAY_ON_SOCKET;

    if (!done) {
        SXEL6I("setsockopt(TCP_NODELAY) on the listener failed: %s; set per accepted connection", strerror(errno));
    }

    return done;
}

/* Listener flags that need an option on the socket: SXE_LISTEN_FLAG_DEFER_ACCEPT (TCP: TCP_DEFER_ACCEPT, so accept
 * returns a connection only once its first data has arrived; every stream kind: read at once after accept).
 */
static SXE_RETURN sxe_listen_options(SXE *this, int fd, unsigned flags)
{
    SXE_RETURN result = SXE_RETURN_OK;

    if (this->kind == SXE_KIND_TCP && (flags & SXE_LISTEN_FLAG_DEFER_ACCEPT) &&
        sxe_set_int_option(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, SXE_DEFER_ACCEPT_SECONDS) < 0) {
        result = sxe_socket_error(this, "setsockopt(TCP_DEFER_ACCEPT)");
    }

    return result;
}

/* Create, configure and bind the socket of a listener or UDP object. Returns the socket or -1 (result set). */
static int sxe_bind_socket(SXE *this, unsigned flags, SXE_RETURN *result)
{
    int type = this->kind == SXE_KIND_UDP ? SOCK_DGRAM : SOCK_STREAM;
    struct sockaddr_un unix_address;
    const struct sockaddr *address;
    socklen_t length;
    int fd = sxe_syscalls.socket(this->local_addr.sa.sa_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        *result = sxe_socket_error(this, "socket()");
        goto SXE_ERROR_OUT;
    }

    if (this->kind != SXE_KIND_UNIX && sxe_set_int_option(fd, SOL_SOCKET, SO_REUSEADDR, 1) < 0) {
        *result = sxe_socket_error(this, "setsockopt(SO_REUSEADDR)");
        goto SXE_ERROR_OUT;
    }

    if ((flags & SXE_LISTEN_FLAG_REUSEPORT) && sxe_set_int_option(fd, SOL_SOCKET, SO_REUSEPORT, 1) < 0) {
        *result = sxe_socket_error(this, "setsockopt(SO_REUSEPORT)");
        goto SXE_ERROR_OUT;
    }

    address = sxe_socket_address(this, &this->local_addr, &unix_address, &length);

    if (sxe_syscalls.bind(fd, address, length) < 0) {
        *result = sxe_socket_error(this, "bind()");
        goto SXE_ERROR_OUT;
    }

    return fd;

SXE_EARLY_OR_ERROR_OUT:
    if (fd >= 0) {
        sxe_syscalls.close(fd);
    }

    return -1;
}

/* sxe_listen(), sxe_listen_plus() and sxe_listen_with_backlog(), logging as `function`. */
static SXE_RETURN sxe_listen_common(SXE *this, unsigned flags, int backlog, const char *function)
{
    SXE_RETURN result;
    int fd = -1;

    sxe_globals.last_errno = 0; /* set by sxe_socket_error() when a system call fails */

    if ((result = sxe_check_object(this, function)) != SXE_RETURN_OK) {
        return result;
    }

    SXEE6I("%s(flags=%u, backlog=%d)", function, flags, backlog);
    result = SXE_RETURN_ERROR_BAD_PARAMETER;

    if (flags & ~SXE_LISTEN_FLAGS_KNOWN) {
        SXEL2I("%s(flags=0x%x): unknown flags 0x%x", function, flags, flags & ~SXE_LISTEN_FLAGS_KNOWN);
        goto SXE_ERROR_OUT;
    }

    result = SXE_RETURN_ERROR_BAD_STATE;

    if (this->sock >= 0) {
        SXEL3I("%s(): object %u already has a socket (listening or connected)", function, this->id);
        goto SXE_ERROR_OUT;
    }

    if ((fd = sxe_bind_socket(this, flags, &result)) < 0) {
        goto SXE_ERROR_OUT;
    }

    if ((result = sxe_listen_options(this, fd, flags)) != SXE_RETURN_OK ||
        (this->kind != SXE_KIND_UDP &&
         sxe_syscalls.listen(fd, backlog > 0 ? backlog : SXE_LISTEN_BACKLOG_DEFAULT) < 0)) {
        result = result != SXE_RETURN_OK ? result : sxe_socket_error(this, "listen()");
        sxe_syscalls.close(fd);

        if (this->kind == SXE_KIND_UNIX) {
            unlink(sxe_unix_path(this->unix_path));
        }

        goto SXE_ERROR_OUT;
    }

    this->flags |= SXE_FLAG_LISTENING | (this->kind == SXE_KIND_UNIX ? SXE_FLAG_UNLINK_PATH : 0);
    this->flags &= ~(SXE_FLAG_LOCAL_PORT_KNOWN | SXE_FLAG_NODELAY_ON_SOCKET | SXE_FLAG_READ_AT_ACCEPT);
    this->flags |= this->kind != SXE_KIND_UDP && (flags & SXE_LISTEN_FLAG_DEFER_ACCEPT) ? SXE_FLAG_READ_AT_ACCEPT : 0;
    this->flags |= this->kind != SXE_KIND_UDP ? (flags & SXE_FLAG_IS_ONESHOT) : 0;
    sxe_start_socket(this, fd);

    if (this->kind == SXE_KIND_TCP && !(this->flags & SXE_FLAG_NO_NODELAY)) {
        sxe_listener_set_nodelay(this, true);
    }
    sxe_get_local_port(this); /* once per listener: port-0 listeners learn their port */
    sxe_update_read_watcher(this);
    result = SXE_RETURN_OK;

SXE_EARLY_OR_ERROR_OUT:
    SXER6I("return %s // port=%u", sxe_return_to_string(result), ntohs(this->local_addr.in.sin_port));
    return result;
}

SXE_RETURN
sxe_listen_with_backlog(SXE *this, unsigned flags, int backlog)
{
    return sxe_listen_common(this, flags, backlog, "sxe_listen_with_backlog");
}

SXE_RETURN
sxe_listen_plus(SXE *this, unsigned flags)
{
    return sxe_listen_common(this, flags, sxe_globals.listen_backlog, "sxe_listen_plus");
}

SXE_RETURN
sxe_listen(SXE *this)
{
    return sxe_listen_common(this, 0, sxe_globals.listen_backlog, "sxe_listen");
}

SXE_RETURN
sxe_listen_oneshot(SXE *this)
{
    return sxe_listen_common(this, SXE_FLAG_IS_ONESHOT, sxe_globals.listen_backlog, "sxe_listen_oneshot");
}

void sxe_set_listen_backlog(int listen_backlog)
{
    sxe_globals.listen_backlog = listen_backlog > 0 ? listen_backlog : 0;
}

/* A connection arrived while every object is in use: offer it to the hook, close it, count, log rarely. */
static void sxe_refuse(SXE *listener, int fd)
{
    sxe_globals.counters.refused_pool_exhausted++;

    if (sxe_rate_limit(&sxe_globals.log_time_pool_exhausted)) {
        SXEL3("connection refused: all %u objects are in use (%llu refused so far)", sxe_globals.number,
              sxe_globals.counters.refused_pool_exhausted);
    }

    if (listener->on_refused != NULL) {
        listener->on_refused(listener, fd);
    }

    sxe_syscalls.close(fd);
}

/* Stop accepting on this listener for SXE_ACCEPT_BACKOFF_SECONDS (a level-triggered watcher would spin). */
static void sxe_accept_backoff(SXE *listener)
{
    listener->flags |= SXE_FLAG_ACCEPT_BACKOFF;
    sxe_update_read_watcher(listener);

    if (!ev_is_active(&sxe_globals.backoff_timer)) {
        ev_timer_set(&sxe_globals.backoff_timer, SXE_ACCEPT_BACKOFF_SECONDS, 0.0);
        ev_timer_start(sxe_loop(), &sxe_globals.backoff_timer);
    }
}

/* accept4 failed with EMFILE/ENFILE (or ENOBUFS/ENOMEM): shed one pending connection with the reserve descriptor
 * (offered to the refused hook first, like a connection refused for lack of objects), or back off. Back off too when
 * the shedding accept itself fails (e.g. ENOMEM, which a freed descriptor does not cure): the level-triggered listener
 * would otherwise fire again at once and the loop would spin.
 */
static void sxe_out_of_files(SXE *listener)
{
    bool shed_failed = false;
    int fd;

    sxe_globals.counters.refused_out_of_files++;

    if (sxe_rate_limit(&sxe_globals.log_time_out_of_files)) {
        SXEL3("accept: out of file descriptors (%llu times so far)", sxe_globals.counters.refused_out_of_files);
    }

    if (sxe_globals.reserve_fd >= 0) {
        sxe_syscalls.close(sxe_globals.reserve_fd);

        if ((fd = sxe_syscalls.accept4(listener->sock, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
            if (listener->on_refused != NULL) {
                listener->on_refused(listener, fd); /* e.g. a 503: the client learns why, instead of a bare close */
            }

            sxe_syscalls.close(fd);
        } else {
            shed_failed = errno != EAGAIN && errno != EWOULDBLOCK;
        }

        sxe_globals.reserve_fd = sxe_syscalls.open_reserve();
    }

    if (sxe_globals.reserve_fd < 0 || shed_failed) {
        sxe_accept_backoff(listener);
    }
}

/* Re-enable listeners paused for lack of descriptors; try to get the reserve back. */
void sxe_backoff_timeout(struct ev_loop *loop, ev_timer *timer, int revents)
{
    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(timer);
    SXE_UNUSED_ARGUMENT(revents);

    if (sxe_globals.reserve_fd < 0) {
        sxe_globals.reserve_fd = sxe_syscalls.open_reserve();
    }

    for (unsigned id = 0; id < sxe_globals.number; id++) {
        SXE *this = sxe_object(id);

        if (this->flags & SXE_FLAG_ACCEPT_BACKOFF) {
            this->flags &= ~SXE_FLAG_ACCEPT_BACKOFF;
            sxe_update_read_watcher(this);
        }
    }
}

/* Set up an accepted connection on a fresh object; returns false when the pool is exhausted. */
static SXE *sxe_adopt(SXE *listener, int fd, const SXE_SOCKADDR *peer)
{
    SXE *this = sxe_alloc(listener, listener->kind);

    if (this == NULL) {
        return NULL;
    }

    if (SXE_UNLIKELY(listener->flags & SXE_FLAG_TRANSPORT) && !sxe_transport_of(listener)->accept(listener, this)) {
        sxe_release(this); /* refused by the transport (e.g. its memory is exhausted): a pool-full refusal */
        return NULL;
    }

    this->on_connected = listener->on_connected;
    this->on_read = listener->on_read;
    this->on_close = listener->on_close;
    this->user_data = listener->user_data;
    this->local_addr = listener->local_addr;
    this->peer_addr = *peer;

    if (this->kind == SXE_KIND_UNIX) { /* its peer address is the listener's path (the client's is usually unnamed) */
        this->peer_addr.sa.sa_family = AF_UNIX;
        this->unix_path = sxe_unix_path_ref(listener->unix_path);
    }
    this->flags |= SXE_FLAG_CONNECTED | SXE_FLAG_LOCAL_PORT_KNOWN |
                   (listener->flags & (SXE_FLAG_HALF_CLOSE | SXE_FLAG_NO_NODELAY));

    this->idle_class = (unsigned char)sxe_timeout_class_ref(listener->idle_class);

    if (this->kind == SXE_KIND_TCP && !(this->flags & SXE_FLAG_NO_NODELAY) &&
        !(listener->flags & SXE_FLAG_NODELAY_ON_SOCKET)) {
        sxe_set_int_option(fd, IPPROTO_TCP, TCP_NODELAY, 1); /* not inherited from the listener: set it here */
    }

    sxe_start_socket(this, fd);
    sxe_update_pool_state(this);

    if (!(listener->flags & SXE_FLAG_READ_AT_ACCEPT) && !(this->flags & SXE_FLAG_TRANSPORT_HOLD)) {
        ev_io_start(sxe_loop(), &this->io_read);
    }

    sxe_globals.counters.accepted++;
    return this;
}

/* A one-shot listener accepted its connection: close the listening socket (and unlink a unix listener's path) and
 * make the same object that connection, then call on_connected (classic sxe_listen_oneshot()).
 */
static void sxe_become_connection(SXE *this, int fd, const SXE_SOCKADDR *peer)
{
    unsigned generation = this->generation;

    SXEL6I("one-shot listener: becomes the connection accepted on fd %d", fd);
    ev_io_stop(sxe_loop(), &this->io_read);
    sxe_syscalls.close(this->sock);

    if (this->flags & SXE_FLAG_UNLINK_PATH) {
        unlink(sxe_unix_path(this->unix_path));
    }

    this->flags &= ~(SXE_FLAG_LISTENING | SXE_FLAG_IS_ONESHOT | SXE_FLAG_UNLINK_PATH | SXE_FLAG_ACCEPT_BACKOFF |
                     SXE_FLAG_NODELAY_ON_SOCKET);
    this->flags |= SXE_FLAG_CONNECTED | SXE_FLAG_LOCAL_PORT_KNOWN;
    this->peer_addr = *peer;

    if (this->kind == SXE_KIND_UNIX) {
        this->peer_addr.sa.sa_family = AF_UNIX;
    } else if (!(this->flags & SXE_FLAG_NO_NODELAY)) {
        sxe_set_int_option(fd, IPPROTO_TCP, TCP_NODELAY, 1);
    }

    this->on_refused = NULL; /* the listener's hook shares storage with the completion of a send */
    sxe_start_socket(this, fd);
    sxe_update_pool_state(this);
    sxe_globals.counters.accepted++;

    if (this->on_connected != NULL && !(this->flags & SXE_FLAG_HANDSHAKE)) { /* a transport: after its handshake */
        this->on_connected(this);
    }

    if (this->generation == generation) {
        sxe_update_read_watcher(this);
    }
}

void sxe_io_accept(struct ev_loop *loop, ev_io *io, int revents)
{
    SXE *this = (SXE *)io; /* the listener */
    SXE *listener = this;
    unsigned generation = listener->generation;
    SXE_SOCKADDR peer;
    socklen_t peer_len;
    SXE *child;
    unsigned child_generation;
    int fd;

    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(revents);

    for (unsigned i = 0; i < SXE_ACCEPT_BATCH_MAXIMUM && listener->generation == generation; i++) {
        memset(&peer, 0, sizeof(peer));
        peer_len = sizeof(peer);

        if ((fd = sxe_syscalls.accept4(listener->sock, &peer.sa, &peer_len, SOCK_NONBLOCK | SOCK_CLOEXEC)) < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                sxe_out_of_files(listener);
            } else if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) {
                continue;
            } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
                if (sxe_rate_limit(&sxe_globals.log_time_accept_error)) {
                    SXEL3I("accept4() failed: %s; pausing this listener", strerror(errno));
                }

                sxe_accept_backoff(listener);
            }

            break;
        }

        if (listener->flags & SXE_FLAG_IS_ONESHOT) {
            if ((listener->flags & SXE_FLAG_TRANSPORT) && !sxe_transport_of(listener)->accept(listener, listener)) {
                sxe_refuse(listener, fd); /* the transport refused it: the listener keeps listening */
                continue;
            }

            sxe_become_connection(listener, fd, &peer);
            break;
        }

        if ((child = sxe_adopt(listener, fd, &peer)) == NULL) {
            sxe_refuse(listener, fd);
            continue;
        }

        SXEL6I("accepted connection id %u", child->id);
        child_generation = child->generation;

        if (child->on_connected != NULL && !(child->flags & SXE_FLAG_HANDSHAKE)) { /* a transport: after its handshake */
            child->on_connected(child);
        }

        if (listener->flags & SXE_FLAG_READ_AT_ACCEPT) {
            sxe_read_at_accept(child, child_generation);
        }
    }
}
