/* test-echo-readme.c: the README's tour quotes the echo example as it is. Every block the top-level README.md marks
 * with `<!-- quote: PATH -->` (the line before a fenced block) must equal the file PATH byte for byte, and the tour
 * must quote examples/echo/echo.c, so the code a reader copies from the tour is the code `make test` runs.
 * Run from the repository root (`make test` does).
 */
#include <check.h>

#include "sxe-check.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define README       "README.md"
#define QUOTE_MARKER "<!-- quote: "
#define FENCE        "```"
#define TOUR_FILE    "examples/echo/echo.c"
#define TEXT_MAXIMUM (1 << 20) /* bytes read of README.md or of a quoted file */

/* Read the whole of path into a new NUL-terminated buffer (the caller frees it), or NULL. */
static char *read_text(const char *path)
{
    FILE *file = fopen(path, "r");
    char *text = malloc(TEXT_MAXIMUM + 1);
    size_t used = 0;

    if (file != NULL && text != NULL) {
        used = fread(text, 1, TEXT_MAXIMUM, file);
    }

    if (file == NULL || text == NULL || ferror(file) || used == TEXT_MAXIMUM) {
        free(text);
        text = NULL;
    } else {
        text[used] = '\0';
    }

    if (file != NULL) {
        fclose(file);
    }

    return text;
}

/* The path a quote marker names, copied into path. */
static const char *quoted_path(const char *marker, char *path, size_t size)
{
    const char *name = marker + strlen(QUOTE_MARKER);
    size_t length = strcspn(name, " \n");

    ck_assert_msg(length > 0 && length < size, "a quote marker without a path: %.60s", marker);
    memcpy(path, name, length);
    path[length] = '\0';
    return path;
}

/* The fenced block right after the marker at `marker` must equal the file it names. */
static void check_quote(const char *marker)
{
    char path[256];
    const char *line = strchr(marker, '\n');
    const char *start, *end;
    char *file;

    quoted_path(marker, path, sizeof(path));
    ck_assert_msg(line != NULL && strncmp(line + 1, FENCE, 3) == 0, "%s: no fenced block right after its marker", path);
    start = strchr(line + 1, '\n'); /* the end of the opening fence's line */
    end = start != NULL ? strstr(start, "\n" FENCE "\n") : NULL;
    ck_assert_msg(end != NULL, "%s: the quoted block never ends", path);
    start++;
    ck_assert_msg((file = read_text(path)) != NULL, "%s: quoted in " README " but cannot be read", path);
    ck_assert_msg(strlen(file) == (size_t)(end + 1 - start) && memcmp(file, start, strlen(file)) == 0,
                  "%s differs from its quote in " README ": copy the file into the block again", path);
    free(file);
}

START_TEST(test_every_block_the_readme_quotes_equals_its_file)
{
    char *readme = read_text(README);
    unsigned quotes = 0;

    ck_assert_msg(readme != NULL, "cannot read " README ": run from the repository root (make test does)");

    for (const char *marker = strstr(readme, QUOTE_MARKER); marker != NULL; marker = strstr(marker + 1, QUOTE_MARKER)) {
        check_quote(marker);
        quotes++;
    }

    ck_assert_msg(quotes > 0, README " quotes no file: the tour's marker is gone");
    free(readme);
}
END_TEST

START_TEST(test_the_tour_quotes_the_echo_example)
{
    char *readme = read_text(README);
    bool found = false;

    ck_assert_msg(readme != NULL, "cannot read " README ": run from the repository root (make test does)");

    for (const char *marker = strstr(readme, QUOTE_MARKER); marker != NULL; marker = strstr(marker + 1, QUOTE_MARKER)) {
        char path[256];

        found = found || strcmp(quoted_path(marker, path, sizeof(path)), TOUR_FILE) == 0;
    }

    ck_assert_msg(found, README " does not quote " TOUR_FILE);
    free(readme);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("echo-readme");
    TCase *tc = tcase_create("echo-readme");

    tcase_add_test(tc, test_every_block_the_readme_quotes_equals_its_file);
    tcase_add_test(tc, test_the_tour_quotes_the_echo_example);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
