//! Spans by where they start: which overlap a stretch of the text, and on
//! which level a span stacks among those of its colour.
//!
//! One stacking rule for every case (a document's first paint, one edit):
//! a span goes on the lowest level where it overlaps no span of its colour
//! painted before it. Painting a document in document order this is the
//! classic sweep: nested and crossing spans go one level up, darker.

use std::collections::BTreeMap;
use std::ops::Range;

/// Spans keyed by `K`, ordered by start, each with a value.
#[derive(Debug, Clone)]
pub struct Spans<K, V> {
    by_start: BTreeMap<(usize, K), (usize, V)>,
    /// The longest span's length ever held (it only grows): how far before
    /// a stretch a span overlapping it can start.
    longest: usize,
}

impl<K: Ord + Clone, V> Default for Spans<K, V> {
    fn default() -> Self {
        Spans {
            by_start: BTreeMap::new(),
            longest: 0,
        }
    }
}

impl<K: Ord + Clone, V> Spans<K, V> {
    pub fn insert(&mut self, key: K, span: Range<usize>, value: V) {
        self.longest = self.longest.max(span.len());
        self.by_start.insert((span.start, key), (span.end, value));
    }

    /// Takes away the span of `key` that starts at `start`.
    pub fn remove(&mut self, key: &K, start: usize) -> Option<V> {
        self.by_start
            .remove(&(start, key.clone()))
            .map(|(_, value)| value)
    }
}

/// Whether two stretches share a character (an empty one: where it stands).
pub fn meets(span: &Range<usize>, window: &Range<usize>) -> bool {
    (span.start < window.end && window.start < span.end)
        || (span.is_empty() && window.contains(&span.start))
}

/// The stretch of a text of `len` code points to register around `view`:
/// `margin` on each side.
pub fn window_around(view: Range<usize>, margin: usize, len: usize) -> Range<usize> {
    view.start.saturating_sub(margin)..(view.end + margin).min(len)
}

/// Whether `window` still holds `view` with half its margin on each side
/// (or up to an end of the text): registering anew can wait.
pub fn window_holds(window: &Range<usize>, view: &Range<usize>, margin: usize, len: usize) -> bool {
    window.start <= view.start.saturating_sub(margin / 2)
        && (view.end + margin / 2).min(len) <= window.end
}

/// A key with a least value, to start a range of the map at a position.
pub trait MinKey {
    fn min_key() -> Self;
}

impl<K: Ord + Clone + MinKey, V> Spans<K, V> {
    /// The spans that share at least one character with `stretch` (an
    /// empty span counts where it stands), by start.
    pub fn overlapping(
        &self,
        stretch: Range<usize>,
    ) -> impl Iterator<Item = (&K, Range<usize>, &V)> + '_ {
        let from = stretch.start.saturating_sub(self.longest);
        let Range {
            start: first,
            end: last,
        } = stretch;
        self.by_start
            .range((from, K::min_key())..)
            .take_while(move |((start, _), _)| *start < last || (*start == last && first == last))
            .filter(move |((start, _), (end, _))| {
                *end > first || (*start == *end && *start >= first)
            })
            .map(|((start, key), (end, value))| (key, *start..*end, value))
    }
}

/// Spans with their colour and level: where a new one stacks.
impl<K: Ord + Clone + MinKey, G: Eq + Copy> Spans<K, (G, usize)> {
    /// Puts a span of colour `colour` on the lowest level where it overlaps
    /// none of that colour, and returns the level.
    pub fn place(&mut self, key: K, span: Range<usize>, colour: G) -> usize {
        let taken: Vec<usize> = self
            .overlapping(span.clone())
            .filter(|(_, other, (c, _))| {
                *c == colour && other.start < span.end && span.start < other.end
            })
            .map(|(_, _, (_, level))| *level)
            .collect();
        // The lowest level not taken (a few spans at most overlap one: no
        // sort, which would bring a sort's code into the bundle for this).
        let level = (0..=taken.len())
            .find(|level| !taken.contains(level))
            .unwrap_or(taken.len());
        self.insert(key, span, (colour, level));
        level
    }
}

impl MinKey for scholia_core::Key {
    fn min_key() -> Self {
        scholia_core::Key::new("", "")
    }
}

#[cfg(test)]
impl MinKey for u32 {
    fn min_key() -> Self {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stretch_finds_the_spans_that_reach_into_it() {
        let mut spans: Spans<u32, ()> = Spans::default();
        spans.insert(1, 0..5, ());
        spans.insert(2, 10..12, ());
        spans.insert(3, 8..40, ()); // long: starts well before 30
        spans.insert(4, 50..50, ()); // empty
        spans.insert(5, 60..70, ());
        let keys = |spans: &Spans<u32, ()>, r: Range<usize>| {
            spans.overlapping(r).map(|(k, _, _)| *k).collect::<Vec<_>>()
        };
        assert_eq!(keys(&spans, 0..1), [1]);
        assert_eq!(keys(&spans, 5..8), Vec::<u32>::new());
        assert_eq!(keys(&spans, 30..31), [3]);
        assert_eq!(keys(&spans, 4..11), [1, 3, 2]);
        assert_eq!(keys(&spans, 45..61), [4, 5]);
        assert_eq!(keys(&spans, 0..100), [1, 3, 2, 4, 5]);
        assert_eq!(spans.remove(&3, 8), Some(()));
        assert_eq!(keys(&spans, 30..31), Vec::<u32>::new());
        assert_eq!(keys(&spans, 0..100).len(), 4);
    }

    #[test]
    fn the_window_moves_when_the_view_nears_its_edge() {
        let len = 100_000;
        let window = window_around(40_000..41_000, 10_000, len);
        assert_eq!(window, 30_000..51_000);
        assert!(window_holds(&window, &(40_000..41_000), 10_000, len));
        assert!(window_holds(&window, &(35_000..46_000), 10_000, len));
        assert!(!window_holds(&window, &(34_000..35_000), 10_000, len));
        assert!(!window_holds(&window, &(46_000..46_500), 10_000, len));
        // At the ends of the text there is nothing more to register.
        let start = window_around(0..500, 10_000, len);
        assert_eq!(start, 0..10_500);
        assert!(window_holds(&start, &(0..400), 10_000, len));
        let end = window_around(99_000..100_000, 10_000, len);
        assert!(window_holds(&end, &(99_500..100_000), 10_000, len));
        assert!(meets(&(5..5), &(0..10)) && !meets(&(10..10), &(0..10)));
        assert!(meets(&(9..20), &(0..10)) && !meets(&(10..20), &(0..10)));
    }

    #[test]
    fn overlapping_spans_of_a_colour_stack_and_levels_are_reused() {
        let mut stack: Spans<u32, (char, usize)> = Spans::default();
        assert_eq!(stack.place(1, 0..10, 'a'), 0);
        assert_eq!(stack.place(2, 2..5, 'a'), 1); // nested
        assert_eq!(stack.place(3, 3..4, 'a'), 2); // nested in both
        assert_eq!(stack.place(4, 8..12, 'a'), 1); // crosses the end of 1 only
        assert_eq!(stack.place(5, 0..10, 'b'), 0); // another colour
        assert_eq!(stack.place(6, 10..11, 'a'), 0); // touching is not overlapping
        stack.remove(&1, 0);
        // Level 0 is free again under 2, 3, 4 (at 2..12).
        assert_eq!(stack.place(7, 4..9, 'a'), 0);
        assert_eq!(stack.place(8, 4..9, 'a'), 2);
    }

    #[test]
    fn a_document_in_order_stacks_as_a_sweep_does() {
        // Against the sweep over ends per level that the painter used for
        // batches, on a pseudo-random set of spans in document order.
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % n) as usize
        };
        let mut spans: Vec<Range<usize>> = (0..2000)
            .map(|_| {
                let start = next(20_000);
                start..start + 1 + next(60)
            })
            .collect();
        spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        let mut ends: Vec<usize> = Vec::new();
        let mut stack: Spans<u32, ((), usize)> = Spans::default();
        for (i, span) in spans.iter().enumerate() {
            let swept = ends
                .iter()
                .position(|&end| end <= span.start)
                .unwrap_or(ends.len());
            if swept == ends.len() {
                ends.push(0);
            }
            ends[swept] = span.end;
            assert_eq!(
                stack.place(i as u32, span.clone(), ()),
                swept,
                "span {i}: {span:?}"
            );
        }
    }
}
