/* alloc.h - a counting allocator for the behaviour tests, installed with
 * slot_set_allocator, that can fail the Nth allocation on demand.  Tests
 * use setup and teardown as their cmocka fixtures; teardown fails when a
 * block handed out was not freed, so leaks show without LeakSanitizer.
 * The blocks libslot keeps for the keys that dict-class instances share
 * (slot_i_shape_blocks), which live as long as the program, are no leak. */
#ifndef SLOTC_TEST_ALLOC_H
#define SLOTC_TEST_ALLOC_H

typedef struct alloc_ctl {
    long calls;   /* allocations attempted since the last fail_nth() */
    long fail_at; /* 0: never fail; N: the Nth attempt returns NULL */
    long live;    /* blocks handed out and not yet freed */
} alloc_ctl;

extern alloc_ctl ctl;

/* Makes the Nth allocation from now fail (0: none). */
void fail_nth(long n);
/* Installs the allocator with every count at zero. */
int setup(void **state);
/* Restores malloc/free; fails when a block was never freed (kept shared
 * keys aside). */
int teardown(void **state);

#endif
