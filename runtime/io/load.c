/* load.c - instances from YAML and JSON text: slot_load_text, slot_load_file
 * and slot_load_each.
 *
 * libyaml's parser gives a stream of events, which the loader walks with
 * the class tables in hand: a mapping's keys go through the class's
 * perfect hash (slot_index, with the length libyaml gives), scalars are
 * typed by the YAML 1.2 core schema (scalar.c) and set through libslot's
 * own conversions (slot_i_member_set), embedded classes and arrays recurse
 * into the instance's memory.  No tree is built: the only memory a load
 * holds besides the instance is libyaml's and what anchors keep.
 *
 * All or nothing: a load fills a scratch instance, which starts in CLS's
 * init state, and moves it into OBJ only once the whole text has loaded;
 * on an error the scratch is cleared and OBJ was never touched.
 *
 * Anchors and aliases: an anchored node's events are kept (a record) until
 * the end of its document, and an alias replays them.  Each node counts
 * toward max_nodes once where it is read and again at every alias that
 * replays it (its record knows its size, aliases inside it included), so
 * a text whose aliases expand past the limit fails at the alias, having
 * used no more memory than its own text.
 */
#include <slot/io.h>

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <yaml.h>

#include "scalar.h"

#define DEFAULT_DEPTH 64
#define DEFAULT_NODES 1000000

/* ---- Events, and the records that anchors keep ---------------------------- */

/* An event kept in a record.  An alias knows the anchor it named where it
 * stands, since a later anchor of the same name does not change it. */
typedef struct kept {
    yaml_event_t y;
    size_t target; /* ALIAS: index in loader.anchors */
} kept;

/* The events of one anchored node read from the parser, with those of the
 * anchored nodes inside it.  A record's array grows only while it is
 * recorded; after that, pointers into it stay valid until the end of the
 * document. */
typedef struct record {
    kept *ev;
    size_t n, cap;
} record;

typedef struct anchor {
    const char *name; /* the anchor's text, in its first event */
    size_t rec;       /* its events: records[rec].ev[begin, end) */
    size_t begin, end;
    size_t nodes; /* nodes the events stand for, aliases inside expanded */
} anchor;

/* An alias being replayed. */
typedef struct cursor {
    const kept *pos, *end;
} cursor;

/* An event as the loader sees it: from the parser (then in OWN, which
 * done() deletes) or in a record (borrowed). */
typedef struct event {
    const yaml_event_t *e;
    size_t target; /* an alias's anchor, for a kept one */
    yaml_event_t own;
} event;

/* A step of the path from the document's top to the node being loaded. */
typedef struct step {
    const struct step *up;
    const char *key; /* NULL: an item, at INDEX */
    size_t len;
    size_t index;
} step;

/* A collection open while a record is made. */
typedef struct open_node {
    bool anchored;
    size_t begin; /* its first event in the record */
    size_t nodes; /* loader.nodes when it began */
} open_node;

typedef enum stop_reason { STOP_NONE, STOP_LIMIT, STOP_IO } stop_reason;

typedef struct loader {
    yaml_parser_t parser;
    /* Input: TEXT[0..LEN) or IN; TAKEN bytes went to libyaml. */
    const unsigned char *text;
    size_t len;
    FILE *in;
    size_t taken;
    bool over;        /* a byte past max_bytes exists */
    stop_reason stop; /* why the input handler failed */
    int io_errno;
    /* Options. */
    size_t max_depth, max_bytes, max_nodes;
    const char *name;
    slot_io_error *err;
    /* Counts: nodes of the current instance, nesting of the document. */
    size_t nodes, depth;
    bool top_seq; /* load_each: the next node may be the top sequence */
    /* The document's anchors: records, anchors and an index by name. */
    record *recs;
    size_t nrecs, recs_cap;
    anchor *anchors;
    size_t nanchors, anchors_cap;
    uint32_t *index; /* anchor + 1, or 0; size index_cap, a power of 2 */
    size_t index_cap;
    cursor *replay;
    size_t nreplay, replay_cap;
    open_node *open;
    size_t open_cap;
} loader;

/* ---- Memory ------------------------------------------------------------------ */

/* Grows *ARR, of *CAP items of SIZE bytes of which N are used, so that one
 * more fits.  slot_malloc has no realloc: the items move to a new block. */
static bool grow(void **arr, size_t *cap, size_t n, size_t size)
{
    size_t want = *cap ? *cap * 2 : 8;
    void *p;
    if (n < *cap)
        return true;
    if (want > SIZE_MAX / size)
        return false;
    p = slot_malloc(want * size);
    if (!p)
        return false;
    if (n)
        memcpy(p, *arr, n * size);
    slot_free(*arr);
    *arr = p;
    *cap = want;
    return true;
}

static size_t add_sat(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/* ---- Errors ------------------------------------------------------------------ */

/* Appends the path of AT to BUF (N bytes, *LEN used): "sensors[3].at.x".
 * Its steps are as many as the loader's nested calls. */
static void put_path(char *buf, size_t n, size_t *len, const step *at)
{
    char tmp[32];
    const char *s = tmp;
    size_t k, i;
    if (!at)
        return;
    put_path(buf, n, len, at->up);
    if (at->key) {
        if (*len > 0 && *len + 1 < n)
            buf[(*len)++] = '.';
        s = at->key;
        k = at->len;
    } else {
        k = (size_t)snprintf(tmp, sizeof tmp, "[%zu]", at->index);
    }
    for (i = 0; i < k && *len + 1 < n; i++)
        buf[(*len)++] = s[i];
    buf[*len] = '\0';
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 5, 6)))
#endif
static slot_status
fail(loader *ld, slot_status st, yaml_mark_t at, const step *path, const char *fmt, ...)
{
    slot_io_error *err = ld->err;
    va_list ap;
    size_t plen = 0;
    int k;
    err->status = st;
    err->line = (unsigned)at.line + 1;
    err->column = (unsigned)at.column + 1;
    err->path[0] = '\0';
    put_path(err->path, sizeof err->path, &plen, path);
    k = snprintf(err->message, sizeof err->message, "%s:%u:%u: ", ld->name, err->line, err->column);
    if (k < 0 || (size_t)k >= sizeof err->message)
        return st;
    va_start(ap, fmt);
    vsnprintf(err->message + k, sizeof err->message - (size_t)k, fmt, ap);
    va_end(ap);
    return st;
}

/* What slot_format_error says about ST on slot NAME of CLS. */
static const char *worded(char *buf, size_t n, const slot_class *cls, const char *name,
                          slot_status st)
{
    slot_format_error(buf, n, cls, name, st);
    return buf;
}

/* ---- Input ------------------------------------------------------------------- */

/* libyaml's read handler: gives at most max_bytes bytes, and fails when a
 * byte past them exists (the limit) or when a read fails. */
static int read_input(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
    loader *ld = (loader *)data;
    size_t room = size, got;
    *size_read = 0;
    if (ld->over) {
        ld->stop = STOP_LIMIT;
        return 0;
    }
    if (ld->max_bytes && room > ld->max_bytes - ld->taken)
        room = ld->max_bytes - ld->taken;
    if (ld->in) {
        got = fread(buffer, 1, room, ld->in);
        if (got < room && ferror(ld->in)) {
            ld->io_errno = errno;
            ld->stop = STOP_IO;
            return 0;
        }
        if (ld->max_bytes && ld->taken + got == ld->max_bytes) {
            int c = getc(ld->in);
            ld->over = c != EOF;
            if (c == EOF && ferror(ld->in)) {
                ld->io_errno = errno;
                ld->stop = STOP_IO;
                return 0;
            }
        }
    } else {
        got = ld->len - ld->taken < room ? ld->len - ld->taken : room;
        memcpy(buffer, ld->text + ld->taken, got);
        ld->over = ld->max_bytes && ld->taken + got == ld->max_bytes && ld->len > ld->max_bytes;
    }
    ld->taken += got;
    *size_read = got;
    if (got == 0 && ld->over) {
        ld->stop = STOP_LIMIT;
        return 0;
    }
    return 1;
}

/* Where libyaml's reader stopped: its scanner's mark moved over the
 * characters it had decoded but not yet scanned, which are still in its
 * buffer (UTF-8, as the input is).  Line breaks as libyaml counts them. */
static yaml_mark_t reader_mark(const yaml_parser_t *p)
{
    yaml_mark_t m = p->mark;
    const unsigned char *s = p->buffer.pointer, *end = p->buffer.last;
    while (s < end) {
        if (s[0] == '\r' || s[0] == '\n') {
            s += (s[0] == '\r' && s + 1 < end && s[1] == '\n') ? 2 : 1;
            m.line++;
            m.column = 0;
            continue;
        }
        if (s[0] == 0xC2 && s + 1 < end && s[1] == 0x85) {
            s += 2;
            m.line++;
            m.column = 0;
            continue;
        }
        if (s[0] == 0xE2 && s + 2 < end && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9)) {
            s += 3;
            m.line++;
            m.column = 0;
            continue;
        }
        s += (s[0] & 0x80) == 0 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : 4;
        m.column++;
    }
    return m;
}

/* Turns libyaml's failure into a status and a message. */
static slot_status parse_failed(loader *ld, const step *at)
{
    const yaml_parser_t *p = &ld->parser;
    const char *problem = p->problem ? p->problem : "unknown error";
    yaml_mark_t m;
    if (p->error == YAML_MEMORY_ERROR)
        return fail(ld, SLOT_ENOMEM, p->mark, at, "out of memory");
    if (p->error == YAML_READER_ERROR) {
        m = reader_mark(p);
        if (ld->stop == STOP_LIMIT)
            return fail(ld, SLOT_ELIMIT, m, at, "input longer than %zu bytes", ld->max_bytes);
        if (ld->stop == STOP_IO)
            return fail(ld, SLOT_EIO, m, at, "cannot read: %s", strerror(ld->io_errno));
        if (p->problem_value >= 0x80 && strstr(problem, "octet"))
            return fail(ld, SLOT_ESYNTAX, m, at, "%s 0x%02X", problem, (unsigned)p->problem_value);
        if (p->problem_value >= 0)
            return fail(ld, SLOT_ESYNTAX, m, at, "%s (U+%04X)", problem,
                        (unsigned)p->problem_value);
        return fail(ld, SLOT_ESYNTAX, m, at, "%s", problem);
    }
    if (p->context && (p->context_mark.line != p->problem_mark.line ||
                       p->context_mark.column != p->problem_mark.column))
        return fail(ld, SLOT_ESYNTAX, p->problem_mark, at, "%s (%s at %zu:%zu)", problem,
                    p->context, p->context_mark.line + 1, p->context_mark.column + 1);
    if (p->context)
        return fail(ld, SLOT_ESYNTAX, p->problem_mark, at, "%s %s", p->context, problem);
    return fail(ld, SLOT_ESYNTAX, p->problem_mark, at, "%s", problem);
}

/* ---- Anchors ----------------------------------------------------------------- */

static uint64_t name_hash(const char *name)
{
    return slot_hash(0, name, strlen(name));
}

/* The anchor called NAME, or -1. */
static long find_anchor(const loader *ld, const char *name)
{
    size_t mask = ld->index_cap - 1, i;
    if (!ld->index_cap)
        return -1;
    for (i = (size_t)name_hash(name) & mask; ld->index[i]; i = (i + 1) & mask) {
        const anchor *a = &ld->anchors[ld->index[i] - 1];
        if (strcmp(a->name, name) == 0)
            return (long)(ld->index[i] - 1);
    }
    return -1;
}

/* Enters anchor K in INDEX (CAP slots), over an older one of its name. */
static void index_put(uint32_t *index, size_t cap, const anchor *anchors, size_t k)
{
    size_t mask = cap - 1, i;
    for (i = (size_t)name_hash(anchors[k].name) & mask; index[i]; i = (i + 1) & mask)
        if (strcmp(anchors[index[i] - 1].name, anchors[k].name) == 0)
            break;
    index[i] = (uint32_t)(k + 1);
}

/* Defines anchor NAME over records[REC].ev[BEGIN, END). */
static bool add_anchor(loader *ld, const char *name, size_t rec, size_t begin, size_t end,
                       size_t nodes)
{
    anchor *a;
    if (ld->nanchors >= UINT32_MAX - 1 ||
        !grow((void **)&ld->anchors, &ld->anchors_cap, ld->nanchors, sizeof *ld->anchors))
        return false;
    /* The index stays at most half full. */
    if ((ld->nanchors + 1) * 2 > ld->index_cap) {
        size_t cap = ld->index_cap ? ld->index_cap * 2 : 16, k;
        uint32_t *index;
        if (cap > SIZE_MAX / sizeof *index)
            return false;
        index = (uint32_t *)slot_malloc(cap * sizeof *index);
        if (!index)
            return false;
        memset(index, 0, cap * sizeof *index);
        for (k = 0; k < ld->nanchors; k++)
            index_put(index, cap, ld->anchors, k);
        slot_free(ld->index);
        ld->index = index;
        ld->index_cap = cap;
    }
    a = &ld->anchors[ld->nanchors];
    a->name = name;
    a->rec = rec;
    a->begin = begin;
    a->end = end;
    a->nodes = nodes;
    index_put(ld->index, ld->index_cap, ld->anchors, ld->nanchors++);
    return true;
}

/* Forgets the document's anchors and frees their records. */
static void drop_anchors(loader *ld)
{
    size_t r, i;
    for (r = 0; r < ld->nrecs; r++) {
        for (i = 0; i < ld->recs[r].n; i++)
            yaml_event_delete(&ld->recs[r].ev[i].y);
        slot_free(ld->recs[r].ev);
    }
    ld->nrecs = 0;
    ld->nanchors = 0;
    if (ld->index)
        memset(ld->index, 0, ld->index_cap * sizeof *ld->index);
}

/* ---- Reading events ---------------------------------------------------------- */

static const char *anchor_of(const yaml_event_t *e)
{
    switch (e->type) {
    case YAML_SCALAR_EVENT:
        return (const char *)e->data.scalar.anchor;
    case YAML_SEQUENCE_START_EVENT:
        return (const char *)e->data.sequence_start.anchor;
    case YAML_MAPPING_START_EVENT:
        return (const char *)e->data.mapping_start.anchor;
    default:
        return NULL;
    }
}

static bool starts_node(const yaml_event_t *e)
{
    return e->type == YAML_SCALAR_EVENT || e->type == YAML_SEQUENCE_START_EVENT ||
           e->type == YAML_MAPPING_START_EVENT || e->type == YAML_ALIAS_EVENT;
}

static bool opens(const yaml_event_t *e)
{
    return e->type == YAML_SEQUENCE_START_EVENT || e->type == YAML_MAPPING_START_EVENT;
}

static bool closes(const yaml_event_t *e)
{
    return e->type == YAML_SEQUENCE_END_EVENT || e->type == YAML_MAPPING_END_EVENT;
}

static slot_status too_many_nodes(loader *ld, yaml_mark_t at, const step *path)
{
    return fail(ld, SLOT_ELIMIT, at, path, "more than %zu nodes, aliases expanded", ld->max_nodes);
}

static slot_status too_deep(loader *ld, yaml_mark_t at, const step *path)
{
    return fail(ld, SLOT_ELIMIT, at, path, "nesting deeper than %zu", ld->max_depth);
}

/* Counts node E toward max_nodes: one, or what its alias expands to. */
static slot_status count_node(loader *ld, const yaml_event_t *e, size_t target, const step *at)
{
    size_t n = e->type == YAML_ALIAS_EVENT ? ld->anchors[target].nodes : 1;
    ld->nodes = add_sat(ld->nodes, n);
    return ld->nodes > ld->max_nodes ? too_many_nodes(ld, e->start_mark, at) : SLOT_OK;
}

/* The anchor alias E names, for an alias read from the parser. */
static slot_status resolve(loader *ld, const yaml_event_t *e, size_t *target, const step *at)
{
    long k = find_anchor(ld, (const char *)e->data.alias.anchor);
    if (k < 0)
        return fail(ld, SLOT_ESYNTAX, e->start_mark, at, "alias *%s names no anchor",
                    (const char *)e->data.alias.anchor);
    *target = (size_t)k;
    return SLOT_OK;
}

/* Keeps the events of the node FIRST starts, read from the parser, in a new
 * record, and defines its anchor and those of the nodes inside it.  FIRST
 * moves into the record; so does every event read. */
static slot_status record_node(loader *ld, yaml_event_t *first, size_t *anchor_id, const step *at)
{
    record *r;
    size_t rec, depth = 0, n;
    slot_status st = SLOT_OK;
    if (!grow((void **)&ld->recs, &ld->recs_cap, ld->nrecs, sizeof *ld->recs)) {
        yaml_event_delete(first);
        return fail(ld, SLOT_ENOMEM, first->start_mark, at, "out of memory");
    }
    rec = ld->nrecs++;
    r = &ld->recs[rec];
    memset(r, 0, sizeof *r);
    for (;;) {
        yaml_event_t y;
        kept *k;
        if (r->n == 0) {
            y = *first;
        } else if (!yaml_parser_parse(&ld->parser, &y)) {
            return parse_failed(ld, at);
        }
        if (!grow((void **)&r->ev, &r->cap, r->n, sizeof *r->ev)) {
            yaml_mark_t m = y.start_mark;
            yaml_event_delete(&y);
            return fail(ld, SLOT_ENOMEM, m, at, "out of memory");
        }
        k = &r->ev[r->n++];
        k->y = y;
        k->target = 0;
        if (k->y.type == YAML_ALIAS_EVENT)
            st = resolve(ld, &k->y, &k->target, at);
        if (st == SLOT_OK && starts_node(&k->y))
            st = count_node(ld, &k->y, k->target, at);
        if (st == SLOT_OK && opens(&k->y) && ld->depth + depth + 1 > ld->max_depth)
            st = too_deep(ld, k->y.start_mark, at);
        if (st != SLOT_OK)
            return st;
        if (opens(&k->y)) {
            open_node *o;
            if (!grow((void **)&ld->open, &ld->open_cap, depth, sizeof *ld->open))
                return fail(ld, SLOT_ENOMEM, k->y.start_mark, at, "out of memory");
            o = &ld->open[depth++];
            o->anchored = anchor_of(&k->y) != NULL;
            o->begin = r->n - 1;
            o->nodes = ld->nodes - 1;
            continue;
        }
        if (closes(&k->y)) {
            open_node *o = &ld->open[--depth];
            if (!o->anchored)
                continue;
            n = o->begin;
            if (!add_anchor(ld, anchor_of(&r->ev[n].y), rec, n, r->n, ld->nodes - o->nodes))
                return fail(ld, SLOT_ENOMEM, k->y.start_mark, at, "out of memory");
        } else if (anchor_of(&k->y)) {
            if (!add_anchor(ld, anchor_of(&k->y), rec, r->n - 1, r->n, 1))
                return fail(ld, SLOT_ENOMEM, k->y.start_mark, at, "out of memory");
        }
        if (depth == 0)
            break;
    }
    *anchor_id = ld->nanchors - 1;
    return SLOT_OK;
}

/* Starts replaying anchor K. */
static slot_status push_replay(loader *ld, size_t k, yaml_mark_t at, const step *path)
{
    const anchor *a = &ld->anchors[k];
    cursor *c;
    if (!grow((void **)&ld->replay, &ld->replay_cap, ld->nreplay, sizeof *ld->replay))
        return fail(ld, SLOT_ENOMEM, at, path, "out of memory");
    c = &ld->replay[ld->nreplay++];
    c->pos = ld->recs[a->rec].ev + a->begin;
    c->end = ld->recs[a->rec].ev + a->end;
    return SLOT_OK;
}

/* Reads the next event into EV: from the alias being replayed, else from
 * the parser.  Anchored nodes are recorded and replayed at once; aliases
 * replay what they name.  Counts nodes and nesting.  AT is the path, for
 * messages. */
static slot_status next(loader *ld, event *ev, const step *at)
{
    slot_status st;
    for (;;) {
        const yaml_event_t *e;
        size_t target = 0;
        if (ld->nreplay) {
            cursor *c = &ld->replay[ld->nreplay - 1];
            if (c->pos == c->end) {
                ld->nreplay--;
                continue;
            }
            e = &c->pos->y;
            target = c->pos->target;
            c->pos++;
        } else {
            if (!yaml_parser_parse(&ld->parser, &ev->own))
                return parse_failed(ld, at);
            e = &ev->own;
            if (e->type == YAML_ALIAS_EVENT) {
                st = resolve(ld, e, &target, at);
                if (st == SLOT_OK)
                    st = count_node(ld, e, target, at);
            } else if (starts_node(e)) {
                st = count_node(ld, e, 0, at);
            } else {
                st = SLOT_OK;
            }
            if (st == SLOT_OK && anchor_of(e)) {
                size_t k = 0;
                if (ld->top_seq && e->type == YAML_SEQUENCE_START_EVENT) {
                    st = fail(ld, SLOT_ESYNTAX, e->start_mark, at,
                              "an anchor on the top sequence would keep every instance");
                } else {
                    /* The node counts once, where it is read. */
                    ld->nodes--;
                    st = record_node(ld, &ev->own, &k, at);
                    if (st == SLOT_OK)
                        st = push_replay(ld, k, e->start_mark, at);
                    if (st == SLOT_OK)
                        continue;
                    return st;
                }
            }
            if (st != SLOT_OK) {
                yaml_event_delete(&ev->own);
                return st;
            }
        }
        ld->top_seq = false;
        if (e->type == YAML_ALIAS_EVENT) {
            yaml_mark_t m = e->start_mark;
            if (e == &ev->own)
                yaml_event_delete(&ev->own);
            st = push_replay(ld, target, m, at);
            if (st != SLOT_OK)
                return st;
            continue;
        }
        if (opens(e) && ++ld->depth > ld->max_depth) {
            yaml_mark_t m = e->start_mark;
            if (e == &ev->own)
                yaml_event_delete(&ev->own);
            return too_deep(ld, m, at);
        }
        if (closes(e))
            ld->depth--;
        ev->e = e;
        ev->target = target;
        return SLOT_OK;
    }
}

static void done(event *ev)
{
    if (ev->e == &ev->own)
        yaml_event_delete(&ev->own);
    ev->e = NULL;
}

/* ---- Scalars ----------------------------------------------------------------- */

#define TAG_STR "tag:yaml.org,2002:str"

static const char *tag_of(const yaml_event_t *e)
{
    switch (e->type) {
    case YAML_SCALAR_EVENT:
        return (const char *)e->data.scalar.tag;
    case YAML_SEQUENCE_START_EVENT:
        return (const char *)e->data.sequence_start.tag;
    case YAML_MAPPING_START_EVENT:
        return (const char *)e->data.mapping_start.tag;
    default:
        return NULL;
    }
}

/* Tags: a scalar may say it is a string, a collection what it is. */
static slot_status check_tag(loader *ld, const yaml_event_t *e, const step *at)
{
    const char *tag = tag_of(e), *fits;
    if (!tag)
        return SLOT_OK;
    fits = e->type == YAML_SCALAR_EVENT          ? TAG_STR
           : e->type == YAML_MAPPING_START_EVENT ? "tag:yaml.org,2002:map"
                                                 : "tag:yaml.org,2002:seq";
    if (strcmp(tag, fits) == 0 || (e->type == YAML_SCALAR_EVENT && strcmp(tag, "!") == 0))
        return SLOT_OK;
    return fail(ld, SLOT_ESYNTAX, e->start_mark, at, "tag %s is not supported", tag);
}

/* Whether scalar E is read by the core schema (plain and untagged). */
static bool is_plain(const yaml_event_t *e)
{
    return e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !e->data.scalar.tag;
}

static bool is_null(const yaml_event_t *e)
{
    return e->type == YAML_SCALAR_EVENT && is_plain(e) &&
           io_plain_null((const char *)e->data.scalar.value, e->data.scalar.length);
}

static const char *scalar_text(const yaml_event_t *e)
{
    return (const char *)e->data.scalar.value;
}

/* How a message names what the text gave: "not a string". */
static const char *kind_word(const yaml_event_t *e)
{
    if (e->type == YAML_MAPPING_START_EVENT)
        return "a mapping";
    if (e->type == YAML_SEQUENCE_START_EVENT)
        return "a sequence";
    if (!is_plain(e))
        return "a string";
    switch (io_plain(scalar_text(e), e->data.scalar.length, false, NULL)) {
    case PLAIN_NULL:
        return "null";
    case PLAIN_BOOL:
        return "a bool";
    case PLAIN_INT:
    case PLAIN_RANGE:
        return "an integer";
    case PLAIN_FLOAT:
        return "a float";
    case PLAIN_STR:
        break;
    }
    return "a string";
}

/* The value of scalar E, typed by the core schema when it is plain (a
 * float as F32 wants it).  SLOT_ERANGE for an integer no 64-bit type
 * holds; SLOT_ETYPE for a string with a NUL, which C text cannot hold. */
static slot_status scalar_value(const yaml_event_t *e, bool f32, slot_value *out)
{
    const char *s = scalar_text(e);
    size_t len = e->data.scalar.length;
    if (is_plain(e)) {
        plain_type t = io_plain(s, len, f32, out);
        if (t == PLAIN_RANGE)
            return SLOT_ERANGE;
        if (t == PLAIN_NULL)
            *out = slot_none();
        if (t != PLAIN_STR)
            return SLOT_OK;
    }
    if (memchr(s, '\0', len))
        return SLOT_ETYPE;
    *out = slot_str(s);
    return SLOT_OK;
}

/* ---- Instances --------------------------------------------------------------- */

static slot_status load_mapping(loader *ld, const slot_class *cls, unsigned char *obj,
                                const step *at);

static void mark_set(const slot_member *m, unsigned char *obj)
{
    obj[m->pbyte] |= m->pmask;
}

/* The message for ST from setting slot M of CLS from scalar V. */
static slot_status set_failed(loader *ld, slot_status st, const slot_class *cls,
                              const slot_member *m, const yaml_event_t *v, const step *at)
{
    char text[400];
    worded(text, sizeof text, cls, m->name, st);
    if (st == SLOT_ETYPE && memchr(scalar_text(v), '\0', v->data.scalar.length))
        return fail(ld, st, v->start_mark, at, "%s, not a string with a NUL byte", text);
    if (st == SLOT_ETYPE)
        return fail(ld, st, v->start_mark, at, "%s, not %s", text, kind_word(v));
    return fail(ld, st, v->start_mark, at, "%s", text);
}

/* Scalar V into item I of slot M (I is 0 for a slot that is no array). */
static slot_status load_scalar(loader *ld, const slot_class *cls, const slot_member *m,
                               unsigned char *obj, size_t i, const yaml_event_t *v, const step *at)
{
    slot_value x;
    slot_status st = check_tag(ld, v, at);
    if (st != SLOT_OK)
        return st;
    if (m->type == SLOT_T_REF) {
        char text[400];
        if (is_null(v))
            return slot_i_member_set(m, obj, i, slot_obj(NULL));
        return fail(ld, SLOT_ETYPE, v->start_mark, at,
                    "%s, not %s: a reference loads only from null",
                    worded(text, sizeof text, cls, m->name, SLOT_ETYPE), kind_word(v));
    }
    st = scalar_value(v, m->type == SLOT_T_F32, &x);
    if (st == SLOT_OK)
        st = x.kind == SLOT_NONE ? SLOT_ETYPE : slot_i_member_set(m, obj, i, x);
    return st == SLOT_OK ? SLOT_OK : set_failed(ld, st, cls, m, v, at);
}

/* A node of the wrong kind for slot M: "... must be Point, not a
 * sequence". */
static slot_status wrong_kind(loader *ld, const slot_class *cls, const slot_member *m,
                              const yaml_event_t *v, const step *at)
{
    char text[400];
    if (m->count && v->type != YAML_SEQUENCE_START_EVENT)
        return fail(ld, SLOT_ESYNTAX, v->start_mark, at,
                    "'%s' object attribute '%s' must be a sequence of %u items, not %s", cls->name,
                    m->name, (unsigned)m->count, kind_word(v));
    return fail(ld, SLOT_ESYNTAX, v->start_mark, at, "%s, not %s",
                worded(text, sizeof text, cls, m->name, SLOT_ETYPE), kind_word(v));
}

/* The sequence of array M, whose SEQUENCE_START is SEQ. */
static slot_status load_items(loader *ld, const slot_class *cls, const slot_member *m,
                              unsigned char *obj, const yaml_event_t *seq, const step *at)
{
    const slot_class *k = m->type == SLOT_T_OBJ ? (const slot_class *)m->info : NULL;
    slot_status st = SLOT_OK;
    size_t i;
    for (i = 0;; i++) {
        step s = {at, NULL, 0, i};
        event item;
        st = next(ld, &item, &s);
        if (st != SLOT_OK)
            return st;
        if (item.e->type == YAML_SEQUENCE_END_EVENT) {
            done(&item);
            break;
        }
        if (i >= m->count) {
            st = fail(ld, SLOT_ERANGE, item.e->start_mark, &s,
                      "'%s' object attribute '%s' takes %u items, not more", cls->name, m->name,
                      (unsigned)m->count);
        } else if (k && item.e->type == YAML_MAPPING_START_EVENT) {
            st = check_tag(ld, item.e, &s);
            if (st == SLOT_OK)
                st = load_mapping(ld, k, obj + m->offset + i * m->size, &s);
        } else if (!k && item.e->type == YAML_SCALAR_EVENT) {
            st = load_scalar(ld, cls, m, obj, i, item.e, &s);
        } else {
            char text[400];
            st = fail(ld, SLOT_ESYNTAX, item.e->start_mark, &s, "%s, not %s",
                      worded(text, sizeof text, cls, m->name, SLOT_ETYPE), kind_word(item.e));
        }
        done(&item);
        if (st != SLOT_OK)
            return st;
    }
    if (i < m->count)
        return fail(ld, SLOT_ERANGE, seq->start_mark, at,
                    "'%s' object attribute '%s' takes %u items, not %zu", cls->name, m->name,
                    (unsigned)m->count, i);
    mark_set(m, obj);
    return SLOT_OK;
}

/* The value of slot M: null leaves it as init made it. */
static slot_status load_slot(loader *ld, const slot_class *cls, const slot_member *m,
                             unsigned char *obj, const step *at)
{
    event v;
    slot_status st = next(ld, &v, at);
    if (st != SLOT_OK)
        return st;
    st = check_tag(ld, v.e, at);
    if (st != SLOT_OK) {
        /* reported */
    } else if (is_null(v.e)) {
        /* unset, or at its default; a reference loads only from null */
    } else if (m->count) {
        st = v.e->type == YAML_SEQUENCE_START_EVENT ? load_items(ld, cls, m, obj, v.e, at)
                                                    : wrong_kind(ld, cls, m, v.e, at);
    } else if (m->type == SLOT_T_OBJ) {
        if (v.e->type != YAML_MAPPING_START_EVENT) {
            st = wrong_kind(ld, cls, m, v.e, at);
        } else {
            st = load_mapping(ld, (const slot_class *)m->info, obj + m->offset, at);
            if (st == SLOT_OK)
                mark_set(m, obj);
        }
    } else if (v.e->type != YAML_SCALAR_EVENT) {
        st = wrong_kind(ld, cls, m, v.e, at);
    } else {
        st = load_scalar(ld, cls, m, obj, 0, v.e, at);
    }
    done(&v);
    return st;
}

/* A key that names no slot: into the dict of a dict class, which takes
 * scalars; refused by any other class as slot_setattr refuses it. */
static slot_status load_extra(loader *ld, const slot_class *cls, unsigned char *obj,
                              const yaml_event_t *key, const step *at)
{
    const char *name = scalar_text(key);
    size_t len = key->data.scalar.length;
    char text[400];
    slot_value x, old;
    slot_dict *dict;
    slot_status st;
    event v;
    if (!(cls->flags & SLOT_C_DICT)) {
        /* A refusal looks at the name alone: no value is converted. */
        st = slot_i_setattrn(cls, obj, name, len, slot_none());
        return fail(ld, st, key->start_mark, at, "%s", worded(text, sizeof text, cls, name, st));
    }
    if (memchr(name, '\0', len))
        return fail(ld, SLOT_ETYPE, key->start_mark, at, "a key cannot hold a NUL byte");
    memcpy(&dict, obj + cls->dict_offset, sizeof dict);
    if (slot_dict_get(dict, name, len, &old) == SLOT_OK)
        return fail(ld, SLOT_ESYNTAX, key->start_mark, at, "key '%s' given twice", name);
    st = next(ld, &v, at);
    if (st != SLOT_OK)
        return st;
    st = check_tag(ld, v.e, at);
    if (st != SLOT_OK) {
        /* reported */
    } else if (v.e->type != YAML_SCALAR_EVENT) {
        st = fail(ld, SLOT_ESYNTAX, v.e->start_mark, at,
                  "'%s' object attribute '%s' is no slot, and the dict holds scalars, not %s",
                  cls->name, name, kind_word(v.e));
    } else {
        st = scalar_value(v.e, false, &x);
        if (st == SLOT_OK)
            st = slot_i_setattrn(cls, obj, name, len, x);
        if (st == SLOT_ETYPE)
            st = fail(ld, st, v.e->start_mark, at,
                      "'%s' object attribute '%s' cannot hold a NUL byte", cls->name, name);
        else if (st != SLOT_OK)
            st = fail(ld, st, v.e->start_mark, at, "%s", worded(text, sizeof text, cls, name, st));
    }
    done(&v);
    return st;
}

/* Bits of the slots a mapping gave, to find a key given twice: on the
 * stack for classes of up to 256 slots. */
#define SEEN_ON_STACK 4

/* The keys and values of a mapping, whose MAPPING_START was read, into
 * OBJ, a CLS instance in its init state. */
static slot_status load_mapping(loader *ld, const slot_class *cls, unsigned char *obj,
                                const step *at)
{
    uint64_t stack[SEEN_ON_STACK], *seen = stack;
    size_t words = (cls->count + 63) / 64;
    slot_status st = SLOT_OK;
    if (words > SEEN_ON_STACK) {
        seen = (uint64_t *)slot_malloc(words * sizeof *seen);
        if (!seen)
            return fail(ld, SLOT_ENOMEM, ld->parser.mark, at, "out of memory");
    }
    memset(seen, 0, (words ? words : 1) * sizeof *seen);
    for (;;) {
        event key;
        step s = {at, NULL, 0, 0};
        int i;
        st = next(ld, &key, at);
        if (st != SLOT_OK)
            break;
        if (key.e->type == YAML_MAPPING_END_EVENT) {
            done(&key);
            break;
        }
        if (key.e->type != YAML_SCALAR_EVENT) {
            st = fail(ld, SLOT_ESYNTAX, key.e->start_mark, at, "a key must be a name, not %s",
                      kind_word(key.e));
            done(&key);
            break;
        }
        st = check_tag(ld, key.e, at);
        if (st != SLOT_OK) {
            done(&key);
            break;
        }
        s.key = scalar_text(key.e);
        s.len = key.e->data.scalar.length;
        i = slot_index(cls, s.key, s.len);
        if (i >= 0 && (seen[i / 64] >> (i % 64) & 1)) {
            st = fail(ld, SLOT_ESYNTAX, key.e->start_mark, &s, "key '%s' given twice", s.key);
        } else if (i >= 0) {
            seen[i / 64] |= UINT64_C(1) << (i % 64);
            st = load_slot(ld, cls, &cls->members[i], obj, &s);
        } else {
            st = load_extra(ld, cls, obj, key.e, &s);
        }
        done(&key);
        if (st != SLOT_OK)
            break;
    }
    if (seen != stack)
        slot_free(seen);
    return st;
}

/* ---- Loads --------------------------------------------------------------------- */

static const slot_io_opts defaults = {SLOT_YAML, DEFAULT_DEPTH, 0, DEFAULT_NODES};

static bool start(loader *ld, const slot_io_opts *opts, const char *name, slot_io_error *err)
{
    if (!opts)
        opts = &defaults;
    memset(ld, 0, sizeof *ld);
    ld->max_depth = opts->max_depth ? opts->max_depth : DEFAULT_DEPTH;
    ld->max_bytes = opts->max_bytes;
    ld->max_nodes = opts->max_nodes ? opts->max_nodes : DEFAULT_NODES;
    ld->name = name ? name : "<input>";
    ld->err = err;
    memset(err, 0, sizeof *err);
    if (!yaml_parser_initialize(&ld->parser)) {
        yaml_mark_t m = {0, 0, 0};
        fail(ld, SLOT_ENOMEM, m, NULL, "out of memory");
        return false;
    }
    yaml_parser_set_input(&ld->parser, read_input, ld);
    return true;
}

static void finish(loader *ld)
{
    drop_anchors(ld);
    slot_free(ld->recs);
    slot_free(ld->anchors);
    slot_free(ld->index);
    slot_free(ld->replay);
    slot_free(ld->open);
    yaml_parser_delete(&ld->parser);
}

/* Reads the next event, which must be of type T (stream and document
 * events, which carry no node). */
static slot_status expect(loader *ld, yaml_event_type_t t, event *ev)
{
    slot_status st = next(ld, ev, NULL);
    if (st == SLOT_OK && ev->e->type != t) {
        /* libyaml only ever gives the events its grammar allows. */
        st = fail(ld, SLOT_ESYNTAX, ev->e->start_mark, NULL, "unexpected YAML event");
        done(ev);
    }
    return st;
}

/* "'Point' must be a mapping, not a sequence". */
static slot_status not_mapping(loader *ld, const slot_class *cls, const yaml_event_t *e,
                               const step *at)
{
    return fail(ld, SLOT_ESYNTAX, e->start_mark, at, "'%s' must be a mapping, not %s", cls->name,
                kind_word(e));
}

/* Moves SCRATCH, a loaded CLS instance, into OBJ, whose old value is
 * freed.  OBJ stays the same object, as with CLS's copy: its own weak
 * references live on, those to instances embedded in it end. */
static void commit(const slot_class *cls, void *obj, void *scratch)
{
    unsigned char *p = (unsigned char *)obj;
    slot_weakref *refs = NULL;
    if (cls->flags & SLOT_C_WEAKREF) {
        memcpy(&refs, p + cls->weakref_offset, sizeof refs);
        memset(p + cls->weakref_offset, 0, sizeof refs);
    }
    slot_clear(cls, obj);
    memcpy(obj, scratch, cls->size);
    if (cls->flags & SLOT_C_WEAKREF)
        memcpy(p + cls->weakref_offset, &refs, sizeof refs);
}

/* One document holding one mapping, into SCRATCH. */
static slot_status load_one(loader *ld, const slot_class *cls, void *scratch)
{
    event ev;
    slot_status st = expect(ld, YAML_STREAM_START_EVENT, &ev);
    if (st != SLOT_OK)
        return st;
    done(&ev);
    st = next(ld, &ev, NULL);
    if (st != SLOT_OK)
        return st;
    if (ev.e->type == YAML_STREAM_END_EVENT) {
        st = fail(ld, SLOT_ESYNTAX, ev.e->start_mark, NULL, "'%s' must be a mapping, not nothing",
                  cls->name);
        done(&ev);
        return st;
    }
    done(&ev);
    st = next(ld, &ev, NULL);
    if (st != SLOT_OK)
        return st;
    if (ev.e->type != YAML_MAPPING_START_EVENT)
        st = not_mapping(ld, cls, ev.e, NULL);
    else
        st = check_tag(ld, ev.e, NULL);
    if (st == SLOT_OK)
        st = load_mapping(ld, cls, (unsigned char *)scratch, NULL);
    done(&ev);
    if (st == SLOT_OK)
        st = expect(ld, YAML_DOCUMENT_END_EVENT, &ev);
    if (st != SLOT_OK)
        return st;
    done(&ev);
    st = next(ld, &ev, NULL);
    if (st != SLOT_OK)
        return st;
    if (ev.e->type != YAML_STREAM_END_EVENT)
        st = fail(ld, SLOT_ESYNTAX, ev.e->start_mark, NULL,
                  "a second document (slot_load_each reads many)");
    done(&ev);
    return st;
}

/* A load of one instance, from the input LD was set up with. */
static slot_status load_into(loader *ld, const slot_class *cls, void *obj)
{
    void *scratch = slot_malloc(cls->size);
    slot_status st;
    if (!scratch) {
        yaml_mark_t m = {0, 0, 0};
        return fail(ld, SLOT_ENOMEM, m, NULL, "out of memory");
    }
    slot_init(cls, scratch);
    st = load_one(ld, cls, scratch);
    if (st == SLOT_OK)
        commit(cls, obj, scratch);
    else
        slot_clear(cls, scratch);
    slot_free(scratch);
    return st;
}

slot_status slot_load_text(const slot_class *cls, void *obj, const char *text, size_t len,
                           const char *name, const slot_io_opts *opts, slot_io_error *err)
{
    slot_io_error local;
    loader ld;
    slot_status st;
    if (!start(&ld, opts, name, err ? err : &local))
        return SLOT_ENOMEM;
    ld.text = (const unsigned char *)text;
    ld.len = len;
    st = load_into(&ld, cls, obj);
    finish(&ld);
    return st;
}

slot_status slot_load_file(const slot_class *cls, void *obj, FILE *in, const char *name,
                           const slot_io_opts *opts, slot_io_error *err)
{
    slot_io_error local;
    loader ld;
    slot_status st;
    if (!start(&ld, opts, name, err ? err : &local))
        return SLOT_ENOMEM;
    ld.in = in;
    st = load_into(&ld, cls, obj);
    finish(&ld);
    return st;
}

/* ---- Many instances -------------------------------------------------------------- */

typedef struct each {
    const slot_class *cls;
    void *obj; /* the one instance, in its init state between calls */
    slot_each_fn fn;
    void *ctx;
    size_t index;
} each;

/* One instance: the mapping whose MAPPING_START is E, then FN. */
static slot_status load_instance(loader *ld, each *w, const yaml_event_t *e, const step *at)
{
    yaml_mark_t m = e->start_mark;
    slot_status st = check_tag(ld, e, at);
    if (st == SLOT_OK)
        st = load_mapping(ld, w->cls, (unsigned char *)w->obj, at);
    if (st == SLOT_OK) {
        st = w->fn(w->obj, w->index, w->ctx);
        if (st != SLOT_OK)
            fail(ld, st, m, at, "instance %zu: stopped: %s", w->index, slot_strerror(st));
    }
    w->index++;
    slot_clear(w->cls, w->obj);
    return st;
}

/* The items of a top sequence, each an instance. */
static slot_status load_sequence(loader *ld, each *w)
{
    size_t i;
    for (i = 0;; i++) {
        step s = {NULL, NULL, 0, i};
        event item;
        slot_status st;
        ld->nodes = 0; /* max_nodes holds per instance */
        st = next(ld, &item, &s);
        if (st != SLOT_OK)
            return st;
        if (item.e->type == YAML_SEQUENCE_END_EVENT) {
            done(&item);
            return SLOT_OK;
        }
        st = item.e->type == YAML_MAPPING_START_EVENT ? load_instance(ld, w, item.e, &s)
                                                      : not_mapping(ld, w->cls, item.e, &s);
        done(&item);
        if (st != SLOT_OK)
            return st;
    }
}

/* One document: a mapping, a sequence of mappings, or nothing. */
static slot_status load_document(loader *ld, each *w)
{
    event root;
    slot_status st;
    ld->top_seq = true;
    ld->nodes = 0;
    st = next(ld, &root, NULL);
    ld->top_seq = false;
    if (st != SLOT_OK)
        return st;
    if (root.e->type == YAML_MAPPING_START_EVENT)
        st = load_instance(ld, w, root.e, NULL);
    else if (root.e->type == YAML_SEQUENCE_START_EVENT)
        st = check_tag(ld, root.e, NULL) == SLOT_OK ? load_sequence(ld, w) : ld->err->status;
    else if (!is_null(root.e))
        st = fail(ld, SLOT_ESYNTAX, root.e->start_mark, NULL,
                  "a document must be a mapping or a sequence of mappings, not %s",
                  kind_word(root.e));
    done(&root);
    if (st != SLOT_OK)
        return st;
    st = expect(ld, YAML_DOCUMENT_END_EVENT, &root);
    if (st == SLOT_OK)
        done(&root);
    drop_anchors(ld);
    return st;
}

slot_status slot_load_each(const slot_class *cls, FILE *in, const char *name, slot_each_fn fn,
                           void *ctx, const slot_io_opts *opts, slot_io_error *err)
{
    slot_io_error local;
    loader ld;
    each w = {cls, NULL, fn, ctx, 0};
    event ev;
    slot_status st;
    if (!start(&ld, opts, name, err ? err : &local))
        return SLOT_ENOMEM;
    ld.in = in;
    w.obj = slot_malloc(cls->size);
    if (!w.obj) {
        yaml_mark_t m = {0, 0, 0};
        st = fail(&ld, SLOT_ENOMEM, m, NULL, "out of memory");
        finish(&ld);
        return st;
    }
    slot_init(cls, w.obj);
    st = expect(&ld, YAML_STREAM_START_EVENT, &ev);
    if (st == SLOT_OK)
        done(&ev);
    while (st == SLOT_OK) {
        st = next(&ld, &ev, NULL);
        if (st != SLOT_OK)
            break;
        if (ev.e->type == YAML_STREAM_END_EVENT) {
            done(&ev);
            break;
        }
        done(&ev);
        st = load_document(&ld, &w);
    }
    slot_clear(cls, w.obj);
    slot_free(w.obj);
    finish(&ld);
    return st;
}
