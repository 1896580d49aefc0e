//! Offsets on a 1 MB text: building the indexes (`Text::new`), the UTF-16 ↔
//! code point conversions the app makes for every selection and highlight,
//! code point → byte lookups, and snapping selections to words and
//! graphemes. Run with `cargo bench -p scholia-core --bench offsets`.

mod corpus;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use scholia_core::text::{code_points_to_utf16, utf16_to_code_points};
use scholia_core::{Snap, Text};

const MB: usize = 1_000_000;
/// Positions looked up per iteration, spread over the whole text.
const N: usize = 10_000;

fn positions(len: usize, seed: u64) -> Vec<usize> {
    let mut rng = corpus::Rng::new(seed);
    (0..N).map(|_| rng.below(len)).collect()
}

fn offsets(c: &mut Criterion) {
    let raw = corpus::text(MB);
    let text = Text::new(&raw);
    let n_chars = text.len();
    let n_utf16: usize = raw.chars().map(char::len_utf16).sum();
    let at = positions(n_chars, 1);

    let mut g = c.benchmark_group("offsets 1 MB");
    g.throughput(Throughput::Bytes(raw.len() as u64));
    g.bench_function("Text::new", |b| b.iter(|| Text::new(black_box(&raw))));
    // The free conversions scan from the start: over a whole 1 MB text this
    // is their worst case (the app only ever calls them on one line).
    g.bench_function("utf16_to_code_points, whole text", |b| {
        b.iter(|| utf16_to_code_points(black_box(&raw), n_utf16))
    });
    g.bench_function("code_points_to_utf16, whole text", |b| {
        b.iter(|| code_points_to_utf16(black_box(&raw), n_chars))
    });

    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("byte_offset ×10k", |b| {
        b.iter(|| at.iter().map(|&i| text.byte_offset(i)).sum::<usize>())
    });
    g.bench_function("slice ×10k (20 code points)", |b| {
        b.iter(|| {
            at.iter()
                .map(|&i| text.slice(i, i + 20).len())
                .sum::<usize>()
        })
    });
    // What painting and reading a selection cost per position: code point
    // → (line, UTF-16 offset in the line), and back.
    g.bench_function("to_line_utf16 ×10k", |b| {
        b.iter(|| at.iter().map(|&i| text.to_line_utf16(i).1).sum::<usize>())
    });
    let dom: Vec<(usize, usize)> = at.iter().map(|&i| text.to_line_utf16(i)).collect();
    g.bench_function("from_line_utf16 ×10k", |b| {
        b.iter(|| {
            dom.iter()
                .map(|&(l, u)| text.from_line_utf16(l, u))
                .sum::<usize>()
        })
    });
    // A search's hits: the UTF-16 ranges JavaScript's `RegExp` reports over
    // the whole text, sorted, into code points (10,000 hits; one at the end).
    let hits = {
        let mut sorted = at.clone();
        sorted.sort_unstable();
        sorted.dedup();
        let (mut chars, mut cp, mut units) = (raw.chars(), 0, 0);
        let mut hits = Vec::with_capacity(sorted.len());
        for p in sorted {
            while cp < p {
                units += chars.next().map_or(0, char::len_utf16);
                cp += 1;
            }
            hits.push((units, units + 1));
        }
        hits
    };
    g.bench_function("ranges_from_utf16 ×10k", |b| {
        b.iter(|| text.ranges_from_utf16(black_box(&hits)).len())
    });
    g.bench_function("ranges_from_utf16, one at the end", |b| {
        b.iter(|| {
            text.ranges_from_utf16(black_box(&[(n_utf16 - 1, n_utf16)]))
                .len()
        })
    });
    let selections: Vec<(usize, usize)> = at.iter().map(|&i| (i, (i + 17).min(n_chars))).collect();
    for (name, snap) in [
        ("snap words ×10k", Snap::Words),
        ("snap graphemes ×10k", Snap::Graphemes),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                selections
                    .iter()
                    .filter_map(|&(s, e)| text.snap(s, e, snap))
                    .count()
            })
        });
    }
    // A clone shares the text and its indexes (what passing it as a
    // component property costs).
    g.bench_function("Text clone ×10k", |b| {
        b.iter(|| {
            for _ in 0..N {
                black_box(text.clone());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, offsets);
criterion_main!(benches);
