#!/usr/bin/env bash
# Builds a copy of the release app that keeps its function names, for
# profiles and for twiggy: the same code as `trunk build --release` (same
# profile, wasm-bindgen, wasm-opt -Oz and its parameters), but with the wasm `name` section
# kept (rustc's strip off, wasm-opt -g). The repo's profile is not changed;
# the copy is built in its own target folder and written to
# bench/output/dist-names (served by `node bench/run.mjs --dist …`).
#
#   bench/build-names.sh   # needs dist/ from `trunk build --release --offline`
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

[ -f dist/index.html ] || { echo "build the release app first: trunk build --release --offline" >&2; exit 1; }
out=bench/output/dist-names
work=bench/output/names-work
rm -rf "$out" "$work"
mkdir -p "$out" "$work"

CARGO_TARGET_DIR=target/names CARGO_PROFILE_RELEASE_STRIP=false CARGO_PROFILE_RELEASE_DEBUG=false \
  cargo build --release --locked --target wasm32-unknown-unknown --bin scholia
wasm-bindgen --target web --no-typescript --out-dir "$work" --out-name scholia \
  target/names/wasm32-unknown-unknown/release/scholia.wasm
# The same optimisation as Trunk's data-wasm-opt="z" with the
# data-wasm-opt-params of www/index.html, names kept (--strip-producers
# leaves the name section alone).
wasm-opt -Oz --converge --low-memory-unused --strip-producers -g "$work/scholia_bg.wasm" -o "$work/scholia_bg.opt.wasm"

# The release dist's page and style, with the named wasm and its glue under
# the release file names (integrity attributes dropped: the bytes differ).
# (the formats' worker, the service worker, the manifest and the icons are
# copied as they are)
js=$(cd dist && ls scholia-*.js | grep -v '^scholia-worker')
wasm=$(cd dist && ls scholia-*_bg.wasm | grep -v '^scholia-worker')
cp -r dist/*.css dist/scholia-worker* dist/sw.js dist/manifest.webmanifest dist/icons "$out/"
cp "$work/scholia.js" "$out/$js"
cp "$work/scholia_bg.opt.wasm" "$out/$wasm"
sed -E 's/ integrity=("[^"]*"|[^ >]*)//g' dist/index.html > "$out/index.html"
printf 'named build: %s (%s bytes; release: %s bytes)\n' "$out/$wasm" \
  "$(stat -c %s "$out/$wasm")" "$(stat -c %s "dist/$wasm")"
