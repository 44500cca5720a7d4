#!/usr/bin/env bash
# Writes the committed seed corpus of the fuzz targets (fuzz/corpus/): the files of the small
# record that fuzz/fuzz_targets/record_file.rs simulates, each behind the byte that selects it
# (sorted path index; +128 for the full audit), plus a few codes and a results table.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet -p castcheck -- simulate --out "$tmp/rec" --receipts "$tmp/receipts.csv" --keys "$tmp/keys.json" \
  --voters 12 --precincts 2 --trustees 2 --threshold 1 --challenged 1 --seed 3 >/dev/null
rm -rf fuzz/corpus
mkdir -p fuzz/corpus/record_file fuzz/corpus/codes fuzz/corpus/results_table
python3 - "$tmp/rec" <<'PY'
import os, sys
rec = sys.argv[1]
paths = sorted(os.path.relpath(os.path.join(d, f), rec) for d, _, fs in os.walk(rec) for f in fs)
wanted = {p for p in paths if p in ("manifest.json", "heads.json", "totals.json", "index/0.json")}
wanted |= {next(p for p in paths if p.startswith("precincts/"))}
for i, p in enumerate(paths):
    if p not in wanted:
        continue
    data = open(os.path.join(rec, p), "rb").read()
    for job in (0, 128):
        name = f"{job + i:03d}-{p.replace('/', '_')}"
        open(f"fuzz/corpus/record_file/{name}", "wb").write(bytes([job + i]) + data)
PY
sed -n 2p "$tmp/receipts.csv" | cut -d, -f1 > fuzz/corpus/codes/receipt
sed -n 2p "$tmp/receipts.csv" | cut -d, -f5 > fuzz/corpus/codes/election
printf 'County,Precinct\n' > fuzz/corpus/results_table/header
echo "wrote fuzz/corpus"
