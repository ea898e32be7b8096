/* check_const.c - scalars into constants: defaults, bounds and class
 * attribute values, converted once by the rules of their type (see
 * docs/schema.md) so that emit only prints them. */
#include "check.h"

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- Built-in types ---------------------------------------------------------- */

static const struct builtin {
    const char *name;
    ty_kind kind;
} builtins[] = {
    {"bool", TY_BOOL}, {"i8", TY_I8},   {"i16", TY_I16},       {"i32", TY_I32}, {"i64", TY_I64},
    {"u8", TY_U8},     {"u16", TY_U16}, {"u32", TY_U32},       {"u64", TY_U64}, {"f32", TY_F32},
    {"f64", TY_F64},   {"str", TY_STR}, {"string", TY_STRING},
};

static const char *kind_name(ty_kind k)
{
    for (size_t i = 0; i < COUNT(builtins); i++)
        if (builtins[i].kind == k)
            return builtins[i].name;
    return "?";
}

const char *ck_builtin_name(size_t i)
{
    return i < COUNT(builtins) ? builtins[i].name : NULL;
}

bool ck_builtin(const char *name, ty_kind *kind)
{
    for (size_t i = 0; i < COUNT(builtins); i++)
        if (strcmp(builtins[i].name, name) == 0) {
            *kind = builtins[i].kind;
            return true;
        }
    return false;
}

/* The range of an integer kind. */
static void int_range(ty_kind k, int64_t *lo, uint64_t *hi)
{
    unsigned bits = 8u << ((k - TY_I8) % 4);
    if (TY_IS_SIGNED(k)) {
        *hi = (UINT64_C(1) << (bits - 1)) - 1;
        *lo = -(int64_t)*hi - 1;
    } else {
        *hi = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
        *lo = 0;
    }
}

/* ---- Scalars into constants ------------------------------------------------ */

enum { INT_OK, INT_SYNTAX, INT_OVERFLOW };

static int digit_value(char ch, unsigned base)
{
    int d = is_digit(ch)               ? ch - '0'
            : (ch >= 'a' && ch <= 'f') ? ch - 'a' + 10
            : (ch >= 'A' && ch <= 'F') ? ch - 'A' + 10
                                       : 99;
    return d < (int)base ? d : -1;
}

/* Decimal or 0x hexadecimal with an optional sign: sign and magnitude. */
static int parse_int(const char *p, size_t n, bool *neg, uint64_t *mag)
{
    size_t i = 0;
    unsigned base = 10;
    bool over = false;
    *neg = false;
    *mag = 0;
    if (i < n && (p[i] == '+' || p[i] == '-'))
        *neg = p[i++] == '-';
    if (n - i > 2 && p[i] == '0' && (p[i + 1] == 'x' || p[i + 1] == 'X')) {
        base = 16;
        i += 2;
    }
    if (i == n)
        return INT_SYNTAX;
    for (; i < n; i++) {
        int d = digit_value(p[i], base);
        if (d < 0)
            return INT_SYNTAX;
        if (*mag > (UINT64_MAX - (unsigned)d) / base)
            over = true;
        else
            *mag = *mag * base + (unsigned)d;
    }
    return over ? INT_OVERFLOW : INT_OK;
}

static bool int_fits(ty_kind k, bool neg, uint64_t mag)
{
    int64_t lo;
    uint64_t hi;
    int_range(k, &lo, &hi);
    if (neg)
        return mag == 0 || (TY_IS_SIGNED(k) && mag <= (uint64_t) - (lo + 1) + 1);
    return mag <= hi;
}

static bool convert_int(ck *c, ty_kind k, const scalar *v, subject sub, constant *out)
{
    bool neg;
    uint64_t mag;
    if (v->quoted)
        return !ck_err(c, v->at, "%s of %s '%s' must be a number, got a string", sub.word,
                       sub.owner, sub.name);
    int r = parse_int(v->text, v->len, &neg, &mag);
    if (r == INT_SYNTAX)
        return !ck_err(c, v->at, "%s of %s '%s' must be an integer, got '%s'", sub.word, sub.owner,
                       sub.name, v->text);
    if (r == INT_OVERFLOW || !int_fits(k, neg, mag)) {
        int64_t lo;
        uint64_t hi;
        int_range(k, &lo, &hi);
        return !ck_err(c, v->at, "%s %s is out of range for %s (%" PRId64 "..%" PRIu64 ")",
                       sub.word, v->text, kind_name(k), lo, hi);
    }
    if (TY_IS_SIGNED(k)) {
        out->i = neg && mag ? -(int64_t)(mag - 1) - 1 : (int64_t)mag;
        out->f = (double)out->i;
    } else {
        out->u = mag;
        out->f = (double)mag;
    }
    return out->set = true;
}

/* Whether V's text holds no NUL byte, so that it can be compared as a C string. */
static bool plain_text(const scalar *v)
{
    return strlen(v->text) == v->len;
}

/* YAML's spellings of infinity and not-a-number, with an optional sign. */
static bool parse_special(const char *p, double *out)
{
    static const char *const inf[] = {".inf", ".Inf", ".INF"};
    static const char *const nan[] = {".nan", ".NaN", ".NAN"};
    double sign = *p == '-' ? -1.0 : 1.0;
    const char *q = *p == '-' || *p == '+' ? p + 1 : p;
    for (size_t i = 0; i < COUNT(inf); i++) {
        if (strcmp(q, inf[i]) == 0) {
            *out = sign * HUGE_VAL;
            return true;
        }
        if (p == q && strcmp(q, nan[i]) == 0) {
            *out = NAN;
            return true;
        }
    }
    return false;
}

/* [-+]? (digits [. digits?] | . digits) ([eE] [-+]? digits)? */
static bool float_syntax(const char *p, size_t n)
{
    size_t i = 0, digits = 0, exp = 0;
    if (i < n && (p[i] == '+' || p[i] == '-'))
        i++;
    for (; i < n && is_digit(p[i]); i++)
        digits++;
    if (i < n && p[i] == '.')
        for (i++; i < n && is_digit(p[i]); i++)
            digits++;
    if (digits == 0)
        return false;
    if (i < n && (p[i] == 'e' || p[i] == 'E')) {
        i++;
        if (i < n && (p[i] == '+' || p[i] == '-'))
            i++;
        for (; i < n && is_digit(p[i]); i++)
            exp++;
        if (exp == 0)
            return false;
    }
    return i == n;
}

/* Integer text, decimal float text, or YAML's .inf/-.inf/.nan. */
static bool convert_float(ck *c, ty_kind k, const scalar *v, subject sub, constant *out)
{
    bool neg;
    uint64_t mag;
    double f;
    if (v->quoted)
        return !ck_err(c, v->at, "%s of %s '%s' must be a number, got a string", sub.word,
                       sub.owner, sub.name);
    if (plain_text(v) && parse_special(v->text, &f)) {
        /* as written */
    } else if (parse_int(v->text, v->len, &neg, &mag) == INT_OK) {
        f = neg ? -(double)mag : (double)mag;
    } else if (float_syntax(v->text, v->len)) {
        char buf[64];
        arena_mark m = ar_mark(c->tmp);
        const char *text = v->len < sizeof buf ? memcpy(buf, v->text, v->len + 1)
                                               : ar_strndup(c->tmp, v->text, v->len);
        f = strtod(text, NULL);
        ar_release(c->tmp, m);
        double limit = k == TY_F32 ? FLT_MAX : DBL_MAX;
        if (fabs(f) > limit)
            return !ck_err(c, v->at, "%s %s is out of range for %s (%.9g..%.9g)", sub.word, v->text,
                           kind_name(k), -limit, limit);
    } else {
        return !ck_err(c, v->at, "%s of %s '%s' must be a number, got '%s'", sub.word, sub.owner,
                       sub.name, v->text);
    }
    out->f = f;
    return out->set = true;
}

static bool convert_bool(ck *c, const scalar *v, subject sub, constant *out)
{
    static const char *const yes[] = {"true", "True", "TRUE"};
    static const char *const no[] = {"false", "False", "FALSE"};
    if (v->quoted)
        return !ck_err(c, v->at, "%s of %s '%s' must be true or false, got a string", sub.word,
                       sub.owner, sub.name);
    for (size_t i = 0; plain_text(v) && i < COUNT(yes); i++) {
        if (strcmp(v->text, yes[i]) == 0 || strcmp(v->text, no[i]) == 0) {
            out->i = v->text[0] == 't' || v->text[0] == 'T';
            return out->set = true;
        }
    }
    return !ck_err(c, v->at, "%s of %s '%s' must be true or false, got '%s'", sub.word, sub.owner,
                   sub.name, v->text);
}

/* Any scalar is a string, quoted or not.  LIMIT is N of str[N]; 0: none. */
static bool convert_str(ck *c, const scalar *v, uint64_t limit, subject sub, constant *out)
{
    if (memchr(v->text, '\0', v->len))
        return !ck_err(c, v->at, "%s of %s '%s' holds a NUL byte, which a C string cannot",
                       sub.word, sub.owner, sub.name);
    if (limit && v->len > limit)
        return !ck_err(c, v->at, "%s is %zu bytes; str[%" PRIu64 "] holds at most %" PRIu64,
                       sub.word, v->len, limit, limit);
    out->s = v->text;
    out->s_len = v->len;
    return out->set = true;
}

static bool convert_enum(ck *c, const enum_def *e, const scalar *v, constant *out)
{
    for (size_t i = 0; i < e->values.len; i++) {
        const enum_value *ev = PV_AT(e->values, i);
        if (ev->name && strlen(ev->name) == v->len && memcmp(ev->name, v->text, v->len) == 0) {
            out->i = ev->value;
            out->member = i;
            return out->set = true;
        }
    }
    if (ck_err(c, v->at, "'%s' is not a member of enum '%s'", v->text, e->name)) {
        ptrvec names = {0};
        for (size_t i = 0; i < e->values.len; i++) {
            const enum_value *ev = PV_AT(e->values, i);
            if (ev->name)
                pv_push(c->tmp, &names, (void *)ev->name);
        }
        ck_hint(c, v->at, v->text, &names);
    }
    return false;
}

/* Converts V for a scalar type T (no array, class or reference). */
bool ck_convert(ck *c, const type_expr *t, const scalar *v, subject sub, constant *out)
{
    memset(out, 0, sizeof *out);
    if (TY_IS_INT(t->kind))
        return convert_int(c, t->kind, v, sub, out);
    if (TY_IS_FLOAT(t->kind))
        return convert_float(c, t->kind, v, sub, out);
    switch (t->kind) {
    case TY_BOOL:
        return convert_bool(c, v, sub, out);
    case TY_STR:
        return convert_str(c, v, t->str_len, sub, out);
    case TY_STRING:
        return convert_str(c, v, 0, sub, out);
    case TY_ENUM:
        return convert_enum(c, t->en, v, out);
    default:
        return false;
    }
}

/* -1, 0, 1 as X is below, equal to (or unordered with), above Y. */
static int compare(ty_kind k, const constant *x, const constant *y)
{
    if (TY_IS_SIGNED(k))
        return (x->i > y->i) - (x->i < y->i);
    if (TY_IS_INT(k))
        return (x->u > y->u) - (x->u < y->u);
    return (x->f > y->f) - (x->f < y->f);
}

/* ---- Slots ------------------------------------------------------------------ */

static subject slot_subject(const slot_def *f, const char *word)
{
    subject sub = {word, "slot", f->name};
    return sub;
}

static void check_default(ck *c, slot_def *f)
{
    const type_expr *t = &f->type;
    if (!f->dflt)
        return;
    if (is_array(t))
        ck_err(c, f->dflt->at, "a default is not allowed for an array slot");
    else if (t->kind == TY_CLASS)
        ck_err(c, f->dflt->at, "a default is not allowed for an embedded class slot");
    else if (t->kind == TY_REF)
        ck_err(c, f->dflt->at, "a default is not allowed for a reference slot");
    else
        ck_convert(c, t, f->dflt, slot_subject(f, "default"), &f->dflt_val);
}

static void check_bound(ck *c, slot_def *f, scalar *v, const char *word, constant *out)
{
    const type_expr *t = &f->type;
    if (!v)
        return;
    if (!TY_IS_NUMBER(t->kind))
        ck_err(c, v->at, "%s applies only to number slots", word);
    else if (is_array(t))
        ck_err(c, v->at, "%s applies only to number slots, and '%s' is an array", word,
               type_text(t));
    else if (ck_convert(c, t, v, slot_subject(f, word), out) && isnan(out->f)) {
        out->set = false;
        ck_err(c, v->at, "%s of slot '%s' cannot be .nan", word, f->name);
    }
}

/* min <= max, and the default within them. */
static void check_range(ck *c, slot_def *f)
{
    ty_kind k = f->type.kind;
    const constant *lo = &f->min_val, *hi = &f->max_val, *d = &f->dflt_val;
    if (lo->set && hi->set && compare(k, lo, hi) > 0) {
        ck_err(c, f->min->at, "min %s is greater than max %s", f->min->text, f->max->text);
        return;
    }
    if (!d->set || !TY_IS_NUMBER(k))
        return;
    if ((lo->set || hi->set) && isnan(d->f))
        ck_err(c, f->dflt->at, "default %s is outside min..max", f->dflt->text);
    else if (lo->set && compare(k, d, lo) < 0)
        ck_err(c, f->dflt->at, "default %s is below min %s", f->dflt->text, f->min->text);
    else if (hi->set && compare(k, d, hi) > 0)
        ck_err(c, f->dflt->at, "default %s is above max %s", f->dflt->text, f->max->text);
}

void ck_slot_values(ck *c, slot_def *f)
{
    check_default(c, f);
    check_bound(c, f, f->min, "min", &f->min_val);
    check_bound(c, f, f->max, "max", &f->max_val);
    check_range(c, f);
}
