/* fuzz-httpd.c: libFuzzer harness of httpd's connection logic (examples/httpd/httpd-conn.c and the lib-sxe code
 * under it), not only the parser: the input is a script of byte streams sent on up to HTTPD_FUZZ_SLOTS connections,
 * with the read splits, the write budgets (partial writes, EAGAIN), the peer's acknowledgements, end of file,
 * resets and the passing of time all chosen by the input.
 *
 * No network: lib-sxe's system-call seam (lib-sxe/sxe-private.h, sxe_syscalls) is pointed at fakes. A connection is
 * one end of a socketpair handed out by the fake accept4 (the loop needs a real descriptor to watch: a byte written
 * from the other end keeps it readable, and it is always writable); the fake recv returns the script's bytes in the
 * script's splits, the fake send and sendfile take what the script's budget allows and record it, the fake
 * getsockopt(TCP_INFO) reports the script's acknowledged bytes. The pools' clock is a fake advanced by the script,
 * and the timeouts are run with sxe_pool_check_timeouts_of().
 *
 * The docroot has a directory without an index (listed: -d) and the access log is on (to /dev/null), so the
 * validators, the conditional requests, Range, the redirects, the listings and the log's formatting see the input.
 *
 * Checked, beyond memory safety (ASan, UBSan, and libFuzzer's leak check: httpd allocates nothing per input):
 * - every connection's output is a sequence of well-formed responses with statuses httpd can send;
 * - the CLOSING RULE (examples/httpd/httpd.h): nothing follows a response that says "Connection: close";
 * - after each input, once the peers are gone and time has passed, every connection is closed and every shared
 *   buffer (overflow, large head) is free, and no descriptor is left open.
 *
 * HTTPD_FUZZ_VERBOSE=1 prints what each connection received (to read the story of a crash input).
 *
 * Script: byte 0 bit 0 serves a docroot (-r) instead of the hello page. Then operations, one byte each (the low two
 * bits choose the connection, the next three the operation) plus an argument byte:
 *   0..2 DATA  1 + arg % 96 input bytes follow: queued for the connection (opened first if needed), then the loop runs
 *   3    SPLIT the connection's reads return at most 1 + arg bytes
 *   4    SEND  the connection's writes may take budgets[arg % 8] more bytes (0: EAGAIN), then the loop runs
 *   (SPLIT and SEND belong to the slot: they hold for its next connection too, until the input ends)
 *   5    TIME  the clock moves arg / 8 seconds, timeouts run, then the loop runs
 *   6    ACK   the peer acknowledges arg / 255 of what it was sent and not yet acknowledged
 *   7    END   the peer sends its FIN (arg even) or resets (arg odd), then the loop runs
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "httpd.h"
#include "sxe-private.h"

#define HTTPD_FUZZ_SLOTS     4          /* connections at once (httpd -c) */
#define HTTPD_FUZZ_INPUT     8192       /* bytes queued per connection */
#define HTTPD_FUZZ_OUTPUT    (1 << 18)  /* bytes of output recorded per connection */
#define HTTPD_FUZZ_FDS       1024       /* descriptor numbers the fakes map */
#define HTTPD_FUZZ_UNLIMITED UINT32_MAX /* a write budget that never runs out */
#define HTTPD_FUZZ_PUMPS     8          /* loop iterations per operation at most */

typedef struct FUZZ_CONN {
    int server_fd; /* httpd's end; -1 when httpd closed it (or never had one) */
    int client_fd; /* the other end: keeps httpd's end readable */
    unsigned char in[HTTPD_FUZZ_INPUT];
    size_t in_len;
    size_t in_at;
    unsigned split;  /* bytes per recv at most */
    uint32_t budget; /* bytes send/sendfile may still take */
    bool eof;        /* recv returns 0 once the input is consumed */
    bool reset;      /* recv and send fail with ECONNRESET */
    uint64_t sent;   /* bytes httpd wrote */
    uint64_t acked;  /* bytes the peer acknowledged (the fake TCP_INFO) */
    size_t out_len;  /* bytes recorded in out */
    char out[HTTPD_FUZZ_OUTPUT];
} FUZZ_CONN;

static FUZZ_CONN fuzz_conns[HTTPD_FUZZ_SLOTS];
static FUZZ_CONN *fuzz_by_fd[HTTPD_FUZZ_FDS];
static int fuzz_accept_fd = -1; /* the next connection the fake accept4 hands out */
static unsigned fuzz_activity;  /* bytes moved by the fakes: the loop is pumped while it changes */
static double fuzz_time = 1000.0;
static int fuzz_docroot_fd = -1;
static unsigned fuzz_descriptors; /* open descriptors between inputs */
static char fuzz_docroot[64];

static const uint32_t fuzz_budgets[8] = {0, 1, 7, 100, 1000, 5000, 65536, HTTPD_FUZZ_UNLIMITED};

/* ---- the fake system calls ---------------------------------------------------------------------------------- */

static FUZZ_CONN *fuzz_conn_of(int fd)
{
    return fd >= 0 && fd < HTTPD_FUZZ_FDS ? fuzz_by_fd[fd] : NULL;
}

static int fuzz_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
    int accepted = fuzz_accept_fd;

    (void)fd, (void)flags;

    if (accepted < 0) {
        errno = EAGAIN;
        return -1;
    }

    fuzz_accept_fd = -1;

    if (addr != NULL && *len >= sizeof(struct sockaddr_in)) {
        struct sockaddr_in *in = (struct sockaddr_in *)addr;

        memset(in, 0, sizeof(*in));
        in->sin_family = AF_INET;
        in->sin_port = htons(40000);
        in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        *len = sizeof(*in);
    }

    return accepted;
}

static ssize_t fuzz_recv(int fd, void *buf, size_t len, int flags)
{
    FUZZ_CONN *conn = fuzz_conn_of(fd);
    size_t n;

    if (conn == NULL) {
        return recv(fd, buf, len, flags);
    }

    if (conn->reset) {
        errno = ECONNRESET;
        return -1;
    }

    if (conn->in_at == conn->in_len) {
        if (conn->eof) {
            return 0;
        }

        errno = EAGAIN;
        return -1;
    }

    n = conn->in_len - conn->in_at;
    n = n < len ? n : len;
    n = n < conn->split ? n : conn->split;
    memcpy(buf, conn->in + conn->in_at, n);

    if (flags & MSG_PEEK) { /* lib-sxe-tls peeks at a client's first byte */
        return (ssize_t)n;
    }

    conn->in_at += n;
    fuzz_activity += (unsigned)n;
    return (ssize_t)n;
}

/* How much of `len` a write may take now: -1 with errno when none. Records `data` (NULL: zeros) as output. */
static ssize_t fuzz_take(FUZZ_CONN *conn, const void *data, size_t len)
{
    size_t n = len < conn->budget ? len : conn->budget;
    size_t keep;

    if (conn->reset) {
        errno = EPIPE;
        return -1;
    }

    if (n == 0) {
        errno = EAGAIN;
        return -1;
    }

    conn->budget -= conn->budget == HTTPD_FUZZ_UNLIMITED ? 0 : (uint32_t)n;
    keep = n < HTTPD_FUZZ_OUTPUT - conn->out_len ? n : HTTPD_FUZZ_OUTPUT - conn->out_len;

    if (data != NULL) {
        memcpy(conn->out + conn->out_len, data, keep);
    } else {
        memset(conn->out + conn->out_len, 'f', keep);
    }

    conn->out_len += keep;
    conn->sent += n;
    fuzz_activity += (unsigned)n;
    return (ssize_t)n;
}

static ssize_t fuzz_send(int fd, const void *buf, size_t len, int flags)
{
    FUZZ_CONN *conn = fuzz_conn_of(fd);

    return conn == NULL ? send(fd, buf, len, flags) : fuzz_take(conn, buf, len);
}

static ssize_t fuzz_sendfile(int out_fd, int in_fd, off_t *offset, size_t count)
{
    FUZZ_CONN *conn = fuzz_conn_of(out_fd);
    struct stat st;
    ssize_t n;

    if (conn == NULL) {
        return sendfile(out_fd, in_fd, offset, count);
    }

    if (fstat(in_fd, &st) < 0 || !S_ISREG(st.st_mode) || offset == NULL) {
        abort(); /* httpd sends only regular files it opened, from an offset it keeps */
    }

    if (*offset >= st.st_size) {
        return 0; /* the file is shorter than announced */
    }

    count = count < (size_t)(st.st_size - *offset) ? count : (size_t)(st.st_size - *offset);

    if ((n = fuzz_take(conn, NULL, count)) > 0) {
        *offset += n;
    }

    return n;
}

static int fuzz_getsockopt(int fd, int level, int name, void *value, socklen_t *len)
{
    FUZZ_CONN *conn = fuzz_conn_of(fd);
    struct tcp_info info;

    if (conn == NULL || level != IPPROTO_TCP || name != TCP_INFO) {
        return getsockopt(fd, level, name, value, len);
    }

    memset(&info, 0, sizeof(info));
    info.tcpi_bytes_acked = conn->acked;
    *len = *len < sizeof(info) ? *len : (socklen_t)sizeof(info);
    memcpy(value, &info, *len);
    return 0;
}

static int fuzz_close(int fd)
{
    FUZZ_CONN *conn = fuzz_conn_of(fd);

    if (conn != NULL) {
        conn->server_fd = -1;
        fuzz_by_fd[fd] = NULL;
    }

    return close(fd);
}

static double fuzz_clock(void)
{
    return fuzz_time;
}

/* ---- driving ---------------------------------------------------------------------------------------------- */

static void fuzz_check_output(const FUZZ_CONN *conn);

/* Run the loop while the fakes move bytes (at most HTTPD_FUZZ_PUMPS iterations). */
static void fuzz_pump(void)
{
    for (unsigned i = 0; i < HTTPD_FUZZ_PUMPS; i++) {
        unsigned before = fuzz_activity;

        ev_run(EV_DEFAULT, EVRUN_NOWAIT);

        if (fuzz_activity == before && i > 0) {
            break;
        }
    }
}

static void fuzz_time_passes(double seconds)
{
    fuzz_time += seconds;
    sxe_pool_check_timeouts_of(httpd.conns);
    fuzz_pump();
}

/* A new connection in this slot: a socketpair whose one end httpd accepts. */
static void fuzz_open(FUZZ_CONN *conn)
{
    int pair[2];

    fuzz_check_output(conn); /* what the slot's previous connection received */

    if (conn->client_fd >= 0) {
        close(conn->client_fd);
    }

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair) < 0 || pair[0] >= HTTPD_FUZZ_FDS ||
        write(pair[1], "r", 1) != 1) {
        abort();
    }

    conn->server_fd = pair[0];
    conn->client_fd = pair[1];
    conn->in_len = conn->in_at = 0; /* the slot's split and budget stay: a script may set them first */
    conn->eof = conn->reset = false;
    conn->sent = conn->acked = 0;
    conn->out_len = 0;
    fuzz_by_fd[pair[0]] = conn;
    fuzz_accept_fd = pair[0];
    ev_feed_event(EV_DEFAULT, &httpd.listener->io_read, EV_READ);
    fuzz_pump();

    if (fuzz_accept_fd >= 0) { /* not accepted: cannot happen while connections <= -c */
        abort();
    }
}

/* ---- checks ----------------------------------------------------------------------------------------------- */

static bool fuzz_status_known(unsigned status)
{
    static const unsigned known[] = {100, 200, 206, 301, 304, 400, 403, 404, 405,
                                     408, 412, 414, 416, 431, 500, 501, 503, 505};

    for (unsigned i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (status == known[i]) {
            return true;
        }
    }

    return false;
}

/* The output is well-formed responses, and nothing follows one that closes (the CLOSING RULE). A response to HEAD
 * has no body: when the bytes after a head are another response, that head had none (no file or page httpd sends
 * starts with "HTTP/1."). The output may end in the middle of a response (a reset, a 408 cut short by an eviction).
 */
static void fuzz_check_output(const FUZZ_CONN *conn)
{
    size_t at = 0;
    bool closed = false;

    while (at < conn->out_len) {
        SXE_HTTP_HEADER headers[32];
        SXE_HTTP_RESPONSE resp = {.headers = headers, .header_max = 32};
        int head;

        if (closed) {
            abort(); /* bytes after the answer that closes */
        }

        if ((head = sxe_http_parse_response(conn->out + at, conn->out_len - at, &resp, 8192, false)) ==
            SXE_HTTP_NEED_MORE) {
            return;
        }

        if (head < 0 || !fuzz_status_known(resp.status) ||
            (resp.status != 100 && resp.status != 304 && !resp.has_content_length) ||
            (resp.status == 304 && resp.has_content_length)) {
            abort(); /* every answer but 100 and 304 is framed by its Content-Length; a 304 has no body */
        }

        at += (size_t)head;

        if (resp.status == 100) {
            continue;
        }

        if (resp.status != 304 && !(conn->out_len - at >= 7 && memcmp(conn->out + at, "HTTP/1.", 7) == 0)) {
            at += resp.content_length < conn->out_len - at ? (size_t)resp.content_length : conn->out_len - at;
        }

        closed = resp.connection_close;
    }
}

/* The number of open descriptors httpd could leak: sockets, files under the docroot and listings (not the pipes of the
 * sanitizers' symbolizer, which come and go); with `print`, what each one is.
 */
static unsigned fuzz_count_descriptors(bool print)
{
    DIR *dir = opendir("/proc/self/fd");
    struct dirent *entry;
    unsigned count = 0;

    while (dir != NULL && (entry = readdir(dir)) != NULL) {
        char path[300];
        char target[256] = "";
        bool ours;

        snprintf(path, sizeof(path), "/proc/self/fd/%s", entry->d_name);
        (void)!readlink(path, target, sizeof(target) - 1);
        ours = strncmp(target, "socket:", 7) == 0 || strncmp(target, fuzz_docroot, strlen(fuzz_docroot)) == 0 ||
               strncmp(target, "/memfd:", 7) == 0; /* a directory listing */
        count += ours;

        if (print && ours) {
            fprintf(stderr, "descriptor %s: %s\n", entry->d_name, target);
        }
    }

    if (dir != NULL) {
        closedir(dir);
    }

    return count;
}

/* The peers leave, time passes: every connection must close and give everything back. */
static void fuzz_finish(void)
{
    for (unsigned i = 0; i < HTTPD_FUZZ_SLOTS; i++) {
        fuzz_conns[i].eof = true;
        fuzz_conns[i].budget = HTTPD_FUZZ_UNLIMITED;
        fuzz_conns[i].split = HTTPD_FUZZ_INPUT;
        fuzz_conns[i].acked = fuzz_conns[i].sent;
    }

    fuzz_pump();

    for (unsigned i = 0; i < 8 && httpd_conn_number_open() > 0; i++) {
        fuzz_time_passes(1000.0);
    }

    if (httpd_conn_number_open() != 0 || sxe_get_number_in_use() != 1 ||
        sxe_pool_get_number_in_state(httpd.outputs, HTTPD_OVERFLOW_FREE) != httpd.options.overflows ||
        sxe_pool_get_number_in_state(httpd.larges, HTTPD_OVERFLOW_FREE) != httpd.options.large_heads) {
        abort(); /* a connection or a shared buffer was never given back */
    }

    for (unsigned i = 0; i < HTTPD_FUZZ_SLOTS; i++) {
        if (getenv("HTTPD_FUZZ_VERBOSE") != NULL && fuzz_conns[i].out_len > 0) { /* to read a crash input's story */
            fprintf(stderr, "---- connection %u: %zu bytes in, %zu out:\n%.*s\n", i, fuzz_conns[i].in_len,
                    fuzz_conns[i].out_len, (int)fuzz_conns[i].out_len, fuzz_conns[i].out);
        }

        fuzz_check_output(&fuzz_conns[i]);

        if (fuzz_conns[i].client_fd >= 0) {
            close(fuzz_conns[i].client_fd);
            fuzz_conns[i].client_fd = -1;
        }

        fuzz_conns[i].out_len = 0;
    }

    if (fuzz_count_descriptors(false) != fuzz_descriptors) {
        fprintf(stderr, "%u descriptors open, %u before:\n", fuzz_count_descriptors(true), fuzz_descriptors);
        abort(); /* a file (or socket) left open */
    }
}

/* ---- set-up: once per process ---------------------------------------------------------------------------- */

static void fuzz_write_file(const char *name, size_t size, char fill)
{
    char path[128];
    FILE *file;

    snprintf(path, sizeof(path), "%s/%s", fuzz_docroot, name);

    if ((file = fopen(path, "w")) == NULL) {
        abort();
    }

    for (size_t i = 0; i < size; i++) {
        fputc(fill, file);
    }

    fclose(file);
}

static void fuzz_remove_docroot(void)
{
    char command[128];

    snprintf(command, sizeof(command), "rm -rf %s", fuzz_docroot);
    (void)!system(command);
}

/* A docroot with an index, a small and a large file (larger than any write budget but the unlimited one), an empty
 * file, a directory without an index and a named pipe (opening it must not block).
 */
static void fuzz_make_docroot(void)
{
    char path[128];

    snprintf(fuzz_docroot, sizeof(fuzz_docroot), "/tmp/fuzz-httpd-%d", (int)getpid());
    fuzz_remove_docroot();

    if (mkdir(fuzz_docroot, 0755) < 0) {
        abort();
    }

    fuzz_write_file("index.html", 40, 'i');
    fuzz_write_file("a.txt", 7, 'a');
    fuzz_write_file("big.bin", 100000, 'b');
    fuzz_write_file("empty", 0, 'e');
    snprintf(path, sizeof(path), "%s/dir", fuzz_docroot);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/fifo", fuzz_docroot);
    mkfifo(path, 0644);
    atexit(fuzz_remove_docroot);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    sxe_log_set_level(SXE_LOG_LEVEL_FATAL);
    fuzz_make_docroot();
    httpd.options.ip = "127.0.0.1";
    httpd.options.connections = HTTPD_FUZZ_SLOTS;
    httpd.options.workers = 1;
    httpd.options.idle_seconds = 10;
    httpd.options.send_seconds = 8;
    httpd.options.buffer_bytes = HTTPD_BUFFER_MINIMUM; /* heads over 128 bytes use the large head buffers */
    httpd.options.overflows = 1;
    httpd.options.large_heads = 2;
    httpd.options.log_level = -1;
    httpd.options.listing = true; /* the docroot's dir/ has no index: its listing is made */

    if (!httpd_mime_init(NULL)) {
        abort();
    }

    if (!httpd_static_init(fuzz_docroot) || (fuzz_docroot_fd = httpd.docroot_fd) < 0) {
        abort();
    }

    sxe_pool_set_clock(fuzz_clock);

    if (httpd_conn_setup() != SXE_RETURN_OK || !httpd_access_log_open("/dev/null", false)) {
        abort(); /* the access log is on: every line httpd logs is formatted from what the input sent */
    }

    sxe_syscalls.accept4 = fuzz_accept4;
    sxe_syscalls.recv = fuzz_recv;
    sxe_syscalls.send = fuzz_send;
    sxe_syscalls.sendfile = fuzz_sendfile;
    sxe_syscalls.getsockopt = fuzz_getsockopt;
    sxe_syscalls.close = fuzz_close;

    for (unsigned i = 0; i < HTTPD_FUZZ_SLOTS; i++) {
        fuzz_conns[i].server_fd = fuzz_conns[i].client_fd = -1;
        fuzz_conns[i].split = HTTPD_FUZZ_INPUT;
        fuzz_conns[i].budget = HTTPD_FUZZ_UNLIMITED;
    }

    fuzz_descriptors = fuzz_count_descriptors(false);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t at = 1;

    if (size == 0) {
        return 0;
    }

    httpd.docroot_fd = data[0] & 1 ? fuzz_docroot_fd : -1;

    while (at + 1 < size) {
        FUZZ_CONN *conn = &fuzz_conns[data[at] & 3];
        unsigned operation = (data[at] >> 2) & 7;
        unsigned arg = data[at + 1];
        size_t length;

        at += 2;

        switch (operation) {
            case 0:
            case 1:
            case 2:
                length = 1 + arg % 96;
                length = length < size - at ? length : size - at;

                if (conn->server_fd < 0) {
                    fuzz_open(conn);
                }

                if (conn->in_len + length <= sizeof(conn->in)) {
                    memcpy(conn->in + conn->in_len, data + at, length);
                    conn->in_len += length;
                }

                at += length;
                fuzz_pump();
                break;
            case 3:
                conn->split = 1 + arg;
                break;
            case 4:
                conn->budget = fuzz_budgets[arg % 8];
                fuzz_pump();
                break;
            case 5:
                fuzz_time_passes(arg / 8.0);
                break;
            case 6:
                conn->acked += (conn->sent - conn->acked) * arg / 255;
                break;
            default:
                conn->eof = true;
                conn->reset = arg & 1;
                fuzz_pump();
                break;
        }
    }

    fuzz_finish();
    return 0;
}
