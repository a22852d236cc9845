/* http.c: main() of the libsxe HTTP load generator: limits, workers and the merged result. See README.md. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sxe-log.h"

#include "http.h"

#define HTTP_DESCRIPTORS_RESERVED 8 /* descriptors a process needs besides its connections: stdio, loop, reserve */

/* Raises the descriptor limit as far as allowed; says so when a worker's connections cannot all be open at once. */
static void raise_descriptor_limit(const HTTP_OPTIONS *options)
{
    struct rlimit limit;
    unsigned per_worker = (options->connections + options->workers - 1) / options->workers;

    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return;
    }

    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }

    if (limit.rlim_cur < (rlim_t)per_worker + HTTP_DESCRIPTORS_RESERVED) {
        SXEL3("warning: -c %u cannot be met: the descriptor limit is %llu per process (hard limit %llu), so at most "
              "about %llu of the %u connections per process can be open; use more -T workers or raise ulimit -n",
              options->connections, (unsigned long long)limit.rlim_cur, (unsigned long long)limit.rlim_max,
              (unsigned long long)(limit.rlim_cur > HTTP_DESCRIPTORS_RESERVED
                                       ? limit.rlim_cur - HTTP_DESCRIPTORS_RESERVED
                                       : 0),
              per_worker);
    }
}

/* Warns when more connections are asked for than local ports exist (one port per connection per source address). */
static void check_ephemeral_ports(const HTTP_OPTIONS *options)
{
    unsigned low = 32768;
    unsigned high = 60999;
    unsigned sources = options->source_count > 0 ? options->source_count : 1;
    FILE *range = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");

    if (range != NULL) {
        if (fscanf(range, "%u %u", &low, &high) != 2 || high < low) {
            low = 32768;
            high = 60999;
        }

        fclose(range);
    }

    if ((unsigned long long)options->connections > (unsigned long long)(high - low + 1) * sources) {
        SXEL3("warning: -c %u cannot be met: %u local ports per source address x %u address(es); spread the "
              "connections with -s FIRST_IP-LAST_IP",
              options->connections, high - low + 1, sources);
    }
}

static void progress_merged(const HTTP_STATS *shared, unsigned workers, uint64_t *last)
{
    uint64_t responses = 0;
    uint64_t open = 0;
    uint64_t errors = 0;
    unsigned w;

    for (w = 0; w < workers; w++) {
        responses += __atomic_load_n(&shared[w].responses, __ATOMIC_RELAXED);
        open += __atomic_load_n(&shared[w].open_connections, __ATOMIC_RELAXED);
        errors += http_stats_errors(&shared[w]);
    }

    SXEL4("progress: %llu requests/s, %llu responses, %llu open connections, %llu errors",
          (unsigned long long)(responses - *last), (unsigned long long)responses, (unsigned long long)open,
          (unsigned long long)errors);
    *last = responses;
}

/* Forks the workers (each runs its share and leaves its result in shared memory), waits, merges exactly. */
static int run_workers(const HTTP_OPTIONS *options)
{
    size_t size = sizeof(HTTP_STATS) * options->workers;
    HTTP_STATS *shared = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pid_t pids[HTTP_WORKERS_MAXIMUM];
    HTTP_STATS merged;
    unsigned w;
    unsigned running = 0;
    int status;
    uint64_t last = 0;
    struct timespec tick = {0, 10 * 1000 * 1000};
    unsigned ticks = 0;

    if (shared == MAP_FAILED) {
        SXEL2("http: cannot map %zu bytes of shared memory: %s", size, strerror(errno));
        return 1;
    }

    fflush(stdout);
    fflush(stderr);
    signal(SIGINT, SIG_IGN); /* the workers (same process group) get it, stop, and report; the parent merges */

    for (w = 0; w < options->workers; w++) {
        http_stats_init(&shared[w]);

        if ((pids[w] = fork()) == 0) {
            HTTP_OPTIONS share = *options;

            share.rate = options->rate / options->workers; /* each worker paces its share of the total rate */
            signal(SIGINT, SIG_DFL);
            _exit(http_client_run(&share, &shared[w], w));
        }

        if (pids[w] < 0) {
            SXEL2("http: cannot fork worker %u: %s", w, strerror(errno));
            break;
        }

        running++;
    }

    while (running > 0) {
        pid_t pid = waitpid(-1, &status, WNOHANG);

        if (pid > 0) {
            running--;

            if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
                SXEL2("http: worker pid %d failed (%s %d): its results are incomplete", (int)pid,
                      WIFSIGNALED(status) ? "signal" : "exit",
                      WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
            }

            continue;
        }

        nanosleep(&tick, NULL);

        if (++ticks % 100 == 0 && !options->quiet) {
            progress_merged(shared, options->workers, &last);
        }
    }

    http_stats_init(&merged);
    merged.finished = 1;

    for (w = 0; w < options->workers; w++) {
        http_stats_merge(&merged, &shared[w]); /* an unforked or crashed worker has finished == 0 */
    }

    munmap(shared, size);
    return http_report(options, &merged);
}

int main(int argc, char **argv)
{
    static HTTP_OPTIONS options;
    static HTTP_STATS stats;
    int result;

    if (http_options_parse(&options, argc, argv) != 0) {
        return 2;
    }

    if (http_resolve(&options) != 0) { /* once, before any connection: no name is looked up on the loop */
        return 1;
    }

    if (options.no_keep_alive) {
        options.pipeline = 1; /* one query per connection */
    }

    signal(SIGPIPE, SIG_IGN);

    if (getenv("SXE_LOG_LEVEL") == NULL && getenv("SXE_LOG_LEVEL_SXE") == NULL) {
        /* lib-sxe's per-connection lines would swamp the summary, which counts every one of those events */
        sxe_log_set_component_level("sxe", 2);
    }

    raise_descriptor_limit(&options);
    check_ephemeral_ports(&options);

    if (options.workers > 1) {
        return run_workers(&options);
    }

    http_stats_init(&stats);
    http_client_run(&options, &stats, 0);
    result = http_report(&options, &stats);
    return result;
}
