/* test-sxe-http-api.c: the robust-API table of lib-sxe-http: each public function of sxe-http.h called with NULL
 * (or a value out of range) returns what its header says and never crashes. The parser never logs, so the only
 * report is the return value (SXE_HTTP_ERROR_BAD_PARAMETER for a caller's bug). The table must cover every function
 * the header declares. Depends on libc and Check only, like the library.
 */
#include <string.h>

#include "sxe-http.h"
#include "../../lib-sxe-log/test/sxe-test-api.h"

static const char request_text[] = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
static const char response_text[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

START_TEST(sxe_http_parse_request_with_a_null_request_returns_bad_parameter)
{
    ck_assert_int_eq(sxe_http_parse_request(request_text, sizeof(request_text) - 1, NULL, SXE_HTTP_HEAD_MAX_DEFAULT),
                     SXE_HTTP_ERROR_BAD_PARAMETER);
}
END_TEST

START_TEST(sxe_http_parse_request_of_a_null_buffer_with_a_length_returns_bad_parameter_and_with_none_needs_more)
{
    SXE_HTTP_HEADER headers[4];
    SXE_HTTP_REQUEST req = {.headers = headers, .header_max = 4};

    req.method_len = 99;
    ck_assert_int_eq(sxe_http_parse_request(NULL, 10, &req, SXE_HTTP_HEAD_MAX_DEFAULT), SXE_HTTP_ERROR_BAD_PARAMETER);
    ck_assert_uint_eq(req.method_len, 0); /* outputs are reset on errors too */
    ck_assert_int_eq(sxe_http_parse_request(NULL, 0, &req, SXE_HTTP_HEAD_MAX_DEFAULT), SXE_HTTP_NEED_MORE);
}
END_TEST

START_TEST(sxe_http_parse_request_with_null_headers_and_a_header_max_returns_bad_parameter)
{
    SXE_HTTP_REQUEST req = {.headers = NULL, .header_max = 4};

    ck_assert_int_eq(sxe_http_parse_request(request_text, sizeof(request_text) - 1, &req, SXE_HTTP_HEAD_MAX_DEFAULT),
                     SXE_HTTP_ERROR_BAD_PARAMETER);
    req.header_max = 0; /* no room for fields: a request with one is too large, not a bug */
    ck_assert_int_eq(sxe_http_parse_request(request_text, sizeof(request_text) - 1, &req, SXE_HTTP_HEAD_MAX_DEFAULT),
                     SXE_HTTP_ERROR_HEAD_TOO_LARGE);
}
END_TEST

START_TEST(sxe_http_parse_response_with_a_null_response_or_buffer_returns_bad_parameter)
{
    SXE_HTTP_HEADER headers[4];
    SXE_HTTP_RESPONSE resp = {.headers = headers, .header_max = 4};

    ck_assert_int_eq(sxe_http_parse_response(response_text, sizeof(response_text) - 1, NULL, 8192, false),
                     SXE_HTTP_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(sxe_http_parse_response(NULL, 10, &resp, 8192, false), SXE_HTTP_ERROR_BAD_PARAMETER);
    resp.headers = NULL;
    ck_assert_int_eq(sxe_http_parse_response(response_text, sizeof(response_text) - 1, &resp, 8192, false),
                     SXE_HTTP_ERROR_BAD_PARAMETER);
}
END_TEST

START_TEST(sxe_http_chunked_init_of_null_is_ignored)
{
    sxe_http_chunked_init(NULL, SXE_HTTP_TRAILER_MAX_DEFAULT);
}
END_TEST

START_TEST(sxe_http_chunked_decode_with_a_null_argument_returns_bad_parameter_and_keeps_the_state)
{
    SXE_HTTP_CHUNKED state;
    size_t offset = 7;
    size_t length = 7;

    sxe_http_chunked_init(&state, 0);
    ck_assert_int_eq(sxe_http_chunked_decode(NULL, "0\r\n\r\n", 5, &offset, &length), SXE_HTTP_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(sxe_http_chunked_decode(&state, NULL, 5, &offset, &length), SXE_HTTP_ERROR_BAD_PARAMETER);
    ck_assert_uint_eq(offset, 0);
    ck_assert_uint_eq(length, 0);
    ck_assert_int_eq(sxe_http_chunked_decode(&state, "0\r\n\r\n", 5, NULL, &length), SXE_HTTP_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(sxe_http_chunked_decode(&state, "0\r\n\r\n", 5, &offset, NULL), SXE_HTTP_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(sxe_http_chunked_decode(&state, NULL, 0, &offset, &length), 0);
    ck_assert_int_eq(sxe_http_chunked_decode(&state, "0\r\n\r\n", 5, &offset, &length), 5); /* not sticky */
    ck_assert(state.done);
}
END_TEST

START_TEST(sxe_http_url_decode_path_with_a_null_input_or_output_returns_bad_parameter)
{
    char out[8];

    ck_assert_int_eq(sxe_http_url_decode_path(NULL, 3, out, sizeof(out)), SXE_HTTP_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(sxe_http_url_decode_path("/a", 2, NULL, sizeof(out)), SXE_HTTP_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(sxe_http_url_decode_path(NULL, 0, out, sizeof(out)), 0);
    ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(sxe_http_header_find_with_null_headers_or_name_finds_nothing)
{
    SXE_HTTP_HEADER headers[1] = {{"Host", 4, "a", 1}};

    ck_assert_ptr_null(sxe_http_header_find(NULL, 3, "Host"));
    ck_assert_ptr_null(sxe_http_header_find(headers, 1, NULL));
    ck_assert_ptr_eq(sxe_http_header_find(headers, 1, "host"), &headers[0]);
}
END_TEST

START_TEST(sxe_http_method_from_string_of_null_is_unknown)
{
    ck_assert_int_eq(sxe_http_method_from_string(NULL, 3), SXE_HTTP_METHOD_UNKNOWN);
}
END_TEST

START_TEST(sxe_http_method_to_string_of_a_value_out_of_range_is_unknown)
{
    ck_assert_str_eq(sxe_http_method_to_string(SXE_HTTP_METHOD_NUMBER_OF_METHODS), "UNKNOWN");
    ck_assert_str_eq(sxe_http_method_to_string((SXE_HTTP_METHOD)-1), "UNKNOWN");
}
END_TEST

START_TEST(sxe_http_status_reason_of_a_status_it_does_not_know_is_unknown)
{
    ck_assert_str_eq(sxe_http_status_reason(0), "Unknown");
    ck_assert_str_eq(sxe_http_status_reason(4242), "Unknown");
}
END_TEST

START_TEST(sxe_http_error_to_status_of_bad_parameter_or_an_unknown_code_is_500)
{
    ck_assert_uint_eq(sxe_http_error_to_status(SXE_HTTP_ERROR_BAD_PARAMETER), 500);
    ck_assert_uint_eq(sxe_http_error_to_status(-99), 500);
}
END_TEST

START_TEST(sxe_http_error_to_string_names_bad_parameter_and_unknown_codes)
{
    ck_assert_str_eq(sxe_http_error_to_string(SXE_HTTP_ERROR_BAD_PARAMETER), "SXE_HTTP_ERROR_BAD_PARAMETER");
    ck_assert_str_eq(sxe_http_error_to_string(-99), "SXE_HTTP_ERROR_UNKNOWN");
}
END_TEST

int main(void)
{
    const SXE_TEST_API_CASE cases[] = {
        {"sxe_http_parse_request", sxe_http_parse_request_with_a_null_request_returns_bad_parameter},
        {"sxe_http_parse_request",
         sxe_http_parse_request_of_a_null_buffer_with_a_length_returns_bad_parameter_and_with_none_needs_more},
        {"sxe_http_parse_request", sxe_http_parse_request_with_null_headers_and_a_header_max_returns_bad_parameter},
        {"sxe_http_parse_response", sxe_http_parse_response_with_a_null_response_or_buffer_returns_bad_parameter},
        {"sxe_http_chunked_init", sxe_http_chunked_init_of_null_is_ignored},
        {"sxe_http_chunked_decode",
         sxe_http_chunked_decode_with_a_null_argument_returns_bad_parameter_and_keeps_the_state},
        {"sxe_http_url_decode_path", sxe_http_url_decode_path_with_a_null_input_or_output_returns_bad_parameter},
        {"sxe_http_header_find", sxe_http_header_find_with_null_headers_or_name_finds_nothing},
        {"sxe_http_method_from_string", sxe_http_method_from_string_of_null_is_unknown},
        {"sxe_http_method_to_string", sxe_http_method_to_string_of_a_value_out_of_range_is_unknown},
        {"sxe_http_status_reason", sxe_http_status_reason_of_a_status_it_does_not_know_is_unknown},
        {"sxe_http_error_to_status", sxe_http_error_to_status_of_bad_parameter_or_an_unknown_code_is_500},
        {"sxe_http_error_to_string", sxe_http_error_to_string_names_bad_parameter_and_unknown_codes},
    };

    return sxe_test_api_main("lib-sxe-http", cases, sizeof(cases) / sizeof(cases[0]));
}
