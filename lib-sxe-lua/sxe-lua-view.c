/* sxe-lua-view.c: the zero-copy view of an object's input buffer (obj.buf, or on_read's second argument when
 * obj.read_view is true). One view per object slot, made with the slot; it reads the unconsumed input in place and
 * makes a Lua string only when asked (view:sub(), tostring(view)). Positions are 1-based, as in Lua's string library.
 */
#define SXE_LOG_COMPONENT "lua"
#include <stdbool.h>
#include <string.h>

#include "sxe-lua-private.h"

static SXE_LUA_VIEW *sxe_lua_test_view(lua_State *L, int index)
{
    return sxe_lua_test_userdata(L, index, SXE_LUA_MAGIC_VIEW, sizeof(SXE_LUA_VIEW));
}

/* The unconsumed bytes of the view at `index`; a Lua error when it is a view of a closed object. */
static const char *sxe_lua_check_view(lua_State *L, int index, const char *function, size_t *length, SXE **sxe)
{
    SXE_LUA_VIEW *view = sxe_lua_test_view(L, index);

    if (SXE_UNLIKELY(view == NULL)) {
        sxe_lua_type_error(L, index, function, "buffer view");
    }

    if (SXE_UNLIKELY(view->object->sxe == NULL)) {
        luaL_error(L, "%s: the buffer view of a closed object", function);
    }

    if (sxe != NULL) {
        *sxe = view->object->sxe;
    }

    return lsxe_buf(view->object->sxe, length);
}

const char *sxe_lua_view_bytes(lua_State *L, int index, size_t *length)
{
    SXE_LUA_VIEW *view = sxe_lua_test_view(L, index);

    if (view == NULL || view->object->sxe == NULL) {
        return NULL;
    }

    return lsxe_buf(view->object->sxe, length);
}

/* A 1-based position as string.sub reads it (negative: from the end), clamped to 1 .. length + 1. */
static size_t sxe_lua_position(lua_Integer position, size_t length)
{
    if (position < 0) {
        position = (lua_Integer)length + position + 1;
    }

    return position < 1 ? 1 : (size_t)position > length + 1 ? length + 1 : (size_t)position;
}

static lua_Integer sxe_lua_opt_integer(lua_State *L, int index, const char *function, lua_Integer fallback)
{
    return lua_isnoneornil(L, index) ? fallback : sxe_lua_check_integer(L, index, function, -0x7FFFFFFF, 0x7FFFFFFF);
}

/* view:find(text [, init]) and view:ifind(text [, init]) (ASCII letters compare case-insensitively): plain search;
 * the 1-based start and end of the first match, or nil.
 */
static int sxe_lua_view_search(lua_State *L, const char *function, bool ignore_case)
{
    size_t length;
    size_t needle_length;
    const char *data = sxe_lua_check_view(L, 1, function, &length, NULL);
    const char *needle = sxe_lua_check_string(L, 2, function, &needle_length);
    size_t init = sxe_lua_position(sxe_lua_opt_integer(L, 3, function, 1), length);
    const char *found = NULL;

    if (needle_length == 0) {
        lua_pushinteger(L, (lua_Integer)init);
        lua_pushinteger(L, (lua_Integer)init - 1);
        return 2;
    }

    if (ignore_case && strlen(needle) != needle_length) {
        return luaL_error(L, "bad argument #2 to '%s' (text without a zero byte expected)", function);
    }

    if (init - 1 + needle_length <= length) {
        found = ignore_case ? sxe_strncasestr(data + init - 1, needle, length - (init - 1))
                            : memmem(data + init - 1, length - (init - 1), needle, needle_length);
    }

    if (found == NULL) {
        lua_pushnil(L);
        return 1;
    }

    lua_pushinteger(L, found - data + 1);
    lua_pushinteger(L, found - data + (lua_Integer)needle_length);
    return 2;
}

static int sxe_lua_view_find(lua_State *L)
{
    return sxe_lua_view_search(L, "find", false);
}

static int sxe_lua_view_ifind(lua_State *L)
{
    return sxe_lua_view_search(L, "ifind", true);
}

/* view:byte([i [, j]]): the byte values of positions i..j (default i, i = 1), as string.byte. */
static int sxe_lua_view_byte(lua_State *L)
{
    size_t length;
    const char *data = sxe_lua_check_view(L, 1, "byte", &length, NULL);
    lua_Integer i = sxe_lua_opt_integer(L, 2, "byte", 1);
    lua_Integer j = sxe_lua_opt_integer(L, 3, "byte", i);
    size_t first = sxe_lua_position(i, length);
    size_t last = j < 0 ? sxe_lua_position(j, length) : (size_t)j > length ? length : (size_t)j;
    int count = 0;

    if (i == 0 && j == 0) {
        return 0;
    }

    luaL_checkstack(L, last >= first ? (int)(last - first + 1) : 0, "byte: too many results");

    for (size_t at = first; at <= last; at++, count++) {
        lua_pushinteger(L, (unsigned char)data[at - 1]);
    }

    return count;
}

/* view:sub(i [, j]): a string of positions i..j, as string.sub (the one call that copies). */
static int sxe_lua_view_sub(lua_State *L)
{
    size_t length;
    const char *data = sxe_lua_check_view(L, 1, "sub", &length, NULL);
    lua_Integer i = sxe_lua_check_integer(L, 2, "sub", -0x7FFFFFFF, 0x7FFFFFFF);
    lua_Integer j = sxe_lua_opt_integer(L, 3, "sub", -1);
    size_t first = sxe_lua_position(i, length);
    size_t last = j < 0 ? sxe_lua_position(j, length) : (size_t)j > length ? length : (size_t)j;

    lua_pushlstring(L, data + first - 1, last >= first ? last - first + 1 : 0);
    return 1;
}

/* view:consume(n): drop the first n bytes (all of them when n is larger); delivery goes on. */
static int sxe_lua_view_consume(lua_State *L)
{
    size_t length;
    SXE *sxe;

    sxe_lua_check_view(L, 1, "consume", &length, &sxe);
    lsxe_consume(sxe, (size_t)sxe_lua_check_integer(L, 2, "consume", 0, 0xFFFFFFFF));
    return 0;
}

static int sxe_lua_view_clear(lua_State *L)
{
    size_t length;
    SXE *sxe;

    sxe_lua_check_view(L, 1, "clear", &length, &sxe);
    lsxe_consume(sxe, length);
    return 0;
}

/* view:pointer(): a light userdata to the first unconsumed byte and the length (for LuaJIT's FFI: ffi.cast). */
static int sxe_lua_view_pointer(lua_State *L)
{
    size_t length;
    const char *data = sxe_lua_check_view(L, 1, "pointer", &length, NULL);

    lua_pushlightuserdata(L, (void *)(uintptr_t)data);
    lua_pushinteger(L, (lua_Integer)length);
    return 2;
}

static int sxe_lua_view_len(lua_State *L)
{
    size_t length;

    sxe_lua_check_view(L, 1, "len", &length, NULL);
    lua_pushinteger(L, (lua_Integer)length);
    return 1;
}

static int sxe_lua_view_tostring(lua_State *L)
{
    size_t length;
    const char *data = sxe_lua_check_view(L, 1, "tostring", &length, NULL);

    lua_pushlstring(L, data, length);
    return 1;
}

static const luaL_Reg sxe_lua_view_methods[] = {
    {"find", sxe_lua_view_find},       {"ifind", sxe_lua_view_ifind},     {"byte", sxe_lua_view_byte},
    {"sub", sxe_lua_view_sub},         {"consume", sxe_lua_view_consume}, {"clear", sxe_lua_view_clear},
    {"pointer", sxe_lua_view_pointer}, {"len", sxe_lua_view_len},         {NULL, NULL},
};

void sxe_lua_open_view(lua_State *L)
{
    static const luaL_Reg metamethods[] = {
        {"__len", sxe_lua_view_len}, {"__tostring", sxe_lua_view_tostring}, {NULL, NULL}};

    sxe_lua_new_class(L, "sxe.view", sxe_lua_view_methods, NULL, metamethods, "SXE buffer view");
}
