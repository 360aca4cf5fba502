#!/usr/bin/env bash
# Installs what jxaudit needs, builds everything, checks the habits (scripts/lint.sh: clang-format and clang-tidy,
# any difference or warning fails), and runs every test (GoogleTest through ctest): first the release build, then
# the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer (scripts/test-asan.sh).
# JX_SKIP_ASAN=1 skips the second pass for a quick local run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh test
bash scripts/install-models.sh
cmake --preset release >/dev/null
cmake --build --preset release
bash scripts/lint.sh
ctest --preset release --no-tests=error
if [ "${JX_SKIP_ASAN:-0}" != "1" ]; then
  bash scripts/test-asan.sh
fi
