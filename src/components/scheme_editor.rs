//! The annotation scheme, editable: labels (name, colour with its contrast,
//! hotkey, description, order), relation types (which labels they link) and
//! attribute definitions (kind, values, what they apply to); export and
//! import of scheme files. Every change is one undoable step.
//!
//! Every control sends a [`Change`] through one callback; the store applies
//! it to the scheme as it is then (see `scheme_change`): one code path (and
//! a small bundle) for dozens of controls, and no change lost to another
//! made just before it.

use scholia_core::contrast::label_contrast;
use scholia_core::scheme_edit::Part;
use scholia_core::title::file_stem;
use scholia_core::{AttributeKind, LabelDef, Scheme, Underline};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::guide;
use super::modal::Modal;
use crate::editor::scheme::uses;
use crate::library::{read_scheme, write_scheme};
use crate::scheme_change::{Change, Field};
use crate::state::Message;
use crate::store::{Action, SchemeCommand, ViewCommand};
use crate::web::files;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scheme: Scheme,
    /// How many annotations carry each label id.
    pub usage: Vec<(String, usize)>,
    pub title: String,
    pub on_action: Callback<Action>,
    pub on_close: Callback<()>,
}

/// A text field that sends `Set(field, index, value)` when it changes.
fn text_field(
    value: String,
    aria: String,
    field: Field,
    index: usize,
    send: &Callback<Change>,
) -> Html {
    let send = send.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
            send.emit(Change::Set(field, index, input.value()));
        }
    });
    let kind = if field == Field::LabelColor {
        "color"
    } else {
        "text"
    };
    let class = match field {
        Field::LabelHotkey => "hotkey",
        _ => "",
    };
    html! { <input type={kind} class={class} {value} aria-label={aria} {onchange} /> }
}

/// A text area that sends `Set(field, index, value)` when it changes.
fn text_area(
    value: String,
    aria: String,
    field: Field,
    index: usize,
    send: &Callback<Change>,
) -> Html {
    let send = send.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(area) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
            send.emit(Change::Set(field, index, area.value()));
        }
    });
    html! { <textarea {value} aria-label={aria.clone()} placeholder={aria} rows="3" dir="auto" {onchange} /> }
}

/// The underline of label `i`: its own, or by its place (the first choice).
fn underline_select(label: &LabelDef, i: usize, send: &Callback<Change>) -> Html {
    let send = send.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
            send.emit(Change::Set(Field::LabelUnderline, i, select.value()));
        }
    });
    let by_place = Underline::by_position(i).name();
    html! {
        <select aria-label={format!("Underline of {}", label.name)} {onchange}
            style={format!("--label-color: {}; --label-underline: {}", label.color, label.underline_at(i).name())}>
            <option value="" selected={label.underline.is_none()}>{ format!("{by_place} (by place)") }</option>
            { for Underline::ALL.into_iter().map(|u| html! {
                <option value={u.name()} selected={label.underline == Some(u)}>{ u.name() }</option>
            }) }
        </select>
    }
}

/// The guidelines: the project's text, and each label's definition,
/// examples and counter-examples (one a line), with what they say now.
fn guidelines_editor(scheme: &Scheme, send: &Callback<Change>) -> Html {
    html! {
        <section aria-label="Guidelines" class="guidelines-editor">
            <h3>{ "Guidelines" }</h3>
            <p class="hint">{ "Plain text: a line starting with “- ” is a list item, *words* between stars are emphasised." }</p>
            { text_area(scheme.guidelines.clone(), "Project guidelines".into(), Field::Guidelines, 0, send) }
            { for scheme.labels.iter().enumerate().map(|(i, label)| {
                let name = &label.name;
                let said = guide::label_guide_text(label);
                html! {
                    <details key={label.id.clone()}>
                        <summary>
                            <strong>{ name.clone() }</strong>{ ": " }
                            <span class="hint">{ if said.is_empty() { "no guidelines yet".to_string() } else { said } }</span>
                        </summary>
                        { text_area(label.guide.definition.clone(), format!("Definition of {name}"), Field::LabelDefinition, i, send) }
                        { text_area(label.guide.examples.join("\n"), format!("Examples of {name} (one a line)"), Field::LabelExamples, i, send) }
                        { text_area(label.guide.counter_examples.join("\n"), format!("Counter-examples of {name} (one a line)"), Field::LabelCounterExamples, i, send) }
                    </details>
                }
            }) }
        </section>
    }
}

/// A button that sends `change`.
fn button(
    text: &str,
    aria: String,
    change: Change,
    disabled: bool,
    send: &Callback<Change>,
) -> Html {
    let send = send.clone();
    let onclick = Callback::from(move |_| send.emit(change.clone()));
    html! { <button class="icon" aria-label={aria} {disabled} {onclick}>{ text.to_string() }</button> }
}

/// Up, down and remove buttons for item `i` of `n` named `name`.
fn row_actions(part: Part, i: usize, n: usize, name: &str, send: &Callback<Change>) -> Html {
    html! {
        <td class="actions">
            { button("↑", format!("Move {name} up"), Change::Move(part, i, true), i == 0, send) }
            { button("↓", format!("Move {name} down"), Change::Move(part, i, false), i + 1 == n, send) }
            if part != Part::Labels {
                { button("×", format!("Remove {name}"), Change::Remove(part, i), false, send) }
            }
        </td>
    }
}

/// The document label sets: each one's name, options (separated by
/// commas) and whether several may be chosen, and a button that removes it
/// (with the answers given). Sets are added from the panel's Document
/// labels section.
fn label_sets_editor(scheme: &Scheme, send: &Callback<Change>) -> Html {
    let sets = &scheme.document_label_sets;
    html! {
        <section aria-label="Document label sets">
            <h3>{ format!("Document label sets ({})", sets.len()) }</h3>
            if sets.is_empty() {
                <p class="hint">{ "Add one from the panel’s Document labels section." }</p>
            } else {
                <table>
                    <thead><tr><th>{ "Name" }</th><th>{ "Options" }</th><th>{ "Several" }</th><th><span class="visually-hidden">{ "Remove" }</span></th></tr></thead>
                    <tbody>
                        { for sets.iter().enumerate().map(|(i, set)| {
                            let multiple = {
                                let send = send.clone();
                                Callback::from(move |e: Event| {
                                    if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                                        send.emit(Change::Set(Field::SetMultiple, i, input.checked().to_string()));
                                    }
                                })
                            };
                            html! {
                                <tr key={set.id.clone()}>
                                    <td>{ text_field(set.name.clone(), format!("Name of label set {}", i + 1), Field::SetName, i, send) }</td>
                                    <td>{ text_field(set.options.join(", "), format!("Options of {}, separated by commas", set.name), Field::SetOptions, i, send) }</td>
                                    <td><input type="checkbox" checked={set.multiple} aria-label={format!("Several may be chosen in {}", set.name)} onchange={multiple} /></td>
                                    <td class="actions">{ button("×", format!("Remove {} (and its answers)", set.name), Change::RemoveSet(i), false, send) }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}

/// An input that adds an item to a list when Enter is pressed.
fn add_field(part: Part, aria: &str, send: &Callback<Change>) -> Html {
    let send = send.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
            send.emit(Change::Add(part, input.value()));
            input.set_value("");
        }
    });
    html! {
        <input type="text" class="add" aria-label={aria.to_string()}
            placeholder={format!("{aria}: type its name, press Enter")} {onchange} />
    }
}

/// Checkboxes, one per (id, name), in a disclosure whose summary lists the
/// ticked names ("any" when none); `make` turns the new list into a change.
fn choose_many(
    caption: String,
    options: &[(String, String)],
    ticked: &[String],
    make: fn(usize, bool, Vec<String>) -> Change,
    index: usize,
    source: bool,
    send: &Callback<Change>,
) -> Html {
    let names: Vec<&str> = options
        .iter()
        .filter(|(id, _)| ticked.contains(id))
        .map(|(_, n)| n.as_str())
        .collect();
    let summary = if names.is_empty() {
        "any".to_string()
    } else {
        names.join(", ")
    };
    html! {
        <details class="choose-many">
            <summary aria-label={format!("{caption}: {summary}")}>{ summary }</summary>
            <div role="group" aria-label={caption}>
                { for options.iter().map(|(id, name)| {
                    let on = ticked.contains(id);
                    let mut next: Vec<String> = ticked.iter().filter(|t| *t != id).cloned().collect();
                    if !on {
                        next.push(id.clone());
                    }
                    let send = send.clone();
                    let onchange = Callback::from(move |_: Event| send.emit(make(index, source, next.clone())));
                    html! { <label><input type="checkbox" checked={on} {onchange} />{ name.clone() }</label> }
                }) }
            </div>
        </details>
    }
}

#[component]
pub fn SchemeEditor(props: &Props) -> Html {
    // A removal that would delete annotations waits for a second press.
    let confirm = use_state(|| None::<usize>);
    let scheme = &props.scheme;
    let send = {
        let (on_action, confirm) = (props.on_action.clone(), confirm.clone());
        Callback::from(move |change: Change| {
            confirm.set(None);
            on_action.emit(SchemeCommand::Change(change).into());
        })
    };
    let used = |id: &str| uses(&props.usage, id);
    let label_options: Vec<(String, String)> = scheme
        .labels
        .iter()
        .map(|l| (l.id.clone(), l.name.clone()))
        .collect();
    let owner_options: Vec<(String, String)> = label_options
        .iter()
        .cloned()
        .chain(
            scheme
                .relation_types
                .iter()
                .map(|r| (r.id.clone(), format!("{} (relation)", r.name))),
        )
        .collect();
    let n_labels = scheme.labels.len();

    let labels = scheme.labels.iter().enumerate().map(|(i, label)| {
        let n_used = used(&label.id);
        // Contrast in tenths, shown without float formatting.
        let contrast = (label_contrast(label.color) * 10.0).round() as u32;
        let confirming = *confirm == Some(i);
        let remove = {
            let (confirm, send) = (confirm.clone(), send.clone());
            Callback::from(move |_| {
                if n_used > 0 && !confirming {
                    confirm.set(Some(i));
                } else {
                    send.emit(Change::Remove(Part::Labels, i));
                }
            })
        };
        let name = &label.name;
        html! {
            <tr key={label.id.clone()}>
                <td>{ text_field(label.color.to_string(), format!("Colour of {name}"), Field::LabelColor, i, &send) }</td>
                <td>{ text_field(name.clone(), format!("Name of label {}", i + 1), Field::LabelName, i, &send) }</td>
                <td>{ text_field(label.hotkey.clone().unwrap_or_default(), format!("Hotkey of {name}"), Field::LabelHotkey, i, &send) }</td>
                <td>{ text_field(label.description.clone(), format!("Description of {name}"), Field::LabelDescription, i, &send) }</td>
                <td>{ underline_select(label, i, &send) }</td>
                <td class="contrast" title="The lowest contrast of text over this label's highlight, in the light and the dark theme (4.5 : 1 or more reads well)">
                    { format!("{}.{} : 1", contrast / 10, contrast % 10) }
                </td>
                <td class="count">{ n_used }</td>
                { row_actions(Part::Labels, i, n_labels, name, &send) }
                <td>
                    <button class={classes!("icon", confirming.then_some("danger"))}
                        aria-label={if confirming { format!("Remove {name} and its {n_used} annotations") } else { format!("Remove {name}") }}
                        onclick={remove}>{ if confirming { format!("Remove with {n_used}?") } else { "×".to_string() } }</button>
                </td>
            </tr>
        }
    });

    let n_kinds = scheme.relation_types.len();
    let relation_types = scheme.relation_types.iter().enumerate().map(|(i, kind)| {
        let name = &kind.name;
        html! {
            <tr key={kind.id.clone()}>
                <td>{ text_field(name.clone(), format!("Name of relation type {}", i + 1), Field::KindName, i, &send) }</td>
                <td>{ choose_many(format!("From ({name})"), &label_options, &kind.source_labels, Change::Ends, i, true, &send) }</td>
                <td>{ choose_many(format!("To ({name})"), &label_options, &kind.target_labels, Change::Ends, i, false, &send) }</td>
                <td>{ text_field(kind.description.clone(), format!("Description of {name}"), Field::KindDescription, i, &send) }</td>
                { row_actions(Part::RelationTypes, i, n_kinds, name, &send) }
            </tr>
        }
    });

    let n_attributes = scheme.attributes.len();
    let attributes = scheme.attributes.iter().enumerate().map(|(i, attribute)| {
        let name = &attribute.name;
        let (kind, values) = match &attribute.kind {
            AttributeKind::Flag => ("flag", String::new()),
            AttributeKind::Choice(values) => ("choice", values.join(", ")),
            AttributeKind::Text => ("text", String::new()),
        };
        let on_kind = {
            let send = send.clone();
            Callback::from(move |e: Event| {
                if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                    send.emit(Change::Set(Field::AttributeKind, i, select.value()));
                }
            })
        };
        html! {
            <tr key={attribute.id.clone()}>
                <td>{ text_field(name.clone(), format!("Name of attribute {}", i + 1), Field::AttributeName, i, &send) }</td>
                <td>
                    <select aria-label={format!("Kind of {name}")} onchange={on_kind}>
                        { for [("flag", "yes / no"), ("choice", "one of"), ("text", "free text")].iter().map(|(v, shown)| html! {
                            <option value={*v} selected={*v == kind}>{ *shown }</option>
                        }) }
                    </select>
                    if kind == "choice" {
                        { text_field(values, format!("Values of {name} (separated by commas)"), Field::AttributeValues, i, &send) }
                    }
                </td>
                <td>{ choose_many(format!("For ({name})"), &owner_options, &attribute.applies_to, |i, _, owners| Change::AppliesTo(i, owners), i, false, &send) }</td>
                <td>{ text_field(attribute.description.clone(), format!("Description of {name}"), Field::AttributeDescription, i, &send) }</td>
                { row_actions(Part::Attributes, i, n_attributes, name, &send) }
            </tr>
        }
    });

    let on_export = {
        let (scheme, title, on_action) = (
            props.scheme.clone(),
            props.title.clone(),
            props.on_action.clone(),
        );
        Callback::from(move |_| {
            let name = format!("{}.scheme.json", file_stem(&title));
            let (scheme, on_action) = (scheme.clone(), on_action.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let written = write_scheme(&scheme)
                    .await
                    .and_then(|json| files::download(&name, &json, "application/json"));
                if let Err(error) = written {
                    on_action.emit(
                        ViewCommand::Report(Message::error(format!(
                            "Could not export the scheme: {error}."
                        )))
                        .into(),
                    );
                }
            });
        })
    };
    let on_import = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let chosen = files::take_chosen(&e);
            let on_action = on_action.clone();
            wasm_bindgen_futures::spawn_local(async move {
                for file in chosen {
                    on_action.emit(match read_scheme(&file).await {
                        Ok(scheme) => SchemeCommand::Adopt {
                            scheme,
                            file_name: file.name(),
                        }
                        .into(),
                        Err(error) => ViewCommand::Report(Message::error(format!(
                            "Could not import the scheme: {error}"
                        )))
                        .into(),
                    });
                }
            });
        })
    };

    html! {
        <Modal title="Annotation scheme" on_close={props.on_close.clone()} class="scheme-editor">
            <section aria-label="Labels">
                <h3>{ format!("Labels ({n_labels})") }</h3>
                <table>
                    <thead><tr>
                        <th>{ "Colour" }</th><th>{ "Name" }</th><th>{ "Key" }</th><th>{ "Description" }</th><th>{ "Underline" }</th>
                        <th>{ "Contrast" }</th><th>{ "Used" }</th><th><span class="visually-hidden">{ "Order" }</span></th><th><span class="visually-hidden">{ "Remove" }</span></th>
                    </tr></thead>
                    <tbody>{ for labels }</tbody>
                </table>
                { add_field(Part::Labels, "New label", &send) }
            </section>
            { guidelines_editor(scheme, &send) }
            <section aria-label="Relation types">
                <h3>{ format!("Relation types ({n_kinds})") }</h3>
                <table>
                    <thead><tr><th>{ "Name" }</th><th>{ "From" }</th><th>{ "To" }</th><th>{ "Description" }</th><th><span class="visually-hidden">{ "Order and remove" }</span></th></tr></thead>
                    <tbody>{ for relation_types }</tbody>
                </table>
                { add_field(Part::RelationTypes, "New relation type", &send) }
            </section>
            <section aria-label="Attributes">
                <h3>{ format!("Attributes ({n_attributes})") }</h3>
                <table>
                    <thead><tr><th>{ "Name" }</th><th>{ "Values" }</th><th>{ "For" }</th><th>{ "Description" }</th><th><span class="visually-hidden">{ "Order and remove" }</span></th></tr></thead>
                    <tbody>{ for attributes }</tbody>
                </table>
                { add_field(Part::Attributes, "New attribute", &send) }
            </section>
            { label_sets_editor(scheme, &send) }
            <footer class="row">
                <button onclick={on_export}>{ "Export scheme" }</button>
                <label class="button file-button">
                    { "Import scheme" }
                    <input type="file" class="hidden-input" accept=".json,application/json" onchange={on_import} />
                </label>
                <span class="hint">{ "Changes apply at once; Ctrl+Z undoes them." }</span>
            </footer>
        </Modal>
    }
}
