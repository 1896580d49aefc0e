//! CoNLL 2003 style token tags, BIO (IOB2) scheme, export only (see
//! docs/formats.md).
//!
//! The tokeniser: every line of the text (lines end at LF, CRLF or CR) is
//! one sequence; a line is split at Unicode word boundaries (UAX #29, the
//! `unicode-segmentation` crate's `split_word_bound_indices`), and every
//! piece that is not all whitespace is a token (whitespace inside a piece,
//! such as a space carrying a combining mark, is removed from the token's
//! text). So words, numbers and each punctuation mark are tokens; an emoji
//! sequence, ZWJ family or flag is one token. Lines without tokens are
//! skipped.
//!
//! The output: one token per line, a tab, its tag (`B-label`, `I-label` or
//! `O`, labels by id with whitespace turned into `_`); a blank line after
//! every sequence. A token is tagged with the span it overlaps; spans that
//! overlap an earlier span are left out and listed in the report, as are
//! discontinuous spans (each fragment written as its own entity), spans whose
//! edges fall inside a token (the whole token is tagged), and spans that
//! cross a line break (the part on the next line starts with `B-`).

use unicode_segmentation::UnicodeSegmentation;

use crate::error::Error;
use crate::format::records::{self, chosen_layer, describe_span, layer_annotations, not_carried};
use crate::format::{ExportOptions, Exported, ExportedFile, Report};
use crate::model::Annotation;
use crate::AnnotatedDocument;

/// The file name extension.
pub const EXTENSION: &str = ".conll";

/// A token: its text and code-point range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// The tokens of a document, one list per line that has any (see the module
/// documentation for the rules).
pub fn tokenize(doc: &AnnotatedDocument) -> Vec<Vec<Token>> {
    let text = &doc.document().text;
    let mut sequences = Vec::new();
    for line in text.lines() {
        let line_text = text.line_text(line);
        let mut tokens = Vec::new();
        let mut code_point = line.start;
        let mut byte = 0;
        for (at, piece) in line_text.split_word_bound_indices() {
            code_point += line_text[byte..at].chars().count();
            byte = at;
            let n_chars = piece.chars().count();
            let token: String = piece.chars().filter(|c| !c.is_whitespace()).collect();
            if !token.is_empty() {
                tokens.push(Token {
                    text: token,
                    start: code_point,
                    end: code_point + n_chars,
                });
            }
        }
        if !tokens.is_empty() {
            sequences.push(tokens);
        }
    }
    sequences
}

/// One entity to tag: a fragment of an annotation.
struct Entity<'a> {
    start: usize,
    end: usize,
    annotation: &'a Annotation,
}

/// Writes one layer of a document as CoNLL BIO tags.
pub fn export(doc: &AnnotatedDocument, options: &ExportOptions) -> Result<Exported, Error> {
    let layer = chosen_layer(doc, options, "CoNLL")?;
    let layer = layer.as_deref();
    let mut report = Report {
        not_represented: not_carried(doc, layer, "CoNLL", false, false)
            .into_iter()
            .chain(records::links_and_labels_not_carried(
                doc, layer, "CoNLL", false, false,
            ))
            .collect(),
        notes: records::missing_layer_note(doc, layer)
            .into_iter()
            .collect(),
        ..Report::default()
    };
    let annotations = layer_annotations(doc, layer);

    // Every fragment is an entity; an entity that overlaps one kept before
    // it (in document order: by start, longer first) is left out.
    let mut candidates: Vec<Entity> = Vec::new();
    for annotation in &annotations {
        if annotation.fragments.len() > 1 {
            report.not_represented.push(format!(
                "{} is discontinuous: BIO cannot express it, so each of its {} fragments is written as a separate entity",
                describe_span(doc, annotation),
                annotation.fragments.len()
            ));
        }
        for fragment in &annotation.fragments {
            candidates.push(Entity {
                start: fragment.start,
                end: fragment.end,
                annotation,
            });
        }
    }
    candidates.sort_by_key(|e| (e.start, std::cmp::Reverse(e.end)));
    let mut entities: Vec<Entity> = Vec::new();
    for candidate in candidates {
        if let Some(kept) = entities.last().filter(|k| k.end > candidate.start) {
            report.not_represented.push(format!(
                "{} overlaps {}: BIO cannot express overlapping spans, so it is left out",
                describe_span(doc, candidate.annotation),
                describe_span(doc, kept.annotation)
            ));
            continue;
        }
        entities.push(candidate);
    }

    // Tags cannot hold whitespace.
    let mut tags = std::collections::BTreeMap::new();
    for entity in &entities {
        let label = entity.annotation.label.as_str();
        if tags.contains_key(label) {
            continue;
        }
        let clean: String = label
            .chars()
            .map(|c| if c.is_whitespace() { '_' } else { c })
            .collect();
        if clean != label {
            report.notes.push(format!(
                "the label “{label}” is written “{clean}”, since a tag cannot hold whitespace"
            ));
        }
        tags.insert(label, clean);
    }

    let mut out = String::new();
    let mut next = 0; // the first entity that may still reach the current token
    let mut tagged = vec![false; entities.len()];
    let mut ragged = vec![false; entities.len()];
    let mut crosses_lines = vec![false; entities.len()];
    for sequence in tokenize(doc) {
        let mut previous: Option<usize> = None;
        for token in &sequence {
            while next < entities.len() && entities[next].end <= token.start {
                next += 1;
            }
            let hit = (next..entities.len())
                .take_while(|&i| entities[i].start < token.end)
                .find(|&i| entities[i].end > token.start);
            out.push_str(&token.text);
            out.push('\t');
            match hit {
                Some(i) => {
                    let entity = &entities[i];
                    if entity.start > token.start || entity.end < token.end {
                        ragged[i] = true;
                    }
                    if previous == Some(i) {
                        out.push_str("I-");
                    } else {
                        crosses_lines[i] |= tagged[i];
                        out.push_str("B-");
                    }
                    tagged[i] = true;
                    out.push_str(&tags[entity.annotation.label.as_str()]);
                }
                None => out.push('O'),
            }
            out.push('\n');
            previous = hit;
        }
        out.push('\n');
    }
    for (i, entity) in entities.iter().enumerate() {
        let span = || describe_span(doc, entity.annotation);
        if !tagged[i] {
            report
                .not_represented
                .push(format!("{} covers no token, so it is not written", span()));
        }
        if ragged[i] {
            report.not_represented.push(format!(
                "{} begins or ends inside a token: the whole token is tagged",
                span()
            ));
        }
        if crosses_lines[i] {
            report.not_represented.push(format!(
                "{} crosses a line break: each line is a sequence, so it is written as one entity per line",
                span()
            ));
        }
    }
    Ok(Exported {
        files: vec![ExportedFile {
            extension: EXTENSION.to_string(),
            content: out,
        }],
        report,
    })
}
