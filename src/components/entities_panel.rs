//! The open document's entities: each entity its links name (by its name
//! in the library's knowledge base), with its mentions (per layer, in
//! document order), each a jump; and the button that opens the Entities
//! dialog (every entity of the library).

use std::rc::Rc;

use scholia_core::knowledge::{self, KnowledgeBase};
use scholia_core::Key;
use yew::prelude::*;

use crate::state::editor::Dialog;
use crate::store::{Action, ViewCommand};
use crate::workspace::WorkspaceRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub workspace: WorkspaceRef,
    pub revision: u64,
    pub knowledge: Rc<KnowledgeBase>,
    pub on_reveal: Callback<Key>,
    pub on_action: Callback<Action>,
}

#[component]
pub fn EntitiesPanel(props: &Props) -> Html {
    let workspace = props.workspace.borrow();
    let doc = &workspace.doc;
    let chains = knowledge::chains(doc);
    let open_dialog = props
        .on_action
        .reform(|_| ViewCommand::OpenDialog(Some(Dialog::Entities)).into());
    let all = html! {
        <button class="all-entities" onclick={open_dialog}>
            { format!("All entities of the library ({})…", props.knowledge.len()) }
        </button>
    };
    if chains.is_empty() {
        return html! {
            <section class="entities" aria-label="Entities">
                <h2>{ "Entities" }</h2>
                { all }
            </section>
        };
    }
    let kb = &props.knowledge;
    let quote = |key: &Key| {
        doc.annotation(key)
            .map(|a| doc.quotes(a).join(" … "))
            .unwrap_or_default()
    };
    let name_of = |chain: &knowledge::Chain| {
        kb.entity(&chain.entity)
            .map_or_else(|| quote(&chain.mentions[0]), |e| e.name.clone())
    };
    let several_layers = chains.iter().any(|c| c.layer != chains[0].layer);
    html! {
        <section class="entities" aria-label="Entities">
            <h2>{ format!("Entities ({})", chains.len()) }</h2>
            { all }
            <ul class="entity-list" aria-label="Entities of the document">
                { for chains.iter().map(|chain| {
                    let name = name_of(chain);
                    let label = if several_layers {
                        format!("{name} · {}", chain.layer)
                    } else {
                        name
                    };
                    html! {
                        <li key={format!("{}\u{1f}{}", chain.layer, chain.entity)}>
                            <span class="entity-name" dir="auto">{ label }</span>
                            <span class="count">{ format!(" {} mention{}", chain.mentions.len(), if chain.mentions.len() == 1 { "" } else { "s" }) }</span>
                            <ul class="chain" aria-label={format!("Mentions of {}", name_of(chain))}>
                                { for chain.mentions.iter().map(|mention| {
                                    let go = {
                                        let (on_reveal, mention) = (props.on_reveal.clone(), mention.clone());
                                        Callback::from(move |_| on_reveal.emit(mention.clone()))
                                    };
                                    html! {
                                        <li><button class="mention" onclick={go} dir="auto">{ quote(mention) }</button></li>
                                    }
                                }) }
                            </ul>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
