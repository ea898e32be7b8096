/* test_io.c - behaviour of libslot_io on the tests' own schema (io.yaml):
 * every rule of a load, each with the status, the line and column, the
 * path and the message a user sees; all or nothing, under every
 * allocation failing in turn; the limits; slot_load_each; the text of a
 * dump and that it reads back.
 *
 * Every test runs with the counting allocator of tests/behaviour/alloc.c,
 * whose teardown fails when a block it handed out was not freed.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <slot/io.h>

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#include <malloc.h>
#define HEAP_IN_USE ((size_t)mallinfo2().uordblks)
#endif

#include "alloc.h"
#include "io.slot.h"

/* ---- Helpers ----------------------------------------------------------- */

#define CLS(c) (&io_##c##_class)

static char text[4096];
static slot_io_error err;

static const char *repr(const slot_class *cls, const void *obj)
{
    int n = slot_repr(cls, obj, text, sizeof text);
    assert_true(n >= 0 && (size_t)n < sizeof text);
    return text;
}

static slot_status load(const slot_class *cls, void *obj, const char *t, const slot_io_opts *o)
{
    return slot_load_text(cls, obj, t, strlen(t), "t.yaml", o, &err);
}

/* T loads into OBJ, which then reads as WANT. */
#define LOADS(c, obj, t, want)                                                                     \
    do {                                                                                           \
        assert_int_equal(load(CLS(c), (obj), (t), NULL), SLOT_OK);                                 \
        assert_int_equal(err.status, SLOT_OK);                                                     \
        assert_string_equal(err.message, "");                                                      \
        assert_string_equal(repr(CLS(c), (obj)), (want));                                          \
    } while (0)

/* T fails with ST at LINE:COL and PATH, saying MSG after the position,
 * and leaves every byte of OBJ, and what it owns, as it was. */
#define FAILS_WITH(c, obj, t, o, st, ln, col, where, msg)                                          \
    do {                                                                                           \
        io_##c before_;                                                                            \
        char repr_[sizeof text];                                                                   \
        char want_[600];                                                                           \
        memcpy(&before_, (obj), sizeof before_);                                                   \
        strcpy(repr_, repr(CLS(c), (obj)));                                                        \
        assert_int_equal(load(CLS(c), (obj), (t), (o)), (st));                                     \
        assert_int_equal(err.status, (st));                                                        \
        assert_int_equal(err.line, (ln));                                                          \
        assert_int_equal(err.column, (col));                                                       \
        assert_string_equal(err.path, (where));                                                    \
        snprintf(want_, sizeof want_, "t.yaml:%d:%d: %s", (ln), (col), (msg));                     \
        assert_string_equal(err.message, want_);                                                   \
        assert_memory_equal(&before_, (obj), sizeof before_);                                      \
        assert_string_equal(repr(CLS(c), (obj)), repr_);                                           \
    } while (0)

#define FAILS(c, obj, t, st, ln, col, where, msg)                                                  \
    FAILS_WITH(c, obj, t, NULL, st, ln, col, where, msg)

/* ---- Keys and values ------------------------------------------------------ */

static void every_type_loads(void **state)
{
    io_Nums n;
    io_Label l;
    io_Arrays a;
    (void)state;
    io_Nums_init(&n);
    LOADS(Nums, &n,
          "flag: true\non: false\ni8v: -128\ni16v: -32768\ni32v: -2147483648\n"
          "i64v: -9223372036854775808\nu8v: 255\nu16v: 65535\nu32v: 4294967295\n"
          "u64v: 18446744073709551615\nf32v: 0.1\nf64v: 0.1\nf64r: -1\nweight: bold\n",
          "Nums(flag=True, on=False, i8v=-128, i16v=-32768, i32v=-2147483648, "
          "i64v=-9223372036854775808, u8v=255, u16v=65535, u32v=4294967295, "
          "u64v=18446744073709551615, f32v=0.1, f64v=0.1, f64r=-1.0, weight=Weight.bold)");
    assert_true(io_Nums_get_f32v(&n) == 0.1f);
    assert_true(io_Nums_get_u64v(&n) == UINT64_MAX);
    io_Label_init(&l);
    LOADS(Label, &l,
          "text: hello\nowner: me\nsize: 512\nalign: left\nat: {x: 1.5, y: -2}\nnext: null\n"
          "rgb: [1, 2, 255]\n",
          "Label(text='hello', owner='me', size=512, align=Align.left, at=Point(x=1.5, y=-2.0), "
          "rgb=[1, 2, 255])");
    io_Arrays_init(&a);
    LOADS(Arrays, &a,
          "nums: [1, -2, 3, -4]\nreals: [0.5, 3]\ncodes: [ab, \"\"]\naligns: [left, right, 1]\n"
          "points:\n  - x: 1\n  - {x: 2, y: 3}\nrefs: [null, ~]\nflags: [true, false]\n",
          "Arrays(nums=[1, -2, 3, -4], reals=[0.5, 3.0], codes=['ab', ''], "
          "aligns=[Align.left, Align.right, Align.center], "
          "points=[Point(x=1.0, y=0.0), Point(x=2.0, y=3.0)], refs=[None, None], "
          "flags=[True, False])");
    io_Label_clear(&l);
}

static void json_loads_too(void **state)
{
    io_Label l;
    (void)state;
    io_Label_init(&l);
    /* libyaml reads JSON as YAML's flow style: keys may touch their colon,
     * and JSON's escapes are YAML's. */
    LOADS(Label, &l,
          "{\"text\":\"a\\/b\",\"owner\":\"caf\\u00e9\\n\",\"at\":{\"x\":-1.5e3},"
          "\"rgb\":[0,1,2],\"next\":null}",
          "Label(text='a/b', owner='café\\n', size=12, align=Align.center, "
          "at=Point(x=-1500.0, y=0.0), rgb=[0, 1, 2])");
    /* What libyaml does not take from JSON: an escaped surrogate pair. */
    FAILS(Label, &l, "{\"owner\": \"\\ud83d\\ude00\"}", SLOT_ESYNTAX, 1, 14, "",
          "found invalid Unicode character escape code (while parsing a quoted scalar at 1:11)");
    io_Label_clear(&l);
}

static void unknown_keys_are_refused_as_python_refuses_them(void **state)
{
    io_Label l;
    io_Point p;
    (void)state;
    io_Label_init(&l);
    io_Point_init(&p);
    FAILS(Point, &p, "x: 1\nz: 2\n", SLOT_ENOATTR, 2, 1, "z",
          "'Point' object has no attribute 'z'");
    FAILS(Label, &l, "at:\n  x: 1\n  w: 2\n", SLOT_ENOATTR, 3, 3, "at.w",
          "'Point' object has no attribute 'w'");
    /* A class attribute is read-only through an instance without a dict. */
    FAILS(Label, &l, "kind: x\n", SLOT_EREADONLY, 1, 1, "kind",
          "'Label' object attribute 'kind' is read-only");
    /* Near names are not names. */
    FAILS(Label, &l, "Text: x\n", SLOT_ENOATTR, 1, 1, "Text",
          "'Label' object has no attribute 'Text'");
    FAILS(Label, &l, "\"text \": x\n", SLOT_ENOATTR, 1, 1, "text ",
          "'Label' object has no attribute 'text '");
}

static void dict_classes_keep_other_keys(void **state)
{
    io_Node n;
    io_Bag b;
    (void)state;
    io_Node_init(&n);
    LOADS(Node, &n,
          "id: 3\nname: n\nreal: 1.5\nword: \"true\"\nflag: True\nnothing: ~\n"
          "big: 18446744073709551615\nneg: -5\nhex: 0x10\nkind: shadow\n",
          "Node(id=3, name='n', real=1.5, word='true', flag=True, nothing=None, "
          "big=18446744073709551615, neg=-5, hex=16, kind='shadow')");
    /* The dict takes scalars only. */
    FAILS(Node, &n, "id: 1\nlist: [1]\n", SLOT_ESYNTAX, 2, 7, "list",
          "'Node' object attribute 'list' is no slot, and the dict holds scalars, not a sequence");
    FAILS(Node, &n, "huge: 18446744073709551616\n", SLOT_ERANGE, 1, 7, "huge",
          "'Node' object attribute 'huge': value out of range");
    FAILS(Node, &n, "odd: \"a\\0b\"\n", SLOT_ETYPE, 1, 6, "odd",
          "'Node' object attribute 'odd' cannot hold a NUL byte");
    FAILS(Node, &n, "\"a\\0b\": 1\n", SLOT_ETYPE, 1, 1, "a", "a key cannot hold a NUL byte");
    io_Bag_init(&b);
    LOADS(Bag, &b, "z: 1\na: 2\n\"\": empty\n\"with space\": 4\n",
          "Bag(z=1, a=2, **{'': 'empty', 'with space': 4})");
    io_Node_clear(&n);
    io_Bag_clear(&b);
}

static void plain_scalars_follow_the_core_schema(void **state)
{
    io_Nums n;
    io_Node d;
    (void)state;
    io_Nums_init(&n);
    LOADS(Nums, &n, "flag: TRUE\non: False\ni8v: +12\ni16v: 0x7fff\ni32v: 0o17\ni64v: 012\n",
          "Nums(flag=True, on=False, i8v=12, i16v=32767, i32v=15, i64v=12, f64r=0.5, "
          "weight=Weight.normal)");
    LOADS(Nums, &n, "f32v: .5\nf64v: 5.\nf64r: -.5e0\n",
          "Nums(on=True, f32v=0.5, f64v=5.0, f64r=-0.5, weight=Weight.normal)");
    LOADS(Nums, &n, "f32v: -.inf\nf64v: .NaN\n",
          "Nums(on=True, f32v=-inf, f64v=nan, f64r=0.5, weight=Weight.normal)");
    LOADS(Nums, &n, "f64v: +.INF\ni8v: ~\nu8v: Null\nu16v:\n",
          "Nums(on=True, f64v=inf, f64r=0.5, weight=Weight.normal)");
    /* Quoted scalars are strings; so is what the schema does not type. */
    FAILS(Nums, &n, "i8v: \"12\"\n", SLOT_ETYPE, 1, 6, "i8v",
          "'Nums' object attribute 'i8v' must be i8, not a string");
    FAILS(Nums, &n, "flag: 'true'\n", SLOT_ETYPE, 1, 7, "flag",
          "'Nums' object attribute 'flag' must be bool, not a string");
    FAILS(Nums, &n, "flag: yes\n", SLOT_ETYPE, 1, 7, "flag",
          "'Nums' object attribute 'flag' must be bool, not a string");
    FAILS(Nums, &n, "i16v: 0x\n", SLOT_ETYPE, 1, 7, "i16v",
          "'Nums' object attribute 'i16v' must be i16, not a string");
    FAILS(Nums, &n, "i16v: -0x1\n", SLOT_ETYPE, 1, 7, "i16v",
          "'Nums' object attribute 'i16v' must be i16, not a string");
    FAILS(Nums, &n, "f64v: 1_000.5\n", SLOT_ETYPE, 1, 7, "f64v",
          "'Nums' object attribute 'f64v' must be f64, not a string");
    FAILS(Nums, &n, "f64v: !!str 1\n", SLOT_ETYPE, 1, 7, "f64v",
          "'Nums' object attribute 'f64v' must be f64, not a string");
    io_Node_init(&d);
    LOADS(Node, &d, "a: 1e3\nb: \"1e3\"\nc: 0o777\nd: .inf\ne: !!str true\nf: ''\ng:\n",
          "Node(a=1000.0, b='1e3', c=511, d=inf, e='true', f='', g=None)");
    io_Node_clear(&d);
}

static void values_convert_as_setattr_converts(void **state)
{
    io_Nums n;
    io_Label l;
    (void)state;
    io_Nums_init(&n);
    io_Label_init(&l);
    /* An integer sets a float slot; a float never sets an integer one. */
    LOADS(Nums, &n, "f32v: 16777217\nf64v: -3\n",
          "Nums(on=True, f32v=16777216.0, f64v=-3.0, f64r=0.5, weight=Weight.normal)");
    FAILS(Nums, &n, "i32v: 1.0\n", SLOT_ETYPE, 1, 7, "i32v",
          "'Nums' object attribute 'i32v' must be i32, not a float");
    FAILS(Nums, &n, "u8v: true\n", SLOT_ETYPE, 1, 6, "u8v",
          "'Nums' object attribute 'u8v' must be u8, not a bool");
    FAILS(Nums, &n, "flag: 1\n", SLOT_ETYPE, 1, 7, "flag",
          "'Nums' object attribute 'flag' must be bool, not an integer");
    /* Bounds of the type and of the schema. */
    FAILS(Nums, &n, "i8v: -129\n", SLOT_ERANGE, 1, 6, "i8v",
          "'Nums' object attribute 'i8v' must be in -128..127");
    FAILS(Nums, &n, "u32v: -1\n", SLOT_ERANGE, 1, 7, "u32v",
          "'Nums' object attribute 'u32v' must be in 0..4294967295");
    FAILS(Nums, &n, "u64v: 18446744073709551616\n", SLOT_ERANGE, 1, 7, "u64v",
          "'Nums' object attribute 'u64v' must be in 0..18446744073709551615");
    FAILS(Nums, &n, "i64v: -9223372036854775809\n", SLOT_ERANGE, 1, 7, "i64v",
          "'Nums' object attribute 'i64v' must be in -9223372036854775808..9223372036854775807");
    FAILS(Nums, &n, "f64r: 1.5\n", SLOT_ERANGE, 1, 7, "f64r",
          "'Nums' object attribute 'f64r' must be in -1.0..1.0");
    FAILS(Nums, &n, "f64r: .nan\n", SLOT_ERANGE, 1, 7, "f64r",
          "'Nums' object attribute 'f64r' must be in -1.0..1.0");
    FAILS(Nums, &n, "f32v: 3.5e38\n", SLOT_ERANGE, 1, 7, "f32v",
          "'Nums' object attribute 'f32v' must be in -3.4028235e+38..3.4028235e+38");
    FAILS(Label, &l, "size: 0\n", SLOT_ERANGE, 1, 7, "size",
          "'Label' object attribute 'size' must be in 1..512");
    /* Lengths. */
    LOADS(Label, &l, "text: \"1234567\"\n", "Label(text='1234567', size=12, align=Align.center)");
    FAILS(Label, &l, "text: \"12345678\"\n", SLOT_ETOOLONG, 1, 7, "text",
          "'Label' object attribute 'text' holds at most 7 bytes");
    FAILS(Label, &l, "owner: \"a\\0b\"\n", SLOT_ETYPE, 1, 8, "owner",
          "'Label' object attribute 'owner' must be string, not a string with a NUL byte");
    /* Enums take a member's name, or its value as slot_setattr does. */
    LOADS(Nums, &n, "weight: -300\n", "Nums(on=True, f64r=0.5, weight=Weight.light)");
    FAILS(Nums, &n, "weight: heavy\n", SLOT_ERANGE, 1, 9, "weight",
          "'Nums' object attribute 'weight' must be a member of Weight");
    FAILS(Nums, &n, "weight: 1\n", SLOT_ERANGE, 1, 9, "weight",
          "'Nums' object attribute 'weight' must be a member of Weight");
    FAILS(Nums, &n, "weight: 1.5\n", SLOT_ETYPE, 1, 9, "weight",
          "'Nums' object attribute 'weight' must be Weight, not a float");
    io_Label_clear(&l);
}

/* A float32 reads as the float nearest to the decimal, not as the float
 * nearest to the double nearest to it. */
static void f32_slots_read_the_nearest_float(void **state)
{
    io_Nums n;
    (void)state;
    io_Nums_init(&n);
    /* Just below the midpoint of 1 + 2^-23 and 1 + 2^-22, whose nearest
     * double is that midpoint, which would round to 1 + 2^-22. */
    assert_int_equal(load(CLS(Nums), &n, "f32v: 1.0000001788139343261\n", NULL), SLOT_OK);
    assert_true(io_Nums_get_f32v(&n) == 1.00000011920928955078125f);
    assert_int_equal(load(CLS(Nums), &n, "f32v: 3.4028235e38\n", NULL), SLOT_OK);
    assert_true(io_Nums_get_f32v(&n) == 3.4028235e38f);
    assert_int_equal(load(CLS(Nums), &n, "f32v: 1e-46\nf64v: 4.9e-324\n", NULL), SLOT_OK);
    assert_true(io_Nums_get_f32v(&n) == 0.0f);
    assert_true(io_Nums_get_f64v(&n) == 4.9e-324);
    assert_int_equal(load(CLS(Nums), &n, "f64v: 0.30000000000000004\n", NULL), SLOT_OK);
    assert_true(io_Nums_get_f64v(&n) == 0.30000000000000004);
    assert_int_equal(load(CLS(Nums), &n, "f64v: 123456789012345678901234567890e-30\n", NULL),
                     SLOT_OK);
    assert_true(io_Nums_get_f64v(&n) == 0.12345678901234568);
}

/* ---- Structure ---------------------------------------------------------------- */

static void classes_nest_and_arrays_take_n_items(void **state)
{
    io_Station s;
    io_Arrays a;
    (void)state;
    io_Station_init(&s);
    LOADS(Station, &s,
          "name: st\nsensors:\n  - {id: 1}\n  - id: 2\n    at: {x: 0.5}\n  - {id: 3}\n  - {}\n",
          "Station(name='st', sensors=[Sensor(id=1), Sensor(id=2, at=Point(x=0.5, y=0.0)), "
          "Sensor(id=3), Sensor()])");
    FAILS(Station, &s,
          "sensors:\n  - {id: 1}\n  - {id: 2}\n  - {id: 3}\n  - {id: 4, at: {x: 1, z: 2}}\n",
          SLOT_ENOATTR, 5, 24, "sensors[3].at.z", "'Point' object has no attribute 'z'");
    FAILS(Station, &s, "sensors:\n  - {id: 1}\n  - 5\n", SLOT_ESYNTAX, 3, 5, "sensors[1]",
          "'Station' object attribute 'sensors' is Sensor[4]; its items must be Sensor, "
          "not an integer");
    io_Arrays_init(&a);
    FAILS(Arrays, &a, "nums: [1, 2, 3]\n", SLOT_ERANGE, 1, 7, "nums",
          "'Arrays' object attribute 'nums' takes 4 items, not 3");
    FAILS(Arrays, &a, "nums: [1, 2, 3, 4, 5]\n", SLOT_ERANGE, 1, 20, "nums[4]",
          "'Arrays' object attribute 'nums' takes 4 items, not more");
    FAILS(Arrays, &a, "nums: 5\n", SLOT_ESYNTAX, 1, 7, "nums",
          "'Arrays' object attribute 'nums' must be a sequence of 4 items, not an integer");
    FAILS(Arrays, &a, "nums: {a: 1}\n", SLOT_ESYNTAX, 1, 7, "nums",
          "'Arrays' object attribute 'nums' must be a sequence of 4 items, not a mapping");
    FAILS(Arrays, &a, "nums: [1, 2, 40000, 4]\n", SLOT_ERANGE, 1, 14, "nums[2]",
          "'Arrays' object attribute 'nums' has items 0..3, each in -32768..32767");
    FAILS(Arrays, &a, "nums: [1, 2, [3], 4]\n", SLOT_ESYNTAX, 1, 14, "nums[2]",
          "'Arrays' object attribute 'nums' is i16[4]; its items must be i16, not a sequence");
    FAILS(Arrays, &a, "nums: [1, ~, 3, 4]\n", SLOT_ETYPE, 1, 11, "nums[1]",
          "'Arrays' object attribute 'nums' is i16[4]; its items must be i16, not null");
    FAILS(Arrays, &a, "codes: [abcd, x]\n", SLOT_ETOOLONG, 1, 9, "codes[0]",
          "'Arrays' object attribute 'codes' holds items of at most 3 bytes");
    FAILS(Arrays, &a, "points: [{x: 1}, [2]]\n", SLOT_ESYNTAX, 1, 18, "points[1]",
          "'Arrays' object attribute 'points' is Point[2]; its items must be Point, "
          "not a sequence");
    FAILS(Arrays, &a, "refs: [null, 1]\n", SLOT_ETYPE, 1, 14, "refs[1]",
          "'Arrays' object attribute 'refs' is Label*[2]; its items must be Label*, "
          "not an integer: a reference loads only from null");
    io_Station_clear(&s);
}

static void null_leaves_slots_unset_or_at_their_default(void **state)
{
    io_Label l;
    (void)state;
    io_Label_init(&l);
    LOADS(Label, &l, "text: null\nowner: ~\nsize:\nalign: null\nat: null\nnext: ~\nrgb: null\n",
          "Label(size=12, align=Align.center)");
    assert_false(io_Label_has_text(&l));
    assert_false(io_Label_has_at(&l));
    assert_false(io_Label_has_next(&l));
    assert_false(io_Label_has_rgb(&l));
    /* "null" quoted is the string. */
    LOADS(Label, &l, "text: \"null\"\n", "Label(text='null', size=12, align=Align.center)");
    io_Label_clear(&l);
}

static void references_load_only_from_null(void **state)
{
    io_Label l;
    (void)state;
    io_Label_init(&l);
    FAILS(Label, &l, "next: 5\n", SLOT_ETYPE, 1, 7, "next",
          "'Label' object attribute 'next' must be Label*, not an integer: a reference loads only "
          "from null");
    FAILS(Label, &l, "next: {text: a}\n", SLOT_ESYNTAX, 1, 7, "next",
          "'Label' object attribute 'next' must be Label*, not a mapping");
}

static void a_key_given_twice_is_an_error(void **state)
{
    io_Label l;
    io_Node n;
    (void)state;
    io_Label_init(&l);
    io_Node_init(&n);
    FAILS(Label, &l, "size: 1\ntext: a\nsize: 2\n", SLOT_ESYNTAX, 3, 1, "size",
          "key 'size' given twice");
    FAILS(Label, &l, "at: {x: 1, x: 2}\n", SLOT_ESYNTAX, 1, 12, "at.x", "key 'x' given twice");
    FAILS(Label, &l, "text: ~\ntext: a\n", SLOT_ESYNTAX, 2, 1, "text", "key 'text' given twice");
    FAILS(Node, &n, "extra: 1\nid: 2\nextra: 1\n", SLOT_ESYNTAX, 3, 1, "extra",
          "key 'extra' given twice");
}

static void nodes_of_the_wrong_kind(void **state)
{
    io_Label l;
    (void)state;
    io_Label_init(&l);
    FAILS(Label, &l, "- text: a\n", SLOT_ESYNTAX, 1, 1, "",
          "'Label' must be a mapping, not a sequence");
    FAILS(Label, &l, "hello\n", SLOT_ESYNTAX, 1, 1, "", "'Label' must be a mapping, not a string");
    FAILS(Label, &l, "", SLOT_ESYNTAX, 1, 1, "", "'Label' must be a mapping, not nothing");
    FAILS(Label, &l, "---\n...\n", SLOT_ESYNTAX, 2, 1, "", "'Label' must be a mapping, not null");
    FAILS(Label, &l, "at: 5\n", SLOT_ESYNTAX, 1, 5, "at",
          "'Label' object attribute 'at' must be Point, not an integer");
    FAILS(Label, &l, "size: [1]\n", SLOT_ESYNTAX, 1, 7, "size",
          "'Label' object attribute 'size' must be u16, not a sequence");
    FAILS(Label, &l, "? [a]\n: 1\n", SLOT_ESYNTAX, 1, 3, "",
          "a key must be a name, not a sequence");
    FAILS(Label, &l, "text: a\n---\ntext: b\n", SLOT_ESYNTAX, 2, 1, "",
          "a second document (slot_load_each reads many)");
    FAILS(Label, &l, "text: !!int 5\n", SLOT_ESYNTAX, 1, 7, "text",
          "tag tag:yaml.org,2002:int is not supported");
    FAILS(Label, &l, "!point {text: a}\n", SLOT_ESYNTAX, 1, 1, "", "tag !point is not supported");
}

static void malformed_text_is_a_syntax_error(void **state)
{
    io_Label l;
    static const char bad_utf8[] = "text: a\nowner: \xff\n";
    static const char control[] = "text: a\nowner: b\x07\n";
    (void)state;
    io_Label_init(&l);
    FAILS(Label, &l, "text: a\n  size: 3\n", SLOT_ESYNTAX, 2, 7, "",
          "mapping values are not allowed in this context");
    FAILS(Label, &l, "text: \"abc\n", SLOT_ESYNTAX, 2, 1, "text",
          "found unexpected end of stream (while scanning a quoted scalar at 1:7)");
    FAILS(Label, &l, "text: a\n\tsize: 3\n", SLOT_ESYNTAX, 2, 1, "text",
          "found a tab character that violates indentation (while scanning a plain scalar at 1:7)");
    FAILS(Label, &l, "rgb: [1, 2\n", SLOT_ESYNTAX, 2, 1, "rgb[2]",
          "did not find expected ',' or ']' (while parsing a flow sequence at 1:6)");
    FAILS(Label, &l, bad_utf8, SLOT_ESYNTAX, 2, 8, "", "invalid leading UTF-8 octet 0xFF");
    FAILS(Label, &l, control, SLOT_ESYNTAX, 2, 9, "",
          "control characters are not allowed (U+0007)");
    /* A NUL byte in the text, which a length lets through. */
    assert_int_equal(slot_load_text(CLS(Label), &l, "text: a\0", 8, "t.yaml", NULL, &err),
                     SLOT_ESYNTAX);
    assert_string_equal(err.message, "t.yaml:1:8: control characters are not allowed (U+0000)");
    /* An unnamed text, and no ERR. */
    assert_int_equal(slot_load_text(CLS(Label), &l, "z: 1", 4, NULL, NULL, &err), SLOT_ENOATTR);
    assert_string_equal(err.message, "<input>:1:1: 'Label' object has no attribute 'z'");
    assert_int_equal(slot_load_text(CLS(Label), &l, "z: 1", 4, NULL, NULL, NULL), SLOT_ENOATTR);
}

/* ---- All or nothing ---------------------------------------------------------- */

static void a_load_replaces_the_instance_or_leaves_it_alone(void **state)
{
    io_Label l;
    io_Node n;
    (void)state;
    io_Label_init(&l);
    LOADS(Label, &l, "text: a\nowner: first\nsize: 7\nat: {x: 1}\n",
          "Label(text='a', owner='first', size=7, align=Align.center, at=Point(x=1.0, y=0.0))");
    /* A failure late in the text changes nothing. */
    FAILS(Label, &l, "text: b\nowner: second\nsize: 8\nrgb: [1, 2, 3]\nat: {x: 2, q: 1}\n",
          SLOT_ENOATTR, 5, 12, "at.q", "'Point' object has no attribute 'q'");
    /* Keys not given are back at the init state. */
    LOADS(Label, &l, "owner: third\n", "Label(owner='third', size=12, align=Align.center)");
    io_Label_clear(&l);
    /* A dict class: the dict is the text's, and a failure keeps the old. */
    io_Node_init(&n);
    LOADS(Node, &n, "id: 1\na: 1\nb: x\n", "Node(id=1, a=1, b='x')");
    FAILS(Node, &n, "c: 3\nd: [1]\n", SLOT_ESYNTAX, 2, 4, "d",
          "'Node' object attribute 'd' is no slot, and the dict holds scalars, not a sequence");
    LOADS(Node, &n, "c: 3\n", "Node(c=3)");
    io_Node_clear(&n);
}

/* OBJ stays the same object: its own weak references live through a load,
 * as through copy; those to an instance embedded in it end with the value
 * that instance had. */
static void weak_references_follow_copy(void **state)
{
    io_Node n;
    io_Holder h;
    slot_weakref *r, *inner;
    (void)state;
    io_Node_init(&n);
    r = slot_weakref_new(CLS(Node), &n);
    assert_non_null(r);
    LOADS(Node, &n, "id: 4\nx: 1\n", "Node(id=4, x=1)");
    assert_ptr_equal(slot_weakref_get(r), &n);
    FAILS(Node, &n, "id: -1\n", SLOT_ERANGE, 1, 5, "id",
          "'Node' object attribute 'id' must be in 0..4294967295");
    assert_ptr_equal(slot_weakref_get(r), &n);
    io_Holder_init(&h);
    inner = slot_weakref_new(CLS(Node), &h.node);
    LOADS(Holder, &h, "node: {id: 1}\ncount: 2\n", "Holder(node=Node(id=1), count=2)");
    assert_null(slot_weakref_get(inner));
    io_Node_clear(&n);
    assert_null(slot_weakref_get(r));
    slot_weakref_free(r);
    slot_weakref_free(inner);
    io_Holder_clear(&h);
}

/* Fails each allocation of a load in turn: every failure is SLOT_ENOMEM
 * with OBJ's bytes, its text and the live blocks as they were.  Returns
 * how many allocations the success took. */
static long load_fail_each(const slot_class *cls, void *obj, size_t size, const char *t)
{
    unsigned char *before = malloc(size);
    char was[sizeof text];
    long live, k;
    slot_status st;
    assert_non_null(before);
    memcpy(before, obj, size);
    strcpy(was, repr(cls, obj));
    live = ctl.live;
    for (k = 1;; k++) {
        fail_nth(k);
        st = load(cls, obj, t, NULL);
        fail_nth(0);
        if (st == SLOT_OK)
            break;
        assert_int_equal(st, SLOT_ENOMEM);
        assert_int_equal(err.status, SLOT_ENOMEM);
        assert_memory_equal(before, obj, size);
        assert_string_equal(repr(cls, obj), was);
        /* Shapes published for the keys of a dict class live on. */
        assert_int_equal(ctl.live, live);
    }
    free(before);
    return k - 1;
}

static void each_allocation_of_a_load_may_fail(void **state)
{
    io_Label l;
    io_Node n;
    io_Station s;
    char many[2048];
    size_t k, len = 0;
    (void)state;
    io_Label_init(&l);
    assert_int_equal(load(CLS(Label), &l, "owner: old\ntext: t\n", NULL), SLOT_OK);
    assert_true(load_fail_each(CLS(Label), &l, sizeof l,
                               "text: a\nowner: someone\nat: &p {x: 1}\nrgb: [1, 2, 3]\n") >= 2);
    assert_string_equal(repr(CLS(Label), &l),
                        "Label(text='a', owner='someone', size=12, align=Align.center, "
                        "at=Point(x=1.0, y=0.0), rgb=[1, 2, 3])");
    io_Label_clear(&l);
    /* A dict of 40 entries, with anchors and aliases, over an old one. */
    for (k = 0; k < 40; k++) {
        if (k % 3 == 2) /* an alias of the anchor just before */
            len += (size_t)snprintf(many + len, sizeof many - len, "k%zu: *a%zu\n", k, k - 1);
        else
            len += (size_t)snprintf(many + len, sizeof many - len, "k%zu: &a%zu v%zu\n", k, k, k);
    }
    io_Node_init(&n);
    assert_int_equal(load(CLS(Node), &n, "name: was\nold: 1\n", NULL), SLOT_OK);
    assert_true(load_fail_each(CLS(Node), &n, sizeof n, many) > 10);
    io_Node_clear(&n);
    io_Station_init(&s);
    assert_true(load_fail_each(CLS(Station), &s, sizeof s,
                               "name: st\nsensors: [{id: 1}, {id: 2}, {id: 3}, {id: 4}]\n") >= 2);
    io_Station_clear(&s);
}

/* ---- Limits -------------------------------------------------------------------- */

static void limits_stop_a_load(void **state)
{
    io_Label l;
    io_Tree t;
    slot_io_opts o = {SLOT_YAML, 0, 10, 0};
    (void)state;
    io_Label_init(&l);
    /* Bytes: the position is that of the first byte past the limit. */
    FAILS_WITH(Label, &l, "text: a\nowner: bbbbbbbb\n", &o, SLOT_ELIMIT, 2, 3, "",
               "input longer than 10 bytes");
    o.max_bytes = 8;
    assert_int_equal(load(CLS(Label), &l, "text: a\n", &o), SLOT_OK);
    /* Depth: the top mapping is level 1. */
    o.max_bytes = 0;
    o.max_depth = 1;
    assert_int_equal(load(CLS(Label), &l, "text: a\n", &o), SLOT_OK);
    FAILS_WITH(Label, &l, "text: a\nat: {x: 1}\n", &o, SLOT_ELIMIT, 2, 5, "at",
               "nesting deeper than 1");
    /* Nodes: the mapping, each key and each value. */
    o.max_depth = 0;
    o.max_nodes = 5;
    assert_int_equal(load(CLS(Label), &l, "text: a\nsize: 3\n", &o), SLOT_OK);
    FAILS_WITH(Label, &l, "text: a\nat: {x: 1}\n", &o, SLOT_ELIMIT, 2, 6, "at",
               "more than 5 nodes, aliases expanded");
    io_Label_clear(&l);
    /* 4 x 4 x 4 leaves through aliases: 1 + 2 + 4 * (3 + 4 * (3 + 4 * 4)) nodes. */
    io_Tree_init(&t);
    o.max_nodes = 100;
    FAILS_WITH(Tree, &t,
               "b:\n- &B\n  t:\n  - &T\n    l: [{v: 1}, {v: 2}, {v: 3}, {v: 4}]\n  - *T\n"
               "  - *T\n  - *T\n- *B\n- *B\n- *B\n",
               &o, SLOT_ELIMIT, 9, 3, "b[1]", "more than 100 nodes, aliases expanded");
    o.max_nodes = 0;
    assert_int_equal(load(CLS(Tree), &t,
                          "b:\n- &B\n  t:\n  - &T\n    l: [{v: 1}, {v: 2}, {v: 3}, {v: 4}]\n"
                          "  - *T\n  - *T\n  - *T\n- *B\n- *B\n- *B\n",
                          &o),
                     SLOT_OK);
    assert_int_equal(t.b[3].t[3].l[3].v, 4);
    assert_int_equal(t.b[2].t[1].l[0].v, 1);
}

/* The classic text: nine levels of nine aliases each, a billion strings.
 * It fails at the first node the class cannot take, or, recorded whole
 * under one anchor, at the alias that passes max_nodes; either way in
 * the memory of its own text. */
static void a_billion_laughs_fails_fast(void **state)
{
    static const char levels[] = "abcdefghi";
    char lol[2048], top[2048], item[8];
    size_t len = 0, tl = 0;
    io_Bag b;
    int i, k;
    (void)state;
    tl += (size_t)snprintf(top + tl, sizeof top - tl, "x: &top [");
    for (i = 0; i < 9; i++) {
        len += (size_t)snprintf(lol + len, sizeof lol - len, "%c: &%c [", levels[i], levels[i]);
        tl += (size_t)snprintf(top + tl, sizeof top - tl, "%s&%c [", i ? ", " : "", levels[i]);
        if (i)
            snprintf(item, sizeof item, "*%c", levels[i - 1]);
        else
            strcpy(item, "lol");
        for (k = 0; k < 9; k++) {
            len += (size_t)snprintf(lol + len, sizeof lol - len, "%s%s", k ? ", " : "", item);
            tl += (size_t)snprintf(top + tl, sizeof top - tl, "%s%s", k ? ", " : "", item);
        }
        len += (size_t)snprintf(lol + len, sizeof lol - len, "]\n");
        tl += (size_t)snprintf(top + tl, sizeof top - tl, "]");
    }
    tl += (size_t)snprintf(top + tl, sizeof top - tl, "]\n");
    io_Bag_init(&b);
    FAILS(Bag, &b, lol, SLOT_ESYNTAX, 1, 4, "a",
          "'Bag' object attribute 'a' is no slot, and the dict holds scalars, not a sequence");
    FAILS(Bag, &b, top, SLOT_ELIMIT, 1, 269, "x", "more than 1000000 nodes, aliases expanded");
    /* No block of the loader's outlived it (teardown checks the rest). */
    assert_int_equal(ctl.live, 0);
}

static void aliases_replay_what_they_name(void **state)
{
    io_Label l;
    io_Node n;
    (void)state;
    io_Label_init(&l);
    LOADS(Label, &l, "owner: &w who\ntext: *w\nrgb: &c [1, 2, 3]\nat: {x: 1}\n",
          "Label(text='who', owner='who', size=12, align=Align.center, at=Point(x=1.0, y=0.0), "
          "rgb=[1, 2, 3])");
    FAILS(Label, &l, "at: *p\n", SLOT_ESYNTAX, 1, 5, "at", "alias *p names no anchor");
    /* An alias names the anchor before it, even once a later one reuses
     * the name; an alias can be a key. */
    io_Node_init(&n);
    LOADS(Node, &n, "a: &v 1\nb: *v\nc: &v 2\nd: *v\n&k e: 5\nf: *k\n",
          "Node(a=1, b=1, c=2, d=2, e=5, f='e')");
    io_Label_clear(&l);
    io_Node_clear(&n);
}

/* ---- Files ----------------------------------------------------------------------- */

static void files_load_and_report_failed_reads(void **state)
{
    io_Label l;
    FILE *f = tmpfile();
    slot_io_opts o = {SLOT_YAML, 0, 10, 0};
    (void)state;
    io_Label_init(&l);
    assert_non_null(f);
    fputs("text: a\nowner: bbbbbbbb\n", f);
    rewind(f);
    assert_int_equal(slot_load_file(CLS(Label), &l, f, "f.yaml", NULL, &err), SLOT_OK);
    assert_string_equal(repr(CLS(Label), &l), "Label(text='a', owner='bbbbbbbb', size=12, "
                                              "align=Align.center)");
    rewind(f);
    assert_int_equal(slot_load_file(CLS(Label), &l, f, "f.yaml", &o, &err), SLOT_ELIMIT);
    assert_string_equal(err.message, "f.yaml:2:3: input longer than 10 bytes");
    fclose(f);
    /* A stream that cannot be read: a directory. */
    f = fopen("/", "r");
    assert_non_null(f);
    assert_int_equal(slot_load_file(CLS(Label), &l, f, "dir", NULL, &err), SLOT_EIO);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 1);
    assert_string_equal(err.message, "dir:1:1: cannot read: Is a directory");
    fclose(f);
    io_Label_clear(&l);
}

/* ---- Many instances --------------------------------------------------------------- */

typedef struct seen {
    char text[2048];
    size_t len, count;
    size_t stop_at; /* 0: never */
} seen;

static slot_status keep(void *obj, size_t index, void *ctx)
{
    seen *s = (seen *)ctx;
    int n = slot_repr(CLS(Sensor), obj, s->text + s->len, sizeof s->text - s->len);
    assert_true(n > 0);
    s->len += (size_t)n;
    s->len += (size_t)snprintf(s->text + s->len, sizeof s->text - s->len, "@%zu;", index);
    s->count++;
    return s->stop_at && s->count == s->stop_at ? SLOT_ERANGE : SLOT_OK;
}

static slot_status each_text(const char *t, seen *s, const slot_io_opts *o)
{
    FILE *f = tmpfile();
    slot_status st;
    assert_non_null(f);
    fputs(t, f);
    rewind(f);
    memset(s->text, 0, sizeof s->text);
    s->len = s->count = 0;
    st = slot_load_each(CLS(Sensor), f, "e.yaml", keep, s, o, &err);
    fclose(f);
    return st;
}

static void load_each_reads_sequences_and_streams(void **state)
{
    seen s = {{0}, 0, 0, 0};
    (void)state;
    assert_int_equal(each_text("- {id: 1}\n- {id: 2, at: {x: 1}}\n- {}\n", &s, NULL), SLOT_OK);
    assert_string_equal(s.text,
                        "Sensor(id=1)@0;Sensor(id=2, at=Point(x=1.0, y=0.0))@1;Sensor()@2;");
    /* Documents, each a mapping or a sequence of them; empty ones count
     * for nothing. */
    assert_int_equal(
        each_text("id: 1\n---\n- {id: 2}\n- {id: 3}\n---\n---\nid: 4\n...\n", &s, NULL), SLOT_OK);
    assert_string_equal(s.text, "Sensor(id=1)@0;Sensor(id=2)@1;Sensor(id=3)@2;Sensor(id=4)@3;");
    assert_int_equal(each_text("", &s, NULL), SLOT_OK);
    assert_int_equal(s.count, 0);
    /* JSON: one array. */
    assert_int_equal(each_text("[{\"id\": 7}, {\"id\": 8}]", &s, NULL), SLOT_OK);
    assert_string_equal(s.text, "Sensor(id=7)@0;Sensor(id=8)@1;");
}

static void load_each_stops_at_an_error_or_when_told(void **state)
{
    seen s = {{0}, 0, 0, 0};
    slot_io_opts o = {SLOT_YAML, 0, 0, 3};
    (void)state;
    assert_int_equal(
        each_text("- {id: 1}\n- {id: 2}\n- {id: 3, at: {z: 1}}\n- {id: 4}\n", &s, NULL),
        SLOT_ENOATTR);
    assert_string_equal(s.text, "Sensor(id=1)@0;Sensor(id=2)@1;");
    assert_string_equal(err.path, "[2].at.z");
    assert_string_equal(err.message, "e.yaml:3:16: 'Point' object has no attribute 'z'");
    assert_int_equal(each_text("id: 1\n---\n5\n", &s, NULL), SLOT_ESYNTAX);
    assert_string_equal(err.message, "e.yaml:3:1: a document must be a mapping or a sequence of "
                                     "mappings, not an integer");
    assert_int_equal(each_text("- {id: 1}\n- [2]\n", &s, NULL), SLOT_ESYNTAX);
    assert_string_equal(err.message, "e.yaml:2:3: 'Sensor' must be a mapping, not a sequence");
    assert_int_equal(each_text("&all\n- {id: 1}\n", &s, NULL), SLOT_ESYNTAX);
    assert_string_equal(err.message,
                        "e.yaml:1:1: an anchor on the top sequence would keep every instance");
    /* Limits hold per instance. */
    assert_int_equal(each_text("- {id: 1}\n- {id: 2}\n- {id: 3}\n", &s, &o), SLOT_OK);
    assert_int_equal(s.count, 3);
    assert_int_equal(each_text("- {id: 1}\n- {id: 2, at: {}}\n", &s, &o), SLOT_ELIMIT);
    assert_string_equal(err.message, "e.yaml:2:11: more than 3 nodes, aliases expanded");
    /* FN's status stops the load. */
    s.stop_at = 2;
    assert_int_equal(each_text("- {id: 1}\n- {id: 2}\n- {id: 3}\n", &s, NULL), SLOT_ERANGE);
    assert_int_equal(s.count, 2);
    assert_string_equal(err.path, "[1]");
    assert_string_equal(err.message, "e.yaml:2:3: instance 1: stopped: value out of range");
}

/* What is held while FN runs, at its most: blocks from slot_malloc, and
 * bytes of the C heap where the C library can tell (glibc). */
typedef struct held {
    long blocks;
    size_t heap;
    size_t count;
} held;

static slot_status note_held(void *obj, size_t index, void *ctx)
{
    held *h = (held *)ctx;
    const io_Node *n = (const io_Node *)obj;
    assert_int_equal(n->id, index);
    if (ctl.live > h->blocks)
        h->blocks = ctl.live;
#ifdef HEAP_IN_USE
    if (HEAP_IN_USE > h->heap)
        h->heap = HEAP_IN_USE;
#endif
    h->count++;
    return SLOT_OK;
}

/* N Node instances, each with a string and a dict entry, as one top
 * sequence or as a stream of N documents, through slot_load_each. */
static held each_held(int stream, size_t n)
{
    held h = {0, 0, 0};
    FILE *f = tmpfile();
    size_t k;
    assert_non_null(f);
    for (k = 0; k < n; k++) {
        if (stream)
            fprintf(f, "---\nid: %zu\nname: node %06zu\nnote: v%06zu\n", k, k, k);
        else
            fprintf(f, "- {id: %zu, name: node %06zu, note: v%06zu}\n", k, k, k);
    }
    rewind(f);
    assert_int_equal(slot_load_each(CLS(Node), f, "many.yaml", note_held, &h, NULL, &err), SLOT_OK);
    fclose(f);
    assert_int_equal(h.count, n);
    return h;
}

static void load_each_holds_one_instance_at_a_time(void **state)
{
    int stream;
    (void)state;
    for (stream = 0; stream < 2; stream++) {
        held few = each_held(stream, 100), many = each_held(stream, 20000);
        /* 20,000 instances hold what 100 do: one instance, its string and
         * its dict, and the parser's buffers (1 KiB of slack for the C
         * heap's own bookkeeping; one byte kept per instance would be 20). */
        assert_int_equal(many.blocks, few.blocks);
        assert_true(many.heap <= few.heap + 1024);
    }
}

/* Every allocation of a slot_load_each failing in turn: SLOT_ENOMEM, the
 * instances before it given to FN, and nothing leaked (teardown counts). */
static void each_allocation_of_load_each_may_fail(void **state)
{
    /* The anchor's record, its index and the replay allocate. */
    const char *t = "- {id: 1, at: &p {x: 1}}\n- {id: 2, at: *p}\n- {id: 3}\n";
    seen s = {{0}, 0, 0, 0};
    slot_status st;
    long k, live = ctl.live;
    (void)state;
    for (k = 1;; k++) {
        fail_nth(k);
        st = each_text(t, &s, NULL);
        fail_nth(0);
        if (st == SLOT_OK)
            break;
        assert_int_equal(st, SLOT_ENOMEM);
        assert_int_equal(err.status, SLOT_ENOMEM);
        assert_true(s.count < 3);
        assert_int_equal(ctl.live, live);
    }
    assert_true(k > 2);
    assert_int_equal(s.count, 3);
}

/* ---- Dump --------------------------------------------------------------------------- */

static const char *dump(const slot_class *cls, const void *obj, slot_format f)
{
    slot_io_opts o = {f, 0, 0, 0};
    int n = slot_dump_text(cls, obj, text, sizeof text, &o);
    assert_true(n >= 0 && (size_t)n < sizeof text);
    assert_int_equal(n, strlen(text));
    return text;
}

/* OBJ dumps as WANT_YAML and WANT_JSON, and each reads back equal. */
#define DUMPS(c, obj, want_yaml, want_json)                                                        \
    do {                                                                                           \
        io_##c back_;                                                                              \
        char yaml_[sizeof text];                                                                   \
        assert_string_equal(dump(CLS(c), (obj), SLOT_YAML), (want_yaml));                          \
        strcpy(yaml_, text);                                                                       \
        io_##c##_init(&back_);                                                                     \
        assert_int_equal(load(CLS(c), &back_, yaml_, NULL), SLOT_OK);                              \
        assert_true(io_##c##_equal(&back_, (obj)));                                                \
        assert_string_equal(dump(CLS(c), (obj), SLOT_JSON), (want_json));                          \
        io_##c##_clear(&back_);                                                                    \
        assert_int_equal(load(CLS(c), &back_, text, NULL), SLOT_OK);                               \
        assert_true(io_##c##_equal(&back_, (obj)));                                                \
        io_##c##_clear(&back_);                                                                    \
    } while (0)

static void dump_writes_set_slots_then_the_dict(void **state)
{
    io_Label l;
    io_Station s;
    io_Node n;
    io_Point p;
    (void)state;
    io_Label_init(&l);
    DUMPS(Label, &l, "size: 12\nalign: center\n", "{\"size\": 12, \"align\": \"center\"}\n");
    assert_int_equal(load(CLS(Label), &l,
                          "text: hi\nowner: me\nsize: 40\nat: {x: 1.5}\nnext: ~\nrgb: [1, 2, 3]\n",
                          NULL),
                     SLOT_OK);
    DUMPS(Label, &l,
          "text: hi\nowner: me\nsize: 40\nalign: center\nat:\n  x: 1.5\n  y: 0.0\n"
          "rgb:\n  - 1\n  - 2\n  - 3\n",
          "{\"text\": \"hi\", \"owner\": \"me\", \"size\": 40, \"align\": \"center\", "
          "\"at\": {\"x\": 1.5, \"y\": 0.0}, \"rgb\": [1, 2, 3]}\n");
    /* A reference dumps as null. */
    assert_int_equal(io_Label_set_next(&l, &l), SLOT_OK);
    assert_string_equal(
        dump(CLS(Label), &l, SLOT_JSON),
        "{\"text\": \"hi\", \"owner\": \"me\", \"size\": 40, \"align\": \"center\", "
        "\"at\": {\"x\": 1.5, \"y\": 0.0}, \"next\": null, \"rgb\": [1, 2, 3]}\n");
    io_Label_clear(&l);
    io_Station_init(&s);
    assert_int_equal(
        load(CLS(Station), &s, "sensors: [{id: 1, at: {x: -0.0}}, {}, {id: 3}, {id: 4}]\n", NULL),
        SLOT_OK);
    DUMPS(Station, &s,
          "sensors:\n  - id: 1\n    at:\n      x: -0.0\n      y: 0.0\n  - {}\n  - id: 3\n"
          "  - id: 4\n",
          "{\"sensors\": [{\"id\": 1, \"at\": {\"x\": -0.0, \"y\": 0.0}}, {}, {\"id\": 3}, "
          "{\"id\": 4}]}\n");
    io_Station_clear(&s);
    io_Node_init(&n);
    assert_int_equal(load(CLS(Node), &n,
                          "z: 1\nid: 2\n\"a key\": \"1e3\"\nbig: 18446744073709551615\nf: 1e-05\n"
                          "t: true\nnone: ~\n",
                          NULL),
                     SLOT_OK);
    DUMPS(Node, &n,
          "id: 2\nz: 1\na key: \"1e3\"\nbig: 18446744073709551615\nf: 1e-05\nt: true\n"
          "none: null\n",
          "{\"id\": 2, \"z\": 1, \"a key\": \"1e3\", \"big\": 18446744073709551615, "
          "\"f\": 1e-05, \"t\": true, \"none\": null}\n");
    io_Node_clear(&n);
    io_Point_init(&p);
    DUMPS(Point, &p, "y: 0.0\n", "{\"y\": 0.0}\n");
}

static void dump_quotes_what_would_read_back_otherwise(void **state)
{
    static const struct {
        const char *s, *yaml, *json;
    } cases[] = {
        {"plain", "plain", "\"plain\""},
        {"two words", "two words", "\"two words\""},
        {"", "\"\"", "\"\""},
        {"true", "\"true\"", "\"true\""},
        {"No", "\"No\"", "\"No\""},
        {"null", "\"null\"", "\"null\""},
        {"~", "\"~\"", "\"~\""},
        {"12", "\"12\"", "\"12\""},
        {"1e3", "\"1e3\"", "\"1e3\""},
        {".inf", "\".inf\"", "\".inf\""},
        {" lead", "\" lead\"", "\" lead\""},
        {"trail ", "\"trail \"", "\"trail \""},
        {"a: b", "\"a: b\"", "\"a: b\""},
        {"a #b", "\"a #b\"", "\"a #b\""},
        {"-x", "\"-x\"", "\"-x\""},
        {"[x]", "\"[x]\"", "\"[x]\""},
        {"q\"b\\", "\"q\\\"b\\\\\"", "\"q\\\"b\\\\\""},
        {"tab\there\nnl", "\"tab\\there\\nnl\"", "\"tab\\there\\nnl\""},
        {"\x01\x7f", "\"\\x01\\x7F\"", "\"\\u0001\\u007F\""},
        {"caf\xc3\xa9", "\"caf\xc3\xa9\"", "\"caf\xc3\xa9\""},
        {"\xc2\x85\xe2\x80\xa8\xef\xbb\xbf", "\"\\x85\\u2028\\uFEFF\"",
         "\"\\u0085\\u2028\\uFEFF\""},
        {"\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"", "\"\xf0\x9f\x98\x80\""},
    };
    io_Label l, back;
    char want[256];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        io_Label_init(&l);
        assert_int_equal(io_Label_set_owner(&l, cases[i].s), SLOT_OK);
        snprintf(want, sizeof want, "owner: %s\nsize: 12\nalign: center\n", cases[i].yaml);
        assert_string_equal(dump(CLS(Label), &l, SLOT_YAML), want);
        io_Label_init(&back);
        assert_int_equal(load(CLS(Label), &back, text, NULL), SLOT_OK);
        assert_string_equal(io_Label_get_owner(&back), cases[i].s);
        io_Label_clear(&back);
        snprintf(want, sizeof want, "{\"owner\": %s, \"size\": 12, \"align\": \"center\"}\n",
                 cases[i].json);
        assert_string_equal(dump(CLS(Label), &l, SLOT_JSON), want);
        assert_int_equal(load(CLS(Label), &back, text, NULL), SLOT_OK);
        assert_string_equal(io_Label_get_owner(&back), cases[i].s);
        io_Label_clear(&back);
        io_Label_clear(&l);
    }
}

static void dump_fails_rather_than_write_lossy_text(void **state)
{
    io_Label l;
    io_Nums n;
    io_Bag b;
    slot_io_opts json = {SLOT_JSON, 0, 0, 0};
    char small[8];
    (void)state;
    io_Label_init(&l);
    assert_int_equal(io_Label_set_owner(&l, "a\xff"), SLOT_OK);
    assert_int_equal(slot_dump_text(CLS(Label), &l, text, sizeof text, NULL), -(int)SLOT_ETYPE);
    assert_int_equal(slot_dump_text(CLS(Label), &l, text, sizeof text, &json), -(int)SLOT_ETYPE);
    assert_int_equal(io_Label_set_owner(&l, "\xc0\x80"), SLOT_OK); /* an overlong NUL */
    assert_int_equal(slot_dump_text(CLS(Label), &l, text, sizeof text, NULL), -(int)SLOT_ETYPE);
    assert_int_equal(io_Label_set_owner(&l, "\xed\xa0\x80"), SLOT_OK); /* a surrogate */
    assert_int_equal(slot_dump_text(CLS(Label), &l, text, sizeof text, NULL), -(int)SLOT_ETYPE);
    io_Label_clear(&l);
    io_Nums_init(&n);
    assert_int_equal(io_Nums_set_f64v(&n, -HUGE_VAL), SLOT_OK);
    assert_int_equal(io_Nums_set_f32v(&n, NAN), SLOT_OK);
    assert_string_equal(dump(CLS(Nums), &n, SLOT_YAML),
                        "on: true\nf32v: .nan\nf64v: -.inf\nf64r: 0.5\nweight: normal\n");
    assert_int_equal(slot_dump_text(CLS(Nums), &n, text, sizeof text, &json), -(int)SLOT_ERANGE);
    /* An object in a dict is a pointer, which no text carries. */
    io_Bag_init(&b);
    assert_int_equal(slot_setattr(CLS(Bag), &b, "p", slot_obj(&n)), SLOT_OK);
    assert_int_equal(slot_dump_text(CLS(Bag), &b, text, sizeof text, NULL), -(int)SLOT_ETYPE);
    io_Bag_clear(&b);
    assert_string_equal(dump(CLS(Bag), &b, SLOT_YAML), "{}\n");
    assert_string_equal(dump(CLS(Bag), &b, SLOT_JSON), "{}\n");
    /* snprintf-like: the whole length, as much as fits, and a NUL. */
    assert_int_equal(slot_dump_text(CLS(Nums), &n, small, sizeof small, NULL), 57);
    assert_string_equal(small, "on: tru");
    assert_int_equal(slot_dump_text(CLS(Nums), &n, NULL, 0, NULL), 57);
}

/* A key longer than 1024 characters is no implicit key to a YAML reader:
 * YAML writes it explicitly, JSON cannot carry it. */
static void long_dict_keys_dump_as_explicit_keys(void **state)
{
    slot_io_opts json = {SLOT_JSON, 0, 0, 0};
    char key[1101];
    io_Bag b, back;
    int n;
    (void)state;
    /* 1,022 bytes, 1,024 with JSON's quotes: the longest JSON key. */
    memset(key, 'k', 1022);
    key[1022] = '\0';
    io_Bag_init(&b);
    io_Bag_init(&back);
    assert_int_equal(slot_setattr(CLS(Bag), &b, key, slot_int(1)), SLOT_OK);
    n = slot_dump_text(CLS(Bag), &b, text, sizeof text, NULL);
    assert_int_equal(n, 1022 + 4); /* "kkk...: 1\n", implicit */
    assert_int_equal(load(CLS(Bag), &back, text, NULL), SLOT_OK);
    assert_true(io_Bag_equal(&b, &back));
    n = slot_dump_text(CLS(Bag), &b, text, sizeof text, &json);
    assert_int_equal(n, 1022 + 8);
    assert_int_equal(load(CLS(Bag), &back, text, NULL), SLOT_OK);
    assert_true(io_Bag_equal(&b, &back));
    io_Bag_clear(&back);
    io_Bag_clear(&b);
    memset(key, 'k', 1100);
    key[1100] = '\0';
    memcpy(key, "a\xe2\x80\xa9", 4); /* U+2029, written as 6 bytes */
    assert_int_equal(slot_setattr(CLS(Bag), &b, key, slot_int(1)), SLOT_OK);
    n = slot_dump_text(CLS(Bag), &b, text, sizeof text, NULL);
    assert_true(n > 1100 && (size_t)n < sizeof text);
    assert_memory_equal(text, "? \"a\\u2029kkk", 13);
    assert_string_equal(text + n - 5, "\n: 1\n");
    assert_int_equal(load(CLS(Bag), &back, text, NULL), SLOT_OK);
    assert_true(io_Bag_equal(&b, &back));
    assert_int_equal(slot_dump_text(CLS(Bag), &b, text, sizeof text, &json), -(int)SLOT_ERANGE);
    io_Bag_clear(&back);
    io_Bag_clear(&b);
}

static void dump_file_writes_all_or_nothing(void **state)
{
    io_Station s, back;
    FILE *f = tmpfile(), *ro;
    char name[] = "/tmp/slot_io_test_XXXXXX", big[5000];
    long size;
    int fd;
    (void)state;
    io_Station_init(&s);
    /* Longer than the dump's stack buffer. */
    memset(big, 'n', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(io_Station_set_name(&s, big), SLOT_OK);
    assert_int_equal(slot_dump_file(CLS(Station), &s, f, NULL), SLOT_OK);
    size = ftell(f);
    assert_int_equal(size, 5006);
    rewind(f);
    io_Station_init(&back);
    assert_int_equal(slot_load_file(CLS(Station), &back, f, "f", NULL, &err), SLOT_OK);
    assert_true(io_Station_equal(&s, &back));
    io_Station_clear(&back);
    fclose(f);
    /* A value JSON cannot carry writes nothing. */
    f = tmpfile();
    {
        slot_io_opts json = {SLOT_JSON, 0, 0, 0};
        io_Nums n;
        io_Nums_init(&n);
        assert_int_equal(io_Nums_set_f64v(&n, NAN), SLOT_OK);
        assert_int_equal(slot_dump_file(CLS(Nums), &n, f, &json), SLOT_ERANGE);
        assert_int_equal(ftell(f), 0);
    }
    fclose(f);
    /* A stream that cannot be written. */
    fd = mkstemp(name);
    assert_true(fd >= 0);
    ro = fdopen(fd, "r");
    assert_int_equal(slot_dump_file(CLS(Station), &s, ro, NULL), SLOT_EIO);
    fclose(ro);
    remove(name);
    io_Station_clear(&s);
}

/* ---- Main -------------------------------------------------------------------------- */

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(every_type_loads),
        T(json_loads_too),
        T(unknown_keys_are_refused_as_python_refuses_them),
        T(dict_classes_keep_other_keys),
        T(plain_scalars_follow_the_core_schema),
        T(values_convert_as_setattr_converts),
        T(f32_slots_read_the_nearest_float),
        T(classes_nest_and_arrays_take_n_items),
        T(null_leaves_slots_unset_or_at_their_default),
        T(references_load_only_from_null),
        T(a_key_given_twice_is_an_error),
        T(nodes_of_the_wrong_kind),
        T(malformed_text_is_a_syntax_error),
        T(a_load_replaces_the_instance_or_leaves_it_alone),
        T(weak_references_follow_copy),
        T(each_allocation_of_a_load_may_fail),
        T(limits_stop_a_load),
        T(a_billion_laughs_fails_fast),
        T(aliases_replay_what_they_name),
        T(files_load_and_report_failed_reads),
        T(load_each_reads_sequences_and_streams),
        T(load_each_stops_at_an_error_or_when_told),
        T(load_each_holds_one_instance_at_a_time),
        T(each_allocation_of_load_each_may_fail),
        T(dump_writes_set_slots_then_the_dict),
        T(dump_quotes_what_would_read_back_otherwise),
        T(dump_fails_rather_than_write_lossy_text),
        T(long_dict_keys_dump_as_explicit_keys),
        T(dump_file_writes_all_or_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
