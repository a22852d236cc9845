/* test-sxe-log-format.c: the exact line format of log-format.md: prefix fields, ids, markers, escaping, cutting,
 * and the sinks (custom, stderr, syslog).
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "../../test/sxe-check.h"
#include "sxe-log-test.h"

static void setup(void)
{
    sxe_log_set_level(SXE_LOG_LEVEL_DEFAULT);
    sxe_log_clear_component_levels();
    sxe_log_clear_thread_id();
    test_capture_start();
}

static void teardown(void)
{
    test_capture_stop();
}

START_TEST(test_prefix_has_utc_date_time_and_process_id)
{
    char expected[32];
    time_t before = time(NULL);
    time_t after;
    struct tm tm;
    const char *line;
    int found = 0;

    SXEL1("hello");
    after = time(NULL);
    ck_assert_uint_eq(test_capture_count(), 1);
    line = test_capture_line(0);
    ck_assert(test_line_prefix_is_valid(line));

    for (time_t t = before; t <= after; t++) { /* The line's second is one of these */
        gmtime_r(&t, &tm);
        strftime(expected, sizeof(expected), "%Y%m%d %H%M%S.", &tm);
        found |= strncmp(line, expected, 16) == 0;
    }

    ck_assert_msg(found, "date '%.19s' is not UTC now", line);
    snprintf(expected, sizeof(expected), " P%08x ", (unsigned)getpid());
    ck_assert_int_eq(strncmp(line + 19, expected, 11), 0);
    ck_assert_str_eq(test_capture_tail(0), "------ 1 - hello");
    ck_assert_uint_eq(test_capture_level(0), 1);
}
END_TEST

START_TEST(test_id_is_right_aligned_in_six_columns)
{
    sxe_log_line(2, 0, "zero");
    sxe_log_line(2, 184, "small");
    sxe_log_line(2, 999999, "six digits");
    sxe_log_line(2, 1234567, "seven digits");
    sxe_log_line(2, SXE_LOG_NO_ID, "none");
    ck_assert_str_eq(test_capture_tail(0), "     0 2 - zero");
    ck_assert_str_eq(test_capture_tail(1), "   184 2 - small");
    ck_assert_str_eq(test_capture_tail(2), "999999 2 - six digits");
    ck_assert_str_eq(test_capture_tail(3), "1234567 2 - seven digits");
    ck_assert_str_eq(test_capture_tail(4), "------ 2 - none");
}
END_TEST

START_TEST(test_thread_id_is_used_when_no_id_is_given)
{
    sxe_log_set_thread_id(42);
    SXEL3("with thread id");
    sxe_log_line(3, 7, "explicit id wins");
    sxe_log_clear_thread_id();
    SXEL3("cleared");
    ck_assert_str_eq(test_capture_tail(0), "    42 3 - with thread id");
    ck_assert_str_eq(test_capture_tail(1), "     7 3 - explicit id wins");
    ck_assert_str_eq(test_capture_tail(2), "------ 3 - cleared");
}
END_TEST

START_TEST(test_entries_and_returns_are_marked_and_indent_the_lines_between_them)
{
    SXEE1("outer(%d)", 1);
    SXEL1("in outer");
    SXEE2("inner()");
    SXEL2("in inner");
    SXER2("return %s", "inner");
    SXER1("return");
    SXEL1("after");
    ck_assert_uint_eq(test_capture_count(), 7);
    ck_assert_str_eq(test_capture_tail(0), "------ 1 + outer(1)");
    ck_assert_str_eq(test_capture_tail(1), "------ 1   - in outer");
    ck_assert_str_eq(test_capture_tail(2), "------ 2   + inner()");
    ck_assert_str_eq(test_capture_tail(3), "------ 2     - in inner");
    ck_assert_str_eq(test_capture_tail(4), "------ 2   < return inner");
    ck_assert_str_eq(test_capture_tail(5), "------ 1 < return");
    ck_assert_str_eq(test_capture_tail(6), "------ 1 - after");
    ck_assert_uint_eq(sxe_log_get_indent(), 0);
}
END_TEST

START_TEST(test_indentation_is_capped)
{
    char expected[SXE_LOG_LINE_MAX];
    unsigned i;

    for (i = 0; i < SXE_LOG_INDENT_MAX + 5; i++)
        SXEE1("deep");

    SXEL1("bottom");
    snprintf(expected, sizeof(expected), "------ 1 %*s- bottom", 2 * SXE_LOG_INDENT_MAX, "");
    ck_assert_str_eq(test_capture_tail(SXE_LOG_INDENT_MAX + 5), expected);
    ck_assert_uint_eq(sxe_log_get_indent(), SXE_LOG_INDENT_MAX + 5);

    for (i = 0; i < SXE_LOG_INDENT_MAX + 5; i++)
        SXER1("up");

    ck_assert_uint_eq(sxe_log_get_indent(), 0);
    SXER1("unmatched return stays at zero");
    ck_assert_uint_eq(sxe_log_get_indent(), 0);
    ck_assert_str_eq(test_capture_tail(test_capture_count() - 1), "------ 1 < unmatched return stays at zero");
}
END_TEST

START_TEST(test_unprintable_bytes_are_escaped)
{
    SXEL1("a\nb\rc\\d\te\x01"
          "f\x7f"
          "g\xff"
          "h");
    ck_assert_str_eq(test_capture_tail(0), "------ 1 - a\\nb\\rc\\\\d\\x09e\\x01f\\x7fg\\xffh");
}
END_TEST

START_TEST(test_long_line_is_cut_visibly)
{
    char text[3 * SXE_LOG_LINE_MAX];
    const char *line;
    size_t length;

    memset(text, 'x', sizeof(text) - 1);
    text[sizeof(text) - 1] = '\0';
    SXEL1("%s", text);
    line = test_capture_line(0);
    length = strlen(line);
    ck_assert_uint_eq(length, SXE_LOG_LINE_MAX - 1); /* + newline = SXE_LOG_LINE_MAX */
    ck_assert_str_eq(line + length - 4, "x...");
    ck_assert_int_eq(strncmp(test_capture_tail(0), "------ 1 - xxxx", 15), 0);
}
END_TEST

START_TEST(test_line_that_just_fits_is_not_cut)
{
    /* Prefix (30) + "------ 1 - " (11) + text + newline == SXE_LOG_LINE_MAX */
    char text[SXE_LOG_LINE_MAX];
    size_t fits = SXE_LOG_LINE_MAX - 30 - 11 - 1;

    memset(text, 'y', fits);
    text[fits] = '\0';
    SXEL1("%s", text);
    text[fits] = 'z';
    text[fits + 1] = '\0';
    SXEL1("%s", text);
    ck_assert_uint_eq(strlen(test_capture_line(0)), SXE_LOG_LINE_MAX - 1);
    ck_assert_int_eq(strncmp(test_capture_tail(0), "------ 1 - yyyy", 15), 0);
    ck_assert_int_eq(test_capture_line(0)[SXE_LOG_LINE_MAX - 2], 'y');
    ck_assert_uint_eq(strlen(test_capture_line(1)), SXE_LOG_LINE_MAX - 1);
    ck_assert_str_eq(test_capture_line(1) + SXE_LOG_LINE_MAX - 5, "y...");
}
END_TEST

START_TEST(test_cut_never_splits_an_escape)
{
    char text[SXE_LOG_LINE_MAX];
    const char *line;
    size_t length;

    memset(text, '\n', sizeof(text) - 1); /* Each byte escapes to two characters */
    text[sizeof(text) - 1] = '\0';
    SXEL1("%s", text);
    line = test_capture_line(0);
    length = strlen(line);
    ck_assert_str_eq(line + length - 3, "...");
    ck_assert_int_eq(line[length - 4], 'n');
    ck_assert_int_eq(line[length - 5], '\\');
    ck_assert_uint_le(length, SXE_LOG_LINE_MAX - 1);
    ck_assert_uint_ge(length, SXE_LOG_LINE_MAX - 2);
}
END_TEST

START_TEST(test_line_function_formats_its_arguments)
{
    sxe_log_line(4, SXE_LOG_NO_ID, "%s=%d", "x", 3);
    ck_assert_str_eq(test_capture_tail(0), "------ 4 - x=3");
}
END_TEST

static void log_with_va_list(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    sxe_log_vline(2, 9, format, args);
    va_end(args);
}

START_TEST(test_vline_logs_the_arguments_of_a_va_list)
{
    log_with_va_list("%u apples and %s", 3U, "pears");
    ck_assert_str_eq(test_capture_tail(0), "     9 2 - 3 apples and pears");
}
END_TEST

static unsigned recursive_sink_calls;

static void recursive_sink(unsigned level, const char *line, unsigned len, void *user)
{
    SXE_UNUSED_ARGUMENT(level);
    SXE_UNUSED_ARGUMENT(line);
    SXE_UNUSED_ARGUMENT(len);
    SXE_UNUSED_ARGUMENT(user);
    recursive_sink_calls++;
    SXEL1("logged from inside the sink"); /* Must be dropped, not recurse or deadlock */
}

START_TEST(test_line_logged_by_the_sink_is_dropped)
{
    sxe_log_set_sink(recursive_sink, NULL);
    SXEL1("one");
    SXEL1("two");
    ck_assert_uint_eq(recursive_sink_calls, 2);
}
END_TEST

/* Redirects stderr to a temporary file, runs the log calls, and returns what was written (static buffer). */
static const char *stderr_output_of(void (*log_calls)(void))
{
    static char output[4 * SXE_LOG_LINE_MAX];
    char path[] = "/tmp/test-sxe-log-XXXXXX";
    int file = mkstemp(path);
    int saved = dup(STDERR_FILENO);
    ssize_t length;

    ck_assert_int_ge(file, 0);
    unlink(path);
    ck_assert_int_ge(dup2(file, STDERR_FILENO), 0);
    log_calls();
    ck_assert_int_ge(dup2(saved, STDERR_FILENO), 0);
    close(saved);
    length = pread(file, output, sizeof(output) - 1, 0);
    close(file);
    ck_assert_int_ge(length, 0);
    output[length] = '\0';
    return output;
}

static void log_two_lines(void)
{
    SXEL1("to stderr");
    SXEL2("again");
}

START_TEST(test_null_sink_restores_stderr)
{
    const char *output;

    test_capture_stop();
    output = stderr_output_of(log_two_lines);
    ck_assert_uint_eq(strlen(output), 30 + 21 + 30 + 17);
    ck_assert(test_line_prefix_is_valid(output));
    ck_assert_int_eq(strncmp(output + 30, "------ 1 - to stderr\n", 21), 0);
    ck_assert(test_line_prefix_is_valid(output + 51));
    ck_assert_str_eq(output + 51 + 30, "------ 2 - again\n");
    ck_assert_uint_eq(test_capture_count(), 0);
}
END_TEST

START_TEST(test_log_levels_map_to_syslog_priorities)
{
    ck_assert_int_eq(sxe_log_level_to_syslog_priority(1), LOG_CRIT);
    ck_assert_int_eq(sxe_log_level_to_syslog_priority(2), LOG_ERR);
    ck_assert_int_eq(sxe_log_level_to_syslog_priority(3), LOG_WARNING);
    ck_assert_int_eq(sxe_log_level_to_syslog_priority(4), LOG_INFO);
    ck_assert_int_eq(sxe_log_level_to_syslog_priority(5), LOG_DEBUG);
    ck_assert_int_eq(sxe_log_level_to_syslog_priority(7), LOG_DEBUG);
}
END_TEST

static void log_through_syslog(void)
{
    sxe_log_use_syslog("test-sxe-log", LOG_PID | LOG_NDELAY, LOG_USER);
    SXEL1("to syslog, not to stderr");
    sxe_log_use_syslog(NULL, LOG_PID, LOG_USER); /* Reopening is allowed; NULL ident means "sxe" */
    SXEL2("to syslog again");
    sxe_log_set_sink(NULL, NULL);
    SXEL3("back on stderr");
}

START_TEST(test_syslog_sink_takes_lines_off_stderr)
{
    const char *output;

    test_capture_stop();
    output = stderr_output_of(log_through_syslog);
    ck_assert(test_line_prefix_is_valid(output));
    ck_assert_str_eq(output + 30, "------ 3 - back on stderr\n");
}
END_TEST

START_TEST(test_return_codes_convert_to_their_names)
{
    ck_assert_str_eq(sxe_return_to_string(SXE_RETURN_OK), "OK");
    ck_assert_str_eq(sxe_return_to_string(SXE_RETURN_WARN_WOULD_BLOCK), "WARN_WOULD_BLOCK");
    ck_assert_str_eq(sxe_return_to_string(SXE_RETURN_ERROR_NOT_SUPPORTED), "ERROR_NOT_SUPPORTED");
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("sxe-log-format");
    TCase *tc = tcase_create("format");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_prefix_has_utc_date_time_and_process_id);
    tcase_add_test(tc, test_id_is_right_aligned_in_six_columns);
    tcase_add_test(tc, test_thread_id_is_used_when_no_id_is_given);
    tcase_add_test(tc, test_entries_and_returns_are_marked_and_indent_the_lines_between_them);
    tcase_add_test(tc, test_indentation_is_capped);
    tcase_add_test(tc, test_unprintable_bytes_are_escaped);
    tcase_add_test(tc, test_long_line_is_cut_visibly);
    tcase_add_test(tc, test_line_that_just_fits_is_not_cut);
    tcase_add_test(tc, test_cut_never_splits_an_escape);
    tcase_add_test(tc, test_line_function_formats_its_arguments);
    tcase_add_test(tc, test_vline_logs_the_arguments_of_a_va_list);
    tcase_add_test(tc, test_line_logged_by_the_sink_is_dropped);
    tcase_add_test(tc, test_null_sink_restores_stderr);
    tcase_add_test(tc, test_log_levels_map_to_syslog_priorities);
    tcase_add_test(tc, test_syslog_sink_takes_lines_off_stderr);
    tcase_add_test(tc, test_return_codes_convert_to_their_names);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
