//! Choosing a relation's type when several fit its two ends: click one, or
//! press its digit.

use yew::prelude::*;

use super::modal::Modal;
use crate::state::editor::PendingLink;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub pending: PendingLink,
    pub on_choose: Callback<String>,
    pub on_close: Callback<()>,
}

#[component]
pub fn RelationChooser(props: &Props) -> Html {
    let onkeydown = {
        let (kinds, on_choose) = (props.pending.kinds.clone(), props.on_choose.clone());
        Callback::from(move |e: KeyboardEvent| {
            let chosen = e
                .key()
                .parse::<usize>()
                .ok()
                .and_then(|d| d.checked_sub(1))
                .and_then(|i| kinds.get(i));
            if let Some((id, _)) = chosen {
                e.prevent_default();
                on_choose.emit(id.clone());
            }
        })
    };
    html! {
        <Modal title="Relation type" on_close={props.on_close.clone()} class="chooser">
            <div class="choices" role="group" aria-label="Relation types" {onkeydown}>
                { for props.pending.kinds.iter().enumerate().map(|(i, (id, name))| {
                    let (on_choose, id) = (props.on_choose.clone(), id.clone());
                    html! {
                        <button onclick={Callback::from(move |_| on_choose.emit(id.clone()))}>
                            <kbd>{ i + 1 }</kbd>{ " " }{ name.clone() }
                        </button>
                    }
                }) }
            </div>
        </Modal>
    }
}
