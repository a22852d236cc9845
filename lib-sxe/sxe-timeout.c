/* sxe-timeout.c: idle and connect timeouts on pool state timeouts.
 *
 * Each distinct timeout value in use is a "class": pool state SXE_STATE_TIMED + class, whose state timeout is that
 * value. An object waiting under a timeout sits in its class's state; activity moves it to the newest end (O(1)),
 * and the pool's single timer fires for the oldest element of each state. A class is freed when its last user
 * (object or listener setting) goes away, so at most SXE_TIMEOUT_CLASSES_MAXIMUM distinct values at a time.
 */
#define SXE_LOG_COMPONENT "sxe"

#include <errno.h>

#include "sxe-private.h"

void sxe_timeout_classes_reset(void)
{
    for (unsigned i = 0; i < SXE_TIMEOUT_CLASSES_MAXIMUM; i++) {
        sxe_globals.timeout_classes[i].seconds = 0;
        sxe_globals.timeout_classes[i].users = 0;
    }
}

unsigned sxe_timeout_class_get(double seconds)
{
    unsigned free_class = SXE_TIMEOUT_CLASSES_MAXIMUM;

    for (unsigned i = 0; i < SXE_TIMEOUT_CLASSES_MAXIMUM; i++) {
        if (sxe_globals.timeout_classes[i].users > 0 && sxe_globals.timeout_classes[i].seconds == seconds) {
            sxe_globals.timeout_classes[i].users++;
            return i + 1;
        }

        if (sxe_globals.timeout_classes[i].users == 0 && free_class == SXE_TIMEOUT_CLASSES_MAXIMUM) {
            free_class = i;
        }
    }

    if (free_class == SXE_TIMEOUT_CLASSES_MAXIMUM) {
        return 0;
    }

    sxe_globals.timeout_classes[free_class].seconds = seconds;
    sxe_globals.timeout_classes[free_class].users = 1;
    sxe_pool_set_state_timeout(sxe_globals.pool, SXE_STATE_TIMED + free_class, seconds);
    return free_class + 1;
}

unsigned sxe_timeout_class_ref(unsigned class_plus_one)
{
    if (class_plus_one != 0) {
        sxe_globals.timeout_classes[class_plus_one - 1].users++;
    }

    return class_plus_one;
}

void sxe_timeout_class_put(unsigned class_plus_one)
{
    if (class_plus_one == 0) {
        return;
    }

    SXEA1(sxe_globals.timeout_classes[class_plus_one - 1].users > 0, "timeout class %u has no users", class_plus_one);

    if (--sxe_globals.timeout_classes[class_plus_one - 1].users == 0) {
        sxe_globals.timeout_classes[class_plus_one - 1].seconds = 0;
        sxe_pool_set_state_timeout(sxe_globals.pool, SXE_STATE_TIMED + class_plus_one - 1, 0);
    }
}

/* A pending send whose peer acknowledged bytes since the last check is active, even when the socket buffer is too
 * full for a write event (which comes only once it is half empty: with a large buffer and a slow but steady reader,
 * a long time). Records the new mark.
 */
static bool sxe_send_acked_moved(SXE *this)
{
    unsigned mark;

    if (!(this->flags & SXE_FLAG_SEND_PENDING) || (mark = sxe_send_acked_mark(this)) == this->send_acked) {
        return false;
    }

    this->send_acked = mark;
    return true;
}

/* The pool's timer: the oldest object of a timed state waited too long. Close it (on_close says why), unless it is
 * a pending send that the peer is still acknowledging: then its idle time starts again.
 */
void sxe_pool_timeout(void *array, unsigned index, void *caller_info)
{
    SXE *this = sxe_object(index);
    int error = 0;

    SXE_UNUSED_ARGUMENT(caller_info);

    if (!(this->flags & SXE_FLAG_CONNECTING) && sxe_send_acked_moved(this)) {
        sxe_pool_touch_indexed_element(array, index);
        return;
    }

    sxe_globals.counters.timeouts++;

    if (this->flags & SXE_FLAG_CONNECTING) {
        SXEL6I("connect timed out");
        error = ETIMEDOUT;
        sxe_globals.counters.connect_failed++;
        ev_io_stop(sxe_loop(), &this->io_write);
        this->flags &= ~SXE_FLAG_CONNECTING;
    } else if (this->flags & SXE_FLAG_HANDSHAKE) { /* a transport's handshake: part of connecting */
        SXEL6I("handshake timed out");
        error = ETIMEDOUT;
        sxe_globals.counters.connect_failed += (this->flags & SXE_FLAG_UNREPORTED) ? 0 : 1; /* a client's */
    } else {
        SXEL6I("idle timeout");
    }

    sxe_close_from_peer(this, SXE_RETURN_ERROR_TIMEOUT, error); /* ETIMEDOUT for a connect, 0 when idle */
}
