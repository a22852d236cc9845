/* test-sxe-log-threads.c: several threads logging at once: every line whole, each thread with its own T field,
 * indentation and id; the main thread prints P; a forked child prints its own pid.
 */
#include <check.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../test/sxe-check.h"
#include "sxe-log-test.h"

#define THREADS        4
#define ROUNDS         40  /* 3 lines per round: THREADS * ROUNDS * 3 <= TEST_CAPTURE_LINES_MAX */
#define STDERR_LINES   200 /* per thread, in the stderr test */
#define LONG_TEXT_SIZE 900

static void setup(void)
{
    sxe_log_set_level(SXE_LOG_LEVEL_DEFAULT);
    test_capture_start();
}

static void teardown(void)
{
    test_capture_stop();
}

static void *nesting_thread(void *argument)
{
    unsigned number = (unsigned)(uintptr_t)argument;

    sxe_log_set_thread_id(100 + number);

    for (unsigned round = 0; round < ROUNDS; round++) {
        SXEE1("thread %u enter %u", number, round);
        SXEL1("thread %u line %u", number, round);
        SXER1("thread %u return %u", number, round);
    }

    return (void *)(uintptr_t)sxe_log_get_indent();
}

START_TEST(test_threads_have_their_own_identity_indentation_and_id)
{
    pthread_t threads[THREADS];
    char identity[THREADS][10];
    char expected[64];
    unsigned seen[THREADS] = {0};
    void *indent;

    memset(identity, 0, sizeof(identity));

    for (unsigned i = 0; i < THREADS; i++)
        ck_assert_int_eq(pthread_create(&threads[i], NULL, nesting_thread, (void *)(uintptr_t)i), 0);

    for (unsigned i = 0; i < THREADS; i++) {
        ck_assert_int_eq(pthread_join(threads[i], &indent), 0);
        ck_assert_ptr_null(indent);
    }

    ck_assert_uint_eq(test_capture_count(), THREADS * ROUNDS * 3);

    for (unsigned i = 0; i < test_capture_count(); i++) {
        const char *line = test_capture_line(i);
        const char *tail = test_capture_tail(i);
        unsigned number;
        unsigned round;
        char kind[8];

        ck_assert_ptr_nonnull(strstr(tail, "thread "));
        ck_assert_int_eq(sscanf(strstr(tail, "thread "), "thread %u %7s %u", &number, kind, &round), 3);
        ck_assert_uint_lt(number, THREADS);
        ck_assert_int_eq(line[20], 'T');

        if (identity[number][0] == '\0') memcpy(identity[number], line + 20, 9);

        ck_assert_int_eq(strncmp(identity[number], line + 20, 9), 0); /* Same thread, same T field */
        snprintf(expected, sizeof(expected), "   %u 1 %s thread %u %s %u", 100 + number,
                 seen[number] % 3 == 0   ? "+"
                 : seen[number] % 3 == 1 ? "  -"
                                         : "<",
                 number, kind, round);
        ck_assert_str_eq(tail, expected);
        ck_assert_uint_eq(round, seen[number] / 3);
        seen[number]++;
    }

    for (unsigned i = 0; i < THREADS; i++)
        for (unsigned j = i + 1; j < THREADS; j++)
            ck_assert_str_ne(identity[i], identity[j]);
}
END_TEST

START_TEST(test_main_thread_prints_process_id)
{
    char expected[16];

    SXEL1("main");
    snprintf(expected, sizeof(expected), "P%08x", (unsigned)getpid());
    ck_assert_int_eq(strncmp(test_capture_line(0) + 20, expected, 9), 0);
}
END_TEST

static void *long_line_thread(void *argument)
{
    char text[LONG_TEXT_SIZE + 1];

    memset(text, 'a' + (int)(uintptr_t)argument, LONG_TEXT_SIZE);
    text[LONG_TEXT_SIZE] = '\0';

    for (unsigned i = 0; i < STDERR_LINES; i++)
        SXEL2("%s", text);

    return NULL;
}

START_TEST(test_concurrent_lines_on_stderr_are_whole)
{
    static char output[THREADS * STDERR_LINES * (LONG_TEXT_SIZE + 64)];
    char path[] = "/tmp/test-sxe-log-threads-XXXXXX";
    int file = mkstemp(path);
    int saved = dup(STDERR_FILENO);
    pthread_t threads[THREADS];
    ssize_t length;
    unsigned lines = 0;
    char *line;
    char *next;

    test_capture_stop();
    ck_assert_int_ge(file, 0);
    unlink(path);
    ck_assert_int_ge(fcntl(file, F_SETFL, O_APPEND), 0);
    ck_assert_int_ge(dup2(file, STDERR_FILENO), 0);

    for (unsigned i = 0; i < THREADS; i++)
        ck_assert_int_eq(pthread_create(&threads[i], NULL, long_line_thread, (void *)(uintptr_t)i), 0);

    for (unsigned i = 0; i < THREADS; i++)
        ck_assert_int_eq(pthread_join(threads[i], NULL), 0);

    ck_assert_int_ge(dup2(saved, STDERR_FILENO), 0);
    close(saved);
    length = pread(file, output, sizeof(output) - 1, 0);
    close(file);
    ck_assert_int_gt(length, 0);
    output[length] = '\0';

    for (line = output; *line != '\0'; line = next + 1) {
        ck_assert_ptr_nonnull(next = strchr(line, '\n'));
        *next = '\0';
        ck_assert(test_line_prefix_is_valid(line));
        ck_assert_uint_eq(strlen(line), 30 + 11 + LONG_TEXT_SIZE);
        ck_assert_uint_eq(strspn(line + 41, "abcd"), LONG_TEXT_SIZE);
        ck_assert_uint_eq(strspn(line + 41, (char[]){line[41], '\0'}), LONG_TEXT_SIZE); /* One thread's text */
        lines++;
    }

    ck_assert_uint_eq(lines, THREADS * STDERR_LINES);
}
END_TEST

START_TEST(test_forked_child_prints_its_own_process_id)
{
    char expected[16];
    char line[SXE_LOG_LINE_MAX];
    int pipe_ends[2];
    pid_t child;
    ssize_t length;
    int status;

    SXEL1("parent caches its identity");
    test_capture_stop();
    ck_assert_int_eq(pipe(pipe_ends), 0);

    if ((child = fork()) == 0) {
        dup2(pipe_ends[1], STDERR_FILENO);
        SXEL1("child");
        _exit(0);
    }

    close(pipe_ends[1]);
    ck_assert_int_gt(child, 0);
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    length = read(pipe_ends[0], line, sizeof(line) - 1);
    close(pipe_ends[0]);
    ck_assert_int_gt(length, 0);
    line[length] = '\0';
    snprintf(expected, sizeof(expected), "P%08x", (unsigned)child);
    ck_assert_int_eq(strncmp(line + 20, expected, 9), 0);
    ck_assert_str_eq(line + 30, "------ 1 - child\n");
}
END_TEST

static volatile int sink_entered;
static volatile int fork_started;
static unsigned level_seen_in_sink;

/* A sink that reads the level (takes the level mutex) while a fork() is being prepared in another thread. */
static void level_reading_sink(unsigned level, const char *line, unsigned length, void *user)
{
    SXE_UNUSED_ARGUMENT(level);
    SXE_UNUSED_ARGUMENT(line);
    SXE_UNUSED_ARGUMENT(length);
    SXE_UNUSED_ARGUMENT(user);
    __atomic_store_n(&sink_entered, 1, __ATOMIC_SEQ_CST);

    while (!__atomic_load_n(&fork_started, __ATOMIC_SEQ_CST))
        usleep(1000);

    usleep(200000); /* Let fork()'s prepare handler run and block on the log's locks */
    level_seen_in_sink = sxe_log_get_level();
}

static void *forking_thread(void *argument)
{
    pid_t child;
    int status = -1;

    SXE_UNUSED_ARGUMENT(argument);

    while (!__atomic_load_n(&sink_entered, __ATOMIC_SEQ_CST))
        usleep(1000);

    __atomic_store_n(&fork_started, 1, __ATOMIC_SEQ_CST);

    if ((child = fork()) == 0) _exit(0);

    if (child > 0) waitpid(child, &status, 0);

    return (void *)(intptr_t)status;
}

START_TEST(test_fork_while_a_sink_reads_the_level_does_not_deadlock)
{
    pthread_t forker;
    void *status;

    test_capture_stop();
    sxe_log_set_sink(level_reading_sink, NULL);
    ck_assert_int_eq(pthread_create(&forker, NULL, forking_thread, NULL), 0);
    SXEL1("enter the sink");
    ck_assert_int_eq(pthread_join(forker, &status), 0);
    sxe_log_set_sink(NULL, NULL);
    ck_assert_int_eq((int)(intptr_t)status, 0);
    ck_assert_uint_eq(level_seen_in_sink, SXE_LOG_LEVEL_DEFAULT);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("sxe-log-threads");
    TCase *tc = tcase_create("threads");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_threads_have_their_own_identity_indentation_and_id);
    tcase_add_test(tc, test_main_thread_prints_process_id);
    tcase_add_test(tc, test_concurrent_lines_on_stderr_are_whole);
    tcase_add_test(tc, test_forked_child_prints_its_own_process_id);
    tcase_add_test(tc, test_fork_while_a_sink_reads_the_level_does_not_deadlock);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}
