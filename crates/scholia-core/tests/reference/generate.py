#!/usr/bin/env python3
"""Reference values for Scholia's agreement metrics, from independent
implementations: scikit-learn (Cohen's kappa, confusion matrix), statsmodels
(Fleiss' kappa), krippendorff (nominal alpha) and krippendorff-unitized-alpha
(the _uα of Krippendorff et al. 2016). Span and relation matching follow the
definitions in docs/agreement.md and are written here from scratch, without
Scholia's code.

Writes fixtures/*.scholia.json (three annotators' work on small documents)
and values.json, which crates/scholia-core/tests/it/agreement.rs reads.

Run from this folder:
    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install -r requirements.txt
    /tmp/refvenv/bin/python generate.py
"""

import hashlib
import itertools
import json
import math
import platform
import re
import warnings
from importlib.metadata import version
from pathlib import Path

import numpy as np
import krippendorff
from krippendorff_unitized_alpha.krippendorffs_unitized_alpha import KrippendorffUnitizedAlpha, Segment, EMPTY_TAG
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa

HERE = Path(__file__).resolve().parent
warnings.filterwarnings("ignore")


def clean(x):
    """None for undefined values (NaN), a float otherwise."""
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


# ---------------------------------------------------------------------------
# Published worked examples, recomputed by the independent packages.

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the
# 4 observers x 12 units example with missing values: nominal alpha = 0.743.
K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]

# Fleiss (1971), "Measuring nominal scale agreement among many raters",
# Psychological Bulletin 76(5), p. 379: 30 subjects, 6 ratings each, five
# categories: kappa = 0.430; per category 0.248, 0.248, 0.517, 0.470, 0.565.
F1971 = [
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5],
    [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4],
    [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4],
    [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5],
    [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4],
    [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
]

# Cohen (1960), "A coefficient of agreement for nominal scales", p. 45:
# 200 units, three categories: kappa = 0.492.
C1960 = [[88, 14, 18], [10, 40, 10], [2, 6, 12]]


def published():
    data = np.array([[np.nan if v is None else v for v in row] for row in K2011], dtype=float)
    k2011 = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")

    counts = [[row.count(c) for c in range(1, 6)] for row in F1971]
    f1971 = fleiss_kappa(np.array(counts), method="fleiss")
    per_category = []
    for c in range(5):
        binary = [[r[c], 6 - r[c]] for r in counts]
        per_category.append(fleiss_kappa(np.array(binary), method="fleiss"))

    a, b = [], []
    for i, row in enumerate(C1960):
        for j, n in enumerate(row):
            a += [i] * n
            b += [j] * n
    c1960 = cohen_kappa_score(a, b)
    return {
        "krippendorff2011": {
            "source": "Krippendorff (2011), Computing Krippendorff's Alpha-Reliability, 4 observers x 12 units",
            "data": K2011,
            "published": 0.743,
            "independent": clean(k2011),
        },
        "fleiss1971": {
            "source": "Fleiss (1971), Psychological Bulletin 76(5): 378-382, p. 379",
            "ratings": F1971,
            "published": 0.430,
            "publishedPerCategory": [0.248, 0.248, 0.517, 0.470, 0.565],
            "independent": clean(f1971),
            "independentPerCategory": [clean(x) for x in per_category],
        },
        "cohen1960": {
            "source": "Cohen (1960), Educational and Psychological Measurement 20(1): 37-46, p. 45",
            "table": C1960,
            "published": 0.492,
            "independent": clean(c1960),
        },
    }


# ---------------------------------------------------------------------------
# Unitizing: continua given as units per annotator, values as strings.

UNITIZING_CASES = [
    {
        "name": "Krippendorff (2004) p. 254 data, label c (continuum 150-450 shifted to 0-300)",
        "length": 300,
        "annotators": [[[75, 145, "c"], [220, 250, "c"]], [[70, 150, "c"], [205, 225, "c"], [250, 270, "c"]]],
    },
    {
        "name": "three annotators, two values",
        "length": 40,
        "annotators": [
            [[2, 6, "a"], [10, 15, "b"], [20, 30, "a"]],
            [[2, 6, "a"], [9, 15, "b"], [22, 30, "b"]],
            [[3, 6, "a"], [10, 14, "a"], [20, 31, "a"], [35, 38, "b"]],
        ],
    },
    {
        "name": "four annotators, one of whom marked nothing",
        "length": 60,
        "annotators": [
            [[0, 10, "x"], [30, 42, "y"]],
            [[1, 10, "x"], [30, 40, "y"], [50, 55, "x"]],
            [[0, 12, "x"], [31, 42, "x"]],
            [],
        ],
    },
]


def partition(length, units):
    """Units (start, end, value) sorted, gaps filled with EMPTY_TAG."""
    segments, at = [], 0
    for start, end, value in sorted(units):
        if start > at:
            segments.append(Segment(EMPTY_TAG, at, start))
        segments.append(Segment(value, start, end))
        at = end
    if at < length:
        segments.append(Segment(EMPTY_TAG, at, length))
    return segments


def u_alpha(data):
    try:
        return clean(KrippendorffUnitizedAlpha(data).result)
    except (ZeroDivisionError, FloatingPointError):
        return None


def unitizing_cases():
    out = []
    for case in UNITIZING_CASES:
        data = {str(i): partition(case["length"], [tuple(u) for u in units])
                for i, units in enumerate(case["annotators"])}
        out.append({**case, "independent": u_alpha(data)})
    return out


# ---------------------------------------------------------------------------
# Documents: three annotators on small texts, written as Scholia files.

SCHEME = {
    "labels": [
        {"id": "actor", "name": "Actor", "color": "#1f77b4"},
        {"id": "event", "name": "Event", "color": "#e07b00"},
        {"id": "claim", "name": "Claim", "color": "#2ca02c"},
    ],
    "relationTypes": [
        {"id": "source-of", "name": "source of", "sourceLabels": ["claim"], "targetLabels": ["actor"]},
        {"id": "participant", "name": "participant", "sourceLabels": ["actor"], "targetLabels": ["event"]},
        {"id": "about", "name": "about", "sourceLabels": ["claim"], "targetLabels": ["event"]},
    ],
}
LABEL_NAMES = {l["id"]: l["name"] for l in SCHEME["labels"]}
LABEL_ORDER = [l["id"] for l in SCHEME["labels"]]
KIND_NAMES = {r["id"]: r["name"] for r in SCHEME["relationTypes"]}

TEXT1 = ("Rama met the mayor of Tirana on Monday. The mayor said the new bridge will open in May, "
         "and Rama praised the plan. Critics claimed the bridge cost too much.\n")
TEXT2 = ("The council voted on Friday. Ana said the vote was fair, but Ben called it rushed. "
         "The mayor signed the budget and the council approved it.\n")

# Each span: (id, label, [(quote, occurrence), ...]); relations: (id, type, source id, target id).
DOC1 = {
    "alice": (
        [("a1", "actor", [("Rama", 0)]),
         ("a2", "event", [("met the mayor of Tirana on Monday", 0)]),
         ("a3", "actor", [("the mayor of Tirana", 0)]),
         ("a4", "claim", [("the new bridge will open in May", 0)]),
         ("a5", "actor", [("The mayor", 0)]),
         ("a6", "actor", [("Rama", 1)]),
         ("a7", "event", [("praised the plan", 0)]),
         ("a8", "claim", [("the bridge cost too much", 0)]),
         ("a9", "actor", [("Critics", 0)])],
        [("r1", "participant", "a1", "a2"), ("r2", "source-of", "a4", "a5"),
         ("r3", "source-of", "a8", "a9"), ("r4", "participant", "a6", "a7")],
    ),
    "bob": (
        [("b1", "actor", [("Rama", 0)]),
         ("b2", "event", [("met", 0)]),
         ("b3", "actor", [("the mayor", 0)]),
         ("b4", "actor", [("Tirana", 0)]),
         ("b5", "claim", [("the new bridge will open in May", 0)]),
         ("b6", "actor", [("The mayor", 0)]),
         ("b7", "actor", [("Rama", 1)]),
         ("b8", "event", [("praised", 0), ("plan", 0)]),
         ("b9", "event", [("claimed", 0)]),
         ("b10", "actor", [("Critics", 0)])],
        [("r1", "participant", "b1", "b2"), ("r2", "source-of", "b5", "b6"),
         ("r3", "participant", "b7", "b8")],
    ),
    "carol": (
        [("c1", "event", [("Rama", 0)]),
         ("c2", "event", [("met the mayor of Tirana on Monday", 0)]),
         ("c3", "actor", [("the mayor of Tirana", 0)]),
         ("c4", "claim", [("The mayor said the new bridge will open in May", 0)]),
         ("c5", "actor", [("The mayor", 0)]),
         ("c6", "actor", [("Rama", 1)]),
         ("c7", "event", [("praised the plan", 0)]),
         ("c8", "claim", [("Critics claimed the bridge cost too much", 0)]),
         ("c9", "actor", [("Critics", 0)])],
        [("r1", "participant", "c3", "c2"), ("r2", "source-of", "c4", "c5"),
         ("r3", "participant", "c6", "c7"), ("r4", "source-of", "c8", "c9")],
    ),
}
DOC2 = {
    "alice": (
        [("a1", "actor", [("The council", 0)]),
         ("a2", "event", [("voted", 0)]),
         ("a3", "actor", [("Ana", 0)]),
         ("a4", "claim", [("the vote was fair", 0)]),
         ("a5", "actor", [("Ben", 0)]),
         ("a6", "actor", [("The mayor", 0)]),
         ("a7", "event", [("signed the budget", 0)])],
        [("r1", "participant", "a1", "a2"), ("r2", "source-of", "a4", "a3")],
    ),
    "bob": (
        [("b1", "actor", [("The council", 0)]),
         ("b2", "event", [("voted on Friday", 0)]),
         ("b3", "actor", [("Ana", 0)]),
         ("b4", "claim", [("the vote was fair", 0)]),
         ("b5", "actor", [("Ben", 0)]),
         ("b6", "claim", [("called it rushed", 0)]),
         ("b7", "actor", [("mayor", 0)]),
         ("b8", "event", [("approved", 0)])],
        [("r1", "source-of", "b4", "b3"), ("r2", "source-of", "b6", "b5")],
    ),
    "carol": (
        [("c1", "actor", [("council", 0)]),
         ("c2", "event", [("voted", 0)]),
         ("c3", "actor", [("Ana", 0)]),
         ("c4", "claim", [("said the vote was fair", 0)]),
         ("c5", "actor", [("The mayor", 0)]),
         ("c6", "event", [("signed", 0)]),
         ("c7", "actor", [("the council", 0)]),
         ("c8", "event", [("approved it", 0)])],
        [("r1", "participant", "c1", "c2"), ("r2", "participant", "c7", "c8")],
    ),
}
# The second document again, annotated by two of the three only.
DOC3 = {k: v for k, v in DOC2.items() if k != "carol"}


def find(text, quote, occurrence):
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(quote, at + 1)
    return at, at + len(quote)


def build(doc_id, text, layers):
    """The document in Python terms and as a Scholia file."""
    spans, relations = {}, {}
    records, rel_records = [], []
    for layer, (anns, rels) in layers.items():
        spans[layer] = []
        for aid, label, parts in anns:
            fragments = sorted(find(text, q, o) for q, o in parts)
            spans[layer].append((aid, label, fragments))
            records.append({
                "id": aid, "layer": layer, "label": label,
                "fragments": [{"start": s, "end": e, "quote": text[s:e]} for s, e in fragments],
                "created": "2026-01-05T10:00:00.000Z", "modified": "2026-01-05T10:00:00.000Z",
            })
        relations[layer] = rels
        for rid, kind, src, tgt in rels:
            rel_records.append({
                "id": rid, "layer": layer, "type": kind, "source": src, "target": tgt,
                "created": "2026-01-05T10:00:00.000Z", "modified": "2026-01-05T10:00:00.000Z",
            })
    file = {
        "format": "scholia", "version": 1,
        "document": {"id": doc_id, "title": text.split(".")[0], "text": text, "length": len(text),
                     "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()},
        "scheme": SCHEME, "annotations": records, "relations": rel_records,
    }
    return {"text": text, "spans": spans, "relations": relations}, file


def tokenize(text):
    # For these ASCII texts (no apostrophes, no dotted abbreviations) this is
    # exactly what Unicode word segmentation gives.
    return [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text)]


def category(labels):
    if not labels:
        return "O"
    return " + ".join(LABEL_NAMES[l] for l in LABEL_ORDER if l in labels)


def token_values(doc, coder):
    values = []
    for ts, te in tokenize(doc["text"]):
        labels = {label for _, label, frags in doc["spans"][coder]
                  if any(s < te and ts < e for s, e in frags)}
        values.append(labels)
    return values


def merged_intervals(fragments):
    out = []
    for s, e in sorted(fragments):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def coder_partition(doc, coder, offset, only=None):
    """Segments of one annotator: per-label merged units, cut where labels
    overlap, value = the labels covering each piece."""
    by_label = {}
    for _, label, frags in doc["spans"].get(coder, []):
        if only is None or label == only:
            by_label.setdefault(label, []).extend(frags)
    units = [(s, e, label) for label, frags in by_label.items() for s, e in merged_intervals(frags)]
    length = len(doc["text"])
    cuts = sorted({0, length} | {s for s, _, _ in units} | {e for _, e, _ in units})
    segments = []
    for a, b in zip(cuts, cuts[1:]):
        labels = {l for s, e, l in units if s <= a and b <= e}
        tag = category(labels) if labels else EMPTY_TAG
        segments.append(Segment(tag, a + offset, b + offset))
    return segments


def overlap(f, g):
    return any(s < e2 and s2 < e for s, e in f for s2, e2 in g)


def counts(a, b, match):
    return {
        "matchedReference": sum(1 for x in a if any(match(x, y) for y in b)),
        "reference": len(a),
        "matchedCompared": sum(1 for y in b if any(match(x, y) for x in a)),
        "compared": len(b),
    }


def add(c, d):
    return {k: c[k] + d[k] for k in c}


ZERO = {"matchedReference": 0, "reference": 0, "matchedCompared": 0, "compared": 0}


def scores(c):
    p = c["matchedCompared"] / c["compared"] if c["compared"] else None
    r = c["matchedReference"] / c["reference"] if c["reference"] else None
    if c["reference"] + c["compared"] == 0:
        f = None
    else:
        pp, rr = p or 0.0, r or 0.0
        f = 2 * pp * rr / (pp + rr) if pp + rr > 0 else 0.0
    return {"precision": p, "recall": r, "f1": f}


def report(docs, scope="allTokens"):
    coders = sorted({c for d in docs for c in d["spans"]})
    pairs = list(itertools.combinations(coders, 2))
    # Tokens: one unit per token per document; values per coder (None: absent).
    units = []
    for d in docs:
        vals = {c: token_values(d, c) for c in coders if c in d["spans"]}
        for t in range(len(tokenize(d["text"]))):
            unit = {c: (frozenset(vals[c][t]) if c in vals else None) for c in coders}
            present = [v for v in unit.values() if v is not None]
            if len(present) < 2:
                continue
            if scope == "labelledTokens" and all(not v for v in present):
                continue
            units.append(unit)
    cats = sorted({category(v) for u in units for v in u.values() if v is not None})
    code = {c: i for i, c in enumerate(cats)}
    out = {"annotators": coders, "tokens": len(units), "cohen": {}, "perLabel": {}}
    for a, b in pairs:
        both = [u for u in units if u[a] is not None and u[b] is not None]
        out["cohen"][f"{a}|{b}"] = clean(cohen_kappa_score([category(u[a]) for u in both],
                                                           [category(u[b]) for u in both]))
    full = [u for u in units if all(v is not None for v in u.values())]
    table = np.array([[sum(1 for v in u.values() if category(v) == c) for c in cats] for u in full])
    out["fleiss"] = clean(fleiss_kappa(table, method="fleiss")) if len(full) else None
    out["fleissTokens"] = len(full)
    data = np.array([[np.nan if u[c] is None else code[category(u[c])] for u in units] for c in coders], dtype=float)
    out["alpha"] = clean(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    used = [l for l in LABEL_ORDER if any(l == lab for d in docs for c in d["spans"] for _, lab, _ in d["spans"][c])]
    for label in used:
        kappas = []
        for a, b in pairs:
            both = [u for u in units if u[a] is not None and u[b] is not None]
            k = clean(cohen_kappa_score([label in u[a] for u in both], [label in u[b] for u in both]))
            if k is not None:
                kappas.append(k)
        bt = np.array([[sum(1 for v in u.values() if label in v), sum(1 for v in u.values() if label not in v)] for u in full])
        bdata = np.array([[np.nan if u[c] is None else float(label in u[c]) for u in units] for c in coders])
        try:
            balpha = clean(krippendorff.alpha(reliability_data=bdata, level_of_measurement="nominal"))
        except ValueError:
            balpha = None
        out["perLabel"][LABEL_NAMES[label]] = {
            "cohenMean": sum(kappas) / len(kappas) if kappas else None,
            "fleiss": clean(fleiss_kappa(bt, method="fleiss")) if len(full) else None,
            "alpha": balpha,
        }
    # Spans and relations, pair by pair, summed over documents.
    exact = lambda x, y: x[1] == y[1] and x[2] == y[2]
    lapping = lambda x, y: x[1] == y[1] and overlap(x[2], y[2])
    span_pairs, rel_pairs = {}, {}
    ex_total, ov_total, rel_total = dict(ZERO), dict(ZERO), dict(ZERO)
    ex_label = {l: dict(ZERO) for l in used}
    ov_label = {l: dict(ZERO) for l in used}
    rel_kind = {}
    for a, b in pairs:
        e_pair, o_pair, r_pair = dict(ZERO), dict(ZERO), dict(ZERO)
        for d in docs:
            if a not in d["spans"] or b not in d["spans"]:
                continue
            A = [(i, l, [tuple(f) for f in fr]) for i, l, fr in d["spans"][a]]
            B = [(i, l, [tuple(f) for f in fr]) for i, l, fr in d["spans"][b]]
            for label in used:
                la = [x for x in A if x[1] == label]
                lb = [y for y in B if y[1] == label]
                ce, co = counts(la, lb, exact), counts(la, lb, lapping)
                ex_label[label] = add(ex_label[label], ce)
                ov_label[label] = add(ov_label[label], co)
                e_pair, o_pair = add(e_pair, ce), add(o_pair, co)
            frags = {c: {i: fr for i, _, fr in (A if c == a else B)} for c in (a, b)}
            rel = {c: [(k, tuple(frags[c][s]), tuple(frags[c][t])) for _, k, s, t in d["relations"][c]] for c in (a, b)}
            for kind in sorted({r[0] for c in (a, b) for r in rel[c]}):
                ra = [r for r in rel[a] if r[0] == kind]
                rb = [r for r in rel[b] if r[0] == kind]
                cr = counts(ra, rb, lambda x, y: x == y)
                rel_kind[kind] = add(rel_kind.get(kind, dict(ZERO)), cr)
                r_pair = add(r_pair, cr)
        span_pairs[f"{a}|{b}"] = {"exact": scores(e_pair), "overlap": scores(o_pair)}
        rel_pairs[f"{a}|{b}"] = scores(r_pair)
        ex_total, ov_total, rel_total = add(ex_total, e_pair), add(ov_total, o_pair), add(rel_total, r_pair)
    out["spans"] = {
        "pairs": span_pairs, "exact": scores(ex_total), "overlap": scores(ov_total),
        "perLabel": {LABEL_NAMES[l]: {"exact": scores(ex_label[l]), "overlap": scores(ov_label[l])} for l in used},
    }
    out["relations"] = {"pairs": rel_pairs, "overall": scores(rel_total),
                        "perType": {KIND_NAMES[k]: scores(c) for k, c in rel_kind.items()}}
    # Confusion: first annotator of each pair in rows, summed over pairs.
    confusion = {}
    for a, b in pairs:
        both = [u for u in units if u[a] is not None and u[b] is not None]
        ya, yb = [category(u[a]) for u in both], [category(u[b]) for u in both]
        for x, y in zip(ya, yb):
            confusion[f"{x}|{y}"] = confusion.get(f"{x}|{y}", 0) + 1
    out["confusion"] = confusion
    # Unitizing: the documents end to end as one continuum (only when every
    # document has every annotator: the package takes one set of annotators).
    if all(set(d["spans"]) == set(coders) for d in docs):
        offsets = list(itertools.accumulate([0] + [len(d["text"]) for d in docs]))
        data = {c: [s for d, off in zip(docs, offsets) for s in coder_partition(d, c, off)] for c in coders}
        out["unitizing"] = u_alpha(data)
        out["unitizingPerLabel"] = {}
        for label in used:
            data = {c: [s for d, off in zip(docs, offsets) for s in coder_partition(d, c, off, only=label)] for c in coders}
            out["unitizingPerLabel"][LABEL_NAMES[label]] = u_alpha(data)
    return out


def main():
    docs = {}
    for name, doc_id, text, layers in [("doc1", "doc-1", TEXT1, DOC1), ("doc2", "doc-2", TEXT2, DOC2),
                                       ("doc3", "doc-2", TEXT2, DOC3)]:
        doc, file = build(doc_id, text, layers)
        docs[name] = doc
        (HERE / "fixtures" / f"{name}.scholia.json").write_text(json.dumps(file, ensure_ascii=False, indent=2) + "\n")
    values = {
        "generatedBy": "generate.py",
        "python": platform.python_version(),
        "packages": {p: version(p) for p in ["numpy", "scikit-learn", "statsmodels", "krippendorff",
                                                 "krippendorff-unitized-alpha"]},
        "published": published(),
        "unitizing": unitizing_cases(),
        "reports": [
            {"name": "doc1", "files": ["doc1"], "scope": "allTokens", "values": report([docs["doc1"]])},
            {"name": "doc1, labelled tokens only", "files": ["doc1"], "scope": "labelledTokens",
             "values": report([docs["doc1"]], "labelledTokens")},
            {"name": "doc1 + doc2", "files": ["doc1", "doc2"], "scope": "allTokens",
             "values": report([docs["doc1"], docs["doc2"]])},
            {"name": "doc1 + doc3 (carol did not annotate doc3)", "files": ["doc1", "doc3"], "scope": "allTokens",
             "values": report([docs["doc1"], docs["doc3"]])},
        ],
    }
    (HERE / "values.json").write_text(json.dumps(values, indent=2) + "\n")
    print(json.dumps(values["published"], indent=1)[:2000])
    for r in values["reports"]:
        v = r["values"]
        print(r["name"], "alpha", v["alpha"], "fleiss", v["fleiss"], "uα", v.get("unitizing"))


if __name__ == "__main__":
    main()
