/* blocking-hello: the plainest possible accept/send/close loop, for comparison with examples/hello.
 *
 * Usage: blocking-hello [-p PORT]   (default 8080; -p 0 picks a free port, printed on stdout)
 * One thread, blocking sockets, no event loop: accept, send the fixed response, shut the write side down, read
 * (and discard) until the peer's end of file, close. That is exactly what examples/hello does, so the CPU time per
 * connection of the two compares the event loop with the plainest code. (Closing without draining would reset
 * connections whose request is unread.) Stops on SIGINT/SIGTERM (default action).
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
#define BLOCKING_HELLO_DRAIN_SECONDS 10 /* a peer that never closes is dropped after this long */

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

        char sink[512];
        struct timeval timeout = {BLOCKING_HELLO_DRAIN_SECONDS, 0};

        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
        (void)!send(fd, blocking_hello_response, sizeof(blocking_hello_response) - 1, MSG_NOSIGNAL);
        shutdown(fd, SHUT_WR);

        while (recv(fd, sink, sizeof(sink), 0) > 0) {
        }

        close(fd);
    }

    return 0;
}
