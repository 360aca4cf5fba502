#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer (the `asan` CMake preset: a Debug build
# in build-asan/). Leaks are errors; the few inside Tesseract that jxaudit cannot free are suppressed by
# tests/lsan.supp (each entry justified there), passed through the `asan` test preset. Any UB aborts the test.
# Under ASan the batch runs its workers without the address-space cap (ASan's shadow memory needs terabytes of
# address space), so the two tests of that cap are skipped. ASan does not follow dynamic TLS (`intercept_tls_get_addr=0`
# in the preset): GCC 12's LeakSanitizer takes a dynamic TLS block that glibc happens to place 16 bytes past a page
# boundary for a glibc 2.19 one, reads a size out of it and crashes its own tracer at exit ("Tracer caught signal 11",
# google/sanitizers#1322), which is a matter of where the block of libjx_ocr.so (loaded with dlopen) lands. Leaks
# are still found: only memory that nothing but a dlopen'd library's thread-locals points to goes unscanned, and
# the OCR module's one thread-local points to a caller's object.
#   scripts/test-asan.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh test
bash scripts/install-models.sh
start=$(date +%s)
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan --no-tests=error
echo "test-asan: build and tests in $(( $(date +%s) - start )) s"
