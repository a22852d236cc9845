/* test-httpd-protocol.c: the httpd example speaks HTTP/1.0 and 1.1 (RFC 9112): keep-alive rules, pipelining, HEAD,
 * request bodies, and every error status. Each test starts the real binary on an ephemeral port and stops it.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sxe-check.h"
#include "sxe-itest.h"

#define HELLO_BODY "<html><body>Hello World</body></html>\n"

static SXE_ITEST_SERVER server;
static SXE_ITEST_CONN conn;

static void start_httpd(const char *const *args)
{
    ck_assert_msg(sxe_itest_start(&server, "httpd", args), "httpd did not start from %s", sxe_itest_bin_dir());
    ck_assert(sxe_itest_conn_open(&conn, server.port));
}

static void stop_httpd(void)
{
    sxe_itest_conn_close(&conn);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
}

static void expect_response(unsigned status, bool head, SXE_ITEST_RESPONSE *resp)
{
    ck_assert_msg(sxe_itest_read_response(&conn, resp, head), "no complete response");
    ck_assert_msg(resp->status == status, "expected %u, got %u: %s", status, resp->status, resp->head);
}

START_TEST(test_http11_keeps_the_connection_open)
{
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL);

    for (unsigned i = 0; i < 3; i++) {
        ck_assert(sxe_itest_send(conn.fd, "GET / HTTP/1.1\r\nHost: test\r\n\r\n", 0));
        expect_response(200, false, &resp);
        ck_assert(resp.keep_alive);
        ck_assert(!resp.connection_close);
        ck_assert_str_eq(resp.body, HELLO_BODY);
        ck_assert(strstr(resp.head, "\r\nDate: ") != NULL);
        ck_assert(strstr(resp.head, "\r\nContent-Type: text/html\r\n") != NULL);
    }

    stop_httpd();
}
END_TEST

START_TEST(test_http11_connection_close_is_answered_then_closed)
{
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL);
    ck_assert(sxe_itest_send(conn.fd, "GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n", 0));
    expect_response(200, false, &resp);
    ck_assert(resp.connection_close);
    ck_assert_str_eq(resp.body, HELLO_BODY);
    ck_assert(sxe_itest_wait_closed(conn.fd, 3));
    stop_httpd();
}
END_TEST

START_TEST(test_http10_closes_by_default)
{
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL);
    ck_assert(sxe_itest_send(conn.fd, "GET / HTTP/1.0\r\n\r\n", 0));
    expect_response(200, false, &resp);
    ck_assert(resp.connection_close);
    ck_assert(!resp.keep_alive);
    ck_assert(sxe_itest_wait_closed(conn.fd, 3));
    stop_httpd();
}
END_TEST

START_TEST(test_http10_keep_alive_is_honoured_and_announced)
{
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL);

    for (unsigned i = 0; i < 2; i++) {
        ck_assert(sxe_itest_send(conn.fd, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 0));
        expect_response(200, false, &resp);
        ck_assert(resp.connection_keep_alive);
        ck_assert(resp.keep_alive);
        ck_assert_str_eq(resp.body, HELLO_BODY);
    }

    ck_assert(!sxe_itest_wait_closed(conn.fd, 0.2));
    stop_httpd();
}
END_TEST

START_TEST(test_head_has_the_headers_of_get_and_no_body)
{
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL);
    ck_assert(sxe_itest_send(conn.fd, "HEAD / HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n", 0));
    expect_response(200, true, &resp);
    ck_assert_int_eq(resp.content_length, (long)strlen(HELLO_BODY));
    ck_assert_uint_eq(resp.body_len, 0);
    expect_response(200, false, &resp); /* the GET's answer starts right where the HEAD's head ends */
    ck_assert_str_eq(resp.body, HELLO_BODY);
    stop_httpd();
}
END_TEST

START_TEST(test_100_pipelined_requests_are_answered_in_order)
{
    static const char *const args[] = {"-b", "16384", NULL};
    char requests[100 * 64];
    size_t used = 0;
    SXE_ITEST_RESPONSE resp;

    start_httpd(args);

    for (unsigned i = 0; i < 100; i++) { /* every third request is a HEAD: the order shows in the bodies */
        used += (size_t)snprintf(requests + used, sizeof(requests) - used, "%s /%u HTTP/1.1\r\nHost: t\r\n\r\n",
                                 i % 3 == 0 ? "HEAD" : "GET", i);
    }

    ck_assert(sxe_itest_send(conn.fd, requests, used));

    for (unsigned i = 0; i < 100; i++) {
        expect_response(200, i % 3 == 0, &resp);
        ck_assert_uint_eq(resp.body_len, i % 3 == 0 ? 0 : strlen(HELLO_BODY));
    }

    ck_assert_uint_eq(conn.used, 0); /* exactly 100 answers, nothing more */
    stop_httpd();
}
END_TEST

START_TEST(test_pipelined_answers_larger_than_the_buffer_all_arrive)
{
    static const char *const args[] = {"-b", "1024", NULL};
    char requests[300 * 40];
    size_t used = 0;
    SXE_ITEST_RESPONSE resp;

    start_httpd(args);

    for (unsigned i = 0; i < 300; i++) { /* sent in pieces: the input buffer is only 1 KiB */
        used += (size_t)snprintf(requests + used, sizeof(requests) - used, "GET / HTTP/1.1\r\nHost: t\r\n\r\n");
    }

    ck_assert(sxe_itest_send(conn.fd, requests, used));

    for (unsigned i = 0; i < 300; i++) {
        expect_response(200, false, &resp);
    }

    stop_httpd();
}
END_TEST

START_TEST(test_curl_reuses_the_connection)
{
    char command[512];
    char output[4096];

    sxe_itest_require_tool("curl", "curl");
    start_httpd(NULL);
    snprintf(command, sizeof(command), "curl -sv http://127.0.0.1:%d/ http://127.0.0.1:%d/again 2>&1", server.port,
             server.port);
    ck_assert_int_eq(sxe_itest_run(command, output, sizeof(output)), 0);
    ck_assert_msg(strstr(output, "< HTTP/1.1 200 OK") != NULL, "%s", output);
    ck_assert_msg(strstr(output, "Re-using existing connection") != NULL, "%s", output);
    ck_assert_ptr_nonnull(strstr(strstr(output, "Hello World") + 1, "Hello World"));
    stop_httpd();
}
END_TEST

START_TEST(test_content_length_body_is_read_and_discarded)
{
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL);
    ck_assert(sxe_itest_send(conn.fd, "GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\nhello", 0));
    ck_assert(!sxe_itest_wait_readable(conn.fd, 0.2)); /* answered only once the body is complete */
    ck_assert(sxe_itest_send(conn.fd, " worldGET / HTTP/1.1\r\nHost: t\r\n\r\n", 0)); /* rest of body + next */
    expect_response(200, false, &resp);
    ck_assert_str_eq(resp.body, HELLO_BODY);
    expect_response(200, false, &resp);
    ck_assert_str_eq(resp.body, HELLO_BODY);
    stop_httpd();
}
END_TEST

START_TEST(test_chunked_body_is_decoded_and_discarded)
{
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL);
    ck_assert(sxe_itest_send(
        conn.fd, "GET / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world", 0));
    ck_assert(!sxe_itest_wait_readable(conn.fd, 0.2)); /* answered only once the body is complete */
    ck_assert(sxe_itest_send(conn.fd, "\r\n0\r\n\r\nHEAD / HTTP/1.1\r\nHost: t\r\n\r\n", 0));
    expect_response(200, false, &resp); /* the GET's and the HEAD's answers leave in one write */
    ck_assert_str_eq(resp.body, HELLO_BODY);
    expect_response(200, true, &resp);
    stop_httpd();
}
END_TEST

START_TEST(test_a_malformed_chunked_body_gets_only_400_and_a_close)
{
    SXE_ITEST_RESPONSE resp;
    char rest[64];

    start_httpd(NULL);
    ck_assert(sxe_itest_send(conn.fd, "GET / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n", 0));
    expect_response(400, false, &resp); /* the request is answered only after its body: the body is malformed */
    ck_assert(resp.connection_close);
    ck_assert_uint_eq(conn.used, 0);                                          /* no second response...  */
    ck_assert_uint_eq(sxe_itest_read_all(conn.fd, rest, sizeof(rest), 3), 0); /* ... nor any later byte */
    ck_assert(sxe_itest_wait_closed(conn.fd, 1));                             /* and the close          */
    stop_httpd();
}
END_TEST

START_TEST(test_a_request_with_a_body_is_answered_only_once_the_body_is_complete)
{
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL);
    ck_assert(sxe_itest_send(conn.fd, "GET / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", 0));
    ck_assert(!sxe_itest_wait_readable(conn.fd, 0.3)); /* head complete, body not: no answer yet */
    ck_assert(sxe_itest_send(conn.fd, "lo\r\n0\r\n\r\n", 0));
    expect_response(200, false, &resp);
    ck_assert_str_eq(resp.body, HELLO_BODY);
    ck_assert(!resp.connection_close);
    stop_httpd();
}
END_TEST

/* Send `request` on a fresh connection; expect `status` and a close. Returns the response head in resp. */
static void expect_error(const char *request, unsigned status, SXE_ITEST_RESPONSE *resp)
{
    SXE_ITEST_CONN *bad = malloc(sizeof(*bad));

    ck_assert(sxe_itest_conn_open(bad, server.port));
    ck_assert(sxe_itest_send(bad->fd, request, 0));
    ck_assert_msg(sxe_itest_read_response(bad, resp, false), "no response to %.40s", request);
    ck_assert_msg(resp->status == status, "expected %u for %.40s, got %u", status, request, resp->status);
    ck_assert(resp->connection_close);
    ck_assert_msg(sxe_itest_wait_closed(bad->fd, 3), "still open after %u", status);
    sxe_itest_conn_close(bad);
    free(bad);
}

START_TEST(test_malformed_requests_get_400_and_a_close)
{
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL);
    expect_error("GARBAGE\r\n\r\n", 400, &resp);
    expect_error("GET / HTTP/1.1\r\nHost: t\r\nNo colon here\r\n\r\n", 400, &resp);
    expect_error("GET / HTTP/1.1\r\n\r\n", 400, &resp); /* HTTP/1.1 without Host */
    expect_error("GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400, &resp);
    stop_httpd();
}
END_TEST

START_TEST(test_without_large_head_buffers_the_input_buffer_bounds_the_head_414_and_431)
{
    static const char *const args[] = {"-b", "1024", "-L", "0", NULL};
    char request[4096];
    SXE_ITEST_RESPONSE resp;

    start_httpd(args);
    memset(request, 'a', sizeof(request) - 1);
    request[sizeof(request) - 1] = '\0';
    memcpy(request, "GET /", 5);
    expect_error(request, 414, &resp);
    snprintf(request, sizeof(request), "GET / HTTP/1.1\r\nHost: t\r\nX-Long: %02000d\r\n\r\n", 0);
    expect_error(request, 431, &resp);
    stop_httpd();
}
END_TEST

START_TEST(test_a_browser_sized_head_of_1500_bytes_gets_200_with_the_default_buffer)
{
    static char head[1501];
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL); /* -b 512 */
    sxe_itest_browser_head(head, 1500, "GET", "", true);
    ck_assert_uint_eq(strlen(head), 1500);

    for (unsigned i = 0; i < 3; i++) { /* the large head buffer is given back after each: the connection is reused */
        ck_assert(sxe_itest_send(conn.fd, head, 0));
        expect_response(200, false, &resp);
        ck_assert_str_eq(resp.body, HELLO_BODY);
        ck_assert(!resp.connection_close);
    }

    stop_httpd();
}
END_TEST

START_TEST(test_a_head_over_8192_bytes_gets_431_and_a_request_line_over_8192_bytes_414)
{
    static char request[9200];
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL);
    sxe_itest_browser_head(request, 9000, "GET", "", true);
    expect_error(request, 431, &resp);
    memset(request, 'a', 9000);
    memcpy(request, "GET /", 5);
    request[9000] = '\0';
    expect_error(request, 414, &resp);
    sxe_itest_browser_head(request, 8000, "GET", "", true); /* just under the large head buffer: served */
    ck_assert(sxe_itest_send(conn.fd, request, 0));
    expect_response(200, false, &resp);
    stop_httpd();
}
END_TEST

START_TEST(test_a_large_head_followed_by_pipelined_requests_in_one_write_all_get_answered_in_order)
{
    static char requests[16384];
    static const char small_get[] = "GET /a HTTP/1.1\r\nHost: t\r\n\r\n";
    static const char small_head[] = "HEAD /b HTTP/1.1\r\nHost: t\r\n\r\n";
    size_t used = 0;
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL);
    /* large GET with a 10-byte body, 3 small ones, a large HEAD, a small GET: bodies show the order */
    used += sxe_itest_browser_head(requests, 1500, "GET", "Content-Length: 10\r\n", true);
    memcpy(requests + used, "0123456789", 10);
    used += 10;
    used += (size_t)snprintf(requests + used, sizeof(requests) - used, "%s%s%s", small_head, small_get, small_head);
    used += sxe_itest_browser_head(requests + used, 2500, "HEAD", "", true);
    used += (size_t)snprintf(requests + used, sizeof(requests) - used, "%s", small_get);
    ck_assert(sxe_itest_send(conn.fd, requests, used));

    for (unsigned i = 0; i < 6; i++) {
        bool head = i == 1 || i == 3 || i == 4;

        expect_response(200, head, &resp);
        ck_assert_int_eq(resp.content_length, (long)strlen(HELLO_BODY));
        ck_assert_uint_eq(resp.body_len, head ? 0 : strlen(HELLO_BODY));
    }

    ck_assert(!sxe_itest_wait_readable(conn.fd, 0.2)); /* exactly 6 answers */
    ck_assert_uint_eq(conn.used, 0);
    ck_assert(sxe_itest_send(conn.fd, small_get, 0)); /* and the connection goes on from its input buffer */
    expect_response(200, false, &resp);
    stop_httpd();
}
END_TEST

START_TEST(test_other_methods_get_405_with_allow_and_unknown_ones_501)
{
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL);
    expect_error("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n", 405, &resp);
    ck_assert_msg(strstr(resp.head, "\r\nAllow: GET, HEAD\r\n") != NULL, "%s", resp.head);
    expect_error("DELETE /x HTTP/1.1\r\nHost: t\r\n\r\n", 405, &resp);
    expect_error("BREW /pot HTTP/1.1\r\nHost: t\r\n\r\n", 501, &resp);
    stop_httpd();
}
END_TEST

START_TEST(test_unsupported_versions_get_505)
{
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL);
    expect_error("GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505, &resp);
    expect_error("GET / HTTP/3.0\r\nHost: t\r\n\r\n", 505, &resp); /* HTTP/1.2: served as 1.1 (test-httpd-hardening) */
    stop_httpd();
}
END_TEST

START_TEST(test_an_error_after_good_pipelined_requests_keeps_their_answers)
{
    SXE_ITEST_RESPONSE resp;

    start_httpd(NULL);
    ck_assert(sxe_itest_send(conn.fd, "GET / HTTP/1.1\r\nHost: t\r\n\r\nPUT / HTTP/1.1\r\nHost: t\r\n\r\n", 0));
    expect_response(200, false, &resp);
    expect_response(405, false, &resp);
    ck_assert(sxe_itest_wait_closed(conn.fd, 3));
    stop_httpd();
}
END_TEST

START_TEST(test_random_garbage_never_crashes_the_server)
{
    SXE_ITEST_RESPONSE resp;
    char junk[700];

    start_httpd(NULL);
    srand(42);

    for (unsigned round = 0; round < 50; round++) {
        int fd = sxe_itest_connect(server.port);

        for (unsigned i = 0; i < sizeof(junk); i++) {
            junk[i] = (char)(round % 2 == 0 ? rand() : "GET /\r\n: HTTP/1.1%\t "[rand() % 21]);
        }

        sxe_itest_send(fd, junk, sizeof(junk));
        close(fd);
    }

    ck_assert(sxe_itest_send(conn.fd, "GET / HTTP/1.1\r\nHost: t\r\n\r\n", 0));
    expect_response(200, false, &resp); /* still alive and serving */
    stop_httpd();
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("httpd-protocol");
    TCase *tc = tcase_create("protocol");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_http11_keeps_the_connection_open);
    tcase_add_test(tc, test_http11_connection_close_is_answered_then_closed);
    tcase_add_test(tc, test_http10_closes_by_default);
    tcase_add_test(tc, test_http10_keep_alive_is_honoured_and_announced);
    tcase_add_test(tc, test_head_has_the_headers_of_get_and_no_body);
    tcase_add_test(tc, test_100_pipelined_requests_are_answered_in_order);
    tcase_add_test(tc, test_pipelined_answers_larger_than_the_buffer_all_arrive);
    tcase_add_test(tc, test_curl_reuses_the_connection);
    tcase_add_test(tc, test_content_length_body_is_read_and_discarded);
    tcase_add_test(tc, test_chunked_body_is_decoded_and_discarded);
    tcase_add_test(tc, test_malformed_requests_get_400_and_a_close);
    tcase_add_test(tc, test_a_malformed_chunked_body_gets_only_400_and_a_close);
    tcase_add_test(tc, test_a_request_with_a_body_is_answered_only_once_the_body_is_complete);
    tcase_add_test(tc, test_without_large_head_buffers_the_input_buffer_bounds_the_head_414_and_431);
    tcase_add_test(tc, test_a_browser_sized_head_of_1500_bytes_gets_200_with_the_default_buffer);
    tcase_add_test(tc, test_a_head_over_8192_bytes_gets_431_and_a_request_line_over_8192_bytes_414);
    tcase_add_test(tc, test_a_large_head_followed_by_pipelined_requests_in_one_write_all_get_answered_in_order);
    tcase_add_test(tc, test_other_methods_get_405_with_allow_and_unknown_ones_501);
    tcase_add_test(tc, test_unsupported_versions_get_505);
    tcase_add_test(tc, test_an_error_after_good_pipelined_requests_keeps_their_answers);
    tcase_add_test(tc, test_random_garbage_never_crashes_the_server);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
