//! The annotations in document order: label, quoted text, delete.

use scholia_core::Key;
use yew::prelude::*;

use crate::store::WorkspaceRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub workspace: WorkspaceRef,
    pub revision: u64,
    pub selected: Option<Key>,
    pub on_reveal: Callback<Key>,
    pub on_delete: Callback<Key>,
}

#[derive(PartialEq)]
struct Row {
    key: Key,
    label: String,
    color: String,
    quote: String,
}

/// Quotes longer than this are shortened in the list.
const MAX_QUOTE_CHARS: usize = 120;

#[component]
pub fn AnnotationList(props: &Props) -> Html {
    let rows = {
        let workspace = props.workspace.clone();
        use_memo(props.revision, move |_| {
            let workspace = workspace.borrow();
            let doc = &workspace.doc;
            doc.annotations_in_document_order()
                .into_iter()
                .map(|a| {
                    let label = doc.scheme().label(&a.label);
                    let mut quote = doc.quotes(a).join(" … ");
                    if quote.chars().count() > MAX_QUOTE_CHARS {
                        quote = quote.chars().take(MAX_QUOTE_CHARS).collect::<String>() + "…";
                    }
                    Row {
                        key: a.key.clone(),
                        label: label.map_or(a.label.clone(), |l| l.name.clone()),
                        color: label.map_or("#888888".into(), |l| l.color.to_string()),
                        quote,
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    let list_ref = use_node_ref();
    {
        // Keep the selected item in view.
        let list_ref = list_ref.clone();
        use_effect_with(props.selected.clone(), move |selected| {
            if selected.is_some() {
                if let Some(list) = list_ref.cast::<web_sys::Element>() {
                    if let Ok(Some(item)) = list.query_selector("li.selected") {
                        crate::web::scroll_into_view(&item, false);
                    }
                }
            }
        });
    }
    html! {
        <section class="annotations-panel">
            <h2>{ format!("Annotations ({})", rows.len()) }</h2>
            if rows.is_empty() {
                <p class="empty-hint">{ "Select text in the document, then press a label button or its key." }</p>
            }
            <ul class="annotation-list" aria-label="Annotations" ref={list_ref}>
                { for rows.iter().map(|row| {
                    let is_selected = props.selected.as_ref() == Some(&row.key);
                    let reveal = {
                        let on_reveal = props.on_reveal.clone();
                        let key = row.key.clone();
                        Callback::from(move |_| on_reveal.emit(key.clone()))
                    };
                    let delete = {
                        let on_delete = props.on_delete.clone();
                        let key = row.key.clone();
                        Callback::from(move |_| on_delete.emit(key.clone()))
                    };
                    html! {
                        <li
                            key={format!("{}\u{1f}{}", row.key.layer, row.key.id)}
                            class={classes!("annotation", is_selected.then_some("selected"))}
                            aria-selected={is_selected.to_string()}
                            data-id={row.key.id.clone()}
                        >
                            <button class="annotation-item" onclick={reveal}>
                                <span class="chip" style={format!("--label-color: {}", row.color)}>{ row.label.clone() }</span>
                                <span class="quote" dir="auto">{ row.quote.clone() }</span>
                            </button>
                            <button class="delete" aria-label="Delete annotation" title="Delete (Delete key)" onclick={delete}>{ "×" }</button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
