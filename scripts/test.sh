#!/usr/bin/env bash
# Command 2: install what is missing and run every test, stopping at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
step() { printf '\n== %s\n' "$*"; }
step "cargo fmt --check";                 cargo fmt --all -- --check
step "cargo clippy";                      cargo clippy --workspace --all-targets -- -D warnings
step "native tests";                      cargo test --workspace
step "wasm tests in headless Chromium";   cargo test -p castcheck-record --target wasm32-unknown-unknown --test wasm
step "fuzzing (libFuzzer, 5 s a target)";    scripts/fuzz.sh 5
step "release build (trunk, wasm-opt)";   trunk build --release --offline
step "end-to-end tests in Chromium";      npm run --silent e2e
