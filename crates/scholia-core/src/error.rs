//! Errors that name exactly what was wrong: the file, the line or record, the
//! field, and what was found. Every importer and every edit reports through
//! [`Error`]; its `Display` is a sentence a user can act on.

use std::fmt;

/// What went wrong, without where.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not well-formed (JSON syntax, a truncated file, bad UTF-8).
    Syntax(String),
    /// The input is not in the expected format at all.
    UnknownFormat(String),
    /// The format marker names a version this build cannot read.
    UnsupportedVersion(String),
    /// A required field is absent.
    Missing,
    /// A field holds a value of the wrong kind or shape.
    Invalid(String),
    /// A fragment reaches outside the text.
    OutOfRange {
        start: usize,
        end: usize,
        len: usize,
    },
    /// Fragments are empty, reversed, unsorted or overlapping.
    Unordered(String),
    /// A fragment would split a grapheme cluster (a character as users see it).
    SplitsGrapheme { offset: usize },
    /// The quoted text differs from the document text at the offsets.
    QuoteMismatch { expected: String, found: String },
    /// A label, relation type or attribute that the scheme does not declare.
    Undeclared(String),
    /// Two records share an id (within a layer).
    DuplicateId(String),
    /// A relation end that names no annotation of its layer.
    DanglingReference(String),
    /// A relation between labels its type does not allow.
    NotAllowed(String),
    /// The document's recorded length or checksum disagrees with its text.
    TextChanged(String),
}

/// An error with its location: file, line, record and field, where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub file: Option<String>,
    /// 1-based line in the file, for line-oriented formats and syntax errors.
    pub line: Option<usize>,
    /// The record, described for people: `annotation “a12” (layer “alice”)`.
    pub record: Option<String>,
    /// The field path within the record: `fragments[1].quote`.
    pub field: Option<String>,
    pub kind: ErrorKind,
}

impl Error {
    pub fn new(kind: ErrorKind) -> Error {
        Error {
            file: None,
            line: None,
            record: None,
            field: None,
            kind,
        }
    }

    pub fn invalid(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Invalid(message.into()))
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Error {
        self.file = Some(file.into());
        self
    }

    pub fn at_line(mut self, line: usize) -> Error {
        self.line = Some(line);
        self
    }

    /// Names the record, unless a more precise one is already named.
    pub fn in_record(mut self, record: impl Into<String>) -> Error {
        self.record.get_or_insert_with(|| record.into());
        self
    }

    /// Names the field, prefixing any field already named (`fragments` +
    /// `[1].quote`).
    pub fn in_field(mut self, field: impl Into<String>) -> Error {
        let outer = field.into();
        self.field = Some(match self.field.take() {
            Some(inner) if inner.starts_with('[') => format!("{outer}{inner}"),
            Some(inner) => format!("{outer}.{inner}"),
            None => outer,
        });
        self
    }
}

/// Quotes a user's string for a message, shortened so a message stays readable.
pub fn quoted(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    let mut shown = String::new();
    for c in text.chars().take(MAX_CHARS) {
        match c {
            '\n' => shown.push_str("\\n"),
            '\r' => shown.push_str("\\r"),
            '\t' => shown.push_str("\\t"),
            c if c.is_control() => shown.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => shown.push(c),
        }
    }
    if text.chars().count() > MAX_CHARS {
        shown.push('…');
    }
    format!("“{shown}”")
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Syntax(message) => write!(f, "the file is not well-formed: {message}"),
            ErrorKind::UnknownFormat(message) => write!(f, "{message}"),
            ErrorKind::UnsupportedVersion(found) => write!(
                f,
                "it is written in version {found} of the format, which this version of Scholia cannot read"
            ),
            ErrorKind::Missing => write!(f, "it is missing"),
            ErrorKind::Invalid(message) => write!(f, "{message}"),
            ErrorKind::OutOfRange { start, end, len } => write!(
                f,
                "the span {start}–{end} reaches outside the text, which has {len} characters"
            ),
            ErrorKind::Unordered(message) => write!(f, "{message}"),
            ErrorKind::SplitsGrapheme { offset } => write!(
                f,
                "offset {offset} falls inside a character (a grapheme cluster such as an emoji or an accented letter)"
            ),
            ErrorKind::QuoteMismatch { expected, found } => write!(
                f,
                "the quoted text {} does not match the document, which reads {} there",
                quoted(found),
                quoted(expected)
            ),
            ErrorKind::Undeclared(message) => write!(f, "{message}"),
            ErrorKind::DuplicateId(id) => write!(f, "the id {} is used twice", quoted(id)),
            ErrorKind::DanglingReference(id) => {
                write!(f, "no annotation has the id {} in this layer", quoted(id))
            }
            ErrorKind::NotAllowed(message) => write!(f, "{message}"),
            ErrorKind::TextChanged(message) => write!(f, "{message}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = Vec::new();
        if let Some(file) = &self.file {
            place.push(file.clone());
        }
        if let Some(line) = self.line {
            place.push(format!("line {line}"));
        }
        if let Some(record) = &self.record {
            place.push(record.clone());
        }
        if let Some(field) = &self.field {
            place.push(format!("field “{field}”"));
        }
        if place.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", place.join(", "), self.kind)
        }
    }
}

impl std::error::Error for Error {}

/// How annotations and relations are named in messages.
pub fn describe_annotation(layer: &str, id: &str) -> String {
    format!("annotation {} (layer {})", quoted(id), quoted(layer))
}

pub fn describe_relation(layer: &str, id: &str) -> String {
    format!("relation {} (layer {})", quoted(id), quoted(layer))
}

/// An error serde met at `path` (as `serde_path_to_error` writes it) in a
/// file whose records are the items of its array `array`: the record is the
/// one `record` names from the item's index, the field the rest of the path.
pub(crate) fn in_record_of(
    message: String,
    path: &str,
    array: &str,
    record: impl FnOnce(&str) -> String,
) -> Error {
    let mut error = Error::invalid(message);
    if let Some(rest) = path
        .strip_prefix(array)
        .and_then(|rest| rest.strip_prefix('['))
    {
        let (index, field) = rest.split_once(']').unwrap_or((rest, ""));
        error.record = Some(record(index));
        let field = field.trim_start_matches('.');
        if !field.is_empty() && field != "?" {
            error.field = Some(field.to_string());
        }
    } else if path != "." && path != "?" {
        error.field = Some(path.to_string());
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_file_record_and_field() {
        let error = Error::new(ErrorKind::QuoteMismatch {
            expected: "Tirana".into(),
            found: "Tehran".into(),
        })
        .in_field("[1].quote")
        .in_field("fragments")
        .in_record(describe_annotation("alice", "a12"))
        .in_file("notes.scholia.json");
        assert_eq!(
            error.to_string(),
            "notes.scholia.json, annotation “a12” (layer “alice”), field “fragments[1].quote”: \
             the quoted text “Tehran” does not match the document, which reads “Tirana” there"
        );
    }

    #[test]
    fn long_and_control_strings_are_shortened_and_escaped() {
        assert_eq!(quoted("a\r\nb\u{7}"), "“a\\r\\nb\\u{7}”");
        assert_eq!(quoted("👩‍👩‍👧"), "“👩‍👩‍👧”");
        assert_eq!(quoted(&"x".repeat(100)).chars().count(), 63);
    }
}
