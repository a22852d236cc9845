/* bench-sxe-http.c: the cost of lib-sxe-http's head parsers, per parse, for three typical inputs:
 *   (a) the request wrk sends (request line + Host), parsed by examples/httpd for every keep-alive request
 *   (b) a browser request (request line + 10 fields, ~500 bytes)
 *   (c) a response head as nginx sends it (status line + 8 fields), parsed by examples/http for every response
 *
 * Usage: bench-sxe-http [iterations, default 2000000]      wall clock: nanoseconds per parse (noisy machine)
 *        bench-sxe-http --callgrind [iterations, default 10000]
 *            re-runs itself under `valgrind --tool=callgrind` and prints instructions per parse (deterministic).
 *            Each case is timed between CALLGRIND_ZERO_STATS and CALLGRIND_DUMP_STATS_AT, so the figure is the
 *            whole loop divided by the iterations: the parse plus a call and loop overhead of a few instructions.
 *            Needs valgrind (Debian package valgrind) both when built and when run; built without its header,
 *            the benchmark still builds and runs, and --callgrind says what to install.
 * Exits non-zero if a parse does not return the expected head length.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* valgrind's header is optional: without it the cases are not marked and --callgrind refuses to run. */
#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define BENCH_HAVE_CALLGRIND 1
#endif
#endif
#ifndef BENCH_HAVE_CALLGRIND
#define BENCH_HAVE_CALLGRIND 0
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_DUMP_STATS_AT(name) ((void)(name))
#define RUNNING_ON_VALGRIND           0
#endif

#include "sxe-http.h"
#include "sxe-log.h"

#define BENCH_HEADERS 32

static const char bench_wrk_request[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n";

static const char bench_browser_request[] =
    "GET /static/css/site.css?v=3 HTTP/1.1\r\n"
    "Host: www.example.com\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0\r\n"
    "Accept: text/css,*/*;q=0.1\r\n"
    "Accept-Language: en-US,en;q=0.5\r\n"
    "Accept-Encoding: gzip, deflate, br\r\n"
    "Connection: keep-alive\r\n"
    "Referer: https://www.example.com/index.html\r\n"
    "Cookie: session=8f14e45fceea167a5a36dedd4bea2543; theme=dark; consent=yes\r\n"
    "Sec-Fetch-Dest: style\r\n"
    "If-Modified-Since: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
    "\r\n";

static const char bench_response[] = "HTTP/1.1 200 OK\r\n"
                                     "Server: nginx/1.22.1\r\n"
                                     "Date: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
                                     "Content-Type: text/html\r\n"
                                     "Content-Length: 615\r\n"
                                     "Last-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
                                     "Connection: keep-alive\r\n"
                                     "ETag: \"659200c0-267\"\r\n"
                                     "Accept-Ranges: bytes\r\n"
                                     "\r\n";

typedef struct BENCH_CASE {
    const char *name;
    const char *text;
    size_t len;
    bool is_request;
} BENCH_CASE;

static const BENCH_CASE bench_cases[] = {
    {"request-wrk", bench_wrk_request, sizeof(bench_wrk_request) - 1, true},
    {"request-browser", bench_browser_request, sizeof(bench_browser_request) - 1, true},
    {"response", bench_response, sizeof(bench_response) - 1, false},
};

static SXE_HTTP_HEADER bench_headers[BENCH_HEADERS];

/* Parse one case `iterations` times; returns the number of parses that did not return the whole input. */
static unsigned long __attribute__((noinline)) bench_run(const BENCH_CASE *c, unsigned long iterations)
{
    SXE_HTTP_REQUEST req = {.headers = bench_headers, .header_max = BENCH_HEADERS};
    SXE_HTTP_RESPONSE resp = {.headers = bench_headers, .header_max = BENCH_HEADERS};
    unsigned long bad = 0;
    int rc;

    for (unsigned long i = 0; i < iterations; i++) {
        const char *volatile text = c->text; /* keep the compiler from hoisting the parse out of the loop */

        rc = c->is_request ? sxe_http_parse_request(text, c->len, &req, SXE_HTTP_HEAD_MAX_DEFAULT)
                           : sxe_http_parse_response(text, c->len, &resp, SXE_HTTP_HEAD_MAX_DEFAULT, false);
        bad += rc != (int)c->len;
    }

    return bad;
}

static int bench_inner(unsigned long iterations)
{
    unsigned long bad = 0;

    for (unsigned i = 0; i < SXE_ARRAY_SIZE(bench_cases); i++) {
        bad += bench_run(&bench_cases[i], iterations / 100 + 1); /* warm up caches and branch predictors */
        CALLGRIND_ZERO_STATS;
        double start = sxe_get_time_in_seconds();
        bad += bench_run(&bench_cases[i], iterations);
        double elapsed = sxe_get_time_in_seconds() - start;
        CALLGRIND_DUMP_STATS_AT(bench_cases[i].name);

        if (!RUNNING_ON_VALGRIND) {
            printf("%-16s %4zu bytes  %8.1f ns/parse  (%lu parses)\n", bench_cases[i].name, bench_cases[i].len,
                   elapsed * 1e9 / (double)iterations, iterations);
        }
    }

    if (bad != 0) {
        fprintf(stderr, "bench-sxe-http: %lu parses did not return the expected head length\n", bad);
    }

    return bad == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* Read the "totals:" (or "summary:") Ir figure of one callgrind dump file. Returns 0 if not found. */
static uint64_t bench_callgrind_total(const char *path)
{
    char line[512];
    uint64_t total = 0;
    FILE *file = fopen(path, "r");

    if (file == NULL) {
        return 0;
    }

    while (fgets(line, sizeof(line), file) != NULL) {
        if (strncmp(line, "totals:", 7) == 0 || (total == 0 && strncmp(line, "summary:", 8) == 0)) {
            total = strtoull(strchr(line, ':') + 1, NULL, 10);
        }
    }

    fclose(file);
    return total;
}

/* Run this program under callgrind with instrumentation; print instructions per parse from the per-case dumps. */
static int bench_callgrind(const char *self, unsigned long iterations)
{
    char dir[] = "/tmp/bench-sxe-http-XXXXXX";
    char out[PATH_MAX + 64];
    char count[32];
    int status;
    pid_t pid;

    if (mkdtemp(dir) == NULL) {
        perror("bench-sxe-http: mkdtemp");
        return EXIT_FAILURE;
    }

    snprintf(out, sizeof(out), "--callgrind-out-file=%s/cg.out", dir);
    snprintf(count, sizeof(count), "%lu", iterations);

    if ((pid = fork()) == 0) {
        execlp("valgrind", "valgrind", "--tool=callgrind", "-q", out, self, count, (char *)NULL);
        perror("bench-sxe-http: exec valgrind (install it: bash .ci/deps install valgrind)");
        _exit(127);
    }

    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "bench-sxe-http: the run under callgrind failed\n");
        return EXIT_FAILURE;
    }

    /* Dumps are numbered in order: 1 .. 3 are the warm-up-free loops of the cases (dump 0 is never written by a
     * request; the final dump at exit is the last number). The file name is <out>.<dump number>. */
    for (unsigned i = 0; i < SXE_ARRAY_SIZE(bench_cases); i++) {
        char path[PATH_MAX];
        uint64_t total;

        snprintf(path, sizeof(path), "%s/cg.out.%u", dir, i + 1);
        total = bench_callgrind_total(path);
        printf("%-16s %4zu bytes  %8.1f instructions/parse  (callgrind, %lu parses)\n", bench_cases[i].name,
               bench_cases[i].len, (double)total / (double)iterations, iterations);
        unlink(path);
    }

    snprintf(out, sizeof(out), "%s/cg.out", dir);
    unlink(out);
    snprintf(out, sizeof(out), "%s/cg.out.%u", dir, (unsigned)SXE_ARRAY_SIZE(bench_cases) + 1);
    unlink(out);
    rmdir(dir);
    return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--callgrind") == 0) {
        if (!BENCH_HAVE_CALLGRIND) {
            fprintf(stderr, "bench-sxe-http: built without <valgrind/callgrind.h>, so --callgrind cannot mark the "
                            "cases: install valgrind (bash .ci/deps install valgrind) and rebuild\n");
            return 2;
        }

        return bench_callgrind(argv[0], argc > 2 ? strtoul(argv[2], NULL, 10) : 10000UL);
    }

    return bench_inner(argc > 1 ? strtoul(argv[1], NULL, 10) : 2000000UL);
}
