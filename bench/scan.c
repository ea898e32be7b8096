/* scan.c - the linear scan over a class's slot names, and a call that
 * does nothing, whose cost is the floor under every lookup timed. */
#include "tables.h"

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
