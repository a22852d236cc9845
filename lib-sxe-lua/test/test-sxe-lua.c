/* test-sxe-lua.c: the C API of lib-sxe-lua (sxe-lua.h), as a C daemon embedding Lua uses it: the state, loading a
 * script, the init functions, the heap limit, errors and counters. The Lua API itself is tested by the Lua suites
 * (test-lua-*.lua) and the runner by test/test-sxelua.c. Each test runs in its own process (one state per process).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../test/sxe-check.h"
#include "ev.h"
#include "lauxlib.h"
#include "sxe-lua.h"
#include "sxe.h"

#define SCRIPT_PATH_MAX 64

/* Writes `text` to a new temporary file; its path goes to path (SCRIPT_PATH_MAX bytes). */
static void script_write(char *path, const char *text)
{
    int fd;

    snprintf(path, SCRIPT_PATH_MAX, "/tmp/test-sxe-lua-XXXXXX");
    ck_assert_int_ge(fd = mkstemp(path), 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

/* Loads a script made of `text`; returns what sxe_lua_load() returned. */
static SXE_RETURN script_load(const char *text, int argc, const char *const *argv)
{
    char path[SCRIPT_PATH_MAX];
    SXE_RETURN result;

    script_write(path, text);
    result = sxe_lua_load(path, argc, argv);
    unlink(path);
    return result;
}

static lua_Integer global_integer(lua_State *L, const char *name)
{
    lua_Integer value;

    lua_getglobal(L, name);
    value = lua_tointeger(L, -1);
    lua_pop(L, 1);
    return value;
}

START_TEST(test_a_script_runs_and_c_reads_the_globals_it_set)
{
    lua_State *L = sxe_lua_new(0);

    ck_assert_ptr_nonnull(L);
    ck_assert_int_eq(script_load("answer = 6 * 7", 0, NULL), SXE_RETURN_OK);
    ck_assert_int_eq(global_integer(L, "answer"), 42);
    sxe_lua_delete();
}
END_TEST

START_TEST(test_a_second_state_is_refused_while_one_exists)
{
    ck_assert_ptr_nonnull(sxe_lua_new(0));
    ck_assert_ptr_null(sxe_lua_new(0));
    sxe_lua_delete();
    ck_assert_ptr_nonnull(sxe_lua_new(0)); /* after the delete: a new one */
    sxe_lua_delete();
}
END_TEST

START_TEST(test_the_arguments_reach_the_script_as_arg_with_the_script_as_arg_0)
{
    static const char *const argv[] = {"-p", "0"};
    lua_State *L = sxe_lua_new(0);

    ck_assert_int_eq(script_load("count = #arg; first = arg[1]; zero = arg[0]", 2, argv), SXE_RETURN_OK);
    ck_assert_int_eq(global_integer(L, "count"), 2);
    lua_getglobal(L, "first");
    ck_assert_str_eq(lua_tostring(L, -1), "-p");
    lua_getglobal(L, "zero");
    ck_assert_str_eq(strncmp(lua_tostring(L, -1), "/tmp/test-sxe-lua-", 18) == 0 ? "script" : lua_tostring(L, -1),
                     "script");
    sxe_lua_delete();
}
END_TEST

START_TEST(test_a_missing_file_returns_invalid_address_and_names_the_file)
{
    sxe_lua_new(0);
    ck_assert_int_eq(sxe_lua_load("/nonexistent/script.lua", 0, NULL), SXE_RETURN_ERROR_INVALID_ADDRESS);
    ck_assert_msg(strstr(sxe_lua_error(), "/nonexistent/script.lua: cannot open") != NULL, "error: %s",
                  sxe_lua_error());
    sxe_lua_delete();
}
END_TEST

START_TEST(test_a_syntax_error_returns_invalid_address_with_file_line_and_message)
{
    char path[SCRIPT_PATH_MAX];
    char expected[SCRIPT_PATH_MAX + 8];

    sxe_lua_new(0);
    script_write(path, "x = 1\ny = = 2\n");
    ck_assert_int_eq(sxe_lua_load(path, 0, NULL), SXE_RETURN_ERROR_INVALID_ADDRESS);
    unlink(path);
    snprintf(expected, sizeof(expected), "%s:2:", path);
    ck_assert_msg(strstr(sxe_lua_error(), expected) != NULL, "error: %s", sxe_lua_error());
    sxe_lua_delete();
}
END_TEST

START_TEST(test_an_error_in_the_main_chunk_returns_internal_with_its_traceback)
{
    sxe_lua_new(0);
    ck_assert_int_eq(script_load("local function f() error('broken here') end\nf()\n", 0, NULL),
                     SXE_RETURN_ERROR_INTERNAL);
    ck_assert_msg(strstr(sxe_lua_error(), "broken here") != NULL && strstr(sxe_lua_error(), "stack traceback") != NULL,
                  "error: %s", sxe_lua_error());
    sxe_lua_delete();
}
END_TEST

START_TEST(test_a_script_beyond_the_heap_limit_gets_a_memory_error_and_the_heap_stays_within_it)
{
    SXE_LUA_COUNTERS counters;

    sxe_lua_new(SXE_LUA_HEAP_LIMIT_MINIMUM);
    ck_assert_int_eq(script_load("local t = {} for i = 1, 1e7 do t[i] = tostring(i) end", 0, NULL),
                     SXE_RETURN_ERROR_OUT_OF_MEMORY);
    sxe_lua_get_counters(&counters);
    ck_assert_uint_eq(counters.heap_limit, SXE_LUA_HEAP_LIMIT_MINIMUM);
    ck_assert_uint_le(counters.heap_peak, counters.heap_limit);
    ck_assert_uint_eq(counters.memory_errors, 0); /* the caller reports a load's error: it is not a callback's */
    ck_assert_int_eq(script_load("ok = 1", 0, NULL), SXE_RETURN_OK); /* the state goes on working */
    sxe_lua_delete();
}
END_TEST

START_TEST(test_a_limit_below_the_minimum_is_raised_to_the_minimum)
{
    SXE_LUA_COUNTERS counters;

    sxe_lua_new(1);
    sxe_lua_get_counters(&counters);
    ck_assert_uint_eq(counters.heap_limit, SXE_LUA_HEAP_LIMIT_MINIMUM);
    ck_assert_uint_gt(counters.heap_bytes, 0);
    sxe_lua_delete();
}
END_TEST

static void on_read(SXE *self, int length)
{
    (void)self;
    (void)length;
}

START_TEST(test_init_calls_sxe_init_then_the_init_functions_in_registration_order)
{
    lua_State *L = sxe_lua_new(0);

    ck_assert_int_eq(script_load("order = ''\n"
                                 "sxe_register(2, function () order = order .. 'a' end)\n"
                                 "sxe_register(3, function () order = order .. 'b'\n"
                                 "    objects = sxe_get_counters().open_now end)\n",
                                 0, NULL),
                     SXE_RETURN_OK);
    lua_getglobal(L, "order");
    ck_assert_str_eq(lua_tostring(L, -1), "");
    ck_assert_int_eq(sxe_lua_init(), SXE_RETURN_OK);
    lua_getglobal(L, "order");
    ck_assert_str_eq(lua_tostring(L, -1), "ab");
    ck_assert_ptr_nonnull(sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL)); /* sxe_init ran */
    ck_assert_int_eq(sxe_lua_init(), SXE_RETURN_ERROR_BAD_STATE);                  /* only once */
    sxe_lua_delete();
}
END_TEST

START_TEST(test_an_error_in_an_init_function_stops_init_and_is_reported)
{
    lua_State *L = sxe_lua_new(0);

    ck_assert_int_eq(script_load("sxe_register(1, function () error('cannot start') end)\n"
                                 "sxe_register(1, function () second = true end)\n",
                                 0, NULL),
                     SXE_RETURN_OK);
    ck_assert_int_eq(sxe_lua_init(), SXE_RETURN_ERROR_INTERNAL);
    ck_assert_msg(strstr(sxe_lua_error(), "cannot start") != NULL, "error: %s", sxe_lua_error());
    lua_getglobal(L, "second");
    ck_assert(lua_isnil(L, -1));
    sxe_lua_delete();
}
END_TEST

START_TEST(test_calls_without_a_state_or_with_null_arguments_are_refused)
{
    SXE_LUA_COUNTERS counters;

    ck_assert_int_eq(sxe_lua_load("x.lua", 0, NULL), SXE_RETURN_ERROR_BAD_STATE);
    ck_assert_int_eq(sxe_lua_init(), SXE_RETURN_ERROR_BAD_STATE);
    sxe_lua_new(0);
    ck_assert_int_eq(sxe_lua_load(NULL, 0, NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(sxe_lua_load("x.lua", -1, NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    ck_assert_int_eq(sxe_lua_load("x.lua", 1, NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_lua_get_counters(NULL); /* logged, ignored */
    sxe_lua_get_counters(&counters);
    sxe_lua_delete();
    sxe_lua_delete(); /* harmless */
}
END_TEST

START_TEST(test_sxe_stop_sets_the_exit_status)
{
    sxe_lua_new(0);
    ck_assert_int_eq(sxe_lua_exit_status(), 0);
    ck_assert_int_eq(script_load("sxe_stop(3)", 0, NULL), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_lua_exit_status(), 3);
    sxe_lua_delete();
}
END_TEST

START_TEST(test_the_state_closes_with_objects_open_and_a_send_pending)
{
    lua_State *L = sxe_lua_new(0);

    ck_assert_int_eq(
        script_load("sxe_register(3, function ()\n"
                    "    local l = sxe_new_tcp('127.0.0.1', 0, nil, function (c) c:pause() return 0 end)\n"
                    "    assert(l:listen())\n"
                    "    local c = sxe_new_tcp(nil, 0, function (c)\n"
                    "        pending = c:send(string.rep('x', 16 * 1024 * 1024), function () completed = true end)\n"
                    "    end, function () end)\n"
                    "    assert(c:connect('127.0.0.1', l.local_port))\n"
                    "    sxe_timer_new(function () sxe_stop() end, 0.3):start()\n"
                    "end)\n",
                    0, NULL),
        SXE_RETURN_OK);
    ck_assert_int_eq(sxe_lua_init(), SXE_RETURN_OK);
    ev_run(EV_DEFAULT, 0);
    lua_getglobal(L, "pending");
    ck_assert_str_eq(lua_tostring(L, -1), "pending");
    lua_pop(L, 1);
    sxe_lua_delete(); /* closes the objects first: the completion finds no freed userdata, calls no Lua */
    ck_assert_uint_eq(sxe_get_number_in_use(), 0);
}
END_TEST

START_TEST(test_a_c_program_that_initialized_lib_sxe_keeps_its_pool_after_the_state_is_deleted)
{
    sxe_register(2, 0); /* the C program's own objects */
    sxe_lua_new(0);
    ck_assert_int_eq(script_load("sxe_register(1, function () tcp = sxe_new_tcp('127.0.0.1', 0) end)", 0, NULL),
                     SXE_RETURN_OK);
    ck_assert_int_eq(sxe_init(), SXE_RETURN_OK); /* by the C program, after loading the scripts */
    ck_assert_int_eq(sxe_lua_init(), SXE_RETURN_OK);
    ck_assert_uint_eq(sxe_get_number_in_use(), 1); /* the script's object */
    ck_assert_ptr_nonnull(sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, on_read, NULL));
    sxe_lua_delete(); /* closes the script's object, leaves the C program's pool and object */
    ck_assert_uint_gt(sxe_get_allocated_bytes(), 0);
    ck_assert_uint_eq(sxe_get_number_in_use(), 1);
    sxe_fini();
}
END_TEST

SXE_TEST_MAIN("test-sxe-lua", test_a_script_runs_and_c_reads_the_globals_it_set,
              test_a_second_state_is_refused_while_one_exists,
              test_the_arguments_reach_the_script_as_arg_with_the_script_as_arg_0,
              test_a_missing_file_returns_invalid_address_and_names_the_file,
              test_a_syntax_error_returns_invalid_address_with_file_line_and_message,
              test_an_error_in_the_main_chunk_returns_internal_with_its_traceback,
              test_a_script_beyond_the_heap_limit_gets_a_memory_error_and_the_heap_stays_within_it,
              test_a_limit_below_the_minimum_is_raised_to_the_minimum,
              test_init_calls_sxe_init_then_the_init_functions_in_registration_order,
              test_an_error_in_an_init_function_stops_init_and_is_reported,
              test_calls_without_a_state_or_with_null_arguments_are_refused, test_sxe_stop_sets_the_exit_status,
              test_the_state_closes_with_objects_open_and_a_send_pending,
              test_a_c_program_that_initialized_lib_sxe_keeps_its_pool_after_the_state_is_deleted)
