/* tpl.h - a Mustache renderer for the templates in templates/.
 *
 * Data is a tree of maps, lists and strings built in the arena by emit.
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

tpl_val *tpl_map(arena *a);
/* Setters on a map; setting a key again replaces its value. */
void tpl_set(tpl_val *map, const char *key, const char *str);
void tpl_setf(tpl_val *map, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void tpl_set_bool(tpl_val *map, const char *key, bool b);
tpl_val *tpl_set_map(tpl_val *map, const char *key);  /* a new child map */
tpl_val *tpl_set_list(tpl_val *map, const char *key); /* a new, empty list */
tpl_val *tpl_push(tpl_val *list);                     /* append a new map */
void tpl_push_str(tpl_val *list, const char *str);    /* append a string */
size_t tpl_len(const tpl_val *list);                  /* items in a list */

/* Looks up a partial by name; NULL when there is none. */
typedef const char *(*tpl_partial_fn)(void *ctx, const char *name);

/* Renders TEXT (named NAME in messages) with ROOT as the context, appending
 * to OUT.  Returns false after reporting through D (as "NAME:line: ...")
 * when the template is malformed or names an unknown variable. */
bool tpl_render(strbuf *out, const char *name, const char *text, const tpl_val *root,
                tpl_partial_fn partial, void *partial_ctx, diag *d);

#endif
