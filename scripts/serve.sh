#!/usr/bin/env bash
# Command 1: install what is missing, build the app (release, wasm-opt) and serve it with the
# demo election on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
trunk build --release --offline
cargo build --quiet --release -p castcheck
cast=$(awk -F, '$3=="cast"{print $1; exit}' demo/receipts.csv)
challenged=$(awk -F, '$3=="challenged"{print $1; exit}' demo/receipts.csv)
unknown=$(target/release/castcheck receipt-code --tracker "$(printf 'not in the demo record' | sha256sum | cut -c1-64)")
cat <<MSG

castcheck is running at http://127.0.0.1:8080/
Demo receipt codes to try:
  counted ballot:     $cast
  challenged ballot:  $challenged
  not in the record:  $unknown
Printable demo receipts with QR codes: http://127.0.0.1:8080/demo-receipts/
Observer audit: http://127.0.0.1:8080/#/audit    Kiosk: http://127.0.0.1:8080/#/kiosk
Stop with Ctrl-C.

MSG
exec python3 -m http.server 8080 --bind 127.0.0.1 --directory dist
