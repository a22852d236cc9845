/* sxe-log-level.c: run-time levels: the global level, per-component levels, the environment, and the per-file
 * level caches. Everything here is rare (a level change, a cache refresh) and runs under one mutex; the hot path is
 * the inline check in sxe-log.h, which only reads the cache and sxe_log_generation.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "sxe-log-private.h"

#define SXE_LOG_GENERATION_STEP  (SXE_LOG_CONTROL_LEVEL_MASK + 1)
#define SXE_LOG_ENV_PREFIX       "SXE_LOG_LEVEL"
#define SXE_LOG_ENV_BAD_MAX      8 /* malformed environment entries reported per read */
#define SXE_LOG_LEVEL_DIGITS_MAX 3 /* a level value in the environment has at most this many digits */

typedef struct SXE_LOG_COMPONENT_LEVEL {
    char name[SXE_LOG_COMPONENT_NAME_MAX + 1];
    unsigned level;
} SXE_LOG_COMPONENT_LEVEL;

extern char **environ;

unsigned sxe_log_generation = SXE_LOG_GENERATION_STEP;

static pthread_mutex_t sxe_log_level_mutex = PTHREAD_MUTEX_INITIALIZER;
static unsigned sxe_log_initialized;
static unsigned sxe_log_level_global = SXE_LOG_LEVEL_DEFAULT;
static SXE_LOG_COMPONENT_LEVEL sxe_log_components[SXE_LOG_COMPONENT_MAX];
static unsigned sxe_log_component_count;

static unsigned sxe_log_clamp(unsigned level)
{
    return level > SXE_LOG_LEVEL_MAX ? SXE_LOG_LEVEL_MAX : level;
}

/* Invalidates every per-file cache. Called with the mutex held. Skips 0, which marks a never-filled cache. */
static void sxe_log_bump_generation_locked(void)
{
    unsigned generation = sxe_log_generation + SXE_LOG_GENERATION_STEP;

    __atomic_store_n(&sxe_log_generation, generation == 0 ? SXE_LOG_GENERATION_STEP : generation, __ATOMIC_RELEASE);
}

static SXE_LOG_COMPONENT_LEVEL *sxe_log_find_component_locked(const char *name, size_t length)
{
    unsigned i;

    for (i = 0; i < sxe_log_component_count; i++) {
        if (strlen(sxe_log_components[i].name) == length && strncasecmp(sxe_log_components[i].name, name, length) == 0)
            return &sxe_log_components[i];
    }

    return NULL;
}

static SXE_RETURN sxe_log_set_component_level_locked(const char *name, size_t length, unsigned level)
{
    SXE_LOG_COMPONENT_LEVEL *component;
    SXE_RETURN result = SXE_RETURN_ERROR_BAD_PARAMETER;

    if (length == 0 || length > SXE_LOG_COMPONENT_NAME_MAX) goto SXE_ERROR_OUT;

    if ((component = sxe_log_find_component_locked(name, length)) == NULL) {
        result = SXE_RETURN_ERROR_BUFFER_FULL;

        if (sxe_log_component_count >= SXE_LOG_COMPONENT_MAX) goto SXE_ERROR_OUT;

        component = &sxe_log_components[sxe_log_component_count++];
        memcpy(component->name, name, length);
        component->name[length] = '\0';
    }

    component->level = sxe_log_clamp(level);
    sxe_log_bump_generation_locked();
    result = SXE_RETURN_OK;

SXE_EARLY_OR_ERROR_OUT:
    return result;
}

/* Parses a decimal level of 1 to SXE_LOG_LEVEL_DIGITS_MAX digits. Returns 0 on success, -1 when malformed. */
static int sxe_log_parse_level(const char *text, unsigned *level)
{
    unsigned value = 0;
    unsigned digits;

    for (digits = 0; text[digits] >= '0' && text[digits] <= '9'; digits++) {
        if (digits >= SXE_LOG_LEVEL_DIGITS_MAX) return -1;

        value = value * 10 + (unsigned)(text[digits] - '0');
    }

    if (digits == 0 || text[digits] != '\0') return -1;

    *level = sxe_log_clamp(value);
    return 0;
}

/* True when name (length bytes) is `prefix` or `prefix` followed by '_' and more. */
static bool sxe_log_name_is(const char *name, size_t length, const char *prefix)
{
    size_t prefix_length = strlen(prefix);

    return length >= prefix_length && strncmp(name, prefix, prefix_length) == 0 &&
           (length == prefix_length || name[prefix_length] == '_');
}

/* The libsxe components a classic name SXE_LOG_LEVEL_LIBSXE[_...] stands for (see sxe_log_read_environment()), as
 * a list of names ending with NULL; `general` is set for SXE_LOG_LEVEL_LIBSXE itself. NULL when name is not classic.
 */
static const char *const *sxe_log_classic_components(const char *name, size_t length, bool *general)
{
    static const char *const all[] = {"pool", "sxe", "http", NULL};
    static const char *const pool[] = {"pool", NULL};
    static const char *const http[] = {"http", NULL};
    static const char *const sxe[] = {"sxe", NULL};
    static const char *const none[] = {NULL};

    *general = false;

    if (!sxe_log_name_is(name, length, "LIBSXE")) return NULL;

    if (length == SXE_LITERAL_LENGTH("LIBSXE")) {
        *general = true;
        return all;
    }

    if (sxe_log_name_is(name, length, "LIBSXE_LIB_SXE_POOL")) return pool;
    if (sxe_log_name_is(name, length, "LIBSXE_LIB_SXE_HTTP")) return http;
    if (length == SXE_LITERAL_LENGTH("LIBSXE_LIB_SXE") || sxe_log_name_is(name, length, "LIBSXE_LIB_SXE_SXE"))
        return sxe;
    return none;
}

/* Applies one environment entry "SXE_LOG_LEVEL[_NAME]=N" if it belongs to this pass (pass 0: the global level and
 * the general classic name SXE_LOG_LEVEL_LIBSXE; pass 1: the rest, which may override them). Returns 0 if applied or
 * not ours, -1 if malformed (reported in pass 1 only).
 */
static int sxe_log_apply_environment_entry_locked(const char *entry, unsigned pass)
{
    const char *equals = strchr(entry, '=');
    const char *name = entry + SXE_LITERAL_LENGTH(SXE_LOG_ENV_PREFIX);
    const char *const *classic;
    bool general;
    unsigned level;

    if (equals == NULL || strncmp(entry, SXE_LOG_ENV_PREFIX, SXE_LITERAL_LENGTH(SXE_LOG_ENV_PREFIX)) != 0) return 0;

    if (name == equals) { /* SXE_LOG_LEVEL=N */
        if (pass != 0) return sxe_log_parse_level(equals + 1, &level);

        if (sxe_log_parse_level(equals + 1, &level) == 0) {
            sxe_log_level_global = level;
            sxe_log_bump_generation_locked();
        }

        return 0;
    }

    if (*name != '_') /* Some other variable, e.g. SXE_LOG_LEVELS */
        return 0;

    name++;
    classic = sxe_log_classic_components(name, (size_t)(equals - name), &general);

    if (pass != (general ? 0U : 1U)) return 0;

    if (sxe_log_parse_level(equals + 1, &level) < 0) return -1;

    if (classic == NULL) {
        return sxe_log_set_component_level_locked(name, (size_t)(equals - name), level) == SXE_RETURN_OK ? 0 : -1;
    }

    for (; *classic != NULL; classic++) {
        if (sxe_log_set_component_level_locked(*classic, strlen(*classic), level) != SXE_RETURN_OK) return -1;
    }

    return 0;
}

/* Reads the environment with the mutex held; remembers up to SXE_LOG_ENV_BAD_MAX malformed entries in bad[]. */
static unsigned sxe_log_read_environment_locked(const char **bad)
{
    unsigned bad_count = 0;
    char **entry;

    for (unsigned pass = 0; pass < 2; pass++) {
        for (entry = environ; entry != NULL && *entry != NULL; entry++) {
            if (sxe_log_apply_environment_entry_locked(*entry, pass) < 0 && bad_count < SXE_LOG_ENV_BAD_MAX)
                bad[bad_count++] = *entry;
        }
    }

    return bad_count;
}

/* The global level "when none is set": the environment's SXE_LOG_LEVEL, or the default. */
static unsigned sxe_log_unset_level(void)
{
    const char *text = getenv(SXE_LOG_ENV_PREFIX);
    unsigned level;

    return text != NULL && sxe_log_parse_level(text, &level) == 0 ? level : SXE_LOG_LEVEL_DEFAULT;
}

/* Reports malformed entries at level 3 (if the global level shows warnings). Called without the mutex. */
static void sxe_log_report_bad_environment(const char **bad, unsigned bad_count)
{
    char text[SXE_LOG_LINE_MAX];
    unsigned i;
    int length;

    for (i = 0; i < bad_count && sxe_log_get_level() >= SXE_LOG_LEVEL_WARNING; i++) {
        length = snprintf(text, sizeof(text), "Ignoring malformed log level setting in the environment: %s", bad[i]);
        sxe_log_text(SXE_LOG_LEVEL_WARNING, SXE_LOG_NO_ID, SXE_LOG_MARKER_LINE, text,
                     length < (int)sizeof(text) ? (unsigned)length : sizeof(text) - 1);
    }
}

/* Lock order: the sink mutex, then the level mutex. A custom sink runs under the sink mutex and may take the level
 * mutex (sxe_log_get_level(), or a log call whose cached level is refreshed), so fork() must take them in that order
 * too, or a fork racing with such a sink deadlocks.
 */
static void sxe_log_atfork_prepare(void)
{
    sxe_log_sink_lock();
    pthread_mutex_lock(&sxe_log_level_mutex);
}

static void sxe_log_atfork_parent(void)
{
    pthread_mutex_unlock(&sxe_log_level_mutex);
    sxe_log_sink_unlock();
}

static void sxe_log_atfork_child(void)
{
    pthread_mutex_unlock(&sxe_log_level_mutex);
    sxe_log_sink_unlock();
    sxe_log_forget_thread_identity();
}

void sxe_log_ensure_initialized(void)
{
    const char *bad[SXE_LOG_ENV_BAD_MAX];
    unsigned bad_count = 0;

    if (SXE_LIKELY(__atomic_load_n(&sxe_log_initialized, __ATOMIC_ACQUIRE))) return;

    pthread_mutex_lock(&sxe_log_level_mutex);

    if (!sxe_log_initialized) {
        bad_count = sxe_log_read_environment_locked(bad);
        pthread_atfork(sxe_log_atfork_prepare, sxe_log_atfork_parent, sxe_log_atfork_child);
        __atomic_store_n(&sxe_log_initialized, 1, __ATOMIC_RELEASE);
    }

    pthread_mutex_unlock(&sxe_log_level_mutex);
    sxe_log_report_bad_environment(bad, bad_count);
}

void sxe_log_read_environment(void)
{
    const char *bad[SXE_LOG_ENV_BAD_MAX];
    unsigned bad_count;

    sxe_log_ensure_initialized();
    pthread_mutex_lock(&sxe_log_level_mutex);
    bad_count = sxe_log_read_environment_locked(bad);
    pthread_mutex_unlock(&sxe_log_level_mutex);
    sxe_log_report_bad_environment(bad, bad_count);
}

SXE_LOG_LEVEL
sxe_log_set_level(SXE_LOG_LEVEL level)
{
    unsigned wanted = (unsigned)level == SXE_LOG_LEVEL_OVER_MAXIMUM ? sxe_log_unset_level() : (unsigned)level;
    unsigned previous;

    sxe_log_ensure_initialized();
    pthread_mutex_lock(&sxe_log_level_mutex);
    previous = sxe_log_level_global;
    sxe_log_level_global = sxe_log_clamp(wanted);
    sxe_log_bump_generation_locked();
    pthread_mutex_unlock(&sxe_log_level_mutex);
    return (SXE_LOG_LEVEL)previous;
}

SXE_LOG_LEVEL
sxe_log_decrease_level(SXE_LOG_LEVEL level)
{
    unsigned previous;

    sxe_log_ensure_initialized();
    pthread_mutex_lock(&sxe_log_level_mutex);
    previous = sxe_log_level_global;

    if ((unsigned)level < previous) {
        sxe_log_level_global = (unsigned)level;
        sxe_log_bump_generation_locked();
    }

    pthread_mutex_unlock(&sxe_log_level_mutex);
    return (SXE_LOG_LEVEL)previous;
}

SXE_LOG_LEVEL
sxe_log_get_level(void)
{
    unsigned level;

    sxe_log_ensure_initialized();
    pthread_mutex_lock(&sxe_log_level_mutex);
    level = sxe_log_level_global;
    pthread_mutex_unlock(&sxe_log_level_mutex);
    return (SXE_LOG_LEVEL)level;
}

void sxe_log_control_forget_all_levels(void)
{
    sxe_log_ensure_initialized();
    pthread_mutex_lock(&sxe_log_level_mutex);
    sxe_log_bump_generation_locked();
    pthread_mutex_unlock(&sxe_log_level_mutex);
}

SXE_RETURN
sxe_log_set_component_level(const char *component, unsigned level)
{
    SXE_RETURN result;

    if (component == NULL) {
        sxe_log_misuse("sxe_log_set_component_level", "NULL component");
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    sxe_log_ensure_initialized();
    pthread_mutex_lock(&sxe_log_level_mutex);
    result = sxe_log_set_component_level_locked(component, strlen(component), level);
    pthread_mutex_unlock(&sxe_log_level_mutex);
    return result;
}

void sxe_log_clear_component_level(const char *component)
{
    SXE_LOG_COMPONENT_LEVEL *found;

    if (component == NULL) {
        sxe_log_misuse("sxe_log_clear_component_level", "NULL component");
        return;
    }

    sxe_log_ensure_initialized();
    pthread_mutex_lock(&sxe_log_level_mutex);

    if ((found = sxe_log_find_component_locked(component, strlen(component))) != NULL) {
        *found = sxe_log_components[--sxe_log_component_count]; /* Order does not matter: move the last one */
        sxe_log_bump_generation_locked();
    }

    pthread_mutex_unlock(&sxe_log_level_mutex);
}

void sxe_log_clear_component_levels(void)
{
    sxe_log_ensure_initialized();
    pthread_mutex_lock(&sxe_log_level_mutex);
    sxe_log_component_count = 0;
    sxe_log_bump_generation_locked();
    pthread_mutex_unlock(&sxe_log_level_mutex);
}

static unsigned sxe_log_effective_level_locked(const char *component)
{
    SXE_LOG_COMPONENT_LEVEL *found = NULL;

    if (component != NULL) found = sxe_log_find_component_locked(component, strlen(component));

    return found != NULL ? found->level : sxe_log_level_global;
}

unsigned sxe_log_get_component_level(const char *component)
{
    unsigned level;

    if (component == NULL)
        sxe_log_misuse("sxe_log_get_component_level", "NULL component; the global level is returned");

    sxe_log_ensure_initialized();
    pthread_mutex_lock(&sxe_log_level_mutex);
    level = sxe_log_effective_level_locked(component);
    pthread_mutex_unlock(&sxe_log_level_mutex);
    return level;
}

/* Fills a per-file cache with the current generation and its component's effective level; returns the cache. */
unsigned sxe_log_control_refresh(SXE_LOG_CONTROL *control)
{
    unsigned cache;

    if (control == NULL) {
        sxe_log_misuse("sxe_log_control_refresh", "NULL control; the global level is returned");
        return sxe_log_generation | sxe_log_get_level();
    }

    sxe_log_ensure_initialized();
    pthread_mutex_lock(&sxe_log_level_mutex);
    cache = sxe_log_generation | sxe_log_effective_level_locked(control->component);
    __atomic_store_n(&control->cache, cache, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&sxe_log_level_mutex);
    return cache;
}
