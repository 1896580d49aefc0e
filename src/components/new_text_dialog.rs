//! A dialog to make a document of pasted text, with an optional title.

use yew::prelude::*;

use super::modal::Modal;
use crate::library::Library;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub library: Library,
    pub on_close: Callback<()>,
}

#[component]
pub fn NewTextDialog(props: &Props) -> Html {
    let title_ref = use_node_ref();
    let text_ref = use_node_ref();
    let empty = use_state(|| false);
    let create = {
        let (library, on_close, title_ref, text_ref, empty) = (
            props.library.clone(),
            props.on_close.clone(),
            title_ref.clone(),
            text_ref.clone(),
            empty.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = text_ref
                .cast::<web_sys::HtmlTextAreaElement>()
                .map(|t| t.value())
                .unwrap_or_default();
            if text.trim().is_empty() {
                empty.set(true);
                return;
            }
            let title = title_ref
                .cast::<web_sys::HtmlInputElement>()
                .map(|t| t.value())
                .unwrap_or_default();
            library.add_text(title, text);
            on_close.emit(());
        })
    };
    let cancel = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    html! {
        <Modal title="New document from text" class="new-text" on_close={props.on_close.clone()}>
            <form class="dialog-form" onsubmit={create}>
                <label class="field">
                    { "Title (optional: the first line otherwise)" }
                    <input type="text" ref={title_ref} />
                </label>
                <label class="field">
                    { "Text" }
                    <textarea ref={text_ref} rows="12" autofocus=true placeholder="Paste the text to annotate" />
                </label>
                if *empty {
                    <p class="field-error" role="alert">{ "Paste some text first." }</p>
                }
                <p class="dialog-hint">{ "The text is kept exactly as pasted: offsets count its characters as they are." }</p>
                <div class="dialog-buttons">
                    <button type="button" onclick={cancel}>{ "Cancel" }</button>
                    <button type="submit" class="primary">{ "Add to the library" }</button>
                </div>
            </form>
        </Modal>
    }
}
