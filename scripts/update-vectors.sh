#!/usr/bin/env bash
# Rewrites the committed audit-report vector from the native audit of the small simulated record.
# Run only when the report format changes on purpose, and review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet -p castcheck -- simulate --out /tmp/castcheck-small --receipts /tmp/castcheck-small.csv \
  --voters 40 --precincts 3 --trustees 3 --threshold 2 --challenged 3 --seed 7 >/dev/null
# The report alone: the CLI puts its verdict beside it, which the vector (a Report) does not hold.
cargo run --quiet -p castcheck -- verify --no-witnesses --json /tmp/castcheck-small \
  | python3 -c 'import json, sys; r = json.load(sys.stdin); r.pop("verdict"); print(json.dumps(r, indent=2, ensure_ascii=False))' \
  > crates/record/tests/vectors/small-audit-report.json
echo "rewrote crates/record/tests/vectors/small-audit-report.json; review: git diff"
