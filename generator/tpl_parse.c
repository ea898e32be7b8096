/* tpl_parse.c - the Mustache parser of tpl.c: a template's text to a tree
 * of nodes (tpl_parse.h), once, before anything is rendered.
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
 * Text nodes point into the template text; nodes, names and delimiters
 * live in the arena given.
 */
#include "tpl_parse.h"

enum { MAX_SECTIONS = 100 };

/* Reports an error in SRC at AT, registering SRC so that the message can
 * quote the line. */
bool tpl_vfail(arena *a, diag *d, const tsrc *src, loc at, const char *fmt, va_list ap)
{
    char *msg = ar_vprintf(a, fmt, ap);
    diag_keep_source(d, src->name, src->text, strlen(src->text));
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
    tpl_vfail(ps->a, ps->d, ps->src, at, fmt, ap);
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
    n->head = strcspn(t->name, ".");
    n->hash = hash_name(t->name, n->head);
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
bool tpl_parse(arena *a, diag *d, const tsrc *src, const char *text, unsigned bias, ptrvec *out)
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
