/* http-histogram.c: log-linear latency histogram; see http-histogram.h for the layout and the error bound. */
#include <string.h>

#include "http-histogram.h"

#define HTTP_HISTOGRAM_SUB_BITS 7 /* log2(HTTP_HISTOGRAM_SUB_BUCKETS) */

void http_histogram_reset(HTTP_HISTOGRAM *histogram)
{
    memset(histogram, 0, sizeof(*histogram));
    histogram->min = UINT64_MAX;
}

unsigned http_histogram_bucket_of(uint64_t value)
{
    unsigned power;
    unsigned shift;

    if (value < HTTP_HISTOGRAM_LINEAR_LIMIT) {
        return (unsigned)value;
    }

    power = 63 - (unsigned)__builtin_clzll(value); /* value in [2^power, 2^(power+1)), power >= 8 */

    if (power >= HTTP_HISTOGRAM_MAX_POWER) {
        return HTTP_HISTOGRAM_BUCKETS - 1;
    }

    shift = power - HTTP_HISTOGRAM_SUB_BITS;
    return HTTP_HISTOGRAM_LINEAR_LIMIT + (power - 8) * HTTP_HISTOGRAM_SUB_BUCKETS +
           (unsigned)((value >> shift) - HTTP_HISTOGRAM_SUB_BUCKETS);
}

uint64_t http_histogram_bucket_lowest(unsigned bucket)
{
    unsigned power;
    unsigned sub;

    if (bucket < HTTP_HISTOGRAM_LINEAR_LIMIT) {
        return bucket;
    }

    power = 8 + (bucket - HTTP_HISTOGRAM_LINEAR_LIMIT) / HTTP_HISTOGRAM_SUB_BUCKETS;
    sub = (bucket - HTTP_HISTOGRAM_LINEAR_LIMIT) % HTTP_HISTOGRAM_SUB_BUCKETS;
    return (uint64_t)(HTTP_HISTOGRAM_SUB_BUCKETS + sub) << (power - HTTP_HISTOGRAM_SUB_BITS);
}

uint64_t http_histogram_bucket_highest(unsigned bucket)
{
    if (bucket < HTTP_HISTOGRAM_LINEAR_LIMIT) {
        return bucket;
    }

    if (bucket >= HTTP_HISTOGRAM_BUCKETS - 1) {
        return UINT64_MAX;
    }

    return http_histogram_bucket_lowest(bucket + 1) - 1;
}

void http_histogram_record(HTTP_HISTOGRAM *histogram, uint64_t value)
{
    unsigned bucket = http_histogram_bucket_of(value);

    histogram->buckets[bucket]++;
    histogram->count++;
    histogram->sum += value;
    histogram->saturated += bucket == HTTP_HISTOGRAM_BUCKETS - 1;

    if (value < histogram->min) {
        histogram->min = value;
    }

    if (value > histogram->max) {
        histogram->max = value;
    }
}

void http_histogram_merge(HTTP_HISTOGRAM *into, const HTTP_HISTOGRAM *from)
{
    unsigned i;

    for (i = 0; i < HTTP_HISTOGRAM_BUCKETS; i++) {
        into->buckets[i] += from->buckets[i];
    }

    into->count += from->count;
    into->saturated += from->saturated;
    into->sum += from->sum;
    into->min = from->min < into->min ? from->min : into->min;
    into->max = from->max > into->max ? from->max : into->max;
}

uint64_t http_histogram_percentile(const HTTP_HISTOGRAM *histogram, double percentile)
{
    uint64_t rank;
    uint64_t seen = 0;
    uint64_t value;
    unsigned i;

    if (histogram->count == 0) {
        return 0;
    }

    rank = (uint64_t)(percentile / 100.0 * (double)histogram->count + 0.999999999);
    rank = rank < 1 ? 1 : rank > histogram->count ? histogram->count : rank;

    for (i = 0; i < HTTP_HISTOGRAM_BUCKETS - 1; i++) {
        seen += histogram->buckets[i];

        if (seen >= rank) {
            break;
        }
    }

    value = http_histogram_bucket_highest(i);
    value = value > histogram->max ? histogram->max : value;
    return value < histogram->min ? histogram->min : value;
}
