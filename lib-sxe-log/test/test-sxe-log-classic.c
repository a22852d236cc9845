/* test-sxe-log-classic.c: the classic log API of sxe-log.h: typed levels, decreasing and restoring the level, the line
 * options, the line-out and prefix hooks, the assert callback, syslog with openlog() options, SXEL<l>A6,
 * SXE_IF_LEVEL_GE and the classic environment names.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "../../test/sxe-check.h"
#include "sxe-log-test.h"
#include "sxe-log.h"

START_TEST(test_set_level_of_over_maximum_means_no_level_set_the_default)
{
    SXE_LOG_LEVEL previous;

    unsetenv("SXE_LOG_LEVEL");
    previous = sxe_log_set_level(SXE_LOG_LEVEL_TRACE);
    ck_assert_int_eq(sxe_log_set_level(SXE_LOG_LEVEL_OVER_MAXIMUM), SXE_LOG_LEVEL_TRACE);
    ck_assert_int_eq(sxe_log_get_level(), SXE_LOG_LEVEL_DEFAULT);
    setenv("SXE_LOG_LEVEL", "2", 1);
    sxe_log_set_level(SXE_LOG_LEVEL_OVER_MAXIMUM);
    ck_assert_int_eq(sxe_log_get_level(), SXE_LOG_LEVEL_ERROR); /* the environment's */
    sxe_log_set_level(previous);
}
END_TEST

START_TEST(test_decrease_level_only_lowers_and_returns_the_level_to_restore)
{
    SXE_LOG_LEVEL saved;

    sxe_log_set_level(SXE_LOG_LEVEL_DEBUG);
    saved = sxe_log_decrease_level(SXE_LOG_LEVEL_WARNING);
    ck_assert_int_eq(saved, SXE_LOG_LEVEL_DEBUG);
    ck_assert_int_eq(sxe_log_get_level(), SXE_LOG_LEVEL_WARNING);
    ck_assert_int_eq(sxe_log_decrease_level(SXE_LOG_LEVEL_DUMP), SXE_LOG_LEVEL_WARNING); /* not raised */
    ck_assert_int_eq(sxe_log_get_level(), SXE_LOG_LEVEL_WARNING);
    sxe_log_set_level(saved);
    ck_assert_int_eq(sxe_log_get_level(), SXE_LOG_LEVEL_DEBUG);
}
END_TEST

START_TEST(test_forget_all_levels_makes_every_file_look_its_level_up_again)
{
    unsigned generation = sxe_log_generation;

    sxe_log_control_forget_all_levels();
    ck_assert_uint_ne(sxe_log_generation, generation);
}
END_TEST

START_TEST(test_level_text_and_hex_id_options_change_those_fields)
{
    test_capture_start();
    sxe_log_set_options(SXE_LOG_OPTION_LEVEL_TEXT | SXE_LOG_OPTION_ID_HEX);
    sxe_log_line(SXE_LOG_LEVEL_WARNING, 26, "options");
    sxe_log_line(SXE_LOG_LEVEL_FATAL, SXE_LOG_NO_ID, "no id");
    sxe_log_set_options(0);
    sxe_log_line(SXE_LOG_LEVEL_WARNING, 26, "plain");
    test_capture_stop();
    ck_assert_uint_eq(test_capture_count(), 3);
    ck_assert_str_eq(test_capture_line(0) + 30, "0000001a WAR - options");
    ck_assert_str_eq(test_capture_line(1) + 30, "-------- FAT - no id");
    ck_assert_str_eq(test_capture_tail(2), "    26 3 - plain");
}
END_TEST

static char line_out_line[SXE_LOG_BUFFER_SIZE];
static SXE_LOG_LEVEL line_out_level;
static unsigned line_out_calls;

static void line_out(SXE_LOG_LEVEL level, const char *line)
{
    snprintf(line_out_line, sizeof(line_out_line), "%s", line);
    line_out_level = level;
    line_out_calls++;
}

START_TEST(test_a_line_out_hook_receives_each_finished_line_until_it_is_removed)
{
    SXE_LOG_LINE_OUT_PTR original = sxe_log_hook_line_out(line_out);

    ck_assert_ptr_nonnull(original);
    SXEL3("to the hook");
    ck_assert_uint_eq(line_out_calls, 1);
    ck_assert_int_eq(line_out_level, SXE_LOG_LEVEL_WARNING);
    ck_assert(test_line_prefix_is_valid(line_out_line));
    ck_assert_str_eq(line_out_line + strlen(line_out_line) - strlen("- to the hook\n"), "- to the hook\n");
    ck_assert(sxe_log_hook_line_out(NULL) == line_out);
    ck_assert(sxe_log_hook_line_out(NULL) == original); /* the default again */
    SXEL3("to stderr (a line test-sxe-log-classic expects)");
    ck_assert_uint_eq(line_out_calls, 1);
}
END_TEST

static unsigned short_prefix(char *log_buffer, unsigned id, SXE_LOG_LEVEL level)
{
    return (unsigned)sprintf(log_buffer, "T=1 %u %d ", id, (int)level);
}

START_TEST(test_a_prefix_hook_writes_the_start_of_each_line)
{
    SXE_LOG_BUFFER_PREFIX_PTR original = sxe_log_hook_buffer_prefix(short_prefix);

    ck_assert_ptr_nonnull(original);
    test_capture_start();
    sxe_log_line(SXE_LOG_LEVEL_INFORMATION, 9, "prefixed");
    ck_assert(sxe_log_hook_buffer_prefix(NULL) == short_prefix);
    sxe_log_line(SXE_LOG_LEVEL_INFORMATION, 9, "default");
    test_capture_stop();
    ck_assert(sxe_log_hook_buffer_prefix(NULL) == original);
    ck_assert_str_eq(test_capture_line(0), "T=1 9 4 - prefixed");
    ck_assert_str_eq(test_capture_tail(1), "     9 4 - default");
}
END_TEST

static int callback_pipe[2];

static void silent_sink(unsigned level, const char *line, unsigned len, void *user)
{
    SXE_UNUSED_ARGUMENT(level);
    SXE_UNUSED_ARGUMENT(line);
    SXE_UNUSED_ARGUMENT(len);
    SXE_UNUSED_ARGUMENT(user);
}

static void assert_callback(void)
{
    ck_assert_int_eq(write(callback_pipe[1], "c", 1), 1);
}

static void assert_sink(unsigned level, const char *line, unsigned len, void *user)
{
    SXE_UNUSED_ARGUMENT(level);
    SXE_UNUSED_ARGUMENT(line);
    SXE_UNUSED_ARGUMENT(len);
    SXE_UNUSED_ARGUMENT(user);
    ck_assert_int_eq(write(callback_pipe[1], "l", 1), 1);
}

START_TEST(test_the_classic_assert_callback_runs_before_the_assert_line_then_the_process_aborts)
{
    char bytes[4] = "";
    int status;
    pid_t child;

    ck_assert_int_eq(pipe(callback_pipe), 0);

    if ((child = fork()) == 0) {
        SXE_LOG_ASSERT_SET_CALLBACK(assert_callback);
        sxe_log_set_sink(assert_sink, NULL);
        SXEA1(getpid() == 0, "expected to fail");
        _exit(0);
    }

    close(callback_pipe[1]);
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
    ck_assert_int_eq(read(callback_pipe[0], bytes, sizeof(bytes)), 2);
    ck_assert_str_eq(bytes, "cl");
    close(callback_pipe[0]);
}
END_TEST

START_TEST(test_syslog_passes_the_openlog_option_and_drops_the_date_and_process)
{
    char output[1024] = "";
    int out[2];
    pid_t child;
    ssize_t length;
    int status;

    ck_assert_int_eq(pipe(out), 0);

    if ((child = fork()) == 0) {
        dup2(out[1], STDERR_FILENO); /* LOG_PERROR: syslog also writes each message to stderr */
        sxe_log_use_syslog("sxe-classic-test", LOG_PERROR, LOG_USER);
        SXEL3("through syslog");
        _exit(0);
    }

    close(out[1]);
    length = read(out[0], output, sizeof(output) - 1);
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert(length > 0);
    output[length] = '\0';
    ck_assert_msg(strstr(output, "sxe-classic-test") != NULL, "%s", output);
    ck_assert_msg(strstr(output, "------ 3 - through syslog") != NULL, "%s", output);
    ck_assert_msg(!test_line_prefix_is_valid(output), "the date is not in a syslog line: %s", output);
    close(out[0]);
}
END_TEST

START_TEST(test_sxel_a6_asserts_in_debug_builds_and_logs_at_its_level_in_release_builds)
{
    int status;
    pid_t child;
    int evaluations = 0;

    if ((child = fork()) == 0) {
        sxe_log_set_sink(silent_sink, NULL);
        SXEL2A6(getpid() == 0, "expected to be false");
        _exit(0);
    }

    ck_assert_int_eq(waitpid(child, &status, 0), child);

    if (SXE_LOG_DEBUG_BUILD) {
        ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
        return;
    }

    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    test_capture_start();
    SXEL2A6(++evaluations == 0, "false once");
    SXEL2A6(++evaluations == 2, "true: no line");
    test_capture_stop();
    ck_assert_int_eq(evaluations, 2);
    ck_assert_uint_eq(test_capture_count(), 1);
    ck_assert_str_eq(test_capture_tail(0), "------ 2 - false once");
}
END_TEST

START_TEST(test_sxe_if_level_ge_runs_its_block_when_the_level_prints)
{
    int ran = 0;

    sxe_log_set_level(SXE_LOG_LEVEL_INFORMATION);
    SXE_IF_LEVEL_GE(SXE_LOG_LEVEL_INFORMATION)
    {
        ran++;
    }
    SXE_IF_LEVEL_GE(SXE_LOG_LEVEL_DEBUG)
    {
        ran += 10;
    }
    ck_assert_int_eq(ran, 1);
    ck_assert_str_eq(SXE_FILE, __FILE__);
}
END_TEST

START_TEST(test_classic_environment_names_set_the_matching_components_and_specific_ones_win)
{
    setenv("SXE_LOG_LEVEL_LIBSXE", "3", 1);
    setenv("SXE_LOG_LEVEL_LIBSXE_LIB_SXE_POOL", "6", 1);
    setenv("SXE_LOG_LEVEL_LIBSXE_LIB_SXE_SXE_IO", "4", 1);
    setenv("SXE_LOG_LEVEL_LIBSXE_LIB_SXE_LIST", "7", 1); /* no such package in libsxe: ignored */
    sxe_log_read_environment();
    ck_assert_uint_eq(sxe_log_get_component_level("pool"), 6);
    ck_assert_uint_eq(sxe_log_get_component_level("sxe"), 4);
    ck_assert_uint_eq(sxe_log_get_component_level("http"), 3);
    ck_assert_uint_eq(sxe_log_get_component_level("LIBSXE_LIB_SXE_LIST"), sxe_log_get_level());
}
END_TEST

SXE_TEST_MAIN("sxe-log-classic", test_set_level_of_over_maximum_means_no_level_set_the_default,
              test_decrease_level_only_lowers_and_returns_the_level_to_restore,
              test_forget_all_levels_makes_every_file_look_its_level_up_again,
              test_level_text_and_hex_id_options_change_those_fields,
              test_a_line_out_hook_receives_each_finished_line_until_it_is_removed,
              test_a_prefix_hook_writes_the_start_of_each_line,
              test_the_classic_assert_callback_runs_before_the_assert_line_then_the_process_aborts,
              test_syslog_passes_the_openlog_option_and_drops_the_date_and_process,
              test_sxel_a6_asserts_in_debug_builds_and_logs_at_its_level_in_release_builds,
              test_sxe_if_level_ge_runs_its_block_when_the_level_prints,
              test_classic_environment_names_set_the_matching_components_and_specific_ones_win)
