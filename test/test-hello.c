/* test-hello.c: the hello example answers every connection at once with a fixed response and shuts it down. */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sxe-itest.h"

#define HELLO_RESPONSE "HTTP/1.1 200 OK\r\n\r\nHello, World!"

static SXE_ITEST_SERVER server;

START_TEST(test_each_connection_gets_the_response_then_end_of_file)
{
    char received[256];

    ck_assert(sxe_itest_start(&server, "hello", NULL));

    for (unsigned i = 0; i < 200; i++) {
        int fd = sxe_itest_connect(server.port);

        ck_assert_int_ge(fd, 0);
        ck_assert_uint_eq(sxe_itest_read_all(fd, received, sizeof(received), 5), strlen(HELLO_RESPONSE));
        ck_assert_str_eq(received, HELLO_RESPONSE);
        close(fd);
    }

    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
}
END_TEST

START_TEST(test_a_client_that_sends_a_request_still_gets_the_response)
{
    char command[256];
    char output[256];

    ck_assert(sxe_itest_start(&server, "hello", NULL));
    snprintf(command, sizeof(command), "curl -s --http1.1 http://127.0.0.1:%d/", server.port);
    ck_assert_int_eq(sxe_itest_run(command, output, sizeof(output)), 0);
    ck_assert_str_eq(output, "Hello, World!");
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, 5), 0);
}
END_TEST

START_TEST(test_a_connection_beyond_the_pool_is_closed_and_the_slot_comes_back)
{
    static const char *const args[] = {"-c", "1", NULL};
    char received[256];
    int first;
    int second;

    ck_assert(sxe_itest_start(&server, "hello", args));
    first = sxe_itest_connect(server.port); /* holds the only object until it closes its side */
    ck_assert_uint_eq(sxe_itest_read_all(first, received, sizeof(received), 5), strlen(HELLO_RESPONSE));
    second = sxe_itest_connect(server.port);
    ck_assert_uint_eq(sxe_itest_read_all(second, received, sizeof(received), 5), 0); /* refused: closed at once */
    close(second);
    close(first);
    sxe_itest_sleep(0.1);
    second = sxe_itest_connect(server.port);
    ck_assert_uint_eq(sxe_itest_read_all(second, received, sizeof(received), 5), strlen(HELLO_RESPONSE));
    close(second);
    ck_assert_int_eq(sxe_itest_stop(&server, SIGINT, 5), 0);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("hello");
    TCase *tc = tcase_create("hello");
    SRunner *runner;
    int failed;

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_each_connection_gets_the_response_then_end_of_file);
    tcase_add_test(tc, test_a_client_that_sends_a_request_still_gets_the_response);
    tcase_add_test(tc, test_a_connection_beyond_the_pool_is_closed_and_the_slot_comes_back);
    suite_add_tcase(suite, tc);
    runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
