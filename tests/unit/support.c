/* support.c - a model with captured diagnostics, and hash positions, for unit tests. */
#define _POSIX_C_SOURCE 200809L
#include "support.h"

#include <slot/slot.h>

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

const char tc_spec_example[] =
    "schema: shapes                 # C prefix \"shapes_\"; [a-z][a-z0-9_]*\n"
    "doc: Geometry primitives.\n"
    "enums:\n"
    "  Align: [left, center, right]            # values 0..n-1\n"
    "  Weight: {light: 300, normal: 400, bold: 700}\n"
    "classes:\n"
    "  Point:\n"
    "    doc: A point in the plane.\n"
    "    slots:\n"
    "      x: f64                              # shorthand: just the type\n"
    "      y: {type: f64, default: 0, doc: Vertical position.}\n"
    "      w: f64 = 1                          # shorthand for {type: f64, default: 1}\n"
    "  Point3:\n"
    "    extends: Point                        # single inheritance\n"
    "    slots:\n"
    "      z: f64\n"
    "  Label:\n"
    "    slots:\n"
    "      text:   str[31]                     # inline, at most 31 bytes + NUL\n"
    "      owner:  string                      # heap, owned by the instance\n"
    "      size:   {type: u16, min: 1, max: 512, default: 12}\n"
    "      align:  {type: Align, default: center}\n"
    "      at:     Point                       # embedded by value\n"
    "      next:   Label*                      # non-owning reference\n"
    "      rgb:    u8[3]                       # fixed array\n"
    "    attrs:                                # class attributes: shared, read-only\n"
    "      kind: {type: string, value: label}\n"
    "    dict: true                            # slots AND a per-instance dict\n"
    "    weakref: true                         # weak references\n"
    "  Bag:\n"
    "    dynamic: true                         # no slots: every attribute lives in the dict\n"
    "  Header:\n"
    "    layout: packed                        # compact (default) | declared | packed\n"
    "    slots: {magic: u32, flags: u8, len: u16}\n";

size_t tc_hash_position(const ph_table *t, const char *name)
{
    uint64_t h = slot_hash(t->seed, name, strlen(name));
    uint32_t bucket = (uint32_t)(h >> 32) & (uint32_t)(t->nbuckets - 1);
    return ((uint32_t)h ^ t->disp[bucket]) & (uint32_t)(t->nkeys - 1);
}
