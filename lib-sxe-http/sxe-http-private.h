/* sxe-http-private.h: character classes and helpers shared by the lib-sxe-http sources. Not installed. */

#ifndef SXE_HTTP_PRIVATE_H
#define SXE_HTTP_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include "sxe-http.h"

#define SXE_HTTP_CLASS_TOKEN  0x01 /* tchar (RFC 9110 5.6.2): method and field-name characters               */
#define SXE_HTTP_CLASS_VALUE  0x02 /* field-value / reason-phrase: HTAB, SP, VCHAR, obs-text (no CTL, no DEL) */
#define SXE_HTTP_CLASS_TARGET 0x04 /* request-target: VCHAR and obs-text (no SP, no CTL, no DEL)             */
#define SXE_HTTP_CLASS_HEX    0x08 /* HEXDIG                                                                  */

extern const unsigned char sxe_http_char_class[256];

#define SXE_HTTP_IS(class, c) ((sxe_http_char_class[(unsigned char)(c)] & (class)) != 0)

/* Case-insensitive comparison of s[0 .. len) with a lowercase literal of the same length. */
static inline bool
sxe_http_equal_lower(const char * s, size_t len, const char * lower, size_t lower_len)
{
    if (len != lower_len) {
        return false;
    }

    for (size_t i = 0; i < len; i++) {
        char c = s[i];

        if (c >= 'A' && c <= 'Z') {
            c = (char)(c + ('a' - 'A'));
        }

        if (c != lower[i]) {
            return false;
        }
    }

    return true;
}

#define SXE_HTTP_EQUAL_LOWER(s, len, literal) sxe_http_equal_lower((s), (len), literal, sizeof(literal) - 1)

#endif
