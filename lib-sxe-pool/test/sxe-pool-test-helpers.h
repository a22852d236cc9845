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

/* Installs a log sink that notes whether a line at level 1 to 3 contains all of the words given (NULL matches any
 * line); test_expected_message_seen() restores the default sink and says whether such a line was logged.
 */
void test_expect_message(const char *word1, const char *word2, const char *word3);
bool test_expected_message_seen(void);

#endif
