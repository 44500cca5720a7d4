#!/usr/bin/env bash
# Benchmark (not a test): `castcheck simulate` and `castcheck verify` of a large election, RUNS
# times each, with wall time, CPU share and peak memory (max RSS) from GNU time, and the medians.
# Usage: scripts/bench-cli.sh [VOTERS] [PRECINCTS] [RUNS] [DIR]
#   defaults: 1000000 voters, 1200 precincts, 3 runs, /tmp/big/r1m (needs about 3 GB of disk)
set -euo pipefail
cd "$(dirname "$0")/.."
voters=${1:-1000000}
precincts=${2:-1200}
runs=${3:-3}
dir=${4:-/tmp/big/r1m}
cargo build --release -q -p castcheck
bin=target/release/castcheck
mkdir -p "$(dirname "$dir")"

# Prints "<seconds> <cpu%> <max RSS KiB>" of one timed command; its own output goes to $log.
timed() {
  local log=$1
  shift
  /usr/bin/time -f 'TIMED %e %P %M' "$@" >"$log" 2>&1
  grep '^TIMED' "$log" | tail -1 | cut -d' ' -f2-
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

report() {
  local name=$1 results=$2
  echo "$name: runs (s, CPU, max RSS KiB): $(paste -sd';' "$results")"
  echo "$name: median $(cut -d' ' -f1 "$results" | median) s, max RSS median $(cut -d' ' -f3 "$results" | median) KiB"
}

sim=$(mktemp)
ver=$(mktemp)
for i in $(seq "$runs"); do
  rm -rf "$dir" "$dir.csv" "$dir.keys.json"
  timed "$dir.simulate.log" "$bin" simulate --out "$dir" --receipts "$dir.csv" --keys "$dir.keys.json" \
    --voters "$voters" --precincts "$precincts" --challenged 100 --seed 1 >>"$sim"
  echo "simulate run $i: $(tail -1 "$sim")"
done
for i in $(seq "$runs"); do
  timed "$dir.verify.log" "$bin" verify --no-witnesses "$dir" >>"$ver"
  grep -q '^VERIFIED' "$dir.verify.log" || { echo "verify run $i did not verify"; exit 1; }
  echo "verify run $i: $(tail -1 "$ver") ($(grep '^Verified' "$dir.verify.log"))"
done
report simulate "$sim"
report verify "$ver"
echo "record: $(du -sb "$dir" | cut -f1) bytes on disk"
rm -f "$sim" "$ver"
