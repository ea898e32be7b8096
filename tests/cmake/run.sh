# Install slotc into a temporary prefix, then build and run a project that
# finds it with find_package(slotc) and generates code with slotc_generate().
. "$(dirname "$0")/../lib.sh"
BUILD=$3
FLAGS=${4:-}
cmake --install "$BUILD" --prefix "$WORK/prefix" >/dev/null || fail "cmake --install"
if cmake -S "$SRC/tests/cmake/consumer" -B "$WORK/build" -G Ninja \
        -DCMAKE_PREFIX_PATH="$WORK/prefix" -DCMAKE_C_FLAGS="$FLAGS" \
        -DCMAKE_EXE_LINKER_FLAGS="$FLAGS" >"$WORK/log" 2>&1 &&
    cmake --build "$WORK/build" >>"$WORK/log" 2>&1; then
    pass
else
    fail "consumer project did not build"
    tail -n 20 "$WORK/log" >&2
fi
expect_eq "consumer output" "x=3 value out of range
loaded x=5 success" "$("$WORK/build/consumer")"
finish
