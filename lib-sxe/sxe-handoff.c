/* sxe-handoff.c: handing a connection from one thread's lib-sxe to another's (sxe_detach, sxe_new_from_fd).
 *
 * Objects belong to the thread whose sxe_init() made them, so a connection does not move: it leaves one lib-sxe with
 * its descriptor and its unconsumed input (sxe_detach) and a new object of the other thread's lib-sxe adopts them
 * (sxe_new_from_fd). How the descriptor and the bytes travel between the threads is the application's (e.g. an
 * SXE_RING of sxe-ring.h). Nothing is allocated; the bytes are copied twice (out of the old buffer, into the new one).
 */
#define SXE_LOG_COMPONENT "sxe"

#include <errno.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "sxe-private.h"

/* Flags of an object that cannot leave now: not an established stream connection, or busy with a send, a close or a
 * descriptor hand-off of its own (sxe_write_pipe's receiving side).
 */
#define SXE_DETACH_REFUSED                                                                                             \
    (SXE_FLAG_LISTENING | SXE_FLAG_CONNECTING | SXE_FLAG_SEND_PENDING | SXE_FLAG_IN_CLOSE | SXE_FLAG_IN_ON_CLOSE |     \
     SXE_FLAG_HANDOFF_PENDING)

/* The epoll descriptor of this thread's loop, or -1 when its backend is not epoll or the descriptor cannot be had.
 * libev does not give it out, but an ev_embed watcher holds it: ev_embed_start() watches the embedded loop's backend
 * descriptor with its ev_io. So a throw-away host loop (select: no descriptor of its own) embeds this one for a moment.
 * Cached per thread for its loop and process.
 */
static int sxe_loop_epoll_fd(void)
{
    struct ev_loop *loop = sxe_loop();
    struct ev_loop *host;
    ev_embed embed;

    if (sxe_globals.epoll_loop == loop && sxe_globals.epoll_pid == getpid()) {
        return sxe_globals.epoll_fd;
    }

    sxe_globals.epoll_loop = loop;
    sxe_globals.epoll_pid = getpid();
    sxe_globals.epoll_fd = -1;

    if (ev_backend(loop) != EVBACKEND_EPOLL || !(ev_embeddable_backends() & EVBACKEND_EPOLL) ||
        (host = ev_loop_new(EVBACKEND_SELECT | EVFLAG_NOENV)) == NULL) {
        SXEL6("sxe_detach(): the loop's backend is not epoll, or no host loop: nothing to tell the kernel");
        return -1;
    }

    ev_embed_init(&embed, NULL, loop);
    ev_embed_start(host, &embed);
    sxe_globals.epoll_fd = embed.io.fd;
    ev_embed_stop(host, &embed);
    ev_loop_destroy(host);
    return sxe_globals.epoll_fd;
}

/* Take a descriptor that stays open out of this thread's loop for good. libev's epoll backend leaves a stopped
 * descriptor in the kernel's interest set (it expects a close to remove it) and deletes it when an event comes: after
 * the hand-off, that would be this thread's loop waking up for, and calling epoll_ctl() on, another thread's
 * connection. So it is deleted now (libev copes with a descriptor deleted behind its back: ENOENT, EEXIST). The
 * other backends keep no such state in the kernel.
 */
static void sxe_forget_descriptor(int fd)
{
    int epoll_fd = sxe_loop_epoll_fd();

    if (epoll_fd >= 0 && epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, NULL) < 0 && errno != ENOENT) {
        SXEL3("sxe_detach(): epoll_ctl(EPOLL_CTL_DEL) of fd %d failed: %s", fd, strerror(errno));
    }
}

SXE_RETURN
sxe_detach(SXE *this, int *fd_out, void *buf, unsigned size, unsigned *length_out)
{
    SXE_RETURN result;

    if (fd_out != NULL) {
        *fd_out = -1;
    }

    if (length_out != NULL) {
        *length_out = 0;
    }

    if ((result = sxe_check_object(this, "sxe_detach")) != SXE_RETURN_OK) {
        return result;
    }

    if (fd_out == NULL || length_out == NULL || (buf == NULL && size > 0)) {
        SXEL2I("sxe_detach(): NULL %s", fd_out == NULL ? "fd_out" : length_out == NULL ? "length_out" : "buf");
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    if (this->kind == SXE_KIND_UDP || this->sock < 0 || !(this->flags & SXE_FLAG_CONNECTED) ||
        (this->flags & SXE_DETACH_REFUSED)) {
        SXEL3I("sxe_detach(): object %u is not an established stream connection that is free to go (flags 0x%x)",
               this->id, this->flags);
        return SXE_RETURN_ERROR_BAD_STATE;
    }

    if (SXE_BUF_USED(this) > size) {
        SXEL3I("sxe_detach(size=%u): %u bytes are buffered", size, SXE_BUF_USED(this));
        return SXE_RETURN_ERROR_BUFFER_FULL;
    }

    SXEL6I("sxe_detach(): fd %d and %u buffered bytes leave object %u", this->sock, SXE_BUF_USED(this), this->id);
    if (SXE_BUF_USED(this) > 0) { /* buf may be NULL when size is 0 */
        memcpy(buf, SXE_BUF(this), SXE_BUF_USED(this));
    }

    *length_out = SXE_BUF_USED(this);
    *fd_out = this->sock;
    ev_io_stop(sxe_loop(), &this->io_read);
    ev_io_stop(sxe_loop(), &this->io_write);
    sxe_forget_descriptor(this->sock);
    this->sock = -1; /* the descriptor is the caller's now: sxe_release() must not close it */
    sxe_release(this);
    return SXE_RETURN_OK;
}

/* sxe_new_from_fd(): the kind of a connected stream socket (its addresses filled in), or 0 (logged) when it is not one.
 */
static SXE_KIND sxe_adoptable_kind(int fd, SXE_SOCKADDR *local, SXE_SOCKADDR *peer)
{
    socklen_t length = sizeof(int);
    int type = 0;

    if (sxe_syscalls.getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) < 0 || type != SOCK_STREAM) {
        SXEL3("sxe_new_from_fd(fd=%d): not a stream socket (%s)", fd, type == 0 ? strerror(errno) : "another type");
        return 0;
    }

    length = sizeof(*peer);

    if (sxe_syscalls.getpeername(fd, &peer->sa, &length) < 0) {
        SXEL3("sxe_new_from_fd(fd=%d): not connected (getpeername: %s)", fd, strerror(errno));
        return 0;
    }

    length = sizeof(*local);

    if (sxe_syscalls.getsockname(fd, &local->sa, &length) < 0) {
        SXEL3("sxe_new_from_fd(fd=%d): getsockname: %s", fd, strerror(errno));
        return 0;
    }

    return local->sa.sa_family == AF_UNIX ? SXE_KIND_UNIX : SXE_KIND_TCP;
}

SXE *sxe_new_from_fd(SXE *parent, int fd, const void *bytes, unsigned length, SXE_IN_EVENT_CONNECTED on_connected,
                     SXE_IN_EVENT_READ on_read, SXE_IN_EVENT_CLOSE on_close)
{
    SXE_SOCKADDR local, peer;
    SXE *this = NULL;
    SXE_KIND kind;
    int one = 1;

    SXEE6("sxe_new_from_fd(fd=%d, length=%u)", fd, length);

    if (!sxe_can_construct(on_read, "sxe_new_from_fd")) {
        goto SXE_ERROR_OUT;
    }

    if (fd < 0 || (bytes == NULL && length > 0) || length > sxe_globals.buffer_size) {
        SXEL2("sxe_new_from_fd(fd=%d, length=%u): a bad descriptor, NULL bytes or more than the buffer size (%u)", fd,
              length, sxe_globals.buffer_size);
        goto SXE_ERROR_OUT;
    }

    memset(&local, 0, sizeof(local));
    memset(&peer, 0, sizeof(peer));

    if ((kind = sxe_adoptable_kind(fd, &local, &peer)) == 0 || (this = sxe_alloc_new(parent, kind)) == NULL) {
        goto SXE_ERROR_OUT; /* the descriptor stays the caller's */
    }

    sxe_syscalls.adopt_descriptor(fd);

    if (kind == SXE_KIND_TCP) {
        sxe_syscalls.setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)); /* the classic default */
    } else {
        local.sa.sa_family = AF_UNIX; /* unix objects keep no path here (sxe.h: SXE_SOCKADDR) */
        peer.sa.sa_family = AF_UNIX;
    }

    this->local_addr = local;
    this->peer_addr = peer;
    this->on_connected = on_connected;
    this->on_read = on_read;
    this->on_close = on_close;
    if (length > 0) { /* bytes may be NULL when length is 0 */
        memcpy(this->in_buf, bytes, length);
    }

    this->in_total = length;
    this->flags |= SXE_FLAG_CONNECTED | SXE_FLAG_LOCAL_PORT_KNOWN | SXE_FLAG_PENDING_CONNECTED;
    sxe_start_socket(this, fd);
    sxe_defer(&this->deferred, sxe_object_deferred, this); /* on_connected, the bytes, then reading: from the loop */

SXE_EARLY_OR_ERROR_OUT:
    SXER6("return id=%d", this ? (int)this->id : -1);
    return this;
}
