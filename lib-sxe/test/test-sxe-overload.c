/* test-sxe-overload.c: pool exhausted, out of descriptors, bounded accept batches: refuse fast, keep serving. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "sxe-test.h"
#include "../../test/sxe-check.h"

static unsigned connected;
static unsigned refused_hook_calls;

static void on_connected(SXE *this)
{
    (void)this;
    connected++;
}

static void on_read(SXE *this, int length)
{
    (void)length;
    sxe_write(this, "ok", 2);
    SXE_BUF_CLEAR(this);
}

static void on_refused(SXE *listener, int fd)
{
    static const char reply[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n";

    ck_assert_ptr_nonnull(listener);
    refused_hook_calls++;
    ck_assert_int_eq(send(fd, reply, sizeof(reply) - 1, MSG_NOSIGNAL), (ssize_t)sizeof(reply) - 1);
}

START_TEST(test_pool_exhausted_refuses_quickly_counts_logs_rarely_and_recovers)
{
    int fds[12];
    char buf[64];
    bool eof;
    SXE_COUNTERS counters;

    double start = sxe_get_time_in_seconds();

    sxe_test_init(3, 0); /* the listener and two connections */
    sxe_test_capture_log("connection refused: all 3 objects are in use");
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    sxe_set_refused_hook(listener, on_refused);

    for (unsigned i = 0; i < 2; i++) {
        fds[i] = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    }

    ck_assert(SXE_TEST_RUN_UNTIL(connected == 2, 5.0));

    for (unsigned i = 2; i < 12; i++) {
        fds[i] = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    }

    for (unsigned i = 2; i < 12; i++) {
        ssize_t n = sxe_test_read(fds[i], buf, sizeof(buf), 5.0, &eof); /* the 503, then EOF */
        ck_assert(eof);
        ck_assert_int_ge(n, 12);
        ck_assert_int_eq(memcmp(buf, "HTTP/1.1 503", 12), 0);
        close(fds[i]);
    }

    ck_assert_uint_eq(refused_hook_calls, 10);
    /* at most once a second */
    ck_assert_uint_le(sxe_test_captured_lines(), 1 + (unsigned)(sxe_get_time_in_seconds() - start));
    ck_assert_uint_ge(sxe_test_captured_lines(), 1);
    sxe_get_counters(&counters);
    ck_assert_uint_eq(counters.refused_pool_exhausted, 10);
    ck_assert_uint_eq(counters.accepted, 2);

    /* established connections are still served */
    ck_assert_int_eq(write(fds[0], "hi", 2), 2);
    ck_assert_int_eq(sxe_test_read(fds[0], buf, 2, 5.0, &eof), 2);

    /* one connection ends: the next client is accepted normally */
    close(fds[1]);
    ck_assert(SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 2, 5.0));
    fds[1] = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(connected == 3, 5.0));
    ck_assert_int_eq(write(fds[1], "hi", 2), 2);
    ck_assert_int_eq(sxe_test_read(fds[1], buf, 2, 5.0, &eof), 2);
    close(fds[0]);
    close(fds[1]);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

static unsigned accept_calls;
static unsigned emfile_left;

static int accept4_emfile(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
    accept_calls++;

    if (emfile_left > 0 && addr != NULL) { /* the shedding accept (addr NULL) works */
        emfile_left--;
        errno = EMFILE;
        return -1;
    }

    return accept4(fd, addr, len, flags);
}

static int open_reserve_fails(void)
{
    errno = EMFILE;
    return -1;
}

/* A listener (with the refused hook `hook`, unless NULL) whose next `failures` accepts fail with EMFILE, and a client
 * connected to it. Returns the client's descriptor; *listener is the listener.
 */
static int connect_out_of_descriptors(SXE_REFUSED_HOOK hook, unsigned failures, SXE **listener)
{
    sxe_test_init(3, 0);
    *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, NULL);
    ck_assert_int_eq(sxe_listen(*listener), SXE_RETURN_OK);

    if (hook != NULL) {
        sxe_set_refused_hook(*listener, hook);
    }

    sxe_syscalls.accept4 = accept4_emfile;
    emfile_left = failures;
    return sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(*listener));
}

START_TEST(test_out_of_descriptors_sheds_with_the_reserve_descriptor)
{
    bool eof;
    char buf[4];
    SXE_COUNTERS counters;

    SXE *listener;
    int fd = connect_out_of_descriptors(NULL, 1, &listener);

    ck_assert_int_eq(sxe_test_read(fd, buf, 1, 5.0, &eof), 0); /* shed: closed at once, no busy loop */
    ck_assert(eof);
    ck_assert_uint_eq(connected, 0);
    sxe_get_counters(&counters);
    ck_assert_uint_eq(counters.refused_out_of_files, 1);
    close(fd);

    fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener)); /* descriptors are back: served */
    ck_assert(SXE_TEST_RUN_UNTIL(connected == 1, 5.0));
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_out_of_descriptors_offers_the_shed_connection_to_the_refused_hook)
{
    bool eof;
    char buf[64];
    SXE_COUNTERS counters;

    SXE *listener;
    int fd = connect_out_of_descriptors(on_refused, 1, &listener);

    ck_assert_int_ge(sxe_test_read(fd, buf, sizeof(buf), 5.0, &eof), 12); /* the hook's 503, then the close */
    ck_assert(eof);
    ck_assert_int_eq(memcmp(buf, "HTTP/1.1 503", 12), 0);
    ck_assert_uint_eq(refused_hook_calls, 1);
    sxe_get_counters(&counters);
    ck_assert_uint_eq(counters.refused_out_of_files, 1);
    ck_assert_uint_eq(counters.refused_pool_exhausted, 0);
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_out_of_descriptors_without_reserve_backs_off_then_resumes)
{
    SXE_COUNTERS counters;

    SXE *listener;
    int fd = connect_out_of_descriptors(NULL, 1000000, &listener);

    sxe_syscalls.open_reserve = open_reserve_fails; /* the loop has not accepted yet: the reserve cannot be reopened */
    sxe_test_run_for(0.35);
    /* first failure uses the reserve (then cannot reopen it), later ones back off for 0.1 s each: few calls */
    ck_assert_uint_ge(accept_calls, 2);
    ck_assert_uint_le(accept_calls, 12);
    sxe_get_counters(&counters);
    ck_assert_uint_ge(counters.refused_out_of_files, 1);
    ck_assert_uint_le(counters.refused_out_of_files, 6);

    /* descriptors come back: the listener resumes and accepts */
    emfile_left = 0;
    sxe_syscalls_restore();
    int fd2 = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(connected >= 1, 5.0));
    close(fd);
    close(fd2);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

static int accept4_enobufs(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
    (void)fd, (void)addr, (void)len, (void)flags;
    accept_calls++;
    errno = ENOBUFS; /* freeing the reserve descriptor does not cure this: the shedding accept fails too */
    return -1;
}

START_TEST(test_accept_failing_even_after_releasing_the_reserve_backs_off_instead_of_spinning)
{
    SXE_COUNTERS counters;

    sxe_test_init(3, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    sxe_syscalls.accept4 = accept4_enobufs; /* the reserve descriptor itself reopens fine */
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    sxe_test_run_for(0.25);
    /* two calls (accept, shedding accept) per SXE_ACCEPT_BACKOFF_SECONDS pause; a spin makes thousands */
    ck_assert_uint_ge(accept_calls, 2);
    ck_assert_uint_le(accept_calls, 12);
    sxe_get_counters(&counters);
    ck_assert_uint_le(counters.refused_out_of_files, 6);
    ck_assert_uint_eq(connected, 0);

    sxe_syscalls_restore(); /* memory is back: the listener resumes and accepts the waiting client */
    ck_assert(SXE_TEST_RUN_UNTIL(connected == 1, 5.0));
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

static unsigned max_batch;
static unsigned batch;

static int accept4_counting(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
    batch++;
    max_batch = batch > max_batch ? batch : max_batch;
    return accept4(fd, addr, len, flags);
}

static void on_connected_close(SXE *this)
{
    connected++;
    sxe_close(this);
}

static void reset_batch(struct ev_loop *loop, ev_prepare *w, int revents)
{
    (void)loop, (void)w, (void)revents;
    batch = 0;
}

START_TEST(test_accepts_per_loop_iteration_are_bounded)
{
    enum { CLIENTS = 3 * SXE_ACCEPT_BATCH_MAXIMUM };
    int fds[CLIENTS];
    ev_prepare prepare;

    sxe_test_init(2, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected_close, on_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    ev_prepare_init(&prepare, reset_batch);
    ev_prepare_start(EV_DEFAULT, &prepare);
    sxe_syscalls.accept4 = accept4_counting;

    for (unsigned i = 0; i < CLIENTS; i++) {
        fds[i] = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    }

    ck_assert(SXE_TEST_RUN_UNTIL(connected == CLIENTS, 5.0));
    ck_assert_uint_eq(max_batch, SXE_ACCEPT_BATCH_MAXIMUM);
    ev_prepare_stop(EV_DEFAULT, &prepare);

    for (unsigned i = 0; i < CLIENTS; i++) {
        close(fds[i]);
    }

    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

static int accept4_weird(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
    static unsigned calls;

    (void)fd, (void)addr, (void)len, (void)flags;
    accept_calls++;
    errno = calls++ == 0 ? ECONNABORTED : EINVAL;
    return -1;
}

START_TEST(test_transient_and_unexpected_accept_errors_do_not_spin)
{
    sxe_test_init(2, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    sxe_syscalls.accept4 = accept4_weird;
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    sxe_test_run_for(0.25);
    ck_assert_uint_eq(connected, 0);
    ck_assert_uint_le(accept_calls, 8); /* paused between attempts, not spinning */
    sxe_syscalls_restore();
    ck_assert(SXE_TEST_RUN_UNTIL(connected == 1, 5.0));
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_new_object_when_pool_exhausted_is_null_and_logged_rarely)
{
    sxe_test_init(1, 0);
    sxe_test_capture_log("cannot create a new object");
    SXE *one = sxe_new_tcp(NULL, NULL, 0, NULL, on_read, NULL);

    for (unsigned i = 0; i < 100; i++) {
        ck_assert_ptr_null(sxe_new_tcp(NULL, NULL, 0, NULL, on_read, NULL));
    }

    ck_assert_uint_eq(sxe_test_captured_lines(), 1);
    sxe_close(one);
    sxe_test_fini();
}
END_TEST

START_TEST(test_new_unix_and_udp_objects_when_pool_exhausted_share_the_rate_limited_log)
{
    sxe_test_init(1, 0);
    sxe_test_capture_log("cannot create a new object");
    SXE *one = sxe_new_udp(NULL, "127.0.0.1", 0, on_read);

    for (unsigned i = 0; i < 50; i++) {
        ck_assert_ptr_null(sxe_new_unix(NULL, "/tmp/test-sxe-overload.sock", NULL, on_read, NULL));
        ck_assert_ptr_null(sxe_new_udp(NULL, "127.0.0.1", 0, on_read));
        ck_assert_ptr_null(sxe_new_tcp(NULL, NULL, 0, NULL, on_read, NULL));
    }

    ck_assert_uint_eq(sxe_test_captured_lines(), 1); /* one line a second for all constructors together */
    sxe_close(one);
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-overload", test_pool_exhausted_refuses_quickly_counts_logs_rarely_and_recovers,
              test_out_of_descriptors_sheds_with_the_reserve_descriptor,
              test_out_of_descriptors_offers_the_shed_connection_to_the_refused_hook,
              test_out_of_descriptors_without_reserve_backs_off_then_resumes,
              test_accept_failing_even_after_releasing_the_reserve_backs_off_instead_of_spinning,
              test_accepts_per_loop_iteration_are_bounded, test_transient_and_unexpected_accept_errors_do_not_spin,
              test_new_object_when_pool_exhausted_is_null_and_logged_rarely,
              test_new_unix_and_udp_objects_when_pool_exhausted_share_the_rate_limited_log)
