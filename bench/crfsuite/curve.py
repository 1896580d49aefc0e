"""CRFsuite's learning curve on a CoNLL corpus: the anchor of Scholia's
tagger benchmark (docs/suggestions.md).

The classic sklearn-crfsuite tutorial's features (word2features), without
the part-of-speech column (a team's own annotations have none), and its
settings: L-BFGS, c1 = c2 = 0.1, 100 iterations, all possible transitions.
Trains on the first 100, 500 and 2,000 sentences and the whole training
file, and prints entity-level precision, recall and micro F1 on the test
file (exact span and label, chunks read as conlleval reads them), with
training time.

    python3 -m venv /tmp/crfvenv && /tmp/crfvenv/bin/pip install -r bench/crfsuite/requirements.txt
    /tmp/crfvenv/bin/python bench/crfsuite/curve.py ../shared/corpora/conll2002-es/esp.train ../shared/corpora/conll2002-es/esp.testb
"""

import sys
import time

import sklearn_crfsuite


def read(path):
    """Sentences of (word, tag), the tag in the last column; latin-1."""
    sentences, sentence = [], []
    with open(path, encoding="latin-1") as f:
        for line in f:
            columns = line.split()
            if not columns:
                if sentence:
                    sentences.append(sentence)
                sentence = []
            elif columns[0] != "-DOCSTART-":
                sentence.append((columns[0], columns[-1]))
    if sentence:
        sentences.append(sentence)
    return sentences


def word2features(sent, i):
    word = sent[i][0]
    features = {
        "bias": 1.0,
        "word.lower()": word.lower(),
        "word[-3:]": word[-3:],
        "word[-2:]": word[-2:],
        "word.isupper()": word.isupper(),
        "word.istitle()": word.istitle(),
        "word.isdigit()": word.isdigit(),
    }
    if i > 0:
        word1 = sent[i - 1][0]
        features.update({
            "-1:word.lower()": word1.lower(),
            "-1:word.istitle()": word1.istitle(),
            "-1:word.isupper()": word1.isupper(),
        })
    else:
        features["BOS"] = True
    if i < len(sent) - 1:
        word1 = sent[i + 1][0]
        features.update({
            "+1:word.lower()": word1.lower(),
            "+1:word.istitle()": word1.istitle(),
            "+1:word.isupper()": word1.isupper(),
        })
    else:
        features["EOS"] = True
    return features


def sent2features(sent):
    return [word2features(sent, i) for i in range(len(sent))]


def chunks(tags):
    """(start, end, label) of each entity, as conlleval reads IOB1/IOB2:
    B- begins one, I- continues one of the same label and else begins one."""
    found, open_ = [], None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, label = tag.partition("-")
        if open_ and (prefix != "I" or label != open_[1]):
            found.append((open_[0], i, open_[1]))
            open_ = None
        if prefix in ("B", "I") and open_ is None:
            open_ = (i, label)
    return found


def score(gold_sents, predicted_sents):
    gold, predicted = set(), set()
    for n, (g, p) in enumerate(zip(gold_sents, predicted_sents)):
        gold.update((n,) + c for c in chunks(g))
        predicted.update((n,) + c for c in chunks(p))
    correct = len(gold & predicted)
    precision = correct / len(predicted) if predicted else 0.0
    recall = correct / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main():
    train, test = read(sys.argv[1]), read(sys.argv[2])
    x_test = [sent2features(s) for s in test]
    y_test = [[t for _, t in s] for s in test]
    print("training sentences | tokens | precision | recall | micro F1 | training time (s)")
    print("---:|---:|---:|---:|---:|---:")
    for size in (100, 500, 2000, len(train)):
        part = train[:size]
        x = [sent2features(s) for s in part]
        y = [[t for _, t in s] for s in part]
        crf = sklearn_crfsuite.CRF(
            algorithm="lbfgs", c1=0.1, c2=0.1, max_iterations=100, all_possible_transitions=True
        )
        started = time.perf_counter()
        crf.fit(x, y)
        seconds = time.perf_counter() - started
        p, r, f = score(y_test, crf.predict(x_test))
        tokens = sum(len(s) for s in part)
        print(f"{len(part)} | {tokens} | {100 * p:.2f} | {100 * r:.2f} | {100 * f:.2f} | {seconds:.2f}")


if __name__ == "__main__":
    main()
