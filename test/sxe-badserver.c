/* sxe-badserver.c: a scripted, misbehaving HTTP server for the load generator's tests. See sxe-badserver.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sxe-badserver.h"
#include "sxe-itest.h"

#define BADSERVER_BACKLOG      1024
#define BADSERVER_READ_SIZE    4096
#define BADSERVER_PENDING      64                     /* delayed answers remembered per connection (DELAY mode) */
#define BADSERVER_HEAD_MAX     SXE_BADSERVER_HEAD_MAX /* bytes of a request head kept for checking */
#define BADSERVER_STOP_TIMEOUT 5.0 /* seconds (scaled) for the server to report its counts and exit */

typedef struct BADSERVER_CLIENT {
    int fd;                        /* -1 when the slot is free */
    unsigned matched;              /* bytes of "\r\n\r\n" matched at the end of the data so far */
    unsigned answered;             /* responses written on this connection */
    unsigned pending;              /* DELAY: requests waiting for their answer */
    double due[BADSERVER_PENDING]; /* DELAY: when each pending request is to be answered (FIFO) */
    unsigned due_head;
    unsigned head_len;            /* bytes of the current request head kept */
    unsigned long long body_left; /* bytes of the current request's body still to come */
    char head[BADSERVER_HEAD_MAX + 1];
} BADSERVER_CLIENT;

static volatile sig_atomic_t badserver_stopping;
static SXE_BADSERVER_COUNTS badserver_counts;
static BADSERVER_CLIENT badserver_clients[SXE_BADSERVER_CLIENTS];

static const char badserver_ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello";
static const char badserver_404[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
static const char badserver_500[] = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 6\r\n\r\nbroken";
static const char badserver_conn_close[] = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello";
static const char badserver_delim[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nthe body runs until the close";
static const char badserver_garbage[] = "SSH-2.0-OpenSSH_9.2 this is not http\r\n\r\n";
static const char badserver_chunk_1[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel";
static const char badserver_chunk_2[] = "lo\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: yes\r\n\r\n";
static const char badserver_tls_alert[] = "\x15\x03\x01\x00\x02\x02\x46"; /* TLS 1.0 alert: protocol_version */
static const char badserver_dribble[] =
    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

static double badserver_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void badserver_on_term(int signal_number)
{
    (void)signal_number;
    badserver_stopping = 1;
}

/* Blocking-enough write of all bytes (the client reads; loopback buffers are large). */
static void badserver_write(int fd, const char *data, size_t len)
{
    struct pollfd out = {fd, POLLOUT, 0};
    ssize_t done;

    while (len > 0) {
        done = send(fd, data, len, MSG_NOSIGNAL);

        if (done < 0 && errno == EAGAIN && poll(&out, 1, 1000) > 0) {
            continue;
        }

        if (done <= 0) {
            return;
        }

        data += done;
        len -= (size_t)done;
    }
}

static void badserver_close(BADSERVER_CLIENT *client, bool reset)
{
    struct linger linger = {1, 0};

    if (reset) {
        setsockopt(client->fd, SOL_SOCKET, SO_LINGER, &linger, sizeof(linger));
    }

    close(client->fd);
    client->fd = -1;
}

/* Answers one complete request. Returns false when the connection was closed. */
static bool badserver_answer(BADSERVER_CLIENT *client, SXE_BADSERVER_MODE mode, unsigned param)
{
    size_t i;

    switch (mode) {
        case SXE_BADSERVER_OK:
        case SXE_BADSERVER_DELAY:
            badserver_write(client->fd, badserver_ok, sizeof(badserver_ok) - 1);
            break;
        case SXE_BADSERVER_STATUS_500:
            badserver_write(client->fd, badserver_500, sizeof(badserver_500) - 1);
            break;
        case SXE_BADSERVER_GARBAGE:
            badserver_write(client->fd, badserver_garbage, sizeof(badserver_garbage) - 1);
            break;
        case SXE_BADSERVER_SILENT:
            return true;
        case SXE_BADSERVER_EXPECT:
            if (strncmp(client->head, "GET /probe HTTP/1.1\r\n", 21) == 0 &&
                strstr(client->head, "\r\nX-Test: yes\r\n") != NULL) {
                badserver_write(client->fd, badserver_ok, sizeof(badserver_ok) - 1);
            } else {
                badserver_write(client->fd, badserver_404, sizeof(badserver_404) - 1);
            }

            break;
        case SXE_BADSERVER_TLS:
            badserver_write(client->fd, badserver_tls_alert, sizeof(badserver_tls_alert) - 1);
            badserver_close(client, false);
            return false;
        case SXE_BADSERVER_CLOSE_EARLY:
            badserver_close(client, false);
            return false;
        case SXE_BADSERVER_RESET:
            badserver_close(client, true);
            return false;
        case SXE_BADSERVER_HEAD_TOO_LARGE:
            badserver_write(client->fd, "HTTP/1.1 200 OK\r\n", 17);

            for (i = 0; i < 4096; i++) {
                badserver_write(client->fd, "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n", 54);
            }

            return true;
        case SXE_BADSERVER_CHUNKED:
            badserver_write(client->fd, badserver_chunk_1, sizeof(badserver_chunk_1) - 1);
            usleep(1000);
            badserver_write(client->fd, badserver_chunk_2, sizeof(badserver_chunk_2) - 1);
            break;
        case SXE_BADSERVER_DRIBBLE:
            for (i = 0; i < sizeof(badserver_dribble) - 1; i++) {
                badserver_write(client->fd, &badserver_dribble[i], 1);
            }
            break;
        case SXE_BADSERVER_CONNECTION_CLOSE:
            badserver_write(client->fd, badserver_conn_close, sizeof(badserver_conn_close) - 1);
            badserver_counts.responses++;
            badserver_close(client, false);
            return false;
        case SXE_BADSERVER_CLOSE_DELIMITED:
            badserver_write(client->fd, badserver_delim, sizeof(badserver_delim) - 1);
            badserver_counts.responses++;
            shutdown(client->fd, SHUT_WR);
            badserver_close(client, false);
            return false;
        case SXE_BADSERVER_CLOSE_AFTER_N:
            if (client->answered >= param) {
                badserver_close(client, false);
                return false;
            }

            badserver_write(client->fd, badserver_ok, sizeof(badserver_ok) - 1);
            break;
    }

    client->answered++;
    badserver_counts.responses++;
    return true;
}

/* The Content-Length of a request head (0 when it has none). */
static unsigned long long badserver_content_length(const char *head)
{
    const char *field = strcasestr(head, "\r\nContent-Length:");

    return field == NULL ? 0 : strtoull(field + 18, NULL, 10);
}

/* Finds complete request heads in new bytes (by their empty line; a body after a head with a Content-Length is
 * skipped and counted) and answers them (or queues them: DELAY). */
static void badserver_read(BADSERVER_CLIENT *client, SXE_BADSERVER_MODE mode, unsigned param)
{
    static const char end[] = "\r\n\r\n";
    char buf[BADSERVER_READ_SIZE];
    ssize_t got = recv(client->fd, buf, sizeof(buf), 0);
    ssize_t i;

    if (got <= 0) {
        if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
            badserver_close(client, false);
        }

        return;
    }

    for (i = 0; i < got && client->fd >= 0; i++) {
        if (client->body_left > 0) { /* the body of the request just answered (or queued) */
            client->body_left--;
            badserver_counts.body_bytes++;
            continue;
        }

        client->matched = buf[i] == end[client->matched] ? client->matched + 1 : buf[i] == '\r' ? 1 : 0;

        if (client->head_len < BADSERVER_HEAD_MAX) {
            client->head[client->head_len++] = buf[i];
        }

        if (client->matched < 4) {
            continue;
        }

        client->matched = 0;
        client->head[client->head_len] = '\0';
        client->body_left = badserver_content_length(client->head);
        memcpy(badserver_counts.last_head, client->head, client->head_len + 1);
        client->head_len = 0;
        badserver_counts.requests++;

        if (mode == SXE_BADSERVER_DELAY && client->pending < BADSERVER_PENDING) {
            client->due[(client->due_head + client->pending++) % BADSERVER_PENDING] = badserver_now() + param / 1000.0;
        } else if (!badserver_answer(client, mode, param)) {
            return;
        }
    }
}

/* DELAY: answers what is due; returns the milliseconds until the next answer is due (-1: none). */
static int badserver_answer_due(SXE_BADSERVER_MODE mode, unsigned param)
{
    double now = badserver_now();
    double next = -1;
    unsigned i;

    for (i = 0; i < SXE_BADSERVER_CLIENTS; i++) {
        BADSERVER_CLIENT *client = &badserver_clients[i];

        while (client->fd >= 0 && client->pending > 0 && client->due[client->due_head] <= now) {
            client->due_head = (client->due_head + 1) % BADSERVER_PENDING;
            client->pending--;
            badserver_answer(client, mode, param);
        }

        if (client->fd >= 0 && client->pending > 0 && (next < 0 || client->due[client->due_head] < next)) {
            next = client->due[client->due_head];
        }
    }

    return next < 0 ? -1 : (int)((next - now) * 1000) + 1;
}

static void badserver_accept(int listener)
{
    int fd;
    int one = 1;
    unsigned i;

    while ((fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
        for (i = 0; i < SXE_BADSERVER_CLIENTS && badserver_clients[i].fd >= 0; i++) {
        }

        if (i == SXE_BADSERVER_CLIENTS) {
            close(fd);
            continue;
        }

        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        memset(&badserver_clients[i], 0, sizeof(badserver_clients[i]));
        badserver_clients[i].fd = fd;
        badserver_counts.connections++;
    }
}

static void badserver_loop(int listener, SXE_BADSERVER_MODE mode, unsigned param)
{
    static struct pollfd fds[SXE_BADSERVER_CLIENTS + 1];
    static unsigned slot_of[SXE_BADSERVER_CLIENTS + 1];
    unsigned count;
    unsigned i;
    int wait;

    while (!badserver_stopping) {
        fds[0].fd = listener;
        fds[0].events = POLLIN;
        count = 1;

        for (i = 0; i < SXE_BADSERVER_CLIENTS; i++) {
            if (badserver_clients[i].fd >= 0) {
                fds[count].fd = badserver_clients[i].fd;
                fds[count].events = POLLIN;
                fds[count].revents = 0;
                slot_of[count++] = i;
            }
        }

        wait = mode == SXE_BADSERVER_DELAY ? badserver_answer_due(mode, param) : -1;

        if (poll(fds, count, wait < 0 ? 1000 : wait) <= 0) {
            continue;
        }

        if (fds[0].revents & POLLIN) {
            badserver_accept(listener);
        }

        for (i = 1; i < count; i++) {
            if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) && badserver_clients[slot_of[i]].fd >= 0) {
                badserver_read(&badserver_clients[slot_of[i]], mode, param);
            }
        }
    }
}

typedef struct BADSERVER_ARGS {
    int listener;
    int report; /* write end of the pipe the counts go back through */
    SXE_BADSERVER_MODE mode;
    unsigned param;
} BADSERVER_ARGS;

/* The server's process (started by sxe_itest_fork()): serves until SIGTERM, then reports its counts. */
static void badserver_child(void *arg)
{
    const BADSERVER_ARGS *args = arg;
    struct sigaction action;
    unsigned i;
    ssize_t written;

    memset(&action, 0, sizeof(action));
    action.sa_handler = badserver_on_term;
    sigaction(SIGTERM, &action, NULL);
    signal(SIGPIPE, SIG_IGN);
    alarm(SXE_BADSERVER_LIFETIME);

    for (i = 0; i < SXE_BADSERVER_CLIENTS; i++) {
        badserver_clients[i].fd = -1;
    }

    badserver_loop(args->listener, args->mode, args->param);
    written = write(args->report, &badserver_counts, sizeof(badserver_counts));
    _exit(written == sizeof(badserver_counts) ? 0 : 1);
}

bool sxe_badserver_start(SXE_BADSERVER *server, SXE_BADSERVER_MODE mode, unsigned param)
{
    struct sockaddr_in address;
    socklen_t length = sizeof(address);
    BADSERVER_ARGS args = {-1, -1, mode, param};
    int report[2];

    memset(server, 0, sizeof(*server));
    memset(&address, 0, sizeof(address));
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    if ((args.listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) < 0 ||
        bind(args.listener, (struct sockaddr *)&address, sizeof(address)) != 0 ||
        listen(args.listener, BADSERVER_BACKLOG) != 0 ||
        getsockname(args.listener, (struct sockaddr *)&address, &length) != 0 || pipe(report) != 0) {
        fprintf(stderr, "sxe_badserver_start: %s\n", strerror(errno));
        return false;
    }

    args.report = report[1];
    server->pid = sxe_itest_fork(badserver_child, &args);
    close(args.listener);
    close(report[1]);
    server->port = ntohs(address.sin_port);
    server->report_fd = report[0];
    return server->pid > 0;
}

bool sxe_badserver_stop(SXE_BADSERVER *server, SXE_BADSERVER_COUNTS *counts)
{
    struct pollfd report = {server->report_fd, POLLIN, 0};
    SXE_BADSERVER_COUNTS got;
    ssize_t length = -1;

    kill(server->pid, SIGTERM);

    if (poll(&report, 1, (int)(BADSERVER_STOP_TIMEOUT * sxe_itest_time_scale() * 1000)) == 1) {
        length = read(server->report_fd, &got, sizeof(got));
    }

    close(server->report_fd);

    if (sxe_itest_wait_exit(server->pid, BADSERVER_STOP_TIMEOUT * sxe_itest_time_scale()) < 0) {
        kill(server->pid, SIGKILL);
        waitpid(server->pid, NULL, 0);
    }

    if (counts != NULL) {
        memset(counts, 0, sizeof(*counts));

        if (length == sizeof(got)) {
            *counts = got;
        }
    }

    return length == sizeof(got);
}
