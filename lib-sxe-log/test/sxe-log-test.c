/* sxe-log-test.c: the capture sink and prefix checks used by the lib-sxe-log test suites. */
#include <check.h>
#include <regex.h>
#include <string.h>

#include "sxe-log-test.h"

typedef struct TEST_CAPTURED_LINE {
    unsigned level;
    char text[SXE_LOG_LINE_MAX + 1];
} TEST_CAPTURED_LINE;

static TEST_CAPTURED_LINE test_lines[TEST_CAPTURE_LINES_MAX];
static unsigned test_line_count;

/* Calls to a custom sink are serialized by the log, so no lock is needed here. */
static void test_capture_sink(unsigned level, const char *line, unsigned len, void *user)
{
    ck_assert_ptr_eq(user, test_lines);
    ck_assert_uint_gt(len, 0);
    ck_assert_int_eq(line[len - 1], '\n');
    ck_assert_int_eq(line[len], '\0');
    ck_assert_uint_le(len, SXE_LOG_LINE_MAX);

    if (test_line_count < TEST_CAPTURE_LINES_MAX) {
        test_lines[test_line_count].level = level;
        memcpy(test_lines[test_line_count].text, line, len - 1);
        test_lines[test_line_count].text[len - 1] = '\0';
        test_line_count++;
    }
}

void test_capture_start(void)
{
    test_line_count = 0;
    sxe_log_set_sink(test_capture_sink, test_lines);
}

void test_capture_stop(void)
{
    sxe_log_set_sink(NULL, NULL);
}

unsigned test_capture_count(void)
{
    return test_line_count;
}

const char *test_capture_line(unsigned i)
{
    return i < test_line_count ? test_lines[i].text : NULL;
}

unsigned test_capture_level(unsigned i)
{
    return i < test_line_count ? test_lines[i].level : 0;
}

int test_line_prefix_is_valid(const char *line)
{
    static const char pattern[] = "^[0-9]{8} [0-9]{6}\\.[0-9]{3} [PT][0-9a-f]{8} ";
    regex_t regex;
    int matches;

    ck_assert_int_eq(regcomp(&regex, pattern, REG_EXTENDED | REG_NOSUB), 0);
    matches = regexec(&regex, line, 0, NULL, 0) == 0;
    regfree(&regex);
    return matches;
}

const char *test_capture_tail(unsigned i)
{
    ck_assert_msg(i < test_line_count, "line %u was not captured (only %u lines)", i, test_line_count);
    ck_assert_msg(test_line_prefix_is_valid(test_lines[i].text), "malformed prefix: '%s'", test_lines[i].text);
    return test_lines[i].text + 30;
}
