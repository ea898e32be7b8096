/* names.c - the spelling of every generated identifier.
 *
 * Keep nm_each in step with the templates: every file-scope name the
 * output declares is listed there, so that check can prove that no two
 * schema names generate the same identifier.
 */
#include "names.h"

#include <ctype.h>
#include <string.h>

/* The N (at most 5) words of W joined by '_': names are built for every
 * slot, so this copies bytes instead of formatting.  A name that load
 * could not read (NULL) still gets a spelling, for check's collision pass,
 * which then skips the node in error. */
static const char *join(arena *a, const char *const *w, size_t n)
{
    size_t len[5], total = 0;
    const char *word[5];
    for (size_t i = 0; i < n; i++) {
        word[i] = w[i] ? w[i] : "(null)";
        total += (len[i] = strlen(word[i])) + 1;
    }
    char *out = ar_bytes(a, total), *p = out;
    for (size_t i = 0; i < n; i++) {
        memcpy(p, word[i], len[i]);
        p += len[i];
        *p++ = '_';
    }
    p[-1] = '\0';
    return out;
}

#define JOIN(a, ...)                                                                               \
    join(a, (const char *const[]){__VA_ARGS__},                                                    \
         sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

const char *nm_type(arena *a, const schema *s, const char *name)
{
    return JOIN(a, s->name, name);
}

const char *nm_class(arena *a, const class_def *c)
{
    return nm_type(a, c->schema, c->name);
}

const char *nm_enum(arena *a, const enum_def *e)
{
    return nm_type(a, e->schema, e->name);
}

const char *nm_enum_value(arena *a, const enum_def *e, const enum_value *v)
{
    return JOIN(a, e->schema->name, e->name, v->name);
}

const char *nm_class_fn(arena *a, const class_def *c, const char *what)
{
    return JOIN(a, c->schema->name, c->name, what);
}

const char *nm_slot_fn(arena *a, const class_def *c, const char *verb, const slot_def *f)
{
    return JOIN(a, c->schema->name, c->name, verb, f->name);
}

const char *nm_attr_get(arena *a, const class_def *c, const attr_def *t)
{
    return JOIN(a, c->schema->name, c->name, "get", t->name);
}

const char *nm_slot_index(arena *a, const class_def *c, const slot_def *f)
{
    return JOIN(a, c->schema->name, c->name, f->name, "INDEX");
}

const char *nm_guard(arena *a, const schema *s)
{
    char *g = ar_printf(a, "%s_SLOT_H_INCLUDED", s->stem);
    for (char *p = g; *p; p++)
        *p = isalnum((unsigned char)*p) ? (char)toupper((unsigned char)*p) : '_';
    return g;
}

static bool overridden(const class_def *c, const class_def *owner, const char *name)
{
    for (const class_def *k = c; k != owner; k = k->base)
        for (size_t i = 0; i < k->attrs.len; i++)
            if (strcmp(((const attr_def *)PV_AT(k->attrs, i))->name, name) == 0)
                return true;
    return false;
}

/* Whether C's chain of bases loops; check reports such a chain, and names
 * must still be listed without walking it forever. */
static bool chain_loops(const class_def *c)
{
    const class_def *slow = c, *fast = c;
    while (fast && fast->base) {
        slow = slow->base;
        fast = fast->base->base;
        if (slow == fast)
            return true;
    }
    return false;
}

void nm_each_attr(const class_def *c, nm_attr_fn fn, void *ctx)
{
    const class_def *end = chain_loops(c) ? c->base : NULL;
    for (const class_def *k = c; k != end; k = k->base)
        for (size_t i = 0; i < k->attrs.len; i++) {
            const attr_def *t = PV_AT(k->attrs, i);
            if (t->name && !overridden(c, k, t->name))
                fn(ctx, t);
        }
}

/* Per class: the functions, constants and tables of SPEC section 4. */
static const char *const class_names[] = {
    "init",       "clear",     "new",     "free",       "copy",        "equal",
    "SLOT_COUNT", "SLOTS",     "class",   "class_init", "class_clear", "class_copy",
    "members",    "attrs",     "disp",    "keys",       "shared",      "INLINE",
    "class_find", "class_get", "getattr", "setattr",    "delattr",     "hasattr",
};

/* Per slot: the typed accessors. */
static const char *const slot_verbs[] = {"get", "set", "has", "del"};

/* A class has accessors and an index for its inherited slots too; a chain
 * longer than this has a cycle, which check reports on its own. */
#define MAX_DEPTH 100000

/* Calls FN with the identifier EXPR makes in A, then gives its memory
 * back: a schema of a million slots has millions of identifiers. */
#define SAY(a, fn, ctx, expr, at)                                                                  \
    do {                                                                                           \
        arena_mark mark_ = ar_mark(a);                                                             \
        (fn)((ctx), (expr), (at));                                                                 \
        ar_release((a), mark_);                                                                    \
    } while (0)

typedef struct attr_names {
    arena *a;
    const class_def *c;
    nm_fn fn;
    void *ctx;
} attr_names;

static void attr_getter(void *ctx, const attr_def *t)
{
    attr_names *x = ctx;
    SAY(x->a, x->fn, x->ctx, nm_attr_get(x->a, x->c, t), t->at);
}

void nm_each_class(arena *a, const class_def *c, nm_fn fn, void *ctx)
{
    SAY(a, fn, ctx, nm_class(a, c), c->at);
    for (size_t i = 0; i < sizeof class_names / sizeof *class_names; i++)
        SAY(a, fn, ctx, nm_class_fn(a, c, class_names[i]), c->at);
    size_t depth = 0;
    for (const class_def *k = c; k && depth < MAX_DEPTH; k = k->base, depth++) {
        for (size_t i = 0; i < k->slots.len; i++) {
            const slot_def *f = PV_AT(k->slots, i);
            for (size_t v = 0; v < sizeof slot_verbs / sizeof *slot_verbs; v++)
                SAY(a, fn, ctx, nm_slot_fn(a, c, slot_verbs[v], f), f->at);
            SAY(a, fn, ctx, nm_slot_index(a, c, f), f->at);
            SAY(a, fn, ctx, nm_slot_fn(a, c, "limits", f), f->at);
            if (k == c)
                SAY(a, fn, ctx, nm_slot_fn(a, c, "default", f), f->at);
        }
    }
    attr_names x = {a, c, fn, ctx};
    nm_each_attr(c, attr_getter, &x);
}

void nm_each_enum(arena *a, const enum_def *e, nm_fn fn, void *ctx)
{
    static const char *const tables[] = {"name", "parse", "enum", "names", "values"};
    SAY(a, fn, ctx, nm_enum(a, e), e->at);
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
        SAY(a, fn, ctx, JOIN(a, e->schema->name, e->name, tables[i]), e->at);
    for (size_t i = 0; i < e->values.len; i++) {
        const enum_value *v = PV_AT(e->values, i);
        SAY(a, fn, ctx, nm_enum_value(a, e, v), v->at);
    }
}

void nm_each(arena *a, const schema *s, nm_fn fn, void *ctx)
{
    for (size_t i = 0; i < s->enums.len; i++)
        nm_each_enum(a, PV_AT(s->enums, i), fn, ctx);
    for (size_t i = 0; i < s->classes.len; i++)
        nm_each_class(a, PV_AT(s->classes, i), fn, ctx);
}
