//! The keyboard shortcuts (`?`).

use yew::prelude::*;

use super::modal::Modal;
use crate::keymap::SHORTCUTS;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_close: Callback<()>,
}

#[component]
pub fn HelpDialog(props: &Props) -> Html {
    html! {
        <Modal title="Keyboard shortcuts" on_close={props.on_close.clone()} class="help">
            <table class="shortcuts">
                <thead><tr><th scope="col">{ "Key" }</th><th scope="col">{ "Does" }</th></tr></thead>
                <tbody>
                    { for SHORTCUTS.iter().map(|(keys, does)| html! {
                        <tr><td><kbd>{ *keys }</kbd></td><td>{ *does }</td></tr>
                    }) }
                </tbody>
            </table>
            <p class="hint">{ "Focus the text with Tab, then work with the keyboard alone." }</p>
        </Modal>
    }
}
