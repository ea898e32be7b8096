# The code generated for schemas/ and tests/golden/ compiles warning-free with
# gcc and clang as C99, C11 and C17, and with g++ and clang++ as C++.
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
finish
