/* test-sxe-pool-shared.c: pools shared by processes and threads, caller memory, and dead lock holders. */
#include <check.h>
#include <ev.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../test/sxe-check.h"
#include "sxe-util.h"
#include "sxe-pool.h"
#include "sxe-pool-private.h"
#include "sxe-pool-test-helpers.h"

#define WORKERS        8
#define ELEMENTS       64
#define ITERATIONS     20000
#define LIMBO          (WORKERS + 1) /* state every worker races for with the try variant */
#define STATES         (WORKERS + 2) /* 0 free, 1..WORKERS owned by one worker each, LIMBO */
#define HAMMER_SECONDS 0.6

typedef struct ELEMENT {
    volatile unsigned owner; /* worker that owns the element, 0 when none: proves exclusive allocation */
    unsigned uses;
} ELEMENT;

static double now_seconds(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec + now.tv_nsec * 1e-9;
}

/* Allocates into its own state, frees through LIMBO, races everyone with the try variant. Returns violations. */
static unsigned hammer(ELEMENT *pool, unsigned worker)
{
    unsigned violations = 0;
    unsigned seed = worker * 7919;
    double deadline = now_seconds() + HAMMER_SECONDS;
    unsigned i;
    unsigned id;

    for (i = 0; i < ITERATIONS && (i % 256 != 0 || now_seconds() < deadline); i++) {
        if ((id = sxe_pool_set_oldest_element_state(pool, 0, worker)) != SXE_POOL_NO_INDEX) {
            violations += pool[id].owner != 0;
            pool[id].owner = worker;
            pool[id].uses++;
            sxe_pool_touch_indexed_element(pool, id);
        }

        if (sxe_pool_get_number_in_state(pool, worker) > 2 &&
            (id = sxe_pool_get_oldest_element_index(pool, worker)) != SXE_POOL_NO_INDEX) {
            violations += pool[id].owner != worker;
            pool[id].owner = 0;
            sxe_pool_set_indexed_element_state(pool, id, worker, LIMBO);
        }

        seed = seed * 1103515245 + 12345;
        sxe_pool_try_set_indexed_element_state(pool, (seed >> 16) % ELEMENTS, LIMBO, 0);
        sxe_pool_set_oldest_element_state(pool, LIMBO, 0);
    }

    while ((id = sxe_pool_get_oldest_element_index(pool, worker)) != SXE_POOL_NO_INDEX) {
        pool[id].owner = 0;
        sxe_pool_set_indexed_element_state(pool, id, worker, 0);
    }

    return violations;
}

static void check_everything_accounted_for(ELEMENT *pool)
{
    unsigned state;
    unsigned total = 0;
    unsigned i;

    for (state = 0; state < STATES; state++) {
        total += sxe_pool_get_number_in_state(pool, state);
    }

    ck_assert_uint_eq(total, ELEMENTS);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, 0) + sxe_pool_get_number_in_state(pool, LIMBO), ELEMENTS);
    test_pool_check_consistency(pool);

    for (i = 0; i < ELEMENTS; i++) {
        ck_assert_uint_eq(pool[i].owner, 0);
    }
}

START_TEST(test_eight_processes_hammering_one_shared_pool_lose_nothing)
{
    ELEMENT *pool = sxe_pool_new_shared("hammer", ELEMENTS, sizeof(ELEMENT), STATES, SXE_POOL_OPTION_TIMED);
    pid_t pids[WORKERS];
    unsigned worker;
    unsigned uses = 0;
    unsigned i;
    int status;

    ck_assert_ptr_nonnull(pool);
    ck_assert_uint_eq(sxe_pool_get_options(pool), SXE_POOL_OPTION_TIMED | SXE_POOL_OPTION_LOCKED);

    for (worker = 1; worker <= WORKERS; worker++) {
        if ((pids[worker - 1] = fork()) == 0) {
            _exit(hammer(pool, worker) == 0 ? 0 : 1);
        }

        ck_assert_int_gt(pids[worker - 1], 0);
    }

    for (worker = 0; worker < WORKERS; worker++) {
        ck_assert_int_eq(waitpid(pids[worker], &status, 0), pids[worker]);
        ck_assert(WIFEXITED(status));
        ck_assert_int_eq(WEXITSTATUS(status), 0);
    }

    for (i = 0; i < ELEMENTS; i++) {
        uses += pool[i].uses;
    }

    ck_assert_uint_gt(uses, WORKERS); /* the children really worked on the parent's memory */
    check_everything_accounted_for(pool);
    ck_assert_uint_eq(sxe_pool_get_lock_recoveries(pool), 0);
    sxe_pool_delete(pool);
}
END_TEST

static ELEMENT *thread_pool;

static void *hammer_thread(void *worker)
{
    return (void *)(uintptr_t)hammer(thread_pool, (unsigned)(uintptr_t)worker);
}

START_TEST(test_four_threads_hammering_one_locked_pool_lose_nothing)
{
    pthread_t threads[4];
    void *violations;
    uintptr_t i;

    thread_pool = sxe_pool_new("threads", ELEMENTS, sizeof(ELEMENT), STATES, SXE_POOL_OPTION_LOCKED);

    for (i = 0; i < 4; i++) {
        ck_assert_int_eq(pthread_create(&threads[i], NULL, hammer_thread, (void *)(i + 1)), 0);
    }

    for (i = 0; i < 4; i++) {
        ck_assert_int_eq(pthread_join(threads[i], &violations), 0);
        ck_assert_ptr_null(violations);
    }

    check_everything_accounted_for(thread_pool);
    sxe_pool_delete(thread_pool);
}
END_TEST

START_TEST(test_pool_in_a_file_works_at_two_addresses_and_from_another_process)
{
    char path[] = "/tmp/test-sxe-pool-XXXXXX";
    int fd = mkstemp(path);
    size_t size = sxe_pool_size(8, sizeof(ELEMENT), 3);
    void *first;
    void *second;
    ELEMENT *pool;
    ELEMENT *other;
    pid_t pid;
    int status;

    ck_assert_int_ge(fd, 0);
    unlink(path);
    ck_assert_int_eq(ftruncate(fd, size), 0);
    first = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    second = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    ck_assert(first != MAP_FAILED && second != MAP_FAILED && first != second);
    pool = sxe_pool_construct(first, "file", 8, sizeof(ELEMENT), 3, SXE_POOL_OPTION_UNLOCKED);
    other = sxe_pool_attach(second);
    ck_assert_ptr_nonnull(pool);
    ck_assert_ptr_eq(other, (char *)second + ((char *)pool - (char *)first));
    ck_assert_ptr_eq(sxe_pool_attach(second), other); /* attaching twice gives the same handle */
    ck_assert_uint_eq(sxe_pool_get_options(other), SXE_POOL_OPTION_LOCKED);
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(pool, 0, 1), 0);
    pool[0].uses = 42;
    ck_assert_uint_eq(sxe_pool_index_to_state(other, 0), 1);
    ck_assert_uint_eq(other[0].uses, 42);
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(other, 0, 2), 1);
    ck_assert_uint_eq(sxe_pool_get_oldest_element_index(pool, 2), 1);

    if ((pid = fork()) == 0) { /* a process that maps the file on its own, wherever the kernel puts it */
        void *mine = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        ELEMENT *its = sxe_pool_attach(mine);

        _exit(sxe_pool_set_indexed_element_state(its, 1, 2, 1) == SXE_POOL_LOCK_TAKEN && its[0].uses == 42 ? 0 : 1);
    }

    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_int_eq(WEXITSTATUS(status), 0);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, 1), 2);
    test_pool_check_consistency(other);
    sxe_pool_delete(other);
    sxe_pool_delete(pool);
    munmap(first, size);
    munmap(second, size);
    close(fd);
}
END_TEST

START_TEST(test_process_dying_while_holding_the_lock_does_not_wedge_the_others)
{
    ELEMENT *pool = sxe_pool_new_shared("holder", 4, sizeof(ELEMENT), 2, SXE_POOL_OPTION_UNLOCKED);
    pid_t pid;
    int status;

    if ((pid = fork()) == 0) {
        sxe_pool_private_lock(sxe_pool_private_header(pool));
        _exit(0); /* dies holding the lock */
    }

    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(pool, 0, 1), 0); /* would hang forever without recovery */
    ck_assert_uint_eq(sxe_pool_get_lock_recoveries(pool), 1);
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(pool, 0, 1), 1);
    ck_assert_uint_eq(sxe_pool_get_lock_recoveries(pool), 1);
    test_pool_check_consistency(pool);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_move_interrupted_by_the_holder_dying_is_finished_by_the_next_locker)
{
    ELEMENT *pool = sxe_pool_new_shared("interrupted", 4, sizeof(ELEMENT), 3, SXE_POOL_OPTION_UNLOCKED);
    pid_t pid;
    int status;

    sxe_pool_set_indexed_element_state(pool, 3, 0, 1);

    if ((pid = fork()) == 0) { /* dies half way through moving element 1 from state 0 to 1 */
        SXE_POOL_HEADER *header = sxe_pool_private_header(pool);
        SXE_POOL_NODE *nodes = sxe_pool_private_nodes(header);

        sxe_pool_private_lock(header);
        header->journal_old = 0;
        header->journal_new = 1;
        header->journal_index = 1;
        nodes[0].next = 2; /* 0 -> 2 linked forward, but 2's prev, the count and the tails not yet */
        _exit(0);
    }

    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(pool, 0, 2), 0);
    ck_assert_uint_eq(sxe_pool_get_lock_recoveries(pool), 1);
    ck_assert_uint_eq(sxe_pool_index_to_state(pool, 1), 1); /* the move was finished */
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, 0), 1);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, 1), 2);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, 2), 1);
    ck_assert_uint_eq(sxe_pool_get_oldest_element_index(pool, 1), 3);
    test_pool_check_consistency(pool);
    sxe_pool_delete(pool);
}
END_TEST

static void *die_holding_lock(void *pool)
{
    sxe_pool_private_lock(sxe_pool_private_header(pool));
    return NULL; /* the thread ends holding the lock */
}

START_TEST(test_thread_ending_while_holding_the_lock_does_not_wedge_the_others)
{
    ELEMENT *pool = sxe_pool_new("thread-holder", 4, sizeof(ELEMENT), 2, SXE_POOL_OPTION_LOCKED);
    pthread_t thread;

    ck_assert_int_eq(pthread_create(&thread, NULL, die_holding_lock, pool), 0);
    ck_assert_int_eq(pthread_join(thread, NULL), 0);
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(pool, 0, 1), 0);
    ck_assert_uint_eq(sxe_pool_get_lock_recoveries(pool), 1);
    sxe_pool_delete(pool);
}
END_TEST

static unsigned shared_fired;

static void on_shared_timeout(void *array, unsigned index, void *caller_info)
{
    SXE_UNUSED_ARGUMENT(caller_info);
    shared_fired++;
    sxe_pool_set_indexed_element_state(array, index, 1, 0);
    ev_break(ev_default_loop(0), EVBREAK_ALL);
}

static void on_guard(struct ev_loop *loop, ev_timer *timer, int revents)
{
    SXE_UNUSED_ARGUMENT(timer);
    SXE_UNUSED_ARGUMENT(revents);
    ev_break(loop, EVBREAK_ALL);
}

START_TEST(test_shared_pool_notices_elements_another_process_moved_into_a_timed_state)
{
    ELEMENT *pool = sxe_pool_new_shared("shared-timeouts", 2, sizeof(ELEMENT), 2, SXE_POOL_OPTION_TIMED);
    struct ev_loop *loop = ev_default_loop(0);
    ev_timer guard;
    pid_t pid;
    int status;

    sxe_pool_set_state_to_string(pool, NULL);
    sxe_pool_set_state_timeout(pool, 1, 0.05);
    sxe_pool_set_timeout_callback(pool, on_shared_timeout, NULL); /* armed to poll: nothing is in state 1 yet */

    if ((pid = fork()) == 0) {
        _exit(sxe_pool_set_oldest_element_state(pool, 0, 1) == 0 ? 0 : 1);
    }

    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_int_eq(WEXITSTATUS(status), 0);
    ev_timer_init(&guard, on_guard, 2.0, 0.0);
    ev_timer_start(loop, &guard);
    ev_run(loop, 0);
    ev_timer_stop(loop, &guard);
    ck_assert_uint_eq(shared_fired, 1);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, 0), 2);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_too_many_shared_pools_in_one_process_returns_null)
{
    static char memory[SXE_POOL_LOCAL_MAXIMUM + 1][1024] __attribute__((aligned(64)));
    unsigned i;
    void *pool;

    ck_assert_uint_le(sxe_pool_size(1, 8, 1), sizeof(memory[0]));

    for (i = 0; i < SXE_POOL_LOCAL_MAXIMUM; i++) {
        ck_assert_ptr_nonnull(sxe_pool_construct(memory[i], "many", 1, 8, 1, 0));
    }

    ck_assert_ptr_null(sxe_pool_construct(memory[i], "many", 1, 8, 1, 0));
    ck_assert_ptr_null(sxe_pool_new_shared("full", 1, 8, 1, 0));
    ck_assert_ptr_nonnull(sxe_pool_attach(memory[0])); /* already known: no new entry needed */

    for (i = 0; i < SXE_POOL_LOCAL_MAXIMUM; i++) {
        sxe_pool_delete(memory[i] + 512);
    }

    ck_assert_ptr_nonnull(pool = sxe_pool_new_shared("after", 1, 8, 1, 0)); /* entries were given back */
    sxe_pool_delete(pool);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("sxe-pool-shared");
    TCase *tc = tcase_create("shared");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_eight_processes_hammering_one_shared_pool_lose_nothing);
    tcase_add_test(tc, test_four_threads_hammering_one_locked_pool_lose_nothing);
    tcase_add_test(tc, test_pool_in_a_file_works_at_two_addresses_and_from_another_process);
    tcase_add_test(tc, test_process_dying_while_holding_the_lock_does_not_wedge_the_others);
    tcase_add_test(tc, test_move_interrupted_by_the_holder_dying_is_finished_by_the_next_locker);
    tcase_add_test(tc, test_thread_ending_while_holding_the_lock_does_not_wedge_the_others);
    tcase_add_test(tc, test_shared_pool_notices_elements_another_process_moved_into_a_timed_state);
    tcase_add_test(tc, test_too_many_shared_pools_in_one_process_returns_null);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
