/* sxe-time.c: classic SXE wall-clock time (sxe-time.h). */
#include <stdio.h>
#include <string.h>

#include "sxe-time.h"

const unsigned SXE_TIMESTAMP_LENGTH_MAXIMUM = SXE_TIMESTAMP_LENGTH(0) + 9;

SXE_TIME
sxe_time_get(void)
{
    struct timespec now;

    clock_gettime(CLOCK_REALTIME, &now);
    return sxe_time_from_unix_time(now.tv_sec) +
           (SXE_TIME)(((uint64_t)now.tv_nsec << SXE_TIME_BITS_IN_FRACTION) / 1000000000ULL);
}

char *sxe_time_to_string(SXE_TIME sxe_time, char *buffer, unsigned length)
{
    time_t seconds = sxe_time_to_unix_time(sxe_time);
    uint64_t fraction = (SXE_TIME_FRACTION)sxe_time;
    char nanoseconds[16];
    unsigned digits;
    struct tm tm;

    if (buffer == NULL || length < SXE_TIMESTAMP_LENGTH(0)) {
        SXEL2("sxe_time_to_string(buffer=%p, length=%u): no room for a timestamp of %u bytes", (void *)buffer, length,
              SXE_TIMESTAMP_LENGTH(0));
        return NULL;
    }

    gmtime_r(&seconds, &tm);
    snprintf(buffer, SXE_TIMESTAMP_LENGTH(0), "%04u%02u%02u%02u%02u%02u", (unsigned)(tm.tm_year + 1900) % 10000,
             (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday, (unsigned)tm.tm_hour, (unsigned)tm.tm_min,
             (unsigned)tm.tm_sec);
    digits = length - SXE_TIMESTAMP_LENGTH(0); /* the '.' and NUL are counted in SXE_TIMESTAMP_LENGTH(0) */
    digits = digits > 9 ? 9 : digits;

    if (digits > 0) {
        snprintf(nanoseconds, sizeof(nanoseconds), "%09llu",
                 (unsigned long long)((fraction * 1000000000ULL) >> SXE_TIME_BITS_IN_FRACTION));
        buffer[SXE_TIMESTAMP_LENGTH(0) - 2] = '.';
        memcpy(&buffer[SXE_TIMESTAMP_LENGTH(0) - 1], nanoseconds, digits);
        buffer[SXE_TIMESTAMP_LENGTH(0) - 1 + digits] = '\0';
    }

    return buffer;
}
