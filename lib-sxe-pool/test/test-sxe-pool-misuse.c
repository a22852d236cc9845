/* test-sxe-pool-misuse.c: the robust-API table of lib-sxe-pool: each public function of sxe-pool.h called with NULL
 * (a failed constructor's result), with another pointer that is not a pool, or with a state, index or kind of pool
 * it cannot serve returns the error value its header gives, logs an error naming itself, and never crashes. The
 * table must cover every function the header declares. The wrong old state of a move is in test-sxe-pool-states.c.
 */
#include <string.h>

#include "sxe-log.h"
#include "sxe-pool.h"
#include "sxe-pool-test-helpers.h"
#include "../../lib-sxe-log/test/sxe-test-api.h"

enum { FREE, USED, NUMBER_OF_STATES };

static void *small_pool(unsigned options)
{
    void *pool = sxe_pool_new("misuse", 4, 8, NUMBER_OF_STATES, options);

    ck_assert_ptr_nonnull(pool);
    return pool;
}

static void on_timeout(void *array, unsigned index, void *caller_info)
{
    SXE_UNUSED_ARGUMENT(caller_info);
    sxe_pool_set_indexed_element_state(array, index, USED, FREE);
}

/* ---- constructors -------------------------------------------------------------------------------------------- */

START_TEST(sxe_pool_new_with_a_null_name_returns_null_and_logs)
{
    sxe_test_api_expect_log("sxe_pool_new");
    ck_assert_ptr_null(sxe_pool_new(NULL, 4, 8, 2, 0));
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_pool_new_with_no_elements_no_states_or_unknown_options_returns_null_and_logs)
{
    sxe_test_api_expect_log("sxe_pool_new");
    ck_assert_ptr_null(sxe_pool_new("zero", 0, 8, 2, 0));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_new");
    ck_assert_ptr_null(sxe_pool_new("huge", SXE_POOL_NO_INDEX, 8, 2, 0));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_new");
    ck_assert_ptr_null(sxe_pool_new("nostates", 4, 8, 0, 0));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_new");
    ck_assert_ptr_null(sxe_pool_new("options", 4, 8, 2, 0x80));
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_pool_new_with_a_name_too_long_returns_null_and_logs_and_the_longest_name_works)
{
    char name[SXE_POOL_NAME_MAXIMUM_LENGTH + 2];
    void *pool;

    memset(name, 'n', sizeof(name));
    name[SXE_POOL_NAME_MAXIMUM_LENGTH] = '\0';
    pool = sxe_pool_new(name, 1, 1, 1, 0);
    ck_assert_str_eq(sxe_pool_get_name(pool), name);
    sxe_pool_delete(pool);
    name[SXE_POOL_NAME_MAXIMUM_LENGTH] = 'n';
    name[SXE_POOL_NAME_MAXIMUM_LENGTH + 1] = '\0';
    sxe_test_api_expect_log("sxe_pool_new");
    ck_assert_ptr_null(sxe_pool_new(name, 1, 1, 1, 0));
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sizes_that_overflow_return_null)
{
    char memory[1024] __attribute__((aligned(64)));

    ck_assert_uint_eq(sxe_pool_size(0xFFFFFFFEU, 0xFFFFFFFFU, 2), 0);
    ck_assert_ptr_null(sxe_pool_new("overflow", 0xFFFFFFFEU, 0xFFFFFFFFU, 2, 0));
    ck_assert_ptr_null(sxe_pool_new_shared("overflow", 0xFFFFFFFEU, 0xFFFFFFFFU, 2, 0));
    ck_assert_ptr_null(sxe_pool_construct(memory, "overflow", 0xFFFFFFFEU, 0xFFFFFFFFU, 2, 0));
    ck_assert_ptr_null(
        sxe_pool_new_with_timeouts_and_options("overflow", 0xFFFFFFFEU, 0xFFFFFFFFU, 2, NULL, on_timeout, NULL, 0));
}
END_TEST

START_TEST(allocation_failure_returns_null)
{
    /* 2^31 elements of 1 MiB: 2^51 bytes, more than any address space here */
    ck_assert_ptr_null(sxe_pool_new("enormous", 1U << 31, 1U << 20, 2, 0));
    ck_assert_ptr_null(sxe_pool_new_shared("enormous", 1U << 31, 1U << 20, 2, 0));
}
END_TEST

START_TEST(sxe_pool_new_with_timeouts_without_a_callback_returns_null_and_logs)
{
    sxe_test_api_expect_log("sxe_pool_new_with_timeouts_and_options");
    ck_assert_ptr_null(sxe_pool_new_with_timeouts_and_options("nocb", 2, 8, 2, NULL, NULL, NULL, 0));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_new_with_timeouts");
    ck_assert_ptr_null(sxe_pool_new_with_timeouts("nocb", 2, 8, 2, NULL, NULL, NULL));
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_pool_new_with_timeouts_with_a_negative_timeout_returns_null_and_logs)
{
    double timeouts[2] = {0.0, -3.0};

    sxe_test_api_expect_log("sxe_pool_new_with_timeouts_and_options");
    ck_assert_ptr_null(sxe_pool_new_with_timeouts_and_options("negative", 2, 8, 2, timeouts, on_timeout, NULL, 0));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_new_with_timeouts");
    ck_assert_ptr_null(sxe_pool_new_with_timeouts("negative", 2, 8, 2, timeouts, on_timeout, NULL));
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_pool_new_shared_with_a_null_name_returns_null_and_logs)
{
    sxe_test_api_expect_log("sxe_pool_new_shared");
    ck_assert_ptr_null(sxe_pool_new_shared(NULL, 4, 8, 2, 0));
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_pool_construct_in_null_or_misaligned_memory_returns_null_and_logs)
{
    static char memory[8192] __attribute__((aligned(64)));

    sxe_test_api_expect_log("sxe_pool_construct");
    ck_assert_ptr_null(sxe_pool_construct(NULL, "null", 4, 8, 2, 0));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_construct");
    ck_assert_ptr_null(sxe_pool_construct(memory + 8, "misaligned", 4, 8, 2, 0));
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_pool_attach_to_null_to_memory_without_a_pool_or_to_a_private_pool_returns_null_and_logs)
{
    static char memory[8192] __attribute__((aligned(64)));
    void *pool = small_pool(0);

    sxe_test_api_expect_log("sxe_pool_attach");
    ck_assert_ptr_null(sxe_pool_attach(NULL));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_attach");
    ck_assert_ptr_null(sxe_pool_attach(memory));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_attach");
    ck_assert_ptr_null(sxe_pool_attach((char *)pool - 512));
    sxe_test_api_check_log();
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(sxe_pool_delete_of_null_is_ignored_without_a_log)
{
    sxe_test_api_expect_log("sxe_pool_delete");
    sxe_pool_delete(NULL);
    sxe_log_set_sink(NULL, NULL);
    ck_assert_uint_eq(sxe_test_api_logged, 0);
}
END_TEST

START_TEST(sxe_pool_delete_of_a_pool_already_deleted_is_logged_and_ignored)
{
    char memory[8192] __attribute__((aligned(64)));
    void *pool = sxe_pool_construct(memory, "gone", 4, 8, 2, 0);

    sxe_pool_delete(pool);
    sxe_test_api_expect_log("sxe_pool_delete");
    sxe_pool_delete(pool); /* this process has no handle on it any more */
    sxe_test_api_check_log();
}
END_TEST

/* ---- the classic calls --------------------------------------------------------------------------------------- */

START_TEST(a_pointer_that_is_not_a_pool_is_logged_and_gets_the_error_value)
{
    static char not_a_pool[4096];

    sxe_test_api_expect_log("sxe_pool_get_number_in_state");
    ck_assert_uint_eq(sxe_pool_get_number_in_state(not_a_pool + 1024, 0), 0);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_pool_get_number_in_state_of_null_or_of_a_state_out_of_range_is_0_and_logged)
{
    void *pool = small_pool(0);

    sxe_test_api_expect_log("sxe_pool_get_number_in_state");
    ck_assert_uint_eq(sxe_pool_get_number_in_state(NULL, 0), 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_get_number_in_state");
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, NUMBER_OF_STATES), 0);
    sxe_test_api_check_log();
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(sxe_pool_index_to_state_of_null_or_of_an_index_out_of_range_is_no_index_and_logged)
{
    void *pool = small_pool(0);

    sxe_test_api_expect_log("sxe_pool_index_to_state");
    ck_assert_uint_eq(sxe_pool_index_to_state(NULL, 0), SXE_POOL_NO_INDEX);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_index_to_state");
    ck_assert_uint_eq(sxe_pool_index_to_state(pool, 4), SXE_POOL_NO_INDEX);
    sxe_test_api_check_log();
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(sxe_pool_set_indexed_element_state_of_null_or_of_a_bad_index_or_state_moves_nothing_and_logs)
{
    void *pool = small_pool(0);

    sxe_test_api_expect_log("sxe_pool_set_indexed_element_state");
    ck_assert_uint_eq(sxe_pool_set_indexed_element_state(NULL, 0, FREE, USED), SXE_POOL_NO_INDEX);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_set_indexed_element_state");
    ck_assert_uint_eq(sxe_pool_set_indexed_element_state(pool, 99, FREE, USED), SXE_POOL_NO_INDEX);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_set_indexed_element_state");
    ck_assert_uint_eq(sxe_pool_set_indexed_element_state(pool, 0, FREE, 7), SXE_POOL_NO_INDEX);
    sxe_test_api_check_log();
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, FREE), 4);
    test_pool_check_consistency(pool);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(sxe_pool_try_set_indexed_element_state_of_null_is_no_index_and_logged)
{
    sxe_test_api_expect_log("sxe_pool_try_set_indexed_element_state");
    ck_assert_uint_eq(sxe_pool_try_set_indexed_element_state(NULL, 0, FREE, USED), SXE_POOL_NO_INDEX);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_pool_try_to_set_indexed_element_state_of_null_is_no_index_and_logged)
{
    void *pool = small_pool(0);
    unsigned state = USED;

    sxe_test_api_expect_log("sxe_pool_try_to_set_indexed_element_state");
    ck_assert_uint_eq(sxe_pool_try_to_set_indexed_element_state(NULL, 0, FREE, &state), SXE_POOL_NO_INDEX);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_try_to_set_indexed_element_state");
    ck_assert_uint_eq(sxe_pool_try_to_set_indexed_element_state(pool, 0, FREE, NULL), SXE_POOL_NO_INDEX);
    sxe_test_api_check_log();
    ck_assert_uint_eq(state, USED);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, FREE), 4);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(sxe_pool_set_oldest_element_state_of_null_or_to_a_state_out_of_range_moves_nothing_and_logs)
{
    void *pool = small_pool(0);

    sxe_test_api_expect_log("sxe_pool_set_oldest_element_state");
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(NULL, FREE, USED), SXE_POOL_NO_INDEX);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_set_oldest_element_state");
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(pool, FREE, 7), SXE_POOL_NO_INDEX);
    sxe_test_api_check_log();
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, FREE), 4);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(sxe_pool_get_oldest_element_index_of_null_or_of_a_state_out_of_range_is_no_index_and_logged)
{
    void *pool = small_pool(0);

    sxe_test_api_expect_log("sxe_pool_get_oldest_element_index");
    ck_assert_uint_eq(sxe_pool_get_oldest_element_index(NULL, FREE), SXE_POOL_NO_INDEX);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_get_oldest_element_index");
    ck_assert_uint_eq(sxe_pool_get_oldest_element_index(pool, 9), SXE_POOL_NO_INDEX);
    sxe_test_api_check_log();
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(sxe_pool_get_oldest_element_time_of_null_or_of_an_untimed_pool_is_0_and_logged)
{
    void *pool = small_pool(0);

    sxe_test_api_expect_log("sxe_pool_get_oldest_element_seconds");
    ck_assert(sxe_pool_get_oldest_element_seconds(NULL, FREE) == 0.0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_get_oldest_element_seconds");
    ck_assert(sxe_pool_get_oldest_element_seconds(pool, FREE) == 0.0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_get_oldest_element_time");
    ck_assert_uint_eq(sxe_pool_get_oldest_element_time(NULL, FREE), 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_get_oldest_element_time");
    ck_assert_uint_eq(sxe_pool_get_oldest_element_time(pool, FREE), 0);
    sxe_test_api_check_log();
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(sxe_pool_get_element_time_by_index_of_null_or_of_an_untimed_pool_is_0_and_logged)
{
    void *pool = small_pool(0);

    sxe_test_api_expect_log("sxe_pool_get_element_seconds_by_index");
    ck_assert(sxe_pool_get_element_seconds_by_index(NULL, 0) == 0.0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_get_element_seconds_by_index");
    ck_assert(sxe_pool_get_element_seconds_by_index(pool, 0) == 0.0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_get_element_time_by_index");
    ck_assert_uint_eq(sxe_pool_get_element_time_by_index(NULL, 0), 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_get_element_time_by_index");
    ck_assert_uint_eq(sxe_pool_get_element_time_by_index(pool, 0), 0);
    sxe_test_api_check_log();
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(sxe_pool_get_oldest_element_count_of_null_or_of_a_timed_pool_is_0_and_logged)
{
    void *pool = small_pool(SXE_POOL_OPTION_TIMED);

    sxe_test_api_expect_log("sxe_pool_get_oldest_element_count");
    ck_assert_uint_eq(sxe_pool_get_oldest_element_count(NULL, FREE), 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_get_oldest_element_count");
    ck_assert_uint_eq(sxe_pool_get_oldest_element_count(pool, FREE), 0);
    sxe_test_api_check_log();
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(sxe_pool_to_base_from_base_and_override_locked_of_null_are_logged)
{
    sxe_test_api_expect_log("sxe_pool_to_base");
    ck_assert_ptr_null(sxe_pool_to_base(NULL));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_attach"); /* from_base of memory that is not a private pool attaches */
    ck_assert_ptr_null(sxe_pool_from_base(NULL));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_override_locked");
    sxe_pool_override_locked(NULL);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_pool_get_element_count_by_index_of_null_or_of_a_timed_pool_is_0_and_logged)
{
    void *pool = small_pool(SXE_POOL_OPTION_TIMED);

    sxe_test_api_expect_log("sxe_pool_get_element_count_by_index");
    ck_assert_uint_eq(sxe_pool_get_element_count_by_index(NULL, 0), 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_get_element_count_by_index");
    ck_assert_uint_eq(sxe_pool_get_element_count_by_index(pool, 0), 0);
    sxe_test_api_check_log();
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(sxe_pool_touch_indexed_element_of_null_or_of_an_index_out_of_range_is_no_index_and_logged)
{
    void *pool = small_pool(0);

    sxe_test_api_expect_log("sxe_pool_touch_indexed_element");
    ck_assert_uint_eq(sxe_pool_touch_indexed_element(NULL, 0), SXE_POOL_NO_INDEX);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_touch_indexed_element");
    ck_assert_uint_eq(sxe_pool_touch_indexed_element(pool, SXE_POOL_NO_INDEX), SXE_POOL_NO_INDEX);
    sxe_test_api_check_log();
    sxe_pool_delete(pool);
}
END_TEST

/* ---- timeouts ------------------------------------------------------------------------------------------------ */

START_TEST(sxe_pool_set_state_timeout_of_null_an_untimed_pool_or_a_negative_timeout_changes_nothing_and_logs)
{
    void *untimed = small_pool(0);
    void *timed = small_pool(SXE_POOL_OPTION_TIMED);

    sxe_test_api_expect_log("sxe_pool_set_state_timeout");
    sxe_pool_set_state_timeout(NULL, USED, 1.0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_set_state_timeout");
    sxe_pool_set_state_timeout(untimed, USED, 1.0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_set_state_timeout");
    sxe_pool_set_state_timeout(timed, USED, -1.0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_set_state_timeout");
    sxe_pool_set_state_timeout(timed, NUMBER_OF_STATES, 1.0);
    sxe_test_api_check_log();
    sxe_pool_delete(untimed);
    sxe_pool_delete(timed);
}
END_TEST

START_TEST(sxe_pool_set_timeout_callback_of_null_or_of_an_untimed_pool_is_logged)
{
    void *untimed = small_pool(0);

    sxe_test_api_expect_log("sxe_pool_set_timeout_callback");
    sxe_pool_set_timeout_callback(NULL, on_timeout, NULL);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_set_timeout_callback");
    sxe_pool_set_timeout_callback(untimed, on_timeout, NULL);
    sxe_test_api_check_log();
    sxe_pool_delete(untimed);
}
END_TEST

START_TEST(sxe_pool_check_timeouts_of_null_or_of_a_pool_without_a_callback_fires_nothing_and_logs)
{
    void *timed = small_pool(SXE_POOL_OPTION_TIMED);

    sxe_test_api_expect_log("sxe_pool_check_timeouts_of");
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(NULL), 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_check_timeouts_of");
    ck_assert_uint_eq(sxe_pool_check_timeouts_of(timed), 0);
    sxe_test_api_check_log();
    sxe_pool_check_timeouts(); /* no pool with a callback: nothing to do */
    sxe_pool_delete(timed);
}
END_TEST

START_TEST(sxe_pool_set_loop_of_null_or_of_a_pointer_that_is_not_a_pool_is_logged_and_ignored)
{
    char not_a_pool[1024] = "";

    sxe_test_api_expect_log("sxe_pool_set_loop");
    sxe_pool_set_loop(NULL, ev_default_loop(0));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_set_loop");
    sxe_pool_set_loop(not_a_pool + 512, ev_default_loop(0));
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_pool_set_thread_loop_of_null_gives_new_pools_the_default_loop)
{
    struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
    double timeouts[NUMBER_OF_STATES] = {0, 0.01};
    void *on_own_loop;
    void *on_default_loop;

    sxe_pool_set_thread_loop(loop);
    on_own_loop = sxe_pool_new_with_timeouts_and_options("own", 2, 8, NUMBER_OF_STATES, timeouts, on_timeout, NULL, 0);
    sxe_pool_set_thread_loop(NULL);
    on_default_loop =
        sxe_pool_new_with_timeouts_and_options("default", 2, 8, NUMBER_OF_STATES, timeouts, on_timeout, NULL, 0);
    sxe_pool_set_oldest_element_state(on_own_loop, FREE, USED);
    sxe_pool_set_oldest_element_state(on_default_loop, FREE, USED);
    ev_sleep(0.02);
    ev_run(ev_default_loop(0), EVRUN_NOWAIT); /* times out the default loop's pool only */
    ck_assert_uint_eq(sxe_pool_get_number_in_state(on_default_loop, USED), 0);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(on_own_loop, USED), 1);
    ev_run(loop, EVRUN_NOWAIT);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(on_own_loop, USED), 0);
    sxe_pool_delete(on_own_loop);
    sxe_pool_delete(on_default_loop);
    ev_loop_destroy(loop);
}
END_TEST

START_TEST(sxe_pool_set_clock_of_null_restores_the_monotonic_clock)
{
    void *timed;

    test_clock_now = -5.0;
    sxe_pool_set_clock(test_clock);
    timed = small_pool(SXE_POOL_OPTION_TIMED);
    sxe_pool_touch_indexed_element(timed, 0);
    ck_assert(sxe_pool_get_element_seconds_by_index(timed, 0) < 0.0);
    sxe_pool_set_clock(NULL);
    sxe_pool_touch_indexed_element(timed, 0);
    ck_assert(sxe_pool_get_element_seconds_by_index(timed, 0) > 0.0);
    sxe_pool_delete(timed);
}
END_TEST

START_TEST(sxe_pool_set_state_to_string_of_null_is_logged)
{
    sxe_test_api_expect_log("sxe_pool_set_state_to_string");
    sxe_pool_set_state_to_string(NULL, NULL);
    sxe_test_api_check_log();
}
END_TEST

/* ---- facts --------------------------------------------------------------------------------------------------- */

START_TEST(the_facts_of_null_are_0_or_a_null_name_and_each_is_logged)
{
    sxe_test_api_expect_log("sxe_pool_get_name");
    ck_assert_ptr_null(sxe_pool_get_name(NULL));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_get_number");
    ck_assert_uint_eq(sxe_pool_get_number(NULL), 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_get_number_of_states");
    ck_assert_uint_eq(sxe_pool_get_number_of_states(NULL), 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_get_element_size");
    ck_assert_uint_eq(sxe_pool_get_element_size(NULL), 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_get_options");
    ck_assert_uint_eq(sxe_pool_get_options(NULL), 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_get_lock_recoveries");
    ck_assert_uint_eq(sxe_pool_get_lock_recoveries(NULL), 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_pool_get_allocated_bytes");
    ck_assert_uint_eq(sxe_pool_get_allocated_bytes(NULL), 0);
    sxe_test_api_check_log();
}
END_TEST

/* ---- the walker ---------------------------------------------------------------------------------------------- */

START_TEST(sxe_pool_walker_construct_of_a_null_walker_is_logged)
{
    void *pool = small_pool(0);

    sxe_test_api_expect_log("sxe_pool_walker_construct");
    sxe_pool_walker_construct(NULL, pool, FREE);
    sxe_test_api_check_log();
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(sxe_pool_walker_construct_on_null_or_a_state_out_of_range_is_logged_and_its_walk_is_empty)
{
    void *pool = small_pool(0);
    SXE_POOL_WALKER walker;

    sxe_test_api_expect_log("sxe_pool_walker_construct");
    sxe_pool_walker_construct(&walker, NULL, FREE);
    sxe_test_api_check_log();
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), SXE_POOL_NO_INDEX);
    sxe_test_api_expect_log("sxe_pool_walker_construct");
    sxe_pool_walker_construct(&walker, pool, NUMBER_OF_STATES);
    sxe_test_api_check_log();
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), SXE_POOL_NO_INDEX);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(sxe_pool_walker_step_of_a_null_walker_is_no_index_and_logged)
{
    sxe_test_api_expect_log("sxe_pool_walker_step");
    ck_assert_uint_eq(sxe_pool_walker_step(NULL), SXE_POOL_NO_INDEX);
    sxe_test_api_check_log();
}
END_TEST

int main(void)
{
    const SXE_TEST_API_CASE cases[] = {
        {"sxe_pool_new", sxe_pool_new_with_a_null_name_returns_null_and_logs},
        {"sxe_pool_new", sxe_pool_new_with_no_elements_no_states_or_unknown_options_returns_null_and_logs},
        {"sxe_pool_new", sxe_pool_new_with_a_name_too_long_returns_null_and_logs_and_the_longest_name_works},
        {"sxe_pool_new", allocation_failure_returns_null},
        {"sxe_pool_size", sizes_that_overflow_return_null},
        {"sxe_pool_new_with_timeouts", sxe_pool_new_with_timeouts_without_a_callback_returns_null_and_logs},
        {"sxe_pool_new_with_timeouts", sxe_pool_new_with_timeouts_with_a_negative_timeout_returns_null_and_logs},
        {"sxe_pool_new_with_timeouts_and_options", sxe_pool_new_with_timeouts_without_a_callback_returns_null_and_logs},
        {"sxe_pool_new_shared", sxe_pool_new_shared_with_a_null_name_returns_null_and_logs},
        {"sxe_pool_construct", sxe_pool_construct_in_null_or_misaligned_memory_returns_null_and_logs},
        {"sxe_pool_attach",
         sxe_pool_attach_to_null_to_memory_without_a_pool_or_to_a_private_pool_returns_null_and_logs},
        {"sxe_pool_delete", sxe_pool_delete_of_null_is_ignored_without_a_log},
        {"sxe_pool_delete", sxe_pool_delete_of_a_pool_already_deleted_is_logged_and_ignored},
        {"sxe_pool_get_number_in_state", a_pointer_that_is_not_a_pool_is_logged_and_gets_the_error_value},
        {"sxe_pool_get_number_in_state",
         sxe_pool_get_number_in_state_of_null_or_of_a_state_out_of_range_is_0_and_logged},
        {"sxe_pool_index_to_state", sxe_pool_index_to_state_of_null_or_of_an_index_out_of_range_is_no_index_and_logged},
        {"sxe_pool_set_indexed_element_state",
         sxe_pool_set_indexed_element_state_of_null_or_of_a_bad_index_or_state_moves_nothing_and_logs},
        {"sxe_pool_try_set_indexed_element_state",
         sxe_pool_try_set_indexed_element_state_of_null_is_no_index_and_logged},
        {"sxe_pool_try_to_set_indexed_element_state",
         sxe_pool_try_to_set_indexed_element_state_of_null_is_no_index_and_logged},
        {"sxe_pool_set_oldest_element_state",
         sxe_pool_set_oldest_element_state_of_null_or_to_a_state_out_of_range_moves_nothing_and_logs},
        {"sxe_pool_get_oldest_element_index",
         sxe_pool_get_oldest_element_index_of_null_or_of_a_state_out_of_range_is_no_index_and_logged},
        {"sxe_pool_get_oldest_element_time",
         sxe_pool_get_oldest_element_time_of_null_or_of_an_untimed_pool_is_0_and_logged},
        {"sxe_pool_get_element_time_by_index",
         sxe_pool_get_element_time_by_index_of_null_or_of_an_untimed_pool_is_0_and_logged},
        {"sxe_pool_get_oldest_element_seconds",
         sxe_pool_get_oldest_element_time_of_null_or_of_an_untimed_pool_is_0_and_logged},
        {"sxe_pool_get_element_seconds_by_index",
         sxe_pool_get_element_time_by_index_of_null_or_of_an_untimed_pool_is_0_and_logged},
        {"sxe_pool_get_oldest_element_count",
         sxe_pool_get_oldest_element_count_of_null_or_of_a_timed_pool_is_0_and_logged},
        {"sxe_pool_to_base", sxe_pool_to_base_from_base_and_override_locked_of_null_are_logged},
        {"sxe_pool_from_base", sxe_pool_to_base_from_base_and_override_locked_of_null_are_logged},
        {"sxe_pool_override_locked", sxe_pool_to_base_from_base_and_override_locked_of_null_are_logged},
        {"sxe_pool_get_element_count_by_index",
         sxe_pool_get_element_count_by_index_of_null_or_of_a_timed_pool_is_0_and_logged},
        {"sxe_pool_touch_indexed_element",
         sxe_pool_touch_indexed_element_of_null_or_of_an_index_out_of_range_is_no_index_and_logged},
        {"sxe_pool_set_state_timeout",
         sxe_pool_set_state_timeout_of_null_an_untimed_pool_or_a_negative_timeout_changes_nothing_and_logs},
        {"sxe_pool_set_timeout_callback", sxe_pool_set_timeout_callback_of_null_or_of_an_untimed_pool_is_logged},
        {"sxe_pool_check_timeouts_of",
         sxe_pool_check_timeouts_of_null_or_of_a_pool_without_a_callback_fires_nothing_and_logs},
        {"sxe_pool_check_timeouts", NULL},
        {"sxe_pool_set_loop", sxe_pool_set_loop_of_null_or_of_a_pointer_that_is_not_a_pool_is_logged_and_ignored},
        {"sxe_pool_set_thread_loop", sxe_pool_set_thread_loop_of_null_gives_new_pools_the_default_loop},
        {"sxe_pool_set_clock", sxe_pool_set_clock_of_null_restores_the_monotonic_clock},
        {"sxe_pool_set_state_to_string", sxe_pool_set_state_to_string_of_null_is_logged},
        {"sxe_pool_get_name", the_facts_of_null_are_0_or_a_null_name_and_each_is_logged},
        {"sxe_pool_get_number", the_facts_of_null_are_0_or_a_null_name_and_each_is_logged},
        {"sxe_pool_get_number_of_states", the_facts_of_null_are_0_or_a_null_name_and_each_is_logged},
        {"sxe_pool_get_element_size", the_facts_of_null_are_0_or_a_null_name_and_each_is_logged},
        {"sxe_pool_get_options", the_facts_of_null_are_0_or_a_null_name_and_each_is_logged},
        {"sxe_pool_get_lock_recoveries", the_facts_of_null_are_0_or_a_null_name_and_each_is_logged},
        {"sxe_pool_get_allocated_bytes", the_facts_of_null_are_0_or_a_null_name_and_each_is_logged},
        {"sxe_pool_walker_construct", sxe_pool_walker_construct_of_a_null_walker_is_logged},
        {"sxe_pool_walker_construct",
         sxe_pool_walker_construct_on_null_or_a_state_out_of_range_is_logged_and_its_walk_is_empty},
        {"sxe_pool_walker_step", sxe_pool_walker_step_of_a_null_walker_is_no_index_and_logged},
    };

    return sxe_test_api_main("lib-sxe-pool", cases, SXE_ARRAY_SIZE(cases));
}
