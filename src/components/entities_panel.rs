//! The open document's entities: each entity its links name, with its
//! mentions (per layer, in document order), each a jump. (Across the library
//! once the library keeps a knowledge base.)

use scholia_core::knowledge;
use scholia_core::Key;
use yew::prelude::*;

use crate::workspace::WorkspaceRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub workspace: WorkspaceRef,
    pub revision: u64,
    pub on_reveal: Callback<Key>,
}

#[component]
pub fn EntitiesPanel(props: &Props) -> Html {
    let workspace = props.workspace.borrow();
    let doc = &workspace.doc;
    let chains = knowledge::chains(doc);
    if chains.is_empty() {
        return html! {};
    }
    let quote = |key: &Key| {
        doc.annotation(key)
            .map(|a| doc.quotes(a).join(" … "))
            .unwrap_or_default()
    };
    let several_layers = chains.iter().any(|c| c.layer != chains[0].layer);
    html! {
        <section class="entities" aria-label="Entities">
            <h2>{ format!("Entities ({})", chains.len()) }</h2>
            <ul class="entity-list" aria-label="Entities of the document">
                { for chains.iter().map(|chain| {
                    let name = quote(&chain.mentions[0]);
                    let label = if several_layers {
                        format!("{name} · {}", chain.layer)
                    } else {
                        name
                    };
                    html! {
                        <li key={format!("{}\u{1f}{}", chain.layer, chain.entity)}>
                            <span class="entity-name" dir="auto">{ label }</span>
                            <span class="count">{ format!(" {} mention{}", chain.mentions.len(), if chain.mentions.len() == 1 { "" } else { "s" }) }</span>
                            <ul class="chain" aria-label={format!("Mentions of {}", quote(&chain.mentions[0]))}>
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
