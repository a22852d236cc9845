/* classic-pipe.c: a classic SXE socketpair and pipe user, with classic names only.
 *
 * 1. sxe_new_socketpair(): the program forks a child that talks, with plain read() and write(), on the other end.
 * 2. A dispatcher accepts TCP connections and hands each over a unix pipe (sxe_write_pipe()) to a worker object,
 *    which becomes that connection and serves it; the dispatcher's end of the pipe sees the hand-off as a close.
 * Exits 0 when both worked. Includes the classic SXE headers and <sys/wait.h>, which the classic ones did not give.
 */
#include <sys/wait.h>

#include "ev.h"
#include "sxe.h"
#include "sxe-log.h"
#include "sxe-util.h"

static char pipe_path[64];
static unsigned pair_connected;
static unsigned pair_closed;
static char pair_reply[32];
static SXE *dispatcher_side; /* the dispatcher's end of the pipe to the worker */
static SXE *worker;
static unsigned handed_off;
static unsigned worker_served;
static unsigned dispatcher_side_closed;

/* ---- 1: a socket pair and a child process ---------------------------------------------------------------------- */

static void pair_connected_event(SXE *this)
{
    pair_connected++;
    SXE_WRITE_LITERAL(this, "hello child");
}

static void pair_read(SXE *this, int length)
{
    SXE_UNUSED_PARAMETER(length);
    snprintf(pair_reply, sizeof(pair_reply), "%.*s", (int)SXE_BUF_USED(this), SXE_BUF(this));
    SXE_BUF_CLEAR(this);
}

static void pair_close(SXE *this)
{
    SXE_UNUSED_PARAMETER(this);
    pair_closed++;
}

static void child(int fd)
{
    char buffer[32];
    ssize_t length = read(fd, buffer, sizeof(buffer));

    _exit(length == 11 && write(fd, "hello parent", 12) == 12 ? 0 : 1);
}

/* ---- 2: a dispatcher hands connections to a worker -------------------------------------------------------------- */

static void dispatcher_accepted(SXE *this)
{
    SXEE60I("dispatcher_accepted()");
    SXEA10I(sxe_write_pipe(dispatcher_side, "w", 1, SXE_FD(this)) == SXE_RETURN_OK, "cannot pass the connection");
    handed_off++;
    sxe_close(this); /* the dispatcher's copy; the worker has its own */
    SXER60I("return");
}

static void dispatcher_read(SXE *this, int length)
{
    SXE_UNUSED_PARAMETER(length);
    SXE_BUF_CLEAR(this);
}

static void pipe_accepted(SXE *this)
{
    dispatcher_side = this;
}

static void pipe_closed(SXE *this)
{
    if (this == dispatcher_side) {
        dispatcher_side_closed++; /* the worker took the connection: the pipe's end is the acknowledgement */
    }
}

static void worker_read(SXE *this, int length)
{
    SXEE61I("worker_read(length=%d)", length);

    if (SXE_BUF_STRNSTR(this, "request") != NULL) {
        SXEL61I("serving %s", inet_ntoa(SXE_PEER_ADDR(this)->sin_addr));
        SXE_WRITE_LITERAL(this, "served by the worker");
        worker_served++;
    }

    SXE_BUF_CLEAR(this);
    SXER60I("return");
}

static void run_until(unsigned *counter, unsigned value)
{
    double give_up = sxe_get_time_in_seconds() + 10.0;

    while (*counter < value && sxe_get_time_in_seconds() < give_up) {
        ev_loop(ev_default_loop(EVFLAG_AUTO), EVLOOP_ONESHOT);
    }
}

int main(void)
{
    struct sockaddr_in address;
    SXE *pair;
    SXE *listener;
    SXE *pipe_listener;
    char reply[32] = "";
    unsigned replied = 0;
    int other;
    int client;
    int status;
    pid_t pid;

    sxe_register(6, 0);
    SXEA10(sxe_init() == SXE_RETURN_OK, "sxe_init failed");

    /* 1 */
    pair = sxe_new_socketpair(NULL, &other, pair_connected_event, pair_read, pair_close);
    SXEA10(pair != NULL, "no socket pair");

    if ((pid = fork()) == 0) {
        child(other);
    }

    close(other);
    run_until(&pair_closed, 1);
    SXEA12(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0, "child: %d %s", status,
           pair_reply);
    SXEA11(sxe_strnstr(pair_reply, "hello parent", sizeof(pair_reply)) == pair_reply, "the child said '%s'",
           pair_reply);

    /* 2 */
    snprintf(pipe_path, sizeof(pipe_path), "/tmp/classic-pipe-%d", getpid());
    unlink(pipe_path);
    listener = sxe_new_tcp(NULL, "127.0.0.1", 0, dispatcher_accepted, dispatcher_read, NULL);
    pipe_listener = sxe_new_pipe(NULL, pipe_path, pipe_accepted, dispatcher_read, pipe_closed);
    worker = sxe_new_pipe(NULL, pipe_path, NULL, worker_read, NULL);
    SXEA10(sxe_listen(listener) == SXE_RETURN_OK && sxe_listen(pipe_listener) == SXE_RETURN_OK, "cannot listen");
    SXEA10(sxe_connect_pipe(worker) == SXE_RETURN_OK, "cannot connect the worker");

    client = socket(AF_INET, SOCK_STREAM, 0);
    sxe_construct_address(&address, "127.0.0.1", SXE_LOCAL_PORT(listener));
    SXEA10(connect(client, (struct sockaddr *)&address, sizeof(address)) == 0, "cannot connect the client");
    run_until(&handed_off, 1);
    run_until(&dispatcher_side_closed, 1);
    SXEA10(send(client, "request", 7, 0) == 7, "cannot send the request");
    run_until(&worker_served, 1);
    replied = (unsigned)recv(client, reply, sizeof(reply) - 1, MSG_DONTWAIT);
    close(client);

    printf("classic-pipe: pair %u/%u \"%s\"; %u handed off, dispatcher side closed %u, worker served %u: \"%s\"\n",
           pair_connected, pair_closed, pair_reply, handed_off, dispatcher_side_closed, worker_served, reply);
    sxe_close(listener);
    sxe_close(pipe_listener);
    sxe_fini();
    return pair_connected == 1 && pair_closed == 1 && handed_off == 1 && dispatcher_side_closed == 1 &&
                   worker_served == 1 && replied == 20
               ? 0
               : 1;
}
