/* bench_dict.c - memory per instance, and get and set through the
 * instance dict, for dict.py to set against CPython.
 *
 * Memory: 1,000,000 instances holding x and y as floats (x = i, y = i +
 * 0.5), built three ways: a dynamic class allocated one by one (its two
 * values live in the dict), a slotted class with defaults stored in one
 * array, and the same class allocated one by one.  Each case runs twice,
 * in a fresh child process each time: once with an allocator hook that
 * counts the bytes asked for (what tracemalloc counts on the CPython
 * side), once with plain malloc, to read how much the resident set grew
 * (what the C library's chunks and the pages really cost).  The array of
 * pointers to the instances is allocated before either count starts, as
 * dict.py's list is, so neither side counts it.
 *
 * Speed: slot_getattr and slot_setattr of x and y, in a shuffled stream
 * of 4,096 names, on an instance of the dynamic class (the dict) and on
 * one of the slotted class (the slots, to set the dict against); ns per
 * call, loop included, the best of REPEATS timings of about --time
 * seconds.
 *
 * Prints its own tables and writes what dict.py needs to --out.
 */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dict.slot.h"
#include "harness.h"

#define COUNT 1000000

static volatile double sink;

static void die(const char *what, slot_status st)
{
    fprintf(stderr, "bench_dict: %s: %s\n", what, slot_strerror(st));
    exit(1);
}

/* ---- Counting the bytes asked for -------------------------------------- */

/* Each block carries its size in front, so that free can take it off. */
typedef union header {
    size_t size;
    max_align_t align;
} header;

static size_t live_bytes;

static void *counting_malloc(size_t size, void *ctx)
{
    (void)ctx;
    header *h = malloc(sizeof *h + size);
    if (!h)
        return NULL;
    h->size = size;
    live_bytes += size;
    return h + 1;
}

static void counting_free(void *ptr, void *ctx)
{
    (void)ctx;
    header *h = (header *)ptr - 1;
    live_bytes -= h->size;
    free(h);
}

/* Resident bytes of this process. */
static size_t resident(void)
{
    long pages = 0, rss = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f || fscanf(f, "%ld %ld", &pages, &rss) != 2) {
        fprintf(stderr, "bench_dict: cannot read /proc/self/statm\n");
        exit(1);
    }
    fclose(f);
    return (size_t)rss * (size_t)sysconf(_SC_PAGESIZE);
}

/* ---- The three ways to hold a million points ---------------------------- */

static void **ptrs; /* allocated before counting starts */

static void build_dynamic(void)
{
    for (size_t i = 0; i < COUNT; i++) {
        bd_Open *o = bd_Open_new();
        slot_status st;
        if (!o)
            die("bd_Open_new", SLOT_ENOMEM);
        if ((st = slot_setattr(&bd_Open_class, o, "x", slot_float((double)i))) != SLOT_OK ||
            (st = slot_setattr(&bd_Open_class, o, "y", slot_float((double)i + 0.5))) != SLOT_OK)
            die("slot_setattr", st);
        ptrs[i] = o;
    }
}

static void build_array(void)
{
    bd_Pair *a = slot_malloc(COUNT * sizeof *a);
    if (!a)
        die("the array", SLOT_ENOMEM);
    for (size_t i = 0; i < COUNT; i++) {
        bd_Pair_init(&a[i]);
        if (bd_Pair_set_x(&a[i], (double)i) != SLOT_OK ||
            bd_Pair_set_y(&a[i], (double)i + 0.5) != SLOT_OK)
            die("bd_Pair_set", SLOT_ERANGE);
    }
    ptrs[0] = a;
}

static void build_one_by_one(void)
{
    for (size_t i = 0; i < COUNT; i++) {
        bd_Pair *p = bd_Pair_new();
        if (!p)
            die("bd_Pair_new", SLOT_ENOMEM);
        if (bd_Pair_set_x(p, (double)i) != SLOT_OK || bd_Pair_set_y(p, (double)i + 0.5) != SLOT_OK)
            die("bd_Pair_set", SLOT_ERANGE);
        ptrs[i] = p;
    }
}

typedef struct mem_case {
    const char *key; /* for dict.py */
    const char *what;
    void (*build)(void);
    double asked, rss; /* bytes per instance */
} mem_case;

/* Builds C in a child process and reports bytes per instance: asked for
 * (COUNTING) or resident. */
static double measure_in_child(const mem_case *c, bool counting)
{
    int fds[2];
    double result = -1;
    if (pipe(fds) != 0) {
        perror("bench_dict: pipe");
        exit(1);
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("bench_dict: fork");
        exit(1);
    }
    if (pid == 0) {
        close(fds[0]);
        ptrs = malloc(COUNT * sizeof *ptrs);
        if (!ptrs)
            die("the pointer array", SLOT_ENOMEM);
        memset(ptrs, 0, COUNT * sizeof *ptrs);
        if (counting)
            slot_set_allocator(counting_malloc, counting_free, NULL);
        size_t before = counting ? live_bytes : resident();
        c->build();
        size_t after = counting ? live_bytes : resident();
        result = (double)(after - before) / COUNT;
        if (write(fds[1], &result, sizeof result) != (ssize_t)sizeof result)
            _exit(1);
        _exit(0);
    }
    close(fds[1]);
    if (read(fds[0], &result, sizeof result) != (ssize_t)sizeof result)
        result = -1;
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    if (result < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "bench_dict: measuring '%s' failed\n", c->what);
        exit(1);
    }
    return result;
}

/* ---- Timing get and set through the dict -------------------------------- */

typedef struct timing {
    const char *what;
    void (*run)(long passes);
    long passes;
    double best;
} timing;

static bd_Open *subject;
static bd_Pair pair;
static const char *stream[STREAM_LEN];

static void run_slot_get(long passes)
{
    double sum = 0;
    for (long p = 0; p < passes; p++) {
        for (size_t i = 0; i < STREAM_LEN; i++) {
            slot_value v;
            v.as.f = 0;
            sum += (double)slot_getattr(&bd_Pair_class, &pair, stream[i], &v) + v.as.f;
        }
    }
    sink = sum;
}

static void run_slot_set(long passes)
{
    double sum = 0;
    for (long p = 0; p < passes; p++) {
        for (size_t i = 0; i < STREAM_LEN; i++)
            sum += (double)slot_setattr(&bd_Pair_class, &pair, stream[i], slot_float((double)i));
    }
    sink = sum;
}

static void run_get(long passes)
{
    double sum = 0;
    for (long p = 0; p < passes; p++) {
        for (size_t i = 0; i < STREAM_LEN; i++) {
            slot_value v;
            v.as.f = 0;
            sum += (double)slot_getattr(&bd_Open_class, subject, stream[i], &v) + v.as.f;
        }
    }
    sink = sum;
}

static void run_set(long passes)
{
    double sum = 0;
    for (long p = 0; p < passes; p++) {
        for (size_t i = 0; i < STREAM_LEN; i++)
            sum += (double)slot_setattr(&bd_Open_class, subject, stream[i], slot_float((double)i));
    }
    sink = sum;
}

/* Nanoseconds per call of PASSES passes of timing CTX. */
static double timed(const void *ctx, long passes)
{
    const timing *t = (const timing *)ctx;
    double t0 = bench_now_ns();
    t->run(passes);
    return (bench_now_ns() - t0) / ((double)passes * STREAM_LEN);
}

/* x and y equally often, shuffled, each a copy of its own as names parsed
 * from input would be. */
static char *make_stream(void)
{
    char *text = malloc(2 * STREAM_LEN);
    if (!text)
        die("the stream", SLOT_ENOMEM);
    for (size_t i = 0; i < STREAM_LEN; i++) {
        text[2 * i] = i % 2 ? 'y' : 'x';
        text[2 * i + 1] = '\0';
        stream[i] = &text[2 * i];
    }
    for (size_t i = STREAM_LEN - 1; i > 0; i--) {
        size_t j = (size_t)(bench_rng() % (i + 1));
        const char *t = stream[i];
        stream[i] = stream[j];
        stream[j] = t;
    }
    return text;
}

int main(int argc, char **argv)
{
    double seconds;
    const char *out_path;
    bench_args(argc, argv, "bench_dict", &seconds, &out_path);

    mem_case cases[] = {
        {"dynamic", "dynamic class, one by one", build_dynamic, 0, 0},
        {"array", "slotted class, in an array", build_array, 0, 0},
        {"single", "slotted class, one by one", build_one_by_one, 0, 0},
    };
    enum { NCASES = sizeof cases / sizeof cases[0] };
    printf("3. Memory: bytes per instance, %d instances holding x and y as floats\n\n", COUNT);
    printf("  %-28s %10s %10s\n", "slotc", "asked for", "resident");
    for (size_t i = 0; i < NCASES; i++) {
        cases[i].asked = measure_in_child(&cases[i], true);
        cases[i].rss = measure_in_child(&cases[i], false);
        printf("  %-28s %10.1f %10.1f\n", cases[i].what, cases[i].asked, cases[i].rss);
    }
    printf("\n");

    char *text = make_stream();
    subject = bd_Open_new();
    slot_status st;
    if (!subject)
        die("bd_Open_new", SLOT_ENOMEM);
    if ((st = slot_setattr(&bd_Open_class, subject, "x", slot_float(1.5))) != SLOT_OK ||
        (st = slot_setattr(&bd_Open_class, subject, "y", slot_float(-2.25))) != SLOT_OK)
        die("slot_setattr", st);
    bd_Pair_init(&pair);
    timing ts[] = {{"slot_getattr", run_get, 0, 1e300},
                   {"slot_setattr", run_set, 0, 1e300},
                   {"slot_get_slots", run_slot_get, 0, 1e300},
                   {"slot_set_slots", run_slot_set, 0, 1e300}};
    enum { NTIMINGS = sizeof ts / sizeof ts[0] };
    for (size_t i = 0; i < NTIMINGS; i++)
        ts[i].passes = bench_calibrate(timed, &ts[i], seconds);
    for (int r = 0; r < REPEATS; r++)
        for (size_t i = 0; i < NTIMINGS; i++) {
            double ns = timed(&ts[i], ts[i].passes);
            if (ns < ts[i].best)
                ts[i].best = ns;
        }
    printf("4. Dict get and set: ns per call of slot_getattr and slot_setattr on x and y of a\n"
           "   dynamic instance (the dict) and of a slotted one (the slots), best of %d\n\n",
           REPEATS);
    printf("  %-10s %8s %8s %11s\n", "operation", "dict", "slots", "dict/slots");
    for (size_t i = 0; i < 2; i++)
        printf("  %-10s %8.2f %8.2f %11.2f\n", i ? "set" : "get", ts[i].best, ts[i + 2].best,
               ts[i].best / ts[i + 2].best);
    printf("\n  goal: dict/slots <= 2.00 for get and set: %s\n\n",
           ts[0].best <= 2 * ts[2].best && ts[1].best <= 2 * ts[3].best ? "met" : "NOT met");

    if (out_path) {
        FILE *out = fopen(out_path, "w");
        if (!out) {
            perror(out_path);
            return 2;
        }
        fprintf(out, "count %d\n", COUNT);
        for (size_t i = 0; i < NCASES; i++)
            fprintf(out, "memory %s %.2f %.2f\n", cases[i].key, cases[i].asked, cases[i].rss);
        fprintf(out, "stream");
        for (size_t i = 0; i < STREAM_LEN; i++)
            fprintf(out, " %s", stream[i]);
        fprintf(out, "\n");
        for (size_t i = 0; i < NTIMINGS; i++)
            fprintf(out, "%s %.4f\n", ts[i].what, ts[i].best);
        if (fclose(out) != 0) {
            perror(out_path);
            return 2;
        }
    }
    bd_Open_free(subject);
    free(text);
    return 0;
}
