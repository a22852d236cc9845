/* test-sxe-lua-api.c: the robust-API table of lib-sxe-lua (sxe-lua.h): each public function called with NULL, without a
 * state or in another wrong state returns what its header says, logs an error naming itself, and never crashes. The
 * table must cover every function sxe-lua.h declares.
 */
#include "sxe-lua.h"
#include "../../lib-sxe-log/test/sxe-test-api.h"

START_TEST(sxe_lua_new_while_a_state_exists_returns_null_and_logs)
{
    ck_assert_ptr_nonnull(sxe_lua_new(0));
    sxe_test_api_expect_log("sxe_lua_new");
    ck_assert_ptr_null(sxe_lua_new(0));
    sxe_test_api_check_log();
    sxe_lua_delete();
}
END_TEST

START_TEST(sxe_lua_load_without_a_state_or_with_a_null_path_is_refused_and_logged)
{
    sxe_test_api_expect_log("sxe_lua_load");
    ck_assert_int_eq(sxe_lua_load("script.lua", 0, NULL), SXE_RETURN_ERROR_BAD_STATE);
    sxe_test_api_check_log();
    sxe_lua_new(0);
    sxe_test_api_expect_log("sxe_lua_load");
    ck_assert_int_eq(sxe_lua_load(NULL, 0, NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_test_api_expect_log("sxe_lua_load");
    ck_assert_int_eq(sxe_lua_load("script.lua", 2, NULL), SXE_RETURN_ERROR_BAD_PARAMETER);
    sxe_test_api_check_log();
    sxe_lua_delete();
}
END_TEST

START_TEST(sxe_lua_init_without_a_state_or_twice_returns_bad_state_and_logs)
{
    sxe_test_api_expect_log("sxe_lua_init");
    ck_assert_int_eq(sxe_lua_init(), SXE_RETURN_ERROR_BAD_STATE);
    sxe_test_api_check_log();
    sxe_lua_new(0);
    ck_assert_int_eq(sxe_lua_init(), SXE_RETURN_OK); /* nothing registered: no sxe_init(), no init function */
    sxe_test_api_expect_log("sxe_lua_init");
    ck_assert_int_eq(sxe_lua_init(), SXE_RETURN_ERROR_BAD_STATE);
    sxe_test_api_check_log();
    sxe_lua_delete();
}
END_TEST

START_TEST(sxe_lua_exit_status_error_and_delete_without_a_state_return_their_defaults)
{
    ck_assert_int_eq(sxe_lua_exit_status(), 0);
    ck_assert_str_eq(sxe_lua_error(), "");
    sxe_lua_delete(); /* harmless */
}
END_TEST

START_TEST(sxe_lua_get_counters_with_null_is_logged_and_without_a_state_gives_zeros)
{
    SXE_LUA_COUNTERS counters;

    memset(&counters, 0xFF, sizeof(counters));
    sxe_lua_get_counters(&counters);
    ck_assert_uint_eq(counters.heap_bytes, 0);
    ck_assert_uint_eq(counters.callback_errors, 0);
    sxe_test_api_expect_log("sxe_lua_get_counters");
    sxe_lua_get_counters(NULL);
    sxe_test_api_check_log();
}
END_TEST

int main(void)
{
    const SXE_TEST_API_CASE cases[] = {
        {"sxe_lua_new", sxe_lua_new_while_a_state_exists_returns_null_and_logs},
        {"sxe_lua_load", sxe_lua_load_without_a_state_or_with_a_null_path_is_refused_and_logged},
        {"sxe_lua_init", sxe_lua_init_without_a_state_or_twice_returns_bad_state_and_logs},
        {"sxe_lua_exit_status", sxe_lua_exit_status_error_and_delete_without_a_state_return_their_defaults},
        {"sxe_lua_delete", sxe_lua_exit_status_error_and_delete_without_a_state_return_their_defaults},
        {"sxe_lua_error", sxe_lua_exit_status_error_and_delete_without_a_state_return_their_defaults},
        {"sxe_lua_get_counters", sxe_lua_get_counters_with_null_is_logged_and_without_a_state_gives_zeros},
    };

    return sxe_test_api_main("lib-sxe-lua", cases, SXE_ARRAY_SIZE(cases));
}
