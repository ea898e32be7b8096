/* bench_repr.c - slot_repr of a Point whose three doubles come from one of
 * three streams: doubles of the kind programs hold (two decimal places),
 * random bit patterns (17 digits each), and powers of two (the values that
 * need a second candidate to print shortest).  Prints ns per slot_repr,
 * best of REPEATS timings. */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench.slot.h"

typedef struct stream {
    const char *name;
    bench_Point points[STREAM_LEN];
} stream;

static stream streams[3];

static double finite_double(void)
{
    for (;;) {
        uint64_t bits = bench_rng();
        double x;
        memcpy(&x, &bits, sizeof x);
        if (isfinite(x))
            return x;
    }
}

static double pick(int kind)
{
    if (kind == 0)
        return (double)(bench_rng() % 2000001) / 100.0 - 10000.0;
    if (kind == 1)
        return finite_double();
    return ldexp(1.0, (int)(bench_rng() % 2098) - 1074);
}

static double timed(const void *ctx, long passes)
{
    const stream *s = ctx;
    char buf[128];
    size_t sink = 0;
    double t0 = bench_now_ns();
    for (long p = 0; p < passes; p++) {
        for (size_t i = 0; i < STREAM_LEN; i++)
            sink += (size_t)slot_repr(&bench_Point_class, &s->points[i], buf, sizeof buf);
    }
    double ns = (bench_now_ns() - t0) / ((double)passes * STREAM_LEN);
    if (sink == 0)
        puts("");
    return ns;
}

int main(int argc, char **argv)
{
    static const char *const names[3] = {"two decimals", "random bits", "powers of two"};
    double seconds;
    const char *out_path;
    bench_args(argc, argv, "bench_repr", &seconds, &out_path);
    (void)out_path;
    printf("slot_repr of a Point (x, y, z: f64), ns per call, best of %d\n", REPEATS);
    for (int k = 0; k < 3; k++) {
        stream *s = &streams[k];
        s->name = names[k];
        for (size_t i = 0; i < STREAM_LEN; i++) {
            bench_Point *pt = &s->points[i];
            bench_Point_init(pt);
            if (bench_Point_set_x(pt, pick(k)) || bench_Point_set_y(pt, pick(k)) ||
                bench_Point_set_z(pt, pick(k))) {
                fputs("bench_repr: a set failed\n", stderr);
                return 1;
            }
        }
        long passes = bench_calibrate(timed, s, seconds);
        double best = 0;
        for (int r = 0; r < REPEATS; r++) {
            double ns = timed(s, passes);
            if (r == 0 || ns < best)
                best = ns;
        }
        printf("  %-14s %8.1f\n", s->name, best);
    }
    return 0;
}
