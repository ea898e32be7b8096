/* tpl.h - a Mustache renderer for the templates in templates/.
 *
 * Data is a tree of maps, lists and strings built in the arena by emit;
 * parts of it can be built on demand while rendering, so that the data of
 * a whole schema never needs to exist at once (tpl_set_lazy, tpl_set_items).
 * Supported: {{name}} and {{{name}}} / {{&name}} (both insert the string
 * verbatim: escaping for C is done by emit, not HTML escaping by the
 * renderer), dotted names, {{.}}, sections {{#name}}...{{/name}} and
 * inverted sections {{^name}}...{{/name}}, comments {{! ...}}, partials
 * {{> name}} (indented as the spec says), set delimiters {{=<% %>=}}, and
 * the removal of lines that hold only a standalone tag.
 *
 * Unlike plain Mustache, a variable that names nothing is an error: a
 * template that misspells a name must not silently drop code.  A section
 * over a missing name is simply false.
 */
#ifndef SLOTC_TPL_H
#define SLOTC_TPL_H

#include <stdbool.h>

#include "arena.h"
#include "diag.h"

typedef struct tpl_val tpl_val;

/* A map in arena A; HINT is how many keys it will hold (0: a few), so
 * that its table is allocated once. */
tpl_val *tpl_map(arena *a);
tpl_val *tpl_map_n(arena *a, size_t hint);
/* Setters on a map; setting a key again replaces its value.  Keys and the
 * strings of tpl_set are copied; tpl_set_str keeps STR itself, which must
 * outlive the map (a literal, or text in the map's arena or an older one). */
void tpl_set(tpl_val *map, const char *key, const char *str);
void tpl_set_str(tpl_val *map, const char *key, const char *str);
void tpl_setf(tpl_val *map, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void tpl_set_bool(tpl_val *map, const char *key, bool b);
tpl_val *tpl_set_map(tpl_val *map, const char *key);  /* a new child map */
tpl_val *tpl_set_list(tpl_val *map, const char *key); /* a new, empty list */
tpl_val *tpl_push(tpl_val *list);                     /* append a new map */
tpl_val *tpl_push_n(tpl_val *list, size_t hint);      /* ... of HINT keys */
void tpl_push_map(tpl_val *list, tpl_val *map);       /* append MAP itself */
void tpl_push_str(tpl_val *list, const char *str);    /* append a string */
size_t tpl_len(const tpl_val *list);                  /* items in a list */

/* A list that is filled when a template first looks it up: FN(CTX, LIST)
 * pushes its items.  It is built at most once, in the map's arena. */
typedef void (*tpl_list_fn)(void *ctx, tpl_val *list);
void tpl_set_lazy(tpl_val *map, const char *key, tpl_list_fn fn, void *ctx);

/* A list of N maps, each made only when the renderer reaches it: FN(CTX,
 * I, ITEM) fills item I, a map in SCRATCH, and everything allocated in
 * SCRATCH meanwhile is released once the item is rendered.  So SCRATCH
 * must hold nothing that outlives an item: neither MAP nor any map that
 * encloses it.  Lazy lists of an item are built in SCRATCH too. */
typedef void (*tpl_item_fn)(void *ctx, size_t i, tpl_val *item);
void tpl_set_items(tpl_val *map, const char *key, size_t n, tpl_item_fn fn, void *ctx,
                   arena *scratch);

/* Looks up a partial by name; NULL when there is none. */
typedef const char *(*tpl_partial_fn)(void *ctx, const char *name);

/* Where rendered text goes: the renderer appends to BUF and calls FLUSH,
 * which must empty BUF (set LEN to 0), whenever BUF is full.  What is left
 * in BUF after tpl_render_to is the caller's to flush. */
typedef struct tpl_out {
    char *buf;
    size_t len, cap;
    void (*flush)(struct tpl_out *out);
    void *ctx;
} tpl_out;

/* Renders TEXT (named NAME in messages) with ROOT as the context to OUT.
 * The parsed template and the renderer's state live in WORK, which may be
 * released after the call; TEXT must stay as it is during it.  Returns
 * false after reporting through D (as "NAME:line: ...") when the template
 * is malformed or names an unknown variable; what was written to OUT by
 * then is incomplete. */
bool tpl_render_to(tpl_out *out, arena *work, const char *name, const char *text,
                   const tpl_val *root, tpl_partial_fn partial, void *partial_ctx, diag *d);

/* The same, appending to OUT, which an error leaves as it was. */
bool tpl_render(strbuf *out, const char *name, const char *text, const tpl_val *root,
                tpl_partial_fn partial, void *partial_ctx, diag *d);

#endif
