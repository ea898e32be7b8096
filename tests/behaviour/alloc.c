/* alloc.c - the counting allocator of alloc.h. */
#include "alloc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <slot/slot.h>

#include "dict.h" /* libslot's own: slot_i_shape_blocks */

alloc_ctl ctl;

static void *ctl_malloc(size_t size, void *ctx)
{
    alloc_ctl *c = (alloc_ctl *)ctx;
    void *p;
    c->calls++;
    if (c->fail_at && c->calls == c->fail_at)
        return NULL;
    p = malloc(size);
    if (p)
        c->live++;
    return p;
}

static void ctl_free(void *ptr, void *ctx)
{
    ((alloc_ctl *)ctx)->live--;
    free(ptr);
}

void fail_nth(long n)
{
    ctl.calls = 0;
    ctl.fail_at = n;
}

/* The blocks libslot kept for shared keys when the test began. */
static size_t shapes_at_setup;

int setup(void **state)
{
    (void)state;
    memset(&ctl, 0, sizeof ctl);
    shapes_at_setup = slot_i_shape_blocks();
    slot_set_allocator(ctl_malloc, ctl_free, &ctl);
    return 0;
}

int teardown(void **state)
{
    (void)state;
    slot_set_allocator(NULL, NULL, NULL);
    /* Shared keys, once published, live as long as the program: exactly
     * the blocks libslot kept for them are no leak. */
    ctl.live -= (long)(slot_i_shape_blocks() - shapes_at_setup);
    if (ctl.live != 0) {
        print_error("%ld block(s) from slot_malloc were never freed\n", ctl.live);
        return -1;
    }
    return 0;
}
