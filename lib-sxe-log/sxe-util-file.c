/* sxe-util-file.c: the classic file helpers of sxe-util.h: mkdir -p, the descriptor limit, stat. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/resource.h>

#include "sxe-log.h"

/* mkdir(path) that accepts an existing directory. 0, or -1 with errno. */
static int sxe_mkdir_one(const char *path)
{
    struct stat status;

    if (mkdir(path, 0777) == 0) {
        return 0;
    }

    if (errno != EEXIST) {
        return -1;
    }

    if (stat(path, &status) < 0) {
        return -1;
    }

    if (!S_ISDIR(status.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }

    return 0;
}

SXE_RETURN
sxe_mkpath(const char *path)
{
    char copy[PATH_MAX];
    size_t length;

    if (path == NULL || path[0] == '\0') {
        SXEL2("sxe_mkpath(%s): no path", path == NULL ? "NULL" : "\"\"");
        return SXE_RETURN_ERROR_INVALID;
    }

    if ((length = strlen(path)) >= sizeof(copy)) {
        errno = ENAMETOOLONG;
        SXEL3("sxe_mkpath(): path of %zu bytes is too long", length);
        return SXE_RETURN_ERROR_INTERNAL;
    }

    memcpy(copy, path, length + 1);

    for (char *slash = copy + 1; (slash = strchr(slash, '/')) != NULL; slash++) { /* each parent, then the path */
        *slash = '\0';

        if (sxe_mkdir_one(copy) < 0) {
            SXEL3("sxe_mkpath(%s): cannot create %s: %s", path, copy, strerror(errno));
            return SXE_RETURN_ERROR_INTERNAL;
        }

        *slash = '/';
    }

    if (sxe_mkdir_one(copy) < 0) {
        SXEL3("sxe_mkpath(%s): %s", path, strerror(errno));
        return SXE_RETURN_ERROR_INTERNAL;
    }

    return SXE_RETURN_OK;
}

SXE_RETURN
sxe_set_file_limit(const unsigned limit)
{
    struct rlimit rlimit = {.rlim_cur = limit, .rlim_max = limit};

    if (setrlimit(RLIMIT_NOFILE, &rlimit) < 0) {
        SXEL3("sxe_set_file_limit(%u): setrlimit(RLIMIT_NOFILE) failed: %s", limit, strerror(errno));
        return SXE_RETURN_ERROR_INTERNAL;
    }

    return SXE_RETURN_OK;
}

SXE_STAT *sxe_stat(SXE_STAT *status, const char *file)
{
    if (status == NULL || file == NULL) {
        SXEL2("sxe_stat(): NULL argument");
        return NULL;
    }

    if (stat(file, status) < 0) {
        SXEL4("sxe_stat(): cannot stat '%s': %s", file, strerror(errno));
        return NULL;
    }

    return status;
}

time_t sxe_stat_get_time_modification(SXE_STAT *status)
{
    return status != NULL ? status->st_mtime : 0;
}

off_t sxe_stat_get_file_size(SXE_STAT *status)
{
    return status != NULL ? status->st_size : 0;
}
