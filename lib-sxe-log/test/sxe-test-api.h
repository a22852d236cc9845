/* sxe-test-api.h: helpers for the suites that check a library's public API as a whole: the robust-API suites (every
 * public function called with NULL or in a wrong state: test-sxe-log-api.c, test-sxe-pool-misuse.c, test-sxe-api.c,
 * test-sxe-http-api.c) and the header suite (test-sxe-headers.c).
 *
 * Header-only and built on libc and Check alone, so that every library's test directory can include it by its
 * relative path (lib-sxe-http's too, which does not depend on lib-sxe-log). The lists of public headers and functions
 * come from the repository itself: the public headers of a library are its lib-NAME/ *.h files except *-private.h
 * (what `make install` installs), and their functions are what `gcc -aux-info` reports as declared in them with
 * external linkage. So a function added to a header without a case in the suite's table makes the suite fail.
 * Paths are relative: the suites run from the repository root, as `make test` runs them; anywhere else, or without
 * gcc, they fail and say why.
 *
 * The log checks (sxe_test_api_expect_log() and sxe_test_api_check_log()) exist when sxe-log.h is included first.
 */
#ifndef SXE_TEST_API_H
#define SXE_TEST_API_H

#include "../../test/sxe-check.h"
#include <check.h>
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define SXE_TEST_API_PATH_MAX      256
#define SXE_TEST_API_NAME_MAX      64
#define SXE_TEST_API_HEADERS_MAX   16
#define SXE_TEST_API_FUNCTIONS_MAX 256
#define SXE_TEST_API_OUTPUT_MAX    65536

typedef struct SXE_TEST_API_FUNCTION {
    char name[SXE_TEST_API_NAME_MAX];
    char header[SXE_TEST_API_PATH_MAX];
    bool takes_pointer; /* a '*' in its parameter list (pointer typedefs such as callbacks are not seen) */
} SXE_TEST_API_FUNCTION;

/* One row of a robust-API table: `test` calls `function` with NULL (a failed constructor's result) or an object in a
 * wrong state and checks the documented result. test == NULL declares that the function takes no pointer and has no
 * state to get wrong (the coverage test checks that its parameter list has no '*').
 */
typedef struct SXE_TEST_API_CASE {
    const char *function;
    const TTest *test;
} SXE_TEST_API_CASE;

/* Runs a shell command with stdout and stderr into out (NUL terminated, truncated to size). Returns its exit status
 * (-1 when it could not run).
 */
static inline int sxe_test_api_run(const char *command, char *out, size_t size)
{
    FILE *pipe = popen(command, "r");
    size_t length = 0;
    size_t got;
    int status;

    out[0] = '\0';

    if (pipe == NULL) {
        snprintf(out, size, "popen(%s) failed", command);
        return -1;
    }

    while (length + 1 < size && (got = fread(out + length, 1, size - 1 - length, pipe)) > 0) {
        length += got;
    }

    out[length] = '\0';

    while (fread(&got, 1, sizeof(got), pipe) > 0) { /* drain what did not fit, so the command never blocks */
    }

    status = pclose(pipe);
    return status == -1 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* "-Ilib-sxe -Ilib-sxe-http ...": every library directory, so that a header finds the headers it includes. */
static inline void sxe_test_api_include_flags(char *flags, size_t size)
{
    glob_t found;
    size_t length = 0;

    flags[0] = '\0';
    ck_assert_msg(glob("lib-*/", 0, NULL, &found) == 0,
                  "no lib-*/ directory here: run the suite from the repository root (as make test does)");

    for (size_t i = 0; i < found.gl_pathc && length < size; i++) {
        length += (size_t)snprintf(flags + length, size - length, " -I%.*s", (int)strlen(found.gl_pathv[i]) - 1,
                                   found.gl_pathv[i]);
    }

    globfree(&found);
}

/* The public headers of `library` ("lib-sxe", or "lib-*" for every library): lib-NAME/ *.h without *-private.h.
 * Fails the test when there is none. Returns their number.
 */
static inline unsigned sxe_test_api_headers(const char *library, char headers[][SXE_TEST_API_PATH_MAX], unsigned max)
{
    char pattern[SXE_TEST_API_PATH_MAX];
    unsigned count = 0;
    glob_t found;

    snprintf(pattern, sizeof(pattern), "%s/*.h", library);
    ck_assert_msg(glob(pattern, 0, NULL, &found) == 0,
                  "no header matches %s: run the suite from the repository root (as make test does)", pattern);

    for (size_t i = 0; i < found.gl_pathc; i++) {
        size_t length = strlen(found.gl_pathv[i]);

        if (length >= sizeof("-private.h") &&
            strcmp(found.gl_pathv[i] + length - strlen("-private.h"), "-private.h") == 0) {
            continue;
        }

        ck_assert_msg(count < max, "more than %u public headers match %s", max, pattern);
        snprintf(headers[count++], SXE_TEST_API_PATH_MAX, "%s", found.gl_pathv[i]);
    }

    globfree(&found);
    ck_assert_msg(count > 0, "no public header matches %s", pattern);
    return count;
}

/* Parses one line of gcc -aux-info output: "/ * HEADER:LINE:NC * / extern TYPE NAME (PARAMETERS);" (without the
 * spaces inside the comment markers). Returns true for a function with external linkage declared in `header`.
 */
static inline bool sxe_test_api_parse(const char *line, const char *header, SXE_TEST_API_FUNCTION *function)
{
    const char *declaration = strstr(line, "*/ ");
    const char *open;
    const char *name;
    size_t length = strlen(header);

    if (strncmp(line, "/* ", 3) != 0 || strncmp(line + 3, header, length) != 0 || line[3 + length] != ':' ||
        declaration == NULL || strncmp(declaration + 3, "static ", 7) == 0 ||
        (open = strchr(declaration, '(')) == NULL) {
        return false;
    }

    for (name = open; name > declaration && name[-1] == ' '; name--) {
    }

    length = (size_t)(name - declaration);

    for (; name > declaration && (name[-1] == '_' || (name[-1] >= 'a' && name[-1] <= 'z') ||
                                  (name[-1] >= 'A' && name[-1] <= 'Z') || (name[-1] >= '0' && name[-1] <= '9'));
         name--) {
    }

    length = (size_t)(declaration + length - name);
    ck_assert_msg(length > 0 && length < SXE_TEST_API_NAME_MAX, "cannot find the function's name in: %s", line);
    snprintf(function->name, sizeof(function->name), "%.*s", (int)length, name);
    snprintf(function->header, sizeof(function->header), "%s", header);
    function->takes_pointer = strchr(open, '*') != NULL && strstr(open, "(void)") != open;
    return true;
}

/* Appends to functions[*count] the functions with external linkage declared in `header`, as gcc sees them. */
static inline void sxe_test_api_functions_of(const char *header, SXE_TEST_API_FUNCTION *functions, unsigned *count,
                                             unsigned max)
{
    char messages[2048] = ""; /* the start of what is not aux-info: the compiler's complaints */
    size_t length = 0;
    char flags[1024];
    char command[2048];
    char *line = NULL;
    size_t size = 0;
    FILE *pipe;
    int status;

    sxe_test_api_include_flags(flags, sizeof(flags));
    ck_assert_int_lt(snprintf(command, sizeof(command),
                              "gcc -std=gnu11 -D_GNU_SOURCE%s -fsyntax-only -aux-info /dev/stdout -x c %s 2>&1", flags,
                              header),
                     sizeof(command));
    ck_assert_msg((pipe = popen(command, "r")) != NULL, "popen(%s) failed", command);

    while (getline(&line, &size, pipe) > 0) { /* line by line: the output of a header with many includes is long */
        if (strncmp(line, "/* ", 3) != 0) {
            length += length < sizeof(messages)
                          ? (size_t)snprintf(messages + length, sizeof(messages) - length, "%s", line)
                          : 0;
        } else if (*count < max && sxe_test_api_parse(line, header, &functions[*count])) {
            (*count)++;
        }
    }

    free(line);
    status = pclose(pipe);
    ck_assert_msg(status == 0, "%s: exit status 0x%x (is gcc installed?): %s", command, status, messages);
}

/* Every public function of `library` (e.g. "lib-sxe-pool"). Fails the test when there is none. Returns the count. */
static inline unsigned sxe_test_api_functions(const char *library, SXE_TEST_API_FUNCTION *functions, unsigned max)
{
    char headers[SXE_TEST_API_HEADERS_MAX][SXE_TEST_API_PATH_MAX];
    unsigned number = sxe_test_api_headers(library, headers, SXE_TEST_API_HEADERS_MAX);
    unsigned count = 0;

    for (unsigned i = 0; i < number; i++) {
        sxe_test_api_functions_of(headers[i], functions, &count, max);
    }

    ck_assert_msg(count > 0 && count < max, "gcc -aux-info found %u functions in the headers of %s", count, library);
    return count;
}

/* ---- the robust-API table ------------------------------------------------------------------------------------ */

static const char *sxe_test_api_library;
static const SXE_TEST_API_CASE *sxe_test_api_cases;
static unsigned sxe_test_api_case_count;

/* The two table checks (Check test functions; sxe_test_api_main() registers them under the names below). */
static inline void sxe_test_api_check_functions_have_cases(int iteration)
{
    static SXE_TEST_API_FUNCTION functions[SXE_TEST_API_FUNCTIONS_MAX];
    unsigned count = sxe_test_api_functions(sxe_test_api_library, functions, SXE_TEST_API_FUNCTIONS_MAX);
    char missing[4096] = "";
    size_t length = 0;

    for (unsigned i = 0; i < count; i++) {
        const SXE_TEST_API_CASE *found = NULL;

        for (unsigned j = 0; j < sxe_test_api_case_count && found == NULL; j++) {
            found = strcmp(sxe_test_api_cases[j].function, functions[i].name) == 0 ? &sxe_test_api_cases[j] : NULL;
        }

        if (found == NULL || (found->test == NULL && functions[i].takes_pointer)) {
            length += (size_t)snprintf(missing + length, length < sizeof(missing) ? sizeof(missing) - length : 0,
                                       " %s (%s%s)", functions[i].name, functions[i].header,
                                       found == NULL ? "" : ": takes a pointer but its row has no test");
        }
    }

    (void)iteration;
    ck_assert_msg(length == 0, "public functions without a NULL or wrong-state case in the table:%s", missing);
}

static inline void sxe_test_api_check_cases_name_functions(int iteration)
{
    static SXE_TEST_API_FUNCTION functions[SXE_TEST_API_FUNCTIONS_MAX];
    unsigned count = sxe_test_api_functions(sxe_test_api_library, functions, SXE_TEST_API_FUNCTIONS_MAX);

    for (unsigned j = 0; j < sxe_test_api_case_count; j++) {
        bool found = false;

        for (unsigned i = 0; i < count && !found; i++) {
            found = strcmp(sxe_test_api_cases[j].function, functions[i].name) == 0;
        }

        ck_assert_msg(found, "the table names %s, which no public header of %s declares",
                      sxe_test_api_cases[j].function, sxe_test_api_library);
    }

    (void)iteration;
}

/* main() of a robust-API suite: the two table checks above, then each row's test (a test shared by rows runs once). */
static inline int sxe_test_api_main(const char *library, const SXE_TEST_API_CASE *cases, unsigned count)
{
    static const TTest functions_have_cases = {
        "every_public_function_has_a_case_that_calls_it_with_null_or_in_a_wrong_state",
        sxe_test_api_check_functions_have_cases, __FILE__, __LINE__};
    static const TTest cases_name_functions = {"every_case_of_the_table_names_a_public_function",
                                               sxe_test_api_check_cases_name_functions, __FILE__, __LINE__};
    Suite *suite = suite_create(library);
    TCase *tc = tcase_create("robust-api");

    sxe_test_api_library = library;
    sxe_test_api_cases = cases;
    sxe_test_api_case_count = count;
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, &functions_have_cases);
    tcase_add_test(tc, &cases_name_functions);

    for (unsigned i = 0; i < count; i++) {
        bool seen = cases[i].test == NULL;

        for (unsigned j = 0; j < i && !seen; j++) {
            seen = cases[j].test == cases[i].test;
        }

        if (!seen) {
            tcase_add_test(tc, cases[i].test);
        }
    }

    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}

/* ---- log checks (with sxe-log.h) ----------------------------------------------------------------------------- */
#ifdef SXE_LOG_H

static char sxe_test_api_expected[SXE_TEST_API_NAME_MAX + 1];
static unsigned sxe_test_api_logged;

static inline void sxe_test_api_sink(unsigned level, const char *line, unsigned len, void *user)
{
    (void)len;
    (void)user;

    if (level >= SXE_LOG_LEVEL_FATAL && level <= SXE_LOG_LEVEL_WARNING && strstr(line, sxe_test_api_expected) != NULL) {
        sxe_test_api_logged++;
    }
}

/* From now on, count the lines logged at levels 1 to 3 (fatal, error, warning) that name `function` followed by '('.
 * Replaces the log sink.
 */
static inline void sxe_test_api_expect_log(const char *function)
{
    snprintf(sxe_test_api_expected, sizeof(sxe_test_api_expected), "%s(", function);
    sxe_test_api_logged = 0;
    sxe_log_set_sink(sxe_test_api_sink, NULL);
}

/* Fails unless such a line was logged since sxe_test_api_expect_log(); restores the default sink. */
static inline void sxe_test_api_check_log(void)
{
    sxe_log_set_sink(NULL, NULL);
    ck_assert_msg(sxe_test_api_logged > 0, "no error or warning line names %s", sxe_test_api_expected);
}

#endif
#endif
