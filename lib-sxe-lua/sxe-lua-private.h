/* sxe-lua-private.h: the binding's internals, shared by its source files.
 *
 * Every call into lib-sxe (sxe.h) goes through the lsxe_* functions of sxe-lua-seam.c and the inline accessors below,
 * so that a change of lib-sxe's API is adapted there.
 */
#ifndef SXE_LUA_PRIVATE_H
#define SXE_LUA_PRIVATE_H

#include <setjmp.h>
#include <stdbool.h>
#include <sys/types.h>

#include "lauxlib.h"
#include "lua.h"
#include "sxe-lua.h"
#include "sxe.h"

#define SXE_LUA_MAGIC_OBJECT 0x53584f42U /* "SXOB" */
#define SXE_LUA_MAGIC_VIEW   0x53585657U /* "SXVW" */
#define SXE_LUA_MAGIC_TIMER  0x5358544dU /* "SXTM" */
#define SXE_LUA_MAGIC_POOL   0x5358504cU /* "SXPL" */

/* A log line of a run-time level for object `id` (SXE_LOG_NO_ID for none), checked against the "lua" component. */
#define SXE_LUA_LOG(level, id, ...)                                                                                    \
    do {                                                                                                               \
        if (SXE_LOG_LEVEL_IS_ON(level)) sxe_log_line((level), (id), __VA_ARGS__);                                      \
    } while (0)

enum { SXE_LUA_ON_CONNECT, SXE_LUA_ON_READ, SXE_LUA_ON_CLOSE, SXE_LUA_ON_NUMBER };

/* One per object slot of the pool, created the first time the slot is used from Lua and kept (registry table of the
 * slots) for the life of the state: the object's userdata. Its address is SXE_USER_DATA() of the object.
 */
typedef struct SXE_LUA_OBJECT {
    unsigned magic;
    unsigned id;         /* the slot: SXE_ID of its objects */
    unsigned generation; /* the SXE's generation when it was opened: a close changes it */
    SXE *sxe;            /* NULL while the slot is closed */
    int ref_self;        /* registry: this userdata */
    int ref_view;        /* registry: the slot's buffer view */
    int ref_on[SXE_LUA_ON_NUMBER];
    int ref_data;     /* registry: obj.data, LUA_NOREF when nil */
    int ref_send;     /* registry: the string of a pending send */
    int ref_complete; /* registry: the completion callback of a pending send or sendfile */
    int sendfile_fd;  /* the file of a pending sendfile, -1 when none */
    off_t sendfile_offset;
    bool read_view;    /* on_read gets the view, not a string (inherited on accept) */
    bool in_send_call; /* inside sxe_send/sxe_sendfile: a completion now is recorded, not called */
    bool completed_in_call;
    SXE_RETURN completed_result;
    SXE_RETURN write_result; /* of the last write made through the FFI, when not SXE_RETURN_OK */
} SXE_LUA_OBJECT;

typedef struct SXE_LUA_VIEW {
    unsigned magic;
    SXE_LUA_OBJECT *object;
} SXE_LUA_VIEW;

/* The process's binding (one Lua state). */
typedef struct SXE_LUA_STATE {
    lua_State *L;
    size_t heap_bytes;
    size_t heap_peak;
    size_t heap_limit;
    size_t gc_trigger; /* heap that triggers a full collection before a callback */
    unsigned long long callback_errors;
    unsigned long long memory_errors;
    unsigned long long full_collections;
    unsigned registered;  /* objects the scripts registered */
    bool initialized;     /* sxe_lua_init() ran */
    bool sxe_initialized; /* ... and called sxe_init() */
    int exit_status;
    int ref_traceback;   /* registry: the message handler adding a traceback */
    int ref_slots;       /* registry: table id + 1 -> object userdata */
    int ref_inits;       /* registry: the init functions, in order */
    int ref_defer;       /* registry: the queue of deferred functions */
    unsigned defer_head; /* next queue index to run */
    unsigned defer_tail; /* next queue index to fill */
    SXE_DEFERRED deferred;
    bool closing;     /* sxe_lua_delete() runs: the trampolines call no Lua */
    bool panic_armed; /* the panic function jumps to panic_jump */
    int panic_status;
    sigjmp_buf panic_jump;
} SXE_LUA_STATE;

extern SXE_LUA_STATE sxe_lua;

/* sxe-lua.c: the state, calling Lua from C */
void sxe_lua_collect(lua_State *L);

/* Before each callback (where an error is caught): a heap near its limit is collected in full, so that garbage waiting
 * for the incremental collector does not make the next allocation fail.
 */
static inline void sxe_lua_before_callback(lua_State *L)
{
    if (SXE_UNLIKELY(sxe_lua.heap_bytes >= sxe_lua.gc_trigger)) {
        sxe_lua_collect(L);
    }
}
int sxe_lua_call(lua_State *L, int nargs, int nresults); /* 0 or the Lua error code; the caller reports it */
int sxe_lua_dispatcher(lua_State *L, lua_CFunction dispatch);
int sxe_lua_enter(int ref, void *arg, const char *what, unsigned id);
void sxe_lua_error_counted(lua_State *L, int status, unsigned id, const char *what);
void sxe_lua_panicked(lua_State *L, int base, unsigned id, const char *what);
void sxe_lua_push_return(lua_State *L, SXE_RETURN result); /* true, or nil + name */
int sxe_lua_result(lua_State *L, SXE_RETURN result);       /* pushes as above; returns the number of values */

/* sxe-lua-object.c */
void sxe_lua_open_objects(lua_State *L);
void sxe_lua_open_view(lua_State *L);
SXE_LUA_OBJECT *sxe_lua_check_object(lua_State *L, int index, const char *function);
SXE_LUA_OBJECT *sxe_lua_test_object(lua_State *L, int index);
const char *sxe_lua_view_bytes(lua_State *L, int index, size_t *length); /* NULL when not a view */
void sxe_lua_object_closed(lua_State *L, SXE_LUA_OBJECT *object);
void sxe_lua_close_objects(lua_State *L);

/* sxe-lua-timer.c, sxe-lua-pool.c, sxe-lua-log.c, sxe-lua-http.c */
void sxe_lua_open_timers(lua_State *L);
void sxe_lua_open_pools(lua_State *L);
void sxe_lua_open_log(lua_State *L);
void sxe_lua_open_http(lua_State *L);

void sxe_lua_new_class(lua_State *L, const char *name, const luaL_Reg *methods, const char *global_prefix,
                       const luaL_Reg *metamethods, const char *shown_as);

/* Argument helpers: a Lua error naming the function and the argument. */
void *sxe_lua_test_userdata(lua_State *L, int index, unsigned magic, size_t size);
void *sxe_lua_check_userdata(lua_State *L, int index, unsigned magic, size_t size, const char *function,
                             const char *expected);
lua_Integer sxe_lua_check_integer(lua_State *L, int index, const char *function, lua_Integer low, lua_Integer high);
const char *sxe_lua_check_string(lua_State *L, int index, const char *function, size_t *length);
void sxe_lua_check_function_or_nil(lua_State *L, int index, const char *function);
int sxe_lua_type_error(lua_State *L, int index, const char *function, const char *expected);

/* sxe-lua-seam.c: every call into lib-sxe */
typedef enum SXE_LUA_KIND { SXE_LUA_KIND_TCP, SXE_LUA_KIND_UDP, SXE_LUA_KIND_UNIX } SXE_LUA_KIND;
void lsxe_register(unsigned number);
SXE_RETURN lsxe_init(void);
void lsxe_fini(void);
bool lsxe_is_initialized(void);
SXE *lsxe_new(SXE_LUA_KIND kind, const char *address, int port);
SXE_RETURN lsxe_listen(SXE *sxe);
SXE_RETURN lsxe_connect(SXE *sxe, const char *address, int port);
SXE_RETURN lsxe_close(SXE *sxe);
SXE_RETURN lsxe_write(SXE *sxe, const char *data, size_t length);
SXE_RETURN lsxe_write_to(SXE *sxe, const char *data, size_t length, const char *address, int port);
SXE_RETURN lsxe_send(SXE *sxe, const char *data, size_t length);
SXE_RETURN lsxe_sendfile(SXE *sxe, int fd, off_t *offset, unsigned length);
void lsxe_consume(SXE *sxe, size_t length); /* consumed bytes, never pausing delivery */
void lsxe_pause(SXE *sxe);
void lsxe_resume(SXE *sxe);
SXE_LUA_KIND lsxe_kind(SXE *sxe);
SXE *lsxe_parent(SXE *sxe);
void lsxe_set_user_data(SXE *sxe, void *data);
const char *lsxe_peer_ip(SXE *sxe, char *buffer, unsigned size);
unsigned lsxe_peer_port(SXE *sxe);
const char *lsxe_local_ip(SXE *sxe, char *buffer, unsigned size);
unsigned lsxe_local_port(SXE *sxe);
int lsxe_fd(SXE *sxe);
unsigned lsxe_last_write_length(SXE *sxe);
SXE_RETURN lsxe_close_reason(SXE *sxe);
SXE_RETURN lsxe_set_idle_timeout(SXE *sxe, double seconds);
SXE_RETURN lsxe_set_connect_timeout(SXE *sxe, double seconds);
void lsxe_set_nodelay(SXE *sxe, bool enable);
SXE_RETURN lsxe_set_buffer_size(unsigned bytes);
SXE_RETURN lsxe_defer(SXE_DEFERRED *deferred, void (*callback)(void *), void *arg);
void lsxe_defer_cancel(SXE_DEFERRED *deferred);
void lsxe_get_counters(SXE_COUNTERS *counters);
const char *lsxe_return_name(SXE_RETURN result);

/* The accessors of the hot path, inline (part of the seam: lib-sxe's macros and fields are read here only). */
static inline const char *lsxe_buf(SXE *sxe, size_t *length)
{
    *length = SXE_BUF_USED(sxe);
    return SXE_BUF(sxe);
}

static inline unsigned lsxe_id(SXE *sxe)
{
    return SXE_ID(sxe);
}

static inline unsigned lsxe_generation(SXE *sxe) /* changes at every close */
{
    return sxe->generation;
}

static inline void *lsxe_user_data(SXE *sxe)
{
    return SXE_USER_DATA(sxe);
}

/* The trampolines lib-sxe calls (sxe-lua-object.c). */
void sxe_lua_on_connect(SXE *sxe);
void sxe_lua_on_read(SXE *sxe, int length);
void sxe_lua_on_close(SXE *sxe);
void sxe_lua_on_complete(SXE *sxe, SXE_RETURN result);

#endif
