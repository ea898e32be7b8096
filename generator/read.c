/* read.c - the third stage of the load pass: one schema file's YAML tree
 * (tree.c) read into model objects.
 *
 * Known keys, node kinds, type expressions (NAME, NAME*, str[N], then an
 * optional [M]), the slot shorthand TYPE = DEFAULT, enum values.  Every bad
 * node gets one error and is skipped, so that one run reports as many
 * mistakes as possible.
 *
 * The model's memory comes from the model's arena; the tree has an arena
 * of its own, given back once the file is read (load.c), so everything the
 * model keeps of it (names, docs, scalars) is copied.
 */
#include "tree.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

/* Narrows [*off, *off + *len) of S to exclude blanks at both ends. */
static void trim(const char *s, size_t *off, size_t *len)
{
    while (*len && is_space(s[*off])) {
        (*off)++;
        (*len)--;
    }
    while (*len && is_space(s[*off + *len - 1]))
        (*len)--;
}

typedef struct cv {
    arena *a;
    diag *d;
    schema *s;
} cv;

static const node *kid(const node *n, size_t i)
{
    return n->kids.items[i];
}

/* Whether N is of KIND (or null, when NULL_OK: an empty collection, since a
 * null scalar has no kids).  Reports FMT otherwise; quiet for N_BAD. */
static bool want(cv *c, const node *n, nkind kind, bool null_ok, const char *fmt, ...)
    DIAG_PRINTF(5, 6);

static bool want(cv *c, const node *n, nkind kind, bool null_ok, const char *fmt, ...)
{
    if (n->kind == N_BAD)
        return false;
    if (n->kind == kind && (kind != N_SCALAR || !is_null(n)))
        return true;
    if (null_ok && is_null(n))
        return true;
    va_list ap;
    va_start(ap, fmt);
    char *msg = ar_vprintf(c->a, fmt, ap);
    va_end(ap);
    diag_error(c->d, n->at, "%s", msg);
    return false;
}

/* N's text, copied into the model: the tree is released with its file. */
static const char *keep(cv *c, const node *n)
{
    return ar_strndup(c->a, n->text, n->len);
}

/* N's text as a name; NULL (reported) when it holds a NUL character. */
static const char *name_of(cv *c, const node *n)
{
    if (memchr(n->text, '\0', n->len)) {
        diag_error(c->d, n->at, "a name cannot contain a NUL character");
        return NULL;
    }
    return keep(c, n);
}

static const char *join_words(cv *c, const char *const *words, size_t n)
{
    strbuf b;
    sb_init(&b, c->a);
    for (size_t i = 0; i < n; i++)
        sb_printf(&b, "%s%s", i ? ", " : "", words[i]);
    return b.data;
}

/* The index of key K in KEYS; -1 after reporting an unknown key found in
 * WHAT (named NAME, or NULL for the top level). */
static int find_key(cv *c, const node *k, const char *const *keys, size_t n, const char *what,
                    const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (text_is(k, keys[i]))
            return (int)i;
    if (name)
        diag_error(c->d, k->at, "unknown key '%s' in %s '%s'", k->text, what, name);
    else
        diag_error(c->d, k->at, "unknown key '%s' %s", k->text, what);
    if (diag_suggest(k->text, keys, n))
        diag_hint(c->d, k->at, k->text, keys, n);
    else
        diag_note(c->d, k->at, "valid keys here: %s", join_words(c, keys, n));
    return -1;
}

static const char *read_doc(cv *c, const node *v)
{
    if (v->kind == N_BAD || is_null(v))
        return NULL;
    if (v->kind != N_SCALAR) {
        diag_error(c->d, v->at, "'doc' must be a string");
        return NULL;
    }
    return keep(c, v);
}

/* A scalar for a default, min, max or value: WHAT of OWNER 'NAME'. */
static scalar *read_scalar(cv *c, const node *v, const char *what, const char *owner,
                           const char *name)
{
    if (!want(c, v, N_SCALAR, true, "%s of %s '%s' must be a scalar", what, owner, name))
        return NULL;
    scalar *s = ar_alloc(c->a, sizeof *s);
    s->text = keep(c, v);
    s->len = v->len;
    s->quoted = v->quoted;
    s->at = v->at;
    return s;
}

/* -- Type expressions: NAME, NAME*, str[N], then an optional [M]. -- */

typedef struct tcur {
    const char *p;
    size_t i, n;
} tcur;

static void skip_blanks(tcur *t)
{
    while (t->i < t->n && is_space(t->p[t->i]))
        t->i++;
}

static bool at_char(const tcur *t, char ch)
{
    return t->i < t->n && t->p[t->i] == ch;
}

/* Parses "[N]" into *OUT.  1: done; 0: malformed; -1: N too large (reported).
 * N's position is found from byte BASE of N's node text. */
static int parse_len(cv *c, const node *n, size_t base, tcur *t, const char *what, uint64_t *out)
{
    if (!at_char(t, '['))
        return 0;
    t->i++;
    skip_blanks(t);
    size_t start = t->i;
    uint64_t v = 0;
    bool big = false;
    for (; t->i < t->n && t->p[t->i] >= '0' && t->p[t->i] <= '9'; t->i++) {
        unsigned d = (unsigned)(t->p[t->i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            big = true;
        else
            v = v * 10 + d;
    }
    size_t end = t->i;
    skip_blanks(t);
    if (end == start || !at_char(t, ']'))
        return 0;
    t->i++;
    skip_blanks(t);
    if (big || v > INT32_MAX) {
        diag_error(c->d, ld_sub_loc(n, base + start), "%s '%.*s' is too large (at most %d)", what,
                   (int)(end - start > INT_MAX ? INT_MAX : end - start), t->p + start, INT32_MAX);
        return -1;
    }
    *out = v;
    return 1;
}

static int parse_type_text(cv *c, const node *n, size_t base, tcur *t, type_expr *ty)
{
    skip_blanks(t);
    size_t start = t->i;
    if (t->i >= t->n || !is_ident_start(t->p[t->i]))
        return 0;
    while (t->i < t->n && is_ident(t->p[t->i]))
        t->i++;
    ty->name = ar_strndup(c->a, t->p + start, t->i - start);
    skip_blanks(t);
    int r = 1;
    if (strcmp(ty->name, "str") == 0) {
        if (t->i == t->n || at_char(t, '*')) {
            diag_error(c->d, ty->at, "str needs a length: str[N]");
            return -1;
        }
        r = parse_len(c, n, base, t, "string length", &ty->str_len);
    } else if (at_char(t, '*')) {
        ty->is_ref = true;
        t->i++;
        skip_blanks(t);
    }
    if (r == 1 && t->i < t->n) {
        ty->is_array = true;
        r = parse_len(c, n, base, t, "array size", &ty->array_len);
    }
    return r == 1 && t->i < t->n ? 0 : r;
}

/* Parses bytes [OFF, OFF + LEN) of scalar N, already trimmed, as a type. */
static bool parse_type(cv *c, const node *n, size_t off, size_t len, type_expr *ty)
{
    ty->text = ar_strndup(c->a, n->text + off, len);
    ty->at = off ? ld_sub_loc(n, off) : n->at;
    tcur t = {n->text + off, 0, len};
    int r = parse_type_text(c, n, off, &t, ty);
    if (r == 0)
        diag_error(c->d, ty->at, "malformed type '%s' (expected NAME, NAME*, NAME[N] or str[N])",
                   ty->text);
    return r == 1;
}

/* The type of OWNER 'NAME' (a slot or attr) from a whole scalar. */
static bool read_type(cv *c, const node *v, const char *owner, const char *name, type_expr *ty)
{
    if (v->kind == N_BAD)
        return false;
    if (v->kind != N_SCALAR) {
        diag_error(c->d, v->at, "type of %s '%s' must be a scalar", owner, name);
        return false;
    }
    size_t off = 0, len = v->len;
    trim(v->text, &off, &len);
    if (is_null(v) || len == 0) {
        diag_error(c->d, v->at, "%s '%s' needs a type", owner, name);
        return false;
    }
    return parse_type(c, v, off, len, ty);
}

/* -- Slots -- */

static const char *const slot_keys[] = {"type", "default", "min", "max", "doc"};
enum { SK_TYPE, SK_DEFAULT, SK_MIN, SK_MAX, SK_DOC, SK_COUNT };

/* The default of "f64 = 1", bytes [OFF, OFF + LEN) of V.  Quotes around it
 * are removed and make it a string; escapes are for the long form. */
static scalar *shorthand_default(cv *c, const node *v, size_t off, size_t len)
{
    scalar *s = ar_alloc(c->a, sizeof *s);
    const char *p = v->text + off;
    s->at = ld_sub_loc(v, off);
    s->quoted = len >= 2 && (p[0] == '"' || p[0] == '\'') && p[len - 1] == p[0];
    if (s->quoted)
        p++, len -= 2;
    s->text = ar_strndup(c->a, p, len);
    s->len = len;
    return s;
}

/* "x: f64" or "w: f64 = 1".  Returns whether the type is usable. */
static bool read_slot_short(cv *c, slot_def *sl, const node *v)
{
    const char *eq = memchr(v->text, '=', v->len);
    size_t tend = eq ? (size_t)(eq - v->text) : v->len;
    size_t toff = 0, tlen = tend;
    trim(v->text, &toff, &tlen);
    if (is_null(v) || tlen == 0) {
        diag_error(c->d, is_null(v) ? sl->at : v->at, "slot '%s' needs a type", sl->name);
        return false;
    }
    if (!parse_type(c, v, toff, tlen, &sl->type))
        return false;
    if (!eq)
        return true;
    size_t doff = tend + 1, dlen = v->len - doff;
    trim(v->text, &doff, &dlen);
    if (dlen == 0)
        diag_error(c->d, ld_sub_loc(v, tend), "missing default after '=' in slot '%s'", sl->name);
    else
        sl->dflt = shorthand_default(c, v, doff, dlen);
    return true;
}

/* {type: f64, default: 0, min: .., max: .., doc: ..}.  Returns whether the
 * type is usable. */
static bool read_slot_long(cv *c, slot_def *sl, const node *v)
{
    bool typed = false, ok = true, unknown = false;
    for (size_t i = 0; i + 1 < v->kids.len; i += 2) {
        const node *k = kid(v, i), *val = kid(v, i + 1);
        switch (find_key(c, k, slot_keys, SK_COUNT, "slot", sl->name)) {
        case SK_TYPE:
            typed = true;
            ok = read_type(c, val, "slot", sl->name, &sl->type);
            break;
        case SK_DEFAULT:
            sl->dflt = read_scalar(c, val, "default", "slot", sl->name);
            break;
        case SK_MIN:
            sl->min = read_scalar(c, val, "min", "slot", sl->name);
            break;
        case SK_MAX:
            sl->max = read_scalar(c, val, "max", "slot", sl->name);
            break;
        case SK_DOC:
            sl->doc = read_doc(c, val);
            break;
        default:
            unknown = true;
            break;
        }
    }
    /* after "unknown key 'tpye'", a missing type is no news */
    if (!typed && !unknown)
        diag_error(c->d, sl->at, "slot '%s' needs a type", sl->name);
    return typed && ok;
}

static void read_slot(cv *c, class_def *cl, const node *k, const node *v)
{
    const char *name = name_of(c, k);
    if (!name || v->kind == N_BAD)
        return;
    slot_def *sl = ar_alloc(c->a, sizeof *sl);
    sl->name = name;
    sl->at = k->at;
    sl->owner = cl;
    sl->presence = -1;
    bool ok;
    if (v->kind == N_SCALAR)
        ok = read_slot_short(c, sl, v);
    else if (v->kind == N_MAP)
        ok = read_slot_long(c, sl, v);
    else {
        diag_error(c->d, v->at, "slot '%s' must be a type or a mapping with 'type:'", name);
        ok = false;
    }
    if (ok) /* a slot without a type would only confuse later passes */
        pv_push(c->a, &cl->slots, sl);
}

static void read_slots(cv *c, class_def *cl, const node *v)
{
    if (!want(c, v, N_MAP, true, "slots must be a mapping of name: type"))
        return;
    for (size_t i = 0; i + 1 < v->kids.len; i += 2)
        read_slot(c, cl, kid(v, i), kid(v, i + 1));
}

/* -- Class attributes -- */

static const char *const attr_keys[] = {"type", "value", "doc"};
enum { AK_TYPE, AK_VALUE, AK_DOC, AK_COUNT };

static void read_attr(cv *c, class_def *cl, const node *k, const node *v)
{
    const char *name = name_of(c, k);
    if (!name ||
        !want(c, v, N_MAP, false, "attr '%s' must be a mapping with 'type:' and 'value:'", name))
        return;
    attr_def *at = ar_alloc(c->a, sizeof *at);
    at->name = name;
    at->at = k->at;
    bool typed = false, valued = false, ok = true, unknown = false;
    for (size_t i = 0; i + 1 < v->kids.len; i += 2) {
        const node *key = kid(v, i), *val = kid(v, i + 1);
        switch (find_key(c, key, attr_keys, AK_COUNT, "attr", name)) {
        case AK_TYPE:
            typed = true;
            ok = read_type(c, val, "attr", name, &at->type) && ok;
            break;
        case AK_VALUE:
            valued = true;
            at->value = read_scalar(c, val, "value", "attr", name);
            ok = at->value && ok;
            break;
        case AK_DOC:
            at->doc = read_doc(c, val);
            break;
        default:
            unknown = true;
            break;
        }
    }
    if (!typed && !unknown)
        diag_error(c->d, k->at, "attr '%s' needs a type", name);
    if (!valued && !unknown)
        diag_error(c->d, k->at, "attr '%s' needs a value", name);
    if (typed && valued && ok)
        pv_push(c->a, &cl->attrs, at);
}

static void read_attrs(cv *c, class_def *cl, const node *v)
{
    if (!want(c, v, N_MAP, true, "attrs must be a mapping of name: {type, value}"))
        return;
    for (size_t i = 0; i + 1 < v->kids.len; i += 2)
        read_attr(c, cl, kid(v, i), kid(v, i + 1));
}

/* -- Classes -- */

static const char *const class_keys[] = {"doc",  "extends", "slots",   "attrs",
                                         "dict", "weakref", "dynamic", "layout"};
enum {
    CK_DOC,
    CK_EXTENDS,
    CK_SLOTS,
    CK_ATTRS,
    CK_DICT,
    CK_WEAKREF,
    CK_DYNAMIC,
    CK_LAYOUT,
    CK_COUNT
};

static const char *const layout_names[] = {"compact", "declared", "packed"};

/* true or false, and nothing else: YAML 1.1's yes/no/on/off are surprises. */
static void read_flag(cv *c, const node *v, const char *key, bool *out)
{
    if (v->kind == N_BAD)
        return;
    if (v->plain && (text_is(v, "true") || text_is(v, "false")))
        *out = text_is(v, "true");
    else
        diag_error(c->d, v->at, "'%s' must be true or false", key);
}

static void read_layout(cv *c, class_def *cl, const node *v)
{
    if (v->kind == N_BAD)
        return;
    for (size_t i = 0; i < 3; i++)
        if (text_is(v, layout_names[i])) {
            cl->layout = (layout_mode)i;
            return;
        }
    diag_error(c->d, v->at, "layout must be compact, declared or packed");
    if (v->kind == N_SCALAR)
        diag_hint(c->d, v->at, v->text, layout_names, 3);
}

static void read_extends(cv *c, class_def *cl, const node *v)
{
    if (!want(c, v, N_SCALAR, false, "extends of class '%s' must be a class name", cl->name))
        return;
    cl->extends = name_of(c, v);
    cl->extends_at = v->at;
}

static void read_class_key(cv *c, class_def *cl, const node *k, const node *v)
{
    switch (find_key(c, k, class_keys, CK_COUNT, "class", cl->name)) {
    case CK_DOC:
        cl->doc = read_doc(c, v);
        break;
    case CK_EXTENDS:
        read_extends(c, cl, v);
        break;
    case CK_SLOTS:
        read_slots(c, cl, v);
        break;
    case CK_ATTRS:
        read_attrs(c, cl, v);
        break;
    case CK_DICT:
        read_flag(c, v, "dict", &cl->dict);
        break;
    case CK_WEAKREF:
        read_flag(c, v, "weakref", &cl->weakref);
        break;
    case CK_DYNAMIC:
        read_flag(c, v, "dynamic", &cl->dynamic);
        break;
    case CK_LAYOUT:
        read_layout(c, cl, v);
        break;
    default:
        break;
    }
}

/* A class whose body is wrong is kept, empty, so that its uses still
 * resolve and check does not echo the error as "unknown type". */
static void read_class(cv *c, const node *k, const node *v)
{
    const char *name = name_of(c, k);
    if (!name)
        return;
    class_def *cl = ar_alloc(c->a, sizeof *cl);
    cl->name = name;
    cl->at = k->at;
    cl->schema = c->s;
    cl->layout = LAYOUT_COMPACT;
    if (want(c, v, N_MAP, true, "class '%s' must be a mapping", name))
        for (size_t i = 0; i + 1 < v->kids.len; i += 2)
            read_class_key(c, cl, kid(v, i), kid(v, i + 1));
    pv_push(c->a, &c->s->classes, cl);
}

static void read_classes(cv *c, const node *v)
{
    if (!want(c, v, N_MAP, true, "classes must be a mapping of name: class"))
        return;
    for (size_t i = 0; i + 1 < v->kids.len; i += 2)
        read_class(c, kid(v, i), kid(v, i + 1));
}

/* -- Enums -- */

static int digit_value(char ch, unsigned base)
{
    int d = ch >= '0' && ch <= '9'   ? ch - '0'
            : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
            : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                     : 99;
    return (unsigned)d < base ? d : -1;
}

/* Parses [+-]digits or [+-]0x hex digits.  False when S is no integer;
 * *TOO_BIG when it is one that does not fit int64_t. */
static bool parse_int(const char *s, size_t len, int64_t *out, bool *too_big)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    unsigned base = 10;
    if (len - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X'))
        base = 16, i += 2;
    if (i == len)
        return false;
    uint64_t v = 0;
    bool over = false;
    for (; i < len; i++) {
        int d = digit_value(s[i], base);
        if (d < 0)
            return false;
        if (v > (UINT64_MAX - (unsigned)d) / base)
            over = true;
        else
            v = v * base + (unsigned)d;
    }
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    *too_big = over || v > limit;
    if (!*too_big)
        *out = neg ? (v == limit ? INT64_MIN : -(int64_t)v) : (int64_t)v;
    return true;
}

static bool add_member(cv *c, enum_def *en, const node *k, int64_t value)
{
    const char *name = name_of(c, k);
    if (!name)
        return false;
    enum_value *mv = ar_alloc(c->a, sizeof *mv);
    mv->name = name;
    mv->at = k->at;
    mv->value = value;
    pv_push(c->a, &en->values, mv);
    return true;
}

/* [left, center, right]: values 0..n-1. */
static void read_enum_list(cv *c, enum_def *en, const node *v)
{
    for (size_t i = 0; i < v->kids.len; i++) {
        const node *item = kid(v, i);
        if (!want(c, item, N_SCALAR, false, "members of enum '%s' must be names", en->name) ||
            !add_member(c, en, item, (int64_t)i))
            en->incomplete = true;
    }
}

/* One member of {light: 300, bold: 700}; false when it was dropped. */
static bool read_enum_pair(cv *c, enum_def *en, const node *k, const node *val)
{
    int64_t value = 0;
    bool too_big = false;
    if (val->kind == N_BAD)
        return false;
    if (val->kind != N_SCALAR || val->quoted || !parse_int(val->text, val->len, &value, &too_big)) {
        diag_error(c->d, val->at, "value of '%s' in enum '%s' must be an integer", k->text,
                   en->name);
        return false;
    }
    if (too_big) {
        diag_error(c->d, val->at, "value '%s' of '%s' in enum '%s' does not fit in 64 bits",
                   val->text, k->text, en->name);
        return false;
    }
    return add_member(c, en, k, value);
}

static void read_enum_map(cv *c, enum_def *en, const node *v)
{
    for (size_t i = 0; i + 1 < v->kids.len; i += 2)
        if (!read_enum_pair(c, en, kid(v, i), kid(v, i + 1)))
            en->incomplete = true;
}

static void read_enum(cv *c, const node *k, const node *v)
{
    const char *name = name_of(c, k);
    if (!name || v->kind == N_BAD)
        return;
    enum_def *en = ar_alloc(c->a, sizeof *en);
    en->name = name;
    en->at = k->at;
    en->schema = c->s;
    if (v->kind == N_SEQ)
        read_enum_list(c, en, v);
    else if (v->kind == N_MAP)
        read_enum_map(c, en, v);
    else {
        diag_error(c->d, v->at, "enum '%s' must be a list of names or a mapping of name: integer",
                   name);
        en->incomplete = true;
    }
    pv_push(c->a, &c->s->enums, en);
}

static void read_enums(cv *c, const node *v)
{
    if (!want(c, v, N_MAP, true, "enums must be a mapping of name: values"))
        return;
    for (size_t i = 0; i + 1 < v->kids.len; i += 2)
        read_enum(c, kid(v, i), kid(v, i + 1));
}

/* -- The top level -- */

static void read_imports(cv *c, const node *v)
{
    if (!want(c, v, N_SEQ, true, "imports must be a list of file names"))
        return;
    for (size_t i = 0; i < v->kids.len; i++) {
        const node *item = kid(v, i);
        if (item->kind == N_BAD)
            continue;
        if (item->kind != N_SCALAR || is_null(item) || item->len == 0 ||
            memchr(item->text, '\0', item->len)) {
            diag_error(c->d, item->at, "an import must be a file name");
            continue;
        }
        import_def *im = ar_alloc(c->a, sizeof *im);
        im->path = keep(c, item);
        im->at = item->at;
        pv_push(c->a, &c->s->imports, im);
    }
}

static void read_name(cv *c, const node *v)
{
    if (!want(c, v, N_SCALAR, false, "'schema' must be a name (the C prefix for this schema)"))
        return;
    c->s->name = name_of(c, v);
    c->s->name_at = v->at;
}

static const char *const top_keys[] = {"schema", "doc", "imports", "enums", "classes"};
enum { TK_SCHEMA, TK_DOC, TK_IMPORTS, TK_ENUMS, TK_CLASSES, TK_COUNT };

static void read_schema(cv *c, const node *root)
{
    bool named = false;
    for (size_t i = 0; i + 1 < root->kids.len; i += 2) {
        const node *k = kid(root, i), *v = kid(root, i + 1);
        switch (find_key(c, k, top_keys, TK_COUNT, "at the top level of the schema", NULL)) {
        case TK_SCHEMA:
            named = true;
            read_name(c, v);
            break;
        case TK_DOC:
            c->s->doc = read_doc(c, v);
            break;
        case TK_IMPORTS:
            read_imports(c, v);
            break;
        case TK_ENUMS:
            read_enums(c, v);
            break;
        case TK_CLASSES:
            read_classes(c, v);
            break;
        default:
            break;
        }
    }
    if (!named)
        diag_error(c->d, root->at, "missing 'schema:' (the C prefix for this schema)");
}

void ld_read_schema(arena *a, diag *d, schema *s, const node *root)
{
    cv c = {a, d, s};
    read_schema(&c, root);
}
