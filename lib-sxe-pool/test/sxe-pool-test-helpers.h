/* Helpers shared by the pool's test suites. */
#ifndef SXE_POOL_TEST_HELPERS_H
#define SXE_POOL_TEST_HELPERS_H

#include <check.h>
#include <stdbool.h>

/* Checks (with ck_assert) that every state's list is well linked, ordered by stamp, matches its count and the states
 * of its elements, and that every element is on exactly one list. Returns the total number of listed elements.
 */
unsigned test_pool_check_consistency(void *array);

/* A fake clock for timed pools: test_clock_now is what sxe_pool_set_clock(test_clock) reports. */
extern double test_clock_now;
double test_clock(void);

/* Log sink that _exit(SXE_POOL_TEST_MESSAGE_EXIT)s when a level 1 line contains all of the words given to
 * test_expect_fatal_message(), so that a test can prove what an assert said (tcase_add_exit_test).
 */
#define SXE_POOL_TEST_MESSAGE_EXIT 42
void test_expect_fatal_message(const char *word1, const char *word2, const char *word3);

#endif
