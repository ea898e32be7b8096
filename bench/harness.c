/* harness.c - the helpers of harness.h. */
#define _POSIX_C_SOURCE 200809L
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(const char *prog)
{
    fprintf(stderr, "usage: %s [--time SECONDS] [--out FILE]\n", prog);
    exit(2);
}

void bench_args(int argc, char **argv, const char *prog, double *seconds, const char **out_path)
{
    *seconds = 0.2;
    *out_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--time") == 0 && i + 1 < argc)
            *seconds = atof(argv[++i]);
        else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            *out_path = argv[++i];
        else
            usage(prog);
    }
    if (!(*seconds > 0))
        usage(prog);
}

double bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static uint64_t rng_state = UINT64_C(0x2545f4914f6cdd1d);

uint64_t bench_rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

long bench_calibrate(double (*timed)(const void *ctx, long passes), const void *ctx, double seconds)
{
    long passes = 1;
    for (;;) {
        double total = timed(ctx, passes) * (double)passes * STREAM_LEN;
        if (total >= 2e7 || passes >= (1L << 24)) {
            double want = (double)passes * seconds * 1e9 / total;
            return want < 1 ? 1 : (long)want;
        }
        passes *= total < 2e5 ? 16 : 2;
    }
}
