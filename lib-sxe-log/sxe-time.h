/* sxe-time.h: classic SXE wall-clock time: SXE_TIME, seconds since the epoch (UTC) in 32.32 fixed point.
 *
 * The high 32 bits are the seconds, the low 32 bits the fraction of a second. It is a DATE: it jumps when the
 * system clock is set. For timeouts and durations use sxe_get_time_in_seconds() (sxe-util.h), which is monotonic.
 * The pool's classic time getters (sxe-pool.h) return SXE_TIME on this same base, so `sxe_time_get() - stamp` is an
 * age and a stamp prints as a date with sxe_time_to_string().
 */
#ifndef SXE_TIME_H
#define SXE_TIME_H

#include <stdint.h>
#include <time.h>

#include "sxe-util.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t SXE_TIME;
typedef uint32_t SXE_TIME_FRACTION;

#define SXE_TIME_BITS_IN_FRACTION (sizeof(SXE_TIME_FRACTION) * 8)

/* Bytes of a timestamp "YYYYmmDDHHMMSS[.f...]" with `fractional_digits` digits after the point, NUL included. */
#define SXE_TIMESTAMP_LENGTH(fractional_digits) (16 + (fractional_digits))

/* The longest timestamp sxe_time_to_string() writes: 9 fractional digits (nanoseconds). */
extern const unsigned SXE_TIMESTAMP_LENGTH_MAXIMUM;

static inline time_t sxe_time_to_unix_time(SXE_TIME sxe_time)
{
    return (time_t)(sxe_time >> SXE_TIME_BITS_IN_FRACTION);
}

static inline SXE_TIME sxe_time_from_unix_time(time_t unix_time)
{
    return (SXE_TIME)unix_time << SXE_TIME_BITS_IN_FRACTION;
}

/* Seconds (>= 0) as an SXE_TIME; also converts a duration. */
static inline SXE_TIME sxe_time_from_double_seconds(double seconds)
{
    uint64_t whole = (uint64_t)seconds;

    return (whole << SXE_TIME_BITS_IN_FRACTION) +
           (SXE_TIME)((seconds - (double)whole) * (double)(1ULL << SXE_TIME_BITS_IN_FRACTION));
}

static inline double sxe_time_to_double_seconds(SXE_TIME sxe_time)
{
    return (double)(sxe_time >> SXE_TIME_BITS_IN_FRACTION) +
           (double)(SXE_TIME_FRACTION)sxe_time / (double)(1ULL << SXE_TIME_BITS_IN_FRACTION);
}

/* The wall clock now (CLOCK_REALTIME, microsecond resolution or better). Never fails, does not log. */
SXE_TIME sxe_time_get(void);

/* Write `sxe_time` as a UTC timestamp "YYYYmmDDHHMMSS" into buffer, followed by '.' and n fractional digits when
 * length is SXE_TIMESTAMP_LENGTH(n) for n from 1 to 9 (more room still gives 9); NUL-terminated. Returns buffer. NULL
 * buffer or length < SXE_TIMESTAMP_LENGTH(0): NULL (logged at level 2), nothing written.
 */
char *sxe_time_to_string(SXE_TIME sxe_time, char *buffer, unsigned length);

#ifdef __cplusplus
}
#endif

#endif
