/* test-echo-client.c: the echo client example (examples/echo-client) against the echo server (examples/echo): it
 * prints every byte of its arguments or of its standard input back, over TCP and over UDP, exits 0 only when every
 * byte came back, and says what went wrong otherwise (exit 1: no server, a server that closes or never answers;
 * exit 2: a bad command line).
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "sxe-itest.h"

#define CLIENT_OUTPUT_MAX  (256 * 1024) /* bytes of a client's output these tests look at */
#define CLIENT_WAIT        5.0          /* echo-client's ECHO_WAIT_SECONDS */
#define CONCURRENT_CLIENTS 20

static SXE_ITEST_SERVER server;
static char output[CLIENT_OUTPUT_MAX];

static void start_echo(const char *const *args)
{
    ck_assert_msg(sxe_itest_start(&server, "echo", args), "echo did not start from %s", sxe_itest_bin_dir());
}

static void stop_echo(void)
{
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 128 + SIGTERM); /* echo has no signal handler */
}

/* Run `shell_before | echo-client -p PORT arguments` with stdout (and stderr when `with_stderr`) into output.
 * shell_before may be NULL (standard input is then /dev/null). Returns the client's exit status.
 */
static int run_client(const char *shell_before, const char *arguments, bool with_stderr)
{
    char command[1024];

    snprintf(command, sizeof(command), "%s | %s/echo-client %s %s", shell_before != NULL ? shell_before : "true",
             sxe_itest_bin_dir(), arguments, with_stderr ? "2>&1" : "2>/dev/null");
    return sxe_itest_run(command, output, sizeof(output));
}

START_TEST(test_a_client_gets_every_byte_of_its_arguments_back_over_tcp)
{
    char arguments[64];

    start_echo(NULL);
    snprintf(arguments, sizeof(arguments), "-p %d hello 'brave new' world", server.port);
    ck_assert_int_eq(run_client(NULL, arguments, true), 0);
    ck_assert_str_eq(output, "hello\nbrave new\nworld\n");
    stop_echo();
}
END_TEST

START_TEST(test_a_client_gets_every_byte_of_its_arguments_back_over_udp)
{
    char arguments[64];

    start_echo(NULL);
    snprintf(arguments, sizeof(arguments), "-u -p %d hello 'brave new' world", server.port);
    ck_assert_int_eq(run_client(NULL, arguments, true), 0);
    ck_assert_str_eq(output, "hello\nbrave new\nworld\n");
    stop_echo();
}
END_TEST

/* Standard input: 2,000 numbered lines, a 3,000-byte line (read in pieces) and a last line without a newline. */
static void expect_standard_input_back(const char *transport)
{
    static char expected[CLIENT_OUTPUT_MAX];
    const char *input = "{ seq 1 2000; head -c 3000 /dev/zero | tr '\\0' x; echo; printf last; }";
    char arguments[64];
    size_t used = 0;

    for (unsigned i = 1; i <= 2000; i++) {
        used += (size_t)snprintf(expected + used, sizeof(expected) - used, "%u\n", i);
    }

    memset(expected + used, 'x', 3000);
    memcpy(expected + used + 3000, "\nlast", 6);
    start_echo(NULL);
    snprintf(arguments, sizeof(arguments), "%s -p %d", transport, server.port);
    ck_assert_int_eq(run_client(input, arguments, false), 0);
    ck_assert_uint_eq(strlen(output), strlen(expected));
    ck_assert(strcmp(output, expected) == 0);
    stop_echo();
}

START_TEST(test_a_client_gets_every_byte_of_its_standard_input_back_over_tcp)
{
    expect_standard_input_back("");
}
END_TEST

START_TEST(test_a_client_gets_every_byte_of_its_standard_input_back_over_udp)
{
    expect_standard_input_back("-u");
}
END_TEST

START_TEST(test_20_clients_at_once_each_get_their_own_bytes_back)
{
    char command[1024];
    pid_t pids[CONCURRENT_CLIENTS];

    start_echo(NULL);

    for (unsigned i = 0; i < CONCURRENT_CLIENTS;
         i++) { /* each checks its own 500 lines: exit 0 only when all came back */
        snprintf(command, sizeof(command), "seq %u %u | %s/echo-client %s-p %d | cmp -s - <(seq %u %u)", i * 1000,
                 i * 1000 + 499, sxe_itest_bin_dir(), i % 2 ? "-u " : "", server.port, i * 1000, i * 1000 + 499);
        pids[i] = sxe_itest_spawn("/bin/bash", (const char *const[]){"bash", "-c", command, NULL}, "/dev/null");
        ck_assert_int_gt(pids[i], 0);
    }

    for (unsigned i = 0; i < CONCURRENT_CLIENTS; i++) {
        ck_assert_msg(sxe_itest_wait_exit(pids[i], 30) == 0, "client %u did not get its own lines back", i);
    }

    stop_echo();
}
END_TEST

START_TEST(test_a_client_with_no_server_says_the_connection_was_refused_and_exits_1)
{
    char arguments[64];

    start_echo(NULL); /* a port known to be free: the echo server's, once it is stopped */
    stop_echo();
    snprintf(arguments, sizeof(arguments), "-p %d hello", server.port);
    ck_assert_int_eq(run_client(NULL, arguments, true), 1);
    ck_assert_msg(strstr(output, "Connection refused") != NULL, "output: %s", output);
}
END_TEST

START_TEST(test_a_client_refused_by_a_full_server_says_so_and_exits_1)
{
    static const char *const args[] = {"-c", "0", NULL}; /* no slot for any TCP client */
    char arguments[64];

    start_echo(args);
    snprintf(arguments, sizeof(arguments), "-p %d hello", server.port);
    ck_assert_int_eq(run_client(NULL, arguments, true), 1);
    ck_assert_msg(strstr(output, "the server closed the connection") != NULL ||
                      strstr(output, "Connection reset by peer") != NULL,
                  "output: %s", output);
    stop_echo();
}
END_TEST

START_TEST(test_a_udp_client_whose_server_does_not_answer_gives_up_after_the_wait_and_exits_1)
{
    char arguments[64];

    start_echo(NULL);
    kill(server.pid, SIGSTOP); /* there, but silent */
    snprintf(arguments, sizeof(arguments), "-u -p %d hello", server.port);
    ck_assert_int_eq(run_client(NULL, arguments, true), 1);
    ck_assert_msg(strstr(output, "no answer in time") != NULL, "output: %s", output);
    kill(server.pid, SIGCONT);
    stop_echo();
}
END_TEST

START_TEST(test_a_bad_address_or_port_is_named_and_exits_2)
{
    ck_assert_int_eq(run_client(NULL, "-i localhost x", true), 2);
    ck_assert_msg(strstr(output, "-i localhost -p 8000: give an IPv4 or IPv6 address") != NULL, "output: %s", output);
    ck_assert_int_eq(run_client(NULL, "-p 65536 x", true), 2);
    ck_assert_msg(strstr(output, "-p 65536: give") != NULL, "output: %s", output);
    ck_assert_int_eq(run_client(NULL, "-x", true), 2);
    ck_assert_msg(strstr(output, "usage: echo-client ") != NULL, "output: %s", output);
}
END_TEST

START_TEST(test_help_and_version_go_to_stdout_and_exit_0)
{
    ck_assert_int_eq(run_client(NULL, "-h", false), 0);
    ck_assert_msg(strncmp(output, "usage: echo-client ", 19) == 0, "output: %s", output);
    ck_assert_int_eq(run_client(NULL, "--help", false), 0);
    ck_assert_msg(strncmp(output, "usage: echo-client ", 19) == 0, "output: %s", output);
    ck_assert_int_eq(run_client(NULL, "--version", false), 0);
    ck_assert_msg(strncmp(output, "echo-client (libsxe) ", 21) == 0, "output: %s", output);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("echo-client");
    TCase *tc = tcase_create("echo-client");
    SRunner *runner;
    int failed;

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_a_client_gets_every_byte_of_its_arguments_back_over_tcp);
    tcase_add_test(tc, test_a_client_gets_every_byte_of_its_arguments_back_over_udp);
    tcase_add_test(tc, test_a_client_gets_every_byte_of_its_standard_input_back_over_tcp);
    tcase_add_test(tc, test_a_client_gets_every_byte_of_its_standard_input_back_over_udp);
    tcase_add_test(tc, test_20_clients_at_once_each_get_their_own_bytes_back);
    tcase_add_test(tc, test_a_client_with_no_server_says_the_connection_was_refused_and_exits_1);
    tcase_add_test(tc, test_a_client_refused_by_a_full_server_says_so_and_exits_1);
    tcase_add_test(tc, test_a_udp_client_whose_server_does_not_answer_gives_up_after_the_wait_and_exits_1);
    tcase_add_test(tc, test_a_bad_address_or_port_is_named_and_exits_2);
    tcase_add_test(tc, test_help_and_version_go_to_stdout_and_exit_0);
    suite_add_tcase(suite, tc);
    runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
