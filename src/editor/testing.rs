//! What the reducers' tests share: a store with a document open, and the
//! steps a user takes, each through `Store::reduce` as the app sends them.

use std::rc::Rc;

use scholia_core::{AnnotatedDocument, Document, Key, Scheme, Timestamp};
pub use yew::Reducible;

use crate::state::DEFAULT_ANNOTATOR;
use crate::store::{Action, LibraryCommand, SpanCommand, Store, ViewCommand};

pub const TEXT: &str = "Edi Rama said Iran attacked Albania. Rama said so twice.";

/// A store with `text` open, in the default scheme.
pub fn open_text(text: &str) -> Rc<Store> {
    let doc = AnnotatedDocument::new(Document::new("d", text), Scheme::default_scheme());
    run(
        Rc::new(Store::default()),
        LibraryCommand::Open(Box::new(doc)).into(),
    )
}

/// A store with [`TEXT`] open.
pub fn open() -> Rc<Store> {
    open_text(TEXT)
}

/// Reduces `action`, then what the root does next when the repeats'
/// phrases are new to the occurrences found: the worker's code finds them,
/// and its answer is reduced.
pub fn run(store: Rc<Store>, action: Action) -> Rc<Store> {
    repeats_found(store.reduce(action))
}

fn repeats_found(store: Rc<Store>) -> Rc<Store> {
    let wanted = store.workspace.as_ref().and_then(|w| {
        let w = w.borrow();
        let (key, phrases) = store.editor.suggestions.repeats_wanted(&w.doc)?;
        let options = scholia_core::suggest::repeats::Options {
            case_sensitive: key.case_sensitive,
        };
        let text = w.doc.document().text.as_str();
        let hits = scholia_core::suggest::repeats::occurrences(text, &phrases, options);
        Some((key, phrases, hits))
    });
    match wanted {
        Some((key, phrases, hits)) => {
            let found = Ok(hits);
            store.reduce(
                crate::store::SuggestCommand::RepeatsFound {
                    key,
                    phrases,
                    found,
                }
                .into(),
            )
        }
        None => store,
    }
}

/// The code points of the `nth` occurrence of `word` in [`TEXT`].
pub fn cp(word: &str, nth: usize) -> (usize, usize) {
    let byte = TEXT.match_indices(word).nth(nth).unwrap().0;
    let start = TEXT[..byte].chars().count();
    (start, start + word.chars().count())
}

/// The page's selection changes, as a mouse drag makes it.
pub fn select(store: Rc<Store>, selection: (usize, usize)) -> Rc<Store> {
    run(store, ViewCommand::SetSelection(Some(selection)).into())
}

/// Selects `selection` and presses a label's key.
pub fn tag_at(store: Rc<Store>, selection: (usize, usize), label: &str, id: &str) -> Rc<Store> {
    let store = select(store, selection);
    run(
        store,
        SpanCommand::Tag {
            label: label.into(),
            id: id.into(),
            now: Timestamp(1),
        }
        .into(),
    )
}

/// Selects the first `word` of [`TEXT`] and tags it.
pub fn tag(store: Rc<Store>, word: &str, label: &str, id: &str) -> Rc<Store> {
    tag_at(store, cp(word, 0), label, id)
}

/// A key in the default annotator's layer.
pub fn key(id: &str) -> Key {
    Key::new(DEFAULT_ANNOTATOR, id)
}

/// (label, quotes joined by `|`) of each annotation, in document order.
pub fn quotes(store: &Store) -> Vec<(String, String)> {
    let w = store.workspace.as_ref().unwrap().borrow();
    w.doc
        .annotations_in_document_order()
        .into_iter()
        .map(|a| (a.label.to_string(), w.doc.quotes(a).join("|")))
        .collect()
}

pub fn n_relations(store: &Store) -> usize {
    let w = store.workspace.as_ref().unwrap().borrow();
    let n = w.doc.relations().len();
    n
}

/// What the root does when the lists the store wants matched change: the
/// worker's code finds them, and its answer is reduced.
pub fn matched(store: Rc<Store>) -> Rc<Store> {
    let wanted = {
        let w = store.workspace.as_ref().unwrap().borrow();
        let state = &store.editor.suggestions;
        state
            .terms_wanted(&w.doc)
            .map(|(key, lists)| (key, lists, w.doc.document().text.as_str().to_string()))
    };
    let Some((key, lists, text)) = wanted else {
        return store;
    };
    let specs: Vec<_> = lists.iter().map(|l| l.spec()).collect();
    let texts: Vec<String> = lists.iter().map(|l| l.text.to_string()).collect();
    let found = scholia_worker::terms::Lists::default().find(&specs, |i| texts[i].clone(), &text);
    let found = found.map(|(_, found)| found);
    run(
        store,
        crate::store::SuggestCommand::TermsFound { key, found }.into(),
    )
}
