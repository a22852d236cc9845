/* test-sxe-pool-states.c: creation, the classic state calls, ordering, stamps, the try variant. */
#include <check.h>
#include <string.h>

#include "../../test/sxe-check.h"
#include "sxe-pool.h"
#include "sxe-pool-test-helpers.h"

enum { FREE, USED, DONE, NUMBER_OF_STATES };

typedef struct ELEMENT {
    unsigned value;
    char text[13]; /* odd size: the library must not depend on the element's alignment */
} ELEMENT;

START_TEST(test_new_pool_has_every_element_in_state_zero)
{
    ELEMENT *pool = sxe_pool_new("fresh", 10, sizeof(ELEMENT), NUMBER_OF_STATES, SXE_POOL_OPTION_UNLOCKED);
    unsigned i;

    ck_assert_ptr_nonnull(pool);
    ck_assert_uint_eq((uintptr_t)pool % 64, 0);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, FREE), 10);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, USED), 0);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, DONE), 0);

    for (i = 0; i < 10; i++) {
        ck_assert_uint_eq(sxe_pool_index_to_state(pool, i), FREE);
        ck_assert_uint_eq(pool[i].value, 0); /* zeroed */
    }

    ck_assert_str_eq(sxe_pool_get_name(pool), "fresh");
    ck_assert_uint_eq(sxe_pool_get_number(pool), 10);
    ck_assert_uint_eq(sxe_pool_get_number_of_states(pool), NUMBER_OF_STATES);
    ck_assert_uint_eq(sxe_pool_get_element_size(pool), sizeof(ELEMENT));
    ck_assert_uint_eq(sxe_pool_get_options(pool), SXE_POOL_OPTION_UNLOCKED);
    ck_assert_uint_eq(sxe_pool_get_lock_recoveries(pool), 0);
    test_pool_check_consistency(pool);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_fresh_pool_allocates_ids_in_ascending_order_then_reports_empty)
{
    ELEMENT *pool = sxe_pool_new("ascending", 4, sizeof(ELEMENT), NUMBER_OF_STATES, SXE_POOL_OPTION_UNLOCKED);
    unsigned i;

    for (i = 0; i < 4; i++) {
        ck_assert_uint_eq(sxe_pool_get_oldest_element_index(pool, FREE), i);
        ck_assert_uint_eq(sxe_pool_set_oldest_element_state(pool, FREE, USED), i);
        ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, USED), i + 1);
    }

    ck_assert_uint_eq(sxe_pool_get_oldest_element_index(pool, FREE), SXE_POOL_NO_INDEX);
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(pool, FREE, USED), SXE_POOL_NO_INDEX);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, FREE), 0);
    test_pool_check_consistency(pool);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_moved_element_goes_to_newest_end_of_its_new_state)
{
    ELEMENT *pool = sxe_pool_new("order", 5, sizeof(ELEMENT), NUMBER_OF_STATES, SXE_POOL_OPTION_UNLOCKED);

    sxe_pool_set_indexed_element_state(pool, 3, FREE, USED);
    sxe_pool_set_indexed_element_state(pool, 1, FREE, USED);
    sxe_pool_set_indexed_element_state(pool, 4, FREE, USED);
    ck_assert_uint_eq(sxe_pool_get_oldest_element_index(pool, USED), 3);
    ck_assert_uint_eq(sxe_pool_get_oldest_element_index(pool, FREE), 0);

    /* Freeing puts 3 behind 0 and 2 in FREE: the next allocations are 0, 2, 3 */
    ck_assert_uint_eq(sxe_pool_set_indexed_element_state(pool, 3, USED, FREE), SXE_POOL_LOCK_TAKEN); /* classic */
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(pool, FREE, DONE), 0);
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(pool, FREE, DONE), 2);
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(pool, FREE, DONE), 3);
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(pool, USED, DONE), 1);
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(pool, USED, DONE), 4);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, DONE), 5);
    test_pool_check_consistency(pool);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_touch_moves_element_to_newest_end_of_its_state)
{
    ELEMENT *pool = sxe_pool_new("touch", 3, sizeof(ELEMENT), NUMBER_OF_STATES, SXE_POOL_OPTION_UNLOCKED);
    unsigned long long before = sxe_pool_get_element_count_by_index(pool, 0);

    ck_assert_uint_eq(sxe_pool_touch_indexed_element(pool, 0), SXE_POOL_LOCK_TAKEN); /* classic: 0 */
    ck_assert_uint_gt(sxe_pool_get_element_count_by_index(pool, 0), before);
    ck_assert_uint_eq(sxe_pool_get_oldest_element_index(pool, FREE), 1);
    ck_assert_uint_eq(sxe_pool_touch_indexed_element(pool, 2), SXE_POOL_LOCK_TAKEN); /* middle -> newest */
    ck_assert_uint_eq(sxe_pool_touch_indexed_element(pool, 2), SXE_POOL_LOCK_TAKEN); /* newest stays newest */
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(pool, FREE, USED), 1);
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(pool, FREE, USED), 0);
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(pool, FREE, USED), 2);
    ck_assert_uint_eq(sxe_pool_touch_indexed_element(pool, 2), SXE_POOL_LOCK_TAKEN); /* the only-newest too */
    ck_assert_uint_eq(sxe_pool_get_oldest_element_index(pool, USED), 1);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, USED), 3);
    test_pool_check_consistency(pool);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_untimed_pool_stamps_with_an_increasing_counter)
{
    ELEMENT *pool = sxe_pool_new("counter", 3, sizeof(ELEMENT), NUMBER_OF_STATES, SXE_POOL_OPTION_UNLOCKED);
    unsigned long long last = sxe_pool_get_element_count_by_index(pool, 2);

    ck_assert_uint_lt(sxe_pool_get_element_count_by_index(pool, 0), sxe_pool_get_element_count_by_index(pool, 1));
    sxe_pool_set_indexed_element_state(pool, 0, FREE, USED);
    ck_assert_uint_eq(sxe_pool_get_element_count_by_index(pool, 0), last + 1);
    sxe_pool_touch_indexed_element(pool, 1);
    ck_assert_uint_eq(sxe_pool_get_element_count_by_index(pool, 1), last + 2);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_timed_pool_stamps_with_the_clock_and_keeps_stamps_strictly_increasing)
{
    ELEMENT *pool;

    test_clock_now = 50.0;
    sxe_pool_set_clock(test_clock);
    pool = sxe_pool_new("timed", 3, sizeof(ELEMENT), NUMBER_OF_STATES, SXE_POOL_OPTION_TIMED);
    ck_assert(sxe_pool_get_oldest_element_seconds(pool, FREE) == 50.0);
    ck_assert(sxe_pool_get_oldest_element_seconds(pool, USED) == 0.0); /* empty */
    ck_assert(sxe_pool_get_element_seconds_by_index(pool, 1) > 50.0);  /* same clock reading: next double up */
    ck_assert(sxe_pool_get_element_seconds_by_index(pool, 1) < 50.000001);
    test_clock_now = 60.0;
    sxe_pool_set_indexed_element_state(pool, 1, FREE, USED);
    ck_assert(sxe_pool_get_element_seconds_by_index(pool, 1) == 60.0);
    ck_assert(sxe_pool_get_oldest_element_seconds(pool, USED) == 60.0);
    test_clock_now = 70.0;
    sxe_pool_touch_indexed_element(pool, 0);
    ck_assert(sxe_pool_get_element_seconds_by_index(pool, 0) == 70.0);
    ck_assert(sxe_pool_get_oldest_element_seconds(pool, FREE) > 50.0);
    ck_assert(sxe_pool_get_oldest_element_seconds(pool, FREE) < 50.000001); /* element 2 */
    test_clock_now = -5.0; /* a clock that goes back still cannot unorder the lists */
    sxe_pool_touch_indexed_element(pool, 2);
    ck_assert(sxe_pool_get_element_seconds_by_index(pool, 2) > 70.0);
    test_pool_check_consistency(pool);
    sxe_pool_delete(pool);
    sxe_pool_set_clock(NULL);
}
END_TEST

START_TEST(test_negative_clock_values_still_order_correctly)
{
    ELEMENT *pool;

    test_clock_now = -10.0;
    sxe_pool_set_clock(test_clock);
    pool = sxe_pool_new("negative", 2, sizeof(ELEMENT), NUMBER_OF_STATES, SXE_POOL_OPTION_TIMED);
    ck_assert(sxe_pool_get_element_seconds_by_index(pool, 0) == -10.0);
    test_clock_now = -2.5;
    sxe_pool_touch_indexed_element(pool, 0);
    ck_assert(sxe_pool_get_element_seconds_by_index(pool, 0) == -2.5);
    ck_assert_uint_eq(sxe_pool_get_oldest_element_index(pool, FREE), 1);
    test_pool_check_consistency(pool);
    sxe_pool_delete(pool);
    sxe_pool_set_clock(NULL);
}
END_TEST

START_TEST(test_default_clock_is_monotonic_seconds)
{
    ELEMENT *pool = sxe_pool_new("realtime", 2, sizeof(ELEMENT), NUMBER_OF_STATES, SXE_POOL_OPTION_TIMED);
    double before = sxe_pool_get_element_seconds_by_index(pool, 1);

    sxe_pool_touch_indexed_element(pool, 0);
    ck_assert(sxe_pool_get_element_seconds_by_index(pool, 0) > before);
    ck_assert(sxe_pool_get_element_seconds_by_index(pool, 0) < before + 5.0);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_try_variant_reports_the_actual_state_and_moves_only_from_old_state)
{
    ELEMENT *pool = sxe_pool_new("try", 3, sizeof(ELEMENT), NUMBER_OF_STATES, SXE_POOL_OPTION_LOCKED);

    ck_assert_uint_eq(sxe_pool_try_set_indexed_element_state(pool, 1, FREE, USED), FREE); /* moved */
    ck_assert_uint_eq(sxe_pool_index_to_state(pool, 1), USED);
    ck_assert_uint_eq(sxe_pool_try_set_indexed_element_state(pool, 1, FREE, DONE), USED); /* not moved */
    ck_assert_uint_eq(sxe_pool_index_to_state(pool, 1), USED);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, DONE), 0);
    ck_assert_uint_eq(sxe_pool_try_set_indexed_element_state(pool, 1, USED, DONE), USED); /* moved */
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, DONE), 1);
    test_pool_check_consistency(pool);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_caller_data_in_elements_survives_every_move)
{
    ELEMENT *pool =
        sxe_pool_new("data", 50, sizeof(ELEMENT), NUMBER_OF_STATES, SXE_POOL_OPTION_LOCKED | SXE_POOL_OPTION_TIMED);
    unsigned i;

    for (i = 0; i < 50; i++) {
        pool[i].value = i * 7;
        memset(pool[i].text, 'a' + i % 26, sizeof(pool[i].text));
    }

    for (i = 0; i < 200; i++) {
        unsigned id = sxe_pool_set_oldest_element_state(pool, i % NUMBER_OF_STATES, (i + 1) % NUMBER_OF_STATES);

        if (id != SXE_POOL_NO_INDEX) {
            sxe_pool_touch_indexed_element(pool, id);
        }
    }

    for (i = 0; i < 50; i++) {
        ck_assert_uint_eq(pool[i].value, i * 7);
        ck_assert_int_eq(pool[i].text[12], 'a' + i % 26);
    }

    test_pool_check_consistency(pool);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_size_is_header_array_states_and_documented_overhead)
{
    size_t size = sxe_pool_size(1000, 100, 4);

    ck_assert_uint_ge(size, 1000 * 100 + 1000 * SXE_POOL_OVERHEAD_PER_ELEMENT + 4 * 24);
    ck_assert_uint_le(size, 1000 * 100 + 1000 * SXE_POOL_OVERHEAD_PER_ELEMENT + 4 * 24 + 512 + 3 * 64);
    ck_assert_uint_eq(sxe_pool_size(1, 0, 1) % 64, 0);
    ck_assert_uint_eq(sxe_pool_size(0xFFFFFFFEU, 0xFFFFFFFFU, 2), 0); /* overflows */
}
END_TEST

START_TEST(test_allocated_bytes_are_the_whole_mapping_and_zero_in_caller_memory)
{
    char memory[16384] __attribute__((aligned(64)));
    void *pool = sxe_pool_new("counted", 1000, 100, 4, SXE_POOL_OPTION_UNLOCKED);
    void *constructed;

    ck_assert_ptr_nonnull(pool);
    ck_assert_uint_ge(sxe_pool_get_allocated_bytes(pool), sxe_pool_size(1000, 100, 4)); /* + this process's part */
    ck_assert_uint_le(sxe_pool_get_allocated_bytes(pool), sxe_pool_size(1000, 100, 4) + 4096);
    sxe_pool_delete(pool);

    ck_assert_uint_le(sxe_pool_size(4, 8, 2), sizeof(memory));
    constructed = sxe_pool_construct(memory, "caller", 4, 8, 2, 0);
    ck_assert_ptr_nonnull(constructed);
    ck_assert_uint_eq(sxe_pool_get_allocated_bytes(constructed), 0); /* the memory is the caller's */
    sxe_pool_delete(constructed);
}
END_TEST

START_TEST(test_pool_with_zero_sized_elements_tracks_states_only)
{
    void *pool = sxe_pool_new("bare", 2, 0, 1, SXE_POOL_OPTION_UNLOCKED);

    ck_assert_ptr_nonnull(pool);
    ck_assert_uint_eq(sxe_pool_set_oldest_element_state(pool, 0, 0), 0);
    ck_assert_uint_eq(sxe_pool_get_oldest_element_index(pool, 0), 1);
    sxe_pool_delete(pool);
    sxe_pool_delete(NULL); /* ignored */
}
END_TEST

static const char *state_name(unsigned state)
{
    static const char *names[] = {"FREE", "USED", "DONE"};
    return state < 3 ? names[state] : NULL;
}

START_TEST(test_wrong_old_state_moves_nothing_returns_incorrect_state_and_logs_pool_index_and_both_states)
{
    ELEMENT *pool = sxe_pool_new("named", 3, sizeof(ELEMENT), NUMBER_OF_STATES, SXE_POOL_OPTION_UNLOCKED);

    sxe_pool_set_state_to_string(pool, state_name);
    test_expect_message("sxe_pool_set_indexed_element_state(pool=named): element 2", "in state FREE",
                        "expected state USED");
    ck_assert_uint_eq(sxe_pool_set_indexed_element_state(pool, 2, USED, DONE), SXE_POOL_INCORRECT_STATE);
    ck_assert(test_expected_message_seen());
    ck_assert_uint_eq(sxe_pool_index_to_state(pool, 2), FREE);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, DONE), 0);
    test_pool_check_consistency(pool);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_wrong_old_state_without_names_prints_numbers)
{
    ELEMENT *pool = sxe_pool_new("numbers", 3, sizeof(ELEMENT), NUMBER_OF_STATES, SXE_POOL_OPTION_LOCKED);

    test_expect_message("(pool=numbers): element 1", "in state 0", "expected state 2");
    ck_assert_uint_eq(sxe_pool_set_indexed_element_state(pool, 1, DONE, USED), SXE_POOL_INCORRECT_STATE);
    ck_assert(test_expected_message_seen());
    test_pool_check_consistency(pool);
    sxe_pool_delete(pool);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("sxe-pool-states");
    TCase *tc = tcase_create("states");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_new_pool_has_every_element_in_state_zero);
    tcase_add_test(tc, test_fresh_pool_allocates_ids_in_ascending_order_then_reports_empty);
    tcase_add_test(tc, test_moved_element_goes_to_newest_end_of_its_new_state);
    tcase_add_test(tc, test_touch_moves_element_to_newest_end_of_its_state);
    tcase_add_test(tc, test_untimed_pool_stamps_with_an_increasing_counter);
    tcase_add_test(tc, test_timed_pool_stamps_with_the_clock_and_keeps_stamps_strictly_increasing);
    tcase_add_test(tc, test_negative_clock_values_still_order_correctly);
    tcase_add_test(tc, test_default_clock_is_monotonic_seconds);
    tcase_add_test(tc, test_try_variant_reports_the_actual_state_and_moves_only_from_old_state);
    tcase_add_test(tc, test_caller_data_in_elements_survives_every_move);
    tcase_add_test(tc, test_size_is_header_array_states_and_documented_overhead);
    tcase_add_test(tc, test_allocated_bytes_are_the_whole_mapping_and_zero_in_caller_memory);
    tcase_add_test(tc, test_pool_with_zero_sized_elements_tracks_states_only);
    tcase_add_test(tc, test_wrong_old_state_moves_nothing_returns_incorrect_state_and_logs_pool_index_and_both_states);
    tcase_add_test(tc, test_wrong_old_state_without_names_prints_numbers);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
