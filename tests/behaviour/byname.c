/* byname.c - the reads of byname.h. */
#include "byname.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

slot_value get(const slot_class *cls, const void *obj, const char *name)
{
    slot_value v = slot_none();
    assert_int_equal(slot_getattr(cls, obj, name, &v), SLOT_OK);
    return v;
}

/* NAME's value, which must be of KIND. */
static slot_value get_kind(const slot_class *cls, const void *obj, const char *name, slot_kind kind)
{
    slot_value v = get(cls, obj, name);
    assert_int_equal(v.kind, kind);
    return v;
}

int64_t get_int(const slot_class *cls, const void *obj, const char *name)
{
    return get_kind(cls, obj, name, SLOT_INT).as.i;
}

uint64_t get_uint(const slot_class *cls, const void *obj, const char *name)
{
    return get_kind(cls, obj, name, SLOT_UINT).as.u;
}

double get_float(const slot_class *cls, const void *obj, const char *name)
{
    return get_kind(cls, obj, name, SLOT_FLOAT).as.f;
}

const char *get_str(const slot_class *cls, const void *obj, const char *name)
{
    return get_kind(cls, obj, name, SLOT_STR).as.s;
}

void *get_obj(const slot_class *cls, const void *obj, const char *name)
{
    return get_kind(cls, obj, name, SLOT_OBJ).as.obj;
}
