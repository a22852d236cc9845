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

#include "sxe-list.h"
#include "sxe-log.h"
#include "sxe-test-api.h"
#include "sxe-time.h"

static const char *volatile null_text; /* NULL, through a variable: the compiler must not see a NULL format */

START_TEST(sxe_return_to_string_of_a_value_outside_the_enum_returns_unknown)
{
    ck_assert_str_eq(sxe_return_to_string((SXE_RETURN)1), "UNKNOWN_SXE_RETURN");
    ck_assert_str_eq(sxe_return_to_string((SXE_RETURN)-1), "UNKNOWN_SXE_RETURN");
}
END_TEST

START_TEST(sxe_log_set_level_above_the_maximum_clamps_to_7)
{
    sxe_log_set_level((SXE_LOG_LEVEL)99);
    ck_assert_uint_eq(sxe_log_get_level(), SXE_LOG_LEVEL_MAX);
    sxe_log_set_level(SXE_LOG_LEVEL_DEBUG);
    ck_assert_uint_eq(sxe_log_decrease_level((SXE_LOG_LEVEL)99), SXE_LOG_LEVEL_DEBUG); /* changes nothing */
    ck_assert_uint_eq(sxe_log_get_level(), SXE_LOG_LEVEL_DEBUG);
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
    sxe_log_use_syslog(NULL, LOG_PID, LOG_USER);
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

START_TEST(sxe_log_hooks_of_null_restore_the_defaults)
{
    SXE_LOG_LINE_OUT_PTR line_out = sxe_log_hook_line_out(NULL);
    SXE_LOG_BUFFER_PREFIX_PTR prefix = sxe_log_hook_buffer_prefix(NULL);

    ck_assert_ptr_nonnull(line_out);
    ck_assert_ptr_nonnull(prefix);
    ck_assert(sxe_log_hook_line_out(NULL) == line_out);
    ck_assert(sxe_log_hook_buffer_prefix(NULL) == prefix);
    sxe_log_set_options(~0U); /* unknown bits are ignored */
    SXEL5("with every option (a line test-sxe-log-api expects)");
    sxe_log_set_options(0);
}
END_TEST

/* Expects each call of `calls` to log a line naming `function`. */
#define EXPECT_LOGGED(function, calls)                                                                                 \
    do {                                                                                                               \
        sxe_test_api_expect_log(function);                                                                             \
        calls;                                                                                                         \
        sxe_test_api_check_log();                                                                                      \
    } while (0)

START_TEST(sxe_string_helpers_of_null_return_null_or_zero_and_log)
{
    char buffer[8] = "";

    EXPECT_LOGGED("sxe_rstrnstr", ck_assert_ptr_null(sxe_rstrnstr(NULL, "x", 1)));
    EXPECT_LOGGED("sxe_strnchr", ck_assert_ptr_null(sxe_strnchr(NULL, 'x', 1)));
    EXPECT_LOGGED("sxe_strncspn", ck_assert_ptr_null(sxe_strncspn("x", NULL, 1)));
    EXPECT_LOGGED("sxe_strlcpy", ck_assert_uint_eq(sxe_strlcpy(NULL, "abc", 4), 3));
    EXPECT_LOGGED("sxe_strlcpy", ck_assert_uint_eq(sxe_strlcpy(buffer, NULL, sizeof(buffer)), 0));
    EXPECT_LOGGED("sxe_strlcat", ck_assert_uint_eq(sxe_strlcat(NULL, "abc", 4), 3));
    EXPECT_LOGGED("sxe_strn_encode", ck_assert_ptr_null(sxe_strn_encode(buffer, sizeof(buffer), NULL, 1)));
    EXPECT_LOGGED("sxe_strn_rot13_in_place", ck_assert_ptr_null(sxe_strn_rot13_in_place(NULL, 1)));
    EXPECT_LOGGED("sxe_strn_rot13", ck_assert_ptr_null(sxe_strn_rot13(NULL, "x", 1)));
    EXPECT_LOGGED("sxe_rot13_hex_to_unsigned", ck_assert_uint_eq(sxe_rot13_hex_to_unsigned(NULL, 1), ~0U));
    ck_assert_ptr_null(sxe_str_to_printable(NULL)); /* meant for log lines: does not log */
}
END_TEST

START_TEST(sxe_hex_helpers_of_null_return_their_error_and_log)
{
    unsigned char bytes[2];
    char hex[4];

    EXPECT_LOGGED("sxe_hex_to_unsigned", ck_assert_uint_eq(sxe_hex_to_unsigned(NULL, 2), ~0U));
    EXPECT_LOGGED("sxe_hex_to_bytes", ck_assert_int_eq(sxe_hex_to_bytes(NULL, "00", 2), SXE_RETURN_ERROR_INVALID));
    EXPECT_LOGGED("sxe_hex_to_bytes", ck_assert_int_eq(sxe_hex_to_bytes(bytes, NULL, 2), SXE_RETURN_ERROR_INVALID));
    EXPECT_LOGGED("sxe_hex_from_bytes", ck_assert_ptr_null(sxe_hex_from_bytes(hex, NULL, 2)));
    EXPECT_LOGGED("sxe_sha1_from_hex", ck_assert_int_eq(sxe_sha1_from_hex(NULL, "00"), SXE_RETURN_ERROR_INVALID));
}
END_TEST

START_TEST(sxe_file_helpers_of_null_return_their_error_and_log)
{
    SXE_STAT status;

    EXPECT_LOGGED("sxe_mkpath", ck_assert_int_eq(sxe_mkpath(NULL), SXE_RETURN_ERROR_INVALID));
    EXPECT_LOGGED("sxe_mkpath", ck_assert_int_eq(sxe_mkpath(""), SXE_RETURN_ERROR_INVALID));
    EXPECT_LOGGED("sxe_stat", ck_assert_ptr_null(sxe_stat(NULL, "/")));
    EXPECT_LOGGED("sxe_stat", ck_assert_ptr_null(sxe_stat(&status, NULL)));
    ck_assert_int_eq(sxe_stat_get_time_modification(NULL), 0); /* classic: NULL is sxe_stat()'s failure, not logged */
    ck_assert_int_eq(sxe_stat_get_file_size(NULL), 0);
}
END_TEST

START_TEST(sxe_time_to_string_of_null_or_too_short_returns_null_and_logs)
{
    char buffer[4];

    EXPECT_LOGGED("sxe_time_to_string", ck_assert_ptr_null(sxe_time_to_string(0, NULL, 100)));
    EXPECT_LOGGED("sxe_time_to_string", ck_assert_ptr_null(sxe_time_to_string(0, buffer, sizeof(buffer))));
}
END_TEST

START_TEST(sxe_list_functions_of_null_do_nothing_and_log)
{
    SXE_LIST list;
    SXE_LIST_WALKER walker;
    SXE_LIST_NODE node;

    SXE_LIST_CONSTRUCT(&list, 0, SXE_LIST_NODE, next);
    EXPECT_LOGGED("sxe_list_construct_impl", sxe_list_construct_impl(NULL, 0, 0));
    EXPECT_LOGGED("sxe_list_push", sxe_list_push(NULL, &node));
    EXPECT_LOGGED("sxe_list_push", sxe_list_push(&list, NULL));
    EXPECT_LOGGED("sxe_list_unshift", sxe_list_unshift(&list, NULL));
    EXPECT_LOGGED("sxe_list_remove", ck_assert_ptr_null(sxe_list_remove(&list, NULL)));
    EXPECT_LOGGED("sxe_list_remove", ck_assert_ptr_null(sxe_list_remove(&list, &node))); /* not in the list */
    EXPECT_LOGGED("sxe_list_pop", ck_assert_ptr_null(sxe_list_pop(NULL)));
    EXPECT_LOGGED("sxe_list_shift", ck_assert_ptr_null(sxe_list_shift(NULL)));
    EXPECT_LOGGED("sxe_list_peek_head", ck_assert_ptr_null(sxe_list_peek_head(NULL)));
    EXPECT_LOGGED("sxe_list_peek_tail", ck_assert_ptr_null(sxe_list_peek_tail(NULL)));
    EXPECT_LOGGED("sxe_list_walker_construct", sxe_list_walker_construct(&walker, NULL));
    EXPECT_LOGGED("sxe_list_walker_step", ck_assert_ptr_null(sxe_list_walker_step(NULL)));
    EXPECT_LOGGED("sxe_list_walker_find", ck_assert_ptr_null(sxe_list_walker_find(NULL)));
    EXPECT_LOGGED("sxe_list_walker_back", ck_assert_ptr_null(sxe_list_walker_back(NULL)));
    ck_assert_uint_eq(SXE_LIST_GET_LENGTH(&list), 0);
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
        {"sxe_log_decrease_level", NULL},
        {"sxe_log_control_forget_all_levels", NULL},
        {"sxe_log_set_options", NULL},
        {"sxe_log_hook_line_out", sxe_log_hooks_of_null_restore_the_defaults},
        {"sxe_log_hook_buffer_prefix", sxe_log_hooks_of_null_restore_the_defaults},
        {"sxe_rstrnstr", sxe_string_helpers_of_null_return_null_or_zero_and_log},
        {"sxe_strnchr", sxe_string_helpers_of_null_return_null_or_zero_and_log},
        {"sxe_strncspn", sxe_string_helpers_of_null_return_null_or_zero_and_log},
        {"sxe_strlcpy", sxe_string_helpers_of_null_return_null_or_zero_and_log},
        {"sxe_strlcat", sxe_string_helpers_of_null_return_null_or_zero_and_log},
        {"sxe_strn_encode", sxe_string_helpers_of_null_return_null_or_zero_and_log},
        {"sxe_str_to_printable", sxe_string_helpers_of_null_return_null_or_zero_and_log},
        {"sxe_strn_rot13_in_place", sxe_string_helpers_of_null_return_null_or_zero_and_log},
        {"sxe_strn_rot13", sxe_string_helpers_of_null_return_null_or_zero_and_log},
        {"sxe_rot13_hex_to_unsigned", sxe_string_helpers_of_null_return_null_or_zero_and_log},
        {"sxe_hex_to_unsigned", sxe_hex_helpers_of_null_return_their_error_and_log},
        {"sxe_hex_to_bytes", sxe_hex_helpers_of_null_return_their_error_and_log},
        {"sxe_hex_from_bytes", sxe_hex_helpers_of_null_return_their_error_and_log},
        {"sxe_sha1_from_hex", sxe_hex_helpers_of_null_return_their_error_and_log},
        {"sxe_unsigned_log2", NULL},
        {"sxe_unsigned_mask", NULL},
        {"sxe_uint64_log2", NULL},
        {"sxe_uint64_align", NULL},
        {"sxe_mkpath", sxe_file_helpers_of_null_return_their_error_and_log},
        {"sxe_set_file_limit", NULL},
        {"sxe_stat", sxe_file_helpers_of_null_return_their_error_and_log},
        {"sxe_stat_get_time_modification", sxe_file_helpers_of_null_return_their_error_and_log},
        {"sxe_stat_get_file_size", sxe_file_helpers_of_null_return_their_error_and_log},
        {"sxe_time_get", NULL},
        {"sxe_time_to_string", sxe_time_to_string_of_null_or_too_short_returns_null_and_logs},
        {"sxe_list_construct_impl", sxe_list_functions_of_null_do_nothing_and_log},
        {"sxe_list_push", sxe_list_functions_of_null_do_nothing_and_log},
        {"sxe_list_unshift", sxe_list_functions_of_null_do_nothing_and_log},
        {"sxe_list_remove", sxe_list_functions_of_null_do_nothing_and_log},
        {"sxe_list_pop", sxe_list_functions_of_null_do_nothing_and_log},
        {"sxe_list_shift", sxe_list_functions_of_null_do_nothing_and_log},
        {"sxe_list_peek_head", sxe_list_functions_of_null_do_nothing_and_log},
        {"sxe_list_peek_tail", sxe_list_functions_of_null_do_nothing_and_log},
        {"sxe_list_walker_construct", sxe_list_functions_of_null_do_nothing_and_log},
        {"sxe_list_walker_step", sxe_list_functions_of_null_do_nothing_and_log},
        {"sxe_list_walker_find", sxe_list_functions_of_null_do_nothing_and_log},
        {"sxe_list_walker_back", sxe_list_functions_of_null_do_nothing_and_log},
    };

    return sxe_test_api_main("lib-sxe-log", cases, SXE_ARRAY_SIZE(cases));
}
