#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for SECONDS (default 600), seeded from the
# samples and the kept regression inputs. New crashes land in fuzz/findings/<target>/; after fixing, copy each into
# fuzz/corpus-regress/<target>/ so ordinary ctest replays it.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(value_parser_fuzz rules_loader_fuzz narrative_fuzz grid_fuzz audit_fuzz)
bash scripts/install-deps.sh
command -v clang++ >/dev/null || apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DJX_FUZZ=ON -DJX_BUILD_TESTS=OFF -DJX_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz -j2 --target "${targets[@]}"
export JXAUDIT_RULES="$PWD/rules"
for t in "${targets[@]}"; do
  work=build-fuzz/corpus/$t; mkdir -p "$work" "fuzz/findings/$t" "fuzz/corpus-regress/$t"
  seeds=("fuzz/corpus-regress/$t")
  case $t in
    audit_fuzz) seeds+=(samples) ;;
    rules_loader_fuzz) mkdir -p build-fuzz/seeds-rules; i=0; for f in rules/*.toml; do printf "\\x$(printf %02x $i)" | cat - "$f" > build-fuzz/seeds-rules/$i; i=$((i+1)); done; seeds+=(build-fuzz/seeds-rules) ;;
  esac
  echo "== $t for ${secs}s"
  "build-fuzz/fuzz/$t" "$work" "${seeds[@]}" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
    -artifact_prefix="fuzz/findings/$t/" -print_final_stats=1 2>&1 | tee "build-fuzz/$t.log" | grep -E '^(stat::number_of_executed_units|==|SUMMARY|#[0-9]+ *DONE)' || true
done
