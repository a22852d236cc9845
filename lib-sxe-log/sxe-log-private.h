/* sxe-log-private.h: internals shared by the lib-sxe-log sources. Not installed for applications' use. */
#ifndef SXE_LOG_PRIVATE_H
#define SXE_LOG_PRIVATE_H

#include "sxe-log.h"

/* Width of "YYYYMMDD HHMMSS.mmm Pxxxxxxxx ": the id field of every line starts at this offset. */
#define SXE_LOG_PREFIX_LENGTH 30

/* Reads the environment once, on the first use of the log; cheap when already done. */
void sxe_log_ensure_initialized(void);

/* Formats and emits a line whose text is already formatted, ignoring the run-time level. */
void sxe_log_text(unsigned level, unsigned id, char marker, const char *text, unsigned length);

/* A public function was given an argument it cannot use (NULL): logs "function(): what" at level 2 when the global
 * level shows errors. Must not be called with the level mutex held.
 */
void sxe_log_misuse(const char *function, const char *what) __attribute__((cold));

/* Called from the child after fork(): forgets cached process and thread ids. */
void sxe_log_forget_thread_identity(void);

/* Locks held across fork() so that the child never inherits a locked mutex. */
void sxe_log_sink_lock(void);
void sxe_log_sink_unlock(void);

#endif
