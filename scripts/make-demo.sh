#!/usr/bin/env bash
# Regenerates the demo election the web app serves by default (public/demo) and its receipts
# (demo/receipts.csv, not part of the record), and a few of them printable (public/demo-receipts/).
# Same seed, same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf public/demo
cargo run --quiet --release -p castcheck -- simulate --out public/demo --receipts demo/receipts.csv --keys demo/authority-key.json \
  --voters 2400 --precincts 24 --challenged 12 --seed 2026 --verifier-url "http://127.0.0.1:8080/"
# A few printable receipts (three counted ballots and a challenged one), served with the app.
sample=$(mktemp)
trap 'rm -f "$sample"' EXIT
awk -F, 'NR == 1 || ($3 == "cast" && cast++ < 3) || ($3 == "challenged" && challenged++ < 1)' demo/receipts.csv > "$sample"
cargo run --quiet --release -p castcheck -- receipts --record public/demo --receipts "$sample" --out public/demo-receipts/index.html
