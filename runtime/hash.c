/* hash.c - the public face of lookup.h: the name hash and slot_index. */
#include "lookup.h"

uint64_t slot_hash(uint64_t seed, const char *name, size_t len)
{
    return slot_i_hash(seed, (const unsigned char *)name, len);
}

int slot_i_index_long(const slot_class *cls, const char *name, size_t len)
{
    return slot_i_probe(cls, name, len);
}

int slot_index(const slot_class *cls, const char *name, size_t len)
{
    return slot_i_index(cls, name, len);
}
