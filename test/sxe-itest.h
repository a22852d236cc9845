/* sxe-itest.h: helpers for the integration tests that start the real example binaries.
 *
 * Servers are started from $SXE_BIN_DIR (set by `make test`; default build/release/bin) with `-p 0 -P PORTFILE`:
 * the server binds an ephemeral port and writes it to PORTFILE, so there is no race between picking a free port
 * and binding it. Every started server gets PR_SET_PDEATHSIG(SIGKILL), so it dies with the test process even when
 * a test fails half way; tests still stop what they start explicitly with sxe_itest_stop().
 *
 * Client sockets are blocking with a receive timeout (SXE_ITEST_IO_TIMEOUT seconds), so no test hangs forever.
 */
#ifndef SXE_ITEST_H
#define SXE_ITEST_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SXE_ITEST_IO_TIMEOUT    5.0   /* seconds a blocking client read may wait */
#define SXE_ITEST_START_TIMEOUT 10.0  /* seconds to wait for a server to write its port file */
#define SXE_ITEST_BUFFER_SIZE   65536 /* bytes a client connection can hold unparsed */
#define SXE_ITEST_HEADER_MAX    32    /* header fields kept per response */
#define SXE_ITEST_ARGS_MAX      32    /* arguments of a started server, including the program name */

typedef struct SXE_ITEST_SERVER {
    pid_t pid;
    int port;
    char portfile[64];
} SXE_ITEST_SERVER;

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

/* Directory holding the example binaries: $SXE_BIN_DIR or "build/release/bin". Static string. */
const char *sxe_itest_bin_dir(void);

/* Start $SXE_BIN_DIR/program with the NULL-terminated extra args (args may be NULL) plus "-p 0 -P <portfile>".
 * The server's stdout and stderr go to /dev/null unless $SXE_ITEST_VERBOSE is set. Waits for the port file. Returns
 * true with server filled in, false (server->pid may still be set and is then already killed) when the program exits or
 * does not start in time.
 */
bool sxe_itest_start(SXE_ITEST_SERVER *server, const char *program, const char *const *args);

/* Start a program with exactly these args (no -p/-P added), stdout and stderr to the given file (NULL: inherit).
 * Returns the pid or -1. The child gets PR_SET_PDEATHSIG(SIGKILL).
 */
pid_t sxe_itest_spawn(const char *path, const char *const *argv, const char *output_file);

/* Send sig to the server and wait up to seconds for it to exit. Returns the exit status (0..255), 128 + signal when
 * killed by a signal, or -1 when it did not exit in time (it is then killed with SIGKILL and reaped).
 */
int sxe_itest_stop(SXE_ITEST_SERVER *server, int sig, double seconds);

/* Wait up to seconds for pid to exit; same return values as sxe_itest_stop() (-1: still running, not killed). */
int sxe_itest_wait_exit(pid_t pid, double seconds);

/* Connect a blocking client to 127.0.0.1:port. Returns the fd, or -1. */
int sxe_itest_connect(int port);

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

/* VmRSS of pid in kB from /proc/PID/status, or -1. */
long sxe_itest_vmrss_kb(pid_t pid);

/* Run a shell command (e.g. curl), capturing up to size - 1 bytes of stdout into out (NUL terminated).
 * Returns the command's exit status, or -1 when it could not be run.
 */
int sxe_itest_run(const char *command, char *out, size_t size);

/* Sleep for seconds (fractions allowed). */
void sxe_itest_sleep(double seconds);

#endif
