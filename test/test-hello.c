/* test-hello.c: the hello example reads a request head, answers it with a fixed response and closes cleanly. */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sxe-check.h"
#include "sxe-itest.h"

#define HELLO_RESPONSE "HTTP/1.1 200 OK\r\n\r\nHello, World!"
#define HELLO_REQUEST  "GET / HTTP/1.0\r\nHost: t\r\nUser-Agent: test\r\n\r\n"
#define HELLO_WAIT     5.0 /* seconds for an answer and the close */

static SXE_ITEST_SERVER server;

/* Read from fd until the end of the connection into buf (NUL terminated). Returns the bytes read; *end is 0 when
 * the connection ended with a clean end of file (FIN), the errno of the read otherwise (ECONNRESET for a reset,
 * ETIMEDOUT when nothing ended it within HELLO_WAIT seconds).
 */
static size_t read_to_end(int fd, char *buf, size_t size, int *end)
{
    size_t used = 0;
    struct pollfd pfd = {fd, POLLIN, 0};

    *end = ETIMEDOUT;

    while (used < size - 1 && poll(&pfd, 1, (int)(HELLO_WAIT * 1000)) > 0) {
        ssize_t got = recv(fd, buf + used, size - 1 - used, MSG_DONTWAIT);

        if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
            *end = got == 0 ? 0 : errno;
            break;
        }

        used += got > 0 ? (size_t)got : 0;
    }

    buf[used] = '\0';
    return used;
}

/* Connect, send `request` in the given pieces (NULL-terminated), and expect the whole answer then a clean FIN. */
static void expect_answer(const char *const *pieces)
{
    char received[256];
    int end;
    int fd = sxe_itest_connect(server.port);

    ck_assert_int_ge(fd, 0);

    for (unsigned i = 0; pieces[i] != NULL; i++) {
        ck_assert(sxe_itest_send(fd, pieces[i], 0));
        sxe_itest_sleep(pieces[i + 1] != NULL ? 0.05 : 0); /* separate segments */
    }

    ck_assert_uint_eq(read_to_end(fd, received, sizeof(received), &end), strlen(HELLO_RESPONSE));
    ck_assert_str_eq(received, HELLO_RESPONSE);
    ck_assert_msg(end == 0, "the connection ended with %s, not a clean end of file", strerror(end));
    close(fd);
}

START_TEST(test_1000_sequential_connections_each_get_the_whole_answer_then_a_clean_end_of_file)
{
    static const char *const request[] = {HELLO_REQUEST, NULL};

    ck_assert(sxe_itest_start(&server, "hello", NULL));

    for (unsigned i = 0; i < 1000; i++) {
        expect_answer(request);
    }

    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
}
END_TEST

START_TEST(test_a_head_split_across_segments_is_answered_when_it_ends)
{
    static const char *const split[] = {"GET / HTTP/1.1\r\nHo", "st: t\r\n\r", "\n", NULL};
    char received[256];
    int fd;

    ck_assert(sxe_itest_start(&server, "hello", NULL));
    expect_answer(split);
    fd = sxe_itest_connect(server.port); /* no answer before the blank line */
    ck_assert(sxe_itest_send(fd, "GET / HTTP/1.1\r\nHost: t\r\n", 0));
    ck_assert(!sxe_itest_wait_readable(fd, 0.2));
    ck_assert(sxe_itest_send(fd, "\r\n", 0));
    ck_assert_uint_eq(sxe_itest_read_all(fd, received, sizeof(received), HELLO_WAIT), strlen(HELLO_RESPONSE));
    close(fd);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
}
END_TEST

START_TEST(test_bytes_after_the_head_are_drained_so_the_answer_still_ends_cleanly)
{
    char received[256];
    int end;
    int fd;

    ck_assert(sxe_itest_start(&server, "hello", NULL));
    fd = sxe_itest_connect(server.port);
    ck_assert(sxe_itest_send(fd, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhel", 0));
    sxe_itest_sleep(0.1);
    ck_assert(sxe_itest_send(fd, "lo and more", 0)); /* arrives after the answer: would be a reset without the drain */
    shutdown(fd, SHUT_WR);
    ck_assert_uint_eq(read_to_end(fd, received, sizeof(received), &end), strlen(HELLO_RESPONSE));
    ck_assert_str_eq(received, HELLO_RESPONSE);
    ck_assert_msg(end == 0, "the connection ended with %s, not a clean end of file", strerror(end));
    close(fd);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
}
END_TEST

START_TEST(test_curl_gets_the_answer)
{
    char command[256];
    char output[256];

    sxe_itest_require_tool("curl", "curl");
    ck_assert(sxe_itest_start(&server, "hello", NULL));
    snprintf(command, sizeof(command), "curl -sS --http1.1 http://127.0.0.1:%d/", server.port);
    ck_assert_int_eq(sxe_itest_run(command, output, sizeof(output)), 0);
    ck_assert_str_eq(output, "Hello, World!");
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
}
END_TEST

START_TEST(test_ab_without_keep_alive_gets_every_answer)
{
    char command[256];
    char output[4096];

    sxe_itest_require_tool("ab", "apache2-utils");
    ck_assert(sxe_itest_start(&server, "hello", NULL));
    snprintf(command, sizeof(command), "ab -n 2000 -c 20 http://127.0.0.1:%d/ 2>&1", server.port);
    ck_assert_int_eq(sxe_itest_run(command, output, sizeof(output)), 0);
    ck_assert_msg(strstr(output, "Complete requests:      2000") != NULL, "ab: %s", output);
    ck_assert_msg(strstr(output, "Failed requests:        0") != NULL, "ab: %s", output);
    ck_assert_msg(strstr(output, "Non-2xx responses") == NULL, "ab: %s", output);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
}
END_TEST

START_TEST(test_a_connection_beyond_the_pool_is_closed_and_the_slot_comes_back)
{
    static const char *const args[] = {"-c", "1", NULL};
    static const char *const request[] = {HELLO_REQUEST, NULL};
    char received[256];
    int first;
    int second;

    ck_assert(sxe_itest_start(&server, "hello", args));
    first = sxe_itest_connect(server.port); /* holds the only object until its request is answered */
    sxe_itest_sleep(0.1);
    second = sxe_itest_connect(server.port);
    ck_assert_uint_eq(sxe_itest_read_all(second, received, sizeof(received), HELLO_WAIT), 0); /* refused: closed */
    close(second);
    ck_assert(sxe_itest_send(first, HELLO_REQUEST, 0));
    ck_assert_uint_eq(sxe_itest_read_all(first, received, sizeof(received), HELLO_WAIT), strlen(HELLO_RESPONSE));
    close(first);
    sxe_itest_sleep(0.1);
    expect_answer(request);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGINT, 5), 0);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("hello");
    TCase *tc = tcase_create("hello");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_1000_sequential_connections_each_get_the_whole_answer_then_a_clean_end_of_file);
    tcase_add_test(tc, test_a_head_split_across_segments_is_answered_when_it_ends);
    tcase_add_test(tc, test_bytes_after_the_head_are_drained_so_the_answer_still_ends_cleanly);
    tcase_add_test(tc, test_curl_gets_the_answer);
    tcase_add_test(tc, test_ab_without_keep_alive_gets_every_answer);
    tcase_add_test(tc, test_a_connection_beyond_the_pool_is_closed_and_the_slot_comes_back);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
