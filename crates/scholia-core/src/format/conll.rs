//! CoNLL 2003 style token tags: export in BIO (IOB2), import of BIO /
//! IOB2, IOB1 and BIOES (see docs/formats.md).
//!
//! Reading: one token a line, in columns separated by spaces or tabs, any
//! number of them, the token in the first and its tag in the last (`O`,
//! `B-label`, `I-label`, `E-label`, `S-label`); a blank line ends a
//! sentence; a `-DOCSTART-` line starts a new document. A `B-` or `S-` tag
//! begins an entity; an `I-` or `E-` tag continues the entity before it
//! when that has the same label, and otherwise begins one, which reads
//! IOB1 (where `I-` begins entities) and IOB2 alike. The document's text
//! is the tokens joined by a space, one sentence a line, so a token's
//! offsets are where it is written; entities become annotations in the
//! layer named by the caller, else the file's stem. Files in latin-1 are
//! decoded by [`Encoding`] first.
//!
//! Writing:
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

use crate::error::{quoted, Error, ErrorKind};
use crate::format::records::{
    self, chosen_layer, describe_span, layer_annotations, not_carried, Builder,
};
use crate::format::{ExportOptions, Exported, ExportedFile, ImportOptions, Imported, Report};
use crate::model::{Annotation, Fragment, Key};
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

/// How a CoNLL file's bytes are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf8,
    /// ISO-8859-1, as the CoNLL-2002 and 2003 data are: every byte is the
    /// character of that number.
    Latin1,
}

impl Encoding {
    /// Decodes a file; UTF-8 errors name the file and the bad byte.
    pub fn decode(self, bytes: &[u8], file_name: &str) -> Result<String, Error> {
        match self {
            Encoding::Utf8 => crate::format::decode_utf8(bytes, file_name).map(str::to_string),
            Encoding::Latin1 => Ok(bytes.iter().map(|&b| b as char).collect()),
        }
    }
}

/// Whether text looks like CoNLL columns: its first lines that are not
/// blank (up to 20) each have at least two columns, the last a tag, or are
/// `-DOCSTART-` lines.
pub fn looks_like_conll(body: &str) -> bool {
    let mut lines = body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .peekable();
    lines.peek().is_some()
        && lines.all(|line| {
            let columns: Vec<&str> = line.split_whitespace().collect();
            columns[0] == "-DOCSTART-"
                || (columns.len() >= 2 && parse_tag(columns[columns.len() - 1]).is_some())
        })
}

/// A tag: its prefix (`O` is `'O'`) and label.
fn parse_tag(tag: &str) -> Option<(char, &str)> {
    if tag == "O" {
        return Some(('O', ""));
    }
    let (prefix, label) = tag.split_once('-')?;
    match prefix {
        "B" | "I" | "E" | "S" if !label.is_empty() => Some((prefix.chars().next()?, label)),
        _ => None,
    }
}

/// A document being read: its text and entities (code points, label).
#[derive(Default)]
struct Reading {
    text: String,
    length: usize,
    entities: Vec<(usize, usize, String)>,
    /// The entity still open: its index, which can grow.
    open: Option<usize>,
    sentence_has_tokens: bool,
    first_line: usize,
}

impl Reading {
    fn end_sentence(&mut self) {
        self.open = None;
        if self.sentence_has_tokens {
            self.text.push('\n');
            self.length += 1;
            self.sentence_has_tokens = false;
        }
    }
}

/// Reads a CoNLL file (see the module's notes). Errors name the file, the
/// line and the column.
pub fn import(input: &str, options: &ImportOptions) -> Result<Imported, Error> {
    let in_file = |e: Error| records::in_file(e, options);
    // A byte-order mark before a token is the file's signature; one alone
    // before a tab is a token Scholia wrote (a text's own BOM).
    let input = match input.strip_prefix('\u{feff}') {
        Some(rest) if !rest.starts_with(char::is_whitespace) => rest,
        _ => input,
    };
    let layer = records::layer_for(options, None);
    let mut documents = Vec::new();
    let mut reading = Reading::default();
    let finish = |reading: Reading, documents: &mut Vec<AnnotatedDocument>| -> Result<(), Error> {
        if reading.length == 0 {
            return Ok(());
        }
        let mut text = reading.text;
        if text.ends_with('\n') {
            text.pop();
        }
        let mut builder = Builder::new(&text, documents.len() + 1);
        for (n, (start, end, label)) in reading.entities.into_iter().enumerate() {
            let mut annotation = Annotation::new(
                Key::new(layer.as_str(), format!("e{}", n + 1)),
                label.as_str(),
                Fragment::new(start, end),
                options.now,
            );
            annotation.modified = options.now;
            builder
                .add_span(annotation)
                .map_err(|e| e.at_line(reading.first_line))?;
        }
        documents.push(builder.doc);
        Ok(())
    };
    for (index, line) in input.lines().enumerate() {
        let line_number = index + 1;
        let columns: Vec<&str> = line.split_whitespace().collect();
        if columns.is_empty() {
            reading.end_sentence();
            continue;
        }
        if columns[0] == "-DOCSTART-" {
            finish(std::mem::take(&mut reading), &mut documents).map_err(in_file)?;
            reading.first_line = line_number + 1;
            continue;
        }
        let at = |e: Error| in_file(e.at_line(line_number));
        if columns.len() < 2 {
            return Err(at(Error::invalid(format!(
                "the line has one column, {}: a CoNLL line is a token and its tag (and any columns between)",
                quoted(columns[0])
            ))
            .in_field("tag")));
        }
        let tag_column = columns.len();
        let tag = columns[tag_column - 1];
        let Some((prefix, label)) = parse_tag(tag) else {
            return Err(at(Error::invalid(format!(
                "the tag {} is not O, B-label, I-label, E-label or S-label",
                quoted(tag)
            ))
            .in_field(format!("column {tag_column}"))));
        };
        let token = columns[0];
        if reading.sentence_has_tokens {
            reading.text.push(' ');
            reading.length += 1;
        }
        let start = reading.length;
        reading.text.push_str(token);
        reading.length += token.chars().count();
        reading.sentence_has_tokens = true;
        let end = reading.length;
        let continues = reading
            .open
            .filter(|&i| matches!(prefix, 'I' | 'E') && reading.entities[i].2 == label);
        match (prefix, continues) {
            ('O', _) => reading.open = None,
            (_, Some(i)) => reading.entities[i].1 = end,
            _ => {
                reading.entities.push((start, end, label.to_string()));
                reading.open = Some(reading.entities.len() - 1);
            }
        }
        if matches!(prefix, 'E' | 'S') {
            reading.open = None;
        }
    }
    finish(reading, &mut documents).map_err(in_file)?;
    if documents.is_empty() {
        return Err(in_file(Error::new(ErrorKind::Invalid(
            "the file holds no token".to_string(),
        ))));
    }
    Ok(Imported {
        documents,
        report: Report::default(),
        knowledge_base: Default::default(),
        predictions: Vec::new(),
    })
}
