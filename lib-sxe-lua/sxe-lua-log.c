/* sxe-lua-log.c: the log in Lua. SXEL1(fmt, ...) .. SXEL7(fmt, ...) log a line at that level (with arguments, the line
 * is string.format(fmt, ...); without, fmt is the text as it is); SXEL1I(obj, fmt, ...) .. SXEL7I log it with the id of
 * an object (or a number). The level is checked first: a line that is not printed costs no formatting. Lua's levels 6
 * and 7 follow the run-time level in every build (C compiles them out of release builds). The component is "lua"
 * (SXE_LOG_LEVEL_LUA=N sets its level alone). sxe_log_set_level(n) returns the previous level, sxe_log_get_level().
 */
#define SXE_LOG_COMPONENT "lua"
#include <stdio.h>

#include "sxe-lua-private.h"

/* Logs the text of arguments first.. at `level` for `id`. Upvalues: the level, string.format, the name. */
static int sxe_lua_log_at(lua_State *L, unsigned level, unsigned id, int first, const char *function)
{
    int top = lua_gettop(L);

    if (lua_type(L, first) != LUA_TSTRING && lua_type(L, first) != LUA_TNUMBER) {
        return sxe_lua_type_error(L, first, function, "string");
    }

    if (level > sxe_log_control_level(&sxe_log_control)) {
        return 0;
    }

    if (top > first) {
        lua_pushvalue(L, lua_upvalueindex(2));
        lua_insert(L, first);
        lua_call(L, top - first + 1, 1);
    }

    sxe_log_line(level, id, "%s", lua_tostring(L, -1));
    return 0;
}

static int sxe_lua_log(lua_State *L)
{
    unsigned level = (unsigned)lua_tointeger(L, lua_upvalueindex(1));

    return sxe_lua_log_at(L, level, SXE_LOG_NO_ID, 1, lua_tostring(L, lua_upvalueindex(3)));
}

static int sxe_lua_log_id(lua_State *L)
{
    unsigned level = (unsigned)lua_tointeger(L, lua_upvalueindex(1));
    const char *name = lua_tostring(L, lua_upvalueindex(3));
    SXE_LUA_OBJECT *object = sxe_lua_test_object(L, 1);
    unsigned id;

    if (object != NULL) {
        id = object->id;
    } else if (lua_type(L, 1) == LUA_TNUMBER) {
        id = (unsigned)lua_tointeger(L, 1);
    } else {
        return sxe_lua_type_error(L, 1, name, "SXE object or id");
    }

    return sxe_lua_log_at(L, level, id, 2, name);
}

static int sxe_lua_log_set_level(lua_State *L)
{
    lua_pushinteger(L, sxe_log_set_level((SXE_LOG_LEVEL)sxe_lua_check_integer(L, 1, "sxe_log_set_level", 0, 7)));
    return 1;
}

static int sxe_lua_log_get_level(lua_State *L)
{
    lua_pushinteger(L, sxe_log_get_level());
    return 1;
}

void sxe_lua_open_log(lua_State *L)
{
    char name[8];

    for (unsigned level = 1; level <= SXE_LOG_LEVEL_MAX; level++) {
        for (int with_id = 0; with_id <= 1; with_id++) {
            lua_pushinteger(L, level);
            lua_getglobal(L, "string");
            lua_getfield(L, -1, "format");
            lua_remove(L, -2);
            snprintf(name, sizeof(name), "SXEL%u%s", level, with_id ? "I" : "");
            lua_pushstring(L, name);
            lua_pushcclosure(L, with_id ? sxe_lua_log_id : sxe_lua_log, 3);
            lua_setglobal(L, name);
        }
    }

    lua_pushcfunction(L, sxe_lua_log_set_level);
    lua_setglobal(L, "sxe_log_set_level");
    lua_pushcfunction(L, sxe_lua_log_get_level);
    lua_setglobal(L, "sxe_log_get_level");
}
