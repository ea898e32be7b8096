/* dict.c - the instance dict: an ordered, compact hash table of name ->
 * slot_value, as CPython's dicts since 3.6.
 *
 * One allocation holds everything but string values:
 *
 *     [ header | entries[cap] | index[isize] | key text[pool_cap] ]
 *
 * Entries are dense, in insertion order; a deleted entry stays as a hole
 * (kind DELETED) until the next compaction, so that order never changes.
 * Keys are copied, NUL-terminated, into the key text; entries hold their
 * offset.  A dict of at most LINEAR_MAX entries has no index and is
 * searched linearly (short names compare in a few instructions, cheaper
 * than hashing); a bigger one has an open-addressing index of 32-bit
 * entry numbers, sized so that it is at most two-thirds full.
 *
 * Invariants: n <= used <= cap; entries [0, used) are live or DELETED;
 * pool bytes [0, pool_used) hold the keys of entries [0, used), in order.
 * Every change that allocates allocates first, so that a failure changes
 * nothing; deletion cannot fail: it shrinks the table only when the
 * smaller one could be allocated.
 */
#include "dict.h"

#define LINEAR_MAX 8
#define DELETED 0xffu
#define EMPTY 0u                   /* index position: no entry */
#define DUMMY UINT32_C(0xffffffff) /* index position: an entry was deleted */
#define MAX_KEY_LEN 0xffffffu

typedef struct entry {
    uint32_t key;      /* offset of the key text in the pool */
    uint32_t len_kind; /* key length (24 bits) << 8 | slot_kind or DELETED */
    union {
        bool b;
        int64_t i;
        uint64_t u;
        double f;
        char *s; /* owned */
        void *obj;
    } as;
} entry;

struct slot_dict {
    uint32_t n;        /* live entries */
    uint32_t used;     /* entries written, holes included */
    uint32_t cap;      /* entries that fit */
    uint32_t pool_cap; /* bytes of key text that fit */
};

static entry *entries(const slot_dict *d)
{
    return (entry *)(void *)((char *)d + sizeof *d);
}

static uint32_t index_size(uint32_t cap)
{
    uint32_t size = 0;
    if (cap > LINEAR_MAX)
        for (size = 16; size < cap + cap / 2; size <<= 1)
            ;
    return size;
}

static uint32_t *index_of(const slot_dict *d)
{
    return (uint32_t *)(void *)(entries(d) + d->cap);
}

static char *pool(const slot_dict *d)
{
    return (char *)(index_of(d) + index_size(d->cap));
}

static uint32_t key_len(const entry *e)
{
    return e->len_kind >> 8;
}

static unsigned kind_of(const entry *e)
{
    return e->len_kind & 0xffu;
}

static uint32_t pool_used(const slot_dict *d)
{
    if (d->used == 0)
        return 0;
    const entry *last = &entries(d)[d->used - 1];
    return last->key + key_len(last) + 1;
}

static uint32_t hash32(const char *key, size_t len)
{
    return (uint32_t)slot_hash(0, key, len);
}

static bool key_is(const slot_dict *d, const entry *e, const char *key, size_t len)
{
    return kind_of(e) != DELETED && key_len(e) == len && memcmp(pool(d) + e->key, key, len) == 0;
}

/* ---- Lookup ------------------------------------------------------------ */

/* The index position of KEY, or of the empty position where it would go. */
static uint32_t probe(const slot_dict *d, const char *key, size_t len, bool *found)
{
    uint32_t mask = index_size(d->cap) - 1, *idx = index_of(d);
    uint32_t pos = hash32(key, len) & mask, free_pos = DUMMY;
    for (;; pos = (pos + 1) & mask) {
        uint32_t v = idx[pos];
        if (v == EMPTY) {
            *found = false;
            return free_pos != DUMMY ? free_pos : pos;
        }
        if (v == DUMMY) {
            if (free_pos == DUMMY)
                free_pos = pos;
        } else if (key_is(d, &entries(d)[v - 1], key, len)) {
            *found = true;
            return pos;
        }
    }
}

/* The entry number of KEY, or -1. */
static long find(const slot_dict *d, const char *key, size_t len)
{
    if (!d)
        return -1;
    if (index_size(d->cap) == 0) {
        for (uint32_t i = 0; i < d->used; i++)
            if (key_is(d, &entries(d)[i], key, len))
                return (long)i;
        return -1;
    }
    bool found;
    uint32_t pos = probe(d, key, len, &found);
    return found ? (long)index_of(d)[pos] - 1 : -1;
}

/* ---- Values ------------------------------------------------------------ */

static slot_value value_of(const entry *e)
{
    slot_value v;
    v.kind = (slot_kind)kind_of(e);
    memcpy(&v.as, &e->as, sizeof v.as);
    return v;
}

static void free_value(entry *e)
{
    if (kind_of(e) == SLOT_STR)
        slot_free(e->as.s);
}

/* ---- Building a block -------------------------------------------------- */

static size_t block_size(uint32_t cap, uint32_t pool_cap)
{
    return sizeof(slot_dict) + cap * sizeof(entry) + index_size(cap) * sizeof(uint32_t) + pool_cap;
}

static slot_dict *new_block(uint32_t cap, uint32_t pool_cap)
{
    slot_dict *d = (slot_dict *)slot_malloc(block_size(cap, pool_cap));
    if (d) {
        d->n = d->used = 0;
        d->cap = cap;
        d->pool_cap = pool_cap;
        memset(index_of(d), 0, index_size(cap) * sizeof(uint32_t));
    }
    return d;
}

/* Takes the next entry of D, which has room, for KEY[0..LEN): copies the
 * key into the key text and indexes it.  The caller sets kind and value. */
static entry *add_key(slot_dict *d, const char *key, uint32_t len)
{
    uint32_t at = pool_used(d);
    entry *e = &entries(d)[d->used++];
    e->key = at;
    memcpy(pool(d) + at, key, len);
    pool(d)[at + len] = '\0';
    d->n++;
    if (index_size(d->cap)) {
        bool found;
        index_of(d)[probe(d, key, len, &found)] = d->used;
    }
    return e;
}

/* Appends entry E of SRC to DST, which has room; the value moves as it is. */
static void append(slot_dict *dst, const slot_dict *src, const entry *e)
{
    entry *to = add_key(dst, pool(src) + e->key, key_len(e));
    to->len_kind = e->len_kind;
    to->as = e->as;
}

/* Rebuilds D's live entries, in order, into a new block of CAP entries and
 * POOL_CAP key bytes, which takes over the values; the caller frees D once
 * it has read what it needs from it.  NULL (D untouched) when out of
 * memory. */
static slot_dict *rebuild(slot_dict *d, uint32_t cap, uint32_t pool_cap)
{
    slot_dict *nd = new_block(cap, pool_cap);
    if (!nd)
        return NULL;
    for (uint32_t i = 0; d && i < d->used; i++)
        if (kind_of(&entries(d)[i]) != DELETED)
            append(nd, d, &entries(d)[i]);
    return nd;
}

static size_t live_key_bytes(const slot_dict *d)
{
    size_t bytes = 0;
    for (uint32_t i = 0; d && i < d->used; i++)
        if (kind_of(&entries(d)[i]) != DELETED)
            bytes += key_len(&entries(d)[i]) + 1;
    return bytes;
}

/* The block D needs to take one more key of LEN bytes: D itself when it
 * has room, else a rebuilt one (holes dropped, grown if still short),
 * which the caller frees D for.  NULL when out of memory, or when the key
 * text or the entries would outgrow their 32-bit offsets; D is untouched. */
static slot_dict *make_room(slot_dict *d, size_t len)
{
    if (d && d->used < d->cap && (size_t)pool_used(d) + len + 1 <= d->pool_cap)
        return d;
    size_t n = d ? d->n : 0, cap = d ? d->cap : 1;
    size_t bytes = live_key_bytes(d) + len + 1, pool_cap = d ? d->pool_cap : 0;
    /* Full and mostly live: double, rather than compact again soon. */
    if (d && d->used == d->cap && n + 1 > d->cap / 2)
        cap = (size_t)d->cap * 2;
    if (pool_cap < bytes)
        pool_cap = bytes > pool_cap * 2 ? bytes : pool_cap * 2;
    if (pool_cap > UINT32_MAX || cap > UINT32_MAX / 2)
        return NULL;
    return rebuild(d, (uint32_t)cap, (uint32_t)pool_cap);
}

/* ---- The API ----------------------------------------------------------- */

slot_status slot_dict_get(const slot_dict *d, const char *key, size_t len, slot_value *out)
{
    long i = find(d, key, len);
    if (i < 0)
        return SLOT_ENOATTR;
    *out = value_of(&entries(d)[i]);
    return SLOT_OK;
}

slot_status slot_dict_set(slot_dict **dp, const char *key, size_t len, slot_value v)
{
    char *copy = NULL;
    if (len > MAX_KEY_LEN)
        return SLOT_ETOOLONG;
    if (v.kind == SLOT_STR) {
        if (!v.as.s)
            return SLOT_ETYPE;
        copy = slot_strndup(v.as.s, strlen(v.as.s));
        if (!copy)
            return SLOT_ENOMEM;
    } else if (v.kind > SLOT_OBJ) {
        return SLOT_ETYPE;
    }
    long i = find(*dp, key, len);
    entry *e;
    if (i >= 0) {
        e = &entries(*dp)[i];
        free_value(e);
    } else {
        slot_dict *old = *dp, *d = make_room(old, len);
        if (!d) {
            slot_free(copy);
            return SLOT_ENOMEM;
        }
        e = add_key(d, key, (uint32_t)len);
        /* Only now: KEY may point into the old block's key text. */
        if (d != old)
            slot_free(old);
        *dp = d;
    }
    e->len_kind = (uint32_t)len << 8 | (uint32_t)v.kind;
    memcpy(&e->as, &v.as, sizeof e->as);
    if (copy)
        e->as.s = copy;
    return SLOT_OK;
}

slot_status slot_i_dict_set(slot_dict **d, slot_shared *shared, const char *key, size_t len,
                            slot_value v)
{
    (void)shared; /* Not yet: every dict holds its own keys. */
    return slot_dict_set(d, key, len, v);
}

slot_status slot_dict_del(slot_dict **dp, const char *key, size_t len)
{
    slot_dict *d = *dp;
    long i = find(d, key, len);
    if (i < 0)
        return SLOT_ENOATTR;
    entry *e = &entries(d)[i];
    if (index_size(d->cap)) {
        bool found;
        index_of(d)[probe(d, key, len, &found)] = DUMMY;
    }
    free_value(e);
    e->len_kind = (e->len_kind & ~0xffu) | DELETED;
    d->n--;
    if (d->n == 0) {
        slot_free(d);
        *dp = NULL;
    } else if (d->cap > 4 && d->n < d->cap / 4) {
        /* Mostly holes: shrink if memory allows, else keep the block. */
        slot_dict *nd = rebuild(d, d->cap / 2, (uint32_t)live_key_bytes(d));
        if (nd) {
            slot_free(d);
            *dp = nd;
        }
    }
    return SLOT_OK;
}

size_t slot_dict_len(const slot_dict *d)
{
    return d ? d->n : 0;
}

bool slot_dict_next(const slot_dict *d, size_t *pos, const char **key, slot_value *value)
{
    for (; d && *pos < d->used; ++*pos) {
        const entry *e = &entries(d)[*pos];
        if (kind_of(e) != DELETED) {
            *key = pool(d) + e->key;
            *value = value_of(e);
            ++*pos;
            return true;
        }
    }
    return false;
}

void slot_dict_free(slot_dict *d)
{
    for (uint32_t i = 0; d && i < d->used; i++)
        free_value(&entries(d)[i]);
    slot_free(d);
}

slot_status slot_dict_copy(slot_dict **dst, const slot_dict *src)
{
    slot_dict *d = NULL;
    if (*dst == src)
        return SLOT_OK;
    if (src && src->n) {
        d = new_block(src->n, (uint32_t)live_key_bytes(src));
        if (!d)
            return SLOT_ENOMEM;
        for (uint32_t i = 0; i < src->used; i++) {
            const entry *e = &entries(src)[i];
            if (kind_of(e) == DELETED)
                continue;
            char *copy = NULL;
            if (kind_of(e) == SLOT_STR && !(copy = slot_strndup(e->as.s, strlen(e->as.s)))) {
                slot_dict_free(d);
                return SLOT_ENOMEM;
            }
            append(d, src, e);
            if (copy)
                entries(d)[d->used - 1].as.s = copy;
        }
    }
    slot_dict_free(*dst);
    *dst = d;
    return SLOT_OK;
}

/* Numbers compare by value whatever their kind, as 1 == 1.0 in Python;
 * strings by content; objects by identity. */
bool slot_value_equal(slot_value a, slot_value b)
{
    if (a.kind == SLOT_INT && b.kind == SLOT_UINT)
        return a.as.i >= 0 && (uint64_t)a.as.i == b.as.u;
    if (a.kind == SLOT_UINT && b.kind == SLOT_INT)
        return slot_value_equal(b, a);
    if (a.kind == SLOT_FLOAT && (b.kind == SLOT_INT || b.kind == SLOT_UINT))
        return slot_value_equal(b, a);
    /* Exact: the float must be integral, in range, and convert back. */
    if (b.kind == SLOT_FLOAT && a.kind == SLOT_INT)
        return b.as.f >= -9223372036854775808.0 && b.as.f < 9223372036854775808.0 &&
               (int64_t)b.as.f == a.as.i && (double)a.as.i == b.as.f;
    if (b.kind == SLOT_FLOAT && a.kind == SLOT_UINT)
        return b.as.f >= 0 && b.as.f < 18446744073709551616.0 && (uint64_t)b.as.f == a.as.u &&
               (double)a.as.u == b.as.f;
    if (a.kind != b.kind)
        return false;
    switch (a.kind) {
    case SLOT_NONE:
        return true;
    case SLOT_BOOL:
        return a.as.b == b.as.b;
    case SLOT_INT:
        return a.as.i == b.as.i;
    case SLOT_UINT:
        return a.as.u == b.as.u;
    case SLOT_FLOAT:
        return a.as.f == b.as.f;
    case SLOT_STR:
        return a.as.s && b.as.s ? strcmp(a.as.s, b.as.s) == 0 : a.as.s == b.as.s;
    case SLOT_OBJ:
        return a.as.obj == b.as.obj;
    }
    return false;
}

bool slot_dict_equal(const slot_dict *a, const slot_dict *b)
{
    if (slot_dict_len(a) != slot_dict_len(b))
        return false;
    for (uint32_t i = 0; a && i < a->used; i++) {
        const entry *e = &entries(a)[i];
        slot_value other;
        if (kind_of(e) == DELETED)
            continue;
        if (slot_dict_get(b, pool(a) + e->key, key_len(e), &other) != SLOT_OK ||
            !slot_value_equal(value_of(e), other))
            return false;
    }
    return true;
}

size_t slot_dict_sizeof(const slot_dict *d)
{
    size_t bytes = 0;
    for (uint32_t i = 0; d && i < d->used; i++)
        if (kind_of(&entries(d)[i]) == SLOT_STR)
            bytes += strlen(entries(d)[i].as.s) + 1;
    return d ? bytes + block_size(d->cap, d->pool_cap) : 0;
}
