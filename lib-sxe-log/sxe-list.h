/* sxe-list.h: classic SXE intrusive doubly linked lists. No allocation: the caller's objects embed an SXE_LIST_NODE,
 * and the list finds each object from its node with the offset given at construction.
 *
 *     typedef struct JOB { int work; SXE_LIST_NODE node; } JOB;
 *     SXE_LIST jobs;
 *     SXE_LIST_CONSTRUCT(&jobs, 0, JOB, node);
 *     sxe_list_push(&jobs, &job);             // the tail; sxe_list_shift(&jobs) takes the head
 *
 * The list holds the address of its sentinel: a list must not be moved or copied once constructed, and an object
 * must be in at most one list through a given node. O(1) except walking. Misuse never crashes: a NULL list, walker or
 * object, or removing an object that is not in the list, is logged at level 2, naming the function, and the call
 * does nothing (functions returning an object return NULL).
 */
#ifndef SXE_LIST_H
#define SXE_LIST_H

#include <stddef.h>
#include <stdlib.h>

#include "sxe-util.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct SXE_LIST_NODE {
    struct SXE_LIST_NODE *next;
    struct SXE_LIST_NODE *prev;
    unsigned id; /* the id of the list the node is in (set by push and unshift) */
} SXE_LIST_NODE;

typedef struct SXE_LIST {
    SXE_LIST_NODE sentinel; /* sentinel.id is the list's id */
    unsigned length;
    size_t offset; /* of the node in the objects */
} SXE_LIST;

/* Walks a list from head to tail; the object last returned may be removed during the walk. Fields are private. */
typedef struct SXE_LIST_WALKER {
    SXE_LIST *list;
    SXE_LIST_NODE *back; /* the node before the current one, or the sentinel */
    SXE_LIST_NODE *node; /* the current node, or the sentinel before the first step and after the last */
} SXE_LIST_WALKER;

#define SXE_LIST_CONSTRUCT(list, id, type, node) sxe_list_construct_impl((list), (id), offsetof(type, node))
#define SXE_LIST_GET_LENGTH(list)                ((list)->length)
#define SXE_LIST_IS_EMPTY(list)                  ((list)->length == 0)
#define SXE_LIST_NODE_GET_ID(node)               ((node)->id)

/* Construct an empty list whose objects embed their node at byte `offset` (use SXE_LIST_CONSTRUCT). */
void sxe_list_construct_impl(SXE_LIST *list, unsigned id, size_t offset);

void sxe_list_push(SXE_LIST *list, void *object);    /* add at the tail */
void sxe_list_unshift(SXE_LIST *list, void *object); /* add at the head */
void *sxe_list_remove(SXE_LIST *list, void *object); /* take out wherever it is; returns object, or NULL if not in it */
void *sxe_list_pop(SXE_LIST *list);                  /* take the tail; NULL when empty */
void *sxe_list_shift(SXE_LIST *list);                /* take the head; NULL when empty */
void *sxe_list_peek_head(SXE_LIST *list);            /* the head without taking it; NULL when empty */
void *sxe_list_peek_tail(SXE_LIST *list);            /* the tail without taking it; NULL when empty */

void sxe_list_walker_construct(SXE_LIST_WALKER *walker, SXE_LIST *list); /* before the head */
void *sxe_list_walker_step(SXE_LIST_WALKER *walker);                     /* the next object, or NULL at the end */
void *sxe_list_walker_find(SXE_LIST_WALKER *walker); /* the current object, or NULL before the first step / at end */
/* Step back to the object before the current one (once: after a removal of the current object, the walk goes on from
 * there with sxe_list_walker_step); NULL when there is none.
 */
void *sxe_list_walker_back(SXE_LIST_WALKER *walker);

#ifdef __cplusplus
}
#endif

#endif
