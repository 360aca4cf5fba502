#!/usr/bin/env bash
# The project's habits, checked: formatting (clang-format, .clang-format) over every C++ file, and the static checks
# (clang-tidy, .clang-tidy, every warning an error) over the libraries and the CLI. Fails on the first kind of
# problem it finds, naming each place. scripts/test.sh runs it before the tests.
#   scripts/lint.sh            check (exit 1 on any difference or warning)
#   scripts/lint.sh --fix      rewrite the files with clang-format (clang-tidy's findings are yours to mend)
#   scripts/lint.sh --format   formatting only (quick)
set -uo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if [ "${1:-}" = "--fix" ]; then clang-format -i "${files[@]}"; exit 0; fi

if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/jx-lint-format.$$; then
  grep "error:" /tmp/jx-lint-format.$$ | head -20
  echo "lint: $(grep -c "error:" /tmp/jx-lint-format.$$) places differ from .clang-format (scripts/lint.sh --fix)"
  rm -f /tmp/jx-lint-format.$$
  exit 1
fi
rm -f /tmp/jx-lint-format.$$
echo "lint: clang-format: ${#files[@]} files as .clang-format says"
[ "${1:-}" = "--format" ] && exit 0

[ -f build/compile_commands.json ] || cmake --preset release >/dev/null
mapfile -t sources < <(git ls-files 'core/*.cpp' 'rules/*.cpp' 'extract/*.cpp' 'audit/*.cpp' 'outputs/*.cpp' \
  'batch/*.cpp' 'serve/*.cpp' 'cli/*.cpp')
# Two files at a time (the machines have two cores); the project's own headers are checked through them.
out=$(printf '%s\n' "${sources[@]}" | xargs -P 2 -n 4 clang-tidy -p build --quiet \
  --header-filter="^$PWD/(core|rules|extract|audit|outputs|batch|serve|cli)/" 2>&1)
problems=$(grep -E "(warning|error):" <<<"$out" | sort -u)
if [ -n "$problems" ]; then
  echo "$problems"
  echo "lint: clang-tidy: $(wc -l <<<"$problems") problem(s)"
  exit 1
fi
echo "lint: clang-tidy: ${#sources[@]} files, no warnings"
