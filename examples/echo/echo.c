/* echo: a TCP and UDP echo server (RFC 862) on libsxe. How to build, run and test it: examples/echo/README.md. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ev.h"
#include "sxe.h"

#define ECHO_USAGE                                                                                                     \
    "usage: echo [-i IP] [-p PORT] [-P PORTFILE] [-c CONNECTIONS] [-t IDLE_SECONDS] [-h, --help] [--version]\n"        \
    "defaults: -i 127.0.0.1 -p 8000 -c 1000 -t 60; -p 0 -P FILE: any free port, written to FILE\n"

/* TCP: echo_tcp_read() sends back everything that has arrived, one echo at a time: reading pauses until
 * echo_tcp_sent() sees the echo gone. A client that does not read its echoes is held back by TCP meanwhile, its
 * data waiting in its own fixed buffer. */
static void echo_tcp_sent(SXE *this, SXE_RETURN result)
{
    if (result == SXE_RETURN_OK) { /* all sent: drop it from the buffer and read on */
        sxe_buf_clear(this);
        sxe_buf_resume(this, SXE_BUF_RESUME_WHEN_MORE_DATA);
    } else if (result == SXE_RETURN_ERROR_WRITE_FAILED) { /* the client is gone */
        sxe_close(this);
    } /* SXE_RETURN_ERROR_NO_CONNECTION: the connection is closing already */
}

static void echo_tcp_read(SXE *this, int length)
{
    SXE_RETURN result;

    SXE_UNUSED_ARGUMENT(length);
    sxe_pause(this);
    result = sxe_send(this, SXE_BUF(this), SXE_BUF_USED(this), echo_tcp_sent);
    if (result != SXE_RETURN_WARN_IN_PROGRESS) echo_tcp_sent(this, result); /* sent, or failed, at once */
}

/* UDP: each datagram goes back to its sender. A reply the socket cannot take now is dropped, as UDP allows. */
static void echo_udp_read(SXE *this, int length)
{
    sxe_write(this, SXE_BUF(this), (unsigned)length);
}

static unsigned echo_number(const char *text, unsigned maximum) /* exits 2 unless text is a number 0..maximum */
{
    char *end;
    unsigned long value = strtoul(text, &end, 10);

    if (end != text && *end == '\0' && value <= maximum) return (unsigned)value;
    fprintf(stderr, "echo: '%s' is not a number from 0 to %u\n", text, maximum);
    exit(2);
}

int main(int argc, char **argv)
{
    static const struct option longs[] = {{"help", 0, NULL, 'h'}, {"version", 0, NULL, 'V'}, {NULL, 0, NULL, 0}};
    const char *ip = "127.0.0.1", *portfile = NULL;
    unsigned port = 8000, connections = 1000, idle_seconds = 60;
    SXE *tcp;
    FILE *file;
    int opt;

    while ((opt = getopt_long(argc, argv, "-i:p:P:c:t:h", longs, NULL)) != -1) { /* "-": arguments come as 1 */
        switch (opt) {
            case 'i': ip = optarg; break;
            case 'p': port = echo_number(optarg, 65535); break;
            case 'P': portfile = optarg; break;
            case 'c': connections = echo_number(optarg, 1000000); break;
            case 't': idle_seconds = echo_number(optarg, 86400); break;
            case 'h': printf(ECHO_USAGE); return 0;
            case 'V': printf("sxe-echo (libsxe) %s\n", sxe_version()); return 0;
            default: fprintf(stderr, ECHO_USAGE); return 2; /* a bad option, or an argument */
        }
    }

    sxe_register(2 + connections, 0);          /* a TCP listener, a UDP socket, one object per TCP client */
    if (sxe_init() != SXE_RETURN_OK) return 1; /* the one allocation: every object with its input buffer */

    if ((tcp = sxe_new_tcp(NULL, ip, (int)port, NULL, echo_tcp_read, NULL)) == NULL) {
        fprintf(stderr, "echo: -i %s is not an IPv4 or IPv6 address\n", ip);
        return 2;
    }

    sxe_set_idle_timeout(tcp, idle_seconds); /* the listener's clients inherit it; 0: none */
    if (sxe_listen(tcp) != SXE_RETURN_OK ||  /* -p 0: the kernel picks a port for TCP, UDP takes the same */
        sxe_listen(sxe_new_udp(NULL, ip, sxe_get_local_port(tcp), echo_udp_read)) != SXE_RETURN_OK) {
        fprintf(stderr, "echo: cannot listen on %s port %u: %s\n", ip, port, strerror(sxe_last_errno()));
        return 1;
    }

    if (portfile != NULL && ((file = fopen(portfile, "w")) == NULL ||
                             fprintf(file, "%u\n", sxe_get_local_port(tcp)) < 0 || fclose(file) != 0)) {
        fprintf(stderr, "echo: cannot write the port to %s\n", portfile);
        return 1;
    }

    ev_run(EV_DEFAULT, 0); /* serves until killed (SIGTERM, Ctrl-C) */
    return 0;
}
