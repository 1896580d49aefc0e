use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::editor::{Command, Dialog};
use crate::keymap::{resolve, Context, KeyCommand, Press};
use crate::store::{Action, Store};
use crate::web::{self, selection};

/// Tags the selected text with a label (or relabels the selected
/// annotation), as a label key or button does.
pub fn tag(store: &UseReducerHandle<Store>, label: String) {
    store.dispatch(Action::Tag {
        label,
        id: web::new_id(),
        now: web::now(),
    });
    // Dispatch updates the handle at once: a consumed selection (the span
    // was tagged) is cleared from the page too.
    if store.selection.is_none() {
        selection::clear_selection();
    }
}

/// Keyboard shortcuts for the whole page (see `keymap`). Keys stay out of
/// the way while focus is in a text field, and while a dialog is open (the
/// dialog takes its own keys).
#[hook]
pub fn use_hotkeys(store: UseReducerHandle<Store>) {
    use_effect_with((), move |_| {
        let options = EventListenerOptions::enable_prevent_default();
        let listener =
            EventListener::new_with_options(&web::window(), "keydown", options, move |event| {
                let Some(e) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if e.default_prevented() || web::focus_takes_typing() {
                    return;
                }
                // The handle always reads the latest state.
                let state = &*store;
                if state.editor.dialog.is_some() {
                    return;
                }
                let key = e.key();
                let press = Press {
                    key: &key,
                    command: e.ctrl_key() || e.meta_key(),
                    alt: e.alt_key(),
                    shift: e.shift_key(),
                };
                let context = Context {
                    selected: state.selected.is_some(),
                    text_selected: state.selection.is_some(),
                    linking: state.editor.linking.is_some(),
                    on_document: web::focus_on_document(),
                };
                let Some(command) = resolve(&press, &state.scheme(), context) else {
                    return;
                };
                e.prevent_default();
                let editor = |command| store.dispatch(Action::Editor(command));
                match command {
                    KeyCommand::Undo => store.dispatch(Action::Undo),
                    KeyCommand::Redo => store.dispatch(Action::Redo),
                    KeyCommand::Tag(label) => tag(&store, label),
                    KeyCommand::LabelPicker => {
                        editor(Command::OpenDialog(Some(Dialog::LabelPicker)))
                    }
                    KeyCommand::Delete => {
                        if let Some(selected) = state.selected.clone() {
                            store.dispatch(Action::Delete(selected));
                        }
                    }
                    KeyCommand::Escape => {
                        if state.editor.linking.is_some() {
                            editor(Command::CancelLink);
                        } else {
                            selection::clear_selection();
                            store.dispatch(Action::SetSelection(None));
                            store.dispatch(Action::Select(None));
                        }
                    }
                    KeyCommand::Help => editor(Command::OpenDialog(Some(Dialog::Help))),
                    KeyCommand::Search => web::focus("input[aria-label='Search the text']"),
                    KeyCommand::Jump {
                        forward,
                        same_label,
                    } => editor(Command::Jump {
                        forward,
                        same_label,
                    }),
                    KeyCommand::StartLink => editor(Command::StartLink),
                    KeyCommand::ConfirmLink => editor(Command::ConfirmLink {
                        id: web::new_id(),
                        now: web::now(),
                    }),
                    KeyCommand::OpenNote => editor(Command::FocusNote),
                    KeyCommand::MoveEnd { end, forward } => editor(Command::MoveEnd {
                        end,
                        forward,
                        now: web::now(),
                    }),
                    KeyCommand::AddFragment => {
                        editor(Command::AddSelection { now: web::now() });
                        selection::clear_selection();
                    }
                    KeyCommand::CutFragment => {
                        editor(Command::CutSelection { now: web::now() });
                        selection::clear_selection();
                    }
                    KeyCommand::Disagreement { forward } => {
                        selection::clear_selection();
                        store.dispatch(Action::Team(crate::team::TeamCommand::Step { forward }));
                    }
                }
            });
        move || drop(listener)
    });
}
