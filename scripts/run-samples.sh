#!/usr/bin/env bash
# Installs what jxaudit needs, builds it, and audits every report under samples/: a short table of findings per
# report on the terminal, and the batch outputs (reports/*.json, findings.csv, summary.csv, summary.xlsx,
# index.html) in out/samples/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh  # what building and running needs; `install-deps.sh test` adds the tests' tools
bash scripts/install-models.sh  # the second recognizer of scanned numbers (npm), made for OpenCV
cmake --preset release >/dev/null
cmake --build --preset release --target jxaudit
status=0
build/jxaudit audit samples || status=$?
# The batch shows its progress (a bar on a terminal, a line per file otherwise) and ends with where index.html is.
build/jxaudit audit samples -o out/samples || true
echo "batch outputs: out/samples/ (index.html, summary.xlsx, findings.csv, summary.csv, reports/)"
if [ "$status" -eq 1 ]; then
  echo "(jxaudit exited 1 because samples/bad/ holds broken files on purpose; each is one FAILED row above)"
  status=0
fi
exit "$status"
