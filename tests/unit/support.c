/* support.c - a model with captured diagnostics for unit tests. */
#define _POSIX_C_SOURCE 200809L
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "passes.h"

void tc_init(test_ctx *t)
{
    memset(t, 0, sizeof *t);
    t->m.a = ar_new();
    t->diag_file = open_memstream(&t->out, &t->out_len);
    t->m.d = diag_new(t->m.a, t->diag_file);
}

void tc_free(test_ctx *t)
{
    fclose(t->diag_file);
    free(t->out);
    ar_free(t->m.a);
}

const char *tc_diag(test_ctx *t)
{
    fflush(t->diag_file);
    return t->out ? t->out : "";
}

schema *tc_load(test_ctx *t, const char *text)
{
    return ld_load_text(&t->m, "test.yaml", text, strlen(text));
}
