/* scalar.c - the YAML 1.2 core schema's types of plain scalars (YAML 1.2.2,
 * section 10.3.2), and their values.
 *
 * Integers are read digit by digit with an overflow check.  Floats whose
 * digits fit 53 bits (24 for f32) and whose decimal exponent is small are
 * exact in one multiply or divide, which rounds once, so they are computed
 * directly (Clinger's fast path); the others go to strtod or strtof, which
 * round correctly too.
 */
#include "scalar.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int hex_digit(char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The core schema's three spellings of each word it knows. */
static const char *const null_words[] = {"null", "Null", "NULL"};
static const char *const true_words[] = {"true", "True", "TRUE"};
static const char *const false_words[] = {"false", "False", "FALSE"};
static const char *const inf_words[] = {".inf", ".Inf", ".INF"};
static const char *const nan_words[] = {".nan", ".NaN", ".NAN"};

/* Whether S[0..LEN) is one of W's spellings, all of them as long: most
 * scalars differ in length or in their first byte, and cost no compare. */
static bool spelled(const char *s, size_t len, const char *const w[3])
{
    int k;
    if (len != strlen(w[0]))
        return false;
    for (k = 0; k < 3; k++)
        if (s[0] == w[k][0] && memcmp(s, w[k], len) == 0)
            return true;
    return false;
}

static int radix_digit(char c, unsigned base)
{
    if (base == 8)
        return c >= '0' && c <= '7' ? c - '0' : -1;
    return hex_digit(c);
}

/* An unsigned magnitude in base 8 or 16 (no sign, as the schema says). */
static plain_type read_radix(const char *s, size_t len, unsigned base, slot_value *out)
{
    uint64_t x = 0;
    size_t i;
    for (i = 0; i < len; i++)
        if (radix_digit(s[i], base) < 0)
            return PLAIN_STR;
    for (i = 0; i < len; i++) {
        unsigned d = (unsigned)radix_digit(s[i], base);
        if (x > (UINT64_MAX - d) / base)
            return PLAIN_RANGE;
        x = x * base + d;
    }
    if (out)
        *out = x <= INT64_MAX ? slot_int((int64_t)x) : slot_uint(x);
    return PLAIN_INT;
}

/* [-+]?[0-9]+ as an integer of either kind. */
static plain_type read_decimal(const char *s, size_t len, slot_value *out)
{
    bool neg = s[0] == '-';
    size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    uint64_t x = 0;
    bool over = false;
    for (; i < len; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (!over && x > (UINT64_MAX - d) / 10)
            over = true;
        x = x * 10 + d;
    }
    if (over || (neg && x > (uint64_t)INT64_MAX + 1))
        return PLAIN_RANGE;
    if (out) {
        if (neg)
            *out = slot_int(x == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)x);
        else
            *out = x <= INT64_MAX ? slot_int((int64_t)x) : slot_uint(x);
    }
    return PLAIN_INT;
}

/* The digits of a float: at most 19 significant ones go into M, the
 * decimal point and the exponent into E; *EXACT is false when digits were
 * dropped or the exponent is out of all proportion. */
typedef struct decimal {
    uint64_t m;
    long e;
    bool exact;
} decimal;

/* Whether S[0..LEN) is a float of the schema's form; fills D. */
static bool scan_float(const char *s, size_t len, decimal *d)
{
    size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    size_t digits = 0, kept = 0;
    long ex = 0;
    d->m = 0;
    d->e = 0;
    d->exact = true;
    for (; i < len && is_digit(s[i]); i++, digits++) {
        if (kept < 19 && (kept > 0 || s[i] != '0')) {
            d->m = d->m * 10 + (uint64_t)(s[i] - '0');
            kept++;
        } else if (kept >= 19) {
            d->e++;
            d->exact = d->exact && s[i] == '0';
        }
    }
    if (i < len && s[i] == '.') {
        for (i++; i < len && is_digit(s[i]); i++, digits++) {
            if (kept < 19 && (kept > 0 || s[i] != '0')) {
                d->m = d->m * 10 + (uint64_t)(s[i] - '0');
                kept++;
                d->e--;
            } else if (kept >= 19) {
                d->exact = d->exact && s[i] == '0';
            } else {
                d->e--; /* a leading zero after the point */
            }
        }
    }
    if (digits == 0)
        return false;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        bool neg;
        size_t start;
        i++;
        neg = i < len && s[i] == '-';
        if (i < len && (s[i] == '-' || s[i] == '+'))
            i++;
        start = i;
        for (; i < len && is_digit(s[i]); i++)
            if (ex < 100000)
                ex = ex * 10 + (s[i] - '0');
        if (i == start)
            return false;
        d->e += neg ? -ex : ex;
    }
    return i == len;
}

/* The fast path needs each operation rounded once, in its own type. */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define FAST_FLOATS 1
#else
#define FAST_FLOATS 0
#endif

static const double pow10_f64[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
static const float pow10_f32[] = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f,
                                  1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

/* The value of a float TEXT that scan_float accepted into D, or false
 * when the number is finite but no double holds it (1e400). */
static bool float_value(const char *text, const decimal *d, bool f32, slot_value *out)
{
    bool neg = text[0] == '-';
    double x;
    if (f32) {
        float f;
        if (FAST_FLOATS && d->exact && d->m < (UINT64_C(1) << 24) && d->e >= -10 && d->e <= 10) {
            f = (float)d->m;
            f = d->e < 0 ? f / pow10_f32[-d->e] : f * pow10_f32[d->e];
            *out = slot_float(neg ? -(double)f : (double)f);
            return true;
        }
        /* A float32 rounds the decimal once.  Past FLT_MAX, strtof gives
         * infinity where the double is still finite: the setter must see
         * that double, and refuse it, as slot_setattr would. */
        f = strtof(text, NULL);
        if (isfinite(f)) {
            *out = slot_float((double)f);
            return true;
        }
    } else if (FAST_FLOATS && d->exact && d->m < (UINT64_C(1) << 53) && d->e >= -22 && d->e <= 22) {
        x = (double)d->m;
        x = d->e < 0 ? x / pow10_f64[-d->e] : x * pow10_f64[d->e];
        *out = slot_float(neg ? -x : x);
        return true;
    }
    x = strtod(text, NULL);
    *out = slot_float(x);
    return !isinf(x);
}

/* .inf, -.inf, +.inf and .nan in their three spellings. */
static plain_type read_special(const char *s, size_t len, slot_value *out)
{
    bool sign = s[0] == '-' || s[0] == '+';
    if (spelled(s + sign, len - sign, inf_words)) {
        if (out)
            *out = slot_float(s[0] == '-' ? -HUGE_VAL : HUGE_VAL);
        return PLAIN_FLOAT;
    }
    if (!sign && spelled(s, len, nan_words)) {
        if (out)
            *out = slot_float(NAN);
        return PLAIN_FLOAT;
    }
    return PLAIN_STR;
}

bool io_plain_null(const char *text, size_t len)
{
    return len == 0 || (len == 1 && text[0] == '~') ||
           ((text[0] == 'n' || text[0] == 'N') && spelled(text, len, null_words));
}

plain_type io_plain(const char *text, size_t len, bool f32, slot_value *out)
{
    size_t i, start;
    decimal d;
    char c;
    if (io_plain_null(text, len))
        return PLAIN_NULL;
    c = text[0];
    if (c == 't' || c == 'T' || c == 'f' || c == 'F') {
        bool t = spelled(text, len, true_words);
        if (!t && !spelled(text, len, false_words))
            return PLAIN_STR;
        if (out)
            *out = slot_bool(t);
        return PLAIN_BOOL;
    }
    if (!is_digit(c) && c != '-' && c != '+' && c != '.')
        return PLAIN_STR;
    if (len > 2 && c == '0' && text[1] == 'x')
        return read_radix(text + 2, len - 2, 16, out);
    if (len > 2 && c == '0' && text[1] == 'o')
        return read_radix(text + 2, len - 2, 8, out);
    start = (c == '-' || c == '+') ? 1 : 0;
    for (i = start; i < len && is_digit(text[i]); i++)
        ;
    if (i == len && i > start)
        return read_decimal(text, len, out);
    if (!scan_float(text, len, &d))
        return read_special(text, len, out);
    if (out && !float_value(text, &d, f32, out))
        return PLAIN_RANGE;
    return PLAIN_FLOAT;
}
