# Each tests/golden/NAME.yaml compiles to exactly NAME.slot.h and NAME.slot.c
# beside it.  SLOTC_UPDATE_GOLDEN=1 rewrites the expected files instead.
. "$(dirname "$0")/../lib.sh"
cd "$SRC/tests/golden"
for schema in *.yaml; do
    stem=${schema%.yaml}
    "$SLOTC" -o "$WORK" "$schema" || { fail "$schema: slotc failed"; continue; }
    for ext in h c; do
        if [ "${SLOTC_UPDATE_GOLDEN:-}" = 1 ]; then
            cp "$WORK/$stem.slot.$ext" "$stem.slot.$ext"
        fi
        if cmp -s "$WORK/$stem.slot.$ext" "$stem.slot.$ext"; then
            pass
        else
            fail "$stem.slot.$ext differs from the golden file"
            diff "$stem.slot.$ext" "$WORK/$stem.slot.$ext" | head -n 20 >&2
        fi
    done
done
finish
