//! Says plainly when work is not being saved (storage full or unavailable)
//! or when another tab edits the library, with what to do about it.

use yew::prelude::*;

use crate::state::SaveStatus;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub save: SaveStatus,
    pub read_only: bool,
    pub on_export: Callback<MouseEvent>,
    pub on_back_up: Callback<MouseEvent>,
    pub on_retry: Callback<MouseEvent>,
    pub on_take_over: Callback<MouseEvent>,
}

#[component]
pub fn StorageBanner(props: &Props) -> Html {
    if props.read_only {
        return html! {
            <div class="banner read-only" role="status" data-banner="read-only">
                <p><strong>{ "Read-only: Scholia is open in another tab." }</strong>
                    { " That tab saves your work; this one shows the library and follows its changes. Close the other tab, or edit here instead." }</p>
                <button class="primary" onclick={props.on_take_over.clone()}>{ "Edit in this tab" }</button>
            </div>
        };
    }
    match &props.save {
        SaveStatus::Failed(error) => html! {
            <div class="banner failed" role="alert" data-banner="failed">
                <p><strong>{ "Your latest changes are not saved." }</strong>
                    { format!(" The browser refused to store them ({error}). They are kept in this tab: do not close it, and export your work now.") }</p>
                <button class="primary" onclick={props.on_export.clone()}>{ "Export this document" }</button>
                <button onclick={props.on_back_up.clone()}>{ "Back up library" }</button>
                <button onclick={props.on_retry.clone()}>{ "Try again" }</button>
            </div>
        },
        SaveStatus::Unavailable => html! {
            <div class="banner failed" role="alert" data-banner="unavailable">
                <p><strong>{ "Nothing is saved in this browser." }</strong>
                    { " It does not let Scholia store documents (a private window, or storage blocked for this site). Your work lives in this tab only: export it before you close the tab." }</p>
                <button class="primary" onclick={props.on_export.clone()}>{ "Export this document" }</button>
            </div>
        },
        _ => html! {},
    }
}
