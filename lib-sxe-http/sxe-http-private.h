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
#define SXE_HTTP_CLASS_HOST   0x10 /* Host value (RFC 3986 uri-host [":" port]): ALPHA DIGIT -._~%!$&'()*+,;=:[] */

extern const unsigned char sxe_http_char_class[256];

#define SXE_HTTP_IS(class, c) ((sxe_http_char_class[(unsigned char)(c)] & (class)) != 0)

#endif
