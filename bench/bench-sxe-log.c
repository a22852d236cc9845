/* bench-sxe-log.c: the cost of logging, in nanoseconds per call, measured in one run:
 *   (a) a line filtered out at run time (SXEL5 with the level at 4): the cost every disabled log line pays
 *   (b) a line formatted and handed to a sink that discards it (formatting, escaping, prefix)
 *   (c) fprintf() of the same text to /dev/null, for comparison
 *   (d) a line written to the default stderr sink with stderr on /dev/null (adds one write() per line)
 * Usage: bench-sxe-log [iterations for (a), default 200000000]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sxe-log.h"

static void discarding_sink(unsigned level, const char *line, unsigned length, void *user)
{
    SXE_UNUSED_ARGUMENT(level);
    SXE_UNUSED_ARGUMENT(line);
    SXE_UNUSED_ARGUMENT(length);
    (*(unsigned long *)user)++;
}

static void report(const char *what, double start, unsigned long calls)
{
    printf("%-58s %10.2f ns/call  (%lu calls)\n", what, (sxe_get_time_in_seconds() - start) * 1e9 / (double)calls,
           calls);
}

int main(int argc, char **argv)
{
    unsigned long filtered_calls = argc > 1 ? strtoul(argv[1], NULL, 10) : 200000000UL;
    unsigned long written_calls = filtered_calls / 100 > 0 ? filtered_calls / 100 : 1;
    unsigned long sunk = 0;
    FILE *null_file = fopen("/dev/null", "w");
    int null_fd = open("/dev/null", O_WRONLY);
    int saved_stderr = dup(STDERR_FILENO);
    unsigned long i;
    double start;

    if (null_file == NULL || null_fd < 0 || saved_stderr < 0) {
        perror("bench-sxe-log: /dev/null");
        return EXIT_FAILURE;
    }

    printf("bench-sxe-log (%s build)\n", SXE_LOG_DEBUG_BUILD ? "debug" : "release");
    sxe_log_set_level(4);
    start = sxe_get_time_in_seconds();

    for (i = 0; i < filtered_calls; i++)
        SXEL5("filtered out %lu of %s", i, "bench");

    report("(a) SXEL5 filtered out at run time (level 4)", start, filtered_calls);

    sxe_log_set_level(5);
    sxe_log_set_sink(discarding_sink, &sunk);
    start = sxe_get_time_in_seconds();

    for (i = 0; i < written_calls; i++)
        SXEL5("written %lu of %s", i, "bench");

    report("(b) SXEL5 formatted into a discarding sink", start, written_calls);

    if (sunk != written_calls) {
        fprintf(stderr, "bench-sxe-log: the sink saw %lu lines, expected %lu\n", sunk, written_calls);
        return EXIT_FAILURE;
    }

    start = sxe_get_time_in_seconds();

    for (i = 0; i < written_calls; i++)
        fprintf(null_file, "written %lu of %s\n", i, "bench");

    report("(c) fprintf to /dev/null (stdio buffered)", start, written_calls);

    sxe_log_set_sink(NULL, NULL);
    dup2(null_fd, STDERR_FILENO);
    start = sxe_get_time_in_seconds();

    for (i = 0; i < written_calls; i++)
        SXEL5("written %lu of %s", i, "bench");

    dup2(saved_stderr, STDERR_FILENO);
    report("(d) SXEL5 to the stderr sink on /dev/null (one write each)", start, written_calls);
    fclose(null_file);
    close(null_fd);
    close(saved_stderr);
    return EXIT_SUCCESS;
}
