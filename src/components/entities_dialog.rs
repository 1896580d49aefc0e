//! The Entities dialog: every entity of the library's knowledge base with
//! its mentions across the library (count, documents, a jump to each that
//! opens the document and selects the mention), a search over names,
//! aliases and ids; edit, delete and merge; the base's file exported and a
//! teammate's imported, with the conflicts the merge could not settle.

use std::rc::Rc;

use scholia_core::{Entity, Key, KnowledgeBase};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::modal::Modal;
use crate::library::{Library, LibraryMentions};
use crate::store::{Action, KnowledgeCommand, ViewCommand};
use crate::web;
use crate::words::{lines, plural};
use crate::workspace::WorkspaceRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub library: Library,
    pub workspace: Option<WorkspaceRef>,
    pub revision: u64,
    /// Changes when links moved in other documents.
    pub relinked: u64,
    pub knowledge: Rc<KnowledgeBase>,
    pub conflicts: Vec<String>,
    pub on_action: Callback<Action>,
}

/// The entities a query finds: by name or alias (the core's type-ahead
/// order), then those whose id or an external id contains it.
pub fn found<'a>(kb: &'a KnowledgeBase, query: &str) -> Vec<&'a Entity> {
    let mut found = kb.search(query);
    let folded = query.trim().to_lowercase();
    if !folded.is_empty() {
        for entity in kb.entities() {
            let by_id = std::iter::once(&entity.id)
                .chain(&entity.external_ids)
                .any(|id| id.to_lowercase().contains(&folded));
            if by_id && !found.iter().any(|e| e.id == entity.id) {
                found.push(entity);
            }
        }
    }
    found
}

#[component]
pub fn EntitiesDialog(props: &Props) -> Html {
    let query = use_state(String::new);
    let editing = use_state(|| None::<String>);
    let mentions = use_state(|| None::<Rc<LibraryMentions>>);
    {
        let (library, workspace, mentions) = (
            props.library.clone(),
            props.workspace.clone(),
            mentions.clone(),
        );
        use_effect_with(
            (props.revision, props.relinked, props.knowledge.clone()),
            move |_| {
                wasm_bindgen_futures::spawn_local(async move {
                    let found = library.library_mentions(workspace).await;
                    mentions.set(Some(Rc::new(found)));
                });
            },
        );
    }
    let close = props
        .on_action
        .reform(|()| ViewCommand::OpenDialog(None).into());
    let on_query = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                query.set(input.value());
            }
        })
    };
    let export = |extension: &'static str| {
        let (library, kb) = (props.library.clone(), props.knowledge.clone());
        Callback::from(move |_| library.export_knowledge_base(&kb, extension))
    };
    let on_import = {
        let library = props.library.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            if let Some(file) = input.files().and_then(|l| l.item(0)) {
                library.import_knowledge_base(file);
            }
            input.set_value("");
        })
    };
    let kb = &props.knowledge;
    let shown = found(kb, &query);
    let all_mentions = (*mentions).clone();
    // An entity made with `@` is typed by its label's id: shown by the
    // label's name when the open document's scheme has that label.
    let scheme = props
        .workspace
        .as_ref()
        .map(|w| w.borrow().doc.scheme().clone());
    let type_name = |kind: &str| -> String {
        scheme
            .as_ref()
            .and_then(|s| s.label(kind))
            .map_or_else(|| kind.to_string(), |label| label.name.clone())
    };
    let entity_item = |entity: &Entity| -> Html {
        let of_entity = all_mentions
            .as_ref()
            .and_then(|m| m.get(&entity.id).cloned())
            .unwrap_or_default();
        let count: usize = of_entity.iter().map(|d| d.mentions.len()).sum();
        let summary = match &all_mentions {
            None => "counting mentions…".to_string(),
            Some(_) => format!(
                "{} in {}",
                plural(count, "mention", "mentions"),
                plural(of_entity.len(), "document", "documents")
            ),
        };
        let id = entity.id.clone();
        let on_edit = {
            let (editing, id) = (editing.clone(), id.clone());
            Callback::from(move |_| editing.set(Some(id.clone())))
        };
        let on_delete = {
            let (on_action, id) = (props.on_action.clone(), id.clone());
            Callback::from(move |_| {
                on_action.emit(
                    KnowledgeCommand::Delete {
                        id: id.clone(),
                        now: web::now(),
                    }
                    .into(),
                )
            })
        };
        let merge_ref = NodeRef::default();
        let on_merge = {
            let (on_action, id, merge_ref) =
                (props.on_action.clone(), id.clone(), merge_ref.clone());
            Callback::from(move |_| {
                let Some(select) = merge_ref.cast::<HtmlSelectElement>() else {
                    return;
                };
                let keep = select.value();
                if !keep.is_empty() {
                    on_action.emit(
                        KnowledgeCommand::Merge {
                            keep,
                            gone: id.clone(),
                            now: web::now(),
                        }
                        .into(),
                    );
                }
            })
        };
        let others: Vec<&Entity> = kb.search("").into_iter().filter(|e| e.id != id).collect();
        let details = [
            entity.kind.as_deref().map(type_name).unwrap_or_default(),
            entity.aliases.join(", "),
            entity.external_ids.join(" "),
        ]
        .into_iter()
        .filter(|d| !d.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
        html! {
            <li key={id.clone()} class="entity" aria-label={entity.name.clone()}>
                <h3 dir="auto">{ entity.name.clone() }<span class="entity-id">{ format!(" ({id})") }</span></h3>
                if !details.is_empty() {
                    <p class="entity-details" dir="auto">{ details }</p>
                }
                if !entity.description.is_empty() {
                    <p class="entity-description" dir="auto">{ entity.description.clone() }</p>
                }
                <p class="count">{ summary }</p>
                <ul class="entity-documents" aria-label={format!("Mentions of {}", entity.name)}>
                    { for of_entity.iter().map(|doc| {
                        html! {
                            <li key={doc.doc_id.clone()}>
                                <span class="doc" dir="auto">{ doc.title.clone() }</span>
                                <ul class="chain">
                                    { for doc.mentions.iter().map(|(key, quote)| {
                                        let go = jump(&props.library, &props.on_action, &doc.doc_id, key);
                                        html! { <li><button class="mention" onclick={go} dir="auto"
                                            aria-label={format!("{quote} in {}", doc.title)}>{ quote.clone() }</button></li> }
                                    }) }
                                </ul>
                            </li>
                        }
                    }) }
                </ul>
                <div class="entity-actions">
                    <button onclick={on_edit}>{ "Edit" }</button>
                    <button onclick={on_delete} title="Delete the entity and its links (Ctrl+Z takes it back)">{ "Delete" }</button>
                    if !others.is_empty() {
                        <select ref={merge_ref} aria-label={format!("Entity to merge {} into", entity.name)}>
                            { for others.iter().map(|o| html! { <option value={o.id.clone()}>{ format!("{} ({})", o.name, o.id) }</option> }) }
                        </select>
                        <button onclick={on_merge} title="Every link of this entity follows (Ctrl+Z takes it back)">{ "Merge into" }</button>
                    }
                </div>
            </li>
        }
    };
    let editor = (*editing)
        .as_ref()
        .and_then(|id| kb.entity(id))
        .map(|entity| {
            let on_done = {
                let editing = editing.clone();
                Callback::from(move |()| editing.set(None))
            };
            html! { <EntityForm entity={entity.clone()} on_action={props.on_action.clone()} {on_done} /> }
        });
    let dismiss = props
        .on_action
        .reform(|_| KnowledgeCommand::DismissConflicts.into());
    html! {
        <Modal title="Entities of the library" class="entities-dialog" on_close={close}>
            <div class="entities-tools">
                <input type="search" aria-label="Search entities by name, alias or id"
                    placeholder="Search names, aliases, ids" value={(*query).clone()} oninput={on_query} />
                <button onclick={export("json")}>{ "Export the base as JSON" }</button>
                <button onclick={export("csv")}>{ "Export as CSV" }</button>
                <button onclick={export("tsv")}>{ "Export as TSV" }</button>
                <label class="button file-button">{ "Import…" }
                    <input type="file" class="hidden-input" accept=".json,.csv,.tsv,.txt"
                        onchange={on_import} />
                </label>
            </div>
            if !props.conflicts.is_empty() {
                <section class="kb-conflicts" aria-label="Conflicts">
                    <h3>{ format!("Conflicts of the last import ({}): ours is kept", props.conflicts.len()) }</h3>
                    <ul>{ for props.conflicts.iter().map(|c| html! { <li dir="auto">{ c.clone() }</li> }) }</ul>
                    <button onclick={dismiss}>{ "Dismiss" }</button>
                </section>
            }
            { editor.unwrap_or_default() }
            <p class="count">{ format!("{} of {}", shown.len(), plural(kb.len(), "entity", "entities")) }</p>
            <ul class="entity-list" aria-label="Entities">
                { for shown.iter().map(|e| entity_item(e)) }
            </ul>
        </Modal>
    }
}

/// A jump to a mention: the dialog closes, its document opens (when it is
/// not the open one) and the mention is selected.
fn jump(
    library: &Library,
    on_action: &Callback<Action>,
    doc_id: &str,
    key: &Key,
) -> Callback<MouseEvent> {
    let (library, on_action, doc_id, key) = (
        library.clone(),
        on_action.clone(),
        doc_id.to_string(),
        key.clone(),
    );
    Callback::from(move |_| {
        on_action.emit(ViewCommand::OpenDialog(None).into());
        library.open_annotation(doc_id.clone(), key.clone());
    })
}

#[derive(Properties, PartialEq)]
struct FormProps {
    entity: Entity,
    on_action: Callback<Action>,
    on_done: Callback<()>,
}

/// An entity's fields: name, type, aliases and external ids (one a line),
/// description. Save sends them as one edit.
#[component]
fn EntityForm(props: &FormProps) -> Html {
    let refs: [NodeRef; 5] = Default::default();
    let on_submit = {
        let (refs, entity) = (refs.clone(), props.entity.clone());
        let (on_action, on_done) = (props.on_action.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let input = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            let area = |r: &NodeRef| {
                r.cast::<HtmlTextAreaElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            let kind = input(&refs[1]).trim().to_string();
            let edited = Entity {
                id: entity.id.clone(),
                name: input(&refs[0]).trim().to_string(),
                kind: (!kind.is_empty()).then_some(kind),
                aliases: lines(&area(&refs[2])),
                description: area(&refs[3]).trim().to_string(),
                external_ids: lines(&area(&refs[4])),
            };
            on_action.emit(KnowledgeCommand::Update(edited).into());
            on_done.emit(());
        })
    };
    let cancel = props.on_done.reform(|_| ());
    let e = &props.entity;
    html! {
        <form class="entity-form" aria-label={format!("Edit {}", e.name)} onsubmit={on_submit}>
            <label>{ "Name" }<input ref={refs[0].clone()} value={e.name.clone()} required=true /></label>
            <label>{ "Type" }<input ref={refs[1].clone()} value={e.kind.clone().unwrap_or_default()} /></label>
            <label>{ "Aliases (one a line)" }<textarea ref={refs[2].clone()} value={e.aliases.join("\n")} /></label>
            <label>{ "Description" }<textarea ref={refs[3].clone()} value={e.description.clone()} /></label>
            <label>{ "External ids (one a line: Wikidata Q…, URIs)" }<textarea ref={refs[4].clone()} value={e.external_ids.join("\n")} /></label>
            <div class="entity-actions">
                <button type="submit" class="primary">{ "Save" }</button>
                <button type="button" onclick={cancel}>{ "Cancel" }</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_finds_names_and_aliases_first_then_ids() {
        let mut kb = KnowledgeBase::default();
        let mut rama = Entity::new("e1", "Edi Rama");
        rama.aliases = vec!["the Prime Minister".into()];
        rama.external_ids = vec!["Q381159".into()];
        kb.insert(rama).unwrap();
        kb.insert(Entity::new("q3", "Tirana")).unwrap();
        let ids = |q: &str| {
            found(&kb, q)
                .iter()
                .map(|e| e.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("prime"), ["e1"]);
        assert_eq!(ids("q"), ["e1", "q3"]);
        assert_eq!(ids("Q381"), ["e1"]);
        assert_eq!(ids(""), ["e1", "q3"]);
        assert_eq!(ids("nobody"), Vec::<String>::new());
        assert_eq!(lines(" a \n\n b"), ["a", "b"]);
    }
}
