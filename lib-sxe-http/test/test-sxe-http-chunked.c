/* test-sxe-http-chunked.c: the chunked body decoder, as a specification. Inputs sit against a guard page. */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "../../test/sxe-check.h"
#include "guard-page.h"
#include "sxe-http.h"

static SXE_HTTP_CHUNKED chunked;
static char body[65536];
static size_t body_len;

/* Feed s[0 .. len) (against a guard page) to the decoder until it is consumed, done, or an error. Collects the
 * data in body. Returns the total consumed or the error.
 */
static int feed_n(const char *s, size_t len)
{
    const char *buf = guard_page_copy(s, len);
    size_t total = 0;
    size_t offset;
    size_t data_len;
    int n;

    while (total < len && !chunked.done) {
        if ((n = sxe_http_chunked_decode(&chunked, buf + total, len - total, &offset, &data_len)) < 0) {
            return n;
        }

        ck_assert_int_gt(n, 0);
        ck_assert_uint_le(offset + data_len, (size_t)n);
        ck_assert_uint_le(body_len + data_len, sizeof(body));
        memcpy(body + body_len, buf + total + offset, data_len);
        body_len += data_len;
        total += (size_t)n;
    }

    return (int)total;
}

static int feed(const char *s)
{
    return feed_n(s, strlen(s));
}

static void start(size_t trailer_max)
{
    sxe_http_chunked_init(&chunked, trailer_max);
    body_len = 0;
}

START_TEST(a_chunked_body_is_decoded_and_ends_after_the_last_chunk)
{
    static const char s[] = "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n";

    start(SXE_HTTP_TRAILER_MAX_DEFAULT);
    ck_assert_int_eq(feed(s), (int)strlen(s));
    ck_assert(chunked.done);
    ck_assert_uint_eq(body_len, 12);
    ck_assert(memcmp(body, "hello, world", 12) == 0);
    ck_assert_uint_eq(chunked.data_total, 12);
}
END_TEST

START_TEST(each_call_returns_one_run_of_data_in_place)
{
    static const char s[] = "3\r\nabc\r\n0\r\n\r\n";
    const char *buf = guard_page_copy(s, strlen(s));
    size_t offset;
    size_t len;

    start(0);
    ck_assert_int_eq(sxe_http_chunked_decode(&chunked, buf, strlen(s), &offset, &len), 6);
    ck_assert_uint_eq(offset, 3);
    ck_assert_uint_eq(len, 3);
    ck_assert(buf + offset == buf + 3); /* zero copy: the data is where it arrived */
    ck_assert(!chunked.done);
    ck_assert_int_eq(sxe_http_chunked_decode(&chunked, buf + 6, strlen(s) - 6, &offset, &len), 7);
    ck_assert_uint_eq(len, 0);
    ck_assert(chunked.done);
    ck_assert_int_eq(sxe_http_chunked_decode(&chunked, buf, 3, &offset, &len), 0); /* done: takes nothing */
    ck_assert_int_eq(sxe_http_chunked_decode(&chunked, buf, 0, &offset, &len), 0);
}
END_TEST

START_TEST(a_chunked_body_split_at_every_byte_boundary_decodes_identically)
{
    static const char s[] = "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-T: y\r\n\r\n";
    size_t len = strlen(s);

    for (size_t split = 0; split <= len; split++) {
        start(SXE_HTTP_TRAILER_MAX_DEFAULT);
        ck_assert_int_eq(feed_n(s, split), (int)split);
        ck_assert(!chunked.done || split == len);
        ck_assert_int_eq(feed_n(s + split, len - split), (int)(len - split));
        ck_assert(chunked.done);
        ck_assert_uint_eq(body_len, 23);
        ck_assert(memcmp(body, "Wikipedia in\r\n\r\nchunks.", 23) == 0);
    }

    start(SXE_HTTP_TRAILER_MAX_DEFAULT); /* one byte per call */

    for (size_t i = 0; i < len; i++) {
        ck_assert_int_eq(feed_n(s + i, 1), 1);
    }

    ck_assert(chunked.done);
    ck_assert_uint_eq(body_len, 23);
}
END_TEST

START_TEST(chunk_extensions_are_accepted_and_ignored)
{
    start(0);
    ck_assert_int_gt(feed("3;a=b;c=\"quoted; \\\"str\"\r\nabc\r\n1 ; x\r\nd\r\n0;last\r\n\r\n"), 0);
    ck_assert(chunked.done);
    ck_assert_uint_eq(body_len, 4);
    ck_assert(memcmp(body, "abcd", 4) == 0);
}
END_TEST

START_TEST(trailers_are_skipped_up_to_trailer_max)
{
    static const char s[] = "1\r\nz\r\n0\r\nX-Checksum: 1234\r\nX-Other: a b\r\n\r\n";

    start(SXE_HTTP_TRAILER_MAX_DEFAULT);
    ck_assert_int_eq(feed(s), (int)strlen(s));
    ck_assert(chunked.done);
    ck_assert_uint_eq(body_len, 1);
    start(strlen("X-Checksum: 1234\r\nX-Other: a b\r\n")); /* exactly the trailer bytes */
    ck_assert_int_eq(feed(s), (int)strlen(s));
    start(strlen("X-Checksum: 1234\r\nX-Other: a b\r\n") - 1);
    ck_assert_int_eq(feed(s), SXE_HTTP_ERROR_HEAD_TOO_LARGE);
    start(0);
    ck_assert_int_eq(feed("0\r\n\r\n"), 5);
    ck_assert(chunked.done);
}
END_TEST

START_TEST(bytes_after_the_body_are_not_consumed)
{
    static const char s[] = "2\r\nhi\r\n0\r\n\r\nGET / HTTP/1.1\r\n";

    start(0);
    ck_assert_int_eq(feed(s), (int)strlen("2\r\nhi\r\n0\r\n\r\n"));
    ck_assert(chunked.done);
}
END_TEST

START_TEST(hex_sizes_may_use_either_case_and_leading_zeros)
{
    static const char s[] = "000000000000000000000000a\r\n0123456789\r\nA\r\n0123456789\r\n0\r\n\r\n";

    start(0);
    ck_assert_int_eq(feed(s), (int)strlen(s));
    ck_assert_uint_eq(body_len, 20);
}
END_TEST

START_TEST(an_overflowing_chunk_size_is_rejected)
{
    start(0);
    ck_assert_int_eq(feed("10000000000000000\r\n"), SXE_HTTP_ERROR_MALFORMED);
    start(0);
    ck_assert_int_eq(feed("8000000000000000\r\n"), SXE_HTTP_ERROR_MALFORMED);
    start(0);
    ck_assert_int_eq(feed("7fffffffffffffff\r\nabc"), (int)strlen("7fffffffffffffff\r\nabc"));
    ck_assert_uint_eq(chunked.remaining, 0x7fffffffffffffffULL - 3);
}
END_TEST

START_TEST(bad_hex_or_an_empty_size_is_rejected)
{
    static const char *const bad[] = {"x\r\n",  "\r\n",   ";ext\r\n", "-1\r\n", "0x5\r\n",
                                      " 5\r\n", "5 \r\n", "5 x\r\n",  "g\r\n"};

    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        start(0);
        ck_assert_msg(feed(bad[i]) == SXE_HTTP_ERROR_MALFORMED, "'%s'", bad[i]);
    }
}
END_TEST

START_TEST(a_missing_crlf_after_chunk_data_is_rejected)
{
    start(0);
    ck_assert_int_eq(feed("5\r\nhelloX\r\n0\r\n\r\n"), SXE_HTTP_ERROR_MALFORMED);
    start(0);
    ck_assert_int_eq(feed("5\r\nhello\rX"), SXE_HTTP_ERROR_MALFORMED);
    start(0);
    ck_assert_int_eq(feed("5\r\nhello\r\n0\r\n\rX"), SXE_HTTP_ERROR_MALFORMED);
}
END_TEST

START_TEST(bare_lf_is_rejected_in_chunked_framing)
{
    static const char *const bad[] = {"5\nhello\r\n0\r\n\r\n", "5\r\nhello\n0\r\n\r\n", "0\r\n\n", "0\r\nX: y\n\r\n",
                                      "5;ext\nhello\r\n"};

    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        start(SXE_HTTP_TRAILER_MAX_DEFAULT);
        ck_assert_msg(feed(bad[i]) == SXE_HTTP_ERROR_MALFORMED, "case %u", i);
    }
}
END_TEST

START_TEST(control_bytes_in_extensions_or_trailers_and_folded_trailers_are_rejected)
{
    static const char ext_nul[] = "1;a\0b\r\nx\r\n0\r\n\r\n";
    static const char trl_nul[] = "0\r\nX: a\0b\r\n\r\n";

    start(SXE_HTTP_TRAILER_MAX_DEFAULT);
    ck_assert_int_eq(feed_n(ext_nul, sizeof(ext_nul) - 1), SXE_HTTP_ERROR_MALFORMED);
    start(SXE_HTTP_TRAILER_MAX_DEFAULT);
    ck_assert_int_eq(feed_n(trl_nul, sizeof(trl_nul) - 1), SXE_HTTP_ERROR_MALFORMED);
    start(SXE_HTTP_TRAILER_MAX_DEFAULT);
    ck_assert_int_eq(feed("0\r\nX: a\r\n folded\r\n\r\n"), SXE_HTTP_ERROR_MALFORMED);
    start(SXE_HTTP_TRAILER_MAX_DEFAULT);
    ck_assert_int_eq(feed("0\r\nX: a\x7f\r\n\r\n"), SXE_HTTP_ERROR_MALFORMED);
}
END_TEST

START_TEST(a_chunk_size_line_longer_than_the_limit_is_rejected)
{
    static char line[SXE_HTTP_CHUNK_LINE_MAX + 16];

    memset(line, 'a', sizeof(line));
    memcpy(line, "1;", 2);
    memcpy(line + SXE_HTTP_CHUNK_LINE_MAX - 2, "\r\n", 2); /* exactly the limit: accepted */
    start(0);
    ck_assert_int_eq(feed_n(line, SXE_HTTP_CHUNK_LINE_MAX), SXE_HTTP_CHUNK_LINE_MAX);
    memcpy(line + SXE_HTTP_CHUNK_LINE_MAX - 2, "a\r\n", 3); /* one byte more */
    start(0);
    ck_assert_int_eq(feed_n(line, SXE_HTTP_CHUNK_LINE_MAX + 1), SXE_HTTP_ERROR_MALFORMED);
}
END_TEST

START_TEST(errors_are_sticky_until_the_decoder_is_initialised_again)
{
    size_t offset;
    size_t len;

    start(0);
    ck_assert_int_eq(feed("z"), SXE_HTTP_ERROR_MALFORMED);
    ck_assert_int_eq(sxe_http_chunked_decode(&chunked, "0\r\n\r\n", 5, &offset, &len), SXE_HTTP_ERROR_MALFORMED);
    ck_assert(!chunked.done);
    start(0);
    ck_assert_int_eq(feed("0\r\n\r\n"), 5);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("sxe-http-chunked");
    TCase *tc = tcase_create("chunked");

    tcase_add_test(tc, a_chunked_body_is_decoded_and_ends_after_the_last_chunk);
    tcase_add_test(tc, each_call_returns_one_run_of_data_in_place);
    tcase_add_test(tc, a_chunked_body_split_at_every_byte_boundary_decodes_identically);
    tcase_add_test(tc, chunk_extensions_are_accepted_and_ignored);
    tcase_add_test(tc, trailers_are_skipped_up_to_trailer_max);
    tcase_add_test(tc, bytes_after_the_body_are_not_consumed);
    tcase_add_test(tc, hex_sizes_may_use_either_case_and_leading_zeros);
    tcase_add_test(tc, an_overflowing_chunk_size_is_rejected);
    tcase_add_test(tc, bad_hex_or_an_empty_size_is_rejected);
    tcase_add_test(tc, a_missing_crlf_after_chunk_data_is_rejected);
    tcase_add_test(tc, bare_lf_is_rejected_in_chunked_framing);
    tcase_add_test(tc, control_bytes_in_extensions_or_trailers_and_folded_trailers_are_rejected);
    tcase_add_test(tc, a_chunk_size_line_longer_than_the_limit_is_rejected);
    tcase_add_test(tc, errors_are_sticky_until_the_decoder_is_initialised_again);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(suite, tc);

    return sxe_test_run(suite);
}
