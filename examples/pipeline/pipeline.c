/* pipeline: an HTTP server whose I/O threads hand every request to one serial stage and send its reply when the stage
 * hands it back (lib-sxe's threads, sxe-ring.h). See pipeline.h for the model and README.md for the figures.
 *
 * pipeline [-i IP] [-p PORT] [-P PORTFILE] [-u PATH] [-t THREADS] [-c CONNECTIONS] [-w NANOSECONDS] [-b BATCH]
 *          [-m blocking|spinning] [-M blocking|spinning]
 * pipeline -h | --help | --version
 *
 * Installed as sxe-pipeline (man/sxe-pipeline.1). SIGTERM/SIGINT stop it: no new connection is accepted, idle
 * connections are closed, the requests in flight are answered (their connections closed after the reply), then every
 * thread ends and the counters are printed on stderr (exit 0).
 */
#define SXE_LOG_COMPONENT "pipeline"

#include <getopt.h>
#include <limits.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "pipeline.h"

#define PIPELINE_OPTION_VERSION 0x100 /* getopt_long value of --version (no short form) */

PIPELINE pipeline;

static sem_t pipeline_started; /* posted by each I/O thread once it listens (or failed to) */

static void pipeline_usage(FILE *out, const char *program)
{
    fprintf(out,
            "usage: %s [-i IP] [-p PORT] [-P PORTFILE] [-u PATH] [-t THREADS] [-c CONNECTIONS] [-w NANOSECONDS]\n"
            "          [-b BATCH] [-m blocking|spinning] [-M blocking|spinning]\n"
            "       %s -h | --help | --version\n"
            "  -i IP            address to listen on (IPv4 or IPv6 literal; default %s)\n"
            "  -p PORT          port, 0..65535 (default %d); 0 only with -P: an ephemeral port\n"
            "  -P PORTFILE      write the port listened on to PORTFILE once every thread listens (default: none)\n"
            "  -u PATH          also listen on the unix-domain socket PATH (it must not exist; removed at exit)\n"
            "  -t THREADS       I/O threads, 0..%d (default %d); 0: no threads, the serial work inline on one loop\n"
            "  -c CONNECTIONS   simultaneous connections per I/O thread, 1..%d (default %d)\n"
            "  -w NANOSECONDS   serial work per request, a busy wait, 0..%d (default 0)\n"
            "  -b BATCH         most requests a stage takes or hands on at once, 1..%d (default %d)\n"
            "  -m MODE          how the serial stage waits for requests: blocking (sleeps, woken through an eventfd)\n"
            "                   or spinning (polls: lowest latency, a busy core) (default blocking)\n"
            "  -M MODE          how the I/O threads wait for replies: blocking or spinning (default blocking)\n"
            "  -h, --help       print this help on stdout and exit 0\n"
            "  --version        print the version on stdout and exit 0\n"
            "Answers every GET with \"Hello, World!\" and the header X-Sequence: N, the request's place in the serial\n"
            "order. exit status: 0 stopped by SIGTERM/SIGINT or -h/--version, 1 cannot start, 2 usage\n",
            program, program, PIPELINE_IP_DEFAULT, PIPELINE_PORT_DEFAULT, PIPELINE_THREADS_MAXIMUM,
            PIPELINE_THREADS_DEFAULT, PIPELINE_CONNECTIONS_MAXIMUM, PIPELINE_CONNECTIONS_DEFAULT, PIPELINE_WORK_MAXIMUM,
            PIPELINE_BATCH_MAXIMUM, PIPELINE_BATCH_DEFAULT);
}

static unsigned pipeline_number(const char *text, unsigned long minimum, unsigned long maximum, const char *what)
{
    char *end;
    unsigned long value = strtoul(text, &end, 10);

    if (end == text || *end != '\0' || text[0] == '-' || value < minimum || value > maximum) {
        fprintf(stderr, "pipeline: %s must be a number from %lu to %lu, not '%s'\n", what, minimum, maximum, text);
        exit(PIPELINE_EXIT_USAGE);
    }

    return (unsigned)value;
}

static unsigned pipeline_wait_mode(const char *text, const char *what)
{
    if (strcmp(text, "blocking") == 0) {
        return SXE_RING_WAIT_BLOCKING;
    }

    if (strcmp(text, "spinning") == 0) {
        return SXE_RING_WAIT_SPINNING;
    }

    fprintf(stderr, "pipeline: %s must be blocking or spinning, not '%s'\n", what, text);
    exit(PIPELINE_EXIT_USAGE);
}

static void pipeline_options(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, PIPELINE_OPTION_VERSION}, {NULL, 0, NULL, 0}};
    PIPELINE_OPTIONS *options = &pipeline.options;
    int opt;

    *options = (PIPELINE_OPTIONS){.ip = PIPELINE_IP_DEFAULT,
                                  .port = PIPELINE_PORT_DEFAULT,
                                  .threads = PIPELINE_THREADS_DEFAULT,
                                  .connections = PIPELINE_CONNECTIONS_DEFAULT,
                                  .batch = PIPELINE_BATCH_DEFAULT,
                                  .stage_wait = SXE_RING_WAIT_BLOCKING,
                                  .io_wait = SXE_RING_WAIT_BLOCKING};

    while ((opt = getopt_long(argc, argv, "i:p:P:u:t:c:w:b:m:M:h", long_options, NULL)) != -1) {
        switch (opt) {
            case 'i':
                options->ip = optarg;
                break;
            case 'p':
                options->port = pipeline_number(optarg, 0, 65535, "the port (-p)");
                break;
            case 'P':
                options->portfile = optarg;
                break;
            case 'u':
                options->unix_path = optarg;
                break;
            case 't':
                options->threads = pipeline_number(optarg, 0, PIPELINE_THREADS_MAXIMUM, "the I/O threads (-t)");
                break;
            case 'c':
                options->connections =
                    pipeline_number(optarg, 1, PIPELINE_CONNECTIONS_MAXIMUM, "the connections per thread (-c)");
                break;
            case 'w':
                options->work_ns = pipeline_number(optarg, 0, PIPELINE_WORK_MAXIMUM, "the work (-w)");
                break;
            case 'b':
                options->batch = pipeline_number(optarg, 1, PIPELINE_BATCH_MAXIMUM, "the batch (-b)");
                break;
            case 'm':
                options->stage_wait = pipeline_wait_mode(optarg, "the stage's wait (-m)");
                break;
            case 'M':
                options->io_wait = pipeline_wait_mode(optarg, "the I/O threads' wait (-M)");
                break;
            case 'h':
                pipeline_usage(stdout, argv[0]);
                exit(0);
            case PIPELINE_OPTION_VERSION:
                printf("sxe-pipeline (libsxe) %s\n", sxe_version());
                exit(0);
            default:
                pipeline_usage(stderr, argv[0]);
                exit(PIPELINE_EXIT_USAGE);
        }
    }

    if (optind < argc) {
        fprintf(stderr, "pipeline: unexpected argument '%s'\n", argv[optind]);
        pipeline_usage(stderr, argv[0]);
        exit(PIPELINE_EXIT_USAGE);
    }

    if (options->port == 0 && options->portfile == NULL) {
        fprintf(stderr, "pipeline: -p 0 needs -P PORTFILE\n");
        exit(PIPELINE_EXIT_USAGE);
    }

    if (options->unix_path != NULL &&
        (options->unix_path[0] == '\0' || strlen(options->unix_path) > SXE_UNIX_PATH_MAXIMUM)) {
        fprintf(stderr, "pipeline: the unix socket path (-u) must have 1 to %zu bytes\n", SXE_UNIX_PATH_MAXIMUM);
        exit(PIPELINE_EXIT_USAGE);
    }
}

static void pipeline_portfile_write(const char *portfile, unsigned port)
{
    char temporary[PATH_MAX];
    FILE *file;

    snprintf(temporary, sizeof(temporary), "%s.%d.tmp", portfile, (int)getpid());

    if ((file = fopen(temporary, "w")) != NULL) {
        fprintf(file, "%u\n", port);
        fclose(file);
        rename(temporary, portfile);
    }
}

/* Descriptors: one per connection of every thread, plus the listeners, the loops and the rings' eventfds. */
static bool pipeline_descriptors_check(void)
{
    unsigned threads = pipeline.options.threads > 0 ? pipeline.options.threads : 1;
    rlim_t need = (rlim_t)threads * (pipeline.options.connections + 8) + PIPELINE_DESCRIPTORS_SPARE;
    struct rlimit limit;

    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < need) {
        if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < need) {
            fprintf(stderr, "pipeline: %u threads of -c %u need %llu descriptors; the hard limit is %llu\n", threads,
                    pipeline.options.connections, (unsigned long long)need, (unsigned long long)limit.rlim_max);
            return false;
        }

        limit.rlim_cur = need;
        setrlimit(RLIMIT_NOFILE, &limit);
    }

    return true;
}

/* ---- the threads --------------------------------------------------------------------------------------------- */

void *pipeline_io_main(void *arg)
{
    PIPELINE_IO *io = arg;
    char name[16];

    snprintf(name, sizeof(name), "pipeline-io%u", io->index); /* tools (and make bench) tell the threads apart */
    pthread_setname_np(pthread_self(), name);
    io->started_ok = pipeline_io_setup(io);
    sem_post(&pipeline_started);

    if (io->started_ok) {
        ev_run(io->loop, 0);
    }

    pipeline_io_finish(io);
    return NULL;
}

/* Make every ring, then start the threads: thread 0 first (it may bind an ephemeral port), then the others on its
 * port. False (said on stderr) when something cannot start.
 */
static bool pipeline_start(void)
{
    unsigned threads = pipeline.options.threads;
    unsigned capacity = 2;
    sigset_t signals, saved;
    bool ok = true;

    while (capacity < pipeline.options.connections + PIPELINE_LISTENERS) {
        capacity *= 2;
    }

    for (unsigned t = 0; t < threads; t++) {
        PIPELINE_IO *io = &pipeline.io[t];

        io->index = t;
        io->loop = ev_loop_new(EVFLAG_AUTO);
        io->replies = sxe_ring_new("replies", capacity, sizeof(PIPELINE_ITEM), pipeline.options.io_wait);
        io->adoptions = pipeline.options.unix_path != NULL && t > 0
                            ? sxe_ring_new("adoptions", capacity, sizeof(PIPELINE_ADOPTION), pipeline.options.io_wait)
                            : NULL;

        if (io->loop == NULL || io->replies == NULL ||
            (pipeline.options.unix_path != NULL && t > 0 && io->adoptions == NULL)) {
            fprintf(stderr, "pipeline: cannot make thread %u's loop and rings\n", t);
            return false;
        }
    }

    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, &saved); /* the threads leave the signals to the main thread */
    sem_init(&pipeline_started, 0, 0);

    if (!pipeline_stage_start()) {
        pthread_sigmask(SIG_SETMASK, &saved, NULL);
        return false;
    }

    for (unsigned t = 0; t < threads && ok; t++) {
        pipeline.io[t].port = t == 0 ? pipeline.options.port : pipeline.io[0].port;

        if (pthread_create(&pipeline.io[t].thread, NULL, pipeline_io_main, &pipeline.io[t]) != 0) {
            fprintf(stderr, "pipeline: cannot start I/O thread %u\n", t);
            exit(1);
        }

        sem_wait(&pipeline_started);
        ok = pipeline.io[t].started_ok;
    }

    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    return ok;
}

/* Stop the I/O threads (they finish the requests in flight), then the stage, and print the counters. */
static void pipeline_stop(void)
{
    PIPELINE_COUNTERS total = {0};

    for (unsigned t = 0; t < pipeline.options.threads; t++) {
        if (pipeline.io[t].thread != 0) {
            pipeline_io_request_stop(&pipeline.io[t]);
        }
    }

    for (unsigned t = 0; t < pipeline.options.threads; t++) {
        if (pipeline.io[t].thread != 0) {
            pthread_join(pipeline.io[t].thread, NULL);
        }
    }

    pipeline_stage_stop();

    for (unsigned t = 0; t < pipeline.options.threads; t++) {
        PIPELINE_COUNTERS *counters = &pipeline.io[t].counters;

        total.requests += counters->requests;
        total.answered += counters->answered;
        total.dropped += counters->dropped;
        total.rejected += counters->rejected;
        total.adopted += counters->adopted;
        sxe_ring_delete(pipeline.io[t].replies);
        sxe_ring_delete(pipeline.io[t].adoptions);

        if (pipeline.io[t].loop != NULL) {
            ev_loop_destroy(pipeline.io[t].loop);
        }
    }

    fprintf(stderr,
            "pipeline: requests %llu, answered %llu, dropped %llu (their connection closed first), rejected %llu, "
            "unix connections handed over %llu, stage batches %llu (%.1f requests each)\n",
            total.requests, total.answered, total.dropped, total.rejected, total.adopted, pipeline.stage.batches,
            pipeline.stage.batches > 0 ? (double)pipeline.stage.served / (double)pipeline.stage.batches : 0.0);
}

static void pipeline_on_signal(struct ev_loop *loop, ev_signal *watcher, int revents)
{
    SXE_UNUSED_ARGUMENT(watcher);
    SXE_UNUSED_ARGUMENT(revents);
    ev_break(loop, EVBREAK_ALL);
}

/* -t 0: the I/O role on the default loop of this thread, the serial work inline. */
static int pipeline_inline(void)
{
    PIPELINE_IO *io = &pipeline.io[0];
    ev_signal term, interrupt;

    io->loop = ev_default_loop(0);
    io->port = pipeline.options.port;

    if (!pipeline_io_setup(io)) {
        return 1;
    }

    if (pipeline.options.portfile != NULL) {
        pipeline_portfile_write(pipeline.options.portfile, io->port);
    }

    ev_signal_init(&term, pipeline_on_signal, SIGTERM);
    ev_signal_init(&interrupt, pipeline_on_signal, SIGINT);
    ev_signal_start(io->loop, &term);
    ev_signal_start(io->loop, &interrupt);
    ev_run(io->loop, 0);
    atomic_store(&io->stop_requested, true);
    ev_async_send(io->loop, &io->stop); /* the same stop as a thread's: finish, then leave the loop */
    ev_run(io->loop, 0);
    ev_signal_stop(io->loop, &term);
    ev_signal_stop(io->loop, &interrupt);
    pipeline_io_finish(io);
    fprintf(stderr, "pipeline: requests %llu, answered %llu, dropped %llu, rejected %llu (inline: no threads)\n",
            io->counters.requests, io->counters.answered, io->counters.dropped, io->counters.rejected);
    return 0;
}

int main(int argc, char **argv)
{
    ev_signal term, interrupt;
    struct ev_loop *loop;

    pipeline_options(argc, argv);

    if (!pipeline_descriptors_check() ||
        (pipeline.io = calloc(pipeline.options.threads > 0 ? pipeline.options.threads : 1, sizeof(PIPELINE_IO))) ==
            NULL) {
        return 1;
    }

    if (pipeline.options.threads == 0) {
        return pipeline_inline();
    }

    loop = ev_default_loop(0);

    if (!pipeline_start()) {
        pipeline_stop();
        return 1;
    }

    if (pipeline.options.portfile != NULL) {
        pipeline_portfile_write(pipeline.options.portfile, pipeline.io[0].port);
    }

    ev_signal_init(&term, pipeline_on_signal, SIGTERM);
    ev_signal_init(&interrupt, pipeline_on_signal, SIGINT);
    ev_signal_start(loop, &term);
    ev_signal_start(loop, &interrupt);
    ev_run(loop, 0);
    pipeline_stop();
    return 0;
}
