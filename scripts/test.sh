#!/usr/bin/env bash
# Installs what jxaudit needs, builds everything, and runs every test (GoogleTest through ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release
