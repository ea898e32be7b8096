/* hash.c - the hash of slot names.
 *
 * slotc hashes every slot name of a class with it at generation time and
 * slot_index hashes the name asked for at run time, so both must agree
 * bit for bit on every machine: bytes are read in little-endian order
 * whatever the host's, and the 128-bit product has a portable fallback
 * that gives the same bits.  The shape follows wyhash: short names take
 * a few overlapping loads and two multiply-folds, with no loop.
 */
#include <slot/slot.h>

#define K0 UINT64_C(0xa0761d6478bd642f)
#define K1 UINT64_C(0xe7037ed1a0b428db)
#define K2 UINT64_C(0x8ebc6af09c88c6e3)

static uint64_t rd64(const unsigned char *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
           (uint64_t)p[7] << 56;
}

static uint64_t rd32(const unsigned char *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;
}

/* The 128-bit product of A and B, folded to 64 bits by xor. */
static uint64_t fold_mul(uint64_t a, uint64_t b)
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

uint64_t slot_hash(uint64_t seed, const char *name, size_t len)
{
    const unsigned char *p = (const unsigned char *)name;
    uint64_t a, b;
    seed ^= K0;
    if (len <= 16) {
        if (len >= 4) {
            size_t q = (len >> 3) << 2; /* 0 below 8 bytes, else 4 */
            a = rd32(p) << 32 | rd32(p + q);
            b = rd32(p + len - 4) << 32 | rd32(p + len - 4 - q);
        } else if (len > 0) {
            a = (uint64_t)p[0] << 16 | (uint64_t)p[len >> 1] << 8 | p[len - 1];
            b = 0;
        } else {
            a = b = 0;
        }
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
    return fold_mul(K1 ^ (uint64_t)len, fold_mul(a ^ K1, b ^ seed) ^ K2);
}

/* The table is hash-and-displace: the high half of the hash picks a
 * bucket, whose displacement is xored into the low half to give a
 * position in KEYS, which holds the slot index.  slotc chose the seed and
 * the displacements so that every slot name lands on its own position.
 * Positions that no name reaches hold 0: the compare against slot 0's
 * name then fails, because slot 0's own name lands elsewhere. */
int slot_index(const slot_class *cls, const char *name, size_t len)
{
    uint64_t h;
    uint32_t pos;
    const slot_member *m;
    if (cls->count == 0)
        return -1;
    h = slot_hash(cls->seed, name, len);
    pos = ((uint32_t)h ^ cls->disp[(uint32_t)(h >> 32) & cls->disp_mask]) & cls->key_mask;
    m = &cls->members[cls->keys[pos]];
    if (m->len != len || memcmp(m->name, name, len) != 0)
        return -1;
    return (int)cls->keys[pos];
}
