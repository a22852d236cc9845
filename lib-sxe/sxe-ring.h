/* sxe-ring.h: the hand-off between threads: a bounded ring of fixed-size elements, allocated once, with batch
 * acquire and release, for several producer threads and one consumer thread. See lib-sxe/README.md "Threads" for the
 * model, the pipeline it is made for (examples/pipeline) and its measured cost.
 *
 * The ring holds `capacity` slots (a power of 2) of element_size bytes each, numbered by 64-bit sequence numbers that
 * only grow (they never wrap). Producers and the consumer work on batches of consecutive slots in two steps:
 *
 *   uint64_t first;                                         uint64_t first;
 *   unsigned n = sxe_ring_produce_acquire(ring, 8, &first);  unsigned n = sxe_ring_consume_acquire(ring, 64, &first);
 *   for (unsigned i = 0; i < n; i++)                        for (unsigned i = 0; i < n; i++)
 *       fill(sxe_ring_element(ring, first + i));                use(sxe_ring_element(ring, first + i));
 *   sxe_ring_produce_release(ring, first, n);               sxe_ring_consume_release(ring, first, n);
 *
 * - ORDER: the consumer gets the elements in the order their slots were acquired (a producer's elements in the order
 *   it acquired them), each exactly once. A batch acquired but not yet released holds back the elements after it
 *   until it is released (release promptly: fill, then release).
 * - BOUNDED: a producer gets at most the free slots (0 when the ring is full: the application decides what to do, e.g.
 *   size the ring for the most elements that can be in flight, as examples/pipeline does). Nothing is allocated after
 *   sxe_ring_new().
 * - THREADS: any number of threads may produce at once (one atomic compare-and-swap per batch); ONE thread consumes
 *   (the consumer functions are not safe from two threads at once). An element belongs to the producer from its
 *   acquire to its release, then to the consumer from its acquire to its release.
 * - WAITING (the consumer's way to wait for elements, chosen per ring: per pipeline stage):
 *   SXE_RING_WAIT_BLOCKING: an idle consumer sleeps (in its libev loop, or in sxe_ring_wait()) after polling the
 *   empty ring SXE_RING_SLEEP_POLLS times (a few microseconds: less than a wake-up costs); the producer whose
 *   release finds it asleep wakes it through an eventfd (one write; a producer that finds it awake pays a full
 *   fence, one locked read-modify-write, and a load). No CPU when idle; a wake-up costs system calls on both sides.
 *   SXE_RING_WAIT_SPINNING: the consumer polls the ring (in its loop, from ev_check and ev_idle watchers that keep the
 *   loop from sleeping); producers never make a system call. Lowest latency; the consumer's core is busy even when
 *   idle.
 *
 * MISUSE: a NULL ring is logged (level 2, naming the function) and refused with the function's error value (0, NULL,
 * false, SXE_RETURN_ERROR_BAD_PARAMETER), as is a release of slots that were not acquired. The hot paths pay a NULL
 * test for it.
 */
#ifndef SXE_RING_H
#define SXE_RING_H

#include <stdbool.h>
#include <stdint.h>

#include "ev.h"
#include "sxe-log.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SXE_RING_WAIT_BLOCKING        0          /* the idle consumer sleeps; producers wake it (eventfd) */
#define SXE_RING_WAIT_SPINNING        1          /* the consumer polls; no system call anywhere, a busy core */
#define SXE_RING_CAPACITY_MAXIMUM     (1U << 24) /* slots of one ring (a power of 2, at least 2) */
#define SXE_RING_ELEMENT_SIZE_MAXIMUM 65536      /* bytes of one element */
#define SXE_RING_ELEMENT_ALIGNMENT    8          /* every element starts on a multiple of this */
#define SXE_RING_SPIN_POLLS           256        /* polls of an empty ring by a spinning consumer per loop iteration */
#define SXE_RING_SLEEP_POLLS          128        /* polls of an empty blocking ring before its consumer sleeps */
#define SXE_RING_NAME_MAXIMUM         31         /* bytes of a ring's name, for log lines */

typedef struct SXE_RING SXE_RING;

/* Called by the consumer's loop when elements may be waiting (sxe_ring_consume_on_loop()). It acquires and releases
 * batches as it likes; elements it leaves are offered again on the loop's next iteration.
 */
typedef void (*SXE_RING_READY)(SXE_RING *ring, void *arg);

typedef struct SXE_RING_COUNTERS {
    unsigned long long consumed; /* elements the consumer released */
    unsigned long long full;     /* produce_acquire calls that found the ring full (0 returned) */
    unsigned long long wakeups;  /* times a producer woke a sleeping consumer (blocking rings) */
} SXE_RING_COUNTERS;

/* Make a ring of `capacity` slots (a power of 2 from 2 to SXE_RING_CAPACITY_MAXIMUM) of element_size bytes (1 to
 * SXE_RING_ELEMENT_SIZE_MAXIMUM) for a consumer that waits in `wait_mode` (SXE_RING_WAIT_BLOCKING or _SPINNING).
 * One allocation, every page touched now (plus an eventfd for a blocking ring). `name` (at most SXE_RING_NAME_MAXIMUM
 * bytes, copied) names it in log lines. Returns NULL (logged) for a bad argument, or when memory or the eventfd cannot
 * be had.
 */
SXE_RING *sxe_ring_new(const char *name, unsigned capacity, unsigned element_size, unsigned wait_mode);

/* Free the ring (and its eventfd); stops a consumer's loop watchers (call it from the consumer's thread, once no
 * other thread uses the ring). NULL is ignored.
 */
void sxe_ring_delete(SXE_RING *ring);

/* Producers (any thread): reserve up to `count` consecutive free slots, the first of them in *first. Returns how many
 * (0 when the ring is full, counted; or count is 0). The caller fills sxe_ring_element(ring, *first + i) for i below
 * that, then publishes them with sxe_ring_produce_release(). NULL ring or first: 0 (logged).
 */
unsigned sxe_ring_produce_acquire(SXE_RING *ring, unsigned count, uint64_t *first);

/* Publish the `count` slots from `first` (a whole batch of sxe_ring_produce_acquire(), or several; in any order
 * between producers) to the consumer, waking it if it sleeps (blocking rings). NULL ring: logged, ignored.
 */
void sxe_ring_produce_release(SXE_RING *ring, uint64_t first, unsigned count);

/* The consumer (one thread): the oldest published elements, up to `count`, the first in *first. Returns how many (0
 * when none is published). Acquiring again before a release returns the same elements. NULL ring or first: 0
 * (logged).
 */
unsigned sxe_ring_consume_acquire(SXE_RING *ring, unsigned count, uint64_t *first);

/* Give the `count` oldest acquired slots back to the producers; `first` must be the oldest acquired element (the
 * *first of the last acquire, or that plus what was released since) and count at most what was acquired: else
 * nothing happens (logged). NULL ring: logged, ignored.
 */
void sxe_ring_consume_release(SXE_RING *ring, uint64_t first, unsigned count);

/* The element of slot `sequence` (8-byte aligned, element_size bytes). Valid for the holder of the slot. NULL ring:
 * NULL (logged).
 */
void *sxe_ring_element(SXE_RING *ring, uint64_t sequence);

/* Run the consumer on `loop` (NULL: this thread's lib-sxe loop, sxe_get_loop() of sxe.h), from the thread that runs
 * it: on_ready(ring, arg) is called from the loop whenever elements may be waiting (blocking rings: the eventfd's
 * watcher, after a wake-up, and on the loop's first iteration; spinning rings: every loop iteration, and up to
 * SXE_RING_SPIN_POLLS polls while the loop has nothing else to do). The watchers do not keep the loop alive by
 * themselves (ev_unref). Returns SXE_RETURN_OK; SXE_RETURN_ERROR_BAD_STATE (logged) when the ring already has a
 * consumer on a loop; SXE_RETURN_ERROR_BAD_PARAMETER (logged) for a NULL ring or on_ready.
 */
SXE_RETURN sxe_ring_consume_on_loop(SXE_RING *ring, struct ev_loop *loop, SXE_RING_READY on_ready, void *arg);

/* Stop the consumer's loop watchers (from the consumer's thread). Harmless when there are none; NULL: logged. */
void sxe_ring_consume_stop(SXE_RING *ring);

/* A consumer without a loop: wait up to `seconds` for an element to be published (blocking rings poll
 * SXE_RING_SLEEP_POLLS times, then sleep on the eventfd for up to `seconds`; spinning rings poll). Returns true when
 * one is there; false on timeout, after a sxe_ring_wake() with the ring still empty, or for a NULL ring (logged).
 */
bool sxe_ring_wait(SXE_RING *ring, double seconds);

/* Have the consumer's on_ready called soon from its loop, even with the ring empty (e.g. after the application set a
 * flag that on_ready checks: a request to stop), or end a sxe_ring_wait() of a blocking ring. Any thread. NULL:
 * logged.
 */
void sxe_ring_wake(SXE_RING *ring);

/* Facts: the capacity and element size given to sxe_ring_new() (0 for NULL, logged), and the counters (NULL arguments:
 * logged, nothing copied). consumed is exact when read by the consumer; full and wakeups are read atomically.
 */
unsigned sxe_ring_get_capacity(SXE_RING *ring);
unsigned sxe_ring_get_element_size(SXE_RING *ring);
void sxe_ring_get_counters(SXE_RING *ring, SXE_RING_COUNTERS *counters);

#ifdef __cplusplus
}
#endif

#endif
