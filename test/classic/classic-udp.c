/* classic-udp.c: a classic SXE UDP echo server and client in one process, with classic names only.
 *
 * The server binds "INADDR_ANY" on a port of the kernel's choice and answers each datagram to its sender with
 * sxe_write(); the client sends ten datagrams to an address made with sxe_construct_address() and sxe_write_to().
 * Both clear their buffer after each datagram, as classic UDP code did. Exits 0 when all ten came back.
 * Includes nothing but the classic SXE headers.
 */
#include "ev.h"
#include "sxe.h"
#include "sxe-log.h"
#include "sxe-util.h"

#define DATAGRAMS 10

static unsigned echoed;
static unsigned answered;
static ev_timer guard;

static void server_read(SXE *this, int length)
{
    SXEE61I("server_read(length=%d)", length);
    SXEL62I("datagram from %s:%hu", inet_ntoa(SXE_PEER_ADDR(this)->sin_addr), ntohs(SXE_PEER_ADDR(this)->sin_port));
    SXEV60I(sxe_write(this, SXE_BUF(this), SXE_BUF_USED(this)), == SXE_RETURN_OK, "echo failed");
    echoed++;
    SXE_BUF_CLEAR(this);
    SXER60I("return");
}

static void client_read(SXE *this, int length)
{
    if (length >= 6 && sxe_strnstr(SXE_BUF(this), "ping ", SXE_BUF_USED(this)) == SXE_BUF(this)) {
        answered++;
    }

    SXE_BUF_CLEAR(this);

    if (answered == DATAGRAMS) {
        ev_break(ev_default_loop(EVFLAG_AUTO), EVBREAK_ALL);
    }
}

static void guard_timeout(struct ev_loop *loop, ev_timer *timer, int revents)
{
    SXE_UNUSED_PARAMETER(timer);
    SXE_UNUSED_PARAMETER(revents);
    ev_break(loop, EVBREAK_ALL);
}

int main(void)
{
    struct sockaddr_in server_address;
    SXE *server;
    SXE *client;
    char datagram[16];
    unsigned i;

    sxe_register(2, 0);
    SXEA10(sxe_init() == SXE_RETURN_OK, "sxe_init failed");
    server = sxe_new_udp(NULL, "INADDR_ANY", 0, server_read);
    client = sxe_new_udp(NULL, "127.0.0.1", 0, client_read);
    SXEA10(sxe_listen(server) == SXE_RETURN_OK && sxe_listen(client) == SXE_RETURN_OK, "cannot bind");
    sxe_construct_address(&server_address, "127.0.0.1", SXE_LOCAL_PORT(server));

    for (i = 0; i < DATAGRAMS; i++) {
        snprintf(datagram, sizeof(datagram), "ping %u", i);
        SXEA11(sxe_write_to(client, datagram, strlen(datagram), &server_address) == SXE_RETURN_OK, "send %u failed", i);
    }

    sxe_timer_init(&guard, guard_timeout, 5.0, 0.0);
    sxe_timer_start(&guard);
    ev_loop(ev_default_loop(EVFLAG_AUTO), 0);

    printf("classic-udp: %u echoed, %u answered\n", echoed, answered);
    sxe_timer_stop(&guard);
    sxe_close(server);
    sxe_close(client);
    sxe_fini();
    return echoed == DATAGRAMS && answered == DATAGRAMS ? 0 : 1;
}
