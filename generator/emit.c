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

#include "emit_i.h"
#include "names.h"
#include "tpl.h"

/* A header declares the typed accessors of up to this many slots (those
 * of all its classes, inherited ones included) unconditionally.  Past it
 * the schema is large: each class's accessors are compiled only where
 * SLOT_INLINE or C_INLINE asks for them, and the offset asserts move to
 * the source, since a compiler pays tens of microseconds for each inline
 * function and offset assert in every file that includes the header. */
#define EM_INLINE_MAX 2048

/* ---- Numbers ------------------------------------------------------------ */

/* V in decimal, as printf's "%" PRIu64 would write it. */
const char *em_num(emitter *e, uint64_t v)
{
    char buf[24], *p = buf + sizeof buf;
    *--p = '\0';
    do
        *--p = (char)('0' + v % 10);
    while (v /= 10);
    return ar_strndup(e->a, p, (size_t)(buf + sizeof buf - 1 - p));
}

/* A figure of the layout, per ABI: the number where every ABI has the
 * same, else "SLOT_ABI(lp64, ilp32, ilp32_a4)", which the compiler picks
 * from (slot.h). */
const char *em_abi_num(emitter *e, const size_t v[ABI_COUNT])
{
    if (v[0] == v[1] && v[1] == v[2])
        return em_num(e, v[0]);
    return ar_printf(e->a, "SLOT_ABI(%zu, %zu, %zu)", v[0], v[1], v[2]);
}

/* "0x%02xu" of the mask of presence bit BIT. */
const char *em_pmask(emitter *e, int bit)
{
    static const char *const masks[] = {"0x01u", "0x02u", "0x04u", "0x08u",
                                        "0x10u", "0x20u", "0x40u", "0x80u"};
    (void)e;
    return masks[bit % 8];
}

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
        tpl_set_str(v, "doc", c_comment(e->a, doc, indent));
    else
        tpl_set_bool(v, "doc", false);
}

/* ---- C spellings of types and constants ------------------------------- */

const char *em_scalar_ctype(emitter *e, const type_expr *t)
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
    return em_scalar_ctype(e, t);
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

const char *em_zero_value(emitter *e, const type_expr *t)
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
const char *em_constant_c(emitter *e, const type_expr *t, const constant *c)
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

bool em_type_owns_memory(const type_expr *t)
{
    return t->kind == TY_STRING || (t->kind == TY_CLASS && class_owns_memory(t->cls));
}

static bool class_owns_memory(const class_def *c)
{
    if (c->has_dict || c->has_weakref || (c->base && class_owns_memory(c->base)))
        return true;
    for (size_t i = 0; i < c->slots.len; i++)
        if (em_type_owns_memory(&((const slot_def *)PV_AT(c->slots, i))->type))
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
        /* A bound is cast to its type: where floats are evaluated in more
         * precision (i386's x87, FLT_EVAL_METHOD 2), a constant keeps the
         * decimal's own value until cast, and VALUE equal to the bound as
         * the type holds it would fail the test. */
        const char *ct = t->kind == TY_F32 ? "float" : "double";
        const char *a = f->min_val.set ? ar_printf(e->a, "%s >= (%s)%s", v, ct,
                                                   float_literal(e, t->kind, f->min_val.f))
                                       : NULL;
        const char *b = f->max_val.set ? ar_printf(e->a, "%s <= (%s)%s", v, ct,
                                                   float_literal(e, t->kind, f->max_val.f))
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
        lo = ar_printf(e->a, "%s < %s", v, em_constant_c(e, t, &f->min_val));
    if (f->max_val.set && (is_signed ? f->max_val.i < (int64_t)type_max : f->max_val.u < type_max))
        hi = ar_printf(e->a, "%s > %s", v, em_constant_c(e, t, &f->max_val));
    if (lo && hi)
        return ar_printf(e->a, "%s || %s", lo, hi);
    return lo ? lo : hi;
}

static const char *presence_byte(emitter *e, const slot_def *f)
{
    return em_num(e, (uint64_t)f->presence / 8);
}

static void slot_data(emitter *e, const class_def *c, const slot_def *f, tpl_val *v)
{
    const type_expr *t = &f->type;
    bool array = t->array_len > 0;
    tpl_set_str(v, "name", f->name);
    tpl_set_str(v, "cls", nm_class(e->a, c));
    tpl_set_str(v, "get", nm_slot_fn(e->a, c, "get", f));
    tpl_set_str(v, "set", nm_slot_fn(e->a, c, "set", f));
    tpl_set_str(v, "has", nm_slot_fn(e->a, c, "has", f));
    tpl_set_str(v, "del", nm_slot_fn(e->a, c, "del", f));
    tpl_set_str(v, "ctype", em_scalar_ctype(e, t));
    tpl_set_str(v, "vtype", decl_prefix(e, value_ctype(e, t)));
    tpl_set_str(v, "zero", em_zero_value(e, t));
    set_doc(e, v, f->doc, 4);
    if (array) {
        tpl_set_bool(v, "array", true);
        tpl_set_str(v, "len", em_num(e, t->array_len));
    }
    const char *kind = t->kind == TY_STR      ? "k_str"
                       : t->kind == TY_STRING ? "k_string"
                       : t->kind == TY_CLASS  ? "k_class"
                                              : "k_scalar";
    tpl_set_bool(v, kind, true);
    if (t->kind == TY_CLASS) {
        tpl_set_str(v, "sub", nm_class(e->a, t->cls));
        tpl_set_str(v, "sub_init", nm_class_fn(e->a, t->cls, "init"));
        tpl_set_str(v, "sub_clear", nm_class_fn(e->a, t->cls, "clear"));
        tpl_set_str(v, "sub_copy", nm_class_fn(e->a, t->cls, "copy"));
        tpl_set_str(v, "sub_equal", nm_class_fn(e->a, t->cls, "equal"));
        tpl_set_bool(v, "sub_owns", class_owns_memory(t->cls));
    }
    const char *test = range_test(e, f, "value");
    if (test)
        tpl_set_str(v, "test", test);
    bool can_fail =
        test || array || t->kind == TY_STR || t->kind == TY_STRING || t->kind == TY_CLASS;
    tpl_set_bool(v, "can_fail", can_fail);
    if (f->presence >= 0) {
        tpl_set_str(v, "pbyte", presence_byte(e, f));
        tpl_set_str(v, "pmask", em_pmask(e, f->presence));
    }
    if (f->dflt_val.set) {
        tpl_set_str(v, "default", em_constant_c(e, t, &f->dflt_val));
        if (t->kind == TY_STR)
            tpl_set_str(v, "default_size", em_num(e, f->dflt_val.s_len + 1));
        if (t->kind == TY_STRING)
            tpl_set_str(v, "default_name", nm_slot_fn(e->a, c, "default", f));
    }
    tpl_set_str(v, "dflt_ptr",
                t->kind == TY_STRING && f->dflt_val.set ? nm_slot_fn(e->a, c, "default", f)
                                                        : "NULL");
    tpl_set_bool(v, "packed", c->layout == LAYOUT_PACKED);
    /* A large schema's accessors are one line of slot.h's SLOT_I_* macros,
     * which cover every slot but arrays of text or objects and the slots of
     * packed classes. */
    tpl_set_bool(
        v, "compact",
        e->large && c->layout != LAYOUT_PACKED &&
            (!array || (t->kind != TY_STR && t->kind != TY_STRING && t->kind != TY_CLASS)));
    tpl_set_str(v, "check", can_fail ? "SLOT_CHECK" : "");
    tpl_set_str(v, "bad", test ? test : "0");
    tpl_set_bool(v, "owns", em_type_owns_memory(t));
    /* Used by the X-macro: what a getter returns. */
    tpl_set_str(v, "xtype", value_ctype(e, t));
}

/* ---- Classes ----------------------------------------------------------- */

static const char *member_decl(emitter *e, const class_def *c, const member_def *mem)
{
    switch (mem->kind) {
    case MEMBER_BASE:
        return ar_printf(e->a, "%s _slot_base", nm_class(e->a, c->base));
    case MEMBER_PRESENCE:
        return ar_printf(e->a, "uint8_t _slot_present[%zu]", mem->size[ABI_LP64]);
    case MEMBER_DICT:
        return "struct slot_dict *_slot_dict";
    case MEMBER_WEAKREF:
        return "struct slot_weakref *_slot_weakrefs";
    case MEMBER_SLOT:
        break;
    }
    const type_expr *t = &mem->slot->type;
    const char *ct = em_scalar_ctype(e, t);
    const char *sep = ct[strlen(ct) - 1] == '*' ? "" : " ";
    char *d = ar_printf(e->a, "%s%s%s", ct, sep, mem->name);
    if (t->array_len)
        d = ar_printf(e->a, "%s[%" PRIu64 "]", d, t->array_len);
    if (t->kind == TY_STR)
        d = ar_printf(e->a, "%s[%" PRIu64 "]", d, t->str_len + 1);
    return d;
}

/* A typed getter; inherited attributes get one in each subclass too. */
static void typed_attr(void *ctx, const attr_def *t)
{
    attr_list *x = ctx;
    tpl_val *a = tpl_push(x->list);
    tpl_set_str(a, "get", nm_attr_get(x->e->a, x->c, t));
    tpl_set_str(a, "vtype", decl_prefix(x->e, value_ctype(x->e, &t->type)));
    tpl_set_str(a, "value", em_constant_c(x->e, &t->type, &t->val));
    set_doc(x->e, a, t->doc, 0);
}

/* The class in C's chain whose struct holds the member of KIND. */
const class_def *em_holder(const class_def *c, member_kind kind)
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
    const class_def *h = em_holder(c, kind);
    strbuf b;
    sb_init(&b, e->a);
    for (const class_def *k = c; k && k != h; k = k->base)
        sb_puts(&b, "_slot_base.");
    sb_puts(&b, member);
    return b.data;
}

/* The data of C's own slots, shared by "own" and "slots": made once. */
static tpl_val **own_slots(class_ctx *x)
{
    if (!x->own) {
        const class_def *c = x->c;
        x->own = ar_alloc_raw(x->e->a, (c->slots.len + 1) * sizeof *x->own);
        for (size_t i = 0; i < c->slots.len; i++) {
            x->own[i] = tpl_map_n(x->e->a, 32);
            slot_data(x->e, c, PV_AT(c->slots, i), x->own[i]);
        }
    }
    return x->own;
}

static void members_list(void *ctx, tpl_val *list)
{
    class_ctx *x = ctx;
    emitter *e = x->e;
    const class_def *c = x->c;
    for (size_t i = 0; i < c->members.len; i++) {
        const member_def *mem = PV_AT(c->members, i);
        tpl_val *m = tpl_push_n(list, 5);
        tpl_set_str(m, "decl", member_decl(e, c, mem));
        set_doc(e, m, mem->slot ? mem->slot->doc : NULL, 4);
        tpl_set_str(m, "offset", em_abi_num(e, mem->offset));
        tpl_set_str(m, "name", mem->name);
        /* For the assert's name: "_slot_present" would make a "__". */
        tpl_set_str(m, "aname", mem->name + (mem->name[0] == '_'));
    }
}

static void all_slots_list(void *ctx, tpl_val *list)
{
    class_ctx *x = ctx;
    emitter *e = x->e;
    const class_def *c = x->c;
    for (size_t i = 0; i < c->all_slots.len; i++) {
        const slot_def *f = PV_AT(c->all_slots, i);
        tpl_val *a = tpl_push_n(list, 5);
        tpl_set_str(a, "name", f->name);
        tpl_set_str(a, "index", nm_slot_index(e->a, c, f));
        tpl_set_str(a, "i", em_num(e, i));
        tpl_set_str(a, "xtype", value_ctype(e, &f->type));
        tpl_set_bool(a, "last", i + 1 == c->all_slots.len);
    }
}

/* Every slot, for the accessors: the inherited ones delegate to the base's. */
static void slots_list(void *ctx, tpl_val *list)
{
    class_ctx *x = ctx;
    emitter *e = x->e;
    const class_def *c = x->c;
    for (size_t i = 0; i < c->all_slots.len; i++) {
        const slot_def *f = PV_AT(c->all_slots, i);
        if (f->owner == c)
            continue;
        tpl_val *s = tpl_push_n(list, 40);
        slot_data(e, c, f, s);
        tpl_set_bool(s, "inherited", true);
        tpl_set_str(s, "base_cls", nm_class(e->a, c->base));
        if (f->type.array_len > 0) /* SLOT_I_INHERIT forwards single values */
            tpl_set_bool(s, "compact", false);
        tpl_set_str(s, "base_get", nm_slot_fn(e->a, c->base, "get", f));
        tpl_set_str(s, "base_set", nm_slot_fn(e->a, c->base, "set", f));
        tpl_set_str(s, "base_has", nm_slot_fn(e->a, c->base, "has", f));
        tpl_set_str(s, "base_del", nm_slot_fn(e->a, c->base, "del", f));
    }
    tpl_val **own = own_slots(x);
    for (size_t i = 0; i < c->slots.len; i++)
        tpl_push_map(list, own[i]);
}

/* The class's own slots, for init, clear, copy and equal. */
static void own_list(void *ctx, tpl_val *list)
{
    class_ctx *x = ctx;
    tpl_val **own = own_slots(x);
    for (size_t i = 0; i < x->c->slots.len; i++)
        tpl_push_map(list, own[i]);
}

static void attrs_list(void *ctx, tpl_val *list)
{
    class_ctx *x = ctx;
    attr_list a = {x->e, x->c, list};
    nm_each_attr(x->c, typed_attr, &a);
}

static void class_data(emitter *e, const class_def *c, tpl_val *v)
{
    class_ctx *x = ar_alloc(e->a, sizeof *x);
    x->e = e;
    x->c = c;
    const char *cname = nm_class(e->a, c);
    tpl_set_str(v, "name", cname);
    tpl_set_str(v, "short", c->name);
    tpl_set_str(v, "cls", cname);
    tpl_set_str(v, "banner", banner(e, c->name));
    tpl_set_bool(v, "has_slots", c->all_slots.len > 0);
    tpl_set_str(v, "slot_count", em_num(e, c->all_slots.len));
    set_doc(e, v, c->doc, 0);
    tpl_set_str(v, "size", em_abi_num(e, c->size));
    tpl_set_bool(v, "packed", c->layout == LAYOUT_PACKED);
    tpl_set_bool(v, "owns", class_owns_memory(c));
    tpl_set_str(v, "init", nm_class_fn(e->a, c, "init"));
    tpl_set_str(v, "clear", nm_class_fn(e->a, c, "clear"));
    tpl_set_str(v, "new", nm_class_fn(e->a, c, "new"));
    tpl_set_str(v, "free", nm_class_fn(e->a, c, "free"));
    tpl_set_str(v, "copy", nm_class_fn(e->a, c, "copy"));
    tpl_set_str(v, "equal", nm_class_fn(e->a, c, "equal"));
    tpl_set_str(v, "getattr", nm_class_fn(e->a, c, "getattr"));
    tpl_set_str(v, "setattr", nm_class_fn(e->a, c, "setattr"));
    tpl_set_str(v, "delattr", nm_class_fn(e->a, c, "delattr"));
    tpl_set_str(v, "hasattr", nm_class_fn(e->a, c, "hasattr"));
    tpl_set_str(v, "count", nm_class_fn(e->a, c, "SLOT_COUNT"));
    tpl_set_str(v, "slots_macro", nm_class_fn(e->a, c, "SLOTS"));
    if (c->base) {
        tpl_val *b = tpl_set_map(v, "base");
        tpl_set_str(b, "name", nm_class(e->a, c->base));
        tpl_set_str(b, "init", nm_class_fn(e->a, c->base, "init"));
        tpl_set_str(b, "clear", nm_class_fn(e->a, c->base, "clear"));
        tpl_set_str(b, "copy", nm_class_fn(e->a, c->base, "copy"));
        tpl_set_str(b, "equal", nm_class_fn(e->a, c->base, "equal"));
        tpl_set_bool(b, "owns", class_owns_memory(c->base));
    }
    tpl_set_bool(v, "presence", c->presence_bytes > 0);
    tpl_set_bool(v, "has_dict", c->has_dict);
    bool own_dict = em_holder(c, MEMBER_DICT) == c;
    tpl_set_bool(v, "own_dict", own_dict);
    tpl_set_bool(v, "own_weakrefs", em_holder(c, MEMBER_WEAKREF) == c);
    if (c->has_weakref)
        tpl_set_str(v, "weakrefs", member_path(e, c, MEMBER_WEAKREF, "_slot_weakrefs"));
    tpl_set_bool(v, "compares", c->base || c->presence_bytes || c->slots.len || own_dict);
    tpl_set_lazy(v, "members", members_list, x);
    tpl_set_lazy(v, "slots", slots_list, x);
    tpl_set_lazy(v, "all_slots", all_slots_list, x);
    tpl_set_lazy(v, "own", own_list, x);
    tpl_set_lazy(v, "attrs", attrs_list, x);
    em_table_data(x, v);
}

/* ---- Enums ------------------------------------------------------------- */

/* Whether V is in the set of SEEN values (open addressing over a power of
 * two of CAP cells, FULL marking the used ones), adding it if not. */
static bool seen_before(int64_t *seen, bool *full, size_t cap, int64_t v)
{
    size_t i = ((uint64_t)v * UINT64_C(0x9e3779b97f4a7c15)) >> 32 & (cap - 1);
    for (; full[i]; i = (i + 1) & (cap - 1))
        if (seen[i] == v)
            return true;
    full[i] = true;
    seen[i] = v;
    return false;
}

static void enum_data(emitter *e, const enum_def *en, tpl_val *v)
{
    const char *cname = nm_enum(e->a, en);
    size_t n = en->values.len, cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    int64_t *seen = ar_alloc_raw(e->a, cap * sizeof *seen);
    bool *full = ar_alloc(e->a, cap * sizeof *full);
    tpl_set_str(v, "name", cname);
    tpl_setf(v, "name_fn", "%s_name", cname);
    tpl_setf(v, "parse_fn", "%s_parse", cname);
    tpl_set_str(v, "short", en->name);
    tpl_setf(v, "table", "%s_enum", cname);
    tpl_setf(v, "names", "%s_names", cname);
    tpl_setf(v, "values_name", "%s_values", cname);
    tpl_set_str(v, "count", em_num(e, n));
    tpl_val *values = tpl_set_list(v, "values");
    tpl_val *cases = tpl_set_list(v, "cases");
    for (size_t i = 0; i < n; i++) {
        const enum_value *ev = PV_AT(en->values, i);
        const char *member = nm_enum_value(e->a, en, ev);
        tpl_val *x = tpl_push_n(values, 4);
        tpl_set_str(x, "cname", member);
        tpl_set_str(x, "text", ev->name);
        tpl_set_str(x, "value",
                    ev->value == INT32_MIN ? "INT32_MIN" : ar_printf(e->a, "%" PRId64, ev->value));
        tpl_set_bool(x, "last", i + 1 == n);
        /* name() answers with the first member of each value. */
        if (!seen_before(seen, full, cap, ev->value)) {
            tpl_val *cs = tpl_push_n(cases, 2);
            tpl_set_str(cs, "cname", member);
            tpl_set_str(cs, "text", ev->name);
        }
    }
}

/* ---- The whole file ---------------------------------------------------- */

static void enum_item(void *ctx, size_t i, tpl_val *item)
{
    emitter *e = ctx;
    enum_data(e, PV_AT(e->s->enums, i), item);
}

static void class_item(void *ctx, size_t i, tpl_val *item)
{
    emitter *e = ctx;
    class_data(e, PV_AT(e->s->sorted, i), item);
}

static void string_default_item(void *ctx, size_t i, tpl_val *item)
{
    emitter *e = ctx;
    const slot_def *f = PV_AT(e->string_defaults, i);
    tpl_set_str(item, "name", nm_slot_fn(e->a, f->owner, "default", f));
    tpl_set_str(item, "value", em_constant_c(e, &f->type, &f->dflt_val));
}

/* A large schema's class whose base, of the same schema, must have its
 * accessors too: subclasses first, so that a chain of bases follows. */
static void inline_base_item(void *ctx, size_t i, tpl_val *item)
{
    emitter *e = ctx;
    const class_def *c = PV_AT(e->inline_bases, i);
    tpl_set_str(item, "name", nm_class(e->a, c));
    tpl_set_str(item, "base", nm_class(e->a, c->base));
}

static bool needs_math(const slot_def *f)
{
    return TY_IS_FLOAT(f->type.kind) && ((f->dflt_val.set && !isfinite(f->dflt_val.f)) ||
                                         (f->min_val.set && !isfinite(f->min_val.f)) ||
                                         (f->max_val.set && !isfinite(f->max_val.f)));
}

/* The file's data: enums and classes are made one at a time in SCRATCH,
 * as the renderer reaches them; the root map is in e->a. */
static tpl_val *file_data(emitter *e, arena *scratch)
{
    const schema *s = e->s;
    tpl_val *root = tpl_map_n(e->a, 16);
    tpl_set_str(root, "version", SLOTC_VERSION);
    tpl_set_str(root, "file", s->file);
    tpl_set_str(root, "header", ar_printf(e->a, "%s.slot.h", s->stem));
    tpl_set_str(root, "source", ar_printf(e->a, "%s.slot.c", s->stem));
    tpl_set_str(root, "guard", nm_guard(e->a, s));
    tpl_set_str(root, "prefix", s->name);
    set_doc(e, root, s->doc, 0);

    tpl_val *imports = tpl_set_list(root, "imports");
    for (size_t i = 0; i < s->imports.len; i++) {
        const import_def *imp = PV_AT(s->imports, i);
        if (imp->target)
            tpl_set_str(tpl_push(imports), "header",
                        ar_printf(e->a, "%s.slot.h", imp->target->stem));
    }
    bool need_math = false;
    size_t accessors = 0;
    for (size_t i = 0; i < s->sorted.len; i++) {
        const class_def *c = PV_AT(s->sorted, i);
        accessors += c->all_slots.len;
        for (size_t j = 0; j < c->slots.len; j++) {
            slot_def *f = PV_AT(c->slots, j);
            if (f->type.kind == TY_STRING && f->dflt_val.set)
                pv_push(e->a, &e->string_defaults, f);
            need_math = need_math || needs_math(f);
        }
    }
    tpl_set_items(root, "enums", s->enums.len, enum_item, e, scratch);
    tpl_set_items(root, "classes", s->sorted.len, class_item, e, scratch);
    tpl_set_items(root, "string_defaults", e->string_defaults.len, string_default_item, e, scratch);
    tpl_set_bool(root, "need_math", need_math);
    bool large = accessors > EM_INLINE_MAX;
    e->large = large;
    tpl_set_bool(root, "large", large);
    for (size_t i = s->sorted.len; large && i-- > 0;) {
        class_def *c = PV_AT(s->sorted, i);
        if (c->base && c->base->schema == s)
            pv_push(e->a, &e->inline_bases, c);
    }
    tpl_set_items(root, "inline_bases", e->inline_bases.len, inline_base_item, e, scratch);
    tpl_set_bool(root, "has_inline_bases", e->inline_bases.len > 0);
    tpl_set_bool(root, "has_enums", s->enums.len > 0);
    tpl_set_bool(root, "has_classes", s->sorted.len > 0);
    tpl_set_bool(root, "has_string_defaults", e->string_defaults.len > 0);
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

static bool render(model *m, arena *work, const em_template *templates, const char *name,
                   const tpl_val *root, tpl_out *out)
{
    const char *text = find_template(templates, name);
    if (!text) {
        diag_plain_error(m->d, "template '%s' is missing", name);
        return false;
    }
    partials p = {templates};
    return tpl_render_to(out, work, name, text, root, find_partial, &p, m->d);
}

bool em_emit(model *m, const schema *s, const em_template *templates, tpl_out *header,
             tpl_out *source)
{
    arena *work = ar_new(), *scratch = ar_new();
    emitter e = {work, s, {0}, {0}, false};
    tpl_val *root = file_data(&e, scratch);
    e.a = scratch;
    bool ok = render(m, work, templates, "header", root, header) &&
              render(m, work, templates, "source", root, source);
    ar_free(scratch);
    ar_free(work);
    return ok;
}
