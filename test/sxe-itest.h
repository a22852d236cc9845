/* sxe-itest.h: the one harness of the integration tests (test/test-*.c) and of the soak client (test/soak/sxe-soak.c).
 *
 * It starts what is tested (the example binaries, or a function in a forked child such as test/sxe-badserver.c), runs
 * programs to completion, watches processes through /proc, talks to servers with simple blocking clients, and checks
 * preconditions: a missing tool skips the test with its reason (sxe_test_skip() of test/sxe-check.h); a missing
 * example binary, which `make test` builds, fails it with a message saying so.
 *
 * Processes: every process started here gets PR_SET_PDEATHSIG(SIGKILL), so it dies with the test process even when a
 * test fails half way, and a program started here inherits no descriptor but 0, 1 and 2. Tests still stop what they
 * start. Servers are started from $SXE_BIN_DIR (set by `make test`; default build/release/bin) with
 * `-p 0 -P PORTFILE`: the server binds an ephemeral port and writes it to PORTFILE, so there is no race between
 * picking a free port and binding it.
 *
 * Time: the bounds on what a process may take (starting, stopping, running to completion, a blocking client read) are
 * multiplied by $SXE_TEST_TIME_SCALE (default 1; `make valgrind` sets it), so the same tests run under valgrind. Waits
 * that a test may expect to run out (sxe_itest_wait_exit(), sxe_itest_wait_readable(), ...) are not. Figures a test
 * measures are real seconds, never scaled.
 */
#ifndef SXE_ITEST_H
#define SXE_ITEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SXE_ITEST_IO_TIMEOUT    5.0        /* seconds a blocking client read may wait (scaled) */
#define SXE_ITEST_START_TIMEOUT 10.0       /* seconds to wait for a server to write its port file (scaled) */
#define SXE_ITEST_BUFFER_SIZE   65536      /* bytes a client connection can hold unparsed */
#define SXE_ITEST_HEADER_MAX    32         /* header fields kept per response */
#define SXE_ITEST_ARGS_MAX      32         /* arguments of a started program, including the program name */
#define SXE_ITEST_PATH_MAX      256        /* bytes of a path the harness keeps (port file, log) */
#define SXE_ITEST_DIR_MAX       64         /* bytes of a server's private folder name (/tmp/sxe-itest-PID-XXXXXX) */
#define SXE_ITEST_OUTPUT_MAX    (1 << 20)  /* bytes of stdout and of stderr kept by sxe_itest_run_program() */
#define SXE_ITEST_RUN_TIMEOUT   30.0       /* seconds sxe_itest_expect_program() lets a program run (scaled) */
#define SXE_ITEST_FLOOD_MAX     (64 << 20) /* bytes sxe_itest_flood_without_reading() sends at the most */

/* ---- time ----------------------------------------------------------------------------------------------------- */

/* Monotonic seconds. */
double sxe_itest_now(void);

/* Sleep for seconds (fractions allowed). */
void sxe_itest_sleep(double seconds);

/* $SXE_TEST_TIME_SCALE (at least 1): the factor the harness applies to its bounds; tests apply it to theirs. */
double sxe_itest_time_scale(void);

/* True when $SXE_TEST_UNDER_VALGRIND is set (make valgrind): VmRSS then includes valgrind's own, moving, memory and
 * valgrind refuses setrlimit(RLIMIT_NOFILE) (it keeps the top descriptors for itself).
 */
bool sxe_itest_under_valgrind(void);

/* ---- preconditions -------------------------------------------------------------------------------------------- */

/* Directory holding the example binaries: $SXE_BIN_DIR or "build/release/bin". Static string. */
const char *sxe_itest_bin_dir(void);

/* Copies the path of program to path: program itself when it contains a '/', else $SXE_BIN_DIR/program. Returns true
 * when it is an executable file; false, after printing why to stderr, when it is not.
 */
bool sxe_itest_program(char *path, size_t size, const char *program);

/* True when the external tool is an executable in $PATH. */
bool sxe_itest_tool_found(const char *tool);

/* Skips the running test (sxe_test_skip()) when the external tool is not an executable in $PATH, naming the Debian
 * package that provides it. Returns only when the tool is there.
 */
void sxe_itest_require_tool(const char *tool, const char *package);

/* ---- processes ------------------------------------------------------------------------------------------------ */

/* Start a program (a path) with exactly these args (argv[0] included, NULL terminated; no -p/-P added), stdout and
 * stderr to output_file (NULL: inherit). Returns the pid or -1.
 */
pid_t sxe_itest_spawn(const char *path, const char *const *argv, const char *output_file);

/* Run child(arg) in a forked child process (with every descriptor of the caller); the child exits 0 when child()
 * returns. Returns the pid or -1.
 */
pid_t sxe_itest_fork(void (*child)(void *arg), void *arg);

/* Wait up to seconds for pid to exit. Returns the exit status (0..255), 128 + signal when a signal killed it, or -1
 * when it is still running (it is not killed). Not scaled: a test also uses it to see that a process is still running
 * after a while; to allow for valgrind, multiply by sxe_itest_time_scale() where the wait is a bound.
 */
int sxe_itest_wait_exit(pid_t pid, double seconds);

/* Run a shell command (e.g. curl), capturing up to size - 1 bytes of stdout into out (NUL terminated).
 * Returns the command's exit status, or -1 when it could not be run.
 */
int sxe_itest_run(const char *command, char *out, size_t size);

/* Run the shell command made from format (printf style; e.g. a curl command line) and check, failing the running test
 * with the command and what it printed, that it exits 0 and prints exactly `expected` on stdout.
 */
void sxe_itest_expect_output(const char *expected, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* Run the example `program` from sxe_itest_bin_dir() with `arguments` (words for the shell), standard input from
 * /dev/null and at most SXE_ITEST_RUN_TIMEOUT seconds (scaled), its stdout (and its stderr too when with_stderr) into
 * out (NUL terminated, cut at size - 1 bytes). Checks, failing the running test with what it printed, that it exits
 * with `status` and printed `text`.
 */
void sxe_itest_expect_program(const char *program, const char *arguments, bool with_stderr, int status,
                              const char *text, char *out, size_t size);

typedef struct SXE_ITEST_RUN {
    int exit_code;                  /* exit status; 128 + signal when killed; -1 when it timed out or did not run */
    char out[SXE_ITEST_OUTPUT_MAX]; /* stdout, NUL terminated, cut at the limit */
    char err[SXE_ITEST_OUTPUT_MAX]; /* stderr, NUL terminated, cut at the limit; why, when the program did not run */
} SXE_ITEST_RUN;

/* Run argv[0] (found by sxe_itest_program()) with argv (NULL terminated) and stdin from /dev/null, capturing stdout
 * and stderr; kill it after timeout seconds (scaled). `run` is large: make it static. Returns run->exit_code.
 */
int sxe_itest_run_program(SXE_ITEST_RUN *run, const char *const *argv, double timeout);

/* Checks that the program of `run` (an SXE_ITEST_RUN *) exited with `expected`; else fails the running test, at the
 * line of the check, showing its exit status, stdout and stderr. A macro: include <check.h> first.
 */
#define SXE_ITEST_ASSERT_EXIT(run, expected)                                                                           \
    ck_assert_msg((run)->exit_code == (expected), "exit %d, expected %d\nstdout: %s\nstderr: %.4000s",                 \
                  (run)->exit_code, (expected), (run)->out, (run)->err)

/* sxe_itest_run_program() that also sends signum to the program `after` seconds (scaled) after starting it. */
int sxe_itest_run_and_signal(SXE_ITEST_RUN *run, const char *const *argv, double timeout, double after, int signum);

/* Run examples/http against 127.0.0.1:port with "-j" (and "-q" when quiet) followed by `first` and the rest of
 * `args` (NULL terminated; at most SXE_ITEST_ARGS_MAX in all). Returns run->exit_code.
 */
int sxe_itest_run_http(SXE_ITEST_RUN *run, int port, bool quiet, double timeout, const char *first, va_list args);

/* The number after "\"key\":" in a JSON text, or -1 when the key is missing. Keys are matched with their quotes. */
long long sxe_itest_json_number(const char *json, const char *key);

/* ---- servers -------------------------------------------------------------------------------------------------- */

typedef struct SXE_ITEST_SERVER {
    pid_t pid; /* 0 (or -1) when not running */
    int port;  /* the port it wrote to its port file */
    char portfile[SXE_ITEST_PATH_MAX];
    char dir[SXE_ITEST_DIR_MAX];  /* its private temporary folder ("" unless prepared: see sxe_itest_prepare()) */
    char log[SXE_ITEST_PATH_MAX]; /* its stdout and stderr, in dir ("" unless prepared) */
} SXE_ITEST_SERVER;

/* Start program (see sxe_itest_program()) with the NULL-terminated extra args (args may be NULL) plus
 * "-p 0 -P <portfile>", the port file in /tmp. The server's stdout and stderr go to /dev/null unless $SXE_ITEST_VERBOSE
 * is set. Waits for the port file. Returns true with server filled in; false, after printing why to stderr, when the
 * program is missing, exits or does not start in time (server->pid is then 0: it was reaped or killed).
 */
bool sxe_itest_start(SXE_ITEST_SERVER *server, const char *program, const char *const *args);

/* Fill server in for a start with a private temporary folder, server->dir (/tmp/sxe-itest-PID-XXXXXX, created here),
 * which is to hold the port file, the server's log (server->log: its stdout and stderr) and any file the test puts
 * there before the start (a docroot). Returns false when the folder cannot be created. sxe_itest_cleanup() removes it.
 */
bool sxe_itest_prepare(SXE_ITEST_SERVER *server);

/* sxe_itest_start() for a server filled in by sxe_itest_prepare(): port file and log in server->dir. */
bool sxe_itest_start_prepared(SXE_ITEST_SERVER *server, const char *program, const char *const *args);

/* Send sig to the server and wait up to seconds (scaled) for it to exit. Returns the exit status (0..255), 128 + signal
 * when killed by a signal, or -1 when it did not exit in time (it is then killed with SIGKILL and reaped) or was not
 * running. Removes a port file in /tmp; a prepared server's folder stays (with its log) until sxe_itest_cleanup().
 */
int sxe_itest_stop(SXE_ITEST_SERVER *server, int sig, double seconds);

/* True while the server's process has not exited (when it has, it is reaped and server->pid becomes 0). */
bool sxe_itest_alive(SXE_ITEST_SERVER *server);

/* Kill the server if it still runs, then remove its private folder and everything in it (nothing when not prepared). */
void sxe_itest_cleanup(SXE_ITEST_SERVER *server);

/* Create (or truncate) the file dir/name holding the size bytes of content. False, after printing why to stderr, when
 * it cannot be written.
 */
bool sxe_itest_write_file(const char *dir, const char *name, const void *content, size_t size);

/* sxe_itest_write_file() of size bytes of the alphabet over and over ("abc...zabc..."): byte i is 'a' + i % 26. */
bool sxe_itest_write_letters(const char *dir, const char *name, size_t size);

/* Number of lines of a prepared server's log that contain needle. */
unsigned sxe_itest_log_count(const SXE_ITEST_SERVER *server, const char *needle);

/* Copy the last line of a prepared server's log that contains needle to line (NUL terminated). False when none. */
bool sxe_itest_log_find(const SXE_ITEST_SERVER *server, const char *needle, char *line, size_t size);

/* ---- watching a process --------------------------------------------------------------------------------------- */

/* VmRSS of pid in kB from /proc/PID/status, or -1. */
long sxe_itest_vmrss_kb(pid_t pid);

/* Number of open descriptors of pid (entries of /proc/PID/fd), or -1. */
int sxe_itest_fd_count(pid_t pid);

/* Wait up to seconds (scaled) for sxe_itest_fd_count(pid) to come down to at most target. Returns the last count. */
int sxe_itest_wait_fd_count(pid_t pid, int target, double seconds);

/* The descriptor count of pid once it has not changed for 0.2 s (waiting at most 3 s, scaled), or -1. */
int sxe_itest_settled_fd_count(pid_t pid);

/* CPU time (user + system) of pid in seconds from /proc/PID/stat, or -1. */
double sxe_itest_cpu_seconds(pid_t pid);

/* Set the descriptor limit (soft and hard) of the running process pid to nofile (prlimit). False on error. */
bool sxe_itest_set_nofile(pid_t pid, long nofile);

/* Raise this process's soft descriptor limit to at least want (up to the hard limit). Returns the new soft limit. */
unsigned long sxe_itest_raise_nofile(unsigned long want);

/* ---- blocking clients ----------------------------------------------------------------------------------------- */

typedef struct SXE_ITEST_CONN {
    int fd;
    size_t used; /* bytes in buf not yet consumed */
    char buf[SXE_ITEST_BUFFER_SIZE];
} SXE_ITEST_CONN;

typedef struct SXE_ITEST_RESPONSE {
    unsigned status;
    unsigned version_minor;
    bool keep_alive;            /* digested by the parser */
    bool connection_close;      /* "Connection: close" present */
    bool connection_keep_alive; /* "Connection: keep-alive" present */
    long content_length;        /* -1 when absent */
    char head[4096];            /* the head as received, NUL terminated (truncated if longer) */
    char body[16384];           /* the body, NUL terminated (truncated if longer) */
    size_t body_len;            /* full body length */
} SXE_ITEST_RESPONSE;

/* Connect a blocking client to 127.0.0.1:port (with the I/O timeouts, SXE_ITEST_IO_TIMEOUT). Returns the fd, or -1. */
int sxe_itest_connect(int port);

/* sxe_itest_connect() with socket buffers of rcvbuf and sndbuf bytes and a TCP segment size of maxseg (0: the system's)
 * set before the connect, so that they hold from the first segment: a client with a small window that does not read
 * backs the server's writes up after a few kB (a small MSS keeps the server's send buffer small too).
 */
int sxe_itest_connect_small(int port, int rcvbuf, int sndbuf, int maxseg);

/* Initialise conn on a new connection to port. Returns false when the connection fails. */
bool sxe_itest_conn_open(SXE_ITEST_CONN *conn, int port);
void sxe_itest_conn_close(SXE_ITEST_CONN *conn);

/* Send all of buf (a NUL terminated string when len is 0). Returns false on error. */
bool sxe_itest_send(int fd, const void *buf, size_t len);

/* Read one complete response from conn (reading more from the socket as needed; a HEAD response has no body).
 * Returns true with resp filled, false on timeout, close before a complete response, or a malformed response.
 */
bool sxe_itest_read_response(SXE_ITEST_CONN *conn, SXE_ITEST_RESPONSE *resp, bool request_was_head);

/* True when the peer closes conn (EOF or reset) within seconds, discarding whatever arrives before. */
bool sxe_itest_wait_closed(int fd, double seconds);

/* True when fd becomes readable (data, end of file or an error) within seconds; reads nothing. */
bool sxe_itest_wait_readable(int fd, double seconds);

/* Receive until EOF or timeout into buf (NUL terminated). Returns the bytes received. */
size_t sxe_itest_read_all(int fd, char *buf, size_t size, double seconds);

/* Send "METHOD TARGET HTTP/1.1", "Host: t" and the header lines (each ending in "\r\n"; "" for none) on conn, read
 * the answer into resp (without a body after HEAD) and check, failing the running test with the answer's head, that
 * its status is `status`.
 */
void sxe_itest_ask(SXE_ITEST_CONN *conn, const char *method, const char *target, const char *headers, unsigned status,
                   SXE_ITEST_RESPONSE *resp);

/* A browser-like request head of `size` bytes (at least 600): "METHOD /index.html?q=1 HTTP/1.1", Host, 10 typical
 * fields, the `extra` header lines (each ending in "\r\n"; "" for none) and a Cookie padded to the size, then the
 * empty line. When `complete` is false the final "\r\n" is left out: the head then waits for those 2 bytes. out holds
 * size + 1 bytes (a NUL follows the head). Returns the head's length (size, or size - 2). Fails the running test when
 * the fields do not fit in size.
 */
size_t sxe_itest_browser_head(char *out, size_t size, const char *method, const char *extra, bool complete);

/* A client that pipelines `request` (a string) and never reads: makes fd non-blocking and sends the request over and
 * over until the server has stopped reading for 0.5 s (its answers fill both socket buffers), the connection fails
 * (*closed is then true: the server closed it) or SXE_ITEST_FLOOD_MAX bytes went. Returns the whole requests sent.
 */
unsigned sxe_itest_flood_without_reading(int fd, const char *request, bool *closed);

#endif
