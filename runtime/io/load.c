/* load.c - instances from YAML and JSON text: slot_load_text, slot_load_file
 * and slot_load_each.
 *
 * libyaml's parser gives a stream of events (events.c: the input, the
 * limits, anchors and aliases), which the loader walks with the class
 * tables in hand: a mapping's keys go through the class's
 * perfect hash (slot_index, with the length libyaml gives), scalars are
 * typed by the YAML 1.2 core schema (scalar.c) and set through libslot's
 * own conversions (slot_i_member_set), embedded classes and arrays recurse
 * into the instance's memory.  No tree is built: the only memory a load
 * holds besides the instance is libyaml's and what anchors keep.
 *
 * All or nothing: a load fills a scratch instance, which starts in CLS's
 * init state, and moves it into OBJ only once the whole text has loaded;
 * on an error the scratch is cleared and OBJ was never touched.
 */
#include "loader.h"

#include <stdlib.h>

#include "scalar.h"

/* What slot_format_error says about ST on slot NAME of CLS. */
static const char *worded(char *buf, size_t n, const slot_class *cls, const char *name,
                          slot_status st)
{
    slot_format_error(buf, n, cls, name, st);
    return buf;
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
    return slot_i_load_fail(ld, SLOT_ESYNTAX, e->start_mark, at, "tag %s is not supported", tag);
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
        return slot_i_load_fail(ld, st, v->start_mark, at, "%s, not a string with a NUL byte",
                                text);
    if (st == SLOT_ETYPE)
        return slot_i_load_fail(ld, st, v->start_mark, at, "%s, not %s", text, kind_word(v));
    return slot_i_load_fail(ld, st, v->start_mark, at, "%s", text);
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
        return slot_i_load_fail(ld, SLOT_ETYPE, v->start_mark, at,
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
        return slot_i_load_fail(ld, SLOT_ESYNTAX, v->start_mark, at,
                                "'%s' object attribute '%s' must be a sequence of %u items, not %s",
                                cls->name, m->name, (unsigned)m->count, kind_word(v));
    return slot_i_load_fail(ld, SLOT_ESYNTAX, v->start_mark, at, "%s, not %s",
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
        st = slot_i_load_next(ld, &item, &s);
        if (st != SLOT_OK)
            return st;
        if (item.e->type == YAML_SEQUENCE_END_EVENT) {
            done(&item);
            break;
        }
        if (i >= m->count) {
            st = slot_i_load_fail(ld, SLOT_ERANGE, item.e->start_mark, &s,
                                  "'%s' object attribute '%s' takes %u items, not more", cls->name,
                                  m->name, (unsigned)m->count);
        } else if (k && item.e->type == YAML_MAPPING_START_EVENT) {
            st = check_tag(ld, item.e, &s);
            if (st == SLOT_OK)
                st = load_mapping(ld, k, obj + m->offset + i * m->size, &s);
        } else if (!k && item.e->type == YAML_SCALAR_EVENT) {
            st = load_scalar(ld, cls, m, obj, i, item.e, &s);
        } else {
            char text[400];
            st = slot_i_load_fail(ld, SLOT_ESYNTAX, item.e->start_mark, &s, "%s, not %s",
                                  worded(text, sizeof text, cls, m->name, SLOT_ETYPE),
                                  kind_word(item.e));
        }
        done(&item);
        if (st != SLOT_OK)
            return st;
    }
    if (i < m->count)
        return slot_i_load_fail(ld, SLOT_ERANGE, seq->start_mark, at,
                                "'%s' object attribute '%s' takes %u items, not %zu", cls->name,
                                m->name, (unsigned)m->count, i);
    mark_set(m, obj);
    return SLOT_OK;
}

/* The value of slot M: null leaves it as init made it. */
static slot_status load_slot(loader *ld, const slot_class *cls, const slot_member *m,
                             unsigned char *obj, const step *at)
{
    event v;
    slot_status st = slot_i_load_next(ld, &v, at);
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
        return slot_i_load_fail(ld, st, key->start_mark, at, "%s",
                                worded(text, sizeof text, cls, name, st));
    }
    if (memchr(name, '\0', len))
        return slot_i_load_fail(ld, SLOT_ETYPE, key->start_mark, at,
                                "a key cannot hold a NUL byte");
    memcpy(&dict, obj + cls->dict_offset, sizeof dict);
    if (slot_dict_get(dict, name, len, &old) == SLOT_OK)
        return slot_i_load_fail(ld, SLOT_ESYNTAX, key->start_mark, at, "key '%s' given twice",
                                name);
    st = slot_i_load_next(ld, &v, at);
    if (st != SLOT_OK)
        return st;
    st = check_tag(ld, v.e, at);
    if (st != SLOT_OK) {
        /* reported */
    } else if (v.e->type != YAML_SCALAR_EVENT) {
        st = slot_i_load_fail(
            ld, SLOT_ESYNTAX, v.e->start_mark, at,
            "'%s' object attribute '%s' is no slot, and the dict holds scalars, not %s", cls->name,
            name, kind_word(v.e));
    } else {
        st = scalar_value(v.e, false, &x);
        if (st == SLOT_OK)
            st = slot_i_setattrn(cls, obj, name, len, x);
        if (st == SLOT_ETYPE)
            st = slot_i_load_fail(ld, st, v.e->start_mark, at,
                                  "'%s' object attribute '%s' cannot hold a NUL byte", cls->name,
                                  name);
        else if (st != SLOT_OK)
            st = slot_i_load_fail(ld, st, v.e->start_mark, at, "%s",
                                  worded(text, sizeof text, cls, name, st));
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
            return slot_i_load_fail(ld, SLOT_ENOMEM, ld->parser.mark, at, "out of memory");
    }
    memset(seen, 0, (words ? words : 1) * sizeof *seen);
    for (;;) {
        event key;
        step s = {at, NULL, 0, 0};
        int i;
        st = slot_i_load_next(ld, &key, at);
        if (st != SLOT_OK)
            break;
        if (key.e->type == YAML_MAPPING_END_EVENT) {
            done(&key);
            break;
        }
        if (key.e->type != YAML_SCALAR_EVENT) {
            st = slot_i_load_fail(ld, SLOT_ESYNTAX, key.e->start_mark, at,
                                  "a key must be a name, not %s", kind_word(key.e));
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
            st = slot_i_load_fail(ld, SLOT_ESYNTAX, key.e->start_mark, &s, "key '%s' given twice",
                                  s.key);
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

/* "'Point' must be a mapping, not a sequence". */
static slot_status not_mapping(loader *ld, const slot_class *cls, const yaml_event_t *e,
                               const step *at)
{
    return slot_i_load_fail(ld, SLOT_ESYNTAX, e->start_mark, at, "'%s' must be a mapping, not %s",
                            cls->name, kind_word(e));
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
    slot_status st = slot_i_load_expect(ld, YAML_STREAM_START_EVENT, &ev);
    if (st != SLOT_OK)
        return st;
    done(&ev);
    st = slot_i_load_next(ld, &ev, NULL);
    if (st != SLOT_OK)
        return st;
    if (ev.e->type == YAML_STREAM_END_EVENT) {
        st = slot_i_load_fail(ld, SLOT_ESYNTAX, ev.e->start_mark, NULL,
                              "'%s' must be a mapping, not nothing", cls->name);
        done(&ev);
        return st;
    }
    done(&ev);
    st = slot_i_load_next(ld, &ev, NULL);
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
        st = slot_i_load_expect(ld, YAML_DOCUMENT_END_EVENT, &ev);
    if (st != SLOT_OK)
        return st;
    done(&ev);
    st = slot_i_load_next(ld, &ev, NULL);
    if (st != SLOT_OK)
        return st;
    if (ev.e->type != YAML_STREAM_END_EVENT)
        st = slot_i_load_fail(ld, SLOT_ESYNTAX, ev.e->start_mark, NULL,
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
        return slot_i_load_fail(ld, SLOT_ENOMEM, m, NULL, "out of memory");
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
    if (!slot_i_load_start(&ld, opts, name, err ? err : &local))
        return SLOT_ENOMEM;
    ld.text = (const unsigned char *)text;
    ld.len = len;
    st = load_into(&ld, cls, obj);
    slot_i_load_finish(&ld);
    return st;
}

slot_status slot_load_file(const slot_class *cls, void *obj, FILE *in, const char *name,
                           const slot_io_opts *opts, slot_io_error *err)
{
    slot_io_error local;
    loader ld;
    slot_status st;
    if (!slot_i_load_start(&ld, opts, name, err ? err : &local))
        return SLOT_ENOMEM;
    ld.in = in;
    st = load_into(&ld, cls, obj);
    slot_i_load_finish(&ld);
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
            slot_i_load_fail(ld, st, m, at, "instance %zu: stopped: %s", w->index,
                             slot_strerror(st));
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
        st = slot_i_load_next(ld, &item, &s);
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
    st = slot_i_load_next(ld, &root, NULL);
    ld->top_seq = false;
    if (st != SLOT_OK)
        return st;
    if (root.e->type == YAML_MAPPING_START_EVENT)
        st = load_instance(ld, w, root.e, NULL);
    else if (root.e->type == YAML_SEQUENCE_START_EVENT)
        st = check_tag(ld, root.e, NULL) == SLOT_OK ? load_sequence(ld, w) : ld->err->status;
    else if (!is_null(root.e))
        st = slot_i_load_fail(ld, SLOT_ESYNTAX, root.e->start_mark, NULL,
                              "a document must be a mapping or a sequence of mappings, not %s",
                              kind_word(root.e));
    done(&root);
    if (st != SLOT_OK)
        return st;
    st = slot_i_load_expect(ld, YAML_DOCUMENT_END_EVENT, &root);
    if (st == SLOT_OK)
        done(&root);
    slot_i_load_drop_anchors(ld);
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
    if (!slot_i_load_start(&ld, opts, name, err ? err : &local))
        return SLOT_ENOMEM;
    ld.in = in;
    w.obj = slot_malloc(cls->size);
    if (!w.obj) {
        yaml_mark_t m = {0, 0, 0};
        st = slot_i_load_fail(&ld, SLOT_ENOMEM, m, NULL, "out of memory");
        slot_i_load_finish(&ld);
        return st;
    }
    slot_init(cls, w.obj);
    st = slot_i_load_expect(&ld, YAML_STREAM_START_EVENT, &ev);
    if (st == SLOT_OK)
        done(&ev);
    while (st == SLOT_OK) {
        st = slot_i_load_next(&ld, &ev, NULL);
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
    slot_i_load_finish(&ld);
    return st;
}
