# Property test of libslot_io: random schemas of gen.py (through io_gen.py),
# random instances of every class dumped as YAML and as JSON and loaded back
# (io_driver.c), and every JSON text read and rewritten by python3's json
# module, then loaded again (io_json.py).
#
# $1: slotc, $2: the source tree, $3: libslot_io.a, $4: libslot.a, $5: the
# C compiler that built them, $6: extra compiler and linker flags (the
# sanitizer flags of the build, or empty).
#
# SLOTC_IO_PROPERTY_SEEDS: how many seeds (default 10), from
# SLOTC_IO_PROPERTY_FIRST_SEED (default 1); SLOTC_IO_PROPERTY_SEED=S runs
# seed S alone.
. "$(dirname "$0")/../lib.sh"
IOLIB=$3
LIB=$4
CC=${5:-cc}
FLAGS=${6:-}
HERE=$(cd "$(dirname "$0")" && pwd)
if [ -n "${SLOTC_IO_PROPERTY_SEED:-}" ]; then
    seeds=$SLOTC_IO_PROPERTY_SEED
else
    first=${SLOTC_IO_PROPERTY_FIRST_SEED:-1}
    seeds=$(seq "$first" $((first + ${SLOTC_IO_PROPERTY_SEEDS:-10} - 1)))
fi
command -v python3 >/dev/null || { fail "python3 is not installed"; finish; exit; }
YAML_LIBS=$(pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)

# one SEED: generate, compile, round trip, python3's json, check.
one() {
    local seed=$1 dir=$WORK/seed-$1
    mkdir -p "$dir/out"
    python3 "$HERE/io_gen.py" "$seed" "$dir" 2>"$dir/err" ||
        { echo "FAIL: seed $seed: io_gen.py failed" >&2; cat "$dir/err" >&2; return 1; }
    "$SLOTC" -q -o "$dir/out" "$dir/prop.yaml" >"$dir/err" 2>&1 ||
        { echo "FAIL: seed $seed: slotc failed" >&2; head -n 20 "$dir/err" >&2; return 1; }
    # shellcheck disable=SC2086  # FLAGS is a list of flags
    "$CC" -std=c11 -Wall -Wextra -Wpedantic -Werror $FLAGS -I"$SRC/runtime/include" \
        -I"$dir" -I"$dir/out" "$HERE/io_driver.c" "$dir/out/prop.slot.c" "$IOLIB" "$LIB" \
        $YAML_LIBS -lm -o "$dir/driver" >"$dir/err" 2>&1 ||
        { echo "FAIL: seed $seed: the driver does not compile" >&2; head -n 30 "$dir/err" >&2; return 1; }
    "$dir/driver" roundtrip "$seed" "$dir/json" >"$dir/log" 2>&1 ||
        { echo "FAIL: seed $seed: round trip" >&2; tail -n 30 "$dir/log" >&2; return 1; }
    python3 "$HERE/io_json.py" "$dir/json" "$dir/python" >>"$dir/log" 2>&1 ||
        { echo "FAIL: seed $seed: python3's json refused a dump" >&2; tail -n 10 "$dir/log" >&2; return 1; }
    "$dir/driver" check "$seed" "$dir/python" >>"$dir/log" 2>&1 ||
        { echo "FAIL: seed $seed: python3's JSON did not load back" >&2; tail -n 30 "$dir/log" >&2; return 1; }
    tail -n 3 "$dir/log"
}

# failed SEED: how to replay it.
failed() {
    echo "replay: SLOTC_IO_PROPERTY_SEED=$1 ctest -R property.io_roundtrip --output-on-failure" >&2
}

run_seeds "$seeds"
finish
