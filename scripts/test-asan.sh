#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer (the `asan` CMake preset: a Debug build
# in build-asan/). Leaks are errors; the few inside Tesseract that jxaudit cannot free are suppressed by
# tests/lsan.supp (each entry justified there), passed through the `asan` test preset. Any UB aborts the test.
# Under ASan the batch runs its workers without the address-space cap (ASan's shadow memory needs terabytes of
# address space), so the two tests of that cap are skipped.
#   scripts/test-asan.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh test
start=$(date +%s)
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan --no-tests=error
echo "test-asan: build and tests in $(( $(date +%s) - start )) s"
