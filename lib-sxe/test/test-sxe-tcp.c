/* test-sxe-tcp.c: TCP over IPv4: ids, life cycle, listen/accept/connect, data both ways, addresses. */
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "../../test/sxe-check.h"
#include "sxe-test.h"

static SXE *server_conn;
static SXE *client;
static unsigned connected_count;
static unsigned close_count;
static char received[256];
static unsigned received_length;

static void reset(void)
{
    server_conn = client = NULL;
    connected_count = close_count = received_length = 0;
    memset(received, 0, sizeof(received));
}

static void server_connected(SXE *this)
{
    server_conn = this;
    connected_count++;
}

static void server_read(SXE *this, int length)
{
    ck_assert_int_gt(length, 0);
    sxe_write(this, SXE_BUF(this), SXE_BUF_USED(this)); /* echo */
    SXE_BUF_CLEAR(this);
}

static void server_close(SXE *this)
{
    ck_assert_int_eq(SXE_CLOSE_REASON(this), SXE_RETURN_END_OF_FILE);
    close_count++;
}

static void client_connected(SXE *this)
{
    connected_count++;
    ck_assert_int_eq(sxe_write(this, "hello", 5), SXE_RETURN_OK);
    ck_assert_uint_eq(SXE_LAST_WRITE_LENGTH(this), 5);
}

static void client_read(SXE *this, int length)
{
    memcpy(received + received_length, SXE_BUF(this), (size_t)length);
    received_length += (unsigned)length;
    sxe_buf_discard(this, (unsigned)length);
}

START_TEST(test_ids_are_handed_out_in_ascending_order)
{
    sxe_test_init(4, 0);

    for (unsigned i = 0; i < 4; i++) {
        SXE *this = sxe_new_tcp(NULL, "0.0.0.0", 0, NULL, server_read, NULL);
        ck_assert_ptr_nonnull(this);
        ck_assert_uint_eq(SXE_ID(this), i);
    }

    ck_assert_uint_eq(sxe_get_number_in_use(), 4);
    ck_assert_ptr_null(sxe_new_tcp(NULL, "0.0.0.0", 0, NULL, server_read, NULL)); /* exhausted */

    for (unsigned i = 0; i < 4; i++) {
        ck_assert_int_eq(sxe_close(sxe_object(i)), SXE_RETURN_OK);
    }

    sxe_test_fini();
}
END_TEST

START_TEST(test_extra_space_is_aligned_usable_and_per_object)
{
    sxe_register(2, 24);
    sxe_register(1, 40); /* the largest extra_size wins */
    ck_assert_int_eq(sxe_init(), SXE_RETURN_OK);
    SXE *a = sxe_new_tcp(NULL, NULL, 0, NULL, server_read, NULL);
    SXE *b = sxe_new_tcp(NULL, NULL, 0, NULL, server_read, NULL);
    ck_assert_uint_eq((uintptr_t)SXE_EXTRA(a) % SXE_EXTRA_ALIGNMENT, 0);
    memset(SXE_EXTRA(a), 0xAA, 40);
    memset(SXE_EXTRA(b), 0x55, 40);
    memset(SXE_BUF(a), 0x11, sxe_get_buffer_size()); /* the buffer does not overlap the extra space */
    ck_assert_uint_eq(((unsigned char *)SXE_EXTRA(a))[39], 0xAA);
    ck_assert_uint_eq(((unsigned char *)SXE_EXTRA(b))[0], 0x55);
    sxe_close(a);
    sxe_close(b);
    sxe_test_fini();
}
END_TEST

START_TEST(test_init_needs_registrations_settings_change_only_before_it_and_fini_closes_all)
{
    ck_assert_int_eq(sxe_init(), SXE_RETURN_ERROR_BAD_PARAMETER); /* nothing registered */
    ck_assert_int_eq(sxe_set_buffer_size(1), SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(sxe_set_buffer_size(SXE_BUFFER_SIZE_MAXIMUM + 1), SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_uint_eq(sxe_get_buffer_size(), SXE_BUFFER_SIZE_DEFAULT);
    sxe_test_init(2, 0);
    ck_assert_int_eq(sxe_init(), SXE_RETURN_WARN_ALREADY_INITIALIZED);
    ck_assert_int_eq(sxe_set_buffer_size(4096), SXE_RETURN_ERROR_BAD_STATE);

    /* fini closes what is still open; init works again afterwards */
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, server_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    sxe_fini();
    sxe_fini(); /* harmless */
    ck_assert_uint_eq(sxe_get_number_in_use(), 0);
    sxe_test_init(3, 0);
    ck_assert_ptr_nonnull(sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, server_read, NULL));
    sxe_close(sxe_object(0));
    sxe_test_fini();
}
END_TEST

START_TEST(test_client_and_server_echo_and_see_each_others_addresses)
{
    char text[64];
    SXE_COUNTERS counters;
    struct sockaddr_in peer;

    reset();
    sxe_test_init(3, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, server_connected, server_read, server_close);
    SXE_USER_DATA(listener) = &connected_count;
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    ck_assert_uint_ne(SXE_LOCAL_PORT(listener), 0);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_ERROR_BAD_STATE);

    client = sxe_new_tcp(NULL, "0.0.0.0", 0, client_connected, client_read, NULL);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", SXE_LOCAL_PORT(listener)), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", SXE_LOCAL_PORT(listener)), SXE_RETURN_ERROR_ALREADY_CONNECTED);
    ck_assert(SXE_TEST_RUN_UNTIL(received_length == 5, 5.0));
    ck_assert_str_eq(received, "hello");
    ck_assert_uint_eq(connected_count, 2);

    /* accepted connections inherit user data; peer address is the client's */
    ck_assert_ptr_eq(SXE_USER_DATA(server_conn), &connected_count);
    ck_assert_uint_eq(SXE_PEER_PORT(server_conn), SXE_LOCAL_PORT(client));
    ck_assert_uint_eq(SXE_LOCAL_PORT(server_conn), SXE_LOCAL_PORT(listener));
    ck_assert_str_eq(inet_ntoa(SXE_PEER_ADDR(server_conn)->sin_addr), "127.0.0.1");
    ck_assert_str_eq(sxe_peer_addr_string(server_conn, text, sizeof(text)), "127.0.0.1");
    ck_assert_int_eq(SXE_PEER_FAMILY(client), AF_INET);
    ck_assert_uint_eq(SXE_PEER_PORT(client), SXE_LOCAL_PORT(listener));
    memcpy(&peer, SXE_PEER_SOCKADDR(client), sizeof(peer));
    ck_assert_uint_eq(ntohs(peer.sin_port), SXE_LOCAL_PORT(listener));
    sxe_peer_addr_string(server_conn, text, 4);
    ck_assert_str_eq(text, "127");

    sxe_get_counters(&counters);
    ck_assert_uint_eq(counters.accepted, 1);
    ck_assert_uint_eq(counters.open_now, 3);

    /* a local close does not call on_close locally; the server sees the end of file */
    ck_assert_int_eq(sxe_close(client), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(close_count == 1, 5.0));
    ck_assert_int_eq(sxe_close(listener), SXE_RETURN_OK);
    sxe_test_fini();
}
END_TEST

START_TEST(test_raw_client_gets_reply_and_bad_addresses_are_errors)
{
    char buf[16];
    bool eof;

    reset();
    sxe_test_init(2, 0);
    ck_assert_ptr_null(sxe_new_tcp(NULL, "not-an-ip", 0, NULL, server_read, NULL));
    ck_assert_ptr_null(sxe_new_tcp(NULL, "127.0.0.1", 70000, NULL, server_read, NULL));
    ck_assert_uint_eq(sxe_get_number_in_use(), 0);

    SXE *listener = sxe_new_tcp(NULL, NULL, 0, server_connected, server_read, server_close);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert_int_eq(write(fd, "ping", 4), 4);
    ck_assert_int_eq(sxe_test_read(fd, buf, 4, 5.0, &eof), 4);
    ck_assert_int_eq(memcmp(buf, "ping", 4), 0);

    /* the application closes: the client sees EOF */
    ck_assert_int_eq(sxe_close(server_conn), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_test_read(fd, buf, 1, 5.0, &eof), 0);
    ck_assert(eof);
    ck_assert_uint_eq(close_count, 0);
    close(fd);

    SXE *other = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, server_read, NULL);
    ck_assert_int_eq(sxe_connect(other, "256.1.1.1", 80), SXE_RETURN_ERROR_INVALID_ADDRESS);
    ck_assert_int_eq(sxe_connect(other, "127.0.0.1", -1), SXE_RETURN_ERROR_INVALID_ADDRESS);
    ck_assert_int_eq(sxe_connect(other, "::1", 80), SXE_RETURN_ERROR_INVALID_ADDRESS); /* family mismatch */
    sxe_close(other);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_listen_on_a_port_in_use_is_an_error)
{
    sxe_test_init(2, 0);
    SXE *first = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, server_read, NULL);
    ck_assert_int_eq(sxe_listen(first), SXE_RETURN_OK);
    SXE *second = sxe_new_tcp(NULL, "127.0.0.1", SXE_LOCAL_PORT(first), NULL, server_read, NULL);
    ck_assert_int_eq(sxe_listen(second), SXE_RETURN_ERROR_ADDRESS_IN_USE);
    ck_assert_int_eq(SXE_FD(second), -1);
    sxe_close(second);
    sxe_close(first);
    sxe_test_fini();
}
END_TEST

START_TEST(test_a_client_bound_to_a_local_port_connects_from_it)
{
    reset();
    sxe_test_init(3, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, server_connected, server_read, server_close);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    unsigned short local = sxe_test_unused_port();
    client = sxe_new_tcp(NULL, "127.0.0.1", local, client_connected, client_read, NULL);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", SXE_LOCAL_PORT(listener)), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(received_length == 5, 5.0));
    ck_assert_uint_eq(SXE_PEER_PORT(server_conn), local);
    sxe_close(client);
    ck_assert(SXE_TEST_RUN_UNTIL(close_count == 1, 5.0));
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

static int nodelay_of(SXE *this)
{
    int value = -1;
    socklen_t len = sizeof(value);

    ck_assert_int_eq(getsockopt(SXE_FD(this), IPPROTO_TCP, TCP_NODELAY, &value, &len), 0);
    return value != 0;
}

static unsigned nodelay_setsockopts;

static int counting_setsockopt(int fd, int level, int name, const void *value, socklen_t len)
{
    nodelay_setsockopts += level == IPPROTO_TCP && name == TCP_NODELAY;
    return setsockopt(fd, level, name, value, len);
}

START_TEST(test_nodelay_is_on_by_default_and_a_listener_can_turn_it_off_for_accepted_connections)
{
    reset();
    sxe_test_init(4, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, server_connected, server_read, server_close);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(server_conn != NULL, 5.0));
    ck_assert_int_eq(nodelay_of(server_conn), 1); /* classic default */
    close(fd);
    ck_assert(SXE_TEST_RUN_UNTIL(close_count == 1, 5.0));

    sxe_syscalls.setsockopt = counting_setsockopt;
    sxe_set_nodelay(listener, false);
    server_conn = NULL;
    fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(server_conn != NULL, 5.0));
    ck_assert_int_eq(nodelay_of(server_conn), 0); /* inherited: no setsockopt per accept */
    ck_assert_uint_eq(nodelay_setsockopts, 1);    /* the listener's socket only, none per accept */
    sxe_set_nodelay(server_conn, true);           /* an established connection: applied at once */
    ck_assert_int_eq(nodelay_of(server_conn), 1);
    sxe_set_nodelay(server_conn, false);
    ck_assert_int_eq(nodelay_of(server_conn), 0);

    /* a client with nodelay off connects without it; the echo still works */
    client = sxe_new_tcp(NULL, "0.0.0.0", 0, client_connected, client_read, NULL);
    sxe_set_nodelay(client, false);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", SXE_LOCAL_PORT(listener)), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(received_length == 5, 5.0));
    ck_assert_int_eq(nodelay_of(client), 0);
    ck_assert_uint_eq(nodelay_setsockopts, 3); /* the listener's and the two explicit changes above */
    sxe_close(client);
    close(fd);
    ck_assert(SXE_TEST_RUN_UNTIL(close_count == 3, 5.0));
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-tcp", test_ids_are_handed_out_in_ascending_order, test_extra_space_is_aligned_usable_and_per_object,
              test_init_needs_registrations_settings_change_only_before_it_and_fini_closes_all,
              test_client_and_server_echo_and_see_each_others_addresses,
              test_raw_client_gets_reply_and_bad_addresses_are_errors, test_listen_on_a_port_in_use_is_an_error,
              test_a_client_bound_to_a_local_port_connects_from_it,
              test_nodelay_is_on_by_default_and_a_listener_can_turn_it_off_for_accepted_connections)
