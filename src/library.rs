//! The library of stored documents: starting up from storage, switching
//! documents, opening files and pasted text as documents without
//! overwriting work, renaming, statuses, the trash, search, backups, and
//! following another tab that edits the library.
//!
//! [`Library`] is a handle that components call; each action runs at the
//! edges (storage, files) and reports to the store through actions.

mod backup;
mod documents;
mod export;
mod handle;
mod import;
mod jobs;
mod knowledge;
mod scheme_file;
mod search;
mod startup;
mod suggestions;
mod tagger;
mod team;
mod terms;

pub use backup::describe_storage;
pub use handle::{ago, Library, ANNOTATOR};
pub use jobs::{ExportAnswer, ImportView, PendingRestore, Reading, Storing};
pub use knowledge::LibraryMentions;
pub use scheme_file::{read_scheme, write_scheme};
pub use search::SearchResult;
pub use team::{document_report, merge, read_for_merge, Progress};
