/* test-sxe-log-macros.c: every macro family (SXEL, SXEE, SXER, SXEA, SXEV, SXED) in its modern, classic (argument
 * count digit, levels 8 and 9) and I-suffix spellings; asserts and verifies.
 */
#include <check.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../test/sxe-check.h"
#include "sxe-log-test.h"

struct thing {
    unsigned id;
};

#define CAT2(a, b)       a##b
#define CAT3(a, b, c)    a##b##c
#define CAT4(a, b, c, d) a##b##c##d

/* Every spelling of one family at one level: modern, modern I, classic 0..9, classic 0..9 with I. */
#define EACH_FORM(family, level, args)                                                                                 \
    CAT2(family, level) args;                                                                                          \
    CAT3(family, level, I) args;                                                                                       \
    CAT3(family, level, 0) args;                                                                                       \
    CAT3(family, level, 1) args;                                                                                       \
    CAT3(family, level, 2) args;                                                                                       \
    CAT3(family, level, 3) args;                                                                                       \
    CAT3(family, level, 4) args;                                                                                       \
    CAT3(family, level, 5) args;                                                                                       \
    CAT3(family, level, 6) args;                                                                                       \
    CAT3(family, level, 7) args;                                                                                       \
    CAT3(family, level, 8) args;                                                                                       \
    CAT3(family, level, 9) args;                                                                                       \
    CAT4(family, level, 0, I) args;                                                                                    \
    CAT4(family, level, 1, I) args;                                                                                    \
    CAT4(family, level, 2, I) args;                                                                                    \
    CAT4(family, level, 3, I) args;                                                                                    \
    CAT4(family, level, 4, I) args;                                                                                    \
    CAT4(family, level, 5, I) args;                                                                                    \
    CAT4(family, level, 6, I) args;                                                                                    \
    CAT4(family, level, 7, I) args;                                                                                    \
    CAT4(family, level, 8, I) args;                                                                                    \
    CAT4(family, level, 9, I) args;

#define EACH_LEVEL(family, args)                                                                                       \
    EACH_FORM(family, 1, args)                                                                                         \
    EACH_FORM(family, 2, args)                                                                                         \
    EACH_FORM(family, 3, args)                                                                                         \
    EACH_FORM(family, 4, args) EACH_FORM(family, 5, args) EACH_FORM(family, 6, args) EACH_FORM(family, 7, args)        \
        EACH_FORM(family, 8, args) EACH_FORM(family, 9, args)

#define FORMS_PER_LEVEL    22
#define LEVELS_COMPILED_IN (SXE_LOG_DEBUG_BUILD ? 9 : 5) /* 1..5 always; 6..9 (8, 9 mean 6, 7) in debug */

static void setup(void)
{
    sxe_log_set_level(SXE_LOG_LEVEL_DUMP);
    sxe_log_clear_thread_id();
    test_capture_start();
}

static void teardown(void)
{
    test_capture_stop();
}

/* Counts captured lines whose tail (after the masked prefix) starts with `start`. */
static unsigned count_lines_starting(const char *start)
{
    unsigned count = 0;

    for (unsigned i = 0; i < test_capture_count(); i++)
        count += strncmp(test_capture_tail(i), start, strlen(start)) == 0;

    return count;
}

START_TEST(test_modern_and_classic_line_spellings_log_the_same_format)
{
    struct thing object = {77};
    struct thing *this = &object;
    int x = 5;

    SXEL1("plain");
    SXEL11("one arg %d", x);
    SXEL13("%d %d %d", 1, 2, 3);
    SXEL2I("with id");
    SXEL21I("with id %d", x);
    SXEL50("classic zero args");
    ck_assert_uint_eq(test_capture_count(), 6);
    ck_assert_str_eq(test_capture_tail(0), "------ 1 - plain");
    ck_assert_str_eq(test_capture_tail(1), "------ 1 - one arg 5");
    ck_assert_str_eq(test_capture_tail(2), "------ 1 - 1 2 3");
    ck_assert_str_eq(test_capture_tail(3), "    77 2 - with id");
    ck_assert_str_eq(test_capture_tail(4), "    77 2 - with id 5");
    ck_assert_str_eq(test_capture_tail(5), "------ 5 - classic zero args");
}
END_TEST

START_TEST(test_every_line_spelling_compiles_and_logs)
{
    struct thing object = {77};
    struct thing *this = &object;

    EACH_LEVEL(SXEL, ("line"))
    ck_assert_uint_eq(test_capture_count(), LEVELS_COMPILED_IN * FORMS_PER_LEVEL);
    ck_assert_uint_eq(count_lines_starting("    77 "), LEVELS_COMPILED_IN * FORMS_PER_LEVEL / 2);
    ck_assert_uint_eq(count_lines_starting("------ "), LEVELS_COMPILED_IN * FORMS_PER_LEVEL / 2);
    ck_assert_uint_eq(count_lines_starting("------ 5 - line"), FORMS_PER_LEVEL / 2);
#if SXE_DEBUG
    ck_assert_uint_eq(count_lines_starting("------ 6 - line"), FORMS_PER_LEVEL); /* SXEL6* and SXEL8* */
    ck_assert_uint_eq(count_lines_starting("    77 7 - line"), FORMS_PER_LEVEL); /* SXEL7*I and SXEL9*I */
#else
    ck_assert_uint_eq(count_lines_starting("------ 6 "), 0);
#endif
}
END_TEST

START_TEST(test_every_entry_and_return_spelling_pairs_up)
{
    struct thing object = {77};
    struct thing *this = &object;

    EACH_LEVEL(SXEE, ("entry"))
    ck_assert_uint_eq(sxe_log_get_indent(), LEVELS_COMPILED_IN * FORMS_PER_LEVEL);
    EACH_LEVEL(SXER, ("return"))
    ck_assert_uint_eq(sxe_log_get_indent(), 0);
    ck_assert_uint_eq(test_capture_count(), 2 * LEVELS_COMPILED_IN * FORMS_PER_LEVEL);
    ck_assert_str_eq(test_capture_tail(0), "------ 1 + entry");
    ck_assert_str_eq(test_capture_tail(1), "    77 1   + entry");
    ck_assert_str_eq(test_capture_tail(test_capture_count() - 1),
                     SXE_LOG_DEBUG_BUILD ? "    77 7 < return" : "    77 5 < return");
    ck_assert_uint_eq(count_lines_starting("    77 "), LEVELS_COMPILED_IN * FORMS_PER_LEVEL);
}
END_TEST

START_TEST(test_every_dump_spelling_dumps)
{
    struct thing object = {77};
    struct thing *this = &object;

    EACH_LEVEL(SXED, ("ab", 2))
    ck_assert_uint_eq(test_capture_count(), LEVELS_COMPILED_IN * FORMS_PER_LEVEL);
    ck_assert_uint_eq(count_lines_starting("    77 "), LEVELS_COMPILED_IN * FORMS_PER_LEVEL / 2);
}
END_TEST

START_TEST(test_every_assert_and_verify_spelling_passes_when_true)
{
    struct thing object = {77};
    struct thing *this = &object;
    unsigned evaluated = 0;

    EACH_LEVEL(SXEA, (this->id == 77, "never shown %u", this->id))
    EACH_LEVEL(SXEV, (evaluated++, < 1000, "never shown"))
    ck_assert_uint_eq(test_capture_count(), 0);
    ck_assert_uint_eq(evaluated, 9 * FORMS_PER_LEVEL); /* verify evaluates its expression in every build */
}
END_TEST

START_TEST(test_i_suffix_with_null_this_prints_no_id_or_thread_id)
{
    struct thing *this = NULL;

    SXEL1I("null this");
    sxe_log_set_thread_id(12);
    SXEL1I("null this, thread id");
    ck_assert_str_eq(test_capture_tail(0), "------ 1 - null this");
    ck_assert_str_eq(test_capture_tail(1), "    12 1 - null this, thread id");
}
END_TEST

START_TEST(test_trace_arguments_are_not_evaluated_in_release)
{
    unsigned counter = 0;

    SXEL6("counter %u", counter++);
    SXEL71("counter %u", counter++);
    SXEL81("counter %u", counter++);
    SXEE6("counter %u", counter++);
    SXER6("counter %u", counter++);
    SXEA6(counter++ < 100, "counter");
    SXED7((counter++, "x"), 1);
    ck_assert_uint_eq(counter, SXE_LOG_DEBUG_BUILD ? 7 : 0);
    ck_assert_uint_eq(test_capture_count(), SXE_LOG_DEBUG_BUILD ? 6 : 0);
}
END_TEST

START_TEST(test_variables_used_only_in_trace_lines_compile_cleanly)
{
    int only_traced = 3; /* -Werror would fail the build if release builds "lost" this use */

    SXEL61("only traced %d", only_traced);
    SXEL5("done");
    ck_assert_str_eq(test_capture_tail(test_capture_count() - 1), "------ 5 - done");
}
END_TEST

START_TEST(test_macros_are_single_statements)
{
    int x = 1;

    if (x == 1)
        SXEL1("then");
    else
        SXEL1("else");

    if (x == 2)
        SXEL61("then %d", x);
    else
        SXEA1(x == 1, "x");

    ck_assert_uint_eq(test_capture_count(), 1);
    ck_assert_str_eq(test_capture_tail(0), "------ 1 - then");
}
END_TEST

/* Asserts */
static jmp_buf assert_jump;
static char assert_condition[128];
static unsigned assert_line;

static void assert_hook(const char *condition, const char *file, unsigned line)
{
    ck_assert_str_eq(file, __FILE__);
    snprintf(assert_condition, sizeof(assert_condition), "%s", condition);
    assert_line = line;
    longjmp(assert_jump, 1);
}

START_TEST(test_failed_assert_logs_condition_file_line_and_message)
{
    char expected[256];
    struct thing object = {31};
    struct thing *this = &object;
    volatile int line;

    sxe_log_set_level(0); /* Asserts are logged whatever the level */
    sxe_log_set_assert_hook(assert_hook);

    if (setjmp(assert_jump) == 0) {
        line = __LINE__ + 1; /* The macro is on the next line */
        SXEA11I(this->id == 2, "id is %u", this->id);
        ck_abort_msg("assert did not fire");
    }

    sxe_log_set_assert_hook(NULL);
    ck_assert_str_eq(assert_condition, "this->id == 2");
    ck_assert_uint_eq(assert_line, line);
    ck_assert_uint_eq(test_capture_count(), 1);
    ck_assert_uint_eq(test_capture_level(0), 1);
    snprintf(expected, sizeof(expected), "    31 1 - ASSERT FAILED: this->id == 2 at %s:%d: id is 31", __FILE__, line);
    ck_assert_str_eq(test_capture_tail(0), expected);
}
END_TEST

START_TEST(test_failed_verify_logs_expression_and_condition)
{
    char expected[256];
    volatile int line;

    sxe_log_set_assert_hook(assert_hook);

    if (setjmp(assert_jump) == 0) {
        line = __LINE__ + 1; /* The macro is on the next line */
        SXEV1(strlen("abc"), == 4, "length");
        ck_abort_msg("verify did not fire");
    }

    sxe_log_set_assert_hook(NULL);
    snprintf(expected, sizeof(expected), "------ 1 - ASSERT FAILED: strlen(\"abc\") == 4 at %s:%d: length", __FILE__,
             line);
    ck_assert_str_eq(test_capture_tail(0), expected);
}
END_TEST

START_TEST(test_failed_assert_aborts)
{
    SXEA10(1 + 1 == 3, "arithmetic is broken");
}
END_TEST

START_TEST(test_assert_hook_that_returns_still_aborts)
{
    sxe_log_set_assert_hook(NULL);
    sxe_log_assert(SXE_LOG_NO_ID, __FILE__, __LINE__, "called directly", "message %d", 1);
}
END_TEST

static unsigned returning_hook_calls;

static void returning_hook(const char *condition, const char *file, unsigned line)
{
    SXE_UNUSED_ARGUMENT(condition);
    SXE_UNUSED_ARGUMENT(file);
    SXE_UNUSED_ARGUMENT(line);
    returning_hook_calls++;
}

START_TEST(test_returning_assert_hook_is_followed_by_abort)
{
    sxe_log_set_assert_hook(returning_hook);
    SXEV2(returning_hook_calls, == 1, "hook not called yet");
}
END_TEST

START_TEST(test_failed_trace_verify_follows_the_build)
{
    unsigned evaluated = 0;

    SXEV6(++evaluated, == 0, "aborts in debug builds only");
    ck_assert_uint_eq(evaluated, 1); /* Reached only in release builds; debug builds abort above */
    ck_assert(!SXE_LOG_DEBUG_BUILD);
}
END_TEST

START_TEST(test_failed_trace_assert_follows_the_build)
{
    SXEA6(0, "aborts in debug builds only");
    ck_assert(!SXE_LOG_DEBUG_BUILD);
}
END_TEST

/* As lib-sxe's sxe.h does: replace how the I-suffix macros find the id of `this` */
struct connection {
    unsigned index;
};

static unsigned connection_id(const struct connection *connection)
{
    return connection->index * 10;
}

#undef SXE_LOG_THIS_ID
#define SXE_LOG_THIS_ID(this) ((this) != NULL ? connection_id(this) : SXE_LOG_NO_ID)

START_TEST(test_this_id_can_be_redefined)
{
    struct connection connection = {4};
    struct connection *this = &connection;

    SXEL10I("redefined");
    this = NULL;
    SXEE10I("null");
    SXER10I("null");
    ck_assert_str_eq(test_capture_tail(0), "    40 1 - redefined");
    ck_assert_str_eq(test_capture_tail(1), "------ 1 + null");
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("sxe-log-macros");
    TCase *tc = tcase_create("macros");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_modern_and_classic_line_spellings_log_the_same_format);
    tcase_add_test(tc, test_every_line_spelling_compiles_and_logs);
    tcase_add_test(tc, test_every_entry_and_return_spelling_pairs_up);
    tcase_add_test(tc, test_every_dump_spelling_dumps);
    tcase_add_test(tc, test_every_assert_and_verify_spelling_passes_when_true);
    tcase_add_test(tc, test_i_suffix_with_null_this_prints_no_id_or_thread_id);
    tcase_add_test(tc, test_trace_arguments_are_not_evaluated_in_release);
    tcase_add_test(tc, test_variables_used_only_in_trace_lines_compile_cleanly);
    tcase_add_test(tc, test_macros_are_single_statements);
    tcase_add_test(tc, test_failed_assert_logs_condition_file_line_and_message);
    tcase_add_test(tc, test_failed_verify_logs_expression_and_condition);
    tcase_add_test_raise_signal(tc, test_failed_assert_aborts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_assert_hook_that_returns_still_aborts, SIGABRT);
    tcase_add_test_raise_signal(tc, test_returning_assert_hook_is_followed_by_abort, SIGABRT);
#if SXE_DEBUG
    tcase_add_test_raise_signal(tc, test_failed_trace_verify_follows_the_build, SIGABRT);
    tcase_add_test_raise_signal(tc, test_failed_trace_assert_follows_the_build, SIGABRT);
#else
    tcase_add_test(tc, test_failed_trace_verify_follows_the_build);
    tcase_add_test(tc, test_failed_trace_assert_follows_the_build);
#endif
    tcase_add_test(tc, test_this_id_can_be_redefined);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
