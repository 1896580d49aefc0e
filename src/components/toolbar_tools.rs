//! The editing tools in the toolbar: undo and redo; the scheme, the
//! shortcuts and the theme; and, on a narrow screen, the menu that folds the
//! toolbar's secondary tools away so that the text keeps the screen.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::theme_switch::ThemeSwitch;
use crate::state::editor::Dialog;
use crate::store::{Action, ViewCommand};
use crate::web;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub can_undo: bool,
    pub can_redo: bool,
    pub on_undo: Callback<()>,
    pub on_redo: Callback<()>,
}

#[component]
pub fn ToolbarTools(props: &Props) -> Html {
    let emit = |callback: &Callback<()>| {
        let callback = callback.clone();
        Callback::from(move |_| callback.emit(()))
    };
    html! {
        <div class="tools" role="group" aria-label="Editing tools">
            <button aria-label="Undo" title="Undo (Ctrl+Z)" disabled={!props.can_undo} onclick={emit(&props.on_undo)}>{ "↶" }</button>
            <button aria-label="Redo" title="Redo (Ctrl+Shift+Z, Ctrl+Y)" disabled={!props.can_redo} onclick={emit(&props.on_redo)}>{ "↷" }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SchemeToolsProps {
    pub on_action: Callback<Action>,
}

/// The scheme, the shortcuts and the theme.
#[component]
pub fn SchemeTools(props: &SchemeToolsProps) -> Html {
    let open = |dialog: Dialog| {
        let on_action = props.on_action.clone();
        Callback::from(move |_| {
            on_action.emit(ViewCommand::OpenDialog(Some(dialog.clone())).into())
        })
    };
    html! {
        <>
            <button title="Labels, relation types and attributes" onclick={open(Dialog::Scheme)}>{ "Scheme…" }</button>
            <button aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onclick={open(Dialog::Help)}>{ "?" }</button>
            <ThemeSwitch />
        </>
    }
}

/// The id of the menu's tools, which its button controls.
const MENU: &str = "toolbar-more";

#[derive(Properties, PartialEq)]
pub struct MenuProps {
    pub children: Html,
}

/// The toolbar's secondary tools. On a wide screen they sit in the toolbar
/// (the style sheet shows the menu's box as its children alone, and hides its
/// button); on a narrow one they fold into a menu under a "Tools" button: a
/// disclosure (the button says whether it is expanded), opened and closed by
/// the button, closed by Escape (the focus goes back to the button), by a
/// button in it being used (a dialog opens, an export starts) and by the
/// focus leaving it or its button for elsewhere (a tap on the text).
#[component]
pub fn ToolbarMenu(props: &MenuProps) -> Html {
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let onkeydown = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if *open && e.key() == "Escape" {
                e.stop_propagation();
                open.set(false);
                web::focus(&format!("button[aria-controls='{MENU}']"));
            }
        })
    };
    let onclick = {
        let open = open.clone();
        Callback::from(move |e: MouseEvent| {
            let used_button = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|t| t.closest("button").ok().flatten())
                .is_some();
            if *open && used_button {
                open.set(false);
            }
        })
    };
    let onfocusout = {
        let open = open.clone();
        Callback::from(move |e: FocusEvent| {
            // Within the menu, or to its button (which then toggles it): still open.
            let staying = e
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| {
                    t.closest(&format!("#{MENU}, [aria-controls='{MENU}']"))
                        .ok()
                        .flatten()
                })
                .is_some();
            if *open && !staying {
                open.set(false);
            }
        })
    };
    html! {
        <>
            <button class="more-toggle" aria-expanded={open.to_string()} aria-controls={MENU}
                title="The other tools: guidelines, import and export, the scheme, the theme…" onclick={toggle} onfocusout={onfocusout.clone()}>{ "Tools" }</button>
            <div id={MENU} class={classes!("toolbar-more", open.then_some("open"))} {onkeydown} {onclick} {onfocusout}>
                { props.children.clone() }
            </div>
        </>
    }
}
