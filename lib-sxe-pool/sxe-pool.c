/* sxe-pool.c: pool creation, layout, the lock and its dead-holder recovery, state moves and queries.
 * Timeouts are in sxe-pool-timeout.c, the walker in sxe-pool-walker.c. Layout: sxe-pool-private.h.
 */
#define SXE_LOG_COMPONENT "pool"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "sxe-log.h"
#include "sxe-pool-private.h"

_Static_assert(sizeof(SXE_POOL_HEADER) <= SXE_POOL_HEADER_SIZE, "pool header does not fit its fixed size");
_Static_assert(SXE_POOL_HEADER_SIZE % SXE_POOL_ALIGNMENT == 0, "pool header size must keep the array aligned");
_Static_assert(sizeof(SXE_POOL_NODE) == SXE_POOL_OVERHEAD_PER_ELEMENT, "documented per-element overhead is wrong");

#define POOL_BARRIER()    __asm__ __volatile__("" ::: "memory") /* keeps a move's phases in order for repair */
#define POOL_SIZE_MAXIMUM (SIZE_MAX / 4)                        /* larger layouts count as overflowing */

static SXE_POOL_LOCAL pool_locals[SXE_POOL_LOCAL_MAXIMUM]; /* local parts of shared/constructed/attached pools */
static pthread_mutex_t pool_locals_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- layout --------------------------------------------------------------------------------------------------- */

/* Rounds *value up to SXE_POOL_ALIGNMENT; false when that overflows. */
static bool pool_round_up(uint64_t *value)
{
    bool ok = !__builtin_add_overflow(*value, SXE_POOL_ALIGNMENT - 1, value);

    *value &= ~(uint64_t)(SXE_POOL_ALIGNMENT - 1);
    return ok;
}

/* Offsets of the states and nodes from the header and the total size; false when the size overflows. The array
 * (at most (2^32 - 1)^2 bytes) and the states (at most 2^37) cannot overflow 64 bits; the nodes can.
 */
static bool pool_layout(unsigned number, unsigned element_size, unsigned number_of_states, uint64_t *states_offset,
                        uint64_t *nodes_offset, uint64_t *size)
{
    uint64_t offset = (uint64_t)number * element_size;
    bool ok = !__builtin_add_overflow(offset, SXE_POOL_HEADER_SIZE, &offset) && pool_round_up(&offset);

    *states_offset = offset;
    ok = ok && !__builtin_add_overflow(offset, (uint64_t)number_of_states * sizeof(SXE_POOL_STATE), &offset);
    *nodes_offset = offset; /* states are 24 bytes: nodes stay 8-byte aligned */
    ok = ok && !__builtin_add_overflow(offset, (uint64_t)number * sizeof(SXE_POOL_NODE), &offset);
    ok = ok && pool_round_up(&offset) && offset <= POOL_SIZE_MAXIMUM - SXE_POOL_LOCAL_SIZE;
    *size = offset;
    return ok;
}

size_t sxe_pool_size(unsigned number, unsigned element_size, unsigned number_of_states)
{
    uint64_t states_offset, nodes_offset, size;

    return pool_layout(number, element_size, number_of_states, &states_offset, &nodes_offset, &size) ? size : 0;
}

/* The constructors' arguments: false (logged at level 2, naming `function`) when one is unusable. */
static bool pool_check_arguments(const char *name, unsigned number, unsigned number_of_states, unsigned options,
                                 const char *function)
{
    if (name == NULL || strlen(name) > SXE_POOL_NAME_MAXIMUM_LENGTH) {
        SXEL2("%s(name=%s): the name is NULL or longer than %u bytes", function, name != NULL ? name : "NULL",
              SXE_POOL_NAME_MAXIMUM_LENGTH);
    } else if (number == 0 || number == SXE_POOL_NO_INDEX) {
        SXEL2("%s(name=%s): number of elements %u is not 1..%u", function, name, number, SXE_POOL_NO_INDEX - 1);
    } else if (number_of_states == 0 || number_of_states == SXE_POOL_NO_INDEX) {
        SXEL2("%s(name=%s): number of states %u is not 1..%u", function, name, number_of_states, SXE_POOL_NO_INDEX - 1);
    } else if ((options & ~SXE_POOL_OPTIONS_PUBLIC) != 0) {
        SXEL2("%s(name=%s): unknown option bits 0x%x", function, name, options);
    } else {
        return true;
    }

    return false;
}

/* Logs (level 2, naming `function`) why `array` is not a pool. Returns NULL. */
static SXE_POOL_HEADER *__attribute__((cold, noinline)) pool_not_a_pool(void *array, const char *function)
{
    if (array == NULL) {
        SXEL2("%s(NULL): not a pool (the result of a failed constructor?)", function);
    } else {
        SXEL2("%s(%p): not a pool (never made, or deleted)", function, array);
    }

    return NULL;
}

/* The header of a pool array, or NULL (logged, naming `function`) when array is NULL or not a pool. */
static inline SXE_POOL_HEADER *pool_get(void *array, const char *function)
{
    if (SXE_UNLIKELY(array == NULL) || SXE_UNLIKELY(sxe_pool_private_header(array)->magic != SXE_POOL_MAGIC)) {
        return pool_not_a_pool(array, function);
    }

    return sxe_pool_private_header(array);
}

/* ---- stamps and list moves ------------------------------------------------------------------------------------ */

/* The hot paths pass the pool's options as an argument: called with the constant 0 (an unlocked, untimed pool), the
 * always-inlined helpers below compile to the bare list operations, with no lock, journal, clock or timeout test.
 */
#define POOL_OPTIONS_FAST 0 /* options of the pools the fast paths serve: unlocked and untimed */

static inline __attribute__((always_inline)) uint64_t pool_next_stamp(SXE_POOL_HEADER *header, unsigned options)
{
    uint64_t stamp = header->last_stamp + 1;

    if (options & SXE_POOL_OPTION_TIMED) {
        uint64_t now = sxe_pool_private_time_to_key(sxe_pool_private_clock());

        stamp = now > stamp ? now : stamp;
    }

    header->last_stamp = stamp;
    return stamp;
}

/* Unlinks element id from its state's list. is_head: the caller knows that id is the list's head (a constant true
 * lets the compiler drop the test of prev).
 */
static inline __attribute__((always_inline)) void pool_unlink(SXE_POOL_STATE *list, SXE_POOL_NODE *nodes, unsigned id,
                                                              bool is_head)
{
    SXE_POOL_NODE *node = &nodes[id];
    unsigned prev = is_head ? SXE_POOL_NO_INDEX : node->prev;
    unsigned next = node->next;

    list->count--;

    if (prev == SXE_POOL_NO_INDEX) {
        list->head = next;
    } else {
        nodes[prev].next = next;
    }

    if (next == SXE_POOL_NO_INDEX) {
        list->tail = prev;
    } else {
        nodes[next].prev = prev;
    }
}

static inline __attribute__((always_inline)) void pool_link_newest(SXE_POOL_STATE *list, SXE_POOL_NODE *nodes,
                                                                   unsigned id)
{
    unsigned tail = list->tail;

    list->count++;
    nodes[id].prev = tail;
    nodes[id].next = SXE_POOL_NO_INDEX;

    if (tail == SXE_POOL_NO_INDEX) {
        list->head = id;
    } else {
        nodes[tail].next = id;
    }

    list->tail = id;
}

/* Moves element id (in old_state) to the newest end of new_state; lock held; options are header->options. Locked
 * pools journal the move so that a holder dying half way can be repaired (pool_repair). Returns true when the pool's
 * timer may need to hear of it: new_state has a timeout (only TIMED pools have timeouts) and was empty.
 */
static inline __attribute__((always_inline)) bool pool_move(SXE_POOL_HEADER *header, unsigned options, unsigned id,
                                                            unsigned old_state, unsigned new_state, bool is_head)
{
    SXE_POOL_STATE *states = sxe_pool_private_states(header);
    SXE_POOL_NODE *nodes = sxe_pool_private_nodes(header);
    bool journal = options & SXE_POOL_OPTION_LOCKED;

    if (journal) {
        header->journal_old = old_state;
        header->journal_new = new_state;
        POOL_BARRIER();
        header->journal_index = id;
        POOL_BARRIER();
    }

    pool_unlink(&states[old_state], nodes, id, is_head);
    POOL_BARRIER();
    nodes[id].state = new_state;
    nodes[id].stamp = pool_next_stamp(header, options);
    pool_link_newest(&states[new_state], nodes, id);

    if (journal) {
        POOL_BARRIER();
        header->journal_index = SXE_POOL_NO_INDEX;
    }

    return (options & SXE_POOL_OPTION_TIMED) && SXE_UNLIKELY(states[new_state].timeout > 0.0) &&
           states[new_state].head == id;
}

/* ---- the lock and recovery from a dead holder ----------------------------------------------------------------- */

/* Rebuilds one state's list by following `next` from its head, leaving out element `skip`: the forward chain of a
 * list is complete at every point of a move (see pool_move), whatever the prev links, tail and count say.
 */
static void pool_rebuild_list(SXE_POOL_HEADER *header, unsigned state, unsigned skip)
{
    SXE_POOL_STATE *list = &sxe_pool_private_states(header)[state];
    SXE_POOL_NODE *nodes = sxe_pool_private_nodes(header);
    unsigned id = list->head;
    unsigned prev = SXE_POOL_NO_INDEX;
    unsigned count = 0;
    unsigned steps = 0;

    list->head = SXE_POOL_NO_INDEX;

    while (id != SXE_POOL_NO_INDEX && id < header->number && steps++ <= header->number) {
        unsigned next = nodes[id].next;

        if (id != skip && nodes[id].state == state) {
            nodes[id].prev = prev;

            if (prev == SXE_POOL_NO_INDEX) {
                list->head = id;
            } else {
                nodes[prev].next = id;
            }

            prev = id;
            count++;
        }

        id = next;
    }

    if (prev != SXE_POOL_NO_INDEX) {
        nodes[prev].next = SXE_POOL_NO_INDEX;
    }

    list->tail = prev;
    list->count = count;
}

/* Called with the lock just taken from a holder that died. If it died inside pool_move, finishes that move. */
static void pool_repair(SXE_POOL_HEADER *header)
{
    unsigned id = header->journal_index;
    unsigned old_state = header->journal_old;
    unsigned new_state = header->journal_new;

    if (id == SXE_POOL_NO_INDEX) {
        SXEL3("pool %s: a process or thread died holding the lock outside a move; nothing to repair", header->name);
        goto SXE_EARLY_OUT;
    }

    SXEA1(id < header->number && old_state < header->number_of_states && new_state < header->number_of_states,
          "pool %s: journal is corrupt (index %u, states %u -> %u)", header->name, id, old_state, new_state);
    SXEL3("pool %s: a process or thread died holding the lock while moving element %u from state %u to %u; repairing",
          header->name, id, old_state, new_state);
    pool_rebuild_list(header, old_state, id);

    if (new_state != old_state) {
        pool_rebuild_list(header, new_state, id);
    }

    sxe_pool_private_nodes(header)[id].state = new_state;
    sxe_pool_private_nodes(header)[id].stamp = pool_next_stamp(header, header->options);
    pool_link_newest(&sxe_pool_private_states(header)[new_state], sxe_pool_private_nodes(header), id);
    header->journal_index = SXE_POOL_NO_INDEX;

SXE_EARLY_OR_ERROR_OUT:
    return;
}

static void pool_lock_recover(SXE_POOL_HEADER *header, int result)
{
    SXEA1(result == EOWNERDEAD, "pool %s: pthread_mutex_lock failed: %s", header->name, strerror(result));
    pool_repair(header);
    header->lock_recoveries++;
    SXEV1(pthread_mutex_consistent(&header->lock), == 0, "pool %s: pthread_mutex_consistent failed", header->name);
}

static inline __attribute__((always_inline)) void pool_lock(SXE_POOL_HEADER *header, unsigned options)
{
    if (options & SXE_POOL_OPTION_LOCKED) {
        int result = pthread_mutex_lock(&header->lock);

        if (SXE_UNLIKELY(result != 0)) {
            pool_lock_recover(header, result);
        }
    }
}

static inline __attribute__((always_inline)) void pool_unlock(SXE_POOL_HEADER *header, unsigned options)
{
    if (options & SXE_POOL_OPTION_LOCKED) {
        pthread_mutex_unlock(&header->lock);
    }
}

void sxe_pool_private_lock(SXE_POOL_HEADER *header)
{
    pool_lock(header, header->options);
}

void sxe_pool_private_unlock(SXE_POOL_HEADER *header)
{
    pool_unlock(header, header->options);
}

/* ---- construction --------------------------------------------------------------------------------------------- */

static void pool_init_lock(SXE_POOL_HEADER *header, bool shared)
{
    pthread_mutexattr_t attributes;

    pthread_mutexattr_init(&attributes);
    pthread_mutexattr_setrobust(&attributes, PTHREAD_MUTEX_ROBUST);
    pthread_mutexattr_setpshared(&attributes, shared ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE);
    SXEV1(pthread_mutex_init(&header->lock, &attributes), == 0, "pool %s: pthread_mutex_init failed", header->name);
    pthread_mutexattr_destroy(&attributes);
}

/* Builds the shared part at `header`: all elements in state 0, oldest first in index order. */
static void pool_init(SXE_POOL_HEADER *header, const char *name, unsigned number, unsigned element_size,
                      unsigned number_of_states, unsigned options, unsigned flags, const uint64_t layout[3])
{
    SXE_POOL_STATE *states;
    SXE_POOL_NODE *nodes;
    unsigned i;

    memset(header, 0, SXE_POOL_HEADER_SIZE);
    header->options = options;
    header->flags = flags;
    header->number = number;
    header->element_size = element_size;
    header->number_of_states = number_of_states;
    header->states_offset = layout[0];
    header->nodes_offset = layout[1];
    header->size = layout[2];
    header->journal_index = SXE_POOL_NO_INDEX;
    strcpy(header->name, name);
    pool_init_lock(header, !(flags & SXE_POOL_FLAG_LOCAL_INLINE));
    states = sxe_pool_private_states(header);
    nodes = sxe_pool_private_nodes(header);

    for (i = 0; i < number_of_states; i++) {
        states[i] = (SXE_POOL_STATE){SXE_POOL_NO_INDEX, SXE_POOL_NO_INDEX, 0, 0, 0.0};
    }

    for (i = 0; i < number; i++) {
        nodes[i] = (SXE_POOL_NODE){0, SXE_POOL_NO_INDEX, SXE_POOL_NO_INDEX, 0, 0};
        pool_link_newest(&states[0], nodes, i);
        nodes[i].stamp = pool_next_stamp(header, options);
    }

    POOL_BARRIER();
    header->magic = SXE_POOL_MAGIC;
}

/* Finds (or creates) this process's local part for a shared/constructed/attached pool. NULL when the table is full. */
static SXE_POOL_LOCAL *pool_local_register(SXE_POOL_HEADER *header, const char *name)
{
    SXE_POOL_LOCAL *local = NULL;
    SXE_POOL_LOCAL *spare = NULL;
    unsigned i;

    pthread_mutex_lock(&pool_locals_lock);

    for (i = 0; i < SXE_POOL_LOCAL_MAXIMUM && local == NULL; i++) {
        if (pool_locals[i].header == header) {
            local = &pool_locals[i];
        } else if (spare == NULL && pool_locals[i].header == NULL) {
            spare = &pool_locals[i];
        }
    }

    if (local == NULL && spare != NULL) {
        memset(spare, 0, sizeof(*spare));
        sxe_pool_private_local_bind(spare);
        __atomic_store_n(&spare->header, header, __ATOMIC_RELEASE);
        local = spare;
    }

    pthread_mutex_unlock(&pool_locals_lock);

    if (local == NULL) {
        SXEL2("pool %s: this process already has %u shared pools open (SXE_POOL_LOCAL_MAXIMUM)", name,
              SXE_POOL_LOCAL_MAXIMUM);
    }

    return local;
}

SXE_POOL_LOCAL *sxe_pool_private_local(SXE_POOL_HEADER *header)
{
    SXE_POOL_LOCAL *local = NULL;
    unsigned i;

    if (header->flags & SXE_POOL_FLAG_LOCAL_INLINE) {
        return (SXE_POOL_LOCAL *)((char *)header - SXE_POOL_LOCAL_SIZE);
    }

    for (i = 0; i < SXE_POOL_LOCAL_MAXIMUM && local == NULL; i++) {
        if (__atomic_load_n(&pool_locals[i].header, __ATOMIC_ACQUIRE) == header) {
            local = &pool_locals[i];
        }
    }

    return local;
}

void *sxe_pool_new(const char *name, unsigned number, unsigned element_size, unsigned number_of_states,
                   unsigned options)
{
    uint64_t layout[3];
    void *base = MAP_FAILED;
    void *array = NULL;
    SXE_POOL_LOCAL *local;
    SXE_POOL_HEADER *header;

    SXEE6("sxe_pool_new(name=%s, number=%u, element_size=%u, number_of_states=%u, options=0x%x)",
          name ? name : "(null)", number, element_size, number_of_states, options);

    if (!pool_check_arguments(name, number, number_of_states, options, "sxe_pool_new")) {
        goto SXE_ERROR_OUT;
    }

    if (!pool_layout(number, element_size, number_of_states, &layout[0], &layout[1], &layout[2])) {
        SXEL2("pool %s: size of %u elements of %u bytes with %u states overflows", name, number, element_size,
              number_of_states);
        goto SXE_ERROR_OUT;
    }

    base = mmap(NULL, SXE_POOL_LOCAL_SIZE + layout[2], PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (base == MAP_FAILED) {
        SXEL2("pool %s: cannot allocate %llu bytes: %s", name, (unsigned long long)(SXE_POOL_LOCAL_SIZE + layout[2]),
              strerror(errno));
        goto SXE_ERROR_OUT;
    }

    local = base;
    header = (SXE_POOL_HEADER *)((char *)base + SXE_POOL_LOCAL_SIZE);
    pool_init(header, name, number, element_size, number_of_states, options, SXE_POOL_FLAG_LOCAL_INLINE, layout);
    local->header = header;
    sxe_pool_private_local_bind(local);
    local->mapping = base;
    local->mapping_size = SXE_POOL_LOCAL_SIZE + layout[2];
    array = (char *)header + SXE_POOL_HEADER_SIZE;

SXE_EARLY_OR_ERROR_OUT:
    SXER6("return array=%p", array);
    return array;
}

void *sxe_pool_construct(void *memory, const char *name, unsigned number, unsigned element_size,
                         unsigned number_of_states, unsigned options)
{
    uint64_t layout[3];
    void *array = NULL;
    SXE_POOL_HEADER *header = memory;

    SXEE6("sxe_pool_construct(memory=%p, name=%s, number=%u, element_size=%u, number_of_states=%u, options=0x%x)",
          memory, name ? name : "(null)", number, element_size, number_of_states, options);

    if (memory == NULL || (uintptr_t)memory % SXE_POOL_ALIGNMENT != 0) {
        SXEL2("sxe_pool_construct(memory=%p): NULL or not %u-byte aligned", memory, SXE_POOL_ALIGNMENT);
        goto SXE_ERROR_OUT;
    }

    if (!pool_check_arguments(name, number, number_of_states, options, "sxe_pool_construct")) {
        goto SXE_ERROR_OUT;
    }

    if (!pool_layout(number, element_size, number_of_states, &layout[0], &layout[1], &layout[2])) {
        SXEL2("pool %s: size of %u elements of %u bytes with %u states overflows", name, number, element_size,
              number_of_states);
        goto SXE_ERROR_OUT;
    }

    if (pool_local_register(header, name) == NULL) {
        goto SXE_ERROR_OUT;
    }

    memset((char *)memory + SXE_POOL_HEADER_SIZE, 0, (size_t)number * element_size);
    pool_init(header, name, number, element_size, number_of_states, options | SXE_POOL_OPTION_LOCKED, 0, layout);
    array = (char *)memory + SXE_POOL_HEADER_SIZE;

SXE_EARLY_OR_ERROR_OUT:
    SXER6("return array=%p", array);
    return array;
}

void *sxe_pool_attach(void *memory)
{
    SXE_POOL_HEADER *header = memory;
    void *array = NULL;

    SXEE6("sxe_pool_attach(memory=%p)", memory);

    if (memory == NULL || header->magic != SXE_POOL_MAGIC) {
        SXEL2("sxe_pool_attach(memory=%p): holds no pool", memory);
    } else if (header->flags & SXE_POOL_FLAG_LOCAL_INLINE) {
        SXEL2("sxe_pool_attach(memory=%p): pool %s is private; it cannot be attached", memory, header->name);
    } else if (pool_local_register(header, header->name) != NULL) {
        array = (char *)memory + SXE_POOL_HEADER_SIZE;
    }

    SXER6("return array=%p", array);
    return array;
}

void *sxe_pool_new_shared(const char *name, unsigned number, unsigned element_size, unsigned number_of_states,
                          unsigned options)
{
    size_t size;
    void *memory = MAP_FAILED;
    void *array = NULL;

    SXEE6("sxe_pool_new_shared(name=%s, number=%u, element_size=%u, number_of_states=%u, options=0x%x)",
          name ? name : "(null)", number, element_size, number_of_states, options);

    if (!pool_check_arguments(name, number, number_of_states, options, "sxe_pool_new_shared")) {
        goto SXE_ERROR_OUT;
    }

    if ((size = sxe_pool_size(number, element_size, number_of_states)) == 0) {
        SXEL2("pool %s: size of %u elements of %u bytes with %u states overflows", name, number, element_size,
              number_of_states);
        goto SXE_ERROR_OUT;
    }

    if ((memory = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0)) == MAP_FAILED) {
        SXEL2("pool %s: cannot map %zu shared bytes: %s", name, size, strerror(errno));
        goto SXE_ERROR_OUT;
    }

    if ((array = sxe_pool_construct(memory, name, number, element_size, number_of_states, options)) == NULL) {
        munmap(memory, size);
        goto SXE_ERROR_OUT;
    }

    sxe_pool_private_local(memory)->mapping = memory;
    sxe_pool_private_local(memory)->mapping_size = size;

SXE_EARLY_OR_ERROR_OUT:
    SXER6("return array=%p", array);
    return array;
}

void *sxe_pool_to_base(void *array)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);

    return header;
}

void *sxe_pool_from_base(void *base)
{
    SXE_POOL_HEADER *header = base;

    if (base != NULL && header->magic == SXE_POOL_MAGIC && (header->flags & SXE_POOL_FLAG_LOCAL_INLINE)) {
        return (char *)header + SXE_POOL_HEADER_SIZE; /* a private pool of this process */
    }

    return sxe_pool_attach(base);
}

void sxe_pool_override_locked(void *array)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);

    if (header != NULL) {
        SXEL4("sxe_pool_override_locked(pool=%s): nothing to do; the pool's robust lock recovers from a dead holder "
              "by itself",
              header->name);
    }
}

void sxe_pool_delete(void *array)
{
    SXE_POOL_HEADER *header;
    SXE_POOL_LOCAL *local;
    void *mapping;
    size_t mapping_size;

    SXEE6("sxe_pool_delete(array=%p)", array);

    if (array == NULL || (header = pool_get(array, "sxe_pool_delete")) == NULL) {
        goto SXE_EARLY_OUT; /* NULL is ignored; anything else that is not a pool is logged */
    }

    if ((local = sxe_pool_private_local(header)) == NULL || local->delete_pending) {
        SXEL2("sxe_pool_delete(pool=%s): this process has no handle on it (deleted twice?)", header->name);
        goto SXE_ERROR_OUT;
    }

    if (local->in_check) { /* from a timeout callback: sxe_pool_check_timeouts_of() deletes when the callback returns */
        local->delete_pending = true;
        goto SXE_EARLY_OUT;
    }

    sxe_pool_private_timer_stop(local);
    sxe_pool_private_timed_forget(local);
    mapping = local->mapping;
    mapping_size = local->mapping_size;

    if (header->flags & SXE_POOL_FLAG_LOCAL_INLINE) {
        header->magic = 0;
    } else {
        __atomic_store_n(&local->header, NULL, __ATOMIC_RELEASE);
    }

    if (mapping != NULL) {
        munmap(mapping, mapping_size);
    }

SXE_EARLY_OR_ERROR_OUT:
    SXER6("return");
}

/* ---- checks and names ----------------------------------------------------------------------------------------- */

SXE_POOL_HEADER *sxe_pool_private_get(void *array, const char *function)
{
    return pool_get(array, function);
}

static bool __attribute__((cold, noinline))
pool_bad_state(SXE_POOL_HEADER *header, unsigned state, const char *function)
{
    SXEL2("%s(pool=%s): state %u is out of range (%u states)", function, header->name, state, header->number_of_states);
    return false;
}

/* True when `state` is one of the pool's, else false (logged at level 2, naming `function`). */
static inline bool pool_check_state(SXE_POOL_HEADER *header, unsigned state, const char *function)
{
    return SXE_LIKELY(state < header->number_of_states) || pool_bad_state(header, state, function);
}

bool sxe_pool_private_check_state(SXE_POOL_HEADER *header, unsigned state, const char *function)
{
    return pool_check_state(header, state, function);
}

static bool __attribute__((cold, noinline)) pool_bad_index(SXE_POOL_HEADER *header, unsigned id, const char *function)
{
    SXEL2("%s(pool=%s): index %u is out of range (%u elements)", function, header->name, id, header->number);
    return false;
}

/* True when `id` is an element of the pool, else false (logged at level 2, naming `function`). */
static inline bool pool_check_index(SXE_POOL_HEADER *header, unsigned id, const char *function)
{
    return SXE_LIKELY(id < header->number) || pool_bad_index(header, id, function);
}

const char *sxe_pool_private_state_name(SXE_POOL_HEADER *header, unsigned state, char *buffer, size_t size)
{
    SXE_POOL_LOCAL *local = sxe_pool_private_local(header);
    const char *name = NULL;

    if (local != NULL && local->state_to_string != NULL) {
        name = local->state_to_string(state);
    }

    if (name == NULL) {
        snprintf(buffer, size, "%u", state);
        name = buffer;
    }

    return name;
}

void sxe_pool_set_state_to_string(void *array, const char *(*state_to_string)(unsigned state))
{
    SXE_POOL_HEADER *header = pool_get(array, "sxe_pool_set_state_to_string");
    SXE_POOL_LOCAL *local = header != NULL ? sxe_pool_private_local(header) : NULL;

    if (header != NULL && local == NULL) {
        SXEL2("sxe_pool_set_state_to_string(pool=%s): this process has no handle on it", header->name);
    }

    if (local != NULL) {
        local->state_to_string = state_to_string;
    }
}

static void __attribute__((noinline, cold))
pool_wrong_state(SXE_POOL_HEADER *header, unsigned id, unsigned expected, unsigned actual)
{
    char expected_buffer[16];
    char actual_buffer[16];

    SXEL2("sxe_pool_set_indexed_element_state(pool=%s): element %u is in state %s, expected state %s; not moved",
          header->name, id, sxe_pool_private_state_name(header, actual, actual_buffer, sizeof(actual_buffer)),
          sxe_pool_private_state_name(header, expected, expected_buffer, sizeof(expected_buffer)));
}

/* ---- the classic calls ---------------------------------------------------------------------------------------- */

unsigned sxe_pool_get_number_in_state(void *array, unsigned state)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);

    if (SXE_UNLIKELY(header == NULL) || !pool_check_state(header, state, __func__)) {
        return 0;
    }

    return __atomic_load_n(&sxe_pool_private_states(header)[state].count, __ATOMIC_RELAXED);
}

unsigned sxe_pool_index_to_state(void *array, unsigned id)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);

    if (SXE_UNLIKELY(header == NULL) || !pool_check_index(header, id, __func__)) {
        return SXE_POOL_NO_INDEX;
    }

    return __atomic_load_n(&sxe_pool_private_nodes(header)[id].state, __ATOMIC_RELAXED);
}

/* Moves element id to new_state if it is in old_state (arguments checked); options are header->options. Returns the
 * state the element was in.
 */
static inline __attribute__((always_inline)) unsigned pool_try_set(SXE_POOL_HEADER *header, unsigned options,
                                                                   unsigned id, unsigned old_state, unsigned new_state)
{
    unsigned actual;
    bool note = false;

    pool_lock(header, options);
    actual = sxe_pool_private_nodes(header)[id].state;

    if (SXE_LIKELY(actual == old_state)) {
        note = pool_move(header, options, id, old_state, new_state, false);
    }

    pool_unlock(header, options);

    if (SXE_UNLIKELY(note)) {
        sxe_pool_private_timer_note(header, new_state);
    }

    return actual;
}

/* pool_try_set() for locked or TIMED pools, out of the way of the fast path. */
static __attribute__((noinline)) unsigned pool_try_set_any(SXE_POOL_HEADER *header, unsigned id, unsigned old_state,
                                                           unsigned new_state)
{
    return pool_try_set(header, header->options, id, old_state, new_state);
}

/* Checks the arguments (logged naming `function`), then moves element id to new_state if it is in old_state. Returns
 * the state it was in, or SXE_POOL_NO_INDEX when an argument is wrong.
 */
static inline __attribute__((always_inline)) unsigned
pool_checked_try_set(SXE_POOL_HEADER *header, unsigned id, unsigned old_state, unsigned new_state, const char *function)
{
    if (SXE_UNLIKELY(header == NULL) || !pool_check_index(header, id, function) ||
        !pool_check_state(header, old_state, function) || !pool_check_state(header, new_state, function)) {
        return SXE_POOL_NO_INDEX;
    }

    if (SXE_LIKELY(header->options == POOL_OPTIONS_FAST)) {
        return pool_try_set(header, POOL_OPTIONS_FAST, id, old_state, new_state);
    }

    return pool_try_set_any(header, id, old_state, new_state);
}

unsigned sxe_pool_try_set_indexed_element_state(void *array, unsigned id, unsigned old_state, unsigned new_state)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);
    unsigned actual;

    SXEE6("sxe_pool_try_set_indexed_element_state(array=%p, id=%u, old_state=%u, new_state=%u)", array, id, old_state,
          new_state);
    actual = pool_checked_try_set(header, id, old_state, new_state, __func__);
    SXER6("return actual_state=%u", actual);
    return actual;
}

unsigned sxe_pool_try_to_set_indexed_element_state(void *array, unsigned id, unsigned old_state,
                                                   unsigned *new_state_inout)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);
    unsigned actual;

    if (new_state_inout == NULL) {
        SXEL2("sxe_pool_try_to_set_indexed_element_state(): NULL new_state_inout");
        return SXE_POOL_NO_INDEX;
    }

    if ((actual = pool_checked_try_set(header, id, old_state, *new_state_inout, __func__)) == SXE_POOL_NO_INDEX) {
        return SXE_POOL_NO_INDEX;
    }

    if (actual != old_state) {
        *new_state_inout = actual;
        return SXE_POOL_INCORRECT_STATE;
    }

    return id;
}

unsigned sxe_pool_set_indexed_element_state(void *array, unsigned id, unsigned old_state, unsigned new_state)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);
    unsigned result = SXE_POOL_LOCK_TAKEN;
    unsigned actual;

    SXEE6("sxe_pool_set_indexed_element_state(array=%p, id=%u, old_state=%u, new_state=%u)", array, id, old_state,
          new_state);
    actual = pool_checked_try_set(header, id, old_state, new_state, __func__);

    if (SXE_UNLIKELY(actual != old_state)) {
        result = SXE_POOL_NO_INDEX;

        if (actual != SXE_POOL_NO_INDEX) {
            pool_wrong_state(header, id, old_state, actual);
            result = SXE_POOL_INCORRECT_STATE;
        }
    }

    SXER6("return %u", result);
    return result;
}

/* Moves the oldest element of old_state to new_state (states checked); options are header->options. Returns its
 * index, or SXE_POOL_NO_INDEX when old_state is empty.
 */
static inline __attribute__((always_inline)) unsigned pool_set_oldest(SXE_POOL_HEADER *header, unsigned options,
                                                                      unsigned old_state, unsigned new_state)
{
    unsigned id;
    bool note = false;

    pool_lock(header, options);
    id = sxe_pool_private_states(header)[old_state].head;

    if (SXE_LIKELY(id != SXE_POOL_NO_INDEX)) {
        note = pool_move(header, options, id, old_state, new_state, true);
    }

    pool_unlock(header, options);

    if (SXE_UNLIKELY(note)) {
        sxe_pool_private_timer_note(header, new_state);
    }

    return id;
}

/* pool_set_oldest() for locked or TIMED pools, out of the way of the fast path. */
static __attribute__((noinline)) unsigned pool_set_oldest_any(SXE_POOL_HEADER *header, unsigned old_state,
                                                              unsigned new_state)
{
    return pool_set_oldest(header, header->options, old_state, new_state);
}

unsigned sxe_pool_set_oldest_element_state(void *array, unsigned old_state, unsigned new_state)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);
    unsigned id;

    SXEE6("sxe_pool_set_oldest_element_state(array=%p, old_state=%u, new_state=%u)", array, old_state, new_state);

    if (SXE_UNLIKELY(header == NULL) || !pool_check_state(header, old_state, __func__) ||
        !pool_check_state(header, new_state, __func__)) {
        id = SXE_POOL_NO_INDEX;
    } else if (SXE_LIKELY(header->options == POOL_OPTIONS_FAST)) {
        id = pool_set_oldest(header, POOL_OPTIONS_FAST, old_state, new_state);
    } else {
        id = pool_set_oldest_any(header, old_state, new_state);
    }

    SXER6("return id=%u", id);
    return id;
}

unsigned sxe_pool_get_oldest_element_index(void *array, unsigned state)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);

    if (SXE_UNLIKELY(header == NULL) || !pool_check_state(header, state, __func__)) {
        return SXE_POOL_NO_INDEX;
    }

    return __atomic_load_n(&sxe_pool_private_states(header)[state].head, __ATOMIC_RELAXED);
}

/* True when the pool is TIMED (`timed`) or not (!timed), else false (logged at level 2, naming `function`). */
static bool pool_check_timed(SXE_POOL_HEADER *header, bool timed, const char *function)
{
    if (!(header->options & SXE_POOL_OPTION_TIMED) != !timed) {
        SXEL2("%s(pool=%s): %s pool", function, header->name,
              timed ? "time query on an untimed (counter stamped)" : "counter query on a TIMED");
        return false;
    }

    return true;
}

double sxe_pool_get_oldest_element_seconds(void *array, unsigned state)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);
    double time = 0.0;
    unsigned id;

    if (header == NULL || !pool_check_timed(header, true, __func__) || !pool_check_state(header, state, __func__)) {
        return 0.0;
    }

    pool_lock(header, header->options);

    if ((id = sxe_pool_private_states(header)[state].head) != SXE_POOL_NO_INDEX) {
        time = sxe_pool_private_key_to_time(sxe_pool_private_nodes(header)[id].stamp);
    }

    pool_unlock(header, header->options);
    return time;
}

double sxe_pool_get_element_seconds_by_index(void *array, unsigned element)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);

    if (header == NULL || !pool_check_timed(header, true, __func__) || !pool_check_index(header, element, __func__)) {
        return 0.0;
    }

    return sxe_pool_private_key_to_time(
        __atomic_load_n(&sxe_pool_private_nodes(header)[element].stamp, __ATOMIC_RELAXED));
}

/* A stamp of the pool clock as a date on the base of sxe_time_get(): now minus its age. */
static SXE_TIME pool_stamp_to_sxe_time(double stamp)
{
    double age = sxe_pool_private_clock() - stamp;
    SXE_TIME now = sxe_time_get();
    SXE_TIME elapsed = sxe_time_from_double_seconds(age > 0.0 ? age : 0.0);

    return elapsed < now ? now - elapsed : 0;
}

SXE_TIME
sxe_pool_get_oldest_element_time(void *array, unsigned state)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);
    double stamp;

    if (header == NULL || !pool_check_timed(header, true, __func__) || !pool_check_state(header, state, __func__)) {
        return 0;
    }

    stamp = sxe_pool_get_oldest_element_seconds(array, state);
    return sxe_pool_get_number_in_state(array, state) == 0 ? 0 : pool_stamp_to_sxe_time(stamp);
}

SXE_TIME
sxe_pool_get_element_time_by_index(void *array, unsigned element)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);

    if (header == NULL || !pool_check_timed(header, true, __func__) || !pool_check_index(header, element, __func__)) {
        return 0;
    }

    return pool_stamp_to_sxe_time(sxe_pool_get_element_seconds_by_index(array, element));
}

uint64_t sxe_pool_get_oldest_element_count(void *array, unsigned state)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);
    uint64_t count = 0;
    unsigned id;

    if (header == NULL || !pool_check_timed(header, false, __func__) || !pool_check_state(header, state, __func__)) {
        return 0;
    }

    pool_lock(header, header->options);

    if ((id = sxe_pool_private_states(header)[state].head) != SXE_POOL_NO_INDEX) {
        count = sxe_pool_private_nodes(header)[id].stamp;
    }

    pool_unlock(header, header->options);
    return count;
}

unsigned long long sxe_pool_get_element_count_by_index(void *array, unsigned element)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);

    if (header == NULL || !pool_check_timed(header, false, __func__) || !pool_check_index(header, element, __func__)) {
        return 0;
    }

    return __atomic_load_n(&sxe_pool_private_nodes(header)[element].stamp, __ATOMIC_RELAXED);
}

/* Re-stamps element id and moves it to the newest end of its state (index checked); options are header->options.
 * Returns its state.
 */
static inline __attribute__((always_inline)) unsigned pool_touch(SXE_POOL_HEADER *header, unsigned options, unsigned id)
{
    unsigned state;
    bool note;

    pool_lock(header, options);
    state = sxe_pool_private_nodes(header)[id].state;
    note = pool_move(header, options, id, state, state, false);
    pool_unlock(header, options);

    if (SXE_UNLIKELY(note)) {
        sxe_pool_private_timer_note(header, state);
    }

    return state;
}

/* pool_touch() for locked or TIMED pools, out of the way of the fast path. */
static __attribute__((noinline)) unsigned pool_touch_any(SXE_POOL_HEADER *header, unsigned id)
{
    return pool_touch(header, header->options, id);
}

unsigned sxe_pool_touch_indexed_element(void *array, unsigned id)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);
    unsigned result = SXE_POOL_LOCK_TAKEN;

    SXEE6("sxe_pool_touch_indexed_element(array=%p, id=%u)", array, id);

    if (SXE_UNLIKELY(header == NULL) || !pool_check_index(header, id, __func__)) {
        result = SXE_POOL_NO_INDEX;
    } else if (SXE_LIKELY(header->options == POOL_OPTIONS_FAST)) {
        pool_touch(header, POOL_OPTIONS_FAST, id);
    } else {
        pool_touch_any(header, id);
    }

    SXER6("return %u", result);
    return result;
}

/* ---- facts (0, or NULL for the name, when the array is not a pool: logged) --------------------------------------- */

const char *sxe_pool_get_name(void *array)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);

    return header != NULL ? header->name : NULL;
}

unsigned sxe_pool_get_number(void *array)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);

    return header != NULL ? header->number : 0;
}

unsigned sxe_pool_get_number_of_states(void *array)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);

    return header != NULL ? header->number_of_states : 0;
}

unsigned sxe_pool_get_element_size(void *array)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);

    return header != NULL ? header->element_size : 0;
}

unsigned sxe_pool_get_options(void *array)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);

    return header != NULL ? header->options : 0;
}

unsigned sxe_pool_get_lock_recoveries(void *array)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);

    return header != NULL ? __atomic_load_n(&header->lock_recoveries, __ATOMIC_RELAXED) : 0;
}

size_t sxe_pool_get_allocated_bytes(void *array)
{
    SXE_POOL_HEADER *header = pool_get(array, __func__);
    SXE_POOL_LOCAL *local = header != NULL ? sxe_pool_private_local(header) : NULL;

    return local != NULL && local->mapping != NULL ? local->mapping_size : 0;
}
