/* test-sxe-errno.c: the errno behind a close (SXE_CLOSE_ERRNO) on every path where the library closes or fails a
 * send, the errno of a synchronous failure (sxe_last_errno), the distinct out-of-ports return of sxe_connect, and
 * IP_BIND_ADDRESS_NO_PORT on clients that bind a source address with port 0. Failures that loopback cannot produce
 * on demand are injected through the sxe_syscalls seam.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sxe-test.h"
#include "../../test/sxe-check.h"

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

static unsigned connects;
static unsigned closes;
static SXE_RETURN close_reason;
static int close_errno;
static unsigned completions;
static SXE_RETURN completion_result;
static int completion_errno;
static SXE *accepted;
static int fail_errno;
static unsigned sends_before_failure;
static int pipe_write_end = -1;

static void on_connected(SXE *this)
{
    connects++;
    accepted = this;
}

static void on_read(SXE *this, int length)
{
    (void)length;
    SXE_BUF_CLEAR(this);
}

static void on_close(SXE *this)
{
    closes++;
    close_reason = SXE_CLOSE_REASON(this);
    close_errno = SXE_CLOSE_ERRNO(this);
}

static void on_complete(SXE *this, SXE_RETURN result)
{
    completions++;
    completion_result = result;
    completion_errno = SXE_CLOSE_ERRNO(this);
}

static void reset_state(void)
{
    connects = closes = completions = 0;
    close_reason = completion_result = SXE_RETURN_OK;
    close_errno = completion_errno = -1;
    accepted = NULL;
}

static int connect_fails(int fd, const struct sockaddr *addr, socklen_t len)
{
    (void)fd, (void)addr, (void)len;
    errno = fail_errno;
    return -1;
}

static int bind_fails(int fd, const struct sockaddr *addr, socklen_t len)
{
    (void)fd, (void)addr, (void)len;
    errno = fail_errno;
    return -1;
}

static int socket_fails(int domain, int type, int protocol)
{
    (void)domain, (void)type, (void)protocol;
    errno = fail_errno;
    return -1;
}

/* Sends `sends_before_failure` single bytes, then fails with fail_errno. */
static ssize_t send_then_fail(int fd, const void *buf, size_t len, int flags)
{
    if (sends_before_failure == 0) {
        errno = fail_errno;
        return -1;
    }

    sends_before_failure--;
    return send(fd, buf, len > 0 ? 1 : 0, flags);
}

static ssize_t sendto_fails(int fd, const void *buf, size_t len, int flags, const struct sockaddr *addr,
                            socklen_t addr_len)
{
    (void)fd, (void)buf, (void)len, (void)flags, (void)addr, (void)addr_len;
    errno = fail_errno;
    return -1;
}

/* A connect that never completes: the socket becomes a pipe's read end, which is never writable. */
static int connect_never_completes(int fd, const struct sockaddr *addr, socklen_t len)
{
    int ends[2];

    (void)addr, (void)len;
    ck_assert_int_eq(pipe(ends), 0);
    ck_assert_int_eq(dup2(ends[0], fd), fd);
    close(ends[0]);
    pipe_write_end = ends[1];
    errno = EINPROGRESS;
    return -1;
}

static int setsockopt_refuses_no_port(int fd, int level, int name, const void *value, socklen_t len)
{
    if (level == IPPROTO_IP && name == IP_BIND_ADDRESS_NO_PORT) {
        errno = ENOPROTOOPT;
        return -1;
    }

    return setsockopt(fd, level, name, value, len);
}

static SXE *listen_on_loopback(void)
{
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, on_close);

    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    return listener;
}

START_TEST(test_close_errno_is_zero_at_end_of_file_and_the_reset_errno_after_a_reset)
{
    struct linger hard = {.l_onoff = 1, .l_linger = 0};

    reset_state();
    sxe_test_init(3, 0);
    SXE *listener = listen_on_loopback();

    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(connects == 1, 5.0));
    close(fd);
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    ck_assert_int_eq(close_reason, SXE_RETURN_END_OF_FILE);
    ck_assert_int_eq(close_errno, 0);

    fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(connects == 2, 5.0));
    ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard)), 0);
    close(fd); /* linger 0: the peer resets the connection */
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 2, 5.0));
    ck_assert_int_eq(close_reason, SXE_RETURN_ERROR_NO_CONNECTION); /* classic: a reset peer is no connection */
    ck_assert_int_eq(close_errno, ECONNRESET);

    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_close_errno_is_zero_after_an_idle_timeout)
{
    reset_state();
    sxe_test_init(3, 0);
    SXE *listener = listen_on_loopback();
    ck_assert_int_eq(sxe_set_idle_timeout(listener, 0.05), SXE_RETURN_OK);
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    ck_assert_int_eq(close_reason, SXE_RETURN_ERROR_TIMEOUT);
    ck_assert_int_eq(close_errno, 0);
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_close_errno_of_a_refused_connect_is_econnrefused)
{
    reset_state();
    sxe_test_init(1, 0);
    SXE *client = sxe_new_tcp(NULL, NULL, 0, on_connected, on_read, on_close);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", sxe_test_unused_port()), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    ck_assert_int_eq(close_reason, SXE_RETURN_ERROR_CONNECTION_REFUSED);
    ck_assert_int_eq(close_errno, ECONNREFUSED);
    sxe_test_fini();
}
END_TEST

START_TEST(test_close_errno_of_a_connect_failing_at_once_tells_unreachable_from_reset)
{
    static const int failures[] = {ENETUNREACH, EHOSTUNREACH, ECONNRESET};

    sxe_test_init(1, 0);
    sxe_syscalls.connect = connect_fails;

    for (unsigned i = 0; i < SXE_ARRAY_SIZE(failures); i++) {
        reset_state();
        fail_errno = failures[i];
        SXE *client = sxe_new_tcp(NULL, NULL, 0, on_connected, on_read, on_close);
        ck_assert_int_eq(sxe_connect(client, "127.0.0.1", 9), SXE_RETURN_OK);
        ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
        ck_assert_int_eq(close_reason, SXE_RETURN_ERROR_NO_CONNECTION); /* one reason ... */
        ck_assert_int_eq(close_errno, failures[i]);                     /* ... three errnos */
    }

    sxe_test_fini();
}
END_TEST

START_TEST(test_close_errno_of_a_connect_timeout_is_etimedout)
{
    reset_state();
    sxe_test_init(1, 0);
    sxe_syscalls.connect = connect_never_completes;
    SXE *client = sxe_new_tcp(NULL, NULL, 0, on_connected, on_read, on_close);
    ck_assert_int_eq(sxe_set_connect_timeout(client, 0.05), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", 9), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    ck_assert_int_eq(close_reason, SXE_RETURN_ERROR_TIMEOUT);
    ck_assert_int_eq(close_errno, ETIMEDOUT);
    ck_assert_uint_eq(connects, 0);
    close(pipe_write_end);
    sxe_test_fini();
}
END_TEST

START_TEST(test_close_errno_of_a_failed_pending_send_is_seen_in_on_complete)
{
    static const char data[] = "0123456789";

    reset_state();
    sxe_test_init(3, 0);
    SXE *listener = listen_on_loopback();
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(connects == 1, 5.0));

    sxe_syscalls.send = send_then_fail;
    sends_before_failure = 1;
    fail_errno = EPIPE;
    ck_assert_int_eq(sxe_send(accepted, data, sizeof(data) - 1, on_complete), SXE_RETURN_WARN_IN_PROGRESS);
    ck_assert(SXE_TEST_RUN_UNTIL(completions == 1, 5.0));
    ck_assert_int_eq(completion_result, SXE_RETURN_ERROR_NO_CONNECTION); /* EPIPE: the peer is gone */
    ck_assert_int_eq(completion_errno, EPIPE);
    sxe_syscalls_restore();

    /* the object stays open after a failed send; a later end of file reports no errno */
    char byte;
    bool eof = false;
    ck_assert_int_eq(sxe_test_read(fd, &byte, 1, 5.0, &eof), 1); /* unread data would make close() a reset */
    close(fd);
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    ck_assert_int_eq(close_reason, SXE_RETURN_END_OF_FILE);
    ck_assert_int_eq(close_errno, 0);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_close_errno_of_a_sendfile_of_a_short_file_is_enodata)
{
    char path[] = "/tmp/test-sxe-errno-XXXXXX";
    int file = mkstemp(path);
    off_t offset = 0;

    ck_assert_int_ge(file, 0);
    unlink(path);
    ck_assert_int_eq(write(file, "0123456789", 10), 10);
    reset_state();
    sxe_test_init(3, 0);
    SXE *listener = listen_on_loopback();
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(connects == 1, 5.0));
    ck_assert_int_eq(sxe_sendfile(accepted, file, &offset, 100, on_complete), SXE_RETURN_WARN_IN_PROGRESS);
    ck_assert(SXE_TEST_RUN_UNTIL(completions == 1, 5.0));
    ck_assert_int_eq(completion_result, SXE_RETURN_END_OF_FILE);
    ck_assert_int_eq(completion_errno, ENODATA);
    ck_assert_int_eq(offset, 10);
    close(fd);
    close(file);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_last_errno_gives_the_errno_of_a_synchronous_failure)
{
    static const char data[] = "x";

    reset_state();
    sxe_test_init(5, 0);
    SXE *listener = listen_on_loopback();
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(connects == 1, 5.0));

    sxe_syscalls.send = send_then_fail;
    sends_before_failure = 0;
    fail_errno = EPIPE;
    ck_assert_int_eq(sxe_write(accepted, data, 1), SXE_RETURN_ERROR_NO_CONNECTION);
    ck_assert_int_eq(sxe_last_errno(), EPIPE);
    fail_errno = ECONNRESET;
    ck_assert_int_eq(sxe_send(accepted, data, 1, on_complete), SXE_RETURN_ERROR_NO_CONNECTION);
    ck_assert_int_eq(sxe_last_errno(), ECONNRESET);
    fail_errno = EIO;
    ck_assert_int_eq(sxe_write(accepted, data, 1), SXE_RETURN_ERROR_WRITE_FAILED); /* not the peer's doing */
    ck_assert_int_eq(sxe_last_errno(), EIO);
    ck_assert_int_eq(sxe_send(accepted, NULL, 1, on_complete), SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(sxe_last_errno(), 0); /* no system cause */
    ck_assert_uint_eq(completions, 0);     /* immediate errors of sxe_send never complete */
    ck_assert_int_eq(sxe_sendfile(accepted, -1, NULL, 1, on_complete), SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(sxe_last_errno(), 0);
    ck_assert_uint_eq(completions, 1); /* those of sxe_sendfile do (classic) */
    completions = 0;
    sxe_syscalls_restore();

    SXE *unconnected = sxe_new_tcp(NULL, NULL, 0, on_connected, on_read, on_close);
    fail_errno = EPIPE;
    ck_assert_int_eq(sxe_write(accepted, data, 1), SXE_RETURN_OK);
    sxe_syscalls.send = send_then_fail; /* a failure, then one with no system cause */
    ck_assert_int_eq(sxe_write(accepted, data, 1), SXE_RETURN_ERROR_NO_CONNECTION);
    ck_assert_int_eq(sxe_write(unconnected, data, 1), SXE_RETURN_ERROR_NO_CONNECTION);
    ck_assert_int_eq(sxe_last_errno(), 0);
    sxe_syscalls_restore();

    sxe_syscalls.socket = socket_fails;
    fail_errno = EMFILE;
    ck_assert_int_eq(sxe_connect(unconnected, "127.0.0.1", 9), SXE_RETURN_ERROR_OUT_OF_FILES);
    ck_assert_int_eq(sxe_last_errno(), EMFILE);
    sxe_syscalls_restore();
    ck_assert_int_eq(sxe_connect(unconnected, "not an address", 9), SXE_RETURN_ERROR_INVALID_ADDRESS);
    ck_assert_int_eq(sxe_last_errno(), 0);

    SXE *taken = sxe_new_tcp(NULL, "127.0.0.1", SXE_LOCAL_PORT(listener), on_connected, on_read, on_close);
    ck_assert_int_eq(sxe_listen(taken), SXE_RETURN_ERROR_ADDRESS_IN_USE);
    ck_assert_int_eq(sxe_last_errno(), EADDRINUSE);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_ERROR_BAD_STATE);
    ck_assert_int_eq(sxe_last_errno(), 0);

    close(fd);
    sxe_close(taken);
    sxe_close(unconnected);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_last_errno_of_a_failed_udp_send)
{
    sxe_test_init(1, 0);
    SXE *udp = sxe_new_udp(NULL, "127.0.0.1", 0, on_read);
    ck_assert_int_eq(sxe_listen(udp), SXE_RETURN_OK);
    sxe_syscalls.sendto = sendto_fails;
    fail_errno = EPERM;
    ck_assert_int_eq(sxe_write_to_ip(udp, "x", 1, "127.0.0.1", 9), SXE_RETURN_ERROR_WRITE_FAILED);
    ck_assert_int_eq(sxe_last_errno(), EPERM);
    ck_assert_int_eq(sxe_write_to_ip(udp, "x", 1, "bad", 9), SXE_RETURN_ERROR_INVALID_ADDRESS);
    ck_assert_int_eq(sxe_last_errno(), 0);
    sxe_close(udp);
    sxe_test_fini();
}
END_TEST

START_TEST(test_connect_out_of_ports_has_its_own_return_code)
{
    reset_state();
    sxe_test_init(1, 0);
    SXE *client = sxe_new_tcp(NULL, NULL, 0, on_connected, on_read, on_close);

    sxe_syscalls.connect = connect_fails;
    fail_errno = EADDRNOTAVAIL; /* what connect(2) says when no local port is left for the 4-tuple */
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", 9), SXE_RETURN_ERROR_OUT_OF_PORTS);
    ck_assert_int_eq(sxe_last_errno(), EADDRNOTAVAIL);
    ck_assert_int_eq(SXE_FD(client), -1);
    ck_assert_str_eq(sxe_return_to_string(SXE_RETURN_ERROR_OUT_OF_PORTS), "ERROR_OUT_OF_PORTS");
    sxe_syscalls_restore();
    sxe_close(client);

    /* a source address with port 0 whose bind finds no free port */
    client = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, on_close);
    sxe_syscalls.bind = bind_fails;
    fail_errno = EADDRINUSE;
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", 9), SXE_RETURN_ERROR_OUT_OF_PORTS);
    ck_assert_int_eq(sxe_last_errno(), EADDRINUSE);
    /* a source address that is not local is a bad address, not a lack of ports */
    fail_errno = EADDRNOTAVAIL;
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", 9), SXE_RETURN_ERROR_INVALID_ADDRESS);
    ck_assert_int_eq(sxe_last_errno(), EADDRNOTAVAIL);
    sxe_close(client);

    /* an explicit source port that is taken is an address in use */
    client = sxe_new_tcp(NULL, "127.0.0.1", 4242, on_connected, on_read, on_close);
    fail_errno = EADDRINUSE;
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", 9), SXE_RETURN_ERROR_ADDRESS_IN_USE);
    ck_assert_int_eq(sxe_last_errno(), EADDRINUSE);
    sxe_syscalls_restore();
    sxe_close(client);
    ck_assert_uint_eq(closes, 0);
    sxe_test_fini();
}
END_TEST

static int no_port_option(SXE *client)
{
    int value = -1;
    socklen_t len = sizeof(value);

    ck_assert_int_eq(getsockopt(SXE_FD(client), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &value, &len), 0);
    return value;
}

START_TEST(test_a_client_binding_a_source_address_defers_its_port_to_connect)
{
    reset_state();
    sxe_test_init(7, 0); /* a listener, three clients, three accepted */
    SXE *listener = listen_on_loopback();
    SXE *sourced = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, on_close);
    SXE *unbound = sxe_new_tcp(NULL, NULL, 0, on_connected, on_read, on_close);
    ck_assert_int_eq(sxe_connect(sourced, "127.0.0.1", SXE_LOCAL_PORT(listener)), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_connect(unbound, "127.0.0.1", SXE_LOCAL_PORT(listener)), SXE_RETURN_OK);
    ck_assert_int_eq(no_port_option(sourced), 1);
    ck_assert_int_eq(no_port_option(unbound), 0);      /* nothing bound: nothing to defer */
    ck_assert(SXE_TEST_RUN_UNTIL(connects == 4, 5.0)); /* two clients, two accepted */
    ck_assert_uint_ne(SXE_LOCAL_PORT(sourced), 0);

    /* a kernel refusing the option is ignored: the client still binds and connects */
    sxe_syscalls.setsockopt = setsockopt_refuses_no_port;
    SXE *refused = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, on_close);
    ck_assert_int_eq(sxe_connect(refused, "127.0.0.1", SXE_LOCAL_PORT(listener)), SXE_RETURN_OK);
    ck_assert_int_eq(no_port_option(refused), 0);
    ck_assert(SXE_TEST_RUN_UNTIL(connects == 6, 5.0));
    ck_assert_uint_eq(closes, 0);
    sxe_syscalls_restore();

    sxe_close(refused);
    sxe_close(sourced);
    sxe_close(unbound);
    SXE_TEST_RUN_UNTIL(closes == 3, 5.0); /* the accepted ends see the end of file */
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-errno", test_close_errno_is_zero_at_end_of_file_and_the_reset_errno_after_a_reset,
              test_close_errno_is_zero_after_an_idle_timeout, test_close_errno_of_a_refused_connect_is_econnrefused,
              test_close_errno_of_a_connect_failing_at_once_tells_unreachable_from_reset,
              test_close_errno_of_a_connect_timeout_is_etimedout,
              test_close_errno_of_a_failed_pending_send_is_seen_in_on_complete,
              test_close_errno_of_a_sendfile_of_a_short_file_is_enodata,
              test_last_errno_gives_the_errno_of_a_synchronous_failure, test_last_errno_of_a_failed_udp_send,
              test_connect_out_of_ports_has_its_own_return_code,
              test_a_client_binding_a_source_address_defers_its_port_to_connect)
