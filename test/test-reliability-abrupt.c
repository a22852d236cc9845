/* test-reliability-abrupt.c: clients that vanish at the worst moment, the short version of `make soak`'s abrupt test.
 *
 * Clients reset the connection in the middle of a request head (SO_LINGER 0, then close), close (or reset) in the
 * middle of a large response, or half-close after sending a request (shutdown(SHUT_WR): they must still get their
 * complete response). httpd must keep serving, and afterwards hold exactly the descriptors it held before, and its
 * counters (SIGUSR1) must show no connection left open.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "sxe-check.h"
#include "soak/sxe-reliability.h"

#define RELIABILITY_CLIENTS  40                /* clients of each abrupt kind per round              */
#define RELIABILITY_ROUNDS   3                 /* rounds of the three kinds                          */
#define RELIABILITY_BIG_FILE (8 * 1024 * 1024) /* bytes of the file whose response is cut off        */
#define RELIABILITY_BIG_REQ  "GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n"
#define RELIABILITY_SMALL    "GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"

/* Create docroot with index.html and a big file. */
static void make_docroot(const char *docroot)
{
    static const char index_html[] = "<html><body>reliability</body></html>\n";

    ck_assert_int_eq(mkdir(docroot, 0755), 0);
    ck_assert(sxe_itest_write_file(docroot, "index.html", index_html, sizeof(index_html) - 1));
    ck_assert(sxe_itest_write_letters(docroot, "big.bin", RELIABILITY_BIG_FILE));
}

/* Ask for httpd's counters (SIGUSR1) and return the number of open objects its counters line reports ("open=N":
 * the listener and the connections), or -1 when no new counters line appeared within 2 s.
 */
static long open_connections_from_counters(SXE_ITEST_SERVER *server)
{
    char line[4096];
    const char *p;
    int i;
    unsigned before = sxe_itest_log_count(server, "counters (SIGUSR1)");

    ck_assert_int_eq(kill(server->pid, SIGUSR1), 0);

    for (i = 0; i < 100; i++) { /* up to 2 s */
        sxe_itest_sleep(0.02);

        if (sxe_itest_log_count(server, "counters (SIGUSR1)") > before &&
            sxe_itest_log_find(server, "counters (SIGUSR1)", line, sizeof(line)) &&
            (p = strstr(line, " open=")) != NULL) {
            return strtol(p + 6, NULL, 10);
        }
    }

    return -1;
}

START_TEST(test_clients_that_reset_or_close_mid_request_or_mid_response_leak_nothing)
{
    const char *args[] = {"-c", "200", "-t", "5", "-r", NULL, NULL};
    char docroot[SXE_ITEST_PATH_MAX + 16];
    SXE_ITEST_SERVER server;
    REL_ABRUPT_RESULT r;
    int round, fds_idle, fds_after;
    long open_idle, open_after;

    ck_assert(sxe_itest_prepare(&server));
    snprintf(docroot, sizeof(docroot), "%s/docroot", server.dir);
    make_docroot(docroot);
    args[5] = docroot;
    ck_assert_msg(sxe_itest_start_prepared(&server, "httpd", args), "httpd did not start (see above)");
    ck_assert_uint_eq(rel_request(server.port, RELIABILITY_SMALL, 5.0), 200);
    fds_idle = sxe_itest_settled_fd_count(server.pid);
    open_idle = open_connections_from_counters(&server);
    ck_assert_int_ge(open_idle, 1); /* at least the listener */

    for (round = 0; round < RELIABILITY_ROUNDS; round++) {
        rel_abrupt(server.port, RELIABILITY_CLIENTS, RELIABILITY_BIG_REQ, &r);
        printf("abrupt round %d: %u reset mid-request; %u closed mid-response (%u had the head); %u half-closed, %u of "
               "them served\n",
               round, r.reset_mid_request, r.closed_mid_response, r.mid_response_headers, r.half_closed,
               r.half_closed_served);
        ck_assert_uint_eq(r.reset_mid_request, RELIABILITY_CLIENTS);
        ck_assert_uint_eq(r.mid_response_headers, RELIABILITY_CLIENTS);
        ck_assert_uint_eq(r.half_closed_served, RELIABILITY_CLIENTS);
        ck_assert_uint_eq(rel_request(server.port, RELIABILITY_SMALL, 5.0), 200);
    }

    fds_after = sxe_itest_wait_fd_count(server.pid, fds_idle, 10.0);
    open_after = open_connections_from_counters(&server);
    printf("abrupt: descriptors %d before, %d after; open objects in httpd's counters (listener included) %ld before, "
           "%ld after\n",
           fds_idle, fds_after, open_idle, open_after);
    ck_assert_int_eq(fds_after, fds_idle);
    ck_assert_int_eq(open_after, open_idle);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, REL_STOP_TIMEOUT), 0);
    sxe_itest_cleanup(&server);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("reliability-abrupt");
    TCase *tc = tcase_create("abrupt");

    sxe_itest_raise_nofile(1024);
    tcase_set_timeout(tc, 60 * sxe_itest_time_scale());
    tcase_add_test(tc, test_clients_that_reset_or_close_mid_request_or_mid_response_leak_nothing);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
