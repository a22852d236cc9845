/* test-sxe-http-url.c: path percent-decoding and the small lookup helpers. Inputs sit against a guard page. */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "../../test/sxe-check.h"
#include "guard-page.h"
#include "sxe-http.h"

static char out[256];

static int decode_n(const char *s, size_t len, size_t out_size)
{
    memset(out, 'Z', sizeof(out));
    return sxe_http_url_decode_path(guard_page_copy(s, len), len, out, out_size);
}

static int decode(const char *s)
{
    return decode_n(s, strlen(s), sizeof(out));
}

START_TEST(a_plain_path_is_copied_and_nul_terminated)
{
    ck_assert_int_eq(decode("/index.html"), 11);
    ck_assert_str_eq(out, "/index.html");
    ck_assert_int_eq(decode(""), 0);
    ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(percent_escapes_in_either_case_are_decoded_and_plus_is_kept)
{
    ck_assert_int_eq(decode("/a%20b%2fc%2F%7e+d"), 10);
    ck_assert_str_eq(out, "/a b/c/~+d");
    ck_assert_int_eq(decode("/%2e%2E/etc"), 7);
    ck_assert_str_eq(out, "/../etc"); /* the caller checks for traversal after decoding */
    ck_assert_int_eq(decode("%c3%A9"), 2);
    ck_assert_str_eq(out, "\xc3\xa9");
}
END_TEST

START_TEST(percent_00_and_raw_nul_are_rejected)
{
    static const char raw[] = "/a\0b";

    ck_assert_int_eq(decode("/a%00b"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(decode_n(raw, sizeof(raw) - 1, sizeof(out)), SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

START_TEST(malformed_escapes_are_rejected)
{
    static const char *const bad[] = {"%", "/%", "/%4", "/%zz", "/%g0", "/%0g", "/%%41", "/% 41"};

    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_msg(decode(bad[i]) == SXE_HTTP_ERROR_BAD_REQUEST, "'%s'", bad[i]);
    }
}
END_TEST

START_TEST(an_output_too_small_for_the_result_and_its_nul_is_414)
{
    ck_assert_int_eq(decode_n("/abc", 4, 5), 4); /* exact fit */
    ck_assert_str_eq(out, "/abc");
    ck_assert_int_eq(decode_n("/abc", 4, 4), SXE_HTTP_ERROR_URI_TOO_LONG);
    ck_assert_int_eq(decode_n("/a%20", 5, 4), 3); /* the decoded length is what must fit */
    ck_assert_int_eq(decode_n("", 0, 0), SXE_HTTP_ERROR_URI_TOO_LONG);
    ck_assert_int_eq(decode_n("/", 1, 0), SXE_HTTP_ERROR_URI_TOO_LONG);
}
END_TEST

START_TEST(decoding_in_place_works)
{
    char path[] = "/x%41y%2Fz";

    ck_assert_int_eq(sxe_http_url_decode_path(path, strlen(path), path, sizeof(path)), 6);
    ck_assert_str_eq(path, "/xAy/z");
}
END_TEST

START_TEST(method_names_map_both_ways_case_sensitively)
{
    ck_assert_int_eq(sxe_http_method_from_string("GET", 3), SXE_HTTP_METHOD_GET);
    ck_assert_int_eq(sxe_http_method_from_string("OPTIONS", 7), SXE_HTTP_METHOD_OPTIONS);
    ck_assert_int_eq(sxe_http_method_from_string("PATCH", 5), SXE_HTTP_METHOD_PATCH);
    ck_assert_int_eq(sxe_http_method_from_string("get", 3), SXE_HTTP_METHOD_UNKNOWN);
    ck_assert_int_eq(sxe_http_method_from_string("GETS", 4), SXE_HTTP_METHOD_UNKNOWN);
    ck_assert_int_eq(sxe_http_method_from_string("GE", 2), SXE_HTTP_METHOD_UNKNOWN);
    ck_assert_int_eq(sxe_http_method_from_string("", 0), SXE_HTTP_METHOD_UNKNOWN);

    for (unsigned m = SXE_HTTP_METHOD_GET; m < SXE_HTTP_METHOD_NUMBER_OF_METHODS; m++) {
        const char *name = sxe_http_method_to_string((SXE_HTTP_METHOD)m);

        ck_assert_int_eq(sxe_http_method_from_string(name, strlen(name)), m);
    }

    ck_assert_str_eq(sxe_http_method_to_string(SXE_HTTP_METHOD_UNKNOWN), "UNKNOWN");
    ck_assert_str_eq(sxe_http_method_to_string(SXE_HTTP_METHOD_NUMBER_OF_METHODS), "UNKNOWN");
}
END_TEST

START_TEST(status_codes_have_their_standard_reason_phrases)
{
    static const struct {
        unsigned status;
        const char *reason;
    } expected[] = {{100, "Continue"},
                    {101, "Switching Protocols"},
                    {200, "OK"},
                    {201, "Created"},
                    {202, "Accepted"},
                    {203, "Non-Authoritative Information"},
                    {204, "No Content"},
                    {205, "Reset Content"},
                    {206, "Partial Content"},
                    {300, "Multiple Choices"},
                    {301, "Moved Permanently"},
                    {302, "Found"},
                    {303, "See Other"},
                    {304, "Not Modified"},
                    {307, "Temporary Redirect"},
                    {308, "Permanent Redirect"},
                    {400, "Bad Request"},
                    {401, "Unauthorized"},
                    {403, "Forbidden"},
                    {404, "Not Found"},
                    {405, "Method Not Allowed"},
                    {406, "Not Acceptable"},
                    {408, "Request Timeout"},
                    {409, "Conflict"},
                    {410, "Gone"},
                    {411, "Length Required"},
                    {412, "Precondition Failed"},
                    {413, "Content Too Large"},
                    {414, "URI Too Long"},
                    {415, "Unsupported Media Type"},
                    {416, "Range Not Satisfiable"},
                    {417, "Expectation Failed"},
                    {426, "Upgrade Required"},
                    {429, "Too Many Requests"},
                    {431, "Request Header Fields Too Large"},
                    {500, "Internal Server Error"},
                    {501, "Not Implemented"},
                    {502, "Bad Gateway"},
                    {503, "Service Unavailable"},
                    {504, "Gateway Timeout"},
                    {505, "HTTP Version Not Supported"},
                    {299, "Unknown"},
                    {0, "Unknown"}};

    for (unsigned i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
        ck_assert_str_eq(sxe_http_status_reason(expected[i].status), expected[i].reason);
    }
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("sxe-http-url");
    TCase *tc = tcase_create("url");

    tcase_add_test(tc, a_plain_path_is_copied_and_nul_terminated);
    tcase_add_test(tc, percent_escapes_in_either_case_are_decoded_and_plus_is_kept);
    tcase_add_test(tc, percent_00_and_raw_nul_are_rejected);
    tcase_add_test(tc, malformed_escapes_are_rejected);
    tcase_add_test(tc, an_output_too_small_for_the_result_and_its_nul_is_414);
    tcase_add_test(tc, decoding_in_place_works);
    tcase_add_test(tc, method_names_map_both_ways_case_sensitively);
    tcase_add_test(tc, status_codes_have_their_standard_reason_phrases);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(suite, tc);

    return sxe_test_run(suite);
}
