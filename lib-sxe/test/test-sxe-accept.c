/* test-sxe-accept.c: what accepting costs: TCP_NODELAY set once on the listener (inherited by accepted sockets),
 * and SXE_LISTEN_FLAG_DEFER_ACCEPT (TCP_DEFER_ACCEPT, and a read right after accept, before the connection is
 * registered with the loop: one answered and closed in its first on_read never calls epoll_ctl).
 *
 * epoll_ctl is counted by defining it in this test binary: libev's calls resolve to this definition (the
 * executable comes first in the dynamic symbol lookup), which counts and calls the next one (libc's).
 */
#include <dlfcn.h>
#include <errno.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sxe-test.h"
#include "../../test/sxe-check.h"

#define ANSWER "answer"

static unsigned epoll_ctl_calls;

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)
{
    static int (*next)(int, int, int, struct epoll_event *);

    if (next == NULL) {
        next = (int (*)(int, int, int, struct epoll_event *))dlsym(RTLD_NEXT, "epoll_ctl");
    }

    epoll_ctl_calls++;
    return next(epfd, op, fd, event);
}

static unsigned nodelay_setsockopts;
static unsigned nodelay_failures_to_inject;

static int counting_setsockopt(int fd, int level, int name, const void *value, socklen_t len)
{
    if (level == IPPROTO_TCP && name == TCP_NODELAY) {
        nodelay_setsockopts++;

        if (nodelay_failures_to_inject > 0) {
            nodelay_failures_to_inject--;
            errno = ENOPROTOOPT;
            return -1;
        }
    }

    return setsockopt(fd, level, name, value, len);
}

static int int_option(int fd, int level, int name)
{
    int value = -1;
    socklen_t len = sizeof(value);

    ck_assert_int_eq(getsockopt(fd, level, name, &value, &len), 0);
    return value;
}

static SXE *accepted;
static unsigned connected_count;
static unsigned read_count;
static unsigned close_count;
static unsigned bytes_read;
static bool pause_on_connect;
static bool close_on_connect;
static bool consume_all;

static void reset(void)
{
    accepted = NULL;
    connected_count = read_count = close_count = bytes_read = 0;
    pause_on_connect = close_on_connect = consume_all = false;
    epoll_ctl_calls = nodelay_setsockopts = nodelay_failures_to_inject = 0;
}

static void on_connected(SXE *this)
{
    accepted = this;
    connected_count++;

    if (pause_on_connect) {
        sxe_pause(this);
    }

    if (close_on_connect) {
        sxe_close(this);
    }
}

/* Answers once the request ends with a blank line, then closes (the hello pattern). */
static void answer_and_close(SXE *this, int length)
{
    read_count++;
    bytes_read += (unsigned)length;

    if (SXE_BUF_STRNSTR(this, "\r\n\r\n") != NULL) {
        ck_assert_int_eq(sxe_write(this, ANSWER, SXE_LITERAL_LENGTH(ANSWER)), SXE_RETURN_OK);
        sxe_close(this);
    }
}

/* Counts and consumes everything (consume_all), or only counts. */
static void count_bytes(SXE *this, int length)
{
    read_count++;
    bytes_read += (unsigned)length;

    if (consume_all) {
        sxe_buf_discard(this, (unsigned)length);
    }
}

static void on_close(SXE *this)
{
    (void)this;
    close_count++;
}

/* Connect to the listener, send a request, read the answer up to the server's close. */
static void request_and_check_answer(SXE *listener)
{
    char buf[64];
    bool eof = false;
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));

    ck_assert_int_eq(send(fd, "GET / HTTP/1.0\r\n\r\n", 18, 0), 18);
    ck_assert_int_eq(sxe_test_read(fd, buf, sizeof(buf), 5.0, &eof), SXE_LITERAL_LENGTH(ANSWER));
    ck_assert(memcmp(buf, ANSWER, SXE_LITERAL_LENGTH(ANSWER)) == 0);
    ck_assert_int_eq(sxe_test_read(fd, buf, sizeof(buf), 5.0, &eof), 0);
    ck_assert(eof);
    close(fd);
}

START_TEST(test_nodelay_is_set_once_on_the_listener_and_accepted_sockets_inherit_it)
{
    reset();
    sxe_test_init(8, 0);
    sxe_syscalls.setsockopt = counting_setsockopt;
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, count_bytes, on_close);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    ck_assert_uint_eq(nodelay_setsockopts, 1); /* the listener's */
    ck_assert_int_ne(int_option(SXE_FD(listener), IPPROTO_TCP, TCP_NODELAY), 0);

    int fds[3];

    for (unsigned i = 0; i < 3; i++) {
        fds[i] = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
        ck_assert(SXE_TEST_RUN_UNTIL(connected_count == i + 1, 5.0));
        ck_assert_int_ne(int_option(SXE_FD(accepted), IPPROTO_TCP, TCP_NODELAY), 0); /* copied by the kernel */
    }

    ck_assert_uint_eq(nodelay_setsockopts, 1); /* none per accept */

    sxe_set_nodelay(listener, false); /* from now on accepted sockets inherit Nagle on */
    ck_assert_uint_eq(nodelay_setsockopts, 2);
    ck_assert_int_eq(int_option(SXE_FD(listener), IPPROTO_TCP, TCP_NODELAY), 0);
    int late = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(connected_count == 4, 5.0));
    ck_assert_int_eq(int_option(SXE_FD(accepted), IPPROTO_TCP, TCP_NODELAY), 0);
    ck_assert_uint_eq(nodelay_setsockopts, 2);

    for (unsigned i = 0; i < 3; i++) {
        close(fds[i]);
    }

    close(late);
    ck_assert(SXE_TEST_RUN_UNTIL(close_count == 4, 5.0));
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_nodelay_is_set_per_accepted_connection_when_the_listener_refuses_it)
{
    reset();
    sxe_test_init(4, 0);
    sxe_syscalls.setsockopt = counting_setsockopt;
    nodelay_failures_to_inject = 1; /* the listener's setsockopt fails */
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, count_bytes, on_close);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    ck_assert_int_eq(int_option(SXE_FD(listener), IPPROTO_TCP, TCP_NODELAY), 0);
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(connected_count == 1, 5.0));
    ck_assert_uint_eq(nodelay_setsockopts, 2); /* the failed one, then the accepted connection's own */
    ck_assert_int_ne(int_option(SXE_FD(accepted), IPPROTO_TCP, TCP_NODELAY), 0);
    close(fd);
    ck_assert(SXE_TEST_RUN_UNTIL(close_count == 1, 5.0));
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_defer_accept_sets_tcp_defer_accept_on_the_listener_only_when_asked)
{
    reset();
    sxe_test_init(4, 0);
    SXE *plain = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, count_bytes, on_close);
    SXE *deferred = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, count_bytes, on_close);
    ck_assert_int_eq(sxe_listen(plain), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_listen_plus(deferred, SXE_LISTEN_FLAG_DEFER_ACCEPT), SXE_RETURN_OK);
    ck_assert_int_eq(int_option(SXE_FD(plain), IPPROTO_TCP, TCP_DEFER_ACCEPT), 0);
    ck_assert_int_gt(int_option(SXE_FD(deferred), IPPROTO_TCP, TCP_DEFER_ACCEPT), 0);
    sxe_close(plain);
    sxe_close(deferred);
    sxe_test_fini();
}
END_TEST

static int failing_defer_setsockopt(int fd, int level, int name, const void *value, socklen_t len)
{
    if (level == IPPROTO_TCP && name == TCP_DEFER_ACCEPT) {
        errno = EPERM;
        return -1;
    }

    return setsockopt(fd, level, name, value, len);
}

START_TEST(test_defer_accept_that_cannot_be_set_is_an_error_and_leaves_the_object_allocated)
{
    reset();
    sxe_test_init(4, 0);
    sxe_syscalls.setsockopt = failing_defer_setsockopt;
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, count_bytes, on_close);
    ck_assert_int_eq(sxe_listen_plus(listener, SXE_LISTEN_FLAG_DEFER_ACCEPT), SXE_RETURN_ERROR_PERMISSION);
    ck_assert_int_eq(SXE_FD(listener), -1);
    ck_assert_uint_eq(sxe_get_number_in_use(), 1);
    sxe_syscalls_restore();
    ck_assert_int_eq(sxe_listen_plus(listener, SXE_LISTEN_FLAG_DEFER_ACCEPT), SXE_RETURN_OK); /* usable again */
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_a_connection_closed_in_its_first_on_read_never_calls_epoll_ctl)
{
    reset();
    sxe_test_init(8, 0);
    SXE *plain = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, answer_and_close, on_close);
    SXE *deferred = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, answer_and_close, on_close);
    ck_assert_int_eq(sxe_listen(plain), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_listen_plus(deferred, SXE_LISTEN_FLAG_DEFER_ACCEPT), SXE_RETURN_OK);
    ev_run(EV_DEFAULT, EVRUN_NOWAIT); /* register the listeners themselves */

    /* without the flag every accepted connection is registered (the control: the counter works) */
    epoll_ctl_calls = 0;
    request_and_check_answer(plain);
    ck_assert_uint_ge(epoll_ctl_calls, 1);

    epoll_ctl_calls = 0;

    for (unsigned i = 0; i < 5; i++) {
        request_and_check_answer(deferred);
    }

    ck_assert_uint_eq(connected_count, 6);
    ck_assert_uint_eq(read_count, 6);
    ck_assert_uint_eq(epoll_ctl_calls, 0);
    ck_assert_uint_eq(close_count, 0); /* closed locally: on_close is not called */
    sxe_close(plain);
    sxe_close(deferred);
    sxe_test_fini();
}
END_TEST

START_TEST(test_read_at_accept_loses_no_data_larger_than_the_buffer_or_sent_later)
{
    char data[1000];
    SXE_COUNTERS counters;

    reset();
    consume_all = true;
    sxe_test_init(4, 64);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, count_bytes, on_close);
    ck_assert_int_eq(sxe_listen_plus(listener, SXE_LISTEN_FLAG_DEFER_ACCEPT), SXE_RETURN_OK);
    memset(data, 'x', sizeof(data));
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert_int_eq(send(fd, data, sizeof(data), 0), (int)sizeof(data));
    ck_assert(SXE_TEST_RUN_UNTIL(bytes_read == sizeof(data), 5.0)); /* first 64 at accept, the rest by the watcher */
    ck_assert_uint_ge(read_count, sizeof(data) / 64);
    ck_assert_int_eq(send(fd, "later", 5, 0), 5);
    ck_assert(SXE_TEST_RUN_UNTIL(bytes_read == sizeof(data) + 5, 5.0));
    close(fd);
    ck_assert(SXE_TEST_RUN_UNTIL(close_count == 1, 5.0));
    sxe_get_counters(&counters);
    ck_assert_uint_eq(counters.bytes_in, sizeof(data) + 5);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_read_at_accept_with_nothing_arrived_yet_waits_for_the_data)
{
    char path[64];

    reset();
    consume_all = true;
    snprintf(path, sizeof(path), "/tmp/test-sxe-accept-%d.sock", (int)getpid());
    unlink(path);
    sxe_test_init(4, 0);
    SXE *listener = sxe_new_unix(NULL, path, on_connected, count_bytes, on_close); /* no TCP_DEFER_ACCEPT here */
    ck_assert_int_eq(sxe_listen_plus(listener, SXE_LISTEN_FLAG_DEFER_ACCEPT), SXE_RETURN_OK);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    strcpy(addr.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
    ck_assert(SXE_TEST_RUN_UNTIL(connected_count == 1, 5.0));
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(read_count, 0); /* the read at accept found nothing: no empty on_read */
    ck_assert_int_eq(send(fd, "hi", 2, 0), 2);
    ck_assert(SXE_TEST_RUN_UNTIL(bytes_read == 2, 5.0));
    close(fd);
    ck_assert(SXE_TEST_RUN_UNTIL(close_count == 1, 5.0));
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_read_at_accept_respects_a_pause_or_close_in_on_connected_and_a_peer_end_of_file)
{
    char data[8] = "request";
    int fd;

    reset();
    consume_all = true;
    pause_on_connect = true;
    sxe_test_init(4, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, count_bytes, on_close);
    ck_assert_int_eq(sxe_listen_plus(listener, SXE_LISTEN_FLAG_DEFER_ACCEPT), SXE_RETURN_OK);

    /* paused in on_connected: nothing read until resumed */
    fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert_int_eq(send(fd, data, sizeof(data), 0), (int)sizeof(data));
    ck_assert(SXE_TEST_RUN_UNTIL(connected_count == 1, 5.0));
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(read_count, 0);
    sxe_buf_resume(accepted, SXE_BUF_RESUME_WHEN_MORE_DATA);
    ck_assert(SXE_TEST_RUN_UNTIL(bytes_read == sizeof(data), 5.0));
    close(fd);
    ck_assert(SXE_TEST_RUN_UNTIL(close_count == 1, 5.0));

    /* closed in on_connected: no read, no callback */
    pause_on_connect = false;
    close_on_connect = true;
    fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert_int_eq(send(fd, data, sizeof(data), 0), (int)sizeof(data));
    ck_assert(SXE_TEST_RUN_UNTIL(connected_count == 2, 5.0));
    ck_assert_uint_eq(read_count, 1);
    close(fd);

    /* data and the end of file before the accept: both delivered, then on_close */
    close_on_connect = false;
    fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert_int_eq(send(fd, data, sizeof(data), 0), (int)sizeof(data));
    shutdown(fd, SHUT_WR);
    ck_assert(SXE_TEST_RUN_UNTIL(close_count == 2, 5.0));
    ck_assert_uint_eq(bytes_read, 2 * sizeof(data));
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-accept", test_nodelay_is_set_once_on_the_listener_and_accepted_sockets_inherit_it,
              test_nodelay_is_set_per_accepted_connection_when_the_listener_refuses_it,
              test_defer_accept_sets_tcp_defer_accept_on_the_listener_only_when_asked,
              test_defer_accept_that_cannot_be_set_is_an_error_and_leaves_the_object_allocated,
              test_a_connection_closed_in_its_first_on_read_never_calls_epoll_ctl,
              test_read_at_accept_loses_no_data_larger_than_the_buffer_or_sent_later,
              test_read_at_accept_with_nothing_arrived_yet_waits_for_the_data,
              test_read_at_accept_respects_a_pause_or_close_in_on_connected_and_a_peer_end_of_file)
