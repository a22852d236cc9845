/* sxe-check.h: what every Check suite of the tree shares: the one main (sxe_test_run(), SXE_TEST_MAIN) and the one way
 * to skip a test (sxe_test_skip()).
 *
 * Check has no skip, and a test that returns early passes. So a test whose precondition is missing (a tool that is not
 * installed, a kernel setting, a measurement that means nothing under valgrind or ASan) calls sxe_test_skip(reason):
 * the line
 *
 *     SKIP: <program>: <test>: <reason>
 *
 * goes to stdout and the test's process ends. sxe_test_run() counts it as skipped, never as passed, and ends with
 *
 *     <program>: N passed, M failed, K skipped
 *
 * which the suite runner, .ci/run-tests, adds up together with every SKIP line into the totals of `make test`,
 * `make valgrind` and `make soak`. A missing precondition that `make test` itself provides (an example binary) is a
 * failure, not a skip.
 *
 * Header only, Check and libc: the suites of every library include it by its relative path
 * ("../../test/sxe-check.h"), so no library's tests need another include path.
 */
#ifndef SXE_CHECK_H
#define SXE_CHECK_H

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SXE_TEST_TIMEOUT    30  /* seconds per test in SXE_TEST_MAIN (times CK_TIMEOUT_MULTIPLIER) */
#define SXE_TEST_REASON_MAX 512 /* bytes of a skip reason kept */
#define SXE_TEST_SKIP_ENV   "SXE_TEST_SKIP_CHANNEL" /* "FD PID": the pipe skips are counted on, and the runner's pid */

/* Ends the running test as skipped, for the reason given as a printf format: prints the SKIP line (above) and exits
 * the test's process (Check's fork mode, the default) after telling sxe_test_run(); a checked fixture's teardown does
 * not run, so a test cleans up what it made before it skips. Outside a forked test of sxe_test_run() (CK_FORK=no, or a
 * main that is not sxe_test_run()) a test cannot end uncounted: it fails with the reason instead. Never returns.
 */
static inline void sxe_test_skip(const char *format, ...) __attribute__((noreturn, format(printf, 1, 2)));

static inline void sxe_test_skip(const char *format, ...)
{
    char reason[SXE_TEST_REASON_MAX];
    const char *channel = getenv(SXE_TEST_SKIP_ENV);
    long runner = 0;
    int fd = -1;
    va_list args;

    va_start(args, format);
    vsnprintf(reason, sizeof(reason), format, args);
    va_end(args);

    if (channel == NULL || sscanf(channel, "%d %ld", &fd, &runner) != 2 || runner == (long)getpid()) {
        ck_abort_msg("not skipped, failed: only a forked test of sxe_test_run() can skip (CK_FORK=no?): %s", reason);
    }

    printf("SKIP: %s: %s: %s\n", program_invocation_short_name, tcase_name(), reason);
    fflush(stdout);

    if (write(fd, "s", 1) != 1) {
        ck_abort_msg("cannot tell the runner that this test is skipped (%s): %s", strerror(errno), reason);
    }

    exit(EXIT_SUCCESS);
}

/* True when $SXE_TEST_UNDER_VALGRIND is set and not "0" (make valgrind): for the tests that must skip there (valgrind
 * refuses setrlimit(RLIMIT_NOFILE); VmRSS includes valgrind's own memory).
 */
static inline bool sxe_test_under_valgrind(void)
{
    const char *text = getenv("SXE_TEST_UNDER_VALGRIND");

    return text != NULL && text[0] != '\0' && text[0] != '0';
}

/* True in a ThreadSanitizer build (make test TSAN=1). Its shadow memory grows as the process touches memory, so
 * resident memory means nothing there: a test of it skips (the examples a test starts are built in the same mode).
 */
static inline bool sxe_test_under_tsan(void)
{
#if defined(__SANITIZE_THREAD__)
    return true;
#else
    return false;
#endif
}

/* For a test whose last check is of a server's resident memory, once everything else it checks has passed: skips it
 * (never returns) under valgrind, whose own memory moves VmRSS as it translates code and tracks allocations, under
 * AddressSanitizer, whose allocator and shadow memory move it on their own (the access log's test saw +56 to +64 kB
 * over 20,000 requests in some runs of the same build and none in others), and under ThreadSanitizer, whose shadow
 * memory grows as the process touches memory; returns otherwise. The release and debug builds check it.
 */
static inline void sxe_test_skip_resident_memory_check(void)
{
#if defined(__SANITIZE_ADDRESS__)
    sxe_test_skip("VmRSS under AddressSanitizer counts its allocator's and shadow memory's own moves: all but resident "
                  "memory passed");
#endif

    if (sxe_test_under_valgrind()) {
        sxe_test_skip("VmRSS under valgrind counts valgrind's own, moving, memory: all but resident memory passed");
    }

    if (sxe_test_under_tsan()) {
        sxe_test_skip("VmRSS under ThreadSanitizer counts its shadow memory: all but resident memory passed");
    }
}

/* Runs every test of suite (Check's fork mode unless CK_FORK=no; CK_VERBOSITY, CK_RUN_CASE and the other CK_
 * variables apply), prints Check's report, then the totals line "<program>: N passed, M failed, K skipped". Frees the
 * suite. Returns the process exit status: EXIT_SUCCESS when no test failed (skipped tests do not fail a suite).
 */
static inline int sxe_test_run(Suite *suite)
{
    SRunner *runner = srunner_create(suite);
    char channel[64];
    int skips[2];
    int run;
    int failed;
    int skipped = 0;
    char byte;

    if (pipe2(skips, O_CLOEXEC | O_NONBLOCK) != 0) {
        fprintf(stderr, "%s: cannot create the skip pipe: %s\n", program_invocation_short_name, strerror(errno));
        srunner_free(runner);
        return EXIT_FAILURE;
    }

    snprintf(channel, sizeof(channel), "%d %ld", skips[1], (long)getpid());
    setenv(SXE_TEST_SKIP_ENV, channel, 1);
    srunner_run_all(runner, CK_ENV);
    run = srunner_ntests_run(runner);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    unsetenv(SXE_TEST_SKIP_ENV);

    while (read(skips[0], &byte, 1) == 1) {
        skipped++;
    }

    close(skips[0]);
    close(skips[1]);
    printf("%s: %d passed, %d failed, %d skipped\n", program_invocation_short_name,
           run - failed - skipped > 0 ? run - failed - skipped : 0, failed, skipped);
    fflush(stdout);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* main() of a suite with one test case named `name`, each test allowed SXE_TEST_TIMEOUT seconds:
 * SXE_TEST_MAIN("sxe-timer", test_one_shot_timer_fires_once, test_repeating_timer_can_stop_itself)
 */
#define SXE_TEST_MAIN(name, ...)                                                                                       \
    int main(void)                                                                                                     \
    {                                                                                                                  \
        Suite *suite = suite_create(name);                                                                             \
        TCase *tc = tcase_create(name);                                                                                \
        const TTest *tests[] = {__VA_ARGS__};                                                                          \
        tcase_set_timeout(tc, SXE_TEST_TIMEOUT);                                                                       \
        for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {                                              \
            _tcase_add_test(tc, tests[i], 0, 0, 0, 1);                                                                 \
        }                                                                                                              \
        suite_add_tcase(suite, tc);                                                                                    \
        return sxe_test_run(suite);                                                                                    \
    }

#endif
