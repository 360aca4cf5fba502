#!/usr/bin/env bash
# Installs what jxaudit needs, builds it, and audits every sample report in samples/, printing a short table of
# findings per report. Extra arguments go to `jxaudit audit` (e.g. -o out/samples for the batch outputs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target jxaudit
build/jxaudit audit samples "$@"
