/* fuzz-chunked.c: libFuzzer harness for sxe_http_chunked_decode(). Decodes the input in one pass and again in
 * pieces whose sizes come from the input, and checks that both give the same verdict, consumed count and data.
 */

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sxe-http.h"

typedef struct {
    int rc; /* bytes consumed, or the error */
    bool done;
    uint64_t data_total;
    uint64_t checksum; /* of the data bytes, position independent of how they were split */
} OUTCOME;

static OUTCOME decode(const uint8_t *data, size_t size, unsigned piece_seed)
{
    SXE_HTTP_CHUNKED state;
    OUTCOME out = {0, false, 0, 0};
    size_t at = 0;

    sxe_http_chunked_init(&state, 64);

    while (at < size && !state.done) {
        size_t piece = piece_seed == 0 ? size - at : 1 + (piece_seed * 7 + at) % 13;
        size_t offset;
        size_t len;
        int n;
        uint8_t *copy;

        piece = piece > size - at ? size - at : piece;
        copy = malloc(piece); /* exact size so ASan sees an over-read */
        memcpy(copy, data + at, piece);
        n = sxe_http_chunked_decode(&state, (const char *)copy, piece, &offset, &len);

        if (n < 0) {
            free(copy);
            out.rc = n;
            return out;
        }

        assert(n > 0 && (size_t)n <= piece && offset + len <= (size_t)n);

        for (size_t i = 0; i < len; i++) {
            out.checksum = out.checksum * 31 + copy[offset + i];
        }

        free(copy);
        at += (size_t)n;
    }

    out.rc = (int)at;
    out.done = state.done;
    out.data_total = state.data_total;
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    OUTCOME whole;
    OUTCOME pieces;

    if (size == 0) {
        return 0;
    }

    whole = decode(data + 1, size - 1, 0);
    pieces = decode(data + 1, size - 1, 1 + data[0]);
    assert(whole.rc == pieces.rc);
    assert(whole.done == pieces.done);
    assert(whole.data_total == pieces.data_total && whole.checksum == pieces.checksum);
    return 0;
}
