/* sxe-lua-timer.c: timers in Lua, on libev's default loop (an ev_timer inside each timer's userdata: no C
 * allocation). A started timer is referenced from the registry, so it lives while it runs even when the script drops
 * it; a stopped one is collected with its last reference (__gc stops it).
 *
 *   t = sxe_timer_new(callback [, after [, repeat]])  -- not started; callback(t) when it fires
 *   t:start([after [, repeat]]) / sxe_timer_start(t [, after [, repeat]])
 *   t:stop() / sxe_timer_stop(t);  t:is_active() / sxe_timer_is_active(t)
 */
#define SXE_LOG_COMPONENT "lua"
#include <stddef.h>
#include <string.h>

#include "sxe-lua-private.h"

typedef struct SXE_LUA_TIMER {
    unsigned magic;
    ev_timer watcher;
    double after;
    double repeat;
    int ref_callback;
    int ref_self; /* while started */
} SXE_LUA_TIMER;

static SXE_LUA_TIMER *sxe_lua_check_timer(lua_State *L, int index, const char *function)
{
    return sxe_lua_check_userdata(L, index, SXE_LUA_MAGIC_TIMER, sizeof(SXE_LUA_TIMER), function, "timer");
}

static double sxe_lua_check_delay(lua_State *L, int index, const char *function, double fallback)
{
    double seconds = 0;

    if (lua_isnoneornil(L, index)) {
        return fallback;
    }

    if (lua_type(L, index) != LUA_TNUMBER || !((seconds = lua_tonumber(L, index)) >= 0)) {
        luaL_error(L, "bad argument #%d to '%s' (seconds >= 0 expected, got %s)", index, function,
                   lua_type(L, index) == LUA_TNUMBER ? lua_tostring(L, index) : luaL_typename(L, index));
    }

    return seconds;
}

static void sxe_lua_timer_release(lua_State *L, SXE_LUA_TIMER *timer)
{
    if (timer->ref_self != LUA_NOREF) {
        luaL_unref(L, LUA_REGISTRYINDEX, timer->ref_self);
        timer->ref_self = LUA_NOREF;
    }
}

static int sxe_lua_ref_dispatch_timer = LUA_NOREF;

/* In protected mode: the timer (on the stack: alive during the call even when a one-shot timer is released) and its
 * callback.
 */
static int sxe_lua_timer_dispatch(lua_State *L)
{
    SXE_LUA_TIMER *timer = lua_touserdata(L, 1);

    lua_rawgeti(L, LUA_REGISTRYINDEX, timer->ref_self);

    if (!ev_is_active(&timer->watcher)) { /* fired for the last time: collectable once the script drops it */
        sxe_lua_timer_release(L, timer);
    }

    sxe_lua_before_callback(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, timer->ref_callback);
    lua_pushvalue(L, 2);
    lua_call(L, 1, 0);
    return 0;
}

/* Fired: an error in the callback stops the timer. */
static void sxe_lua_timer_fired(struct ev_loop *loop, ev_timer *watcher, int revents)
{
    SXE_LUA_TIMER *timer = (SXE_LUA_TIMER *)((char *)watcher - offsetof(SXE_LUA_TIMER, watcher));

    (void)loop;
    (void)revents;

    if (sxe_lua_enter(sxe_lua_ref_dispatch_timer, timer, "timer", SXE_LOG_NO_ID) != 0) {
        ev_timer_stop(EV_DEFAULT, &timer->watcher);
        sxe_lua_timer_release(sxe_lua.L, timer);
    }
}

static int sxe_lua_timer_new(lua_State *L)
{
    SXE_LUA_TIMER *timer;
    double after;
    double repeat;

    if (lua_type(L, 1) != LUA_TFUNCTION) {
        sxe_lua_type_error(L, 1, "sxe_timer_new", "function");
    }

    after = sxe_lua_check_delay(L, 2, "sxe_timer_new", 0);
    repeat = sxe_lua_check_delay(L, 3, "sxe_timer_new", 0);
    timer = lua_newuserdata(L, sizeof(*timer));
    memset(timer, 0, sizeof(*timer));
    timer->magic = SXE_LUA_MAGIC_TIMER;
    timer->after = after;
    timer->repeat = repeat;
    timer->ref_callback = timer->ref_self = LUA_NOREF;
    ev_timer_init(&timer->watcher, sxe_lua_timer_fired, after, repeat);
    luaL_getmetatable(L, "sxe.timer");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, 1);
    timer->ref_callback = luaL_ref(L, LUA_REGISTRYINDEX);
    return 1;
}

static int sxe_lua_timer_start(lua_State *L)
{
    SXE_LUA_TIMER *timer = sxe_lua_check_timer(L, 1, "sxe_timer_start");

    timer->after = sxe_lua_check_delay(L, 2, "sxe_timer_start", timer->after);
    timer->repeat = sxe_lua_check_delay(L, 3, "sxe_timer_start", lua_isnoneornil(L, 2) ? timer->repeat : 0);
    ev_timer_stop(EV_DEFAULT, &timer->watcher);
    ev_timer_set(&timer->watcher, timer->after, timer->repeat);

    if (timer->ref_self == LUA_NOREF) {
        lua_pushvalue(L, 1);
        timer->ref_self = luaL_ref(L, LUA_REGISTRYINDEX);
    }

    ev_timer_start(EV_DEFAULT, &timer->watcher);
    return 0;
}

static int sxe_lua_timer_stop(lua_State *L)
{
    SXE_LUA_TIMER *timer = sxe_lua_check_timer(L, 1, "sxe_timer_stop");

    ev_timer_stop(EV_DEFAULT, &timer->watcher);
    sxe_lua_timer_release(L, timer);
    return 0;
}

static int sxe_lua_timer_is_active(lua_State *L)
{
    SXE_LUA_TIMER *timer = sxe_lua_check_timer(L, 1, "sxe_timer_is_active");

    lua_pushboolean(L, ev_is_active(&timer->watcher));
    return 1;
}

static int sxe_lua_timer_gc(lua_State *L)
{
    SXE_LUA_TIMER *timer = lua_touserdata(L, 1);

    ev_timer_stop(EV_DEFAULT, &timer->watcher);

    if (timer->ref_callback != LUA_NOREF) {
        luaL_unref(L, LUA_REGISTRYINDEX, timer->ref_callback);
        timer->ref_callback = LUA_NOREF;
    }

    return 0;
}

static const luaL_Reg sxe_lua_timer_methods[] = {
    {"start", sxe_lua_timer_start},
    {"stop", sxe_lua_timer_stop},
    {"is_active", sxe_lua_timer_is_active},
    {NULL, NULL},
};

void sxe_lua_open_timers(lua_State *L)
{
    static const luaL_Reg metamethods[] = {{"__gc", sxe_lua_timer_gc}, {NULL, NULL}};

    sxe_lua_ref_dispatch_timer = sxe_lua_dispatcher(L, sxe_lua_timer_dispatch);
    sxe_lua_new_class(L, "sxe.timer", sxe_lua_timer_methods, "sxe_timer_", metamethods, "SXE timer");
    lua_pushcfunction(L, sxe_lua_timer_new);
    lua_setglobal(L, "sxe_timer_new");
}
