/* dump.c - instances as YAML (block style) or JSON text: slot_dump_text and
 * slot_dump_file.
 *
 * Whatever is written reads back, through slot_load_text, to an equal
 * instance: the set slots in index order, then the dict in insertion
 * order; floats in the shortest text that reads back to the same value
 * (slot_i_float_repr); strings plain only when the core schema would read
 * them back as the same string and no other YAML reader would take them
 * for something else, otherwise double-quoted with escapes for whatever
 * YAML or JSON could not carry as it is.  A value the format cannot carry
 * exactly fails the dump: bytes that are no UTF-8 (SLOT_ETYPE), an
 * infinity or a NaN in JSON (SLOT_ERANGE), an object in a dict
 * (SLOT_ETYPE), a dict key too long for an implicit key in JSON
 * (SLOT_ERANGE; YAML writes it as an explicit key, "? key").  A reference dumps as null, as it
 * loads.
 */
#include <slot/io.h>

#include <inttypes.h>
#include <limits.h>
#include <math.h>

#include "scalar.h"

/* ---- The sink: snprintf-like -------------------------------------------------- */

typedef struct sink {
    char *buf; /* the caller's; NULL when n is 0 */
    size_t n;  /* its size, with the NUL */
    size_t len;
    bool json;
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
    if (o->len + 1 < o->n)
        o->buf[o->len] = c;
    o->len++;
}

static void indent(sink *o, size_t k)
{
    static const char spaces[] = "                                ";
    while (k > 0) {
        size_t step = k < sizeof spaces - 1 ? k : sizeof spaces - 1;
        put(o, spaces, step);
        k -= step;
    }
}

/* ---- Strings -------------------------------------------------------------------- */

/* The code point of the UTF-8 sequence at S (N bytes left) in *CP, and its
 * length; 0 when the bytes are no well-formed UTF-8 (overlong forms,
 * surrogates and values past U+10FFFF included). */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    uint32_t c = s[0], min;
    size_t len, i;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if ((c & 0xE0) == 0xC0) {
        len = 2, c &= 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, c &= 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, c &= 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

/* Whether code point C may stand as it is inside a double-quoted scalar:
 * what libyaml reads as printable and not as a line break (NEL, LS and PS
 * are breaks in YAML 1.1, and would fold into spaces). */
static bool raw_ok(uint32_t c)
{
    if (c < 0x80)
        return c >= 0x20 && c != 0x7F && c != '"' && c != '\\';
    return (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029) ||
           (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) || c >= 0x10000;
}

static void put_escape(sink *o, uint32_t c)
{
    char tmp[12];
    const char *named = NULL;
    switch (c) {
    case '"':
        named = "\\\"";
        break;
    case '\\':
        named = "\\\\";
        break;
    case '\n':
        named = "\\n";
        break;
    case '\t':
        named = "\\t";
        break;
    case '\r':
        named = "\\r";
        break;
    case '\b':
        named = "\\b";
        break;
    case '\f':
        named = "\\f";
        break;
    default:
        break;
    }
    if (named) {
        put_str(o, named);
        return;
    }
    /* \u works in both formats; YAML's \x is shorter for one byte. */
    if (!o->json && c <= 0xFF)
        snprintf(tmp, sizeof tmp, "\\x%02X", (unsigned)c);
    else
        snprintf(tmp, sizeof tmp, "\\u%04X", (unsigned)c);
    put_str(o, tmp);
}

/* S double-quoted and escaped; SLOT_ETYPE when it is no UTF-8. */
static slot_status put_quoted(sink *o, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0, run = 0;
    put_char(o, '"');
    while (i < n) {
        uint32_t c;
        size_t k;
        if (p[i] >= 0x20 && p[i] < 0x7F && p[i] != '"' && p[i] != '\\') {
            i++;
            run++;
            continue;
        }
        put(o, s + i - run, run);
        run = 0;
        k = utf8_next(p + i, n - i, &c);
        if (k == 0)
            return SLOT_ETYPE;
        if (raw_ok(c))
            put(o, s + i, k);
        else
            put_escape(o, c);
        i += k;
    }
    put(o, s + i - run, run);
    put_char(o, '"');
    return SLOT_OK;
}

/* The words YAML 1.1 readers (PyYAML among them) take for bools. */
static bool yaml11_bool(const char *s, size_t n)
{
    static const char *const words[] = {"y",  "Y",  "yes", "Yes", "YES", "n",   "N",   "no",
                                        "No", "NO", "on",  "On",  "ON",  "off", "Off", "OFF"};
    size_t i;
    for (i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0)
            return true;
    return false;
}

static bool plain_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '/' || c == '-' || c == '+' || c == '@' || c == ' ';
}

/* Whether S can be written plain: it starts with a letter, '_' or '/',
 * holds only characters that no YAML context gives a meaning to, ends
 * in no space, and no schema reads it as anything but this string. */
static bool plain_ok(const char *s)
{
    size_t n = strlen(s), i;
    char c = s[0];
    if (n == 0 || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '/'))
        return false;
    for (i = 0; i < n; i++)
        if (!plain_char(s[i]))
            return false;
    return s[n - 1] != ' ' && io_plain(s, n, false, NULL) == PLAIN_STR && !yaml11_bool(s, n);
}

static slot_status put_string(sink *o, const char *s)
{
    if (!s) {
        put_str(o, "null");
        return SLOT_OK;
    }
    if (!o->json && plain_ok(s)) {
        put_str(o, s);
        return SLOT_OK;
    }
    return put_quoted(o, s);
}

/* ---- Scalars -------------------------------------------------------------------- */

static slot_status put_float(sink *o, double x, bool f32)
{
    char tmp[40];
    if (isnan(x) || isinf(x)) {
        if (o->json)
            return SLOT_ERANGE;
        put_str(o, isnan(x) ? ".nan" : x < 0 ? "-.inf" : ".inf");
        return SLOT_OK;
    }
    slot_i_float_repr(tmp, sizeof tmp, x, f32);
    put_str(o, tmp);
    return SLOT_OK;
}

static slot_status put_value(sink *o, slot_value v, bool f32)
{
    char tmp[32];
    switch (v.kind) {
    case SLOT_NONE:
        put_str(o, "null");
        return SLOT_OK;
    case SLOT_BOOL:
        put_str(o, v.as.b ? "true" : "false");
        return SLOT_OK;
    case SLOT_INT:
        snprintf(tmp, sizeof tmp, "%" PRId64, v.as.i);
        put_str(o, tmp);
        return SLOT_OK;
    case SLOT_UINT:
        snprintf(tmp, sizeof tmp, "%" PRIu64, v.as.u);
        put_str(o, tmp);
        return SLOT_OK;
    case SLOT_FLOAT:
        return put_float(o, v.as.f, f32);
    case SLOT_STR:
        return put_string(o, v.as.s);
    case SLOT_OBJ:
        break;
    }
    return SLOT_ETYPE; /* a borrowed object, in a dict: text cannot carry it */
}

/* One element of slot M at P: a number, bool, enum, string or reference. */
static slot_status put_element(sink *o, const slot_member *m, const void *p)
{
    slot_value v = slot_i_read((slot_type)m->type, p);
    if (m->type == SLOT_T_REF) {
        put_str(o, "null");
        return SLOT_OK;
    }
    if (m->type == SLOT_T_ENUM) {
        const slot_enum *e = (const slot_enum *)m->info;
        size_t i;
        for (i = 0; i < e->count; i++)
            if (e->values[i] == v.as.i)
                return put_string(o, e->names[i]);
    }
    return put_value(o, v, m->type == SLOT_T_F32);
}

/* ---- Instances ------------------------------------------------------------------ */

static bool is_set(const slot_member *m, const unsigned char *obj)
{
    return m->pmask == 0 || (obj[m->pbyte] & m->pmask) != 0;
}

static const slot_dict *dict_of(const slot_class *cls, const unsigned char *obj)
{
    const slot_dict *d = NULL;
    if (cls->flags & SLOT_C_DICT)
        memcpy(&d, obj + cls->dict_offset, sizeof d);
    return d;
}

/* Whether OBJ has nothing to write. */
static bool is_empty(const slot_class *cls, const unsigned char *obj)
{
    uint32_t k;
    for (k = 0; k < cls->count; k++)
        if (is_set(&cls->members[k], obj))
            return false;
    return slot_dict_len(dict_of(cls, obj)) == 0;
}

static slot_status yaml_mapping(sink *o, const slot_class *cls, const unsigned char *obj,
                                size_t depth, bool inline_first);

/* A key whose text is longer than this is no implicit key to a YAML
 * reader, which looks at most 1024 characters ahead for the ':' (libyaml
 * among them); bytes count, which are at least as many as characters. */
#define IMPLICIT_KEY_MAX 1024

/* The bytes KEY takes, written as a YAML (or, QUOTED, a JSON) string. */
static size_t key_length(const char *key, bool quoted)
{
    sink count = {NULL, 0, 0, quoted};
    if (quoted)
        put_quoted(&count, key);
    else
        put_string(&count, key);
    return count.len;
}

/* The value of slot M of OBJ after "name:", then the line's end. */
static slot_status yaml_slot(sink *o, const slot_member *m, const unsigned char *obj, size_t depth)
{
    const slot_class *k = m->type == SLOT_T_OBJ ? (const slot_class *)m->info : NULL;
    const unsigned char *p = obj + m->offset;
    slot_status st = SLOT_OK;
    size_t i;
    if (m->count == 0 && k) {
        if (is_empty(k, p)) {
            put_str(o, " {}\n");
            return SLOT_OK;
        }
        put_char(o, '\n');
        return yaml_mapping(o, k, p, depth + 1, false);
    }
    if (m->count == 0) {
        put_char(o, ' ');
        st = put_element(o, m, p);
        put_char(o, '\n');
        return st;
    }
    put_char(o, '\n');
    for (i = 0; i < m->count && st == SLOT_OK; i++, p += m->size) {
        indent(o, 2 * depth + 2);
        put_str(o, "- ");
        if (k && is_empty(k, p)) {
            put_str(o, "{}\n");
        } else if (k) {
            st = yaml_mapping(o, k, p, depth + 2, true);
        } else {
            st = put_element(o, m, p);
            put_char(o, '\n');
        }
    }
    return st;
}

/* The entries of OBJ, which is not empty, one per line at DEPTH; the
 * first without its indentation when INLINE_FIRST (after "- "). */
static slot_status yaml_mapping(sink *o, const slot_class *cls, const unsigned char *obj,
                                size_t depth, bool inline_first)
{
    const slot_dict *d = dict_of(cls, obj);
    bool first = true;
    slot_status st = SLOT_OK;
    const char *key;
    slot_value v;
    size_t pos = 0;
    uint32_t k;
    for (k = 0; k < cls->count && st == SLOT_OK; k++) {
        const slot_member *m = &cls->members[k];
        if (!is_set(m, obj))
            continue;
        if (!(first && inline_first))
            indent(o, 2 * depth);
        first = false;
        put(o, m->name, m->len);
        put_char(o, ':');
        st = yaml_slot(o, m, obj, depth);
    }
    while (st == SLOT_OK && slot_dict_next(d, &pos, &key, &v)) {
        if (!(first && inline_first))
            indent(o, 2 * depth);
        first = false;
        if (key_length(key, false) > IMPLICIT_KEY_MAX) {
            /* An explicit key, which may be of any length. */
            put_str(o, "? ");
            st = put_string(o, key);
            put_char(o, '\n');
            indent(o, 2 * depth);
        } else {
            st = put_string(o, key);
        }
        put_str(o, ": ");
        if (st == SLOT_OK)
            st = put_value(o, v, false);
        put_char(o, '\n');
    }
    return st;
}

static slot_status json_object(sink *o, const slot_class *cls, const unsigned char *obj);

static slot_status json_element(sink *o, const slot_member *m, const unsigned char *p)
{
    if (m->type == SLOT_T_OBJ)
        return json_object(o, (const slot_class *)m->info, p);
    return put_element(o, m, p);
}

static slot_status json_slot(sink *o, const slot_member *m, const unsigned char *obj)
{
    const unsigned char *p = obj + m->offset;
    slot_status st = SLOT_OK;
    size_t i;
    if (m->count == 0)
        return json_element(o, m, p);
    put_char(o, '[');
    for (i = 0; i < m->count && st == SLOT_OK; i++, p += m->size) {
        if (i)
            put_str(o, ", ");
        st = json_element(o, m, p);
    }
    put_char(o, ']');
    return st;
}

static slot_status json_object(sink *o, const slot_class *cls, const unsigned char *obj)
{
    const slot_dict *d = dict_of(cls, obj);
    bool first = true;
    slot_status st = SLOT_OK;
    const char *key;
    slot_value v;
    size_t pos = 0;
    uint32_t k;
    put_char(o, '{');
    for (k = 0; k < cls->count && st == SLOT_OK; k++) {
        const slot_member *m = &cls->members[k];
        if (!is_set(m, obj))
            continue;
        if (!first)
            put_str(o, ", ");
        first = false;
        put_char(o, '"');
        put(o, m->name, m->len);
        put_str(o, "\": ");
        st = json_slot(o, m, obj);
    }
    while (st == SLOT_OK && slot_dict_next(d, &pos, &key, &v)) {
        if (!first)
            put_str(o, ", ");
        first = false;
        /* JSON has no explicit keys: a key that YAML readers would not
         * take is a value this format cannot carry. */
        st = key_length(key, true) > IMPLICIT_KEY_MAX ? SLOT_ERANGE : put_quoted(o, key);
        put_str(o, ": ");
        if (st == SLOT_OK)
            st = put_value(o, v, false);
    }
    put_char(o, '}');
    return st;
}

/* ---- Dumps ------------------------------------------------------------------------ */

int slot_dump_text(const slot_class *cls, const void *obj, char *buf, size_t n,
                   const slot_io_opts *opts)
{
    const unsigned char *p = (const unsigned char *)obj;
    sink o = {n ? buf : NULL, n, 0, opts && opts->format == SLOT_JSON};
    slot_status st;
    if (o.json) {
        st = json_object(&o, cls, p);
        put_char(&o, '\n');
    } else if (is_empty(cls, p)) {
        put_str(&o, "{}\n");
        st = SLOT_OK;
    } else {
        st = yaml_mapping(&o, cls, p, 0, false); /* each line ends in its newline */
    }
    if (n)
        buf[o.len < n ? o.len : n - 1] = '\0';
    if (st != SLOT_OK)
        return -(int)st;
    return o.len > INT_MAX ? -(int)SLOT_ERANGE : (int)o.len;
}

/* Text of up to this many bytes is made on the stack. */
#define DUMP_ON_STACK 4096

slot_status slot_dump_file(const slot_class *cls, const void *obj, FILE *out,
                           const slot_io_opts *opts)
{
    char stack[DUMP_ON_STACK], *text = stack;
    int len = slot_dump_text(cls, obj, stack, sizeof stack, opts);
    slot_status st = SLOT_OK;
    if (len < 0)
        return (slot_status)-len;
    /* Made whole before any byte is written, so that a failure writes
     * nothing. */
    if ((size_t)len >= sizeof stack) {
        text = (char *)slot_malloc((size_t)len + 1);
        if (!text)
            return SLOT_ENOMEM;
        slot_dump_text(cls, obj, text, (size_t)len + 1, opts);
    }
    if (fwrite(text, 1, (size_t)len, out) != (size_t)len)
        st = SLOT_EIO;
    if (text != stack)
        slot_free(text);
    return st;
}
