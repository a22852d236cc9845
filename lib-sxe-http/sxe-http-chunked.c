/* sxe-http-chunked.c: incremental, zero-copy decoder for the chunked transfer coding (RFC 9112 7.1).
 *
 * Framing is strict: every line ends in CRLF (a bare LF is an error, unlike in heads, because lenient chunk
 * framing is a classic request smuggling vector). Chunk extensions are checked for stray control bytes and
 * ignored. Trailer fields are checked line by line (no bare CR/LF, no NUL, no obs-fold) and skipped.
 */

#include <limits.h>

#include "sxe-http-private.h"

enum SXE_HTTP_CHUNKED_STATE {
    SXE_HTTP_CHUNKED_SIZE_FIRST = 0, /* first hex digit of a chunk size         */
    SXE_HTTP_CHUNKED_SIZE,           /* more hex digits                         */
    SXE_HTTP_CHUNKED_SIZE_BWS,       /* whitespace after the size: ';' must follow */
    SXE_HTTP_CHUNKED_EXTENSION,      /* ";name=value...", ignored               */
    SXE_HTTP_CHUNKED_SIZE_LF,        /* LF of the chunk-size line               */
    SXE_HTTP_CHUNKED_DATA,
    SXE_HTTP_CHUNKED_DATA_CR,
    SXE_HTTP_CHUNKED_DATA_LF,
    SXE_HTTP_CHUNKED_TRAILER_START, /* start of a trailer line or the final CRLF */
    SXE_HTTP_CHUNKED_TRAILER_LINE,
    SXE_HTTP_CHUNKED_TRAILER_LF,
    SXE_HTTP_CHUNKED_END_LF, /* LF of the final CRLF                    */
    SXE_HTTP_CHUNKED_DONE,   /* the body is complete                    */
    SXE_HTTP_CHUNKED_ERROR   /* sticky: an error was returned           */
};

void sxe_http_chunked_init(SXE_HTTP_CHUNKED *state, size_t trailer_max)
{
    if (state == NULL) {
        return;
    }

    state->remaining = 0;
    state->data_total = 0;
    state->trailer_max = trailer_max;
    state->line_len = 0;
    state->state = SXE_HTTP_CHUNKED_SIZE_FIRST;
    state->done = false;
}

static inline unsigned sxe_http_hex_value(char c)
{
    return c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
}

/* The chunk-size line: 1*HEXDIG [BWS ";" extension] CRLF. Returns 0 or SXE_HTTP_ERROR_MALFORMED. */
static int sxe_http_chunked_size_byte(SXE_HTTP_CHUNKED *state, char c)
{
    if (++state->line_len > SXE_HTTP_CHUNK_LINE_MAX) {
        return SXE_HTTP_ERROR_MALFORMED;
    }

    switch (state->state) {
        case SXE_HTTP_CHUNKED_SIZE_FIRST:
        case SXE_HTTP_CHUNKED_SIZE:
            if (SXE_HTTP_IS(SXE_HTTP_CLASS_HEX, c)) {
                if (state->remaining >> 59) {
                    return SXE_HTTP_ERROR_MALFORMED; /* the size would pass 2^63 - 1 */
                }

                state->remaining = state->remaining << 4 | sxe_http_hex_value(c);
                state->state = SXE_HTTP_CHUNKED_SIZE;
                return 0;
            }

            if (state->state == SXE_HTTP_CHUNKED_SIZE_FIRST) {
                return SXE_HTTP_ERROR_MALFORMED;
            }

            state->state = c == '\r'               ? SXE_HTTP_CHUNKED_SIZE_LF
                           : c == ';'              ? SXE_HTTP_CHUNKED_EXTENSION
                           : c == ' ' || c == '\t' ? SXE_HTTP_CHUNKED_SIZE_BWS
                                                   : SXE_HTTP_CHUNKED_ERROR;
            break;

        case SXE_HTTP_CHUNKED_SIZE_BWS:
            state->state = c == ';'                ? SXE_HTTP_CHUNKED_EXTENSION
                           : c == ' ' || c == '\t' ? SXE_HTTP_CHUNKED_SIZE_BWS
                                                   : SXE_HTTP_CHUNKED_ERROR;
            break;

        case SXE_HTTP_CHUNKED_EXTENSION:
            state->state = c == '\r'                              ? SXE_HTTP_CHUNKED_SIZE_LF
                           : SXE_HTTP_IS(SXE_HTTP_CLASS_VALUE, c) ? SXE_HTTP_CHUNKED_EXTENSION
                                                                  : SXE_HTTP_CHUNKED_ERROR;
            break;

        default: /* SXE_HTTP_CHUNKED_SIZE_LF */
            state->state = c != '\n'          ? SXE_HTTP_CHUNKED_ERROR
                           : state->remaining ? SXE_HTTP_CHUNKED_DATA
                                              : SXE_HTTP_CHUNKED_TRAILER_START;
            state->line_len = 0;
            break;
    }

    return state->state == SXE_HTTP_CHUNKED_ERROR ? SXE_HTTP_ERROR_MALFORMED : 0;
}

/* The CRLF after each chunk's data, and the trailer section. Returns 0 or an error. */
static int sxe_http_chunked_other_byte(SXE_HTTP_CHUNKED *state, char c)
{
    unsigned next;
    bool trailer_byte;

    switch (state->state) {
        case SXE_HTTP_CHUNKED_DATA_CR:
            next = c == '\r' ? SXE_HTTP_CHUNKED_DATA_LF : SXE_HTTP_CHUNKED_ERROR;
            break;
        case SXE_HTTP_CHUNKED_DATA_LF:
            next = c == '\n' ? SXE_HTTP_CHUNKED_SIZE_FIRST : SXE_HTTP_CHUNKED_ERROR;
            break;
        case SXE_HTTP_CHUNKED_TRAILER_LF:
            next = c == '\n' ? SXE_HTTP_CHUNKED_TRAILER_START : SXE_HTTP_CHUNKED_ERROR;
            break;
        case SXE_HTTP_CHUNKED_END_LF:
            next = c == '\n' ? SXE_HTTP_CHUNKED_DONE : SXE_HTTP_CHUNKED_ERROR;
            break;

        case SXE_HTTP_CHUNKED_TRAILER_START: /* a field name (not whitespace: no obs-fold) or the final CRLF */
            next = c == '\r'                              ? SXE_HTTP_CHUNKED_END_LF
                   : SXE_HTTP_IS(SXE_HTTP_CLASS_TOKEN, c) ? SXE_HTTP_CHUNKED_TRAILER_LINE
                                                          : SXE_HTTP_CHUNKED_ERROR;
            break;

        default: /* SXE_HTTP_CHUNKED_TRAILER_LINE */
            next = c == '\r'                              ? SXE_HTTP_CHUNKED_TRAILER_LF
                   : SXE_HTTP_IS(SXE_HTTP_CLASS_VALUE, c) ? SXE_HTTP_CHUNKED_TRAILER_LINE
                                                          : SXE_HTTP_CHUNKED_ERROR;
            break;
    }

    trailer_byte = next == SXE_HTTP_CHUNKED_TRAILER_LINE || next == SXE_HTTP_CHUNKED_TRAILER_LF ||
                   state->state == SXE_HTTP_CHUNKED_TRAILER_LF;
    state->state = next;
    state->done = next == SXE_HTTP_CHUNKED_DONE;

    if (next == SXE_HTTP_CHUNKED_ERROR) {
        return SXE_HTTP_ERROR_MALFORMED;
    }

    return trailer_byte && ++state->line_len > state->trailer_max ? SXE_HTTP_ERROR_HEAD_TOO_LARGE : 0;
}

int sxe_http_chunked_decode(SXE_HTTP_CHUNKED *state, const char *buf, size_t len, size_t *data_offset, size_t *data_len)
{
    size_t i = 0;
    int rc;

    if (__builtin_expect(data_offset == NULL || data_len == NULL, 0)) {
        return SXE_HTTP_ERROR_BAD_PARAMETER;
    }

    *data_offset = 0;
    *data_len = 0;

    if (__builtin_expect(state == NULL || (buf == NULL && len > 0), 0)) {
        return SXE_HTTP_ERROR_BAD_PARAMETER;
    }

    len = len > INT_MAX ? INT_MAX : len; /* the count must fit the return value */

    if (state->state == SXE_HTTP_CHUNKED_ERROR) {
        return SXE_HTTP_ERROR_MALFORMED; /* errors are sticky */
    }

    while (i < len && state->state < SXE_HTTP_CHUNKED_DONE) {
        if (state->state == SXE_HTTP_CHUNKED_DATA) { /* hand back one run of data, without copying */
            size_t run = len - i < state->remaining ? len - i : (size_t)state->remaining;

            *data_offset = i;
            *data_len = run;
            state->remaining -= run;
            state->data_total += run;
            i += run;
            state->state = state->remaining ? SXE_HTTP_CHUNKED_DATA : SXE_HTTP_CHUNKED_DATA_CR;
            break;
        }

        rc = state->state <= SXE_HTTP_CHUNKED_SIZE_LF ? sxe_http_chunked_size_byte(state, buf[i])
                                                      : sxe_http_chunked_other_byte(state, buf[i]);

        if (rc != 0) {
            state->state = SXE_HTTP_CHUNKED_ERROR; /* sticky: further calls consume nothing */
            return rc;
        }

        i++;
    }

    return (int)i;
}
