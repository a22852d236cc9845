/* sxe-list.c: classic SXE intrusive doubly linked lists (sxe-list.h). */
#include "sxe-list.h"

#define SXE_LIST_OBJECT(list, node) ((void *)((char *)(node) - (list)->offset))
#define SXE_LIST_NODE_OF(list, obj) ((SXE_LIST_NODE *)(void *)((char *)(obj) + (list)->offset))

/* Logs a NULL argument of `function` at level 2 and returns false; true when both pointers are set. */
static bool sxe_list_check(const void *list, const void *object, const char *function)
{
    if (list == NULL || object == NULL) {
        SXEL2("%s(): NULL %s", function, list == NULL ? "list" : "object");
        return false;
    }

    return true;
}

void sxe_list_construct_impl(SXE_LIST *list, unsigned id, size_t offset)
{
    if (list == NULL) {
        SXEL2("sxe_list_construct_impl(): NULL list");
        return;
    }

    list->sentinel.next = &list->sentinel;
    list->sentinel.prev = &list->sentinel;
    list->sentinel.id = id;
    list->length = 0;
    list->offset = offset;
}

/* Insert node after `after`. */
static void sxe_list_link(SXE_LIST *list, SXE_LIST_NODE *after, SXE_LIST_NODE *node)
{
    node->prev = after;
    node->next = after->next;
    after->next->prev = node;
    after->next = node;
    node->id = list->sentinel.id;
    list->length++;
}

static void *sxe_list_unlink(SXE_LIST *list, SXE_LIST_NODE *node)
{
    node->prev->next = node->next;
    node->next->prev = node->prev;
    node->next = NULL;
    node->prev = NULL;
    list->length--;
    return SXE_LIST_OBJECT(list, node);
}

void sxe_list_push(SXE_LIST *list, void *object)
{
    if (sxe_list_check(list, object, "sxe_list_push")) {
        sxe_list_link(list, list->sentinel.prev, SXE_LIST_NODE_OF(list, object));
    }
}

void sxe_list_unshift(SXE_LIST *list, void *object)
{
    if (sxe_list_check(list, object, "sxe_list_unshift")) {
        sxe_list_link(list, &list->sentinel, SXE_LIST_NODE_OF(list, object));
    }
}

void *sxe_list_remove(SXE_LIST *list, void *object)
{
    SXE_LIST_NODE *node;

    if (!sxe_list_check(list, object, "sxe_list_remove")) {
        return NULL;
    }

    node = SXE_LIST_NODE_OF(list, object);

    for (SXE_LIST_NODE *at = list->sentinel.next; at != &list->sentinel; at = at->next) { /* O(n) only to verify */
        if (at == node) {
            return sxe_list_unlink(list, node);
        }
    }

    SXEL2("sxe_list_remove(): object %p is not in list %p", object, (void *)list);
    return NULL;
}

void *sxe_list_pop(SXE_LIST *list)
{
    if (!sxe_list_check(list, list, "sxe_list_pop") || list->length == 0) {
        return NULL;
    }

    return sxe_list_unlink(list, list->sentinel.prev);
}

void *sxe_list_shift(SXE_LIST *list)
{
    if (!sxe_list_check(list, list, "sxe_list_shift") || list->length == 0) {
        return NULL;
    }

    return sxe_list_unlink(list, list->sentinel.next);
}

void *sxe_list_peek_head(SXE_LIST *list)
{
    if (!sxe_list_check(list, list, "sxe_list_peek_head") || list->length == 0) {
        return NULL;
    }

    return SXE_LIST_OBJECT(list, list->sentinel.next);
}

void *sxe_list_peek_tail(SXE_LIST *list)
{
    if (!sxe_list_check(list, list, "sxe_list_peek_tail") || list->length == 0) {
        return NULL;
    }

    return SXE_LIST_OBJECT(list, list->sentinel.prev);
}

void sxe_list_walker_construct(SXE_LIST_WALKER *walker, SXE_LIST *list)
{
    if (!sxe_list_check(walker, list, "sxe_list_walker_construct")) {
        return;
    }

    walker->list = list;
    walker->back = &list->sentinel;
    walker->node = &list->sentinel;
}

void *sxe_list_walker_step(SXE_LIST_WALKER *walker)
{
    SXE_LIST_NODE *sentinel;

    if (!sxe_list_check(walker, walker, "sxe_list_walker_step") || walker->list == NULL) {
        return NULL;
    }

    sentinel = &walker->list->sentinel;

    if (walker->node != sentinel && walker->node->next == NULL) { /* the current object was removed: go on after back */
        walker->node = walker->back;
    }

    walker->back = walker->node;
    walker->node = walker->node->next;
    return walker->node == sentinel ? NULL : SXE_LIST_OBJECT(walker->list, walker->node);
}

void *sxe_list_walker_find(SXE_LIST_WALKER *walker)
{
    if (!sxe_list_check(walker, walker, "sxe_list_walker_find") || walker->list == NULL ||
        walker->node == &walker->list->sentinel || walker->node->next == NULL) {
        return NULL;
    }

    return SXE_LIST_OBJECT(walker->list, walker->node);
}

void *sxe_list_walker_back(SXE_LIST_WALKER *walker)
{
    if (!sxe_list_check(walker, walker, "sxe_list_walker_back") || walker->list == NULL ||
        walker->back == &walker->list->sentinel) {
        return NULL;
    }

    walker->node = walker->back;
    walker->back = &walker->list->sentinel;
    return SXE_LIST_OBJECT(walker->list, walker->node);
}
