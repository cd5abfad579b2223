#!/bin/sh
# test.sh: the README's second command, and what .ci/run calls: the whole test suite.
# Installs what is missing, gathers fixtures, checks formatting, builds a normal and an
# ASan+UBSan build, builds the example images, and runs ctest on both builds.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
"$top/ci/deps.sh"
"$top/cases/fixtures.sh" "$top/build/fixtures"

echo "== formatting (clang-format, .clang-format)"
files=$(git ls-files '*.c' '*.h')
clang-format --dry-run --Werror $files

echo "== release build"
"$top/ci/build.sh" "$top/build/release"
"$top/cases/build-images.sh" "$top/build/fixtures" "$top/build/release/harness/wa-emu"
ctest --test-dir "$top/build/release" -j2 --output-on-failure -LE stress

echo "== ASan+UBSan build"
"$top/ci/build.sh" "$top/build/asan" -DWA_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions="$top/ci/lsan.supp":print_suppressions=0 \
    ctest --test-dir "$top/build/asan" -j2 --output-on-failure -LE stress
