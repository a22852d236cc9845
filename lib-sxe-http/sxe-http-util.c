/* sxe-http-util.c: method names, status reasons, error names, header lookup and path percent-decoding. */

#include <limits.h>
#include <string.h>

#include "sxe-http-private.h"

static const struct {
    const char *name;
    size_t len;
} sxe_http_methods[SXE_HTTP_METHOD_NUMBER_OF_METHODS] = {
    [SXE_HTTP_METHOD_UNKNOWN] = {"UNKNOWN", 7}, [SXE_HTTP_METHOD_GET] = {"GET", 3},
    [SXE_HTTP_METHOD_HEAD] = {"HEAD", 4},       [SXE_HTTP_METHOD_POST] = {"POST", 4},
    [SXE_HTTP_METHOD_PUT] = {"PUT", 3},         [SXE_HTTP_METHOD_DELETE] = {"DELETE", 6},
    [SXE_HTTP_METHOD_OPTIONS] = {"OPTIONS", 7}, [SXE_HTTP_METHOD_TRACE] = {"TRACE", 5},
    [SXE_HTTP_METHOD_CONNECT] = {"CONNECT", 7}, [SXE_HTTP_METHOD_PATCH] = {"PATCH", 5},
};

SXE_HTTP_METHOD
sxe_http_method_from_string(const char *method, size_t len)
{
    if (method == NULL) {
        return SXE_HTTP_METHOD_UNKNOWN;
    }

    if (len == 3 && method[0] == 'G' && method[1] == 'E' && method[2] == 'T') { /* the hot case first */
        return SXE_HTTP_METHOD_GET;
    }

    for (unsigned i = SXE_HTTP_METHOD_HEAD; i < SXE_HTTP_METHOD_NUMBER_OF_METHODS; i++) {
        if (len == sxe_http_methods[i].len && memcmp(method, sxe_http_methods[i].name, len) == 0) {
            return (SXE_HTTP_METHOD)i;
        }
    }

    return SXE_HTTP_METHOD_UNKNOWN;
}

const char *sxe_http_method_to_string(SXE_HTTP_METHOD method)
{
    return (unsigned)method < SXE_HTTP_METHOD_NUMBER_OF_METHODS ? sxe_http_methods[method].name : "UNKNOWN";
}

const char *sxe_http_status_reason(unsigned status)
{
    switch (status) {
        case 100:
            return "Continue";
        case 101:
            return "Switching Protocols";
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 202:
            return "Accepted";
        case 203:
            return "Non-Authoritative Information";
        case 204:
            return "No Content";
        case 205:
            return "Reset Content";
        case 206:
            return "Partial Content";
        case 300:
            return "Multiple Choices";
        case 301:
            return "Moved Permanently";
        case 302:
            return "Found";
        case 303:
            return "See Other";
        case 304:
            return "Not Modified";
        case 307:
            return "Temporary Redirect";
        case 308:
            return "Permanent Redirect";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 406:
            return "Not Acceptable";
        case 408:
            return "Request Timeout";
        case 409:
            return "Conflict";
        case 410:
            return "Gone";
        case 411:
            return "Length Required";
        case 412:
            return "Precondition Failed";
        case 413:
            return "Content Too Large";
        case 414:
            return "URI Too Long";
        case 415:
            return "Unsupported Media Type";
        case 416:
            return "Range Not Satisfiable";
        case 417:
            return "Expectation Failed";
        case 426:
            return "Upgrade Required";
        case 429:
            return "Too Many Requests";
        case 431:
            return "Request Header Fields Too Large";
        case 500:
            return "Internal Server Error";
        case 501:
            return "Not Implemented";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        case 504:
            return "Gateway Timeout";
        case 505:
            return "HTTP Version Not Supported";
        default:
            return "Unknown";
    }
}

unsigned sxe_http_error_to_status(int error)
{
    switch (error) {
        case SXE_HTTP_ERROR_BAD_REQUEST:
            return 400;
        case SXE_HTTP_ERROR_URI_TOO_LONG:
            return 414;
        case SXE_HTTP_ERROR_HEAD_TOO_LARGE:
            return 431;
        case SXE_HTTP_ERROR_VERSION:
            return 505;
        case SXE_HTTP_ERROR_NOT_IMPLEMENTED:
            return 501;
        default:
            return 500;
    }
}

const char *sxe_http_error_to_string(int error)
{
    switch (error) {
        case SXE_HTTP_ERROR_BAD_REQUEST:
            return "SXE_HTTP_ERROR_BAD_REQUEST";
        case SXE_HTTP_NEED_MORE:
            return "SXE_HTTP_NEED_MORE";
        case SXE_HTTP_ERROR_URI_TOO_LONG:
            return "SXE_HTTP_ERROR_URI_TOO_LONG";
        case SXE_HTTP_ERROR_HEAD_TOO_LARGE:
            return "SXE_HTTP_ERROR_HEAD_TOO_LARGE";
        case SXE_HTTP_ERROR_VERSION:
            return "SXE_HTTP_ERROR_VERSION";
        case SXE_HTTP_ERROR_NOT_IMPLEMENTED:
            return "SXE_HTTP_ERROR_NOT_IMPLEMENTED";
        case SXE_HTTP_ERROR_BAD_PARAMETER:
            return "SXE_HTTP_ERROR_BAD_PARAMETER";
        default:
            return error >= 0 ? "SXE_HTTP_OK" : "SXE_HTTP_ERROR_UNKNOWN";
    }
}

static inline char sxe_http_ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

const SXE_HTTP_HEADER *sxe_http_header_find(const SXE_HTTP_HEADER *headers, unsigned count, const char *name)
{
    size_t name_len;

    if (name == NULL || headers == NULL) {
        return NULL;
    }

    name_len = strlen(name);

    for (unsigned i = 0; i < count; i++) {
        if (headers[i].name_len == name_len) {
            size_t j = 0;

            while (j < name_len && sxe_http_ascii_lower(headers[i].name[j]) == sxe_http_ascii_lower(name[j])) {
                j++;
            }

            if (j == name_len) {
                return &headers[i];
            }
        }
    }

    return NULL;
}

static inline int sxe_http_hex_digit(char c)
{
    return !SXE_HTTP_IS(SXE_HTTP_CLASS_HEX, c) ? -1 : c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

int sxe_http_url_decode_path(const char *in, size_t len, char *out, size_t out_size)
{
    size_t o = 0;
    int rc;

    if ((in == NULL && len > 0) || (out == NULL && out_size > 0)) {
        rc = SXE_HTTP_ERROR_BAD_PARAMETER;
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    for (size_t i = 0; i < len; i++) {
        int c = (unsigned char)in[i];

        if (c == '%') {
            int high = i + 2 < len ? sxe_http_hex_digit(in[i + 1]) : -1;
            int low = high >= 0 ? sxe_http_hex_digit(in[i + 2]) : -1;

            c = low >= 0 ? high << 4 | low : 0; /* a malformed escape becomes 0: rejected like %00 */
            i += 2;
        }

        if (c == 0) {
            rc = SXE_HTTP_ERROR_BAD_REQUEST;
            goto SXE_EARLY_OR_ERROR_OUT;
        }

        if (o + 1 >= out_size || o >= INT_MAX) {
            rc = SXE_HTTP_ERROR_URI_TOO_LONG;
            goto SXE_EARLY_OR_ERROR_OUT;
        }

        out[o++] = (char)c;
    }

    if (out_size == 0) {
        rc = SXE_HTTP_ERROR_URI_TOO_LONG;
        goto SXE_EARLY_OR_ERROR_OUT;
    }

    out[o] = '\0';
    rc = (int)o;

SXE_EARLY_OR_ERROR_OUT:
    return rc;
}
