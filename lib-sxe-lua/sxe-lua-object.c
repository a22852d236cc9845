/* sxe-lua-object.c: SXE objects in Lua (TCP, UDP, unix): constructors, the classic global functions, methods and
 * fields, and the trampolines that lib-sxe calls (connect, read, close, send completion).
 *
 * Each trampoline enters Lua through sxe_lua_enter(): a protected call of a dispatcher (a C function made a Lua
 * function once, at open), which calls the script's callback. Nothing on the way allocates in C, and only a classic
 * on_read makes a Lua string (the content).
 */
#define SXE_LOG_COMPONENT "lua"
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sxe-lua-private.h"

#define SXE_LUA_OBJECT_METATABLE "sxe.object"

static const char *const sxe_lua_callback_names[SXE_LUA_ON_NUMBER] = {"on_connect", "on_read", "on_close"};

/* ---- slots ------------------------------------------------------------------------------------------------- */

static void sxe_lua_unref(lua_State *L, int *ref)
{
    if (*ref != LUA_NOREF && *ref != LUA_REFNIL) {
        luaL_unref(L, LUA_REGISTRYINDEX, *ref);
    }

    *ref = LUA_NOREF;
}

/* The userdata of the slot of `sxe`, made the first time the slot is used (may raise a memory error). */
static SXE_LUA_OBJECT *sxe_lua_slot(lua_State *L, SXE *sxe)
{
    int id = (int)lsxe_id(sxe) + 1;
    SXE_LUA_OBJECT *object;
    SXE_LUA_VIEW *view;

    lua_rawgeti(L, LUA_REGISTRYINDEX, sxe_lua.ref_slots);
    lua_rawgeti(L, -1, id);

    if ((object = lua_touserdata(L, -1)) != NULL) {
        lua_pop(L, 2);
        return object;
    }

    lua_pop(L, 1);
    object = lua_newuserdata(L, sizeof(*object));
    memset(object, 0, sizeof(*object));
    object->magic = SXE_LUA_MAGIC_OBJECT;
    object->id = (unsigned)id - 1;
    object->ref_self = object->ref_view = object->ref_data = object->ref_send = object->ref_complete = LUA_NOREF;
    object->sendfile_fd = -1;

    for (int i = 0; i < SXE_LUA_ON_NUMBER; i++) {
        object->ref_on[i] = LUA_NOREF;
    }

    luaL_getmetatable(L, SXE_LUA_OBJECT_METATABLE);
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_rawseti(L, -3, id);
    object->ref_self = luaL_ref(L, LUA_REGISTRYINDEX);
    view = lua_newuserdata(L, sizeof(*view));
    view->magic = SXE_LUA_MAGIC_VIEW;
    view->object = object;
    luaL_getmetatable(L, "sxe.view");
    lua_setmetatable(L, -2);
    object->ref_view = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pop(L, 1);
    return object;
}

static SXE_LUA_OBJECT *sxe_lua_slot_made;

static int sxe_lua_slot_protected(lua_State *L)
{
    sxe_lua_slot_made = sxe_lua_slot(L, lua_touserdata(L, 1));
    return 0;
}

/* sxe_lua_slot() for a constructor: on a memory error the new object is closed and NULL returned, the error on the
 * stack.
 */
static SXE_LUA_OBJECT *sxe_lua_slot_or_close(lua_State *L, SXE *sxe)
{
    if (lua_cpcall(L, sxe_lua_slot_protected, sxe) != 0) {
        lsxe_close(sxe);
        return NULL;
    }

    return sxe_lua_slot_made;
}

static void sxe_lua_object_open(SXE_LUA_OBJECT *object, SXE *sxe)
{
    object->sxe = sxe;
    object->generation = lsxe_generation(sxe);
    object->read_view = false;
    object->in_send_call = false;
    lsxe_set_user_data(sxe, object);
}

/* Forget everything of the connection that ended: callbacks, data, a pending send's string and file. */
void sxe_lua_object_closed(lua_State *L, SXE_LUA_OBJECT *object)
{
    for (int i = 0; i < SXE_LUA_ON_NUMBER; i++) {
        sxe_lua_unref(L, &object->ref_on[i]);
    }

    sxe_lua_unref(L, &object->ref_data);
    sxe_lua_unref(L, &object->ref_send);
    sxe_lua_unref(L, &object->ref_complete);

    if (object->sendfile_fd >= 0) {
        close(object->sendfile_fd);
        object->sendfile_fd = -1;
    }

    object->sxe = NULL;
}

/* Before the state closes: close every object the scripts still hold (their userdata, SXE_USER_DATA, go with the
 * state; a pending send's completion, called from the close, calls no Lua then: sxe_lua.closing).
 */
void sxe_lua_close_objects(lua_State *L)
{
    lua_rawgeti(L, LUA_REGISTRYINDEX, sxe_lua.ref_slots);
    lua_pushnil(L);

    while (lua_next(L, -2) != 0) {
        SXE_LUA_OBJECT *object = lua_touserdata(L, -1);

        if (object != NULL && object->sxe != NULL) {
            lsxe_close(object->sxe);
            sxe_lua_object_closed(L, object);
        }

        lua_pop(L, 1);
    }

    lua_pop(L, 1);
}

static bool sxe_lua_object_is(SXE_LUA_OBJECT *object, SXE *sxe, unsigned generation)
{
    return object->sxe == sxe && object->generation == generation && lsxe_generation(sxe) == generation;
}

SXE_LUA_OBJECT *sxe_lua_test_object(lua_State *L, int index)
{
    return sxe_lua_test_userdata(L, index, SXE_LUA_MAGIC_OBJECT, sizeof(SXE_LUA_OBJECT));
}

SXE_LUA_OBJECT *sxe_lua_check_object(lua_State *L, int index, const char *function)
{
    return sxe_lua_check_userdata(L, index, SXE_LUA_MAGIC_OBJECT, sizeof(SXE_LUA_OBJECT), function, "SXE object");
}

/* ---- trampolines ------------------------------------------------------------------------------------------- */

/* Push the callback `which` and the object; false (nothing pushed) when the object has none. */
static bool sxe_lua_push_callback(lua_State *L, SXE_LUA_OBJECT *object, int which)
{
    if (object->ref_on[which] == LUA_NOREF) {
        return false;
    }

    lua_rawgeti(L, LUA_REGISTRYINDEX, object->ref_on[which]);
    lua_rawgeti(L, LUA_REGISTRYINDEX, object->ref_self);
    return true;
}

/* An accepted connection: its slot's userdata, opened with the listener's callbacks and read mode. */
static SXE_LUA_OBJECT *sxe_lua_accepted(lua_State *L, SXE_LUA_OBJECT *listener, SXE *sxe)
{
    SXE_LUA_OBJECT *object = sxe_lua_slot(L, sxe);

    sxe_lua_object_open(object, sxe);
    object->read_view = listener->read_view;

    for (int i = 0; i < SXE_LUA_ON_NUMBER; i++) {
        if (listener->ref_on[i] != LUA_NOREF) {
            lua_rawgeti(L, LUA_REGISTRYINDEX, listener->ref_on[i]);
            object->ref_on[i] = luaL_ref(L, LUA_REGISTRYINDEX);
        }
    }

    return object;
}

static int sxe_lua_ref_dispatch[4] = {LUA_NOREF, LUA_NOREF, LUA_NOREF, LUA_NOREF}; /* connect, -, close, complete */

/* A callback failed (logged and counted by sxe_lua_enter()): close its object, unless the callback did. */
static void sxe_lua_failed(SXE_LUA_OBJECT *object, SXE *sxe, unsigned generation)
{
    if (object != NULL && sxe_lua_object_is(object, sxe, generation)) {
        lsxe_close(sxe);
        sxe_lua_object_closed(sxe_lua.L, object);
    } else if (object == NULL || object->sxe != sxe) { /* an accepted connection that got no slot */
        lsxe_close(sxe);
    }
}

/* In protected mode (as all dispatchers): open the slot of an accepted connection, call on_connect. */
static int sxe_lua_dispatch_connect(lua_State *L)
{
    SXE *sxe = lua_touserdata(L, 1);
    SXE_LUA_OBJECT *object = lsxe_user_data(sxe);

    sxe_lua_before_callback(L);

    if (object->sxe != sxe) { /* the listener's: this is an accepted connection */
        object = sxe_lua_accepted(L, object, sxe);
    }

    if (sxe_lua_push_callback(L, object, SXE_LUA_ON_CONNECT)) {
        lua_call(L, 1, 0);
    }

    return 0;
}

void sxe_lua_on_connect(SXE *sxe)
{
    SXE_LUA_OBJECT *listener_or_self = lsxe_user_data(sxe);
    unsigned generation = lsxe_generation(sxe);

    if (SXE_UNLIKELY(sxe_lua_enter(sxe_lua_ref_dispatch[0], sxe, "on_connect", lsxe_id(sxe)) != 0)) {
        SXE_LUA_OBJECT *object = lsxe_user_data(sxe);

        sxe_lua_failed(object == listener_or_self && object->sxe != sxe ? NULL : object, sxe, generation);
    }
}

/* The consumption rule once on_read returned (its result on the top of the stack): nothing consumes all it was
 * given, a number that many bytes (buf:consume() during the callback counts). Another result is a callback error.
 */
static bool sxe_lua_consume_after_read(lua_State *L, SXE *sxe, size_t given)
{
    size_t left;
    lua_Number n;

    lsxe_buf(sxe, &left);

    if (SXE_LIKELY(lua_type(L, -1) == LUA_TNUMBER)) {
        n = lua_tonumber(L, -1);

        if (SXE_LIKELY(n >= 0 && n == (lua_Number)(size_t)n)) {
            if ((size_t)n > given - left) {
                lsxe_consume(sxe, (size_t)n - (given - left));
            }

            return true;
        }
    } else if (lua_isnil(L, -1)) {
        lsxe_consume(sxe, left);
        return true;
    }

    sxe_lua.callback_errors++;
    SXE_LUA_LOG(2, lsxe_id(sxe), "on_read: returned %s: return nothing (all is consumed) or a number of bytes >= 0",
                lua_type(L, -1) == LUA_TNUMBER ? lua_tostring(L, -1) : luaL_typename(L, -1));
    return false;
}

/* The hot path: one protected call of the script's on_read, entered directly (no dispatcher). The pushes before it
 * run outside any protected call: a Lua error there (the heap limit reached by the content string, an error in a
 * finalizer run by a collection step) reaches the panic function, which jumps back here (sxe_lua_try), and is
 * handled as a callback error.
 */
void sxe_lua_on_read(SXE *sxe, int length)
{
    SXE_LUA_OBJECT *object = lsxe_user_data(sxe);
    lua_State *L = sxe_lua.L;
    int base = lua_gettop(L);
    unsigned generation = object->generation;
    size_t used;
    const char *buf = lsxe_buf(sxe, &used);
    int status;

    (void)length;

    if (SXE_UNLIKELY(object->ref_on[SXE_LUA_ON_READ] == LUA_NOREF)) {
        lsxe_consume(sxe, used);
        return;
    }

    lua_rawgeti(L, LUA_REGISTRYINDEX, sxe_lua.ref_traceback);
    lua_rawgeti(L, LUA_REGISTRYINDEX, object->ref_on[SXE_LUA_ON_READ]);
    lua_rawgeti(L, LUA_REGISTRYINDEX, object->ref_self);

    if (SXE_UNLIKELY(sigsetjmp(sxe_lua.panic_jump, 0) != 0)) {
        sxe_lua_panicked(L, base, lsxe_id(sxe), "on_read");
        sxe_lua_failed(object, sxe, generation);
        return;
    }

    sxe_lua.panic_armed = true;
    sxe_lua_before_callback(L);

    if (object->read_view) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, object->ref_view);
    } else {
        lua_pushlstring(L, buf, used);
    }

    sxe_lua.panic_armed = false;

    if (SXE_UNLIKELY((status = lua_pcall(L, 2, 1, base + 1)) != 0)) {
        sxe_lua_error_counted(L, status, lsxe_id(sxe), "on_read");
        lua_settop(L, base);
        sxe_lua_failed(object, sxe, generation);
        return;
    }

    if (SXE_LIKELY(sxe_lua_object_is(object, sxe, generation)) && !sxe_lua_consume_after_read(L, sxe, used)) {
        sxe_lua_failed(object, sxe, generation);
    }

    lua_settop(L, base);
}

static int sxe_lua_dispatch_close(lua_State *L)
{
    SXE *sxe = lua_touserdata(L, 1);
    SXE_LUA_OBJECT *object = lsxe_user_data(sxe);

    sxe_lua_before_callback(L);

    if (sxe_lua_push_callback(L, object, SXE_LUA_ON_CLOSE)) {
        lua_call(L, 1, 0);
    }

    return 0;
}

void sxe_lua_on_close(SXE *sxe)
{
    SXE_LUA_OBJECT *object = lsxe_user_data(sxe);
    unsigned generation;

    if (object == NULL || object->sxe != sxe) { /* an accepted connection whose on_connect failed: nothing to do */
        return;
    }

    generation = object->generation;
    sxe_lua_enter(sxe_lua_ref_dispatch[2], sxe, "on_close", lsxe_id(sxe));

    if (sxe_lua_object_is(object, sxe, generation)) { /* lib-sxe frees the object when this returns */
        sxe_lua_object_closed(sxe_lua.L, object);
    }
}

/* ---- sends: sxe_send, sxe_sendfile and their completion ---------------------------------------------------- */

static int sxe_lua_dispatch_complete(lua_State *L)
{
    SXE *sxe = lua_touserdata(L, 1);
    SXE_LUA_OBJECT *object = lsxe_user_data(sxe);
    SXE_RETURN result = object->completed_result;
    int callback = object->ref_complete;

    object->ref_complete = LUA_NOREF;
    sxe_lua_unref(L, &object->ref_send);

    if (object->sendfile_fd >= 0) {
        close(object->sendfile_fd);
        object->sendfile_fd = -1;
    }

    if (callback == LUA_NOREF) {
        return 0;
    }

    lua_rawgeti(L, LUA_REGISTRYINDEX, callback);
    luaL_unref(L, LUA_REGISTRYINDEX, callback);
    lua_rawgeti(L, LUA_REGISTRYINDEX, object->ref_self);
    lua_pushboolean(L, result == SXE_RETURN_OK);
    lua_pushstring(L, lsxe_return_name(result));
    sxe_lua_before_callback(L);
    lua_call(L, 3, 0);
    return 0;
}

void sxe_lua_on_complete(SXE *sxe, SXE_RETURN result)
{
    SXE_LUA_OBJECT *object = lsxe_user_data(sxe);
    unsigned generation = object->generation;

    object->completed_result = result;

    if (SXE_UNLIKELY(sxe_lua.closing)) { /* the state is closing its objects: no Lua now */
        return;
    }

    if (object->in_send_call) { /* completed inside sxe_send/sxe_sendfile: the caller reports it */
        object->completed_in_call = true;
        return;
    }

    if (sxe_lua_enter(sxe_lua_ref_dispatch[3], sxe, "send completion", lsxe_id(sxe)) != 0) {
        sxe_lua_failed(object, sxe, generation);
    }
}

/* Returns true when everything went at once (on_complete will not be called), "pending" when the rest goes as the
 * socket drains (on_complete(obj, ok, result_name) is called once later), nil and the error name otherwise.
 */
static int sxe_lua_send_started(lua_State *L, SXE_LUA_OBJECT *object, SXE_RETURN result)
{
    object->in_send_call = false;

    if (object->completed_in_call) { /* a lib-sxe that completes at once through on_complete */
        object->completed_in_call = false;
        result = object->completed_result == SXE_RETURN_OK ? SXE_RETURN_OK : object->completed_result;
    }

    if (result == SXE_RETURN_WARN_IN_PROGRESS) {
        lua_pushliteral(L, "pending");
        return 1;
    }

    sxe_lua_unref(L, &object->ref_send);
    sxe_lua_unref(L, &object->ref_complete);

    if (object->sendfile_fd >= 0) {
        close(object->sendfile_fd);
        object->sendfile_fd = -1;
    }

    return sxe_lua_result(L, result);
}

/* The object of argument 1, open; else pushes nil, "ERROR_NO_CONNECTION" and returns NULL. */
static SXE *sxe_lua_open_sxe(lua_State *L, SXE_LUA_OBJECT *object)
{
    if (SXE_UNLIKELY(object->sxe == NULL)) {
        lua_pushnil(L);
        lua_pushstring(L, lsxe_return_name(SXE_RETURN_ERROR_NO_CONNECTION));
    }

    return object->sxe;
}

static int sxe_lua_send(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "sxe_send");
    size_t length;
    const char *data = sxe_lua_check_string(L, 2, "sxe_send", &length);
    SXE *sxe;

    sxe_lua_check_function_or_nil(L, 3, "sxe_send");

    if ((sxe = sxe_lua_open_sxe(L, object)) == NULL) {
        return 2;
    }

    if (object->ref_send != LUA_NOREF || object->sendfile_fd >= 0) {
        return sxe_lua_result(L, SXE_RETURN_ERROR_BAD_STATE);
    }

    lua_settop(L, 3);
    object->ref_complete = luaL_ref(L, LUA_REGISTRYINDEX); /* LUA_REFNIL for nil: no callback */
    object->ref_complete = object->ref_complete == LUA_REFNIL ? LUA_NOREF : object->ref_complete;
    lua_pushvalue(L, 2);
    object->ref_send = luaL_ref(L, LUA_REGISTRYINDEX); /* the string stays alive (and in place) until completion */
    object->in_send_call = true;
    object->completed_in_call = false;
    return sxe_lua_send_started(L, object, lsxe_send(sxe, data, length));
}

/* sxe_sendfile(obj, path, on_complete): send a whole file with sendfile(2). */
static int sxe_lua_sendfile(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "sxe_sendfile");
    const char *path = sxe_lua_check_string(L, 2, "sxe_sendfile", NULL);
    struct stat status;
    SXE *sxe;
    int fd;

    sxe_lua_check_function_or_nil(L, 3, "sxe_sendfile");

    if ((sxe = sxe_lua_open_sxe(L, object)) == NULL) {
        return 2;
    }

    if (object->ref_send != LUA_NOREF || object->sendfile_fd >= 0) {
        return sxe_lua_result(L, SXE_RETURN_ERROR_BAD_STATE);
    }

    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &status) != 0 || !S_ISREG(status.st_mode) ||
        status.st_size > 0xFFFFFFFF) {
        lua_pushnil(L);
        lua_pushfstring(L, "%s: %s", path, fd < 0 ? strerror(errno) : "not a regular file of at most 4 GB");
        if (fd >= 0) {
            close(fd);
        }
        return 2;
    }

    lua_settop(L, 3);
    object->ref_complete = luaL_ref(L, LUA_REGISTRYINDEX);
    object->ref_complete = object->ref_complete == LUA_REFNIL ? LUA_NOREF : object->ref_complete;
    object->sendfile_fd = fd;
    object->sendfile_offset = 0;
    object->in_send_call = true;
    object->completed_in_call = false;
    return sxe_lua_send_started(L, object, lsxe_sendfile(sxe, fd, &object->sendfile_offset, (unsigned)status.st_size));
}

/* ---- constructors ----------------------------------------------------------------------------------------- */

static int sxe_lua_construct(lua_State *L, SXE_LUA_KIND kind, const char *function, const char *address, int port,
                             int first_callback)
{
    SXE_LUA_OBJECT *object;
    SXE *sxe;

    if (!lsxe_is_initialized()) {
        return luaL_error(L, "%s: no objects yet: create them in an init function given to sxe_register()", function);
    }

    if ((sxe = lsxe_new(kind, address, port)) == NULL) {
        lua_pushnil(L);
        lua_pushstring(L, "no object: the pool is exhausted or the address is not a literal (see the log)");
        return 2;
    }

    if ((object = sxe_lua_slot_or_close(L, sxe)) == NULL) {
        return lua_error(L); /* the memory error, the object closed */
    }

    sxe_lua_object_open(object, sxe);

    for (int i = 0; i < SXE_LUA_ON_NUMBER; i++) {
        int index = kind == SXE_LUA_KIND_UDP ? (i == SXE_LUA_ON_READ ? first_callback : 0) : first_callback + i;

        if (index > 0 && lua_type(L, index) == LUA_TFUNCTION) {
            lua_pushvalue(L, index);
            object->ref_on[i] = luaL_ref(L, LUA_REGISTRYINDEX);
        }
    }

    lua_rawgeti(L, LUA_REGISTRYINDEX, object->ref_self);
    return 1;
}

static int sxe_lua_check_callbacks(lua_State *L, int first, int count, const char *function)
{
    for (int i = first; i < first + count; i++) {
        sxe_lua_check_function_or_nil(L, i, function);
    }

    return first;
}

/* sxe_new_tcp(ip, port, on_connect, on_read, on_close): ip nil means "0.0.0.0". */
static int sxe_lua_new_tcp(lua_State *L)
{
    const char *ip = lua_isnil(L, 1) ? NULL : sxe_lua_check_string(L, 1, "sxe_new_tcp", NULL);
    int port = (int)sxe_lua_check_integer(L, 2, "sxe_new_tcp", 0, 65535);

    return sxe_lua_construct(L, SXE_LUA_KIND_TCP, "sxe_new_tcp", ip, port,
                             sxe_lua_check_callbacks(L, 3, 3, "sxe_new_tcp"));
}

/* sxe_new_udp(ip, port, on_read) */
static int sxe_lua_new_udp(lua_State *L)
{
    const char *ip = lua_isnil(L, 1) ? NULL : sxe_lua_check_string(L, 1, "sxe_new_udp", NULL);
    int port = (int)sxe_lua_check_integer(L, 2, "sxe_new_udp", 0, 65535);

    return sxe_lua_construct(L, SXE_LUA_KIND_UDP, "sxe_new_udp", ip, port,
                             sxe_lua_check_callbacks(L, 3, 1, "sxe_new_udp"));
}

/* sxe_new_unix(path, on_connect, on_read, on_close) */
static int sxe_lua_new_unix(lua_State *L)
{
    const char *path = sxe_lua_check_string(L, 1, "sxe_new_unix", NULL);

    return sxe_lua_construct(L, SXE_LUA_KIND_UNIX, "sxe_new_unix", path, 0,
                             sxe_lua_check_callbacks(L, 2, 3, "sxe_new_unix"));
}

/* ---- operations -------------------------------------------------------------------------------------------- */

static int sxe_lua_listen(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "sxe_listen");
    SXE *sxe = sxe_lua_open_sxe(L, object);

    return sxe == NULL ? 2 : sxe_lua_result(L, lsxe_listen(sxe));
}

/* sxe_connect(obj, ip, port); for a unix object sxe_connect(obj) or sxe_connect(obj, path). */
static int sxe_lua_connect(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "sxe_connect");
    const char *address = lua_isnoneornil(L, 2) ? NULL : sxe_lua_check_string(L, 2, "sxe_connect", NULL);
    int port = lua_isnoneornil(L, 3) ? 0 : (int)sxe_lua_check_integer(L, 3, "sxe_connect", 0, 65535);
    SXE *sxe = sxe_lua_open_sxe(L, object);

    if (sxe == NULL) {
        return 2;
    }

    if (address == NULL && lsxe_kind(sxe) != SXE_LUA_KIND_UNIX) {
        return sxe_lua_type_error(L, 2, "sxe_connect", "string");
    }

    return sxe_lua_result(L, lsxe_connect(sxe, address, port));
}

static int sxe_lua_close(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "sxe_close");
    SXE *sxe = object->sxe;
    SXE_RETURN result;

    if (sxe == NULL) {
        return sxe_lua_result(L, SXE_RETURN_WARN_ALREADY_CLOSED);
    }

    result = lsxe_close(sxe); /* a pending send's completion is called from inside */
    sxe_lua_object_closed(L, object);
    return sxe_lua_result(L, result);
}

/* The bytes of argument `index`: a string or a buffer view. */
static const char *sxe_lua_data(lua_State *L, int index, const char *function, size_t *length)
{
    const char *data;

    if (SXE_LIKELY(lua_type(L, index) == LUA_TSTRING)) {
        return lua_tolstring(L, index, length);
    }

    if ((data = sxe_lua_view_bytes(L, index, length)) == NULL) {
        sxe_lua_type_error(L, index, function, "string or buffer view");
    }

    return data;
}

/* The results of sxe_write for `result`: true; false, "WARN_WOULD_BLOCK", bytes written; or nil, error name. */
static int sxe_lua_push_write_result(lua_State *L, SXE_LUA_OBJECT *object, SXE_RETURN result)
{
    if (SXE_LIKELY(result == SXE_RETURN_OK)) {
        lua_pushboolean(L, 1);
        return 1;
    }

    if (result == SXE_RETURN_WARN_WOULD_BLOCK && object->sxe != NULL) {
        lua_pushboolean(L, 0);
        lua_pushstring(L, lsxe_return_name(result));
        lua_pushinteger(L, (lua_Integer)lsxe_last_write_length(object->sxe));
        return 3;
    }

    return sxe_lua_result(L, result);
}

/* sxe_write(obj, data): true; false, "WARN_WOULD_BLOCK", bytes written; or nil, error name. */
static int sxe_lua_write(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "sxe_write");
    size_t length;
    const char *data = sxe_lua_data(L, 2, "sxe_write", &length);

    if (SXE_UNLIKELY(object->sxe == NULL)) {
        return sxe_lua_result(L, SXE_RETURN_ERROR_NO_CONNECTION);
    }

    return sxe_lua_push_write_result(L, object, lsxe_write(object->sxe, data, length));
}

/* The write of the fast path, called through LuaJIT's FFI from the Lua sxe_write below (a JIT-compiled call, no Lua C
 * function frame). `payload` is an object's userdata, checked by the caller's getmetatable(); the magic is checked
 * again. Returns SXE_LUA_FFI_WRITTEN, SXE_LUA_FFI_NOT_DONE when it is not an open object (nothing was done: the C
 * sxe_write handles it), or SXE_LUA_FFI_RESULT when the write returned another SXE_RETURN (kept in the object for
 * sxe_write's results). Independent of SXE_RETURN's numbering. Never enters Lua (an FFI call must not).
 */
#define SXE_LUA_FFI_WRITTEN  0
#define SXE_LUA_FFI_NOT_DONE 1
#define SXE_LUA_FFI_RESULT   2

int sxe_lua_ffi_write(void *payload, const char *data, size_t length);

int sxe_lua_ffi_write(void *payload, const char *data, size_t length)
{
    SXE_LUA_OBJECT *object = payload;

    if (SXE_UNLIKELY(object == NULL || object->magic != SXE_LUA_MAGIC_OBJECT || object->sxe == NULL)) {
        return SXE_LUA_FFI_NOT_DONE;
    }

    if (SXE_LIKELY((object->write_result = lsxe_write(object->sxe, data, length)) == SXE_RETURN_OK)) {
        return SXE_LUA_FFI_WRITTEN;
    }

    return SXE_LUA_FFI_RESULT;
}

/* sxe_write's results for the write the FFI path just did: (obj). */
static int sxe_lua_write_result(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "sxe_write");

    return sxe_lua_push_write_result(L, object, object->write_result);
}

/* sxe_write in Lua: a string written to an object goes through the FFI (compiled into the script's trace by the JIT),
 * everything else (views, wrong types, closed objects) through the C function, which raises or returns what it says.
 */
static const char sxe_lua_write_source[] =
    "local write_c, write_result, pointer = ...\n"
    "local write_ffi = require('ffi').cast('int (*)(void *, const char *, size_t)', pointer)\n"
    "local type, getmetatable = type, getmetatable\n"
    "return function (object, data)\n"
    "    if type(data) == 'string' and type(object) == 'userdata' and getmetatable(object) == 'SXE object' then\n"
    "        local result = write_ffi(object, data, #data)\n"
    "        if result == 0 then return true end\n"
    "        if result == 2 then return write_result(object) end\n"
    "    end\n"
    "    return write_c(object, data)\n"
    "end\n";

/* Replaces the C sxe_write (global and method, the methods table on the stack top) by its FFI form, when LuaJIT's FFI
 * is there; else the C function stays.
 */
static void sxe_lua_open_write_ffi(lua_State *L)
{
    if (luaL_loadbuffer(L, sxe_lua_write_source, sizeof(sxe_lua_write_source) - 1, "=sxe_write") != 0) {
        lua_pop(L, 1);
        return;
    }

    lua_pushcfunction(L, sxe_lua_write);
    lua_pushcfunction(L, sxe_lua_write_result);
    lua_pushlightuserdata(L, (void *)(uintptr_t)sxe_lua_ffi_write);

    if (lua_pcall(L, 3, 1, 0) != 0) {
        SXEL5("sxe_write: LuaJIT's FFI is not available (%s): the C function is used", lua_tostring(L, -1));
        lua_pop(L, 1);
        return;
    }

    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "write");
    lua_setglobal(L, "sxe_write");
}

/* sxe_write_to(obj, ip, port, data): one UDP datagram. */
static int sxe_lua_write_to(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "sxe_write_to");
    const char *ip = sxe_lua_check_string(L, 2, "sxe_write_to", NULL);
    int port = (int)sxe_lua_check_integer(L, 3, "sxe_write_to", 0, 65535);
    size_t length;
    const char *data = sxe_lua_data(L, 4, "sxe_write_to", &length);
    SXE *sxe = sxe_lua_open_sxe(L, object);

    return sxe == NULL ? 2 : sxe_lua_result(L, lsxe_write_to(sxe, data, length, ip, port));
}

static int sxe_lua_buf_clear(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "sxe_buf_clear");
    size_t used;

    if (object->sxe != NULL) {
        lsxe_buf(object->sxe, &used);
        lsxe_consume(object->sxe, used);
    }

    return 0;
}

static int sxe_lua_buf_consume(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "sxe_buf_consume");
    lua_Integer n = sxe_lua_check_integer(L, 2, "sxe_buf_consume", 0, 0xFFFFFFFF);

    if (object->sxe != NULL) {
        lsxe_consume(object->sxe, (size_t)n);
    }

    return 0;
}

static int sxe_lua_pause(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "sxe_pause");

    if (object->sxe != NULL) {
        lsxe_pause(object->sxe);
    }

    return 0;
}

static int sxe_lua_resume(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "sxe_resume");

    if (object->sxe != NULL) {
        lsxe_resume(object->sxe);
    }

    return 0;
}

static double sxe_lua_check_seconds(lua_State *L, int index, const char *function)
{
    if (lua_type(L, index) != LUA_TNUMBER) {
        sxe_lua_type_error(L, index, function, "number");
    }

    return lua_tonumber(L, index);
}

static int sxe_lua_set_idle_timeout(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "sxe_set_idle_timeout");
    double seconds = sxe_lua_check_seconds(L, 2, "sxe_set_idle_timeout");
    SXE *sxe = sxe_lua_open_sxe(L, object);

    return sxe == NULL ? 2 : sxe_lua_result(L, lsxe_set_idle_timeout(sxe, seconds));
}

static int sxe_lua_set_connect_timeout(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "sxe_set_connect_timeout");
    double seconds = sxe_lua_check_seconds(L, 2, "sxe_set_connect_timeout");
    SXE *sxe = sxe_lua_open_sxe(L, object);

    return sxe == NULL ? 2 : sxe_lua_result(L, lsxe_set_connect_timeout(sxe, seconds));
}

static int sxe_lua_set_nodelay(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "sxe_set_nodelay");

    if (lua_type(L, 2) != LUA_TBOOLEAN) {
        sxe_lua_type_error(L, 2, "sxe_set_nodelay", "boolean");
    }

    if (object->sxe != NULL) {
        lsxe_set_nodelay(object->sxe, lua_toboolean(L, 2));
    }

    return 0;
}

/* ---- fields ------------------------------------------------------------------------------------------------- */

static int sxe_lua_push_field(lua_State *L, SXE_LUA_OBJECT *object, const char *key)
{
    SXE *sxe = object->sxe;
    char address[128];

    if (strcmp(key, "id") == 0) {
        lua_pushinteger(L, object->id);
    } else if (strcmp(key, "is_open") == 0) {
        lua_pushboolean(L, sxe != NULL);
    } else if (strcmp(key, "data") == 0) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, object->ref_data); /* LUA_NOREF pushes nil */
    } else if (strcmp(key, "read_view") == 0) {
        lua_pushboolean(L, object->read_view);
    } else if (strcmp(key, "on_connect") == 0 || strcmp(key, "on_read") == 0 || strcmp(key, "on_close") == 0) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, object->ref_on[key[3] == 'c' ? (key[4] == 'o' ? 0 : 2) : 1]);
    } else if (sxe == NULL) {
        lua_pushnil(L); /* the other fields describe an open object */
    } else if (strcmp(key, "peer_ip") == 0 || strcmp(key, "peer_addr") == 0) {
        lua_pushstring(L, lsxe_peer_ip(sxe, address, sizeof(address)));
    } else if (strcmp(key, "peer_port") == 0) {
        lua_pushinteger(L, lsxe_peer_port(sxe));
    } else if (strcmp(key, "local_ip") == 0 || strcmp(key, "local_addr") == 0) {
        lua_pushstring(L, lsxe_local_ip(sxe, address, sizeof(address)));
    } else if (strcmp(key, "local_port") == 0) {
        lua_pushinteger(L, lsxe_local_port(sxe));
    } else if (strcmp(key, "fd") == 0) {
        lua_pushinteger(L, lsxe_fd(sxe));
    } else if (strcmp(key, "buf") == 0) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, object->ref_view);
    } else if (strcmp(key, "buf_used") == 0) {
        size_t used;

        lsxe_buf(sxe, &used);
        lua_pushinteger(L, (lua_Integer)used);
    } else if (strcmp(key, "kind") == 0) {
        lua_pushstring(L, lsxe_kind(sxe) == SXE_LUA_KIND_TCP   ? "tcp"
                          : lsxe_kind(sxe) == SXE_LUA_KIND_UDP ? "udp"
                                                               : "unix");
    } else if (strcmp(key, "close_reason") == 0) {
        lua_pushstring(L, lsxe_return_name(lsxe_close_reason(sxe)));
    } else {
        lua_pushnil(L);
    }

    return 1;
}

/* obj.key: a method (the methods table, upvalue 1) or a field. */
static int sxe_lua_object_index(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "index");

    lua_pushvalue(L, 2);
    lua_rawget(L, lua_upvalueindex(1));

    if (!lua_isnil(L, -1) || lua_type(L, 2) != LUA_TSTRING) {
        return 1;
    }

    lua_pop(L, 1);
    return sxe_lua_push_field(L, object, lua_tostring(L, 2));
}

static void sxe_lua_set_ref(lua_State *L, int *ref, int value)
{
    sxe_lua_unref(L, ref);

    if (!lua_isnil(L, value)) {
        lua_pushvalue(L, value);
        *ref = luaL_ref(L, LUA_REGISTRYINDEX);
    }
}

/* obj.key = value: data, read_view and the three callbacks can be set. */
static int sxe_lua_object_newindex(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "newindex");
    const char *key = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "";

    if (strcmp(key, "data") == 0) {
        sxe_lua_set_ref(L, &object->ref_data, 3);
    } else if (strcmp(key, "read_view") == 0) {
        object->read_view = lua_toboolean(L, 3);
    } else {
        for (int i = 0; i < SXE_LUA_ON_NUMBER; i++) {
            if (strcmp(key, sxe_lua_callback_names[i]) == 0) {
                sxe_lua_check_function_or_nil(L, 3, key);
                sxe_lua_set_ref(L, &object->ref_on[i], 3);
                return 0;
            }
        }

        return luaL_error(L,
                          "SXE object: cannot set field '%s' (settable: data, read_view, on_connect, on_read, "
                          "on_close)",
                          lua_type(L, 2) == LUA_TSTRING ? key : luaL_typename(L, 2));
    }

    return 0;
}

static int sxe_lua_object_tostring(lua_State *L)
{
    SXE_LUA_OBJECT *object = sxe_lua_check_object(L, 1, "tostring");

    if (object->sxe == NULL) {
        lua_pushliteral(L, "SXE object (closed)");
    } else {
        lua_pushfstring(L, "SXE object %d (%s)", (int)lsxe_id(object->sxe),
                        lsxe_kind(object->sxe) == SXE_LUA_KIND_TCP   ? "tcp"
                        : lsxe_kind(object->sxe) == SXE_LUA_KIND_UDP ? "udp"
                                                                     : "unix");
    }

    return 1;
}

/* Global name, method name (NULL: global only), function. */
static const struct {
    const char *global;
    const char *method;
    lua_CFunction function;
} sxe_lua_object_functions[] = {
    {"sxe_new_tcp", NULL, sxe_lua_new_tcp},
    {"sxe_new_udp", NULL, sxe_lua_new_udp},
    {"sxe_new_unix", NULL, sxe_lua_new_unix},
    {"sxe_listen", "listen", sxe_lua_listen},
    {"sxe_connect", "connect", sxe_lua_connect},
    {"sxe_close", "close", sxe_lua_close},
    {"sxe_write", "write", sxe_lua_write},
    {"sxe_write_to", "write_to", sxe_lua_write_to},
    {"sxe_send", "send", sxe_lua_send},
    {"sxe_sendfile", "sendfile", sxe_lua_sendfile},
    {"sxe_buf_clear", "buf_clear", sxe_lua_buf_clear},
    {"sxe_buf_consume", "consume", sxe_lua_buf_consume},
    {"sxe_pause", "pause", sxe_lua_pause},
    {"sxe_resume", "resume", sxe_lua_resume},
    {"sxe_set_idle_timeout", "set_idle_timeout", sxe_lua_set_idle_timeout},
    {"sxe_set_connect_timeout", "set_connect_timeout", sxe_lua_set_connect_timeout},
    {"sxe_set_nodelay", "set_nodelay", sxe_lua_set_nodelay},
};

void sxe_lua_open_objects(lua_State *L)
{
    static const lua_CFunction dispatchers[4] = {sxe_lua_dispatch_connect, NULL, sxe_lua_dispatch_close,
                                                 sxe_lua_dispatch_complete};

    for (int i = 0; i < 4; i++) {
        sxe_lua_ref_dispatch[i] = dispatchers[i] != NULL ? sxe_lua_dispatcher(L, dispatchers[i]) : LUA_NOREF;
    }

    luaL_newmetatable(L, SXE_LUA_OBJECT_METATABLE);
    lua_newtable(L); /* methods */

    for (size_t i = 0; i < sizeof(sxe_lua_object_functions) / sizeof(sxe_lua_object_functions[0]); i++) {
        lua_pushcfunction(L, sxe_lua_object_functions[i].function);

        if (sxe_lua_object_functions[i].method != NULL) {
            lua_pushvalue(L, -1);
            lua_setfield(L, -3, sxe_lua_object_functions[i].method);
        }

        lua_setglobal(L, sxe_lua_object_functions[i].global);
    }

    sxe_lua_open_write_ffi(L);
    lua_pushcclosure(L, sxe_lua_object_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, sxe_lua_object_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, sxe_lua_object_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "SXE object");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
}
