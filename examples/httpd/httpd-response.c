/* httpd-response.c: building responses into a connection's output buffer.
 *
 * The hello page is precomputed once per Connection-header variant; only its Date field is patched, once per
 * second, when the loop's cached time (ev_now) enters a new second. Building a hello response is one memcpy.
 * Error and file heads are formatted with snprintf into the caller's buffer (no allocation).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "httpd.h"

#define HTTPD_HELLO_BODY    "<html><body>Hello World</body></html>\n"
#define HTTPD_SERVER        "sxe-httpd"
#define HTTPD_HELLO_MAXIMUM 512 /* bytes of one precomputed hello response (asserted at start-up) */
#define HTTPD_STATUS_PREFIX "HTTP/1.1 200 OK\r\nServer: " HTTPD_SERVER "\r\nDate: "

static const char *const httpd_connection_lines[] = {"", "Connection: keep-alive\r\n", "Connection: close\r\n"};

static char httpd_date[HTTPD_DATE_LENGTH + 1] = "Thu, 01 Jan 1970 00:00:00 GMT";
time_t httpd_response_second = -1;
static char httpd_hello[3][HTTPD_HELLO_MAXIMUM];
static unsigned httpd_hello_length[3];

const char *httpd_response_date(void)
{
    return httpd_date;
}

/* Format the HTTP date (IMF-fixdate) of `when` into out[HTTPD_DATE_LENGTH + 1]. */
static void httpd_format_date(char *out, time_t when)
{
    struct tm tm;

    gmtime_r(&when, &tm);
    strftime(out, HTTPD_DATE_LENGTH + 1, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

void httpd_response_refresh_second(time_t second)
{
    httpd_response_second = second;
    httpd_format_date(httpd_date, second);

    if (httpd.access_log) {
        httpd_access_log_tick(second);
    }

    for (unsigned i = 0; i < SXE_ARRAY_SIZE(httpd_hello); i++) {
        memcpy(httpd_hello[i] + SXE_LITERAL_LENGTH(HTTPD_STATUS_PREFIX), httpd_date, HTTPD_DATE_LENGTH);
    }
}

void httpd_response_init(void)
{
    for (unsigned i = 0; i < SXE_ARRAY_SIZE(httpd_hello); i++) {
        int length = snprintf(httpd_hello[i], sizeof(httpd_hello[i]),
                              HTTPD_STATUS_PREFIX
                              "%s\r\nContent-Type: text/html\r\nContent-Length: %u\r\n%s\r\n" HTTPD_HELLO_BODY,
                              httpd_date, (unsigned)SXE_LITERAL_LENGTH(HTTPD_HELLO_BODY), httpd_connection_lines[i]);

        SXEA1(length > 0 && (unsigned)length < sizeof(httpd_hello[i]), "hello response does not fit");
        httpd_hello_length[i] = (unsigned)length;
    }

    httpd_response_second = -1;
    httpd_response_refresh_date(ev_time());
}

unsigned httpd_response_hello(char *out, unsigned size, bool head, int connection)
{
    unsigned length = httpd_hello_length[connection];

    if (head) {
        length -= SXE_LITERAL_LENGTH(HTTPD_HELLO_BODY);
    }

    if (SXE_UNLIKELY(length > size)) {
        return 0;
    }

    memcpy(out, httpd_hello[connection], length);
    return length;
}

/* snprintf's result clamped: 0 when it did not fit (the caller then flushes and retries, or gives up). */
static unsigned httpd_fit(int length, unsigned size)
{
    return length > 0 && (unsigned)length < size ? (unsigned)length : 0;
}

unsigned httpd_response_error_body_length(unsigned status)
{
    return (unsigned)snprintf(NULL, 0, "%u %s\n", status, sxe_http_status_reason(status));
}

unsigned httpd_response_hello_body_length(void)
{
    return (unsigned)SXE_LITERAL_LENGTH(HTTPD_HELLO_BODY);
}

/* An error (or other short text) answer: "STATUS REASON" as its text body, `extra` header lines after Date. */
static unsigned httpd_response_text(char *out, unsigned size, unsigned status, bool head, int connection,
                                    const char *extra)
{
    const char *reason = sxe_http_status_reason(status);
    char body[64];
    int body_length = snprintf(body, sizeof(body), "%u %s\n", status, reason);
    int length;

    length =
        snprintf(out, size,
                 "HTTP/1.1 %u %s\r\nServer: " HTTPD_SERVER "\r\nDate: %s\r\n%sContent-Type: text/plain\r\n"
                 "Content-Length: %d\r\n%s\r\n%s",
                 status, reason, httpd_date, extra, body_length, httpd_connection_lines[connection], head ? "" : body);
    return httpd_fit(length, size);
}

unsigned httpd_response_error(char *out, unsigned size, unsigned status, bool head, int connection)
{
    return httpd_response_text(out, size, status, head, connection, status == 405 ? "Allow: GET, HEAD\r\n" : "");
}

unsigned httpd_response_range_not_satisfiable(char *out, unsigned size, bool head, int connection, uint64_t length)
{
    char extra[64];

    snprintf(extra, sizeof(extra), "Content-Range: bytes */%llu\r\n", (unsigned long long)length);
    return httpd_response_text(out, size, 416, head, connection, extra);
}

/* The validators of a file answer ("Last-Modified: ...\r\nETag: ...\r\n") into out[HTTPD_VALIDATORS_MAXIMUM]. */
#define HTTPD_VALIDATORS_MAXIMUM (HTTPD_DATE_LENGTH + HTTPD_ETAG_MAXIMUM + 32)

static void httpd_response_validators(char *out, const HTTPD_ANSWER *answer)
{
    char modified[HTTPD_DATE_LENGTH + 1];
    char etag[HTTPD_ETAG_MAXIMUM];

    httpd_format_date(modified, (time_t)httpd_seconds_of(answer->mtime_ns));
    httpd_etag(etag, answer->mtime_ns, answer->size);
    snprintf(out, HTTPD_VALIDATORS_MAXIMUM, "Last-Modified: %s\r\nETag: %s\r\n", modified, etag);
}

unsigned httpd_response_file_head(char *out, unsigned size, int connection, const HTTPD_ANSWER *answer, off_t start)
{
    char validators[HTTPD_VALIDATORS_MAXIMUM] = "";
    char range[96] = "";

    if (!answer->listing) {
        httpd_response_validators(validators, answer);
    }

    if (answer->status == 206) {
        snprintf(range, sizeof(range), "Content-Range: bytes %llu-%llu/%llu\r\n", (unsigned long long)start,
                 (unsigned long long)start + answer->length - 1, (unsigned long long)answer->size);
    }

    return httpd_fit(snprintf(out, size,
                              "HTTP/1.1 %s\r\nServer: " HTTPD_SERVER "\r\nDate: %s\r\nContent-Type: %s\r\n"
                              "Content-Length: %llu\r\n%s%s%s%s\r\n",
                              answer->status == 206 ? "206 Partial Content" : "200 OK", httpd_date,
                              httpd_mime_name(answer->type), (unsigned long long)answer->length, validators, range,
                              answer->listing ? "" : "Accept-Ranges: bytes\r\n", httpd_connection_lines[connection]),
                     size);
}

unsigned httpd_response_not_modified(char *out, unsigned size, int connection, const HTTPD_ANSWER *answer)
{
    char validators[HTTPD_VALIDATORS_MAXIMUM];

    httpd_response_validators(validators, answer);
    return httpd_fit(snprintf(out, size,
                              "HTTP/1.1 304 Not Modified\r\nServer: " HTTPD_SERVER "\r\nDate: %s\r\n%s%s\r\n",
                              httpd_date, validators, httpd_connection_lines[connection]),
                     size);
}

unsigned httpd_response_redirect(char *out, unsigned size, bool head, int connection, const char *path,
                                 unsigned path_len, const char *query, unsigned query_len)
{
    static const char body[] = "301 Moved Permanently\n";

    return httpd_fit(snprintf(out, size,
                              "HTTP/1.1 301 Moved Permanently\r\nServer: " HTTPD_SERVER "\r\nDate: %s\r\n"
                              "Location: %.*s/%.*s\r\nContent-Type: text/plain\r\nContent-Length: %u\r\n%s\r\n%s",
                              httpd_date, (int)path_len, path, (int)query_len, query, (unsigned)sizeof(body) - 1,
                              httpd_connection_lines[connection], head ? "" : body),
                     size);
}
