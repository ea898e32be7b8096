/* map.c - a hash table in the arena, for the check pass: C strings or
 * pointers to values, open addressing, linear probing, at most half full. */
#include "check.h"

#include <stdint.h>
#include <string.h>

void map_init(map *m, arena *a, bool strings)
{
    memset(m, 0, sizeof *m);
    m->a = a;
    m->strings = strings;
}

static size_t map_hash(const map *m, const void *key)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    if (m->strings) {
        for (const unsigned char *p = key; *p; p++)
            h = (h ^ *p) * 1099511628211u;
    } else {
        h = (uint64_t)(uintptr_t)key;
        h = (h ^ (h >> 29)) * 0x9E3779B97F4A7C15u;
        h ^= h >> 32;
    }
    return (size_t)h;
}

static bool map_same(const map *m, const void *x, const void *y)
{
    return m->strings ? strcmp(x, y) == 0 : x == y;
}

/* The entry holding KEY, or the empty entry where it would go. */
static map_entry *map_find(const map *m, const void *key)
{
    size_t mask = m->cap - 1;
    for (size_t i = map_hash(m, key) & mask;; i = (i + 1) & mask)
        if (!m->e[i].key || map_same(m, m->e[i].key, key))
            return &m->e[i];
}

void *map_get(const map *m, const void *key)
{
    return m->cap ? map_find(m, key)->val : NULL;
}

/* The old storage is abandoned to the arena. */
static void map_grow(map *m)
{
    map_entry *old = m->e;
    size_t old_cap = m->cap;
    m->cap = old_cap ? old_cap * 2 : 16;
    m->e = ar_alloc(m->a, m->cap * sizeof *m->e);
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *map_find(m, old[i].key) = old[i];
}

/* Inserts or replaces.  VAL must not be NULL: NULL means "absent". */
void map_put(map *m, const void *key, void *val)
{
    if (2 * (m->len + 1) > m->cap)
        map_grow(m);
    map_entry *e = map_find(m, key);
    if (!e->key)
        m->len++;
    e->key = key;
    e->val = val;
}
