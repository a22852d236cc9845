/* test-sxe-ipv6.c: TCP over IPv6 loopback, IPv6 peer addresses, dual families. */
#include <string.h>
#include <unistd.h>

#include "sxe-test.h"
#include "../../test/sxe-check.h"

static SXE *server_conn;
static unsigned received;
static unsigned closed;

static void server_connected(SXE *this)
{
    server_conn = this;
}

static void server_read(SXE *this, int length)
{
    sxe_write(this, SXE_BUF(this), (unsigned)length);
    sxe_buf_discard(this, (unsigned)length);
}

static void client_connected(SXE *this)
{
    ck_assert_int_eq(sxe_write(this, "six", 3), SXE_RETURN_OK);
}

static void client_read(SXE *this, int length)
{
    received += (unsigned)length;
    SXE_BUF_CLEAR(this);
}

static void server_close(SXE *this)
{
    (void)this;
    closed++;
}

START_TEST(test_ipv6_loopback_echoes_and_reports_the_peer_addresses)
{
    char text[SXE_ADDRESS_STRING_MAXIMUM];

    sxe_test_init(3, 0);
    SXE *listener = sxe_new_tcp(NULL, "::1", 0, server_connected, server_read, server_close);
    ck_assert_ptr_nonnull(listener);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    ck_assert_uint_ne(SXE_LOCAL_PORT(listener), 0);

    SXE *client = sxe_new_tcp(NULL, "::", 0, client_connected, client_read, NULL);
    ck_assert_int_eq(sxe_connect(client, "::1", SXE_LOCAL_PORT(listener)), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(received == 3, 5.0));
    ck_assert_int_eq(SXE_PEER_FAMILY(server_conn), AF_INET6);
    ck_assert_str_eq(sxe_peer_addr_string(server_conn, text, sizeof(text)), "::1");
    ck_assert_uint_eq(SXE_PEER_PORT(server_conn), SXE_LOCAL_PORT(client));
    ck_assert_uint_eq(ntohs(SXE_PEER_ADDR6(client)->sin6_port), SXE_LOCAL_PORT(listener));
    sxe_close(client);
    ck_assert(SXE_TEST_RUN_UNTIL(closed == 1, 5.0));
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_ipv6_wildcard_listener_accepts_ipv4_and_ipv6_clients)
{
    char text[SXE_ADDRESS_STRING_MAXIMUM];

    sxe_test_init(4, 0);
    SXE *listener = sxe_new_tcp(NULL, "::", 0, server_connected, server_read, server_close);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    int fd4 = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(server_conn != NULL, 5.0));
    ck_assert_str_eq(sxe_peer_addr_string(server_conn, text, sizeof(text)), "::ffff:127.0.0.1");
    server_conn = NULL;
    int fd6 = sxe_test_connect("::1", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(server_conn != NULL, 5.0));
    ck_assert_str_eq(sxe_peer_addr_string(server_conn, text, sizeof(text)), "::1");
    close(fd4);
    close(fd6);
    ck_assert(SXE_TEST_RUN_UNTIL(closed == 2, 5.0));
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_ipv6_bad_literals_are_rejected)
{
    sxe_test_init(2, 0);
    ck_assert_ptr_null(sxe_new_tcp(NULL, "::1::2", 0, NULL, server_read, NULL));
    SXE *client = sxe_new_tcp(NULL, "::1", 0, NULL, client_read, NULL);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", 80), SXE_RETURN_ERROR_INVALID_ADDRESS);
    ck_assert_int_eq(sxe_connect(client, "fe80::zz", 80), SXE_RETURN_ERROR_INVALID_ADDRESS);
    sxe_close(client);
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-ipv6", test_ipv6_loopback_echoes_and_reports_the_peer_addresses,
              test_ipv6_wildcard_listener_accepts_ipv4_and_ipv6_clients, test_ipv6_bad_literals_are_rejected)
