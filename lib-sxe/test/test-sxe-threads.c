/* test-sxe-threads.c: lib-sxe in several threads at once (the THREADS rule of sxe.h): each thread runs a lib-sxe of
 * its own on its own loop with the same API, objects stay with their thread, and a connection moves to another thread
 * only by sxe_detach() and sxe_new_from_fd(). Run under ThreadSanitizer by `make test TSAN=1`.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "sxe-ring.h"
#include "sxe-test.h"
#include "../../test/sxe-check.h"

#define THREADS        3
#define ROUND_TRIPS    20
#define IDLE_TIMEOUT   0.05
#define THREAD_SECONDS 10.0 /* bound on a thread's loop */

/* ---- several threads, each with a lib-sxe of its own ----------------------------------------------------------- */

typedef struct WORKER {
    pthread_t thread;
    struct ev_loop *loop;
    unsigned round_trips;   /* echoes the client got back */
    unsigned timed_out;     /* server connections closed by their idle timeout */
    unsigned client_closed; /* the client saw the server's close */
    unsigned timer_fired;   /* an SXE_TIMER of the thread */
    unsigned deferred_ran;  /* an SXE_DEFERRED of the thread */
    bool loop_was_its_own;  /* sxe_get_loop() inside the thread */
    SXE_COUNTERS counters;  /* at the end, before sxe_fini() */
    SXE_RETURN init_result;
} WORKER;

static __thread WORKER *worker; /* the running thread's */

static void server_read(SXE *this, int length)
{
    sxe_write(this, SXE_BUF(this), (unsigned)length); /* echo */
    sxe_buf_clear(this);
}

static void server_close(SXE *this)
{
    worker->timed_out += SXE_CLOSE_REASON(this) == SXE_RETURN_ERROR_TIMEOUT;
}

static void server_connected(SXE *this)
{
    ck_assert_int_eq(sxe_set_idle_timeout(this, IDLE_TIMEOUT), SXE_RETURN_OK);
}

static void client_connected(SXE *this)
{
    SXE_WRITE_LITERAL(this, "ping");
}

static void client_read(SXE *this, int length)
{
    SXE_UNUSED_ARGUMENT(length);

    if (SXE_BUF_USED(this) < 4) {
        return;
    }

    ck_assert(memcmp(SXE_BUF(this), "ping", 4) == 0);
    sxe_buf_discard(this, 4);

    if (++worker->round_trips < ROUND_TRIPS) {
        SXE_WRITE_LITERAL(this, "ping");
    } /* else: quiet, until the server's idle timeout closes the connection */
}

static void client_close(SXE *this)
{
    SXE_UNUSED_ARGUMENT(this);
    worker->client_closed++;
    ev_break(sxe_get_loop(), EVBREAK_ALL);
}

static void worker_timer(SXE_TIMER *timer, void *arg)
{
    SXE_UNUSED_ARGUMENT(timer);
    SXE_UNUSED_ARGUMENT(arg);
    worker->timer_fired++;
}

static void worker_deferred(void *arg)
{
    SXE_UNUSED_ARGUMENT(arg);
    worker->deferred_ran++;
}

static void worker_guard(SXE_TIMER *timer, void *arg)
{
    SXE_UNUSED_ARGUMENT(timer);
    SXE_UNUSED_ARGUMENT(arg);
    ev_break(sxe_get_loop(), EVBREAK_ALL); /* a bug must not hang the test */
}

static void *worker_main(void *arg)
{
    SXE_DEFERRED deferred = {0};
    SXE_TIMER timer, guard;
    SXE *listener, *client;

    worker = arg;
    worker->loop = ev_loop_new(EVFLAG_AUTO);
    sxe_set_loop(worker->loop);
    sxe_register(3, 0);

    if ((worker->init_result = sxe_init()) != SXE_RETURN_OK) {
        ev_loop_destroy(worker->loop);
        return NULL;
    }

    worker->loop_was_its_own = sxe_get_loop() == worker->loop;
    listener = sxe_new_tcp(NULL, "127.0.0.1", 0, server_connected, server_read, server_close);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    client = sxe_new_tcp(NULL, "0.0.0.0", 0, client_connected, client_read, client_close);
    ck_assert_int_eq(sxe_connect(client, "127.0.0.1", sxe_get_local_port(listener)), SXE_RETURN_OK);
    sxe_timer_construct(&timer, worker_timer, NULL);
    sxe_timer_schedule(&timer, 0.001, 0);
    sxe_timer_construct(&guard, worker_guard, NULL);
    sxe_timer_schedule(&guard, THREAD_SECONDS, 0);
    sxe_defer(&deferred, worker_deferred, NULL);
    ev_run(worker->loop, 0);
    sxe_timer_cancel(&guard);
    sxe_get_counters(&worker->counters);
    sxe_fini();
    ev_loop_destroy(worker->loop);
    return NULL;
}

START_TEST(several_threads_each_run_a_lib_sxe_of_their_own_on_their_own_loop)
{
    WORKER workers[THREADS];
    SXE_COUNTERS counters;

    memset(workers, 0, sizeof(workers));
    sxe_test_init(2, 0); /* this thread's own, on the default loop: untouched by the others */

    for (unsigned i = 0; i < THREADS; i++) {
        ck_assert_int_eq(pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]), 0);
    }

    for (unsigned i = 0; i < THREADS; i++) {
        pthread_join(workers[i].thread, NULL);
        ck_assert_int_eq(workers[i].init_result, SXE_RETURN_OK);
        ck_assert(workers[i].loop_was_its_own);
        ck_assert_uint_eq(workers[i].round_trips, ROUND_TRIPS);
        ck_assert_uint_eq(workers[i].timed_out, 1); /* its pool's timer ran on its loop */
        ck_assert_uint_eq(workers[i].client_closed, 1);
        ck_assert_uint_eq(workers[i].timer_fired, 1);
        ck_assert_uint_eq(workers[i].deferred_ran, 1);
        ck_assert_uint_eq(workers[i].counters.accepted, 1); /* its own counters */
        ck_assert_uint_eq(workers[i].counters.timeouts, 1);
    }

    sxe_get_counters(&counters);
    ck_assert_uint_eq(counters.accepted, 0);
    ck_assert_uint_eq(counters.bytes_in, 0);
    ck_assert_ptr_eq(sxe_get_loop(), ev_default_loop(0));
    sxe_test_fini();
}
END_TEST

/* ---- the default loop belongs to one thread's lib-sxe ---------------------------------------------------------- */

static void *init_then_fini(void *arg)
{
    struct ev_loop *loop;

    (void)arg;
    sxe_register(1, 0);
    ck_assert_int_eq(sxe_init(), SXE_RETURN_ERROR_BAD_STATE);
    loop = ev_loop_new(EVFLAG_AUTO);
    ck_assert_int_eq(sxe_set_loop(loop), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_init(), SXE_RETURN_OK);
    ck_assert_ptr_eq(sxe_get_loop(), loop);
    ck_assert_int_eq(sxe_fini(), SXE_RETURN_OK);
    ev_loop_destroy(loop);
    return NULL;
}

START_TEST(a_second_thread_on_the_default_loop_is_refused_until_it_gives_a_loop_of_its_own)
{
    pthread_t thread;

    sxe_test_init(1, 0);
    sxe_test_capture_log("another thread's lib-sxe runs on the default loop");
    ck_assert_int_eq(pthread_create(&thread, NULL, init_then_fini, NULL), 0);
    pthread_join(thread, NULL);
    ck_assert_uint_eq(sxe_test_captured_lines(), 1);
    sxe_test_fini();
}
END_TEST

/* ---- objects stay with their thread ---------------------------------------------------------------------------- */

typedef struct FOREIGN {
    SXE *object;
    SXE_RETURN close_result;
    SXE_RETURN idle_result;
} FOREIGN;

static void *close_a_foreign_object(void *arg)
{
    FOREIGN *foreign = arg;
    struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);

    sxe_set_loop(loop);
    sxe_register(1, 0);
    ck_assert_int_eq(sxe_init(), SXE_RETURN_OK);
    foreign->close_result = sxe_close(foreign->object);
    foreign->idle_result = sxe_set_idle_timeout(foreign->object, 1.0);
    sxe_fini();
    ev_loop_destroy(loop);
    return NULL;
}

static void on_read_nothing(SXE *this, int length)
{
    SXE_UNUSED_ARGUMENT(this);
    SXE_UNUSED_ARGUMENT(length);
}

START_TEST(an_object_of_another_thread_is_refused_and_logged_by_the_functions_that_check_objects)
{
    FOREIGN foreign = {0};
    pthread_t thread;

    sxe_test_init(1, 0);
    foreign.object = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read_nothing, NULL);
    ck_assert_ptr_nonnull(foreign.object);
    sxe_test_capture_log("not an SXE object");
    ck_assert_int_eq(pthread_create(&thread, NULL, close_a_foreign_object, &foreign), 0);
    pthread_join(thread, NULL);
    ck_assert_int_eq(foreign.close_result, SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(foreign.idle_result, SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_uint_eq(sxe_test_captured_lines(), 2);
    ck_assert_uint_eq(sxe_get_number_in_use(), 1); /* still this thread's, untouched */
    ck_assert_int_eq(sxe_close(foreign.object), SXE_RETURN_OK);
    sxe_test_fini();
}
END_TEST

/* ---- a connection handed to another thread ---------------------------------------------------------------------- */

#define HANDOFF_BYTES 64

typedef struct HANDOFF {
    int fd;
    unsigned length;
    char bytes[HANDOFF_BYTES];
} HANDOFF;

typedef struct ADOPTER {
    SXE_RING *ring; /* main thread -> adopter: the connection */
    struct ev_loop *loop;
    char first_read[HANDOFF_BYTES];
    unsigned reads;
    bool connected_first;
    SXE_COUNTERS counters;
} ADOPTER;

static ADOPTER adopter;

static void adopted_connected(SXE *this)
{
    SXE_UNUSED_ARGUMENT(this);
    adopter.connected_first = adopter.reads == 0;
}

static void adopted_read(SXE *this, int length)
{
    if (adopter.reads++ == 0) {
        ck_assert_int_lt(length, HANDOFF_BYTES);
        memcpy(adopter.first_read, SXE_BUF(this), (size_t)length);
        SXE_WRITE_LITERAL(this, "adopted");
    }

    if (SXE_BUF_STRNSTR(this, "bye") != NULL) {
        SXE_WRITE_LITERAL(this, "done");
        sxe_close(this);
        ev_break(sxe_get_loop(), EVBREAK_ALL);
        return;
    }

    if (adopter.reads > 1) {
        sxe_buf_clear(this);
    }
}

static void adopter_on_ready(SXE_RING *ring, void *arg)
{
    HANDOFF *handoff;
    uint64_t first;

    SXE_UNUSED_ARGUMENT(arg);

    if (sxe_ring_consume_acquire(ring, 1, &first) == 0) {
        return;
    }

    handoff = sxe_ring_element(ring, first);
    ck_assert_ptr_nonnull(
        sxe_new_from_fd(NULL, handoff->fd, handoff->bytes, handoff->length, adopted_connected, adopted_read, NULL));
    sxe_ring_consume_release(ring, first, 1);
}

static void *adopter_main(void *arg)
{
    SXE_TIMER guard;

    (void)arg;
    adopter.loop = ev_loop_new(EVFLAG_AUTO);
    sxe_set_loop(adopter.loop);
    sxe_register(1, 0);
    ck_assert_int_eq(sxe_init(), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_ring_consume_on_loop(adopter.ring, NULL, adopter_on_ready, NULL), SXE_RETURN_OK);
    sxe_timer_construct(&guard, worker_guard, NULL);
    sxe_timer_schedule(&guard, THREAD_SECONDS, 0); /* keeps the loop alive too */
    ev_run(adopter.loop, 0);
    sxe_timer_cancel(&guard);
    sxe_ring_consume_stop(adopter.ring);
    sxe_get_counters(&adopter.counters);
    sxe_fini();
    ev_loop_destroy(adopter.loop);
    return NULL;
}

static unsigned detached;

static void detaching_read(SXE *this, int length)
{
    HANDOFF *handoff;
    uint64_t first;

    SXE_UNUSED_ARGUMENT(length);

    if (SXE_BUF_STRNSTR(this, "world") == NULL) {
        return; /* keep it buffered: it goes with the connection */
    }

    ck_assert_uint_eq(sxe_ring_produce_acquire(adopter.ring, 1, &first), 1);
    handoff = sxe_ring_element(adopter.ring, first);
    ck_assert_int_eq(sxe_detach(this, &handoff->fd, handoff->bytes, sizeof(handoff->bytes), &handoff->length),
                     SXE_RETURN_OK);
    sxe_ring_produce_release(adopter.ring, first, 1);
    detached++;
}

START_TEST(a_connection_detached_by_one_thread_is_adopted_by_another_with_its_unconsumed_input)
{
    pthread_t thread;
    SXE *listener;
    char reply[64] = "";
    bool eof = false;
    int client;

    sxe_test_init(2, 0);
    adopter.ring = sxe_ring_new("handoff", 2, sizeof(HANDOFF), SXE_RING_WAIT_BLOCKING);
    ck_assert_int_eq(pthread_create(&thread, NULL, adopter_main, NULL), 0);
    listener = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, detaching_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    client = sxe_test_connect("127.0.0.1", sxe_get_local_port(listener));
    ck_assert_int_eq(send(client, "hello ", 6, 0), 6);
    sxe_test_run_for(0.05); /* read by this thread and kept */
    ck_assert_int_eq(send(client, "world", 5, 0), 5);
    ck_assert(SXE_TEST_RUN_UNTIL(detached == 1, 2.0));
    ck_assert_uint_eq(sxe_get_number_in_use(), 1); /* the listener: the connection left */
    ck_assert_int_eq(sxe_test_read(client, reply, 7, 5.0, &eof), 7);
    ck_assert_str_eq(reply, "adopted");
    ck_assert_int_eq(send(client, "bye", 3, 0), 3);
    memset(reply, 0, sizeof(reply));
    ck_assert_int_eq(sxe_test_read(client, reply, sizeof(reply) - 1, 5.0, &eof), 4);
    ck_assert_str_eq(reply, "done");
    ck_assert(eof || sxe_test_read(client, reply, 1, 5.0, &eof) == 0);
    pthread_join(thread, NULL);
    ck_assert_str_eq(adopter.first_read, "hello world");
    ck_assert(adopter.connected_first);
    ck_assert_uint_eq(adopter.counters.bytes_in, 3); /* "bye": the first bytes were this thread's */
    close(client);
    sxe_close(listener);
    sxe_ring_delete(adopter.ring);
    sxe_test_fini();
}
END_TEST

static SXE *adopted;

static void echo_read(SXE *this, int length)
{
    sxe_write(this, SXE_BUF(this), (unsigned)length);
    sxe_buf_clear(this);
}

static void detach_at_once(SXE *this)
{
    unsigned length = 99;
    int fd = -1;

    ck_assert_int_eq(sxe_detach(this, &fd, NULL, 0, &length), SXE_RETURN_OK); /* nothing buffered: no buffer needed */
    ck_assert_uint_eq(length, 0);
    ck_assert_ptr_nonnull(adopted = sxe_new_from_fd(NULL, fd, NULL, 0, NULL, echo_read, NULL));
}

START_TEST(a_connection_with_nothing_buffered_is_detached_into_no_buffer_and_adopted_with_no_bytes)
{
    SXE *listener;
    char reply[8] = "";
    bool eof = false;
    int client;

    sxe_test_init(2, 0);
    listener = sxe_new_tcp(NULL, "127.0.0.1", 0, detach_at_once, on_read_nothing, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    client = sxe_test_connect("127.0.0.1", sxe_get_local_port(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(adopted != NULL, 2.0));
    ck_assert_int_eq(send(client, "abc", 3, 0), 3);
    ck_assert_int_eq(sxe_test_read(client, reply, 3, 5.0, &eof), 3);
    ck_assert_str_eq(reply, "abc");
    ck_assert_int_eq(sxe_close(adopted), SXE_RETURN_OK);
    sxe_close(listener);
    close(client);
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-threads", several_threads_each_run_a_lib_sxe_of_their_own_on_their_own_loop,
              a_second_thread_on_the_default_loop_is_refused_until_it_gives_a_loop_of_its_own,
              an_object_of_another_thread_is_refused_and_logged_by_the_functions_that_check_objects,
              a_connection_detached_by_one_thread_is_adopted_by_another_with_its_unconsumed_input,
              a_connection_with_nothing_buffered_is_detached_into_no_buffer_and_adopted_with_no_bytes)
