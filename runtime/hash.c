/* hash.c - the name hash, the lookup through a class's table, and
 * slot_index, which goes through the class's own lookup. */
#include "lookup.h"

uint64_t slot_hash(uint64_t seed, const char *name, size_t len)
{
    return slot_i_hash(seed, (const unsigned char *)name, len);
}

slot_key slot_i_key(const char *name, size_t len, uint32_t index)
{
    slot_key k;
    memset(&k, 0, sizeof k);
    if (len <= 16)
        slot_i_name_words(name, len, &k.a, &k.b);
    k.len = (uint32_t)len;
    k.index = index;
    return k;
}

/* A name of up to 16 bytes is decided by its cell alone, which holds its
 * words and length.  A long name's cell says only which slot to compare
 * with: its words are 0.  A free cell's length is no name's, and a class
 * without slots has only free cells, so the row is read only when there
 * is one. */
const slot_key *slot_table_find(const slot_class *cls, const char *name, size_t len)
{
    const slot_key *k;
    if (len <= 16) {
        uint64_t a, b;
        slot_i_name_words(name, len, &a, &b);
        k = slot_i_cell(cls, slot_i_mix(cls->seed, a, b, len));
        return slot_i_key_is(k, a, b, len) ? k : NULL;
    }
    k = slot_i_cell(cls, slot_i_hash(cls->seed, (const unsigned char *)name, len));
    if (k->len != len || k->index >= cls->count)
        return NULL;
    const slot_member *m = &cls->members[k->index];
    return m->len == len && memcmp(m->name, name, len) == 0 ? k : NULL;
}

/* The function under the macro of slot.h. */
#undef slot_index
int slot_index(const slot_class *cls, const char *name, size_t len)
{
    const slot_key *k = cls->find(cls, name, len);
    return k ? (int)k->index : -1;
}
