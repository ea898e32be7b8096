/* weakref.c - weak references: a list per instance, emptied on clear.
 *
 * An instance of a weakref class holds the head of a doubly linked list of
 * its references.  A reference is a node of that list: it points at the
 * instance, and back at whichever pointer points at it (the head, or the
 * previous node's next), so that freeing a reference unlinks it at once.
 * Clearing the instance walks the list and makes every node read NULL;
 * the nodes stay with their owners, who free them when they please.
 * Classes without weakref: true have no list and pay nothing.
 */
#include <slot/slot.h>

struct slot_weakref {
    void *obj;            /* NULL once the instance is cleared */
    slot_weakref *next;   /* the instance's next reference */
    slot_weakref **pprev; /* what points at this node, while obj is set */
};

slot_weakref *slot_weakref_new(const slot_class *cls, void *obj)
{
    if (!cls || !obj || !(cls->flags & SLOT_C_WEAKREF))
        return NULL;
    slot_weakref *ref = (slot_weakref *)slot_malloc(sizeof *ref);
    if (!ref)
        return NULL;
    slot_weakref **head = (slot_weakref **)((unsigned char *)obj + cls->weakref_offset);
    ref->obj = obj;
    ref->next = *head;
    ref->pprev = head;
    if (*head)
        (*head)->pprev = &ref->next;
    *head = ref;
    return ref;
}

void *slot_weakref_get(const slot_weakref *ref)
{
    return ref ? ref->obj : NULL;
}

void slot_weakref_free(slot_weakref *ref)
{
    if (!ref)
        return;
    if (ref->obj) {
        *ref->pprev = ref->next;
        if (ref->next)
            ref->next->pprev = ref->pprev;
    }
    slot_free(ref);
}

void slot_i_weakrefs_clear(slot_weakref **head)
{
    slot_weakref *ref = *head;
    while (ref) {
        slot_weakref *next = ref->next;
        ref->obj = NULL;
        ref->next = NULL;
        ref->pprev = NULL;
        ref = next;
    }
    *head = NULL;
}
