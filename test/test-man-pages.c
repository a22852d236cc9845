/* test-man-pages.c: the manual pages in man/ render cleanly and stay true to what they describe: every public
 * header has its section 3 page, which declares each of the header's functions with the header's types (parameter
 * names may differ) and nothing the header does not declare; every tool's page describes every option of its
 * --help; libsxe(3) names every other page. Rendering needs groff (Debian package groff-base, in the build group of
 * .ci/deps); without it the test fails and says so.
 */
#include <check.h>
#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sxe-itest.h"
#include "sxe-check.h"
#include "sxe-util.h"

#define MAN_DIR           "man"
#define RUN_TIMEOUT       30.0 /* seconds for a tool to print its help (generous: valgrind runs it too) */
#define FILES_MAXIMUM     64   /* pages in man/, public headers */
#define NAME_MAXIMUM      128  /* a file name */
#define DECLARATIONS_MAX  256  /* function declarations found in one header or page */
#define DECLARATION_BYTES 512  /* one declaration, normalized */
#define OPTIONS_MAXIMUM   64   /* options named by one tool's help */
#define RENDER_OUTPUT_MAX 8192 /* bytes of groff's warnings kept for the failure message */

/* Headers whose functions are documented on another header's page (the page named here). */
static const char *const covered_elsewhere[][2] = {
    {"sxe-log-classic.h", "sxe-log.3"}, /* generated; included by sxe-log.h, declares only macros */
};

/* Tools that must have a page man/sxe-NAME.1 (make install installs examples/NAME as sxe-NAME when it has one). */
static const char *const tools[] = {"httpd", "http", "hello", "pipeline"};

typedef struct DECLARATION {
    char name[NAME_MAXIMUM];
    char signature[DECLARATION_BYTES]; /* return type, name and parameter types, without names or spaces */
    char text[DECLARATION_BYTES];      /* as written, whitespace collapsed: for failure messages */
} DECLARATION;

static SXE_ITEST_RUN run;
static DECLARATION header_declarations[DECLARATIONS_MAX];
static DECLARATION page_declarations[DECLARATIONS_MAX];

/* Reads a whole file into a malloc'ed, NUL-terminated string; fails the test when it cannot. */
static char *slurp(const char *path)
{
    FILE *file = fopen(path, "r");
    char *text;
    long size;

    ck_assert_msg(file != NULL, "cannot open %s: run the tests from the top of the repository (make test does)", path);
    fseek(file, 0, SEEK_END);
    size = ftell(file);
    fseek(file, 0, SEEK_SET);
    ck_assert_ptr_nonnull(text = malloc((size_t)size + 1));
    ck_assert_uint_eq(fread(text, 1, (size_t)size, file), (size_t)size);
    text[size] = '\0';
    fclose(file);
    return text;
}

/* Lists the files of `directory` whose names end with `suffix`, sorted; returns how many. */
static unsigned list_files(const char *directory, const char *suffix, char names[][NAME_MAXIMUM])
{
    DIR *dir = opendir(directory);
    struct dirent *entry;
    unsigned count = 0;
    size_t length;

    ck_assert_msg(dir != NULL, "cannot open %s/: run the tests from the top of the repository", directory);

    while ((entry = readdir(dir)) != NULL) {
        length = strlen(entry->d_name);

        if (entry->d_name[0] != '.' && length > strlen(suffix) &&
            strcmp(entry->d_name + length - strlen(suffix), suffix) == 0) {
            ck_assert_uint_lt(count, FILES_MAXIMUM);
            ck_assert_uint_lt(length, NAME_MAXIMUM);
            strcpy(names[count++], entry->d_name);
        }
    }

    closedir(dir);
    qsort(names, count, NAME_MAXIMUM, (int (*)(const void *, const void *))strcmp);
    return count;
}

/* Every public header: each lib-NAME/X.h that is not X-private.h. `paths` get "lib-NAME/X.h". */
static unsigned list_public_headers(char paths[][NAME_MAXIMUM])
{
    static char libraries[FILES_MAXIMUM][NAME_MAXIMUM];
    static char headers[FILES_MAXIMUM][NAME_MAXIMUM];
    DIR *dir = opendir(".");
    struct dirent *entry;
    unsigned library_count = 0;
    unsigned count = 0;

    ck_assert_ptr_nonnull(dir);

    while ((entry = readdir(dir)) != NULL) {
        if (strncmp(entry->d_name, "lib-", 4) == 0 && library_count < FILES_MAXIMUM) {
            strcpy(libraries[library_count++], entry->d_name);
        }
    }

    closedir(dir);

    for (unsigned l = 0; l < library_count; l++) {
        unsigned found = list_files(libraries[l], ".h", headers);

        for (unsigned h = 0; h < found; h++) {
            if (strstr(headers[h], "-private.h") == NULL) {
                ck_assert_uint_lt(count, FILES_MAXIMUM);
                snprintf(paths[count++], NAME_MAXIMUM, "%.60s/%.60s", libraries[l], headers[h]);
            }
        }
    }

    ck_assert_msg(count >= 5, "expected at least sxe.h, sxe-log.h, sxe-util.h, sxe-pool.h and sxe-http.h");
    return count;
}

/* The entry of covered_elsewhere for `header` (a path or a file name), or NULL. */
static const char *const *covered(const char *header)
{
    const char *file = strrchr(header, '/') != NULL ? strrchr(header, '/') + 1 : header;

    for (unsigned i = 0; i < SXE_ARRAY_SIZE(covered_elsewhere); i++) {
        if (strcmp(file, covered_elsewhere[i][0]) == 0) {
            return covered_elsewhere[i];
        }
    }

    return NULL;
}

/* The page that documents `header` (a path or a file name): X.h -> X.3 unless covered_elsewhere says otherwise. */
static void page_of(const char *header, char *page, size_t size)
{
    const char *file = strrchr(header, '/') != NULL ? strrchr(header, '/') + 1 : header;

    if (covered(file) != NULL) {
        snprintf(page, size, "%s", covered(file)[1]);
        return;
    }

    snprintf(page, size, "%.*s.3", (int)(strlen(file) - 2), file);
}

/* C source to plain declarations: comments become spaces, preprocessor lines (with their continuations) vanish. */
static void strip_c(char *text)
{
    char *out = text;
    bool line_start = true;
    bool directive = false;

    for (char *in = text; *in != '\0';) {
        if (in[0] == '/' && in[1] == '*') {
            char *end = strstr(in + 2, "*/");

            in = end != NULL ? end + 2 : in + strlen(in);
            *out++ = ' ';
        } else if (in[0] == '/' && in[1] == '/') {
            in += strcspn(in, "\n");
        } else if (directive || (line_start && *in == '#')) {
            directive = !(in[0] == '\n' && (in == text || in[-1] != '\\'));
            line_start = *in++ == '\n';
        } else {
            line_start = *in == '\n' ? true : (line_start && isspace((unsigned char)*in));
            *out++ = *in++;
        }
    }

    *out = '\0';
}

/* roff to plain text: font escapes and zero-width escapes vanish, \- is '-', \e is '\', \(dq is '"'. */
static void strip_roff(char *text)
{
    char *out = text;

    for (char *in = text; *in != '\0';) {
        if (in[0] == '\\' && in[1] == 'f' && in[2] != '\0') {
            in += 3;
        } else if (in[0] == '\\' && (in[1] == '&' || in[1] == '%')) {
            in += 2;
        } else if (in[0] == '\\' && (in[1] == '-' || in[1] == 'e')) {
            *out++ = in[1] == '-' ? '-' : '\\';
            in += 2;
        } else if (strncmp(in, "\\(dq", 4) == 0) {
            *out++ = '"';
            in += 4;
        } else {
            *out++ = *in++;
        }
    }

    *out = '\0';
}

/* Removes every __attribute__((...)) from text. */
static void strip_attributes(char *text)
{
    char *at;

    while ((at = strstr(text, "__attribute__")) != NULL) {
        char *end = strchr(at, '(');
        int depth = 0;

        for (; end != NULL && *end != '\0'; end++) {
            depth += *end == '(' ? 1 : *end == ')' ? -1 : 0;

            if (depth == 0 && *end == ')') {
                break;
            }
        }

        if (end == NULL || *end == '\0') {
            return;
        }

        memmove(at, end + 1, strlen(end + 1) + 1);
    }
}

/* Collapses whitespace; with `tight`, drops it entirely next to * ( ) , so spacing styles compare equal. */
static void normalize(char *text, bool tight)
{
    char *out = text;
    bool space = false;

    for (char *in = text; *in != '\0'; in++) {
        if (isspace((unsigned char)*in)) {
            space = out != text;
            continue;
        }

        if (space && !(tight && (strchr("*(),", *in) != NULL || strchr("*(,", out[-1]) != NULL))) {
            *out++ = ' ';
        }

        space = false;
        *out++ = *in;
    }

    *out = '\0';
}

/* Removes the parameter names from the normalized (not tight) parameter list `params` ("int a, char *b"). */
static void strip_parameter_names(const char *params, char *out, size_t size)
{
    char copy[DECLARATION_BYTES];
    char *parameter = copy;
    int depth = 0;

    snprintf(copy, sizeof(copy), "%s", params);
    out[0] = '\0';

    for (char *p = copy;; p++) {
        if (*p == '\0' || (*p == ',' && depth == 0)) {
            char end = *p;
            char *name;
            size_t length;

            *p = '\0';
            normalize(parameter, false);

            if ((name = strstr(parameter, "(*")) != NULL) { /* function pointer: the name follows "(*" */
                length = strspn(name + 2, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
                memmove(name + 2, name + 2 + length, strlen(name + 2 + length) + 1);
            } else if ((length = strlen(parameter)) > 0 &&
                       (isalnum((unsigned char)parameter[length - 1]) || parameter[length - 1] == '_')) {
                name = parameter + length;

                while (name > parameter && (isalnum((unsigned char)name[-1]) || name[-1] == '_')) {
                    name--;
                }

                if (name > parameter && strcmp(parameter, "void") != 0) { /* a type remains before the name */
                    *name = '\0';
                }
            }

            snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] == '\0' ? "" : ",", parameter);

            if (end == '\0') {
                break;
            }

            parameter = p + 1;
        }

        depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
    }

    normalize(out, true);
}

/* Fills one declaration from `start` .. `end` (exclusive; the text of "RET name(PARAMS)"). False when it is not
 * a declaration (a call, an assignment, prose).
 */
static bool declaration_parse(const char *start, const char *end, const char *name, DECLARATION *declaration)
{
    char text[DECLARATION_BYTES];
    char params[DECLARATION_BYTES];
    char *open;
    char *close;
    size_t prefix;

    if ((size_t)(end - start) >= sizeof(text)) {
        return false;
    }

    memcpy(text, start, (size_t)(end - start));
    text[end - start] = '\0';
    strip_attributes(text);
    normalize(text, false);

    for (const char *drop = "static inline "; strncmp(text, drop, strlen(drop)) == 0;) {
        memmove(text, text + strlen(drop), strlen(text + strlen(drop)) + 1);
    }

    if (strncmp(text, "extern ", 7) == 0) {
        memmove(text, text + 7, strlen(text + 7) + 1);
    }

    open = strstr(text, name);
    prefix = open != NULL ? (size_t)(open - text) : 0;
    close = strrchr(text, ')');

    if (open == NULL || prefix == 0 ||
        strspn(text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ *") < prefix ||
        open[strlen(name)] != '(' || close == NULL || close[1] != '\0') {
        return false;
    }

    snprintf(declaration->name, sizeof(declaration->name), "%s", name);
    snprintf(declaration->text, sizeof(declaration->text), "%s", text);
    *close = '\0';
    snprintf(params, sizeof(params), "%s", open + strlen(name) + 1);
    open[strlen(name)] = '\0';
    normalize(text, true);
    snprintf(declaration->signature, sizeof(declaration->signature), "%.400s(", text);
    strip_parameter_names(params, declaration->signature + strlen(declaration->signature),
                          sizeof(declaration->signature) - strlen(declaration->signature) - 1);
    strcat(declaration->signature, ")");
    return true;
}

/* Finds the function declarations of `text` (stripped C or roff). A declaration starts after the previous ';', '{'
 * or '}' (C) or at its line's start (roff), and ends at the next ';' or '{'.
 */
static unsigned declarations_find(const char *text, bool roff, DECLARATION *declarations)
{
    unsigned count = 0;

    for (const char *at = strstr(text, "sxe_"); at != NULL; at = strstr(at + 1, "sxe_")) {
        char name[NAME_MAXIMUM];
        size_t length = strspn(at, "abcdefghijklmnopqrstuvwxyz0123456789_");
        const char *start = at;
        const char *end = at + strcspn(at, ";{");

        if ((at > text && (isalnum((unsigned char)at[-1]) || at[-1] == '_')) || length >= sizeof(name) ||
            at[length + strspn(at + length, " \t")] != '(') {
            continue;
        }

        while (start > text && (roff ? start[-1] != '\n' : strchr(";{}", start[-1]) == NULL)) {
            start--;
        }

        memcpy(name, at, length);
        name[length] = '\0';
        ck_assert_uint_lt(count, DECLARATIONS_MAX);
        count += declaration_parse(start, end, name, &declarations[count]) ? 1 : 0;
    }

    return count;
}

static unsigned header_declarations_read(const char *path)
{
    char *text = slurp(path);
    unsigned count;

    strip_c(text);
    count = declarations_find(text, false, header_declarations);
    free(text);
    return count;
}

static unsigned page_declarations_read(const char *page)
{
    char path[NAME_MAXIMUM * 2];
    char *text;
    unsigned count;

    snprintf(path, sizeof(path), "%s/%s", MAN_DIR, page);
    text = slurp(path);
    strip_roff(text);
    count = declarations_find(text, true, page_declarations);
    free(text);
    return count;
}

START_TEST(test_every_manual_page_renders_without_a_warning)
{
    static char pages[FILES_MAXIMUM][NAME_MAXIMUM];
    char command[512];
    char output[RENDER_OUTPUT_MAX];
    unsigned count = list_files(MAN_DIR, "", pages);
    unsigned rendered = 0;

    ck_assert_msg(sxe_itest_run("command -v groff", output, sizeof(output)) == 0,
                  "groff not found: install the Debian package groff-base (make deps does)");

    for (unsigned i = 0; i < count; i++) {
        size_t length = strlen(pages[i]);

        if (length < 3 || pages[i][length - 2] != '.' || !isdigit((unsigned char)pages[i][length - 1])) {
            continue;
        }

        snprintf(command, sizeof(command), "groff -man -Tutf8 -ww -z '%s/%s' 2>&1", MAN_DIR, pages[i]);
        ck_assert_msg(sxe_itest_run(command, output, sizeof(output)) == 0 && output[0] == '\0',
                      "%s/%s does not render cleanly:\n%s", MAN_DIR, pages[i], output);
        rendered++;
    }

    ck_assert_msg(rendered >= SXE_ARRAY_SIZE(tools) + 6, "only %u pages in %s/", rendered, MAN_DIR);
}
END_TEST

START_TEST(test_every_public_header_has_its_section_3_page)
{
    static char headers[FILES_MAXIMUM][NAME_MAXIMUM];
    unsigned count = list_public_headers(headers);
    char page[NAME_MAXIMUM + 8];
    char path[NAME_MAXIMUM * 2];
    FILE *file;

    for (unsigned i = 0; i < count; i++) {
        page_of(headers[i], page, sizeof(page));
        snprintf(path, sizeof(path), "%s/%s", MAN_DIR, page);
        ck_assert_msg((file = fopen(path, "r")) != NULL, "%s has no manual page %s", headers[i], path);
        fclose(file);
    }
}
END_TEST

START_TEST(test_every_function_of_a_public_header_is_declared_on_its_page_with_the_same_types)
{
    static char headers[FILES_MAXIMUM][NAME_MAXIMUM];
    unsigned count = list_public_headers(headers);
    unsigned functions = 0;
    char page[NAME_MAXIMUM + 8];

    for (unsigned i = 0; i < count; i++) {
        unsigned in_header = header_declarations_read(headers[i]);
        unsigned on_page;

        page_of(headers[i], page, sizeof(page));
        on_page = page_declarations_read(page);

        for (unsigned h = 0; h < in_header; h++) {
            const DECLARATION *found = NULL;
            bool same = false;

            for (unsigned p = 0; p < on_page && !same; p++) {
                if (strcmp(page_declarations[p].name, header_declarations[h].name) == 0) {
                    found = &page_declarations[p];
                    same = strcmp(found->signature, header_declarations[h].signature) == 0;
                }
            }

            ck_assert_msg(found != NULL, "%s declares %s; %s/%s does not", headers[i], header_declarations[h].text,
                          MAN_DIR, page);
            ck_assert_msg(same, "%s declares\n  %s\nbut %s/%s says\n  %s", headers[i], header_declarations[h].text,
                          MAN_DIR, page, found->text);
            functions++;
        }
    }

    ck_assert_uint_ge(functions, 100); /* the parser found the functions (about 130 in 0.2.0) */
}
END_TEST

START_TEST(test_every_function_a_page_declares_is_declared_by_its_header)
{
    static char headers[FILES_MAXIMUM][NAME_MAXIMUM];
    unsigned count = list_public_headers(headers);
    char page[NAME_MAXIMUM + 8];

    for (unsigned i = 0; i < count; i++) {
        unsigned in_header = header_declarations_read(headers[i]);
        unsigned on_page;

        if (covered(headers[i]) != NULL) {
            continue; /* its page is another header's page: that header is the reference */
        }

        page_of(headers[i], page, sizeof(page));
        on_page = page_declarations_read(page);

        for (unsigned p = 0; p < on_page; p++) {
            bool declared = false;

            for (unsigned h = 0; h < in_header && !declared; h++) {
                declared = strcmp(page_declarations[p].name, header_declarations[h].name) == 0;
            }

            ck_assert_msg(declared, "%s/%s declares %s, which %s does not", MAN_DIR, page, page_declarations[p].text,
                          headers[i]);
        }
    }
}
END_TEST

/* Collects the options ("-x", "--long") that a help text names; returns how many. */
static unsigned help_options(const char *help, char options[][NAME_MAXIMUM])
{
    unsigned count = 0;

    for (const char *at = strchr(help, '-'); at != NULL; at = strchr(at + 1, '-')) {
        size_t dashes = at[1] == '-' ? 2 : 1;
        size_t length = strspn(at + dashes, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
        bool starts = at == help || strchr(" [|,(\n", at[-1]) != NULL;

        if (!starts || length == 0 || (dashes == 1 && length != 1) || length >= NAME_MAXIMUM - 2) {
            continue;
        }

        ck_assert_uint_lt(count, OPTIONS_MAXIMUM);
        snprintf(options[count++], NAME_MAXIMUM, "%.*s", (int)(dashes + length), at);
        at += dashes + length - 1;
    }

    return count;
}

/* Fails unless every option `tool --help` names is written ("\-x", "\-\-long") in the page at `path`. */
static void check_options_described(const char *tool, const char *path)
{
    static char options[OPTIONS_MAXIMUM][NAME_MAXIMUM];
    const char *argv[] = {tool, "--help", NULL};
    char roff_option[NAME_MAXIMUM * 2];
    char *page = slurp(path);
    char program_path[4096];
    unsigned count;

    ck_assert_msg(sxe_itest_program(program_path, sizeof(program_path), tool),
                  "%s not found: set SXE_BIN_DIR (make test does)", tool);
    ck_assert_int_eq(sxe_itest_run_program(&run, argv, RUN_TIMEOUT), 0);
    count = help_options(run.out, options);
    ck_assert_msg(count >= 3, "%s --help names only %u options", tool, count);

    for (unsigned o = 0; o < count; o++) {
        char *out = roff_option;
        const char *found;
        char after;

        for (const char *in = options[o]; *in != '\0'; in++) { /* "--help" is written "\-\-help" in roff */
            out += *in == '-' ? sprintf(out, "\\-") : sprintf(out, "%c", *in);
        }

        found = strstr(page, roff_option);

        while (found != NULL && ((after = found[strlen(roff_option)]) == '_' || isalnum((unsigned char)after) ||
                                 (after == '\\' && found[strlen(roff_option) + 1] == '-'))) {
            found = strstr(found + 1, roff_option);
        }

        ck_assert_msg(found != NULL, "%s --help names %s, which %s does not describe", tool, options[o], path);
    }

    free(page);
}

START_TEST(test_every_tool_has_its_section_1_page_describing_every_option_of_its_help)
{
    static char pages[FILES_MAXIMUM][NAME_MAXIMUM];
    unsigned count = list_files(MAN_DIR, ".1", pages);
    char path[NAME_MAXIMUM * 2];
    char tool[NAME_MAXIMUM];
    FILE *file;

    for (unsigned t = 0; t < SXE_ARRAY_SIZE(tools); t++) {
        snprintf(path, sizeof(path), "%s/sxe-%s.1", MAN_DIR, tools[t]);
        ck_assert_msg((file = fopen(path, "r")) != NULL, "the tool %s has no manual page %s", tools[t], path);
        fclose(file);
    }

    for (unsigned p = 0; p < count; p++) { /* man/sxe-NAME.1 documents (and installs) examples/NAME */
        if (strncmp(pages[p], "sxe-", 4) == 0) {
            snprintf(tool, sizeof(tool), "%.*s", (int)(strlen(pages[p]) - 6), pages[p] + 4);
            snprintf(path, sizeof(path), "%s/%s", MAN_DIR, pages[p]);
            check_options_described(tool, path);
        }
    }
}
END_TEST

START_TEST(test_libsxe_3_names_every_other_page)
{
    static char pages[FILES_MAXIMUM][NAME_MAXIMUM];
    unsigned count = list_files(MAN_DIR, "", pages);
    char *overview = slurp(MAN_DIR "/libsxe.3");
    char reference[NAME_MAXIMUM + 16];

    for (unsigned i = 0; i < count; i++) {
        size_t length = strlen(pages[i]);

        if (strcmp(pages[i], "libsxe.3") == 0 || length < 3 || pages[i][length - 2] != '.') {
            continue;
        }

        snprintf(reference, sizeof(reference), ".BR %.*s (%c)", (int)(length - 2), pages[i], pages[i][length - 1]);
        ck_assert_msg(strstr(overview, reference) != NULL, "%s/libsxe.3 does not name %s (no \"%s\")", MAN_DIR,
                      pages[i], reference);
    }

    free(overview);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("man-pages");
    TCase *tc = tcase_create("man");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_every_manual_page_renders_without_a_warning);
    tcase_add_test(tc, test_every_public_header_has_its_section_3_page);
    tcase_add_test(tc, test_every_function_of_a_public_header_is_declared_on_its_page_with_the_same_types);
    tcase_add_test(tc, test_every_function_a_page_declares_is_declared_by_its_header);
    tcase_add_test(tc, test_every_tool_has_its_section_1_page_describing_every_option_of_its_help);
    tcase_add_test(tc, test_libsxe_3_names_every_other_page);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
