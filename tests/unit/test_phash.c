/* test_phash.c - the perfect hash: every name lands on its own position,
 * where slot_index finds it and nothing else, for any number of names. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>
#include <slot/slot.h>

#include "phash.h"
#include "support.h"

/* A class of NAMES with table T, looked up through the table. */
static slot_class table_class(arena *a, const ph_table *t, const char *const *names, size_t n)
{
    slot_member *members = ar_alloc(a, (n + 1) * sizeof *members);
    for (size_t i = 0; i < n; i++) {
        members[i].name = names[i];
        members[i].len = (uint32_t)strlen(names[i]);
    }
    slot_class cls;
    memset(&cls, 0, sizeof cls);
    cls.members = members;
    cls.count = (uint32_t)n;
    cls.find = slot_table_find;
    cls.get = slot_table_get;
    cls.seed = t->seed;
    cls.disp = t->disp;
    cls.keys = t->keys;
    cls.disp_mask = (uint32_t)t->nbuckets - 1;
    cls.key_mask = (uint32_t)t->nkeys - 1;
    return cls;
}

/* slot_index on a class whose table is T finds every name, and no name
 * one byte longer or with its last byte changed ('#' is in no name). */
static void assert_found(arena *a, const ph_table *t, const char *const *names, size_t n)
{
    slot_class cls = table_class(a, t, names, n);
    assert_int_equal(slot_index(&cls, "#", 1), -1);
    assert_int_equal(slot_index(&cls, "#################", 17), -1); /* the long path */
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        char *miss = ar_alloc(a, len + 2);
        memcpy(miss, names[i], len);
        assert_int_equal(slot_index(&cls, miss, len), i);
        miss[len] = '#';
        assert_int_equal(slot_index(&cls, miss, len + 1), -1);
        if (len > 0) {
            miss[len - 1] = '#';
            assert_int_equal(slot_index(&cls, miss, len), -1);
        }
    }
}

static void assert_perfect(const char *const *names, size_t n)
{
    arena *a = ar_new();
    ph_table t;
    assert_true(ph_build(a, names, n, &t));
    /* At most 80% full below PH_DENSE_MIN names; never over full. */
    assert_true(t.nkeys >= n);
    if (n < PH_DENSE_MIN)
        assert_true(t.nkeys * 4 >= n * 5);
    size_t used = 0;
    for (size_t pos = 0; pos < t.nkeys; pos++)
        used += t.keys[pos].len != SLOT_KEY_FREE;
    assert_int_equal(used, n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(t.keys[tc_hash_position(&t, names[i])].index, i);
    assert_found(a, &t, names, n);
    ar_free(a);
}

/* N names like a generated schema's: "f0", "f1", ... with a prefix. */
static const char **numbered(arena *a, const char *prefix, size_t n)
{
    const char **names = ar_alloc(a, (n + 1) * sizeof *names);
    for (size_t i = 0; i < n; i++)
        names[i] = ar_printf(a, "%s%zu", prefix, i);
    return names;
}

static void every_size_up_to_300(void **state)
{
    (void)state;
    arena *a = ar_new();
    for (size_t n = 0; n <= 300; n++)
        assert_perfect(numbered(a, "slot_", n), n);
    ar_free(a);
}

/* Small classes get a table of one bucket, which slot_index reads without
 * a displacement; the seeds are fixed, so this is no matter of luck. */
static void small_tables_have_one_bucket(void **state)
{
    (void)state;
    arena *a = ar_new();
    for (size_t n = 0; n <= PH_DIRECT_MAX; n++) {
        ph_table t;
        assert_true(ph_build(a, numbered(a, "slot_", n), n, &t));
        assert_int_equal(t.nbuckets, 1);
        assert_int_equal(t.disp[0], 0);
    }
    ar_free(a);
}

static void ten_thousand_names(void **state)
{
    (void)state;
    arena *a = ar_new();
    assert_perfect(numbered(a, "attribute_number_", 10000), 10000);
    assert_perfect(numbered(a, "x", 10000), 10000);
    ar_free(a);
}

static void the_most_names(void **state)
{
    (void)state;
    arena *a = ar_new();
    assert_perfect(numbered(a, "", PH_MAX_KEYS), PH_MAX_KEYS);
    ar_free(a);
}

static void names_that_differ_in_one_byte(void **state)
{
    (void)state;
    arena *a = ar_new();
    /* Every length the hash treats apart (0-3, 4-7, 8-16, longer), and
     * names that differ only in their middle byte. */
    const char **names = ar_alloc(a, 64 * sizeof *names);
    size_t n = 0;
    names[n++] = "";
    for (size_t len = 1; len <= 40; len++) {
        char *s = ar_alloc(a, len + 1);
        memset(s, 'a', len);
        s[len / 2] = 'b';
        names[n++] = s;
    }
    assert_perfect(names, n);
    ar_free(a);
}

static void same_names_same_table(void **state)
{
    (void)state;
    arena *a = ar_new();
    const char **names = numbered(a, "f", 100);
    ph_table t1, t2;
    assert_true(ph_build(a, names, 100, &t1));
    assert_true(ph_build(a, names, 100, &t2));
    assert_true(t1.seed == t2.seed);
    assert_memory_equal(t1.disp, t2.disp, t1.nbuckets * sizeof *t1.disp);
    assert_memory_equal(t1.keys, t2.keys, t1.nkeys * sizeof *t1.keys);
    ar_free(a);
}

/* A name that ends at the last byte before an unmapped page is found, and
 * refused, like any other: no lookup reads a byte past the name. */
static void names_before_an_unmapped_page(void **state)
{
    (void)state;
    arena *a = ar_new();
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    unsigned char *map =
        mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(map != MAP_FAILED);
    assert_int_equal(mprotect(map + page, page, PROT_NONE), 0);
    const char **names = ar_alloc(a, 41 * sizeof *names);
    for (size_t len = 1; len <= 40; len++) {
        char *s = ar_alloc(a, len + 1);
        for (size_t i = 0; i < len; i++)
            s[i] = (char)('a' + (i * 7 + len) % 26);
        names[len - 1] = s;
    }
    ph_table t;
    assert_true(ph_build(a, names, 40, &t));
    slot_class cls = table_class(a, &t, names, 40);
    for (size_t i = 0; i < 40; i++) {
        size_t len = i + 1;
        char *end = (char *)map + page;
        memcpy(end - len, names[i], len);
        assert_int_equal(slot_index(&cls, end - len, len), i);
        assert_true(slot_hash(5, end - len, len) == slot_hash(5, names[i], len));
        end[-1] ^= 1;
        assert_int_equal(slot_index(&cls, end - len, len), -1);
        assert_int_equal(slot_index(&cls, end - len + 1, len - 1), -1);
    }
    assert_int_equal(slot_index(&cls, (char *)map + page, 0), -1);
    munmap(map, 2 * page);
    ar_free(a);
}

static void the_hash_is_the_same_everywhere(void **state)
{
    (void)state;
    /* Pinned values: tables generated on one host are read on another, so
     * every host (either byte order, with or without 128-bit integers)
     * must give exactly these. */
    assert_true(slot_hash(0, "x", 1) == UINT64_C(0xcded63283fa19043));
    assert_true(slot_hash(1, "price", 5) == UINT64_C(0x013089892ab91059));
    assert_true(slot_hash(2, "a_rather_long_slot_name", 23) == UINT64_C(0xe37b6f765fb93921));
    char buf[32] = "xname";
    assert_true(slot_hash(7, buf + 1, 4) == slot_hash(7, "name", 4));
    assert_true(slot_hash(7, "name", 4) != slot_hash(8, "name", 4));
    assert_true(slot_hash(7, "name", 4) != slot_hash(7, "namf", 4));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_size_up_to_300),
        cmocka_unit_test(small_tables_have_one_bucket),
        cmocka_unit_test(ten_thousand_names),
        cmocka_unit_test(the_most_names),
        cmocka_unit_test(names_that_differ_in_one_byte),
        cmocka_unit_test(same_names_same_table),
        cmocka_unit_test(names_before_an_unmapped_page),
        cmocka_unit_test(the_hash_is_the_same_everywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
