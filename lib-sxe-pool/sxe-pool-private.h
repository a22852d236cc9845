/* sxe-pool-private.h: the pool's memory layout. For the library and its tests only.
 *
 * One allocation (or one caller-provided region) holds, at offsets from the header:
 *   [0, SXE_POOL_HEADER_SIZE)              SXE_POOL_HEADER (shared part: no absolute pointers)
 *   [SXE_POOL_HEADER_SIZE, ...)            the caller's element array (64-byte aligned)
 *   [states_offset, ...)                   SXE_POOL_STATE per state (list head, tail, count, timeout)
 *   [nodes_offset, ...)                    SXE_POOL_NODE per element (state, prev, next, walk mark, stamp)
 * A private pool (sxe_pool_new*) also has its process-local part (SXE_POOL_LOCAL) in the SXE_POOL_LOCAL_SIZE bytes
 * just before the header, in the same mapping. Shared, constructed and attached pools keep their local part in a
 * per-process table of SXE_POOL_LOCAL_MAXIMUM entries.
 */
#ifndef SXE_POOL_PRIVATE_H
#define SXE_POOL_PRIVATE_H

#include <ev.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "sxe-pool.h"

#define SXE_POOL_MAGIC             0x4c4f4f50U /* "POOL" */
#define SXE_POOL_HEADER_SIZE       512 /* fixed: the array is found at header + this, the header at array - this */
#define SXE_POOL_ALIGNMENT         64  /* cache line */
#define SXE_POOL_FLAG_LOCAL_INLINE 0x1 /* header->flags: the local part is just before the header (private pool) */
#define SXE_POOL_OPTIONS_PUBLIC    (SXE_POOL_OPTION_LOCKED | SXE_POOL_OPTION_TIMED)

typedef struct SXE_POOL_NODE {
    uint32_t state;
    uint32_t prev;      /* index of the next older element in the same state, or SXE_POOL_NO_INDEX */
    uint32_t next;      /* index of the next newer element in the same state, or SXE_POOL_NO_INDEX */
    uint32_t walk_mark; /* id of the last walk that returned this element */
    uint64_t stamp;     /* ordered key: counter, or the time's bits transformed to sort as unsigned */
} SXE_POOL_NODE;

typedef struct SXE_POOL_STATE {
    uint32_t head; /* oldest */
    uint32_t tail; /* newest */
    uint32_t count;
    uint32_t reserved;
    double timeout; /* seconds, 0 = none */
} SXE_POOL_STATE;

typedef struct SXE_POOL_HEADER {
    uint32_t magic;
    uint32_t options;
    uint32_t flags;
    uint32_t number;
    uint32_t element_size;
    uint32_t number_of_states;
    uint64_t size;          /* bytes from the header to the end of the nodes */
    uint64_t states_offset; /* from the header */
    uint64_t nodes_offset;  /* from the header */
    uint64_t last_stamp;    /* newest stamp handed out; stamps strictly increase */
    uint32_t walk_id;       /* last walk id handed out */
    uint32_t lock_recoveries;
    uint32_t journal_index; /* element being moved under the lock, or SXE_POOL_NO_INDEX */
    uint32_t journal_old;   /* its old state */
    uint32_t journal_new;   /* its new state */
    char name[SXE_POOL_NAME_MAXIMUM_LENGTH + 1];
    pthread_mutex_t lock; /* robust; process-shared for shared pools */
} SXE_POOL_HEADER;

typedef struct SXE_POOL_LOCAL {
    SXE_POOL_HEADER *header; /* NULL: free table entry */
    SXE_POOL_EVENT_TIMEOUT event_timeout;
    void *caller_info;
    const char *(*state_to_string)(unsigned state);
    ev_timer timer;
    double timer_expiry; /* when timer_armed: clock time it is set for */
    bool timer_armed;
    /* sxe_pool_delete() from a timeout callback: sxe_pool_check_timeouts_of() deletes the pool when it returns */
    bool delete_pending;
    bool in_check; /* inside sxe_pool_check_timeouts_of: moves do not re-arm */
    bool manual;   /* classic sxe_pool_new_with_timeouts(): no timer, only sxe_pool_check_timeouts() checks */
    bool on_timed_list;
    struct SXE_POOL_LOCAL *next_timed; /* this process's pools with a timeout callback (sxe_pool_check_timeouts) */
    struct ev_loop *loop;              /* the loop of the timer (sxe_pool_set_loop); NULL: ev_default_loop(0) */
    pthread_t owner; /* the thread that made or attached it: its sxe_pool_check_timeouts() checks it */
    void *mapping;   /* sxe_pool_new*: what to munmap, else NULL */
    size_t mapping_size;
} SXE_POOL_LOCAL;

#define SXE_POOL_LOCAL_SIZE                                                                                            \
    (((sizeof(SXE_POOL_LOCAL) + SXE_POOL_ALIGNMENT - 1) / SXE_POOL_ALIGNMENT) * SXE_POOL_ALIGNMENT)

static inline SXE_POOL_HEADER *sxe_pool_private_header(void *array)
{
    return (SXE_POOL_HEADER *)((char *)array - SXE_POOL_HEADER_SIZE);
}

static inline SXE_POOL_STATE *sxe_pool_private_states(SXE_POOL_HEADER *header)
{
    return (SXE_POOL_STATE *)((char *)header + header->states_offset);
}

static inline SXE_POOL_NODE *sxe_pool_private_nodes(SXE_POOL_HEADER *header)
{
    return (SXE_POOL_NODE *)((char *)header + header->nodes_offset);
}

/* Take / release the pool's lock (no-ops on unlocked pools). Taking it recovers from a dead holder. */
void sxe_pool_private_lock(SXE_POOL_HEADER *header);
void sxe_pool_private_unlock(SXE_POOL_HEADER *header);

/* The header of a pool array, or NULL (logged at level 2, naming `function`) when array is NULL or not a pool. */
SXE_POOL_HEADER *sxe_pool_private_get(void *array, const char *function);
/* True when state is one of the pool's, else false (logged at level 2, naming `function`). */
bool sxe_pool_private_check_state(SXE_POOL_HEADER *header, unsigned state, const char *function);
SXE_POOL_LOCAL *sxe_pool_private_local(SXE_POOL_HEADER *header); /* NULL: this process has no handle */
const char *sxe_pool_private_state_name(SXE_POOL_HEADER *header, unsigned state, char *buffer, size_t size);
void sxe_pool_private_timer_note(SXE_POOL_HEADER *header, unsigned state); /* state became non-empty */
void sxe_pool_private_timer_stop(SXE_POOL_LOCAL *local);
void sxe_pool_private_timed_forget(SXE_POOL_LOCAL *local); /* off the list of pools with a timeout callback */
void sxe_pool_private_local_bind(SXE_POOL_LOCAL *local);   /* a new local part: the calling thread's loop and id */

extern double (*sxe_pool_private_clock)(void); /* see sxe_pool_set_clock() */

/* Stamps of TIMED pools are the bits of the time transformed so that they sort as unsigned integers: this gives
 * one comparison for both kinds of pools, and "the next representable double" is simply key + 1.
 */
static inline uint64_t sxe_pool_private_time_to_key(double time)
{
    uint64_t bits;

    memcpy(&bits, &time, sizeof(bits));
    return (bits >> 63) ? ~bits : bits | (1ULL << 63);
}

static inline double sxe_pool_private_key_to_time(uint64_t key)
{
    uint64_t bits = (key >> 63) ? key & ~(1ULL << 63) : ~key;
    double time;

    memcpy(&time, &bits, sizeof(time));
    return time;
}

#endif
