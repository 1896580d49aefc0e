#!/usr/bin/env bash
# The suggestions' benchmarks (docs/suggestions.md), natively:
#  1. the tagger's learning curve on CoNLL-2002 Spanish (read from
#     ../shared/corpora/conll2002-es, research use only: nothing trained on
#     it is kept), and the same curve by CRFsuite, the anchor;
#  2. a term list of 100,000 terms, repeats and the tagger over a generated
#     1 MB document.
# Figures, not assertions. Usage: bench/suggestions.sh [--no-crfsuite]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${SCHOLIA_CONLL2002:-../shared/corpora/conll2002-es}
venv=${SCHOLIA_CRF_VENV:-/tmp/scholia-crfsuite-venv}

cargo build --release -q -p scholia-core --example tagger_curve --example suggest_figures

if [ -f "$corpus/esp.train" ]; then
  echo "== Scholia's tagger (averaged perceptron), CoNLL-2002 Spanish, test: esp.testb"
  target/release/examples/tagger_curve "$corpus/esp.train" "$corpus/esp.testb" --svg /tmp/scholia-tagger-curve.svg
  if [ "${1:-}" != "--no-crfsuite" ]; then
    if [ ! -x "$venv/bin/python" ]; then
      python3 -m venv "$venv"
      "$venv/bin/pip" install -q -r bench/crfsuite/requirements.txt
    fi
    echo
    echo "== CRFsuite (sklearn-crfsuite's tutorial features without POS), same files"
    "$venv/bin/python" bench/crfsuite/curve.py "$corpus/esp.train" "$corpus/esp.testb"
  fi
else
  echo "SKIPPED the learning curve: $corpus is absent"
fi

echo
echo "== Term list, repeats and tagger over a generated 1 MB document"
doc=$(mktemp /tmp/scholia-suggest-XXXXXX.scholia.json)
node bench/generate.mjs 1m 10000 > "$doc"
target/release/examples/suggest_figures "$doc"
rm -f "$doc"
