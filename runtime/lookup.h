/* lookup.h - the name hash and the perfect-hash probe, inline, so that
 * slot_index and slot_getattr pay no call for them.  Private to libslot.
 *
 * slotc hashes every slot name of a class at generation time and libslot
 * hashes the name asked for at run time, so both must agree bit for bit on
 * every machine: bytes are read in little-endian order whatever the
 * host's, and the 128-bit product has a portable fallback that gives the
 * same bits.  The shape follows wyhash: a name of up to 16 bytes takes a
 * few overlapping loads and one multiply, with no loop.
 */
#ifndef SLOT_LOOKUP_H_INCLUDED
#define SLOT_LOOKUP_H_INCLUDED

#include <slot/slot.h>

#define K0 UINT64_C(0xa0761d6478bd642f)
#define K1 UINT64_C(0xe7037ed1a0b428db)
#define K2 UINT64_C(0x8ebc6af09c88c6e3)

/* Little-endian loads: one instruction on a little-endian host, bytes
 * put together one by one elsewhere. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline uint64_t rd64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t rd32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}
#else
static inline uint64_t rd64(const unsigned char *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
           (uint64_t)p[7] << 56;
}

static inline uint64_t rd32(const unsigned char *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;
}
#endif

/* The 128-bit product of A and B, folded to 64 bits by xor. */
static inline uint64_t fold_mul(uint64_t a, uint64_t b)
{
#if defined(__SIZEOF_INT128__)
    __extension__ typedef unsigned __int128 u128;
    u128 r = (u128)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
#else
    uint64_t ah = a >> 32, al = a & 0xffffffffu, bh = b >> 32, bl = b & 0xffffffffu;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
    uint64_t lo = (ll & 0xffffffffu) | mid << 32;
    uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    return lo ^ hi;
#endif
}

/* Inline even where the compiler would not choose to: slot_index is a
 * hash and a few loads, and the call would cost as much as the hash. */
#if defined(__GNUC__) || defined(__clang__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/* The two words the hash reads from a name of up to 16 bytes.  With the
 * length they are the name itself: from 4 bytes up the loads cover every
 * byte, and below 4 the first, middle and last bytes are all there are.
 * The table's cells hold them too, so that a probe compares them rather
 * than the name's bytes. */
static ALWAYS_INLINE void slot_i_words(const unsigned char *p, size_t len, uint64_t *a, uint64_t *b)
{
    if (len >= 4) {
        size_t q = (len >> 3) << 2; /* 0 below 8 bytes, else 4 */
        *a = rd32(p) << 32 | rd32(p + q);
        *b = rd32(p + len - 4) << 32 | rd32(p + len - 4 - q);
    } else if (len > 0) {
        *a = (uint64_t)p[0] << 16 | (uint64_t)p[len >> 1] << 8 | p[len - 1];
        *b = 0;
    } else {
        *a = *b = 0;
    }
}

/* One multiply mixes every input bit into the middle bits of the product,
 * which the fold brings to both halves of the result: the high half picks
 * the bucket, the low bits the position. */
static ALWAYS_INLINE uint64_t slot_i_mix(uint64_t seed, uint64_t a, uint64_t b, size_t len)
{
    return fold_mul(a ^ seed ^ K0 ^ K1, b ^ K2 ^ (uint64_t)len);
}

static ALWAYS_INLINE uint64_t slot_i_hash(uint64_t seed, const unsigned char *p, size_t len)
{
    uint64_t a, b;
    if (len <= 16) {
        slot_i_words(p, len, &a, &b);
    } else {
        size_t i = len;
        while (i > 16) {
            seed = fold_mul(rd64(p) ^ K1, rd64(p + 8) ^ seed);
            p += 16;
            i -= 16;
        }
        a = rd64(p + i - 16);
        b = rd64(p + i - 8);
    }
    return slot_i_mix(seed, a, b, len);
}

/* strlen for names, which are short: a loop costs less than the call. */
static ALWAYS_INLINE size_t slot_i_strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* Whether A and B, both LEN bytes, are equal: the instance dict compares
 * its names with it.  Names are short, so up to 16 bytes take two
 * overlapping loads from each side rather than a call to memcmp; no byte
 * outside [0, LEN) is read. */
static ALWAYS_INLINE bool slot_i_same_bytes(const char *a, const char *b, size_t len)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    if (len >= 8 && len <= 16)
        return ((rd64(p) ^ rd64(q)) | (rd64(p + len - 8) ^ rd64(q + len - 8))) == 0;
    if (len >= 4 && len < 8)
        return ((rd32(p) ^ rd32(q)) | (rd32(p + len - 4) ^ rd32(q + len - 4))) == 0;
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
 * the low half alone is the position, and the read of DISP, which would
 * sit between the hash and the cell on the chain of dependent loads, is
 * skipped.  The branch depends on the class alone, so it is predicted
 * for every name of a class. */
static ALWAYS_INLINE const slot_key *slot_i_cell(const slot_class *cls, uint64_t h)
{
    uint32_t pos = (uint32_t)h;
    if (cls->disp_mask != 0)
        pos ^= cls->disp[(uint32_t)(h >> 32) & cls->disp_mask];
    return &cls->keys[pos & cls->key_mask];
}

/* The probe for a name of up to 16 bytes: the cell holds the words and
 * the length of the name that lands there, which together are that name,
 * so one compare with the cell decides, without a branch and without
 * reading the slot's row.  A free cell's length is more than 16. */
static ALWAYS_INLINE int slot_i_probe(const slot_class *cls, const char *name, size_t len)
{
    uint64_t a, b;
    slot_i_words((const unsigned char *)name, len, &a, &b);
    const slot_key *k = slot_i_cell(cls, slot_i_mix(cls->seed, a, b, len));
    uint64_t diff = (k->a ^ a) | (k->b ^ b) | (k->len ^ (uint64_t)len);
    return diff == 0 ? (int)k->index : -1;
}

/* slot_i_probe for names of more than 16 bytes, out of line (hash.c). */
int slot_i_index_long(const slot_class *cls, const char *name, size_t len);

/* Names of up to 16 bytes take the inline path, which then has no loop
 * and no call; longer ones jump to the out-of-line one. */
static ALWAYS_INLINE int slot_i_index(const slot_class *cls, const char *name, size_t len)
{
    if (len > 16)
        return slot_i_index_long(cls, name, len);
    return slot_i_probe(cls, name, len);
}

#endif
