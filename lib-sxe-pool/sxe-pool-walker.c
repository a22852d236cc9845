/* sxe-pool-walker.c: walking one state oldest to newest while elements move (contract in sxe-pool.h). */
#define SXE_LOG_COMPONENT "pool"

#include "sxe-log.h"
#include "sxe-pool-private.h"

void sxe_pool_walker_construct(SXE_POOL_WALKER *walker, void *array, unsigned state)
{
    SXE_POOL_HEADER *header;

    if (walker == NULL) {
        SXEL2("sxe_pool_walker_construct(walker=NULL): no walker to construct");
        return;
    }

    walker->array = NULL; /* a walker that cannot walk: its steps return SXE_POOL_NO_INDEX */
    walker->steps = 0;

    if ((header = sxe_pool_private_get(array, __func__)) == NULL ||
        !sxe_pool_private_check_state(header, state, __func__)) {
        return;
    }

    walker->array = array;
    walker->state = state;
    walker->current = SXE_POOL_NO_INDEX;
    walker->steps = 0;
    walker->current_stamp = 0;
    sxe_pool_private_lock(header);

    if (++header->walk_id == 0) {                                       /* 0 is what never-walked elements carry */
        header->walk_id = 1; /* COVERAGE EXCLUSION: needs 2^32 walks */ // GCOVR_EXCL_LINE
    }

    walker->walk_id = header->walk_id;
    sxe_pool_private_unlock(header);
}

/* The element to resume from after `current` (lock held). */
static unsigned pool_walker_resume(SXE_POOL_WALKER *walker, SXE_POOL_STATE *list, SXE_POOL_NODE *nodes)
{
    unsigned id = walker->current;

    if (id == SXE_POOL_NO_INDEX) {
        id = list->head;
    } else if (nodes[id].state == walker->state && nodes[id].stamp == walker->current_stamp) {
        id = nodes[id].next;
    } else { /* current moved: first element stamped after it (lists are ordered by stamp) */
        for (id = list->head; id != SXE_POOL_NO_INDEX && nodes[id].stamp <= walker->current_stamp;
             id = nodes[id].next) {
        }
    }

    return id;
}

unsigned sxe_pool_walker_step(SXE_POOL_WALKER *walker)
{
    SXE_POOL_HEADER *header;
    SXE_POOL_STATE *list;
    SXE_POOL_NODE *nodes;
    unsigned id = SXE_POOL_NO_INDEX;

    if (walker == NULL) {
        SXEL2("sxe_pool_walker_step(walker=NULL): no walker");
        return SXE_POOL_NO_INDEX;
    }

    if (walker->array == NULL || (header = sxe_pool_private_get(walker->array, __func__)) == NULL) {
        return SXE_POOL_NO_INDEX; /* its construction failed (and was logged), or its pool is gone (logged) */
    }

    list = &sxe_pool_private_states(header)[walker->state];
    nodes = sxe_pool_private_nodes(header);
    SXEE6("sxe_pool_walker_step(pool=%s, state=%u, current=%u)", header->name, walker->state, walker->current);
    sxe_pool_private_lock(header);

    if (walker->steps < header->number) {
        for (id = pool_walker_resume(walker, list, nodes);
             id != SXE_POOL_NO_INDEX && nodes[id].walk_mark == walker->walk_id; id = nodes[id].next) {
        }
    }

    if (id != SXE_POOL_NO_INDEX) {
        nodes[id].walk_mark = walker->walk_id;
        walker->current = id;
        walker->current_stamp = nodes[id].stamp;
        walker->steps++;
    }

    sxe_pool_private_unlock(header);
    SXER6("return id=%u", id);
    return id;
}
