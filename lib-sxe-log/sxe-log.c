/* sxe-log.c: formatting and emitting log lines (log-format.md), dumps, asserts, and the sinks.
 *
 * Each thread formats into its own buffers (no allocation, no lock while formatting) and hands the whole line to
 * the sink: by default one write() to stderr, otherwise a caller's sink called under a mutex (calls serialized).
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "sxe-log-private.h"

#define SXE_LOG_DATE_LENGTH      15 /* "YYYYMMDD HHMMSS" */
#define SXE_LOG_THREAD_LENGTH    9  /* "P" or "T" and 8 hex digits */
#define SXE_LOG_ID_WIDTH         6
#define SXE_LOG_CUT_MARKER       "..."
#define SXE_LOG_SYSLOG_IDENT_MAX 63

typedef struct SXE_LOG_THREAD {
    unsigned depth;                           /* open, visible SXEE entries */
    unsigned id;                              /* id for lines without one, or SXE_LOG_NO_ID */
    unsigned in_sink;                         /* set while this thread runs a custom sink */
    char identity[SXE_LOG_THREAD_LENGTH + 1]; /* "P0000abcd" or "T0000abcd"; empty until computed */
    time_t date_second;                       /* the second date[] was formatted for */
    char date[SXE_LOG_DATE_LENGTH + 1];
    char text[SXE_LOG_LINE_MAX];     /* the formatted, unescaped text */
    char line[SXE_LOG_LINE_MAX + 1]; /* the finished line, newline and NUL included */
    unsigned syslog_skip;            /* bytes of the line's prefix syslog does not need (date and process) */
} SXE_LOG_THREAD;

static __thread SXE_LOG_THREAD sxe_log_thread = {0, SXE_LOG_NO_ID, 0, "", 0, "", "", "", 0};

static pthread_mutex_t sxe_log_sink_mutex = PTHREAD_MUTEX_INITIALIZER;
static SXE_LOG_SINK sxe_log_sink;
static void *sxe_log_sink_user;
static unsigned sxe_log_syslog_open;
static char sxe_log_syslog_ident[SXE_LOG_SYSLOG_IDENT_MAX + 1];
static SXE_LOG_ASSERT_HOOK sxe_log_assert_hook;
static unsigned sxe_log_options;                      /* sxe_log_set_options() */
static SXE_LOG_BUFFER_PREFIX_PTR sxe_log_prefix_hook; /* NULL: the default prefix */
static SXE_LOG_LINE_OUT_PTR sxe_log_line_out;         /* the line-out function behind the line-out sink */

SXE_LOG_ASSERT_CB sxe_log_assert_cb;

static const char sxe_log_hex[] = "0123456789abcdef";

void sxe_log_sink_lock(void)
{
    pthread_mutex_lock(&sxe_log_sink_mutex);
}

void sxe_log_sink_unlock(void)
{
    pthread_mutex_unlock(&sxe_log_sink_mutex);
}

void sxe_log_forget_thread_identity(void)
{
    sxe_log_thread.identity[0] = '\0';
}

/* ------------------------------------------------------------------------------------------------------------------
 * Thread-local state
 */
void sxe_log_set_thread_id(unsigned id)
{
    sxe_log_thread.id = id;
}

void sxe_log_clear_thread_id(void)
{
    sxe_log_thread.id = SXE_LOG_NO_ID;
}

unsigned sxe_log_get_indent(void)
{
    return sxe_log_thread.depth;
}

static void sxe_log_put_hex(char *out, unsigned value, unsigned digits)
{
    while (digits-- > 0) {
        out[digits] = sxe_log_hex[value & 0xF];
        value >>= 4;
    }
}

/* "P" + pid for the process's main thread, "T" + kernel thread id for any other; cached per thread. */
static const char *sxe_log_thread_identity(void)
{
    pid_t pid;
    pid_t tid;

    if (sxe_log_thread.identity[0] == '\0') {
        pid = getpid();
        tid = (pid_t)syscall(SYS_gettid);
        sxe_log_thread.identity[0] = tid == pid ? 'P' : 'T';
        sxe_log_put_hex(&sxe_log_thread.identity[1], (unsigned)tid, SXE_LOG_THREAD_LENGTH - 1);
        sxe_log_thread.identity[SXE_LOG_THREAD_LENGTH] = '\0';
    }

    return sxe_log_thread.identity;
}

/* ------------------------------------------------------------------------------------------------------------------
 * Line assembly
 */
static unsigned sxe_log_put_date(char *out)
{
    struct timespec now;
    struct tm tm;
    unsigned milliseconds;

    clock_gettime(CLOCK_REALTIME, &now);

    if (now.tv_sec != sxe_log_thread.date_second || sxe_log_thread.date[0] == '\0') {
        gmtime_r(&now.tv_sec, &tm);
        snprintf(sxe_log_thread.date, sizeof(sxe_log_thread.date), "%04u%02u%02u %02u%02u%02u",
                 (unsigned)(tm.tm_year + 1900) % 10000, (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday,
                 (unsigned)tm.tm_hour, (unsigned)tm.tm_min, (unsigned)tm.tm_sec);
        sxe_log_thread.date_second = now.tv_sec;
    }

    memcpy(out, sxe_log_thread.date, SXE_LOG_DATE_LENGTH);
    milliseconds = (unsigned)(now.tv_nsec / 1000000) % 1000;
    out[SXE_LOG_DATE_LENGTH] = '.';
    out[SXE_LOG_DATE_LENGTH + 1] = (char)('0' + milliseconds / 100);
    out[SXE_LOG_DATE_LENGTH + 2] = (char)('0' + milliseconds / 10 % 10);
    out[SXE_LOG_DATE_LENGTH + 3] = (char)('0' + milliseconds % 10);
    return SXE_LOG_DATE_LENGTH + 4;
}

/* The id right-aligned in 6 columns (wider ids use all their digits), or "------"; with SXE_LOG_OPTION_ID_HEX, 8 hex
 * digits or "--------". Returns the length.
 */
static unsigned sxe_log_put_id(char *out, unsigned id, unsigned options)
{
    char digits[10];
    unsigned count = 0;
    unsigned length;

    if (options & SXE_LOG_OPTION_ID_HEX) {
        if (id == SXE_LOG_NO_ID) {
            memcpy(out, "--------", 8);
        } else {
            sxe_log_put_hex(out, id, 8);
        }

        return 8;
    }

    if (id == SXE_LOG_NO_ID) {
        memcpy(out, "------", SXE_LOG_ID_WIDTH);
        return SXE_LOG_ID_WIDTH;
    }

    do {
        digits[count++] = (char)('0' + id % 10);
        id /= 10;
    } while (id != 0);

    length = count > SXE_LOG_ID_WIDTH ? count : SXE_LOG_ID_WIDTH;
    memset(out, ' ', length - count);

    for (unsigned i = 0; i < count; i++)
        out[length - 1 - i] = digits[i];

    return length;
}

/* Writes the escaped form of byte c into out (at most 4 bytes); returns its length. */
static unsigned sxe_log_escape(char *out, unsigned char c)
{
    if (c == '\\' || c == '\n' || c == '\r') {
        out[0] = '\\';
        out[1] = c == '\\' ? '\\' : c == '\n' ? 'n' : 'r';
        return 2;
    }

    if (c < 0x20 || c >= 0x7F) {
        out[0] = '\\';
        out[1] = 'x';
        out[2] = sxe_log_hex[c >> 4];
        out[3] = sxe_log_hex[c & 0xF];
        return 4;
    }

    out[0] = (char)c;
    return 1;
}

/* Writes byte c as is (raw) or escaped into out (at most 4 bytes); returns the number of bytes written. */
static unsigned sxe_log_put_byte(char *out, char c, int raw)
{
    if (raw) {
        out[0] = c;
        return 1;
    }

    return sxe_log_escape(out, (unsigned char)c);
}

/* Copies text into line from pos, escaped (unless raw), leaving room for the newline. A text that does not fit is
 * cut at a whole escape sequence and ends with "...". Returns the new position.
 */
static unsigned sxe_log_put_text(char *line, unsigned pos, const char *text, unsigned length, int raw)
{
    const unsigned limit = SXE_LOG_LINE_MAX - 1; /* the newline goes at line[limit] at the latest */
    const unsigned cut_limit = limit - SXE_LITERAL_LENGTH(SXE_LOG_CUT_MARKER);
    char scratch[4];
    unsigned needed = 0;
    unsigned size;
    unsigned i;

    for (i = 0; i < length && pos + needed <= limit; i++)
        needed += sxe_log_put_byte(scratch, text[i], raw);

    if (pos + needed <= limit) { /* The whole text fits */
        for (i = 0; i < length; i++)
            pos += sxe_log_put_byte(&line[pos], text[i], raw);

        return pos;
    }

    for (i = 0; i < length && pos + (size = sxe_log_put_byte(scratch, text[i], raw)) <= cut_limit; i++) {
        memcpy(&line[pos], scratch, size);
        pos += size;
    }

    memcpy(&line[pos], SXE_LOG_CUT_MARKER, SXE_LITERAL_LENGTH(SXE_LOG_CUT_MARKER));
    return pos + SXE_LITERAL_LENGTH(SXE_LOG_CUT_MARKER);
}

/* The default line prefix: date, process, id and level fields, each followed by a space. Returns its length. */
static unsigned sxe_log_buffer_prefix_default(char *line, unsigned id, SXE_LOG_LEVEL level)
{
    static const char level_text[][4] = {"???", "FAT", "ERR", "WAR", "INF", "DEB", "TRA", "DUM"};
    unsigned options = __atomic_load_n(&sxe_log_options, __ATOMIC_RELAXED);
    unsigned pos = sxe_log_put_date(line);

    line[pos++] = ' ';
    memcpy(&line[pos], sxe_log_thread_identity(), SXE_LOG_THREAD_LENGTH);
    pos += SXE_LOG_THREAD_LENGTH;
    line[pos++] = ' ';
    pos += sxe_log_put_id(&line[pos], id, options);
    line[pos++] = ' ';

    if (options & SXE_LOG_OPTION_LEVEL_TEXT) {
        memcpy(&line[pos], level_text[(unsigned)level < SXE_ARRAY_SIZE(level_text) ? (unsigned)level : 0], 3);
        pos += 3;
    } else {
        line[pos++] = (char)('0' + ((unsigned)level > 9 ? 9 : (unsigned)level));
    }

    line[pos++] = ' ';
    return pos;
}

/* The line's prefix (the hook's or the default one) at the start of line; returns its length and sets the thread's
 * syslog_skip.
 */
static unsigned sxe_log_put_prefix(char *line, unsigned level, unsigned id)
{
    SXE_LOG_BUFFER_PREFIX_PTR hook = __atomic_load_n(&sxe_log_prefix_hook, __ATOMIC_ACQUIRE);
    unsigned length;

    if (hook == NULL) {
        sxe_log_thread.syslog_skip = SXE_LOG_PREFIX_LENGTH;
        return sxe_log_buffer_prefix_default(line, id, (SXE_LOG_LEVEL)level);
    }

    line[0] = '\0';
    length = hook(line, id, (SXE_LOG_LEVEL)level);
    sxe_log_thread.syslog_skip = 0;
    return length < SXE_LOG_LINE_MAX / 2 ? length : SXE_LOG_LINE_MAX / 2;
}

/* Builds the full line for text into the thread's line buffer; returns its length (newline included). */
static unsigned sxe_log_build(unsigned level, unsigned id, char marker, const char *text, unsigned length, int raw)
{
    char *line = sxe_log_thread.line;
    unsigned pos = sxe_log_put_prefix(line, level, id == SXE_LOG_NO_ID ? sxe_log_thread.id : id);
    unsigned indent;

    indent = 2 * (sxe_log_thread.depth > SXE_LOG_INDENT_MAX ? SXE_LOG_INDENT_MAX : sxe_log_thread.depth);
    memset(&line[pos], ' ', indent);
    pos += indent;
    line[pos++] = marker;
    line[pos++] = ' ';
    pos = sxe_log_put_text(line, pos, text, length, raw);
    line[pos++] = '\n';
    line[pos] = '\0';
    return pos;
}

/* ------------------------------------------------------------------------------------------------------------------
 * Sinks
 */
static void sxe_log_write_stderr(const char *line, unsigned length)
{
    ssize_t written;

    while (length > 0) { /* One write() per line; a rare partial write is completed rather than lost */
        if ((written = write(STDERR_FILENO, line, length)) < 0) {
            if (errno == EINTR) continue;

            return;
        }

        line += written;
        length -= (unsigned)written;
    }
}

static void sxe_log_emit(unsigned level, const char *line, unsigned length)
{
    SXE_LOG_SINK sink;

    if (sxe_log_thread.in_sink) /* A sink that logs would recurse (and deadlock): drop its lines */
        return;

    pthread_mutex_lock(&sxe_log_sink_mutex);

    if ((sink = sxe_log_sink) == NULL) {
        pthread_mutex_unlock(&sxe_log_sink_mutex);
        sxe_log_write_stderr(line, length);
        return;
    }

    sxe_log_thread.in_sink = 1;
    sink(level, line, length, sxe_log_sink_user);
    sxe_log_thread.in_sink = 0;
    pthread_mutex_unlock(&sxe_log_sink_mutex);
}

void sxe_log_text(unsigned level, unsigned id, char marker, const char *text, unsigned length)
{
    sxe_log_ensure_initialized();
    sxe_log_emit(level, sxe_log_thread.line, sxe_log_build(level, id, marker, text, length, 0));
}

static void sxe_log_set_sink_locked(SXE_LOG_SINK sink, void *user)
{
    if (sxe_log_syslog_open) {
        closelog();
        sxe_log_syslog_open = 0;
    }

    sxe_log_sink = sink;
    sxe_log_sink_user = user;
}

void sxe_log_set_sink(SXE_LOG_SINK sink, void *user)
{
    pthread_mutex_lock(&sxe_log_sink_mutex);
    sxe_log_set_sink_locked(sink, user);
    pthread_mutex_unlock(&sxe_log_sink_mutex);
}

int sxe_log_level_to_syslog_priority(unsigned level)
{
    static const int priorities[] = {LOG_CRIT, LOG_CRIT, LOG_ERR, LOG_WARNING, LOG_INFO};

    return level < SXE_ARRAY_SIZE(priorities) ? priorities[level] : LOG_DEBUG;
}

static void sxe_log_sink_syslog(unsigned level, const char *line, unsigned length, void *user)
{
    unsigned skip = sxe_log_thread.syslog_skip < length ? sxe_log_thread.syslog_skip : 0;

    SXE_UNUSED_ARGUMENT(user);
    syslog(sxe_log_level_to_syslog_priority(level), "%.*s", (int)(length - skip - 1), line + skip);
}

void sxe_log_use_syslog(const char *ident, int option, int facility)
{
    pthread_mutex_lock(&sxe_log_sink_mutex);
    sxe_log_set_sink_locked(sxe_log_sink_syslog, NULL);
    snprintf(sxe_log_syslog_ident, sizeof(sxe_log_syslog_ident), "%s", ident != NULL ? ident : "sxe");
    openlog(sxe_log_syslog_ident, option, facility);
    sxe_log_syslog_open = 1;
    pthread_mutex_unlock(&sxe_log_sink_mutex);
}

/* ---- classic hooks and options ---------------------------------------------------------------------------------- */

/* The default line-out function: what the default sink does. */
static void sxe_log_line_out_default(SXE_LOG_LEVEL level, const char *line)
{
    SXE_UNUSED_ARGUMENT(level);
    sxe_log_write_stderr(line, (unsigned)strlen(line));
}

static void sxe_log_sink_line_out(unsigned level, const char *line, unsigned length, void *user)
{
    SXE_UNUSED_ARGUMENT(length);
    SXE_UNUSED_ARGUMENT(user);
    sxe_log_line_out((SXE_LOG_LEVEL)level, line);
}

SXE_LOG_LINE_OUT_PTR
sxe_log_hook_line_out(SXE_LOG_LINE_OUT_PTR line_out)
{
    SXE_LOG_LINE_OUT_PTR previous;

    pthread_mutex_lock(&sxe_log_sink_mutex);
    previous = sxe_log_sink == sxe_log_sink_line_out ? sxe_log_line_out : sxe_log_line_out_default;

    if (line_out == NULL || line_out == sxe_log_line_out_default) {
        sxe_log_set_sink_locked(NULL, NULL);
    } else {
        sxe_log_line_out = line_out;
        sxe_log_set_sink_locked(sxe_log_sink_line_out, NULL);
    }

    pthread_mutex_unlock(&sxe_log_sink_mutex);
    return previous;
}

SXE_LOG_BUFFER_PREFIX_PTR
sxe_log_hook_buffer_prefix(SXE_LOG_BUFFER_PREFIX_PTR buffer_prefix)
{
    SXE_LOG_BUFFER_PREFIX_PTR previous;

    buffer_prefix = buffer_prefix == sxe_log_buffer_prefix_default ? NULL : buffer_prefix;
    previous = __atomic_exchange_n(&sxe_log_prefix_hook, buffer_prefix, __ATOMIC_ACQ_REL);
    return previous != NULL ? previous : sxe_log_buffer_prefix_default;
}

void sxe_log_set_options(unsigned options)
{
    __atomic_store_n(&sxe_log_options, options, __ATOMIC_RELAXED);
}

void sxe_log_set_assert_hook(SXE_LOG_ASSERT_HOOK hook)
{
    __atomic_store_n(&sxe_log_assert_hook, hook, __ATOMIC_RELEASE);
}

void sxe_log_misuse(const char *function, const char *what)
{
    char text[SXE_LOG_LINE_MAX];
    int length;

    if (sxe_log_get_level() < SXE_LOG_LEVEL_ERROR) return;

    length = snprintf(text, sizeof(text), "%s(): %s", function, what);
    sxe_log_text(SXE_LOG_LEVEL_ERROR, SXE_LOG_NO_ID, SXE_LOG_MARKER_LINE, text,
                 length < (int)sizeof(text) ? (unsigned)length : sizeof(text) - 1);
}

/* ------------------------------------------------------------------------------------------------------------------
 * The emitting functions behind the macros. A NULL format is a caller's bug: it is reported (naming the function)
 * instead of the line.
 */
static unsigned sxe_log_format(const char *format, va_list args)
{
    int length = vsnprintf(sxe_log_thread.text, sizeof(sxe_log_thread.text), format, args);

    if (length < 0) return 0;

    /* A truncated text keeps sizeof - 1 bytes: more than a line can hold, so the line is cut visibly */
    return (unsigned)length < sizeof(sxe_log_thread.text) ? (unsigned)length : sizeof(sxe_log_thread.text) - 1;
}

static void sxe_log_vmarked(unsigned level, unsigned id, char marker, const char *format, va_list args)
{
    unsigned length;

    sxe_log_ensure_initialized();
    length = sxe_log_format(format, args);
    sxe_log_emit(level, sxe_log_thread.line, sxe_log_build(level, id, marker, sxe_log_thread.text, length, 0));
}

void sxe_log_vline(unsigned level, unsigned id, const char *format, va_list args)
{
    if (format == NULL) {
        sxe_log_misuse("sxe_log_vline", "NULL format; the line is lost");
        return;
    }

    sxe_log_vmarked(level, id, SXE_LOG_MARKER_LINE, format, args);
}

void sxe_log_line(unsigned level, unsigned id, const char *format, ...)
{
    va_list args;

    if (format == NULL) {
        sxe_log_misuse("sxe_log_line", "NULL format; the line is lost");
        return;
    }

    va_start(args, format);
    sxe_log_vmarked(level, id, SXE_LOG_MARKER_LINE, format, args);
    va_end(args);
}

void sxe_log_entry(unsigned level, unsigned id, const char *format, ...)
{
    va_list args;

    if (format == NULL) {
        sxe_log_misuse("sxe_log_entry", "NULL format; the line is lost (the entry still indents)");
    } else {
        va_start(args, format);
        sxe_log_vmarked(level, id, SXE_LOG_MARKER_ENTRY, format, args);
        va_end(args);
    }

    sxe_log_thread.depth++;
}

void sxe_log_return(unsigned level, unsigned id, const char *format, ...)
{
    va_list args;

    if (sxe_log_thread.depth > 0) sxe_log_thread.depth--;

    if (format == NULL) {
        sxe_log_misuse("sxe_log_return", "NULL format; the line is lost");
        return;
    }

    va_start(args, format);
    sxe_log_vmarked(level, id, SXE_LOG_MARKER_RETURN, format, args);
    va_end(args);
}

/* One dump line: address, 16 hex bytes (padded), the bytes as text with unprintables as '.'. */
static unsigned sxe_log_format_dump_line(char *out, const unsigned char *data, size_t count)
{
    int length = snprintf(out, SXE_LOG_LINE_MAX, "%08" PRIxPTR, (uintptr_t)data);
    unsigned pos = (unsigned)length;
    size_t i;

    for (i = 0; i < SXE_LOG_DUMP_BYTES_PER_LINE; i++) {
        out[pos++] = ' ';
        out[pos++] = i < count ? sxe_log_hex[data[i] >> 4] : ' ';
        out[pos++] = i < count ? sxe_log_hex[data[i] & 0xF] : ' ';
    }

    out[pos++] = ' ';

    for (i = 0; i < count; i++)
        out[pos++] = data[i] >= 0x20 && data[i] < 0x7F ? (char)data[i] : '.';

    return pos;
}

void sxe_log_dump(unsigned level, unsigned id, const void *data, size_t length)
{
    const unsigned char *bytes = data;
    size_t offset;
    size_t count;
    unsigned text_length;

    sxe_log_ensure_initialized();

    if (bytes == NULL) {
        text_length = (unsigned)snprintf(sxe_log_thread.text, sizeof(sxe_log_thread.text),
                                         "sxe_log_dump(): NULL pointer, %zu bytes: nothing to dump", length);
        level = level < SXE_LOG_LEVEL_WARNING ? level : SXE_LOG_LEVEL_WARNING; /* a caller's bug: at least a warning */
        sxe_log_emit(level, sxe_log_thread.line,
                     sxe_log_build(level, id, SXE_LOG_MARKER_LINE, sxe_log_thread.text, text_length, 0));
        return;
    }

    for (offset = 0; offset < length; offset += SXE_LOG_DUMP_BYTES_PER_LINE) {
        count = length - offset < SXE_LOG_DUMP_BYTES_PER_LINE ? length - offset : SXE_LOG_DUMP_BYTES_PER_LINE;
        text_length = sxe_log_format_dump_line(sxe_log_thread.text, bytes + offset, count);
        sxe_log_emit(level, sxe_log_thread.line,
                     sxe_log_build(level, id, SXE_LOG_MARKER_LINE, sxe_log_thread.text, text_length, 1));
    }
}

void sxe_log_assert(unsigned id, const char *file, unsigned line, const char *condition, const char *format, ...)
{
    SXE_LOG_ASSERT_CB classic = __atomic_load_n(&sxe_log_assert_cb, __ATOMIC_ACQUIRE);
    SXE_LOG_ASSERT_HOOK hook;
    va_list args;
    int length;
    int more;

    if (classic != NULL) classic(); /* classic: first, before the line */

    sxe_log_ensure_initialized();
    length = snprintf(sxe_log_thread.text, sizeof(sxe_log_thread.text),
                      "ASSERT FAILED: %s at %s:%u: ", condition != NULL ? condition : "(NULL condition)",
                      file != NULL ? file : "(NULL file)", line);
    length = length < (int)sizeof(sxe_log_thread.text) ? length : (int)sizeof(sxe_log_thread.text) - 1;
    more = 0;

    if (format != NULL) {
        va_start(args, format);
        more = vsnprintf(&sxe_log_thread.text[length], sizeof(sxe_log_thread.text) - (unsigned)length, format, args);
        va_end(args);
    }

    length += more > 0 ? more : 0;
    length = length < (int)sizeof(sxe_log_thread.text) ? length : (int)sizeof(sxe_log_thread.text) - 1;
    sxe_log_emit(SXE_LOG_LEVEL_FATAL, sxe_log_thread.line,
                 sxe_log_build(SXE_LOG_LEVEL_FATAL, id, SXE_LOG_MARKER_LINE, sxe_log_thread.text, (unsigned)length, 0));

    if ((hook = __atomic_load_n(&sxe_log_assert_hook, __ATOMIC_ACQUIRE)) != NULL) hook(condition, file, line);

    abort();
}
