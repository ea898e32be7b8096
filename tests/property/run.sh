# Property test: random schemas (tests/property/gen.py) go through slotc and
# are compiled with a generated driver that checks, for every slot of every
# class, that the by-name API of libslot and the typed accessors agree.
#
# $1: slotc, $2: the source tree, $3: libslot.a, $4: the C compiler that
# built it, $5: extra compiler and linker flags (the sanitizer flags of the
# build, or empty).  The driver must be built by the compiler and with the
# sanitizers of libslot, or it will not link.
#
# SLOTC_PROPERTY_SEEDS: how many seeds to run (default 20), from
# SLOTC_PROPERTY_FIRST_SEED (default 1), then the lookups of classes of
# 1,000 and 10,000 slots ("seeds" wide1000 and wide10000).
# SLOTC_PROPERTY_RUNNER: a command that runs each driver (an emulator, for
# a libslot built for another target).
# SLOTC_PROPERTY_SEED=S runs seed S alone, to replay a failure.  SLOTC_PROPERTY_KEEP=DIR keeps the files of
# every failing seed under DIR/seed-S.  SLOTC_PROPERTY_JOBS: seeds run at
# once (default 2).
. "$(dirname "$0")/../lib.sh"
LIB=$3
CC=${4:-cc}
FLAGS=${5:-}
HERE=$(cd "$(dirname "$0")" && pwd)
if [ -n "${SLOTC_PROPERTY_SEED:-}" ]; then
    seeds=$SLOTC_PROPERTY_SEED
else
    first=${SLOTC_PROPERTY_FIRST_SEED:-1}
    seeds="$(seq "$first" $((first + ${SLOTC_PROPERTY_SEEDS:-20} - 1))) wide1000 wide10000"
fi
command -v python3 >/dev/null || { fail "python3 is not installed"; finish; exit; }
[ -f "$LIB" ] || { fail "no libslot at '$LIB'"; finish; exit; }

# keep SEED DIR: a copy of a failing case for replaying it
keep() {
    [ -n "${SLOTC_PROPERTY_KEEP:-}" ] || return 0
    mkdir -p "$SLOTC_PROPERTY_KEEP" && rm -rf "$SLOTC_PROPERTY_KEEP/seed-$1" &&
        cp -r "$2" "$SLOTC_PROPERTY_KEEP/seed-$1"
}

# one SEED: generate, check, compile, run.  Prints the driver's summary;
# on failure says why on stderr, naming the seed, and returns 1.
one() {
    local seed=$1 dir=$WORK/seed-$1
    mkdir -p "$dir/out"
    if ! python3 "$HERE/gen.py" "$seed" "$dir" 2>"$dir/err"; then
        echo "FAIL: seed $seed: gen.py failed" >&2
        cat "$dir/err" >&2
        return 1
    fi
    if ! "$SLOTC" --check "$dir/prop.yaml" >"$dir/err" 2>&1; then
        echo "FAIL: seed $seed: slotc --check rejected the schema" >&2
        head -n 20 "$dir/err" >&2
        return 1
    fi
    if ! "$SLOTC" -q -o "$dir/out" "$dir/prop.yaml" >"$dir/err" 2>&1; then
        echo "FAIL: seed $seed: slotc failed" >&2
        head -n 20 "$dir/err" >&2
        return 1
    fi
    # shellcheck disable=SC2086  # FLAGS is a list of flags
    if ! "$CC" -std=c11 -Wall -Wextra -Wpedantic -Werror $FLAGS -I"$SRC/runtime/include" \
            -I"$dir/out" "$dir/driver.c" "$dir/out/prop.slot.c" "$LIB" -lm \
            -o "$dir/driver" >"$dir/err" 2>&1; then
        echo "FAIL: seed $seed: the driver does not compile" >&2
        head -n 30 "$dir/err" >&2
        return 1
    fi
    # shellcheck disable=SC2086  # the runner is a command and its arguments
    if ! ${SLOTC_PROPERTY_RUNNER:-} "$dir/driver" >"$dir/log" 2>&1; then
        echo "FAIL: seed $seed: the driver found a mismatch" >&2
        tail -n 20 "$dir/log" >&2
        return 1
    fi
    tail -n 1 "$dir/log"
}

# failed SEED: keep its files if asked, and say how to replay it.
failed() {
    keep "$1" "$WORK/seed-$1"
    echo "replay: SLOTC_PROPERTY_SEED=$1 ctest -R property.random_schemas" \
        "--output-on-failure (SLOTC_PROPERTY_KEEP=DIR keeps the files)" >&2
}

run_seeds "$seeds"
finish
