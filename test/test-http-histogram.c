/* test-http-histogram.c: the load generator's latency histogram (examples/http/http-histogram.c).
 *
 * Example programs are not libraries, so this test compiles the histogram source into itself.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sxe-check.h"
#include "../examples/http/http-histogram.c"

static HTTP_HISTOGRAM one;
static HTTP_HISTOGRAM two;
static HTTP_HISTOGRAM all;

/* A small deterministic generator (xorshift64) so failures reproduce. */
static uint64_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

static double relative_error(uint64_t reported, uint64_t exact)
{
    double difference = (double)reported - (double)exact;

    return (difference < 0 ? -difference : difference) / (double)exact;
}

START_TEST(test_small_values_have_exact_buckets)
{
    uint64_t value;

    for (value = 0; value < HTTP_HISTOGRAM_LINEAR_LIMIT; value++) {
        ck_assert_uint_eq(http_histogram_bucket_of(value), value);
        ck_assert_uint_eq(http_histogram_bucket_lowest((unsigned)value), value);
        ck_assert_uint_eq(http_histogram_bucket_highest((unsigned)value), value);
    }
}
END_TEST

START_TEST(test_buckets_tile_the_range_without_gaps)
{
    unsigned bucket;

    for (bucket = 0; bucket + 2 < HTTP_HISTOGRAM_BUCKETS; bucket++) {
        ck_assert_uint_eq(http_histogram_bucket_highest(bucket) + 1, http_histogram_bucket_lowest(bucket + 1));
        ck_assert_uint_eq(http_histogram_bucket_of(http_histogram_bucket_lowest(bucket)), bucket);
        ck_assert_uint_eq(http_histogram_bucket_of(http_histogram_bucket_highest(bucket)), bucket);
    }
}
END_TEST

START_TEST(test_every_bucket_is_narrower_than_one_percent)
{
    uint64_t state = 88172645463325252ULL;
    unsigned i;

    for (i = 0; i < 1000000; i++) {
        uint64_t value = next_random(&state) >> (24 + next_random(&state) % 40); /* all magnitudes below 2^40 */
        unsigned bucket = http_histogram_bucket_of(value);

        ck_assert(http_histogram_bucket_lowest(bucket) <= value);
        ck_assert(value <= http_histogram_bucket_highest(bucket));
        ck_assert(value == 0 || relative_error(http_histogram_bucket_highest(bucket), value) < 0.01);
    }
}
END_TEST

START_TEST(test_percentiles_of_a_known_distribution_within_one_percent)
{
    uint64_t value;

    http_histogram_reset(&one);

    for (value = 1; value <= 100000; value++) { /* 1 us .. 100 ms in nanoseconds */
        http_histogram_record(&one, value * 1000);
    }

    ck_assert_uint_eq(one.count, 100000);
    ck_assert_uint_eq(one.min, 1000);
    ck_assert_uint_eq(one.max, 100000000);
    ck_assert(relative_error(http_histogram_percentile(&one, 50.0), 50000000) < 0.01);
    ck_assert(relative_error(http_histogram_percentile(&one, 90.0), 90000000) < 0.01);
    ck_assert(relative_error(http_histogram_percentile(&one, 99.0), 99000000) < 0.01);
    ck_assert(relative_error(http_histogram_percentile(&one, 99.9), 99900000) < 0.01);
    ck_assert(relative_error(http_histogram_percentile(&one, 99.99), 99990000) < 0.01);
    ck_assert_uint_eq(http_histogram_percentile(&one, 100.0), 100000000);
}
END_TEST

START_TEST(test_a_single_outlier_shows_in_the_tail)
{
    unsigned i;

    http_histogram_reset(&one);

    for (i = 0; i < 9999; i++) {
        http_histogram_record(&one, 100000); /* 100 us */
    }

    http_histogram_record(&one, 2000000000); /* one 2 s stall */
    ck_assert(relative_error(http_histogram_percentile(&one, 99.9), 100000) < 0.01);
    ck_assert(relative_error(http_histogram_percentile(&one, 99.99), 100000) < 0.01);
    ck_assert_uint_eq(http_histogram_percentile(&one, 99.991), 2000000000);
    ck_assert_uint_eq(one.max, 2000000000);
}
END_TEST

START_TEST(test_merge_equals_recording_everything_in_one)
{
    uint64_t state = 1234567;
    unsigned i;

    http_histogram_reset(&one);
    http_histogram_reset(&two);
    http_histogram_reset(&all);

    for (i = 0; i < 100000; i++) {
        uint64_t value = next_random(&state) % 5000000000ULL;

        http_histogram_record(i % 3 ? &one : &two, value);
        http_histogram_record(&all, value);
    }

    http_histogram_merge(&one, &two);
    ck_assert_int_eq(memcmp(&one, &all, sizeof(all)), 0);
}
END_TEST

START_TEST(test_an_empty_histogram_reports_zero_and_a_saturated_one_the_maximum)
{
    http_histogram_reset(&one);
    ck_assert_uint_eq(http_histogram_percentile(&one, 50.0), 0);
    http_histogram_record(&one, UINT64_MAX);
    ck_assert_uint_eq(one.saturated, 1);
    ck_assert_uint_eq(one.buckets[HTTP_HISTOGRAM_BUCKETS - 1], 1);
    ck_assert_uint_eq(http_histogram_percentile(&one, 50.0), UINT64_MAX);
}
END_TEST

static Suite *http_histogram_suite(void)
{
    Suite *suite = suite_create("http-histogram");
    TCase *tc = tcase_create("histogram");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_small_values_have_exact_buckets);
    tcase_add_test(tc, test_buckets_tile_the_range_without_gaps);
    tcase_add_test(tc, test_every_bucket_is_narrower_than_one_percent);
    tcase_add_test(tc, test_percentiles_of_a_known_distribution_within_one_percent);
    tcase_add_test(tc, test_a_single_outlier_shows_in_the_tail);
    tcase_add_test(tc, test_merge_equals_recording_everything_in_one);
    tcase_add_test(tc, test_an_empty_histogram_reports_zero_and_a_saturated_one_the_maximum);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return sxe_test_run(http_histogram_suite());
}
