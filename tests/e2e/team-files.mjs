// Three annotators' exports of the seed article, made from the app's own
// export of it (so that the document and scheme are exactly the app's),
// with agreements and every kind of disagreement between them:
//
//   Albanian special forces police   alice, bob, carol: Actor          agreement
//   Iranian Embassy                  alice “Iranian Embassy”, bob “the Iranian Embassy”: Actor; carol nothing
//                                                                      overlapping
//   cyberattack (1st)                alice, bob: Event; carol: Claim   same span, other label
//   the Tehran regime                bob, carol: Actor; alice nothing  same span and label, not by all
//   Edi Rama                         alice, bob, carol: Actor          agreement
//   “undeniable evidence”            alice: Claim (source of → Edi Rama)
//                                                                      only one annotator
//   Iran condemned the expulsion     carol: Event                      only one annotator
//   Manez                            carol: a label named like markup  only one annotator
//
// bob's file keeps the app's default layer ("annotator"), as an annotator
// who never set a name exports it: the merge names it after the file.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The `nth` occurrence of `needle` in `text`, as code-point offsets. */
export function spanOf(text, needle, nth = 0) {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`“${needle}” (${nth}) is not in the text`);
  }
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...needle].length, quote: needle };
}

/** A label whose name is markup: it must stay text everywhere. */
export const EVIL_NAME = '<img src=x onerror="window.pwned=1">';
const EVIL_LABEL = { id: 'evil', name: EVIL_NAME, color: '#9467bd' };

export const TEAM = {
  alice: {
    file: 'alice.scholia.json',
    layer: 'alice',
    spans: [
      ['actor', 'Albanian special forces police'],
      ['actor', 'Iranian Embassy'],
      ['event', 'cyberattack'],
      ['actor', 'Edi Rama'],
      ['claim', '“undeniable evidence”'],
    ],
    relations: [['source-of', 4, 3]],
  },
  bob: {
    file: 'bob.json',
    layer: 'annotator',
    spans: [
      ['actor', 'Albanian special forces police'],
      ['actor', 'the Iranian Embassy'],
      ['event', 'cyberattack'],
      ['actor', 'the Tehran regime'],
      ['actor', 'Edi Rama'],
    ],
    relations: [],
  },
  carol: {
    file: 'carol.json',
    layer: 'carol',
    labels: [EVIL_LABEL],
    spans: [
      ['actor', 'Albanian special forces police'],
      ['claim', 'cyberattack'],
      ['actor', 'the Tehran regime'],
      ['actor', 'Edi Rama'],
      ['event', 'Iran condemned the expulsion'],
      ['evil', 'Manez'],
    ],
    relations: [],
  },
};

/** One annotator's export: the base file with their spans and relations. */
export function annotatorFile(base, { layer, spans, relations = [], labels = [] }) {
  const text = base.document.text;
  const time = '2026-11-20T10:00:00.000Z';
  const annotations = spans.map(([label, needle, nth = 0], i) => ({
    id: `${layer}-${i + 1}`, layer, label, fragments: [spanOf(text, needle, nth)], created: time, modified: time,
  }));
  return {
    ...base,
    scheme: { ...base.scheme, labels: [...base.scheme.labels, ...labels] },
    annotations,
    relations: relations.map(([type, source, target], i) => ({
      id: `${layer}-r${i + 1}`, layer, type, source: annotations[source].id, target: annotations[target].id,
      created: time, modified: time,
    })),
  };
}

/** Writes the three files into `dir`; returns their paths (alice, bob, carol). */
export async function writeTeamFiles(dir, base) {
  const paths = [];
  for (const who of Object.values(TEAM)) {
    const path = join(dir, who.file);
    await writeFile(path, JSON.stringify(annotatorFile(base, who), null, 2));
    paths.push(path);
  }
  return paths;
}
