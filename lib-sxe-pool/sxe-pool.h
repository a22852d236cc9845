/* sxe-pool.h: fixed-size pools of caller structs with per-state ordered lists.
 *
 * A pool is a plain C array of caller elements (array[i].field works). The library keeps, beside the array
 * and in the same single allocation, a state, two list links (32-bit indexes) and a stamp per element, and one
 * list per state ordered oldest first. Every element starts in state 0. Moving an element puts it at the
 * newest end of its new state. Every call is O(1) except walking and sxe_pool_check_timeouts().
 *
 * Overhead: SXE_POOL_OVERHEAD_PER_ELEMENT (24) bytes per element, 24 bytes per state, plus one fixed header
 * (a few hundred bytes; see sxe_pool_size()). The library writes nothing inside the caller's elements.
 *
 * Stamps: a TIMED pool stamps an element with a monotonic clock (seconds, double) on every move or touch;
 * an untimed pool stamps it with an insertion counter. Stamps are strictly increasing within a pool: when the
 * clock has not advanced since the previous stamp, the element gets the next representable double. So each
 * state's list is always ordered by stamp. The classic time getters convert a stamp to an SXE_TIME date on the
 * base of sxe_time_get() (sxe-time.h); the *_seconds getters return the monotonic stamp itself.
 *
 * Classic results: sxe_pool_set_indexed_element_state() and sxe_pool_touch_indexed_element() return
 * SXE_POOL_LOCK_TAKEN (0) on success. The robust lock of a LOCKED pool is always taken in the end (a dead holder is
 * recovered from), so SXE_POOL_LOCK_NOT_TAKEN is never returned; it exists for classic code that tests for it.
 *
 * Misuse never crashes: NULL (e.g. a failed constructor's result) or another pointer that is not a pool (its
 * header is checked), a state or index out of range, an element not in the expected old state, a time query on an
 * untimed pool (or a counter query on a TIMED one): the call does nothing, logs an error (level 2) naming itself,
 * and returns its error value, given with each call below: SXE_POOL_NO_INDEX for calls returning an index or a
 * state, 0 for counts and numbers, 0.0 for times, NULL for pointers. Environment errors (no memory, sizes that
 * overflow) return NULL with a log line too. Only a corrupt pool (a journal or lock in a state no call can leave
 * it in) asserts.
 *
 * Threads and processes: a pool created with SXE_POOL_OPTION_LOCKED (or any shared pool) changes states under
 * a robust mutex that lives in the pool; a holder that dies is detected and the lists repaired (see README.md).
 * An unlocked pool must be used by one thread only. A pool's timeout timer runs on one loop, its owner's: see
 * sxe_pool_set_loop().
 */
#ifndef SXE_POOL_H
#define SXE_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "ev.h"       /* as the classic header (2011 and later): pool users drive timeouts from libev timers */
#include "sxe-list.h" /* as the classic header: sxe-util.h, sxe-log.h and the standard headers come with them */
#include "sxe-log.h"
#include "sxe-time.h"
#include "sxe-util.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SXE_POOL_NO_INDEX        (~0U)
#define SXE_POOL_LOCK_TAKEN      0         /* classic: success of set_indexed_element_state and touch */
#define SXE_POOL_INCORRECT_STATE (~0U - 1) /* classic: the element is not in the expected old state */
#define SXE_POOL_LOCK_NOT_TAKEN  (~0U - 2) /* classic: the lock was given up (never returned by libsxe) */
#define SXE_POOL_OPTION_UNLOCKED 0
#define SXE_POOL_OPTION_LOCKED   0x1 /* state changes safe from several threads/processes */
#define SXE_POOL_OPTION_TIMED    0x2 /* elements stamped with a monotonic time, else a counter */

#define SXE_POOL_NAME_MAXIMUM_LENGTH  31 /* longest pool name, in bytes, without the terminating NUL */
#define SXE_POOL_OVERHEAD_PER_ELEMENT 24 /* state, prev, next, walk mark (uint32 each), 8 byte stamp */
#define SXE_POOL_LOCAL_MAXIMUM        64 /* shared/constructed/attached pools one process may have open */

typedef void (*SXE_POOL_EVENT_TIMEOUT)(void *array, unsigned index, void *caller_info);

/* Walker over one state, oldest to newest. Treat the fields as private; construct with sxe_pool_walker_construct.
 */
typedef struct SXE_POOL_WALKER {
    void *array;
    unsigned state;
    unsigned current;                 /* index last returned, or SXE_POOL_NO_INDEX before the first step */
    unsigned walk_id;                 /* marks the elements this walk has visited */
    unsigned steps;                   /* indexes returned so far; never more than the pool's number */
    unsigned long long current_stamp; /* stamp (ordered key) of current when it was returned */
} SXE_POOL_WALKER;

/* Create a pool of `number` elements of `element_size` bytes and `number_of_states` states, all in state 0.
 * Returns the element array (cache-line aligned, zeroed); the pool owns it; free with sxe_pool_delete().
 * Returns NULL (logged) when name is NULL or longer than SXE_POOL_NAME_MAXIMUM_LENGTH, number is 0 or
 * SXE_POOL_NO_INDEX, number_of_states is 0 or SXE_POOL_NO_INDEX, options has unknown bits, the size overflows or
 * memory cannot be had.
 */
void *sxe_pool_new(const char *name, unsigned number, unsigned element_size, unsigned number_of_states,
                   unsigned options);

/* Like sxe_pool_new() plus per-state timeouts (state_timeouts[state] seconds, 0 = none; the array is copied;
 * NULL means no timeouts yet) and a callback. Implies SXE_POOL_OPTION_TIMED. One ev_timer on the pool's loop
 * (ev_default_loop(0) unless set: sxe_pool_set_loop()) for the whole pool, scheduled for the earliest head-of-list
 * expiry and ev_unref'ed (an idle pool does not keep the loop alive). When the oldest element of a state has been in it
 * longer than the state's timeout, event_timeout(array, index, caller_info) is called; it must move or touch that
 * element (if it does neither, the pool touches it and logs an error, so that it cannot fire again at once). Returns
 * NULL (logged) for the reasons of sxe_pool_new(), a NULL event_timeout, or a timeout that is not a number of seconds
 * >= 0.
 */
void *sxe_pool_new_with_timeouts_and_options(const char *name, unsigned number, unsigned element_size,
                                             unsigned number_of_states, const double *state_timeouts,
                                             SXE_POOL_EVENT_TIMEOUT event_timeout, void *caller_info, unsigned options);

/* Classic: a TIMED, unlocked pool with per-state timeouts (`state_timeouts` is read, not kept) whose timeouts are
 * checked ONLY when the program calls sxe_pool_check_timeouts() (no timer: classic programs drive the checks
 * themselves, often from a timer of their own). Otherwise as sxe_pool_new_with_timeouts_and_options().
 */
void *sxe_pool_new_with_timeouts(const char *name, unsigned number, unsigned element_size, unsigned number_of_states,
                                 double *state_timeouts, SXE_POOL_EVENT_TIMEOUT event_timeout, void *caller_info);

/* Free a pool made by sxe_pool_new*(); stops its timer. For a shared pool, unmaps this process's mapping
 * (others keep theirs). For a pool made by sxe_pool_construct()/sxe_pool_attach(), forgets this process's
 * handle; the memory stays the caller's. NULL is ignored (like free()); another pointer that is not a pool, or a
 * pool this process already deleted, is logged and ignored.
 * From a timeout callback of the same pool (its timer, sxe_pool_check_timeouts_of() or sxe_pool_check_timeouts()) the
 * delete is finished when that callback returns: until then the pool stays usable, no other callback of it is called,
 * and the check that called the callback stops and deletes it.
 */
void sxe_pool_delete(void *array);

/* Number of elements in `state`. O(1). 0 on misuse (logged). */
unsigned sxe_pool_get_number_in_state(void *array, unsigned state);

/* The state of element `id`; SXE_POOL_NO_INDEX on misuse (logged). */
unsigned sxe_pool_index_to_state(void *array, unsigned id);

/* Move element `id` from old_state to the newest end of new_state and stamp it. Returns SXE_POOL_LOCK_TAKEN (0,
 * classic). When the element is not in old_state it is not moved: logs an error naming the pool, the index, and the
 * expected and actual states, and returns SXE_POOL_INCORRECT_STATE (classic SXE asserted). Other misuse:
 * SXE_POOL_NO_INDEX (logged).
 */
unsigned sxe_pool_set_indexed_element_state(void *array, unsigned id, unsigned old_state, unsigned new_state);

/* Variant for races handled on purpose: moves element `id` only when it is in old_state, and logs nothing when it
 * is not. Returns the state the element was in: == old_state means it moved. SXE_POOL_NO_INDEX on misuse (logged).
 */
unsigned sxe_pool_try_set_indexed_element_state(void *array, unsigned id, unsigned old_state, unsigned new_state);

/* Classic variant: moves element `id` to *new_state_inout only when it is in old_state and returns id; otherwise
 * returns SXE_POOL_INCORRECT_STATE and sets *new_state_inout to the state the element is in (not logged).
 * SXE_POOL_NO_INDEX on misuse, including a NULL new_state_inout (logged).
 */
unsigned sxe_pool_try_to_set_indexed_element_state(void *array, unsigned id, unsigned old_state,
                                                   unsigned *new_state_inout);

/* Move the oldest element of old_state to new_state (this is how elements are allocated).
 * Returns its index, or SXE_POOL_NO_INDEX when old_state is empty (not logged) or on misuse (logged).
 */
unsigned sxe_pool_set_oldest_element_state(void *array, unsigned old_state, unsigned new_state);

/* Index of the oldest element in `state`, or SXE_POOL_NO_INDEX when empty or on misuse (logged). */
unsigned sxe_pool_get_oldest_element_index(void *array, unsigned state);

/* TIMED pools only (classic): when the oldest element of `state` (0 when empty) / element entered its state, as an
 * SXE_TIME date on the base of sxe_time_get(): `sxe_time_get() - sxe_pool_get_element_time_by_index(a, i)` is its age.
 * Computed from the monotonic stamp, so a change of the wall clock moves the date, never the age. 0 on misuse,
 * including an untimed pool (logged).
 */
SXE_TIME sxe_pool_get_oldest_element_time(void *array, unsigned state);
SXE_TIME sxe_pool_get_element_time_by_index(void *array, unsigned element);

/* TIMED pools only: the monotonic stamp itself, in seconds of the pool clock (sxe_pool_set_clock()); 0.0 when the state
 * is empty, and on misuse, including an untimed pool (logged).
 */
double sxe_pool_get_oldest_element_seconds(void *array, unsigned state);
double sxe_pool_get_element_seconds_by_index(void *array, unsigned element);

/* Untimed pools only: the insertion counter value of the oldest element of `state` (0 when empty; classic) / of
 * element. 0 on misuse, including a TIMED pool (logged).
 */
uint64_t sxe_pool_get_oldest_element_count(void *array, unsigned state);
unsigned long long sxe_pool_get_element_count_by_index(void *array, unsigned element);

/* Re-stamp element `id` and move it to the newest end of its state. Returns SXE_POOL_LOCK_TAKEN (0, classic);
 * SXE_POOL_NO_INDEX on misuse (logged).
 */
unsigned sxe_pool_touch_indexed_element(void *array, unsigned id);

/* TIMED pools only: set the timeout of `state` (seconds, 0 = none) at run time; re-arms the pool's timer. Misuse (an
 * untimed pool, a state out of range, seconds < 0 or not a number) is logged and changes nothing.
 */
void sxe_pool_set_state_timeout(void *array, unsigned state, double seconds);

/* TIMED pools only: set (or with NULL clear) this process's timeout callback. For shared pools each process
 * that wants timeouts processed sets its own; the state timeouts themselves are shared. Misuse (an untimed pool,
 * ...) is logged and changes nothing.
 */
void sxe_pool_set_timeout_callback(void *array, SXE_POOL_EVENT_TIMEOUT event_timeout, void *caller_info);

/* Process every state's expired heads of one pool now (for code without a loop, or to catch up); re-arms its timer.
 * Returns how many callbacks fired. Elements stamped during the call are not processed again in the same call.
 * A callback that deletes the pool ends the call (the pool is deleted on return; see sxe_pool_delete()).
 * Returns 0 (logged) on misuse, including a pool without a timeout callback.
 */
unsigned sxe_pool_check_timeouts_of(void *array);

/* Classic: sxe_pool_check_timeouts_of() for every pool with a timeout callback that the calling thread made (or
 * attached): in a program with one thread, every pool of the process (those of sxe_pool_new_with_timeouts() have no
 * timer: this is what checks them). Pools made by other threads are theirs to check. A pool created or deleted by a
 * callback during the call may not be checked before the next one.
 */
void sxe_pool_check_timeouts(void);

/* Threads: the libev loop whose timer drives this pool's timeouts (pools without timeouts ignore it); NULL means
 * ev_default_loop(0). A pool runs its timer on the loop its creating thread gave sxe_pool_set_thread_loop() (lib-sxe's
 * sxe_init() gives it the loop lib-sxe runs on), else on the default loop; this moves it (the timer is stopped on the
 * old loop and re-armed on the new one). libev is not thread safe: call it, and move elements into states with a
 * timeout, from the thread that runs the pool's loop (that thread owns the pool's timeouts). NULL or a pointer that is
 * not a pool, or a pool this process has no handle on: logged, ignored.
 */
void sxe_pool_set_loop(void *array, struct ev_loop *loop);

/* Threads: the loop that pools made (or attached) from now on by the calling thread run their timers on (NULL, the
 * default: ev_default_loop(0)). Per thread; pools already made keep theirs.
 */
void sxe_pool_set_thread_loop(struct ev_loop *loop);

/* Process-wide clock used to stamp TIMED pools and to decide timeouts (seconds, monotonic).
 * NULL restores the default (CLOCK_MONOTONIC). For tests. Shared pools across processes need the same clock.
 */
void sxe_pool_set_clock(double (*now)(void));

/* Function used in log messages to name states; NULL restores the default (the number). Per process. Misuse is
 * logged and changes nothing.
 */
void sxe_pool_set_state_to_string(void *array, const char *(*state_to_string)(unsigned state));

/* Pool facts: 0 (NULL for the name) on misuse (logged). */
const char *sxe_pool_get_name(void *array);
unsigned sxe_pool_get_number(void *array);
unsigned sxe_pool_get_number_of_states(void *array);
unsigned sxe_pool_get_element_size(void *array);
unsigned sxe_pool_get_options(void *array);
unsigned sxe_pool_get_lock_recoveries(void *array); /* times a dead lock holder was recovered from */

/* Bytes this process's pool made: the length of the single mapping sxe_pool_new*() created (header, per-state
 * and per-element bookkeeping, the element array, alignment). 0 for a pool built in caller memory by
 * sxe_pool_construct() or sxe_pool_attach(): that memory is the caller's. 0 on misuse (logged).
 */
size_t sxe_pool_get_allocated_bytes(void *array);

/* Walk `state` oldest to newest, returning each element at most once (the spare 4 bytes per element record the
 * last walk that visited it). Elements may move during the walk:
 * - if the element last returned is still in the state with the same stamp, the walk goes on to the next one;
 * - if it left the state or was touched, the walk resumes at the first element of the state stamped after it
 *   (O(number in state) for that one step);
 * - an element not yet visited that is touched or enters the state during the walk is still visited (it sits at
 *   the newest end); an element already visited is skipped even if it comes back.
 * So no element that is in the state when the walk ends is skipped unless it was already returned, and a walk
 * returns at most `number` indexes: it cannot loop forever. Each step locks locked pools. Walk ids are 32 bits:
 * an element last visited exactly 2^32 walks earlier is skipped once (negligible). Walkers running at the same time
 * on the same pool overwrite each other's marks; they may then return an element twice, never loop forever.
 * Misuse: a NULL walker is logged and ignored (construct) or returns SXE_POOL_NO_INDEX (step); when the array is not
 * a pool or the state is out of range, construct logs it and leaves a walker whose steps return SXE_POOL_NO_INDEX.
 */
void sxe_pool_walker_construct(SXE_POOL_WALKER *walker, void *array, unsigned state);
unsigned sxe_pool_walker_step(SXE_POOL_WALKER *walker); /* next index, or SXE_POOL_NO_INDEX at the end */

/* Shared memory. Shared pools are always LOCKED and store no absolute pointers.
 * sxe_pool_size(): bytes needed for a pool in caller memory, 0 when the size overflows.
 * sxe_pool_construct(): build a pool in `memory` (page or 64-byte aligned, sxe_pool_size() bytes, e.g. an
 *   mmap'd file); returns the array inside it; the memory stays the caller's. NULL (logged) when memory is NULL or
 *   misaligned, or for the reasons of sxe_pool_new().
 * sxe_pool_attach(): a second process that mapped the same memory (at any address) gets the array; NULL (logged)
 *   when the memory is NULL or holds no pool, or holds a private pool (made by sxe_pool_new*).
 * sxe_pool_new_shared(): mmap(MAP_SHARED|MAP_ANONYMOUS) + construct, so forked children share the pool.
 * Classic names: sxe_pool_to_base(array) is the memory the pool starts at (the `memory` given to
 * sxe_pool_construct(); for other pools, the header before the array), NULL (logged) for a pointer that is not a pool;
 * sxe_pool_from_base(base) is the array of the pool at `base`: a pool of this process's, or else sxe_pool_attach().
 */
size_t sxe_pool_size(unsigned number, unsigned element_size, unsigned number_of_states);
void *sxe_pool_construct(void *memory, const char *name, unsigned number, unsigned element_size,
                         unsigned number_of_states, unsigned options);
void *sxe_pool_attach(void *memory);
void *sxe_pool_new_shared(const char *name, unsigned number, unsigned element_size, unsigned number_of_states,
                          unsigned options);
void *sxe_pool_to_base(void *array);
void *sxe_pool_from_base(void *base);

/* Classic: reset the lock of a pool whose holder died. Nothing to do in libsxe (the robust lock recovers from a dead
 * holder at the next locking, see README.md): logged at level 4. A pointer that is not a pool is logged at level 2.
 */
void sxe_pool_override_locked(void *array);

#ifdef __cplusplus
}
#endif

#endif
