/* lookup.h - the name hash and the table probe, inline, for libslot's own
 * use.  Private to libslot.
 *
 * slotc hashes every slot name of a class at generation time and the
 * lookups it generates, or libslot, hash the name asked for at run time,
 * so both must agree bit for bit on every machine: the pieces that the
 * generated lookups inline (the name's words, the mix) are in slot.h, and
 * this file builds the rest on them.  The shape follows wyhash: a name of
 * up to 16 bytes takes a few loads and one multiply, with no loop.
 */
#ifndef SLOT_LOOKUP_H_INCLUDED
#define SLOT_LOOKUP_H_INCLUDED

#include <slot/slot.h>

/* Inline even where the compiler would not choose to: the hot paths are a
 * hash and a few loads, and a call would cost as much as the hash. */
#if defined(__GNUC__) || defined(__clang__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/* Out of line: for the rarer cases of a hot function, so that its common
 * case keeps to registers it need not save, and tail-calls them. */
#if defined(__GNUC__) || defined(__clang__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

#define K1 UINT64_C(0xe7037ed1a0b428db)

static ALWAYS_INLINE uint64_t slot_i_hash(uint64_t seed, const unsigned char *p, size_t len)
{
    uint64_t a, b;
    if (len <= 16) {
        slot_i_name_words((const char *)p, len, &a, &b);
    } else {
        size_t i = len;
        while (i > 16) {
            seed = slot_i_fold_mul(slot_i_rd64(p) ^ K1, slot_i_rd64(p + 8) ^ seed);
            p += 16;
            i -= 16;
        }
        a = slot_i_rd64(p + i - 16);
        b = slot_i_rd64(p + i - 8);
    }
    return slot_i_mix(seed, a, b, len);
}

/* Whether A and B, both LEN bytes, are equal: the instance dict compares
 * its names with it.  Names are short, so up to 16 bytes take two
 * overlapping loads from each side rather than a call to memcmp; no byte
 * outside [0, LEN) is read. */
static ALWAYS_INLINE bool slot_i_same_bytes(const char *a, const char *b, size_t len)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    if (len >= 8 && len <= 16)
        return ((slot_i_rd64(p) ^ slot_i_rd64(q)) |
                (slot_i_rd64(p + len - 8) ^ slot_i_rd64(q + len - 8))) == 0;
    if (len >= 4 && len < 8)
        return ((slot_i_rd32(p) ^ slot_i_rd32(q)) |
                (slot_i_rd32(p + len - 4) ^ slot_i_rd32(q + len - 4))) == 0;
    if (len < 4) {
        for (size_t i = 0; i < len; i++)
            if (p[i] != q[i])
                return false;
        return true;
    }
    return memcmp(a, b, len) == 0;
}

/* The table is hash-and-displace: the high half of the hash picks a
 * bucket, whose displacement is xored into the low half to give a
 * position in KEYS.  slotc chose the seed and the displacements so that
 * every slot name lands on its own position.  A table of one bucket has
 * no displacement (slotc looks for such a seed first for small classes):
 * the low half alone is the position. */
static ALWAYS_INLINE const slot_key *slot_i_cell(const slot_class *cls, uint64_t h)
{
    uint32_t pos = (uint32_t)h;
    if (cls->disp_mask != 0)
        pos ^= cls->disp[(uint32_t)(h >> 32) & cls->disp_mask];
    return &cls->keys[pos & cls->key_mask];
}

#endif
