/* sxe-io.c: the hot path: reading into the fixed buffer, writing, sending with completion, sendfile. */
#define SXE_LOG_COMPONENT "sxe"

#include <errno.h>
#include <linux/tcp.h> /* struct tcp_info with tcpi_bytes_acked (glibc's <netinet/tcp.h> copy predates it) */
#include <stddef.h>
#include <string.h>

#include "sxe-transport-private.h"

#define SXE_FROM_WRITE_WATCHER(io) ((SXE *)((char *)(io)-offsetof(SXE, io_write)))

/* The result of a failed send, sendto or sendfile (classic): the peer is gone (reset, refused, not connected, broken
 * pipe): SXE_RETURN_ERROR_NO_CONNECTION; anything else: SXE_RETURN_ERROR_WRITE_FAILED.
 */
SXE_RETURN
sxe_write_error(int error)
{
    return error == ECONNRESET || error == ECONNREFUSED || error == ENOTCONN || error == EPIPE
               ? SXE_RETURN_ERROR_NO_CONNECTION
               : SXE_RETURN_ERROR_WRITE_FAILED;
}

/* The close reason of a failed recv: SXE_RETURN_ERROR_NO_CONNECTION when the peer is gone (as sxe_write_error()),
 * else SXE_RETURN_ERROR_READ_FAILED.
 */
static SXE_RETURN sxe_read_error(int error)
{
    return sxe_write_error(error) == SXE_RETURN_ERROR_NO_CONNECTION ? SXE_RETURN_ERROR_NO_CONNECTION
                                                                    : SXE_RETURN_ERROR_READ_FAILED;
}

/* After a read callback: if the unconsumed data fills the buffer, stop reading until the application consumes. */
static inline void sxe_check_full(SXE *this)
{
    if (SXE_UNLIKELY(SXE_BUF_USED(this) >= sxe_globals.buffer_size)) {
        this->flags |= SXE_FLAG_BUF_FULL;
        ev_io_stop(sxe_loop(), &this->io_read);
    }
}

/* The peer shut its write side (recv returned 0). A re-delivery queued by sxe_buf_resume() runs first (once), so
 * the application never sees the end of file before data it asked to see again.
 */
static void sxe_peer_eof(SXE *this)
{
    unsigned generation = this->generation;

    SXEL6I("peer closed (end of file)");
    this->flags |= SXE_FLAG_PEER_CLOSED;
    ev_io_stop(sxe_loop(), &this->io_read);

    if (this->flags & SXE_FLAG_PENDING_RESUME) {
        sxe_cancel_redelivery(this);
        sxe_deliver_buffered(this);

        if (this->generation != generation) {
            return; /* closed by on_read */
        }

        sxe_cancel_redelivery(this); /* a resume from that on_read would come after the end of file: drop it */
    }

    if (this->flags & SXE_FLAG_HALF_CLOSE) {
        this->on_read(this, 0);
        return;
    }

    if (this->flags & SXE_FLAG_SEND_PENDING) {
        return; /* finish the send first; sxe_send_complete() then closes */
    }

    sxe_close_from_peer(this, SXE_RETURN_END_OF_FILE, 0);
}

/* recv() of the stream objects that are not plain TCP: unix (descriptor passing) and those with a transport (which
 * may call back, and close the object: it then returns -1 with errno EAGAIN).
 */
static ssize_t __attribute__((noinline)) sxe_recv_special(SXE *this, char *buf, size_t size)
{
    return this->flags & SXE_FLAG_TRANSPORT ? sxe_transport_of(this)->recv(this, buf, size)
                                            : sxe_recv_unix(this, buf, size);
}

/* Stream sockets: one recv into the free end of the buffer, then on_read. */
void sxe_io_read(struct ev_loop *loop, ev_io *io, int revents)
{
    SXE *this = (SXE *)io;
    ssize_t length;
    unsigned generation;
    int error;

    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(revents);

    if (this->in_consumed > 0) {
        this->in_total -= this->in_consumed;
        memmove(this->in_buf, this->in_buf + this->in_consumed, this->in_total);
        this->in_consumed = 0;
    }

    if (SXE_UNLIKELY(this->in_total == sxe_globals.buffer_size)) { /* defensive: never recv into no room */
        sxe_check_full(this);
        return;
    }

    length = SXE_UNLIKELY(this->flags & SXE_FLAG_SPECIAL_IO)
                 ? sxe_recv_special(this, this->in_buf + this->in_total, sxe_globals.buffer_size - this->in_total)
                 : sxe_syscalls.recv(this->sock, this->in_buf + this->in_total, sxe_globals.buffer_size - this->in_total,
                                     0);

    if (SXE_LIKELY(length > 0)) {
        this->in_total += (unsigned)length;
        sxe_globals.counters.bytes_in += (unsigned long long)length;

        if (this->idle_class != 0) {
            sxe_pool_touch_indexed_element(sxe_globals.pool, this->id);
        }

        if (SXE_UNLIKELY(this->flags & SXE_FLAG_PENDING_RESUME)) {
            this->flags &= ~SXE_FLAG_PENDING_RESUME; /* this callback shows the buffered data too */
            sxe_defer_cancel(&this->deferred);
        }

        if (SXE_UNLIKELY(this->flags & SXE_FLAG_HANDOFF_PENDING)) {
            sxe_handoff_if_drained(this); /* classic: the switch comes before the on_read of the message */
        }

        generation = this->generation;
        this->on_read(this, (int)length);

        if (SXE_LIKELY(this->generation == generation)) {
            sxe_check_full(this);
        }

        return;
    }

    if (length == 0 && SXE_UNLIKELY(this->flags & SXE_FLAG_HANDOFF_PENDING)) {
        sxe_handoff_at_end_of_file(this);
        return;
    }

    if (length == 0) {
        sxe_peer_eof(this);
        return;
    }

    error = errno;

    if (error == EAGAIN || error == EWOULDBLOCK || error == EINTR) {
        return;
    }

    SXEL6I("recv() failed: %s", strerror(error));
    sxe_close_from_peer(this, error == EPROTO ? SXE_RETURN_ERROR_BAD_MESSAGE : sxe_read_error(error), error);
}

/* SXE_LISTEN_FLAG_DEFER_ACCEPT: right after accept (and on_connected), read what has already arrived and deliver it
 * before the socket is ever registered with the loop (`generation`: the object's before on_connected, which may
 * have closed it); only a connection still open and wanting input afterwards
 * gets its read watcher started. A connection answered and closed in that first on_read never touches epoll.
 * Nothing is lost: data not read now (none yet, or more than the buffer) makes the socket readable for the watcher.
 */
void sxe_read_at_accept(SXE *this, unsigned generation)
{
    if (this->generation == generation && !(this->flags & (SXE_FLAG_PAUSED | SXE_FLAG_TRANSPORT_HOLD))) {
        sxe_io_read(sxe_loop(), &this->io_read, EV_READ);
    }

    if (this->generation == generation) {
        sxe_update_read_watcher(this);
    }
}

/* Datagram sockets: one callback per datagram; the buffer holds exactly that datagram. */
void sxe_io_read_udp(struct ev_loop *loop, ev_io *io, int revents)
{
    SXE *this = (SXE *)io;
    unsigned generation = this->generation;
    ssize_t length;
    socklen_t addr_len;

    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(revents);

    for (unsigned i = 0; i < SXE_UDP_READ_BATCH_MAXIMUM; i++) {
        addr_len = sizeof(this->peer_addr);
        length =
            sxe_syscalls.recvfrom(this->sock, this->in_buf, sxe_globals.buffer_size, 0, &this->peer_addr.sa, &addr_len);

        if (length < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                SXEL6I("recvfrom() failed: %s", strerror(errno));
            }

            break;
        }

        this->in_total = (unsigned)length;
        this->in_consumed = 0;
        sxe_globals.counters.bytes_in += (unsigned long long)length;
        this->on_read(this, (int)length);

        if (this->generation != generation || !ev_is_active(&this->io_read)) {
            break; /* closed or paused inside the callback */
        }
    }
}

/* Re-deliver buffered data after sxe_buf_resume(). */
void sxe_deliver_buffered(SXE *this)
{
    unsigned generation = this->generation;

    if (SXE_BUF_USED(this) == 0 || (this->flags & SXE_FLAG_PAUSED)) {
        return;
    }

    this->on_read(this, (int)SXE_BUF_USED(this));

    if (this->generation == generation && this->kind != SXE_KIND_UDP) {
        sxe_check_full(this);
    }
}

static void sxe_buf_unfull(SXE *this)
{
    if ((this->flags & SXE_FLAG_BUF_FULL) && SXE_BUF_USED(this) < sxe_globals.buffer_size) {
        this->flags &= ~SXE_FLAG_BUF_FULL;
        sxe_update_read_watcher(this);
    }
}

void sxe_buf_clear(SXE *this)
{
    if (!SXE_IS_IN_USE(this)) {
        sxe_misuse(this, "sxe_buf_clear");
        return;
    }

    this->in_total = 0;
    this->in_consumed = 0;
    sxe_buf_unfull(this);
}

/* sxe_buf_discard() and sxe_buf_consume(), logging as `function`. */
static void sxe_buf_drop(SXE *this, unsigned n, const char *function)
{
    if (SXE_UNLIKELY(n > SXE_BUF_USED(this))) {
        SXEL3I("%s(%u): only %u bytes are buffered; discarding them all", function, n, SXE_BUF_USED(this));
        n = SXE_BUF_USED(this);
    }

    this->in_consumed += n;

    if (this->in_consumed == this->in_total) {
        this->in_total = 0;
        this->in_consumed = 0;
    }

    sxe_buf_unfull(this);
}

void sxe_buf_discard(SXE *this, unsigned n)
{
    if (!SXE_IS_IN_USE(this)) {
        sxe_misuse(this, "sxe_buf_discard");
        return;
    }

    sxe_buf_drop(this, n, "sxe_buf_discard");
}

void sxe_buf_consume(SXE *this, unsigned n)
{
    if (!SXE_IS_IN_USE(this)) {
        sxe_misuse(this, "sxe_buf_consume");
        return;
    }

    sxe_buf_drop(this, n, "sxe_buf_consume");
    sxe_pause(this); /* classic: consuming pauses until sxe_buf_resume() */
}

/* Drop a re-delivery queued by sxe_buf_resume(); the data stays in the buffer. */
void sxe_cancel_redelivery(SXE *this)
{
    if (this->flags & SXE_FLAG_PENDING_RESUME) {
        this->flags &= ~SXE_FLAG_PENDING_RESUME;
        sxe_defer_cancel(&this->deferred);
    }
}

void sxe_pause(SXE *this)
{
    if (!SXE_IS_IN_USE(this)) {
        sxe_misuse(this, "sxe_pause");
        return;
    }

    SXEL6I("sxe_pause()");
    this->flags |= SXE_FLAG_PAUSED;
    sxe_cancel_redelivery(this);
    sxe_update_read_watcher(this);
}

void sxe_buf_resume(SXE *this, SXE_BUF_RESUME how)
{
    if (!SXE_IS_IN_USE(this)) {
        sxe_misuse(this, "sxe_buf_resume");
        return;
    }

    if (SXE_UNLIKELY(how != SXE_BUF_RESUME_IMMEDIATE && how != SXE_BUF_RESUME_WHEN_MORE_DATA)) {
        SXEL2I("sxe_buf_resume(how=%d): not an SXE_BUF_RESUME value; ignored", (int)how);
        return;
    }

    SXEL6I("sxe_buf_resume(how=%s) // buffered=%u", how == SXE_BUF_RESUME_IMMEDIATE ? "IMMEDIATE" : "WHEN_MORE_DATA",
           SXE_BUF_USED(this));
    this->flags &= ~SXE_FLAG_PAUSED;
    sxe_update_read_watcher(this);

    if (how == SXE_BUF_RESUME_WHEN_MORE_DATA) {
        sxe_cancel_redelivery(this);
    } else if (SXE_BUF_USED(this) > 0) {
        this->flags |= SXE_FLAG_PENDING_RESUME;
        sxe_defer(&this->deferred, sxe_object_deferred, this);
    }
}

/* ---- writing ----------------------------------------------------------------------------------------------- */

/* A write, send or sendfile given a NULL object or a NULL buffer with bytes to send: logs it (level 2) naming
 * `function` and returns SXE_RETURN_ERROR_BAD_PARAMETER. For a NULL buffer, SXE_LAST_WRITE_LENGTH becomes 0.
 */
static SXE_RETURN __attribute__((cold, noinline)) sxe_bad_write(SXE *this, const char *function)
{
    if (this == NULL) {
        return sxe_misuse(this, function);
    }

    SXEL2I("%s(): NULL buffer", function);
    this->last_write_length = 0;
    return SXE_RETURN_ERROR_BAD_PARAMETER;
}

/* send() of the objects that are not plain TCP: UDP (to the last sender), unix, and those with a transport. Not
 * inlined: the plain path then tests the flag in memory, as cheaply as it tested the kind before transports.
 */
static ssize_t __attribute__((noinline)) sxe_send_special(SXE *this, const void *buf, unsigned size)
{
    if (this->flags & SXE_FLAG_TRANSPORT) {
        return sxe_transport_of(this)->send(this, buf, size);
    }

    if (this->kind == SXE_KIND_UDP) {
        return sxe_syscalls.sendto(this->sock, buf, size, MSG_NOSIGNAL | MSG_DONTWAIT, &this->peer_addr.sa,
                                   sxe_sockaddr_length(&this->peer_addr));
    }

    return sxe_syscalls.send(this->sock, buf, size, MSG_NOSIGNAL | MSG_DONTWAIT);
}

static ssize_t sxe_send_now(SXE *this, const void *buf, unsigned size)
{
    ssize_t length = SXE_UNLIKELY(this->flags & SXE_FLAG_SPECIAL_IO)
                         ? sxe_send_special(this, buf, size)
                         : sxe_syscalls.send(this->sock, buf, size, MSG_NOSIGNAL | MSG_DONTWAIT);

    if (length > 0) {
        sxe_globals.counters.bytes_out += (unsigned long long)length;
    }

    return length;
}

SXE_RETURN
sxe_write(SXE *this, const void *buf, unsigned size)
{
    SXE_RETURN result = SXE_RETURN_ERROR_NO_CONNECTION;
    ssize_t length;
    int error = 0;

    if (SXE_UNLIKELY(this == NULL) || SXE_UNLIKELY(buf == NULL && size > 0)) {
        sxe_globals.last_errno = 0;
        return sxe_bad_write(this, "sxe_write");
    }

    this->last_write_length = 0;

    if (SXE_UNLIKELY(this->sock < 0)) {
        SXEL3I("sxe_write(): object %u has no socket (not connected, or closed)", this->id);
        goto SXE_ERROR_OUT;
    }

    result = SXE_RETURN_ERROR_BAD_STATE;

    if (SXE_UNLIKELY(this->flags & SXE_FLAG_SEND_PENDING)) {
        SXEL3I("sxe_write(): a send is pending");
        goto SXE_ERROR_OUT;
    }

    length = sxe_send_now(this, buf, size);

    if (SXE_LIKELY(length == (ssize_t)size)) {
        this->last_write_length = size;
        result = SXE_RETURN_OK;
    } else if (length >= 0 || errno == EAGAIN || errno == EWOULDBLOCK) {
        this->last_write_length = length > 0 ? (unsigned)length : 0;
        result = SXE_RETURN_WARN_WOULD_BLOCK;
    } else {
        error = errno;
        SXEL6I("sxe_write(): send failed: %s", strerror(error));
        result = sxe_write_error(error);
    }

SXE_EARLY_OR_ERROR_OUT:
    if (SXE_UNLIKELY(sxe_is_error(result))) {
        sxe_globals.last_errno = error;
    }

    return result;
}

/* sxe_write_to() and sxe_write_to_ip(), logging as `function`. */
static SXE_RETURN sxe_write_to_common(SXE *this, const void *buf, unsigned size, const void *dest_addr,
                                      const char *function)
{
    const struct sockaddr *addr = dest_addr;
    SXE_RETURN result = SXE_RETURN_ERROR_INVALID_ADDRESS;
    socklen_t addr_len;
    ssize_t length;
    int error = 0;

    if (SXE_UNLIKELY(this == NULL) || SXE_UNLIKELY(buf == NULL && size > 0)) {
        sxe_globals.last_errno = 0;
        return sxe_bad_write(this, function);
    }

    this->last_write_length = 0;

    if (addr == NULL || (addr->sa_family != AF_INET && addr->sa_family != AF_INET6)) {
        SXEL3I("%s(): destination is not an IPv4 or IPv6 address", function);
        goto SXE_ERROR_OUT;
    }

    result = SXE_RETURN_ERROR_NO_CONNECTION;

    if (this->sock < 0) {
        SXEL3I("%s(): object %u has no socket (call sxe_listen() first)", function, this->id);
        goto SXE_ERROR_OUT;
    }

    addr_len = addr->sa_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
    length = sxe_syscalls.sendto(this->sock, buf, size, MSG_NOSIGNAL | MSG_DONTWAIT, addr, addr_len);

    if (length >= 0) {
        sxe_globals.counters.bytes_out += (unsigned long long)length;
        this->last_write_length = (unsigned)length;
        result = SXE_RETURN_OK;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        result = SXE_RETURN_WARN_WOULD_BLOCK;
    } else {
        error = errno;
        SXEL6I("%s(): sendto failed: %s", function, strerror(error));
        result = sxe_write_error(error);
    }

SXE_EARLY_OR_ERROR_OUT:
    if (sxe_is_error(result)) {
        sxe_globals.last_errno = error;
    }

    return result;
}

SXE_RETURN
sxe_write_to_ip(SXE *this, const void *buf, unsigned size, const char *peer_ip, int peer_port)
{
    SXE_SOCKADDR addr;

    if (SXE_UNLIKELY(this == NULL) || SXE_UNLIKELY(buf == NULL && size > 0)) {
        sxe_globals.last_errno = 0;
        return sxe_bad_write(this, "sxe_write_to_ip");
    }

    if (sxe_parse_address(&addr, peer_ip, peer_port) != SXE_RETURN_OK) {
        this->last_write_length = 0;
        sxe_globals.last_errno = 0;
        return SXE_RETURN_ERROR_INVALID_ADDRESS;
    }

    return sxe_write_to_common(this, buf, size, &addr, "sxe_write_to_ip");
}

SXE_RETURN
sxe_write_to(SXE *this, const void *buf, unsigned size, const void *dest_addr)
{
    return sxe_write_to_common(this, buf, size, dest_addr, "sxe_write_to");
}

/* The pending send finished (or failed, or the object is closing: `closing`): call on_complete once. */
void sxe_send_complete(SXE *this, SXE_RETURN result, bool closing)
{
    SXE_OUT_EVENT_WRITTEN on_complete = this->on_complete;
    unsigned generation = this->generation;

    SXEL6I("send complete: %s", sxe_return_to_string(result));
    ev_io_stop(sxe_loop(), &this->io_write);
    this->flags &= ~(SXE_FLAG_SEND_PENDING | SXE_FLAG_SEND_BUFFERS | SXE_FLAG_NOTIFY_WRITABLE);
    this->on_complete = NULL;
    this->send_buf = NULL;
    this->send_left = 0;
    this->sendfile_fd = -1;
    this->sendfile_offset = NULL;

    if (on_complete != NULL) {
        on_complete(this, result);

        if (this->generation != generation) {
            return;
        }
    }

    if ((this->flags & (SXE_FLAG_PEER_CLOSED | SXE_FLAG_HALF_CLOSE)) == SXE_FLAG_PEER_CLOSED && !closing) {
        /* the peer's EOF arrived while sending; a failed send's errno stays in SXE_CLOSE_ERRNO */
        sxe_close_from_peer(this, SXE_RETURN_END_OF_FILE, result != SXE_RETURN_OK ? this->close_errno : 0);
    }
}

/* One step of the pending send. Returns the bytes sent, or -1 with errno. */
static ssize_t sxe_send_step(SXE *this)
{
    ssize_t length;

    if (this->sendfile_fd >= 0) {
        length = SXE_UNLIKELY(this->flags & SXE_FLAG_TRANSPORT)
                     ? sxe_transport_of(this)->sendfile(this, this->sendfile_fd, this->sendfile_offset, this->send_left)
                     : sxe_syscalls.sendfile(this->sock, this->sendfile_fd, this->sendfile_offset, this->send_left);

        if (length == 0) {
            errno = ENODATA; /* the file is shorter than announced */
            return -1;
        }

        if (length > 0) {
            sxe_globals.counters.bytes_out += (unsigned long long)length;
        }

        return length;
    }

    length = sxe_send_now(this, this->send_buf, this->send_left);

    if (length > 0) {
        this->send_buf += length;
    }

    return length;
}

/* The first buffer after `from` (from the head when NULL) of the pending sxe_send_buffers() list with bytes left. */
static SXE_BUFFER *sxe_buffers_next(SXE_LIST *list, SXE_BUFFER *from)
{
    SXE_LIST_NODE *node = from != NULL ? from->node.next : list->sentinel.next;

    for (; node != &list->sentinel; node = node->next) {
        SXE_BUFFER *buffer = (SXE_BUFFER *)(void *)((char *)node - list->offset);

        if (buffer->sent < buffer->len) {
            return buffer;
        }
    }

    return NULL;
}

/* One sendmsg(2) of up to SXE_SEND_BUFFERS_IOV_MAXIMUM buffers. Returns the bytes sent (their buffers' `sent`
 * advanced) or -1 with errno; *all_gathered tells whether that gathered every byte left.
 */
static ssize_t sxe_send_buffers_step(SXE *this, bool *all_gathered)
{
    struct iovec iov[SXE_SEND_BUFFERS_IOV_MAXIMUM];
    struct msghdr message;
    SXE_BUFFER *first = sxe_buffers_next(this->send_list, NULL);
    SXE_BUFFER *buffer = first;
    size_t count = 0;
    ssize_t length;
    size_t left;

    for (; buffer != NULL && count < SXE_SEND_BUFFERS_IOV_MAXIMUM; buffer = sxe_buffers_next(this->send_list, buffer)) {
        iov[count].iov_base = buffer->ptr + buffer->sent;
        iov[count++].iov_len = buffer->len - buffer->sent;
    }

    *all_gathered = buffer == NULL;
    memset(&message, 0, sizeof(message));
    message.msg_iov = iov;
    message.msg_iovlen = count;

    if (SXE_UNLIKELY(this->flags & SXE_FLAG_TRANSPORT)) { /* no gathering: one buffer per step */
        *all_gathered = *all_gathered && count == 1;
        length = sxe_transport_of(this)->send(this, iov[0].iov_base, iov[0].iov_len);
    } else {
        length = sxe_syscalls.sendmsg(this->sock, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
    }

    if (length <= 0) {
        return length;
    }

    sxe_globals.counters.bytes_out += (unsigned long long)length;

    for (buffer = first, left = (size_t)length; buffer != NULL && left > 0;
         buffer = sxe_buffers_next(this->send_list, buffer)) {
        unsigned take = left < buffer->len - buffer->sent ? (unsigned)left : buffer->len - buffer->sent;

        buffer->sent += take;
        left -= take;
    }

    return length;
}

/* sxe_send_progress() of sxe_send_buffers(): sends until everything went out or the socket is full. */
static SXE_RETURN sxe_send_buffers_progress(SXE *this, int *error)
{
    bool all_gathered;
    ssize_t length;

    while (sxe_buffers_next(this->send_list, NULL) != NULL) {
        if ((length = sxe_send_buffers_step(this, &all_gathered)) < 0) {
            *error = errno;

            if (*error == EAGAIN || *error == EWOULDBLOCK || *error == EINTR) {
                return SXE_RETURN_WARN_IN_PROGRESS;
            }

            SXEL6I("sendmsg failed: %s", strerror(*error));
            return sxe_write_error(*error);
        }

        if (all_gathered && sxe_buffers_next(this->send_list, NULL) != NULL) {
            return SXE_RETURN_WARN_IN_PROGRESS; /* a short send: the socket is full */
        }
    }

    return SXE_RETURN_OK;
}

/* A transport still holding bytes it took: the send is not complete until they are out. */
static SXE_RETURN sxe_send_transport_done(SXE *this)
{
    return sxe_transport_of(this)->pending(this) ? SXE_RETURN_WARN_IN_PROGRESS : SXE_RETURN_OK;
}

/* Try to send; OK when all sent, WARN_IN_PROGRESS when pending, else the error (sxe_write_error(); its errno in
 * *error).
 */
static SXE_RETURN sxe_send_progress(SXE *this, int *error)
{
    SXE_RETURN result;
    ssize_t length;

    if (this->flags & SXE_FLAG_SEND_BUFFERS) {
        result = sxe_send_buffers_progress(this, error);
        return result == SXE_RETURN_OK && (this->flags & SXE_FLAG_TRANSPORT) ? sxe_send_transport_done(this) : result;
    }

    if (SXE_UNLIKELY(this->send_left == 0)) { /* all taken by a transport that was still delivering them */
        return (this->flags & SXE_FLAG_TRANSPORT) ? sxe_send_transport_done(this) : SXE_RETURN_OK;
    }

    length = sxe_send_step(this);

    if (length < 0) {
        *error = errno;

        if (*error == EAGAIN || *error == EWOULDBLOCK || *error == EINTR) {
            return SXE_RETURN_WARN_IN_PROGRESS;
        }

        SXEL6I("send failed: %s", strerror(*error));
        return *error == ENODATA ? SXE_RETURN_END_OF_FILE : sxe_write_error(*error); /* ENODATA: a short file */
    }

    this->send_left -= (unsigned)length;

    if (this->send_left != 0) {
        return SXE_RETURN_WARN_IN_PROGRESS;
    }

    return SXE_UNLIKELY(this->flags & SXE_FLAG_TRANSPORT) ? sxe_send_transport_done(this) : SXE_RETURN_OK;
}

void sxe_io_write(struct ev_loop *loop, ev_io *io, int revents)
{
    SXE *this = SXE_FROM_WRITE_WATCHER(io);
    SXE_RETURN result;
    int error = 0;

    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(revents);

    if (this->flags & SXE_FLAG_CONNECTING) {
        sxe_connect_complete(this);
        return;
    }

    if ((this->flags & SXE_FLAG_TRANSPORT) && sxe_transport_of(this)->write_event(this)) {
        return; /* the transport's own write (its handshake, or bytes it holds): a send waits for it */
    }

    if (this->flags & SXE_FLAG_NOTIFY_WRITABLE) {
        sxe_send_complete(this, SXE_RETURN_OK, false);
        return;
    }

    SXEA6I(this->flags & SXE_FLAG_SEND_PENDING, "write watcher active without a pending send");
    result = sxe_send_progress(this, &error);

    if (result != SXE_RETURN_OK && result != SXE_RETURN_WARN_IN_PROGRESS) {
        this->close_errno = error; /* SXE_CLOSE_ERRNO during its on_complete */
    }

    if (this->idle_class != 0) {
        sxe_pool_touch_indexed_element(sxe_globals.pool, this->id); /* a draining send is activity too */
    }

    if (result != SXE_RETURN_WARN_IN_PROGRESS) {
        sxe_send_complete(this, result, false);
    }
}

SXE_RETURN
sxe_get_bytes_acknowledged(SXE *this, unsigned long long *bytes)
{
    struct tcp_info info;
    socklen_t length = sizeof(info);
    SXE_RETURN result;

    if (SXE_UNLIKELY(bytes == NULL)) {
        SXEL2("sxe_get_bytes_acknowledged(): NULL bytes");
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    *bytes = 0;

    if ((result = sxe_check_object(this, "sxe_get_bytes_acknowledged")) != SXE_RETURN_OK) {
        return result;
    }

    if (this->sock < 0) {
        return SXE_RETURN_ERROR_NO_CONNECTION;
    }

    if (this->kind != SXE_KIND_TCP) {
        return SXE_RETURN_ERROR_NOT_SUPPORTED;
    }

    memset(&info, 0, sizeof(info));

    if (sxe_syscalls.getsockopt(this->sock, IPPROTO_TCP, TCP_INFO, &info, &length) < 0) {
        sxe_globals.last_errno = errno;
        return SXE_RETURN_ERROR_INTERNAL;
    }

    if (length < offsetof(struct tcp_info, tcpi_bytes_acked) + sizeof(info.tcpi_bytes_acked)) {
        return SXE_RETURN_ERROR_NOT_SUPPORTED; /* a kernel older than 4.1 */
    }

    *bytes = info.tcpi_bytes_acked;
    return SXE_RETURN_OK;
}

/* The low 32 bits of the peer's acknowledged bytes, for the idle timeout of a pending send (0 when unknown). */
unsigned sxe_send_acked_mark(SXE *this)
{
    unsigned long long acked;

    sxe_get_bytes_acknowledged(this, &acked);
    return (unsigned)acked;
}

/* sxe_send() and sxe_sendfile(), logging as `function`. */
static SXE_RETURN sxe_send_start(SXE *this, unsigned size, SXE_OUT_EVENT_WRITTEN on_complete, const char *function)
{
    SXE_RETURN result = SXE_RETURN_ERROR_NO_CONNECTION;
    int error = 0;

    if (this->sock < 0 || !(this->flags & SXE_FLAG_CONNECTED)) {
        SXEL3I("%s(): object %u is not connected", function, this->id);
        goto SXE_ERROR_OUT;
    }

    if (this->flags & SXE_FLAG_IN_CLOSE) { /* COMPLETION RULE: no send may outlive the object */
        SXEL3I("%s(): object %u is closing", function, this->id);
        goto SXE_ERROR_OUT;
    }

    result = SXE_RETURN_ERROR_BAD_STATE;

    if (this->flags & SXE_FLAG_SEND_PENDING) {
        SXEL3I("%s(): object %u already has a send pending", function, this->id);
        goto SXE_ERROR_OUT;
    }

    result = SXE_RETURN_OK;
    this->send_left = size;

    if (size == 0) {
        goto SXE_EARLY_OUT;
    }

    result = sxe_send_progress(this, &error);

    if (result == SXE_RETURN_WARN_IN_PROGRESS) {
        this->on_complete = on_complete;
        this->flags |= SXE_FLAG_SEND_PENDING;
        ev_io_start(sxe_loop(), &this->io_write);

        if (this->idle_class != 0) { /* the idle timeout measures the peer's progress from here */
            this->send_acked = sxe_send_acked_mark(this);
        }
    } else if (result != SXE_RETURN_OK) {
        this->close_errno = error; /* SXE_CLOSE_ERRNO during sxe_sendfile()'s on_complete */
    }

SXE_EARLY_OR_ERROR_OUT:
    if (result != SXE_RETURN_WARN_IN_PROGRESS && !(this->flags & SXE_FLAG_SEND_PENDING)) {
        this->send_buf = NULL;
        this->send_left = 0;
        this->sendfile_fd = -1;
        this->flags &= ~SXE_FLAG_SEND_BUFFERS;
    }

    if (sxe_is_error(result)) {
        sxe_globals.last_errno = error;
    }

    return result;
}

SXE_RETURN
sxe_send(SXE *this, const void *buf, unsigned size, SXE_OUT_EVENT_WRITTEN on_complete)
{
    if (SXE_UNLIKELY(this == NULL) || SXE_UNLIKELY(buf == NULL && size > 0)) {
        sxe_globals.last_errno = 0;
        return sxe_bad_write(this, "sxe_send");
    }

    SXEE6I("sxe_send(size=%u)", size);

    if (!(this->flags & SXE_FLAG_SEND_PENDING)) {
        this->send_buf = buf;
    }

    SXE_RETURN result = sxe_send_start(this, size, on_complete, "sxe_send");
    SXER6I("return %s", sxe_return_to_string(result));
    return result;
}

SXE_RETURN
sxe_send_buffers(SXE *this, SXE_LIST *buffers, SXE_OUT_EVENT_WRITTEN on_complete)
{
    SXE_RETURN result;

    if (SXE_UNLIKELY(this == NULL)) {
        sxe_globals.last_errno = 0;
        return sxe_misuse(this, "sxe_send_buffers");
    }

    if (buffers == NULL) {
        SXEL2I("sxe_send_buffers(): NULL list of buffers");
        sxe_globals.last_errno = 0;
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    SXEE6I("sxe_send_buffers(buffers=%u)", SXE_LIST_GET_LENGTH(buffers));

    if (!(this->flags & SXE_FLAG_SEND_PENDING)) {
        this->send_list = buffers;
        this->flags |= SXE_FLAG_SEND_BUFFERS;
    }

    result = sxe_send_start(this, sxe_buffers_next(buffers, NULL) != NULL ? 1 : 0, on_complete, "sxe_send_buffers");
    SXER6("return %s", sxe_return_to_string(result));
    return result;
}

void sxe_notify_writable(SXE *this, SXE_OUT_EVENT_WRITTEN writable_cb)
{
    if (!SXE_IS_IN_USE(this)) {
        sxe_misuse(this, "sxe_notify_writable");
        return;
    }

    if (writable_cb == NULL) {
        SXEL2I("sxe_notify_writable(): NULL callback; ignored");
        return;
    }

    if (this->sock < 0 || !(this->flags & SXE_FLAG_CONNECTED) || (this->flags & SXE_FLAG_IN_CLOSE)) {
        SXEL3I("sxe_notify_writable(): object %u is not connected (or closing)", this->id);
        writable_cb(this, SXE_RETURN_ERROR_NO_CONNECTION);
        return;
    }

    if (this->flags & SXE_FLAG_SEND_PENDING) {
        SXEL3I("sxe_notify_writable(): object %u has a send pending", this->id);
        writable_cb(this, SXE_RETURN_ERROR_BAD_STATE);
        return;
    }

    SXEL6I("sxe_notify_writable()");
    this->on_complete = writable_cb;
    this->send_buf = NULL;
    this->send_left = 0;
    this->sendfile_fd = -1;
    this->flags |= SXE_FLAG_SEND_PENDING | SXE_FLAG_NOTIFY_WRITABLE;
    ev_io_start(sxe_loop(), &this->io_write);
}

SXE_RETURN
sxe_sendfile(SXE *this, int fd, off_t *offset, unsigned bytes, SXE_OUT_EVENT_WRITTEN on_complete)
{
    SXE_RETURN result = SXE_RETURN_ERROR_BAD_PARAMETER;

    if (SXE_UNLIKELY(this == NULL)) {
        sxe_globals.last_errno = 0;
        return sxe_misuse(this, "sxe_sendfile");
    }

    SXEE6I("sxe_sendfile(fd=%d, bytes=%u)", fd, bytes);

    if (fd < 0) {
        SXEL3I("sxe_sendfile(): bad file descriptor %d", fd);
        sxe_globals.last_errno = 0;
    } else {
        if (!(this->flags & SXE_FLAG_SEND_PENDING)) {
            this->sendfile_fd = fd;
            this->sendfile_offset = offset;
        }

        result = sxe_send_start(this, bytes, on_complete, "sxe_sendfile");
    }

    /* Classic: on_complete is called for every outcome. An immediate one is reported here, synchronously (as classic
     * SXE did: a caller cannot tell the difference), once the object's send state is settled: on_complete may start
     * another send, or close the object. A free object (a misuse, logged) gets no callback.
     */
    if (result != SXE_RETURN_WARN_IN_PROGRESS && on_complete != NULL && this->kind != 0) {
        on_complete(this, result);
    }

    SXER6("return %s", sxe_return_to_string(result));
    return result;
}
