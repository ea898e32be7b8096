/* io_driver.c - the round trip of libslot_io on a random schema of gen.py.
 *
 * classes.h (io_gen.py) lists the schema's classes.  For each, the driver
 * makes random instances through the class table alone (every slot type,
 * arrays, embedded instances, values at the edges of their ranges and
 * strings full of what YAML and JSON must quote or escape), then dumps each
 * as YAML and as JSON and loads the text back: the result must be equal
 * (s_C_equal, when no NaN is in it) and must dump to the same bytes.  A
 * value the format cannot carry must fail the dump with its status.
 *
 *   io_driver roundtrip SEED OUT   also writes each JSON text to OUT, one
 *                                  per line, after the class's number
 *   io_driver check SEED IN        loads the JSON texts of IN (python3's
 *                                  json module read and rewrote them) into
 *                                  the same instances, made again
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <slot/io.h>

#include "classes.h"

#define INSTANCES 24

#define EQUAL(C)                                                                                   \
    static bool eq_##C(const void *a, const void *b)                                               \
    {                                                                                              \
        return C##_equal((const C *)a, (const C *)b);                                              \
    }
CLASSES(EQUAL)

typedef struct entry {
    const slot_class *cls;
    bool (*equal)(const void *, const void *);
} entry;

#define ENTRY(C) {&C##_class, eq_##C},
static const entry classes[] = {CLASSES(ENTRY)};
#define NCLASSES (sizeof classes / sizeof classes[0])

static unsigned long checks;
static unsigned seed;

static void die(const char *what, const slot_class *cls, int k, const char *text)
{
    fprintf(stderr, "io property seed %u: class %s, instance %d: %s\n", seed, cls->name, k, what);
    if (text)
        fprintf(stderr, "---\n%s---\n", text);
    exit(1);
}

/* ---- Random values --------------------------------------------------------------- */

static uint64_t rng;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static unsigned below(unsigned n)
{
    return (unsigned)(rnd() % n);
}

/* Pieces of text: plain words, what YAML reads as other types, what it
 * must quote, what it must escape, and UTF-8 of every length. */
static const char *const pieces[] = {
    "a",
    "Zed",
    "0",
    " ",
    "-",
    ":",
    "# ",
    "\"",
    "\\",
    "\t",
    "\n",
    "\r",
    "\x01",
    "\x1f",
    "\x7f",
    "\xc3\xa9",
    "\xe2\x82\xac",
    "\xf0\x9f\x98\x80",
    "\xc2\x85",
    "\xe2\x80\xa8",
    "\xef\xbb\xbf",
    "\xc2\x80",
    "true",
    "null",
    "12",
    "1e3",
    "~",
    ".inf",
    "yes",
    "- ",
    "[",
    "{",
    "&a",
    "*a",
    "!x",
    "%",
    "@",
    "`",
    "'",
    "?",
    ",",
    "0x1F",
    "-.5",
    "No",
    "...",
    "---",
};

/* Whether the instance being made may hold bytes that are no UTF-8: one
 * in eight, so that most instances can be dumped. */
static bool allow_bad;
/* Likewise for NaN and infinities, which JSON cannot carry: one in four. */
static bool allow_special;

/* A random valid UTF-8 string of at most MAX bytes in BUF; BAD (rarely)
 * ends it with a byte that is no UTF-8. */
static void random_text(char *buf, size_t max, bool *bad)
{
    size_t len = 0, want = below((unsigned)(max < 40 ? max : 40) + 1);
    while (len < want) {
        const char *p = pieces[below(sizeof pieces / sizeof pieces[0])];
        size_t k = strlen(p);
        if (len + k > want)
            p = "b", k = 1;
        memcpy(buf + len, p, k);
        len += k;
    }
    if (len > 0 && allow_bad && below(20) == 0) {
        buf[len - 1] = (char)0xff;
        *bad = true;
    }
    buf[len] = '\0';
}

static slot_value limit(const slot_member *m, int k)
{
    return slot_i_read((slot_type)m->type, (const unsigned char *)m->limits + (size_t)k * m->size);
}

static double as_double(slot_value v)
{
    return v.kind == SLOT_INT ? (double)v.as.i : v.kind == SLOT_UINT ? (double)v.as.u : v.as.f;
}

static slot_value random_int(const slot_member *m)
{
    bool sgn = m->type >= SLOT_T_I8 && m->type <= SLOT_T_I64;
    uint64_t x;
    switch (below(6)) {
    case 0:
        return slot_int((int64_t)below(3) - 1);
    case 1:
        return slot_int((int64_t)below(601) - 300);
    case 2:
        if (m->flags & SLOT_F_MIN)
            return limit(m, 0);
        return sgn ? slot_int(INT64_MIN >> (64 - 8 * m->size)) : slot_uint(0);
    case 3:
        if (m->flags & SLOT_F_MAX)
            return limit(m, 1);
        return sgn ? slot_int(INT64_MAX >> (64 - 8 * m->size))
                   : slot_uint(UINT64_MAX >> (64 - 8 * m->size));
    default:
        x = rnd() >> below(64);
        return sgn && below(2) ? slot_int(-(int64_t)(x >> 1)) : slot_uint(x);
    }
}

static slot_value random_float(const slot_member *m)
{
    bool f32 = m->type == SLOT_T_F32;
    double lo = (m->flags & SLOT_F_MIN) ? as_double(limit(m, 0)) : -INFINITY;
    double hi = (m->flags & SLOT_F_MAX) ? as_double(limit(m, 1)) : INFINITY;
    uint64_t bits = rnd();
    double d;
    float f;
    switch (below(12)) {
    case 0:
        if (f32) {
            uint32_t b32 = (uint32_t)bits;
            memcpy(&f, &b32, sizeof f);
            return slot_float(f);
        }
        memcpy(&d, &bits, sizeof d);
        return slot_float(d);
    case 1:
        return slot_float((double)((int)below(2001) - 1000) / 8);
    case 2:
        return slot_float(below(2) ? 0.1 : -0.0);
    case 3:
        if (!allow_special)
            return slot_float(1.5);
        return slot_float(below(3) == 0 ? NAN : below(2) ? INFINITY : -INFINITY);
    case 4:
        return slot_float(below(2) ? 5e-324 : 1.7976931348623157e308);
    default:
        d = isinf(lo) || isinf(hi) ? ((double)(rnd() >> 11) / 9007199254740992.0 - 0.5) * 2e6
                                   : lo + (hi - lo) * ((double)(rnd() >> 11) / 9007199254740992.0);
        return slot_float(f32 ? (double)(float)d : d);
    }
}

static void randomize(const slot_class *cls, void *obj, int depth, bool *bad);

/* One random value for item I of M in OBJ; after many refusals (a narrow
 * range) the item keeps its value. */
static void set_random(const slot_class *cls, void *obj, const slot_member *m, size_t i, int depth,
                       bool *bad)
{
    int tries;
    for (tries = 0; tries < 40; tries++) {
        char text[256];
        slot_value v;
        void *sub = NULL;
        slot_status st;
        bool b = false;
        switch ((slot_type)m->type) {
        case SLOT_T_BOOL:
            v = slot_bool(below(2));
            break;
        case SLOT_T_I8:
        case SLOT_T_I16:
        case SLOT_T_I32:
        case SLOT_T_I64:
        case SLOT_T_U8:
        case SLOT_T_U16:
        case SLOT_T_U32:
        case SLOT_T_U64:
            v = random_int(m);
            break;
        case SLOT_T_F32:
        case SLOT_T_F64:
            v = random_float(m);
            break;
        case SLOT_T_STR:
            random_text(text, m->size - 1, &b);
            v = slot_str(text);
            break;
        case SLOT_T_STRING:
            random_text(text, sizeof text - 1, &b);
            v = slot_str(text);
            break;
        case SLOT_T_ENUM: {
            const slot_enum *e = (const slot_enum *)m->info;
            v = slot_str(e->names[below((unsigned)e->count)]);
            break;
        }
        case SLOT_T_OBJ: {
            const slot_class *k = (const slot_class *)m->info;
            sub = malloc(k->size);
            slot_init(k, sub);
            randomize(k, sub, depth + 1, &b);
            v = slot_obj(sub);
            break;
        }
        case SLOT_T_REF:
            v = slot_obj(NULL);
            break;
        default:
            return;
        }
        st = m->count ? slot_setitem(cls, obj, m->name, i, v) : slot_setattr(cls, obj, m->name, v);
        if (sub) {
            slot_clear(((const slot_class *)m->info), sub);
            free(sub);
        }
        if (st == SLOT_OK) {
            *bad = *bad || b;
            return;
        }
    }
}

static void randomize(const slot_class *cls, void *obj, int depth, bool *bad)
{
    uint32_t k;
    size_t i;
    for (k = 0; k < cls->count; k++) {
        const slot_member *m = &cls->members[k];
        if (below(4) == 0 || (depth > 3 && m->type == SLOT_T_OBJ))
            continue;
        /* A reference set outside an array dumps as null and loads unset. */
        if (m->type == SLOT_T_REF && m->count == 0)
            continue;
        for (i = 0; i < (m->count ? m->count : 1); i++)
            set_random(cls, obj, m, i, depth, bad);
    }
}

/* Whether OBJ holds a float that is NaN (NANS: equal would fail, even in
 * an embedded instance that is not set) or a set one that is not finite
 * (INFS: JSON cannot carry it).  LIVE: OBJ itself is written. */
static void scan(const slot_class *cls, const unsigned char *obj, bool live, bool *nans, bool *infs)
{
    uint32_t k;
    size_t i;
    for (k = 0; k < cls->count; k++) {
        const slot_member *m = &cls->members[k];
        bool set = live && (m->pmask == 0 || (obj[m->pbyte] & m->pmask));
        if (!set && m->pmask && m->type != SLOT_T_OBJ)
            continue;
        for (i = 0; i < (m->count ? m->count : 1); i++) {
            const unsigned char *p = obj + m->offset + i * m->size;
            slot_value v = slot_i_read((slot_type)m->type, p);
            if (m->type == SLOT_T_OBJ)
                scan((const slot_class *)m->info, p, set, nans, infs);
            if (m->type == SLOT_T_F32 || m->type == SLOT_T_F64) {
                *nans = *nans || isnan(v.as.f);
                *infs = *infs || (set && !isfinite(v.as.f));
            }
        }
    }
}

/* ---- The round trip ------------------------------------------------------------- */

/* OBJ as text in FORMAT, in a block of its own (NULL and *ST on failure). */
static char *dump(const slot_class *cls, const void *obj, slot_format format, int *st)
{
    slot_io_opts o = {format, 0, 0, 0};
    int n = slot_dump_text(cls, obj, NULL, 0, &o);
    char *text;
    *st = n;
    if (n < 0)
        return NULL;
    text = malloc((size_t)n + 1);
    if (slot_dump_text(cls, obj, text, (size_t)n + 1, &o) != n || strlen(text) != (size_t)n)
        die("slot_dump_text is not snprintf-like", cls, -1, text);
    return text;
}

/* TEXT loads into a new instance equal to OBJ, which dumps as TEXT. */
static void reads_back(const entry *e, const void *obj, const char *text, slot_format format,
                       bool nans, int k)
{
    const slot_class *cls = e->cls;
    void *back = malloc(cls->size);
    slot_io_error err;
    char *again;
    int st;
    slot_init(cls, back);
    if (slot_load_text(cls, back, text, strlen(text), "dump", NULL, &err) != SLOT_OK)
        die(err.message, cls, k, text);
    if (!nans && !e->equal(obj, back))
        die("the text read back to an instance that is not equal", cls, k, text);
    again = dump(cls, back, format, &st);
    if (!again || strcmp(again, text) != 0)
        die("the instance read back dumps to other text", cls, k, text);
    free(again);
    slot_clear(cls, back);
    free(back);
    checks++;
}

/* Instance K of class C, the same for the same seed. */
static void *make(const entry *e, size_t c, int k, bool *bad)
{
    void *obj = malloc(e->cls->size);
    rng = (uint64_t)seed * 0x9E3779B97F4A7C15u + c * 1000 + (uint64_t)k + 1;
    rnd();
    slot_init(e->cls, obj);
    *bad = false;
    allow_bad = k % 8 == 7;
    allow_special = k % 4 == 2;
    if (k > 0)
        randomize(e->cls, obj, 0, bad);
    return obj;
}

static int roundtrip(FILE *out)
{
    size_t c;
    int k, st;
    for (c = 0; c < NCLASSES; c++) {
        const entry *e = &classes[c];
        for (k = 0; k < INSTANCES; k++) {
            bool bad, nans = false, infs = false;
            void *obj = make(e, c, k, &bad);
            char *yaml, *json;
            scan(e->cls, obj, true, &nans, &infs);
            yaml = dump(e->cls, obj, SLOT_YAML, &st);
            if (bad ? st != -(int)SLOT_ETYPE : !yaml)
                die(bad ? "a dump of bytes that are no UTF-8 did not fail with SLOT_ETYPE"
                        : "the YAML dump failed",
                    e->cls, k, yaml);
            if (yaml)
                reads_back(e, obj, yaml, SLOT_YAML, nans, k);
            json = dump(e->cls, obj, SLOT_JSON, &st);
            if ((bad || infs) ? (st != -(int)SLOT_ETYPE && st != -(int)SLOT_ERANGE) : !json)
                die("the JSON dump did not do what the values say", e->cls, k, json);
            if (!bad && infs && !(st == -(int)SLOT_ERANGE))
                die("a JSON dump of a non-finite float did not fail with SLOT_ERANGE", e->cls, k,
                    json);
            if (json) {
                reads_back(e, obj, json, SLOT_JSON, nans, k);
                fprintf(out, "%zu %d\t%s", c, k, json);
            }
            free(yaml);
            free(json);
            slot_clear(e->cls, obj);
            free(obj);
        }
    }
    printf("io property seed %u: %zu classes, %lu round trips\n", seed, NCLASSES, checks);
    return 0;
}

/* The texts python3 rewrote, each into instance K of class C again. */
static int check(FILE *in)
{
    static char line[1 << 20];
    while (fgets(line, sizeof line, in)) {
        char *tab = strchr(line, '\t');
        size_t c;
        int k, st;
        bool bad, nans = false, infs = false;
        void *obj;
        char *json;
        if (!tab || sscanf(line, "%zu %d", &c, &k) != 2 || c >= NCLASSES) {
            fprintf(stderr, "io property seed %u: bad line %s", seed, line);
            return 1;
        }
        obj = make(&classes[c], c, k, &bad);
        scan(classes[c].cls, obj, true, &nans, &infs);
        json = dump(classes[c].cls, obj, SLOT_JSON, &st);
        if (!json)
            die("python3 gave a text for an instance JSON cannot carry", classes[c].cls, k, NULL);
        /* What python3 wrote loads to the instance, which dumps as before. */
        {
            void *back = malloc(classes[c].cls->size);
            slot_io_error err;
            char *again;
            slot_init(classes[c].cls, back);
            if (slot_load_text(classes[c].cls, back, tab + 1, strlen(tab + 1), "python", NULL,
                               &err) != SLOT_OK)
                die(err.message, classes[c].cls, k, tab + 1);
            if (!nans && !classes[c].equal(obj, back))
                die("python3's text loads to an instance that is not equal", classes[c].cls, k,
                    tab + 1);
            again = dump(classes[c].cls, back, SLOT_JSON, &st);
            if (!again || strcmp(again, json) != 0)
                die("python3's text loads to an instance that dumps otherwise", classes[c].cls, k,
                    tab + 1);
            free(again);
            slot_clear(classes[c].cls, back);
            free(back);
        }
        checks++;
        free(json);
        slot_clear(classes[c].cls, obj);
        free(obj);
    }
    printf("io property seed %u: %lu texts from python3's json read back\n", seed, checks);
    return 0;
}

int main(int argc, char **argv)
{
    FILE *f;
    int rc;
    if (argc != 4 || (strcmp(argv[1], "roundtrip") != 0 && strcmp(argv[1], "check") != 0)) {
        fprintf(stderr, "usage: io_driver roundtrip|check SEED FILE\n");
        return 2;
    }
    seed = (unsigned)strtoul(argv[2], NULL, 10);
    f = fopen(argv[3], argv[1][0] == 'r' ? "w" : "r");
    if (!f) {
        perror(argv[3]);
        return 2;
    }
    rc = argv[1][0] == 'r' ? roundtrip(f) : check(f);
    if (fclose(f) != 0)
        return 2;
    return rc;
}
