#!/usr/bin/env bash
# The OCR path's speed bar: per scanned table page, jxaudit's OCR takes at most the time `tesseract page.png out
# -l chi_sim` takes on the same page image, in a batch worker whose engines are started. For every page of every
# samples/scanned/*.pdf: render it to PNG at 300 dpi (pdftoppm -r 300 -png), time the Tesseract CLI on it (a whole
# process), and time jxaudit's OCR of the same PDF page (render, deskew, OSD, lines, per-cell readings) in a process
# that has read the page once already (bench/ocr_page_bench.cpp: Tesseract's models and the line recognizer's graphs
# loaded, as in a worker after its first page), side by side. The last column, "start", is what the jxaudit process
# spent beyond its two readings of the page: starting the engines, once per worker. OMP_THREAD_LIMIT=1 for both. Wall
# time and CPU time (user + sys) are both shown: on a shared machine the CPU time is the steadier comparison. A page
# gets ROUNDS rounds, each the CLI then the bench, one after the other; a round's ratio is taken within the round (both
# sides under the same load: one run of a page here varies by up to ±20% from run to run), the page's ratio is the
# median of its rounds', and the times shown are each side's median.
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

# One round on one page: the Tesseract CLI on the page image, then ocr_page_bench on the PDF page, one after the other
# so that both meet the same load on a shared machine. Appends "wall cpu" of the CLI to $tmp/tess, "wall cpu" of the
# bench's second reading to $tmp/warm, the engines' start-up (the bench process's CPU less its two readings) to
# $tmp/start; leaves the bench's "segments glyphs tables" in $tmp/stdout.
round() {
  /usr/bin/time -f "%e %U %S" -o "$tmp/time" tesseract "$tmp/page.png" "$tmp/out" -l chi_sim >/dev/null 2>&1 ||
    echo "0 0 0" >"$tmp/time"
  awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$tmp/time" >>"$tmp/tess"
  /usr/bin/time -f "%U %S" -o "$tmp/time" "$bench" "$1" "$2" >"$tmp/stdout" 2>/dev/null || echo "0 0 0 0 0" >"$tmp/stdout"
  awk '{ printf "%.2f %.2f\n", $4, $5 }' "$tmp/stdout" >>"$tmp/warm"
  paste -d' ' "$tmp/time" "$tmp/stdout" | awk '{ printf "%.2f\n", $1 + $2 - 2 * $7 }' >>"$tmp/start"
}

printf "%-44s %4s %16s %16s %11s %6s  %s\n" file page "tesseract wall/cpu" "jxaudit wall/cpu" "ratio w/cpu" start \
  "segments glyphs tables"
tw=0; tc=0; jw=0; jc=0; n=0; over=0; worst=0
for pdf in samples/scanned/*.pdf; do
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
  for ((p = 1; p <= pages; p++)); do
    pdftoppm -r 300 -png -f "$p" -l "$p" -singlefile "$pdf" "$tmp/page"
    : >"$tmp/tess"; : >"$tmp/warm"; : >"$tmp/start"
    for ((r = 0; r < rounds; r++)); do round "$pdf" "$p"; done
    # The ratio of a round is taken within the round (both sides under the same load); the page's is their median.
    paste -d' ' "$tmp/tess" "$tmp/warm" | awk '{ printf "%.4f %.4f\n", ($1 > 0 ? $3 / $1 : 0), ($2 > 0 ? $4 / $2 : 0) }' \
      >"$tmp/ratios"
    t_w=$(median 1 "$tmp/tess"); t_c=$(median 2 "$tmp/tess"); j_w=$(median 1 "$tmp/warm"); j_c=$(median 2 "$tmp/warm")
    r_w=$(median 1 "$tmp/ratios"); r_c=$(median 2 "$tmp/ratios"); start=$(median 1 "$tmp/start")
    stats=$(cut -d' ' -f1-3 "$tmp/stdout")
    printf "%-44s %4d %7ss %7ss %7ss %7ss %5.2f %5.2f %5ss  %s\n" "$pdf" "$p" "$t_w" "$t_c" "$j_w" "$j_c" "$r_w" "$r_c" \
      "$start" "$stats"
    tables=$(echo "$stats" | awk '{ print $3 + 0 }')
    if [ "$tables" -gt 0 ]; then  # the bar is about table pages
      read -r tw tc jw jc < <(awk -v a="$tw" -v b="$tc" -v c="$jw" -v d="$jc" -v e="$t_w" -v f="$t_c" -v g="$j_w" -v h="$j_c" \
        'BEGIN { print a + e, b + f, c + g, d + h }')
      n=$((n + 1))
      ratio=$(printf "%.2f" "$r_c")
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
