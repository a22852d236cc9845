/* timer: periodic work with an SXE_TIMER, and a deferred call with sxe_defer(), on libsxe. Options and behaviour:
 * examples/timer/README.md. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "ev.h"
#include "sxe.h"

#define TIMER_USAGE                                                                                                    \
    "usage: timer [-n TICKS] [-t SECONDS] [-h, --help] [--version]\n"                                                  \
    "ticks TICKS times (default 5), SECONDS apart (default 1, fractions allowed), then ends with a deferred call\n"

/* The application's state. The timer and the deferred item are embedded in it: libsxe allocates nothing for them. */
typedef struct TIMER_WORK {
    SXE_TIMER timer;
    SXE_DEFERRED finish;
    unsigned ticks;
    unsigned limit;
} TIMER_WORK;

/* Deferred: runs from the loop after timer_tick() has returned, before the loop next waits. */
static void timer_finish(void *arg)
{
    TIMER_WORK *work = arg;

    printf("deferred call: done, ticks: %u\n", work->ticks);
} /* nothing is left to watch now (the timer is stopped, the deferred queue empty), so ev_run() returns */

static void timer_tick(SXE_TIMER *timer, void *arg)
{
    TIMER_WORK *work = arg;

    printf("tick %u of %u\n", ++work->ticks, work->limit);
    if (work->ticks < work->limit) return;
    sxe_timer_cancel(timer); /* safe inside its own callback */
    sxe_defer(&work->finish, timer_finish, work);
    printf("last tick: the finish is deferred and runs once this callback has returned\n");
}

/* Exits 2 unless text is a number from minimum to maximum (a whole one when whole is true). */
static double timer_number(const char *text, double minimum, double maximum, bool whole)
{
    char *end;
    double value = strtod(text, &end);

    if (end != text && *end == '\0' && value >= minimum && value <= maximum && (!whole || value == (long)value))
        return value;
    fprintf(stderr, "timer: '%s' is not a %snumber from %g to %g\n", text, whole ? "whole " : "", minimum, maximum);
    exit(2);
}

int main(int argc, char **argv)
{
    static const struct option longs[] = {{"help", 0, NULL, 'h'}, {"version", 0, NULL, 'V'}, {NULL, 0, NULL, 0}};
    TIMER_WORK work = {.limit = 5};
    double seconds = 1;
    int opt;

    while ((opt = getopt_long(argc, argv, "-n:t:h", longs, NULL)) != -1) { /* "-": arguments come as 1 */
        switch (opt) {
            case 'n': work.limit = (unsigned)timer_number(optarg, 1, 100000, true); break;
            case 't': seconds = timer_number(optarg, 0.001, 86400, false); break;
            case 'h': printf(TIMER_USAGE); return 0;
            case 'V': printf("sxe-timer (libsxe) %s\n", sxe_version()); return 0;
            default: fprintf(stderr, TIMER_USAGE); return 2; /* a bad option, or an argument */
        }
    }

    sxe_timer_construct(&work.timer, timer_tick, &work); /* timers and deferred calls need no sxe_init() */
    sxe_timer_schedule(&work.timer, seconds, seconds);   /* first after `seconds`, then every `seconds` */
    ev_run(EV_DEFAULT, 0);                               /* returns when nothing is left to watch */
    return work.ticks == work.limit ? 0 : 1;
}
