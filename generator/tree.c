/* tree.c - the first two stages of the load pass: the bytes of one schema
 * file, and libyaml's events folded into a tree.
 *
 * An error in either stage stops the file:
 *   1. a scan of the raw bytes: UTF-8 only, no NUL or control characters,
 *      no tabs in indentation (libyaml's own messages for these are vague);
 *   2. libyaml's events folded into a small tree of nodes, checking what
 *      libyaml does not: duplicate keys, aliases, nesting depth, one document.
 *
 * Positions are 1-based.  Columns count characters, as libyaml's do.  The
 * tree lives in an arena of its own, which load.c gives back once it has
 * made the model; libyaml's memory is released with each event, after the
 * event has been copied.
 */
#include "tree.h"

#include <limits.h>
#include <stdint.h>
#include <yaml.h>

/* A schema nests about 5 levels deep: far deeper input is a mistake or an attack. */
#define LD_MAX_DEPTH 64
/* Nodes that aliases may add to a document (a "billion laughs" guard). */
#define LD_MAX_EXPANSION 100000u
/* Lines indented with tabs that are reported one by one. */
#define LD_MAX_TAB_LINES 10u

/* ---- The file being read ---------------------------------------------- */

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
    ptrvec stack;    /* the kids of the collections being built, innermost last */
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

loc ld_sub_loc(const node *n, size_t off)
{
    loc at = n->at;
    if (n->shift >= 0)
        at.col = to_uint(at.col + (size_t)n->shift + utf8_chars(n->text, off));
    return at;
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

/* Up to this many keys a mapping looks for a duplicate among the keys so
 * far; a bigger one builds a hash table of them. */
#define LD_SCAN_KEYS 8

/* The key of the kids from BASE on the stack that equals K, or NULL; the
 * kids alternate key, value.  KEYS indexes them once there are many. */
static node *find_key_node(ld_file *f, size_t base, htab *keys, const node *k)
{
    size_t n = (f->stack.len - base) / 2;
    if (n <= LD_SCAN_KEYS) {
        for (size_t i = base; i < f->stack.len; i += 2) {
            node *old = PV_AT(f->stack, i);
            if (old->len == k->len && memcmp(old->text, k->text, k->len) == 0)
                return old;
        }
        return NULL;
    }
    if (!keys->cap) /* past the scan: index the keys so far */
        for (size_t i = base; i < f->stack.len; i += 2) {
            node *old = PV_AT(f->stack, i);
            ht_get(f->a, keys, old->text, old->len)->val = old;
        }
    return ht_find(keys, k->text, k->len);
}

/* Whether key K may go into the mapping whose kids start at BASE. */
static bool key_ok(ld_file *f, size_t base, htab *keys, node *k)
{
    if (k->kind == N_BAD)
        return false;
    if (k->kind != N_SCALAR) {
        diag_error(f->d, k->at, "mapping keys must be scalars");
        return false;
    }
    const node *first = find_key_node(f, base, keys, k);
    if (first) {
        diag_error(f->d, k->at, "duplicate key '%s'", k->text);
        diag_note(f->d, first->at, "first defined here");
        return false;
    }
    if (keys->cap)
        ht_get(f->a, keys, k->text, k->len)->val = k;
    return true;
}

static node *build(ld_file *f, const ev *e, size_t depth);

/* Reads a mapping's or sequence's events up to its end, its kids gathered
 * on the stack from BASE on.  False: stop. */
static bool build_items(ld_file *f, node *n, size_t base, size_t depth)
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
            pv_push(f->a, &f->stack, k);
            n->weight += k->weight;
            continue;
        }
        bool keep = key_ok(f, base, &keys, k);
        if (!next_ev(f, &e))
            return false;
        node *v = build(f, &e, depth + 1);
        if (!v)
            return false;
        if (keep) {
            pv_push(f->a, &f->stack, k);
            pv_push(f->a, &f->stack, v);
            n->weight += k->weight + v->weight;
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
    size_t base = f->stack.len;
    if (e->anchor)
        f->open[f->nopen++] = e->anchor;
    if (!build_items(f, n, base, depth))
        return NULL;
    /* The kids, from the stack into an array of their number. */
    n->kids.len = n->kids.cap = f->stack.len - base;
    n->kids.items = ar_alloc_raw(f->a, (n->kids.len + 1) * sizeof *n->kids.items);
    if (n->kids.len)
        memcpy(n->kids.items, f->stack.items + base, n->kids.len * sizeof *n->kids.items);
    f->stack.len = base;
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

node *ld_read_tree(arena *a, diag *d, const char *path, const char *text, size_t len)
{
    ld_file f;
    memset(&f, 0, sizeof f);
    f.a = a;
    f.d = d;
    f.path = path;
    f.text = text;
    f.len = len;
    return read_tree(&f);
}
