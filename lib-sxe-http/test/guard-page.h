/* guard-page.h: test helper that places input right against an unreadable page, so any over-read crashes. */

#ifndef GUARD_PAGE_H
#define GUARD_PAGE_H

#include <stddef.h>

/* Copy data[0 .. len) so that its last byte is the last readable byte before a PROT_NONE page. Returns the copy,
 * valid until the next call (one mapping is reused and grown as needed; it is never freed). Aborts on mmap errors.
 */
const char *guard_page_copy(const void *data, size_t len);

/* Same as guard_page_copy(string, strlen(string)). */
const char *guard_page_string(const char *string);

#endif
