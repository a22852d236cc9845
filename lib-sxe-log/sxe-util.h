/* sxe-util.h: small utilities shared by every libsxe library and by applications.
 *
 * Everything here is declared for classic SXE programs too: a program that includes only "sxe-log.h" and
 * "sxe-util.h" finds SXE_UNUSED_ARGUMENT, the early-out labels, sxe_get_time_in_seconds(), sxe_strnstr() and
 * sxe_strncasestr() without implicit declarations.
 */
#ifndef SXE_UTIL_H
#define SXE_UTIL_H

#include <stddef.h>

#include "sxe-version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Silence "unused parameter" warnings for an argument a function must accept but does not use. */
#define SXE_UNUSED_ARGUMENT(x)  ((void)(x))
#define SXE_UNUSED_PARAMETER(x) ((void)(x))

/* Length of a string literal without its terminating NUL, computed at compile time: SXE_LITERAL_LENGTH("ab") == 2. */
#define SXE_LITERAL_LENGTH(literal) (sizeof("" literal) - 1)

/* Number of elements of a true array (not a pointer). */
#define SXE_ARRAY_SIZE(array) (sizeof(array) / sizeof((array)[0]))

/* Branch prediction hints. */
#define SXE_LIKELY(x)   __builtin_expect(!!(x), 1)
#define SXE_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* The early-out convention: each function has at most one exit label, SXE_EARLY_OR_ERROR_OUT:, at its end, where
 * cleanup and the return log line live. `goto SXE_EARLY_OUT;` (nothing wrong, just done) and `goto SXE_ERROR_OUT;`
 * (something failed) are two spellings of a jump to that single label.
 */
#define SXE_EARLY_OUT SXE_EARLY_OR_ERROR_OUT
#define SXE_ERROR_OUT SXE_EARLY_OR_ERROR_OUT

/* Returns the time in seconds (with nanosecond resolution) from CLOCK_MONOTONIC: it never jumps when the wall clock
 * is changed, so use it for timeouts and durations; it is not a date. Allocates nothing, never fails.
 */
double sxe_get_time_in_seconds(void);

/* Finds the first occurrence of the NUL-terminated string `needle` in `haystack`, reading at most `n` bytes of
 * `haystack`. The haystack ends after `n` bytes or at its first NUL byte, whichever comes first (BSD strnstr
 * semantics): a match never extends past either, so `n` may safely exceed the length of a terminated string, and
 * bytes after an embedded NUL are never searched (use memmem() for binary data). Returns a pointer into haystack
 * at the match, `haystack` itself when needle is empty, or NULL when there is no match. A NULL haystack or needle
 * returns NULL and logs an error naming the function.
 */
char *sxe_strnstr(const char *haystack, const char *needle, size_t n);

/* Same as sxe_strnstr(), but ASCII letters compare case-insensitively (locale independent). */
char *sxe_strncasestr(const char *haystack, const char *needle, size_t n);

#ifdef __cplusplus
}
#endif

#endif
