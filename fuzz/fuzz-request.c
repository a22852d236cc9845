/* fuzz-request.c: libFuzzer harness for sxe_http_parse_request(). Beyond memory safety (ASan, UBSan; libFuzzer
 * hands over exactly size bytes, so an over-read is caught) it checks the contract: a result is in range, and every
 * prefix of a complete head is SXE_HTTP_NEED_MORE (incomplete input is never an error, nor a success).
 */

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sxe-http.h"

static int parse(const uint8_t *data, size_t size, SXE_HTTP_REQUEST *req, size_t head_max)
{
    static SXE_HTTP_HEADER headers[32];

    req->headers = headers;
    req->header_max = 32;
    return sxe_http_parse_request((const char *)data, size, req, head_max);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    SXE_HTTP_REQUEST req;
    size_t head_max = 1024;
    int rc = parse(data, size, &req, head_max);

    assert(rc >= SXE_HTTP_ERROR_NOT_IMPLEMENTED && rc != 0 && (rc < 0 || (size_t)rc <= size));

    if (rc > 0) {
        assert(req.header_count <= req.header_max);
        assert(req.method + req.method_len <= (const char *)data + rc);
        assert(req.target + req.target_len <= (const char *)data + rc);
        assert(req.version_minor <= 1);
        assert(!(req.is_chunked && req.has_content_length));

        for (unsigned i = 0; i < req.header_count; i++) {
            assert(req.headers[i].value + req.headers[i].value_len <= (const char *)data + rc);
        }

        for (size_t prefix = 0; prefix < (size_t)rc; prefix += 1 + prefix / 8) {
            uint8_t *copy = malloc(prefix + 1); /* exact size so ASan sees an over-read */

            memcpy(copy, data, prefix);
            assert(parse(copy, prefix, &req, head_max) == SXE_HTTP_NEED_MORE);
            free(copy);
        }
    }

    return 0;
}
