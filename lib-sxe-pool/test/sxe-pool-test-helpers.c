/* Helpers shared by the pool's test suites. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sxe-log.h"
#include "sxe-pool-private.h"
#include "sxe-pool-test-helpers.h"

double test_clock_now = 1000.0;

double test_clock(void)
{
    return test_clock_now;
}

unsigned test_pool_check_consistency(void *array)
{
    SXE_POOL_HEADER *header = sxe_pool_private_get(array, __func__);

    ck_assert_ptr_nonnull(header);
    SXE_POOL_STATE *states = sxe_pool_private_states(header);
    SXE_POOL_NODE *nodes = sxe_pool_private_nodes(header);
    unsigned char *seen = calloc(header->number, 1);
    unsigned total = 0;
    unsigned state;

    ck_assert_ptr_nonnull(seen);
    ck_assert_uint_eq(header->journal_index, SXE_POOL_NO_INDEX);

    for (state = 0; state < header->number_of_states; state++) {
        unsigned prev = SXE_POOL_NO_INDEX;
        unsigned count = 0;
        unsigned id;

        for (id = states[state].head; id != SXE_POOL_NO_INDEX; prev = id, id = nodes[id].next) {
            ck_assert_uint_lt(id, header->number);
            ck_assert_msg(!seen[id], "element %u listed twice", id);
            seen[id] = 1;
            ck_assert_uint_eq(nodes[id].state, state);
            ck_assert_uint_eq(nodes[id].prev, prev);
            ck_assert(prev == SXE_POOL_NO_INDEX || nodes[prev].stamp < nodes[id].stamp);
            count++;
        }

        ck_assert_uint_eq(states[state].tail, prev);
        ck_assert_uint_eq(states[state].count, count);
        total += count;
    }

    ck_assert_uint_eq(total, header->number);
    free(seen);
    return total;
}

/* Coverage builds: an assert's abort() would lose the gcov counters of the lines that led there. Instrumented objects
 * always pull __gcov_merge_add from libgcov, so a weak reference to it tells a coverage build. There, exit() (which
 * writes the counters) is called from a forked copy of the process before re-raising SIGABRT (the parent still dies
 * by SIGABRT, as tcase_add_test_raise_signal expects).
 */
extern void __gcov_merge_add(void) __attribute__((weak));

static void test_dump_coverage_and_abort(int signal_number)
{
    pid_t pid = fork();

    if (pid == 0) {
        exit(0);
    }

    waitpid(pid, NULL, 0);
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

static void __attribute__((constructor)) test_install_coverage_dump(void)
{
    if (__gcov_merge_add != NULL) {
        signal(SIGABRT, test_dump_coverage_and_abort);
    }
}

static const char *expected_words[3];
static bool expected_seen;

static void test_message_sink(unsigned level, const char *line, unsigned length, void *user)
{
    unsigned i;

    SXE_UNUSED_ARGUMENT(user);
    SXE_UNUSED_ARGUMENT(length);

    if (level < SXE_LOG_LEVEL_FATAL || level > SXE_LOG_LEVEL_WARNING) {
        return;
    }

    for (i = 0; i < 3; i++) {
        if (expected_words[i] != NULL && strstr(line, expected_words[i]) == NULL) {
            return;
        }
    }

    expected_seen = true;
}

void test_expect_message(const char *word1, const char *word2, const char *word3)
{
    expected_words[0] = word1;
    expected_words[1] = word2;
    expected_words[2] = word3;
    expected_seen = false;
    sxe_log_set_sink(test_message_sink, NULL);
}

bool test_expected_message_seen(void)
{
    sxe_log_set_sink(NULL, NULL);
    return expected_seen;
}
