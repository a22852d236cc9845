/* bench-sxe-pool.c: nanoseconds per allocate + free pair (oldest FREE -> USED, then back) for an unlocked pool, a
 * locked pool without contention and a shared pool used by 2 processes at once, beside malloc + free of the same
 * element size, all measured in the same run. Usage: bench-sxe-pool [pairs] (default 10000000).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sxe-pool.h"

#define ELEMENT_SIZE 64
#define ELEMENTS     1024
#define LIVE         16 /* elements held at once, so that both sides reuse warm memory the same way */

enum { FREE, USED, NUMBER_OF_STATES };

static double now_seconds(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec + now.tv_nsec * 1e-9;
}

static double bench_malloc(unsigned long pairs)
{
    void * volatile held[LIVE] = {0};
    double          start      = now_seconds();
    unsigned long   i;

    for (i = 0; i < pairs; i++) {
        unsigned slot = i % LIVE;
        char *   p;

        free(held[slot]);
        p          = malloc(ELEMENT_SIZE);
        p[0]       = (char)i; /* use it, as a pool user would */
        held[slot] = p;
    }

    for (i = 0; i < LIVE; i++) {
        free(held[i]);
    }

    return (now_seconds() - start) * 1e9 / pairs;
}

static double bench_pool(char * pool, unsigned long pairs)
{
    unsigned      held[LIVE];
    double        start = now_seconds();
    unsigned long i;

    for (i = 0; i < LIVE; i++) {
        held[i] = sxe_pool_set_oldest_element_state(pool, FREE, USED);
    }

    for (i = 0; i < pairs; i++) {
        unsigned slot = i % LIVE;
        unsigned id;

        sxe_pool_set_indexed_element_state(pool, held[slot], USED, FREE);
        id                         = sxe_pool_set_oldest_element_state(pool, FREE, USED);
        pool[id * ELEMENT_SIZE]    = (char)i;
        held[slot]                 = id;
    }

    for (i = 0; i < LIVE; i++) {
        sxe_pool_set_indexed_element_state(pool, held[i], USED, FREE);
    }

    return (now_seconds() - start) * 1e9 / pairs;
}

int main(int argc, char ** argv)
{
    unsigned long pairs = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000000UL;
    char *        unlocked = sxe_pool_new("bench-unlocked", ELEMENTS, ELEMENT_SIZE, NUMBER_OF_STATES, SXE_POOL_OPTION_UNLOCKED);
    char *        locked   = sxe_pool_new("bench-locked", ELEMENTS, ELEMENT_SIZE, NUMBER_OF_STATES, SXE_POOL_OPTION_LOCKED);
    char *        timed    = sxe_pool_new("bench-timed", ELEMENTS, ELEMENT_SIZE, NUMBER_OF_STATES, SXE_POOL_OPTION_TIMED);
    char *        shared   = sxe_pool_new_shared("bench-shared", ELEMENTS, ELEMENT_SIZE, NUMBER_OF_STATES, 0);
    double        ns_malloc, ns_unlocked, ns_locked, ns_timed, ns_shared, ns_shared_child = 0.0;
    int           pipe_fds[2];
    pid_t         pid;

    if (unlocked == NULL || locked == NULL || timed == NULL || shared == NULL || pipe(pipe_fds) != 0) {
        fprintf(stderr, "bench-sxe-pool: set-up failed\n");
        return 1;
    }

    bench_malloc(pairs / 10); /* warm up */
    bench_pool(unlocked, pairs / 10);
    ns_malloc   = bench_malloc(pairs);
    ns_unlocked = bench_pool(unlocked, pairs);
    ns_locked   = bench_pool(locked, pairs);
    ns_timed    = bench_pool(timed, pairs);

    if ((pid = fork()) == 0) { /* the second process works on the same shared pool at the same time */
        double ns = bench_pool(shared, pairs / 4);

        (void)!write(pipe_fds[1], &ns, sizeof(ns));
        _exit(0);
    }

    ns_shared = bench_pool(shared, pairs / 4);
    waitpid(pid, NULL, 0);
    (void)!read(pipe_fds[0], &ns_shared_child, sizeof(ns_shared_child));

    printf("element size %u bytes, %lu pairs (shared: %lu per process)\n", ELEMENT_SIZE, pairs, pairs / 4);
    printf("malloc + free                       %7.1f ns/pair\n", ns_malloc);
    printf("pool unlocked                       %7.1f ns/pair (%.2f x malloc + free)\n", ns_unlocked, ns_unlocked / ns_malloc);
    printf("pool unlocked, TIMED (clock reads)  %7.1f ns/pair\n", ns_timed);
    printf("pool locked, no contention          %7.1f ns/pair\n", ns_locked);
    printf("pool shared by 2 processes          %7.1f / %.1f ns/pair (parent / child, running at once)\n", ns_shared,
           ns_shared_child);
    sxe_pool_delete(unlocked);
    sxe_pool_delete(locked);
    sxe_pool_delete(timed);
    sxe_pool_delete(shared);
    return 0;
}
