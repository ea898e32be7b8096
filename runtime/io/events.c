/* events.c - the events the loader walks (load.c): libyaml's parser, fed
 * from a string or a FILE within max_bytes, its failures worded; anchored
 * nodes recorded and aliases replayed; nodes and nesting counted against
 * their limits; and the messages of every failed load.
 *
 * Anchors and aliases: an anchored node's events are kept (a record) until
 * the end of its document, and an alias replays them.  Each node counts
 * toward max_nodes once where it is read and again at every alias that
 * replays it (its record knows its size, aliases inside it included), so
 * a text whose aliases expand past the limit fails at the alias, having
 * used no more memory than its own text.
 */
#include "loader.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>

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
struct record {
    kept *ev;
    size_t n, cap;
};

struct anchor {
    const char *name; /* the anchor's text, in its first event */
    size_t rec;       /* its events: records[rec].ev[begin, end) */
    size_t begin, end;
    size_t nodes; /* nodes the events stand for, aliases inside expanded */
};

/* An alias being replayed. */
struct cursor {
    const kept *pos, *end;
};

/* A collection open while a record is made. */
struct open_node {
    bool anchored;
    size_t begin; /* its first event in the record */
    size_t nodes; /* loader.nodes when it began */
};

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

slot_status slot_i_load_fail(loader *ld, slot_status st, yaml_mark_t at, const step *path,
                             const char *fmt, ...)
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
        return slot_i_load_fail(ld, SLOT_ENOMEM, p->mark, at, "out of memory");
    if (p->error == YAML_READER_ERROR) {
        m = reader_mark(p);
        if (ld->stop == STOP_LIMIT)
            return slot_i_load_fail(ld, SLOT_ELIMIT, m, at, "input longer than %zu bytes",
                                    ld->max_bytes);
        if (ld->stop == STOP_IO)
            return slot_i_load_fail(ld, SLOT_EIO, m, at, "cannot read: %s", strerror(ld->io_errno));
        if (p->problem_value >= 0x80 && strstr(problem, "octet"))
            return slot_i_load_fail(ld, SLOT_ESYNTAX, m, at, "%s 0x%02X", problem,
                                    (unsigned)p->problem_value);
        if (p->problem_value >= 0)
            return slot_i_load_fail(ld, SLOT_ESYNTAX, m, at, "%s (U+%04X)", problem,
                                    (unsigned)p->problem_value);
        return slot_i_load_fail(ld, SLOT_ESYNTAX, m, at, "%s", problem);
    }
    if (p->context && (p->context_mark.line != p->problem_mark.line ||
                       p->context_mark.column != p->problem_mark.column))
        return slot_i_load_fail(ld, SLOT_ESYNTAX, p->problem_mark, at, "%s (%s at %zu:%zu)",
                                problem, p->context, p->context_mark.line + 1,
                                p->context_mark.column + 1);
    if (p->context)
        return slot_i_load_fail(ld, SLOT_ESYNTAX, p->problem_mark, at, "%s %s", p->context,
                                problem);
    return slot_i_load_fail(ld, SLOT_ESYNTAX, p->problem_mark, at, "%s", problem);
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
void slot_i_load_drop_anchors(loader *ld)
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
    return slot_i_load_fail(ld, SLOT_ELIMIT, at, path, "more than %zu nodes, aliases expanded",
                            ld->max_nodes);
}

static slot_status too_deep(loader *ld, yaml_mark_t at, const step *path)
{
    return slot_i_load_fail(ld, SLOT_ELIMIT, at, path, "nesting deeper than %zu", ld->max_depth);
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
        return slot_i_load_fail(ld, SLOT_ESYNTAX, e->start_mark, at, "alias *%s names no anchor",
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
        return slot_i_load_fail(ld, SLOT_ENOMEM, first->start_mark, at, "out of memory");
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
            return slot_i_load_fail(ld, SLOT_ENOMEM, m, at, "out of memory");
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
                return slot_i_load_fail(ld, SLOT_ENOMEM, k->y.start_mark, at, "out of memory");
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
                return slot_i_load_fail(ld, SLOT_ENOMEM, k->y.start_mark, at, "out of memory");
        } else if (anchor_of(&k->y)) {
            if (!add_anchor(ld, anchor_of(&k->y), rec, r->n - 1, r->n, 1))
                return slot_i_load_fail(ld, SLOT_ENOMEM, k->y.start_mark, at, "out of memory");
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
        return slot_i_load_fail(ld, SLOT_ENOMEM, at, path, "out of memory");
    c = &ld->replay[ld->nreplay++];
    c->pos = ld->recs[a->rec].ev + a->begin;
    c->end = ld->recs[a->rec].ev + a->end;
    return SLOT_OK;
}

/* Reads the next event into EV: from the alias being replayed, else from
 * the parser.  Anchored nodes are recorded and replayed at once; aliases
 * replay what they name.  Counts nodes and nesting.  AT is the path, for
 * messages. */
slot_status slot_i_load_next(loader *ld, event *ev, const step *at)
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
                    st =
                        slot_i_load_fail(ld, SLOT_ESYNTAX, e->start_mark, at,
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

/* ---- Loads --------------------------------------------------------------------- */

static const slot_io_opts defaults = {SLOT_YAML, DEFAULT_DEPTH, 0, DEFAULT_NODES};

bool slot_i_load_start(loader *ld, const slot_io_opts *opts, const char *name, slot_io_error *err)
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
        slot_i_load_fail(ld, SLOT_ENOMEM, m, NULL, "out of memory");
        return false;
    }
    yaml_parser_set_input(&ld->parser, read_input, ld);
    return true;
}

void slot_i_load_finish(loader *ld)
{
    slot_i_load_drop_anchors(ld);
    slot_free(ld->recs);
    slot_free(ld->anchors);
    slot_free(ld->index);
    slot_free(ld->replay);
    slot_free(ld->open);
    yaml_parser_delete(&ld->parser);
}

/* Reads the next event, which must be of type T (stream and document
 * events, which carry no node). */
slot_status slot_i_load_expect(loader *ld, yaml_event_type_t t, event *ev)
{
    slot_status st = slot_i_load_next(ld, ev, NULL);
    if (st == SLOT_OK && ev->e->type != t) {
        /* libyaml only ever gives the events its grammar allows. */
        st = slot_i_load_fail(ld, SLOT_ESYNTAX, ev->e->start_mark, NULL, "unexpected YAML event");
        done(ev);
    }
    return st;
}
