/* test-tools-cli.c: the command-line conventions every example program follows (man/libsxe.3 "TOOLS"):
 * --version and -h/--help print on stdout and exit 0, an unknown option prints the usage on stderr and exits 2, and
 * the programs agree on the default port. Each test runs every program built from examples/NAME/, so a new example
 * is checked without being listed here.
 */
#include <check.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sxe-itest.h"
#include "sxe-check.h"
#include "sxe-util.h"

#define RUN_TIMEOUT      30.0 /* seconds: a program that hangs instead of exiting fails the test (valgrind too) */
#define EXAMPLES_DIR     "examples"
#define EXAMPLES_MAXIMUM 32
#define NAME_MAXIMUM     64

static SXE_ITEST_RUN run;
static SXE_ITEST_RUN other;
static char examples[EXAMPLES_MAXIMUM][NAME_MAXIMUM];
static unsigned example_count;

/* True when the folder examples/name holds a C source: a program (a folder of scripts, examples/lua, is not one). */
static bool has_c_source(const char *name)
{
    char path[512];
    DIR *dir;
    struct dirent *entry;
    bool found = false;

    snprintf(path, sizeof(path), "%s/%s", EXAMPLES_DIR, name);

    if ((dir = opendir(path)) == NULL) {
        return false;
    }

    while (!found && (entry = readdir(dir)) != NULL) {
        size_t length = strlen(entry->d_name);

        found = length > 2 && strcmp(entry->d_name + length - 2, ".c") == 0;
    }

    closedir(dir);
    return found;
}

/* Fills examples[] with the name of every folder under examples/ that holds C sources (one program each, by the
 * Makefile's convention).
 */
static void find_examples(void)
{
    DIR *dir = opendir(EXAMPLES_DIR);
    struct dirent *entry;
    struct stat st;
    char path[512];

    ck_assert_msg(dir != NULL, "cannot open %s/: run the tests from the top of the repository (make test does)",
                  EXAMPLES_DIR);
    example_count = 0;

    while ((entry = readdir(dir)) != NULL) {
        snprintf(path, sizeof(path), "%s/%s", EXAMPLES_DIR, entry->d_name);

        if (entry->d_name[0] == '.' || stat(path, &st) != 0 || !S_ISDIR(st.st_mode) || !has_c_source(entry->d_name)) {
            continue;
        }

        ck_assert_uint_lt(example_count, EXAMPLES_MAXIMUM);
        ck_assert_uint_lt(strlen(entry->d_name), NAME_MAXIMUM);
        strcpy(examples[example_count++], entry->d_name);
    }

    closedir(dir);
    ck_assert_msg(example_count >= 3, "expected at least httpd, http and hello under %s/", EXAMPLES_DIR);
}

/* Runs the example `name` with one argument; fails the test when the program is not built. */
static int run_with(SXE_ITEST_RUN *into, const char *name, const char *argument)
{
    const char *argv[] = {name, argument, NULL};
    char program_path[4096];

    ck_assert_msg(sxe_itest_program(program_path, sizeof(program_path), name),
                  "%s not found: set SXE_BIN_DIR (make test does)", name);
    return sxe_itest_run_program(into, argv, RUN_TIMEOUT);
}

START_TEST(test_every_example_prints_its_version_on_stdout_and_exits_0)
{
    char expected[128];

    find_examples();

    for (unsigned i = 0; i < example_count; i++) {
        snprintf(expected, sizeof(expected), "sxe-%s (libsxe) %s\n", examples[i], SXE_VERSION_STRING);
        ck_assert_msg(run_with(&run, examples[i], "--version") == 0, "%s --version: exit %d, stderr: %s", examples[i],
                      run.exit_code, run.err);
        ck_assert_str_eq(run.out, expected);
        ck_assert_msg(run.err[0] == '\0', "%s --version wrote on stderr: %s", examples[i], run.err);
    }
}
END_TEST

START_TEST(test_every_example_prints_the_same_help_on_stdout_for_h_and_help_and_exits_0)
{
    find_examples();

    for (unsigned i = 0; i < example_count; i++) {
        ck_assert_msg(run_with(&run, examples[i], "-h") == 0, "%s -h: exit %d, stderr: %s", examples[i], run.exit_code,
                      run.err);
        ck_assert_msg(strncmp(run.out, "usage: ", 7) == 0, "%s -h does not start with 'usage: ': %s", examples[i],
                      run.out);
        ck_assert_msg(strstr(run.out, "-h, --help") != NULL && strstr(run.out, "--version") != NULL,
                      "%s -h does not name -h, --help and --version: %s", examples[i], run.out);
        ck_assert_msg(run.err[0] == '\0', "%s -h wrote on stderr: %s", examples[i], run.err);
        ck_assert_int_eq(run_with(&other, examples[i], "--help"), 0);
        ck_assert_str_eq(other.out, run.out);
    }
}
END_TEST

START_TEST(test_every_example_prints_its_usage_on_stderr_and_exits_2_for_an_unknown_option)
{
    static const char *const unknown[] = {"-Z", "--no-such-option"};

    find_examples();

    for (unsigned i = 0; i < example_count; i++) {
        for (unsigned u = 0; u < SXE_ARRAY_SIZE(unknown); u++) {
            ck_assert_msg(run_with(&run, examples[i], unknown[u]) == 2, "%s %s: exit %d, expected 2", examples[i],
                          unknown[u], run.exit_code);
            ck_assert_msg(run.out[0] == '\0', "%s %s wrote on stdout: %s", examples[i], unknown[u], run.out);
            ck_assert_msg(strstr(run.err, "usage: ") != NULL, "%s %s: no usage on stderr: %s", examples[i], unknown[u],
                          run.err);
        }
    }
}
END_TEST

/* The default of -p PORT that `name`'s help states ("-p PORT ... (default N"), or -1. */
static int help_default_port(const char *name)
{
    const char *line;
    const char *value;

    ck_assert_int_eq(run_with(&run, name, "--help"), 0);

    if ((line = strstr(run.out, "\n  -p PORT")) == NULL || (value = strstr(line, "(default ")) == NULL ||
        strchr(line + 1, '\n') < value) {
        return -1;
    }

    return atoi(value + strlen("(default "));
}

START_TEST(test_http_and_hello_default_to_the_port_httpd_listens_on)
{
    int httpd = help_default_port("httpd");

    ck_assert_int_eq(httpd, 8000);
    ck_assert_int_eq(help_default_port("http"), httpd);
    ck_assert_int_eq(help_default_port("hello"), httpd);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("tools-cli");
    TCase *tc = tcase_create("cli");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_every_example_prints_its_version_on_stdout_and_exits_0);
    tcase_add_test(tc, test_every_example_prints_the_same_help_on_stdout_for_h_and_help_and_exits_0);
    tcase_add_test(tc, test_every_example_prints_its_usage_on_stderr_and_exits_2_for_an_unknown_option);
    tcase_add_test(tc, test_http_and_hello_default_to_the_port_httpd_listens_on);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
