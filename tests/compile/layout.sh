# The figures `slotc --layout` prints equal sizeof and offsetof as the
# compiler computes them, and the record of records.yaml gets the sizes the
# layout modes promise.
. "$(dirname "$0")/../lib.sh"
cd "$SRC/schemas"
for schema in *.yaml; do
    "$SLOTC" --layout "$schema" >>"$WORK/layout.txt" || fail "slotc --layout $schema"
done
"$SLOTC" -o "$WORK/gen" *.yaml || fail "slotc failed on schemas/"

# One check per printed figure, in a C program that includes every header.
{
    echo '#include <stdio.h>'
    for h in "$WORK"/gen/*.h; do echo "#include \"$(basename "$h")\""; done
    echo 'int main(void) { int bad = 0;'
    echo '#define CHECK(what, got, want) if ((size_t)(got) != (size_t)(want)) { printf("%s: compiler %zu, --layout %zu\n", what, (size_t)(got), (size_t)(want)); bad++; }'
    awk '
        /^[a-z][A-Za-z0-9_]* \((compact|declared|packed)\): / {
            cls = $1; size = $3
            printf "CHECK(\"sizeof(%s)\", sizeof(%s), %s)\n", cls, cls, size
            next
        }
        /^ +[0-9]+ +[0-9]+ +[0-9]+ +[A-Za-z_][A-Za-z0-9_]*$/ {
            printf "CHECK(\"offsetof(%s, %s)\", offsetof(%s, %s), %s)\n", cls, $4, cls, $4, $1
            printf "CHECK(\"sizeof %s.%s\", sizeof(((%s *)0)->%s), %s)\n", cls, $4, cls, $4, $2
        }' "$WORK/layout.txt"
    echo 'printf("%d mismatches\n", bad); return bad != 0; }'
} >"$WORK/check.c"
checks=$(grep -c '^CHECK' "$WORK/check.c")
[ "$checks" -gt 50 ] && pass || fail "only $checks figures found in --layout output"
if cc -std=c11 -I"$SRC/runtime/include" -I"$WORK/gen" "$WORK/check.c" -o "$WORK/check" 2>"$WORK/err" &&
    "$WORK/check"; then
    pass
else
    fail "--layout disagrees with the compiler"
    head -n 20 "$WORK/err" >&2
fi

# {a: u8, b: f64, c: u8, d: u32, e: u16, f: u8}
size_of() { awk -v c="$1" '$1 == c { print $3 }' "$WORK/layout.txt"; }
compact=$(size_of records_Compact)
declared=$(size_of records_Declared)
packed=$(size_of records_Packed)
[ "$compact" -le 24 ] && pass || fail "compact record is $compact bytes (at most 24)"
[ "$packed" -le 19 ] && pass || fail "packed record is $packed bytes (at most 19)"
[ "$declared" -gt "$compact" ] && pass || fail "declared ($declared) is not larger than compact ($compact)"
grep -q "declared order: $declared bytes; compact saves $((declared - compact))" "$WORK/layout.txt" &&
    pass || fail "--layout does not report the bytes compact saves"
finish
