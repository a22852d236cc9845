/* test-sxe-ring.c: the ring of sxe-ring.h: bounds, order, batches, the consumer's two ways of waiting, and a stress
 * of several producer threads against one consumer that checks every element arrives once and in each producer's
 * order (run under ThreadSanitizer by `make test TSAN=1`).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "sxe-ring.h"
#include "sxe-test.h"
#include "../../test/sxe-check.h"

#define STRESS_PRODUCERS 4
/* Elements per producer; valgrind runs one thread at a time, so the spinning sides crawl there. */
#define STRESS_ELEMENTS (sxe_test_under_valgrind() ? 500u : 50000u)
#define STRESS_BATCH    64  /* batches of 1 to this many, chosen at random by each side */
#define STRESS_CAPACITY 256 /* small: the producers find it full often */

typedef struct ELEMENT {
    unsigned producer;
    unsigned number; /* per producer, from 0 */
} ELEMENT;

/* Publish one element {producer, number}; spins while the ring is full. */
static void produce_one(SXE_RING *ring, unsigned producer, unsigned number)
{
    uint64_t first;
    ELEMENT *element;

    while (sxe_ring_produce_acquire(ring, 1, &first) == 0) {
    }

    element = sxe_ring_element(ring, first);
    element->producer = producer;
    element->number = number;
    sxe_ring_produce_release(ring, first, 1);
}

/* The one skip of this suite (test/sxe-check.h): counted, with its reason. */
static void skip_under_valgrind(void)
{
    if (sxe_test_under_valgrind()) {
        sxe_test_skip("valgrind runs one thread at a time, and the ring's spinning sides crawl there (minutes per "
                      "test): the ring is checked by ThreadSanitizer and AddressSanitizer instead");
    }
}

START_TEST(a_ring_hands_out_at_most_its_capacity_and_counts_the_full_attempts)
{
    skip_under_valgrind();
    SXE_RING *ring = sxe_ring_new("bounded", 8, sizeof(ELEMENT), SXE_RING_WAIT_SPINNING);
    SXE_RING_COUNTERS counters;
    uint64_t first;

    ck_assert_ptr_nonnull(ring);
    ck_assert_uint_eq(sxe_ring_produce_acquire(ring, 5, &first), 5);
    ck_assert_uint_eq(first, 0);
    ck_assert_uint_eq(sxe_ring_produce_acquire(ring, 5, &first), 3); /* only 3 free */
    ck_assert_uint_eq(first, 5);
    ck_assert_uint_eq(sxe_ring_produce_acquire(ring, 1, &first), 0);
    sxe_ring_produce_release(ring, 0, 8);
    ck_assert_uint_eq(sxe_ring_consume_acquire(ring, 100, &first), 8);
    ck_assert_uint_eq(sxe_ring_produce_acquire(ring, 1, &first), 0); /* acquired by the consumer: still full */
    sxe_ring_consume_release(ring, first, 2);
    ck_assert_uint_eq(sxe_ring_produce_acquire(ring, 4, &first), 2); /* the 2 released slots, next lap */
    ck_assert_uint_eq(first, 8);
    sxe_ring_get_counters(ring, &counters);
    ck_assert_uint_eq(counters.full, 2);
    ck_assert_uint_eq(counters.consumed, 2);
    sxe_ring_delete(ring);
}
END_TEST

START_TEST(elements_come_out_in_the_order_their_slots_were_acquired)
{
    skip_under_valgrind();
    SXE_RING *ring = sxe_ring_new("order", 16, sizeof(ELEMENT), SXE_RING_WAIT_BLOCKING);
    uint64_t a, b, first;

    ck_assert_uint_eq(sxe_ring_produce_acquire(ring, 2, &a), 2);
    ck_assert_uint_eq(sxe_ring_produce_acquire(ring, 3, &b), 3);

    for (unsigned i = 0; i < 5; i++) {
        ((ELEMENT *)sxe_ring_element(ring, a + i))->number = i; /* a and b are consecutive */
    }

    sxe_ring_produce_release(ring, b, 3);                             /* the later batch first: */
    ck_assert_uint_eq(sxe_ring_consume_acquire(ring, 16, &first), 0); /* held back by the earlier one */
    sxe_ring_produce_release(ring, a, 2);
    ck_assert_uint_eq(sxe_ring_consume_acquire(ring, 16, &first), 5);
    ck_assert_uint_eq(sxe_ring_consume_acquire(ring, 16, &first), 5); /* again: the same ones until released */

    for (unsigned i = 0; i < 5; i++) {
        ck_assert_uint_eq(((ELEMENT *)sxe_ring_element(ring, first + i))->number, i);
    }

    sxe_ring_consume_release(ring, first, 5);
    ck_assert_uint_eq(sxe_ring_consume_acquire(ring, 16, &first), 0);
    sxe_ring_delete(ring);
}
END_TEST

START_TEST(a_release_of_elements_that_were_not_acquired_is_logged_and_ignored)
{
    skip_under_valgrind();
    SXE_RING *ring = sxe_ring_new("misuse", 4, 8, SXE_RING_WAIT_SPINNING);
    uint64_t first;

    sxe_test_capture_log("sxe_ring_consume_release");
    sxe_ring_consume_release(ring, 0, 1); /* nothing published */
    ck_assert_uint_eq(sxe_ring_produce_acquire(ring, 2, &first), 2);
    sxe_ring_produce_release(ring, first, 2);
    ck_assert_uint_eq(sxe_ring_consume_acquire(ring, 4, &first), 2);
    sxe_ring_consume_release(ring, first + 1, 1); /* not the oldest */
    ck_assert_uint_eq(sxe_test_captured_lines(), 2);
    ck_assert_uint_eq(sxe_ring_consume_acquire(ring, 4, &first), 2); /* nothing was released */
    sxe_ring_delete(ring);
}
END_TEST

START_TEST(sxe_ring_new_refuses_bad_sizes_and_modes_and_logs)
{
    skip_under_valgrind();
    sxe_test_capture_log("sxe_ring_new");
    ck_assert_ptr_null(sxe_ring_new("three", 3, 8, SXE_RING_WAIT_BLOCKING));
    ck_assert_ptr_null(sxe_ring_new("big", SXE_RING_CAPACITY_MAXIMUM * 2, 8, SXE_RING_WAIT_BLOCKING));
    ck_assert_ptr_null(sxe_ring_new("empty", 4, 0, SXE_RING_WAIT_BLOCKING));
    ck_assert_ptr_null(sxe_ring_new("mode", 4, 8, 7));
    ck_assert_ptr_null(sxe_ring_new(NULL, 4, 8, SXE_RING_WAIT_BLOCKING));
    ck_assert_uint_eq(sxe_test_captured_lines(), 5);
}
END_TEST

START_TEST(a_waiting_consumer_without_a_loop_times_out_on_an_empty_ring_and_is_woken_by_sxe_ring_wake)
{
    skip_under_valgrind();
    SXE_RING *blocking = sxe_ring_new("blocking", 4, 8, SXE_RING_WAIT_BLOCKING);
    SXE_RING *spinning = sxe_ring_new("spinning", 4, 8, SXE_RING_WAIT_SPINNING);
    uint64_t first;

    ck_assert(!sxe_ring_wait(blocking, 0.01));
    ck_assert(!sxe_ring_wait(spinning, 0.01));
    sxe_ring_wake(blocking);
    ck_assert(!sxe_ring_wait(blocking, 5.0)); /* returns at once: woken, still empty */
    ck_assert_uint_eq(sxe_ring_produce_acquire(blocking, 1, &first), 1);
    sxe_ring_produce_release(blocking, first, 1);
    ck_assert(sxe_ring_wait(blocking, 0));
    sxe_ring_delete(blocking);
    sxe_ring_delete(spinning);
}
END_TEST

/* ---- the stress: producer threads, one consumer, every element once and in each producer's order --------------- */

typedef struct STRESS {
    SXE_RING *ring;
    unsigned producer;
    unsigned seed;
} STRESS;

static void *stress_producer(void *arg)
{
    STRESS *stress = arg;
    unsigned number = 0;
    uint64_t first;
    unsigned got;

    while (number < STRESS_ELEMENTS) {
        unsigned want = 1 + rand_r(&stress->seed) % STRESS_BATCH;

        want = want < STRESS_ELEMENTS - number ? want : STRESS_ELEMENTS - number;

        if ((got = sxe_ring_produce_acquire(stress->ring, want, &first)) == 0) {
            continue; /* full */
        }

        for (unsigned i = 0; i < got; i++) {
            ELEMENT *element = sxe_ring_element(stress->ring, first + i);

            element->producer = stress->producer;
            element->number = number++;
        }

        sxe_ring_produce_release(stress->ring, first, got);
    }

    return NULL;
}

static void stress(unsigned wait_mode)
{
    SXE_RING *ring = sxe_ring_new("stress", STRESS_CAPACITY, sizeof(ELEMENT), wait_mode);
    pthread_t threads[STRESS_PRODUCERS];
    STRESS producers[STRESS_PRODUCERS];
    unsigned next[STRESS_PRODUCERS] = {0};
    unsigned seed = 7;
    unsigned long total = 0;
    uint64_t first;
    unsigned got;

    for (unsigned p = 0; p < STRESS_PRODUCERS; p++) {
        producers[p] = (STRESS){ring, p, p + 1};
        ck_assert_int_eq(pthread_create(&threads[p], NULL, stress_producer, &producers[p]), 0);
    }

    while (total < (unsigned long)STRESS_PRODUCERS * STRESS_ELEMENTS) {
        if ((got = sxe_ring_consume_acquire(ring, 1 + rand_r(&seed) % STRESS_BATCH, &first)) == 0) {
            ck_assert_msg(sxe_ring_wait(ring, 10.0) || sxe_ring_consume_acquire(ring, 1, &first) > 0,
                          "no element for 10 s after %lu of them", total);
            continue;
        }

        for (unsigned i = 0; i < got; i++) {
            ELEMENT *element = sxe_ring_element(ring, first + i);

            ck_assert_uint_lt(element->producer, STRESS_PRODUCERS);
            ck_assert_msg(element->number == next[element->producer], "producer %u: element %u came, %u expected",
                          element->producer, element->number, next[element->producer]);
            next[element->producer]++;
        }

        sxe_ring_consume_release(ring, first, got);
        total += got;
    }

    for (unsigned p = 0; p < STRESS_PRODUCERS; p++) {
        pthread_join(threads[p], NULL);
        ck_assert_uint_eq(next[p], STRESS_ELEMENTS);
    }

    ck_assert_uint_eq(sxe_ring_consume_acquire(ring, 1, &first), 0); /* nothing more: none was made twice */
    sxe_ring_delete(ring);
}

START_TEST(several_producers_lose_nothing_and_keep_their_order_with_a_blocking_consumer)
{
    skip_under_valgrind();
    stress(SXE_RING_WAIT_BLOCKING);
}
END_TEST

START_TEST(several_producers_lose_nothing_and_keep_their_order_with_a_spinning_consumer)
{
    skip_under_valgrind();
    stress(SXE_RING_WAIT_SPINNING);
}
END_TEST

/* ---- the consumer on a libev loop ------------------------------------------------------------------------------ */

typedef struct LOOP_CONSUMER {
    SXE_RING *ring;
    unsigned received;
    unsigned calls;
    unsigned expected;
    ev_async stop; /* keeps the loop alive (the ring's watchers do not) and ends it */
    atomic_bool done;
} LOOP_CONSUMER;

static void on_ready(SXE_RING *ring, void *arg)
{
    LOOP_CONSUMER *consumer = arg;
    uint64_t first;
    unsigned got;

    consumer->calls++;

    while ((got = sxe_ring_consume_acquire(ring, 16, &first)) > 0) {
        for (unsigned i = 0; i < got; i++) {
            ck_assert_uint_eq(((ELEMENT *)sxe_ring_element(ring, first + i))->number, consumer->received++);
        }

        sxe_ring_consume_release(ring, first, got);
    }

    if (consumer->received == consumer->expected) {
        ev_async_send(sxe_get_loop(), &consumer->stop); /* the loop's own thread: ends ev_run below */
    }
}

static void on_stop(struct ev_loop *loop, ev_async *async, int revents)
{
    (void)async;
    (void)revents;
    ev_break(loop, EVBREAK_ALL);
}

static void *loop_producer(void *arg)
{
    LOOP_CONSUMER *consumer = arg;

    for (unsigned number = 0; number < consumer->expected; number++) {
        produce_one(consumer->ring, 0, number);

        if (number % 100 == 99) {
            usleep(1000); /* let a blocking consumer fall asleep between bursts */
        }
    }

    return NULL;
}

static void consume_on_the_loop(unsigned wait_mode)
{
    LOOP_CONSUMER consumer = {.expected = 1000};
    SXE_RING_COUNTERS counters;
    pthread_t producer;

    consumer.ring = sxe_ring_new("loop", 64, sizeof(ELEMENT), wait_mode);
    ev_async_init(&consumer.stop, on_stop);
    ev_async_start(EV_DEFAULT, &consumer.stop);
    ck_assert_int_eq(sxe_ring_consume_on_loop(consumer.ring, NULL, on_ready, &consumer), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_ring_consume_on_loop(consumer.ring, NULL, on_ready, &consumer), SXE_RETURN_ERROR_BAD_STATE);
    ck_assert_int_eq(pthread_create(&producer, NULL, loop_producer, &consumer), 0);
    ev_run(EV_DEFAULT, 0);
    pthread_join(producer, NULL);
    ck_assert_uint_eq(consumer.received, consumer.expected);
    sxe_ring_get_counters(consumer.ring, &counters);
    ck_assert_uint_eq(counters.consumed, consumer.expected);

    if (wait_mode == SXE_RING_WAIT_BLOCKING) {
        ck_assert_uint_gt(counters.wakeups, 0); /* it slept between the bursts, and was woken */
    } else {
        ck_assert_uint_eq(counters.wakeups, 0);
    }

    sxe_ring_consume_stop(consumer.ring);
    ev_async_stop(EV_DEFAULT, &consumer.stop);
    sxe_ring_delete(consumer.ring);
}

START_TEST(a_blocking_consumer_on_a_loop_sleeps_between_bursts_and_gets_every_element)
{
    skip_under_valgrind();
    consume_on_the_loop(SXE_RING_WAIT_BLOCKING);
}
END_TEST

START_TEST(a_spinning_consumer_on_a_loop_gets_every_element_without_a_wake_up)
{
    skip_under_valgrind();
    consume_on_the_loop(SXE_RING_WAIT_SPINNING);
}
END_TEST

static void on_ready_count(SXE_RING *ring, void *arg)
{
    (void)ring;
    (*(unsigned *)arg)++;
}

START_TEST(sxe_ring_wake_calls_on_ready_of_an_empty_ring_in_either_mode)
{
    skip_under_valgrind();
    for (unsigned mode = SXE_RING_WAIT_BLOCKING; mode <= SXE_RING_WAIT_SPINNING; mode++) {
        SXE_RING *ring = sxe_ring_new("wake", 4, 8, mode);
        unsigned calls = 0;

        ck_assert_int_eq(sxe_ring_consume_on_loop(ring, EV_DEFAULT, on_ready_count, &calls), SXE_RETURN_OK);
        SXE_TEST_RUN_UNTIL(false, 0.05); /* the blocking ring's first look, then nothing */
        calls = 0;
        sxe_ring_wake(ring);
        ck_assert(SXE_TEST_RUN_UNTIL(calls > 0, 2.0));
        sxe_ring_delete(ring); /* stops the watchers */
    }
}
END_TEST

SXE_TEST_MAIN("sxe-ring", a_ring_hands_out_at_most_its_capacity_and_counts_the_full_attempts,
              elements_come_out_in_the_order_their_slots_were_acquired,
              a_release_of_elements_that_were_not_acquired_is_logged_and_ignored,
              sxe_ring_new_refuses_bad_sizes_and_modes_and_logs,
              a_waiting_consumer_without_a_loop_times_out_on_an_empty_ring_and_is_woken_by_sxe_ring_wake,
              several_producers_lose_nothing_and_keep_their_order_with_a_blocking_consumer,
              several_producers_lose_nothing_and_keep_their_order_with_a_spinning_consumer,
              a_blocking_consumer_on_a_loop_sleeps_between_bursts_and_gets_every_element,
              a_spinning_consumer_on_a_loop_gets_every_element_without_a_wake_up,
              sxe_ring_wake_calls_on_ready_of_an_empty_ring_in_either_mode)
