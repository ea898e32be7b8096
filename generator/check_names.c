/* check_names.c - the rules on names: C identifiers that no compiler, no
 * standard header and no member slotc adds can trip over, and no two
 * schema names that generate the same C identifier. */
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <slot/slot.h>

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
    map_init(&c->words, c->tmp, true);
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

/* Headers included together share one C namespace, so no two identifiers
 * that one output declares or includes may be the same.  Each identifier
 * of the run is hashed and entered once, when its schema is checked
 * (imports first), into one table for the whole run; a clash is an error
 * in the schema that brings the two together.  The table keeps hashes,
 * not names: on a match, the names of the node that made the earlier one
 * are made again and compared, which happens only for real clashes. */

/* The schema node that makes identifiers: a class (nm_each_class), an enum
 * (nm_each_enum) or, with neither, the schema's include guard; AT is where
 * its names are reported, which differs within a class from slot to slot. */
typedef struct definer {
    loc at;
    const schema *s;
    const class_def *cls;
    const enum_def *en;
} definer;

/* The 64-bit hash of an identifier and its definer (index + 1; 0: empty). */
typedef struct cell {
    uint32_t lo, hi, def;
} cell;

/* A clash of two schemas that do not include one another: an error in a
 * schema checked later that includes both.  Definers as in cells. */
typedef struct pending {
    const char *ident;
    uint32_t first, second;
    bool done;
} pending;

struct ck_idents {
    cell *cells; /* open addressing, linear probing, at most 70% full */
    size_t cap, len;
    definer *defs;
    size_t ndefs, capdefs;
    ptrvec pending; /* pending *, in c->tmp */
    map named;      /* schema name -> ptrvec * of the schemas so named */
    /* The schema whose identifiers are being entered. */
    const schema *s;
    const class_def *cls;
    const enum_def *en;
    ptrvec inc;  /* what S includes, depth-first, once asked for */
    map inc_pos; /* schema -> its position in INC + 1 */
    bool inc_made;
    /* What spelled() looks for. */
    const char *want;
    loc want_at;
    bool found;
    /* Identifiers made but not entered yet: the table is far larger than
     * any cache, so a batch's cells are fetched together before they are
     * entered, in order.  Texts are in BATCH_A. */
    struct waiting {
        uint64_t hash;
        const char *ident;
        loc at;
        const class_def *cls;
        const enum_def *en;
    } batch[256];
    size_t nbatch;
    arena *batch_a;
    arena_mark batch_empty;
};

#define IDENT_SEED UINT64_C(0x736c6f74635f6964)

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

/* Every schema whose header the output for T includes, T's own imports
 * transitively, in depth-first order; none twice, the schema being
 * checked itself excluded. */
static void collect_includes(ck *c, const schema *t)
{
    struct ck_idents *x = c->ids;
    for (size_t i = 0; i < t->imports.len; i++) {
        schema *u = ((import_def *)PV_AT(t->imports, i))->target;
        if (!u || u == x->s || map_get(&x->inc_pos, u))
            continue;
        map_put(&x->inc_pos, u, u); /* on the way: not again */
        collect_includes(c, u);
        pv_push(c->tmp, &x->inc, u);
        map_put(&x->inc_pos, u, (void *)(uintptr_t)x->inc.len);
    }
}

/* Where the output for the schema being checked includes T: 1 for the
 * first header, and so on; the schema itself comes after them all; 0 when
 * it does not include T. */
static void make_includes(ck *c)
{
    struct ck_idents *x = c->ids;
    if (!x->inc_made) {
        x->inc_made = true;
        collect_includes(c, x->s);
    }
}

static size_t include_pos(ck *c, const schema *t)
{
    if (t == c->ids->s)
        return SIZE_MAX;
    make_includes(c);
    return (size_t)(uintptr_t)map_get(&c->ids->inc_pos, t);
}

static void find_spelling(void *ctx, const char *ident, loc at)
{
    struct ck_idents *x = ctx;
    if (!x->found && loc_eq(at, x->want_at) && strcmp(ident, x->want) == 0)
        x->found = true;
}

/* Whether definer D makes IDENT, whose hash matched one of D's. */
static bool spelled(ck *c, const definer *d, const char *ident)
{
    struct ck_idents *x = c->ids;
    const char *want = x->want;
    loc want_at = x->want_at;
    bool found = x->found;
    x->want = ident;
    x->want_at = d->at;
    x->found = false;
    if (d->cls)
        nm_each_class(c->spell, d->cls, find_spelling, x);
    else if (d->en)
        nm_each_enum(c->spell, d->en, find_spelling, x);
    else if (d->s->stem) {
        arena_mark m = ar_mark(c->spell);
        x->found = strcmp(nm_guard(c->spell, d->s), ident) == 0;
        ar_release(c->spell, m);
    }
    bool yes = x->found;
    x->want = want;
    x->want_at = want_at;
    x->found = found;
    return yes;
}

static void clash(ck *c, const char *ident, const definer *now, const definer *before)
{
    const char *n = describe(c, now->s, now->at), *b = describe(c, before->s, before->at);
    if (ck_err(c, now->at, "generated name '%s' of %s collides with the one of %s", ident, n, b))
        diag_note(c->d, before->at, "%s generates '%s' here", b, ident);
}

static void grow_cells(struct ck_idents *x)
{
    size_t cap = x->cap ? 2 * x->cap : 4096;
    cell *cells = xmalloc(cap * sizeof *cells);
    memset(cells, 0, cap * sizeof *cells);
    for (size_t i = 0; i < x->cap; i++) {
        if (!x->cells[i].def)
            continue;
        size_t j = x->cells[i].lo & (cap - 1);
        while (cells[j].def)
            j = (j + 1) & (cap - 1);
        cells[j] = x->cells[i];
    }
    free(x->cells);
    x->cells = cells;
    x->cap = cap;
}

/* The definer of the name W is about to enter. */
static uint32_t definer_at(struct ck_idents *x, const struct waiting *w)
{
    if (x->ndefs) {
        const definer *last = &x->defs[x->ndefs - 1];
        if (last->s == x->s && last->cls == w->cls && last->en == w->en && loc_eq(last->at, w->at))
            return (uint32_t)x->ndefs;
    }
    if (x->ndefs == x->capdefs) {
        x->capdefs = x->capdefs ? 2 * x->capdefs : 1024;
        definer *defs = xmalloc(x->capdefs * sizeof *defs);
        if (x->ndefs)
            memcpy(defs, x->defs, x->ndefs * sizeof *defs);
        free(x->defs);
        x->defs = defs;
    }
    x->defs[x->ndefs++] = (definer){w->at, x->s, w->cls, w->en};
    return (uint32_t)x->ndefs;
}

/* Enters IDENT, made by the schema being checked at AT.  The earliest
 * other definer of it that this schema's output can see (its includes in
 * order, then itself) is a clash; one it cannot see may be a clash in a
 * schema that includes both. */
static void enter(ck *c, const struct waiting *w)
{
    struct ck_idents *x = c->ids;
    const char *ident = w->ident;
    loc at = w->at;
    if (ck_has_error(c, at))
        return; /* a node in error generates nothing */
    uint32_t me = definer_at(x, w);
    uint32_t lo = (uint32_t)w->hash, hi = (uint32_t)(w->hash >> 32);
    size_t i = lo & (x->cap - 1), best_pos = 0;
    uint32_t best = 0;
    for (; x->cells[i].def; i = (i + 1) & (x->cap - 1)) {
        const cell *e = &x->cells[i];
        if (e->lo != lo || e->hi != hi)
            continue;
        const definer *d = &x->defs[e->def - 1];
        /* The same name from the same node again (an inherited slot seen
         * through a base chain that check found to loop): entered already.
         * Two names of one node with one 64-bit hash would be taken for
         * one here; the odds are 2^-64 per pair. */
        if (d->s == x->s && loc_eq(d->at, at))
            return;
        if (!spelled(c, d, ident) || ck_has_error(c, d->at))
            continue;
        if (d->s != x->s && d->s->name && strcmp(d->s->name, x->s->name) == 0)
            continue; /* two schemas of one name: reported as such */
        size_t pos = include_pos(c, d->s);
        if (!pos) {
            pending *p = ar_alloc(c->tmp, sizeof *p);
            p->ident = ar_strdup(c->tmp, ident);
            p->first = e->def;
            p->second = me;
            pv_push(c->tmp, &x->pending, p);
        } else if (!best || pos < best_pos || (pos == best_pos && e->def < best)) {
            best = e->def;
            best_pos = pos;
        }
    }
    x->cells[i] = (cell){lo, hi, me};
    x->len++;
    if (best)
        clash(c, ident, &x->defs[me - 1], &x->defs[best - 1]);
}

/* Enters the batch: its cells fetched first, then each identifier in the
 * order it was made, so that what is reported is as if one at a time. */
static void flush_batch(ck *c)
{
    struct ck_idents *x = c->ids;
    while (10 * (x->len + x->nbatch) > 7 * x->cap)
        grow_cells(x);
#if defined(__GNUC__)
    for (size_t k = 0; k < x->nbatch; k++)
        __builtin_prefetch(&x->cells[(uint32_t)x->batch[k].hash & (x->cap - 1)]);
#endif
    for (size_t k = 0; k < x->nbatch; k++)
        enter(c, &x->batch[k]);
    x->nbatch = 0;
    ar_release(x->batch_a, x->batch_empty);
}

static void add_ident(void *ctx, const char *ident, loc at)
{
    ck *c = ctx;
    struct ck_idents *x = c->ids;
    size_t n = strlen(ident);
    struct waiting *w = &x->batch[x->nbatch++];
    w->hash = slot_hash(IDENT_SEED, ident, n);
    w->ident = ar_strndup(x->batch_a, ident, n);
    w->at = at;
    w->cls = x->cls;
    w->en = x->en;
    if (x->nbatch == sizeof x->batch / sizeof *x->batch)
        flush_batch(c);
}

/* Clashes between two schemas that the schema being checked includes
 * both of, reported at the one it includes later. */
static void resolve_pending(ck *c)
{
    struct ck_idents *x = c->ids;
    for (size_t i = 0; i < x->pending.len; i++) {
        pending *p = PV_AT(x->pending, i);
        const definer *a = &x->defs[p->first - 1], *b = &x->defs[p->second - 1];
        size_t pa = p->done ? 0 : include_pos(c, a->s), pb = pa ? include_pos(c, b->s) : 0;
        if (!pb)
            continue;
        p->done = true;
        if (pa > pb || (pa == pb && p->first > p->second))
            clash(c, p->ident, a, b);
        else
            clash(c, p->ident, b, a);
    }
}

/* Two schemas of one name declare the same identifiers: an error in the
 * first schema that includes the other, at its own name. */
static void check_schema_names(ck *c, schema *s)
{
    struct ck_idents *x = c->ids;
    ptrvec *same = map_get(&x->named, s->name);
    if (!same) {
        same = ar_alloc(c->tmp, sizeof *same);
        map_put(&x->named, s->name, same);
    }
    if (same->len) {
        make_includes(c);
        for (size_t i = 0; i < x->inc.len; i++) {
            const schema *t = PV_AT(x->inc, i);
            if (t->name && strcmp(t->name, s->name) == 0 &&
                ck_err(c, s->name_at,
                       "schema name '%s' is also the name of '%s', which '%s' includes", s->name,
                       t->path, s->path))
                diag_note(c->d, t->name_at, "'%s' is named here", t->path);
        }
    }
    pv_push(c->tmp, same, s);
}

void ck_collisions(ck *c, schema *s)
{
    struct ck_idents *x = c->ids;
    if (!s->name)
        return;
    x->s = s;
    x->inc.len = 0;
    x->inc_made = false;
    map_init(&x->inc_pos, c->tmp, false);
    check_schema_names(c, s);
    resolve_pending(c);
    x->cls = NULL;
    for (size_t i = 0; i < s->enums.len; i++) {
        x->en = PV_AT(s->enums, i);
        nm_each_enum(c->spell, x->en, add_ident, c);
    }
    x->en = NULL;
    for (size_t i = 0; i < s->classes.len; i++) {
        x->cls = PV_AT(s->classes, i);
        nm_each_class(c->spell, x->cls, add_ident, c);
    }
    x->cls = NULL;
    if (s->stem) {
        arena_mark m = ar_mark(c->spell);
        add_ident(c, nm_guard(c->spell, s), s->name_at);
        ar_release(c->spell, m);
    }
    flush_batch(c);
}

void ck_idents_init(ck *c)
{
    c->ids = ar_alloc(c->tmp, sizeof *c->ids);
    map_init(&c->ids->named, c->tmp, true);
    c->ids->batch_a = ar_new();
    c->ids->batch_empty = ar_mark(c->ids->batch_a);
}

void ck_idents_free(ck *c)
{
    free(c->ids->cells);
    free(c->ids->defs);
    ar_free(c->ids->batch_a);
}
