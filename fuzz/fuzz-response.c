/* fuzz-response.c: libFuzzer harness for sxe_http_parse_response(). The first byte picks request_was_head and
 * head_max; the rest is the response. Checks memory safety, the result range, and that every prefix of a complete
 * head is SXE_HTTP_NEED_MORE.
 */

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sxe-http.h"

static int parse(const uint8_t *data, size_t size, SXE_HTTP_RESPONSE *resp, size_t head_max, bool head)
{
    static SXE_HTTP_HEADER headers[32];

    resp->headers = headers;
    resp->header_max = 32;
    return sxe_http_parse_response((const char *)data, size, resp, head_max, head);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    SXE_HTTP_RESPONSE resp;
    bool head;
    size_t head_max;
    int rc;

    if (size == 0) {
        return 0;
    }

    head = data[0] & 1;
    head_max = 64 + (data[0] >> 1) * 16;
    data++, size--;
    rc = parse(data, size, &resp, head_max, head);
    assert(rc >= SXE_HTTP_ERROR_NOT_IMPLEMENTED && rc != 0 && (rc < 0 || (size_t)rc <= size));
    assert(rc != SXE_HTTP_ERROR_URI_TOO_LONG && rc != SXE_HTTP_ERROR_NOT_IMPLEMENTED);

    if (rc > 0) {
        assert(resp.status >= 100 && resp.status <= 999);
        assert(resp.body_kind != SXE_HTTP_BODY_CHUNKED || resp.is_chunked);
        assert(!head || resp.body_kind == SXE_HTTP_BODY_NONE);

        for (size_t prefix = 0; prefix < (size_t)rc; prefix += 1 + prefix / 8) {
            uint8_t *copy = malloc(prefix + 1);

            memcpy(copy, data, prefix);
            assert(parse(copy, prefix, &resp, head_max, head) == SXE_HTTP_NEED_MORE);
            free(copy);
        }
    }

    return 0;
}
