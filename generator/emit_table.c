/* emit_table.c - the data of a class's accessor table: its rows, class
 * attributes, limits, and the perfect hash's cells with their reads.
 * Part of the emit pass (see emit.c): it only arranges what layout
 * computed. */
#include <inttypes.h>
#include <string.h>

#include "emit_i.h"
#include "names.h"
#include "tpl.h"

/* ---- The accessor table ---------------------------------------------- */

/* A byte of the layout in hex, per ABI, as abi_num writes a figure. */
static const char *abi_hex(emitter *e, const unsigned v[ABI_COUNT])
{
    if (v[0] == v[1] && v[1] == v[2])
        return ar_printf(e->a, "0x%02xu", v[0]);
    return ar_printf(e->a, "SLOT_ABI(0x%02xu, 0x%02xu, 0x%02xu)", v[0], v[1], v[2]);
}

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
    if (em_type_owns_memory(&f->type))
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
    return em_constant_c(e, &f->type, &f->dflt_val);
}

/* "offsetof(s_B, name)": a slot's offset in the class that declares it,
 * which is also its offset in every subclass, since a base is a prefix. */
static const char *owner_offset(emitter *e, const class_def *owner, const char *member, size_t plus)
{
    const char *o = ar_printf(e->a, "offsetof(%s, %s)", nm_class(e->a, owner), member);
    return plus ? ar_printf(e->a, "%s + %zu", o, plus) : o;
}

/* One element's size, for the row: sizeof where it depends on the ABI. */
static const char *element_size(emitter *e, const slot_def *f)
{
    const type_expr *t = &f->type;
    size_t count = (size_t)t->array_len;
    if (t->kind == TY_STRING || t->kind == TY_REF || t->kind == TY_CLASS)
        return ar_printf(e->a, "sizeof(%s)", em_scalar_ctype(e, t));
    return em_num(e, count ? f->size[ABI_LP64] / count : f->size[ABI_LP64]);
}

static void table_member(emitter *e, const class_def *c, const slot_def *f, tpl_val *v)
{
    const type_expr *t = &f->type;
    size_t count = (size_t)t->array_len;
    tpl_set_str(v, "name", f->name);
    tpl_set_str(v, "len", em_num(e, strlen(f->name)));
    tpl_set_str(v, "offset", owner_offset(e, f->owner, f->name, 0));
    tpl_set_str(v, "size", element_size(e, f));
    tpl_set_str(v, "count", em_num(e, count));
    if (f->presence >= 0) {
        tpl_set_str(v, "pbyte",
                    owner_offset(e, f->owner, "_slot_present", (size_t)f->presence / 8));
        tpl_set_str(v, "pmask", em_pmask(e, f->presence));
    } else {
        tpl_set_str(v, "pbyte", "0");
        tpl_set_str(v, "pmask", "0");
    }
    tpl_set_str(v, "type", slot_type_name(t));
    tpl_set_str(v, "flags", member_flags(e, f));
    tpl_set_str(v, "info", type_info(e, t));
    tpl_set_str(v, "limits", member_limits(e, c, f));
}

/* The {min, max, default} array of a slot, absent entries zero. */
static void table_limits(emitter *e, const class_def *c, const slot_def *f, tpl_val *v)
{
    const type_expr *t = &f->type;
    const char *zero = t->kind == TY_F32      ? "0.0f"
                       : TY_IS_FLOAT(t->kind) ? "0.0"
                                              : em_zero_value(e, t);
    tpl_set_str(v, "name", nm_slot_fn(e->a, c, "limits", f));
    tpl_set_str(v, "ctype", em_scalar_ctype(e, t));
    tpl_setf(v, "init", "{%s, %s, %s}", f->min_val.set ? em_constant_c(e, t, &f->min_val) : zero,
             f->max_val.set ? em_constant_c(e, t, &f->max_val) : zero,
             f->dflt_val.set ? em_constant_c(e, t, &f->dflt_val) : zero);
}

/* One class attribute: its value goes in the field its type reads. */
static void table_attr(emitter *e, const attr_def *t, tpl_val *v)
{
    ty_kind k = t->type.kind;
    const char *value = em_constant_c(e, &t->type, &t->val);
    tpl_set_str(v, "name", t->name);
    tpl_set_str(v, "type", slot_type_name(&t->type));
    tpl_set_str(v, "info", type_info(e, &t->type));
    tpl_set_str(v, "i", k == TY_BOOL || TY_IS_SIGNED(k) || k == TY_ENUM ? value : "0");
    tpl_set_str(v, "u", TY_IS_INT(k) && !TY_IS_SIGNED(k) ? value : "0");
    /* An f32 is cast, or a target that evaluates floats in more precision
     * (i386's x87) would store the decimal's double, not the float's. */
    tpl_set_str(v, "f",
                k == TY_F32      ? ar_printf(e->a, "(float)%s", value)
                : TY_IS_FLOAT(k) ? value
                                 : "0.0");
    tpl_set_str(v, "s", k == TY_STR || k == TY_STRING ? value : "NULL");
}

static void table_attr_cb(void *ctx, const attr_def *t)
{
    attr_list *x = ctx;
    table_attr(x->e, t, tpl_push(x->list));
}

static void put_u(strbuf *b, uint64_t v)
{
    char buf[24], *p = buf + sizeof buf;
    do
        *--p = (char)('0' + v % 10);
    while (v /= 10);
    sb_putn(b, p, (size_t)(buf + sizeof buf - p));
}

/* "UINT64_C(0x%016" PRIx64 ")", or "0". */
static void put_word(strbuf *b, uint64_t w)
{
    static const char hex[] = "0123456789abcdef";
    if (!w) {
        sb_putc(b, '0');
        return;
    }
    char buf[32] = "UINT64_C(0x";
    for (int i = 0; i < 16; i++)
        buf[11 + i] = hex[(w >> (60 - 4 * i)) & 15];
    buf[27] = ')';
    sb_putn(b, buf, 28);
}

/* NUMBERS as the body of an array initialiser, sixteen to a line. */
static const char *number_rows(emitter *e, const uint16_t *numbers, size_t n)
{
    strbuf b;
    sb_init(&b, e->a);
    for (size_t i = 0; i < n; i++) {
        sb_puts(&b, i % 16 ? " " : "    ");
        put_u(&b, numbers[i]);
        sb_puts(&b, i + 1 == n ? "" : i % 16 == 15 ? ",\n" : ",");
    }
    return b.data;
}

/* The "how" of a cell's read: the value's kind and the SLOT_R_ flags. */
static void put_how(strbuf *b, unsigned how)
{
    static const char *const kinds[] = {"SLOT_NONE",  "SLOT_BOOL", "SLOT_INT", "SLOT_UINT",
                                        "SLOT_FLOAT", "SLOT_STR",  "SLOT_OBJ", "7"};
    static const struct {
        unsigned bit;
        const char *name;
    } flags[] = {{SLOT_R_WINDOW, "SLOT_R_WINDOW"},
                 {SLOT_R_SIGNED, "SLOT_R_SIGNED"},
                 {SLOT_R_F32, "SLOT_R_F32"},
                 {SLOT_R_ADDR, "SLOT_R_ADDR"}};
    sb_puts(b, kinds[how & SLOT_R_KIND]);
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        if (how & flags[i].bit) {
            sb_puts(b, " | ");
            sb_puts(b, flags[i].name);
        }
    }
}

/* FIELD of each ABI's read R, as abi_num writes it. */
#define READ_FIELD(e, r, field)                                                                    \
    em_abi_num(e, (size_t[ABI_COUNT]){(r)[0]->field, (r)[1]->field, (r)[2]->field})

/* The "how" of the reads R, per ABI. */
static void put_hows(strbuf *b, const slot_read *const r[ABI_COUNT])
{
    if (r[0]->how == r[1]->how && r[1]->how == r[2]->how) {
        put_how(b, r[0]->how);
        return;
    }
    sb_puts(b, "SLOT_ABI(");
    for (int abi = 0; abi < ABI_COUNT; abi++) {
        put_how(b, r[abi]->how);
        sb_puts(b, abi + 1 < ABI_COUNT ? ", " : ")");
    }
}

/* One position of the perfect hash: the name's words, length and index,
 * and how to read its slot on each ABI, with the name in a comment; a free
 * position says so. */
static void key_cell(emitter *e, const class_def *c, size_t pos, tpl_val *v)
{
    const slot_key *k = &c->hash.keys[pos];
    bool used = k->len != SLOT_KEY_FREE;
    const slot_read *r[ABI_COUNT];
    for (int abi = 0; abi < ABI_COUNT; abi++)
        r[abi] = &c->reads[abi][pos];
    strbuf b;
    sb_init(&b, e->a);
    sb_putc(&b, '{');
    put_word(&b, k->a);
    sb_puts(&b, ", ");
    put_word(&b, k->b);
    sb_puts(&b, ", ");
    if (used)
        put_u(&b, k->len);
    else
        sb_puts(&b, "SLOT_KEY_FREE");
    sb_puts(&b, ", ");
    put_u(&b, k->index);
    if (used) {
        sb_puts(&b, ", {");
        sb_puts(&b, READ_FIELD(e, r, at));
        sb_puts(&b, ", ");
        sb_puts(&b, READ_FIELD(e, r, pbyte));
        sb_puts(&b, ", ");
        /* The presence bit is the same on every ABI. */
        int bit = 0;
        while (r[0]->pmask >> bit > 1)
            bit++;
        sb_puts(&b, r[0]->pmask ? em_pmask(e, bit) : "0");
        sb_puts(&b, ", ");
        sb_puts(&b, READ_FIELD(e, r, lsh));
        sb_puts(&b, ", ");
        sb_puts(&b, READ_FIELD(e, r, rsh));
        sb_puts(&b, ", ");
        put_hows(&b, r);
        sb_putc(&b, '}');
    } else {
        sb_puts(&b, ", {0, 0, 0, 0, 0, 0}");
    }
    sb_putc(&b, '}');
    tpl_set_str(v, "init", b.data);
    tpl_set_bool(v, "used", used);
    if (used)
        tpl_set_str(v, "name", ((const slot_def *)PV_AT(c->all_slots, k->index))->name);
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

static void table_members_list(void *ctx, tpl_val *list)
{
    class_ctx *x = ctx;
    for (size_t i = 0; i < x->c->all_slots.len; i++)
        table_member(x->e, x->c, PV_AT(x->c->all_slots, i), tpl_push_n(list, 11));
}

static void limits_list(void *ctx, tpl_val *list)
{
    class_ctx *x = ctx;
    for (size_t i = 0; i < x->c->all_slots.len; i++) {
        const slot_def *f = PV_AT(x->c->all_slots, i);
        if (has_limits(f))
            table_limits(x->e, x->c, f, tpl_push_n(list, 3));
    }
}

static void table_attrs_list(void *ctx, tpl_val *list)
{
    class_ctx *x = ctx;
    attr_list a = {x->e, x->c, list};
    nm_each_attr(x->c, table_attr_cb, &a);
}

static void keys_list(void *ctx, tpl_val *list)
{
    class_ctx *x = ctx;
    for (size_t pos = 0; pos < x->c->hash.nkeys; pos++)
        key_cell(x->e, x->c, pos, tpl_push_n(list, 3));
}

/* What every slot of C reads alike on every ABI, for its get to write in
 * (see read_common); nothing when C has no reads. */
static void common_data(emitter *e, const class_def *c, tpl_val *v)
{
    const read_common *rc = c->common;
    unsigned vary[ABI_COUNT], how[ABI_COUNT];
    bool lsh = true, rsh = true, no_presence = true;
    for (int abi = 0; abi < ABI_COUNT; abi++) {
        if (!rc[abi].any)
            return;
        vary[abi] = rc[abi].how_vary;
        how[abi] = rc[abi].how;
        lsh = lsh && rc[abi].same_lsh;
        rsh = rsh && rc[abi].same_rsh;
        no_presence = no_presence && rc[abi].no_presence;
    }
    tpl_set_bool(v, "fix_read", true);
    if ((vary[0] | vary[1] | vary[2]) != 0) {
        tpl_set_str(v, "how_vary", abi_hex(e, vary));
        tpl_set_str(v, "how_fixed", abi_hex(e, how));
    } else if (how[0] == how[1] && how[1] == how[2]) {
        strbuf b;
        sb_init(&b, e->a);
        put_how(&b, (uint8_t)how[0]);
        tpl_set_str(v, "how_all", b.data);
    } else {
        tpl_set_str(v, "how_all", abi_hex(e, how));
    }
    if (lsh)
        tpl_set_str(v, "fix_lsh",
                    em_abi_num(e, (size_t[ABI_COUNT]){rc[0].lsh, rc[1].lsh, rc[2].lsh}));
    if (rsh)
        tpl_set_str(v, "fix_rsh",
                    em_abi_num(e, (size_t[ABI_COUNT]){rc[0].rsh, rc[1].rsh, rc[2].rsh}));
    tpl_set_bool(v, "no_presence", no_presence);
}

static void count_attr(void *ctx, const attr_def *t)
{
    (void)t;
    ++*(size_t *)ctx;
}

void em_table_data(class_ctx *x, tpl_val *v)
{
    emitter *e = x->e;
    const class_def *c = x->c;
    size_t n = c->all_slots.len, nattrs = 0;
    tpl_set_str(v, "short", c->name);
    tpl_set_str(v, "table", nm_class_fn(e->a, c, "class"));
    tpl_set_str(v, "base_table",
                c->base ? ar_printf(e->a, "&%s", nm_class_fn(e->a, c->base, "class")) : "NULL");
    tpl_set_str(v, "members_name", n ? nm_class_fn(e->a, c, "members") : "NULL");
    tpl_set_str(v, "nmembers", em_num(e, n));
    tpl_set_lazy(v, "table_members", table_members_list, x);
    tpl_set_lazy(v, "limits", limits_list, x);
    tpl_set_lazy(v, "table_attrs", table_attrs_list, x);
    nm_each_attr(c, count_attr, &nattrs);
    tpl_set_bool(v, "has_attrs", nattrs > 0);
    tpl_set_str(v, "attrs_name", nattrs ? nm_class_fn(e->a, c, "attrs") : "NULL");
    tpl_set_str(v, "nattrs", em_num(e, nattrs));
    tpl_set_str(v, "class_flags", class_flags(e, c));
    const class_def *d = em_holder(c, MEMBER_DICT), *w = em_holder(c, MEMBER_WEAKREF);
    tpl_set_str(v, "dict_offset", d ? owner_offset(e, d, "_slot_dict", 0) : "0");
    tpl_set_str(v, "weakref_offset", w ? owner_offset(e, w, "_slot_weakrefs", 0) : "0");
    tpl_set_bool(v, "miss_ends", !d && nattrs == 0);
    if (c->has_dict)
        tpl_set_str(v, "shared", nm_class_fn(e->a, c, "shared"));
    tpl_set_str(v, "shared_ref",
                c->has_dict ? ar_printf(e->a, "&%s", nm_class_fn(e->a, c, "shared")) : "NULL");
    tpl_setf(v, "seed", "UINT64_C(0x%016" PRIx64 ")", c->hash.seed);
    bool displaced = c->hash.nbuckets > 1;
    tpl_set_bool(v, "has_disp", displaced);
    tpl_set_str(v, "disp_name", displaced ? nm_class_fn(e->a, c, "disp") : "NULL");
    tpl_set_str(v, "keys_name", nm_class_fn(e->a, c, "keys"));
    tpl_set_str(v, "nbuckets", em_num(e, c->hash.nbuckets));
    tpl_set_str(v, "nkeys", em_num(e, c->hash.nkeys));
    tpl_set_str(v, "disp", number_rows(e, c->hash.disp, c->hash.nbuckets));
    tpl_set_lazy(v, "keys", keys_list, x);
    tpl_set_str(v, "find_fn", nm_class_fn(e->a, c, "class_find"));
    tpl_set_str(v, "get_fn", nm_class_fn(e->a, c, "class_get"));
    tpl_set_bool(v, "no_slots", n == 0);
    if (c->hash.same_len)
        tpl_set_str(v, "same_len", em_num(e, c->hash.same_len));
    tpl_set_bool(v, "has_long", c->hash.has_long);
    common_data(e, c, v);
    tpl_set_str(v, "disp_mask", em_num(e, c->hash.nbuckets - 1));
    tpl_set_str(v, "key_mask", em_num(e, c->hash.nkeys - 1));
    tpl_set_str(v, "class_init", nm_class_fn(e->a, c, "class_init"));
    tpl_set_str(v, "class_clear", nm_class_fn(e->a, c, "class_clear"));
    tpl_set_str(v, "class_copy", nm_class_fn(e->a, c, "class_copy"));
}
