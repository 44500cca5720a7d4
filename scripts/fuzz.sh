#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time (default 5 s each, 50 s in all) from the
# committed seed corpus, on the stable toolchain (no sanitizer: cargo fuzz -s none). New inputs go
# to a scratch corpus, so the committed one stays as it is. Crashes are saved in fuzz/artifacts/.
# Usage: scripts/fuzz.sh [seconds per target]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-5}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cargo fuzz build -s none -O
for target in manifest checkpoint tile totals index_shard precinct proofs codes results_table archive; do
  mkdir -p "$scratch/$target"
  printf '\n== fuzz %s for %s s\n' "$target" "$seconds"
  # cargo fuzz exits non-zero on a crash, a time-out or an out-of-memory: that fails here.
  status=0
  cargo fuzz run -s none -O "$target" "$scratch/$target" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 -print_final_stats=1 \
    > "$scratch/$target.log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done|SUMMARY)|ERROR|panicked' "$scratch/$target.log" || true
  if [ "$status" -ne 0 ]; then tail -40 "$scratch/$target.log"; exit "$status"; fi
done
