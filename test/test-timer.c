/* test-timer.c: the timer example (examples/timer) ticks exactly the number of times asked, then its deferred call
 * runs after the last tick's callback has returned, and it exits 0 on its own; it says what is wrong with a bad
 * command line (exit 2).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sxe-itest.h"
#include "sxe-check.h"

#define LAST_TICK "last tick: the finish is deferred and runs once this callback has returned\n"

static char output[65536]; /* more than the output of 1,000 ticks */

/* Run the timer binary with `arguments`; expect exit `status` and `text` in what it printed on stdout (and on stderr
 * when with_stderr).
 */
static void expect_timer(const char *arguments, bool with_stderr, int status, const char *text)
{
    sxe_itest_expect_program("timer", arguments, with_stderr, status, text, output, sizeof(output));
}

START_TEST(test_the_timer_ticks_n_times_then_the_deferred_call_ends_it_with_exit_0)
{
    expect_timer("-n 3 -t 0.01", true, 0, "tick 1 of 3\n");
    ck_assert_str_eq(output, "tick 1 of 3\ntick 2 of 3\ntick 3 of 3\n" LAST_TICK "deferred call: done, ticks: 3\n");
}
END_TEST

START_TEST(test_one_tick_is_enough_to_defer_the_end)
{
    expect_timer("-n 1 -t 0.001", true, 0, "tick 1 of 1\n");
    ck_assert_str_eq(output, "tick 1 of 1\n" LAST_TICK "deferred call: done, ticks: 1\n");
}
END_TEST

START_TEST(test_a_thousand_ticks_are_each_counted_once)
{
    expect_timer("-n 1000 -t 0.001", true, 0, "tick 1000 of 1000\n" LAST_TICK "deferred call: done, ticks: 1000\n");
    ck_assert(strstr(output, "tick 1001") == NULL);

    for (unsigned i = 1; i <= 1000; i++) { /* each tick once, in order */
        char tick[32];
        const char *at;

        snprintf(tick, sizeof(tick), "tick %u of 1000\n", i);
        ck_assert_msg((at = strstr(output, tick)) != NULL && strstr(at + 1, tick) == NULL, "%s: not once", tick);
    }
}
END_TEST

START_TEST(test_bad_numbers_options_and_arguments_exit_2)
{
    expect_timer("-n 0", true, 2, "timer: '0' is not a whole number from 1 to 100000");
    expect_timer("-n 2.5", true, 2, "timer: '2.5' is not a whole number");
    expect_timer("-t 0", true, 2, "timer: '0' is not a number from 0.001 to 86400");
    expect_timer("-t 1s", true, 2, "timer: '1s' is not a number");
    expect_timer("-x", true, 2, "usage: timer ");
    expect_timer("-n 1 extra", true, 2, "usage: timer ");
}
END_TEST

START_TEST(test_help_and_version_go_to_stdout_and_exit_0)
{
    expect_timer("-h", false, 0, "usage: timer [-n TICKS]");
    expect_timer("--help", false, 0, "usage: timer [-n TICKS]");
    expect_timer("--version", false, 0, "sxe-timer (libsxe) ");
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("timer");
    TCase *tc = tcase_create("timer");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_the_timer_ticks_n_times_then_the_deferred_call_ends_it_with_exit_0);
    tcase_add_test(tc, test_one_tick_is_enough_to_defer_the_end);
    tcase_add_test(tc, test_a_thousand_ticks_are_each_counted_once);
    tcase_add_test(tc, test_bad_numbers_options_and_arguments_exit_2);
    tcase_add_test(tc, test_help_and_version_go_to_stdout_and_exit_0);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
