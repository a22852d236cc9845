/* sxe-pipe.c: classic unix-domain extras: socket pairs, descriptor passing (sxe_write_pipe) and the hand-off of a
 * received descriptor (the receiving object becomes that connection).
 *
 * A descriptor received on a unix object waits in a small table (SXE_HANDOFFS_MAXIMUM entries) until no input is left
 * on the pipe; then the object closes the pipe and switches to it. The table is only used in that window: usually the
 * pipe is drained by the read that brought the descriptor and the switch happens at once.
 */
#define SXE_LOG_COMPONENT "sxe"

#include <errno.h>
#include <string.h>

#include "sxe-private.h"

void sxe_handoffs_reset(void)
{
    memset(sxe_globals.handoffs, 0, sizeof(sxe_globals.handoffs));
}

static SXE_HANDOFF *sxe_handoff_find(const SXE *this)
{
    for (unsigned i = 0; i < SXE_HANDOFFS_MAXIMUM; i++) {
        if (sxe_globals.handoffs[i].object == this) {
            return &sxe_globals.handoffs[i];
        }
    }

    return NULL;
}

/* The object no longer waits for a hand-off: forget (and close, when `close_it`) its descriptor. Returns it. */
static int sxe_handoff_take(SXE *this, bool close_it)
{
    SXE_HANDOFF *entry = sxe_handoff_find(this);
    int fd = entry != NULL ? entry->fd : -1;

    if (entry != NULL) {
        entry->object = NULL;

        if (close_it) {
            sxe_syscalls.close(fd);
        }
    }

    this->flags &= ~SXE_FLAG_HANDOFF_PENDING;
    return fd;
}

void sxe_handoff_drop(SXE *this)
{
    sxe_handoff_take(this, true);
}

/* A descriptor arrived on unix object `this`: keep it (a second one replaces the first, classic) until the switch. */
static void sxe_handoff_receive(SXE *this, int fd)
{
    SXE_HANDOFF *entry = NULL;

    if (this->flags & SXE_FLAG_HANDOFF_PENDING) {
        SXEL3I("a second descriptor (%d) arrived on object %u before the first was handed off; it replaces it", fd,
               this->id);
        sxe_handoff_drop(this);
    }

    if ((entry = sxe_handoff_find(NULL)) == NULL) {
        SXEL2I("descriptor %d received on object %u closed: %u hand-offs are already waiting", fd, this->id,
               SXE_HANDOFFS_MAXIMUM);
        sxe_syscalls.close(fd);
        return;
    }

    sxe_syscalls.adopt_descriptor(fd);
    entry->object = this;
    entry->fd = fd;
    this->flags |= SXE_FLAG_HANDOFF_PENDING;
}

/* recv() of a unix object: recvmsg() accepting one SCM_RIGHTS descriptor per message. */
ssize_t sxe_recv_unix(SXE *this, void *buf, size_t size)
{
    union {
        struct cmsghdr align;
        char control[CMSG_SPACE(sizeof(int))];
    } control;
    struct iovec iov = {.iov_base = buf, .iov_len = size};
    struct msghdr message;
    struct cmsghdr *header;
    ssize_t length;
    int fd;

    memset(&message, 0, sizeof(message));
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    message.msg_control = control.control;
    message.msg_controllen = sizeof(control.control);

    if ((length = sxe_syscalls.recvmsg(this->sock, &message, MSG_CMSG_CLOEXEC)) <= 0) {
        return length;
    }

    if (message.msg_flags & MSG_CTRUNC) {
        SXEL3I("more than one descriptor arrived with one message on object %u: only the first is kept", this->id);
    }

    for (header = CMSG_FIRSTHDR(&message); header != NULL; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_RIGHTS &&
            header->cmsg_len >= CMSG_LEN(sizeof(int))) {
            memcpy(&fd, CMSG_DATA(header), sizeof(fd));
            sxe_handoff_receive(this, fd);
        }
    }

    return length;
}

/* Switch `this` from its pipe to the descriptor handed to it: it becomes that connection (TCP, or a unix socket). */
static void sxe_handoff_switch(SXE *this)
{
    int fd = sxe_handoff_take(this, false);
    socklen_t length = sizeof(this->peer_addr);

    SXEL6I("hand-off: object %u leaves its pipe (fd %d) for fd %d", this->id, this->sock, fd);
    ev_io_stop(sxe_loop(), &this->io_read);
    ev_io_stop(sxe_loop(), &this->io_write);
    sxe_syscalls.close(this->sock);
    sxe_unix_path_put(this->unix_path);
    this->unix_path = 0;
    memset(&this->peer_addr, 0, sizeof(this->peer_addr));

    if (sxe_syscalls.getpeername(fd, &this->peer_addr.sa, &length) < 0) {
        SXEL3I("hand-off: getpeername() of fd %d failed: %s", fd, strerror(errno));
    }

    this->kind = this->peer_addr.sa.sa_family == AF_INET || this->peer_addr.sa.sa_family == AF_INET6 ? SXE_KIND_TCP
                                                                                                     : SXE_KIND_UNIX;
    this->flags = this->kind == SXE_KIND_TCP ? this->flags & ~SXE_FLAG_SPECIAL_IO : this->flags;
    memset(&this->local_addr, 0, sizeof(this->local_addr));
    this->local_addr.sa.sa_family = this->peer_addr.sa.sa_family;
    this->flags &= ~(SXE_FLAG_LOCAL_PORT_KNOWN | SXE_FLAG_UNLINK_PATH | SXE_FLAG_PEER_CLOSED);
    sxe_start_socket(this, fd);
    sxe_update_read_watcher(this);
}

bool sxe_handoff_if_drained(SXE *this)
{
    int waiting = 0;

    if (sxe_syscalls.bytes_waiting(this->sock, &waiting) < 0) {
        SXEL3I("hand-off: FIONREAD on the pipe failed: %s; waiting for its end", strerror(errno));
        return false;
    }

    if (waiting > 0) {
        return false; /* more of the sender's input first */
    }

    sxe_handoff_switch(this);
    return true;
}

void sxe_handoff_at_end_of_file(SXE *this)
{
    sxe_handoff_switch(this); /* the pipe is done: no input can follow */
}

/* ---- socket pairs ------------------------------------------------------------------------------------------- */

SXE *sxe_new_socketpair(SXE *parent, int *out_pairedsocket, SXE_IN_EVENT_CONNECTED on_connected,
                        SXE_IN_EVENT_READ on_read, SXE_IN_EVENT_CLOSE on_close)
{
    SXE *this = NULL;
    int fds[2];

    SXEE6("sxe_new_socketpair()");

    if (out_pairedsocket == NULL) {
        SXEL2("sxe_new_socketpair(out_pairedsocket=NULL): nowhere to return the other end");
        goto SXE_ERROR_OUT;
    }

    if (!sxe_can_construct(on_read, "sxe_new_socketpair")) {
        goto SXE_ERROR_OUT;
    }

    if (sxe_syscalls.socketpair(AF_UNIX, SOCK_STREAM, 0, fds) < 0) {
        SXEL2("sxe_new_socketpair(): socketpair() failed: %s", strerror(errno));
        goto SXE_ERROR_OUT;
    }

    if ((this = sxe_alloc_new(parent, SXE_KIND_UNIX)) == NULL) {
        sxe_syscalls.close(fds[0]);
        sxe_syscalls.close(fds[1]);
        goto SXE_ERROR_OUT;
    }

    sxe_syscalls.adopt_descriptor(fds[0]);
    this->local_addr.sa.sa_family = AF_UNIX;
    this->peer_addr.sa.sa_family = AF_UNIX;
    this->on_connected = on_connected;
    this->on_read = on_read;
    this->on_close = on_close;
    this->flags |= SXE_FLAG_CONNECTED | SXE_FLAG_PENDING_CONNECTED;
    sxe_start_socket(this, fds[0]);
    sxe_defer(&this->deferred, sxe_object_deferred, this); /* on_connected from the loop, then reading starts */
    *out_pairedsocket = fds[1];

SXE_EARLY_OR_ERROR_OUT:
    SXER6("return id=%d", this ? (int)this->id : -1);
    return this;
}

/* ---- descriptor passing -------------------------------------------------------------------------------------- */

/* sxe_write_pipe()'s refusals: logged, SXE_LAST_WRITE_LENGTH 0. Returns the result, or OK when none applies. */
static SXE_RETURN sxe_write_pipe_check(SXE *this, const void *buf, unsigned size, int fd_to_send)
{
    if (this->kind != SXE_KIND_UNIX) {
        SXEL2I("sxe_write_pipe(): object %u is not a unix-domain object", this->id);
        return SXE_RETURN_ERROR_NOT_SUPPORTED;
    }

    if (buf == NULL || size == 0 || fd_to_send < 0) {
        SXEL2I("sxe_write_pipe(size=%u, fd_to_send=%d): a descriptor goes with at least one byte", size, fd_to_send);
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    if (this->sock < 0 || !(this->flags & SXE_FLAG_CONNECTED)) {
        SXEL3I("sxe_write_pipe(): object %u is not connected", this->id);
        return SXE_RETURN_ERROR_NO_CONNECTION;
    }

    if (this->flags & SXE_FLAG_SEND_PENDING) {
        SXEL3I("sxe_write_pipe(): a send is pending");
        return SXE_RETURN_ERROR_BAD_STATE;
    }

    return SXE_RETURN_OK;
}

SXE_RETURN
sxe_write_pipe(SXE *this, const void *buf, unsigned size, int fd_to_send)
{
    union {
        struct cmsghdr align;
        char control[CMSG_SPACE(sizeof(int))];
    } control;
    struct iovec iov = {.iov_base = (void *)(uintptr_t)buf, .iov_len = size};
    struct msghdr message;
    struct cmsghdr *header;
    SXE_RETURN result;
    ssize_t length;

    sxe_globals.last_errno = 0;

    if (this == NULL) {
        return sxe_misuse(this, "sxe_write_pipe");
    }

    if (this->kind == 0) {
        SXEL3I("sxe_write_pipe(): object %u is not in use (closed, or never created)", this->id);
        return SXE_RETURN_ERROR_NO_CONNECTION;
    }

    this->last_write_length = 0;

    if ((result = sxe_write_pipe_check(this, buf, size, fd_to_send)) != SXE_RETURN_OK) {
        return result;
    }

    memset(&message, 0, sizeof(message));
    memset(&control, 0, sizeof(control));
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    message.msg_control = control.control;
    message.msg_controllen = sizeof(control.control);
    header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(header), &fd_to_send, sizeof(fd_to_send));

    if ((length = sxe_syscalls.sendmsg(this->sock, &message, MSG_NOSIGNAL | MSG_DONTWAIT)) >= 0) {
        sxe_globals.counters.bytes_out += (unsigned long long)length;
        this->last_write_length = (unsigned)length;
        return (unsigned)length == size ? SXE_RETURN_OK : SXE_RETURN_WARN_WOULD_BLOCK;
    }

    if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return SXE_RETURN_WARN_WOULD_BLOCK; /* nothing sent: the descriptor did not go either */
    }

    sxe_globals.last_errno = errno;
    SXEL6I("sxe_write_pipe(): sendmsg failed: %s", strerror(errno));
    return sxe_write_error(sxe_globals.last_errno);
}
