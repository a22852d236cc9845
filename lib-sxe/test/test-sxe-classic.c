/* test-sxe-classic.c: the classic names of sxe.h that are not covered by a suite of their own: the "INADDR_ANY" string,
 * user data as an integer, replaceable callbacks, the literal writers, the classic flags, sxe_fini's result, the
 * object checks and counters, one-shot listeners, the global listen backlog, sxe_connect_pipe, sxe_construct_address
 * and sxe_get_local_addr.
 */
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../test/sxe-check.h"
#include "sxe-test.h"

static char received[256];
static unsigned received_length;
static unsigned connected;
static SXE *last_connected;

static void on_connected(SXE *this)
{
    connected++;
    last_connected = this;
}

static void on_read(SXE *this, int length)
{
    SXE_UNUSED_ARGUMENT(length);
    memcpy(received + received_length, SXE_BUF(this), SXE_BUF_USED(this));
    received_length += SXE_BUF_USED(this);
    SXE_BUF_CLEAR(this);
}

static void on_read_other(SXE *this, int length)
{
    SXE_UNUSED_ARGUMENT(length);
    received[received_length++] = '!';
    SXE_BUF_CLEAR(this);
}

static void reset(void)
{
    memset(received, 0, sizeof(received));
    received_length = 0;
    connected = 0;
    last_connected = NULL;
}

START_TEST(test_the_classic_any_address_string_binds_every_local_address)
{
    SXE *listener;
    int fd;

    reset();
    sxe_test_init(2, 0);
    ck_assert_str_eq(SXE_IP_ADDR_ANY, "INADDR_ANY");
    ck_assert_ptr_nonnull(listener = sxe_new_tcp(NULL, SXE_IP_ADDR_ANY, 0, on_connected, on_read, NULL));
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    ck_assert_uint_eq(SXE_LOCAL_ADDR(listener)->sin_addr.s_addr, htonl(INADDR_ANY));
    fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(connected == 1, 5.0));
    close(fd);
    ck_assert(SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 1, 5.0));
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_user_data_as_an_integer_is_the_same_storage_and_is_inherited_on_accept)
{
    SXE *listener;
    int fd;

    reset();
    sxe_test_init(2, 0);
    listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, NULL);
    SXE_USER_DATA_AS_INT(listener) = 42;
    ck_assert_ptr_eq(SXE_USER_DATA(listener), (void *)(intptr_t)42);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(connected == 1, 5.0));
    ck_assert_int_eq(SXE_USER_DATA_AS_INT(last_connected), 42);
    close(fd);
    ck_assert(SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 1, 5.0));
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_a_connection_can_be_given_another_read_callback_and_literals_are_written_whole)
{
    SXE *listener;
    bool eof = false;
    char reply[16] = "";
    int fd;

    reset();
    sxe_test_init(2, 0);
    listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(connected == 1, 5.0));
    ck_assert(SXE_EVENT_READ(last_connected) == on_read);
    ck_assert(SXE_EVENT_CLOSE(last_connected) == NULL);
    SXE_EVENT_READ(last_connected) = on_read_other;
    ck_assert_int_eq(write(fd, "x", 1), 1);
    ck_assert(SXE_TEST_RUN_UNTIL(received_length == 1, 5.0));
    ck_assert_str_eq(received, "!");
    ck_assert_int_eq(SXE_WRITE_LITERAL(last_connected, "abc"), SXE_RETURN_OK);
    ck_assert_int_eq(SXE_SEND_LITERAL(last_connected, "def", NULL), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_test_read(fd, reply, 6, 5.0, &eof), 6);
    ck_assert_str_eq(reply, "abcdef");
    close(fd);
    ck_assert(SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 1, 5.0));
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_the_classic_flags_say_stream_and_one_shot)
{
    SXE *tcp;
    SXE *udp;
    SXE *unix_object;

    sxe_test_init(3, 0);
    tcp = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    udp = sxe_new_udp(NULL, "127.0.0.1", 0, on_read);
    unix_object = sxe_new_pipe(NULL, "/tmp/sxe-test-classic-flags", NULL, on_read, NULL);
    ck_assert_uint_eq(SXE_FLAGS(tcp) & SXE_FLAG_IS_STREAM, SXE_FLAG_IS_STREAM);
    ck_assert_uint_eq(SXE_FLAGS(unix_object) & SXE_FLAG_IS_STREAM, SXE_FLAG_IS_STREAM);
    ck_assert_uint_eq(SXE_FLAGS(udp) & SXE_FLAG_IS_STREAM, 0);
    ck_assert_int_eq(sxe_listen_oneshot(tcp), SXE_RETURN_OK);
    ck_assert_uint_eq(SXE_FLAGS(tcp) & SXE_FLAG_IS_ONESHOT, SXE_FLAG_IS_ONESHOT);
    ck_assert_uint_eq(SXE_FLAGS(tcp) & (SXE_FLAG_IS_CALLER_READS | SXE_FLAG_IS_PAUSED), 0);
    sxe_pause(tcp);
    ck_assert_uint_eq(SXE_FLAGS(tcp) & SXE_FLAG_IS_PAUSED, SXE_FLAG_IS_PAUSED);
    ck_assert_int_eq(SXE_BUF_SIZE, 1500);
    ck_assert_ptr_eq(SXE_EXTRA(tcp), tcp + 1); /* classic code reaches its extra bytes this way */
    sxe_close(tcp);
    sxe_close(udp);
    sxe_close(unix_object);
    sxe_test_fini();
}
END_TEST

START_TEST(test_sxe_fini_says_whether_there_was_something_to_finish)
{
    sxe_register(1, 0);
    ck_assert_int_eq(sxe_init(), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_fini(), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_fini(), SXE_RETURN_ERROR_NOT_INITIALIZED);
}
END_TEST

START_TEST(test_objects_are_recognized_and_counted_free_and_used)
{
    SXE *first;
    char not_an_object[sizeof(SXE)];

    ck_assert(!sxe_is_valid(NULL));
    sxe_test_init(3, 0);
    ck_assert_uint_eq(sxe_diag_get_free_count(), 3);
    ck_assert_uint_eq(sxe_diag_get_used_count(), 0);
    first = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    ck_assert_uint_eq(sxe_diag_get_free_count(), 2);
    ck_assert_uint_eq(sxe_diag_get_used_count(), 1);
    ck_assert(sxe_is_valid(first));
    ck_assert(!sxe_is_valid((SXE *)(void *)not_an_object));
    ck_assert(!sxe_is_valid((SXE *)(void *)((char *)first + 8)));
    sxe_dump(NULL);
    sxe_dump(first);
    sxe_close(first);
    ck_assert(sxe_is_valid(first)); /* free, still one of the pool's */
    sxe_test_fini();
    ck_assert_uint_eq(sxe_diag_get_free_count(), 0);
}
END_TEST

/* Connects a blocking socket to 127.0.0.1:port; returns 0 when connected, else the errno. */
static int refused_connect(unsigned short port)
{
    struct sockaddr_in address;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int error;

    sxe_construct_address(&address, "127.0.0.1", port);
    error = connect(fd, (struct sockaddr *)&address, sizeof(address)) == 0 ? 0 : errno;
    close(fd);
    return error;
}

START_TEST(test_a_one_shot_listener_becomes_its_first_connection)
{
    SXE *listener;
    unsigned short port;
    bool eof = false;
    char reply[4] = "";
    int fd;

    reset();
    sxe_test_init(1, 0); /* one object: the connection is the listener itself */
    listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, NULL);
    ck_assert_int_eq(sxe_listen_oneshot(listener), SXE_RETURN_OK);
    port = SXE_LOCAL_PORT(listener);
    fd = sxe_test_connect("127.0.0.1", port);
    ck_assert(SXE_TEST_RUN_UNTIL(connected == 1, 5.0));
    ck_assert_ptr_eq(last_connected, listener);
    ck_assert_uint_eq(SXE_FLAGS(listener) & SXE_FLAG_IS_ONESHOT, 0);
    ck_assert_uint_eq(SXE_PEER_ADDR(listener)->sin_addr.s_addr, htonl(INADDR_LOOPBACK));
    ck_assert_int_eq(write(fd, "hi", 2), 2);
    ck_assert(SXE_TEST_RUN_UNTIL(received_length == 2, 5.0));
    ck_assert_int_eq(SXE_WRITE_LITERAL(listener, "ok"), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_test_read(fd, reply, 2, 5.0, &eof), 2);
    ck_assert_str_eq(reply, "ok");
    ck_assert_int_eq(refused_connect(port), ECONNREFUSED); /* nothing listens any more */
    close(fd);
    ck_assert(SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 0, 5.0)); /* the peer closed the connection */
    sxe_test_fini();
}
END_TEST

static int listen_backlog_seen;

static int recording_listen(int fd, int backlog)
{
    listen_backlog_seen = backlog;
    return listen(fd, backlog);
}

START_TEST(test_the_global_listen_backlog_applies_to_later_listeners)
{
    SXE *listener;

    sxe_test_init(2, 0);
    sxe_syscalls.listen = recording_listen;
    sxe_set_listen_backlog(7);
    listener = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    ck_assert_int_eq(listen_backlog_seen, 7);
    sxe_close(listener);
    sxe_set_listen_backlog(0);
    listener = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_listen_plus(listener, 0), SXE_RETURN_OK);
    ck_assert_int_eq(listen_backlog_seen, SXE_LISTEN_BACKLOG_DEFAULT);
    ck_assert_int_eq(sxe_listen_plus(listener, 0x8000), SXE_RETURN_ERROR_BAD_PARAMETER); /* unknown flag */
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_a_pipe_connects_with_sxe_connect_pipe)
{
    const char *path = "/tmp/sxe-test-classic-pipe";
    SXE *listener;
    SXE *client;

    reset();
    unlink(path);
    sxe_test_init(3, 0);
    listener = sxe_new_pipe(NULL, path, on_connected, on_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    client = sxe_new_pipe(NULL, path, on_connected, on_read, NULL);
    ck_assert_int_eq(sxe_connect_pipe(client), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(connected == 2, 5.0));
    ck_assert_int_eq(sxe_connect_pipe(client), SXE_RETURN_ERROR_ALREADY_CONNECTED);
    ck_assert_int_eq(SXE_WRITE_LITERAL(client, "pipe"), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(received_length == 4, 5.0));
    sxe_close(client);
    ck_assert(SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 1, 5.0));
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_a_constructed_address_reaches_a_udp_object_and_the_local_address_is_known)
{
    struct sockaddr_in address;
    SXE *server;
    SXE *client;

    reset();
    sxe_test_init(2, 0);
    server = sxe_new_udp(NULL, "127.0.0.1", 0, on_read);
    client = sxe_new_udp(NULL, "127.0.0.1", 0, on_read);
    ck_assert_int_eq(sxe_listen(server), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_listen(client), SXE_RETURN_OK);
    ck_assert_uint_ne(sxe_get_local_addr(server)->sin_port, 0); /* the port the kernel chose */
    ck_assert_ptr_eq(sxe_construct_address(&address, "127.0.0.1", SXE_LOCAL_PORT(server)), &address);
    ck_assert_int_eq(sxe_write_to(client, "udp", 3, &address), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(received_length == 3, 5.0));
    ck_assert_str_eq(received, "udp");
    sxe_construct_address(&address, "not an address", 9);
    ck_assert_uint_eq(address.sin_addr.s_addr, htonl(INADDR_NONE));
    sxe_construct_address(&address, SXE_IP_ADDR_ANY, 9);
    ck_assert_uint_eq(address.sin_addr.s_addr, htonl(INADDR_ANY));
    sxe_close(server);
    sxe_close(client);
    sxe_test_fini();
}
END_TEST

/* A classic client with a pool of exactly one object: it reconnects from on_close. */
static unsigned short reconnect_port;
static unsigned reconnects;
static unsigned reconnect_closes;

static void on_reconnect_close(SXE *this);

static void on_reconnect_read(SXE *this, int length)
{
    SXE_UNUSED_ARGUMENT(length);
    SXE_BUF_CLEAR(this);
}

static void on_reconnect_close(SXE *this)
{
    SXE *again;

    ck_assert_uint_eq(SXE_USER_DATA_AS_INT(this), 7); /* readable in on_close */
    reconnect_closes++;

    if (reconnect_closes == 3) {
        return;
    }

    again = sxe_new_tcp(NULL, "0.0.0.0", 0, NULL, on_reconnect_read, on_reconnect_close);
    ck_assert_ptr_nonnull(again); /* the object being closed was taken */
    SXE_USER_DATA_AS_INT(again) = 7;
    ck_assert_int_eq(sxe_connect(again, "127.0.0.1", reconnect_port), SXE_RETURN_OK);
    reconnects++;
}

START_TEST(test_a_classic_client_reconnects_from_on_close_with_an_exactly_sized_pool)
{
    struct sockaddr_in address;
    socklen_t length = sizeof(address);
    int server = socket(AF_INET, SOCK_STREAM, 0);
    SXE *client;

    ck_assert_int_eq(
        bind(server, (const struct sockaddr *)sxe_construct_address(&address, "127.0.0.1", 0), sizeof(address)), 0);
    ck_assert_int_eq(listen(server, 8), 0);
    ck_assert_int_eq(getsockname(server, (struct sockaddr *)&address, &length), 0);
    reconnect_port = ntohs(address.sin_port);
    reconnects = reconnect_closes = 0;
    sxe_test_init(1, 0); /* exactly one object: the client */
    client = sxe_new_tcp(NULL, "0.0.0.0", 0, NULL, on_reconnect_read, on_reconnect_close);
    SXE_USER_DATA_AS_INT(client) = 7;
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", reconnect_port), SXE_RETURN_OK);

    for (unsigned accepted = 0; accepted < 3; accepted++) { /* the server hangs up on each connection */
        int fd;

        ck_assert(SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 1, 5.0));
        ck_assert_int_ge(fd = accept(server, NULL, NULL), 0);
        close(fd);
        ck_assert(SXE_TEST_RUN_UNTIL(reconnect_closes == accepted + 1, 5.0));
    }

    ck_assert_uint_eq(reconnects, 2);
    ck_assert_uint_eq(sxe_get_number_in_use(), 0);
    close(server);
    sxe_test_fini();
}
END_TEST

START_TEST(test_after_sxe_init_a_program_still_reaps_its_own_children)
{
    int status = 0;
    pid_t child;

    sxe_test_init(1, 0); /* makes the default loop: libev must not take SIGCHLD (classic) */

    if ((child = fork()) == 0) {
        _exit(7);
    }

    sxe_test_run_for(0.1); /* the loop runs while the child exits */
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 7);
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-classic", test_the_classic_any_address_string_binds_every_local_address,
              test_user_data_as_an_integer_is_the_same_storage_and_is_inherited_on_accept,
              test_a_connection_can_be_given_another_read_callback_and_literals_are_written_whole,
              test_the_classic_flags_say_stream_and_one_shot, test_sxe_fini_says_whether_there_was_something_to_finish,
              test_objects_are_recognized_and_counted_free_and_used,
              test_a_one_shot_listener_becomes_its_first_connection,
              test_the_global_listen_backlog_applies_to_later_listeners, test_a_pipe_connects_with_sxe_connect_pipe,
              test_a_constructed_address_reaches_a_udp_object_and_the_local_address_is_known,
              test_a_classic_client_reconnects_from_on_close_with_an_exactly_sized_pool,
              test_after_sxe_init_a_program_still_reaps_its_own_children)
