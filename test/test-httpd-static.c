/* test-httpd-static.c: httpd -r DOCROOT serves files with sendfile, a Content-Type, Last-Modified, index.html for
 * directories, 404 for missing files, and 403 for anything that would leave the docroot (.., %2e%2e, symlinks).
 */
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sxe-check.h"
#include "sxe-itest.h"

#define BIG_FILE_SIZE (3 * 1024 * 1024 + 17) /* larger than any socket buffer: sendfile must resume */

static SXE_ITEST_SERVER server;
static SXE_ITEST_CONN conn;
static char docroot[SXE_ITEST_PATH_MAX]; /* in the server's private folder, which holds secret.txt too */

static void make_tree(void)
{
    char path[SXE_ITEST_PATH_MAX * 3];

    ck_assert(sxe_itest_prepare(&server));
    snprintf(docroot, sizeof(docroot), "%s/docroot", server.dir);
    snprintf(path, sizeof(path), "mkdir -p %s/sub %s/empty", docroot, docroot);
    ck_assert_int_eq(system(path), 0);
    ck_assert(sxe_itest_write_file(server.dir, "secret.txt", "top secret\n", 11));
    ck_assert(sxe_itest_write_file(docroot, "index.html", "<p>root index</p>\n", 18));
    ck_assert(sxe_itest_write_file(docroot, "a.txt", "file a\n", 7));
    ck_assert(sxe_itest_write_file(docroot, "style.css", "p{}\n", 4));
    ck_assert(sxe_itest_write_file(docroot, "sub/index.html", "<p>sub index</p>\n", 17));
    ck_assert(sxe_itest_write_letters(docroot, "big.bin", BIG_FILE_SIZE));
    snprintf(path, sizeof(path), "%s/link-out.txt", docroot);
    ck_assert_int_eq(symlink("../secret.txt", path), 0);
    snprintf(path, sizeof(path), "%s/dir-out", docroot);
    ck_assert_int_eq(symlink(server.dir, path), 0);
    snprintf(path, sizeof(path), "%s/link-in.txt", docroot);
    ck_assert_int_eq(symlink("a.txt", path), 0);
}

static void setup(void)
{
    const char *args[] = {"-r", docroot, "-t", "5", NULL};

    make_tree();
    ck_assert_msg(sxe_itest_start_prepared(&server, "httpd", args), "httpd did not start");
    ck_assert(sxe_itest_conn_open(&conn, server.port));
}

static void teardown(void)
{
    sxe_itest_conn_close(&conn);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
    sxe_itest_cleanup(&server);
}

static void get(const char *method, const char *target, unsigned status, SXE_ITEST_RESPONSE *resp)
{
    sxe_itest_ask(&conn, method, target, "", status, resp);
}

START_TEST(test_a_file_is_served_with_type_length_and_last_modified)
{
    SXE_ITEST_RESPONSE resp;

    get("GET", "/a.txt", 200, &resp);
    ck_assert_str_eq(resp.body, "file a\n");
    ck_assert(strstr(resp.head, "\r\nContent-Type: text/plain\r\n") != NULL);
    ck_assert(strstr(resp.head, "\r\nLast-Modified: ") != NULL);
    get("GET", "/style.css?v=1", 200, &resp);
    ck_assert(strstr(resp.head, "\r\nContent-Type: text/css\r\n") != NULL);
    get("GET", "/link-in.txt", 200, &resp); /* a symlink that stays inside is fine */
    ck_assert_str_eq(resp.body, "file a\n");
}
END_TEST

START_TEST(test_head_of_a_file_has_its_length_and_no_body)
{
    SXE_ITEST_RESPONSE resp;

    get("HEAD", "/a.txt", 200, &resp);
    ck_assert_int_eq(resp.content_length, 7);
    get("GET", "/a.txt", 200, &resp); /* nothing of the file was sent after the HEAD's head */
    ck_assert_str_eq(resp.body, "file a\n");
}
END_TEST

START_TEST(test_directories_are_answered_with_their_index)
{
    SXE_ITEST_RESPONSE resp;

    get("GET", "/", 200, &resp);
    ck_assert_str_eq(resp.body, "<p>root index</p>\n");
    ck_assert(strstr(resp.head, "\r\nContent-Type: text/html\r\n") != NULL);
    get("GET", "/sub/", 200, &resp);
    ck_assert_str_eq(resp.body, "<p>sub index</p>\n");
    get("GET", "/empty/", 403, &resp); /* no index.html */
}
END_TEST

START_TEST(test_missing_files_get_404_and_the_connection_stays)
{
    SXE_ITEST_RESPONSE resp;

    get("GET", "/nope.txt", 404, &resp);
    ck_assert(!resp.connection_close);
    get("GET", "/a.txt/x", 404, &resp);
    get("GET", "/a.txt", 200, &resp);
}
END_TEST

START_TEST(test_traversal_attempts_get_403)
{
    static const char *const targets[] = {"/../secret.txt",
                                          "/%2e%2e/secret.txt",
                                          "/%2E%2E/secret.txt",
                                          "/sub/../../secret.txt",
                                          "/sub/%2e%2e/%2e./secret.txt",
                                          "/link-out.txt",
                                          "/dir-out/secret.txt",
                                          "/..%2fsecret.txt",
                                          "http://h/../secret.txt",
                                          "/sub/.."};
    SXE_ITEST_RESPONSE resp;

    for (unsigned i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
        get("GET", targets[i], 403, &resp);
        ck_assert(strstr(resp.body, "top secret") == NULL);
    }
}
END_TEST

START_TEST(test_bad_escapes_get_400)
{
    SXE_ITEST_RESPONSE resp;

    get("GET", "/a%zz.txt", 400, &resp);
}
END_TEST

START_TEST(test_a_large_file_arrives_whole_through_curl)
{
    char expected[64];

    if (!sxe_itest_tool_found("curl")) {
        teardown(); /* a skipped test ends at once, without the fixture's teardown */
        sxe_itest_require_tool("curl", "curl");
    }

    snprintf(expected, sizeof(expected), "200 %d200 7", BIG_FILE_SIZE);
    sxe_itest_expect_output(expected,
                            "curl -s -o /dev/null -w '%%{http_code} %%{size_download}' http://127.0.0.1:%d/big.bin "
                            "http://127.0.0.1:%d/a.txt -o /dev/null",
                            server.port, server.port);
    sxe_itest_expect_output("same\n", "curl -s http://127.0.0.1:%d/big.bin | cmp - %s/big.bin && echo same",
                            server.port, docroot);
}
END_TEST

START_TEST(test_pipelined_file_requests_are_answered_in_order)
{
    SXE_ITEST_RESPONSE resp;
    const char *requests = "GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\nGET /a.txt HTTP/1.1\r\nHost: t\r\n\r\n"
                           "GET /sub/ HTTP/1.1\r\nHost: t\r\n\r\n";
    size_t total = 0;

    ck_assert(sxe_itest_send(conn.fd, requests, 0));
    ck_assert(sxe_itest_read_response(&conn, &resp, true)); /* read the big body by hand: too big for resp */
    ck_assert_int_eq(resp.content_length, BIG_FILE_SIZE);

    while (total < BIG_FILE_SIZE) {
        char chunk[65536];
        size_t take = conn.used < BIG_FILE_SIZE - total ? conn.used : BIG_FILE_SIZE - total;

        if (take == 0) {
            ssize_t got =
                recv(conn.fd, chunk, sizeof(chunk) < BIG_FILE_SIZE - total ? sizeof(chunk) : BIG_FILE_SIZE - total, 0);
            ck_assert_int_gt(got, 0);
            total += (size_t)got;
            continue;
        }

        memmove(conn.buf, conn.buf + take, conn.used - take);
        conn.used -= take;
        total += take;
    }

    ck_assert(sxe_itest_read_response(&conn, &resp, false)); /* answers 2 and 3 waited behind the file body */
    ck_assert_str_eq(resp.body, "file a\n");
    ck_assert(sxe_itest_read_response(&conn, &resp, false));
    ck_assert_str_eq(resp.body, "<p>sub index</p>\n");
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("httpd-static");
    TCase *tc = tcase_create("static");

    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_a_file_is_served_with_type_length_and_last_modified);
    tcase_add_test(tc, test_head_of_a_file_has_its_length_and_no_body);
    tcase_add_test(tc, test_directories_are_answered_with_their_index);
    tcase_add_test(tc, test_missing_files_get_404_and_the_connection_stays);
    tcase_add_test(tc, test_traversal_attempts_get_403);
    tcase_add_test(tc, test_bad_escapes_get_400);
    tcase_add_test(tc, test_a_large_file_arrives_whole_through_curl);
    tcase_add_test(tc, test_pipelined_file_requests_are_answered_in_order);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
