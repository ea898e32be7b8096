# slotc as a build step: exit codes, byte-identical output wherever it runs
# from, untouched files keep their time, --list-outputs, --depfile, --check,
# --layout, -W error, --templates.
. "$(dirname "$0")/../lib.sh"
cp -r "$SRC/schemas" "$WORK/schemas"
cd "$WORK"

# Same bytes from the schema directory, from elsewhere, by absolute path.
(cd schemas && "$SLOTC" -o ../a shapes.yaml colors.yaml) || fail "slotc from schemas/"
"$SLOTC" -o b schemas/shapes.yaml schemas/colors.yaml || fail "slotc from its parent"
"$SLOTC" -o "$WORK/c" "$WORK/schemas/shapes.yaml" "$WORK/schemas/colors.yaml" || fail "slotc by absolute path"
diff -r a b >/dev/null && pass || fail "output differs when run from another directory"
diff -r a c >/dev/null && pass || fail "output differs when run by absolute path"
grep -q "$WORK" c/shapes.slot.h c/shapes.slot.c && fail "an absolute path leaked into the output" || pass

# Unchanged files keep their modification time.
touch -d '2001-01-01 00:00:00' a/shapes.slot.h a/shapes.slot.c
before=$(stat -c %Y a/shapes.slot.h a/shapes.slot.c)
(cd schemas && "$SLOTC" -o ../a shapes.yaml) || fail "second run"
expect_eq "mtime of unchanged outputs" "$before" "$(stat -c %Y a/shapes.slot.h a/shapes.slot.c)"

# A changed output replaces the old file whatever the two share: a longer
# old file, a shorter one, one that differs only in its last byte.  No
# temporary file is left behind.
cp a/shapes.slot.h want.h
for old in longer shorter last; do
    case $old in
    longer) { cat want.h; echo extra; } >a/shapes.slot.h ;;
    shorter) head -c 1000 want.h >a/shapes.slot.h ;;
    last) { head -c $(($(wc -c <want.h) - 1)) want.h; echo X; } >a/shapes.slot.h ;;
    esac
    (cd schemas && "$SLOTC" -o ../a shapes.yaml) || fail "rerun over a $old file"
    cmp -s want.h a/shapes.slot.h && pass || fail "output over a $old old file"
done
expect_eq "temporary files left" "" "$(ls a | grep -v '\.slot\.[ch]$')"

# An output that cannot be written stops the run with status 2, and the
# other outputs of the run stay as they were.
mkdir ro && cp a/shapes.slot.h a/shapes.slot.c ro/ && printf 'changed\n' >ro/shapes.slot.c
mkdir ro/colors.slot.h
"$SLOTC" -o ro schemas/shapes.yaml schemas/colors.yaml 2>err; expect_eq "unwritable output exit" 2 $?
grep -q "cannot write 'ro/colors.slot.h'" err && pass || fail "unwritable output message: $(cat err)"
expect_eq "other outputs untouched" "changed" "$(cat ro/shapes.slot.c)"

# Without --with-imports, a note names each included header the run did
# not write, and where it comes from; -q leaves it out.
"$SLOTC" -o wi1 schemas/shapes.yaml 2>err || fail "slotc shapes.yaml"
expect_eq "note on an unwritten import" "schemas/shapes.yaml:4:11: note: shapes.slot.h includes \
colors.slot.h, which this run did not write: name 'schemas/colors.yaml' too, or give --with-imports" \
    "$(cat err)"
expect_eq "without --with-imports" "shapes.slot.c shapes.slot.h" "$(ls wi1 | tr '\n' ' ' | sed 's/ $//')"
"$SLOTC" -o wi1 schemas/shapes.yaml schemas/colors.yaml 2>err
expect_eq "no note when the import is named" "" "$(cat err)"
"$SLOTC" -q -o wi1 schemas/shapes.yaml 2>err
expect_eq "-q leaves the note out" "" "$(cat err)"
# With it, the outputs of every schema read, imports after the ones named,
# in --list-outputs and the depfile too; no note.
"$SLOTC" --with-imports -o wi2 --depfile wi2.d schemas/shapes.yaml 2>err || fail "--with-imports"
expect_eq "--with-imports note" "" "$(cat err)"
expect_eq "--with-imports outputs" "colors.slot.c colors.slot.h shapes.slot.c shapes.slot.h" \
    "$(ls wi2 | tr '\n' ' ' | sed 's/ $//')"
cmp -s wi2/colors.slot.h a/colors.slot.h && pass || fail "--with-imports wrote another colors.slot.h"
expect_eq "--with-imports depfile" 'wi2/shapes.slot.h wi2/shapes.slot.c wi2/colors.slot.h wi2/colors.slot.c: \
  schemas/shapes.yaml \
  schemas/colors.yaml' "$(cat wi2.d)"
expect_eq "--with-imports --list-outputs" "x/shapes.slot.h
x/shapes.slot.c
x/colors.slot.h
x/colors.slot.c" "$("$SLOTC" --with-imports --list-outputs -o x schemas/shapes.yaml)"

# README's first example, as shown: its slotc and cc lines, run from a copy
# of the source tree, compile.
mkdir readme && cp -r schemas "$SRC/runtime" readme/
(
    cd readme
    sed -n '/^## Using slotc/,/^## /p' "$SRC/README.md" | grep -E '^(slotc -o|cc) ' >steps
    [ "$(grep -c . steps)" -ge 2 ] || { echo "README: no slotc -o and cc lines" >&2; exit 1; }
    while read -r line; do
        line=${line%%#*}
        case $line in slotc*) line="\"\$SLOTC\"${line#slotc}" ;; esac
        eval "$line" || { echo "README step failed: $line" >&2; exit 1; }
    done <steps
) 2>err && pass || fail "README's first example: $(cat err)"

# --list-outputs prints and writes nothing.
out=$("$SLOTC" --list-outputs -o gen schemas/shapes.yaml)
expect_eq "--list-outputs" "gen/shapes.slot.h
gen/shapes.slot.c" "$out"
[ -e gen ] && fail "--list-outputs wrote files" || pass

# --check validates only.
"$SLOTC" --check -o gen schemas/shapes.yaml
expect_eq "--check exit" 0 $?
[ -e gen ] && fail "--check wrote files" || pass

# --depfile names the outputs and every schema read, imports included.
"$SLOTC" -o d --depfile d/shapes.d schemas/shapes.yaml || fail "slotc --depfile"
grep -q '^d/shapes.slot.h d/shapes.slot.c:' d/shapes.d && pass || fail "depfile targets"
grep -q 'schemas/colors.yaml' d/shapes.d && pass || fail "depfile lacks the import"

# The depfile escapes what Make would read otherwise: '$' doubled, a space,
# tab, '#' or ':' after a backslash, with the backslashes before it doubled.
odd=$'odd dir#1$:x\\y\tz\\ w'
mkdir -p "$odd" && cp schemas/colors.yaml "$odd/"
printf "schema: odd\nimports: ['%s/colors.yaml']\nclasses: {A: {slots: {c: Rgb}}}\n" "$odd" >odd.yaml
"$SLOTC" -o 'g:en' --depfile odd.d odd.yaml || fail "slotc --depfile, odd names"
expect_eq "depfile escapes" 'g\:en/odd.slot.h g\:en/odd.slot.c: \
  odd.yaml \
  odd\ dir\#1$$\:x\y\'$'\t''z\\\ w/colors.yaml' "$(cat odd.d)"
printf 'all:\n-include odd.d\n' >odd.mk
make -f odd.mk -pq 2>/dev/null | grep -qxF "g:en/odd.slot.h: odd.yaml $odd/colors.yaml" &&
    pass || fail "make reads the depfile back as other names"
mkdir nl$'\n' && cp schemas/colors.yaml nl$'\n'/
"$SLOTC" -o d --depfile d/nl.d nl$'\n'/colors.yaml 2>err; expect_eq "newline in a depfile name" 2 $?
grep -q "cannot name 'nl" err && pass || fail "newline in a depfile name: $(cat err)"

# A schema named twice is rejected whatever the mode, naming both.
for mode in "" --check --layout --list-outputs; do
    (cd schemas && "$SLOTC" $mode -o ../twice shapes.yaml ./shapes.yaml >../out 2>../err)
    expect_eq "schema named twice ${mode:-(write)}" 2 $?
    expect_eq "schema named twice ${mode:-(write)} message" \
        "slotc: error: two schemas would write '../twice/shapes.slot.h': 'shapes.yaml' and './shapes.yaml'" "$(cat err)"
    expect_eq "schema named twice ${mode:-(write)} output" "" "$(cat out)"
done

# --layout prints a table and writes nothing.
"$SLOTC" --layout -o gen schemas/records.yaml >layout.txt
expect_eq "--layout exit" 0 $?
grep -q '^records_Compact (compact): 24 bytes, align 8$' layout.txt && pass || fail "--layout header line"
# It first names the ABI its figures are for, this machine's, and says that
# the generated code adapts to the one it is compiled for.
head -n 1 layout.txt | grep -Eq '^ABI: (lp64|ilp32|ilp32_a4) \(.*\), the one slotc runs on\.$' &&
    pass || fail "--layout does not name the ABI first"
grep -q '^The generated code adapts to the ABI it is compiled for' layout.txt &&
    pass || fail "--layout does not say the generated code adapts"
[ -e gen ] && fail "--layout wrote files" || pass

# Usage and I/O errors exit 2, schema errors 1.
"$SLOTC" 2>err; expect_eq "no schema" 2 $?
grep -q "no schema given" err && pass || fail "no-schema message"
"$SLOTC" --bogus schemas/shapes.yaml 2>err; expect_eq "unknown option" 2 $?
"$SLOTC" -W nonsense schemas/shapes.yaml 2>err; expect_eq "-W nonsense" 2 $?
"$SLOTC" -o gen missing.yaml 2>err; expect_eq "missing schema file" 2 $?
grep -q "cannot read 'missing.yaml'" err && pass || fail "missing-file message: $(cat err)"
printf 'schema: x\nclasses: {A: {slots: {a: nosuch}}}\n' >bad.yaml
"$SLOTC" -o gen bad.yaml 2>err; expect_eq "schema error" 1 $?
[ -e gen ] && fail "a rejected schema wrote files" || pass
"$SLOTC" --version >out; expect_eq "--version" 0 $?
grep -q '^slotc [0-9]' out && pass || fail "--version output"
"$SLOTC" --help >out; expect_eq "--help" 0 $?
grep -q -- '--list-outputs' out && pass || fail "--help output"

# One bad schema among good ones: nothing is written at all.
"$SLOTC" -o gen schemas/shapes.yaml bad.yaml 2>err; expect_eq "good + bad" 1 $?
[ -e gen ] && fail "files written although one schema was rejected" || pass

# Warnings, and -W error.
printf 'schema: w\nimports: [schemas/colors.yaml]\nclasses: {A: {slots: {a: u8}}}\n' >warn.yaml
"$SLOTC" -o w1 warn.yaml 2>err; expect_eq "warning exit" 0 $?
grep -q 'warning: .*\[-Wunused-import\]' err && pass || fail "unused-import warning: $(cat err)"
"$SLOTC" -q -o w1 warn.yaml 2>err; expect_eq "-q hides warnings" "" "$(cat err)"
"$SLOTC" -W error -o w2 warn.yaml 2>err; expect_eq "-W error exit" 1 $?
[ -e w2 ] && fail "-W error still wrote files" || pass

# --templates replaces a built-in template; the others stay built in.
mkdir tpl
printf '/* custom {{file}} */\n' >tpl/source.mustache
"$SLOTC" --templates tpl -o t schemas/colors.yaml || fail "--templates"
expect_eq "custom template output" "/* custom colors.yaml */" "$(cat t/colors.slot.c)"
grep -q 'COLORS_SLOT_H_INCLUDED' t/colors.slot.h && pass || fail "built-in header with --templates"
printf '{{#oops}}\n' >tpl/source.mustache
"$SLOTC" --templates tpl -o t2 schemas/colors.yaml 2>err; expect_eq "broken template exit" 2 $?
[ -e t2 ] && fail "a broken template still wrote files" || pass
"$SLOTC" --templates tpl -o t3/deep/er schemas/colors.yaml 2>err; expect_eq "broken template, nested dir" 2 $?
[ -e t3 ] && fail "a broken template left directories behind" || pass
mkdir t4 && cp t/colors.slot.h t4/
"$SLOTC" --templates tpl -o t4 schemas/colors.yaml 2>err
expect_eq "broken template leaves the directory as it was" "colors.slot.h" "$(ls t4)"
cmp -s t/colors.slot.h t4/colors.slot.h && pass || fail "a broken template changed an output"
finish
