/* http-histogram.h: a fixed-size, log-linear latency histogram (HdrHistogram-style, written for libsxe).
 *
 * Values are unsigned 64-bit integers (the load generator records nanoseconds). Values below
 * HTTP_HISTOGRAM_LINEAR_LIMIT (256) each have their own bucket (exact). Above that, each power of two [2^k, 2^(k+1))
 * is split into HTTP_HISTOGRAM_SUB_BUCKETS (128) equal buckets, so a bucket is at most 1/128 (0.79%) of the
 * values it holds wide: any reported value is within 1% of the true one. Values of 2^HTTP_HISTOGRAM_MAX_POWER or
 * more (about 18 minutes in nanoseconds) go in an extra last bucket and are counted as saturated.
 *
 * The struct is plain data of fixed size (no pointers): it can live in shared memory, be copied through a pipe,
 * and two histograms merge exactly by adding their counts. Nothing here allocates.
 */
#ifndef HTTP_HISTOGRAM_H
#define HTTP_HISTOGRAM_H

#include <stdint.h>

#define HTTP_HISTOGRAM_SUB_BUCKETS  128 /* linear buckets per power of two: relative error <= 1/128 */
#define HTTP_HISTOGRAM_LINEAR_LIMIT (2 * HTTP_HISTOGRAM_SUB_BUCKETS) /* below this, one bucket per value */
#define HTTP_HISTOGRAM_MAX_POWER    40                               /* values >= 2^40 saturate into the last bucket */
#define HTTP_HISTOGRAM_BUCKETS                                                                                         \
    (HTTP_HISTOGRAM_LINEAR_LIMIT + (HTTP_HISTOGRAM_MAX_POWER - 8) * HTTP_HISTOGRAM_SUB_BUCKETS + 1)
/* the last bucket holds the saturated values */

typedef struct HTTP_HISTOGRAM {
    uint64_t count;     /* values recorded */
    uint64_t saturated; /* values that were >= 2^HTTP_HISTOGRAM_MAX_POWER (recorded in the last bucket) */
    uint64_t min;       /* exact smallest value (UINT64_MAX when empty) */
    uint64_t max;       /* exact largest value (0 when empty) */
    uint64_t sum;       /* for the mean; wraps only after ~584 years of nanoseconds */
    uint64_t buckets[HTTP_HISTOGRAM_BUCKETS];
} HTTP_HISTOGRAM;

/* Empties the histogram. */
void http_histogram_reset(HTTP_HISTOGRAM *histogram);

/* Records one value. O(1), no allocation, no logging. */
void http_histogram_record(HTTP_HISTOGRAM *histogram, uint64_t value);

/* Adds every count of `from` into `into` (exact: the merged percentiles are those of the union of values). */
void http_histogram_merge(HTTP_HISTOGRAM *into, const HTTP_HISTOGRAM *from);

/* Returns the value at `percentile` (0 < percentile <= 100): the highest value equivalent to the bucket holding the
 * ceil(percentile/100 * count)-th smallest value, clamped to [min, max] so 100 gives the exact max. 0 when empty.
 */
uint64_t http_histogram_percentile(const HTTP_HISTOGRAM *histogram, double percentile);

/* Bucket index of a value and the [lowest, highest] values that share that bucket (exposed for tests). */
unsigned http_histogram_bucket_of(uint64_t value);
uint64_t http_histogram_bucket_lowest(unsigned bucket);
uint64_t http_histogram_bucket_highest(unsigned bucket);

#endif
