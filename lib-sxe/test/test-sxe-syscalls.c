/* test-sxe-syscalls.c: system-call failures on the listen path, injected through the sxe_syscalls seam, are
 * returned as SXE_RETURN codes, leak no descriptor and leave the object usable.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "sxe-test.h"
#include "../../test/sxe-check.h"

static int fail_errno;
static int fail_option;
static int closes_seen;

static int socket_fails(int domain, int type, int protocol)
{
    (void)domain, (void)type, (void)protocol;
    errno = fail_errno;
    return -1;
}

static int setsockopt_fails(int fd, int level, int name, const void *value, socklen_t len)
{
    if (name == fail_option) {
        errno = EINVAL;
        return -1;
    }

    return setsockopt(fd, level, name, value, len);
}

static int listen_fails(int fd, int backlog)
{
    (void)fd, (void)backlog;
    errno = EACCES;
    return -1;
}

static int backlog_seen;

static int recording_listen(int fd, int backlog)
{
    backlog_seen = backlog;
    return listen(fd, backlog);
}

static int counting_close(int fd)
{
    closes_seen++;
    return close(fd);
}

static void on_read(SXE *this, int length)
{
    (void)length;
    SXE_BUF_CLEAR(this);
}

START_TEST(test_listen_path_failures_are_returned_without_leaking)
{
    char path[64];

    sxe_test_init(2, 0);
    SXE *this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    sxe_syscalls.close = counting_close;

    sxe_syscalls.socket = socket_fails;
    fail_errno = EMFILE;
    ck_assert_int_eq(sxe_listen(this), SXE_RETURN_ERROR_OUT_OF_FILES);
    fail_errno = ENOMEM;
    ck_assert_int_eq(sxe_listen(this), SXE_RETURN_ERROR_OUT_OF_MEMORY);
    sxe_syscalls.socket = socket;

    sxe_syscalls.setsockopt = setsockopt_fails;
    fail_option = SO_REUSEADDR;
    ck_assert_int_eq(sxe_listen(this), SXE_RETURN_ERROR_INVALID_ADDRESS);
    fail_option = SO_REUSEPORT;
    ck_assert_int_eq(sxe_listen_plus(this, SXE_LISTEN_FLAG_REUSEPORT), SXE_RETURN_ERROR_INVALID_ADDRESS);
    sxe_syscalls.setsockopt = setsockopt;

    sxe_syscalls.listen = listen_fails;
    ck_assert_int_eq(sxe_listen(this), SXE_RETURN_ERROR_PERMISSION);
    ck_assert_int_eq(closes_seen, 3); /* every socket that was created was closed */
    ck_assert_int_eq(SXE_FD(this), -1);

    /* a unix listener whose listen() fails leaves no path behind */
    snprintf(path, sizeof(path), "/tmp/test-sxe-syscalls-%d.sock", getpid());
    SXE *unix_listener = sxe_new_unix(NULL, path, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_listen(unix_listener), SXE_RETURN_ERROR_PERMISSION);
    ck_assert_int_ne(access(path, F_OK), 0);
    sxe_syscalls_restore();

    ck_assert_int_eq(sxe_listen(this), SXE_RETURN_OK); /* the object is still usable */
    ck_assert_int_eq(sxe_listen(unix_listener), SXE_RETURN_OK);
    sxe_close(unix_listener);
    sxe_close(this);
    sxe_test_fini();
}
END_TEST

START_TEST(test_errno_values_map_to_return_codes)
{
    ck_assert_int_eq(sxe_errno_to_return(EADDRINUSE), SXE_RETURN_ERROR_ADDRESS_IN_USE);
    ck_assert_int_eq(sxe_errno_to_return(EADDRNOTAVAIL), SXE_RETURN_ERROR_INVALID_ADDRESS);
    ck_assert_int_eq(sxe_errno_to_return(EPERM), SXE_RETURN_ERROR_PERMISSION);
    ck_assert_int_eq(sxe_errno_to_return(ENFILE), SXE_RETURN_ERROR_OUT_OF_FILES);
    ck_assert_int_eq(sxe_errno_to_return(ETIMEDOUT), SXE_RETURN_ERROR_TIMEOUT);
    ck_assert_int_eq(sxe_errno_to_return(ECONNRESET), SXE_RETURN_ERROR_NO_CONNECTION);
    ck_assert_int_eq(sxe_errno_to_return(ENOENT), SXE_RETURN_ERROR_CONNECTION_REFUSED);
    ck_assert_int_eq(sxe_errno_to_return(EIO), SXE_RETURN_ERROR_INTERNAL);
}
END_TEST

START_TEST(test_init_reports_a_pool_that_cannot_be_allocated)
{
    /* 4e9 objects of 16 MB: far beyond any address space, so the allocation fails even with overcommit */
    ck_assert_int_eq(sxe_set_buffer_size(SXE_BUFFER_SIZE_MAXIMUM), SXE_RETURN_OK);
    sxe_register(4000000000U, 0);
    ck_assert_int_eq(sxe_init(), SXE_RETURN_ERROR_OUT_OF_MEMORY);
    ck_assert_uint_eq(sxe_get_number_in_use(), 0);
    sxe_fini(); /* harmless: nothing was initialized */
}
END_TEST

START_TEST(test_unix_object_when_pool_exhausted_is_null)
{
    sxe_test_init(1, 0);
    SXE *one = sxe_new_unix(NULL, "/tmp/a", NULL, on_read, NULL);
    ck_assert_ptr_nonnull(one);
    ck_assert_ptr_null(sxe_new_unix(NULL, "/tmp/b", NULL, on_read, NULL));
    ck_assert_ptr_null(sxe_new_udp(NULL, "127.0.0.1", 0, on_read));
    sxe_close(one);
    sxe_test_fini();
}
END_TEST

START_TEST(test_listen_plus_uses_the_default_backlog_and_listen_with_backlog_sets_it)
{
    sxe_test_init(4, 0);
    sxe_syscalls.listen = recording_listen;
    SXE *classic = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_listen_plus(classic, 0), SXE_RETURN_OK); /* classic two-argument form */
    ck_assert_int_eq(backlog_seen, SXE_LISTEN_BACKLOG_DEFAULT);
    SXE *small = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_listen_with_backlog(small, SXE_LISTEN_FLAG_REUSEPORT, 7), SXE_RETURN_OK);
    ck_assert_int_eq(backlog_seen, 7);
    SXE *zero = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_listen_with_backlog(zero, 0, 0), SXE_RETURN_OK);
    ck_assert_int_eq(backlog_seen, SXE_LISTEN_BACKLOG_DEFAULT);
    SXE *plain = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_listen(plain), SXE_RETURN_OK);
    ck_assert_int_eq(backlog_seen, SXE_LISTEN_BACKLOG_DEFAULT);
    sxe_close(classic);
    sxe_close(small);
    sxe_close(zero);
    sxe_close(plain);
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-syscalls", test_listen_path_failures_are_returned_without_leaking,
              test_errno_values_map_to_return_codes, test_init_reports_a_pool_that_cannot_be_allocated,
              test_unix_object_when_pool_exhausted_is_null,
              test_listen_plus_uses_the_default_backlog_and_listen_with_backlog_sets_it)
