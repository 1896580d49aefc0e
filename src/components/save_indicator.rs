//! Says whether everything is stored in this browser.

use yew::prelude::*;

use crate::state::SaveStatus;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub status: SaveStatus,
}

#[component]
pub fn SaveIndicator(props: &Props) -> Html {
    let (class, text) = match &props.status {
        SaveStatus::Saved => ("saved", "All changes saved".to_string()),
        SaveStatus::Saving => ("saving", "Saving…".to_string()),
        SaveStatus::Failed(_) => ("failed", "Not saved: export your work".to_string()),
        SaveStatus::Unavailable => (
            "failed",
            "Not stored in this browser: export your work".to_string(),
        ),
    };
    html! {
        <span class={classes!("save-indicator", class)} role="status" aria-live="polite" data-save={class}>{ text }</span>
    }
}
