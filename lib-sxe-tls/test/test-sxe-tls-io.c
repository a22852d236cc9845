/* test-sxe-tls-io.c: reading and writing on TLS objects keep lib-sxe's rules: partial writes and sends to a full
 * socket, the record TLS holds and sends itself, sendfile through the bounce buffer (and the kTLS fallback), the
 * buffer-full rule with plaintext OpenSSL holds, half-close and shutdown, and failures injected through the
 * system-call seam.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/tls.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sxe-tls-test.h"

#define BIG (1024 * 1024 + 17) /* more than the socket buffers: sends wait, records are held */

extern const void *sxe_tls_flush_buffer;

static SXE_TLS_CONTEXT *context;
static SXE *listener;
static SXE *client;
static SXE *server;
static char *big;
static unsigned completions;
static SXE_RETURN completion;

static void on_complete(SXE *this, SXE_RETURN result)
{
    (void)this;
    completions++;
    completion = result;
}

/* The bytes sent: recognizable at any offset. */
static void big_make(void)
{
    if (big == NULL) {
        big = malloc(BIG);

        for (unsigned i = 0; i < BIG; i++) {
            big[i] = (char)('a' + i % 23 + i / 4096 % 3);
        }
    }
}

/* A small send buffer (the kernel doubles it): with a paused reader, a megabyte cannot fit in the sockets. */
static void small_buffers(void)
{
    int size = 4096;

    setsockopt(SXE_FD(server), SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
}

/* A connected pair: `client` and `server` (the accepted side), with the recording callbacks. */
static void pair_open(unsigned buffer)
{
    tls_test_init(8, buffer, 4, 0);
    context = tls_test_context("server");
    listener = tls_test_listen(context);
    client = tls_test_connect(context, "localhost", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].connected == 1 && tls_test_accepted != NULL, 5.0));
    server = tls_test_accepted;
    completions = 0;
    big_make();
    small_buffers();
}

static void pair_close(void)
{
    if (client->kind != 0) {
        sxe_close(client);
    }

    sxe_close(listener);
    SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 0, 5.0);
    ck_assert_int_eq(sxe_tls_context_free(context), SXE_RETURN_OK);
    tls_test_fini();
}

START_TEST(a_large_send_to_a_paused_reader_waits_and_completes_once_with_every_byte_in_order)
{
    pair_open(0);
    sxe_pause(client);
    ck_assert_int_eq(sxe_send(server, big, BIG, on_complete), SXE_RETURN_WARN_IN_PROGRESS);
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(completions, 0);
    ck_assert_int_eq(sxe_write(server, "x", 1), SXE_RETURN_ERROR_BAD_STATE); /* one send at a time */
    sxe_buf_resume(client, SXE_BUF_RESUME_WHEN_MORE_DATA);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].length == BIG && completions == 1, 10.0));
    ck_assert_int_eq(completion, SXE_RETURN_OK);
    ck_assert_int_eq(memcmp(tls_peers[SXE_ID(client)].data, big, 4096), 0);
    ck_assert_int_eq(memcmp(tls_peers[SXE_ID(client)].data + BIG - 4096, big + BIG - 4096, 4096), 0);
    pair_close();
}
END_TEST

START_TEST(sxe_write_to_a_full_socket_takes_what_it_can_and_the_rest_written_later_follows_in_order)
{
    unsigned sent = 0;
    SXE_RETURN result;

    pair_open(0);
    sxe_pause(client);

    while ((result = sxe_write(server, big + sent, BIG - sent)) == SXE_RETURN_OK) { /* until the socket is full */
        sent = 0;
    }

    ck_assert_int_eq(result, SXE_RETURN_WARN_WOULD_BLOCK);
    ck_assert_uint_lt(SXE_LAST_WRITE_LENGTH(server), BIG);
    sent = SXE_LAST_WRITE_LENGTH(server);
    ck_assert_int_eq(sxe_send(server, big + sent, BIG - sent, on_complete), SXE_RETURN_WARN_IN_PROGRESS);
    sxe_buf_resume(client, SXE_BUF_RESUME_WHEN_MORE_DATA);
    ck_assert(SXE_TEST_RUN_UNTIL(completions == 1, 10.0));
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].length % BIG == 0, 5.0));
    ck_assert_int_eq(memcmp(tls_peers[SXE_ID(client)].data + tls_peers[SXE_ID(client)].length - BIG, big, BIG), 0);
    pair_close();
}
END_TEST

START_TEST(the_record_tls_holds_is_sent_without_reading_the_buffer_given_to_openssl_for_it)
{
    void *unreadable = mmap(NULL, SXE_TLS_RECORD_MAXIMUM, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    ck_assert_ptr_ne(unreadable, MAP_FAILED);
    sxe_tls_flush_buffer = unreadable; /* OpenSSL would crash reading it */
    pair_open(0);
    sxe_pause(client);
    ck_assert_int_eq(sxe_send(server, big, BIG, on_complete), SXE_RETURN_WARN_IN_PROGRESS);
    sxe_test_run_for(0.02);
    sxe_buf_resume(client, SXE_BUF_RESUME_WHEN_MORE_DATA);
    ck_assert(SXE_TEST_RUN_UNTIL(completions == 1 && tls_peers[SXE_ID(client)].length == BIG, 10.0));
    ck_assert_int_eq(memcmp(tls_peers[SXE_ID(client)].data, big, BIG), 0);
    pair_close();
}
END_TEST

/* A temporary file holding big[0 .. size). Returns its descriptor. */
static int file_of(size_t size)
{
    char path[] = "/tmp/test-sxe-tls-io-XXXXXX";
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    unlink(path);
    ck_assert_int_eq(write(fd, big, size), (ssize_t)size);
    return fd;
}

START_TEST(sendfile_over_tls_sends_the_file_through_the_bounce_buffer_from_an_offset_or_the_file_position)
{
    off_t offset = 5;
    int fd;

    pair_open(0);
    fd = file_of(BIG);
    ck_assert_int_eq(sxe_sendfile(server, fd, &offset, BIG - 5, on_complete), SXE_RETURN_WARN_IN_PROGRESS);
    ck_assert(SXE_TEST_RUN_UNTIL(completions == 1 && tls_peers[SXE_ID(client)].length == BIG - 5, 10.0));
    ck_assert_int_eq(completion, SXE_RETURN_OK);
    ck_assert_int_eq(offset, BIG);
    ck_assert_int_eq(memcmp(tls_peers[SXE_ID(client)].data, big + 5, BIG - 5), 0);
    lseek(fd, 100, SEEK_SET);
    tls_peers[SXE_ID(client)].length = 0;
    ck_assert_int_eq(sxe_sendfile(server, fd, NULL, 1000, on_complete), SXE_RETURN_OK); /* small: at once */
    ck_assert_uint_eq(completions, 2); /* classic: on_complete for every call */
    ck_assert_int_eq(lseek(fd, 0, SEEK_CUR), 1100);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].length == 1000, 5.0));
    ck_assert_int_eq(memcmp(tls_peers[SXE_ID(client)].data, big + 100, 1000), 0);
    close(fd);
    pair_close();
}
END_TEST

START_TEST(sendfile_of_a_file_shorter_than_announced_ends_with_end_of_file)
{
    off_t offset = 0;
    int fd;

    pair_open(0);
    fd = file_of(1000);
    ck_assert_int_eq(sxe_sendfile(server, fd, &offset, 2000, on_complete), SXE_RETURN_WARN_IN_PROGRESS); /* as TCP */
    ck_assert(SXE_TEST_RUN_UNTIL(completions == 1, 5.0));
    ck_assert_int_eq(completion, SXE_RETURN_END_OF_FILE);
    offset = 1000;
    ck_assert_int_eq(sxe_sendfile(server, fd, &offset, 10, on_complete), SXE_RETURN_END_OF_FILE); /* nothing left */
    ck_assert_uint_eq(completions, 2);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].length == 1000, 5.0)); /* what there was went */
    close(fd);
    pair_close();
}
END_TEST

static unsigned ulp_calls;
static unsigned tx_calls;
static int ulp_result;

static int setsockopt_ktls(int fd, int level, int name, const void *value, socklen_t length)
{
    if (level == SOL_TCP && name == TCP_ULP) {
        ulp_calls++;
        errno = ENOENT; /* what a kernel without the tls module says */
        return ulp_result;
    }

    if (level == 282 /* SOL_TLS */ && name == TLS_TX) {
        tx_calls++;
        errno = EINVAL;
        return -1;
    }

    return setsockopt(fd, level, name, value, length);
}

/* kTLS asked for, the kernel said to offer it: each failure of the kernel's falls back to OpenSSL's encryption. */
static void ktls_fallback(int ulp)
{
    off_t offset = 0;
    int fd;

    ulp_result = ulp;
    ulp_calls = tx_calls = 0;
    big_make();
    tls_test_init(8, 0, 4, 0);
    sxe_tls_globals.ktls_kernel = true; /* as if the kernel had the tls ULP */
    context = tls_test_context("server");
    ck_assert_int_eq(sxe_tls_context_set_ktls(context, true), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_tls_context_set_ciphers(context, NULL, "TLS_AES_128_GCM_SHA256"), SXE_RETURN_OK);
    sxe_syscalls.setsockopt = setsockopt_ktls;
    listener = tls_test_listen(context);
    client = tls_test_connect(context, "localhost", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].connected == 1 && tls_test_accepted != NULL, 5.0));
    server = tls_test_accepted;
    ck_assert_uint_ge(ulp_calls, 1); /* OpenSSL offered the keys to the BIO */
    ck_assert_uint_eq(tx_calls, ulp == 0 ? ulp_calls : 0);
    ck_assert(!sxe_tls_is_ktls(server));
    completions = 0;
    fd = file_of(100000);
    sxe_sendfile(server, fd, &offset, 100000, on_complete); /* at once or not: on_complete says when */
    ck_assert(SXE_TEST_RUN_UNTIL(completions == 1 && tls_peers[SXE_ID(client)].length == 100000, 10.0));
    ck_assert_int_eq(completion, SXE_RETURN_OK);
    ck_assert_int_eq(memcmp(tls_peers[SXE_ID(client)].data, big, 100000), 0);
    close(fd);
    pair_close();
}

START_TEST(ktls_refused_by_the_kernel_falls_back_to_openssl_encryption_and_sendfile_still_works)
{
    ktls_fallback(-1); /* no ULP: ENOENT */
    ktls_fallback(0);  /* the ULP, but the keys refused */
}
END_TEST

static unsigned slow_ticks;
static ev_timer slow_timer;

/* The reader consumes only from a timer: its 64-byte buffer fills, reading stops, OpenSSL holds the rest. */
static void on_read_slowly(SXE *this, int length)
{
    (void)this;
    (void)length;
}

static void slow_tick(struct ev_loop *loop, ev_timer *timer, int revents)
{
    (void)loop, (void)timer, (void)revents;
    slow_ticks++;

    if (client->kind != 0 && SXE_BUF_USED(client) > 0) {
        TLS_PEER *peer = &tls_peers[SXE_ID(client)];

        memcpy(peer->data + peer->length, SXE_BUF(client), SXE_BUF_USED(client));
        peer->length += SXE_BUF_USED(client);
        sxe_buf_clear(client);
    }
}

START_TEST(a_reader_whose_small_buffer_fills_gets_every_byte_tls_already_decrypted_once_it_consumes)
{
    pair_open(64);
    SXE_EVENT_READ(client) = on_read_slowly;
    sxe_send(server, big, 100000, on_complete);
    ev_timer_init(&slow_timer, slow_tick, 0.001, 0.001);
    ev_timer_start(EV_DEFAULT, &slow_timer);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].length == 100000, 20.0));
    ev_timer_stop(EV_DEFAULT, &slow_timer);
    ck_assert_int_eq(memcmp(tls_peers[SXE_ID(client)].data, big, 100000), 0);
    ck_assert_uint_gt(slow_ticks, 100000 / 64 / 2);
    pair_close();
}
END_TEST

START_TEST(sxe_shutdown_sends_what_was_written_then_close_notify_and_the_peer_reads_the_end)
{
    pair_open(0);
    sxe_set_half_close(client, true);
    ck_assert_int_eq(sxe_write(server, "tail", 4), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_shutdown(server), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_write(server, "more", 4), SXE_RETURN_ERROR_NO_CONNECTION);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].eof_reads == 1, 5.0)); /* half-close: on_read(this, 0) */
    ck_assert_uint_eq(tls_peers[SXE_ID(client)].length, 4);
    ck_assert(SXE_IS_PEER_CLOSED(client));
    ck_assert_int_eq(sxe_write(client, "bye", 3), SXE_RETURN_OK); /* the other way still works */
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(server)].length == 3, 5.0));
    sxe_close(client);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(server)].closed == 1, 5.0));
    ck_assert_int_eq(tls_peers[SXE_ID(server)].close_reason, SXE_RETURN_END_OF_FILE);
    pair_close();
}
END_TEST

START_TEST(a_write_before_the_handshake_is_done_is_refused)
{
    tls_test_init(8, 0, 4, 0);
    context = tls_test_context("server");
    listener = tls_test_listen(context);
    client = tls_test_connect(context, "localhost", SXE_LOCAL_PORT(listener));
    ck_assert_int_eq(sxe_write(client, "early", 5), SXE_RETURN_ERROR_NO_CONNECTION);
    ck_assert_int_eq(sxe_send(client, "early", 5, on_complete), SXE_RETURN_ERROR_NO_CONNECTION);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].connected == 1, 5.0));
    ck_assert_int_eq(sxe_write(client, "late", 4), SXE_RETURN_OK);
    pair_close();
}
END_TEST

static int reset_fd = -1;

static ssize_t recv_reset(int fd, void *buf, size_t len, int flags)
{
    if (fd == reset_fd) {
        errno = ECONNRESET;
        return -1;
    }

    return recv(fd, buf, len, flags);
}

static ssize_t send_pipe(int fd, const void *buf, size_t len, int flags)
{
    if (fd == reset_fd) {
        errno = EPIPE;
        return -1;
    }

    return send(fd, buf, len, flags);
}

START_TEST(a_reset_seen_by_recv_or_send_of_an_established_tls_connection_is_no_connection)
{
    pair_open(0);
    reset_fd = SXE_FD(server);
    sxe_syscalls.send = send_pipe;
    ck_assert_int_eq(sxe_write(server, "x", 1), SXE_RETURN_ERROR_NO_CONNECTION);
    ck_assert_int_eq(sxe_last_errno(), EPIPE);
    sxe_syscalls.recv = recv_reset;
    ck_assert_int_eq(sxe_write(client, "y", 1), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(server)].closed == 1, 5.0));
    ck_assert_int_eq(tls_peers[SXE_ID(server)].close_reason, SXE_RETURN_ERROR_NO_CONNECTION);
    ck_assert_int_eq(tls_peers[SXE_ID(server)].close_errno, ECONNRESET);
    sxe_syscalls_restore();
    reset_fd = -1;
    pair_close();
}
END_TEST

static ssize_t recv_corrupt(int fd, void *buf, size_t len, int flags)
{
    ssize_t got = recv(fd, buf, len, flags);

    if (fd == reset_fd && got > 10) {
        ((char *)buf)[got - 1] ^= 0x55; /* the record's tag no longer matches */
    }

    return got;
}

START_TEST(a_corrupted_record_after_the_handshake_closes_with_bad_message_and_is_counted)
{
    SXE_TLS_COUNTERS counters;

    pair_open(0);
    reset_fd = SXE_FD(server);
    sxe_syscalls.recv = recv_corrupt;
    ck_assert_int_eq(sxe_write(client, "a record", 8), SXE_RETURN_OK);
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(server)].closed == 1, 5.0));
    ck_assert_int_eq(tls_peers[SXE_ID(server)].close_reason, SXE_RETURN_ERROR_BAD_MESSAGE);
    ck_assert_int_eq(tls_peers[SXE_ID(server)].close_errno, EPROTO);
    ck_assert_msg(strstr(tls_peers[SXE_ID(server)].error, "bad record mac") != NULL, "error: %s",
                  tls_peers[SXE_ID(server)].error);
    sxe_tls_get_counters(&counters);
    ck_assert_uint_eq(counters.errors, 1);
    sxe_syscalls_restore();
    reset_fd = -1;
    pair_close();
}
END_TEST

SXE_TEST_MAIN("sxe-tls-io", a_large_send_to_a_paused_reader_waits_and_completes_once_with_every_byte_in_order,
              sxe_write_to_a_full_socket_takes_what_it_can_and_the_rest_written_later_follows_in_order,
              the_record_tls_holds_is_sent_without_reading_the_buffer_given_to_openssl_for_it,
              sendfile_over_tls_sends_the_file_through_the_bounce_buffer_from_an_offset_or_the_file_position,
              sendfile_of_a_file_shorter_than_announced_ends_with_end_of_file,
              ktls_refused_by_the_kernel_falls_back_to_openssl_encryption_and_sendfile_still_works,
              a_reader_whose_small_buffer_fills_gets_every_byte_tls_already_decrypted_once_it_consumes,
              sxe_shutdown_sends_what_was_written_then_close_notify_and_the_peer_reads_the_end,
              a_write_before_the_handshake_is_done_is_refused,
              a_reset_seen_by_recv_or_send_of_an_established_tls_connection_is_no_connection,
              a_corrupted_record_after_the_handshake_closes_with_bad_message_and_is_counted)
