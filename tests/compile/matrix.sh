# The code generated for schemas/ and tests/golden/ compiles warning-free with
# gcc and clang as C99, C11 and C17, and with g++ and clang++ as C++; so does
# a large schema (more than 2048 slots), whose typed accessors exist only
# where SLOT_INLINE or CLASS_INLINE asks for them.
. "$(dirname "$0")/../lib.sh"
"$SLOTC" -o "$WORK/gen" "$SRC"/schemas/*.yaml || fail "slotc failed on schemas/"
(cd "$SRC/tests/golden" && "$SLOTC" -o "$WORK/gen" *.yaml) || fail "slotc failed on golden/"
flags="-Wall -Wextra -Wpedantic -Werror -I$SRC/runtime/include -I$WORK/gen"
compile() { # compile LABEL COMPILER ARGS...
    local label=$1
    shift
    for f in "$WORK"/gen/*.c; do
        if "$@" $flags -c "$f" -o "$WORK/x.o" 2>"$WORK/err"; then
            pass
        else
            fail "$label: $(basename "$f")"
            head -n 10 "$WORK/err" >&2
        fi
    done
}
for cc in gcc clang; do
    command -v $cc >/dev/null || { fail "$cc is not installed"; continue; }
    for std in c99 c11 c17; do
        compile "$cc -std=$std" $cc -std=$std
    done
done
for cxx in g++ clang++; do
    command -v $cxx >/dev/null || { fail "$cxx is not installed"; continue; }
    compile "$cxx -std=c++11" $cxx -x c++ -std=c++11
    compile "$cxx -std=c++17" $cxx -x c++ -std=c++17
done

# A large schema: a base and a subclass of 2049 slots of four kinds.
{
    printf 'schema: big\nenums:\n  E: [a, b]\nclasses:\n  Base:\n    slots: {s: string, k: E}\n'
    printf '  Wide:\n    extends: Base\n    slots:\n'
    for i in $(seq 0 2048); do
        case $((i % 4)) in
        0) echo "      u$i: u8" ;;
        1) echo "      f$i: {type: f64, min: 0, default: 1}" ;;
        2) echo "      s$i: str[7]" ;;
        3) echo "      n$i: string = x" ;;
        esac
    done
} >"$WORK/big.yaml"
mkdir -p "$WORK/big"
"$SLOTC" -o "$WORK/big" "$WORK/big.yaml" || fail "slotc failed on a large schema"
cat >"$WORK/big/use.c" <<'EOF2'
#include "big.slot.h"
int use(void);
int use(void)
{
    big_Wide w;
    int ok;
    big_Wide_init(&w);
    ok = big_Wide_set_f1(&w, 2.5) == SLOT_OK && big_Wide_get_f1(&w) == 2.5 &&
         big_Wide_set_s(&w, "text") == SLOT_OK && big_Wide_has_s(&w);
    big_Wide_clear(&w);
    return ok;
}
EOF2
big() { # big LABEL COMPILER ARGS...: the source, and a file that uses accessors
    local label=$1
    shift
    for f in big.slot.c use.c; do
        if "$@" $flags -I"$WORK/big" -c "$WORK/big/$f" -o "$WORK/x.o" 2>"$WORK/err"; then
            pass
        else
            fail "$label: large schema, $f"
            head -n 10 "$WORK/err" >&2
        fi
    done
}
big "gcc -std=c11 -DSLOT_INLINE" gcc -std=c11 -DSLOT_INLINE
big "clang -std=c99 -Dbig_Wide_INLINE" clang -std=c99 -Dbig_Wide_INLINE
big "g++ -std=c++11 -DSLOT_INLINE" g++ -x c++ -std=c++11 -DSLOT_INLINE
big "clang++ -std=c++17 -Dbig_Wide_INLINE" clang++ -x c++ -std=c++17 -Dbig_Wide_INLINE
if gcc -std=c17 $flags -I"$WORK/big" -c "$WORK/big/big.slot.c" -o "$WORK/x.o" 2>"$WORK/err"; then
    pass
else
    fail "gcc -std=c17: large schema without accessors"
    head -n 10 "$WORK/err" >&2
fi
if gcc -std=c17 $flags -I"$WORK/big" -c "$WORK/big/use.c" -o "$WORK/x.o" 2>/dev/null; then
    fail "a large schema's accessors are declared although nothing asked for them"
else
    pass
fi
finish
