#!/bin/bash
# index.html at scale: builds a batch of N reports (default 10,000) from the samples' real reports
# (bench/replicate_reports.py), rebuilds the summary outputs with `jxaudit merge`, and opens index.html in headless
# Chromium. Prints the page's size, the time and peak memory of building the outputs, and from the browser: the
# first contentful paint, when the page's script had drawn the first screen (overview and the table's first page),
# DOMContentLoaded, load, and the tab's JavaScript heap.
#
#   bash bench/html_scale.sh [N]        (needs build/jxaudit and /usr/bin/chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
BIN=${JX_BIN:-build/jxaudit}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$BIN" audit samples -o "$WORK/seed" >/dev/null 2>&1 || true  # exit 1: samples/bad/ fails as it should
python3 bench/replicate_reports.py "$WORK/seed" "$WORK/shard" "$N"
/usr/bin/time -f "outputs: %e s wall, %M KiB peak" "$BIN" merge "$WORK/shard" -o "$WORK/out" >/dev/null 2>"$WORK/time" || true
tail -1 "$WORK/time"
echo "index.html: $(du -h "$WORK/out/index.html" | cut -f1) for $N reports; findings.csv $(du -h "$WORK/out/findings.csv" | cut -f1), summary.xlsx $(du -h "$WORK/out/summary.xlsx" | cut -f1)"
# The page with a probe appended: it reports the timings once the whole page has loaded.
cp "$WORK/out/index.html" "$WORK/out/probe.html"
cat >>"$WORK/out/probe.html" <<'JS'
<script>
window.addEventListener('load', function () { setTimeout(function () {
  var t = performance.timing, p = performance.getEntriesByType('paint').filter(function (e) {
    return e.name === 'first-contentful-paint'; })[0];
  var pre = document.createElement('pre'); pre.id = 'jx-bench';
  pre.textContent = JSON.stringify({fcp_ms: p ? Math.round(p.startTime) : null,
    first_screen_ms: Math.round(window.jxReadyAt), dom_content_loaded_ms: t.domContentLoadedEventEnd - t.navigationStart,
    load_ms: t.loadEventEnd - t.navigationStart, js_heap_mib: performance.memory ?
      Math.round(performance.memory.usedJSHeapSize / 1048576) : null,
    rows_drawn: document.querySelectorAll('#report-rows tr').length});
  document.body.appendChild(pre); }, 0); });
</script>
JS
for run in 1 2 3; do
  timeout 300 chromium --headless --no-sandbox --disable-gpu --enable-precise-memory-info --no-first-run \
    --user-data-dir="$WORK/profile" --dump-dom "file://$WORK/out/probe.html" 2>/dev/null |
    sed -n 's/.*<pre id="jx-bench">\(.*\)<\/pre>.*/\1/p' | sed 's/&quot;/"/g'
done
