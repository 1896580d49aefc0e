//! Whole-word phrase matching over a text, for repeats, term lists, phrase
//! patterns and search's "Annotate all".
//!
//! Every phrase goes into one Aho-Corasick automaton (the `aho-corasick`
//! crate), or two when some phrases ignore case: those are matched against
//! the text folded by [`crate::library::fold`], which keeps one character
//! per character, so offsets found in it are offsets into the text. A match
//! counts only when both its ends are word boundaries of the text (UAX #29,
//! [`super::tokens::word_boundaries`], told at each match's ends by
//! [`Boundaries`]): “Iran” is never found inside
//! “Tirana” or “Iranian”. All matches are found, overlapping ones included,
//! and [`longest_first`] then keeps the longest.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use super::tokens::Boundaries;
use crate::error::Error;
use crate::library::fold;

/// A phrase to find, with what a match of it stands for (`entry`: the
/// caller's index, a term or a pattern).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub text: String,
    pub case_sensitive: bool,
    pub entry: usize,
}

/// A whole-word match: a code-point range and the entry of its phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

/// One automaton over phrases with the same case rule; each distinct
/// phrase is one pattern, with the entries that share it.
struct Automaton {
    automaton: AhoCorasick,
    entries: Vec<Vec<usize>>,
}

impl Automaton {
    fn build(phrases: Vec<(String, usize)>) -> Result<Option<Automaton>, Error> {
        if phrases.is_empty() {
            return Ok(None);
        }
        let mut index = std::collections::HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut entries: Vec<Vec<usize>> = Vec::new();
        for (text, entry) in phrases {
            let at = *index.entry(text.clone()).or_insert_with(|| {
                patterns.push(text);
                entries.push(Vec::new());
                patterns.len() - 1
            });
            entries[at].push(entry);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| Error::invalid(format!("the phrases cannot be matched: {e}")))?;
        Ok(Some(Automaton { automaton, entries }))
    }

    /// The whole-word matches in `haystack` (the text, or the text folded:
    /// the same characters one for one), by the word boundaries of `text`.
    fn find(&self, haystack: &str, text: &str, hits: &mut Vec<Hit>) {
        let matches: Vec<(usize, usize, usize)> = (self.automaton)
            .find_overlapping_iter(haystack)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        let mut boundaries = Boundaries::new(text, matches.len() * 2);
        // Code points counted from the last match's end: overlapping
        // matches are reported in the order they end.
        let (mut end_byte, mut end) = (0, 0);
        for (start_byte, to, pattern) in matches {
            if to >= end_byte {
                end += haystack[end_byte..to].chars().count();
            } else {
                end -= haystack[to..end_byte].chars().count();
            }
            end_byte = to;
            let start = end - haystack[start_byte..to].chars().count();
            if boundaries.at(start) && boundaries.at(end) {
                for &entry in &self.entries[pattern] {
                    hits.push(Hit { start, end, entry });
                }
            }
        }
    }
}

/// Phrases compiled for matching.
pub struct PhraseMatcher {
    sensitive: Option<Automaton>,
    insensitive: Option<Automaton>,
}

impl PhraseMatcher {
    /// Compiles the phrases; empty ones are ignored.
    pub fn new(phrases: impl IntoIterator<Item = Phrase>) -> Result<PhraseMatcher, Error> {
        let (mut sensitive, mut insensitive) = (Vec::new(), Vec::new());
        for phrase in phrases {
            if phrase.text.is_empty() {
                continue;
            }
            if phrase.case_sensitive {
                sensitive.push((phrase.text, phrase.entry));
            } else {
                insensitive.push((fold(&phrase.text), phrase.entry));
            }
        }
        Ok(PhraseMatcher {
            sensitive: Automaton::build(sensitive)?,
            insensitive: Automaton::build(insensitive)?,
        })
    }

    /// Every whole-word match in `text`, overlapping ones included, each
    /// once (an entry is in one automaton, which reports a pattern once at
    /// each end), in no particular order: [`longest_first`], which every
    /// caller keeps them with, orders them (sorting 300,000 hits here too
    /// was a tenth of the matching).
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        if let Some(a) = &self.sensitive {
            a.find(text, text, &mut hits);
        }
        if let Some(a) = &self.insensitive {
            a.find(&fold(text), text, &mut hits);
        }
        hits
    }
}

/// The hits that do not overlap a longer one: the longest first, then the
/// earliest (spaCy's `filter_spans` rule), returned in text order.
pub fn longest_first(mut hits: Vec<Hit>) -> Vec<Hit> {
    longest_then_earliest(&mut hits);
    // Code points taken by the hits kept so far: a hit is checked over its
    // own length, so the whole pass costs the hits' total length.
    let len = hits.iter().map(|h| h.end).max().unwrap_or(0);
    let mut taken = vec![false; len];
    let mut kept = Vec::new();
    for hit in hits {
        if !taken[hit.start..hit.end].iter().any(|&t| t) {
            taken[hit.start..hit.end].fill(true);
            kept.push(hit);
        }
    }
    kept.sort_unstable();
    kept
}

/// Sorts hits the longest first, then the earliest, then by entry: the
/// order [`longest_first`] keeps them in.
pub fn longest_then_earliest(hits: &mut [Hit]) {
    hits.sort_unstable_by_key(|h| (std::cmp::Reverse(h.end - h.start), h.start, h.entry));
}

/// Every whole-word occurrence of `needle` in `text` (code points), apart
/// from one another: what "Annotate all" tags.
pub fn find_whole_words(text: &str, needle: &str, case_sensitive: bool) -> Vec<Range<usize>> {
    let Ok(matcher) = PhraseMatcher::new([Phrase {
        text: needle.to_string(),
        case_sensitive,
        entry: 0,
    }]) else {
        return Vec::new();
    };
    longest_first(matcher.find(text))
        .into_iter()
        .map(|h| h.start..h.end)
        .collect()
}

/// The ranges that are whole words (or whole runs of words): both ends,
/// once white space is trimmed, are word boundaries of `text`. What search's
/// "Annotate all" keeps when "Snap to words" is on, so that searching
/// “Iran” never tags the “Iran” of “Tirana” or “Iranian”.
pub fn whole_words(text: &str, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    // (no table of the whole text's boundaries, nor of its characters: a
    // search's hits in a 5 MB text are told one by one)
    let n = text.chars().count();
    let mut boundaries = Boundaries::new(text, ranges.len() * 2);
    ranges
        .iter()
        .filter(|r| {
            let (start, end) = (r.start.min(n), r.end.min(n));
            if start >= end {
                return false;
            }
            let (from, to) = (boundaries.byte(start), boundaries.byte(end));
            let span = &text[from..to];
            let body = span.trim_start_matches(char::is_whitespace);
            let leading = span[..span.len() - body.len()].chars().count();
            let trailing = body[body.trim_end_matches(char::is_whitespace).len()..]
                .chars()
                .count();
            let (start, end) = (start + leading, end - trailing);
            start < end && boundaries.at(start) && boundaries.at(end)
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::tokens::word_boundaries;

    fn quotes(text: &str, ranges: &[Range<usize>]) -> Vec<String> {
        ranges
            .iter()
            .map(|r| text.chars().skip(r.start).take(r.len()).collect())
            .collect()
    }

    #[test]
    fn whole_words_only() {
        let text = "Tirana, Iranian, Iran. IRAN and iran";
        let found = find_whole_words(text, "Iran", true);
        assert_eq!(quotes(text, &found), ["Iran"]);
        assert_eq!(found, vec![17..21]);
        let found = find_whole_words(text, "Iran", false);
        assert_eq!(quotes(text, &found), ["Iran", "IRAN", "iran"]);
        // A possessive or an elision does not hide the name.
        let text = "Iran’s envoy, Iran's, l’Iran";
        assert_eq!(find_whole_words(text, "Iran", true).len(), 3);
    }

    #[test]
    fn case_folding_keeps_offsets_after_multi_character_lower_cases() {
        // “İ” lowers to two characters; fold keeps it, so offsets hold.
        let text = "İstanbul 👩‍👩‍👧 ΣΟΦΙΑ sofia Σοφια";
        let found = find_whole_words(text, "σοφια", false);
        assert_eq!(quotes(text, &found), ["ΣΟΦΙΑ", "Σοφια"]);
    }

    #[test]
    fn the_longest_overlapping_match_wins() {
        let phrases = ["New York", "York City", "New York City", "City"]
            .iter()
            .enumerate()
            .map(|(entry, text)| Phrase {
                text: text.to_string(),
                case_sensitive: true,
                entry,
            });
        let matcher = PhraseMatcher::new(phrases).unwrap();
        let hits = longest_first(matcher.find("New York City and York City"));
        let found: Vec<(usize, usize, usize)> =
            hits.iter().map(|h| (h.start, h.end, h.entry)).collect();
        assert_eq!(found, [(0, 13, 2), (18, 27, 1)]);
    }

    #[test]
    fn the_same_phrase_may_stand_for_several_entries() {
        let matcher = PhraseMatcher::new([
            Phrase {
                text: "Paris".into(),
                case_sensitive: true,
                entry: 0,
            },
            Phrase {
                text: "Paris".into(),
                case_sensitive: true,
                entry: 1,
            },
        ])
        .unwrap();
        assert_eq!(matcher.find("in Paris").len(), 2);
    }

    proptest::proptest! {
        #[test]
        fn whole_words_are_those_of_the_whole_text_table(
            pieces in proptest::collection::vec(proptest::sample::select(&["a", "Iran", " ", "\n", "'", "é", "北京", "🇦🇱", "3.14", "e\u{301}", "قال"][..]), 0..40),
            ranges in proptest::collection::vec((0usize..60, 0usize..60), 0..12),
        ) {
            let text = pieces.concat();
            let ranges: Vec<Range<usize>> = ranges.into_iter().map(|(a, b)| a..b).collect();
            // The reference: the table and the characters of the whole text.
            let table = word_boundaries(&text);
            let chars: Vec<char> = text.chars().collect();
            let expected: Vec<Range<usize>> = ranges
                .iter()
                .filter(|r| {
                    let (mut start, mut end) = (r.start.min(chars.len()), r.end.min(chars.len()));
                    while start < end && chars[start].is_whitespace() {
                        start += 1;
                    }
                    while end > start && chars[end - 1].is_whitespace() {
                        end -= 1;
                    }
                    start < end && table[start] && table[end]
                })
                .cloned()
                .collect();
            proptest::prop_assert_eq!(whole_words(&text, &ranges), expected);
        }
    }

    #[test]
    fn whole_words_keeps_hits_whose_ends_are_word_boundaries() {
        let text = "Tirana, Iranian, Iran. The Iran deal";
        let hits = [1..5, 8..12, 17..21, 22..27, 26..35, 27..31];
        assert_eq!(whole_words(text, &hits), vec![17..21, 22..27, 27..31]);
    }

    #[test]
    fn han_phrases_match_without_spaces() {
        let text = "我在北京大学学习";
        assert_eq!(find_whole_words(text, "北京", true), vec![2..4]);
    }
}
