#!/usr/bin/env bash
# Writes the committed seed corpus of the fuzz targets (fuzz/corpus/): each file kind of the small
# record that fuzz/src/lib.rs simulates, behind the byte that picks the voter's check or the audit,
# plus a receipt code, an election code, a results-table header, and the record as .tar and .zip.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet -p castcheck -- simulate --out "$tmp/rec" --receipts "$tmp/receipts.csv" --keys "$tmp/keys.json" \
  --voters 12 --precincts 2 --trustees 2 --threshold 1 --challenged 1 --seed 3 >/dev/null
# Regenerated seeds replace the old ones; inputs that once crashed a target (regression-*) stay.
find fuzz/corpus -type f ! -name 'regression-*' -delete 2>/dev/null || true
mkdir -p fuzz/corpus/codes fuzz/corpus/results_table
for kind in manifest:manifest.json checkpoint:board/checkpoint tile:board/tile/0/000.p/13 totals:totals.json index_shard:index/0.json precinct:precincts/adams-001.json proofs:proofs/adams-001.json; do
  target=${kind%%:*} file=${kind#*:}
  mkdir -p "fuzz/corpus/$target"
  # The first byte picks the voter's check (even) or the full audit (odd).
  for job in 0 1; do
    { printf "\\$(printf '%03o' "$job")"; cat "$tmp/rec/$file"; } > "fuzz/corpus/$target/seed-$job"
  done
done
sed -n 2p "$tmp/receipts.csv" | cut -d, -f1 > fuzz/corpus/codes/receipt
sed -n 2p "$tmp/receipts.csv" | cut -d, -f5 > fuzz/corpus/codes/election
printf 'County,Precinct\n' > fuzz/corpus/results_table/header
mkdir -p fuzz/corpus/archive
(cd "$tmp" && tar -cf rec.tar rec && cd rec && zip -q -r -9 ../rec.zip .)
cp "$tmp/rec.tar" fuzz/corpus/archive/seed.tar
cp "$tmp/rec.zip" fuzz/corpus/archive/seed.zip
echo "wrote fuzz/corpus"
