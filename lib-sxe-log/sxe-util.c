/* sxe-util.c: return code names, the monotonic clock, and length-bounded substring search. */
#include <stdint.h>
#include <time.h>

#include "sxe-log.h"

#define SXE_RETURN_CASE(name)                                                                                          \
    case SXE_RETURN_##name:                                                                                            \
        return #name

/* A switch, as classic SXE had: the values are errno numbers, far apart. Aliases share their code's case. */
const char *sxe_return_to_string(SXE_RETURN value)
{
    switch (value) {
        SXE_RETURN_CASE(OK);
        SXE_RETURN_CASE(NO_SUCH_PROCESS);
        SXE_RETURN_CASE(ERROR_INTERRUPTED);
        SXE_RETURN_CASE(ERROR_WRITE_FAILED);
        SXE_RETURN_CASE(ERROR_COMMAND_NOT_RUN);
        SXE_RETURN_CASE(WARN_ALREADY_CLOSED);
        SXE_RETURN_CASE(WARN_WOULD_BLOCK);
        SXE_RETURN_CASE(ERROR_ALLOC);
        SXE_RETURN_CASE(ERROR_INVALID);
        SXE_RETURN_CASE(OUT_OF_RANGE);
        SXE_RETURN_CASE(DEADLOCK_WOULD_OCCUR);
        SXE_RETURN_CASE(ERROR_LOCK_NOT_TAKEN);
        SXE_RETURN_CASE(END_OF_FILE);
        SXE_RETURN_CASE(ERROR_BAD_MESSAGE);
        SXE_RETURN_CASE(ERROR_INCORRECT_STATE);
        SXE_RETURN_CASE(ERROR_ADDRESS_IN_USE);
        SXE_RETURN_CASE(NO_UNUSED_ELEMENTS);
        SXE_RETURN_CASE(ERROR_ALREADY_CONNECTED);
        SXE_RETURN_CASE(ERROR_NO_CONNECTION);
        SXE_RETURN_CASE(ERROR_TIMED_OUT);
        SXE_RETURN_CASE(WARN_ALREADY_INITIALIZED);
        SXE_RETURN_CASE(IN_PROGRESS);
        SXE_RETURN_CASE(ERROR_NOT_INITIALIZED);
        SXE_RETURN_CASE(UNCATEGORIZED);
        SXE_RETURN_CASE(EXPIRED_VALUE);
        SXE_RETURN_CASE(ERROR_INTERNAL);
        SXE_RETURN_CASE(ERROR_PERMISSION);
        SXE_RETURN_CASE(ERROR_OUT_OF_FILES);
        SXE_RETURN_CASE(ERROR_BUFFER_FULL);
        SXE_RETURN_CASE(ERROR_INVALID_ADDRESS);
        SXE_RETURN_CASE(ERROR_NOT_SUPPORTED);
        SXE_RETURN_CASE(ERROR_OUT_OF_PORTS);
        SXE_RETURN_CASE(ERROR_READ_FAILED);
        SXE_RETURN_CASE(ERROR_CONNECTION_REFUSED);
        SXE_RETURN_CASE(INVALID_VALUE);
    }

    return "UNKNOWN_SXE_RETURN";
}

double sxe_get_time_in_seconds(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

static inline unsigned char sxe_ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Common search. The haystack ends at n bytes or at its first NUL. When a comparison reaches that end, no later
 * start can match either (it would reach the same end sooner), so the search stops there.
 */
static char *sxe_strnstr_common(const char *haystack, const char *needle, size_t n, int ignore_case)
{
    const unsigned char *hay = (const unsigned char *)haystack;
    const unsigned char *pin = (const unsigned char *)needle;
    size_t start;
    size_t j;

    if (SXE_UNLIKELY(haystack == NULL || needle == NULL)) {
        SXEL2("%s(haystack=%p, needle=%p): NULL argument; no match", ignore_case ? "sxe_strncasestr" : "sxe_strnstr",
              (const void *)haystack, (const void *)needle);
        return NULL;
    }

    if (pin[0] == '\0') return (char *)(uintptr_t)haystack;

    for (start = 0; start < n && hay[start] != '\0'; start++) {
        for (j = 0; pin[j] != '\0'; j++) {
            if (start + j >= n || hay[start + j] == '\0') return NULL;

            if (ignore_case ? sxe_ascii_lower(hay[start + j]) != sxe_ascii_lower(pin[j]) : hay[start + j] != pin[j])
                break;
        }

        if (pin[j] == '\0') return (char *)(uintptr_t)&haystack[start];
    }

    return NULL;
}

char *sxe_strnstr(const char *haystack, const char *needle, unsigned n)
{
    return sxe_strnstr_common(haystack, needle, n, 0);
}

char *sxe_strncasestr(const char *haystack, const char *needle, unsigned n)
{
    return sxe_strnstr_common(haystack, needle, n, 1);
}
