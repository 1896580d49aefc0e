//! The team's guidelines shown: the project's text and each label's
//! definition, examples and counter-examples (the Guidelines dialog, the
//! label picker, the scheme editor, the label buttons' tips). Every run of
//! text becomes a text node (`guidelines.rs` reads the simple lists and
//! emphasis): nothing is parsed as HTML.

use scholia_core::{LabelDef, Scheme};
use yew::prelude::*;

use super::modal::Modal;
use crate::guidelines::{blocks, Block, Run};
use crate::paint::colour::label_background;

/// Plain text with its lists and emphasis, as elements holding text nodes.
pub fn rich(text: &str) -> Html {
    let runs = |runs: &[Run]| -> Html {
        runs.iter()
            .map(|r| {
                if r.emphasis {
                    html! { <em>{ r.text.clone() }</em> }
                } else {
                    html! { { r.text.clone() } }
                }
            })
            .collect()
    };
    blocks(text)
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => html! { <p>{ runs(p) }</p> },
            Block::List(items) => html! {
                <ul>{ for items.iter().map(|item| html! { <li>{ runs(item) }</li> }) }</ul>
            },
        })
        .collect()
}

/// One label's part of the guidelines (nothing when it has none).
pub fn label_guide(label: &LabelDef) -> Html {
    let guide = &label.guide;
    if guide.is_empty() {
        return html! {};
    }
    let list = |title: &str, class: &str, items: &[String]| {
        if items.is_empty() {
            return html! {};
        }
        html! {
            <div class={classes!("guide-list", class.to_string())}>
                <span class="guide-head">{ title.to_string() }</span>
                <ul>{ for items.iter().map(|e| html! { <li dir="auto">{ rich_inline(e) }</li> }) }</ul>
            </div>
        }
    };
    html! {
        <div class="label-guide">
            { rich(&guide.definition) }
            { list("Examples", "examples", &guide.examples) }
            { list("Not this", "counter-examples", &guide.counter_examples) }
        </div>
    }
}

/// One line with its emphasis (an example, a counter-example).
fn rich_inline(text: &str) -> Html {
    crate::guidelines::runs(text)
        .into_iter()
        .map(|r| {
            if r.emphasis {
                html! { <em>{ r.text }</em> }
            } else {
                html! { { r.text } }
            }
        })
        .collect()
}

/// The guidelines' words for a label as one line of text (for a tip).
pub fn label_guide_text(label: &LabelDef) -> String {
    let guide = &label.guide;
    let mut parts = Vec::new();
    if !guide.definition.trim().is_empty() {
        parts.push(guide.definition.trim().replace('\n', " "));
    }
    if !guide.examples.is_empty() {
        parts.push(format!("Examples: {}", guide.examples.join("; ")));
    }
    if !guide.counter_examples.is_empty() {
        parts.push(format!("Not this: {}", guide.counter_examples.join("; ")));
    }
    parts.join(" — ")
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scheme: Scheme,
    pub on_close: Callback<()>,
}

/// The Guidelines dialog: the project's text, then every label's.
#[component]
pub fn GuidelinesDialog(props: &Props) -> Html {
    let scheme = &props.scheme;
    let empty =
        scheme.guidelines.trim().is_empty() && scheme.labels.iter().all(|l| l.guide.is_empty());
    html! {
        <Modal title="Guidelines" on_close={props.on_close.clone()} class="guidelines">
            if empty {
                <p class="hint">{ "This scheme has no guidelines yet. Write them in the scheme editor (Scheme…): the project's, and each label's definition and examples." }</p>
            }
            <div class="project-guidelines" dir="auto">{ rich(&scheme.guidelines) }</div>
            { for scheme.labels.iter().map(|label| html! {
                <section class="guide-label" aria-label={label.name.clone()}>
                    <h3>
                        <span class="chip" style={format!("--label-color: {}; --label-bg: {}", label.color, label_background(label.color))}>{ label.name.clone() }</span>
                    </h3>
                    if !label.description.is_empty() {
                        <p class="hint">{ label.description.clone() }</p>
                    }
                    { label_guide(label) }
                </section>
            }) }
        </Modal>
    }
}
