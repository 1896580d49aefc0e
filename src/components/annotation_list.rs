//! The annotations in document order: filters by label (with counts) and by
//! text, ticks for bulk relabel and delete, label, quoted text, delete.
//!
//! A document may hold 10,000 annotations: the list renders only the rows
//! in view (and a margin, and the selected row), each `ROW_PX` tall and
//! placed by its index in a list as tall as all of them.

use std::collections::BTreeSet;
use std::rc::Rc;

use scholia_core::{AnnotatedDocument, Annotation, Key};
use yew::prelude::*;

use crate::announce;
use crate::editor::scheme::label_usage;
use crate::hooks::{use_visible_rows, with_pinned};
use crate::listing::Filter;
use crate::listing::Listing;
use crate::paint::colour::label_background;
use crate::store::{Action, FilterCommand, SpanCommand};
use crate::web;
use crate::workspace::WorkspaceRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub workspace: WorkspaceRef,
    pub revision: u64,
    pub selected: Option<Key>,
    pub on_reveal: Callback<Key>,
    pub on_delete: Callback<Key>,
    #[prop_or_default]
    pub filter: Filter,
    #[prop_or_default]
    pub checked: BTreeSet<Key>,
    pub on_action: Callback<Action>,
    /// Layers not listed (hidden in the team panel).
    #[prop_or_default]
    pub hidden: Rc<BTreeSet<String>>,
    /// Name each annotation's layer (the document has several).
    #[prop_or_default]
    pub show_layers: bool,
}

#[derive(PartialEq)]
struct Row {
    key: Key,
    label: String,
    color: String,
    background: String,
    /// Its label's line (solid, dashed…), as under its spans.
    underline: &'static str,
    quote: String,
    note: String,
    n_relations: usize,
    /// Its accessible name: label, text and line.
    name: String,
}

/// Quotes longer than this are shortened in the list.
const MAX_QUOTE_CHARS: usize = 120;

/// The height of a row, in CSS pixels (`.annotation-list > li` in the style
/// sheet says the same).
const ROW_PX: usize = 34;

#[component]
pub fn AnnotationList(props: &Props) -> Html {
    // Rows are built only for what is rendered; the whole list is the keys.
    let total = props.workspace.borrow().doc.annotations().len();
    // (id, name, colour, count) per label of the scheme.
    let counts = {
        let workspace = props.workspace.clone();
        use_memo(props.revision, move |_| {
            let workspace = workspace.borrow();
            let doc = &workspace.doc;
            label_usage(doc)
                .into_iter()
                .zip(&doc.scheme().labels)
                .map(|((id, n), l)| (id, l.name.clone(), l.color.to_string(), n))
                .collect::<Vec<_>>()
        })
    };
    // The keys listed, in document order: kept from render to render and
    // brought up to date by what changed.
    let listing = use_mut_ref(Listing::default);
    listing
        .borrow_mut()
        .update(&props.workspace.borrow().doc, &props.filter, &props.hidden);
    let listed = listing.borrow();
    let shown = listed.keys();
    let list_ref = use_node_ref();
    let in_view = use_visible_rows(list_ref.clone(), shown.len(), ROW_PX as f64);
    // Where the selected annotation is in the list shown (rendered even when
    // out of view, so that it can be scrolled to).
    let selected_at = props
        .selected
        .as_ref()
        .and_then(|key| shown.iter().position(|k| k == key));
    // Up and down arrows in the grid select the row above or below; the
    // focus follows to it once it is rendered.
    let focus_follows = use_mut_ref(|| false);
    {
        // Keep the selected item in view.
        let (list_ref, focus_follows) = (list_ref.clone(), focus_follows.clone());
        use_effect_with(props.selected.clone(), move |selected| {
            if selected.is_some() {
                if let Some(list) = list_ref.cast::<web_sys::Element>() {
                    if let Ok(Some(item)) = list.query_selector(".annotation.selected") {
                        crate::web::scroll_into_view(&item, false);
                    }
                    if std::mem::take(&mut *focus_follows.borrow_mut()) {
                        if let Ok(Some(button)) =
                            list.query_selector(".annotation.selected .annotation-item")
                        {
                            if let Some(button) =
                                wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&button)
                            {
                                let _ = button.focus();
                            }
                        }
                    }
                }
            }
        });
    }
    let onkeydown = {
        let (on_reveal, focus_follows, listing) = (
            props.on_reveal.clone(),
            focus_follows.clone(),
            listing.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let step: isize = match e.key().as_str() {
                "ArrowDown" => 1,
                "ArrowUp" => -1,
                _ => return,
            };
            let row = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|t| t.closest("[aria-rowindex]").ok().flatten())
                .and_then(|li| li.get_attribute("aria-rowindex"))
                .and_then(|i| i.parse::<usize>().ok());
            let Some(row) = row else {
                return;
            };
            let Some(next) = (row - 1)
                .checked_add_signed(step)
                .and_then(|i| listing.borrow().keys().get(i).cloned())
            else {
                return;
            };
            e.prevent_default();
            // Focused at once when its row is rendered (it may be selected
            // already), else once the selection has brought it in.
            let rendered = e
                .current_target()
                .and_then(|list| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(list).ok())
                .and_then(|list| {
                    let at = (row as isize + step).to_string();
                    list.query_selector(&format!("[aria-rowindex=\"{at}\"] .annotation-item"))
                        .ok()
                        .flatten()
                })
                .and_then(|b| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(b).ok());
            match rendered {
                Some(button) => drop(button.focus()),
                None => *focus_follows.borrow_mut() = true,
            }
            on_reveal.emit(next);
        })
    };
    let bulk_label = use_state(String::new);

    let on_action = props.on_action.clone();
    let send = move |action: Action| on_action.emit(action);
    let on_filter_text = {
        let send = send.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                send(FilterCommand::SetFilterText(input.value()).into());
            }
        })
    };
    let all_checked = !shown.is_empty()
        && props.checked.len() >= shown.len()
        && shown.iter().all(|k| props.checked.contains(k));
    let on_check_all = {
        let (send, listing) = (send.clone(), listing.clone());
        Callback::from(move |e: Event| {
            let on = e
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .is_some_and(|i| i.checked());
            send(
                FilterCommand::SetChecked(if on {
                    listing.borrow().keys().to_vec()
                } else {
                    Vec::new()
                })
                .into(),
            );
        })
    };
    let checked: Vec<Key> = props.checked.iter().cloned().collect();
    let on_bulk_label = {
        let bulk_label = bulk_label.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                bulk_label.set(select.value());
            }
        })
    };
    let bulk_target = if bulk_label.is_empty() {
        counts.first().map(|c| c.0.clone()).unwrap_or_default()
    } else {
        (*bulk_label).clone()
    };
    let on_relabel = {
        let (send, keys, label) = (send.clone(), checked.clone(), bulk_target.clone());
        Callback::from(move |_| {
            send(
                SpanCommand::Relabel {
                    keys: keys.clone(),
                    label: label.clone(),
                    now: web::now(),
                }
                .into(),
            )
        })
    };
    let on_bulk_delete = {
        let (send, keys) = (send.clone(), checked.clone());
        Callback::from(move |_| send(SpanCommand::Delete(keys.clone()).into()))
    };
    let on_uncheck = {
        let send = send.clone();
        Callback::from(move |_| send(FilterCommand::SetChecked(Vec::new()).into()))
    };
    let filtered = props.filter.is_active();

    html! {
        <section class="annotations-panel" aria-labelledby="annotations-heading">
            <h2 id="annotations-heading">
                if filtered {
                    { format!("Annotations ({} of {})", shown.len(), total) }
                } else {
                    { format!("Annotations ({total})") }
                }
            </h2>
            <div class="filters">
                <input type="search" class="filter-text" aria-label="Filter annotations"
                    placeholder="Filter by text or note" value={props.filter.text.clone()} oninput={on_filter_text} />
                <div class="label-filter" role="group" aria-label="Filter by label">
                    { for counts.iter().map(|(id, name, color, n)| {
                        let pressed = props.filter.labels.contains(id);
                        let toggle = {
                            let (send, id) = (send.clone(), id.clone());
                            Callback::from(move |_| send(FilterCommand::ToggleFilterLabel(id.clone()).into()))
                        };
                        html! {
                            <button class={classes!("filter-chip", pressed.then_some("on"))}
                                aria-pressed={pressed.to_string()}
                                style={format!("--label-color: {color}")}
                                onclick={toggle}>
                                { name.clone() }
                                <span class="count" aria-label={format!("{n} annotations")}>{ n }</span>
                            </button>
                        }
                    }) }
                    if filtered {
                        <button class="link-button" onclick={let send = send.clone(); Callback::from(move |_| send(FilterCommand::ClearFilter.into()))}>
                            { "Show all" }
                        </button>
                    }
                </div>
            </div>
            if !props.checked.is_empty() {
                <div class="bulk" role="group" aria-label="Selected annotations">
                    <span>{ format!("{} selected", props.checked.len()) }</span>
                    <select aria-label="New label for the selected annotations" onchange={on_bulk_label}>
                        { for counts.iter().map(|(id, name, _, _)| html! {
                            <option value={id.clone()} selected={*id == bulk_target}>{ name.clone() }</option>
                        }) }
                    </select>
                    <button onclick={on_relabel}>{ "Relabel" }</button>
                    <button class="danger" onclick={on_bulk_delete}>{ "Delete" }</button>
                    <button class="link-button" onclick={on_uncheck}>{ "Clear" }</button>
                </div>
            }
            if total == 0 {
                <p class="empty-hint">{ "Select text in the document, then press a label button or its key." }</p>
            } else {
                <label class="check-all">
                    <input type="checkbox" checked={all_checked} onchange={on_check_all} />
                    { "Select all shown" }
                </label>
            }
            <div class="annotation-list" role="grid" aria-label="Annotations" ref={list_ref}
                aria-rowcount={shown.len().to_string()} {onkeydown}
                style={format!("height: {}px", shown.len() * ROW_PX)}>
                { for with_pinned(in_view, selected_at).filter_map(|at| Some((at, row_at(&props.workspace, &shown[at], props.show_layers)?))).map(|(at, row)| {
                    let row = &row;
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
                    let check = {
                        let (send, key) = (send.clone(), row.key.clone());
                        Callback::from(move |_: Event| send(FilterCommand::ToggleChecked(key.clone()).into()))
                    };
                    // A grid's row (a list's item cannot be selected), placed
                    // among all of them by aria-rowindex: only those in view
                    // are rendered.
                    html! {
                        <div
                            key={format!("{}\u{1f}{}", row.key.layer, row.key.id)}
                            class={classes!("annotation", is_selected.then_some("selected"))}
                            role="row"
                            aria-rowindex={(at + 1).to_string()}
                            aria-selected={is_selected.to_string()}
                            aria-label={row.name.clone()}
                            data-id={row.key.id.to_string()}
                            style={format!("top: {}px", at * ROW_PX)}
                        >
                            <span role="gridcell" class="cell">
                            <input type="checkbox" class="tick" checked={props.checked.contains(&row.key)}
                                aria-label={format!("Select {}", row.quote)} onchange={check} />
                            </span>
                            <span role="gridcell" class="cell main">
                            <button class="annotation-item" onclick={reveal}>
                                <span class="chip" style={format!("--label-color: {}; --label-bg: {}; --label-underline: {}", row.color, row.background, row.underline)}>{ row.label.clone() }</span>
                                if props.show_layers {
                                    <span class="layer-tag">{ row.key.layer.to_string() }</span>
                                }
                                <span class="quote" dir="auto">{ row.quote.clone() }</span>
                                if !row.note.is_empty() {
                                    <span class="marker" title={row.note.clone()} aria-label="has a note">{ "✎" }</span>
                                }
                                if row.n_relations > 0 {
                                    <span class="marker" aria-label={format!("{} relations", row.n_relations)}>{ format!("↔{}", row.n_relations) }</span>
                                }
                            </button>
                            </span>
                            <span role="gridcell" class="cell">
                            <button class="delete" aria-label="Delete annotation" title="Delete (Delete key)" onclick={delete}>{ "×" }</button>
                            </span>
                        </div>
                    }
                }) }
            </div>
        </section>
    }
}

/// What a row shows of an annotation.
fn row_at(workspace: &WorkspaceRef, key: &Key, with_layer: bool) -> Option<Row> {
    let workspace = workspace.borrow();
    let doc = &workspace.doc;
    let a = doc.annotation(key)?;
    let label = doc.scheme().label(&a.label);
    let n_relations = doc
        .relations()
        .map(|r| usize::from(r.source_key() == *key) + usize::from(r.target_key() == *key))
        .sum();
    Some(Row {
        key: a.key.clone(),
        label: label.map_or(a.label.to_string(), |l| l.name.clone()),
        color: label.map_or("#888888".into(), |l| l.color.to_string()),
        background: label.map_or("transparent".into(), |l| label_background(l.color)),
        underline: (doc.scheme().labels.iter().enumerate())
            .find(|(_, l)| l.id == *a.label)
            .map_or("solid", |(i, l)| l.underline_at(i).name()),
        quote: quote_of(doc, a),
        note: a.note.clone(),
        n_relations,
        name: announce::row_name(doc, key, with_layer),
    })
}

/// The text of an annotation's fragments, shortened for the list.
fn quote_of(doc: &AnnotatedDocument, a: &Annotation) -> String {
    let quote = crate::listing::quote(doc, a);
    if quote.chars().count() > MAX_QUOTE_CHARS {
        quote.chars().take(MAX_QUOTE_CHARS).collect::<String>() + "…"
    } else {
        quote
    }
}
