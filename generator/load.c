/* load.c - the load pass: schema files to the model.
 *
 * Each file goes through three stages, and an error in the first two stops
 * that file:
 *   1. a scan of the raw bytes: UTF-8 only, no NUL or control characters,
 *      no tabs in indentation (libyaml's own messages for these are vague);
 *   2. libyaml's events folded into a small tree of nodes, checking what
 *      libyaml does not: duplicate keys, aliases, nesting depth, one document;
 *   3. the tree read into the model: known keys, node kinds, type
 *      expressions.  Here every bad node gets one error and is skipped, so
 *      that one run reports as many mistakes as possible.
 * Then the file's imports are found and loaded the same way, each file once.
 *
 * Positions are 1-based.  Columns count characters, as libyaml's do.
 * All memory comes from the model's arena; libyaml's own is released with
 * each event, after the event has been copied.
 */
#define _XOPEN_SOURCE 700
#include "passes.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

/* A schema nests about 5 levels deep: far deeper input is a mistake or an attack. */
#define LD_MAX_DEPTH 64
/* Nodes that aliases may add to a document (a "billion laughs" guard). */
#define LD_MAX_EXPANSION 100000u
/* Lines indented with tabs that are reported one by one. */
#define LD_MAX_TAB_LINES 10u

/* ---- The YAML tree ---------------------------------------------------- */

typedef enum nkind {
    N_SCALAR,
    N_SEQ,
    N_MAP,
    N_BAD /* an error was reported for it: skipped silently */
} nkind;

/* A YAML node.  Aliases share the anchored node, so the tree is a DAG;
 * WEIGHT counts its nodes with aliases expanded. */
typedef struct node {
    nkind kind;
    loc at;
    const char *text; /* scalars: NUL-terminated, but may hold NULs too */
    size_t len;
    bool plain;  /* plain style without a tag: may be null */
    bool quoted; /* any style but plain (block scalars too), or !!str */
    int shift;   /* columns from AT to the text when the text is the source
                    verbatim on one line (0 plain, 1 quoted); -1 otherwise */
    ptrvec kids; /* sequence items, or mapping key, value, key, value... */
    size_t weight;
} node;

/* What is kept of a libyaml event once it is deleted. */
typedef struct ev {
    yaml_event_type_t type;
    loc at;
    unsigned end_line, end_col;
    const char *anchor, *tag, *text;
    size_t len;
    yaml_scalar_style_t style;
} ev;

/* A string-keyed hash table (open addressing) in the arena. */
typedef struct hent {
    const char *s; /* NULL: empty slot */
    size_t len;
    void *val;
} hent;

typedef struct htab {
    hent *e;
    size_t cap, n;
} htab;

/* One file being read. */
typedef struct ld_file {
    arena *a;
    diag *d;
    const char *path, *text;
    size_t len;
    yaml_parser_t parser;
    htab anchors;                       /* name -> node */
    const char *open[LD_MAX_DEPTH + 1]; /* anchors of the collections being built */
    size_t nopen;
    size_t expanded; /* nodes added through aliases so far */
} ld_file;

/* ---- Small helpers ---------------------------------------------------- */

static unsigned to_uint(size_t v)
{
    return v > UINT_MAX ? UINT_MAX : (unsigned)v;
}

static size_t utf8_chars(const char *s, size_t n)
{
    size_t chars = 0;
    for (size_t i = 0; i < n; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    return chars;
}

/* The position of byte OFF of N's text: exact for text that is the source
 * verbatim on one line, else N's own position. */
static loc sub_loc(const node *n, size_t off)
{
    loc at = n->at;
    if (n->shift >= 0)
        at.col = to_uint(at.col + (size_t)n->shift + utf8_chars(n->text, off));
    return at;
}

static bool text_is(const node *n, const char *s)
{
    return n->kind == N_SCALAR && n->len == strlen(s) && memcmp(n->text, s, n->len) == 0;
}

static bool is_null(const node *n)
{
    return n->kind == N_SCALAR && n->plain &&
           (n->len == 0 || text_is(n, "~") || text_is(n, "null") || text_is(n, "Null") ||
            text_is(n, "NULL"));
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_ident_start(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static bool is_ident(char ch)
{
    return is_ident_start(ch) || (ch >= '0' && ch <= '9');
}

/* Narrows [*off, *off + *len) of S to exclude blanks at both ends. */
static void trim(const char *s, size_t *off, size_t *len)
{
    while (*len && is_space(s[*off])) {
        (*off)++;
        (*len)--;
    }
    while (*len && is_space(s[*off + *len - 1]))
        (*len)--;
}

static size_t hash_str(const char *s, size_t len)
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return (size_t)h;
}

static hent *ht_probe(hent *e, size_t cap, const char *s, size_t len)
{
    for (size_t i = hash_str(s, len) & (cap - 1);; i = (i + 1) & (cap - 1))
        if (!e[i].s || (e[i].len == len && memcmp(e[i].s, s, len) == 0))
            return &e[i];
}

static void ht_grow(arena *a, htab *h)
{
    size_t cap = h->cap ? 2 * h->cap : 8;
    hent *e = ar_alloc(a, cap * sizeof *e);
    for (size_t i = 0; i < h->cap; i++)
        if (h->e[i].s)
            *ht_probe(e, cap, h->e[i].s, h->e[i].len) = h->e[i];
    h->e = e;
    h->cap = cap;
}

/* The entry for S; a new one (val NULL) when S was not there. */
static hent *ht_get(arena *a, htab *h, const char *s, size_t len)
{
    if (2 * (h->n + 1) > h->cap)
        ht_grow(a, h);
    hent *e = ht_probe(h->e, h->cap, s, len);
    if (!e->s) {
        e->s = s;
        e->len = len;
        h->n++;
    }
    return e;
}

static void *ht_find(const htab *h, const char *s, size_t len)
{
    return h->cap ? ht_probe(h->e, h->cap, s, len)->val : NULL;
}

/* ---- Stage 1: the raw bytes ------------------------------------------- */

/* Length of the well-formed UTF-8 sequence at P (N bytes left) and its code
 * point in *CP; 0 when the bytes are not UTF-8. */
static size_t utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
    size_t len;
    uint32_t min;
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        len = 2, min = 0x80, *cp = p[0] & 0x1Fu;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        len = 3, min = 0x800, *cp = p[0] & 0x0Fu;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        len = 4, min = 0x10000, *cp = p[0] & 0x07u;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        *cp = (*cp << 6) | (p[i] & 0x3Fu);
    }
    if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
        return 0;
    return len;
}

/* The characters YAML allows in a stream (libyaml rejects the others). */
static bool yaml_printable(uint32_t c)
{
    return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E) || c == 0x85 ||
           (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
}

static bool check_encoding(ld_file *f)
{
    const unsigned char *p = (const unsigned char *)f->text;
    loc at = {f->path, 1, 1};
    if (f->len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
        diag_error(f->d, at, "schema files must be UTF-8 text, not UTF-16");
        return false;
    }
    for (size_t i = 0, k; i < f->len; i += k) {
        uint32_t c;
        k = utf8_decode(p + i, f->len - i, &c);
        if (k == 0) {
            diag_error(f->d, at, "invalid UTF-8 byte 0x%02x (schema files must be UTF-8 text)",
                       p[i]);
            return false;
        }
        if (c == 0 || !yaml_printable(c)) {
            if (c == 0)
                diag_error(f->d, at, "NUL byte in schema text (is this a binary file?)");
            else
                diag_error(f->d, at, "character U+%04X is not allowed in YAML", (unsigned)c);
            return false;
        }
        if (c == '\n') {
            at.line++;
            at.col = 1;
        } else {
            at.col++;
        }
    }
    return true;
}

/* Tabs: YAML forbids them in indentation, and libyaml says only "found
 * character that cannot start any token".  Block scalars may hold tabs in
 * their text, past their indentation, so the scan follows them roughly. */
typedef struct tabscan {
    bool in_block;
    size_t parent; /* indentation of the line with the '|' or '>' */
    size_t indent; /* of the block's text; 0 until its first line */
} tabscan;

static size_t leading_spaces(const char *p, size_t n)
{
    size_t sp = 0;
    while (sp < n && p[sp] == ' ')
        sp++;
    return sp;
}

/* Whether the line P[0..N) is part of the text of a block scalar. */
static bool in_block_text(tabscan *t, const char *p, size_t n)
{
    if (!t->in_block)
        return false;
    size_t sp = leading_spaces(p, n);
    if (sp == n || p[sp] == '\r')
        return true; /* empty line */
    if (t->indent == 0 && sp > t->parent && p[sp] != '\t') {
        t->indent = sp;
        return true;
    }
    if (t->indent && sp >= t->indent)
        return true;
    t->in_block = false;
    return false;
}

/* Column of a tab in the indentation of the line P[0..N), where "- " and
 * "? " count as indentation too; 0 when there is none. */
static size_t indent_tab(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\t')
            return i + 1;
        bool indicator =
            (p[i] == '-' || p[i] == '?') && (i + 1 == n || is_space(p[i + 1]) || p[i + 1] == '\r');
        if (p[i] != ' ' && !indicator)
            return 0;
    }
    return 0;
}

static bool is_block_indicator(char c)
{
    return (c >= '0' && c <= '9') || c == '+' || c == '-';
}

/* Whether the line P[0..N) ends with a block scalar header ('|' or '>',
 * then indicators, then maybe a comment). */
static bool opens_block(const char *p, size_t n)
{
    size_t e = 0;
    while (e < n && !(p[e] == '#' && (e == 0 || is_space(p[e - 1]))))
        e++;
    while (e > 0 && (is_space(p[e - 1]) || p[e - 1] == '\r'))
        e--;
    while (e > 0 && is_block_indicator(p[e - 1]))
        e--;
    if (e == 0 || (p[e - 1] != '|' && p[e - 1] != '>'))
        return false;
    e--;
    return e == 0 || is_space(p[e - 1]);
}

/* Reports each line indented with a tab (the first few of them). */
static bool check_tabs(ld_file *f)
{
    tabscan t = {false, 0, 0};
    unsigned line = 1, bad = 0;
    for (size_t i = 0; i < f->len; line++) {
        const char *p = f->text + i;
        const char *nl = memchr(p, '\n', f->len - i);
        size_t n = nl ? (size_t)(nl - p) : f->len - i;
        i += n + 1;
        if (in_block_text(&t, p, n))
            continue;
        size_t col = indent_tab(p, n);
        if (col && ++bad <= LD_MAX_TAB_LINES) {
            loc at = {f->path, line, to_uint(col)};
            diag_error(f->d, at, "tabs are not allowed in indentation; use spaces");
        } else if (!col && opens_block(p, n)) {
            t.in_block = true;
            t.parent = leading_spaces(p, n);
            t.indent = 0;
        }
    }
    if (bad > LD_MAX_TAB_LINES) {
        loc at = {f->path, 0, 0};
        diag_note(f->d, at, "%u more lines are indented with tabs", bad - LD_MAX_TAB_LINES);
    }
    return bad == 0;
}

/* ---- Stage 2: events to a tree ---------------------------------------- */

static loc mark_loc(const ld_file *f, yaml_mark_t m)
{
    loc at = {f->path, to_uint(m.line + 1), to_uint(m.column + 1)};
    return at;
}

/* The position of byte OFF (libyaml's reader reports offsets). */
static loc offset_loc(const ld_file *f, size_t off)
{
    loc at = {f->path, 1, 1};
    for (size_t i = 0; i < off && i < f->len; i++) {
        if (f->text[i] == '\n') {
            at.line++;
            at.col = 1;
        } else if (((unsigned char)f->text[i] & 0xC0) != 0x80)
            at.col++;
    }
    return at;
}

/* The byte offset of position AT, or f->len when it is past the text. */
static size_t loc_offset(const ld_file *f, loc at)
{
    size_t i = 0;
    for (unsigned line = 1; line < at.line && i < f->len; i++)
        line += f->text[i] == '\n';
    for (unsigned col = 1; i < f->len; i++) {
        if (((unsigned char)f->text[i] & 0xC0) == 0x80)
            continue;
        if (col++ == at.col || f->text[i] == '\n')
            break;
    }
    return i;
}

/* In { } and [ ], a '[' ends a plain scalar: "{type: str[8]}" is a YAML
 * error that no schema author expects.  AT is where libyaml stopped. */
static void hint_flow_bracket(const ld_file *f, loc at)
{
    const char *t = f->text;
    size_t i = loc_offset(f, at), start = i, end = i;
    if (i >= f->len || t[i] != '[')
        return;
    while (start > 0 && t[start - 1] == '*')
        start--;
    while (start > 0 && is_ident(t[start - 1]))
        start--;
    if (start == i || !is_ident_start(t[start]))
        return;
    while (end < f->len && t[end] == '[') {
        const char *close = memchr(t + end, ']', f->len - end);
        const char *nl = memchr(t + end, '\n', f->len - end);
        if (!close || (nl && nl < close))
            return;
        end = (size_t)(close - t) + 1;
    }
    if (end - start <= 80)
        diag_note(f->d, at, "inside { } or [ ], quote a type with brackets: '%.*s'",
                  (int)(end - start), t + start);
}

static void yaml_failed(ld_file *f)
{
    const yaml_parser_t *p = &f->parser;
    const char *problem = p->problem ? p->problem : "unknown error";
    if (p->error == YAML_MEMORY_ERROR) {
        diag_plain_error(f->d, "out of memory while parsing '%s'", f->path);
    } else if (p->error == YAML_READER_ERROR) {
        diag_error(f->d, offset_loc(f, p->problem_offset), "invalid YAML: %s", problem);
    } else {
        loc at = mark_loc(f, p->problem_mark), ctx = mark_loc(f, p->context_mark);
        diag_error(f->d, at, "invalid YAML: %s", problem);
        if (p->context && (ctx.line != at.line || ctx.col != at.col))
            diag_note(f->d, ctx, "%s that started here", p->context);
        hint_flow_bracket(f, at);
    }
}

static const char *copy_or_null(arena *a, const yaml_char_t *s)
{
    return s ? ar_strdup(a, (const char *)s) : NULL;
}

/* Reads the next event into E, copied into the arena. */
static bool next_ev(ld_file *f, ev *e)
{
    yaml_event_t y;
    if (!yaml_parser_parse(&f->parser, &y)) {
        yaml_failed(f);
        return false;
    }
    memset(e, 0, sizeof *e);
    e->type = y.type;
    e->at = mark_loc(f, y.start_mark);
    e->end_line = to_uint(y.end_mark.line + 1);
    e->end_col = to_uint(y.end_mark.column + 1);
    if (y.type == YAML_SCALAR_EVENT) {
        e->anchor = copy_or_null(f->a, y.data.scalar.anchor);
        e->tag = copy_or_null(f->a, y.data.scalar.tag);
        e->text = ar_strndup(f->a, (const char *)y.data.scalar.value, y.data.scalar.length);
        e->len = y.data.scalar.length;
        e->style = y.data.scalar.style;
    } else if (y.type == YAML_SEQUENCE_START_EVENT) {
        e->anchor = copy_or_null(f->a, y.data.sequence_start.anchor);
        e->tag = copy_or_null(f->a, y.data.sequence_start.tag);
    } else if (y.type == YAML_MAPPING_START_EVENT) {
        e->anchor = copy_or_null(f->a, y.data.mapping_start.anchor);
        e->tag = copy_or_null(f->a, y.data.mapping_start.tag);
    } else if (y.type == YAML_ALIAS_EVENT) {
        e->anchor = copy_or_null(f->a, y.data.alias.anchor);
    }
    yaml_event_delete(&y);
    return true;
}

static node *new_node(ld_file *f, nkind kind, loc at)
{
    node *n = ar_alloc(f->a, sizeof *n);
    n->kind = kind;
    n->at = at;
    n->shift = -1;
    n->weight = 1;
    return n;
}

/* See node.shift: the text is the source verbatim when the node is on one
 * line and exactly as wide as its text (an escape would make it wider). */
static int text_shift(const ev *e)
{
    int q;
    if (e->style == YAML_PLAIN_SCALAR_STYLE)
        q = 0;
    else if (e->style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
             e->style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
        q = 1;
    else
        return -1;
    if (e->end_line != e->at.line || e->end_col < e->at.col)
        return -1;
    return e->end_col - e->at.col == utf8_chars(e->text, e->len) + 2 * (size_t)q ? q : -1;
}

static void define_anchor(ld_file *f, const char *anchor, node *n)
{
    if (anchor)
        ht_get(f->a, &f->anchors, anchor, strlen(anchor))->val = n;
}

static node *build_scalar(ld_file *f, const ev *e)
{
    node *n = new_node(f, N_SCALAR, e->at);
    bool str_tag = e->tag && strcmp(e->tag, "tag:yaml.org,2002:str") == 0;
    n->text = e->text;
    n->len = e->len;
    n->plain = e->style == YAML_PLAIN_SCALAR_STYLE && !e->tag;
    n->quoted = e->style != YAML_PLAIN_SCALAR_STYLE || str_tag;
    n->shift = text_shift(e);
    define_anchor(f, e->anchor, n);
    return n;
}

/* The anchored node; N_BAD for a bad alias, NULL when aliases expand the
 * document too much (which stops the file). */
static node *build_alias(ld_file *f, const ev *e)
{
    for (size_t i = 0; i < f->nopen; i++)
        if (strcmp(f->open[i], e->anchor) == 0) {
            diag_error(f->d, e->at, "alias '*%s' refers to a node that contains it", e->anchor);
            return new_node(f, N_BAD, e->at);
        }
    node *target = ht_find(&f->anchors, e->anchor, strlen(e->anchor));
    if (!target) {
        diag_error(f->d, e->at, "undefined alias '*%s'", e->anchor);
        return new_node(f, N_BAD, e->at);
    }
    f->expanded += target->weight;
    if (f->expanded > LD_MAX_EXPANSION) {
        diag_error(f->d, e->at, "aliases expand this document to more than %u nodes",
                   LD_MAX_EXPANSION);
        return NULL;
    }
    return target;
}

/* Whether key K may go into a mapping whose keys so far are in KEYS. */
static bool key_ok(ld_file *f, htab *keys, node *k)
{
    if (k->kind == N_BAD)
        return false;
    if (k->kind != N_SCALAR) {
        diag_error(f->d, k->at, "mapping keys must be scalars");
        return false;
    }
    hent *e = ht_get(f->a, keys, k->text, k->len);
    if (e->val) {
        const node *first = e->val;
        diag_error(f->d, k->at, "duplicate key '%s'", k->text);
        diag_note(f->d, first->at, "first defined here");
        return false;
    }
    e->val = k;
    return true;
}

static void add_kid(ld_file *f, node *n, node *kid)
{
    pv_push(f->a, &n->kids, kid);
    n->weight += kid->weight;
}

static node *build(ld_file *f, const ev *e, size_t depth);

/* Reads a mapping's or sequence's events up to its end.  False: stop. */
static bool build_items(ld_file *f, node *n, size_t depth)
{
    htab keys = {NULL, 0, 0};
    for (;;) {
        ev e;
        if (!next_ev(f, &e))
            return false;
        if (e.type == YAML_SEQUENCE_END_EVENT || e.type == YAML_MAPPING_END_EVENT)
            return true;
        node *k = build(f, &e, depth + 1);
        if (!k)
            return false;
        if (n->kind == N_SEQ) {
            add_kid(f, n, k);
            continue;
        }
        bool keep = key_ok(f, &keys, k);
        if (!next_ev(f, &e))
            return false;
        node *v = build(f, &e, depth + 1);
        if (!v)
            return false;
        if (keep) {
            add_kid(f, n, k);
            add_kid(f, n, v);
        }
    }
}

static node *build_collection(ld_file *f, const ev *e, size_t depth)
{
    if (depth > LD_MAX_DEPTH) {
        diag_error(f->d, e->at, "nesting is too deep (more than %d levels)", LD_MAX_DEPTH);
        return NULL;
    }
    node *n = new_node(f, e->type == YAML_MAPPING_START_EVENT ? N_MAP : N_SEQ, e->at);
    if (e->anchor)
        f->open[f->nopen++] = e->anchor;
    if (!build_items(f, n, depth))
        return NULL;
    if (e->anchor)
        f->nopen--;
    define_anchor(f, e->anchor, n);
    return n;
}

/* The node that starts with event E; NULL after an error that stops the file. */
static node *build(ld_file *f, const ev *e, size_t depth)
{
    switch (e->type) {
    case YAML_SCALAR_EVENT:
        return build_scalar(f, e);
    case YAML_ALIAS_EVENT:
        return build_alias(f, e);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        return build_collection(f, e, depth);
    default: /* libyaml never sends others here */
        diag_error(f->d, e->at, "invalid YAML: unexpected event");
        return NULL;
    }
}

static void report_empty(ld_file *f)
{
    loc at = {f->path, 1, 1};
    diag_error(f->d, at, "empty schema: expected a mapping with 'schema:' and 'classes:'");
}

/* The root node of the file's only document; NULL after an error. */
static node *build_document(ld_file *f)
{
    ev e;
    if (!next_ev(f, &e) || !next_ev(f, &e)) /* stream start, document start */
        return NULL;
    if (e.type == YAML_STREAM_END_EVENT) {
        report_empty(f);
        return NULL;
    }
    if (!next_ev(f, &e))
        return NULL;
    node *root = build(f, &e, 1);
    if (!root || !next_ev(f, &e) || !next_ev(f, &e)) /* document end, stream end */
        return NULL;
    if (e.type == YAML_DOCUMENT_START_EVENT) {
        diag_error(f->d, e.at, "a schema file holds one YAML document");
        return NULL;
    }
    return root;
}

/* The file's top-level mapping; NULL when the file has errors that stop it. */
static node *read_tree(ld_file *f)
{
    if (!check_encoding(f) || !check_tabs(f))
        return NULL;
    if (!yaml_parser_initialize(&f->parser)) {
        diag_plain_error(f->d, "out of memory while parsing '%s'", f->path);
        return NULL;
    }
    yaml_parser_set_input_string(&f->parser, (const unsigned char *)f->text, f->len);
    node *root = build_document(f);
    yaml_parser_delete(&f->parser);
    if (!root || root->kind == N_BAD)
        return NULL;
    if (is_null(root)) {
        report_empty(f);
        return NULL;
    }
    if (root->kind != N_MAP) {
        diag_error(f->d, root->at, "a schema must be a mapping");
        return NULL;
    }
    return root;
}

/* ---- Stage 3: the tree to the model ----------------------------------- */

typedef struct cv {
    arena *a;
    diag *d;
    schema *s;
} cv;

static const node *kid(const node *n, size_t i)
{
    return n->kids.items[i];
}

/* Whether N is of KIND (or null, when NULL_OK: an empty collection, since a
 * null scalar has no kids).  Reports FMT otherwise; quiet for N_BAD. */
static bool want(cv *c, const node *n, nkind kind, bool null_ok, const char *fmt, ...)
    DIAG_PRINTF(5, 6);

static bool want(cv *c, const node *n, nkind kind, bool null_ok, const char *fmt, ...)
{
    if (n->kind == N_BAD)
        return false;
    if (n->kind == kind && (kind != N_SCALAR || !is_null(n)))
        return true;
    if (null_ok && is_null(n))
        return true;
    va_list ap;
    va_start(ap, fmt);
    char *msg = ar_vprintf(c->a, fmt, ap);
    va_end(ap);
    diag_error(c->d, n->at, "%s", msg);
    return false;
}

/* N's text as a name; NULL (reported) when it holds a NUL character. */
static const char *name_of(cv *c, const node *n)
{
    if (memchr(n->text, '\0', n->len)) {
        diag_error(c->d, n->at, "a name cannot contain a NUL character");
        return NULL;
    }
    return n->text;
}

static const char *join_words(cv *c, const char *const *words, size_t n)
{
    strbuf b;
    sb_init(&b, c->a);
    for (size_t i = 0; i < n; i++)
        sb_printf(&b, "%s%s", i ? ", " : "", words[i]);
    return b.data;
}

/* The index of key K in KEYS; -1 after reporting an unknown key found in
 * WHAT (named NAME, or NULL for the top level). */
static int find_key(cv *c, const node *k, const char *const *keys, size_t n, const char *what,
                    const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (text_is(k, keys[i]))
            return (int)i;
    if (name)
        diag_error(c->d, k->at, "unknown key '%s' in %s '%s'", k->text, what, name);
    else
        diag_error(c->d, k->at, "unknown key '%s' %s", k->text, what);
    if (diag_suggest(k->text, keys, n))
        diag_hint(c->d, k->at, k->text, keys, n);
    else
        diag_note(c->d, k->at, "valid keys here: %s", join_words(c, keys, n));
    return -1;
}

static const char *read_doc(cv *c, const node *v)
{
    if (v->kind == N_BAD || is_null(v))
        return NULL;
    if (v->kind != N_SCALAR) {
        diag_error(c->d, v->at, "'doc' must be a string");
        return NULL;
    }
    return v->text;
}

/* A scalar for a default, min, max or value: WHAT of OWNER 'NAME'. */
static scalar *read_scalar(cv *c, const node *v, const char *what, const char *owner,
                           const char *name)
{
    if (!want(c, v, N_SCALAR, true, "%s of %s '%s' must be a scalar", what, owner, name))
        return NULL;
    scalar *s = ar_alloc(c->a, sizeof *s);
    s->text = v->text;
    s->len = v->len;
    s->quoted = v->quoted;
    s->at = v->at;
    return s;
}

/* -- Type expressions: NAME, NAME*, str[N], then an optional [M]. -- */

typedef struct tcur {
    const char *p;
    size_t i, n;
} tcur;

static void skip_blanks(tcur *t)
{
    while (t->i < t->n && is_space(t->p[t->i]))
        t->i++;
}

static bool at_char(const tcur *t, char ch)
{
    return t->i < t->n && t->p[t->i] == ch;
}

/* Parses "[N]" into *OUT.  1: done; 0: malformed; -1: N too large (reported).
 * N's position is found from byte BASE of N's node text. */
static int parse_len(cv *c, const node *n, size_t base, tcur *t, const char *what, uint64_t *out)
{
    if (!at_char(t, '['))
        return 0;
    t->i++;
    skip_blanks(t);
    size_t start = t->i;
    uint64_t v = 0;
    bool big = false;
    for (; t->i < t->n && t->p[t->i] >= '0' && t->p[t->i] <= '9'; t->i++) {
        unsigned d = (unsigned)(t->p[t->i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            big = true;
        else
            v = v * 10 + d;
    }
    size_t end = t->i;
    skip_blanks(t);
    if (end == start || !at_char(t, ']'))
        return 0;
    t->i++;
    skip_blanks(t);
    if (big || v > INT32_MAX) {
        diag_error(c->d, sub_loc(n, base + start), "%s '%.*s' is too large (at most %d)", what,
                   (int)(end - start > INT_MAX ? INT_MAX : end - start), t->p + start, INT32_MAX);
        return -1;
    }
    *out = v;
    return 1;
}

static int parse_type_text(cv *c, const node *n, size_t base, tcur *t, type_expr *ty)
{
    skip_blanks(t);
    size_t start = t->i;
    if (t->i >= t->n || !is_ident_start(t->p[t->i]))
        return 0;
    while (t->i < t->n && is_ident(t->p[t->i]))
        t->i++;
    ty->name = ar_strndup(c->a, t->p + start, t->i - start);
    skip_blanks(t);
    int r = 1;
    if (strcmp(ty->name, "str") == 0) {
        if (t->i == t->n || at_char(t, '*')) {
            diag_error(c->d, ty->at, "str needs a length: str[N]");
            return -1;
        }
        r = parse_len(c, n, base, t, "string length", &ty->str_len);
    } else if (at_char(t, '*')) {
        ty->is_ref = true;
        t->i++;
        skip_blanks(t);
    }
    if (r == 1 && t->i < t->n) {
        ty->is_array = true;
        r = parse_len(c, n, base, t, "array size", &ty->array_len);
    }
    return r == 1 && t->i < t->n ? 0 : r;
}

/* Parses bytes [OFF, OFF + LEN) of scalar N, already trimmed, as a type. */
static bool parse_type(cv *c, const node *n, size_t off, size_t len, type_expr *ty)
{
    ty->text = ar_strndup(c->a, n->text + off, len);
    ty->at = off ? sub_loc(n, off) : n->at;
    tcur t = {n->text + off, 0, len};
    int r = parse_type_text(c, n, off, &t, ty);
    if (r == 0)
        diag_error(c->d, ty->at, "malformed type '%s' (expected NAME, NAME*, NAME[N] or str[N])",
                   ty->text);
    return r == 1;
}

/* The type of OWNER 'NAME' (a slot or attr) from a whole scalar. */
static bool read_type(cv *c, const node *v, const char *owner, const char *name, type_expr *ty)
{
    if (v->kind == N_BAD)
        return false;
    if (v->kind != N_SCALAR) {
        diag_error(c->d, v->at, "type of %s '%s' must be a scalar", owner, name);
        return false;
    }
    size_t off = 0, len = v->len;
    trim(v->text, &off, &len);
    if (is_null(v) || len == 0) {
        diag_error(c->d, v->at, "%s '%s' needs a type", owner, name);
        return false;
    }
    return parse_type(c, v, off, len, ty);
}

/* -- Slots -- */

static const char *const slot_keys[] = {"type", "default", "min", "max", "doc"};
enum { SK_TYPE, SK_DEFAULT, SK_MIN, SK_MAX, SK_DOC, SK_COUNT };

/* The default of "f64 = 1", bytes [OFF, OFF + LEN) of V.  Quotes around it
 * are removed and make it a string; escapes are for the long form. */
static scalar *shorthand_default(cv *c, const node *v, size_t off, size_t len)
{
    scalar *s = ar_alloc(c->a, sizeof *s);
    const char *p = v->text + off;
    s->at = sub_loc(v, off);
    s->quoted = len >= 2 && (p[0] == '"' || p[0] == '\'') && p[len - 1] == p[0];
    if (s->quoted)
        p++, len -= 2;
    s->text = ar_strndup(c->a, p, len);
    s->len = len;
    return s;
}

/* "x: f64" or "w: f64 = 1".  Returns whether the type is usable. */
static bool read_slot_short(cv *c, slot_def *sl, const node *v)
{
    const char *eq = memchr(v->text, '=', v->len);
    size_t tend = eq ? (size_t)(eq - v->text) : v->len;
    size_t toff = 0, tlen = tend;
    trim(v->text, &toff, &tlen);
    if (is_null(v) || tlen == 0) {
        diag_error(c->d, is_null(v) ? sl->at : v->at, "slot '%s' needs a type", sl->name);
        return false;
    }
    if (!parse_type(c, v, toff, tlen, &sl->type))
        return false;
    if (!eq)
        return true;
    size_t doff = tend + 1, dlen = v->len - doff;
    trim(v->text, &doff, &dlen);
    if (dlen == 0)
        diag_error(c->d, sub_loc(v, tend), "missing default after '=' in slot '%s'", sl->name);
    else
        sl->dflt = shorthand_default(c, v, doff, dlen);
    return true;
}

/* {type: f64, default: 0, min: .., max: .., doc: ..}.  Returns whether the
 * type is usable. */
static bool read_slot_long(cv *c, slot_def *sl, const node *v)
{
    bool typed = false, ok = true, unknown = false;
    for (size_t i = 0; i + 1 < v->kids.len; i += 2) {
        const node *k = kid(v, i), *val = kid(v, i + 1);
        switch (find_key(c, k, slot_keys, SK_COUNT, "slot", sl->name)) {
        case SK_TYPE:
            typed = true;
            ok = read_type(c, val, "slot", sl->name, &sl->type);
            break;
        case SK_DEFAULT:
            sl->dflt = read_scalar(c, val, "default", "slot", sl->name);
            break;
        case SK_MIN:
            sl->min = read_scalar(c, val, "min", "slot", sl->name);
            break;
        case SK_MAX:
            sl->max = read_scalar(c, val, "max", "slot", sl->name);
            break;
        case SK_DOC:
            sl->doc = read_doc(c, val);
            break;
        default:
            unknown = true;
            break;
        }
    }
    /* after "unknown key 'tpye'", a missing type is no news */
    if (!typed && !unknown)
        diag_error(c->d, sl->at, "slot '%s' needs a type", sl->name);
    return typed && ok;
}

static void read_slot(cv *c, class_def *cl, const node *k, const node *v)
{
    const char *name = name_of(c, k);
    if (!name || v->kind == N_BAD)
        return;
    slot_def *sl = ar_alloc(c->a, sizeof *sl);
    sl->name = name;
    sl->at = k->at;
    sl->owner = cl;
    sl->presence = -1;
    bool ok;
    if (v->kind == N_SCALAR)
        ok = read_slot_short(c, sl, v);
    else if (v->kind == N_MAP)
        ok = read_slot_long(c, sl, v);
    else {
        diag_error(c->d, v->at, "slot '%s' must be a type or a mapping with 'type:'", name);
        ok = false;
    }
    if (ok) /* a slot without a type would only confuse later passes */
        pv_push(c->a, &cl->slots, sl);
}

static void read_slots(cv *c, class_def *cl, const node *v)
{
    if (!want(c, v, N_MAP, true, "slots must be a mapping of name: type"))
        return;
    for (size_t i = 0; i + 1 < v->kids.len; i += 2)
        read_slot(c, cl, kid(v, i), kid(v, i + 1));
}

/* -- Class attributes -- */

static const char *const attr_keys[] = {"type", "value", "doc"};
enum { AK_TYPE, AK_VALUE, AK_DOC, AK_COUNT };

static void read_attr(cv *c, class_def *cl, const node *k, const node *v)
{
    const char *name = name_of(c, k);
    if (!name ||
        !want(c, v, N_MAP, false, "attr '%s' must be a mapping with 'type:' and 'value:'", name))
        return;
    attr_def *at = ar_alloc(c->a, sizeof *at);
    at->name = name;
    at->at = k->at;
    bool typed = false, valued = false, ok = true, unknown = false;
    for (size_t i = 0; i + 1 < v->kids.len; i += 2) {
        const node *key = kid(v, i), *val = kid(v, i + 1);
        switch (find_key(c, key, attr_keys, AK_COUNT, "attr", name)) {
        case AK_TYPE:
            typed = true;
            ok = read_type(c, val, "attr", name, &at->type) && ok;
            break;
        case AK_VALUE:
            valued = true;
            at->value = read_scalar(c, val, "value", "attr", name);
            ok = at->value && ok;
            break;
        case AK_DOC:
            at->doc = read_doc(c, val);
            break;
        default:
            unknown = true;
            break;
        }
    }
    if (!typed && !unknown)
        diag_error(c->d, k->at, "attr '%s' needs a type", name);
    if (!valued && !unknown)
        diag_error(c->d, k->at, "attr '%s' needs a value", name);
    if (typed && valued && ok)
        pv_push(c->a, &cl->attrs, at);
}

static void read_attrs(cv *c, class_def *cl, const node *v)
{
    if (!want(c, v, N_MAP, true, "attrs must be a mapping of name: {type, value}"))
        return;
    for (size_t i = 0; i + 1 < v->kids.len; i += 2)
        read_attr(c, cl, kid(v, i), kid(v, i + 1));
}

/* -- Classes -- */

static const char *const class_keys[] = {"doc",  "extends", "slots",   "attrs",
                                         "dict", "weakref", "dynamic", "layout"};
enum {
    CK_DOC,
    CK_EXTENDS,
    CK_SLOTS,
    CK_ATTRS,
    CK_DICT,
    CK_WEAKREF,
    CK_DYNAMIC,
    CK_LAYOUT,
    CK_COUNT
};

static const char *const layout_names[] = {"compact", "declared", "packed"};

/* true or false, and nothing else: YAML 1.1's yes/no/on/off are surprises. */
static void read_flag(cv *c, const node *v, const char *key, bool *out)
{
    if (v->kind == N_BAD)
        return;
    if (v->plain && (text_is(v, "true") || text_is(v, "false")))
        *out = text_is(v, "true");
    else
        diag_error(c->d, v->at, "'%s' must be true or false", key);
}

static void read_layout(cv *c, class_def *cl, const node *v)
{
    if (v->kind == N_BAD)
        return;
    for (size_t i = 0; i < 3; i++)
        if (text_is(v, layout_names[i])) {
            cl->layout = (layout_mode)i;
            return;
        }
    diag_error(c->d, v->at, "layout must be compact, declared or packed");
    if (v->kind == N_SCALAR)
        diag_hint(c->d, v->at, v->text, layout_names, 3);
}

static void read_extends(cv *c, class_def *cl, const node *v)
{
    if (!want(c, v, N_SCALAR, false, "extends of class '%s' must be a class name", cl->name))
        return;
    cl->extends = name_of(c, v);
    cl->extends_at = v->at;
}

static void read_class_key(cv *c, class_def *cl, const node *k, const node *v)
{
    switch (find_key(c, k, class_keys, CK_COUNT, "class", cl->name)) {
    case CK_DOC:
        cl->doc = read_doc(c, v);
        break;
    case CK_EXTENDS:
        read_extends(c, cl, v);
        break;
    case CK_SLOTS:
        read_slots(c, cl, v);
        break;
    case CK_ATTRS:
        read_attrs(c, cl, v);
        break;
    case CK_DICT:
        read_flag(c, v, "dict", &cl->dict);
        break;
    case CK_WEAKREF:
        read_flag(c, v, "weakref", &cl->weakref);
        break;
    case CK_DYNAMIC:
        read_flag(c, v, "dynamic", &cl->dynamic);
        break;
    case CK_LAYOUT:
        read_layout(c, cl, v);
        break;
    default:
        break;
    }
}

/* A class whose body is wrong is kept, empty, so that its uses still
 * resolve and check does not echo the error as "unknown type". */
static void read_class(cv *c, const node *k, const node *v)
{
    const char *name = name_of(c, k);
    if (!name)
        return;
    class_def *cl = ar_alloc(c->a, sizeof *cl);
    cl->name = name;
    cl->at = k->at;
    cl->schema = c->s;
    cl->layout = LAYOUT_COMPACT;
    if (want(c, v, N_MAP, true, "class '%s' must be a mapping", name))
        for (size_t i = 0; i + 1 < v->kids.len; i += 2)
            read_class_key(c, cl, kid(v, i), kid(v, i + 1));
    pv_push(c->a, &c->s->classes, cl);
}

static void read_classes(cv *c, const node *v)
{
    if (!want(c, v, N_MAP, true, "classes must be a mapping of name: class"))
        return;
    for (size_t i = 0; i + 1 < v->kids.len; i += 2)
        read_class(c, kid(v, i), kid(v, i + 1));
}

/* -- Enums -- */

static int digit_value(char ch, unsigned base)
{
    int d = ch >= '0' && ch <= '9'   ? ch - '0'
            : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
            : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                     : 99;
    return (unsigned)d < base ? d : -1;
}

/* Parses [+-]digits or [+-]0x hex digits.  False when S is no integer;
 * *TOO_BIG when it is one that does not fit int64_t. */
static bool parse_int(const char *s, size_t len, int64_t *out, bool *too_big)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    unsigned base = 10;
    if (len - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X'))
        base = 16, i += 2;
    if (i == len)
        return false;
    uint64_t v = 0;
    bool over = false;
    for (; i < len; i++) {
        int d = digit_value(s[i], base);
        if (d < 0)
            return false;
        if (v > (UINT64_MAX - (unsigned)d) / base)
            over = true;
        else
            v = v * base + (unsigned)d;
    }
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    *too_big = over || v > limit;
    if (!*too_big)
        *out = neg ? (v == limit ? INT64_MIN : -(int64_t)v) : (int64_t)v;
    return true;
}

static bool add_member(cv *c, enum_def *en, const node *k, int64_t value)
{
    const char *name = name_of(c, k);
    if (!name)
        return false;
    enum_value *mv = ar_alloc(c->a, sizeof *mv);
    mv->name = name;
    mv->at = k->at;
    mv->value = value;
    pv_push(c->a, &en->values, mv);
    return true;
}

/* [left, center, right]: values 0..n-1. */
static void read_enum_list(cv *c, enum_def *en, const node *v)
{
    for (size_t i = 0; i < v->kids.len; i++) {
        const node *item = kid(v, i);
        if (!want(c, item, N_SCALAR, false, "members of enum '%s' must be names", en->name) ||
            !add_member(c, en, item, (int64_t)i))
            en->incomplete = true;
    }
}

/* One member of {light: 300, bold: 700}; false when it was dropped. */
static bool read_enum_pair(cv *c, enum_def *en, const node *k, const node *val)
{
    int64_t value = 0;
    bool too_big = false;
    if (val->kind == N_BAD)
        return false;
    if (val->kind != N_SCALAR || val->quoted || !parse_int(val->text, val->len, &value, &too_big)) {
        diag_error(c->d, val->at, "value of '%s' in enum '%s' must be an integer", k->text,
                   en->name);
        return false;
    }
    if (too_big) {
        diag_error(c->d, val->at, "value '%s' of '%s' in enum '%s' does not fit in 64 bits",
                   val->text, k->text, en->name);
        return false;
    }
    return add_member(c, en, k, value);
}

static void read_enum_map(cv *c, enum_def *en, const node *v)
{
    for (size_t i = 0; i + 1 < v->kids.len; i += 2)
        if (!read_enum_pair(c, en, kid(v, i), kid(v, i + 1)))
            en->incomplete = true;
}

static void read_enum(cv *c, const node *k, const node *v)
{
    const char *name = name_of(c, k);
    if (!name || v->kind == N_BAD)
        return;
    enum_def *en = ar_alloc(c->a, sizeof *en);
    en->name = name;
    en->at = k->at;
    en->schema = c->s;
    if (v->kind == N_SEQ)
        read_enum_list(c, en, v);
    else if (v->kind == N_MAP)
        read_enum_map(c, en, v);
    else {
        diag_error(c->d, v->at, "enum '%s' must be a list of names or a mapping of name: integer",
                   name);
        en->incomplete = true;
    }
    pv_push(c->a, &c->s->enums, en);
}

static void read_enums(cv *c, const node *v)
{
    if (!want(c, v, N_MAP, true, "enums must be a mapping of name: values"))
        return;
    for (size_t i = 0; i + 1 < v->kids.len; i += 2)
        read_enum(c, kid(v, i), kid(v, i + 1));
}

/* -- The top level -- */

static void read_imports(cv *c, const node *v)
{
    if (!want(c, v, N_SEQ, true, "imports must be a list of file names"))
        return;
    for (size_t i = 0; i < v->kids.len; i++) {
        const node *item = kid(v, i);
        if (item->kind == N_BAD)
            continue;
        if (item->kind != N_SCALAR || is_null(item) || item->len == 0 ||
            memchr(item->text, '\0', item->len)) {
            diag_error(c->d, item->at, "an import must be a file name");
            continue;
        }
        import_def *im = ar_alloc(c->a, sizeof *im);
        im->path = item->text;
        im->at = item->at;
        pv_push(c->a, &c->s->imports, im);
    }
}

static void read_name(cv *c, const node *v)
{
    if (!want(c, v, N_SCALAR, false, "'schema' must be a name (the C prefix for this schema)"))
        return;
    c->s->name = name_of(c, v);
    c->s->name_at = v->at;
}

static const char *const top_keys[] = {"schema", "doc", "imports", "enums", "classes"};
enum { TK_SCHEMA, TK_DOC, TK_IMPORTS, TK_ENUMS, TK_CLASSES, TK_COUNT };

static void read_schema(cv *c, const node *root)
{
    bool named = false;
    for (size_t i = 0; i + 1 < root->kids.len; i += 2) {
        const node *k = kid(root, i), *v = kid(root, i + 1);
        switch (find_key(c, k, top_keys, TK_COUNT, "at the top level of the schema", NULL)) {
        case TK_SCHEMA:
            named = true;
            read_name(c, v);
            break;
        case TK_DOC:
            c->s->doc = read_doc(c, v);
            break;
        case TK_IMPORTS:
            read_imports(c, v);
            break;
        case TK_ENUMS:
            read_enums(c, v);
            break;
        case TK_CLASSES:
            read_classes(c, v);
            break;
        default:
            break;
        }
    }
    if (!named)
        diag_error(c->d, root->at, "missing 'schema:' (the C prefix for this schema)");
}

/* ---- Files and imports ------------------------------------------------ */

static schema *find_schema(const model *m, const char *id)
{
    for (size_t i = 0; i < m->schemas.len; i++) {
        schema *s = PV_AT(m->schemas, i);
        if (strcmp(s->id, id) == 0)
            return s;
    }
    return NULL;
}

static const char *strip_ext(arena *a, const char *file)
{
    static const char *const exts[] = {".yaml", ".yml"};
    size_t n = strlen(file);
    for (size_t i = 0; i < 2; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && strcmp(file + n - e, exts[i]) == 0)
            return ar_strndup(a, file, n - e);
    }
    return file;
}

/* A new schema, registered at once so that an import cycle finds it. */
static schema *new_schema(model *m, const char *path, const char *id)
{
    schema *s = ar_alloc(m->a, sizeof *s);
    s->path = ar_strdup(m->a, path);
    s->id = ar_strdup(m->a, id);
    const char *slash = strrchr(s->path, '/');
    s->file = slash ? slash + 1 : s->path;
    s->stem = strip_ext(m->a, s->file);
    pv_push(m->a, &m->schemas, s);
    return s;
}

static void load_imports(model *m, schema *s);

/* Reads TEXT (in the arena, outliving the diag) into S, then its imports. */
static void load_schema(model *m, schema *s, const char *text, size_t len)
{
    diag_add_source(m->d, s->path, text, len);
    ld_file f;
    memset(&f, 0, sizeof f);
    f.a = m->a;
    f.d = m->d;
    f.path = s->path;
    f.text = text;
    f.len = len;
    int errors = diag_errors(m->d);
    const node *root = read_tree(&f);
    if (root) {
        cv c = {m->a, m->d, s};
        read_schema(&c, root);
    }
    s->incomplete = diag_errors(m->d) != errors;
    if (root)
        load_imports(m, s);
}

static const char *file_id(arena *a, const char *path)
{
    char buf[PATH_MAX];
    return realpath(path, buf) ? ar_strdup(a, buf) : path;
}

/* The schema of file PATH, loaded when it was not yet; NULL when the file
 * cannot be read (reported). */
static schema *load_path(model *m, const char *path)
{
    const char *id = file_id(m->a, path);
    schema *s = find_schema(m, id);
    if (s)
        return s;
    size_t len = 0;
    char *text = ar_read_file(m->a, path, &len);
    if (!text) {
        diag_plain_error(m->d, "cannot read '%s': %s", path, strerror(errno));
        return NULL;
    }
    s = new_schema(m, path, id);
    load_schema(m, s, text, len);
    return s;
}

/* Only regular files: an import of a directory or of /dev/zero is no schema. */
static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Where import IM of S is: next to S, then in each -I directory. */
static const char *find_import(model *m, const schema *s, const import_def *im)
{
    strbuf tried;
    sb_init(&tried, m->a);
    const char *slash = strrchr(s->path, '/');
    const char *dir = slash ? ar_strndup(m->a, s->path, (size_t)(slash - s->path) + 1) : "";
    bool absolute = im->path[0] == '/';
    for (size_t i = 0; i <= m->include.len; i++) {
        const char *cand;
        if (i == 0)
            cand = absolute ? im->path : ar_join_path(m->a, dir, im->path);
        else if (absolute)
            break;
        else
            cand = ar_join_path(m->a, PV_AT(m->include, i - 1), im->path);
        if (is_file(cand))
            return cand;
        sb_printf(&tried, "%s'%s'", i ? ", " : "", cand);
    }
    diag_error(m->d, im->at, "cannot find import '%s'", im->path);
    diag_note(m->d, im->at, "looked for %s", tried.data);
    return NULL;
}

static void load_imports(model *m, schema *s)
{
    for (size_t i = 0; i < s->imports.len; i++) {
        import_def *im = PV_AT(s->imports, i);
        const char *path = find_import(m, s, im);
        if (path)
            im->target = load_path(m, path);
        if (!im->target)
            s->incomplete = true;
    }
}

schema *ld_load(model *m, const char *path)
{
    schema *s = load_path(m, path);
    if (s)
        s->is_root = true;
    return s;
}

schema *ld_load_text(model *m, const char *path, const char *text, size_t len)
{
    schema *s = find_schema(m, path);
    if (!s) {
        char *copy = ar_alloc(m->a, len + 1);
        if (len)
            memcpy(copy, text, len);
        s = new_schema(m, path, path);
        load_schema(m, s, copy, len);
    }
    s->is_root = true;
    return s;
}
