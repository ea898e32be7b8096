/* tpl.c - a small Mustache renderer: the values that templates see, and
 * the rendering of each template, parsed once into a tree (tpl_parse.c),
 * against a stack of contexts.
 *
 * Deliberate differences from the Mustache spec:
 * - No HTML escaping: {{x}}, {{{x}}} and {{&x}} all insert the string as it
 *   is (emit escapes for C before the data gets here).
 * - A variable must name a string.  A name found nowhere on the context
 *   stack is an error ("unknown name 'x'"), and so is a variable naming a
 *   list, a map or a boolean: booleans belong in sections ({{#b}}, {{^b}});
 *   "true" printed into C code is always a template bug.  A section over a
 *   missing name is simply false, as in Mustache.
 * - No lambdas.  Sections nest at most MAX_SECTIONS deep in one template,
 *   and partials at most MAX_PARTIALS deep, so that neither a hostile
 *   template nor a recursive partial can exhaust the C stack.
 * - Rendering stops at the first error, so a misspelt name inside a list is
 *   reported once, not once per item.  Syntax errors are found anywhere in
 *   a template; name errors only in the parts that the data renders.  After
 *   an error OUT is left as it was before the call.
 *
 * Memory: values live in the arena of their map or list; the parsed tree,
 * copies of partials and the context stack in the WORK arena of the call.
 * Text nodes point into the template text, which the caller keeps alive
 * for the duration of tpl_render; partial texts are copied.
 *
 * Lookup: a map is a small array of entries, each with the hash of its
 * key; a template name is hashed once, when it is parsed, so that finding
 * it compares hashes and only then the bytes of the one key that matches.
 * Output goes through a fixed buffer that the caller empties (tpl_out), so
 * that a file of any size is written without being held.
 */
#include "tpl.h"

#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "tpl_parse.h"

enum { MAX_PARTIALS = 64 };

/* ---- Data ---------------------------------------------------------------- */

typedef enum { TV_NONE, TV_MAP, TV_LIST, TV_STR, TV_BOOL, TV_LAZY, TV_ITEMS } tv_kind;

/* A value as a map or list holds it, and as the context stack does:
 * strings and booleans in place, the rest through a tpl_val. */
typedef struct tref {
    tv_kind kind;
    union {
        const char *str; /* TV_STR */
        bool b;          /* TV_BOOL */
        tpl_val *v;      /* TV_MAP, TV_LIST, TV_LAZY, TV_ITEMS */
    } u;
} tref;

/* A map's key, found by its hash first: templates hash each name once,
 * when they are parsed. */
typedef struct entry {
    uint32_t hash;
    const char *key;
    tref val;
} entry;

struct tpl_val {
    tv_kind kind; /* TV_MAP, TV_LIST, TV_LAZY or TV_ITEMS */
    arena *a;     /* where children are allocated */
    size_t len, cap;
    entry *entries; /* TV_MAP: LEN keys, unique */
    tref *items;    /* TV_LIST: LEN elements */
    /* TV_LAZY: FN builds the list; TV_ITEMS: ITEM_FN makes each of N maps
     * in SCRATCH. */
    tpl_list_fn fn;
    tpl_item_fn item_fn;
    void *ctx;
    size_t n;
    arena *scratch;
};

static tpl_val *new_val(arena *a, tv_kind kind)
{
    tpl_val *v = ar_alloc(a, sizeof *v);
    v->kind = kind;
    v->a = a;
    return v;
}

tpl_val *tpl_map_n(arena *a, size_t hint)
{
    tpl_val *v = new_val(a, TV_MAP);
    v->cap = hint ? hint : 8;
    v->entries = ar_alloc_raw(a, v->cap * sizeof *v->entries);
    return v;
}

tpl_val *tpl_map(arena *a)
{
    return tpl_map_n(a, 0);
}

/* The entry under the first N bytes of KEY, whose hash is H, or NULL. */
static entry *map_get(const tpl_val *m, const char *key, size_t n, uint32_t h)
{
    for (size_t i = 0; i < m->len; i++) {
        entry *e = &m->entries[i];
        if (e->hash == h && strncmp(e->key, key, n) == 0 && e->key[n] == '\0')
            return e;
    }
    return NULL;
}

/* Stores V under KEY, replacing an earlier value so that keys stay unique. */
static void map_put(tpl_val *m, const char *key, tref v)
{
    assert(m->kind == TV_MAP);
    size_t n = strlen(key);
    uint32_t h = hash_name(key, n);
    entry *e = map_get(m, key, n, h);
    if (e) {
        e->val = v;
        return;
    }
    if (m->len == m->cap) {
        entry *grown = ar_alloc_raw(m->a, 2 * m->cap * sizeof *grown);
        memcpy(grown, m->entries, m->len * sizeof *grown);
        m->entries = grown;
        m->cap *= 2;
    }
    e = &m->entries[m->len++];
    e->hash = h;
    e->key = ar_strndup(m->a, key, n);
    e->val = v;
}

static tref str_ref(const char *s)
{
    tref r = {TV_STR, {.str = s}};
    return r;
}

static tref val_ref(tpl_val *v)
{
    tref r = {v->kind, {.v = v}};
    return r;
}

void tpl_set(tpl_val *map, const char *key, const char *str)
{
    map_put(map, key, str_ref(ar_strdup(map->a, str)));
}

void tpl_set_str(tpl_val *map, const char *key, const char *str)
{
    map_put(map, key, str_ref(str));
}

void tpl_setf(tpl_val *map, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *s = ar_vprintf(map->a, fmt, ap);
    va_end(ap);
    map_put(map, key, str_ref(s));
}

void tpl_set_bool(tpl_val *map, const char *key, bool b)
{
    tref r = {TV_BOOL, {.b = b}};
    map_put(map, key, r);
}

tpl_val *tpl_set_map(tpl_val *map, const char *key)
{
    tpl_val *v = tpl_map(map->a);
    map_put(map, key, val_ref(v));
    return v;
}

tpl_val *tpl_set_list(tpl_val *map, const char *key)
{
    tpl_val *v = new_val(map->a, TV_LIST);
    map_put(map, key, val_ref(v));
    return v;
}

void tpl_set_lazy(tpl_val *map, const char *key, tpl_list_fn fn, void *ctx)
{
    tpl_val *v = new_val(map->a, TV_LAZY);
    v->fn = fn;
    v->ctx = ctx;
    map_put(map, key, val_ref(v));
}

void tpl_set_items(tpl_val *map, const char *key, size_t n, tpl_item_fn fn, void *ctx,
                   arena *scratch)
{
    tpl_val *v = new_val(map->a, TV_ITEMS);
    v->item_fn = fn;
    v->ctx = ctx;
    v->n = n;
    v->scratch = scratch;
    map_put(map, key, val_ref(v));
}

/* ITEMS, of which LEN are used, moved into an array twice its *CAP (FIRST
 * when it has none) in A; the old one is abandoned to the arena. */
static tref *grow_refs(arena *a, tref *items, size_t len, size_t *cap, size_t first)
{
    size_t n = *cap ? 2 * *cap : first;
    tref *grown = ar_alloc_raw(a, n * sizeof *grown);
    if (len)
        memcpy(grown, items, len * sizeof *grown);
    *cap = n;
    return grown;
}

static void list_add(tpl_val *list, tref r)
{
    assert(list->kind == TV_LIST);
    if (list->len == list->cap)
        list->items = grow_refs(list->a, list->items, list->len, &list->cap, 8);
    list->items[list->len++] = r;
}

tpl_val *tpl_push_n(tpl_val *list, size_t hint)
{
    tpl_val *v = tpl_map_n(list->a, hint);
    list_add(list, val_ref(v));
    return v;
}

tpl_val *tpl_push(tpl_val *list)
{
    return tpl_push_n(list, 0);
}

void tpl_push_map(tpl_val *list, tpl_val *map)
{
    list_add(list, val_ref(map));
}

void tpl_push_str(tpl_val *list, const char *str)
{
    list_add(list, str_ref(ar_strdup(list->a, str)));
}

size_t tpl_len(const tpl_val *list)
{
    assert(list->kind == TV_LIST);
    return list->len;
}

/* What E holds, a lazy list being built on first use (and kept in E). */
static tref resolve(entry *e)
{
    if (e->val.kind == TV_LAZY) {
        tpl_val *lazy = e->val.u.v;
        tpl_val *list = new_val(lazy->a, TV_LIST);
        lazy->fn(lazy->ctx, list);
        e->val = val_ref(list);
    }
    return e->val;
}

/* ---- Rendering ----------------------------------------------------------- */

/* A partial parsed for one indentation. */
typedef struct parsed_partial {
    const char *name, *indent;
    ptrvec nodes;
} parsed_partial;

typedef struct renderer {
    arena *a;
    diag *d;
    tpl_out *out;
    tpl_partial_fn partial;
    void *partial_ctx;
    tref *stack; /* the context stack, innermost last */
    size_t depth_ctx, cap_ctx;
    ptrvec partials; /* parsed_partial *, parsed so far */
    unsigned depth;  /* partials being rendered */
} renderer;

static bool render_nodes(renderer *r, const ptrvec *nodes);

static bool rfail(renderer *r, const node *n, const char *fmt, ...) DIAG_PRINTF(3, 4);
static bool rfail(renderer *r, const node *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tpl_vfail(r->a, r->d, n->src, n->at, fmt, ap);
    va_end(ap);
    return false;
}

static void emit(renderer *r, const char *s, size_t n)
{
    tpl_out *o = r->out;
    while (n) {
        if (o->len == o->cap)
            o->flush(o);
        size_t k = o->cap - o->len < n ? o->cap - o->len : n;
        memcpy(o->buf + o->len, s, k);
        o->len += k;
        s += k;
        n -= k;
    }
}

static void push_ctx(renderer *r, tref v)
{
    if (r->depth_ctx == r->cap_ctx)
        r->stack = grow_refs(r->a, r->stack, r->depth_ctx, &r->cap_ctx, 16);
    r->stack[r->depth_ctx++] = v;
}

static const tref none = {TV_NONE, {.v = NULL}};

/* Mustache resolution: "." is the top of the stack; otherwise the first
 * part of a dotted name is looked up in each map on the stack, innermost
 * first, and the other parts only within what the first part found. */
static tref lookup(const renderer *r, const node *nd)
{
    const char *name = nd->name;
    if (strcmp(name, ".") == 0)
        return r->depth_ctx ? r->stack[r->depth_ctx - 1] : none;
    size_t n = nd->head;
    entry *e = NULL;
    for (size_t i = r->depth_ctx; i-- > 0 && !e;) {
        const tref *ctx = &r->stack[i];
        if (ctx->kind == TV_MAP)
            e = map_get(ctx->u.v, name, n, nd->hash);
    }
    tref v = e ? resolve(e) : none;
    while (v.kind != TV_NONE && name[n] == '.') {
        name += n + 1;
        n = strcspn(name, ".");
        e = v.kind == TV_MAP ? map_get(v.u.v, name, n, hash_name(name, n)) : NULL;
        v = e ? resolve(e) : none;
    }
    return v;
}

static bool truthy(tref v)
{
    switch (v.kind) {
    case TV_NONE:
        return false;
    case TV_BOOL:
        return v.u.b;
    case TV_STR:
        return *v.u.str != '\0';
    case TV_LIST:
        return v.u.v->len != 0;
    case TV_ITEMS:
        return v.u.v->n != 0;
    default:
        return true;
    }
}

/* Reports N's name as unknown, suggesting a key visible on the stack. */
static bool unknown_name(renderer *r, const node *n)
{
    rfail(r, n, "unknown name '%s'", n->name);
    size_t count = 0;
    for (size_t i = 0; i < r->depth_ctx; i++)
        count += r->stack[i].kind == TV_MAP ? r->stack[i].u.v->len : 0;
    const char **keys = ar_alloc(r->a, (count + 1) * sizeof *keys);
    count = 0;
    for (size_t i = 0; i < r->depth_ctx; i++) {
        const tpl_val *ctx = r->stack[i].u.v;
        for (size_t k = 0; r->stack[i].kind == TV_MAP && k < ctx->len; k++)
            keys[count++] = ctx->entries[k].key;
    }
    diag_hint(r->d, n->at, n->name, keys, count);
    return false;
}

static bool render_var(renderer *r, const node *n)
{
    static const char *const what[] = {
        [TV_MAP] = "a map",    [TV_LIST] = "a list", [TV_STR] = "a string", [TV_BOOL] = "a boolean",
        [TV_ITEMS] = "a list", [TV_LAZY] = "a list", [TV_NONE] = "nothing"};
    tref v = lookup(r, n);
    if (v.kind == TV_NONE)
        return unknown_name(r, n);
    if (v.kind != TV_STR)
        return rfail(r, n, "'%s' is %s, not a string: use a section", n->name, what[v.kind]);
    emit(r, v.u.str, strlen(v.u.str));
    return true;
}

/* Renders NODES with V pushed on the context stack. */
static bool render_in(renderer *r, tref v, const ptrvec *nodes)
{
    push_ctx(r, v);
    bool ok = render_nodes(r, nodes);
    r->depth_ctx--;
    return ok;
}

/* Each item is made in the list's scratch arena just before it is
 * rendered, and released right after. */
static bool render_items(renderer *r, const tpl_val *list, const ptrvec *nodes)
{
    for (size_t i = 0; i < list->n; i++) {
        arena_mark m = ar_mark(list->scratch);
        tpl_val *item = tpl_map(list->scratch);
        list->item_fn(list->ctx, i, item);
        bool ok = render_in(r, val_ref(item), nodes);
        ar_release(list->scratch, m);
        if (!ok)
            return false;
    }
    return true;
}

static bool render_section(renderer *r, const node *n)
{
    tref v = lookup(r, n);
    if (n->kind == N_INVERTED)
        return truthy(v) || render_nodes(r, &n->body);
    if (!truthy(v))
        return true;
    if (v.kind == TV_ITEMS)
        return render_items(r, v.u.v, &n->body);
    if (v.kind != TV_LIST)
        return render_in(r, v, &n->body);
    for (size_t i = 0; i < v.u.v->len; i++)
        if (!render_in(r, v.u.v->items[i], &n->body))
            return false;
    return true;
}

/* TEXT with INDENT before each of its lines, except empty ones (so that no
 * trailing whitespace reaches the generated code); a final line ending
 * does not start a line. */
static char *indent_lines(arena *a, const char *text, const char *indent)
{
    strbuf b;
    sb_init(&b, a);
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        const char *e = nl ? nl + 1 : p + strlen(p);
        if (*p != '\n' && !(p[0] == '\r' && p[1] == '\n'))
            sb_puts(&b, indent);
        sb_putn(&b, p, (size_t)(e - p));
        p = e;
    }
    return b.data;
}

/* The partial that N names, parsed for N's indentation; NULL after an
 * error.  Each (name, indentation) is fetched and parsed only once. */
static const parsed_partial *load_partial(renderer *r, const node *n)
{
    for (size_t i = 0; i < r->partials.len; i++) {
        const parsed_partial *p = PV_AT(r->partials, i);
        if (strcmp(p->name, n->name) == 0 && strcmp(p->indent, n->indent) == 0)
            return p;
    }
    const char *text = r->partial ? r->partial(r->partial_ctx, n->name) : NULL;
    if (!text) {
        rfail(r, n, "unknown partial '%s'", n->name);
        return NULL;
    }
    tsrc *src = ar_alloc(r->a, sizeof *src);
    src->name = n->name;
    src->text = ar_strdup(r->a, text);
    parsed_partial *p = ar_alloc(r->a, sizeof *p);
    p->name = n->name;
    p->indent = n->indent;
    const char *body = *n->indent ? indent_lines(r->a, src->text, n->indent) : src->text;
    if (!tpl_parse(r->a, r->d, src, body, (unsigned)strlen(n->indent), &p->nodes))
        return NULL;
    pv_push(r->a, &r->partials, p);
    return p;
}

static bool render_partial(renderer *r, const node *n)
{
    if (r->depth >= MAX_PARTIALS)
        return rfail(r, n, "partials nested more than %d deep (does '%s' include itself?)",
                     MAX_PARTIALS, n->name);
    const parsed_partial *p = load_partial(r, n);
    if (!p)
        return false;
    r->depth++;
    bool ok = render_nodes(r, &p->nodes);
    r->depth--;
    return ok;
}

static bool render_node(renderer *r, const node *n)
{
    switch (n->kind) {
    case N_TEXT:
        emit(r, n->text, n->len);
        return true;
    case N_VAR:
        return render_var(r, n);
    case N_SECTION:
    case N_INVERTED:
        return render_section(r, n);
    case N_PARTIAL:
        return render_partial(r, n);
    }
    return false;
}

static bool render_nodes(renderer *r, const ptrvec *nodes)
{
    for (size_t i = 0; i < nodes->len; i++)
        if (!render_node(r, PV_AT(*nodes, i)))
            return false;
    return true;
}

bool tpl_render_to(tpl_out *out, arena *work, const char *name, const char *text,
                   const tpl_val *root, tpl_partial_fn partial, void *partial_ctx, diag *d)
{
    tsrc src = {ar_strdup(work, name), text};
    renderer r = {.a = work, .d = d, .out = out, .partial = partial, .partial_ctx = partial_ctx};
    ptrvec nodes;
    if (root)
        push_ctx(&r, val_ref((tpl_val *)root));
    return tpl_parse(work, d, &src, text, 0, &nodes) && render_nodes(&r, &nodes);
}

static void to_strbuf(tpl_out *o)
{
    sb_putn(o->ctx, o->buf, o->len);
    o->len = 0;
}

bool tpl_render(strbuf *out, const char *name, const char *text, const tpl_val *root,
                tpl_partial_fn partial, void *partial_ctx, diag *d)
{
    char buf[4096];
    tpl_out o = {buf, 0, sizeof buf, to_strbuf, out};
    size_t start = out->len;
    bool ok = tpl_render_to(&o, out->a, name, text, root, partial, partial_ctx, d);
    to_strbuf(&o);
    if (ok)
        return true;
    out->len = start;
    out->data[start] = '\0';
    return false;
}
