/* sxe-http.h: a zero-copy, incremental, allocation-free HTTP/1.x parser.
 *
 * Request heads, response heads and chunked bodies. The parser never copies and never allocates: the parsed
 * structs point into the caller's buffer, which must stay unchanged while those pointers are used. Head parsing is
 * stateless: call again with the whole (grown) buffer after more bytes arrive. Chunked decoding keeps a small state
 * struct and consumes any split of the body. Depends on libc only. The exact acceptance rules (what is 400, 414,
 * 431, 505, 501; bare LF; duplicate Content-Length; ...) are in lib-sxe-http/README.md.
 *
 * Return contract shared by every parse function:
 *     > 0 (or >= 0 for chunked)  bytes consumed
 *     SXE_HTTP_NEED_MORE         the input is a valid but incomplete prefix: call again with more bytes
 *     other < 0                  an SXE_HTTP_ERROR_* code; sxe_http_error_to_status() maps it to an HTTP status
 *
 * Misuse never crashes and never logs (the library does not log at all): a NULL struct, a NULL buffer with a length
 * above 0 or a NULL headers array with header_max above 0 returns SXE_HTTP_ERROR_BAD_PARAMETER (status 500: a bug in
 * the caller, not in the peer's bytes); each function below says what it does with NULL. A NULL buffer with length
 * 0 is an empty input.
 */

#ifndef SXE_HTTP_H
#define SXE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SXE_HTTP_ERROR_BAD_REQUEST     (-1) /* 400: malformed syntax or framing (also: malformed response/chunk) */
#define SXE_HTTP_NEED_MORE             (-2) /* not an error: incomplete input, read more and call again           */
#define SXE_HTTP_ERROR_URI_TOO_LONG    (-3) /* 414: request line not terminated within head_max bytes             */
#define SXE_HTTP_ERROR_HEAD_TOO_LARGE  (-4) /* 431: head > head_max, > header_max fields, or trailers > trailer_max */
#define SXE_HTTP_ERROR_VERSION         (-5) /* 505: well-formed version whose major is not 1 (HTTP/1.2: as 1.1)  */
#define SXE_HTTP_ERROR_NOT_IMPLEMENTED (-6) /* 501: request Transfer-Encoding with a coding other than chunked      */
#define SXE_HTTP_ERROR_BAD_PARAMETER   (-7) /* 500: the caller's bug, not the peer's: NULL struct, NULL buffer ... */
#define SXE_HTTP_ERROR_MALFORMED       SXE_HTTP_ERROR_BAD_REQUEST /* the same code, named for responses/bodies  */

#define SXE_HTTP_HEAD_MAX_DEFAULT    8192 /* suggested head_max (bytes, request/status line + fields + CRLF)  */
#define SXE_HTTP_HEADER_MAX_DEFAULT  64   /* suggested header_max (number of header fields)                   */
#define SXE_HTTP_TRAILER_MAX_DEFAULT 8192 /* suggested trailer_max for sxe_http_chunked_init() (bytes)         */
#define SXE_HTTP_CHUNK_LINE_MAX      4096 /* fixed limit: a chunk-size line incl. extensions and CRLF (bytes) */

typedef enum SXE_HTTP_METHOD {
    SXE_HTTP_METHOD_UNKNOWN = 0, /* a syntactically valid token that is not one of these (e.g. "get"): answer 501 */
    SXE_HTTP_METHOD_GET,
    SXE_HTTP_METHOD_HEAD,
    SXE_HTTP_METHOD_POST,
    SXE_HTTP_METHOD_PUT,
    SXE_HTTP_METHOD_DELETE,
    SXE_HTTP_METHOD_OPTIONS,
    SXE_HTTP_METHOD_TRACE,
    SXE_HTTP_METHOD_CONNECT,
    SXE_HTTP_METHOD_PATCH,
    SXE_HTTP_METHOD_NUMBER_OF_METHODS
} SXE_HTTP_METHOD;

typedef enum SXE_HTTP_BODY {
    SXE_HTTP_BODY_NONE = 0,       /* no body follows the head                                              */
    SXE_HTTP_BODY_LENGTH,         /* exactly content_length bytes follow (may be 0)                        */
    SXE_HTTP_BODY_CHUNKED,        /* a chunked body follows: feed it to sxe_http_chunked_decode()          */
    SXE_HTTP_BODY_CLOSE_DELIMITED /* responses only: the body runs until the server closes the connection */
} SXE_HTTP_BODY;

typedef struct SXE_HTTP_HEADER {
    const char *name; /* points into the caller's buffer; not NUL terminated; original case            */
    unsigned name_len;
    const char *value; /* leading and trailing SP/HTAB removed; may be empty (value_len 0)              */
    unsigned value_len;
} SXE_HTTP_HEADER;

/* Before calling sxe_http_parse_request(), the caller sets `headers` (an array it owns) and `header_max` (its
 * number of elements). Every other field is output, reset on each call; pointers point into the parsed buffer.
 */
typedef struct SXE_HTTP_REQUEST {
    SXE_HTTP_HEADER *headers; /* in: caller's array                                               */
    unsigned header_max;      /* in: capacity of headers; one more field -> HEAD_TOO_LARGE (431)  */
    unsigned header_count;    /* out: fields stored in headers[0 .. header_count - 1]             */
    const char *method;       /* e.g. "GET"; case-sensitive token                                 */
    unsigned method_len;
    SXE_HTTP_METHOD method_id;
    const char *target; /* request-target as sent, e.g. "/a%20b?x=1" (not decoded)          */
    unsigned target_len;
    unsigned version_minor;  /* 0 or 1 (major always 1; HTTP/1.2 .. 1.9 are handled as 1.1: 1)   */
    uint64_t content_length; /* valid when has_content_length                                    */
    const char *host;        /* Host field value, NULL when absent                               */
    unsigned host_len;
    SXE_HTTP_BODY body_kind; /* NONE, LENGTH or CHUNKED                                          */
    bool has_content_length;
    bool has_transfer_encoding;
    bool is_chunked;            /* Transfer-Encoding: chunked (the only coding accepted)            */
    bool connection_close;      /* "close" token in Connection                                      */
    bool connection_keep_alive; /* "keep-alive" token in Connection                                 */
    bool connection_upgrade;    /* "upgrade" token in Connection                                    */
    bool expect_continue;       /* Expect: 100-continue                                             */
    bool keep_alive;            /* digested: 1.1 and not close, or 1.0 with keep-alive and not close */
} SXE_HTTP_REQUEST;

/* Same convention as SXE_HTTP_REQUEST: the caller sets `headers` and `header_max`, the rest is output. */
typedef struct SXE_HTTP_RESPONSE {
    SXE_HTTP_HEADER *headers; /* in: caller's array                                               */
    unsigned header_max;      /* in: capacity of headers; one more field -> HEAD_TOO_LARGE        */
    unsigned header_count;    /* out                                                              */
    unsigned version_minor;   /* any HTTP/1.x digit is accepted                                   */
    unsigned status;          /* 100 .. 999                                                       */
    const char *reason;       /* may be empty                                                     */
    unsigned reason_len;
    uint64_t content_length; /* valid when has_content_length                                    */
    SXE_HTTP_BODY body_kind; /* NONE (HEAD, 1xx, 204, 304), LENGTH, CHUNKED or CLOSE_DELIMITED  */
    bool has_content_length;
    bool has_transfer_encoding;
    bool is_chunked; /* body_kind == SXE_HTTP_BODY_CHUNKED (or would be, but for NONE)   */
    bool connection_close;
    bool connection_keep_alive;
    bool keep_alive; /* digested: the connection can carry another request afterwards     */
} SXE_HTTP_RESPONSE;

/* Chunked body decoder state: caller-owned, initialise with sxe_http_chunked_init(). Fields are read-only. */
typedef struct SXE_HTTP_CHUNKED {
    uint64_t remaining;  /* read-only: data bytes left in the current chunk                              */
    uint64_t data_total; /* read-only: body data bytes delivered so far (excludes framing and trailers)  */
    size_t trailer_max;  /* read-only: limit on the trailer field lines, bytes (not the final CRLF)      */
    size_t line_len;     /* private: bytes of the current chunk-size line or of the trailer section      */
    unsigned state;      /* private                                                                       */
    bool done;           /* read-only: true once the last chunk and the trailer section were consumed    */
} SXE_HTTP_CHUNKED;

/* Parse a request head from buf[0 .. len). Reads at most min(len, head_max) bytes; never reads buf[len].
 * Returns the head length (> 0, including optional leading empty lines and the final empty line: the body or the
 * next pipelined request starts there), SXE_HTTP_NEED_MORE, or 400/414/431/505/501 SXE_HTTP_ERROR_* codes.
 * SXE_HTTP_ERROR_BAD_PARAMETER for a NULL req, a NULL buf with len > 0 or NULL req->headers with header_max > 0.
 */
int sxe_http_parse_request(const char *buf, size_t len, SXE_HTTP_REQUEST *req, size_t head_max);

/* Parse a response head from buf[0 .. len); request_was_head makes body_kind NONE. Same return contract: head
 * length (> 0), SXE_HTTP_NEED_MORE, SXE_HTTP_ERROR_MALFORMED, _VERSION (not HTTP/1.x) or _HEAD_TOO_LARGE.
 * A 1xx interim response parses like any other: skip its head and parse the final response after it.
 * SXE_HTTP_ERROR_BAD_PARAMETER for a NULL resp, a NULL buf with len > 0 or NULL resp->headers with header_max > 0.
 */
int sxe_http_parse_response(const char *buf, size_t len, SXE_HTTP_RESPONSE *resp, size_t head_max,
                            bool request_was_head);

/* Prepare state for a new chunked body; trailer_max bounds the trailer field bytes (0: no trailer fields). NULL is
 * ignored.
 */
void sxe_http_chunked_init(SXE_HTTP_CHUNKED *state, size_t trailer_max);

/* Consume chunked body bytes buf[0 .. len): returns bytes consumed (>= 0; 0 only when len == 0 or already done) or
 * SXE_HTTP_ERROR_MALFORMED / _HEAD_TOO_LARGE (trailers); body data within them is buf[*data_offset .. + *data_len).
 * Each call returns at most one run of data (call again with the rest); it consumes nothing past the end of the
 * body, so when state->done the bytes after the returned count belong to the next message. Never needs more than
 * the bytes given: partial framing is remembered in state. After an error every further call returns
 * SXE_HTTP_ERROR_MALFORMED until sxe_http_chunked_init() is called again. SXE_HTTP_ERROR_BAD_PARAMETER (state
 * unchanged) for a NULL state, data_offset or data_len, or a NULL buf with len > 0.
 */
int sxe_http_chunked_decode(SXE_HTTP_CHUNKED *state, const char *buf, size_t len, size_t *data_offset,
                            size_t *data_len);

/* Percent-decode a path (pass only the path: the target up to '?'). '+' is left as is. out may equal in.
 * Returns the decoded length (out is NUL terminated), SXE_HTTP_ERROR_BAD_REQUEST on a malformed escape, "%00" or
 * a raw NUL, or SXE_HTTP_ERROR_URI_TOO_LONG when out_size cannot hold the result and its NUL terminator.
 * SXE_HTTP_ERROR_BAD_PARAMETER for a NULL in with len > 0 or a NULL out with out_size > 0.
 */
int sxe_http_url_decode_path(const char *in, size_t len, char *out, size_t out_size);

/* Find the first header named name (NUL terminated, case-insensitive). Returns a pointer into headers or NULL (also
 * for NULL headers or a NULL name).
 */
const SXE_HTTP_HEADER *sxe_http_header_find(const SXE_HTTP_HEADER *headers, unsigned count, const char *name);

/* Map a method token (case-sensitive, e.g. "GET", len 3) to its id; SXE_HTTP_METHOD_UNKNOWN when not known (or
 * NULL).
 */
SXE_HTTP_METHOD sxe_http_method_from_string(const char *method, size_t len);

/* Name of a method id ("GET"...); "UNKNOWN" for SXE_HTTP_METHOD_UNKNOWN or out of range values. Static string. */
const char *sxe_http_method_to_string(SXE_HTTP_METHOD method);

/* Standard reason phrase for a status code ("Not Found"); "Unknown" for codes it does not know. Static string. */
const char *sxe_http_status_reason(unsigned status);

/* HTTP status for an SXE_HTTP_ERROR_* code (400, 414, 431, 505, 501); 500 for anything else (BAD_PARAMETER too). */
unsigned sxe_http_error_to_status(int error);

/* Name of a return code ("SXE_HTTP_NEED_MORE", "SXE_HTTP_ERROR_BAD_REQUEST", ...); "SXE_HTTP_OK" for >= 0. */
const char *sxe_http_error_to_string(int error);

#ifdef __cplusplus
}
#endif

#endif
