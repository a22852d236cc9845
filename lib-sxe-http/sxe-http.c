/* sxe-http.c: request and response head parsing. The acceptance rules are listed in README.md.
 *
 * Every parse is stateless: it starts at buf[0] and scans forward once, never past min(len, head_max). A byte
 * that makes the input invalid is reported at once (even if the head is not complete yet); running out of bytes
 * is NEED_MORE unless the head_max limit is what ran out, which is 414 (still in the request line) or 431.
 */

#include <limits.h>
#include <string.h>

#include "sxe-http-private.h"

#define V  (SXE_HTTP_CLASS_VALUE | SXE_HTTP_CLASS_TARGET)
#define T  (V | SXE_HTTP_CLASS_TOKEN)
#define H  (T | SXE_HTTP_CLASS_HEX)

const unsigned char sxe_http_char_class[256] = {
    ['\t'] = SXE_HTTP_CLASS_VALUE, [' '] = SXE_HTTP_CLASS_VALUE,
    ['!'] = T, ['"'] = V, ['#'] = T, ['$'] = T, ['%'] = T, ['&'] = T, ['\''] = T, ['('] = V, [')'] = V,
    ['*'] = T, ['+'] = T, [','] = V, ['-'] = T, ['.'] = T, ['/'] = V, ['0' ... '9'] = H, [':' ... '@'] = V,
    ['A' ... 'F'] = H, ['G' ... 'Z'] = T, ['['] = V, ['\\'] = V, [']'] = V, ['^'] = T, ['_'] = T, ['`'] = T,
    ['a' ... 'f'] = H, ['g' ... 'z'] = T, ['{'] = V, ['|'] = T, ['}'] = V, ['~'] = T, [0x80 ... 0xFF] = V,
};

#undef V
#undef T
#undef H

#define SXE_HTTP_CONTENT_LENGTH_MAX ((uint64_t)INT64_MAX) /* larger values are rejected: they fit off_t */

/* What the fields said about framing and the connection; copied into the request or response at the end. */
typedef struct SXE_HTTP_FACTS {
    uint64_t     content_length;
    const char * host;
    unsigned     host_len;
    unsigned     host_count;
    unsigned     chunked_count;   /* "chunked" codings over all Transfer-Encoding fields */
    bool         has_content_length;
    bool         has_transfer_encoding;
    bool         chunked_last;    /* the last coding seen so far is "chunked"           */
    bool         other_coding;    /* a coding other than "chunked" was seen             */
    bool         connection_close;
    bool         connection_keep_alive;
    bool         connection_upgrade;
    bool         expect_continue;
} SXE_HTTP_FACTS;

static inline bool
sxe_http_is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* At p (< end) expect CRLF or a bare LF. Returns 0 and moves *pp past it, SXE_HTTP_NEED_MORE, or 400. */
static inline int
sxe_http_line_end(const char ** pp, const char * end)
{
    const char * p = *pp;

    if (*p == '\r') {
        if (++p == end) {
            return SXE_HTTP_NEED_MORE;
        }

        if (*p != '\n') {
            return SXE_HTTP_ERROR_BAD_REQUEST;    /* bare CR */
        }
    }
    else if (*p != '\n') {
        return SXE_HTTP_ERROR_BAD_REQUEST;
    }

    *pp = p + 1;
    return 0;
}

/* Expect "HTTP/" DIGIT "." DIGIT at *pp. Returns 0 (and the digits), SXE_HTTP_NEED_MORE or 400. */
static int
sxe_http_parse_version(const char ** pp, const char * end, unsigned * major, unsigned * minor)
{
    static const char pattern[] = "HTTP/9.9";    /* '9' stands for any digit */
    const char *      p         = *pp;

    for (unsigned i = 0; i < sizeof(pattern) - 1; i++, p++) {
        if (p == end) {
            return SXE_HTTP_NEED_MORE;
        }

        if (pattern[i] == '9' ? (*p < '0' || *p > '9') : *p != pattern[i]) {
            return SXE_HTTP_ERROR_BAD_REQUEST;
        }
    }

    *major = (unsigned)(p[-3] - '0');
    *minor = (unsigned)(p[-1] - '0');
    *pp    = p;
    return 0;
}

/* Iterate a comma separated list: returns where the next element starts; *element is trimmed, maybe empty. */
static const char *
sxe_http_list_next(const char * p, const char * end, const char ** element, size_t * element_len)
{
    const char * start;
    const char * stop;

    while (p < end && sxe_http_is_ows(*p)) {
        p++;
    }

    for (start = p; p < end && *p != ',';) {
        p++;
    }

    for (stop = p; stop > start && sxe_http_is_ows(stop[-1]);) {
        stop--;
    }

    *element     = start;
    *element_len = (size_t)(stop - start);
    return p < end ? p + 1 : p;
}

static int
sxe_http_digest_content_length(SXE_HTTP_FACTS * facts, const char * value, unsigned value_len)
{
    uint64_t number = 0;

    if (value_len == 0) {
        return SXE_HTTP_ERROR_BAD_REQUEST;
    }

    for (unsigned i = 0; i < value_len; i++) {
        unsigned digit = (unsigned)(value[i] - '0');

        if (digit > 9 || number > (SXE_HTTP_CONTENT_LENGTH_MAX - digit) / 10) {
            return SXE_HTTP_ERROR_BAD_REQUEST;    /* sign, list, junk, or too big */
        }

        number = number * 10 + digit;
    }

    if (facts->has_content_length && facts->content_length != number) {
        return SXE_HTTP_ERROR_BAD_REQUEST;        /* conflicting duplicates (equal ones are accepted) */
    }

    facts->has_content_length = true;
    facts->content_length     = number;
    return 0;
}

static void
sxe_http_digest_transfer_encoding(SXE_HTTP_FACTS * facts, const char * value, unsigned value_len)
{
    const char * end = value + value_len;
    const char * element;
    size_t       element_len;

    facts->has_transfer_encoding = true;

    for (const char * p = value; p < end;) {
        p = sxe_http_list_next(p, end, &element, &element_len);

        if (element_len == 0) {
            continue;    /* empty list elements are allowed (RFC 9110 5.6.1) */
        }

        facts->chunked_last = SXE_HTTP_EQUAL_LOWER(element, element_len, "chunked");
        facts->chunked_count += facts->chunked_last;
        facts->other_coding |= !facts->chunked_last;
    }
}

static void
sxe_http_digest_connection(SXE_HTTP_FACTS * facts, const char * value, unsigned value_len)
{
    const char * end = value + value_len;
    const char * element;
    size_t       element_len;

    for (const char * p = value; p < end;) {
        p = sxe_http_list_next(p, end, &element, &element_len);
        facts->connection_close      |= SXE_HTTP_EQUAL_LOWER(element, element_len, "close");
        facts->connection_keep_alive |= SXE_HTTP_EQUAL_LOWER(element, element_len, "keep-alive");
        facts->connection_upgrade    |= SXE_HTTP_EQUAL_LOWER(element, element_len, "upgrade");
    }
}

/* Record what a field means for framing and the connection. Returns 0 or 400 (bad Content-Length). */
static int
sxe_http_digest_field(SXE_HTTP_FACTS * facts, const SXE_HTTP_HEADER * field)
{
    switch (field->name_len) {
    case 4:
        if (SXE_HTTP_EQUAL_LOWER(field->name, 4, "host")) {
            facts->host     = field->value;
            facts->host_len = field->value_len;
            facts->host_count++;
        }
        break;

    case 6:
        if (SXE_HTTP_EQUAL_LOWER(field->name, 6, "expect")) {
            facts->expect_continue = SXE_HTTP_EQUAL_LOWER(field->value, field->value_len, "100-continue");
        }
        break;

    case 10:
        if (SXE_HTTP_EQUAL_LOWER(field->name, 10, "connection")) {
            sxe_http_digest_connection(facts, field->value, field->value_len);
        }
        break;

    case 14:
        if (SXE_HTTP_EQUAL_LOWER(field->name, 14, "content-length")) {
            return sxe_http_digest_content_length(facts, field->value, field->value_len);
        }
        break;

    case 17:
        if (SXE_HTTP_EQUAL_LOWER(field->name, 17, "transfer-encoding")) {
            sxe_http_digest_transfer_encoding(facts, field->value, field->value_len);
        }
        break;

    default:
        break;
    }

    return 0;
}

/* Parse one "name: value" line at *pp (which is not the empty line). Returns 0, SXE_HTTP_NEED_MORE or 400. */
static int
sxe_http_parse_field(const char ** pp, const char * end, SXE_HTTP_HEADER * field)
{
    const char * p = *pp;
    const char * value_end;
    int          rc;

    for (field->name = p; p < end && SXE_HTTP_IS(SXE_HTTP_CLASS_TOKEN, *p);) {
        p++;
    }

    if (p == end) {
        return SXE_HTTP_NEED_MORE;
    }

    if (*p != ':' || p == field->name) {
        return SXE_HTTP_ERROR_BAD_REQUEST;    /* no colon, space before colon, bad name char, obs-fold, ":x" */
    }

    field->name_len = (unsigned)(p - field->name);

    for (p++; p < end && sxe_http_is_ows(*p);) {
        p++;
    }

    for (field->value = p; p < end && SXE_HTTP_IS(SXE_HTTP_CLASS_VALUE, *p);) {
        p++;
    }

    if (p == end) {
        return SXE_HTTP_NEED_MORE;
    }

    for (value_end = p; value_end > field->value && sxe_http_is_ows(value_end[-1]);) {
        value_end--;
    }

    field->value_len = (unsigned)(value_end - field->value);

    if ((rc = sxe_http_line_end(&p, end)) == 0) {    /* anything else here is a CTL, DEL or NUL: 400 */
        *pp = p;
    }

    return rc;
}

/* Parse fields up to and including the empty line. Returns 0, SXE_HTTP_NEED_MORE, 400 or 431 (too many). */
static int
sxe_http_parse_fields(const char ** pp, const char * end, SXE_HTTP_HEADER * headers, unsigned header_max,
                      unsigned * header_count, SXE_HTTP_FACTS * facts)
{
    SXE_HTTP_HEADER field;
    int             rc;

    for (;;) {
        if (*pp == end) {
            rc = SXE_HTTP_NEED_MORE;
            goto SXE_EARLY_OR_ERROR_OUT;
        }

        if (**pp == '\r' || **pp == '\n') {
            rc = sxe_http_line_end(pp, end);    /* the empty line that ends the head */
            goto SXE_EARLY_OR_ERROR_OUT;
        }

        if ((rc = sxe_http_parse_field(pp, end, &field)) != 0) {
            goto SXE_EARLY_OR_ERROR_OUT;
        }

        if (*header_count >= header_max) {
            rc = SXE_HTTP_ERROR_HEAD_TOO_LARGE;
            goto SXE_EARLY_OR_ERROR_OUT;
        }

        headers[(*header_count)++] = field;

        if ((rc = sxe_http_digest_field(facts, &field)) != 0) {
            goto SXE_EARLY_OR_ERROR_OUT;
        }
    }

SXE_EARLY_OR_ERROR_OUT:
    return rc;
}

/* Request line: [empty lines] method SP request-target SP HTTP-version EOL. Returns 0, NEED_MORE, 400 or 505. */
static int
sxe_http_parse_request_line(const char ** pp, const char * end, SXE_HTTP_REQUEST * req)
{
    const char * p = *pp;
    unsigned     major;
    unsigned     minor;
    int          rc = SXE_HTTP_NEED_MORE;

    while (p < end && (*p == '\r' || *p == '\n')) {    /* RFC 9112 2.2: ignore empty lines before a request */
        if ((rc = sxe_http_line_end(&p, end)) != 0) {
            goto SXE_EARLY_OR_ERROR_OUT;
        }
    }

    for (req->method = p; p < end && SXE_HTTP_IS(SXE_HTTP_CLASS_TOKEN, *p);) {
        p++;
    }

    if (p == end) {
        rc = SXE_HTTP_NEED_MORE;
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    if (*p != ' ' || p == req->method) {
        rc = SXE_HTTP_ERROR_BAD_REQUEST;
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    req->method_len = (unsigned)(p - req->method);

    for (req->target = ++p; p < end && SXE_HTTP_IS(SXE_HTTP_CLASS_TARGET, *p);) {
        p++;
    }

    if (p == end) {
        rc = SXE_HTTP_NEED_MORE;
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    if (*p != ' ' || p == req->target) {
        rc = SXE_HTTP_ERROR_BAD_REQUEST;
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    req->target_len = (unsigned)(p - req->target);
    p++;

    if ((rc = sxe_http_parse_version(&p, end, &major, &minor)) != 0) {
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    if (p == end) {
        rc = SXE_HTTP_NEED_MORE;
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    if ((rc = sxe_http_line_end(&p, end)) != 0) {
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    req->version_minor = minor;
    req->method_id     = sxe_http_method_from_string(req->method, req->method_len);
    rc                 = (major != 1 || minor > 1) ? SXE_HTTP_ERROR_VERSION : 0;
    *pp                = p;

SXE_EARLY_OR_ERROR_OUT:
    return rc;
}

/* RFC 9112 3.2 / RFC 3986 3.2.2: Host = uri-host [ ":" port ]. Accepts only the characters those can hold
 * (unreserved, pct-encoded, sub-delims, ':' and the brackets of an IP literal); anything else ("a b", "a/b",
 * "user@host") is an invalid Host value, which a server must answer with 400. An empty value is allowed.
 */
static bool
sxe_http_host_is_valid(const char * host, unsigned host_len)
{
    for (unsigned i = 0; i < host_len; i++) {
        char c = host[i];

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            continue;
        }

        if (c == '\0' || strchr("-._~%!$&'()*+,;=:[]", c) == NULL) {
            return false;
        }
    }

    return true;
}

/* Decide request framing and connection persistence from the facts. Returns 0, 400 or 501. */
static int
sxe_http_request_framing(SXE_HTTP_REQUEST * req, const SXE_HTTP_FACTS * facts)
{
    req->content_length        = facts->content_length;
    req->has_content_length    = facts->has_content_length;
    req->has_transfer_encoding = facts->has_transfer_encoding;
    req->host                  = facts->host;
    req->host_len              = facts->host_len;
    req->connection_close      = facts->connection_close;
    req->connection_keep_alive = facts->connection_keep_alive;
    req->connection_upgrade    = facts->connection_upgrade;
    req->expect_continue       = facts->expect_continue;
    req->keep_alive = !facts->connection_close && (req->version_minor == 1 || facts->connection_keep_alive);

    if (facts->host_count > 1 || (req->version_minor == 1 && facts->host_count == 0)) {
        return SXE_HTTP_ERROR_BAD_REQUEST;    /* RFC 9112 3.2: exactly one Host in HTTP/1.1 */
    }

    if (facts->host != NULL && !sxe_http_host_is_valid(facts->host, facts->host_len)) {
        return SXE_HTTP_ERROR_BAD_REQUEST;    /* RFC 9112 3.2: an invalid Host value is 400 too */
    }

    if (facts->has_transfer_encoding) {
        if (facts->has_content_length || req->version_minor == 0 || !facts->chunked_last
         || facts->chunked_count != 1) {
            return SXE_HTTP_ERROR_BAD_REQUEST;
        }

        if (facts->other_coding) {
            return SXE_HTTP_ERROR_NOT_IMPLEMENTED;    /* e.g. "gzip, chunked": we only decode chunked */
        }

        req->is_chunked = true;
        req->body_kind  = SXE_HTTP_BODY_CHUNKED;
    }
    else if (facts->has_content_length) {
        req->body_kind = SXE_HTTP_BODY_LENGTH;
    }

    return 0;
}

static size_t
sxe_http_scan_limit(size_t len, size_t head_max, bool * truncated)
{
    if (head_max > INT_MAX) {
        head_max = INT_MAX;    /* the head length must fit the int return value */
    }

    *truncated = len >= head_max;
    return *truncated ? head_max : len;
}

int
sxe_http_parse_request(const char * buf, size_t len, SXE_HTTP_REQUEST * req, size_t head_max)
{
    SXE_HTTP_FACTS facts;
    bool           truncated;
    const char *   end = buf + sxe_http_scan_limit(len, head_max, &truncated);
    const char *   p   = buf;
    int            rc;

    memset(&facts, 0, sizeof(facts));
    memset((char *)req + offsetof(SXE_HTTP_REQUEST, header_count), 0,
           sizeof(*req) - offsetof(SXE_HTTP_REQUEST, header_count));    /* keep headers and header_max */

    if ((rc = sxe_http_parse_request_line(&p, end, req)) != 0) {
        rc = (rc == SXE_HTTP_NEED_MORE && truncated) ? SXE_HTTP_ERROR_URI_TOO_LONG : rc;
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    if ((rc = sxe_http_parse_fields(&p, end, req->headers, req->header_max, &req->header_count, &facts)) != 0) {
        rc = (rc == SXE_HTTP_NEED_MORE && truncated) ? SXE_HTTP_ERROR_HEAD_TOO_LARGE : rc;
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    if ((rc = sxe_http_request_framing(req, &facts)) == 0) {
        rc = (int)(p - buf);
    }

SXE_EARLY_OR_ERROR_OUT:
    return rc;
}

/* Status line: HTTP-version SP 3DIGIT [SP reason] EOL. Returns 0, NEED_MORE, MALFORMED or VERSION. */
static int
sxe_http_parse_status_line(const char ** pp, const char * end, SXE_HTTP_RESPONSE * resp)
{
    const char * p = *pp;
    unsigned     major;
    int          rc;

    if ((rc = sxe_http_parse_version(&p, end, &major, &resp->version_minor)) != 0) {
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    if (major != 1) {
        rc = SXE_HTTP_ERROR_VERSION;
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    for (unsigned i = 0; i < 4; i++, p++) {    /* SP and three digits */
        if (p == end) {
            rc = SXE_HTTP_NEED_MORE;
            goto SXE_EARLY_OR_ERROR_OUT;
        }

        if (i == 0 ? *p != ' ' : (*p < '0' || *p > '9')) {
            rc = SXE_HTTP_ERROR_MALFORMED;
            goto SXE_EARLY_OR_ERROR_OUT;
        }

        resp->status = i == 0 ? 0 : resp->status * 10 + (unsigned)(*p - '0');
    }

    if (resp->status < 100 || p == end) {
        rc = resp->status < 100 ? SXE_HTTP_ERROR_MALFORMED : SXE_HTTP_NEED_MORE;
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    resp->reason = p;

    if (*p == ' ') {    /* the reason phrase is optional; "HTTP/1.1 200\r\n" is accepted */
        for (resp->reason = ++p; p < end && SXE_HTTP_IS(SXE_HTTP_CLASS_VALUE, *p);) {
            p++;
        }

        if (p == end) {
            rc = SXE_HTTP_NEED_MORE;
            goto SXE_EARLY_OR_ERROR_OUT;
        }
    }

    resp->reason_len = (unsigned)(p - resp->reason);

    if ((rc = sxe_http_line_end(&p, end)) == 0) {
        *pp = p;
    }

SXE_EARLY_OR_ERROR_OUT:
    return rc;
}

/* Decide response framing (RFC 9112 6.3) and persistence. Returns 0 or MALFORMED (both CL and TE). */
static int
sxe_http_response_framing(SXE_HTTP_RESPONSE * resp, const SXE_HTTP_FACTS * facts, bool request_was_head)
{
    resp->content_length        = facts->content_length;
    resp->has_content_length    = facts->has_content_length;
    resp->has_transfer_encoding = facts->has_transfer_encoding;
    resp->connection_close      = facts->connection_close;
    resp->connection_keep_alive = facts->connection_keep_alive;
    resp->is_chunked            = facts->has_transfer_encoding && resp->version_minor > 0 && facts->chunked_last
                                && facts->chunked_count == 1;

    if (facts->has_transfer_encoding && facts->has_content_length) {
        return SXE_HTTP_ERROR_MALFORMED;
    }

    if (request_was_head || resp->status < 200 || resp->status == 204 || resp->status == 304) {
        resp->body_kind = SXE_HTTP_BODY_NONE;
    }
    else if (facts->has_transfer_encoding) {    /* chunked not last, twice, or in HTTP/1.0: read until close */
        resp->body_kind = resp->is_chunked ? SXE_HTTP_BODY_CHUNKED : SXE_HTTP_BODY_CLOSE_DELIMITED;
    }
    else {
        resp->body_kind = facts->has_content_length ? SXE_HTTP_BODY_LENGTH : SXE_HTTP_BODY_CLOSE_DELIMITED;
    }

    resp->keep_alive = !facts->connection_close && (resp->version_minor > 0 || facts->connection_keep_alive)
                    && resp->body_kind != SXE_HTTP_BODY_CLOSE_DELIMITED
                    && !(facts->has_transfer_encoding && resp->version_minor == 0);
    return 0;
}

int
sxe_http_parse_response(const char * buf, size_t len, SXE_HTTP_RESPONSE * resp, size_t head_max,
                        bool request_was_head)
{
    SXE_HTTP_FACTS facts;
    bool           truncated;
    const char *   end = buf + sxe_http_scan_limit(len, head_max, &truncated);
    const char *   p   = buf;
    int            rc;

    memset(&facts, 0, sizeof(facts));
    memset((char *)resp + offsetof(SXE_HTTP_RESPONSE, header_count), 0,
           sizeof(*resp) - offsetof(SXE_HTTP_RESPONSE, header_count));    /* keep headers and header_max */

    if ((rc = sxe_http_parse_status_line(&p, end, resp)) != 0
     || (rc = sxe_http_parse_fields(&p, end, resp->headers, resp->header_max, &resp->header_count, &facts)) != 0) {
        rc = (rc == SXE_HTTP_NEED_MORE && truncated) ? SXE_HTTP_ERROR_HEAD_TOO_LARGE : rc;
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    if ((rc = sxe_http_response_framing(resp, &facts, request_was_head)) == 0) {
        rc = (int)(p - buf);
    }

SXE_EARLY_OR_ERROR_OUT:
    return rc;
}
