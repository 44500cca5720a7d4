#!/usr/bin/env bash
# Regenerates the demo election the web app serves by default (public/demo) and its receipts
# (demo/receipts.csv, not part of the record). Same seed, same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf public/demo
cargo run --quiet --release -p castcheck -- simulate --out public/demo --receipts demo/receipts.csv --keys demo/authority-key.json \
  --voters 2400 --precincts 24 --challenged 12 --seed 2026 --verifier-url "http://127.0.0.1:8080/"
