/* guard-page.c: see guard-page.h. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guard-page.h"

static char *guard_region;    /* readable pages followed by one PROT_NONE page */
static size_t guard_readable; /* bytes of readable pages                       */

const char *guard_page_copy(const void *data, size_t len)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);

    if (guard_region == NULL || len > guard_readable) {
        if (guard_region != NULL && munmap(guard_region, guard_readable + page) != 0) {
            perror("munmap");
            abort();
        }

        guard_readable = (len + page - 1) / page * page + page; /* at least one readable page */
        guard_region = mmap(NULL, guard_readable + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

        if (guard_region == MAP_FAILED || mprotect(guard_region + guard_readable, page, PROT_NONE) != 0) {
            perror("guard page");
            abort();
        }
    }

    if (len > 0) {
        memcpy(guard_region + guard_readable - len, data, len);
    }

    return guard_region + guard_readable - len;
}

const char *guard_page_string(const char *string)
{
    return guard_page_copy(string, strlen(string));
}
