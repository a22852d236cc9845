/* classic-server.c: a classic SXE HTTP server, written the 2010 way and with classic names only.
 *
 * Usage: classic-server -p PORT -P PORTFILE   (PORT 0: the kernel's choice, written to PORTFILE)
 * Answers "GET /..." with "Hello World" (pipelined requests one at a time: consuming pauses until the answer is
 * written and reading is resumed), "GET /slow" after a tenth of a second (the request waits while the connection is
 * paused), "GET /close" by answering and closing the connection, and "GET /stop" by answering, then leaving the loop
 * and exiting 0.
 *
 * Like every program of test/classic/, it includes nothing but the classic SXE headers: printf, atoi, getpid, errno,
 * strlen and the socket calls come through them.
 */
#include "ev.h"
#include "sxe.h"
#include "sxe-log.h"
#include "sxe-util.h"

#define HELLO "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 12\r\n\r\nHello World\n"
#define SLOW  "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 5\r\n\r\nSlow\n"
#define BYE   "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 4\r\n\r\nBye\n"

typedef struct CONNECTION { /* per connection, in the SXE's extra bytes (classic: this + 1) */
    unsigned requests;
    ev_timer slow;
} CONNECTION;

static unsigned total_requests;

static void server_read(SXE *this, int length);

static void slow_timeout(struct ev_loop *loop, ev_timer *timer, int revents)
{
    SXE *this = (SXE *)timer->data;

    SXE_UNUSED_PARAMETER(loop);
    SXE_UNUSED_PARAMETER(revents);
    SXEE60I("slow_timeout()");
    SXE_WRITE_LITERAL(this, SLOW);
    sxe_buf_resume(this, SXE_BUF_RESUME_IMMEDIATE); /* the next pipelined request, if any */
    SXER60I("return");
}

/* Answers the first whole request in the buffer; returns 1 when one was answered and there may be more, 0 when there
 * is no more to answer now, -1 when the connection was closed.
 */
static int server_answer_one(SXE *this)
{
    CONNECTION *connection = (CONNECTION *)(this + 1);
    char *end = SXE_BUF_STRNSTR(this, "\r\n\r\n");
    int answered = 0;

    SXEE60I("server_answer_one()");

    if (end == NULL) {
        goto SXE_EARLY_OUT;
    }

    connection->requests++;
    total_requests++;
    answered = 1;

    if (SXE_BUF_STRNSTR(this, "GET /stop ") == SXE_BUF(this)) {
        sxe_buf_consume(this, end + 4 - SXE_BUF(this));
        SXE_WRITE_LITERAL(this, BYE);
        SXEL40I("stop requested after %u requests", total_requests);
        ev_break(ev_default_loop(EVFLAG_AUTO), EVBREAK_ALL);
        answered = 0;
        goto SXE_EARLY_OUT;
    }

    if (SXE_BUF_STRNSTR(this, "GET /close ") == SXE_BUF(this)) {
        SXE_WRITE_LITERAL(this, BYE);
        sxe_close(this); /* a local close: on_close is not called */
        answered = -1;
        goto SXE_EARLY_OUT;
    }

    if (SXE_BUF_STRNSTR(this, "GET /slow ") == SXE_BUF(this)) {
        sxe_buf_consume(this, end + 4 - SXE_BUF(this)); /* paused until the timer resumes */
        connection->slow.data = this;
        sxe_timer_set(&connection->slow, 0.1, 0.0);
        sxe_timer_start(&connection->slow);
        answered = 0;
        goto SXE_EARLY_OUT;
    }

    sxe_buf_consume(this, end + 4 - SXE_BUF(this));
    SXEV60I(SXE_WRITE_LITERAL(this, HELLO), == SXE_RETURN_OK, "write failed");

SXE_EARLY_OR_ERROR_OUT:
    SXER61I("return %d", answered);
    return answered;
}

static void server_read(SXE *this, int length)
{
    int answered;

    SXEE61I("server_read(length=%d)", length);

    while ((answered = server_answer_one(this)) > 0) {
    }

    if (answered < 0) {
        goto SXE_EARLY_OUT; /* closed */
    }

    if (!ev_is_active(&((CONNECTION *)(this + 1))->slow)) {
        sxe_buf_resume(this, SXE_BUF_RESUME_WHEN_MORE_DATA); /* all answered, or a part of one: read on */
    }

SXE_EARLY_OR_ERROR_OUT:
    SXER60I("return");
}

static void server_connected(SXE *this)
{
    CONNECTION *connection = (CONNECTION *)(this + 1);

    SXEE60I("server_connected()");
    connection->requests = 0;
    sxe_timer_init(&connection->slow, slow_timeout, 0.1, 0.0);
    SXEL61I("connection from %s", inet_ntoa(SXE_PEER_ADDR(this)->sin_addr));
    SXER60I("return");
}

static void server_close(SXE *this)
{
    CONNECTION *connection = (CONNECTION *)(this + 1);

    SXEE60I("server_close()");
    sxe_timer_stop(&connection->slow);
    SXER60I("return");
}

int main(int argc, char **argv)
{
    SXE *listener;
    unsigned short port = 0;
    const char *portfile = NULL;
    FILE *file;
    int i;

    for (i = 1; i + 1 < argc; i += 2) {
        if (argv[i][0] == '-' && argv[i][1] == 'p') {
            port = (unsigned short)atoi(argv[i + 1]);
        } else if (argv[i][0] == '-' && argv[i][1] == 'P') {
            portfile = argv[i + 1];
        }
    }

    sxe_register(101, sizeof(CONNECTION));
    SXEA10(sxe_init() == SXE_RETURN_OK, "sxe_init failed");
    listener = sxe_new_tcp(NULL, SXE_IP_ADDR_ANY, port, server_connected, server_read, server_close);
    SXEA10(listener != NULL, "no listener");
    SXEA11(sxe_listen(listener) == SXE_RETURN_OK, "cannot listen on port %hu", port);
    SXEL12("classic-server %d listening on port %hu", getpid(), SXE_LOCAL_PORT(listener));

    if (portfile != NULL) {
        SXEA11((file = fopen(portfile, "w")) != NULL, "cannot write %s", portfile);
        fprintf(file, "%hu\n", SXE_LOCAL_PORT(listener));
        fclose(file);
    }

    ev_loop(ev_default_loop(EVFLAG_AUTO), 0);
    printf("classic-server: %u requests\n", total_requests);
    SXEA10(sxe_fini() == SXE_RETURN_OK, "sxe_fini failed");
    return 0;
}
