/* test-sxe-pipe.c: classic socket pairs, descriptor passing with sxe_write_pipe(), and the hand-off: the unix object
 * that receives a descriptor becomes that connection once its pipe is drained, and the sender sees its pipe close.
 */
#include <dirent.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../test/sxe-check.h"
#include "sxe-test.h"

static char path[108];
static char received[256];
static unsigned received_length;
static unsigned connected;
static unsigned closed;
static SXE *last_connected;
static SXE *last_closed;
static SXE_RETURN last_close_reason;
static bool connected_inside_constructor;
static bool constructing;

static void reset(void)
{
    memset(received, 0, sizeof(received));
    received_length = connected = closed = 0;
    last_connected = last_closed = NULL;
    connected_inside_constructor = false;
    snprintf(path, sizeof(path), "/tmp/test-sxe-pipe-%d.sock", getpid());
    unlink(path);
}

static void on_connected(SXE *this)
{
    connected++;
    last_connected = this;
    connected_inside_constructor = constructing;
}

static void on_read(SXE *this, int length)
{
    SXE_UNUSED_ARGUMENT(length);
    memcpy(received + received_length, SXE_BUF(this), SXE_BUF_USED(this));
    received_length += SXE_BUF_USED(this);
    SXE_BUF_CLEAR(this);
}

static void on_close(SXE *this)
{
    closed++;
    last_closed = this;
    last_close_reason = SXE_CLOSE_REASON(this);
}

/* The descriptors this process has open. */
static unsigned open_descriptors(void)
{
    DIR *dir = opendir("/proc/self/fd");
    unsigned count = 0;

    ck_assert_ptr_nonnull(dir);

    while (readdir(dir) != NULL) {
        count++;
    }

    closedir(dir);
    return count;
}

START_TEST(test_a_socketpair_object_is_connected_from_the_loop_and_talks_to_the_other_end)
{
    char reply[8] = "";
    int other = -1;
    SXE *this;

    reset();
    sxe_test_init(1, 0);
    constructing = true;
    this = sxe_new_socketpair(NULL, &other, on_connected, on_read, on_close);
    constructing = false;
    ck_assert_ptr_nonnull(this);
    ck_assert_int_ge(other, 0);
    ck_assert_uint_eq(connected, 0); /* not from inside the constructor */
    ck_assert(SXE_TEST_RUN_UNTIL(connected == 1, 5.0));
    ck_assert(!connected_inside_constructor);
    ck_assert_int_eq(write(other, "ping", 4), 4);
    ck_assert(SXE_TEST_RUN_UNTIL(received_length == 4, 5.0));
    ck_assert_int_eq(SXE_WRITE_LITERAL(this, "pong"), SXE_RETURN_OK);
    ck_assert_int_eq(read(other, reply, 4), 4); /* the other end is blocking */
    ck_assert_str_eq(reply, "pong");
    close(other);
    ck_assert(SXE_TEST_RUN_UNTIL(closed == 1, 5.0));
    ck_assert_int_eq(last_close_reason, SXE_RETURN_END_OF_FILE);
    sxe_test_fini();
}
END_TEST

START_TEST(test_a_socketpair_with_the_pool_exhausted_closes_both_ends)
{
    unsigned descriptors;
    int other = -1;
    SXE *first;

    reset();
    sxe_test_init(1, 0);
    first = sxe_new_socketpair(NULL, &other, NULL, on_read, NULL);
    descriptors = open_descriptors();
    ck_assert_ptr_null(sxe_new_socketpair(NULL, &other, NULL, on_read, NULL));
    ck_assert_uint_eq(open_descriptors(), descriptors);
    ck_assert_ptr_null(sxe_new_socketpair(NULL, NULL, NULL, on_read, NULL)); /* nowhere for the other end */
    sxe_close(first);
    sxe_test_fini();
}
END_TEST

START_TEST(test_write_pipe_refuses_what_cannot_carry_a_descriptor)
{
    SXE *tcp;
    SXE *pipe_object;
    int other = -1;

    reset();
    sxe_test_init(2, 0);
    tcp = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL);
    pipe_object = sxe_new_socketpair(NULL, &other, NULL, on_read, NULL);
    ck_assert_int_eq(sxe_write_pipe(tcp, "x", 1, 0), SXE_RETURN_ERROR_NOT_SUPPORTED);
    ck_assert_int_eq(sxe_write_pipe(pipe_object, "x", 0, 0), SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(sxe_write_pipe(pipe_object, "x", 1, -1), SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(sxe_write_pipe(NULL, "x", 1, 0), SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(sxe_write_pipe(pipe_object, "x", 1, 0), SXE_RETURN_OK); /* stdin goes */
    sxe_close(tcp);
    sxe_close(pipe_object);
    close(other);
    sxe_test_fini();
}
END_TEST

/* ---- the hand-off, in one process: a sender and a receiver object --------------------------------------------- */

static SXE *tcp_accepted;
static SXE *pipe_server_side;

static void on_tcp_connected(SXE *this)
{
    tcp_accepted = this;
}

static void on_pipe_accepted(SXE *this)
{
    pipe_server_side = this;
}

START_TEST(test_a_hand_off_waits_until_the_pipe_is_drained_then_the_receiver_becomes_the_tcp_connection)
{
    SXE *tcp_listener;
    SXE *pipe_listener;
    SXE *receiver;
    char reply[8] = "";
    int client;

    reset();
    tcp_accepted = pipe_server_side = NULL;
    sxe_test_init(5, 0);
    tcp_listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_tcp_connected, on_read, NULL);
    ck_assert_int_eq(sxe_listen(tcp_listener), SXE_RETURN_OK);
    pipe_listener = sxe_new_pipe(NULL, path, on_pipe_accepted, on_read, on_close);
    ck_assert_int_eq(sxe_listen(pipe_listener), SXE_RETURN_OK);
    receiver = sxe_new_pipe(NULL, path, on_connected, on_read, on_close);
    ck_assert_int_eq(sxe_connect_pipe(receiver), SXE_RETURN_OK);
    client = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(tcp_listener));
    ck_assert(SXE_TEST_RUN_UNTIL(tcp_accepted != NULL && pipe_server_side != NULL && connected == 1, 5.0));

    /* the sender passes the accepted connection, then writes more on the pipe before the receiver reads */
    ck_assert_int_eq(sxe_write_pipe(pipe_server_side, "a", 1, SXE_FD(tcp_accepted)), SXE_RETURN_OK);
    ck_assert_int_eq(SXE_WRITE_LITERAL(pipe_server_side, "bcd"), SXE_RETURN_OK);
    sxe_close(tcp_accepted); /* the sender's copy */
    ck_assert(SXE_TEST_RUN_UNTIL(received_length == 4, 5.0));
    ck_assert_str_eq(received, "abcd");                                  /* all of the pipe's input first */
    ck_assert(SXE_TEST_RUN_UNTIL(last_closed == pipe_server_side, 5.0)); /* the sender sees its pipe close */
    ck_assert_uint_eq(SXE_PEER_ADDR(receiver)->sin_family, AF_INET);
    ck_assert_uint_eq(SXE_PEER_ADDR(receiver)->sin_addr.s_addr, htonl(INADDR_LOOPBACK));

    /* the receiver is now the TCP connection */
    ck_assert_int_eq(write(client, "tcp", 3), 3);
    ck_assert(SXE_TEST_RUN_UNTIL(received_length == 7, 5.0));
    ck_assert_str_eq(received, "abcdtcp");
    ck_assert_int_eq(SXE_WRITE_LITERAL(receiver, "back"), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_test_read(client, reply, 4, 5.0, NULL), 4);
    ck_assert_str_eq(reply, "back");
    close(client);
    ck_assert(SXE_TEST_RUN_UNTIL(last_closed == receiver, 5.0));
    sxe_close(tcp_listener);
    sxe_close(pipe_listener);
    ck_assert(SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 0, 5.0));
    sxe_test_fini();
}
END_TEST

/* ---- the hand-off between two processes ----------------------------------------------------------------------- */

/* The receiving process: connects to the sender's pipe, waits for the connection, echoes one message back to its
 * TCP peer, exits 0 when all went as expected.
 */
static int run_receiver(void)
{
    SXE *receiver;
    char expected[32];

    for (int tries = 0; access(path, F_OK) != 0 && tries < 500; tries++) {
        usleep(10000);
    }

    sxe_test_init(1, 0);
    receiver = sxe_new_pipe(NULL, path, on_connected, on_read, on_close);

    if (receiver == NULL || sxe_connect_pipe(receiver) != SXE_RETURN_OK ||
        !SXE_TEST_RUN_UNTIL(received_length == 6 && SXE_PEER_ADDR(receiver)->sin_family == AF_INET, 10.0)) {
        return 1;
    }

    snprintf(expected, sizeof(expected), "%s",
             "x"
             "hello"); /* the message, then what the TCP peer sent */

    if (strcmp(received, expected) != 0 || SXE_WRITE_LITERAL(receiver, "child") != SXE_RETURN_OK) {
        return 2;
    }

    return SXE_TEST_RUN_UNTIL(closed == 1, 10.0) ? 0 : 3; /* the TCP peer closes */
}

START_TEST(
    test_a_process_hands_an_accepted_tcp_connection_to_another_which_becomes_it_and_the_sender_sees_its_pipe_close)
{
    SXE *tcp_listener;
    SXE *pipe_listener;
    char reply[8] = "";
    int status;
    int client;
    pid_t child;

    reset();
    tcp_accepted = pipe_server_side = NULL;

    if ((child = fork()) == 0) { /* before either process made its libev loop */
        _exit(run_receiver());
    }

    sxe_test_init(4, 0);
    tcp_listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_tcp_connected, on_read, NULL);
    ck_assert_int_eq(sxe_listen(tcp_listener), SXE_RETURN_OK);
    pipe_listener = sxe_new_pipe(NULL, path, on_pipe_accepted, on_read, on_close);
    ck_assert_int_eq(sxe_listen(pipe_listener), SXE_RETURN_OK);
    client = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(tcp_listener));
    ck_assert(SXE_TEST_RUN_UNTIL(tcp_accepted != NULL && pipe_server_side != NULL, 10.0));
    ck_assert_int_eq(sxe_write_pipe(pipe_server_side, "x", 1, SXE_FD(tcp_accepted)), SXE_RETURN_OK);
    sxe_close(tcp_accepted);
    ck_assert(SXE_TEST_RUN_UNTIL(last_closed == pipe_server_side, 10.0)); /* the pipe closed: handed off */
    ck_assert_int_eq(write(client, "hello", 5), 5);
    ck_assert_int_eq(sxe_test_read(client, reply, 5, 10.0, NULL), 5);
    ck_assert_str_eq(reply, "child");
    close(client);
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the receiving process failed: status 0x%x", status);
    sxe_close(tcp_listener);
    sxe_close(pipe_listener);
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN(
    "sxe-pipe", test_a_socketpair_object_is_connected_from_the_loop_and_talks_to_the_other_end,
    test_a_socketpair_with_the_pool_exhausted_closes_both_ends, test_write_pipe_refuses_what_cannot_carry_a_descriptor,
    test_a_hand_off_waits_until_the_pipe_is_drained_then_the_receiver_becomes_the_tcp_connection,
    test_a_process_hands_an_accepted_tcp_connection_to_another_which_becomes_it_and_the_sender_sees_its_pipe_close)
