/* sxe-log-test-pool.c: a source file of component "pool", to test per-component levels. */
#define SXE_LOG_COMPONENT "pool"
#include "sxe-log-test.h"

int test_log_from_pool_component(unsigned level, const char *text)
{
    switch (level) {
        case 1:
            SXEL1("%s", text);
            return 1;
        case 2:
            SXEL2("%s", text);
            return 1;
        case 3:
            SXEL3("%s", text);
            return 1;
        case 4:
            SXEL4("%s", text);
            return 1;
        case 5:
            SXEL5("%s", text);
            return 1;
        case 6:
            SXEL6("%s", text);
            return SXE_LOG_DEBUG_BUILD;
        default:
            SXEL7("%s", text);
            return SXE_LOG_DEBUG_BUILD;
    }
}
