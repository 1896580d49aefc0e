//! The editing tools in the toolbar: undo and redo, the scheme, the
//! shortcuts, the theme.

use yew::prelude::*;

use super::theme_switch::ThemeSwitch;
use crate::state::editor::Dialog;
use crate::store::{Action, ViewCommand};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub can_undo: bool,
    pub can_redo: bool,
    pub on_undo: Callback<()>,
    pub on_redo: Callback<()>,
    pub on_action: Callback<Action>,
}

#[component]
pub fn ToolbarTools(props: &Props) -> Html {
    let emit = |callback: &Callback<()>| {
        let callback = callback.clone();
        Callback::from(move |_| callback.emit(()))
    };
    let open = |dialog: Dialog| {
        let on_action = props.on_action.clone();
        Callback::from(move |_| {
            on_action.emit(ViewCommand::OpenDialog(Some(dialog.clone())).into())
        })
    };
    html! {
        <div class="tools" role="group" aria-label="Editing tools">
            <button aria-label="Undo" title="Undo (Ctrl+Z)" disabled={!props.can_undo} onclick={emit(&props.on_undo)}>{ "↶" }</button>
            <button aria-label="Redo" title="Redo (Ctrl+Shift+Z, Ctrl+Y)" disabled={!props.can_redo} onclick={emit(&props.on_redo)}>{ "↷" }</button>
            <button title="Labels, relation types and attributes" onclick={open(Dialog::Scheme)}>{ "Scheme…" }</button>
            <button aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onclick={open(Dialog::Help)}>{ "?" }</button>
            <ThemeSwitch />
        </div>
    }
}
