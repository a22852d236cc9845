/* test-sxe-log-dump.c: SXED hex dumps: one line per 16 bytes, padded short last line, unprintables as '.'. */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../test/sxe-check.h"
#include "sxe-log-test.h"

static void setup(void)
{
    sxe_log_set_level(SXE_LOG_LEVEL_DEFAULT);
    sxe_log_clear_thread_id();
    test_capture_start();
}

static void teardown(void)
{
    test_capture_stop();
}

/* The expected tail of a dump line: the address of `at` followed by `rest`. */
static const char *expected_dump_tail(const char *head, const void *at, const char *rest)
{
    static char expected[SXE_LOG_LINE_MAX];

    snprintf(expected, sizeof(expected), "%s%08" PRIxPTR " %s", head, (uintptr_t)at, rest);
    return expected;
}

START_TEST(test_dump_of_sixteen_bytes_is_one_line)
{
    const char data[] = "GET /123456789/1";

    SXED1(data, 16);
    ck_assert_uint_eq(test_capture_count(), 1);
    ck_assert_str_eq(
        test_capture_tail(0),
        expected_dump_tail("------ 1 - ", data, "47 45 54 20 2f 31 32 33 34 35 36 37 38 39 2f 31 GET /123456789/1"));
}
END_TEST

START_TEST(test_short_last_line_is_padded_so_text_lines_up)
{
    const unsigned char data[20] = {'a', 'b', 'c', 'd', 'e', 'f', 'g',  'h',  'i',  'j',
                                    'k', 'l', 'm', 'n', 'o', 'p', 0x00, '\\', 0x7f, 0xff};

    SXED2(data, sizeof(data));
    ck_assert_uint_eq(test_capture_count(), 2);
    ck_assert_str_eq(
        test_capture_tail(0),
        expected_dump_tail("------ 2 - ", data, "61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e 6f 70 abcdefghijklmnop"));
    ck_assert_str_eq(test_capture_tail(1), expected_dump_tail("------ 2 - ", data + 16,
                                                              "00 5c 7f ff                                     .\\.."));
    ck_assert_uint_eq(strlen(test_capture_tail(0)) - 16, strlen(test_capture_tail(1)) - 4);
}
END_TEST

START_TEST(test_dump_is_indented_and_carries_the_id)
{
    const char data[] = "xyz";

    SXEE1("f()");
    sxe_log_dump(1, 5, data, 3);
    SXER1("return");
    ck_assert_uint_eq(test_capture_count(), 3);
    ck_assert_str_eq(test_capture_tail(1),
                     expected_dump_tail("     5 1   - ", data, "78 79 7a                                        xyz"));
}
END_TEST

START_TEST(test_empty_dump_prints_nothing_and_null_dump_says_so)
{
    SXED1("", 0);
    ck_assert_uint_eq(test_capture_count(), 0);
    SXED1(NULL, 8);
    ck_assert_uint_eq(test_capture_count(), 1);
    ck_assert_str_eq(test_capture_tail(0), "------ 1 - sxe_log_dump(): NULL pointer, 8 bytes: nothing to dump");
}
END_TEST

START_TEST(test_dump_is_filtered_by_level)
{
    sxe_log_set_level(4);
    SXED5("hidden", 6);
    SXED4("shown", 5);
    ck_assert_uint_eq(test_capture_count(), 1);
}
END_TEST

START_TEST(test_large_dump_has_one_line_per_sixteen_bytes)
{
    static unsigned char data[1000];

    for (unsigned i = 0; i < sizeof(data); i++)
        data[i] = (unsigned char)i;

    SXED3(data, sizeof(data));
    ck_assert_uint_eq(test_capture_count(), (sizeof(data) + 15) / 16);
    ck_assert_str_eq(test_capture_tail(2),
                     expected_dump_tail("------ 3 - ", data + 32,
                                        "20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f  !\"#$%&'()*+,-./"));
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("sxe-log-dump");
    TCase *tc = tcase_create("dump");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_dump_of_sixteen_bytes_is_one_line);
    tcase_add_test(tc, test_short_last_line_is_padded_so_text_lines_up);
    tcase_add_test(tc, test_dump_is_indented_and_carries_the_id);
    tcase_add_test(tc, test_empty_dump_prints_nothing_and_null_dump_says_so);
    tcase_add_test(tc, test_dump_is_filtered_by_level);
    tcase_add_test(tc, test_large_dump_has_one_line_per_sixteen_bytes);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
