/* test-sxe-log-levels.c: run-time level rules: the default, the global level, per-component levels, the
 * environment (on first use and re-read), and what compiles out in release builds.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../test/sxe-check.h"
#include "sxe-log-test.h"

static void setup(void)
{
    unsetenv("SXE_LOG_LEVEL");
    unsetenv("SXE_LOG_LEVEL_POOL");
    sxe_log_set_level(SXE_LOG_LEVEL_DEFAULT);
    sxe_log_clear_component_levels();
    test_capture_start();
}

static void teardown(void)
{
    test_capture_stop();
}

/* Runs before anything else in its (forked) process: main() put these in the environment. */
START_TEST(test_environment_is_read_on_first_use)
{
    ck_assert_uint_eq(sxe_log_get_level(), 3);
    ck_assert_uint_eq(sxe_log_get_component_level("pool"), 7);
    ck_assert_uint_eq(sxe_log_get_component_level("app"), 3);
}
END_TEST

START_TEST(test_default_level_prints_one_to_five)
{
    unsigned evaluated = 0;

    ck_assert_uint_eq(sxe_log_get_level(), 5);
    SXEL1("one");
    SXEL2("two");
    SXEL3("three");
    SXEL4("four");
    SXEL5("five");
    SXEL6("six %u", ++evaluated);
    SXEL7("seven %u", ++evaluated);
    ck_assert_uint_eq(test_capture_count(), 5);
    ck_assert_str_eq(test_capture_tail(4), "------ 5 - five");
    ck_assert_uint_eq(evaluated, 0); /* Debug: filtered before evaluation; release: compiled out */
}
END_TEST

START_TEST(test_set_level_filters_and_returns_previous)
{
    ck_assert_uint_eq(sxe_log_set_level(2), 5);
    ck_assert_uint_eq(sxe_log_get_level(), 2);
    SXEL2("shown");
    SXEL3("hidden");
    ck_assert_uint_eq(sxe_log_set_level(0), 2);
    SXEL1("hidden at level 0");
    ck_assert_uint_eq(sxe_log_set_level(99), 0);
    ck_assert_uint_eq(sxe_log_get_level(), SXE_LOG_LEVEL_MAX);
    SXEL5("shown again");
    ck_assert_uint_eq(test_capture_count(), 2);
    ck_assert_str_eq(test_capture_tail(0), "------ 2 - shown");
    ck_assert_str_eq(test_capture_tail(1), "------ 5 - shown again");
}
END_TEST

static void log_at_same_call_site(unsigned times)
{
    for (unsigned i = 0; i < times; i++)
        SXEL4("call site %u", i);
}

START_TEST(test_level_change_refreshes_cached_level_of_a_call_site)
{
    log_at_same_call_site(2);
    sxe_log_set_level(3);
    log_at_same_call_site(2);
    sxe_log_set_level(4);
    log_at_same_call_site(1);
    ck_assert_uint_eq(test_capture_count(), 3);
    ck_assert_str_eq(test_capture_tail(2), "------ 4 - call site 0");
}
END_TEST

START_TEST(test_trace_levels_follow_the_build)
{
    unsigned evaluated = 0;

    sxe_log_set_level(7);
    SXEL6("six %u", ++evaluated);
    SXEE7("seven %u", ++evaluated);
    SXER7("return %u", ++evaluated);
    SXED6("dump", 4);

#if SXE_DEBUG
    ck_assert_uint_eq(evaluated, 3);
    ck_assert_uint_eq(test_capture_count(), 4);
    ck_assert_str_eq(test_capture_tail(0), "------ 6 - six 1");
    ck_assert_str_eq(test_capture_tail(1), "------ 7 + seven 2");
    ck_assert_str_eq(test_capture_tail(2), "------ 7 < return 3");
#else
    ck_assert_uint_eq(evaluated, 0); /* Compiled out: arguments never evaluated, whatever the level */
    ck_assert_uint_eq(test_capture_count(), 0);
#endif
}
END_TEST

START_TEST(test_filtered_entry_does_not_indent)
{
    sxe_log_set_level(4);
    SXEE5("filtered entry");
    SXEL4("not indented");
    SXER5("filtered return");
    SXEE4("visible entry");
    SXEE5("filtered inner");
    SXEL4("indented once");
    SXER5("filtered inner return");
    SXER4("visible return");
    ck_assert_uint_eq(test_capture_count(), 4);
    ck_assert_str_eq(test_capture_tail(0), "------ 4 - not indented");
    ck_assert_str_eq(test_capture_tail(1), "------ 4 + visible entry");
    ck_assert_str_eq(test_capture_tail(2), "------ 4   - indented once");
    ck_assert_str_eq(test_capture_tail(3), "------ 4 < visible return");
}
END_TEST

START_TEST(test_component_level_overrides_global)
{
    sxe_log_set_level(2);
    ck_assert_int_eq(sxe_log_set_component_level("pool", 5), SXE_RETURN_OK);
    ck_assert_uint_eq(sxe_log_get_component_level("POOL"), 5);
    ck_assert_uint_eq(sxe_log_get_component_level("app"), 2);
    test_log_from_pool_component(5, "pool at 5");
    SXEL5("app at 5");
    ck_assert_int_eq(sxe_log_set_component_level("Pool", 1), SXE_RETURN_OK); /* Same component: any case */
    test_log_from_pool_component(2, "pool at 2");
    sxe_log_clear_component_level("pool");
    test_log_from_pool_component(2, "pool follows global again");
    ck_assert_uint_eq(test_capture_count(), 2);
    ck_assert_str_eq(test_capture_tail(0), "------ 5 - pool at 5");
    ck_assert_str_eq(test_capture_tail(1), "------ 2 - pool follows global again");
}
END_TEST

START_TEST(test_component_level_can_silence_a_component)
{
    ck_assert_int_eq(sxe_log_set_component_level("pool", 0), SXE_RETURN_OK);
    test_log_from_pool_component(1, "silenced");
    SXEL1("app still logs");
    ck_assert_uint_eq(test_capture_count(), 1);
    ck_assert_str_eq(test_capture_tail(0), "------ 1 - app still logs");
}
END_TEST

START_TEST(test_component_names_are_checked)
{
    char name[SXE_LOG_COMPONENT_NAME_MAX + 2];

    memset(name, 'n', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    ck_assert_int_eq(sxe_log_set_component_level(NULL, 3), SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(sxe_log_set_component_level("", 3), SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(sxe_log_set_component_level(name, 3), SXE_RETURN_ERROR_BAD_PARAMETER);
    name[SXE_LOG_COMPONENT_NAME_MAX] = '\0';
    ck_assert_int_eq(sxe_log_set_component_level(name, 9), SXE_RETURN_OK);
    ck_assert_uint_eq(sxe_log_get_component_level(name), SXE_LOG_LEVEL_MAX);
    sxe_log_clear_component_level(NULL);
    sxe_log_clear_component_level("never set");
    ck_assert_uint_eq(sxe_log_get_component_level(NULL), 5);
}
END_TEST

START_TEST(test_component_table_is_bounded)
{
    char name[16];
    unsigned i;

    for (i = 0; i < SXE_LOG_COMPONENT_MAX; i++) {
        snprintf(name, sizeof(name), "c%u", i);
        ck_assert_int_eq(sxe_log_set_component_level(name, 1), SXE_RETURN_OK);
    }

    ck_assert_int_eq(sxe_log_set_component_level("one too many", 1), SXE_RETURN_ERROR_BUFFER_FULL);
    ck_assert_int_eq(sxe_log_set_component_level("c0", 2), SXE_RETURN_OK); /* Existing ones still change */
    ck_assert_uint_eq(sxe_log_get_component_level("c0"), 2);
    sxe_log_clear_component_levels();
    ck_assert_uint_eq(sxe_log_get_component_level("c0"), 5);
    ck_assert_int_eq(sxe_log_set_component_level("one too many", 1), SXE_RETURN_OK);
}
END_TEST

START_TEST(test_environment_is_reread_on_request)
{
    setenv("SXE_LOG_LEVEL", "2", 1);
    setenv("SXE_LOG_LEVEL_POOL", "4", 1);
    setenv("SXE_LOG_LEVELS", "not ours", 1);
    ck_assert_uint_eq(sxe_log_get_level(), 5); /* Not re-read until asked */
    sxe_log_read_environment();
    ck_assert_uint_eq(sxe_log_get_level(), 2);
    ck_assert_uint_eq(sxe_log_get_component_level("pool"), 4);
    test_log_from_pool_component(4, "pool at 4");
    SXEL3("app at 3 hidden");
    setenv("SXE_LOG_LEVEL", "12", 1);
    sxe_log_read_environment();
    ck_assert_uint_eq(sxe_log_get_level(), SXE_LOG_LEVEL_MAX);
    unsetenv("SXE_LOG_LEVEL");
    sxe_log_read_environment(); /* What the environment no longer says stays as it was */
    ck_assert_uint_eq(sxe_log_get_level(), SXE_LOG_LEVEL_MAX);
    unsetenv("SXE_LOG_LEVELS");
    ck_assert_uint_eq(test_capture_count(), 1);
    ck_assert_str_eq(test_capture_tail(0), "------ 4 - pool at 4");
}
END_TEST

START_TEST(test_malformed_environment_is_ignored_and_reported)
{
    setenv("SXE_LOG_LEVEL", "abc", 1);
    setenv("SXE_LOG_LEVEL_POOL", "1234", 1);
    setenv("SXE_LOG_LEVEL_", "3", 1);
    sxe_log_read_environment();
    unsetenv("SXE_LOG_LEVEL_");
    ck_assert_uint_eq(sxe_log_get_level(), 5);
    ck_assert_uint_eq(sxe_log_get_component_level("pool"), 5);
    ck_assert_uint_eq(test_capture_count(), 3);

    for (unsigned i = 0; i < 3; i++) {
        static const char expected[] =
            "------ 3 - Ignoring malformed log level setting in the environment: SXE_LOG_LEVEL";

        ck_assert_int_eq(strncmp(test_capture_tail(i), expected, sizeof(expected) - 1), 0);
        ck_assert_uint_eq(test_capture_level(i), 3);
    }

    setenv("SXE_LOG_LEVEL", "", 1);
    sxe_log_set_level(2); /* Reports are warnings: not shown at level 2 */
    sxe_log_read_environment();
    ck_assert_uint_eq(test_capture_count(), 3);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("sxe-log-levels");
    TCase *first = tcase_create("first use");
    TCase *tc = tcase_create("levels");

    setenv("SXE_LOG_LEVEL", "3", 1); /* Seen by the first-use test, which runs before any setup */
    setenv("SXE_LOG_LEVEL_POOL", "7", 1);
    tcase_add_test(first, test_environment_is_read_on_first_use);
    suite_add_tcase(suite, first);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_default_level_prints_one_to_five);
    tcase_add_test(tc, test_set_level_filters_and_returns_previous);
    tcase_add_test(tc, test_level_change_refreshes_cached_level_of_a_call_site);
    tcase_add_test(tc, test_trace_levels_follow_the_build);
    tcase_add_test(tc, test_filtered_entry_does_not_indent);
    tcase_add_test(tc, test_component_level_overrides_global);
    tcase_add_test(tc, test_component_level_can_silence_a_component);
    tcase_add_test(tc, test_component_names_are_checked);
    tcase_add_test(tc, test_component_table_is_bounded);
    tcase_add_test(tc, test_environment_is_reread_on_request);
    tcase_add_test(tc, test_malformed_environment_is_ignored_and_reported);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
