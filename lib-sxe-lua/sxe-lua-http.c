/* sxe-lua-http.c: lib-sxe-http's request parser in Lua.
 *
 *   req = sxe_http_parse_request(data [, head_max])   -- data: a string or a buffer view (parsed in place)
 *
 * A complete head returns a table: method, target (as sent), path (the target before '?'), query (after '?', or nil),
 * version ("HTTP/1.0" or "HTTP/1.1"), headers (lower-case name -> value; a repeated name keeps its values joined with
 * ", "), head_length (bytes of the head: the body or the next request starts after it), keep_alive, host,
 * content_length (nil when absent), chunked. An incomplete head returns false (read more and call again). A malformed
 * one returns nil, the HTTP status to answer (400, 414, 431, 501, 505) and the error's name.
 */
#define SXE_LOG_COMPONENT "lua"
#include <ctype.h>
#include <string.h>

#include "sxe-http.h"
#include "sxe-lua-private.h"

static SXE_HTTP_HEADER sxe_lua_http_headers[SXE_HTTP_HEADER_MAX_DEFAULT];

static void sxe_lua_http_field(lua_State *L, const char *name, const char *value, size_t length)
{
    lua_pushlstring(L, value, length);
    lua_setfield(L, -2, name);
}

/* headers[lower-case name] = value (a repeated name: the values joined with ", "). */
static void sxe_lua_http_headers_table(lua_State *L, const SXE_HTTP_REQUEST *request)
{
    char name[256];

    lua_createtable(L, 0, (int)request->header_count);

    for (unsigned i = 0; i < request->header_count; i++) {
        const SXE_HTTP_HEADER *header = &request->headers[i];
        size_t length = header->name_len < sizeof(name) ? header->name_len : sizeof(name);

        for (size_t c = 0; c < length; c++) {
            name[c] = (char)tolower((unsigned char)header->name[c]);
        }

        lua_pushlstring(L, name, length);
        lua_pushvalue(L, -1);
        lua_rawget(L, -3);

        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            lua_pushlstring(L, header->value, header->value_len);
        } else {
            lua_pushliteral(L, ", ");
            lua_pushlstring(L, header->value, header->value_len);
            lua_concat(L, 3);
        }

        lua_rawset(L, -3);
    }

    lua_setfield(L, -2, "headers");
}

static int sxe_lua_http_parse_request(lua_State *L)
{
    SXE_HTTP_REQUEST request = {.headers = sxe_lua_http_headers, .header_max = SXE_HTTP_HEADER_MAX_DEFAULT};
    size_t length;
    const char *data = lua_type(L, 1) == LUA_TSTRING ? lua_tolstring(L, 1, &length) : sxe_lua_view_bytes(L, 1, &length);
    size_t head_max = lua_isnoneornil(L, 2)
                          ? SXE_HTTP_HEAD_MAX_DEFAULT
                          : (size_t)sxe_lua_check_integer(L, 2, "sxe_http_parse_request", 16, 1 << 24);
    const char *query;
    int result;

    if (data == NULL) {
        return sxe_lua_type_error(L, 1, "sxe_http_parse_request", "string or buffer view");
    }

    if ((result = sxe_http_parse_request(data, length, &request, head_max)) == SXE_HTTP_NEED_MORE) {
        lua_pushboolean(L, 0);
        return 1;
    }

    if (result < 0) {
        lua_pushnil(L);
        lua_pushinteger(L, sxe_http_error_to_status(result));
        lua_pushstring(L, sxe_http_error_to_string(result));
        return 3;
    }

    query = memchr(request.target, '?', request.target_len);
    lua_createtable(L, 0, 12);
    sxe_lua_http_field(L, "method", request.method, request.method_len);
    sxe_lua_http_field(L, "target", request.target, request.target_len);
    sxe_lua_http_field(L, "path", request.target,
                       query != NULL ? (size_t)(query - request.target) : request.target_len);

    if (query != NULL) {
        sxe_lua_http_field(L, "query", query + 1, request.target_len - (size_t)(query + 1 - request.target));
    }

    lua_pushstring(L, request.version_minor == 0 ? "HTTP/1.0" : "HTTP/1.1");
    lua_setfield(L, -2, "version");
    lua_pushinteger(L, result);
    lua_setfield(L, -2, "head_length");
    lua_pushboolean(L, request.keep_alive);
    lua_setfield(L, -2, "keep_alive");
    lua_pushboolean(L, request.is_chunked);
    lua_setfield(L, -2, "chunked");

    if (request.host != NULL) {
        sxe_lua_http_field(L, "host", request.host, request.host_len);
    }

    if (request.has_content_length) {
        lua_pushnumber(L, (lua_Number)request.content_length);
        lua_setfield(L, -2, "content_length");
    }

    sxe_lua_http_headers_table(L, &request);
    return 1;
}

/* sxe_http_status_reason(status): "OK", "Not Found", ... */
static int sxe_lua_http_status_reason(lua_State *L)
{
    lua_pushstring(L, sxe_http_status_reason((unsigned)sxe_lua_check_integer(L, 1, "sxe_http_status_reason", 0, 999)));
    return 1;
}

void sxe_lua_open_http(lua_State *L)
{
    lua_pushcfunction(L, sxe_lua_http_parse_request);
    lua_setglobal(L, "sxe_http_parse_request");
    lua_pushcfunction(L, sxe_lua_http_status_reason);
    lua_setglobal(L, "sxe_http_status_reason");
}
