/* test-sxe-close.c: the close rule, closing inside callbacks, half-close. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "sxe-test.h"
#include "../../test/sxe-check.h"

static SXE *conn;
static unsigned closes;
static unsigned reads;
static SXE_RETURN reason;
static int zero_reads;
static unsigned buffered_at_close;

static void on_connected(SXE *this)
{
    conn = this;
}

static void on_read_close_inside(SXE *this, int length)
{
    (void)length;
    reads++;
    ck_assert_int_eq(sxe_close(this), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_close(this), SXE_RETURN_WARN_ALREADY_CLOSED); /* twice: a warning, not a crash */
}

static void on_read_keep(SXE *this, int length)
{
    (void)this;
    reads++;

    if (length == 0) {
        zero_reads++; /* half-close notice */
        ck_assert(SXE_IS_PEER_CLOSED(this));
        ck_assert_int_eq(sxe_write(this, "bye", 3), SXE_RETURN_OK);
        sxe_close(this);
    }
}

static void on_close_count(SXE *this)
{
    closes++;
    reason = SXE_CLOSE_REASON(this);
    buffered_at_close = SXE_BUF_USED(this);
    ck_assert_int_eq(sxe_write(this, "last words", 10), SXE_RETURN_OK); /* socket still open in on_close */
}

static void on_close_closes(SXE *this)
{
    closes++;
    ck_assert_int_eq(sxe_close(this), SXE_RETURN_OK); /* closing inside on_close is fine */
}

static void on_connected_close(SXE *this)
{
    conn = this;
    sxe_close(this);
}

static SXE *listen_with(SXE_IN_EVENT_CONNECTED c, SXE_IN_EVENT_READ r, SXE_IN_EVENT_CLOSE cl)
{
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, c, r, cl);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    return listener;
}

START_TEST(test_close_inside_read_callback_is_safe_and_double_close_warns)
{
    bool eof;
    char buf[4];

    sxe_test_init(2, 0);
    sxe_test_capture_log("already closed");
    SXE *listener = listen_with(on_connected, on_read_close_inside, on_close_count);
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert_int_eq(write(fd, "x", 1), 1);
    ck_assert(SXE_TEST_RUN_UNTIL(reads == 1, 5.0));
    ck_assert_int_eq(sxe_test_read(fd, buf, 1, 5.0, &eof), 0);
    ck_assert(eof);
    ck_assert_uint_eq(closes, 0); /* a local close never calls on_close */
    ck_assert_uint_eq(sxe_test_captured_lines(), 1);
    ck_assert_uint_eq(sxe_get_number_in_use(), 1);
    close(fd);
    sxe_close(listener);
    ck_assert_int_eq(sxe_close(listener), SXE_RETURN_WARN_ALREADY_CLOSED);
    sxe_test_fini();
}
END_TEST

START_TEST(test_peer_close_calls_on_close_once_with_the_buffer_and_socket_still_valid)
{
    char buf[16];
    bool eof;

    sxe_test_init(2, 0);
    SXE *listener = listen_with(on_connected, on_read_keep, on_close_count);
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert_int_eq(write(fd, "unconsumed", 10), 10);
    ck_assert(SXE_TEST_RUN_UNTIL(reads == 1, 5.0));
    shutdown(fd, SHUT_WR);
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    ck_assert_int_eq(reason, SXE_RETURN_END_OF_FILE);
    ck_assert_uint_eq(buffered_at_close, 10);
    ck_assert_int_eq(sxe_test_read(fd, buf, 10, 5.0, &eof), 10); /* the reply written in on_close arrives */
    ck_assert_int_eq(memcmp(buf, "last words", 10), 0);
    ck_assert_int_eq(sxe_test_read(fd, buf, 1, 5.0, &eof), 0);
    ck_assert(eof);
    ck_assert_uint_eq(sxe_get_number_in_use(), 1);
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(closes, 1);
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_half_close_mode_lets_the_application_reply_then_close)
{
    char buf[16];
    bool eof;

    sxe_test_init(2, 0);
    SXE *listener = listen_with(on_connected, on_read_keep, on_close_count);
    sxe_set_half_close(listener, true);
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert_int_eq(write(fd, "request", 7), 7);
    shutdown(fd, SHUT_WR);
    ck_assert(SXE_TEST_RUN_UNTIL(zero_reads == 1, 5.0));
    ck_assert_int_eq(sxe_test_read(fd, buf, 3, 5.0, &eof), 3);
    ck_assert_int_eq(memcmp(buf, "bye", 3), 0);
    ck_assert_int_eq(sxe_test_read(fd, buf, 1, 5.0, &eof), 0);
    ck_assert(eof);
    ck_assert_uint_eq(closes, 0); /* the application closed: no on_close */
    close(fd);
    sxe_set_half_close(listener, false);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_close_inside_on_close_and_on_connected_is_safe)
{
    bool eof;
    char buf[4];

    sxe_test_init(2, 0);
    SXE *listener = listen_with(on_connected, on_read_keep, on_close_closes);
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(conn != NULL, 5.0));
    close(fd);
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    ck_assert_uint_eq(sxe_get_number_in_use(), 1);
    sxe_close(listener);

    conn = NULL;
    listener = listen_with(on_connected_close, on_read_keep, on_close_count);
    fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert_int_eq(sxe_test_read(fd, buf, 1, 5.0, &eof), 0);
    ck_assert(eof);
    ck_assert_ptr_nonnull(conn);
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

static ssize_t recv_fails(int fd, void *buf, size_t len, int flags)
{
    (void)fd, (void)buf, (void)len, (void)flags;
    errno = EIO;
    return -1;
}

START_TEST(test_read_error_calls_on_close_with_read_failed)
{
    sxe_test_init(2, 0);
    SXE *listener = listen_with(on_connected, on_read_keep, on_close_count);
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(conn != NULL, 5.0));
    sxe_syscalls.recv = recv_fails;
    ck_assert_int_eq(write(fd, "x", 1), 1);
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    ck_assert_int_eq(reason, SXE_RETURN_ERROR_READ_FAILED);
    sxe_syscalls_restore();
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

static ssize_t recv_eagain(int fd, void *buf, size_t len, int flags)
{
    (void)fd, (void)buf, (void)len, (void)flags;
    errno = EAGAIN;
    return -1;
}

START_TEST(test_spurious_wakeup_is_ignored)
{
    sxe_test_init(2, 0);
    SXE *listener = listen_with(on_connected, on_read_keep, on_close_count);
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(conn != NULL, 5.0));
    sxe_syscalls.recv = recv_eagain;
    ck_assert_int_eq(write(fd, "x", 1), 1);
    sxe_test_run_for(0.02);
    ck_assert_uint_eq(closes, 0);
    ck_assert_uint_eq(reads, 0);
    sxe_syscalls_restore();
    ck_assert(SXE_TEST_RUN_UNTIL(reads == 1, 5.0));
    close(fd);
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

static int shutdown_einval(int fd, int how)
{
    (void)fd, (void)how;
    errno = EINVAL;
    return -1;
}

START_TEST(test_sxe_shutdown_ends_the_output_and_reading_goes_on)
{
    char buf[16];
    bool eof;

    sxe_test_init(2, 0);
    SXE *listener = listen_with(on_connected, on_read_keep, on_close_closes);
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(conn != NULL, 5.0));
    ck_assert_int_eq(sxe_write(conn, "tail", 4), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_shutdown(conn), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_test_read(fd, buf, 4, 5.0, &eof), 4); /* what was written before, then the end */
    ck_assert_int_eq(sxe_test_read(fd, buf, 1, 5.0, &eof), 0);
    ck_assert(eof);
    ck_assert_int_eq(sxe_write(conn, "more", 4), SXE_RETURN_ERROR_NO_CONNECTION); /* the output is over */
    ck_assert_int_eq(write(fd, "x", 1), 1);
    ck_assert(SXE_TEST_RUN_UNTIL(reads == 1, 5.0)); /* the input is not */
    sxe_syscalls.shutdown = shutdown_einval;
    ck_assert_int_eq(sxe_shutdown(conn), SXE_RETURN_ERROR_WRITE_FAILED);
    ck_assert_int_eq(sxe_last_errno(), EINVAL);
    sxe_syscalls_restore();
    close(fd);
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-close", test_close_inside_read_callback_is_safe_and_double_close_warns,
              test_peer_close_calls_on_close_once_with_the_buffer_and_socket_still_valid,
              test_half_close_mode_lets_the_application_reply_then_close,
              test_close_inside_on_close_and_on_connected_is_safe, test_read_error_calls_on_close_with_read_failed,
              test_spurious_wakeup_is_ignored, test_sxe_shutdown_ends_the_output_and_reading_goes_on)
