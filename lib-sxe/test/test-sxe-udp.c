/* test-sxe-udp.c: UDP keeps datagram boundaries, reports the sender, sends to addresses. */
#include <arpa/inet.h>
#include <string.h>
#include <unistd.h>

#include "sxe-test.h"
#include "../../test/sxe-check.h"

static unsigned lengths[16];
static unsigned datagrams;
static char last[64];
static unsigned short last_port;

static void server_read(SXE *this, int length)
{
    ck_assert_uint_eq(SXE_BUF_USED(this), (unsigned)length); /* the buffer holds just this datagram */
    lengths[datagrams++] = (unsigned)length;
    memcpy(last, SXE_BUF(this), (size_t)length);
    last[length] = '\0';
    last_port = SXE_PEER_PORT(this);

    if (memcmp(SXE_BUF(this), "echo", 4) == 0) {
        ck_assert_int_eq(sxe_write(this, SXE_BUF(this), (unsigned)length), SXE_RETURN_OK); /* to the sender */
    }
}

static unsigned client_datagrams;
static char client_last[64];

static void client_read(SXE *this, int length)
{
    memcpy(client_last, SXE_BUF(this), (size_t)length);
    client_last[length] = '\0';
    client_datagrams++;
}

START_TEST(test_udp_calls_back_once_per_datagram_and_replies_to_the_sender)
{
    sxe_test_init(2, 0);
    SXE *server = sxe_new_udp(NULL, "127.0.0.1", 0, server_read);
    SXE *client = sxe_new_udp(NULL, "127.0.0.1", 0, client_read);
    ck_assert_int_eq(sxe_listen(server), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_listen(client), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_write_to_ip(client, "a", 1, "127.0.0.1", SXE_LOCAL_PORT(server)), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_write_to_ip(client, "bbbb", 4, "127.0.0.1", SXE_LOCAL_PORT(server)), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_write_to(client, "cc", 2, SXE_LOCAL_ADDR(server)), SXE_RETURN_OK);
    ck_assert_uint_eq(SXE_LAST_WRITE_LENGTH(client), 2);
    ck_assert(SXE_TEST_RUN_UNTIL(datagrams == 3, 5.0));
    ck_assert_uint_eq(lengths[0], 1);
    ck_assert_uint_eq(lengths[1], 4);
    ck_assert_uint_eq(lengths[2], 2);
    ck_assert_uint_eq(last_port, SXE_LOCAL_PORT(client));

    ck_assert_int_eq(sxe_write_to_ip(client, "echo!", 5, "127.0.0.1", SXE_LOCAL_PORT(server)), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(client_datagrams == 1, 5.0));
    ck_assert_str_eq(client_last, "echo!");
    sxe_close(server);
    sxe_close(client);
    sxe_test_fini();
}
END_TEST

START_TEST(test_udp_receives_a_datagram_from_a_raw_socket_over_ipv6)
{
    struct sockaddr_in6 to;
    char text[SXE_ADDRESS_STRING_MAXIMUM];

    sxe_test_init(1, 0);
    SXE *server = sxe_new_udp(NULL, "::1", 0, server_read);
    ck_assert_int_eq(sxe_listen(server), SXE_RETURN_OK);
    int fd = socket(AF_INET6, SOCK_DGRAM, 0);
    memset(&to, 0, sizeof(to));
    to.sin6_family = AF_INET6;
    to.sin6_port = htons(SXE_LOCAL_PORT(server));
    inet_pton(AF_INET6, "::1", &to.sin6_addr);
    ck_assert_int_eq(sendto(fd, "v6", 2, 0, (struct sockaddr *)&to, sizeof(to)), 2);
    ck_assert(SXE_TEST_RUN_UNTIL(datagrams == 1, 5.0));
    ck_assert_str_eq(last, "v6");
    ck_assert_str_eq(sxe_peer_addr_string(server, text, sizeof(text)), "::1");
    close(fd);
    sxe_close(server);
    sxe_test_fini();
}
END_TEST

START_TEST(test_udp_oversized_datagram_is_truncated_to_the_buffer)
{
    char big[100];

    memset(big, 'x', sizeof(big));
    sxe_test_init(2, 32);
    SXE *server = sxe_new_udp(NULL, "127.0.0.1", 0, server_read);
    SXE *client = sxe_new_udp(NULL, "127.0.0.1", 0, client_read);
    ck_assert_int_eq(sxe_listen(server), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_listen(client), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_write_to_ip(client, big, sizeof(big), "127.0.0.1", SXE_LOCAL_PORT(server)), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(datagrams == 1, 5.0));
    ck_assert_uint_eq(lengths[0], 32);
    sxe_close(server);
    sxe_close(client);
    sxe_test_fini();
}
END_TEST

START_TEST(test_udp_writes_before_listening_or_to_bad_addresses_and_connects_are_errors)
{
    struct sockaddr_un bad;

    sxe_test_init(2, 0);
    SXE *udp = sxe_new_udp(NULL, "127.0.0.1", 0, server_read);
    ck_assert_int_eq(sxe_write_to_ip(udp, "x", 1, "127.0.0.1", 9), SXE_RETURN_ERROR_NO_CONNECTION); /* not bound */
    ck_assert_int_eq(sxe_write(udp, "x", 1), SXE_RETURN_ERROR_NO_CONNECTION);
    ck_assert_int_eq(sxe_listen(udp), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_write_to_ip(udp, "x", 1, "nowhere", 9), SXE_RETURN_ERROR_INVALID_ADDRESS);
    memset(&bad, 0, sizeof(bad));
    bad.sun_family = AF_UNIX;
    ck_assert_int_eq(sxe_write_to(udp, "x", 1, &bad), SXE_RETURN_ERROR_INVALID_ADDRESS);
    ck_assert_int_eq(sxe_write_to(udp, "x", 1, NULL), SXE_RETURN_ERROR_INVALID_ADDRESS);
    ck_assert_int_eq(sxe_connect(udp, "127.0.0.1", 9), SXE_RETURN_ERROR_BAD_STATE);
    ck_assert_int_eq(sxe_write_to_ip(udp, "x", 1, "::1", 9), SXE_RETURN_ERROR_WRITE_FAILED); /* v4 socket, v6 dest */
    sxe_close(udp);
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-udp", test_udp_calls_back_once_per_datagram_and_replies_to_the_sender,
              test_udp_receives_a_datagram_from_a_raw_socket_over_ipv6,
              test_udp_oversized_datagram_is_truncated_to_the_buffer,
              test_udp_writes_before_listening_or_to_bad_addresses_and_connects_are_errors)
