// Each benchmark uses part of the corpus.
#![allow(dead_code)]

//! A deterministic corpus for the core's benchmarks: news-like prose built
//! from the seed article's sentences, with curly quotes, dashes, accented
//! names, emoji (a ZWJ sequence and a flag among them) and some CRLF line
//! endings, one paragraph per line; and annotations over it of which about
//! 10% overlap another, like the browser benchmark's (bench/generate.mjs).

use scholia_core::format::scholia::{self, AnnotationV1, DocumentV1, FileV1};
use scholia_core::{AnnotatedDocument, Annotation, Fragment, Key, Scheme, Text, Timestamp};

const SEED: &str = include_str!("../../../../seeds/000_30a6df7a3a6d4c7e.txt");
const ASIDES: [&str; 8] = [
    " — said Zoë Brennan —",
    " (Łukasz Wąsik, in Kraków)",
    ", José Martí wrote,",
    " 🙂",
    " 👩‍💻",
    " 🇦🇱",
    ", according to Çağlar Öztürk,",
    " – Søren Kierkegård’s “view” –",
];

/// A small, seedable generator (xorshift64*), the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }
}

/// About `bytes` bytes of text (UTF-8), one paragraph per line.
pub fn text(bytes: usize) -> String {
    let sentences: Vec<&str> = SEED
        .lines()
        .flat_map(|line| line.split_inclusive(". "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let mut rng = Rng::new(0x005c_011a);
    let mut text = String::with_capacity(bytes + 1024);
    let mut line = 0;
    while text.len() < bytes {
        for _ in 0..2 + rng.below(4) {
            text.push_str(sentences[rng.below(sentences.len())]);
            if rng.below(3) == 0 {
                text.push_str(ASIDES[rng.below(ASIDES.len())]);
            }
            text.push(' ');
        }
        text.pop();
        line += 1;
        text.push_str(if line % 37 == 0 { "\r\n" } else { "\n" });
    }
    text
}

/// Word spans `[start, end)` in code points, grouped by line.
fn words_by_line(text: &str) -> Vec<Vec<(usize, usize)>> {
    let mut lines = vec![Vec::new()];
    let mut start = None;
    let mut previous = '\0';
    for (i, c) in text.chars().enumerate() {
        if c == ' ' || c == '\n' || c == '\r' {
            if let Some(s) = start.take() {
                if let Some(line) = lines.last_mut() {
                    line.push((s, i));
                }
            }
            if c == '\n' || c == '\r' && previous != '\r' {
                lines.push(Vec::new());
            }
        } else if start.is_none() {
            start = Some(i);
        }
        previous = c;
    }
    lines.retain(|l| !l.is_empty());
    lines
}

/// A document of about `bytes` bytes with `count` annotations in one layer,
/// about 10% of them overlapping another, read through the native format's
/// checks.
pub fn annotated(bytes: usize, count: usize) -> AnnotatedDocument {
    let text = self::text(bytes);
    let indexed = Text::new(&text);
    let words: Vec<(usize, usize, usize)> = words_by_line(&text)
        .iter()
        .flat_map(|line| {
            let end = line.last().map_or(0, |w| w.1);
            line.iter().map(move |&(s, e)| (s, e, end))
        })
        .collect();
    let mut rng = Rng::new(count as u64 * 7919 + bytes as u64);
    let overlapping = count / 20;
    let base = count - overlapping;
    let stride = words.len() / base;
    assert!(
        stride >= 5,
        "{count} annotations do not fit in {bytes} bytes"
    );
    let labels = ["actor", "event", "claim"];
    let mut spans = Vec::with_capacity(count);
    for k in 0..base {
        let first = k * stride + rng.below(stride - 4);
        let (start, _, line_end) = words[first];
        let n = 1 + rng.below(3);
        let end = words[first..first + n]
            .iter()
            .take_while(|w| w.1 <= line_end)
            .last()
            .map_or(words[first].1, |w| w.1);
        spans.push((start, end, labels[rng.below(3)]));
    }
    // Each overlapping span starts inside a distinct base span and ends one
    // word after it (or at its end, on the line's last word).
    for k in 0..overlapping {
        let (start, end, _) = spans[k * (base / overlapping)];
        let inside = (start + end).div_ceil(2).max(start + 1).min(end - 1);
        let at = words.partition_point(|w| w.1 <= inside);
        let inner_start = if words[at].0 < end {
            words[at].0
        } else {
            start
        };
        let after = words.partition_point(|w| w.0 < end);
        let outer_end = match words.get(after) {
            Some(w) if w.1 <= words[at].2 => w.1,
            _ => end,
        };
        spans.push((inner_start, outer_end, labels[rng.below(3)]));
    }
    let now = Timestamp(1_767_225_600_000);
    let annotations: Vec<AnnotationV1> = spans
        .iter()
        .enumerate()
        .map(|(i, &(start, end, label))| {
            let key = Key::new("annotator", format!("a{i:05}"));
            let annotation = Annotation::new(key, label, Fragment::new(start, end), now);
            scholia::annotation_to_record(&indexed, &annotation)
        })
        .collect();
    let file = FileV1 {
        format: scholia::FORMAT.into(),
        version: scholia::VERSION,
        generator: None,
        document: DocumentV1 {
            id: "bench".into(),
            title: "Benchmark".into(),
            length: indexed.len(),
            sha256: indexed.sha256().into(),
            text,
        },
        scheme: scholia::scheme_to_file(&Scheme::default_scheme()),
        annotations,
        relations: Vec::new(),
        document_labels: Vec::new(),
        entities: Vec::new(),
    };
    scholia::from_file(file).expect("the benchmark corpus is a valid document")
}
