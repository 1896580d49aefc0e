#!/usr/bin/env bash
# Prints the size of the release bundle in dist/ (raw and gzip -9).
set -euo pipefail
cd "$(dirname "$0")/.."
total_raw=0
total_gz=0
printf '%-12s %10s %10s\n' kind bytes gzip
for pattern in '*.wasm' '*.js' '*.css'; do
  for f in dist/$pattern; do
    [ -f "$f" ] || continue
    case "$f" in dist/sw.js) continue ;; esac
    raw=$(stat -c %s "$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    total_raw=$((total_raw + raw))
    total_gz=$((total_gz + gz))
    printf '%-12s %10d %10d  %s\n' "${pattern#\*.}" "$raw" "$gz" "${f#dist/}"
  done
done
printf '%-12s %10d %10d\n' total "$total_raw" "$total_gz"
