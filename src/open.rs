//! What opening a file means: a `.txt` (or `.md`) file is a new document to annotate,
//! a Scholia JSON file is a document with its annotations. Pure: the caller
//! passes the fresh id.

use scholia_core::format::scholia;
use scholia_core::{AnnotatedDocument, Document, Error, ErrorKind, Scheme};

/// The seed article, opened on first start.
pub const SEED_TEXT: &str = include_str!("../seeds/000_30a6df7a3a6d4c7e.txt");
pub const SEED_ID: &str = "seed-30a6df7a3a6d4c7e";

pub fn seed_document() -> AnnotatedDocument {
    AnnotatedDocument::new(Document::new(SEED_ID, SEED_TEXT), Scheme::default_scheme())
}

/// Reads a file the user opened. Errors name the file.
pub fn read_file(name: &str, bytes: &[u8], new_id: &str) -> Result<AnnotatedDocument, Error> {
    let in_file = |e: Error| e.in_file(name);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        in_file(Error::new(ErrorKind::Syntax(format!(
            "it is not UTF-8 text (an invalid byte at position {})",
            e.valid_up_to()
        ))))
    })?;
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    match extension.as_deref() {
        Some(kind @ ("txt" | "md" | "markdown")) => {
            if text.is_empty() {
                return Err(in_file(Error::invalid("the file is empty")));
            }
            let mut document = Document::new(new_id, text);
            if kind != "txt" {
                // A Markdown heading's marks are not part of the title.
                let title = document.title.trim_start_matches('#').trim_start();
                if !title.is_empty() {
                    document.title = title.to_string();
                }
            }
            Ok(AnnotatedDocument::new(document, Scheme::default_scheme()))
        }
        Some("json") => scholia::import(text).map_err(in_file),
        _ if text.trim_start().starts_with('{') => scholia::import(text).map_err(in_file),
        _ => Err(in_file(Error::new(ErrorKind::UnknownFormat(
            "Scholia opens .txt and .md files as new documents and .json Scholia files; this file is neither".into(),
        )))),
    }
}

/// A title not yet used in the library: `title`, else `title (2)`, `(3)`…
pub fn unused_title<'a>(title: &str, used: impl Iterator<Item = &'a str> + Clone) -> String {
    if !used.clone().any(|t| t == title) {
        return title.to_string();
    }
    (2..)
        .map(|n| format!("{title} ({n})"))
        .find(|candidate| !used.clone().any(|t| t == candidate))
        .unwrap_or_else(|| title.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_is_the_shipped_article() {
        let seed = seed_document();
        assert!(seed
            .document()
            .title
            .starts_with("Albanian special forces police"));
        assert_eq!(seed.document().text.as_str(), SEED_TEXT);
    }

    #[test]
    fn txt_files_keep_their_text_exactly() {
        let text = "\u{feff}Café 😀\r\nسلام\r\n";
        let doc = read_file("notes.TXT", text.as_bytes(), "id-1").unwrap();
        assert_eq!(doc.document().text.as_str(), text);
        assert_eq!(doc.document().title, "Café 😀");
        assert_eq!(doc.document().id, "id-1");
        // A .txt is text even when it looks like JSON.
        let doc = read_file("data.txt", b"{\"format\": \"scholia\"}", "id-2").unwrap();
        assert_eq!(doc.document().text.as_str(), "{\"format\": \"scholia\"}");
    }

    #[test]
    fn markdown_files_are_text_titled_without_heading_marks() {
        let text = "## Report on *Iran*\r\nIran denied it.\n";
        let doc = read_file("report.md", text.as_bytes(), "id-3").unwrap();
        assert_eq!(doc.document().text.as_str(), text);
        assert_eq!(doc.document().title, "Report on *Iran*");
    }

    #[test]
    fn bad_files_are_refused_with_their_name() {
        let error = read_file("latin1.txt", b"caf\xe9", "x").unwrap_err();
        assert_eq!(
            error.to_string(),
            "latin1.txt: the file is not well-formed: it is not UTF-8 text (an invalid byte at position 3)"
        );
        let error = read_file("picture.png", b"\x89PNG", "x").unwrap_err();
        assert!(error.to_string().starts_with("picture.png: "), "{error}");
        let error =
            read_file("bad.json", b"{\"format\": \"scholia\", \"version\": 1", "x").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("bad.json, line 1: the file is not well-formed"),
            "{error}"
        );
        assert!(read_file("empty.txt", b"", "x").is_err());
    }

    #[test]
    fn titles_are_made_unique() {
        let used = ["A", "A (2)", "B"];
        assert_eq!(unused_title("A", used.iter().copied()), "A (3)");
        assert_eq!(unused_title("C", used.iter().copied()), "C");
    }
}
