/* test-sxe-pool-classic.c: the classic pool calls: the try_to_set variant, SXE_TIME stamps, insertion counts, the
 * 7-argument sxe_pool_new_with_timeouts() whose timeouts only sxe_pool_check_timeouts() checks, the base of a pool,
 * and the lock override.
 */
#include <check.h>
#include <ev.h>
#include <stdlib.h>

#include "../../test/sxe-check.h"
#include "sxe-pool-test-helpers.h"
#include "sxe-pool.h"
#include "sxe-time.h"

enum { FREE, USED, NUMBER_OF_STATES };

static unsigned fired;

static void on_timeout(void *array, unsigned index, void *caller_info)
{
    SXE_UNUSED_ARGUMENT(caller_info);
    fired++;
    sxe_pool_set_indexed_element_state(array, index, USED, FREE);
}

START_TEST(test_try_to_set_moves_from_the_old_state_or_reports_the_state_the_element_is_in)
{
    void *pool = sxe_pool_new("try", 3, 8, NUMBER_OF_STATES, SXE_POOL_OPTION_UNLOCKED);
    unsigned state = USED;

    ck_assert_uint_eq(sxe_pool_try_to_set_indexed_element_state(pool, 1, FREE, &state), 1);
    ck_assert_uint_eq(state, USED);
    ck_assert_uint_eq(sxe_pool_index_to_state(pool, 1), USED);
    state = USED;
    ck_assert_uint_eq(sxe_pool_try_to_set_indexed_element_state(pool, 1, FREE, &state), SXE_POOL_INCORRECT_STATE);
    ck_assert_uint_eq(state, USED); /* where it is */
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, USED), 1);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_classic_time_getters_give_dates_whose_age_is_the_time_in_the_state)
{
    void *pool;
    SXE_TIME age;

    test_clock_now = 1000.0;
    sxe_pool_set_clock(test_clock);
    pool = sxe_pool_new("dates", 2, 8, NUMBER_OF_STATES, SXE_POOL_OPTION_TIMED);
    ck_assert_uint_eq(sxe_pool_get_oldest_element_time(pool, USED), 0); /* empty */
    test_clock_now = 1010.0;
    sxe_pool_set_indexed_element_state(pool, 1, FREE, USED);
    test_clock_now = 1013.5;
    age = sxe_time_get() - sxe_pool_get_element_time_by_index(pool, 1);
    ck_assert_msg(sxe_time_to_double_seconds(age) > 3.4 && sxe_time_to_double_seconds(age) < 4.5, "age %f",
                  sxe_time_to_double_seconds(age));
    age = sxe_pool_get_oldest_element_time(pool, USED) - sxe_pool_get_element_time_by_index(pool, 1); /* the head */
    ck_assert_uint_lt(age + sxe_time_from_double_seconds(0.5), sxe_time_from_double_seconds(1.0));    /* |age| < 0.5 */
    ck_assert(sxe_pool_get_element_seconds_by_index(pool, 1) == 1010.0);
    ck_assert(sxe_time_to_unix_time(sxe_pool_get_element_time_by_index(pool, 1)) > 1000000000); /* a date */
    sxe_pool_delete(pool);
    sxe_pool_set_clock(NULL);
}
END_TEST

START_TEST(test_oldest_element_count_is_the_insertion_counter_of_the_head)
{
    void *pool = sxe_pool_new("counts", 3, 8, NUMBER_OF_STATES, SXE_POOL_OPTION_UNLOCKED);

    ck_assert_uint_eq(sxe_pool_get_oldest_element_count(pool, USED), 0);
    sxe_pool_set_indexed_element_state(pool, 2, FREE, USED);
    sxe_pool_set_indexed_element_state(pool, 0, FREE, USED);
    ck_assert_uint_eq(sxe_pool_get_oldest_element_count(pool, USED), sxe_pool_get_element_count_by_index(pool, 2));
    ck_assert_uint_lt(sxe_pool_get_oldest_element_count(pool, USED), sxe_pool_get_element_count_by_index(pool, 0));
    sxe_pool_delete(pool);
}
END_TEST

static void on_guard(struct ev_loop *loop, ev_timer *timer, int revents)
{
    SXE_UNUSED_ARGUMENT(timer);
    SXE_UNUSED_ARGUMENT(revents);
    ev_break(loop, EVBREAK_ALL);
}

START_TEST(test_a_classic_pool_with_timeouts_times_out_only_when_sxe_pool_check_timeouts_is_called)
{
    double timeouts[NUMBER_OF_STATES] = {0.0, 0.01};
    struct ev_loop *loop = ev_default_loop(0);
    void *classic;
    void *modern;
    ev_timer guard;

    sxe_pool_set_clock(NULL);
    fired = 0;
    classic = sxe_pool_new_with_timeouts("classic", 2, 8, NUMBER_OF_STATES, timeouts, on_timeout, NULL);
    modern = sxe_pool_new_with_timeouts_and_options("modern", 2, 8, NUMBER_OF_STATES, timeouts, on_timeout, NULL, 0);
    ck_assert_uint_eq(sxe_pool_get_options(classic), SXE_POOL_OPTION_TIMED);
    sxe_pool_set_oldest_element_state(classic, FREE, USED);
    sxe_pool_set_oldest_element_state(modern, FREE, USED);
    ev_timer_init(&guard, on_guard, 0.2, 0.0);
    ev_timer_start(loop, &guard);
    ev_run(loop, 0); /* the modern pool's timer fires; the classic pool has none */
    ck_assert_uint_eq(fired, 1);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(modern, USED), 0);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(classic, USED), 1);
    sxe_pool_check_timeouts(); /* every pool with a callback */
    ck_assert_uint_eq(fired, 2);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(classic, USED), 0);
    sxe_pool_delete(classic);
    sxe_pool_check_timeouts(); /* the deleted pool is no longer on the list */
    sxe_pool_delete(modern);
}
END_TEST

START_TEST(test_the_base_of_a_pool_gives_back_its_array)
{
    size_t size = sxe_pool_size(4, 16, NUMBER_OF_STATES);
    void *memory = aligned_alloc(64, (size + 63) / 64 * 64);
    void *private_pool = sxe_pool_new("private", 4, 16, NUMBER_OF_STATES, 0);
    void *constructed = sxe_pool_construct(memory, "constructed", 4, 16, NUMBER_OF_STATES, 0);

    ck_assert_ptr_eq(sxe_pool_to_base(constructed), memory);
    ck_assert_ptr_eq(sxe_pool_from_base(memory), constructed);
    ck_assert_ptr_eq(sxe_pool_from_base(sxe_pool_to_base(private_pool)), private_pool);
    sxe_pool_delete(constructed);
    sxe_pool_delete(private_pool);
    free(memory);
}
END_TEST

START_TEST(test_overriding_the_lock_is_logged_and_changes_nothing)
{
    void *pool = sxe_pool_new("locked", 2, 8, NUMBER_OF_STATES, SXE_POOL_OPTION_LOCKED);

    sxe_pool_override_locked(pool);
    ck_assert_uint_eq(sxe_pool_set_indexed_element_state(pool, 0, FREE, USED), SXE_POOL_LOCK_TAKEN);
    ck_assert_uint_eq(sxe_pool_get_lock_recoveries(pool), 0);
    test_pool_check_consistency(pool);
    sxe_pool_delete(pool);
}
END_TEST

SXE_TEST_MAIN("sxe-pool-classic", test_try_to_set_moves_from_the_old_state_or_reports_the_state_the_element_is_in,
              test_classic_time_getters_give_dates_whose_age_is_the_time_in_the_state,
              test_oldest_element_count_is_the_insertion_counter_of_the_head,
              test_a_classic_pool_with_timeouts_times_out_only_when_sxe_pool_check_timeouts_is_called,
              test_the_base_of_a_pool_gives_back_its_array, test_overriding_the_lock_is_logged_and_changes_nothing)
