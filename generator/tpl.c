/* tpl.c - a small Mustache renderer: each template is parsed once into a
 * tree, then the tree is rendered against a stack of contexts.
 *
 * Deliberate differences from the Mustache spec:
 * - No HTML escaping: {{x}}, {{{x}}} and {{&x}} all insert the string as it
 *   is (emit escapes for C before the data gets here).
 * - A variable must name a string.  A name found nowhere on the context
 *   stack is an error ("unknown name 'x'"), and so is a variable naming a
 *   list, a map or a boolean: booleans belong in sections ({{#b}}, {{^b}});
 *   "true" printed into C code is always a template bug.  A section over a
 *   missing name is simply false, as in Mustache.
 * - No lambdas.  Sections nest at most MAX_SECTIONS deep in one template,
 *   and partials at most MAX_PARTIALS deep, so that neither a hostile
 *   template nor a recursive partial can exhaust the C stack.
 * - Rendering stops at the first error, so a misspelt name inside a list is
 *   reported once, not once per item.  Syntax errors are found anywhere in
 *   a template; name errors only in the parts that the data renders.  After
 *   an error OUT is left as it was before the call.
 *
 * The parser applies the standalone rule: a line holding only whitespace
 * and one section, inverted, close, comment, partial or set-delimiter tag
 * yields no output of its own, so its leading whitespace and its line
 * ending ("\n" or "\r\n", or none at the end of the text) are dropped.  A
 * standalone partial's indentation is prepended to every line of the
 * partial's text before that text is parsed, as the spec says, except to
 * empty lines (as mustache.js does), which keeps trailing whitespace out
 * of the generated C.  The parser is told how wide the indentation is so
 * that columns in messages still match the partial as written.
 *
 * Memory: values, trees and copies of partials live in the arena of OUT.
 * Text nodes point into the template text, which the caller keeps alive
 * for the duration of tpl_render; partial texts are copied.
 */
#include "tpl.h"

#include <assert.h>
#include <stdarg.h>
#include <string.h>

enum { MAX_SECTIONS = 100, MAX_PARTIALS = 64 };

/* ---- Data ---------------------------------------------------------------- */

typedef enum { TV_MAP, TV_LIST, TV_STR, TV_BOOL } tv_kind;

struct tpl_val {
    tv_kind kind;
    arena *a;        /* maps and lists: where children are allocated */
    const char *str; /* TV_STR */
    bool b;          /* TV_BOOL */
    ptrvec keys;     /* TV_MAP: char *, unique, parallel to items */
    ptrvec items;    /* TV_MAP: the values; TV_LIST: the elements */
};

static tpl_val *new_val(arena *a, tv_kind kind)
{
    tpl_val *v = ar_alloc(a, sizeof *v);
    v->kind = kind;
    v->a = a;
    return v;
}

static tpl_val *new_str(arena *a, const char *s)
{
    tpl_val *v = new_val(a, TV_STR);
    v->str = ar_strdup(a, s);
    return v;
}

tpl_val *tpl_map(arena *a)
{
    return new_val(a, TV_MAP);
}

/* The value under the first N bytes of KEY, or NULL. */
static const tpl_val *map_get(const tpl_val *m, const char *key, size_t n)
{
    for (size_t i = 0; i < m->keys.len; i++) {
        const char *k = PV_AT(m->keys, i);
        if (strncmp(k, key, n) == 0 && k[n] == '\0')
            return PV_AT(m->items, i);
    }
    return NULL;
}

/* Stores V under KEY, replacing an earlier value so that keys stay unique. */
static tpl_val *map_put(tpl_val *m, const char *key, tpl_val *v)
{
    assert(m->kind == TV_MAP);
    for (size_t i = 0; i < m->keys.len; i++) {
        if (strcmp(PV_AT(m->keys, i), key) == 0) {
            PV_AT(m->items, i) = v;
            return v;
        }
    }
    pv_push(m->a, &m->keys, ar_strdup(m->a, key));
    pv_push(m->a, &m->items, v);
    return v;
}

void tpl_set(tpl_val *map, const char *key, const char *str)
{
    map_put(map, key, new_str(map->a, str));
}

void tpl_setf(tpl_val *map, const char *key, const char *fmt, ...)
{
    tpl_val *v = new_val(map->a, TV_STR);
    va_list ap;
    va_start(ap, fmt);
    v->str = ar_vprintf(map->a, fmt, ap);
    va_end(ap);
    map_put(map, key, v);
}

void tpl_set_bool(tpl_val *map, const char *key, bool b)
{
    map_put(map, key, new_val(map->a, TV_BOOL))->b = b;
}

tpl_val *tpl_set_map(tpl_val *map, const char *key)
{
    return map_put(map, key, new_val(map->a, TV_MAP));
}

tpl_val *tpl_set_list(tpl_val *map, const char *key)
{
    return map_put(map, key, new_val(map->a, TV_LIST));
}

tpl_val *tpl_push(tpl_val *list)
{
    assert(list->kind == TV_LIST);
    tpl_val *v = new_val(list->a, TV_MAP);
    pv_push(list->a, &list->items, v);
    return v;
}

void tpl_push_str(tpl_val *list, const char *str)
{
    assert(list->kind == TV_LIST);
    pv_push(list->a, &list->items, new_str(list->a, str));
}

size_t tpl_len(const tpl_val *list)
{
    assert(list->kind == TV_LIST);
    return list->items.len;
}

/* ---- Templates ----------------------------------------------------------- */

/* A template as written, for messages: NAME is the file in every loc. */
typedef struct tsrc {
    const char *name, *text;
} tsrc;

typedef enum { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_PARTIAL } node_kind;

typedef struct node {
    node_kind kind;
    const char *text; /* N_TEXT: LEN bytes of the template */
    size_t len;
    const char *name;   /* the tag's name, trimmed */
    const char *indent; /* N_PARTIAL: the indentation of a standalone tag */
    const tsrc *src;
    loc at;      /* of the tag's opening delimiter */
    ptrvec body; /* sections: the nodes up to the close tag */
} node;

/* Reports an error in SRC at AT, registering SRC so that the message can
 * quote the line. */
static bool vfail(arena *a, diag *d, const tsrc *src, loc at, const char *fmt, va_list ap)
{
    char *msg = ar_vprintf(a, fmt, ap);
    diag_add_source(d, src->name, ar_strdup(a, src->text), strlen(src->text));
    diag_error(d, at, "%s", msg);
    return false;
}

/* ---- Parsing ------------------------------------------------------------- */

typedef struct parser {
    arena *a;
    diag *d;
    const tsrc *src;
    const char *p;          /* the next byte to parse */
    const char *counted;    /* lines are counted up to here... */
    const char *line_start; /* ...which lies on line LINE, starting here */
    unsigned line;
    unsigned bias; /* columns added by a partial's indentation */
    const char *open, *close;
    const char *close_brace, *close_eq; /* "}" and "=" before CLOSE */
    ptrvec open_sections;               /* node *, innermost last */
    ptrvec root;                        /* node *, the result */
} parser;

typedef struct tag {
    char sigil;       /* one of #^/!>=&{, or 0 for a plain variable */
    const char *name; /* the text between sigil and end, trimmed */
    const char *end;  /* just past the closing delimiter */
    loc at;
} tag;

static bool fail(parser *ps, loc at, const char *fmt, ...) DIAG_PRINTF(3, 4);
static bool fail(parser *ps, loc at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(ps->a, ps->d, ps->src, at, fmt, ap);
    va_end(ap);
    return false;
}

/* The position of Q, which must not precede an earlier one asked for. */
static loc loc_of(parser *ps, const char *q)
{
    for (; ps->counted < q; ps->counted++) {
        if (*ps->counted == '\n') {
            ps->line++;
            ps->line_start = ps->counted + 1;
        }
    }
    unsigned col = (unsigned)(q - ps->line_start) + 1;
    return (loc){ps->src->name, ps->line, col > ps->bias ? col - ps->bias : 1};
}

static void set_delims(parser *ps, const char *open, const char *close)
{
    ps->open = open;
    ps->close = close;
    ps->close_brace = ar_printf(ps->a, "}%s", close);
    ps->close_eq = ar_printf(ps->a, "=%s", close);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static ptrvec *current_body(parser *ps)
{
    if (ps->open_sections.len == 0)
        return &ps->root;
    node *n = PV_AT(ps->open_sections, ps->open_sections.len - 1);
    return &n->body;
}

static node *add_node(parser *ps, node_kind kind)
{
    node *n = ar_alloc(ps->a, sizeof *n);
    n->kind = kind;
    n->src = ps->src;
    n->indent = "";
    pv_push(ps->a, current_body(ps), n);
    return n;
}

static void add_text(parser *ps, const char *from, const char *to)
{
    if (from == to)
        return;
    node *n = add_node(ps, N_TEXT);
    n->text = from;
    n->len = (size_t)(to - from);
}

static node *add_tag(parser *ps, node_kind kind, const tag *t)
{
    node *n = add_node(ps, kind);
    n->name = t->name;
    n->at = t->at;
    return n;
}

/* Reads the tag whose opening delimiter is at Q. */
static bool scan_tag(parser *ps, const char *q, tag *t)
{
    const char *in = q + strlen(ps->open);
    t->at = loc_of(ps, q);
    t->sigil = *in && strchr("#^/!>=&{", *in) ? *in : 0;
    if (t->sigil)
        in++;
    const char *mark = t->sigil == '{'   ? ps->close_brace
                       : t->sigil == '=' ? ps->close_eq
                                         : ps->close;
    const char *e = strstr(in, mark);
    if (!e)
        return fail(ps, t->at, "unclosed tag: no closing '%s'", mark);
    t->end = e + strlen(mark);
    while (in < e && is_space(*in))
        in++;
    while (e > in && is_space(e[-1]))
        e--;
    t->name = ar_strndup(ps->a, in, (size_t)(e - in));
    if (!*t->name && t->sigil != '!')
        return fail(ps, t->at, "empty tag: a name is missing");
    return true;
}

/* Whether the tag spanning [*from, *to) stands alone on its line; if so,
 * widens the span to the whole line, line ending included.  loc_of(*from)
 * has set line_start. */
static bool standalone(const parser *ps, const char **from, const char **to)
{
    /* Anything parsed on this line already was a tag, which is not blank. */
    if (ps->line_start < ps->p)
        return false;
    for (const char *c = ps->line_start; c < *from; c++)
        if (*c != ' ' && *c != '\t')
            return false;
    const char *e = *to;
    while (*e == ' ' || *e == '\t')
        e++;
    if (*e == '\n')
        e++;
    else if (e[0] == '\r' && e[1] == '\n')
        e += 2;
    else if (*e)
        return false;
    *from = ps->line_start;
    *to = e;
    return true;
}

/* {{=<% %>=}}: two delimiters separated by whitespace, neither holding
 * whitespace or '='. */
static bool set_delim_tag(parser *ps, const tag *t)
{
    size_t n = strcspn(t->name, " \t\r\n");
    const char *close = t->name + n;
    while (is_space(*close))
        close++;
    if (n == 0 || !*close || strpbrk(close, " \t\r\n") || strchr(t->name, '='))
        return fail(ps, t->at, "bad set-delimiter tag '%s': want two delimiters like '<%% %%>'",
                    t->name);
    set_delims(ps, ar_strndup(ps->a, t->name, n), close);
    return true;
}

static bool open_section(parser *ps, const tag *t)
{
    if (ps->open_sections.len >= MAX_SECTIONS)
        return fail(ps, t->at, "sections nested more than %d deep", MAX_SECTIONS);
    pv_push(ps->a, &ps->open_sections, add_tag(ps, t->sigil == '#' ? N_SECTION : N_INVERTED, t));
    return true;
}

static bool close_section(parser *ps, const tag *t)
{
    if (ps->open_sections.len == 0)
        return fail(ps, t->at, "close tag '/%s' without an open section", t->name);
    const node *n = PV_AT(ps->open_sections, ps->open_sections.len - 1);
    if (strcmp(n->name, t->name) != 0) {
        fail(ps, t->at, "close tag '/%s' does not match open section '%s'", t->name, n->name);
        diag_note(ps->d, n->at, "section '%s' opened here", n->name);
        return false;
    }
    ps->open_sections.len--;
    return true;
}

static bool handle_tag(parser *ps, const tag *t, const char *indent)
{
    switch (t->sigil) {
    case '!':
        return true;
    case '=':
        return set_delim_tag(ps, t);
    case '#':
    case '^':
        return open_section(ps, t);
    case '/':
        return close_section(ps, t);
    case '>':
        add_tag(ps, N_PARTIAL, t)->indent = indent;
        return true;
    default:
        add_tag(ps, N_VAR, t);
        return true;
    }
}

static bool parse_tags(parser *ps)
{
    const char *q;
    while ((q = strstr(ps->p, ps->open)) != NULL) {
        tag t = {0};
        if (!scan_tag(ps, q, &t))
            return false;
        const char *from = q, *to = t.end, *indent = "";
        if (t.sigil && !strchr("&{", t.sigil) && standalone(ps, &from, &to))
            indent = ar_strndup(ps->a, from, (size_t)(q - from));
        add_text(ps, ps->p, from);
        ps->p = to;
        if (!handle_tag(ps, &t, indent))
            return false;
    }
    add_text(ps, ps->p, ps->p + strlen(ps->p));
    if (ps->open_sections.len) {
        const node *n = PV_AT(ps->open_sections, ps->open_sections.len - 1);
        return fail(ps, n->at, "unclosed section '%s'", n->name);
    }
    return true;
}

/* Parses TEXT, which is SRC's text indented by BIAS columns, into OUT. */
static bool parse(arena *a, diag *d, const tsrc *src, const char *text, unsigned bias, ptrvec *out)
{
    parser ps = {.a = a,
                 .d = d,
                 .src = src,
                 .p = text,
                 .counted = text,
                 .line_start = text,
                 .line = 1,
                 .bias = bias};
    set_delims(&ps, "{{", "}}");
    if (!parse_tags(&ps))
        return false;
    *out = ps.root;
    return true;
}

/* ---- Rendering ----------------------------------------------------------- */

/* A partial parsed for one indentation. */
typedef struct parsed_partial {
    const char *name, *indent;
    ptrvec nodes;
} parsed_partial;

typedef struct renderer {
    arena *a;
    diag *d;
    strbuf *out;
    tpl_partial_fn partial;
    void *partial_ctx;
    ptrvec stack;    /* const tpl_val *, innermost last (stored without const) */
    ptrvec partials; /* parsed_partial *, parsed so far */
    unsigned depth;  /* partials being rendered */
} renderer;

static bool render_nodes(renderer *r, const ptrvec *nodes);

static bool rfail(renderer *r, const node *n, const char *fmt, ...) DIAG_PRINTF(3, 4);
static bool rfail(renderer *r, const node *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(r->a, r->d, n->src, n->at, fmt, ap);
    va_end(ap);
    return false;
}

/* Mustache resolution: "." is the top of the stack; otherwise the first
 * part of a dotted name is looked up in each map on the stack, innermost
 * first, and the other parts only within what the first part found. */
static const tpl_val *lookup(const renderer *r, const char *name)
{
    if (strcmp(name, ".") == 0)
        return r->stack.len ? PV_AT(r->stack, r->stack.len - 1) : NULL;
    size_t n = strcspn(name, ".");
    const tpl_val *v = NULL;
    for (size_t i = r->stack.len; i-- > 0 && !v;) {
        const tpl_val *ctx = PV_AT(r->stack, i);
        if (ctx->kind == TV_MAP)
            v = map_get(ctx, name, n);
    }
    while (v && name[n] == '.') {
        name += n + 1;
        n = strcspn(name, ".");
        v = v->kind == TV_MAP ? map_get(v, name, n) : NULL;
    }
    return v;
}

static bool truthy(const tpl_val *v)
{
    if (!v)
        return false;
    switch (v->kind) {
    case TV_BOOL:
        return v->b;
    case TV_STR:
        return *v->str != '\0';
    case TV_LIST:
        return v->items.len != 0;
    case TV_MAP:
        return true;
    }
    return true;
}

/* Reports N's name as unknown, suggesting a key visible on the stack. */
static bool unknown_name(renderer *r, const node *n)
{
    rfail(r, n, "unknown name '%s'", n->name);
    size_t count = 0;
    for (size_t i = 0; i < r->stack.len; i++) {
        const tpl_val *ctx = PV_AT(r->stack, i);
        count += ctx->kind == TV_MAP ? ctx->keys.len : 0;
    }
    const char **keys = ar_alloc(r->a, (count + 1) * sizeof *keys);
    count = 0;
    for (size_t i = 0; i < r->stack.len; i++) {
        const tpl_val *ctx = PV_AT(r->stack, i);
        for (size_t k = 0; ctx->kind == TV_MAP && k < ctx->keys.len; k++)
            keys[count++] = PV_AT(ctx->keys, k);
    }
    diag_hint(r->d, n->at, n->name, keys, count);
    return false;
}

static bool render_var(renderer *r, const node *n)
{
    static const char *const what[] = {
        [TV_MAP] = "a map", [TV_LIST] = "a list", [TV_STR] = "a string", [TV_BOOL] = "a boolean"};
    const tpl_val *v = lookup(r, n->name);
    if (!v)
        return unknown_name(r, n);
    if (v->kind != TV_STR)
        return rfail(r, n, "'%s' is %s, not a string: use a section", n->name, what[v->kind]);
    sb_puts(r->out, v->str);
    return true;
}

/* Renders NODES with V pushed on the context stack. */
static bool render_in(renderer *r, const tpl_val *v, const ptrvec *nodes)
{
    pv_push(r->a, &r->stack, (void *)v);
    bool ok = render_nodes(r, nodes);
    r->stack.len--;
    return ok;
}

static bool render_section(renderer *r, const node *n)
{
    const tpl_val *v = lookup(r, n->name);
    if (n->kind == N_INVERTED)
        return truthy(v) || render_nodes(r, &n->body);
    if (!truthy(v))
        return true;
    if (v->kind != TV_LIST)
        return render_in(r, v, &n->body);
    for (size_t i = 0; i < v->items.len; i++)
        if (!render_in(r, PV_AT(v->items, i), &n->body))
            return false;
    return true;
}

/* TEXT with INDENT before each of its lines, except empty ones (so that no
 * trailing whitespace reaches the generated code); a final line ending
 * does not start a line. */
static char *indent_lines(arena *a, const char *text, const char *indent)
{
    strbuf b;
    sb_init(&b, a);
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        const char *e = nl ? nl + 1 : p + strlen(p);
        if (*p != '\n' && !(p[0] == '\r' && p[1] == '\n'))
            sb_puts(&b, indent);
        sb_putn(&b, p, (size_t)(e - p));
        p = e;
    }
    return b.data;
}

/* The partial that N names, parsed for N's indentation; NULL after an
 * error.  Each (name, indentation) is fetched and parsed only once. */
static const parsed_partial *load_partial(renderer *r, const node *n)
{
    for (size_t i = 0; i < r->partials.len; i++) {
        const parsed_partial *p = PV_AT(r->partials, i);
        if (strcmp(p->name, n->name) == 0 && strcmp(p->indent, n->indent) == 0)
            return p;
    }
    const char *text = r->partial ? r->partial(r->partial_ctx, n->name) : NULL;
    if (!text) {
        rfail(r, n, "unknown partial '%s'", n->name);
        return NULL;
    }
    tsrc *src = ar_alloc(r->a, sizeof *src);
    src->name = n->name;
    src->text = ar_strdup(r->a, text);
    parsed_partial *p = ar_alloc(r->a, sizeof *p);
    p->name = n->name;
    p->indent = n->indent;
    const char *body = *n->indent ? indent_lines(r->a, src->text, n->indent) : src->text;
    if (!parse(r->a, r->d, src, body, (unsigned)strlen(n->indent), &p->nodes))
        return NULL;
    pv_push(r->a, &r->partials, p);
    return p;
}

static bool render_partial(renderer *r, const node *n)
{
    if (r->depth >= MAX_PARTIALS)
        return rfail(r, n, "partials nested more than %d deep (does '%s' include itself?)",
                     MAX_PARTIALS, n->name);
    const parsed_partial *p = load_partial(r, n);
    if (!p)
        return false;
    r->depth++;
    bool ok = render_nodes(r, &p->nodes);
    r->depth--;
    return ok;
}

static bool render_node(renderer *r, const node *n)
{
    switch (n->kind) {
    case N_TEXT:
        sb_putn(r->out, n->text, n->len);
        return true;
    case N_VAR:
        return render_var(r, n);
    case N_SECTION:
    case N_INVERTED:
        return render_section(r, n);
    case N_PARTIAL:
        return render_partial(r, n);
    }
    return false;
}

static bool render_nodes(renderer *r, const ptrvec *nodes)
{
    for (size_t i = 0; i < nodes->len; i++)
        if (!render_node(r, PV_AT(*nodes, i)))
            return false;
    return true;
}

bool tpl_render(strbuf *out, const char *name, const char *text, const tpl_val *root,
                tpl_partial_fn partial, void *partial_ctx, diag *d)
{
    arena *a = out->a;
    tsrc src = {ar_strdup(a, name), text};
    renderer r = {.a = a, .d = d, .out = out, .partial = partial, .partial_ctx = partial_ctx};
    size_t start = out->len;
    ptrvec nodes;
    if (root)
        pv_push(a, &r.stack, (void *)root);
    if (parse(a, d, &src, text, 0, &nodes) && render_nodes(&r, &nodes))
        return true;
    out->len = start;
    out->data[start] = '\0';
    return false;
}
