/* httpd-conditional.c: a file's validators (Last-Modified, a strong ETag), the conditional requests and Range
 * (RFC 9110 sections 13 and 14), evaluated when a request's head is parsed, from its header fields, without copying
 * or allocating anything.
 *
 * The ETag is "MTIME-SIZE" in hexadecimal, the modification time in nanoseconds: it changes whenever the file is
 * rewritten (a new modification time, to the nanosecond) or resized, so it is a strong validator for a file that is
 * replaced, not written in place within one timestamp tick.
 *
 * Precedence (RFC 9110 13.2.2): If-Match (false: 412), else If-Unmodified-Since (modified since: 412); then
 * If-None-Match (a match: 304), else If-Modified-Since (not modified since: 304); then Range, subject to If-Range.
 * A condition that cannot be parsed is ignored, as RFC 9110 asks, except If-Match, where a list without a match is
 * false. Range: one "bytes=" range (FIRST-LAST, FIRST-, or -SUFFIX) gives 206, or 416 when it starts at or beyond
 * the end; a set of several ranges, another unit or a malformed one is ignored (200 with the whole file), as is any
 * Range on an empty file.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "httpd.h"

#define HTTPD_NUMBER_SATURATED UINT64_MAX /* a range position with too many digits: beyond any file */

/* The request's conditional fields: each NULL when absent; `*_many` when it appears more than once. */
typedef struct HTTPD_CONDITIONS {
    const SXE_HTTP_HEADER *range, *if_range, *if_match, *if_none_match, *if_modified_since, *if_unmodified_since;
    bool range_many, if_range_many, modified_many, unmodified_many;
} HTTPD_CONDITIONS;

unsigned httpd_etag(char *out, int64_t mtime_ns, uint64_t size)
{
    return (unsigned)snprintf(out, HTTPD_ETAG_MAXIMUM, "\"%llx-%llx\"", (unsigned long long)mtime_ns,
                              (unsigned long long)size);
}

static bool httpd_name_is(const SXE_HTTP_HEADER *header, const char *name, unsigned length)
{
    return header->name_len == length && strncasecmp(header->name, name, length) == 0;
}

/* Set *slot to header; note a second one. */
static void httpd_condition_set(const SXE_HTTP_HEADER **slot, bool *many, const SXE_HTTP_HEADER *header)
{
    if (*slot != NULL && many != NULL) {
        *many = true;
    }

    if (*slot == NULL) {
        *slot = header;
    }
}

static void httpd_conditions_find(const SXE_HTTP_REQUEST *req, HTTPD_CONDITIONS *found)
{
    memset(found, 0, sizeof(*found));

    for (unsigned i = 0; i < req->header_count; i++) {
        const SXE_HTTP_HEADER *header = &req->headers[i];

        if (header->name_len < 5 || (header->name[0] | 0x20) != (header->name_len == 5 ? 'r' : 'i')) {
            continue; /* none of them: most fields stop here */
        }

        if (httpd_name_is(header, "range", 5)) {
            httpd_condition_set(&found->range, &found->range_many, header);
        } else if (httpd_name_is(header, "if-range", 8)) {
            httpd_condition_set(&found->if_range, &found->if_range_many, header);
        } else if (httpd_name_is(header, "if-match", 8)) {
            httpd_condition_set(&found->if_match, NULL, header); /* a list: every field line is looked at */
        } else if (httpd_name_is(header, "if-none-match", 13)) {
            httpd_condition_set(&found->if_none_match, NULL, header);
        } else if (httpd_name_is(header, "if-modified-since", 17)) {
            httpd_condition_set(&found->if_modified_since, &found->modified_many, header);
        } else if (httpd_name_is(header, "if-unmodified-since", 19)) {
            httpd_condition_set(&found->if_unmodified_since, &found->unmodified_many, header);
        }
    }
}

/* ---- HTTP-date (RFC 9110 5.6.7) ------------------------------------------------------------------------------- */

static int httpd_month(const char *text)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

    for (int month = 0; month < 12; month++) {
        if (memcmp(text, months + 3 * month, 3) == 0) {
            return month;
        }
    }

    return -1;
}

/* `count` digits at text; -1 when one is not a digit. */
static int httpd_digits(const char *text, unsigned count)
{
    int value = 0;

    for (unsigned i = 0; i < count; i++) {
        if (text[i] < '0' || text[i] > '9') {
            return -1;
        }

        value = value * 10 + (text[i] - '0');
    }

    return value;
}

/* "HH:MM:SS" into tm; false when malformed. */
static bool httpd_clock(const char *text, struct tm *tm)
{
    tm->tm_hour = httpd_digits(text, 2);
    tm->tm_min = httpd_digits(text + 3, 2);
    tm->tm_sec = httpd_digits(text + 6, 2);
    return text[2] == ':' && text[5] == ':' && tm->tm_hour >= 0 && tm->tm_hour < 24 && tm->tm_min >= 0 &&
           tm->tm_min < 60 && tm->tm_sec >= 0 && tm->tm_sec <= 60;
}

bool httpd_parse_date(const char *text, unsigned length, int64_t *when)
{
    struct tm tm;
    const char *comma = memchr(text, ',', length < 10 ? length : 10);
    time_t seconds;

    memset(&tm, 0, sizeof(tm));

    if (comma != NULL && comma - text == 3 && length == 29) { /* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
        tm.tm_mday = httpd_digits(text + 5, 2);
        tm.tm_mon = httpd_month(text + 8);
        tm.tm_year = httpd_digits(text + 12, 4) - 1900;

        if (text[4] != ' ' || text[7] != ' ' || text[11] != ' ' || text[16] != ' ' || !httpd_clock(text + 17, &tm) ||
            memcmp(text + 25, " GMT", 4) != 0) {
            return false;
        }
    } else if (comma != NULL && length == (unsigned)(comma - text) + 24) { /* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT */
        const char *date = comma + 2;
        int year = httpd_digits(date + 7, 2);
        struct tm now;
        time_t now_seconds = time(NULL);

        gmtime_r(&now_seconds, &now);
        tm.tm_mday = httpd_digits(date, 2);
        tm.tm_mon = httpd_month(date + 3);
        tm.tm_year = year < 0 ? -1 : year + (now.tm_year / 100) * 100; /* same century, unless > 50 years ahead */
        tm.tm_year -= tm.tm_year > now.tm_year + 50 ? 100 : 0;

        if (comma[1] != ' ' || date[2] != '-' || date[6] != '-' || date[9] != ' ' || year < 0 ||
            !httpd_clock(date + 10, &tm) || memcmp(date + 18, " GMT", 4) != 0) {
            return false;
        }
    } else if (comma == NULL && length == 24) { /* asctime: Sun Nov  6 08:49:37 1994 */
        tm.tm_mon = httpd_month(text + 4);
        tm.tm_mday = text[8] == ' ' ? httpd_digits(text + 9, 1) : httpd_digits(text + 8, 2);
        tm.tm_year = httpd_digits(text + 20, 4) - 1900;

        if (text[3] != ' ' || text[7] != ' ' || text[10] != ' ' || text[19] != ' ' || !httpd_clock(text + 11, &tm)) {
            return false;
        }
    } else {
        return false;
    }

    if (tm.tm_mon < 0 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_year < 0) {
        return false;
    }

    seconds = timegm(&tm);
    *when = (int64_t)seconds;
    return seconds != (time_t)-1;
}

/* ---- entity tags ---------------------------------------------------------------------------------------------- */

/* Does the list of entity tags in `header` ("*", or "tag", W/"tag", ...) hold the file's? Weak comparison (RFC 9110
 * 8.8.3.2: W/ is ignored) unless `strong`, where a weak tag never matches. A malformed element ends the list.
 */
static bool httpd_etag_listed(const SXE_HTTP_HEADER *header, const char *etag, unsigned etag_len, bool strong)
{
    const char *at = header->value;
    const char *end = header->value + header->value_len;

    if (header->value_len == 1 && at[0] == '*') {
        return true;
    }

    while (at < end) {
        bool weak = end - at > 2 && at[0] == 'W' && at[1] == '/';
        const char *close;

        at += weak ? 2 : 0;

        if (at >= end || *at != '"' || (close = memchr(at + 1, '"', (size_t)(end - at - 1))) == NULL) {
            return false;
        }

        if (!(strong && weak) && (unsigned)(close + 1 - at) == etag_len && memcmp(at, etag, etag_len) == 0) {
            return true;
        }

        for (at = close + 1; at < end && (*at == ' ' || *at == '\t'); at++) {
        }

        if (at < end && *at++ != ',') {
            return false;
        }

        for (; at < end && (*at == ' ' || *at == '\t' || *at == ','); at++) {
        }
    }

    return false;
}

/* Is any If-Match / If-None-Match field line of the request a list holding the file's tag? */
static bool httpd_etag_in_any(const SXE_HTTP_REQUEST *req, const char *name, unsigned name_len, const char *etag,
                              unsigned etag_len, bool strong)
{
    for (unsigned i = 0; i < req->header_count; i++) {
        if (httpd_name_is(&req->headers[i], name, name_len) &&
            httpd_etag_listed(&req->headers[i], etag, etag_len, strong)) {
            return true;
        }
    }

    return false;
}

/* ---- Range ---------------------------------------------------------------------------------------------------- */

/* Digits at *at (advanced past them) into *value, saturating; false when there is none. */
static bool httpd_range_number(const char **at, const char *end, uint64_t *value)
{
    const char *start = *at;

    for (*value = 0; *at < end && **at >= '0' && **at <= '9'; (*at)++) {
        unsigned digit = (unsigned)(**at - '0');

        *value = *value > (HTTPD_NUMBER_SATURATED - digit) / 10 ? HTTPD_NUMBER_SATURATED : *value * 10 + digit;
    }

    return *at > start;
}

/* One "bytes=" range of a file of `size` bytes (> 0): 206 with *start, *length; 416 when it is unsatisfiable; 200
 * when the field is to be ignored (malformed, another unit, several ranges).
 */
static unsigned httpd_range(const SXE_HTTP_HEADER *range, uint64_t size, uint64_t *start, uint64_t *length)
{
    const char *at = range->value;
    const char *end = range->value + range->value_len;
    uint64_t first = 0;
    uint64_t last = size - 1;
    bool has_first;

    if (range->value_len < 7 || strncasecmp(at, "bytes=", 6) != 0) {
        return 200;
    }

    at += 6;
    has_first = httpd_range_number(&at, end, &first);

    if (at == end || *at++ != '-') {
        return 200;
    }

    if (!has_first) { /* -SUFFIX: the last SUFFIX bytes */
        uint64_t suffix;

        if (!httpd_range_number(&at, end, &suffix) || at != end) {
            return 200;
        }

        if (suffix == 0) {
            return 416;
        }

        first = suffix < size ? size - suffix : 0;
    } else if (at < end) { /* FIRST-LAST */
        if (!httpd_range_number(&at, end, &last) || at != end || last < first) {
            return 200; /* malformed, a set of ranges, or LAST before FIRST: ignored */
        }

        last = last < size - 1 ? last : size - 1;
    }

    if (first >= size) {
        return 416;
    }

    *start = first;
    *length = last - first + 1;
    return 206;
}

/* If-Range: the range applies only when the validator is the file's current one (a strong ETag, or the exact
 * Last-Modified date).
 */
static bool httpd_if_range_holds(const SXE_HTTP_HEADER *if_range, const char *etag, unsigned etag_len, int64_t mtime)
{
    int64_t date;

    if (if_range->value_len > 0 && (if_range->value[0] == '"' || if_range->value[0] == 'W')) {
        return if_range->value_len == etag_len && memcmp(if_range->value, etag, etag_len) == 0;
    }

    return httpd_parse_date(if_range->value, if_range->value_len, &date) && date == mtime;
}

/* ---- evaluation ----------------------------------------------------------------------------------------------- */

/* The date of a conditional date field, unless it is absent, repeated or malformed (then ignored: false). */
static bool httpd_condition_date(const SXE_HTTP_HEADER *header, bool many, int64_t *date)
{
    return header != NULL && !many && httpd_parse_date(header->value, header->value_len, date);
}

unsigned httpd_conditional_evaluate(const SXE_HTTP_REQUEST *req, const HTTPD_FILE *file, bool head, uint64_t *start,
                                    uint64_t *length)
{
    HTTPD_CONDITIONS found;
    char etag[HTTPD_ETAG_MAXIMUM];
    unsigned etag_len;
    int64_t date;
    int64_t mtime;

    *start = 0;
    *length = file->size;
    httpd_conditions_find(req, &found);

    if (SXE_LIKELY(found.range == NULL && found.if_match == NULL && found.if_none_match == NULL &&
                   found.if_modified_since == NULL && found.if_unmodified_since == NULL)) {
        return 200;
    }

    etag_len = httpd_etag(etag, file->mtime_ns, file->size);
    mtime = httpd_seconds_of(file->mtime_ns); /* what Last-Modified says: the dates compare with it */

    if (found.if_match != NULL) {
        if (!httpd_etag_in_any(req, "if-match", 8, etag, etag_len, true)) {
            return 412;
        }
    } else if (httpd_condition_date(found.if_unmodified_since, found.unmodified_many, &date) && mtime > date) {
        return 412;
    }

    if (found.if_none_match != NULL) {
        if (httpd_etag_in_any(req, "if-none-match", 13, etag, etag_len, false)) {
            return 304;
        }
    } else if (httpd_condition_date(found.if_modified_since, found.modified_many, &date) && mtime <= date) {
        return 304;
    }

    if (found.range == NULL || found.range_many || head || file->size == 0 ||
        (found.if_range != NULL &&
         (found.if_range_many || !httpd_if_range_holds(found.if_range, etag, etag_len, mtime)))) {
        return 200;
    }

    return httpd_range(found.range, file->size, start, length);
}
