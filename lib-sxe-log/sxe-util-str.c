/* sxe-util-str.c: the classic string helpers of sxe-util.h: bounded searches, strlcpy/strlcat, encoding for log
 * lines, printable copies and rot13.
 */
#include <string.h>

#include "sxe-log.h"

/* Logs a NULL argument of `function` at level 2. */
static void __attribute__((cold, noinline)) sxe_util_null(const char *function)
{
    SXEL2("%s(): NULL argument", function);
}

char *sxe_rstrnstr(const char *haystack, const char *needle, unsigned haystack_length)
{
    size_t needle_length;

    if (haystack == NULL || needle == NULL) {
        sxe_util_null("sxe_rstrnstr");
        return NULL;
    }

    if ((needle_length = strlen(needle)) > haystack_length) {
        return NULL;
    }

    for (size_t start = haystack_length - needle_length + 1; start-- > 0;) {
        if (memcmp(haystack + start, needle, needle_length) == 0) {
            return (char *)(uintptr_t)(haystack + start);
        }
    }

    return NULL;
}

char *sxe_strnchr(const char *buf, char c, unsigned n)
{
    if (buf == NULL) {
        sxe_util_null("sxe_strnchr");
        return NULL;
    }

    for (unsigned i = 0; i < n && buf[i] != '\0'; i++) {
        if (buf[i] == c) {
            return (char *)(uintptr_t)&buf[i];
        }
    }

    return NULL;
}

char *sxe_strncspn(const char *buf, const char *reject, unsigned n)
{
    if (buf == NULL || reject == NULL) {
        sxe_util_null("sxe_strncspn");
        return NULL;
    }

    for (unsigned i = 0; i < n && buf[i] != '\0'; i++) {
        if (strchr(reject, buf[i]) != NULL) {
            return (char *)(uintptr_t)&buf[i];
        }
    }

    return NULL;
}

size_t sxe_strlcpy(char *destination, const char *source, size_t size)
{
    size_t length;

    if (source == NULL || (destination == NULL && size > 0)) {
        sxe_util_null("sxe_strlcpy");
        return source == NULL ? 0 : strlen(source);
    }

    length = strlen(source);

    if (size > 0) {
        size_t copy = length < size ? length : size - 1;

        memcpy(destination, source, copy);
        destination[copy] = '\0';
    }

    return length;
}

size_t sxe_strlcat(char *destination, const char *source, size_t size)
{
    size_t used;

    if (source == NULL || (destination == NULL && size > 0)) {
        sxe_util_null("sxe_strlcat");
        return source == NULL ? 0 : strlen(source);
    }

    used = size > 0 ? strnlen(destination, size) : 0;

    if (used == size) { /* no NUL in destination: nothing can be appended */
        return size + strlen(source);
    }

    return used + sxe_strlcpy(destination + used, source, size - used);
}

/* Bytes copied as they are by sxe_strn_encode(). */
static bool sxe_encode_as_is(unsigned char c)
{
    return c > 0x20 && c < 0x7f && c != '_' && c != '=';
}

char *sxe_strn_encode(char *buffer, unsigned size, const char *string, unsigned length)
{
    static const char hex[] = "0123456789ABCDEF";
    unsigned out = 0;
    unsigned i;

    if (buffer == NULL || string == NULL || size == 0) {
        if (buffer == NULL || string == NULL) {
            sxe_util_null("sxe_strn_encode");
        }

        return NULL;
    }

    for (i = 0; i < length && string[i] != '\0'; i++) {
        unsigned char c = (unsigned char)string[i];
        unsigned need = c == ' ' || sxe_encode_as_is(c) ? 1 : 3;

        if (out + need >= size) {
            buffer[out] = '\0';
            return NULL;
        }

        if (need == 3) {
            buffer[out++] = '=';
            buffer[out++] = hex[c >> 4];
            buffer[out++] = hex[c & 0xF];
        } else {
            buffer[out++] = c == ' ' ? '_' : (char)c;
        }
    }

    buffer[out] = '\0';
    return buffer;
}

static bool sxe_is_printable(unsigned char c)
{
    return c >= 0x20 && c < 0x7f;
}

const char *sxe_str_to_printable(const char *str)
{
    static __thread char buffers[SXE_STR_PRINTABLE_SIMULTANEOUSLY][SXE_STR_PRINTABLE_LENGTH_MAXIMUM * 4 + 4];
    static __thread unsigned next;
    static const char hex[] = "0123456789abcdef";
    char *out;
    unsigned to = 0;
    size_t from;

    if (str == NULL) {
        return NULL;
    }

    for (from = 0; str[from] != '\0' && sxe_is_printable((unsigned char)str[from]); from++) {
    }

    if (str[from] == '\0') {
        return str;
    }

    out = buffers[next];
    next = (next + 1) % SXE_STR_PRINTABLE_SIMULTANEOUSLY;

    for (from = 0; str[from] != '\0' && from < SXE_STR_PRINTABLE_LENGTH_MAXIMUM; from++) {
        unsigned char c = (unsigned char)str[from];

        if (sxe_is_printable(c)) {
            out[to++] = (char)c;
        } else {
            out[to++] = '\\';
            out[to++] = 'x';
            out[to++] = hex[c >> 4];
            out[to++] = hex[c & 0xF];
        }
    }

    memcpy(out + to, str[from] != '\0' ? "..." : "", str[from] != '\0' ? sizeof("...") : 1);
    return out;
}

/* ---- rot13 ----------------------------------------------------------------------------------------------------- */

/* Letters rotated by 13; every other byte maps to itself. */
unsigned char sxe_rot13_char[256] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12,
    0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25,
    0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38,
    0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x4e, 0x4f, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58,
    0x59, 0x5a, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x5b, 0x5c, 0x5d, 0x5e,
    0x5f, 0x60, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x61, 0x62, 0x63, 0x64,
    0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84,
    0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
    0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa,
    0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd,
    0xbe, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd0,
    0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xe1, 0xe2, 0xe3,
    0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6,
    0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
};

char *sxe_strn_rot13_in_place(char *string, unsigned length)
{
    if (string == NULL) {
        sxe_util_null("sxe_strn_rot13_in_place");
        return NULL;
    }

    for (unsigned i = 0; i < length && string[i] != '\0'; i++) {
        string[i] = (char)SXE_ROT13_CHAR(string[i]);
    }

    return string;
}

char *sxe_strn_rot13(char *buffer, const char *string, unsigned length)
{
    if (buffer == NULL || string == NULL) {
        sxe_util_null("sxe_strn_rot13");
        return NULL;
    }

    for (unsigned i = 0; i < length; i++) {
        buffer[i] = (char)SXE_ROT13_CHAR(string[i]);

        if (string[i] == '\0') {
            break;
        }
    }

    return buffer;
}

unsigned sxe_rot13_hex_to_unsigned(const char *text, unsigned text_length)
{
    unsigned result = 0;

    if (text == NULL) {
        sxe_util_null("sxe_rot13_hex_to_unsigned");
        return SXE_UNSIGNED_MAXIMUM;
    }

    for (unsigned i = 0; i < text_length && text[i] != '\0'; i++) {
        unsigned char c = (unsigned char)text[i];
        unsigned nibble = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                          : c >= 'n' && c <= 's' ? (unsigned)(c - 'n' + 10)
                          : c >= 'N' && c <= 'S' ? (unsigned)(c - 'N' + 10)
                                                 : 16;

        if (nibble == 16) {
            return SXE_UNSIGNED_MAXIMUM;
        }

        result = result << 4 | nibble;
    }

    return result;
}
