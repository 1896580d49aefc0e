use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::store::{label_for_key, Action, Store};
use crate::web::{self, selection};

/// Keyboard shortcuts for the whole page: label keys, Delete, undo/redo,
/// Escape. Single keys stay out of the way while focus is in a text field.
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
                let key = e.key();
                let command = e.ctrl_key() || e.meta_key();
                if command && !e.alt_key() && key.eq_ignore_ascii_case("z") {
                    e.prevent_default();
                    store.dispatch(if e.shift_key() {
                        Action::Redo
                    } else {
                        Action::Undo
                    });
                } else if command && key.eq_ignore_ascii_case("y") {
                    e.prevent_default();
                    store.dispatch(Action::Redo);
                } else if command || e.alt_key() {
                    // Leave the browser's own shortcuts alone.
                } else if key == "Delete" || key == "Backspace" {
                    if let Some(selected) = state.selected.clone() {
                        e.prevent_default();
                        store.dispatch(Action::Delete(selected));
                    }
                } else if key == "Escape" {
                    selection::clear_selection();
                    store.dispatch(Action::SetSelection(None));
                    store.dispatch(Action::Select(None));
                } else if let Some(label) = label_for_key(&state.scheme(), &key) {
                    e.prevent_default();
                    store.dispatch(Action::Tag {
                        label,
                        id: web::new_id(),
                        now: web::now(),
                    });
                    // Dispatch updates the handle at once: a consumed selection
                    // (the span was tagged) is cleared from the page too.
                    if store.selection.is_none() {
                        selection::clear_selection();
                    }
                }
            });
        move || drop(listener)
    });
}
