/* httpd-access-log.c: the access log (-a FILE or -a - for stdout), one line per request in the common or combined
 * format (-F), written without ever blocking the loop.
 *
 * Why a thread: a write() to a regular file can block for as long as the disk takes (a full page cache, a slow or
 * network file system), and neither O_NONBLOCK nor epoll applies to regular files, so a loop that writes its log
 * itself stalls every connection whenever the disk does. Here the loop only formats each line into a fixed ring
 * (HTTPD_ACCESS_LOG_BYTES, allocated and touched at start-up) and moves on; one writer thread per serving process
 * takes what the ring holds and writes it (writev, whole lines, O_APPEND so that the workers of -w share one file).
 *
 * The hand-off is lock-free, one producer (the loop) and one consumer (the writer): the loop advances `head` after
 * copying a line in (release), the writer advances `tail` after writing (release); each reads the other's with
 * acquire. The loop makes no system call for a line: the writer wakes by itself every
 * HTTPD_ACCESS_LOG_FLUSH_SECONDS while lines come, sleeps longer (a second) when none came, and is woken (a futex)
 * only by the first line after such an idle spell or when the ring is a quarter full. When a line does not fit in
 * the free part of the ring, it is dropped and counted (access_log_dropped): a disk slower than the requests costs
 * lines, never latency. The writer's own failures (a full disk, a closed pipe) are counted as lost lines and reported
 * by the loop (an ev_async), at most once a second.
 *
 * SIGHUP (logrotate's convention): the loop asks the writer to open the path again; the writer opens it (which may
 * block: it is not the loop), swaps it in and closes the old one, so lines never go to a removed file for longer than
 * the rotation takes. At exit the writer writes what the ring holds, for at most HTTPD_ACCESS_LOG_CLOSE_SECONDS.
 *
 * Per request (when on): the client's address, the cached local time (formatted once a second), the request line and
 * the User-Agent and Referer fields escaped like nginx's (\xHH for '"', '\\', controls and bytes >= 0x7f), the status
 * and the answer's body bytes: a few hundred bytes copied, no allocation, no system call.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <limits.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "httpd.h"

#define HTTPD_LOG_MASK         (HTTPD_ACCESS_LOG_BYTES - 1)
#define HTTPD_LOG_IDLE_SECONDS 1.0  /* the writer's sleep when no line came during the last one */
#define HTTPD_LOG_REQUEST_CAP  2048 /* bytes of the escaped request line in a line (longer: cut) */
#define HTTPD_LOG_FIELD_CAP    1000 /* bytes of the escaped Referer and User-Agent (longer: cut) */
#define HTTPD_LOG_AWAKE        0    /* the writer's states (sleeping) */
#define HTTPD_LOG_NAPPING      1    /* a short sleep: lines came recently */
#define HTTPD_LOG_IDLE         2    /* a long sleep: the next line wakes it */
#define HTTPD_LOG_TIME_LENGTH  28   /* "[06/Dec/2026:06:51:50 +0000]" */
#if defined(__SANITIZE_THREAD__)
/* ThreadSanitizer refuses a thread stack under ~1 MB (it needs 926464 bytes of it for itself) */
#define HTTPD_LOG_WRITER_STACK (2 * 1024 * 1024)
#else
#define HTTPD_LOG_WRITER_STACK (64 * 1024) /* the writer thread's stack, allocated and touched at start-up */
#endif

_Static_assert((HTTPD_ACCESS_LOG_BYTES & HTTPD_LOG_MASK) == 0, "the access log's ring is a power of two");
_Static_assert(HTTPD_ACCESS_LOG_LINE_MAXIMUM > HTTPD_LOG_REQUEST_CAP + 2 * HTTPD_LOG_FIELD_CAP + 200,
               "a line holds its capped fields");

typedef struct HTTPD_ACCESS_LOG {
    _Alignas(64) _Atomic uint64_t head; /* bytes put in the ring (by the loop) */
    _Alignas(64) _Atomic uint64_t tail; /* bytes written out (by the writer) */
    _Alignas(64) _Atomic uint32_t wake; /* the futex the writer sleeps on */
    _Atomic int sleeping;               /* HTTPD_LOG_AWAKE, _NAPPING or _IDLE */
    _Atomic int reopen;                 /* SIGHUP: open the path again */
    _Atomic int stop;                   /* exit: write what is left and stop */
    _Atomic int error;                  /* the writer's last errno, 0 once reported */
    _Atomic int reopened;               /* the writer reopened the path: to report */
    _Atomic uint64_t lost;              /* lines the writer could not write */
    _Atomic int fence_word;             /* ThreadSanitizer builds: the wake-up handshake's fence (httpd_log_fence) */
    char *ring;
    char *stack;      /* the writer's stack (HTTPD_LOG_WRITER_STACK) */
    const char *path; /* NULL: stdout */
    int fd;
    bool common;
    bool started;
    bool regular; /* the log is a regular file (else a pipe or a terminal: writes of at most PIPE_BUF) */
    pthread_t writer;
    ev_async report;
    char time[40];                            /* "[06/Dec/2026:06:51:50 +0000]", HTTPD_LOG_TIME_LENGTH bytes */
    char line[HTTPD_ACCESS_LOG_LINE_MAXIMUM]; /* the line being formatted: not on the loop's stack, touched at start */
} HTTPD_ACCESS_LOG;

static HTTPD_ACCESS_LOG httpd_log;

static void httpd_log_octets_init(void);

static long httpd_futex(_Atomic uint32_t *word, int operation, uint32_t value, const struct timespec *timeout)
{
    return syscall(SYS_futex, word, operation, value, timeout, NULL, 0);
}

/* ---- the writer thread ---------------------------------------------------------------------------------------- */

static uint64_t httpd_log_count_lines(uint64_t from, uint64_t to)
{
    uint64_t lines = 0;

    for (uint64_t at = from; at < to; at++) {
        lines += httpd_log.ring[at & HTTPD_LOG_MASK] == '\n';
    }

    return lines;
}

static void httpd_log_failed(uint64_t from, uint64_t to, int error)
{
    atomic_fetch_add(&httpd_log.lost, httpd_log_count_lines(from, to));
    atomic_store(&httpd_log.error, error);
    ev_async_send(EV_DEFAULT, &httpd_log.report);
}

/* How much of ring[from, to) to write at once: all of it to a regular file (O_APPEND: one write is never mixed with
 * another process's); to a pipe or a terminal (-a - with -w: the workers share it) whole lines of at most PIPE_BUF
 * bytes, which the kernel writes without interleaving (a longer line goes alone).
 */
static uint64_t httpd_log_chunk(uint64_t from, uint64_t to)
{
    uint64_t end;

    if (httpd_log.regular || to - from <= PIPE_BUF) {
        return to - from;
    }

    for (end = from + PIPE_BUF; end > from && httpd_log.ring[(end - 1) & HTTPD_LOG_MASK] != '\n'; end--) {
    }

    if (end == from) { /* one line longer than PIPE_BUF: up to its end */
        for (end = from + PIPE_BUF; end < to && httpd_log.ring[(end - 1) & HTTPD_LOG_MASK] != '\n'; end++) {
        }
    }

    return end - from;
}

/* Write ring[from, to) (whole lines): one writev per pass, the wrap as a second piece. */
static void httpd_log_write(uint64_t from, uint64_t to)
{
    while (from < to) {
        unsigned at = (unsigned)(from & HTTPD_LOG_MASK);
        uint64_t length = httpd_log_chunk(from, to);
        unsigned first = length < HTTPD_ACCESS_LOG_BYTES - at ? (unsigned)length : HTTPD_ACCESS_LOG_BYTES - at;
        struct iovec pieces[2] = {{httpd_log.ring + at, first}, {httpd_log.ring, (size_t)(length - first)}};
        ssize_t wrote = writev(httpd_log.fd, pieces, length > first ? 2 : 1);

        if (wrote > 0) {
            from += (uint64_t)wrote;
        } else if (wrote < 0 && errno == EAGAIN) { /* stdout may be a non-blocking pipe: wait for it (not the loop) */
            struct pollfd out = {httpd_log.fd, POLLOUT, 0};

            poll(&out, 1, 100);
        } else if (wrote < 0 && errno == EINTR) {
            continue;
        } else {
            httpd_log_failed(from, to, wrote < 0 ? errno : EIO);
            return;
        }
    }
}

static bool httpd_log_is_regular(int fd)
{
    struct stat st;

    return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

static void httpd_log_reopen_now(void)
{
    int fd;

    if (httpd_log.path == NULL) {
        return;
    }

    if ((fd = open(httpd_log.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644)) < 0) {
        atomic_store(&httpd_log.error, errno); /* the old file stays in use */
    } else {
        close(httpd_log.fd);
        httpd_log.fd = fd;
        httpd_log.regular = httpd_log_is_regular(fd);
        atomic_store(&httpd_log.reopened, 1);
    }

    ev_async_send(EV_DEFAULT, &httpd_log.report);
}

/* The wake-up handshake's full fence, between a store and a later load on each side (the writer: sleeping, then head;
 * the loop: head, then sleeping). ThreadSanitizer does not model fences (gcc refuses them with -fsanitize=thread):
 * there a read-modify-write of one word both sides share gives the same guarantee in a form it checks (the later of
 * the two reads from the earlier, so the earlier side's store happens before the later side's load).
 */
static inline void httpd_log_fence(void)
{
#if defined(__SANITIZE_THREAD__)
    atomic_fetch_add_explicit(&httpd_log.fence_word, 0, memory_order_acq_rel);
#else
    atomic_thread_fence(memory_order_seq_cst);
#endif
}

/* Sleep until woken, or `seconds` (state: HTTPD_LOG_NAPPING or HTTPD_LOG_IDLE). */
static void httpd_log_sleep(uint64_t tail, int state, double seconds)
{
    uint32_t seen = atomic_load(&httpd_log.wake);
    struct timespec timeout = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};

    atomic_store(&httpd_log.sleeping, state);
    httpd_log_fence(); /* sleeping before the load of head (the handshake, httpd_log_put) */

    if (atomic_load(&httpd_log.head) == tail && !atomic_load(&httpd_log.reopen) && !atomic_load(&httpd_log.stop)) {
        httpd_futex(&httpd_log.wake, FUTEX_WAIT_PRIVATE, seen, &timeout);
    }

    atomic_store(&httpd_log.sleeping, HTTPD_LOG_AWAKE);
}

static void *httpd_log_writer(void *arg)
{
    uint64_t tail = atomic_load(&httpd_log.tail);
    bool wrote = true;

    SXE_UNUSED_ARGUMENT(arg);

    for (;;) {
        uint64_t head = atomic_load_explicit(&httpd_log.head, memory_order_acquire);

        if (head != tail) {
            httpd_log_write(tail, head);
            tail = head;
            atomic_store_explicit(&httpd_log.tail, tail, memory_order_release);
            wrote = true;
        } else if (atomic_exchange(&httpd_log.reopen, 0)) {
            httpd_log_reopen_now();
        } else if (atomic_load(&httpd_log.stop)) {
            break;
        } else {
            httpd_log_sleep(tail, wrote ? HTTPD_LOG_NAPPING : HTTPD_LOG_IDLE,
                            wrote ? HTTPD_ACCESS_LOG_FLUSH_SECONDS : HTTPD_LOG_IDLE_SECONDS);
            wrote = false;
        }
    }

    return NULL;
}

static void httpd_log_wake(void)
{
    if (atomic_exchange(&httpd_log.sleeping, HTTPD_LOG_AWAKE) != HTTPD_LOG_AWAKE) {
        atomic_fetch_add(&httpd_log.wake, 1);
        httpd_futex(&httpd_log.wake, FUTEX_WAKE_PRIVATE, 1, NULL);
    }
}

/* ---- the loop's side ------------------------------------------------------------------------------------------ */

/* The writer's news (ev_async): a reopened file, a write or open error. */
static void httpd_log_on_report(struct ev_loop *loop, ev_async *watcher, int revents)
{
    static double logged;
    int error = atomic_exchange(&httpd_log.error, 0);

    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(watcher);
    SXE_UNUSED_ARGUMENT(revents);

    if (atomic_exchange(&httpd_log.reopened, 0)) {
        SXEL4("access log %s reopened", httpd_log.path);
    }

    if (error != 0 && ev_now(EV_DEFAULT) - logged >= 1.0) {
        logged = ev_now(EV_DEFAULT);
        SXEL2("access log %s: %s (%llu lines lost so far)", httpd_log.path != NULL ? httpd_log.path : "(stdout)",
              strerror(error), (unsigned long long)atomic_load(&httpd_log.lost));
    }
}

/* The writer's thread attributes: a stack of HTTPD_LOG_WRITER_STACK bytes allocated and touched now (with a byte that
 * is not 0: see the ring), so that its first lines grow no resident memory; it needs little (writev, futex, open).
 * Returns 0 or an error number.
 */
static int httpd_log_writer_attributes(pthread_attr_t *attributes)
{
    int error;

    if ((error = posix_memalign((void **)&httpd_log.stack, (size_t)sysconf(_SC_PAGESIZE), HTTPD_LOG_WRITER_STACK)) !=
        0) {
        return error;
    }

    memset(httpd_log.stack, 0x5a, HTTPD_LOG_WRITER_STACK);
    httpd.bytes_allocated += HTTPD_LOG_WRITER_STACK;
    pthread_attr_init(attributes);
    return pthread_attr_setstack(attributes, httpd_log.stack, HTTPD_LOG_WRITER_STACK);
}

bool httpd_access_log_open(const char *path, bool common)
{
    pthread_attr_t attributes;
    sigset_t all;
    sigset_t original;
    int error;

    httpd_log.path = strcmp(path, "-") == 0 ? NULL : path;
    httpd_log.common = common;
    httpd_log.fd =
        httpd_log.path == NULL ? STDOUT_FILENO : open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);

    if (httpd_log.fd < 0 || (httpd_log.ring = malloc(HTTPD_ACCESS_LOG_BYTES)) == NULL) {
        SXEL2("cannot open the access log %s: %s", path, strerror(errno));
        goto SXE_ERROR_OUT;
    }

    /* Touched now, so that RSS is at its peak from the start: with a byte that is not 0, or the compiler may turn
     * malloc and memset into a calloc, whose fresh pages stay untouched until lines fill them.
     */
    memset(httpd_log.ring, '\n', HTTPD_ACCESS_LOG_BYTES);
    memset(httpd_log.line, '\n', sizeof(httpd_log.line));
    httpd_log.regular = httpd_log_is_regular(httpd_log.fd);
    httpd.bytes_allocated += HTTPD_ACCESS_LOG_BYTES;
    httpd_log_octets_init();
    atomic_store(&httpd_log.head, 0);
    atomic_store(&httpd_log.tail, 0);
    atomic_store(&httpd_log.stop, 0);
    ev_async_init(&httpd_log.report, httpd_log_on_report);
    ev_async_start(EV_DEFAULT, &httpd_log.report);
    if ((error = httpd_log_writer_attributes(&attributes)) != 0) {
        SXEL2("cannot make the access log writer's stack: %s", strerror(error));
        ev_async_stop(EV_DEFAULT, &httpd_log.report);
        goto SXE_ERROR_OUT;
    }

    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &original); /* the writer takes no signal: they are the loop's */
    error = pthread_create(&httpd_log.writer, &attributes, httpd_log_writer, NULL);
    pthread_sigmask(SIG_SETMASK, &original, NULL);
    pthread_attr_destroy(&attributes);

    if (error != 0) {
        SXEL2("cannot start the access log's writer: %s", strerror(error));
        ev_async_stop(EV_DEFAULT, &httpd_log.report);
        goto SXE_ERROR_OUT;
    }

    httpd_log.started = true;
    httpd.access_log = true;
    httpd_access_log_tick((time_t)ev_now(EV_DEFAULT));
    return true;

SXE_EARLY_OR_ERROR_OUT:
    if (httpd_log.fd > STDOUT_FILENO && httpd_log.path != NULL) {
        close(httpd_log.fd);
    }

    free(httpd_log.ring);
    free(httpd_log.stack);
    httpd_log.ring = NULL;
    httpd_log.stack = NULL;
    return false;
}

void httpd_access_log_close(void)
{
    struct timespec deadline;

    if (!httpd_log.started) {
        return;
    }

    httpd.access_log = false;
    atomic_store(&httpd_log.stop, 1);
    httpd_log_wake();
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += HTTPD_ACCESS_LOG_CLOSE_SECONDS;

    if (pthread_timedjoin_np(httpd_log.writer, NULL, &deadline) != 0) {
        SXEL2("the access log's writer did not finish within %u s: %llu bytes of lines not written",
              HTTPD_ACCESS_LOG_CLOSE_SECONDS,
              (unsigned long long)(atomic_load(&httpd_log.head) - atomic_load(&httpd_log.tail)));
        return; /* it still uses the ring and the file: the process exits with them */
    }

    httpd_log_on_report(EV_DEFAULT, &httpd_log.report, 0);
    ev_async_stop(EV_DEFAULT, &httpd_log.report);
    httpd_log.started = false;

    if (httpd_log.path != NULL) {
        close(httpd_log.fd);
    }

    free(httpd_log.ring);
    free(httpd_log.stack);
    httpd_log.ring = NULL;
    httpd_log.stack = NULL;
}

void httpd_access_log_reopen(void)
{
    if (httpd_log.started && httpd_log.path != NULL) {
        atomic_store(&httpd_log.reopen, 1);
        httpd_log_wake();
    }
}

unsigned long long httpd_access_log_lost(void)
{
    return httpd_log.started ? (unsigned long long)atomic_load(&httpd_log.lost) : 0;
}

void httpd_access_log_tick(time_t now)
{
    struct tm tm;

    localtime_r(&now, &tm);

    if (strftime(httpd_log.time, sizeof(httpd_log.time), "[%d/%b/%Y:%H:%M:%S %z]", &tm) != HTTPD_LOG_TIME_LENGTH) {
        snprintf(httpd_log.time, sizeof(httpd_log.time), "[%-26s]", "time out of range"); /* a year beyond 9999 */
    }
}

/* ---- formatting ----------------------------------------------------------------------------------------------- */

/* Bytes a log line shows as \xHH (nginx's rule): '"', '\\', controls and everything from 0x7f. */
static const bool httpd_log_escape[256] = {
    [0 ... 0x1f] = true,
    ['"'] = true,
    ['\\'] = true,
    [0x7f ... 0xff] = true,
};

/* "0" to "255" with their lengths: an IPv4 address is four copies. */
static char httpd_log_octets[256][4];
static uint8_t httpd_log_octet_lengths[256];

static void httpd_log_octets_init(void)
{
    for (unsigned i = 0; i < 256; i++) {
        httpd_log_octet_lengths[i] = (uint8_t)snprintf(httpd_log_octets[i], sizeof(httpd_log_octets[i]), "%u", i);
    }
}

/* Append `length` bytes of `text`, escaped like nginx's log (\xHH), writing at most about `cap` bytes. With SSE2,
 * 16 bytes that need no escape (the usual case: a browser's User-Agent is 100 to 150 of them) are copied at once.
 */
static char *httpd_log_escaped(char *to, const char *text, unsigned length, unsigned cap)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *at = (const unsigned char *)text;
    const unsigned char *end = at + (length < cap / 4 ? length : cap / 4); /* at most 4 bytes out per byte in */

#ifdef __SSE2__
    const __m128i space = _mm_set1_epi8(0x20);
    const __m128i delete = _mm_set1_epi8(0x7f);
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');

    while (end - at >= 16) { /* signed: bytes from 0x80 are below 0x20 too */
        __m128i chunk = _mm_loadu_si128((const __m128i *)at);
        __m128i escape = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(chunk, space), _mm_cmpeq_epi8(chunk, delete)),
                                      _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)));

        if (_mm_movemask_epi8(escape) != 0) {
            break; /* the bytes from here go one by one */
        }

        _mm_storeu_si128((__m128i *)to, chunk);
        at += 16;
        to += 16;
    }
#endif

    for (; at < end; at++) {
        if (SXE_LIKELY(!httpd_log_escape[*at])) {
            *to++ = (char)*at;
        } else {
            to[0] = '\\';
            to[1] = 'x';
            to[2] = hex[*at >> 4];
            to[3] = hex[*at & 15];
            to += 4;
        }
    }

    return to;
}

static char *httpd_log_decimal(char *to, uint64_t value)
{
    char digits[20];
    unsigned count = 0;

    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0);

    while (count > 0) {
        *to++ = digits[--count];
    }

    return to;
}

/* The client's address (IPv4 from a table, IPv6 with inet_ntop), or "-". */
static char *httpd_log_address(char *to, const struct sockaddr *address)
{
    if (SXE_LIKELY(address->sa_family == AF_INET)) {
        const uint8_t *bytes = (const uint8_t *)&((const struct sockaddr_in *)address)->sin_addr.s_addr;

        for (unsigned i = 0; i < 4; i++) {
            memcpy(to, httpd_log_octets[bytes[i]], 4); /* 4: a fixed size copy; the length says what counts */
            to += httpd_log_octet_lengths[bytes[i]];
            *to++ = '.';
        }

        return to - 1;
    }

    if (address->sa_family == AF_INET6 &&
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)address)->sin6_addr, to, INET6_ADDRSTRLEN) != NULL) {
        return to + strlen(to);
    }

    *to++ = '-';
    return to;
}

/* A header's value escaped between quotes, or "-" when absent. */
static char *httpd_log_field(char *to, const SXE_HTTP_HEADER *header)
{
    *to++ = '"';

    if (header != NULL) {
        to = httpd_log_escaped(to, header->value, header->value_len, HTTPD_LOG_FIELD_CAP);
    } else {
        *to++ = '-';
    }

    *to++ = '"';
    return to;
}

/* The Referer and User-Agent fields of the request (NULL when absent), in one pass. */
static void httpd_log_fields(const SXE_HTTP_REQUEST *req, const SXE_HTTP_HEADER **referer,
                             const SXE_HTTP_HEADER **agent)
{
    *referer = NULL;
    *agent = NULL;

    for (unsigned i = 0; req != NULL && i < req->header_count; i++) {
        const SXE_HTTP_HEADER *header = &req->headers[i];

        if (header->name_len == 10 && (header->name[0] | 0x20) == 'u' &&
            strncasecmp(header->name, "user-agent", 10) == 0) {
            *agent = header;
        } else if (header->name_len == 7 && (header->name[0] | 0x20) == 'r' &&
                   strncasecmp(header->name, "referer", 7) == 0) {
            *referer = header;
        }
    }
}

/* Put one line in the ring, or drop it (and count it) when it does not fit. */
static void httpd_log_put(const char *line, unsigned length)
{
    static double logged;
    uint64_t head = atomic_load_explicit(&httpd_log.head, memory_order_relaxed);
    uint64_t used = head - atomic_load_explicit(&httpd_log.tail, memory_order_acquire);
    unsigned at = (unsigned)(head & HTTPD_LOG_MASK);
    unsigned first = HTTPD_ACCESS_LOG_BYTES - at < length ? HTTPD_ACCESS_LOG_BYTES - at : length;

    if (SXE_UNLIKELY(length > HTTPD_ACCESS_LOG_BYTES - used)) {
        httpd.counters.access_log_dropped++;

        if (ev_now(EV_DEFAULT) - logged >= 1.0) {
            logged = ev_now(EV_DEFAULT);
            SXEL3("access log: its %u byte ring is full, the writer is behind (a slow disk or reader): %llu lines "
                  "dropped so far",
                  HTTPD_ACCESS_LOG_BYTES, httpd.counters.access_log_dropped);
        }

        return;
    }

    memcpy(httpd_log.ring + at, line, first);

    if (SXE_UNLIKELY(first < length)) { /* the line wraps around the ring's end */
        memcpy(httpd_log.ring, line + first, length - first);
    }

    atomic_store_explicit(&httpd_log.head, head + length, memory_order_release);
    httpd.counters.access_log_lines++;

    if (SXE_UNLIKELY(atomic_load_explicit(&httpd_log.sleeping, memory_order_relaxed) == HTTPD_LOG_IDLE ||
                     used + length >= HTTPD_ACCESS_LOG_BYTES / 4)) {
        httpd_log_fence(); /* head before the load of sleeping (the handshake, httpd_log_sleep) */

        if (atomic_load_explicit(&httpd_log.sleeping, memory_order_relaxed) != HTTPD_LOG_AWAKE) {
            httpd_log_wake();
        }
    }
}

/* One line: ADDRESS - - [TIME] "REQUEST" STATUS BYTES[ "REFERER" "USER-AGENT"] */
static void httpd_log_line(const struct sockaddr *address, const SXE_HTTP_REQUEST *req, unsigned status, uint64_t bytes)
{
    char *line = httpd_log.line;
    char *to = httpd_log_address(line, address);

    memcpy(to, " - - ", 5);
    memcpy(to + 5, httpd_log.time, HTTPD_LOG_TIME_LENGTH); /* a fixed size copy: the time's length never changes */
    to += 5 + HTTPD_LOG_TIME_LENGTH;
    *to++ = ' ';
    *to++ = '"';

    if (req != NULL) { /* the request line as sent: METHOD SP TARGET SP HTTP/x.y (the parser checked its form) */
        to = httpd_log_escaped(to, req->method, (unsigned)(req->target + req->target_len - req->method) + 9,
                               HTTPD_LOG_REQUEST_CAP);
    } else {
        *to++ = '-';
    }

    to[0] = '"';
    to[1] = ' ';
    to[2] = (char)('0' + status / 100 % 10); /* a status has three digits */
    to[3] = (char)('0' + status / 10 % 10);
    to[4] = (char)('0' + status % 10);
    to[5] = ' ';
    to = httpd_log_decimal(to + 6, bytes);

    if (!httpd_log.common) {
        const SXE_HTTP_HEADER *referer;
        const SXE_HTTP_HEADER *agent;

        httpd_log_fields(req, &referer, &agent);
        *to++ = ' ';
        to = httpd_log_field(to, referer);
        *to++ = ' ';
        to = httpd_log_field(to, agent);
    }

    *to++ = '\n';
    httpd_log_put(line, (unsigned)(to - line));
}

void httpd_access_log_request(SXE *sxe, const SXE_HTTP_REQUEST *req, unsigned status, uint64_t bytes)
{
    httpd_log_line(SXE_PEER_SOCKADDR(sxe), req, status, bytes);
}

void httpd_access_log_refused(int fd, unsigned status, uint64_t bytes)
{
    struct sockaddr_storage address;
    socklen_t length = sizeof(address);

    if (getpeername(fd, (struct sockaddr *)&address, &length) < 0) {
        address.ss_family = AF_UNSPEC;
    }

    httpd_log_line((struct sockaddr *)&address, NULL, status, bytes);
}
