/* test_layout.c - member order, offsets, presence bits and the report. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "passes.h"
#include "support.h"

/* Loads, checks and lays out TEXT; fails the test on any diagnostic. */
static schema *laid_out(test_ctx *t, const char *text)
{
    schema *s = tc_load(t, text);
    assert_non_null(s);
    ck_check(&t->m);
    lay_layout(&t->m);
    assert_string_equal(tc_diag(t), "");
    return s;
}

static class_def *class_named(schema *s, const char *name)
{
    for (size_t i = 0; i < s->classes.len; i++) {
        class_def *c = PV_AT(s->classes, i);
        if (strcmp(c->name, name) == 0)
            return c;
    }
    fail_msg("no class %s", name);
    return NULL;
}

static const member_def *member_named(const class_def *c, const char *name)
{
    for (size_t i = 0; i < c->members.len; i++) {
        const member_def *m = PV_AT(c->members, i);
        if (strcmp(m->name, name) == 0)
            return m;
    }
    fail_msg("no member %s", name);
    return NULL;
}

static const char record[] = "schema: r\n"
                             "classes:\n"
                             "  C: {slots: {a: u8, b: f64, c: u8, d: u32, e: u16, f: u8}}\n"
                             "  D: {layout: declared, slots: {a: u8, b: f64, c: u8, d: u32, "
                             "e: u16, f: u8}}\n"
                             "  P: {layout: packed, slots: {a: u8, b: f64, c: u8, d: u32, "
                             "e: u16, f: u8}}\n";

static void compact_sorts_by_alignment(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    class_def *c = class_named(laid_out(&t, record), "C");
    static const char *const order[] = {"b", "d", "e", "a", "c", "f", "_slot_present"};
    static const size_t offsets[] = {0, 8, 12, 14, 15, 16, 17};
    assert_int_equal(c->members.len, 7);
    for (size_t i = 0; i < 7; i++) {
        const member_def *m = PV_AT(c->members, i);
        assert_string_equal(m->name, order[i]);
        assert_int_equal(m->offset[ABI_LP64], offsets[i]);
    }
    assert_int_equal(c->size[ABI_LP64], 24);
    assert_int_equal(c->align[ABI_LP64], 8);
    assert_int_equal(c->declared_size[ABI_LP64], 32);
    assert_int_equal(c->padding[ABI_LP64], 6);
    tc_free(&t);
}

static void declared_keeps_order(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    class_def *c = class_named(laid_out(&t, record), "D");
    assert_int_equal(member_named(c, "a")->offset[ABI_LP64], 0);
    assert_int_equal(member_named(c, "b")->offset[ABI_LP64], 8);
    assert_int_equal(member_named(c, "b")->pad_before[ABI_LP64], 7);
    assert_int_equal(member_named(c, "c")->offset[ABI_LP64], 16);
    assert_int_equal(member_named(c, "d")->offset[ABI_LP64], 20);
    assert_int_equal(member_named(c, "e")->offset[ABI_LP64], 24);
    assert_int_equal(member_named(c, "f")->offset[ABI_LP64], 26);
    assert_int_equal(member_named(c, "_slot_present")->offset[ABI_LP64], 27);
    assert_int_equal(c->size[ABI_LP64], 32);
    tc_free(&t);
}

static void packed_has_no_padding(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    class_def *c = class_named(laid_out(&t, record), "P");
    assert_int_equal(c->size[ABI_LP64], 18);
    assert_int_equal(c->align[ABI_LP64], 1);
    assert_int_equal(c->padding[ABI_LP64], 0);
    assert_int_equal(member_named(c, "b")->offset[ABI_LP64], 1);
    tc_free(&t);
}

static void presence_bits_only_without_default(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    schema *s = laid_out(&t, "schema: r\n"
                             "classes:\n"
                             "  A: {slots: {x: f64 = 1, y: i32 = 2, z: i32 = 3}}\n"
                             "  B:\n"
                             "    slots: {a: u8, b: u8 = 1, c: u8, d: u8, e: u8, f: u8, g: u8,"
                             " h: u8, i: u8, j: u8}\n");
    class_def *a = class_named(s, "A");
    assert_int_equal(a->presence_bytes, 0);
    assert_int_equal(a->size[ABI_LP64], 16); /* exactly the hand-written struct */
    class_def *b = class_named(s, "B");
    assert_int_equal(b->presence_bytes, 2); /* nine slots without a default */
    const slot_def *first = PV_AT(b->slots, 0), *second = PV_AT(b->slots, 1),
                   *last = PV_AT(b->slots, 9);
    assert_int_equal(first->presence, 0);
    assert_int_equal(second->presence, -1);
    assert_int_equal(last->presence, 8);
    tc_free(&t);
}

static void base_comes_first(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    schema *s = laid_out(&t, "schema: r\n"
                             "classes:\n"
                             "  Base: {slots: {k: u8}}\n"
                             "  Sub: {extends: Base, slots: {v: f64, w: u16}}\n");
    class_def *sub = class_named(s, "Sub");
    const member_def *first = PV_AT(sub->members, 0);
    assert_int_equal(first->kind, MEMBER_BASE);
    assert_int_equal(first->offset[ABI_LP64], 0);
    assert_int_equal(first->size[ABI_LP64], 2);
    assert_int_equal(member_named(sub, "v")->offset[ABI_LP64], 8);
    assert_int_equal(sub->all_slots.len, 3);
    assert_string_equal(((slot_def *)PV_AT(sub->all_slots, 0))->name, "k");
    tc_free(&t);
}

static void embedded_and_arrays(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    schema *s = laid_out(&t, "schema: r\n"
                             "classes:\n"
                             "  In: {slots: {a: u16 = 0, b: u8 = 0}}\n"
                             "  Out:\n"
                             "    slots:\n"
                             "      i: In\n"
                             "      s: str[5]\n"
                             "      n: u32[3]\n"
                             "      r: Out*\n"
                             "      q: In[2]\n"
                             "  Empty: {}\n");
    class_def *in = class_named(s, "In");
    assert_int_equal(in->size[ABI_LP64], 4);
    assert_int_equal(in->align[ABI_LP64], 2);
    class_def *out = class_named(s, "Out");
    assert_int_equal(member_named(out, "r")->offset[ABI_LP64], 0);
    assert_int_equal(member_named(out, "n")->size[ABI_LP64], 12);
    assert_int_equal(member_named(out, "s")->size[ABI_LP64], 6);
    assert_int_equal(member_named(out, "q")->size[ABI_LP64], 8);
    assert_int_equal(out->size[ABI_LP64], 40);
    class_def *empty = class_named(s, "Empty");
    assert_int_equal(empty->size[ABI_LP64], 1); /* an empty struct is not valid C */
    tc_free(&t);
}

/* One member order for every ABI, each with its own figures: 64-bit
 * numbers first, then pointers, which are less aligned on 32-bit targets,
 * so that no family has padding between members. */
static void every_abi_laid_out(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    schema *s = laid_out(&t, "schema: r\n"
                             "classes:\n"
                             "  C: {dict: true, slots: {p: string, a: u8, x: f64, n: i64, "
                             "r: C*, d: u32}}\n"
                             "  E: {slots: {c: C, k: u8}}\n");
    class_def *c = class_named(s, "C");
    static const char *const order[] = {"x",          "n", "p", "r",
                                        "_slot_dict", "d", "a", "_slot_present"};
    static const size_t offsets[][ABI_COUNT] = {{0, 0, 0},    {8, 8, 8},    {16, 16, 16},
                                                {24, 20, 20}, {32, 24, 24}, {40, 28, 28},
                                                {44, 32, 32}, {45, 33, 33}};
    assert_int_equal(c->members.len, 8);
    for (size_t i = 0; i < 8; i++) {
        const member_def *m = PV_AT(c->members, i);
        assert_string_equal(m->name, order[i]);
        for (int abi = 0; abi < ABI_COUNT; abi++) {
            assert_int_equal(m->offset[abi], offsets[i][abi]);
            assert_int_equal(m->pad_before[abi], 0);
        }
    }
    static const size_t size[] = {48, 40, 36}, align[] = {8, 8, 4};
    class_def *e = class_named(s, "E");
    for (int abi = 0; abi < ABI_COUNT; abi++) {
        assert_int_equal(c->size[abi], size[abi]);
        assert_int_equal(c->align[abi], align[abi]);
        assert_int_equal(e->align[abi], align[abi]);
        assert_int_equal(member_named(e, "k")->offset[abi], size[abi]);
    }
    tc_free(&t);
}

static void report_shows_members_and_savings(void **state)
{
    (void)state;
    if (lay_host_abi() != ABI_LP64)
        skip(); /* the report is of the host's ABI; these are lp64's figures */
    test_ctx t;
    tc_init(&t);
    schema *s = laid_out(&t, record);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    lay_report(s, f);
    fclose(f);
    assert_non_null(strstr(text, "r_C (compact): 24 bytes, align 8\n"
                                 "  offset  size  align  member\n"
                                 "       0     8      8  b\n"));
    assert_non_null(strstr(text, "      17     1      1  _slot_present\n"
                                 "      18     6         (padding)\n"
                                 "  padding: 6 bytes (0 inside, 6 at the end)\n"
                                 "  declared order: 32 bytes; compact saves 8\n"));
    assert_non_null(strstr(text, "       1     7         (padding)\n"
                                 "       8     8      8  b\n"));
    assert_non_null(strstr(text, "r_P (packed): 18 bytes, align 1\n"));
    free(text);
    tc_free(&t);
}

static void hash_covers_inherited_slots(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    schema *s = laid_out(&t, "schema: h\n"
                             "classes:\n"
                             "  A: {slots: {x: f64, y: f64}}\n"
                             "  B: {extends: A, slots: {z: f64}}\n"
                             "  E: {}\n");
    const class_def *b = class_named(s, "B");
    const char *names[] = {"x", "y", "z"};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(b->hash.keys[tc_hash_position(&b->hash, names[i])].index, i);
    assert_int_equal(class_named(s, "E")->all_slots.len, 0);
    tc_free(&t);
}

static void too_many_slots_for_the_hash(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    strbuf b;
    sb_init(&b, t.m.a);
    sb_puts(&b, "schema: big\nclasses:\n  Big:\n    slots:\n");
    for (int i = 0; i <= PH_MAX_KEYS; i++)
        sb_printf(&b, "      s%d: u8\n", i);
    assert_non_null(tc_load(&t, b.data));
    ck_check(&t.m);
    assert_string_equal(tc_diag(&t), "");
    lay_layout(&t.m);
    assert_non_null(strstr(tc_diag(&t), "error: class 'Big' has 32768 slots; a class can hold at "
                                        "most 32767\n"));
    tc_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compact_sorts_by_alignment),
        cmocka_unit_test(declared_keeps_order),
        cmocka_unit_test(packed_has_no_padding),
        cmocka_unit_test(every_abi_laid_out),
        cmocka_unit_test(presence_bits_only_without_default),
        cmocka_unit_test(base_comes_first),
        cmocka_unit_test(embedded_and_arrays),
        cmocka_unit_test(report_shows_members_and_savings),
        cmocka_unit_test(hash_covers_inherited_slots),
        cmocka_unit_test(too_many_slots_for_the_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
