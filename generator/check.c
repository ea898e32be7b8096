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
 */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "passes.h"

/* ---- A hash table in the arena ------------------------------------------ */

/* Open addressing, linear probing, at most half full.  Keys are C strings
 * or pointers compared by identity; there is no removal. */
typedef struct map_entry {
    const void *key;
    void *val;
} map_entry;

typedef struct map {
    arena *a;
    bool strings;
    map_entry *e;
    size_t cap, len; /* cap is 0 or a power of two */
} map;

static void map_init(map *m, arena *a, bool strings)
{
    memset(m, 0, sizeof *m);
    m->a = a;
    m->strings = strings;
}

static size_t map_hash(const map *m, const void *key)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    if (m->strings) {
        for (const unsigned char *p = key; *p; p++)
            h = (h ^ *p) * 1099511628211u;
    } else {
        h = (uint64_t)(uintptr_t)key;
        h = (h ^ (h >> 29)) * 0x9E3779B97F4A7C15u;
        h ^= h >> 32;
    }
    return (size_t)h;
}

static bool map_same(const map *m, const void *x, const void *y)
{
    return m->strings ? strcmp(x, y) == 0 : x == y;
}

/* The entry holding KEY, or the empty entry where it would go. */
static map_entry *map_find(const map *m, const void *key)
{
    size_t mask = m->cap - 1;
    for (size_t i = map_hash(m, key) & mask;; i = (i + 1) & mask)
        if (!m->e[i].key || map_same(m, m->e[i].key, key))
            return &m->e[i];
}

static void *map_get(const map *m, const void *key)
{
    return m->cap ? map_find(m, key)->val : NULL;
}

/* The old storage is abandoned to the arena. */
static void map_grow(map *m)
{
    map_entry *old = m->e;
    size_t old_cap = m->cap;
    m->cap = old_cap ? old_cap * 2 : 16;
    m->e = ar_alloc(m->a, m->cap * sizeof *m->e);
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *map_find(m, old[i].key) = old[i];
}

/* Inserts or replaces.  VAL must not be NULL: NULL means "absent". */
static void map_put(map *m, const void *key, void *val)
{
    if (2 * (m->len + 1) > m->cap)
        map_grow(m);
    map_entry *e = map_find(m, key);
    if (!e->key)
        m->len++;
    e->key = key;
    e->val = val;
}

/* ---- Tables ---------------------------------------------------------------- */

/* Names that cannot be a struct member or an identifier of the generated
 * code.  Reserved spellings (_Bool, __STDC__...) are rejected by the
 * underscore rule before these lists are consulted. */

/* clang-format off */
/* C11, then C23 (whose new keywords were macros of <stdbool.h>,
 * <stdalign.h> and <assert.h> before). */
static const char *const c_keywords[] = {
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
    "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
    "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
    "union", "unsigned", "void", "volatile", "while", "alignas", "alignof", "bool", "constexpr",
    "false", "nullptr", "static_assert", "thread_local", "true", "typeof", "typeof_unqual",
};

/* C++20 keywords that C lacks, the alternative tokens included. */
static const char *const cxx_keywords[] = {
    "and", "and_eq", "asm", "bitand", "bitor", "catch", "char8_t", "char16_t", "char32_t", "class",
    "co_await", "co_return", "co_yield", "compl", "concept", "const_cast", "consteval",
    "constinit", "decltype", "delete", "dynamic_cast", "explicit", "export", "friend", "mutable",
    "namespace", "new", "noexcept", "not", "not_eq", "operator", "or", "or_eq", "private",
    "protected", "public", "reinterpret_cast", "requires", "static_cast", "template", "this",
    "throw", "try", "typeid", "typename", "using", "virtual", "wchar_t", "xor", "xor_eq",
};

/* Macros of the headers that the generated code and its users include:
 * <stddef.h> <errno.h> <assert.h> <setjmp.h> <stdarg.h> <stdio.h> <stdlib.h>
 * <limits.h> <stdint.h> <math.h>; NDEBUG is commonly defined empty. */
static const char *const libc_macros[] = {
    "NULL", "offsetof", "errno", "EDOM", "ERANGE", "EILSEQ", "assert", "NDEBUG", "setjmp",
    "va_start", "va_arg", "va_end", "va_copy", "EOF", "BUFSIZ", "FILENAME_MAX", "FOPEN_MAX",
    "L_tmpnam", "TMP_MAX", "SEEK_SET", "SEEK_CUR", "SEEK_END", "stdin", "stdout", "stderr",
    "EXIT_SUCCESS", "EXIT_FAILURE", "RAND_MAX", "MB_CUR_MAX", "CHAR_BIT", "SCHAR_MIN", "SCHAR_MAX",
    "UCHAR_MAX", "CHAR_MIN", "CHAR_MAX", "MB_LEN_MAX", "SHRT_MIN", "SHRT_MAX", "USHRT_MAX",
    "INT_MIN", "INT_MAX", "UINT_MAX", "LONG_MIN", "LONG_MAX", "ULONG_MAX", "LLONG_MIN",
    "LLONG_MAX", "ULLONG_MAX", "INT8_MIN", "INT16_MIN", "INT32_MIN", "INT64_MIN", "INT8_MAX",
    "INT16_MAX", "INT32_MAX", "INT64_MAX", "UINT8_MAX", "UINT16_MAX", "UINT32_MAX", "UINT64_MAX",
    "INTPTR_MIN", "INTPTR_MAX", "UINTPTR_MAX", "INTMAX_MIN", "INTMAX_MAX", "UINTMAX_MAX",
    "PTRDIFF_MIN", "PTRDIFF_MAX", "SIZE_MAX", "SIG_ATOMIC_MIN", "SIG_ATOMIC_MAX", "WCHAR_MIN",
    "WCHAR_MAX", "WINT_MIN", "WINT_MAX", "INT8_C", "INT16_C", "INT32_C", "INT64_C", "UINT8_C",
    "UINT16_C", "UINT32_C", "UINT64_C", "INTMAX_C", "UINTMAX_C", "HUGE_VAL", "HUGE_VALF",
    "HUGE_VALL", "INFINITY", "NAN",
};

/* Predefined by GCC and Clang in their GNU modes (-std=gnu11, the default). */
static const char *const compiler_macros[] = {
    "unix", "linux", "i386", "sun", "sparc", "mips", "vax",
};
/* clang-format on */

#define COUNT(a) (sizeof(a) / sizeof *(a))

static const struct word_list {
    const char *const *words;
    size_t n;
    const char *what; /* "'x' is a C keyword" */
} word_lists[] = {
    {c_keywords, COUNT(c_keywords), "is a C keyword"},
    {cxx_keywords, COUNT(cxx_keywords), "is a C++ keyword"},
    {libc_macros, COUNT(libc_macros), "is a macro of the C library"},
    {compiler_macros, COUNT(compiler_macros), "is a macro predefined by common compilers"},
};

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

static const struct builtin *find_builtin(const char *name)
{
    for (size_t i = 0; i < COUNT(builtins); i++)
        if (strcmp(builtins[i].name, name) == 0)
            return &builtins[i];
    return NULL;
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

/* ---- The checker's state -------------------------------------------------- */

/* What check keeps per class, beside the model. */
typedef struct cinfo {
    map slots, attrs;  /* own slot_def* / attr_def* by name */
    int ext;           /* extends walk: 0 new, 1 on the current path, 2 done */
    int emb;           /* embedding search: 0 new, 1 on the stack, 2 done */
    bool inherited;    /* has_dict/has_weakref set and base rules checked */
    ptrvec dependents; /* classes of the same schema that must come after */
    size_t indeg;      /* dependencies not yet placed */
} cinfo;

/* A name visible in the schema being checked. */
typedef struct sym {
    class_def *cls;
    enum_def *en;
    loc at;
    schema *from;      /* the defining schema */
    struct sym *other; /* another direct import defining the same name */
} sym;

typedef struct ck {
    arena *a;
    diag *d;
    map words;       /* every word of word_lists -> its word_list */
    map errors;      /* "file:line:col" of every error reported */
    map classes;     /* class_def* -> cinfo* */
    ptrvec stack;    /* schemas whose imports are being checked */
    size_t nclasses; /* in the whole model: bounds every search stack */
    /* The schema being checked and what it sees. */
    schema *s;
    map names;          /* name -> sym*: own names and direct imports' names */
    map used;           /* imported schema* -> non-NULL once a name of it is used */
    ptrvec type_cands;  /* builtins and visible names, for hints */
    ptrvec class_cands; /* visible class names, for hints */
} ck;

static const char *loc_key(ck *c, loc at)
{
    return ar_printf(c->a, "%s:%u:%u", at.file ? at.file : "", at.line, at.col);
}

static bool has_error(ck *c, loc at)
{
    return at.line && c->errors.len && map_get(&c->errors, loc_key(c, at));
}

/* Reports an error unless AT already has one; returns whether it did, so
 * that the caller attaches its notes only to a message that was printed. */
static bool err(ck *c, loc at, const char *fmt, ...) DIAG_PRINTF(3, 4);
static bool err(ck *c, loc at, const char *fmt, ...)
{
    if (at.line) {
        const char *key = loc_key(c, at);
        if (map_get(&c->errors, key))
            return false;
        map_put(&c->errors, key, (void *)key);
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = ar_vprintf(c->a, fmt, ap);
    va_end(ap);
    diag_error(c->d, at, "%s", msg);
    return true;
}

static void hint(ck *c, loc at, const char *word, const ptrvec *cands)
{
    diag_hint(c->d, at, word, (const char *const *)cands->items, cands->len);
}

static cinfo *info(ck *c, const class_def *k)
{
    cinfo *ci = map_get(&c->classes, k);
    if (ci)
        return ci;
    ci = ar_alloc(c->a, sizeof *ci);
    map_init(&ci->slots, c->a, true);
    map_init(&ci->attrs, c->a, true);
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
    map_put(&c->classes, k, ci);
    return ci;
}

/* ---- Names ----------------------------------------------------------------- */

static bool is_alpha(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static bool is_ident(const char *s)
{
    if (!is_alpha(s[0]))
        return false;
    for (const char *p = s + 1; *p; p++)
        if (!is_alpha(*p) && !is_digit(*p))
            return false;
    return true;
}

/* The rules every name shares: a C identifier that no C or C++ compiler,
 * no standard header and no slotc-added member can trip over.  The
 * underscore rule also keeps '__' out of every generated identifier, since
 * those are the names joined with single underscores. */
static bool check_name(ck *c, const char *name, loc at)
{
    if (!name)
        return false;
    size_t len = strlen(name);
    if (!is_ident(name))
        return !err(c, at, "'%s' is not a valid C identifier", name);
    if (strncmp(name, "_slot", 5) == 0)
        return !err(c, at, "'%s': names starting with '_slot' are reserved by slotc", name);
    if (name[0] == '_' || name[len - 1] == '_' || strstr(name, "__"))
        return !err(c, at, "'%s' is reserved: names may not start or end with '_' or contain '__'",
                    name);
    const struct word_list *w = map_get(&c->words, name);
    if (w)
        return !err(c, at, "'%s' %s", name, w->what);
    return true;
}

/* Class and enum names are also type names: a built-in one would be ambiguous. */
static void check_type_name(ck *c, const char *name, loc at)
{
    if (check_name(c, name, at) && find_builtin(name))
        err(c, at, "'%s' is a built-in type", name);
}

/* 'slot' and 'slot_...' prefixes are the runtime's: schema 'slot_weakref'
 * with a class 'new' would declare the runtime's slot_weakref_new. */
static void check_schema_name(ck *c, schema *s)
{
    const char *n = s->name;
    if (!n)
        return;
    bool ok = n[0] >= 'a' && n[0] <= 'z';
    for (const char *p = n; ok && *p; p++)
        ok = (*p >= 'a' && *p <= 'z') || is_digit(*p) || *p == '_';
    if (!ok)
        err(c, s->name_at, "schema name '%s' must match [a-z][a-z0-9_]*", n);
    else if (strcmp(n, "slot") == 0 || strncmp(n, "slot_", 5) == 0)
        err(c, s->name_at,
            "schema name '%s' is reserved: 'slot_' is the prefix of the slotc runtime", n);
    else
        check_name(c, n, s->name_at);
}

/* ---- Visible names ---------------------------------------------------------- */

static bool loc_before(loc x, loc y)
{
    return x.line < y.line || (x.line == y.line && x.col < y.col);
}

static void redefined(ck *c, const char *name, loc later, loc first)
{
    if (err(c, later, "'%s' is already defined", name))
        diag_note(c->d, first, "previous definition of '%s' is here", name);
}

static void declare(ck *c, const char *name, class_def *cls, enum_def *en, loc at, schema *from)
{
    if (!name)
        return;
    sym *y = ar_alloc(c->a, sizeof *y);
    y->cls = cls;
    y->en = en;
    y->at = at;
    y->from = from;
    sym *old = map_get(&c->names, name);
    if (!old) {
        map_put(&c->names, name, y);
        pv_push(c->a, &c->type_cands, (void *)name);
        if (cls)
            pv_push(c->a, &c->class_cands, (void *)name);
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
    map_init(&c->names, c->a, true);
    map_init(&c->used, c->a, false);
    memset(&c->type_cands, 0, sizeof c->type_cands);
    memset(&c->class_cands, 0, sizeof c->class_cands);
    for (size_t i = 0; i < COUNT(builtins); i++)
        pv_push(c->a, &c->type_cands, (void *)builtins[i].name);
    map seen;
    map_init(&seen, c->a, false);
    for (size_t i = 0; i < s->imports.len; i++) {
        import_def *imp = PV_AT(s->imports, i);
        if (!imp->target || imp->target == s || map_get(&seen, imp->target))
            continue;
        map_put(&seen, imp->target, imp);
        declare_schema(c, imp->target);
    }
    for (size_t i = 0; i < s->enums.len; i++) {
        enum_def *e = PV_AT(s->enums, i);
        check_type_name(c, e->name, e->at);
    }
    for (size_t i = 0; i < s->classes.len; i++) {
        class_def *k = PV_AT(s->classes, i);
        check_type_name(c, k->name, k->at);
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
        err(c, at, "'%s' is ambiguous: both '%s' and '%s' define it", name, y->from->path,
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

/* Whether T was written with [N] after its base type: load sets is_array
 * so that T[0] can be told from T. */
static bool is_array(const type_expr *t)
{
    return t->is_array || t->array_len > 0;
}

static const char *type_text(const type_expr *t)
{
    return t->text ? t->text : t->name;
}

static void resolve_builtin(ck *c, type_expr *t, ty_kind kind)
{
    if (t->is_ref)
        err(c, t->at, "'%s': only a class can be referenced", type_text(t));
    else if (kind == TY_STRING && is_array(t))
        err(c, t->at, "arrays of string are not supported; use str[N][M]");
    else if (kind == TY_STR && t->str_len == 0)
        err(c, t->at, "string length must be at least 1");
    else if (is_array(t) && t->array_len == 0)
        err(c, t->at, "array size must be at least 1");
    else
        t->kind = kind;
}

static void resolve_named(ck *c, type_expr *t)
{
    sym *y;
    if (!lookup(c, t->name, t->at, &y))
        return;
    if (!y) {
        if (err(c, t->at, "unknown type '%s'", t->name))
            hint(c, t->at, t->name, &c->type_cands);
    } else if (y->en && t->is_ref) {
        err(c, t->at, "'%s': only a class can be referenced", type_text(t));
    } else if (is_array(t) && t->array_len == 0) {
        err(c, t->at, "array size must be at least 1");
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
    const struct builtin *b = find_builtin(t->name);
    if (b)
        resolve_builtin(c, t, b->kind);
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
        if (err(c, k->extends_at, "unknown class '%s'", k->extends))
            hint(c, k->extends_at, k->extends, &c->class_cands);
    } else if (y->en) {
        err(c, k->extends_at, "'%s' is an enum; only a class can be extended", k->extends);
    } else {
        k->base = y->cls;
    }
}

/* ---- Scalars into constants ------------------------------------------------ */

/* What is being converted, for messages: WORD starts "default 300 is out of
 * range", WHAT starts "default of slot 'x' must be a number". */
typedef struct subject {
    const char *word, *what;
} subject;

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
        return !err(c, v->at, "%s must be a number, got a string", sub.what);
    int r = parse_int(v->text, v->len, &neg, &mag);
    if (r == INT_SYNTAX)
        return !err(c, v->at, "%s must be an integer, got '%s'", sub.what, v->text);
    if (r == INT_OVERFLOW || !int_fits(k, neg, mag)) {
        int64_t lo;
        uint64_t hi;
        int_range(k, &lo, &hi);
        return !err(c, v->at, "%s %s is out of range for %s (%" PRId64 "..%" PRIu64 ")", sub.word,
                    v->text, kind_name(k), lo, hi);
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
        return !err(c, v->at, "%s must be a number, got a string", sub.what);
    if (plain_text(v) && parse_special(v->text, &f)) {
        /* as written */
    } else if (parse_int(v->text, v->len, &neg, &mag) == INT_OK) {
        f = neg ? -(double)mag : (double)mag;
    } else if (float_syntax(v->text, v->len)) {
        f = strtod(ar_strndup(c->a, v->text, v->len), NULL);
        double limit = k == TY_F32 ? FLT_MAX : DBL_MAX;
        if (fabs(f) > limit)
            return !err(c, v->at, "%s %s is out of range for %s (%.9g..%.9g)", sub.word, v->text,
                        kind_name(k), -limit, limit);
    } else {
        return !err(c, v->at, "%s must be a number, got '%s'", sub.what, v->text);
    }
    out->f = f;
    return out->set = true;
}

static bool convert_bool(ck *c, const scalar *v, subject sub, constant *out)
{
    static const char *const yes[] = {"true", "True", "TRUE"};
    static const char *const no[] = {"false", "False", "FALSE"};
    if (v->quoted)
        return !err(c, v->at, "%s must be true or false, got a string", sub.what);
    for (size_t i = 0; plain_text(v) && i < COUNT(yes); i++) {
        if (strcmp(v->text, yes[i]) == 0 || strcmp(v->text, no[i]) == 0) {
            out->i = v->text[0] == 't' || v->text[0] == 'T';
            return out->set = true;
        }
    }
    return !err(c, v->at, "%s must be true or false, got '%s'", sub.what, v->text);
}

/* Any scalar is a string, quoted or not.  LIMIT is N of str[N]; 0: none. */
static bool convert_str(ck *c, const scalar *v, uint64_t limit, subject sub, constant *out)
{
    if (memchr(v->text, '\0', v->len))
        return !err(c, v->at, "%s holds a NUL byte, which a C string cannot", sub.what);
    if (limit && v->len > limit)
        return !err(c, v->at, "%s is %zu bytes; str[%" PRIu64 "] holds at most %" PRIu64, sub.word,
                    v->len, limit, limit);
    out->s = v->text;
    out->s_len = v->len;
    return out->set = true;
}

static bool convert_enum(ck *c, const enum_def *e, const scalar *v, constant *out)
{
    ptrvec names = {0};
    for (size_t i = 0; i < e->values.len; i++) {
        const enum_value *ev = PV_AT(e->values, i);
        if (!ev->name)
            continue;
        if (strlen(ev->name) == v->len && memcmp(ev->name, v->text, v->len) == 0) {
            out->i = ev->value;
            out->member = i;
            return out->set = true;
        }
        pv_push(c->a, &names, (void *)ev->name);
    }
    if (err(c, v->at, "'%s' is not a member of enum '%s'", v->text, e->name))
        hint(c, v->at, v->text, &names);
    return false;
}

/* Converts V for a scalar type T (no array, class or reference). */
static bool convert(ck *c, const type_expr *t, const scalar *v, subject sub, constant *out)
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

/* ---- Slots and attributes -------------------------------------------------- */

static subject slot_subject(ck *c, const slot_def *f, const char *word)
{
    subject sub = {word, ar_printf(c->a, "%s of slot '%s'", word, f->name)};
    return sub;
}

static void check_default(ck *c, slot_def *f)
{
    const type_expr *t = &f->type;
    if (!f->dflt)
        return;
    if (is_array(t))
        err(c, f->dflt->at, "a default is not allowed for an array slot");
    else if (t->kind == TY_CLASS)
        err(c, f->dflt->at, "a default is not allowed for an embedded class slot");
    else if (t->kind == TY_REF)
        err(c, f->dflt->at, "a default is not allowed for a reference slot");
    else
        convert(c, t, f->dflt, slot_subject(c, f, "default"), &f->dflt_val);
}

static void check_bound(ck *c, slot_def *f, scalar *v, const char *word, constant *out)
{
    const type_expr *t = &f->type;
    if (!v)
        return;
    if (!TY_IS_NUMBER(t->kind))
        err(c, v->at, "%s applies only to number slots", word);
    else if (is_array(t))
        err(c, v->at, "%s applies only to number slots, and '%s' is an array", word, type_text(t));
    else if (convert(c, t, v, slot_subject(c, f, word), out) && isnan(out->f)) {
        out->set = false;
        err(c, v->at, "%s of slot '%s' cannot be .nan", word, f->name);
    }
}

/* min <= max, and the default within them. */
static void check_range(ck *c, slot_def *f)
{
    ty_kind k = f->type.kind;
    const constant *lo = &f->min_val, *hi = &f->max_val, *d = &f->dflt_val;
    if (lo->set && hi->set && compare(k, lo, hi) > 0) {
        err(c, f->min->at, "min %s is greater than max %s", f->min->text, f->max->text);
        return;
    }
    if (!d->set || !TY_IS_NUMBER(k))
        return;
    if ((lo->set || hi->set) && isnan(d->f))
        err(c, f->dflt->at, "default %s is outside min..max", f->dflt->text);
    else if (lo->set && compare(k, d, lo) < 0)
        err(c, f->dflt->at, "default %s is below min %s", f->dflt->text, f->min->text);
    else if (hi->set && compare(k, d, hi) > 0)
        err(c, f->dflt->at, "default %s is above max %s", f->dflt->text, f->max->text);
}

static void check_slot(ck *c, slot_def *f)
{
    check_name(c, f->name, f->at);
    resolve_type(c, &f->type);
    if (f->type.kind == TY_NONE)
        return; /* the type's error covers its default and bounds */
    check_default(c, f);
    check_bound(c, f, f->min, "min", &f->min_val);
    check_bound(c, f, f->max, "max", &f->max_val);
    check_range(c, f);
}

static void check_attr(ck *c, attr_def *t)
{
    check_name(c, t->name, t->at);
    resolve_type(c, &t->type);
    ty_kind k = t->type.kind;
    if (k == TY_NONE)
        return;
    if (is_array(&t->type) || k == TY_CLASS || k == TY_REF) {
        err(c, t->type.at,
            "class attribute '%s' must have a number, bool, str[N], string or enum type", t->name);
        return;
    }
    if (t->value) {
        subject sub = {"value", ar_printf(c->a, "value of class attribute '%s'", t->name)};
        convert(c, &t->type, t->value, sub, &t->val);
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
    map_init(&members, c->a, true);
    if (e->values.len == 0 && !e->incomplete) /* load reported why */
        err(c, e->at, "enum '%s' has no members", e->name);
    for (size_t i = 0; i < e->values.len; i++) {
        enum_value *v = PV_AT(e->values, i);
        const enum_value *first = v->name ? map_get(&members, v->name) : NULL;
        if (!check_name(c, v->name, v->at))
            continue;
        if (first) {
            if (err(c, v->at, "'%s' is already a member of enum '%s'", v->name, e->name))
                diag_note(c->d, first->at, "previous definition of '%s' is here", v->name);
            continue;
        }
        map_put(&members, v->name, v);
        if (v->value < INT32_MIN || v->value > INT32_MAX)
            err(c, v->at, "enum value %" PRId64 " does not fit in 32 bits", v->value);
    }
}

/* ---- Inheritance ----------------------------------------------------------- */

static void report_extends_cycle(ck *c, const ptrvec *path, class_def *start)
{
    size_t i = 0;
    while (PV_AT(*path, i) != start)
        i++;
    if (i + 1 == path->len) {
        err(c, start->extends_at, "'%s' extends itself", start->name);
    } else {
        strbuf chain;
        sb_init(&chain, c->a);
        for (size_t j = i + 1; j < path->len; j++)
            sb_printf(&chain, "'%s' -> ", ((class_def *)PV_AT(*path, j))->name);
        sb_printf(&chain, "'%s'", start->name);
        err(c, start->extends_at, "'%s' extends itself through %s", start->name, chain.data);
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
        while (p && info(c, p)->ext == 0) {
            info(c, p)->ext = 1;
            pv_push(c->a, &path, p);
            p = p->base;
        }
        if (p && info(c, p)->ext == 1)
            report_extends_cycle(c, &path, p);
        for (size_t j = 0; j < path.len; j++)
            info(c, PV_AT(path, j))->ext = 2;
    }
}

/* The slot NAME of K or of its nearest base that has one, and that class. */
static slot_def *find_slot_up(ck *c, const class_def *k, const char *name, const class_def **owner)
{
    for (; k; k = k->base) {
        slot_def *f = map_get(&info(c, k)->slots, name);
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
        attr_def *t = map_get(&info(c, k)->attrs, name);
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
        err(c, f->at, "slot '%s' is already declared by base class '%s'", f->name, owner->name))
        diag_note(c->d, old->at, "'%s' is declared here", f->name);
    if (t && err(c, f->at, "slot '%s' conflicts with a class attribute of a base class", f->name))
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
        if (err(c, t->at, "class attribute '%s' conflicts with slot '%s'", t->name, f->name))
            diag_note(c->d, f->at, "slot '%s' is declared here", f->name);
    } else if (old && !same_type(&t->type, &old->type)) {
        if (err(c, t->type.at,
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
        err(c, t->at, "a packed class cannot hold a slot of type '%s'; use layout: compact",
            type_text(t));
    else if (is_array(t) && !one_byte && t->kind != TY_NONE)
        err(c, t->at,
            "a packed class can hold arrays of 1-byte types only (bool, i8, u8, str[N]), "
            "not '%s'",
            type_text(t));
}

static void check_packed(ck *c, const class_def *k)
{
    if (k->layout != LAYOUT_PACKED)
        return;
    if (k->base && k->base->layout != LAYOUT_PACKED)
        err(c, k->extends_at, "a packed class cannot extend '%s', which is not packed",
            k->base->name);
    if (k->dict || k->dynamic || k->weakref ||
        (k->base && (k->base->has_dict || k->base->has_weakref)))
        err(c, k->at, "a packed class cannot have a dict or weak references");
    for (size_t i = 0; i < k->slots.len; i++)
        check_packed_slot(c, PV_AT(k->slots, i));
}

static void inherit_one(ck *c, class_def *k)
{
    const class_def *b = k->base;
    info(c, k)->inherited = true;
    k->has_dict = k->dict || k->dynamic || (b && b->has_dict);
    k->has_weakref = k->weakref || (b && b->has_weakref);
    if (k->dynamic && k->slots.len) {
        const slot_def *f = PV_AT(k->slots, 0);
        err(c, f->at, "a dynamic class has no slots; use dict: true to have both");
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
    for (; k && !info(c, k)->inherited; k = k->base)
        pv_push(c->a, &chain, k);
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
    err(c, f->type.at, "'%s' embeds itself by value: %s; use '%s*'", first->k->name, chain.data,
        f->type.cls->name);
}

/* Depth-first search with an explicit stack; a class met again while on
 * the stack closes a cycle. */
static void search_embedding(ck *c, class_def *root, frame *fr)
{
    size_t top = 0;
    fr[top++] = (frame){root, 0};
    info(c, root)->emb = 1;
    while (top) {
        frame *f = &fr[top - 1];
        if (f->next > f->k->slots.len) {
            info(c, f->k)->emb = 2;
            top--;
            continue;
        }
        class_def *t = edge_target(f->k, f->next++);
        if (!t)
            continue;
        cinfo *ti = info(c, t);
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
    frame *fr = ar_alloc(c->a, (c->nclasses + 1) * sizeof *fr);
    for (size_t i = 0; i < s->classes.len; i++) {
        class_def *k = PV_AT(s->classes, i);
        if (info(c, k)->emb == 0)
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
        info(c, k)->indeg = 0;
        memset(&info(c, k)->dependents, 0, sizeof(ptrvec));
    }
    for (size_t i = 0; i < s->classes.len; i++) {
        class_def *k = PV_AT(s->classes, i);
        for (size_t e = 0; e <= k->slots.len; e++) {
            class_def *t = edge_target(k, e);
            if (t && t->schema == s) {
                pv_push(c->a, &info(c, t)->dependents, k);
                info(c, k)->indeg++;
            }
        }
    }
}

/* Kahn's algorithm; what a cycle (already reported) leaves unplaced follows
 * in declared order. */
static void sort_classes(ck *c, schema *s)
{
    size_t n = s->classes.len;
    heap h = {ar_alloc(c->a, (n + 1) * sizeof(size_t)), 0};
    link_dependencies(c, s);
    memset(&s->sorted, 0, sizeof s->sorted);
    for (size_t i = 0; i < n; i++)
        if (info(c, PV_AT(s->classes, i))->indeg == 0)
            heap_push(&h, i);
    while (h.len) {
        class_def *k = PV_AT(s->classes, heap_pop(&h));
        pv_push(c->a, &s->sorted, k);
        ptrvec *dep = &info(c, k)->dependents;
        for (size_t j = 0; j < dep->len; j++) {
            class_def *d = PV_AT(*dep, j);
            if (--info(c, d)->indeg == 0)
                heap_push(&h, d->order);
        }
    }
    for (size_t i = 0; i < n && s->sorted.len < n; i++)
        if (info(c, PV_AT(s->classes, i))->indeg > 0)
            pv_push(c->a, &s->sorted, PV_AT(s->classes, i));
    for (size_t i = 0; i < n; i++)
        ((class_def *)PV_AT(s->sorted, i))->order = i;
}

/* ---- Generated identifiers -------------------------------------------------- */

typedef struct origin {
    loc at;
    const schema *s;
} origin;

typedef struct idents {
    ck *c;
    map seen;           /* identifier -> origin* */
    const schema *from; /* the schema whose names are being added */
} idents;

static bool loc_eq(loc x, loc y)
{
    return x.line == y.line && x.col == y.col &&
           (x.file == y.file || (x.file && y.file && strcmp(x.file, y.file) == 0));
}

static const char *describe_in_class(ck *c, const class_def *k, loc at)
{
    if (loc_eq(k->at, at))
        return ar_printf(c->a, "class '%s'", k->name);
    for (size_t i = 0; i < k->slots.len; i++) {
        const slot_def *f = PV_AT(k->slots, i);
        if (loc_eq(f->at, at))
            return ar_printf(c->a, "slot '%s.%s'", k->name, f->name);
    }
    for (size_t i = 0; i < k->attrs.len; i++) {
        const attr_def *t = PV_AT(k->attrs, i);
        if (loc_eq(t->at, at))
            return ar_printf(c->a, "class attribute '%s.%s'", k->name, t->name);
    }
    return NULL;
}

static const char *describe_in_enum(ck *c, const enum_def *e, loc at)
{
    if (loc_eq(e->at, at))
        return ar_printf(c->a, "enum '%s'", e->name);
    for (size_t i = 0; i < e->values.len; i++) {
        const enum_value *v = PV_AT(e->values, i);
        if (loc_eq(v->at, at))
            return ar_printf(c->a, "member '%s.%s'", e->name, v->name);
    }
    return NULL;
}

/* The schema node at AT, in words, for a collision message.  A linear
 * search, but only ever for a collision. */
static const char *describe(ck *c, const schema *s, loc at)
{
    const char *d = NULL;
    for (size_t i = 0; !d && i < s->enums.len; i++)
        d = describe_in_enum(c, PV_AT(s->enums, i), at);
    for (size_t i = 0; !d && i < s->classes.len; i++)
        d = describe_in_class(c, PV_AT(s->classes, i), at);
    if (!d && loc_eq(s->name_at, at))
        return ar_printf(c->a, "the include guard of '%s'", s->path ? s->path : s->name);
    if (!d)
        d = "a name";
    if (s != c->s)
        d = ar_printf(c->a, "%s of schema '%s'", d, s->name);
    return d;
}

static void add_ident(void *ctx, const char *ident, loc at)
{
    idents *x = ctx;
    ck *c = x->c;
    if (has_error(c, at))
        return; /* a node in error generates nothing */
    origin *old = map_get(&x->seen, ident);
    if (!old) {
        origin *o = ar_alloc(c->a, sizeof *o);
        o->at = at;
        o->s = x->from;
        map_put(&x->seen, ident, o);
    } else if (!loc_eq(old->at, at) || old->s != x->from) {
        const char *now = describe(c, x->from, at), *before = describe(c, old->s, old->at);
        if (err(c, at, "generated name '%s' of %s collides with the one of %s", ident, now, before))
            diag_note(c->d, old->at, "%s generates '%s' here", before, ident);
    }
}

static void add_schema_idents(idents *x, const schema *t)
{
    x->from = t;
    nm_each(x->c->a, t, add_ident, x);
    if (t->stem)
        add_ident(x, nm_guard(x->c->a, t), t->name_at);
}

/* Every schema whose header the output for S includes, S's own imports
 * transitively, in depth-first order; none twice, S itself excluded. */
static void collect_includes(const schema *t, map *seen, ptrvec *out, arena *a)
{
    for (size_t i = 0; i < t->imports.len; i++) {
        schema *u = ((import_def *)PV_AT(t->imports, i))->target;
        if (!u || map_get(seen, u))
            continue;
        map_put(seen, u, u);
        collect_includes(u, seen, out, a);
        pv_push(a, out, u);
    }
}

/* Headers included together share one C namespace: the schema's own names
 * are added after everything it includes, so that a clash is reported in
 * the schema that brings the two together. */
static void check_collisions(ck *c, schema *s)
{
    map seen;
    ptrvec inc = {0};
    idents x = {c, {0}, NULL};
    if (!s->name)
        return;
    map_init(&seen, c->a, false);
    map_put(&seen, s, s);
    collect_includes(s, &seen, &inc, c->a);
    map_init(&x.seen, c->a, true);
    for (size_t i = 0; i < inc.len; i++) {
        const schema *t = PV_AT(inc, i);
        if (!t->name)
            continue;
        if (strcmp(t->name, s->name) == 0) {
            if (err(c, s->name_at, "schema name '%s' is also the name of '%s', which '%s' includes",
                    s->name, t->path, s->path))
                diag_note(c->d, t->name_at, "'%s' is named here", t->path);
            continue;
        }
        add_schema_idents(&x, t);
    }
    add_schema_idents(&x, s);
}

/* ---- Schemas ----------------------------------------------------------------- */

static void warn_unused_imports(ck *c, schema *s)
{
    for (size_t i = 0; i < s->imports.len; i++) {
        const import_def *imp = PV_AT(s->imports, i);
        if (imp->target && imp->target != s && !map_get(&c->used, imp->target) &&
            !has_error(c, imp->at))
            diag_warning(c->d, imp->at, "unused-import",
                         "'%s' is imported but none of its names are used", imp->path);
    }
}

static void check_contents(ck *c, schema *s)
{
    c->s = s;
    check_schema_name(c, s);
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
    check_collisions(c, s);
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
    err(c, imp->at, "import cycle: %s", chain.data);
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
    pv_push(c->a, &c->stack, s);
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
    c.d = m->d;
    map_init(&c.words, m->a, true);
    for (size_t i = 0; i < COUNT(word_lists); i++)
        for (size_t j = 0; j < word_lists[i].n; j++)
            map_put(&c.words, word_lists[i].words[j], (void *)&word_lists[i]);
    map_init(&c.errors, m->a, true);
    map_init(&c.classes, m->a, false);
    for (size_t i = 0; i < m->schemas.len; i++)
        c.nclasses += ((schema *)PV_AT(m->schemas, i))->classes.len;
    for (size_t i = 0; i < m->schemas.len; i++)
        check_schema(&c, PV_AT(m->schemas, i));
}
