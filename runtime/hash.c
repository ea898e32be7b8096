/* hash.c - the public face of lookup.h: the name hash and slot_index. */
#include "lookup.h"

uint64_t slot_hash(uint64_t seed, const char *name, size_t len)
{
    return slot_i_hash(seed, (const unsigned char *)name, len);
}

slot_key slot_i_key(const char *name, size_t len, uint32_t index)
{
    slot_key k;
    k.a = k.b = 0;
    if (len <= 16)
        slot_i_words((const unsigned char *)name, len, &k.a, &k.b);
    k.len = (uint32_t)len;
    k.index = index;
    return k;
}

/* A long name's cell says only which slot to compare with: its words are
 * 0.  A free cell's length is no name's, and a class without slots has
 * only free cells, so the row is read only when there is one. */
int slot_i_index_long(const slot_class *cls, const char *name, size_t len)
{
    const slot_key *k = slot_i_cell(cls, slot_i_hash(cls->seed, (const unsigned char *)name, len));
    if (k->len != len || k->index >= cls->count)
        return -1;
    const slot_member *m = &cls->members[k->index];
    return m->len == len && memcmp(m->name, name, len) == 0 ? (int)k->index : -1;
}

int slot_index(const slot_class *cls, const char *name, size_t len)
{
    return slot_i_index(cls, name, len);
}
