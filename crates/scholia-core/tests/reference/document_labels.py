#!/usr/bin/env python3
"""Reference values for agreement on document labels and on entity links,
from independent implementations: scikit-learn (Cohen's kappa), statsmodels
(Fleiss' kappa) and krippendorff (nominal alpha). Linking agreement (the same
span linked to the same entity) follows docs/agreement.md and is written here
from scratch, without Scholia's code.

Writes fixtures/labels-*.scholia.json (three annotators' document labels and
entity links on small documents) and document-labels.json, which
crates/scholia-core/tests/it/agreement.rs reads.

Run from this folder, with the same pinned packages as generate.py:
    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install -r requirements.txt
    /tmp/refvenv/bin/python document_labels.py
"""

import hashlib
import itertools
import json
import math
import platform
import warnings
from importlib.metadata import version
from pathlib import Path

import numpy as np
import krippendorff
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa

HERE = Path(__file__).resolve().parent
warnings.filterwarnings("ignore")

SETS = [
    {"id": "topic", "name": "Topic", "multiple": True, "options": ["politics", "economy", "sport"]},
    {"id": "relevance", "name": "Relevance", "multiple": False, "options": ["high", "low"]},
]

TEXTS = [
    "Edi Rama met Lulzim Basha in Tirana. Rama spoke first.",
    "The budget vote in Tirana was close. Basha voted no.",
    "Albania beat Serbia in Belgrade. Rama congratulated the team.",
    "Prices rose in Durrës. The Prime Minister blamed the euro.",
    "Rain in Shkodër. Nothing else happened.",
]

# Per document, per annotator: {set: [options]} (absent: not answered) and
# links [(quote, occurrence, entity)].
LABELS = [
    {"alice": {"topic": ["politics"], "relevance": ["high"]},
     "bob": {"topic": ["politics"], "relevance": ["high"]},
     "carol": {"topic": ["politics", "economy"], "relevance": ["high"]}},
    {"alice": {"topic": ["politics", "economy"], "relevance": ["high"]},
     "bob": {"topic": ["economy", "politics"], "relevance": ["low"]},
     "carol": {"topic": ["economy"], "relevance": ["high"]}},
    {"alice": {"topic": ["sport"], "relevance": ["low"]},
     "bob": {"topic": ["sport"], "relevance": ["low"]},
     "carol": {"topic": ["sport", "politics"]}},
    {"alice": {"topic": ["economy"], "relevance": ["high"]},
     "bob": {"topic": ["economy"]},
     "carol": {"topic": ["economy"], "relevance": ["low"]}},
    {"alice": {"relevance": ["low"]},
     "bob": {"topic": ["sport"], "relevance": ["low"]},
     "carol": {"relevance": ["low"]}},
]

LINKS = [
    {"alice": [("Edi Rama", 0, "rama"), ("Lulzim Basha", 0, "basha"), ("Rama", 1, "rama")],
     "bob": [("Edi Rama", 0, "rama"), ("Lulzim Basha", 0, "basha"), ("Rama", 1, "basha")],
     "carol": [("Edi Rama", 0, "rama"), ("Rama", 1, "rama")]},
    {"alice": [("Basha", 0, "basha")],
     "bob": [("Basha", 0, "basha"), ("Tirana", 0, "tirana")],
     "carol": []},
    {"alice": [("Rama", 0, "rama")],
     "bob": [("Rama", 0, "rama")],
     "carol": [("Rama", 0, "rama"), ("Belgrade", 0, "belgrade")]},
    {"alice": [("The Prime Minister", 0, "rama")],
     "bob": [("The Prime Minister", 0, "pm")],
     "carol": [("Prime Minister", 0, "rama")]},
    {"alice": [], "bob": [], "carol": []},
]

CODERS = ["alice", "bob", "carol"]


def clean(x):
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


def find(text, quote, occurrence):
    """Code-point offsets of the n-th occurrence of quote."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


def scholia_file(i, text):
    annotations = []
    for coder in CODERS:
        for n, (quote, occurrence, entity) in enumerate(LINKS[i][coder]):
            start, end = find(text, quote, occurrence)
            annotations.append({
                "id": f"a{n + 1}", "layer": coder, "label": "actor",
                "fragments": [{"start": start, "end": end, "quote": text[start:end]}],
                "created": "2026-12-01T10:00:00.000Z", "modified": "2026-12-01T10:00:00.000Z",
                "entity": entity,
            })
    labels = [{"layer": c, "set": s["id"], "values": LABELS[i][c][s["id"]]}
              for c in CODERS for s in SETS if s["id"] in LABELS[i][c]]
    return {
        "format": "scholia", "version": 1, "generator": "document_labels.py",
        "document": {"id": f"labels-{i + 1}", "title": text[:20], "text": text, "length": len(text),
                     "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()},
        "scheme": {"labels": [{"id": "actor", "name": "Actor", "color": "#1f77b4"}],
                   "documentLabelSets": SETS},
        "annotations": annotations,
        "documentLabels": labels,
        "entities": [{"id": e, "name": e} for e in sorted({l[2] for c in CODERS for l in LINKS[i][c]})],
    }


def category(values):
    return " + ".join(sorted(values))


def set_values(docs, set_id):
    """Units: per document, each coder's category (None: not answered);
    only units with two values or more."""
    units = []
    for i in docs:
        unit = {c: (category(LABELS[i][c][set_id]) if set_id in LABELS[i][c] else None) for c in CODERS}
        if sum(v is not None for v in unit.values()) >= 2:
            units.append(unit)
    return units


def set_report(docs, s):
    units = set_values(docs, s["id"])
    raters = sorted({c for u in units for c, v in u.items() if v is not None})
    cats = sorted({v for u in units for v in u.values() if v is not None})
    code = {c: k for k, c in enumerate(cats)}
    cohen = {}
    for a, b in itertools.combinations(raters, 2):
        both = [u for u in units if u[a] is not None and u[b] is not None]
        if both:
            cohen[f"{a}|{b}"] = {"value": clean(cohen_kappa_score([u[a] for u in both], [u[b] for u in both])),
                                 "units": len(both)}
    full = [u for u in units if all(u[c] is not None for c in raters)]
    table = np.array([[sum(1 for c in raters if u[c] == cat) for cat in cats] for u in full])
    fleiss = clean(fleiss_kappa(table, method="fleiss")) if full else None
    data = np.array([[np.nan if u[c] is None else code[u[c]] for u in units] for c in raters], dtype=float)
    try:
        alpha = clean(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except ValueError:
        alpha = None
    return {"units": len(units), "cohen": cohen, "fleiss": fleiss, "fleissUnits": len(full), "alpha": alpha}


def linking(docs):
    out = {}
    for a, b in itertools.combinations(CODERS, 2):
        ma = ra = mb = rb = 0
        for i in docs:
            text = TEXTS[i]
            la = [(find(text, q, o), e) for q, o, e in LINKS[i][a]]
            lb = [(find(text, q, o), e) for q, o, e in LINKS[i][b]]
            ma += sum(1 for x in la if x in lb)
            mb += sum(1 for y in lb if y in la)
            ra, rb = ra + len(la), rb + len(lb)
        if ra + rb == 0:
            continue
        p = mb / rb if rb else None
        r = ma / ra if ra else None
        f1 = 0.0 if not (p or 0) + (r or 0) else 2 * (p or 0) * (r or 0) / ((p or 0) + (r or 0))
        out[f"{a}|{b}"] = {"precision": p, "recall": r, "f1": f1,
                           "counts": {"matchedReference": ma, "reference": ra, "matchedCompared": mb, "compared": rb}}
    return out


def main():
    for i, text in enumerate(TEXTS):
        path = HERE / "fixtures" / f"labels-{i + 1}.scholia.json"
        path.write_text(json.dumps(scholia_file(i, text), ensure_ascii=False, indent=2) + "\n")
    every = list(range(len(TEXTS)))
    values = {
        "generatedBy": "document_labels.py",
        "python": platform.python_version(),
        "packages": {p: version(p) for p in ["numpy", "scikit-learn", "statsmodels", "krippendorff"]},
        "reports": [
            {"name": "all five documents", "files": [f"labels-{i + 1}" for i in every],
             "sets": {s["id"]: set_report(every, s) for s in SETS}, "linking": linking(every)},
            {"name": "the first two", "files": ["labels-1", "labels-2"],
             "sets": {s["id"]: set_report([0, 1], s) for s in SETS}, "linking": linking([0, 1])},
        ],
    }
    (HERE / "document-labels.json").write_text(json.dumps(values, indent=2) + "\n")
    print(json.dumps(values["reports"][0], indent=1))


if __name__ == "__main__":
    main()
