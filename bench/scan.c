/* scan.c - the linear scan over a class's slot names, and calls that
 * do nothing, whose cost is the floor under every lookup and get timed. */
#include "tables.h"

#include <stdint.h>

int scan_index(const name_list *list, const char *name, size_t len)
{
    for (size_t i = 0; i < list->count; i++)
        if (list->lens[i] == len && memcmp(list->names[i], name, len) == 0)
            return (int)i;
    return -1;
}

int empty_call(const void *cls, const char *name, size_t len)
{
    (void)cls;
    (void)name;
    return (int)(len & 1);
}

int empty_get(const void *cls, const void *obj, const char *name, void *out)
{
    (void)cls;
    (void)obj;
    (void)out;
    return (int)((uintptr_t)name & 1);
}
