#!/usr/bin/env bash
# Times `jxaudit audit --json` over every text-layer sample against `pdftotext -layout` over the same files, in one
# run, on the same machine state. The issue's bar: jxaudit at most 2x pdftotext's time.
#   bench/text_speed.sh [ROUNDS] [FILE...]   (default 20 rounds over samples/*.pdf; build/jxaudit must exist)
#   bench/text_speed.sh 10 samples/package-*.pdf   (one department package: the issue's 40-page bar)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-20}
shift || true
if [ $# -gt 0 ]; then files=("$@"); else files=(samples/*.pdf); fi
[ -x build/jxaudit ] || { echo "build/jxaudit missing: run scripts/test.sh or the README build first" >&2; exit 2; }
command -v pdftotext >/dev/null || { echo "pdftotext missing (apt-get install poppler-utils)" >&2; exit 2; }

pdftotext_layout() { pdftotext -layout -q "$1" -; }
jxaudit_json() { build/jxaudit audit --json "$1"; }

time_it() {  # seconds for ROUNDS passes of the function $1 over every file
  local start end
  start=$(date +%s%N)
  for ((r = 0; r < rounds; r++)); do
    for f in "${files[@]}"; do "$1" "$f" >/dev/null 2>&1 || true; done
  done
  end=$(date +%s%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}

rounds=1 time_it pdftotext_layout >/dev/null; rounds=1 time_it jxaudit_json >/dev/null  # warm caches and the loader
rounds_saved=$rounds
pt=$(time_it pdftotext_layout)
jx=$(time_it jxaudit_json)
n=$(( rounds_saved * ${#files[@]} ))
awk -v pt="$pt" -v jx="$jx" -v n="$n" -v files="${#files[@]}" -v rounds="$rounds_saved" 'BEGIN {
  printf "files per round: %d, rounds: %d\n", files, rounds
  printf "pdftotext -layout : %8.3f s  (%.2f ms/file)\n", pt, pt * 1000 / n
  printf "jxaudit audit     : %8.3f s  (%.2f ms/file)\n", jx, jx * 1000 / n
  printf "ratio jxaudit/pdftotext: %.2f (bar: <= 2.00)\n", jx / pt
}'
