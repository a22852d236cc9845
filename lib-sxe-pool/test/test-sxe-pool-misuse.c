/* test-sxe-pool-misuse.c: bad input gets a clear result: asserts for misuse, NULL plus a log line otherwise. */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "../../test/sxe-check.h"
#include "sxe-pool.h"
#include "sxe-pool-test-helpers.h"

static void *small_pool(unsigned options)
{
    return sxe_pool_new("misuse", 4, 8, 2, options);
}

START_TEST(test_state_out_of_range_asserts)
{
    sxe_pool_get_number_in_state(small_pool(0), 2);
}
END_TEST
START_TEST(test_new_state_out_of_range_asserts)
{
    sxe_pool_set_oldest_element_state(small_pool(0), 0, 7);
}
END_TEST
START_TEST(test_oldest_of_bad_state_asserts)
{
    sxe_pool_get_oldest_element_index(small_pool(0), 9);
}
END_TEST
START_TEST(test_index_out_of_range_asserts)
{
    sxe_pool_index_to_state(small_pool(0), 4);
}
END_TEST
START_TEST(test_move_of_bad_index_asserts)
{
    sxe_pool_set_indexed_element_state(small_pool(0), 99, 0, 1);
}
END_TEST
START_TEST(test_touch_of_bad_index_asserts)
{
    sxe_pool_touch_indexed_element(small_pool(0), SXE_POOL_NO_INDEX);
}
END_TEST
START_TEST(test_zero_element_pool_asserts)
{
    sxe_pool_new("zero", 0, 8, 2, 0);
}
END_TEST
START_TEST(test_no_index_element_count_asserts)
{
    sxe_pool_new("huge", SXE_POOL_NO_INDEX, 8, 2, 0);
}
END_TEST
START_TEST(test_zero_states_asserts)
{
    sxe_pool_new("nostates", 4, 8, 0, 0);
}
END_TEST
START_TEST(test_null_name_asserts)
{
    sxe_pool_new(NULL, 4, 8, 2, 0);
}
END_TEST
START_TEST(test_unknown_option_asserts)
{
    sxe_pool_new("options", 4, 8, 2, 0x80);
}
END_TEST
START_TEST(test_time_query_on_untimed_pool_asserts)
{
    sxe_pool_get_oldest_element_time(small_pool(0), 0);
}
END_TEST
START_TEST(test_time_by_index_on_untimed_pool_asserts)
{
    sxe_pool_get_element_time_by_index(small_pool(0), 0);
}
END_TEST
START_TEST(test_count_query_on_timed_pool_asserts)
{
    sxe_pool_get_element_count_by_index(small_pool(SXE_POOL_OPTION_TIMED), 0);
}
END_TEST
START_TEST(test_null_array_asserts)
{
    sxe_pool_get_number_in_state(NULL, 0);
}
END_TEST

START_TEST(test_pointer_that_is_not_a_pool_asserts)
{
    static char not_a_pool[4096];

    sxe_pool_get_number_in_state(not_a_pool + 1024, 0);
}
END_TEST

START_TEST(test_deleted_pool_asserts_when_used_again)
{
    char memory[8192] __attribute__((aligned(64)));
    void *pool = sxe_pool_construct(memory, "gone", 4, 8, 2, 0);

    sxe_pool_delete(pool);
    sxe_pool_delete(pool); /* this process has no handle on it any more */
}
END_TEST

START_TEST(test_name_too_long_asserts_and_longest_name_works)
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
    sxe_pool_new(name, 1, 1, 1, 0);
}
END_TEST

START_TEST(test_sizes_that_overflow_return_null)
{
    char memory[1024] __attribute__((aligned(64)));

    ck_assert_ptr_null(sxe_pool_new("overflow", 0xFFFFFFFEU, 0xFFFFFFFFU, 2, 0));
    ck_assert_ptr_null(sxe_pool_new_shared("overflow", 0xFFFFFFFEU, 0xFFFFFFFFU, 2, 0));
    ck_assert_ptr_null(sxe_pool_construct(memory, "overflow", 0xFFFFFFFEU, 0xFFFFFFFFU, 2, 0));
    ck_assert_ptr_null(sxe_pool_new_with_timeouts("overflow", 0xFFFFFFFEU, 0xFFFFFFFFU, 2, NULL,
                                                  (SXE_POOL_EVENT_TIMEOUT)abort, NULL, 0));
}
END_TEST

START_TEST(test_allocation_failure_returns_null)
{
    /* 2^31 elements of 1 MiB: 2^51 bytes, more than any address space here */
    ck_assert_ptr_null(sxe_pool_new("enormous", 1U << 31, 1U << 20, 2, 0));
    ck_assert_ptr_null(sxe_pool_new_shared("enormous", 1U << 31, 1U << 20, 2, 0));
}
END_TEST

START_TEST(test_misaligned_construct_memory_asserts)
{
    static char memory[8192] __attribute__((aligned(64)));

    sxe_pool_construct(memory + 8, "misaligned", 4, 8, 2, 0);
}
END_TEST

START_TEST(test_attach_to_memory_without_a_pool_asserts)
{
    static char memory[8192] __attribute__((aligned(64)));

    sxe_pool_attach(memory);
}
END_TEST

START_TEST(test_attach_to_a_private_pool_asserts)
{
    void *pool = small_pool(0);

    sxe_pool_attach((char *)pool - 512);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("sxe-pool-misuse");
    TCase *tc = tcase_create("misuse");

    tcase_set_timeout(tc, 30);
    tcase_add_test_raise_signal(tc, test_state_out_of_range_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_new_state_out_of_range_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_oldest_of_bad_state_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_index_out_of_range_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_move_of_bad_index_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_touch_of_bad_index_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_zero_element_pool_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_no_index_element_count_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_zero_states_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_null_name_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_unknown_option_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_time_query_on_untimed_pool_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_time_by_index_on_untimed_pool_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_count_query_on_timed_pool_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_null_array_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_pointer_that_is_not_a_pool_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_deleted_pool_asserts_when_used_again, SIGABRT);
    tcase_add_test_raise_signal(tc, test_name_too_long_asserts_and_longest_name_works, SIGABRT);
    tcase_add_test(tc, test_sizes_that_overflow_return_null);
    tcase_add_test(tc, test_allocation_failure_returns_null);
    tcase_add_test_raise_signal(tc, test_misaligned_construct_memory_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_attach_to_memory_without_a_pool_asserts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_attach_to_a_private_pool_asserts, SIGABRT);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
