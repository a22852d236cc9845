/* test-sxe-util.c: sxe-util.h helpers and return codes: bounded substring search, the monotonic clock,
 * return code names, and the early-out convention.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../test/sxe-check.h"
#include "sxe-log.h"
#include "sxe-util.h"

/* A copy of text in a heap block of exactly its length (no NUL): ASan catches any read past it. */
static char *exact_copy(const char *text)
{
    size_t length = strlen(text);
    char *copy = malloc(length > 0 ? length : 1);

    ck_assert_ptr_nonnull(copy);
    memcpy(copy, text, length);
    return copy;
}

START_TEST(test_strnstr_finds_needle_within_n_bytes)
{
    char *buffer = exact_copy("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    size_t length = strlen("GET / HTTP/1.1\r\nHost: x\r\n\r\n");

    ck_assert_ptr_eq(sxe_strnstr(buffer, "\r\n\r\n", length), buffer + length - 4);
    ck_assert_ptr_eq(sxe_strnstr(buffer, "GET", length), buffer);
    ck_assert_ptr_eq(sxe_strnstr(buffer, "Host", length), buffer + 16);
    ck_assert_ptr_null(sxe_strnstr(buffer, "\r\n\r\n", length - 1)); /* Match would end past n */
    ck_assert_ptr_null(sxe_strnstr(buffer, "host", length));         /* Case-sensitive */
    ck_assert_ptr_null(sxe_strnstr(buffer, "\r\n\r\n\r\n", length)); /* Needle longer than what is left */
    free(buffer);
}
END_TEST

START_TEST(test_strnstr_handles_an_empty_needle_a_zero_length_and_an_embedded_nul)
{
    const char text[] = "abc\0def";

    ck_assert_ptr_eq(sxe_strnstr(text, "", 0), text); /* Empty needle: haystack itself */
    ck_assert_ptr_eq(sxe_strnstr(text, "", 3), text);
    ck_assert_ptr_null(sxe_strnstr(text, "a", 0));              /* n == 0 searches nothing */
    ck_assert_ptr_null(sxe_strnstr(text, "def", sizeof(text))); /* Search stops at an embedded NUL */
    ck_assert_ptr_eq(sxe_strnstr(text, "c", 100), text + 2);    /* n beyond a terminated string is safe */
    ck_assert_ptr_null(sxe_strnstr(text, "cd", 100));
}
END_TEST

START_TEST(test_strnstr_finds_after_partial_matches)
{
    char *buffer = exact_copy("aaab");

    ck_assert_ptr_eq(sxe_strnstr(buffer, "aab", 4), buffer + 1);
    ck_assert_ptr_eq(sxe_strnstr(buffer, "b", 4), buffer + 3);
    ck_assert_ptr_null(sxe_strnstr(buffer, "b", 3));
    free(buffer);
}
END_TEST

START_TEST(test_strncasestr_ignores_ascii_case)
{
    char *buffer = exact_copy("Content-LENGTH: 5\r\n");

    ck_assert_ptr_eq(sxe_strncasestr(buffer, "content-length:", 19), buffer);
    ck_assert_ptr_eq(sxe_strncasestr(buffer, "Length", 19), buffer + 8);
    ck_assert_ptr_eq(sxe_strncasestr(buffer, "", 19), buffer);
    ck_assert_ptr_null(sxe_strncasestr(buffer, "length: 5\r\n", 18));
    ck_assert_ptr_null(sxe_strncasestr(buffer, "content-type", 19));
    ck_assert_ptr_null(sxe_strncasestr("\xc9t\xe9", "\xe9T\xe9", 3)); /* Only ASCII letters fold */
    free(buffer);
}
END_TEST

/* Every classic SXE_RETURN name, with the classic value (an errno number) and the classic string. */
static const struct {
    SXE_RETURN value;
    int classic;
    const char *name;
} classic_returns[] = {
    {SXE_RETURN_OK, 0, "OK"},
    {SXE_RETURN_NO_SUCH_PROCESS, ESRCH, "NO_SUCH_PROCESS"},
    {SXE_RETURN_ERROR_INTERRUPTED, EINTR, "ERROR_INTERRUPTED"},
    {SXE_RETURN_ERROR_WRITE_FAILED, EIO, "ERROR_WRITE_FAILED"},
    {SXE_RETURN_ERROR_COMMAND_NOT_RUN, ENOEXEC, "ERROR_COMMAND_NOT_RUN"},
    {SXE_RETURN_WARN_ALREADY_CLOSED, EBADF, "WARN_ALREADY_CLOSED"},
    {SXE_RETURN_WARN_WOULD_BLOCK, EAGAIN, "WARN_WOULD_BLOCK"},
    {SXE_RETURN_ERROR_ALLOC, ENOMEM, "ERROR_ALLOC"},
    {SXE_RETURN_ERROR_INVALID, EINVAL, "ERROR_INVALID"},
    {SXE_RETURN_OUT_OF_RANGE, ERANGE, "OUT_OF_RANGE"},
    {SXE_RETURN_DEADLOCK_WOULD_OCCUR, EDEADLK, "DEADLOCK_WOULD_OCCUR"},
    {SXE_RETURN_ERROR_LOCK_NOT_TAKEN, ENOLCK, "ERROR_LOCK_NOT_TAKEN"},
    {SXE_RETURN_END_OF_FILE, ENODATA, "END_OF_FILE"},
    {SXE_RETURN_ERROR_BAD_MESSAGE, EBADMSG, "ERROR_BAD_MESSAGE"},
    {SXE_RETURN_ERROR_INCORRECT_STATE, EBADFD, "ERROR_INCORRECT_STATE"},
    {SXE_RETURN_ERROR_ADDRESS_IN_USE, EADDRINUSE, "ERROR_ADDRESS_IN_USE"},
    {SXE_RETURN_NO_UNUSED_ELEMENTS, ENOBUFS, "NO_UNUSED_ELEMENTS"},
    {SXE_RETURN_ERROR_ALREADY_CONNECTED, EISCONN, "ERROR_ALREADY_CONNECTED"},
    {SXE_RETURN_ERROR_NO_CONNECTION, ENOTCONN, "ERROR_NO_CONNECTION"},
    {SXE_RETURN_ERROR_TIMED_OUT, ETIMEDOUT, "ERROR_TIMED_OUT"},
    {SXE_RETURN_WARN_ALREADY_INITIALIZED, EALREADY, "WARN_ALREADY_INITIALIZED"},
    {SXE_RETURN_IN_PROGRESS, EINPROGRESS, "IN_PROGRESS"},
    {SXE_RETURN_ERROR_NOT_INITIALIZED, EUCLEAN, "ERROR_NOT_INITIALIZED"},
    {SXE_RETURN_UNCATEGORIZED, EMEDIUMTYPE, "UNCATEGORIZED"},
    {SXE_RETURN_EXPIRED_VALUE, EKEYEXPIRED, "EXPIRED_VALUE"},
    {SXE_RETURN_ERROR_INTERNAL, ENOTRECOVERABLE, "ERROR_INTERNAL"},
    {SXE_RETURN_INVALID_VALUE, INT_MAX, "INVALID_VALUE"},
    {SXE_RETURN_WARN_CACHE_DOUBLE_INITIALIZED, EALREADY, "WARN_ALREADY_INITIALIZED"},
    {SXE_RETURN_ERROR_BAD_MESSAGE_RECEIVED, EBADMSG, "ERROR_BAD_MESSAGE"},
    {SXE_RETURN_ERROR_CACHE_UNINITIALIZED, EUCLEAN, "ERROR_NOT_INITIALIZED"},
    {SXE_RETURN_ERROR_INVALID_URI, EINVAL, "ERROR_INVALID"},
};

/* libsxe's codes without a classic equivalent: each has its own value and name. */
static const struct {
    SXE_RETURN value;
    const char *name;
} own_returns[] = {
    {SXE_RETURN_ERROR_PERMISSION, "ERROR_PERMISSION"},
    {SXE_RETURN_ERROR_OUT_OF_FILES, "ERROR_OUT_OF_FILES"},
    {SXE_RETURN_ERROR_BUFFER_FULL, "ERROR_BUFFER_FULL"},
    {SXE_RETURN_ERROR_INVALID_ADDRESS, "ERROR_INVALID_ADDRESS"},
    {SXE_RETURN_ERROR_NOT_SUPPORTED, "ERROR_NOT_SUPPORTED"},
    {SXE_RETURN_ERROR_OUT_OF_PORTS, "ERROR_OUT_OF_PORTS"},
    {SXE_RETURN_ERROR_READ_FAILED, "ERROR_READ_FAILED"},
    {SXE_RETURN_ERROR_CONNECTION_REFUSED, "ERROR_CONNECTION_REFUSED"},
};

START_TEST(test_every_classic_return_code_has_its_classic_errno_value_and_name)
{
    for (unsigned i = 0; i < SXE_ARRAY_SIZE(classic_returns); i++) {
        ck_assert_int_eq((int)classic_returns[i].value, classic_returns[i].classic);
        ck_assert_str_eq(sxe_return_to_string(classic_returns[i].value), classic_returns[i].name);
    }
}
END_TEST

START_TEST(test_libsxe_own_return_codes_collide_with_no_classic_code_nor_each_other)
{
    for (unsigned i = 0; i < SXE_ARRAY_SIZE(own_returns); i++) {
        ck_assert_str_eq(sxe_return_to_string(own_returns[i].value), own_returns[i].name);

        for (unsigned j = 0; j < SXE_ARRAY_SIZE(classic_returns); j++) {
            ck_assert_int_ne(own_returns[i].value, classic_returns[j].value);
        }

        for (unsigned j = 0; j < i; j++) {
            ck_assert_int_ne(own_returns[i].value, own_returns[j].value);
        }
    }
}
END_TEST

START_TEST(test_libsxe_names_of_classic_codes_are_aliases_with_the_classic_string)
{
    ck_assert_int_eq(SXE_RETURN_WARN_IN_PROGRESS, SXE_RETURN_IN_PROGRESS);
    ck_assert_int_eq(SXE_RETURN_ERROR_BAD_PARAMETER, SXE_RETURN_ERROR_INVALID);
    ck_assert_int_eq(SXE_RETURN_ERROR_TIMEOUT, SXE_RETURN_ERROR_TIMED_OUT);
    ck_assert_int_eq(SXE_RETURN_ERROR_OUT_OF_MEMORY, SXE_RETURN_ERROR_ALLOC);
    ck_assert_int_eq(SXE_RETURN_ERROR_BAD_STATE, SXE_RETURN_ERROR_INCORRECT_STATE);
    ck_assert_int_eq(SXE_RETURN_ERROR_POOL_EXHAUSTED, SXE_RETURN_NO_UNUSED_ELEMENTS);
    ck_assert_str_eq(sxe_return_to_string(SXE_RETURN_ERROR_POOL_EXHAUSTED), "NO_UNUSED_ELEMENTS");
}
END_TEST

START_TEST(test_return_to_string_of_a_value_that_is_no_code_is_unknown)
{
    ck_assert_str_eq(sxe_return_to_string((SXE_RETURN)1), "UNKNOWN_SXE_RETURN");
    ck_assert_str_eq(sxe_return_to_string((SXE_RETURN)999), "UNKNOWN_SXE_RETURN");
    ck_assert_str_eq(sxe_return_to_string((SXE_RETURN)-1), "UNKNOWN_SXE_RETURN");
}
END_TEST

START_TEST(test_time_is_monotonic_seconds)
{
    double first = sxe_get_time_in_seconds();
    double second;
    struct timespec pause = {0, 20 * 1000 * 1000};

    nanosleep(&pause, NULL);
    second = sxe_get_time_in_seconds();
    ck_assert(first > 0);
    ck_assert(second - first >= 0.019);
    ck_assert(second - first < 10.0);
}
END_TEST

/* The early-out convention: both label names jump to the single exit label. */
static SXE_RETURN classify(int value, unsigned *cleanups)
{
    SXE_RETURN result = SXE_RETURN_ERROR_BAD_PARAMETER;

    if (value < 0) goto SXE_ERROR_OUT;

    result = SXE_RETURN_WARN_IN_PROGRESS;

    if (value == 0) goto SXE_EARLY_OUT;

    result = SXE_RETURN_OK;

SXE_EARLY_OR_ERROR_OUT:
    (*cleanups)++;
    return result;
}

START_TEST(test_early_and_error_out_share_one_exit)
{
    unsigned cleanups = 0;

    ck_assert_int_eq(classify(-1, &cleanups), SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(classify(0, &cleanups), SXE_RETURN_WARN_IN_PROGRESS);
    ck_assert_int_eq(classify(1, &cleanups), SXE_RETURN_OK);
    ck_assert_uint_eq(cleanups, 3);
}
END_TEST

/* Classic code may have the two labels of its own instead of SXE_EARLY_OR_ERROR_OUT. */
static int classic_two_labels(int value)
{
    int result = 0;

    if (value < 0) goto SXE_ERROR_OUT;

    if (value == 0) goto SXE_EARLY_OUT;

    result = 2;
    goto SXE_EARLY_OUT;

SXE_ERROR_OUT:
    result = -1;

SXE_EARLY_OUT:
    return result;
}

START_TEST(test_a_classic_function_may_have_its_own_early_and_error_labels)
{
    ck_assert_int_eq(classic_two_labels(-1), -1);
    ck_assert_int_eq(classic_two_labels(0), 0);
    ck_assert_int_eq(classic_two_labels(1), 2);
}
END_TEST

static int ignores_its_argument(int unused_argument)
{
    SXE_UNUSED_ARGUMENT(unused_argument);
    SXE_UNUSED_PARAMETER(unused_argument);
    return 7;
}

START_TEST(test_literal_length_array_size_and_branch_hints_give_the_expected_values)
{
    int array[5];
    char text[SXE_LITERAL_LENGTH("abc") + 1];

    ck_assert_uint_eq(SXE_LITERAL_LENGTH("abc"), 3);
    ck_assert_uint_eq(SXE_LITERAL_LENGTH(""), 0);
    ck_assert_uint_eq(SXE_ARRAY_SIZE(array), 5);
    ck_assert_uint_eq(sizeof(text), 4);
    ck_assert_int_eq(ignores_its_argument(1), 7);
    ck_assert(SXE_LIKELY(1 == 1));
    ck_assert(!SXE_UNLIKELY(1 == 2));
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("sxe-util");
    TCase *tc = tcase_create("util");

    tcase_add_test(tc, test_strnstr_finds_needle_within_n_bytes);
    tcase_add_test(tc, test_strnstr_handles_an_empty_needle_a_zero_length_and_an_embedded_nul);
    tcase_add_test(tc, test_strnstr_finds_after_partial_matches);
    tcase_add_test(tc, test_strncasestr_ignores_ascii_case);
    tcase_add_test(tc, test_every_classic_return_code_has_its_classic_errno_value_and_name);
    tcase_add_test(tc, test_libsxe_own_return_codes_collide_with_no_classic_code_nor_each_other);
    tcase_add_test(tc, test_libsxe_names_of_classic_codes_are_aliases_with_the_classic_string);
    tcase_add_test(tc, test_return_to_string_of_a_value_that_is_no_code_is_unknown);
    tcase_add_test(tc, test_time_is_monotonic_seconds);
    tcase_add_test(tc, test_early_and_error_out_share_one_exit);
    tcase_add_test(tc, test_a_classic_function_may_have_its_own_early_and_error_labels);
    tcase_add_test(tc, test_literal_length_array_size_and_branch_hints_give_the_expected_values);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
