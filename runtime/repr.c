/* repr.c - the text a user reads: slot_repr and slot_format_error.
 *
 * Both write as snprintf does, through a sink that counts every byte it is
 * given and stores those that fit, so the caller learns the whole length
 * from a short buffer and can retry.
 */
#include <slot/slot.h>

#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "member.h"

#if defined(__GNUC__) || defined(__clang__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* ---- The sink ------------------------------------------------------------- */

typedef struct sink {
    char *buf; /* the caller's; NULL when n is 0 */
    size_t n;  /* its size, with the NUL */
    size_t len;
} sink;

static void put(sink *o, const char *s, size_t k)
{
    if (o->len + 1 < o->n) {
        size_t room = o->n - 1 - o->len;
        memcpy(o->buf + o->len, s, k < room ? k : room);
    }
    o->len += k;
}

static void put_str(sink *o, const char *s)
{
    put(o, s, strlen(s));
}

static void put_char(sink *o, char c)
{
    put(o, &c, 1);
}

/* 'S', as Python quotes names in its messages. */
static void put_quoted(sink *o, const char *s)
{
    put_char(o, '\'');
    put_str(o, s);
    put_char(o, '\'');
}

/* Numbers and pointers only: their text fits TMP.  Names, whatever their
 * length, go through put_str. */
PRINTF_LIKE(2, 3) static void putf(sink *o, const char *fmt, ...)
{
    char tmp[64];
    int k;
    va_list ap;
    va_start(ap, fmt);
    k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k > 0)
        put(o, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

static int finish(sink *o)
{
    if (o->n)
        o->buf[o->len < o->n ? o->len : o->n - 1] = '\0';
    return o->len > INT_MAX ? -1 : (int)o->len;
}

/* ---- Floats, as Python's repr writes them --------------------------------- */

/* Whether X's neighbour below is nearer than its neighbour above: true of
 * a power of two whose exponent is above the least, where the spacing of
 * the type halves.  There, and only there, the interval of decimals that
 * read back as X is lopsided, and the p-digit decimal nearest X can fall
 * outside it while the one on X's other side still reads back. */
static bool lopsided(double x, bool f32)
{
    if (f32) {
        float f = (float)x;
        uint32_t b;
        memcpy(&b, &f, sizeof b);
        return (b & 0x7fffffu) == 0 && (b >> 23 & 0xffu) > 1;
    } else {
        uint64_t b;
        memcpy(&b, &x, sizeof b);
        return (b & 0xfffffffffffffu) == 0 && (b >> 52 & 0x7ffu) > 1;
    }
}

static double read_back(const char *e, bool f32)
{
    return f32 ? (double)strtof(e, NULL) : strtod(e, NULL);
}

/* Adds one unit in the last place of "d.ddde+x", in place: "9.9e+05"
 * becomes "1.0e+06".  SIZE leaves room for a longer exponent. */
static void bump(char *e, size_t size)
{
    char *end = strchr(e, 'e'), *c;
    int exp = atoi(end + 1);
    for (c = end - 1; c >= e; c--) {
        if (*c < '0' || *c > '9')
            continue; /* the point */
        if (*c != '9') {
            (*c)++;
            return;
        }
        *c = '0';
    }
    e[0] = '1';
    snprintf(end, size - (size_t)(end - e), "e%+03d", exp + 1);
}

/* Whether a decimal of P significant digits reads back as X > 0 (as a
 * float when F32), and if so the nearest such to X, as "d.ddde+x" in OUT.
 * %.*e gives the P-digit decimal nearest X; only when X is lopsided and
 * that decimal lies below X and does not read back can the one above X
 * read back instead. */
static bool fits(double x, bool f32, bool is_lopsided, int p, char *out, size_t size)
{
    double back;
    snprintf(out, size, "%.*e", p - 1, x);
    back = read_back(out, f32);
    if (back == x)
        return true;
    if (!is_lopsided || back > x)
        return false;
    bump(out, size);
    return read_back(out, f32) == x;
}

/* "d.ddde+x" for X > 0: the fewest digits that read back as X and, of the
 * texts with that many, the nearest to X, as Python's repr chooses.
 *
 * The decimals that read back as a double lie within 2**-53 of it, relative;
 * 15-digit decimals lie at least 10**-14 apart, relative.  So at most one
 * 15-digit decimal reads back, and a shorter one that does is that same
 * decimal with zeros at its end: when the 15-digit probe fits, dropping its
 * trailing zeros (split does) gives the shortest text, and only values that
 * need 16 or 17 digits take more probes.  For a float, the same holds of 6
 * digits (2**-24 against 10**-5).  Subnormal values have fewer bits and a
 * wider interval: for them the walk starts from one digit. */
static void shortest(double x, bool f32, char *out, size_t size)
{
    bool is_lopsided = lopsided(x, f32);
    bool normal = x >= (f32 ? FLT_MIN : DBL_MIN);
    int p = !normal ? 1 : f32 ? 6 : 15, most = f32 ? 9 : 17;
    while (p < most && !fits(x, f32, is_lopsided, p, out, size))
        p++;
    if (p == most)
        snprintf(out, size, "%.*e", most - 1, x); /* always reads back */
}

/* Splits "d.ddde+x" into its digits (trailing zeros dropped) and decimal
 * exponent.  The point is whatever the locale made it: any non-digit. */
static size_t split(const char *e, char *digits, int *exp)
{
    size_t nd = 0;
    for (; *e != 'e'; e++) {
        if (*e >= '0' && *e <= '9')
            digits[nd++] = *e;
    }
    *exp = atoi(e + 1);
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    return nd;
}

/* Fixed notation, always with a fractional part: 1.0, 0.0001, 1234.5. */
static void put_fixed(sink *o, const char *digits, size_t nd, int exp)
{
    size_t before, i; /* digits before the point */
    if (exp < 0) {
        put_str(o, "0.");
        for (; exp < -1; exp++)
            put_char(o, '0');
        put(o, digits, nd);
        return;
    }
    before = (size_t)exp + 1;
    if (nd <= before) {
        put(o, digits, nd);
        for (i = nd; i < before; i++)
            put_char(o, '0');
        put_str(o, ".0");
    } else {
        put(o, digits, before);
        put_char(o, '.');
        put(o, digits + before, nd - before);
    }
}

/* Python's repr: fixed for decimal exponents in [-4, 16), else 1.5e-05. */
static void put_float(sink *o, double x, bool f32)
{
    char e[40], digits[24];
    size_t nd;
    int exp;
    if (x != x) {
        put_str(o, "nan");
        return;
    }
    if (signbit(x)) {
        put_char(o, '-');
        x = -x;
    }
    if (x > DBL_MAX) {
        put_str(o, "inf");
        return;
    }
    shortest(x, f32, e, sizeof e);
    nd = split(e, digits, &exp);
    if (exp >= -4 && exp < 16) {
        put_fixed(o, digits, nd, exp);
        return;
    }
    put(o, digits, 1);
    if (nd > 1) {
        put_char(o, '.');
        put(o, digits + 1, nd - 1);
    }
    putf(o, "e%+03d", exp);
}

int slot_i_float_repr(char *buf, size_t n, double x, bool f32)
{
    sink o = {buf, n, 0};
    put_float(&o, x, f32);
    return finish(&o);
}

/* ---- Values --------------------------------------------------------------- */

/* Python's string repr: single quotes unless the text holds ' and no ". */
static void put_text(sink *o, const char *s)
{
    char q;
    if (!s) {
        put_str(o, "None");
        return;
    }
    q = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';
    put_char(o, q);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\\' || c == (unsigned char)q) {
            put_char(o, '\\');
            put_char(o, (char)c);
        } else if (c == '\n')
            put_str(o, "\\n");
        else if (c == '\r')
            put_str(o, "\\r");
        else if (c == '\t')
            put_str(o, "\\t");
        else if (c < 0x20 || c == 0x7f)
            putf(o, "\\x%02x", c);
        else
            put_char(o, (char)c);
    }
    put_char(o, q);
}

/* Align.center; a value that names no member, as its number. */
static void put_enum(sink *o, const slot_enum *e, int64_t x)
{
    size_t i;
    for (i = 0; i < e->count; i++) {
        if (e->values[i] == x) {
            put_str(o, e->name);
            put_char(o, '.');
            put_str(o, e->names[i]);
            return;
        }
    }
    putf(o, "%" PRId64, x);
}

static void put_object(sink *o, const slot_class *cls, const void *obj);

/* <Label object at 0x...>, as Python shows an object without a repr. */
static void put_ref(sink *o, const slot_class *cls, const void *obj)
{
    put_char(o, '<');
    put_str(o, cls->name);
    putf(o, " object at %p>", obj);
}

/* A value as Python shows it; F32: a float read from an f32 slot.  A dict
 * value that is an object carries no class: it shows as its address. */
static void put_value(sink *o, slot_value v, bool f32)
{
    if (v.kind == SLOT_NONE || (v.kind == SLOT_OBJ && !v.as.obj))
        put_str(o, "None");
    else if (v.kind == SLOT_OBJ)
        putf(o, "<object at %p>", v.as.obj);
    else if (v.kind == SLOT_BOOL)
        put_str(o, v.as.b ? "True" : "False");
    else if (v.kind == SLOT_INT)
        putf(o, "%" PRId64, v.as.i);
    else if (v.kind == SLOT_UINT)
        putf(o, "%" PRIu64, v.as.u);
    else if (v.kind == SLOT_FLOAT)
        put_float(o, v.as.f, f32);
    else
        put_text(o, v.as.s);
}

/* Element P of member M: one scalar, string or object. */
static void put_element(sink *o, const slot_member *m, const void *p)
{
    slot_type t = (slot_type)m->type;
    slot_value v = slot_i_read(t, p);
    if (t == SLOT_T_ENUM)
        put_enum(o, (const slot_enum *)m->info, v.as.i);
    else if (t == SLOT_T_OBJ)
        put_object(o, (const slot_class *)m->info, v.as.obj);
    else if (t == SLOT_T_REF && v.as.obj)
        put_ref(o, (const slot_class *)m->info, v.as.obj);
    else
        put_value(o, v, t == SLOT_T_F32);
}

/* name=value; an array as [a, b, c]. */
static void put_slot(sink *o, const slot_member *m, const unsigned char *obj)
{
    const unsigned char *p = obj + m->offset;
    uint32_t i;
    put_str(o, m->name);
    put_char(o, '=');
    if (m->count == 0) {
        put_element(o, m, p);
        return;
    }
    put_char(o, '[');
    for (i = 0; i < m->count; i++, p += m->size) {
        if (i)
            put_str(o, ", ");
        put_element(o, m, p);
    }
    put_char(o, ']');
}

/* Whether Python takes KEY as a keyword argument: an ASCII identifier
 * that is not one of its keywords.  (Python would take other Unicode
 * identifiers too; writing them quoted is only longer, never wrong.) */
static bool is_keyword_name(const char *key)
{
    static const char *const reserved[] = {
        "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
        "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
        "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
        "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};
    const char *c = key;
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == '_'))
        return false;
    for (c++; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '_'))
            return false;
    for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++)
        if (strcmp(key, reserved[i]) == 0)
            return false;
    return true;
}

/* Point(x=1.0, y=2.0): the set slots in index order, then a dict class's
 * dict entries in insertion order, as the keyword arguments of a call
 * that would make the instance.  A key Python would not take as a keyword
 * goes, quoted as its repr quotes strings, into a **{...} group (one for
 * each run of such keys, so that the order stays): Bag(x=1, **{'a=1, b':
 * 2}), never Bag(x=1, a=1, b=2).  Embedding cannot form a cycle (slotc
 * refuses it), so the recursion ends. */
static void put_object(sink *o, const slot_class *cls, const void *obj)
{
    uint32_t k;
    bool first = true;
    put_str(o, cls->name);
    put_char(o, '(');
    for (k = 0; k < cls->count; k++) {
        const slot_member *m = &cls->members[k];
        if (!slot_i_is_set(m, obj))
            continue;
        if (!first)
            put_str(o, ", ");
        first = false;
        put_slot(o, m, (const unsigned char *)obj);
    }
    const slot_dict *d = slot_i_dict_of(cls, obj);
    const char *name;
    slot_value v;
    size_t pos = 0;
    bool in_group = false;
    while (slot_dict_next(d, &pos, &name, &v)) {
        bool plain = is_keyword_name(name);
        if (in_group && plain)
            put_char(o, '}');
        if (!first)
            put_str(o, ", ");
        first = false;
        if (plain) {
            put_str(o, name);
            put_char(o, '=');
        } else {
            if (!in_group)
                put_str(o, "**{");
            put_text(o, name);
            put_str(o, ": ");
        }
        in_group = !plain;
        put_value(o, v, false);
    }
    if (in_group)
        put_char(o, '}');
    put_char(o, ')');
}

int slot_repr(const slot_class *cls, const void *obj, char *buf, size_t n)
{
    sink o = {buf, n, 0};
    put_object(&o, cls, obj);
    return finish(&o);
}

/* ---- Error messages ------------------------------------------------------- */

static const char *const type_names[] = {
    [SLOT_T_BOOL] = "bool", [SLOT_T_I8] = "i8",   [SLOT_T_I16] = "i16", [SLOT_T_I32] = "i32",
    [SLOT_T_I64] = "i64",   [SLOT_T_U8] = "u8",   [SLOT_T_U16] = "u16", [SLOT_T_U32] = "u32",
    [SLOT_T_U64] = "u64",   [SLOT_T_F32] = "f32", [SLOT_T_F64] = "f64", [SLOT_T_STRING] = "string",
};

/* The type of one element of M as the schema spells it. */
static void put_type(sink *o, const slot_member *m)
{
    switch ((slot_type)m->type) {
    case SLOT_T_STR:
        putf(o, "str[%" PRIu32 "]", m->size - 1);
        break;
    case SLOT_T_ENUM:
        put_str(o, ((const slot_enum *)m->info)->name);
        break;
    case SLOT_T_OBJ:
        put_str(o, ((const slot_class *)m->info)->name);
        break;
    case SLOT_T_REF:
        put_str(o, ((const slot_class *)m->info)->name);
        put_char(o, '*');
        break;
    default:
        put_str(o, type_names[m->type]);
        break;
    }
}

/* Bound K (0: low, 1: high) of M's values: the schema's, else the type's. */
static void put_bound(sink *o, const slot_member *m, int k)
{
    unsigned flag = k == 0 ? SLOT_F_MIN : SLOT_F_MAX;
    slot_value v =
        (m->flags & flag) ? slot_i_limit(m, k) : slot_i_type_bound((slot_type)m->type, k);
    if (v.kind == SLOT_INT)
        putf(o, "%" PRId64, v.as.i);
    else if (v.kind == SLOT_UINT)
        putf(o, "%" PRIu64, v.as.u);
    else
        put_float(o, v.as.f, m->type == SLOT_T_F32);
}

static bool is_number(slot_type t)
{
    return t >= SLOT_T_I8 && t <= SLOT_T_F64;
}

/* What values M's elements take: "in 1..512", "a member of Align". */
static void put_range(sink *o, const slot_member *m)
{
    if (m->type == SLOT_T_ENUM) {
        put_str(o, "a member of ");
        put_str(o, ((const slot_enum *)m->info)->name);
        return;
    }
    put_str(o, "in ");
    put_bound(o, m, 0);
    put_str(o, "..");
    put_bound(o, m, 1);
}

/* Whether ST says something about M that explain can word. */
static bool explains(const slot_member *m, slot_status st)
{
    bool ranged = m->type == SLOT_T_ENUM || is_number((slot_type)m->type);
    return st == SLOT_ETYPE || (st == SLOT_ERANGE && (ranged || m->count)) ||
           (st == SLOT_ETOOLONG && m->type == SLOT_T_STR);
}

/* "must be u16"; an array says what it is, for whoever set it whole,
 * and what its items must be. */
static void explain_type(sink *o, const slot_member *m)
{
    if (m->count == 0) {
        put_str(o, " must be ");
        put_type(o, m);
        return;
    }
    put_str(o, " is ");
    put_type(o, m);
    putf(o, "[%" PRIu32 "]; its items must be ", m->count);
    put_type(o, m);
}

/* "must be in 1..512"; an array names its indices, then its items' range. */
static void explain_range(sink *o, const slot_member *m)
{
    if (m->count == 0) {
        put_str(o, " must be ");
        put_range(o, m);
        return;
    }
    putf(o, " has items 0..%" PRIu32, m->count - 1);
    if (m->type == SLOT_T_ENUM || is_number((slot_type)m->type)) {
        put_str(o, ", each ");
        put_range(o, m);
    }
}

static void explain(sink *o, const slot_member *m, slot_status st)
{
    if (st == SLOT_ETYPE)
        explain_type(o, m);
    else if (st == SLOT_ERANGE)
        explain_range(o, m);
    else if (m->count)
        putf(o, " holds items of at most %" PRIu32 " bytes", m->size - 1);
    else
        putf(o, " holds at most %" PRIu32 " bytes", m->size - 1);
}

/* "'Label' object attribute 'size'", the subject of most messages. */
static void put_subject(sink *o, const slot_class *cls, const char *name)
{
    put_quoted(o, cls->name);
    put_str(o, " object attribute ");
    put_quoted(o, name);
}

/* The statuses that name a slot's type, range or length; what has no
 * slot, or a status that says nothing of one, gets slot_strerror's text. */
static void put_slot_error(sink *o, const slot_class *cls, const char *name, slot_status st)
{
    const slot_member *m = slot_i_member(cls, name);
    if (m && st == SLOT_ENOMEM) {
        put_str(o, "out of memory setting ");
        put_subject(o, cls, name);
        return;
    }
    put_subject(o, cls, name);
    if (m && explains(m, st)) {
        explain(o, m, st);
        return;
    }
    put_str(o, ": ");
    put_str(o, slot_strerror(st));
}

int slot_format_del_error(char *buf, size_t n, const slot_class *cls, const char *name,
                          slot_status st)
{
    sink o = {buf, n, 0};
    if (st != SLOT_EUNSET)
        return slot_format_error(buf, n, cls, name, st);
    put_str(&o, "cannot delete ");
    put_subject(&o, cls, name ? name : "");
    put_str(&o, ": it is not set");
    return finish(&o);
}

int slot_format_error(char *buf, size_t n, const slot_class *cls, const char *name, slot_status st)
{
    sink o = {buf, n, 0};
    if (!name)
        name = "";
    if (st == SLOT_OK) {
        put_str(&o, slot_strerror(st));
    } else if (st == SLOT_ENOATTR || st == SLOT_EUNSET) {
        put_quoted(&o, cls->name);
        put_str(&o, " object has no attribute ");
        put_quoted(&o, name);
    } else if (st == SLOT_EREADONLY) {
        put_subject(&o, cls, name);
        put_str(&o, " is read-only");
    } else {
        put_slot_error(&o, cls, name, st);
    }
    return finish(&o);
}
