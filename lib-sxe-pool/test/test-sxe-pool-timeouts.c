/* test-sxe-pool-timeouts.c: per-state timeouts with the injectable clock, by hand and from libev's loop. */
#include <check.h>
#include <ev.h>
#include <pthread.h>

#include "../../test/sxe-check.h"
#include "sxe-util.h"
#include "sxe-pool.h"
#include "sxe-pool-test-helpers.h"

enum { FREE, USED, CLOSING, NUMBER_OF_STATES };

static unsigned fired[8];
static unsigned fired_count;
static int callback_action; /* 0: move to FREE, 1: touch, 2: do nothing */

static void on_timeout(void *array, unsigned index, void *caller_info)
{
    ck_assert_ptr_eq(caller_info, &fired_count);
    fired[fired_count++ % 8] = index;

    if (callback_action == 0) {
        sxe_pool_set_indexed_element_state(array, index, sxe_pool_index_to_state(array, index), FREE);
    } else if (callback_action == 1) {
        sxe_pool_touch_indexed_element(array, index);
    }
}

static void *new_timed_pool(double used_timeout, double closing_timeout)
{
    double timeouts[NUMBER_OF_STATES] = {0.0, used_timeout, closing_timeout};

    fired_count = 0;
    callback_action = 0;
    void *pool;

    test_clock_now = 90.0; /* created earlier than the moves: equal readings would be nudged one double up */
    sxe_pool_set_clock(test_clock);
    pool = sxe_pool_new_with_timeouts_and_options("timeouts", 4, 8, NUMBER_OF_STATES, timeouts, on_timeout,
                                                  &fired_count, SXE_POOL_OPTION_UNLOCKED);
    test_clock_now = 100.0;
    return pool;
}

START_TEST(test_oldest_element_times_out_only_after_its_state_timeout)
{
    void *pool = new_timed_pool(10.0, 0.0);

    ck_assert_uint_eq(sxe_pool_get_options(pool), SXE_POOL_OPTION_TIMED);
    sxe_pool_set_oldest_element_state(pool, FREE, USED); /* 0 at 100 */
    test_clock_now = 105.0;
    sxe_pool_set_oldest_element_state(pool, FREE, USED); /* 1 at 105 */
    test_clock_now = 109.9;
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 0);
    test_clock_now = 110.0;
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 1);
    ck_assert_uint_eq(fired[0], 0);
    ck_assert_uint_eq(sxe_pool_index_to_state(pool, 0), FREE);
    test_clock_now = 200.0; /* FREE has no timeout: only element 1 fires */
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 1);
    ck_assert_uint_eq(fired[1], 1);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, FREE), 4);
    test_pool_check_consistency(pool);
    sxe_pool_delete(pool);
    sxe_pool_set_clock(NULL);
}
END_TEST

START_TEST(test_all_expired_heads_of_all_states_fire_oldest_first)
{
    void *pool = new_timed_pool(10.0, 1.0);

    sxe_pool_set_indexed_element_state(pool, 2, FREE, USED);
    sxe_pool_set_indexed_element_state(pool, 0, FREE, USED);
    sxe_pool_set_indexed_element_state(pool, 3, FREE, CLOSING);
    test_clock_now = 101.5;
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 1); /* CLOSING times out first */
    ck_assert_uint_eq(fired[0], 3);
    test_clock_now = 111.5;
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 2);
    ck_assert_uint_eq(fired[1], 2);
    ck_assert_uint_eq(fired[2], 0);
    sxe_pool_delete(pool);
    sxe_pool_set_clock(NULL);
}
END_TEST

START_TEST(test_touch_in_callback_restarts_the_timeout_and_is_not_processed_twice)
{
    void *pool = new_timed_pool(10.0, 0.0);

    callback_action = 1;
    sxe_pool_set_oldest_element_state(pool, FREE, USED);
    test_clock_now = 110.0;
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 1);
    ck_assert_uint_eq(sxe_pool_index_to_state(pool, 0), USED);
    ck_assert(sxe_pool_get_element_seconds_by_index(pool, 0) >= 110.0);
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 0);
    test_clock_now = 120.0;
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 1);
    sxe_pool_delete(pool);
    sxe_pool_set_clock(NULL);
}
END_TEST

START_TEST(test_touched_element_does_not_time_out)
{
    void *pool = new_timed_pool(10.0, 0.0);

    sxe_pool_set_oldest_element_state(pool, FREE, USED);
    test_clock_now = 108.0;
    sxe_pool_touch_indexed_element(pool, 0);
    test_clock_now = 115.0;
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 0);
    test_clock_now = 118.0;
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 1);
    sxe_pool_delete(pool);
    sxe_pool_set_clock(NULL);
}
END_TEST

START_TEST(test_state_timeout_can_be_set_and_cleared_at_run_time)
{
    void *pool = new_timed_pool(0.0, 0.0);

    sxe_pool_set_oldest_element_state(pool, FREE, CLOSING);
    test_clock_now = 150.0;
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 0);
    sxe_pool_set_state_timeout(pool, CLOSING, 60.0);
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 0);
    sxe_pool_set_state_timeout(pool, CLOSING, 30.0);
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 1);
    sxe_pool_set_oldest_element_state(pool, FREE, CLOSING);
    sxe_pool_set_state_timeout(pool, CLOSING, 0.0);
    test_clock_now = 1000.0;
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 0);
    sxe_pool_delete(pool);
    sxe_pool_set_clock(NULL);
}
END_TEST

START_TEST(test_callback_can_be_added_to_a_timed_pool_later_and_removed)
{
    void *pool;

    test_clock_now = 9.0;
    sxe_pool_set_clock(test_clock);
    fired_count = 0;
    callback_action = 0;
    pool = sxe_pool_new("later", 2, 8, NUMBER_OF_STATES, SXE_POOL_OPTION_TIMED | SXE_POOL_OPTION_LOCKED);
    test_clock_now = 10.0;
    sxe_pool_set_state_timeout(pool, USED, 5.0); /* no callback yet: stored, nothing armed */
    sxe_pool_set_oldest_element_state(pool, FREE, USED);
    sxe_pool_set_timeout_callback(pool, on_timeout, &fired_count);
    test_clock_now = 15.0;
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 1);
    sxe_pool_set_timeout_callback(pool, NULL, NULL);
    sxe_pool_delete(pool);
    sxe_pool_set_clock(NULL);
}
END_TEST

START_TEST(test_callback_that_neither_moves_nor_touches_is_logged_and_its_element_touched)
{
    void *pool = new_timed_pool(1.0, 0.0);

    callback_action = 2;
    sxe_pool_set_oldest_element_state(pool, FREE, USED);
    test_clock_now = 200.0;
    test_expect_message("sxe_pool_check_timeouts_of(pool=timeouts)", "neither moved nor touched element 0", "state 1");
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 1);
    ck_assert(test_expected_message_seen());
    ck_assert(sxe_pool_get_element_seconds_by_index(pool, 0) >= 200.0); /* touched by the pool */
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 0);             /* so it does not fire again at once */
    test_clock_now = 201.0;
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 1);
    test_pool_check_consistency(pool);
    sxe_pool_delete(pool);
    sxe_pool_set_clock(NULL);
}
END_TEST

/* ---- driven by libev's default loop, real clock ---------------------------------------------------------------- */

static unsigned loop_fired;

static void on_loop_timeout(void *array, unsigned index, void *caller_info)
{
    SXE_UNUSED_ARGUMENT(caller_info);
    loop_fired++;
    sxe_pool_set_indexed_element_state(array, index, USED, FREE);

    if (sxe_pool_get_number_in_state(array, USED) == 0) {
        ev_break(ev_default_loop(0), EVBREAK_ALL);
    }
}

static void on_guard(struct ev_loop *loop, ev_timer *timer, int revents)
{
    SXE_UNUSED_ARGUMENT(timer);
    SXE_UNUSED_ARGUMENT(revents);
    ev_break(loop, EVBREAK_ALL);
}

START_TEST(test_loop_fires_each_timeout_once_after_the_timeout)
{
    double timeouts[NUMBER_OF_STATES] = {0.0, 0.05, 0.0};
    struct ev_loop *loop = ev_default_loop(0);
    void *pool;
    ev_timer guard;
    double start;

    sxe_pool_set_clock(NULL);
    loop_fired = 0;
    pool = sxe_pool_new_with_timeouts_and_options("loop", 4, 8, NUMBER_OF_STATES, timeouts, on_loop_timeout, NULL, 0);
    sxe_pool_set_oldest_element_state(pool, FREE, USED);
    sxe_pool_set_oldest_element_state(pool, FREE, USED);
    ev_timer_init(&guard, on_guard, 5.0, 0.0); /* keeps the loop alive (pool timers do not) and bounds the test */
    ev_timer_start(loop, &guard);
    ev_now_update(loop);
    start = ev_time();
    ev_run(loop, 0);
    ck_assert_uint_eq(loop_fired, 2);
    ck_assert(ev_time() - start >= 0.045);
    ck_assert(ev_time() - start < 4.0);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, FREE), 4);
    ev_timer_stop(loop, &guard);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_idle_pool_timer_does_not_keep_the_loop_alive)
{
    double timeouts[NUMBER_OF_STATES] = {0.0, 30.0, 0.0};
    void *pool;
    double start;

    sxe_pool_set_clock(NULL);
    loop_fired = 0;
    pool = sxe_pool_new_with_timeouts_and_options("idle", 2, 8, NUMBER_OF_STATES, timeouts, on_loop_timeout, NULL, 0);
    sxe_pool_set_oldest_element_state(pool, FREE, USED); /* timer armed for 30 s */
    start = ev_time();
    ev_run(ev_default_loop(0), 0); /* returns at once: only the unref'ed pool timer */
    ck_assert(ev_time() - start < 1.0);
    ck_assert_uint_eq(loop_fired, 0);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_deleting_the_pool_stops_its_timer)
{
    double timeouts[NUMBER_OF_STATES] = {0.0, 0.01, 0.0};
    struct ev_loop *loop = ev_default_loop(0);
    void *pool;
    ev_timer guard;

    sxe_pool_set_clock(NULL);
    loop_fired = 0;
    pool =
        sxe_pool_new_with_timeouts_and_options("deleted", 2, 8, NUMBER_OF_STATES, timeouts, on_loop_timeout, NULL, 0);
    sxe_pool_set_oldest_element_state(pool, FREE, USED);
    sxe_pool_delete(pool); /* the timer must not fire into unmapped memory */
    ev_timer_init(&guard, on_guard, 0.1, 0.0);
    ev_timer_start(loop, &guard);
    ev_run(loop, 0);
    ck_assert_uint_eq(loop_fired, 0);
}
END_TEST

/* ---- a pool deleted by its own timeout callback ---------------------------------------------------------------- */

static unsigned deleting_fired;
static bool deleting_twice;

/* Frees the element and deletes the pool; with deleting_twice, deletes it again and checks that it is still usable
 * until the callback returns.
 */
static void on_timeout_delete_the_pool(void *array, unsigned index, void *caller_info)
{
    SXE_UNUSED_ARGUMENT(caller_info);
    deleting_fired++;
    ck_assert_uint_eq(sxe_pool_set_indexed_element_state(array, index, USED, FREE), SXE_POOL_LOCK_TAKEN);
    sxe_pool_delete(array);

    if (deleting_twice) {
        sxe_pool_delete(array);
        ck_assert_uint_eq(sxe_pool_index_to_state(array, index), FREE);
        ck_assert_uint_eq(sxe_pool_get_number_in_state(array, USED), 2);
    }
}

/* Puts 3 elements of a pool with a 1 s timeout in USED, 1 s apart, and sets the clock when all 3 are due. */
static void *use_three_elements(void *pool)
{
    for (unsigned i = 0; i < 3; i++) {
        test_clock_now += 1.0;
        sxe_pool_set_oldest_element_state(pool, FREE, USED);
    }

    test_clock_now += 10.0;
    return pool;
}

/* A private timed pool of 3 elements, all in USED and due, whose callback deletes the pool. */
static void *new_pool_deleted_by_its_callback(const char *name)
{
    double timeouts[NUMBER_OF_STATES] = {0.0, 1.0, 0.0};

    deleting_fired = 0;
    deleting_twice = false;
    test_clock_now = 100.0;
    sxe_pool_set_clock(test_clock);
    return use_three_elements(sxe_pool_new_with_timeouts_and_options(name, 3, 8, NUMBER_OF_STATES, timeouts,
                                                                     on_timeout_delete_the_pool, NULL, 0));
}

START_TEST(test_a_pool_deleted_by_its_timeout_callback_is_freed_after_the_callback_and_calls_no_other)
{
    void *pool = new_pool_deleted_by_its_callback("by-hand");

    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 1); /* 3 were due; the pool is unmapped on return */
    ck_assert_uint_eq(deleting_fired, 1);
    sxe_pool_set_clock(NULL);
}
END_TEST

START_TEST(test_a_pool_deleted_by_its_timeout_callback_from_the_loop_is_freed_after_the_callback)
{
    struct ev_loop *loop = ev_default_loop(0);
    ev_timer guard;

    void *pool = new_pool_deleted_by_its_callback("from-the-loop");

    sxe_pool_set_state_timeout(pool, USED, 1.0); /* re-arms the pool's timer for now: all 3 are due */
    ev_timer_init(&guard, on_guard, 0.2, 0.0);
    ev_timer_start(loop, &guard);
    ev_run(loop, 0);
    ck_assert_uint_eq(deleting_fired, 1);
    sxe_pool_set_clock(NULL);
}
END_TEST

START_TEST(test_a_classic_pool_deleted_by_its_callback_in_sxe_pool_check_timeouts_is_freed_after_it)
{
    double timeouts[NUMBER_OF_STATES] = {0.0, 1.0, 0.0};

    deleting_fired = 0;
    deleting_twice = false;
    test_clock_now = 100.0;
    sxe_pool_set_clock(test_clock);
    use_three_elements(
        sxe_pool_new_with_timeouts("classic", 3, 8, NUMBER_OF_STATES, timeouts, on_timeout_delete_the_pool, NULL));
    sxe_pool_check_timeouts();
    ck_assert_uint_eq(deleting_fired, 1);
    sxe_pool_check_timeouts(); /* no longer on the list */
    ck_assert_uint_eq(deleting_fired, 1);
    sxe_pool_set_clock(NULL);
}
END_TEST

START_TEST(test_a_pool_deleted_twice_by_its_timeout_callback_is_logged_and_deleted_once_after_it)
{
    static char memory[16384] __attribute__((aligned(64))); /* caller memory: readable after the delete */
    void *pool;

    ck_assert_uint_le(sxe_pool_size(3, 8, NUMBER_OF_STATES), sizeof(memory));
    deleting_fired = 0;
    deleting_twice = true;
    test_clock_now = 100.0;
    sxe_pool_set_clock(test_clock);
    pool = sxe_pool_construct(memory, "twice", 3, 8, NUMBER_OF_STATES, SXE_POOL_OPTION_TIMED);
    sxe_pool_set_state_timeout(pool, USED, 1.0);
    sxe_pool_set_timeout_callback(pool, on_timeout_delete_the_pool, NULL);
    use_three_elements(pool);
    test_expect_message("sxe_pool_delete(pool=twice)", "deleted twice", NULL);
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 1);
    ck_assert(test_expected_message_seen());
    ck_assert_uint_eq(deleting_fired, 1);
    test_expect_message("sxe_pool_check_timeouts_of(pool=twice)", "no handle", NULL);
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(pool), 0); /* deleted: this process has no handle on it */
    ck_assert(test_expected_message_seen());
    sxe_pool_set_clock(NULL);
}
END_TEST

START_TEST(test_earlier_expiry_in_another_state_rearms_the_timer)
{
    double timeouts[NUMBER_OF_STATES] = {0.0, 20.0, 0.05};
    struct ev_loop *loop = ev_default_loop(0);
    void *pool;
    ev_timer guard;

    sxe_pool_set_clock(NULL);
    fired_count = 0;
    callback_action = 0;
    pool =
        sxe_pool_new_with_timeouts_and_options("rearm", 3, 8, NUMBER_OF_STATES, timeouts, on_timeout, &fired_count, 0);
    sxe_pool_set_oldest_element_state(pool, FREE, USED);    /* armed for 20 s */
    sxe_pool_set_oldest_element_state(pool, FREE, CLOSING); /* must re-arm for 0.05 s */
    ev_timer_init(&guard, on_guard, 1.0, 0.0);
    ev_timer_start(loop, &guard);
    ev_run(loop, 0);
    ck_assert_uint_eq(fired_count, 1);
    ck_assert_uint_eq(fired[0], 1);
    ck_assert_uint_eq(sxe_pool_index_to_state(pool, 0), USED);
    sxe_pool_delete(pool);
}
END_TEST

/* ---- threads: a pool's timeouts belong to its thread ------------------------------------------------------------ */

static void on_thread_timeout(void *array, unsigned index, void *caller_info)
{
    (*(unsigned *)caller_info)++;
    sxe_pool_set_indexed_element_state(array, index, USED, FREE);
}

typedef struct THREAD_POOL {
    void *pool;
    unsigned fired;
    unsigned fired_by_main_check;
} THREAD_POOL;

static void *thread_with_a_classic_pool(void *arg)
{
    THREAD_POOL *thread = arg;
    double timeouts[NUMBER_OF_STATES] = {0.0, 0.01, 0.0};

    thread->pool =
        sxe_pool_new_with_timeouts("thread", 2, 8, NUMBER_OF_STATES, timeouts, on_thread_timeout, &thread->fired);
    sxe_pool_set_oldest_element_state(thread->pool, FREE, USED);
    return NULL;
}

static void *thread_checks_timeouts(void *arg)
{
    (void)arg;
    sxe_pool_check_timeouts(); /* the pools this thread made: those of thread_with_a_classic_pool() */
    return NULL;
}

START_TEST(test_sxe_pool_check_timeouts_checks_only_the_pools_of_the_calling_thread)
{
    double timeouts[NUMBER_OF_STATES] = {0.0, 0.01, 0.0};
    THREAD_POOL thread = {0};
    unsigned fired_here = 0;
    pthread_t id;
    void *pool;

    sxe_pool_set_clock(NULL);
    pool = sxe_pool_new_with_timeouts("main", 2, 8, NUMBER_OF_STATES, timeouts, on_thread_timeout, &fired_here);
    sxe_pool_set_oldest_element_state(pool, FREE, USED);
    ck_assert_int_eq(pthread_create(&id, NULL, thread_with_a_classic_pool, &thread), 0);
    pthread_join(id, NULL);
    ev_sleep(0.02);
    sxe_pool_check_timeouts();
    ck_assert_uint_eq(fired_here, 1);
    ck_assert_uint_eq(thread.fired, 0); /* the other thread's pool is its own to check */
    ck_assert_int_eq(pthread_create(&id, NULL, thread_checks_timeouts, NULL), 0);
    pthread_join(id, NULL);
    ck_assert_uint_eq(thread.fired, 0); /* a thread that made no pool checks none: the creator owns it */
    sxe_pool_delete(thread.pool);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_sxe_pool_set_loop_moves_the_timer_to_another_loop)
{
    double timeouts[NUMBER_OF_STATES] = {0.0, 0.01, 0.0};
    struct ev_loop *other = ev_loop_new(EVFLAG_AUTO);
    void *pool;

    sxe_pool_set_clock(NULL);
    loop_fired = 0;
    pool = sxe_pool_new_with_timeouts_and_options("moved", 2, 8, NUMBER_OF_STATES, timeouts, on_loop_timeout, NULL, 0);
    sxe_pool_set_oldest_element_state(pool, FREE, USED); /* armed on the default loop */
    sxe_pool_set_loop(pool, other);                      /* re-armed on the other */
    ev_sleep(0.02);
    ev_run(ev_default_loop(0), EVRUN_NOWAIT);
    ck_assert_uint_eq(loop_fired, 0);
    ev_run(other, EVRUN_NOWAIT);
    ck_assert_uint_eq(loop_fired, 1);
    sxe_pool_delete(pool);
    ev_loop_destroy(other);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("sxe-pool-timeouts");
    TCase *tc = tcase_create("timeouts");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_oldest_element_times_out_only_after_its_state_timeout);
    tcase_add_test(tc, test_all_expired_heads_of_all_states_fire_oldest_first);
    tcase_add_test(tc, test_touch_in_callback_restarts_the_timeout_and_is_not_processed_twice);
    tcase_add_test(tc, test_touched_element_does_not_time_out);
    tcase_add_test(tc, test_state_timeout_can_be_set_and_cleared_at_run_time);
    tcase_add_test(tc, test_callback_can_be_added_to_a_timed_pool_later_and_removed);
    tcase_add_test(tc, test_callback_that_neither_moves_nor_touches_is_logged_and_its_element_touched);
    tcase_add_test(tc, test_loop_fires_each_timeout_once_after_the_timeout);
    tcase_add_test(tc, test_idle_pool_timer_does_not_keep_the_loop_alive);
    tcase_add_test(tc, test_deleting_the_pool_stops_its_timer);
    tcase_add_test(tc, test_a_pool_deleted_by_its_timeout_callback_is_freed_after_the_callback_and_calls_no_other);
    tcase_add_test(tc, test_a_pool_deleted_by_its_timeout_callback_from_the_loop_is_freed_after_the_callback);
    tcase_add_test(tc, test_a_classic_pool_deleted_by_its_callback_in_sxe_pool_check_timeouts_is_freed_after_it);
    tcase_add_test(tc, test_a_pool_deleted_twice_by_its_timeout_callback_is_logged_and_deleted_once_after_it);
    tcase_add_test(tc, test_earlier_expiry_in_another_state_rearms_the_timer);
    tcase_add_test(tc, test_sxe_pool_check_timeouts_checks_only_the_pools_of_the_calling_thread);
    tcase_add_test(tc, test_sxe_pool_set_loop_moves_the_timer_to_another_loop);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
