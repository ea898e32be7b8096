/* loader.h - what the two files of the loader share: its state, the
 * events it reads (events.c) and walks into instances (load.c), and the
 * path of the node being loaded.  Private to libslot_io.
 */
#ifndef SLOT_IO_LOADER_H_INCLUDED
#define SLOT_IO_LOADER_H_INCLUDED

#include <slot/io.h>

#include <yaml.h>

/* The records of anchored nodes (events.c). */
typedef struct record record;
typedef struct anchor anchor;
typedef struct cursor cursor;
typedef struct open_node open_node;

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

/* Fills *LD for a load with OPTS (NULL: the defaults) whose messages name
 * NAME and go to ERR; the caller then sets LD->text and LD->len, or
 * LD->in.  False (ERR filled) when libyaml has no memory. */
bool slot_i_load_start(loader *ld, const slot_io_opts *opts, const char *name, slot_io_error *err);
/* Frees what LD holds: records, anchors, the parser. */
void slot_i_load_finish(loader *ld);

/* Fills LD->err (status ST, position AT, the path of PATH, the message)
 * and returns ST. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 5, 6)))
#endif
slot_status
slot_i_load_fail(loader *ld, slot_status st, yaml_mark_t at, const step *path, const char *fmt,
                 ...);

/* Reads the next event into EV: from the alias being replayed, else from
 * the parser.  Anchored nodes are recorded and replayed at once; aliases
 * replay what they name.  Counts nodes and nesting.  AT is the path, for
 * messages.  An event read must be given back with done(). */
slot_status slot_i_load_next(loader *ld, event *ev, const step *at);

/* Reads the next event, which must be of type T (stream and document
 * events, which carry no node). */
slot_status slot_i_load_expect(loader *ld, yaml_event_type_t t, event *ev);

/* Forgets the document's anchors and frees their records. */
void slot_i_load_drop_anchors(loader *ld);

/* Gives back the event EV holds, deleting it when it came from the parser;
 * inline, since every event of a load passes here. */
static inline void done(event *ev)
{
    if (ev->e == &ev->own)
        yaml_event_delete(&ev->own);
    ev->e = NULL;
}

#endif
