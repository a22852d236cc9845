/* sxe-util.h: small utilities shared by every libsxe library and by applications.
 *
 * Everything here is declared for classic SXE programs too. Like the classic header, this one includes sxe-log.h and
 * the standard headers <stdarg.h> <stdint.h> <stdio.h> <sys/types.h> <sys/stat.h> <time.h> <unistd.h>, so a
 * program that includes only "sxe-log.h" and "sxe-util.h" finds printf(), SXE_UNUSED_ARGUMENT, the early-out labels,
 * sxe_get_time_in_seconds(), sxe_strnstr() and the rest without implicit declarations.
 *
 * NULL never crashes a function here: a NULL pointer argument is logged at level 2, naming the function, and the
 * call returns the result its comment gives for it.
 */
#ifndef SXE_UTIL_H
#define SXE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "sxe-log.h" /* first: the declarations below use SXE_RETURN */
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

/* Classic helpers. */
#define SXE_UNSIGNED_MAXIMUM        (~0U)
#define SXE_BIT_OPTION(number)      (1U << (number))
#define SXE_CAST(type, ptr)         ((type)(uintptr_t)(ptr)) /* a cast that may drop const: use sparingly */
#define SXE_CAST_NOCONST(type, ptr) SXE_CAST(type, ptr)
#define SXE_BOOL_TO_STR(bool_val)   ((bool_val) ? "true" : "false")

/* Relocatable data: a pointer stored relative to `base` (SXE_PTR_REL) and made absolute again (SXE_PTR_FIX). */
#define SXE_PTR_FIX(base, type, ptr_rel) ((type)(void *)((char *)(ptr_rel) + (size_t)(base)))
#define SXE_PTR_REL(base, type, ptr_fix) ((type)(void *)((char *)(ptr_fix) - (size_t)(base)))

/* The early-out convention: each function has at most one exit label, SXE_EARLY_OR_ERROR_OUT:, at its end, where
 * cleanup and the return log line live; `goto SXE_EARLY_OUT;` (nothing wrong, just done) and `goto SXE_ERROR_OUT;`
 * (something failed) both reach it. As in the classic header, SXE_EARLY_OR_ERROR_OUT defines the two labels
 * SXE_EARLY_OUT and SXE_ERROR_OUT (each reached by a jump of its own, so neither is reported unused). A function may
 * instead have labels SXE_EARLY_OUT: and SXE_ERROR_OUT: of its own, without SXE_EARLY_OR_ERROR_OUT.
 */
#define SXE_EARLY_OR_ERROR_OUT                                                                                         \
    goto SXE_EARLY_OUT;                                                                                                \
    SXE_EARLY_OUT:                                                                                                     \
    goto SXE_ERROR_OUT;                                                                                                \
    SXE_ERROR_OUT

/* For those who like their bools to be SXE (classic). */
typedef bool SXE_BOOL;
#define SXE_FALSE false
#define SXE_TRUE  true

/* ---- time ------------------------------------------------------------------------------------------------------ */

/* Returns the time in seconds (with nanosecond resolution) from CLOCK_MONOTONIC: it never jumps when the wall clock
 * is changed, so use it for timeouts and durations; it is not a date (classic SXE returned the wall clock here: for
 * dates use sxe_time_get() of sxe-time.h, or time()). Allocates nothing, never fails.
 */
double sxe_get_time_in_seconds(void);

/* ---- strings --------------------------------------------------------------------------------------------------- */

/* Finds the first occurrence of the NUL-terminated string `needle` in `haystack`, reading at most `n` bytes of
 * `haystack`. The haystack ends after `n` bytes or at its first NUL byte, whichever comes first (BSD strnstr
 * semantics): a match never extends past either, so `n` may safely exceed the length of a terminated string, and
 * bytes after an embedded NUL are never searched (use memmem() for binary data). Returns a pointer into haystack
 * at the match, `haystack` itself when needle is empty, or NULL when there is no match. A NULL haystack or needle
 * returns NULL and logs an error naming the function.
 */
char *sxe_strnstr(const char *haystack, const char *needle, unsigned n);

/* Same as sxe_strnstr(), but ASCII letters compare case-insensitively (locale independent). */
char *sxe_strncasestr(const char *haystack, const char *needle, unsigned n);

/* The last occurrence of `needle` in the first `haystack_length` bytes of `haystack` (NUL bytes in the haystack are
 * ordinary bytes here), or NULL. An empty needle returns haystack + haystack_length. NULL arguments: NULL.
 */
char *sxe_rstrnstr(const char *haystack, const char *needle, unsigned haystack_length);

/* The first byte equal to `c` in the first `n` bytes of `buf` (stopping at a NUL byte), or NULL. NULL buf: NULL. */
char *sxe_strnchr(const char *buf, char c, unsigned n);

/* The first byte of the first `n` bytes of `buf` (stopping at a NUL byte) that is one of the bytes of `reject`, or
 * NULL (unlike strcspn(), a pointer, not a length). NULL arguments: NULL.
 */
char *sxe_strncspn(const char *buf, const char *reject, unsigned n);

/* Copy the NUL-terminated `source` into `destination` of `size` bytes, always NUL-terminating it when size > 0 (the
 * copy is cut to size - 1 bytes). Returns strlen(source): a result >= size means the copy was cut. size 0 writes
 * nothing. NULL source: 0 and nothing written; NULL destination with size > 0: strlen(source), nothing written.
 */
size_t sxe_strlcpy(char *destination, const char *source, size_t size);

/* Append `source` to the NUL-terminated string in `destination` of `size` bytes, NUL-terminating the result (cut to
 * size - 1 bytes). Returns the length the whole concatenation has (strlen(destination) + strlen(source)); when
 * destination holds no NUL within size bytes, size + strlen(source) and nothing is written. NULL as sxe_strlcpy().
 */
size_t sxe_strlcat(char *destination, const char *source, size_t size);

/* Encode the first `length` bytes of `string` (stopping at a NUL byte) into `buffer` of `size` bytes for log lines
 * and other space-separated text: a space becomes '_'; '_', '=', other white space and bytes outside 0x21..0x7e
 * become "=XX" (two upper-case hex digits); others are copied. NUL-terminated. Returns buffer, or NULL when the
 * encoding (with its NUL) does not fit in size bytes (buffer then holds a cut encoding) or an argument is NULL.
 */
char *sxe_strn_encode(char *buffer, unsigned size, const char *string, unsigned length);

/* `str` itself when it holds only printable ASCII (spaces included); otherwise a copy in which every other byte is
 * written "\xhh", cut after SXE_STR_PRINTABLE_LENGTH_MAXIMUM bytes and then ending with "...", in one of
 * SXE_STR_PRINTABLE_SIMULTANEOUSLY rotating buffers of the calling thread (valid until that many more calls on the
 * thread). Does not log (it is meant for log lines). NULL returns NULL.
 */
#define SXE_STR_PRINTABLE_SIMULTANEOUSLY 10
#define SXE_STR_PRINTABLE_LENGTH_MAXIMUM 1020
const char *sxe_str_to_printable(const char *str);

/* rot13: letters rotated by 13, digits and everything else unchanged (classic table, including '-' and '.'). */
#define SXE_ROT13_CHAR(character) (sxe_rot13_char[(unsigned char)(character)])
extern unsigned char sxe_rot13_char[256];

/* rot13 the first `length` bytes of `string` in place, stopping at a NUL byte. Returns string (NULL: NULL). */
char *sxe_strn_rot13_in_place(char *string, unsigned length);

/* rot13 the first `length` bytes of `string` into `buffer` (at least `length` bytes), stopping after copying a NUL
 * byte (buffer is not NUL-terminated when string has no NUL in its first `length` bytes). Returns buffer; NULL
 * arguments: NULL.
 */
char *sxe_strn_rot13(char *buffer, const char *string, unsigned length);

/* The value of the rot13 of a hex number ("nopqrs" stand for "abcdef") in the first text_length bytes of `text`
 * (stopping at a NUL byte); SXE_UNSIGNED_MAXIMUM when a byte is not a rot13 hex digit or text is NULL.
 */
unsigned sxe_rot13_hex_to_unsigned(const char *text, unsigned text_length);

/* ---- hex ------------------------------------------------------------------------------------------------------- */

/* The value of the hex number in the first hex_length_maximum bytes of `hex` (stopping at a NUL byte); "" is 0;
 * SXE_UNSIGNED_MAXIMUM when a byte is not a hex digit or hex is NULL. More than 8 digits keep the low 32 bits.
 */
unsigned sxe_hex_to_unsigned(const char *hex, unsigned hex_length_maximum);

/* Convert `hex_length` hex digits (an even number) into hex_length / 2 bytes. Returns SXE_RETURN_OK;
 * SXE_RETURN_ERROR_INVALID (logged at level 3) for a byte that is not a hex digit (bytes before it are converted),
 * an odd hex_length or a NULL argument.
 */
SXE_RETURN sxe_hex_to_bytes(unsigned char *bytes, const char *hex, unsigned hex_length);

/* Write the 2 * size lower-case hex digits of `bytes` to `hex`, WITHOUT a terminating NUL (classic). Returns hex; NULL
 * arguments: NULL, nothing written.
 */
char *sxe_hex_from_bytes(char *hex, const unsigned char *bytes, unsigned size);

/* A SHA-1 digest (20 bytes). */
typedef struct SXE_SHA1 {
    uint32_t word[5];
} SXE_SHA1;

/* Read 40 hex digits into *sha1. Returns SXE_RETURN_OK or SXE_RETURN_ERROR_INVALID (as sxe_hex_to_bytes()). */
SXE_RETURN sxe_sha1_from_hex(SXE_SHA1 *sha1, const char *sha1_in_hex);

/* ---- numbers --------------------------------------------------------------------------------------------------- */

unsigned sxe_unsigned_log2(unsigned number); /* floor(log2(number)); 0 for 0 and 1 */
unsigned sxe_unsigned_mask(unsigned number); /* all bits up to the highest set bit of number; 1 for 0 */
unsigned sxe_uint64_log2(uint64_t value);    /* floor(log2(value)); 0 for 0 and 1 */
uint64_t sxe_uint64_align(uint64_t value, uint64_t multiple); /* value rounded up to a multiple; value when 0 */

/* ---- files ----------------------------------------------------------------------------------------------------- */

/* Create the directory `path` and any missing parents (mode 0777 & ~umask), like mkdir -p; runs no shell. Returns
 * SXE_RETURN_OK when it exists afterwards (also when it already did), else SXE_RETURN_ERROR_INTERNAL (logged at level
 * 3, with errno set by the failing mkdir or stat: e.g. a component that is a file). NULL or "": ERROR_INVALID.
 */
SXE_RETURN sxe_mkpath(const char *path);

/* Set RLIMIT_NOFILE (the descriptor limit) of this process to `limit`, soft and hard. Returns SXE_RETURN_OK, or
 * SXE_RETURN_ERROR_INTERNAL (logged at level 3) when setrlimit() refuses (raising the hard limit needs privilege).
 */
SXE_RETURN sxe_set_file_limit(const unsigned limit);

typedef struct stat SXE_STAT;

/* stat() `file` into *status. Returns status, or NULL (logged at level 4) when the file cannot be stat'ed or an
 * argument is NULL.
 */
SXE_STAT *sxe_stat(SXE_STAT *status, const char *file);
time_t sxe_stat_get_time_modification(SXE_STAT *status); /* st_mtime; 0 for NULL (sxe_stat() failed) */
off_t sxe_stat_get_file_size(SXE_STAT *status);          /* st_size; 0 for NULL */

#ifdef __cplusplus
}
#endif

#endif
