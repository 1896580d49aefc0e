//! A modal dialog: a titled box over a backdrop. Escape or the close button
//! closes it; on opening, focus goes to its first control, and on closing it
//! returns to the document.

use yew::prelude::*;

use crate::web;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub title: AttrValue,
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn Modal(props: &Props) -> Html {
    let box_ref = use_node_ref();
    {
        let box_ref = box_ref.clone();
        use_effect_with((), move |_| {
            if let Some(element) = box_ref.cast::<web_sys::Element>() {
                let first = element
                    .query_selector("[autofocus], input, select, textarea, button:not(.close)")
                    .ok()
                    .flatten()
                    .or_else(|| element.query_selector("button").ok().flatten());
                if let Some(first) = first
                    .and_then(|f| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(f).ok())
                {
                    let _ = first.focus();
                }
            }
            || web::focus("article[aria-label='Document']")
        });
    }
    let onkeydown = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                e.stop_propagation();
                on_close.emit(());
            }
        })
    };
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    let backdrop = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: MouseEvent| {
            // Only a click on the backdrop itself, not inside the dialog.
            if e.target() == e.current_target() {
                on_close.emit(());
            }
        })
    };
    let title_id = format!("dialog-{}", props.title.replace(' ', "-"));
    html! {
        <div class="backdrop" onclick={backdrop}>
            <div class={classes!("dialog", props.class.clone())} role="dialog" aria-modal="true"
                aria-labelledby={title_id.clone()} ref={box_ref} {onkeydown}>
                // Not a <header>: in a dialog that would be a second banner
                // landmark beside the toolbar.
                <div class="dialog-header">
                    <h2 id={title_id}>{ props.title.clone() }</h2>
                    <button class="close" aria-label="Close" onclick={close}>{ "×" }</button>
                </div>
                { props.children.clone() }
            </div>
        </div>
    }
}
