/* bench_io.c - one step of the text I/O benchmark (bench/io.py runs them
 * all): the records of io.yaml loaded and dumped by libyaml alone, by
 * libslot_io and by libcyaml with a schema written by hand.
 *
 *   bench_io gen N FILE        N records, one flow mapping a line
 *   bench_io parse FILE        libyaml's events, nothing built (the floor)
 *   bench_io scan FILE         libyaml's tokens alone, below the events
 *   bench_io load FILE         slot_load_each, one instance at a time
 *   bench_io cyaml-load FILE   cyaml_load_data of the whole sequence
 *   bench_io emit FILE N       the records as libyaml events, bytes counted
 *   bench_io dump FILE N       slot_dump_file of each record, bytes counted
 *   bench_io cyaml-save FILE   cyaml_save_file of the records to /dev/null
 *
 * Each prints one line: "STEP records=N seconds=S cpu=C rss_kib=K
 * check=X"; S and C time the step alone (a dump's load is outside them),
 * K is the process's peak resident memory, X a sum over the records that
 * every loader must agree on (for parse, the events; for a dump, the bytes
 * written).
 */
#define _GNU_SOURCE /* fopencookie */

#include <cyaml/cyaml.h>
#include <slot/io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yaml.h>

#include "io.slot.h"

/* ---- Timing -------------------------------------------------------------------- */

typedef struct clock_pair {
    double wall, cpu;
} clock_pair;

static clock_pair now(void)
{
    struct timespec w, c;
    clock_gettime(CLOCK_MONOTONIC, &w);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
    return (clock_pair){w.tv_sec + w.tv_nsec * 1e-9, c.tv_sec + c.tv_nsec * 1e-9};
}

/* The process's peak resident memory, in KiB: VmHWM, which starts afresh
 * at exec (getrusage's ru_maxrss keeps the parent's peak from before it). */
static long peak_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
            break;
    if (f)
        fclose(f);
    return kib;
}

static void report(const char *step, size_t n, clock_pair t0, unsigned long long check)
{
    clock_pair t1 = now();
    printf("%s records=%zu seconds=%.3f cpu=%.3f rss_kib=%ld check=%llu\n", step, n,
           t1.wall - t0.wall, t1.cpu - t0.cpu, peak_kib(), check);
}

static void die(const char *what)
{
    fprintf(stderr, "bench_io: %s\n", what);
    exit(1);
}

static FILE *open_or_die(const char *path, const char *mode)
{
    FILE *f = fopen(path, mode);
    if (!f) {
        perror(path);
        exit(1);
    }
    return f;
}

/* A stream that counts what is written to it and keeps none of it. */
static ssize_t count_write(void *cookie, const char *buf, size_t size)
{
    (void)buf;
    *(unsigned long long *)cookie += size;
    return (ssize_t)size;
}

static FILE *counter(unsigned long long *bytes)
{
    cookie_io_functions_t io = {NULL, count_write, NULL, NULL};
    FILE *f = fopencookie(bytes, "w", io);
    if (!f)
        die("fopencookie failed");
    return f;
}

/* What every loader sums: the integers, the enum, and the array. */
#define CHECK_OF(r)                                                                                \
    ((unsigned long long)(r)->id + (unsigned)(r)->k + (r)->n + (unsigned)((r)->l + 128) +          \
     (r)->ok + (r)->m + (r)->h[0] + (r)->h[1] + (r)->h[2])

/* ---- The file ------------------------------------------------------------------ */

static const char *const kinds[] = {"in", "out", "aux"};
static const char *const tags[] = {"ops", "lab", "yard", "spare", "b 2"};

static void gen(size_t n, const char *path)
{
    FILE *f = open_or_die(path, "w");
    unsigned long long s = 88172645463325252ULL;
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned long long r;
        s ^= s << 13, s ^= s >> 7, s ^= s << 17; /* xorshift64 */
        r = s;
        fprintf(f,
                "- {id: %zu, nm: d%05zu, k: %s, t: %.1f, v: %.2f, n: %u, l: %d, ok: %s, m: %u, "
                "tg: %s, at: {x: %.1f, y: %.1f}, h: [%u, %u, %u]}\n",
                i + 1, i % 100000, kinds[r % 3], (double)(r >> 8 & 1023) / 10 - 40,
                (double)(r >> 18 & 1023) / 100, (unsigned)(r >> 31 & 1023),
                (int)(r >> 43 & 255) - 128, r >> 51 & 1 ? "true" : "false",
                (unsigned)(r >> 52 & 255), tags[(r >> 60) % 5], (double)(r >> 3 & 4095) / 10 - 200,
                (double)(r >> 19 & 4095) / 10 - 200, (unsigned)(r & 127), (unsigned)(r >> 10 & 127),
                (unsigned)(r >> 20 & 127));
    }
    if (fclose(f) != 0)
        die("cannot write the file");
}

/* ---- libyaml alone: the floor ------------------------------------------------------ */

static void parse(const char *path)
{
    FILE *f = open_or_die(path, "rb");
    yaml_parser_t p;
    yaml_event_t e;
    size_t maps = 0;
    unsigned long long events = 0;
    clock_pair t0 = now();
    if (!yaml_parser_initialize(&p))
        die("out of memory");
    yaml_parser_set_input_file(&p, f);
    for (;;) {
        if (!yaml_parser_parse(&p, &e))
            die(p.problem ? p.problem : "parse error");
        if (e.type == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&e);
            break;
        }
        maps += e.type == YAML_MAPPING_START_EVENT;
        events++;
        yaml_event_delete(&e);
    }
    yaml_parser_delete(&p);
    fclose(f);
    /* Records are the mappings that are no Pos. */
    report("parse", maps / 2, t0, events);
}

/* libyaml's scanner alone: tokens, below the parser's events.  Not a
 * loader's floor (a loader needs the grammar the parser checks), but what
 * a loader that read tokens instead of events could at best save. */
static void scan(const char *path)
{
    FILE *f = open_or_die(path, "rb");
    yaml_parser_t p;
    yaml_token_t t;
    size_t maps = 0;
    unsigned long long tokens = 0;
    clock_pair t0 = now();
    if (!yaml_parser_initialize(&p))
        die("out of memory");
    yaml_parser_set_input_file(&p, f);
    for (;;) {
        if (!yaml_parser_scan(&p, &t))
            die(p.problem ? p.problem : "scan error");
        if (t.type == YAML_STREAM_END_TOKEN) {
            yaml_token_delete(&t);
            break;
        }
        maps += t.type == YAML_FLOW_MAPPING_START_TOKEN || t.type == YAML_BLOCK_MAPPING_START_TOKEN;
        tokens++;
        yaml_token_delete(&t);
    }
    yaml_parser_delete(&p);
    fclose(f);
    report("scan", maps / 2, t0, tokens);
}

/* ---- libslot_io ------------------------------------------------------------------ */

typedef struct sum {
    size_t n;
    unsigned long long check;
    iob_Rec *keep; /* NULL, or where to copy each record */
} sum;

static slot_status add(void *obj, size_t index, void *ctx)
{
    sum *s = (sum *)ctx;
    const iob_Rec *r = (const iob_Rec *)obj;
    s->n++;
    s->check += CHECK_OF(r);
    if (s->keep)
        return iob_Rec_copy(&s->keep[index], r);
    return SLOT_OK;
}

static sum load_all(const char *path, iob_Rec *keep)
{
    FILE *f = open_or_die(path, "rb");
    slot_io_error err;
    sum s = {0, 0, keep};
    if (slot_load_each(&iob_Rec_class, f, path, add, &s, NULL, &err) != SLOT_OK)
        die(err.message);
    fclose(f);
    return s;
}

static void load(const char *path)
{
    clock_pair t0 = now();
    sum s = load_all(path, NULL);
    report("load", s.n, t0, s.check);
}

/* The records of PATH, N of them, in an array, for a dump to write. */
static iob_Rec *records(const char *path, size_t n)
{
    iob_Rec *r = (iob_Rec *)malloc(n * sizeof *r);
    size_t i;
    if (!r)
        die("out of memory");
    for (i = 0; i < n; i++)
        iob_Rec_init(&r[i]);
    if (load_all(path, r).n != n)
        die("the file holds another count of records");
    return r;
}

static void dump(const char *path, size_t n)
{
    iob_Rec *r = records(path, n);
    unsigned long long bytes = 0;
    FILE *out = counter(&bytes);
    size_t i;
    clock_pair t0 = now();
    for (i = 0; i < n; i++) {
        /* A stream of documents, which slot_load_each reads back. */
        fputs("---\n", out);
        if (slot_dump_file(&iob_Rec_class, &r[i], out, NULL) != SLOT_OK)
            die("dump failed");
    }
    fclose(out);
    report("dump", n, t0, bytes);
    for (i = 0; i < n; i++)
        iob_Rec_clear(&r[i]);
    free(r);
}

/* ---- libyaml's emitter, on the same records ----------------------------------------- */

static int write_null(void *data, unsigned char *buffer, size_t size)
{
    return fwrite(buffer, 1, size, (FILE *)data) == size;
}

static void scalar(yaml_emitter_t *em, const char *s)
{
    yaml_event_t e;
    if (!yaml_scalar_event_initialize(&e, NULL, NULL, (yaml_char_t *)s, -1, 1, 1,
                                      YAML_ANY_SCALAR_STYLE) ||
        !yaml_emitter_emit(em, &e))
        die("emit failed");
}

static void start_map(yaml_emitter_t *em)
{
    yaml_event_t e;
    if (!yaml_mapping_start_event_initialize(&e, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE) ||
        !yaml_emitter_emit(em, &e))
        die("emit failed");
}

static void end(yaml_emitter_t *em, int map)
{
    yaml_event_t e;
    if (!(map ? yaml_mapping_end_event_initialize(&e) : yaml_sequence_end_event_initialize(&e)) ||
        !yaml_emitter_emit(em, &e))
        die("emit failed");
}

static void kv(yaml_emitter_t *em, const char *k, const char *fmt, double v)
{
    char text[32];
    snprintf(text, sizeof text, fmt, v);
    scalar(em, k);
    scalar(em, text);
}

/* The events of one record; numbers as printf writes them (%.17g for
 * doubles, %.9g for floats: what reads back, not always the shortest). */
static void emit_record(yaml_emitter_t *em, const iob_Rec *r)
{
    yaml_event_t e;
    char text[32];
    int i;
    start_map(em);
    kv(em, "id", "%.0f", r->id);
    scalar(em, "nm");
    scalar(em, r->nm);
    scalar(em, "k");
    scalar(em, kinds[r->k]);
    kv(em, "t", "%.9g", r->t);
    kv(em, "v", "%.17g", r->v);
    kv(em, "n", "%.0f", r->n);
    kv(em, "l", "%.0f", r->l);
    scalar(em, "ok");
    scalar(em, r->ok ? "true" : "false");
    kv(em, "m", "%.0f", r->m);
    scalar(em, "tg");
    scalar(em, r->tg);
    scalar(em, "at");
    start_map(em);
    kv(em, "x", "%.17g", r->at.x);
    kv(em, "y", "%.17g", r->at.y);
    end(em, 1);
    scalar(em, "h");
    if (!yaml_sequence_start_event_initialize(&e, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE) ||
        !yaml_emitter_emit(em, &e))
        die("emit failed");
    for (i = 0; i < 3; i++) {
        snprintf(text, sizeof text, "%u", (unsigned)r->h[i]);
        scalar(em, text);
    }
    end(em, 0);
    end(em, 1);
}

static void emit(const char *path, size_t n)
{
    iob_Rec *r = records(path, n);
    unsigned long long bytes = 0;
    FILE *out = counter(&bytes);
    yaml_emitter_t em;
    yaml_event_t e;
    size_t i;
    clock_pair t0 = now();
    if (!yaml_emitter_initialize(&em))
        die("out of memory");
    yaml_emitter_set_output(&em, write_null, out);
    yaml_emitter_set_unicode(&em, 1);
    if (!yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING) || !yaml_emitter_emit(&em, &e))
        die("emit failed");
    for (i = 0; i < n; i++) {
        /* A stream of documents, as the dump writes. */
        if (!yaml_document_start_event_initialize(&e, NULL, NULL, NULL, 0) ||
            !yaml_emitter_emit(&em, &e))
            die("emit failed");
        emit_record(&em, &r[i]);
        if (!yaml_document_end_event_initialize(&e, 1) || !yaml_emitter_emit(&em, &e))
            die("emit failed");
    }
    if (!yaml_stream_end_event_initialize(&e) || !yaml_emitter_emit(&em, &e))
        die("emit failed");
    yaml_emitter_delete(&em);
    fclose(out);
    report("emit", n, t0, bytes);
    for (i = 0; i < n; i++)
        iob_Rec_clear(&r[i]);
    free(r);
}

/* ---- libcyaml, with its schema written by hand -------------------------------------- */

struct cpos {
    double x, y;
};

struct crec {
    uint32_t id;
    char nm[12];
    int k;
    float t;
    double v;
    uint16_t n;
    int8_t l;
    bool ok;
    uint8_t m;
    char *tg;
    struct cpos at;
    uint16_t h[3];
};

static const cyaml_strval_t kind_names[] = {{"in", 0}, {"out", 1}, {"aux", 2}};

static const cyaml_schema_field_t pos_fields[] = {
    CYAML_FIELD_FLOAT("x", CYAML_FLAG_DEFAULT, struct cpos, x),
    CYAML_FIELD_FLOAT("y", CYAML_FLAG_DEFAULT, struct cpos, y),
    CYAML_FIELD_END,
};

static const cyaml_schema_value_t u16_value = {CYAML_VALUE_UINT(CYAML_FLAG_DEFAULT, uint16_t)};

static const cyaml_schema_field_t rec_fields[] = {
    CYAML_FIELD_UINT("id", CYAML_FLAG_DEFAULT, struct crec, id),
    CYAML_FIELD_STRING("nm", CYAML_FLAG_DEFAULT, struct crec, nm, 0),
    CYAML_FIELD_ENUM("k", CYAML_FLAG_DEFAULT, struct crec, k, kind_names, 3),
    CYAML_FIELD_FLOAT("t", CYAML_FLAG_DEFAULT, struct crec, t),
    CYAML_FIELD_FLOAT("v", CYAML_FLAG_DEFAULT, struct crec, v),
    CYAML_FIELD_UINT("n", CYAML_FLAG_DEFAULT, struct crec, n),
    CYAML_FIELD_INT("l", CYAML_FLAG_DEFAULT, struct crec, l),
    CYAML_FIELD_BOOL("ok", CYAML_FLAG_DEFAULT, struct crec, ok),
    CYAML_FIELD_UINT("m", CYAML_FLAG_DEFAULT, struct crec, m),
    CYAML_FIELD_STRING_PTR("tg", CYAML_FLAG_POINTER, struct crec, tg, 0, CYAML_UNLIMITED),
    CYAML_FIELD_MAPPING("at", CYAML_FLAG_DEFAULT, struct crec, at, pos_fields),
    CYAML_FIELD_SEQUENCE_FIXED("h", CYAML_FLAG_DEFAULT, struct crec, h, &u16_value, 3),
    CYAML_FIELD_END,
};

static const cyaml_schema_value_t rec_value = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct crec, rec_fields),
};

static const cyaml_schema_value_t recs_value = {
    CYAML_VALUE_SEQUENCE(CYAML_FLAG_POINTER, struct crec, &rec_value, 0, CYAML_UNLIMITED),
};

static const cyaml_config_t cyaml_cfg = {
    .log_fn = cyaml_log,
    .mem_fn = cyaml_mem,
    .log_level = CYAML_LOG_ERROR,
    .flags = CYAML_CFG_STYLE_BLOCK,
};

/* libcyaml loads the whole sequence at once, from memory: the file is read
 * first, outside the timing (cyaml_load_file would read it the same way,
 * through libyaml's file input). */
static struct crec *cyaml_records(const char *path, unsigned *count, clock_pair *t0)
{
    FILE *f = open_or_die(path, "rb");
    struct crec *recs = NULL;
    cyaml_err_t err;
    long len;
    uint8_t *text;
    if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        die("cannot size the file");
    text = (uint8_t *)malloc((size_t)len);
    if (!text || fread(text, 1, (size_t)len, f) != (size_t)len)
        die("cannot read the file");
    fclose(f);
    *t0 = now();
    err =
        cyaml_load_data(text, (size_t)len, &cyaml_cfg, &recs_value, (cyaml_data_t **)&recs, count);
    if (err != CYAML_OK)
        die(cyaml_strerror(err));
    free(text);
    return recs;
}

static void cyaml_load(const char *path)
{
    unsigned count, i;
    unsigned long long check = 0;
    clock_pair t0;
    struct crec *recs = cyaml_records(path, &count, &t0);
    for (i = 0; i < count; i++)
        check += CHECK_OF(&recs[i]);
    report("cyaml-load", count, t0, check);
    cyaml_free(&cyaml_cfg, &recs_value, recs, count);
}

static void cyaml_save(const char *path)
{
    unsigned count;
    clock_pair t0;
    struct crec *recs = cyaml_records(path, &count, &t0);
    cyaml_err_t err;
    t0 = now();
    err = cyaml_save_file("/dev/null", &cyaml_cfg, &recs_value, recs, count);
    if (err != CYAML_OK)
        die(cyaml_strerror(err));
    report("cyaml-save", count, t0, 0);
    cyaml_free(&cyaml_cfg, &recs_value, recs, count);
}

int main(int argc, char **argv)
{
    const char *step = argc > 1 ? argv[1] : "";
    if (argc == 4 && strcmp(step, "gen") == 0)
        gen(strtoul(argv[2], NULL, 10), argv[3]);
    else if (argc == 3 && strcmp(step, "parse") == 0)
        parse(argv[2]);
    else if (argc == 3 && strcmp(step, "scan") == 0)
        scan(argv[2]);
    else if (argc == 3 && strcmp(step, "load") == 0)
        load(argv[2]);
    else if (argc == 3 && strcmp(step, "cyaml-load") == 0)
        cyaml_load(argv[2]);
    else if (argc == 4 && strcmp(step, "emit") == 0)
        emit(argv[2], strtoul(argv[3], NULL, 10));
    else if (argc == 4 && strcmp(step, "dump") == 0)
        dump(argv[2], strtoul(argv[3], NULL, 10));
    else if (argc == 3 && strcmp(step, "cyaml-save") == 0)
        cyaml_save(argv[2]);
    else
        die("usage: bench_io gen N FILE | parse|load|cyaml-load|cyaml-save FILE | emit|dump FILE "
            "N");
    return 0;
}
