//! The editing tools' state (one field of the store): a relation being
//! drawn, the dialog open, the search, the list's filter and ticks.

use std::collections::BTreeSet;
use std::ops::Range;
use std::rc::Rc;

use scholia_core::Key;

use crate::listing::Filter;
use crate::state::suggestions::SuggestionsState;

/// A relation whose ends are picked, waiting for the user to choose among
/// the types that fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingLink {
    pub source: Key,
    pub target: Key,
    /// (id, name) of each relation type that fits.
    pub kinds: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    Help,
    Scheme,
    LabelPicker,
    RelationType(PendingLink),
    /// Merging annotators' files (shown by `team_dialogs`).
    Merge,
    /// The agreement report (shown by `team_dialogs`).
    Agreement,
    /// The team's guidelines.
    Guidelines,
    /// The library's entities (shown by the root: it needs the library).
    Entities,
}

/// The text search and its hits (code-point ranges, in document order).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchState {
    pub query: String,
    pub regex: bool,
    pub match_case: bool,
    pub hits: Rc<Vec<Range<usize>>>,
    /// Whether there were more hits than the app shows.
    pub truncated: bool,
    /// The hit last jumped to.
    pub current: Option<usize>,
    /// Why the query could not run (an invalid regular expression).
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EditorState {
    /// Drawing a relation from this annotation: the next pick is its target.
    pub linking: Option<Key>,
    pub dialog: Option<Dialog>,
    pub search: SearchState,
    pub filter: Filter,
    /// Annotations ticked in the panel, for bulk relabel and delete.
    pub checked: BTreeSet<Key>,
    /// Asks the panel to focus the note field; changes on every request.
    pub focus_note: u64,
    /// The open document's suggestions: decisions, sources, the current one.
    pub suggestions: SuggestionsState,
}

impl EditorState {
    /// The state to keep when another document opens: the search options
    /// (the search bar runs the query again on the new text).
    pub fn for_new_document(&self) -> EditorState {
        EditorState {
            search: SearchState {
                query: self.search.query.clone(),
                regex: self.search.regex,
                match_case: self.search.match_case,
                ..SearchState::default()
            },
            suggestions: self.suggestions.for_new_document(),
            ..EditorState::default()
        }
    }
}
