/* httpd-mime.c: the Content-Type of a file, from its extension.
 *
 * The built-in table covers the common web types (text, scripts, data, images, fonts, audio, video, archives,
 * documents). -m FILE adds the entries of a mime.types file ("type ext ext ...", '#' comments: the format of
 * /etc/mime.types), which override the built-in ones. Everything is read and sorted once at start-up; a lookup is a
 * binary search on the extension (case-insensitive) and allocates nothing. An unknown extension is
 * application/octet-stream, like nginx's default_type.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "httpd.h"

#define HTTPD_MIME_EXTENSION_MAXIMUM 31        /* bytes of an extension (longer ones are skipped) */
#define HTTPD_MIME_FILE_MAXIMUM      (1 << 20) /* bytes of a -m file */
#define HTTPD_MIME_DEFAULT           "application/octet-stream"

typedef struct HTTPD_MIME_ENTRY {
    const char *extension;
    uint16_t type;  /* index in httpd_mime_types */
    uint16_t order; /* later entries (the file's) win over earlier ones (built-in) */
} HTTPD_MIME_ENTRY;

/* Built-in: "type ext ext ..." like a mime.types file, so both are read by the same code. */
static const char *const httpd_mime_builtin[] = {
    "text/html html htm shtml",
    "text/css css",
    "text/javascript js mjs",
    "text/plain txt text log conf ini",
    "text/csv csv",
    "text/markdown md markdown",
    "text/xml xml",
    "text/calendar ics",
    "text/vtt vtt",
    "application/json json map",
    "application/ld+json jsonld",
    "application/manifest+json webmanifest",
    "application/xhtml+xml xhtml",
    "application/rss+xml rss",
    "application/atom+xml atom",
    "application/wasm wasm",
    "application/pdf pdf",
    "application/rtf rtf",
    "application/zip zip",
    "application/gzip gz tgz",
    "application/x-bzip2 bz2",
    "application/x-xz xz",
    "application/zstd zst",
    "application/x-tar tar",
    "application/x-7z-compressed 7z",
    "application/vnd.rar rar",
    "application/java-archive jar",
    "application/epub+zip epub",
    "application/msword doc",
    "application/vnd.ms-excel xls",
    "application/vnd.ms-powerpoint ppt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation pptx",
    "application/vnd.oasis.opendocument.text odt",
    "application/vnd.oasis.opendocument.spreadsheet ods",
    "application/vnd.oasis.opendocument.presentation odp",
    "application/vnd.debian.binary-package deb",
    "application/x-rpm rpm",
    "application/vnd.android.package-archive apk",
    "application/x-iso9660-image iso",
    "application/octet-stream bin exe dll dmg img",
    "application/x-sh sh",
    "image/png png",
    "image/jpeg jpg jpeg",
    "image/gif gif",
    "image/webp webp",
    "image/avif avif",
    "image/svg+xml svg svgz",
    "image/x-icon ico",
    "image/bmp bmp",
    "image/tiff tif tiff",
    "font/woff woff",
    "font/woff2 woff2",
    "font/ttf ttf",
    "font/otf otf",
    "application/vnd.ms-fontobject eot",
    "audio/mpeg mp3",
    "audio/ogg ogg oga opus",
    "audio/wav wav",
    "audio/flac flac",
    "audio/aac aac",
    "audio/mp4 m4a",
    "audio/webm weba",
    "video/mp4 mp4 m4v",
    "video/webm webm",
    "video/ogg ogv",
    "video/quicktime mov",
    "video/x-matroska mkv",
    "video/x-msvideo avi",
    "video/mp2t ts",
    "application/vnd.apple.mpegurl m3u8",
    "application/dash+xml mpd",
};

static const char *httpd_mime_types[HTTPD_TYPES_MAXIMUM] = {HTTPD_MIME_DEFAULT};
static unsigned httpd_mime_type_count = 1;
static HTTPD_MIME_ENTRY httpd_mime_entries[HTTPD_TYPES_MAXIMUM];
static unsigned httpd_mime_entry_count;
static char *httpd_mime_file_text; /* the -m file, read once: its tokens are the strings of its entries */

/* One "type ext ext ..." line (modified in place: its tokens are NUL terminated). False when the table is full. */
static bool httpd_mime_add_line(char *line)
{
    char *save = NULL;
    char *type = strtok_r(line, " \t\r\n", &save);
    char *extension;

    if (type == NULL || type[0] == '#') {
        return true;
    }

    if (strlen(type) > HTTPD_TYPE_MAXIMUM || strpbrk(type, "\"\\") != NULL) {
        SXEL3("mime types: the type '%.40s...' is longer than %u bytes or has a quote: skipped", type,
              HTTPD_TYPE_MAXIMUM);
        return true;
    }

    if (httpd_mime_type_count == HTTPD_TYPES_MAXIMUM) {
        return false;
    }

    httpd_mime_types[httpd_mime_type_count] = type;

    while ((extension = strtok_r(NULL, " \t\r\n;", &save)) != NULL && extension[0] != '#') {
        if (strlen(extension) > HTTPD_MIME_EXTENSION_MAXIMUM) {
            continue;
        }

        if (httpd_mime_entry_count == HTTPD_TYPES_MAXIMUM) {
            return false;
        }

        httpd_mime_entries[httpd_mime_entry_count].extension = extension;
        httpd_mime_entries[httpd_mime_entry_count].type = (uint16_t)httpd_mime_type_count;
        httpd_mime_entries[httpd_mime_entry_count].order = (uint16_t)httpd_mime_entry_count;
        httpd_mime_entry_count++;
    }

    httpd_mime_type_count++;
    return true;
}

/* Read a mime.types file into httpd_mime_file_text and add its lines. False (after saying why) on an error. */
static bool httpd_mime_read(const char *file)
{
    FILE *in = fopen(file, "re");
    size_t length = 0;
    char *line;
    char *save = NULL;

    if (in == NULL || (httpd_mime_file_text = malloc(HTTPD_MIME_FILE_MAXIMUM + 1)) == NULL) {
        fprintf(stderr, "httpd: -m %s: %s\n", file, strerror(errno));
        goto SXE_ERROR_OUT;
    }

    length = fread(httpd_mime_file_text, 1, HTTPD_MIME_FILE_MAXIMUM + 1, in);

    if (length > HTTPD_MIME_FILE_MAXIMUM || ferror(in)) {
        fprintf(stderr, "httpd: -m %s: %s\n", file,
                ferror(in) ? strerror(errno) : "larger than 1 MiB: not a mime.types file");
        goto SXE_ERROR_OUT;
    }

    fclose(in);
    httpd_mime_file_text[length] = '\0';

    for (line = strtok_r(httpd_mime_file_text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        if (!httpd_mime_add_line(line)) {
            fprintf(stderr, "httpd: -m %s: more than %u types or extensions\n", file, HTTPD_TYPES_MAXIMUM);
            return false;
        }
    }

    return true;

SXE_EARLY_OR_ERROR_OUT:
    if (in != NULL) {
        fclose(in);
    }

    return false;
}

/* By extension; for the same extension the later entry (higher order) first. */
static int httpd_mime_compare(const void *left, const void *right)
{
    const HTTPD_MIME_ENTRY *a = left;
    const HTTPD_MIME_ENTRY *b = right;
    int by_extension = strcasecmp(a->extension, b->extension);

    return by_extension != 0 ? by_extension : (int)b->order - (int)a->order;
}

bool httpd_mime_init(const char *file)
{
    static char builtin[SXE_ARRAY_SIZE(httpd_mime_builtin)][160];
    unsigned kept = 0;

    httpd_mime_type_count = 1;
    httpd_mime_entry_count = 0;

    for (unsigned i = 0; i < SXE_ARRAY_SIZE(httpd_mime_builtin); i++) {
        snprintf(builtin[i], sizeof(builtin[i]), "%s", httpd_mime_builtin[i]);
        SXEA1(httpd_mime_add_line(builtin[i]), "the built-in MIME table does not fit");
    }

    if (file != NULL && !httpd_mime_read(file)) {
        return false;
    }

    qsort(httpd_mime_entries, httpd_mime_entry_count, sizeof(httpd_mime_entries[0]), httpd_mime_compare);

    for (unsigned i = 0; i < httpd_mime_entry_count; i++) { /* keep the first (the latest) entry of each extension */
        if (kept == 0 || strcasecmp(httpd_mime_entries[kept - 1].extension, httpd_mime_entries[i].extension) != 0) {
            httpd_mime_entries[kept++] = httpd_mime_entries[i];
        }
    }

    httpd_mime_entry_count = kept;
    return true;
}

uint16_t httpd_mime_type(const char *name)
{
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash != NULL ? slash : name, '.');
    unsigned low = 0;
    unsigned high = httpd_mime_entry_count;

    if (dot == NULL) {
        return 0;
    }

    while (low < high) {
        unsigned middle = (low + high) / 2;
        int by_extension = strcasecmp(dot + 1, httpd_mime_entries[middle].extension);

        if (by_extension == 0) {
            return httpd_mime_entries[middle].type;
        }

        if (by_extension < 0) {
            high = middle;
        } else {
            low = middle + 1;
        }
    }

    return 0;
}

const char *httpd_mime_name(uint16_t type)
{
    return type < httpd_mime_type_count ? httpd_mime_types[type] : HTTPD_MIME_DEFAULT;
}

void httpd_mime_fini(void)
{
    free(httpd_mime_file_text);
    httpd_mime_file_text = NULL;
    httpd_mime_type_count = 1;
    httpd_mime_entry_count = 0;
}
