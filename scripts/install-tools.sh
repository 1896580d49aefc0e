#!/usr/bin/env bash
# Installs what building and testing Scholia needs, only where it is missing,
# so a warm machine passes through in seconds. Nothing here is downloaded by
# Trunk itself: every tool it uses is installed here and found on PATH.
#
#   scripts/install-tools.sh          build tools (wasm32 target, trunk, wasm-bindgen, wasm-opt)
#   scripts/install-tools.sh --test   also Chromium, ChromeDriver and playwright-core
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.22.1
# wasm-bindgen-cli must equal the wasm-bindgen library in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock 2>/dev/null || true)
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf '[install-tools] %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 12 minutes on 2 cores, once)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "$TRUNK_VERSION" --locked --ignore-rust-version
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes, once)"
  # Not --locked: its lock file wants a crate version the registry here lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# wasm-opt comes from npm's binaryen (Debian's is too old for Rust 1.95 output);
# playwright-core drives the system Chromium and never downloads a browser.
if [ ! -x node_modules/.bin/wasm-opt ] || { [ "${1:-}" = --test ] && [ ! -d node_modules/playwright-core ]; }; then
  say "installing npm packages (binaryen, playwright-core)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

if [ "${1:-}" = --test ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
say "tools ready"
