/* classic-syslog.c: classic SXE logging: the digit spellings, the line-out hook, options, decreasing and restoring the
 * level, the assert callback, and syslog with openlog() options -- with classic names only.
 *
 * The syslog part opens with LOG_PERROR, so that syslog also writes each message to stderr, where the test reads it.
 * Prints "classic-syslog: OK" and exits 0 when every check passed. Includes nothing but the classic SXE headers.
 */
#include "sxe.h" /* as in classic SXE, it gives <syslog.h> (LOG_PID, LOG_USER, ...) */
#include "sxe-log.h"
#include "sxe-util.h"

typedef struct THING {
    unsigned id;
} THING;

static char captured[SXE_LOG_BUFFER_SIZE];
static unsigned captures;
static int failed;

static void capture(SXE_LOG_LEVEL level, const char *line)
{
    SXE_UNUSED_PARAMETER(level);
    sxe_strlcpy(captured, line, sizeof(captured));
    captures++;
}

static void never_called(void)
{
    failed = 1;
}

static void check(int condition, const char *what)
{
    if (!condition) {
        fprintf(stderr, "classic-syslog: failed: %s (last line: %s)\n", what, captured);
        failed = 1;
    }
}

static void log_with_an_id(THING *this)
{
    SXEL31I("thing %u speaks", this->id);
}

int main(void)
{
    THING thing = {42};
    SXE_LOG_LINE_OUT_PTR original;
    SXE_LOG_LEVEL saved;

    SXE_LOG_ASSERT_SET_CALLBACK(never_called); /* no assert fails here */
    original = sxe_log_hook_line_out(capture);
    SXEL13("%s %d %s", "three", 3, "arguments");
    check(captures == 1 && sxe_strnstr(captured, "- three 3 arguments\n", sizeof(captured)) != NULL, "SXEL13");

    sxe_log_set_options(SXE_LOG_OPTION_LEVEL_TEXT | SXE_LOG_OPTION_ID_HEX);
    log_with_an_id(&thing);
    check(sxe_strnstr(captured, "0000002a WAR - thing 42 speaks", sizeof(captured)) != NULL, "options");
    sxe_log_set_options(0);

    saved = sxe_log_decrease_level(SXE_LOG_LEVEL_WARNING);
    SXEL40("not shown at level 3");
    check(captures == 2, "decreased level");
    sxe_log_set_level(saved);
    SXEL40("shown again");
    check(captures == 3, "restored level");

#if !SXE_DEBUG
    SXEL2A6(captures == 0, "SXEL2A6 in a release build logs when false");
    check(captures == 4 && sxe_strnstr(captured, " 2 - SXEL2A6", sizeof(captured)) != NULL, "SXEL2A6");
#endif

    check(sxe_log_hook_line_out(original) == capture, "the hook given back");
    sxe_log_use_syslog("classic-syslog", LOG_PID | LOG_PERROR, LOG_USER);
    SXEL20("through syslog, id field first");
    printf("classic-syslog: %s\n", failed ? "FAILED" : "OK");
    return failed;
}
