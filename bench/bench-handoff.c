/* bench-handoff.c: the cost of handing a request from one thread to another (one stage crossing), in nanoseconds per
 * element, for the queues a pipeline can use: lib-sxe's ring (sxe-ring.h) with a spinning and with a blocking
 * consumer, a LOCKED sxe_pool used as a queue (the classic SXE way: elements move FREE -> FILLING -> QUEUED -> TAKEN ->
 * FREE, the consumer taking the oldest QUEUED one), and a bounded queue under a mutex with two condition variables
 * (the baseline), each at batch sizes 1, 8 and 64.
 *
 * Usage: bench-handoff [elements [rounds [producer_cpu consumer_cpu]]]
 *   elements  per measurement (default 2000000)
 *   rounds    rounds (default 5); each figure is the median over the rounds [min-max]. Every round measures every
 *             (queue, batch) once, in an order that rotates from round to round (noise spreads over all).
 *   cpus      the producer and the consumer threads are pinned to these (default 0 and 1: different cores).
 *
 * One producer thread sends `elements` elements of 24 bytes (a pipeline request: thread, connection, token, kind,
 * sequence), taking up to `batch` slots at a time; one consumer takes up to `batch` at a time, checks every element's
 * sequence (order, no loss, no duplicate) and gives the slots back. Every queue holds 1024 elements. Figures: wall
 * time / elements (ns per element per crossing, the producer and the consumer running at once on their cores), and
 * CPU time of both threads / elements (what a crossing costs the machine: a blocking consumer asleep costs nothing),
 * and sleeps per 1000 elements (the blocking ring: wake-ups of its sleeping consumer, an eventfd write and a poll each;
 * the mutex queue: the condition waits of both sides).
 * The pool and the spinning ring have no way to sleep: their consumer polls (the pool's count of QUEUED elements, a
 * read without its lock), as does a spinning stage.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sxe-pool.h"
#include "sxe-ring.h"

#define CAPACITY       1024
#define ROUNDS_MAXIMUM 99
#define GOAL_BATCH     8
#define GOAL_RATIO     0.25 /* the goal: the ring at batch 8 costs at most a quarter of the mutex queue's */

typedef struct ELEMENT { /* as PIPELINE_ITEM of examples/pipeline */
    uint32_t thread;
    uint32_t conn;
    uint32_t token;
    uint32_t kind;
    uint64_t sequence;
} ELEMENT;

typedef enum QUEUE_KIND { RING_SPINNING, RING_BLOCKING, POOL_LOCKED, MUTEX_CONDVAR, QUEUE_KINDS } QUEUE_KIND;

static const char *const queue_names[QUEUE_KINDS] = {"ring, spinning consumer", "ring, blocking consumer",
                                                     "LOCKED sxe_pool (polled)", "mutex + condition variables"};
static const unsigned batches[] = {1, 8, 64};
#define BATCHES (sizeof(batches) / sizeof(batches[0]))

enum { POOL_FREE, POOL_FILLING, POOL_QUEUED, POOL_TAKEN, POOL_STATES };

/* The mutex queue: a circular buffer of CAPACITY elements. */
typedef struct MUTEX_QUEUE {
    pthread_mutex_t lock;
    pthread_cond_t not_empty;
    pthread_cond_t not_full;
    unsigned head, count;
    bool consumer_waits, producer_waits;
    ELEMENT elements[CAPACITY];
} MUTEX_QUEUE;

typedef struct RUN {
    QUEUE_KIND kind;
    unsigned batch;
    unsigned long elements;
    int cpus[2];
    SXE_RING *ring;
    ELEMENT *pool;
    MUTEX_QUEUE *queue;
    pthread_barrier_t start;
    double cpu[2];                /* seconds of CPU of the producer and the consumer */
    unsigned long long sleeps[2]; /* times the producer and the consumer went to sleep (mutex) or were woken (ring) */
    unsigned long errors;
} RUN;

static double now_seconds(clockid_t clock)
{
    struct timespec now;

    clock_gettime(clock, &now);
    return now.tv_sec + now.tv_nsec * 1e-9;
}

static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

static void pin(int cpu)
{
    cpu_set_t set;

    CPU_ZERO(&set);
    CPU_SET(cpu, &set);

    if (pthread_setaffinity_np(pthread_self(), sizeof(set), &set) != 0) {
        fprintf(stderr, "bench-handoff: cannot pin a thread to CPU %d (figures are not cross-core)\n", cpu);
    }
}

static void fill(ELEMENT *element, uint64_t sequence)
{
    element->thread = 1;
    element->conn = (uint32_t)sequence;
    element->token = 7;
    element->kind = 1;
    element->sequence = sequence;
}

/* ---- producers ------------------------------------------------------------------------------------------------ */

static void produce_ring(RUN *run)
{
    uint64_t next = 0, first;
    unsigned got;

    while (next < run->elements) {
        unsigned want = run->elements - next < run->batch ? (unsigned)(run->elements - next) : run->batch;

        if ((got = sxe_ring_produce_acquire(run->ring, want, &first)) == 0) {
            cpu_relax(); /* full: the consumer is behind */
            continue;
        }

        for (unsigned i = 0; i < got; i++) {
            fill(sxe_ring_element(run->ring, first + i), next++);
        }

        sxe_ring_produce_release(run->ring, first, got);
    }
}

static void produce_pool(RUN *run)
{
    unsigned ids[64];
    uint64_t next = 0;
    unsigned got;

    while (next < run->elements) {
        unsigned want = run->elements - next < run->batch ? (unsigned)(run->elements - next) : run->batch;

        if (sxe_pool_get_number_in_state(run->pool, POOL_FREE) == 0) { /* full: poll without the lock */
            cpu_relax();
            continue;
        }

        for (got = 0; got < want; got++) {
            if ((ids[got] = sxe_pool_set_oldest_element_state(run->pool, POOL_FREE, POOL_FILLING)) ==
                SXE_POOL_NO_INDEX) {
                break;
            }

            fill(&run->pool[ids[got]], next++);
        }

        for (unsigned i = 0; i < got; i++) {
            sxe_pool_set_indexed_element_state(run->pool, ids[i], POOL_FILLING, POOL_QUEUED);
        }

        if (got == 0) {
            cpu_relax();
        }
    }
}

static void produce_mutex(RUN *run)
{
    MUTEX_QUEUE *queue = run->queue;
    uint64_t next = 0;

    while (next < run->elements) {
        unsigned want = run->elements - next < run->batch ? (unsigned)(run->elements - next) : run->batch;

        pthread_mutex_lock(&queue->lock);

        while (CAPACITY - queue->count < want) {
            queue->producer_waits = true;
            run->sleeps[0]++;
            pthread_cond_wait(&queue->not_full, &queue->lock);
        }

        queue->producer_waits = false;

        for (unsigned i = 0; i < want; i++) {
            fill(&queue->elements[(queue->head + queue->count++) % CAPACITY], next++);
        }

        if (queue->consumer_waits) {
            pthread_cond_signal(&queue->not_empty);
        }

        pthread_mutex_unlock(&queue->lock);
    }
}

/* ---- consumers ------------------------------------------------------------------------------------------------ */

static void consume_ring(RUN *run)
{
    uint64_t expected = 0, first;
    unsigned got;

    while (expected < run->elements) {
        if ((got = sxe_ring_consume_acquire(run->ring, run->batch, &first)) == 0) {
            if (run->kind == RING_BLOCKING) {
                sxe_ring_wait(run->ring, 1.0);
            } else {
                cpu_relax();
            }

            continue;
        }

        for (unsigned i = 0; i < got; i++) {
            run->errors += ((ELEMENT *)sxe_ring_element(run->ring, first + i))->sequence != expected++;
        }

        sxe_ring_consume_release(run->ring, first, got);
    }
}

static void consume_pool(RUN *run)
{
    unsigned ids[64];
    uint64_t expected = 0;
    unsigned got;

    while (expected < run->elements) {
        if (sxe_pool_get_number_in_state(run->pool, POOL_QUEUED) == 0) { /* a read without the lock: poll that */
            cpu_relax();
            continue;
        }

        for (got = 0; got < run->batch; got++) {
            if ((ids[got] = sxe_pool_set_oldest_element_state(run->pool, POOL_QUEUED, POOL_TAKEN)) ==
                SXE_POOL_NO_INDEX) {
                break;
            }

            run->errors += run->pool[ids[got]].sequence != expected++;
        }

        for (unsigned i = 0; i < got; i++) {
            sxe_pool_set_indexed_element_state(run->pool, ids[i], POOL_TAKEN, POOL_FREE);
        }

        if (got == 0) {
            cpu_relax();
        }
    }
}

static void consume_mutex(RUN *run)
{
    MUTEX_QUEUE *queue = run->queue;
    ELEMENT taken[64];
    uint64_t expected = 0;
    unsigned got;

    while (expected < run->elements) {
        pthread_mutex_lock(&queue->lock);

        while (queue->count == 0) {
            queue->consumer_waits = true;
            run->sleeps[1]++;
            pthread_cond_wait(&queue->not_empty, &queue->lock);
        }

        queue->consumer_waits = false;

        for (got = 0; got < run->batch && queue->count > 0; got++) {
            taken[got] = queue->elements[queue->head];
            queue->head = (queue->head + 1) % CAPACITY;
            queue->count--;
        }

        if (queue->producer_waits) {
            pthread_cond_signal(&queue->not_full);
        }

        pthread_mutex_unlock(&queue->lock);

        for (unsigned i = 0; i < got; i++) {
            run->errors += taken[i].sequence != expected++;
        }
    }
}

/* ---- a run ---------------------------------------------------------------------------------------------------- */

static void *producer_main(void *arg)
{
    RUN *run = arg;
    double cpu;

    pin(run->cpus[0]);
    pthread_barrier_wait(&run->start);
    cpu = now_seconds(CLOCK_THREAD_CPUTIME_ID);

    switch (run->kind) {
        case RING_SPINNING:
        case RING_BLOCKING:
            produce_ring(run);
            break;
        case POOL_LOCKED:
            produce_pool(run);
            break;
        default:
            produce_mutex(run);
            break;
    }

    run->cpu[0] = now_seconds(CLOCK_THREAD_CPUTIME_ID) - cpu;
    return NULL;
}

/* Runs one measurement; returns the wall time in seconds (the consumer's, from the common start to the last element).
 */
static double measure(RUN *run)
{
    pthread_t producer;
    double wall, cpu;

    pthread_barrier_init(&run->start, NULL, 2);
    run->errors = 0;
    run->sleeps[0] = run->sleeps[1] = 0;
    pthread_create(&producer, NULL, producer_main, run);
    pin(run->cpus[1]);
    pthread_barrier_wait(&run->start);
    wall = now_seconds(CLOCK_MONOTONIC);
    cpu = now_seconds(CLOCK_THREAD_CPUTIME_ID);

    switch (run->kind) {
        case RING_SPINNING:
        case RING_BLOCKING:
            consume_ring(run);
            break;
        case POOL_LOCKED:
            consume_pool(run);
            break;
        default:
            consume_mutex(run);
            break;
    }

    run->cpu[1] = now_seconds(CLOCK_THREAD_CPUTIME_ID) - cpu;
    wall = now_seconds(CLOCK_MONOTONIC) - wall;
    pthread_join(producer, NULL);
    pthread_barrier_destroy(&run->start);
    return wall;
}

static void prepare(RUN *run, QUEUE_KIND kind, unsigned batch)
{
    run->kind = kind;
    run->batch = batch;

    if (kind == RING_SPINNING || kind == RING_BLOCKING) {
        run->ring = sxe_ring_new("bench", CAPACITY, sizeof(ELEMENT),
                                 kind == RING_SPINNING ? SXE_RING_WAIT_SPINNING : SXE_RING_WAIT_BLOCKING);
    } else if (kind == POOL_LOCKED) {
        run->pool = sxe_pool_new("bench", CAPACITY, sizeof(ELEMENT), POOL_STATES, SXE_POOL_OPTION_LOCKED);
    } else {
        run->queue = calloc(1, sizeof(MUTEX_QUEUE));
        pthread_mutex_init(&run->queue->lock, NULL);
        pthread_cond_init(&run->queue->not_empty, NULL);
        pthread_cond_init(&run->queue->not_full, NULL);
    }
}

static void release(RUN *run)
{
    SXE_RING_COUNTERS counters;

    if (run->ring != NULL) { /* a blocking ring's consumer sleeps until a producer wakes it: one wake-up per sleep */
        sxe_ring_get_counters(run->ring, &counters);
        run->sleeps[1] = counters.wakeups;
    }

    sxe_ring_delete(run->ring);
    sxe_pool_delete(run->pool);

    if (run->queue != NULL) {
        pthread_mutex_destroy(&run->queue->lock);
        pthread_cond_destroy(&run->queue->not_empty);
        pthread_cond_destroy(&run->queue->not_full);
        free(run->queue);
    }

    run->ring = NULL;
    run->pool = NULL;
    run->queue = NULL;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double median(double *values, unsigned count)
{
    double sorted[ROUNDS_MAXIMUM];

    memcpy(sorted, values, count * sizeof(double));
    qsort(sorted, count, sizeof(double), compare);
    return count % 2 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
}

static double minimum(const double *values, unsigned count)
{
    double m = values[0];

    for (unsigned i = 1; i < count; i++) {
        m = values[i] < m ? values[i] : m;
    }

    return m;
}

static double maximum(const double *values, unsigned count)
{
    double m = values[0];

    for (unsigned i = 1; i < count; i++) {
        m = values[i] > m ? values[i] : m;
    }

    return m;
}

int main(int argc, char **argv)
{
    static double wall_ns[QUEUE_KINDS][BATCHES][ROUNDS_MAXIMUM];
    static double cpu_ns[QUEUE_KINDS][BATCHES][ROUNDS_MAXIMUM];
    static double sleeps[QUEUE_KINDS][BATCHES][ROUNDS_MAXIMUM]; /* per 1000 elements */
    unsigned long elements = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000000;
    unsigned rounds = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 5;
    RUN run = {.cpus = {argc > 4 ? atoi(argv[3]) : 0, argc > 4 ? atoi(argv[4]) : 1}};
    unsigned long errors = 0;
    unsigned cells = QUEUE_KINDS * BATCHES;
    double goal[2];

    if (elements == 0 || rounds == 0 || rounds > ROUNDS_MAXIMUM) {
        fprintf(stderr, "usage: bench-handoff [elements [rounds (1..%d) [producer_cpu consumer_cpu]]]\n",
                ROUNDS_MAXIMUM);
        return 2;
    }

    run.elements = elements;
    sxe_log_set_level(SXE_LOG_LEVEL_WARNING);

    for (unsigned round = 0; round < rounds; round++) {
        for (unsigned c = 0; c < cells; c++) {
            unsigned cell = (c + round) % cells;
            QUEUE_KIND kind = (QUEUE_KIND)(cell / BATCHES);
            unsigned b = cell % BATCHES;
            double wall;

            prepare(&run, kind, batches[b]);
            wall = measure(&run);
            wall_ns[kind][b][round] = wall * 1e9 / elements;
            cpu_ns[kind][b][round] = (run.cpu[0] + run.cpu[1]) * 1e9 / elements;
            errors += run.errors;
            release(&run);
            sleeps[kind][b][round] = (double)(run.sleeps[0] + run.sleeps[1]) * 1000.0 / elements;
        }
    }

    printf("hand-off of %lu elements of %zu bytes, producer on CPU %d, consumer on CPU %d, queues of %u, median of %u "
           "rounds [min-max]\n",
           elements, sizeof(ELEMENT), run.cpus[0], run.cpus[1], CAPACITY, rounds);
    printf("%-30s %5s %28s %28s %13s\n", "queue", "batch", "wall ns/element", "CPU ns/element (both threads)",
           "sleeps/1000");

    for (unsigned k = 0; k < QUEUE_KINDS; k++) {
        for (unsigned b = 0; b < BATCHES; b++) {
            printf("%-30s %5u %10.1f [%7.1f-%7.1f] %10.1f [%7.1f-%7.1f] %13.2f\n", queue_names[k], batches[b],
                   median(wall_ns[k][b], rounds), minimum(wall_ns[k][b], rounds), maximum(wall_ns[k][b], rounds),
                   median(cpu_ns[k][b], rounds), minimum(cpu_ns[k][b], rounds), maximum(cpu_ns[k][b], rounds),
                   median(sleeps[k][b], rounds));
        }
    }

    for (unsigned k = RING_SPINNING; k <= RING_BLOCKING; k++) {
        goal[k] = median(wall_ns[k][1], rounds) / median(wall_ns[MUTEX_CONDVAR][1], rounds);
        printf("goal: %s at batch %u <= %.2f x mutex + condition variables: %.3f, %s\n", queue_names[k], GOAL_BATCH,
               GOAL_RATIO, goal[k], goal[k] <= GOAL_RATIO ? "met" : "NOT met");
    }

    printf("order and loss: %lu elements out of order, lost or repeated\n", errors);
    return errors == 0 ? 0 : 1;
}
