/* test_attr.c - behaviour of libslot's by-name attribute protocol on the
 * tables slotc emits for the tests' own schema (attr.yaml): lookup order,
 * strict conversions, presence and defaults, arrays, all-or-nothing
 * setattrs, vars(), sizeof, isinstance, repr and the text of every error.
 * Each test asserts what a user sees: the status, the value read back
 * through the typed accessors, the bytes of an instance a failure left
 * alone, and the exact text.
 *
 * Every test runs with a counting allocator installed (slot_set_allocator),
 * and its teardown fails when a block it handed out was not freed.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc.h"
#include "attr.slot.h"
#include "byname.h"

/* ---- Helpers ----------------------------------------------------------- */

#define CLS(c) (&attr_##c##_class)

static slot_value item(const slot_class *cls, const void *obj, const char *name, size_t i)
{
    slot_value v = slot_none();
    assert_int_equal(slot_getitem(cls, obj, name, i, &v), SLOT_OK);
    return v;
}

/* Sets NAME of OBJ (an attr_C *) by name; it must succeed. */
#define SET(c, obj, name, v) assert_int_equal(slot_setattr(CLS(c), (obj), (name), (v)), SLOT_OK)

/* Setting NAME to V fails with ST and leaves every byte of OBJ as it was. */
#define REJECT(c, obj, name, v, st)                                                                \
    do {                                                                                           \
        attr_##c before_;                                                                          \
        memcpy(&before_, (obj), sizeof before_);                                                   \
        assert_int_equal(slot_setattr(CLS(c), (obj), (name), (v)), (st));                          \
        assert_memory_equal(&before_, (obj), sizeof before_);                                      \
    } while (0)

/* As REJECT, for item I. */
#define REJECT_ITEM(c, obj, name, i, v, st)                                                        \
    do {                                                                                           \
        attr_##c before_;                                                                          \
        memcpy(&before_, (obj), sizeof before_);                                                   \
        assert_int_equal(slot_setitem(CLS(c), (obj), (name), (i), (v)), (st));                     \
        assert_memory_equal(&before_, (obj), sizeof before_);                                      \
    } while (0)

/* As REJECT, for slot_delattr. */
#define REJECT_DEL(c, obj, name, st)                                                               \
    do {                                                                                           \
        attr_##c before_;                                                                          \
        memcpy(&before_, (obj), sizeof before_);                                                   \
        assert_int_equal(slot_delattr(CLS(c), (obj), (name)), (st));                               \
        assert_memory_equal(&before_, (obj), sizeof before_);                                      \
    } while (0)

static char text[1024];

/* What slot_format_error says about ST on NAME of a CLS instance. */
static const char *error_text(const slot_class *cls, const char *name, slot_status st)
{
    int n = slot_format_error(text, sizeof text, cls, name, st);
    assert_int_equal(n, strlen(text));
    return text;
}

#define ERROR_IS(c, name, st, want) assert_string_equal(error_text(CLS(c), (name), (st)), (want))

/* As REJECT, then the message a user would print for the failure. */
#define REJECT_SAYS(c, obj, name, v, st, want)                                                     \
    do {                                                                                           \
        REJECT(c, obj, name, v, st);                                                               \
        ERROR_IS(c, name, st, want);                                                               \
    } while (0)

static const char *repr(const slot_class *cls, const void *obj)
{
    int n = slot_repr(cls, obj, text, sizeof text);
    assert_true(n >= 0 && (size_t)n < sizeof text);
    assert_int_equal(n, strlen(text));
    return text;
}

#define REPR_IS(c, obj, want) assert_string_equal(repr(CLS(c), (obj)), (want))

/* Runs slot_setattrs on OBJ (SIZE bytes) with the Nth allocation failing,
 * for N = 1, 2, ... until it succeeds: each failure must be SLOT_ENOMEM
 * and leave OBJ's bytes and the live blocks as they were.  Returns how
 * many allocations the success took. */
static long setattrs_fail_each(const slot_class *cls, void *obj, size_t size, const slot_kv *kv,
                               size_t n)
{
    unsigned char *before = malloc(size);
    long live = ctl.live, k;
    slot_status st;
    assert_non_null(before);
    memcpy(before, obj, size);
    for (k = 1;; k++) {
        fail_nth(k);
        st = slot_setattrs(cls, obj, kv, n);
        if (st == SLOT_OK)
            break;
        assert_int_equal(st, SLOT_ENOMEM);
        assert_memory_equal(before, obj, size);
        assert_int_equal(ctl.live, live);
    }
    fail_nth(0);
    free(before);
    return k - 1;
}

/* ---- Lookup ------------------------------------------------------------- */

static void getattr_reads_every_type(void **state)
{
    attr_Nums n;
    attr_Texts t;
    (void)state;
    attr_Nums_init(&n);
    assert_int_equal(attr_Nums_set_flag(&n, true), SLOT_OK);
    assert_int_equal(attr_Nums_set_i8v(&n, INT8_MIN), SLOT_OK);
    assert_int_equal(attr_Nums_set_i16v(&n, INT16_MIN), SLOT_OK);
    assert_int_equal(attr_Nums_set_i32v(&n, INT32_MIN), SLOT_OK);
    assert_int_equal(attr_Nums_set_i64v(&n, INT64_MIN), SLOT_OK);
    assert_int_equal(attr_Nums_set_u8v(&n, UINT8_MAX), SLOT_OK);
    assert_int_equal(attr_Nums_set_u16v(&n, UINT16_MAX), SLOT_OK);
    assert_int_equal(attr_Nums_set_u32v(&n, UINT32_MAX), SLOT_OK);
    assert_int_equal(attr_Nums_set_u64v(&n, UINT64_MAX), SLOT_OK);
    assert_int_equal(attr_Nums_set_f32v(&n, 0.1f), SLOT_OK);
    assert_int_equal(attr_Nums_set_f64v(&n, 0.1), SLOT_OK);
    assert_int_equal(attr_Nums_set_align(&n, attr_Align_right), SLOT_OK);
    assert_int_equal(get(CLS(Nums), &n, "flag").kind, SLOT_BOOL);
    assert_true(get(CLS(Nums), &n, "flag").as.b);
    assert_true(get(CLS(Nums), &n, "on").as.b);
    assert_true(get_int(CLS(Nums), &n, "i8v") == INT8_MIN);
    assert_true(get_int(CLS(Nums), &n, "i16v") == INT16_MIN);
    assert_true(get_int(CLS(Nums), &n, "i32v") == INT32_MIN);
    assert_true(get_int(CLS(Nums), &n, "i64v") == INT64_MIN);
    assert_true(get_uint(CLS(Nums), &n, "u8v") == UINT8_MAX);
    assert_true(get_uint(CLS(Nums), &n, "u16v") == UINT16_MAX);
    assert_true(get_uint(CLS(Nums), &n, "u32v") == UINT32_MAX);
    assert_true(get_uint(CLS(Nums), &n, "u64v") == UINT64_MAX);
    assert_true(get_float(CLS(Nums), &n, "f32v") == (double)(float)0.1f);
    assert_true(get_float(CLS(Nums), &n, "f64v") == (double)0.1);
    assert_true(get_uint(CLS(Nums), &n, "u32r") == 5);
    assert_true(get_float(CLS(Nums), &n, "f64r") == 0.5);
    /* Enums read as their value. */
    assert_true(get_int(CLS(Nums), &n, "align") == attr_Align_right);
    assert_true(get_int(CLS(Nums), &n, "weight") == attr_Weight_normal);

    /* Text reads borrow the instance's own bytes. */
    attr_Texts_init(&t);
    assert_int_equal(attr_Texts_set_code(&t, "ab"), SLOT_OK);
    assert_int_equal(attr_Texts_set_name(&t, "nm"), SLOT_OK);
    assert_ptr_equal(get_str(CLS(Texts), &t, "code"), t.code);
    assert_ptr_equal(get_str(CLS(Texts), &t, "label"), t.label);
    assert_ptr_equal(get_str(CLS(Texts), &t, "name"), attr_Texts_get_name(&t));
    assert_ptr_equal(get_str(CLS(Texts), &t, "greeting"), attr_Texts_default_greeting);
    attr_Texts_clear(&t);
}

static void getattr_reads_objects_references_and_arrays(void **state)
{
    attr_Label l, other;
    attr_Point p;
    (void)state;
    attr_Label_init(&l);
    attr_Label_init(&other);
    attr_Point_init(&p);
    assert_int_equal(attr_Label_set_at(&l, &p), SLOT_OK);
    assert_int_equal(attr_Label_set_next(&l, &other), SLOT_OK);
    assert_int_equal(attr_Label_set_rgb(&l, 1, 7), SLOT_OK);
    /* An embedded object reads as a pointer into the instance. */
    assert_ptr_equal(get_obj(CLS(Label), &l, "at"), &l.at);
    assert_ptr_equal(get_obj(CLS(Label), &l, "next"), &other);
    /* An array reads as a pointer to its first element. */
    assert_ptr_equal(get_obj(CLS(Label), &l, "rgb"), &l.rgb[0]);
    assert_int_equal(((const uint8_t *)get_obj(CLS(Label), &l, "rgb"))[1], 7);
    /* A reference set to NULL is set, and reads NULL. */
    assert_int_equal(attr_Label_set_next(&l, NULL), SLOT_OK);
    assert_null(get_obj(CLS(Label), &l, "next"));
}

static void unset_unknown_and_near_names(void **state)
{
    attr_Label l;
    slot_value v = slot_int(99);
    static const char *const unknown[] = {"", "z", "tex", "textx", "Text", "kindx", "text\n"};
    size_t i;
    (void)state;
    attr_Label_init(&l);
    assert_int_equal(slot_getattr(CLS(Label), &l, "text", &v), SLOT_EUNSET);
    assert_int_equal(slot_getattr(CLS(Label), &l, "owner", &v), SLOT_EUNSET);
    assert_int_equal(slot_getattr(CLS(Label), &l, "at", &v), SLOT_EUNSET);
    assert_int_equal(slot_getattr(CLS(Label), &l, "next", &v), SLOT_EUNSET);
    assert_int_equal(slot_getattr(CLS(Label), &l, "rgb", &v), SLOT_EUNSET);
    for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        assert_int_equal(slot_getattr(CLS(Label), &l, unknown[i], &v), SLOT_ENOATTR);
        assert_false(slot_hasattr(CLS(Label), &l, unknown[i]));
    }
    /* Slots with a default are always set. */
    assert_true(get_uint(CLS(Label), &l, "size") == 12);
    assert_true(get_int(CLS(Label), &l, "align") == attr_Align_center);
    ERROR_IS(Label, "z", SLOT_ENOATTR, "'Label' object has no attribute 'z'");
    ERROR_IS(Label, "text", SLOT_EUNSET, "'Label' object has no attribute 'text'");
}

static void hasattr_follows_getattr(void **state)
{
    attr_Label l;
    (void)state;
    attr_Label_init(&l);
    assert_false(slot_hasattr(CLS(Label), &l, "text"));
    assert_true(slot_hasattr(CLS(Label), &l, "size"));
    assert_true(slot_hasattr(CLS(Label), &l, "kind"));
    assert_false(slot_hasattr(CLS(Label), &l, "nope"));
    assert_int_equal(attr_Label_set_text(&l, "t"), SLOT_OK);
    assert_true(slot_hasattr(CLS(Label), &l, "text"));
    attr_Label_del_text(&l);
    assert_false(slot_hasattr(CLS(Label), &l, "text"));
}

static void class_attributes_are_read_only(void **state)
{
    attr_Label l;
    attr_Square sq;
    attr_Poly po;
    attr_Shape sh;
    slot_value v;
    (void)state;
    attr_Label_init(&l);
    attr_Square_init(&sq);
    attr_Poly_init(&po);
    attr_Shape_init(&sh);
    assert_string_equal(get_str(CLS(Label), &l, "kind"), "label");
    REJECT_SAYS(Label, &l, "kind", slot_str("x"), SLOT_EREADONLY,
                "'Label' object attribute 'kind' is read-only");
    REJECT_DEL(Label, &l, "kind", SLOT_EREADONLY);
    REJECT_ITEM(Label, &l, "kind", 0, slot_str("x"), SLOT_EREADONLY);
    assert_int_equal(slot_getitem(CLS(Label), &l, "kind", 0, &v), SLOT_ETYPE);

    /* Each type reads from its own field; overrides win over the bases. */
    assert_string_equal(get_str(CLS(Shape), &sh, "kind"), "shape");
    assert_true(get_uint(CLS(Shape), &sh, "sides") == 0);
    assert_true(get_uint(CLS(Poly), &po, "sides") == 5);
    assert_string_equal(get_str(CLS(Poly), &po, "kind"), "shape");
    assert_string_equal(get_str(CLS(Square), &sq, "kind"), attr_Square_get_kind());
    assert_string_equal(get_str(CLS(Square), &sq, "kind"), "square");
    assert_true(get_uint(CLS(Square), &sq, "sides") == 5);
    assert_true(get_float(CLS(Square), &sq, "ratio") == 0.5);
    assert_string_equal(get_str(CLS(Square), &sq, "tag"), "shp");
    assert_true(get_int(CLS(Square), &sq, "turn") == attr_Align_right);
    assert_int_equal(get(CLS(Square), &sq, "round").kind, SLOT_BOOL);
    assert_false(get(CLS(Square), &sq, "round").as.b);
    assert_true(get_int(CLS(Square), &sq, "depth") == -3);
    assert_true(get_float(CLS(Square), &sq, "half") == (double)(float)0.1f);
    /* A base does not see a subclass's attributes. */
    assert_int_equal(slot_getattr(CLS(Shape), &sh, "ratio", &v), SLOT_ENOATTR);
    REJECT(Square, &sq, "sides", slot_uint(1), SLOT_EREADONLY);
}

/* ---- Conversions -------------------------------------------------------- */

static void integers_set_within_their_type(void **state)
{
    attr_Nums n;
    (void)state;
    attr_Nums_init(&n);
    SET(Nums, &n, "i8v", slot_int(INT8_MIN));
    assert_int_equal(attr_Nums_get_i8v(&n), INT8_MIN);
    SET(Nums, &n, "i8v", slot_uint(INT8_MAX));
    assert_int_equal(attr_Nums_get_i8v(&n), INT8_MAX);
    REJECT(Nums, &n, "i8v", slot_int(INT8_MAX + 1), SLOT_ERANGE);
    REJECT(Nums, &n, "i8v", slot_int(INT8_MIN - 1), SLOT_ERANGE);
    REJECT(Nums, &n, "i8v", slot_uint(UINT64_MAX), SLOT_ERANGE);
    SET(Nums, &n, "i16v", slot_int(INT16_MIN));
    assert_int_equal(attr_Nums_get_i16v(&n), INT16_MIN);
    REJECT(Nums, &n, "i16v", slot_int(INT16_MAX + 1), SLOT_ERANGE);
    REJECT(Nums, &n, "i16v", slot_int(INT16_MIN - 1), SLOT_ERANGE);
    SET(Nums, &n, "i32v", slot_int(INT32_MAX));
    assert_int_equal(attr_Nums_get_i32v(&n), INT32_MAX);
    REJECT(Nums, &n, "i32v", slot_int((int64_t)INT32_MAX + 1), SLOT_ERANGE);
    REJECT(Nums, &n, "i32v", slot_int((int64_t)INT32_MIN - 1), SLOT_ERANGE);
    SET(Nums, &n, "i64v", slot_int(INT64_MIN));
    assert_true(attr_Nums_get_i64v(&n) == INT64_MIN);
    SET(Nums, &n, "i64v", slot_uint(INT64_MAX));
    assert_true(attr_Nums_get_i64v(&n) == INT64_MAX);
    REJECT(Nums, &n, "i64v", slot_uint((uint64_t)INT64_MAX + 1), SLOT_ERANGE);

    SET(Nums, &n, "u8v", slot_int(UINT8_MAX));
    assert_int_equal(attr_Nums_get_u8v(&n), UINT8_MAX);
    REJECT(Nums, &n, "u8v", slot_int(UINT8_MAX + 1), SLOT_ERANGE);
    REJECT(Nums, &n, "u8v", slot_int(-1), SLOT_ERANGE);
    SET(Nums, &n, "u16v", slot_uint(UINT16_MAX));
    assert_int_equal(attr_Nums_get_u16v(&n), UINT16_MAX);
    REJECT(Nums, &n, "u16v", slot_uint(UINT16_MAX + 1), SLOT_ERANGE);
    SET(Nums, &n, "u32v", slot_uint(UINT32_MAX));
    assert_true(attr_Nums_get_u32v(&n) == UINT32_MAX);
    REJECT(Nums, &n, "u32v", slot_uint((uint64_t)UINT32_MAX + 1), SLOT_ERANGE);
    SET(Nums, &n, "u64v", slot_uint(UINT64_MAX));
    assert_true(attr_Nums_get_u64v(&n) == UINT64_MAX);
    SET(Nums, &n, "u64v", slot_int(INT64_MAX));
    assert_true(attr_Nums_get_u64v(&n) == INT64_MAX);
    REJECT(Nums, &n, "u64v", slot_int(INT64_MIN), SLOT_ERANGE);
    SET(Nums, &n, "u64v", slot_int(0));
    assert_true(attr_Nums_get_u64v(&n) == 0);
    ERROR_IS(Nums, "i8v", SLOT_ERANGE, "'Nums' object attribute 'i8v' must be in -128..127");
    ERROR_IS(Nums, "i64v", SLOT_ERANGE,
             "'Nums' object attribute 'i64v' must be in -9223372036854775808..9223372036854775807");
    ERROR_IS(Nums, "u8v", SLOT_ERANGE, "'Nums' object attribute 'u8v' must be in 0..255");
    ERROR_IS(Nums, "u64v", SLOT_ERANGE,
             "'Nums' object attribute 'u64v' must be in 0..18446744073709551615");
}

static void integers_obey_the_schema_bounds(void **state)
{
    attr_Nums n;
    attr_Label l;
    (void)state;
    attr_Nums_init(&n);
    attr_Label_init(&l);
    SET(Nums, &n, "i8r", slot_int(-10));
    SET(Nums, &n, "i8r", slot_uint(10));
    assert_int_equal(attr_Nums_get_i8r(&n), 10);
    REJECT_SAYS(Nums, &n, "i8r", slot_int(11), SLOT_ERANGE,
                "'Nums' object attribute 'i8r' must be in -10..10");
    REJECT(Nums, &n, "i8r", slot_int(-11), SLOT_ERANGE);
    REJECT(Nums, &n, "i64r", slot_int(INT64_MIN), SLOT_ERANGE);
    REJECT(Nums, &n, "i64r", slot_int(INT64_MAX), SLOT_ERANGE);
    SET(Nums, &n, "i64r", slot_int(INT64_MAX - 1));
    assert_true(attr_Nums_get_i64r(&n) == INT64_MAX - 1);
    /* A minimum only: the maximum is the type's. */
    REJECT_SAYS(Nums, &n, "u32r", slot_uint(4), SLOT_ERANGE,
                "'Nums' object attribute 'u32r' must be in 5..4294967295");
    SET(Nums, &n, "u32r", slot_uint(UINT32_MAX));
    assert_true(attr_Nums_get_u32r(&n) == UINT32_MAX);
    /* A maximum only: the minimum is the type's. */
    REJECT_SAYS(Nums, &n, "u64r", slot_uint(UINT64_MAX), SLOT_ERANGE,
                "'Nums' object attribute 'u64r' must be in 0..18446744073709551614");
    SET(Nums, &n, "u64r", slot_uint(UINT64_MAX - 1));
    assert_true(attr_Nums_get_u64r(&n) == UINT64_MAX - 1);
    REJECT_SAYS(Label, &l, "size", slot_int(513), SLOT_ERANGE,
                "'Label' object attribute 'size' must be in 1..512");
    REJECT(Label, &l, "size", slot_int(0), SLOT_ERANGE);
    SET(Label, &l, "size", slot_int(512));
    assert_int_equal(attr_Label_get_size(&l), 512);
}

static void integers_set_float_slots(void **state)
{
    attr_Nums n;
    (void)state;
    attr_Nums_init(&n);
    SET(Nums, &n, "f64v", slot_int(-3));
    assert_true(attr_Nums_get_f64v(&n) == -3.0);
    assert_true(attr_Nums_has_f64v(&n));
    SET(Nums, &n, "f32v", slot_uint(UINT64_MAX));
    assert_true(attr_Nums_get_f32v(&n) == (float)UINT64_MAX);
    /* Python's float(n): the nearest double, not an error. */
    SET(Nums, &n, "f64v", slot_int(INT64_MAX));
    assert_true(attr_Nums_get_f64v(&n) == 9223372036854775808.0);
    SET(Nums, &n, "f32r", slot_int(2));
    assert_true(attr_Nums_get_f32r(&n) == 2.0f);
    REJECT(Nums, &n, "f32r", slot_int(3), SLOT_ERANGE);
    REJECT(Nums, &n, "f32r", slot_int(-2), SLOT_ERANGE);
    SET(Nums, &n, "f64r", slot_uint(1));
    assert_true(attr_Nums_get_f64r(&n) == 1.0);
    REJECT(Nums, &n, "f64r", slot_int(2), SLOT_ERANGE);
    REJECT(Nums, &n, "f64hi", slot_uint(101), SLOT_ERANGE);
}

/* The by-name setter of F answers as the typed one does for every V. */
#define SAME_AS_TYPED(f, T, v)                                                                     \
    do {                                                                                           \
        attr_Nums a_, b_;                                                                          \
        slot_status typed_;                                                                        \
        attr_Nums_init(&a_);                                                                       \
        attr_Nums_init(&b_);                                                                       \
        typed_ = attr_Nums_set_##f(&a_, (T)(v));                                                   \
        assert_int_equal(slot_setattr(CLS(Nums), &b_, #f, slot_float(v)), typed_);                 \
        assert_memory_equal(&a_, &b_, sizeof a_);                                                  \
    } while (0)

static void floats_follow_the_typed_setters(void **state)
{
    static const double values[] = {
        0.0,   -0.0, -1.5,  2.5,     -1.6,     2.6,     0.1,   -1,  1,         99.5,     100,
        100.5, 1e38, -1e38, FLT_MAX, -FLT_MAX, FLT_MIN, 1e-45, NAN, -INFINITY, INFINITY, -NAN};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof values / sizeof values[0]; i++) {
        SAME_AS_TYPED(f32v, float, values[i]);
        SAME_AS_TYPED(f32r, float, values[i]);
        SAME_AS_TYPED(f32lo, float, values[i]);
        SAME_AS_TYPED(f64v, double, values[i]);
        SAME_AS_TYPED(f64r, double, values[i]);
        SAME_AS_TYPED(f64hi, double, values[i]);
    }
}

static void floats_set_only_float_slots(void **state)
{
    attr_Nums n;
    (void)state;
    attr_Nums_init(&n);
    SET(Nums, &n, "f32v", slot_float(0.1));
    assert_true(attr_Nums_get_f32v(&n) == (float)0.1f);
    SET(Nums, &n, "f32v", slot_float(NAN));
    assert_true(isnan(attr_Nums_get_f32v(&n)));
    SET(Nums, &n, "f32v", slot_float(-INFINITY));
    assert_true(attr_Nums_get_f32v(&n) == -INFINITY);
    /* A finite double past FLT_MAX does not fit an f32. */
    REJECT_SAYS(Nums, &n, "f32v", slot_float(1e39), SLOT_ERANGE,
                "'Nums' object attribute 'f32v' must be in -3.4028235e+38..3.4028235e+38");
    REJECT(Nums, &n, "f32v", slot_float(-DBL_MAX), SLOT_ERANGE);
    REJECT_SAYS(Nums, &n, "f32r", slot_float(NAN), SLOT_ERANGE,
                "'Nums' object attribute 'f32r' must be in -1.5..2.5");
    REJECT_SAYS(Nums, &n, "f32lo", slot_float(-0.5), SLOT_ERANGE,
                "'Nums' object attribute 'f32lo' must be in 0.0..3.4028235e+38");
    REJECT(Nums, &n, "f32lo", slot_float(1e39), SLOT_ERANGE);
    SET(Nums, &n, "f32lo", slot_float(INFINITY));
    SET(Nums, &n, "f64v", slot_float(DBL_MAX));
    assert_true(attr_Nums_get_f64v(&n) == DBL_MAX);
    REJECT_SAYS(Nums, &n, "f64hi", slot_float(INFINITY), SLOT_ERANGE,
                "'Nums' object attribute 'f64hi' must be in -inf..100.0");
    REJECT_SAYS(Nums, &n, "f64r", slot_float(1.5), SLOT_ERANGE,
                "'Nums' object attribute 'f64r' must be in -1.0..1.0");
    /* A float never sets an integer, bool, enum or text slot. */
    REJECT_SAYS(Nums, &n, "i32v", slot_float(3.0), SLOT_ETYPE,
                "'Nums' object attribute 'i32v' must be i32");
    REJECT_SAYS(Nums, &n, "u8v", slot_float(3.0), SLOT_ETYPE,
                "'Nums' object attribute 'u8v' must be u8");
    REJECT(Nums, &n, "flag", slot_float(1.0), SLOT_ETYPE);
    REJECT(Nums, &n, "align", slot_float(1.0), SLOT_ETYPE);
}

static void bools_set_only_bool_slots(void **state)
{
    attr_Nums n;
    (void)state;
    attr_Nums_init(&n);
    SET(Nums, &n, "flag", slot_bool(true));
    assert_true(attr_Nums_get_flag(&n));
    assert_true(attr_Nums_has_flag(&n));
    SET(Nums, &n, "on", slot_bool(false));
    assert_false(attr_Nums_get_on(&n));
    REJECT_SAYS(Nums, &n, "flag", slot_int(1), SLOT_ETYPE,
                "'Nums' object attribute 'flag' must be bool");
    REJECT(Nums, &n, "flag", slot_str("true"), SLOT_ETYPE);
    REJECT(Nums, &n, "i8v", slot_bool(true), SLOT_ETYPE);
    REJECT(Nums, &n, "f64v", slot_bool(true), SLOT_ETYPE);
    REJECT(Nums, &n, "i8v", slot_none(), SLOT_ETYPE);
    REJECT(Nums, &n, "i8v", slot_str("1"), SLOT_ETYPE);
    REJECT(Nums, &n, "i8v", slot_obj(&n), SLOT_ETYPE);
    ERROR_IS(Nums, "flag", SLOT_ERANGE, "'Nums' object attribute 'flag': value out of range");
}

static void enums_take_member_values_and_names(void **state)
{
    attr_Nums n;
    (void)state;
    attr_Nums_init(&n);
    SET(Nums, &n, "align", slot_int(attr_Align_right));
    assert_int_equal(attr_Nums_get_align(&n), attr_Align_right);
    assert_true(attr_Nums_has_align(&n));
    SET(Nums, &n, "align", slot_uint(attr_Align_left));
    assert_int_equal(attr_Nums_get_align(&n), attr_Align_left);
    SET(Nums, &n, "align", slot_str("center"));
    assert_int_equal(attr_Nums_get_align(&n), attr_Align_center);
    REJECT_SAYS(Nums, &n, "align", slot_int(3), SLOT_ERANGE,
                "'Nums' object attribute 'align' must be a member of Align");
    REJECT(Nums, &n, "align", slot_int(-1), SLOT_ERANGE);
    REJECT(Nums, &n, "align", slot_str("middle"), SLOT_ERANGE);
    REJECT(Nums, &n, "align", slot_str("Center"), SLOT_ERANGE);
    REJECT_SAYS(Nums, &n, "align", slot_str(NULL), SLOT_ETYPE,
                "'Nums' object attribute 'align' must be Align");
    REJECT(Nums, &n, "align", slot_bool(false), SLOT_ETYPE);
    SET(Nums, &n, "weight", slot_int(-300));
    assert_int_equal(attr_Nums_get_weight(&n), attr_Weight_light);
    SET(Nums, &n, "weight", slot_str("bold"));
    assert_int_equal(attr_Nums_get_weight(&n), attr_Weight_bold);
    REJECT(Nums, &n, "weight", slot_int(0), SLOT_ERANGE);
    REJECT(Nums, &n, "weight", slot_uint(UINT64_MAX - 299), SLOT_ERANGE);
    REJECT(Nums, &n, "weight", slot_int((int64_t)1 << 32 | 400), SLOT_ERANGE);
    assert_true(get_int(CLS(Nums), &n, "weight") == attr_Weight_bold);
}

static void str_n_holds_n_bytes(void **state)
{
    attr_Texts t;
    attr_Label l;
    (void)state;
    attr_Texts_init(&t);
    attr_Label_init(&l);
    SET(Texts, &t, "code", slot_str("abcd"));
    assert_string_equal(attr_Texts_get_code(&t), "abcd");
    assert_true(attr_Texts_has_code(&t));
    REJECT_SAYS(Texts, &t, "code", slot_str("abcde"), SLOT_ETOOLONG,
                "'Texts' object attribute 'code' holds at most 4 bytes");
    REJECT_SAYS(Texts, &t, "code", slot_str(NULL), SLOT_ETYPE,
                "'Texts' object attribute 'code' must be str[4]");
    REJECT(Texts, &t, "code", slot_int(1), SLOT_ETYPE);
    /* The value may be the slot's own text. */
    SET(Texts, &t, "code", slot_str(t.code + 1));
    assert_string_equal(attr_Texts_get_code(&t), "bcd");
    SET(Texts, &t, "code", slot_str(""));
    assert_string_equal(attr_Texts_get_code(&t), "");
    SET(Texts, &t, "label", slot_str("12345678"));
    assert_string_equal(attr_Texts_get_label(&t), "12345678");
    SET(Label, &l, "text", slot_str("0123456789012345678901234567890"));
    REJECT_SAYS(Label, &l, "text", slot_str("0123456789012345678901234567890x"), SLOT_ETOOLONG,
                "'Label' object attribute 'text' holds at most 31 bytes");
    REJECT_SAYS(Label, &l, "text", slot_float(1), SLOT_ETYPE,
                "'Label' object attribute 'text' must be str[31]");
    assert_int_equal(ctl.calls, 0);
}

static void string_slots_own_a_copy(void **state)
{
    attr_Texts t;
    char src[] = "heap";
    (void)state;
    attr_Texts_init(&t);
    SET(Texts, &t, "name", slot_str(src));
    assert_string_equal(attr_Texts_get_name(&t), "heap");
    assert_ptr_not_equal(attr_Texts_get_name(&t), src);
    assert_true(attr_Texts_has_name(&t));
    assert_int_equal(ctl.live, 1);
    /* Setting again frees the old copy; so does setting it to itself. */
    SET(Texts, &t, "name", slot_str("again"));
    assert_int_equal(ctl.live, 1);
    SET(Texts, &t, "name", slot_str(attr_Texts_get_name(&t)));
    assert_string_equal(attr_Texts_get_name(&t), "again");
    assert_int_equal(ctl.live, 1);
    REJECT_SAYS(Texts, &t, "name", slot_str(NULL), SLOT_ETYPE,
                "'Texts' object attribute 'name' must be string");
    REJECT(Texts, &t, "name", slot_uint(1), SLOT_ETYPE);
    fail_nth(1);
    REJECT_SAYS(Texts, &t, "name", slot_str("x"), SLOT_ENOMEM,
                "out of memory setting 'Texts' object attribute 'name'");
    fail_nth(0);
    /* The static default is replaced, never freed, and comes back. */
    SET(Texts, &t, "greeting", slot_str("hi"));
    assert_string_equal(attr_Texts_get_greeting(&t), "hi");
    assert_int_equal(ctl.live, 2);
    assert_int_equal(slot_delattr(CLS(Texts), &t, "greeting"), SLOT_OK);
    assert_ptr_equal(attr_Texts_get_greeting(&t), attr_Texts_default_greeting);
    assert_int_equal(ctl.live, 1);
    assert_int_equal(slot_delattr(CLS(Texts), &t, "name"), SLOT_OK);
    assert_false(attr_Texts_has_name(&t));
    assert_null(attr_Texts_get_name(&t));
    assert_int_equal(ctl.live, 0);
}

static void embedded_objects_are_deep_copies(void **state)
{
    attr_Board b;
    attr_Note note;
    attr_Label l;
    attr_Point p;
    (void)state;
    attr_Board_init(&b);
    attr_Note_init(&note);
    attr_Label_init(&l);
    attr_Point_init(&p);
    assert_int_equal(attr_Point_set_x(&p, 2.5), SLOT_OK);
    SET(Label, &l, "at", slot_obj(&p));
    assert_true(attr_Label_has_at(&l));
    assert_true(attr_Point_equal(attr_Label_get_at(&l), &p));
    assert_ptr_equal(get_obj(CLS(Label), &l, "at"), &l.at);
    REJECT_SAYS(Label, &l, "at", slot_obj(NULL), SLOT_ETYPE,
                "'Label' object attribute 'at' must be Point");
    REJECT(Label, &l, "at", slot_str("p"), SLOT_ETYPE);

    assert_int_equal(attr_Note_set_text(&note, "memo"), SLOT_OK);
    assert_int_equal(ctl.live, 1);
    SET(Board, &b, "note", slot_obj(&note));
    assert_int_equal(ctl.live, 2);
    assert_true(attr_Note_equal(attr_Board_get_note(&b), &note));
    assert_ptr_not_equal(attr_Board_get_note(&b)->text, note.text);
    fail_nth(1);
    REJECT_SAYS(Board, &b, "note", slot_obj(&note), SLOT_ENOMEM,
                "out of memory setting 'Board' object attribute 'note'");
    fail_nth(0);
    /* Copying a slot onto itself changes nothing. */
    SET(Board, &b, "note", get(CLS(Board), &b, "note"));
    assert_true(attr_Note_equal(attr_Board_get_note(&b), &note));
    assert_int_equal(ctl.live, 2);
    /* del frees what the copy owned and goes back to init, not zero. */
    assert_int_equal(slot_delattr(CLS(Board), &b, "note"), SLOT_OK);
    assert_false(attr_Board_has_note(&b));
    assert_int_equal(ctl.live, 1);
    assert_true(attr_Point_get_w(&attr_Board_get_note(&b)->at) == 1.0);
    attr_Note_clear(&note);
    attr_Board_clear(&b);
}

static void references_borrow(void **state)
{
    attr_Label l, other;
    attr_Header h, peer;
    attr_Point p;
    (void)state;
    attr_Label_init(&l);
    attr_Label_init(&other);
    attr_Header_init(&h);
    attr_Header_init(&peer);
    attr_Point_init(&p);
    SET(Label, &l, "next", slot_obj(&other));
    assert_ptr_equal(attr_Label_get_next(&l), &other);
    assert_true(attr_Label_has_next(&l));
    SET(Label, &l, "next", slot_obj(NULL));
    assert_null(attr_Label_get_next(&l));
    assert_true(attr_Label_has_next(&l));
    REJECT_SAYS(Label, &l, "next", slot_int(0), SLOT_ETYPE,
                "'Label' object attribute 'next' must be Label*");
    REJECT(Label, &l, "next", slot_str("x"), SLOT_ETYPE);
    SET(Header, &h, "next", slot_obj(&peer));
    assert_ptr_equal(attr_Header_get_next(&h), &peer);
    assert_ptr_equal(get_obj(CLS(Header), &h, "next"), &peer);
    assert_int_equal(ctl.calls, 0);
}

/* ---- Delete ------------------------------------------------------------- */

static void del_restores_defaults_and_unsets_the_rest(void **state)
{
    attr_Nums n, fresh;
    attr_Label l;
    attr_Texts t;
    slot_value v;
    (void)state;
    attr_Nums_init(&n);
    attr_Nums_init(&fresh);
    attr_Label_init(&l);
    attr_Texts_init(&t);
    SET(Nums, &n, "on", slot_bool(false));
    SET(Nums, &n, "u32r", slot_uint(9));
    SET(Nums, &n, "f64r", slot_float(-1));
    SET(Nums, &n, "weight", slot_str("bold"));
    SET(Nums, &n, "i16v", slot_int(-9));
    SET(Nums, &n, "f32v", slot_float(2));
    assert_int_equal(slot_delattr(CLS(Nums), &n, "on"), SLOT_OK);
    assert_int_equal(slot_delattr(CLS(Nums), &n, "u32r"), SLOT_OK);
    assert_int_equal(slot_delattr(CLS(Nums), &n, "f64r"), SLOT_OK);
    assert_int_equal(slot_delattr(CLS(Nums), &n, "weight"), SLOT_OK);
    assert_int_equal(slot_delattr(CLS(Nums), &n, "i16v"), SLOT_OK);
    assert_int_equal(slot_delattr(CLS(Nums), &n, "f32v"), SLOT_OK);
    assert_memory_equal(&n, &fresh, sizeof n);
    /* A default always answers; an unset slot cannot be deleted again. */
    assert_int_equal(slot_delattr(CLS(Nums), &n, "on"), SLOT_OK);
    assert_int_equal(slot_getattr(CLS(Nums), &n, "i16v", &v), SLOT_EUNSET);
    REJECT_DEL(Nums, &n, "i16v", SLOT_EUNSET);
    REJECT_DEL(Nums, &n, "nope", SLOT_ENOATTR);

    SET(Label, &l, "size", slot_uint(100));
    SET(Label, &l, "align", slot_str("left"));
    SET(Label, &l, "text", slot_str("t"));
    assert_int_equal(slot_delattr(CLS(Label), &l, "size"), SLOT_OK);
    assert_int_equal(slot_delattr(CLS(Label), &l, "align"), SLOT_OK);
    assert_int_equal(slot_delattr(CLS(Label), &l, "text"), SLOT_OK);
    assert_int_equal(attr_Label_get_size(&l), 12);
    assert_int_equal(attr_Label_get_align(&l), attr_Align_center);
    assert_false(attr_Label_has_text(&l));
    assert_string_equal(attr_Label_get_text(&l), "");

    SET(Texts, &t, "label", slot_str("x"));
    assert_int_equal(slot_delattr(CLS(Texts), &t, "label"), SLOT_OK);
    assert_string_equal(attr_Texts_get_label(&t), "abc");
    assert_int_equal(ctl.live, 0);
}

/* ---- Arrays ------------------------------------------------------------- */

static void arrays_go_item_by_item(void **state)
{
    attr_Arrays a;
    attr_Label l;
    attr_Point p;
    slot_value v;
    (void)state;
    attr_Arrays_init(&a);
    attr_Label_init(&l);
    attr_Point_init(&p);
    assert_int_equal(slot_getitem(CLS(Arrays), &a, "nums", 0, &v), SLOT_EUNSET);
    assert_int_equal(slot_setitem(CLS(Arrays), &a, "nums", 3, slot_int(-7)), SLOT_OK);
    assert_true(attr_Arrays_has_nums(&a));
    assert_int_equal(attr_Arrays_get_nums(&a, 3), -7);
    assert_true(item(CLS(Arrays), &a, "nums", 3).as.i == -7);
    assert_true(item(CLS(Arrays), &a, "nums", 0).as.i == 0);
    assert_int_equal(item(CLS(Arrays), &a, "nums", 0).kind, SLOT_INT);
    assert_ptr_equal(get_obj(CLS(Arrays), &a, "nums"), &a.nums[0]);
    REJECT_ITEM(Arrays, &a, "nums", 4, slot_int(1), SLOT_ERANGE);
    assert_int_equal(slot_getitem(CLS(Arrays), &a, "nums", 4, &v), SLOT_ERANGE);
    ERROR_IS(Arrays, "nums", SLOT_ERANGE,
             "'Arrays' object attribute 'nums' has items 0..3, each in -32768..32767");
    REJECT_ITEM(Arrays, &a, "nums", 0, slot_int(40000), SLOT_ERANGE);
    REJECT_ITEM(Arrays, &a, "nums", 0, slot_float(1), SLOT_ETYPE);
    /* A whole array is not set by name. */
    REJECT_SAYS(Arrays, &a, "nums", slot_int(1), SLOT_ETYPE,
                "'Arrays' object attribute 'nums' is i16[4]; its items must be i16");
    assert_int_equal(slot_delattr(CLS(Arrays), &a, "nums"), SLOT_OK);
    assert_false(attr_Arrays_has_nums(&a));
    assert_int_equal(attr_Arrays_get_nums(&a, 3), 0);

    assert_int_equal(slot_setitem(CLS(Arrays), &a, "reals", 1, slot_float(0.5)), SLOT_OK);
    assert_true(attr_Arrays_get_reals(&a, 1) == 0.5f);
    REJECT_ITEM(Arrays, &a, "reals", 0, slot_float(1e39), SLOT_ERANGE);
    assert_int_equal(slot_setitem(CLS(Arrays), &a, "codes", 1, slot_str("abc")), SLOT_OK);
    assert_string_equal(attr_Arrays_get_codes(&a, 1), "abc");
    assert_string_equal(item(CLS(Arrays), &a, "codes", 1).as.s, "abc");
    assert_ptr_equal(item(CLS(Arrays), &a, "codes", 1).as.s, a.codes[1]);
    REJECT_ITEM(Arrays, &a, "codes", 0, slot_str("abcd"), SLOT_ETOOLONG);
    ERROR_IS(Arrays, "codes", SLOT_ETOOLONG,
             "'Arrays' object attribute 'codes' holds items of at most 3 bytes");
    ERROR_IS(Arrays, "codes", SLOT_ERANGE, "'Arrays' object attribute 'codes' has items 0..1");
    assert_int_equal(slot_setitem(CLS(Arrays), &a, "aligns", 2, slot_str("right")), SLOT_OK);
    assert_int_equal(attr_Arrays_get_aligns(&a, 2), attr_Align_right);
    REJECT_ITEM(Arrays, &a, "aligns", 0, slot_int(5), SLOT_ERANGE);
    ERROR_IS(Arrays, "aligns", SLOT_ERANGE,
             "'Arrays' object attribute 'aligns' has items 0..2, each a member of Align");
    assert_int_equal(slot_setitem(CLS(Arrays), &a, "flags", 1, slot_bool(true)), SLOT_OK);
    assert_true(attr_Arrays_get_flags(&a, 1));
    assert_int_equal(item(CLS(Arrays), &a, "flags", 1).kind, SLOT_BOOL);
    assert_int_equal(slot_setitem(CLS(Arrays), &a, "refs", 0, slot_obj(&l)), SLOT_OK);
    assert_ptr_equal(attr_Arrays_get_refs(&a, 0), &l);
    assert_ptr_equal(item(CLS(Arrays), &a, "refs", 0).as.obj, &l);
    ERROR_IS(Arrays, "refs", SLOT_ETYPE,
             "'Arrays' object attribute 'refs' is Label*[2]; its items must be Label*");

    /* Objects: each item reads as a pointer and is set by deep copy. */
    assert_int_equal(attr_Point_set_x(&p, 4), SLOT_OK);
    assert_int_equal(slot_setitem(CLS(Arrays), &a, "points", 1, slot_obj(&p)), SLOT_OK);
    assert_true(attr_Point_equal(attr_Arrays_get_points(&a, 1), &p));
    assert_ptr_equal(item(CLS(Arrays), &a, "points", 1).as.obj, &a.points[1]);
    REJECT_ITEM(Arrays, &a, "points", 0, slot_obj(NULL), SLOT_ETYPE);

    /* Not an array, or no such name. */
    REJECT_ITEM(Label, &l, "size", 0, slot_int(1), SLOT_ETYPE);
    assert_int_equal(slot_getitem(CLS(Label), &l, "size", 0, &v), SLOT_ETYPE);
    REJECT_ITEM(Label, &l, "nope", 0, slot_int(1), SLOT_ENOATTR);
    assert_int_equal(slot_getitem(CLS(Label), &l, "nope", 0, &v), SLOT_ENOATTR);
    ERROR_IS(Label, "rgb", SLOT_ERANGE,
             "'Label' object attribute 'rgb' has items 0..2, each in 0..255");
    ERROR_IS(Label, "rgb", SLOT_ETYPE,
             "'Label' object attribute 'rgb' is u8[3]; its items must be u8");
}

static void arrays_of_objects_own_their_copies(void **state)
{
    attr_Board b;
    attr_Note note;
    (void)state;
    attr_Board_init(&b);
    attr_Note_init(&note);
    assert_int_equal(attr_Note_set_text(&note, "n"), SLOT_OK);
    assert_int_equal(slot_setitem(CLS(Board), &b, "notes", 0, slot_obj(&note)), SLOT_OK);
    assert_int_equal(slot_setitem(CLS(Board), &b, "notes", 1, slot_obj(&note)), SLOT_OK);
    assert_int_equal(ctl.live, 3);
    fail_nth(1);
    REJECT_ITEM(Board, &b, "notes", 1, slot_obj(&note), SLOT_ENOMEM);
    fail_nth(0);
    assert_int_equal(slot_delattr(CLS(Board), &b, "notes"), SLOT_OK);
    assert_false(attr_Board_has_notes(&b));
    assert_int_equal(ctl.live, 1);
    assert_true(attr_Point_get_w(&attr_Board_get_notes(&b, 1)->at) == 1.0);
    attr_Note_clear(&note);
}

/* ---- setattrs ----------------------------------------------------------- */

static void setattrs_sets_all_in_order(void **state)
{
    attr_Label l;
    attr_Point p;
    const slot_kv kv[] = {
        {"text", slot_str("hello")},  {"owner", slot_str("me")}, {"size", slot_uint(20)},
        {"align", slot_str("right")}, {"at", slot_obj(&p)},      {"owner", slot_str("you")},
    };
    (void)state;
    attr_Label_init(&l);
    attr_Point_init(&p);
    assert_int_equal(attr_Point_set_x(&p, 1), SLOT_OK);
    assert_int_equal(slot_setattrs(CLS(Label), &l, kv, sizeof kv / sizeof kv[0]), SLOT_OK);
    assert_string_equal(attr_Label_get_text(&l), "hello");
    /* Of two pairs naming one slot, the last wins; the first copy is freed. */
    assert_string_equal(attr_Label_get_owner(&l), "you");
    assert_int_equal(ctl.live, 1);
    assert_int_equal(attr_Label_get_size(&l), 20);
    assert_int_equal(attr_Label_get_align(&l), attr_Align_right);
    assert_true(attr_Point_equal(attr_Label_get_at(&l), &p));
    assert_int_equal(slot_setattrs(CLS(Label), &l, NULL, 0), SLOT_OK);
    attr_Label_clear(&l);
}

/* Values are read as they were before the call, even a text the call
 * frees: a str[N] copies it before the string slot it came from is set. */
static void setattrs_reads_values_before_it_frees_them(void **state)
{
    attr_Texts t;
    attr_Board b;
    attr_Note note;
    slot_kv kv[2];
    (void)state;
    attr_Texts_init(&t);
    attr_Board_init(&b);
    attr_Note_init(&note);
    assert_int_equal(attr_Texts_set_name(&t, "old"), SLOT_OK);
    kv[0].name = "name";
    kv[0].value = slot_str("new");
    kv[1].name = "code";
    kv[1].value = slot_str(attr_Texts_get_name(&t));
    assert_int_equal(slot_setattrs(CLS(Texts), &t, kv, 2), SLOT_OK);
    assert_string_equal(attr_Texts_get_name(&t), "new");
    assert_string_equal(attr_Texts_get_code(&t), "old");

    /* A str[N] text read from the instance is the value it had before the
     * call, whichever pair rewrites it and in whatever order. */
    for (int order = 0; order < 2; order++) {
        assert_int_equal(attr_Texts_set_label(&t, "abc"), SLOT_OK);
        kv[order].name = "label";
        kv[order].value = slot_str("xy");
        kv[1 - order].name = "code";
        kv[1 - order].value = slot_str(attr_Texts_get_label(&t));
        assert_int_equal(slot_setattrs(CLS(Texts), &t, kv, 2), SLOT_OK);
        assert_string_equal(attr_Texts_get_label(&t), "xy");
        assert_string_equal(attr_Texts_get_code(&t), "abc");
    }

    assert_int_equal(attr_Note_set_text(&note, "memo"), SLOT_OK);
    assert_int_equal(attr_Board_set_note(&b, &note), SLOT_OK);
    attr_Note_clear(&note);
    kv[0].name = "note";
    kv[0].value = slot_obj(&note);
    kv[1].name = "title";
    kv[1].value = slot_str(attr_Board_get_note(&b)->text);
    assert_int_equal(slot_setattrs(CLS(Board), &b, kv, 2), SLOT_OK);
    assert_string_equal(attr_Board_get_title(&b), "memo");
    assert_false(attr_Note_has_text(attr_Board_get_note(&b)));
    attr_Texts_clear(&t);
    attr_Board_clear(&b);
}

static void setattrs_checks_every_pair_first(void **state)
{
    attr_Label l, before;
    slot_kv kv[] = {
        {"owner", slot_str("me")},
        {"text", slot_str("t")},
        {"size", slot_uint(20)},
        {"align", slot_str("left")},
    };
    static const struct {
        size_t at;
        slot_kv bad;
        slot_status st;
    } cases[] = {
        {0, {"nope", {SLOT_INT, {.i = 1}}}, SLOT_ENOATTR},
        {3, {"kind", {SLOT_STR, {.s = "k"}}}, SLOT_EREADONLY},
        {1, {"text", {SLOT_INT, {.i = 1}}}, SLOT_ETYPE},
        {2, {"size", {SLOT_UINT, {.u = 999}}}, SLOT_ERANGE},
        {1, {"text", {SLOT_STR, {.s = "0123456789012345678901234567890123"}}}, SLOT_ETOOLONG},
        {3, {"align", {SLOT_STR, {.s = "up"}}}, SLOT_ERANGE},
        {3, {"rgb", {SLOT_UINT, {.u = 1}}}, SLOT_ETYPE},
    };
    size_t i;
    (void)state;
    attr_Label_init(&l);
    assert_int_equal(attr_Label_set_owner(&l, "old"), SLOT_OK);
    memcpy(&before, &l, sizeof l);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        slot_kv saved = kv[cases[i].at];
        kv[cases[i].at] = cases[i].bad;
        assert_int_equal(slot_setattrs(CLS(Label), &l, kv, 4), cases[i].st);
        assert_memory_equal(&before, &l, sizeof l);
        assert_int_equal(ctl.live, 1);
        kv[cases[i].at] = saved;
    }
    attr_Label_clear(&l);
}

static void setattrs_survives_each_allocation_failing(void **state)
{
    attr_Board b;
    attr_Note note;
    const slot_kv kv[] = {
        {"title", slot_str("t1")},
        {"note", slot_obj(&note)},
        {"title", slot_str("t2")},
    };
    (void)state;
    attr_Board_init(&b);
    attr_Note_init(&note);
    assert_int_equal(attr_Note_set_text(&note, "memo"), SLOT_OK);
    assert_int_equal(attr_Board_set_title(&b, "old"), SLOT_OK);
    /* Two string copies, and for the note a block and its text's copy. */
    assert_int_equal(setattrs_fail_each(CLS(Board), &b, sizeof b, kv, 3), 4);
    assert_string_equal(attr_Board_get_title(&b), "t2");
    assert_true(attr_Note_equal(attr_Board_get_note(&b), &note));
    assert_int_equal(ctl.live, 3);
    attr_Note_clear(&note);
    attr_Board_clear(&b);
}

static void setattrs_of_many_pairs_on_a_packed_class(void **state)
{
    attr_Header h, peer;
    const slot_kv kv[] = {
        {"flags", slot_uint(1)},      {"magic", slot_uint(0xfeedu)}, {"len", slot_int(1000)},
        {"big", slot_int(INT64_MIN)}, {"real", slot_float(-2.5)},    {"tag", slot_str("abc")},
        {"align", slot_str("right")}, {"weight", slot_int(-300)},    {"next", slot_obj(&peer)},
        {"flags", slot_uint(2)},
    };
    slot_kv bad[sizeof kv / sizeof kv[0]];
    (void)state;
    attr_Header_init(&h);
    attr_Header_init(&peer);
    memcpy(bad, kv, sizeof kv);
    bad[9].value = slot_uint(256);
    REJECT(Header, &h, "flags", slot_uint(256), SLOT_ERANGE);
    assert_int_equal(slot_setattrs(CLS(Header), &h, bad, 10), SLOT_ERANGE);
    assert_int_equal(ctl.live, 0);
    /* Past eight pairs, the staging takes a block of its own. */
    assert_int_equal(setattrs_fail_each(CLS(Header), &h, sizeof h, kv, 10), 1);
    assert_int_equal(attr_Header_get_flags(&h), 2);
    assert_true(attr_Header_get_magic(&h) == 0xfeedu);
    assert_int_equal(attr_Header_get_len(&h), 1000);
    assert_true(attr_Header_get_big(&h) == INT64_MIN);
    assert_true(attr_Header_get_real(&h) == -2.5);
    assert_string_equal(attr_Header_get_tag(&h), "abc");
    assert_int_equal(attr_Header_get_align(&h), attr_Align_right);
    assert_int_equal(attr_Header_get_weight(&h), attr_Weight_light);
    assert_ptr_equal(attr_Header_get_next(&h), &peer);
    assert_int_equal(ctl.live, 0);
}

/* ---- Packed classes ----------------------------------------------------- */

static void packed_members_read_and_write_misaligned(void **state)
{
    attr_Header h;
    (void)state;
    attr_Header_init(&h);
    SET(Header, &h, "magic", slot_uint(0xdeadbeefu));
    assert_true(attr_Header_get_magic(&h) == 0xdeadbeefu);
    assert_true(get_uint(CLS(Header), &h, "magic") == 0xdeadbeefu);
    SET(Header, &h, "real", slot_float(0.25));
    assert_true(get_float(CLS(Header), &h, "real") == 0.25);
    REJECT_SAYS(Header, &h, "len", slot_uint(1001), SLOT_ERANGE,
                "'Header' object attribute 'len' must be in 0..1000");
    SET(Header, &h, "big", slot_int(7));
    assert_int_equal(slot_delattr(CLS(Header), &h, "big"), SLOT_OK);
    assert_true(attr_Header_get_big(&h) == -5);
    SET(Header, &h, "weight", slot_str("light"));
    assert_int_equal(slot_delattr(CLS(Header), &h, "weight"), SLOT_OK);
    assert_int_equal(attr_Header_get_weight(&h), attr_Weight_bold);
    assert_true(get_int(CLS(Header), &h, "weight") == attr_Weight_bold);
    assert_int_equal(slot_setitem(CLS(Header), &h, "bytes", 2, slot_uint(9)), SLOT_OK);
    assert_int_equal(attr_Header_get_bytes(&h, 2), 9);
    REPR_IS(Header, &h,
            "Header(magic=3735928559, big=-5, real=0.25, weight=Weight.bold, bytes=[0, 0, 9])");
}

/* ---- Inheritance, isinstance, sizeof, vars ------------------------------ */

static void subclasses_reach_inherited_slots(void **state)
{
    attr_Square sq;
    attr_Point p;
    (void)state;
    attr_Square_init(&sq);
    attr_Point_init(&p);
    SET(Square, &sq, "id", slot_uint(4));
    SET(Square, &sq, "name", slot_str("sq"));
    SET(Square, &sq, "side", slot_float(2));
    SET(Square, &sq, "corner", slot_obj(&p));
    REJECT(Square, &sq, "n", slot_uint(2), SLOT_ERANGE);
    assert_int_equal(attr_Square_get_id(&sq), 4);
    assert_string_equal(attr_Square_get_name(&sq), "sq");
    /* The base's table works on a subclass instance: its layout is a prefix. */
    assert_true(get_uint(CLS(Shape), &sq, "id") == 4);
    assert_int_equal(slot_setattr(CLS(Poly), &sq, "n", slot_uint(6)), SLOT_OK);
    assert_int_equal(attr_Square_get_n(&sq), 6);
    assert_int_equal(slot_setattr(CLS(Shape), &sq, "side", slot_float(1)), SLOT_ENOATTR);
    REPR_IS(Square, &sq, "Square(id=4, name='sq', n=6, side=2.0, corner=Point(y=0.0, w=1.0))");
    attr_Square_clear(&sq);
}

static void isinstance_walks_the_bases(void **state)
{
    (void)state;
    assert_true(slot_isinstance(CLS(Square), CLS(Square)));
    assert_true(slot_isinstance(CLS(Square), CLS(Poly)));
    assert_true(slot_isinstance(CLS(Square), CLS(Shape)));
    assert_true(slot_isinstance(CLS(Poly), CLS(Shape)));
    assert_false(slot_isinstance(CLS(Shape), CLS(Poly)));
    assert_false(slot_isinstance(CLS(Square), CLS(Point)));
    assert_false(slot_isinstance(CLS(Square), NULL));
}

static void sizeof_counts_owned_heap_bytes(void **state)
{
    attr_Texts t;
    attr_Board b;
    attr_Note note;
    attr_Square sq;
    (void)state;
    attr_Texts_init(&t);
    attr_Board_init(&b);
    attr_Note_init(&note);
    attr_Square_init(&sq);
    /* Static defaults and str[N] text live in the struct or the class. */
    assert_int_equal(slot_sizeof(CLS(Texts), &t), sizeof t);
    SET(Texts, &t, "code", slot_str("abcd"));
    SET(Texts, &t, "name", slot_str("abc"));
    assert_int_equal(slot_sizeof(CLS(Texts), &t), sizeof t + 4);
    SET(Texts, &t, "greeting", slot_str("hi"));
    assert_int_equal(slot_sizeof(CLS(Texts), &t), sizeof t + 4 + 3);
    /* Embedded objects count what they own, in arrays too. */
    assert_int_equal(slot_sizeof(CLS(Board), &b), sizeof b);
    assert_int_equal(attr_Note_set_text(&note, "12345"), SLOT_OK);
    SET(Board, &b, "title", slot_str("t"));
    SET(Board, &b, "note", slot_obj(&note));
    assert_int_equal(slot_setitem(CLS(Board), &b, "notes", 1, slot_obj(&note)), SLOT_OK);
    assert_int_equal(slot_sizeof(CLS(Board), &b), sizeof b + 2 + 6 + 6);
    assert_int_equal(slot_sizeof(CLS(Note), &note), sizeof note + 6);
    SET(Square, &sq, "name", slot_str("sq"));
    assert_int_equal(slot_sizeof(CLS(Square), &sq), sizeof sq + 3);
    attr_Texts_clear(&t);
    attr_Board_clear(&b);
    attr_Note_clear(&note);
    attr_Square_clear(&sq);
}

/* The names vars() yields for OBJ, joined with spaces. */
static const char *vars_names(const slot_class *cls, const void *obj)
{
    static char names[256];
    slot_iter it;
    const char *name;
    slot_value v, direct;
    names[0] = '\0';
    slot_vars_begin(&it, cls, obj);
    while (slot_vars_next(&it, &name, &v)) {
        direct = get(cls, obj, name);
        assert_int_equal(v.kind, direct.kind);
        /* A pointer fills only part of the union on a 32-bit target. */
        if (v.kind == SLOT_STR)
            assert_ptr_equal(v.as.s, direct.as.s);
        else if (v.kind == SLOT_OBJ)
            assert_ptr_equal(v.as.obj, direct.as.obj);
        else
            assert_memory_equal(&v.as, &direct.as, sizeof v.as);
        if (names[0])
            strcat(names, " ");
        strcat(names, name);
    }
    return names;
}

static void vars_yields_set_slots_in_index_order(void **state)
{
    attr_Label l;
    attr_Square sq;
    attr_Point p;
    (void)state;
    attr_Label_init(&l);
    attr_Square_init(&sq);
    attr_Point_init(&p);
    assert_string_equal(vars_names(CLS(Label), &l), "size align");
    assert_int_equal(slot_setitem(CLS(Label), &l, "rgb", 0, slot_uint(1)), SLOT_OK);
    SET(Label, &l, "at", slot_obj(&p));
    SET(Label, &l, "text", slot_str("x"));
    assert_string_equal(vars_names(CLS(Label), &l), "text size align at rgb");
    SET(Square, &sq, "corner", slot_obj(&p));
    SET(Square, &sq, "id", slot_uint(1));
    assert_string_equal(vars_names(CLS(Square), &sq), "id n corner");
}

/* ---- repr --------------------------------------------------------------- */

/* repr of a Point whose x is X. */
static const char *repr_x(double x)
{
    static char want[128];
    attr_Point p;
    attr_Point_init(&p);
    assert_int_equal(attr_Point_set_x(&p, x), SLOT_OK);
    snprintf(want, sizeof want, "%s", repr(CLS(Point), &p));
    return want;
}

/* repr of a Square whose f32 side is X. */
static const char *repr_side(float x)
{
    static char want[128];
    attr_Square sq;
    attr_Square_init(&sq);
    assert_int_equal(attr_Square_set_side(&sq, x), SLOT_OK);
    snprintf(want, sizeof want, "%s", repr(CLS(Square), &sq));
    return want;
}

#define X_IS(x, want) assert_string_equal(repr_x(x), "Point(x=" want ", y=0.0, w=1.0)")
#define SIDE_IS(x, want) assert_string_equal(repr_side(x), "Square(n=3, side=" want ")")

static void repr_writes_floats_as_python_does(void **state)
{
    (void)state;
    X_IS(1.5, "1.5");
    X_IS(0.1, "0.1");
    /* 0.1 + 0.2 as doubles add, written out: x87's wider sum would round to 0.3. */
    X_IS(0x1.3333333333334p-2, "0.30000000000000004");
    X_IS(100, "100.0");
    X_IS(1234.5, "1234.5");
    X_IS(123456789, "123456789.0");
    X_IS(1e15, "1000000000000000.0");
    X_IS(9999999999999998.0, "9999999999999998.0");
    X_IS(1e16, "1e+16");
    X_IS(1e22, "1e+22");
    X_IS(12345678901234567890.0, "1.2345678901234567e+19");
    X_IS(DBL_MAX, "1.7976931348623157e+308");
    X_IS(0.0001, "0.0001");
    X_IS(0.00012, "0.00012");
    X_IS(1e-5, "1e-05");
    X_IS(1.5e-5, "1.5e-05");
    X_IS(-2.5e-10, "-2.5e-10");
    X_IS(5e-324, "5e-324");
    X_IS(0.0, "0.0");
    X_IS(-0.0, "-0.0");
    X_IS(NAN, "nan");
    X_IS(INFINITY, "inf");
    X_IS(-INFINITY, "-inf");
    /* An f32 gets the fewest digits that read back as that float. */
    SIDE_IS(0.1f, "0.1");
    SIDE_IS(1.0f / 3, "0.33333334");
    SIDE_IS(16777216.0f, "16777216.0");
    SIDE_IS(FLT_MAX, "3.4028235e+38");
    SIDE_IS(1e-45f, "1e-45");
    SIDE_IS(-INFINITY, "-inf");
}

static void repr_writes_every_type(void **state)
{
    attr_Nums n;
    attr_Label l, other;
    attr_Point p;
    char want[256];
    (void)state;
    attr_Nums_init(&n);
    REPR_IS(Nums, &n, "Nums(on=True, u32r=5, f64r=0.5, weight=Weight.normal)");
    SET(Nums, &n, "flag", slot_bool(false));
    SET(Nums, &n, "i64v", slot_int(INT64_MIN));
    SET(Nums, &n, "u64v", slot_uint(UINT64_MAX));
    SET(Nums, &n, "align", slot_int(attr_Align_left));
    SET(Nums, &n, "weight", slot_str("light"));
    REPR_IS(Nums, &n,
            "Nums(flag=False, on=True, i64v=-9223372036854775808, u64v=18446744073709551615, "
            "u32r=5, f64r=0.5, weight=Weight.light, align=Align.left)");
    /* A value no member has shows as its number. */
    n.align = (attr_Align)7;
    REPR_IS(Nums, &n,
            "Nums(flag=False, on=True, i64v=-9223372036854775808, u64v=18446744073709551615, "
            "u32r=5, f64r=0.5, weight=Weight.light, align=7)");

    attr_Label_init(&l);
    attr_Label_init(&other);
    attr_Point_init(&p);
    REPR_IS(Label, &l, "Label(size=12, align=Align.center)");
    SET(Label, &l, "text", slot_str("hi"));
    SET(Label, &l, "owner", slot_str("it's"));
    SET(Label, &l, "at", slot_obj(&p));
    SET(Label, &l, "next", slot_obj(NULL));
    assert_int_equal(slot_setitem(CLS(Label), &l, "rgb", 2, slot_uint(255)), SLOT_OK);
    REPR_IS(Label, &l,
            "Label(text='hi', owner=\"it's\", size=12, align=Align.center, "
            "at=Point(y=0.0, w=1.0), next=None, rgb=[0, 0, 255])");
    SET(Label, &l, "next", slot_obj(&other));
    snprintf(want, sizeof want,
             "Label(text='hi', owner=\"it's\", size=12, align=Align.center, "
             "at=Point(y=0.0, w=1.0), next=<Label object at %p>, rgb=[0, 0, 255])",
             (void *)&other);
    REPR_IS(Label, &l, want);
    attr_Label_clear(&l);
}

static void repr_quotes_and_escapes_strings(void **state)
{
    attr_Texts t;
    (void)state;
    attr_Texts_init(&t);
    REPR_IS(Texts, &t, "Texts(label='abc', greeting='hello')");
    SET(Texts, &t, "name", slot_str("a\\b\n\r\t\x01\x1f\x7f"));
    SET(Texts, &t, "greeting", slot_str("say \"hi\""));
    SET(Texts, &t, "label", slot_str("it's\"x\""));
    SET(Texts, &t, "code", slot_str("\xc3\xa9"));
    REPR_IS(Texts, &t,
            "Texts(code='\xc3\xa9', label='it\\'s\"x\"', name='a\\\\b\\n\\r\\t\\x01\\x1f\\x7f', "
            "greeting='say \"hi\"')");
    attr_Texts_clear(&t);
}

static void repr_nests_arrays_and_objects(void **state)
{
    attr_Arrays a;
    attr_Board b;
    attr_Note note;
    attr_Label l;
    attr_Point p;
    char want[512];
    (void)state;
    attr_Arrays_init(&a);
    attr_Board_init(&b);
    attr_Note_init(&note);
    attr_Label_init(&l);
    attr_Point_init(&p);
    REPR_IS(Arrays, &a, "Arrays()");
    assert_int_equal(attr_Arrays_set_nums(&a, 1, -1), SLOT_OK);
    assert_int_equal(attr_Arrays_set_reals(&a, 0, 0.5f), SLOT_OK);
    assert_int_equal(attr_Arrays_set_codes(&a, 0, "a'b"), SLOT_OK);
    assert_int_equal(attr_Arrays_set_aligns(&a, 2, attr_Align_right), SLOT_OK);
    assert_int_equal(attr_Point_set_x(&p, 3), SLOT_OK);
    assert_int_equal(attr_Arrays_set_points(&a, 0, &p), SLOT_OK);
    assert_int_equal(attr_Arrays_set_refs(&a, 1, &l), SLOT_OK);
    assert_int_equal(attr_Arrays_set_flags(&a, 0, true), SLOT_OK);
    snprintf(want, sizeof want,
             "Arrays(nums=[0, -1, 0, 0], reals=[0.5, 0.0], codes=[\"a'b\", ''], "
             "aligns=[Align.left, Align.left, Align.right], "
             "points=[Point(x=3.0, y=0.0, w=1.0), Point(y=0.0, w=1.0)], "
             "refs=[None, <Label object at %p>], flags=[True, False])",
             (void *)&l);
    REPR_IS(Arrays, &a, want);

    assert_int_equal(attr_Note_set_text(&note, "n"), SLOT_OK);
    assert_int_equal(attr_Board_set_note(&b, &note), SLOT_OK);
    assert_int_equal(attr_Board_set_notes(&b, 1, &note), SLOT_OK);
    REPR_IS(Board, &b, "Board(note=Note(text='n'), notes=[Note(), Note(text='n')])");
    attr_Note_clear(&note);
    attr_Board_clear(&b);
}

static void repr_is_snprintf_like(void **state)
{
    attr_Point p;
    char buf[8];
    const char *full = "Point(y=0.0, w=1.0)";
    int len = (int)strlen(full);
    (void)state;
    attr_Point_init(&p);
    assert_int_equal(slot_repr(CLS(Point), &p, NULL, 0), len);
    memset(buf, 'x', sizeof buf);
    assert_int_equal(slot_repr(CLS(Point), &p, buf, sizeof buf), len);
    assert_string_equal(buf, "Point(y");
    assert_int_equal(slot_repr(CLS(Point), &p, buf, 1), len);
    assert_string_equal(buf, "");
    memset(buf, 'x', sizeof buf);
    assert_int_equal(slot_format_error(buf, 5, CLS(Point), "z", SLOT_ENOATTR),
                     (int)strlen("'Point' object has no attribute 'z'"));
    assert_string_equal(buf, "'Poi");
    assert_int_equal(slot_format_error(NULL, 0, CLS(Point), "z", SLOT_EREADONLY),
                     (int)strlen("'Point' object attribute 'z' is read-only"));
}

/* ---- Error text --------------------------------------------------------- */

static void errors_name_the_type_range_and_limit(void **state)
{
    (void)state;
    ERROR_IS(Point, "x", SLOT_OK, "success");
    ERROR_IS(Point, "z", SLOT_EUNSET, "'Point' object has no attribute 'z'");
    ERROR_IS(Label, "kind", SLOT_EREADONLY, "'Label' object attribute 'kind' is read-only");
    ERROR_IS(Label, "size", SLOT_ETYPE, "'Label' object attribute 'size' must be u16");
    ERROR_IS(Nums, "i8v", SLOT_ETYPE, "'Nums' object attribute 'i8v' must be i8");
    ERROR_IS(Nums, "i16v", SLOT_ETYPE, "'Nums' object attribute 'i16v' must be i16");
    ERROR_IS(Nums, "i64v", SLOT_ETYPE, "'Nums' object attribute 'i64v' must be i64");
    ERROR_IS(Nums, "u16v", SLOT_ETYPE, "'Nums' object attribute 'u16v' must be u16");
    ERROR_IS(Nums, "u32v", SLOT_ETYPE, "'Nums' object attribute 'u32v' must be u32");
    ERROR_IS(Nums, "u64v", SLOT_ETYPE, "'Nums' object attribute 'u64v' must be u64");
    ERROR_IS(Nums, "f32v", SLOT_ETYPE, "'Nums' object attribute 'f32v' must be f32");
    ERROR_IS(Nums, "f64v", SLOT_ETYPE, "'Nums' object attribute 'f64v' must be f64");
    ERROR_IS(Nums, "weight", SLOT_ETYPE, "'Nums' object attribute 'weight' must be Weight");
    ERROR_IS(Nums, "weight", SLOT_ERANGE,
             "'Nums' object attribute 'weight' must be a member of Weight");
    ERROR_IS(Nums, "i16v", SLOT_ERANGE, "'Nums' object attribute 'i16v' must be in -32768..32767");
    ERROR_IS(Nums, "i32v", SLOT_ERANGE,
             "'Nums' object attribute 'i32v' must be in -2147483648..2147483647");
    ERROR_IS(Nums, "i64r", SLOT_ERANGE,
             "'Nums' object attribute 'i64r' must be in -9223372036854775807..9223372036854775806");
    ERROR_IS(Nums, "u16v", SLOT_ERANGE, "'Nums' object attribute 'u16v' must be in 0..65535");
    ERROR_IS(Nums, "u32v", SLOT_ERANGE, "'Nums' object attribute 'u32v' must be in 0..4294967295");
    ERROR_IS(Label, "text", SLOT_ETYPE, "'Label' object attribute 'text' must be str[31]");
    ERROR_IS(Label, "owner", SLOT_ETYPE, "'Label' object attribute 'owner' must be string");
    ERROR_IS(Label, "align", SLOT_ETYPE, "'Label' object attribute 'align' must be Align");
    ERROR_IS(Label, "at", SLOT_ETYPE, "'Label' object attribute 'at' must be Point");
    ERROR_IS(Label, "next", SLOT_ETYPE, "'Label' object attribute 'next' must be Label*");
    ERROR_IS(Label, "owner", SLOT_ENOMEM, "out of memory setting 'Label' object attribute 'owner'");
    ERROR_IS(Arrays, "points", SLOT_ETYPE,
             "'Arrays' object attribute 'points' is Point[2]; its items must be Point");
    ERROR_IS(Arrays, "codes", SLOT_ETYPE,
             "'Arrays' object attribute 'codes' is str[3][2]; its items must be str[3]");
    ERROR_IS(
        Arrays, "reals", SLOT_ERANGE,
        "'Arrays' object attribute 'reals' has items 0..1, each in -3.4028235e+38..3.4028235e+38");
    /* What names no slot, or says nothing about one, gets the status's text. */
    ERROR_IS(Point, "q", SLOT_ETYPE, "'Point' object attribute 'q': wrong type");
    ERROR_IS(Point, "q", SLOT_ENOMEM, "'Point' object attribute 'q': out of memory");
    ERROR_IS(Label, "kind", SLOT_ERANGE, "'Label' object attribute 'kind': value out of range");
    ERROR_IS(Label, "size", SLOT_ETOOLONG, "'Label' object attribute 'size': string too long");
    ERROR_IS(Label, "owner", SLOT_ERANGE, "'Label' object attribute 'owner': value out of range");
    /* The statuses of text I/O, which libslot_io words itself. */
    ERROR_IS(Label, "size", SLOT_ESYNTAX, "'Label' object attribute 'size': syntax error");
    ERROR_IS(Label, "size", SLOT_ELIMIT, "'Label' object attribute 'size': limit exceeded");
    ERROR_IS(Label, "size", SLOT_EIO, "'Label' object attribute 'size': input/output error");
    assert_string_equal(slot_strerror(SLOT_ESYNTAX), "syntax error");
    assert_string_equal(slot_strerror(SLOT_ELIMIT), "limit exceeded");
    assert_string_equal(slot_strerror(SLOT_EIO), "input/output error");
    assert_string_equal(slot_strerror((slot_status)(SLOT_EIO + 1)), "unknown status");
}

/* ---- Entry points for libslot_io --------------------------------------- */

/* slot_i_setattrn reads LEN bytes of the name and nothing after them;
 * slot_i_member_set converts as slot_setattr does, item by item. */
static void length_taking_sets_convert_as_setattr(void **state)
{
    attr_Label l;
    attr_Arrays a;
    const slot_member *nums = &CLS(Arrays)->members[slot_index(CLS(Arrays), "nums", 4)];
    (void)state;
    attr_Label_init(&l);
    attr_Arrays_init(&a);
    assert_int_equal(slot_i_setattrn(CLS(Label), &l, "sizeXYZ", 4, slot_int(40)), SLOT_OK);
    assert_int_equal(attr_Label_get_size(&l), 40);
    assert_int_equal(slot_i_setattrn(CLS(Label), &l, "size", 4, slot_int(600)), SLOT_ERANGE);
    assert_int_equal(slot_i_setattrn(CLS(Label), &l, "kindly", 4, slot_int(1)), SLOT_EREADONLY);
    assert_int_equal(slot_i_setattrn(CLS(Label), &l, "kin", 3, slot_int(1)), SLOT_ENOATTR);
    assert_int_equal(slot_i_setattrn(CLS(Label), &l, "owner", 5, slot_str("me")), SLOT_OK);
    assert_string_equal(attr_Label_get_owner(&l), "me");
    assert_false(attr_Arrays_has_nums(&a));
    assert_int_equal(slot_i_member_set(nums, &a, 2, slot_int(-7)), SLOT_OK);
    assert_true(attr_Arrays_has_nums(&a));
    assert_int_equal(a.nums[2], -7);
    assert_int_equal(slot_i_member_set(nums, &a, 1, slot_int(40000)), SLOT_ERANGE);
    assert_int_equal(slot_i_member_set(nums, &a, 1, slot_float(1.5)), SLOT_ETYPE);
    assert_int_equal(a.nums[1], 0);
    attr_Label_clear(&l);
    attr_Arrays_clear(&a);
}

/* ---- Main --------------------------------------------------------------- */

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(getattr_reads_every_type),
        T(getattr_reads_objects_references_and_arrays),
        T(unset_unknown_and_near_names),
        T(hasattr_follows_getattr),
        T(class_attributes_are_read_only),
        T(integers_set_within_their_type),
        T(integers_obey_the_schema_bounds),
        T(integers_set_float_slots),
        T(floats_follow_the_typed_setters),
        T(floats_set_only_float_slots),
        T(bools_set_only_bool_slots),
        T(enums_take_member_values_and_names),
        T(str_n_holds_n_bytes),
        T(string_slots_own_a_copy),
        T(embedded_objects_are_deep_copies),
        T(references_borrow),
        T(del_restores_defaults_and_unsets_the_rest),
        T(arrays_go_item_by_item),
        T(arrays_of_objects_own_their_copies),
        T(setattrs_sets_all_in_order),
        T(setattrs_reads_values_before_it_frees_them),
        T(setattrs_checks_every_pair_first),
        T(setattrs_survives_each_allocation_failing),
        T(setattrs_of_many_pairs_on_a_packed_class),
        T(packed_members_read_and_write_misaligned),
        T(subclasses_reach_inherited_slots),
        T(isinstance_walks_the_bases),
        T(sizeof_counts_owned_heap_bytes),
        T(vars_yields_set_slots_in_index_order),
        T(repr_writes_floats_as_python_does),
        T(repr_writes_every_type),
        T(repr_quotes_and_escapes_strings),
        T(repr_nests_arrays_and_objects),
        T(repr_is_snprintf_like),
        T(errors_name_the_type_range_and_limit),
        T(length_taking_sets_convert_as_setattr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
