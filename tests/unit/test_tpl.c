/* test_tpl.c - the Mustache renderer: tags, context stack, standalone lines,
 * partials, set delimiters and every error a template author can meet.
 * Many cases are the Mustache spec's own examples (with HTML escaping and
 * unknown-variable handling adjusted to slotc's rules, see tpl.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "tpl.h"

/* ---- Helpers -------------------------------------------------------------- */

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
    tc_free(*state);
    free(*state);
    return 0;
}

/* CTX is a NULL-terminated array of name, text pairs. */
static const char *find_partial(void *ctx, const char *name)
{
    for (const char *const *p = ctx; p && *p; p += 2)
        if (strcmp(p[0], name) == 0)
            return p[1];
    return NULL;
}

/* The output of TEXT (named "t.mustache") or NULL after an error; OUT
 * starts with "<" so that a failed render can be seen to change nothing. */
static const char *render(test_ctx *t, const char *text, const tpl_val *root,
                          const char *const *partials)
{
    strbuf out;
    sb_init(&out, t->m.a);
    sb_puts(&out, "<");
    bool ok = tpl_render(&out, "t.mustache", text, root, find_partial, (void *)partials, t->m.d);
    if (!ok) {
        assert_string_equal(out.data, "<");
        return NULL;
    }
    return out.data + 1;
}

static void check_with(test_ctx *t, const char *text, const tpl_val *root,
                       const char *const *partials, const char *expected)
{
    const char *got = render(t, text, root, partials);
    if (!got)
        fail_msg("render failed:\n%s", tc_diag(t));
    assert_string_equal(got, expected);
    assert_string_equal(tc_diag(t), "");
}

static void check(test_ctx *t, const char *text, const tpl_val *root, const char *expected)
{
    check_with(t, text, root, NULL, expected);
}

/* Asserts that TEXT fails and that the diagnostics contain MESSAGE. */
static void check_error_with(test_ctx *t, const char *text, const tpl_val *root,
                             const char *const *partials, const char *message)
{
    const char *got = render(t, text, root, partials);
    if (got)
        fail_msg("rendered \"%s\" instead of failing", got);
    if (!strstr(tc_diag(t), message))
        fail_msg("expected \"%s\" in:\n%s", message, tc_diag(t));
}

static void check_error(test_ctx *t, const char *text, const tpl_val *root, const char *message)
{
    check_error_with(t, text, root, NULL, message);
}

static tpl_val *root_with_bools(test_ctx *t)
{
    tpl_val *root = tpl_map(t->m.a);
    tpl_set_bool(root, "yes", true);
    tpl_set_bool(root, "no", false);
    return root;
}

/* ---- Data ----------------------------------------------------------------- */

static void set_replaces_existing_key(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "k", "one");
    tpl_set(root, "k", "two");
    check(t, "{{k}}", root, "two");
    tpl_set_bool(root, "k", true);
    check(t, "{{#k}}on{{/k}}", root, "on");
    tpl_push_str(tpl_set_list(root, "k"), "x");
    check(t, "{{#k}}{{.}}{{/k}}", root, "x");
    tpl_set(tpl_set_map(root, "k"), "v", "in map");
    check(t, "{{k.v}}", root, "in map");
}

static void setf_formats_and_set_copies(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    char buf[8] = "abc";
    tpl_set(root, "s", buf);
    strcpy(buf, "XYZ");
    tpl_setf(root, "f", "%d-%s", 42, "x");
    check(t, "{{s}} {{f}}", root, "abc 42-x");
}

static void similar_keys_are_distinct(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "ab", "1");
    tpl_set(root, "a", "2");
    tpl_set(root, "abc", "3");
    check(t, "{{a}}{{ab}}{{abc}}", root, "213");
}

/* A lazy list is built once, when a template first looks it up. */
static int lazy_builds;

static void build_letters(void *ctx, tpl_val *list)
{
    lazy_builds++;
    for (const char *p = ctx; *p; p++)
        tpl_push_str(list, (char[]){*p, '\0'});
}

static void lazy_list_is_built_once_on_use(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    lazy_builds = 0;
    tpl_set_lazy(root, "abc", build_letters, "abc");
    tpl_set_lazy(root, "unused", build_letters, "xyz");
    check(t, "{{#abc}}{{.}}{{/abc}}-{{#abc}}{{.}}{{/abc}}{{^abc}}none{{/abc}}", root, "abc-abc");
    assert_int_equal(lazy_builds, 1);
    tpl_set_lazy(root, "empty", build_letters, "");
    check(t, "{{#empty}}x{{/empty}}{{^empty}}none{{/empty}}", root, "none");
}

/* Items are made one at a time in the scratch arena, and released. */
typedef struct items_ctx {
    arena *scratch;
    arena_mark before;
    bool released; /* each item started with the scratch arena as it was */
} items_ctx;

static void make_item(void *ctx, size_t i, tpl_val *item)
{
    items_ctx *x = ctx;
    tpl_setf(item, "i", "%zu", i);
    tpl_set_bool(item, "last", i == 2);
    /* Big enough for a chunk of its own: a release must free it. */
    char *big = ar_bytes(x->scratch, 100000);
    memset(big, 'x', 100000);
    tpl_set_lazy(item, "twice", build_letters, i % 2 ? "o" : "e");
}

static void items_are_made_as_rendered(void **state)
{
    test_ctx *t = *state;
    items_ctx x = {ar_new(), {0}, true};
    tpl_val *root = tpl_map(t->m.a);
    tpl_set_items(root, "items", 3, make_item, &x, x.scratch);
    tpl_set_items(root, "none", 0, make_item, &x, x.scratch);
    tpl_set(root, "sep", ",");
    x.before = ar_mark(x.scratch);
    check(t,
          "{{#items}}{{i}}{{#twice}}{{.}}{{/twice}}{{^last}}{{sep}}{{/last}}{{/items}}"
          "{{#none}}x{{/none}}{{^none}}!{{/none}}",
          root, "0e,1o,2e!");
    arena_mark after = ar_mark(x.scratch);
    assert_ptr_equal(after.head, x.before.head);
    assert_int_equal(after.used, x.before.used);
    ar_free(x.scratch);
}

/* A small output buffer is emptied as often as it fills. */
static void flush_to_strbuf(tpl_out *o)
{
    sb_putn(o->ctx, o->buf, o->len);
    o->len = 0;
}

static void render_to_small_buffer(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "long", "0123456789abcdefghij");
    strbuf got;
    sb_init(&got, t->m.a);
    char buf[3];
    tpl_out o = {buf, 0, sizeof buf, flush_to_strbuf, &got};
    assert_true(
        tpl_render_to(&o, t->m.a, "t.mustache", "<{{long}}>{{long}}", root, NULL, NULL, t->m.d));
    flush_to_strbuf(&o);
    assert_string_equal(got.data, "<0123456789abcdefghij>0123456789abcdefghij");
}

static void set_str_keeps_the_pointer(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map_n(t->m.a, 1);
    char buf[8] = "abc";
    tpl_set_str(root, "s", buf);
    strcpy(buf, "XYZ");
    for (int i = 0; i < 40; i++) /* past the hint: the table grows */
        tpl_setf(root, (char[]){'k', (char)('A' + i), '\0'}, "%d", i);
    tpl_val *list = tpl_set_list(root, "list");
    tpl_val *shared = tpl_map(t->m.a);
    tpl_set(shared, "x", "y");
    tpl_push_map(list, shared);
    tpl_push_map(list, shared);
    tpl_set(tpl_push_n(list, 2), "x", "z");
    check(t, "{{s}} {{kA}}{{kZ}} {{#list}}[{{x}}]{{/list}}", root, "XYZ 025 [y][y][z]");
}

/* ---- Variables ------------------------------------------------------------ */

static void no_tags(void **state)
{
    test_ctx *t = *state;
    check(t, "Hello from {Mustache}!\n", NULL, "Hello from {Mustache}!\n");
    check(t, "", NULL, "");
}

static void basic_interpolation(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "subject", "world");
    check(t, "Hello, {{subject}}!\n", root, "Hello, world!\n");
}

static void all_variable_forms_insert_verbatim(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "forbidden", "& \" < > \\n");
    check(t, "{{forbidden}}|{{{forbidden}}}|{{&forbidden}}", root,
          "& \" < > \\n|& \" < > \\n|& \" < > \\n");
}

static void variable_padding(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "string", "---");
    check(t, "|{{ string }}|{{{ string }}}|{{& string }}|", root, "|---|---|---|");
}

static void dotted_names(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_val *a = tpl_set_map(root, "a");
    tpl_set(tpl_set_map(tpl_set_map(a, "b"), "c"), "d", "Phil");
    tpl_set(tpl_set_map(root, "person"), "name", "Joe");
    check(t, "\"{{person.name}}\" == \"{{#person}}{{name}}{{/person}}\"", root,
          "\"Joe\" == \"Joe\"");
    check(t, "{{a.b.c.d}}|{{{a.b.c.d}}}|{{&a.b.c.d}}", root, "Phil|Phil|Phil");
}

static void dotted_name_first_part_through_stack(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(tpl_set_map(root, "b"), "c", "from root");
    tpl_set(tpl_set_map(root, "a"), "x", "-");
    check(t, "{{#a}}{{b.c}}{{/a}}", root, "from root");
}

/* Spec "Dotted Names - Context Precedence": a.b is found first, so b.c is
 * not looked for at the root.  Mustache renders "", slotc reports it. */
static void dotted_name_does_not_fall_back_after_first_part(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set_map(tpl_set_map(root, "a"), "b");
    tpl_set(tpl_set_map(root, "b"), "c", "ERROR");
    check_error(t, "{{#a}}{{b.c}}{{/a}}", root, "t.mustache:1:7: error: unknown name 'b.c'");
}

static void dotted_name_through_string_is_unknown(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "a", "str");
    check_error(t, "{{a.b}}", root, "unknown name 'a.b'");
}

static void implicit_iterator(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_val *list = tpl_set_list(root, "list");
    for (const char *s = "abcde"; *s; s++)
        tpl_push_str(list, (char[]){*s, '\0'});
    check(t, "\"{{#list}}({{.}}){{/list}}\"", root, "\"(a)(b)(c)(d)(e)\"");
    check(t, "{{#list}}{{{.}}}{{&.}}{{ . }}{{/list}}", root, "aaabbbcccdddeee");
}

static void variables_are_never_standalone(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "x", "X");
    tpl_set(root, "e", "");
    check(t, "  {{x}}\n", root, "  X\n");
    check(t, "a\n  {{e}}  \nb\n", root, "a\n    \nb\n");
    check(t, "{{{e}}}\n{{&e}}\r\n", root, "\n\r\n");
}

/* ---- Sections ------------------------------------------------------------- */

static void section_truthy_and_falsy(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = root_with_bools(t);
    check(t, "\"{{#yes}}This should be rendered.{{/yes}}\"", root, "\"This should be rendered.\"");
    check(t, "\"{{#no}}This should not be rendered.{{/no}}\"", root, "\"\"");
    check(t, "[{{#missing}}Found key 'missing'!{{/missing}}]", root, "[]");
}

static void section_over_list_of_maps(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_val *list = tpl_set_list(root, "list");
    tpl_set(tpl_push(list), "item", "1");
    tpl_set(tpl_push(list), "item", "2");
    tpl_set(tpl_push(list), "item", "3");
    check(t, "\"{{#list}}{{item}}{{/list}}\"", root, "\"123\"");
}

static void section_over_empty_list(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set_list(root, "list");
    check(t, "\"{{#list}}Yay lists!{{/list}}\"", root, "\"\"");
}

static void section_over_map_pushes_it(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(tpl_set_map(root, "context"), "name", "Joe");
    tpl_set_map(root, "empty");
    check(t, "\"{{#context}}Hi {{name}}.{{/context}}\"", root, "\"Hi Joe.\"");
    check(t, "{{#empty}}empty maps are true{{/empty}}", root, "empty maps are true");
}

static void section_over_string(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "s", "text");
    tpl_set(root, "e", "");
    check(t, "{{#s}}[{{.}}]{{/s}}{{#e}}[{{.}}]{{/e}}", root, "[text]");
}

static void nested_names_fall_back_to_outer(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "prefix", "shapes");
    tpl_set(root, "name", "outer");
    tpl_val *classes = tpl_set_list(root, "classes");
    tpl_val *c = tpl_push(classes);
    tpl_set(c, "name", "Point");
    tpl_val *fields = tpl_set_list(c, "fields");
    tpl_set(tpl_push(fields), "name", "x");
    tpl_set(tpl_push(fields), "name", "y");
    tpl_val *empty = tpl_push(classes);
    tpl_set(empty, "name", "Empty");
    tpl_set_list(empty, "fields");
    check(t,
          "{{#classes}}{{prefix}}_{{name}}:{{#fields}} {{prefix}}_{{name}}{{/fields}};{{/classes}}"
          "{{name}}",
          root, "shapes_Point: shapes_x shapes_y;shapes_Empty:;outer");
}

/* Spec "Deeply Nested Contexts", abridged. */
static void deeply_nested_contexts(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(tpl_set_map(root, "a"), "one", "1");
    tpl_set(tpl_set_map(root, "b"), "two", "2");
    tpl_val *c = tpl_set_map(root, "c");
    tpl_set(c, "three", "3");
    tpl_val *d = tpl_set_map(c, "d");
    tpl_set(d, "four", "4");
    tpl_set(d, "five", "5");
    check(t,
          "{{#a}}\n{{one}}\n{{#b}}\n{{one}}{{two}}{{one}}\n{{#c}}\n"
          "{{one}}{{two}}{{three}}{{two}}{{one}}\n{{#d}}\n"
          "{{one}}{{two}}{{three}}{{four}}{{three}}{{two}}{{one}}\n{{#five}}\n"
          "{{one}}{{two}}{{three}}{{four}}{{five}}{{four}}{{three}}{{two}}{{one}}\n"
          "{{/five}}\n{{/d}}\n{{/c}}\n{{/b}}\n{{/a}}\n",
          root, "1\n121\n12321\n1234321\n123454321\n");
}

static void nested_truthy_and_falsy(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = root_with_bools(t);
    check(t, "| A {{#yes}}B {{#yes}}C{{/yes}} D{{/yes}} E |", root, "| A B C D E |");
    check(t, "| A {{#no}}B {{#no}}C{{/no}} D{{/no}} E |", root, "| A  E |");
}

static void section_doubled(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = root_with_bools(t);
    tpl_set(root, "two", "second");
    check(t, "{{#yes}}\n* first\n{{/yes}}\n* {{two}}\n{{#yes}}\n* third\n{{/yes}}\n", root,
          "* first\n* second\n* third\n");
}

static void section_dotted_name(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set_bool(tpl_set_map(tpl_set_map(root, "a"), "b"), "c", true);
    check(t, "\"{{#a.b.c}}Here{{/a.b.c}}\" \"{{#a.b.x}}Nope{{/a.b.x}}\"", root, "\"Here\" \"\"");
}

static void section_padding_and_whitespace(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = root_with_bools(t);
    check(t, "|{{# yes }}={{/ yes }}|", root, "|=|");
    check(t, " | {{#yes}}\t|\t{{/yes}} | \n", root, " | \t|\t | \n");
    check(t, " | {{#yes}} {{! Important Whitespace }}\n {{/yes}} | \n", root, " |  \n  | \n");
    check(t, " {{#yes}}YES{{/yes}}\n {{#yes}}GOOD{{/yes}}\n", root, " YES\n GOOD\n");
}

/* ---- Inverted sections ---------------------------------------------------- */

static void inverted_renders_on_falsy(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = root_with_bools(t);
    tpl_set_list(root, "empty");
    tpl_set(root, "blank", "");
    check(t, "[{{^no}}F{{/no}}{{^missing}}M{{/missing}}{{^empty}}E{{/empty}}{{^blank}}B{{/blank}}]",
          root, "[FMEB]");
}

static void inverted_skips_truthy(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = root_with_bools(t);
    tpl_push_str(tpl_set_list(root, "list"), "x");
    tpl_set(root, "s", "x");
    tpl_set_map(root, "m");
    check(t, "[{{^yes}}1{{/yes}}{{^list}}2{{/list}}{{^s}}3{{/s}}{{^m}}4{{/m}}]", root, "[]");
}

static void inverted_as_else(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = root_with_bools(t);
    check(t, "{{#yes}}\nif\n{{/yes}}\n{{^yes}}\nelse\n{{/yes}}\n", root, "if\n");
    check(t, "{{#no}}\nif\n{{/no}}\n{{^no}}\nelse\n{{/no}}\n", root, "else\n");
}

/* ---- Comments ------------------------------------------------------------- */

static void comments_inline_and_multiline(void **state)
{
    test_ctx *t = *state;
    check(t, "12345{{! Comment Block! }}67890", NULL, "1234567890");
    check(t, "12345{{!\n  This is a\n  multi-line comment...\n}}67890\n", NULL, "1234567890\n");
    check(t, "12345 {{! Comment Block! }} 67890", NULL, "12345  67890");
    check(t, "  12 {{! 34 }}\n", NULL, "  12 \n");
    check(t, "{{!}}{{! {{x }}.", NULL, ".");
}

/* ---- Standalone lines ----------------------------------------------------- */

static void standalone_comment_lines(void **state)
{
    test_ctx *t = *state;
    check(t, "Begin.\n{{! Comment Block! }}\nEnd.\n", NULL, "Begin.\nEnd.\n");
    check(t, "Begin.\n  {{! Indented Comment Block! }}\nEnd.\n", NULL, "Begin.\nEnd.\n");
    check(t, "Begin.\n{{!\nSomething's going on here...\n}}\nEnd.\n", NULL, "Begin.\nEnd.\n");
    check(t, "Begin.\n  {{!\n    Something's going on here...\n  }}\nEnd.\n", NULL,
          "Begin.\nEnd.\n");
}

static void standalone_section_lines(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = root_with_bools(t);
    check(t, "| This Is\n{{#yes}}\n|\n{{/yes}}\n| A Line\n", root, "| This Is\n|\n| A Line\n");
    check(t, "| This Is\n  {{#yes}}\n|\n  {{/yes}}\n| A Line\n", root, "| This Is\n|\n| A Line\n");
    check(t, "| This Is\n\t {{^no}} \t\n|\n {{/no}}\t\n| A Line\n", root,
          "| This Is\n|\n| A Line\n");
}

static void standalone_at_start_of_template(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = root_with_bools(t);
    check(t, "  {{! I'm Still Standalone }}\n!", root, "!");
    check(t, "  {{#yes}}\n#{{/yes}}\n/", root, "#\n/");
    check(t, "  {{^no}}\n^{{/no}}\n/", root, "^\n/");
    check(t, "{{=<% %>=}}\n<%#yes%>=<%/yes%>", root, "=");
}

static void standalone_at_end_of_template(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = root_with_bools(t);
    check(t, "!\n  {{! I'm Still Standalone }}", root, "!\n");
    check(t, "#{{#yes}}\n/\n  {{/yes}}", root, "#\n/\n");
    check(t, "^{{^no}}\n/\n  {{/no}}", root, "^\n/\n");
    check(t, "x\n {{=<% %>=}} ", root, "x\n");
}

static void standalone_crlf(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = root_with_bools(t);
    const char *const partials[] = {"p", ">", NULL};
    check(t, "|\r\n{{! Standalone Comment }}\r\n|", root, "|\r\n|");
    check(t, "|\r\n{{#yes}}\r\n{{/yes}}\r\n|", root, "|\r\n|");
    check(t, "|\r\n{{^no}}\r\n{{/no}}\r\n|", root, "|\r\n|");
    check(t, "|\r\n  {{=<% %>=}}  \r\n<%#yes%>.<%/yes%>|", root, "|\r\n.|");
    check_with(t, "|\r\n{{>p}}\r\n|", root, partials, "|\r\n>|");
}

static void lone_cr_is_not_a_line_ending(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = root_with_bools(t);
    check(t, "a\n{{#yes}}\rb{{/yes}}\n", root, "a\n\rb\n");
}

static void standalone_set_delimiter_lines(void **state)
{
    test_ctx *t = *state;
    check(t, "Begin.\n{{=@ @=}}\nEnd.\n", NULL, "Begin.\nEnd.\n");
    check(t, "Begin.\n  {{=@ @=}}\nEnd.\n", NULL, "Begin.\nEnd.\n");
}

static void two_tags_on_a_line_are_not_standalone(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = root_with_bools(t);
    check(t, "a\n  {{#yes}}{{/yes}}\nb", root, "a\n  \nb");
    check(t, "a\n{{#yes}} x {{/yes}}\nb", root, "a\n x \nb");
    check(t, "a\n{{! c }}{{! d }}\nb", root, "a\n\nb");
    check(t, "{{#yes}}\n{{/yes}} .\n", root, " .\n");
}

static void text_around_tag_is_not_standalone(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = root_with_bools(t);
    check(t, "a {{#yes}}\nb\n{{/yes}} c\n", root, "a \nb\n c\n");
    check(t, "  {{#no}}x{{/no}} .\n", root, "   .\n");
}

/* ---- Partials ------------------------------------------------------------- */

static void partial_basic_and_context(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "text", "content");
    tpl_set(tpl_set_map(root, "inner"), "text", "inner content");
    const char *const partials[] = {"text", "from partial", "ctx", "*{{text}}*", NULL};
    check_with(t, "\"{{>text}}\"", root, partials, "\"from partial\"");
    check_with(t, "\"{{>ctx}}\" {{#inner}}\"{{>ctx}}\"{{/inner}}", root, partials,
               "\"*content*\" \"*inner content*\"");
    check_with(t, "|{{> text }}|", root, partials, "|from partial|");
}

static void partial_recursion(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "content", "X");
    tpl_val *y = tpl_push(tpl_set_list(root, "nodes"));
    tpl_set(y, "content", "Y");
    tpl_set_list(y, "nodes");
    const char *const partials[] = {"node", "{{content}}<{{#nodes}}{{>node}}{{/nodes}}>", NULL};
    check_with(t, "{{>node}}", root, partials, "X<Y<>>");
}

static void partial_inline_is_not_indented(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "data", "|");
    const char *const partials[] = {"partial", ">\n>", NULL};
    check_with(t, "  {{data}}  {{> partial}}\n", root, partials, "  |  >\n>\n");
    check_with(t, "x {{>partial}}\n", root, partials, "x >\n>\n");
}

static void partial_standalone_lines(void **state)
{
    test_ctx *t = *state;
    const char *const partials[] = {"partial", ">\n>", NULL};
    check_with(t, "  {{>partial}}\n>", NULL, partials, "  >\n  >>");
    check_with(t, ">\n  {{>partial}}", NULL, partials, ">\n  >\n  >");
    check_with(t, "a\n{{>partial}}\nb\n", NULL, partials, "a\n>\n>b\n");
}

/* Spec "Standalone Indentation": every line of the partial is indented,
 * but not the lines inside interpolated data. */
static void partial_standalone_indentation(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "content", "<\n->");
    const char *const partials[] = {"partial", "|\n{{{content}}}\n|\n", NULL};
    check_with(t, "\\\n {{>partial}}\n/\n", root, partials, "\\\n |\n <\n->\n |\n/\n");
}

/* Every line is indented, nested partials cumulatively; empty lines stay
 * empty (as in mustache.js) so that no trailing whitespace reaches the C. */
static void partial_indentation_of_every_line(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = root_with_bools(t);
    const char *const partials[] = {"body", "a;\n\nb;\n{{#yes}}\nc;\n{{/yes}}\n  {{>inner}}\n",
                                    "inner", "x;\ny;", NULL};
    check_with(t, "{\n    {{> body}}\n}\n", root, partials,
               "{\n    a;\n\n    b;\n    c;\n      x;\n      y;}\n");
}

static void partial_same_name_different_indentation(void **state)
{
    test_ctx *t = *state;
    const char *const partials[] = {"p", "1\n2\n", NULL};
    check_with(t, "{{>p}}\n  {{>p}}\n{{>p}}\n", NULL, partials, "1\n2\n  1\n  2\n1\n2\n");
}

static void partial_delimiters_are_separate(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "value", "yes");
    const char *const include[] = {"include", ".{{value}}.", NULL};
    check_with(t, "[ {{>include}} ]\n{{= | | =}}\n[ |>include| ]\n", root, include,
               "[ .yes. ]\n[ .yes. ]\n");
    const char *const change[] = {"include", ".{{value}}. {{= | | =}} .|value|.", NULL};
    check_with(t, "[ {{>include}} ]\n[ .{{value}}.  .|value|. ]\n", root, change,
               "[ .yes.  .yes. ]\n[ .yes.  .|value|. ]\n");
}

/* ---- Set delimiters ------------------------------------------------------- */

static void set_delimiters(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "text", "Hey!");
    check(t, "{{=<% %>=}}(<%text%>)", root, "(Hey!)");
    check(t, "({{=[ ]=}}[text])", root, "(Hey!)");
    check(t, "{{=<% %>=}}<%{text}%><%&text%><%! c %>{{text}}", root, "Hey!Hey!{{text}}");
    check(t, "{{=| |=}}|text||={{ }}=|{{text}}", root, "Hey!Hey!");
}

/* Spec "Sections" for set delimiters. */
static void set_delimiters_with_sections(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set_bool(root, "section", true);
    tpl_set(root, "data", "I got interpolated.");
    check(t,
          "[\n{{#section}}\n  {{data}}\n  |data|\n{{/section}}\n\n{{= | | =}}\n|#section|\n"
          "  {{data}}\n  |data|\n|/section|\n]\n",
          root, "[\n  I got interpolated.\n  |data|\n\n  {{data}}\n  I got interpolated.\n]\n");
}

/* ---- Errors --------------------------------------------------------------- */

static void error_unclosed_tag(void **state)
{
    test_ctx *t = *state;
    check_error(t, "abc\nde {{x", NULL, "t.mustache:2:4: error: unclosed tag: no closing '}}'");
}

static void error_unclosed_triple_mustache(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "x", "X");
    check_error(t, "{{{x}}", root, "t.mustache:1:1: error: unclosed tag: no closing '}}}'");
}

static void error_unclosed_tag_with_new_delimiters(void **state)
{
    test_ctx *t = *state;
    check_error(t, "{{=<% %>=}}\n<%#a}}", NULL,
                "t.mustache:2:1: error: unclosed tag: no closing '%>'");
}

static void error_unclosed_section(void **state)
{
    test_ctx *t = *state;
    check_error(t, "a\n  {{#outer}}\n{{#inner}}{{/inner}}\n", NULL,
                "t.mustache:2:3: error: unclosed section 'outer'");
}

static void error_mismatched_close(void **state)
{
    test_ctx *t = *state;
    check_error(t, "{{#a}}\n..{{/b}}", NULL,
                "t.mustache:2:3: error: close tag '/b' does not match open section 'a'");
    assert_non_null(strstr(tc_diag(t), "t.mustache:1:1: note: section 'a' opened here"));
}

static void error_close_without_open(void **state)
{
    test_ctx *t = *state;
    check_error(t, "x{{/a}}", NULL,
                "t.mustache:1:2: error: close tag '/a' without an open section");
}

static void error_unknown_name(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "colour", "red");
    check_error(t, "line one\n  x {{ color }}\n", root,
                "t.mustache:2:5: error: unknown name 'color'");
    assert_non_null(strstr(tc_diag(t), "note: did you mean 'colour'?"));
    /* The line is quoted with a caret under the tag. */
    assert_non_null(strstr(tc_diag(t), "    2 |   x {{ color }}\n      |     ^\n"));
}

static void error_unknown_name_in_list_reported_once(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_val *list = tpl_set_list(root, "list");
    tpl_set(tpl_push(list), "a", "1");
    tpl_set(tpl_push(list), "a", "2");
    check_error(t, "{{#list}}{{b}}{{/list}}", root, "unknown name 'b'");
    const char *d = tc_diag(t);
    assert_null(strstr(strstr(d, "unknown name") + 1, "unknown name"));
}

static void error_unknown_name_without_context(void **state)
{
    test_ctx *t = *state;
    check_error(t, "{{x}}", NULL, "t.mustache:1:1: error: unknown name 'x'");
}

static void error_variable_names_list_map_or_bool(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = root_with_bools(t);
    tpl_set_list(root, "list");
    tpl_set_map(root, "map");
    check_error(t, "{{list}}", root, "t.mustache:1:1: error: 'list' is a list, not a string");
    check_error(t, "{{{map}}}", root, "t.mustache:1:1: error: 'map' is a map, not a string");
    check_error(t, "{{&yes}}", root, "t.mustache:1:1: error: 'yes' is a boolean, not a string");
    check_error(t, "{{#map}}{{.}}{{/map}}", root, "error: '.' is a map, not a string");
}

static void error_unknown_partial(void **state)
{
    test_ctx *t = *state;
    const char *const partials[] = {"known", "k", NULL};
    check_error_with(t, "{{>known}}\n {{> nope }}", NULL, partials,
                     "t.mustache:2:2: error: unknown partial 'nope'");
}

static void error_partial_without_callback(void **state)
{
    test_ctx *t = *state;
    strbuf out;
    sb_init(&out, t->m.a);
    assert_false(tpl_render(&out, "t.mustache", "{{>p}}", NULL, NULL, NULL, t->m.d));
    assert_non_null(strstr(tc_diag(t), "t.mustache:1:1: error: unknown partial 'p'"));
}

static void error_partial_recursion_too_deep(void **state)
{
    test_ctx *t = *state;
    const char *const partials[] = {"loop", "x{{>loop}}", NULL};
    check_error_with(t, "{{>loop}}", NULL, partials,
                     "loop:1:2: error: partials nested more than 64 deep "
                     "(does 'loop' include itself?)");
}

static void error_inside_partial_names_partial(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "ok", "fine");
    const char *const partials[] = {"p", "{{ok}}\n\t{{nope}}\n", "bad", "a\n{{#s}}", NULL};
    /* Indented standalone: columns still count in the partial as written. */
    check_error_with(t, "top\n    {{>p}}\n", root, partials, "p:2:2: error: unknown name 'nope'");
    check_error_with(t, "{{>bad}}", root, partials, "bad:2:1: error: unclosed section 's'");
}

static void error_bad_set_delimiters(void **state)
{
    test_ctx *t = *state;
    check_error(t, "{{=<%=}}", NULL, "t.mustache:1:1: error: bad set-delimiter tag '<%'");
    check_error(t, "{{=<% %> x=}}", NULL, "error: bad set-delimiter tag '<% %> x'");
    check_error(t, "{{=a= b=}}", NULL, "error: bad set-delimiter tag");
}

static void error_empty_tag(void **state)
{
    test_ctx *t = *state;
    check_error(t, "a{{ }}", NULL, "t.mustache:1:2: error: empty tag: a name is missing");
    check_error(t, "{{#}}{{/}}", NULL, "t.mustache:1:1: error: empty tag");
}

static void error_sections_nested_too_deep(void **state)
{
    test_ctx *t = *state;
    strbuf text;
    sb_init(&text, t->m.a);
    for (int i = 0; i < 101; i++)
        sb_puts(&text, "{{#a}}");
    check_error(t, text.data, NULL, "t.mustache:1:601: error: sections nested more than 100 deep");
}

static void syntax_errors_found_in_unrendered_sections(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = root_with_bools(t);
    /* Names are checked as rendered: a false section hides a bad name... */
    check(t, "{{#no}}{{nope}}{{/no}}ok", root, "ok");
    /* ...but the whole template is parsed first. */
    check_error(t, "{{#no}}{{#x}}{{/no}}", root, "close tag '/no' does not match open section 'x'");
}

static void failed_render_leaves_output_unchanged(void **state)
{
    test_ctx *t = *state;
    tpl_val *root = tpl_map(t->m.a);
    tpl_set(root, "x", "X");
    /* render() asserts that OUT still holds only its "<". */
    check_error(t, "{{x}}{{x}}{{y}}", root, "unknown name 'y'");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(set_replaces_existing_key),
        T(setf_formats_and_set_copies),
        T(similar_keys_are_distinct),
        T(lazy_list_is_built_once_on_use),
        T(items_are_made_as_rendered),
        T(render_to_small_buffer),
        T(set_str_keeps_the_pointer),
        T(no_tags),
        T(basic_interpolation),
        T(all_variable_forms_insert_verbatim),
        T(variable_padding),
        T(dotted_names),
        T(dotted_name_first_part_through_stack),
        T(dotted_name_does_not_fall_back_after_first_part),
        T(dotted_name_through_string_is_unknown),
        T(implicit_iterator),
        T(variables_are_never_standalone),
        T(section_truthy_and_falsy),
        T(section_over_list_of_maps),
        T(section_over_empty_list),
        T(section_over_map_pushes_it),
        T(section_over_string),
        T(nested_names_fall_back_to_outer),
        T(deeply_nested_contexts),
        T(nested_truthy_and_falsy),
        T(section_doubled),
        T(section_dotted_name),
        T(section_padding_and_whitespace),
        T(inverted_renders_on_falsy),
        T(inverted_skips_truthy),
        T(inverted_as_else),
        T(comments_inline_and_multiline),
        T(standalone_comment_lines),
        T(standalone_section_lines),
        T(standalone_at_start_of_template),
        T(standalone_at_end_of_template),
        T(standalone_crlf),
        T(lone_cr_is_not_a_line_ending),
        T(standalone_set_delimiter_lines),
        T(two_tags_on_a_line_are_not_standalone),
        T(text_around_tag_is_not_standalone),
        T(partial_basic_and_context),
        T(partial_recursion),
        T(partial_inline_is_not_indented),
        T(partial_standalone_lines),
        T(partial_standalone_indentation),
        T(partial_indentation_of_every_line),
        T(partial_same_name_different_indentation),
        T(partial_delimiters_are_separate),
        T(set_delimiters),
        T(set_delimiters_with_sections),
        T(error_unclosed_tag),
        T(error_unclosed_triple_mustache),
        T(error_unclosed_tag_with_new_delimiters),
        T(error_unclosed_section),
        T(error_mismatched_close),
        T(error_close_without_open),
        T(error_unknown_name),
        T(error_unknown_name_in_list_reported_once),
        T(error_unknown_name_without_context),
        T(error_variable_names_list_map_or_bool),
        T(error_unknown_partial),
        T(error_partial_without_callback),
        T(error_partial_recursion_too_deep),
        T(error_inside_partial_names_partial),
        T(error_bad_set_delimiters),
        T(error_empty_tag),
        T(error_sections_nested_too_deep),
        T(syntax_errors_found_in_unrendered_sections),
        T(failed_render_leaves_output_unchanged),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
