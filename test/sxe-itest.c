/* sxe-itest.c: the one harness of the integration tests; see sxe-itest.h. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sxe-check.h"
#include "sxe-http.h"
#include "sxe-itest.h"

#define ITEST_DIR_PREFIX "/tmp/sxe-itest-" /* private folders of prepared servers; cleanup removes nothing else */
#define ITEST_FD_MAX     65536             /* descriptors closed in a started program when close_range() fails */

/* ---- time ----------------------------------------------------------------------------------------------------- */

double sxe_itest_now(void)
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

double sxe_itest_time_scale(void)
{
    const char *text = getenv("SXE_TEST_TIME_SCALE");
    double scale = text != NULL ? atof(text) : 1.0;

    return scale >= 1.0 ? scale : 1.0;
}

bool sxe_itest_under_valgrind(void)
{
    return sxe_test_under_valgrind(); /* sxe-check.h's, for the suites that do not link the harness */
}

/* ---- preconditions -------------------------------------------------------------------------------------------- */

const char *sxe_itest_bin_dir(void)
{
    const char *dir = getenv("SXE_BIN_DIR");

    return dir != NULL && dir[0] != '\0' ? dir : "build/release/bin";
}

bool sxe_itest_program(char *path, size_t size, const char *program)
{
    if (strchr(program, '/') != NULL) {
        snprintf(path, size, "%s", program);
    } else {
        snprintf(path, size, "%s/%s", sxe_itest_bin_dir(), program);
    }

    if (access(path, X_OK) != 0) {
        fprintf(stderr, "sxe-itest: %s: %s (SXE_BIN_DIR=%s; `make test` builds the examples and sets it)\n", path,
                strerror(errno), sxe_itest_bin_dir());
        return false;
    }

    return true;
}

bool sxe_itest_tool_found(const char *tool)
{
    const char *search = getenv("PATH");
    char path[SXE_ITEST_PATH_MAX];

    while (search != NULL && *search != '\0') {
        size_t length = strcspn(search, ":");

        snprintf(path, sizeof(path), "%.*s/%s", (int)length, search, tool);

        if (length > 0 && access(path, X_OK) == 0) {
            return true;
        }

        search += length + (search[length] == ':');
    }

    return false;
}

void sxe_itest_require_tool(const char *tool, const char *package)
{
    if (!sxe_itest_tool_found(tool)) {
        sxe_test_skip("%s is not installed (Debian package %s)", tool, package);
    }
}

/* ---- processes ------------------------------------------------------------------------------------------------ */

pid_t sxe_itest_fork(void (*child)(void *arg), void *arg)
{
    pid_t parent = getpid();
    pid_t pid;

    fflush(stdout);
    fflush(stderr);

    if ((pid = fork()) == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);

        if (getppid() != parent) { /* the parent died before the death signal was set */
            _exit(127);
        }

        child(arg);
        _exit(0);
    }

    return pid;
}

typedef struct ITEST_EXEC {
    const char *path;
    const char *const *argv;
    int in, out, err; /* the program's stdin, stdout and stderr (-1: inherited) */
} ITEST_EXEC;

/* In a forked child: stdin, stdout and stderr from the given descriptors, no other descriptor, exec. */
static void itest_exec(void *arg)
{
    const ITEST_EXEC *exec = arg;

    if (exec->in >= 0) {
        dup2(exec->in, 0);
    }

    if (exec->out >= 0) {
        dup2(exec->out, 1);
    }

    if (exec->err >= 0) {
        dup2(exec->err, 2);
    }

    if (close_range(3, ~0U, 0) != 0) {
        for (int fd = 3; fd < ITEST_FD_MAX && fd < sysconf(_SC_OPEN_MAX); fd++) {
            close(fd);
        }
    }

    execv(exec->path, (char *const *)exec->argv);
    _exit(127);
}

/* Fork and exec path with stdin, stdout and stderr from the given descriptors (-1: inherit). Returns the pid or -1. */
static pid_t itest_spawn_fds(const char *path, const char *const *argv, int in, int out, int err)
{
    ITEST_EXEC exec = {path, argv, in, out, err};

    return sxe_itest_fork(itest_exec, &exec);
}

pid_t sxe_itest_spawn(const char *path, const char *const *argv, const char *output_file)
{
    int fd = output_file != NULL ? open(output_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
    pid_t pid;

    if (output_file != NULL && fd < 0) {
        fprintf(stderr, "sxe-itest: cannot open %s: %s\n", output_file, strerror(errno));
        return -1;
    }

    pid = itest_spawn_fds(path, argv, -1, fd, fd);

    if (fd >= 0) {
        close(fd);
    }

    return pid;
}

static int itest_status(int status)
{
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int sxe_itest_wait_exit(pid_t pid, double seconds)
{
    double deadline = sxe_itest_now() + seconds;
    int status;

    for (;;) {
        pid_t got = waitpid(pid, &status, WNOHANG);

        if (got == pid) {
            return itest_status(status);
        }

        if (got < 0 || sxe_itest_now() > deadline) {
            return -1;
        }

        sxe_itest_sleep(0.005);
    }
}

int sxe_itest_run(const char *command, char *out, size_t size)
{
    FILE *pipe;
    size_t used = 0;
    size_t got;
    int status;

    fflush(stdout);
    fflush(stderr);

    if ((pipe = popen(command, "r")) == NULL) {
        return -1;
    }

    while (used < size - 1 && (got = fread(out + used, 1, size - 1 - used, pipe)) > 0) {
        used += got;
    }

    out[used] = '\0';
    status = pclose(pipe);
    return status < 0 ? -1 : itest_status(status);
}

/* Read a whole (small) file from its start into buf, NUL terminated. */
void sxe_itest_expect_output(const char *expected, const char *format, ...)
{
    static char output[SXE_ITEST_OUTPUT_MAX];
    char command[4096];
    va_list args;
    int status;

    va_start(args, format);
    vsnprintf(command, sizeof(command), format, args);
    va_end(args);
    status = sxe_itest_run(command, output, sizeof(output));
    ck_assert_msg(status == 0, "%s: exit %d: %s", command, status, output);
    ck_assert_msg(strcmp(output, expected) == 0, "%s: printed '%s', expected '%s'", command, output, expected);
}

void sxe_itest_expect_program(const char *program, const char *arguments, bool with_stderr, int status,
                              const char *text, char *out, size_t size)
{
    char command[1024];
    int exit_status;

    snprintf(command, sizeof(command), "timeout %.0f %s/%s %s </dev/null %s",
             SXE_ITEST_RUN_TIMEOUT * sxe_itest_time_scale(), sxe_itest_bin_dir(), program, arguments,
             with_stderr ? "2>&1" : "2>/dev/null");
    exit_status = sxe_itest_run(command, out, size);
    ck_assert_msg(exit_status == status, "%s %s: exit %d, not %d: %s", program, arguments, exit_status, status, out);
    ck_assert_msg(strstr(out, text) != NULL, "%s %s: no '%s' in: %s", program, arguments, text, out);
}

static void itest_slurp(int fd, char *buf, size_t size)
{
    size_t used = 0;
    ssize_t got;

    lseek(fd, 0, SEEK_SET);

    while (used + 1 < size && (got = read(fd, buf + used, size - 1 - used)) > 0) {
        used += (size_t)got;
    }

    buf[used] = '\0';
}

/* Wait for pid until deadline, sending signum (when not 0) at signal_at; kill it at the deadline. Returns its status,
 * or -1 when it had to be killed.
 */
static int itest_wait_run(pid_t pid, double deadline, double signal_at, int signum)
{
    int status;

    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (signum != 0 && sxe_itest_now() > signal_at) {
            kill(pid, signum);
            signum = 0;
        }

        if (sxe_itest_now() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return -1;
        }

        sxe_itest_sleep(0.002);
    }

    return itest_status(status);
}

/* A file for a program's output: created in /tmp and unlinked at once (gone when closed). Returns the fd or -1. */
static int itest_output_file(void)
{
    char name[] = "/tmp/sxe-itest-output-XXXXXX";
    int fd = mkostemp(name, O_CLOEXEC);

    if (fd >= 0) {
        unlink(name);
    }

    return fd;
}

static void itest_close(int fd)
{
    if (fd >= 0) {
        close(fd);
    }
}

int sxe_itest_run_and_signal(SXE_ITEST_RUN *run, const char *const *argv, double timeout, double after, int signum)
{
    char path[SXE_ITEST_PATH_MAX];
    double scale = sxe_itest_time_scale();
    double started = sxe_itest_now();
    int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
    int out = itest_output_file();
    int err = itest_output_file();
    pid_t pid;

    run->exit_code = -1;
    run->out[0] = run->err[0] = '\0';

    if (in < 0 || out < 0 || err < 0) {
        snprintf(run->err, sizeof(run->err), "sxe-itest: cannot open /dev/null or a file in /tmp: %s", strerror(errno));
    } else if (!sxe_itest_program(path, sizeof(path), argv[0])) {
        snprintf(run->err, sizeof(run->err), "sxe-itest: cannot run %s (SXE_BIN_DIR=%s)", path, sxe_itest_bin_dir());
    } else if ((pid = itest_spawn_fds(path, argv, in, out, err)) < 0) {
        snprintf(run->err, sizeof(run->err), "sxe-itest: cannot fork: %s", strerror(errno));
    } else {
        run->exit_code = itest_wait_run(pid, started + timeout * scale, started + after * scale, signum);
        itest_slurp(out, run->out, sizeof(run->out));
        itest_slurp(err, run->err, sizeof(run->err));
    }

    itest_close(in);
    itest_close(out);
    itest_close(err);
    return run->exit_code;
}

int sxe_itest_run_program(SXE_ITEST_RUN *run, const char *const *argv, double timeout)
{
    return sxe_itest_run_and_signal(run, argv, timeout, 0, 0);
}

int sxe_itest_run_http(SXE_ITEST_RUN *run, int port, bool quiet, double timeout, const char *first, va_list args)
{
    const char *argv[SXE_ITEST_ARGS_MAX + 1] = {"http", "-i", "127.0.0.1", "-p", NULL, "-j"};
    char port_text[16];
    unsigned argc = 6;

    snprintf(port_text, sizeof(port_text), "%d", port);
    argv[4] = port_text;

    if (quiet) {
        argv[argc++] = "-q";
    }

    for (const char *arg = first; arg != NULL && argc < SXE_ITEST_ARGS_MAX; arg = va_arg(args, const char *)) {
        argv[argc++] = arg;
    }

    argv[argc] = NULL;
    return sxe_itest_run_program(run, argv, timeout);
}

long long sxe_itest_json_number(const char *json, const char *key)
{
    char pattern[128];
    const char *at;

    snprintf(pattern, sizeof(pattern), "\"%s\":", key);
    at = strstr(json, pattern);
    return at == NULL ? -1 : strtoll(at + strlen(pattern), NULL, 10);
}

/* ---- servers -------------------------------------------------------------------------------------------------- */

static int itest_read_port(const char *portfile)
{
    char text[16];
    int fd = open(portfile, O_RDONLY | O_CLOEXEC);
    ssize_t got;

    if (fd < 0) {
        return 0;
    }

    got = read(fd, text, sizeof(text) - 1);
    close(fd);

    if (got <= 0 || text[got - 1] != '\n') { /* a port file is complete once its line is */
        return 0;
    }

    text[got] = '\0';
    return atoi(text);
}

/* Start program with args plus "-p 0 -P server->portfile", output to output_file; wait for the port file. */
static bool itest_launch(SXE_ITEST_SERVER *server, const char *program, const char *const *args,
                         const char *output_file)
{
    const char *argv[SXE_ITEST_ARGS_MAX + 5];
    char path[SXE_ITEST_PATH_MAX];
    unsigned argc = 0;
    double deadline;
    int status;

    if (!sxe_itest_program(path, sizeof(path), program)) {
        return false;
    }

    argv[argc++] = path;

    for (unsigned i = 0; args != NULL && args[i] != NULL && argc < SXE_ITEST_ARGS_MAX; i++) {
        argv[argc++] = args[i];
    }

    argv[argc++] = "-p";
    argv[argc++] = "0";
    argv[argc++] = "-P";
    argv[argc++] = server->portfile;
    argv[argc] = NULL;
    unlink(server->portfile);

    if ((server->pid = sxe_itest_spawn(path, argv, output_file)) < 0) {
        server->pid = 0;
        return false;
    }

    deadline = sxe_itest_now() + SXE_ITEST_START_TIMEOUT * sxe_itest_time_scale();

    for (; sxe_itest_now() < deadline; sxe_itest_sleep(0.005)) {
        if ((server->port = itest_read_port(server->portfile)) > 0) {
            return true;
        }

        if ((status = sxe_itest_wait_exit(server->pid, 0)) >= 0) {
            fprintf(stderr, "sxe-itest: %s exited with status %d before writing its port file%s%s\n", path, status,
                    server->log[0] != '\0' ? "; its log: " : "", server->log);
            server->pid = 0;
            return false;
        }
    }

    fprintf(stderr, "sxe-itest: %s wrote no port file within %.0f s: killed\n", path,
            SXE_ITEST_START_TIMEOUT * sxe_itest_time_scale());
    sxe_itest_stop(server, SIGKILL, 1);
    return false;
}

bool sxe_itest_start(SXE_ITEST_SERVER *server, const char *program, const char *const *args)
{
    static unsigned counter;

    memset(server, 0, sizeof(*server));
    snprintf(server->portfile, sizeof(server->portfile), "/tmp/sxe-itest-%d-%u.port", (int)getpid(), counter++);
    return itest_launch(server, program, args, getenv("SXE_ITEST_VERBOSE") != NULL ? NULL : "/dev/null");
}

bool sxe_itest_prepare(SXE_ITEST_SERVER *server)
{
    memset(server, 0, sizeof(*server));
    snprintf(server->dir, sizeof(server->dir), ITEST_DIR_PREFIX "%d-XXXXXX", (int)getpid());

    if (mkdtemp(server->dir) == NULL) {
        fprintf(stderr, "sxe-itest: cannot create %s: %s\n", server->dir, strerror(errno));
        server->dir[0] = '\0';
        return false;
    }

    snprintf(server->portfile, sizeof(server->portfile), "%s/port", server->dir);
    snprintf(server->log, sizeof(server->log), "%s/server.log", server->dir);
    return true;
}

bool sxe_itest_start_prepared(SXE_ITEST_SERVER *server, const char *program, const char *const *args)
{
    return itest_launch(server, program, args, server->log);
}

int sxe_itest_stop(SXE_ITEST_SERVER *server, int sig, double seconds)
{
    int status = -1;

    if (server->pid > 0) {
        kill(server->pid, sig);
        status = sxe_itest_wait_exit(server->pid, seconds * sxe_itest_time_scale());

        if (status < 0) {
            kill(server->pid, SIGKILL);
            waitpid(server->pid, NULL, 0);
        }
    }

    server->pid = 0;

    if (server->portfile[0] != '\0' && server->dir[0] == '\0') {
        unlink(server->portfile);
    }

    return status;
}

bool sxe_itest_alive(SXE_ITEST_SERVER *server)
{
    if (server->pid <= 0 || waitpid(server->pid, NULL, WNOHANG) == server->pid) {
        server->pid = 0;
        return false;
    }

    return true;
}

static int itest_remove(const char *path, const struct stat *stat, int flag, struct FTW *ftw)
{
    (void)stat;
    (void)flag;
    (void)ftw;
    return remove(path) == 0 ? 0 : -1;
}

void sxe_itest_cleanup(SXE_ITEST_SERVER *server)
{
    if (server->pid > 0) {
        sxe_itest_stop(server, SIGKILL, 1);
    }

    if (strncmp(server->dir, ITEST_DIR_PREFIX, sizeof(ITEST_DIR_PREFIX) - 1) == 0 &&
        nftw(server->dir, itest_remove, 16, FTW_DEPTH | FTW_PHYS) != 0) {
        fprintf(stderr, "sxe-itest: could not remove %s: %s\n", server->dir, strerror(errno));
    }

    server->dir[0] = '\0';
}

/* Count the lines of a prepared server's log that contain needle, copying the last one to last (when not NULL). */
static unsigned itest_log_scan(const SXE_ITEST_SERVER *server, const char *needle, char *last, size_t size)
{
    char line[4096];
    unsigned count = 0;
    FILE *file = server->log[0] != '\0' ? fopen(server->log, "re") : NULL;

    while (file != NULL && fgets(line, sizeof(line), file) != NULL) {
        if (strstr(line, needle) != NULL) {
            count++;

            if (last != NULL) {
                snprintf(last, size, "%s", line);
            }
        }
    }

    if (file != NULL) {
        fclose(file);
    }

    return count;
}

unsigned sxe_itest_log_count(const SXE_ITEST_SERVER *server, const char *needle)
{
    return itest_log_scan(server, needle, NULL, 0);
}

bool sxe_itest_log_find(const SXE_ITEST_SERVER *server, const char *needle, char *line, size_t size)
{
    return itest_log_scan(server, needle, line, size) > 0;
}

bool sxe_itest_write_file(const char *dir, const char *name, const void *content, size_t size)
{
    char path[SXE_ITEST_PATH_MAX * 2];
    bool written;
    int fd;

    snprintf(path, sizeof(path), "%s/%s", dir, name);

    if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0) {
        fprintf(stderr, "sxe-itest: cannot create %s: %s\n", path, strerror(errno));
        return false;
    }

    if (!(written = write(fd, content, size) == (ssize_t)size)) {
        fprintf(stderr, "sxe-itest: cannot write %zu bytes to %s: %s\n", size, path, strerror(errno));
    }

    close(fd);
    return written;
}

bool sxe_itest_write_letters(const char *dir, const char *name, size_t size)
{
    char *letters = malloc(size > 0 ? size : 1);
    bool written;

    if (letters == NULL) {
        fprintf(stderr, "sxe-itest: no memory for %zu bytes of %s\n", size, name);
        return false;
    }

    for (size_t i = 0; i < size; i++) {
        letters[i] = (char)('a' + i % 26);
    }

    written = sxe_itest_write_file(dir, name, letters, size);
    free(letters);
    return written;
}

/* ---- watching a process --------------------------------------------------------------------------------------- */

long sxe_itest_vmrss_kb(pid_t pid)
{
    char path[64];
    char line[256];
    long kb = -1;
    FILE *file;

    snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);

    if ((file = fopen(path, "re")) == NULL) {
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

int sxe_itest_fd_count(pid_t pid)
{
    char path[64];
    DIR *dir;
    struct dirent *entry;
    int count = 0;

    snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);

    if ((dir = opendir(path)) == NULL) {
        return -1;
    }

    while ((entry = readdir(dir)) != NULL) {
        count += entry->d_name[0] != '.';
    }

    closedir(dir);
    return count;
}

int sxe_itest_wait_fd_count(pid_t pid, int target, double seconds)
{
    double deadline = sxe_itest_now() + seconds * sxe_itest_time_scale();
    int count;

    while ((count = sxe_itest_fd_count(pid)) > target && sxe_itest_now() < deadline) {
        sxe_itest_sleep(0.02);
    }

    return count;
}

int sxe_itest_settled_fd_count(pid_t pid)
{
    double deadline = sxe_itest_now() + 3.0 * sxe_itest_time_scale();
    int last = sxe_itest_fd_count(pid);
    int count;

    for (;;) {
        sxe_itest_sleep(0.2);

        if ((count = sxe_itest_fd_count(pid)) == last || sxe_itest_now() > deadline) {
            return count;
        }

        last = count;
    }
}

double sxe_itest_cpu_seconds(pid_t pid)
{
    char path[64];
    char stat[1024];
    unsigned long utime, stime;
    const char *p;
    int fd;
    ssize_t n;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);

    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        return -1;
    }

    n = read(fd, stat, sizeof(stat) - 1);
    close(fd);

    if (n <= 0 || (stat[n] = '\0', p = strrchr(stat, ')')) == NULL) {
        return -1;
    }

    /* After ") ": field 3 (state) ... utime is field 14 and stime field 15: skip 11 fields after the state. */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2) {
        return -1;
    }

    return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

bool sxe_itest_set_nofile(pid_t pid, long nofile)
{
    struct rlimit limit = {(rlim_t)nofile, (rlim_t)nofile};

    return prlimit(pid, RLIMIT_NOFILE, &limit, NULL) == 0;
}

unsigned long sxe_itest_raise_nofile(unsigned long want)
{
    struct rlimit limit;

    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return 0;
    }

    if (limit.rlim_cur < want) {
        limit.rlim_cur = want < limit.rlim_max ? want : limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }

    return (unsigned long)limit.rlim_cur;
}

/* ---- blocking clients ----------------------------------------------------------------------------------------- */

int sxe_itest_connect(int port)
{
    return sxe_itest_connect_small(port, 0, 0, 0);
}

int sxe_itest_connect_small(int port, int rcvbuf, int sndbuf, int maxseg)
{
    struct sockaddr_in addr;
    double seconds = SXE_ITEST_IO_TIMEOUT * sxe_itest_time_scale();
    struct timeval timeout = {(time_t)seconds, (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6)};
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        return -1;
    }

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));

    if (rcvbuf > 0) {
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
    }

    if (sndbuf > 0) {
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
    }

    if (maxseg > 0) {
        setsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &maxseg, sizeof(maxseg));
    }

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
    double deadline = sxe_itest_now() + seconds;
    char sink[4096];

    while (sxe_itest_now() < deadline) {
        struct pollfd pfd = {fd, POLLIN, 0};
        int timeout = (int)((deadline - sxe_itest_now()) * 1000) + 1;

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
    double deadline = sxe_itest_now() + seconds;
    size_t used = 0;

    while (used < size - 1 && sxe_itest_now() < deadline) {
        struct pollfd pfd = {fd, POLLIN, 0};

        if (poll(&pfd, 1, (int)((deadline - sxe_itest_now()) * 1000) + 1) <= 0) {
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

void sxe_itest_ask(SXE_ITEST_CONN *conn, const char *method, const char *target, const char *headers, unsigned status,
                   SXE_ITEST_RESPONSE *resp)
{
    char request[4096];

    snprintf(request, sizeof(request), "%s %s HTTP/1.1\r\nHost: t\r\n%s\r\n", method, target, headers);
    ck_assert_msg(sxe_itest_send(conn->fd, request, 0), "cannot send %s %s", method, target);
    ck_assert_msg(sxe_itest_read_response(conn, resp, strcmp(method, "HEAD") == 0), "no answer to %s %s", method,
                  target);
    ck_assert_msg(resp->status == status, "%s %s (%s): expected %u, got %u:\n%s", method, target, headers, status,
                  resp->status, resp->head);
}

size_t sxe_itest_browser_head(char *out, size_t size, const char *method, const char *extra, bool complete)
{
    int used = snprintf(out, size,
                        "%s /index.html?q=1 HTTP/1.1\r\nHost: www.example.com\r\n"
                        "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
                        "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
                        "Accept-Language: en-CA,en-US;q=0.7,en;q=0.3\r\nAccept-Encoding: gzip, deflate, br, zstd\r\n"
                        "Referer: https://www.example.com/search?q=libsxe\r\nDNT: 1\r\nConnection: keep-alive\r\n"
                        "Upgrade-Insecure-Requests: 1\r\nSec-Fetch-Dest: document\r\nSec-Fetch-Mode: navigate\r\n"
                        "%sCookie: session=",
                        method, extra);

    ck_assert_msg(used > 0 && (size_t)used + 8 < size, "a browser head of %zu bytes is too short for its fields", size);
    memset(out + used, 'c', size - (size_t)used - 4);
    memcpy(out + size - 4, "\r\n\r\n", 5);
    return complete ? size : size - 2;
}

unsigned sxe_itest_flood_without_reading(int fd, const char *request, bool *closed)
{
    size_t length = strlen(request);
    size_t sent = 0;
    struct pollfd writable = {fd, POLLOUT, 0};

    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    *closed = false;

    while (sent < SXE_ITEST_FLOOD_MAX) {
        size_t at = sent % length;
        ssize_t n = send(fd, request + at, length - at, MSG_NOSIGNAL);

        if (n > 0) {
            sent += (size_t)n;
            continue;
        }

        if (n < 0 && errno == EAGAIN) {
            int ready = poll(&writable, 1, 500);

            if (ready == 1 && !(writable.revents & (POLLERR | POLLHUP))) {
                continue;
            }

            *closed = ready == 1; /* an error or a hang-up; else the server has stopped reading for 0.5 s */
        } else {
            *closed = true;
        }

        break;
    }

    return (unsigned)(sent / length);
}
