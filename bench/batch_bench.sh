#!/usr/bin/env bash
# Times the batch: N copies of the sample reports (spread over 10 agency folders) audited by
# `jxaudit audit DIR -o OUT -q -j JOBS`, then the same command again (everything reused). Prints wall time,
# reports/s, peak memory (supervisor and largest worker, from OUT/run.json; the whole process tree from
# /usr/bin/time -v), the register's share of the first run (cross-year pass and store, from run.json) and the
# database's size a report, the rerun's time and the rerun/first-run ratio. JXAUDIT=path times another build (one
# from before the register, to compare a batch with the store against one without).
#   bench/batch_bench.sh [N] [JOBS]       (defaults 1000 and 2; build/jxaudit must exist, or set JXAUDIT=path)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
jobs=${2:-2}
jxaudit=${JXAUDIT:-build/jxaudit}
[ -x "$jxaudit" ] || { echo "$jxaudit missing: build it first (or set JXAUDIT=path/to/jxaudit)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing (apt-get install time)" >&2; exit 2; }
samples=()
for f in samples/*.pdf; do [ -f "$f" ] && samples+=("$f"); done
[ ${#samples[@]} -gt 0 ] || { echo "no samples/*.pdf (run /usr/bin/python3 samples/make_samples.py)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/jx_batch_bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
for ((i = 0; i < n; i++)); do
  s=${samples[$((i % ${#samples[@]}))]}
  dir="$work/in/agency-$((i % 10))"
  mkdir -p "$dir"
  cp "$s" "$dir/$(printf '%05d' "$i")-$(basename "$s")"
done

run() {  # $1: label; prints seconds on stdout, keeps /usr/bin/time's report in $work/$1.time
  local start end
  start=$(date +%s%N)
  /usr/bin/time -v -o "$work/$1.time" "$jxaudit" audit "$work/in" -o "$work/out" -q -j "$jobs" || true
  end=$(date +%s%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}
rss_of() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/$1.time"; }
stat_of() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$work/out/run.json" "$1"; }

first=$(run first)
audited=$(stat_of audited); failed=$(stat_of failed)
sup=$(stat_of supervisor_max_rss_kib); worker=$(stat_of worker_max_rss_kib); tree=$(rss_of first)
html=$(stat -c %s "$work/out/index.html")
# The register's share of the first run (0 for a jxaudit without it): the cross-year pass and the store.
opt_stat() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], 0))" \
  "$work/out/run.json" "$1"; }
cross=$(opt_stat cross_year_seconds); store=$(opt_stat register_seconds)
db=$( [ -f "$work/out/jxaudit.sqlite" ] && stat -c %s "$work/out/jxaudit.sqlite" || echo 0)
second=$(run second)
reused=$(stat_of reused)
awk -v n="$n" -v j="$jobs" -v t1="$first" -v t2="$second" -v a="$audited" -v f="$failed" -v r="$reused" \
    -v sup="$sup" -v w="$worker" -v tree="$tree" -v html="$html" -v cross="$cross" -v store="$store" -v db="$db" 'BEGIN {
  printf "files: %d (%d audited, %d failed), jobs: %d\n", n, a, f, j
  printf "first run : %8.3f s  %.1f reports/s\n", t1, n / t1
  printf "peak RSS  : supervisor %.1f MiB, largest worker %.1f MiB, process tree (time -v) %.1f MiB\n",
         sup / 1024, w / 1024, tree / 1024
  printf "index.html: %.1f MiB\n", html / 1048576
  printf "register  : cross-year %.3f s + store %.3f s = %.1f %% of the first run; database %.1f KB a report\n",
         cross, store, 100 * (cross + store) / t1, db / 1024 / n
  printf "rerun     : %8.3f s  (%d reused)\n", t2, r
  printf "ratio rerun/first: %.2f %% (bar: < 3 %%)\n", 100 * t2 / t1
}'
