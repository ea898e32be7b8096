/* support.h - helpers shared by the unit tests. */
#ifndef SLOTC_TEST_SUPPORT_H
#define SLOTC_TEST_SUPPORT_H

#include <stdio.h>

#include "model.h"

/* A model whose diagnostics go to a memory buffer. */
typedef struct test_ctx {
    model m;
    char *out; /* diagnostics written so far (NUL-terminated) */
    size_t out_len;
    FILE *diag_file;
} test_ctx;

void tc_init(test_ctx *t);
void tc_free(test_ctx *t);
/* Flushes and returns everything the diagnostics printed so far. */
const char *tc_diag(test_ctx *t);
/* Loads TEXT as "test.yaml"; its imports are looked for on disk, relative
 * to the current directory. */
schema *tc_load(test_ctx *t, const char *text);

/* The position of T where slot_index would look for NAME. */
size_t tc_hash_position(const ph_table *t, const char *name);

/* The example schema of SPEC section 2, without its import. */
extern const char tc_spec_example[];

#endif
