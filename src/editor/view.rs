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
    /// Whether the command would change nothing, so that the store need
    /// not be copied (the page reports its selection on every change).
    pub fn changes_nothing(&self, store: &Store) -> bool {
        match self {
            // While a dialog is open, the page's selection is in the dialog
            // (the picker's input): the text's selection stays the store's.
            ViewCommand::SetSelection(selection) => {
                store.selection == *selection || store.editor.dialog.is_some()
            }
            _ => false,
        }
    }
}

impl Store {
    pub(crate) fn view_command(&mut self, command: ViewCommand) {
        match command {
            ViewCommand::SetSelection(selection) => {
                if !ViewCommand::SetSelection(selection).changes_nothing(self) {
                    self.selection = selection;
                }
            }
            ViewCommand::SelectText { selection, scroll } => self.select_text(selection, scroll),
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
