/* sxe-util-num.c: the classic number helpers of sxe-util.h: hex conversions, SHA-1 from hex, log2, masks, alignment. */
#include <string.h>

#include "sxe-log.h"

/* The value of hex digit c, or 16 when c is not one. */
static unsigned sxe_hex_digit(unsigned char c)
{
    return c >= '0' && c <= '9'   ? (unsigned)(c - '0')
           : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
           : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                  : 16;
}

unsigned sxe_hex_to_unsigned(const char *hex, unsigned hex_length_maximum)
{
    unsigned result = 0;

    if (hex == NULL) {
        SXEL2("sxe_hex_to_unsigned(): NULL argument");
        return SXE_UNSIGNED_MAXIMUM;
    }

    for (unsigned i = 0; i < hex_length_maximum && hex[i] != '\0'; i++) {
        unsigned digit = sxe_hex_digit((unsigned char)hex[i]);

        if (digit == 16) {
            return SXE_UNSIGNED_MAXIMUM;
        }

        result = result << 4 | digit;
    }

    return result;
}

SXE_RETURN
sxe_hex_to_bytes(unsigned char *bytes, const char *hex, unsigned hex_length)
{
    SXE_RETURN result = SXE_RETURN_ERROR_INVALID;

    if (bytes == NULL || hex == NULL) {
        SXEL2("sxe_hex_to_bytes(): NULL argument");
        goto SXE_ERROR_OUT;
    }

    if (hex_length % 2 != 0) {
        SXEL3("sxe_hex_to_bytes(hex_length=%u): not an even number of hex digits", hex_length);
        goto SXE_ERROR_OUT;
    }

    for (unsigned i = 0; i < hex_length; i += 2) {
        unsigned high = sxe_hex_digit((unsigned char)hex[i]);
        unsigned low = high == 16 ? 16 : sxe_hex_digit((unsigned char)hex[i + 1]);

        if (low == 16) {
            SXEL3("sxe_hex_to_bytes(): '%.2s' at offset %u is not a pair of hex digits",
                  sxe_str_to_printable(high == 16 ? "?" : &hex[i]), i);
            goto SXE_ERROR_OUT;
        }

        bytes[i / 2] = (unsigned char)(high << 4 | low);
    }

    result = SXE_RETURN_OK;

SXE_EARLY_OR_ERROR_OUT:
    return result;
}

char *sxe_hex_from_bytes(char *hex, const unsigned char *bytes, unsigned size)
{
    static const char digits[] = "0123456789abcdef";

    if (hex == NULL || bytes == NULL) {
        SXEL2("sxe_hex_from_bytes(): NULL argument");
        return NULL;
    }

    for (unsigned i = 0; i < size; i++) {
        hex[2 * i] = digits[bytes[i] >> 4];
        hex[2 * i + 1] = digits[bytes[i] & 0xF];
    }

    return hex;
}

SXE_RETURN
sxe_sha1_from_hex(SXE_SHA1 *sha1, const char *sha1_in_hex)
{
    if (sha1 == NULL || sha1_in_hex == NULL) {
        SXEL2("sxe_sha1_from_hex(): NULL argument");
        return SXE_RETURN_ERROR_INVALID;
    }

    return sxe_hex_to_bytes((unsigned char *)sha1, sha1_in_hex, 2 * sizeof(*sha1));
}

unsigned sxe_unsigned_log2(unsigned number)
{
    return number == 0 ? 0 : 31 - (unsigned)__builtin_clz(number);
}

unsigned sxe_unsigned_mask(unsigned number)
{
    unsigned log2 = sxe_unsigned_log2(number);

    return log2 == 31 ? ~0U : (2U << log2) - 1;
}

unsigned sxe_uint64_log2(uint64_t value)
{
    return value == 0 ? 0 : 63 - (unsigned)__builtin_clzll(value);
}

uint64_t sxe_uint64_align(uint64_t value, uint64_t multiple)
{
    uint64_t remainder;

    if (multiple == 0) {
        return value;
    }

    remainder = (multiple & (multiple - 1)) == 0 ? value & (multiple - 1) : value % multiple;
    return remainder == 0 ? value : value - remainder + multiple;
}
