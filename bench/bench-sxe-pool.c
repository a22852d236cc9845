/* bench-sxe-pool.c: nanoseconds per allocate + free pair (oldest FREE -> USED, then back) for an unlocked pool, a
 * TIMED unlocked pool, a locked pool without contention and a shared pool used by 2 processes at once, beside
 * malloc + free of the same element size, all measured in the same run.
 *
 * Usage: bench-sxe-pool [pairs [rounds [only]]]
 *   pairs   pairs per measurement (default 2000000)
 *   rounds  rounds (default 7); every figure is the median over the rounds. In each round every variant is measured
 *           once, in an order that rotates from round to round, so that background noise spreads over all of them.
 *   only    measure just one variant once, without warm-up (for callgrind): malloc, unlocked, timed, locked, shared,
 *           unlocked-64 or unlocked-16384.
 *
 * Fairness: both sides hold LIVE elements at once, free the one held longest and take a new one, write one byte into
 * it and keep it (the compiler is told the pointer escapes); set-up and tear-down are outside the timed loop. Times
 * are this process's CPU time, so that a measurement preempted on the shared machine is not charged for the wait.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sxe-pool.h"

#define ELEMENT_SIZE   64
#define ELEMENTS       1024 /* the pool of the goal; the -64 and -16384 variants are extra information */
#define LIVE           16   /* elements held at once on both sides */
#define ROUNDS_MAXIMUM 99
#define GOAL_RATIO     0.5 /* the goal: an unlocked pool pair costs under half of a malloc + free pair */

#define BENCH_ESCAPE(pointer) __asm__ __volatile__("" : : "r"(pointer) : "memory")

enum { FREE, USED, NUMBER_OF_STATES };

typedef struct VARIANT {
    const char *name;
    const char *label;
    char *pool; /* NULL: malloc + free */
    double ns[ROUNDS_MAXIMUM];
} VARIANT;

static double cpu_seconds(void)
{
    struct timespec now;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return now.tv_sec + now.tv_nsec * 1e-9;
}

static __attribute__((noinline)) double bench_malloc(unsigned long pairs)
{
    char *held[LIVE];
    double start;
    unsigned long i;

    for (i = 0; i < LIVE; i++) {
        held[i] = malloc(ELEMENT_SIZE);
        BENCH_ESCAPE(held[i]);
    }

    start = cpu_seconds();

    for (i = 0; i < pairs; i++) {
        unsigned slot = i % LIVE;
        char *element;

        free(held[slot]);
        element = malloc(ELEMENT_SIZE);
        element[0] = (char)i; /* use it, as a pool user would */
        BENCH_ESCAPE(element);
        held[slot] = element;
    }

    start = cpu_seconds() - start;

    for (i = 0; i < LIVE; i++) {
        free(held[i]);
    }

    return start * 1e9 / pairs;
}

static __attribute__((noinline)) double bench_pool(char *pool, unsigned long pairs)
{
    unsigned held[LIVE];
    double start;
    unsigned long i;

    for (i = 0; i < LIVE; i++) {
        held[i] = sxe_pool_set_oldest_element_state(pool, FREE, USED);
    }

    start = cpu_seconds();

    for (i = 0; i < pairs; i++) {
        unsigned slot = i % LIVE;
        char *element;

        sxe_pool_set_indexed_element_state(pool, held[slot], USED, FREE);
        held[slot] = sxe_pool_set_oldest_element_state(pool, FREE, USED);
        element = &pool[(size_t)held[slot] * ELEMENT_SIZE];
        element[0] = (char)i;
        BENCH_ESCAPE(element);
    }

    start = cpu_seconds() - start;

    for (i = 0; i < LIVE; i++) {
        sxe_pool_set_indexed_element_state(pool, held[i], USED, FREE);
    }

    return start * 1e9 / pairs;
}

static double measure(VARIANT *variant, unsigned long pairs)
{
    return variant->pool == NULL ? bench_malloc(pairs) : bench_pool(variant->pool, pairs);
}

/* Both processes work on the shared pool at the same time; returns the parent's ns/pair, *child_ns the child's. */
static double measure_shared(char *shared, unsigned long pairs, double *child_ns)
{
    int pipe_fds[2];
    pid_t pid;
    double ns;

    *child_ns = 0.0;

    if (pipe(pipe_fds) != 0 || (pid = fork()) < 0) {
        fprintf(stderr, "bench-sxe-pool: pipe or fork failed\n");
        exit(1);
    }

    if (pid == 0) {
        ns = bench_pool(shared, pairs);
        (void)!write(pipe_fds[1], &ns, sizeof(ns));
        _exit(0);
    }

    ns = bench_pool(shared, pairs);
    waitpid(pid, NULL, 0);
    (void)!read(pipe_fds[0], child_ns, sizeof(*child_ns));
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    return ns;
}

static int compare_doubles(const void *left, const void *right)
{
    double a = *(const double *)left;
    double b = *(const double *)right;

    return (a > b) - (a < b);
}

static double median(const double *values, unsigned count)
{
    double sorted[ROUNDS_MAXIMUM];

    memcpy(sorted, values, count * sizeof(*values));
    qsort(sorted, count, sizeof(*sorted), compare_doubles);
    return count % 2 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
}

int main(int argc, char **argv)
{
    unsigned long pairs = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000000UL;
    unsigned rounds = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 7;
    const char *only = argc > 3 ? argv[3] : NULL;
    char *shared = sxe_pool_new_shared("bench-shared", ELEMENTS, ELEMENT_SIZE, NUMBER_OF_STATES, 0);
    VARIANT variants[] = {
        {"malloc", "malloc + free", NULL, {0}},
        {"unlocked", "pool unlocked", sxe_pool_new("bench-unlocked", ELEMENTS, ELEMENT_SIZE, NUMBER_OF_STATES, 0), {0}},
        {"timed",
         "pool unlocked, TIMED (clock reads)",
         sxe_pool_new("bench-timed", ELEMENTS, ELEMENT_SIZE, NUMBER_OF_STATES, SXE_POOL_OPTION_TIMED),
         {0}},
        {"locked",
         "pool locked, no contention",
         sxe_pool_new("bench-locked", ELEMENTS, ELEMENT_SIZE, NUMBER_OF_STATES, SXE_POOL_OPTION_LOCKED),
         {0}},
        {"unlocked-64",
         "pool unlocked, 64 elements",
         sxe_pool_new("bench-64", 64, ELEMENT_SIZE, NUMBER_OF_STATES, 0),
         {0}},
        {"unlocked-16384",
         "pool unlocked, 16384 elements",
         sxe_pool_new("bench-16384", 16384, ELEMENT_SIZE, NUMBER_OF_STATES, 0),
         {0}},
    };
    unsigned count = sizeof(variants) / sizeof(variants[0]);
    double shared_ns[ROUNDS_MAXIMUM], shared_child_ns[ROUNDS_MAXIMUM];
    double ns_malloc, ns_unlocked;
    unsigned round, k;

    for (k = 1; k < count; k++) {
        if (variants[k].pool == NULL) {
            fprintf(stderr, "bench-sxe-pool: set-up failed\n");
            return 1;
        }
    }

    if (shared == NULL || pairs == 0 || rounds == 0 || rounds > ROUNDS_MAXIMUM) {
        fprintf(stderr, "usage: bench-sxe-pool [pairs (> 0) [rounds (1..%u) [only]]]\n", ROUNDS_MAXIMUM);
        return 1;
    }

    if (only != NULL) { /* one variant, once, no warm-up: for instruction counts under callgrind */
        double ns, child_ns;

        for (k = 0; k < count && strcmp(only, variants[k].name) != 0; k++) {
        }

        if (k < count) {
            ns = measure(&variants[k], pairs);
        } else if (strcmp(only, "shared") == 0) {
            ns = measure_shared(shared, pairs, &child_ns);
        } else {
            fprintf(stderr, "bench-sxe-pool: unknown variant '%s'\n", only);
            return 1;
        }

        printf("%s: %.2f ns/pair\n", only, ns);
        return 0;
    }

    for (k = 0; k < count; k++) { /* warm up */
        measure(&variants[k], pairs / 10 + 1);
    }

    for (round = 0; round < rounds; round++) {
        for (k = 0; k < count; k++) {
            VARIANT *variant = &variants[(k + round) % count];

            variant->ns[round] = measure(variant, pairs);
        }

        shared_ns[round] = measure_shared(shared, pairs / 4 + 1, &shared_child_ns[round]);
    }

    ns_malloc = median(variants[0].ns, rounds);
    ns_unlocked = median(variants[1].ns, rounds);
    printf("element size %u bytes, pool of %u elements, %u held at once, %lu pairs per measurement, median of %u "
           "rounds (CPU time)\n",
           ELEMENT_SIZE, ELEMENTS, LIVE, pairs, rounds);

    for (k = 0; k < count; k++) {
        printf("%-38s %7.2f ns/pair (%.2f x malloc + free)\n", variants[k].label, median(variants[k].ns, rounds),
               median(variants[k].ns, rounds) / ns_malloc);
    }

    printf("%-38s %7.2f / %.2f ns/pair (parent / child, running at once, %lu pairs each)\n",
           "pool shared by 2 processes", median(shared_ns, rounds), median(shared_child_ns, rounds), pairs / 4 + 1);
    printf("goal: unlocked pool pair < %.2f x malloc + free: %.2f, %s\n", GOAL_RATIO, ns_unlocked / ns_malloc,
           ns_unlocked / ns_malloc < GOAL_RATIO ? "met" : "NOT met");

    for (k = 1; k < count; k++) {
        sxe_pool_delete(variants[k].pool);
    }

    sxe_pool_delete(shared);
    return 0;
}
