#!/usr/bin/env bash
# What the page's bundle would weigh with parts of the app taken out: each
# patch in bench/ablation/ is applied to a clean checkout of HEAD, built with
# the release profile, wasm-bindgen and the same wasm-opt as Trunk
# (www/index.html), and measured as scripts/size.sh measures dist/: gzip -9
# of the wasm, its JS glue and the style sheet. The first row is HEAD as it
# is. Figures, not a test: docs/performance.md says what they show.
#
#   annotate-only  without the library, import, export, search, the team
#                  workflow and every dialog: the text, its highlights, the
#                  label buttons, the annotation list and details, the toolbar
#   document-only  the same without the list, details, label buttons and
#                  toolbar: the document view alone (with the store, storage
#                  and shortcuts behind it)
#   yew-floor      a counter button in place of the app: Yew's own floor
#
#   bench/ablate.sh            # about 2 minutes a row once dependencies are built
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$root/node_modules/.bin:$PATH"
work=$root/bench/output/ablate
target=$root/target/ablate
opt=(-Oz --converge --low-memory-unused --strip-producers)
gz() { gzip -9 -c "$1" | wc -c; }

rm -rf "$work"
git worktree prune
mkdir -p "$work"
css=$(gz www/style.css)
printf '%-15s %10s %10s %10s %10s\n' variant wasm js css total
for variant in full bench/ablation/*.patch; do
  name=$(basename "$variant" .patch)
  tree=$work/$name
  git worktree add --quiet --detach "$tree" HEAD
  [ "$variant" = full ] || git -C "$tree" apply "$root/$variant"
  (cd "$tree" && CARGO_TARGET_DIR=$target cargo build --quiet --release --locked \
    --target wasm32-unknown-unknown --bin scholia 2>/dev/null)
  wasm-bindgen --target web --no-typescript --out-dir "$tree/out" --out-name scholia \
    "$target/wasm32-unknown-unknown/release/scholia.wasm"
  wasm-opt "${opt[@]}" "$tree/out/scholia_bg.wasm" -o "$tree/out/scholia.opt.wasm"
  wasm=$(gz "$tree/out/scholia.opt.wasm")
  js=$(gz "$tree/out/scholia.js")
  printf '%-15s %10d %10d %10d %10d\n' "$name" "$wasm" "$js" "$css" $((wasm + js + css))
  git worktree remove --force "$tree"
done
