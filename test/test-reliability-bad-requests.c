/* test-reliability-bad-requests.c: every request of the bad-input corpus (test/bad-requests/, see its README.md)
 * is sent to httpd on a new connection, over TCP and again over TLS (httpd --cert/--key: the same requests, decrypted,
 * reach the same parser): to one serving the hello page, or, for a case whose expect file says "docroot", to one
 * serving test/bad-requests/docroot/ (-r: Range and the conditional requests). httpd must answer with exactly the
 * expected status line, close the connection afterwards, and go on serving a normal request (no crash, no hang).
 */
#include <check.h>
#include <ctype.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sxe-check.h"
#include "sxe-http.h"
#include "sxe-itest-tls.h"
#include "soak/sxe-reliability.h"

#define CORPUS_DIR        "test/bad-requests"
#define CORPUS_DOCROOT    CORPUS_DIR "/docroot"
#define CORPUS_FILE_MAX   (1024 * 1024) /* bytes of one corpus request                        */
#define CORPUS_ANSWER_MAX 8192          /* bytes of an answer kept and compared                 */
#define CORPUS_TIMEOUT    5.0           /* seconds (scaled) for the answer and the close        */
#define CORPUS_REPORT_MAX 16384         /* bytes of the failure report                          */

static char report[CORPUS_REPORT_MAX];

static void report_failure(const char *name, const char *what, const char *answer)
{
    size_t used = strlen(report);
    char first_line[128];

    snprintf(first_line, sizeof(first_line), "%.*s", (int)strcspn(answer, "\r\n"), answer);
    snprintf(report + used, sizeof(report) - used, "  %s: %s (got \"%s\")\n", name, what, first_line);
}

/* Read path into a malloc'd buffer; returns it (caller frees) and its length, or NULL. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = malloc(CORPUS_FILE_MAX);

    *len = 0;

    if (f != NULL && buf != NULL) {
        *len = fread(buf, 1, CORPUS_FILE_MAX, f);
    }

    if (f != NULL) {
        fclose(f);
    }

    return buf;
}

/* True when the head in answer has a field "name" (and, when value is not NULL, exactly that value). */
static bool answer_has_header(const char *answer, const char *name, const char *value)
{
    size_t name_len = strlen(name);
    const char *line;

    for (line = strstr(answer, "\r\n"); line != NULL && line[2] != '\r'; line = strstr(line + 2, "\r\n")) {
        const char *p = line + 2;

        if (strncasecmp(p, name, name_len) == 0 && p[name_len] == ':') {
            p += name_len + 1;
            p += strspn(p, " \t");
            return value == NULL || (strncmp(p, value, strlen(value)) == 0 && p[strlen(value)] == '\r');
        }
    }

    return false;
}

/* Check the extra lines of an expect file ("header NAME", "header NAME: VALUE", "single-response", "docroot"; '#'
 * starts a comment). See test/bad-requests/README.md.
 */
static void check_expect_lines(const char *name, char *lines, const char *answer)
{
    char *line;
    char *save = NULL;

    for (line = strtok_r(lines, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char *value;

        if (line[0] == '#' || line[0] == '\0') {
            continue;
        }

        if (strcmp(line, "docroot") == 0) { /* chose the server: see run_case() */
            continue;
        }

        if (strcmp(line, "single-response") == 0) {
            if (strstr(answer + 1, "HTTP/1.") != NULL) {
                report_failure(name, "more than one response to a single request", strstr(answer + 1, "HTTP/1."));
            }

            continue;
        }

        if (strncmp(line, "header ", 7) != 0) {
            report_failure(name, "unknown line in the expect file", line);
            continue;
        }

        if ((value = strchr(line + 7, ':')) != NULL) {
            *value = '\0';
            value += 1 + strspn(value + 1, " \t");
        }

        if (!answer_has_header(answer, line + 7, value)) {
            report_failure(name, "expected header missing or different", answer);
        }
    }
}

/* True when the expect file has the line "docroot": the case is for the httpd serving CORPUS_DOCROOT. */
static bool wants_docroot(const char *expect)
{
    for (const char *line = expect; line != NULL; line = strchr(line, '\n')) {
        line += *line == '\n';

        if (strncmp(line, "docroot", 7) == 0 && (line[7] == '\n' || line[7] == '\0')) {
            return true;
        }
    }

    return false;
}

/* Run one case on the hello server (port) or the docroot server (files_port), over TLS when `tls`: returns false
 * when it failed (reported).
 */
static bool run_case(int port, int files_port, const char *name, bool tls)
{
    char path[SXE_ITEST_PATH_MAX + 64], answer[CORPUS_ANSWER_MAX], status_line[128];
    char *request;
    char *expect;
    size_t request_len, expect_len;
    unsigned status;
    int closed;
    size_t before = strlen(report);

    snprintf(path, sizeof(path), "%s/%s.http", CORPUS_DIR, name);
    request = read_file(path, &request_len);
    snprintf(path, sizeof(path), "%s/%s.expect", CORPUS_DIR, name);
    expect = read_file(path, &expect_len);
    ck_assert_msg(request != NULL && request_len > 0 && expect != NULL && expect_len > 0, "cannot read case %s", name);
    expect[expect_len < CORPUS_FILE_MAX ? expect_len : CORPUS_FILE_MAX - 1] = '\0';
    status = (unsigned)strtoul(expect, NULL, 10);
    snprintf(status_line, sizeof(status_line), "HTTP/1.1 %u %s\r\n", status, sxe_http_status_reason(status));
    port = wants_docroot(expect) ? files_port : port;

    closed = tls ? sxe_itest_tls_send_raw(port, request, request_len, CORPUS_TIMEOUT, answer, sizeof(answer))
                 : rel_send_raw(port, request, request_len, CORPUS_TIMEOUT, answer, sizeof(answer));

    if (strncmp(answer, status_line, strlen(status_line)) != 0) {
        report_failure(name, "wrong status line", answer);
    }

    if (closed != REL_CLOSED_EOF && closed != REL_CLOSED_RESET) {
        report_failure(name, closed == REL_CLOSED_NO ? "connection left open" : "connection failed", answer);
    }

    check_expect_lines(name, expect + strcspn(expect, "\n"), answer);

    if ((tls ? sxe_itest_tls_request(port, REL_GET_CLOSE_REQUEST, CORPUS_TIMEOUT)
             : rel_request(port, REL_GET_CLOSE_REQUEST, CORPUS_TIMEOUT)) != 200) {
        report_failure(name, "httpd no longer serves a normal request after this case", "");
    }

    free(request);
    free(expect);
    return strlen(report) == before;
}

static int is_case(const struct dirent *entry)
{
    size_t len = strlen(entry->d_name);

    return len > 5 && strcmp(entry->d_name + len - 5, ".http") == 0;
}

/* The corpus against httpd, over TLS when `tls` (its certificate made in its folder). */
static void run_corpus(bool tls)
{
    static char cert[SXE_ITEST_PATH_MAX + 16];
    static char key[SXE_ITEST_PATH_MAX + 16];
    const char *args[] = {"-c", "64", "-t", "5", tls ? "--cert" : NULL, cert, "--key", key, NULL};
    const char *files_args[] = {"-c", "64",    "-t", "5", "-r", CORPUS_DOCROOT, tls ? "--cert" : NULL,
                                cert, "--key", key,  NULL};
    struct dirent **entries;
    SXE_ITEST_SERVER server;
    SXE_ITEST_SERVER files;
    int i, count, failed = 0;

    count = scandir(CORPUS_DIR, &entries, is_case, alphasort);
    ck_assert_msg(count >= 30, "the corpus %s has %d cases", CORPUS_DIR, count);
    ck_assert(sxe_itest_prepare(&server));
    ck_assert(sxe_itest_prepare(&files));
    snprintf(cert, sizeof(cert), "%s/server.pem", server.dir);
    snprintf(key, sizeof(key), "%s/server.key", server.dir);
    ck_assert_msg(!tls || sxe_tls_certs_make(server.dir), "cannot make the test certificates");
    ck_assert_msg(sxe_itest_start_prepared(&server, "httpd", args), "httpd did not start (see above)");
    ck_assert_msg(sxe_itest_start_prepared(&files, "httpd", files_args), "httpd -r did not start (see above)");
    report[0] = '\0';

    for (i = 0; i < count; i++) {
        entries[i]->d_name[strlen(entries[i]->d_name) - 5] = '\0';
        failed += !run_case(server.port, files.port, entries[i]->d_name, tls);
        free(entries[i]);
    }

    free(entries);
    printf("bad requests%s: %d cases, %d failed\n%s", tls ? " over TLS" : "", count, failed, report);
    ck_assert_msg(sxe_itest_alive(&server) && sxe_itest_alive(&files), "httpd died");
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, REL_STOP_TIMEOUT), 0);
    ck_assert_int_eq(sxe_itest_stop(&files, SIGTERM, REL_STOP_TIMEOUT), 0);
    sxe_itest_cleanup(&server);
    sxe_itest_cleanup(&files);
    ck_assert_msg(failed == 0, "%d of %d corpus cases failed%s:\n%s", failed, count, tls ? " over TLS" : "", report);
}

START_TEST(test_every_corpus_request_gets_its_documented_status_and_a_close_and_httpd_keeps_serving)
{
    run_corpus(false);
}
END_TEST

START_TEST(test_every_corpus_request_over_tls_gets_its_documented_status_and_a_close_and_httpd_keeps_serving)
{
    run_corpus(true);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("reliability-bad-requests");
    TCase *tc = tcase_create("corpus");

    tcase_set_timeout(tc, 120 * sxe_itest_time_scale());
    tcase_add_test(tc, test_every_corpus_request_gets_its_documented_status_and_a_close_and_httpd_keeps_serving);
    tcase_add_test(tc,
                   test_every_corpus_request_over_tls_gets_its_documented_status_and_a_close_and_httpd_keeps_serving);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
