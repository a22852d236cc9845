/* sxe-lua.c: the Lua state of SXELua: its limited allocator, loading scripts, sxe_register()/init functions, calling
 * Lua from the loop with errors logged and counted, deferred functions, counters and the runner's small globals.
 */
#define SXE_LOG_COMPONENT "lua"
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "lualib.h"
#include "sxe-lua-private.h"
#include "sxe-version.h"

#define SXE_LUA_DESCRIPTORS_SPARE 64 /* descriptors beyond one per object when raising RLIMIT_NOFILE */

SXE_LUA_STATE sxe_lua;
static char sxe_lua_last_error[SXE_LUA_ERROR_MAXIMUM];

/* ---- the allocator: every byte of the Lua heap is counted; nothing past the limit ------------------------------ */

static void *sxe_lua_allocate(void *user, void *pointer, size_t old_size, size_t new_size)
{
    size_t old = pointer != NULL ? old_size : 0;
    void *result;

    (void)user;

    if (new_size == 0) {
        free(pointer);
        sxe_lua.heap_bytes -= old;
        return NULL;
    }

    if (new_size > old && sxe_lua.heap_bytes + (new_size - old) > sxe_lua.heap_limit) {
        return NULL; /* Lua raises "not enough memory" where the allocation was asked for */
    }

    if ((result = realloc(pointer, new_size)) == NULL) {
        return new_size <= old ? pointer : NULL; /* a shrink never fails: the block stays big enough */
    }

    sxe_lua.heap_bytes += new_size - old;

    if (sxe_lua.heap_bytes > sxe_lua.heap_peak) {
        sxe_lua.heap_peak = sxe_lua.heap_bytes;
    }

    return result;
}

/* sxe_lua_before_callback()'s collection (sxe-lua-private.h): when live data keeps the heap high after it, the trigger
 * moves halfway to the limit (no collection per callback); it comes back once the heap shrinks.
 */
void sxe_lua_collect(lua_State *L)
{
    size_t base = sxe_lua.heap_limit / 100 * SXE_LUA_GC_FULL_PERCENT;

    lua_gc(L, LUA_GCCOLLECT, 0);
    sxe_lua.full_collections++;
    sxe_lua.gc_trigger =
        sxe_lua.heap_bytes < base ? base : sxe_lua.heap_bytes + (sxe_lua.heap_limit - sxe_lua.heap_bytes) / 2;
}

/* ---- errors -------------------------------------------------------------------------------------------------- */

/* The message handler of every protected call: the message with the Lua traceback appended. */
static int sxe_lua_traceback(lua_State *L)
{
    const char *message = lua_tostring(L, 1);

    if (message == NULL) {
        message = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }

    luaL_traceback(L, L, message, 1);
    return 1;
}

static void sxe_lua_error_set(const char *message)
{
    snprintf(sxe_lua_last_error, sizeof(sxe_lua_last_error), "%s", message != NULL ? message : "(no message)");
}

/* Call the function below its nargs arguments on the stack, protected, with the traceback handler (the main chunk, an
 * init function: the caller reports an error, which is not a callback error). Returns 0 or the Lua error code, the
 * error's message (with its traceback) then on the stack in place of the results.
 */
int sxe_lua_call(lua_State *L, int nargs, int nresults)
{
    int handler = lua_gettop(L) - nargs;
    int status;

    lua_rawgeti(L, LUA_REGISTRYINDEX, sxe_lua.ref_traceback);
    lua_insert(L, handler);
    status = lua_pcall(L, nargs, nresults, handler);
    lua_remove(L, handler);
    return status;
}

/* Make the C function `dispatch` a Lua function once (at open) and keep it in the registry: entering Lua with it
 * then allocates nothing.
 */
int sxe_lua_dispatcher(lua_State *L, lua_CFunction dispatch)
{
    lua_pushcfunction(L, dispatch);
    return luaL_ref(L, LUA_REGISTRYINDEX);
}

/* Enter Lua from the loop: the dispatcher `ref` is called with the light userdata `arg`, protected, with the
 * traceback handler; an error in it or in the script's callback it calls (lua_call) is logged at level 2 and
 * counted. Returns 0 or the Lua error code. The stack is left as it was.
 */
int sxe_lua_enter(int ref, void *arg, const char *what, unsigned id)
{
    lua_State *L = sxe_lua.L;
    int base = lua_gettop(L);
    int status;

    lua_rawgeti(L, LUA_REGISTRYINDEX, sxe_lua.ref_traceback);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
    lua_pushlightuserdata(L, arg);

    if (SXE_LIKELY((status = lua_pcall(L, 1, 0, base + 1)) == 0)) {
        lua_settop(L, base);
        return 0;
    }

    sxe_lua_error_counted(L, status, id, what);
    lua_settop(L, base);
    return status;
}

/* Count and log (level 2) the error whose message is on the top of the stack. */
void sxe_lua_error_counted(lua_State *L, int status, unsigned id, const char *what)
{
    sxe_lua.callback_errors++;

    if (status == LUA_ERRMEM) {
        sxe_lua.memory_errors++;
        SXE_LUA_LOG(2, id, "%s: the Lua heap limit of %zu bytes was reached (not enough memory)", what,
                    sxe_lua.heap_limit);
    } else {
        SXE_LUA_LOG(2, id, "%s: %s", what, lua_tostring(L, -1) != NULL ? lua_tostring(L, -1) : "(error object)");
    }
}

/* The panic function: a Lua error outside any protected call. Inside a trampoline's unprotected pushes it jumps back
 * to the trampoline (sxe_lua.panic_jump); anywhere else it is a bug of the binding: logged, and LuaJIT exits.
 */
static int sxe_lua_panic(lua_State *L)
{
    if (sxe_lua.panic_armed) {
        sxe_lua.panic_armed = false;
        sxe_lua.panic_status = lua_tostring(L, -1) != NULL && strcmp(lua_tostring(L, -1), "not enough memory") == 0
                                   ? LUA_ERRMEM
                                   : LUA_ERRRUN;
        siglongjmp(sxe_lua.panic_jump, 1);
    }

    SXEL1("sxelua: a Lua error outside any protected call: %s", lua_tostring(L, -1));
    return 0;
}

/* After the panic function jumped back: count and log the error, restore the stack. */
void sxe_lua_panicked(lua_State *L, int base, unsigned id, const char *what)
{
    sxe_lua_error_counted(L, sxe_lua.panic_status, id, what);
    lua_settop(L, base);
}

void sxe_lua_push_return(lua_State *L, SXE_RETURN result)
{
    if (result == SXE_RETURN_OK) {
        lua_pushboolean(L, 1);
    } else {
        lua_pushnil(L);
        lua_pushstring(L, lsxe_return_name(result));
    }
}

int sxe_lua_result(lua_State *L, SXE_RETURN result)
{
    sxe_lua_push_return(L, result);
    return result == SXE_RETURN_OK ? 1 : 2;
}

/* ---- classes -------------------------------------------------------------------------------------------------- */

/* Registers the metatable `name`: __index is a table of the methods, each also a global named global_prefix + its
 * name when global_prefix is not NULL; the metamethods given (__gc, __len, ...); __metatable is `shown_as`, so that
 * getmetatable() shows it and setmetatable() is refused. Either list may be NULL; both end with {NULL, NULL}.
 */
void sxe_lua_new_class(lua_State *L, const char *name, const luaL_Reg *methods, const char *global_prefix,
                       const luaL_Reg *metamethods, const char *shown_as)
{
    char global[64];

    luaL_newmetatable(L, name);
    lua_newtable(L);

    for (const luaL_Reg *method = methods; method != NULL && method->name != NULL; method++) {
        lua_pushcfunction(L, method->func);

        if (global_prefix != NULL) {
            lua_pushvalue(L, -1);
            snprintf(global, sizeof(global), "%s%s", global_prefix, method->name);
            lua_setglobal(L, global);
        }

        lua_setfield(L, -2, method->name);
    }

    lua_setfield(L, -2, "__index");

    for (const luaL_Reg *metamethod = metamethods; metamethod != NULL && metamethod->name != NULL; metamethod++) {
        lua_pushcfunction(L, metamethod->func);
        lua_setfield(L, -2, metamethod->name);
    }

    lua_pushstring(L, shown_as);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
}

/* ---- argument checks ---------------------------------------------------------------------------------------- */

/* The binding's userdata at `index` whose first field is `magic` and whose size is `size`, or NULL. */
void *sxe_lua_test_userdata(lua_State *L, int index, unsigned magic, size_t size)
{
    unsigned *data = lua_touserdata(L, index);

    return data != NULL && lua_type(L, index) == LUA_TUSERDATA && lua_objlen(L, index) == size && *data == magic ? data
                                                                                                                 : NULL;
}

/* sxe_lua_test_userdata(), or a Lua error naming the function and what was expected. */
void *sxe_lua_check_userdata(lua_State *L, int index, unsigned magic, size_t size, const char *function,
                             const char *expected)
{
    void *data = sxe_lua_test_userdata(L, index, magic, size);

    if (SXE_UNLIKELY(data == NULL)) {
        sxe_lua_type_error(L, index, function, expected);
    }

    return data;
}

int sxe_lua_type_error(lua_State *L, int index, const char *function, const char *expected)
{
    return luaL_error(L, "bad argument #%d to '%s' (%s expected, got %s)", index, function, expected,
                      luaL_typename(L, index));
}

lua_Integer sxe_lua_check_integer(lua_State *L, int index, const char *function, lua_Integer low, lua_Integer high)
{
    lua_Number number;
    lua_Integer integer;

    if (lua_type(L, index) != LUA_TNUMBER) {
        sxe_lua_type_error(L, index, function, "number");
    }

    number = lua_tonumber(L, index);
    integer = (lua_Integer)number;

    if ((lua_Number)integer != number || integer < low || integer > high) {
        luaL_error(L, "bad argument #%d to '%s' (an integer from %lld to %lld expected, got %s)", index, function,
                   (long long)low, (long long)high, lua_tostring(L, index));
    }

    return integer;
}

const char *sxe_lua_check_string(lua_State *L, int index, const char *function, size_t *length)
{
    if (lua_type(L, index) != LUA_TSTRING) {
        sxe_lua_type_error(L, index, function, "string");
    }

    return lua_tolstring(L, index, length);
}

void sxe_lua_check_function_or_nil(lua_State *L, int index, const char *function)
{
    int type = lua_type(L, index);

    if (type != LUA_TFUNCTION && type != LUA_TNIL && type != LUA_TNONE) {
        sxe_lua_type_error(L, index, function, "function or nil");
    }
}

/* ---- sxe_register, sxe_set_buffer_size, sxe_stop, sxe_get_counters, sxe_defer -------------------------------- */

/* sxe_register(count, init_function): reserve `count` objects; init_function runs after sxe_init(). */
static int sxe_lua_register(lua_State *L)
{
    lua_Integer count = sxe_lua_check_integer(L, 1, "sxe_register", 1, SXE_LUA_REGISTER_MAXIMUM);

    if (lua_type(L, 2) != LUA_TFUNCTION) {
        sxe_lua_type_error(L, 2, "sxe_register", "function");
    }

    if (sxe_lua.initialized) {
        return luaL_error(L, "sxe_register: called after sxe_init(): register every object in the main chunk");
    }

    lua_rawgeti(L, LUA_REGISTRYINDEX, sxe_lua.ref_inits);
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, (int)lua_objlen(L, -2) + 1);
    lsxe_register((unsigned)count);
    sxe_lua.registered += (unsigned)count;
    return 0;
}

/* sxe_set_buffer_size(bytes): each object's input buffer, before sxe_init(). Returns true or nil, error name. */
static int sxe_lua_set_buffer_size(lua_State *L)
{
    lua_Integer bytes = sxe_lua_check_integer(L, 1, "sxe_set_buffer_size", 0, 0xFFFFFFFF);

    return sxe_lua_result(L, lsxe_set_buffer_size((unsigned)bytes));
}

/* sxe_stop([status]): break the loop; sxelua then exits with status (default 0). */
static int sxe_lua_stop(lua_State *L)
{
    if (!lua_isnoneornil(L, 1)) {
        sxe_lua.exit_status = (int)sxe_lua_check_integer(L, 1, "sxe_stop", 0, 255);
    }

    ev_break(EV_DEFAULT, EVBREAK_ALL);
    return 0;
}

static void sxe_lua_set_field_number(lua_State *L, const char *name, double value)
{
    lua_pushnumber(L, value);
    lua_setfield(L, -2, name);
}

/* sxe_get_counters(): a table of lib-sxe's counters and the binding's. */
static int sxe_lua_get_counters_lua(lua_State *L)
{
    SXE_COUNTERS counters;

    lsxe_get_counters(&counters);
    lua_createtable(L, 0, 16);
    sxe_lua_set_field_number(L, "accepted", (double)counters.accepted);
    sxe_lua_set_field_number(L, "refused_pool_exhausted", (double)counters.refused_pool_exhausted);
    sxe_lua_set_field_number(L, "refused_out_of_files", (double)counters.refused_out_of_files);
    sxe_lua_set_field_number(L, "connect_failed", (double)counters.connect_failed);
    sxe_lua_set_field_number(L, "timeouts", (double)counters.timeouts);
    sxe_lua_set_field_number(L, "bytes_in", (double)counters.bytes_in);
    sxe_lua_set_field_number(L, "bytes_out", (double)counters.bytes_out);
    sxe_lua_set_field_number(L, "open_now", counters.open_now);
    sxe_lua_set_field_number(L, "open_peak", counters.open_peak);
    sxe_lua_set_field_number(L, "callback_errors", (double)sxe_lua.callback_errors);
    sxe_lua_set_field_number(L, "memory_errors", (double)sxe_lua.memory_errors);
    sxe_lua_set_field_number(L, "full_collections", (double)sxe_lua.full_collections);
    sxe_lua_set_field_number(L, "heap_bytes", (double)sxe_lua.heap_bytes);
    sxe_lua_set_field_number(L, "heap_peak", (double)sxe_lua.heap_peak);
    sxe_lua_set_field_number(L, "heap_limit", (double)sxe_lua.heap_limit);
    return 1;
}

/* The deferred queue: one SXE_DEFERRED for the whole binding drains a Lua table of functions. Functions deferred
 * while it drains run on the next loop iteration (the drain stops at the tail it started with).
 */
static int sxe_lua_ref_dispatch_deferred = LUA_NOREF;

/* In protected mode: take the function at queue index `arg` out of the queue and call it. */
static int sxe_lua_dispatch_deferred(lua_State *L)
{
    int index = (int)(uintptr_t)lua_touserdata(L, 1);

    lua_rawgeti(L, LUA_REGISTRYINDEX, sxe_lua.ref_defer);
    lua_rawgeti(L, -1, index);
    lua_pushnil(L);
    lua_rawseti(L, -3, index);
    sxe_lua_before_callback(L);
    lua_call(L, 0, 0);
    return 0;
}

static void sxe_lua_run_deferred(void *arg)
{
    unsigned tail = sxe_lua.defer_tail;

    (void)arg;

    while (sxe_lua.defer_head < tail) {
        sxe_lua_enter(sxe_lua_ref_dispatch_deferred, (void *)(uintptr_t)sxe_lua.defer_head++, "deferred function",
                      SXE_LOG_NO_ID);
    }

    if (sxe_lua.defer_head == sxe_lua.defer_tail) {
        sxe_lua.defer_head = sxe_lua.defer_tail = 1; /* empty: the table's array part is reused from the start */
    } else {
        lsxe_defer(&sxe_lua.deferred, sxe_lua_run_deferred, NULL);
    }
}

/* sxe_defer(function): run it from the loop after the current callback, before the loop waits for I/O. */
static int sxe_lua_defer(lua_State *L)
{
    if (lua_type(L, 1) != LUA_TFUNCTION) {
        sxe_lua_type_error(L, 1, "sxe_defer", "function");
    }

    lua_rawgeti(L, LUA_REGISTRYINDEX, sxe_lua.ref_defer);
    lua_pushvalue(L, 1);
    lua_rawseti(L, -2, (int)sxe_lua.defer_tail++);
    return sxe_lua_result(L, lsxe_defer(&sxe_lua.deferred, sxe_lua_run_deferred, NULL) == SXE_RETURN_ERROR_BAD_PARAMETER
                                 ? SXE_RETURN_ERROR_BAD_PARAMETER
                                 : SXE_RETURN_OK);
}

/* sxe_portfile(path, port): write the port to path atomically (a temporary file renamed), for -P PORTFILE. */
static int sxe_lua_portfile(lua_State *L)
{
    const char *path = sxe_lua_check_string(L, 1, "sxe_portfile", NULL);
    lua_Integer port = sxe_lua_check_integer(L, 2, "sxe_portfile", 0, 65535);
    char temporary[4096];
    FILE *file;

    snprintf(temporary, sizeof(temporary), "%s.%d.tmp", path, (int)getpid());

    if ((file = fopen(temporary, "w")) == NULL) {
        lua_pushnil(L);
        lua_pushfstring(L, "%s: %s", temporary, strerror(errno));
        return 2;
    }

    fprintf(file, "%u\n", (unsigned)port);

    if (fclose(file) != 0 || rename(temporary, path) != 0) {
        lua_pushnil(L);
        lua_pushfstring(L, "%s: %s", path, strerror(errno));
        return 2;
    }

    lua_pushboolean(L, 1);
    return 1;
}

static int sxe_lua_options(lua_State *L);

static const luaL_Reg sxe_lua_globals[] = {
    {"sxe_register", sxe_lua_register}, {"sxe_set_buffer_size", sxe_lua_set_buffer_size},
    {"sxe_stop", sxe_lua_stop},         {"sxe_get_counters", sxe_lua_get_counters_lua},
    {"sxe_defer", sxe_lua_defer},       {"sxe_portfile", sxe_lua_portfile},
    {"sxe_options", sxe_lua_options},   {NULL, NULL},
};

/* sxe_options(arg, usage, defaults): the "-X VALUE" options of a script, each X a key of `defaults` (a number default
 * takes a number). Returns a new table: the defaults with the values given. An unknown option, a missing value or a
 * value that is not a number where one is wanted prints "usage: USAGE" and the reason on stderr and exits 2.
 */
static const char sxe_lua_options_source[] =
    "local arg, usage, defaults = ...\n"
    "local function fail(reason)\n"
    "    io.stderr:write('usage: ', usage, '\\n', reason, '\\n')\n"
    "    os.exit(2)\n"
    "end\n"
    "if type(arg) ~= 'table' or type(usage) ~= 'string' or type(defaults) ~= 'table' then\n"
    "    error('sxe_options(arg, usage, defaults): a table, a string and a table expected', 2)\n"
    "end\n"
    "local options = {}\n"
    "for key, value in pairs(defaults) do options[key] = value end\n"
    "local i = 1\n"
    "while arg[i] ~= nil do\n"
    "    local key, value = tostring(arg[i]):match('^%-(%w)$'), arg[i + 1]\n"
    "    if not key or defaults[key] == nil then fail('unknown option ' .. tostring(arg[i])) end\n"
    "    if value == nil then fail('-' .. key .. ' needs a value') end\n"
    "    if type(defaults[key]) == 'number' then\n"
    "        value = tonumber(value) or fail('-' .. key .. ' takes a number, not ' .. value)\n"
    "    end\n"
    "    options[key] = value\n"
    "    i = i + 2\n"
    "end\n"
    "return options\n";

static int sxe_lua_options(lua_State *L)
{
    lua_settop(L, 3);

    if (luaL_loadbuffer(L, sxe_lua_options_source, sizeof(sxe_lua_options_source) - 1, "=sxe_options") != 0) {
        return lua_error(L);
    }

    lua_insert(L, 1);
    lua_call(L, 3, 1);
    return 1;
}

/* ---- the state ---------------------------------------------------------------------------------------------- */

static int sxe_lua_new_ref_table(lua_State *L)
{
    lua_newtable(L);
    return luaL_ref(L, LUA_REGISTRYINDEX);
}

/* Everything that allocates while the state is opened, protected (lua_cpcall). */
static int sxe_lua_open(lua_State *L)
{
    luaL_openlibs(L);
    lua_pushcfunction(L, sxe_lua_traceback);
    sxe_lua.ref_traceback = luaL_ref(L, LUA_REGISTRYINDEX);
    sxe_lua.ref_slots = sxe_lua_new_ref_table(L);
    sxe_lua.ref_inits = sxe_lua_new_ref_table(L);
    sxe_lua.ref_defer = sxe_lua_new_ref_table(L);
    sxe_lua_ref_dispatch_deferred = sxe_lua_dispatcher(L, sxe_lua_dispatch_deferred);

    for (const luaL_Reg *global = sxe_lua_globals; global->name != NULL; global++) {
        lua_pushcfunction(L, global->func);
        lua_setglobal(L, global->name);
    }

    lua_pushstring(L, sxe_version());
    lua_setglobal(L, "SXE_VERSION");
    sxe_lua_open_objects(L);
    sxe_lua_open_view(L);
    sxe_lua_open_timers(L);
    sxe_lua_open_pools(L);
    sxe_lua_open_log(L);
    sxe_lua_open_http(L);
    return 0;
}

lua_State *sxe_lua_new(size_t heap_limit)
{
    lua_State *L;

    if (sxe_lua.L != NULL) {
        SXEL2("sxe_lua_new(%zu): a Lua state exists already (one per process): sxe_lua_delete() it first", heap_limit);
        return NULL;
    }

    memset(&sxe_lua, 0, sizeof(sxe_lua));
    sxe_lua.heap_limit = heap_limit == 0 ? SXE_LUA_HEAP_LIMIT_DEFAULT : heap_limit;
    sxe_lua.heap_limit =
        sxe_lua.heap_limit < SXE_LUA_HEAP_LIMIT_MINIMUM ? SXE_LUA_HEAP_LIMIT_MINIMUM : sxe_lua.heap_limit;
    sxe_lua.gc_trigger = sxe_lua.heap_limit / 100 * SXE_LUA_GC_FULL_PERCENT;
    sxe_lua.defer_head = sxe_lua.defer_tail = 1;
    sxe_lua_last_error[0] = '\0';

    if ((L = lua_newstate(sxe_lua_allocate, NULL)) == NULL) {
        SXEL2("sxe_lua_new(%zu): cannot create a Lua state (heap limit %zu bytes)", heap_limit, sxe_lua.heap_limit);
        return NULL;
    }

    lua_atpanic(L, sxe_lua_panic);

    if (lua_cpcall(L, sxe_lua_open, NULL) != 0) {
        SXEL2("sxe_lua_new(%zu): cannot open the libraries: %s", heap_limit, lua_tostring(L, -1));
        lua_close(L);
        return NULL;
    }

    sxe_lua.L = L;
    return L;
}

/* A full collection when the heap is near its limit, outside a callback (the panic function catches an error). */
static void sxe_lua_collect_if_near_limit(lua_State *L)
{
    int base = lua_gettop(L);

    if (sigsetjmp(sxe_lua.panic_jump, 0) != 0) {
        lua_settop(L, base);
        return;
    }

    sxe_lua.panic_armed = true;
    sxe_lua_before_callback(L);
    sxe_lua.panic_armed = false;
}

typedef struct SXE_LUA_ARGS {
    const char *path;
    int argc;
    const char *const *argv;
} SXE_LUA_ARGS;

/* The global `arg` of the lua interpreter: arg[0] the script, arg[1..] its arguments (protected: lua_cpcall). */
static int sxe_lua_set_arg(lua_State *L)
{
    const SXE_LUA_ARGS *args = lua_touserdata(L, 1);

    lua_createtable(L, args->argc, 1);
    lua_pushstring(L, args->path);
    lua_rawseti(L, -2, 0);

    for (int i = 0; i < args->argc; i++) {
        lua_pushstring(L, args->argv[i]);
        lua_rawseti(L, -2, i + 1);
    }

    lua_setglobal(L, "arg");
    return 0;
}

static SXE_RETURN sxe_lua_load_error(int status, const char *path)
{
    const char *message = lua_tostring(sxe_lua.L, -1);

    if (status == LUA_ERRFILE) {
        char reason[SXE_LUA_ERROR_MAXIMUM];

        snprintf(reason, sizeof(reason), "%s: cannot open: %s", path, strerror(errno != 0 ? errno : ENOENT));
        sxe_lua_error_set(reason);
    } else {
        sxe_lua_error_set(message);
    }

    lua_pop(sxe_lua.L, 1);
    return status == LUA_ERRMEM ? SXE_RETURN_ERROR_OUT_OF_MEMORY : SXE_RETURN_ERROR_INVALID_ADDRESS;
}

SXE_RETURN sxe_lua_load(const char *path, int argc, const char *const *argv)
{
    lua_State *L = sxe_lua.L;
    SXE_LUA_ARGS args = {path, argc, argv};
    int status;

    if (path == NULL || argc < 0 || (argc > 0 && argv == NULL)) {
        SXEL2("sxe_lua_load(%s, %d, %p): %s", path != NULL ? path : "NULL", argc, (const void *)argv,
              path == NULL ? "NULL path" : "argc < 0, or NULL argv with argc > 0");
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    if (L == NULL) {
        SXEL2("sxe_lua_load(%s, %d, %p): no Lua state: call sxe_lua_new() first", path, argc, (const void *)argv);
        return SXE_RETURN_ERROR_BAD_STATE;
    }

    sxe_lua_last_error[0] = '\0';
    sxe_lua_collect_if_near_limit(L);

    if ((status = lua_cpcall(L, sxe_lua_set_arg, &args)) != 0) {
        return sxe_lua_load_error(status, path);
    }

    errno = 0;

    if ((status = luaL_loadfile(L, path)) != 0) {
        return sxe_lua_load_error(status, path);
    }

    if ((status = sxe_lua_call(L, 0, 0)) != 0) {
        sxe_lua_error_set(lua_tostring(L, -1));
        lua_pop(L, 1);
        return status == LUA_ERRMEM ? SXE_RETURN_ERROR_OUT_OF_MEMORY : SXE_RETURN_ERROR_INTERNAL;
    }

    return SXE_RETURN_OK;
}

static void sxe_lua_raise_descriptors(unsigned objects)
{
    struct rlimit limit;
    rlim_t need = (rlim_t)objects + SXE_LUA_DESCRIPTORS_SPARE;

    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < need) {
        limit.rlim_cur = limit.rlim_max != RLIM_INFINITY && limit.rlim_max < need ? limit.rlim_max : need;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

SXE_RETURN sxe_lua_init(void)
{
    lua_State *L = sxe_lua.L;
    SXE_RETURN result;
    int count;

    if (L == NULL || sxe_lua.initialized) {
        SXEL2("sxe_lua_init(): %s", L == NULL ? "no Lua state: call sxe_lua_new() first" : "called twice");
        return SXE_RETURN_ERROR_BAD_STATE;
    }

    sxe_lua.initialized = true;
    sxe_lua_last_error[0] = '\0';

    if (sxe_lua.registered > 0) {
        sxe_lua_raise_descriptors(sxe_lua.registered);

        if ((result = lsxe_init()) != SXE_RETURN_OK && result != SXE_RETURN_WARN_ALREADY_INITIALIZED) {
            sxe_lua_error_set(lsxe_return_name(result));
            return result;
        }

        sxe_lua.sxe_initialized = result == SXE_RETURN_OK; /* the application's sxe_init() is its to finish */
    }

    lua_rawgeti(L, LUA_REGISTRYINDEX, sxe_lua.ref_inits);
    count = (int)lua_objlen(L, -1);

    for (int i = 1; i <= count; i++) {
        int status;

        sxe_lua_collect_if_near_limit(L);
        lua_rawgeti(L, -1, i);

        if ((status = sxe_lua_call(L, 0, 0)) != 0) {
            sxe_lua_error_set(lua_tostring(L, -1));
            lua_pop(L, 2);
            return status == LUA_ERRMEM ? SXE_RETURN_ERROR_OUT_OF_MEMORY : SXE_RETURN_ERROR_INTERNAL;
        }
    }

    lua_pop(L, 1);
    return SXE_RETURN_OK;
}

int sxe_lua_exit_status(void)
{
    return sxe_lua.exit_status;
}

void sxe_lua_delete(void)
{
    if (sxe_lua.L == NULL) {
        return;
    }

    sxe_lua.closing = true;
    lsxe_defer_cancel(&sxe_lua.deferred);
    sxe_lua_close_objects(sxe_lua.L); /* before their userdata go */
    lua_close(sxe_lua.L);             /* __gc: timers stop, pools are deleted */

    if (sxe_lua.sxe_initialized) {
        lsxe_fini();
    }

    memset(&sxe_lua, 0, sizeof(sxe_lua));
}

const char *sxe_lua_error(void)
{
    return sxe_lua_last_error;
}

void sxe_lua_get_counters(SXE_LUA_COUNTERS *counters)
{
    if (counters == NULL) {
        SXEL2("sxe_lua_get_counters(NULL): no counters to fill");
        return;
    }

    counters->callback_errors = sxe_lua.callback_errors;
    counters->memory_errors = sxe_lua.memory_errors;
    counters->full_collections = sxe_lua.full_collections;
    counters->heap_bytes = sxe_lua.heap_bytes;
    counters->heap_peak = sxe_lua.heap_peak;
    counters->heap_limit = sxe_lua.heap_limit;
}
