/* phash.c - builds the perfect hash of one class's slot names.
 *
 * Buckets average under three names.  They are placed largest first, while
 * the table is still empty, each by trying displacements 0, 1, 2, ... until
 * all its names land on free positions; with the table at most 80% full
 * when the last (single-name) buckets are placed, a displacement is found
 * after a few tries on average, so the whole build is expected linear.  A
 * seed is abandoned when two names of one bucket share their low bits (no
 * displacement can separate them) or a bucket cannot be placed.
 */
#include "phash.h"

#include <slot/slot.h>
#include <string.h>

#define MAX_TRIES 1000
#define DENSE_TRIES 20

static size_t pow2_at_least(size_t n)
{
    size_t p = 1;
    while (p < n)
        p <<= 1;
    return p;
}

/* The work space of one build; every array is from the arena. */
typedef struct build {
    size_t n, nbuckets, nkeys;
    const char *const *names;
    uint64_t *hash;      /* per name */
    size_t *start;       /* bucket b's names: order[start[b] .. start[b + 1]) */
    size_t *order;       /* name indexes grouped by bucket */
    size_t *by_size;     /* bucket numbers, largest bucket first */
    unsigned char *used; /* per position */
} build;

static uint32_t bucket_of(const build *b, uint64_t h)
{
    return (uint32_t)(h >> 32) & (uint32_t)(b->nbuckets - 1);
}

static uint32_t low_of(const build *b, uint64_t h)
{
    return (uint32_t)h & (uint32_t)(b->nkeys - 1);
}

/* Groups the names by bucket and orders the buckets by falling size, both
 * with counting sorts. */
static void group(build *b)
{
    memset(b->start, 0, (b->nbuckets + 1) * sizeof *b->start);
    for (size_t i = 0; i < b->n; i++)
        b->start[bucket_of(b, b->hash[i]) + 1]++;
    size_t biggest = 0;
    for (size_t k = 0; k < b->nbuckets; k++) {
        if (b->start[k + 1] > biggest)
            biggest = b->start[k + 1];
        b->start[k + 1] += b->start[k];
    }
    size_t *fill = b->by_size; /* borrowed as a cursor per bucket */
    memcpy(fill, b->start, b->nbuckets * sizeof *fill);
    for (size_t i = 0; i < b->n; i++)
        b->order[fill[bucket_of(b, b->hash[i])]++] = i;
    size_t pos = 0;
    for (size_t size = biggest + 1; size-- > 0;)
        for (size_t k = 0; k < b->nbuckets; k++)
            if (b->start[k + 1] - b->start[k] == size)
                b->by_size[pos++] = k;
}

/* Whether two names of bucket K share their low bits. */
static bool bucket_clashes(const build *b, size_t k)
{
    for (size_t i = b->start[k]; i < b->start[k + 1]; i++)
        for (size_t j = i + 1; j < b->start[k + 1]; j++)
            if (low_of(b, b->hash[b->order[i]]) == low_of(b, b->hash[b->order[j]]))
                return true;
    return false;
}

static bool fits(const build *b, size_t k, uint32_t d)
{
    for (size_t i = b->start[k]; i < b->start[k + 1]; i++)
        if (b->used[low_of(b, b->hash[b->order[i]]) ^ d])
            return false;
    return true;
}

/* Places every bucket; false when one cannot be placed. */
static bool place_all(build *b, ph_table *t)
{
    memset(b->used, 0, b->nkeys);
    memset(t->disp, 0, b->nbuckets * sizeof *t->disp);
    for (size_t pos = 0; pos < b->nkeys; pos++) {
        memset(&t->keys[pos], 0, sizeof t->keys[pos]);
        t->keys[pos].len = SLOT_KEY_FREE;
    }
    for (size_t s = 0; s < b->nbuckets; s++) {
        size_t k = b->by_size[s];
        if (b->start[k] == b->start[k + 1])
            break; /* empty buckets come last */
        if (bucket_clashes(b, k))
            return false;
        uint32_t d = 0;
        while (d < b->nkeys && !fits(b, k, d))
            d++;
        if (d == b->nkeys)
            return false;
        t->disp[k] = (uint16_t)d;
        for (size_t i = b->start[k]; i < b->start[k + 1]; i++) {
            size_t name = b->order[i];
            uint32_t pos = low_of(b, b->hash[name]) ^ d;
            b->used[pos] = 1;
            t->keys[pos] = slot_i_key(b->names[name], strlen(b->names[name]), (uint32_t)name);
        }
    }
    return true;
}

/* Tries up to MAX seeds until one places every name in B's NBUCKETS
 * buckets. */
static bool try_seeds(build *b, size_t nbuckets, unsigned max, ph_table *t)
{
    b->nbuckets = t->nbuckets = nbuckets;
    for (unsigned tries = 1; tries <= max; tries++) {
        /* Seeds from a Weyl sequence: deterministic, and far apart. */
        t->seed = tries * UINT64_C(0x9e3779b97f4a7c15);
        t->tries = tries;
        for (size_t i = 0; i < b->n; i++)
            b->hash[i] = slot_hash(t->seed, b->names[i], strlen(b->names[i]));
        group(b);
        if (place_all(b, t))
            return true;
    }
    return false;
}

bool ph_build(arena *a, const char *const *names, size_t n, ph_table *out)
{
    build b = {0};
    size_t nbuckets = pow2_at_least((n + 2) / 3 + (n == 0));
    size_t dense_buckets = pow2_at_least((n + 1) / 2), most = nbuckets;
    if (n >= PH_DENSE_MIN && dense_buckets > most)
        most = dense_buckets; /* the work space fits either geometry */
    b.n = n;
    b.names = names;
    b.nkeys = pow2_at_least(n + (n + 3) / 4 + (n == 0)); /* at most 80% full */
    b.hash = ar_alloc(a, (n + 1) * sizeof *b.hash);
    b.start = ar_alloc(a, (most + 1) * sizeof *b.start);
    b.order = ar_alloc(a, (n + 1) * sizeof *b.order);
    b.by_size = ar_alloc(a, most * sizeof *b.by_size);
    b.used = ar_alloc(a, b.nkeys);
    out->nkeys = b.nkeys;
    out->same_len = n ? strlen(names[0]) : 0;
    out->has_long = false;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        if (len != out->same_len)
            out->same_len = 0;
        out->has_long = out->has_long || len > 16;
    }
    if (out->same_len > 16)
        out->same_len = 0;
    out->disp = ar_alloc(a, most * sizeof *out->disp);
    out->keys = ar_alloc(a, b.nkeys * sizeof *out->keys);
    /* One bucket means no displacement, which slot_index then does not
     * read; for a few names a seed whose low bits alone tell them apart
     * comes after a few tries (3 names in 4 positions: 3 seeds in 8). */
    if (n <= PH_DIRECT_MAX && try_seeds(&b, 1, MAX_TRIES, out))
        return true;
    /* A large class whose names nearly fill a power of two first tries
     * that many positions, with a bucket per two names: half the table
     * that the 80% bound gives, so that the cells the lookups probe stay
     * in the first-level cache longer.  A few seeds usually do. */
    if (n >= PH_DENSE_MIN && pow2_at_least(n) < b.nkeys) {
        size_t wide = b.nkeys;
        b.nkeys = out->nkeys = pow2_at_least(n);
        if (try_seeds(&b, dense_buckets, DENSE_TRIES, out))
            return true;
        b.nkeys = out->nkeys = wide;
    }
    return try_seeds(&b, nbuckets, MAX_TRIES, out);
}
