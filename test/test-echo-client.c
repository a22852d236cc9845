/* test-echo-client.c: the echo client example (examples/echo-client) against the echo server (examples/echo): it
 * prints every byte of its arguments back, one a line, over TCP and over UDP, exits 0 only when every
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
#include "sxe-check.h"

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

/* Run `echo-client arguments` (standard input /dev/null); expect exit `status` and `text` in what it printed on stdout
 * (and on stderr when with_stderr).
 */
static void expect_client(const char *arguments, bool with_stderr, int status, const char *text)
{
    sxe_itest_expect_program("echo-client", arguments, with_stderr, status, text, output, sizeof(output));
}

/* Three words, one with a space, come back one per line. */
static void expect_arguments_back(const char *transport)
{
    char arguments[64];

    start_echo(NULL);
    snprintf(arguments, sizeof(arguments), "%s -p %d hello 'brave new' world", transport, server.port);
    expect_client(arguments, true, 0, "hello\n");
    ck_assert_str_eq(output, "hello\nbrave new\nworld\n");
    stop_echo();
}

START_TEST(test_a_client_gets_every_byte_of_its_arguments_back_over_tcp)
{
    expect_arguments_back("");
}
END_TEST

START_TEST(test_a_client_gets_every_byte_of_its_arguments_back_over_udp)
{
    expect_arguments_back("-u");
}
END_TEST

/* 2,000 numbered words and one of 1,400 bytes (more than one TCP segment on loopback's usual MTU is not needed: the
 * server's 1,500-byte buffer is the limit of one UDP datagram) come back, each on its own line. */
static void expect_many_words_back(const char *transport)
{
    static char expected[CLIENT_OUTPUT_MAX];
    char arguments[256];
    size_t used = 0;

    for (unsigned i = 1; i <= 2000; i++) {
        used += (size_t)snprintf(expected + used, sizeof(expected) - used, "%u\n", i);
    }

    memset(expected + used, 'x', 1400);
    memcpy(expected + used + 1400, "\n", 2);
    start_echo(NULL);
    snprintf(arguments, sizeof(arguments), "%s -p %d $(seq 1 2000) $(head -c 1400 /dev/zero | tr '\\0' x)", transport,
             server.port);
    ck_assert_int_eq(run_client(NULL, arguments, false), 0);
    ck_assert_uint_eq(strlen(output), strlen(expected));
    ck_assert(strcmp(output, expected) == 0);
    stop_echo();
}

START_TEST(test_a_client_gets_every_byte_of_2000_words_back_over_tcp)
{
    expect_many_words_back("");
}
END_TEST

START_TEST(test_a_client_gets_every_byte_of_2000_words_back_over_udp)
{
    expect_many_words_back("-u");
}
END_TEST

START_TEST(test_a_client_without_a_word_to_send_prints_its_usage_and_exits_2)
{
    expect_client("-p 1", true, 2, "usage: echo-client ");
}
END_TEST

START_TEST(test_20_clients_at_once_each_get_their_own_bytes_back)
{
    char command[1024], errors[CONCURRENT_CLIENTS][64];
    pid_t pids[CONCURRENT_CLIENTS];
    int status;

    start_echo(NULL);

    for (unsigned i = 0; i < CONCURRENT_CLIENTS;
         i++) { /* each checks its own 100 words: exit 0 only when all came back */
        snprintf(errors[i], sizeof(errors[i]), "/tmp/sxe-echo-client-%d-%u.err", (int)getpid(), i);
        snprintf(command, sizeof(command), "%s/echo-client %s-p %d $(seq %u %u) 2>%s | cmp - <(seq %u %u)",
                 sxe_itest_bin_dir(), i % 2 ? "-u " : "", server.port, i * 1000, i * 1000 + 99, errors[i], i * 1000,
                 i * 1000 + 99);
        pids[i] = sxe_itest_spawn("/bin/bash", (const char *const[]){"bash", "-c", command, NULL}, NULL);
        ck_assert_int_gt(pids[i], 0);
    }

    for (unsigned i = 0; i < CONCURRENT_CLIENTS; i++) {
        char error[256] = "";
        FILE *file;

        if ((status = sxe_itest_wait_exit(pids[i], 30 * sxe_itest_time_scale())) != 0 &&
            (file = fopen(errors[i], "r")) != NULL) {
            error[fread(error, 1, sizeof(error) - 1, file)] = '\0';
            fclose(file);
        }

        unlink(errors[i]);

        ck_assert_msg(status == 0, "client %u (%s) did not get its own words back: status %d (-1: still running); %s",
                      i, i % 2 ? "UDP" : "TCP", status, error);
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
    expect_client(arguments, true, 1, "Connection refused");
}
END_TEST

START_TEST(test_a_client_refused_by_a_full_server_says_so_and_exits_1)
{
    static const char *const args[] = {"-c", "0", NULL}; /* no slot for any TCP client */
    char arguments[64];

    start_echo(args);
    snprintf(arguments, sizeof(arguments), "-p %d hello", server.port);
    expect_client(arguments, true, 1, "echo-client: -i 127.0.0.1 -p ");
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
    expect_client(arguments, true, 1, "no answer in time");
    kill(server.pid, SIGCONT);
    stop_echo();
}
END_TEST

START_TEST(test_a_bad_address_or_port_is_named_and_exits_2)
{
    expect_client("-i localhost x", true, 2, "echo-client: -i localhost -p 8000: give an IPv4 or IPv6 address");
    expect_client("-p 65536 x", true, 2, "-p 65536: give");
    expect_client("-x", true, 2, "usage: echo-client ");
}
END_TEST

START_TEST(test_help_and_version_go_to_stdout_and_exit_0)
{
    expect_client("-h", false, 0, "usage: echo-client [-u]");
    expect_client("--help", false, 0, "usage: echo-client [-u]");
    expect_client("--version", false, 0, "sxe-echo-client (libsxe) ");
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("echo-client");
    TCase *tc = tcase_create("echo-client");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_a_client_gets_every_byte_of_its_arguments_back_over_tcp);
    tcase_add_test(tc, test_a_client_gets_every_byte_of_its_arguments_back_over_udp);
    tcase_add_test(tc, test_a_client_gets_every_byte_of_2000_words_back_over_tcp);
    tcase_add_test(tc, test_a_client_gets_every_byte_of_2000_words_back_over_udp);
    tcase_add_test(tc, test_a_client_without_a_word_to_send_prints_its_usage_and_exits_2);
    tcase_add_test(tc, test_20_clients_at_once_each_get_their_own_bytes_back);
    tcase_add_test(tc, test_a_client_with_no_server_says_the_connection_was_refused_and_exits_1);
    tcase_add_test(tc, test_a_client_refused_by_a_full_server_says_so_and_exits_1);
    tcase_add_test(tc, test_a_udp_client_whose_server_does_not_answer_gives_up_after_the_wait_and_exits_1);
    tcase_add_test(tc, test_a_bad_address_or_port_is_named_and_exits_2);
    tcase_add_test(tc, test_help_and_version_go_to_stdout_and_exit_0);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
