#!/usr/bin/env bash
# Builds the benchmarks (Release, -O2) and runs all of them in one run:
#   1. by-name lookup: slot_index against gperf and a linear scan;
#   2. by-name get: slot_getattr against the empty call of its loop,
#      protobuf-c's by-name get and CPython's getattr on __slots__;
#   3. memory per instance against CPython's normal and __slots__ classes;
#   4. get and set through the instance dict against the same on slots and
#      against CPython's on a normal instance;
#   5. slot_repr of floats.
# Prints the machine, the tools, and a table of ns per operation and ratios.
#
#   bench/run.sh [BUILD_DIR]     (default: build-bench)
#   PYTHON=python3.12 bench/run.sh   to time another interpreter
#
# The default interpreter is the distribution's python3, the package the
# build scripts install, rather than whichever python3 comes first on PATH:
# a locally compiled CPython can be slower, which would flatter slotc.
#
# Timings share the machine with whatever else runs on it: compare the load
# averages printed before and after, and re-run when they are high.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
slotc_need "${SLOTC_BUILD_DEPS[@]}" "${SLOTC_BENCH_DEPS[@]}"

build=${1:-build-bench}
python=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}
jobs=$(($(nproc) < 2 ? $(nproc) : 2))

echo "command: bench/run.sh${1:+ $1}${PYTHON:+ (PYTHON=$PYTHON)}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_C_FLAGS_RELEASE=-O2 -DNDEBUG" \
    -DSLOTC_BENCH=ON -DSLOTC_TESTS=OFF >/dev/null
if ! log=$(cmake --build "$build" -j "$jobs" --target bench_slot bench_dict bench_repr 2>&1); then
    printf '%s\n' "$log" >&2
    exit 1
fi

cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
echo "cpu:      $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
    "$(nproc) cores online"
echo "system:   $(uname -sr)"
echo "compiler: $("$cc" --version | head -n 1)"
echo "gperf:    $(gperf --version | head -n 1)"
echo "protobuf-c: $(protoc-c --version 2>&1 | head -n 1)"
echo "python:   $("$python" -c 'import platform as p
print(p.python_implementation(), p.python_version(), "(" + p.python_compiler() + ")")')"
echo "load:     $(cut -d ' ' -f 1-3 /proc/loadavg) (1, 5, 15 min) before"
echo

results="$build/bench/getattr-input.txt"
"$build/bench/bench_slot" --out "$results"
"$python" bench/getattr.py "$results"
echo
results="$build/bench/dict-input.txt"
"$build/bench/bench_dict" --out "$results"
"$python" bench/dict.py "$results"
echo
"$build/bench/bench_repr"

echo
echo "load:     $(cut -d ' ' -f 1-3 /proc/loadavg) (1, 5, 15 min) after"
