/* test-sxe-headers.c: every public header of every library (lib-NAME/ *.h without *-private.h: what `make install`
 * installs) compiles on its own, as the first and only include, with -Wall -Wextra -Werror as C99 (-pedantic), GNU11,
 * C++11 and C++20 (-pedantic); in C++ each of its functions has C linkage (extern "C"); and the public macros expand
 * to valid code in each language (sxe-headers-use.cc). The compilers are gcc and g++, run from the repository root.
 * Two control tests prove that the checks fail on a header that is not C++ or not extern "C".
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../lib-sxe-log/test/sxe-test-api.h"
#include "../../test/sxe-check.h"

#define HEADERS_USE "lib-sxe/test/sxe-headers-use.cc"

typedef struct HEADERS_MODE {
    const char *compiler; /* with its language options */
    bool cxx;             /* also check that every function has C linkage */
} HEADERS_MODE;

static const HEADERS_MODE mode_c99 = {"gcc -x c -std=c99 -pedantic", false};
static const HEADERS_MODE mode_gnu11 = {"gcc -x c -std=gnu11 -DSXE_DEBUG=1", false};
static const HEADERS_MODE mode_cxx11 = {"g++ -x c++ -std=c++11 -pedantic", true};
static const HEADERS_MODE mode_cxx20 = {"g++ -x c++ -std=c++20 -pedantic -DSXE_DEBUG=1", true};

static char headers_output[SXE_TEST_API_OUTPUT_MAX];

/* Compiles `source` (a file) in `mode` with -Wall -Wextra -Werror and the include flags. Returns the exit status; the
 * compiler's messages are in headers_output.
 */
static int headers_compile(const HEADERS_MODE *mode, const char *include_flags, const char *source)
{
    char command[4096];

    snprintf(command, sizeof(command), "%s -Wall -Wextra -Werror%s -fsyntax-only %s 2>&1", mode->compiler,
             include_flags, source);
    return sxe_test_api_run(command, headers_output, sizeof(headers_output));
}

/* Writes the translation unit that includes `header` alone; in C++, it then redeclares each of its functions inside
 * extern "C" with the type the header gave it: g++ rejects that redeclaration of a function declared with C++
 * linkage.
 */
static void headers_write_unit(const char *path, const char *header, const HEADERS_MODE *mode)
{
    static SXE_TEST_API_FUNCTION functions[SXE_TEST_API_FUNCTIONS_MAX];
    const char *name = strrchr(header, '/') != NULL ? strrchr(header, '/') + 1 : header;
    unsigned count = 0;
    FILE *unit = fopen(path, "w");

    ck_assert_msg(unit != NULL, "cannot write %s", path);
    fprintf(unit, "#include \"%s\"\ntypedef int headers_unit_is_not_empty;\n", name);

    if (mode->cxx) {
        sxe_test_api_functions_of(header, functions, &count, SXE_TEST_API_FUNCTIONS_MAX);

        for (unsigned i = 0; i < count; i++) {
            fprintf(unit, "extern \"C\" decltype(%s) %s;\n", functions[i].name, functions[i].name);
        }
    }

    ck_assert_int_eq(fclose(unit), 0);
}

/* Compiles each header of `headers` alone in `mode` (include flags: `include_flags`); fails the test naming each
 * header that does not compile, with the start of the compiler's messages.
 */
static void headers_check(const HEADERS_MODE *mode, const char *include_flags, char headers[][SXE_TEST_API_PATH_MAX],
                          unsigned count)
{
    char unit[] = "/tmp/sxe-headers-XXXXXX.cc";
    char failures[8192] = "";
    size_t length = 0;
    int fd = mkstemps(unit, 3);

    ck_assert_int_ge(fd, 0);
    close(fd);

    for (unsigned i = 0; i < count; i++) {
        headers_write_unit(unit, headers[i], mode);

        if (headers_compile(mode, include_flags, unit) != 0 && length < sizeof(failures)) {
            length += (size_t)snprintf(failures + length, sizeof(failures) - length, "\n%s: %.600s", headers[i],
                                       headers_output);
        }
    }

    unlink(unit);
    ck_assert_msg(length == 0, "%s: headers that do not compile alone:%s", mode->compiler, failures);
}

/* Every public header of every library, in `mode`. */
static void headers_check_all(const HEADERS_MODE *mode)
{
    char headers[4 * SXE_TEST_API_HEADERS_MAX][SXE_TEST_API_PATH_MAX];
    unsigned count = sxe_test_api_headers("lib-*", headers, 4 * SXE_TEST_API_HEADERS_MAX);
    char flags[1024];

    sxe_test_api_include_flags(flags, sizeof(flags));
    headers_check(mode, flags, headers, count);
}

START_TEST(every_public_header_compiles_alone_as_c99_pedantic)
{
    headers_check_all(&mode_c99);
}
END_TEST

START_TEST(every_public_header_compiles_alone_as_gnu11)
{
    headers_check_all(&mode_gnu11);
}
END_TEST

START_TEST(every_public_header_compiles_alone_as_cxx11_with_c_linkage)
{
    headers_check_all(&mode_cxx11);
}
END_TEST

START_TEST(every_public_header_compiles_alone_as_cxx20_with_c_linkage)
{
    headers_check_all(&mode_cxx20);
}
END_TEST

/* The macros of every header, used as an application uses them, compile in `mode`. */
static void headers_check_macros(const HEADERS_MODE *mode)
{
    char flags[1024];

    sxe_test_api_include_flags(flags, sizeof(flags));
    ck_assert_msg(access(HEADERS_USE, R_OK) == 0, "%s is missing: run the suite from the repository root", HEADERS_USE);
    ck_assert_msg(headers_compile(mode, flags, HEADERS_USE) == 0, "%s: %s does not compile: %.4000s", mode->compiler,
                  HEADERS_USE, headers_output);
}

START_TEST(the_public_macros_expand_to_valid_c99_and_gnu11)
{
    headers_check_macros(&mode_c99);
    headers_check_macros(&mode_gnu11);
}
END_TEST

START_TEST(the_public_macros_expand_to_valid_cxx11_and_cxx20)
{
    headers_check_macros(&mode_cxx11);
    headers_check_macros(&mode_cxx20);
}
END_TEST

/* Control: writes `text` as header `name` in a fresh directory, compiles it alone in `mode` (in C++ with the linkage
 * check) and checks that this fails exactly when `expect_failure`.
 */
static void headers_control(const char *name, const char *text, const HEADERS_MODE *mode, bool expect_failure)
{
    char directory[] = "/tmp/sxe-headers-control-XXXXXX";
    char headers[1][SXE_TEST_API_PATH_MAX];
    char unit[SXE_TEST_API_PATH_MAX + 16];
    char flags[SXE_TEST_API_PATH_MAX + 8];
    char command[3 * SXE_TEST_API_PATH_MAX];
    FILE *header;
    int status;

    ck_assert_ptr_nonnull(mkdtemp(directory));
    snprintf(headers[0], sizeof(headers[0]), "%s/%s", directory, name);
    snprintf(unit, sizeof(unit), "%s/unit.cc", directory);
    snprintf(flags, sizeof(flags), " -I%s", directory);
    ck_assert_ptr_nonnull(header = fopen(headers[0], "w"));
    fputs(text, header);
    ck_assert_int_eq(fclose(header), 0);
    headers_write_unit(unit, headers[0], mode);
    status = headers_compile(mode, flags, unit);
    snprintf(command, sizeof(command), "rm -rf %s", directory);
    ck_assert_int_eq(system(command), 0);
    ck_assert_msg((status != 0) == expect_failure, "%s: %s %s: %s", mode->compiler, name,
                  expect_failure ? "compiled, but must not" : "did not compile", headers_output);
}

START_TEST(the_cxx_check_fails_on_a_header_with_a_parameter_named_this)
{
    headers_control("control.h",
                    "#ifdef __cplusplus\nextern \"C\" {\n#endif\nint control(int *this);\n"
                    "#ifdef __cplusplus\n}\n#endif\n",
                    &mode_cxx11, true);
    headers_control("control.h",
                    "#ifdef __cplusplus\nextern \"C\" {\n#endif\nint control(int *self);\n"
                    "#ifdef __cplusplus\n}\n#endif\n",
                    &mode_cxx11, false);
}
END_TEST

START_TEST(the_linkage_check_fails_on_a_header_without_extern_c)
{
    headers_control("control.h", "int control(int *self);\n", &mode_cxx11, true);
    headers_control("control.h", "int control(int *self);\n", &mode_c99, false);
}
END_TEST

SXE_TEST_MAIN("sxe-headers", every_public_header_compiles_alone_as_c99_pedantic,
              every_public_header_compiles_alone_as_gnu11, every_public_header_compiles_alone_as_cxx11_with_c_linkage,
              every_public_header_compiles_alone_as_cxx20_with_c_linkage,
              the_public_macros_expand_to_valid_c99_and_gnu11, the_public_macros_expand_to_valid_cxx11_and_cxx20,
              the_cxx_check_fails_on_a_header_with_a_parameter_named_this,
              the_linkage_check_fails_on_a_header_without_extern_c)
