# docs/cli.md's Make recipe against an installed slotc, found on PATH and
# through pkg-config: each edit of a schema, imported or not, rebuilds
# exactly what depends on it, and the program shows the new value.  The
# program links the shared libslot, which exports only slot_ names.
. "$(dirname "$0")/../lib.sh"
BUILD=$3
FLAGS=${4:-}
cmake --install "$BUILD" --prefix "$WORK/prefix" >/dev/null || fail "cmake --install"
export PATH="$WORK/prefix/bin:$PATH"
export PKG_CONFIG_PATH="$WORK/prefix/lib/pkgconfig"
export LD_LIBRARY_PATH="$WORK/prefix/lib"
lib=$WORK/prefix/lib/libslot.so
expect_eq "soname" "libslot.so.$(sed -n 's/^#define SLOT_ABI_VERSION //p' "$SRC/runtime/include/slot/slot.h")" \
    "$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')"
expect_eq "exported names not slot_" "" "$(nm -D --defined-only "$lib" | awk '$3 !~ /^slot_/ {print $3}')"
cp -r "$SRC/tests/make" "$WORK/p"
cd "$WORK/p"
rm -f run.sh

# build: runs make, prints what it compiled (sorted), then the program's output.
build() {
    make CFLAGS="-O1 $FLAGS" LDFLAGS="$FLAGS" >log 2>&1 || { cat log >&2; fail "make"; }
    echo "compiled: $(sed -n 's/.* -c -o \([^ ]*\) .*/\1/p' log | sort | tr '\n' ' ')"
    echo "slotc: $(sed -n 's/^slotc .* \([^ ]*\.yaml\)$/\1/p' log | sort | tr '\n' ' ')"
    ./app
}
up_to_date() { make -q CFLAGS="-O1 $FLAGS" LDFLAGS="$FLAGS" && pass || fail "$1: make has work left"; }

expect_eq "first build" "compiled: gen/app.slot.o gen/note.slot.o gen/units.slot.o main.o 
slotc: app.yaml note.yaml units.yaml 
unit kg, note first" "$(build)"
up_to_date "first build"
ldd app | grep -q "libslot.so.[0-9]* => $WORK/prefix/lib/" && pass || fail "app does not load the shared libslot: $(ldd app)"

# The case that used to build a stale program: new values for the imported
# enum change units.slot.h and nothing app.yaml generates, so only -MMD's
# lists know that gen/app.slot.o must be compiled again.  The stale
# object initialised the slot to the old value of kg and printed
# "unit (null)".
printf 'schema: units\nenums:\n  Unit: {m: 10, kg: 20}\n' >units.yaml
expect_eq "import edited" "compiled: gen/app.slot.o gen/units.slot.o main.o 
slotc: app.yaml units.yaml 
unit kg, note first" "$(build)"
# app.yaml's outputs kept their time, so they stay older than units.yaml
# and Make reruns slotc for them; it compiles nothing.
expect_eq "after the import edit" "compiled: 
slotc: app.yaml 
unit kg, note first" "$(build)"

sed -i 's/default: kg/default: m/' app.yaml
expect_eq "importer edited" "compiled: gen/app.slot.o main.o 
slotc: app.yaml 
unit m, note first" "$(build)"
up_to_date "importer edited"
finish
