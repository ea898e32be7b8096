/* test_load.c - the load pass: YAML to model, and every error it reports. */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "passes.h"
#include "support.h"

/* ---- Helpers ---------------------------------------------------------- */

static void expect_in(const char *out, const char *needle)
{
    if (!strstr(out, needle)) {
        print_error("expected in the diagnostics:\n  %s\ngot:\n%s\n", needle, out);
        fail();
    }
}

static void expect_not_in(const char *out, const char *needle)
{
    if (strstr(out, needle)) {
        print_error("did not expect in the diagnostics:\n  %s\ngot:\n%s\n", needle, out);
        fail();
    }
}

/* Loads TEXT and expects exactly one error, whose line holds NEEDLE. */
static void expect_error(const char *text, const char *needle)
{
    test_ctx t;
    tc_init(&t);
    tc_load(&t, text);
    const char *out = tc_diag(&t);
    expect_in(out, needle);
    if (diag_errors(t.m.d) != 1) {
        print_error("expected one error for:\n%s\ngot:\n%s\n", text, out);
        fail();
    }
    tc_free(&t);
}

/* Same, with TEXT of LEN bytes (it may hold NULs). */
static void expect_error_n(const char *text, size_t len, const char *needle)
{
    test_ctx t;
    tc_init(&t);
    schema *s = ld_load_text(&t.m, "test.yaml", text, len);
    assert_non_null(s);
    const char *out = tc_diag(&t);
    expect_in(out, needle);
    assert_int_equal(diag_errors(t.m.d), 1);
    tc_free(&t);
}

static void assert_loc(loc at, unsigned line, unsigned col)
{
    if (at.line != line || at.col != col) {
        print_error("expected %u:%u, got %u:%u\n", line, col, at.line, at.col);
        fail();
    }
}

static class_def *class_at(schema *s, size_t i)
{
    assert_true(i < s->classes.len);
    return PV_AT(s->classes, i);
}

static slot_def *slot_at(class_def *c, size_t i)
{
    assert_true(i < c->slots.len);
    return PV_AT(c->slots, i);
}

/* A schema whose class C has the slot "x: TYPE". */
static const char *with_slot_type(char *buf, size_t n, const char *type)
{
    snprintf(buf, n, "schema: s\nclasses:\n  C:\n    slots:\n      x: %s\n", type);
    return buf;
}

static void check_scalar(const scalar *s, const char *text, bool quoted, unsigned line,
                         unsigned col)
{
    assert_non_null(s);
    assert_string_equal(s->text, text);
    assert_int_equal(s->len, strlen(text));
    assert_int_equal(s->quoted, quoted);
    assert_loc(s->at, line, col);
}

static void check_type(const type_expr *t, const char *text, const char *name, bool is_ref,
                       uint64_t str_len, uint64_t array_len)
{
    assert_string_equal(t->text, text);
    assert_string_equal(t->name, name);
    assert_int_equal(t->is_ref, is_ref);
    assert_int_equal(t->str_len, str_len);
    assert_int_equal(t->array_len, array_len);
    assert_int_equal(t->is_array, array_len != 0);
    assert_int_equal(t->kind, TY_NONE);
}

static void check_example_enums(schema *s)
{
    assert_int_equal(s->enums.len, 2);
    enum_def *align = PV_AT(s->enums, 0), *weight = PV_AT(s->enums, 1);
    assert_string_equal(align->name, "Align");
    assert_loc(align->at, 4, 3);
    assert_ptr_equal(align->schema, s);
    assert_int_equal(align->values.len, 3);
    static const char *const names[] = {"left", "center", "right"};
    for (size_t i = 0; i < 3; i++) {
        enum_value *v = PV_AT(align->values, i);
        assert_string_equal(v->name, names[i]);
        assert_int_equal(v->value, (int64_t)i);
    }
    assert_loc(((enum_value *)PV_AT(align->values, 1))->at, 4, 17);
    assert_string_equal(weight->name, "Weight");
    assert_int_equal(weight->values.len, 3);
    enum_value *bold = PV_AT(weight->values, 2);
    assert_string_equal(bold->name, "bold");
    assert_int_equal(bold->value, 700);
    assert_loc(bold->at, 5, 37);
    assert_int_equal(((enum_value *)PV_AT(weight->values, 0))->value, 300);
}

static void check_example_point(schema *s)
{
    class_def *p = class_at(s, 0);
    assert_string_equal(p->name, "Point");
    assert_loc(p->at, 7, 3);
    assert_string_equal(p->doc, "A point in the plane.");
    assert_null(p->extends);
    assert_ptr_equal(p->schema, s);
    assert_int_equal(p->slots.len, 3);
    slot_def *x = slot_at(p, 0), *y = slot_at(p, 1), *w = slot_at(p, 2);
    assert_string_equal(x->name, "x");
    assert_loc(x->at, 10, 7);
    check_type(&x->type, "f64", "f64", false, 0, 0);
    assert_loc(x->type.at, 10, 10);
    assert_null(x->dflt);
    assert_null(x->doc);
    assert_ptr_equal(x->owner, p);
    assert_int_equal(x->presence, -1);
    check_type(&y->type, "f64", "f64", false, 0, 0);
    assert_loc(y->type.at, 11, 17);
    check_scalar(y->dflt, "0", false, 11, 31);
    assert_string_equal(y->doc, "Vertical position.");
    check_type(&w->type, "f64", "f64", false, 0, 0);
    assert_loc(w->type.at, 12, 10);
    check_scalar(w->dflt, "1", false, 12, 16);
    assert_int_equal(w->presence, -1);
}

static void check_example_label(schema *s)
{
    class_def *l = class_at(s, 2);
    assert_string_equal(l->name, "Label");
    assert_int_equal(l->slots.len, 7);
    check_type(&slot_at(l, 0)->type, "str[31]", "str", false, 31, 0);
    assert_loc(slot_at(l, 0)->type.at, 19, 15);
    check_type(&slot_at(l, 1)->type, "string", "string", false, 0, 0);
    slot_def *size = slot_at(l, 2);
    check_type(&size->type, "u16", "u16", false, 0, 0);
    check_scalar(size->min, "1", false, 21, 32);
    check_scalar(size->max, "512", false, 21, 40);
    check_scalar(size->dflt, "12", false, 21, 54);
    slot_def *align = slot_at(l, 3);
    check_type(&align->type, "Align", "Align", false, 0, 0);
    check_scalar(align->dflt, "center", false, 22, 38);
    check_type(&slot_at(l, 4)->type, "Point", "Point", false, 0, 0);
    check_type(&slot_at(l, 5)->type, "Label*", "Label", true, 0, 0);
    check_type(&slot_at(l, 6)->type, "u8[3]", "u8", false, 0, 3);
    assert_int_equal(l->attrs.len, 1);
    attr_def *kind = PV_AT(l->attrs, 0);
    assert_string_equal(kind->name, "kind");
    assert_loc(kind->at, 27, 7);
    check_type(&kind->type, "string", "string", false, 0, 0);
    check_scalar(kind->value, "label", false, 27, 35);
    assert_true(l->dict);
    assert_true(l->weakref);
    assert_false(l->dynamic);
    assert_int_equal(l->layout, LAYOUT_COMPACT);
}

static void check_example_rest(schema *s)
{
    class_def *p3 = class_at(s, 1), *bag = class_at(s, 3), *hdr = class_at(s, 4);
    assert_string_equal(p3->extends, "Point");
    assert_loc(p3->extends_at, 14, 14);
    assert_int_equal(p3->slots.len, 1);
    assert_string_equal(bag->name, "Bag");
    assert_true(bag->dynamic);
    assert_false(bag->dict);
    assert_int_equal(bag->slots.len, 0);
    assert_string_equal(hdr->name, "Header");
    assert_int_equal(hdr->layout, LAYOUT_PACKED);
    assert_int_equal(hdr->slots.len, 3);
    assert_string_equal(slot_at(hdr, 2)->name, "len");
    assert_loc(slot_at(hdr, 2)->at, 34, 36);
    check_type(&slot_at(hdr, 2)->type, "u16", "u16", false, 0, 0);
}

static void example_loads(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    schema *s = tc_load(&t, tc_spec_example);
    assert_non_null(s);
    assert_string_equal(tc_diag(&t), "");
    assert_int_equal(diag_errors(t.m.d), 0);
    assert_string_equal(s->path, "test.yaml");
    assert_string_equal(s->file, "test.yaml");
    assert_string_equal(s->stem, "test");
    assert_string_equal(s->name, "shapes");
    assert_loc(s->name_at, 1, 9);
    assert_string_equal(s->doc, "Geometry primitives.");
    assert_true(s->is_root);
    assert_int_equal(s->imports.len, 0);
    assert_int_equal(t.m.schemas.len, 1);
    assert_ptr_equal(PV_AT(t.m.schemas, 0), s);
    assert_int_equal(s->classes.len, 5);
    check_example_enums(s);
    check_example_point(s);
    check_example_label(s);
    check_example_rest(s);
    tc_free(&t);
}

/* The same text twice under one path is one schema. */
static void text_loaded_once(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    schema *a = tc_load(&t, "schema: a\n");
    schema *b = tc_load(&t, "schema: b\n");
    assert_ptr_equal(a, b);
    assert_int_equal(t.m.schemas.len, 1);
    tc_free(&t);
}

/* ---- Type expressions and scalars --------------------------------------- */

static void type_expressions(void **state)
{
    (void)state;
    static const struct {
        const char *text, *name;
        bool is_ref;
        uint64_t str_len, array_len;
    } cases[] = {
        {"bool", "bool", false, 0, 0},
        {"str[31][4]", "str", false, 31, 4},
        {"Label*[2]", "Label", true, 0, 2},
        {"Point[4]", "Point", false, 0, 4},
        {"str [ 8 ] [ 2 ]", "str", false, 8, 2},
        {"u8 * ", "u8", true, 0, 0},
        {"str[2147483647]", "str", false, 2147483647, 0},
        {"_T9[007]", "_T9", false, 0, 7},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[256];
        test_ctx t;
        tc_init(&t);
        schema *s = tc_load(&t, with_slot_type(buf, sizeof buf, cases[i].text));
        assert_string_equal(tc_diag(&t), "");
        type_expr *ty = &slot_at(class_at(s, 0), 0)->type;
        assert_string_equal(ty->name, cases[i].name);
        assert_int_equal(ty->is_ref, cases[i].is_ref);
        assert_int_equal(ty->str_len, cases[i].str_len);
        assert_int_equal(ty->array_len, cases[i].array_len);
        assert_loc(ty->at, 5, 10);
        tc_free(&t);
    }
}

/* N = 0 is check's to reject; load records that there was an array. */
static void zero_lengths(void **state)
{
    (void)state;
    char buf[256];
    test_ctx t;
    tc_init(&t);
    schema *s = tc_load(&t, with_slot_type(buf, sizeof buf, "u8[0]"));
    assert_string_equal(tc_diag(&t), "");
    type_expr *ty = &slot_at(class_at(s, 0), 0)->type;
    assert_true(ty->is_array);
    assert_int_equal(ty->array_len, 0);
    tc_free(&t);
    tc_init(&t);
    s = tc_load(&t, with_slot_type(buf, sizeof buf, "str[0]"));
    assert_string_equal(tc_diag(&t), "");
    ty = &slot_at(class_at(s, 0), 0)->type;
    assert_string_equal(ty->name, "str");
    assert_int_equal(ty->str_len, 0);
    assert_false(ty->is_array);
    tc_free(&t);
}

static void type_errors(void **state)
{
    (void)state;
    static const struct {
        const char *type, *msg;
    } cases[] = {
        {"str", "test.yaml:5:10: error: str needs a length: str[N]"},
        {"str*", "test.yaml:5:10: error: str needs a length: str[N]"},
        {"u8[", "test.yaml:5:10: error: malformed type 'u8[' (expected NAME, NAME*, NAME[N] "
                "or str[N])"},
        {"u8[3][4]", "error: malformed type 'u8[3][4]'"},
        {"u8[x]", "error: malformed type 'u8[x]'"},
        {"u8[-1]", "error: malformed type 'u8[-1]'"},
        {"1abc", "error: malformed type '1abc'"},
        {"Label**", "error: malformed type 'Label**'"},
        {"str[3]*", "error: malformed type 'str[3]*'"},
        {"'[]'", "test.yaml:5:10: error: malformed type '[]'"},
        {"u8[2147483648]",
         "test.yaml:5:13: error: array size '2147483648' is too large (at most 2147483647)"},
        {"str[99999999999999999999]", "test.yaml:5:14: error: string length "
                                      "'99999999999999999999' is too large (at most "
                                      "2147483647)"},
        {"str[1][18446744073709551616]", "error: array size '18446744073709551616' is too large"},
        {"''", "test.yaml:5:10: error: slot 'x' needs a type"},
        {"", "test.yaml:5:7: error: slot 'x' needs a type"},
        {"= 5", "test.yaml:5:10: error: slot 'x' needs a type"},
        {"f64 =", "test.yaml:5:14: error: missing default after '=' in slot 'x'"},
        {"[f64]", "test.yaml:5:10: error: slot 'x' must be a type or a mapping with 'type:'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[256];
        with_slot_type(buf, sizeof buf, cases[i].type);
        if (!*cases[i].type) /* "x: " with nothing: null, at the value's spot */
            snprintf(buf, sizeof buf, "schema: s\nclasses:\n  C:\n    slots:\n      x:\n");
        expect_error(buf, cases[i].msg);
    }
}

static void shorthand_defaults(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    schema *s = tc_load(&t, "schema: s\n"
                            "classes:\n"
                            "  C:\n"
                            "    slots:\n"
                            "      a: str[8] = 'hi there'\n"
                            "      b: \"u8=3\"\n"
                            "      c: u8 =  -2\n"
                            "      \"d\": str[3] = \"\"\n");
    assert_string_equal(tc_diag(&t), "");
    class_def *c = class_at(s, 0);
    check_scalar(slot_at(c, 0)->dflt, "hi there", true, 5, 19);
    check_type(&slot_at(c, 0)->type, "str[8]", "str", false, 8, 0);
    /* a quoted YAML scalar without escapes still maps to its columns */
    check_scalar(slot_at(c, 1)->dflt, "3", false, 6, 14);
    assert_loc(slot_at(c, 1)->type.at, 6, 10); /* the type starts its scalar */
    check_scalar(slot_at(c, 2)->dflt, "-2", false, 7, 16);
    check_scalar(slot_at(c, 3)->dflt, "", true, 8, 21);
    tc_free(&t);
}

static void long_form_scalars(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    schema *s = tc_load(&t, "schema: s\n"
                            "classes:\n"
                            "  C:\n"
                            "    slots:\n"
                            "      a: {type: 'str[4]', default: \"12\"}\n"
                            "      b: {type: 'str[4]', default: !!str 12}\n"
                            "      c: {type: 'str[4]', default: \"a\\0b\"}\n"
                            "      d:\n"
                            "        type: string\n"
                            "        default: |\n"
                            "          two\n"
                            "          \tlines\n"
                            "        doc: >\n"
                            "          folded\n");
    assert_string_equal(tc_diag(&t), "");
    class_def *c = class_at(s, 0);
    check_scalar(slot_at(c, 0)->dflt, "12", true, 5, 36);
    check_type(&slot_at(c, 0)->type, "str[4]", "str", false, 4, 0);
    assert_true(slot_at(c, 1)->dflt->quoted);
    scalar *nul = slot_at(c, 2)->dflt;
    assert_int_equal(nul->len, 3);
    assert_memory_equal(nul->text, "a\0b", 3);
    assert_string_equal(slot_at(c, 3)->dflt->text, "two\n\tlines\n");
    assert_true(slot_at(c, 3)->dflt->quoted);
    assert_string_equal(slot_at(c, 3)->doc, "folded\n");
    tc_free(&t);
}

/* ---- YAML-level errors -------------------------------------------------- */

static void yaml_syntax_error(void **state)
{
    (void)state;
    expect_error("schema: s\nclasses: [a, b\n",
                 "test.yaml:3:1: error: invalid YAML: did not find expected ',' or ']'");
    test_ctx t;
    tc_init(&t);
    tc_load(&t, "schema: s\nclasses: [a, b\n");
    expect_in(tc_diag(&t), "test.yaml:2:10: note: while parsing a flow sequence that started here");
    tc_free(&t);
    expect_error("schema: s\n  bad: 1\n", "test.yaml:2:6: error: invalid YAML: mapping values "
                                          "are not allowed in this context");
    expect_error("schema: 'open\n", "error: invalid YAML: found unexpected end of stream");
    /* a bracket in a flow collection ends a plain scalar: say so */
    tc_init(&t);
    tc_load(&t, "schema: s\nclasses: {C: {slots: {x: {type: Label*[4]}}}}\n");
    expect_in(tc_diag(&t), "test.yaml:2:39: error: invalid YAML: did not find expected ',' or '}'");
    expect_in(tc_diag(&t), "test.yaml:2:39: note: inside { } or [ ], quote a type with brackets: "
                           "'Label*[4]'");
    tc_free(&t);
}

static void duplicate_keys(void **state)
{
    (void)state;
    const char *text = "schema: s\n"
                       "classes:\n"
                       "  C:\n"
                       "    slots: {x: u8,\n"
                       "            'x': u16}\n";
    test_ctx t;
    tc_init(&t);
    schema *s = tc_load(&t, text);
    /* the whole message, with its source line, caret and note */
    assert_string_equal(tc_diag(&t), "test.yaml:5:13: error: duplicate key 'x'\n"
                                     "    5 |             'x': u16}\n"
                                     "      |             ^\n"
                                     "test.yaml:4:13: note: first defined here\n");
    assert_int_equal(diag_errors(t.m.d), 1);
    /* the first one stays */
    assert_int_equal(class_at(s, 0)->slots.len, 1);
    assert_string_equal(slot_at(class_at(s, 0), 0)->type.name, "u8");
    tc_free(&t);
    expect_error("schema: s\nschema: t\n", "test.yaml:2:1: error: duplicate key 'schema'");
    expect_error("schema: s\nclasses:\n  C: {}\n  D: {}\n  C: {}\n",
                 "test.yaml:5:3: error: duplicate key 'C'");
    expect_error("schema: s\n[a]: 1\n", "test.yaml:2:1: error: mapping keys must be scalars");
}

static void aliases(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    schema *s = tc_load(&t, "schema: s\n"
                            "classes:\n"
                            "  A: &body\n"
                            "    slots: {x: u8 = 1}\n"
                            "  B: *body\n");
    assert_string_equal(tc_diag(&t), "");
    assert_int_equal(s->classes.len, 2);
    assert_string_equal(class_at(s, 1)->name, "B");
    assert_string_equal(slot_at(class_at(s, 1), 0)->dflt->text, "1");
    assert_ptr_equal(slot_at(class_at(s, 1), 0)->owner, class_at(s, 1));
    tc_free(&t);
    expect_error("schema: s\nclasses:\n  A: *nowhere\n",
                 "test.yaml:3:6: error: undefined alias '*nowhere'");
    expect_error("schema: s\nclasses: &c\n  A: *c\n",
                 "test.yaml:3:6: error: alias '*c' refers to a node that contains it");
}

/* Each alias doubles the document: without a bound, reading the model of
 * this would take 2^40 steps. */
static void alias_bomb(void **state)
{
    (void)state;
    char text[4096];
    size_t n = (size_t)snprintf(text, sizeof text, "schema: s\nx0: &a0 [x, x]\n");
    for (int i = 1; i <= 40; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "x%d: &a%d [*a%d, *a%d]\n", i, i, i - 1,
                              i - 1);
    expect_error(text, "error: aliases expand this document to more than 100000 nodes");
}

static void one_document(void **state)
{
    (void)state;
    expect_error("schema: a\n---\nschema: b\n",
                 "test.yaml:2:1: error: a schema file holds one YAML document");
    expect_error("--- {schema: a}\n--- {schema: b}\n...\n",
                 "test.yaml:2:1: error: a schema file holds one YAML document");
}

static void empty_input(void **state)
{
    (void)state;
    static const char *const texts[] = {"",    "\n\n", "# only a comment\n", "---\n",
                                        "~\n", "null", "\xef\xbb\xbf"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        expect_error(texts[i], "test.yaml:1:1: error: empty schema: expected a mapping with "
                               "'schema:' and 'classes:'");
}

static void top_level_kind(void **state)
{
    (void)state;
    expect_error("- schema: s\n", "test.yaml:1:1: error: a schema must be a mapping");
    expect_error("\n  just text\n", "test.yaml:2:3: error: a schema must be a mapping");
    expect_error("''\n", "test.yaml:1:1: error: a schema must be a mapping");
}

static void garbage_bytes(void **state)
{
    (void)state;
    static const char utf16[] = "\xff\xfe\x00garbage";
    expect_error_n(utf16, sizeof utf16 - 1,
                   "test.yaml:1:1: error: schema files must be UTF-8 text, not UTF-16");
    static const char nul[] = "schema: s\nclasses: \x00\x01\x02";
    expect_error_n(nul, sizeof nul - 1,
                   "test.yaml:2:10: error: NUL byte in schema text (is this a binary file?)");
    expect_error("schema: s\xc3\x28\n",
                 "test.yaml:1:10: error: invalid UTF-8 byte 0xc3 (schema files must be UTF-8 "
                 "text)");
    expect_error("schema: \xc3\xa9t\xc3\xa9\xff\n",
                 "test.yaml:1:12: error: invalid UTF-8 byte 0xff");
    expect_error("schema: \xed\xa0\x80\n", "error: invalid UTF-8 byte 0xed"); /* surrogate */
    expect_error("schema: \xc0\xaf\n", "error: invalid UTF-8 byte 0xc0");     /* overlong */
    expect_error("schema: \xe2\x82\n", "error: invalid UTF-8 byte 0xe2");     /* truncated */
    expect_error("schema: s\x07\n",
                 "test.yaml:1:10: error: character U+0007 is not allowed in YAML");
    expect_error("schema: \xc2\x9b\n", "error: character U+009B is not allowed in YAML");
    /* something binary-looking but valid: still one clear error */
    static const char elf[] = "\x7f"
                              "ELF\x02\x01\x01";
    expect_error_n(elf, sizeof elf - 1, "test.yaml:1:1: error: character U+007F is not allowed");
    /* non-ASCII text is fine and columns count characters */
    expect_error("schema: s\nclasses: {Ünï: {slotz: {}}}\n",
                 "test.yaml:2:17: error: unknown key 'slotz' in class 'Ünï'");
}

static void tabs(void **state)
{
    (void)state;
    expect_error("schema: s\nclasses:\n\tA: {}\n",
                 "test.yaml:3:1: error: tabs are not allowed in indentation; use spaces");
    expect_error("schema: s\nclasses:\n  A:\n   \t slots: {}\n",
                 "test.yaml:4:4: error: tabs are not allowed in indentation; use spaces");
    expect_error("schema: s\nimports:\n  -\tx.yaml\n",
                 "test.yaml:3:4: error: tabs are not allowed in indentation; use spaces");
    /* every line once, then the stop: nothing else about the file */
    test_ctx t;
    tc_init(&t);
    tc_load(&t, "schema: s\nclasses:\n\tA:\n\t\t\tslots: {}\n  B: {tpye: 1}\n");
    const char *out = tc_diag(&t);
    expect_in(out, "test.yaml:3:1: error: tabs are not allowed");
    expect_in(out, "test.yaml:4:1: error: tabs are not allowed");
    expect_not_in(out, "tpye");
    assert_int_equal(diag_errors(t.m.d), 2);
    tc_free(&t);
    /* many lines: the first ten, then a count */
    char text[1024] = "schema: s\nclasses:\n";
    for (int i = 0; i < 15; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "\tC%d: {}\n", i);
    tc_init(&t);
    tc_load(&t, text);
    assert_int_equal(diag_errors(t.m.d), 10);
    expect_in(tc_diag(&t), "test.yaml: note: 5 more lines are indented with tabs");
    tc_free(&t);
    /* tabs elsewhere are fine: after a key, and in the text of a block scalar */
    tc_init(&t);
    schema *s = tc_load(&t, "schema:\ts\ndoc: |\n  code:\n  \tindented\n\n  end\nclasses: {}\n");
    assert_string_equal(tc_diag(&t), "");
    assert_string_equal(s->doc, "code:\n\tindented\n\nend\n");
    tc_free(&t);
}

static void deep_nesting(void **state)
{
    (void)state;
    char text[512];
    /* 64 levels (the mapping at the top, then 63 lists) are allowed... */
    snprintf(text, sizeof text, "schema: s\nx: %.*s%.*s\n", 63,
             "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", 63,
             "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
    expect_error(text, "test.yaml:2:1: error: unknown key 'x' at the top level of the schema");
    /* ...65 are not */
    snprintf(text, sizeof text, "schema: s\nx: %.*s%.*s\n", 64,
             "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", 64,
             "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
    expect_error(text, "test.yaml:2:67: error: nesting is too deep (more than 64 levels)");
    /* and a huge one stops early, without exhausting anything */
    size_t n = 1000000;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, '[', n);
    big[n] = '\0';
    expect_error(big, "test.yaml:1:65: error: nesting is too deep (more than 64 levels)");
    free(big);
}

/* ---- Model-level errors ------------------------------------------------- */

static void missing_schema(void **state)
{
    (void)state;
    expect_error("# comment\nclasses: {}\n",
                 "test.yaml:2:1: error: missing 'schema:' (the C prefix for this schema)");
    expect_error("schema: [a]\n",
                 "test.yaml:1:9: error: 'schema' must be a name (the C prefix for this schema)");
    expect_error("schema:\n",
                 "test.yaml:1:8: error: 'schema' must be a name (the C prefix for this schema)");
}

static void unknown_keys(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    tc_load(&t, "schema: s\n"
                "clases: {}\n"
                "classes:\n"
                "  C:\n"
                "    slot: {x: u8}\n"
                "    slots:\n"
                "      x: {tipe: u8, type: u8}\n"
                "      y: {type: u8, tpye: u8}\n"
                "    attrs:\n"
                "      k: {type: u8, value: 1, valu: 2}\n"
                "    colour: red\n");
    const char *out = tc_diag(&t);
    expect_in(out, "test.yaml:2:1: error: unknown key 'clases' at the top level of the schema\n");
    expect_in(out, "test.yaml:2:1: note: did you mean 'classes'?\n");
    expect_in(out, "test.yaml:5:5: error: unknown key 'slot' in class 'C'\n");
    expect_in(out, "test.yaml:5:5: note: did you mean 'slots'?\n");
    expect_in(out, "test.yaml:7:11: error: unknown key 'tipe' in slot 'x'\n");
    expect_in(out, "test.yaml:7:11: note: did you mean 'type'?\n");
    expect_in(out, "test.yaml:8:21: error: unknown key 'tpye' in slot 'y'\n");
    expect_in(out, "test.yaml:8:21: note: did you mean 'type'?\n");
    expect_in(out, "test.yaml:10:31: error: unknown key 'valu' in attr 'k'\n");
    expect_in(out, "test.yaml:10:31: note: did you mean 'value'?\n");
    expect_in(out, "test.yaml:11:5: error: unknown key 'colour' in class 'C'\n");
    expect_in(out, "test.yaml:11:5: note: valid keys here: doc, extends, slots, attrs, dict, "
                   "weakref, dynamic, layout\n");
    assert_int_equal(diag_errors(t.m.d), 6);
    tc_free(&t);
}

/* A misspelt key explains a missing one: no second error for it. */
static void no_echo_errors(void **state)
{
    (void)state;
    expect_error("schema: s\nclasses: {A: {slots: {x: {tpye: u8}}}}\n",
                 "test.yaml:2:27: error: unknown key 'tpye' in slot 'x'");
    expect_error("schema: s\nclasses: {A: {attrs: {k: {type: u8, vlaue: 1}}}}\n",
                 "test.yaml:2:37: error: unknown key 'vlaue' in attr 'k'");
    /* a bad type is one error, not also a complaint about the default after it */
    expect_error("schema: s\nclasses: {A: {slots: {x: 'u8[ = 300'}}}\n",
                 "error: malformed type 'u8['");
    /* a bad class body is one error, whatever it holds */
    expect_error("schema: s\nclasses:\n  A:\n    - slots: {x: str}\n",
                 "test.yaml:4:5: error: class 'A' must be a mapping");
}

/* What load could not read is dropped, and marked so that check does not
 * echo load's errors ("no members", "unknown type"). */
static void incomplete_parts(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    schema *s = tc_load(&t, "schema: s\n"
                            "enums:\n"
                            "  E: {a: x, b: 1}\n"
                            "  F: 3\n"
                            "  G: [a, [b]]\n"
                            "  H: [a]\n"
                            "classes:\n"
                            "  B: [x]\n"
                            "  C: {slots: {x: 'u8[', y: u8}}\n");
    assert_int_equal(diag_errors(t.m.d), 5);
    assert_true(s->incomplete);
    assert_int_equal(s->enums.len, 4);
    enum_def *e = PV_AT(s->enums, 0), *f = PV_AT(s->enums, 1), *g = PV_AT(s->enums, 2),
             *h = PV_AT(s->enums, 3);
    assert_true(e->incomplete);
    assert_int_equal(e->values.len, 1);
    assert_string_equal(((enum_value *)PV_AT(e->values, 0))->name, "b");
    assert_true(f->incomplete);
    assert_int_equal(f->values.len, 0);
    assert_true(g->incomplete);
    assert_int_equal(g->values.len, 1);
    assert_false(h->incomplete);
    /* a class with a wrong body is still a class; a slot without a type is not a slot */
    assert_int_equal(s->classes.len, 2);
    assert_string_equal(class_at(s, 0)->name, "B");
    assert_int_equal(class_at(s, 0)->slots.len, 0);
    assert_int_equal(class_at(s, 1)->slots.len, 1);
    assert_string_equal(slot_at(class_at(s, 1), 0)->name, "y");
    tc_free(&t);

    tc_init(&t);
    s = tc_load(&t, "schema: s\nclasses: {A: {slots: {x: u8}}}\n");
    assert_false(s->incomplete);
    tc_free(&t);
    tc_init(&t);
    s = tc_load(&t, "schema: s\nclasses: [\n");
    assert_true(s->incomplete);
    assert_null(s->name);
    assert_int_equal(s->classes.len, 0);
    tc_free(&t);
}

static void wrong_kinds(void **state)
{
    (void)state;
    static const struct {
        const char *text, *msg;
    } cases[] = {
        {"schema: s\nimports: colors.yaml\n",
         "test.yaml:2:10: error: imports must be a list of file names"},
        {"schema: s\nimports: [[a]]\n", "test.yaml:2:11: error: an import must be a file name"},
        {"schema: s\nimports: ['']\n", "test.yaml:2:11: error: an import must be a file name"},
        {"schema: s\nenums: [A]\n",
         "test.yaml:2:8: error: enums must be a mapping of name: values"},
        {"schema: s\nenums: {E: x}\n",
         "test.yaml:2:12: error: enum 'E' must be a list of names or a mapping of name: integer"},
        {"schema: s\nenums: {E: }\n", "error: enum 'E' must be a list of names"},
        {"schema: s\nenums: {E: [a, [b]]}\n",
         "test.yaml:2:16: error: members of enum 'E' must be names"},
        {"schema: s\nenums: {E: {a: x}}\n",
         "test.yaml:2:16: error: value of 'a' in enum 'E' must be an integer"},
        {"schema: s\nenums: {E: {a: '1'}}\n", "error: value of 'a' in enum 'E' must be an integer"},
        {"schema: s\nenums: {E: {a: 1.5}}\n", "error: value of 'a' in enum 'E' must be an integer"},
        {"schema: s\nenums: {E: {a: 0x}}\n", "error: value of 'a' in enum 'E' must be an integer"},
        {"schema: s\nenums: {E: {a: 9223372036854775808}}\n",
         "test.yaml:2:16: error: value '9223372036854775808' of 'a' in enum 'E' does not fit "
         "in 64 bits"},
        {"schema: s\nenums: {E: {a: -0x8000000000000001}}\n", "does not fit in 64 bits"},
        {"schema: s\nenums: {E: {a: 99999999999999999999999}}\n", "does not fit in 64 bits"},
        {"schema: s\nclasses: [A]\n",
         "test.yaml:2:10: error: classes must be a mapping of name: class"},
        {"schema: s\nclasses: {A: 1}\n", "test.yaml:2:14: error: class 'A' must be a mapping"},
        {"schema: s\nclasses: {A: {slots: [x]}}\n",
         "test.yaml:2:22: error: slots must be a mapping of name: type"},
        {"schema: s\nclasses: {A: {attrs: [x]}}\n",
         "test.yaml:2:22: error: attrs must be a mapping of name: {type, value}"},
        {"schema: s\nclasses: {A: {attrs: {k: 1}}}\n",
         "test.yaml:2:26: error: attr 'k' must be a mapping with 'type:' and 'value:'"},
        {"schema: s\nclasses: {A: {attrs: {k: {value: 1}}}}\n",
         "test.yaml:2:23: error: attr 'k' needs a type"},
        {"schema: s\nclasses: {A: {attrs: {k: {type: u8}}}}\n",
         "test.yaml:2:23: error: attr 'k' needs a value"},
        {"schema: s\nclasses: {A: {attrs: {k: {type: u8, value: [1]}}}}\n",
         "test.yaml:2:44: error: value of attr 'k' must be a scalar"},
        {"schema: s\nclasses: {A: {dict: yes}}\n",
         "test.yaml:2:21: error: 'dict' must be true or false"},
        {"schema: s\nclasses: {A: {weakref: 'true'}}\n", "error: 'weakref' must be true or false"},
        {"schema: s\nclasses: {A: {dynamic: 1}}\n", "error: 'dynamic' must be true or false"},
        {"schema: s\nclasses: {A: {extends: [B]}}\n",
         "test.yaml:2:24: error: extends of class 'A' must be a class name"},
        {"schema: s\nclasses: {A: {doc: {a: b}}}\n",
         "test.yaml:2:20: error: 'doc' must be a string"},
        {"schema: s\ndoc: [a]\n", "test.yaml:2:6: error: 'doc' must be a string"},
        {"schema: s\nclasses: {A: {slots: {x: {default: 1}}}}\n",
         "test.yaml:2:23: error: slot 'x' needs a type"},
        {"schema: s\nclasses: {A: {slots: {x: {type: [u8]}}}}\n",
         "test.yaml:2:33: error: type of slot 'x' must be a scalar"},
        {"schema: s\nclasses: {A: {slots: {x: {type: u8, default: [1]}}}}\n",
         "test.yaml:2:46: error: default of slot 'x' must be a scalar"},
        {"schema: s\nclasses: {A: {slots: {x: {type: u8, min: {a: 1}}}}}\n",
         "test.yaml:2:42: error: min of slot 'x' must be a scalar"},
        {"schema: s\nclasses: {A: {slots: {x: {type: u8, max: [1]}}}}\n",
         "error: max of slot 'x' must be a scalar"},
        {"schema: s\nclasses: {\"A\\0B\": {}}\n",
         "test.yaml:2:11: error: a name cannot contain a NUL character"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_error(cases[i].text, cases[i].msg);
}

static void layout_values(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    schema *s =
        tc_load(&t, "schema: s\nclasses:\n  A: {layout: declared}\n  B: {layout: pakced}\n");
    const char *out = tc_diag(&t);
    expect_in(out, "test.yaml:4:15: error: layout must be compact, declared or packed\n");
    expect_in(out, "test.yaml:4:15: note: did you mean 'packed'?\n");
    assert_int_equal(class_at(s, 0)->layout, LAYOUT_DECLARED);
    tc_free(&t);
}

static void enum_values(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    schema *s = tc_load(&t, "schema: s\nenums:\n"
                            "  E: {a: -1, b: 0x7fffffffffffffff, c: -9223372036854775808, d: +0X1F,"
                            " e: 010}\n"
                            "  F: []\n");
    assert_string_equal(tc_diag(&t), "");
    enum_def *e = PV_AT(s->enums, 0);
    static const int64_t want[] = {-1, INT64_MAX, INT64_MIN, 31, 10};
    assert_int_equal(e->values.len, 5);
    for (size_t i = 0; i < 5; i++)
        assert_true(((enum_value *)PV_AT(e->values, i))->value == want[i]);
    assert_int_equal(((enum_def *)PV_AT(s->enums, 1))->values.len, 0);
    tc_free(&t);
}

/* Empty values stand for empty collections, and an empty class is a class. */
static void nulls(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    schema *s =
        tc_load(&t, "schema: s\ndoc:\nimports:\nenums: ~\nclasses:\n  A:\n  B:\n    slots:\n");
    assert_string_equal(tc_diag(&t), "");
    assert_null(s->doc);
    assert_int_equal(s->classes.len, 2);
    assert_int_equal(class_at(s, 1)->slots.len, 0);
    tc_free(&t);
}

static void several_errors(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    tc_load(&t, "schema: s\n"
                "enums:\n"
                "  E: {a: x}\n"
                "classes:\n"
                "  A:\n"
                "    dict: yes\n"
                "    slots:\n"
                "      a: str\n"
                "      b: u8[\n"
                "      c: {type: u8, tpye: u8}\n"
                "      d: f64\n"
                "  B: [x]\n"
                "  C:\n"
                "    layout: tight\n");
    const char *out = tc_diag(&t);
    expect_in(out, "test.yaml:3:10: error: value of 'a' in enum 'E' must be an integer");
    expect_in(out, "test.yaml:6:11: error: 'dict' must be true or false");
    expect_in(out, "test.yaml:8:10: error: str needs a length: str[N]");
    expect_in(out, "test.yaml:9:10: error: malformed type 'u8['");
    expect_in(out, "test.yaml:10:21: error: unknown key 'tpye' in slot 'c'");
    expect_in(out, "test.yaml:12:6: error: class 'B' must be a mapping");
    expect_in(out, "test.yaml:14:13: error: layout must be compact, declared or packed");
    assert_int_equal(diag_errors(t.m.d), 7);
    tc_free(&t);
}

/* ---- Files and imports -------------------------------------------------- */

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void remove_tree(const char *root)
{
    static const char *const files[] = {"schemas/shapes.yaml", "schemas/colors.yaml",
                                        "inc/units.yml", "inc/colors.yaml"};
    char path[1024];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", root, files[i]);
        remove(path);
    }
    snprintf(path, sizeof path, "%s/schemas", root);
    rmdir(path);
    snprintf(path, sizeof path, "%s/inc", root);
    rmdir(path);
    rmdir(root);
}

static void make_tree(char *root, char *schemas, char *inc, size_t n)
{
    assert_non_null(mkdtemp(root));
    snprintf(schemas, n, "%s/schemas", root);
    snprintf(inc, n, "%s/inc", root);
    assert_int_equal(mkdir(schemas, 0700), 0);
    assert_int_equal(mkdir(inc, 0700), 0);
    write_file(schemas, "shapes.yaml",
               "schema: shapes\nimports:\n  - colors.yaml\n  - units.yml\n  - missing.yaml\n");
    /* a cycle back to shapes, which is linked and not read again */
    write_file(schemas, "colors.yaml", "schema: colors\nimports: [shapes.yaml, units.yml]\n");
    write_file(inc, "units.yml", "schema: units\nenums: {Unit: [mm]}\n");
    /* shadowed by the one next to shapes.yaml */
    write_file(inc, "colors.yaml", "schema: wrong\n");
}

static void imports(void **state)
{
    (void)state;
    char root[] = "/tmp/slotc_test_load_XXXXXX", schemas[512], inc[512], path[600];
    make_tree(root, schemas, inc, sizeof schemas);
    snprintf(path, sizeof path, "%s/shapes.yaml", schemas);
    test_ctx t;
    tc_init(&t);
    pv_push(t.m.a, &t.m.include, inc);
    schema *s = ld_load(&t.m, path);
    assert_non_null(s);
    const char *out = tc_diag(&t);
    char want[2048];
    snprintf(want, sizeof want, "%s:5:5: error: cannot find import 'missing.yaml'\n", path);
    expect_in(out, want);
    snprintf(want, sizeof want, "%s:5:5: note: looked for '%s/missing.yaml', '%s/missing.yaml'\n",
             path, schemas, inc);
    expect_in(out, want);
    assert_int_equal(diag_errors(t.m.d), 1);

    assert_string_equal(s->path, path);
    assert_string_equal(s->stem, "shapes");
    assert_true(s->is_root);
    assert_int_equal(s->imports.len, 3);
    import_def *colors = PV_AT(s->imports, 0), *units = PV_AT(s->imports, 1),
               *missing = PV_AT(s->imports, 2);
    assert_string_equal(colors->path, "colors.yaml");
    assert_loc(colors->at, 3, 5);
    assert_non_null(colors->target);
    assert_string_equal(colors->target->name, "colors");
    snprintf(want, sizeof want, "%s/colors.yaml", schemas);
    assert_string_equal(colors->target->path, want);
    assert_false(colors->target->is_root);
    assert_non_null(units->target);
    assert_string_equal(units->target->name, "units");
    assert_string_equal(units->target->file, "units.yml");
    assert_string_equal(units->target->stem, "units");
    assert_null(missing->target);
    assert_true(s->incomplete); /* its missing import */
    assert_false(colors->target->incomplete);

    /* each file once: shapes, colors, units */
    assert_int_equal(t.m.schemas.len, 3);
    import_def *back = PV_AT(colors->target->imports, 0);
    assert_ptr_equal(back->target, s);
    assert_ptr_equal(((import_def *)PV_AT(colors->target->imports, 1))->target, units->target);
    /* and a root named again is the same schema */
    snprintf(path, sizeof path, "%s/../inc/units.yml", schemas);
    assert_ptr_equal(ld_load(&t.m, path), units->target);
    assert_true(units->target->is_root);
    tc_free(&t);
    remove_tree(root);
}

/* Imports of text from memory resolve against its path's directory. */
static void imports_from_text(void **state)
{
    (void)state;
    char root[] = "/tmp/slotc_test_load_XXXXXX", schemas[512], inc[512], path[600];
    make_tree(root, schemas, inc, sizeof schemas);
    snprintf(path, sizeof path, "%s/main.yaml", schemas);
    test_ctx t;
    tc_init(&t);
    pv_push(t.m.a, &t.m.include, inc);
    const char *text = "schema: m\nimports: [units.yml]\n";
    schema *s = ld_load_text(&t.m, path, text, strlen(text));
    assert_string_equal(tc_diag(&t), "");
    import_def *im = PV_AT(s->imports, 0);
    assert_non_null(im->target);
    assert_string_equal(im->target->name, "units");
    snprintf(path, sizeof path, "%s/units.yml", inc);
    assert_string_equal(im->target->path, path);
    tc_free(&t);
    remove_tree(root);
}

static void unreadable_file(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    assert_null(ld_load(&t.m, "/nonexistent/x.yaml"));
    assert_string_equal(tc_diag(&t),
                        "slotc: error: cannot read '/nonexistent/x.yaml': No such file or "
                        "directory\n");
    assert_null(ld_load(&t.m, "/tmp"));
    expect_in(tc_diag(&t), "slotc: error: cannot read '/tmp': Is a directory\n");
    assert_int_equal(t.m.schemas.len, 0);
    tc_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(example_loads),
        cmocka_unit_test(text_loaded_once),
        cmocka_unit_test(type_expressions),
        cmocka_unit_test(zero_lengths),
        cmocka_unit_test(type_errors),
        cmocka_unit_test(shorthand_defaults),
        cmocka_unit_test(long_form_scalars),
        cmocka_unit_test(yaml_syntax_error),
        cmocka_unit_test(duplicate_keys),
        cmocka_unit_test(aliases),
        cmocka_unit_test(alias_bomb),
        cmocka_unit_test(one_document),
        cmocka_unit_test(empty_input),
        cmocka_unit_test(top_level_kind),
        cmocka_unit_test(garbage_bytes),
        cmocka_unit_test(tabs),
        cmocka_unit_test(deep_nesting),
        cmocka_unit_test(missing_schema),
        cmocka_unit_test(unknown_keys),
        cmocka_unit_test(no_echo_errors),
        cmocka_unit_test(incomplete_parts),
        cmocka_unit_test(wrong_kinds),
        cmocka_unit_test(layout_values),
        cmocka_unit_test(enum_values),
        cmocka_unit_test(nulls),
        cmocka_unit_test(several_errors),
        cmocka_unit_test(imports),
        cmocka_unit_test(imports_from_text),
        cmocka_unit_test(unreadable_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
