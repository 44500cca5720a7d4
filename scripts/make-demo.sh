#!/usr/bin/env bash
# Regenerates the demo election the web app serves by default (public/demo), witnessed by two
# witnesses, and its receipts
# (demo/receipts.csv, not part of the record), and a few of them printable (public/demo-receipts/).
# Same seed, same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf public/demo
cargo run --quiet --release -p castcheck -- simulate --out public/demo --receipts demo/receipts.csv --keys demo/authority-key.json \
  --voters 2400 --precincts 24 --challenged 12 --seed 2026 --verifier-url "http://127.0.0.1:8080/"
# Two independent witnesses cosign the board's checkpoint (their keys are demo/witness-*.key; each
# keeps its state in a fresh file here). The timestamp is fixed so that the same seed gives the
# same bytes.
state=$(mktemp -d)
for i in 1 2; do
  cargo run --quiet --release -p castcheck -- witness public/demo --key "demo/witness-$i.key" \
    --state "$state/witness-$i.json" --attach --time 1780345800 > /dev/null
done
rm -rf "$state"
# A few printable receipts (three counted ballots and a challenged one), served with the app.
sample=$(mktemp)
trap 'rm -f "$sample"' EXIT
awk -F, 'NR == 1 || ($3 == "cast" && cast++ < 3) || ($3 == "challenged" && challenged++ < 1)' demo/receipts.csv > "$sample"
# The same receipts page in the four languages the app speaks, side by side (index.html is English).
for lang in en es vi ar; do
  page=$([ "$lang" = en ] && echo index || echo "$lang")
  cargo run --quiet --release -p castcheck -- receipts --record public/demo --receipts "$sample" \
    --out "public/demo-receipts/$page.html" --lang "$lang"
done
