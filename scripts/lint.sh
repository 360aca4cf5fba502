#!/usr/bin/env bash
# Formatting (clang-format, .clang-format) and static checks (clang-tidy, .clang-tidy) over the project's C++ files.
#   scripts/lint.sh            report only
#   scripts/lint.sh --fix      rewrite files with clang-format
set -uo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cpp' '*.h')
if [ "${1:-}" = "--fix" ]; then clang-format -i $files; exit 0; fi
status=0
clang-format --dry-run $files 2>&1 | grep -c "warning:" | xargs -I{} echo "clang-format: {} places differ from .clang-format" 
[ -f build/compile_commands.json ] || cmake --preset release >/dev/null
clang-tidy -p build --quiet $(git ls-files 'extract/*.cpp' 'rules/*.cpp' 'audit/*.cpp') 2>/dev/null | grep -E "warning:|error:" || true
exit $status
