/* check.c - resolve names and types, enforce the rules of the schema language.
 *
 * ck_check visits every schema once, its imports first, and reports every
 * problem it finds without stopping.  One error per node: err() drops a
 * second error at a position that already has one, and a node that failed
 * leaves TY_NONE / NULL / an unset constant behind, which the later rules
 * treat as "already reported" instead of complaining again.
 *
 * Writes: type_expr.kind/en/cls, slot_def.*_val, attr_def.val,
 * class_def.base/has_dict/has_weakref/order, schema.sorted/checked.
 * Everything, the hash tables included, lives in the run's arena.
 *
 * The pass is split by job: check.c resolves names and types and enforces
 * the rules of classes and schemas; check_const.c turns scalars into
 * constants; check_names.c rules on names, and on the C identifiers that
 * they generate; map.c is their hash table.
 */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* ---- The checker's state -------------------------------------------------- */

static const char *loc_key(ck *c, loc at)
{
    return ar_printf(c->tmp, "%s:%u:%u", at.file ? at.file : "", at.line, at.col);
}

bool ck_has_error(ck *c, loc at)
{
    if (!at.line || !c->errors.len)
        return false;
    arena_mark m = ar_mark(c->tmp);
    bool yes = map_get(&c->errors, loc_key(c, at)) != NULL;
    ar_release(c->tmp, m);
    return yes;
}

/* Reports an error unless AT already has one; returns whether it did, so
 * that the caller attaches its notes only to a message that was printed. */
bool ck_err(ck *c, loc at, const char *fmt, ...)
{
    if (at.line) {
        const char *key = loc_key(c, at);
        if (map_get(&c->errors, key))
            return false;
        map_put(&c->errors, key, (void *)key);
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = ar_vprintf(c->tmp, fmt, ap);
    va_end(ap);
    diag_error(c->d, at, "%s", msg);
    return true;
}

void ck_hint(ck *c, loc at, const char *word, const ptrvec *cands)
{
    diag_hint(c->d, at, word, (const char *const *)cands->items, cands->len);
}

cinfo *ck_info(ck *c, const class_def *k)
{
    cinfo *ci = map_get(&c->classes, k);
    if (ci)
        return ci;
    ci = ar_alloc(c->tmp, sizeof *ci);
    map_put(&c->classes, k, ci);
    return ci;
}

/* ---- Visible names ---------------------------------------------------------- */

static bool loc_before(loc x, loc y)
{
    return x.line < y.line || (x.line == y.line && x.col < y.col);
}

static void redefined(ck *c, const char *name, loc later, loc first)
{
    if (ck_err(c, later, "'%s' is already defined", name))
        diag_note(c->d, first, "previous definition of '%s' is here", name);
}

static void declare(ck *c, const char *name, class_def *cls, enum_def *en, loc at, schema *from)
{
    if (!name)
        return;
    sym *y = ar_alloc(c->tmp, sizeof *y);
    y->cls = cls;
    y->en = en;
    y->at = at;
    y->from = from;
    sym *old = map_get(&c->names, name);
    if (!old) {
        map_put(&c->names, name, y);
        pv_push(c->tmp, &c->type_cands, (void *)name);
        if (cls)
            pv_push(c->tmp, &c->class_cands, (void *)name);
    } else if (from != c->s && old->from != c->s) {
        old->other = y; /* two imports: an error only if it is used */
    } else if (old->from != c->s) {
        redefined(c, name, at, old->at); /* own name after an imported one */
        map_put(&c->names, name, y);
    } else if (loc_before(at, old->at)) {
        redefined(c, name, old->at, at); /* an enum written after the class */
        map_put(&c->names, name, y);
    } else {
        redefined(c, name, at, old->at);
    }
}

static void declare_schema(ck *c, schema *t)
{
    for (size_t i = 0; i < t->enums.len; i++) {
        enum_def *e = PV_AT(t->enums, i);
        declare(c, e->name, NULL, e, e->at, t);
    }
    for (size_t i = 0; i < t->classes.len; i++) {
        class_def *k = PV_AT(t->classes, i);
        declare(c, k->name, k, NULL, k->at, t);
    }
}

/* Imported names first, so that a clash is reported in the schema that
 * brings it in; then the schema's own. */
static void declare_names(ck *c, schema *s)
{
    map_init(&c->names, c->tmp, true);
    map_init(&c->used, c->tmp, false);
    memset(&c->type_cands, 0, sizeof c->type_cands);
    memset(&c->class_cands, 0, sizeof c->class_cands);
    for (size_t i = 0; ck_builtin_name(i); i++)
        pv_push(c->tmp, &c->type_cands, (void *)ck_builtin_name(i));
    map seen;
    map_init(&seen, c->tmp, false);
    for (size_t i = 0; i < s->imports.len; i++) {
        import_def *imp = PV_AT(s->imports, i);
        if (!imp->target || imp->target == s || map_get(&seen, imp->target))
            continue;
        map_put(&seen, imp->target, imp);
        declare_schema(c, imp->target);
    }
    for (size_t i = 0; i < s->enums.len; i++) {
        enum_def *e = PV_AT(s->enums, i);
        ck_type_name(c, e->name, e->at);
    }
    for (size_t i = 0; i < s->classes.len; i++) {
        class_def *k = PV_AT(s->classes, i);
        ck_type_name(c, k->name, k->at);
    }
    declare_schema(c, s);
}

/* Looks NAME up among the visible names.  Returns false after reporting an
 * ambiguity; otherwise *OUT is the symbol, or NULL when there is none. */
static bool lookup(ck *c, const char *name, loc at, sym **out)
{
    sym *y = map_get(&c->names, name);
    *out = y;
    if (!y)
        return true;
    if (y->other) {
        ck_err(c, at, "'%s' is ambiguous: both '%s' and '%s' define it", name, y->from->path,
               y->other->from->path);
        map_put(&c->used, y->from, y); /* both are used: no warning to echo this */
        map_put(&c->used, y->other->from, y);
        return false;
    }
    if (y->from != c->s)
        map_put(&c->used, y->from, y);
    return true;
}

/* ---- Types ----------------------------------------------------------------- */

static void resolve_builtin(ck *c, type_expr *t, ty_kind kind)
{
    if (t->is_ref)
        ck_err(c, t->at, "'%s': only a class can be referenced", type_text(t));
    else if (kind == TY_STRING && is_array(t))
        ck_err(c, t->at, "arrays of string are not supported; use str[N][M]");
    else if (kind == TY_STR && t->str_len == 0)
        ck_err(c, t->at, "string length must be at least 1");
    else if (is_array(t) && t->array_len == 0)
        ck_err(c, t->at, "array size must be at least 1");
    else
        t->kind = kind;
}

static void resolve_named(ck *c, type_expr *t)
{
    sym *y;
    if (!lookup(c, t->name, t->at, &y))
        return;
    if (!y) {
        if (ck_err(c, t->at, "unknown type '%s'", t->name))
            ck_hint(c, t->at, t->name, &c->type_cands);
    } else if (y->en && t->is_ref) {
        ck_err(c, t->at, "'%s': only a class can be referenced", type_text(t));
    } else if (is_array(t) && t->array_len == 0) {
        ck_err(c, t->at, "array size must be at least 1");
    } else if (y->en) {
        t->kind = TY_ENUM;
        t->en = y->en;
    } else {
        t->kind = t->is_ref ? TY_REF : TY_CLASS;
        t->cls = y->cls;
    }
}

static void resolve_type(ck *c, type_expr *t)
{
    t->kind = TY_NONE;
    t->en = NULL;
    t->cls = NULL;
    if (!t->name)
        return; /* load reported the malformed text */
    ty_kind kind;
    if (ck_builtin(t->name, &kind))
        resolve_builtin(c, t, kind);
    else
        resolve_named(c, t);
}

static void resolve_base(ck *c, class_def *k)
{
    k->base = NULL;
    if (!k->extends)
        return;
    sym *y;
    if (!lookup(c, k->extends, k->extends_at, &y))
        return;
    if (!y) {
        if (ck_err(c, k->extends_at, "unknown class '%s'", k->extends))
            ck_hint(c, k->extends_at, k->extends, &c->class_cands);
    } else if (y->en) {
        ck_err(c, k->extends_at, "'%s' is an enum; only a class can be extended", k->extends);
    } else {
        k->base = y->cls;
    }
}

/* ---- Slots and attributes -------------------------------------------------- */

static void check_slot(ck *c, slot_def *f)
{
    ck_name(c, f->name, f->at);
    resolve_type(c, &f->type);
    if (f->type.kind == TY_NONE)
        return; /* the type's error covers its default and bounds */
    ck_slot_values(c, f);
}

static void check_attr(ck *c, attr_def *t)
{
    ck_name(c, t->name, t->at);
    resolve_type(c, &t->type);
    ty_kind k = t->type.kind;
    if (k == TY_NONE)
        return;
    if (is_array(&t->type) || k == TY_CLASS || k == TY_REF) {
        ck_err(c, t->type.at,
               "class attribute '%s' must have a number, bool, str[N], string or enum type",
               t->name);
        return;
    }
    if (t->value) {
        subject sub = {"value", "class attribute", t->name};
        ck_convert(c, &t->type, t->value, sub, &t->val);
    }
}

static void check_class(ck *c, class_def *k)
{
    resolve_base(c, k);
    for (size_t i = 0; i < k->slots.len; i++)
        check_slot(c, PV_AT(k->slots, i));
    for (size_t i = 0; i < k->attrs.len; i++)
        check_attr(c, PV_AT(k->attrs, i));
}

static void check_enum(ck *c, enum_def *e)
{
    map members;
    map_init(&members, c->tmp, true);
    if (e->values.len == 0 && !e->incomplete) /* load reported why */
        ck_err(c, e->at, "enum '%s' has no members", e->name);
    for (size_t i = 0; i < e->values.len; i++) {
        enum_value *v = PV_AT(e->values, i);
        const enum_value *first = v->name ? map_get(&members, v->name) : NULL;
        if (!ck_name(c, v->name, v->at))
            continue;
        if (first) {
            if (ck_err(c, v->at, "'%s' is already a member of enum '%s'", v->name, e->name))
                diag_note(c->d, first->at, "previous definition of '%s' is here", v->name);
            continue;
        }
        map_put(&members, v->name, v);
        if (v->value < INT32_MIN || v->value > INT32_MAX)
            ck_err(c, v->at, "enum value %" PRId64 " does not fit in 32 bits", v->value);
    }
}

/* ---- Inheritance ----------------------------------------------------------- */

static void report_extends_cycle(ck *c, const ptrvec *path, class_def *start)
{
    size_t i = 0;
    while (PV_AT(*path, i) != start)
        i++;
    if (i + 1 == path->len) {
        ck_err(c, start->extends_at, "'%s' extends itself", start->name);
    } else {
        strbuf chain;
        sb_init(&chain, c->a);
        for (size_t j = i + 1; j < path->len; j++)
            sb_printf(&chain, "'%s' -> ", ((class_def *)PV_AT(*path, j))->name);
        sb_printf(&chain, "'%s'", start->name);
        ck_err(c, start->extends_at, "'%s' extends itself through %s", start->name, chain.data);
    }
    start->base = NULL; /* so that every later walk up the chain ends */
}

/* Walks each class's base chain once; a chain that runs into its own path
 * is a cycle, reported at the class where the walk entered it. */
static void check_extends_cycles(ck *c, schema *s)
{
    ptrvec path = {0};
    for (size_t i = 0; i < s->classes.len; i++) {
        class_def *p = PV_AT(s->classes, i);
        path.len = 0;
        while (p && ck_info(c, p)->ext == 0) {
            ck_info(c, p)->ext = 1;
            pv_push(c->tmp, &path, p);
            p = p->base;
        }
        if (p && ck_info(c, p)->ext == 1)
            report_extends_cycle(c, &path, p);
        for (size_t j = 0; j < path.len; j++)
            ck_info(c, PV_AT(path, j))->ext = 2;
    }
}

/* K's own slots and attributes by name, made when first asked for: only
 * classes that others extend are ever asked. */
static cinfo *named(ck *c, const class_def *k)
{
    cinfo *ci = ck_info(c, k);
    if (ci->named)
        return ci;
    ci->named = true;
    map_init(&ci->slots, c->tmp, true);
    map_init(&ci->attrs, c->tmp, true);
    for (size_t i = 0; i < k->slots.len; i++) {
        slot_def *f = PV_AT(k->slots, i);
        if (f->name && !map_get(&ci->slots, f->name))
            map_put(&ci->slots, f->name, f);
    }
    for (size_t i = 0; i < k->attrs.len; i++) {
        attr_def *t = PV_AT(k->attrs, i);
        if (t->name && !map_get(&ci->attrs, t->name))
            map_put(&ci->attrs, t->name, t);
    }
    return ci;
}

/* The slot NAME of K or of its nearest base that has one, and that class. */
static slot_def *find_slot_up(ck *c, const class_def *k, const char *name, const class_def **owner)
{
    for (; k; k = k->base) {
        slot_def *f = map_get(&named(c, k)->slots, name);
        if (f) {
            *owner = k;
            return f;
        }
    }
    return NULL;
}

static attr_def *find_attr_up(ck *c, const class_def *k, const char *name)
{
    for (; k; k = k->base) {
        attr_def *t = map_get(&named(c, k)->attrs, name);
        if (t)
            return t;
    }
    return NULL;
}

static bool same_type(const type_expr *x, const type_expr *y)
{
    if (x->kind == TY_NONE || y->kind == TY_NONE)
        return true; /* already reported */
    return x->kind == y->kind && x->array_len == y->array_len &&
           (x->kind != TY_STR || x->str_len == y->str_len) && x->en == y->en && x->cls == y->cls;
}

static void check_inherited_slot(ck *c, const class_def *k, const slot_def *f)
{
    const class_def *owner = NULL;
    const slot_def *old = k->base && f->name ? find_slot_up(c, k->base, f->name, &owner) : NULL;
    const attr_def *t = k->base && f->name && !old ? find_attr_up(c, k->base, f->name) : NULL;
    if (old &&
        ck_err(c, f->at, "slot '%s' is already declared by base class '%s'", f->name, owner->name))
        diag_note(c->d, old->at, "'%s' is declared here", f->name);
    if (t &&
        ck_err(c, f->at, "slot '%s' conflicts with a class attribute of a base class", f->name))
        diag_note(c->d, t->at, "class attribute '%s' is declared here", t->name);
}

/* As in Python, where a name in both __slots__ and the class dict raises
 * ValueError; an attribute may override a base's attribute of its type. */
static void check_inherited_attr(ck *c, const class_def *k, const attr_def *t)
{
    if (!t->name)
        return;
    const class_def *owner = NULL;
    const slot_def *f = find_slot_up(c, k, t->name, &owner);
    const attr_def *old = k->base ? find_attr_up(c, k->base, t->name) : NULL;
    if (f) {
        if (ck_err(c, t->at, "class attribute '%s' conflicts with slot '%s'", t->name, f->name))
            diag_note(c->d, f->at, "slot '%s' is declared here", f->name);
    } else if (old && !same_type(&t->type, &old->type)) {
        if (ck_err(c, t->type.at,
                   "class attribute '%s' of type '%s' overrides one of type '%s' of a base class",
                   t->name, type_text(&t->type), type_text(&old->type)))
            diag_note(c->d, old->at, "the overridden attribute is declared here");
    }
}

/* A packed class has no alignment, so its accessors copy through memcpy;
 * what cannot be reached that way is refused: members whose address a
 * caller or the runtime would take (embedded classes, arrays of wider
 * elements, owned strings, the dict and weak list), and an aligned base. */
static void check_packed_slot(ck *c, const slot_def *f)
{
    const type_expr *t = &f->type;
    bool one_byte = t->kind == TY_BOOL || t->kind == TY_I8 || t->kind == TY_U8 || t->kind == TY_STR;
    if (t->kind == TY_CLASS || t->kind == TY_STRING)
        ck_err(c, t->at, "a packed class cannot hold a slot of type '%s'; use layout: compact",
               type_text(t));
    else if (is_array(t) && !one_byte && t->kind != TY_NONE)
        ck_err(c, t->at,
               "a packed class can hold arrays of 1-byte types only (bool, i8, u8, str[N]), "
               "not '%s'",
               type_text(t));
}

static void check_packed(ck *c, const class_def *k)
{
    if (k->layout != LAYOUT_PACKED)
        return;
    if (k->base && k->base->layout != LAYOUT_PACKED)
        ck_err(c, k->extends_at, "a packed class cannot extend '%s', which is not packed",
               k->base->name);
    if (k->dict || k->dynamic || k->weakref ||
        (k->base && (k->base->has_dict || k->base->has_weakref)))
        ck_err(c, k->at, "a packed class cannot have a dict or weak references");
    for (size_t i = 0; i < k->slots.len; i++)
        check_packed_slot(c, PV_AT(k->slots, i));
}

static void inherit_one(ck *c, class_def *k)
{
    const class_def *b = k->base;
    ck_info(c, k)->inherited = true;
    k->has_dict = k->dict || k->dynamic || (b && b->has_dict);
    k->has_weakref = k->weakref || (b && b->has_weakref);
    if (k->dynamic && k->slots.len) {
        const slot_def *f = PV_AT(k->slots, 0);
        ck_err(c, f->at, "a dynamic class has no slots; use dict: true to have both");
    }
    for (size_t i = 0; i < k->slots.len; i++)
        check_inherited_slot(c, k, PV_AT(k->slots, i));
    for (size_t i = 0; i < k->attrs.len; i++)
        check_inherited_attr(c, k, PV_AT(k->attrs, i));
    check_packed(c, k);
}

/* Bases first, without recursion: a chain may be thousands of classes long. */
static void inherit(ck *c, class_def *k)
{
    ptrvec chain = {0};
    for (; k && !ck_info(c, k)->inherited; k = k->base)
        pv_push(c->tmp, &chain, k);
    for (size_t i = chain.len; i-- > 0;)
        inherit_one(c, PV_AT(chain, i));
}

/* ---- Embedding by value ---------------------------------------------------- */

/* Edge I of K in the "contains by value" graph: 0 is the base (always the
 * first member), 1.. are the slots. */
static class_def *edge_target(const class_def *k, size_t i)
{
    if (i == 0)
        return k->base;
    const slot_def *f = PV_AT(k->slots, i - 1);
    return f->type.kind == TY_CLASS ? f->type.cls : NULL;
}

typedef struct frame {
    class_def *k;
    size_t next; /* the next edge to follow; next - 1 is the one taken */
} frame;

/* The cycle is frames[from..top), each through edge next - 1.  It is told
 * from a slot edge (a cycle of bases alone is an extends cycle, already
 * reported), so that the advice "use 'X*'" fits the line it points at. */
static void report_embed_cycle(ck *c, const frame *fr, size_t from, size_t top)
{
    size_t n = top - from, r = 0;
    while (r < n && fr[from + r].next - 1 == 0)
        r++;
    if (r == n)
        return;
    const frame *first = &fr[from + r];
    const slot_def *f = PV_AT(first->k->slots, first->next - 2);
    strbuf chain;
    sb_init(&chain, c->a);
    sb_puts(&chain, first->k->name);
    for (size_t j = 0; j < n; j++) {
        const frame *e = &fr[from + (r + j) % n];
        class_def *t = edge_target(e->k, e->next - 1);
        if (e->next - 1 == 0)
            sb_printf(&chain, " extends %s", t->name);
        else
            sb_printf(&chain, ".%s -> %s",
                      ((const slot_def *)PV_AT(e->k->slots, e->next - 2))->name, t->name);
    }
    ck_err(c, f->type.at, "'%s' embeds itself by value: %s; use '%s*'", first->k->name, chain.data,
           f->type.cls->name);
}

/* Depth-first search with an explicit stack; a class met again while on
 * the stack closes a cycle. */
static void search_embedding(ck *c, class_def *root, frame *fr)
{
    size_t top = 0;
    fr[top++] = (frame){root, 0};
    ck_info(c, root)->emb = 1;
    while (top) {
        frame *f = &fr[top - 1];
        if (f->next > f->k->slots.len) {
            ck_info(c, f->k)->emb = 2;
            top--;
            continue;
        }
        class_def *t = edge_target(f->k, f->next++);
        if (!t)
            continue;
        cinfo *ti = ck_info(c, t);
        if (ti->emb == 0) {
            ti->emb = 1;
            fr[top++] = (frame){t, 0};
        } else if (ti->emb == 1) {
            size_t from = top;
            while (fr[from - 1].k != t)
                from--;
            report_embed_cycle(c, fr, from - 1, top);
        }
    }
}

static void check_embedding(ck *c, schema *s)
{
    if (!c->frames) /* once for the run: a stack as deep as every class */
        c->frames = ar_alloc_raw(c->tmp, (c->nclasses + 1) * sizeof(frame));
    frame *fr = c->frames;
    for (size_t i = 0; i < s->classes.len; i++) {
        class_def *k = PV_AT(s->classes, i);
        if (ck_info(c, k)->emb == 0)
            search_embedding(c, k, fr);
    }
}

/* ---- Dependency order ------------------------------------------------------- */

/* A binary min-heap of declared positions: the ready class declared first
 * is always placed next, which makes the order stable. */
typedef struct heap {
    size_t *v, len;
} heap;

static void heap_push(heap *h, size_t x)
{
    size_t i = h->len++;
    for (; i && h->v[(i - 1) / 2] > x; i = (i - 1) / 2)
        h->v[i] = h->v[(i - 1) / 2];
    h->v[i] = x;
}

static size_t heap_pop(heap *h)
{
    size_t top = h->v[0], x = h->v[--h->len], i = 0;
    for (;;) {
        size_t k = 2 * i + 1;
        if (k >= h->len)
            break;
        if (k + 1 < h->len && h->v[k + 1] < h->v[k])
            k++;
        if (h->v[k] >= x)
            break;
        h->v[i] = h->v[k];
        i = k;
    }
    if (h->len)
        h->v[i] = x;
    return top;
}

/* class_def.order holds the declared position while sorting, then the
 * sorted one. */
static void link_dependencies(ck *c, schema *s)
{
    for (size_t i = 0; i < s->classes.len; i++) {
        class_def *k = PV_AT(s->classes, i);
        k->order = i;
        ck_info(c, k)->indeg = 0;
        memset(&ck_info(c, k)->dependents, 0, sizeof(ptrvec));
    }
    for (size_t i = 0; i < s->classes.len; i++) {
        class_def *k = PV_AT(s->classes, i);
        for (size_t e = 0; e <= k->slots.len; e++) {
            class_def *t = edge_target(k, e);
            if (t && t->schema == s) {
                pv_push(c->tmp, &ck_info(c, t)->dependents, k);
                ck_info(c, k)->indeg++;
            }
        }
    }
}

/* Kahn's algorithm; what a cycle (already reported) leaves unplaced follows
 * in declared order. */
static void sort_classes(ck *c, schema *s)
{
    size_t n = s->classes.len;
    heap h = {ar_alloc(c->tmp, (n + 1) * sizeof(size_t)), 0};
    link_dependencies(c, s);
    memset(&s->sorted, 0, sizeof s->sorted);
    for (size_t i = 0; i < n; i++)
        if (ck_info(c, PV_AT(s->classes, i))->indeg == 0)
            heap_push(&h, i);
    while (h.len) {
        class_def *k = PV_AT(s->classes, heap_pop(&h));
        pv_push(c->a, &s->sorted, k);
        ptrvec *dep = &ck_info(c, k)->dependents;
        for (size_t j = 0; j < dep->len; j++) {
            class_def *d = PV_AT(*dep, j);
            if (--ck_info(c, d)->indeg == 0)
                heap_push(&h, d->order);
        }
    }
    for (size_t i = 0; i < n && s->sorted.len < n; i++)
        if (ck_info(c, PV_AT(s->classes, i))->indeg > 0)
            pv_push(c->a, &s->sorted, PV_AT(s->classes, i));
    for (size_t i = 0; i < n; i++)
        ((class_def *)PV_AT(s->sorted, i))->order = i;
}

/* ---- Schemas ----------------------------------------------------------------- */

static void warn_unused_imports(ck *c, schema *s)
{
    for (size_t i = 0; i < s->imports.len; i++) {
        const import_def *imp = PV_AT(s->imports, i);
        if (imp->target && imp->target != s && !map_get(&c->used, imp->target) &&
            !ck_has_error(c, imp->at))
            diag_warning(c->d, imp->at, "unused-import",
                         "'%s' is imported but none of its names are used", imp->path);
    }
}

static void check_contents(ck *c, schema *s)
{
    c->s = s;
    ck_schema_name(c, s);
    declare_names(c, s);
    for (size_t i = 0; i < s->enums.len; i++)
        check_enum(c, PV_AT(s->enums, i));
    for (size_t i = 0; i < s->classes.len; i++)
        check_class(c, PV_AT(s->classes, i));
    check_extends_cycles(c, s);
    for (size_t i = 0; i < s->classes.len; i++)
        inherit(c, PV_AT(s->classes, i));
    check_embedding(c, s);
    sort_classes(c, s);
    ck_collisions(c, s);
    warn_unused_imports(c, s);
}

static void report_import_cycle(ck *c, const import_def *imp)
{
    size_t i = 0;
    while (PV_AT(c->stack, i) != imp->target)
        i++;
    strbuf chain;
    sb_init(&chain, c->a);
    for (; i < c->stack.len; i++)
        sb_printf(&chain, "%s -> ", ((schema *)PV_AT(c->stack, i))->path);
    sb_puts(&chain, imp->target->path);
    ck_err(c, imp->at, "import cycle: %s", chain.data);
}

static bool on_stack(const ck *c, const schema *s)
{
    for (size_t i = 0; i < c->stack.len; i++)
        if (PV_AT(c->stack, i) == s)
            return true;
    return false;
}

/* Imports first, so that every name a schema uses is resolved when it is
 * looked at; an import back into a schema still on the stack closes a cycle. */
static void check_schema(ck *c, schema *s)
{
    if (s->checked)
        return;
    s->checked = true;
    pv_push(c->tmp, &c->stack, s);
    for (size_t i = 0; i < s->imports.len; i++) {
        const import_def *imp = PV_AT(s->imports, i);
        if (!imp->target)
            continue; /* load reported it */
        if (on_stack(c, imp->target))
            report_import_cycle(c, imp);
        else
            check_schema(c, imp->target);
    }
    c->stack.len--;
    check_contents(c, s);
}

void ck_check(model *m)
{
    ck c;
    memset(&c, 0, sizeof c);
    c.a = m->a;
    c.tmp = ar_new();
    c.spell = ar_new();
    c.d = m->d;
    ck_names_init(&c);
    ck_idents_init(&c);
    map_init(&c.errors, c.tmp, true);
    map_init(&c.classes, c.tmp, false);
    for (size_t i = 0; i < m->schemas.len; i++)
        c.nclasses += ((schema *)PV_AT(m->schemas, i))->classes.len;
    for (size_t i = 0; i < m->schemas.len; i++)
        check_schema(&c, PV_AT(m->schemas, i));
    ck_idents_free(&c);
    ar_free(c.spell);
    ar_free(c.tmp);
}
