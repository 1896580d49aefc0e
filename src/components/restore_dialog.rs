//! Restoring a library backup: what the file holds, and the choice between
//! merging it into this library and replacing this library with it.

use yew::prelude::*;

use super::modal::Modal;
use crate::library::{Library, PendingRestore};
use crate::words::plural;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub pending: PendingRestore,
    pub library: Library,
    /// Documents in this library now (trash aside).
    pub in_library: usize,
    pub on_close: Callback<()>,
}

#[component]
pub fn RestoreDialog(props: &Props) -> Html {
    let choose = |replace: bool| {
        let (library, pending, on_close) = (
            props.library.clone(),
            props.pending.clone(),
            props.on_close.clone(),
        );
        Callback::from(move |_| {
            library.restore(pending.clone(), replace);
            on_close.emit(());
        })
    };
    let cancel = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    let backup = &props.pending.backup;
    let made = backup
        .created
        .map(|t| format!(", made {}", &t.to_rfc3339()[..10]))
        .unwrap_or_default();
    html! {
        <Modal title={format!("Restore “{}”", props.pending.file_name)} class="restore" on_close={props.on_close.clone()}>
                <p>{ format!("This backup holds {}{made}.", plural(backup.documents.len(), "document", "documents")) }</p>
                <ul class="restore-titles">
                    { for backup.documents.iter().take(8).map(|d| html! {
                        <li dir="auto">{ d.doc.document().title.clone() }</li>
                    }) }
                    if backup.documents.len() > 8 {
                        <li>{ format!("and {} more", backup.documents.len() - 8) }</li>
                    }
                </ul>
                <div class="restore-choices">
                    <button class="primary" onclick={choose(false)}>{ "Merge into this library" }</button>
                    <p class="dialog-hint">{ "Keeps every document here and adds those the backup has that this library lacks (a document changed in both is added as a copy)." }</p>
                    <button class="danger-button" onclick={choose(true)}>{ "Replace this library" }</button>
                    <p class="dialog-hint">{ format!("Deletes the {} here (trash included) and puts the backup's in their place.", plural(props.in_library, "document", "documents")) }</p>
                </div>
                <div class="dialog-buttons">
                    <button type="button" onclick={cancel} autofocus=true>{ "Cancel" }</button>
                </div>
        </Modal>
    }
}
