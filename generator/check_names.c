/* check_names.c - the rules on names: C identifiers that no compiler, no
 * standard header and no member slotc adds can trip over, and no two
 * schema names that generate the same C identifier. */
#include "check.h"

#include <string.h>

#include "names.h"

/* ---- Words no name may be ----------------------------------------------------- */

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

void ck_names_init(ck *c)
{
    map_init(&c->words, c->a, true);
    for (size_t i = 0; i < COUNT(word_lists); i++)
        for (size_t j = 0; j < word_lists[i].n; j++)
            map_put(&c->words, word_lists[i].words[j], (void *)&word_lists[i]);
}

/* ---- Names ----------------------------------------------------------------- */

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
bool ck_name(ck *c, const char *name, loc at)
{
    if (!name)
        return false;
    size_t len = strlen(name);
    if (!is_ident(name))
        return !ck_err(c, at, "'%s' is not a valid C identifier", name);
    if (strncmp(name, "_slot", 5) == 0)
        return !ck_err(c, at, "'%s': names starting with '_slot' are reserved by slotc", name);
    if (name[0] == '_' || name[len - 1] == '_' || strstr(name, "__"))
        return !ck_err(
            c, at, "'%s' is reserved: names may not start or end with '_' or contain '__'", name);
    const struct word_list *w = map_get(&c->words, name);
    if (w)
        return !ck_err(c, at, "'%s' %s", name, w->what);
    return true;
}

/* Class and enum names are also type names: a built-in one would be ambiguous. */
void ck_type_name(ck *c, const char *name, loc at)
{
    ty_kind kind;
    if (ck_name(c, name, at) && ck_builtin(name, &kind))
        ck_err(c, at, "'%s' is a built-in type", name);
}

/* 'slot' and 'slot_...' prefixes are the runtime's: schema 'slot_weakref'
 * with a class 'new' would declare the runtime's slot_weakref_new. */
void ck_schema_name(ck *c, schema *s)
{
    const char *n = s->name;
    if (!n)
        return;
    bool ok = n[0] >= 'a' && n[0] <= 'z';
    for (const char *p = n; ok && *p; p++)
        ok = (*p >= 'a' && *p <= 'z') || is_digit(*p) || *p == '_';
    if (!ok)
        ck_err(c, s->name_at, "schema name '%s' must match [a-z][a-z0-9_]*", n);
    else if (strcmp(n, "slot") == 0 || strncmp(n, "slot_", 5) == 0)
        ck_err(c, s->name_at,
               "schema name '%s' is reserved: 'slot_' is the prefix of the slotc runtime", n);
    else
        ck_name(c, n, s->name_at);
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
    if (ck_has_error(c, at))
        return; /* a node in error generates nothing */
    origin *old = map_get(&x->seen, ident);
    if (!old) {
        origin *o = ar_alloc(c->a, sizeof *o);
        o->at = at;
        o->s = x->from;
        map_put(&x->seen, ident, o);
    } else if (!loc_eq(old->at, at) || old->s != x->from) {
        const char *now = describe(c, x->from, at), *before = describe(c, old->s, old->at);
        if (ck_err(c, at, "generated name '%s' of %s collides with the one of %s", ident, now,
                   before))
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
void ck_collisions(ck *c, schema *s)
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
            if (ck_err(c, s->name_at,
                       "schema name '%s' is also the name of '%s', which '%s' includes", s->name,
                       t->path, s->path))
                diag_note(c->d, t->name_at, "'%s' is named here", t->path);
            continue;
        }
        add_schema_idents(&x, t);
    }
    add_schema_idents(&x, s);
}
