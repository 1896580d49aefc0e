//! Synthetic annotators for benchmarks and the corpus generator: a text of
//! words, a "true" set of spans, and annotators who each miss, shift,
//! relabel and add spans at fixed rates. Deterministic (a seeded xorshift),
//! so runs compare.

#![allow(dead_code)]

use scholia_core::{
    AnnotatedDocument, Annotation, Document, Edit, Fragment, Key, Relation, Scheme, Timestamp,
};

const WORDS: &[&str] = &[
    "the",
    "council",
    "mayor",
    "voted",
    "bridge",
    "said",
    "Tirana",
    "budget",
    "critics",
    "claimed",
    "minister",
    "approved",
    "plan",
    "river",
    "city",
    "report",
    "police",
    "court",
    "élection",
    "naïve",
    "東京",
    "会議",
    "سلام",
    "👩‍👩‍👧",
    "🇦🇱",
    "Café",
    "strike",
    "union",
    "market",
    "school",
];

/// A small, seeded pseudo-random generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A text of `n_words` words in sentences, with the code-point range of
/// each word.
pub fn text(n_words: usize, seed: u64) -> (String, Vec<Fragment>) {
    let mut rng = Rng::new(seed);
    let mut text = String::new();
    let mut words = Vec::with_capacity(n_words);
    let mut at = 0;
    for i in 0..n_words {
        if i > 0 {
            let separator = if i % 17 == 0 { ".\r\n" } else { " " };
            text.push_str(separator);
            at += separator.chars().count();
        }
        let word = WORDS[rng.below(WORDS.len())];
        text.push_str(word);
        let n = word.chars().count();
        words.push(Fragment::new(at, at + n));
        at += n;
    }
    text.push_str(".\n");
    (text, words)
}

const LABELS: [&str; 3] = ["actor", "event", "claim"];

/// The true spans: (first word, last word, label), about one every 6 words.
fn truth(words: &[Fragment], seed: u64) -> Vec<(usize, usize, &'static str)> {
    let mut rng = Rng::new(seed ^ 0xabcdef);
    let mut spans = Vec::new();
    let mut w = 0;
    while w + 4 < words.len() {
        w += 1 + rng.below(8);
        let len = 1 + rng.below(3);
        if w + len < words.len() {
            spans.push((w, w + len - 1, LABELS[rng.below(3)]));
        }
        w += len;
    }
    spans
}

/// One annotator's document: the truth with 10% missed, 10% shifted by a
/// word, 8% relabelled and 5% spurious spans, plus a relation from each
/// claim to the actor before it.
pub fn annotator(
    text: &str,
    words: &[Fragment],
    layer: &str,
    seed: u64,
    annotator_seed: u64,
) -> AnnotatedDocument {
    let mut rng = Rng::new(seed.wrapping_add(annotator_seed * 7919));
    let mut doc = AnnotatedDocument::new(
        Document::new(format!("doc-{seed}"), text),
        Scheme::default_scheme(),
    );
    let mut edits = Vec::new();
    let mut last_actor: Option<String> = None;
    let mut n = 0;
    let mut add = |edits: &mut Vec<Edit>,
                   first: usize,
                   last: usize,
                   label: &str,
                   last_actor: &mut Option<String>| {
        n += 1;
        let id = format!("t{n}");
        let fragment = Fragment::new(words[first].start, words[last].end);
        edits.push(Edit::AddAnnotation(Annotation::new(
            Key::new(layer, id.clone()),
            label,
            fragment,
            Timestamp(0),
        )));
        if label == "claim" {
            if let Some(actor) = last_actor.take() {
                edits.push(Edit::AddRelation(Relation {
                    key: Key::new(layer, format!("r{n}")),
                    kind: "source-of".into(),
                    source: id.clone(),
                    target: actor,
                    attributes: Default::default(),
                    note: String::new(),
                    created: Timestamp(0),
                    modified: Timestamp(0),
                    foreign_id: None,
                }));
            }
        }
        if label == "actor" {
            *last_actor = Some(id);
        }
    };
    for (first, last, label) in truth(words, seed) {
        if rng.chance(10) {
            continue;
        }
        let (mut first, mut last) = (first, last);
        if rng.chance(10) {
            if rng.chance(50) && first > 0 {
                first -= 1;
            } else if last + 1 < words.len() {
                last += 1;
            }
        }
        let label = if rng.chance(8) {
            LABELS[rng.below(3)]
        } else {
            label
        };
        add(&mut edits, first, last, label, &mut last_actor);
        if rng.chance(5) {
            let w = rng.below(words.len());
            add(&mut edits, w, w, LABELS[rng.below(3)], &mut last_actor);
        }
    }
    doc.apply(Edit::Batch(edits))
        .expect("synthetic spans are valid");
    doc
}

/// `annotators` annotators' documents of one synthetic text.
pub fn annotators(
    n_words: usize,
    annotators: usize,
    seed: u64,
) -> Vec<(String, AnnotatedDocument)> {
    let (text, words) = text(n_words, seed);
    (0..annotators)
        .map(|a| {
            let name = format!("ann{:02}", a + 1);
            let doc = annotator(&text, &words, &name, seed, a as u64 + 1);
            (name, doc)
        })
        .collect()
}
