/* sxe-util.c: return code names, the monotonic clock, and length-bounded substring search. */
#include <stdint.h>
#include <time.h>

#include "sxe-log.h"

static const char *const sxe_return_names[SXE_RETURN_NUMBER_OF_RETURNS] = {
    [SXE_RETURN_OK] = "OK",
    [SXE_RETURN_END_OF_FILE] = "END_OF_FILE",
    [SXE_RETURN_WARN_WOULD_BLOCK] = "WARN_WOULD_BLOCK",
    [SXE_RETURN_WARN_ALREADY_CLOSED] = "WARN_ALREADY_CLOSED",
    [SXE_RETURN_WARN_ALREADY_INITIALIZED] = "WARN_ALREADY_INITIALIZED",
    [SXE_RETURN_WARN_IN_PROGRESS] = "WARN_IN_PROGRESS",
    [SXE_RETURN_ERROR_INTERNAL] = "ERROR_INTERNAL",
    [SXE_RETURN_ERROR_BAD_PARAMETER] = "ERROR_BAD_PARAMETER",
    [SXE_RETURN_ERROR_INVALID_ADDRESS] = "ERROR_INVALID_ADDRESS",
    [SXE_RETURN_ERROR_ADDRESS_IN_USE] = "ERROR_ADDRESS_IN_USE",
    [SXE_RETURN_ERROR_NO_CONNECTION] = "ERROR_NO_CONNECTION",
    [SXE_RETURN_ERROR_CONNECTION_REFUSED] = "ERROR_CONNECTION_REFUSED",
    [SXE_RETURN_ERROR_TIMEOUT] = "ERROR_TIMEOUT",
    [SXE_RETURN_ERROR_OUT_OF_MEMORY] = "ERROR_OUT_OF_MEMORY",
    [SXE_RETURN_ERROR_OUT_OF_FILES] = "ERROR_OUT_OF_FILES",
    [SXE_RETURN_ERROR_POOL_EXHAUSTED] = "ERROR_POOL_EXHAUSTED",
    [SXE_RETURN_ERROR_NOT_INITIALIZED] = "ERROR_NOT_INITIALIZED",
    [SXE_RETURN_ERROR_WRITE_FAILED] = "ERROR_WRITE_FAILED",
    [SXE_RETURN_ERROR_READ_FAILED] = "ERROR_READ_FAILED",
    [SXE_RETURN_ERROR_BUFFER_FULL] = "ERROR_BUFFER_FULL",
    [SXE_RETURN_ERROR_BAD_STATE] = "ERROR_BAD_STATE",
    [SXE_RETURN_ERROR_PERMISSION] = "ERROR_PERMISSION",
    [SXE_RETURN_ERROR_NOT_SUPPORTED] = "ERROR_NOT_SUPPORTED",
    [SXE_RETURN_ERROR_OUT_OF_PORTS] = "ERROR_OUT_OF_PORTS",
};

const char *sxe_return_to_string(SXE_RETURN value)
{
    /* The enum may be signed or unsigned: compare as unsigned so negative values are out of range too */
    if ((unsigned)value >= SXE_RETURN_NUMBER_OF_RETURNS || sxe_return_names[value] == NULL) return "UNKNOWN_SXE_RETURN";

    return sxe_return_names[value];
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

char *sxe_strnstr(const char *haystack, const char *needle, size_t n)
{
    return sxe_strnstr_common(haystack, needle, n, 0);
}

char *sxe_strncasestr(const char *haystack, const char *needle, size_t n)
{
    return sxe_strnstr_common(haystack, needle, n, 1);
}
