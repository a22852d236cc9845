/* echo-client: sends each of its arguments to an echo server over TCP or UDP and prints the echoes, one a line.
 * Options and behaviour: examples/echo-client/README.md. */
#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ev.h"
#include "sxe.h"

#define ECHO_WAIT_SECONDS 5 /* the longest wait for the connection and for each echo */
#define ECHO_USAGE        "usage: echo-client [-u] [-i IP] [-p PORT] [-h, --help] [--version] WORD...\n"

static const char *ip = "127.0.0.1";
static unsigned port = 8000;
static bool udp;
static char **words;          /* the arguments not sent yet (NULL terminated) */
static unsigned sent, echoed; /* the length of the word in flight, and the bytes of its echo so far */
static SXE_TIMER timer;       /* bounds each wait for the server */
static int status = -1;       /* the exit status, once known */

static void echo_end(int exit_status, const char *why) /* why: NULL when every byte came back */
{
    if (why != NULL) fprintf(stderr, "echo-client: -i %s -p %u: %s\n", ip, port, why);
    status = exit_status;
    sxe_timer_cancel(&timer);
    ev_break(EV_DEFAULT, EVBREAK_ALL);
}

static void echo_next(SXE *this) /* when connected, and after each whole echo: send the next word, or end */
{
    const char *word = *words++;

    sent = word != NULL ? (unsigned)strlen(word) : 0, echoed = 0;
    if (word == NULL)
        echo_end(0, NULL); /* done: every byte came back */
    else if ((udp ? sxe_write_to_ip(this, word, sent, ip, (int)port) : sxe_write(this, word, sent)) != SXE_RETURN_OK)
        echo_end(1, strerror(sxe_last_errno()));
    else
        sxe_timer_schedule(&timer, ECHO_WAIT_SECONDS, 0); /* the echo's deadline */
}

static void echo_read(SXE *this, int length)
{
    fwrite(SXE_BUF(this), 1, (size_t)length, stdout);
    sxe_buf_clear(this);
    if ((echoed += (unsigned)length) < sent) return; /* TCP: the rest of the echo is on its way */
    putchar('\n');
    echo_next(this);
}

static void echo_close(SXE *this) /* TCP: the connection failed, or the server closed it */
{
    echo_end(1, SXE_CLOSE_ERRNO(this) != 0 ? strerror(SXE_CLOSE_ERRNO(this)) : "the server closed the connection");
}

static void echo_timeout(SXE_TIMER *timer, void *why) { (void)timer, echo_end(1, why); }

int main(int argc, char **argv)
{
    static const struct option longs[] = {{"help", 0, NULL, 'h'}, {"version", 0, NULL, 'V'}, {NULL, 0, NULL, 0}};
    unsigned char address[sizeof(struct in6_addr)];
    char *end = NULL;
    SXE *this;
    int opt;

    while ((opt = getopt_long(argc, argv, "ui:p:h", longs, NULL)) != -1) {
        switch (opt) {
            case 'u': udp = true; break;
            case 'i': ip = optarg; break;
            case 'p': port = (unsigned)strtoul(optarg, &end, 10); break;
            case 'h': printf(ECHO_USAGE "TCP, or UDP with -u; defaults: -i 127.0.0.1 -p 8000\n"); return 0;
            case 'V': printf("sxe-echo-client (libsxe) %s\n", sxe_version()); return 0;
            default: fprintf(stderr, ECHO_USAGE); return 2;
        }
    }

    if ((words = argv + optind)[0] == NULL) return fprintf(stderr, ECHO_USAGE), 2; /* no word to send */
    if ((end != NULL && *end != '\0') || port == 0 || port > 65535 ||
        inet_pton(strchr(ip, ':') != NULL ? AF_INET6 : AF_INET, ip, address) != 1)
        return fprintf(stderr, "echo-client: -i %s -p %u: give an IPv4 or IPv6 address and a port\n", ip, port), 2;

    sxe_register(1, 0); /* one object: the TCP connection, or the UDP socket */
    if (sxe_init() != SXE_RETURN_OK) return 1;
    sxe_timer_construct(&timer, echo_timeout, "no answer in time");
    sxe_timer_schedule(&timer, ECHO_WAIT_SECONDS, 0);                                        /* for the connection */
    this = udp ? sxe_new_udp(NULL, strchr(ip, ':') != NULL ? "::" : "0.0.0.0", 0, echo_read) /* sends to ip */
               : sxe_new_tcp(NULL, "0.0.0.0", 0, echo_next, echo_read, echo_close);          /* echo_next: connected */

    if ((udp ? sxe_listen(this) : sxe_connect(this, ip, (int)port)) != SXE_RETURN_OK)
        echo_end(1, strerror(sxe_last_errno()));
    else if (udp)
        echo_next(this); /* UDP: no connection, the first word goes out now */

    if (status < 0) ev_run(EV_DEFAULT, 0); /* until echo_end() */
    sxe_fini();
    return status;
}
