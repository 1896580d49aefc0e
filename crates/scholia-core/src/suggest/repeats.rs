//! Repeats: every other occurrence of a mention someone tagged, in this
//! document or from others of the library.
//!
//! Occurrences are whole words ([`super::matcher`]), in the case chosen; an
//! occurrence that overlaps an annotation of the same label (in any layer)
//! is not proposed, nor one a decision has settled. When a text was tagged
//! with several labels, each label is proposed with the share of the
//! taggings it had as its confidence.
//!
//! In two steps, so that the costly one runs off the page: [`occurrences`]
//! matches the mentions' distinct texts ([`phrases`]) over the whole text;
//! [`from_occurrences`] turns those hits into what the mentions propose now
//! (their labels, confidences, the annotations and decisions that block).

use std::collections::BTreeMap;

use super::matcher::{longest_then_earliest, Hit, Phrase, PhraseMatcher};
use super::{Blocked, Decisions, LabelBlocked, Source, Suggestion};
use crate::library::fold;
use crate::model::Fragment;
use crate::AnnotatedDocument;

/// How occurrences are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Match case exactly (“Rama” is not “RAMA”).
    pub case_sensitive: bool,
}

/// A tagged mention: its text and label.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mention {
    pub text: String,
    pub label: String,
}

/// The mentions tagged in a document: the text of every single-fragment
/// annotation (trimmed of white space), in any layer.
pub fn mentions(doc: &AnnotatedDocument) -> Vec<Mention> {
    let text = &doc.document().text;
    doc.annotations()
        .filter(|a| a.fragments.len() == 1)
        .filter_map(|a| {
            let quote = text.slice(a.fragments[0].start, a.fragments[0].end).trim();
            (!quote.is_empty()).then(|| Mention {
                text: quote.to_string(),
                label: a.label.to_string(),
            })
        })
        .collect()
}

/// What a match of a phrase proposes: one entry per text (as matched: folded
/// unless case is matched) and label, with the share of that text's
/// taggings the label had as its confidence; in the order of their text,
/// then label.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub text: String,
    pub label: String,
    pub confidence: f64,
}

/// The entries `mentions` give, in the order of their text, then label.
pub fn entries(mentions: &[Mention], options: Options) -> Vec<Entry> {
    let key = |text: &str| {
        if options.case_sensitive {
            text.to_string()
        } else {
            fold(text)
        }
    };
    let mut counts: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
    for m in mentions {
        *counts
            .entry(key(&m.text))
            .or_default()
            .entry(m.label.as_str())
            .or_default() += 1;
    }
    let mut entries = Vec::new();
    for (text, labels) in counts {
        let total: usize = labels.values().sum();
        for (label, n) in labels {
            entries.push(Entry {
                text: text.clone(),
                label: label.to_string(),
                confidence: n as f64 / total as f64,
            });
        }
    }
    entries
}

/// The distinct phrases of `entries` (what is matched), in order.
pub fn phrases(entries: &[Entry]) -> Vec<String> {
    let mut phrases: Vec<String> = entries.iter().map(|e| e.text.clone()).collect();
    phrases.dedup();
    phrases
}

/// Every whole-word occurrence of `phrases` in `text`, overlapping ones
/// included, each a [`Hit`] whose `entry` is the phrase's index, sorted
/// (by start, end, phrase: the order [`proposals`] reads them in). The
/// costly part of repeats (the automaton, a pass over the whole text and
/// the sort), which the app runs in the formats' worker.
pub fn occurrences(text: &str, phrases: &[String], options: Options) -> Vec<Hit> {
    let matcher = PhraseMatcher::new(phrases.iter().enumerate().map(|(entry, text)| Phrase {
        text: text.clone(),
        case_sensitive: options.case_sensitive,
        entry,
    }));
    let mut hits = matcher.map(|m| m.find(text)).unwrap_or_default();
    hits.sort_unstable();
    hits
}

/// The repeats proposed in `doc` from the `hits` of `phrases` (found by
/// [`occurrences`], perhaps for phrases of earlier entries: a phrase no
/// entry has now proposes nothing, and an entry whose phrase was not
/// matched waits for its hits), in text order. Within a label the longest
/// occurrence wins (“New York” over “York”), among those not blocked.
pub fn from_occurrences(
    doc: &AnnotatedDocument,
    entries: &[Entry],
    phrases: &[String],
    hits: &[Hit],
    decisions: &Decisions,
) -> Vec<Suggestion> {
    proposals(doc, entries, phrases, hits, decisions)
        .iter()
        .map(|p| p.suggestion(entries))
        .collect()
}

/// One repeat proposed: its span and the entry (label and confidence)
/// that proposes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proposal {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

impl Proposal {
    pub fn suggestion(&self, entries: &[Entry]) -> Suggestion {
        let entry = &entries[self.entry];
        Suggestion {
            fragments: vec![Fragment::new(self.start, self.end)],
            label: entry.label.clone(),
            source: Source::Repeats,
            confidence: entry.confidence,
            id: None,
        }
    }
}

/// What [`from_occurrences`] proposes, without making the suggestions: in
/// the order of start, end and label.
///
/// It runs on the page after every edit, over every hit (a million when
/// common words were tagged in 5 MB), so it is one pass in text order with
/// no allocation per hit: hits sorted once (already sorted costs a check),
/// each phrase's entries and each label's blocks looked up once, and the
/// longest-first rule applied to each run of overlapping hits of a label
/// (it decides nothing between hits apart, so this is the same as applying
/// it to all of the label's hits at once).
pub fn proposals(
    doc: &AnnotatedDocument,
    entries: &[Entry],
    phrases: &[String],
    hits: &[Hit],
    decisions: &Decisions,
) -> Vec<Proposal> {
    let sorted;
    let hits = if hits.is_sorted() {
        hits
    } else {
        sorted = {
            let mut h = hits.to_vec();
            h.sort_unstable();
            h
        };
        &sorted
    };
    // Labels by rank (their order), each entry's rank, each phrase's entries.
    let mut labels: Vec<&str> = Vec::new();
    for e in entries {
        if let Err(at) = labels.binary_search(&e.label.as_str()) {
            labels.insert(at, &e.label);
        }
    }
    let rank_of = |label: &str| labels.binary_search(&label).unwrap_or(0);
    let entry_rank: Vec<usize> = entries.iter().map(|e| rank_of(&e.label)).collect();
    let mut of_phrase: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        of_phrase.entry(e.text.as_str()).or_default().push(i);
    }
    let none = Vec::new();
    let of_hit: Vec<&Vec<usize>> = (phrases.iter())
        .map(|p| of_phrase.get(p.as_str()).unwrap_or(&none))
        .collect();
    let blocked = Blocked::new(doc, decisions);
    let zones = blocked.zones();
    let blocked: Vec<LabelBlocked> = labels.iter().map(|l| blocked.of_label(l)).collect();

    // Candidates in text order; each label's current run of overlapping
    // ones is settled when a candidate of that label starts after it.
    let mut candidates: Vec<Proposal> = Vec::with_capacity(hits.len());
    let mut kept: Vec<bool> = Vec::with_capacity(hits.len());
    let mut runs: Vec<Run> = labels.iter().map(|_| Run::default()).collect();
    let mut zone = 0;
    for hit in hits {
        // The first zone that ends after the hit starts: is it before its end?
        while zones.get(zone).is_some_and(|z| z.1 <= hit.start) {
            zone += 1;
        }
        let near = zones.get(zone).is_some_and(|z| z.0 < hit.end);
        for &entry in of_hit.get(hit.entry).copied().unwrap_or(&none) {
            let rank = entry_rank[entry];
            if near && blocked[rank].blocks(Fragment::new(hit.start, hit.end)) {
                continue;
            }
            let run = &mut runs[rank];
            if hit.start >= run.end {
                // (most runs are one hit: kept without a call)
                match run.members[..] {
                    [only] => {
                        kept[only] = true;
                        run.members.clear();
                        run.end = 0;
                    }
                    _ => run.settle(&candidates, &mut kept),
                }
            }
            run.end = run.end.max(hit.end);
            run.members.push(candidates.len());
            candidates.push(Proposal {
                start: hit.start,
                end: hit.end,
                entry,
            });
            kept.push(false);
        }
    }
    for run in &mut runs {
        run.settle(&candidates, &mut kept);
    }
    // In text order, and by label among hits of one phrase (two phrases
    // never match the same span: they differ, as matched).
    (candidates.into_iter().zip(kept))
        .filter_map(|(p, kept)| kept.then_some(p))
        .collect()
}

/// A run of overlapping candidates of one label: their indices and the
/// furthest end (and room to settle it in, kept from run to run).
#[derive(Default)]
struct Run {
    members: Vec<usize>,
    end: usize,
    order: Vec<Hit>,
    taken: Vec<bool>,
}

impl Run {
    /// Keeps the run's longest candidates that overlap no longer one
    /// ([`longest_first`]'s rule), and empties it.
    fn settle(&mut self, candidates: &[Proposal], kept: &mut [bool]) {
        match self.members.as_slice() {
            [] => {}
            [only] => kept[*only] = true,
            members => {
                // (members are in text order, so the first starts first;
                // among hits of one span and label, which is kept does
                // not matter: they are the same suggestion)
                let from = candidates[members[0]].start;
                self.order.clear();
                self.order.extend(members.iter().map(|&i| Hit {
                    start: candidates[i].start,
                    end: candidates[i].end,
                    entry: i,
                }));
                longest_then_earliest(&mut self.order);
                self.taken.clear();
                self.taken.resize(self.end - from, false);
                for hit in &self.order {
                    let span = hit.start - from..hit.end - from;
                    if !self.taken[span.clone()].iter().any(|&t| t) {
                        self.taken[span].fill(true);
                        kept[hit.entry] = true;
                    }
                }
            }
        }
        self.members.clear();
        self.end = 0;
    }
}

/// The repeats of `mentions` in `doc`, in text order: [`occurrences`] and
/// [`from_occurrences`] in one step.
pub fn repeats(
    doc: &AnnotatedDocument,
    mentions: &[Mention],
    options: Options,
    decisions: &Decisions,
) -> Vec<Suggestion> {
    let entries = entries(mentions, options);
    let phrases = phrases(&entries);
    let hits = occurrences(doc.document().text.as_str(), &phrases, options);
    from_occurrences(doc, &entries, &phrases, &hits, decisions)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    use super::*;
    use crate::model::{Annotation, Document, Key, Scheme, Timestamp};
    use crate::suggest::Decision;
    use crate::Edit;

    fn scheme() -> Scheme {
        let mut scheme = Scheme::default();
        scheme.ensure_label("place");
        scheme.ensure_label("person");
        scheme
    }

    fn doc_with(text: &str, tagged: &[(&str, usize, &str)]) -> AnnotatedDocument {
        let mut doc = AnnotatedDocument::new(Document::new("d", text), scheme());
        for (i, (word, nth, label)) in tagged.iter().enumerate() {
            let byte = text.match_indices(word).nth(*nth).unwrap().0;
            let start = text[..byte].chars().count();
            doc.apply(Edit::AddAnnotation(Annotation::new(
                Key::new("alice", format!("a{i}")),
                *label,
                Fragment::new(start, start + word.chars().count()),
                Timestamp(0),
            )))
            .unwrap();
        }
        doc
    }

    fn quotes(doc: &AnnotatedDocument, found: &[Suggestion]) -> Vec<(String, String)> {
        found
            .iter()
            .map(|s| {
                let f = s.fragments[0];
                (
                    doc.document().text.slice(f.start, f.end).to_string(),
                    s.label.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn other_occurrences_as_whole_words_never_inside_longer_words() {
        let doc = doc_with(
            "Iran and Albania. Tirana, Iranian ships, Iran! IRAN, Albanian Albania",
            &[("Iran", 0, "place"), ("Albania", 0, "place")],
        );
        let found = repeats(
            &doc,
            &mentions(&doc),
            Options {
                case_sensitive: true,
            },
            &Decisions::default(),
        );
        assert_eq!(
            quotes(&doc, &found),
            [
                ("Iran".into(), "place".into()),
                ("Albania".into(), "place".into())
            ]
        );
        assert_eq!(found[0].fragments, [Fragment::new(41, 45)]);
        let found = repeats(
            &doc,
            &mentions(&doc),
            Options {
                case_sensitive: false,
            },
            &Decisions::default(),
        );
        assert_eq!(quotes(&doc, &found).len(), 3);
        assert_eq!(quotes(&doc, &found)[1].0, "IRAN");
    }

    #[test]
    fn a_text_tagged_with_two_labels_proposes_both_with_their_share() {
        let doc = doc_with(
            "Washington met Washington in Washington and Washington.",
            &[
                ("Washington", 0, "person"),
                ("Washington", 1, "person"),
                ("Washington", 2, "place"),
            ],
        );
        let found = repeats(
            &doc,
            &mentions(&doc),
            Options::default(),
            &Decisions::default(),
        );
        // The fourth occurrence, under both labels; the first three are
        // tagged with one label each and proposed with the other.
        let last: Vec<(&str, f64)> = found
            .iter()
            .filter(|s| s.fragments[0].start == 44)
            .map(|s| (s.label.as_str(), s.confidence))
            .collect();
        assert_eq!(last.len(), 2);
        assert!((last[0].1 - 2.0 / 3.0).abs() < 1e-9 && last[0].0 == "person");
        assert!((last[1].1 - 1.0 / 3.0).abs() < 1e-9 && last[1].0 == "place");
        assert!(found
            .iter()
            .all(|s| !(s.fragments[0].start == 0 && s.label == "person")));
    }

    #[test]
    fn longest_mention_wins_and_mentions_from_other_documents_count() {
        let doc = doc_with("New York is not York.", &[]);
        let library = [
            Mention {
                text: "York".into(),
                label: "place".into(),
            },
            Mention {
                text: "New York".into(),
                label: "place".into(),
            },
        ];
        let found = repeats(&doc, &library, Options::default(), &Decisions::default());
        assert_eq!(
            quotes(&doc, &found),
            [
                ("New York".into(), "place".into()),
                ("York".into(), "place".into())
            ]
        );
    }

    #[test]
    fn hits_found_for_other_phrases_propose_only_the_entries_there_now() {
        let doc = doc_with("Rama met Basha. RAMA and Basha.", &[("Rama", 0, "person")]);
        let entries = entries(&mentions(&doc), Options::default());
        assert_eq!(phrases(&entries), ["rama"]);
        // Found when "Basha" was a mention too (since deleted): its hits
        // propose nothing now; "rama"'s propose as they would.
        let old = vec!["basha".to_string(), "rama".to_string()];
        let hits = occurrences(doc.document().text.as_str(), &old, Options::default());
        assert_eq!(hits.len(), 4);
        let found = from_occurrences(&doc, &entries, &old, &hits, &Decisions::default());
        assert_eq!(quotes(&doc, &found), [("RAMA".into(), "person".into())]);
        assert_eq!(
            found,
            repeats(
                &doc,
                &mentions(&doc),
                Options::default(),
                &Decisions::default()
            )
        );
        // Found before "Rama" was tagged: nothing yet for it.
        let before = vec!["basha".to_string()];
        let hits = occurrences(doc.document().text.as_str(), &before, Options::default());
        assert!(from_occurrences(&doc, &entries, &before, &hits, &Decisions::default()).is_empty());
    }

    const PIECES: &[&str] = &[
        "Iran",
        "Tirana",
        "Iranian",
        "iran",
        " ",
        " ",
        "\r\n",
        "\n",
        ".",
        ", ",
        "👩‍👩‍👧",
        "🇦🇱",
        "é",
        "e\u{301}",
        "Rama",
        "قال",
        "北京",
        "-",
    ];

    fn text_strategy() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
    }

    /// Whole-word occurrences of `word`, found independently: byte offsets
    /// from `match_indices`, boundaries from the segmenter's byte offsets.
    fn oracle(text: &str, word: &str) -> Vec<Fragment> {
        let bounds: std::collections::HashSet<usize> = text
            .split_word_bound_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let cp = |byte: usize| text[..byte].chars().count();
        text.match_indices(word)
            .filter(|(b, m)| bounds.contains(b) && bounds.contains(&(b + m.len())))
            .map(|(b, m)| Fragment::new(cp(b), cp(b + m.len())))
            .collect()
    }

    proptest! {
        #[test]
        fn repeats_are_the_whole_word_occurrences_apart_from_tagged_and_rejected(
            text in text_strategy(),
            reject_every in 1usize..4,
        ) {
            let occurrences = oracle(&text, "Iran");
            let mut doc = AnnotatedDocument::new(Document::new("d", &text), scheme());
            let Some(first) = occurrences.first().copied() else {
                let found = repeats(&doc, &[Mention { text: "Iran".into(), label: "place".into() }], Options { case_sensitive: true }, &Decisions::default());
                prop_assert!(found.is_empty());
                return Ok(());
            };
            doc.apply(Edit::AddAnnotation(Annotation::new(Key::new("a", "1"), "place", first, Timestamp(0)))).unwrap();
            let mut decisions = Decisions::default();
            let mut rejected = Vec::new();
            for (i, f) in occurrences.iter().enumerate().skip(1) {
                if i % reject_every == 0 {
                    let s = Suggestion { fragments: vec![*f], label: "place".into(), source: Source::Repeats, confidence: 1.0, id: None };
                    decisions.decide(&s, Decision::Rejected);
                    rejected.push(*f);
                }
            }
            let found = repeats(&doc, &mentions(&doc), Options { case_sensitive: true }, &decisions);
            let found: Vec<Fragment> = found.iter().map(|s| s.fragments[0]).collect();
            let expected: Vec<Fragment> = occurrences[1..].iter().copied().filter(|f| !rejected.contains(f)).collect();
            prop_assert_eq!(&found, &expected);
            let chars: Vec<char> = text.chars().collect();
            for f in &found {
                prop_assert_eq!(chars[f.start..f.end].iter().collect::<String>(), "Iran");
                prop_assert!(rejected.iter().all(|r| !r.overlaps(f)));
                prop_assert!(!first.overlaps(f));
            }
        }

        #[test]
        fn case_insensitive_matches_are_whole_words_with_exact_offsets(text in text_strategy()) {
            let doc = AnnotatedDocument::new(Document::new("d", &text), scheme());
            let found = repeats(&doc, &[Mention { text: "IRAN".into(), label: "place".into() }], Options { case_sensitive: false }, &Decisions::default());
            let expected: Vec<Fragment> = {
                let mut all = oracle(&text, "Iran");
                all.extend(oracle(&text, "iran"));
                all.sort_by_key(|f| f.start);
                all
            };
            let found: Vec<Fragment> = found.iter().map(|s| s.fragments[0]).collect();
            prop_assert_eq!(found, expected);
        }

        #[test]
        fn proposals_are_the_longest_first_rule_over_each_labels_open_hits(
            text in proptest::collection::vec(proptest::sample::select(DENSE), 0..40).prop_map(|p| p.concat()),
            tags in proptest::collection::vec((0usize..40, 1usize..4, 0usize..3), 0..8),
            library in proptest::collection::vec((0usize..MENTIONS.len(), 0usize..3), 0..6),
            decided in proptest::collection::vec((0usize..40, 1usize..4, 0usize..3, any::<bool>()), 0..6),
            case_sensitive in any::<bool>(),
            shuffle in any::<u64>(),
        ) {
            const LABELS: [&str; 3] = ["place", "person", "actor"];
            let mut scheme = scheme();
            scheme.ensure_label("actor");
            let mut doc = AnnotatedDocument::new(Document::new("d", &text), scheme);
            let n = text.chars().count();
            for (i, (start, len, label)) in tags.iter().enumerate() {
                let (start, end) = (start % (n + 1), (start % (n + 1) + len).min(n));
                if start < end {
                    let f = Fragment::new(start, end);
                    let a = Annotation::new(Key::new("a", format!("t{i}")), LABELS[*label], f, Timestamp(0));
                    // (one splitting a grapheme is refused: left out)
                    let _ = doc.apply(Edit::AddAnnotation(a));
                }
            }
            let mut mentions = mentions(&doc);
            mentions.extend(library.iter().map(|&(m, label)| Mention {
                text: MENTIONS[m].to_string(),
                label: LABELS[label].to_string(),
            }));
            let mut decisions = Decisions::default();
            for (start, len, label, rejected) in &decided {
                let (start, end) = (start % (n + 1), (start % (n + 1) + len).min(n));
                let s = Suggestion { fragments: vec![Fragment::new(start, end)], label: LABELS[*label].into(), source: Source::Repeats, confidence: 1.0, id: None };
                decisions.decide(&s, if *rejected { Decision::Rejected } else { Decision::Accepted });
            }
            let options = Options { case_sensitive };
            let entries = entries(&mentions, options);
            let phrases = phrases(&entries);
            let mut hits = occurrences(doc.document().text.as_str(), &phrases, options);
            // In any order, as the worker's answer may be.
            let k = hits.len().max(1);
            hits.rotate_left(shuffle as usize % k);
            let found = from_occurrences(&doc, &entries, &phrases, &hits, &decisions);
            prop_assert_eq!(found, reference(&doc, &entries, &phrases, &hits, &decisions));
        }
    }

    /// Pieces that make overlapping mentions likely.
    const DENSE: &[&str] = &["Iran", " ", "Rama", "iran", ", ", "北京", "é"];

    const MENTIONS: &[&str] = &[
        "Iran",
        "Tirana",
        "iran Rama",
        "Rama",
        "北京",
        "قال",
        "Iran Iran",
        "é",
    ];

    /// The rule as first written: every hit blocked or not, each label's
    /// open hits through `longest_first`, then all put in order.
    fn reference(
        doc: &AnnotatedDocument,
        entries: &[Entry],
        phrases: &[String],
        hits: &[Hit],
        decisions: &Decisions,
    ) -> Vec<Suggestion> {
        use crate::suggest::matcher::longest_first;
        let blocked = Blocked::new(doc, decisions);
        let mut by_label: BTreeMap<&str, Vec<Hit>> = BTreeMap::new();
        for hit in hits {
            for (entry, e) in entries.iter().enumerate() {
                if phrases.get(hit.entry) == Some(&e.text)
                    && !blocked.blocks(&e.label, Fragment::new(hit.start, hit.end))
                {
                    by_label
                        .entry(e.label.as_str())
                        .or_default()
                        .push(Hit { entry, ..*hit });
                }
            }
        }
        let mut kept: Vec<Suggestion> = (by_label.into_values())
            .flat_map(longest_first)
            .map(|h| {
                Proposal {
                    start: h.start,
                    end: h.end,
                    entry: h.entry,
                }
                .suggestion(entries)
            })
            .collect();
        kept.sort_by(|a, b| {
            let order = |s: &Suggestion| (s.fragments[0].start, s.fragments[0].end);
            order(a).cmp(&order(b)).then_with(|| a.label.cmp(&b.label))
        });
        kept
    }
}
