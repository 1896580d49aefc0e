#!/usr/bin/env bash
# Runs every check and test, as CI does: formatting, clippy (host and
# wasm32), the native tests, a release build, the bundle size, and the
# end-to-end tests in headless Chromium. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh --test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true

# Property tests use a fixed seed here so that CI is repeatable; run
# `cargo test` alone to explore with fresh random cases.
export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-1764351373}"

step() { printf '\n== %s\n' "$*"; }

step "format"
cargo fmt --all -- --check
step "module layers (src/: no cycle, no file over 600 lines)"
node scripts/check-modules.mjs
step "clippy (host)"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "clippy (wasm32)"
cargo clippy --workspace --target wasm32-unknown-unknown --locked -- -D warnings
step "native tests"
cargo test --workspace --locked
step "release build"
trunk build --release --offline
step "bundle size"
scripts/size.sh
# bench/ablate.sh measures the bundle with these patches applied: they must
# still apply to the code as it is.
for patch in bench/ablation/*.patch; do git apply --check "$patch"; done
step "end-to-end tests (headless Chromium)"
mkdir -p tests/e2e/output
node --test --test-concurrency=1 tests/e2e/
