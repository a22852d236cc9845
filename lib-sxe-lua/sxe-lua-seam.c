/* sxe-lua-seam.c: the binding's only calls into lib-sxe (sxe.h), with the inline accessors of sxe-lua-private.h. Each
 * function is the one place where the binding depends on a lib-sxe name, signature or rule, so an API change of lib-sxe
 * is adapted here.
 */
#define SXE_LOG_COMPONENT "lua"
#include <arpa/inet.h>
#include <string.h>
#include <sys/resource.h>

#include "sxe-lua-private.h"

void lsxe_register(unsigned number)
{
    sxe_register(number, 0); /* the binding keeps its per-object data in Lua userdata, not in SXE_EXTRA */
}

/* SXE_RETURN_OK when this call initialized lib-sxe, SXE_RETURN_WARN_ALREADY_INITIALIZED when the application had. */
SXE_RETURN lsxe_init(void)
{
    return sxe_init();
}

void lsxe_fini(void)
{
    sxe_fini();
}

/* True once lib-sxe's pool exists (sxe_init() by the binding or by the application). */
bool lsxe_is_initialized(void)
{
    return sxe_get_allocated_bytes() > 0;
}

/* A TCP or unix object with the binding's trampolines, or a UDP one; `address` is the local IP (NULL: "0.0.0.0")
 * or, for unix, the path.
 */
SXE *lsxe_new(SXE_LUA_KIND kind, const char *address, int port)
{
    switch (kind) {
        case SXE_LUA_KIND_TCP:
            return sxe_new_tcp(NULL, address != NULL ? address : "0.0.0.0", port, sxe_lua_on_connect, sxe_lua_on_read,
                               sxe_lua_on_close);
        case SXE_LUA_KIND_UDP:
            return sxe_new_udp(NULL, address != NULL ? address : "0.0.0.0", port, sxe_lua_on_read);
        case SXE_LUA_KIND_UNIX:
            return sxe_new_unix(NULL, address, sxe_lua_on_connect, sxe_lua_on_read, sxe_lua_on_close);
    }

    return NULL;
}

SXE_RETURN lsxe_listen(SXE *sxe)
{
    return sxe_listen(sxe);
}

SXE_RETURN lsxe_connect(SXE *sxe, const char *address, int port)
{
    return sxe_connect(sxe, address, port);
}

SXE_RETURN lsxe_close(SXE *sxe)
{
    return sxe_close(sxe);
}

SXE_RETURN lsxe_write(SXE *sxe, const char *data, size_t length)
{
    return sxe_write(sxe, data, (unsigned)length);
}

SXE_RETURN lsxe_write_to(SXE *sxe, const char *data, size_t length, const char *address, int port)
{
    return sxe_write_to_ip(sxe, data, (unsigned)length, address, port);
}

/* Starts a send; the completion comes to sxe_lua_on_complete() (see sxe_lua_object_send()). */
SXE_RETURN lsxe_send(SXE *sxe, const char *data, size_t length)
{
    return sxe_send(sxe, data, (unsigned)length, sxe_lua_on_complete);
}

SXE_RETURN lsxe_sendfile(SXE *sxe, int fd, off_t *offset, unsigned length)
{
    return sxe_sendfile(sxe, fd, offset, length, sxe_lua_on_complete);
}

/* Consume `length` bytes of the unconsumed input without pausing the delivery of what comes next: lib-sxe's
 * sxe_buf_discard(), not the classic sxe_buf_consume(), which pauses on_read until sxe_buf_resume().
 */
void lsxe_consume(SXE *sxe, size_t length)
{
    if (length >= SXE_BUF_USED(sxe)) {
        sxe_buf_clear(sxe);
    } else if (length > 0) {
        sxe_buf_discard(sxe, (unsigned)length);
    }
}

void lsxe_pause(SXE *sxe)
{
    sxe_pause(sxe);
}

void lsxe_resume(SXE *sxe)
{
    sxe_buf_resume(sxe, SXE_BUF_RESUME_IMMEDIATE);
}

SXE_LUA_KIND lsxe_kind(SXE *sxe)
{
    return sxe->kind == SXE_KIND_UDP    ? SXE_LUA_KIND_UDP
           : sxe->kind == SXE_KIND_UNIX ? SXE_LUA_KIND_UNIX
                                        : SXE_LUA_KIND_TCP;
}

SXE *lsxe_parent(SXE *sxe)
{
    return sxe->parent;
}

void lsxe_set_user_data(SXE *sxe, void *data)
{
    SXE_USER_DATA(sxe) = data;
}

/* The peer's address without its port ("" when none), in buffer. */
const char *lsxe_peer_ip(SXE *sxe, char *buffer, unsigned size)
{
    return sxe_peer_addr_string(sxe, buffer, size);
}

/* The local IP address ("0.0.0.0", "::1", ...; "" for unix objects). */
const char *lsxe_local_ip(SXE *sxe, char *buffer, unsigned size)
{
    const SXE_SOCKADDR *local = &sxe->local_addr;

    buffer[0] = '\0';

    if (local->sa.sa_family == AF_INET) {
        inet_ntop(AF_INET, &local->in.sin_addr, buffer, size);
    } else if (local->sa.sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &local->in6.sin6_addr, buffer, size);
    }

    return buffer;
}

unsigned lsxe_peer_port(SXE *sxe)
{
    return SXE_PEER_FAMILY(sxe) == AF_INET || SXE_PEER_FAMILY(sxe) == AF_INET6 ? SXE_PEER_PORT(sxe) : 0;
}

unsigned lsxe_local_port(SXE *sxe)
{
    return sxe_get_local_port(sxe);
}

int lsxe_fd(SXE *sxe)
{
    return SXE_FD(sxe);
}

unsigned lsxe_last_write_length(SXE *sxe)
{
    return SXE_LAST_WRITE_LENGTH(sxe);
}

SXE_RETURN lsxe_close_reason(SXE *sxe)
{
    return SXE_CLOSE_REASON(sxe);
}

SXE_RETURN lsxe_set_idle_timeout(SXE *sxe, double seconds)
{
    return sxe_set_idle_timeout(sxe, seconds);
}

SXE_RETURN lsxe_set_connect_timeout(SXE *sxe, double seconds)
{
    return sxe_set_connect_timeout(sxe, seconds);
}

void lsxe_set_nodelay(SXE *sxe, bool enable)
{
    sxe_set_nodelay(sxe, enable);
}

SXE_RETURN lsxe_set_buffer_size(unsigned bytes)
{
    return sxe_set_buffer_size(bytes);
}

SXE_RETURN lsxe_defer(SXE_DEFERRED *deferred, void (*callback)(void *), void *arg)
{
    return sxe_defer(deferred, callback, arg);
}

void lsxe_defer_cancel(SXE_DEFERRED *deferred)
{
    sxe_defer_cancel(deferred);
}

void lsxe_get_counters(SXE_COUNTERS *counters)
{
    if (lsxe_is_initialized()) {
        sxe_get_counters(counters);
    } else {
        memset(counters, 0, sizeof(*counters));
    }
}

const char *lsxe_return_name(SXE_RETURN result)
{
    return sxe_return_to_string(result);
}
