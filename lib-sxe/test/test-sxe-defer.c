/* test-sxe-defer.c: deferred work runs from the loop, once, in order, and never stalls the loop. */
#include "sxe-test.h"
#include "../../test/sxe-check.h"

static unsigned order[16];
static unsigned ran;

static void record(void *arg)
{
    order[ran++] = (unsigned)(uintptr_t)arg;
}

START_TEST(test_deferred_work_runs_once_in_order_from_the_loop)
{
    SXE_DEFERRED a = {0}, b = {0}, c = {0};

    ck_assert_int_eq(sxe_defer(&a, record, (void *)1), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_defer(&b, record, (void *)2), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_defer(&c, record, (void *)3), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_defer(&a, record, (void *)4), SXE_RETURN_WARN_IN_PROGRESS); /* replaces, runs once */
    ck_assert_uint_eq(ran, 0);
    sxe_defer_cancel(&b);
    sxe_defer_cancel(&b);  /* harmless */
    ev_run(EV_DEFAULT, 0); /* returns: nothing left to do once the queue is empty */
    ck_assert_uint_eq(ran, 2);
    ck_assert_uint_eq(order[0], 4);
    ck_assert_uint_eq(order[1], 3);
}
END_TEST

static SXE_DEFERRED chain;
static unsigned chain_runs;
static unsigned iterations;

static void rechain(void *arg)
{
    (void)arg;
    chain_runs++;

    if (chain_runs < 5) {
        sxe_defer(&chain, rechain, NULL); /* runs on the following iteration, not now */
    }
}

static void count_iteration(struct ev_loop *loop, ev_prepare *w, int revents)
{
    (void)loop, (void)w, (void)revents;
    iterations++;
}

START_TEST(test_deferring_from_deferred_work_waits_for_the_next_iteration)
{
    ev_prepare prepare;

    ev_prepare_init(&prepare, count_iteration);
    ev_prepare_start(EV_DEFAULT, &prepare);
    sxe_defer(&chain, rechain, NULL);
    ev_run(EV_DEFAULT, EVRUN_ONCE);
    ck_assert_uint_eq(chain_runs, 1);
    ev_run(EV_DEFAULT, EVRUN_ONCE);
    ck_assert_uint_eq(chain_runs, 2);
    ck_assert(SXE_TEST_RUN_UNTIL(chain_runs == 5, 5.0));
    ck_assert_uint_ge(iterations, 5);
    ev_prepare_stop(EV_DEFAULT, &prepare);
}
END_TEST

static SXE_DEFERRED victim;

static void cancel_other(void *arg)
{
    (void)arg;
    ran++;
    sxe_defer_cancel(&victim); /* cancelling a queued item from deferred work */
}

START_TEST(test_deferred_work_can_cancel_other_queued_work)
{
    SXE_DEFERRED first = {0};

    sxe_defer(&first, cancel_other, NULL);
    sxe_defer(&victim, record, (void *)9);
    ev_run(EV_DEFAULT, 0);
    ck_assert_uint_eq(ran, 1);
}
END_TEST

SXE_TEST_MAIN("sxe-defer", test_deferred_work_runs_once_in_order_from_the_loop,
              test_deferring_from_deferred_work_waits_for_the_next_iteration,
              test_deferred_work_can_cancel_other_queued_work)
