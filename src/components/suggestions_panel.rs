//! The side panel's Suggestions section: the sources on or off, the
//! minimum confidence, how many are proposed per label, Accept all, and
//! the list (text, label, source, confidence), the one stepped to marked.
//! Every figure is written as an integer (no float formatting in the app).

use std::collections::BTreeMap;
use std::rc::Rc;

use scholia_core::suggest::Source;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use scholia_core::agreement::spans::Scores;
use scholia_core::suggest::evaluate::learning_curve_chart;

use crate::components::team_chart::TeamChart;
use crate::library::Library;
use crate::state::label_name;
use crate::state::suggestions::tagger::model_key;
use crate::state::suggestions::{
    percent, repeats_apply, SuggestionsState, TaggerStatus, TermList, MOST_ANNOTATIONS_FOR_REPEATS,
};
use crate::store::{Action, SuggestCommand};
use crate::team::numbers::fixed;
use crate::web;
use crate::words::plural;
use crate::workspace::WorkspaceRef;

/// At most this many suggestions are listed (all are counted).
const MOST_LISTED: usize = 200;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub workspace: WorkspaceRef,
    pub suggestions: crate::state::suggestions::Shared,
    pub state: SuggestionsState,
    pub library: Library,
    pub on_action: Callback<Action>,
}

/// Whether the checkbox `e` comes from is ticked.
fn checked(e: &Event) -> bool {
    e.target_dyn_into::<HtmlInputElement>()
        .is_some_and(|i| i.checked())
}

/// A source's checkbox: turns the source on or off.
fn on_source(on_action: &Callback<Action>, source: Source) -> Callback<Event> {
    on_action.reform(move |e: Event| {
        SuggestCommand::SetSource {
            source,
            on: checked(&e),
        }
        .into()
    })
}

#[component]
pub fn SuggestionsPanel(props: &Props) -> Html {
    let state = &props.state;
    let on_repeats = on_source(&props.on_action, Source::Repeats);
    let on_min = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            if let Ok(p) = input.value().trim().parse::<u8>() {
                on_action.emit(SuggestCommand::SetMinConfidence(p.min(100)).into());
            }
        })
    };
    let on_terms = on_source(&props.on_action, Source::Terms);
    let on_predictions = on_source(&props.on_action, Source::Imported);
    let on_match_case = props
        .on_action
        .reform(|e: Event| SuggestCommand::SetMatchCase(checked(&e)).into());
    let term_list = |list: &TermList| {
        let name = list.loaded.name.clone();
        let on_list = {
            let name = name.clone();
            props.on_action.reform(move |e: Event| {
                SuggestCommand::SetTermList {
                    name: name.clone(),
                    on: checked(&e),
                }
                .into()
            })
        };
        let on_remove = {
            let name = name.clone();
            props
                .on_action
                .reform(move |_: MouseEvent| SuggestCommand::RemoveTerms(name.clone()).into())
        };
        let on_export = {
            let (library, loaded) = (props.library.clone(), list.loaded.clone());
            Callback::from(move |_: MouseEvent| library.export_terms(&loaded))
        };
        html! {
            <li>
                <label class="toggle">
                    <input type="checkbox" checked={list.on} disabled={!state.terms_on} onchange={on_list} />
                    { format!("Terms of {} ({})", name, list.loaded.entries) }
                </label>
                <button onclick={on_export} aria-label={format!("Export {name}")}>{ "Export" }</button>
                <button onclick={on_remove} aria-label={format!("Remove {name}")}>{ "Remove" }</button>
            </li>
        }
    };
    let terms_label = use_state(|| None::<String>);
    let on_terms_label = {
        let terms_label = terms_label.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                terms_label.set(Some(select.value()));
            }
        })
    };
    let first_label = props
        .workspace
        .borrow()
        .doc
        .scheme()
        .labels
        .first()
        .map(|l| l.id.clone())
        .unwrap_or_default();
    let chosen_label = (*terms_label).clone().unwrap_or(first_label);
    let on_terms_file = {
        let (on_action, label) = (props.on_action.clone(), chosen_label.clone());
        let library = props.library.clone();
        Callback::from(move |e: Event| {
            let files = web::files::take_chosen(&e);
            let (on_action, label, library) = (on_action.clone(), label.clone(), library.clone());
            wasm_bindgen_futures::spawn_local(async move {
                for read in web::files::read_all(files).await {
                    let loaded = match read.and_then(|file| {
                        let text = String::from_utf8(file.bytes()).map_err(|_| {
                            format!(
                                "{}: not UTF-8 text, which term lists and pattern files must be.",
                                file.name
                            )
                        })?;
                        Ok((file.name, text))
                    }) {
                        Ok((name, text)) => library.compile_terms(&name, text.into(), &label).await,
                        Err(error) => Err(error),
                    };
                    on_action.emit(SuggestCommand::LoadTerms(loaded).into());
                }
            });
        })
    };
    let on_predictions_file = {
        let library = props.library.clone();
        Callback::from(move |e: Event| {
            let files = web::files::take_chosen(&e);
            if !files.is_empty() {
                library.import_as_suggestions(files);
            }
        })
    };
    let on_tagger = on_source(&props.on_action, Source::Tagger);
    let on_uncertain = props
        .on_action
        .reform(|_: MouseEvent| SuggestCommand::NextUncertain.into());
    let on_export_model = {
        let (library, model) = (props.library.clone(), state.tagger.model.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(model) = &model {
                library.export_tagger(model);
            }
        })
    };
    let on_import_model = {
        let (library, workspace) = (props.library.clone(), props.workspace.clone());
        Callback::from(move |e: Event| {
            let files = web::files::take_chosen(&e);
            if let Some(file) = files.into_iter().next() {
                library.import_tagger(file, &workspace.borrow().doc);
            }
        })
    };
    let on_assess = {
        let (library, workspace) = (props.library.clone(), props.workspace.clone());
        Callback::from(move |_: MouseEvent| {
            library.assess_tagger(model_key(workspace.borrow().doc.scheme()));
        })
    };
    let on_accept_all = props.on_action.reform(|_: MouseEvent| {
        SuggestCommand::AcceptAll {
            id_seed: web::new_id(),
            now: web::now(),
        }
        .into()
    });
    let workspace = props.workspace.borrow();
    let doc = &workspace.doc;
    let label_options = doc.scheme().labels.iter().map(|l| {
        html! { <option value={l.id.clone()} selected={l.id == chosen_label}>{ l.name.clone() }</option> }
    });
    // Counted by label id, then named (a name per suggestion would be a
    // string made for each of tens of thousands, on every render).
    let mut per_id: BTreeMap<&str, usize> = BTreeMap::new();
    for s in props.suggestions.iter() {
        *per_id.entry(s.label.as_str()).or_default() += 1;
    }
    let mut per_label: BTreeMap<String, usize> = BTreeMap::new();
    for (id, n) in per_id {
        *per_label.entry(label_name(doc, id)).or_default() += n;
    }
    let text = &doc.document().text;
    let items = props.suggestions.iter().take(MOST_LISTED).map(|s| {
        let f = s.fragments[0];
        let current = state.current.as_ref().is_some_and(|k| s.has_key(k));
        html! {
            <li class={classes!("suggestion", current.then_some("current"))}
                aria-current={current.then_some("true")}>
                <span class="suggestion-text" dir="auto">{ text.slice(f.start, f.end).to_string() }</span>
                <span class="suggestion-label">{ label_name(doc, &s.label) }</span>
                <span class="suggestion-source">{ s.source.name() }</span>
                <span class="suggestion-confidence">{ format!("{}%", percent(s.confidence)) }</span>
            </li>
        }
    });
    let count = props.suggestions.len();
    html! {
        <section class="suggestions" aria-labelledby="suggestions-heading">
            <h2 id="suggestions-heading">{ "Suggestions" }</h2>
            <label class="toggle">
                <input type="checkbox" checked={state.repeats_on} onchange={on_repeats} />
                { "Repeats of tagged mentions" }
            </label>
            <label class="toggle">
                <input type="checkbox" checked={state.match_case} onchange={on_match_case} />
                { "Case-sensitive repeats" }
            </label>
            if !repeats_apply(doc) {
                <p class="hint">{ format!("Repeats are off for documents of more than {} annotations.", crate::words::grouped(MOST_ANNOTATIONS_FOR_REPEATS)) }</p>
            }
            if !state.predictions.is_empty() {
                <label class="toggle">
                    <input type="checkbox" checked={state.predictions_on} onchange={on_predictions} />
                    { format!("Imported predictions ({})", state.predictions.len()) }
                </label>
            }
            <label class="button file-button" title="Every span of an annotation file (any format Import reads, Scholia's own included) is proposed here, on the document with its text">
                { "Import suggestions from a file…" }
                <input type="file" class="hidden-input" multiple=true onchange={on_predictions_file} />
            </label>
            <div class="suggestion-terms">
                if !state.terms.is_empty() || state.entity_terms.is_some() {
                    <label class="toggle">
                        <input type="checkbox" checked={state.terms_on} onchange={on_terms} />
                        { "Term lists and patterns" }
                        if let Some(entities) = &state.entity_terms {
                            { format!(" (with {})", plural(entities.entries, "name of the library's entities", "names of the library's entities")) }
                        }
                    </label>
                }
                if !state.terms.is_empty() {
                    <ul class="term-lists" aria-label="Term lists and pattern files">
                        { for state.terms.iter().map(term_list) }
                    </ul>
                }
                <label>
                    { "Label of plain terms " }
                    <select onchange={on_terms_label} aria-label="Label of plain terms">{ for label_options }</select>
                </label>
                <label class="button file-button">
                    { "Load terms or patterns…" }
                    <input type="file" class="hidden-input" accept=".txt,.tsv,.jsonl,.json" onchange={on_terms_file} />
                </label>
            </div>
            <div class="suggestion-tagger">
                <label class="toggle">
                    <input type="checkbox" checked={state.tagger_on} onchange={on_tagger} />
                    { "Tagger trained on the library" }
                </label>
                <p class="hint tagger-status" aria-live="polite">{ tagger_status(state) }</p>
                <button onclick={on_export_model} disabled={state.tagger.model.is_none()}>{ "Export model" }</button>
                <label class="button file-button">
                    { "Import model…" }
                    <input type="file" class="hidden-input" accept=".json" onchange={on_import_model} />
                </label>
            </div>
            <label class="suggestion-min">
                { "Minimum confidence " }
                <input type="number" min="0" max="100" step="5" value={state.min_confidence.to_string()}
                    onchange={on_min} aria-label="Minimum confidence, percent" />
                { " %" }
            </label>
            <p class="suggestion-count" aria-live="polite">
                { plural(count, "suggestion", "suggestions") }
                if !state.decisions.is_empty() {
                    { format!(", {} rejected", state.decisions.len()) }
                }
            </p>
            if !per_label.is_empty() {
                <ul class="suggestion-labels">
                    { for per_label.iter().map(|(name, n)| html! {
                        <li><span class="suggestion-label">{ name.clone() }</span>{ format!(" {n}") }</li>
                    }) }
                </ul>
            }
            <button onclick={on_accept_all} disabled={count == 0}
                title="Accept every suggestion at or above the minimum confidence (:)">{ "Accept all" }</button>
            <button onclick={on_uncertain} title="The tagger's suggestion it is least sure of (\")">{ "Next most uncertain" }</button>
            <p class="hint">{ ". , step through them; ; accepts, ' rejects, \" goes to the most uncertain." }</p>
            <ol class="suggestion-list" aria-label="Suggestions">{ for items }</ol>
            <div class="suggestion-quality">
                <h3>{ "How good are the suggestions?" }</h3>
                <button onclick={on_assess} disabled={state.tagger.assessing}>
                    { if state.tagger.assessing { "Measuring…" } else { "Measure the tagger" } }
                </button>
                if let Some(assessment) = &state.tagger.assessment {
                    <p class="hint">{ format!(
                        "{}-fold cross-validation over {}: exact span and label.",
                        assessment.folds,
                        plural(assessment.documents, "annotated document", "annotated documents")
                    ) }</p>
                    <div class="tagger-scores-wrap" tabindex="0" role="group" aria-label="Scores per label">
                    <table class="tagger-scores">
                        <thead><tr>
                            <th scope="col">{ "Label" }</th><th scope="col">{ "Precision" }</th>
                            <th scope="col">{ "Recall" }</th><th scope="col">{ "F1" }</th>
                            <th scope="col">{ "Annotated" }</th><th scope="col">{ "Suggested" }</th>
                            <th scope="col">{ "Matched" }</th>
                        </tr></thead>
                        <tbody>
                            { for assessment.evaluation.labels.iter().map(|(label, scores)| score_row(label_name(doc, label), label, scores)) }
                            { score_row("all (micro)".into(), "", &assessment.evaluation.micro) }
                        </tbody>
                    </table>
                    </div>
                    <figure class="tagger-curve">
                        <TeamChart chart={Rc::new(learning_curve_chart("Learning curve: F1 by training documents", &assessment.curve))} />
                        <figcaption>
                            <details class="tagger-curve-figures">
                                <summary>{ "The curve's figures" }</summary>
                                <div tabindex="0" role="group" aria-label="The curve's figures">
                                    { curve_table(doc, &assessment.curve) }
                                </div>
                            </details>
                        </figcaption>
                    </figure>
                }
            </div>
        </section>
    }
}

/// What the tagger is doing, or where its model came from.
fn tagger_status(state: &SuggestionsState) -> String {
    let tagger = &state.tagger;
    match (&tagger.status, &tagger.model) {
        (TaggerStatus::Training, _) => "Learning from the library's annotations…".into(),
        (TaggerStatus::Suggesting, _) => "Suggesting…".into(),
        (TaggerStatus::Failed(error), _) => error.clone(),
        (TaggerStatus::Idle, Some(model)) => format!("Model {}.", model.origin),
        (TaggerStatus::Idle, None) => format!(
            "It learns once {} documents with these labels are annotated.",
            crate::state::suggestions::tagger::FEWEST_DOCUMENTS
        ),
    }
}

/// A percentage with one decimal, as `scholia-cli evaluate` prints it.
fn share(value: Option<f64>) -> String {
    value.map_or("n/a".to_string(), |v| format!("{}%", fixed(v * 100.0, 1)))
}

/// One label's scores (`label` its id, empty for all labels).
fn score_row(name: String, label: &str, scores: &Scores) -> Html {
    let c = &scores.counts;
    html! {
        <tr data-label={label.to_string()}>
            <th scope="row">{ name }</th>
            <td class="precision">{ share(scores.precision) }</td>
            <td class="recall">{ share(scores.recall) }</td>
            <td class="f1">{ share(scores.f1) }</td>
            <td class="reference">{ c.reference }</td>
            <td class="suggested">{ c.compared }</td>
            <td class="matched">{ c.matched_compared }</td>
        </tr>
    }
}

/// The learning curve's figures as a table (what the chart draws, for
/// reading and for screen readers, which the chart gives only its title):
/// a row per training size, the micro F1 and each label's F1.
fn curve_table(
    doc: &scholia_core::AnnotatedDocument,
    curve: &[(String, scholia_core::suggest::evaluate::Evaluation)],
) -> Html {
    let labels = scholia_core::suggest::evaluate::curve_labels(curve);
    html! {
        <table class="tagger-curve-table">
            <thead><tr>
                <th scope="col">{ "Trained on" }</th>
                <th scope="col">{ "All labels (micro F1)" }</th>
                { for labels.iter().map(|l| html! {
                    <th scope="col" data-label={(*l).clone()}>{ format!("{} F1", label_name(doc, l)) }</th>
                }) }
            </tr></thead>
            <tbody>
                { for curve.iter().map(|(size, e)| html! {
                    <tr>
                        <th scope="row">{ size.clone() }</th>
                        <td>{ share(e.micro.f1) }</td>
                        { for labels.iter().map(|l| html! {
                            <td>{ share(e.labels.get(*l).and_then(|s| s.f1)) }</td>
                        }) }
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
