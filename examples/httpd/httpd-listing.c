/* httpd-listing.c: the HTML listing of a directory that has no index.html, with -d (off by default).
 *
 * The listing is written, when the request's head is parsed, into an anonymous in-memory file (memfd_create), which
 * is then answered like any file (sendfile, HEAD, the same descriptor budget): httpd's own memory does not grow with
 * the size of a directory, nothing is allocated, and a slow reader holds the listing in the kernel's page cache, not
 * in httpd. The entries are read with getdents64 into a buffer on the stack, in the file system's order (sorting
 * would need memory per entry); names starting with '.' are left out, like nginx's autoindex. Each name is
 * HTML-escaped in the text and percent-encoded in its link; a directory's link ends with '/'. Symbolic links are
 * listed as what they are (not followed), so nothing about a target outside the docroot is shown.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "httpd.h"

#define HTTPD_LISTING_CHUNK   4096 /* bytes of HTML written to the memfd at a time */
#define HTTPD_LISTING_DIRENTS 8192 /* bytes of directory entries read at a time */
#define HTTPD_LISTING_ENTRY   3072 /* bytes of HTML for one entry: a 255-byte name, escaped twice, and its figures */

typedef struct HTTPD_LISTING_OUT {
    int fd;
    unsigned used;
    uint64_t size;
    bool failed;
    char data[HTTPD_LISTING_CHUNK];
} HTTPD_LISTING_OUT;

typedef struct HTTPD_DIRENT64 { /* the kernel's struct linux_dirent64 */
    uint64_t ino;
    int64_t off;
    unsigned short reclen;
    unsigned char type;
    char name[];
} HTTPD_DIRENT64;

static void httpd_listing_flush(HTTPD_LISTING_OUT *out)
{
    unsigned done = 0;

    while (!out->failed && done < out->used) {
        ssize_t wrote = write(out->fd, out->data + done, out->used - done);

        if (wrote < 0 && errno == EINTR) {
            continue;
        }

        out->failed = wrote <= 0;
        done += wrote > 0 ? (unsigned)wrote : 0;
    }

    out->size += done;
    out->used = 0;
}

/* Room for `need` more bytes (flushing when there is not). */
static char *httpd_listing_room(HTTPD_LISTING_OUT *out, unsigned need)
{
    if (HTTPD_LISTING_CHUNK - out->used < need) {
        httpd_listing_flush(out);
    }

    return out->data + out->used;
}

static void httpd_listing_text(HTTPD_LISTING_OUT *out, const char *text)
{
    size_t length = strlen(text);

    memcpy(httpd_listing_room(out, (unsigned)length), text, length);
    out->used += (unsigned)length;
}

/* The HTML entity of a byte that needs one, else NULL. */
static const char *httpd_listing_entity(unsigned char byte)
{
    return byte == '&'    ? "&amp;"
           : byte == '<'  ? "&lt;"
           : byte == '>'  ? "&gt;"
           : byte == '"'  ? "&quot;"
           : byte == '\'' ? "&#39;"
                          : NULL;
}

/* `name` HTML-escaped into to (room: 6 bytes per byte); control bytes become '?'. Returns the bytes written. */
static unsigned httpd_listing_html(char *to, const char *name)
{
    char *start = to;

    for (const unsigned char *at = (const unsigned char *)name; *at != '\0'; at++) {
        const char *entity = httpd_listing_entity(*at);

        if (entity != NULL) {
            to += sprintf(to, "%s", entity);
        } else {
            *to++ = *at < 0x20 || *at == 0x7f ? '?' : (char)*at;
        }
    }

    return (unsigned)(to - start);
}

/* `text` (any length) HTML-escaped into the listing. */
static void httpd_listing_html_text(HTTPD_LISTING_OUT *out, const char *text)
{
    char one[2] = {0, 0};

    for (; *text != '\0'; text++) {
        one[0] = *text;
        out->used += httpd_listing_html(httpd_listing_room(out, 6), one);
    }
}

/* `name` percent-encoded for a link (room: 3 bytes per byte): everything but the unreserved characters. */
static unsigned httpd_listing_href(char *to, const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    char *start = to;

    for (const unsigned char *at = (const unsigned char *)name; *at != '\0'; at++) {
        if ((*at >= 'a' && *at <= 'z') || (*at >= 'A' && *at <= 'Z') || (*at >= '0' && *at <= '9') ||
            strchr("-._~", *at) != NULL) {
            *to++ = (char)*at;
        } else {
            *to++ = '%';
            *to++ = hex[*at >> 4];
            *to++ = hex[*at & 15];
        }
    }

    return (unsigned)(to - start);
}

/* One row: link, name, modification time (UTC), size ("-" for a directory). */
static void httpd_listing_entry(HTTPD_LISTING_OUT *out, int dir_fd, const char *name)
{
    struct stat st;
    struct tm tm;
    char when[32] = "-";
    char *to = httpd_listing_room(out, HTTPD_LISTING_ENTRY);
    char *start = to;
    bool directory;

    if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
        return; /* gone meanwhile */
    }

    directory = S_ISDIR(st.st_mode);

    if (gmtime_r(&st.st_mtime, &tm) != NULL) {
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
    }

    to += sprintf(to, "<tr><td><a href=\"");
    to += httpd_listing_href(to, name);
    to += sprintf(to, "%s\">", directory ? "/" : "");
    to += httpd_listing_html(to, name);
    to += sprintf(to, "%s</a></td><td>%s</td><td>", directory ? "/" : "", when);
    to += directory ? sprintf(to, "-") : sprintf(to, "%llu", (unsigned long long)st.st_size);
    to += sprintf(to, "</td></tr>\n");
    out->used += (unsigned)(to - start);
}

/* Every entry of the directory (its descriptor's position is at the start: it was just opened). */
static void httpd_listing_entries(HTTPD_LISTING_OUT *out, int dir_fd)
{
    char entries[HTTPD_LISTING_DIRENTS] __attribute__((aligned(8)));
    long got = 0;

    while (!out->failed && (got = syscall(SYS_getdents64, dir_fd, entries, sizeof(entries))) > 0) {
        for (long at = 0; at < got;) {
            const HTTPD_DIRENT64 *entry = (const HTTPD_DIRENT64 *)(entries + at);

            if (entry->name[0] != '.' && strlen(entry->name) <= NAME_MAX) {
                httpd_listing_entry(out, dir_fd, entry->name);
            }

            at += entry->reclen;
        }
    }

    out->failed = out->failed || got < 0;
}

int httpd_listing_make(int dir_fd, const char *path, uint64_t *size)
{
    static HTTPD_LISTING_OUT out; /* one listing at a time, on the loop's thread: not on the stack */
    int error;

    if ((out.fd = memfd_create("httpd-listing", MFD_CLOEXEC)) < 0) {
        return -1;
    }

    out.used = 0;
    out.size = 0;
    out.failed = false;
    httpd_listing_text(&out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Index of ");
    httpd_listing_html_text(&out, path);
    httpd_listing_text(&out, "</title></head>\n<body><h1>Index of ");
    httpd_listing_html_text(&out, path);
    httpd_listing_text(&out, "</h1>\n<table>\n<tr><th>Name</th><th>Modified (UTC)</th><th>Size</th></tr>\n");

    if (strcmp(path, "/") != 0) {
        httpd_listing_text(&out, "<tr><td><a href=\"../\">../</a></td><td></td><td></td></tr>\n");
    }

    httpd_listing_entries(&out, dir_fd);
    httpd_listing_text(&out, "</table>\n</body></html>\n");
    httpd_listing_flush(&out);

    if (out.failed) {
        error = errno != 0 ? errno : EIO;
        close(out.fd);
        errno = error;
        return -1;
    }

    *size = out.size;
    return out.fd;
}
