/* test-sxe-memory.c: fixed memory: the object size and stride, sxe_get_allocated_bytes(), every page of the pool
 * touched at sxe_init(), the libev warm-up (no descriptor left behind, no RSS growth under load), and the table of
 * unix paths that replaced the per-object sockaddr_un.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "sxe-pool-private.h"
#include "sxe-test.h"
#include "../../test/sxe-check.h"

#define MEMORY_CONNECTIONS_MAXIMUM 1000 /* connections per round of the RSS test (fewer if RLIMIT_NOFILE is low) */
#define MEMORY_ROUNDS              3

#if defined(__SANITIZE_ADDRESS__)
#define MEMORY_RSS_CHECKED 0 /* ASan's allocator and shadow memory move RSS on their own */
#else
#define MEMORY_RSS_CHECKED 1
#endif

/* Valgrind (make valgrind sets SXE_TEST_UNDER_VALGRIND) keeps its own, moving, memory inside the process's RSS and
 * refuses setrlimit(RLIMIT_NOFILE) (it reserves the top descriptors): tests of those are skipped there.
 */
static unsigned accepted;
static unsigned connected;
static unsigned closed;

static void on_connected_count(SXE *this)
{
    SXE_UNUSED_ARGUMENT(this);
    connected++;
}

static void on_accepted(SXE *this)
{
    SXE_UNUSED_ARGUMENT(this);
    accepted++;
}

static void on_read_clear(SXE *this, int length)
{
    SXE_UNUSED_ARGUMENT(length);
    SXE_BUF_CLEAR(this);
}

static void on_close_count(SXE *this)
{
    SXE_UNUSED_ARGUMENT(this);
    closed++;
}

static size_t round_up(size_t value, size_t alignment)
{
    return (value + alignment - 1) / alignment * alignment;
}

/* A field of /proc/self/status in kB, -1 when missing. */
static long status_kb(const char *field)
{
    char line[256];
    long value = -1;
    size_t length = strlen(field);
    FILE *status = fopen("/proc/self/status", "r");

    while (status != NULL && value < 0 && fgets(line, sizeof(line), status) != NULL) {
        if (strncmp(line, field, length) == 0 && line[length] == ':') {
            value = strtol(line + length + 1, NULL, 10);
        }
    }

    if (status != NULL) {
        fclose(status);
    }

    return value;
}

static unsigned open_descriptors(void)
{
    unsigned number = 0;
    DIR *dir = opendir("/proc/self/fd");
    struct dirent *entry;

    while (dir != NULL && (entry = readdir(dir)) != NULL) {
        number += entry->d_name[0] != '.';
    }

    closedir(dir);
    return number - 1; /* the directory's own descriptor */
}

START_TEST(test_object_is_small_and_the_stride_is_16_byte_aligned)
{
    ck_assert_uint_le(sizeof(SXE), 304);
    ck_assert_uint_eq(SXE_OBJECT_SIZE % 16, 0);
    ck_assert_uint_eq(sizeof(SXE_SOCKADDR), sizeof(struct sockaddr_in6)); /* no sockaddr_un per address */

    sxe_test_init(2, 512);
    ck_assert_uint_eq(sxe_globals.stride, round_up(SXE_OBJECT_SIZE + 512, SXE_STRIDE_ALIGNMENT));
    ck_assert_uint_eq((uintptr_t)SXE_BUF(sxe_object(1)) % SXE_STRIDE_ALIGNMENT, 0);
    sxe_test_fini();
}
END_TEST

START_TEST(test_allocated_bytes_are_exactly_the_pool_for_the_registered_numbers)
{
    size_t stride;

    ck_assert_uint_eq(sxe_get_allocated_bytes(), 0);
    sxe_register(7, 40);
    sxe_register(3, 20); /* the largest extra size counts, for all 10 objects */
    ck_assert_int_eq(sxe_set_buffer_size(1500), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_init(), SXE_RETURN_OK);
    stride = round_up(SXE_OBJECT_SIZE + round_up(40, SXE_EXTRA_ALIGNMENT) + 1500, SXE_STRIDE_ALIGNMENT);
    ck_assert_uint_eq(sxe_globals.stride, stride);
    ck_assert_uint_eq(sxe_get_allocated_bytes(), SXE_POOL_LOCAL_SIZE + sxe_pool_size(10, stride, SXE_STATE_NUMBER));
    ck_assert_uint_gt(sxe_get_allocated_bytes(), 10 * stride);
    sxe_test_fini();
    ck_assert_uint_eq(sxe_get_allocated_bytes(), 0);
}
END_TEST

START_TEST(test_every_page_of_the_allocation_is_resident_after_init)
{
    long page = sysconf(_SC_PAGESIZE);
    SXE_POOL_LOCAL *local;
    unsigned char *vector;
    size_t pages;
    size_t resident = 0;

    sxe_test_init(300, 1500); /* about 540 kB: many pages no object field lies on */
    local = sxe_pool_private_local(sxe_pool_private_header(sxe_globals.pool));
    ck_assert_ptr_nonnull(local->mapping);
    ck_assert_uint_eq(local->mapping_size, sxe_get_allocated_bytes());
    pages = (sxe_get_allocated_bytes() + (size_t)page - 1) / (size_t)page;
    vector = calloc(pages, 1);
    ck_assert_int_eq(mincore(local->mapping, sxe_get_allocated_bytes(), vector), 0);

    for (size_t i = 0; i < pages; i++) {
        resident += vector[i] & 1;
    }

    free(vector);
    ck_assert_uint_eq(resident, pages);
    sxe_test_fini();
}
END_TEST

START_TEST(test_warm_up_covers_every_object_and_leaves_no_descriptor_open)
{
    unsigned before;

    ev_default_loop(EVFLAG_AUTO); /* its epoll descriptor is not the warm-up's */
    before = open_descriptors();
    sxe_test_init(50, 0);
    ck_assert_uint_eq(sxe_globals.warmed_descriptors, 50 + SXE_WARM_DESCRIPTORS_MARGIN);
    ck_assert_uint_eq(open_descriptors(), before + 1); /* only the reserve descriptor */
    sxe_test_fini();
    ck_assert_uint_eq(open_descriptors(), before);
}
END_TEST

START_TEST(test_warm_descriptors_can_be_raised_up_to_two_per_object)
{
    sxe_set_warm_descriptors(75);
    sxe_test_init(50, 0);
    ck_assert_uint_eq(sxe_globals.warmed_descriptors, 75);
    sxe_test_fini();

    sxe_set_warm_descriptors(1000); /* capped: the warm-up's watchers are the objects' own two */
    sxe_test_init(50, 0);
    ck_assert_uint_eq(sxe_globals.warmed_descriptors, 2 * 50 + SXE_WARM_DESCRIPTORS_MARGIN);
    sxe_test_fini();

    sxe_set_warm_descriptors(0); /* back to the default */
    sxe_test_init(50, 0);
    ck_assert_uint_eq(sxe_globals.warmed_descriptors, 50 + SXE_WARM_DESCRIPTORS_MARGIN);
    sxe_test_fini();
}
END_TEST

static bool application_timer_fired;

static void application_timer(struct ev_loop *loop, ev_timer *timer, int revents)
{
    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(timer);
    SXE_UNUSED_ARGUMENT(revents);
    application_timer_fired = true;
}

START_TEST(test_warm_up_calls_no_application_callback_and_loses_no_event)
{
    ev_timer timer;

    ev_timer_init(&timer, application_timer, 0.0, 0.0); /* due at once: pending in the warm-up's first poll */
    ev_timer_start(EV_DEFAULT, &timer);
    sxe_test_init(4, 0);
    ck_assert(!application_timer_fired);
    ev_run(EV_DEFAULT, EVRUN_NOWAIT);
    ck_assert(application_timer_fired);
    sxe_test_fini();
}
END_TEST

START_TEST(test_warm_up_stops_at_the_descriptor_limit)
{
    struct rlimit limit;
    struct rlimit low;

    if (sxe_test_under_valgrind()) {
        sxe_test_skip("valgrind refuses setrlimit(RLIMIT_NOFILE): it keeps the top descriptors for itself");
    }

    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &limit), 0);
    low = limit;
    low.rlim_cur = open_descriptors() + 20;
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
    sxe_test_init(100, 0);
    ck_assert_uint_lt(sxe_globals.warmed_descriptors, 20); /* not 116: the limit (and the eventfd) came first */
    ck_assert_uint_gt(sxe_globals.warmed_descriptors, 0);
    sxe_test_fini();
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &limit), 0);
}
END_TEST

/* Touch stack pages a deep callback chain may use, so the measurement below sees only the heap and the pool. */
static void touch_stack(void)
{
    volatile char stack[256 * 1024];

    memset((char *)stack, 0, sizeof(stack));
}

/* `number` clients connect to the listener at once, then all close; the server sees every close. */
static bool connect_round(unsigned short port, unsigned number)
{
    SXE *clients[MEMORY_CONNECTIONS_MAXIMUM];
    bool ok = true;

    accepted = connected = closed = 0;

    for (unsigned i = 0; i < number; i++) {
        clients[i] = sxe_new_tcp(NULL, NULL, 0, on_connected_count, on_read_clear, NULL);
        ok = ok && clients[i] != NULL && sxe_connect(clients[i], "127.0.0.1", port) == SXE_RETURN_OK;
    }

    ok = ok && SXE_TEST_RUN_UNTIL(accepted == number && connected == number, 10.0);

    for (unsigned i = 0; i < number; i++) {
        sxe_close(clients[i]);
    }

    return SXE_TEST_RUN_UNTIL(closed == number, 10.0) && ok;
}

START_TEST(test_rss_does_not_grow_while_connections_reach_every_object)
{
    struct rlimit limit;
    unsigned number = MEMORY_CONNECTIONS_MAXIMUM;
    long anon_before, anon_after, rss_before, rss_after;
    bool ok = true;

    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &limit), 0);
    number = limit.rlim_cur < 2 * number + 64 ? (unsigned)(limit.rlim_cur - 64) / 2 : number;
    sxe_test_init(2 * number + 1, 0);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", 0, on_accepted, on_read_clear, on_close_count);
    ck_assert_int_eq(sxe_listen_with_backlog(listener, 0, (int)number), SXE_RETURN_OK);
    ck_assert(connect_round(SXE_LOCAL_PORT(listener), 1)); /* first use of the code paths (file-backed pages) */
    touch_stack();
    anon_before = status_kb("RssAnon");
    rss_before = status_kb("VmRSS");

    for (unsigned round = 0; round < MEMORY_ROUNDS; round++) { /* no Check call in here: Check allocates */
        ok = connect_round(SXE_LOCAL_PORT(listener), number) && ok;
    }

    anon_after = status_kb("RssAnon");
    rss_after = status_kb("VmRSS");
    fprintf(stderr, "test-sxe-memory: %u connections x %u rounds: RssAnon %ld -> %ld kB, VmRSS %ld -> %ld kB\n", number,
            MEMORY_ROUNDS, anon_before, anon_after, rss_before, rss_after);
    ck_assert(ok);
    SXE_COUNTERS counters;
    sxe_get_counters(&counters);
    ck_assert_uint_eq(counters.open_peak, 2 * number + 1); /* every object was used */
    sxe_close(listener);
    sxe_test_fini();

    if (!MEMORY_RSS_CHECKED) {
        sxe_test_skip("ASan's allocator and shadow memory move RSS on their own: all but resident memory passed");
    }

    if (sxe_test_under_tsan()) {
        sxe_test_skip("ThreadSanitizer's shadow memory moves RSS on its own: all but resident memory passed");
    }

    if (sxe_test_under_valgrind()) {
        sxe_test_skip("RSS under valgrind counts valgrind's own, moving, memory: all but resident memory passed");
    }

    ck_assert_int_ge(anon_before, 0);
    ck_assert_int_eq(anon_after, anon_before);
    ck_assert_int_eq(rss_after, rss_before);
}
END_TEST

SXE_TEST_MAIN("sxe-memory", test_object_is_small_and_the_stride_is_16_byte_aligned,
              test_allocated_bytes_are_exactly_the_pool_for_the_registered_numbers,
              test_every_page_of_the_allocation_is_resident_after_init,
              test_warm_up_covers_every_object_and_leaves_no_descriptor_open,
              test_warm_descriptors_can_be_raised_up_to_two_per_object,
              test_warm_up_calls_no_application_callback_and_loses_no_event, test_warm_up_stops_at_the_descriptor_limit,
              test_rss_does_not_grow_while_connections_reach_every_object)
