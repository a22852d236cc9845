/* sxelua: run a libsxe daemon written in Lua (lib-sxe-lua, LuaJIT).
 *
 * sxelua [-m MEGABYTES] [-l LEVEL] SCRIPT.lua [ARGS...]
 * sxelua -h | --help | --version
 *
 * Installed as sxe-sxelua and sxelua (man/sxe-sxelua.1). Creates the Lua state with a heap limit (-m), runs the
 * script's main chunk with its arguments in `arg` (as the lua interpreter does: arg[0] is the script), calls sxe_init()
 * and the init functions the script gave to sxe_register(), then runs the loop until sxe_stop([status]) from Lua,
 * SIGTERM or SIGINT, or nothing is left to watch. Options stop at the script's name: everything after it is the
 * script's. Exit status: 0 (or the status given to sxe_stop), 1 when the script fails at start (an error in the
 * main chunk or an init function, sxe_init() failing), 2 usage, a missing file or a syntax error
 * ("file:line: message" on stderr).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ev.h"
#include "sxe-log.h"
#include "sxe-lua.h"
#include "sxe-version.h"

#define SXELUA_EXIT_START      1
#define SXELUA_EXIT_USAGE      2
#define SXELUA_HEAP_MB_MAXIMUM 65536
#define SXELUA_OPTION_VERSION  0x100 /* getopt_long value of --version (no short form) */

static void sxelua_usage(FILE *out, const char *program)
{
    fprintf(out,
            "usage: %s [-m MEGABYTES] [-l LEVEL] SCRIPT.lua [ARGS...]\n"
            "       %s -h | --help | --version\n"
            "  -m MEGABYTES     Lua heap limit, 1..%d (default %u): an allocation beyond it is a Lua memory error\n"
            "  -l LEVEL         log level 0..7 (default: $SXE_LOG_LEVEL, else %d)\n"
            "  -h, --help       print this help on stdout and exit 0\n"
            "  --version        print the version on stdout and exit 0\n"
            "Runs SCRIPT.lua with ARGS in `arg`, then the init functions it gave to sxe_register(), then the loop.\n"
            "exit status: 0 done (or sxe_stop's status), 1 the script failed at start, 2 usage, missing file or\n"
            "syntax error\n",
            program, program, SXELUA_HEAP_MB_MAXIMUM, SXE_LUA_HEAP_LIMIT_DEFAULT >> 20, SXE_LOG_LEVEL_DEFAULT);
}

static unsigned sxelua_number(const char *text, unsigned long minimum, unsigned long maximum, const char *what)
{
    char *end;
    unsigned long value = strtoul(text, &end, 10);

    if (end == text || *end != '\0' || text[0] == '-' || value < minimum || value > maximum) {
        fprintf(stderr, "sxelua: %s must be a number from %lu to %lu, not '%s'\n", what, minimum, maximum, text);
        exit(SXELUA_EXIT_USAGE);
    }

    return (unsigned)value;
}

static void sxelua_on_signal(struct ev_loop *loop, ev_signal *watcher, int revents)
{
    (void)watcher;
    (void)revents;
    ev_break(loop, EVBREAK_ALL);
}

/* Loads and starts the script; exits on failure with the documented status. */
static void sxelua_start(const char *script, int argc, char **argv)
{
    SXE_RETURN result = sxe_lua_load(script, argc, (const char *const *)argv);

    if (result == SXE_RETURN_ERROR_INVALID_ADDRESS) { /* missing file or syntax error */
        fprintf(stderr, "%s\n", sxe_lua_error());
        sxe_lua_delete();
        exit(SXELUA_EXIT_USAGE);
    }

    if (result != SXE_RETURN_OK || (result = sxe_lua_init()) != SXE_RETURN_OK) {
        fprintf(stderr, "sxelua: %s: %s\n", script, sxe_lua_error());
        sxe_lua_delete();
        exit(SXELUA_EXIT_START);
    }
}

int main(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, SXELUA_OPTION_VERSION}, {NULL, 0, NULL, 0}};
    size_t heap_limit = SXE_LUA_HEAP_LIMIT_DEFAULT;
    ev_signal term;
    ev_signal interrupt;
    int status;
    int opt;

    while ((opt = getopt_long(argc, argv, "+m:l:h", long_options, NULL)) != -1) {
        switch (opt) {
            case 'm':
                heap_limit = (size_t)sxelua_number(optarg, 1, SXELUA_HEAP_MB_MAXIMUM, "the heap limit") << 20;
                break;
            case 'l':
                sxe_log_set_level(sxelua_number(optarg, 0, SXE_LOG_LEVEL_MAX, "the log level"));
                break;
            case 'h':
                sxelua_usage(stdout, argv[0]);
                return 0;
            case SXELUA_OPTION_VERSION:
                printf("sxe-sxelua (libsxe) %s\n", sxe_version());
                return 0;
            default:
                sxelua_usage(stderr, argv[0]);
                return SXELUA_EXIT_USAGE;
        }
    }

    if (optind >= argc) {
        fprintf(stderr, "sxelua: no script to run\n");
        sxelua_usage(stderr, argv[0]);
        return SXELUA_EXIT_USAGE;
    }

    if (sxe_lua_new(heap_limit) == NULL) {
        fprintf(stderr, "sxelua: cannot create the Lua state\n");
        return SXELUA_EXIT_START;
    }

    /* The signals are caught before the script runs: its init functions may announce it is ready (a port file) */
    ev_signal_init(&term, sxelua_on_signal, SIGTERM);
    ev_signal_init(&interrupt, sxelua_on_signal, SIGINT);
    ev_signal_start(EV_DEFAULT, &term);
    ev_signal_start(EV_DEFAULT, &interrupt);
    ev_unref(EV_DEFAULT); /* the signals alone do not keep the loop running */
    ev_unref(EV_DEFAULT);
    sxelua_start(argv[optind], argc - optind - 1, argv + optind + 1);
    ev_run(EV_DEFAULT, 0);
    ev_ref(EV_DEFAULT);
    ev_ref(EV_DEFAULT);
    ev_signal_stop(EV_DEFAULT, &term);
    ev_signal_stop(EV_DEFAULT, &interrupt);
    status = sxe_lua_exit_status();
    sxe_lua_delete();
    return status;
}
