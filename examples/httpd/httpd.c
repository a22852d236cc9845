/* httpd.c: the showcase HTTP/1.x server built on lib-sxe and lib-sxe-http: options, start-up, signals, workers.
 *
 * httpd [-i IP] [-p PORT] [-P PORTFILE] [-c MAX_CONNECTIONS] [-w WORKERS] [-t IDLE_SECONDS] [-s SEND_SECONDS]
 *       [-g GRACE_SECONDS] [-r DOCROOT] [-d] [-m MIME_TYPES_FILE] [-a ACCESS_LOG] [-F common|combined]
 *       [-b BUFFER_BYTES] [-L LARGE_HEAD_BUFFERS] [-o OVERFLOW_BUFFERS] [-l LOG_LEVEL]
 * httpd -h | --help | --version
 *
 * Installed as sxe-httpd. See examples/httpd/README.md and man/sxe-httpd.1 for the behaviour in full.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

#include "httpd.h"

#define HTTPD_EXIT_USAGE           2
#define HTTPD_EXIT_FAILURE         1
#define HTTPD_OPTION_VERSION       0x100 /* getopt_long value of --version (no short form) */
#define HTTPD_RESTART_DELAY        1.0   /* seconds before restarting a worker that died within this long */
#define HTTPD_WORKER_READY_TIMEOUT 10    /* seconds the parent waits for its workers to listen */

static void httpd_usage(FILE *out, const char *program)
{
    fprintf(
        out,
        "usage: %s [-i IP] [-p PORT] [-P PORTFILE] [-c MAX_CONNECTIONS] [-w WORKERS] [-t IDLE_SECONDS]\n"
        "          [-s SEND_SECONDS] [-g GRACE_SECONDS] [-r DOCROOT] [-d] [-m MIME_TYPES] [-a ACCESS_LOG]\n"
        "          [-F common|combined] [-b BUFFER_BYTES] [-L LARGE_HEAD_BUFFERS] [-o OVERFLOW_BUFFERS] [-l "
        "LOG_LEVEL]\n"
        "          [--cert FILE --key FILE [--tls-port PORT [--tls-portfile FILE]] [--ktls]]\n"
        "       %s -h | --help | --version\n"
        "  -i IP            address to listen on (IPv4 or IPv6 literal; default %s)\n"
        "  -p PORT          port, 1..65535 (default %d); 0 only with -P: an ephemeral port\n"
        "  -P PORTFILE      write the port listened on to PORTFILE once the server accepts connections\n"
        "                   (default: no port file)\n"
        "  -c CONNECTIONS   maximum simultaneous connections per worker (default %d); more get 503\n"
        "  -w WORKERS       worker processes sharing the port with SO_REUSEPORT (default %d); refuses to start\n"
        "                   when another server already listens on the port\n"
        "  -t SECONDS       idle keep-alive and slow request timeout (default %d)\n"
        "  -s SECONDS       send timeout: a reader that acknowledges nothing for this long is closed (default %d)\n"
        "  -g SECONDS       graceful stop (SIGTERM, SIGINT): responses in flight may take this long, 0..%d\n"
        "                   (default %d); SIGQUIT stops at once\n"
        "  -r DOCROOT       serve files from DOCROOT, with Range, ETag, Last-Modified and conditional requests\n"
        "                   (default: a Hello World page for every GET/HEAD)\n"
        "  -d               with -r: list a directory that has no index.html (default: 403)\n"
        "  -m FILE          with -r: a mime.types file (e.g. /etc/mime.types) adding to the built-in table of\n"
        "                   the common web types (default: the built-in table only)\n"
        "  -a FILE          access log, one line per request; - for stdout; reopened on SIGHUP (default: none)\n"
        "  -F FORMAT        access log format: combined (nginx's default) or common (default combined)\n"
        "  -b BYTES         input buffer per connection, %u..%u (default %d); holds most request heads\n"
        "  -L COUNT         %u-byte buffers for request heads longer than -b, shared by all connections\n"
        "                   (default connections/%u, at least %u); a longer head gets 414/431, a head\n"
        "                   finding none free evicts the oldest holder (408 to it); 0: heads are bounded by -b\n"
        "  -o COUNT         %u-byte buffers for partial writes to slow readers (default connections/%u, at\n"
        "                   least %u); a slow reader finding none free takes a stalled reader's, else is closed\n"
        "  -l LEVEL         log level 1 (fatal) .. 7 (dump); default: $SXE_LOG_LEVEL or 5\n"
        "  --cert FILE      HTTPS: the certificate chain, PEM, leaf first (default: plain HTTP only)\n"
        "  --key FILE       HTTPS: the certificate's private key, PEM\n"
        "  --tls-port PORT  HTTPS on this port, plain HTTP staying on -p (default: -p is HTTPS)\n"
        "  --tls-portfile FILE  write the HTTPS port there, as -P (needed with --tls-port 0)\n"
        "  --ktls           kernel TLS for the output when the kernel offers it (default: off)\n"
        "  -h, --help       print this help on stdout and exit 0\n"
        "  --version        print the version on stdout and exit 0\n"
        "signals: SIGTERM/SIGINT stop gracefully (a second one: at once), SIGQUIT stops at once, SIGHUP reopens the\n"
        "access log, SIGUSR1 logs the counters\n"
        "exit status: 0 stopped by a signal or -h/--version, 1 cannot start, 2 usage\n",
        program, program, HTTPD_IP_DEFAULT, HTTPD_PORT_DEFAULT, HTTPD_CONNECTIONS_DEFAULT, HTTPD_WORKERS_DEFAULT,
        HTTPD_IDLE_SECONDS_DEFAULT, HTTPD_SEND_SECONDS_DEFAULT, HTTPD_GRACE_SECONDS_MAXIMUM,
        HTTPD_GRACE_SECONDS_DEFAULT, HTTPD_BUFFER_MINIMUM, HTTPD_BUFFER_MAXIMUM, HTTPD_BUFFER_DEFAULT,
        HTTPD_LARGE_HEAD_BYTES, HTTPD_LARGE_DIVISOR, HTTPD_LARGE_MINIMUM, HTTPD_OUTPUT_BYTES, HTTPD_OVERFLOW_DIVISOR,
        HTTPD_OVERFLOW_MINIMUM);
}

/* Parse a decimal number in [minimum, maximum]; exits with a clear message otherwise. */
static unsigned httpd_number(const char *program, int option, const char *text, unsigned long minimum,
                             unsigned long maximum, const char *what)
{
    char *end;
    unsigned long value;

    errno = 0;
    value = strtoul(text, &end, 10);

    if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || value < minimum || value > maximum) {
        fprintf(stderr, "%s: -%c %s: %s must be a number from %lu to %lu\n", program, option, text, what, minimum,
                maximum);
        exit(HTTPD_EXIT_USAGE);
    }

    return (unsigned)value;
}

static void httpd_options_parse(HTTPD_OPTIONS *options, int argc, char **argv)
{
    static const struct option long_options[] = {{"help", no_argument, NULL, 'h'},
                                                 {"version", no_argument, NULL, HTTPD_OPTION_VERSION},
                                                 {"cert", required_argument, NULL, 'C' + 0x200},
                                                 {"key", required_argument, NULL, 'K' + 0x200},
                                                 {"tls-port", required_argument, NULL, 'T' + 0x200},
                                                 {"tls-portfile", required_argument, NULL, 'F' + 0x200},
                                                 {"ktls", no_argument, NULL, 'k' + 0x200},
                                                 {NULL, 0, NULL, 0}};
    const char *program = argv[0];
    const char *why;
    int opt;

    options->ip = HTTPD_IP_DEFAULT;
    options->port = HTTPD_PORT_DEFAULT;
    options->connections = HTTPD_CONNECTIONS_DEFAULT;
    options->workers = HTTPD_WORKERS_DEFAULT;
    options->idle_seconds = HTTPD_IDLE_SECONDS_DEFAULT;
    options->send_seconds = HTTPD_SEND_SECONDS_DEFAULT;
    options->buffer_bytes = HTTPD_BUFFER_DEFAULT;
    options->log_level = -1;
    options->tls.port = -1;
    options->grace_seconds = HTTPD_GRACE_SECONDS_DEFAULT;

    while ((opt = getopt_long(argc, argv, "i:p:P:c:w:t:s:g:r:dm:a:F:b:L:o:l:h", long_options, NULL)) != -1) {
        switch (opt) {
            case 'i':
                options->ip = optarg;
                break;
            case 'p':
                options->port = (int)httpd_number(program, opt, optarg, 0, 65535, "the port");
                break;
            case 'P':
                options->portfile = optarg;
                break;
            case 'c':
                options->connections =
                    httpd_number(program, opt, optarg, 1, HTTPD_CONNECTIONS_MAXIMUM, "the connection count");
                break;
            case 'w':
                options->workers = httpd_number(program, opt, optarg, 1, HTTPD_WORKERS_MAXIMUM, "workers");
                break;
            case 't':
                options->idle_seconds =
                    httpd_number(program, opt, optarg, 1, HTTPD_IDLE_SECONDS_MAXIMUM, "the timeout");
                break;
            case 's':
                options->send_seconds =
                    httpd_number(program, opt, optarg, 1, HTTPD_IDLE_SECONDS_MAXIMUM, "the timeout");
                break;
            case 'g':
                options->grace_seconds =
                    httpd_number(program, opt, optarg, 0, HTTPD_GRACE_SECONDS_MAXIMUM, "the grace period");
                break;
            case 'r':
                options->docroot = optarg;
                break;
            case 'd':
                options->listing = true;
                break;
            case 'm':
                options->mime_file = optarg;
                break;
            case 'a':
                options->access_log = optarg;
                break;
            case 'F':
                if (strcmp(optarg, "common") != 0 && strcmp(optarg, "combined") != 0) {
                    fprintf(stderr, "%s: -F %s: the access log format is common or combined\n", program, optarg);
                    exit(HTTPD_EXIT_USAGE);
                }

                options->access_log_common = strcmp(optarg, "common") == 0;
                break;
            case 'b':
                options->buffer_bytes =
                    httpd_number(program, opt, optarg, HTTPD_BUFFER_MINIMUM, HTTPD_BUFFER_MAXIMUM, "the buffer size");
                break;
            case 'L':
                options->large_heads =
                    httpd_number(program, opt, optarg, 0, HTTPD_CONNECTIONS_MAXIMUM, "the large head buffer count");
                options->large_heads_set = true;
                break;
            case 'o':
                options->overflows =
                    httpd_number(program, opt, optarg, 0, HTTPD_CONNECTIONS_MAXIMUM, "the overflow buffer count");
                options->overflows_set = true;
                break;
            case 'l':
                options->log_level = (int)httpd_number(program, opt, optarg, 1, 7, "the log level");
                break;
            case 'h':
                httpd_usage(stdout, program);
                exit(0);
            case HTTPD_OPTION_VERSION:
                printf("sxe-httpd (libsxe) %s\n", sxe_version());
                exit(0);
            default:
                if (opt >= 0x200 && httpd_tls_option(options, opt, optarg)) {
                    break;
                }

                if (opt >= 0x200) {
                    fprintf(stderr, "%s: --tls-port %s: the port must be a number from 0 to 65535\n", program, optarg);
                }

                httpd_usage(stderr, program);
                exit(HTTPD_EXIT_USAGE);
        }
    }

    if ((why = httpd_tls_options_check(options)) != NULL) {
        fprintf(stderr, "%s: %s\n", program, why);
        exit(HTTPD_EXIT_USAGE);
    }

    if (optind < argc) {
        fprintf(stderr, "%s: unexpected argument '%s'\n", program, argv[optind]);
        httpd_usage(stderr, program);
        exit(HTTPD_EXIT_USAGE);
    }

    if (!options->overflows_set) {
        options->overflows = options->connections / HTTPD_OVERFLOW_DIVISOR;
        options->overflows = options->overflows < HTTPD_OVERFLOW_MINIMUM ? HTTPD_OVERFLOW_MINIMUM : options->overflows;
    }

    options->overflows = options->overflows > options->connections ? options->connections : options->overflows;

    if (!options->large_heads_set) {
        options->large_heads = options->connections / HTTPD_LARGE_DIVISOR;
        options->large_heads = options->large_heads < HTTPD_LARGE_MINIMUM ? HTTPD_LARGE_MINIMUM : options->large_heads;
    }

    options->large_heads = options->large_heads > options->connections ? options->connections : options->large_heads;
    options->large_heads = options->buffer_bytes >= HTTPD_LARGE_HEAD_BYTES ? 0 : options->large_heads; /* useless */

    if (options->port == 0 && options->portfile == NULL) {
        fprintf(stderr, "%s: -p 0 (an ephemeral port) needs -P PORTFILE to say which port was chosen\n", program);
        exit(HTTPD_EXIT_USAGE);
    }

    if ((options->listing || options->mime_file != NULL) && options->docroot == NULL) {
        fprintf(stderr, "%s: -%c applies to the files of -r DOCROOT, which is not given\n", program,
                options->listing ? 'd' : 'm');
        exit(HTTPD_EXIT_USAGE);
    }
}

static void httpd_docroot_check(const char *program, const char *docroot)
{
    struct stat st;

    if (docroot == NULL) {
        return;
    }

    if (stat(docroot, &st) < 0) {
        fprintf(stderr, "%s: -r %s: %s\n", program, docroot, strerror(errno));
        exit(HTTPD_EXIT_USAGE);
    }

    if (!S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: -r %s: not a directory\n", program, docroot);
        exit(HTTPD_EXIT_USAGE);
    }
}

/* Make sure the descriptor limit covers the connections: one descriptor each, two with -r (a connection may hold
 * the file it sends), plus HTTPD_DESCRIPTORS_SPARE. Raise the soft limit up to the hard one; exit when the hard
 * limit does not cover one per connection; warn when it covers one but not two (a file open or an accept then finds
 * none: the request or the connection gets 503, nothing is reset).
 */
static void httpd_descriptors_check(const char *program, unsigned connections, bool files)
{
    struct rlimit limit;
    rlim_t need = (rlim_t)connections + HTTPD_DESCRIPTORS_SPARE;
    rlim_t want = (files ? 2 * (rlim_t)connections : (rlim_t)connections) + HTTPD_DESCRIPTORS_SPARE;

    if (getrlimit(RLIMIT_NOFILE, &limit) < 0 || limit.rlim_cur >= want) {
        return;
    }

    if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < need) {
        fprintf(stderr,
                "%s: -c %u needs %llu file descriptors but the hard limit is %llu: raise it (ulimit -Hn, "
                "LimitNOFILE= in a systemd unit, or /etc/security/limits.conf) or lower -c\n",
                program, connections, (unsigned long long)need, (unsigned long long)limit.rlim_max);
        exit(HTTPD_EXIT_FAILURE);
    }

    if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < want) {
        fprintf(stderr,
                "%s: warning: -c %u with -r wants %llu file descriptors (a file per connection) but the hard limit is "
                "%llu: requests beyond it get 503\n",
                program, connections, (unsigned long long)want, (unsigned long long)limit.rlim_max);
        want = limit.rlim_max;
    }

    limit.rlim_cur = want;

    if (setrlimit(RLIMIT_NOFILE, &limit) < 0) {
        fprintf(stderr, "%s: cannot raise the descriptor limit to %llu: %s\n", program, (unsigned long long)want,
                strerror(errno));
        exit(HTTPD_EXIT_FAILURE);
    }
}

/* Write the port to the port file atomically (temporary file + rename), so readers never see half a number. */
static void httpd_portfile_write(const char *portfile, unsigned port)
{
    char temporary[PATH_MAX];
    FILE *file;

    snprintf(temporary, sizeof(temporary), "%s.%d.tmp", portfile, (int)getpid());

    if ((file = fopen(temporary, "w")) == NULL) {
        SXEL2("cannot write the port file %s: %s", temporary, strerror(errno));
        return;
    }

    fprintf(file, "%u\n", port);
    fclose(file);

    if (rename(temporary, portfile) < 0) {
        SXEL2("cannot rename %s to %s: %s", temporary, portfile, strerror(errno));
    }
}

/* ---- one serving process ------------------------------------------------------------------------------- */

static ev_signal httpd_signal_term;
static ev_signal httpd_signal_int;
static ev_signal httpd_signal_quit;
static ev_signal httpd_signal_hup;
static ev_signal httpd_signal_usr1;
static SXE_TIMER httpd_stop_timer;

static void httpd_log_counters(const char *why)
{
    SXE_COUNTERS sxe;

    sxe_get_counters(&sxe);
    SXEL4(
        "counters (%s): requests=%llu 2xx=%llu 3xx=%llu 4xx=%llu 5xx=%llu refused_503=%llu timeouts_idle=%llu "
        "timeouts_head=%llu timeouts_other=%llu files=%llu overflows_taken=%llu overflows_refused=%llu "
        "overflows_evicted=%llu overflows_peak=%u large_heads_taken=%llu large_heads_evicted=%llu large_heads_peak=%u "
        "access_log_lines=%llu access_log_dropped=%llu access_log_lost=%llu accepted=%llu open=%u peak=%u "
        "bytes_in=%llu bytes_out=%llu",
        why, httpd.counters.requests, httpd.counters.responses_2xx, httpd.counters.responses_3xx,
        httpd.counters.responses_4xx, httpd.counters.responses_5xx, httpd.counters.refused_503,
        httpd.counters.timeouts_idle, httpd.counters.timeouts_head, httpd.counters.timeouts_other,
        httpd.counters.files_sent, httpd.counters.overflows_taken, httpd.counters.overflows_refused,
        httpd.counters.overflows_evicted, httpd.counters.overflows_peak, httpd.counters.large_heads_taken,
        httpd.counters.large_heads_evicted, httpd.counters.large_heads_peak, httpd.counters.access_log_lines,
        httpd.counters.access_log_dropped, httpd_access_log_lost(), sxe.accepted, sxe.open_now, sxe.open_peak,
        sxe.bytes_in, sxe.bytes_out);
    httpd_tls_log_counters(why);
}

static void httpd_on_stop_timeout(SXE_TIMER *timer, void *arg)
{
    SXE_UNUSED_ARGUMENT(timer);
    SXE_UNUSED_ARGUMENT(arg);
    SXEL3("graceful stop: %u connections still open after %u seconds (-g); closing them", httpd_conn_number_open(),
          httpd.options.grace_seconds);
    ev_break(EV_DEFAULT, EVBREAK_ALL);
}

static void httpd_on_signal(struct ev_loop *loop, ev_signal *watcher, int revents)
{
    SXE_UNUSED_ARGUMENT(revents);

    switch (watcher->signum) {
        case SIGUSR1:
            httpd_log_counters("SIGUSR1");
            return;

        case SIGHUP: /* logrotate's convention: never a stop */
            SXEL4("SIGHUP: %s", httpd.options.access_log != NULL && strcmp(httpd.options.access_log, "-") != 0
                                    ? "reopening the access log"
                                    : "no log file to reopen");
            httpd_access_log_reopen();
            return;

        case SIGQUIT:
            SXEL4("SIGQUIT: stopping at once (%u connections open)", httpd_conn_number_open());
            ev_break(loop, EVBREAK_ALL);
            return;
    }

    if (httpd.stopping) {
        SXEL4("second signal %d: stopping at once", watcher->signum);
        ev_break(loop, EVBREAK_ALL);
        return;
    }

    SXEL4("signal %d: stopping gracefully (%u connections open, -g %u s)", watcher->signum, httpd_conn_number_open(),
          httpd.options.grace_seconds);
    sxe_timer_schedule(&httpd_stop_timer, (double)httpd.options.grace_seconds, 0);
    httpd_conn_stop_gracefully();
}

static ev_signal *const httpd_signals[] = {&httpd_signal_term, &httpd_signal_int, &httpd_signal_quit, &httpd_signal_hup,
                                           &httpd_signal_usr1};
static const int httpd_signal_numbers[] = {SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1};

static void httpd_signals_start(void)
{
    sxe_timer_construct(&httpd_stop_timer, httpd_on_stop_timeout, NULL);

    for (unsigned i = 0; i < SXE_ARRAY_SIZE(httpd_signals); i++) {
        ev_signal_init(httpd_signals[i], httpd_on_signal, httpd_signal_numbers[i]);
        ev_signal_start(EV_DEFAULT, httpd_signals[i]);
    }
}

static void httpd_signals_stop(void)
{
    sxe_timer_cancel(&httpd_stop_timer);

    for (unsigned i = 0; i < SXE_ARRAY_SIZE(httpd_signals); i++) {
        ev_signal_stop(EV_DEFAULT, httpd_signals[i]);
    }
}

/* The URL to click for a server on ip:port: a wildcard address (0.0.0.0, ::) is shown as its loopback. */
static void httpd_url(char *out, size_t size, const char *ip, unsigned port)
{
    bool v6 = strchr(ip, ':') != NULL;
    bool any = strcmp(ip, "0.0.0.0") == 0 || strcmp(ip, "::") == 0;
    bool tls = httpd.options.tls.cert != NULL && httpd.options.tls.port < 0; /* -p itself is HTTPS */

    snprintf(out, size, "%s://%s%s%s:%u/%s", tls ? "https" : "http", v6 ? "[" : "",
             any ? (v6 ? "::1" : "127.0.0.1") : ip, v6 ? "]" : "", port,
             any ? (v6 ? " (every address)" : " (every IPv4 address)") : "");
}

/* VmRSS of this process in kB, or -1. For the start-up line. */
static long httpd_rss_kb(void)
{
    char line[128];
    long kb = -1;
    FILE *file = fopen("/proc/self/status", "r");

    while (file != NULL && fgets(line, sizeof(line), file) != NULL) {
        if (strncmp(line, "VmRSS:", 6) == 0) {
            kb = atol(line + 6);
        }
    }

    if (file != NULL) {
        fclose(file);
    }

    return kb;
}

/* Run one server on the default loop until stopped. ready_fd (>= 0 in workers) gets one byte once listening.
 * Returns the exit status.
 */
static int httpd_serve(int ready_fd)
{
    int status = HTTPD_EXIT_FAILURE;
    char url[INET6_ADDRSTRLEN + 64];
    char ring[64];

    httpd.docroot_fd = -1;

    if (httpd.options.docroot != NULL && !httpd_static_init(httpd.options.docroot)) {
        SXEL2("cannot open the docroot %s: %s", httpd.options.docroot, strerror(errno));
        goto SXE_ERROR_OUT;
    }

    if (httpd_conn_setup() != SXE_RETURN_OK ||
        (httpd.options.access_log != NULL &&
         !httpd_access_log_open(httpd.options.access_log, httpd.options.access_log_common))) {
        goto SXE_ERROR_OUT;
    }

    httpd.bytes_allocated += sxe_get_allocated_bytes(); /* lib-sxe's objects, buffers and pool, exactly */
    httpd_url(url, sizeof(url), httpd.options.ip, sxe_get_local_port(httpd.listener));
    snprintf(ring, sizeof(ring), httpd.access_log ? "a %u byte access log ring, " : "", HTTPD_ACCESS_LOG_BYTES);
    SXEL4("httpd listening on %s%s%s: %u connections, %u byte input buffers, %u large head buffers of %u bytes, "
          "one %u byte output scratch, %u overflow buffers of %u bytes, %s%zu bytes allocated (%zu per connection; "
          "touched at start-up: RSS %ld kB), timeout %u s, send timeout %u s",
          url, httpd.options.docroot != NULL ? ", docroot " : "",
          httpd.options.docroot != NULL ? httpd.options.docroot : "", httpd.options.connections,
          httpd.options.buffer_bytes, httpd.options.large_heads, HTTPD_LARGE_HEAD_BYTES, HTTPD_OUTPUT_BYTES,
          httpd.options.overflows, HTTPD_OUTPUT_BYTES, ring, httpd.bytes_allocated,
          httpd.bytes_allocated / httpd.conn_number, httpd_rss_kb(), httpd.options.idle_seconds,
          httpd.options.send_seconds);
    httpd_tls_started();
    httpd_signals_start();

    if (ready_fd >= 0) {
        unsigned short port = sxe_get_local_port(httpd.listener);

        (void)!write(ready_fd, &port, sizeof(port));
        close(ready_fd);
    } else if (httpd.options.portfile != NULL) {
        httpd_portfile_write(httpd.options.portfile, sxe_get_local_port(httpd.listener));
    }

    ev_run(EV_DEFAULT, 0);
    httpd_log_counters("exit");
    httpd_signals_stop();
    status = 0;

SXE_EARLY_OR_ERROR_OUT:
    httpd_conn_teardown();
    httpd_access_log_close();

    if (httpd.docroot_fd >= 0) {
        close(httpd.docroot_fd);
    }

    return status;
}

/* ---- workers: a supervising parent without a loop ------------------------------------------------------ */

typedef struct HTTPD_WORKER {
    pid_t pid;         /* 0 when not running */
    double started;    /* monotonic time of the last start */
    double restart_at; /* when > 0: start again at this time */
} HTTPD_WORKER;

static HTTPD_WORKER httpd_workers[HTTPD_WORKERS_MAXIMUM];

/* Fork one worker; it serves until stopped and exits. ready_fd: the write end of the readiness pipe or -1. */
static pid_t httpd_worker_start(HTTPD_WORKER *worker, const sigset_t *original_mask, int ready_fd)
{
    pid_t pid = fork();

    if (pid == 0) {
        sigprocmask(SIG_SETMASK, original_mask, NULL);
        exit(httpd_serve(ready_fd));
    }

    if (pid < 0) {
        SXEL2("cannot fork a worker: %s", strerror(errno));
    }

    worker->pid = pid > 0 ? pid : 0;
    worker->started = sxe_get_time_in_seconds();
    worker->restart_at = pid > 0 ? 0 : worker->started + HTTPD_RESTART_DELAY;
    return pid;
}

static void httpd_workers_signal(int sig)
{
    for (unsigned i = 0; i < httpd.options.workers; i++) {
        if (httpd_workers[i].pid > 0) {
            kill(httpd_workers[i].pid, sig);
        }
    }
}

/* Reap dead workers; schedule restarts unless stopping. Returns the number still running. */
static unsigned httpd_workers_reap(bool stopping)
{
    unsigned running = 0;
    int status;
    pid_t pid;

    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        for (unsigned i = 0; i < httpd.options.workers; i++) {
            HTTPD_WORKER *worker = &httpd_workers[i];

            if (worker->pid == pid) {
                double now = sxe_get_time_in_seconds();

                worker->pid = 0;

                if (!stopping) {
                    SXEL2("worker %d died (%s %d); restarting it", (int)pid, WIFSIGNALED(status) ? "signal" : "exit",
                          WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
                    worker->restart_at = now - worker->started < HTTPD_RESTART_DELAY ? now + HTTPD_RESTART_DELAY : now;
                }
            }
        }
    }

    for (unsigned i = 0; i < httpd.options.workers; i++) {
        running += httpd_workers[i].pid > 0;
    }

    return running;
}

/* Wait until the worker writes its port to the readiness pipe; 0 when it exits first or after
 * HTTPD_WORKER_READY_TIMEOUT seconds (a worker that cannot start fails the start at once).
 */
static unsigned short httpd_worker_wait_ready(HTTPD_WORKER *worker, int ready_fd)
{
    unsigned short port = 0;
    int status;

    for (unsigned tick = 0; tick < HTTPD_WORKER_READY_TIMEOUT * 10; tick++) {
        struct timeval timeout = {0, 100 * 1000};
        fd_set readable;

        FD_ZERO(&readable);
        FD_SET(ready_fd, &readable);

        if (select(ready_fd + 1, &readable, NULL, NULL, &timeout) > 0) {
            return read(ready_fd, &port, sizeof(port)) == sizeof(port) ? port : 0;
        }

        if (waitpid(worker->pid, &status, WNOHANG) == worker->pid) {
            worker->pid = 0; /* it said why on stderr */
            return 0;
        }
    }

    return 0;
}

/* Start all workers and wait until each listens; returns the port, or 0 on failure. */
static unsigned httpd_workers_start_all(const sigset_t *original_mask)
{
    int ready[2];
    unsigned short port = 0;

    if (pipe(ready) < 0) {
        return 0;
    }

    for (unsigned i = 0; i < httpd.options.workers; i++) {
        if (httpd_worker_start(&httpd_workers[i], original_mask, ready[1]) <= 0 ||
            (port = httpd_worker_wait_ready(&httpd_workers[i], ready[0])) == 0) {
            port = 0;
            break;
        }

        httpd.options.port = port; /* the next workers (and restarts) share the port chosen by the first */
    }

    close(ready[0]);
    close(ready[1]);
    return port;
}

/* Supervise: restart dead workers, pass SIGUSR1 and SIGHUP on, stop them on SIGTERM/SIGINT (gracefully, within
 * -g) or SIGQUIT (at once). Returns the exit status.
 */
static int httpd_supervise(const sigset_t *watched, const sigset_t *original_mask)
{
    bool stopping = false;
    double deadline = 0;
    unsigned running = httpd.options.workers;

    while (running > 0) {
        struct timespec wait = {0, 200 * 1000 * 1000};
        int sig = sigtimedwait(watched, NULL, &wait);
        double now = sxe_get_time_in_seconds();

        if (sig == SIGUSR1 || sig == SIGHUP) {
            httpd_workers_signal(sig);
        } else if (sig == SIGTERM || sig == SIGINT || sig == SIGQUIT) {
            httpd_workers_signal(stopping ? SIGKILL : sig);
            deadline = stopping ? deadline : now + (sig == SIGQUIT ? 0 : httpd.options.grace_seconds) + 2;
            stopping = true;
        }

        running = httpd_workers_reap(stopping);

        for (unsigned i = 0; !stopping && i < httpd.options.workers; i++) {
            if (httpd_workers[i].pid == 0 && httpd_workers[i].restart_at <= now) {
                running += httpd_worker_start(&httpd_workers[i], original_mask, -1) > 0;
            }
        }

        if (stopping && now > deadline) {
            httpd_workers_signal(SIGKILL);
        }

        if (!stopping) {
            running = httpd.options.workers; /* keep supervising while restarts are pending */
        }
    }

    return 0;
}

static int httpd_run_workers(void)
{
    static const int watch[] = {SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1, SIGCHLD};
    sigset_t watched;
    sigset_t original_mask;
    unsigned port;
    int status;
    char url[INET6_ADDRSTRLEN + 64];

    sigemptyset(&watched);

    for (unsigned i = 0; i < SXE_ARRAY_SIZE(watch); i++) {
        sigaddset(&watched, watch[i]);
    }

    sigprocmask(SIG_BLOCK, &watched, &original_mask);

    if ((port = httpd_workers_start_all(&original_mask)) == 0) {
        SXEL2("workers did not start; stopping");
        httpd_workers_signal(SIGKILL);

        while (httpd_workers_reap(true) > 0) {
            usleep(10000);
        }

        return HTTPD_EXIT_FAILURE;
    }

    httpd_url(url, sizeof(url), httpd.options.ip, port);
    SXEL4("httpd supervising %u workers on %s", httpd.options.workers, url);

    if (httpd.options.portfile != NULL) {
        httpd_portfile_write(httpd.options.portfile, port);
    }

    status = httpd_supervise(&watched, &original_mask);
    SXEL4("httpd: all workers stopped");
    return status;
}

/* -w N: workers bind with SO_REUSEPORT, which would let them share the port with another server that set it too
 * (another httpd -w, an nginx with reuseport) and split its traffic without a word. So before any worker starts,
 * bind the address WITHOUT SO_REUSEPORT (SO_REUSEADDR only: connections in TIME_WAIT do not count): when that fails
 * with EADDRINUSE, another socket listens there, and httpd refuses to start (exit 1) at once.
 */
static void httpd_port_check(const char *program, const char *ip, int port)
{
    struct sockaddr_storage address;
    socklen_t length;
    int one = 1;
    int fd;

    memset(&address, 0, sizeof(address));

    if (inet_pton(AF_INET, ip, &((struct sockaddr_in *)&address)->sin_addr) == 1) {
        ((struct sockaddr_in *)&address)->sin_family = AF_INET;
        ((struct sockaddr_in *)&address)->sin_port = htons((unsigned short)port);
        length = sizeof(struct sockaddr_in);
    } else if (inet_pton(AF_INET6, ip, &((struct sockaddr_in6 *)&address)->sin6_addr) == 1) {
        ((struct sockaddr_in6 *)&address)->sin6_family = AF_INET6;
        ((struct sockaddr_in6 *)&address)->sin6_port = htons((unsigned short)port);
        length = sizeof(struct sockaddr_in6);
    } else {
        return; /* not a literal: the workers say so */
    }

    if ((fd = socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
        return;
    }

    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));

    if (bind(fd, (struct sockaddr *)&address, length) < 0 && errno == EADDRINUSE) {
        fprintf(stderr,
                "%s: cannot listen on %s:%d: another server already listens there (-w %u would share the "
                "port with it through SO_REUSEPORT)\n",
                program, ip, port, httpd.options.workers);
        close(fd);
        exit(HTTPD_EXIT_FAILURE);
    }

    close(fd);
}

int main(int argc, char **argv)
{
    httpd_options_parse(&httpd.options, argc, argv);
    httpd_docroot_check(argv[0], httpd.options.docroot);
    httpd_descriptors_check(argv[0], httpd.options.connections, httpd.options.docroot != NULL);

    if (httpd.options.docroot != NULL && !httpd_mime_init(httpd.options.mime_file)) {
        exit(HTTPD_EXIT_USAGE);
    }

    if (httpd.options.workers > 1 && httpd.options.port != 0) {
        httpd_port_check(argv[0], httpd.options.ip, httpd.options.port);
    }

    if (httpd.options.workers > 1 && httpd.options.tls.port > 0) {
        httpd_port_check(argv[0], httpd.options.ip, httpd.options.tls.port);
    }

    if (httpd.options.log_level > 0) {
        sxe_log_set_level((unsigned)httpd.options.log_level);
    }

    return httpd.options.workers > 1 ? httpd_run_workers() : httpd_serve(-1);
}
