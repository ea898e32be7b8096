/* test_dict.c - the instance dict (slot_dict), as a caller sees it.
 *
 * A model test runs long random sequences of set, get, del, copy and clear
 * against a plain array of (key, value) pairs in insertion order and
 * compares the two after every step: length, every lookup, iteration
 * order.  Failure tests make each allocation of a call fail in turn and
 * check that the call reports SLOT_ENOMEM and changes nothing.  A counting
 * allocator catches leaks.
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
#include <slot/slot.h>

/* ---- The reference model ----------------------------------------------- */

#define MAX_KEYS 200

typedef struct model {
    size_t n;
    char keys[MAX_KEYS][24];
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

static void model_test(void **state)
{
    (void)state;
    static model m, mcopy;
    char keys[60][24];
    for (int k = 0; k < 60; k++)
        sprintf(keys[k], k % 3 ? "attr_%d" : "k%d", k);
    for (int round = 0; round < 40; round++) {
        slot_dict *d = NULL;
        m.n = 0;
        /* Rounds alternate between few keys (the linear search) and many
         * (the index, growth and shrinking). */
        int nkeys = round % 2 ? 60 : 6;
        for (int step = 0; step < 3000; step++) {
            const char *key = keys[next_rand() % (uint64_t)nkeys];
            char buf[24];
            uint64_t op = next_rand() % 100;
            if (op < 55) {
                slot_value v = random_value(buf);
                assert_int_equal(slot_dict_set(&d, key, strlen(key), v), SLOT_OK);
                model_set(&m, key, v);
            } else if (op < 85) {
                slot_status st = slot_dict_del(&d, key, strlen(key));
                assert_int_equal(st, model_find(&m, key) >= 0 ? SLOT_OK : SLOT_ENOATTR);
                if (st == SLOT_OK)
                    model_del(&m, key);
            } else if (op < 95) {
                slot_value v;
                slot_status st = slot_dict_get(d, key, strlen(key), &v);
                long i = model_find(&m, key);
                assert_int_equal(st, i >= 0 ? SLOT_OK : SLOT_ENOATTR);
                if (i >= 0)
                    assert_true(same_value(v, m.values[i]));
            } else if (op < 99) {
                slot_dict *c = NULL;
                assert_int_equal(slot_dict_copy(&c, d), SLOT_OK);
                assert_true(slot_dict_equal(c, d));
                mcopy = m;
                for (size_t i = 0; i < mcopy.n; i++)
                    if (mcopy.values[i].kind == SLOT_STR)
                        mcopy.values[i].as.s = mcopy.strs[i];
                assert_matches(c, &mcopy);
                slot_dict_free(d);
                d = c; /* carry on with the copy */
            } else {
                slot_dict_free(d);
                d = NULL;
                m.n = 0;
            }
            assert_matches(d, &m);
        }
        slot_dict_free(d);
    }
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

static void every_failed_allocation_changes_nothing(void **state)
{
    (void)state;
    static model before;
    /* Sizes that cross the first allocation, growth, the index and the
     * pool, with string values that need their own copy. */
    for (int size = 0; size < 20; size++) {
        slot_dict *d = NULL;
        char key[40], text[24];
        for (int i = 0; i < size; i++) {
            sprintf(key, "key%d", i);
            sprintf(text, "value%d", i);
            assert_int_equal(slot_dict_set(&d, key, strlen(key), slot_str(text)), SLOT_OK);
        }
        snapshot(d, &before);
        sprintf(key, "a_new_and_longer_key%d", size);
        for (long n = 1;; n++) {
            fail_nth(n);
            slot_status st = slot_dict_set(&d, key, strlen(key), slot_str("fresh"));
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(empty_dict_is_null, setup, teardown),
        cmocka_unit_test_setup_teardown(keeps_insertion_order_through_deletes, setup, teardown),
        cmocka_unit_test_setup_teardown(keys_and_strings_are_copied, setup, teardown),
        cmocka_unit_test_setup_teardown(key_from_the_dict_itself, setup, teardown),
        cmocka_unit_test_setup_teardown(model_test, setup, teardown),
        cmocka_unit_test_setup_teardown(equal_ignores_order_and_compares_numbers_by_value, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(every_failed_allocation_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(sizeof_counts_table_and_strings, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
