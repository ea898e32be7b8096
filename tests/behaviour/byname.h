/* byname.h - reads by name for the behaviour tests: each asserts that
 * slot_getattr succeeds (and, typed, that the value has the kind asked
 * for) and returns the value. */
#ifndef SLOTC_TEST_BYNAME_H
#define SLOTC_TEST_BYNAME_H

#include <slot/slot.h>

/* NAME of OBJ, a CLS instance, read by name; it must be set. */
slot_value get(const slot_class *cls, const void *obj, const char *name);
int64_t get_int(const slot_class *cls, const void *obj, const char *name);
uint64_t get_uint(const slot_class *cls, const void *obj, const char *name);
double get_float(const slot_class *cls, const void *obj, const char *name);
const char *get_str(const slot_class *cls, const void *obj, const char *name);
void *get_obj(const slot_class *cls, const void *obj, const char *name);

#endif
