#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "typed.slot.h"

static void placeholder(void **state)
{
    typed_Point p;
    (void)state;
    typed_Point_init(&p);
    assert_false(typed_Point_has_x(&p));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(placeholder)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
