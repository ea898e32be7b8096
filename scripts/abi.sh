#!/usr/bin/env bash
# The same generated files on other ABIs: builds libslot and the behaviour
# tests for i386 (gcc -m32), armhf and aarch64 (cross compilers, the tests
# run under qemu-user), generating with SLOTC, a slotc that runs here, and
# runs those tests; on i386, the random-schema and float-text tests as
# well, and on armhf a few seeds of the random-schema test.
# Usage: scripts/abi.sh SLOTC [i386|armhf|aarch64]...
set -euo pipefail
cd "$(dirname "$0")/.."
slotc=$(realpath "$1")
shift
[ $# -gt 0 ] || set -- i386 armhf aarch64
. scripts/deps.sh
slotc_need_arch "${SLOTC_ABI_ARCHS[@]}"
slotc_need "${SLOTC_BUILD_DEPS[@]}" "${SLOTC_ABI_DEPS[@]}"

# modes CC [FLAGS]: the checked-in outputs compile warning-free as C99 and
# C17 (and C++11 with a C++ compiler), as the compile matrix builds them
# for this machine.
modes() {
    local cc=$1 f std
    shift
    for f in generated/*.slot.c tests/golden/*.slot.c; do
        for std in c99 c17; do
            "$cc" "$@" -std=$std -Wall -Wextra -Wpedantic -Werror -Iruntime/include \
                -I"$(dirname "$f")" -c "$f" -o /dev/null || { echo "$f: -std=$std" >&2; return 1; }
        done
    done
}
modes_cxx() {
    local cxx=$1 h
    shift
    for h in generated/*.slot.h tests/golden/*.slot.h; do
        echo "#include \"$(basename "$h")\"" |
            "$cxx" "$@" -std=c++11 -Wall -Wextra -Wpedantic -Werror -Iruntime/include \
                -I"$(dirname "$h")" -x c++ -fsyntax-only - || { echo "$h: C++11" >&2; return 1; }
    done
}

for abi in "$@"; do
    case $abi in
    i386)
        triplet=i386-linux-gnu
        target=(-DCMAKE_C_FLAGS=-m32)
        ;;
    armhf | aarch64)
        if [ "$abi" = armhf ]; then
            triplet=arm-linux-gnueabihf cpu=arm
        else
            triplet=aarch64-linux-gnu cpu=aarch64
        fi
        target=(-DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR=$cpu
                -DCMAKE_C_COMPILER=$triplet-gcc
                "-DCMAKE_CROSSCOMPILING_EMULATOR=qemu-$cpu;-L;/usr/$triplet")
        ;;
    *)
        echo "scripts/abi.sh: unknown ABI '$abi' (i386, armhf, aarch64)" >&2
        exit 2
        ;;
    esac
    echo "== $abi"
    # cmocka's .pc file of the target's architecture, not this machine's.
    PKG_CONFIG_LIBDIR=/usr/lib/$triplet/pkgconfig:/usr/share/pkgconfig \
        cmake -S . -B "build-$abi" -G Ninja -DSLOTC_TESTS=ON -DSLOTC_EXECUTABLE="$slotc" \
        "${target[@]}" >/dev/null
    cmake --build "build-$abi" -j "$(nproc)"
    ctest --test-dir "build-$abi" -j "$(nproc)" --output-on-failure
    if [ "$abi" = i386 ]; then
        modes gcc -m32
        modes_cxx g++ -m32
        echo "generated/ and tests/golden/ compile as C99, C17 and C++11 for $abi"
    else
        modes "$triplet-gcc"
        echo "generated/ and tests/golden/ compile as C99 and C17 for $abi"
    fi
    # i386 programs run here: random schemas too, by-name against typed,
    # and float text against Python's, where x87 computes in more precision.
    if [ "$abi" = i386 ]; then
        bash tests/property/run.sh "$slotc" "$PWD" "build-$abi/runtime/libslot.a" gcc -m32 | tail -n 1
        gcc -m32 -std=c11 -O2 -Iruntime/include tests/float/print.c "build-$abi/runtime/libslot.a" \
            -lm -o "build-$abi/float_print"
        python3 tests/float/check.py "build-$abi/float_print"
    elif [ "$abi" = armhf ]; then
        # Fewer seeds under the emulator: 4, and the two wide classes.
        SLOTC_PROPERTY_SEEDS=4 SLOTC_PROPERTY_RUNNER="qemu-$cpu -L /usr/$triplet" \
            bash tests/property/run.sh "$slotc" "$PWD" "build-$abi/runtime/libslot.a" \
            "$triplet-gcc" | tail -n 1
    fi
done
