//! The selected annotation's entity: the entity of the library's knowledge
//! base it links to, with the chain of its mentions in the document, each a
//! jump; or a field to link it to any entity of the library (type-ahead
//! over names, aliases and ids) and a button for a new one (`@`).

use std::rc::Rc;

use scholia_core::knowledge::{self, KnowledgeBase};
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
    pub knowledge: Rc<KnowledgeBase>,
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
    let kb = props.knowledge.clone();
    let key = props.selected.clone();
    let body = match &annotation.entity {
        Some(entity) => {
            let chain = knowledge::chain_of(doc, &key)
                .map(|c| c.mentions)
                .unwrap_or_default();
            // An id the base lacks (a link another tool wrote) shows as is.
            let name = kb
                .entity(entity)
                .map_or_else(|| entity.to_string(), |e| e.name.clone());
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
                let kb = kb.clone();
                Callback::from(move |e: Event| {
                    let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                        return;
                    };
                    if let Some(id) = chosen_entity(&kb, &input.value()) {
                        on_action.emit(
                            DocumentCommand::Link {
                                key: key.clone(),
                                entity: id,
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
                    on_action.emit(DocumentCommand::NewEntity { now: web::now() }.into())
                })
            };
            html! {
                <>
                    <input type="text" list="entity-names" aria-label="Link to an entity"
                        placeholder="Type a name or alias of the library's entities" {onchange} />
                    <datalist id="entity-names">
                        { for offers(&kb).into_iter().map(|offer| html! {
                            <option value={offer} />
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

/// What the type-ahead offers: each name and alias of every entity, as
/// "name (id)" (an alias as "alias: name (id)").
pub fn offers(kb: &KnowledgeBase) -> Vec<String> {
    let mut offers = Vec::new();
    for entity in kb.search("") {
        offers.push(format!("{} ({})", entity.name, entity.id));
        for alias in &entity.aliases {
            offers.push(format!("{alias}: {} ({})", entity.name, entity.id));
        }
    }
    offers
}

/// The entity a typed value names: an offer as written, an id, or a name,
/// alias or part of one that only one entity answers to.
pub fn chosen_entity(kb: &KnowledgeBase, typed: &str) -> Option<String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    if let Some(id) = typed
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once(" ("))
        .map(|(_, id)| id)
        .filter(|id| kb.entity(id).is_some())
    {
        return Some(id.to_string());
    }
    if kb.entity(typed).is_some() {
        return Some(typed.to_string());
    }
    let named = kb.by_name(typed);
    if let [one] = named.as_slice() {
        return Some(one.id.clone());
    }
    match kb.search(typed).as_slice() {
        [one] => Some(one.id.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scholia_core::Entity;

    fn kb() -> KnowledgeBase {
        let mut kb = KnowledgeBase::default();
        let mut rama = Entity::new("e1", "Edi Rama");
        rama.aliases = vec!["the Prime Minister".into()];
        kb.insert(rama).unwrap();
        kb.insert(Entity::new("e2", "Tirana")).unwrap();
        kb.insert(Entity::new("e3", "Ilir Meta")).unwrap();
        kb
    }

    #[test]
    fn the_type_ahead_offers_every_name_and_alias_of_the_library() {
        assert_eq!(
            offers(&kb()),
            vec![
                "Edi Rama (e1)",
                "the Prime Minister: Edi Rama (e1)",
                "Ilir Meta (e3)",
                "Tirana (e2)"
            ]
        );
    }

    #[test]
    fn an_offer_an_id_a_name_an_alias_or_an_unambiguous_part_links() {
        let kb = kb();
        for typed in [
            "Edi Rama (e1)",
            "the Prime Minister: Edi Rama (e1)",
            "e1",
            "edi rama",
            "prime minister",
            " Rama ",
        ] {
            assert_eq!(chosen_entity(&kb, typed).as_deref(), Some("e1"), "{typed}");
        }
        // "i" is in every name: nothing is guessed.
        assert_eq!(chosen_entity(&kb, "i"), None);
        assert_eq!(chosen_entity(&kb, "Nobody"), None);
        assert_eq!(chosen_entity(&kb, ""), None);
    }
}
