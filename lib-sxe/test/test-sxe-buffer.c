/* test-sxe-buffer.c: the read model: accumulate, consume, search, buffer full (push back) and resume. */
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "sxe-test.h"
#include "../../test/sxe-check.h"

static SXE *conn;
static unsigned reads;
static unsigned last_length;
static unsigned last_used;
static unsigned total;
static bool consume_all;
static char request[128];

static void on_connected(SXE *this)
{
    conn = this;
}

/* Waits for a whole request head before consuming it: data accumulates across reads. */
static void on_read_request(SXE *this, int length)
{
    reads++;
    last_length = (unsigned)length;
    char *end = SXE_BUF_STRNCASESTR(this, "\r\n\r\n");

    if (end != NULL) {
        unsigned head = (unsigned)(end + 4 - SXE_BUF(this));
        memcpy(request, SXE_BUF(this), head);
        request[head] = '\0';
        sxe_buf_discard(this, head);
    }
}

/* Never consumes (unless told to): the buffer fills. */
static void on_read_hoard(SXE *this, int length)
{
    reads++;
    last_length = (unsigned)length;
    last_used = SXE_BUF_USED(this);
    total += (unsigned)length;

    if (consume_all) {
        SXE_BUF_CLEAR(this);
    }
}

/* Starts a listener with `buffer_size`-byte input buffers (0: the default) and these handlers, connects a raw client
 * to it and writes the `bytes` bytes of data from it. Returns the client's descriptor; *listener is the listener.
 */
static int listen_and_write(unsigned buffer_size, SXE_IN_EVENT_READ on_read, SXE_IN_EVENT_CLOSE on_close,
                            const void *data, size_t bytes, SXE **listener)
{
    int fd;

    sxe_test_init(2, buffer_size);
    *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, on_close);
    ck_assert_int_eq(sxe_listen(*listener), SXE_RETURN_OK);
    fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(*listener));
    ck_assert_int_eq(write(fd, data, bytes), (ssize_t)bytes);
    return fd;
}

/* listen_and_write() of `bytes` bytes (at most 1000) to a hoarding listener. */
static int hoard_and_write(unsigned buffer_size, unsigned bytes, SXE_IN_EVENT_CLOSE on_close, SXE **listener)
{
    char data[1000];

    ck_assert_uint_le(bytes, sizeof(data));
    memset(data, 'z', bytes);
    return listen_and_write(buffer_size, on_read_hoard, on_close, data, bytes, listener);
}

START_TEST(test_data_accumulates_until_consumed)
{
    SXE *listener;
    int fd = listen_and_write(0, on_read_request, NULL, "GET / HTTP/1.1\r\n", 16, &listener);

    ck_assert(SXE_TEST_RUN_UNTIL(reads == 1, 5.0));
    ck_assert_uint_eq(SXE_BUF_USED(conn), 16);
    ck_assert_ptr_null(SXE_BUF_STRNSTR(conn, "\r\n\r\n"));
    ck_assert_int_eq(write(fd, "Host: X\r\n\r\nNEXT", 15), 15);
    ck_assert(SXE_TEST_RUN_UNTIL(reads == 2, 5.0));
    ck_assert_uint_eq(last_length, 15);
    ck_assert_str_eq(request, "GET / HTTP/1.1\r\nHost: X\r\n\r\n");
    ck_assert_uint_eq(SXE_BUF_USED(conn), 4); /* "NEXT" stays */
    ck_assert_int_eq(memcmp(SXE_BUF(conn), "NEXT", 4), 0);
    ck_assert_ptr_nonnull(SXE_BUF_STRNSTR(conn, "NEXT"));
    ck_assert_ptr_nonnull(SXE_BUF_STRNCASESTR(conn, "next"));
    ck_assert_ptr_null(SXE_BUF_STRNSTR(conn, "next"));

    /* the consumed part is reclaimed: more data lands after "NEXT" */
    ck_assert_int_eq(write(fd, "MORE", 4), 4);
    ck_assert(SXE_TEST_RUN_UNTIL(reads == 3, 5.0));
    ck_assert_uint_eq(SXE_BUF_USED(conn), 8);
    ck_assert_int_eq(memcmp(SXE_BUF(conn), "NEXTMORE", 8), 0);
    sxe_buf_discard(conn, 8);
    ck_assert_uint_eq(SXE_BUF_USED(conn), 0);
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

/* The classic way: consume a request (which pauses), "handle" it asynchronously, resume when done. */
static unsigned requests_handled;
static bool handling;

static void on_read_classic(SXE *this, int length)
{
    char *end = SXE_BUF_STRNSTR(this, "\r\n\r\n");

    SXE_UNUSED_ARGUMENT(length);
    ck_assert_msg(!handling, "on_read came while a consumed request was still being handled");
    reads++;

    if (end != NULL) {
        sxe_buf_consume(this, (unsigned)(end + 4 - SXE_BUF(this)));
        requests_handled++;
        handling = true; /* until the test resumes */
    }
}

START_TEST(test_consuming_pauses_delivery_until_resume_so_pipelined_requests_wait)
{
    SXE *listener;
    int fd =
        listen_and_write(0, on_read_classic, NULL, "GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n", 38, &listener);

    ck_assert(SXE_TEST_RUN_UNTIL(requests_handled == 1, 5.0));
    ck_assert_uint_eq(SXE_FLAGS(conn) & SXE_FLAG_IS_PAUSED, SXE_FLAG_IS_PAUSED);
    ck_assert_int_eq(write(fd, "GET /3 HTTP/1.1\r\n\r\n", 19), 19);
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(requests_handled, 1); /* paused: neither the buffered /2 nor the new /3 */
    ck_assert_uint_eq(SXE_BUF_USED(conn), 19);
    handling = false;
    sxe_buf_resume(conn, SXE_BUF_RESUME_IMMEDIATE); /* re-delivers /2 from the loop */
    ck_assert(SXE_TEST_RUN_UNTIL(requests_handled == 2, 5.0));
    handling = false;
    sxe_buf_resume(conn, SXE_BUF_RESUME_IMMEDIATE); /* /3: buffered already, or read when the loop runs */
    ck_assert(SXE_TEST_RUN_UNTIL(requests_handled == 3, 5.0));
    handling = false;
    ck_assert_uint_eq(SXE_BUF_USED(conn), 0);
    sxe_buf_resume(conn, SXE_BUF_RESUME_WHEN_MORE_DATA); /* a paused connection does not see its peer close */
    close(fd);
    ck_assert(SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 1, 5.0));
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_full_buffer_stops_reading_until_the_application_consumes)
{
    SXE *listener;
    int fd = hoard_and_write(64, 1000, NULL, &listener);

    ck_assert(SXE_TEST_RUN_UNTIL(total == 64, 5.0));
    sxe_test_run_for(0.1);
    ck_assert_uint_eq(total, 64); /* nothing more is read: the rest waits in the kernel */
    ck_assert_uint_eq(SXE_BUF_USED(conn), 64);
    unsigned reads_when_full = reads;
    sxe_test_run_for(0.1);
    ck_assert_uint_eq(reads, reads_when_full); /* no busy loop of empty callbacks */

    /* consuming (even outside a callback) restarts reading; nothing is lost */
    sxe_buf_discard(conn, 10);
    ck_assert(SXE_TEST_RUN_UNTIL(total == 74, 5.0));
    consume_all = true;
    SXE_BUF_CLEAR(conn);
    ck_assert(SXE_TEST_RUN_UNTIL(total == 1000, 5.0));
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_pause_stops_reads_and_resume_redelivers_buffered_data)
{
    SXE *listener;
    int fd = listen_and_write(0, on_read_hoard, NULL, "abc", 3, &listener);

    ck_assert(SXE_TEST_RUN_UNTIL(reads == 1, 5.0));
    sxe_pause(conn);
    ck_assert_int_eq(write(fd, "def", 3), 3);
    sxe_test_run_for(0.1);
    ck_assert_uint_eq(reads, 1);

    sxe_buf_resume(conn, SXE_BUF_RESUME_IMMEDIATE);
    ck_assert_uint_eq(reads, 1); /* never from inside sxe_buf_resume() */
    ck_assert(SXE_TEST_RUN_UNTIL(SXE_BUF_USED(conn) == 6, 5.0));
    /* either the re-delivery of "abc" ran first, then "def" was read, or "def" was read first and the
     * re-delivery became unnecessary; either way the last callback saw all six bytes and nothing repeats */
    ck_assert_uint_ge(reads, 2);
    ck_assert_uint_le(reads, 3);
    ck_assert_uint_eq(last_used, 6);
    unsigned reads_after_resume = reads;
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(reads, reads_after_resume);

    /* nothing new arrives: resume re-delivers what is buffered, once, with length SXE_BUF_USED */
    sxe_pause(conn);
    sxe_buf_resume(conn, SXE_BUF_RESUME_IMMEDIATE);
    ck_assert(SXE_TEST_RUN_UNTIL(reads == reads_after_resume + 1, 5.0));
    ck_assert_uint_eq(last_length, 6);
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(reads, reads_after_resume + 1);

    /* pause cancels a pending re-delivery; resume with nothing buffered delivers nothing */
    sxe_buf_resume(conn, SXE_BUF_RESUME_IMMEDIATE);
    sxe_pause(conn);
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(reads, reads_after_resume + 1);
    SXE_BUF_CLEAR(conn);
    sxe_buf_resume(conn, SXE_BUF_RESUME_IMMEDIATE);
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(reads, reads_after_resume + 1);
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_resume_on_a_full_buffer_redelivers_and_keeps_reading_stopped)
{
    SXE *listener;
    int fd = hoard_and_write(32, 100, NULL, &listener);

    ck_assert(SXE_TEST_RUN_UNTIL(total == 32, 5.0));
    sxe_pause(conn);
    sxe_buf_resume(conn, SXE_BUF_RESUME_IMMEDIATE);
    ck_assert(SXE_TEST_RUN_UNTIL(reads == 2, 5.0));
    ck_assert_uint_eq(last_length, 32);
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(total, 64); /* 32 read + 32 re-delivered; still full, nothing more read */
    consume_all = true;
    SXE_BUF_CLEAR(conn);
    ck_assert(SXE_TEST_RUN_UNTIL(total == 132, 5.0));
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

static unsigned closes;

static void on_close_count(SXE *this)
{
    (void)this;
    closes++;
}

START_TEST(test_peer_eof_behind_a_full_buffer_is_seen_only_after_the_application_consumes)
{
    SXE *listener;
    int fd = hoard_and_write(32, 32, on_close_count, &listener); /* exactly fills the buffer */

    close(fd); /* then end of file */
    ck_assert(SXE_TEST_RUN_UNTIL(total == 32, 5.0));
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(closes, 0); /* reading stopped: the EOF waits behind the unconsumed data */
    ck_assert_uint_eq(SXE_BUF_USED(conn), 32);
    SXE_BUF_CLEAR(conn); /* consuming restarts reading: now the EOF arrives, once */
    ck_assert(SXE_TEST_RUN_UNTIL(closes == 1, 5.0));
    sxe_test_run_for(0.02);
    ck_assert_uint_eq(closes, 1);
    ck_assert_uint_eq(reads, 1);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

START_TEST(test_resume_when_more_data_waits_for_new_data_instead_of_redelivering)
{
    SXE *listener;
    int fd = listen_and_write(0, on_read_hoard, NULL, "abc", 3, &listener);

    ck_assert(SXE_TEST_RUN_UNTIL(reads == 1, 5.0));
    sxe_pause(conn);
    sxe_buf_resume(conn, SXE_BUF_RESUME_WHEN_MORE_DATA);
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(reads, 1); /* buffered "abc" is not re-delivered */
    ck_assert_int_eq(write(fd, "def", 3), 3);
    ck_assert(SXE_TEST_RUN_UNTIL(reads == 2, 5.0));
    ck_assert_uint_eq(last_length, 3); /* the new bytes, with everything visible */
    ck_assert_uint_eq(last_used, 6);

    /* WHEN_MORE_DATA after IMMEDIATE cancels the queued re-delivery (the latest call wins) */
    sxe_buf_resume(conn, SXE_BUF_RESUME_IMMEDIATE);
    sxe_buf_resume(conn, SXE_BUF_RESUME_WHEN_MORE_DATA);
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(reads, 2);
    ck_assert_uint_eq(SXE_BUF_USED(conn), 6);
    close(fd);
    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

static int events[8]; /* on_read lengths; -1 for on_close */
static unsigned event_count;

static void on_read_record(SXE *this, int length)
{
    ck_assert_uint_lt(event_count, 8);
    events[event_count++] = length;

    if (length == 0) {
        sxe_close(this); /* half-close mode: the application closes */
    }
}

static void on_close_record(SXE *this)
{
    (void)this;
    ck_assert_uint_lt(event_count, 8);
    events[event_count++] = -1;
}

START_TEST(test_queued_redelivery_is_not_overtaken_by_the_end_of_file)
{
    struct pollfd pfd;

    sxe_test_init(2, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read_record, on_close_record);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);

    for (unsigned half_close = 0; half_close < 2; half_close++) {
        sxe_set_half_close(listener, half_close != 0);
        event_count = 0;
        conn = NULL;
        int fd = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
        ck_assert_int_eq(write(fd, "abc", 3), 3);
        ck_assert(SXE_TEST_RUN_UNTIL(event_count == 1, 5.0));
        sxe_pause(conn);
        shutdown(fd, SHUT_WR);
        pfd.fd = SXE_FD(conn);
        pfd.events = POLLIN;
        ck_assert_int_eq(poll(&pfd, 1, 5000), 1); /* the end of file waits in the kernel */

        /* a re-delivery is queued, then the loop happens to run the read watcher before the deferred work */
        sxe_buf_resume(conn, SXE_BUF_RESUME_IMMEDIATE);
        ev_invoke(EV_DEFAULT, &conn->io_read, EV_READ);
        sxe_test_run_for(0.05);
        ck_assert_uint_eq(event_count, 3);
        ck_assert_int_eq(events[0], 3);
        ck_assert_int_eq(events[1], 3);                   /* the data it asked to see again comes first */
        ck_assert_int_eq(events[2], half_close ? 0 : -1); /* then the end of file, and nothing after it */
        ck_assert_uint_eq(sxe_get_number_in_use(), 1);
        close(fd);
    }

    sxe_close(listener);
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-buffer", test_data_accumulates_until_consumed,
              test_consuming_pauses_delivery_until_resume_so_pipelined_requests_wait,
              test_full_buffer_stops_reading_until_the_application_consumes,
              test_pause_stops_reads_and_resume_redelivers_buffered_data,
              test_resume_on_a_full_buffer_redelivers_and_keeps_reading_stopped,
              test_peer_eof_behind_a_full_buffer_is_seen_only_after_the_application_consumes,
              test_resume_when_more_data_waits_for_new_data_instead_of_redelivering,
              test_queued_redelivery_is_not_overtaken_by_the_end_of_file)
