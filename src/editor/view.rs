//! What the user looks at and points to: the text selection (the store's,
//! see `Store::selection`), the selected annotation, clicks on the text,
//! Escape, snapping, dialogs and messages.

use scholia_core::{Key, Snap, Timestamp};

use crate::state::editor::Dialog;
use crate::state::{Message, Store};

pub enum ViewCommand {
    /// The page's selection changed (read by the document view): anchor and
    /// focus in code points, or none.
    SetSelection(Option<(usize, usize)>),
    /// Selects text (anchor, focus), or none, from the app's side (the
    /// keyboard's caret, a span found elsewhere): the page follows,
    /// scrolling to it if `scroll`.
    SelectText {
        selection: Option<(usize, usize)>,
        scroll: bool,
    },
    /// Shift and a caret key: the selection runs from its anchor (the caret,
    /// `from`, when nothing is selected) to `to`.
    ExtendSelection {
        from: usize,
        to: usize,
    },
    /// Selects an annotation, scrolls to it and flashes it.
    Reveal(Key),
    /// A click on the text (at an annotation, or none): selects it, or
    /// makes it the target of the relation being drawn.
    Pick {
        key: Option<Key>,
        id: String,
        now: Timestamp,
    },
    /// Escape: cancels the relation being drawn, else lets go of the
    /// selected text and annotation.
    Escape,
    SetSnap(Snap),
    OpenDialog(Option<Dialog>),
    FocusNote,
    /// Says something to the user (a file that could not be read, say).
    Report(Message),
    Dismiss,
}

impl ViewCommand {
    /// Whether the store ignores the command, so that `reduce` need not
    /// copy it: it would change nothing (the page reports its selection on
    /// every change), or it is a read of the page's selection while a dialog
    /// holds it. The reducer below relies on `reduce` having asked.
    pub fn is_ignored(&self, store: &Store) -> bool {
        match self {
            // While a dialog is open, the page's selection is in the dialog
            // (the picker's input): the text's selection stays the store's.
            ViewCommand::SetSelection(selection) => {
                store.selection == *selection || store.editor.dialog.is_some()
            }
            // Letting go of a selection there is not (a caret key).
            ViewCommand::SelectText {
                selection: None,
                scroll: false,
            } => store.selection.is_none(),
            _ => false,
        }
    }
}

impl Store {
    pub(crate) fn view_command(&mut self, command: ViewCommand) {
        match command {
            ViewCommand::SetSelection(selection) => self.selection = selection,
            ViewCommand::SelectText { selection, scroll } => self.select_text(selection, scroll),
            ViewCommand::ExtendSelection { from, to } => {
                let anchor = self.selection.map_or(from, |(anchor, _)| anchor);
                self.select_text((anchor != to).then_some((anchor, to)), false);
            }
            ViewCommand::Reveal(key) => self.reveal(key),
            ViewCommand::Pick { key, id, now } => match (&self.editor.linking, key) {
                (Some(_), Some(target)) => {
                    self.selected = Some(target);
                    self.confirm_link(id, now);
                }
                (Some(_), None) => {
                    self.message = Some(Message::info(
                        "Click an annotation to link to, or press Escape.",
                    ));
                }
                (None, key) => self.selected = key,
            },
            ViewCommand::Escape => {
                if self.editor.linking.is_some() {
                    self.cancel_link();
                } else {
                    self.clear_selection();
                    self.selected = None;
                }
            }
            ViewCommand::SetSnap(snap) => self.snap = snap,
            ViewCommand::OpenDialog(dialog) => {
                let closing = dialog.is_none() && self.editor.dialog.is_some();
                self.editor.dialog = dialog;
                if closing {
                    // The page's selection went to the dialog: give the
                    // text its selection back.
                    self.select_text(self.selection, false);
                }
            }
            ViewCommand::FocusNote => {
                if self.selected.is_some() {
                    self.editor.focus_note += 1;
                }
            }
            ViewCommand::Report(message) => self.message = Some(message),
            ViewCommand::Dismiss => self.message = None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::testing::*;

    /// Shift+arrows extend from the store's anchor, whatever the page shows
    /// meanwhile; a plain arrow lets go; a dialog keeps the text's selection
    /// and gives it back to the page when it closes.
    #[test]
    fn the_selection_is_the_stores() {
        let extend = |store, from, to| run(store, ViewCommand::ExtendSelection { from, to }.into());
        let store = extend(open(), 4, 8);
        assert_eq!(store.selection, Some((4, 8)));
        let store = extend(store, 8, 13);
        assert_eq!(store.selection, Some((4, 13)), "the anchor stays");
        let nonce = store.selection_request.nonce;
        let store = extend(store, 13, 4);
        assert_eq!(
            store.selection, None,
            "back to the anchor: nothing selected"
        );
        assert!(store.selection_request.nonce > nonce, "the page is told");
        let same = run(
            store.clone(),
            ViewCommand::SelectText {
                selection: None,
                scroll: false,
            }
            .into(),
        );
        assert!(
            std::rc::Rc::ptr_eq(&same, &store),
            "letting go of nothing changes nothing"
        );
        let store = select(store, (0, 3));
        let nonce = store.selection_request.nonce;
        assert_eq!(
            nonce, same.selection_request.nonce,
            "a selection read from the page is not written back"
        );
        let store = run(
            store,
            ViewCommand::OpenDialog(Some(Dialog::LabelPicker)).into(),
        );
        let store = run(store, ViewCommand::SetSelection(None).into());
        assert_eq!(
            store.selection,
            Some((0, 3)),
            "the picker's input took the page's selection, not the store's"
        );
        let store = run(store, ViewCommand::OpenDialog(None).into());
        assert_eq!(store.selection, Some((0, 3)));
        assert!(
            store.selection_request.nonce > nonce,
            "closing the dialog gives it back to the page"
        );
        let store = run(store, ViewCommand::Escape.into());
        assert_eq!((store.selection, store.selected.clone()), (None, None));
    }
}
