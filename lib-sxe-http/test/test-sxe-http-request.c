/* test-sxe-http-request.c: the request head parser, as a specification. Every input is placed right against an
 * unreadable page (guard-page.h), so a parser that reads one byte too far crashes the test.
 */

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../test/sxe-check.h"
#include "guard-page.h"
#include "sxe-http.h"

#define HEAD_MAX 8192

static SXE_HTTP_HEADER headers[16];
static SXE_HTTP_REQUEST req;
static const char *last_buf; /* where the last parse_n() input was placed */

/* Parse s[0 .. len) placed against a guard page, with up to header_max headers. */
static int parse_n(const char *s, size_t len, size_t head_max, unsigned header_max)
{
    last_buf = guard_page_copy(s, len);
    req.headers = headers;
    req.header_max = header_max;
    return sxe_http_parse_request(last_buf, len, &req, head_max);
}

static int parse(const char *s)
{
    return parse_n(s, strlen(s), HEAD_MAX, 16);
}

#define SIMPLE "GET /index.html?q=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test\r\nAccept: */*\r\n\r\n"

START_TEST(a_simple_get_request_parses_into_its_parts)
{
    ck_assert_int_eq(parse(SIMPLE), (int)strlen(SIMPLE));
    ck_assert_int_eq(req.method_len, 3);
    ck_assert(memcmp(req.method, "GET", 3) == 0);
    ck_assert_int_eq(req.method_id, SXE_HTTP_METHOD_GET);
    ck_assert_int_eq(req.target_len, strlen("/index.html?q=1"));
    ck_assert(memcmp(req.target, "/index.html?q=1", req.target_len) == 0);
    ck_assert_uint_eq(req.version_minor, 1);
    ck_assert_uint_eq(req.header_count, 3);
    ck_assert_uint_eq(req.headers[1].name_len, 10);
    ck_assert(memcmp(req.headers[1].name, "User-Agent", 10) == 0);
    ck_assert_uint_eq(req.headers[1].value_len, 4);
    ck_assert(memcmp(req.headers[1].value, "test", 4) == 0);
    ck_assert_uint_eq(req.host_len, 11);
    ck_assert(memcmp(req.host, "example.com", 11) == 0);
    ck_assert_int_eq(req.body_kind, SXE_HTTP_BODY_NONE);
    ck_assert(!req.has_content_length);
    ck_assert(!req.is_chunked);
    ck_assert(req.keep_alive);
    ck_assert(!req.connection_close);
}
END_TEST

START_TEST(a_request_split_at_every_byte_boundary_parses_identically)
{
    static const char *const requests[] = {
        SIMPLE,
        "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nConnection: keep-alive, Upgrade\r\n\r\n",
        "PUT /x HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n",
        "\r\nGET / HTTP/1.0\r\nX-Empty:\r\nX-Spaces: \t a b \t \r\n\r\n",
        "GET / HTTP/1.2\r\nHost: h\r\n\r\n", /* handled as 1.1: no 505 at any split */
    };

    for (unsigned r = 0; r < sizeof(requests) / sizeof(requests[0]); r++) {
        const char *s = requests[r];
        size_t len = strlen(s);
        SXE_HTTP_REQUEST whole;
        SXE_HTTP_HEADER whole_headers[16]; /* pointers made relative to the buffer start */

        ck_assert_int_eq(parse(s), (int)len);
        whole = req;

        for (unsigned h = 0; h < req.header_count; h++) {
            whole_headers[h] = headers[h];
            whole_headers[h].name = (const char *)(headers[h].name - last_buf);
            whole_headers[h].value = (const char *)(headers[h].value - last_buf);
        }

        for (size_t split = 0; split < len; split++) {
            ck_assert_msg(parse_n(s, split, HEAD_MAX, 16) == SXE_HTTP_NEED_MORE, "request %u prefix %zu", r, split);
            ck_assert_int_eq(parse_n(s, len, HEAD_MAX, 16), (int)len); /* the rest arrives */
            ck_assert_uint_eq(req.header_count, whole.header_count);
            ck_assert_uint_eq(req.method_len, whole.method_len);
            ck_assert_uint_eq(req.target_len, whole.target_len);
            ck_assert_uint_eq(req.version_minor, whole.version_minor);
            ck_assert_int_eq(req.body_kind, whole.body_kind);
            ck_assert_int_eq(req.keep_alive, whole.keep_alive);
            ck_assert_uint_eq(req.content_length, whole.content_length);

            ck_assert(req.method == whole.method && req.target == whole.target); /* same placement */

            for (unsigned h = 0; h < req.header_count; h++) {
                ck_assert_uint_eq(headers[h].name - last_buf, (size_t)whole_headers[h].name);
                ck_assert_uint_eq(headers[h].name_len, whole_headers[h].name_len);
                ck_assert_uint_eq(headers[h].value - last_buf, (size_t)whole_headers[h].value);
                ck_assert_uint_eq(headers[h].value_len, whole_headers[h].value_len);
            }
        }
    }
}
END_TEST

START_TEST(pipelined_requests_back_to_back_parse_one_after_another)
{
    static const char pipeline[] = "GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
                                   "POST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nbody"
                                   "GET /3 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
    const char *buf = guard_page_copy(pipeline, sizeof(pipeline) - 1);
    size_t len = sizeof(pipeline) - 1;
    int n;

    req.headers = headers;
    req.header_max = 16;
    n = sxe_http_parse_request(buf, len, &req, HEAD_MAX);
    ck_assert_int_eq(n, (int)strlen("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"));
    ck_assert(memcmp(req.target, "/1", 2) == 0);
    buf += n, len -= n;

    n = sxe_http_parse_request(buf, len, &req, HEAD_MAX);
    ck_assert_int_gt(n, 0);
    ck_assert_int_eq(req.method_id, SXE_HTTP_METHOD_POST);
    ck_assert_int_eq(req.body_kind, SXE_HTTP_BODY_LENGTH);
    ck_assert_uint_eq(req.content_length, 4);
    ck_assert(memcmp(buf + n, "body", 4) == 0);
    buf += n + 4, len -= n + 4;

    n = sxe_http_parse_request(buf, len, &req, HEAD_MAX);
    ck_assert_int_eq(n, (int)len);
    ck_assert(memcmp(req.target, "/3", 2) == 0);
    ck_assert(req.connection_close);
    ck_assert(!req.keep_alive);
}
END_TEST

START_TEST(empty_lines_before_the_request_line_are_skipped_and_counted)
{
    ck_assert_int_eq(parse("\r\n\r\n\nGET / HTTP/1.0\r\n\r\n"), 23);
    ck_assert(memcmp(req.method, "GET", 3) == 0);
    ck_assert_int_eq(parse("\r\n"), SXE_HTTP_NEED_MORE);
    ck_assert_int_eq(parse("\r"), SXE_HTTP_NEED_MORE);
    ck_assert_int_eq(parse("\rX"), SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

START_TEST(bare_lf_line_endings_are_accepted)
{
    ck_assert_int_eq(parse("GET / HTTP/1.1\nHost: h\n\n"), 24);
    ck_assert_uint_eq(req.header_count, 1);
    ck_assert_uint_eq(req.host_len, 1);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: h\n\r\n"), 26); /* mixed */
}
END_TEST

START_TEST(a_bare_cr_is_rejected)
{
    ck_assert_int_eq(parse("GET / HTTP/1.1\rHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: h\r\n\rX"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET /a\rb HTTP/1.1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

START_TEST(nul_bytes_anywhere_are_rejected)
{
    static const char in_target[] = "GET /a\0b HTTP/1.1\r\nHost: h\r\n\r\n";
    static const char in_value[] = "GET / HTTP/1.1\r\nHost: h\0x\r\n\r\n";
    static const char in_name[] = "GET / HTTP/1.1\r\nHo\0st: h\r\n\r\n";
    static const char in_method[] = "G\0T / HTTP/1.1\r\nHost: h\r\n\r\n";

    ck_assert_int_eq(parse_n(in_target, sizeof(in_target) - 1, HEAD_MAX, 16), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse_n(in_value, sizeof(in_value) - 1, HEAD_MAX, 16), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse_n(in_name, sizeof(in_name) - 1, HEAD_MAX, 16), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse_n(in_method, sizeof(in_method) - 1, HEAD_MAX, 16), SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

START_TEST(an_error_is_reported_as_soon_as_the_bad_byte_arrives)
{
    ck_assert_int_eq(parse_n("G\0", 2, HEAD_MAX, 16), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTPT"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nBad Name"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nContent-Length: x\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

START_TEST(a_header_without_a_colon_is_rejected)
{
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: h\r\nNo Colon here\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

START_TEST(whitespace_before_the_colon_is_rejected)
{
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost : h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost\t: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

START_TEST(an_empty_header_name_is_rejected)
{
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: h\r\n: value\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

START_TEST(obs_fold_and_leading_whitespace_in_fields_are_rejected)
{
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n  continued\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\n\tHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\n Host: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

START_TEST(invalid_token_characters_in_names_are_rejected)
{
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: h\r\nX(y): z\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: h\r\nX\xc3\xa9: z\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: h\r\nX\"y: z\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

START_TEST(control_characters_and_del_in_values_are_rejected_but_tab_and_obs_text_are_not)
{
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: h\r\nX: a\x01"
                           "b\r\n\r\n"),
                     SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: h\r\nX: a\x7f"
                           "b\r\n\r\n"),
                     SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: h\r\nX: a\tb \xc3\xa9\xff\r\n\r\n"), 0);
    ck_assert_uint_eq(headers[1].value_len, 7);
}
END_TEST

START_TEST(values_are_trimmed_of_surrounding_whitespace_and_may_be_empty)
{
    ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost:h\r\nA:  \t x y \t \r\nB:\r\nC: \t\r\n\r\n"), 0);
    ck_assert_uint_eq(req.header_count, 4);
    ck_assert_uint_eq(headers[0].value_len, 1);
    ck_assert_uint_eq(headers[1].value_len, 3);
    ck_assert(memcmp(headers[1].value, "x y", 3) == 0);
    ck_assert_uint_eq(headers[2].value_len, 0);
    ck_assert_uint_eq(headers[3].value_len, 0);
}
END_TEST

START_TEST(a_non_ascii_method_is_rejected)
{
    ck_assert_int_eq(parse("G\xc3\x89T / HTTP/1.1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GE(T / HTTP/1.1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

START_TEST(a_lowercase_or_unknown_method_is_valid_syntax_with_method_id_unknown)
{
    ck_assert_int_gt(parse("get / HTTP/1.1\r\nHost: h\r\n\r\n"), 0);
    ck_assert_int_eq(req.method_id, SXE_HTTP_METHOD_UNKNOWN);
    ck_assert_int_gt(parse("BREW /pot HTTP/1.1\r\nHost: h\r\n\r\n"), 0);
    ck_assert_int_eq(req.method_id, SXE_HTTP_METHOD_UNKNOWN);
    ck_assert_uint_eq(req.method_len, 4);
}
END_TEST

START_TEST(every_known_method_is_recognised)
{
    static const char *const names[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH"};
    char line[64];

    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(line, sizeof(line), "%s / HTTP/1.1\r\nHost: h\r\n\r\n", names[i]);
        ck_assert_int_gt(parse(line), 0);
        ck_assert_int_eq(req.method_id, (SXE_HTTP_METHOD)(SXE_HTTP_METHOD_GET + i));
    }
}
END_TEST

START_TEST(a_malformed_request_line_is_rejected)
{
    ck_assert_int_eq(parse(" / HTTP/1.1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);     /* no method */
    ck_assert_int_eq(parse("GET  / HTTP/1.1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST); /* two SP */
    ck_assert_int_eq(parse("GET / HTTP/1.1 \r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST); /* trailing SP */
    ck_assert_int_eq(parse("GET /\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);                      /* HTTP/0.9 */
    ck_assert_int_eq(parse("GET\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET /a b HTTP/1.1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET /\x7f HTTP/1.1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

START_TEST(a_target_with_utf8_bytes_is_accepted_as_is)
{
    ck_assert_int_gt(parse("GET /caf\xc3\xa9 HTTP/1.1\r\nHost: h\r\n\r\n"), 0);
    ck_assert_uint_eq(req.target_len, 6);
}
END_TEST

START_TEST(major_versions_other_than_1_are_505_and_malformed_versions_are_400)
{
    ck_assert_int_eq(parse("GET / HTTP/2.0\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_VERSION);
    ck_assert_int_eq(parse("GET / HTTP/0.9\r\n\r\n"), SXE_HTTP_ERROR_VERSION);
    ck_assert_int_eq(parse("GET / HTTP/3.0\r\n"), SXE_HTTP_ERROR_VERSION); /* known at the end of the line */
    ck_assert_int_eq(parse("GET / HTPT/1.1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / http/1.1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.10\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/11.1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.x\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_uint_eq(sxe_http_error_to_status(SXE_HTTP_ERROR_VERSION), 505);
}
END_TEST

/* RFC 9110 2.5: a recipient SHOULD handle a higher minor version of a major it implements as the highest minor it
 * implements: HTTP/1.2 .. 1.9 are HTTP/1.1 requests (version_minor 1, Host required, keep-alive by default).
 */
START_TEST(higher_http_1_minor_versions_are_handled_as_http_1_1)
{
    static const char request[] = "GET / HTTP/1.9\r\nHost: h\r\n\r\n";

    for (char minor = '2'; minor <= '9'; minor++) {
        char copy[sizeof(request)];

        memcpy(copy, request, sizeof(request));
        copy[13] = minor;
        ck_assert_int_eq(parse(copy), (int)strlen(copy));
        ck_assert_uint_eq(req.version_minor, 1);
        ck_assert(req.keep_alive);
    }

    ck_assert_int_eq(parse("GET / HTTP/1.2\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST); /* 1.1 rules: Host needed */
    ck_assert_int_eq(parse("GET / HTTP/1.5\r\nHost: h\r\nConnection: close\r\n\r\n"), 46);
    ck_assert(!req.keep_alive);
    ck_assert_int_gt(parse("GET / HTTP/1.3\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"), 0);
    ck_assert(req.is_chunked); /* chunked is allowed in 1.1, not in 1.0 */
}
END_TEST

START_TEST(a_request_line_longer_than_head_max_is_414_but_a_shorter_partial_one_needs_more)
{
    char line[300];

    memset(line, 'a', sizeof(line));
    memcpy(line, "GET /", 5);
    ck_assert_int_eq(parse_n(line, sizeof(line), 256, 16), SXE_HTTP_ERROR_URI_TOO_LONG);
    ck_assert_int_eq(parse_n(line, 256, 256, 16), SXE_HTTP_ERROR_URI_TOO_LONG); /* exactly head_max, no end */
    ck_assert_int_eq(parse_n(line, 255, 256, 16), SXE_HTTP_NEED_MORE);
    ck_assert_int_eq(parse_n("GET / HTTP/1.1\r\n", 16, 16, 16), SXE_HTTP_ERROR_HEAD_TOO_LARGE);
    ck_assert_int_eq(parse_n("GET / HTTP/1.1\r\n", 15, 16, 16), SXE_HTTP_NEED_MORE);
    ck_assert_int_eq(parse_n("GET / HTTP/1.1\r", 15, 15, 16), SXE_HTTP_ERROR_URI_TOO_LONG);
    ck_assert_uint_eq(sxe_http_error_to_status(SXE_HTTP_ERROR_URI_TOO_LONG), 414);
}
END_TEST

START_TEST(a_head_of_exactly_head_max_bytes_parses_and_one_more_byte_is_431)
{
    static const char head[] = "GET / HTTP/1.1\r\nHost: h\r\nX: 1234\r\n\r\n";
    size_t len = sizeof(head) - 1;

    ck_assert_int_eq(parse_n(head, len, len, 16), (int)len);
    ck_assert_int_eq(parse_n(head, len, len - 1, 16), SXE_HTTP_ERROR_HEAD_TOO_LARGE);
    ck_assert_int_eq(parse_n(head, len - 1, len, 16), SXE_HTTP_NEED_MORE);
    ck_assert_uint_eq(sxe_http_error_to_status(SXE_HTTP_ERROR_HEAD_TOO_LARGE), 431);
}
END_TEST

START_TEST(bytes_after_head_max_are_never_read)
{
    static const char head[] = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
    char buf[sizeof(head) + 8];

    memcpy(buf, head, sizeof(head) - 1);
    memset(buf + sizeof(head) - 1, 0, 9); /* NULs after the head: not looked at */
    ck_assert_int_eq(parse_n(buf, sizeof(buf), sizeof(head) - 1, 16), (int)sizeof(head) - 1);
}
END_TEST

START_TEST(more_headers_than_header_max_is_431_and_exactly_header_max_is_fine)
{
    static const char five[] = "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n";

    ck_assert_int_eq(parse_n(five, sizeof(five) - 1, HEAD_MAX, 5), (int)sizeof(five) - 1);
    ck_assert_uint_eq(req.header_count, 5);
    ck_assert_int_eq(parse_n(five, sizeof(five) - 1, HEAD_MAX, 4), SXE_HTTP_ERROR_HEAD_TOO_LARGE);
    ck_assert_int_eq(parse_n(five, sizeof(five) - 1, HEAD_MAX, 0), SXE_HTTP_ERROR_HEAD_TOO_LARGE);
}
END_TEST

START_TEST(a_huge_header_count_is_rejected_without_reading_it_all)
{
    size_t size = 100000 * 6 + 64;
    char *big = malloc(size);
    size_t len = 0;

    ck_assert(big != NULL);
    len += (size_t)sprintf(big, "GET / HTTP/1.1\r\nHost: h\r\n");

    for (unsigned i = 0; i < 100000; i++) {
        memcpy(big + len, "X: y\r\n", 6);
        len += 6;
    }

    memcpy(big + len, "\r\n", 2);
    len += 2;
    ck_assert_int_eq(parse_n(big, len, len, 16), SXE_HTTP_ERROR_HEAD_TOO_LARGE);
    free(big);
}
END_TEST

START_TEST(a_head_larger_than_head_max_is_431_even_with_room_for_every_header)
{
    static SXE_HTTP_HEADER many[4096];
    static char big[6 * 4000 + 64];
    size_t len = (size_t)sprintf(big, "GET / HTTP/1.1\r\nHost: h\r\n");

    while (len < sizeof(big) - 8) {
        memcpy(big + len, "X: y\r\n", 6);
        len += 6;
    }

    memcpy(big + len, "\r\n", 2);
    len += 2;
    req.headers = many;
    req.header_max = 4096;
    ck_assert_int_eq(sxe_http_parse_request(guard_page_copy(big, len), len, &req, HEAD_MAX),
                     SXE_HTTP_ERROR_HEAD_TOO_LARGE);
    ck_assert_int_eq(sxe_http_parse_request(guard_page_copy(big, len), len, &req, len), (int)len);
    ck_assert_uint_eq(req.header_count, (len - 25 - 2) / 6 + 1); /* Host + the X fields */
}
END_TEST

START_TEST(content_length_gives_a_length_body)
{
    ck_assert_int_gt(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0012\r\n\r\n"), 0);
    ck_assert(req.has_content_length);
    ck_assert_uint_eq(req.content_length, 12);
    ck_assert_int_eq(req.body_kind, SXE_HTTP_BODY_LENGTH);
    ck_assert_int_gt(parse("POST / HTTP/1.1\r\nHost: h\r\ncontent-length:  0 \r\n\r\n"), 0);
    ck_assert_uint_eq(req.content_length, 0);
    ck_assert_int_eq(req.body_kind, SXE_HTTP_BODY_LENGTH);
}
END_TEST

START_TEST(negative_signed_empty_or_non_numeric_content_length_is_rejected)
{
    static const char *const bad[] = {"-1", "+1", "", "1a", "0x10", "1 2", "1,1", "1, 1", "١"};
    char head[128];

    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(head, sizeof(head), "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: %s\r\n\r\n", bad[i]);
        ck_assert_msg(parse(head) == SXE_HTTP_ERROR_BAD_REQUEST, "Content-Length: '%s'", bad[i]);
    }
}
END_TEST

START_TEST(an_overflowing_content_length_is_rejected_and_the_largest_allowed_is_accepted)
{
    ck_assert_int_gt(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 9223372036854775807\r\n\r\n"), 0);
    ck_assert_uint_eq(req.content_length, 9223372036854775807ULL);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 9223372036854775808\r\n\r\n"),
                     SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 18446744073709551616\r\n\r\n"),
                     SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n"),
                     SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

START_TEST(duplicate_content_length_with_equal_values_is_accepted_and_with_different_values_is_400)
{
    ck_assert_int_gt(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 005\r\n\r\n"), 0);
    ck_assert_uint_eq(req.content_length, 5);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"),
                     SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

START_TEST(both_content_length_and_transfer_encoding_is_rejected)
{
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"),
                     SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"),
                     SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

START_TEST(transfer_encoding_chunked_gives_a_chunked_body)
{
    ck_assert_int_gt(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n"), 0);
    ck_assert(req.is_chunked);
    ck_assert(req.has_transfer_encoding);
    ck_assert_int_eq(req.body_kind, SXE_HTTP_BODY_CHUNKED);
    ck_assert_int_gt(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: , chunked ,\r\n\r\n"), 0);
    ck_assert(req.is_chunked);
}
END_TEST

START_TEST(transfer_encoding_other_than_a_single_final_chunked_is_rejected)
{
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"),
                     SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"),
                     SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n"),
                     SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunkedx\r\n\r\n"),
                     SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked"
                           "\r\n\r\n"),
                     SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

START_TEST(a_coding_before_a_final_chunked_is_501_not_implemented)
{
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
                     SXE_HTTP_ERROR_NOT_IMPLEMENTED);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked"
                           "\r\n\r\n"),
                     SXE_HTTP_ERROR_NOT_IMPLEMENTED);
    ck_assert_uint_eq(sxe_http_error_to_status(SXE_HTTP_ERROR_NOT_IMPLEMENTED), 501);
}
END_TEST

START_TEST(transfer_encoding_in_an_http_1_0_request_is_rejected)
{
    ck_assert_int_eq(parse("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

START_TEST(http_1_1_needs_exactly_one_host_and_http_1_0_needs_none)
{
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.0\r\n\r\n"), 18);
    ck_assert(req.host == NULL);
    ck_assert_int_gt(parse("GET / HTTP/1.1\r\nhOST:\r\n\r\n"), 0); /* an empty Host is allowed */
    ck_assert_uint_eq(req.host_len, 0);
}
END_TEST

START_TEST(a_host_value_that_is_not_host_and_port_is_rejected)
{
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: a b\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: evil.example/x\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: user@example.com\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.0\r\nHost: a\"b\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: \xc3\xa9\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: www.example.com:8080\r\n\r\n"), 0);
    ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n"), 0);
    ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: a-b_c~d%41!$&'()*+,;=\r\n\r\n"), 0);
    ck_assert_uint_eq(req.host_len, 21);
}
END_TEST

START_TEST(http_1_0_closes_unless_keep_alive_is_asked_for)
{
    ck_assert_int_gt(parse("GET / HTTP/1.0\r\n\r\n"), 0);
    ck_assert_uint_eq(req.version_minor, 0);
    ck_assert(!req.keep_alive);
    ck_assert_int_gt(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"), 0);
    ck_assert(req.connection_keep_alive);
    ck_assert(req.keep_alive);
    ck_assert_int_gt(parse("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n"), 0);
    ck_assert(!req.keep_alive);
}
END_TEST

START_TEST(http_1_1_keeps_alive_unless_close_is_asked_for)
{
    ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: CLOSE\r\n\r\n"), 0);
    ck_assert(req.connection_close);
    ck_assert(!req.keep_alive);
    ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: closed, xclose\r\n\r\n"), 0);
    ck_assert(!req.connection_close);
    ck_assert(req.keep_alive);
}
END_TEST

START_TEST(connection_token_lists_and_repeated_fields_are_all_read)
{
    ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Upgrade\r\n\r\n"), 0);
    ck_assert(req.connection_keep_alive);
    ck_assert(req.connection_upgrade);
    ck_assert(!req.connection_close);
    ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nConnection: ,close,\r\n\r\n"), 0);
    ck_assert(req.connection_upgrade);
    ck_assert(req.connection_close);
}
END_TEST

START_TEST(expect_100_continue_is_reported)
{
    ck_assert_int_gt(parse("PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n"), 0);
    ck_assert(req.expect_continue);
    ck_assert_int_gt(parse("PUT / HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\n\r\n"), 0);
    ck_assert(!req.expect_continue);
}
END_TEST

START_TEST(header_find_is_case_insensitive_and_returns_the_first_match)
{
    const SXE_HTTP_HEADER *found;

    ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: h\r\nX-Thing: one\r\nx-thing: two\r\n\r\n"), 0);
    found = sxe_http_header_find(req.headers, req.header_count, "X-THING");
    ck_assert(found == &headers[1]);
    ck_assert(sxe_http_header_find(req.headers, req.header_count, "X-Thin") == NULL);
    ck_assert(sxe_http_header_find(req.headers, req.header_count, "X-Thingy") == NULL);
    ck_assert(sxe_http_header_find(req.headers, req.header_count, "X-Thinh") == NULL);
}
END_TEST

START_TEST(each_error_code_has_a_status_and_a_name)
{
    ck_assert_uint_eq(sxe_http_error_to_status(SXE_HTTP_ERROR_BAD_REQUEST), 400);
    ck_assert_uint_eq(sxe_http_error_to_status(SXE_HTTP_NEED_MORE), 500);
    ck_assert_str_eq(sxe_http_error_to_string(SXE_HTTP_NEED_MORE), "SXE_HTTP_NEED_MORE");
    ck_assert_str_eq(sxe_http_error_to_string(SXE_HTTP_ERROR_BAD_REQUEST), "SXE_HTTP_ERROR_BAD_REQUEST");
    ck_assert_str_eq(sxe_http_error_to_string(SXE_HTTP_ERROR_URI_TOO_LONG), "SXE_HTTP_ERROR_URI_TOO_LONG");
    ck_assert_str_eq(sxe_http_error_to_string(SXE_HTTP_ERROR_HEAD_TOO_LARGE), "SXE_HTTP_ERROR_HEAD_TOO_LARGE");
    ck_assert_str_eq(sxe_http_error_to_string(SXE_HTTP_ERROR_VERSION), "SXE_HTTP_ERROR_VERSION");
    ck_assert_str_eq(sxe_http_error_to_string(SXE_HTTP_ERROR_NOT_IMPLEMENTED), "SXE_HTTP_ERROR_NOT_IMPLEMENTED");
    ck_assert_str_eq(sxe_http_error_to_string(42), "SXE_HTTP_OK");
    ck_assert_str_eq(sxe_http_error_to_string(-99), "SXE_HTTP_ERROR_UNKNOWN");
}
END_TEST

START_TEST(fields_with_the_same_length_as_framing_fields_are_not_mistaken_for_them)
{
    ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: h\r\nAccept-Charset: x\r\nTransfer-Encodinx: y\r\n"
                           "Connectiom: close\r\nExpecx: 100-continue\r\nHosx: z\r\n\r\n"),
                     0);
    ck_assert(!req.has_content_length && !req.has_transfer_encoding && !req.connection_close);
    ck_assert(!req.expect_continue);
    ck_assert_uint_eq(req.host_len, 1);
}
END_TEST

START_TEST(a_head_max_beyond_int_max_is_treated_as_int_max)
{
    ck_assert_int_eq(parse_n(SIMPLE, strlen(SIMPLE), (size_t)-1, 16), (int)strlen(SIMPLE));
    ck_assert_int_eq(parse_n(SIMPLE, 10, (size_t)-1, 16), SXE_HTTP_NEED_MORE);
}
END_TEST

START_TEST(an_empty_buffer_needs_more)
{
    ck_assert_int_eq(parse_n("", 0, HEAD_MAX, 16), SXE_HTTP_NEED_MORE);
}
END_TEST

/* ---- the fast paths (whole "GET ", whole "HTTP/1.x", 16 byte blocks) must agree with the byte by byte rules ---- */

/* Every proper prefix of s[0 .. len) needs more, and the whole of it parses to len. */
static void assert_needs_more_until_complete(const char *s, size_t len)
{
    for (size_t prefix = 0; prefix < len; prefix++) {
        ck_assert_msg(parse_n(s, prefix, HEAD_MAX, 16) == SXE_HTTP_NEED_MORE, "prefix %zu of %.*s", prefix, (int)len,
                      s);
    }

    ck_assert_msg(parse_n(s, len, HEAD_MAX, 16) == (int)len, "%.*s", (int)len, s);
}

START_TEST(near_misses_of_the_get_fast_path_follow_the_general_rules)
{
    ck_assert_int_eq(parse("GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET  / HTTP/1.1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET"), SXE_HTTP_NEED_MORE);
    ck_assert_int_eq(parse("GET "), SXE_HTTP_NEED_MORE);
    ck_assert_int_gt(parse("GETS / HTTP/1.1\r\nHost: h\r\n\r\n"), 0);
    ck_assert_int_eq(req.method_len, 4);
    ck_assert_int_eq(req.method_id, SXE_HTTP_METHOD_UNKNOWN);
    ck_assert_int_gt(parse("GE / HTTP/1.1\r\nHost: h\r\n\r\n"), 0);
    ck_assert_int_eq(req.method_id, SXE_HTTP_METHOD_UNKNOWN);
    ck_assert_int_gt(parse("GEt / HTTP/1.1\r\nHost: h\r\n\r\n"), 0);
    ck_assert_int_eq(req.method_id, SXE_HTTP_METHOD_UNKNOWN);
    ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), 0);
    ck_assert_int_eq(req.method_len, 3);
    ck_assert_int_eq(req.method_id, SXE_HTTP_METHOD_GET);
    ck_assert_int_eq(parse("HEAD\t/ HTTP/1.1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_gt(parse("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n"), 0);
    ck_assert_int_eq(req.method_id, SXE_HTTP_METHOD_HEAD);
}
END_TEST

START_TEST(near_misses_of_the_version_fast_path_follow_the_general_rules)
{
    ck_assert_int_eq(parse("GET / HTTP/1.1\nHost: h\n\n"), 24); /* bare LF right after the version */
    ck_assert_uint_eq(req.version_minor, 1);
    ck_assert_int_eq(parse("GET / HTTP/1.0\n\n"), 16);
    ck_assert_uint_eq(req.version_minor, 0);
    ck_assert_int_eq(parse("GET / HTTP/1.1\rHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.1 \r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.10\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.x\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1,1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / hTTP/1.1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse("GET / HTTP/1.2\r\nHost: h\r\n\r\n"), 27); /* handled as 1.1 */
    ck_assert_int_eq(parse("GET / HTTP/3.1\r\nHost: h\r\n\r\n"), SXE_HTTP_ERROR_VERSION);
    ck_assert_int_eq(parse("GET / HTTP/1.1"), SXE_HTTP_NEED_MORE);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r"), SXE_HTTP_NEED_MORE);
    ck_assert_int_eq(parse("GET / HTTP/2.0"), SXE_HTTP_NEED_MORE); /* 505 only once the line is complete */
    ck_assert_int_eq(parse_n("GET / HTTP/1.1\r\nHost: h\r\n\r\n", 26, 13, 16), SXE_HTTP_ERROR_URI_TOO_LONG);
    ck_assert_int_eq(parse_n("GET / HTTP/1.1\r\nHost: h\r\n\r\n", 26, 14, 16), SXE_HTTP_ERROR_URI_TOO_LONG);
    ck_assert_int_eq(parse_n("GET / HTTP/1.1\r\nHost: h\r\n\r\n", 26, 16, 16), SXE_HTTP_ERROR_HEAD_TOO_LARGE);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: h\r\n\r"), SXE_HTTP_NEED_MORE);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nHost: h\r\n\rX"), SXE_HTTP_ERROR_BAD_REQUEST);
}
END_TEST

/* "GET /<target> HTTP/1.1\r\nHost: h\r\n<name>: <value>\r\n\r\n" into buf; returns its length. */
static size_t make_request(char *buf, size_t target_len, size_t name_len, size_t value_len)
{
    size_t len = 0;

    memcpy(buf, "GET /", 5), len = 5;
    memset(buf + len, 't', target_len), len += target_len;
    memcpy(buf + len, " HTTP/1.1\r\nHost: h\r\n", 20), len += 20;

    for (size_t i = 0; i < name_len; i++) {
        buf[len++] = "Xx-09"[i % 5];
    }

    memcpy(buf + len, ": ", 2), len += 2;
    memset(buf + len, 'v', value_len), len += value_len;
    memcpy(buf + len, "\r\n\r\n", 4), len += 4;
    return len;
}

START_TEST(requests_of_every_length_around_the_16_byte_blocks_parse_and_every_prefix_needs_more)
{
    char buf[256];

    for (size_t n = 0; n <= 50; n++) {
        size_t len = make_request(buf, n, 1, 1); /* target of every length */

        assert_needs_more_until_complete(buf, len);
        ck_assert_uint_eq(req.target_len, n + 1);
        ck_assert_uint_eq(req.header_count, 2);

        len = make_request(buf, 0, n + 1, 1); /* name of every length */
        assert_needs_more_until_complete(buf, len);
        ck_assert_uint_eq(headers[1].name_len, n + 1);
        ck_assert_uint_eq(headers[1].value_len, 1);

        len = make_request(buf, 0, 1, n); /* value of every length */
        assert_needs_more_until_complete(buf, len);
        ck_assert_uint_eq(headers[1].value_len, n);
        ck_assert_uint_eq(headers[1].value - last_buf, 28);

        len = make_request(buf, n, n + 1, n); /* all at once: the blocks fall everywhere */
        assert_needs_more_until_complete(buf, len);
        ck_assert_uint_eq(headers[1].name_len, n + 1);
        ck_assert_uint_eq(headers[1].value_len, n);
    }
}
END_TEST

START_TEST(a_forbidden_byte_at_any_position_of_a_long_value_is_rejected)
{
    static const char forbidden[] = {0x00, 0x01, 0x08, 0x0b, 0x0c, '\r', 0x1b, 0x1f, 0x7f};
    char buf[256];

    for (size_t pos = 0; pos < 40; pos++) {
        for (unsigned f = 0; f < sizeof(forbidden); f++) {
            size_t len = make_request(buf, 0, 1, 40);

            buf[28 + pos] = forbidden[f];
            ck_assert_msg(parse_n(buf, len, HEAD_MAX, 16) == SXE_HTTP_ERROR_BAD_REQUEST, "byte %#x at %zu",
                          (unsigned)(unsigned char)forbidden[f], pos);
            ck_assert_msg(parse_n(buf, 29 + pos, HEAD_MAX, 16) /* at once (a last CR may still get its LF) */
                              == (forbidden[f] == '\r' ? SXE_HTTP_NEED_MORE : SXE_HTTP_ERROR_BAD_REQUEST),
                          "byte %#x at %zu as the last byte", (unsigned)(unsigned char)forbidden[f], pos);
        }
    }
}
END_TEST

START_TEST(tab_space_and_obs_text_at_any_position_of_a_long_value_are_kept)
{
    static const char allowed[] = {'\t', ' ', (char)0x80, (char)0xff, '~', '!', '"', ':'};
    char buf[256];

    for (size_t pos = 0; pos < 40; pos++) {
        for (unsigned a = 0; a < sizeof(allowed); a++) {
            size_t len = make_request(buf, 0, 1, 40);
            bool trimmed = (allowed[a] == ' ' || allowed[a] == '\t') && (pos == 0 || pos == 39);

            buf[28 + pos] = allowed[a];
            ck_assert_msg(parse_n(buf, len, HEAD_MAX, 16) == (int)len, "byte %#x at %zu",
                          (unsigned)(unsigned char)allowed[a], pos);
            ck_assert_uint_eq(headers[1].value_len, (trimmed ? 39 : 40));
            ck_assert_uint_eq(headers[1].value - last_buf, (pos == 0 && trimmed ? 29 : 28));
        }
    }
}
END_TEST

START_TEST(a_non_token_byte_at_any_position_of_a_long_name_is_rejected_and_rare_token_bytes_are_accepted)
{
    static const char not_token[] = {'(', ' ', '\t', '"', '@', '/', ';', '{', (char)0x80, (char)0xff, 0x00, 0x7f};
    static const char rare_token[] = {'_', '!', '~', '.', '|', '`', '^', '#', '*', '\'', '+', '%'};
    char buf[256];

    for (size_t pos = 0; pos < 36; pos++) {
        for (unsigned n = 0; n < sizeof(not_token); n++) {
            size_t len = make_request(buf, 0, 36, 1);

            buf[25 + pos] = not_token[n];
            ck_assert_msg(parse_n(buf, len, HEAD_MAX, 16) == SXE_HTTP_ERROR_BAD_REQUEST, "byte %#x at %zu",
                          (unsigned)(unsigned char)not_token[n], pos);
        }

        for (unsigned t = 0; t < sizeof(rare_token); t++) {
            size_t len = make_request(buf, 0, 36, 1);

            buf[25 + pos] = rare_token[t];
            ck_assert_msg(parse_n(buf, len, HEAD_MAX, 16) == (int)len, "byte %c at %zu", rare_token[t], pos);
            ck_assert_uint_eq(headers[1].name_len, 36);
        }
    }
}
END_TEST

START_TEST(a_forbidden_byte_at_any_position_of_a_long_target_is_rejected)
{
    static const char forbidden[] = {0x00, 0x01, '\t', '\r', 0x1f, 0x7f};
    static const char allowed[] = {(char)0x80, (char)0xff, '~', '"', '#', '%'};
    char buf[256];

    for (size_t pos = 0; pos < 40; pos++) {
        for (unsigned f = 0; f < sizeof(forbidden); f++) {
            size_t len = make_request(buf, 40, 1, 1);

            buf[5 + pos] = forbidden[f];
            ck_assert_msg(parse_n(buf, len, HEAD_MAX, 16) == SXE_HTTP_ERROR_BAD_REQUEST, "byte %#x at %zu",
                          (unsigned)(unsigned char)forbidden[f], pos);
        }

        for (unsigned a = 0; a < sizeof(allowed); a++) {
            size_t len = make_request(buf, 40, 1, 1);

            buf[5 + pos] = allowed[a];
            ck_assert_msg(parse_n(buf, len, HEAD_MAX, 16) == (int)len, "byte %#x at %zu",
                          (unsigned)(unsigned char)allowed[a], pos);
            ck_assert_uint_eq(req.target_len, 41);
        }
    }
}
END_TEST

START_TEST(every_byte_of_a_host_value_of_any_length_is_checked)
{
    static const char host_punct[] = "-._~%!$&'()*+,;=:[]";
    char buf[128];

    for (unsigned c = 0x21; c <= 0xff; c++) { /* visible and obs-text bytes: valid field-value bytes */
        bool valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     (c < 0x80 && strchr(host_punct, (int)c) != NULL);

        for (size_t host_len = 1; host_len <= 20; host_len++) {
            for (size_t pos = 0; pos < host_len; pos++) {
                size_t len = (size_t)sprintf(buf, "GET / HTTP/1.1\r\nHost: ");

                memset(buf + len, 'h', host_len);
                buf[len + pos] = (char)c;
                len += host_len;
                memcpy(buf + len, "\r\n\r\n", 4);
                len += 4;
                ck_assert_msg(parse_n(buf, len, HEAD_MAX, 16) == (valid ? (int)len : SXE_HTTP_ERROR_BAD_REQUEST),
                              "byte %#x at %zu of %zu", c, pos, host_len);
            }
        }
    }
}
END_TEST

START_TEST(connection_keep_alive_and_close_are_recognised_whole_in_any_case)
{
    ck_assert_int_gt(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"), 0);
    ck_assert(req.connection_keep_alive && req.keep_alive && !req.connection_close);
    ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: CLOSE\r\n\r\n"), 0);
    ck_assert(req.connection_close && !req.keep_alive && !req.connection_keep_alive);
    ck_assert_int_gt(parse("GET / HTTP/1.0\r\nConnection: keep-alivex\r\n\r\n"), 0);
    ck_assert(!req.connection_keep_alive && !req.keep_alive);
    ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: closed\r\n\r\n"), 0);
    ck_assert(!req.connection_close && req.keep_alive);
    ck_assert_int_gt(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\tclose\r\n\r\n"), 0);
    ck_assert(!req.connection_close && !req.connection_keep_alive);
    ck_assert_int_gt(parse("GET / HTTP/1.0\r\nConnection:  keep-alive \t\r\n\r\n"), 0);
    ck_assert(req.connection_keep_alive && req.keep_alive);
}
END_TEST

START_TEST(the_field_after_header_max_is_parsed_in_full_before_it_is_431)
{
    ck_assert_int_eq(parse_n("GET / HTTP/1.1\r\nHost: h\r\nX: y", 29, HEAD_MAX, 1), SXE_HTTP_NEED_MORE);
    ck_assert_uint_eq(req.header_count, 1);
    ck_assert(memcmp(headers[0].name, "Host", 4) == 0);
    ck_assert_int_eq(parse_n("GET / HTTP/1.1\r\nHost: h\r\nX: y\0", 30, HEAD_MAX, 1), SXE_HTTP_ERROR_BAD_REQUEST);
    ck_assert_int_eq(parse_n("GET / HTTP/1.1\r\nHost: h\r\nX: y\r\n", 31, HEAD_MAX, 1), SXE_HTTP_ERROR_HEAD_TOO_LARGE);
    ck_assert_uint_eq(req.header_count, 1);
    ck_assert_uint_eq(headers[0].value_len, 1);
    ck_assert(headers[0].value[0] == 'h');
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("sxe-http-request");
    TCase *tc = tcase_create("request");

    tcase_add_test(tc, a_simple_get_request_parses_into_its_parts);
    tcase_add_test(tc, a_request_split_at_every_byte_boundary_parses_identically);
    tcase_add_test(tc, pipelined_requests_back_to_back_parse_one_after_another);
    tcase_add_test(tc, empty_lines_before_the_request_line_are_skipped_and_counted);
    tcase_add_test(tc, bare_lf_line_endings_are_accepted);
    tcase_add_test(tc, a_bare_cr_is_rejected);
    tcase_add_test(tc, nul_bytes_anywhere_are_rejected);
    tcase_add_test(tc, an_error_is_reported_as_soon_as_the_bad_byte_arrives);
    tcase_add_test(tc, a_header_without_a_colon_is_rejected);
    tcase_add_test(tc, whitespace_before_the_colon_is_rejected);
    tcase_add_test(tc, an_empty_header_name_is_rejected);
    tcase_add_test(tc, obs_fold_and_leading_whitespace_in_fields_are_rejected);
    tcase_add_test(tc, invalid_token_characters_in_names_are_rejected);
    tcase_add_test(tc, control_characters_and_del_in_values_are_rejected_but_tab_and_obs_text_are_not);
    tcase_add_test(tc, values_are_trimmed_of_surrounding_whitespace_and_may_be_empty);
    tcase_add_test(tc, a_non_ascii_method_is_rejected);
    tcase_add_test(tc, a_lowercase_or_unknown_method_is_valid_syntax_with_method_id_unknown);
    tcase_add_test(tc, every_known_method_is_recognised);
    tcase_add_test(tc, a_malformed_request_line_is_rejected);
    tcase_add_test(tc, a_target_with_utf8_bytes_is_accepted_as_is);
    tcase_add_test(tc, major_versions_other_than_1_are_505_and_malformed_versions_are_400);
    tcase_add_test(tc, higher_http_1_minor_versions_are_handled_as_http_1_1);
    tcase_add_test(tc, a_request_line_longer_than_head_max_is_414_but_a_shorter_partial_one_needs_more);
    tcase_add_test(tc, a_head_of_exactly_head_max_bytes_parses_and_one_more_byte_is_431);
    tcase_add_test(tc, bytes_after_head_max_are_never_read);
    tcase_add_test(tc, more_headers_than_header_max_is_431_and_exactly_header_max_is_fine);
    tcase_add_test(tc, a_huge_header_count_is_rejected_without_reading_it_all);
    tcase_add_test(tc, a_head_larger_than_head_max_is_431_even_with_room_for_every_header);
    tcase_add_test(tc, content_length_gives_a_length_body);
    tcase_add_test(tc, negative_signed_empty_or_non_numeric_content_length_is_rejected);
    tcase_add_test(tc, an_overflowing_content_length_is_rejected_and_the_largest_allowed_is_accepted);
    tcase_add_test(tc, duplicate_content_length_with_equal_values_is_accepted_and_with_different_values_is_400);
    tcase_add_test(tc, both_content_length_and_transfer_encoding_is_rejected);
    tcase_add_test(tc, transfer_encoding_chunked_gives_a_chunked_body);
    tcase_add_test(tc, transfer_encoding_other_than_a_single_final_chunked_is_rejected);
    tcase_add_test(tc, a_coding_before_a_final_chunked_is_501_not_implemented);
    tcase_add_test(tc, transfer_encoding_in_an_http_1_0_request_is_rejected);
    tcase_add_test(tc, http_1_1_needs_exactly_one_host_and_http_1_0_needs_none);
    tcase_add_test(tc, a_host_value_that_is_not_host_and_port_is_rejected);
    tcase_add_test(tc, http_1_0_closes_unless_keep_alive_is_asked_for);
    tcase_add_test(tc, http_1_1_keeps_alive_unless_close_is_asked_for);
    tcase_add_test(tc, connection_token_lists_and_repeated_fields_are_all_read);
    tcase_add_test(tc, expect_100_continue_is_reported);
    tcase_add_test(tc, header_find_is_case_insensitive_and_returns_the_first_match);
    tcase_add_test(tc, each_error_code_has_a_status_and_a_name);
    tcase_add_test(tc, fields_with_the_same_length_as_framing_fields_are_not_mistaken_for_them);
    tcase_add_test(tc, a_head_max_beyond_int_max_is_treated_as_int_max);
    tcase_add_test(tc, an_empty_buffer_needs_more);
    tcase_add_test(tc, near_misses_of_the_get_fast_path_follow_the_general_rules);
    tcase_add_test(tc, near_misses_of_the_version_fast_path_follow_the_general_rules);
    tcase_add_test(tc, requests_of_every_length_around_the_16_byte_blocks_parse_and_every_prefix_needs_more);
    tcase_add_test(tc, a_forbidden_byte_at_any_position_of_a_long_value_is_rejected);
    tcase_add_test(tc, tab_space_and_obs_text_at_any_position_of_a_long_value_are_kept);
    tcase_add_test(tc, a_non_token_byte_at_any_position_of_a_long_name_is_rejected_and_rare_token_bytes_are_accepted);
    tcase_add_test(tc, a_forbidden_byte_at_any_position_of_a_long_target_is_rejected);
    tcase_add_test(tc, every_byte_of_a_host_value_of_any_length_is_checked);
    tcase_add_test(tc, connection_keep_alive_and_close_are_recognised_whole_in_any_case);
    tcase_add_test(tc, the_field_after_header_max_is_parsed_in_full_before_it_is_431);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(suite, tc);

    return sxe_test_run(suite);
}
