/* test-sxe-timer.c: timers embedded in caller structs, on the default loop. */
#include "sxe-test.h"
#include "../../test/sxe-check.h"

typedef struct {
    SXE_TIMER timer;
    unsigned fired;
    bool stop_inside;
} MY_THING;

static void on_timer(SXE_TIMER *timer, void *arg)
{
    MY_THING *thing = arg;

    ck_assert_ptr_eq(timer, &thing->timer);
    thing->fired++;

    if (thing->stop_inside && thing->fired == 3) {
        sxe_timer_cancel(timer);
    }
}

START_TEST(test_one_shot_timer_fires_once)
{
    MY_THING thing = {.fired = 0};

    sxe_timer_construct(&thing.timer, on_timer, &thing);
    ck_assert(!sxe_timer_is_active(&thing.timer));
    sxe_timer_schedule(&thing.timer, 0.05, 0);
    ck_assert(sxe_timer_is_active(&thing.timer));
    ck_assert(SXE_TEST_RUN_UNTIL(thing.fired == 1, 5.0));
    sxe_test_run_for(0.1);
    ck_assert_uint_eq(thing.fired, 1);
    ck_assert(!sxe_timer_is_active(&thing.timer));
}
END_TEST

START_TEST(test_repeating_timer_can_stop_itself)
{
    MY_THING thing = {.stop_inside = true};

    sxe_timer_construct(&thing.timer, on_timer, &thing);
    sxe_timer_schedule(&thing.timer, 0.01, 0.01);
    ck_assert(SXE_TEST_RUN_UNTIL(thing.fired == 3, 5.0));
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(thing.fired, 3);
}
END_TEST

START_TEST(test_restart_and_stop_before_firing)
{
    MY_THING thing = {.fired = 0};

    sxe_timer_construct(&thing.timer, on_timer, &thing);
    sxe_timer_schedule(&thing.timer, 10.0, 0);
    sxe_timer_schedule(&thing.timer, 0.01, 0); /* restart replaces the old schedule */
    ck_assert(SXE_TEST_RUN_UNTIL(thing.fired == 1, 5.0));
    sxe_timer_schedule(&thing.timer, 0.02, 0);
    sxe_timer_cancel(&thing.timer);
    sxe_timer_cancel(&thing.timer); /* harmless */
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(thing.fired, 1);
}
END_TEST

/* ---- classic timers on a caller's ev_timer ------------------------------------------------------------------ */

static unsigned classic_fired;

static void on_classic_timer(struct ev_loop *loop, ev_timer *timer, int revents)
{
    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(revents);
    classic_fired++;

    if (classic_fired == 3) {
        sxe_timer_stop(timer); /* safe inside its callback */
    }
}

START_TEST(test_a_classic_ev_timer_started_with_sxe_timer_start_fires_on_the_default_loop)
{
    ev_timer timer;

    classic_fired = 0;
    sxe_timer_init(&timer, on_classic_timer, 0.01, 0.0); /* before sxe_init(): classic programs do this */
    sxe_timer_start(&timer);
    sxe_timer_start(&timer); /* harmless when running */
    ck_assert(ev_is_active(&timer));
    ck_assert(SXE_TEST_RUN_UNTIL(classic_fired == 1, 5.0));
    ck_assert(!ev_is_active(&timer));
}
END_TEST

START_TEST(test_sxe_timer_again_restarts_a_repeating_timer_until_it_stops_itself)
{
    ev_timer timer;

    classic_fired = 0;
    sxe_timer_init(&timer, on_classic_timer, 60.0, 0.01);
    sxe_timer_start(&timer);
    sxe_timer_again(&timer); /* from now on every 0.01 s instead of after 60 s */
    ck_assert(SXE_TEST_RUN_UNTIL(classic_fired == 3, 5.0));
    ck_assert(!ev_is_active(&timer));
}
END_TEST

START_TEST(test_sxe_timer_set_changes_the_period_of_a_stopped_or_running_timer)
{
    ev_timer timer;

    classic_fired = 0;
    sxe_timer_init(&timer, on_classic_timer, 60.0, 0.0);
    sxe_timer_set(&timer, 0.01, 0.0); /* stopped */
    sxe_timer_start(&timer);
    ck_assert(SXE_TEST_RUN_UNTIL(classic_fired == 1, 5.0));
    sxe_timer_set(&timer, 60.0, 0.0);
    sxe_timer_start(&timer);
    sxe_timer_set(&timer, 0.01, 0.0); /* running: stopped, set and started again */
    ck_assert(ev_is_active(&timer));
    ck_assert(SXE_TEST_RUN_UNTIL(classic_fired == 2, 5.0));
    sxe_timer_stop(&timer);
    sxe_timer_stop(&timer); /* harmless */
}
END_TEST

SXE_TEST_MAIN("sxe-timer", test_one_shot_timer_fires_once, test_repeating_timer_can_stop_itself,
              test_restart_and_stop_before_firing,
              test_a_classic_ev_timer_started_with_sxe_timer_start_fires_on_the_default_loop,
              test_sxe_timer_again_restarts_a_repeating_timer_until_it_stops_itself,
              test_sxe_timer_set_changes_the_period_of_a_stopped_or_running_timer)
