#!/usr/bin/env bash
# The text I/O benchmark: one generated file of 1,000,000 records of about
# 140 bytes (bench/io.yaml: ten mixed slots, an embedded class and an
# array), loaded by libyaml's parser alone (the floor: events, nothing
# built), by slotc's slot_load_each, by libcyaml (hand-written schema) and
# by PyYAML's C loader; dumped by each of them; and the peak memory of
# slot_load_each on that file and on one four times as long.  Prints the
# machine, the figures, the ratios and the goals met.
#
#   bench/io.sh [--records N] [--big K] [--repeat R]
#
# BUILD=DIR picks the build directory (default build-bench); the generated
# files (about 140 MB and 560 MB) go to DIR/io.  The figures share the
# machine with whatever else runs: the load average is printed with them.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
slotc_need "${SLOTC_BUILD_DEPS[@]}" "${SLOTC_IO_BENCH_DEPS[@]}" gperf

build=${BUILD:-build-bench}
python=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}
jobs=$(($(nproc) < 2 ? $(nproc) : 2))
echo "command:  bench/io.sh $*"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_C_FLAGS_RELEASE=-O2 -DNDEBUG" \
    -DSLOTC_BENCH=ON -DSLOTC_TESTS=OFF >/dev/null
if ! log=$(cmake --build "$build" -j "$jobs" --target bench_io 2>&1); then
    printf '%s\n' "$log" >&2
    exit 1
fi
echo "cpu:      $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
    "$(nproc) cores online"
echo "system:   $(uname -sr), $(gcc --version | head -n 1)"
echo "libyaml:  $(dpkg-query -W -f='${Version}' libyaml-0-2)," \
    "libcyaml: $(dpkg-query -W -f='${Version}' libcyaml1)," \
    "PyYAML: $("$python" -c 'import yaml; print(yaml.__version__)') on $("$python" --version)"
exec "$python" bench/io.py --bench "$build/bench/bench_io" --work "$build/io" "$@"
