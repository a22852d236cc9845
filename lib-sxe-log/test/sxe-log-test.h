/* sxe-log-test.h: helpers shared by the lib-sxe-log test suites (linked into each test binary). */
#ifndef SXE_LOG_TEST_H
#define SXE_LOG_TEST_H

#include "sxe-log.h"

#define TEST_CAPTURE_LINES_MAX 512

/* Installs a sink that stores lines in memory (dropping any earlier ones). */
void test_capture_start(void);

/* Restores the default sink (stderr). */
void test_capture_stop(void);

/* Number of lines captured since test_capture_start(). */
unsigned test_capture_count(void);

/* Captured line i without its newline (NULL if there is none). */
const char *test_capture_line(unsigned i);

/* Level the sink received with line i. */
unsigned test_capture_level(unsigned i);

/* Captured line i after its date, time and thread fields, which are checked against their format and masked:
 * "------ 1 - text". Fails the test when line i is missing or its prefix is malformed.
 */
const char *test_capture_tail(unsigned i);

/* Returns 1 when a whole line (newline excluded) has the prefix format "YYYYMMDD HHMMSS.mmm [PT]xxxxxxxx ". */
int test_line_prefix_is_valid(const char *line);

/* Logs one line at `level` from a source file whose component is "pool" (helper for component tests). Returns 1
 * if the line was compiled in for that level.
 */
int test_log_from_pool_component(unsigned level, const char *text);

#endif
