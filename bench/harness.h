/* harness.h - what the benchmark programs share: the stream length and
 * the repetitions, their command line, the clock, the random numbers that
 * shuffle their streams, and how long one timing runs. */
#ifndef BENCH_HARNESS_H
#define BENCH_HARNESS_H

#include <stdint.h>

#define STREAM_LEN 4096 /* names in every stream */
#define REPEATS 5       /* timings of each measurement; the best is kept */

/* Reads "[--time SECONDS] [--out FILE]" into *SECONDS (default 0.2) and
 * *OUT_PATH (default NULL); exits with a usage line naming PROG otherwise. */
void bench_args(int argc, char **argv, const char *prog, double *seconds, const char **out_path);

/* CLOCK_MONOTONIC, in nanoseconds. */
double bench_now_ns(void);

/* xorshift64 from a fixed seed: the same streams on every run. */
uint64_t bench_rng(void);

/* The number of passes over a stream that makes one timing last about
 * SECONDS.  TIMED(CTX, PASSES) runs PASSES passes and gives the
 * nanoseconds per call. */
long bench_calibrate(double (*timed)(const void *ctx, long passes), const void *ctx,
                     double seconds);

#endif
