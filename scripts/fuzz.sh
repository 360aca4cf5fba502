#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan on every library of the project) and runs each for SECONDS
# (default 600), seeded from the kept inputs in fuzz/corpus-regress/<target>/ and, at run time, from the samples,
# the rule files, the value-parser tests' strings and the samples' breakdown sentences. Each input is bounded to
# 20 s (60 s for audit_fuzz, which runs OCR) and 2 GiB (-timeout, -rss_limit_mb); a crash, leak, timeout or
# out-of-memory lands in fuzz/findings/<target>/. Leaks inside fontconfig and Tesseract are suppressed
# (tests/lsan.supp, each entry justified there).
# After fixing, copy the input into fuzz/corpus-regress/<target>/ so ordinary ctest replays it (fuzz_regress.*).
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# Environment: JOBS=2 runs two targets at a time (default 1); NO_BUILD=1 uses build-fuzz as it is.
# Prints one line per target: executions, new corpus size, findings.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(value_parser_fuzz rules_loader_fuzz narrative_fuzz grid_fuzz audit_fuzz pdf_text_fuzz)
jobs=${JOBS:-1}
if [ -z "${NO_BUILD:-}" ]; then
  bash scripts/install-deps.sh test
  command -v clang++ >/dev/null || apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
  cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DJX_FUZZ=ON -DJX_BUILD_TESTS=OFF -DJX_BUILD_BENCH=OFF >/dev/null
  cmake --build build-fuzz -j2 --target "${targets[@]}"
fi
export JXAUDIT_RULES="$PWD/rules" OMP_THREAD_LIMIT=1 LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"

# Run-time seeds (not kept in the repository: they are derived from files that are).
seeds=build-fuzz/seeds
rm -rf "$seeds"; mkdir -p "$seeds"/{rules,value,narrative}
i=0
for n in headers values checks narrative; do  # the harness's first byte picks the file, in this order
  printf "\\x$(printf %02x $i)" | cat - "rules/$n.toml" > "$seeds/rules/$n"; i=$((i + 1))
done
grep -oh '"[^"\\]\{1,80\}"' tests/rules/value_parser_test.cpp | sort -u | sed 's/^"//; s/"$//' |
  split -l 1 -a 4 - "$seeds/value/s"
grep -ohE '包含[^"]{4,200}' samples/specs/*.py 2>/dev/null | head -40 | split -l 1 -a 4 - "$seeds/narrative/s" || true

run_one() {
  local t=$1 work=build-fuzz/corpus/$1 extra=() timeout=20
  # OCR of up to 12 pages (Tesseract, with the whole project under ASan) takes 20-40 s on a busy core.
  [ "$t" = audit_fuzz ] && timeout=60
  mkdir -p "$work" "fuzz/findings/$t"
  case $t in
    audit_fuzz) extra=(samples) ;;
    pdf_text_fuzz) extra=(samples fuzz/corpus-regress/audit_fuzz) ;;  # the same bytes, without OCR
    rules_loader_fuzz) extra=("$seeds/rules") ;;
    value_parser_fuzz) extra=("$seeds/value") ;;
    narrative_fuzz) extra=("$seeds/narrative") ;;
  esac
  [ -d "fuzz/corpus-regress/$t" ] && extra+=("fuzz/corpus-regress/$t")
  nice -n 10 "build-fuzz/fuzz/$t" "$work" "${extra[@]}" -max_total_time="$secs" \
    -timeout="$timeout" -rss_limit_mb=2048 -artifact_prefix="fuzz/findings/$t/" -print_final_stats=1 \
    >"build-fuzz/$t.log" 2>&1 || true
  local execs corpus found
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "build-fuzz/$t.log" | grep -o '[0-9]*$' || echo "?")
  corpus=$(ls "$work" | wc -l)
  found=$(ls "fuzz/findings/$t" | wc -l)
  echo "$t: ${secs}s, ${execs} executions, corpus ${corpus} inputs, findings ${found} (build-fuzz/$t.log)"
}

for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  run_one "$t" &
done
wait
