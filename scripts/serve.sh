#!/usr/bin/env bash
# Builds Scholia and serves it on http://127.0.0.1:8080, rebuilding on change.
# Installs what is missing first (see scripts/install-tools.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
exec trunk serve --offline --address 127.0.0.1 --port 8080 "$@"
