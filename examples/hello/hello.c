/* hello: the accept-answer-close benchmark server, built on lib-sxe.
 *
 * hello [-i IP] [-p PORT] [-P PORTFILE] [-c MAX_CONNECTIONS]
 * hello -h | --help | --version
 *
 * Installed as sxe-hello (man/sxe-hello.1). Listens on 127.0.0.1 port 8000, where examples/http connects by default
 * (-i IP, -p PORT; -p 0 with -P PORTFILE picks an ephemeral port and writes it there). On every
 * connection it waits for the request head (up to its blank line; the request is not parsed otherwise), sends
 * "HTTP/1.1 200 OK\r\n\r\nHello, World!" and closes the connection (the kernel sends the answer, then the FIN).
 * It exists to measure the cost of setting a connection up and tearing it down (compare bench/blocking-hello.c,
 * which does exactly the same with blocking calls, and nginx, which does the same for a request without
 * keep-alive). SIGTERM/SIGINT stop it (exit 0).
 *
 * Why the head is read first: close() on a socket with unread input sends a reset (RST) instead of a FIN, and the
 * client then sees "connection reset" instead of the answer. Once the whole head has been read, nothing is unread
 * (ab, curl and browsers send a GET's head in one segment and then wait), so close() ends the connection cleanly.
 * When bytes follow the head (a body, pipelined requests) they may keep coming, so hello then shuts its side down
 * and drains input until the peer's FIN instead (the slow, safe close). A client that sends nothing is dropped
 * after HELLO_IDLE_SECONDS.
 *
 * The listener uses SXE_LISTEN_FLAG_DEFER_ACCEPT: the kernel hands over a connection once its request has arrived
 * (TCP_DEFER_ACCEPT) and lib-sxe reads it right after the accept, so a connection costs accept4, recvfrom, sendto
 * and close, and is never registered with epoll. TCP_NODELAY is inherited from the listener (no setsockopt).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
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

#define HELLO_PORT_DEFAULT        8000
#define HELLO_IP_DEFAULT          "127.0.0.1"
#define HELLO_CONNECTIONS_DEFAULT 1024 /* connections open at once */
#define HELLO_CONNECTIONS_MAXIMUM 1000000
#define HELLO_BUFFER_BYTES        1024 /* input buffer: a usual request head arrives whole in one read */
#define HELLO_DESCRIPTORS_SPARE   16
#define HELLO_IDLE_SECONDS        10 /* a peer that sends no head, or never closes while drained, is dropped */
#define HELLO_END_OF_HEAD         "\r\n\r\n"
#define HELLO_EXIT_USAGE          2
#define HELLO_OPTION_VERSION      0x100 /* getopt_long value of --version (no short form) */

static const char hello_response[] = "HTTP/1.1 200 OK\r\n\r\nHello, World!";

/* Per connection (SXE_EXTRA): the answer has gone out and input is being drained until the peer's FIN. */
typedef struct HELLO_CONN {
    bool draining;
} HELLO_CONN;

static void hello_on_connected(SXE *this)
{
    ((HELLO_CONN *)SXE_EXTRA(this))->draining = false;
}

/* Wait for the end of the request head, answer, close. Whatever is read after the answer is discarded; the peer's
 * end of file makes the library close and free the object.
 */
static void hello_on_read(SXE *this, int length)
{
    HELLO_CONN *conn = SXE_EXTRA(this);
    const char *end;

    SXE_UNUSED_ARGUMENT(length);

    if (SXE_UNLIKELY(conn->draining)) {
        sxe_buf_clear(this);
        return;
    }

    if ((end = SXE_BUF_STRNSTR(this, HELLO_END_OF_HEAD)) == NULL) {
        if (SXE_BUF_USED(this) >= HELLO_BUFFER_BYTES) { /* a long head: keep only what may start its end */
            sxe_buf_discard(this, SXE_BUF_USED(this) - (SXE_LITERAL_LENGTH(HELLO_END_OF_HEAD) - 1));
        }

        return;
    }

    if (sxe_write(this, hello_response, sizeof(hello_response) - 1) != SXE_RETURN_OK ||
        end + SXE_LITERAL_LENGTH(HELLO_END_OF_HEAD) == SXE_BUF(this) + SXE_BUF_USED(this)) {
        sxe_close(this); /* all input read (or the peer is gone): the FIN follows the answer */
        return;
    }

    shutdown(SXE_FD(this), SHUT_WR); /* more input after the head: drain it until the peer's FIN */
    sxe_buf_clear(this);
    conn->draining = true;
}

static void hello_on_signal(struct ev_loop *loop, ev_signal *watcher, int revents)
{
    SXE_UNUSED_ARGUMENT(watcher);
    SXE_UNUSED_ARGUMENT(revents);
    ev_break(loop, EVBREAK_ALL);
}

static void hello_usage(FILE *out, const char *program)
{
    fprintf(out,
            "usage: %s [-i IP] [-p PORT] [-P PORTFILE] [-c MAX_CONNECTIONS]\n"
            "       %s -h | --help | --version\n"
            "  -i IP            address to listen on (IPv4 or IPv6 literal; default %s)\n"
            "  -p PORT          port, 0..65535 (default %d); 0 only with -P: an ephemeral port\n"
            "  -P PORTFILE      write the port listened on to PORTFILE once listening (default: no port file)\n"
            "  -c CONNECTIONS   maximum simultaneous connections, 1..%d (default %d); more are refused\n"
            "  -h, --help       print this help on stdout and exit 0\n"
            "  --version        print the version on stdout and exit 0\n"
            "Answers every request head with \"HTTP/1.1 200 OK\" and \"Hello, World!\", then closes; a client sending\n"
            "nothing is dropped after %d seconds. exit status: 0 stopped by SIGTERM/SIGINT or -h/--version,\n"
            "1 cannot start, 2 usage\n",
            program, program, HELLO_IP_DEFAULT, HELLO_PORT_DEFAULT, HELLO_CONNECTIONS_MAXIMUM,
            HELLO_CONNECTIONS_DEFAULT, HELLO_IDLE_SECONDS);
}

static unsigned hello_number(const char *text, unsigned long maximum, const char *what)
{
    char *end;
    unsigned long value = strtoul(text, &end, 10);

    if (end == text || *end != '\0' || text[0] == '-' || value > maximum) {
        fprintf(stderr, "hello: %s must be a number from 0 to %lu, not '%s'\n", what, maximum, text);
        exit(HELLO_EXIT_USAGE);
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
    static const struct option long_options[] = {
        {"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, HELLO_OPTION_VERSION}, {NULL, 0, NULL, 0}};
    const char *ip = HELLO_IP_DEFAULT;
    const char *portfile = NULL;
    unsigned port = HELLO_PORT_DEFAULT;
    unsigned connections = HELLO_CONNECTIONS_DEFAULT;
    ev_signal term;
    ev_signal interrupt;
    SXE *listener;
    SXE_RETURN result;
    int opt;

    while ((opt = getopt_long(argc, argv, "i:p:P:c:h", long_options, NULL)) != -1) {
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
            case 'h':
                hello_usage(stdout, argv[0]);
                return 0;
            case HELLO_OPTION_VERSION:
                printf("sxe-hello (libsxe) %s\n", sxe_version());
                return 0;
            default:
                hello_usage(stderr, argv[0]);
                return HELLO_EXIT_USAGE;
        }
    }

    if (optind < argc) {
        fprintf(stderr, "hello: unexpected argument '%s'\n", argv[optind]);
        hello_usage(stderr, argv[0]);
        return HELLO_EXIT_USAGE;
    }

    if ((port == 0 && portfile == NULL) || connections == 0) {
        fprintf(stderr, "hello: -p 0 needs -P PORTFILE, and -c must be at least 1\n");
        return HELLO_EXIT_USAGE;
    }

    hello_descriptors_check(connections);
    sxe_register(connections + 1, sizeof(HELLO_CONN));
    sxe_set_buffer_size(HELLO_BUFFER_BYTES);

    if ((result = sxe_init()) != SXE_RETURN_OK) {
        fprintf(stderr, "hello: sxe_init: %s\n", sxe_return_to_string(result));
        return 1;
    }

    listener = sxe_new_tcp(NULL, ip, (int)port, hello_on_connected, hello_on_read, NULL);

    if (listener == NULL || sxe_set_idle_timeout(listener, HELLO_IDLE_SECONDS) != SXE_RETURN_OK ||
        (result = sxe_listen_plus(listener, SXE_LISTEN_FLAG_DEFER_ACCEPT)) != SXE_RETURN_OK) {
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
