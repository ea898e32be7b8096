/* load.c - placeholder until the loader lands. */
#include "passes.h"

schema *ld_load(model *m, const char *path)
{
    (void)m;
    (void)path;
    return NULL;
}

schema *ld_load_text(model *m, const char *path, const char *text, size_t len)
{
    (void)m;
    (void)path;
    (void)text;
    (void)len;
    return NULL;
}
