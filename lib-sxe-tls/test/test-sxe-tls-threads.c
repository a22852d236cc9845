/* test-sxe-tls-threads.c: the THREADS rule of sxe-tls.h. lib-sxe runs a loop per thread; lib-sxe-tls belongs to the
 * thread that called sxe_tls_init(), and another thread's lib-sxe cannot make its objects TLS, initialize or finish
 * lib-sxe-tls: each call is refused with SXE_RETURN_ERROR_BAD_STATE and logged, and the owner's TLS is unharmed.
 */
#include <pthread.h>

#include "sxe-tls-test.h"

typedef struct OTHER_THREAD {
    SXE_TLS_CONTEXT *context;
    SXE_RETURN init_result;
    SXE_RETURN enable_result;
    SXE_RETURN tls_init_result;
    SXE_RETURN tls_fini_result;
} OTHER_THREAD;

static void *other_thread_main(void *arg)
{
    OTHER_THREAD *other = arg;
    struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
    SXE *this;

    sxe_set_loop(loop);
    sxe_register(1, 0);

    if ((other->init_result = sxe_init()) == SXE_RETURN_OK) {
        this = sxe_new_tcp(NULL, "127.0.0.1", 0, tls_test_on_connected, tls_test_on_read, tls_test_on_close);
        other->enable_result = sxe_tls_enable(this, other->context, NULL);
        other->tls_init_result = sxe_tls_init();
        other->tls_fini_result = sxe_tls_fini();
        sxe_close(this);
        sxe_fini();
    }

    ev_loop_destroy(loop);
    return NULL;
}

START_TEST(another_thread_cannot_use_lib_sxe_tls_and_the_owner_thread_still_can)
{
    OTHER_THREAD other = {.context = tls_test_context("server")};
    pthread_t thread;
    SXE *this;

    tls_test_init(2, 0, 1, 0);
    sxe_test_capture_log("lib-sxe-tls belongs to the thread that called sxe_tls_init()");
    ck_assert_int_eq(pthread_create(&thread, NULL, other_thread_main, &other), 0);
    ck_assert_int_eq(pthread_join(thread, NULL), 0);
    ck_assert_int_eq(other.init_result, SXE_RETURN_OK); /* the other thread's own lib-sxe */
    ck_assert_int_eq(other.enable_result, SXE_RETURN_ERROR_BAD_STATE);
    ck_assert_int_eq(other.tls_init_result, SXE_RETURN_ERROR_BAD_STATE);
    ck_assert_int_eq(other.tls_fini_result, SXE_RETURN_ERROR_BAD_STATE);
    ck_assert_uint_eq(sxe_test_captured_lines(), 3);
    this = sxe_new_tcp(NULL, "127.0.0.1", 0, tls_test_on_connected, tls_test_on_read, tls_test_on_close);
    ck_assert_int_eq(sxe_tls_enable(this, other.context, NULL), SXE_RETURN_OK);
    sxe_close(this);
    tls_test_fini();
    ck_assert_int_eq(sxe_tls_context_free(other.context), SXE_RETURN_OK);
}
END_TEST

SXE_TEST_MAIN("sxe-tls-threads", another_thread_cannot_use_lib_sxe_tls_and_the_owner_thread_still_can)
