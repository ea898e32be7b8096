# Each tests/diag/NAME.yaml is a bad schema; slotc must exit with the code in
# NAME.exit (1 when absent), print exactly NAME.stderr, and write nothing.
# SLOTC_UPDATE_GOLDEN=1 rewrites the .stderr files instead.
. "$(dirname "$0")/../lib.sh"
cd "$SRC/tests/diag"
for schema in *.yaml; do
    stem=${schema%.yaml}
    want_exit=1
    [ -f "$stem.exit" ] && want_exit=$(cat "$stem.exit")
    mkdir -p "$WORK/$stem"
    "$SLOTC" -o "$WORK/$stem" -I include "$schema" >"$WORK/stdout" 2>"$WORK/stderr"
    got_exit=$?
    expect_eq "$schema: exit status" "$want_exit" "$got_exit"
    [ "${SLOTC_UPDATE_GOLDEN:-}" = 1 ] && cp "$WORK/stderr" "$stem.stderr"
    if [ -f "$stem.stderr" ] && cmp -s "$WORK/stderr" "$stem.stderr"; then
        pass
    else
        fail "$schema: stderr differs from $stem.stderr"
        diff "$stem.stderr" "$WORK/stderr" | head -n 20 >&2
    fi
    expect_eq "$schema: files written" "" "$(ls -A "$WORK/$stem")"
    expect_eq "$schema: stdout" "" "$(cat "$WORK/stdout")"
done
finish
