/* test-sxelua.c: the sxelua runner (examples/sxelua) and the Lua examples (examples/lua/): bad scripts exit 2 with
 * "file:line: message", the script gets its arguments, a classic 2010-style script runs unchanged, a Lua error in a
 * callback is logged with its traceback and closes only that connection, the heap limit gives a Lua memory error and
 * not a dead daemon, and hello.lua, echo.lua, httpd.lua and client.lua do what their headers say, in fixed memory.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sxe-check.h"
#include "sxe-itest.h"

#define RUN_TIMEOUT      30.0 /* seconds a run of sxelua or of the load generator may take */
#define STOP_WAIT        5.0  /* seconds a server gets to exit after SIGTERM */
#define RSS_CONNECTIONS  "1000"
#define RSS_WARM_QUERIES "10"  /* per connection: the first 10,000 requests */
#define RSS_QUERIES      "100" /* per connection: 100,000 requests more */
#define RSS_GROWTH_KB    1024  /* VmRSS after them must be within 1 MB of VmRSS after the first 10,000 */
#define HELLO_RESPONSE   "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nHello, World!"
#define REQUEST          "GET / HTTP/1.1\r\nHost: test\r\n\r\n"

static SXE_ITEST_SERVER server;
static SXE_ITEST_RUN run;

/* Writes `text` as `name` in the prepared server's folder; the path goes to path. */
static void script_write(char *path, size_t size, const char *name, const char *text)
{
    snprintf(path, size, "%s/%s", server.dir, name);
    ck_assert(sxe_itest_write_file(server.dir, name, text, strlen(text)));
}

/* Runs sxelua with the NULL-terminated arguments to completion. */
static int sxelua_run(const char *first, ...)
{
    const char *argv[16] = {"sxelua", first};
    unsigned argc = 2;
    va_list args;

    va_start(args, first);

    while (argc < 15 && (argv[argc] = va_arg(args, const char *)) != NULL) {
        argc++;
    }

    va_end(args);
    argv[argc] = NULL;
    return sxe_itest_run_program(&run, argv, RUN_TIMEOUT);
}

/* Starts sxelua on a script written into a prepared folder; with heap_mb, "-m heap_mb" comes before the script. */
static void start_script(const char *text, const char *heap_mb)
{
    char path[SXE_ITEST_PATH_MAX];
    const char *plain[] = {path, NULL};
    const char *limited[] = {"-m", heap_mb, path, NULL};

    ck_assert(sxe_itest_prepare(&server));
    script_write(path, sizeof(path), "server.lua", text);
    ck_assert_msg(sxe_itest_start_prepared(&server, "sxelua", heap_mb != NULL ? limited : plain),
                  "sxelua did not start: see %s", server.log);
}

static void start_example(const char *script)
{
    const char *args[] = {script, NULL};

    ck_assert(sxe_itest_prepare(&server));
    ck_assert_msg(sxe_itest_start_prepared(&server, "sxelua", args), "sxelua %s did not start: see %s", script,
                  server.log);
}

static void stop_server(void)
{
    ck_assert_int_eq(sxe_itest_stop(&server, SIGTERM, STOP_WAIT), 0);
    sxe_itest_cleanup(&server);
}

/* Reads until `size` bytes came (answer is NUL terminated after them), the peer closed or 2 s passed without a byte.
 * Returns the bytes read.
 */
static size_t read_exactly(int fd, char *answer, size_t size)
{
    size_t used = 0;
    ssize_t got;

    while (used < size && sxe_itest_wait_readable(fd, 2.0)) {
        if ((got = recv(fd, answer + used, size - used, 0)) <= 0) {
            if (got < 0 && errno == EINTR) {
                continue;
            }

            break;
        }

        used += (size_t)got;
    }

    answer[used] = '\0';
    return used;
}

/* Sends `request` on a new connection and reads until `size` bytes came or the server closed; returns the bytes. */
static size_t exchange(const char *request, char *answer, size_t size)
{
    int fd = sxe_itest_connect(server.port);
    size_t got;

    ck_assert_int_ge(fd, 0);
    ck_assert(sxe_itest_send(fd, request, 0));
    got = read_exactly(fd, answer, size);
    close(fd);
    return got;
}

/* ---- the runner ---------------------------------------------------------------------------------------------- */

START_TEST(test_a_syntax_error_exits_2_with_file_line_and_message)
{
    char path[SXE_ITEST_PATH_MAX];
    char expected[SXE_ITEST_PATH_MAX + 8];

    ck_assert(sxe_itest_prepare(&server));
    script_write(path, sizeof(path), "bad.lua", "local x = 1\nlocal y = = 2\n");
    ck_assert_int_eq(sxelua_run(path, NULL), 2);
    snprintf(expected, sizeof(expected), "%s:2: ", path);
    ck_assert_msg(strncmp(run.err, expected, strlen(expected)) == 0, "stderr: %s", run.err);
    sxe_itest_cleanup(&server);
}
END_TEST

START_TEST(test_a_missing_script_exits_2_naming_it)
{
    ck_assert_int_eq(sxelua_run("/nonexistent/daemon.lua", NULL), 2);
    ck_assert_msg(strstr(run.err, "/nonexistent/daemon.lua: cannot open: No such file or directory") != NULL,
                  "stderr: %s", run.err);
}
END_TEST

START_TEST(test_no_script_exits_2_with_the_usage)
{
    const char *argv[] = {"sxelua", NULL};

    ck_assert_int_eq(sxe_itest_run_program(&run, argv, RUN_TIMEOUT), 2);
    ck_assert_msg(strstr(run.err, "usage: ") != NULL, "stderr: %s", run.err);
}
END_TEST

START_TEST(test_an_unknown_option_of_an_example_exits_2_with_its_usage)
{
    ck_assert_int_eq(sxelua_run("examples/lua/hello.lua", "-z", "1", NULL), 2);
    ck_assert_msg(strstr(run.err, "usage: hello.lua [-i IP]") != NULL && strstr(run.err, "unknown option -z") != NULL,
                  "stderr: %s", run.err);
}
END_TEST

START_TEST(test_an_error_in_the_main_chunk_exits_1_with_its_traceback)
{
    char path[SXE_ITEST_PATH_MAX];

    ck_assert(sxe_itest_prepare(&server));
    script_write(path, sizeof(path), "fails.lua", "local function start() error('no config') end\nstart()\n");
    ck_assert_int_eq(sxelua_run(path, NULL), 1);
    ck_assert_msg(strstr(run.err, "no config") != NULL && strstr(run.err, "stack traceback") != NULL, "stderr: %s",
                  run.err);
    sxe_itest_cleanup(&server);
}
END_TEST

START_TEST(test_the_script_gets_its_arguments_in_arg_and_sxe_stop_sets_the_exit_status)
{
    char path[SXE_ITEST_PATH_MAX];

    ck_assert(sxe_itest_prepare(&server));
    script_write(path, sizeof(path), "args.lua",
                 "print(#arg, arg[1], arg[2])\n"
                 "sxe_register(1, function () sxe_defer(function () sxe_stop(7) end) end)\n");
    ck_assert_int_eq(sxelua_run("-m", "8", path, "-p", "two words", NULL), 7);
    ck_assert_str_eq(run.out, "2\t-p\ttwo words\n");
    sxe_itest_cleanup(&server);
}
END_TEST

/* The classic API exactly as the 2010 scripts used it: global functions, on_read(this, content) returning nothing.
 * The only modern touch is how the test learns the port: plain Lua writes it to the file the harness names.
 */
static const char classic_script[] =
    "local portfile = arg[4]\n"
    "sxe_register(10, function ()\n"
    "    local listener = sxe_new_tcp(\"127.0.0.1\", 0, nil, function (this, content)\n"
    "        sxe_write(this, \"you said: \" .. content)\n"
    "    end, nil)\n"
    "    sxe_listen(listener)\n"
    "    local file = io.open(portfile .. \".tmp\", \"w\")\n"
    "    file:write(listener.local_port, \"\\n\")\n"
    "    file:close()\n"
    "    os.rename(portfile .. \".tmp\", portfile)\n"
    "end)\n";

START_TEST(test_a_classic_2010_style_script_runs_unchanged)
{
    char answer[256] = "";

    start_script(classic_script, NULL);
    ck_assert_uint_eq(exchange("hello", answer, strlen("you said: hello")), strlen("you said: hello"));
    ck_assert_str_eq(answer, "you said: hello");
    stop_server();
}
END_TEST

/* A daemon whose on_read raises an error on "boom" and answers anything else. */
static const char erroring_script[] =
    "local portfile = arg[4]\n"
    "sxe_register(10, function ()\n"
    "    local l = sxe_new_tcp('127.0.0.1', 0, nil, function (this, content)\n"
    "        if content == 'boom' then error('boom requested') end\n"
    "        if content == 'grow' then local t = {} for i = 1, 1e8 do t[i] = {i} end end\n"
    "        if content == 'errors' then\n"
    "            local c = sxe_get_counters()\n"
    "            sxe_write(this, c.callback_errors .. ' ' .. c.memory_errors)\n"
    "            return\n"
    "        end\n"
    "        sxe_write(this, 'ok ' .. content)\n"
    "    end)\n"
    "    sxe_listen(l)\n"
    "    sxe_portfile(portfile, l.local_port)\n"
    "end)\n";

START_TEST(test_a_lua_error_in_a_callback_is_logged_with_its_traceback_and_closes_only_that_connection)
{
    char answer[256] = "";
    char line[1024];
    int other;

    start_script(erroring_script, NULL);
    ck_assert_int_ge(other = sxe_itest_connect(server.port), 0);
    ck_assert_uint_eq(exchange("boom", answer, sizeof(answer) - 1), 0); /* closed without an answer */
    ck_assert(sxe_itest_send(other, "still there", 0));
    ck_assert_uint_eq(read_exactly(other, answer, strlen("ok still there")), strlen("ok still there"));
    ck_assert_int_eq(strncmp(answer, "ok still there", 14), 0);
    memset(answer, 0, sizeof(answer));
    ck_assert_uint_gt(exchange("errors", answer, 3), 0);
    ck_assert_str_eq(answer, "1 0");
    close(other);
    ck_assert(sxe_itest_log_find(&server, "boom requested", line, sizeof(line)));
    ck_assert_msg(strstr(line, " 2 - on_read: ") != NULL && strstr(line, "stack traceback") != NULL, "log: %s", line);
    stop_server();
}
END_TEST

START_TEST(test_a_script_beyond_the_heap_limit_gets_a_memory_error_and_the_daemon_keeps_serving)
{
    char answer[256] = "";

    start_script(erroring_script, "1");
    ck_assert_uint_eq(exchange("grow", answer, sizeof(answer) - 1), 0); /* the callback failed: closed */
    ck_assert(sxe_itest_alive(&server));
    ck_assert_uint_eq(exchange("again", answer, strlen("ok again")), strlen("ok again"));
    ck_assert_int_eq(strncmp(answer, "ok again", 8), 0);
    memset(answer, 0, sizeof(answer));
    ck_assert_uint_gt(exchange("errors", answer, 3), 0);
    ck_assert_str_eq(answer, "1 1");
    ck_assert_uint_eq(sxe_itest_log_count(&server, "heap limit of 1048576 bytes was reached"), 1);
    stop_server();
}
END_TEST

/* ---- the examples --------------------------------------------------------------------------------------------- */

START_TEST(test_hello_lua_answers_keep_alive_and_pipelined_requests_and_keeps_a_partial_one)
{
    static const char two[] = HELLO_RESPONSE HELLO_RESPONSE;
    char answer[256] = "";
    int fd;

    start_example("examples/lua/hello.lua");
    ck_assert_int_ge(fd = sxe_itest_connect(server.port), 0);
    ck_assert(sxe_itest_send(fd, REQUEST REQUEST "GET / HT", 0));
    ck_assert_uint_eq(read_exactly(fd, answer, strlen(two)), strlen(two));
    ck_assert_str_eq(answer, two);
    memset(answer, 0, sizeof(answer));
    ck_assert(sxe_itest_send(fd, "TP/1.1\r\n\r\n", 0)); /* the rest of the partial request */
    ck_assert_uint_eq(read_exactly(fd, answer, strlen(HELLO_RESPONSE)), strlen(HELLO_RESPONSE));
    ck_assert_str_eq(answer, HELLO_RESPONSE);
    close(fd);
    stop_server();
}
END_TEST

START_TEST(test_echo_lua_echoes_tcp_bytes_and_udp_datagrams)
{
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    char answer[64] = "";
    int udp;

    start_example("examples/lua/echo.lua");
    ck_assert_uint_eq(exchange("echo me", answer, 7), 7);
    ck_assert_str_eq(answer, "echo me");
    address.sin_port = htons((unsigned short)server.port);
    ck_assert_int_ge(udp = socket(AF_INET, SOCK_DGRAM, 0), 0);
    ck_assert_int_eq(sendto(udp, "datagram", 8, 0, (struct sockaddr *)&address, sizeof(address)), 8);
    ck_assert(sxe_itest_wait_readable(udp, 2.0));
    memset(answer, 0, sizeof(answer));
    ck_assert_int_eq(recv(udp, answer, sizeof(answer), 0), 8);
    ck_assert_str_eq(answer, "datagram");
    close(udp);
    stop_server();
}
END_TEST

START_TEST(test_httpd_lua_serves_its_routes_with_keep_alive_and_404_for_others)
{
    SXE_ITEST_CONN conn;
    SXE_ITEST_RESPONSE resp;

    start_example("examples/lua/httpd.lua");
    ck_assert(sxe_itest_conn_open(&conn, server.port));
    ck_assert(sxe_itest_send(conn.fd, REQUEST "GET /hello?name=Lua HTTP/1.1\r\nHost: t\r\n\r\n", 0));
    ck_assert(sxe_itest_read_response(&conn, &resp, false));
    ck_assert_uint_eq(resp.status, 200);
    ck_assert_str_eq(resp.body, "Hello, World!");
    ck_assert(sxe_itest_read_response(&conn, &resp, false));
    ck_assert_str_eq(resp.body, "Hello, Lua!");
    ck_assert(resp.keep_alive);
    ck_assert(sxe_itest_send(conn.fd, "GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n", 0));
    ck_assert(sxe_itest_read_response(&conn, &resp, false));
    ck_assert_uint_eq(resp.status, 404);
    ck_assert(sxe_itest_send(conn.fd, "GET /counters HTTP/1.1\r\nHost: t\r\n\r\n", 0));
    ck_assert(sxe_itest_read_response(&conn, &resp, false));
    ck_assert_msg(strstr(resp.body, "\"accepted\": 1") != NULL, "counters: %s", resp.body);
    sxe_itest_conn_close(&conn);
    stop_server();
}
END_TEST

START_TEST(test_httpd_lua_answers_a_malformed_head_with_its_status_and_closes)
{
    SXE_ITEST_CONN conn;
    SXE_ITEST_RESPONSE resp;

    start_example("examples/lua/httpd.lua");
    ck_assert(sxe_itest_conn_open(&conn, server.port));
    ck_assert(sxe_itest_send(conn.fd, "GET / HTTP/2.0\r\nHost: t\r\n\r\n", 0));
    ck_assert(sxe_itest_read_response(&conn, &resp, false));
    ck_assert_uint_eq(resp.status, 505);
    ck_assert(resp.connection_close);
    ck_assert(sxe_itest_wait_closed(conn.fd, 2.0));
    sxe_itest_conn_close(&conn);
    stop_server();
}
END_TEST

START_TEST(test_client_lua_prints_what_echo_lua_sends_back_and_exits_0)
{
    char port[16];

    start_example("examples/lua/echo.lua");
    snprintf(port, sizeof(port), "%d", server.port);
    ck_assert_int_eq(sxelua_run("examples/lua/client.lua", "-p", port, "-m", "hello from Lua", NULL), 0);
    ck_assert_str_eq(run.out, "hello from Lua\n");
    stop_server();
}
END_TEST

START_TEST(test_client_lua_exits_1_when_the_connection_is_refused)
{
    char port[16];

    start_example("examples/lua/echo.lua"); /* a port that was just free: stop the server, then connect to it */
    snprintf(port, sizeof(port), "%d", server.port);
    stop_server();
    ck_assert_int_eq(sxelua_run("examples/lua/client.lua", "-p", port, NULL), 1);
    ck_assert_msg(strstr(run.err, "ERROR_CONNECTION_REFUSED") != NULL, "stderr: %s", run.err);
}
END_TEST

/* The short form of make bench's fixed-memory run: VmRSS after 100,000 requests on 1,000 connections is within 1 MB
 * of VmRSS after the first 10,000.
 */
/* Runs examples/http against the server with the NULL-terminated arguments; fails unless every response came. */
static void http_run(const char *first, ...)
{
    va_list args;
    int result;

    va_start(args, first);
    result = sxe_itest_run_http(&run, server.port, true, RUN_TIMEOUT * 4, first, args);
    va_end(args);
    ck_assert_msg(result == 0, "http exited %d: %s", result, run.err);
}

START_TEST(test_hello_lua_resident_memory_stays_flat_after_warm_up)
{
    const char *args[] = {"examples/lua/hello.lua", NULL};
    long warm;
    long after;

    bool measured = !sxe_itest_under_valgrind(); /* under valgrind the load runs, shorter: its VmRSS means nothing */

    sxe_itest_raise_nofile(4096);
    ck_assert(sxe_itest_prepare(&server));
    ck_assert(sxe_itest_start_prepared(&server, "sxelua", args));
    http_run("-c", RSS_CONNECTIONS, "-n", measured ? RSS_WARM_QUERIES : "1", NULL);
    ck_assert_int_gt(warm = sxe_itest_vmrss_kb(server.pid), 0);
    http_run("-c", RSS_CONNECTIONS, "-n", measured ? RSS_QUERIES : "2", NULL);
    ck_assert_int_gt(after = sxe_itest_vmrss_kb(server.pid), 0);
    stop_server();

    if (!measured) {
        sxe_test_skip("VmRSS under valgrind counts valgrind's own, moving, memory: all but resident memory passed");
    }

#if defined(__SANITIZE_ADDRESS__) /* the test and the runner are built alike: sxelua runs ASan's allocator too */
    sxe_test_skip("ASan's allocator and shadow memory move RSS on their own: all but resident memory passed");
#endif

    ck_assert_msg(after <= warm + RSS_GROWTH_KB, "VmRSS grew from %ld kB after 10,000 requests to %ld kB", warm, after);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("test-sxelua");
    TCase *tc = tcase_create("sxelua");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_a_syntax_error_exits_2_with_file_line_and_message);
    tcase_add_test(tc, test_a_missing_script_exits_2_naming_it);
    tcase_add_test(tc, test_no_script_exits_2_with_the_usage);
    tcase_add_test(tc, test_an_unknown_option_of_an_example_exits_2_with_its_usage);
    tcase_add_test(tc, test_an_error_in_the_main_chunk_exits_1_with_its_traceback);
    tcase_add_test(tc, test_the_script_gets_its_arguments_in_arg_and_sxe_stop_sets_the_exit_status);
    tcase_add_test(tc, test_a_classic_2010_style_script_runs_unchanged);
    tcase_add_test(tc, test_a_lua_error_in_a_callback_is_logged_with_its_traceback_and_closes_only_that_connection);
    tcase_add_test(tc, test_a_script_beyond_the_heap_limit_gets_a_memory_error_and_the_daemon_keeps_serving);
    tcase_add_test(tc, test_hello_lua_answers_keep_alive_and_pipelined_requests_and_keeps_a_partial_one);
    tcase_add_test(tc, test_echo_lua_echoes_tcp_bytes_and_udp_datagrams);
    tcase_add_test(tc, test_httpd_lua_serves_its_routes_with_keep_alive_and_404_for_others);
    tcase_add_test(tc, test_httpd_lua_answers_a_malformed_head_with_its_status_and_closes);
    tcase_add_test(tc, test_client_lua_prints_what_echo_lua_sends_back_and_exits_0);
    tcase_add_test(tc, test_client_lua_exits_1_when_the_connection_is_refused);
    tcase_add_test(tc, test_hello_lua_resident_memory_stays_flat_after_warm_up);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
