/* test-http-httpd.c: the load generator (examples/http) against libsxe's own server (examples/httpd): the number of
 * responses the tool reports equals the number of requests the server counted (its exit summary line).
 * When $SXE_BIN_DIR/httpd is not built, every test says so and passes without checking anything.
 */
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sxe-badserver.h"

#define RUN_TIMEOUT 30.0

static SXE_BADSERVER_RUN run;
static pid_t httpd_pid;
static char httpd_port[16];
static char httpd_log[] = "/tmp/test-http-httpd-log-XXXXXX";
static char port_file[] = "/tmp/test-http-httpd-port-XXXXXX";

/* Starts httpd on an ephemeral loopback port (-p 0 -P PORTFILE); false when httpd is not built. */
static bool httpd_start(void)
{
    const char *program = sxe_badserver_program("httpd");
    int log_fd;
    int port_fd;
    ssize_t got = 0;
    unsigned i;

    if (program == NULL) {
        fprintf(stderr, "httpd not built: test skipped\n");
        return false;
    }

    strcpy(httpd_log, "/tmp/test-http-httpd-log-XXXXXX");
    strcpy(port_file, "/tmp/test-http-httpd-port-XXXXXX");
    log_fd = mkstemp(httpd_log);
    port_fd = mkstemp(port_file);
    ck_assert(log_fd >= 0 && port_fd >= 0);
    close(port_fd);
    unlink(port_file); /* httpd writes it once it accepts connections */

    if ((httpd_pid = fork()) == 0) {
        dup2(log_fd, 2);
        execl(program, "httpd", "-i", "127.0.0.1", "-p", "0", "-P", port_file, "-w", "1", "-c", "2000", NULL);
        _exit(127);
    }

    close(log_fd);

    for (i = 0; i < 500 && got <= 0; i++) {
        port_fd = open(port_file, O_RDONLY);

        if (port_fd >= 0) {
            got = read(port_fd, httpd_port, sizeof(httpd_port) - 1);
            close(port_fd);
        }

        if (got <= 0) {
            usleep(10000);
        }
    }

    ck_assert_msg(got > 0, "httpd did not write its port file");
    httpd_port[got] = '\0';
    httpd_port[strcspn(httpd_port, "\r\n")] = '\0';
    return true;
}

/* Stops httpd (SIGTERM: graceful) and returns the requests it counted in its exit summary line. */
static long long httpd_stop(void)
{
    static char log[1 << 16];
    int status;
    int fd;
    ssize_t got;
    const char *line;
    const char *at;

    kill(httpd_pid, SIGTERM);
    waitpid(httpd_pid, &status, 0);
    fd = open(httpd_log, O_RDONLY);
    got = fd >= 0 ? read(fd, log, sizeof(log) - 1) : -1;
    log[got > 0 ? got : 0] = '\0';

    if (fd >= 0) {
        close(fd);
    }

    unlink(httpd_log);
    unlink(port_file);
    line = strstr(log, "counters (exit): ");
    at = line != NULL ? strstr(line, "requests=") : NULL;
    ck_assert_msg(at != NULL, "no exit counters in httpd's log:\n%s", log);
    return strtoll(at + strlen("requests="), NULL, 10);
}

static int run_http(const char *first, ...)
{
    va_list args;
    int result;

    va_start(args, first);
    result = sxe_badserver_run_http(&run, httpd_port, true, RUN_TIMEOUT, first, args);
    va_end(args);
    return result;
}

static long long json(const char *key)
{
    return sxe_badserver_json_number(run.out, key);
}

#define ASSERT_EXIT(expected)                                                                                          \
    ck_assert_msg(run.exit_code == (expected), "exit %d, expected %d\nstdout: %s\nstderr: %.4000s", run.exit_code,     \
                  (expected), run.out, run.err)

START_TEST(test_classic_run_counts_equal_the_servers)
{
    if (!httpd_start()) {
        return;
    }

    run_http("-c", "40", "-n", "50", NULL);
    ck_assert_int_eq(httpd_stop(), 2000);
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 2000);
    ck_assert_int_eq(json("2xx"), 2000);
    ck_assert_int_eq(json("connections_established"), 40);
}
END_TEST

START_TEST(test_no_keep_alive_against_httpd)
{
    if (!httpd_start()) {
        return;
    }

    run_http("-c", "4", "-n", "5", "-k", NULL);
    ck_assert_int_eq(httpd_stop(), 20);
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 20);
    ck_assert_int_eq(json("connects"), 20);
}
END_TEST

START_TEST(test_pipelined_head_requests_against_httpd)
{
    if (!httpd_start()) {
        return;
    }

    run_http("-c", "3", "-n", "40", "-P", "10", "-m", "HEAD", NULL);
    ck_assert_int_eq(httpd_stop(), 120);
    ASSERT_EXIT(0);
    ck_assert_int_eq(json("responses"), 120);
    ck_assert_int_eq(json("parse_error"), 0);
}
END_TEST

START_TEST(test_workers_for_a_duration_count_what_httpd_answered)
{
    long long served;

    if (!httpd_start()) {
        return;
    }

    run_http("-c", "8", "-T", "2", "-d", "0.5", NULL);
    served = httpd_stop();
    ASSERT_EXIT(0);
    ck_assert_int_gt(json("responses"), 0);
    ck_assert_int_eq(json("responses"), served);
    ck_assert_int_eq(json("workers"), 2);
}
END_TEST

static Suite *http_httpd_suite(void)
{
    Suite *suite = suite_create("http-httpd");
    TCase *tc = tcase_create("against httpd");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_classic_run_counts_equal_the_servers);
    tcase_add_test(tc, test_no_keep_alive_against_httpd);
    tcase_add_test(tc, test_pipelined_head_requests_against_httpd);
    tcase_add_test(tc, test_workers_for_a_duration_count_what_httpd_answered);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(http_httpd_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
