#!/usr/bin/env bash
# The OCR path's speed bar: per scanned table page, jxaudit's OCR takes at most the time `tesseract page.png out
# -l chi_sim` takes on the same page image, in a batch worker whose engines are started. For every page of every
# samples/scanned/*.pdf: render it to PNG at 300 dpi (pdftoppm -r 300 -png), time the Tesseract CLI on it (a whole
# process), and time jxaudit's OCR of the same PDF page (render, deskew, OSD, lines, per-cell readings) in a process
# that has read the page once already (bench/ocr_page_bench.cpp: Tesseract's models and the line recognizer's graphs
# loaded, as in a worker after its first page), side by side. The last column, "start", is what the jxaudit process
# spent beyond its two readings of the page: starting the engines, once per worker. OMP_THREAD_LIMIT=1 for both. Wall
# time and CPU time (user + sys) are both shown: on a shared machine the CPU time is the steadier comparison. Each side
# runs ROUNDS times per page and its median is kept (one run of a small page varies by ±8%).
#   bench/ocr_speed.sh [BENCH_BINARY] [ROUNDS]     (default build/bench/ocr_page_bench, 3 rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${1:-build/bench/ocr_page_bench}
rounds=${2:-3}
[ -x "$bench" ] || { echo "$bench missing: build the ocr_page_bench target" >&2; exit 2; }
command -v pdftoppm >/dev/null || { echo "pdftoppm missing (apt-get install poppler-utils)" >&2; exit 2; }
command -v tesseract >/dev/null || { echo "tesseract missing (apt-get install tesseract-ocr)" >&2; exit 2; }
export OMP_THREAD_LIMIT=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { cut -d' ' -f"$1" "$2" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Runs a command ROUNDS times; prints the median "wall cpu" in seconds, the command's stdout going to $tmp/stdout.
timed() {
  : >"$tmp/times"
  for ((r = 0; r < rounds; r++)); do
    /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" >"$tmp/stdout" 2>/dev/null || echo "failed" >"$tmp/stdout"
    awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$tmp/time" >>"$tmp/times"
  done
  echo "$(median 1 "$tmp/times") $(median 2 "$tmp/times")"
}

# Runs ocr_page_bench ROUNDS times on one page; prints the median "wall cpu" of its second reading of the page,
# the median engine start-up (the process's CPU time less its two readings), then "segments glyphs tables".
worker() {
  : >"$tmp/warm"
  : >"$tmp/start"
  for ((r = 0; r < rounds; r++)); do
    /usr/bin/time -f "%U %S" -o "$tmp/time" "$bench" "$1" "$2" >"$tmp/stdout" 2>/dev/null || echo "0 0 0 0 0" >"$tmp/stdout"
    awk '{ printf "%.2f %.2f\n", $4, $5 }' "$tmp/stdout" >>"$tmp/warm"
    paste -d' ' "$tmp/time" "$tmp/stdout" | awk '{ printf "%.2f\n", $1 + $2 - 2 * $7 }' >>"$tmp/start"
  done
  echo "$(median 1 "$tmp/warm") $(median 2 "$tmp/warm") $(median 1 "$tmp/start") $(cut -d' ' -f1-3 "$tmp/stdout")"
}

printf "%-44s %4s %16s %16s %11s %6s  %s\n" file page "tesseract wall/cpu" "jxaudit wall/cpu" "ratio w/cpu" start \
  "segments glyphs tables"
tw=0; tc=0; jw=0; jc=0; n=0; over=0; worst=0
for pdf in samples/scanned/*.pdf; do
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
  for ((p = 1; p <= pages; p++)); do
    pdftoppm -r 300 -png -f "$p" -l "$p" -singlefile "$pdf" "$tmp/page"
    read -r t_w t_c < <(timed tesseract "$tmp/page.png" "$tmp/out" -l chi_sim)
    read -r j_w j_c start stats < <(worker "$pdf" "$p")
    printf "%-44s %4d %7ss %7ss %7ss %7ss %5.2f %5.2f %5ss  %s\n" "$pdf" "$p" "$t_w" "$t_c" "$j_w" "$j_c" \
      "$(awk -v t="$t_w" -v j="$j_w" 'BEGIN { print j / t }')" "$(awk -v t="$t_c" -v j="$j_c" 'BEGIN { print j / t }')" \
      "$start" "$stats"
    tables=$(echo "$stats" | awk '{ print $3 + 0 }')
    if [ "$tables" -gt 0 ]; then  # the bar is about table pages
      read -r tw tc jw jc < <(awk -v a="$tw" -v b="$tc" -v c="$jw" -v d="$jc" -v e="$t_w" -v f="$t_c" -v g="$j_w" -v h="$j_c" \
        'BEGIN { print a + e, b + f, c + g, d + h }')
      n=$((n + 1))
      ratio=$(awk -v t="$t_c" -v j="$j_c" 'BEGIN { printf "%.2f", j / t }')
      if awk -v r="$ratio" 'BEGIN { exit !(r > 1.0) }'; then over=$((over + 1)); fi
      worst=$(awk -v a="$worst" -v b="$ratio" 'BEGIN { print (b > a ? b : a) }')
    fi
  done
done
awk -v tw="$tw" -v tc="$tc" -v jw="$jw" -v jc="$jc" -v n="$n" -v over="$over" -v worst="$worst" 'BEGIN {
  printf "table pages: %d\n", n
  printf "tesseract CLI: wall %.2f s, cpu %.2f s\n", tw, tc
  printf "jxaudit OCR (engines started): wall %.2f s, cpu %.2f s\n", jw, jc
  printf "ratio jxaudit/tesseract: wall %.2f, cpu %.2f (bar: <= 1.00)\n", (tw > 0 ? jw / tw : 0), (tc > 0 ? jc / tc : 0)
  printf "table pages over 1.00 (cpu): %d of %d, the highest %.2f\n", over, n, worst }'
