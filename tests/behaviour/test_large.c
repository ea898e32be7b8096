/* test_large.c - a large schema (large.yaml, more than 2048 slots) behaves
 * as a small one does: its init, clear, copy and equal, which walk the
 * class table in libslot, give the values, the ownership, the failure
 * behaviour and the equality that the spelt-out functions of a small
 * schema give; its typed accessors are there under SLOT_INLINE.  Its
 * class tables hold no typed init, clear and copy: slot_init, slot_clear
 * and slot_copy do the same through the table, for them and for a small
 * schema's classes (small.yaml), whose tables hold them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#define SLOT_INLINE
#include "alloc.h"
#include "large.slot.h"
#include "small.slot.h"

/* Every slot is as init left it: defaults, unset, empty. */
static void expect_initial(const lg_Wide *w)
{
    assert_string_equal(lg_Wide_get_title(w), "untitled");
    assert_ptr_equal(lg_Wide_get_title(w), lg_Base_default_title);
    assert_string_equal(lg_Wide_get_code(w), "abc");
    assert_true(lg_Wide_get_ratio(w) == 0.5f);
    assert_int_equal(lg_Wide_get_color(w), lg_Color_green);
    assert_true(lg_Wide_get_flag(w));
    assert_false(lg_Wide_has_big(w));
    assert_false(lg_Wide_has_inner(w));
    assert_int_equal(lg_Wide_get_inner(w)->n, 7);
    assert_int_equal(lg_Wide_get_inners(w, 1)->n, 7);
    assert_null(lg_Wide_get_note(w));
    assert_int_equal(lg_Wide_get_nums(w, 3), 0);
    assert_true(lg_Wide_get_f1(w) == 1.0);
    assert_string_equal(lg_Wide_get_f3(w), "x");
    assert_string_equal(lg_Wide_get_f2(w), "");
    assert_false(lg_Wide_has_f0(w));
    assert_false(lg_Wide_has_f2038(w));
    assert_string_equal(lg_Wide_get_f2039(w), "x");
}

/* Sets slots of every kind, and a name that goes to the dict. */
static void fill(lg_Wide *w)
{
    lg_Inner in;
    lg_Inner_init(&in);
    assert_int_equal(lg_Inner_set_name(&in, "inner"), SLOT_OK);
    assert_int_equal(lg_Wide_set_title(w, "a title"), SLOT_OK);
    assert_int_equal(lg_Wide_set_code(w, "xyz"), SLOT_OK);
    assert_int_equal(lg_Wide_set_color(w, lg_Color_blue), SLOT_OK);
    assert_int_equal(lg_Wide_set_inner(w, &in), SLOT_OK);
    assert_int_equal(lg_Wide_set_inners(w, 1, &in), SLOT_OK);
    assert_int_equal(lg_Wide_set_big(w, UINT64_MAX), SLOT_OK);
    assert_int_equal(lg_Wide_set_nums(w, 2, -5), SLOT_OK);
    assert_int_equal(lg_Wide_set_ref(w, w), SLOT_OK);
    assert_int_equal(lg_Wide_set_note(w, "a note"), SLOT_OK);
    assert_int_equal(lg_Wide_set_f0(w, 9), SLOT_OK);
    assert_int_equal(lg_Wide_set_f2038(w, "text"), SLOT_OK);
    assert_int_equal(lg_Wide_set_f2039(w, "owned"), SLOT_OK);
    assert_int_equal(lg_Wide_set_f1(w, -1.0), SLOT_ERANGE);
    assert_int_equal(slot_setattr(&lg_Wide_class, w, "extra", slot_str("in the dict")), SLOT_OK);
    lg_Inner_clear(&in);
}

static void init_gives_defaults(void **state)
{
    (void)state;
    lg_Wide *w = lg_Wide_new();
    assert_non_null(w);
    expect_initial(w);
    lg_Wide_free(w);
}

static void copy_is_deep_and_equal(void **state)
{
    (void)state;
    lg_Wide a, b;
    lg_Wide_init(&a);
    lg_Wide_init(&b);
    assert_true(lg_Wide_equal(&a, &b));
    fill(&a);
    assert_false(lg_Wide_equal(&a, &b));
    assert_int_equal(lg_Wide_copy(&b, &a), SLOT_OK);
    assert_true(lg_Wide_equal(&a, &b));
    assert_string_equal(lg_Wide_get_note(&b), "a note");
    assert_ptr_not_equal(lg_Wide_get_note(&b), lg_Wide_get_note(&a));
    assert_ptr_not_equal(lg_Wide_get_inner(&b)->name, lg_Wide_get_inner(&a)->name);
    assert_string_equal(lg_Wide_get_inners(&b, 1)->name, "inner");
    assert_ptr_equal(lg_Wide_get_f3(&b), lg_Wide_default_f3); /* a default is shared */
    assert_ptr_equal(lg_Wide_get_ref(&b), &a);                /* a reference is not copied */
    slot_value v;
    assert_int_equal(slot_getattr(&lg_Wide_class, &b, "extra", &v), SLOT_OK);
    assert_string_equal(v.as.s, "in the dict");
    /* Each kind of difference is seen. */
    assert_int_equal(lg_Wide_set_f2038(&b, "other"), SLOT_OK);
    assert_false(lg_Wide_equal(&a, &b));
    assert_int_equal(lg_Wide_copy(&b, &a), SLOT_OK);
    lg_Wide_del_big(&b);
    assert_false(lg_Wide_equal(&a, &b));
    assert_int_equal(lg_Wide_copy(&b, &a), SLOT_OK);
    assert_int_equal(slot_setattr(&lg_Wide_class, &b, "extra", slot_str("changed")), SLOT_OK);
    assert_false(lg_Wide_equal(&a, &b));
    assert_int_equal(lg_Wide_copy(&b, &a), SLOT_OK);
    assert_int_equal(lg_Wide_set_x(&a, NAN), SLOT_OK);
    assert_int_equal(lg_Wide_copy(&b, &a), SLOT_OK);
    assert_false(lg_Wide_equal(&a, &b)); /* NaN equals nothing, as == says */
    assert_int_equal(lg_Wide_copy(&a, &a), SLOT_OK);
    lg_Wide_clear(&a);
    lg_Wide_clear(&b);
}

/* Each allocation of a copy failing in turn: SLOT_ENOMEM, DST as it was,
 * nothing leaked (teardown counts the blocks). */
static void failed_copy_changes_nothing(void **state)
{
    (void)state;
    lg_Wide a, b, before;
    lg_Wide_init(&a);
    lg_Wide_init(&b);
    lg_Wide_init(&before);
    fill(&a);
    assert_int_equal(lg_Wide_set_note(&b, "kept"), SLOT_OK);
    assert_int_equal(lg_Wide_copy(&before, &b), SLOT_OK);
    long n = 1;
    for (;; n++) {
        fail_nth(n);
        slot_status st = lg_Wide_copy(&b, &a);
        fail_nth(0);
        if (st == SLOT_OK)
            break;
        assert_int_equal(st, SLOT_ENOMEM);
        assert_true(lg_Wide_equal(&b, &before));
        assert_string_equal(lg_Wide_get_note(&b), "kept");
    }
    assert_true(n > 5);
    assert_true(lg_Wide_equal(&a, &b));
    lg_Wide_clear(&a);
    lg_Wide_clear(&b);
    lg_Wide_clear(&before);
}

static void clear_frees_and_ends_weak_references(void **state)
{
    (void)state;
    lg_Wide w;
    lg_Wide_init(&w);
    fill(&w);
    slot_weakref *ref = slot_weakref_new(&lg_Wide_class, &w);
    assert_non_null(ref);
    lg_Wide copy;
    lg_Wide_init(&copy);
    assert_int_equal(lg_Wide_copy(&w, &w), SLOT_OK);
    assert_ptr_equal(slot_weakref_get(ref), &w);
    lg_Wide_clear(&w);
    assert_null(slot_weakref_get(ref));
    expect_initial(&w);
    slot_weakref_free(ref);
    lg_Wide_clear(&copy);
}

static void weak_references_outlive_a_copy_into_the_instance(void **state)
{
    (void)state;
    lg_Wide w, src;
    lg_Wide_init(&w);
    lg_Wide_init(&src);
    fill(&src);
    slot_weakref *ref = slot_weakref_new(&lg_Wide_class, &w);
    assert_non_null(ref);
    assert_int_equal(lg_Wide_copy(&w, &src), SLOT_OK);
    assert_ptr_equal(slot_weakref_get(ref), &w);
    assert_true(lg_Wide_equal(&w, &src));
    lg_Wide_free(NULL);
    lg_Wide_clear(&w);
    assert_null(slot_weakref_get(ref));
    slot_weakref_free(ref);
    lg_Wide_clear(&src);
}

static void a_class_without_owned_memory_copies_its_bytes(void **state)
{
    (void)state;
    lg_Plain a, b;
    lg_Plain_init(&a);
    lg_Plain_init(&b);
    assert_true(lg_Plain_get_b(&a) == 2.0);
    assert_int_equal(lg_Plain_set_a(&a, 200), SLOT_OK);
    assert_false(lg_Plain_equal(&a, &b));
    fail_nth(1); /* no allocation is needed */
    assert_int_equal(lg_Plain_copy(&b, &a), SLOT_OK);
    fail_nth(0);
    assert_true(lg_Plain_equal(&a, &b));
    assert_int_equal(lg_Plain_get_a(&b), 200);
    lg_Plain_clear(&b);
    assert_false(lg_Plain_has_a(&b));
}

/* slot_init, slot_clear and slot_copy on a large class's table, which
 * holds NULL for the typed functions, do what lg_Wide_init and the rest do. */
static void the_life_cycle_through_a_large_table(void **state)
{
    (void)state;
    const slot_class *cls = &lg_Wide_class;
    assert_null(cls->init);
    assert_null(cls->clear);
    assert_null(cls->copy);
    lg_Wide a, b;
    slot_init(cls, &a);
    expect_initial(&a);
    slot_init(cls, &b);
    fill(&a);
    assert_int_equal(slot_copy(cls, &b, &a), SLOT_OK);
    assert_true(lg_Wide_equal(&a, &b));
    assert_string_equal(lg_Wide_get_note(&b), "a note");
    assert_ptr_not_equal(lg_Wide_get_note(&b), lg_Wide_get_note(&a));
    /* A failed copy leaves DST as it was. */
    assert_int_equal(lg_Wide_set_note(&b, "kept"), SLOT_OK);
    fail_nth(1);
    assert_int_equal(slot_copy(cls, &b, &a), SLOT_ENOMEM);
    fail_nth(0);
    assert_string_equal(lg_Wide_get_note(&b), "kept");
    slot_clear(cls, &a);
    expect_initial(&a);
    slot_clear(cls, &b);
    expect_initial(&b);
    /* Embedded instances of a large class go the same way. */
    lg_Inner in;
    slot_init(&lg_Inner_class, &in);
    assert_int_equal(lg_Inner_get_n(&in), 7);
    slot_clear(&lg_Inner_class, &in);
}

/* The same calls on a small class's table, which holds its typed functions. */
static void the_life_cycle_through_a_small_table(void **state)
{
    (void)state;
    const slot_class *cls = &sm_Note_class;
    assert_non_null(cls->init);
    assert_non_null(cls->clear);
    assert_non_null(cls->copy);
    sm_Note a, b;
    slot_init(cls, &a);
    slot_init(cls, &b);
    assert_string_equal(sm_Note_get_text(&a), "hi");
    assert_int_equal(sm_Note_get_n(&a), 3);
    assert_int_equal(sm_Note_set_text(&a, "changed"), SLOT_OK);
    assert_int_equal(sm_Note_set_n(&a, 9), SLOT_OK);
    assert_int_equal(slot_copy(cls, &b, &a), SLOT_OK);
    assert_true(sm_Note_equal(&a, &b));
    assert_ptr_not_equal(sm_Note_get_text(&b), sm_Note_get_text(&a));
    fail_nth(1);
    assert_int_equal(slot_copy(cls, &b, &a), SLOT_ENOMEM);
    fail_nth(0);
    assert_string_equal(sm_Note_get_text(&b), "changed");
    slot_clear(cls, &a);
    assert_string_equal(sm_Note_get_text(&a), "hi");
    assert_int_equal(sm_Note_get_n(&a), 3);
    slot_clear(cls, &b);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(init_gives_defaults),
        T(copy_is_deep_and_equal),
        T(failed_copy_changes_nothing),
        T(clear_frees_and_ends_weak_references),
        T(weak_references_outlive_a_copy_into_the_instance),
        T(a_class_without_owned_memory_copies_its_bytes),
        T(the_life_cycle_through_a_large_table),
        T(the_life_cycle_through_a_small_table),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
