/* classic-timers.c: classic SXE timers on the program's own ev_timers, with classic names only.
 *
 * A one-second style reporter (here 10 ms) started with sxe_timer_init() + sxe_timer_start() before sxe_init(), as
 * classic load generators did; a repeating timer restarted with sxe_timer_again(); a stopped timer re-armed with
 * sxe_timer_set(); a timer stopped from its own callback. Exits 0 when each fired as often as it should.
 * Includes nothing but the classic SXE headers.
 */
#include "ev.h"
#include "sxe.h"
#include "sxe-log.h"
#include "sxe-time.h"
#include "sxe-util.h"

static ev_timer reporter;
static ev_timer repeater;
static ev_timer late;
static unsigned reports;
static unsigned repeats;
static unsigned lates;
static double started;

static void reporter_event(struct ev_loop *loop, ev_timer *timer, int revents)
{
    SXE_UNUSED_PARAMETER(loop);
    SXE_UNUSED_PARAMETER(revents);
    SXEL61("report %u", reports);

    if (++reports == 5) {
        sxe_timer_stop(timer); /* from its own callback */
    }
}

static void repeater_event(struct ev_loop *loop, ev_timer *timer, int revents)
{
    SXE_UNUSED_PARAMETER(loop);
    SXE_UNUSED_PARAMETER(revents);

    if (++repeats == 3) {
        sxe_timer_stop(timer);
        sxe_timer_set(&late, 0.01, 0.0); /* a stopped timer gets a new period, then starts */
        sxe_timer_start(&late);
    }
}

static void late_event(struct ev_loop *loop, ev_timer *timer, int revents)
{
    SXE_UNUSED_PARAMETER(timer);
    SXE_UNUSED_PARAMETER(revents);
    lates++;
    ev_break(loop, EVBREAK_ALL);
}

int main(void)
{
    char stamp[SXE_TIMESTAMP_LENGTH(3)];

    sxe_timer_init(&reporter, reporter_event, 0.01, 0.01); /* before sxe_init(): the default loop is there */
    sxe_timer_start(&reporter);
    sxe_register(1, 0);
    SXEA10(sxe_init() == SXE_RETURN_OK, "sxe_init failed");
    sxe_timer_init(&repeater, repeater_event, 60.0, 0.01);
    sxe_timer_start(&repeater);
    sxe_timer_again(&repeater); /* from now on every 10 ms instead of after a minute */
    sxe_timer_init(&late, late_event, 60.0, 0.0);
    started = sxe_get_time_in_seconds();
    ev_loop(ev_default_loop(EVFLAG_AUTO), 0);

    while (reports < 5 && sxe_get_time_in_seconds() - started < 10.0) { /* the reporter finishes its five */
        ev_loop(ev_default_loop(EVFLAG_AUTO), EVLOOP_ONESHOT);
    }

    printf("classic-timers: %u reports, %u repeats, %u late at %s\n", reports, repeats, lates,
           sxe_time_to_string(sxe_time_get(), stamp, sizeof(stamp)));
    sxe_timer_stop(&reporter);
    sxe_timer_stop(&repeater);
    sxe_timer_stop(&late);
    sxe_fini();
    return reports == 5 && repeats == 3 && lates == 1 ? 0 : 1;
}
