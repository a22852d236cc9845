/* sxe-log.h: libsxe logging, return codes and the SXEL/SXEE/SXER/SXEA/SXEV/SXED macro families.
 *
 * LEVELS: 1 fatal, 2 error, 3 warning, 4 information, 5 debug, 6 trace, 7 dump.
 *   Levels 6 and 7 exist only in debug builds (SXE_DEBUG defined non-zero). In release builds (SXE_DEBUG 0 or not
 *   defined) their macros compile to nothing: arguments are type-checked but NEVER evaluated, so a variable used
 *   only in a trace line does not cause an "unused variable" warning. Levels 1..5 are always compiled in.
 *   At run time the default level is 5 (levels 1..5 print); see sxe_log_set_level(), SXE_LOG_LEVEL below.
 *
 * MACROS (l = level digit 1..7):
 *   SXEL<l>(fmt, ...)              a line, marker "- "
 *   SXEE<l>(fmt, ...)              function entry, marker "+ ", indents the lines that follow by two spaces
 *   SXER<l>(fmt, ...)              function return, marker "< ", ends the indentation of the matching SXEE<l>
 *   SXEA<l>(cond, fmt, ...)        assert: when cond is false, logs the condition, file, line and message at
 *                                  level 1 and aborts. SXEA1..5 are active in release builds, SXEA6/7 only in debug.
 *   SXEV<l>(expr, cond, fmt, ...)  verify: `(expr) cond` is ALWAYS evaluated; when false (and level l is compiled
 *                                  in) it fails like SXEA. Example: SXEV6(close(fd), == 0, "close(%d) failed", fd).
 *   SXED<l>(ptr, len)              hex dump, one line per 16 bytes.
 * Classic spellings work too: a second digit gives the number of arguments and is ignored (SXEL61("x=%d", x),
 * SXEE60("f()"), SXER60("return"), SXEA10(c, "m"), SXEV11(e, == 0, "%d", a), SXED10(p, n)); classic levels 8 and 9
 * mean 6 and 7. An `I` suffix on any form (SXEL6I, SXEL61I, SXEE61I, SXER60I, SXEA1I, SXED6I, ...) logs the id of
 * the `this` in scope (or the pointer SXE_LOG_THIS names), obtained with SXE_LOG_THIS_ID(this) (see below). See
 * sxe-log-classic.h.
 *
 * LINE FORMAT (log-format.md), fields separated by single spaces:
 *   20101002 181142.250 P00006a5f ------ 1 - connecting
 *   date+time UTC with milliseconds, P+pid (T+thread id for other threads) as 8 lowercase hex digits, the object id
 *   right-aligned in 6 columns or "------", the level digit, two spaces per open visible SXEE on this thread, the
 *   marker and a space, the text. Non-printable text bytes are escaped as \n, \r, \xHH and a backslash as \\.
 *   A line is at most SXE_LOG_LINE_MAX bytes including its newline; a longer one is cut and ends with "...".
 *
 * INDENTATION: per thread. An SXEE<l> that is filtered out by the run-time level does not indent and its SXER<l>
 *   does not unindent (entry and return must use the same level). Changing the level between an entry and its
 *   return can leave the indentation off by one for that thread (it never goes below zero).
 *
 * RUN-TIME LEVELS: a global level (default 5; environment SXE_LOG_LEVEL=N read on first use) and per-component
 *   overrides. A source file chooses its component by defining SXE_LOG_COMPONENT before including this header (or
 *   any header that includes it, e.g. sxe.h); the default is "app". libsxe uses "pool", "sxe" and "http". The
 *   environment variable SXE_LOG_LEVEL_<COMPONENT> (component name in any case, e.g. SXE_LOG_LEVEL_POOL=7) or
 *   sxe_log_set_component_level("pool", 7) overrides the level for that component. A filtered-out line costs one
 *   inline comparison against a per-file cached level (refreshed only after a level change).
 *
 * SINKS: lines go to stderr with one write() per line. sxe_log_set_sink() replaces that (tests capture lines with it),
 *   sxe_log_use_syslog() sends them to syslog.
 *
 * THREADS: each line is formatted in a thread-local buffer and emitted whole. Each thread has its own indentation
 *   and its own id (sxe_log_set_thread_id()).
 */
#ifndef SXE_LOG_H
#define SXE_LOG_H

/* What the classic sxe-log.h gave its includers, plus what this one needs. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Classic attribute spellings (BSD's sys/cdefs.h has its own __printflike, which is kept). */
#ifndef __printflike
#define __printflike(fmtarg, firstvararg) __attribute__((__format__(__printf__, fmtarg, firstvararg)))
#endif
#ifndef __noreturn
#define __noreturn __attribute__((__noreturn__))
#endif

/* ------------------------------------------------------------------------------------------------------------------
 * Return codes. The values are the classic SXE ones: errno numbers (SXE_RETURN_WARN_WOULD_BLOCK == EAGAIN, ...), so a
 * return code can be compared with an errno value and printed with strerror(). The names after the classic ones are
 * libsxe's: those with a classic equivalent are aliases of it (same value, so classic and modern code compare equal);
 * the others have the errno of their usual cause, distinct from every classic value.
 */
typedef enum SXE_RETURN {
    SXE_RETURN_OK = 0,
    SXE_RETURN_NO_SUCH_PROCESS = ESRCH,             /*   3 */
    SXE_RETURN_ERROR_INTERRUPTED = EINTR,           /*   4 */
    SXE_RETURN_ERROR_WRITE_FAILED = EIO,            /*   5 */
    SXE_RETURN_ERROR_COMMAND_NOT_RUN = ENOEXEC,     /*   8 */
    SXE_RETURN_WARN_ALREADY_CLOSED = EBADF,         /*   9 */
    SXE_RETURN_WARN_WOULD_BLOCK = EAGAIN,           /*  11 */
    SXE_RETURN_ERROR_ALLOC = ENOMEM,                /*  12 */
    SXE_RETURN_ERROR_INVALID = EINVAL,              /*  22 */
    SXE_RETURN_OUT_OF_RANGE = ERANGE,               /*  34 */
    SXE_RETURN_DEADLOCK_WOULD_OCCUR = EDEADLK,      /*  35 */
    SXE_RETURN_ERROR_LOCK_NOT_TAKEN = ENOLCK,       /*  37 */
    SXE_RETURN_END_OF_FILE = ENODATA,               /*  61 */
    SXE_RETURN_ERROR_BAD_MESSAGE = EBADMSG,         /*  74 */
    SXE_RETURN_ERROR_INCORRECT_STATE = EBADFD,      /*  77 */
    SXE_RETURN_ERROR_ADDRESS_IN_USE = EADDRINUSE,   /*  98 */
    SXE_RETURN_NO_UNUSED_ELEMENTS = ENOBUFS,        /* 105 */
    SXE_RETURN_ERROR_ALREADY_CONNECTED = EISCONN,   /* 106 */
    SXE_RETURN_ERROR_NO_CONNECTION = ENOTCONN,      /* 107 */
    SXE_RETURN_ERROR_TIMED_OUT = ETIMEDOUT,         /* 110 */
    SXE_RETURN_WARN_ALREADY_INITIALIZED = EALREADY, /* 114 */
    SXE_RETURN_IN_PROGRESS = EINPROGRESS,           /* 115 */
    SXE_RETURN_ERROR_NOT_INITIALIZED = EUCLEAN,     /* 117 */
    SXE_RETURN_UNCATEGORIZED = EMEDIUMTYPE,         /* 124 */
    SXE_RETURN_EXPIRED_VALUE = EKEYEXPIRED,         /* 127 */
    SXE_RETURN_ERROR_INTERNAL = ENOTRECOVERABLE,    /* 131 */

    /* libsxe's codes without a classic equivalent */
    SXE_RETURN_ERROR_PERMISSION = EACCES,               /*  13 */
    SXE_RETURN_ERROR_OUT_OF_FILES = EMFILE,             /*  24: also ENFILE */
    SXE_RETURN_ERROR_BUFFER_FULL = ENOSPC,              /*  28 */
    SXE_RETURN_ERROR_INVALID_ADDRESS = EDESTADDRREQ,    /*  89: a bad address literal or family */
    SXE_RETURN_ERROR_NOT_SUPPORTED = EOPNOTSUPP,        /*  95 */
    SXE_RETURN_ERROR_OUT_OF_PORTS = EADDRNOTAVAIL,      /*  99: no local port left for a connection */
    SXE_RETURN_ERROR_READ_FAILED = ECONNRESET,          /* 104: a failed recv (other than a reset peer) */
    SXE_RETURN_ERROR_CONNECTION_REFUSED = ECONNREFUSED, /* 111 */

    /* libsxe's names for classic codes: aliases */
    SXE_RETURN_WARN_IN_PROGRESS = SXE_RETURN_IN_PROGRESS,
    SXE_RETURN_ERROR_BAD_PARAMETER = SXE_RETURN_ERROR_INVALID,
    SXE_RETURN_ERROR_TIMEOUT = SXE_RETURN_ERROR_TIMED_OUT,
    SXE_RETURN_ERROR_OUT_OF_MEMORY = SXE_RETURN_ERROR_ALLOC,
    SXE_RETURN_ERROR_BAD_STATE = SXE_RETURN_ERROR_INCORRECT_STATE,
    SXE_RETURN_ERROR_POOL_EXHAUSTED = SXE_RETURN_NO_UNUSED_ELEMENTS,

    SXE_RETURN_INVALID_VALUE = INT_MAX /* classic: larger than every code */
} SXE_RETURN;

/* Classic aliases. */
#define SXE_RETURN_WARN_CACHE_DOUBLE_INITIALIZED SXE_RETURN_WARN_ALREADY_INITIALIZED
#define SXE_RETURN_ERROR_BAD_MESSAGE_RECEIVED    SXE_RETURN_ERROR_BAD_MESSAGE
#define SXE_RETURN_ERROR_CACHE_UNINITIALIZED     SXE_RETURN_ERROR_NOT_INITIALIZED
#define SXE_RETURN_ERROR_INVALID_URI             SXE_RETURN_ERROR_INVALID

/* Returns the name of a return code without its SXE_RETURN_ prefix ("OK", "ERROR_TIMED_OUT", ...): a static string.
 * An alias gives the name of the code it stands for (SXE_RETURN_ERROR_BAD_PARAMETER: "ERROR_INVALID"). Any value that
 * is not a code returns "UNKNOWN_SXE_RETURN" (classic returned NULL; never crashes).
 */
const char *sxe_return_to_string(SXE_RETURN value);

/* ------------------------------------------------------------------------------------------------------------------
 * Limits and constants
 */
typedef enum SXE_LOG_LEVEL {
    SXE_LOG_LEVEL_UNDER_MINIMUM, /* 0: as a run-time level, nothing but asserts prints */
    SXE_LOG_LEVEL_FATAL,
    SXE_LOG_LEVEL_ERROR,
    SXE_LOG_LEVEL_WARNING,
    SXE_LOG_LEVEL_INFORMATION,
    SXE_LOG_LEVEL_DEBUG,
    SXE_LOG_LEVEL_TRACE, /* 6 and 7: compiled in only in debug builds */
    SXE_LOG_LEVEL_DUMP,
    SXE_LOG_LEVEL_OVER_MAXIMUM /* 8: given to sxe_log_set_level(), "no level set": the default or the environment's */
} SXE_LOG_LEVEL;

#define SXE_LOG_LEVEL_MAX     7 /* Higher run-time levels are clamped to this */
#define SXE_LOG_LEVEL_DEFAULT 5 /* Run-time level when nothing sets one */

#define SXE_LOG_NO_ID               (~0U) /* "No object id": printed as ------ */
#define SXE_LOG_LINE_MAX            1024  /* Max bytes of a line, newline included; longer lines end with "..." */
#define SXE_LOG_BUFFER_SIZE         SXE_LOG_LINE_MAX /* classic name */
#define SXE_LOG_INDENT_MAX          32 /* Max indentation printed (in entries, 2 spaces each); deeper is capped */
#define SXE_LOG_COMPONENT_MAX       32 /* Max number of components with their own level */
#define SXE_LOG_COMPONENT_NAME_MAX  31 /* Max length of a component name */
#define SXE_LOG_DUMP_BYTES_PER_LINE 16

#define SXE_LOG_MARKER_LINE   '-'
#define SXE_LOG_MARKER_ENTRY  '+'
#define SXE_LOG_MARKER_RETURN '<'

/* Internal: 1 when levels 6 and 7 are compiled in. SXE_DEBUG undefined is treated as 0. */
#if defined(SXE_DEBUG) && SXE_DEBUG
#define SXE_LOG_DEBUG_BUILD 1
#else
#define SXE_LOG_DEBUG_BUILD 0
#endif

/* The component of the including source file; define it before including this header. */
#ifndef SXE_LOG_COMPONENT
#define SXE_LOG_COMPONENT "app"
#endif

/* How the I-suffix macros get the id of `this`. The default suits any `this` pointing at a struct with an integer
 * `id` field. When the id is SXE_LOG_NO_ID (this == NULL), the thread's id (sxe_log_set_thread_id()) or ------ is
 * printed. lib-sxe's sxe.h replaces it, after including this header, with
 *     #undef  SXE_LOG_THIS_ID
 *     #define SXE_LOG_THIS_ID(this) ((this) != NULL ? SXE_ID(this) : SXE_LOG_NO_ID)
 * A program may define its own before including this header; that definition is kept.
 */
#ifndef SXE_LOG_THIS_ID
#define SXE_LOG_THIS_ID(this) ((this) != NULL ? (unsigned)(this)->id : SXE_LOG_NO_ID)
#endif

/* The name of the object pointer the I-suffix macros read: `this` by default. In C++, where `this` is a keyword (only
 * a member function has one), define it to the name your functions use, e.g. `#define SXE_LOG_THIS self`, before
 * using an I-suffix macro.
 */
#ifndef SXE_LOG_THIS
#define SXE_LOG_THIS this
#endif

/* ------------------------------------------------------------------------------------------------------------------
 * Run-time control
 */

/* Sets the global run-time level (0 = print nothing but asserts; above 8 is clamped to 7). SXE_LOG_LEVEL_OVER_MAXIMUM
 * (8) means "no level set" (classic): the level becomes the environment's SXE_LOG_LEVEL, or SXE_LOG_LEVEL_DEFAULT.
 * Components with their own level are not affected. Returns the previous global level (never OVER_MAXIMUM: classic
 * returned it while no level was set; restoring the returned value has the same effect).
 */
SXE_LOG_LEVEL sxe_log_set_level(SXE_LOG_LEVEL level);

/* Returns the global run-time level (1..7, or 0). */
SXE_LOG_LEVEL sxe_log_get_level(void);

/* Lowers the global level to `level` when it is lower than the current one (a level above 7 changes nothing).
 * Returns the previous global level, to be restored later with sxe_log_set_level() (classic).
 */
SXE_LOG_LEVEL sxe_log_decrease_level(SXE_LOG_LEVEL level);

/* Makes every source file look its level up again on its next line (classic; levels are refreshed automatically
 * after every level change, so this is rarely needed).
 */
void sxe_log_control_forget_all_levels(void);

/* Sets the level of one component (see SXE_LOG_COMPONENT), overriding the global level for it; clamped to 7. The
 * name is compared case-insensitively and copied. Returns SXE_RETURN_OK, SXE_RETURN_ERROR_BAD_PARAMETER when name
 * is NULL (logged at level 2), empty or longer than SXE_LOG_COMPONENT_NAME_MAX, or SXE_RETURN_ERROR_BUFFER_FULL when
 * SXE_LOG_COMPONENT_MAX components already have a level.
 */
SXE_RETURN sxe_log_set_component_level(const char *component, unsigned level);

/* Removes the override of one component (it follows the global level again). Unknown names are ignored; NULL is
 * logged (level 2) and ignored.
 */
void sxe_log_clear_component_level(const char *component);

/* Removes all component overrides. */
void sxe_log_clear_component_levels(void);

/* Returns the effective level of a component: its own level if it has one, else the global level (also for NULL,
 * which is logged at level 2).
 */
unsigned sxe_log_get_component_level(const char *component);

/* Reads the environment (done automatically on first use of the log): SXE_LOG_LEVEL=N sets the global level and each
 * SXE_LOG_LEVEL_<NAME>=N sets the level of component <name>. N must be a decimal number (clamped to 7); malformed
 * values are ignored and reported at level 3. Settings the environment does not mention are left unchanged.
 * The classic per-path names (SXE_LOG_LEVEL_<COMPONENT>[_<PACKAGE>[_<FILE>]]) are mapped onto libsxe's components:
 * SXE_LOG_LEVEL_LIBSXE sets "pool", "sxe" and "http"; SXE_LOG_LEVEL_LIBSXE_LIB_SXE_POOL[_<FILE>] sets "pool",
 * ..._LIBSXE_LIB_SXE_HTTP[_<FILE>] "http", ..._LIBSXE_LIB_SXE and ..._LIBSXE_LIB_SXE_SXE[_<FILE>] "sxe" (a classic
 * per-file setting applies to the whole component); they win over SXE_LOG_LEVEL_LIBSXE. Other LIBSXE names (packages
 * libsxe does not have) are ignored.
 */
void sxe_log_read_environment(void);

/* Sets the id printed for this thread's lines when a macro gives no id (non-I macros, or this == NULL). */
void sxe_log_set_thread_id(unsigned id);

/* Clears this thread's id: lines without an id print ------ again. */
void sxe_log_clear_thread_id(void);

/* Returns this thread's current indentation depth (open, visible SXEE entries). */
unsigned sxe_log_get_indent(void);

/* A line sink receives each complete line: `line` starts with the date, ends with '\n' (counted in `len`) followed
 * by a NUL. The buffer belongs to the log and is only valid during the call. Calls to a custom sink are serialized
 * (never concurrent); a line logged from inside the sink is dropped.
 */
typedef void (*SXE_LOG_SINK)(unsigned level, const char *line, unsigned len, void *user);

/* Replaces the sink; NULL restores the default (stderr, one write() per line). */
void sxe_log_set_sink(SXE_LOG_SINK sink, void *user);

/* Sends lines to syslog (classic signature): openlog(ident, option, facility) -- option as openlog()'s, e.g. LOG_PID
 * | LOG_NDELAY -- and a sink that logs each line WITHOUT the date and pid fields (syslog adds its own), i.e. starting
 * at the id field and without the newline (with a prefix hook installed, the whole line without the newline). Levels
 * map to priorities: 1 LOG_CRIT, 2 LOG_ERR, 3 LOG_WARNING, 4 LOG_INFO, 5..7 LOG_DEBUG. `ident` is copied (at most 63
 * bytes; NULL means "sxe"). sxe_log_set_sink(NULL, NULL) returns to stderr (and closes the syslog connection).
 */
void sxe_log_use_syslog(const char *ident, int option, int facility);

/* Returns the syslog priority used for a level (see sxe_log_use_syslog()). */
int sxe_log_level_to_syslog_priority(unsigned level);

/* An assert hook is called after a failed assert is logged and before abort(); tests may longjmp out of it. If it
 * returns, the process aborts. NULL removes the hook.
 */
typedef void (*SXE_LOG_ASSERT_HOOK)(const char *condition, const char *file, unsigned line);
void sxe_log_set_assert_hook(SXE_LOG_ASSERT_HOOK hook);

/* Classic assert callback: called first thing when an assert fails, before its line is logged (and before the hook
 * above), then the process aborts. Set it with SXE_LOG_ASSERT_SET_CALLBACK(cb); NULL means none.
 */
typedef void (*SXE_LOG_ASSERT_CB)(void);
extern SXE_LOG_ASSERT_CB sxe_log_assert_cb;
#define SXE_LOG_ASSERT_SET_CALLBACK(cb) sxe_log_assert_cb = (cb)

/* Classic line options (sxe_log_set_options() replaces the whole set; default 0): */
#define SXE_LOG_OPTION_LEVEL_TEXT 0x00000001 /* the level field is FAT ERR WAR INF DEB TRA DUM instead of the digit */
#define SXE_LOG_OPTION_ID_HEX     0x00000002 /* the id field is 8 lower-case hex digits ("--------" for none) */
void sxe_log_set_options(unsigned options);

/* Classic hooks. A line-out function receives each finished line (prefix, text, '\n', then a NUL); installing one
 * replaces the sink (sxe_log_set_sink() replaces it in turn), with the same serialization. NULL restores the default
 * (stderr). Returns the line-out function that was installed, or the default one (never NULL).
 */
typedef void (*SXE_LOG_LINE_OUT_PTR)(SXE_LOG_LEVEL level, const char *line);
SXE_LOG_LINE_OUT_PTR sxe_log_hook_line_out(SXE_LOG_LINE_OUT_PTR line_out);

/* A buffer-prefix function writes the start of each line (instead of the date, process, id and level fields) into
 * log_buffer, which has room for SXE_LOG_BUFFER_SIZE bytes, and returns its length (at most SXE_LOG_BUFFER_SIZE / 2
 * is used); the indentation, marker and text follow. `id` is the object id or SXE_LOG_NO_ID. NULL restores the
 * default. Returns the function that was installed, or the default one (never NULL). Called from any thread that
 * logs.
 */
typedef unsigned (*SXE_LOG_BUFFER_PREFIX_PTR)(char *log_buffer, unsigned id, SXE_LOG_LEVEL level);
SXE_LOG_BUFFER_PREFIX_PTR sxe_log_hook_buffer_prefix(SXE_LOG_BUFFER_PREFIX_PTR buffer_prefix);

/* ------------------------------------------------------------------------------------------------------------------
 * Emitting functions (normally called through the macros; the level check is the caller's). Each formats one line
 * (or, for dumps, one line per 16 bytes) for level `level` and object `id` (SXE_LOG_NO_ID for none) and hands it to
 * the sink. They allocate nothing. A NULL format is a caller's bug: instead of the line, an error (level 2) naming the
 * function is logged (sxe_log_entry still indents, so that its return unindents).
 */
void sxe_log_line(unsigned level, unsigned id, const char *format, ...) __attribute__((format(printf, 3, 4), cold));
void sxe_log_vline(unsigned level, unsigned id, const char *format, va_list args)
    __attribute__((format(printf, 3, 0), cold));
void sxe_log_entry(unsigned level, unsigned id, const char *format, ...) __attribute__((format(printf, 3, 4), cold));
void sxe_log_return(unsigned level, unsigned id, const char *format, ...) __attribute__((format(printf, 3, 4), cold));
/* Dumps `length` bytes at `data`, one line per 16 bytes (see log-format.md). Length 0 prints nothing; a NULL `data`
 * prints one line naming sxe_log_dump, at level 3 (or `level` when lower).
 */
void sxe_log_dump(unsigned level, unsigned id, const void *data, size_t length) __attribute__((cold));
/* Logs "ASSERT FAILED: <condition> at <file>:<line>: <message>" at level 1 whatever the run-time level, calls the
 * assert hook if one is set, then abort()s. Never returns. A NULL condition or file prints as "(NULL condition)" or
 * "(NULL file)", a NULL format as an empty message.
 */
void sxe_log_assert(unsigned id, const char *file, unsigned line, const char *condition, const char *format, ...)
    __attribute__((format(printf, 5, 6), cold, noreturn));

/* ------------------------------------------------------------------------------------------------------------------
 * Per-file level cache (internal). Each source file has its own static control; the inline check compares the
 * level of a line with the cached effective level of the file's component and refreshes the cache only when the
 * global generation (bumped by every level change) differs from the cached one.
 */
typedef struct SXE_LOG_CONTROL {
    unsigned cache; /* generation (upper bits) | effective level (low 4 bits); 0 = never filled */
    const char *component;
} SXE_LOG_CONTROL;

#define SXE_LOG_CONTROL_LEVEL_MASK 0xFU

extern unsigned sxe_log_generation;                         /* internal: multiple of 16, never 0 */
unsigned sxe_log_control_refresh(SXE_LOG_CONTROL *control); /* NULL: logged, returns the global level, caches nothing */

static SXE_LOG_CONTROL sxe_log_control __attribute__((unused)) = {0, SXE_LOG_COMPONENT};

static inline __attribute__((always_inline)) unsigned sxe_log_control_level(SXE_LOG_CONTROL *control)
{
    unsigned cache = __atomic_load_n(&control->cache, __ATOMIC_RELAXED);

    if (__builtin_expect(
            (cache & ~SXE_LOG_CONTROL_LEVEL_MASK) != __atomic_load_n(&sxe_log_generation, __ATOMIC_RELAXED), 0))
        cache = sxe_log_control_refresh(control);

    return cache & SXE_LOG_CONTROL_LEVEL_MASK;
}

/* True when a line of level `level` of this file's component would be printed now. */
#define SXE_LOG_LEVEL_IS_ON(level) SXE_UNLIKELY((unsigned)(level) <= sxe_log_control_level(&sxe_log_control))

/* Classic spelling: `SXE_IF_LEVEL_GE(5) { ... }` runs the block when a line of that level would be printed. */
#ifndef SXE_IF_LEVEL_GE
#define SXE_IF_LEVEL_GE(line_level) if (SXE_LOG_LEVEL_IS_ON(line_level))
#endif

/* Classic: the file name a program's build gives its sources (SXE_FILE=...); __FILE__ by default. Not used by the log
 * format, which has no file field.
 */
#ifndef SXE_FILE
#define SXE_FILE __FILE__
#endif

/* ------------------------------------------------------------------------------------------------------------------
 * Macro building blocks (internal). The *_ON_ forms are compiled in; the *_OFF_ forms type-check their arguments
 * inside `if (0)` and never evaluate them (SXEV_OFF still evaluates `(expr) cond`).
 */
#define SXE_LOG_L_ON_(lvl, id, ...)                                                                                    \
    do {                                                                                                               \
        if (SXE_LOG_LEVEL_IS_ON(lvl)) sxe_log_line((lvl), (id), __VA_ARGS__);                                          \
    } while (0)
#define SXE_LOG_E_ON_(lvl, id, ...)                                                                                    \
    do {                                                                                                               \
        if (SXE_LOG_LEVEL_IS_ON(lvl)) sxe_log_entry((lvl), (id), __VA_ARGS__);                                         \
    } while (0)
#define SXE_LOG_R_ON_(lvl, id, ...)                                                                                    \
    do {                                                                                                               \
        if (SXE_LOG_LEVEL_IS_ON(lvl)) sxe_log_return((lvl), (id), __VA_ARGS__);                                        \
    } while (0)
#define SXE_LOG_D_ON_(lvl, id, ptr, len)                                                                               \
    do {                                                                                                               \
        if (SXE_LOG_LEVEL_IS_ON(lvl)) sxe_log_dump((lvl), (id), (ptr), (len));                                         \
    } while (0)
#define SXE_LOG_A_ON_(id, cond, ...)                                                                                   \
    do {                                                                                                               \
        if (SXE_UNLIKELY(!(cond))) sxe_log_assert((id), __FILE__, __LINE__, #cond, __VA_ARGS__);                       \
    } while (0)
#define SXE_LOG_V_ON_(id, expr, cond, ...)                                                                             \
    do {                                                                                                               \
        if (SXE_UNLIKELY(!((expr)cond))) sxe_log_assert((id), __FILE__, __LINE__, #expr " " #cond, __VA_ARGS__);       \
    } while (0)

#define SXE_LOG_L_OFF_(lvl, id, ...)                                                                                   \
    do {                                                                                                               \
        if (0) sxe_log_line((lvl), (id), __VA_ARGS__);                                                                 \
    } while (0)
#define SXE_LOG_E_OFF_(lvl, id, ...)                                                                                   \
    do {                                                                                                               \
        if (0) sxe_log_entry((lvl), (id), __VA_ARGS__);                                                                \
    } while (0)
#define SXE_LOG_R_OFF_(lvl, id, ...)                                                                                   \
    do {                                                                                                               \
        if (0) sxe_log_return((lvl), (id), __VA_ARGS__);                                                               \
    } while (0)
#define SXE_LOG_D_OFF_(lvl, id, ptr, len)                                                                              \
    do {                                                                                                               \
        if (0) sxe_log_dump((lvl), (id), (ptr), (len));                                                                \
    } while (0)
#define SXE_LOG_A_OFF_(id, cond, ...)                                                                                  \
    do {                                                                                                               \
        if (0) {                                                                                                       \
            if (!(cond)) sxe_log_assert((id), __FILE__, __LINE__, #cond, __VA_ARGS__);                                 \
        }                                                                                                              \
    } while (0)
#define SXE_LOG_V_OFF_(id, expr, cond, ...)                                                                            \
    do {                                                                                                               \
        if (!((expr)cond) && 0) sxe_log_assert((id), __FILE__, __LINE__, #expr " " #cond, __VA_ARGS__);                \
    } while (0)

#define SXE_LOG_ID_NONE_ SXE_LOG_NO_ID
#define SXE_LOG_ID_THIS_ SXE_LOG_THIS_ID(SXE_LOG_THIS)

/* ------------------------------------------------------------------------------------------------------------------
 * The modern macros, levels 1..5: always compiled in.
 */
#define SXEL1(...)      SXE_LOG_L_ON_(1, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEL2(...)      SXE_LOG_L_ON_(2, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEL3(...)      SXE_LOG_L_ON_(3, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEL4(...)      SXE_LOG_L_ON_(4, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEL5(...)      SXE_LOG_L_ON_(5, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEE1(...)      SXE_LOG_E_ON_(1, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEE2(...)      SXE_LOG_E_ON_(2, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEE3(...)      SXE_LOG_E_ON_(3, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEE4(...)      SXE_LOG_E_ON_(4, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEE5(...)      SXE_LOG_E_ON_(5, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXER1(...)      SXE_LOG_R_ON_(1, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXER2(...)      SXE_LOG_R_ON_(2, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXER3(...)      SXE_LOG_R_ON_(3, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXER4(...)      SXE_LOG_R_ON_(4, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXER5(...)      SXE_LOG_R_ON_(5, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEA1(...)      SXE_LOG_A_ON_(SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEA2(...)      SXE_LOG_A_ON_(SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEA3(...)      SXE_LOG_A_ON_(SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEA4(...)      SXE_LOG_A_ON_(SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEA5(...)      SXE_LOG_A_ON_(SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEV1(...)      SXE_LOG_V_ON_(SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEV2(...)      SXE_LOG_V_ON_(SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEV3(...)      SXE_LOG_V_ON_(SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEV4(...)      SXE_LOG_V_ON_(SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEV5(...)      SXE_LOG_V_ON_(SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXED1(ptr, len) SXE_LOG_D_ON_(1, SXE_LOG_ID_NONE_, ptr, len)
#define SXED2(ptr, len) SXE_LOG_D_ON_(2, SXE_LOG_ID_NONE_, ptr, len)
#define SXED3(ptr, len) SXE_LOG_D_ON_(3, SXE_LOG_ID_NONE_, ptr, len)
#define SXED4(ptr, len) SXE_LOG_D_ON_(4, SXE_LOG_ID_NONE_, ptr, len)
#define SXED5(ptr, len) SXE_LOG_D_ON_(5, SXE_LOG_ID_NONE_, ptr, len)

#define SXEL1I(...)      SXE_LOG_L_ON_(1, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEL2I(...)      SXE_LOG_L_ON_(2, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEL3I(...)      SXE_LOG_L_ON_(3, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEL4I(...)      SXE_LOG_L_ON_(4, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEL5I(...)      SXE_LOG_L_ON_(5, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEE1I(...)      SXE_LOG_E_ON_(1, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEE2I(...)      SXE_LOG_E_ON_(2, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEE3I(...)      SXE_LOG_E_ON_(3, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEE4I(...)      SXE_LOG_E_ON_(4, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEE5I(...)      SXE_LOG_E_ON_(5, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXER1I(...)      SXE_LOG_R_ON_(1, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXER2I(...)      SXE_LOG_R_ON_(2, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXER3I(...)      SXE_LOG_R_ON_(3, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXER4I(...)      SXE_LOG_R_ON_(4, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXER5I(...)      SXE_LOG_R_ON_(5, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEA1I(...)      SXE_LOG_A_ON_(SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEA2I(...)      SXE_LOG_A_ON_(SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEA3I(...)      SXE_LOG_A_ON_(SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEA4I(...)      SXE_LOG_A_ON_(SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEA5I(...)      SXE_LOG_A_ON_(SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEV1I(...)      SXE_LOG_V_ON_(SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEV2I(...)      SXE_LOG_V_ON_(SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEV3I(...)      SXE_LOG_V_ON_(SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEV4I(...)      SXE_LOG_V_ON_(SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEV5I(...)      SXE_LOG_V_ON_(SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXED1I(ptr, len) SXE_LOG_D_ON_(1, SXE_LOG_ID_THIS_, ptr, len)
#define SXED2I(ptr, len) SXE_LOG_D_ON_(2, SXE_LOG_ID_THIS_, ptr, len)
#define SXED3I(ptr, len) SXE_LOG_D_ON_(3, SXE_LOG_ID_THIS_, ptr, len)
#define SXED4I(ptr, len) SXE_LOG_D_ON_(4, SXE_LOG_ID_THIS_, ptr, len)
#define SXED5I(ptr, len) SXE_LOG_D_ON_(5, SXE_LOG_ID_THIS_, ptr, len)

/* ------------------------------------------------------------------------------------------------------------------
 * The modern macros, levels 6 and 7: compiled in only in debug builds.
 */
#if SXE_LOG_DEBUG_BUILD
#define SXE_LOG_L_DBG_ SXE_LOG_L_ON_
#define SXE_LOG_E_DBG_ SXE_LOG_E_ON_
#define SXE_LOG_R_DBG_ SXE_LOG_R_ON_
#define SXE_LOG_D_DBG_ SXE_LOG_D_ON_
#define SXE_LOG_A_DBG_ SXE_LOG_A_ON_
#define SXE_LOG_V_DBG_ SXE_LOG_V_ON_
#else
#define SXE_LOG_L_DBG_ SXE_LOG_L_OFF_
#define SXE_LOG_E_DBG_ SXE_LOG_E_OFF_
#define SXE_LOG_R_DBG_ SXE_LOG_R_OFF_
#define SXE_LOG_D_DBG_ SXE_LOG_D_OFF_
#define SXE_LOG_A_DBG_ SXE_LOG_A_OFF_
#define SXE_LOG_V_DBG_ SXE_LOG_V_OFF_
#endif

#define SXEL6(...)      SXE_LOG_L_DBG_(6, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEL7(...)      SXE_LOG_L_DBG_(7, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEE6(...)      SXE_LOG_E_DBG_(6, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEE7(...)      SXE_LOG_E_DBG_(7, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXER6(...)      SXE_LOG_R_DBG_(6, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXER7(...)      SXE_LOG_R_DBG_(7, SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEA6(...)      SXE_LOG_A_DBG_(SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEA7(...)      SXE_LOG_A_DBG_(SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEV6(...)      SXE_LOG_V_DBG_(SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXEV7(...)      SXE_LOG_V_DBG_(SXE_LOG_ID_NONE_, __VA_ARGS__)
#define SXED6(ptr, len) SXE_LOG_D_DBG_(6, SXE_LOG_ID_NONE_, ptr, len)
#define SXED7(ptr, len) SXE_LOG_D_DBG_(7, SXE_LOG_ID_NONE_, ptr, len)

#define SXEL6I(...)      SXE_LOG_L_DBG_(6, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEL7I(...)      SXE_LOG_L_DBG_(7, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEE6I(...)      SXE_LOG_E_DBG_(6, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEE7I(...)      SXE_LOG_E_DBG_(7, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXER6I(...)      SXE_LOG_R_DBG_(6, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXER7I(...)      SXE_LOG_R_DBG_(7, SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEA6I(...)      SXE_LOG_A_DBG_(SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEA7I(...)      SXE_LOG_A_DBG_(SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEV6I(...)      SXE_LOG_V_DBG_(SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXEV7I(...)      SXE_LOG_V_DBG_(SXE_LOG_ID_THIS_, __VA_ARGS__)
#define SXED6I(ptr, len) SXE_LOG_D_DBG_(6, SXE_LOG_ID_THIS_, ptr, len)
#define SXED7I(ptr, len) SXE_LOG_D_DBG_(7, SXE_LOG_ID_THIS_, ptr, len)

/* Classic SXEL<l>A6(expr, fmt, ...): in debug builds an assert (SXEA6); in release builds, when expr is false, a line
 * at level l (expr is evaluated once, only in that form).
 */
#if SXE_LOG_DEBUG_BUILD
#define SXEL1A6(...) SXEA6(__VA_ARGS__)
#define SXEL2A6(...) SXEA6(__VA_ARGS__)
#define SXEL3A6(...) SXEA6(__VA_ARGS__)
#define SXEL4A6(...) SXEA6(__VA_ARGS__)
#define SXEL5A6(...) SXEA6(__VA_ARGS__)
#else
#define SXE_LOG_LA6_(lvl, expr, ...)                                                                                   \
    do {                                                                                                               \
        if (!(expr)) SXE_LOG_L_ON_(lvl, SXE_LOG_ID_NONE_, __VA_ARGS__);                                                \
    } while (0)
#define SXEL1A6(...) SXE_LOG_LA6_(1, __VA_ARGS__)
#define SXEL2A6(...) SXE_LOG_LA6_(2, __VA_ARGS__)
#define SXEL3A6(...) SXE_LOG_LA6_(3, __VA_ARGS__)
#define SXEL4A6(...) SXE_LOG_LA6_(4, __VA_ARGS__)
#define SXEL5A6(...) SXE_LOG_LA6_(5, __VA_ARGS__)
#endif

#ifdef __cplusplus
}
#endif

/* Classic spellings: SXEL<l><n>, SXEL<l><n>I, and levels 8/9 (generated). */
#include "sxe-log-classic.h"

/* sxe-util.h and sxe-log.h include each other (as the classic ones did): whichever a program includes first, it gets
 * both. sxe-util.h includes this header before its own declarations, which use SXE_RETURN.
 */
#include "sxe-util.h"

#endif
