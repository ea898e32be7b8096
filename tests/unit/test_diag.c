/* test_diag.c - message format, carets, warnings and suggestions. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "support.h"

static const char src[] = "schema: x\nclasses:\n\tA: {}\n  B:\n    slots: {a: f46}\n";

static void error_quotes_line_and_caret(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    diag_add_source(t.m.d, "s.yaml", src, sizeof src - 1);
    diag_error(t.m.d, (loc){"s.yaml", 5, 16}, "unknown type '%s'", "f46");
    assert_string_equal(tc_diag(&t), "s.yaml:5:16: error: unknown type 'f46'\n"
                                     "    5 |     slots: {a: f46}\n"
                                     "      |                ^\n");
    assert_int_equal(diag_errors(t.m.d), 1);
    tc_free(&t);
}

static void caret_keeps_tabs(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    diag_add_source(t.m.d, "s.yaml", src, sizeof src - 1);
    diag_error(t.m.d, (loc){"s.yaml", 3, 2}, "tab");
    assert_string_equal(tc_diag(&t), "s.yaml:3:2: error: tab\n"
                                     "    3 | \tA: {}\n"
                                     "      | \t^\n");
    tc_free(&t);
}

static void unknown_file_has_no_quote(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    diag_error(t.m.d, (loc){"other.yaml", 2, 1}, "bad");
    diag_plain_error(t.m.d, "cannot read '%s'", "x.yaml");
    assert_string_equal(tc_diag(&t), "other.yaml:2:1: error: bad\n"
                                     "slotc: error: cannot read 'x.yaml'\n");
    assert_int_equal(diag_errors(t.m.d), 2);
    tc_free(&t);
}

static void warnings_note_and_werror(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    diag_warning(t.m.d, (loc){"w.yaml", 1, 1}, "unused-import", "unused");
    diag_note(t.m.d, (loc){"w.yaml", 1, 1}, "did you mean '%s'?", "x");
    assert_string_equal(tc_diag(&t), "w.yaml:1:1: warning: unused [-Wunused-import]\n"
                                     "w.yaml:1:1: note: did you mean 'x'?\n");
    assert_int_equal(diag_errors(t.m.d), 0);
    assert_int_equal(diag_warnings(t.m.d), 1);
    diag_set_werror(t.m.d, true);
    diag_warning(t.m.d, (loc){"w.yaml", 2, 3}, "unused-import", "again");
    assert_non_null(strstr(tc_diag(&t), "w.yaml:2:3: error: again [-Wunused-import]\n"));
    assert_int_equal(diag_errors(t.m.d), 1);
    tc_free(&t);
}

static void quiet_hides_warnings_only(void **state)
{
    (void)state;
    test_ctx t;
    tc_init(&t);
    diag_set_quiet(t.m.d, true);
    diag_warning(t.m.d, (loc){"w.yaml", 1, 1}, "unused-import", "unused");
    assert_string_equal(tc_diag(&t), "");
    assert_int_equal(diag_warnings(t.m.d), 1);
    diag_error(t.m.d, (loc){"w.yaml", 1, 1}, "bad");
    assert_string_equal(tc_diag(&t), "w.yaml:1:1: error: bad\n");
    tc_free(&t);
}

static void suggestions(void **state)
{
    (void)state;
    static const char *const types[] = {"bool", "i8", "u16", "f32", "f64", "string", "str"};
    static const char *const keys[] = {"doc", "extends", "slots", "attrs", "dict", "layout"};
    assert_string_equal(diag_suggest("f46", types, 7), "f64"); /* a swap is one edit */
    assert_string_equal(diag_suggest("strng", types, 7), "string");
    assert_string_equal(diag_suggest("Bool", types, 7), "bool"); /* case-insensitive */
    assert_string_equal(diag_suggest("slot", keys, 6), "slots");
    assert_string_equal(diag_suggest("extend", keys, 6), "extends");
    assert_null(diag_suggest("quux", keys, 6));
    assert_null(diag_suggest("x", keys, 6));
    assert_null(diag_suggest("slots", keys, 6)); /* the word itself is no hint */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_quotes_line_and_caret), cmocka_unit_test(caret_keeps_tabs),
        cmocka_unit_test(unknown_file_has_no_quote),   cmocka_unit_test(warnings_note_and_werror),
        cmocka_unit_test(quiet_hides_warnings_only),   cmocka_unit_test(suggestions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
