/* test-sxe-connect.c: non-blocking connect: success, refusal, timeout, synchronous errors. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "sxe-test.h"
#include "../../test/sxe-check.h"

static unsigned connects;
static unsigned closes;
static SXE_RETURN reason;

static void on_connected(SXE *this)
{
    (void)this;
    connects++;
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
}

START_TEST(test_connect_to_a_closed_port_calls_on_close_with_refused)
{
    SXE_COUNTERS counters;

    sxe_test_init(1, 0);
    SXE *client = sxe_new_tcp(NULL, NULL, 0, on_connected, on_read, on_close);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", sxe_test_unused_port()), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    ck_assert_int_eq(reason, SXE_RETURN_ERROR_CONNECTION_REFUSED);
    ck_assert_uint_eq(connects, 0);
    ck_assert_uint_eq(sxe_get_number_in_use(), 0); /* freed after on_close */
    sxe_get_counters(&counters);
    ck_assert_uint_eq(counters.connect_failed, 1);
    sxe_test_fini();
}
END_TEST

START_TEST(test_connect_timeout_fires_when_the_peer_never_answers)
{
    int fillers[8];
    unsigned filled = 0;
    SXE_COUNTERS counters;

    sxe_test_init(2, 0);
    /* a listener with backlog 1 that never accepts: once its queue is full, SYNs are dropped */
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_listen_with_backlog(listener, 0, 1), SXE_RETURN_OK);
    sxe_pause(listener);

    for (; filled < 8; filled++) {
        SXE_SOCKADDR addr;
        sxe_parse_address(&addr, "127.0.0.1", SXE_LOCAL_PORT(listener));
        fillers[filled] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        connect(fillers[filled], &addr.sa, sizeof(addr.in));
    }

    SXE *client = sxe_new_tcp(NULL, "0.0.0.0", 0, on_connected, on_read, on_close);
    ck_assert_int_eq(sxe_set_connect_timeout(client, 0.2), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", SXE_LOCAL_PORT(listener)), SXE_RETURN_OK);
    double start = sxe_get_time_in_seconds();
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    ck_assert_int_eq(reason, SXE_RETURN_ERROR_TIMEOUT);
    ck_assert(sxe_get_time_in_seconds() - start >= 0.15);
    ck_assert_uint_eq(connects, 0);
    sxe_get_counters(&counters);
    ck_assert_uint_eq(counters.timeouts, 1);

    for (unsigned i = 0; i < filled; i++) {
        close(fillers[i]);
    }

    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_connect_timeout_does_not_fire_after_connecting)
{
    sxe_test_init(3, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    SXE *client = sxe_new_tcp(NULL, "0.0.0.0", 0, on_connected, on_read, on_close);
    ck_assert_int_eq(sxe_set_connect_timeout(client, 0.1), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", SXE_LOCAL_PORT(listener)), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(connects == 1, 5.0));
    sxe_test_run_for(0.3);
    ck_assert_uint_eq(closes, 0);
    ck_assert_uint_ne(SXE_LOCAL_PORT(client), 0);
    sxe_close(client);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

static int connect_refused(int fd, const struct sockaddr *addr, socklen_t len)
{
    (void)fd, (void)addr, (void)len;
    errno = ECONNREFUSED;
    return -1;
}

static int connect_eperm(int fd, const struct sockaddr *addr, socklen_t len)
{
    (void)fd, (void)addr, (void)len;
    errno = EPERM;
    return -1;
}

static int socket_emfile(int domain, int type, int protocol)
{
    (void)domain, (void)type, (void)protocol;
    errno = EMFILE;
    return -1;
}

static int getsockopt_fails(int fd, int level, int name, void *value, socklen_t *len)
{
    (void)fd, (void)level, (void)name, (void)value, (void)len;
    errno = EBADF;
    return -1;
}

START_TEST(test_immediate_connect_failure_is_reported_through_on_close_from_the_loop)
{
    sxe_test_init(1, 0);
    sxe_syscalls.connect = connect_refused;
    SXE *client = sxe_new_tcp(NULL, NULL, 0, on_connected, on_read, on_close);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", 9), SXE_RETURN_OK);
    ck_assert_uint_eq(closes, 0); /* not from inside sxe_connect() */
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    ck_assert_int_eq(reason, SXE_RETURN_ERROR_CONNECTION_REFUSED);
    sxe_test_fini();
}
END_TEST

START_TEST(test_local_connect_errors_are_returned_and_the_object_stays)
{
    sxe_test_init(1, 0);
    SXE *client = sxe_new_tcp(NULL, NULL, 0, on_connected, on_read, on_close);
    sxe_syscalls.socket = socket_emfile;
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", 9), SXE_RETURN_ERROR_OUT_OF_FILES);
    sxe_syscalls_restore();
    sxe_syscalls.connect = connect_eperm;
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", 9), SXE_RETURN_ERROR_PERMISSION);
    ck_assert_int_eq(SXE_FD(client), -1);
    sxe_syscalls_restore();
    ck_assert_uint_eq(sxe_get_number_in_use(), 1);
    ck_assert_uint_eq(closes, 0);
    sxe_close(client);
    sxe_test_fini();
}
END_TEST

START_TEST(test_local_bind_failure_is_returned)
{
    sxe_test_init(2, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    SXE *client = sxe_new_tcp(NULL, "127.0.0.1", SXE_LOCAL_PORT(listener), on_connected, on_read, on_close);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", SXE_LOCAL_PORT(listener)), SXE_RETURN_ERROR_ADDRESS_IN_USE);
    sxe_close(client);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_connect_status_query_failure_closes_the_attempt)
{
    sxe_test_init(3, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    sxe_syscalls.getsockopt = getsockopt_fails;
    SXE *client = sxe_new_tcp(NULL, NULL, 0, on_connected, on_read, on_close);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", SXE_LOCAL_PORT(listener)), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    ck_assert_int_eq(reason, SXE_RETURN_ERROR_INTERNAL);
    sxe_syscalls_restore();
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-connect", test_connect_to_a_closed_port_calls_on_close_with_refused,
              test_connect_timeout_fires_when_the_peer_never_answers,
              test_connect_timeout_does_not_fire_after_connecting,
              test_immediate_connect_failure_is_reported_through_on_close_from_the_loop,
              test_local_connect_errors_are_returned_and_the_object_stays, test_local_bind_failure_is_returned,
              test_connect_status_query_failure_closes_the_attempt)
