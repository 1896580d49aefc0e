//! The selected annotation's entity: the entity it links to (named by its
//! first mention) with the chain of its mentions in the document, each a
//! jump; or a field to link it to an entity the document already names
//! (type-ahead over their names and ids) and a button for a new one (`@`).

use std::collections::BTreeMap;

use scholia_core::knowledge;
use scholia_core::Key;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::store::{Action, DocumentCommand};
use crate::web;
use crate::workspace::WorkspaceRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub workspace: WorkspaceRef,
    pub revision: u64,
    pub selected: Key,
    pub on_action: Callback<Action>,
    pub on_reveal: Callback<Key>,
}

#[component]
pub fn EntityLink(props: &Props) -> Html {
    let workspace = props.workspace.borrow();
    let doc = &workspace.doc;
    let Some(annotation) = doc.annotation(&props.selected) else {
        return html! {};
    };
    let quote = |key: &Key| {
        doc.annotation(key)
            .map(|a| doc.quotes(a).join(" … "))
            .unwrap_or_default()
    };
    // The document's entities: each id with its first mention's text.
    let mut entities: BTreeMap<String, String> = BTreeMap::new();
    for chain in knowledge::chains(doc) {
        entities
            .entry(chain.entity.to_string())
            .or_insert_with(|| quote(&chain.mentions[0]));
    }
    let key = props.selected.clone();
    let body = match &annotation.entity {
        Some(entity) => {
            let chain = knowledge::chain_of(doc, &key)
                .map(|c| c.mentions)
                .unwrap_or_default();
            let name = entities.get(entity.as_str()).cloned().unwrap_or_default();
            let unlink = {
                let (on_action, key) = (props.on_action.clone(), key.clone());
                Callback::from(move |_| {
                    on_action.emit(
                        DocumentCommand::Unlink {
                            key: key.clone(),
                            now: web::now(),
                        }
                        .into(),
                    )
                })
            };
            html! {
                <>
                    <p class="entity-name">
                        <strong dir="auto">{ name }</strong>
                        <span class="entity-id">{ format!(" ({entity})") }</span>
                        <button class="delete" aria-label="Unlink the entity" onclick={unlink}>{ "×" }</button>
                    </p>
                    <ul class="chain" aria-label="Mentions of the entity">
                        { for chain.into_iter().map(|mention| {
                            let go = {
                                let (on_reveal, mention) = (props.on_reveal.clone(), mention.clone());
                                Callback::from(move |_| on_reveal.emit(mention.clone()))
                            };
                            let current = mention == key;
                            html! {
                                <li aria-current={current.then_some("true")}>
                                    <button class="mention" onclick={go} dir="auto">{ quote(&mention) }</button>
                                </li>
                            }
                        }) }
                    </ul>
                </>
            }
        }
        None => {
            let onchange = {
                let (on_action, key) = (props.on_action.clone(), key.clone());
                let entities = entities.clone();
                Callback::from(move |e: Event| {
                    let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                        return;
                    };
                    let typed = input.value();
                    let typed = typed.trim();
                    // A name offered reads "name (id)"; an id or a name alone also links.
                    let found = entities.iter().find(|(id, name)| {
                        typed == format!("{name} ({id})")
                            || typed == id.as_str()
                            || typed.eq_ignore_ascii_case(name)
                    });
                    if let Some((id, _)) = found {
                        on_action.emit(
                            DocumentCommand::Link {
                                key: key.clone(),
                                entity: id.clone(),
                                now: web::now(),
                            }
                            .into(),
                        );
                    }
                })
            };
            let new = {
                let on_action = props.on_action.clone();
                Callback::from(move |_| {
                    on_action.emit(
                        DocumentCommand::NewEntity {
                            id: web::new_id(),
                            now: web::now(),
                        }
                        .into(),
                    )
                })
            };
            html! {
                <>
                    <input type="text" list="entity-names" aria-label="Link to an entity"
                        placeholder="Type a name the document links" {onchange} />
                    <datalist id="entity-names">
                        { for entities.iter().map(|(id, name)| html! {
                            <option value={format!("{name} ({id})")} />
                        }) }
                    </datalist>
                    <button onclick={new} title="A new entity, named by this annotation's text (@)">{ "New entity" }</button>
                </>
            }
        }
    };
    html! {
        <section class="entity-link" aria-label="Entity">
            <h3>{ "Entity" }</h3>
            { body }
        </section>
    }
}
