/* sxe-lua.h: SXELua, libsxe daemons written in Lua (LuaJIT). See lib-sxe-lua/README.md for the Lua API in full.
 *
 * One Lua state per process (lib-sxe itself is one pool on libev's default loop): sxe_lua_new() creates it with the
 * binding's allocator and a heap limit, opens the standard libraries and the binding (global functions sxe_*,
 * SXEL1..SXEL7), sxe_lua_load() runs a script's main chunk (its sxe_register() calls reserve objects), sxe_lua_init()
 * calls sxe_init() and then the scripts' init functions in registration order, and the application runs the loop
 * (ev_run(EV_DEFAULT, 0)) until sxe_stop() from Lua, a signal of its own, or the loop has nothing left to watch.
 * sxe_lua_delete() closes the state and calls sxe_fini(). The runner examples/sxelua is exactly this sequence.
 *
 * The rules (each documented in README.md and tested):
 * - CALLBACK ERRORS: a Lua error raised by a callback (on_connect, on_read, on_close, a send's completion, a timer, a
 *   deferred function, a pool timeout) is logged at level 2 with its traceback and counted (callback_errors); the
 *   object the callback belongs to is closed (a timer is stopped); the loop goes on serving every other object.
 * - HEAP LIMIT: every Lua allocation goes through the binding's allocator, which refuses any allocation that would
 *   take the heap above the limit (SXE_LUA_HEAP_LIMIT_DEFAULT unless given). The refused allocation raises Lua's
 *   "not enough memory" error where it happened: inside a callback it is a callback error (logged, counted also as
 *   memory_errors, the object closed); the process is never killed for it. Before each callback, a heap above
 *   SXE_LUA_GC_FULL_PERCENT of the limit runs a full collection, so garbage alone does not reach the limit.
 * - HOT PATH: a read costs no C allocation; a classic on_read(obj, content) makes one Lua string of the unconsumed
 *   input (interned: the same bytes make no new string while the old one lives), the view mode (obj.read_view =
 *   true) passes the object's preallocated buffer view instead and makes none. sxe_write of a string is a call
 *   through LuaJIT's FFI, compiled into the script's trace. Each object has one userdata for its whole life in the
 *   pool (its slot): an object handle kept after its close refers to the slot's next connection.
 * - MISUSE: a wrong argument type to any binding is a Lua error naming the function and the argument. Calls on a
 *   closed object return nil and the SXE_RETURN name ("ERROR_NO_CONNECTION", ...) without calling lib-sxe.
 */
#ifndef SXE_LUA_H
#define SXE_LUA_H

#include <stddef.h>

#include "sxe-log.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SXE_LUA_HEAP_LIMIT_DEFAULT (64U * 1024 * 1024) /* bytes: the Lua heap of sxe_lua_new(0) and of sxelua */
#define SXE_LUA_HEAP_LIMIT_MINIMUM (256U * 1024)       /* a smaller limit is raised to this (the libraries need it) */
#define SXE_LUA_GC_FULL_PERCENT    75                  /* heap share of the limit that triggers a full collection */
#define SXE_LUA_ERROR_MAXIMUM      1024                /* bytes kept of the last error message (sxe_lua_error()) */
#define SXE_LUA_REGISTER_MAXIMUM   1000000             /* objects one sxe_register() call may reserve */

struct lua_State; /* LuaJIT's (lua.h): this header does not need LuaJIT's headers, a program using the state does */

typedef struct SXE_LUA_COUNTERS {
    unsigned long long
        callback_errors;              /* Lua errors raised by callbacks (each closed its object or stopped its timer) */
    unsigned long long memory_errors; /* of those, allocations refused by the heap limit */
    unsigned long long full_collections; /* full collections run because the heap neared its limit */
    size_t heap_bytes;                   /* bytes the Lua heap holds now */
    size_t heap_peak;                    /* most bytes it held at once */
    size_t heap_limit;                   /* the limit */
} SXE_LUA_COUNTERS;

/* Create the process's Lua state: the binding's allocator with heap_limit bytes (0: SXE_LUA_HEAP_LIMIT_DEFAULT; less
 * than SXE_LUA_HEAP_LIMIT_MINIMUM is raised to it), the standard libraries, the binding's globals. Returns the state
 * (owned by the binding: close it with sxe_lua_delete(), never lua_close()), or NULL, logged, when one exists already
 * or memory cannot be had.
 */
struct lua_State *sxe_lua_new(size_t heap_limit);

/* Load the script at `path` and run its main chunk with the global `arg` set as the lua interpreter does: arg[0] =
 * path, arg[1..argc] = argv[0..argc-1] (argv may be NULL when argc is 0). Returns SXE_RETURN_OK;
 * SXE_RETURN_ERROR_INVALID_ADDRESS when the file cannot be read or does not compile (the message, "path:line:
 * message" for a syntax error, "path: cannot open: reason" for a file that cannot be read, is in sxe_lua_error());
 * SXE_RETURN_ERROR_INTERNAL when the main chunk raised an error (message and traceback in sxe_lua_error(), not logged:
 * the caller reports it); SXE_RETURN_ERROR_OUT_OF_MEMORY when it reached the heap limit; SXE_RETURN_ERROR_BAD_STATE
 * without a state (sxe_lua_new()); SXE_RETURN_ERROR_BAD_PARAMETER for a NULL path or argc < 0 (all but the first
 * logged).
 */
SXE_RETURN sxe_lua_load(const char *path, int argc, const char *const *argv);

/* After the scripts are loaded: raise RLIMIT_NOFILE's soft limit to cover the objects the scripts registered (when
 * the hard limit allows), call sxe_init() when the scripts registered objects (a C program that registers only its own
 * calls sxe_init() itself, after loading the scripts: lib-sxe ignores a registration after it), then every init
 * function given to sxe_register(), in registration order. Returns SXE_RETURN_OK; sxe_init()'s error; or
 * SXE_RETURN_ERROR_INTERNAL / SXE_RETURN_ERROR_OUT_OF_MEMORY when an init function raised an error (its message and
 * traceback in sxe_lua_error(), not logged; the init functions after it are not called); SXE_RETURN_ERROR_BAD_STATE
 * without a state or when called twice.
 */
SXE_RETURN sxe_lua_init(void);

/* The exit status sxe_stop(status) set from Lua (0 when it was not called or called without a status). */
int sxe_lua_exit_status(void);

/* Close every object the scripts still hold (no callback is called: a pending send's completion does not reach Lua),
 * close the Lua state (timers stop, pools are deleted) and call sxe_fini() when sxe_lua_init() called sxe_init().
 * Harmless without a state. sxe_lua_new() may follow.
 */
void sxe_lua_delete(void);

/* The message of the last error of sxe_lua_load() or sxe_lua_init() ("" when none): a static buffer of at most
 * SXE_LUA_ERROR_MAXIMUM bytes, valid until the next call of either.
 */
const char *sxe_lua_error(void);

/* Copy the binding's counters into *counters (zeros without a state). NULL is logged and ignored. */
void sxe_lua_get_counters(SXE_LUA_COUNTERS *counters);

#ifdef __cplusplus
}
#endif

#endif
