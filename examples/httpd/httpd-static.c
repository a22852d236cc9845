/* httpd-static.c: mapping a request target to a file under -r DOCROOT, safely.
 *
 * The target's path is percent-decoded first (so "%2e%2e" is ".."); any ".." segment is refused with 403 before
 * the file system is touched. The file is then opened relative to the docroot's descriptor with openat2() and
 * RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS, so the kernel refuses any path (symlinks included) that resolves outside
 * the docroot (EXDEV -> 403). On kernels without openat2 (ENOSYS) the fallback resolves the path with realpath()
 * and checks that it is still under the docroot's real path. A directory named without its trailing slash is
 * redirected (301) to the name with it, so that relative links in its page resolve; a directory is answered with its
 * index.html, or (-d) its listing (httpd-listing.c), else 403. Files are opened with O_NONBLOCK, so a named pipe or
 * a device never blocks the loop; anything but a regular file is 403. The Content-Type comes from httpd-mime.c.
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

static char httpd_docroot_real[PATH_MAX]; /* realpath of the docroot, for the fallback check */

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

/* The query at `at` ("?..." up to a '#' or the end), or none. */
static void httpd_static_query(const char *at, const char *end, const char **query, unsigned *query_len)
{
    const char *hash = at < end ? memchr(at, '#', (size_t)(end - at)) : NULL;

    *query = at;
    *query_len = at < end && *at == '?' ? (unsigned)((hash != NULL ? hash : end) - at) : 0;
}

void httpd_static_target_split(const char *target, unsigned target_len, const char **path, unsigned *path_len,
                               const char **query, unsigned *query_len)
{
    const char *end = target + target_len;
    const char *scheme = target_len > 0 && target[0] != '/' ? memchr(target, ':', target_len) : NULL;
    const char *at;

    if (scheme != NULL && end - scheme > 3 && scheme[1] == '/' && scheme[2] == '/') { /* http://host/path */
        for (target = scheme + 3; target < end && *target != '/' && *target != '?' && *target != '#'; target++) {
        }

        if (target == end || *target != '/') {
            *path = "/";
            *path_len = 1;
            httpd_static_query(target, end, query, query_len);
            return;
        }
    }

    for (at = target; at < end && *at != '?' && *at != '#'; at++) {
    }

    *path = target;
    *path_len = (unsigned)(at - target);
    httpd_static_query(at, end, query, query_len);
}

/* The directory `fd` (opened as `relative`, whose decoded path is `path`): 301 without the trailing slash, else its
 * index.html, else (-d) its listing, else 403. The directory's descriptor is closed; *fd becomes the answer's.
 */
static unsigned httpd_static_directory(int *fd, const char *path, struct stat *st, HTTPD_FILE *file)
{
    int dir_fd = *fd;
    int index;

    if (path[strlen(path) - 1] != '/') {
        close(dir_fd);
        *fd = -1;
        return 301;
    }

    index = httpd_static_openat(dir_fd, HTTPD_INDEX_FILE);
    file->type = httpd_mime_type(HTTPD_INDEX_FILE);

    if (index < 0 && errno == ENOENT && httpd.options.listing) {
        *fd = httpd_listing_make(dir_fd, path, &file->size);
        close(dir_fd);
        file->listing = true;
        return *fd >= 0 ? 200 : httpd_static_errno_to_status(errno);
    }

    close(dir_fd);
    *fd = index;

    if (index < 0 || fstat(index, st) < 0) {
        return errno == ENOENT ? 403 : httpd_static_errno_to_status(errno);
    }

    return 200;
}

/* A file time in nanoseconds since 1970, clamped to what an int64_t holds (1678 to 2262). */
static int64_t httpd_static_nanoseconds(const struct timespec *when)
{
    if (when->tv_sec > INT64_MAX / 1000000000 - 1) {
        return INT64_MAX;
    }

    if (when->tv_sec < INT64_MIN / 1000000000 + 1) {
        return INT64_MIN;
    }

    return (int64_t)when->tv_sec * 1000000000 + when->tv_nsec;
}

/* Open the file of `relative` (decoded path `path`). Returns 200 with file filled in, or an error status. */
static unsigned httpd_static_open_file(const char *relative, const char *path, HTTPD_FILE *file)
{
    struct stat st;
    unsigned status = 200;
    int fd = httpd_static_openat(httpd.docroot_fd, relative);

    file->type = httpd_mime_type(relative);

    if (fd < 0 || fstat(fd, &st) < 0) {
        status = httpd_static_errno_to_status(errno);
        goto SXE_ERROR_OUT;
    }

    if (S_ISDIR(st.st_mode) && ((status = httpd_static_directory(&fd, path, &st, file)) != 200 || file->listing)) {
        goto SXE_EARLY_OUT;
    }

    if (!S_ISREG(st.st_mode)) {
        status = 403;
        goto SXE_ERROR_OUT;
    }

    file->size = (uint64_t)st.st_size;
    file->mtime_ns = httpd_static_nanoseconds(&st.st_mtim);

SXE_EARLY_OR_ERROR_OUT:
    if (status != 200 && fd >= 0) {
        close(fd);
        fd = -1;
    }

    file->fd = fd;
    return status;
}

unsigned httpd_static_open(const char *target, unsigned target_len, HTTPD_FILE *file)
{
    char path[HTTPD_PATH_MAXIMUM];
    const char *raw;
    const char *query;
    const char *relative;
    unsigned raw_len;
    unsigned query_len;
    int decoded;
    unsigned status;

    memset(file, 0, sizeof(*file));
    file->fd = -1;
    httpd_static_target_split(target, target_len, &raw, &raw_len, &query, &query_len);
    decoded = sxe_http_url_decode_path(raw, raw_len, path, sizeof(path));

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

    status = httpd_static_open_file(*relative == '\0' ? "." : relative, path, file);

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
