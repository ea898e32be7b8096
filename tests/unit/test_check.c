/* test_check.c - the check pass: every rule, asserted as the line a schema
 * author reads. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "passes.h"
#include "support.h"

/* ---- Helpers ------------------------------------------------------------- */

static int setup(void **state)
{
    test_ctx *t = malloc(sizeof *t);
    if (!t)
        return -1;
    tc_init(t);
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    test_ctx *t = *state;
    tc_free(t);
    free(t);
    return 0;
}

/* Loads TEXT as test.yaml (which must load cleanly) and checks it. */
static schema *check(test_ctx *t, const char *text)
{
    schema *s = tc_load(t, text);
    assert_non_null(s);
    if (diag_errors(t->m.d) != 0)
        fail_msg("the loader rejected the test schema:\n%s", tc_diag(t));
    ck_check(&t->m);
    return s;
}

static void expect(test_ctx *t, const char *want)
{
    const char *got = tc_diag(t);
    if (!strstr(got, want))
        fail_msg("expected to find\n  %s\nin the diagnostics:\n%s", want, got);
}

static void expect_not(test_ctx *t, const char *unwanted)
{
    const char *got = tc_diag(t);
    if (strstr(got, unwanted))
        fail_msg("did not expect\n  %s\nin the diagnostics:\n%s", unwanted, got);
}

static void expect_errors(test_ctx *t, int n)
{
    if (diag_errors(t->m.d) != n)
        fail_msg("expected %d error(s), got %d:\n%s", n, diag_errors(t->m.d), tc_diag(t));
}

static void expect_clean(test_ctx *t)
{
    if (diag_errors(t->m.d) || diag_warnings(t->m.d))
        fail_msg("expected no diagnostics, got:\n%s", tc_diag(t));
}

/* Checks one schema with a class C holding the given slot lines. */
static schema *check_slots(test_ctx *t, const char *slots)
{
    static char buf[4096];
    snprintf(buf, sizeof buf,
             "schema: s\n"
             "enums:\n"
             "  Align: [left, center, right]\n"
             "classes:\n"
             "  P:\n"
             "    slots: {x: f64}\n"
             "  C:\n"
             "    slots:\n"
             "%s",
             slots);
    return check(t, buf);
}

static class_def *class_named(schema *s, const char *name)
{
    for (size_t i = 0; i < s->classes.len; i++) {
        class_def *k = PV_AT(s->classes, i);
        if (strcmp(k->name, name) == 0)
            return k;
    }
    fail_msg("no class '%s'", name);
    return NULL;
}

static slot_def *slot_named(schema *s, const char *cls, const char *name)
{
    class_def *k = class_named(s, cls);
    for (size_t i = 0; i < k->slots.len; i++) {
        slot_def *f = PV_AT(k->slots, i);
        if (strcmp(f->name, name) == 0)
            return f;
    }
    fail_msg("no slot '%s.%s'", cls, name);
    return NULL;
}

/* A temporary directory of schema files, for imports; the test runs in it
 * so that messages carry short relative paths. */
typedef struct tmpdir {
    char path[64];
    char old[4096];
} tmpdir;

static void td_open(tmpdir *d)
{
    strcpy(d->path, "/tmp/slotc_check_XXXXXX");
    assert_non_null(mkdtemp(d->path));
    assert_non_null(getcwd(d->old, sizeof d->old));
    assert_int_equal(chdir(d->path), 0);
}

static void td_write(const char *name, const char *text)
{
    FILE *f = fopen(name, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void td_close(tmpdir *d, const char *const *files)
{
    for (; *files; files++)
        unlink(*files);
    assert_int_equal(chdir(d->old), 0);
    rmdir(d->path);
}

/* Loads NAME from the current directory, imports and all, and checks. */
static schema *check_file(test_ctx *t, const char *name)
{
    schema *s = ld_load(&t->m, name);
    assert_non_null(s);
    if (diag_errors(t->m.d) != 0)
        fail_msg("the loader rejected the test schema:\n%s", tc_diag(t));
    ck_check(&t->m);
    return s;
}

/* ---- 1. Names ------------------------------------------------------------- */

static void schema_name_must_be_lower_case(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: Shapes\n");
    expect(t, "test.yaml:1:9: error: schema name 'Shapes' must match [a-z][a-z0-9_]*");
    expect_errors(t, 1);
}

static void schema_name_other_rules(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: a__b\n");
    expect(t, "error: 'a__b' is reserved: names may not start or end with '_' or contain '__'");
    expect_errors(t, 1);
}

static void schema_name_keyword(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: int\n");
    expect(t, "test.yaml:1:9: error: 'int' is a C keyword");
}

static void schema_name_runtime_prefix(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: slot_weakref\n");
    expect(t, "error: schema name 'slot_weakref' is reserved: 'slot_' is the prefix of the slotc "
              "runtime");
}

static void class_name_not_identifier(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "classes:\n"
             "  3d:\n"
             "    slots: {x: f64}\n");
    expect(t, "test.yaml:3:3: error: '3d' is not a valid C identifier");
    expect_errors(t, 1);
}

static void slot_name_cxx_keyword(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      class: f64\n"
                   "      not: f64\n"
                   "      xor: f64\n"
                   "      co_await: f64\n");
    expect(t, "test.yaml:9:7: error: 'class' is a C++ keyword");
    expect(t, "test.yaml:10:7: error: 'not' is a C++ keyword");
    expect(t, "error: 'xor' is a C++ keyword");
    expect(t, "error: 'co_await' is a C++ keyword");
    expect_errors(t, 4);
}

static void slot_name_c_keywords(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      int: f64\n"
                   "      'true': f64\n"
                   "      bool: f64\n"
                   "      typeof: f64\n");
    expect(t, "error: 'int' is a C keyword");
    expect(t, "error: 'true' is a C keyword");
    expect(t, "error: 'bool' is a C keyword");
    expect(t, "error: 'typeof' is a C keyword");
    expect_errors(t, 4);
}

static void slot_name_reserved_by_slotc(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      _slot_bits: u8\n");
    expect(t, "test.yaml:9:7: error: '_slot_bits': names starting with '_slot' are reserved by "
              "slotc");
    expect_errors(t, 1);
}

static void slot_name_reserved_underscores(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      _x: u8\n"
                   "      y_: u8\n"
                   "      a__b: u8\n"
                   "      _X: u8\n");
    expect(t, "test.yaml:9:7: error: '_x' is reserved: names may not start or end with '_' or "
              "contain '__'");
    expect(t, "error: 'y_' is reserved");
    expect(t, "error: 'a__b' is reserved");
    expect(t, "error: '_X' is reserved");
    expect_errors(t, 4);
}

static void slot_name_library_macro(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      errno: i32\n"
                   "      stdin: i32\n"
                   "      va_arg: i32\n"
                   "      NULL: i32\n"
                   "      linux: i32\n");
    expect(t, "test.yaml:9:7: error: 'errno' is a macro of the C library");
    expect(t, "error: 'stdin' is a macro of the C library");
    expect(t, "error: 'va_arg' is a macro of the C library");
    expect(t, "error: 'NULL' is a macro of the C library");
    expect(t, "error: 'linux' is a macro predefined by common compilers");
    expect_errors(t, 5);
}

static void enum_and_member_names(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "enums:\n"
             "  Mode: [on, 'two words', delete]\n"
             "  or: [a]\n");
    expect(t, "error: 'two words' is not a valid C identifier");
    expect(t, "error: 'delete' is a C++ keyword");
    expect(t, "test.yaml:4:3: error: 'or' is a C++ keyword");
    expect_errors(t, 3);
}

static void attr_name_checked(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "classes:\n"
             "  C:\n"
             "    attrs:\n"
             "      assert: {type: i32, value: 1}\n");
    expect(t, "test.yaml:5:7: error: 'assert' is a macro of the C library");
    expect_errors(t, 1);
}

static void type_names_cannot_be_builtins(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "enums:\n"
             "  u8: [a]\n"
             "classes:\n"
             "  string:\n"
             "    slots: {x: f64}\n");
    expect(t, "test.yaml:3:3: error: 'u8' is a built-in type");
    expect(t, "test.yaml:5:3: error: 'string' is a built-in type");
    expect_errors(t, 2);
}

/* ---- 2. Duplicates -------------------------------------------------------- */

static void class_and_enum_same_name(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "enums:\n"
             "  Point: [a, b]\n"
             "classes:\n"
             "  Point:\n"
             "    slots: {x: f64}\n");
    expect(t, "test.yaml:5:3: error: 'Point' is already defined");
    expect(t, "test.yaml:3:3: note: previous definition of 'Point' is here");
    expect_errors(t, 1); /* no echo from the generated names */
}

static void class_before_enum_same_name(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "classes:\n"
             "  Point:\n"
             "    slots: {x: f64}\n"
             "enums:\n"
             "  Point: [a, b]\n");
    expect(t, "test.yaml:6:3: error: 'Point' is already defined");
    expect(t, "test.yaml:3:3: note: previous definition of 'Point' is here");
    expect_errors(t, 1);
}

static void duplicate_enum_member(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "enums:\n"
             "  Align: [left, center, left]\n");
    expect(t, "test.yaml:3:25: error: 'left' is already a member of enum 'Align'");
    expect(t, "test.yaml:3:11: note: previous definition of 'left' is here");
    expect_errors(t, 1);
}

/* ---- 3. Generated identifiers ------------------------------------------- */

static void generated_name_collision(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: shapes\n"
             "classes:\n"
             "  A:\n"
             "    slots: {x: f64}\n"
             "  A_get_x:\n"
             "    slots: {y: f64}\n");
    expect(t, "test.yaml:5:3: error: generated name 'shapes_A_get_x' of class 'A_get_x' collides "
              "with the one of slot 'A.x'");
    expect(t, "test.yaml:4:13: note: slot 'A.x' generates 'shapes_A_get_x' here");
    expect_errors(t, 1); /* one error per node, though the class collides with one name */
}

static void generated_name_collision_in_enum(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "enums:\n"
             "  E: [parse, ok]\n");
    expect(t, "test.yaml:3:7: error: generated name 's_E_parse' of member 'E.parse' collides "
              "with the one of enum 'E'");
    expect_errors(t, 1);
}

static void generated_name_collision_slot_and_class_fn(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "classes:\n"
             "  A_set:\n"
             "    slots: {x: f64}\n"
             "  A:\n"
             "    slots: {set_x: f64}\n");
    /* A_set.x and A.set_x both generate s_A_set_set_x (and s_A_set_x_INDEX). */
    expect(t, "test.yaml:6:13: error: generated name 's_A_set_set_x' of slot 'A.set_x' collides "
              "with the one of slot 'A_set.x'");
    expect_errors(t, 1);
}

static void many_slots_no_collision(void **state)
{
    test_ctx *t = *state;
    enum { N = 10000 };
    char *text = malloc(N * 32 + 256);
    assert_non_null(text);
    size_t n = (size_t)sprintf(text, "schema: big\nclasses:\n  C:\n    slots:\n");
    for (int i = 0; i < N; i++)
        n += (size_t)sprintf(text + n, "      s%d: u%d\n", i, 8 << (i % 4));
    schema *s = check(t, text);
    free(text);
    expect_clean(t);
    assert_int_equal(class_named(s, "C")->slots.len, N);
}

static void many_slots_one_collision(void **state)
{
    test_ctx *t = *state;
    enum { N = 10000 };
    char *text = malloc(N * 32 + 256);
    assert_non_null(text);
    size_t n = (size_t)sprintf(text, "schema: big\nclasses:\n  C:\n    slots:\n");
    for (int i = 0; i < N; i++)
        n += (size_t)sprintf(text + n, "      s%d: u8\n", i);
    n += (size_t)sprintf(text + n, "  C_get:\n    slots: {x: u8}\n"
                                   "  C_get_s9999:\n    slots: {x: u8}\n");
    check(t, text);
    free(text);
    expect(t, "error: generated name 'big_C_get_s9999' of class 'C_get_s9999' collides with the "
              "one of slot 'C.s9999'");
    expect_errors(t, 1);
}

/* ---- 4. Types ------------------------------------------------------------- */

static void unknown_type_with_hint(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: shapes\n"
             "classes:\n"
             "  Point:\n"
             "    slots:\n"
             "      x: f64\n"
             "      y: f46\n");
    expect(t, "test.yaml:6:10: error: unknown type 'f46'");
    expect(t, "test.yaml:6:10: note: did you mean 'f64'?");
    expect_errors(t, 1);
}

static void unknown_type_hints_class_names(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "classes:\n"
             "  Point:\n"
             "    slots: {x: f64}\n"
             "  Line:\n"
             "    slots: {a: Pointt, b: Zebra}\n");
    expect(t, "test.yaml:6:16: error: unknown type 'Pointt'");
    expect(t, "note: did you mean 'Point'?");
    expect(t, "error: unknown type 'Zebra'");
    expect_errors(t, 2);
}

static void reference_to_builtin_or_enum(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      a: u8*\n"
                   "      b: Align*\n");
    expect(t, "test.yaml:9:10: error: 'u8*': only a class can be referenced");
    expect(t, "test.yaml:10:10: error: 'Align*': only a class can be referenced");
    expect_errors(t, 2);
}

static void array_of_string(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      a: string[4]\n");
    expect(t, "test.yaml:9:10: error: arrays of string are not supported; use str[N][M]");
    expect_errors(t, 1);
}

static void sizes_at_least_one(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      a: u8[0]\n"
                   "      b: str[0]\n"
                   "      c: str[4][0]\n"
                   "      d: P[0]\n");
    expect(t, "test.yaml:9:10: error: array size must be at least 1");
    expect(t, "test.yaml:10:10: error: string length must be at least 1");
    expect(t, "test.yaml:11:10: error: array size must be at least 1");
    expect(t, "test.yaml:12:10: error: array size must be at least 1");
    expect_errors(t, 4);
}

static void types_resolve(void **state)
{
    test_ctx *t = *state;
    schema *s = check_slots(t, "      a: bool\n"
                               "      b: i16\n"
                               "      c: u64[2]\n"
                               "      d: str[8]\n"
                               "      e: str[8][3]\n"
                               "      f: string\n"
                               "      g: Align\n"
                               "      h: P\n"
                               "      i: P*\n"
                               "      j: P*[2]\n"
                               "      k: f32\n");
    expect_clean(t);
    assert_int_equal(slot_named(s, "C", "a")->type.kind, TY_BOOL);
    assert_int_equal(slot_named(s, "C", "b")->type.kind, TY_I16);
    assert_int_equal(slot_named(s, "C", "c")->type.kind, TY_U64);
    assert_int_equal(slot_named(s, "C", "c")->type.array_len, 2);
    assert_int_equal(slot_named(s, "C", "d")->type.kind, TY_STR);
    assert_int_equal(slot_named(s, "C", "e")->type.kind, TY_STR);
    assert_int_equal(slot_named(s, "C", "f")->type.kind, TY_STRING);
    type_expr *g = &slot_named(s, "C", "g")->type;
    assert_int_equal(g->kind, TY_ENUM);
    assert_ptr_equal(g->en, PV_AT(s->enums, 0));
    type_expr *h = &slot_named(s, "C", "h")->type;
    assert_int_equal(h->kind, TY_CLASS);
    assert_ptr_equal(h->cls, class_named(s, "P"));
    assert_int_equal(slot_named(s, "C", "i")->type.kind, TY_REF);
    assert_ptr_equal(slot_named(s, "C", "i")->type.cls, class_named(s, "P"));
    assert_int_equal(slot_named(s, "C", "j")->type.kind, TY_REF);
    assert_int_equal(slot_named(s, "C", "k")->type.kind, TY_F32);
}

static void unresolved_type_leaves_none(void **state)
{
    test_ctx *t = *state;
    schema *s = check_slots(t, "      a: {type: Nope, default: 3, min: 1}\n");
    expect(t, "error: unknown type 'Nope'");
    expect_errors(t, 1); /* its default and min are not looked at */
    assert_int_equal(slot_named(s, "C", "a")->type.kind, TY_NONE);
    assert_false(slot_named(s, "C", "a")->dflt_val.set);
}

/* ---- 5. extends ---------------------------------------------------------- */

static void extends_unknown_with_hint(void **state)
{
    test_ctx *t = *state;
    schema *s = check(t, "schema: s\n"
                         "classes:\n"
                         "  Point:\n"
                         "    slots: {x: f64}\n"
                         "  Point3:\n"
                         "    extends: Pont\n"
                         "    slots: {z: f64}\n");
    expect(t, "test.yaml:6:14: error: unknown class 'Pont'");
    expect(t, "test.yaml:6:14: note: did you mean 'Point'?");
    expect_errors(t, 1);
    assert_null(class_named(s, "Point3")->base);
}

static void extends_enum(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "enums:\n"
             "  Align: [left]\n"
             "classes:\n"
             "  C:\n"
             "    extends: Align\n");
    expect(t, "test.yaml:6:14: error: 'Align' is an enum; only a class can be extended");
    expect_errors(t, 1);
}

static void extends_itself(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "classes:\n"
             "  A:\n"
             "    extends: A\n");
    expect(t, "test.yaml:4:14: error: 'A' extends itself");
    expect_errors(t, 1);
}

static void extends_cycle(void **state)
{
    test_ctx *t = *state;
    schema *s = check(t, "schema: s\n"
                         "classes:\n"
                         "  A:\n"
                         "    extends: B\n"
                         "  B:\n"
                         "    extends: C\n"
                         "  C:\n"
                         "    extends: A\n"
                         "  D:\n"
                         "    extends: B\n");
    expect(t, "test.yaml:4:14: error: 'A' extends itself through 'B' -> 'C' -> 'A'");
    expect_errors(t, 1); /* one cycle, one error; D is not in it */
    assert_int_equal(s->sorted.len, 4);
}

static void extends_cycle_entered_from_outside(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "classes:\n"
             "  D:\n"
             "    extends: B\n"
             "  B:\n"
             "    extends: C\n"
             "  C:\n"
             "    extends: B\n");
    expect(t, "test.yaml:6:14: error: 'B' extends itself through 'C' -> 'B'");
    expect_errors(t, 1);
}

static void redeclared_base_slot(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "classes:\n"
             "  Point:\n"
             "    slots: {x: f64, y: f64}\n"
             "  Point3:\n"
             "    extends: Point\n"
             "    slots: {z: f64}\n"
             "  Point4:\n"
             "    extends: Point3\n"
             "    slots: {x: f64, z: f64, w: f64}\n");
    expect(t, "test.yaml:10:13: error: slot 'x' is already declared by base class 'Point'");
    expect(t, "test.yaml:4:13: note: 'x' is declared here");
    expect(t, "error: slot 'z' is already declared by base class 'Point3'");
    expect_errors(t, 2);
}

static void dynamic_class_without_slots(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "classes:\n"
             "  Bag:\n"
             "    dynamic: true\n"
             "    slots: {x: f64, y: f64}\n");
    expect(t, "test.yaml:5:13: error: a dynamic class has no slots; use dict: true to have both");
    expect_errors(t, 1);
}

static void dict_and_weakref_inherit(void **state)
{
    test_ctx *t = *state;
    schema *s = check(t, "schema: s\n"
                         "classes:\n"
                         "  C:\n"
                         "    extends: B\n"
                         "  B:\n"
                         "    extends: A\n"
                         "    weakref: true\n"
                         "  A:\n"
                         "    dict: true\n"
                         "  Plain:\n"
                         "    slots: {x: u8}\n"
                         "  Bag:\n"
                         "    dynamic: true\n"
                         "  Sub:\n"
                         "    extends: Bag\n"
                         "    slots: {y: u8}\n");
    expect_clean(t);
    assert_true(class_named(s, "A")->has_dict);
    assert_false(class_named(s, "A")->has_weakref);
    assert_true(class_named(s, "B")->has_dict);
    assert_true(class_named(s, "B")->has_weakref);
    assert_true(class_named(s, "C")->has_dict);
    assert_true(class_named(s, "C")->has_weakref);
    assert_ptr_equal(class_named(s, "C")->base, class_named(s, "B"));
    assert_false(class_named(s, "Plain")->has_dict);
    assert_false(class_named(s, "Plain")->has_weakref);
    assert_true(class_named(s, "Bag")->has_dict);
    assert_true(class_named(s, "Sub")->has_dict);
}

/* ---- 6. Embedding by value ------------------------------------------------ */

static void embeds_itself_directly(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "classes:\n"
             "  Node:\n"
             "    slots:\n"
             "      value: i32\n"
             "      next: Node\n");
    expect(t, "test.yaml:6:13: error: 'Node' embeds itself by value: Node.next -> Node; use "
              "'Node*'");
    expect_errors(t, 1);
}

static void embeds_itself_through_others(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "classes:\n"
             "  A:\n"
             "    slots: {b: B}\n"
             "  B:\n"
             "    slots: {c: C}\n"
             "  C:\n"
             "    slots: {a: A}\n");
    expect(t, "test.yaml:4:16: error: 'A' embeds itself by value: A.b -> B.c -> C.a -> A; use "
              "'B*'");
    expect_errors(t, 1);
}

static void embeds_itself_through_array(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "classes:\n"
             "  Tree:\n"
             "    slots: {kids: 'Tree[2]'}\n");
    expect(t, "error: 'Tree' embeds itself by value: Tree.kids -> Tree; use 'Tree*'");
    expect_errors(t, 1);
}

static void embeds_itself_through_base(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "classes:\n"
             "  Base:\n"
             "    slots: {d: Derived}\n"
             "  Derived:\n"
             "    extends: Base\n");
    expect(t, "test.yaml:4:16: error: 'Base' embeds itself by value: Base.d -> Derived extends "
              "Base; use 'Derived*'");
    expect_errors(t, 1);
}

static void references_may_cycle(void **state)
{
    test_ctx *t = *state;
    schema *s = check(t, "schema: s\n"
                         "classes:\n"
                         "  Node:\n"
                         "    slots: {next: Node*, kids: 'Node*[4]', owner: Tree*}\n"
                         "  Tree:\n"
                         "    slots: {root: Node*, first: Node}\n");
    expect_clean(t);
    assert_ptr_equal(PV_AT(s->sorted, 0), class_named(s, "Node"));
}

/* ---- 7. Defaults and ranges ------------------------------------------------ */

static void integer_out_of_range(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      a: u8 = 300\n"
                   "      b: {type: u8, default: -1}\n"
                   "      c: {type: i8, default: -129}\n"
                   "      d: {type: u64, default: 18446744073709551616}\n"
                   "      e: {type: i32, default: 0x80000000}\n");
    expect(t, "test.yaml:9:15: error: default 300 is out of range for u8 (0..255)");
    expect(t, "error: default -1 is out of range for u8 (0..255)");
    expect(t, "error: default -129 is out of range for i8 (-128..127)");
    expect(t, "error: default 18446744073709551616 is out of range for u64 "
              "(0..18446744073709551615)");
    expect(t, "error: default 0x80000000 is out of range for i32 (-2147483648..2147483647)");
    expect_errors(t, 5);
}

static void integer_limits_fit(void **state)
{
    test_ctx *t = *state;
    schema *s = check_slots(t, "      a: {type: i8, default: -128}\n"
                               "      b: {type: i64, default: -9223372036854775808}\n"
                               "      c: {type: u64, default: 18446744073709551615}\n"
                               "      d: {type: u8, default: 0xff}\n"
                               "      e: {type: i16, default: +12}\n"
                               "      f: {type: u8, default: -0}\n");
    expect_clean(t);
    assert_int_equal(slot_named(s, "C", "a")->dflt_val.i, -128);
    assert_true(slot_named(s, "C", "b")->dflt_val.i == INT64_MIN);
    assert_true(slot_named(s, "C", "c")->dflt_val.u == UINT64_MAX);
    assert_int_equal(slot_named(s, "C", "d")->dflt_val.u, 255);
    assert_int_equal(slot_named(s, "C", "e")->dflt_val.i, 12);
    assert_true(slot_named(s, "C", "f")->dflt_val.set);
}

static void integer_needs_integer_text(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      a: {type: i32, default: 1.5}\n"
                   "      b: {type: i32, default: ten}\n"
                   "      c: {type: i32, default: 1e3}\n");
    expect(t, "error: default of slot 'a' must be an integer, got '1.5'");
    expect(t, "error: default of slot 'b' must be an integer, got 'ten'");
    expect(t, "error: default of slot 'c' must be an integer, got '1e3'");
    expect_errors(t, 3);
}

static void quoted_number_is_a_string(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      x: {type: i32, default: '5'}\n"
                   "      y: {type: f64, default: \"5\"}\n"
                   "      z: f32 = '1'\n");
    expect(t, "test.yaml:9:31: error: default of slot 'x' must be a number, got a string");
    expect(t, "error: default of slot 'y' must be a number, got a string");
    expect(t, "error: default of slot 'z' must be a number, got a string");
    expect_errors(t, 3);
}

static void floats(void **state)
{
    test_ctx *t = *state;
    schema *s = check_slots(t, "      a: f64 = 1\n"
                               "      b: f64 = -2.5e3\n"
                               "      c: f32 = .5\n"
                               "      d: f64 = .inf\n"
                               "      e: f64 = -.inf\n"
                               "      f: f64 = .nan\n"
                               "      g: f64 = 0x10\n"
                               "      h: f64 = 3.\n");
    expect_clean(t);
    assert_true(slot_named(s, "C", "a")->dflt_val.f == 1.0);
    assert_true(slot_named(s, "C", "b")->dflt_val.f == -2500.0);
    assert_true(slot_named(s, "C", "c")->dflt_val.f == 0.5);
    assert_true(isinf(slot_named(s, "C", "d")->dflt_val.f));
    assert_true(slot_named(s, "C", "e")->dflt_val.f < 0);
    assert_true(isnan(slot_named(s, "C", "f")->dflt_val.f));
    assert_true(slot_named(s, "C", "g")->dflt_val.f == 16.0);
    assert_true(slot_named(s, "C", "h")->dflt_val.f == 3.0);
}

static void bad_floats(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      a: f64 = 1.5x\n"
                   "      b: f64 = inf\n"
                   "      c: f64 = nan\n"
                   "      d: f32 = 1e39\n"
                   "      e: f64 = 1e999\n"
                   "      f: f64 = 1e\n");
    expect(t, "error: default of slot 'a' must be a number, got '1.5x'");
    expect(t, "error: default of slot 'b' must be a number, got 'inf'");
    expect(t, "error: default of slot 'c' must be a number, got 'nan'");
    expect(t, "error: default 1e39 is out of range for f32 (-3.40282347e+38..3.40282347e+38)");
    expect(t, "error: default 1e999 is out of range for f64");
    expect(t, "error: default of slot 'f' must be a number, got '1e'");
    expect_errors(t, 6);
}

static void bools(void **state)
{
    test_ctx *t = *state;
    schema *s = check_slots(t, "      a: bool = true\n"
                               "      b: bool = false\n"
                               "      c: bool = yes\n"
                               "      d: {type: bool, default: 'true'}\n");
    expect(t, "test.yaml:11:17: error: default of slot 'c' must be true or false, got 'yes'");
    expect(t, "error: default of slot 'd' must be true or false, got a string");
    expect_errors(t, 2);
    assert_int_equal(slot_named(s, "C", "a")->dflt_val.i, 1);
    assert_int_equal(slot_named(s, "C", "b")->dflt_val.i, 0);
    assert_true(slot_named(s, "C", "b")->dflt_val.set);
}

static void inline_string_length(void **state)
{
    test_ctx *t = *state;
    schema *s = check_slots(t, "      a: {type: 'str[31]', default: "
                               "'0123456789012345678901234567890123456789'}\n"
                               "      b: {type: 'str[3]', default: abc}\n"
                               "      c: {type: 'str[3]', default: 12}\n");
    expect(t, "test.yaml:9:37: error: default is 40 bytes; str[31] holds at most 31");
    expect_errors(t, 1);
    slot_def *b = slot_named(s, "C", "b");
    assert_true(b->dflt_val.set);
    assert_int_equal(b->dflt_val.s_len, 3);
    assert_memory_equal(b->dflt_val.s, "abc", 3);
    assert_int_equal(slot_named(s, "C", "c")->dflt_val.s_len, 2);
}

static void string_bytes_not_characters(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      a: {type: 'str[2]', default: \"\\u00e9\\u00e9\"}\n");
    expect(t, "error: default is 4 bytes; str[2] holds at most 2");
}

static void string_without_nul(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      a: {type: 'str[8]', default: \"a\\0b\"}\n"
                   "      b: {type: string, default: \"\\0\"}\n");
    expect(t, "error: default of slot 'a' holds a NUL byte, which a C string cannot");
    expect(t, "error: default of slot 'b' holds a NUL byte, which a C string cannot");
    expect_errors(t, 2);
}

static void heap_string_default(void **state)
{
    test_ctx *t = *state;
    schema *s = check_slots(t, "      a: {type: string, default: anything at all}\n");
    expect_clean(t);
    assert_string_equal(slot_named(s, "C", "a")->dflt_val.s, "anything at all");
}

static void enum_default(void **state)
{
    test_ctx *t = *state;
    schema *s = check_slots(t, "      a: Align = right\n"
                               "      b: {type: Align, default: centre}\n");
    expect(t, "test.yaml:10:33: error: 'centre' is not a member of enum 'Align'");
    expect(t, "test.yaml:10:33: note: did you mean 'center'?");
    expect_errors(t, 1);
    slot_def *a = slot_named(s, "C", "a");
    assert_true(a->dflt_val.set);
    assert_int_equal(a->dflt_val.member, 2);
    assert_int_equal(a->dflt_val.i, 2);
}

static void enum_default_uses_value(void **state)
{
    test_ctx *t = *state;
    schema *s = check(t, "schema: s\n"
                         "enums:\n"
                         "  Weight: {light: 300, normal: 400, bold: 700}\n"
                         "classes:\n"
                         "  C:\n"
                         "    slots: {w: Weight = bold}\n");
    expect_clean(t);
    slot_def *w = slot_named(s, "C", "w");
    assert_int_equal(w->dflt_val.i, 700);
    assert_int_equal(w->dflt_val.member, 2);
}

static void min_max(void **state)
{
    test_ctx *t = *state;
    schema *s = check_slots(t, "      a: {type: u16, min: 1, max: 512, default: 12}\n"
                               "      b: {type: f64, min: -1.5, max: 1e3}\n"
                               "      c: {type: i8, min: -5}\n");
    expect_clean(t);
    slot_def *a = slot_named(s, "C", "a");
    assert_int_equal(a->min_val.u, 1);
    assert_int_equal(a->max_val.u, 512);
    assert_true(a->min_val.f == 1.0 && a->max_val.f == 512.0);
    slot_def *b = slot_named(s, "C", "b");
    assert_true(b->min_val.f == -1.5 && b->max_val.f == 1000.0);
    assert_int_equal(slot_named(s, "C", "c")->min_val.i, -5);
    assert_false(slot_named(s, "C", "c")->max_val.set);
}

static void min_max_only_for_numbers(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      a: {type: string, min: 1}\n"
                   "      b: {type: bool, max: 1}\n"
                   "      c: {type: 'u8[3]', min: 1}\n");
    expect(t, "test.yaml:9:30: error: min applies only to number slots");
    expect(t, "error: max applies only to number slots");
    expect(t, "error: min applies only to number slots, and 'u8[3]' is an array");
    expect_errors(t, 3);
}

static void min_max_fit_and_order(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      a: {type: u8, min: 10, max: 5}\n"
                   "      b: {type: u8, min: -1}\n"
                   "      c: {type: i8, max: 1000}\n"
                   "      d: {type: f64, min: .nan}\n"
                   "      e: {type: f64, min: 2.5, max: 2}\n");
    expect(t, "test.yaml:9:26: error: min 10 is greater than max 5");
    expect(t, "error: min -1 is out of range for u8 (0..255)");
    expect(t, "error: max 1000 is out of range for i8 (-128..127)");
    expect(t, "error: min of slot 'd' cannot be .nan");
    expect(t, "error: min 2.5 is greater than max 2");
    expect_errors(t, 5);
}

static void default_within_min_max(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      a: {type: u16, min: 1, max: 512, default: 0}\n"
                   "      b: {type: i32, min: -10, max: 10, default: 11}\n"
                   "      c: {type: f32, min: 0.5, default: 0.25}\n"
                   "      d: {type: f64, max: 1, default: .nan}\n"
                   "      e: {type: i64, min: -1, max: -1, default: -1}\n");
    expect(t, "error: default 0 is below min 1");
    expect(t, "error: default 11 is above max 10");
    expect(t, "error: default 0.25 is below min 0.5");
    expect(t, "error: default .nan is outside min..max");
    expect_errors(t, 4);
}

static void no_default_for_class_ref_array(void **state)
{
    test_ctx *t = *state;
    check_slots(t, "      a: {type: P, default: 1}\n"
                   "      b: {type: P*, default: 1}\n"
                   "      c: {type: 'u8[2]', default: 1}\n");
    expect(t, "test.yaml:9:29: error: a default is not allowed for an embedded class slot");
    expect(t, "error: a default is not allowed for a reference slot");
    expect(t, "error: a default is not allowed for an array slot");
    expect_errors(t, 3);
}

static void class_attributes(void **state)
{
    test_ctx *t = *state;
    schema *s = check(t, "schema: s\n"
                         "enums:\n"
                         "  Align: [left, right]\n"
                         "classes:\n"
                         "  C:\n"
                         "    attrs:\n"
                         "      kind: {type: string, value: label}\n"
                         "      side: {type: Align, value: right}\n"
                         "      n: {type: u8, value: 7}\n"
                         "      code: {type: 'str[2]', value: ok}\n");
    expect_clean(t);
    class_def *c = class_named(s, "C");
    attr_def *kind = PV_AT(c->attrs, 0), *side = PV_AT(c->attrs, 1), *n = PV_AT(c->attrs, 2);
    assert_string_equal(kind->val.s, "label");
    assert_int_equal(side->val.i, 1);
    assert_int_equal(n->val.u, 7);
}

static void class_attribute_errors(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "classes:\n"
             "  P:\n"
             "    slots: {x: f64}\n"
             "  C:\n"
             "    attrs:\n"
             "      a: {type: P, value: 1}\n"
             "      b: {type: 'u8[2]', value: 1}\n"
             "      c: {type: u8, value: 256}\n"
             "      d: {type: 'str[2]', value: abc}\n"
             "      e: {type: bool, value: 'no'}\n");
    expect(t, "test.yaml:7:17: error: class attribute 'a' must have a number, bool, str[N], string "
              "or enum type");
    expect(t, "error: class attribute 'b' must have a number, bool, str[N], string or enum type");
    expect(t, "error: value 256 is out of range for u8 (0..255)");
    expect(t, "error: value is 3 bytes; str[2] holds at most 2");
    expect(t, "error: value of class attribute 'e' must be true or false, got a string");
    expect_errors(t, 5);
}

static void class_attribute_conflicts_with_slot(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "classes:\n"
             "  B:\n"
             "    slots: {x: f64}\n"
             "  C:\n"
             "    extends: B\n"
             "    slots: {y: f64}\n"
             "    attrs:\n"
             "      x: {type: f64, value: 1}\n"
             "      y: {type: f64, value: 2}\n");
    expect(t, "test.yaml:9:7: error: class attribute 'x' conflicts with slot 'x'");
    expect(t, "test.yaml:4:13: note: slot 'x' is declared here");
    expect(t, "test.yaml:10:7: error: class attribute 'y' conflicts with slot 'y'");
    expect_errors(t, 2); /* no echo from the generated C_get_y */
}

static void class_attribute_override(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "classes:\n"
             "  B:\n"
             "    attrs:\n"
             "      kind: {type: string, value: base}\n"
             "      n: {type: u8, value: 1}\n"
             "  C:\n"
             "    extends: B\n"
             "    attrs:\n"
             "      kind: {type: string, value: derived}\n"
             "      n: {type: i8, value: 1}\n");
    expect(t, "test.yaml:11:17: error: class attribute 'n' of type 'i8' overrides one of type "
              "'u8' of a base class");
    expect(t, "test.yaml:6:7: note: the overridden attribute is declared here");
    expect_errors(t, 1);
}

static void enum_values_fit_32_bits(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "enums:\n"
             "  Big: {a: 3000000000, b: -2147483648, c: 2147483647, d: -2147483649}\n");
    expect(t, "test.yaml:3:9: error: enum value 3000000000 does not fit in 32 bits");
    expect(t, "error: enum value -2147483649 does not fit in 32 bits");
    expect_errors(t, 2);
}

static void enum_needs_members(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "enums:\n"
             "  Empty: []\n");
    expect(t, "test.yaml:3:3: error: enum 'Empty' has no members");
    expect_errors(t, 1);
}

/* ---- 8. Imports ------------------------------------------------------------ */

static void import_cycle(void **state)
{
    test_ctx *t = *state;
    tmpdir d;
    td_open(&d);
    td_write("a.yaml", "schema: a\nimports: [b.yaml]\n");
    td_write("b.yaml", "schema: b\nimports: [a.yaml]\n");
    check_file(t, "a.yaml");
    td_close(&d, (const char *const[]){"a.yaml", "b.yaml", NULL});
    expect(t, "b.yaml:2:11: error: import cycle: a.yaml -> b.yaml -> a.yaml");
    expect_errors(t, 1);
}

static void import_itself(void **state)
{
    test_ctx *t = *state;
    tmpdir d;
    td_open(&d);
    td_write("a.yaml", "schema: a\nimports: [a.yaml]\n");
    check_file(t, "a.yaml");
    td_close(&d, (const char *const[]){"a.yaml", NULL});
    expect(t, "a.yaml:2:11: error: import cycle: a.yaml -> a.yaml");
    expect_errors(t, 1);
}

static void unused_import(void **state)
{
    test_ctx *t = *state;
    tmpdir d;
    td_open(&d);
    td_write("colors.yaml", "schema: colors\nenums:\n  Color: [red, green]\n");
    td_write("shapes.yaml", "schema: shapes\n"
                            "imports: [colors.yaml]\n"
                            "classes:\n"
                            "  P:\n"
                            "    slots: {x: f64}\n");
    check_file(t, "shapes.yaml");
    td_close(&d, (const char *const[]){"colors.yaml", "shapes.yaml", NULL});
    expect(t, "shapes.yaml:2:11: warning: 'colors.yaml' is imported but none of its names are "
              "used [-Wunused-import]");
    expect_errors(t, 0);
    assert_int_equal(diag_warnings(t->m.d), 1);
}

static void imported_names_resolve(void **state)
{
    test_ctx *t = *state;
    tmpdir d;
    td_open(&d);
    td_write("colors.yaml", "schema: colors\n"
                            "enums:\n"
                            "  Color: [red, green]\n"
                            "classes:\n"
                            "  Rgb:\n"
                            "    slots: {r: u8, g: u8, b: u8}\n"
                            "    weakref: true\n");
    td_write("shapes.yaml", "schema: shapes\n"
                            "imports: [colors.yaml]\n"
                            "classes:\n"
                            "  P:\n"
                            "    extends: Rgb\n"
                            "    slots: {c: Color = green, x: f64}\n");
    schema *s = check_file(t, "shapes.yaml");
    td_close(&d, (const char *const[]){"colors.yaml", "shapes.yaml", NULL});
    expect_clean(t);
    class_def *p = class_named(s, "P");
    assert_non_null(p->base);
    assert_string_equal(p->base->name, "Rgb");
    assert_true(p->has_weakref);
    slot_def *c = slot_named(s, "P", "c");
    assert_int_equal(c->type.kind, TY_ENUM);
    assert_int_equal(c->dflt_val.i, 1);
    assert_int_equal(s->sorted.len, 1); /* only the schema's own classes */
}

static void imported_duplicate_name(void **state)
{
    test_ctx *t = *state;
    tmpdir d;
    td_open(&d);
    td_write("geo.yaml", "schema: geo\nclasses:\n  Point:\n    slots: {x: f64}\n");
    td_write("shapes.yaml", "schema: shapes\n"
                            "imports: [geo.yaml]\n"
                            "classes:\n"
                            "  Point:\n"
                            "    slots: {x: f64}\n"
                            "  Line:\n"
                            "    slots: {a: Point}\n");
    check_file(t, "shapes.yaml");
    td_close(&d, (const char *const[]){"geo.yaml", "shapes.yaml", NULL});
    expect(t, "shapes.yaml:4:3: error: 'Point' is already defined");
    expect(t, "geo.yaml:3:3: note: previous definition of 'Point' is here");
    expect_errors(t, 1);
}

static void ambiguous_import_name(void **state)
{
    test_ctx *t = *state;
    tmpdir d;
    td_open(&d);
    td_write("a.yaml", "schema: a\nenums:\n  Color: [red]\n");
    td_write("b.yaml", "schema: b\nenums:\n  Color: [blue]\n");
    td_write("m.yaml", "schema: m\n"
                       "imports: [a.yaml, b.yaml]\n"
                       "classes:\n"
                       "  P:\n"
                       "    slots: {c: Color}\n");
    check_file(t, "m.yaml");
    td_close(&d, (const char *const[]){"a.yaml", "b.yaml", "m.yaml", NULL});
    expect(t, "m.yaml:5:16: error: 'Color' is ambiguous: both 'a.yaml' and 'b.yaml' define it");
    expect_errors(t, 1);
    assert_int_equal(diag_warnings(t->m.d), 0); /* both imports count as used */
}

static void only_direct_imports_are_visible(void **state)
{
    test_ctx *t = *state;
    tmpdir d;
    td_open(&d);
    td_write("c.yaml", "schema: c\nclasses:\n  Deep:\n    slots: {x: u8}\n");
    td_write("b.yaml", "schema: b\n"
                       "imports: [c.yaml]\n"
                       "classes:\n"
                       "  Mid:\n"
                       "    slots: {d: Deep}\n");
    td_write("a.yaml", "schema: a\n"
                       "imports: [b.yaml]\n"
                       "classes:\n"
                       "  Top:\n"
                       "    slots: {m: Mid, d: Deep}\n");
    check_file(t, "a.yaml");
    td_close(&d, (const char *const[]){"a.yaml", "b.yaml", "c.yaml", NULL});
    expect(t, "a.yaml:5:24: error: unknown type 'Deep'");
    expect_errors(t, 1);
}

static void collision_across_imports(void **state)
{
    test_ctx *t = *state;
    tmpdir d;
    td_open(&d);
    td_write("ab.yaml", "schema: a_b\nclasses:\n  C:\n    slots: {x: u8}\n");
    td_write("a.yaml", "schema: a\n"
                       "imports: [ab.yaml]\n"
                       "classes:\n"
                       "  b_C:\n"
                       "    slots: {c: C}\n");
    check_file(t, "a.yaml");
    td_close(&d, (const char *const[]){"a.yaml", "ab.yaml", NULL});
    expect(t, "a.yaml:4:3: error: generated name 'a_b_C' of class 'b_C' collides with the one of "
              "class 'C' of schema 'a_b'");
    expect(t, "ab.yaml:3:3: note: class 'C' of schema 'a_b' generates 'a_b_C' here");
}

static void same_schema_name_as_import(void **state)
{
    test_ctx *t = *state;
    tmpdir d;
    td_open(&d);
    td_write("other.yaml", "schema: shapes\nclasses:\n  Q:\n    slots: {x: u8}\n");
    td_write("shapes.yaml", "schema: shapes\n"
                            "imports: [other.yaml]\n"
                            "classes:\n"
                            "  P:\n"
                            "    slots: {q: Q}\n");
    check_file(t, "shapes.yaml");
    td_close(&d, (const char *const[]){"other.yaml", "shapes.yaml", NULL});
    expect(t, "shapes.yaml:1:9: error: schema name 'shapes' is also the name of 'other.yaml', "
              "which 'shapes.yaml' includes");
    expect_errors(t, 1);
}

/* ---- 9. Order ---------------------------------------------------------------- */

static size_t sorted_index(schema *s, const char *name)
{
    class_def *k = class_named(s, name);
    assert_ptr_equal(PV_AT(s->sorted, k->order), k);
    return k->order;
}

static void dependency_order(void **state)
{
    test_ctx *t = *state;
    schema *s = check(t, "schema: s\n"
                         "classes:\n"
                         "  Label:\n"
                         "    slots: {at: Point, next: Label*}\n"
                         "  Point3:\n"
                         "    extends: Point\n"
                         "  Free:\n"
                         "    slots: {x: u8}\n"
                         "  Point:\n"
                         "    slots: {x: f64}\n"
                         "  Box:\n"
                         "    slots: {corners: 'Point3[2]'}\n");
    expect_clean(t);
    assert_int_equal(s->sorted.len, 5);
    assert_int_equal(sorted_index(s, "Free"), 0);
    assert_int_equal(sorted_index(s, "Point"), 1);
    assert_int_equal(sorted_index(s, "Label"), 2);
    assert_int_equal(sorted_index(s, "Point3"), 3);
    assert_int_equal(sorted_index(s, "Box"), 4);
}

static void declared_order_kept(void **state)
{
    test_ctx *t = *state;
    schema *s = check(t, "schema: s\n"
                         "classes:\n"
                         "  C:\n"
                         "    slots: {x: u8}\n"
                         "  A:\n"
                         "    slots: {x: u8}\n"
                         "  B:\n"
                         "    slots: {x: u8}\n");
    expect_clean(t);
    assert_int_equal(sorted_index(s, "C"), 0);
    assert_int_equal(sorted_index(s, "A"), 1);
    assert_int_equal(sorted_index(s, "B"), 2);
}

static void order_after_a_cycle(void **state)
{
    test_ctx *t = *state;
    schema *s = check(t, "schema: s\n"
                         "classes:\n"
                         "  A:\n"
                         "    slots: {b: B}\n"
                         "  B:\n"
                         "    slots: {a: A}\n"
                         "  C:\n"
                         "    slots: {x: u8}\n");
    expect_errors(t, 1);
    assert_int_equal(s->sorted.len, 3);
    assert_int_equal(sorted_index(s, "C"), 0);
    assert_int_equal(sorted_index(s, "A"), 1);
    assert_int_equal(sorted_index(s, "B"), 2);
}

static void include_guards_collide(void **state)
{
    test_ctx *t = *state;
    tmpdir d;
    td_open(&d);
    td_write("a-b.yaml", "schema: x\nenums:\n  X: [a]\n");
    td_write("a_b.yaml", "schema: y\nenums:\n  Y: [a]\n");
    td_write("m.yaml", "schema: m\n"
                       "imports: [a-b.yaml, a_b.yaml]\n"
                       "classes:\n"
                       "  P:\n"
                       "    slots: {x: X, y: Y}\n");
    check_file(t, "m.yaml");
    td_close(&d, (const char *const[]){"a-b.yaml", "a_b.yaml", "m.yaml", NULL});
    expect(t, "a_b.yaml:1:9: error: generated name 'A_B_SLOT_H_INCLUDED' of the include guard of "
              "'a_b.yaml' collides with the one of the include guard of 'a-b.yaml'");
    expect_errors(t, 1);
}

/* One identifier from three schemas of different names: one that nobody
 * here includes (checked first), an import, and the schema itself.  The
 * clash is with the import: the first schema is no business of this one. */
static void collision_with_the_import_not_the_stranger(void **state)
{
    test_ctx *t = *state;
    tmpdir d;
    td_open(&d);
    td_write("t.yaml", "schema: a_b_c\nclasses:\n  D:\n    slots: {x: u8}\n");
    td_write("u.yaml", "schema: a_b\nclasses:\n  c_D:\n    slots: {x: u8}\n");
    td_write("s.yaml", "schema: a\n"
                       "imports: [u.yaml]\n"
                       "classes:\n"
                       "  b_c_D:\n"
                       "    slots: {u: c_D}\n");
    assert_non_null(ld_load(&t->m, "t.yaml"));
    check_file(t, "s.yaml");
    td_close(&d, (const char *const[]){"t.yaml", "u.yaml", "s.yaml", NULL});
    expect(t, "s.yaml:4:3: error: generated name 'a_b_c_D' of class 'b_c_D' collides with the one "
              "of class 'c_D' of schema 'a_b'");
    expect_errors(t, 1);
}

static void import_cycle_with_embedding(void **state)
{
    test_ctx *t = *state;
    tmpdir d;
    td_open(&d);
    td_write("a.yaml", "schema: a\n"
                       "imports: [b.yaml]\n"
                       "classes:\n"
                       "  A:\n"
                       "    extends: B\n"
                       "    slots: {b: B}\n");
    td_write("b.yaml", "schema: b\n"
                       "imports: [a.yaml]\n"
                       "classes:\n"
                       "  B:\n"
                       "    extends: A\n"
                       "    slots: {a: A}\n");
    check_file(t, "a.yaml");
    td_close(&d, (const char *const[]){"a.yaml", "b.yaml", NULL});
    /* The cycle is reported; what follows from it must neither crash nor loop. */
    expect(t, "b.yaml:2:11: error: import cycle: a.yaml -> b.yaml -> a.yaml");
}

static void deep_chains(void **state)
{
    test_ctx *t = *state;
    /* Deep enough to overflow a recursive walk with big frames, shallow
     * enough for the inherited accessors' names (N * N / 2) to stay cheap. */
    enum { N = 1000 };
    char *text = malloc(N * 96 + 64);
    assert_non_null(text);
    size_t n = (size_t)sprintf(text, "schema: deep\nclasses:\n");
    /* C0 extends C1 and embeds it, ..., declared against dependency order. */
    for (int i = 0; i < N - 1; i++)
        n += (size_t)sprintf(text + n, "  C%d:\n    extends: C%d\n    slots: {s%d: C%d}\n", i,
                             i + 1, i, i + 1);
    sprintf(text + n, "  C%d:\n    dict: true\n    slots: {x: u8}\n", N - 1);
    schema *s = check(t, text);
    free(text);
    expect_clean(t);
    assert_int_equal(sorted_index(s, "C999"), 0);
    assert_int_equal(sorted_index(s, "C0"), N - 1);
    assert_true(class_named(s, "C0")->has_dict);
}

/* ---- Whole schemas ------------------------------------------------------------ */

static void spec_example_is_valid(void **state)
{
    test_ctx *t = *state;
    schema *s = check(t, tc_spec_example);
    expect_clean(t);
    assert_true(s->checked);
    assert_int_equal(s->sorted.len, 5);
    slot_def *size = slot_named(s, "Label", "size");
    assert_int_equal(size->dflt_val.u, 12);
    assert_int_equal(size->min_val.u, 1);
    assert_int_equal(size->max_val.u, 512);
    slot_def *align = slot_named(s, "Label", "align");
    assert_int_equal(align->dflt_val.member, 1);
    assert_int_equal(slot_named(s, "Point", "w")->dflt_val.f, 1);
    assert_int_equal(slot_named(s, "Label", "text")->type.str_len, 31);
    assert_int_equal(slot_named(s, "Label", "rgb")->type.kind, TY_U8);
    class_def *label = class_named(s, "Label");
    assert_true(label->has_dict && label->has_weakref);
    assert_true(class_named(s, "Bag")->has_dict);
    assert_false(class_named(s, "Point")->has_dict);
    assert_ptr_equal(class_named(s, "Point3")->base, class_named(s, "Point"));
    assert_true(sorted_index(s, "Point") < sorted_index(s, "Label"));
    assert_true(sorted_index(s, "Point") < sorted_index(s, "Point3"));
}

static void many_errors_in_one_run(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "enums:\n"
             "  Align: [left, right]\n"
             "classes:\n"
             "  A:\n"
             "    extends: Nope\n"
             "    slots:\n"
             "      class: f64\n"
             "      b: Bogus\n"
             "      c: u8 = 256\n"
             "      d: {type: Align, default: middle}\n"
             "      e: A\n"
             "  B:\n"
             "    extends: B\n"
             "    slots: {x: 'string[2]', y: {type: string, min: 0}}\n");
    expect(t, "error: unknown class 'Nope'");
    expect(t, "error: 'class' is a C++ keyword");
    expect(t, "error: unknown type 'Bogus'");
    expect(t, "error: default 256 is out of range for u8 (0..255)");
    expect(t, "error: 'middle' is not a member of enum 'Align'");
    expect(t, "error: 'A' embeds itself by value: A.e -> A; use 'A*'");
    expect(t, "error: 'B' extends itself");
    expect(t, "error: arrays of string are not supported");
    expect(t, "error: min applies only to number slots");
    expect_errors(t, 9);
}

static void one_error_per_node(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\n"
             "classes:\n"
             "  B:\n"
             "    slots: {_x: f64}\n"
             "  C:\n"
             "    extends: B\n"
             "    slots: {_x: f64}\n");
    /* C._x is reserved and redeclares B._x: one error for the node */
    expect(t, "test.yaml:7:13: error: '_x' is reserved");
    expect_not(t, "already declared");
    expect_errors(t, 2);
}

static void checks_each_schema_once(void **state)
{
    test_ctx *t = *state;
    check(t, "schema: s\nclasses:\n  C:\n    slots: {x: Bad}\n");
    ck_check(&t->m); /* checked schemas are skipped */
    expect_errors(t, 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(schema_name_must_be_lower_case),
        T(schema_name_other_rules),
        T(schema_name_keyword),
        T(schema_name_runtime_prefix),
        T(class_name_not_identifier),
        T(slot_name_cxx_keyword),
        T(slot_name_c_keywords),
        T(slot_name_reserved_by_slotc),
        T(slot_name_reserved_underscores),
        T(slot_name_library_macro),
        T(enum_and_member_names),
        T(attr_name_checked),
        T(type_names_cannot_be_builtins),
        T(class_and_enum_same_name),
        T(class_before_enum_same_name),
        T(duplicate_enum_member),
        T(generated_name_collision),
        T(generated_name_collision_in_enum),
        T(generated_name_collision_slot_and_class_fn),
        T(many_slots_no_collision),
        T(many_slots_one_collision),
        T(unknown_type_with_hint),
        T(unknown_type_hints_class_names),
        T(reference_to_builtin_or_enum),
        T(array_of_string),
        T(sizes_at_least_one),
        T(types_resolve),
        T(unresolved_type_leaves_none),
        T(extends_unknown_with_hint),
        T(extends_enum),
        T(extends_itself),
        T(extends_cycle),
        T(extends_cycle_entered_from_outside),
        T(redeclared_base_slot),
        T(dynamic_class_without_slots),
        T(dict_and_weakref_inherit),
        T(embeds_itself_directly),
        T(embeds_itself_through_others),
        T(embeds_itself_through_array),
        T(embeds_itself_through_base),
        T(references_may_cycle),
        T(integer_out_of_range),
        T(integer_limits_fit),
        T(integer_needs_integer_text),
        T(quoted_number_is_a_string),
        T(floats),
        T(bad_floats),
        T(bools),
        T(inline_string_length),
        T(string_bytes_not_characters),
        T(string_without_nul),
        T(heap_string_default),
        T(enum_default),
        T(enum_default_uses_value),
        T(min_max),
        T(min_max_only_for_numbers),
        T(min_max_fit_and_order),
        T(default_within_min_max),
        T(no_default_for_class_ref_array),
        T(class_attributes),
        T(class_attribute_errors),
        T(class_attribute_conflicts_with_slot),
        T(class_attribute_override),
        T(enum_values_fit_32_bits),
        T(enum_needs_members),
        T(import_cycle),
        T(import_itself),
        T(unused_import),
        T(imported_names_resolve),
        T(imported_duplicate_name),
        T(ambiguous_import_name),
        T(only_direct_imports_are_visible),
        T(collision_across_imports),
        T(same_schema_name_as_import),
        T(dependency_order),
        T(declared_order_kept),
        T(order_after_a_cycle),
        T(include_guards_collide),
        T(collision_with_the_import_not_the_stranger),
        T(import_cycle_with_embedding),
        T(deep_chains),
        T(spec_example_is_valid),
        T(many_errors_in_one_run),
        T(one_error_per_node),
        T(checks_each_schema_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
