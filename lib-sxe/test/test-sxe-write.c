/* test-sxe-write.c: sxe_write sends at once and reports partial writes and errors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sxe-test.h"
#include "../../test/sxe-check.h"

static SXE *conn;

static void on_connected(SXE *this)
{
    conn = this;
}

static void on_read(SXE *this, int length)
{
    (void)length;
    SXE_BUF_CLEAR(this);
}

static ssize_t send_half(int fd, const void *buf, size_t len, int flags)
{
    return send(fd, buf, len / 2, flags);
}

static ssize_t send_eagain(int fd, const void *buf, size_t len, int flags)
{
    (void)fd, (void)buf, (void)len, (void)flags;
    errno = EAGAIN;
    return -1;
}

static ssize_t send_epipe(int fd, const void *buf, size_t len, int flags)
{
    (void)fd, (void)buf, (void)len, (void)flags;
    errno = EPIPE;
    return -1;
}

static int setup(void)
{
    sxe_test_init(2, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(conn != NULL, 5.0));
    return fd;
}

START_TEST(test_partial_write_returns_would_block_and_the_length_sent)
{
    char buf[16];
    int fd = setup();

    sxe_syscalls.send = send_half;
    ck_assert_int_eq(sxe_write(conn, "12345678", 8), SXE_RETURN_WARN_WOULD_BLOCK);
    ck_assert_uint_eq(SXE_LAST_WRITE_LENGTH(conn), 4);
    ck_assert_int_eq(sxe_test_read(fd, buf, 4, 5.0, NULL), 4);
    ck_assert_int_eq(memcmp(buf, "1234", 4), 0);

    sxe_syscalls.send = send_eagain;
    ck_assert_int_eq(sxe_write(conn, "x", 1), SXE_RETURN_WARN_WOULD_BLOCK);
    ck_assert_uint_eq(SXE_LAST_WRITE_LENGTH(conn), 0);

    sxe_syscalls.send = send_epipe;
    ck_assert_int_eq(sxe_write(conn, "x", 1), SXE_RETURN_ERROR_NO_CONNECTION); /* classic: the peer is gone */
    ck_assert_uint_eq(SXE_LAST_WRITE_LENGTH(conn), 0);
    sxe_syscalls_restore();
    close(fd);
    sxe_close(sxe_object(0));
    sxe_test_fini();
}
END_TEST

START_TEST(test_write_to_a_peer_that_does_not_read_fills_up_and_reports_it)
{
    unsigned size = 16 * 1024 * 1024;
    char *big = calloc(1, size);
    int fd = setup();

    ck_assert_int_eq(sxe_write(conn, big, size), SXE_RETURN_WARN_WOULD_BLOCK);
    ck_assert_uint_gt(SXE_LAST_WRITE_LENGTH(conn), 0);
    ck_assert_uint_lt(SXE_LAST_WRITE_LENGTH(conn), size);
    free(big);
    close(fd);
    sxe_close(sxe_object(0));
    sxe_close(conn);
    sxe_test_fini();
}
END_TEST

START_TEST(test_write_on_an_unconnected_object_is_an_error)
{
    sxe_test_init(1, 0);
    SXE *this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_write(this, "x", 1), SXE_RETURN_ERROR_NO_CONNECTION);
    ck_assert_int_eq(sxe_send(this, "x", 1, NULL), SXE_RETURN_ERROR_NO_CONNECTION);
    sxe_close(this);
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-write", test_partial_write_returns_would_block_and_the_length_sent,
              test_write_to_a_peer_that_does_not_read_fills_up_and_reports_it,
              test_write_on_an_unconnected_object_is_an_error)
