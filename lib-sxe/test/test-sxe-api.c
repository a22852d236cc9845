/* test-sxe-api.c: the robust-API table of lib-sxe (the MISUSE RULE of sxe.h): each public function called with NULL
 * (a failed constructor's result), with a closed object, or in another wrong state returns what its header says,
 * logs an error or warning naming itself, and never crashes. The table must cover every function sxe.h declares.
 */
#include <string.h>

#include "sxe-ring.h"
#include "sxe-test.h"
#include "../../lib-sxe-log/test/sxe-test-api.h"

static void on_read(SXE *this, int length)
{
    SXE_UNUSED_ARGUMENT(this);
    SXE_UNUSED_ARGUMENT(length);
}

static void on_complete(SXE *this, SXE_RETURN result)
{
    SXE_UNUSED_ARGUMENT(this);
    SXE_UNUSED_ARGUMENT(result);
}

static void on_timer(SXE_TIMER *timer, void *arg)
{
    SXE_UNUSED_ARGUMENT(timer);
    SXE_UNUSED_ARGUMENT(arg);
}

static void on_deferred(void *arg)
{
    SXE_UNUSED_ARGUMENT(arg);
}

/* A TCP object that was closed: free again, in the pool. */
static SXE *closed_object(void)
{
    SXE *this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);

    ck_assert_ptr_nonnull(this);
    ck_assert_int_eq(sxe_close(this), SXE_RETURN_OK);
    return this;
}

/* ---- life cycle ---------------------------------------------------------------------------------------------- */

START_TEST(sxe_register_after_sxe_init_is_ignored_and_logged)
{
    sxe_test_init(2, 0);
    sxe_test_api_expect_log("sxe_register");
    sxe_register(5, 0);
    sxe_test_api_check_log();
    ck_assert_ptr_nonnull(sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL));
    ck_assert_ptr_nonnull(sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL));
    ck_assert_ptr_null(sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL)); /* still 2 objects */
    sxe_fini();
}
END_TEST

START_TEST(sxe_set_buffer_size_after_sxe_init_returns_bad_state_and_logs)
{
    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_set_buffer_size");
    ck_assert_int_eq(sxe_set_buffer_size(4096), SXE_RETURN_ERROR_BAD_STATE);
    sxe_test_api_check_log();
    ck_assert_uint_eq(sxe_get_buffer_size(), SXE_BUFFER_SIZE_DEFAULT);
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_init_without_a_registration_returns_bad_parameter_and_logs)
{
    sxe_test_api_expect_log("sxe_init");
    ck_assert_int_eq(sxe_init(), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    ck_assert_uint_eq(sxe_get_allocated_bytes(), 0);
}
END_TEST

START_TEST(sxe_init_twice_returns_already_initialized_and_logs)
{
    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_init");
    ck_assert_int_eq(sxe_init(), SXE_RETURN_WARN_ALREADY_INITIALIZED);
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_fini_without_sxe_init_is_harmless)
{
    ck_assert_int_eq(sxe_fini(), SXE_RETURN_ERROR_NOT_INITIALIZED);
    ck_assert_int_eq(sxe_fini(), SXE_RETURN_ERROR_NOT_INITIALIZED);
    ck_assert_uint_eq(sxe_get_number_in_use(), 0);
}
END_TEST

START_TEST(the_classic_counters_and_object_checks_before_sxe_init_are_0_and_false)
{
    ck_assert_uint_eq(sxe_diag_get_free_count(), 0);
    ck_assert_uint_eq(sxe_diag_get_used_count(), 0);
    ck_assert(!sxe_is_valid(NULL));
    sxe_dump(NULL); /* nothing to dump */
}
END_TEST

START_TEST(sxe_dump_of_a_closed_object_is_logged)
{
    SXE *this;

    sxe_test_init(1, 0);
    this = closed_object();
    sxe_test_api_expect_log("sxe_dump");
    sxe_dump(this);
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_set_loop_after_sxe_init_returns_bad_state_and_logs)
{
    struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);

    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_set_loop");
    ck_assert_int_eq(sxe_set_loop(loop), SXE_RETURN_ERROR_BAD_STATE);
    sxe_test_api_check_log();
    ck_assert_ptr_eq(sxe_get_loop(), ev_default_loop(0));
    sxe_test_fini();
    ev_loop_destroy(loop);
}
END_TEST

START_TEST(sxe_get_number_in_use_before_sxe_init_is_0)
{
    ck_assert_uint_eq(sxe_get_number_in_use(), 0);
}
END_TEST

START_TEST(sxe_get_counters_of_null_is_logged)
{
    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_get_counters");
    sxe_get_counters(NULL);
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

/* ---- constructors -------------------------------------------------------------------------------------------- */

START_TEST(sxe_new_tcp_before_sxe_init_returns_null_and_logs)
{
    sxe_test_api_expect_log("sxe_new_tcp");
    ck_assert_ptr_null(sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL));
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_new_tcp_without_on_read_returns_null_and_logs)
{
    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_new_tcp");
    ck_assert_ptr_null(sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, NULL, NULL));
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_new_udp_without_on_read_returns_null_and_logs)
{
    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_new_udp");
    ck_assert_ptr_null(sxe_new_udp(NULL, "127.0.0.1", 0, NULL));
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_new_unix_with_a_null_path_returns_null_and_logs)
{
    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_new_unix");
    ck_assert_ptr_null(sxe_new_unix(NULL, NULL, NULL, on_read, NULL));
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_new_pipe_before_sxe_init_returns_null_and_logs)
{
    sxe_test_api_expect_log("sxe_new_pipe");
    ck_assert_ptr_null(sxe_new_pipe(NULL, "/tmp/sxe-api-pipe", NULL, on_read, NULL));
    sxe_test_api_check_log();
}
END_TEST

/* ---- listening and connecting -------------------------------------------------------------------------------- */

START_TEST(sxe_listen_of_a_failed_constructors_result_returns_bad_parameter_and_logs)
{
    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_listen");
    ck_assert_int_eq(sxe_listen(sxe_new_tcp(NULL, "localhost", 8000, NULL, on_read, NULL)),
                     SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_listen_of_a_closed_object_returns_bad_state_and_logs)
{
    SXE *this;

    sxe_test_init(1, 0);
    this = closed_object();
    sxe_test_api_expect_log("sxe_listen");
    ck_assert_int_eq(sxe_listen(this), SXE_RETURN_ERROR_BAD_STATE);
    sxe_test_api_check_log();
    sxe_test_fini(); /* the closed object stayed free: no socket was bound on it */
}
END_TEST

START_TEST(sxe_listen_twice_returns_bad_state_and_logs)
{
    SXE *this;

    sxe_test_init(1, 0);
    this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_listen(this), SXE_RETURN_OK);
    sxe_test_api_expect_log("sxe_listen");
    ck_assert_int_eq(sxe_listen(this), SXE_RETURN_ERROR_BAD_STATE);
    sxe_test_api_check_log();
    sxe_close(this);
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_listen_plus_of_null_returns_bad_parameter_and_logs)
{
    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_listen_plus");
    ck_assert_int_eq(sxe_listen_plus(NULL, SXE_LISTEN_FLAG_REUSEPORT), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_listen_oneshot_of_null_returns_bad_parameter_and_logs)
{
    sxe_test_api_expect_log("sxe_listen_oneshot");
    ck_assert_int_eq(sxe_listen_oneshot(NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_connect_pipe_of_null_returns_bad_parameter_and_logs)
{
    sxe_test_api_expect_log("sxe_connect");
    ck_assert_int_eq(sxe_connect_pipe(NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_construct_address_of_null_returns_null_and_logs)
{
    sxe_test_api_expect_log("sxe_construct_address");
    ck_assert_ptr_null(sxe_construct_address(NULL, "127.0.0.1", 80));
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_get_local_addr_of_null_or_of_a_closed_object_returns_null_and_logs)
{
    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_get_local_addr");
    ck_assert_ptr_null(sxe_get_local_addr(NULL));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_get_local_addr");
    ck_assert_ptr_null(sxe_get_local_addr(closed_object()));
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(the_socket_helpers_of_a_bad_descriptor_fail_with_its_errno)
{
    sxe_socket_init();
    ck_assert_int_eq(sxe_socket_set_nonblock(-1, 1), -1);
    ck_assert_int_eq(sxe_socket_get_last_error(), EBADF);
    ck_assert_str_eq(sxe_socket_get_last_error_as_str(), strerror(EBADF));
    sxe_socket_set_last_error(EPIPE);
    ck_assert_int_eq(errno, EPIPE);
    ck_assert_str_eq(sxe_socket_error_as_str(EPIPE), strerror(EPIPE));
}
END_TEST

START_TEST(sxe_listen_with_backlog_of_null_returns_bad_parameter_and_logs)
{
    sxe_test_api_expect_log("sxe_listen_with_backlog");
    ck_assert_int_eq(sxe_listen_with_backlog(NULL, 0, 16), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_connect_of_null_returns_bad_parameter_and_logs)
{
    sxe_test_api_expect_log("sxe_connect");
    ck_assert_int_eq(sxe_connect(NULL, "127.0.0.1", 80), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    ck_assert_int_eq(sxe_last_errno(), 0);
}
END_TEST

START_TEST(sxe_connect_of_a_udp_object_returns_bad_state_and_logs)
{
    SXE *this;

    sxe_test_init(1, 0);
    this = sxe_new_udp(NULL, "127.0.0.1", 0, on_read);
    sxe_test_api_expect_log("sxe_connect");
    ck_assert_int_eq(sxe_connect(this, "127.0.0.1", 80), SXE_RETURN_ERROR_BAD_STATE);
    sxe_test_api_check_log();
    sxe_close(this);
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_close_of_null_or_of_a_pointer_that_is_not_an_object_returns_bad_parameter_and_logs)
{
    static SXE not_an_object;

    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_close");
    ck_assert_int_eq(sxe_close(NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_close");
    ck_assert_int_eq(sxe_close(&not_an_object), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_close_of_a_closed_object_returns_already_closed_and_logs)
{
    SXE *this;

    sxe_test_init(1, 0);
    this = closed_object();
    sxe_test_api_expect_log("sxe_close");
    ck_assert_int_eq(sxe_close(this), SXE_RETURN_WARN_ALREADY_CLOSED);
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_shutdown_of_null_a_closed_object_or_an_unconnected_one_is_refused_and_logged)
{
    SXE *this;

    sxe_test_init(2, 0);
    sxe_test_api_expect_log("sxe_shutdown");
    ck_assert_int_eq(sxe_shutdown(NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    this = closed_object();
    sxe_test_api_expect_log("sxe_shutdown");
    ck_assert_int_eq(sxe_shutdown(this), SXE_RETURN_ERROR_NO_CONNECTION);
    sxe_test_api_check_log();
    this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    sxe_test_api_expect_log("sxe_shutdown");
    ck_assert_int_eq(sxe_shutdown(this), SXE_RETURN_ERROR_NO_CONNECTION); /* never connected */
    sxe_test_api_check_log();
    sxe_close(this);
    sxe_test_fini();
}
END_TEST

/* ---- options ------------------------------------------------------------------------------------------------- */

START_TEST(sxe_set_idle_timeout_of_null_returns_bad_parameter_and_of_a_closed_object_bad_state)
{
    SXE *this;

    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_set_idle_timeout");
    ck_assert_int_eq(sxe_set_idle_timeout(NULL, 1.0), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    this = closed_object();
    sxe_test_api_expect_log("sxe_set_idle_timeout");
    ck_assert_int_eq(sxe_set_idle_timeout(this, 1.0), SXE_RETURN_ERROR_BAD_STATE);
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_set_connect_timeout_of_null_returns_bad_parameter_and_logs)
{
    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_set_connect_timeout");
    ck_assert_int_eq(sxe_set_connect_timeout(NULL, 1.0), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_set_half_close_of_null_is_logged)
{
    sxe_test_api_expect_log("sxe_set_half_close");
    sxe_set_half_close(NULL, true);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_set_nodelay_of_a_closed_object_is_logged_and_ignored)
{
    SXE *this;

    sxe_test_init(1, 0);
    this = closed_object();
    sxe_test_api_expect_log("sxe_set_nodelay");
    sxe_set_nodelay(this, false);
    sxe_test_api_check_log();
    ck_assert_uint_eq(this->flags, 0);
    sxe_test_fini();
}
END_TEST

static void refused(SXE *listener, int fd)
{
    SXE_UNUSED_ARGUMENT(listener);
    SXE_UNUSED_ARGUMENT(fd);
}

START_TEST(sxe_set_refused_hook_of_null_or_of_a_connecting_object_is_logged_and_ignored)
{
    SXE *listener;
    SXE *client;

    sxe_test_init(3, 0);
    sxe_test_api_expect_log("sxe_set_refused_hook");
    sxe_set_refused_hook(NULL, refused);
    sxe_test_api_check_log();
    listener = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    client = sxe_new_tcp(NULL, "0.0.0.0", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", SXE_LOCAL_PORT(listener)), SXE_RETURN_OK);
    sxe_test_api_expect_log("sxe_set_refused_hook");
    sxe_set_refused_hook(client, refused);
    sxe_test_api_check_log();
    ck_assert_ptr_null(client->on_complete); /* the storage the hook would have taken */
    sxe_close(client);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

/* ---- writing ------------------------------------------------------------------------------------------------- */

START_TEST(sxe_write_of_null_returns_bad_parameter_and_logs)
{
    sxe_test_api_expect_log("sxe_write");
    ck_assert_int_eq(sxe_write(NULL, "x", 1), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_write_of_an_object_never_connected_returns_no_connection_and_logs)
{
    SXE *this;

    sxe_test_init(1, 0);
    this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    sxe_test_api_expect_log("sxe_write");
    ck_assert_int_eq(sxe_write(this, "x", 1), SXE_RETURN_ERROR_NO_CONNECTION);
    sxe_test_api_check_log();
    ck_assert_uint_eq(SXE_LAST_WRITE_LENGTH(this), 0);
    sxe_close(this);
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_write_to_of_null_or_of_a_null_buffer_returns_bad_parameter_and_logs)
{
    SXE *this;
    SXE_SOCKADDR to;

    sxe_test_init(1, 0);
    ck_assert_int_eq(sxe_parse_address(&to, "127.0.0.1", 9), SXE_RETURN_OK);
    sxe_test_api_expect_log("sxe_write_to");
    ck_assert_int_eq(sxe_write_to(NULL, "x", 1, &to), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    this = sxe_new_udp(NULL, "127.0.0.1", 0, on_read);
    sxe_test_api_expect_log("sxe_write_to");
    ck_assert_int_eq(sxe_write_to(this, NULL, 1, &to), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_close(this);
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_write_to_ip_of_a_closed_object_returns_no_connection_and_logs)
{
    SXE *this;

    sxe_test_init(1, 0);
    this = closed_object();
    sxe_test_api_expect_log("sxe_write_to_ip");
    ck_assert_int_eq(sxe_write_to_ip(this, "x", 1, "127.0.0.1", 9), SXE_RETURN_ERROR_NO_CONNECTION);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_write_to_ip");
    ck_assert_int_eq(sxe_write_to_ip(NULL, "x", 1, "127.0.0.1", 9), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_send_of_null_returns_bad_parameter_and_of_an_object_never_connected_no_connection)
{
    SXE *this;

    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_send");
    ck_assert_int_eq(sxe_send(NULL, "x", 1, on_complete), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    sxe_test_api_expect_log("sxe_send");
    ck_assert_int_eq(sxe_send(this, "x", 1, on_complete), SXE_RETURN_ERROR_NO_CONNECTION);
    sxe_test_api_check_log();
    sxe_close(this);
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_send_buffers_of_null_or_of_a_null_list_returns_bad_parameter_and_logs)
{
    SXE_LIST list;
    SXE *this;

    sxe_buffer_list_construct(&list);
    sxe_test_api_expect_log("sxe_send_buffers");
    ck_assert_int_eq(sxe_send_buffers(NULL, &list, on_complete), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_init(1, 0);
    this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    sxe_test_api_expect_log("sxe_send_buffers");
    ck_assert_int_eq(sxe_send_buffers(this, NULL, on_complete), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_send_buffers");
    ck_assert_int_eq(sxe_send_buffers(this, &list, on_complete), SXE_RETURN_ERROR_NO_CONNECTION);
    sxe_test_api_check_log();
    sxe_close(this);
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_notify_writable_of_null_or_of_a_closed_object_is_logged_and_calls_nothing)
{
    SXE *this;

    sxe_test_api_expect_log("sxe_notify_writable");
    sxe_notify_writable(NULL, on_complete);
    sxe_test_api_check_log();
    sxe_test_init(1, 0);
    this = closed_object();
    sxe_test_api_expect_log("sxe_notify_writable");
    sxe_notify_writable(this, on_complete);
    sxe_test_api_check_log();
    this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    sxe_test_api_expect_log("sxe_notify_writable");
    sxe_notify_writable(this, NULL);
    sxe_test_api_check_log();
    sxe_close(this);
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_new_socketpair_without_an_out_socket_or_before_sxe_init_returns_null_and_logs)
{
    int other;

    sxe_test_api_expect_log("sxe_new_socketpair");
    ck_assert_ptr_null(sxe_new_socketpair(NULL, &other, NULL, on_read, NULL));
    sxe_test_api_check_log();
    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_new_socketpair");
    ck_assert_ptr_null(sxe_new_socketpair(NULL, NULL, NULL, on_read, NULL));
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_detach_of_null_of_a_listener_or_with_too_small_a_buffer_is_refused_and_logged)
{
    SXE *listener;
    char buf[4];
    unsigned length = 99;
    int fd = 99;

    sxe_test_api_expect_log("sxe_detach");
    ck_assert_int_eq(sxe_detach(NULL, &fd, buf, sizeof(buf), &length), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    ck_assert_int_eq(fd, -1);
    ck_assert_uint_eq(length, 0);
    sxe_test_init(2, 0);
    listener = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    sxe_test_api_expect_log("sxe_detach");
    ck_assert_int_eq(sxe_detach(listener, &fd, buf, sizeof(buf), &length), SXE_RETURN_ERROR_BAD_STATE);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_detach");
    ck_assert_int_eq(sxe_detach(listener, NULL, buf, sizeof(buf), &length), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    ck_assert_int_ge(SXE_FD(listener), 0); /* still listening */
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_new_from_fd_before_sxe_init_or_of_a_udp_socket_returns_null_logs_and_keeps_the_descriptor)
{
    int udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

    ck_assert_int_ge(udp, 0);
    sxe_test_api_expect_log("sxe_new_from_fd");
    ck_assert_ptr_null(sxe_new_from_fd(NULL, udp, NULL, 0, NULL, on_read, NULL));
    sxe_test_api_check_log();
    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_new_from_fd");
    ck_assert_ptr_null(sxe_new_from_fd(NULL, udp, NULL, 0, NULL, on_read, NULL));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_new_from_fd");
    ck_assert_ptr_null(sxe_new_from_fd(NULL, udp, NULL, 1, NULL, on_read, NULL)); /* NULL bytes */
    sxe_test_api_check_log();
    ck_assert_int_eq(fcntl(udp, F_GETFD), FD_CLOEXEC); /* still open, untouched */
    close(udp);
    sxe_test_fini();
}
END_TEST

static void on_ring_ready(SXE_RING *ring, void *arg)
{
    SXE_UNUSED_ARGUMENT(ring);
    SXE_UNUSED_ARGUMENT(arg);
}

START_TEST(every_ring_function_given_null_returns_its_error_value_and_logs)
{
    SXE_RING *ring = sxe_ring_new("api", 2, 8, SXE_RING_WAIT_BLOCKING);
    SXE_RING_COUNTERS counters;
    uint64_t first;

    sxe_ring_delete(NULL); /* ignored, as free(NULL) */
    sxe_test_api_expect_log("sxe_ring_new");
    ck_assert_ptr_null(sxe_ring_new("api", 3, 8, SXE_RING_WAIT_BLOCKING));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ring_produce_acquire");
    ck_assert_uint_eq(sxe_ring_produce_acquire(NULL, 1, &first), 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ring_produce_acquire");
    ck_assert_uint_eq(sxe_ring_produce_acquire(ring, 1, NULL), 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ring_produce_release");
    sxe_ring_produce_release(NULL, 0, 1);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ring_consume_acquire");
    ck_assert_uint_eq(sxe_ring_consume_acquire(NULL, 1, &first), 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ring_consume_release");
    sxe_ring_consume_release(NULL, 0, 1);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ring_element");
    ck_assert_ptr_null(sxe_ring_element(NULL, 0));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ring_consume_on_loop");
    ck_assert_int_eq(sxe_ring_consume_on_loop(NULL, NULL, on_ring_ready, NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ring_consume_on_loop");
    ck_assert_int_eq(sxe_ring_consume_on_loop(ring, NULL, NULL, NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ring_consume_stop");
    sxe_ring_consume_stop(NULL);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ring_wait");
    ck_assert(!sxe_ring_wait(NULL, 0));
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ring_wake");
    sxe_ring_wake(NULL);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ring_get_capacity");
    ck_assert_uint_eq(sxe_ring_get_capacity(NULL), 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ring_get_element_size");
    ck_assert_uint_eq(sxe_ring_get_element_size(NULL), 0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ring_get_counters");
    sxe_ring_get_counters(NULL, &counters);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_ring_get_counters");
    sxe_ring_get_counters(ring, NULL);
    sxe_test_api_check_log();
    sxe_ring_delete(ring);
}
END_TEST

START_TEST(sxe_write_pipe_of_null_or_of_a_closed_object_is_refused_and_logged)
{
    sxe_test_api_expect_log("sxe_write_pipe");
    ck_assert_int_eq(sxe_write_pipe(NULL, "x", 1, 0), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_write_pipe");
    ck_assert_int_eq(sxe_write_pipe(closed_object(), "x", 1, 0), SXE_RETURN_ERROR_NO_CONNECTION);
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_get_bytes_acknowledged_of_null_returns_bad_parameter_and_logs)
{
    unsigned long long bytes = 1;

    sxe_test_api_expect_log("sxe_get_bytes_acknowledged");
    ck_assert_int_eq(sxe_get_bytes_acknowledged(NULL, &bytes), SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_uint_eq(bytes, 0);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_sendfile_of_null_returns_bad_parameter_and_logs)
{
    sxe_test_api_expect_log("sxe_sendfile");
    ck_assert_int_eq(sxe_sendfile(NULL, 0, NULL, 1, on_complete), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
}
END_TEST

/* ---- reading ------------------------------------------------------------------------------------------------- */

START_TEST(sxe_buf_clear_of_null_or_of_a_closed_object_is_logged)
{
    SXE *this;

    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_buf_clear");
    sxe_buf_clear(NULL);
    sxe_test_api_check_log();
    this = closed_object();
    sxe_test_api_expect_log("sxe_buf_clear");
    SXE_BUF_CLEAR(this);
    sxe_test_api_check_log();
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_buf_consume_of_null_is_logged)
{
    sxe_test_api_expect_log("sxe_buf_consume");
    sxe_buf_consume(NULL, 1);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_buf_discard_of_null_or_of_more_than_is_buffered_is_logged)
{
    SXE *this;

    sxe_test_api_expect_log("sxe_buf_discard");
    sxe_buf_discard(NULL, 1);
    sxe_test_api_check_log();
    sxe_test_init(1, 0);
    this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    sxe_test_api_expect_log("sxe_buf_discard");
    sxe_buf_discard(this, 5);
    sxe_test_api_check_log();
    ck_assert_uint_eq(SXE_FLAGS(this) & SXE_FLAG_IS_PAUSED, 0); /* discarding does not pause */
    sxe_close(this);
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_buf_consume_of_more_than_is_buffered_consumes_it_all_and_logs)
{
    SXE *this;

    sxe_test_init(1, 0);
    this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    sxe_test_api_expect_log("sxe_buf_consume");
    sxe_buf_consume(this, 5);
    sxe_test_api_check_log();
    ck_assert_uint_eq(SXE_BUF_USED(this), 0);
    sxe_close(this);
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_pause_of_null_or_of_a_closed_object_is_logged_and_changes_nothing)
{
    SXE *this;

    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_pause");
    sxe_pause(NULL);
    sxe_test_api_check_log();
    this = closed_object();
    sxe_test_api_expect_log("sxe_pause");
    sxe_pause(this);
    sxe_test_api_check_log();
    ck_assert_uint_eq(this->flags, 0); /* a free object stays clean for its next user */
    sxe_test_fini();
}
END_TEST

START_TEST(sxe_buf_resume_of_null_or_with_a_bad_how_is_logged_and_ignored)
{
    SXE *this;

    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_buf_resume");
    sxe_buf_resume(NULL, SXE_BUF_RESUME_IMMEDIATE);
    sxe_test_api_check_log();
    this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    sxe_pause(this);
    sxe_test_api_expect_log("sxe_buf_resume");
    sxe_buf_resume(this, (SXE_BUF_RESUME)7);
    sxe_test_api_check_log();
    ck_assert_uint_ne(this->flags & SXE_FLAG_PAUSED, 0); /* still paused */
    sxe_close(this);
    sxe_test_fini();
}
END_TEST

/* ---- addresses ----------------------------------------------------------------------------------------------- */

START_TEST(sxe_get_local_port_of_null_is_0_and_logged)
{
    sxe_test_api_expect_log("sxe_get_local_port");
    ck_assert_uint_eq(sxe_get_local_port(NULL), 0);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_peer_addr_string_of_null_is_empty_and_with_a_null_buffer_is_null_both_logged)
{
    char text[SXE_ADDRESS_STRING_MAXIMUM] = "garbage";
    SXE *this;

    sxe_test_init(1, 0);
    sxe_test_api_expect_log("sxe_peer_addr_string");
    ck_assert_str_eq(sxe_peer_addr_string(NULL, text, sizeof(text)), "");
    sxe_test_api_check_log();
    this = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    sxe_test_api_expect_log("sxe_peer_addr_string");
    ck_assert_ptr_null(sxe_peer_addr_string(this, NULL, 16));
    sxe_test_api_check_log();
    sxe_close(this);
    sxe_test_fini();
}
END_TEST

/* ---- timers and deferred work -------------------------------------------------------------------------------- */

START_TEST(sxe_timer_construct_of_null_is_logged)
{
    sxe_test_api_expect_log("sxe_timer_construct");
    sxe_timer_construct(NULL, on_timer, NULL);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_timer_schedule_of_a_timer_without_a_callback_is_logged_and_not_started)
{
    SXE_TIMER zeroed;
    SXE_TIMER without_callback;

    memset(&zeroed, 0, sizeof(zeroed));
    sxe_test_api_expect_log("sxe_timer_schedule");
    sxe_timer_schedule(&zeroed, 0.01, 0);
    sxe_test_api_check_log();
    ck_assert(!sxe_timer_is_active(&zeroed));
    sxe_test_api_expect_log("sxe_timer_construct");
    sxe_timer_construct(&without_callback, NULL, NULL);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_timer_schedule");
    sxe_timer_schedule(&without_callback, 0.01, 0);
    sxe_test_api_check_log();
    ck_assert(!sxe_timer_is_active(&without_callback));
    sxe_test_api_expect_log("sxe_timer_schedule");
    sxe_timer_schedule(NULL, 0.01, 0);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_timer_cancel_of_null_is_logged)
{
    sxe_test_api_expect_log("sxe_timer_cancel");
    sxe_timer_cancel(NULL);
    sxe_test_api_check_log();
}
END_TEST

static void on_ev_timer(struct ev_loop *loop, ev_timer *timer, int revents)
{
    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(timer);
    SXE_UNUSED_ARGUMENT(revents);
}

START_TEST(the_classic_timer_calls_of_null_are_logged_and_ignored)
{
    ev_timer timer;

    sxe_test_api_expect_log("sxe_timer_init");
    sxe_timer_init(NULL, on_ev_timer, 1.0, 0.0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_timer_init");
    sxe_timer_init(&timer, NULL, 1.0, 0.0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_timer_start");
    sxe_timer_start(NULL);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_timer_stop");
    sxe_timer_stop(NULL);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_timer_set");
    sxe_timer_set(NULL, 1.0, 0.0);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_timer_again");
    sxe_timer_again(NULL);
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_timer_is_active_of_null_is_false_and_logged)
{
    sxe_test_api_expect_log("sxe_timer_is_active");
    ck_assert(!sxe_timer_is_active(NULL));
    sxe_test_api_check_log();
}
END_TEST

START_TEST(sxe_defer_of_null_or_without_a_callback_returns_bad_parameter_and_logs)
{
    SXE_DEFERRED deferred;

    memset(&deferred, 0, sizeof(deferred));
    sxe_test_api_expect_log("sxe_defer");
    ck_assert_int_eq(sxe_defer(NULL, on_deferred, NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_defer");
    ck_assert_int_eq(sxe_defer(&deferred, NULL, NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    ck_assert_uint_eq(deferred.queued, 0);
}
END_TEST

START_TEST(sxe_defer_cancel_of_null_is_logged)
{
    sxe_test_api_expect_log("sxe_defer_cancel");
    sxe_defer_cancel(NULL);
    sxe_test_api_check_log();
}
END_TEST

int main(void)
{
    const SXE_TEST_API_CASE cases[] = {
        {"sxe_register", sxe_register_after_sxe_init_is_ignored_and_logged},
        {"sxe_set_buffer_size", sxe_set_buffer_size_after_sxe_init_returns_bad_state_and_logs},
        {"sxe_get_buffer_size", NULL},
        {"sxe_set_warm_descriptors", NULL},
        {"sxe_init", sxe_init_without_a_registration_returns_bad_parameter_and_logs},
        {"sxe_init", sxe_init_twice_returns_already_initialized_and_logs},
        {"sxe_get_allocated_bytes", NULL},
        {"sxe_set_loop", sxe_set_loop_after_sxe_init_returns_bad_state_and_logs},
        {"sxe_get_loop", NULL},
        {"sxe_fini", sxe_fini_without_sxe_init_is_harmless},
        {"sxe_diag_get_free_count", the_classic_counters_and_object_checks_before_sxe_init_are_0_and_false},
        {"sxe_diag_get_used_count", the_classic_counters_and_object_checks_before_sxe_init_are_0_and_false},
        {"sxe_is_valid", the_classic_counters_and_object_checks_before_sxe_init_are_0_and_false},
        {"sxe_dump", sxe_dump_of_a_closed_object_is_logged},
        {"sxe_listen_oneshot", sxe_listen_oneshot_of_null_returns_bad_parameter_and_logs},
        {"sxe_set_listen_backlog", NULL},
        {"sxe_connect_pipe", sxe_connect_pipe_of_null_returns_bad_parameter_and_logs},
        {"sxe_construct_address", sxe_construct_address_of_null_returns_null_and_logs},
        {"sxe_get_local_addr", sxe_get_local_addr_of_null_or_of_a_closed_object_returns_null_and_logs},
        {"sxe_socket_init", NULL},
        {"sxe_socket_set_nonblock", the_socket_helpers_of_a_bad_descriptor_fail_with_its_errno},
        {"sxe_socket_get_last_error", NULL},
        {"sxe_socket_set_last_error", NULL},
        {"sxe_socket_error_as_str", NULL},
        {"sxe_socket_get_last_error_as_str", NULL},
        {"sxe_get_number_in_use", sxe_get_number_in_use_before_sxe_init_is_0},
        {"sxe_get_counters", sxe_get_counters_of_null_is_logged},
        {"sxe_new_tcp", sxe_new_tcp_before_sxe_init_returns_null_and_logs},
        {"sxe_new_tcp", sxe_new_tcp_without_on_read_returns_null_and_logs},
        {"sxe_new_udp", sxe_new_udp_without_on_read_returns_null_and_logs},
        {"sxe_new_unix", sxe_new_unix_with_a_null_path_returns_null_and_logs},
        {"sxe_new_pipe", sxe_new_pipe_before_sxe_init_returns_null_and_logs},
        {"sxe_listen", sxe_listen_of_a_failed_constructors_result_returns_bad_parameter_and_logs},
        {"sxe_listen", sxe_listen_of_a_closed_object_returns_bad_state_and_logs},
        {"sxe_listen", sxe_listen_twice_returns_bad_state_and_logs},
        {"sxe_listen_plus", sxe_listen_plus_of_null_returns_bad_parameter_and_logs},
        {"sxe_listen_with_backlog", sxe_listen_with_backlog_of_null_returns_bad_parameter_and_logs},
        {"sxe_connect", sxe_connect_of_null_returns_bad_parameter_and_logs},
        {"sxe_connect", sxe_connect_of_a_udp_object_returns_bad_state_and_logs},
        {"sxe_last_errno", NULL},
        {"sxe_close", sxe_close_of_null_or_of_a_pointer_that_is_not_an_object_returns_bad_parameter_and_logs},
        {"sxe_close", sxe_close_of_a_closed_object_returns_already_closed_and_logs},
        {"sxe_shutdown", sxe_shutdown_of_null_a_closed_object_or_an_unconnected_one_is_refused_and_logged},
        {"sxe_set_idle_timeout", sxe_set_idle_timeout_of_null_returns_bad_parameter_and_of_a_closed_object_bad_state},
        {"sxe_set_connect_timeout", sxe_set_connect_timeout_of_null_returns_bad_parameter_and_logs},
        {"sxe_set_half_close", sxe_set_half_close_of_null_is_logged},
        {"sxe_set_nodelay", sxe_set_nodelay_of_a_closed_object_is_logged_and_ignored},
        {"sxe_set_refused_hook", sxe_set_refused_hook_of_null_or_of_a_connecting_object_is_logged_and_ignored},
        {"sxe_write", sxe_write_of_null_returns_bad_parameter_and_logs},
        {"sxe_write", sxe_write_of_an_object_never_connected_returns_no_connection_and_logs},
        {"sxe_write_to", sxe_write_to_of_null_or_of_a_null_buffer_returns_bad_parameter_and_logs},
        {"sxe_write_to_ip", sxe_write_to_ip_of_a_closed_object_returns_no_connection_and_logs},
        {"sxe_send", sxe_send_of_null_returns_bad_parameter_and_of_an_object_never_connected_no_connection},
        {"sxe_sendfile", sxe_sendfile_of_null_returns_bad_parameter_and_logs},
        {"sxe_new_socketpair", sxe_new_socketpair_without_an_out_socket_or_before_sxe_init_returns_null_and_logs},
        {"sxe_write_pipe", sxe_write_pipe_of_null_or_of_a_closed_object_is_refused_and_logged},
        {"sxe_detach", sxe_detach_of_null_of_a_listener_or_with_too_small_a_buffer_is_refused_and_logged},
        {"sxe_new_from_fd",
         sxe_new_from_fd_before_sxe_init_or_of_a_udp_socket_returns_null_logs_and_keeps_the_descriptor},
        {"sxe_ring_new", every_ring_function_given_null_returns_its_error_value_and_logs},
        {"sxe_ring_delete", every_ring_function_given_null_returns_its_error_value_and_logs},
        {"sxe_ring_produce_acquire", every_ring_function_given_null_returns_its_error_value_and_logs},
        {"sxe_ring_produce_release", every_ring_function_given_null_returns_its_error_value_and_logs},
        {"sxe_ring_consume_acquire", every_ring_function_given_null_returns_its_error_value_and_logs},
        {"sxe_ring_consume_release", every_ring_function_given_null_returns_its_error_value_and_logs},
        {"sxe_ring_element", every_ring_function_given_null_returns_its_error_value_and_logs},
        {"sxe_ring_consume_on_loop", every_ring_function_given_null_returns_its_error_value_and_logs},
        {"sxe_ring_consume_stop", every_ring_function_given_null_returns_its_error_value_and_logs},
        {"sxe_ring_wait", every_ring_function_given_null_returns_its_error_value_and_logs},
        {"sxe_ring_wake", every_ring_function_given_null_returns_its_error_value_and_logs},
        {"sxe_ring_get_capacity", every_ring_function_given_null_returns_its_error_value_and_logs},
        {"sxe_ring_get_element_size", every_ring_function_given_null_returns_its_error_value_and_logs},
        {"sxe_ring_get_counters", every_ring_function_given_null_returns_its_error_value_and_logs},
        {"sxe_send_buffers", sxe_send_buffers_of_null_or_of_a_null_list_returns_bad_parameter_and_logs},
        {"sxe_notify_writable", sxe_notify_writable_of_null_or_of_a_closed_object_is_logged_and_calls_nothing},
        {"sxe_get_bytes_acknowledged", sxe_get_bytes_acknowledged_of_null_returns_bad_parameter_and_logs},
        {"sxe_buf_clear", sxe_buf_clear_of_null_or_of_a_closed_object_is_logged},
        {"sxe_buf_consume", sxe_buf_consume_of_null_is_logged},
        {"sxe_buf_consume", sxe_buf_consume_of_more_than_is_buffered_consumes_it_all_and_logs},
        {"sxe_buf_discard", sxe_buf_discard_of_null_or_of_more_than_is_buffered_is_logged},
        {"sxe_pause", sxe_pause_of_null_or_of_a_closed_object_is_logged_and_changes_nothing},
        {"sxe_buf_resume", sxe_buf_resume_of_null_or_with_a_bad_how_is_logged_and_ignored},
        {"sxe_get_local_port", sxe_get_local_port_of_null_is_0_and_logged},
        {"sxe_peer_addr_string", sxe_peer_addr_string_of_null_is_empty_and_with_a_null_buffer_is_null_both_logged},
        {"sxe_timer_construct", sxe_timer_construct_of_null_is_logged},
        {"sxe_timer_schedule", sxe_timer_schedule_of_a_timer_without_a_callback_is_logged_and_not_started},
        {"sxe_timer_cancel", sxe_timer_cancel_of_null_is_logged},
        {"sxe_timer_init", the_classic_timer_calls_of_null_are_logged_and_ignored},
        {"sxe_timer_start", the_classic_timer_calls_of_null_are_logged_and_ignored},
        {"sxe_timer_stop", the_classic_timer_calls_of_null_are_logged_and_ignored},
        {"sxe_timer_set", the_classic_timer_calls_of_null_are_logged_and_ignored},
        {"sxe_timer_again", the_classic_timer_calls_of_null_are_logged_and_ignored},
        {"sxe_timer_is_active", sxe_timer_is_active_of_null_is_false_and_logged},
        {"sxe_defer", sxe_defer_of_null_or_without_a_callback_returns_bad_parameter_and_logs},
        {"sxe_defer_cancel", sxe_defer_cancel_of_null_is_logged},
    };

    return sxe_test_api_main("lib-sxe", cases, SXE_ARRAY_SIZE(cases));
}
