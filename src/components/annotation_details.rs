//! The selected annotation, editable: its label, its fragments (add or cut
//! the selected text, remove one), its note, the attributes its label takes,
//! and its relations (remove one, or start a new one).

use scholia_core::{AttributeKind, AttributeValue, Key};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::store::{Action, RelationCommand, SpanCommand};
use crate::web;
use crate::workspace::WorkspaceRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub workspace: WorkspaceRef,
    pub revision: u64,
    pub selected: Key,
    /// Text is selected in the document (fragments can be added or cut).
    pub text_selected: bool,
    pub linking: bool,
    /// Focus the note when this changes.
    pub focus_note: u64,
    pub on_action: Callback<Action>,
    pub on_reveal: Callback<Key>,
}

/// A relation as listed: its key, the arrow and type, and the other end.
struct Link {
    key: Key,
    text: String,
    other: Key,
    other_quote: String,
}

/// Keeps the document's text selection when a button is pressed.
fn keep_selection() -> Callback<MouseEvent> {
    Callback::from(|e: MouseEvent| e.prevent_default())
}

#[component]
pub fn AnnotationDetails(props: &Props) -> Html {
    let note_ref = use_node_ref();
    // The request standing when this panel appeared is not for it.
    let standing = use_mut_ref(|| props.focus_note);
    {
        let note_ref = note_ref.clone();
        use_effect_with(props.focus_note, move |nonce| {
            if *nonce != *standing.borrow() {
                if let Some(note) = note_ref.cast::<web_sys::HtmlElement>() {
                    let _ = note.focus();
                }
            }
        });
    }
    let workspace = props.workspace.borrow();
    let doc = &workspace.doc;
    let key = &props.selected;
    let Some(annotation) = doc.annotation(key) else {
        return html! {};
    };
    let scheme = doc.scheme();
    let text = &doc.document().text;
    let send = {
        let on_action = props.on_action.clone();
        move |action: Action| on_action.emit(action)
    };
    let quote_of = |k: &Key| {
        doc.annotation(k)
            .map(|a| doc.quotes(a).join(" … "))
            .unwrap_or_default()
    };
    let links: Vec<Link> = doc
        .relations_of(key)
        .map(|r| {
            let name = scheme
                .relation_type(&r.kind)
                .map_or(r.kind.clone(), |t| t.name.clone());
            let outgoing = r.source == key.id;
            let other = if outgoing {
                r.target_key()
            } else {
                r.source_key()
            };
            Link {
                key: r.key.clone(),
                text: if outgoing {
                    format!("{name} →")
                } else {
                    format!("← {name}")
                },
                other_quote: quote_of(&other),
                other,
            }
        })
        .collect();

    let on_label = {
        let (send, key) = (send.clone(), key.clone());
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                send(
                    SpanCommand::Relabel {
                        keys: vec![key.clone()],
                        label: select.value(),
                        now: web::now(),
                    }
                    .into(),
                );
            }
        })
    };
    let on_note = {
        let (send, key) = (send.clone(), key.clone());
        Callback::from(move |e: Event| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                send(
                    SpanCommand::SetNote {
                        key: key.clone(),
                        note: area.value(),
                        now: web::now(),
                    }
                    .into(),
                );
            }
        })
    };
    // Escape anywhere in the panel goes back to the text (leaving the note
    // saves it: a change event).
    let on_key = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Escape" {
            e.prevent_default();
            e.stop_propagation();
            web::focus("article[aria-label='Document']");
        }
    });
    let fragment_button = |add: bool| {
        let send = send.clone();
        let command = move |_| {
            send(if add {
                SpanCommand::AddSelection { now: web::now() }.into()
            } else {
                SpanCommand::CutSelection { now: web::now() }.into()
            })
        };
        let (label, title) = if add {
            (
                "Add selected text",
                "Add the selected text to this span as another fragment (+)",
            )
        } else {
            (
                "Cut selected text",
                "Cut the selected text out of this span (−)",
            )
        };
        html! {
            <button disabled={!props.text_selected} title={title}
                onmousedown={keep_selection()} onclick={Callback::from(command)}>{ label }</button>
        }
    };
    let attributes: Vec<Html> = scheme
        .attributes
        .iter()
        .filter(|def| def.applies_to.is_empty() || def.applies_to.iter().any(|l| *l == annotation.label))
        .map(|def| {
            let value = annotation.attributes.get(&def.id);
            let set = {
                let (send, key, id) = (send.clone(), key.clone(), def.id.clone());
                move |value: Option<AttributeValue>| {
                    send(SpanCommand::SetAttribute {
                        key: key.clone(),
                        attribute: id.clone(),
                        value,
                        now: web::now(),
                    }.into())
                }
            };
            match &def.kind {
                AttributeKind::Flag => {
                    let on = value == Some(&AttributeValue::Flag(true));
                    let onchange = Callback::from(move |e: Event| {
                        let checked = e.target_dyn_into::<HtmlInputElement>().is_some_and(|i| i.checked());
                        set(checked.then_some(AttributeValue::Flag(true)));
                    });
                    html! {
                        <label class="attribute" title={def.description.clone()}>
                            <input type="checkbox" checked={on} {onchange} />
                            { def.name.clone() }
                        </label>
                    }
                }
                AttributeKind::Choice(values) => {
                    let current = match value {
                        Some(AttributeValue::Text(v)) => v.clone(),
                        _ => String::new(),
                    };
                    let onchange = Callback::from(move |e: Event| {
                        if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                            let v = select.value();
                            set((!v.is_empty()).then_some(AttributeValue::Text(v)));
                        }
                    });
                    html! {
                        <label class="attribute" title={def.description.clone()}>
                            { def.name.clone() }
                            <select {onchange}>
                                <option value="" selected={current.is_empty()}>{ "—" }</option>
                                { for values.iter().map(|v| html! {
                                    <option value={v.clone()} selected={*v == current}>{ v.clone() }</option>
                                }) }
                            </select>
                        </label>
                    }
                }
                AttributeKind::Text => {
                    let current = match value {
                        Some(AttributeValue::Text(v)) => v.clone(),
                        _ => String::new(),
                    };
                    let onchange = Callback::from(move |e: Event| {
                        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                            let v = input.value();
                            set((!v.is_empty()).then_some(AttributeValue::Text(v)));
                        }
                    });
                    html! {
                        <label class="attribute" title={def.description.clone()}>
                            { def.name.clone() }
                            <input type="text" value={current} {onchange} />
                        </label>
                    }
                }
            }
        })
        .collect();
    let n_fragments = annotation.fragments.len();

    html! {
        <section class="details" aria-label="Selected annotation" onkeydown={on_key}>
            <h2>{ "Selected annotation" }</h2>
            <p class="provenance" title={format!("created {}, modified {}", annotation.created.to_rfc3339(), annotation.modified.to_rfc3339())}>
                { "by " }<strong>{ annotation.key.layer.to_string() }</strong>
                { format!(" · created {}", crate::library::ago(annotation.created, web::now())) }
                if annotation.modified != annotation.created {
                    { format!(" · modified {}", crate::library::ago(annotation.modified, web::now())) }
                }
            </p>
            <label class="field">
                { "Label" }
                <select onchange={on_label}>
                    { for scheme.labels.iter().map(|l| html! {
                        <option value={l.id.clone()} selected={l.id == annotation.label}>{ l.name.clone() }</option>
                    }) }
                </select>
            </label>
            <ul class="fragments" aria-label="Fragments">
                { for annotation.fragments.iter().enumerate().map(|(i, f)| {
                    let remove = {
                        let (send, key) = (send.clone(), key.clone());
                        Callback::from(move |_| send(SpanCommand::RemoveFragment { key: key.clone(), index: i, now: web::now() }.into()))
                    };
                    html! {
                        <li>
                            <span class="quote" dir="auto">{ format!("“{}”", text.slice(f.start, f.end)) }</span>
                            <span class="offsets">{ format!("{}–{}", f.start, f.end) }</span>
                            if n_fragments > 1 {
                                <button class="delete" aria-label={format!("Remove fragment {}", i + 1)} onclick={remove}>{ "×" }</button>
                            }
                        </li>
                    }
                }) }
            </ul>
            <div class="row">
                { fragment_button(true) }
                { fragment_button(false) }
            </div>
            <label class="field note">
                { "Note" }
                <textarea ref={note_ref} rows="3" value={annotation.note.clone()}
                    onchange={on_note}
                    placeholder="A comment for this annotation (Enter on the text opens it, Escape leaves)" />
            </label>
            if !attributes.is_empty() {
                <div class="attributes" role="group" aria-label="Attributes">{ for attributes }</div>
            }
            <div class="relations">
                <h3>{ format!("Relations ({})", links.len()) }</h3>
                <ul aria-label="Relations">
                    { for links.into_iter().map(|link| {
                        let remove = {
                            let (send, key) = (send.clone(), link.key.clone());
                            Callback::from(move |_| send(RelationCommand::Unlink(key.clone()).into()))
                        };
                        let go = {
                            let (on_reveal, other) = (props.on_reveal.clone(), link.other.clone());
                            Callback::from(move |_| on_reveal.emit(other.clone()))
                        };
                        html! {
                            <li>
                                <button class="relation-item" onclick={go}>
                                    <span class="relation-type">{ link.text }</span>
                                    <span class="quote" dir="auto">{ link.other_quote }</span>
                                </button>
                                <button class="delete" aria-label="Remove relation" onclick={remove}>{ "×" }</button>
                            </li>
                        }
                    }) }
                </ul>
                if props.linking {
                    <button onclick={let send = send.clone(); Callback::from(move |_| send(RelationCommand::CancelLink.into()))}>
                        { "Cancel link (Escape)" }
                    </button>
                } else {
                    <button title="Then click the target, or choose it with ] [ and press Enter (>)"
                        onclick={let send = send.clone(); Callback::from(move |_| send(RelationCommand::StartLink.into()))}>
                        { "Link to…" }
                    </button>
                }
            </div>
        </section>
    }
}
