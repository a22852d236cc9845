/* test-sxe-timeout.c: idle timeouts on pool states: inherited from the listener, reset by activity (including the
 * peer acknowledging a pending send), and the acknowledged-bytes measure itself.
 */
#include <linux/tcp.h>
#include <string.h>
#include <unistd.h>

#include "sxe-test.h"
#include "../../test/sxe-check.h"

static unsigned closes;
static SXE_RETURN reason;
static SXE *conn;
static double closed_at;

static void on_connected(SXE *this)
{
    conn = this;
}

static void on_read(SXE *this, int length)
{
    (void)length;
    SXE_BUF_CLEAR(this);
}

static void on_close(SXE *this)
{
    closes++;
    reason = SXE_CLOSE_REASON(this);
    closed_at = sxe_get_time_in_seconds();
}

START_TEST(test_idle_connection_is_closed_with_timeout_reason)
{
    char buf[4];
    bool eof;
    SXE_COUNTERS counters;

    sxe_test_init(2, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, on_close);
    ck_assert_int_eq(sxe_set_idle_timeout(listener, 0.2), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    double start = sxe_get_time_in_seconds();
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    ck_assert_int_eq(reason, SXE_RETURN_ERROR_TIMEOUT);
    ck_assert(closed_at - start >= 0.15);
    ck_assert_int_eq(sxe_test_read(fd, buf, 1, 5.0, &eof), 0);
    ck_assert(eof);
    sxe_get_counters(&counters);
    ck_assert_uint_eq(counters.timeouts, 1);
    ck_assert_uint_eq(sxe_get_number_in_use(), 1); /* the listener itself never times out */
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_activity_keeps_a_connection_alive)
{
    sxe_test_init(2, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, on_close);
    ck_assert_int_eq(sxe_set_idle_timeout(listener, 0.6), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));

    for (unsigned i = 0; i < 10; i++) { /* 1 s of activity every 0.1 s, longer than the timeout */
        ck_assert_int_eq(write(fd, "x", 1), 1);
        sxe_test_run_for(0.1);
    }

    ck_assert_uint_eq(closes, 0);
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0)); /* then silence: closed */
    ck_assert_int_eq(reason, SXE_RETURN_ERROR_TIMEOUT);
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_per_object_idle_timeout_can_be_changed_and_removed)
{
    sxe_test_init(2, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, on_close);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(conn != NULL, 5.0));
    ck_assert_int_eq(sxe_set_idle_timeout(conn, 0.1), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_set_idle_timeout(conn, 0), SXE_RETURN_OK); /* removed */
    sxe_test_run_for(0.3);
    ck_assert_uint_eq(closes, 0);
    ck_assert_int_eq(sxe_set_idle_timeout(conn, 0.1), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_timeout_classes_are_limited_and_shared)
{
    SXE *objects[SXE_TIMEOUT_CLASSES_MAXIMUM + 1];

    sxe_test_init(SXE_TIMEOUT_CLASSES_MAXIMUM + 2, 0);

    for (unsigned i = 0; i <= SXE_TIMEOUT_CLASSES_MAXIMUM; i++) {
        objects[i] = sxe_new_tcp(NULL, NULL, 0, NULL, on_read, NULL);
    }

    for (unsigned i = 0; i < SXE_TIMEOUT_CLASSES_MAXIMUM; i++) {
        ck_assert_int_eq(sxe_set_idle_timeout(objects[i], 10.0 + i), SXE_RETURN_OK);
    }

    ck_assert_int_eq(sxe_set_idle_timeout(objects[SXE_TIMEOUT_CLASSES_MAXIMUM], 99.0), SXE_RETURN_ERROR_NOT_SUPPORTED);
    ck_assert_int_eq(sxe_set_connect_timeout(objects[SXE_TIMEOUT_CLASSES_MAXIMUM], 10.0), SXE_RETURN_OK); /* shared */
    ck_assert_int_eq(sxe_set_idle_timeout(objects[0], -1.0), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_close(objects[1]); /* frees the 11 s class */
    ck_assert_int_eq(sxe_set_idle_timeout(objects[SXE_TIMEOUT_CLASSES_MAXIMUM], 99.0), SXE_RETURN_OK);

    for (unsigned i = 0; i <= SXE_TIMEOUT_CLASSES_MAXIMUM; i++) {
        if (i != 1) {
            sxe_close(objects[i]);
        }
    }

    sxe_test_fini();
}
END_TEST

#define BIG_SEND (16 * 1024 * 1024) /* more than both socket buffers hold: the send stays pending */

static char big[BIG_SEND];
static unsigned long long fake_acked; /* what the fake TCP_INFO says the peer acknowledged */
static unsigned long long fake_step;  /* added at each call */
static SXE_RETURN send_result;

static int getsockopt_fake_acked(int fd, int level, int name, void *value, socklen_t *len)
{
    if (level == IPPROTO_TCP && name == TCP_INFO) {
        struct tcp_info info;

        memset(&info, 0, sizeof(info));
        fake_acked += fake_step;
        info.tcpi_bytes_acked = fake_acked;
        *len = *len < sizeof(info) ? *len : (socklen_t)sizeof(info);
        memcpy(value, &info, *len);
        return 0;
    }

    return getsockopt(fd, level, name, value, len);
}

static void on_complete_ignored(SXE *this, SXE_RETURN result)
{
    (void)this, (void)result;
}

static void on_connected_send_big(SXE *this)
{
    conn = this;
    send_result = sxe_send(this, big, sizeof(big), on_complete_ignored);
}

/* A reader whose socket buffer is large gets no write event for a long time while it reads steadily: the peer's
 * acknowledgements (faked through the system-call seam, to be exact and fast) are its activity.
 */
START_TEST(test_a_pending_send_the_peer_keeps_acknowledging_is_not_idle)
{
    sxe_test_init(2, 0);
    sxe_syscalls.getsockopt = getsockopt_fake_acked;
    fake_step = 1000;
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected_send_big, on_read, on_close);
    ck_assert_int_eq(sxe_set_idle_timeout(listener, 0.2), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener)); /* reads nothing: the send stays pending */
    ck_assert(SXE_TEST_RUN_UNTIL(conn != NULL, 5.0));
    ck_assert_int_eq(send_result, SXE_RETURN_WARN_IN_PROGRESS);
    sxe_test_run_for(1.0); /* five idle timeouts, each finding the peer's acknowledgements moved */
    ck_assert_uint_eq(closes, 0);
    fake_step = 0; /* the peer stops acknowledging: idle */
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    ck_assert_int_eq(reason, SXE_RETURN_ERROR_TIMEOUT);
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

static void on_connected_write_100(SXE *this)
{
    conn = this;
    ck_assert_int_eq(sxe_write(this, big, 100), SXE_RETURN_OK);
}

START_TEST(test_bytes_acknowledged_count_what_the_tcp_peer_received)
{
    unsigned long long acked = 1;
    char buf[100];
    bool eof;

    sxe_test_init(3, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected_write_100, on_read, on_close);
    ck_assert_int_eq(sxe_get_bytes_acknowledged(listener, &acked), SXE_RETURN_ERROR_NO_CONNECTION);
    ck_assert_uint_eq(acked, 0);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert_int_eq(sxe_test_read(fd, buf, sizeof(buf), 5.0, &eof), 100);
    ck_assert(SXE_TEST_RUN_UNTIL(sxe_get_bytes_acknowledged(conn, &acked) == SXE_RETURN_OK && acked == 100, 5.0));

    SXE *udp = sxe_new_udp(NULL, "127.0.0.1", 0, on_read); /* no acknowledgements outside TCP */
    ck_assert_int_eq(sxe_listen(udp), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_get_bytes_acknowledged(udp, &acked), SXE_RETURN_ERROR_NOT_SUPPORTED);
    ck_assert_uint_eq(acked, 0);
    sxe_close(udp);
    close(fd);
    sxe_close(conn);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-timeout", test_idle_connection_is_closed_with_timeout_reason, test_activity_keeps_a_connection_alive,
              test_per_object_idle_timeout_can_be_changed_and_removed, test_timeout_classes_are_limited_and_shared,
              test_a_pending_send_the_peer_keeps_acknowledging_is_not_idle,
              test_bytes_acknowledged_count_what_the_tcp_peer_received)
