/* sxe-ring.c: the bounded multi-producer, single-consumer ring of sxe-ring.h.
 *
 * Each slot starts with a 64-bit stamp that says who may use it, for sequence number s of that slot
 * (s & mask == slot index): stamp == s, free for the producer of s; stamp == s + 1, published for the consumer of s;
 * the consumer's release sets s + capacity, free for the producer of the next lap. Sequence numbers never wrap (64
 * bits), so a stamp never means two things (no ABA).
 *
 * Producers: read the shared head (the next sequence to hand out), count the free slots from it (stamps equal to
 * their sequence, acquire loads), take them with one compare-and-swap of head, fill them, and publish each with a
 * release store of its stamp. Producers never wait for each other: a slower producer's unpublished slot only holds
 * the consumer back (ORDER rule). The consumer: reads stamps from its private tail while they say "published", uses
 * the elements, and frees each slot with a release store of its next stamp. Every element's bytes are ordered by the
 * stamp's release/acquire pair (the producer's writes before the consumer's reads, the consumer's reads before the
 * next producer's writes), which is what ThreadSanitizer checks.
 *
 * Waking (blocking rings) is Dekker's handshake between the consumer's `waiting` flag and the stamps, each side
 * storing then fencing then loading: the consumer sets waiting, fences, and sleeps only if the ring is still empty; a
 * producer publishes, fences, and writes the eventfd only if it sees waiting (and wins the exchange that clears it).
 * One of the two always sees the other's store, so a published element is never left asleep. The fence and the load
 * are all a producer pays while the consumer is awake.
 */
#define SXE_LOG_COMPONENT "sxe"

#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "sxe-private.h"
#include "sxe-ring.h"

#define SXE_RING_STAMP_SIZE 8  /* bytes before each element */
#define SXE_RING_LINE       64 /* cache line: what the producers, the consumer and the flags share is apart */
#define SXE_RING_ROUNDS     16 /* rounds of on_ready per wake-up while elements keep coming; then other events first */

typedef struct SXE_RING_SLOT {
    _Atomic uint64_t stamp;
    unsigned char element[];
} SXE_RING_SLOT;

struct SXE_RING {
    /* read-only after sxe_ring_new() */
    unsigned char *slots;
    uint64_t mask;
    size_t stride; /* bytes per slot: stamp + element, rounded up to SXE_RING_ELEMENT_ALIGNMENT */
    size_t mapping_size;
    unsigned capacity;
    unsigned element_size;
    unsigned wait_mode;
    int eventfd; /* blocking rings: the consumer's wake-up; -1 for spinning ones */
    char name[SXE_RING_NAME_MAXIMUM + 1];

    _Alignas(SXE_RING_LINE) _Atomic uint64_t head; /* producers: the next sequence to hand out */

    _Alignas(SXE_RING_LINE) _Atomic int waiting; /* blocking rings: the consumer sleeps (or is about to) */
    _Atomic int kicked;                          /* sxe_ring_wake() was called */
    _Atomic int fence_word;                      /* the handshake's fence (sxe_ring_fence) */
    _Atomic unsigned long long full;
    _Atomic unsigned long long wakeups;

    _Alignas(SXE_RING_LINE) uint64_t tail; /* the consumer's: the oldest sequence not released */
    unsigned long long consumed;
    struct ev_loop *loop; /* sxe_ring_consume_on_loop(): the consumer's loop, NULL when none */
    SXE_RING_READY on_ready;
    void *arg;
    ev_io io;       /* blocking: the eventfd */
    ev_check check; /* spinning: every iteration */
    ev_idle idle;   /* spinning: keeps the loop polling, and polls the ring meanwhile */
};

static inline SXE_RING_SLOT *sxe_ring_slot(SXE_RING *ring, uint64_t sequence)
{
    return (SXE_RING_SLOT *)(ring->slots + (size_t)(sequence & ring->mask) * ring->stride);
}

static inline void sxe_ring_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/* The handshake's full fence between a store and a later load: a read-modify-write of one word that both sides share
 * (the later of the two reads from the earlier, so the earlier side's store happens before the later side's load).
 * Cheaper than atomic_thread_fence() where that is a serializing MFENCE (x86-64: bench-handoff measured the blocking
 * ring at batch 8 at 0.285x the mutex queue with MFENCE), and a form ThreadSanitizer checks (it models no fences).
 */
static inline void sxe_ring_fence(SXE_RING *ring)
{
    atomic_fetch_add_explicit(&ring->fence_word, 0, memory_order_acq_rel);
}

/* A NULL ring given to `function`: logged (level 2). */
static void __attribute__((cold, noinline)) sxe_ring_null(const char *function)
{
    SXEL2("%s(NULL): no ring (the result of a failed sxe_ring_new()?)", function);
}

/* ---- life cycle ----------------------------------------------------------------------------------------------- */

static bool sxe_ring_check_new(const char *name, unsigned capacity, unsigned element_size, unsigned wait_mode)
{
    if (name == NULL || strlen(name) > SXE_RING_NAME_MAXIMUM) {
        SXEL2("sxe_ring_new(name=%s): NULL, or longer than %u bytes", name != NULL ? name : "NULL",
              SXE_RING_NAME_MAXIMUM);
        return false;
    }

    if (capacity < 2 || capacity > SXE_RING_CAPACITY_MAXIMUM || (capacity & (capacity - 1)) != 0) {
        SXEL2("sxe_ring_new(name=%s, capacity=%u): not a power of 2 from 2 to %u", name, capacity,
              SXE_RING_CAPACITY_MAXIMUM);
        return false;
    }

    if (element_size == 0 || element_size > SXE_RING_ELEMENT_SIZE_MAXIMUM) {
        SXEL2("sxe_ring_new(name=%s, element_size=%u): not from 1 to %u", name, element_size,
              SXE_RING_ELEMENT_SIZE_MAXIMUM);
        return false;
    }

    if (wait_mode != SXE_RING_WAIT_BLOCKING && wait_mode != SXE_RING_WAIT_SPINNING) {
        SXEL2("sxe_ring_new(name=%s, wait_mode=%u): neither SXE_RING_WAIT_BLOCKING nor SXE_RING_WAIT_SPINNING", name,
              wait_mode);
        return false;
    }

    return true;
}

SXE_RING *sxe_ring_new(const char *name, unsigned capacity, unsigned element_size, unsigned wait_mode)
{
    SXE_RING *ring = NULL;
    size_t stride, header, size;
    void *mapping;

    SXEE6("sxe_ring_new(name=%s, capacity=%u, element_size=%u, wait_mode=%u)", name ? name : "NULL", capacity,
          element_size, wait_mode);

    if (!sxe_ring_check_new(name, capacity, element_size, wait_mode)) {
        goto SXE_ERROR_OUT;
    }

    stride = (SXE_RING_STAMP_SIZE + element_size + SXE_RING_ELEMENT_ALIGNMENT - 1) / SXE_RING_ELEMENT_ALIGNMENT *
             SXE_RING_ELEMENT_ALIGNMENT;
    header = (sizeof(SXE_RING) + SXE_RING_LINE - 1) / SXE_RING_LINE * SXE_RING_LINE;
    size = header + stride * capacity;
    mapping = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (mapping == MAP_FAILED) {
        SXEL2("sxe_ring_new(name=%s): cannot allocate %zu bytes: %s", name, size, strerror(errno));
        goto SXE_ERROR_OUT;
    }

    memset(mapping, 0, size); /* touch every page now: fixed memory */
    ring = mapping;
    ring->slots = (unsigned char *)mapping + header;
    ring->mask = capacity - 1;
    ring->stride = stride;
    ring->mapping_size = size;
    ring->capacity = capacity;
    ring->element_size = element_size;
    ring->wait_mode = wait_mode;
    ring->eventfd = -1;
    strcpy(ring->name, name);

    for (uint64_t sequence = 0; sequence < capacity; sequence++) {
        atomic_init(&sxe_ring_slot(ring, sequence)->stamp, sequence);
    }

    if (wait_mode == SXE_RING_WAIT_BLOCKING && (ring->eventfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0) {
        SXEL2("sxe_ring_new(name=%s): eventfd() failed: %s", name, strerror(errno));
        munmap(mapping, size);
        ring = NULL;
    }

SXE_EARLY_OR_ERROR_OUT:
    SXER6("return %p", (void *)ring);
    return ring;
}

void sxe_ring_delete(SXE_RING *ring)
{
    if (ring == NULL) {
        return;
    }

    sxe_ring_consume_stop(ring);

    if (ring->eventfd >= 0) {
        close(ring->eventfd);
    }

    munmap(ring, ring->mapping_size);
}

/* ---- producers ------------------------------------------------------------------------------------------------ */

unsigned sxe_ring_produce_acquire(SXE_RING *ring, unsigned count, uint64_t *first)
{
    uint64_t head;
    uint64_t stamp;
    unsigned free;

    if (SXE_UNLIKELY(ring == NULL || first == NULL)) {
        sxe_ring_null(ring == NULL ? "sxe_ring_produce_acquire" : "sxe_ring_produce_acquire(first)");
        return 0;
    }

    count = count < ring->capacity ? count : ring->capacity;
    head = atomic_load_explicit(&ring->head, memory_order_relaxed);

    for (;;) {
        for (free = 0; free < count; free++) {
            stamp = atomic_load_explicit(&sxe_ring_slot(ring, head + free)->stamp, memory_order_acquire);

            if (stamp != head + free) {
                break;
            }
        }

        if (free == 0) {
            if (count == 0) {
                return 0;
            }

            if ((int64_t)(stamp - head) < 0) { /* the slot of head is still the consumer's: full */
                atomic_fetch_add_explicit(&ring->full, 1, memory_order_relaxed);
                return 0;
            }

            head = atomic_load_explicit(&ring->head, memory_order_relaxed); /* another producer took it: again */
            continue;
        }

        if (atomic_compare_exchange_weak_explicit(&ring->head, &head, head + free, memory_order_relaxed,
                                                  memory_order_relaxed)) {
            *first = head;
            return free;
        }
    }
}

void sxe_ring_produce_release(SXE_RING *ring, uint64_t first, unsigned count)
{
    uint64_t one = 1;

    if (SXE_UNLIKELY(ring == NULL)) {
        sxe_ring_null("sxe_ring_produce_release");
        return;
    }

    for (uint64_t sequence = first; sequence < first + count; sequence++) {
        atomic_store_explicit(&sxe_ring_slot(ring, sequence)->stamp, sequence + 1, memory_order_release);
    }

    if (ring->wait_mode == SXE_RING_WAIT_BLOCKING) {
        sxe_ring_fence(ring); /* the stamps before the load of waiting (Dekker, see the top) */

        if (atomic_load_explicit(&ring->waiting, memory_order_relaxed) &&
            atomic_exchange_explicit(&ring->waiting, 0, memory_order_relaxed)) {
            atomic_fetch_add_explicit(&ring->wakeups, 1, memory_order_relaxed);

            if (write(ring->eventfd, &one, sizeof(one)) < 0 && errno != EAGAIN) {
                SXEL2("ring %s: write to its eventfd failed: %s", ring->name, strerror(errno));
            }
        }
    }
}

void sxe_ring_wake(SXE_RING *ring)
{
    uint64_t one = 1;

    if (ring == NULL) {
        sxe_ring_null("sxe_ring_wake");
        return;
    }

    atomic_store_explicit(&ring->waiting, 0, memory_order_relaxed);
    atomic_store_explicit(&ring->kicked, 1, memory_order_release);

    if (ring->eventfd >= 0 && write(ring->eventfd, &one, sizeof(one)) < 0 && errno != EAGAIN) {
        SXEL2("ring %s: write to its eventfd failed: %s", ring->name, strerror(errno));
    }
}

/* ---- the consumer --------------------------------------------------------------------------------------------- */

static inline bool sxe_ring_published(SXE_RING *ring, uint64_t sequence)
{
    return atomic_load_explicit(&sxe_ring_slot(ring, sequence)->stamp, memory_order_acquire) == sequence + 1;
}

unsigned sxe_ring_consume_acquire(SXE_RING *ring, unsigned count, uint64_t *first)
{
    unsigned ready = 0;

    if (SXE_UNLIKELY(ring == NULL || first == NULL)) {
        sxe_ring_null(ring == NULL ? "sxe_ring_consume_acquire" : "sxe_ring_consume_acquire(first)");
        return 0;
    }

    count = count < ring->capacity ? count : ring->capacity;

    while (ready < count && sxe_ring_published(ring, ring->tail + ready)) {
        ready++;
    }

    *first = ring->tail;
    return ready;
}

void sxe_ring_consume_release(SXE_RING *ring, uint64_t first, unsigned count)
{
    if (SXE_UNLIKELY(ring == NULL)) {
        sxe_ring_null("sxe_ring_consume_release");
        return;
    }

    if (SXE_UNLIKELY(first != ring->tail || count > ring->capacity ||
                     (count > 0 && !sxe_ring_published(ring, first + count - 1)))) {
        SXEL2("sxe_ring_consume_release(ring=%s, first=%llu, count=%u): the oldest acquired element is %llu; ignored",
              ring->name, (unsigned long long)first, count, (unsigned long long)ring->tail);
        return;
    }

    for (uint64_t sequence = first; sequence < first + count; sequence++) {
        atomic_store_explicit(&sxe_ring_slot(ring, sequence)->stamp, sequence + ring->capacity, memory_order_release);
    }

    ring->tail = first + count;
    ring->consumed += count;
}

void *sxe_ring_element(SXE_RING *ring, uint64_t sequence)
{
    if (SXE_UNLIKELY(ring == NULL)) {
        sxe_ring_null("sxe_ring_element");
        return NULL;
    }

    return sxe_ring_slot(ring, sequence)->element;
}

/* Blocking rings: declare the consumer asleep. True when it may sleep (the ring is still empty); false when an
 * element came meanwhile (waiting is cleared again: the consumer goes on).
 */
static bool sxe_ring_sleep(SXE_RING *ring)
{
    for (unsigned polls = 0; polls < SXE_RING_SLEEP_POLLS; polls++) { /* a wake-up costs more than a short wait */
        if (sxe_ring_published(ring, ring->tail)) {
            return false;
        }

        sxe_ring_cpu_relax();
    }

    atomic_store_explicit(&ring->waiting, 1, memory_order_relaxed);
    sxe_ring_fence(ring); /* waiting before the load of the stamp (Dekker, see the top) */

    if (!sxe_ring_published(ring, ring->tail)) {
        return true;
    }

    atomic_store_explicit(&ring->waiting, 0, memory_order_relaxed);
    return false;
}

static void sxe_ring_drain_eventfd(SXE_RING *ring)
{
    uint64_t count;

    while (read(ring->eventfd, &count, sizeof(count)) > 0) {
    }
}

static void sxe_ring_on_eventfd(struct ev_loop *loop, ev_io *io, int revents)
{
    SXE_RING *ring = io->data;
    unsigned rounds = 0;

    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(revents);
    sxe_ring_drain_eventfd(ring);
    atomic_store_explicit(&ring->kicked, 0, memory_order_relaxed); /* on_ready is called now */

    do {
        ring->on_ready(ring, ring->arg);

        if (ring->loop == NULL) { /* on_ready stopped the consumer (or deleted nothing yet: it may not delete) */
            return;
        }
    } while (!sxe_ring_sleep(ring) && ++rounds < SXE_RING_ROUNDS);

    if (rounds == SXE_RING_ROUNDS) {
        sxe_ring_wake(ring); /* still busy: come back on the next iteration, after the loop's other events */
    }
}

static void sxe_ring_on_check(struct ev_loop *loop, ev_check *check, int revents)
{
    SXE_RING *ring = check->data;

    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(revents);

    if (sxe_ring_published(ring, ring->tail) || (atomic_load_explicit(&ring->kicked, memory_order_relaxed) &&
                                                 atomic_exchange_explicit(&ring->kicked, 0, memory_order_acquire))) {
        ring->on_ready(ring, ring->arg);
    }
}

static void sxe_ring_on_idle(struct ev_loop *loop, ev_idle *idle, int revents)
{
    SXE_RING *ring = idle->data;

    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(revents);

    for (unsigned polls = 0; polls < SXE_RING_SPIN_POLLS; polls++) {
        if (sxe_ring_published(ring, ring->tail)) {
            ring->on_ready(ring, ring->arg);
            return;
        }

        sxe_ring_cpu_relax();
    }
}

SXE_RETURN
sxe_ring_consume_on_loop(SXE_RING *ring, struct ev_loop *loop, SXE_RING_READY on_ready, void *arg)
{
    if (ring == NULL || on_ready == NULL) {
        SXEL2("sxe_ring_consume_on_loop(%s): nothing to run", ring == NULL ? "NULL" : "on_ready=NULL");
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    if (ring->loop != NULL) {
        SXEL2("sxe_ring_consume_on_loop(ring=%s): the ring already has a consumer on a loop", ring->name);
        return SXE_RETURN_ERROR_BAD_STATE;
    }

    ring->loop = loop != NULL ? loop : sxe_get_loop();
    ring->on_ready = on_ready;
    ring->arg = arg;

    if (ring->wait_mode == SXE_RING_WAIT_BLOCKING) {
        ev_io_init(&ring->io, sxe_ring_on_eventfd, ring->eventfd, EV_READ);
        ring->io.data = ring;
        ev_io_start(ring->loop, &ring->io);
        ev_unref(ring->loop);
        sxe_ring_wake(ring); /* a first look from the loop: elements may have been published before */
    } else {
        ev_check_init(&ring->check, sxe_ring_on_check);
        ev_idle_init(&ring->idle, sxe_ring_on_idle);
        ring->check.data = ring;
        ring->idle.data = ring;
        ev_check_start(ring->loop, &ring->check);
        ev_unref(ring->loop);
        ev_idle_start(ring->loop, &ring->idle);
        ev_unref(ring->loop);
    }

    return SXE_RETURN_OK;
}

void sxe_ring_consume_stop(SXE_RING *ring)
{
    if (ring == NULL) {
        sxe_ring_null("sxe_ring_consume_stop");
        return;
    }

    if (ring->loop == NULL) {
        return;
    }

    if (ring->wait_mode == SXE_RING_WAIT_BLOCKING) {
        ev_ref(ring->loop); /* libev's rule for stopping an ev_unref'ed watcher */
        ev_io_stop(ring->loop, &ring->io);
    } else {
        ev_ref(ring->loop);
        ev_check_stop(ring->loop, &ring->check);
        ev_ref(ring->loop);
        ev_idle_stop(ring->loop, &ring->idle);
    }

    ring->loop = NULL;
}

static double sxe_ring_now(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

bool sxe_ring_wait(SXE_RING *ring, double seconds)
{
    double deadline;
    struct pollfd pfd;
    int timeout;

    if (ring == NULL) {
        sxe_ring_null("sxe_ring_wait");
        return false;
    }

    seconds = seconds > 0 ? seconds : 0;
    deadline = ring->wait_mode == SXE_RING_WAIT_SPINNING ? sxe_ring_now() + seconds : 0; /* blocking: at the sleep */

    for (unsigned polls = 1;; polls++) { /* returns on an element, a wake-up or the deadline */
        if (sxe_ring_published(ring, ring->tail)) {
            return true;
        }

        if (ring->wait_mode == SXE_RING_WAIT_SPINNING) {
            sxe_ring_cpu_relax();

            if (polls % 1024 == 0 &&
                (sxe_ring_now() >= deadline || atomic_exchange_explicit(&ring->kicked, 0, memory_order_acquire))) {
                return sxe_ring_published(ring, ring->tail);
            }

            continue;
        }

        if (!sxe_ring_sleep(ring)) { /* an element came while it polled: no clock read, no system call */
            return true;
        }

        deadline = deadline > 0 ? deadline : sxe_ring_now() + seconds;
        timeout = (int)((deadline - sxe_ring_now()) * 1000.0 + 0.999);
        pfd.fd = ring->eventfd;
        pfd.events = POLLIN;

        if (timeout <= 0 || poll(&pfd, 1, timeout) <= 0) {
            atomic_store_explicit(&ring->waiting, 0, memory_order_relaxed);
            return sxe_ring_published(ring, ring->tail);
        }

        sxe_ring_drain_eventfd(ring); /* a producer's wake-up, sxe_ring_wake(), or a stale one: look again */

        if (atomic_exchange_explicit(&ring->kicked, 0, memory_order_acquire)) {
            return sxe_ring_published(ring, ring->tail);
        }
    }
}

/* ---- facts ---------------------------------------------------------------------------------------------------- */

unsigned sxe_ring_get_capacity(SXE_RING *ring)
{
    if (ring == NULL) {
        sxe_ring_null("sxe_ring_get_capacity");
        return 0;
    }

    return ring->capacity;
}

unsigned sxe_ring_get_element_size(SXE_RING *ring)
{
    if (ring == NULL) {
        sxe_ring_null("sxe_ring_get_element_size");
        return 0;
    }

    return ring->element_size;
}

void sxe_ring_get_counters(SXE_RING *ring, SXE_RING_COUNTERS *counters)
{
    if (ring == NULL || counters == NULL) {
        sxe_ring_null(ring == NULL ? "sxe_ring_get_counters" : "sxe_ring_get_counters(counters)");
        return;
    }

    counters->consumed = ring->consumed;
    counters->full = atomic_load_explicit(&ring->full, memory_order_relaxed);
    counters->wakeups = atomic_load_explicit(&ring->wakeups, memory_order_relaxed);
}
