/* member.h - what attr.c and repr.c share about reading a slot through its
 * slot_member, and an instance's dict through its slot_class (slot_i_read,
 * which libslot_io uses too, is in slot.h).  Private to libslot: not
 * installed, not part of the API.
 */
#ifndef SLOT_MEMBER_H_INCLUDED
#define SLOT_MEMBER_H_INCLUDED

#include <slot/slot.h>

/* The slot of CLS called NAME, or NULL when CLS has none. */
const slot_member *slot_i_member(const slot_class *cls, const char *name);

/* Entry K of M's limits {min, max, default}, which M's flags say exist. */
slot_value slot_i_limit(const slot_member *m, int k);

/* The lowest (K 0) or highest (K 1) value number type T holds: for f32
 * +-FLT_MAX, as a finite double past it does not fit; for f64 +-inf. */
slot_value slot_i_type_bound(slot_type t, int k);

/* Whether M holds a value in OBJ: always for a slot with a default, which
 * has no presence bit (pmask 0). */
static inline bool slot_i_is_set(const slot_member *m, const void *obj)
{
    return m->pmask == 0 || (((const unsigned char *)obj)[m->pbyte] & m->pmask) != 0;
}

/* OBJ's dict: NULL, the empty dict, for a class without one. */
static inline const slot_dict *slot_i_dict_of(const slot_class *cls, const void *obj)
{
    const slot_dict *d = NULL;
    if (cls->flags & SLOT_C_DICT)
        memcpy(&d, (const unsigned char *)obj + cls->dict_offset, sizeof d);
    return d;
}

#endif
