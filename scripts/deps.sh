#!/usr/bin/env bash
# Installs the Debian packages slotc needs to build and test, when missing.
# Sourced by demo.sh and test.sh.  As root it runs apt-get; otherwise it
# prints the command to run and stops.
slotc_need() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
            missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "slotc: missing packages: ${missing[*]}" >&2
        echo "slotc: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
        exit 2
    fi
    echo "slotc: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

SLOTC_BUILD_DEPS=(cmake ninja-build pkg-config gcc libc6-dev libyaml-dev)
SLOTC_TEST_DEPS=(g++ make clang libclang-rt-14-dev libcmocka-dev clang-format clang-tidy cppcheck gperf python3
                 meson python3-jsonschema python3-yaml)
# bench/run.sh: gperf, protobuf-c (protoc-c, its header and library) and
# CPython, the peers it times.
SLOTC_BENCH_DEPS=(gperf protobuf-c-compiler libprotobuf-c-dev python3)
# bench/scale.sh only: protoc-c and the header its output includes.
SLOTC_SCALE_BENCH_DEPS=(protobuf-c-compiler libprotobuf-c-dev python3)
# bench/io.sh only: libcyaml and PyYAML's C loader, to load the same records.
SLOTC_IO_BENCH_DEPS=(libcyaml-dev python3-yaml python3)

# The behaviour tests on other ABIs (scripts/abi.sh): i386 through gcc -m32,
# armhf and arm64 through cross compilers and qemu-user.  cmocka for each
# comes from Debian's multiarch packages, so the architectures are added
# first.
slotc_need_arch() {
    local missing=()
    for arch in "$@"; do
        dpkg --print-foreign-architectures | grep -qx "$arch" || missing+=("$arch")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "slotc: run as root, or: sudo dpkg --add-architecture ${missing[*]}" >&2
        exit 2
    fi
    for arch in "${missing[@]}"; do dpkg --add-architecture "$arch"; done
    apt-get update -qq >/dev/null
}
# gcc -m32 comes from gcc-12-multilib: the gcc-multilib package around it
# conflicts with every cross compiler.
SLOTC_ABI_ARCHS=(i386 armhf arm64)
SLOTC_ABI_DEPS=(gcc-12-multilib libcmocka-dev:i386 gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
                libcmocka-dev:armhf gcc-aarch64-linux-gnu libc6-dev-arm64-cross
                libcmocka-dev:arm64 qemu-user)
