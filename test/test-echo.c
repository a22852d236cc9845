/* test-echo.c: the echo example (examples/echo) sends back every byte a TCP client sends and every datagram a UDP
 * client sends, holds back a client that does not read without holding up the others, refuses clients beyond -c at
 * once and takes new ones when a slot comes back, closes silent clients after -t seconds, and says clearly what is
 * wrong with its command line (exit 2) or its port (exit 1).
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sxe-itest.h"
#include "sxe-check.h"

#define ECHO_BUFFER_BYTES   1500 /* the echo server's input buffer (lib-sxe's default): the longest datagram echoed */
#define ECHO_WAIT           5.0  /* seconds any single wait of these tests may last */
#define ECHO_KILLED_BY_TERM (128 + SIGTERM) /* echo has no signal handler: SIGTERM ends it */

static SXE_ITEST_SERVER server;

static void start_echo(const char *const *args)
{
    ck_assert_msg(sxe_itest_start(&server, "echo", args), "echo did not start from %s", sxe_itest_bin_dir());
}

static void stop_echo(void)
{
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), ECHO_KILLED_BY_TERM);
}

/* Receive exactly `size` bytes (the harness's sockets time out after SXE_ITEST_IO_TIMEOUT). False on a short read. */
static bool receive_exactly(int fd, char *buf, size_t size)
{
    size_t used = 0;

    while (used < size) {
        ssize_t got = recv(fd, buf + used, size - used, 0);

        if (got <= 0 && !(got < 0 && errno == EINTR)) {
            return false;
        }

        used += got > 0 ? (size_t)got : 0;
    }

    return true;
}

/* Send `size` bytes and receive their echo at the same time (so neither side's socket buffers limit the size).
 * Returns the bytes of echo received; `echo` gets them.
 */
static size_t exchange(int fd, const char *data, char *echo, size_t size)
{
    size_t sent = 0, received = 0;

    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);

    while (received < size) {
        struct pollfd pfd = {fd, (short)(POLLIN | (sent < size ? POLLOUT : 0)), 0};
        ssize_t got;

        if (poll(&pfd, 1, (int)(ECHO_WAIT * 1000)) <= 0) {
            break;
        }

        if ((pfd.revents & POLLOUT) && (got = send(fd, data + sent, size - sent, MSG_NOSIGNAL)) > 0) {
            sent += (size_t)got;
        }

        if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
            got = recv(fd, echo + received, size - received, 0);

            if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
                break;
            }

            received += got > 0 ? (size_t)got : 0;
        }
    }

    return received;
}

/* A UDP socket bound to an ephemeral loopback port, with a receive timeout. */
static int udp_socket(void)
{
    struct timeval timeout = {(time_t)ECHO_WAIT, 0};
    int fd = socket(AF_INET, SOCK_DGRAM, 0);

    ck_assert_int_ge(fd, 0);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    return fd;
}

static void udp_send(int fd, int port, const void *data, size_t size)
{
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};

    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(sendto(fd, data, size, 0, (struct sockaddr *)&to, sizeof(to)), (ssize_t)size);
}

/* Run the echo binary with `arguments`; expect exit `status` and `text` in what it printed on stdout (and on stderr
 * when with_stderr).
 */
static void expect_echo(const char *arguments, bool with_stderr, int status, const char *text)
{
    char out[1024];

    sxe_itest_expect_program("echo", arguments, with_stderr, status, text, out, sizeof(out));
}

START_TEST(test_tcp_echo_sends_back_what_a_client_sends)
{
    char echo[64];
    int fd;

    start_echo(NULL);
    ck_assert_int_ge(fd = sxe_itest_connect(server.port), 0);
    ck_assert(sxe_itest_send(fd, "hello, echo\n", 0));
    ck_assert(receive_exactly(fd, echo, strlen("hello, echo\n")));
    ck_assert_mem_eq(echo, "hello, echo\n", strlen("hello, echo\n"));
    ck_assert(sxe_itest_send(fd, "and again", 0)); /* the same connection goes on echoing */
    ck_assert(receive_exactly(fd, echo, strlen("and again")));
    ck_assert_mem_eq(echo, "and again", strlen("and again"));
    close(fd);
    stop_echo();
}
END_TEST

START_TEST(test_a_megabyte_sent_at_once_comes_back_whole_and_in_order)
{
    static char data[1 << 20], echo[1 << 20];
    int fd;

    for (size_t i = 0; i < sizeof(data); i++) {
        data[i] = (char)(i * 7 + i / 251);
    }

    start_echo(NULL);
    ck_assert_int_ge(fd = sxe_itest_connect(server.port), 0);
    ck_assert_uint_eq(exchange(fd, data, echo, sizeof(data)), sizeof(data));
    ck_assert(memcmp(data, echo, sizeof(data)) == 0);
    close(fd);
    stop_echo();
}
END_TEST

/* Write to a non-blocking fd until it stays unwritable for `quiet` seconds (the peer pushes back), at most `limit`
 * bytes. Returns the bytes written.
 */
static size_t write_until_pushed_back(int fd, size_t limit, double quiet)
{
    static char chunk[65536];
    struct pollfd pfd = {fd, POLLOUT, 0};
    size_t written = 0;

    memset(chunk, 'h', sizeof(chunk));

    while (written < limit && poll(&pfd, 1, (int)(quiet * 1000)) > 0) {
        ssize_t put = send(fd, chunk, sizeof(chunk) < limit - written ? sizeof(chunk) : limit - written, MSG_NOSIGNAL);

        ck_assert_msg(put > 0 || errno == EAGAIN || errno == EINTR, "send: %s", strerror(errno));
        written += put > 0 ? (size_t)put : 0;
    }

    return written;
}

START_TEST(test_a_client_that_does_not_read_is_held_back_and_does_not_hold_up_the_others)
{
    static char echo[65536];
    size_t limit = 256 << 20, sent, received = 0;
    char ping[5];
    int hog, other;

    start_echo(NULL);
    ck_assert_int_ge(hog = sxe_itest_connect(server.port), 0);
    fcntl(hog, F_SETFL, fcntl(hog, F_GETFL) | O_NONBLOCK);
    sent = write_until_pushed_back(hog, limit, 0.5); /* never reads: the server must stop taking its bytes */
    ck_assert_msg(sent < limit, "the server took %zu bytes from a client that reads nothing", sent);
    ck_assert_int_ge(other = sxe_itest_connect(server.port), 0);
    ck_assert(sxe_itest_send(other, "ping", 0));
    ck_assert(receive_exactly(other, ping, 4));
    ck_assert_mem_eq(ping, "ping", 4);
    close(other);

    while (received < sent && sxe_itest_wait_readable(hog, ECHO_WAIT)) { /* the hog reads at last: all of it comes */
        ssize_t got = recv(hog, echo, sizeof(echo), 0);

        ck_assert_msg(got > 0 || (got < 0 && errno == EAGAIN), "recv after %zu of %zu bytes: %zd", received, sent, got);
        ck_assert(got <= 0 || (echo[0] == 'h' && echo[got - 1] == 'h'));
        received += got > 0 ? (size_t)got : 0;
    }

    ck_assert_uint_eq(received, sent);
    close(hog);
    stop_echo();
}
END_TEST

START_TEST(test_small_pieces_sent_while_nothing_is_read_come_back_whole_and_in_order)
{
    static char data[1000000], echo[1000000];
    struct sockaddr_in to = {.sin_family = AF_INET};
    int rcvbuf = 4096, fd = socket(AF_INET, SOCK_STREAM, 0);
    struct pollfd pfd = {fd, POLLOUT, 0};
    size_t sent = 0;

    for (size_t i = 0; i < sizeof(data) / 10; i++) { /* numbered 10-byte pieces */
        char piece[16];

        snprintf(piece, sizeof(piece), "%09zu\n", i);
        memcpy(data + i * 10, piece, 10);
    }

    start_echo(NULL);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)); /* a small window: echo's sends soon wait */
    to.sin_port = htons((unsigned short)server.port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&to, sizeof(to)), 0);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);

    while (sent < sizeof(data) && poll(&pfd, 1, 500) > 0) { /* 10 bytes a send: most of echo's reads are partial */
        ssize_t put = send(fd, data + sent, 10 - sent % 10, MSG_NOSIGNAL);

        ck_assert_msg(put > 0 || errno == EAGAIN, "send: %s", strerror(errno));
        sent += put > 0 ? (size_t)put : 0;
    }

    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    ck_assert(receive_exactly(fd, echo, sent));
    ck_assert_msg(memcmp(data, echo, sent) == 0, "the echo of %zu bytes sent in pieces differs", sent);
    close(fd);
    stop_echo();
}
END_TEST

START_TEST(test_a_client_that_half_closes_gets_every_byte_back_then_the_end_of_file)
{
    static char data[200000], echo[200001];
    int fd;

    memset(data, 'x', sizeof(data));
    start_echo(NULL);
    ck_assert_int_ge(fd = sxe_itest_connect(server.port), 0);
    ck_assert(sxe_itest_send(fd, data, sizeof(data)));
    shutdown(fd, SHUT_WR);
    ck_assert_uint_eq(sxe_itest_read_all(fd, echo, sizeof(echo), ECHO_WAIT), sizeof(data)); /* ends at the FIN */
    ck_assert(memcmp(data, echo, sizeof(data)) == 0);
    close(fd);
    stop_echo();
}
END_TEST

START_TEST(test_udp_echo_sends_each_datagram_back_to_its_sender)
{
    int first = udp_socket(), second = udp_socket();
    char echo[64];

    start_echo(NULL);
    udp_send(first, server.port, "first", 5); /* the same port number as TCP */
    udp_send(second, server.port, "second", 6);
    ck_assert_int_eq(recv(second, echo, sizeof(echo), 0), 6);
    ck_assert_mem_eq(echo, "second", 6);
    ck_assert_int_eq(recv(first, echo, sizeof(echo), 0), 5);
    ck_assert_mem_eq(echo, "first", 5);
    close(first);
    close(second);
    stop_echo();
}
END_TEST

START_TEST(test_a_datagram_longer_than_the_buffer_comes_back_cut_to_the_buffer_size)
{
    static char data[ECHO_BUFFER_BYTES + 500], echo[sizeof(data)];
    int fd = udp_socket();

    memset(data, 'd', sizeof(data));
    start_echo(NULL);
    udp_send(fd, server.port, data, ECHO_BUFFER_BYTES); /* the longest datagram that comes back whole */
    ck_assert_int_eq(recv(fd, echo, sizeof(echo), 0), ECHO_BUFFER_BYTES);
    udp_send(fd, server.port, data, sizeof(data));
    ck_assert_int_eq(recv(fd, echo, sizeof(echo), 0), ECHO_BUFFER_BYTES);
    close(fd);
    stop_echo();
}
END_TEST

#define MANY_CLIENTS 200

START_TEST(test_200_concurrent_clients_each_get_their_own_bytes_back)
{
    int fds[MANY_CLIENTS];
    char sent[32], echo[32];

    start_echo(NULL);

    for (unsigned i = 0; i < MANY_CLIENTS; i++) { /* all connected at once, each sends before any reads */
        ck_assert_int_ge(fds[i] = sxe_itest_connect(server.port), 0);
        snprintf(sent, sizeof(sent), "client %03u\n", i);
        ck_assert(sxe_itest_send(fds[i], sent, 0));
    }

    for (unsigned i = MANY_CLIENTS; i-- > 0;) {
        snprintf(sent, sizeof(sent), "client %03u\n", i);
        ck_assert(receive_exactly(fds[i], echo, strlen(sent)));
        ck_assert_mem_eq(echo, sent, strlen(sent));
        close(fds[i]);
    }

    stop_echo();
}
END_TEST

START_TEST(test_a_client_beyond_the_connection_limit_is_closed_at_once_and_served_when_a_slot_comes_back)
{
    static const char *const args[] = {"-c", "2", NULL};
    char echo[8];
    int first, second, third;

    start_echo(args);
    ck_assert_int_ge(first = sxe_itest_connect(server.port), 0);
    ck_assert_int_ge(second = sxe_itest_connect(server.port), 0);
    ck_assert(sxe_itest_send(first, "one", 0)); /* both are in: they are echoed */
    ck_assert(sxe_itest_send(second, "two", 0));
    ck_assert(receive_exactly(first, echo, 3));
    ck_assert(receive_exactly(second, echo, 3));
    ck_assert_int_ge(third = sxe_itest_connect(server.port), 0); /* the kernel accepts; echo closes it at once */
    ck_assert(sxe_itest_wait_closed(third, ECHO_WAIT));          /* the end of file, while the first two stay open */
    close(third);
    close(first); /* a slot comes back */
    sxe_itest_sleep(0.1);
    ck_assert_int_ge(third = sxe_itest_connect(server.port), 0);
    ck_assert(sxe_itest_send(third, "three", 0));
    ck_assert(receive_exactly(third, echo, 5));
    ck_assert_mem_eq(echo, "three", 5);
    close(third);
    close(second);
    stop_echo();
}
END_TEST

START_TEST(test_a_silent_client_is_closed_after_the_idle_timeout_and_its_slot_reused)
{
    static const char *const args[] = {"-c", "1", "-t", "1", NULL};
    char echo[8];
    int silent, next;

    start_echo(args);
    ck_assert_int_ge(silent = sxe_itest_connect(server.port), 0);
    ck_assert(sxe_itest_send(silent, "hi", 0));
    ck_assert(receive_exactly(silent, echo, 2));
    ck_assert(!sxe_itest_wait_closed(silent, 0.5)); /* not before the timeout */
    ck_assert(sxe_itest_wait_closed(silent, ECHO_WAIT));
    close(silent);
    ck_assert_int_ge(next = sxe_itest_connect(server.port), 0); /* the only slot is free again */
    ck_assert(sxe_itest_send(next, "next", 0));
    ck_assert(receive_exactly(next, echo, 4));
    close(next);
    stop_echo();
}
END_TEST

START_TEST(test_an_ip_that_is_not_an_address_is_named_and_exits_2)
{
    expect_echo("-i localhost -p 0", true, 2, "echo: -i localhost is not an IPv4 or IPv6 address");
}
END_TEST

START_TEST(test_a_port_in_use_is_reported_and_exits_1)
{
    char arguments[64], text[64];

    start_echo(NULL);
    snprintf(arguments, sizeof(arguments), "-p %d", server.port);
    snprintf(text, sizeof(text), "port %d: Address already in use", server.port);
    expect_echo(arguments, true, 1, text);
    stop_echo();
}
END_TEST

START_TEST(test_a_bad_number_a_bad_option_or_a_stray_argument_exits_2_with_the_usage)
{
    expect_echo("-p 65536", true, 2, "echo: '65536' is not a number from 0 to 65535");
    expect_echo("-p 80x", true, 2, "echo: '80x' is not a number");
    expect_echo("-x", true, 2, "usage: echo ");
    expect_echo("-p 0 hello", true, 2, "usage: echo ");
}
END_TEST

START_TEST(test_help_and_version_go_to_stdout_and_exit_0)
{
    expect_echo("-h", false, 0, "usage: echo [-i IP]");
    expect_echo("--help", false, 0, "usage: echo [-i IP]");
    expect_echo("--version", false, 0, "sxe-echo (libsxe) ");
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("echo");
    TCase *tc = tcase_create("echo");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_tcp_echo_sends_back_what_a_client_sends);
    tcase_add_test(tc, test_a_megabyte_sent_at_once_comes_back_whole_and_in_order);
    tcase_add_test(tc, test_a_client_that_does_not_read_is_held_back_and_does_not_hold_up_the_others);
    tcase_add_test(tc, test_small_pieces_sent_while_nothing_is_read_come_back_whole_and_in_order);
    tcase_add_test(tc, test_a_client_that_half_closes_gets_every_byte_back_then_the_end_of_file);
    tcase_add_test(tc, test_udp_echo_sends_each_datagram_back_to_its_sender);
    tcase_add_test(tc, test_a_datagram_longer_than_the_buffer_comes_back_cut_to_the_buffer_size);
    tcase_add_test(tc, test_200_concurrent_clients_each_get_their_own_bytes_back);
    tcase_add_test(tc, test_a_client_beyond_the_connection_limit_is_closed_at_once_and_served_when_a_slot_comes_back);
    tcase_add_test(tc, test_a_silent_client_is_closed_after_the_idle_timeout_and_its_slot_reused);
    tcase_add_test(tc, test_an_ip_that_is_not_an_address_is_named_and_exits_2);
    tcase_add_test(tc, test_a_port_in_use_is_reported_and_exits_1);
    tcase_add_test(tc, test_a_bad_number_a_bad_option_or_a_stray_argument_exits_2_with_the_usage);
    tcase_add_test(tc, test_help_and_version_go_to_stdout_and_exit_0);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
