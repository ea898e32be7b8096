#!/usr/bin/env bash
# clang-format must leave every hand-written C file as it is, and
# cppcheck must find nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.c' '*.h' | grep -v -e '^generated/' -e '^tests/golden/')
clang-format --dry-run --Werror $files
cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
    --std=c11 --inline-suppr -I generator -I runtime/include \
    --suppress=missingIncludeSystem generator runtime
echo "lint: clean"
