/* sxe-transport.c: the transport seam (sxe-transport-private.h: what a transport such as lib-sxe-tls may do to an
 * object) and sxe_shutdown(), which a transport ends its stream for.
 */
#define SXE_LOG_COMPONENT "sxe"

#include <errno.h>
#include <string.h>

#include "sxe-transport-private.h"

void sxe_transport_set(SXE *this, SXE_TRANSPORT_STATE *state)
{
    this->io_write.data = state;

    if (state != NULL) {
        this->flags |= SXE_FLAG_TRANSPORT | SXE_FLAG_SPECIAL_IO;
        return;
    }

    this->flags &= ~(SXE_FLAG_TRANSPORT | SXE_FLAG_HANDSHAKE | SXE_FLAG_TRANSPORT_HOLD | SXE_FLAG_UNREPORTED);

    if (this->kind == SXE_KIND_TCP) {
        this->flags &= ~SXE_FLAG_SPECIAL_IO; /* plain TCP again */
    }
}

void sxe_transport_connected(SXE *this)
{
    unsigned generation = this->generation;

    this->flags &= ~(SXE_FLAG_HANDSHAKE | SXE_FLAG_UNREPORTED | SXE_FLAG_TRANSPORT_HOLD);
    sxe_update_pool_state(this); /* a client leaves its connect timeout for its idle one */

    if (this->on_connected != NULL) {
        this->on_connected(this);
    }

    if (this->generation == generation) {
        sxe_update_read_watcher(this);
    }
}

void sxe_transport_hold(SXE *this, bool hold)
{
    this->flags = hold ? this->flags | SXE_FLAG_TRANSPORT_HOLD : this->flags & ~SXE_FLAG_TRANSPORT_HOLD;
    sxe_update_read_watcher(this); /* letting go feeds a read event: the input waiting in the socket is read */
}

void sxe_transport_want_write(SXE *this, bool want)
{
    if (want) {
        ev_io_start(sxe_loop(), &this->io_write);
    } else if (!(this->flags & (SXE_FLAG_SEND_PENDING | SXE_FLAG_CONNECTING))) {
        ev_io_stop(sxe_loop(), &this->io_write);
    }
}

SXE_RETURN
sxe_shutdown(SXE *this)
{
    SXE_RETURN result;

    sxe_globals.last_errno = 0;

    if ((result = sxe_check_object(this, "sxe_shutdown")) != SXE_RETURN_OK) {
        return result == SXE_RETURN_ERROR_BAD_STATE ? SXE_RETURN_ERROR_NO_CONNECTION : result;
    }

    if (this->sock < 0 || !(this->flags & SXE_FLAG_CONNECTED) || this->kind == SXE_KIND_UDP) {
        SXEL3I("sxe_shutdown(): object %u is not a connected stream", this->id);
        return SXE_RETURN_ERROR_NO_CONNECTION;
    }

    if (this->flags & SXE_FLAG_SEND_PENDING) {
        SXEL3I("sxe_shutdown(): object %u has a send pending", this->id);
        return SXE_RETURN_ERROR_BAD_STATE;
    }

    if (this->flags & SXE_FLAG_TRANSPORT) {
        return sxe_transport_of(this)->shutdown(this);
    }

    if (sxe_syscalls.shutdown(this->sock, SHUT_WR) < 0) {
        sxe_globals.last_errno = errno;
        SXEL6I("shutdown() failed: %s", strerror(errno));
        return sxe_write_error(errno);
    }

    return SXE_RETURN_OK;
}
