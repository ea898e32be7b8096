/* attr.c - the attribute protocol: get, set and delete by name, array
 * items, vars(), isinstance and sizeof, all driven by the slot_class
 * tables that slotc emits.
 *
 * Values are read and written through memcpy only: one path then serves
 * packed classes, whose members are misaligned, and the others alike, and
 * a memcpy of a constant size compiles to a plain load or store.
 *
 * A set goes through three steps, so that slot_setattrs can be all or
 * nothing: convert (check the value against the slot; writes nothing),
 * prepare (make the heap copies the slot will own; the only step that can
 * fail after convert) and commit (store; cannot fail).
 *
 * A name that is no slot of a dict class goes to the instance's dict,
 * which takes any value; one of any other class is refused, as Python
 * refuses it on a class with __slots__ and no __dict__.
 */
#include <slot/slot.h>

#include <float.h>
#include <math.h>

#include "dict.h"
#include "lookup.h"
#include "member.h"

typedef unsigned char byte;

/* ---- Types --------------------------------------------------------------- */

/* The C size of one value of type T. */
static size_t type_size(slot_type t)
{
    switch (t) {
    case SLOT_T_BOOL:
        return sizeof(bool);
    case SLOT_T_I8:
    case SLOT_T_U8:
        return 1;
    case SLOT_T_I16:
    case SLOT_T_U16:
        return 2;
    case SLOT_T_I32:
    case SLOT_T_U32:
    case SLOT_T_F32:
    case SLOT_T_ENUM:
        return 4;
    case SLOT_T_I64:
    case SLOT_T_U64:
    case SLOT_T_F64:
        return 8;
    case SLOT_T_STRING:
    case SLOT_T_REF:
        return sizeof(void *);
    case SLOT_T_STR:
    case SLOT_T_OBJ:
        break;
    }
    return 0;
}

/* The range of each signed type, and the maximum of each unsigned one. */
static const struct {
    int64_t lo, hi;
} signed_range[] = {
    [SLOT_T_I8] = {INT8_MIN, INT8_MAX},
    [SLOT_T_I16] = {INT16_MIN, INT16_MAX},
    [SLOT_T_I32] = {INT32_MIN, INT32_MAX},
    [SLOT_T_I64] = {INT64_MIN, INT64_MAX},
};

static const uint64_t unsigned_max[] = {
    [SLOT_T_U8] = UINT8_MAX,
    [SLOT_T_U16] = UINT16_MAX,
    [SLOT_T_U32] = UINT32_MAX,
    [SLOT_T_U64] = UINT64_MAX,
};

slot_value slot_i_type_bound(slot_type t, int k)
{
    if (t >= SLOT_T_I8 && t <= SLOT_T_I64)
        return slot_int(k ? signed_range[t].hi : signed_range[t].lo);
    if (t >= SLOT_T_U8 && t <= SLOT_T_U64)
        return slot_uint(k ? unsigned_max[t] : 0);
    if (t == SLOT_T_F32)
        return slot_float(k ? FLT_MAX : -FLT_MAX);
    return slot_float(k ? HUGE_VAL : -HUGE_VAL);
}

/* Casting the constness away is how a borrowed pointer into a const
 * instance becomes slot_value.as.obj; nothing writes through it here. */
static void *unconst(const void *p)
{
    return (void *)(uintptr_t)p;
}

#define READ_AS(T, make)                                                                           \
    {                                                                                              \
        T x_;                                                                                      \
        memcpy(&x_, p, sizeof x_);                                                                 \
        return make(x_);                                                                           \
    }

/* In slot_getattr: a jump table and one load. */
static ALWAYS_INLINE slot_value read_value(slot_type t, const void *p)
{
    switch (t) {
    case SLOT_T_BOOL:
        READ_AS(bool, slot_bool)
    case SLOT_T_I8:
        READ_AS(int8_t, slot_int)
    case SLOT_T_I16:
        READ_AS(int16_t, slot_int)
    case SLOT_T_I32:
        READ_AS(int32_t, slot_int)
    case SLOT_T_I64:
        READ_AS(int64_t, slot_int)
    case SLOT_T_U8:
        READ_AS(uint8_t, slot_uint)
    case SLOT_T_U16:
        READ_AS(uint16_t, slot_uint)
    case SLOT_T_U32:
        READ_AS(uint32_t, slot_uint)
    case SLOT_T_U64:
        READ_AS(uint64_t, slot_uint)
    case SLOT_T_F32:
        READ_AS(float, slot_float)
    case SLOT_T_F64:
        READ_AS(double, slot_float)
    case SLOT_T_ENUM:
        READ_AS(int32_t, slot_int)
    case SLOT_T_STR:
        return slot_str((const char *)p);
    case SLOT_T_STRING:
        READ_AS(const char *, slot_str)
    case SLOT_T_OBJ:
        return slot_obj(unconst(p));
    case SLOT_T_REF:
        READ_AS(void *, slot_obj)
    }
    return slot_none();
}

slot_value slot_i_read(slot_type t, const void *p)
{
    return read_value(t, p);
}

/* The slot_kind of a value of type T read by name. */
static slot_kind kind_of_type(slot_type t)
{
    switch (t) {
    case SLOT_T_BOOL:
        return SLOT_BOOL;
    case SLOT_T_I8:
    case SLOT_T_I16:
    case SLOT_T_I32:
    case SLOT_T_I64:
    case SLOT_T_ENUM:
        return SLOT_INT;
    case SLOT_T_U8:
    case SLOT_T_U16:
    case SLOT_T_U32:
    case SLOT_T_U64:
        return SLOT_UINT;
    case SLOT_T_F32:
    case SLOT_T_F64:
        return SLOT_FLOAT;
    case SLOT_T_STR:
    case SLOT_T_STRING:
        return SLOT_STR;
    case SLOT_T_OBJ:
    case SLOT_T_REF:
        break;
    }
    return SLOT_OBJ;
}

/* The 8-byte window is the slot's own bytes and those after it, or, for a
 * slot that ends less than 8 bytes before the end of the instance, the
 * instance's last 8 bytes. */
slot_read slot_i_read_of(const slot_member *m, size_t size)
{
    slot_read r;
    slot_type t = (slot_type)m->type;
    bool addr = m->count || t == SLOT_T_STR || t == SLOT_T_OBJ;
    /* The row's element size, not the host's: slotc fills the reads of
     * every ABI it lays classes out for with this. */
    size_t width = addr ? 0 : m->size;
    memset(&r, 0, sizeof r);
    r.pbyte = m->pbyte;
    r.pmask = m->pmask;
    r.how = (uint8_t)(m->count ? SLOT_OBJ : kind_of_type(t));
    if (size < 8)
        return r;
    r.at = m->offset + 8 <= size ? m->offset : (uint32_t)(size - 8);
    r.how |= SLOT_R_WINDOW;
    if (addr) {
        r.lsh = (uint8_t)(m->offset - r.at);
        r.how |= SLOT_R_ADDR;
        return r;
    }
    r.lsh = (uint8_t)(64 - 8 * (m->offset - r.at + width));
    r.rsh = (uint8_t)(64 - 8 * width);
    if ((t >= SLOT_T_I8 && t <= SLOT_T_I64) || t == SLOT_T_ENUM)
        r.how |= SLOT_R_SIGNED;
    if (t == SLOT_T_F32)
        r.how |= SLOT_R_F32;
    return r;
}

slot_value slot_i_limit(const slot_member *m, int k)
{
    slot_type t = (slot_type)m->type;
    return slot_i_read(t, (const byte *)m->limits + (size_t)k * type_size(t));
}

/* ---- Lookup -------------------------------------------------------------- */

const slot_member *slot_i_member(const slot_class *cls, const char *name)
{
    const slot_key *k = cls->find(cls, name, strlen(name));
    return k ? &cls->members[k->index] : NULL;
}

/* Class attributes are few, and a scan touches no more memory than a hash
 * table would for them. */
static const slot_attr *find_attr_n(const slot_class *cls, const char *name, size_t len)
{
    uint32_t i;
    for (i = 0; i < cls->nattrs; i++) {
        const char *a = cls->attrs[i].name;
        if (strlen(a) == len && memcmp(a, name, len) == 0)
            return &cls->attrs[i];
    }
    return NULL;
}

static const slot_attr *find_attr(const slot_class *cls, const char *name)
{
    return find_attr_n(cls, name, strlen(name));
}

static slot_value attr_value(const slot_attr *a)
{
    switch ((slot_type)a->type) {
    case SLOT_T_BOOL:
        return slot_bool(a->i != 0);
    case SLOT_T_I8:
    case SLOT_T_I16:
    case SLOT_T_I32:
    case SLOT_T_I64:
    case SLOT_T_ENUM:
        return slot_int(a->i);
    case SLOT_T_U8:
    case SLOT_T_U16:
    case SLOT_T_U32:
    case SLOT_T_U64:
        return slot_uint(a->u);
    case SLOT_T_F32:
    case SLOT_T_F64:
        return slot_float(a->f);
    case SLOT_T_STR:
    case SLOT_T_STRING:
        return slot_str(a->s);
    case SLOT_T_OBJ:
    case SLOT_T_REF:
        break;
    }
    return slot_none();
}

/* Why a write to NAME, which is no slot of CLS, fails on an instance
 * without a dict: a class attribute is read-only through it. */
static slot_status absent_n(const slot_class *cls, const char *name, size_t len)
{
    return find_attr_n(cls, name, len) ? SLOT_EREADONLY : SLOT_ENOATTR;
}

static slot_status absent(const slot_class *cls, const char *name)
{
    return absent_n(cls, name, strlen(name));
}

/* ---- The instance dict --------------------------------------------------- */

static bool has_dict(const slot_class *cls)
{
    return (cls->flags & SLOT_C_DICT) != 0;
}

/* Where OBJ, an instance of dict class CLS, keeps its dict. */
static slot_dict **dict_at(const slot_class *cls, void *obj)
{
    return (slot_dict **)(void *)((byte *)obj + cls->dict_offset);
}

/* Whether OBJ's dict holds NAME. */
static bool in_dict(const slot_class *cls, const void *obj, const char *name)
{
    slot_value v;
    return slot_dict_get(slot_i_dict_of(cls, obj), name, strlen(name), &v) == SLOT_OK;
}

/* An array reads as a pointer to its first element. */
static ALWAYS_INLINE slot_value read_slot(const slot_member *m, const byte *obj)
{
    if (m->count)
        return slot_obj(unconst(obj + m->offset));
    return read_value((slot_type)m->type, obj + m->offset);
}

static void mark(const slot_member *m, byte *obj)
{
    obj[m->pbyte] |= m->pmask;
}

/* ---- Get ----------------------------------------------------------------- */

/* What answers NAME when neither a set slot nor the dict does: a class
 * attribute, or the status.  ISSLOT: NAME is an unset slot.  Kept out of
 * line so that slot_getattr's hot path stays small. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static slot_status
get_fallback(const slot_class *cls, const char *name, size_t len, bool isslot, slot_value *out)
{
    const slot_attr *a = find_attr_n(cls, name, len);
    if (a) {
        *out = attr_value(a);
        return SLOT_OK;
    }
    return isslot ? SLOT_EUNSET : SLOT_ENOATTR;
}

/* slot_i_get_rest when something besides the dict may answer. */
static NOINLINE slot_status get_rest(const slot_class *cls, const void *obj, const char *name,
                                     size_t len, const slot_key *k, slot_value *out)
{
    const byte *p = (const byte *)obj;
    if (k) {
        const slot_member *m = &cls->members[k->index];
        if (slot_i_is_set(m, p)) {
            *out = read_slot(m, p);
            return SLOT_OK;
        }
    } else if (slot_dict_get(slot_i_dict_of(cls, obj), name, len, out) == SLOT_OK) {
        /* A slot's name never reaches the dict: setattr writes the slot. */
        return SLOT_OK;
    }
    return get_fallback(cls, name, len, k != NULL, out);
}

slot_status slot_i_get_rest(const slot_class *cls, const void *obj, const char *name, size_t len,
                            const slot_key *k, slot_value *out)
{
    /* No slot and no class attribute by that name: only the dict can
     * answer, reached without a frame here. */
    if (!k && cls->nattrs == 0)
        return slot_dict_get(slot_i_dict_of(cls, obj), name, len, out);
    return get_rest(cls, obj, name, len, k, out);
}

/* The hot path, as the gets slotc generates have it: the class's lookup,
 * the presence test and the read of the cell it lands on. */
slot_status slot_table_get(const slot_class *cls, const void *obj, const char *name, size_t len,
                           slot_value *out)
{
    const slot_key *k = slot_table_find(cls, name, len);
    if (k && slot_i_window_set(&k->read, obj)) {
        *out = slot_i_read_window(&k->read, obj);
        return SLOT_OK;
    }
    return slot_i_get_rest(cls, obj, name, len, k, out);
}

/* The class's own get, reached by a jump: the name's length is all that is
 * done here. */
/* The function under the macro of slot.h. */
#undef slot_getattr
slot_status slot_getattr(const slot_class *cls, const void *obj, const char *name, slot_value *out)
{
    return cls->get(cls, obj, name, slot_i_strlen(name), out);
}

slot_status slot_getattrn(const slot_class *cls, const void *obj, const char *name, size_t len,
                          slot_value *out)
{
    return cls->get(cls, obj, name, len, out);
}

bool slot_hasattr(const slot_class *cls, const void *obj, const char *name)
{
    slot_value v;
    return slot_getattr(cls, obj, name, &v) == SLOT_OK;
}

slot_status slot_getitem(const slot_class *cls, const void *obj, const char *name, size_t i,
                         slot_value *out)
{
    const byte *p = (const byte *)obj;
    const slot_member *m = slot_i_member(cls, name);
    if (!m)
        return in_dict(cls, obj, name) || find_attr(cls, name) ? SLOT_ETYPE : SLOT_ENOATTR;
    if (m->count == 0)
        return SLOT_ETYPE;
    if (i >= m->count)
        return SLOT_ERANGE;
    if (!slot_i_is_set(m, p))
        return SLOT_EUNSET;
    *out = slot_i_read((slot_type)m->type, p + m->offset + i * m->size);
    return SLOT_OK;
}

/* ---- Convert: check a value against a slot, writing nothing ------------- */

/* One scalar in its slot's C type, ready to be copied in. */
typedef union scalar {
    bool b;
    int8_t i8;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    float f32;
    double f64;
    void *ptr;
} scalar;

/* A value on its way into one element of a slot. */
typedef struct staged {
    const slot_member *m;
    byte *obj;       /* the instance, for the presence bit */
    byte *dst;       /* the element written */
    scalar raw;      /* numbers, bool, enums and references */
    const void *src; /* str[N] and string: the text; embedded: the instance copied */
    size_t len;      /* str[N]: strlen(src) */
    void *made;      /* prepare's string copy or deep copy: owned here until commit moves it */
} staged;

/* An integer of either kind as int64_t: SLOT_ERANGE when it is too big. */
static slot_status to_int64(slot_value v, int64_t *x)
{
    if (v.kind == SLOT_INT)
        *x = v.as.i;
    else if (v.kind != SLOT_UINT)
        return SLOT_ETYPE;
    else if (v.as.u > INT64_MAX)
        return SLOT_ERANGE;
    else
        *x = (int64_t)v.as.u;
    return SLOT_OK;
}

static slot_status convert_signed(const slot_member *m, slot_value v, scalar *out)
{
    slot_type t = (slot_type)m->type;
    int64_t x;
    slot_status st = to_int64(v, &x);
    if (st != SLOT_OK)
        return st;
    if (x < signed_range[t].lo || x > signed_range[t].hi ||
        ((m->flags & SLOT_F_MIN) && x < slot_i_limit(m, 0).as.i) ||
        ((m->flags & SLOT_F_MAX) && x > slot_i_limit(m, 1).as.i))
        return SLOT_ERANGE;
    if (t == SLOT_T_I8)
        out->i8 = (int8_t)x;
    else if (t == SLOT_T_I16)
        out->i16 = (int16_t)x;
    else if (t == SLOT_T_I32)
        out->i32 = (int32_t)x;
    else
        out->i64 = x;
    return SLOT_OK;
}

static slot_status convert_unsigned(const slot_member *m, slot_value v, scalar *out)
{
    slot_type t = (slot_type)m->type;
    uint64_t x;
    if (v.kind == SLOT_UINT)
        x = v.as.u;
    else if (v.kind == SLOT_INT && v.as.i >= 0)
        x = (uint64_t)v.as.i;
    else
        return v.kind == SLOT_INT ? SLOT_ERANGE : SLOT_ETYPE;
    if (x > unsigned_max[t] || ((m->flags & SLOT_F_MIN) && x < slot_i_limit(m, 0).as.u) ||
        ((m->flags & SLOT_F_MAX) && x > slot_i_limit(m, 1).as.u))
        return SLOT_ERANGE;
    if (t == SLOT_T_U8)
        out->u8 = (uint8_t)x;
    else if (t == SLOT_T_U16)
        out->u16 = (uint16_t)x;
    else if (t == SLOT_T_U32)
        out->u32 = (uint32_t)x;
    else
        out->u64 = x;
    return SLOT_OK;
}

/* The schema's bounds, tested as the typed setter does: NaN fails any. */
static bool within(const slot_member *m, double x)
{
    if ((m->flags & SLOT_F_MIN) && !(x >= slot_i_limit(m, 0).as.f))
        return false;
    if ((m->flags & SLOT_F_MAX) && !(x <= slot_i_limit(m, 1).as.f))
        return false;
    return true;
}

/* An integer converts to the nearest float, as Python's float(n) does. */
static slot_status convert_f64(const slot_member *m, slot_value v, scalar *out)
{
    double d;
    if (v.kind == SLOT_FLOAT)
        d = v.as.f;
    else if (v.kind == SLOT_INT)
        d = (double)v.as.i;
    else if (v.kind == SLOT_UINT)
        d = (double)v.as.u;
    else
        return SLOT_ETYPE;
    if (!within(m, d))
        return SLOT_ERANGE;
    out->f64 = d;
    return SLOT_OK;
}

/* A finite double beyond FLT_MAX does not fit; infinities and NaN do. */
static slot_status convert_f32(const slot_member *m, slot_value v, scalar *out)
{
    float f;
    if (v.kind == SLOT_FLOAT) {
        double d = v.as.f;
        if ((d > FLT_MAX && d <= DBL_MAX) || (d < -FLT_MAX && d >= -DBL_MAX))
            return SLOT_ERANGE;
        f = (float)d;
    } else if (v.kind == SLOT_INT) {
        f = (float)v.as.i;
    } else if (v.kind == SLOT_UINT) {
        f = (float)v.as.u;
    } else {
        return SLOT_ETYPE;
    }
    if (!within(m, f))
        return SLOT_ERANGE;
    out->f32 = f;
    return SLOT_OK;
}

/* An enum takes a member's value or its name. */
static slot_status convert_enum(const slot_member *m, slot_value v, scalar *out)
{
    const slot_enum *e = (const slot_enum *)m->info;
    int64_t x = 0;
    size_t i;
    slot_status st = v.kind == SLOT_STR && v.as.s ? SLOT_OK : to_int64(v, &x);
    if (st != SLOT_OK)
        return st;
    for (i = 0; i < e->count; i++) {
        if (v.kind == SLOT_STR ? strcmp(e->names[i], v.as.s) == 0 : x == e->values[i]) {
            out->i32 = e->values[i];
            return SLOT_OK;
        }
    }
    return SLOT_ERANGE;
}

static slot_status convert_text(const slot_member *m, slot_value v, staged *s)
{
    if (v.kind != SLOT_STR || !v.as.s)
        return SLOT_ETYPE;
    s->src = v.as.s;
    if (m->type == SLOT_T_STR) {
        s->len = strlen(v.as.s);
        if (s->len >= m->size)
            return SLOT_ETOOLONG;
    }
    return SLOT_OK;
}

static slot_status convert(const slot_member *m, slot_value v, staged *s)
{
    switch ((slot_type)m->type) {
    case SLOT_T_BOOL:
        if (v.kind != SLOT_BOOL)
            return SLOT_ETYPE;
        s->raw.b = v.as.b;
        return SLOT_OK;
    case SLOT_T_I8:
    case SLOT_T_I16:
    case SLOT_T_I32:
    case SLOT_T_I64:
        return convert_signed(m, v, &s->raw);
    case SLOT_T_U8:
    case SLOT_T_U16:
    case SLOT_T_U32:
    case SLOT_T_U64:
        return convert_unsigned(m, v, &s->raw);
    case SLOT_T_F32:
        return convert_f32(m, v, &s->raw);
    case SLOT_T_F64:
        return convert_f64(m, v, &s->raw);
    case SLOT_T_ENUM:
        return convert_enum(m, v, &s->raw);
    case SLOT_T_STR:
    case SLOT_T_STRING:
        return convert_text(m, v, s);
    case SLOT_T_OBJ:
        if (v.kind != SLOT_OBJ || !v.as.obj)
            return SLOT_ETYPE;
        s->src = v.as.obj;
        return SLOT_OK;
    case SLOT_T_REF:
        if (v.kind != SLOT_OBJ)
            return SLOT_ETYPE;
        s->raw.ptr = v.as.obj;
        return SLOT_OK;
    }
    return SLOT_ETYPE;
}

static void stage_init(staged *s, const slot_member *m, byte *obj, byte *dst)
{
    memset(s, 0, sizeof *s);
    s->m = m;
    s->obj = obj;
    s->dst = dst;
}

/* Stages V for slot M; arrays are set item by item. */
static slot_status stage_slot(const slot_member *m, byte *obj, slot_value v, staged *s)
{
    if (m->count)
        return SLOT_ETYPE;
    stage_init(s, m, obj, obj + m->offset);
    return convert(m, v, s);
}

/* Stages V for the slot called NAME.  A name that is no slot of a dict
 * class stages nothing and leaves S->m NULL: the dict takes it. */
static slot_status stage_named(const slot_class *cls, byte *obj, const char *name, slot_value v,
                               staged *s)
{
    const slot_member *m = slot_i_member(cls, name);
    if (m)
        return stage_slot(m, obj, v, s);
    s->m = NULL;
    return has_dict(cls) ? SLOT_OK : absent(cls, name);
}

/* ---- Prepare, discard, commit --------------------------------------------- */

/* A deep copy of S->src in a block of its own: init allocates nothing, and
 * a failed copy leaves the block as init made it, owning nothing. */
static slot_status prepare_copy(staged *s)
{
    const slot_class *k = (const slot_class *)s->m->info;
    void *tmp = slot_malloc(k->size);
    slot_status st;
    if (!tmp)
        return SLOT_ENOMEM;
    slot_init(k, tmp);
    st = slot_copy(k, tmp, s->src);
    if (st != SLOT_OK) {
        slot_free(tmp);
        return st;
    }
    s->made = tmp;
    return SLOT_OK;
}

/* Whether P points into the SIZE bytes at OBJ (compared as integers: the
 * pointers may belong to different objects). */
static bool points_into(const void *p, const byte *obj, size_t size)
{
    uintptr_t at = (uintptr_t)p, start = (uintptr_t)obj;
    return at >= start && at - start < size;
}

/* Makes every copy a pair needs before anything is written.  A str[N]
 * text is copied too when it lies in the instance, where an earlier pair
 * of slot_setattrs could rewrite it: values are read before any write, as
 * Python evaluates them. */
static slot_status prepare(staged *s, size_t obj_size)
{
    if (s->m->type == SLOT_T_STR && points_into(s->src, s->obj, obj_size)) {
        s->made = slot_strndup((const char *)s->src, s->len);
        return s->made ? SLOT_OK : SLOT_ENOMEM;
    }
    if (s->m->type == SLOT_T_STRING) {
        const char *text = (const char *)s->src;
        s->made = slot_strndup(text, strlen(text));
        return s->made ? SLOT_OK : SLOT_ENOMEM;
    }
    if (s->m->type == SLOT_T_OBJ)
        return prepare_copy(s);
    return SLOT_OK;
}

/* Frees what prepare made, when a later pair failed. */
static void discard(staged *s)
{
    if (s->m->type == SLOT_T_OBJ && s->made)
        slot_clear(((const slot_class *)s->m->info), s->made);
    slot_free(s->made);
    s->made = NULL;
}

/* Replaces the string in DST, freeing the old one unless it is the
 * class's static default; the instance owns TEXT from now on. */
static void store_string(const slot_member *m, byte *dst, const char *text)
{
    const char *old;
    memcpy(&old, dst, sizeof old);
    slot_i_string_del(&old, (const char *)m->limits);
    memcpy(dst, &text, sizeof text);
}

/* The deep copy's owned memory moves into the slot with its bytes; only
 * the block that held them is freed.  As the class's copy into it would,
 * this keeps the embedded instance's own weak references (it stays the
 * same object), while those to instances embedded in it end. */
static void store_copy(const slot_member *m, byte *dst, void *made)
{
    const slot_class *k = (const slot_class *)m->info;
    slot_weakref *refs = NULL;
    if (k->flags & SLOT_C_WEAKREF) {
        memcpy(&refs, dst + k->weakref_offset, sizeof refs);
        memset(dst + k->weakref_offset, 0, sizeof refs);
    }
    slot_clear(k, dst);
    memcpy(dst, made, k->size);
    if (k->flags & SLOT_C_WEAKREF)
        memcpy(dst + k->weakref_offset, &refs, sizeof refs);
    slot_free(made);
}

/* Writes what was staged and prepared; cannot fail. */
static void commit(staged *s)
{
    const slot_member *m = s->m;
    switch ((slot_type)m->type) {
    case SLOT_T_STR:
        memmove(s->dst, s->made ? s->made : s->src, s->len);
        s->dst[s->len] = '\0';
        slot_free(s->made);
        break;
    case SLOT_T_STRING:
        store_string(m, s->dst, (const char *)s->made);
        break;
    case SLOT_T_OBJ:
        store_copy(m, s->dst, s->made);
        break;
    default:
        memcpy(s->dst, &s->raw, type_size((slot_type)m->type));
        break;
    }
    s->made = NULL;
    mark(m, s->obj);
}

/* Writes one converted value.  An embedded object is copied straight in:
 * the class's copy builds aside and leaves the slot untouched on failure,
 * so no block of our own is needed. */
static slot_status apply(staged *s)
{
    slot_status st;
    if (s->m->type == SLOT_T_OBJ) {
        st = slot_copy(((const slot_class *)s->m->info), s->dst, s->src);
        if (st == SLOT_OK)
            mark(s->m, s->obj);
        return st;
    }
    st = prepare(s, 0); /* one pair: nothing can rewrite its text first */
    if (st == SLOT_OK)
        commit(s);
    return st;
}

/* ---- Set ------------------------------------------------------------------ */

/* setattr_n of a class with slots: its lookup first.  Out of line, so
 * that a class without slots reaches its dict without a frame here. */
static NOINLINE slot_status set_looked_up(const slot_class *cls, void *obj, const char *name,
                                          size_t len, slot_value v)
{
    const slot_key *k = cls->find(cls, name, len);
    staged s;
    slot_status st;
    if (!k) {
        if (has_dict(cls))
            return slot_i_dict_set(dict_at(cls, obj), cls->shared, name, len, v);
        return absent_n(cls, name, len);
    }
    st = stage_slot(&cls->members[k->index], (byte *)obj, v, &s);
    return st == SLOT_OK ? apply(&s) : st;
}

/* The name NAME[0..LEN), which need not be followed by a NUL.  A class
 * without slots (dynamic: true) skips the lookup, which could only miss. */
static ALWAYS_INLINE slot_status setattr_n(const slot_class *cls, void *obj, const char *name,
                                           size_t len, slot_value v)
{
    if (cls->count == 0 && has_dict(cls))
        return slot_i_dict_set(dict_at(cls, obj), cls->shared, name, len, v);
    return set_looked_up(cls, obj, name, len, v);
}

slot_status slot_setattr(const slot_class *cls, void *obj, const char *name, slot_value v)
{
    return setattr_n(cls, obj, name, slot_i_strlen(name), v);
}

slot_status slot_setattrn(const slot_class *cls, void *obj, const char *name, size_t len,
                          slot_value v)
{
    return setattr_n(cls, obj, name, len, v);
}

slot_status slot_i_setattrn(const slot_class *cls, void *obj, const char *name, size_t len,
                            slot_value v)
{
    return slot_setattrn(cls, obj, name, len, v);
}

slot_status slot_i_member_set(const slot_member *m, void *obj, size_t i, slot_value v)
{
    byte *p = (byte *)obj;
    staged s;
    slot_status st;
    stage_init(&s, m, p, p + m->offset + i * m->size);
    st = convert(m, v, &s);
    return st == SLOT_OK ? apply(&s) : st;
}

slot_status slot_setitem(const slot_class *cls, void *obj, const char *name, size_t i, slot_value v)
{
    const slot_member *m = slot_i_member(cls, name);
    /* A dict class's instance may shadow a class attribute with a value of
     * its own (slot_setattr does), so there the attribute is no read-only
     * one, only no array; without a dict it is read-only, as slot_setattr
     * says. */
    if (!m)
        return in_dict(cls, obj, name) || (has_dict(cls) && find_attr(cls, name))
                   ? SLOT_ETYPE
                   : absent(cls, name);
    if (m->count == 0)
        return SLOT_ETYPE;
    if (i >= m->count)
        return SLOT_ERANGE;
    return slot_i_member_set(m, obj, i, v);
}

/* The dict OBJ will have once the pairs of KV that S leaves to it are
 * set, in order, made aside in *OUT (NULL: no pair is for the dict), so
 * that OBJ's own stays as it is until commit. */
static slot_status stage_dict(const slot_class *cls, byte *obj, const slot_kv *kv, size_t n,
                              const staged *s, slot_dict **out)
{
    slot_dict *d = NULL;
    slot_status st = SLOT_OK;
    size_t i;
    bool any = false;
    *out = NULL;
    for (i = 0; i < n; i++)
        any = any || !s[i].m;
    if (!any)
        return SLOT_OK;
    st = slot_dict_copy(&d, *dict_at(cls, obj));
    for (i = 0; i < n && st == SLOT_OK; i++)
        if (!s[i].m)
            st = slot_i_dict_set(&d, cls->shared, kv[i].name, strlen(kv[i].name), kv[i].value);
    if (st != SLOT_OK) {
        slot_dict_free(d);
        return st;
    }
    *out = d; /* not NULL: it has at least the pair just set */
    return SLOT_OK;
}

/* Converts every pair, then prepares every one and the dict; on failure
 * what was prepared is freed and OBJ has not been touched. */
static slot_status stage_all(const slot_class *cls, byte *obj, const slot_kv *kv, size_t n,
                             staged *s, slot_dict **dict)
{
    size_t i;
    slot_status st = SLOT_OK;
    for (i = 0; i < n; i++) {
        st = stage_named(cls, obj, kv[i].name, kv[i].value, &s[i]);
        if (st != SLOT_OK)
            return st;
    }
    for (i = 0; i < n; i++) {
        st = s[i].m ? prepare(&s[i], cls->size) : SLOT_OK;
        if (st != SLOT_OK)
            break;
    }
    if (st == SLOT_OK)
        st = stage_dict(cls, obj, kv, n, s, dict);
    if (st != SLOT_OK) {
        while (i-- > 0)
            if (s[i].m)
                discard(&s[i]);
    }
    return st;
}

/* Whether committing S frees what the instance held. */
static bool frees(const staged *s)
{
    return s->m->type == SLOT_T_STRING || s->m->type == SLOT_T_OBJ;
}

/* Commits the pairs that free (FREEING) or the others, in order.  Those
 * that free nothing go first: a str[N] text, which is not copied before
 * commit, may be read from a string the instance owns and another pair
 * replaces.  A slot's pairs all fall in one pass, so the last still wins. */
static void commit_all(staged *s, size_t n, bool freeing)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (s[i].m && frees(&s[i]) == freeing)
            commit(&s[i]);
    }
}

/* Pairs staged on the stack; more take one block from slot_malloc. */
#define SETATTRS_ON_STACK 8

slot_status slot_setattrs(const slot_class *cls, void *obj, const slot_kv *kv, size_t n)
{
    staged stack[SETATTRS_ON_STACK];
    staged *s = stack;
    slot_dict *dict;
    slot_status st;
    if (n > SETATTRS_ON_STACK) {
        if (n > SIZE_MAX / sizeof *s)
            return SLOT_ENOMEM;
        s = (staged *)slot_malloc(n * sizeof *s);
        if (!s)
            return SLOT_ENOMEM;
    }
    st = stage_all(cls, (byte *)obj, kv, n, s, &dict);
    if (st == SLOT_OK) {
        commit_all(s, n, false);
        commit_all(s, n, true);
        if (dict) {
            slot_dict_free(*dict_at(cls, obj));
            *dict_at(cls, obj) = dict;
        }
    }
    if (s != stack)
        slot_free(s);
    return st;
}

/* ---- Delete --------------------------------------------------------------- */

/* Puts the default of M back into DST; the old string is freed.  Only a
 * slot with a default comes here (it has no presence bit), and only
 * numbers, bool, enums, str[N] and string slots take a default. */
static void restore_default(const slot_member *m, byte *dst)
{
    slot_type t = (slot_type)m->type;
    const char *text = (const char *)m->limits;
    if (t == SLOT_T_STRING)
        store_string(m, dst, text);
    else if (t == SLOT_T_STR)
        memcpy(dst, text, strlen(text) + 1);
    else
        memcpy(dst, (const byte *)m->limits + 2 * type_size(t), type_size(t));
}

/* Frees what M holds in OBJ and zeroes it, as the typed del does; an
 * embedded object goes back to its init state, not to zero bytes. */
static void release(const slot_member *m, byte *obj)
{
    size_t n = m->count ? m->count : 1, i;
    byte *dst = obj + m->offset;
    if (m->type == SLOT_T_OBJ) {
        for (i = 0; i < n; i++)
            slot_clear(((const slot_class *)m->info), dst + i * m->size);
        return;
    }
    if (m->type == SLOT_T_STRING) {
        for (i = 0; i < n; i++)
            store_string(m, dst + i * m->size, NULL);
    }
    memset(dst, 0, n * m->size);
}

slot_status slot_delattr(const slot_class *cls, void *obj, const char *name)
{
    byte *p = (byte *)obj;
    const slot_member *m = slot_i_member(cls, name);
    /* As in Python, a class attribute cannot be deleted through a dict
     * class's instance either, and "has no attribute" says why. */
    if (!m)
        return has_dict(cls) ? slot_dict_del(dict_at(cls, obj), name, strlen(name))
                             : absent(cls, name);
    if (m->pmask == 0) {
        restore_default(m, p + m->offset);
        return SLOT_OK;
    }
    if (!slot_i_is_set(m, p))
        return SLOT_EUNSET;
    release(m, p);
    p[m->pbyte] &= (byte)~m->pmask;
    return SLOT_OK;
}

/* ---- Classes, sizes, vars() ----------------------------------------------- */

bool slot_isinstance(const slot_class *cls, const slot_class *base)
{
    for (; cls; cls = cls->base) {
        if (cls == base)
            return true;
    }
    return false;
}

/* Heap bytes OBJ owns: string copies (never the static default), its
 * dict, and what its embedded objects own. */
static size_t owned_bytes(const slot_class *cls, const byte *obj)
{
    size_t total = slot_dict_sizeof(slot_i_dict_of(cls, obj)), i, n;
    uint32_t k;
    for (k = 0; k < cls->count; k++) {
        const slot_member *m = &cls->members[k];
        const byte *p = obj + m->offset;
        n = m->count ? m->count : 1;
        for (i = 0; i < n; i++, p += m->size) {
            if (m->type == SLOT_T_STRING) {
                const char *s;
                memcpy(&s, p, sizeof s);
                if (s && s != (const char *)m->limits)
                    total += strlen(s) + 1;
            } else if (m->type == SLOT_T_OBJ) {
                total += owned_bytes((const slot_class *)m->info, p);
            }
        }
    }
    return total;
}

size_t slot_sizeof(const slot_class *cls, const void *obj)
{
    return cls->size + owned_bytes(cls, (const byte *)obj);
}

void slot_vars_begin(slot_iter *it, const slot_class *cls, const void *obj)
{
    it->cls = cls;
    it->obj = obj;
    it->pos = 0;
}

/* POS counts the slots, then goes on through the dict's entries. */
bool slot_vars_next(slot_iter *it, const char **name, slot_value *value)
{
    size_t count = it->cls->count, at;
    while (it->pos < count) {
        const slot_member *m = &it->cls->members[it->pos++];
        if (slot_i_is_set(m, it->obj)) {
            *name = m->name;
            *value = read_slot(m, (const byte *)it->obj);
            return true;
        }
    }
    at = it->pos - count;
    if (!slot_dict_next(slot_i_dict_of(it->cls, it->obj), &at, name, value))
        return false;
    it->pos = count + at;
    return true;
}
