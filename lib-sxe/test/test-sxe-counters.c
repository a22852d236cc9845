/* test-sxe-counters.c: the counters the application reads. */
#include <string.h>
#include <unistd.h>

#include "sxe-test.h"
#include "../../test/sxe-check.h"

static unsigned connected;

static void on_connected(SXE *this)
{
    (void)this;
    connected++;
}

static void on_read(SXE *this, int length)
{
    sxe_write(this, SXE_BUF(this), (unsigned)length); /* echo */
    SXE_BUF_CLEAR(this);
}

START_TEST(test_counters_track_accepts_bytes_and_open_objects)
{
    SXE_COUNTERS counters;
    char buf[16];
    int fds[3];

    sxe_test_init(4, 0);
    sxe_get_counters(&counters);
    ck_assert_uint_eq(counters.open_now, 0);
    ck_assert_uint_eq(counters.open_peak, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, NULL);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);

    for (unsigned i = 0; i < 3; i++) {
        fds[i] = sxe_test_connect("127.0.0.1", SXE_LOCAL_PORT(listener));
        ck_assert_int_eq(write(fds[i], "0123456789", 10), 10);
    }

    for (unsigned i = 0; i < 3; i++) {
        ck_assert_int_eq(sxe_test_read(fds[i], buf, 10, 5.0, NULL), 10);
    }

    sxe_get_counters(&counters);
    ck_assert_uint_eq(counters.accepted, 3);
    ck_assert_uint_eq(counters.open_now, 4);
    ck_assert_uint_eq(counters.open_peak, 4);
    ck_assert_uint_eq(counters.bytes_in, 30);
    ck_assert_uint_eq(counters.bytes_out, 30);
    ck_assert_uint_eq(counters.refused_pool_exhausted, 0);
    ck_assert_uint_eq(counters.refused_out_of_files, 0);

    for (unsigned i = 0; i < 3; i++) {
        close(fds[i]);
    }

    ck_assert(SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 1, 5.0));
    sxe_get_counters(&counters);
    ck_assert_uint_eq(counters.open_now, 1);
    ck_assert_uint_eq(counters.open_peak, 4); /* the peak stays */
    sxe_close(listener);
    sxe_test_fini();

    sxe_test_init(1, 0); /* counters restart with sxe_init() */
    sxe_get_counters(&counters);
    ck_assert_uint_eq(counters.accepted, 0);
    ck_assert_uint_eq(counters.bytes_in, 0);
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-counters", test_counters_track_accepts_bytes_and_open_objects)
