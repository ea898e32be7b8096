/* bench_slot.c - by-name lookup and get, timed against their peers.
 *
 * Lookup: slot_index against a gperf lookup and a linear scan of the same
 * slot names, over a shuffled stream of names that are slots (hits) and
 * one of names that are not (misses).  Get: slot_getattr over the same
 * streams, against a call that does nothing in the same loop and against
 * protobuf-c's by-name get (protobuf_c_message_descriptor_get_field_by_name
 * and a read of the field at its offset) on the same class as a protobuf
 * message; getattr.py times CPython on the same streams, which this
 * program writes to the file given with --out, with its own figures.
 *
 * Every figure is the best of REPEATS timings of about --time seconds
 * each, in nanoseconds per call, loop included.  The repetitions take
 * turns across all measurements, so that a burst of load from elsewhere
 * slows one round of everything rather than one measurement.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.slot.h"
#include "harness.h"
#include "pb_bench.pb-c.h"
#include "pb_wide.pb-c.h"
#include "tables.h"
#include "wide.slot.h"

#define NAME_CAP 48 /* bytes for a name of a stream, a typo and the NUL */

/* Results land here, so that no call can be optimised away. */
static volatile int64_t sink;

/* ---- Streams of names ------------------------------------------------- */

typedef struct key {
    const char *s;
    size_t len;
} key;

/* STREAM_LEN names, each a NUL-terminated copy in one heap block, as
 * names parsed from some input would be: none shares its bytes with a
 * table's. */
typedef struct name_stream {
    key keys[STREAM_LEN];
    char *text;
} name_stream;

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fprintf(stderr, "bench_slot: out of memory\n");
        exit(2);
    }
    return p;
}

/* Fills ST from the NAMES[i] (LENS[i] bytes each), in a shuffled order. */
static void stream_fill(name_stream *st, char names[][NAME_CAP], const size_t *lens)
{
    size_t total = 0;
    for (size_t i = 0; i < STREAM_LEN; i++)
        total += lens[i] + 1;
    size_t *order = xmalloc(STREAM_LEN * sizeof *order);
    for (size_t i = 0; i < STREAM_LEN; i++)
        order[i] = i;
    for (size_t i = STREAM_LEN - 1; i > 0; i--) {
        size_t j = (size_t)(bench_rng() % (i + 1)), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    char *p = st->text = xmalloc(total);
    for (size_t i = 0; i < STREAM_LEN; i++) {
        size_t k = order[i];
        memcpy(p, names[k], lens[k] + 1);
        st->keys[i].s = p;
        st->keys[i].len = lens[k];
        p += lens[k] + 1;
    }
    free(order);
}

/* Every slot name of LIST equally often (to within one). */
static void stream_hits(name_stream *st, const name_list *list)
{
    static char names[STREAM_LEN][NAME_CAP];
    static size_t lens[STREAM_LEN];
    for (size_t i = 0; i < STREAM_LEN; i++) {
        size_t k = i % list->count;
        if (list->lens[k] + 2 > NAME_CAP) {
            fprintf(stderr, "bench_slot: slot name '%s' is too long\n", list->names[k]);
            exit(2);
        }
        lens[i] = list->lens[k];
        memcpy(names[i], list->names[k], lens[i] + 1);
    }
    stream_fill(st, names, lens);
}

/* Names one typo away from a slot name: a letter changed, one added, or
 * the last one dropped, in turn; never a slot name, never empty. */
static void stream_misses(name_stream *st, const name_list *list)
{
    /* stream_hits has checked that every name leaves room for a letter. */
    static char names[STREAM_LEN][NAME_CAP];
    static size_t lens[STREAM_LEN];
    for (size_t i = 0; i < STREAM_LEN; i++) {
        size_t k = i % list->count, len;
        char *s = names[i];
        for (unsigned kind = (unsigned)i;; kind++) {
            len = list->lens[k];
            memcpy(s, list->names[k], len + 1);
            char letter = (char)('a' + bench_rng() % 26);
            if (kind % 3 == 0 && s[len / 2] != letter) {
                s[len / 2] = letter;
            } else if (kind % 3 == 1) {
                s[len++] = letter;
                s[len] = '\0';
            } else if (kind % 3 == 2 && len > 1) {
                s[--len] = '\0';
            } else {
                continue;
            }
            if (scan_index(list, s, len) < 0)
                break;
        }
        lens[i] = len;
    }
    stream_fill(st, names, lens);
}

/* ---- Measurements ----------------------------------------------------- */

typedef struct measure measure;
struct measure {
    const char *what;   /* "slot_index", "gperf", "scan", "slot_getattr", "empty call" */
    const char *stream; /* "hit" or "miss" */
    const name_list *list;
    const slot_class *cls;
    const void *obj; /* the instance slot_getattr reads */
    /* The same class as a protobuf message, and an instance of it. */
    const ProtobufCMessageDescriptor *pb_desc;
    const void *pb_msg;
    /* The gperf lookup, which check() holds slot_index to. */
    const struct bench_entry *(*gperf)(const char *str, size_t len);
    const name_stream *st;
    /* Runs PASSES passes over the stream. */
    void (*run)(const measure *m, long passes);
    long passes; /* per timing, for about --time seconds */
    double best; /* ns per call */
};

/* Nanoseconds per call of PASSES passes of measure CTX. */
static double timed(const void *ctx, long passes)
{
    const measure *m = (const measure *)ctx;
    double t0 = bench_now_ns();
    m->run(m, passes);
    return (bench_now_ns() - t0) / ((double)passes * STREAM_LEN);
}

static void run_index(const measure *m, long passes)
{
    const slot_class *cls = m->cls;
    const key *keys = m->st->keys;
    for (long p = 0; p < passes; p++) {
        int64_t sum = 0;
        for (size_t i = 0; i < STREAM_LEN; i++)
            sum += slot_index(cls, keys[i].s, keys[i].len);
        sink += sum;
    }
}

static void run_scan(const measure *m, long passes)
{
    const name_list *list = m->list;
    const key *keys = m->st->keys;
    for (long p = 0; p < passes; p++) {
        int64_t sum = 0;
        for (size_t i = 0; i < STREAM_LEN; i++)
            sum += scan_index(list, keys[i].s, keys[i].len);
        sink += sum;
    }
}

/* The empty call through a pointer, as slot_index calls its class's own
 * lookup through the class table. */
static int (*volatile empty_ptr)(const void *cls, const char *name, size_t len) = empty_call;

static void run_empty_ptr(const measure *m, long passes)
{
    const slot_class *cls = m->cls;
    const key *keys = m->st->keys;
    int (*fn)(const void *, const char *, size_t) = empty_ptr;
    for (long p = 0; p < passes; p++) {
        int64_t sum = 0;
        for (size_t i = 0; i < STREAM_LEN; i++)
            sum += fn(cls, keys[i].s, keys[i].len);
        sink += sum;
    }
}

static void run_empty(const measure *m, long passes)
{
    const slot_class *cls = m->cls;
    const key *keys = m->st->keys;
    for (long p = 0; p < passes; p++) {
        int64_t sum = 0;
        for (size_t i = 0; i < STREAM_LEN; i++)
            sum += empty_call(cls, keys[i].s, keys[i].len);
        sink += sum;
    }
}

/* One loop per gperf table, so that each calls its lookup directly, as
 * the other loops call theirs. */
#define RUN_GPERF(prefix)                                                                          \
    static void run_gperf_##prefix(const measure *m, long passes)                                  \
    {                                                                                              \
        const key *keys = m->st->keys;                                                             \
        for (long p = 0; p < passes; p++) {                                                        \
            int64_t sum = 0;                                                                       \
            for (size_t i = 0; i < STREAM_LEN; i++) {                                              \
                const struct bench_entry *e = prefix##_gperf(keys[i].s, keys[i].len);              \
                sum += e ? e->index : -1;                                                          \
            }                                                                                      \
            sink += sum;                                                                           \
        }                                                                                          \
    }
RUN_GPERF(point)
RUN_GPERF(record)
RUN_GPERF(wide)

static void run_empty_get(const measure *m, long passes)
{
    const slot_class *cls = m->cls;
    const void *obj = m->obj;
    const key *keys = m->st->keys;
    for (long p = 0; p < passes; p++) {
        int64_t sum = 0;
        for (size_t i = 0; i < STREAM_LEN; i++) {
            slot_value v;
            v.as.u = 0;
            sum += (int64_t)empty_get(cls, obj, keys[i].s, &v) + (int64_t)v.as.u;
        }
        sink += sum;
    }
}

/* A field's value as protobuf-c's own code reads one, by its type, from
 * the field's offset in the message: what a get by name needs once the
 * descriptor has found the field. */
static int64_t pb_read(const ProtobufCFieldDescriptor *f, const void *msg)
{
    const char *p = (const char *)msg + f->offset;
    switch (f->type) {
    case PROTOBUF_C_TYPE_DOUBLE: {
        double d;
        memcpy(&d, p, sizeof d);
        return (int64_t)d;
    }
    case PROTOBUF_C_TYPE_FLOAT: {
        float x;
        memcpy(&x, p, sizeof x);
        return (int64_t)x;
    }
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_UINT64: {
        int64_t x;
        memcpy(&x, p, sizeof x);
        return x;
    }
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_UINT32: {
        int32_t x;
        memcpy(&x, p, sizeof x);
        return x;
    }
    case PROTOBUF_C_TYPE_BOOL: {
        protobuf_c_boolean x;
        memcpy(&x, p, sizeof x);
        return x;
    }
    case PROTOBUF_C_TYPE_STRING: {
        const char *x;
        memcpy(&x, p, sizeof x);
        return (int64_t)(uintptr_t)x;
    }
    default:
        return 0;
    }
}

static void run_pb_get(const measure *m, long passes)
{
    const ProtobufCMessageDescriptor *desc = m->pb_desc;
    const void *msg = m->pb_msg;
    const key *keys = m->st->keys;
    for (long p = 0; p < passes; p++) {
        int64_t sum = 0;
        for (size_t i = 0; i < STREAM_LEN; i++) {
            const ProtobufCFieldDescriptor *f =
                protobuf_c_message_descriptor_get_field_by_name(desc, keys[i].s);
            sum += f ? pb_read(f, msg) : -1;
        }
        sink += sum;
    }
}

static void run_getattr(const measure *m, long passes)
{
    const slot_class *cls = m->cls;
    const void *obj = m->obj;
    const key *keys = m->st->keys;
    for (long p = 0; p < passes; p++) {
        int64_t sum = 0;
        for (size_t i = 0; i < STREAM_LEN; i++) {
            slot_value v;
            v.as.u = 0;
            sum += (int64_t)slot_getattr(cls, obj, keys[i].s, &v) + (int64_t)v.as.u;
        }
        sink += sum;
    }
}

/* ---- Checks: every method gives the same answer for every name -------- */

static void fail(const char *what, const measure *m, const key *k, int got, int want)
{
    fprintf(stderr, "bench_slot: %s on %s gave %d for '%s', expected %d\n", what, m->list->cls, got,
            k->s, want);
    exit(1);
}

static void check(const measure *m)
{
    if (m->run == run_empty || m->run == run_empty_ptr || m->run == run_empty_get)
        return;
    for (size_t i = 0; i < STREAM_LEN; i++) {
        const key *k = &m->st->keys[i];
        int want = scan_index(m->list, k->s, k->len);
        if ((want >= 0) != (strcmp(m->stream, "hit") == 0))
            fail("the stream", m, k, want, -1);
        if (m->run == run_getattr) {
            slot_value v;
            slot_status st = slot_getattr(m->cls, m->obj, k->s, &v);
            slot_status expect = want >= 0 ? SLOT_OK : SLOT_ENOATTR;
            if (st != expect)
                fail("slot_getattr", m, k, (int)st, (int)expect);
            continue;
        }
        if (m->run == run_pb_get) {
            const ProtobufCFieldDescriptor *f =
                protobuf_c_message_descriptor_get_field_by_name(m->pb_desc, k->s);
            int got = f ? (int)f->id - 1 : -1; /* fields are numbered in slot order */
            if (got != want)
                fail("protobuf-c", m, k, got, want);
            continue;
        }
        int got = slot_index(m->cls, k->s, k->len);
        if (got != want)
            fail("slot_index", m, k, got, want);
        const struct bench_entry *e = m->gperf(k->s, k->len);
        got = e ? e->index : -1;
        if (got != want)
            fail("gperf", m, k, got, want);
    }
}

/* ---- The instances slot_getattr reads --------------------------------- */

static void must(slot_status st, const char *what)
{
    if (st != SLOT_OK) {
        fprintf(stderr, "bench_slot: setting %s: %s\n", what, slot_strerror(st));
        exit(1);
    }
}

static void fill_point(bench_Point *p)
{
    bench_Point_init(p);
    must(bench_Point_set_x(p, 1.5), "x");
    must(bench_Point_set_y(p, -2.25), "y");
    must(bench_Point_set_z(p, 4.0), "z");
}

/* Every slot set, by name, so that every read finds a value. */
static void fill_wide(wide_Wide *w)
{
    wide_Wide_init(w);
    for (size_t i = 0; i < wide_names.count; i++)
        must(slot_setattr(&wide_Wide_class, w, wide_names.names[i], slot_uint(i)),
             wide_names.names[i]);
}

/* Every slot set, so that every read finds a value. */
static void fill_record(bench_Record *r)
{
    bench_Record_init(r);
    must(bench_Record_set_id(r, 1001), "id");
    must(bench_Record_set_sku(r, "KB-0042-US"), "sku");
    must(bench_Record_set_name(r, "Keyboard"), "name");
    must(bench_Record_set_description(r, "A keyboard with 104 keys."), "description");
    must(bench_Record_set_category(r, 7), "category");
    must(bench_Record_set_price(r, 49.9), "price");
    must(bench_Record_set_currency(r, "EUR"), "currency");
    must(bench_Record_set_quantity(r, 120), "quantity");
    must(bench_Record_set_in_stock(r, true), "in_stock");
    must(bench_Record_set_weight(r, 0.85f), "weight");
    must(bench_Record_set_rating(r, 4), "rating");
    must(bench_Record_set_discount(r, 0.1f), "discount");
    must(bench_Record_set_supplier_id(r, 77), "supplier_id");
    must(bench_Record_set_barcode(r, "4006381333931"), "barcode");
    must(bench_Record_set_created_at(r, 1700000000), "created_at");
    must(bench_Record_set_updated_at(r, 1700086400), "updated_at");
}

/* A class and everything its name is looked up with. */
typedef struct subject {
    const name_list *list;
    const slot_class *cls;
    const struct bench_entry *(*gperf)(const char *str, size_t len);
    void (*run_gperf)(const measure *m, long passes);
    const void *obj; /* an instance with every slot set */
    const ProtobufCMessageDescriptor *pb_desc;
    const void *pb_msg;
} subject;

static size_t add(measure *ms, size_t n, const subject *sj, const name_stream *st,
                  const char *stream_name, const char *what, void (*run)(const measure *, long))
{
    measure m = {what,       stream_name, sj->list, sj->cls, sj->obj, sj->pb_desc,
                 sj->pb_msg, sj->gperf,   st,       run,     0,       1e300};
    ms[n] = m;
    return n + 1;
}

/* The three lookups of SJ's names, over ST. */
static size_t add_lookups(measure *ms, size_t n, const subject *sj, const name_stream *st,
                          const char *stream_name)
{
    n = add(ms, n, sj, st, stream_name, "slot_index", run_index);
    n = add(ms, n, sj, st, stream_name, "gperf", sj->run_gperf);
    return add(ms, n, sj, st, stream_name, "scan", run_scan);
}

/* ---- Report ----------------------------------------------------------- */

static measure *find(measure *ms, size_t n, const name_list *list, const char *what,
                     const char *stream_name)
{
    for (size_t i = 0; i < n; i++)
        if (ms[i].list == list && strcmp(ms[i].what, what) == 0 &&
            strcmp(ms[i].stream, stream_name) == 0)
            return &ms[i];
    return NULL;
}

static void report_lookup(measure *ms, size_t n, const subject *subjects, size_t nsubjects)
{
    static const char *const streams[] = {"hit", "miss"};
    double worst = 0;
    const char *worst_at = "", *worst_stream = "";
    printf("1. By-name lookup: ns per lookup (best of %d)\n\n", REPEATS);
    printf("  %-7s %5s  %-6s %10s %8s %8s  %11s %10s\n", "class", "names", "stream", "slot_index",
           "gperf", "scan", "index/gperf", "index/scan");
    for (size_t c = 0; c < nsubjects; c++) {
        const name_list *list = subjects[c].list;
        for (size_t s = 0; s < 2; s++) {
            double ix = find(ms, n, list, "slot_index", streams[s])->best;
            double gp = find(ms, n, list, "gperf", streams[s])->best;
            double sc = find(ms, n, list, "scan", streams[s])->best;
            printf("  %-7s %5zu  %-6s %10.2f %8.2f %8.2f  %11.2f %10.3f\n", list->cls, list->count,
                   streams[s], ix, gp, sc, ix / gp, ix / sc);
            if (ix / gp > worst) {
                worst = ix / gp;
                worst_at = list->cls;
                worst_stream = streams[s];
            }
        }
    }
    printf("\n  the same loop calling a function that does nothing: %.2f ns;"
           " through a function pointer: %.2f ns\n",
           find(ms, n, subjects[0].list, "empty call", "hit")->best,
           find(ms, n, subjects[0].list, "empty pointer call", "hit")->best);
    printf("  goal: slot_index/gperf <= 0.90 in every row: %s (highest %.2f: %s, %s)\n\n",
           worst <= 0.9 ? "met" : "NOT met", worst, worst_at, worst_stream);
}

/* The floor and protobuf-c beside slot_getattr, and the goals on them:
 * at most 5 times the empty call of the same loop, at least 4 times as
 * fast as protobuf-c, in every row. */
static void report_getattr(measure *ms, size_t n, const subject *subjects, size_t nsubjects,
                           FILE *out)
{
    static const char *const streams[] = {"hit", "miss"};
    double worst_floor = 0, worst_pb = 1e300;
    const char *floor_at = "", *floor_stream = "", *pb_at = "", *pb_stream = "";
    printf("2. By-name get: ns per get (best of %d; the CPython side follows)\n\n", REPEATS);
    printf("  %-7s %5s  %-6s %12s %10s %10s  %10s %15s\n", "class", "slots", "stream",
           "slot_getattr", "empty call", "protobuf-c", "get/empty", "protobuf-c/get");
    for (size_t c = 0; c < nsubjects; c++) {
        const name_list *list = subjects[c].list;
        for (size_t s = 0; s < 2; s++) {
            const measure *g = find(ms, n, list, "slot_getattr", streams[s]);
            double get = g->best;
            double empty = find(ms, n, list, "empty get", streams[s])->best;
            double pb = find(ms, n, list, "protobuf-c", streams[s])->best;
            printf("  %-7s %5zu  %-6s %12.2f %10.2f %10.2f  %10.2f %15.2f\n", list->cls,
                   list->count, streams[s], get, empty, pb, get / empty, pb / get);
            if (get / empty > worst_floor) {
                worst_floor = get / empty;
                floor_at = list->cls;
                floor_stream = streams[s];
            }
            if (pb / get < worst_pb) {
                worst_pb = pb / get;
                pb_at = list->cls;
                pb_stream = streams[s];
            }
            if (!out)
                continue;
            if (s == 0) {
                fprintf(out, "class %s", list->cls);
                for (size_t k = 0; k < list->count; k++)
                    fprintf(out, " %s", list->names[k]);
                fprintf(out, "\n");
            }
            fprintf(out, "stream %s %s", list->cls, streams[s]);
            for (size_t k = 0; k < STREAM_LEN; k++)
                fprintf(out, " %s", g->st->keys[k].s);
            fprintf(out, "\nslot_getattr %s %s %.4f\n", list->cls, streams[s], get);
        }
    }
    printf("\n  goal: get/empty <= 5.00 in every row: %s (highest %.2f: %s, %s)\n",
           worst_floor <= 5.0 ? "met" : "NOT met", worst_floor, floor_at, floor_stream);
    printf("  goal: protobuf-c/get >= 4.00 in every row: %s (lowest %.2f: %s, %s)\n\n",
           worst_pb >= 4.0 ? "met" : "NOT met", worst_pb, pb_at, pb_stream);
}

int main(int argc, char **argv)
{
    double seconds;
    const char *out_path;
    bench_args(argc, argv, "bench_slot", &seconds, &out_path);

    static bench_Point point;
    static bench_Record record;
    static wide_Wide wide;
    static Pb__Point pb_point;
    static Pb__Record pb_record;
    static Pb__Wide pb_wide;
    fill_point(&point);
    fill_record(&record);
    fill_wide(&wide);
    pb__point__init(&pb_point);
    pb__record__init(&pb_record);
    pb__wide__init(&pb_wide);
    static const subject subjects[] = {
        {&point_names, &bench_Point_class, point_gperf, run_gperf_point, &point,
         &pb__point__descriptor, &pb_point},
        {&record_names, &bench_Record_class, record_gperf, run_gperf_record, &record,
         &pb__record__descriptor, &pb_record},
        {&wide_names, &wide_Wide_class, wide_gperf, run_gperf_wide, &wide, &pb__wide__descriptor,
         &pb_wide},
    };
    enum { NSUBJECTS = sizeof subjects / sizeof subjects[0] };
    static name_stream hits[NSUBJECTS], misses[NSUBJECTS];
    static measure ms[NSUBJECTS * 12 + 2];
    size_t n = 0;
    for (size_t c = 0; c < NSUBJECTS; c++) {
        const subject *sj = &subjects[c];
        stream_hits(&hits[c], sj->list);
        stream_misses(&misses[c], sj->list);
        n = add_lookups(ms, n, sj, &hits[c], "hit");
        n = add_lookups(ms, n, sj, &misses[c], "miss");
        for (int s = 0; s < 2; s++) {
            const name_stream *st = s ? &misses[c] : &hits[c];
            const char *name = s ? "miss" : "hit";
            n = add(ms, n, sj, st, name, "slot_getattr", run_getattr);
            n = add(ms, n, sj, st, name, "empty get", run_empty_get);
            n = add(ms, n, sj, st, name, "protobuf-c", run_pb_get);
        }
    }
    n = add(ms, n, &subjects[0], &hits[0], "hit", "empty call", run_empty);
    n = add(ms, n, &subjects[0], &hits[0], "hit", "empty pointer call", run_empty_ptr);

#if defined(__GNUC__) && !defined(__clang__)
    printf("C: gcc %s, %s\n", __VERSION__, BENCH_C_FLAGS);
#else
    printf("C: %s, %s\n", __VERSION__, BENCH_C_FLAGS);
#endif
    printf("gperf options: %s\n", BENCH_GPERF_OPTIONS);
    printf("streams: %d names each, shuffled; each timing about %.2f s; best of %d\n\n", STREAM_LEN,
           seconds, REPEATS);
    fflush(stdout);
    for (size_t i = 0; i < n; i++) {
        check(&ms[i]);
        ms[i].passes = bench_calibrate(timed, &ms[i], seconds);
    }
    for (int r = 0; r < REPEATS; r++) {
        for (size_t i = 0; i < n; i++) {
            double ns = timed(&ms[i], ms[i].passes);
            if (ns < ms[i].best)
                ms[i].best = ns;
        }
    }

    FILE *out = NULL;
    if (out_path && !(out = fopen(out_path, "w"))) {
        perror(out_path);
        return 2;
    }
    report_lookup(ms, n, subjects, NSUBJECTS);
    report_getattr(ms, n, subjects, NSUBJECTS, out);
    if (out && fclose(out) != 0) {
        perror(out_path);
        return 2;
    }
    for (size_t c = 0; c < NSUBJECTS; c++) {
        free(hits[c].text);
        free(misses[c].text);
    }
    bench_Record_clear(&record);
    return 0;
}
