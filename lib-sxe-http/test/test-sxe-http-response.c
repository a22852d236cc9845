/* test-sxe-http-response.c: the response head parser, as a specification. Inputs sit against a guard page. */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "../../test/sxe-check.h"
#include "guard-page.h"
#include "sxe-http.h"

#define HEAD_MAX 8192

static SXE_HTTP_HEADER headers[8];
static SXE_HTTP_RESPONSE resp;

static int parse_n(const char *s, size_t len, size_t head_max, bool request_was_head)
{
    resp.headers = headers;
    resp.header_max = 8;
    return sxe_http_parse_response(guard_page_copy(s, len), len, &resp, head_max, request_was_head);
}

static int parse(const char *s)
{
    return parse_n(s, strlen(s), HEAD_MAX, false);
}

#define OK_LENGTH "HTTP/1.1 200 OK\r\nServer: x\r\nContent-Length: 11\r\n\r\n"

START_TEST(a_response_with_content_length_has_a_length_body_and_keeps_alive)
{
    ck_assert_int_eq(parse(OK_LENGTH), (int)strlen(OK_LENGTH));
    ck_assert_uint_eq(resp.status, 200);
    ck_assert_uint_eq(resp.version_minor, 1);
    ck_assert_uint_eq(resp.reason_len, 2);
    ck_assert(memcmp(resp.reason, "OK", 2) == 0);
    ck_assert_uint_eq(resp.header_count, 2);
    ck_assert_int_eq(resp.body_kind, SXE_HTTP_BODY_LENGTH);
    ck_assert_uint_eq(resp.content_length, 11);
    ck_assert(resp.keep_alive);
}
END_TEST

START_TEST(a_chunked_response_has_a_chunked_body)
{
    ck_assert_int_gt(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), 0);
    ck_assert_int_eq(resp.body_kind, SXE_HTTP_BODY_CHUNKED);
    ck_assert(resp.is_chunked);
    ck_assert(resp.keep_alive);
    ck_assert_int_gt(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"), 0);
    ck_assert_int_eq(resp.body_kind, SXE_HTTP_BODY_CHUNKED);
}
END_TEST

START_TEST(a_response_without_length_or_chunked_coding_is_close_delimited)
{
    ck_assert_int_gt(parse("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n"), 0);
    ck_assert_int_eq(resp.body_kind, SXE_HTTP_BODY_CLOSE_DELIMITED);
    ck_assert(!resp.keep_alive);
    ck_assert_int_gt(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"), 0);
    ck_assert_int_eq(resp.body_kind, SXE_HTTP_BODY_CLOSE_DELIMITED);
    ck_assert(!resp.is_chunked);
}
END_TEST

START_TEST(responses_to_head_and_1xx_204_304_have_no_body)
{
    static const char *const no_body[] = {"HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n",
                                          "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n",
                                          "HTTP/1.1 100 Continue\r\n\r\n",
                                          "HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\n\r\n"};

    for (unsigned i = 0; i < sizeof(no_body) / sizeof(no_body[0]); i++) {
        ck_assert_int_eq(parse(no_body[i]), (int)strlen(no_body[i]));
        ck_assert_int_eq(resp.body_kind, SXE_HTTP_BODY_NONE);
    }

    ck_assert_int_gt(parse_n(OK_LENGTH, strlen(OK_LENGTH), HEAD_MAX, true), 0);
    ck_assert_int_eq(resp.body_kind, SXE_HTTP_BODY_NONE);
    ck_assert_uint_eq(resp.content_length, 11);
    ck_assert(resp.keep_alive);
}
END_TEST

START_TEST(an_interim_100_continue_is_followed_by_the_final_response)
{
    static const char both[] = "HTTP/1.1 100 Continue\r\n\r\n" OK_LENGTH;
    const char *buf = guard_page_copy(both, sizeof(both) - 1);
    int n;

    resp.headers = headers;
    resp.header_max = 8;
    n = sxe_http_parse_response(buf, sizeof(both) - 1, &resp, HEAD_MAX, false);
    ck_assert_int_eq(n, 25);
    ck_assert_uint_eq(resp.status, 100);
    ck_assert_int_eq(sxe_http_parse_response(buf + n, sizeof(both) - 1 - n, &resp, HEAD_MAX, false),
                     (int)strlen(OK_LENGTH));
    ck_assert_uint_eq(resp.status, 200);
}
END_TEST

START_TEST(http_1_0_responses_close_unless_keep_alive_is_sent)
{
    ck_assert_int_gt(parse("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n"), 0);
    ck_assert(!resp.keep_alive);
    ck_assert_int_gt(parse("HTTP/1.0 200 OK\r\nContent-Length: 1\r\nConnection: keep-alive\r\n\r\n"), 0);
    ck_assert(resp.keep_alive);
    ck_assert(resp.connection_keep_alive);
}
END_TEST

START_TEST(transfer_encoding_in_an_http_1_0_response_means_read_until_close)
{
    ck_assert_int_gt(parse("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n"), 0);
    ck_assert_int_eq(resp.body_kind, SXE_HTTP_BODY_CLOSE_DELIMITED);
    ck_assert(!resp.keep_alive);
    ck_assert_int_gt(parse("HTTP/1.0 204 OK\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n"), 0);
    ck_assert_int_eq(resp.body_kind, SXE_HTTP_BODY_NONE);
    ck_assert(!resp.keep_alive);
}
END_TEST

START_TEST(connection_close_ends_the_connection)
{
    ck_assert_int_gt(parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), 0);
    ck_assert(resp.connection_close);
    ck_assert(!resp.keep_alive);
}
END_TEST

START_TEST(the_reason_phrase_is_optional_and_may_hold_any_text)
{
    ck_assert_int_eq(parse("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n"), 35);
    ck_assert_uint_eq(resp.reason_len, 0);
    ck_assert_int_gt(parse("HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n"), 0);
    ck_assert_uint_eq(resp.reason_len, 0);
    ck_assert_int_gt(parse("HTTP/1.1 404 Not\tFound \xc3\xa9\r\nContent-Length: 0\r\n\r\n"), 0);
    ck_assert_uint_eq(resp.status, 404);
    ck_assert_uint_eq(resp.reason_len, 12);
    ck_assert_int_eq(parse("HTTP/1.1 404 Not\x01"
                           "Found\r\n\r\n"),
                     SXE_HTTP_ERROR_MALFORMED);
}
END_TEST

START_TEST(a_malformed_status_code_is_rejected)
{
    static const char *const bad[] = {
        "HTTP/1.1 20 OK\r\n\r\n",   "HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n",
        "HTTP/1.1 099 Low\r\n\r\n", "HTTP/1.1  200 OK\r\n\r\n", "HTTP/1.1\r\n\r\n",
        "HTTP/1.1 200OK\r\n\r\n",   "HTTX/1.1 200 OK\r\n\r\n",  "HTTP/1.1 200 OK\r\r\n\r\n"};

    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_msg(parse(bad[i]) == SXE_HTTP_ERROR_MALFORMED, "%s", bad[i]);
    }
}
END_TEST

START_TEST(a_version_other_than_http_1_x_is_a_version_error)
{
    ck_assert_int_eq(parse("HTTP/2.0 200 OK\r\n\r\n"), SXE_HTTP_ERROR_VERSION);
    ck_assert_int_eq(parse("HTTP/0.9 200 OK\r\n\r\n"), SXE_HTTP_ERROR_VERSION);
    ck_assert_int_gt(parse("HTTP/1.2 200 OK\r\nContent-Length: 0\r\n\r\n"), 0);
    ck_assert_uint_eq(resp.version_minor, 2);
}
END_TEST

START_TEST(both_content_length_and_transfer_encoding_is_malformed)
{
    ck_assert_int_eq(parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"),
                     SXE_HTTP_ERROR_MALFORMED);
    ck_assert_int_eq(parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"),
                     SXE_HTTP_ERROR_MALFORMED);
}
END_TEST

START_TEST(a_response_split_at_every_byte_boundary_parses_identically)
{
    static const char s[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 42\r\n\r\n";
    size_t len = sizeof(s) - 1;

    for (size_t split = 0; split < len; split++) {
        ck_assert_msg(parse_n(s, split, HEAD_MAX, false) == SXE_HTTP_NEED_MORE, "prefix %zu", split);
        ck_assert_int_eq(parse_n(s, len, HEAD_MAX, false), (int)len);
        ck_assert_uint_eq(resp.status, 200);
        ck_assert_uint_eq(resp.content_length, 42);
        ck_assert_uint_eq(resp.header_count, 2);
        ck_assert_uint_eq(headers[0].value_len, 10);
    }
}
END_TEST

START_TEST(a_response_head_longer_than_head_max_or_with_too_many_fields_is_too_large)
{
    static const char nine[] = "HTTP/1.1 200 OK\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\nE: 1\r\nF: 1\r\nG: 1\r\nH: 1\r\nI: 1"
                               "\r\n\r\n";

    ck_assert_int_eq(parse_n(OK_LENGTH, strlen(OK_LENGTH), 20, false), SXE_HTTP_ERROR_HEAD_TOO_LARGE);
    ck_assert_int_eq(parse_n(OK_LENGTH, strlen(OK_LENGTH), 10, false), SXE_HTTP_ERROR_HEAD_TOO_LARGE);
    ck_assert_int_eq(parse_n(OK_LENGTH, 19, 20, false), SXE_HTTP_NEED_MORE);
    ck_assert_int_eq(parse(nine), SXE_HTTP_ERROR_HEAD_TOO_LARGE);
}
END_TEST

START_TEST(near_misses_of_the_status_line_fast_path_follow_the_general_rules)
{
    static const char *const bad[] = {"HTTP/1.1 20x OK\r\n\r\n",  "HTTP/1.1\t200 OK\r\n\r\n",
                                      "HTTP/1.1 000 x\r\n\r\n",   "HTTP/1.1 -20 OK\r\n\r\n",
                                      "HTTP/1.1 2:0 OK\r\n\r\n",  "HTTP/1.1 200\tOK\r\n\r\n",
                                      "HTTP/1.10 200 OK\r\n\r\n", "HTTP/1.1 200 OK\rX\r\n\r\n"};

    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_msg(parse(bad[i]) == SXE_HTTP_ERROR_MALFORMED, "%s", bad[i]);
    }

    ck_assert_int_eq(parse("HTTP/1.1 200\n\n"), 14);
    ck_assert_uint_eq(resp.status, 200);
    ck_assert_uint_eq(resp.reason_len, 0);
    ck_assert_int_eq(parse("HTTP/1.1 999 X\r\n\r\n"), 18);
    ck_assert_uint_eq(resp.status, 999);
    ck_assert_int_eq(parse("HTTP/1.1 100\r\n\r\n"), 16);
    ck_assert_uint_eq(resp.status, 100);
    ck_assert_int_eq(parse("HTTP/1.9 200 OK\r\n\r\n"), 19); /* any 1.x: the byte by byte version path */
    ck_assert_uint_eq(resp.version_minor, 9);
    ck_assert_int_eq(parse("HTTP/1.0 200 OK\r\n\r\n"), 19);
    ck_assert_uint_eq(resp.version_minor, 0);
    ck_assert_int_eq(parse("HTTP/3.0 200 OK\r\n\r\n"), SXE_HTTP_ERROR_VERSION);
    ck_assert_int_eq(parse("HTTP/1.1 20"), SXE_HTTP_NEED_MORE);
    ck_assert_int_eq(parse("HTTP/1.1 200"), SXE_HTTP_NEED_MORE);
    ck_assert_int_eq(parse("HTTP/1.1 200 O"), SXE_HTTP_NEED_MORE);
    ck_assert_int_eq(parse("HTTP/1.1 2x"), SXE_HTTP_ERROR_MALFORMED);
}
END_TEST

/* "HTTP/1.1 200 <reason>\r\nX: <value>\r\n\r\n" into buf; returns its length. The reason starts at 13. */
static size_t make_response(char *buf, size_t reason_len, size_t value_len)
{
    size_t len = 13;

    memcpy(buf, "HTTP/1.1 200 ", 13);
    memset(buf + len, 'r', reason_len), len += reason_len;
    memcpy(buf + len, "\r\nX: ", 5), len += 5;
    memset(buf + len, 'v', value_len), len += value_len;
    memcpy(buf + len, "\r\n\r\n", 4), len += 4;
    return len;
}

START_TEST(responses_of_every_length_around_the_16_byte_blocks_parse_and_every_prefix_needs_more)
{
    char buf[256];

    for (size_t n = 0; n <= 50; n++) {
        for (unsigned which = 0; which < 2; which++) {
            size_t len = which == 0 ? make_response(buf, n, 1) : make_response(buf, n, n);

            for (size_t prefix = 0; prefix < len; prefix++) {
                ck_assert_msg(parse_n(buf, prefix, HEAD_MAX, false) == SXE_HTTP_NEED_MORE, "%zu of %zu", prefix, len);
            }

            ck_assert_int_eq(parse_n(buf, len, HEAD_MAX, false), (int)len);
            ck_assert_uint_eq(resp.reason_len, n);
            ck_assert_uint_eq(headers[0].value_len, (which == 0 ? 1 : n));
        }
    }
}
END_TEST

START_TEST(a_forbidden_byte_at_any_position_of_a_long_reason_is_rejected)
{
    static const char forbidden[] = {0x00, 0x01, 0x0b, '\r', 0x1f, 0x7f};
    static const char allowed[] = {'\t', ' ', (char)0x80, (char)0xff, ':'};
    char buf[256];

    for (size_t pos = 0; pos < 40; pos++) {
        for (unsigned f = 0; f < sizeof(forbidden); f++) {
            size_t len = make_response(buf, 40, 1);

            buf[13 + pos] = forbidden[f];
            ck_assert_msg(parse_n(buf, len, HEAD_MAX, false) == SXE_HTTP_ERROR_MALFORMED, "byte %#x at %zu",
                          (unsigned)(unsigned char)forbidden[f], pos);
        }

        for (unsigned a = 0; a < sizeof(allowed); a++) {
            size_t len = make_response(buf, 40, 1);

            buf[13 + pos] = allowed[a];
            ck_assert_msg(parse_n(buf, len, HEAD_MAX, false) == (int)len, "byte %#x at %zu",
                          (unsigned)(unsigned char)allowed[a], pos);
            ck_assert_uint_eq(resp.reason_len, 40); /* the reason is not trimmed */
        }
    }
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("sxe-http-response");
    TCase *tc = tcase_create("response");

    tcase_add_test(tc, a_response_with_content_length_has_a_length_body_and_keeps_alive);
    tcase_add_test(tc, a_chunked_response_has_a_chunked_body);
    tcase_add_test(tc, a_response_without_length_or_chunked_coding_is_close_delimited);
    tcase_add_test(tc, responses_to_head_and_1xx_204_304_have_no_body);
    tcase_add_test(tc, an_interim_100_continue_is_followed_by_the_final_response);
    tcase_add_test(tc, http_1_0_responses_close_unless_keep_alive_is_sent);
    tcase_add_test(tc, transfer_encoding_in_an_http_1_0_response_means_read_until_close);
    tcase_add_test(tc, connection_close_ends_the_connection);
    tcase_add_test(tc, the_reason_phrase_is_optional_and_may_hold_any_text);
    tcase_add_test(tc, a_malformed_status_code_is_rejected);
    tcase_add_test(tc, a_version_other_than_http_1_x_is_a_version_error);
    tcase_add_test(tc, both_content_length_and_transfer_encoding_is_malformed);
    tcase_add_test(tc, a_response_split_at_every_byte_boundary_parses_identically);
    tcase_add_test(tc, a_response_head_longer_than_head_max_or_with_too_many_fields_is_too_large);
    tcase_add_test(tc, near_misses_of_the_status_line_fast_path_follow_the_general_rules);
    tcase_add_test(tc, responses_of_every_length_around_the_16_byte_blocks_parse_and_every_prefix_needs_more);
    tcase_add_test(tc, a_forbidden_byte_at_any_position_of_a_long_reason_is_rejected);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(suite, tc);

    return sxe_test_run(suite);
}
