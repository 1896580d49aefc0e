//! The first edit of a page, rehearsed on a scratch document while the page
//! is idle: V8 compiles a wasm function only when it is first called, on the
//! page's thread, so without this the user's first add of a session waits
//! for the compiler to reach the reducer's code (the edit, its history, word
//! snapping) once, a few milliseconds to tens on a busy machine
//! (docs/performance.md). The rehearsal goes through `Store::reduce` exactly
//! as the keys do, on a store of its own: nothing is stored, shown or kept.

use std::rc::Rc;

use scholia_core::{AnnotatedDocument, Document, Scheme, Timestamp};
use yew::Reducible;

use crate::store::{Action, LibraryCommand, SpanCommand, Store, ViewCommand};

/// Selects part of a word of a scratch document, tags it with the scheme's
/// first label (snapped to the word) and undoes it, each step through the
/// reducer; returns how many annotations the document had after the tag
/// and after the undo.
pub fn rehearse(id: String, now: Timestamp) -> [usize; 2] {
    let scheme = Scheme::default_scheme();
    let label = scheme.labels[0].id.clone();
    let text = "Scratch text: Edi Rama said so, twice \u{1F600}.";
    let doc = AnnotatedDocument::new(Document::new("rehearsal", text), scheme);
    let count = |store: &Store| {
        (store.workspace.as_ref()).map_or(0, |w| w.borrow().doc.annotations().count())
    };
    let store = Rc::new(Store::default())
        .reduce(LibraryCommand::Open(Box::new(doc)).into())
        .reduce(ViewCommand::SetSelection(Some((15, 19))).into())
        .reduce(SpanCommand::Tag { label, id, now }.into());
    let tagged = count(&store);
    let store = store.reduce(Action::Undo);
    [tagged, count(&store)]
}

/// Rehearses the first edit once the page is idle (or after 3 s).
#[cfg(target_arch = "wasm32")]
pub fn when_idle() {
    crate::web::when_idle(3000, || {
        rehearse(crate::web::new_id(), crate::web::now());
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rehearsal_tags_a_word_and_undoes_it() {
        assert_eq!(rehearse("r".into(), Timestamp(1)), [1, 0]);
    }
}
