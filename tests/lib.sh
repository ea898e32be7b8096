# lib.sh - shared by the script tests.  $1: the slotc binary, $2: the source tree.
set -u
SLOTC=$1
SRC=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0
passes=0

pass() { passes=$((passes + 1)); }
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
    if [ "$2" = "$3" ]; then pass; else fail "$1: expected [$2], got [$3]"; fi
}
finish() {
    echo "$passes passed, $failures failed"
    [ "$failures" -eq 0 ]
}

# run_seeds SEEDS: `one SEED` for every seed, SLOTC_PROPERTY_JOBS (default 2)
# at a time, each with its output kept aside; then each seed's output in
# seed order, a pass or a failure (after calling `failed SEED`, which the
# script defines), and how long it all took.  A passing seed's files under
# $WORK/seed-SEED are deleted as soon as it ends.
run_seeds() {
    local jobs=${SLOTC_PROPERTY_JOBS:-2} start seed rc
    start=$(date +%s)
    for seed in $1; do
        while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
            wait -n
        done
        (
            one "$seed" >"$WORK/$seed.out" 2>"$WORK/$seed.err"
            rc=$?
            [ $rc -ne 0 ] || rm -rf "$WORK/seed-$seed"
            echo $rc >"$WORK/$seed.rc"
        ) &
    done
    wait
    for seed in $1; do
        cat "$WORK/$seed.out"
        if [ "$(cat "$WORK/$seed.rc" 2>/dev/null)" = 0 ]; then
            pass
        else
            cat "$WORK/$seed.err" >&2
            failures=$((failures + 1))
            failed "$seed"
        fi
    done
    echo "$(echo "$1" | wc -w) seeds in $(($(date +%s) - start)) s"
}
