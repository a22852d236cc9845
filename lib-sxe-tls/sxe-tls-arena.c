/* sxe-tls-arena.c: the fixed memory of TLS connections, and OpenSSL's allocator.
 *
 * OpenSSL allocates through the functions given to CRYPTO_set_mem_functions(), installed by a constructor of this
 * library before main() (OpenSSL accepts them only before its first allocation). They route each allocation:
 * - made while the library works on a connection (sxe_tls_arena_enter() .. _leave(), around every OpenSSL call on a
 *   connection): from the arena, a single mapping allocated and touched by sxe_tls_init(); when it is exhausted the
 *   allocation fails (counted), OpenSSL fails that operation, and the library closes that connection;
 * - any other (contexts, certificates, OpenSSL's start-up, the application's own OpenSSL use): from the C library.
 * A free goes where its block came from (found by address); a reallocation stays in its allocator.
 *
 * The arena is a TLSF allocator (two-level segregated fits): every free block sits in one of 32 lists per power of
 * two, a bitmap per level says which lists hold blocks, so malloc and free are O(1) (a few bit scans), and free merges
 * a block with its free neighbours at once, so the arena does not fragment into sizes nobody wants. That suits
 * OpenSSL's pattern (lib-sxe-tls/README.md "Memory", measured): per connection a hundred blocks of 16 to 512 bytes,
 * a few of 1 to 8 kB, and the 16.6 and 16.7 kB record buffers, which SSL_MODE_RELEASE_BUFFERS takes and gives back on
 * every read and write (two allocations and two frees per request: they must be cheap). Each block costs a 16-byte
 * header (its size, and where the block before it starts); payloads are 16-byte aligned, as malloc's.
 *
 * In front of TLSF, quick lists: a freed block of at most ARENA_QUICK_BYTES goes on the LIFO list of its size (up to
 * ARENA_QUICK_DEPTH blocks per size), and an allocation of that size takes it back: a handshake's eight hundred small
 * allocations and frees cost a push or a pop each (callgrind: TLSF alone spent 190,000 instructions per TLS 1.3
 * handshake in them, twice glibc's malloc). A block on a quick list is free for the counts but not merged: when TLSF
 * cannot serve an allocation, the quick lists are given back to it (merged) and it tries once more, so they never cost
 * a failure.
 *
 * Threads: the arena has a spin lock, taken by each call (uncontended: a few instructions; a futex-based mutex cost
 * 83,000 instructions per handshake); "working on a connection" is a thread-local pointer to the arena, so a thread
 * that owns its own loop, connections and arena (sxe_tls_init() on that thread) routes its allocations to it, and a
 * free finds its arena by address.
 */
#define SXE_LOG_COMPONENT "sxe-tls"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "sxe-tls-private.h"

#define ARENA_ALIGN       16
#define ARENA_HEADER      16                    /* prev_phys + size */
#define ARENA_MIN_PAYLOAD 16                    /* room for the free-list links */
#define ARENA_SL_LOG2     5                     /* 32 lists per power of two: sizes within 3.2% */
#define ARENA_SL_COUNT    (1U << ARENA_SL_LOG2)
#define ARENA_FL_SHIFT    (ARENA_SL_LOG2 + 4)   /* sizes below 512 bytes: one list per 16 bytes */
#define ARENA_FL_MAX      40                    /* blocks up to 2^40 bytes */
#define ARENA_FL_COUNT    (ARENA_FL_MAX - ARENA_FL_SHIFT + 1)
#define ARENA_SMALL       (1UL << ARENA_FL_SHIFT)
#define ARENA_FREE        1UL /* size flags: this block is free */
#define ARENA_PREV_FREE   2UL /* the block before it is free (its prev_phys is valid) */
#define ARENA_SIZE_MASK   (~(size_t)(ARENA_ALIGN - 1))
#define ARENA_QUICK_BYTES 512 /* blocks up to this size go to the quick lists when freed */
#define ARENA_QUICK_LISTS (ARENA_QUICK_BYTES / ARENA_ALIGN)
#define ARENA_QUICK_DEPTH 256 /* blocks per quick list at most (the rest go back to TLSF) */

typedef struct ARENA_BLOCK {
    struct ARENA_BLOCK *prev_phys; /* the block before, valid when ARENA_PREV_FREE */
    size_t size;                   /* payload bytes | flags */
    struct ARENA_BLOCK *next_free; /* free blocks only: in the payload */
    struct ARENA_BLOCK *prev_free;
} ARENA_BLOCK;

struct SXE_TLS_ARENA {
    int lock; /* spin lock: 0 free, 1 taken */
    char *base;
    size_t bytes;
    size_t used;           /* payload and headers of the blocks in use */
    size_t peak;
    unsigned long long failures; /* allocations refused: no block large enough */
    unsigned blocks;       /* blocks in use */
    unsigned fl_bitmap;
    unsigned sl_bitmap[ARENA_FL_COUNT];
    ARENA_BLOCK *lists[ARENA_FL_COUNT][ARENA_SL_COUNT];
    ARENA_BLOCK *quick[ARENA_QUICK_LISTS]; /* LIFO lists of freed small blocks (linked through next_free) */
    unsigned quick_count[ARENA_QUICK_LISTS];
};

static inline void arena_lock(SXE_TLS_ARENA *arena)
{
    while (__atomic_exchange_n(&arena->lock, 1, __ATOMIC_ACQUIRE)) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    }
}

static inline void arena_unlock(SXE_TLS_ARENA *arena)
{
    __atomic_store_n(&arena->lock, 0, __ATOMIC_RELEASE);
}

static SXE_TLS_ARENA *sxe_tls_arena_registered;                               /* the arena frees look for */
static __thread SXE_TLS_ARENA *sxe_tls_arena_current __attribute__((tls_model("initial-exec"))); /* routing */

static inline size_t block_size(const ARENA_BLOCK *block)
{
    return block->size & ARENA_SIZE_MASK;
}

static inline ARENA_BLOCK *block_next(const ARENA_BLOCK *block)
{
    return (ARENA_BLOCK *)((char *)block + ARENA_HEADER + block_size(block));
}

static inline void *block_payload(ARENA_BLOCK *block)
{
    return (char *)block + ARENA_HEADER;
}

static inline ARENA_BLOCK *block_of(void *payload)
{
    return (ARENA_BLOCK *)((char *)payload - ARENA_HEADER);
}

static inline unsigned fls_size(size_t x) /* index of the highest bit set; x > 0 */
{
    return (unsigned)(63 - __builtin_clzl(x));
}

/* The list a free block of `size` bytes belongs to. */
static void mapping_insert(size_t size, unsigned *fl, unsigned *sl)
{
    if (size < ARENA_SMALL) {
        *fl = 0;
        *sl = (unsigned)(size / (ARENA_SMALL / ARENA_SL_COUNT));
        return;
    }

    *fl = fls_size(size);
    *sl = (unsigned)(size >> (*fl - ARENA_SL_LOG2)) ^ ARENA_SL_COUNT;
    *fl -= ARENA_FL_SHIFT - 1;
}

/* The first list whose every block holds `size` bytes (the size rounded up to the next list). */
static void mapping_search(size_t size, unsigned *fl, unsigned *sl)
{
    if (size >= ARENA_SMALL) {
        size += ((size_t)1 << (fls_size(size) - ARENA_SL_LOG2)) - 1;
    }

    mapping_insert(size, fl, sl);
}

static void list_remove(SXE_TLS_ARENA *arena, ARENA_BLOCK *block, unsigned fl, unsigned sl)
{
    if (block->prev_free != NULL) {
        block->prev_free->next_free = block->next_free;
    } else {
        arena->lists[fl][sl] = block->next_free;

        if (block->next_free == NULL) {
            arena->sl_bitmap[fl] &= ~(1U << sl);

            if (arena->sl_bitmap[fl] == 0) {
                arena->fl_bitmap &= ~(1U << fl);
            }
        }
    }

    if (block->next_free != NULL) {
        block->next_free->prev_free = block->prev_free;
    }
}

static void free_remove(SXE_TLS_ARENA *arena, ARENA_BLOCK *block)
{
    unsigned fl, sl;

    mapping_insert(block_size(block), &fl, &sl);
    list_remove(arena, block, fl, sl);
}

/* Mark `block` free, tell the block after it, and put it in its list. */
static void free_insert(SXE_TLS_ARENA *arena, ARENA_BLOCK *block)
{
    ARENA_BLOCK *next = block_next(block);
    unsigned fl, sl;

    block->size |= ARENA_FREE;
    next->prev_phys = block;
    next->size |= ARENA_PREV_FREE;
    mapping_insert(block_size(block), &fl, &sl);
    block->prev_free = NULL;
    block->next_free = arena->lists[fl][sl];

    if (block->next_free != NULL) {
        block->next_free->prev_free = block;
    }

    arena->lists[fl][sl] = block;
    arena->fl_bitmap |= 1U << fl;
    arena->sl_bitmap[fl] |= 1U << sl;
}

/* A free block of at least `size` bytes, taken out of its list, or NULL. */
static ARENA_BLOCK *free_find(SXE_TLS_ARENA *arena, size_t size)
{
    unsigned fl, sl, bits;
    ARENA_BLOCK *block;

    mapping_search(size, &fl, &sl);

    if (fl >= ARENA_FL_COUNT) {
        return NULL;
    }

    bits = arena->sl_bitmap[fl] & (~0U << sl);

    if (bits == 0) {
        bits = fl + 1 < 32 ? arena->fl_bitmap & (~0U << (fl + 1)) : 0;

        if (bits == 0) {
            return NULL;
        }

        fl = (unsigned)__builtin_ctz(bits);
        bits = arena->sl_bitmap[fl];
    }

    sl = (unsigned)__builtin_ctz(bits);
    block = arena->lists[fl][sl];
    list_remove(arena, block, fl, sl);
    return block;
}

/* Use `block` (out of the free lists) for `size` bytes: split off the rest when it can hold a block. */
static void *block_use(SXE_TLS_ARENA *arena, ARENA_BLOCK *block, size_t size)
{
    size_t have = block_size(block);
    ARENA_BLOCK *next;

    if (have >= size + ARENA_HEADER + ARENA_MIN_PAYLOAD) {
        ARENA_BLOCK *rest = (ARENA_BLOCK *)((char *)block + ARENA_HEADER + size);

        rest->size = have - size - ARENA_HEADER;
        block->size = size | (block->size & ARENA_PREV_FREE);
        free_insert(arena, rest);
    } else {
        block->size &= ~ARENA_FREE;
        next = block_next(block);
        next->size &= ~ARENA_PREV_FREE;
    }

    arena->used += block_size(block) + ARENA_HEADER;
    arena->blocks++;
    arena->peak = arena->used > arena->peak ? arena->used : arena->peak;
    return block_payload(block);
}

static size_t adjust_size(size_t size)
{
    size = (size + ARENA_ALIGN - 1) & ARENA_SIZE_MASK;
    return size < ARENA_MIN_PAYLOAD ? ARENA_MIN_PAYLOAD : size;
}

static void arena_tlsf_free(SXE_TLS_ARENA *arena, ARENA_BLOCK *block);

/* Give every block of the quick lists back to TLSF (merged with its free neighbours). */
static void arena_quick_flush(SXE_TLS_ARENA *arena)
{
    ARENA_BLOCK *block;

    for (unsigned list = 0; list < ARENA_QUICK_LISTS; list++) {
        while ((block = arena->quick[list]) != NULL) {
            arena->quick[list] = block->next_free;
            arena_tlsf_free(arena, block);
        }

        arena->quick_count[list] = 0;
    }
}

static void *arena_malloc_locked(SXE_TLS_ARENA *arena, size_t size)
{
    ARENA_BLOCK *block;
    unsigned list;

    if (size > arena->bytes) {
        arena->failures++;
        return NULL;
    }

    size = adjust_size(size);

    if (size <= ARENA_QUICK_BYTES && (block = arena->quick[list = (unsigned)(size / ARENA_ALIGN) - 1]) != NULL) {
        arena->quick[list] = block->next_free; /* a block of exactly this size, freed before */
        arena->quick_count[list]--;
        arena->used += size + ARENA_HEADER;
        arena->blocks++;
        arena->peak = arena->used > arena->peak ? arena->used : arena->peak;
        return block_payload(block);
    }

    if ((block = free_find(arena, size)) == NULL) {
        arena_quick_flush(arena); /* what the quick lists hold may merge into a block large enough */

        if ((block = free_find(arena, size)) == NULL) {
            arena->failures++;
            return NULL;
        }
    }

    return block_use(arena, block, size);
}

static void arena_free_locked(SXE_TLS_ARENA *arena, void *payload)
{
    ARENA_BLOCK *block = block_of(payload);
    size_t size = block_size(block);
    unsigned list = (unsigned)(size / ARENA_ALIGN) - 1;

    arena->used -= size + ARENA_HEADER;
    arena->blocks--;

    if (size <= ARENA_QUICK_BYTES && arena->quick_count[list] < ARENA_QUICK_DEPTH) {
        block->next_free = arena->quick[list]; /* kept as it is, for the next allocation of its size */
        arena->quick[list] = block;
        arena->quick_count[list]++;
        return;
    }

    arena_tlsf_free(arena, block);
}

/* TLSF's free: merge with the free neighbours, put in its list. */
static void arena_tlsf_free(SXE_TLS_ARENA *arena, ARENA_BLOCK *block)
{
    ARENA_BLOCK *next = block_next(block);

    if (block->size & ARENA_PREV_FREE) { /* merge with the free block before */
        ARENA_BLOCK *prev = block->prev_phys;

        free_remove(arena, prev);
        prev->size += ARENA_HEADER + block_size(block);
        block = prev;
    }

    if (next->size & ARENA_FREE) { /* and with the one after */
        free_remove(arena, next);
        block->size += ARENA_HEADER + block_size(next);
    }

    free_insert(arena, block);
}

/* Grow or shrink in place when the block (or it and its free neighbour after) can, else move. */
static void *arena_realloc_locked(SXE_TLS_ARENA *arena, void *payload, size_t size)
{
    ARENA_BLOCK *block = block_of(payload);
    ARENA_BLOCK *next = block_next(block);
    size_t have = block_size(block);
    size_t want = adjust_size(size);
    void *moved;

    if (want <= have) {
        return payload; /* shrinking keeps the block: OpenSSL shrinks rarely, and grows again */
    }

    if ((next->size & ARENA_FREE) && have + ARENA_HEADER + block_size(next) >= want) {
        free_remove(arena, next);
        arena->used -= have + ARENA_HEADER; /* block_use() counts it again, grown */
        arena->blocks--;
        block->size += ARENA_HEADER + block_size(next);
        block_next(block)->size &= ~ARENA_PREV_FREE;
        return block_use(arena, block, want);
    }

    if ((moved = arena_malloc_locked(arena, want)) != NULL) {
        memcpy(moved, payload, have);
        arena_free_locked(arena, payload);
    }

    return moved;
}

/* ---- OpenSSL's allocator ------------------------------------------------------------------------------------ */

static inline SXE_TLS_ARENA *arena_of(const void *payload)
{
    SXE_TLS_ARENA *arena = sxe_tls_arena_registered;

    return arena != NULL && (const char *)payload >= arena->base && (const char *)payload < arena->base + arena->bytes
               ? arena
               : NULL;
}

static void *sxe_tls_crypto_malloc(size_t size, const char *file, int line)
{
    SXE_TLS_ARENA *arena = sxe_tls_arena_current;
    void *payload;

    (void)file, (void)line;

    if (arena == NULL) {
        return malloc(size);
    }

    arena_lock(arena);
    payload = arena_malloc_locked(arena, size);
    arena_unlock(arena);
    return payload;
}

static void sxe_tls_crypto_free(void *payload, const char *file, int line)
{
    SXE_TLS_ARENA *arena = payload != NULL ? arena_of(payload) : NULL;

    (void)file, (void)line;

    if (arena == NULL) {
        free(payload);
        return;
    }

    arena_lock(arena);
    arena_free_locked(arena, payload);
    arena_unlock(arena);
}

static void *sxe_tls_crypto_realloc(void *payload, size_t size, const char *file, int line)
{
    SXE_TLS_ARENA *arena;
    void *moved;

    if (payload == NULL) {
        return sxe_tls_crypto_malloc(size, file, line);
    }

    if (size == 0) {
        sxe_tls_crypto_free(payload, file, line);
        return NULL;
    }

    if ((arena = arena_of(payload)) == NULL) {
        return realloc(payload, size);
    }

    arena_lock(arena);
    moved = arena_realloc_locked(arena, payload, size);
    arena_unlock(arena);
    return moved;
}

static bool sxe_tls_allocator_installed;

/* Before main(): OpenSSL takes allocation functions only before its first allocation. */
static void __attribute__((constructor)) sxe_tls_install_allocator(void)
{
    sxe_tls_allocator_installed =
        CRYPTO_set_mem_functions(sxe_tls_crypto_malloc, sxe_tls_crypto_realloc, sxe_tls_crypto_free) == 1;
}

bool sxe_tls_arena_allocator_installed(void)
{
    return sxe_tls_allocator_installed;
}

/* ---- the arena's life --------------------------------------------------------------------------------------- */

SXE_TLS_ARENA *sxe_tls_arena_new(size_t bytes)
{
    SXE_TLS_ARENA *arena;
    ARENA_BLOCK *first;
    size_t mapped;

    bytes = (bytes + 4095) & ~(size_t)4095;
    mapped = bytes + ARENA_HEADER; /* the sentinel: a used block of 0 bytes at the end */

    if ((arena = calloc(1, sizeof(*arena))) == NULL) {
        return NULL;
    }

    arena->base = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (arena->base == MAP_FAILED) {
        free(arena);
        return NULL;
    }

    memset(arena->base, 0, mapped); /* touched now: resident from the start */
    arena->bytes = bytes;
    first = (ARENA_BLOCK *)arena->base;
    first->size = bytes - ARENA_HEADER;
    ((ARENA_BLOCK *)(arena->base + bytes))->size = 0; /* sentinel, in use */
    free_insert(arena, first);
    return arena;
}

void sxe_tls_arena_delete(SXE_TLS_ARENA *arena)
{
    if (arena == NULL) {
        return;
    }

    if (sxe_tls_arena_registered == arena) {
        sxe_tls_arena_registered = NULL;
    }

    munmap(arena->base, arena->bytes + ARENA_HEADER);
    free(arena);
}

void sxe_tls_arena_register(SXE_TLS_ARENA *arena)
{
    sxe_tls_arena_registered = arena;
}

SXE_TLS_ARENA *sxe_tls_arena_enter(SXE_TLS_ARENA *arena)
{
    SXE_TLS_ARENA *before = sxe_tls_arena_current;

    sxe_tls_arena_current = arena;
    return before;
}

void sxe_tls_arena_leave(SXE_TLS_ARENA *before)
{
    sxe_tls_arena_current = before;
}

void sxe_tls_arena_usage(SXE_TLS_ARENA *arena, SXE_TLS_ARENA_USAGE *usage)
{
    memset(usage, 0, sizeof(*usage));

    if (arena == NULL) {
        return;
    }

    arena_lock(arena);
    usage->bytes = arena->bytes;
    usage->used = arena->used;
    usage->peak = arena->peak;
    usage->blocks = arena->blocks;
    usage->failures = arena->failures;
    arena_unlock(arena);
}

size_t sxe_tls_arena_free_bytes(SXE_TLS_ARENA *arena)
{
    return arena->bytes - arena->used;
}

void *sxe_tls_arena_malloc(SXE_TLS_ARENA *arena, size_t size)
{
    void *payload;

    arena_lock(arena);
    payload = arena_malloc_locked(arena, size);
    arena_unlock(arena);
    return payload;
}

void *sxe_tls_arena_realloc(SXE_TLS_ARENA *arena, void *payload, size_t size)
{
    void *moved;

    arena_lock(arena);
    moved = payload == NULL ? arena_malloc_locked(arena, size) : arena_realloc_locked(arena, payload, size);
    arena_unlock(arena);
    return moved;
}

void sxe_tls_arena_free(SXE_TLS_ARENA *arena, void *payload)
{
    if (payload != NULL) {
        arena_lock(arena);
        arena_free_locked(arena, payload);
        arena_unlock(arena);
    }
}
