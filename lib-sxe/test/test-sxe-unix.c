/* test-sxe-unix.c: unix-domain stream sockets: listen, connect, echo, path life cycle, refusal. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sxe-test.h"
#include "../../test/sxe-check.h"

static char path[108];
static unsigned received;
static unsigned connected;
static unsigned closed;
static SXE_RETURN close_reason;

static void server_read(SXE *this, int length)
{
    sxe_write(this, SXE_BUF(this), (unsigned)length);
    sxe_buf_discard(this, (unsigned)length);
}

static void client_connected(SXE *this)
{
    connected++;
    ck_assert_int_eq(sxe_write(this, "unix", 4), SXE_RETURN_OK);
}

static void client_read(SXE *this, int length)
{
    received += (unsigned)length;
    SXE_BUF_CLEAR(this);
}

static void on_close(SXE *this)
{
    close_reason = SXE_CLOSE_REASON(this);
    closed++;
}

static void make_path(void)
{
    snprintf(path, sizeof(path), "/tmp/test-sxe-unix-%d.sock", getpid());
    unlink(path);
}

START_TEST(test_unix_listen_connect_echo_and_unlink_on_close)
{
    struct stat st;
    char text[128];

    make_path();
    sxe_test_init(3, 0);
    SXE *listener = sxe_new_unix(NULL, path, NULL, server_read, on_close);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_uint_eq(SXE_LOCAL_PORT(listener), 0);

    SXE *client = sxe_new_pipe(NULL, path, client_connected, client_read, NULL);
    ck_assert_int_eq(sxe_connect(client, NULL, 0), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(received == 4, 5.0));
    ck_assert_str_eq(sxe_peer_addr_string(client, text, sizeof(text)), path);
    ck_assert_uint_eq(SXE_PEER_PORT(client), 0); /* the header's promise: unix peers have no port */
    sxe_close(client);
    ck_assert(SXE_TEST_RUN_UNTIL(closed == 1, 5.0));
    ck_assert_int_eq(close_reason, SXE_RETURN_END_OF_FILE);

    /* a second listener on the same path fails while the first holds it */
    SXE *second = sxe_new_unix(NULL, path, NULL, server_read, NULL);
    ck_assert_int_eq(sxe_listen(second), SXE_RETURN_ERROR_ADDRESS_IN_USE);
    sxe_close(second);
    sxe_close(listener);
    ck_assert_int_ne(stat(path, &st), 0); /* the listener removed its path */
    sxe_test_fini();
}
END_TEST

START_TEST(test_unix_connect_to_missing_path_calls_on_close)
{
    make_path();
    sxe_test_init(2, 0);
    SXE *client = sxe_new_unix(NULL, "/tmp/placeholder", client_connected, client_read, on_close);
    ck_assert_int_eq(sxe_connect(client, path, 0), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(closed == 1, 5.0));
    ck_assert_int_eq(close_reason, SXE_RETURN_ERROR_CONNECTION_REFUSED);
    ck_assert_uint_eq(connected, 0);
    sxe_test_fini();
}
END_TEST

START_TEST(test_unix_bad_paths_are_rejected)
{
    char long_path[200];

    memset(long_path, 'p', sizeof(long_path) - 1);
    long_path[sizeof(long_path) - 1] = '\0';
    sxe_test_init(1, 0);
    ck_assert_ptr_null(sxe_new_unix(NULL, long_path, NULL, server_read, NULL));
    ck_assert_ptr_null(sxe_new_unix(NULL, "", NULL, server_read, NULL));
    ck_assert_ptr_null(sxe_new_unix(NULL, NULL, NULL, server_read, NULL));
    SXE *client = sxe_new_unix(NULL, "/tmp/x", NULL, client_read, NULL);
    ck_assert_int_eq(sxe_connect(client, long_path, 0), SXE_RETURN_ERROR_INVALID_ADDRESS);
    ck_assert_int_eq(sxe_connect(client, "", 0), SXE_RETURN_ERROR_INVALID_ADDRESS);
    sxe_close(client);
    sxe_test_fini();
}
END_TEST

static SXE *accepted_connection;

static void server_connected(SXE *this)
{
    accepted_connection = this;
}

START_TEST(test_unix_accepted_connection_reports_the_listener_path_as_its_peer)
{
    char text[128];

    make_path();
    accepted_connection = NULL;
    sxe_test_init(3, 0);
    SXE *listener = sxe_new_unix(NULL, path, server_connected, server_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    SXE *client = sxe_new_unix(NULL, path, NULL, client_read, NULL);
    ck_assert_int_eq(sxe_connect(client, NULL, 0), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(accepted_connection != NULL, 5.0));
    ck_assert_int_eq(SXE_PEER_FAMILY(accepted_connection), AF_UNIX);
    ck_assert_int_eq(SXE_PEER_SOCKADDR(accepted_connection)->sa_family, AF_UNIX);
    ck_assert_str_eq(sxe_peer_addr_string(accepted_connection, text, sizeof(text)), path);
    ck_assert_uint_eq(SXE_PEER_PORT(accepted_connection), 0);
    sxe_close(listener); /* the connection keeps its (shared) path after the listener is gone */
    ck_assert_str_eq(sxe_peer_addr_string(accepted_connection, text, sizeof(text)), path);
    sxe_close(accepted_connection);
    sxe_close(client);
    sxe_test_fini();
}
END_TEST

START_TEST(test_unix_path_table_shares_equal_paths_and_is_bounded)
{
    SXE *objects[SXE_UNIX_PATHS_MAXIMUM + 2];
    char name[64];
    char text[128];

    sxe_test_init(SXE_UNIX_PATHS_MAXIMUM + 3, 0);

    for (unsigned i = 0; i < SXE_UNIX_PATHS_MAXIMUM; i++) { /* fill the table with distinct paths */
        snprintf(name, sizeof(name), "/tmp/test-sxe-unix-table-%u", i);
        ck_assert_ptr_nonnull(objects[i] = sxe_new_unix(NULL, name, NULL, client_read, NULL));
    }

    ck_assert_ptr_null(sxe_new_unix(NULL, "/tmp/test-sxe-unix-table-new", NULL, client_read, NULL));
    ck_assert_uint_eq(sxe_get_number_in_use(), SXE_UNIX_PATHS_MAXIMUM); /* the refused object went back */
    objects[SXE_UNIX_PATHS_MAXIMUM] = sxe_new_unix(NULL, "/tmp/test-sxe-unix-table-3", NULL, client_read, NULL);
    ck_assert_ptr_nonnull(objects[SXE_UNIX_PATHS_MAXIMUM]); /* an equal path shares its entry */
    ck_assert_int_eq(sxe_connect(objects[0], "/tmp/test-sxe-unix-table-new", 0), SXE_RETURN_ERROR_NOT_SUPPORTED);
    ck_assert_int_eq(sxe_connect(objects[0], "/tmp/test-sxe-unix-table-3", 0), SXE_RETURN_OK); /* frees entry 0 */
    ck_assert_str_eq(sxe_peer_addr_string(objects[0], text, sizeof(text)), "/tmp/test-sxe-unix-table-3");
    sxe_test_run_for(0.01); /* nothing listens there: the failed connect frees objects[0] */
    objects[SXE_UNIX_PATHS_MAXIMUM + 1] = sxe_new_unix(NULL, "/tmp/test-sxe-unix-table-new", NULL, client_read, NULL);
    ck_assert_ptr_nonnull(objects[SXE_UNIX_PATHS_MAXIMUM + 1]);

    for (unsigned i = 0; i < SXE_UNIX_PATHS_MAXIMUM + 2; i++) {
        if (sxe_pool_index_to_state(sxe_globals.pool, objects[i]->id) != SXE_STATE_FREE) {
            sxe_close(objects[i]);
        }
    }

    for (unsigned i = 0; i < SXE_UNIX_PATHS_MAXIMUM; i++) { /* every entry is free again */
        snprintf(name, sizeof(name), "/tmp/test-sxe-unix-table-again-%u", i);
        ck_assert_ptr_nonnull(objects[i] = sxe_new_unix(NULL, name, NULL, client_read, NULL));
    }

    for (unsigned i = 0; i < SXE_UNIX_PATHS_MAXIMUM; i++) {
        sxe_close(objects[i]);
    }

    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-unix", test_unix_listen_connect_echo_and_unlink_on_close,
              test_unix_connect_to_missing_path_calls_on_close, test_unix_bad_paths_are_rejected,
              test_unix_accepted_connection_reports_the_listener_path_as_its_peer,
              test_unix_path_table_shares_equal_paths_and_is_bounded)
