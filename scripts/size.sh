#!/usr/bin/env bash
# Prints the size of the release bundle in dist/ (raw and gzip -9): the
# main bundle (what a page load fetches before the app starts), the
# deferred part of the app's code (fetched once the app has started and the
# page is idle: scripts/split.mjs) and the formats' worker (fetched only when
# a file is imported or exported), each with its total.
set -euo pipefail
cd "$(dirname "$0")/.."
declare -A raw_of gz_of
printf '%-8s %-6s %10s %10s\n' bundle kind bytes gzip
for pattern in '*.wasm' '*.js' '*.css'; do
  for f in dist/$pattern; do
    [ -f "$f" ] || continue
    case "$f" in dist/sw.js) continue ;; esac
    case "${f#dist/}" in scholia-worker*) bundle=worker ;; *_deferred.wasm) bundle=deferred ;; *) bundle=main ;; esac
    raw=$(stat -c %s "$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    raw_of[$bundle]=$(( ${raw_of[$bundle]:-0} + raw ))
    gz_of[$bundle]=$(( ${gz_of[$bundle]:-0} + gz ))
    printf '%-8s %-6s %10d %10d  %s\n' "$bundle" "${pattern#\*.}" "$raw" "$gz" "${f#dist/}"
  done
done
for bundle in main deferred worker; do
  printf '%-8s %-6s %10d %10d\n' "$bundle" total "${raw_of[$bundle]:-0}" "${gz_of[$bundle]:-0}"
done
