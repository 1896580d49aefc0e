//! Merging annotators' files: choose the exports of one document (and,
//! if wanted, the document open here), check who each is and whether its
//! text is the same, and merge them into a new document with a layer per
//! annotator. A file whose text differs is refused with a message naming
//! it, unless spans are re-anchored by their quotes; nothing changes until
//! the merge succeeds.

use std::rc::Rc;

use scholia_core::merge::DEFAULT_LAYER;
use yew::prelude::*;

use super::modal::Modal;
use crate::library::{read_for_merge, Library};
use crate::team::merge::Input;
use crate::web::{self, files};
use crate::workspace::WorkspaceRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub library: Library,
    pub workspace: Option<WorkspaceRef>,
    /// The user's name, for the open document's annotations.
    pub annotator: String,
    pub on_close: Callback<()>,
}

/// The open document as an input: its annotations are the user's.
fn open_input(workspace: &WorkspaceRef, annotator: &str) -> Input {
    let doc = workspace.borrow().doc.clone();
    let name = format!("“{}” (open here)", doc.document().title);
    let mut input = Input::new(name, doc);
    let only_default = input.layers().iter().all(|l| *l == DEFAULT_LAYER);
    if input.annotator.is_some() && only_default && annotator != DEFAULT_LAYER {
        input.annotator = Some(annotator.to_string());
    }
    input
}

#[component]
pub fn TeamMerge(props: &Props) -> Html {
    // Each input shared, so that a change to one copies no document.
    let inputs = use_state(|| Rc::new(Vec::<Rc<Input>>::new()));
    let unread = use_state(Vec::<String>::new);
    let include_open = use_state(|| false);
    let reanchor = use_state(|| false);
    let error = use_state(|| None::<String>);
    // The worker merges: one merge at a time, the button off meanwhile.
    let merging = use_state(|| false);

    let on_files = {
        let (inputs, unread, error) = (inputs.clone(), unread.clone(), error.clone());
        Callback::from(move |e: Event| {
            let chosen = files::take_chosen(&e);
            let (inputs, unread, error) = (inputs.clone(), unread.clone(), error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let mut added: Vec<Rc<Input>> = (**inputs).clone();
                let read = read_for_merge(chosen).await;
                added.extend(
                    read.documents
                        .into_iter()
                        .map(|(name, doc)| Rc::new(Input::new(name, doc))),
                );
                let problems = read.problems;
                error.set(None);
                unread.set(problems);
                inputs.set(Rc::new(added));
            });
        })
    };
    // The open document is copied once when it is included, not on every
    // render.
    let open = use_memo(
        (
            *include_open,
            props.workspace.clone(),
            props.annotator.clone(),
        ),
        |(include, workspace, annotator)| {
            workspace
                .as_ref()
                .filter(|_| *include)
                .map(|w| open_input(w, annotator))
        },
    );
    let all: Vec<&Input> = open.iter().chain(inputs.iter().map(|i| &**i)).collect();
    let first_sha = all
        .first()
        .map(|i| i.doc.document().text.sha256().to_string());
    let on_name = |index: usize| {
        let inputs = inputs.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                let mut next = (*inputs).as_ref().clone();
                if let Some(row) = next.get_mut(index) {
                    Rc::make_mut(row).annotator = Some(input.value());
                }
                inputs.set(Rc::new(next));
            }
        })
    };
    let on_remove = |index: usize| {
        let inputs = inputs.clone();
        Callback::from(move |_| {
            let mut next = (*inputs).as_ref().clone();
            if index < next.len() {
                next.remove(index);
            }
            inputs.set(Rc::new(next));
        })
    };
    let toggle = |state: &UseStateHandle<bool>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                state.set(input.checked());
            }
        })
    };
    let on_merge = {
        let (open, inputs, reanchor, error, library, on_close, merging) = (
            open.clone(),
            inputs.clone(),
            *reanchor,
            error.clone(),
            props.library.clone(),
            props.on_close.clone(),
            merging.clone(),
        );
        Callback::from(move |_| {
            if *merging {
                return;
            }
            merging.set(true);
            let (open, inputs, error, library, on_close, merging) = (
                open.clone(),
                inputs.clone(),
                error.clone(),
                library.clone(),
                on_close.clone(),
                merging.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let all: Vec<&Input> = open.iter().chain(inputs.iter().map(|i| &**i)).collect();
                match crate::library::merge(&all, reanchor, web::new_id()).await {
                    Ok((doc, merged)) => {
                        let mut summary = format!(
                            "Merged {} files into “{}”, one layer per annotator: {}.",
                            all.len(),
                            doc.document().title,
                            merged.annotators.join(", ")
                        );
                        for message in &merged.messages {
                            summary.push('\n');
                            summary.push_str(message);
                        }
                        library.add_merged(doc, summary);
                        on_close.emit(());
                    }
                    Err(e) => {
                        error.set(Some(format!("Nothing was merged: {e}")));
                        merging.set(false);
                    }
                }
            });
        })
    };
    let offset = usize::from(*include_open);
    html! {
        <Modal title="Merge annotators’ files" on_close={props.on_close.clone()} class="merge">
            <p class="dialog-hint">
                { "Choose the exports of one document by different annotators (Scholia JSON, W3C, doccano, Label Studio, spaCy, or brat .ann + .txt; a folder of brat folders names each annotator after their folder). Each becomes a layer of a new document, so that you can compare them, measure agreement and adjudicate." }
            </p>
            <div class="row">
                <label class="button file-button">
                    { "Choose files…" }
                    <input type="file" class="hidden-input" multiple=true accept={crate::open::ACCEPT}
                        aria-label="Files to merge" onchange={on_files.clone()} />
                </label>
                <label class="button file-button">
                    { "Choose a folder…" }
                    <input type="file" class="hidden-input" webkitdirectory=true aria-label="Folder to merge" onchange={on_files} />
                </label>
                if props.workspace.is_some() {
                    <label class="toggle">
                        <input type="checkbox" checked={*include_open} onchange={toggle(&include_open)} />
                        { "Include the document open here" }
                    </label>
                }
            </div>
            if !unread.is_empty() {
                <ul class="field-error" role="alert">
                    { for unread.iter().map(|m| html! { <li>{ m.clone() }</li> }) }
                </ul>
            }
            if !all.is_empty() {
                <table class="merge-files" aria-label="Files to merge">
                    <thead><tr>
                        <th scope="col">{ "file" }</th><th scope="col">{ "annotator" }</th>
                        <th scope="col">{ "annotations" }</th><th scope="col">{ "text" }</th><th scope="col"><span class="visually-hidden">{ "Remove" }</span></th>
                    </tr></thead>
                    <tbody>
                        { for all.iter().enumerate().map(|(i, input)| {
                            let sha = input.doc.document().text.sha256();
                            let same = first_sha.as_deref() == Some(sha);
                            let layers = input.layers();
                            let n = input.doc.annotations().len();
                            let editable = i >= offset;
                            html! {
                                <tr>
                                    <td class="file-name" dir="auto">{ input.file_name.clone() }</td>
                                    <td>
                                        if let Some(name) = &input.annotator {
                                            <input type="text" value={name.clone()} size="12" disabled={!editable}
                                                aria-label={format!("Annotator of {}", input.file_name)}
                                                onchange={on_name(i.saturating_sub(offset))} />
                                        } else {
                                            <span title="A file with several layers keeps them">{ layers.join(", ") }</span>
                                        }
                                    </td>
                                    <td class="figure">{ n.to_string() }</td>
                                    <td class={classes!("text-check", (!same).then_some("differs"))}
                                        title={format!("SHA-256 {sha}")}>
                                        { if i == 0 { "reference".to_string() } else if same { "same text".to_string() } else { "different text".to_string() } }
                                    </td>
                                    <td>
                                        if editable {
                                            <button class="delete" aria-label={format!("Leave out {}", input.file_name)}
                                                onclick={on_remove(i - offset)}>{ "×" }</button>
                                        }
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                <label class="toggle">
                    <input type="checkbox" checked={*reanchor} onchange={toggle(&reanchor)} />
                    { "Re-anchor spans by their quoted text where a text differs (each move is reported)" }
                </label>
            }
            if let Some(message) = &*error {
                <p class="field-error" role="alert">{ message.clone() }</p>
            }
            <div class="dialog-buttons">
                <button onclick={let c = props.on_close.clone(); Callback::from(move |_| c.emit(()))}>{ "Cancel" }</button>
                <button class="primary" disabled={all.len() < 2 || *merging} onclick={on_merge}>{ "Merge" }</button>
            </div>
        </Modal>
    }
}
