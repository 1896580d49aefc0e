//! The document's labels: each label set of the scheme with its options, as
//! checkboxes (several choices) or radio buttons (one), for the annotator's
//! layer; and a form to add a set. Native inputs, so that Tab reaches them
//! and Space chooses.

use scholia_core::Name;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::store::{Action, DocumentCommand};
use crate::workspace::WorkspaceRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub workspace: WorkspaceRef,
    pub revision: u64,
    /// The layer choices go to.
    pub layer: String,
    pub on_action: Callback<Action>,
}

#[component]
pub fn DocumentLabels(props: &Props) -> Html {
    let adding = use_state(|| false);
    let name_ref = use_node_ref();
    let options_ref = use_node_ref();
    let multiple_ref = use_node_ref();
    let workspace = props.workspace.borrow();
    let doc = &workspace.doc;
    let layer = Name::from(props.layer.as_str());
    let sets = doc.scheme().document_label_sets.clone();
    let on_add = {
        let (adding, on_action) = (adding.clone(), props.on_action.clone());
        let (name_ref, options_ref, multiple_ref) =
            (name_ref.clone(), options_ref.clone(), multiple_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            let multiple = multiple_ref
                .cast::<HtmlInputElement>()
                .is_some_and(|i| i.checked());
            on_action.emit(
                DocumentCommand::AddSet {
                    name: value(&name_ref),
                    options: value(&options_ref).split(',').map(str::to_string).collect(),
                    multiple,
                }
                .into(),
            );
            adding.set(false);
        })
    };
    html! {
        <section class="document-labels" aria-label="Document labels">
            <h2>{ "Document labels" }</h2>
            { for sets.iter().map(|set| {
                let chosen = doc.document_label(&layer, &set.id).unwrap_or_default();
                let kind = if set.multiple { "checkbox" } else { "radio" };
                html! {
                    <fieldset class="label-set" key={set.id.clone()}>
                        <legend>{ set.name.clone() }</legend>
                        { for set.options.iter().map(|option| {
                            let on = chosen.contains(option);
                            let onchange = {
                                let on_action = props.on_action.clone();
                                let (set, option) = (set.id.clone(), option.clone());
                                Callback::from(move |e: Event| {
                                    let checked = e
                                        .target_dyn_into::<HtmlInputElement>()
                                        .is_some_and(|i| i.checked());
                                    on_action.emit(DocumentCommand::Choose {
                                        set: set.clone(),
                                        option: option.clone(),
                                        on: checked,
                                    }.into());
                                })
                            };
                            // A chosen radio button clears when clicked again.
                            let onclick = (!set.multiple && on).then(|| {
                                let on_action = props.on_action.clone();
                                let (set, option) = (set.id.clone(), option.clone());
                                Callback::from(move |_: MouseEvent| {
                                    on_action.emit(DocumentCommand::Choose {
                                        set: set.clone(),
                                        option: option.clone(),
                                        on: false,
                                    }.into());
                                })
                            });
                            html! {
                                <label class="label-option" key={option.clone()}>
                                    <input type={kind} name={format!("document-label-{}", set.id)}
                                        checked={on} {onchange} {onclick} />
                                    { option.clone() }
                                </label>
                            }
                        }) }
                    </fieldset>
                }
            }) }
            if *adding {
                <form class="add-label-set" onsubmit={on_add}>
                    <label>{ "Name " }<input ref={name_ref} type="text" aria-label="Label set name" /></label>
                    <label>{ "Options " }<input ref={options_ref} type="text" aria-label="Options, separated by commas"
                        placeholder="politics, economy, sport" /></label>
                    <label><input ref={multiple_ref} type="checkbox" />{ " Several may be chosen" }</label>
                    <button type="submit">{ "Add set" }</button>
                    <button type="button" onclick={{ let adding = adding.clone(); Callback::from(move |_| adding.set(false)) }}>{ "Cancel" }</button>
                </form>
            } else {
                <button type="button" class="add-set" onclick={{ let adding = adding.clone(); Callback::from(move |_| adding.set(true)) }}>
                    { "Add a label set…" }
                </button>
            }
        </section>
    }
}
