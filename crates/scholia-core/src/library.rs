//! A library of documents: each document's place in the work (status, times,
//! trash), and searching their text. The app stores libraries; the core only
//! says what they hold and how to search them.

use crate::document::AnnotatedDocument;
use crate::edit::History;
use crate::model::Timestamp;

/// Where a document is in the annotation work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Status {
    #[default]
    NotStarted,
    InProgress,
    Done,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::NotStarted, Status::InProgress, Status::Done];

    /// The name used in files and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "notStarted",
            Status::InProgress => "inProgress",
            Status::Done => "done",
        }
    }

    pub fn parse(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "Not started",
            Status::InProgress => "In progress",
            Status::Done => "Done",
        }
    }
}

/// One document of a library with everything a backup carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryDocument {
    pub doc: AnnotatedDocument,
    pub status: Status,
    pub created: Timestamp,
    pub modified: Timestamp,
    /// When it was moved to the trash; `None` while it is in the library.
    pub trashed: Option<Timestamp>,
    pub history: History,
}

/// Whether two documents hold the same text, scheme, annotations and
/// relations (ids and titles aside: a stored copy may have been renamed).
pub fn same_content(a: &AnnotatedDocument, b: &AnnotatedDocument) -> bool {
    a.document().text == b.document().text
        && a.scheme() == b.scheme()
        && a.annotations().eq(b.annotations())
        && a.relations().eq(b.relations())
}

/// Text folded for case-insensitive search, with exactly one character for
/// each character of the original, so that code-point offsets found in the
/// folded text are offsets into the original. (A character whose lower case
/// is several characters, such as “İ”, is kept as it is.)
pub fn fold(text: &str) -> String {
    // Runs of ASCII are copied and lowered at once: repeats fold the whole
    // text on every edit, and most of most texts is ASCII.
    let mut folded = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (run, after) = rest.split_at(ascii);
        let from = folded.len();
        folded.push_str(run);
        if let Some(run) = folded.get_mut(from..) {
            run.make_ascii_lowercase();
        }
        let mut chars = after.chars();
        if let Some(c) = chars.next() {
            let mut lower = c.to_lowercase();
            folded.push(match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            });
        }
        rest = chars.as_str();
    }
    folded
}

/// One occurrence of a search, with a little text around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Code-point offsets of the occurrence in the text.
    pub start: usize,
    pub end: usize,
    pub before: String,
    pub matched: String,
    pub after: String,
}

/// Occurrences of a search in one text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextMatches {
    pub count: usize,
    /// The first few occurrences.
    pub snippets: Vec<Snippet>,
}

/// How many characters of context a snippet shows on each side.
const CONTEXT_CHARS: usize = 32;

/// Finds `query` (already folded) in `text`, whose folded form is `folded`:
/// counts every occurrence and returns the first `max_snippets` in context.
/// Occurrences do not overlap.
pub fn find_in_text(text: &str, folded: &str, query: &str, max_snippets: usize) -> TextMatches {
    let mut found = TextMatches::default();
    if query.is_empty() {
        return found;
    }
    let query_chars = query.chars().count();
    // Walk the folded text once, counting code points up to each match.
    let (mut byte, mut code_point) = (0, 0);
    while let Some(at) = folded[byte..].find(query) {
        code_point += folded[byte..byte + at].chars().count();
        byte += at + query.len();
        found.count += 1;
        if found.snippets.len() < max_snippets {
            let start = code_point;
            let end = start + query_chars;
            let before: String = text
                .chars()
                .skip(start.saturating_sub(CONTEXT_CHARS))
                .take(start.min(CONTEXT_CHARS))
                .collect();
            let mut rest = text.chars().skip(start);
            let matched: String = rest.by_ref().take(query_chars).collect();
            let after: String = rest.take(CONTEXT_CHARS).collect();
            found.snippets.push(Snippet {
                start,
                end,
                before,
                matched,
                after,
            });
        }
        code_point += query_chars;
    }
    found
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn folding_lowers_each_character_that_lowers_to_one(s in "(\\PC|[A-Za-zİßΣ])*") {
            let one_by_one: String = s
                .chars()
                .map(|c| {
                    let mut lower = c.to_lowercase();
                    match (lower.next(), lower.next()) {
                        (Some(l), None) => l,
                        _ => c,
                    }
                })
                .collect();
            prop_assert_eq!(fold(&s), one_by_one);
        }
    }

    #[test]
    fn statuses_have_stable_names() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        assert_eq!(Status::parse("finished"), None);
        assert_eq!(Status::default(), Status::NotStarted);
    }

    #[test]
    fn search_ignores_case_and_reports_code_point_offsets() {
        let text = "👩‍👩‍👧 Iran said IRAN.\r\nİstanbul: iran again";
        let folded = fold(text);
        assert_eq!(folded.chars().count(), text.chars().count());
        let found = find_in_text(text, &folded, &fold("Iran"), 2);
        assert_eq!(found.count, 3);
        assert_eq!(found.snippets.len(), 2);
        let first = &found.snippets[0];
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(first.start, 6);
        assert_eq!(
            chars[first.start..first.end].iter().collect::<String>(),
            "Iran"
        );
        assert_eq!(first.before, "👩‍👩‍👧 ");
        assert_eq!(found.snippets[1].matched, "IRAN");
        assert_eq!(found.snippets[1].after, ".\r\nİstanbul: iran again");
        assert_eq!(find_in_text(text, &folded, &fold("İst"), 5).count, 1);
        assert_eq!(find_in_text(text, &folded, "", 5).count, 0);
        assert_eq!(find_in_text(text, &folded, "tehran", 5).count, 0);
    }
}
