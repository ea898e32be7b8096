/* dict.c - the instance dict: an ordered map of name -> slot_value, in one
 * of two forms.  Every function tells them apart from the block alone, by
 * its first 32 bits (see is_split), so callers never know which they hold.
 *
 * Combined form: an ordered, compact hash table, as CPython's dicts since
 * 3.6.  One allocation holds everything but string values:
 *
 *     [ header 16 | entries[cap] 16 each | index[isize] 4 each | key text ]
 *
 * Entries are dense, in insertion order; a deleted entry stays as a hole
 * (kind DELETED) until the next compaction, so that order never changes.
 * Keys are copied, NUL-terminated, into the key text; entries hold their
 * offset.  A dict of at most LINEAR_MAX entries has no index and is
 * searched linearly (short names compare in a few instructions, cheaper
 * than hashing); a bigger one has an open-addressing index of 32-bit
 * entry numbers, sized so that it is at most two-thirds full.  {x: 1.5,
 * y: 2.5} takes 16 + 2 * 16 + 4 = 52 bytes.
 *
 * Invariants: n <= used <= cap < 2^31; entries [0, used) are live or
 * DELETED; pool bytes [0, pool_used) hold the keys of entries [0, used),
 * in order.
 *
 * Split form: the key-sharing dicts of CPython (PEP 412).  The instances
 * of one dict class that gain the same names in the same order keep the
 * names once, in a shape, and each holds only its values:
 *
 *     [ SPLIT_BIT | shape number: 4 | kinds: 4 | values[room]: 8 each | kinds ]
 *
 * The header packs the kinds of values 0..9, 3 bits each; values 10 and
 * up have a kind byte each after the values.  {x: 1.5, y: 2.5} takes 8 + 2 * 8
 * = 24 bytes.  Value i belongs to the shape's name i; a deleted value
 * leaves a hole (kind HOLE), so that deletion never allocates.  A block of
 * n values has room for split_room(n), the power of two at or above n:
 * adding names one by one reallocates it log2(n) times, not n times, and
 * a block of 1, 2, 4, 8... values wastes nothing.
 *
 * A shape lists n names in insertion order, found through a byte index;
 * each name's record holds its first 16 bytes as two words, as slot_key
 * does, so that a name that long is accepted or refused by its record
 * alone, without a load of its text.  A shape is immutable once published,
 * but for its one child: the shape with the same names and one more,
 * published once by compare-and-swap.  A class's slot_shared.root is its
 * one-name shape, so the shapes of a class form one chain, of at most
 * SPLIT_MAX names.  Shapes are never freed: a program's classes own them
 * for its lifetime, and slot_dict_sizeof does not count them per instance.
 * A block names its shape by a number in a table of every shape, not by a
 * pointer, so that number and kinds fit in one 8-byte header; the table
 * holds at most MAX_SHAPES shapes, a few per class.  It is one static
 * array, so that a number leads to its shape in one load: its 512 KiB are
 * address space, and only the pages of numbers taken are ever touched.
 *
 * An instance stays split while it sets names along its class's chain.  A
 * set that would leave it (a name other than the child's, a deleted name
 * back, more than SPLIT_MAX names, no class given, or no memory or number
 * for a new shape) turns it combined; it stays combined, as any combined
 * dict, until emptied.  Only shapes are shared between threads, and they
 * change only atomically (see Atomics); a dict itself is not thread-safe.
 *
 * Every change that allocates allocates first, so that a failure changes
 * nothing; in particular a shape is published only once the instance's
 * new block is in hand.  Deletion cannot fail: a combined dict shrinks
 * only when the smaller table could be allocated.
 */
#include "dict.h"
#include "lookup.h"

#define LINEAR_MAX 8
#define DELETED 0xffu
#define EMPTY 0u                   /* index position: no entry */
#define DUMMY UINT32_C(0xffffffff) /* index position: an entry was deleted */
#define MAX_KEY_LEN 0xffffffu
#define SPLIT_BIT UINT32_C(0x80000000) /* first word of a split block */
#define SPLIT_MAX 30                   /* names in the longest shape, as in CPython */
#define INLINE_KINDS 10                /* kinds in a split block's header */
#define KIND_BITS 3
#define KIND_MASK 7u
#define HOLE 7u          /* split kind: the value was deleted */
#define MAX_SHAPES 65536 /* in a program */

/* A value without its kind, as both forms store it. */
typedef union payload {
    bool b;
    int64_t i;
    uint64_t u;
    double f;
    char *s; /* owned */
    void *obj;
} payload;

typedef struct entry {
    uint32_t key;      /* offset of the key text in the pool */
    uint32_t len_kind; /* key length (24 bits) << 8 | slot_kind or DELETED */
    payload as;
} entry;

/* The header of a combined block.  CAP comes first: it is below 2^31,
 * which tells this form from the split one (see is_split). */
struct slot_dict {
    uint32_t cap;      /* entries that fit */
    uint32_t n;        /* live entries */
    uint32_t used;     /* entries written, holes included */
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

static ALWAYS_INLINE uint32_t hash32(const char *key, size_t len)
{
    return (uint32_t)slot_i_hash(0, (const unsigned char *)key, len);
}

static bool key_is(const slot_dict *d, const entry *e, const char *key, size_t len)
{
    return kind_of(e) != DELETED && key_len(e) == len &&
           slot_i_same_bytes(pool(d) + e->key, key, len);
}

/* ---- Combined form: lookup ------------------------------------------------------------ */

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

/* ---- Combined form: building a block -------------------------------------------------- */

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
    /* CAP stays below 2^31, SPLIT_BIT clear. */
    if (pool_cap > UINT32_MAX || cap > UINT32_MAX / 2)
        return NULL;
    return rebuild(d, (uint32_t)cap, (uint32_t)pool_cap);
}

/* ---- Atomics ----------------------------------------------------------- */

/* Threads may set names on different instances of one class at once, so
 * the shared state (child pointers, slot_shared.root, the shape table)
 * changes only through these.  gcc's and clang's builtins work on plain
 * objects, as slot_shared.root is; elsewhere, plain accesses make shapes
 * correct in one thread only. */
#if defined(__GNUC__)
#define LOAD(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define ADD(p, v) __atomic_fetch_add((p), (v), __ATOMIC_RELAXED)
/* Sets *P to WANT when it holds *OLD, else reads it into *OLD. */
#define CAS(p, old, want)                                                                          \
    __atomic_compare_exchange_n((p), (old), (want), false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)
#else
#define LOAD(p) (*(p))
#define STORE(p, v) (*(p) = (v))
#define ADD(p, v) (*(p) += (v))
#define CAS(p, old, want) (*(p) == *(old) ? (*(p) = (want), true) : (*(old) = *(p), false))
#endif

/* ---- Shapes ------------------------------------------------------------ */

/* A name of a shape: its words (see slot_i_name_words; 0 past 16 bytes),
 * its length, and where its text is. */
typedef struct name {
    uint64_t a, b;
    uint32_t len;
    uint32_t off; /* of its text in the shape's key text */
} name;

/* A name asked for: its bytes, and the words and hash that compare and
 * place it, computed once for every shape and block it meets. */
typedef struct probe_key {
    const char *s;
    size_t len;
    uint64_t a, b;
    uint32_t hash;
} probe_key;

static ALWAYS_INLINE probe_key key_of(const char *s, size_t len)
{
    probe_key k;
    k.s = s;
    k.len = len;
    k.a = k.b = 0;
    if (len <= 16) {
        slot_i_name_words(s, len, &k.a, &k.b);
        k.hash = (uint32_t)slot_i_mix(0, k.a, k.b, len);
    } else {
        k.hash = (uint32_t)slot_i_hash(0, (const unsigned char *)s, len);
    }
    return k;
}

/* Followed by names[n], index[shape_index_size(n)] (name number + 1, 0:
 * empty) and the names' text, each NUL-terminated. */
typedef struct shape {
    struct shape *next; /* the child; NULL until one is published */
    uint32_t id;        /* its number in the table */
    uint16_t n;         /* names, at most SPLIT_MAX */
    uint16_t mask;      /* the index's size - 1 */
} shape;

/* Every published shape by number.  Shapes live as long as the program. */
static shape *table[MAX_SHAPES];
static uint32_t numbers_taken;
static size_t blocks_kept; /* published shapes */

static name *names_of(const shape *sh)
{
    return (name *)(void *)((char *)sh + sizeof *sh);
}

/* At most half full, so that a probe always ends on an empty position.
 * Even a shape of one or two names has one: a shape is shared by every
 * instance, so its size hardly matters, and a lookup through the index
 * finds a name at its first probe whichever it is, where a scan's exit
 * depends on the name and mispredicts when names alternate. */
static uint32_t shape_index_size(uint32_t n)
{
    uint32_t size;
    for (size = 4; size < 2 * n; size <<= 1)
        ;
    return size;
}

static uint8_t *shape_index(const shape *sh)
{
    return (uint8_t *)(names_of(sh) + sh->n);
}

static char *shape_text(const shape *sh)
{
    return (char *)(shape_index(sh) + sh->mask + 1);
}

static const char *name_text(const shape *sh, uint32_t i)
{
    return shape_text(sh) + names_of(sh)[i].off;
}

static ALWAYS_INLINE bool name_is(const shape *sh, uint32_t i, const probe_key *k)
{
    const name *nm = &names_of(sh)[i];
    if (k->len <= 16)
        return ((nm->a ^ k->a) | (nm->b ^ k->b) | (nm->len ^ (uint64_t)k->len)) == 0;
    return nm->len == k->len && memcmp(name_text(sh, i), k->s, k->len) == 0;
}

/* shape_find for a name of more than 16 bytes, out of line so that the
 * loop for shorter ones keeps its registers. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static long
shape_find_long(const shape *sh, const probe_key *k)
{
    uint32_t mask = sh->mask;
    const uint8_t *idx = shape_index(sh);
    for (uint32_t pos = k->hash & mask; idx[pos]; pos = (pos + 1) & mask)
        if (name_is(sh, idx[pos] - 1u, k))
            return (long)idx[pos] - 1;
    return -1;
}

/* The number of K's name in SH, or -1.  A name of up to 16 bytes is
 * decided by the words of the records the index leads to. */
static ALWAYS_INLINE long shape_find(const shape *sh, const probe_key *k)
{
    uint32_t mask = sh->mask;
    const uint8_t *idx = shape_index(sh);
    const name *names = names_of(sh);
    if (k->len > 16)
        return shape_find_long(sh, k);
    for (uint32_t pos = k->hash & mask; idx[pos]; pos = (pos + 1) & mask) {
        const name *nm = &names[idx[pos] - 1u];
        if (((nm->a ^ k->a) | (nm->b ^ k->b) | (nm->len ^ (uint64_t)k->len)) == 0)
            return (long)idx[pos] - 1;
    }
    return -1;
}

/* What the first position K's hash leads to in SH's index says, for a
 * name of up to 16 bytes: its number (it is there), NOWHERE (the position
 * is empty: SH has no such name) or FURTHER (another name is there: look
 * further, with shape_find).  Most names are found at their first
 * position, the index being at most half full. */
#define NOWHERE (-1)
#define FURTHER (-2)
static ALWAYS_INLINE long first_probe(const shape *sh, const probe_key *k)
{
    unsigned at = shape_index(sh)[k->hash & sh->mask];
    if (at == 0)
        return NOWHERE;
    const name *nm = &names_of(sh)[at - 1];
    if (((nm->a ^ k->a) | (nm->b ^ k->b) | (nm->len ^ (uint64_t)k->len)) == 0)
        return (long)at - 1;
    return FURTHER;
}

static bool ends_with(const shape *sh, const probe_key *k)
{
    return name_is(sh, sh->n - 1, k);
}

/* A new, unpublished shape: PARENT's names (none when NULL), then K. */
static shape *new_shape(const shape *parent, const probe_key *k)
{
    uint32_t len = (uint32_t)k->len;
    uint32_t n = parent ? parent->n + 1 : 1, at = 0;
    if (parent) {
        const name *last = &names_of(parent)[parent->n - 1];
        at = last->off + last->len + 1;
    }
    uint32_t isize = shape_index_size(n);
    shape *sh = (shape *)slot_malloc(sizeof(shape) + n * sizeof(name) + isize + at + len + 1);
    if (!sh)
        return NULL;
    sh->next = NULL;
    sh->id = 0;
    sh->n = (uint16_t)n;
    sh->mask = (uint16_t)(isize - 1);
    if (parent) {
        memcpy(names_of(sh), names_of(parent), parent->n * sizeof(name));
        memcpy(shape_text(sh), shape_text(parent), at);
    }
    names_of(sh)[n - 1].a = k->a;
    names_of(sh)[n - 1].b = k->b;
    names_of(sh)[n - 1].len = len;
    names_of(sh)[n - 1].off = at;
    memcpy(shape_text(sh) + at, k->s, len);
    shape_text(sh)[at + len] = '\0';
    memset(shape_index(sh), 0, isize);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t pos = hash32(name_text(sh, i), names_of(sh)[i].len) & (isize - 1);
        while (shape_index(sh)[pos])
            pos = (pos + 1) & (isize - 1);
        shape_index(sh)[pos] = (uint8_t)(i + 1);
    }
    return sh;
}

static shape *shape_numbered(uint32_t id)
{
    return LOAD(&table[id]);
}

/* Takes the next free number; false when the table is full. */
static bool take_number(uint32_t *id)
{
    uint32_t n = LOAD(&numbers_taken);
    do {
        if (n >= MAX_SHAPES)
            return false;
    } while (!CAS(&numbers_taken, &n, n + 1));
    *id = n;
    return true;
}

/* The child of PARENT (NULL: the class's root), or NULL when there is
 * none yet. */
static shape *child_of(slot_shared *shared, const shape *parent)
{
    return parent ? LOAD(&parent->next) : (shape *)LOAD(&shared->root);
}

/* Publishes SH as the child of PARENT unless there is one already, which
 * goes into *WON. */
static bool publish(slot_shared *shared, shape *parent, shape *sh, shape **won)
{
    void *root = NULL;
    if (parent)
        return CAS(&parent->next, won, sh);
    if (CAS(&shared->root, &root, (void *)sh))
        return true;
    *won = (shape *)root;
    return false;
}

/* Creates and publishes the child of PARENT (NULL: the root) that adds
 * K; when another thread publishes one first, that one if it adds K too.
 * NULL, with nothing published, when out of memory or numbers, or when
 * the published child adds another name. */
static shape *make_child(slot_shared *shared, shape *parent, const probe_key *k)
{
    shape *sh = new_shape(parent, k), *won = NULL;
    if (!sh || !take_number(&sh->id)) {
        slot_free(sh);
        return NULL;
    }
    /* Numbered before it is published: whoever finds it may number a
     * block with it, and the block must lead back to it. */
    STORE(&table[sh->id], sh);
    if (publish(shared, parent, sh, &won)) {
        ADD(&blocks_kept, 1);
        return sh;
    }
    /* Unpublished, so no block holds its number. */
    STORE(&table[sh->id], (shape *)NULL);
    slot_free(sh);
    return ends_with(won, k) ? won : NULL;
}

size_t slot_i_shape_blocks(void)
{
    return LOAD(&blocks_kept);
}

/* ---- Split form -------------------------------------------------------- */

/* Followed by payload values[n] and, past INLINE_KINDS values, a kind
 * byte for each further value. */
typedef struct split {
    uint32_t id;    /* SPLIT_BIT | the shape's number */
    uint32_t kinds; /* of values [0, INLINE_KINDS), KIND_BITS each */
} split;

_Static_assert(SLOT_OBJ < HOLE && HOLE <= KIND_MASK, "kinds fit in KIND_BITS");
_Static_assert(INLINE_KINDS *KIND_BITS <= 32, "inline kinds fit in 32 bits");
_Static_assert(SPLIT_MAX < 255, "a shape's byte index holds a name number + 1");

static bool is_split(const slot_dict *d)
{
    uint32_t head;
    memcpy(&head, d, sizeof head);
    return (head & SPLIT_BIT) != 0;
}

static split *split_of(const slot_dict *d)
{
    return d && is_split(d) ? (split *)(void *)d : NULL;
}

bool slot_i_dict_shares_keys(const slot_dict *d)
{
    return split_of(d) != NULL;
}

static shape *shape_of(const split *sp)
{
    return shape_numbered(sp->id & ~SPLIT_BIT);
}

static payload *values_of(const split *sp)
{
    return (payload *)(void *)((char *)sp + sizeof *sp);
}

/* The values a block of N values has room for: N rounded up to a power
 * of two. */
static uint32_t split_room(uint32_t n)
{
    uint32_t room = 1;
    while (room < n)
        room <<= 1;
    return room;
}

/* The bytes of a block of N values, with its room. */
static size_t split_size(uint32_t n)
{
    uint32_t room = split_room(n);
    return sizeof(split) + room * sizeof(payload) + (room > INLINE_KINDS ? room - INLINE_KINDS : 0);
}

/* The kind bytes of a block of N values: of values INLINE_KINDS and up,
 * after the room for the values. */
static uint8_t *split_kinds(const split *sp, uint32_t n)
{
    return (uint8_t *)(values_of(sp) + split_room(n));
}

/* The kind of value I of SP, which has N values: a slot_kind or HOLE. */
static unsigned split_kind(const split *sp, uint32_t n, uint32_t i)
{
    if (i < INLINE_KINDS)
        return sp->kinds >> (KIND_BITS * i) & KIND_MASK;
    return split_kinds(sp, n)[i - INLINE_KINDS];
}

static void set_split_kind(split *sp, uint32_t n, uint32_t i, unsigned kind)
{
    if (i < INLINE_KINDS)
        sp->kinds = (sp->kinds & ~(KIND_MASK << (KIND_BITS * i))) | kind << (KIND_BITS * i);
    else
        split_kinds(sp, n)[i - INLINE_KINDS] = (uint8_t)kind;
}

static uint32_t split_len(const split *sp, uint32_t n)
{
    uint32_t live = 0;
    for (uint32_t i = 0; i < n; i++)
        live += split_kind(sp, n, i) != HOLE;
    return live;
}

/* Adds K = V to *DP, split or NULL, whose shape is SH (NULL: none), by
 * moving it to SH's child, in its block when that has room.  false when
 * it cannot stay split, with nothing changed; else *ST is SLOT_OK, or
 * SLOT_ENOMEM with nothing changed.  V's string, if any, is the dict's on
 * SLOT_OK. */
static bool split_add(slot_dict **dp, slot_shared *shared, shape *sh, const probe_key *k,
                      slot_value v, slot_status *st)
{
    split *sp = split_of(*dp), *nb = sp;
    uint32_t n = sh ? sh->n : 0;
    shape *to = n < SPLIT_MAX ? child_of(shared, sh) : NULL;
    if (n == SPLIT_MAX || (to && !ends_with(to, k)))
        return false;
    /* The block first: once a new shape is published, nothing may fail. */
    if (!sp || split_room(n + 1) != split_room(n)) {
        nb = (split *)slot_malloc(split_size(n + 1));
        if (!nb) {
            *st = SLOT_ENOMEM;
            return true;
        }
    }
    if (!to && !(to = make_child(shared, sh, k))) {
        if (nb != sp)
            slot_free(nb);
        return false;
    }
    if (nb != sp) {
        nb->kinds = 0;
        for (uint32_t i = 0; i < n; i++) {
            values_of(nb)[i] = values_of(sp)[i];
            set_split_kind(nb, n + 1, i, split_kind(sp, n, i));
        }
        slot_free(sp);
        *dp = (slot_dict *)(void *)nb;
    }
    nb->id = SPLIT_BIT | to->id;
    memcpy(&values_of(nb)[n], &v.as, sizeof(payload));
    set_split_kind(nb, n + 1, n, (unsigned)v.kind);
    *st = SLOT_OK;
    return true;
}

/* A combined block holding SP's values (moved: SP's block is the caller's
 * to free, without its strings) with room for one more key of LEN bytes.
 * NULL when out of memory. */
static slot_dict *combine(const split *sp, size_t len)
{
    const shape *sh = shape_of(sp);
    uint32_t live = 0;
    size_t bytes = len + 1; /* at most 31 keys of 2^24 bytes: no overflow */
    for (uint32_t i = 0; i < sh->n; i++)
        if (split_kind(sp, sh->n, i) != HOLE) {
            live++;
            bytes += names_of(sh)[i].len + 1;
        }
    slot_dict *d = new_block(live + 1, (uint32_t)bytes);
    for (uint32_t i = 0; d && i < sh->n; i++) {
        unsigned kind = split_kind(sp, sh->n, i);
        if (kind == HOLE)
            continue;
        entry *e = add_key(d, name_text(sh, i), names_of(sh)[i].len);
        e->len_kind = names_of(sh)[i].len << 8 | kind;
        e->as = values_of(sp)[i];
    }
    return d;
}

/* ---- The API ----------------------------------------------------------- */

/* slot_dict_get of anything but a name of up to 16 bytes in a split dict. */
static NOINLINE slot_status get_general(const slot_dict *d, const char *key, size_t len,
                                        slot_value *out)
{
    const split *sp = split_of(d);
    if (sp) {
        const shape *sh = shape_of(sp);
        probe_key k = key_of(key, len);
        long i = shape_find(sh, &k);
        unsigned kind = i < 0 ? HOLE : split_kind(sp, sh->n, (uint32_t)i);
        if (kind == HOLE)
            return SLOT_ENOATTR;
        out->kind = (slot_kind)kind;
        memcpy(&out->as, &values_of(sp)[i], sizeof out->as);
        return SLOT_OK;
    }
    long i = find(d, key, len);
    if (i < 0)
        return SLOT_ENOATTR;
    *out = value_of(&entries(d)[i]);
    return SLOT_OK;
}

slot_status slot_dict_get(const slot_dict *d, const char *key, size_t len, slot_value *out)
{
    const split *sp = split_of(d);
    if (sp && len <= 16) {
        probe_key k = key_of(key, len);
        long i = first_probe(shape_of(sp), &k);
        if (i == NOWHERE)
            return SLOT_ENOATTR;
        if (i >= 0 && i < INLINE_KINDS) {
            unsigned kind = sp->kinds >> (KIND_BITS * i) & KIND_MASK;
            if (kind == HOLE)
                return SLOT_ENOATTR;
            out->kind = (slot_kind)kind;
            memcpy(&out->as, &values_of(sp)[i], sizeof out->as);
            return SLOT_OK;
        }
    }
    return get_general(d, key, len, out);
}

/* Checks V for a set of a key of LEN bytes and makes it the dict's: a
 * string becomes a copy, also left in *COPY for the caller to free if the
 * set fails. */
static slot_status take_value(slot_value *v, size_t len, char **copy)
{
    *copy = NULL;
    if (len > MAX_KEY_LEN)
        return SLOT_ETOOLONG;
    if (v->kind == SLOT_STR) {
        if (!v->as.s)
            return SLOT_ETYPE;
        if (!(*copy = slot_strndup(v->as.s, strlen(v->as.s))))
            return SLOT_ENOMEM;
        v->as.s = *copy;
    } else if ((unsigned)v->kind > SLOT_OBJ) {
        return SLOT_ETYPE;
    }
    return SLOT_OK;
}

/* slot_dict_set on a combined or NULL *DP, V taken by take_value. */
static slot_status combined_set(slot_dict **dp, const char *key, size_t len, slot_value v,
                                char *copy)
{
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
    return SLOT_OK;
}

/* slot_i_dict_set of anything but the replacement done below. */
static NOINLINE slot_status set_general(slot_dict **dp, slot_shared *shared, const char *key,
                                        size_t len, slot_value v)
{
    char *copy;
    slot_status st = take_value(&v, len, &copy);
    if (st != SLOT_OK)
        return st;
    if (*dp && !is_split(*dp))
        return combined_set(dp, key, len, v, copy);
    split *sp = split_of(*dp);
    shape *sh = sp ? shape_of(sp) : NULL;
    probe_key k = key_of(key, len);
    long i = sh ? shape_find(sh, &k) : -1;
    if (i >= 0 && split_kind(sp, sh->n, (uint32_t)i) != HOLE) {
        if (split_kind(sp, sh->n, (uint32_t)i) == SLOT_STR)
            slot_free(values_of(sp)[i].s);
        memcpy(&values_of(sp)[i], &v.as, sizeof(payload));
        set_split_kind(sp, sh->n, (uint32_t)i, (unsigned)v.kind);
        return SLOT_OK;
    }
    if (i < 0 && shared && split_add(dp, shared, sh, &k, v, &st)) {
        if (st != SLOT_OK)
            slot_free(copy);
        return st;
    }
    if (sp) {
        /* KEY may point into a shape's text, never freed. */
        slot_dict *d = combine(sp, len);
        if (!d) {
            slot_free(copy);
            return SLOT_ENOMEM;
        }
        slot_free(sp);
        *dp = d;
    }
    return combined_set(dp, key, len, v, copy);
}

/* The common case in registers: a split dict whose shape has the name (of
 * up to 16 bytes) and a value that is no string, replaced by one that is
 * no string either, so that nothing is freed, copied or allocated. */
slot_status slot_i_dict_set(slot_dict **dp, slot_shared *shared, const char *key, size_t len,
                            slot_value v)
{
    split *sp = split_of(*dp);
    if (sp && len <= 16 && (unsigned)v.kind <= SLOT_OBJ && v.kind != SLOT_STR) {
        probe_key k = key_of(key, len);
        long i = first_probe(shape_of(sp), &k);
        if (i >= 0 && i < INLINE_KINDS) {
            unsigned shift = KIND_BITS * (unsigned)i, kind = sp->kinds >> shift & KIND_MASK;
            if (kind != HOLE && kind != SLOT_STR) {
                memcpy(&values_of(sp)[i], &v.as, sizeof(payload));
                sp->kinds = (sp->kinds & ~(KIND_MASK << shift)) | (unsigned)v.kind << shift;
                return SLOT_OK;
            }
        }
    }
    return set_general(dp, shared, key, len, v);
}

slot_status slot_dict_set(slot_dict **dp, const char *key, size_t len, slot_value v)
{
    return slot_i_dict_set(dp, NULL, key, len, v);
}

slot_status slot_dict_del(slot_dict **dp, const char *key, size_t len)
{
    slot_dict *d = *dp;
    split *sp = split_of(d);
    if (sp) {
        const shape *sh = shape_of(sp);
        probe_key k = key_of(key, len);
        long i = shape_find(sh, &k);
        unsigned kind = i < 0 ? HOLE : split_kind(sp, sh->n, (uint32_t)i);
        if (kind == HOLE)
            return SLOT_ENOATTR;
        if (kind == SLOT_STR)
            slot_free(values_of(sp)[i].s);
        set_split_kind(sp, sh->n, (uint32_t)i, HOLE);
        if (split_len(sp, sh->n) == 0) {
            slot_free(sp);
            *dp = NULL;
        }
        return SLOT_OK;
    }
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
    const split *sp = split_of(d);
    if (sp)
        return split_len(sp, shape_of(sp)->n);
    return d ? d->n : 0;
}

/* slot_dict_next, with the key's length. */
static bool next_entry(const slot_dict *d, size_t *pos, const char **key, size_t *len,
                       slot_value *value)
{
    const split *sp = split_of(d);
    if (sp) {
        const shape *sh = shape_of(sp);
        for (; *pos < sh->n; ++*pos) {
            uint32_t i = (uint32_t)*pos;
            unsigned kind = split_kind(sp, sh->n, i);
            if (kind != HOLE) {
                *key = name_text(sh, i);
                *len = names_of(sh)[i].len;
                value->kind = (slot_kind)kind;
                memcpy(&value->as, &values_of(sp)[i], sizeof value->as);
                ++*pos;
                return true;
            }
        }
        return false;
    }
    for (; d && *pos < d->used; ++*pos) {
        const entry *e = &entries(d)[*pos];
        if (kind_of(e) != DELETED) {
            *key = pool(d) + e->key;
            *len = key_len(e);
            *value = value_of(e);
            ++*pos;
            return true;
        }
    }
    return false;
}

bool slot_dict_next(const slot_dict *d, size_t *pos, const char **key, slot_value *value)
{
    size_t len;
    return next_entry(d, pos, key, &len, value);
}

void slot_dict_free(slot_dict *d)
{
    split *sp = split_of(d);
    if (sp) {
        uint32_t n = shape_of(sp)->n;
        for (uint32_t i = 0; i < n; i++)
            if (split_kind(sp, n, i) == SLOT_STR)
                slot_free(values_of(sp)[i].s);
    } else {
        for (uint32_t i = 0; d && i < d->used; i++)
            free_value(&entries(d)[i]);
    }
    slot_free(d);
}

/* A copy of split SP, sharing its shape; NULL when out of memory. */
static slot_dict *copy_split(const split *sp)
{
    uint32_t n = shape_of(sp)->n;
    split *c = (split *)slot_malloc(split_size(n));
    if (!c)
        return NULL;
    memcpy(c, sp, split_size(n));
    for (uint32_t i = 0; i < n; i++) {
        if (split_kind(c, n, i) != SLOT_STR)
            continue;
        const char *s = values_of(sp)[i].s;
        if (!(values_of(c)[i].s = slot_strndup(s, strlen(s)))) {
            while (i-- > 0)
                if (split_kind(c, n, i) == SLOT_STR)
                    slot_free(values_of(c)[i].s);
            slot_free(c);
            return NULL;
        }
    }
    return (slot_dict *)(void *)c;
}

slot_status slot_dict_copy(slot_dict **dst, const slot_dict *src)
{
    slot_dict *d = NULL;
    if (*dst == src)
        return SLOT_OK;
    if (split_of(src)) {
        if (!(d = copy_split(split_of(src))))
            return SLOT_ENOMEM;
    } else if (src && src->n) {
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
    size_t pos = 0, len;
    const char *key;
    slot_value v, other;
    if (slot_dict_len(a) != slot_dict_len(b))
        return false;
    while (next_entry(a, &pos, &key, &len, &v))
        if (slot_dict_get(b, key, len, &other) != SLOT_OK || !slot_value_equal(v, other))
            return false;
    return true;
}

/* The instance's own bytes: a split dict's shape belongs to its class. */
size_t slot_dict_sizeof(const slot_dict *d)
{
    size_t pos = 0, len, bytes;
    const char *key;
    slot_value v;
    const split *sp = split_of(d);
    if (!d)
        return 0;
    bytes = sp ? split_size(shape_of(sp)->n) : block_size(d->cap, d->pool_cap);
    while (next_entry(d, &pos, &key, &len, &v))
        if (v.kind == SLOT_STR)
            bytes += strlen(v.as.s) + 1;
    return bytes;
}
