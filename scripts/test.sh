#!/usr/bin/env bash
# Builds slotc from nothing and runs every test: the ctest suite, the same
# suite under ASan+UBSan, the behaviour tests on i386, armhf and aarch64, the
# fuzzers (60 and 30 seconds), a build of the benchmarks, and the format and
# static-analysis checks.  --quick runs the
# plain ctest suite only.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
slotc_need "${SLOTC_BUILD_DEPS[@]}" "${SLOTC_TEST_DEPS[@]}" "${SLOTC_BENCH_DEPS[@]}"
jobs=$(nproc)

# Each stage is announced, and the run ends with one line that says how
# every stage went, also when one fails.
stages=() stage='' started=0
step() {
    end_step ok
    stage=$1 started=$SECONDS
    printf '\n==== %s\n' "$stage"
}
end_step() {
    [ -n "$stage" ] && stages+=("$stage: $1 ($((SECONDS - started)) s)")
    stage=''
}
summary() {
    if [ $? -eq 0 ]; then end_step ok; else end_step FAILED; fi
    local IFS=';'
    printf '\n==== summary:%s\n' "${stages[*]/#/ }"
}
trap summary EXIT

step "ctest"
cmake -S . -B build -G Ninja -DSLOTC_TESTS=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build -j "$jobs" --output-on-failure

[ "${1:-}" = "--quick" ] && exit 0

step "ctest under ASan+UBSan"
cmake -S . -B build-asan -G Ninja -DSLOTC_TESTS=ON -DSLOTC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan -j "$jobs" --output-on-failure

step "behaviour tests on i386, armhf and aarch64"
# The files generated here, compiled with gcc -m32 and for armhf and aarch64
# (run under qemu-user): the same output must work on every common ABI.
scripts/abi.sh build/generator/slotc

step "fuzz load+check for 60 s"
cmake -S . -B build-fuzz -G Ninja -DSLOTC_FUZZ=ON -DSLOTC_TESTS=OFF \
    -DCMAKE_C_COMPILER=clang >/dev/null
cmake --build build-fuzz --target fuzz_schema fuzz_load -j "$jobs"
mkdir -p build-fuzz/corpus
cp schemas/*.yaml tests/diag/*.yaml build-fuzz/corpus/ 2>/dev/null || true
./build-fuzz/tests/fuzz/fuzz_schema -max_total_time=60 -max_len=4096 -timeout=10 \
    -print_final_stats=1 build-fuzz/corpus 2>&1 | tail -n 5

step "fuzz slot_load_text and the dump for 30 s"
mkdir -p build-fuzz/corpus-io
cp tests/fuzz/io/* build-fuzz/corpus-io/
./build-fuzz/tests/fuzz/fuzz_load -max_total_time=30 -max_len=4096 -timeout=10 \
    -print_final_stats=1 build-fuzz/corpus-io 2>&1 | tail -n 5

step "build the benchmarks"
# bench/run.sh runs them; no test times anything.
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSLOTC_BENCH=ON \
    -DSLOTC_TESTS=OFF >/dev/null
cmake --build build-bench -j "$jobs" --target bench_slot bench_dict bench_repr

step "format and static analysis"
scripts/lint.sh
