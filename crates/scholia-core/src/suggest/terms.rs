//! Term lists (gazetteers) and pattern files as one source of suggestions.
//!
//! A term list is plain text, one term a line: either the term alone (the
//! list's label is chosen when it is loaded) or `term<TAB>label[<TAB>id]`.
//! Blank lines are skipped. Terms and phrase patterns are matched as whole
//! words by one automaton ([`super::matcher`]); token patterns run over
//! each line's tokens. Where matches overlap, the longest wins, then the
//! earliest.

use super::matcher::{longest_first, Hit, Phrase, PhraseMatcher};
use super::patterns::{match_tokens, Pattern, PatternKind, TokenSpec};
use super::tokens::sentences;
use super::{without_annotated, Decisions, Source, Suggestion};
use crate::error::{Error, ErrorKind};
use crate::model::Fragment;
use crate::AnnotatedDocument;

/// A term: its text, label and optional id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    pub label: String,
    pub id: Option<String>,
}

/// Reads a term list. `label` is the label of lines that name none; without
/// it, such a line is an error. Errors name the file, line and field.
pub fn parse(input: &str, file_name: &str, label: Option<&str>) -> Result<Vec<Term>, Error> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut terms = Vec::new();
    for (index, line) in input.lines().enumerate() {
        let at = |e: Error| e.in_file(file_name).at_line(index + 1);
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let term = fields[0].trim();
        if term.is_empty() {
            return Err(at(Error::invalid("the term is empty").in_field("term")));
        }
        let (label, id) = match fields.len() {
            1 => match label {
                Some(label) => (label.to_string(), None),
                None => {
                    return Err(at(Error::invalid(
                        "this line has no label: write term<TAB>label, or choose a label for the list's plain terms",
                    )
                    .in_field("label")))
                }
            },
            2 | 3 => {
                let label = fields[1].trim();
                if label.is_empty() {
                    return Err(at(Error::new(ErrorKind::Missing).in_field("label")));
                }
                let id = fields.get(2).map(|s| s.trim()).filter(|s| !s.is_empty());
                (label.to_string(), id.map(String::from))
            }
            n => {
                return Err(at(Error::invalid(format!(
                    "the line has {n} tab-separated fields; a term list has term<TAB>label<TAB>id at most"
                ))
                .in_field(format!("field {}", 4))))
            }
        };
        terms.push(Term {
            text: term.to_string(),
            label,
            id,
        });
    }
    Ok(terms)
}

/// Writes terms as a term list every line of which names its label
/// (`term<TAB>label[<TAB>id]`), so that the list carries the labels it was
/// loaded with: [`parse`] reads it back to the same terms with no label
/// chosen. A tab or line break inside a field (which `parse` never gives)
/// is written as a space.
pub fn write(terms: &[Term]) -> String {
    let field = |s: &str| s.replace(['\t', '\r', '\n'], " ");
    let mut out = String::new();
    for term in terms {
        out.push_str(&field(&term.text));
        out.push('\t');
        out.push_str(&field(&term.label));
        if let Some(id) = &term.id {
            out.push('\t');
            out.push_str(&field(id));
        }
        out.push('\n');
    }
    out
}

/// Whether a file of this name is read as a spaCy / Prodigy pattern file
/// (`.jsonl`, `.json`); anything else is a term list.
pub fn is_pattern_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".jsonl") || lower.ends_with(".json")
}

/// Reads a term list (`label` for lines naming none) or a pattern file (by
/// its name, [`is_pattern_file`]) and compiles it, with how many entries it
/// holds; the error names the file, line and field.
pub fn compile(name: &str, text: &str, label: &str) -> Result<(TermMatcher, usize), Error> {
    if is_pattern_file(name) {
        let patterns = super::patterns::parse(text, name)?;
        Ok((TermMatcher::new(&[], &patterns, false)?, patterns.len()))
    } else {
        let terms = parse(text, name, Some(label))?;
        Ok((TermMatcher::new(&terms, &[], false)?, terms.len()))
    }
}

/// What a match stands for.
#[derive(Debug, Clone)]
struct Entry {
    label: String,
    id: Option<String>,
}

/// Term lists and patterns compiled for matching.
pub struct TermMatcher {
    phrases: PhraseMatcher,
    token_patterns: Vec<(Vec<TokenSpec>, usize)>,
    entries: Vec<Entry>,
}

impl TermMatcher {
    /// Compiles terms (case as `case_sensitive` says) and patterns (phrase
    /// patterns match case as written, as spaCy's phrase matcher does).
    pub fn new(
        terms: &[Term],
        patterns: &[Pattern],
        case_sensitive: bool,
    ) -> Result<TermMatcher, Error> {
        let mut entries = Vec::new();
        let mut phrases = Vec::new();
        let mut token_patterns = Vec::new();
        for term in terms {
            phrases.push(Phrase {
                text: term.text.clone(),
                case_sensitive,
                entry: entries.len(),
            });
            entries.push(Entry {
                label: term.label.clone(),
                id: term.id.clone(),
            });
        }
        for pattern in patterns {
            match &pattern.kind {
                PatternKind::Phrase(text) => phrases.push(Phrase {
                    text: text.clone(),
                    case_sensitive: true,
                    entry: entries.len(),
                }),
                PatternKind::Tokens(specs) => token_patterns.push((specs.clone(), entries.len())),
            }
            entries.push(Entry {
                label: pattern.label.clone(),
                id: pattern.id.clone(),
            });
        }
        Ok(TermMatcher {
            phrases: PhraseMatcher::new(phrases)?,
            token_patterns,
            entries,
        })
    }

    /// The labels the terms and patterns give.
    pub fn labels(&self) -> std::collections::BTreeSet<&str> {
        self.entries.iter().map(|e| e.label.as_str()).collect()
    }

    /// The matches in a text, the longest where they overlap, in text order.
    pub fn find(&self, text: &str) -> Vec<Suggestion> {
        find_in_all(&[self], text)
    }

    /// Every match in a text, overlapping ones included.
    fn hits(&self, text: &str) -> Vec<Hit> {
        let mut hits = self.phrases.find(text);
        if !self.token_patterns.is_empty() {
            for sentence in sentences(text) {
                for (specs, entry) in &self.token_patterns {
                    for (a, b) in match_tokens(specs, &sentence) {
                        hits.push(Hit {
                            start: sentence[a].start,
                            end: sentence[b - 1].end,
                            entry: *entry,
                        });
                    }
                }
            }
        }
        hits
    }

    /// The suggestions for a document: matches not over an annotation of
    /// their label, nor settled by a decision.
    pub fn suggest(&self, doc: &AnnotatedDocument, decisions: &Decisions) -> Vec<Suggestion> {
        let found = self.find(doc.document().text.as_str());
        decisions.filter(without_annotated(found, doc.annotations()))
    }
}

/// The matches of several term lists and pattern files in a text, as if
/// they were one: where matches overlap, the longest wins whichever list it
/// comes from (of two as long, the earlier one; of the same span, the list
/// given first). In text order.
pub fn find_in_all(matchers: &[&TermMatcher], text: &str) -> Vec<Suggestion> {
    // Each list's entries are numbered after the previous lists' ones, so
    // that one pass of `longest_first` weighs them all together.
    let mut hits = Vec::new();
    let mut entries: Vec<&Entry> = Vec::new();
    for matcher in matchers {
        let base = entries.len();
        hits.extend(matcher.hits(text).into_iter().map(|h| Hit {
            entry: h.entry + base,
            ..h
        }));
        entries.extend(&matcher.entries);
    }
    longest_first(hits)
        .into_iter()
        .map(|h| Suggestion {
            fragments: vec![Fragment::new(h.start, h.end)],
            label: entries[h.entry].label.clone(),
            source: Source::Terms,
            confidence: 1.0,
            id: entries[h.entry].id.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_list_names_every_label_and_reads_back_to_the_same_terms() {
        let loaded = parse(
            "Tirana\nAlbania\tplace\tQ222\r\nTiranë ✈\n\nEdi Rama\tperson\n",
            "t.txt",
            Some("city"),
        )
        .unwrap();
        let written = write(&loaded);
        assert_eq!(
            written,
            "Tirana\tcity\nAlbania\tplace\tQ222\nTiranë ✈\tcity\nEdi Rama\tperson\n"
        );
        assert_eq!(parse(&written, "t.tsv", None).unwrap(), loaded);
    }

    #[test]
    fn plain_and_tsv_lines() {
        let terms = parse(
            "\u{feff}Tirana\nAlbania\tplace\tQ222\r\n\nEdi Rama\tperson\n",
            "t.tsv",
            Some("place"),
        )
        .unwrap();
        assert_eq!(
            terms,
            [
                Term {
                    text: "Tirana".into(),
                    label: "place".into(),
                    id: None
                },
                Term {
                    text: "Albania".into(),
                    label: "place".into(),
                    id: Some("Q222".into())
                },
                Term {
                    text: "Edi Rama".into(),
                    label: "person".into(),
                    id: None
                },
            ]
        );
    }

    #[test]
    fn bad_lines_name_file_line_and_field() {
        let e = parse("Tirana\tplace\nAlbania", "t.tsv", None).unwrap_err();
        assert_eq!(
            (e.file.as_deref(), e.line, e.field.as_deref()),
            (Some("t.tsv"), Some(2), Some("label"))
        );
        assert!(e.to_string().contains("no label"), "{e}");
        let e = parse("\tplace", "t.tsv", None).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("term")));
        let e = parse("a\tb\tc\td", "t.tsv", None).unwrap_err();
        assert!(e.to_string().contains("4 tab-separated fields"), "{e}");
        let e = parse("a\t \tc", "t.tsv", None).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("label"));
    }

    #[test]
    fn terms_and_patterns_match_together_and_the_longest_wins() {
        let terms = parse(
            "York\tplace\nNew York\tplace\tnyc\nrama\tperson",
            "t.tsv",
            None,
        )
        .unwrap();
        let patterns = super::super::patterns::parse(
            "{\"label\": \"org\", \"pattern\": \"New York Times\"}\n{\"label\": \"person\", \"pattern\": [{\"LOWER\": \"edi\"}, {\"IS_TITLE\": true}]}",
            "p.jsonl",
        )
        .unwrap();
        let matcher = TermMatcher::new(&terms, &patterns, false).unwrap();
        let text = "Edi Rama read the New York Times in New York, not in Yorkshire.";
        let found: Vec<(String, String, Option<String>)> = matcher
            .find(text)
            .into_iter()
            .map(|s| {
                let f = s.fragments[0];
                (
                    text.chars().skip(f.start).take(f.len()).collect(),
                    s.label,
                    s.id,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("Edi Rama".to_string(), "person".to_string(), None),
                ("New York Times".to_string(), "org".to_string(), None),
                (
                    "New York".to_string(),
                    "place".to_string(),
                    Some("nyc".to_string())
                ),
            ]
        );
    }

    #[test]
    fn several_lists_match_as_one_and_the_longest_wins_across_them() {
        let places = TermMatcher::new(
            &parse("York\tplace\nTirana\tplace", "places.tsv", None).unwrap(),
            &[],
            false,
        )
        .unwrap();
        let patterns = super::super::patterns::parse(
            "{\"label\": \"org\", \"pattern\": [{\"LOWER\": \"new\"}, {\"LOWER\": \"york\"}, {\"LOWER\": \"times\"}]}\n{\"label\": \"person\", \"pattern\": \"York\"}",
            "orgs.jsonl",
        )
        .unwrap();
        let orgs = TermMatcher::new(&[], &patterns, false).unwrap();
        let text = "The New York Times sent a reporter from York to Tirana.";
        let found = |matchers: &[&TermMatcher]| -> Vec<(String, String)> {
            find_in_all(matchers, text)
                .into_iter()
                .map(|s| {
                    let f = s.fragments[0];
                    (text.chars().skip(f.start).take(f.len()).collect(), s.label)
                })
                .collect()
        };
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        // The pattern file's "New York Times" covers the term list's
        // "York"; the same span "York" from both: the list given first.
        assert_eq!(
            found(&[&places, &orgs]),
            [
                pair("New York Times", "org"),
                pair("York", "place"),
                pair("Tirana", "place")
            ]
        );
        assert_eq!(
            found(&[&orgs, &places]),
            [
                pair("New York Times", "org"),
                pair("York", "person"),
                pair("Tirana", "place")
            ]
        );
        assert_eq!(found(&[&places])[0], pair("York", "place"));
        assert!(found(&[]).is_empty());
    }

    const PIECES: &[&str] = &[
        "Iran",
        "IRAN",
        "Tirana",
        "Iranian",
        " ",
        "\r\n",
        "\n",
        ".",
        "👩‍👩‍👧",
        "🇦🇱",
        "e\u{301}",
        "北京",
        "قال",
        "-",
    ];

    proptest::proptest! {
        /// Two paths to the same spans: a term matched by the automaton in
        /// any case, and a token pattern on the tokens' lower case. Both
        /// give whole words at exact code-point offsets, after emoji and
        /// CRLF alike.
        #[test]
        fn terms_and_token_patterns_agree_on_whole_words(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..30)
        ) {
            let text = pieces.concat();
            let terms = [Term { text: "iran".into(), label: "place".into(), id: None }];
            let by_term = TermMatcher::new(&terms, &[], false).unwrap().find(&text);
            let patterns = super::super::patterns::parse(
                r#"{"label": "place", "pattern": [{"LOWER": "iran"}]}"#,
                "p.jsonl",
            )
            .unwrap();
            let by_pattern = TermMatcher::new(&[], &patterns, true).unwrap().find(&text);
            proptest::prop_assert_eq!(&by_term, &by_pattern);
            let chars: Vec<char> = text.chars().collect();
            let expected = pieces.iter().filter(|p| p.eq_ignore_ascii_case("iran")).count();
            // Pieces are whole words unless glued to a letter next to them.
            proptest::prop_assert!(by_term.len() <= expected);
            for s in &by_term {
                let f = s.fragments[0];
                let quote: String = chars[f.start..f.end].iter().collect();
                proptest::prop_assert_eq!(quote.to_lowercase(), "iran");
            }
        }
    }
}
