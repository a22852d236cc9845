/* test-sxe-send.c: sxe_send and sxe_sendfile completion rule; reads continue while a send is pending. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sxe-test.h"
#include "../../test/sxe-check.h"

#define BIG (8 * 1024 * 1024)

static SXE *conn;
static unsigned completions;
static SXE_RETURN completion_result;
static unsigned reads;
static bool close_in_completion;
static unsigned closes;
static bool send_in_close;
static SXE_RETURN send_in_close_result;
static bool send_in_completion;
static SXE_RETURN send_in_completion_result;
static unsigned in_use_at_completion;

static void on_connected(SXE *this)
{
    conn = this;
}

static void on_read(SXE *this, int length)
{
    (void)length;
    reads++;
    SXE_BUF_CLEAR(this);
}

static void on_complete(SXE *this, SXE_RETURN result);

static void on_close(SXE *this)
{
    closes++;

    if (send_in_close) {
        send_in_close_result = sxe_send(this, "abcdefgh", 8, on_complete); /* a final reply */
    }
}

static void on_complete(SXE *this, SXE_RETURN result)
{
    completions++;
    completion_result = result;

    in_use_at_completion = sxe_get_number_in_use();

    if (close_in_completion) {
        ck_assert_int_eq(sxe_close(this), SXE_RETURN_WARN_ALREADY_CLOSED); /* already closing */
    }

    if (send_in_completion) {
        send_in_completion_result = sxe_send(this, "more", 4, on_complete);
    }
}

static int setup(void)
{
    sxe_test_init(2, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, on_close);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(conn != NULL, 5.0));
    return fd;
}

static void teardown(int fd)
{
    if (fd >= 0) {
        close(fd);
    }

    sxe_close(sxe_object(0));
    SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 0, 5.0);
    sxe_test_fini();
}

/* Drain `fd` while running the loop until `want` bytes arrived. */
static size_t drain(int fd, size_t want)
{
    static char sink[65536];
    size_t got = 0;
    ssize_t n;

    while (got < want &&
           (n = sxe_test_read(fd, sink, sizeof(sink) < want - got ? sizeof(sink) : want - got, 5.0, NULL)) > 0) {
        got += (size_t)n;
    }

    return got;
}

START_TEST(test_send_that_completes_at_once_returns_ok_without_callback)
{
    char buf[8];
    int fd = setup();

    ck_assert_int_eq(sxe_send(conn, "hello", 5, on_complete), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_send(conn, "", 0, on_complete), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_test_read(fd, buf, 5, 5.0, NULL), 5);
    ck_assert_uint_eq(completions, 0);
    teardown(fd);
}
END_TEST

START_TEST(test_pending_send_completes_once_and_reads_keep_flowing)
{
    char *big = malloc(BIG);
    int fd = setup();

    for (unsigned i = 0; i < BIG; i++) {
        big[i] = (char)(i * 7);
    }

    ck_assert_int_eq(sxe_send(conn, big, BIG, on_complete), SXE_RETURN_WARN_IN_PROGRESS);
    ck_assert(SXE_IS_SEND_PENDING(conn));
    ck_assert_int_eq(sxe_send(conn, "x", 1, on_complete), SXE_RETURN_ERROR_BAD_STATE);
    ck_assert_int_eq(sxe_write(conn, "x", 1), SXE_RETURN_ERROR_BAD_STATE);
    ck_assert_int_eq(sxe_sendfile(conn, 0, NULL, 1, on_complete), SXE_RETURN_ERROR_BAD_STATE);
    ck_assert_uint_eq(completions, 1); /* sxe_sendfile reports even a refusal through on_complete (classic) */
    ck_assert_int_eq(completion_result, SXE_RETURN_ERROR_BAD_STATE);
    completions = 0;

    /* the peer talks while the send is pending: reads still happen */
    ck_assert_int_eq(write(fd, "during", 6), 6);
    ck_assert(SXE_TEST_RUN_UNTIL(reads == 1, 5.0));
    ck_assert_uint_eq(completions, 0);

    ck_assert_uint_eq(drain(fd, BIG), BIG);
    ck_assert(SXE_TEST_RUN_UNTIL(completions == 1, 5.0));
    ck_assert_int_eq(completion_result, SXE_RETURN_OK);
    ck_assert(!SXE_IS_SEND_PENDING(conn));
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(completions, 1);
    free(big);
    teardown(fd);
}
END_TEST

START_TEST(test_local_close_during_a_pending_send_completes_with_no_connection)
{
    char *big = calloc(1, BIG);
    int fd = setup();

    ck_assert_int_eq(sxe_send(conn, big, BIG, on_complete), SXE_RETURN_WARN_IN_PROGRESS);
    close_in_completion = true;
    ck_assert_int_eq(sxe_close(conn), SXE_RETURN_OK);
    ck_assert_uint_eq(completions, 1); /* from inside sxe_close() */
    ck_assert_int_eq(completion_result, SXE_RETURN_ERROR_NO_CONNECTION);
    ck_assert_uint_eq(closes, 0);
    free(big);
    teardown(fd);
}
END_TEST

START_TEST(test_peer_reset_during_a_pending_send_completes_then_closes)
{
    char *big = calloc(1, BIG);
    int fd = setup();

    ck_assert_int_eq(sxe_send(conn, big, BIG, on_complete), SXE_RETURN_WARN_IN_PROGRESS);
    close(fd); /* unread data: the kernel resets the connection */
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    ck_assert_uint_eq(completions, 1);
    ck_assert(completion_result == SXE_RETURN_ERROR_WRITE_FAILED ||
              completion_result == SXE_RETURN_ERROR_NO_CONNECTION);
    free(big);
    teardown(-1);
}
END_TEST

START_TEST(test_peer_half_close_during_a_pending_send_finishes_the_send_first)
{
    char *big = calloc(1, BIG);
    int fd = setup();

    ck_assert_int_eq(sxe_send(conn, big, BIG, on_complete), SXE_RETURN_WARN_IN_PROGRESS);
    shutdown(fd, SHUT_WR);
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(closes, 0);
    ck_assert_uint_eq(drain(fd, BIG), BIG);
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    ck_assert_uint_eq(completions, 1);
    ck_assert_int_eq(completion_result, SXE_RETURN_OK);
    free(big);
    teardown(fd);
}
END_TEST

static int make_file(unsigned size)
{
    char path[64];
    snprintf(path, sizeof(path), "/tmp/test-sxe-send-%d", getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    ck_assert_int_ge(fd, 0);
    unlink(path);
    char *data = malloc(size);

    for (unsigned i = 0; i < size; i++) {
        data[i] = (char)('a' + i % 26);
    }

    ck_assert_int_eq(write(fd, data, size), (ssize_t)size);
    free(data);
    return fd;
}

START_TEST(test_sendfile_calls_on_complete_at_once_for_a_small_file_and_later_for_a_large_one)
{
    char buf[32];
    off_t offset = 2;
    int file = make_file(BIG);
    int fd = setup();

    ck_assert_int_eq(sxe_sendfile(conn, file, &offset, 10, on_complete), SXE_RETURN_OK);
    ck_assert_uint_eq(completions, 1); /* classic: synchronously, inside the call */
    ck_assert_int_eq(completion_result, SXE_RETURN_OK);
    ck_assert(!SXE_IS_SEND_PENDING(conn)); /* settled before the callback */
    ck_assert_int_eq(offset, 12);
    ck_assert_int_eq(sxe_test_read(fd, buf, 10, 5.0, NULL), 10);
    ck_assert_int_eq(memcmp(buf, "cdefghijkl", 10), 0);

    offset = 0;
    ck_assert_int_eq(sxe_sendfile(conn, file, &offset, BIG, on_complete), SXE_RETURN_WARN_IN_PROGRESS);
    ck_assert_uint_eq(completions, 1);
    ck_assert_uint_eq(drain(fd, BIG), BIG);
    ck_assert(SXE_TEST_RUN_UNTIL(completions == 2, 5.0));
    ck_assert_int_eq(completion_result, SXE_RETURN_OK);
    ck_assert_int_eq(offset, BIG);
    close(file);
    teardown(fd);
}
END_TEST

START_TEST(test_sendfile_of_a_file_shorter_than_announced_ends_with_end_of_file)
{
    off_t offset = 0;
    int file = make_file(100);
    int fd = setup();

    ck_assert_int_eq(sxe_sendfile(conn, file, &offset, 200, on_complete), SXE_RETURN_WARN_IN_PROGRESS);
    ck_assert(SXE_TEST_RUN_UNTIL(completions == 1, 5.0));
    ck_assert_int_eq(completion_result, SXE_RETURN_END_OF_FILE);
    ck_assert_int_eq(sxe_sendfile(conn, file, &offset, 10, on_complete), SXE_RETURN_END_OF_FILE); /* at once */
    ck_assert_uint_eq(completions, 2);
    ck_assert_int_eq(completion_result, SXE_RETURN_END_OF_FILE);
    close(file);
    teardown(fd);
}
END_TEST

START_TEST(test_sendfile_reports_every_immediate_error_through_on_complete_too)
{
    int fd = setup();

    ck_assert_int_eq(sxe_sendfile(conn, -1, NULL, 10, on_complete), SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_uint_eq(completions, 1);
    ck_assert_int_eq(completion_result, SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(sxe_sendfile(conn, 1000, NULL, 10, on_complete), SXE_RETURN_ERROR_WRITE_FAILED); /* EBADF */
    ck_assert_uint_eq(completions, 2);
    ck_assert_int_eq(completion_result, SXE_RETURN_ERROR_WRITE_FAILED);
    ck_assert_int_eq(sxe_send(conn, NULL, 10, on_complete), SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_uint_eq(completions, 2); /* sxe_send keeps the completion rule: no callback for an immediate result */
    ck_assert_int_eq(sxe_sendfile(conn, 0, NULL, 0, NULL), SXE_RETURN_OK); /* no on_complete: nothing to call */
    teardown(fd);
}
END_TEST

/* A classic chain: each completion sends the next part; parts that go out at once nest, as in classic SXE. */
static int chain_file;
static off_t chain_offset;
static unsigned chain_parts;

static void on_chain_complete(SXE *this, SXE_RETURN result)
{
    ck_assert_int_eq(result, SXE_RETURN_OK);

    if (++chain_parts < 10) {
        sxe_sendfile(this, chain_file, &chain_offset, 10, on_chain_complete);
    }
}

START_TEST(test_a_classic_sendfile_chain_sends_every_part_when_each_completes_at_once)
{
    char buf[100];
    int fd = setup();

    chain_file = make_file(100);
    chain_offset = 0;
    chain_parts = 0;
    ck_assert_int_eq(sxe_sendfile(conn, chain_file, &chain_offset, 10, on_chain_complete), SXE_RETURN_OK);
    ck_assert_uint_eq(chain_parts, 10);
    ck_assert_int_eq(sxe_test_read(fd, buf, 100, 5.0, NULL), 100);
    ck_assert_int_eq(buf[99], 'a' + 99 % 26);
    close(chain_file);
    teardown(fd);
}
END_TEST

START_TEST(test_send_buffers_sends_a_list_in_order_at_once_without_a_callback)
{
    SXE_BUFFER buffers[3];
    SXE_LIST list;
    char buf[32] = "";
    int fd = setup();

    sxe_buffer_construct_const(&buffers[0], "Hello", 5);
    sxe_buffer_construct_const(&buffers[1], ", world!", 8);
    sxe_buffer_construct_const(&buffers[2], "", 0);
    sxe_buffer_list_construct(&list);
    sxe_list_push(&list, &buffers[0]);
    sxe_list_push(&list, &buffers[2]); /* an empty buffer is skipped */
    sxe_list_push(&list, &buffers[1]);
    ck_assert_int_eq(sxe_send_buffers(conn, &list, on_complete), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_test_read(fd, buf, 13, 5.0, NULL), 13);
    ck_assert_str_eq(buf, "Hello, world!");
    ck_assert_uint_eq(buffers[1].sent, 8);
    ck_assert_uint_eq(SXE_LIST_GET_LENGTH(&list), 3); /* the list is the caller's: unchanged */
    ck_assert_int_eq(sxe_send_buffers(conn, &list, on_complete), SXE_RETURN_OK); /* nothing left to send */
    ck_assert_uint_eq(completions, 0);
    ck_assert_int_eq(sxe_send_buffers(conn, NULL, on_complete), SXE_RETURN_ERROR_BAD_PARAMETER);
    teardown(fd);
}
END_TEST

#define PARTS     128 /* 8 MiB: more than a loopback socket takes at once */
#define PART_SIZE 65536

START_TEST(test_send_buffers_of_more_than_the_socket_takes_completes_once_later_with_every_byte_in_order)
{
    static SXE_BUFFER buffers[PARTS];
    static char data[PARTS][PART_SIZE];
    static char received_data[PARTS * PART_SIZE];
    SXE_LIST list;
    size_t got = 0;
    ssize_t n;
    int fd = setup();

    sxe_buffer_list_construct(&list);

    for (unsigned i = 0; i < PARTS; i++) {
        memset(data[i], 'A' + (int)i % 26, PART_SIZE);
        sxe_buffer_construct(&buffers[i], data[i], PART_SIZE, PART_SIZE);
        sxe_list_push(&list, &buffers[i]);
    }

    ck_assert_int_eq(sxe_send_buffers(conn, &list, on_complete), SXE_RETURN_IN_PROGRESS);
    ck_assert(SXE_IS_SEND_PENDING(conn));
    ck_assert_int_eq(sxe_send(conn, "x", 1, on_complete), SXE_RETURN_ERROR_BAD_STATE);

    while (got < sizeof(received_data) &&
           (n = sxe_test_read(fd, received_data + got, sizeof(received_data) - got, 5.0, NULL)) > 0) {
        got += (size_t)n;
    }

    ck_assert_uint_eq(got, sizeof(received_data));
    ck_assert(SXE_TEST_RUN_UNTIL(completions == 1, 5.0));
    ck_assert_int_eq(completion_result, SXE_RETURN_OK);

    for (unsigned i = 0; i < PARTS; i++) {
        ck_assert_int_eq(received_data[i * PART_SIZE], 'A' + (int)i % 26);
        ck_assert_int_eq(received_data[i * PART_SIZE + PART_SIZE - 1], 'A' + (int)i % 26);
        ck_assert_uint_eq(buffers[i].sent, PART_SIZE);
    }

    teardown(fd);
}
END_TEST

static unsigned writable_calls;
static SXE_RETURN writable_result;

static void on_writable(SXE *this, SXE_RETURN result)
{
    SXE_UNUSED_ARGUMENT(this);
    writable_calls++;
    writable_result = result;
}

START_TEST(test_notify_writable_calls_back_once_when_a_full_socket_drains_and_reads_go_on)
{
    static char chunk[65536];
    size_t written = 0;
    int fd = setup();

    writable_calls = 0;

    while (sxe_write(conn, chunk, sizeof(chunk)) == SXE_RETURN_OK || SXE_LAST_WRITE_LENGTH(conn) > 0) {
        written += SXE_LAST_WRITE_LENGTH(conn); /* fill the socket until a write would block */
    }

    sxe_notify_writable(conn, on_writable);
    ck_assert(SXE_IS_SEND_PENDING(conn));
    ck_assert_int_eq(write(fd, "talk", 4), 4); /* reading goes on while waiting */
    ck_assert(SXE_TEST_RUN_UNTIL(reads == 1, 5.0));
    ck_assert_uint_eq(writable_calls, 0);
    ck_assert_uint_eq(drain(fd, written), written);
    ck_assert(SXE_TEST_RUN_UNTIL(writable_calls == 1, 5.0));
    ck_assert_int_eq(writable_result, SXE_RETURN_OK);
    ck_assert(!SXE_IS_SEND_PENDING(conn));
    ck_assert_int_eq(SXE_WRITE_LITERAL(conn, "x"), SXE_RETURN_OK);
    sxe_test_run_for(0.02);
    ck_assert_uint_eq(writable_calls, 1);
    teardown(fd);
}
END_TEST

START_TEST(test_notify_writable_reports_at_once_when_it_cannot_wait_and_a_close_ends_the_wait)
{
    static char chunk[65536];
    int fd = setup();

    writable_calls = 0;
    sxe_notify_writable(sxe_object(0), on_writable); /* the listener: not a connection */
    ck_assert_uint_eq(writable_calls, 1);
    ck_assert_int_eq(writable_result, SXE_RETURN_ERROR_NO_CONNECTION);

    while (sxe_write(conn, chunk, sizeof(chunk)) == SXE_RETURN_OK) {
    }

    sxe_notify_writable(conn, on_writable);
    sxe_notify_writable(conn, on_writable); /* already waiting */
    ck_assert_uint_eq(writable_calls, 2);
    ck_assert_int_eq(writable_result, SXE_RETURN_ERROR_BAD_STATE);
    sxe_close(conn);
    ck_assert_uint_eq(writable_calls, 3);
    ck_assert_int_eq(writable_result, SXE_RETURN_ERROR_NO_CONNECTION);
    conn = NULL;
    close(fd);
    sxe_close(sxe_object(0));
    sxe_test_fini();
}
END_TEST

static unsigned sends;

static ssize_t send_then_fail(int fd, const void *buf, size_t len, int flags)
{
    if (sends++ == 0) {
        return send(fd, buf, len < 3 ? len : 3, flags);
    }

    errno = ECONNRESET;
    return -1;
}

START_TEST(test_a_peer_reset_after_a_partial_send_completes_with_no_connection)
{
    int fd = setup();

    sxe_syscalls.send = send_then_fail;
    ck_assert_int_eq(sxe_send(conn, "abcdefgh", 8, on_complete), SXE_RETURN_WARN_IN_PROGRESS);
    ck_assert(SXE_TEST_RUN_UNTIL(completions == 1, 5.0));
    ck_assert_int_eq(completion_result, SXE_RETURN_ERROR_NO_CONNECTION); /* ECONNRESET, classic */
    ck_assert_int_eq(sxe_send(conn, "abcdefgh", 8, on_complete), SXE_RETURN_ERROR_NO_CONNECTION); /* at once */
    ck_assert_uint_eq(completions, 1);
    sxe_syscalls_restore();
    teardown(fd);
}
END_TEST

static ssize_t send_three_then_eagain(int fd, const void *buf, size_t len, int flags)
{
    if (sends++ == 0) {
        return send(fd, buf, len < 3 ? len : 3, flags);
    }

    errno = EAGAIN;
    return -1;
}

START_TEST(test_send_left_pending_by_on_close_completes_with_no_connection_before_the_free)
{
    char buf[8];
    int fd = setup();

    send_in_close = true;
    sxe_syscalls.send = send_three_then_eagain; /* the final reply cannot finish at once */
    shutdown(fd, SHUT_WR);
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    ck_assert_int_eq(send_in_close_result, SXE_RETURN_WARN_IN_PROGRESS);
    ck_assert_uint_eq(completions, 1); /* exactly once, before the object was freed */
    ck_assert_int_eq(completion_result, SXE_RETURN_ERROR_NO_CONNECTION);
    ck_assert_uint_eq(in_use_at_completion, 2);
    ck_assert_uint_eq(sxe_get_number_in_use(), 1);
    sxe_syscalls_restore();
    ck_assert_int_eq(sxe_test_read(fd, buf, 8, 5.0, NULL), 3); /* what went out at once, then end of file */
    ck_assert_int_eq(memcmp(buf, "abc", 3), 0);
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(completions, 1);
    teardown(fd);
}
END_TEST

static ssize_t send_eagain(int fd, const void *buf, size_t len, int flags)
{
    (void)fd, (void)buf, (void)len, (void)flags;
    errno = EAGAIN;
    return -1;
}

START_TEST(test_send_from_a_completion_inside_sxe_close_fails_at_once)
{
    int fd = setup();

    sxe_syscalls.send = send_eagain;
    ck_assert_int_eq(sxe_send(conn, "abc", 3, on_complete), SXE_RETURN_WARN_IN_PROGRESS);
    send_in_completion = true;
    ck_assert_int_eq(sxe_close(conn), SXE_RETURN_OK);
    ck_assert_uint_eq(completions, 1);
    ck_assert_int_eq(completion_result, SXE_RETURN_ERROR_NO_CONNECTION);
    ck_assert_int_eq(send_in_completion_result, SXE_RETURN_ERROR_NO_CONNECTION); /* nothing may outlive it */
    sxe_syscalls_restore();
    teardown(fd);
}
END_TEST

SXE_TEST_MAIN("sxe-send", test_send_that_completes_at_once_returns_ok_without_callback,
              test_pending_send_completes_once_and_reads_keep_flowing,
              test_local_close_during_a_pending_send_completes_with_no_connection,
              test_peer_reset_during_a_pending_send_completes_then_closes,
              test_peer_half_close_during_a_pending_send_finishes_the_send_first,
              test_sendfile_calls_on_complete_at_once_for_a_small_file_and_later_for_a_large_one,
              test_sendfile_of_a_file_shorter_than_announced_ends_with_end_of_file,
              test_sendfile_reports_every_immediate_error_through_on_complete_too,
              test_a_classic_sendfile_chain_sends_every_part_when_each_completes_at_once,
              test_send_buffers_sends_a_list_in_order_at_once_without_a_callback,
              test_send_buffers_of_more_than_the_socket_takes_completes_once_later_with_every_byte_in_order,
              test_notify_writable_calls_back_once_when_a_full_socket_drains_and_reads_go_on,
              test_notify_writable_reports_at_once_when_it_cannot_wait_and_a_close_ends_the_wait,
              test_a_peer_reset_after_a_partial_send_completes_with_no_connection,
              test_send_left_pending_by_on_close_completes_with_no_connection_before_the_free,
              test_send_from_a_completion_inside_sxe_close_fails_at_once)
