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
static time_t httpd_date_second = -1;
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

void httpd_response_refresh_date(double now)
{
    time_t second = (time_t)now;

    if (SXE_LIKELY(second == httpd_date_second)) {
        return;
    }

    httpd_date_second = second;
    httpd_format_date(httpd_date, second);

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

    httpd_date_second = -1;
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

unsigned httpd_response_error(char *out, unsigned size, unsigned status, bool head, int connection)
{
    const char *reason = sxe_http_status_reason(status);
    char body[64];
    int body_length = snprintf(body, sizeof(body), "%u %s\n", status, reason);
    int length;

    length = snprintf(out, size,
                      "HTTP/1.1 %u %s\r\nServer: " HTTPD_SERVER "\r\nDate: %s\r\n%sContent-Type: text/plain\r\n"
                      "Content-Length: %d\r\n%s\r\n%s",
                      status, reason, httpd_date, status == 405 ? "Allow: GET, HEAD\r\n" : "", body_length,
                      httpd_connection_lines[connection], head ? "" : body);
    return httpd_fit(length, size);
}

unsigned httpd_response_file_head(char *out, unsigned size, int connection, uint64_t length, const char *type,
                                  time_t mtime)
{
    char modified[HTTPD_DATE_LENGTH + 1];

    httpd_format_date(modified, mtime);
    return httpd_fit(snprintf(out, size,
                              "HTTP/1.1 200 OK\r\nServer: " HTTPD_SERVER "\r\nDate: %s\r\nContent-Type: %s\r\n"
                              "Content-Length: %llu\r\nLast-Modified: %s\r\n%s\r\n",
                              httpd_date, type, (unsigned long long)length, modified,
                              httpd_connection_lines[connection]),
                     size);
}
