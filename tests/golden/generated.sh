# generated/ must be exactly what this slotc makes of schemas/.
. "$(dirname "$0")/../lib.sh"
cd "$SRC/schemas"
"$SLOTC" -o "$WORK/out" *.yaml || fail "slotc failed on schemas/"
if diff -r "$WORK/out" "$SRC/generated" >"$WORK/diff"; then
    pass
else
    fail "generated/ is stale; regenerate it with: slotc -o generated schemas/*.yaml"
    head -n 40 "$WORK/diff" >&2
fi
finish
