/* sxe-transport-private.h: the transport seam of lib-sxe: how a library layered on lib-sxe (lib-sxe-tls) puts its own
 * protocol between an object's socket and the application, keeping every rule of sxe.h. Not installed, not for
 * applications (lib-sxe/README.md "Transports").
 *
 * An object with a transport has SXE_FLAG_TRANSPORT set and, in the `data` member of its write watcher (which libev
 * leaves to its user and lib-sxe does not otherwise use), a pointer to the transport's state for that object, whose
 * first member is the transport's function table. A listener with a transport hands the transport each connection it
 * accepts. The state belongs to the transport: lib-sxe never allocates or frees it, and calls release() when the object
 * is released (closed by anyone), after which the object has no transport. The table is constant: a thread that owns
 * an object (its loop) may use it without a lock; the state is per object, owned by the object's thread.
 *
 * What changes for an object with a transport (everything else is the plain path):
 * - reading: sxe_io_read() calls recv() instead of recv(2): the application's bytes, 0 at the end of the stream, or -1
 *   with errno: EAGAIN for "nothing now" (also after a callback the transport called, which may have closed the
 *   object: lib-sxe then does not touch it), EPROTO for a protocol failure (the close reason is then
 *   SXE_RETURN_ERROR_BAD_MESSAGE), any other errno as recv(2)'s. Whenever reading (re)starts, lib-sxe feeds one read
 *   event to the object, so data the transport holds (already taken from the socket) is never stranded.
 * - writing: sxe_write(), sxe_send(), sxe_send_buffers() and sxe_sendfile() call send() and sendfile() instead of the
 *   system calls, with their semantics (bytes taken, or -1 with errno EAGAIN or the failure). Bytes taken are the
 *   transport's to deliver in order; pending() says when some are not yet handed to the kernel. A send completes
 *   (on_complete) only once pending() is false, as a plain send completes once the kernel has every byte.
 * - the write watcher: every write event goes to write_event() first; it returns true when it used the event (its own
 *   handshake or flush, which may still wait), false to let lib-sxe finish a pending send or notify_writable. The
 *   transport starts and stops the watcher for its own needs with sxe_transport_want_write().
 * - connecting: accept() is called for each connection accepted by a transport listener before anything else; false
 *   refuses it (handled as a pool-full refusal: counted in refused_pool_exhausted, offered to the refused hook,
 *   closed). connected() is called when a client's TCP connection is up. While SXE_FLAG_HANDSHAKE is set the object
 *   is connected for lib-sxe (it reads, its idle or connect timeout runs) but on_connected has not been called; the
 *   transport calls sxe_transport_connected() once its handshake is done. A client in its handshake stays under its
 *   connect timeout (SXE_CLOSE_REASON SXE_RETURN_ERROR_TIMEOUT, counted in connect_failed); an accepted connection
 *   under its idle timeout. An accepted connection that was never reported (SXE_FLAG_UNREPORTED: on_connected not
 *   called yet) is closed without on_close: the application never knew it.
 * - SXE_FLAG_TRANSPORT_HOLD: the transport holds reading back (its handshake waits for its turn); the read watcher
 *   stays stopped until sxe_transport_hold(this, false).
 * - sxe_shutdown() calls shutdown(): the transport ends its stream (e.g. a close_notify alert) once every byte taken
 *   is out, then shuts the socket's write side.
 */
#ifndef SXE_TRANSPORT_PRIVATE_H
#define SXE_TRANSPORT_PRIVATE_H

#include "sxe-private.h"

typedef struct SXE_TRANSPORT {
    bool (*accept)(SXE *listener, SXE *self);           /* a connection accepted by a transport listener */
    void (*connected)(SXE *self);                       /* a client's TCP connection is up: start the handshake */
    ssize_t (*recv)(SXE *self, void *buf, size_t size); /* see above */
    ssize_t (*send)(SXE *self, const void *buf, size_t size);
    ssize_t (*sendfile)(SXE *self, int fd, off_t *offset, size_t count);
    bool (*pending)(SXE *self);         /* bytes taken and not yet handed to the kernel */
    bool (*write_event)(SXE *self);     /* the socket is writable: true when the transport used the event */
    SXE_RETURN (*shutdown)(SXE *self);  /* sxe_shutdown() */
    void (*release)(SXE *self);         /* the object is released: forget it (no callbacks) */
} SXE_TRANSPORT;

/* The head of a transport's per-object state. */
typedef struct SXE_TRANSPORT_STATE {
    const SXE_TRANSPORT *ops;
} SXE_TRANSPORT_STATE;

static inline SXE_TRANSPORT_STATE *sxe_transport_state(const SXE *self)
{
    return (SXE_TRANSPORT_STATE *)self->io_write.data;
}

static inline const SXE_TRANSPORT *sxe_transport_of(const SXE *self)
{
    return sxe_transport_state(self)->ops;
}

/* Give the object a transport (state != NULL) or take it away (NULL). */
void sxe_transport_set(SXE *self, SXE_TRANSPORT_STATE *state);

/* The transport's handshake is done: on_connected is called (the object may be closed when this returns: compare
 * its generation).
 */
void sxe_transport_connected(SXE *self);

/* Hold reading back (hold == true) or let it go on (false: a read event is fed, so buffered input is read). */
void sxe_transport_hold(SXE *self, bool hold);

/* The transport needs (want) or no longer needs write events. Stopping leaves the watcher to a pending send. */
void sxe_transport_want_write(SXE *self, bool want);

#endif
