/* httpd-static.c: mapping a request target to a file under -r DOCROOT, safely.
 *
 * The target's path is percent-decoded first (so "%2e%2e" is ".."); any ".." segment is refused with 403 before
 * the file system is touched. The file is then opened relative to the docroot's descriptor with openat2() and
 * RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS, so the kernel refuses any path (symlinks included) that resolves outside
 * the docroot (EXDEV -> 403). On kernels without openat2 (ENOSYS) the fallback resolves the path with realpath()
 * and checks that it is still under the docroot's real path. A directory is answered with its index.html. Files are
 * opened with O_NONBLOCK, so a named pipe or a device never blocks the loop; anything but a regular file is 403.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "httpd.h"

#define HTTPD_INDEX_FILE "index.html"

/* O_NONBLOCK: opening a named pipe (or a device) must never wait on the loop thread; what is not a regular file is
 * then refused (403) after fstat. It changes nothing for regular files (sendfile reads them as usual).
 */
#define HTTPD_OPEN_FLAGS (O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)

typedef struct HTTPD_MIME_TYPE {
    const char *extension;
    const char *type;
} HTTPD_MIME_TYPE;

static const HTTPD_MIME_TYPE httpd_mime_types[] = {
    {"html", "text/html"},        {"htm", "text/html"},         {"css", "text/css"},     {"js", "text/javascript"},
    {"mjs", "text/javascript"},   {"json", "application/json"}, {"txt", "text/plain"},   {"xml", "application/xml"},
    {"svg", "image/svg+xml"},     {"png", "image/png"},         {"jpg", "image/jpeg"},   {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},         {"webp", "image/webp"},       {"ico", "image/x-icon"}, {"pdf", "application/pdf"},
    {"wasm", "application/wasm"}, {"woff2", "font/woff2"},      {"mp4", "video/mp4"},    {"gz", "application/gzip"},
};

static char httpd_docroot_real[PATH_MAX]; /* realpath of the docroot, for the fallback check */

static const char *httpd_static_type(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash != NULL ? slash : path, '.');

    if (dot != NULL) {
        for (unsigned i = 0; i < SXE_ARRAY_SIZE(httpd_mime_types); i++) {
            if (strcasecmp(dot + 1, httpd_mime_types[i].extension) == 0) {
                return httpd_mime_types[i].type;
            }
        }
    }

    return "application/octet-stream";
}

/* True when a path segment of path (decoded, NUL terminated) is "..". */
static bool httpd_static_has_dot_dot(const char *path)
{
    for (const char *segment = path; segment != NULL; segment = strchr(segment, '/')) {
        segment += *segment == '/';

        if (segment[0] == '.' && segment[1] == '.' && (segment[2] == '/' || segment[2] == '\0')) {
            return true;
        }
    }

    return false;
}

/* Fallback for kernels without openat2: resolve and check the prefix. Returns an fd or -1 with errno set. */
static int httpd_static_open_checked(int dir_fd, const char *relative)
{
    char full[PATH_MAX];
    char real[PATH_MAX];
    size_t root_len = strlen(httpd_docroot_real);
    int fd = openat(dir_fd, relative, HTTPD_OPEN_FLAGS);
    char proc[64];
    ssize_t got;

    if (fd < 0) {
        return -1;
    }

    snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
    got = readlink(proc, full, sizeof(full) - 1);
    full[got < 0 ? 0 : got] = '\0';

    if (got < 0 || realpath(full, real) == NULL || strncmp(real, httpd_docroot_real, root_len) != 0 ||
        (real[root_len] != '/' && real[root_len] != '\0')) {
        close(fd);
        errno = EXDEV;
        return -1;
    }

    return fd;
}

static int httpd_static_openat(int dir_fd, const char *relative)
{
    static bool no_openat2;
    struct open_how how;
    int fd;

    if (!no_openat2) {
        memset(&how, 0, sizeof(how));
        how.flags = HTTPD_OPEN_FLAGS;
        how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
        fd = (int)syscall(SYS_openat2, dir_fd, relative, &how, sizeof(how));

        if (fd >= 0 || errno != ENOSYS) {
            return fd;
        }

        no_openat2 = true;
    }

    return httpd_static_open_checked(dir_fd, relative);
}

static unsigned httpd_static_errno_to_status(int error)
{
    switch (error) {
        case ENOENT:
        case ENOTDIR:
        case ENAMETOOLONG:
            return 404;
        case EXDEV:
        case ELOOP:
        case EACCES:
        case EPERM:
            return 403;
        case EMFILE:
        case ENFILE:
            return 503;
        default:
            return 500;
    }
}

/* Split off the path of a request target (origin-form or absolute-form), without query or fragment. An
 * absolute-form target without a path ("http://host", "http://host?q") has the path "/" (RFC 9112 3.2.2).
 */
static unsigned httpd_static_target_path(const char *target, unsigned target_len, const char **path)
{
    const char *end = target + target_len;
    const char *scheme = target_len > 0 && target[0] != '/' ? memchr(target, ':', target_len) : NULL;

    if (scheme != NULL && end - scheme > 3 && scheme[1] == '/' && scheme[2] == '/') { /* http://host/path */
        for (target = scheme + 3; target < end && *target != '/' && *target != '?' && *target != '#'; target++) {
        }

        if (target == end || *target != '/') {
            *path = "/";
            return 1;
        }
    }

    *path = target;

    for (const char *p = target; p < end; p++) {
        if (*p == '?' || *p == '#') {
            return (unsigned)(p - target);
        }
    }

    return (unsigned)(end - target);
}

/* Open the target's file; directories give their index.html. Returns 200 with *fd_out set, or an error status. */
static unsigned httpd_static_open_file(const char *relative, int *fd_out, struct stat *st, const char **type)
{
    unsigned status = 200;
    int fd = httpd_static_openat(httpd.docroot_fd, relative);

    *type = httpd_static_type(relative);

    if (fd < 0 || fstat(fd, st) < 0) {
        status = httpd_static_errno_to_status(errno);
        goto SXE_ERROR_OUT;
    }

    if (S_ISDIR(st->st_mode)) {
        int index = httpd_static_openat(fd, HTTPD_INDEX_FILE);

        close(fd);
        fd = index;
        *type = "text/html";

        if (fd < 0 || fstat(fd, st) < 0) {
            status = errno == ENOENT ? 403 : httpd_static_errno_to_status(errno);
            goto SXE_ERROR_OUT;
        }
    }

    if (!S_ISREG(st->st_mode)) {
        status = 403;
    }

SXE_EARLY_OR_ERROR_OUT:
    if (status != 200 && fd >= 0) {
        close(fd);
        fd = -1;
    }

    *fd_out = fd;
    return status;
}

unsigned httpd_static_open(const char *target, unsigned target_len, int *fd, uint64_t *size, time_t *mtime,
                           const char **type)
{
    char path[HTTPD_PATH_MAXIMUM];
    const char *raw;
    const char *relative;
    unsigned raw_len = httpd_static_target_path(target, target_len, &raw);
    int decoded = sxe_http_url_decode_path(raw, raw_len, path, sizeof(path));
    struct stat st;
    unsigned status;

    *fd = -1;

    if (decoded < 0) {
        status = decoded == SXE_HTTP_ERROR_URI_TOO_LONG ? 414 : 400;
        goto SXE_ERROR_OUT;
    }

    if (path[0] != '/') {
        status = 400;
        goto SXE_ERROR_OUT;
    }

    if (httpd_static_has_dot_dot(path)) {
        status = 403;
        goto SXE_ERROR_OUT;
    }

    for (relative = path; *relative == '/'; relative++) {
    }

    if ((status = httpd_static_open_file(*relative == '\0' ? "." : relative, fd, &st, type)) == 200) {
        *size = (uint64_t)st.st_size;
        *mtime = st.st_mtime;
    }

SXE_EARLY_OR_ERROR_OUT:
    return status;
}

bool httpd_static_init(const char *docroot)
{
    httpd.docroot_fd = open(docroot, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (httpd.docroot_fd < 0 || realpath(docroot, httpd_docroot_real) == NULL) {
        return false;
    }

    return true;
}
