/* sxe-pool-timeout.c: per-state timeouts, the pool's one libev timer, and the injectable clock.
 *
 * The timer is a one-shot ev_timer on the pool's loop (sxe_pool_set_loop(); by default the loop the creating thread
 * gave sxe_pool_set_thread_loop(), else ev_default_loop(0)) set for the earliest head-of-list expiry. It is ev_unref'ed
 * after each start so that a loop whose only active watchers are pool timers can exit (the callback ev_ref's first
 * to balance libev's own stop of a fired one-shot timer). Re-arming is lazy: a move only re-arms when a state with a
 * timeout goes from empty to non-empty with an expiry earlier than the armed one; when a head leaves its state the
 * timer is left alone, fires at the old expiry, finds nothing due and re-arms for the next earliest expiry.
 * Shared pools: other processes' moves are not seen by this process's timer, so it never sleeps longer than the
 * smallest state timeout while any state has one (it polls at that period).
 */
#define SXE_LOG_COMPONENT "pool"

#include <stdatomic.h>
#include <time.h>

#include "sxe-log.h"
#include "sxe-pool-private.h"

static double pool_clock_default(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

double (*sxe_pool_private_clock)(void) = pool_clock_default;

void sxe_pool_set_clock(double (*now)(void))
{
    sxe_pool_private_clock = now != NULL ? now : pool_clock_default;
}

/* ---- the loop ------------------------------------------------------------------------------------------------- */

static __thread struct ev_loop *pool_thread_loop; /* sxe_pool_set_thread_loop(); NULL: the default loop */
static __thread unsigned long pool_thread_id;     /* this thread's number, from 1 (0: not yet given) */
static _Atomic unsigned long pool_thread_ids;     /* numbers given so far: a thread's never goes to another */

/* The calling thread's number: unlike a pthread_t, never the same for two threads (a pthread_t is reused). */
static unsigned long pool_thread_self(void)
{
    if (pool_thread_id == 0) {
        pool_thread_id = atomic_fetch_add(&pool_thread_ids, 1) + 1;
    }

    return pool_thread_id;
}

void sxe_pool_set_thread_loop(struct ev_loop *loop)
{
    pool_thread_loop = loop;
}

void sxe_pool_private_local_bind(SXE_POOL_LOCAL *local)
{
    local->loop = pool_thread_loop;
    local->owner = pool_thread_self();
}

static struct ev_loop *pool_loop(SXE_POOL_LOCAL *local)
{
    return local->loop != NULL ? local->loop : ev_default_loop(0);
}

/* ---- the timer ------------------------------------------------------------------------------------------------ */

static void pool_timer_callback(struct ev_loop *loop, ev_timer *timer, int revents)
{
    SXE_POOL_LOCAL *local = timer->data;

    SXE_UNUSED_ARGUMENT(revents);
    SXEE6("pool_timer_callback(pool=%s)", local->header->name);
    ev_ref(loop); /* libev stopped the fired one-shot timer, which un-refs once more than our start did */
    local->timer_armed = false;
    sxe_pool_check_timeouts_of((char *)local->header + SXE_POOL_HEADER_SIZE);
    SXER6("return");
}

void sxe_pool_private_timer_stop(SXE_POOL_LOCAL *local)
{
    if (local->timer_armed) {
        struct ev_loop *loop = pool_loop(local);

        ev_ref(loop); /* libev's rule for stopping an ev_unref'ed watcher */
        ev_timer_stop(loop, &local->timer);
        local->timer_armed = false;
    }
}

static void pool_timer_start(SXE_POOL_LOCAL *local, double expiry)
{
    struct ev_loop *loop = pool_loop(local);
    double delay = expiry - sxe_pool_private_clock();

    sxe_pool_private_timer_stop(local);
    delay = delay > 0.0 ? delay : 0.0;

    if (sxe_pool_private_clock == pool_clock_default) {
        delay += ev_time() - ev_now(loop); /* libev counts from its cached loop time, which may lag */
    }

    SXEL6("pool %s: timer armed for %.6f s", local->header->name, delay);
    ev_timer_init(&local->timer, pool_timer_callback, delay, 0.0);
    local->timer.data = local;
    ev_timer_start(loop, &local->timer);
    ev_unref(loop); /* an idle pool must not keep the loop alive */
    local->timer_armed = true;
    local->timer_expiry = expiry;
}

/* Earliest head-of-list expiry, capped for shared pools at now + the smallest timeout. False when nothing is due. */
static bool pool_earliest_expiry(SXE_POOL_HEADER *header, double *expiry)
{
    SXE_POOL_STATE *states = sxe_pool_private_states(header);
    SXE_POOL_NODE *nodes = sxe_pool_private_nodes(header);
    double earliest = 0.0;
    double smallest = 0.0;
    bool found = false;
    unsigned state;

    sxe_pool_private_lock(header);

    for (state = 0; state < header->number_of_states; state++) {
        double timeout = states[state].timeout;

        if (timeout > 0.0 && states[state].head != SXE_POOL_NO_INDEX) {
            double when = sxe_pool_private_key_to_time(nodes[states[state].head].stamp) + timeout;

            earliest = found && earliest <= when ? earliest : when;
            found = true;
        }

        smallest = timeout > 0.0 && (smallest == 0.0 || timeout < smallest) ? timeout : smallest;
    }

    sxe_pool_private_unlock(header);

    if (!(header->flags & SXE_POOL_FLAG_LOCAL_INLINE) && smallest > 0.0) {
        double poll = sxe_pool_private_clock() + smallest;

        earliest = found && earliest <= poll ? earliest : poll;
        found = true;
    }

    *expiry = earliest;
    return found;
}

static void pool_timer_rearm(SXE_POOL_HEADER *header, SXE_POOL_LOCAL *local)
{
    double expiry;

    if (local->event_timeout != NULL && !local->manual && pool_earliest_expiry(header, &expiry)) {
        pool_timer_start(local, expiry);
    } else {
        sxe_pool_private_timer_stop(local);
    }
}

void sxe_pool_private_timer_note(SXE_POOL_HEADER *header, unsigned state)
{
    SXE_POOL_LOCAL *local = sxe_pool_private_local(header);
    SXE_POOL_STATE *list = &sxe_pool_private_states(header)[state];
    double expiry;
    unsigned head;

    if (local == NULL || local->event_timeout == NULL || local->in_check || local->manual) {
        goto SXE_EARLY_OUT;
    }

    sxe_pool_private_lock(header);
    head = list->head;
    expiry = head == SXE_POOL_NO_INDEX
                 ? 0.0
                 : sxe_pool_private_key_to_time(sxe_pool_private_nodes(header)[head].stamp) + list->timeout;
    sxe_pool_private_unlock(header);

    if (head != SXE_POOL_NO_INDEX && (!local->timer_armed || expiry < local->timer_expiry)) {
        pool_timer_start(local, expiry);
    }

SXE_EARLY_OR_ERROR_OUT:
    return;
}

/* ---- this process's pools with a timeout callback (sxe_pool_check_timeouts) ------------------------------------ */

/* One list for the process, changed under pool_timed_lock (threads create and delete pools); each thread's
 * sxe_pool_check_timeouts() checks the pools it made or attached (`owner`), whose callbacks belong to its loop.
 */
static SXE_POOL_LOCAL *pool_timed_head;
static unsigned pool_timed_generation; /* changes with the list: a check over all pools stops when it does */
static pthread_mutex_t pool_timed_lock = PTHREAD_MUTEX_INITIALIZER;

static void pool_timed_remember(SXE_POOL_LOCAL *local)
{
    pthread_mutex_lock(&pool_timed_lock);

    if (!local->on_timed_list) {
        local->next_timed = pool_timed_head;
        pool_timed_head = local;
        local->on_timed_list = true;
        pool_timed_generation++;
    }

    pthread_mutex_unlock(&pool_timed_lock);
}

void sxe_pool_private_timed_forget(SXE_POOL_LOCAL *local)
{
    SXE_POOL_LOCAL **link = &pool_timed_head;

    pthread_mutex_lock(&pool_timed_lock);

    if (local->on_timed_list) {
        while (*link != local) {
            link = &(*link)->next_timed;
        }

        *link = local->next_timed;
        local->next_timed = NULL;
        local->on_timed_list = false;
        pool_timed_generation++;
    }

    pthread_mutex_unlock(&pool_timed_lock);
}

/* The first pool of the list from `from` on (included) that the calling thread owns, or NULL. Under the lock. */
static SXE_POOL_LOCAL *pool_timed_owned(SXE_POOL_LOCAL *from)
{
    unsigned long self = pool_thread_self();

    while (from != NULL && from->owner != self) {
        from = from->next_timed;
    }

    return from;
}

/* ---- public calls --------------------------------------------------------------------------------------------- */

/* This process's local part of a TIMED pool, or NULL (logged at level 2, naming `function`) when array is not a pool,
 * not TIMED, or has no handle in this process.
 */
static SXE_POOL_LOCAL *pool_timed_local(void *array, SXE_POOL_HEADER **header_out, const char *function)
{
    SXE_POOL_HEADER *header = sxe_pool_private_get(array, function);
    SXE_POOL_LOCAL *local = NULL;

    if (header != NULL && !(header->options & SXE_POOL_OPTION_TIMED)) {
        SXEL2("%s(pool=%s): timeouts need a TIMED pool", function, header->name);
    } else if (header != NULL && (local = sxe_pool_private_local(header)) == NULL) {
        SXEL2("%s(pool=%s): this process has no handle on it", function, header->name);
    }

    *header_out = header;
    return local;
}

/* True for a timeout a state can have: a number of seconds >= 0 (0 = none), below 1e18. */
static bool pool_is_timeout(double seconds)
{
    return seconds >= 0.0 && seconds < 1e18;
}

void sxe_pool_set_state_timeout(void *array, unsigned state, double seconds)
{
    SXE_POOL_HEADER *header;
    SXE_POOL_LOCAL *local = pool_timed_local(array, &header, __func__);

    if (local == NULL || !sxe_pool_private_check_state(header, state, __func__)) {
        return;
    }

    if (!pool_is_timeout(seconds)) {
        SXEL2("sxe_pool_set_state_timeout(pool=%s): timeout %f for state %u is not a number of seconds >= 0; ignored",
              header->name, seconds, state);
        return;
    }

    SXEE6("sxe_pool_set_state_timeout(pool=%s, state=%u, seconds=%f)", header->name, state, seconds);
    sxe_pool_private_lock(header);
    sxe_pool_private_states(header)[state].timeout = seconds;
    sxe_pool_private_unlock(header);

    if (!local->in_check) {
        pool_timer_rearm(header, local);
    }

    SXER6("return");
}

void sxe_pool_set_timeout_callback(void *array, SXE_POOL_EVENT_TIMEOUT event_timeout, void *caller_info)
{
    SXE_POOL_HEADER *header;
    SXE_POOL_LOCAL *local = pool_timed_local(array, &header, __func__);

    if (local == NULL) {
        return;
    }

    local->event_timeout = event_timeout;
    local->caller_info = caller_info;

    if (event_timeout != NULL) {
        pool_timed_remember(local);
    } else {
        sxe_pool_private_timed_forget(local);
    }

    if (!local->in_check) {
        pool_timer_rearm(header, local);
    }
}

/* The two constructors with timeouts; `manual`: checked only by sxe_pool_check_timeouts() (classic). */
static void *pool_new_timed(const char *name, unsigned number, unsigned element_size, unsigned number_of_states,
                            const double *state_timeouts, SXE_POOL_EVENT_TIMEOUT event_timeout, void *caller_info,
                            unsigned options, bool manual, const char *function)
{
    void *array = NULL;
    unsigned state;

    if (event_timeout == NULL) {
        SXEL2("%s(name=%s): no timeout callback", function, name != NULL ? name : "NULL");
        goto SXE_ERROR_OUT;
    }

    if ((array = sxe_pool_new(name, number, element_size, number_of_states, options | SXE_POOL_OPTION_TIMED)) == NULL) {
        goto SXE_ERROR_OUT;
    }

    for (state = 0; state_timeouts != NULL && state < number_of_states; state++) {
        if (!pool_is_timeout(state_timeouts[state])) {
            SXEL2("%s(name=%s): timeout %f for state %u is not a number of seconds >= 0", function, name,
                  state_timeouts[state], state);
            sxe_pool_delete(array);
            array = NULL;
            goto SXE_ERROR_OUT;
        }

        sxe_pool_private_states(sxe_pool_private_header(array))[state].timeout = state_timeouts[state];
    }

    sxe_pool_private_local(sxe_pool_private_header(array))->manual = manual;
    sxe_pool_set_timeout_callback(array, event_timeout, caller_info);

SXE_EARLY_OR_ERROR_OUT:
    return array;
}

void *sxe_pool_new_with_timeouts_and_options(const char *name, unsigned number, unsigned element_size,
                                             unsigned number_of_states, const double *state_timeouts,
                                             SXE_POOL_EVENT_TIMEOUT event_timeout, void *caller_info, unsigned options)
{
    return pool_new_timed(name, number, element_size, number_of_states, state_timeouts, event_timeout, caller_info,
                          options, false, "sxe_pool_new_with_timeouts_and_options");
}

void *sxe_pool_new_with_timeouts(const char *name, unsigned number, unsigned element_size, unsigned number_of_states,
                                 double *state_timeouts, SXE_POOL_EVENT_TIMEOUT event_timeout, void *caller_info)
{
    return pool_new_timed(name, number, element_size, number_of_states, state_timeouts, event_timeout, caller_info,
                          SXE_POOL_OPTION_TIMED, true, "sxe_pool_new_with_timeouts");
}

/* Fires the callback for each expired head of one state; returns how many fired. */
static unsigned pool_check_state(SXE_POOL_HEADER *header, SXE_POOL_LOCAL *local, unsigned state, double now)
{
    SXE_POOL_STATE *list = &sxe_pool_private_states(header)[state];
    SXE_POOL_NODE *nodes = sxe_pool_private_nodes(header);
    unsigned fired = 0;
    char buffer[16];

    for (;;) {
        unsigned head;
        uint64_t stamp = 0;
        double timeout;
        bool unmoved;

        sxe_pool_private_lock(header);
        timeout = list->timeout;
        head = list->head;
        stamp = head != SXE_POOL_NO_INDEX ? nodes[head].stamp : 0;
        sxe_pool_private_unlock(header);

        if (timeout <= 0.0 || head == SXE_POOL_NO_INDEX || now - sxe_pool_private_key_to_time(stamp) < timeout) {
            break;
        }

        SXEL6("pool %s: element %u timed out in state %u", header->name, head, state);
        local->event_timeout((char *)header + SXE_POOL_HEADER_SIZE, head, local->caller_info);
        fired++;

        if (local->delete_pending) { /* the callback deleted the pool: no more callbacks */
            break;
        }

        sxe_pool_private_lock(header);
        unmoved = nodes[head].state == state && nodes[head].stamp == stamp;
        sxe_pool_private_unlock(header);

        if (unmoved) { /* the callback broke its contract: touch the element so that it cannot fire again at once */
            SXEL2("sxe_pool_check_timeouts_of(pool=%s): the timeout callback neither moved nor touched element %u in "
                  "state %s; touched it",
                  header->name, head, sxe_pool_private_state_name(header, state, buffer, sizeof(buffer)));
            sxe_pool_touch_indexed_element((char *)header + SXE_POOL_HEADER_SIZE, head);
        }
    }

    return fired;
}

unsigned sxe_pool_check_timeouts_of(void *array)
{
    SXE_POOL_HEADER *header;
    SXE_POOL_LOCAL *local = pool_timed_local(array, &header, __func__);
    unsigned fired = 0;
    bool nested;
    double now;
    unsigned state;

    if (local == NULL) {
        return 0;
    }

    if (local->event_timeout == NULL) {
        SXEL2("sxe_pool_check_timeouts_of(pool=%s): no timeout callback is set", header->name);
        return 0;
    }

    SXEE6("sxe_pool_check_timeouts_of(pool=%s)", header->name);
    nested = local->in_check;
    local->in_check = true;
    now = sxe_pool_private_clock(); /* elements stamped from here on are not due in this call */

    for (state = 0; state < header->number_of_states && !local->delete_pending; state++) {
        fired += pool_check_state(header, local, state, now);
    }

    local->in_check = nested;

    if (!nested && local->delete_pending) { /* a callback deleted the pool: the walk is over, so delete it now */
        local->delete_pending = false;
        sxe_pool_delete(array);
    } else if (!nested) {
        pool_timer_rearm(header, local);
    }

    SXER6("return fired=%u", fired);
    return fired;
}

void sxe_pool_check_timeouts(void)
{
    SXE_POOL_LOCAL *local;
    unsigned generation;

    SXEE6("sxe_pool_check_timeouts()");
    pthread_mutex_lock(&pool_timed_lock);
    generation = pool_timed_generation;
    local = pool_timed_owned(pool_timed_head);
    pthread_mutex_unlock(&pool_timed_lock);

    while (local != NULL) {
        sxe_pool_check_timeouts_of((char *)local->header + SXE_POOL_HEADER_SIZE);
        pthread_mutex_lock(&pool_timed_lock);
        local = pool_timed_generation == generation ? pool_timed_owned(local->next_timed) : NULL; /* changed: stop */
        pthread_mutex_unlock(&pool_timed_lock);
    }

    SXER6("return");
}

void sxe_pool_set_loop(void *array, struct ev_loop *loop)
{
    SXE_POOL_HEADER *header = sxe_pool_private_get(array, __func__);
    SXE_POOL_LOCAL *local;

    if (header == NULL) {
        return;
    }

    if ((local = sxe_pool_private_local(header)) == NULL) {
        SXEL2("sxe_pool_set_loop(pool=%s): this process has no handle on it", header->name);
        return;
    }

    SXEE6("sxe_pool_set_loop(pool=%s, loop=%p)", header->name, (void *)loop);
    sxe_pool_private_timer_stop(local); /* on the loop it runs on */
    local->loop = loop;

    if (local->event_timeout != NULL && !local->in_check) {
        pool_timer_rearm(header, local);
    }

    SXER6("return");
}
