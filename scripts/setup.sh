#!/usr/bin/env bash
# Installs whatever castcheck needs and is missing; skips what is already there. Safe to rerun.
# Debian 12 with Rust (rustup) assumed; Node.js and npm come from Debian if absent.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

say() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=no
apt_install() {
  if [ "$apt_updated" = no ]; then as_root apt-get update -qq; apt_updated=yes; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q ' 0.21.14'; then
  say "installing trunk 0.21.14 (about 5 minutes)"; cargo install --locked trunk@0.21.14
fi

# wasm-bindgen-cli must be exactly the version Cargo.toml pins (and Cargo.lock records).
wbg=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' Cargo.toml)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
  say "installing wasm-bindgen-cli $wbg"; cargo install wasm-bindgen-cli --version "$wbg"
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz (libFuzzer driver; about half a minute)"; cargo install --locked cargo-fuzz@0.13.2
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "installing Debian's chromium and chromium-driver"; apt_install chromium chromium-driver
fi

# Info-ZIP and GNU tar make the record archives the tests read (an implementation castcheck did not write).
if ! command -v zip >/dev/null || ! command -v tar >/dev/null; then
  say "installing zip and tar"; apt_install zip tar
fi

if ! command -v npm >/dev/null; then
  say "installing Node.js and npm"; apt_install nodejs npm
fi

# npm packages from the committed lockfile; reinstalled only when the lockfile changes.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.lock-sum ] || [ "$(cat node_modules/.lock-sum)" != "$lock_sum" ]; then
  say "installing npm packages from package-lock.json"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.lock-sum
fi

# Trunk builds offline, so every crate must be in the local registry first.
cargo fetch --quiet
say "ready"
