//! The agreement report: every metric the core computes (docs/agreement.md),
//! for the open document or for every document of the library, per label
//! and overall, with the agreement per label as bars and the confusion
//! matrix as a heat map, drawn from the same chart models as
//! `scholia-cli agree --svg`. Each figure carries `data-metric`, the path of
//! the same value in `scholia-cli agree --json`.

use std::rc::Rc;

use scholia_core::agreement::report::{AgreementReport, Scores};
use scholia_core::agreement::{Options, TokenScope};
use scholia_core::chart::{confusion, label_agreement};
use scholia_core::format::scholia as native;
use yew::prelude::*;

use super::modal::Modal;
use super::team_chart::TeamChart;
use crate::library::{document_report as document_report_of, Library, Progress};
use crate::team::numbers::value;
use crate::words::plural;
use crate::workspace::{LibraryEntry, WorkspaceRef};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub workspace: WorkspaceRef,
    pub revision: u64,
    /// The annotators compared (those shown).
    pub layers: Rc<Vec<String>>,
    pub library: Library,
    pub entries: Rc<Vec<LibraryEntry>>,
    pub on_close: Callback<()>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Document,
    Library,
}

/// A figure: its value, and where it is in the JSON report.
fn figure(metric: String, v: Option<f64>) -> Html {
    html! { <td class="figure" data-metric={metric}>{ value(v) }</td> }
}

/// Precision, recall and F1 cells.
fn prf(metric: &str, s: &Scores) -> Html {
    html! {
        <>
            { figure(format!("{metric}.precision"), s.precision) }
            { figure(format!("{metric}.recall"), s.recall) }
            { figure(format!("{metric}.f1"), s.f1) }
        </>
    }
}

/// Document labels (per set) and entity links (per pair), when the
/// documents have them.
fn labels_and_links(r: &AgreementReport) -> Html {
    html! {
        <>
            { for r.document_labels.iter().map(|set| html! {
                <>
                    <h3>{ format!("Document labels: {}", set.name) }</h3>
                    <table class="report-table" aria-label={format!("Agreement on {}", set.name)}>
                        <tbody>
                            <tr><th scope="row">{ "Krippendorff’s α (nominal)" }</th>
                                { figure(format!("documentLabels.{}.alpha", set.set), set.alpha) }
                                <td class="hint">{ format!("on {} documents two annotators or more answered", set.units) }</td></tr>
                            <tr><th scope="row">{ "Fleiss’ κ" }</th>
                                { figure(format!("documentLabels.{}.fleiss", set.set), set.fleiss) }
                                <td class="hint">{ format!("on {} documents every annotator answered", set.fleiss_units) }</td></tr>
                            { for set.cohen.iter().map(|p| html! {
                                <tr><th scope="row">{ format!("Cohen’s κ {} – {}", p.a, p.b) }</th>
                                    { figure(format!("documentLabels.{}.cohen.{}|{}", set.set, p.a, p.b), p.value) }
                                    <td class="hint">{ format!("on {} documents", p.units) }</td></tr>
                            }) }
                        </tbody>
                    </table>
                </>
            }) }
            if !r.linking.is_empty() {
                <h3>{ "Entity links" }</h3>
                <table class="report-table" aria-label="Entity link agreement">
                    <thead>
                        <tr><th></th><th scope="col">{ "P" }</th><th scope="col">{ "R" }</th><th scope="col">{ "F1" }</th></tr>
                    </thead>
                    <tbody>
                        { for r.linking.iter().map(|p| html! {
                            <tr><th scope="row">{ format!("{} – {}", p.a, p.b) }</th>
                                { prf(&format!("linking.{}|{}", p.a, p.b), &p.scores) }</tr>
                        }) }
                    </tbody>
                </table>
                <p class="hint">{ "A link matches when the other annotator linked the same span to the same entity." }</p>
            }
        </>
    }
}

/// The report: what was compared and the key figures, the charts, then
/// every figure in tables.
fn report_view(r: &AgreementReport) -> Html {
    let scope = match r.tokens.scope {
        TokenScope::AllTokens => "all tokens, unlabelled ones as “O”",
        TokenScope::LabelledTokens => "only tokens someone labelled",
    };
    let key = |name: &str, metric: &str, v: Option<f64>| {
        html! {
            <div class="key-figure">
                <span class="figure" data-metric={metric.to_string()}>{ value(v) }</span>
                <span class="figure-name">{ name.to_string() }</span>
            </div>
        }
    };
    html! {
        <div class="report-body">
            <p class="report-summary">
                { format!(
                    "{} ({}) on {} ({} with two annotators or more). Tokens: {} ({scope}).",
                    plural(r.annotators.len(), "annotator", "annotators"),
                    r.annotators.join(", "),
                    plural(r.documents, "document", "documents"),
                    r.compared_documents,
                    r.tokens.tokens,
                ) }
            </p>
            <div class="key-figures">
                { key("Krippendorff’s α (tokens)", "tokens.alpha", r.tokens.alpha) }
                { key("Fleiss’ κ (tokens)", "tokens.fleiss", r.tokens.fleiss) }
                { key("unitizing α (_uα)", "unitizing.alpha", r.unitizing.alpha) }
                { key("span F1, exact", "spans.exact.f1", r.spans.exact.f1) }
                { key("span F1, overlap", "spans.overlap.f1", r.spans.overlap.f1) }
                { key("relation F1", "relations.overall.f1", r.relations.overall.f1) }
            </div>
            <div class="charts">
                <figure><TeamChart chart={Rc::new(label_agreement(r))} /></figure>
                <figure><TeamChart chart={Rc::new(confusion(r))} /></figure>
            </div>
            <h3>{ "Tokens" }</h3>
            <table class="report-table" aria-label="Token agreement">
                <tbody>
                    <tr><th scope="row">{ "Krippendorff’s α (nominal)" }</th>{ figure("tokens.alpha".into(), r.tokens.alpha) }
                        <td class="hint">{ "every token with two values or more" }</td></tr>
                    <tr><th scope="row">{ "Fleiss’ κ" }</th>{ figure("tokens.fleiss".into(), r.tokens.fleiss) }
                        <td class="hint">{ format!("on {} tokens every annotator labelled", r.tokens.fleiss_tokens) }</td></tr>
                    { for r.tokens.cohen.iter().map(|p| html! {
                        <tr><th scope="row">{ format!("Cohen’s κ {} – {}", p.a, p.b) }</th>
                            { figure(format!("tokens.cohen.{}|{}", p.a, p.b), p.value) }
                            <td class="hint">{ format!("on {} tokens", p.units) }</td></tr>
                    }) }
                </tbody>
            </table>
            <h3>{ "Spans" }</h3>
            <table class="report-table" aria-label="Span agreement">
                <thead>
                    <tr><td></td><th colspan="3" scope="colgroup">{ "exact match" }</th><th colspan="3" scope="colgroup">{ "overlap match" }</th></tr>
                    <tr><th scope="col">{ "pair (reference – compared)" }</th>
                        <th scope="col">{ "P" }</th><th scope="col">{ "R" }</th><th scope="col">{ "F1" }</th>
                        <th scope="col">{ "P" }</th><th scope="col">{ "R" }</th><th scope="col">{ "F1" }</th></tr>
                </thead>
                <tbody>
                    { for r.spans.pairs.iter().map(|p| {
                        let metric = format!("spans.pairs.{}|{}", p.a, p.b);
                        html! {
                            <tr><th scope="row">{ format!("{} – {}", p.a, p.b) }</th>
                                { prf(&format!("{metric}.exact"), &p.exact) }
                                { prf(&format!("{metric}.overlap"), &p.overlap) }</tr>
                        }
                    }) }
                    <tr class="total"><th scope="row">{ "all pairs" }</th>
                        { prf("spans.exact", &r.spans.exact) }{ prf("spans.overlap", &r.spans.overlap) }</tr>
                </tbody>
            </table>
            <p class="hint">{ format!("Unitizing: {}, over {} characters.", r.unitizing.variant, r.unitizing.length) }</p>
            <h3>{ "Per label" }</h3>
            <table class="report-table" aria-label="Agreement per label">
                <thead>
                    <tr><th scope="col">{ "label" }</th><th scope="col">{ "α" }</th><th scope="col">{ "Fleiss’ κ" }</th>
                        <th scope="col">{ "Cohen’s κ (mean)" }</th><th scope="col">{ "_uα" }</th>
                        <th scope="col">{ "F1 exact" }</th><th scope="col">{ "F1 overlap" }</th></tr>
                </thead>
                <tbody>
                    { for r.labels.iter().map(|label| {
                        let name = &label.name;
                        let tokens = r.tokens.per_label.iter().find(|l| l.label == *name);
                        let unitizing = r.unitizing.per_label.iter().find(|l| l.label == *name);
                        let spans = r.spans.per_label.iter().find(|l| l.label == *name);
                        let metric = |what: &str| format!("labels.{name}.{what}");
                        html! {
                            <tr><th scope="row">{ name.clone() }</th>
                                { figure(metric("alpha"), tokens.and_then(|t| t.alpha)) }
                                { figure(metric("fleiss"), tokens.and_then(|t| t.fleiss)) }
                                { figure(metric("cohenMean"), tokens.and_then(|t| t.cohen_mean)) }
                                { figure(metric("unitizing"), unitizing.and_then(|u| u.value)) }
                                { figure(metric("exact.f1"), spans.and_then(|s| s.exact.f1)) }
                                { figure(metric("overlap.f1"), spans.and_then(|s| s.overlap.f1)) }</tr>
                        }
                    }) }
                </tbody>
            </table>
            <p class="hint">{ "Token figures per label compare the label against everything else." }</p>
            <h3>{ "Relations" }</h3>
            <table class="report-table" aria-label="Relation agreement">
                <thead>
                    <tr><th scope="col">{ "pair or type" }</th><th scope="col">{ "P" }</th><th scope="col">{ "R" }</th><th scope="col">{ "F1" }</th></tr>
                </thead>
                <tbody>
                    { for r.relations.pairs.iter().map(|p| html! {
                        <tr><th scope="row">{ format!("{} – {}", p.a, p.b) }</th>
                            { prf(&format!("relations.pairs.{}|{}", p.a, p.b), &p.scores) }</tr>
                    }) }
                    { for r.relations.per_type.iter().map(|t| html! {
                        <tr><th scope="row">{ t.kind.clone() }</th>{ prf(&format!("relations.types.{}", t.kind), &t.scores) }</tr>
                    }) }
                    <tr class="total"><th scope="row">{ "all" }</th>{ prf("relations.overall", &r.relations.overall) }</tr>
                </tbody>
            </table>
            { labels_and_links(r) }
            <h3>{ "Confusion of token labels" }</h3>
            <p class="hint">{ "Rows: the first annotator of each pair (in alphabetical order); columns: the second." }</p>
            <div class="table-scroll">
                <table class="report-table confusion" aria-label="Confusion matrix">
                    <thead>
                        <tr><th scope="col">{ "first ↓ second →" }</th>{ for r.confusion.categories.iter().map(|c| html! { <th scope="col">{ c.clone() }</th> }) }</tr>
                    </thead>
                    <tbody>
                        { for r.confusion.counts.iter().enumerate().map(|(i, row)| html! {
                            <tr><th scope="row">{ r.confusion.categories.get(i).cloned().unwrap_or_default() }</th>
                                { for row.iter().map(|n| html! { <td class="figure">{ n.to_string() }</td> }) }</tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}

#[component]
pub fn TeamReport(props: &Props) -> Html {
    let scope = use_state(|| Scope::Document);
    let labelled = use_state(|| false);
    let options = Options {
        scope: if *labelled {
            TokenScope::LabelledTokens
        } else {
            TokenScope::AllTokens
        },
    };
    // The open document's report, measured by the formats' worker (the
    // agreement code stays out of the page's bundle).
    let document_report = use_state(|| None::<Result<Rc<AgreementReport>, String>>);
    {
        let (workspace, layers, options, document_report) = (
            props.workspace.clone(),
            props.layers.clone(),
            options.clone(),
            document_report.clone(),
        );
        let asked = use_mut_ref(|| 0u64);
        use_effect_with(
            (props.revision, props.layers.clone(), *labelled),
            move |_| {
                *asked.borrow_mut() += 1;
                let this = *asked.borrow();
                if layers.len() >= 2 {
                    document_report.set(None);
                    let json = native::export(&workspace.borrow().doc);
                    wasm_bindgen_futures::spawn_local(async move {
                        let result = document_report_of(json, &layers, options)
                            .await
                            .map(Rc::new);
                        if *asked.borrow() == this {
                            document_report.set(Some(result));
                        }
                    });
                }
            },
        );
    }
    let documents: Vec<String> = props
        .entries
        .iter()
        .filter(|e| e.trashed.is_none())
        .map(|e| e.id.clone())
        .collect();
    // The library's report, measured when asked for (documents are read
    // from storage one at a time).
    let library_report = use_state(|| None::<Result<Rc<AgreementReport>, String>>);
    let progress = use_state(|| None::<Progress>);
    let generation = use_mut_ref(|| 0u64);
    {
        let (library, workspace, library_report, progress, generation, documents) = (
            props.library.clone(),
            props.workspace.clone(),
            library_report.clone(),
            progress.clone(),
            generation.clone(),
            documents.clone(),
        );
        use_effect_with((*scope, *labelled), move |(scope, _)| {
            *generation.borrow_mut() += 1;
            if *scope == Scope::Library {
                let this = *generation.borrow();
                library_report.set(None);
                let on_progress = {
                    let (progress, generation) = (progress.clone(), generation.clone());
                    Callback::from(move |p: Progress| {
                        if *generation.borrow() == this {
                            progress.set(Some(p));
                        }
                    })
                };
                let on_done = Callback::from(move |result| {
                    if *generation.borrow() == this {
                        library_report.set(Some(result));
                    }
                });
                library.measure(documents, Some(workspace), options, on_progress, on_done);
            }
        });
    }
    let body = match *scope {
        Scope::Document if props.layers.len() < 2 => html! {
            <p class="hint">{ "Show two annotators or more to measure how far they agree." }</p>
        },
        Scope::Document => match &*document_report {
            None => html! { <p class="hint" role="status">{ "Measuring…" }</p> },
            Some(Err(error)) => {
                html! { <p class="field-error" role="alert">{ format!("Could not measure the document: {error}.") }</p> }
            }
            Some(Ok(report)) => report_view(report),
        },
        Scope::Library => match &*library_report {
            None => html! {
                <p class="hint" role="status">{ match *progress {
                    Some((done, total)) => format!("Reading documents: {done} of {total}…"),
                    None => "Reading documents…".to_string(),
                } }</p>
            },
            Some(Err(error)) => {
                html! { <p class="field-error" role="alert">{ format!("Could not measure the library: {error}.") }</p> }
            }
            Some(Ok(report)) => report_view(report),
        },
    };
    let set_scope = |to: Scope| {
        let scope = scope.clone();
        Callback::from(move |_| scope.set(to))
    };
    let on_labelled = {
        let labelled = labelled.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                labelled.set(input.checked());
            }
        })
    };
    let title = match *scope {
        Scope::Document => format!(
            "Agreement: {}",
            props.workspace.borrow().doc.document().title
        ),
        Scope::Library => "Agreement over the library".to_string(),
    };
    html! {
        <Modal title="Agreement report" on_close={props.on_close.clone()} class="report">
            <div class="report-options">
                <div class="segmented" role="group" aria-label="Measure">
                    <button aria-pressed={(*scope == Scope::Document).to_string()} onclick={set_scope(Scope::Document)}>
                        { "This document" }
                    </button>
                    <button aria-pressed={(*scope == Scope::Library).to_string()} onclick={set_scope(Scope::Library)}>
                        { format!("The library ({})", plural(documents.len(), "document", "documents")) }
                    </button>
                </div>
                <label class="toggle">
                    <input type="checkbox" checked={*labelled} onchange={on_labelled} />
                    { "Only tokens someone labelled" }
                </label>
            </div>
            <h3 class="report-title" dir="auto">{ title }</h3>
            { body }
        </Modal>
    }
}
