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
        sxe_timer_stop(timer);
    }
}

START_TEST(test_one_shot_timer_fires_once)
{
    MY_THING thing = {.fired = 0};

    sxe_timer_init(&thing.timer, on_timer, &thing);
    ck_assert(!sxe_timer_is_active(&thing.timer));
    sxe_timer_start(&thing.timer, 0.05, 0);
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

    sxe_timer_init(&thing.timer, on_timer, &thing);
    sxe_timer_start(&thing.timer, 0.01, 0.01);
    ck_assert(SXE_TEST_RUN_UNTIL(thing.fired == 3, 5.0));
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(thing.fired, 3);
}
END_TEST

START_TEST(test_restart_and_stop_before_firing)
{
    MY_THING thing = {.fired = 0};

    sxe_timer_init(&thing.timer, on_timer, &thing);
    sxe_timer_start(&thing.timer, 10.0, 0);
    sxe_timer_start(&thing.timer, 0.01, 0); /* restart replaces the old schedule */
    ck_assert(SXE_TEST_RUN_UNTIL(thing.fired == 1, 5.0));
    sxe_timer_start(&thing.timer, 0.02, 0);
    sxe_timer_stop(&thing.timer);
    sxe_timer_stop(&thing.timer); /* harmless */
    sxe_test_run_for(0.05);
    ck_assert_uint_eq(thing.fired, 1);
}
END_TEST

SXE_TEST_MAIN("sxe-timer", test_one_shot_timer_fires_once, test_repeating_timer_can_stop_itself,
              test_restart_and_stop_before_firing)
