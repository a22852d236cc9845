/* test-sxe-log-api.c: the robust-API table of lib-sxe-log: each public function of sxe-log.h and sxe-util.h called
 * with NULL (or out-of-range input) returns what its header says, logs an error or warning naming itself when it
 * has a pointer it cannot use, and never crashes. The table must cover every function the headers declare.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "sxe-log.h"
#include "sxe-test-api.h"

static const char *volatile null_text; /* NULL, through a variable: the compiler must not see a NULL format */

START_TEST(sxe_return_to_string_of_a_value_outside_the_enum_returns_unknown)
{
    ck_assert_str_eq(sxe_return_to_string(SXE_RETURN_NUMBER_OF_RETURNS), "UNKNOWN_SXE_RETURN");
    ck_assert_str_eq(sxe_return_to_string((SXE_RETURN)-1), "UNKNOWN_SXE_RETURN");
}
END_TEST

START_TEST(sxe_log_set_level_above_the_maximum_clamps_to_7)
{
    sxe_log_set_level(99);
    ck_assert_uint_eq(sxe_log_get_level(), SXE_LOG_LEVEL_MAX);
}
END_TEST

START_TEST(sxe_log_set_component_level_of_null_returns_bad_parameter_and_logs)
{
    sxe_test_api_expect_log("sxe_log_set_component_level");
    ck_assert_int_eq(sxe_log_set_component_level(NULL, 7), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_log_clear_component_level_of_null_logs_and_clears_nothing)
{
    ck_assert_int_eq(sxe_log_set_component_level("kept", 7), SXE_RETURN_OK);
    sxe_test_api_expect_log("sxe_log_clear_component_level");
    sxe_log_clear_component_level(NULL);
    sxe_test_api_check_log();
    ck_assert_uint_eq(sxe_log_get_component_level("kept"), 7);
}
END_TEST

START_TEST(sxe_log_get_component_level_of_null_returns_the_global_level_and_logs)
{
    sxe_log_set_level(4);
    sxe_test_api_expect_log("sxe_log_get_component_level");
    ck_assert_uint_eq(sxe_log_get_component_level(NULL), 4);
    sxe_test_api_check_log();
}
END_TEST

static unsigned sink_lines;

static void counting_sink(unsigned level, const char *line, unsigned len, void *user)
{
    SXE_UNUSED_ARGUMENT(level);
    SXE_UNUSED_ARGUMENT(line);
    SXE_UNUSED_ARGUMENT(len);
    SXE_UNUSED_ARGUMENT(user);
    sink_lines++;
}

START_TEST(sxe_log_set_sink_of_null_restores_stderr)
{
    sxe_log_set_sink(counting_sink, NULL);
    SXEL5("to the counting sink");
    sxe_log_set_sink(NULL, &sink_lines);
    SXEL5("to stderr (a line test-sxe-log-api expects)");
    ck_assert_uint_eq(sink_lines, 1);
}
END_TEST

START_TEST(sxe_log_use_syslog_with_a_null_ident_opens_syslog_as_sxe)
{
    sxe_log_use_syslog(NULL, LOG_USER);
    sxe_log_set_sink(counting_sink, NULL); /* closes the syslog connection again */
    SXEL5("to the counting sink");
    ck_assert_uint_eq(sink_lines, 1);
}
END_TEST

START_TEST(sxe_log_level_to_syslog_priority_of_a_level_above_7_is_debug)
{
    ck_assert_int_eq(sxe_log_level_to_syslog_priority(99), LOG_DEBUG);
    ck_assert_int_eq(sxe_log_level_to_syslog_priority(0), LOG_CRIT);
}
END_TEST

static int hook_pipe[2];

static void writing_hook(const char *condition, const char *file, unsigned line)
{
    SXE_UNUSED_ARGUMENT(condition);
    SXE_UNUSED_ARGUMENT(file);
    SXE_UNUSED_ARGUMENT(line);
    ck_assert_int_eq(write(hook_pipe[1], "h", 1), 1);
}

START_TEST(sxe_log_set_assert_hook_of_null_removes_the_hook_and_asserts_still_abort)
{
    char byte;
    int status;
    pid_t child;

    ck_assert_int_eq(pipe(hook_pipe), 0);

    if ((child = fork()) == 0) {
        sxe_log_set_assert_hook(writing_hook);
        sxe_log_set_assert_hook(NULL);
        sxe_log_set_sink(counting_sink, NULL); /* keeps the expected ASSERT FAILED line out of the test output */
        SXEA1(null_text != NULL, "expected to fail");
        _exit(0);
    }

    close(hook_pipe[1]);
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
    ck_assert_int_eq(read(hook_pipe[0], &byte, 1), 0); /* the removed hook was not called */
    close(hook_pipe[0]);
}
END_TEST

START_TEST(sxe_log_line_with_a_null_format_logs_an_error_naming_it)
{
    sxe_test_api_expect_log("sxe_log_line");
    sxe_log_line(5, SXE_LOG_NO_ID, null_text);
    sxe_test_api_check_log();
}
END_TEST

static void vline(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    sxe_log_vline(5, SXE_LOG_NO_ID, format, args);
    va_end(args);
}

START_TEST(sxe_log_vline_with_a_null_format_logs_an_error_naming_it)
{
    sxe_test_api_expect_log("sxe_log_vline");
    vline(null_text, 1);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_log_entry_with_a_null_format_logs_an_error_naming_it_and_still_indents)
{
    unsigned indent = sxe_log_get_indent();

    sxe_test_api_expect_log("sxe_log_entry");
    sxe_log_entry(5, SXE_LOG_NO_ID, null_text);
    sxe_test_api_check_log();
    ck_assert_uint_eq(sxe_log_get_indent(), indent + 1);
}
END_TEST

START_TEST(sxe_log_return_with_a_null_format_logs_an_error_naming_it_and_still_unindents)
{
    SXEE5("entry");
    sxe_test_api_expect_log("sxe_log_return");
    sxe_log_return(5, SXE_LOG_NO_ID, null_text);
    sxe_test_api_check_log();
    ck_assert_uint_eq(sxe_log_get_indent(), 0);
}
END_TEST

START_TEST(sxe_log_dump_of_null_logs_a_warning_naming_it)
{
    sxe_test_api_expect_log("sxe_log_dump");
    sxe_log_dump(7, SXE_LOG_NO_ID, NULL, 16);
    sxe_test_api_check_log();
}
END_TEST

static jmp_buf assert_jump;
static char assert_line[SXE_LOG_LINE_MAX];

static void jumping_hook(const char *condition, const char *file, unsigned line)
{
    SXE_UNUSED_ARGUMENT(condition);
    SXE_UNUSED_ARGUMENT(file);
    SXE_UNUSED_ARGUMENT(line);
    longjmp(assert_jump, 1);
}

static void keeping_sink(unsigned level, const char *line, unsigned len, void *user)
{
    SXE_UNUSED_ARGUMENT(level);
    SXE_UNUSED_ARGUMENT(user);
    snprintf(assert_line, sizeof(assert_line), "%.*s", (int)len - 1, line);
}

START_TEST(sxe_log_assert_with_null_strings_logs_them_as_null_and_calls_the_hook)
{
    sxe_log_set_sink(keeping_sink, NULL);
    sxe_log_set_assert_hook(jumping_hook);

    if (setjmp(assert_jump) == 0) {
        sxe_log_assert(SXE_LOG_NO_ID, null_text, 7, null_text, null_text);
        ck_abort_msg("sxe_log_assert returned");
    }

    sxe_log_set_assert_hook(NULL);
    sxe_log_set_sink(NULL, NULL);
    ck_assert_ptr_nonnull(strstr(assert_line, "1 - ASSERT FAILED: (NULL condition) at (NULL file):7: "));
}
END_TEST

START_TEST(sxe_log_control_refresh_of_null_returns_the_global_level_and_logs)
{
    sxe_log_set_level(3);
    sxe_test_api_expect_log("sxe_log_control_refresh");
    ck_assert_uint_eq(sxe_log_control_refresh(NULL) & SXE_LOG_CONTROL_LEVEL_MASK, 3);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_strnstr_of_null_returns_null_and_logs)
{
    sxe_test_api_expect_log("sxe_strnstr");
    ck_assert_ptr_null(sxe_strnstr(NULL, "x", 1));
    ck_assert_ptr_null(sxe_strnstr("x", NULL, 1));
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_strncasestr_of_null_returns_null_and_logs)
{
    sxe_test_api_expect_log("sxe_strncasestr");
    ck_assert_ptr_null(sxe_strncasestr(NULL, "x", 1));
    ck_assert_ptr_null(sxe_strncasestr("x", NULL, 1));
    sxe_test_api_check_log();
}
END_TEST

int main(void)
{
    const SXE_TEST_API_CASE cases[] = {
        {"sxe_return_to_string", sxe_return_to_string_of_a_value_outside_the_enum_returns_unknown},
        {"sxe_log_set_level", sxe_log_set_level_above_the_maximum_clamps_to_7},
        {"sxe_log_get_level", NULL},
        {"sxe_log_set_component_level", sxe_log_set_component_level_of_null_returns_bad_parameter_and_logs},
        {"sxe_log_clear_component_level", sxe_log_clear_component_level_of_null_logs_and_clears_nothing},
        {"sxe_log_clear_component_levels", NULL},
        {"sxe_log_get_component_level", sxe_log_get_component_level_of_null_returns_the_global_level_and_logs},
        {"sxe_log_read_environment", NULL},
        {"sxe_log_set_thread_id", NULL},
        {"sxe_log_clear_thread_id", NULL},
        {"sxe_log_get_indent", NULL},
        {"sxe_log_set_sink", sxe_log_set_sink_of_null_restores_stderr},
        {"sxe_log_use_syslog", sxe_log_use_syslog_with_a_null_ident_opens_syslog_as_sxe},
        {"sxe_log_level_to_syslog_priority", sxe_log_level_to_syslog_priority_of_a_level_above_7_is_debug},
        {"sxe_log_set_assert_hook", sxe_log_set_assert_hook_of_null_removes_the_hook_and_asserts_still_abort},
        {"sxe_log_line", sxe_log_line_with_a_null_format_logs_an_error_naming_it},
        {"sxe_log_vline", sxe_log_vline_with_a_null_format_logs_an_error_naming_it},
        {"sxe_log_entry", sxe_log_entry_with_a_null_format_logs_an_error_naming_it_and_still_indents},
        {"sxe_log_return", sxe_log_return_with_a_null_format_logs_an_error_naming_it_and_still_unindents},
        {"sxe_log_dump", sxe_log_dump_of_null_logs_a_warning_naming_it},
        {"sxe_log_assert", sxe_log_assert_with_null_strings_logs_them_as_null_and_calls_the_hook},
        {"sxe_log_control_refresh", sxe_log_control_refresh_of_null_returns_the_global_level_and_logs},
        {"sxe_get_time_in_seconds", NULL},
        {"sxe_version", NULL},
        {"sxe_strnstr", sxe_strnstr_of_null_returns_null_and_logs},
        {"sxe_strncasestr", sxe_strncasestr_of_null_returns_null_and_logs},
    };

    return sxe_test_api_main("lib-sxe-log", cases, SXE_ARRAY_SIZE(cases));
}
