#!/usr/bin/env bash
# slotc against protoc-c at scale: builds slotc (Release, -O2), makes the
# inputs (flat schemas of 10k, 100k and 1M slots in classes of 20 mixed
# slots, import chains of 200 and 500 files of 10 classes each, one class of
# 30k slots, and an equivalent .proto for each), runs both generators, and
# prints time, peak RSS, output lines per slot, and what gcc -O2 -c takes
# for each output and for a file that only includes its header.
#
#   bench/scale.sh                    every case (long: minutes, gigabytes)
#   bench/scale.sh --quick            small cases only
#   bench/scale.sh flat:100k wide:30k the cases named (flat:N chain:N wide:N)
#   bench/scale.sh --no-cc ...        skip the compiler runs
#   bench/scale.sh --mem-cap 4e9 ...  address space allowed to each process
#
# BUILD=DIR picks the build directory (default build-bench); inputs and
# outputs go to DIR/scale.  The figures share the machine with whatever
# else runs: the load average is printed with each case.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
slotc_need "${SLOTC_BUILD_DEPS[@]}" "${SLOTC_SCALE_BENCH_DEPS[@]}"

build=${BUILD:-build-bench}
jobs=$(($(nproc) < 2 ? $(nproc) : 2))
echo "command: bench/scale.sh $*"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_C_FLAGS_RELEASE=-O2 -DNDEBUG" \
    -DSLOTC_TESTS=OFF >/dev/null
if ! log=$(cmake --build "$build" -j "$jobs" --target slotc 2>&1); then
    printf '%s\n' "$log" >&2
    exit 1
fi
echo "cpu:      $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
    "$(nproc) cores online, $(free -g | awk '/^Mem:/ {print $2}') GiB"
echo "slotc:    $("$build/generator/slotc" --version)"
echo "protoc-c: $(protoc-c --version | tr '\n' ' ')"
echo "compiler: $(gcc --version | head -n 1)"
echo
exec python3 bench/scale.py --slotc "$build/generator/slotc" --include runtime/include \
    --work "$build/scale" "$@"
