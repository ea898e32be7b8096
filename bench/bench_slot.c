/* bench_slot.c - by-name lookup and get, timed against their peers.
 *
 * Lookup: slot_index against a gperf lookup and a linear scan of the same
 * slot names, over a shuffled stream of names that are slots (hits) and
 * one of names that are not (misses).  Get: slot_getattr over a stream of
 * a class's slot names; getattr.py times CPython on the same stream, which
 * this program writes to the file given with --out, with its own figures.
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
    if (m->run == run_empty)
        return;
    for (size_t i = 0; i < STREAM_LEN; i++) {
        const key *k = &m->st->keys[i];
        int want = scan_index(m->list, k->s, k->len);
        if ((want >= 0) != (strcmp(m->stream, "hit") == 0))
            fail("the stream", m, k, want, -1);
        if (m->run == run_getattr) {
            slot_value v;
            slot_status st = slot_getattr(m->cls, m->obj, k->s, &v);
            if (st != SLOT_OK)
                fail("slot_getattr", m, k, (int)st, SLOT_OK);
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
    const void *obj; /* an instance with every slot set, or NULL: no get */
} subject;

static size_t add(measure *ms, size_t n, const subject *sj, const name_stream *st,
                  const char *stream_name, const char *what, void (*run)(const measure *, long))
{
    measure m = {what, stream_name, sj->list, sj->cls, sj->obj, sj->gperf, st, run, 0, 1e300};
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
    printf("\n  the same loop calling a function that does nothing: %.2f ns\n",
           find(ms, n, subjects[0].list, "empty call", "hit")->best);
    printf("  goal: slot_index/gperf <= 1.00 in every row: %s (highest %.2f: %s, %s)\n\n",
           worst <= 1.0 ? "met" : "NOT met", worst, worst_at, worst_stream);
}

static void report_getattr(measure *ms, size_t n, FILE *out)
{
    printf("2. By-name get: ns per slot_getattr (best of %d; the CPython side follows)\n\n",
           REPEATS);
    printf("  %-7s %5s %13s\n", "class", "slots", "slot_getattr");
    for (size_t i = 0; i < n; i++) {
        if (ms[i].run != run_getattr)
            continue;
        printf("  %-7s %5zu %13.2f\n", ms[i].list->cls, ms[i].list->count, ms[i].best);
        if (!out)
            continue;
        fprintf(out, "class %s", ms[i].list->cls);
        for (size_t k = 0; k < ms[i].list->count; k++)
            fprintf(out, " %s", ms[i].list->names[k]);
        fprintf(out, "\nstream %s", ms[i].list->cls);
        for (size_t k = 0; k < STREAM_LEN; k++)
            fprintf(out, " %s", ms[i].st->keys[k].s);
        fprintf(out, "\nslot_getattr %s %.4f\n", ms[i].list->cls, ms[i].best);
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    double seconds;
    const char *out_path;
    bench_args(argc, argv, "bench_slot", &seconds, &out_path);

    static bench_Point point;
    static bench_Record record;
    fill_point(&point);
    fill_record(&record);
    static const subject subjects[] = {
        {&point_names, &bench_Point_class, point_gperf, run_gperf_point, &point},
        {&record_names, &bench_Record_class, record_gperf, run_gperf_record, &record},
        {&wide_names, &wide_Wide_class, wide_gperf, run_gperf_wide, NULL},
    };
    enum { NSUBJECTS = sizeof subjects / sizeof subjects[0] };
    static name_stream hits[NSUBJECTS], misses[NSUBJECTS];
    static measure ms[NSUBJECTS * 7 + 1];
    size_t n = 0;
    for (size_t c = 0; c < NSUBJECTS; c++) {
        const subject *sj = &subjects[c];
        stream_hits(&hits[c], sj->list);
        stream_misses(&misses[c], sj->list);
        n = add_lookups(ms, n, sj, &hits[c], "hit");
        n = add_lookups(ms, n, sj, &misses[c], "miss");
        if (sj->obj)
            n = add(ms, n, sj, &hits[c], "hit", "slot_getattr", run_getattr);
    }
    n = add(ms, n, &subjects[0], &hits[0], "hit", "empty call", run_empty);

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
    report_getattr(ms, n, out);
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
