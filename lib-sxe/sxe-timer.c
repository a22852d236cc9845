/* sxe-timer.c: timers (ev_timer embedded in caller structs) and deferred work (ev_check + ev_idle).
 *
 * Deferred work: a FIFO of caller-owned SXE_DEFERRED items, doubly linked (O(1) cancel). While the queue is not
 * empty an ev_idle watcher keeps the loop from blocking and an ev_check watcher runs the queue after each poll.
 * Each run stamps an iteration number; items queued during the run carry the new stamp and wait for the next
 * iteration, so deferred work that defers more work cannot stall the loop.
 */
#define SXE_LOG_COMPONENT "sxe"

#include "sxe-private.h"

static void sxe_timer_event(struct ev_loop *loop, ev_timer *watcher, int revents)
{
    SXE_TIMER *timer = (SXE_TIMER *)watcher;

    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(revents);
    timer->callback(timer, timer->arg);
}

void sxe_timer_construct(SXE_TIMER *timer, SXE_TIMER_CALLBACK callback, void *arg)
{
    if (timer == NULL) {
        SXEL2("sxe_timer_construct(NULL): no timer");
        return;
    }

    if (callback == NULL) { /* the timer is still constructed (cancel and is_active work), but cannot be scheduled */
        SXEL2("sxe_timer_construct(): no callback; the timer cannot be scheduled");
    }

    ev_timer_init(&timer->watcher, sxe_timer_event, 0.0, 0.0);
    timer->callback = callback;
    timer->arg = arg;
}

void sxe_timer_schedule(SXE_TIMER *timer, double after, double repeat)
{
    if (timer == NULL || timer->callback == NULL) {
        SXEL2("sxe_timer_schedule(%s): not scheduled", timer == NULL ? "NULL" : "a timer without a callback");
        return;
    }

    ev_timer_stop(sxe_loop(), &timer->watcher);
    ev_timer_set(&timer->watcher, after, repeat);
    ev_timer_start(sxe_loop(), &timer->watcher);
}

void sxe_timer_cancel(SXE_TIMER *timer)
{
    if (timer == NULL) {
        SXEL2("sxe_timer_cancel(NULL): no timer");
        return;
    }

    ev_timer_stop(sxe_loop(), &timer->watcher);
}

bool sxe_timer_is_active(const SXE_TIMER *timer)
{
    if (timer == NULL) {
        SXEL2("sxe_timer_is_active(NULL): no timer");
        return false;
    }

    return ev_is_active(&timer->watcher);
}

/* ---- classic timers: a caller's ev_timer on the default loop ----------------------------------------------- */

/* True when `timer` is usable, else false (logged at level 2, naming `function`). */
static bool sxe_timer_classic_check(const ev_timer *timer, const char *function)
{
    if (timer == NULL) {
        SXEL2("%s(NULL): no timer", function);
        return false;
    }

    return true;
}

void sxe_timer_init(ev_timer *timer, void (*cb)(struct ev_loop *loop, ev_timer *w, int revents), double after,
                    double repeat)
{
    if (!sxe_timer_classic_check(timer, "sxe_timer_init")) {
        return;
    }

    if (cb == NULL) {
        SXEL2("sxe_timer_init(): no callback; not initialized");
        return;
    }

    SXEL6("sxe_timer_init(after=%f, repeat=%f)", after, repeat);
    ev_timer_init(timer, cb, after, repeat);
}

void sxe_timer_start(ev_timer *timer)
{
    if (sxe_timer_classic_check(timer, "sxe_timer_start")) {
        ev_timer_start(sxe_loop(), timer);
    }
}

void sxe_timer_stop(ev_timer *timer)
{
    if (sxe_timer_classic_check(timer, "sxe_timer_stop")) {
        ev_timer_stop(sxe_loop(), timer);
    }
}

void sxe_timer_set(ev_timer *timer, double after, double repeat)
{
    bool active;

    if (!sxe_timer_classic_check(timer, "sxe_timer_set")) {
        return;
    }

    if ((active = ev_is_active(timer))) {
        ev_timer_stop(sxe_loop(), timer);
    }

    ev_timer_set(timer, after, repeat);

    if (active) {
        ev_timer_start(sxe_loop(), timer);
    }
}

void sxe_timer_again(ev_timer *timer)
{
    if (sxe_timer_classic_check(timer, "sxe_timer_again")) {
        ev_timer_again(sxe_loop(), timer);
    }
}

/* ---- deferred work ------------------------------------------------------------------------------------------ */

static void sxe_defer_unlink(SXE_DEFERRED *deferred)
{
    if (deferred->prev != NULL) {
        deferred->prev->next = deferred->next;
    } else {
        sxe_globals.deferred.head = deferred->next;
    }

    if (deferred->next != NULL) {
        deferred->next->prev = deferred->prev;
    } else {
        sxe_globals.deferred.tail = deferred->prev;
    }

    deferred->next = NULL;
    deferred->prev = NULL;
    deferred->queued = 0;
}

static void sxe_defer_stop_if_empty(void)
{
    if (sxe_globals.deferred.head == NULL && sxe_globals.deferred.watchers_ready) {
        ev_check_stop(sxe_globals.deferred.loop, &sxe_globals.deferred.check);
        ev_idle_stop(sxe_globals.deferred.loop, &sxe_globals.deferred.idle);
    }
}

static void sxe_defer_run(struct ev_loop *loop, ev_check *check, int revents)
{
    unsigned stamp = sxe_globals.deferred.iteration;
    SXE_DEFERRED *deferred;

    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(check);
    SXE_UNUSED_ARGUMENT(revents);

    sxe_globals.deferred.iteration = stamp + 1 == 0 ? 1 : stamp + 1; /* items queued from here on wait */

    while ((deferred = sxe_globals.deferred.head) != NULL && deferred->queued != sxe_globals.deferred.iteration) {
        sxe_defer_unlink(deferred);
        deferred->callback(deferred->arg);
    }

    sxe_defer_stop_if_empty();
}

static void sxe_defer_idle(struct ev_loop *loop, ev_idle *idle, int revents)
{
    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(idle);
    SXE_UNUSED_ARGUMENT(revents); /* only keeps the loop from blocking while work is queued */
}

SXE_RETURN
sxe_defer(SXE_DEFERRED *deferred, SXE_DEFERRED_CALLBACK callback, void *arg)
{
    if (deferred == NULL || callback == NULL) {
        SXEL2("sxe_defer(%s): nothing queued", deferred == NULL ? "NULL" : "callback=NULL");
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    deferred->callback = callback;
    deferred->arg = arg;

    if (deferred->queued != 0) {
        return SXE_RETURN_WARN_IN_PROGRESS;
    }

    if (!sxe_globals.deferred.watchers_ready) {
        ev_check_init(&sxe_globals.deferred.check, sxe_defer_run);
        ev_idle_init(&sxe_globals.deferred.idle, sxe_defer_idle);
        sxe_globals.deferred.watchers_ready = true;
    }

    if (sxe_globals.deferred.head == NULL) { /* the queue starts: its watchers run on this thread's loop */
        sxe_globals.deferred.loop = sxe_loop();
        ev_check_start(sxe_globals.deferred.loop, &sxe_globals.deferred.check);
        ev_idle_start(sxe_globals.deferred.loop, &sxe_globals.deferred.idle);
    }

    deferred->queued = sxe_globals.deferred.iteration;
    deferred->next = NULL;
    deferred->prev = sxe_globals.deferred.tail;

    if (sxe_globals.deferred.tail != NULL) {
        sxe_globals.deferred.tail->next = deferred;
    } else {
        sxe_globals.deferred.head = deferred;
    }

    sxe_globals.deferred.tail = deferred;
    return SXE_RETURN_OK;
}

void sxe_defer_cancel(SXE_DEFERRED *deferred)
{
    if (deferred == NULL) {
        SXEL2("sxe_defer_cancel(NULL): nothing to cancel");
        return;
    }

    if (deferred->queued == 0) {
        return;
    }

    sxe_defer_unlink(deferred);
    sxe_defer_stop_if_empty();
}

void sxe_defer_fini(void)
{
    sxe_defer_stop_if_empty();
}
