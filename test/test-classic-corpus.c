/* test-classic-corpus.c: classic SXE programs build unchanged against the INSTALLED library, and work.
 *
 * Before the tests, the suite installs libsxe (make install, the build mode of this binary) into a temporary DESTDIR,
 * as test/install-check.sh does. Each test then compiles one program of test/classic/ -- written with classic names
 * only -- with nothing but `pkg-config --cflags --libs libsxe` of that tree and -Wall -Wextra -Werror
 * -Werror=implicit-function-declaration, and runs it through the harness. classic-api-surface.c lists every classic
 * name with its classic signature: it stops compiling when one disappears. Run from the repository root (make test).
 */
#include <check.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sxe-check.h"
#include "sxe-itest.h"
#include "sxe-util.h"

#define CORPUS_DIR     "test/classic"
#define CORPUS_PREFIX  "/usr/local"
#define CORPUS_TIMEOUT 30.0 /* seconds a corpus program may run (scaled) */
#define CORPUS_LOG_MAX 8192 /* bytes of the install's or a compiler's messages kept for a failure message */

static char corpus_root[64]; /* the DESTDIR; "" when the install failed */
static char corpus_install_log[CORPUS_LOG_MAX];
static SXE_ITEST_RUN run;

#if defined(__SANITIZE_ADDRESS__)
#define CORPUS_SANITIZE " -fsanitize=address,undefined -fno-omit-frame-pointer" /* the installed library has them */
#else
#define CORPUS_SANITIZE ""
#endif

/* The make arguments that give this binary's build: BUILD_ROOT and mode, from its path BUILD_ROOT/MODE/test/NAME. */
static void corpus_make_arguments(char *arguments, size_t size)
{
    char exe[PATH_MAX];
    char mode[PATH_MAX];
    char root[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

    exe[length > 0 ? length : 0] = '\0';
    snprintf(mode, sizeof(mode), "%s", dirname(dirname(exe))); /* BUILD_ROOT/MODE */
    snprintf(root, sizeof(root), "%s", mode);
    snprintf(arguments, size, "BUILD_ROOT='%s' DEBUG=%d SANITIZE=%d COVERAGE=%d", dirname(root),
             strstr(basename(mode), "debug") != NULL, strstr(basename(mode), "sanitize") != NULL,
             strstr(basename(mode), "coverage") != NULL);
}

/* Installs libsxe into a fresh temporary DESTDIR (corpus_root), once, before the tests fork. */
static void corpus_install(void)
{
    char arguments[PATH_MAX * 2];
    char command[PATH_MAX * 4];
    char root[] = "/tmp/sxe-classic-corpus-XXXXXX";

    if (mkdtemp(root) == NULL) {
        snprintf(corpus_install_log, sizeof(corpus_install_log), "mkdtemp failed");
        return;
    }

    corpus_make_arguments(arguments, sizeof(arguments));
    snprintf(command, sizeof(command),
             "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -s install DESTDIR='%s' PREFIX=%s %s "
             ">/dev/null 2>%s/install.log; status=$?; cat %s/install.log; exit $status",
             root, CORPUS_PREFIX, arguments, root, root);

    if (sxe_itest_run(command, corpus_install_log, sizeof(corpus_install_log)) == 0) {
        snprintf(corpus_root, sizeof(corpus_root), "%s", root);
    }
}

static void corpus_remove(void)
{
    char command[PATH_MAX + 16];

    if (corpus_root[0] != '\0') {
        snprintf(command, sizeof(command), "rm -rf '%s'", corpus_root);
        sxe_itest_run(command, corpus_install_log, sizeof(corpus_install_log));
    }
}

/* Compiles test/classic/NAME.c against the installed tree into corpus_root/NAME (path returned in `program`); fails
 * the test with the compiler's messages when it does not compile.
 */
static void corpus_compile(const char *name, char *program, size_t size)
{
    static char messages[CORPUS_LOG_MAX];
    char command[PATH_MAX * 6];
    const char *root = corpus_root;

    ck_assert_msg(root[0] != '\0', "make install into a temporary DESTDIR failed:\n%s", corpus_install_log);
    snprintf(program, size, "%s/%s", root, name);
    snprintf(command, sizeof(command),
             "export PKG_CONFIG_PATH='%s%s/lib/pkgconfig' PKG_CONFIG_SYSROOT_DIR='%s'; "
             "flags=$(pkg-config --cflags --libs libsxe) || exit 97; "
             "cc -std=gnu11 -Wall -Wextra -Werror -Werror=implicit-function-declaration%s -o '%s' %s/%s.c $flags "
             "-Wl,-rpath,'%s%s/lib' 2>&1",
             root, CORPUS_PREFIX, root, CORPUS_SANITIZE, program, CORPUS_DIR, name, root, CORPUS_PREFIX);
    ck_assert_msg(sxe_itest_run(command, messages, sizeof(messages)) == 0, "%s.c does not build unchanged:\n%s", name,
                  messages);
}

/* Compiles and runs a corpus program with `args` (NULL terminated, may be NULL); returns its exit status. */
static int corpus_run(const char *name, const char *const *args)
{
    char program[PATH_MAX];
    const char *argv[8] = {program};

    corpus_compile(name, program, sizeof(program));

    for (unsigned i = 0; args != NULL && args[i] != NULL && i + 2 < SXE_ARRAY_SIZE(argv); i++) {
        argv[i + 1] = args[i];
    }

    return sxe_itest_run_program(&run, argv, CORPUS_TIMEOUT);
}

/* Compiles and runs a corpus program with `args` (NULL terminated, may be NULL); checks that it exits 0 and printed
 * `text` on stdout.
 */
static void corpus_expect(const char *name, const char *const *args, const char *text)
{
    ck_assert_msg(corpus_run(name, args) == 0, "%s: exit %d: %s%s", name, run.exit_code, run.out, run.err);
    ck_assert_msg(strstr(run.out, text) != NULL, "%s: no '%s' in: %s", name, text, run.out);
}

/* Compiles the classic server and starts it. */
static void classic_server_start(SXE_ITEST_SERVER *server)
{
    char program[PATH_MAX];

    corpus_compile("classic-server", program, sizeof(program));
    ck_assert(sxe_itest_start(server, program, NULL));
}

/* Asks the classic server (on conn, closed here) for /stop: it answers "Bye" and exits 0 by itself. */
static void classic_server_stop(SXE_ITEST_SERVER *server, SXE_ITEST_CONN *conn)
{
    static SXE_ITEST_RESPONSE response;

    ck_assert(sxe_itest_send(conn->fd, "GET /stop HTTP/1.1\r\n\r\n", 0));
    ck_assert(sxe_itest_read_response(conn, &response, false));
    ck_assert_str_eq(response.body, "Bye\n");
    sxe_itest_conn_close(conn);
    ck_assert_int_eq(sxe_itest_wait_exit(server->pid, 10.0 * sxe_itest_time_scale()), 0);
    server->pid = 0;
    sxe_itest_cleanup(server);
}

START_TEST(test_the_api_surface_program_builds_links_and_runs_with_every_classic_name)
{
    corpus_expect("classic-api-surface", NULL, "classic-api-surface: ");
    ck_assert_int_ge(atoi(strstr(run.out, ": ") + 2), 230); /* names checked (238 in 0.2.0) */
}
END_TEST

START_TEST(test_a_classic_server_builds_unchanged_and_answers_pipelined_requests_in_order)
{
    static SXE_ITEST_RESPONSE response;
    static const char *const bodies[] = {"Hello World\n", "Slow\n", "Hello World\n"};
    SXE_ITEST_SERVER server;
    SXE_ITEST_CONN conn;

    classic_server_start(&server);
    ck_assert(sxe_itest_conn_open(&conn, server.port));
    ck_assert(sxe_itest_send(conn.fd, "GET /1 HTTP/1.1\r\n\r\nGET /slow HTTP/1.1\r\n\r\nGET /3 HTTP/1.1\r\n\r\n", 0));

    for (unsigned i = 0; i < SXE_ARRAY_SIZE(bodies); i++) { /* /slow waits 0.1 s: /3 must not overtake it */
        ck_assert(sxe_itest_read_response(&conn, &response, false));
        ck_assert_str_eq(response.body, bodies[i]);
    }

    classic_server_stop(&server, &conn);
}
END_TEST

START_TEST(test_a_classic_client_builds_unchanged_and_reconnects_from_on_close_with_an_exactly_sized_pool)
{
    const char *args[5] = {NULL, "4", "3", "5", NULL};
    SXE_ITEST_SERVER server;
    SXE_ITEST_CONN conn;
    char port[16];

    classic_server_start(&server);
    snprintf(port, sizeof(port), "%d", server.port);
    args[0] = port;
    corpus_expect("classic-client", args, "4 connections, 12 rounds, 72 responses, 8 reconnects from on_close");
    ck_assert(sxe_itest_conn_open(&conn, server.port));
    classic_server_stop(&server, &conn);
}
END_TEST

START_TEST(test_a_classic_pool_user_builds_unchanged_and_its_timeouts_fire_from_sxe_pool_check_timeouts)
{
    corpus_expect("classic-pool", NULL, "classic-pool: 4 timed out, 4 answered");
}
END_TEST

START_TEST(test_classic_timers_build_unchanged_and_fire_on_the_default_loop)
{
    corpus_expect("classic-timers", NULL, "classic-timers: 5 reports, 3 repeats, 1 late at ");
}
END_TEST

START_TEST(test_classic_logging_builds_unchanged_and_reaches_syslog_with_the_openlog_option)
{
    corpus_expect("classic-syslog", NULL, "classic-syslog: OK");
    ck_assert_msg(strstr(run.err, "classic-syslog[") != NULL &&
                      strstr(run.err, "------ 2 - through syslog, id field first") != NULL,
                  "LOG_PERROR copies syslog's message to stderr: %s", run.err);
}
END_TEST

START_TEST(test_a_classic_udp_program_builds_unchanged_and_every_datagram_comes_back)
{
    corpus_expect("classic-udp", NULL, "classic-udp: 10 echoed, 10 answered");
}
END_TEST

START_TEST(test_a_classic_socketpair_and_pipe_user_builds_unchanged_and_hands_a_connection_over)
{
    corpus_expect("classic-pipe", NULL, "1 handed off, dispatcher side closed 1, worker served 1");
}
END_TEST

/* The corpus proves that the classic headers give what classic programs relied on: so its programs include no system
 * header, but the ones they say the classic headers did not give either.
 */
START_TEST(test_the_corpus_includes_no_system_header_the_classic_headers_gave)
{
    static char listing[16384];

    ck_assert_int_eq(
        sxe_itest_run("grep -n '^#include <' " CORPUS_DIR "/*.c | grep -v '<sys/wait.h>'", listing, sizeof(listing)),
        1); /* grep found nothing */
    ck_assert_int_eq(sxe_itest_run("ls " CORPUS_DIR "/*.c | wc -l", listing, sizeof(listing)), 0);
    ck_assert_int_ge(atoi(listing), 8);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("classic-corpus");
    TCase *tcase = tcase_create("corpus");
    int status;

    corpus_install(); /* once, before the tests fork */
    tcase_set_timeout(tcase, 120);
    tcase_add_test(tcase, test_the_api_surface_program_builds_links_and_runs_with_every_classic_name);
    tcase_add_test(tcase, test_a_classic_server_builds_unchanged_and_answers_pipelined_requests_in_order);
    tcase_add_test(tcase,
                   test_a_classic_client_builds_unchanged_and_reconnects_from_on_close_with_an_exactly_sized_pool);
    tcase_add_test(tcase, test_a_classic_pool_user_builds_unchanged_and_its_timeouts_fire_from_sxe_pool_check_timeouts);
    tcase_add_test(tcase, test_classic_timers_build_unchanged_and_fire_on_the_default_loop);
    tcase_add_test(tcase, test_classic_logging_builds_unchanged_and_reaches_syslog_with_the_openlog_option);
    tcase_add_test(tcase, test_a_classic_udp_program_builds_unchanged_and_every_datagram_comes_back);
    tcase_add_test(tcase, test_a_classic_socketpair_and_pipe_user_builds_unchanged_and_hands_a_connection_over);
    tcase_add_test(tcase, test_the_corpus_includes_no_system_header_the_classic_headers_gave);
    suite_add_tcase(suite, tcase);
    status = sxe_test_run(suite);
    corpus_remove();
    return status;
}
