/* hello: the accept-send-close benchmark server, built on lib-sxe.
 *
 * hello [-i IP] [-p PORT] [-P PORTFILE] [-c MAX_CONNECTIONS]
 *
 * Listens on port 8080 (-p PORT; -p 0 with -P PORTFILE picks an ephemeral port and writes it there). On every
 * accepted connection it sends "HTTP/1.1 200 OK\r\n\r\nHello, World!" at once and shuts its side of the connection
 * down (FIN); the object is freed when the peer closes its side too (or after HELLO_IDLE_SECONDS). It never
 * parses a request. It exists to measure the cost of setting a connection up and tearing it down (compare
 * bench/blocking-hello.c, which does the same with blocking calls). SIGTERM/SIGINT stop it (exit 0).
 *
 * Why not close() at once: a request the server has not read (a client such as ab sends one right after
 * connecting) turns close() into a reset (RST), and clients then see "connection reset" or a poll error instead
 * of the answer. Draining the request until the peer's FIN gives every client a clean end of file.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ev.h"
#include "sxe.h"
#include "sxe-log.h"
#include "sxe-util.h"

#define HELLO_PORT_DEFAULT        8080
#define HELLO_IP_DEFAULT          "127.0.0.1"
#define HELLO_CONNECTIONS_DEFAULT 1024 /* connections open at once (until each peer closes) */
#define HELLO_CONNECTIONS_MAXIMUM 1000000
#define HELLO_BUFFER_BYTES        SXE_BUFFER_SIZE_MINIMUM /* requests are discarded: the smallest buffer */
#define HELLO_DESCRIPTORS_SPARE   16
#define HELLO_IDLE_SECONDS        10 /* a peer that never closes its side is dropped after this long */

static const char hello_response[] = "HTTP/1.1 200 OK\r\n\r\nHello, World!";

static void hello_on_connected(SXE *this)
{
    sxe_write(this, hello_response, sizeof(hello_response) - 1);
    shutdown(SXE_FD(this), SHUT_WR);
}

/* Whatever the client sends is discarded; its end of file makes the library close and free the object. */
static void hello_on_read(SXE *this, int length)
{
    SXE_UNUSED_ARGUMENT(length);
    sxe_buf_clear(this);
}

static void hello_on_signal(struct ev_loop *loop, ev_signal *watcher, int revents)
{
    SXE_UNUSED_ARGUMENT(watcher);
    SXE_UNUSED_ARGUMENT(revents);
    ev_break(loop, EVBREAK_ALL);
}

static unsigned hello_number(const char *text, unsigned long maximum, const char *what)
{
    char *end;
    unsigned long value = strtoul(text, &end, 10);

    if (end == text || *end != '\0' || text[0] == '-' || value > maximum) {
        fprintf(stderr, "hello: %s must be a number from 0 to %lu, not '%s'\n", what, maximum, text);
        exit(2);
    }

    return (unsigned)value;
}

static void hello_portfile_write(const char *portfile, unsigned port)
{
    char temporary[PATH_MAX];
    FILE *file;

    snprintf(temporary, sizeof(temporary), "%s.%d.tmp", portfile, (int)getpid());

    if ((file = fopen(temporary, "w")) != NULL) {
        fprintf(file, "%u\n", port);
        fclose(file);
        rename(temporary, portfile);
    }
}

static void hello_descriptors_check(unsigned connections)
{
    struct rlimit limit;
    rlim_t need = (rlim_t)connections + HELLO_DESCRIPTORS_SPARE;

    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < need) {
        if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < need) {
            fprintf(stderr, "hello: -c %u needs %llu descriptors; the hard limit is %llu: raise it or lower -c\n",
                    connections, (unsigned long long)need, (unsigned long long)limit.rlim_max);
            exit(1);
        }

        limit.rlim_cur = need;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

int main(int argc, char **argv)
{
    const char *ip = HELLO_IP_DEFAULT;
    const char *portfile = NULL;
    unsigned port = HELLO_PORT_DEFAULT;
    unsigned connections = HELLO_CONNECTIONS_DEFAULT;
    ev_signal term;
    ev_signal interrupt;
    SXE *listener;
    SXE_RETURN result;
    int opt;

    while ((opt = getopt(argc, argv, "i:p:P:c:h")) != -1) {
        switch (opt) {
            case 'i':
                ip = optarg;
                break;
            case 'p':
                port = hello_number(optarg, 65535, "the port");
                break;
            case 'P':
                portfile = optarg;
                break;
            case 'c':
                connections = hello_number(optarg, HELLO_CONNECTIONS_MAXIMUM, "the connection count");
                break;
            default:
                fprintf(stderr, "usage: %s [-i IP] [-p PORT] [-P PORTFILE] [-c MAX_CONNECTIONS]\n", argv[0]);
                return 2;
        }
    }

    if ((port == 0 && portfile == NULL) || connections == 0) {
        fprintf(stderr, "hello: -p 0 needs -P PORTFILE, and -c must be at least 1\n");
        return 2;
    }

    hello_descriptors_check(connections);
    sxe_register(connections + 1, 0);
    sxe_set_buffer_size(HELLO_BUFFER_BYTES);

    if ((result = sxe_init()) != SXE_RETURN_OK) {
        fprintf(stderr, "hello: sxe_init: %s\n", sxe_return_to_string(result));
        return 1;
    }

    listener = sxe_new_tcp(NULL, ip, (int)port, hello_on_connected, hello_on_read, NULL);

    if (listener == NULL || sxe_set_idle_timeout(listener, HELLO_IDLE_SECONDS) != SXE_RETURN_OK ||
        (result = sxe_listen(listener)) != SXE_RETURN_OK) {
        fprintf(stderr, "hello: cannot listen on %s:%u\n", ip, port);
        sxe_fini();
        return 1;
    }

    if (portfile != NULL) {
        hello_portfile_write(portfile, sxe_get_local_port(listener));
    }

    ev_signal_init(&term, hello_on_signal, SIGTERM);
    ev_signal_init(&interrupt, hello_on_signal, SIGINT);
    ev_signal_start(EV_DEFAULT, &term);
    ev_signal_start(EV_DEFAULT, &interrupt);
    ev_run(EV_DEFAULT, 0);
    ev_signal_stop(EV_DEFAULT, &term);
    ev_signal_stop(EV_DEFAULT, &interrupt);
    sxe_fini();
    return 0;
}
