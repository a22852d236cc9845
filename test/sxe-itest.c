/* sxe-itest.c: helpers for the integration tests; see sxe-itest.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sxe-http.h"
#include "sxe-itest.h"

static double itest_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void sxe_itest_sleep(double seconds)
{
    struct timespec ts;

    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);

    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    }
}

const char *sxe_itest_bin_dir(void)
{
    const char *dir = getenv("SXE_BIN_DIR");

    return dir != NULL && dir[0] != '\0' ? dir : "build/release/bin";
}

pid_t sxe_itest_spawn(const char *path, const char *const *argv, const char *output_file)
{
    pid_t parent = getpid();
    pid_t pid = fork();

    if (pid != 0) {
        return pid;
    }

    prctl(PR_SET_PDEATHSIG, SIGKILL);

    if (getppid() != parent) {
        _exit(127);
    }

    if (output_file != NULL) {
        int fd = open(output_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);

        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
    }

    execv(path, (char *const *)argv);
    _exit(127);
}

int sxe_itest_wait_exit(pid_t pid, double seconds)
{
    double deadline = itest_now() + seconds;
    int status;

    for (;;) {
        pid_t got = waitpid(pid, &status, WNOHANG);

        if (got == pid) {
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }

        if (got < 0 || itest_now() > deadline) {
            return -1;
        }

        sxe_itest_sleep(0.005);
    }
}

static int itest_read_port(const char *portfile)
{
    char text[16];
    int fd = open(portfile, O_RDONLY);
    ssize_t got;

    if (fd < 0) {
        return 0;
    }

    got = read(fd, text, sizeof(text) - 1);
    close(fd);

    if (got <= 0 || text[got - 1] != '\n') {
        return 0;
    }

    text[got] = '\0';
    return atoi(text);
}

bool sxe_itest_start(SXE_ITEST_SERVER *server, const char *program, const char *const *args)
{
    static unsigned counter;
    const char *argv[SXE_ITEST_ARGS_MAX + 5];
    char path[512];
    unsigned argc = 0;
    double deadline;

    memset(server, 0, sizeof(*server));
    snprintf(path, sizeof(path), "%s/%s", sxe_itest_bin_dir(), program);
    snprintf(server->portfile, sizeof(server->portfile), "/tmp/sxe-itest-%d-%u.port", (int)getpid(), counter++);
    unlink(server->portfile);
    argv[argc++] = path;

    for (unsigned i = 0; args != NULL && args[i] != NULL && argc < SXE_ITEST_ARGS_MAX; i++) {
        argv[argc++] = args[i];
    }

    argv[argc++] = "-p";
    argv[argc++] = "0";
    argv[argc++] = "-P";
    argv[argc++] = server->portfile;
    argv[argc] = NULL;
    server->pid = sxe_itest_spawn(path, argv, getenv("SXE_ITEST_VERBOSE") != NULL ? NULL : "/dev/null");

    if (server->pid < 0) {
        return false;
    }

    for (deadline = itest_now() + SXE_ITEST_START_TIMEOUT; itest_now() < deadline; sxe_itest_sleep(0.005)) {
        if ((server->port = itest_read_port(server->portfile)) > 0) {
            return true;
        }

        if (sxe_itest_wait_exit(server->pid, 0) >= 0) {
            server->pid = 0;
            return false;
        }
    }

    sxe_itest_stop(server, SIGKILL, 1);
    return false;
}

int sxe_itest_stop(SXE_ITEST_SERVER *server, int sig, double seconds)
{
    int status = -1;

    if (server->pid > 0) {
        kill(server->pid, sig);
        status = sxe_itest_wait_exit(server->pid, seconds);

        if (status < 0) {
            kill(server->pid, SIGKILL);
            waitpid(server->pid, NULL, 0);
        }

        server->pid = 0;
    }

    if (server->portfile[0] != '\0') {
        unlink(server->portfile);
    }

    return status;
}

int sxe_itest_connect(int port)
{
    struct sockaddr_in addr;
    struct timeval timeout = {(time_t)SXE_ITEST_IO_TIMEOUT, 0};
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0) {
        return -1;
    }

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));

    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        close(fd);
        return -1;
    }

    return fd;
}

bool sxe_itest_conn_open(SXE_ITEST_CONN *conn, int port)
{
    conn->used = 0;
    conn->fd = sxe_itest_connect(port);
    return conn->fd >= 0;
}

void sxe_itest_conn_close(SXE_ITEST_CONN *conn)
{
    if (conn->fd >= 0) {
        close(conn->fd);
    }

    conn->fd = -1;
}

bool sxe_itest_send(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    if (len == 0) {
        len = strlen(buf);
    }

    while (len > 0) {
        ssize_t sent = send(fd, p, len, MSG_NOSIGNAL);

        if (sent <= 0) {
            if (sent < 0 && errno == EINTR) {
                continue;
            }

            return false;
        }

        p += sent;
        len -= (size_t)sent;
    }

    return true;
}

/* Read more bytes into conn; false on EOF, error or timeout. */
static bool itest_conn_fill(SXE_ITEST_CONN *conn)
{
    ssize_t got;

    if (conn->used == sizeof(conn->buf)) {
        return false;
    }

    do {
        got = recv(conn->fd, conn->buf + conn->used, sizeof(conn->buf) - conn->used, 0);
    } while (got < 0 && errno == EINTR);

    if (got <= 0) {
        return false;
    }

    conn->used += (size_t)got;
    return true;
}

static void itest_consume(SXE_ITEST_CONN *conn, size_t n)
{
    memmove(conn->buf, conn->buf + n, conn->used - n);
    conn->used -= n;
}

static void itest_copy_text(char *dst, size_t size, const char *src, size_t len)
{
    size_t n = len < size - 1 ? len : size - 1;

    memcpy(dst, src, n);
    dst[n] = '\0';
}

bool sxe_itest_read_response(SXE_ITEST_CONN *conn, SXE_ITEST_RESPONSE *resp, bool request_was_head)
{
    SXE_HTTP_HEADER headers[SXE_ITEST_HEADER_MAX];
    SXE_HTTP_RESPONSE parsed;
    int head_len;

    memset(resp, 0, sizeof(*resp));
    parsed.headers = headers;
    parsed.header_max = SXE_ITEST_HEADER_MAX;

    while ((head_len = sxe_http_parse_response(conn->buf, conn->used, &parsed, sizeof(conn->buf), request_was_head)) ==
           SXE_HTTP_NEED_MORE) {
        if (!itest_conn_fill(conn)) {
            return false;
        }
    }

    if (head_len < 0 || parsed.body_kind == SXE_HTTP_BODY_CHUNKED ||
        parsed.body_kind == SXE_HTTP_BODY_CLOSE_DELIMITED) {
        return false;
    }

    resp->status = parsed.status;
    resp->version_minor = parsed.version_minor;
    resp->keep_alive = parsed.keep_alive;
    resp->connection_close = parsed.connection_close;
    resp->connection_keep_alive = parsed.connection_keep_alive;
    resp->content_length = parsed.has_content_length ? (long)parsed.content_length : -1;
    itest_copy_text(resp->head, sizeof(resp->head), conn->buf, (size_t)head_len);
    itest_consume(conn, (size_t)head_len);
    resp->body_len = parsed.body_kind == SXE_HTTP_BODY_LENGTH ? (size_t)parsed.content_length : 0;

    if (resp->body_len > sizeof(conn->buf)) {
        return false;
    }

    while (conn->used < resp->body_len) {
        if (!itest_conn_fill(conn)) {
            return false;
        }
    }

    itest_copy_text(resp->body, sizeof(resp->body), conn->buf, resp->body_len);
    itest_consume(conn, resp->body_len);
    return true;
}

bool sxe_itest_wait_closed(int fd, double seconds)
{
    double deadline = itest_now() + seconds;
    char sink[4096];

    while (itest_now() < deadline) {
        struct pollfd pfd = {fd, POLLIN, 0};
        int timeout = (int)((deadline - itest_now()) * 1000) + 1;

        if (poll(&pfd, 1, timeout) <= 0) {
            continue;
        }

        ssize_t got = recv(fd, sink, sizeof(sink), MSG_DONTWAIT);

        if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
            return true;
        }
    }

    return false;
}

bool sxe_itest_wait_readable(int fd, double seconds)
{
    struct pollfd pfd = {fd, POLLIN, 0};
    int ready;

    while ((ready = poll(&pfd, 1, (int)(seconds * 1000))) < 0 && errno == EINTR) {
    }

    return ready > 0;
}

size_t sxe_itest_read_all(int fd, char *buf, size_t size, double seconds)
{
    double deadline = itest_now() + seconds;
    size_t used = 0;

    while (used < size - 1 && itest_now() < deadline) {
        struct pollfd pfd = {fd, POLLIN, 0};

        if (poll(&pfd, 1, (int)((deadline - itest_now()) * 1000) + 1) <= 0) {
            continue;
        }

        ssize_t got = recv(fd, buf + used, size - 1 - used, MSG_DONTWAIT);

        if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
            break;
        }

        used += got > 0 ? (size_t)got : 0;
    }

    buf[used] = '\0';
    return used;
}

long sxe_itest_vmrss_kb(pid_t pid)
{
    char path[64];
    char line[256];
    long kb = -1;
    FILE *file;

    snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);

    if ((file = fopen(path, "r")) == NULL) {
        return -1;
    }

    while (fgets(line, sizeof(line), file) != NULL) {
        if (strncmp(line, "VmRSS:", 6) == 0) {
            kb = atol(line + 6);
            break;
        }
    }

    fclose(file);
    return kb;
}

int sxe_itest_run(const char *command, char *out, size_t size)
{
    FILE *pipe = popen(command, "r");
    size_t used = 0;
    size_t got;
    int status;

    if (pipe == NULL) {
        return -1;
    }

    while (used < size - 1 && (got = fread(out + used, 1, size - 1 - used, pipe)) > 0) {
        used += got;
    }

    out[used] = '\0';
    status = pclose(pipe);
    return status < 0 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
