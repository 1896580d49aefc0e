use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::keymap::{resolve, Context, KeyCommand, Press};
use crate::state::editor::Dialog;
use crate::store::{
    Action, FilterCommand, RelationCommand, SpanCommand, Store, SuggestCommand, TeamCommand,
    ViewCommand,
};
use crate::web;

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
                if command == KeyCommand::Search {
                    web::focus("input[aria-label='Search the text']");
                } else if let Some(action) = action_for(command, state) {
                    store.dispatch(action);
                }
            });
        move || drop(listener)
    });
}

/// The action a key's command sends (the search key only moves the focus).
fn action_for(command: KeyCommand, state: &Store) -> Option<Action> {
    let (id, now) = (web::new_id, web::now);
    Some(match command {
        KeyCommand::Undo => Action::Undo,
        KeyCommand::Redo => Action::Redo,
        KeyCommand::Tag(label) => SpanCommand::Tag {
            label,
            id: id(),
            now: now(),
        }
        .into(),
        KeyCommand::LabelPicker => ViewCommand::OpenDialog(Some(Dialog::LabelPicker)).into(),
        KeyCommand::Delete => SpanCommand::Delete(vec![state.selected.clone()?]).into(),
        KeyCommand::Escape => ViewCommand::Escape.into(),
        KeyCommand::Help => ViewCommand::OpenDialog(Some(Dialog::Help)).into(),
        KeyCommand::Search => return None,
        KeyCommand::Jump {
            forward,
            same_label,
        } => FilterCommand::Jump {
            forward,
            same_label,
        }
        .into(),
        KeyCommand::StartLink => RelationCommand::StartLink.into(),
        KeyCommand::NewEntity => crate::store::DocumentCommand::NewEntity { now: now() }.into(),
        KeyCommand::ConfirmLink => RelationCommand::ConfirmLink {
            id: id(),
            now: now(),
        }
        .into(),
        KeyCommand::OpenNote => ViewCommand::FocusNote.into(),
        KeyCommand::MoveEnd { end, forward } => SpanCommand::MoveEnd {
            end,
            forward,
            now: now(),
        }
        .into(),
        KeyCommand::AddFragment => SpanCommand::AddSelection { now: now() }.into(),
        KeyCommand::CutFragment => SpanCommand::CutSelection { now: now() }.into(),
        KeyCommand::Disagreement { forward } => TeamCommand::Step { forward }.into(),
        KeyCommand::Suggestion { forward } => SuggestCommand::Step { forward }.into(),
        KeyCommand::AcceptSuggestion => SuggestCommand::Accept {
            id: id(),
            now: now(),
        }
        .into(),
        KeyCommand::RejectSuggestion => SuggestCommand::Reject.into(),
        KeyCommand::AcceptAllSuggestions => SuggestCommand::AcceptAll {
            id_seed: id(),
            now: now(),
        }
        .into(),
        KeyCommand::UncertainSuggestion => SuggestCommand::NextUncertain.into(),
    })
}
