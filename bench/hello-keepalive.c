/* hello-keepalive: examples/lua/hello.lua written in C on lib-sxe, the C side of make bench's Lua comparison.
 *
 * hello-keepalive [-p PORT] [-P PORTFILE] [-c CONNECTIONS]
 *
 * The same program as hello.lua, step for step: listens on 127.0.0.1 (port 8000 by default; -p 0 with -P PORTFILE
 * picks an ephemeral port and writes it there), answers every request head (found by its blank line, not parsed)
 * with the same 51 bytes and keeps the connection open; pipelined heads are answered in order, a partial head stays
 * buffered until it is complete. Same buffer size (the classic 1500 bytes) and the same number of objects (-c + 1).
 * SIGTERM/SIGINT stop it.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ev.h"
#include "sxe.h"

#define HELLO_END_OF_HEAD "\r\n\r\n"

static const char hello_response[] = "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nHello, World!";

static void hello_on_read(SXE *this, int length)
{
    const char *data = SXE_BUF(this);
    unsigned used = SXE_BUF_USED(this);
    unsigned consumed = 0;
    const char *end;

    SXE_UNUSED_ARGUMENT(length);

    while ((end = memmem(data + consumed, used - consumed, HELLO_END_OF_HEAD, 4)) != NULL) {
        sxe_write(this, hello_response, sizeof(hello_response) - 1);
        consumed = (unsigned)(end + 4 - data);
    }

    if (consumed == used) {
        sxe_buf_clear(this);
    } else if (consumed > 0) {
        sxe_buf_consume(this, consumed);
    }
}

static void hello_on_signal(struct ev_loop *loop, ev_signal *watcher, int revents)
{
    SXE_UNUSED_ARGUMENT(watcher);
    SXE_UNUSED_ARGUMENT(revents);
    ev_break(loop, EVBREAK_ALL);
}

int main(int argc, char **argv)
{
    unsigned port = 8000, connections = 1024;
    const char *portfile = NULL;
    ev_signal term, interrupt;
    SXE *listener;
    int opt;

    while ((opt = getopt(argc, argv, "p:P:c:")) != -1) {
        if (opt == 'p') {
            port = (unsigned)atoi(optarg);
        } else if (opt == 'P') {
            portfile = optarg;
        } else if (opt == 'c') {
            connections = (unsigned)atoi(optarg);
        } else {
            fprintf(stderr, "usage: %s [-p PORT] [-P PORTFILE] [-c CONNECTIONS]\n", argv[0]);
            return 2;
        }
    }

    sxe_register(connections + 1, 0);

    if (sxe_init() != SXE_RETURN_OK ||
        (listener = sxe_new_tcp(NULL, "127.0.0.1", (int)port, NULL, hello_on_read, NULL)) == NULL ||
        sxe_listen(listener) != SXE_RETURN_OK) {
        fprintf(stderr, "hello-keepalive: cannot listen on 127.0.0.1:%u\n", port);
        return 1;
    }

    if (portfile != NULL) {
        FILE *file = fopen(portfile, "w");

        if (file != NULL) {
            fprintf(file, "%u\n", sxe_get_local_port(listener));
            fclose(file);
        }
    }

    ev_signal_init(&term, hello_on_signal, SIGTERM);
    ev_signal_init(&interrupt, hello_on_signal, SIGINT);
    ev_signal_start(EV_DEFAULT, &term);
    ev_signal_start(EV_DEFAULT, &interrupt);
    ev_run(EV_DEFAULT, 0);
    sxe_fini();
    return 0;
}
