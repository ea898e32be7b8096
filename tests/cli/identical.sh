# A large schema (about 50,000 slots of every kind, in two files, one
# importing the other) gives the same bytes run after run, from any
# directory, by relative or absolute paths, from a copy of the schemas
# under another name, and with the imported file found through -I: no path,
# no order of hashing, no address and no leftover of an earlier run gets
# into the output.
. "$(dirname "$0")/../lib.sh"
cd "$WORK"
mkdir -p src/lib

# lib/base.yaml: an enum and a base class that the big schema extends and
# embeds.
cat >src/lib/base.yaml <<'EOF'
schema: base
enums:
  Level: {low: 1, mid: 5, high: 9}
classes:
  Base:
    slots:
      id: u64
      tag: {type: 'str[15]', default: "b,\"q\"??"}
    attrs:
      version: {type: i32, value: 3}
EOF

# big.yaml: 2,500 classes of 20 slots; every fifth class extends Base, every
# seventh has a dict, every thirteenth weak references, and some of
# the others a packed layout.
awk 'BEGIN {
    print "schema: big"
    print "imports: [lib/base.yaml]"
    print "enums:"
    print "  Kind: [a, b, c]"
    print "classes:"
    for (c = 0; c < 2500; c++) {
        printf "  C%d:\n", c
        if (c % 5 == 0) print "    extends: Base"
        if (c % 7 == 0) print "    dict: true"
        if (c % 13 == 0) print "    weakref: true"
        if (c % 11 == 0 && c % 5 && c % 7 && c % 13) {
            print "    layout: packed"
            print "    slots:"
            for (k = 0; k < 20; k++)
                printf "      p%d: %s\n", k, k % 4 == 0 ? "u8" : k % 4 == 1 ? "f64" : k % 4 == 2 ? "u8[3]" : "i32 = 7"
            continue
        }
        print "    slots:"
        printf "      n%d: i32\n", c
        print "      name: str[31]"
        print "      label: {type: string, default: \"x\\ty\"}"
        print "      flag: {type: bool, default: true}"
        print "      count: {type: i16, min: -5, max: 500, default: 2}"
        print "      small: i8"
        print "      ubyte: u8"
        print "      ushort: u16"
        print "      uint: {type: u32, max: 100000}"
        print "      big: i64"
        print "      ratio: {type: f32, default: 0.1}"
        print "      value: {type: f64, min: -1.5, max: 1e300}"
        print "      kind: {type: Kind, default: c}"
        print "      level: Level"
        print "      rgb: u8[3]"
        print "      words: str[7][2]"
        print "      text: string"
        print "      at: Base"
        printf "      prev: C%d*\n", c ? c - 1 : 0
        print "      ok: bool"
    }
}' >src/big.yaml

run() { # run NAME: slotc with the rest of the arguments, outputs in NAME
    "$SLOTC" -q "$@" || fail "slotc $*"
}
(cd src && run -o ../o1 big.yaml)
run -o o2 src/big.yaml
run -o o3 src/big.yaml
(cd / && run -o "$WORK/o4" "$WORK/src/big.yaml")
mkdir -p elsewhere/deeper && cp -r src elsewhere/deeper/schemas
(cd elsewhere/deeper && run -o ../../o5 schemas/big.yaml)
# The import found through -I instead of beside the schema.
mkdir -p alone inc && cp src/big.yaml alone/ && cp -r src/lib inc/
(cd alone && run -I ../inc -o ../o6 big.yaml)

for o in o1 o2 o3 o4 o5 o6; do
    [ -s $o/big.slot.h ] && [ -s $o/big.slot.c ] || fail "$o: no output"
done
for o in o2 o3 o4 o5 o6; do
    for f in big.slot.h big.slot.c base.slot.h base.slot.c; do
        [ -e o1/$f ] || continue
        cmp -s o1/$f $o/$f && pass || fail "$o/$f differs from o1/$f"
    done
done
grep -l "$WORK" o4/* && fail "an absolute path got into the output" || pass
finish
