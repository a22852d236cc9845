/* blocking-hello: the plainest possible accept/read/send/close loop, for comparison with examples/hello.
 *
 * Usage: blocking-hello [-p PORT]   (default 8080; -p 0 picks a free port, printed on stdout)
 * One thread, blocking sockets, no event loop: accept, read until the end of the request head (its blank line),
 * send the fixed response, close (the kernel sends the answer, then the FIN). When bytes follow the head, shut the
 * write side down and read (and discard) until the peer's end of file first, since closing with unread input would
 * reset the connection. That is exactly what examples/hello does, so the CPU time per connection of the two
 * compares the event loop with the plainest code. Stops on SIGINT/SIGTERM (default action).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BLOCKING_HELLO_PORT_DEFAULT  8080
#define BLOCKING_HELLO_BACKLOG       4096
#define BLOCKING_HELLO_DRAIN_SECONDS 10   /* a peer that sends no head, or never closes, is dropped after this long */
#define BLOCKING_HELLO_BUFFER_BYTES  1024 /* as examples/hello: a usual request head arrives whole in one read */
#define BLOCKING_HELLO_END_OF_HEAD   "\r\n\r\n"

static const char blocking_hello_response[] = "HTTP/1.1 200 OK\r\n\r\nHello, World!";

static int blocking_hello_listen(int port)
{
    struct sockaddr_in addr;
    socklen_t addr_len = sizeof(addr);
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0) {
        perror("socket");
        exit(1);
    }

    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(fd, BLOCKING_HELLO_BACKLOG) < 0) {
        perror("bind/listen");
        exit(1);
    }

    getsockname(fd, (struct sockaddr *)&addr, &addr_len);
    printf("%u\n", ntohs(addr.sin_port));
    fflush(stdout);
    return fd;
}

/* Read until the end of the request head. Returns 1 when the head ended the input read so far (close() is then
 * clean), 2 when bytes followed it, 0 when the peer closed or timed out first.
 */
static int blocking_hello_read_head(int fd)
{
    char buf[BLOCKING_HELLO_BUFFER_BYTES + 1];
    size_t used = 0;
    ssize_t got;
    char *end = NULL;

    while (end == NULL && (got = recv(fd, buf + used, BLOCKING_HELLO_BUFFER_BYTES - used, 0)) > 0) {
        used += (size_t)got;
        buf[used] = '\0';

        if ((end = strstr(buf, BLOCKING_HELLO_END_OF_HEAD)) == NULL && used == BLOCKING_HELLO_BUFFER_BYTES) {
            memmove(buf, buf + used - 3, 3); /* a long head: keep only what may start its end */
            used = 3;
        }
    }

    if (end == NULL) {
        return 0;
    }

    return end + sizeof(BLOCKING_HELLO_END_OF_HEAD) - 1 == buf + used ? 1 : 2;
}

int main(int argc, char **argv)
{
    int port = BLOCKING_HELLO_PORT_DEFAULT;
    int opt;

    while ((opt = getopt(argc, argv, "p:")) != -1) {
        if (opt != 'p') {
            fprintf(stderr, "usage: %s [-p PORT]\n", argv[0]);
            return 2;
        }

        port = atoi(optarg);
    }

    if (port < 0 || port > 65535) {
        fprintf(stderr, "%s: bad port %d\n", argv[0], port);
        return 2;
    }

    signal(SIGPIPE, SIG_IGN);
    int listener = blocking_hello_listen(port);

    for (;;) {
        int fd = accept(listener, NULL, NULL);

        if (fd < 0) {
            if (errno != EINTR && errno != ECONNABORTED) {
                perror("accept");
                sleep(1);
            }

            continue;
        }

        struct timeval timeout = {BLOCKING_HELLO_DRAIN_SECONDS, 0};

        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));

        int head = blocking_hello_read_head(fd);

        if (head > 0) {
            (void)!send(fd, blocking_hello_response, sizeof(blocking_hello_response) - 1, MSG_NOSIGNAL);
        }

        if (head == 2) { /* more input after the head: drain it until the peer's FIN, then close */
            char sink[BLOCKING_HELLO_BUFFER_BYTES];

            shutdown(fd, SHUT_WR);

            while (recv(fd, sink, sizeof(sink), 0) > 0) {
            }
        }

        close(fd);
    }

    return 0;
}
