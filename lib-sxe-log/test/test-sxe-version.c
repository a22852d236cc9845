/* test-sxe-version.c: the version macros and sxe_version() (sxe-version.h). Includes only sxe-util.h, which is
 * enough for a program to see the version.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sxe-util.h"
#include "../../test/sxe-check.h"

START_TEST(test_sxe_version_returns_the_version_the_headers_announce)
{
    ck_assert_ptr_nonnull(sxe_version());
    ck_assert_str_eq(sxe_version(), SXE_VERSION_STRING);
}
END_TEST

START_TEST(test_the_version_string_is_the_three_numbers_joined_by_dots)
{
    char expected[64];

    snprintf(expected, sizeof(expected), "%d.%d.%d", SXE_VERSION_MAJOR, SXE_VERSION_MINOR, SXE_VERSION_PATCH);
    ck_assert_str_eq(SXE_VERSION_STRING, expected);
}
END_TEST

START_TEST(test_encoded_versions_order_like_versions)
{
    ck_assert_int_lt(SXE_VERSION_ENCODE(0, 2, 0), SXE_VERSION_ENCODE(0, 2, 1));
    ck_assert_int_lt(SXE_VERSION_ENCODE(0, 2, 999), SXE_VERSION_ENCODE(0, 10, 0)); /* 0.10 comes after 0.2 */
    ck_assert_int_lt(SXE_VERSION_ENCODE(0, 999, 999), SXE_VERSION_ENCODE(1, 0, 0));
    ck_assert_int_eq(SXE_VERSION_NUMBER, SXE_VERSION_ENCODE(SXE_VERSION_MAJOR, SXE_VERSION_MINOR, SXE_VERSION_PATCH));
#if SXE_VERSION_NUMBER < SXE_VERSION_ENCODE(0, 2, 0)
    ck_abort_msg("the preprocessor sees a version older than 0.2.0, the first one with sxe-version.h");
#endif
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("sxe-version");
    TCase *tc = tcase_create("version");

    tcase_add_test(tc, test_sxe_version_returns_the_version_the_headers_announce);
    tcase_add_test(tc, test_the_version_string_is_the_three_numbers_joined_by_dots);
    tcase_add_test(tc, test_encoded_versions_order_like_versions);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
