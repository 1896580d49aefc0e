//! The disagreement being adjudicated: each annotator's version, what gold
//! holds there, and the decisions. It takes the focus when `)` or `(` (or a
//! click in the list) brings a disagreement, and then takes keys of its
//! own: 1 … 9 accept that annotator's version, U the union, R (or Delete)
//! rejects, E edits the gold span in the text.

use scholia_core::adjudication::{Cluster, Decision};
use scholia_core::{AnnotatedDocument, Fragment};
use yew::prelude::*;

use crate::store::TeamCommand;
use crate::team::{gold_of, Current, Standing, ViewRef};
use crate::web;
use crate::workspace::WorkspaceRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub workspace: WorkspaceRef,
    pub revision: u64,
    pub view: ViewRef,
    pub current: Current,
    /// Take the focus when this changes.
    pub focus: u64,
    pub on_team: Callback<TeamCommand>,
}

/// Quotes longer than this are shortened.
const MAX_QUOTE_CHARS: usize = 90;

fn shorten(text: &str) -> String {
    if text.chars().count() > MAX_QUOTE_CHARS {
        text.chars().take(MAX_QUOTE_CHARS).collect::<String>() + "…"
    } else {
        text.to_string()
    }
}

/// "Actor “Edi Rama”", fragments joined by " … ".
fn describe(doc: &AnnotatedDocument, label: &str, fragments: &[Fragment]) -> String {
    let name = doc.scheme().label(label).map_or(label, |l| l.name.as_str());
    let text = &doc.document().text;
    let quote: Vec<&str> = fragments
        .iter()
        .map(|f| text.slice(f.start, f.end))
        .collect();
    format!("{name} “{}”", shorten(&quote.join(" … ")))
}

/// Which disagreement this is ("3 of 14"), or "Agreement".
fn position(view: &ViewRef, index: usize, cluster: &Cluster) -> String {
    if cluster.is_agreement() {
        return "Agreement".to_string();
    }
    let mut n = 0;
    let mut at = 0;
    for i in view.disagreements() {
        n += 1;
        if i == index {
            at = n;
        }
    }
    format!("Disagreement {at} of {n}")
}

#[component]
pub fn TeamCard(props: &Props) -> Html {
    let card_ref = use_node_ref();
    {
        let card_ref = card_ref.clone();
        use_effect_with(props.focus, move |_| {
            if let Some(card) = card_ref.cast::<web_sys::Element>() {
                let first = card.query_selector("button.version").ok().flatten();
                if let Some(button) = first
                    .and_then(|b| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(b).ok())
                {
                    let _ = button.focus();
                }
            }
        });
    }
    let view = &props.view;
    let index = props.current.index;
    let Some(cluster) = view.clusters.get(index) else {
        return html! {};
    };
    let workspace = props.workspace.borrow();
    let doc = &workspace.doc;
    let text = &doc.document().text;
    let standing = Standing::of(cluster);
    let layers = cluster.layers.clone();
    let decide = {
        let on_team = props.on_team.clone();
        move |decision: Decision| {
            on_team.emit(TeamCommand::Decide {
                cluster: index,
                decision,
                now: web::now(),
            })
        }
    };
    let edit = {
        let on_team = props.on_team.clone();
        move || {
            on_team.emit(TeamCommand::EditGold {
                cluster: index,
                now: web::now(),
            });
            web::focus("article[aria-label='Document']");
        }
    };
    let onkeydown = {
        let (decide, edit, layers) = (decide.clone(), edit.clone(), layers.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let key = e.key();
            let handled = match key.as_str() {
                "u" | "U" => {
                    decide(Decision::Union);
                    true
                }
                "r" | "R" | "Delete" | "Backspace" => {
                    decide(Decision::Reject);
                    true
                }
                "e" | "E" => {
                    edit();
                    true
                }
                digit => match digit.parse::<usize>() {
                    Ok(n) if (1..=layers.len()).contains(&n) => {
                        decide(Decision::Accept(layers[n - 1].clone()));
                        true
                    }
                    _ => false,
                },
            };
            if handled {
                e.prevent_default();
                e.stop_propagation();
            }
        })
    };
    let step = |forward: bool| {
        let on_team = props.on_team.clone();
        Callback::from(move |_| on_team.emit(TeamCommand::Step { forward }))
    };
    let leave = {
        let on_team = props.on_team.clone();
        Callback::from(move |_| on_team.emit(TeamCommand::Leave))
    };
    let gold: Vec<String> = gold_of(doc, view, index)
        .iter()
        .filter_map(|k| doc.annotation(k))
        .map(|a| describe(doc, &a.label, &a.fragments))
        .collect();
    let extent = cluster.extent;
    html! {
        <section class="adjudication" aria-label="Disagreement" ref={card_ref} {onkeydown}
            data-standing={standing.name()}
            style={format!("--standing-color: {}", standing.color())}>
            <header>
                <span class="position">{ position(view, index, cluster) }</span>
                <span class="standing-badge">{ standing.name() }</span>
                <span class="spacer"></span>
                <button class="icon-button" aria-label="Previous disagreement" title="Previous disagreement ( ( )" onclick={step(false)}>{ "‹" }</button>
                <button class="icon-button" aria-label="Next disagreement" title="Next disagreement ( ) )" onclick={step(true)}>{ "›" }</button>
                <button class="icon-button" aria-label="Leave the disagreement" onclick={leave}>{ "×" }</button>
            </header>
            <p class="quote cluster-quote" dir="auto">
                { format!("“{}”", shorten(text.slice(extent.start, extent.end))) }
                <span class="offsets">{ format!(" {}–{}", extent.start, extent.end) }</span>
            </p>
            <ol class="versions" aria-label="Versions">
                { for layers.iter().enumerate().map(|(i, layer)| {
                    let spans: Vec<String> = cluster
                        .version(layer)
                        .iter()
                        .map(|c| describe(doc, &c.label, &c.fragments))
                        .collect();
                    let accept = {
                        let (decide, layer) = (decide.clone(), layer.clone());
                        Callback::from(move |_| decide(Decision::Accept(layer.clone())))
                    };
                    html! {
                        <li>
                            <button class="version" onclick={accept}
                                title={format!("Accept {layer}’s version into gold ({})", i + 1)}>
                                <kbd>{ (i + 1).to_string() }</kbd>
                                <span class="layer-name">{ layer.clone() }</span>
                                <span class="spans" dir="auto">{ spans.join("; ") }</span>
                            </button>
                        </li>
                    }
                }) }
                { for cluster.missing.iter().map(|layer| html! {
                    <li class="missing">
                        <span class="layer-name">{ layer.clone() }</span>
                        <span class="spans">{ "marked nothing here" }</span>
                    </li>
                }) }
            </ol>
            <div class="row decisions">
                <button onclick={let d = decide.clone(); Callback::from(move |_| d(Decision::Union))}
                    title="Every annotator's spans into gold (U)"><kbd>{ "U" }</kbd>{ " Union" }</button>
                <button onclick={let d = decide.clone(); Callback::from(move |_| d(Decision::Reject))}
                    title="Nothing in gold here (R)"><kbd>{ "R" }</kbd>{ " Reject" }</button>
                <button onclick={Callback::from(move |_| edit())}
                    title="Select the gold span to adjust it in the text (E)"><kbd>{ "E" }</kbd>{ " Edit gold" }</button>
            </div>
            <p class="gold-now" aria-label="Gold here">
                if gold.is_empty() {
                    { "Gold: nothing decided here yet." }
                } else {
                    { format!("Gold: {}", gold.join("; ")) }
                }
            </p>
        </section>
    }
}
