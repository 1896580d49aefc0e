//! The reducers: every user command, in groups, each group's command enum
//! beside the code that reduces it (`impl Store` in its file) and its tests.
//! `store::Action` names the group; nothing else changes the store. Every
//! document change goes through the core's `editing` and `scheme_edit`
//! functions and is one undo step; the reducers are pure (actions carry
//! `now` and fresh ids).
//!
//! - `spans`: tag, relabel, delete, resize, fragments, notes, attributes;
//! - `relations`: draw, choose the type, unlink;
//! - `scheme`: the scheme editor's changes, scheme files;
//! - `search`: the query, stepping through hits, annotate-all;
//! - `filter`: the list's filter and ticks, `]` `[` jumps;
//! - `team`: layers, colours, disagreements, adjudication;
//! - `library`: the open document, the list of documents, saving;
//! - `view`: the selection, clicks, Escape, dialogs, messages;
//! - `document`: document labels (a set's options chosen, a set added);
//! - `suggestions`: step through, accept, reject, accept all, the panel;
//! - `history`: undo and redo.

pub mod document;
pub mod filter;
pub mod history;
pub mod knowledge;
pub mod library;
pub mod relations;
pub mod scheme;
pub mod search;
pub mod spans;
pub mod suggestions;
pub mod team;
pub mod view;

#[cfg(test)]
pub mod testing;
