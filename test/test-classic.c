/* test-classic.c: a program written against the classic 2010 SXE API builds unchanged and works.
 *
 * The server half is the classic hello-world HTTP server, the client half the classic style of load generator
 * (ids index the application's own arrays, SXE_USER_DATA, SXE_BUF_STRNSTR, classic log macros with argument
 * counts and the I suffix). Both run in this process on libev's default loop, over loopback, on an ephemeral port.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sxe-check.h"
#include "ev.h"
#include "sxe.h"
#include "sxe-log.h"
#include "sxe-util.h"
#include "sxe-pool.h"

#define CLIENTS            8
#define QUERIES_PER_CLIENT 5
#define CLASSIC_REPLY                                                                                                  \
    "HTTP/1.1 200 OK\r\nConnection: Keep-Alive\r\nContent-Type: text/html\r\n"                                         \
    "Content-Length: 12\r\n\r\nHello World\n"
#define CLASSIC_QUERY "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

static unsigned queries_done[CLIENTS + 2]; /* indexed by SXE_ID of the client objects */
static unsigned clients_finished;
static unsigned server_reads;

/* ---- the classic hello-world server ---------------------------------------------------------------------- */
static void server_read(SXE *this, int length)
{
    SXEE61I("server_read(length=%d)", length);
    SXE_UNUSED_ARGUMENT(length);
    server_reads++;

    while (SXE_BUF_STRNSTR(this, "\r\n\r\n") != NULL) {
        const char *end = SXE_BUF_STRNSTR(this, "\r\n\r\n");
        sxe_write(this, CLASSIC_REPLY, SXE_LITERAL_LENGTH(CLASSIC_REPLY));
        sxe_buf_consume(this, (unsigned)(end + 4 - SXE_BUF(this))); /* classic: consuming pauses */
    }

    sxe_buf_resume(this, SXE_BUF_RESUME_WHEN_MORE_DATA); /* every whole request answered: read on */

    SXER60I("return");
}

/* ---- the classic client ---------------------------------------------------------------------------------- */
static void client_connected(SXE *this)
{
    SXEE60I("client_connected()");
    SXEA10I(SXE_USER_DATA(this) == &queries_done, "user data is the one set before connecting");
    sxe_write(this, CLASSIC_QUERY, SXE_LITERAL_LENGTH(CLASSIC_QUERY));
    SXER60I("return");
}

static void client_read(SXE *this, int length)
{
    SXEE61I("client_read(length=%d)", length);

    if (SXE_BUF_STRNCASESTR(this, "hello world\n") == NULL) {
        goto SXE_EARLY_OUT;
    }

    SXE_BUF_CLEAR(this);
    queries_done[SXE_ID(this)]++;

    if (queries_done[SXE_ID(this)] < QUERIES_PER_CLIENT) {
        sxe_write(this, CLASSIC_QUERY, SXE_LITERAL_LENGTH(CLASSIC_QUERY));
        goto SXE_EARLY_OUT;
    }

    sxe_close(this);

    if (++clients_finished == CLIENTS) {
        ev_break(ev_default_loop(EVFLAG_AUTO), EVBREAK_ALL);
    }

SXE_EARLY_OR_ERROR_OUT:
    SXER60I("return");
}

static void client_close(SXE *this)
{
    SXEL13I("client %u closed by the server after %u queries (%s)", SXE_ID(this), queries_done[SXE_ID(this)],
            "unexpected");
}

static void guard_timeout(struct ev_loop *loop, ev_timer *timer, int revents)
{
    SXE_UNUSED_ARGUMENT(timer);
    SXE_UNUSED_ARGUMENT(revents);
    ev_break(loop, EVBREAK_ALL);
}

START_TEST(test_classic_hello_world_server_and_client_build_unchanged_and_work)
{
    struct ev_loop *loop = ev_default_loop(EVFLAG_AUTO);
    ev_timer guard;
    SXE *listener;
    SXE *client;
    double start = sxe_get_time_in_seconds();
    unsigned i;

    sxe_register(1 + CLIENTS * 2, 0);
    ck_assert_int_eq(sxe_init(), SXE_RETURN_OK);

    listener = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, server_read, NULL);
    ck_assert_ptr_nonnull(listener);
    ck_assert_uint_eq(SXE_ID(listener), 0); /* a fresh pool hands out ids in ascending order */
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    ck_assert_uint_ne(SXE_LOCAL_PORT(listener), 0);

    for (i = 0; i < CLIENTS; i++) {
        client = sxe_new_tcp(NULL, "0.0.0.0", 0, client_connected, client_read, client_close);
        ck_assert_ptr_nonnull(client);
        ck_assert_uint_eq(SXE_ID(client), i + 1);
        SXE_USER_DATA(client) = &queries_done;
        ck_assert_int_eq(sxe_connect(client, "127.0.0.1", SXE_LOCAL_PORT(listener)), SXE_RETURN_OK);
    }

    ev_timer_init(&guard, guard_timeout, 10.0, 0.0);
    ev_timer_start(loop, &guard);
    ev_loop(loop, 0); /* the classic name of ev_run */
    ev_timer_stop(loop, &guard);

    ck_assert_uint_eq(clients_finished, CLIENTS);

    for (i = 1; i <= CLIENTS; i++) {
        ck_assert_uint_eq(queries_done[i], QUERIES_PER_CLIENT);
    }

    ck_assert_uint_ge(server_reads, CLIENTS * QUERIES_PER_CLIENT);
    ck_assert(sxe_get_time_in_seconds() >= start);
    SXEL40("classic client and server done");

    /* The server's connections see their peers' close on the next iterations; then only nothing is left. */
    sxe_close(listener);

    while (sxe_get_number_in_use() > 0 && sxe_get_time_in_seconds() - start < 10.0) {
        ev_run(loop, EVRUN_ONCE | EVRUN_NOWAIT);
    }

    ck_assert_uint_eq(sxe_get_number_in_use(), 0);
    sxe_fini();
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("classic-api");
    TCase *tcase = tcase_create("classic");

    tcase_set_timeout(tcase, 30);
    tcase_add_test(tcase, test_classic_hello_world_server_and_client_build_unchanged_and_work);
    suite_add_tcase(suite, tcase);
    return sxe_test_run(suite);
}
