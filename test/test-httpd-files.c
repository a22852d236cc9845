/* test-httpd-files.c: httpd -r serves files the way browsers, curl and caches expect (RFC 9110): Range (206, 416),
 * a strong ETag and Last-Modified, the conditional requests (304, 412), a 301 to a directory's trailing slash,
 * index.html, directory listings (-d, off by default, names escaped), and the Content-Type of the common web types
 * (plus -m mime.types).
 */
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sxe-check.h"
#include "sxe-itest.h"

#define BIG_SIZE (1024 * 1024) /* the 1 MB file of the example */

static SXE_ITEST_SERVER server;
static SXE_ITEST_CONN conn;
static char docroot[SXE_ITEST_PATH_MAX];

static void write_file(const char *name, const char *content, size_t size)
{
    char path[SXE_ITEST_PATH_MAX * 2];
    int fd;

    snprintf(path, sizeof(path), "%s/%s", docroot, name);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_msg(fd >= 0, "cannot create %s", path);
    ck_assert_int_eq(write(fd, content, size), (ssize_t)size);
    close(fd);
}

/* Sets the modification time of a docroot file (seconds since 1970, with nanoseconds). */
static void set_mtime(const char *name, time_t seconds, long nanoseconds)
{
    char path[SXE_ITEST_PATH_MAX * 2];
    struct timespec times[2] = {{seconds, nanoseconds}, {seconds, nanoseconds}};

    snprintf(path, sizeof(path), "%s/%s", docroot, name);
    ck_assert_int_eq(utimensat(AT_FDCWD, path, times, 0), 0);
}

/* A docroot in the server's private folder: a.txt (26 letters), big.bin (1 MB), sub/ with an index, list/ without
 * one (a name to escape and a dot file), files of a few types.
 */
static void make_docroot(void)
{
    char *big = malloc(BIG_SIZE);
    char path[SXE_ITEST_PATH_MAX * 2];

    ck_assert(sxe_itest_prepare(&server));
    snprintf(docroot, sizeof(docroot), "%s/docroot", server.dir);
    snprintf(path, sizeof(path), "%s/sub", docroot);
    ck_assert_int_eq(mkdir(docroot, 0755), 0);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    snprintf(path, sizeof(path), "%s/list", docroot);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    write_file("a.txt", "abcdefghijklmnopqrstuvwxyz", 26);
    set_mtime("a.txt", 784111777, 123456789); /* Sun, 06 Nov 1994 08:49:37 GMT */

    for (unsigned i = 0; i < BIG_SIZE; i++) {
        big[i] = (char)('a' + i % 26);
    }

    write_file("big.bin", big, BIG_SIZE);
    free(big);
    write_file("empty", "", 0);
    write_file("sub/index.html", "<p>sub</p>\n", 11);
    write_file("list/<b>&\"x\".txt", "x", 1);
    write_file("list/.hidden", "h", 1);
    write_file("font.woff2", "w", 1);
    write_file("clip.mp4", "m", 1);
    write_file("data.json", "{}", 2);
    write_file("pic.svg", "<svg/>", 6);
    write_file("code.wasm", "w", 1);
    write_file("thing.custom", "c", 1);
    write_file("noextension", "n", 1);
}

static void start(const char *const *extra)
{
    const char *args[16] = {"-r", docroot, "-t", "5"};
    unsigned argc = 4;

    for (unsigned i = 0; extra != NULL && extra[i] != NULL; i++) {
        args[argc++] = extra[i];
    }

    args[argc] = NULL;
    ck_assert_msg(sxe_itest_start_prepared(&server, "httpd", args), "httpd did not start");
    ck_assert(sxe_itest_conn_open(&conn, server.port));
}

static void setup(void)
{
    make_docroot();
    start(NULL);
}

static void teardown(void)
{
    sxe_itest_conn_close(&conn);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
    sxe_itest_cleanup(&server);
}

/* Sends "METHOD TARGET" with the extra header lines (each ending in \r\n, or "") and reads the answer. */
static void ask(const char *method, const char *target, const char *headers, unsigned status, SXE_ITEST_RESPONSE *resp)
{
    char request[2048];

    snprintf(request, sizeof(request), "%s %s HTTP/1.1\r\nHost: t\r\n%s\r\n", method, target, headers);
    ck_assert(sxe_itest_send(conn.fd, request, 0));
    ck_assert_msg(sxe_itest_read_response(&conn, resp, strcmp(method, "HEAD") == 0), "no answer to %s %s", method,
                  target);
    ck_assert_msg(resp->status == status, "%s %s (%s): expected %u, got %u:\n%s", method, target, headers, status,
                  resp->status, resp->head);
}

/* The value of a header field of a response head (""), copied to value. */
static const char *field(const SXE_ITEST_RESPONSE *resp, const char *name, char *value, size_t size)
{
    size_t length = strlen(name);

    value[0] = '\0';

    for (const char *line = strstr(resp->head, "\r\n"); line != NULL; line = strstr(line + 2, "\r\n")) {
        if (strncasecmp(line + 2, name, length) == 0 && line[2 + length] == ':') {
            const char *start = line + 3 + length + strspn(line + 3 + length, " ");

            snprintf(value, size, "%.*s", (int)strcspn(start, "\r"), start);
            break;
        }
    }

    return value;
}

static void skip_without_curl(void)
{
    if (!sxe_itest_tool_found("curl")) {
        teardown(); /* a skipped test ends at once, without the fixture's teardown */
        sxe_itest_require_tool("curl", "curl");
    }
}

/* ---- Range ---------------------------------------------------------------------------------------------------- */

START_TEST(test_curl_asking_for_100_bytes_of_a_1_mb_file_gets_206_and_those_bytes)
{
    char command[512];
    char output[512];

    skip_without_curl();
    snprintf(command, sizeof(command),
             "curl -s -r 0-99 -o /dev/null -w '%%{http_code} %%{size_download}' http://127.0.0.1:%d/big.bin",
             server.port);
    ck_assert_int_eq(sxe_itest_run(command, output, sizeof(output)), 0);
    ck_assert_str_eq(output, "206 100");
    snprintf(command, sizeof(command), "curl -s -r 1000-1025 http://127.0.0.1:%d/big.bin", server.port);
    ck_assert_int_eq(sxe_itest_run(command, output, sizeof(output)), 0);
    ck_assert_str_eq(output, "mnopqrstuvwxyzabcdefghijkl"); /* byte 1000 is 'a' + 1000 % 26 = 'm' */
}
END_TEST

START_TEST(test_a_range_gets_206_with_its_content_range_and_the_connection_stays)
{
    SXE_ITEST_RESPONSE resp;
    char value[128];

    ask("GET", "/a.txt", "Range: bytes=2-4\r\n", 206, &resp);
    ck_assert_str_eq(resp.body, "cde");
    ck_assert_str_eq(field(&resp, "Content-Range", value, sizeof(value)), "bytes 2-4/26");
    ck_assert_int_eq(resp.content_length, 3);
    ask("GET", "/a.txt", "Range: bytes=-3\r\n", 206, &resp); /* the last 3 bytes */
    ck_assert_str_eq(resp.body, "xyz");
    ck_assert_str_eq(field(&resp, "Content-Range", value, sizeof(value)), "bytes 23-25/26");
    ask("GET", "/a.txt", "Range: bytes=24-\r\n", 206, &resp); /* from byte 24 to the end */
    ck_assert_str_eq(resp.body, "yz");
    ask("GET", "/a.txt", "Range: bytes=20-1000\r\n", 206, &resp); /* the end is cut to the file's */
    ck_assert_str_eq(resp.body, "uvwxyz");
    ck_assert_str_eq(field(&resp, "Content-Range", value, sizeof(value)), "bytes 20-25/26");
    ask("GET", "/a.txt", "Range: bytes=-100\r\n", 206, &resp); /* a suffix longer than the file: all of it */
    ck_assert_str_eq(resp.body, "abcdefghijklmnopqrstuvwxyz");
}
END_TEST

START_TEST(test_a_range_beyond_the_end_gets_416_with_the_file_size_and_the_connection_stays)
{
    SXE_ITEST_RESPONSE resp;
    char value[128];

    ask("GET", "/a.txt", "Range: bytes=26-\r\n", 416, &resp);
    ck_assert_str_eq(field(&resp, "Content-Range", value, sizeof(value)), "bytes */26");
    ck_assert(!resp.connection_close);
    ask("GET", "/a.txt", "Range: bytes=-0\r\n", 416, &resp);
    ask("GET", "/a.txt", "", 200, &resp);
}
END_TEST

START_TEST(test_several_ranges_or_a_malformed_one_get_the_whole_file_with_200)
{
    static const char *const ignored[] = {"Range: bytes=0-1,5-6\r\n", "Range: bytes=5-2\r\n",
                                          "Range: items=0-1\r\n",     "Range: bytes=abc\r\n",
                                          "Range: bytes= 0-1\r\n",    "Range: bytes=0-1\r\nRange: bytes=2-3\r\n"};
    SXE_ITEST_RESPONSE resp;

    for (unsigned i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++) {
        ask("GET", "/a.txt", ignored[i], 200, &resp);
        ck_assert_str_eq(resp.body, "abcdefghijklmnopqrstuvwxyz");
    }
}
END_TEST

START_TEST(test_a_range_is_ignored_for_head_and_for_an_empty_file)
{
    SXE_ITEST_RESPONSE resp;

    ask("HEAD", "/a.txt", "Range: bytes=0-1\r\n", 200, &resp);
    ck_assert_int_eq(resp.content_length, 26);
    ask("GET", "/empty", "Range: bytes=0-1\r\n", 200, &resp);
    ck_assert_int_eq(resp.content_length, 0);
}
END_TEST

START_TEST(test_if_range_with_the_current_validator_keeps_the_range_and_an_old_one_gets_the_whole_file)
{
    SXE_ITEST_RESPONSE resp;
    char etag[128];
    char header[256];

    ask("HEAD", "/a.txt", "", 200, &resp);
    field(&resp, "ETag", etag, sizeof(etag));
    snprintf(header, sizeof(header), "Range: bytes=0-2\r\nIf-Range: %s\r\n", etag);
    ask("GET", "/a.txt", header, 206, &resp);
    ck_assert_str_eq(resp.body, "abc");
    ask("GET", "/a.txt", "Range: bytes=0-2\r\nIf-Range: Sun, 06 Nov 1994 08:49:37 GMT\r\n", 206, &resp);
    ask("GET", "/a.txt", "Range: bytes=0-2\r\nIf-Range: \"old\"\r\n", 200, &resp);
    ck_assert_int_eq(resp.content_length, 26);
    ask("GET", "/a.txt", "Range: bytes=0-2\r\nIf-Range: Sat, 05 Nov 1994 08:49:37 GMT\r\n", 200, &resp);
    snprintf(header, sizeof(header), "Range: bytes=0-2\r\nIf-Range: W/%s\r\n", etag); /* weak: never for ranges */
    ask("GET", "/a.txt", header, 200, &resp);
}
END_TEST

START_TEST(test_curl_resumes_an_interrupted_download_where_it_stopped)
{
    char command[1024];
    char output[256];

    skip_without_curl();
    snprintf(command, sizeof(command),
             "cd %s && head -c 300000 docroot/big.bin > part && curl -s -C - -o part http://127.0.0.1:%d/big.bin && "
             "cmp part docroot/big.bin && echo same",
             server.dir, server.port);
    ck_assert_int_eq(sxe_itest_run(command, output, sizeof(output)), 0);
    ck_assert_str_eq(output, "same\n");
}
END_TEST

/* ---- validators and conditional requests ------------------------------------------------------------------------- */

START_TEST(test_a_file_has_last_modified_a_strong_etag_and_accept_ranges)
{
    SXE_ITEST_RESPONSE resp;
    char value[128];

    ask("GET", "/a.txt", "", 200, &resp);
    ck_assert_str_eq(field(&resp, "Last-Modified", value, sizeof(value)), "Sun, 06 Nov 1994 08:49:37 GMT");
    ck_assert_str_eq(field(&resp, "Accept-Ranges", value, sizeof(value)), "bytes");
    field(&resp, "ETag", value, sizeof(value));
    ck_assert_msg(value[0] == '"' && value[strlen(value) - 1] == '"' && strlen(value) > 4, "ETag: %s", value);
}
END_TEST

START_TEST(test_a_file_rewritten_with_the_same_size_gets_another_etag)
{
    SXE_ITEST_RESPONSE resp;
    char before[128];
    char after[128];

    ask("HEAD", "/a.txt", "", 200, &resp);
    field(&resp, "ETag", before, sizeof(before));
    write_file("a.txt", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 26);
    set_mtime("a.txt", 784111777, 123456790); /* one nanosecond later: the same second, the same Last-Modified */
    ask("HEAD", "/a.txt", "", 200, &resp);
    field(&resp, "ETag", after, sizeof(after));
    ck_assert_str_ne(before, after);
}
END_TEST

START_TEST(test_if_none_match_with_the_etag_gets_304_without_a_body_and_the_connection_stays)
{
    SXE_ITEST_RESPONSE resp;
    char etag[128];
    char header[256];
    char value[128];

    ask("GET", "/a.txt", "", 200, &resp);
    field(&resp, "ETag", etag, sizeof(etag));
    snprintf(header, sizeof(header), "If-None-Match: \"other\", W/%s\r\n", etag); /* weak comparison: W/ matches */
    ask("GET", "/a.txt", header, 304, &resp);
    ck_assert_int_eq(resp.content_length, -1);
    ck_assert_str_eq(field(&resp, "ETag", value, sizeof(value)), etag);
    ck_assert_str_eq(field(&resp, "Last-Modified", value, sizeof(value)), "Sun, 06 Nov 1994 08:49:37 GMT");
    ask("GET", "/a.txt", "If-None-Match: *\r\n", 304, &resp);
    ask("GET", "/a.txt", "If-None-Match: \"other\"\r\nIf-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n", 200,
        &resp); /* If-None-Match wins over If-Modified-Since */
    ck_assert_str_eq(resp.body, "abcdefghijklmnopqrstuvwxyz");
}
END_TEST

START_TEST(test_if_modified_since_in_all_three_date_formats_gets_304_when_unmodified_else_the_file)
{
    static const char *const unmodified[] = {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
                                             "Sun Nov  6 08:49:37 1994", "Fri, 01 Jan 2100 00:00:00 GMT"};
    static const char *const modified[] = {"Sun, 06 Nov 1994 08:49:36 GMT", "Sat Nov  5 08:49:37 1994", "not a date",
                                           "Sun, 06 Nov 1994 08:49:37 UTC"};
    SXE_ITEST_RESPONSE resp;
    char header[128];

    for (unsigned i = 0; i < sizeof(unmodified) / sizeof(unmodified[0]); i++) {
        snprintf(header, sizeof(header), "If-Modified-Since: %s\r\n", unmodified[i]);
        ask("GET", "/a.txt", header, 304, &resp);
        ask("HEAD", "/a.txt", header, 304, &resp);
    }

    for (unsigned i = 0; i < sizeof(modified) / sizeof(modified[0]); i++) {
        snprintf(header, sizeof(header), "If-Modified-Since: %s\r\n", modified[i]);
        ask("GET", "/a.txt", header, 200, &resp); /* older, or not a date (ignored) */
    }
}
END_TEST

START_TEST(test_if_match_and_if_unmodified_since_that_fail_get_412)
{
    SXE_ITEST_RESPONSE resp;
    char etag[128];
    char header[256];

    ask("HEAD", "/a.txt", "", 200, &resp);
    field(&resp, "ETag", etag, sizeof(etag));
    ask("GET", "/a.txt", "If-Match: \"other\"\r\n", 412, &resp);
    ck_assert(!resp.connection_close);
    snprintf(header, sizeof(header), "If-Match: W/%s\r\n", etag); /* strong comparison: W/ never matches */
    ask("GET", "/a.txt", header, 412, &resp);
    snprintf(header, sizeof(header), "If-Match: \"other\", %s\r\n", etag);
    ask("GET", "/a.txt", header, 200, &resp);
    ask("GET", "/a.txt", "If-Match: *\r\n", 200, &resp);
    ask("GET", "/a.txt", "If-Unmodified-Since: Sat, 05 Nov 1994 00:00:00 GMT\r\n", 412, &resp);
    ask("GET", "/a.txt", "If-Unmodified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n", 200, &resp);
}
END_TEST

START_TEST(test_curl_with_a_time_condition_gets_304_then_the_file_when_it_changes)
{
    char command[512];
    char output[256];

    skip_without_curl();
    snprintf(command, sizeof(command),
             "curl -s -o /dev/null -w '%%{http_code}' -z 'Sun, 06 Nov 1994 08:49:37 GMT' http://127.0.0.1:%d/a.txt",
             server.port);
    ck_assert_int_eq(sxe_itest_run(command, output, sizeof(output)), 0);
    ck_assert_str_eq(output, "304");
    set_mtime("a.txt", 784111778, 0);
    ck_assert_int_eq(sxe_itest_run(command, output, sizeof(output)), 0);
    ck_assert_str_eq(output, "200");
}
END_TEST

/* ---- directories --------------------------------------------------------------------------------------------------
 */

START_TEST(test_a_directory_without_its_slash_gets_301_to_it_with_the_query)
{
    SXE_ITEST_RESPONSE resp;
    char value[128];

    ask("GET", "/sub", "", 301, &resp);
    ck_assert_str_eq(field(&resp, "Location", value, sizeof(value)), "/sub/");
    ck_assert(!resp.connection_close);
    ask("GET", "/sub?page=2&x=%20", "", 301, &resp);
    ck_assert_str_eq(field(&resp, "Location", value, sizeof(value)), "/sub/?page=2&x=%20");
    ask("HEAD", "http://t/sub", "", 301, &resp); /* absolute form: the Location is the path */
    ck_assert_str_eq(field(&resp, "Location", value, sizeof(value)), "/sub/");
    ask("GET", "/sub/", "", 200, &resp);
    ck_assert_str_eq(resp.body, "<p>sub</p>\n");
}
END_TEST

START_TEST(test_a_directory_without_its_slash_and_with_a_body_gets_301_and_a_close)
{
    SXE_ITEST_RESPONSE resp;

    ask("GET", "/sub", "Content-Length: 5\r\n", 301, &resp);
    ck_assert(resp.connection_close);
    ck_assert(sxe_itest_wait_closed(conn.fd, 5));
}
END_TEST

START_TEST(test_curl_following_the_redirect_gets_the_directory_index)
{
    char command[512];
    char output[256];

    skip_without_curl();
    snprintf(command, sizeof(command), "curl -s -L http://127.0.0.1:%d/sub", server.port);
    ck_assert_int_eq(sxe_itest_run(command, output, sizeof(output)), 0);
    ck_assert_str_eq(output, "<p>sub</p>\n");
}
END_TEST

START_TEST(test_a_directory_without_an_index_is_403_when_listings_are_off)
{
    SXE_ITEST_RESPONSE resp;

    ask("GET", "/list/", "", 403, &resp);
}
END_TEST

START_TEST(test_a_listing_escapes_names_and_links_and_leaves_out_dot_files)
{
    static const char *const extra[] = {"-d", NULL};
    SXE_ITEST_RESPONSE resp;

    teardown();
    make_docroot();
    start(extra);
    ask("GET", "/list/", "", 200, &resp);
    ck_assert_ptr_nonnull(strstr(resp.head, "\r\nContent-Type: text/html\r\n"));
    ck_assert_ptr_null(strstr(resp.head, "ETag"));
    ck_assert_ptr_nonnull(strstr(resp.body, "<title>Index of /list/</title>"));
    ck_assert_ptr_nonnull(strstr(resp.body, "<a href=\"%3Cb%3E%26%22x%22.txt\">&lt;b&gt;&amp;&quot;x&quot;.txt</a>"));
    ck_assert_ptr_nonnull(strstr(resp.body, "<a href=\"../\">"));
    ck_assert_ptr_null(strstr(resp.body, "hidden"));
    ck_assert_ptr_null(strstr(resp.body, "<b>"));
    ask("GET", "/", "", 200, &resp); /* the root lists its directories with a slash, and no parent */
    ck_assert_ptr_nonnull(strstr(resp.body, "<a href=\"sub/\">sub/</a>"));
    ck_assert_ptr_null(strstr(resp.body, "href=\"../\""));
    ask("GET", "/sub/", "", 200, &resp); /* an index still wins */
    ck_assert_str_eq(resp.body, "<p>sub</p>\n");
}
END_TEST

/* ---- Content-Type -------------------------------------------------------------------------------------------------
 */

static void expect_type(const char *target, const char *type)
{
    SXE_ITEST_RESPONSE resp;
    char value[128];

    ask("HEAD", target, "", 200, &resp);
    ck_assert_msg(strcmp(field(&resp, "Content-Type", value, sizeof(value)), type) == 0, "%s: %s, expected %s", target,
                  value, type);
}

START_TEST(test_the_common_web_types_get_their_content_type)
{
    expect_type("/font.woff2", "font/woff2");
    expect_type("/clip.mp4", "video/mp4");
    expect_type("/data.json", "application/json");
    expect_type("/pic.svg", "image/svg+xml");
    expect_type("/code.wasm", "application/wasm");
    expect_type("/a.txt", "text/plain");
    expect_type("/noextension", "application/octet-stream");
    expect_type("/thing.custom", "application/octet-stream");
}
END_TEST

START_TEST(test_a_mime_types_file_adds_types_and_overrides_the_built_in_ones)
{
    char file[SXE_ITEST_PATH_MAX * 2];
    const char *extra[] = {"-m", file, NULL};
    FILE *types;

    teardown();
    make_docroot();
    snprintf(file, sizeof(file), "%s/mime.types", server.dir);
    ck_assert((types = fopen(file, "w")) != NULL);
    fprintf(types, "# comment\ntext/x-custom\t\tcustom other\napplication/x-mine txt\n\nimage/png png\n");
    fclose(types);
    start(extra);
    expect_type("/thing.custom", "text/x-custom");
    expect_type("/a.txt", "application/x-mine");
    expect_type("/pic.svg", "image/svg+xml");
}
END_TEST

START_TEST(test_a_missing_mime_types_file_is_a_usage_error)
{
    const char *argv[] = {"httpd", "-r", docroot, "-m", "/nonexistent/mime.types", NULL};
    static SXE_ITEST_RUN run;

    ck_assert_int_eq(sxe_itest_run_program(&run, argv, 10), 2);
    ck_assert_ptr_nonnull(strstr(run.err, "-m /nonexistent/mime.types: No such file or directory"));
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("httpd-files");
    TCase *tc = tcase_create("files");

    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_curl_asking_for_100_bytes_of_a_1_mb_file_gets_206_and_those_bytes);
    tcase_add_test(tc, test_a_range_gets_206_with_its_content_range_and_the_connection_stays);
    tcase_add_test(tc, test_a_range_beyond_the_end_gets_416_with_the_file_size_and_the_connection_stays);
    tcase_add_test(tc, test_several_ranges_or_a_malformed_one_get_the_whole_file_with_200);
    tcase_add_test(tc, test_a_range_is_ignored_for_head_and_for_an_empty_file);
    tcase_add_test(tc, test_if_range_with_the_current_validator_keeps_the_range_and_an_old_one_gets_the_whole_file);
    tcase_add_test(tc, test_curl_resumes_an_interrupted_download_where_it_stopped);
    tcase_add_test(tc, test_a_file_has_last_modified_a_strong_etag_and_accept_ranges);
    tcase_add_test(tc, test_a_file_rewritten_with_the_same_size_gets_another_etag);
    tcase_add_test(tc, test_if_none_match_with_the_etag_gets_304_without_a_body_and_the_connection_stays);
    tcase_add_test(tc, test_if_modified_since_in_all_three_date_formats_gets_304_when_unmodified_else_the_file);
    tcase_add_test(tc, test_if_match_and_if_unmodified_since_that_fail_get_412);
    tcase_add_test(tc, test_curl_with_a_time_condition_gets_304_then_the_file_when_it_changes);
    tcase_add_test(tc, test_a_directory_without_its_slash_gets_301_to_it_with_the_query);
    tcase_add_test(tc, test_a_directory_without_its_slash_and_with_a_body_gets_301_and_a_close);
    tcase_add_test(tc, test_curl_following_the_redirect_gets_the_directory_index);
    tcase_add_test(tc, test_a_directory_without_an_index_is_403_when_listings_are_off);
    tcase_add_test(tc, test_a_listing_escapes_names_and_links_and_leaves_out_dot_files);
    tcase_add_test(tc, test_the_common_web_types_get_their_content_type);
    tcase_add_test(tc, test_a_mime_types_file_adds_types_and_overrides_the_built_in_ones);
    tcase_add_test(tc, test_a_missing_mime_types_file_is_a_usage_error);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
