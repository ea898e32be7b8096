# Outside projects that use slotc_generate(TARGET ...) on a schema that
# imports another, with slotc found in three ways: installed (find_package),
# as a subdirectory, and through FetchContent.  In each, an edited import
# rebuilds what depends on it, a second build has no work, and an edit
# that changes no generated code compiles nothing.  Then a build that, as
# for another target, takes the host's slotc and builds libslot only.
. "$(dirname "$0")/../lib.sh"
BUILD=$3
FLAGS=${4:-}
cmake --install "$BUILD" --prefix "$WORK/prefix" >/dev/null || fail "cmake --install"

# project NAME: tests/cmake/consumer with NAME's CMakeLists.txt.
project() {
    mkdir "$WORK/$1"
    cp "$SRC/tests/cmake/consumer/"*.c "$SRC/tests/cmake/consumer/"*.yaml "$WORK/$1/"
    cp "$SRC/tests/cmake/$1/CMakeLists.txt" "$WORK/$1/"
}
project consumer
project subdir
mkdir "$WORK/subdir/third_party" && ln -s "$SRC" "$WORK/subdir/third_party/slotc"
project fetch

# build NAME: what ninja did (the slotc runs and objects compiled, sorted),
# then the program's output.
build() {
    cmake --build "$WORK/$1/build" >"$WORK/$1/log" 2>&1 || { tail -n 20 "$WORK/$1/log" >&2; fail "$1: build"; }
    echo "did: $(sed -n -e 's/^\[[0-9/]*\] \(slotc [^ ]*\)$/\1/p' \
        -e 's/^\[[0-9/]*\] Building C object CMakeFiles\/consumer.dir\/\(.*\)\.o$/\1/p' \
        "$WORK/$1/log" | sort | tr '\n' ' ')"
    "$WORK/$1/build/consumer"
}
no_work() {
    expect_eq "$1: $2, ninja -n" "ninja: no work to do." "$(cd "$WORK/$1/build" && ninja -n 2>&1)"
}

for p in consumer subdir fetch; do
    cmake -S "$WORK/$p" -B "$WORK/$p/build" -G Ninja -DCMAKE_PREFIX_PATH="$WORK/prefix" \
        -DFETCHCONTENT_SOURCE_DIR_SLOTC="$SRC" -DCMAKE_C_FLAGS="$FLAGS" \
        -DCMAKE_EXE_LINKER_FLAGS="$FLAGS" >"$WORK/$p/log" 2>&1 ||
        { tail -n 20 "$WORK/$p/log" >&2; fail "$p: configure"; continue; }
    expect_eq "$p: first build" "did: main.c slotc points.yaml slotc units.yaml slotc/points.slot.c slotc/units.slot.c 
x=3 value out of range, unit kg
loaded x=5 success" "$(build $p)"
    no_work $p "first build"
    [ -e "$WORK/$p/build/slotc/points.slot.h" ] && pass || fail "$p: not in the caller's binary dir"

    printf 'schema: units\nenums:\n  Unit: {m: 10, kg: 20}\n' >"$WORK/$p/units.yaml"
    expect_eq "$p: import edited" "did: main.c slotc points.yaml slotc units.yaml slotc/points.slot.c slotc/units.slot.c 
x=3 value out of range, unit kg
loaded x=5 success" "$(build $p)"
    no_work $p "import edited"

    printf '# The units.\n' >>"$WORK/$p/units.yaml"
    expect_eq "$p: comment added" "did: slotc points.yaml slotc units.yaml 
x=3 value out of range, unit kg
loaded x=5 success" "$(build $p)"
    no_work $p "comment added"
done

# A build for another target: the host's slotc (here the installed one)
# generates, and slotc's source gives libslot alone, not slotc itself.
mkdir "$WORK/hosted" "$WORK/hosted/third_party"
cp "$SRC/tests/cmake/hosted/"* "$SRC/tests/cmake/consumer/"*.yaml "$WORK/hosted/"
ln -s "$SRC" "$WORK/hosted/third_party/slotc"
if cmake -S "$WORK/hosted" -B "$WORK/hosted/build" -G Ninja -DSLOTC_EXECUTABLE="$WORK/prefix/bin/slotc" \
    -DCMAKE_C_FLAGS="$FLAGS" -DCMAKE_EXE_LINKER_FLAGS="$FLAGS" >"$WORK/hosted/log" 2>&1 &&
    cmake --build "$WORK/hosted/build" >"$WORK/hosted/log" 2>&1; then
    expect_eq "hosted: program" "x=3 value out of range, unit kg, 8 bytes" "$("$WORK/hosted/build/consumer")"
    grep -q '^\[[0-9/]*\] slotc points.yaml$' "$WORK/hosted/log" && pass || fail "hosted: slotc did not run"
    grep -q 'generator' "$WORK/hosted/log" && fail "hosted: slotc itself was built" || pass
    no_work hosted "first build"
else
    tail -n 20 "$WORK/hosted/log" >&2
    fail "hosted: configure or build"
fi
finish
