/* sxe-http.c: request and response head parsing. The acceptance rules are listed in README.md.
 *
 * Every parse is stateless: it starts at buf[0] and scans forward once, never past min(len, head_max). A byte
 * that makes the input invalid is reported at once (even if the head is not complete yet); running out of bytes
 * is NEED_MORE unless the head_max limit is what ran out, which is 414 (still in the request line) or 431.
 *
 * Speed: the runs that make up most of a head (method and field names, the target, field values) are found by
 * scanners that look at 16 bytes at a time with SSE2 when at least 16 bytes remain before the scan limit (so no
 * load ever crosses it), and finish byte by byte through the class table otherwise. The SSE2 tests match the table
 * exactly (target, value) or a subset of it (names: letters, digits and '-'; the table loop takes over at any other
 * byte), so the result is the same with or without SSE2. The common "GET " and "HTTP/1.x" are recognised whole,
 * and the framing field names are compared 4 or 8 bytes at a time.
 */

#include <limits.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "sxe-http-private.h"

#define V (SXE_HTTP_CLASS_VALUE | SXE_HTTP_CLASS_TARGET)
#define T (V | SXE_HTTP_CLASS_TOKEN)
#define H (T | SXE_HTTP_CLASS_HEX)
#define S SXE_HTTP_CLASS_HOST /* also allowed in a Host value: unreserved, sub-delims, '%', ':', '[', ']' */

const unsigned char sxe_http_char_class[256] = {
    ['\t'] = SXE_HTTP_CLASS_VALUE,
    [' '] = SXE_HTTP_CLASS_VALUE,
    ['!'] = T | S,
    ['"'] = V,
    ['#'] = T,
    ['$'] = T | S,
    ['%'] = T | S,
    ['&'] = T | S,
    ['\''] = T | S,
    ['('] = V | S,
    [')'] = V | S,
    ['*'] = T | S,
    ['+'] = T | S,
    [','] = V | S,
    ['-'] = T | S,
    ['.'] = T | S,
    ['/'] = V,
    ['0' ... '9'] = H | S,
    [':'] = V | S,
    [';'] = V | S,
    ['<'] = V,
    ['='] = V | S,
    ['>' ... '@'] = V,
    ['A' ... 'F'] = H | S,
    ['G' ... 'Z'] = T | S,
    ['['] = V | S,
    ['\\'] = V,
    [']'] = V | S,
    ['^'] = T,
    ['_'] = T | S,
    ['`'] = T,
    ['a' ... 'f'] = H | S,
    ['g' ... 'z'] = T | S,
    ['{'] = V,
    ['|'] = T,
    ['}'] = V,
    ['~'] = T | S,
    [0x80 ... 0xFF] = V,
};

#undef V
#undef T
#undef H
#undef S

#define SXE_HTTP_CONTENT_LENGTH_MAX ((uint64_t)INT64_MAX) /* larger values are rejected: they fit off_t */

/* What the fields said about framing and the connection; copied into the request or response at the end. */
typedef struct SXE_HTTP_FACTS {
    uint64_t content_length;
    const char *host;
    unsigned host_len;
    unsigned host_count;
    unsigned chunked_count; /* "chunked" codings over all Transfer-Encoding fields */
    bool has_content_length;
    bool has_transfer_encoding;
    bool chunked_last; /* the last coding seen so far is "chunked"           */
    bool other_coding; /* a coding other than "chunked" was seen             */
    bool connection_close;
    bool connection_keep_alive;
    bool connection_upgrade;
    bool expect_continue;
} SXE_HTTP_FACTS;

static inline bool sxe_http_is_ows(char c)
{
    return c == ' ' || c == '\t';
}

#define SXE_HTTP_BLOCK 16 /* bytes per SSE2 test; a block is loaded only when that many remain before the limit */

/* The first byte at or after p that is not a request-target byte (VCHAR, obs-text), or end. */
static inline const char *sxe_http_scan_target(const char *p, const char *end)
{
#ifdef __SSE2__
    const __m128i space = _mm_set1_epi8(' ');
    const __m128i del = _mm_set1_epi8(0x7F);

    for (; end - p >= SXE_HTTP_BLOCK; p += SXE_HTTP_BLOCK) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i stop = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(x, space), x), _mm_cmpeq_epi8(x, del));
        unsigned mask = (unsigned)_mm_movemask_epi8(stop); /* bytes <= 0x20 (unsigned) or DEL */

        if (mask != 0) {
            return p + __builtin_ctz(mask);
        }
    }
#endif
    while (p < end && SXE_HTTP_IS(SXE_HTTP_CLASS_TARGET, *p)) {
        p++;
    }

    return p;
}

/* The first byte at or after p that is not a field-value byte (HTAB, SP, VCHAR, obs-text), or end. */
static inline const char *sxe_http_scan_value(const char *p, const char *end)
{
#ifdef __SSE2__
    const __m128i ctl_max = _mm_set1_epi8(0x1F);
    const __m128i tab = _mm_set1_epi8('\t');
    const __m128i del = _mm_set1_epi8(0x7F);

    for (; end - p >= SXE_HTTP_BLOCK; p += SXE_HTTP_BLOCK) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i ctl = _mm_andnot_si128(_mm_cmpeq_epi8(x, tab), _mm_cmpeq_epi8(_mm_min_epu8(x, ctl_max), x));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(ctl, _mm_cmpeq_epi8(x, del)));

        if (mask != 0) {
            return p + __builtin_ctz(mask); /* a CTL other than HTAB, or DEL */
        }
    }
#endif
    while (p < end && SXE_HTTP_IS(SXE_HTTP_CLASS_VALUE, *p)) {
        p++;
    }

    return p;
}

/* Skip the bytes most tokens are made of (letters, digits, '-') while whole 16 byte blocks remain before end:
 * returns the first other byte, or where fewer than 16 bytes remain (p itself without SSE2). Never past a
 * non-token byte; sxe_http_scan_token_rest() finishes the token.
 */
static inline const char *sxe_http_scan_token_common(const char *p, const char *end)
{
#ifdef __SSE2__
    const __m128i case_bit = _mm_set1_epi8(0x20);
    const __m128i lower_a = _mm_set1_epi8('a');
    const __m128i zero = _mm_set1_epi8('0');
    const __m128i dash = _mm_set1_epi8('-');
    const __m128i max_25 = _mm_set1_epi8(25);
    const __m128i max_9 = _mm_set1_epi8(9);

    for (; end - p >= SXE_HTTP_BLOCK; p += SXE_HTTP_BLOCK) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i letter = _mm_sub_epi8(_mm_or_si128(x, case_bit), lower_a); /* 0 .. 25 for a letter */
        __m128i digit = _mm_sub_epi8(x, zero);                             /* 0 .. 9 for a digit   */
        __m128i common = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(letter, max_25), letter),
                                                   _mm_cmpeq_epi8(_mm_min_epu8(digit, max_9), digit)),
                                      _mm_cmpeq_epi8(x, dash));
        unsigned mask = ~(unsigned)_mm_movemask_epi8(common) & 0xFFFF;

        if (mask != 0) {
            return p + __builtin_ctz(mask); /* not a letter, digit or '-' */
        }
    }
#else
    (void)end;
#endif
    return p;
}

/* The first byte at or after p that is not a token byte (tchar), or end: byte by byte through the table. */
static inline const char *sxe_http_scan_token_rest(const char *p, const char *end)
{
    while (p < end && SXE_HTTP_IS(SXE_HTTP_CLASS_TOKEN, *p)) {
        p++;
    }

    return p;
}

static inline uint64_t sxe_http_load8(const char *s)
{
    uint64_t word;

    memcpy(&word, s, sizeof(word));
    return word;
}

static inline uint32_t sxe_http_load4(const char *s)
{
    uint32_t word;

    memcpy(&word, s, sizeof(word));
    return word;
}

/* Case-insensitive comparison of s[0 .. len) with lower[0 .. lower_len), a literal of at least 4 bytes made of
 * lowercase letters, digits and '-'. s must hold only field-value bytes (no CTL; field names and values are
 * checked before they are compared): then setting bit 0x20 of each byte of s lowercases exactly the ASCII letters
 * and turns no other byte into a lowercase letter, a digit or '-' (only control bytes would), so comparing whole
 * words of s | 0x20 with the literal is exact. The words may overlap; none is read outside s[0 .. len).
 */
static inline bool sxe_http_equal_lower_words(const char *s, size_t len, const char *lower, size_t lower_len)
{
    uint64_t diff = 0;

    if (len != lower_len) {
        return false;
    }

    if (len < 8) {
        diff = ((sxe_http_load4(s) | 0x20202020U) ^ sxe_http_load4(lower)) |
               ((sxe_http_load4(s + len - 4) | 0x20202020U) ^ sxe_http_load4(lower + len - 4));
    } else {
        for (size_t i = 0; i + 8 < len; i += 8) {
            diff |= (sxe_http_load8(s + i) | 0x2020202020202020ULL) ^ sxe_http_load8(lower + i);
        }

        diff |= (sxe_http_load8(s + len - 8) | 0x2020202020202020ULL) ^ sxe_http_load8(lower + len - 8);
    }

    return diff == 0;
}

#define SXE_HTTP_IS_LOWER(s, len, literal) sxe_http_equal_lower_words((s), (len), literal, sizeof(literal) - 1)

/* At p (< end) expect CRLF or a bare LF. Returns 0 and moves *pp past it, SXE_HTTP_NEED_MORE, or 400. */
static inline int sxe_http_line_end(const char **pp, const char *end)
{
    const char *p = *pp;

    if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') { /* the common case, whole */
        *pp = p + 2;
        return 0;
    }

    if (*p == '\r') {
        if (++p == end) {
            return SXE_HTTP_NEED_MORE;
        }

        if (*p != '\n') {
            return SXE_HTTP_ERROR_BAD_REQUEST; /* bare CR */
        }
    } else if (*p != '\n') {
        return SXE_HTTP_ERROR_BAD_REQUEST;
    }

    *pp = p + 1;
    return 0;
}

/* Expect "HTTP/" DIGIT "." DIGIT at *pp, byte by byte. Returns 0 (and the digits), SXE_HTTP_NEED_MORE or 400. */
static int sxe_http_parse_version_bytes(const char **pp, const char *end, unsigned *major, unsigned *minor)
{
    static const char pattern[] = "HTTP/9.9"; /* '9' stands for any digit */
    const char *p = *pp;

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
    *pp = p;
    return 0;
}

/* Expect "HTTP/" DIGIT "." DIGIT at *pp; "HTTP/1.1" and "HTTP/1.0" are recognised whole when 8 bytes are there. */
static inline int sxe_http_parse_version(const char **pp, const char *end, unsigned *major, unsigned *minor)
{
    const char *p = *pp;

    if (end - p < 8 ||
        (sxe_http_load8(p) != sxe_http_load8("HTTP/1.1") && sxe_http_load8(p) != sxe_http_load8("HTTP/1.0"))) {
        return sxe_http_parse_version_bytes(pp, end, major, minor);
    }

    *major = 1;
    *minor = (unsigned)(p[7] - '0');
    *pp = p + 8;
    return 0;
}

/* Iterate a comma separated list: returns where the next element starts; *element is trimmed, maybe empty. */
static const char *sxe_http_list_next(const char *p, const char *end, const char **element, size_t *element_len)
{
    const char *start;
    const char *stop;

    while (p < end && sxe_http_is_ows(*p)) {
        p++;
    }

    for (start = p; p < end && *p != ',';) {
        p++;
    }

    for (stop = p; stop > start && sxe_http_is_ows(stop[-1]);) {
        stop--;
    }

    *element = start;
    *element_len = (size_t)(stop - start);
    return p < end ? p + 1 : p;
}

static int sxe_http_digest_content_length(SXE_HTTP_FACTS *facts, const char *value, unsigned value_len)
{
    uint64_t number = 0;

    if (value_len == 0) {
        return SXE_HTTP_ERROR_BAD_REQUEST;
    }

    for (unsigned i = 0; i < value_len; i++) {
        unsigned digit = (unsigned)(value[i] - '0');

        if (digit > 9 || number > (SXE_HTTP_CONTENT_LENGTH_MAX - digit) / 10) {
            return SXE_HTTP_ERROR_BAD_REQUEST; /* sign, list, junk, or too big */
        }

        number = number * 10 + digit;
    }

    if (facts->has_content_length && facts->content_length != number) {
        return SXE_HTTP_ERROR_BAD_REQUEST; /* conflicting duplicates (equal ones are accepted) */
    }

    facts->has_content_length = true;
    facts->content_length = number;
    return 0;
}

static void sxe_http_digest_transfer_encoding(SXE_HTTP_FACTS *facts, const char *value, unsigned value_len)
{
    const char *end = value + value_len;
    const char *element;
    size_t element_len;

    facts->has_transfer_encoding = true;

    for (const char *p = value; p < end;) {
        p = sxe_http_list_next(p, end, &element, &element_len);

        if (element_len == 0) {
            continue; /* empty list elements are allowed (RFC 9110 5.6.1) */
        }

        facts->chunked_last = SXE_HTTP_IS_LOWER(element, element_len, "chunked");
        facts->chunked_count += facts->chunked_last;
        facts->other_coding |= !facts->chunked_last;
    }
}

static void sxe_http_digest_connection(SXE_HTTP_FACTS *facts, const char *value, unsigned value_len)
{
    const char *end = value + value_len;
    const char *element;
    size_t element_len;

    if (SXE_HTTP_IS_LOWER(value, value_len, "keep-alive")) { /* the common values, whole */
        facts->connection_keep_alive = true;
        return;
    }

    if (SXE_HTTP_IS_LOWER(value, value_len, "close")) {
        facts->connection_close = true;
        return;
    }

    for (const char *p = value; p < end;) {
        p = sxe_http_list_next(p, end, &element, &element_len);
        facts->connection_close |= SXE_HTTP_IS_LOWER(element, element_len, "close");
        facts->connection_keep_alive |= SXE_HTTP_IS_LOWER(element, element_len, "keep-alive");
        facts->connection_upgrade |= SXE_HTTP_IS_LOWER(element, element_len, "upgrade");
    }
}

/* Record what a field means for framing and the connection. Returns 0 or 400 (bad Content-Length). */
static int sxe_http_digest_field(SXE_HTTP_FACTS *facts, const SXE_HTTP_HEADER *field)
{
    switch (field->name_len) {
        case 4:
            if (SXE_HTTP_IS_LOWER(field->name, 4, "host")) {
                facts->host = field->value;
                facts->host_len = field->value_len;
                facts->host_count++;
            }
            break;

        case 6:
            if (SXE_HTTP_IS_LOWER(field->name, 6, "expect")) {
                facts->expect_continue = SXE_HTTP_IS_LOWER(field->value, field->value_len, "100-continue");
            }
            break;

        case 10:
            if (SXE_HTTP_IS_LOWER(field->name, 10, "connection")) {
                sxe_http_digest_connection(facts, field->value, field->value_len);
            }
            break;

        case 14:
            if (SXE_HTTP_IS_LOWER(field->name, 14, "content-length")) {
                return sxe_http_digest_content_length(facts, field->value, field->value_len);
            }
            break;

        case 17:
            if (SXE_HTTP_IS_LOWER(field->name, 17, "transfer-encoding")) {
                sxe_http_digest_transfer_encoding(facts, field->value, field->value_len);
            }
            break;

        default:
            break;
    }

    return 0;
}

/* Parse one "name: value" line at *pp (which is not the empty line). Returns 0, SXE_HTTP_NEED_MORE or 400. */
static int sxe_http_parse_field(const char **pp, const char *end, SXE_HTTP_HEADER *field)
{
    const char *p = sxe_http_scan_token_common(*pp, end);
    const char *value_end;
    int rc = SXE_HTTP_NEED_MORE;

    field->name = *pp;

    if (p == end || *p != ':') {
        p = sxe_http_scan_token_rest(p, end);
    }

    if (p == end) {
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    if (*p != ':' || p == field->name) {
        rc = SXE_HTTP_ERROR_BAD_REQUEST; /* no colon, space before colon, bad name char, obs-fold, ":x" */
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    field->name_len = (unsigned)(p - field->name);

    p += 1 + (end - p >= 2 && p[1] == ' '); /* the colon and the usual single SP */

    while (p < end && sxe_http_is_ows(*p)) {
        p++;
    }

    field->value = p;

    if ((p = sxe_http_scan_value(p, end)) == end) {
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    for (value_end = p; value_end > field->value && sxe_http_is_ows(value_end[-1]);) {
        value_end--;
    }

    field->value_len = (unsigned)(value_end - field->value);

    if ((rc = sxe_http_line_end(&p, end)) == 0) { /* anything else here is a CTL, DEL or NUL: 400 */
        *pp = p;
    }

SXE_EARLY_OR_ERROR_OUT:
    return rc;
}

/* Parse fields up to and including the empty line. Returns 0, SXE_HTTP_NEED_MORE, 400 or 431 (too many). */
static int sxe_http_parse_fields(const char **pp, const char *end, SXE_HTTP_HEADER *headers, unsigned header_max,
                                 unsigned *header_count, SXE_HTTP_FACTS *facts)
{
    SXE_HTTP_HEADER spare; /* field header_max + 1 is parsed here: it must be complete to be 431 */
    SXE_HTTP_HEADER *field;
    unsigned count = 0;
    int rc;

    for (;;) {
        if (*pp == end) {
            rc = SXE_HTTP_NEED_MORE;
            goto SXE_EARLY_OR_ERROR_OUT;
        }

        if (**pp == '\r' || **pp == '\n') {
            rc = sxe_http_line_end(pp, end); /* the empty line that ends the head */
            goto SXE_EARLY_OR_ERROR_OUT;
        }

        field = count < header_max ? &headers[count] : &spare;

        if ((rc = sxe_http_parse_field(pp, end, field)) != 0) {
            goto SXE_EARLY_OR_ERROR_OUT;
        }

        if (count >= header_max) {
            rc = SXE_HTTP_ERROR_HEAD_TOO_LARGE;
            goto SXE_EARLY_OR_ERROR_OUT;
        }

        count++;

        if ((rc = sxe_http_digest_field(facts, field)) != 0) {
            goto SXE_EARLY_OR_ERROR_OUT;
        }
    }

SXE_EARLY_OR_ERROR_OUT:
    *header_count = count;
    return rc;
}

/* Request line: [empty lines] method SP request-target SP HTTP-version EOL. Returns 0, NEED_MORE, 400 or 505 (a
 * major version other than 1; HTTP/1.2 .. 1.9 are handled as 1.1).
 */
static int sxe_http_parse_request_line(const char **pp, const char *end, SXE_HTTP_REQUEST *req)
{
    const char *p = *pp;
    bool is_get = false;
    unsigned major;
    unsigned minor;
    int rc = SXE_HTTP_NEED_MORE;

    while (p < end && (*p == '\r' || *p == '\n')) { /* RFC 9112 2.2: ignore empty lines before a request */
        if ((rc = sxe_http_line_end(&p, end)) != 0) {
            goto SXE_EARLY_OR_ERROR_OUT;
        }
    }

    req->method = p;

    if (end - p >= 4 && sxe_http_load4(p) == sxe_http_load4("GET ")) { /* the common case, whole */
        is_get = true;
        p += 3;
    } else {
        p = sxe_http_scan_token_rest(sxe_http_scan_token_common(p, end), end);

        if (p == end) {
            rc = SXE_HTTP_NEED_MORE;
            goto SXE_EARLY_OR_ERROR_OUT;
        }

        if (*p != ' ' || p == req->method) {
            rc = SXE_HTTP_ERROR_BAD_REQUEST;
            goto SXE_EARLY_OR_ERROR_OUT;
        }
    }

    req->method_len = (unsigned)(p - req->method);
    req->target = ++p;
    p = sxe_http_scan_target(p, end);

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

    rc = 0;

    if (major != 1 || minor > 1) { /* one test on the common path */
        rc = major != 1 ? SXE_HTTP_ERROR_VERSION : 0;
        minor = 1; /* RFC 9110 2.5: HTTP/1.2 .. 1.9 are handled as HTTP/1.1 */
    }

    req->version_minor = minor;
    req->method_id = is_get ? SXE_HTTP_METHOD_GET : sxe_http_method_from_string(req->method, req->method_len);
    *pp = p;

SXE_EARLY_OR_ERROR_OUT:
    return rc;
}

/* RFC 9112 3.2 / RFC 3986 3.2.2: Host = uri-host [ ":" port ]. Accepts only the characters those can hold
 * (unreserved, pct-encoded, sub-delims, ':' and the brackets of an IP literal); anything else ("a b", "a/b",
 * "user@host") is an invalid Host value, which a server must answer with 400. An empty value is allowed.
 */
static bool sxe_http_host_is_valid(const char *host, unsigned host_len)
{
    const unsigned char *h = (const unsigned char *)host;
    const unsigned char *end = h + host_len;
    unsigned all = SXE_HTTP_CLASS_HOST; /* AND of the classes of every byte: no branch per byte */

    for (; end - h >= 4; h += 4) {
        all &= sxe_http_char_class[h[0]] & sxe_http_char_class[h[1]] & sxe_http_char_class[h[2]] &
               sxe_http_char_class[h[3]];
    }

    for (; h < end; h++) {
        all &= sxe_http_char_class[*h];
    }

    return all != 0;
}

/* Decide request framing and connection persistence from the facts. Returns 0, 400 or 501. */
static int sxe_http_request_framing(SXE_HTTP_REQUEST *req, const SXE_HTTP_FACTS *facts)
{
    req->content_length = facts->content_length;
    req->has_content_length = facts->has_content_length;
    req->has_transfer_encoding = facts->has_transfer_encoding;
    req->host = facts->host;
    req->host_len = facts->host_len;
    req->connection_close = facts->connection_close;
    req->connection_keep_alive = facts->connection_keep_alive;
    req->connection_upgrade = facts->connection_upgrade;
    req->expect_continue = facts->expect_continue;
    req->keep_alive = !facts->connection_close && (req->version_minor == 1 || facts->connection_keep_alive);

    if (facts->host_count > 1 || (req->version_minor == 1 && facts->host_count == 0)) {
        return SXE_HTTP_ERROR_BAD_REQUEST; /* RFC 9112 3.2: exactly one Host in HTTP/1.1 */
    }

    if (facts->host != NULL && !sxe_http_host_is_valid(facts->host, facts->host_len)) {
        return SXE_HTTP_ERROR_BAD_REQUEST; /* RFC 9112 3.2: an invalid Host value is 400 too */
    }

    if (facts->has_transfer_encoding) {
        if (facts->has_content_length || req->version_minor == 0 || !facts->chunked_last || facts->chunked_count != 1) {
            return SXE_HTTP_ERROR_BAD_REQUEST;
        }

        if (facts->other_coding) {
            return SXE_HTTP_ERROR_NOT_IMPLEMENTED; /* e.g. "gzip, chunked": we only decode chunked */
        }

        req->is_chunked = true;
        req->body_kind = SXE_HTTP_BODY_CHUNKED;
    } else if (facts->has_content_length) {
        req->body_kind = SXE_HTTP_BODY_LENGTH;
    }

    return 0;
}

static size_t sxe_http_scan_limit(size_t len, size_t head_max, bool *truncated)
{
    if (head_max > INT_MAX) {
        head_max = INT_MAX; /* the head length must fit the int return value */
    }

    *truncated = len >= head_max;
    return *truncated ? head_max : len;
}

/* A caller's bug that no input explains: a NULL buffer with len > 0, or a NULL headers array with header_max > 0.
 * A NULL buffer with len 0 is an empty input: *buf becomes "" (no arithmetic on NULL). Returns 0 or
 * SXE_HTTP_ERROR_BAD_PARAMETER.
 */
static int sxe_http_check_head_arguments(const char **buf, size_t len, const SXE_HTTP_HEADER *headers,
                                         unsigned header_max)
{
    if (__builtin_expect(*buf == NULL, 0)) {
        if (len > 0) {
            return SXE_HTTP_ERROR_BAD_PARAMETER;
        }

        *buf = "";
    }

    return __builtin_expect(headers == NULL && header_max > 0, 0) ? SXE_HTTP_ERROR_BAD_PARAMETER : 0;
}

int sxe_http_parse_request(const char *buf, size_t len, SXE_HTTP_REQUEST *req, size_t head_max)
{
    SXE_HTTP_FACTS facts;
    bool truncated;
    const char *end;
    const char *p;
    int rc;

    if (__builtin_expect(req == NULL, 0)) {
        return SXE_HTTP_ERROR_BAD_PARAMETER;
    }

    memset(&facts, 0, sizeof(facts));
    memset((char *)req + offsetof(SXE_HTTP_REQUEST, header_count), 0,
           sizeof(*req) - offsetof(SXE_HTTP_REQUEST, header_count)); /* keep headers and header_max */

    if ((rc = sxe_http_check_head_arguments(&buf, len, req->headers, req->header_max)) != 0) {
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    end = buf + sxe_http_scan_limit(len, head_max, &truncated);
    p = buf;

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
static int sxe_http_parse_status_line(const char **pp, const char *end, SXE_HTTP_RESPONSE *resp)
{
    const char *p = *pp;
    unsigned major;
    unsigned i = 0;
    int rc;

    if ((rc = sxe_http_parse_version(&p, end, &major, &resp->version_minor)) != 0) {
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    if (major != 1) {
        rc = SXE_HTTP_ERROR_VERSION;
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    if (end - p >= 4 && p[0] == ' ' && (unsigned)(p[1] - '0') <= 9 && (unsigned)(p[2] - '0') <= 9 &&
        (unsigned)(p[3] - '0') <= 9) { /* the common case, whole */
        resp->status = (unsigned)(p[1] - '0') * 100 + (unsigned)(p[2] - '0') * 10 + (unsigned)(p[3] - '0');
        p += 4;
        i = 4;
    }

    for (; i < 4; i++, p++) { /* else SP and three digits, byte by byte */
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

    if (*p == ' ') { /* the reason phrase is optional; "HTTP/1.1 200\r\n" is accepted */
        resp->reason = ++p;
        p = sxe_http_scan_value(p, end);

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
static int sxe_http_response_framing(SXE_HTTP_RESPONSE *resp, const SXE_HTTP_FACTS *facts, bool request_was_head)
{
    resp->content_length = facts->content_length;
    resp->has_content_length = facts->has_content_length;
    resp->has_transfer_encoding = facts->has_transfer_encoding;
    resp->connection_close = facts->connection_close;
    resp->connection_keep_alive = facts->connection_keep_alive;
    resp->is_chunked =
        facts->has_transfer_encoding && resp->version_minor > 0 && facts->chunked_last && facts->chunked_count == 1;

    if (facts->has_transfer_encoding && facts->has_content_length) {
        return SXE_HTTP_ERROR_MALFORMED;
    }

    if (request_was_head || resp->status < 200 || resp->status == 204 || resp->status == 304) {
        resp->body_kind = SXE_HTTP_BODY_NONE;
    } else if (facts->has_transfer_encoding) { /* chunked not last, twice, or in HTTP/1.0: read until close */
        resp->body_kind = resp->is_chunked ? SXE_HTTP_BODY_CHUNKED : SXE_HTTP_BODY_CLOSE_DELIMITED;
    } else {
        resp->body_kind = facts->has_content_length ? SXE_HTTP_BODY_LENGTH : SXE_HTTP_BODY_CLOSE_DELIMITED;
    }

    resp->keep_alive = !facts->connection_close && (resp->version_minor > 0 || facts->connection_keep_alive) &&
                       resp->body_kind != SXE_HTTP_BODY_CLOSE_DELIMITED &&
                       !(facts->has_transfer_encoding && resp->version_minor == 0);
    return 0;
}

int sxe_http_parse_response(const char *buf, size_t len, SXE_HTTP_RESPONSE *resp, size_t head_max,
                            bool request_was_head)
{
    SXE_HTTP_FACTS facts;
    bool truncated;
    const char *end;
    const char *p;
    int rc;

    if (__builtin_expect(resp == NULL, 0)) {
        return SXE_HTTP_ERROR_BAD_PARAMETER;
    }

    memset(&facts, 0, sizeof(facts));
    memset((char *)resp + offsetof(SXE_HTTP_RESPONSE, header_count), 0,
           sizeof(*resp) - offsetof(SXE_HTTP_RESPONSE, header_count)); /* keep headers and header_max */

    if ((rc = sxe_http_check_head_arguments(&buf, len, resp->headers, resp->header_max)) != 0) {
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    end = buf + sxe_http_scan_limit(len, head_max, &truncated);
    p = buf;

    if ((rc = sxe_http_parse_status_line(&p, end, resp)) != 0 ||
        (rc = sxe_http_parse_fields(&p, end, resp->headers, resp->header_max, &resp->header_count, &facts)) != 0) {
        rc = (rc == SXE_HTTP_NEED_MORE && truncated) ? SXE_HTTP_ERROR_HEAD_TOO_LARGE : rc;
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    if ((rc = sxe_http_response_framing(resp, &facts, request_was_head)) == 0) {
        rc = (int)(p - buf);
    }

SXE_EARLY_OR_ERROR_OUT:
    return rc;
}
