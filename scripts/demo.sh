#!/usr/bin/env bash
# Builds slotc from nothing, compiles the example schemas in schemas/ and
# runs the demo program that uses the generated code.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
slotc_need "${SLOTC_BUILD_DEPS[@]}"
cmake -S . -B build -G Ninja -DSLOTC_TESTS=OFF >/dev/null
cmake --build build --target demo
./build/demo/demo
