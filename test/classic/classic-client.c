/* classic-client.c: a classic SXE load generator, written the 2010 way and with classic names only.
 *
 * Usage: classic-client PORT [CONNECTIONS [ROUNDS [REQUESTS]]]
 * Opens CONNECTIONS connections to 127.0.0.1:PORT with a pool of exactly that many objects; on each it sends REQUESTS
 * requests one after the other and then "GET /close", on which the server answers and hangs up. From on_close, the
 * client reconnects (the pool is full: libsxe hands out the object being closed) until each connection has made
 * ROUNDS rounds. Then it prints its totals and exits 0 (2 when a response is missing, 1 when the classic ev_timer that
 * bounds the run fired).
 * Includes nothing but the classic SXE headers.
 */
#include "ev.h"
#include "sxe.h"
#include "sxe-log.h"
#include "sxe-time.h"
#include "sxe-util.h"

#define MAXIMUM_CONNECTIONS 64
#define QUERY               "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
#define LAST_QUERY          "GET /close HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

static unsigned short port;
static unsigned connections = 4;
static unsigned rounds = 3;
static unsigned requests = 5;
static unsigned responses[MAXIMUM_CONNECTIONS]; /* indexed by SXE_ID: ids are below the number registered */
static unsigned responses_total;
static unsigned rounds_done;
static unsigned reconnects;
static ev_timer guard;
static SXE_TIME start;
static int exit_status = 1;

static void client_connected(SXE *this);
static void client_read(SXE *this, int length);
static void client_close(SXE *this);

static SXE *client_open(intptr_t round)
{
    SXE *this = sxe_new_tcp(NULL, "INADDR_ANY", 0, client_connected, client_read, client_close);

    SXEA10(this != NULL, "no free object");
    SXE_USER_DATA_AS_INT(this) = round;
    SXEA11(sxe_connect(this, "127.0.0.1", port) == SXE_RETURN_OK, "cannot connect to port %hu", port);
    return this;
}

static void client_connected(SXE *this)
{
    SXEE60I("client_connected()");
    responses[SXE_ID(this)] = 0;
    SXEV60I(SXE_WRITE_LITERAL(this, QUERY), == SXE_RETURN_OK, "write failed");
    SXER60I("return");
}

static void client_read(SXE *this, int length)
{
    SXEE61I("client_read(length=%d)", length);

    while (SXE_BUF_STRNSTR(this, "\r\n\r\n") != NULL && SXE_BUF_STRNCASESTR(this, "content-length: ") != NULL) {
        char *body = SXE_BUF_STRNSTR(this, "\r\n\r\n") + 4;
        unsigned body_length = (unsigned)atoi(SXE_BUF_STRNCASESTR(this, "content-length: ") + 16);

        if (body + body_length > SXE_BUF(this) + SXE_BUF_USED(this)) {
            break; /* the body is not all here yet */
        }

        sxe_buf_consume(this, body + body_length - SXE_BUF(this));
        responses_total++;

        if (++responses[SXE_ID(this)] < requests) {
            SXE_WRITE_LITERAL(this, QUERY);
        } else if (responses[SXE_ID(this)] == requests) {
            SXE_WRITE_LITERAL(this, LAST_QUERY); /* the server answers, then hangs up */
        }
    }

    sxe_buf_resume(this, SXE_BUF_RESUME_WHEN_MORE_DATA);
    SXER60I("return");
}

static void client_close(SXE *this)
{
    intptr_t round = SXE_USER_DATA_AS_INT(this); /* read what is needed before reconnecting: `this` may be reused */

    SXEE60I("client_close()");
    rounds_done++;

    if (round + 1 < (intptr_t)rounds) {
        client_open(round + 1); /* from on_close, with every other object in use */
        reconnects++;
    } else if (rounds_done == connections * rounds) {
        printf("classic-client: %u connections, %u rounds, %u responses, %u reconnects from on_close in %.3f s\n",
               connections, rounds_done, responses_total, reconnects,
               sxe_time_to_double_seconds(sxe_time_get() - start));
        exit_status = responses_total == connections * rounds * (requests + 1) ? 0 : 2;
        ev_break(ev_default_loop(EVFLAG_AUTO), EVBREAK_ALL);
    }

    SXER60I("return");
}

static void guard_timeout(struct ev_loop *loop, ev_timer *timer, int revents)
{
    SXE_UNUSED_PARAMETER(timer);
    SXE_UNUSED_PARAMETER(revents);
    fprintf(stderr, "classic-client: timed out after %u responses\n", responses_total);
    ev_break(loop, EVBREAK_ALL);
}

int main(int argc, char **argv)
{
    unsigned i;

    SXEA10(argc >= 2, "usage: classic-client PORT [CONNECTIONS [ROUNDS [REQUESTS]]]");
    port = (unsigned short)atoi(argv[1]);
    connections = argc > 2 ? (unsigned)atoi(argv[2]) : connections;
    rounds = argc > 3 ? (unsigned)atoi(argv[3]) : rounds;
    requests = argc > 4 ? (unsigned)atoi(argv[4]) : requests;
    SXEA11(connections > 0 && connections < MAXIMUM_CONNECTIONS, "at most %u connections", MAXIMUM_CONNECTIONS - 1);

    sxe_register(connections, 0); /* exactly the connections: reconnecting from on_close must still work */
    SXEA10(sxe_init() == SXE_RETURN_OK, "sxe_init failed");
    sxe_timer_init(&guard, guard_timeout, 10.0, 0.0);
    sxe_timer_start(&guard);
    start = sxe_time_get();

    for (i = 0; i < connections; i++) {
        client_open(0);
    }

    ev_loop(ev_default_loop(EVFLAG_AUTO), 0);
    sxe_timer_stop(&guard);
    sxe_fini();
    return exit_status;
}
