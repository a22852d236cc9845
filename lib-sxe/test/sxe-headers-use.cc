/* sxe-headers-use.cc: a program that uses the public macros of every library header. test-sxe-headers.c compiles it
 * (never runs it) as C99 (-pedantic), GNU11, C++11 and C++20 with -Wall -Wextra -Werror: each macro must expand to
 * valid code in each language a user may include the headers from. Kept in the common subset of C and C++.
 * C++ has no variable named `this` outside member functions, so the I-suffix log macros read `self` here.
 */
#define SXE_LOG_THIS self

#include <string.h>

#include "sxe-http.h"
#include "sxe-log.h"
#include "sxe-pool.h"
#include "sxe-util.h"
#include "sxe.h"

typedef struct ELEMENT {
    unsigned id; /* read by SXE_LOG_THIS_ID() when sxe.h is not the one defining it */
    char text[SXE_LITERAL_LENGTH("text") + 1];
} ELEMENT;

static void on_connected(SXE *self)
{
    SXEE6I("on_connected()");
    SXEL5I("connected: id %u, fd %d, local port %u", SXE_ID(self), SXE_FD(self), SXE_LOCAL_PORT(self));
    SXER6I("return");
}

static void on_read(SXE *self, int length)
{
    char peer[SXE_ADDRESS_STRING_MAXIMUM];
    const struct sockaddr *address = SXE_PEER_SOCKADDR(self);

    SXEE61I("on_read(length=%d)", length);
    SXEL5I("%u of %u bytes from %s port %u (family %d, v4 %p, v6 %p, local %p)", SXE_BUF_USED(self), SXE_BUF_CAPACITY(self),
           sxe_peer_addr_string(self, peer, sizeof(peer)), SXE_PEER_PORT(self), SXE_PEER_FAMILY(self),
           (void *)SXE_PEER_ADDR(self), (void *)SXE_PEER_ADDR6(self), (void *)SXE_LOCAL_ADDR(self));
    SXEA1I(address != NULL, "no peer address");
    SXEV1(sxe_peer_addr_string(self, peer, sizeof(peer)), != NULL, "peer address");
    SXED6I(SXE_BUF(self), SXE_BUF_USED(self));

    if (SXE_BUF_STRNSTR(self, "\r\n") != NULL || SXE_BUF_STRNCASESTR(self, "END") != NULL) {
        SXE_BUF_CLEAR(self);
    }

    SXE_USER_DATA(self) = SXE_EXTRA(self);
    SXER60I("return");
}

static void on_close(SXE *self)
{
    SXEL3I("closed: reason %s, errno %d, peer closed %d, send pending %d, last write %u",
           sxe_return_to_string(SXE_CLOSE_REASON(self)), SXE_CLOSE_ERRNO(self), SXE_IS_PEER_CLOSED(self) ? 1 : 0,
           SXE_IS_SEND_PENDING(self) ? 1 : 0, SXE_LAST_WRITE_LENGTH(self));
}

static void on_timeout(void *array, unsigned index, void *caller_info)
{
    ELEMENT *elements = (ELEMENT *)array;
    ELEMENT *self = &elements[index];

    SXE_UNUSED_ARGUMENT(caller_info);
    SXE_UNUSED_PARAMETER(caller_info);
    SXEL61I("element %u timed out", index);
    sxe_pool_set_indexed_element_state(array, index, 1, 0);
}

static int use_the_library(void)
{
    SXE_HTTP_HEADER headers[SXE_HTTP_HEADER_MAX_DEFAULT];
    SXE_HTTP_REQUEST request;
    SXE *listener;
    void *pool;
    int result = 0;

    memset(&request, 0, sizeof(request));
    request.headers = headers;
    request.header_max = SXE_ARRAY_SIZE(headers);
    SXEL50("parsed: %d", sxe_http_parse_request("GET / HTTP/1.1\r\n\r\n", 18, &request, SXE_HTTP_HEAD_MAX_DEFAULT));

    if (SXE_UNLIKELY(request.method_id != SXE_HTTP_METHOD_GET)) {
        result = SXE_HTTP_ERROR_BAD_REQUEST;
        goto SXE_ERROR_OUT;
    }

    pool = sxe_pool_new_with_timeouts_and_options("use", 4, sizeof(ELEMENT), 2, NULL, on_timeout, NULL,
                                                  SXE_POOL_OPTION_UNLOCKED);

    if (pool == NULL || sxe_pool_set_oldest_element_state(pool, 0, 1) == SXE_POOL_NO_INDEX) {
        goto SXE_EARLY_OUT;
    }

    sxe_register(SXE_POOL_LOCAL_MAXIMUM, SXE_UNIX_PATH_MAXIMUM);
    listener = SXE_LIKELY(sxe_init() == SXE_RETURN_OK)
                   ? sxe_new_tcp(NULL, "127.0.0.1", 0, on_connected, on_read, on_close)
                   : NULL;
    result = (int)sxe_listen(listener);

SXE_EARLY_OR_ERROR_OUT:
    return result;
}

int main(void)
{
    return use_the_library() == 0 ? 0 : 1;
}
