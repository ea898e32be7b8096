/* test_dict.c - the instance dict (slot_dict), as a caller sees it.
 *
 * A model test runs long random sequences of set, get, del, copy and clear
 * against a plain array of (key, value) pairs in insertion order and
 * compares the two after every step: length, every lookup, iteration
 * order.  Failure tests make each allocation of a call fail in turn and
 * check that the call reports SLOT_ENOMEM and changes nothing.  A counting
 * allocator catches leaks.
 *
 * Both run twice: as plain dicts, and as the dicts of instances of one
 * class that share their keys (slot_i_dict_set), many at once, most in
 * one order and some in others, so that dicts start split and turn
 * combined.  The shapes those leave behind live as long as the program:
 * the leak check counts them explicitly (slot_i_shape_blocks).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc.h"
#include "dict.h"
#include <slot/slot.h>

/* ---- The reference model ----------------------------------------------- */

#define MAX_KEYS 200

typedef struct model {
    size_t n;
    char keys[MAX_KEYS][40];
    slot_value values[MAX_KEYS];
    char strs[MAX_KEYS][24]; /* text of string values */
} model;

static long model_find(const model *m, const char *key)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->keys[i], key) == 0)
            return (long)i;
    return -1;
}

static void model_set(model *m, const char *key, slot_value v)
{
    long i = model_find(m, key);
    if (i < 0) {
        i = (long)m->n++;
        strcpy(m->keys[i], key);
    }
    m->values[i] = v;
    if (v.kind == SLOT_STR) {
        strcpy(m->strs[i], v.as.s);
        m->values[i].as.s = m->strs[i];
    }
}

static void model_del(model *m, const char *key)
{
    long i = model_find(m, key);
    for (size_t j = (size_t)i; j + 1 < m->n; j++) {
        strcpy(m->keys[j], m->keys[j + 1]);
        m->values[j] = m->values[j + 1];
        strcpy(m->strs[j], m->strs[j + 1]);
        if (m->values[j].kind == SLOT_STR)
            m->values[j].as.s = m->strs[j];
    }
    m->n--;
}

static bool same_value(slot_value a, slot_value b)
{
    if (a.kind != b.kind)
        return false;
    return a.kind == SLOT_STR ? strcmp(a.as.s, b.as.s) == 0 : slot_value_equal(a, b);
}

/* The dict holds exactly the model's pairs, in the model's order. */
static void assert_matches(const slot_dict *d, const model *m)
{
    assert_int_equal(slot_dict_len(d), m->n);
    size_t pos = 0, i = 0;
    const char *key;
    slot_value v;
    while (slot_dict_next(d, &pos, &key, &v)) {
        assert_true(i < m->n);
        assert_string_equal(key, m->keys[i]);
        assert_true(same_value(v, m->values[i]));
        i++;
    }
    assert_int_equal(i, m->n);
    for (i = 0; i < m->n; i++) {
        assert_int_equal(slot_dict_get(d, m->keys[i], strlen(m->keys[i]), &v), SLOT_OK);
        assert_true(same_value(v, m->values[i]));
    }
}

static uint64_t rng = 88172645463325252u;

static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static slot_value random_value(char *buf)
{
    switch (next_rand() % 6) {
    case 0:
        return slot_bool(next_rand() & 1);
    case 1:
        return slot_int((int64_t)next_rand());
    case 2:
        return slot_uint(next_rand());
    case 3:
        return slot_float((double)(next_rand() % 1000) / 8);
    case 4:
        sprintf(buf, "text%u", (unsigned)(next_rand() % 100000));
        return slot_str(buf);
    default:
        return slot_none();
    }
}

/* ---- Shared keys: a failing allocator ---------------------------------- */

/* A set that cannot have a shape falls back to the combined form, so a
 * failure there takes two failed allocations: this allocator can fail the
 * Nth only, as fail_nth, or every one from the Nth on.  It counts in ctl,
 * so teardown's leak check holds. */
static long fail_at;
static bool fail_rest;

static void *failing_malloc(size_t size, void *ctx)
{
    (void)ctx;
    ctl.calls++;
    if (fail_at && (ctl.calls == fail_at || (fail_rest && ctl.calls > fail_at)))
        return NULL;
    void *p = malloc(size);
    if (p)
        ctl.live++;
    return p;
}

static void counted_free(void *ptr, void *ctx)
{
    (void)ctx;
    ctl.live--;
    free(ptr);
}

static void fail_from(long n, bool rest)
{
    ctl.calls = 0;
    fail_at = n;
    fail_rest = rest;
}

static int setup_failing(void **state)
{
    int st = setup(state);
    fail_from(0, false);
    slot_set_allocator(failing_malloc, counted_free, NULL);
    return st;
}

/* ---- Tests ------------------------------------------------------------- */

static void empty_dict_is_null(void **state)
{
    (void)state;
    slot_dict *d = NULL;
    slot_value v;
    assert_int_equal(slot_dict_len(d), 0);
    assert_int_equal(slot_dict_get(d, "x", 1, &v), SLOT_ENOATTR);
    assert_int_equal(slot_dict_del(&d, "x", 1), SLOT_ENOATTR);
    assert_int_equal(slot_dict_sizeof(d), 0);
    assert_int_equal(ctl.calls, 0); /* nothing allocated until the first set */
    assert_int_equal(slot_dict_set(&d, "x", 1, slot_float(1.5)), SLOT_OK);
    assert_non_null(d);
    assert_int_equal(slot_dict_del(&d, "x", 1), SLOT_OK);
    assert_null(d); /* freed with its last entry */
}

static void keeps_insertion_order_through_deletes(void **state)
{
    (void)state;
    slot_dict *d = NULL;
    const char *names[] = {"a", "bb", "ccc", "dddd", "e"};
    for (int i = 0; i < 5; i++)
        assert_int_equal(slot_dict_set(&d, names[i], strlen(names[i]), slot_int(i)), SLOT_OK);
    assert_int_equal(slot_dict_del(&d, "ccc", 3), SLOT_OK);
    assert_int_equal(slot_dict_set(&d, "ccc", 3, slot_int(9)), SLOT_OK); /* goes last */
    assert_int_equal(slot_dict_set(&d, "a", 1, slot_int(7)), SLOT_OK);   /* stays first */
    const char *want[] = {"a", "bb", "dddd", "e", "ccc"};
    size_t pos = 0, i = 0;
    const char *key;
    slot_value v;
    while (slot_dict_next(d, &pos, &key, &v))
        assert_string_equal(key, want[i++]);
    assert_int_equal(i, 5);
    slot_dict_free(d);
}

static void keys_and_strings_are_copied(void **state)
{
    (void)state;
    slot_dict *d = NULL;
    char key[8] = "name", text[8] = "ada";
    assert_int_equal(slot_dict_set(&d, key, 4, slot_str(text)), SLOT_OK);
    strcpy(key, "XXXX");
    strcpy(text, "bob");
    slot_value v;
    assert_int_equal(slot_dict_get(d, "name", 4, &v), SLOT_OK);
    assert_int_equal(v.kind, SLOT_STR);
    assert_string_equal(v.as.s, "ada");
    assert_int_equal(slot_dict_set(&d, "s", 1, slot_str(NULL)), SLOT_ETYPE);
    assert_int_equal(slot_dict_len(d), 1);
    slot_dict_free(d);
}

/* A key may point into the dict's own key text, even when the set grows
 * the table and so moves that text. */
static void key_from_the_dict_itself(void **state)
{
    (void)state;
    slot_dict *d = NULL;
    assert_int_equal(slot_dict_set(&d, "abcdefgh", 8, slot_int(1)), SLOT_OK);
    size_t pos = 0;
    const char *key;
    slot_value v;
    assert_true(slot_dict_next(d, &pos, &key, &v));
    assert_int_equal(slot_dict_set(&d, key, 3, slot_int(2)), SLOT_OK); /* "abc" */
    assert_int_equal(slot_dict_get(d, "abc", 3, &v), SLOT_OK);
    assert_int_equal(v.as.i, 2);
    assert_int_equal(slot_dict_len(d), 2);
    slot_dict_free(d);
}

/* Sets through the class's shared keys when SHARED, else as a plain dict. */
static slot_status set(slot_dict **d, slot_shared *shared, const char *key, slot_value v)
{
    if (!shared)
        return slot_dict_set(d, key, strlen(key), v);
    return slot_i_dict_set(d, shared, key, strlen(key), v);
}

#define INSTANCES 8

/* Random operations on INSTANCES dicts at once, each against its own
 * model.  With SHARED they are instances of one class: most sets add the
 * next name of one order, so that instances share a chain of shapes, and
 * the others add names out of order, put deleted names back, or pass the
 * longest shape, which turns an instance combined. */
static void run_model(slot_shared *shared, int round)
{
    static model m[INSTANCES], mcopy;
    slot_dict *d[INSTANCES] = {NULL};
    char keys[60][40];
    /* Few keys (the linear search), more than the split form's inline
     * kinds and linear search, and more than its longest shape.  Some
     * keys are longer than the 16 bytes a name record holds. */
    static const int sizes[] = {6, 60, 12, 33};
    int nkeys = sizes[round % 4];
    long split_steps = 0;
    for (int k = 0; k < 60; k++)
        sprintf(keys[k], k % 7 == 5 ? "a_longer_attribute_%d" : k % 3 ? "attr_%d" : "k%d", k);
    for (int j = 0; j < INSTANCES; j++)
        m[j].n = 0;
    for (int step = 0; step < 3000; step++) {
        int j = (int)(next_rand() % INSTANCES);
        const char *key = keys[next_rand() % (uint64_t)nkeys];
        char buf[24];
        uint64_t op = next_rand() % 100;
        if (shared && next_rand() % 8) {
            /* The first name absent, in the order most instances follow. */
            for (int k = 0; k < nkeys; k++)
                if (model_find(&m[j], keys[k]) < 0) {
                    key = keys[k];
                    break;
                }
            /* Half the deletes become lookups, so that chains grow. */
            if (op >= 55 && op < 80 && next_rand() % 2)
                op = 85;
        }
        if (op < 55) {
            slot_value v = random_value(buf);
            assert_int_equal(set(&d[j], shared, key, v), SLOT_OK);
            model_set(&m[j], key, v);
        } else if (op < 80) {
            slot_status st = slot_dict_del(&d[j], key, strlen(key));
            assert_int_equal(st, model_find(&m[j], key) >= 0 ? SLOT_OK : SLOT_ENOATTR);
            if (st == SLOT_OK)
                model_del(&m[j], key);
        } else if (op < 92) {
            slot_value v;
            slot_status st = slot_dict_get(d[j], key, strlen(key), &v);
            long i = model_find(&m[j], key);
            assert_int_equal(st, i >= 0 ? SLOT_OK : SLOT_ENOATTR);
            if (i >= 0)
                assert_true(same_value(v, m[j].values[i]));
        } else if (op < 96) {
            /* Copy into another instance, or onto itself to carry on
             * with the copy. */
            int to = (int)(next_rand() % INSTANCES);
            slot_dict *c = NULL;
            assert_int_equal(slot_dict_copy(&c, d[j]), SLOT_OK);
            assert_true(slot_dict_equal(c, d[j]));
            assert_int_equal(slot_i_dict_shares_keys(c), slot_i_dict_shares_keys(d[j]));
            mcopy = m[j];
            for (size_t i = 0; i < mcopy.n; i++)
                if (mcopy.values[i].kind == SLOT_STR)
                    mcopy.values[i].as.s = mcopy.strs[i];
            assert_matches(c, &mcopy);
            slot_dict_free(d[to]);
            d[to] = c;
            m[to] = mcopy;
            for (size_t i = 0; i < m[to].n; i++)
                if (m[to].values[i].kind == SLOT_STR)
                    m[to].values[i].as.s = m[to].strs[i];
            j = to;
        } else {
            slot_dict_free(d[j]);
            d[j] = NULL;
            m[j].n = 0;
        }
        assert_matches(d[j], &m[j]);
        split_steps += slot_i_dict_shares_keys(d[j]);
    }
    /* Both forms were exercised: split often, combined too, if only for
     * the keys past the longest shape. */
    if (shared)
        assert_true(split_steps > 300);
    else
        assert_int_equal(split_steps, 0);
    for (int j = 0; j < INSTANCES; j++)
        slot_dict_free(d[j]);
}

static void model_test(void **state)
{
    (void)state;
    for (int round = 0; round < 40; round++)
        run_model(NULL, round);
}

/* Instances of one class, all rounds through one slot_shared, so that
 * later rounds meet the chain of shapes that earlier ones built. */
static void model_test_shared_keys(void **state)
{
    (void)state;
    static slot_shared shared;
    for (int round = 0; round < 40; round++)
        run_model(&shared, round);
}

static void equal_ignores_order_and_compares_numbers_by_value(void **state)
{
    (void)state;
    slot_dict *a = NULL, *b = NULL;
    assert_int_equal(slot_dict_set(&a, "x", 1, slot_int(1)), SLOT_OK);
    assert_int_equal(slot_dict_set(&a, "y", 1, slot_str("s")), SLOT_OK);
    assert_int_equal(slot_dict_set(&b, "y", 1, slot_str("s")), SLOT_OK);
    assert_int_equal(slot_dict_set(&b, "x", 1, slot_float(1.0)), SLOT_OK);
    assert_true(slot_dict_equal(a, b));
    assert_int_equal(slot_dict_set(&b, "x", 1, slot_float(1.5)), SLOT_OK);
    assert_false(slot_dict_equal(a, b));
    assert_int_equal(slot_dict_set(&b, "x", 1, slot_bool(true)), SLOT_OK);
    assert_false(slot_dict_equal(a, b)); /* bools are not numbers here */
    assert_false(slot_value_equal(slot_int(-1), slot_uint(UINT64_MAX)));
    assert_false(slot_value_equal(slot_int(INT64_MAX), slot_float(9223372036854775808.0)));
    assert_true(slot_value_equal(slot_uint(UINT64_C(1) << 63), slot_float(9223372036854775808.0)));
    slot_dict_free(a);
    slot_dict_free(b);
}

/* A snapshot of D as a model, for "exactly as before" checks. */
static void snapshot(const slot_dict *d, model *m)
{
    size_t pos = 0;
    const char *key;
    slot_value v;
    m->n = 0;
    while (slot_dict_next(d, &pos, &key, &v))
        model_set(m, key, v);
}

/* With SHARED, the dicts start split and the new key turns them combined
 * when its shape cannot be had. */
static void fail_each_allocation(slot_shared *shared)
{
    static model before;
    /* Sizes that cross the first allocation, growth, the index and the
     * pool, with string values that need their own copy. */
    for (int size = 0; size < 20; size++) {
        slot_dict *d = NULL;
        char key[40], text[24];
        for (int i = 0; i < size; i++) {
            sprintf(key, "key%d", i);
            sprintf(text, "value%d", i);
            assert_int_equal(set(&d, shared, key, slot_str(text)), SLOT_OK);
        }
        snapshot(d, &before);
        sprintf(key, "a_new_and_longer_key%d", size);
        for (long n = 1;; n++) {
            fail_nth(n);
            slot_status st = set(&d, shared, key, slot_str("fresh"));
            if (st == SLOT_OK)
                break;
            assert_int_equal(st, SLOT_ENOMEM);
            assert_matches(d, &before);
        }
        fail_nth(0);
        /* Copy: every allocation of it, in turn. */
        snapshot(d, &before);
        for (long n = 1;; n++) {
            slot_dict *c = NULL;
            assert_int_equal(slot_dict_set(&c, "old", 3, slot_str("kept")), SLOT_OK);
            fail_nth(n);
            slot_status st = slot_dict_copy(&c, d);
            fail_nth(0);
            if (st == SLOT_OK) {
                assert_matches(c, &before);
                slot_dict_free(c);
                break;
            }
            assert_int_equal(st, SLOT_ENOMEM);
            slot_value v;
            assert_int_equal(slot_dict_len(c), 1);
            assert_int_equal(slot_dict_get(c, "old", 3, &v), SLOT_OK);
            assert_string_equal(v.as.s, "kept");
            slot_dict_free(c);
        }
        /* Deletion never allocates: it works with every allocation failing. */
        fail_nth(1);
        for (int i = 0; i < size; i++) {
            sprintf(key, "key%d", i);
            assert_int_equal(slot_dict_del(&d, key, strlen(key)), SLOT_OK);
            ctl.calls = 0; /* keep failing the next one */
        }
        fail_nth(0);
        assert_int_equal(slot_dict_len(d), 1);
        slot_dict_free(d);
    }
}

static void every_failed_allocation_changes_nothing(void **state)
{
    (void)state;
    fail_each_allocation(NULL);
}

static void every_failed_allocation_changes_nothing_shared(void **state)
{
    (void)state;
    static slot_shared shared;
    fail_each_allocation(&shared);
}

static void sizeof_counts_table_and_strings(void **state)
{
    (void)state;
    slot_dict *d = NULL;
    assert_int_equal(slot_dict_set(&d, "x", 1, slot_float(1.0)), SLOT_OK);
    assert_int_equal(slot_dict_set(&d, "y", 1, slot_float(2.0)), SLOT_OK);
    size_t two_floats = slot_dict_sizeof(d);
    /* The header, two 16-byte entries and "x\0y\0". */
    assert_int_equal(two_floats, 16 + 2 * 16 + 4);
    assert_int_equal(slot_dict_set(&d, "y", 1, slot_str("abc")), SLOT_OK);
    assert_int_equal(slot_dict_sizeof(d), two_floats + 4);
    slot_dict_free(d);
}

/* ---- Shared keys ------------------------------------------------------- */

/* The split form's block: an 8-byte header (shape number, inline kinds),
 * 8 bytes a value, and a kind byte for each value past the tenth. */
static size_t split_bytes(size_t n)
{
    return 8 + 8 * n + (n > 10 ? n - 10 : 0);
}

static const char *first_key(const slot_dict *d)
{
    size_t pos = 0;
    const char *key = NULL;
    slot_value v;
    assert_true(slot_dict_next(d, &pos, &key, &v));
    return key;
}

static void instances_with_the_same_names_share_them(void **state)
{
    (void)state;
    static slot_shared point;
    slot_dict *a = NULL, *b = NULL, *c = NULL, *other = NULL;
    assert_int_equal(slot_i_dict_set(&a, &point, "x", 1, slot_float(1.5)), SLOT_OK);
    assert_int_equal(slot_i_dict_set(&a, &point, "y", 1, slot_float(2.5)), SLOT_OK);
    assert_int_equal(slot_i_dict_set(&b, &point, "x", 1, slot_float(3.5)), SLOT_OK);
    assert_true(slot_i_dict_shares_keys(b));
    assert_int_equal(slot_dict_sizeof(b), split_bytes(1));
    assert_int_equal(slot_i_dict_set(&b, &point, "y", 1, slot_int(4)), SLOT_OK);
    /* Values only: the names are the class's, the same text for both. */
    assert_true(slot_i_dict_shares_keys(a) && slot_i_dict_shares_keys(b));
    assert_int_equal(slot_dict_sizeof(a), 24);
    assert_int_equal(slot_dict_sizeof(b), split_bytes(2));
    assert_ptr_equal(first_key(a), first_key(b));
    /* Overwriting keeps the form, and a string counts its copy. */
    assert_int_equal(slot_i_dict_set(&b, &point, "x", 1, slot_str("abc")), SLOT_OK);
    assert_int_equal(slot_dict_sizeof(b), split_bytes(2) + 4);
    assert_int_equal(slot_dict_set(&b, "y", 1, slot_none()), SLOT_OK);
    assert_true(slot_i_dict_shares_keys(b));
    /* A copy shares the shape too. */
    assert_int_equal(slot_dict_copy(&c, b), SLOT_OK);
    assert_true(slot_i_dict_shares_keys(c));
    assert_ptr_equal(first_key(c), first_key(a));
    assert_int_equal(slot_dict_sizeof(c), slot_dict_sizeof(b));
    assert_true(slot_dict_equal(b, c));
    /* Another order holds its own keys, as a plain dict does. */
    assert_int_equal(slot_i_dict_set(&other, &point, "y", 1, slot_float(1.5)), SLOT_OK);
    assert_int_equal(slot_i_dict_set(&other, &point, "x", 1, slot_float(2.5)), SLOT_OK);
    assert_false(slot_i_dict_shares_keys(other));
    assert_int_equal(slot_dict_sizeof(other), 16 + 2 * 16 + 4);
    assert_int_equal(slot_i_dict_set(&other, &point, "x", 1, slot_float(1.5)), SLOT_OK);
    assert_int_equal(slot_i_dict_set(&other, &point, "y", 1, slot_float(2.5)), SLOT_OK);
    assert_true(slot_dict_equal(a, other) && slot_dict_equal(other, a));
    /* A new name without the class, or a deleted one back, turns combined. */
    assert_int_equal(slot_dict_set(&c, "z", 1, slot_int(1)), SLOT_OK);
    assert_false(slot_i_dict_shares_keys(c));
    assert_int_equal(slot_dict_del(&b, "x", 1), SLOT_OK);
    assert_true(slot_i_dict_shares_keys(b));
    assert_int_equal(slot_dict_len(b), 1);
    assert_int_equal(slot_dict_sizeof(b), split_bytes(2)); /* its string is gone */
    assert_int_equal(slot_i_dict_set(&b, &point, "x", 1, slot_int(5)), SLOT_OK);
    assert_false(slot_i_dict_shares_keys(b));
    assert_string_equal(first_key(b), "y"); /* x went last */
    slot_dict_free(a);
    slot_dict_free(b);
    slot_dict_free(c);
    slot_dict_free(other);
}

/* Past the longest shape (30 names) an instance turns combined; below it,
 * the kinds past the tenth value and the names past the eighth (the
 * shape's index) work as the first ones. */
static void long_shapes(void **state)
{
    (void)state;
    static slot_shared wide;
    static model m;
    char key[24];
    for (int instance = 0; instance < 2; instance++) {
        slot_dict *d = NULL;
        m.n = 0;
        for (int i = 0; i < 31; i++) {
            sprintf(key, "field%d", i);
            slot_value v = i % 2 ? slot_uint((uint64_t)i) : slot_str(key);
            assert_int_equal(slot_i_dict_set(&d, &wide, key, strlen(key), v), SLOT_OK);
            model_set(&m, key, v);
            assert_int_equal(slot_i_dict_shares_keys(d), i < 30);
            assert_matches(d, &m);
        }
        for (int i = 0; i < 31; i += 3) {
            sprintf(key, "field%d", i);
            assert_int_equal(slot_dict_del(&d, key, strlen(key)), SLOT_OK);
            model_del(&m, key);
            assert_matches(d, &m);
        }
        slot_dict_free(d);
    }
}

/* Every allocation of a set in split form, failed in turn, alone or with
 * all that follow: SLOT_ENOMEM with nothing changed and nothing kept (not
 * a shape), or success, split when nothing failed.  For each size: with
 * the next shape still to make, then with it made. */
static void every_failed_shared_set_changes_nothing(void **state)
{
    (void)state;
    static slot_shared shared[34][2];
    static model before;
    char key[40], text[24];
    for (int size = 0; size < 34; size++) {
        for (int rest = 1; rest >= 0; rest--) {
            slot_shared *cls = &shared[size][rest];
            slot_dict *base = NULL;
            for (int i = 0; i < size; i++) {
                sprintf(key, "key%d", i);
                sprintf(text, "value%d", i);
                assert_int_equal(slot_i_dict_set(&base, cls, key, strlen(key), slot_str(text)),
                                 SLOT_OK);
            }
            assert_int_equal(slot_i_dict_shares_keys(base), size > 0 && size <= 30);
            sprintf(key, "a_new_and_longer_key%d", size);
            for (int made = 0; made < 2; made++) {
                long n = 1, calls;
                do {
                    slot_dict *d = NULL;
                    assert_int_equal(slot_dict_copy(&d, base), SLOT_OK);
                    snapshot(d, &before);
                    long live = ctl.live;
                    size_t kept = slot_i_shape_blocks();
                    fail_from(n, rest);
                    slot_status st = slot_i_dict_set(&d, cls, key, strlen(key), slot_str("fresh"));
                    calls = ctl.calls;
                    fail_from(0, false);
                    if (st == SLOT_OK) {
                        model_set(&before, key, slot_str("fresh"));
                        assert_int_equal(slot_i_dict_shares_keys(d), size < 30 && calls < n);
                    } else {
                        assert_int_equal(st, SLOT_ENOMEM);
                        assert_int_equal(ctl.live, live);
                        assert_int_equal(slot_i_shape_blocks(), kept);
                    }
                    assert_matches(d, &before);
                    slot_dict_free(d);
                } while (calls >= n++);
            }
            /* Copy, and deletion, which never allocates, in split form. */
            for (long n = 1;; n++) {
                slot_dict *c = NULL;
                assert_int_equal(slot_dict_set(&c, "old", 3, slot_str("kept")), SLOT_OK);
                long live = ctl.live;
                fail_from(n, rest);
                slot_status st = slot_dict_copy(&c, base);
                fail_from(0, false);
                if (st == SLOT_OK) {
                    assert_int_equal(slot_i_dict_shares_keys(c), slot_i_dict_shares_keys(base));
                    assert_true(slot_dict_equal(c, base));
                    slot_dict_free(c);
                    break;
                }
                assert_int_equal(st, SLOT_ENOMEM);
                assert_int_equal(ctl.live, live);
                assert_int_equal(slot_dict_len(c), 1);
                slot_dict_free(c);
            }
            fail_from(1, true);
            for (int i = 0; i < size; i++) {
                sprintf(key, "key%d", i);
                assert_int_equal(slot_dict_del(&base, key, strlen(key)), SLOT_OK);
            }
            fail_from(0, false);
            assert_null(base);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(empty_dict_is_null, setup, teardown),
        cmocka_unit_test_setup_teardown(keeps_insertion_order_through_deletes, setup, teardown),
        cmocka_unit_test_setup_teardown(keys_and_strings_are_copied, setup, teardown),
        cmocka_unit_test_setup_teardown(key_from_the_dict_itself, setup, teardown),
        cmocka_unit_test_setup_teardown(model_test, setup, teardown),
        cmocka_unit_test_setup_teardown(model_test_shared_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(equal_ignores_order_and_compares_numbers_by_value, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(every_failed_allocation_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(every_failed_allocation_changes_nothing_shared, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(sizeof_counts_table_and_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(instances_with_the_same_names_share_them, setup, teardown),
        cmocka_unit_test_setup_teardown(long_shapes, setup, teardown),
        cmocka_unit_test_setup_teardown(every_failed_shared_set_changes_nothing, setup_failing,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
