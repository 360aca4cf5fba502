#!/bin/bash
# `jxaudit serve` at scale: builds an OUT of N reports (default 10,000) from the samples' real reports
# (bench/replicate_reports.py, then `jxaudit merge`, which writes index.html and syncs the register), records a
# review decision for as many findings as the register holds (the most /api/reviews can have to say), starts
# `jxaudit serve OUT --port 0`, and times with curl, R times each (default 10): the page (GET /) and the decisions
# (GET /api/reviews), plain and gzip-accepting as a browser asks. Prints time to first byte and full response, min
# and median, in ms, and the size.
#
#   bash bench/serve_bench.sh [N] [R]      (needs build/jxaudit, curl and sqlite3)
#   SEED=DIR bash bench/serve_bench.sh      reuse the OUT of an earlier `jxaudit audit samples/*.pdf -o DIR`
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
R=${2:-10}
BIN=${JX_BIN:-build/jxaudit}
WORK=$(mktemp -d)
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
SEED=${SEED:-}
if [ -z "$SEED" ]; then
  SEED="$WORK/seed"
  "$BIN" audit samples/*.pdf -o "$SEED" -q >/dev/null 2>&1 || true  # the text-layer samples: quick, with crops
fi
python3 bench/replicate_reports.py "$SEED" "$WORK/shard" "$N"
/usr/bin/time -f "merge: %e s wall, %M KiB peak" "$BIN" merge "$WORK/shard" -o "$WORK/out" >/dev/null 2>"$WORK/merge" || true
tail -1 "$WORK/merge"
DB="$WORK/out/jxaudit.sqlite"
# The replicated reports keep their seed's finding ids (a few hundred distinct ones), so the register gets a decision
# for each real id and then made-up ids until there is one decision per finding stored.
sqlite3 "$DB" "INSERT INTO reviews(finding_id, state, note, by, at) SELECT DISTINCT id, 'confirmed',
  '已核对原件，情况属实', '张三', '2026-12-05T12:00:00Z' FROM findings WHERE true ON CONFLICT(finding_id) DO NOTHING;
  WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k
    WHERE n < (SELECT count(*) FROM findings) - (SELECT count(*) FROM reviews))
  INSERT INTO reviews(finding_id, state, note, by, at) SELECT printf('%016x', n), 'dismissed', '与原件一致，不构成问题',
  '李四', '2026-12-05T12:00:00Z' FROM k"
echo "OUT: $N reports, index.html $(du -h "$WORK/out/index.html" | cut -f1), register $(du -h "$DB" | cut -f1)," \
  "$(sqlite3 "$DB" 'SELECT count(*) FROM findings') findings, $(sqlite3 "$DB" 'SELECT count(*) FROM reviews') decisions"

"$BIN" serve "$WORK/out" --port 0 2>"$WORK/serve.err" &
SERVER=$!
for _ in $(seq 100); do grep -q "http://127.0.0.1:" "$WORK/serve.err" && break; sleep 0.1; done
URL=$(sed -n 's|.*\(http://127.0.0.1:[0-9]*/\).*|\1|p' "$WORK/serve.err" | head -1)
[ -n "$URL" ] || { cat "$WORK/serve.err"; exit 1; }

# One line per target: its name, then min and median of time to first byte and of the whole response, and the size.
measure() {
  local name=$1 path=$2
  shift 2
  for _ in $(seq "$R"); do
    curl -s -o /dev/null "$@" -w '%{time_starttransfer} %{time_total} %{size_download}\n' "$URL$path"
  done | python3 -c '
import statistics, sys
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
ttfb = sorted(r[0] * 1000 for r in rows); total = sorted(r[1] * 1000 for r in rows)
print(f"{sys.argv[1]:<28} first byte min {ttfb[0]:7.1f} median {statistics.median(ttfb):7.1f} ms;"
      f" full min {total[0]:7.1f} median {statistics.median(total):7.1f} ms; {int(rows[0][2]):,} bytes, {len(rows)} runs")
' "$name"
}
measure "GET / (index.html)" ""
measure "GET / gzip accepted" "" --compressed
measure "GET /api/reviews" api/reviews
measure "GET /api/reviews gzip" api/reviews --compressed
kill -TERM "$SERVER"
wait "$SERVER" || true
SERVER=""
tail -1 "$WORK/serve.err"
