/* sxe-lua-pool.c: lib-sxe-pool in Lua. A pool is `number` elements, each in one of `states` states (all in state 0
 * at first), with O(1) state moves and per-state lists ordered oldest first; indexes are 0-based as in C. Each element
 * may carry a Lua table (sxe_pool_get_indexed_element). With timeouts, on_timeout(pool, index, state) is called for
 * every element that stayed too long in a state: it must move or touch it.
 *
 *   pool = sxe_pool_new(name, number, states [, timeouts, on_timeout])  -- timeouts: {[state] = seconds, ...}
 *   sxe_pool_<function>(pool, ...) for each function below, or pool:<function>(...)
 */
#define SXE_LOG_COMPONENT "lua"
#include <stdio.h>
#include <string.h>

#include "sxe-lua-private.h"
#include "sxe-pool.h"

#define SXE_LUA_POOL_STATES_MAXIMUM 1024 /* states of one Lua pool */

typedef struct SXE_LUA_POOL {
    unsigned magic;
    void *array; /* NULL once deleted */
    unsigned number;
    unsigned states;
    int ref_timeout;  /* on_timeout */
    int ref_elements; /* table index + 1 -> element table */
    int ref_self;     /* a pool with timeouts lives until sxe_pool_delete() */
} SXE_LUA_POOL;

static SXE_LUA_POOL *sxe_lua_check_pool(lua_State *L, int index, const char *function)
{
    SXE_LUA_POOL *pool = sxe_lua_check_userdata(L, index, SXE_LUA_MAGIC_POOL, sizeof(SXE_LUA_POOL), function, "pool");

    if (pool->array == NULL) {
        luaL_error(L, "%s: the pool was deleted", function);
    }

    return pool;
}

static unsigned sxe_lua_check_index(lua_State *L, SXE_LUA_POOL *pool, int index, const char *function)
{
    return (unsigned)sxe_lua_check_integer(L, index, function, 0, (lua_Integer)pool->number - 1);
}

static unsigned sxe_lua_check_state(lua_State *L, SXE_LUA_POOL *pool, int index, const char *function)
{
    return (unsigned)sxe_lua_check_integer(L, index, function, 0, (lua_Integer)pool->states - 1);
}

/* An index, or nil for SXE_POOL_NO_INDEX. */
static int sxe_lua_push_index(lua_State *L, unsigned index)
{
    if (index == SXE_POOL_NO_INDEX) {
        lua_pushnil(L);
    } else {
        lua_pushinteger(L, index);
    }

    return 1;
}

static int sxe_lua_ref_dispatch_timeout = LUA_NOREF;

static int sxe_lua_pool_dispatch_timeout(lua_State *L)
{
    const unsigned *event = lua_touserdata(L, 1); /* {pool ref, index} */
    SXE_LUA_POOL *pool;

    lua_rawgeti(L, LUA_REGISTRYINDEX, (int)event[0]);
    pool = lua_touserdata(L, -1);
    sxe_lua_before_callback(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, pool->ref_timeout);
    lua_pushvalue(L, 2);
    lua_pushinteger(L, event[1]);
    lua_pushinteger(L, sxe_pool_index_to_state(pool->array, event[1]));
    lua_call(L, 3, 0);
    return 0;
}

/* An error in on_timeout is logged and counted; the pool then touches the element itself (and logs it). on_timeout
 * may delete the pool: lib-sxe-pool finishes the delete when this returns, so nothing here uses `pool` after the call.
 */
static void sxe_lua_pool_timeout(void *array, unsigned index, void *caller_info)
{
    SXE_LUA_POOL *pool = caller_info;
    unsigned event[2] = {(unsigned)pool->ref_self, index};

    (void)array;
    sxe_lua_enter(sxe_lua_ref_dispatch_timeout, event, "pool timeout", SXE_LOG_NO_ID);
}

/* Copies the {[state] = seconds} table at `index` into timeouts[]. */
static void sxe_lua_pool_timeouts(lua_State *L, int index, unsigned states, double *timeouts)
{
    memset(timeouts, 0, states * sizeof(*timeouts));
    lua_pushnil(L);

    while (lua_next(L, index) != 0) {
        if (lua_type(L, -2) != LUA_TNUMBER || lua_type(L, -1) != LUA_TNUMBER || lua_tonumber(L, -2) < 0 ||
            lua_tonumber(L, -2) >= states || !(lua_tonumber(L, -1) >= 0)) {
            luaL_error(L, "sxe_pool_new: timeouts must map states 0..%u to seconds >= 0", states - 1);
        }

        timeouts[(unsigned)lua_tonumber(L, -2)] = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
}

static int sxe_lua_pool_new(lua_State *L)
{
    const char *name = sxe_lua_check_string(L, 1, "sxe_pool_new", NULL);
    unsigned number = (unsigned)sxe_lua_check_integer(L, 2, "sxe_pool_new", 1, SXE_LUA_REGISTER_MAXIMUM);
    unsigned states = (unsigned)sxe_lua_check_integer(L, 3, "sxe_pool_new", 1, SXE_LUA_POOL_STATES_MAXIMUM);
    double timeouts[SXE_LUA_POOL_STATES_MAXIMUM];
    bool timed = !lua_isnoneornil(L, 4);
    SXE_LUA_POOL *pool;

    if (timed && (lua_type(L, 4) != LUA_TTABLE || lua_type(L, 5) != LUA_TFUNCTION)) {
        return sxe_lua_type_error(L, lua_type(L, 4) != LUA_TTABLE ? 4 : 5, "sxe_pool_new",
                                  lua_type(L, 4) != LUA_TTABLE ? "table of timeouts" : "function");
    }

    if (timed) {
        sxe_lua_pool_timeouts(L, 4, states, timeouts);
    }

    pool = lua_newuserdata(L, sizeof(*pool));
    memset(pool, 0, sizeof(*pool));
    pool->magic = SXE_LUA_MAGIC_POOL;
    pool->ref_timeout = pool->ref_elements = pool->ref_self = LUA_NOREF;
    luaL_getmetatable(L, "sxe.pool");
    lua_setmetatable(L, -2);
    lua_newtable(L);
    pool->ref_elements = luaL_ref(L, LUA_REGISTRYINDEX);

    if (timed) {
        lua_pushvalue(L, 5);
        pool->ref_timeout = luaL_ref(L, LUA_REGISTRYINDEX);
        lua_pushvalue(L, -1);
        pool->ref_self = luaL_ref(L, LUA_REGISTRYINDEX);
    }

    pool->array = timed ? sxe_pool_new_with_timeouts_and_options(name, number, 1, states, timeouts,
                                                                 sxe_lua_pool_timeout, pool, SXE_POOL_OPTION_TIMED)
                        : sxe_pool_new(name, number, 1, states, SXE_POOL_OPTION_UNLOCKED);

    if (pool->array == NULL) {
        return luaL_error(L, "sxe_pool_new: cannot create pool '%s' (see the log)", name);
    }

    pool->number = number;
    pool->states = states;
    return 1;
}

static void sxe_lua_pool_unref(lua_State *L, SXE_LUA_POOL *pool)
{
    for (int *ref = &pool->ref_timeout; ref <= &pool->ref_self; ref++) {
        if (*ref != LUA_NOREF) {
            luaL_unref(L, LUA_REGISTRYINDEX, *ref);
            *ref = LUA_NOREF;
        }
    }
}

/* From the pool's own on_timeout too: lib-sxe-pool then deletes it when on_timeout returns (sxe_pool_delete()). */
static void sxe_lua_pool_release(lua_State *L, SXE_LUA_POOL *pool)
{
    if (pool->array != NULL) {
        sxe_pool_delete(pool->array);
        pool->array = NULL;
    }

    sxe_lua_pool_unref(L, pool);
}

static int sxe_lua_pool_delete(lua_State *L)
{
    sxe_lua_pool_release(L, sxe_lua_check_pool(L, 1, "sxe_pool_delete"));
    return 0;
}

static int sxe_lua_pool_gc(lua_State *L)
{
    sxe_lua_pool_release(L, lua_touserdata(L, 1));
    return 0;
}

static int sxe_lua_pool_get_name(lua_State *L)
{
    lua_pushstring(L, sxe_pool_get_name(sxe_lua_check_pool(L, 1, "sxe_pool_get_name")->array));
    return 1;
}

static int sxe_lua_pool_get_number(lua_State *L)
{
    lua_pushinteger(L, sxe_lua_check_pool(L, 1, "sxe_pool_get_number")->number);
    return 1;
}

static int sxe_lua_pool_get_number_of_states(lua_State *L)
{
    lua_pushinteger(L, sxe_lua_check_pool(L, 1, "sxe_pool_get_number_of_states")->states);
    return 1;
}

static int sxe_lua_pool_get_number_in_state(lua_State *L)
{
    SXE_LUA_POOL *pool = sxe_lua_check_pool(L, 1, "sxe_pool_get_number_in_state");

    lua_pushinteger(
        L, sxe_pool_get_number_in_state(pool->array, sxe_lua_check_state(L, pool, 2, "sxe_pool_get_number_in_state")));
    return 1;
}

static int sxe_lua_pool_index_to_state(lua_State *L)
{
    SXE_LUA_POOL *pool = sxe_lua_check_pool(L, 1, "sxe_pool_index_to_state");

    lua_pushinteger(L,
                    sxe_pool_index_to_state(pool->array, sxe_lua_check_index(L, pool, 2, "sxe_pool_index_to_state")));
    return 1;
}

/* sxe_pool_set_indexed_element_state(pool, index, old, new): index, or nil when the element is not in `old`. */
static int sxe_lua_pool_set_indexed_element_state(lua_State *L)
{
    static const char function[] = "sxe_pool_set_indexed_element_state";
    SXE_LUA_POOL *pool = sxe_lua_check_pool(L, 1, function);
    unsigned index = sxe_lua_check_index(L, pool, 2, function);
    unsigned old_state = sxe_lua_check_state(L, pool, 3, function);
    unsigned new_state = sxe_lua_check_state(L, pool, 4, function);

    return sxe_lua_push_index(L, sxe_pool_try_set_indexed_element_state(pool->array, index, old_state, new_state) ==
                                         old_state
                                     ? index
                                     : SXE_POOL_NO_INDEX);
}

static int sxe_lua_pool_set_oldest_element_state(lua_State *L)
{
    static const char function[] = "sxe_pool_set_oldest_element_state";
    SXE_LUA_POOL *pool = sxe_lua_check_pool(L, 1, function);
    unsigned old_state = sxe_lua_check_state(L, pool, 2, function);
    unsigned new_state = sxe_lua_check_state(L, pool, 3, function);

    return sxe_lua_push_index(L, sxe_pool_set_oldest_element_state(pool->array, old_state, new_state));
}

static int sxe_lua_pool_get_oldest_element_index(lua_State *L)
{
    SXE_LUA_POOL *pool = sxe_lua_check_pool(L, 1, "sxe_pool_get_oldest_element_index");

    return sxe_lua_push_index(
        L, sxe_pool_get_oldest_element_index(pool->array,
                                             sxe_lua_check_state(L, pool, 2, "sxe_pool_get_oldest_element_index")));
}

static int sxe_lua_pool_touch_indexed_element(lua_State *L)
{
    SXE_LUA_POOL *pool = sxe_lua_check_pool(L, 1, "sxe_pool_touch_indexed_element");

    lua_pushinteger(L, sxe_pool_touch_indexed_element(
                           pool->array, sxe_lua_check_index(L, pool, 2, "sxe_pool_touch_indexed_element")));
    return 1;
}

static bool sxe_lua_pool_is_timed(SXE_LUA_POOL *pool)
{
    return (sxe_pool_get_options(pool->array) & SXE_POOL_OPTION_TIMED) != 0;
}

/* Timed pools: the time (seconds) of the oldest element of a state (nil when empty); untimed: nil. */
static int sxe_lua_pool_get_oldest_element_time(lua_State *L)
{
    SXE_LUA_POOL *pool = sxe_lua_check_pool(L, 1, "sxe_pool_get_oldest_element_time");
    unsigned state = sxe_lua_check_state(L, pool, 2, "sxe_pool_get_oldest_element_time");

    if (!sxe_lua_pool_is_timed(pool) || sxe_pool_get_number_in_state(pool->array, state) == 0) {
        lua_pushnil(L);
    } else {
        lua_pushnumber(L, sxe_pool_get_oldest_element_seconds(pool->array, state));
    }

    return 1;
}

static int sxe_lua_pool_get_element_time_by_index(lua_State *L)
{
    SXE_LUA_POOL *pool = sxe_lua_check_pool(L, 1, "sxe_pool_get_element_time_by_index");
    unsigned index = sxe_lua_check_index(L, pool, 2, "sxe_pool_get_element_time_by_index");

    if (sxe_lua_pool_is_timed(pool)) {
        lua_pushnumber(L, sxe_pool_get_element_seconds_by_index(pool->array, index));
    } else {
        lua_pushnil(L);
    }

    return 1;
}

static int sxe_lua_pool_check_timeouts(lua_State *L)
{
    SXE_LUA_POOL *pool = sxe_lua_check_pool(L, 1, "sxe_pool_check_timeouts");

    lua_pushinteger(L, pool->ref_timeout == LUA_NOREF ? 0 : sxe_pool_check_timeouts_of(pool->array));
    return 1;
}

static int sxe_lua_pool_set_state_timeout(lua_State *L)
{
    SXE_LUA_POOL *pool = sxe_lua_check_pool(L, 1, "sxe_pool_set_state_timeout");
    unsigned state = sxe_lua_check_state(L, pool, 2, "sxe_pool_set_state_timeout");

    if (lua_type(L, 3) != LUA_TNUMBER || !(lua_tonumber(L, 3) >= 0)) {
        return sxe_lua_type_error(L, 3, "sxe_pool_set_state_timeout", "seconds >= 0");
    }

    if (!sxe_lua_pool_is_timed(pool)) {
        return luaL_error(L, "sxe_pool_set_state_timeout: the pool has no timeouts (give them to sxe_pool_new)");
    }

    sxe_pool_set_state_timeout(pool->array, state, lua_tonumber(L, 3));
    return 0;
}

/* The Lua table of an element, made the first time it is asked for. */
static int sxe_lua_pool_get_indexed_element(lua_State *L)
{
    SXE_LUA_POOL *pool = sxe_lua_check_pool(L, 1, "sxe_pool_get_indexed_element");
    int index = (int)sxe_lua_check_index(L, pool, 2, "sxe_pool_get_indexed_element") + 1;

    lua_rawgeti(L, LUA_REGISTRYINDEX, pool->ref_elements);
    lua_rawgeti(L, -1, index);

    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, index);
    }

    return 1;
}

static const luaL_Reg sxe_lua_pool_functions[] = {
    {"delete", sxe_lua_pool_delete},
    {"get_name", sxe_lua_pool_get_name},
    {"get_number", sxe_lua_pool_get_number},
    {"get_number_of_states", sxe_lua_pool_get_number_of_states},
    {"get_number_in_state", sxe_lua_pool_get_number_in_state},
    {"index_to_state", sxe_lua_pool_index_to_state},
    {"set_indexed_element_state", sxe_lua_pool_set_indexed_element_state},
    {"set_oldest_element_state", sxe_lua_pool_set_oldest_element_state},
    {"get_oldest_element_index", sxe_lua_pool_get_oldest_element_index},
    {"touch_indexed_element", sxe_lua_pool_touch_indexed_element},
    {"get_oldest_element_time", sxe_lua_pool_get_oldest_element_time},
    {"get_element_time_by_index", sxe_lua_pool_get_element_time_by_index},
    {"check_timeouts", sxe_lua_pool_check_timeouts},
    {"set_state_timeout", sxe_lua_pool_set_state_timeout},
    {"get_indexed_element", sxe_lua_pool_get_indexed_element},
    {NULL, NULL},
};

void sxe_lua_open_pools(lua_State *L)
{
    static const luaL_Reg metamethods[] = {{"__gc", sxe_lua_pool_gc}, {NULL, NULL}};

    sxe_lua_ref_dispatch_timeout = sxe_lua_dispatcher(L, sxe_lua_pool_dispatch_timeout);
    sxe_lua_new_class(L, "sxe.pool", sxe_lua_pool_functions, "sxe_pool_", metamethods, "SXE pool");
    lua_pushcfunction(L, sxe_lua_pool_new);
    lua_setglobal(L, "sxe_pool_new");
}
