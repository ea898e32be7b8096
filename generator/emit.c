/* emit.c - turns the laid-out model into the data the templates render.
 *
 * Everything here only arranges what earlier passes decided: C spellings
 * of types and constants, escaped strings and comments, and flags that
 * pick a template branch.  Layout numbers are copied, never computed.
 */
#include "emit.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "tpl.h"

typedef struct emitter {
    arena *a;
    const schema *s;
} emitter;

/* ---- Escaping --------------------------------------------------------- */

/* S as the body of a C string literal: quotes, backslashes, control and
 * non-ASCII bytes escaped, and "??" broken up so no trigraph can form. */
static const char *c_string(arena *a, const char *s, size_t len)
{
    strbuf b;
    sb_init(&b, a);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':
            sb_puts(&b, "\\\"");
            break;
        case '\\':
            sb_puts(&b, "\\\\");
            break;
        case '\n':
            sb_puts(&b, "\\n");
            break;
        case '\t':
            sb_puts(&b, "\\t");
            break;
        case '?':
            sb_puts(&b, i + 1 < len && s[i + 1] == '?' ? "?\\" : "?");
            break;
        default:
            if (c < 0x20 || c >= 0x7f)
                sb_printf(&b, "\\%03o", c);
            else
                sb_putc(&b, (char)c);
        }
    }
    return b.data;
}

/* TEXT as a comment that cannot end early or nest: one line per line of
 * text, continuation lines indented by INDENT spaces. */
static const char *c_comment(arena *a, const char *text, int indent)
{
    strbuf b;
    sb_init(&b, a);
    bool multi = strchr(text, '\n') != NULL;
    sb_puts(&b, multi ? "/*\n" : "/* ");
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        if (multi)
            sb_printf(&b, "%*s *%s", indent, "", n ? " " : "");
        for (size_t i = 0; i < n; i++) {
            char c = p[i];
            char next = i + 1 < n ? p[i + 1] : '\0';
            sb_putc(&b, (unsigned char)c < 0x20 ? ' ' : c);
            if ((c == '*' && next == '/') || (c == '/' && next == '*') || (c == '?' && next == '?'))
                sb_putc(&b, ' ');
        }
        if (multi)
            sb_putc(&b, '\n');
        p += n;
        if (*p == '\n')
            p++;
    }
    if (multi)
        sb_printf(&b, "%*s */", indent, "");
    else
        sb_puts(&b, " */");
    return b.data;
}

/* Sets "doc", or false so that a nested section cannot pick up the doc of
 * an enclosing context. */
static void set_doc(emitter *e, tpl_val *v, const char *doc, int indent)
{
    if (doc && *doc)
        tpl_set(v, "doc", c_comment(e->a, doc, indent));
    else
        tpl_set_bool(v, "doc", false);
}

/* ---- C spellings of types and constants ------------------------------- */

static const char *scalar_ctype(emitter *e, const type_expr *t)
{
    static const char *const names[] = {
        [TY_BOOL] = "bool",           [TY_I8] = "int8_t",    [TY_I16] = "int16_t",
        [TY_I32] = "int32_t",         [TY_I64] = "int64_t",  [TY_U8] = "uint8_t",
        [TY_U16] = "uint16_t",        [TY_U32] = "uint32_t", [TY_U64] = "uint64_t",
        [TY_F32] = "float",           [TY_F64] = "double",   [TY_STR] = "char",
        [TY_STRING] = "const char *",
    };
    switch (t->kind) {
    case TY_ENUM:
        return nm_enum(e->a, t->en);
    case TY_CLASS:
        return nm_class(e->a, t->cls);
    case TY_REF:
        return ar_printf(e->a, "%s *", nm_class(e->a, t->cls));
    default:
        return names[t->kind];
    }
}

/* The type a getter returns for one element. */
static const char *value_ctype(emitter *e, const type_expr *t)
{
    if (t->kind == TY_STR || t->kind == TY_STRING)
        return "const char *";
    if (t->kind == TY_CLASS)
        return ar_printf(e->a, "const %s *", nm_class(e->a, t->cls));
    return scalar_ctype(e, t);
}

/* TYPE ready to precede a name: "double " but "const char *". */
static const char *decl_prefix(emitter *e, const char *type)
{
    return type[strlen(type) - 1] == '*' ? type : ar_printf(e->a, "%s ", type);
}

/* "/\* ---- TITLE ------...---- *\/", 78 columns wide. */
static const char *banner(emitter *e, const char *title)
{
    int dashes = 78 - 6 - 6 - (int)strlen(title);
    strbuf b;
    sb_init(&b, e->a);
    sb_printf(&b, "/* ---- %s ", title);
    for (int i = 0; i < dashes; i++)
        sb_putc(&b, '-');
    sb_puts(&b, " */");
    return b.data;
}

static const char *zero_value(emitter *e, const type_expr *t)
{
    switch (t->kind) {
    case TY_BOOL:
        return "false";
    case TY_ENUM:
        return ar_printf(e->a, "(%s)0", nm_enum(e->a, t->en));
    case TY_STR:
    case TY_STRING:
    case TY_CLASS:
    case TY_REF:
        return "NULL";
    default:
        return "0";
    }
}

static const char *int_literal(emitter *e, ty_kind k, int64_t i, uint64_t u)
{
    if (k == TY_I64)
        return i == INT64_MIN ? "INT64_MIN" : ar_printf(e->a, "INT64_C(%" PRId64 ")", i);
    if (k == TY_U64)
        return ar_printf(e->a, "UINT64_C(%" PRIu64 ")", u);
    if (TY_IS_SIGNED(k))
        return i == INT32_MIN ? "INT32_MIN" : ar_printf(e->a, "%" PRId64, i);
    return ar_printf(e->a, "%" PRIu64 "%s", u, k == TY_U32 ? "u" : "");
}

/* F as a C literal of type float (KIND TY_F32, with an 'f' suffix) or
 * double: libslot's text for it, the shortest that reads back as the same
 * value of that type, so that a bound of 0.1 on an f32 slot is 0.1f and
 * accepts 0.1f.  That text ("1.0", "1e-05", "1e+16") is a C literal. */
static const char *float_literal(emitter *e, ty_kind kind, double f)
{
    bool single = kind == TY_F32;
    char text[40];
    if (isnan(f))
        return "NAN";
    if (isinf(f))
        return f > 0 ? (single ? "HUGE_VALF" : "HUGE_VAL") : (single ? "-HUGE_VALF" : "-HUGE_VAL");
    slot_i_float_repr(text, sizeof text, single ? (double)(float)f : f, single);
    return ar_printf(e->a, single ? "%sf" : "%s", text);
}

/* A scalar constant as a C expression of type T. */
static const char *constant_c(emitter *e, const type_expr *t, const constant *c)
{
    switch (t->kind) {
    case TY_BOOL:
        return c->i ? "true" : "false";
    case TY_F32:
    case TY_F64:
        return float_literal(e, t->kind, c->f);
    case TY_ENUM:
        return nm_enum_value(e->a, t->en, PV_AT(t->en->values, c->member));
    case TY_STR:
    case TY_STRING:
        return ar_printf(e->a, "\"%s\"", c_string(e->a, c->s, c->s_len));
    default:
        return int_literal(e, t->kind, c->i, c->u);
    }
}

/* ---- Slots ------------------------------------------------------------- */

static bool class_owns_memory(const class_def *c);

static bool type_owns_memory(const type_expr *t)
{
    return t->kind == TY_STRING || (t->kind == TY_CLASS && class_owns_memory(t->cls));
}

static bool class_owns_memory(const class_def *c)
{
    if (c->has_dict || c->has_weakref || (c->base && class_owns_memory(c->base)))
        return true;
    for (size_t i = 0; i < c->slots.len; i++)
        if (type_owns_memory(&((const slot_def *)PV_AT(c->slots, i))->type))
            return true;
    return false;
}

/* The range test a setter makes, or NULL when the type alone enforces it.
 * Floats are tested so that NaN fails; bounds equal to the type's own are
 * left out (they would only draw "comparison is always false" warnings). */
static const char *range_test(emitter *e, const slot_def *f, const char *v)
{
    const type_expr *t = &f->type;
    const char *lo = NULL, *hi = NULL;
    if (TY_IS_FLOAT(t->kind)) {
        if (!f->min_val.set && !f->max_val.set)
            return NULL;
        const char *a =
            f->min_val.set ? ar_printf(e->a, "%s >= %s", v, float_literal(e, t->kind, f->min_val.f))
                           : NULL;
        const char *b =
            f->max_val.set ? ar_printf(e->a, "%s <= %s", v, float_literal(e, t->kind, f->max_val.f))
                           : NULL;
        return a && b ? ar_printf(e->a, "!(%s && %s)", a, b) : ar_printf(e->a, "!(%s)", a ? a : b);
    }
    if (t->kind == TY_ENUM)
        return ar_printf(e->a, "%s_name(%s) == NULL", nm_enum(e->a, t->en), v);
    if (!TY_IS_INT(t->kind))
        return NULL;
    bool is_signed = TY_IS_SIGNED(t->kind);
    int bits = 8 << (is_signed ? t->kind - TY_I8 : t->kind - TY_U8);
    uint64_t type_max = bits == 64 ? (is_signed ? (uint64_t)INT64_MAX : UINT64_MAX)
                                   : (UINT64_C(1) << (bits - is_signed)) - 1;
    int64_t type_min = is_signed ? -(int64_t)type_max - 1 : 0;
    if (f->min_val.set && (is_signed ? f->min_val.i > type_min : f->min_val.u > 0))
        lo = ar_printf(e->a, "%s < %s", v, constant_c(e, t, &f->min_val));
    if (f->max_val.set && (is_signed ? f->max_val.i < (int64_t)type_max : f->max_val.u < type_max))
        hi = ar_printf(e->a, "%s > %s", v, constant_c(e, t, &f->max_val));
    if (lo && hi)
        return ar_printf(e->a, "%s || %s", lo, hi);
    return lo ? lo : hi;
}

static const char *presence_byte(emitter *e, const slot_def *f)
{
    return ar_printf(e->a, "%d", f->presence / 8);
}

static void slot_data(emitter *e, const class_def *c, const slot_def *f, tpl_val *v)
{
    const type_expr *t = &f->type;
    bool array = t->array_len > 0;
    tpl_set(v, "name", f->name);
    tpl_set(v, "cls", nm_class(e->a, c));
    tpl_set(v, "get", nm_slot_fn(e->a, c, "get", f));
    tpl_set(v, "set", nm_slot_fn(e->a, c, "set", f));
    tpl_set(v, "has", nm_slot_fn(e->a, c, "has", f));
    tpl_set(v, "del", nm_slot_fn(e->a, c, "del", f));
    tpl_set(v, "ctype", scalar_ctype(e, t));
    tpl_set(v, "vtype", decl_prefix(e, value_ctype(e, t)));
    tpl_set(v, "zero", zero_value(e, t));
    set_doc(e, v, f->doc, 4);
    if (array) {
        tpl_set_bool(v, "array", true);
        tpl_setf(v, "len", "%" PRIu64, t->array_len);
    }
    const char *kind = t->kind == TY_STR      ? "k_str"
                       : t->kind == TY_STRING ? "k_string"
                       : t->kind == TY_CLASS  ? "k_class"
                                              : "k_scalar";
    tpl_set_bool(v, kind, true);
    if (t->kind == TY_CLASS) {
        tpl_set(v, "sub", nm_class(e->a, t->cls));
        tpl_set(v, "sub_init", nm_class_fn(e->a, t->cls, "init"));
        tpl_set(v, "sub_clear", nm_class_fn(e->a, t->cls, "clear"));
        tpl_set(v, "sub_copy", nm_class_fn(e->a, t->cls, "copy"));
        tpl_set(v, "sub_equal", nm_class_fn(e->a, t->cls, "equal"));
        tpl_set_bool(v, "sub_owns", class_owns_memory(t->cls));
    }
    const char *test = range_test(e, f, "value");
    if (test)
        tpl_set(v, "test", test);
    bool can_fail =
        test || array || t->kind == TY_STR || t->kind == TY_STRING || t->kind == TY_CLASS;
    tpl_set_bool(v, "can_fail", can_fail);
    if (f->presence >= 0) {
        tpl_set(v, "pbyte", presence_byte(e, f));
        tpl_setf(v, "pmask", "0x%02xu", 1u << (f->presence % 8));
    }
    if (f->dflt_val.set) {
        tpl_set(v, "default", constant_c(e, t, &f->dflt_val));
        if (t->kind == TY_STR)
            tpl_setf(v, "default_size", "%zu", f->dflt_val.s_len + 1);
        if (t->kind == TY_STRING)
            tpl_set(v, "default_name", nm_slot_fn(e->a, c, "default", f));
    }
    tpl_set(v, "dflt_ptr",
            t->kind == TY_STRING && f->dflt_val.set ? nm_slot_fn(e->a, c, "default", f) : "NULL");
    tpl_set_bool(v, "packed", c->layout == LAYOUT_PACKED);
    tpl_set_bool(v, "owns", type_owns_memory(t));
    /* Used by the X-macro: what a getter returns. */
    tpl_set(v, "xtype", value_ctype(e, t));
}

/* ---- Classes ----------------------------------------------------------- */

static void table_data(emitter *e, const class_def *c, tpl_val *v);

static const char *member_decl(emitter *e, const class_def *c, const member_def *mem)
{
    switch (mem->kind) {
    case MEMBER_BASE:
        return ar_printf(e->a, "%s _slot_base", nm_class(e->a, c->base));
    case MEMBER_PRESENCE:
        return ar_printf(e->a, "uint8_t _slot_present[%zu]", mem->size);
    case MEMBER_DICT:
        return "struct slot_dict *_slot_dict";
    case MEMBER_WEAKREF:
        return "struct slot_weakref *_slot_weakrefs";
    case MEMBER_SLOT:
        break;
    }
    const type_expr *t = &mem->slot->type;
    const char *ct = scalar_ctype(e, t);
    const char *sep = ct[strlen(ct) - 1] == '*' ? "" : " ";
    char *d = ar_printf(e->a, "%s%s%s", ct, sep, mem->name);
    if (t->array_len)
        d = ar_printf(e->a, "%s[%" PRIu64 "]", d, t->array_len);
    if (t->kind == TY_STR)
        d = ar_printf(e->a, "%s[%" PRIu64 "]", d, t->str_len + 1);
    return d;
}

typedef struct attr_list {
    emitter *e;
    const class_def *c;
    tpl_val *list;
} attr_list;

/* A typed getter; inherited attributes get one in each subclass too. */
static void typed_attr(void *ctx, const attr_def *t)
{
    attr_list *x = ctx;
    tpl_val *a = tpl_push(x->list);
    tpl_set(a, "get", nm_attr_get(x->e->a, x->c, t));
    tpl_set(a, "vtype", decl_prefix(x->e, value_ctype(x->e, &t->type)));
    tpl_set(a, "value", constant_c(x->e, &t->type, &t->val));
    set_doc(x->e, a, t->doc, 0);
}

/* The class in C's chain whose struct holds the member of KIND. */
static const class_def *holder(const class_def *c, member_kind kind)
{
    for (; c; c = c->base)
        for (size_t i = 0; i < c->members.len; i++)
            if (((const member_def *)PV_AT(c->members, i))->kind == kind)
                return c;
    return NULL;
}

/* How C's struct reaches MEMBER, of KIND: through one "_slot_base." per
 * class between C and the one that holds it. */
static const char *member_path(emitter *e, const class_def *c, member_kind kind, const char *member)
{
    const class_def *h = holder(c, kind);
    strbuf b;
    sb_init(&b, e->a);
    for (const class_def *k = c; k && k != h; k = k->base)
        sb_puts(&b, "_slot_base.");
    sb_puts(&b, member);
    return b.data;
}

static void class_data(emitter *e, const class_def *c, tpl_val *v)
{
    const char *cname = nm_class(e->a, c);
    tpl_set(v, "name", cname);
    tpl_set(v, "short", c->name);
    tpl_set(v, "cls", cname);
    tpl_set(v, "banner", banner(e, c->name));
    tpl_set_bool(v, "has_slots", c->all_slots.len > 0);
    tpl_setf(v, "slot_count", "%zu", c->all_slots.len);
    set_doc(e, v, c->doc, 0);
    tpl_setf(v, "size", "%zu", c->size);
    tpl_set_bool(v, "packed", c->layout == LAYOUT_PACKED);
    tpl_set_bool(v, "owns", class_owns_memory(c));
    tpl_set(v, "init", nm_class_fn(e->a, c, "init"));
    tpl_set(v, "clear", nm_class_fn(e->a, c, "clear"));
    tpl_set(v, "new", nm_class_fn(e->a, c, "new"));
    tpl_set(v, "free", nm_class_fn(e->a, c, "free"));
    tpl_set(v, "copy", nm_class_fn(e->a, c, "copy"));
    tpl_set(v, "equal", nm_class_fn(e->a, c, "equal"));
    tpl_set(v, "count", nm_class_fn(e->a, c, "SLOT_COUNT"));
    tpl_set(v, "slots_macro", nm_class_fn(e->a, c, "SLOTS"));
    if (c->base) {
        tpl_val *b = tpl_set_map(v, "base");
        tpl_set(b, "name", nm_class(e->a, c->base));
        tpl_set(b, "init", nm_class_fn(e->a, c->base, "init"));
        tpl_set(b, "clear", nm_class_fn(e->a, c->base, "clear"));
        tpl_set(b, "copy", nm_class_fn(e->a, c->base, "copy"));
        tpl_set(b, "equal", nm_class_fn(e->a, c->base, "equal"));
        tpl_set_bool(b, "owns", class_owns_memory(c->base));
    }
    tpl_set_bool(v, "presence", c->presence_bytes > 0);
    tpl_set_bool(v, "has_dict", c->has_dict);
    bool own_dict = holder(c, MEMBER_DICT) == c;
    tpl_set_bool(v, "own_dict", own_dict);
    tpl_set_bool(v, "own_weakrefs", holder(c, MEMBER_WEAKREF) == c);
    if (c->has_weakref)
        tpl_set(v, "weakrefs", member_path(e, c, MEMBER_WEAKREF, "_slot_weakrefs"));
    tpl_set_bool(v, "compares", c->base || c->presence_bytes || c->slots.len || own_dict);

    tpl_val *members = tpl_set_list(v, "members");
    for (size_t i = 0; i < c->members.len; i++) {
        const member_def *mem = PV_AT(c->members, i);
        tpl_val *m = tpl_push(members);
        tpl_set(m, "decl", member_decl(e, c, mem));
        set_doc(e, m, mem->slot ? mem->slot->doc : NULL, 4);
        tpl_setf(m, "offset", "%zu", mem->offset);
        tpl_set(m, "name", mem->name);
        /* For the assert's name: "_slot_present" would make a "__". */
        tpl_set(m, "aname", mem->name + (mem->name[0] == '_'));
    }

    /* "slots": every slot, for the accessors (inherited ones delegate to
     * the base's); "own": the class's own, for init, clear, copy, equal. */
    tpl_val *slots = tpl_set_list(v, "slots");
    tpl_val *all = tpl_set_list(v, "all_slots");
    for (size_t i = 0; i < c->all_slots.len; i++) {
        const slot_def *f = PV_AT(c->all_slots, i);
        tpl_val *a = tpl_push(all);
        tpl_set(a, "name", f->name);
        tpl_set(a, "index", nm_slot_index(e->a, c, f));
        tpl_setf(a, "i", "%zu", i);
        tpl_set(a, "xtype", value_ctype(e, &f->type));
        tpl_set_bool(a, "last", i + 1 == c->all_slots.len);
        if (f->owner != c) {
            tpl_val *s = tpl_push(slots);
            slot_data(e, c, f, s);
            tpl_set_bool(s, "inherited", true);
            tpl_set(s, "base_get", nm_slot_fn(e->a, c->base, "get", f));
            tpl_set(s, "base_set", nm_slot_fn(e->a, c->base, "set", f));
            tpl_set(s, "base_has", nm_slot_fn(e->a, c->base, "has", f));
            tpl_set(s, "base_del", nm_slot_fn(e->a, c->base, "del", f));
        }
    }
    tpl_val *own = tpl_set_list(v, "own");
    for (size_t i = 0; i < c->slots.len; i++) {
        slot_data(e, c, PV_AT(c->slots, i), tpl_push(own));
        slot_data(e, c, PV_AT(c->slots, i), tpl_push(slots));
    }

    attr_list x = {e, c, tpl_set_list(v, "attrs")};
    nm_each_attr(c, typed_attr, &x);
    table_data(e, c, v);
}

/* ---- The accessor table ---------------------------------------------- */

static const char *slot_type_name(const type_expr *t)
{
    static const char *const names[] = {
        [TY_BOOL] = "SLOT_T_BOOL",     [TY_I8] = "SLOT_T_I8",     [TY_I16] = "SLOT_T_I16",
        [TY_I32] = "SLOT_T_I32",       [TY_I64] = "SLOT_T_I64",   [TY_U8] = "SLOT_T_U8",
        [TY_U16] = "SLOT_T_U16",       [TY_U32] = "SLOT_T_U32",   [TY_U64] = "SLOT_T_U64",
        [TY_F32] = "SLOT_T_F32",       [TY_F64] = "SLOT_T_F64",   [TY_STR] = "SLOT_T_STR",
        [TY_STRING] = "SLOT_T_STRING", [TY_ENUM] = "SLOT_T_ENUM", [TY_CLASS] = "SLOT_T_OBJ",
        [TY_REF] = "SLOT_T_REF",       [TY_NONE] = "SLOT_T_BOOL",
    };
    return names[t->kind];
}

/* The table that describes T's values: its slot_enum or slot_class. */
static const char *type_info(emitter *e, const type_expr *t)
{
    if (t->kind == TY_ENUM)
        return ar_printf(e->a, "&%s_enum", nm_enum(e->a, t->en));
    if (t->kind == TY_CLASS || t->kind == TY_REF)
        return ar_printf(e->a, "&%s", nm_class_fn(e->a, t->cls, "class"));
    return "NULL";
}

static bool has_limits(const slot_def *f)
{
    return f->type.kind != TY_STR && f->type.kind != TY_STRING &&
           (f->min_val.set || f->max_val.set || f->dflt_val.set);
}

static const char *member_flags(emitter *e, const slot_def *f)
{
    strbuf b;
    sb_init(&b, e->a);
    if (f->min_val.set)
        sb_puts(&b, " | SLOT_F_MIN");
    if (f->max_val.set)
        sb_puts(&b, " | SLOT_F_MAX");
    if (f->dflt_val.set)
        sb_puts(&b, " | SLOT_F_DEFAULT");
    if (type_owns_memory(&f->type))
        sb_puts(&b, " | SLOT_F_OWNS");
    return b.len ? b.data + 3 : "0";
}

/* What slot_member.limits points to: the {min, max, default} array, the
 * default text of a str[N] slot, or the static default of a string slot
 * (the very pointer the typed code compares against). */
static const char *member_limits(emitter *e, const class_def *c, const slot_def *f)
{
    if (has_limits(f))
        return nm_slot_fn(e->a, c, "limits", f);
    if (!f->dflt_val.set)
        return "NULL";
    if (f->type.kind == TY_STRING)
        return nm_slot_fn(e->a, f->owner, "default", f);
    return constant_c(e, &f->type, &f->dflt_val);
}

/* "offsetof(s_B, name)": a slot's offset in the class that declares it,
 * which is also its offset in every subclass, since a base is a prefix. */
static const char *owner_offset(emitter *e, const class_def *owner, const char *member, size_t plus)
{
    const char *o = ar_printf(e->a, "offsetof(%s, %s)", nm_class(e->a, owner), member);
    return plus ? ar_printf(e->a, "%s + %zu", o, plus) : o;
}

static void table_member(emitter *e, const class_def *c, const slot_def *f, tpl_val *v)
{
    const type_expr *t = &f->type;
    size_t count = (size_t)t->array_len;
    tpl_set(v, "name", f->name);
    tpl_setf(v, "len", "%zu", strlen(f->name));
    tpl_set(v, "offset", owner_offset(e, f->owner, f->name, 0));
    tpl_setf(v, "size", "%zu", count ? f->size / count : f->size);
    tpl_setf(v, "count", "%zu", count);
    if (f->presence >= 0) {
        tpl_set(v, "pbyte", owner_offset(e, f->owner, "_slot_present", (size_t)f->presence / 8));
        tpl_setf(v, "pmask", "0x%02xu", 1u << (f->presence % 8));
    } else {
        tpl_set(v, "pbyte", "0");
        tpl_set(v, "pmask", "0");
    }
    tpl_set(v, "type", slot_type_name(t));
    tpl_set(v, "flags", member_flags(e, f));
    tpl_set(v, "info", type_info(e, t));
    tpl_set(v, "limits", member_limits(e, c, f));
}

/* The {min, max, default} array of a slot, absent entries zero. */
static void table_limits(emitter *e, const class_def *c, const slot_def *f, tpl_val *v)
{
    const type_expr *t = &f->type;
    const char *zero = t->kind == TY_F32 ? "0.0f" : TY_IS_FLOAT(t->kind) ? "0.0" : zero_value(e, t);
    tpl_set(v, "name", nm_slot_fn(e->a, c, "limits", f));
    tpl_set(v, "ctype", scalar_ctype(e, t));
    tpl_setf(v, "init", "{%s, %s, %s}", f->min_val.set ? constant_c(e, t, &f->min_val) : zero,
             f->max_val.set ? constant_c(e, t, &f->max_val) : zero,
             f->dflt_val.set ? constant_c(e, t, &f->dflt_val) : zero);
}

/* One class attribute: its value goes in the field its type reads. */
static void table_attr(emitter *e, const attr_def *t, tpl_val *v)
{
    ty_kind k = t->type.kind;
    const char *value = constant_c(e, &t->type, &t->val);
    tpl_set(v, "name", t->name);
    tpl_set(v, "type", slot_type_name(&t->type));
    tpl_set(v, "info", type_info(e, &t->type));
    tpl_set(v, "i", k == TY_BOOL || TY_IS_SIGNED(k) || k == TY_ENUM ? value : "0");
    tpl_set(v, "u", TY_IS_INT(k) && !TY_IS_SIGNED(k) ? value : "0");
    tpl_set(v, "f", TY_IS_FLOAT(k) ? value : "0.0");
    tpl_set(v, "s", k == TY_STR || k == TY_STRING ? value : "NULL");
}

static void table_attr_cb(void *ctx, const attr_def *t)
{
    attr_list *x = ctx;
    table_attr(x->e, t, tpl_push(x->list));
}

/* NUMBERS as the body of an array initialiser, sixteen to a line. */
static const char *number_rows(emitter *e, const uint16_t *numbers, size_t n)
{
    strbuf b;
    sb_init(&b, e->a);
    for (size_t i = 0; i < n; i++)
        sb_printf(&b, "%s%u%s", i % 16 ? " " : "    ", numbers[i],
                  i + 1 == n     ? ""
                  : i % 16 == 15 ? ",\n"
                                 : ",");
    return b.data;
}

static const char *word(emitter *e, uint64_t w)
{
    return w ? ar_printf(e->a, "UINT64_C(0x%016" PRIx64 ")", w) : "0";
}

/* One position of the perfect hash: the name's words, length and index,
 * with the name in a comment; a free position says so. */
static void key_cell(emitter *e, const class_def *c, const slot_key *k, tpl_val *v)
{
    bool used = k->len != SLOT_KEY_FREE;
    const char *len = used ? ar_printf(e->a, "%" PRIu32, k->len) : "SLOT_KEY_FREE";
    tpl_setf(v, "init", "{%s, %s, %s, %" PRIu32 "}", word(e, k->a), word(e, k->b), len, k->index);
    tpl_set_bool(v, "used", used);
    if (used)
        tpl_set(v, "name", ((const slot_def *)PV_AT(c->all_slots, k->index))->name);
}

static const char *class_flags(emitter *e, const class_def *c)
{
    strbuf b;
    sb_init(&b, e->a);
    if (c->has_dict)
        sb_puts(&b, " | SLOT_C_DICT");
    if (c->has_weakref)
        sb_puts(&b, " | SLOT_C_WEAKREF");
    if (c->dynamic)
        sb_puts(&b, " | SLOT_C_DYNAMIC");
    if (c->layout == LAYOUT_PACKED)
        sb_puts(&b, " | SLOT_C_PACKED");
    return b.len ? b.data + 3 : "0";
}

static void table_data(emitter *e, const class_def *c, tpl_val *v)
{
    size_t n = c->all_slots.len;
    tpl_set(v, "short", c->name);
    tpl_set(v, "table", nm_class_fn(e->a, c, "class"));
    tpl_set(v, "base_table",
            c->base ? ar_printf(e->a, "&%s", nm_class_fn(e->a, c->base, "class")) : "NULL");
    tpl_set(v, "members_name", n ? nm_class_fn(e->a, c, "members") : "NULL");
    tpl_setf(v, "nmembers", "%zu", n);
    tpl_val *members = tpl_set_list(v, "table_members");
    tpl_val *limits = tpl_set_list(v, "limits");
    for (size_t i = 0; i < n; i++) {
        const slot_def *f = PV_AT(c->all_slots, i);
        table_member(e, c, f, tpl_push(members));
        if (has_limits(f))
            table_limits(e, c, f, tpl_push(limits));
    }
    tpl_val *attrs = tpl_set_list(v, "table_attrs");
    attr_list x = {e, c, attrs};
    nm_each_attr(c, table_attr_cb, &x);
    tpl_set_bool(v, "has_attrs", tpl_len(attrs) > 0);
    tpl_set(v, "attrs_name", tpl_len(attrs) ? nm_class_fn(e->a, c, "attrs") : "NULL");
    tpl_setf(v, "nattrs", "%zu", tpl_len(attrs));
    tpl_set(v, "class_flags", class_flags(e, c));
    const class_def *d = holder(c, MEMBER_DICT), *w = holder(c, MEMBER_WEAKREF);
    tpl_set(v, "dict_offset", d ? owner_offset(e, d, "_slot_dict", 0) : "0");
    tpl_set(v, "weakref_offset", w ? owner_offset(e, w, "_slot_weakrefs", 0) : "0");
    if (c->has_dict)
        tpl_set(v, "shared", nm_class_fn(e->a, c, "shared"));
    tpl_set(v, "shared_ref",
            c->has_dict ? ar_printf(e->a, "&%s", nm_class_fn(e->a, c, "shared")) : "NULL");
    tpl_setf(v, "seed", "UINT64_C(0x%016" PRIx64 ")", c->hash.seed);
    bool displaced = c->hash.nbuckets > 1;
    tpl_set_bool(v, "has_disp", displaced);
    tpl_set(v, "disp_name", displaced ? nm_class_fn(e->a, c, "disp") : "NULL");
    tpl_set(v, "keys_name", nm_class_fn(e->a, c, "keys"));
    tpl_setf(v, "nbuckets", "%zu", c->hash.nbuckets);
    tpl_setf(v, "nkeys", "%zu", c->hash.nkeys);
    tpl_set(v, "disp", number_rows(e, c->hash.disp, c->hash.nbuckets));
    tpl_val *keys = tpl_set_list(v, "keys");
    for (size_t pos = 0; pos < c->hash.nkeys; pos++)
        key_cell(e, c, &c->hash.keys[pos], tpl_push(keys));
    tpl_setf(v, "disp_mask", "%zu", c->hash.nbuckets - 1);
    tpl_setf(v, "key_mask", "%zu", c->hash.nkeys - 1);
    tpl_set(v, "class_init", nm_class_fn(e->a, c, "class_init"));
    tpl_set(v, "class_clear", nm_class_fn(e->a, c, "class_clear"));
    tpl_set(v, "class_copy", nm_class_fn(e->a, c, "class_copy"));
}

/* ---- Enums ------------------------------------------------------------- */

static void enum_data(emitter *e, const enum_def *en, tpl_val *v)
{
    tpl_set(v, "name", nm_enum(e->a, en));
    tpl_setf(v, "name_fn", "%s_name", nm_enum(e->a, en));
    tpl_setf(v, "parse_fn", "%s_parse", nm_enum(e->a, en));
    tpl_set(v, "short", en->name);
    tpl_setf(v, "table", "%s_enum", nm_enum(e->a, en));
    tpl_setf(v, "names", "%s_names", nm_enum(e->a, en));
    tpl_setf(v, "values_name", "%s_values", nm_enum(e->a, en));
    tpl_setf(v, "count", "%zu", en->values.len);
    tpl_val *values = tpl_set_list(v, "values");
    tpl_val *cases = tpl_set_list(v, "cases");
    for (size_t i = 0; i < en->values.len; i++) {
        const enum_value *ev = PV_AT(en->values, i);
        tpl_val *x = tpl_push(values);
        tpl_set(x, "cname", nm_enum_value(e->a, en, ev));
        tpl_set(x, "text", ev->name);
        tpl_set(x, "value",
                ev->value == INT32_MIN ? "INT32_MIN" : ar_printf(e->a, "%" PRId64, ev->value));
        tpl_set_bool(x, "last", i + 1 == en->values.len);
        /* name() answers with the first member of each value. */
        bool first = true;
        for (size_t j = 0; j < i && first; j++)
            first = ((const enum_value *)PV_AT(en->values, j))->value != ev->value;
        if (first) {
            tpl_val *cs = tpl_push(cases);
            tpl_set(cs, "cname", nm_enum_value(e->a, en, ev));
            tpl_set(cs, "text", ev->name);
        }
    }
}

/* ---- The whole file ---------------------------------------------------- */

static tpl_val *file_data(emitter *e)
{
    const schema *s = e->s;
    tpl_val *root = tpl_map(e->a);
    tpl_set(root, "version", SLOTC_VERSION);
    tpl_set(root, "file", s->file);
    tpl_set(root, "header", ar_printf(e->a, "%s.slot.h", s->stem));
    tpl_set(root, "guard", nm_guard(e->a, s));
    tpl_set(root, "prefix", s->name);
    set_doc(e, root, s->doc, 0);

    tpl_val *imports = tpl_set_list(root, "imports");
    for (size_t i = 0; i < s->imports.len; i++) {
        const import_def *imp = PV_AT(s->imports, i);
        if (imp->target)
            tpl_set(tpl_push(imports), "header", ar_printf(e->a, "%s.slot.h", imp->target->stem));
    }
    bool need_math = false, has_defaults = false;
    tpl_val *enums = tpl_set_list(root, "enums");
    for (size_t i = 0; i < s->enums.len; i++)
        enum_data(e, PV_AT(s->enums, i), tpl_push(enums));
    tpl_val *classes = tpl_set_list(root, "classes");
    tpl_val *defaults = tpl_set_list(root, "string_defaults");
    for (size_t i = 0; i < s->sorted.len; i++) {
        const class_def *c = PV_AT(s->sorted, i);
        class_data(e, c, tpl_push(classes));
        for (size_t j = 0; j < c->slots.len; j++) {
            const slot_def *f = PV_AT(c->slots, j);
            if (f->type.kind == TY_STRING && f->dflt_val.set) {
                tpl_val *d = tpl_push(defaults);
                tpl_set(d, "name", nm_slot_fn(e->a, c, "default", f));
                tpl_set(d, "value", constant_c(e, &f->type, &f->dflt_val));
                has_defaults = true;
            }
            if (TY_IS_FLOAT(f->type.kind))
                need_math = need_math || (f->dflt_val.set && !isfinite(f->dflt_val.f)) ||
                            (f->min_val.set && !isfinite(f->min_val.f)) ||
                            (f->max_val.set && !isfinite(f->max_val.f));
        }
    }
    tpl_set_bool(root, "need_math", need_math);
    tpl_set_bool(root, "has_enums", s->enums.len > 0);
    tpl_set_bool(root, "has_classes", s->sorted.len > 0);
    tpl_set_bool(root, "has_string_defaults", has_defaults);
    return root;
}

typedef struct partials {
    const em_template *list;
} partials;

static const char *find_template(const em_template *list, const char *name)
{
    for (const em_template *t = list; t->name; t++)
        if (strcmp(t->name, name) == 0)
            return t->text;
    return NULL;
}

static const char *find_partial(void *ctx, const char *name)
{
    return find_template(((partials *)ctx)->list, name);
}

static bool render(model *m, const em_template *templates, const char *name, const tpl_val *root,
                   strbuf *out)
{
    const char *text = find_template(templates, name);
    if (!text) {
        diag_plain_error(m->d, "template '%s' is missing", name);
        return false;
    }
    partials p = {templates};
    return tpl_render(out, name, text, root, find_partial, &p, m->d);
}

bool em_emit(model *m, const schema *s, const em_template *templates, strbuf *header,
             strbuf *source)
{
    emitter e = {m->a, s};
    tpl_val *root = file_data(&e);
    return render(m, templates, "header", root, header) &&
           render(m, templates, "source", root, source);
}
