/* echo-client: sends its arguments, or else the lines of standard input, to an echo server over TCP or UDP and
 * prints the echoes. Options and behaviour: examples/echo-client/README.md. */
#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ev.h"
#include "sxe.h"

#define ECHO_LINE_MAXIMUM 1024 /* bytes read from standard input at once: a line, or a part of a longer one */
#define ECHO_WAIT_SECONDS 5    /* the longest wait for the connection and for each echo */
#define ECHO_USAGE        "usage: echo-client [-u] [-i IP] [-p PORT] [-h, --help] [--version] [WORD...]\n"

static const char *ip = "127.0.0.1";
static unsigned port = 8000;
static bool udp;
static char **words;                 /* the arguments not sent yet; NULL: send standard input */
static char line[ECHO_LINE_MAXIMUM]; /* the last line read from standard input */
static const char *message;          /* the message in flight: an argument, or line */
static unsigned sent, echoed;        /* its length, and the bytes of its echo so far */
static SXE_TIMER timer;              /* bounds each wait for the server */
static int status = -1;              /* the exit status, once known */

static void echo_end(const char *why) /* why: NULL when every byte came back, else what went wrong */
{
    if (why != NULL) fprintf(stderr, "echo-client: %s port %u: %s\n", ip, port, why);
    status = why == NULL ? 0 : 1;
    sxe_timer_stop(&timer);
    ev_break(EV_DEFAULT, EVBREAK_ALL);
}

/* When connected, and after each whole echo: send the next argument or line. There is one message in flight at a
 * time, so fgets() blocks the loop only while no echo is due. */
static void echo_next(SXE *this)
{
    SXE_RETURN result;

    if ((message = words != NULL ? *words++ : fgets(line, sizeof(line), stdin)) == NULL) {
        echo_end(ferror(stdin) ? "cannot read standard input" : NULL); /* NULL: done, every byte came back */
        return;
    }

    sent = (unsigned)strlen(message), echoed = 0;
    result = udp ? sxe_write_to_ip(this, message, sent, ip, (int)port) : sxe_write(this, message, sent);
    if (result != SXE_RETURN_OK) {
        echo_end(strerror(sxe_last_errno()));
        return;
    }

    sxe_timer_start(&timer, ECHO_WAIT_SECONDS, 0); /* the echo's deadline */
}

static void echo_read(SXE *this, int length)
{
    fwrite(SXE_BUF(this), 1, (size_t)length, stdout);
    sxe_buf_clear(this);
    if ((echoed += (unsigned)length) < sent) return; /* TCP: the rest of the echo is on its way */
    if (words != NULL) putchar('\n');                /* one line per argument */
    echo_next(this);
}

static void echo_close(SXE *this) /* TCP: the connection failed, or the server closed it */
{
    echo_end(SXE_CLOSE_ERRNO(this) != 0 ? strerror(SXE_CLOSE_ERRNO(this)) : "the server closed the connection");
}

static void echo_timeout(SXE_TIMER *timer, void *arg)
{
    (void)timer, (void)arg, echo_end("no answer in time");
}

int main(int argc, char **argv)
{
    static const struct option longs[] = {{"help", 0, NULL, 'h'}, {"version", 0, NULL, 'V'}, {NULL, 0, NULL, 0}};
    unsigned char address[sizeof(struct in6_addr)];
    const char *port_text = "8000";
    char *end;
    SXE *this;
    int opt;

    while ((opt = getopt_long(argc, argv, "ui:p:h", longs, NULL)) != -1) {
        switch (opt) {
            case 'u': udp = true; break;
            case 'i': ip = optarg; break;
            case 'p': port_text = optarg; break;
            case 'h': printf(ECHO_USAGE "TCP, or UDP with -u; defaults: -i 127.0.0.1 -p 8000\n"); return 0;
            case 'V': printf("sxe-echo-client (libsxe) %s\n", sxe_version()); return 0;
            default: fprintf(stderr, ECHO_USAGE); return 2;
        }
    }

    port = (unsigned)strtoul(port_text, &end, 10);
    if (*end != '\0' || port == 0 || port > 65535 ||
        inet_pton(strchr(ip, ':') ? AF_INET6 : AF_INET, ip, address) != 1) {
        fprintf(stderr, "echo-client: -i %s -p %s: give an IPv4 or IPv6 address and a port (1-65535)\n", ip, port_text);
        return 2;
    }

    words = optind < argc ? argv + optind : NULL;
    sxe_register(1, 0); /* one object: the TCP connection, or the UDP socket */
    if (sxe_init() != SXE_RETURN_OK) return 1;
    sxe_timer_init(&timer, echo_timeout, NULL);
    sxe_timer_start(&timer, ECHO_WAIT_SECONDS, 0); /* for the connection */

    if (udp) /* no connection: a local socket, each message sent to the server's address */
        this = sxe_new_udp(NULL, strchr(ip, ':') != NULL ? "::" : "0.0.0.0", 0, echo_read);
    else /* echo_next() once connected */
        this = sxe_new_tcp(NULL, "0.0.0.0", 0, echo_next, echo_read, echo_close);
    if ((udp ? sxe_listen(this) : sxe_connect(this, ip, (int)port)) != SXE_RETURN_OK)
        echo_end(strerror(sxe_last_errno()));
    else if (udp)
        echo_next(this);

    if (status < 0) ev_run(EV_DEFAULT, 0); /* until echo_end() */
    sxe_fini();
    return status;
}
