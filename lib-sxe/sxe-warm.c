/* sxe-warm.c: the libev warm-up of sxe_init(): fixed memory beyond the pool.
 *
 * libev keeps arrays that it grows with realloc and never shrinks: anfds (one entry per descriptor NUMBER, grown to
 * the highest number ever watched), fdchanges (descriptors changed since the last poll), pendings (watchers ready
 * in one iteration) and the epoll backend's event array (grown when one epoll_wait fills it). Left alone they grow
 * the first time the daemon reaches a new descriptor number or a new number of ready connections: RSS creeps up
 * under load although the pool was allocated at start-up.
 *
 * The warm-up brings all of them to their largest size at once: one eventfd (readable: its counter is 1) is
 * duplicated onto the lowest free descriptor numbers (the kernel always hands out the lowest free number, so no
 * later socket can get a number above the highest duplicate while fewer descriptors are open than were warmed),
 * an ev_io watches each duplicate, and the loop polls until epoll_wait has returned them all in one call several
 * times (the event array doubles each time it is filled). The watchers are the still unused objects' embedded
 * ones (2 per object) plus SXE_WARM_DESCRIPTORS_MARGIN spare ones (in the thread's state), so nothing is allocated
 * for them. Callbacks are not invoked while polling (a no-op invoke_pending hook): the warm-up's watchers need none,
 * and watchers the application started before sxe_init() stay pending for its own ev_run. Then the watchers are
 * stopped, the duplicates closed (which removes them from epoll), and malloc_trim(0) returns the smaller copies realloc
 * left behind.
 */
#define SXE_LOG_COMPONENT "sxe"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "sxe-private.h"

#define SXE_WARM_ROUNDS_MAXIMUM 40 /* polls: the epoll event array starts at 64 entries and doubles per full poll */

/* Storage for watcher i: the objects' read and write watchers, then the spare ones. */
static ev_io *sxe_warm_watcher(unsigned i)
{
    if (i < 2 * sxe_globals.number) {
        SXE *this = sxe_object(i / 2);
        return i % 2 == 0 ? &this->io_read : &this->io_write;
    }

    return &sxe_globals.warm_spare[i - 2 * sxe_globals.number];
}

static void sxe_warm_event(struct ev_loop *loop, ev_io *io, int revents)
{
    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(io);
    SXE_UNUSED_ARGUMENT(revents); /* never called: pending events are not invoked during the warm-up */
}

static void sxe_warm_invoke_nothing(struct ev_loop *loop)
{
    SXE_UNUSED_ARGUMENT(loop); /* leave every pending watcher pending */
}

/* Polls until the epoll event array holds `number` events: it grows (about doubling) each time a poll fills it. */
static void sxe_warm_poll(unsigned number)
{
    unsigned capacity = 64; /* libev's initial epoll event array */
    unsigned rounds = 2;    /* the last growth happens after the poll that filled the array: one more round */

    while (capacity < number && rounds < SXE_WARM_ROUNDS_MAXIMUM) {
        capacity *= 2;
        rounds++;
    }

    ev_set_invoke_pending_cb(sxe_loop(), sxe_warm_invoke_nothing);

    for (unsigned i = 0; i < rounds; i++) {
        ev_run(sxe_loop(), EVRUN_NOWAIT);
    }

    ev_set_invoke_pending_cb(sxe_loop(), ev_invoke_pending);
}

unsigned sxe_warm_up(unsigned descriptors)
{
    unsigned capacity = 2 * sxe_globals.number + SXE_WARM_DESCRIPTORS_MARGIN;
    unsigned number = 0;
    int source = eventfd(1, EFD_NONBLOCK | EFD_CLOEXEC);
    int fd;

    SXEE6("sxe_warm_up(descriptors=%u)", descriptors);
    descriptors = descriptors < capacity ? descriptors : capacity;

    if (source < 0) {
        SXEL3("sxe_init(): eventfd failed: %s; libev not warmed up (its arrays grow under load)", strerror(errno));
        goto SXE_ERROR_OUT;
    }

    while (number < descriptors && (fd = fcntl(source, F_DUPFD_CLOEXEC, 0)) >= 0) { /* stops at RLIMIT_NOFILE */
        ev_io *io = sxe_warm_watcher(number++);

        ev_io_init(io, sxe_warm_event, fd, EV_READ);
        ev_io_start(sxe_loop(), io);
    }

    sxe_warm_poll(number);

    for (unsigned i = 0; i < number; i++) {
        ev_io *io = sxe_warm_watcher(i);

        ev_io_stop(sxe_loop(), io);
        close(io->fd);
    }

    close(source);
    sxe_warm_poll(0); /* let libev forget the closed descriptors now (no system call: they left epoll on close) */
    malloc_trim(0);

SXE_EARLY_OR_ERROR_OUT:
    SXER6("return %u", number);
    return number;
}
