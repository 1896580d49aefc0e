//! The import report: what each file gave (documents, annotations,
//! relations, annotators), what was re-anchored, what could not be
//! represented, and why a file was refused; the settings that change how
//! files are read (changing one reads them again at once); and the choice
//! to add the documents or not. Nothing reaches the library before "Add".

use scholia_core::format::detect::Format;
use scholia_worker::protocol::{Hint, ImportSettings, OffsetUnit, Outcome, Report, UnitResult};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::modal::Modal;
use crate::library::ImportView;
use crate::words::{grouped, plural, size};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: std::rc::Rc<ImportView>,
    pub on_settings: Callback<ImportSettings>,
    pub on_add: Callback<()>,
    pub on_cancel: Callback<()>,
}

/// How many lines of a list are shown before "and N more".
const SHOWN: usize = 40;

#[component]
pub fn ImportReport(props: &Props) -> Html {
    let Some(review) = &props.view.review else {
        return html! {};
    };
    let settings = &props.view.settings;
    let results = &review.results;
    let documents = review.documents();
    let (annotations, relations) =
        results
            .iter()
            .fold((0, 0), |(a, r), result| match &result.outcome {
                Outcome::Read {
                    annotations,
                    relations,
                    ..
                } => (a + annotations, r + relations),
                _ => (a, r),
            });
    let suggestions: usize = results.iter().map(suggestions_of).sum();
    let refused = results
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Refused { .. }))
        .count();
    let reading = props.view.reading.as_ref();
    let change = |apply: fn(&mut ImportSettings, &Event)| {
        let (on_settings, settings) = (props.on_settings.clone(), settings.clone());
        Callback::from(move |e: Event| {
            let mut next = settings.clone();
            apply(&mut next, &e);
            if next != settings {
                on_settings.emit(next);
            }
        })
    };
    // A radio button's change means it was chosen.
    let on_code_points = change(|s, _| s.offsets = OffsetUnit::CodePoints);
    let on_utf16 = change(|s, _| s.offsets = OffsetUnit::Utf16);
    let on_reanchor = change(|s, e| {
        s.reanchor = e
            .target_dyn_into::<HtmlInputElement>()
            .is_some_and(|i| i.checked())
    });
    let on_as_suggestions = change(|s, e| {
        s.as_suggestions = e
            .target_dyn_into::<HtmlInputElement>()
            .is_some_and(|i| i.checked())
    });
    let on_annotator = change(|s, e| {
        let value = e
            .target_dyn_into::<HtmlInputElement>()
            .map(|i| i.value().trim().to_string())
            .unwrap_or_default();
        s.annotator = (!value.is_empty()).then_some(value);
    });
    let add = {
        let on_add = props.on_add.clone();
        Callback::from(move |_| on_add.emit(()))
    };
    let cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_| on_cancel.emit(()))
    };
    let uses_offsets = results.iter().any(|r| r.uses_offsets);
    let checks_quotes = results.iter().any(|r| r.checks_quotes);
    let hinted = |hint: Hint| {
        results
            .iter()
            .any(|r| matches!(r.outcome, Outcome::Refused { hint: Some(h), .. } if h == hint))
    };
    let own_layers: Vec<&str> = results
        .iter()
        .flat_map(|r| match &r.outcome {
            Outcome::Read { layers, .. } => layers.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        })
        .collect();
    let summary = if documents == 0 {
        "Nothing can be added: no file could be read as it is. The settings below may help."
            .to_string()
    } else {
        format!(
            "{}, {} and {} can be added{}{}.",
            plural(documents, "document", "documents"),
            plural(annotations, "annotation", "annotations"),
            plural(relations, "relation", "relations"),
            match suggestions {
                0 => String::new(),
                n => format!(", with {}", plural(n, "suggestion", "suggestions")),
            },
            match refused {
                0 => String::new(),
                n => format!("; {} refused (below)", plural(n, "file is", "files are")),
            }
        )
    };
    let title = match results.len() {
        1 => format!("Import “{}”", results[0].name),
        n => format!("Import {n} files"),
    };
    html! {
        <Modal title={title} class="import-report" on_close={props.on_cancel.clone()}>
            <p class="import-summary">{ summary }</p>
            <ul class="import-files" aria-label="Files">
                { for results.iter().map(file_result) }
            </ul>
            <fieldset class="import-settings" disabled={reading.is_some()}>
                <legend>{ "Settings" }</legend>
                if uses_offsets {
                    <div class={classes!("setting", hinted(Hint::Offsets).then_some("suggested"))} role="radiogroup" aria-labelledby="offsets-label">
                        <span id="offsets-label" class="setting-name">{ "OffsetUnit count" }</span>
                        <label>
                            <input type="radio" name="import-offsets" checked={settings.offsets == OffsetUnit::CodePoints} onchange={on_code_points} />
                            { "Code points" }
                            <span class="dialog-hint">{ " — files written by Python tools: spaCy, Prodigy, scripts, current Label Studio" }</span>
                        </label>
                        <label>
                            <input type="radio" name="import-offsets" checked={settings.offsets == OffsetUnit::Utf16} onchange={on_utf16} />
                            { "UTF-16 units" }
                            <span class="dialog-hint">{ " — files written by JavaScript tools: doccano’s web annotator, Label Studio of 2021" }</span>
                        </label>
                        <p class="dialog-hint">{ "The two differ only after emoji and other characters beyond U+FFFF. Formats that quote the annotated text (brat, W3C, Scholia) need no choice." }</p>
                    </div>
                }
                if checks_quotes {
                    <div class={classes!("setting", hinted(Hint::Reanchor).then_some("suggested"))}>
                        <label>
                            <input type="checkbox" checked={settings.reanchor} onchange={on_reanchor} />
                            { "Re-anchor spans by their quoted text" }
                        </label>
                        <p class="dialog-hint">{ "When a span’s quoted text is not at its offsets (the text was edited, or line endings changed), move it to the nearest place where that text is, and list every move. Off: such a file is refused." }</p>
                    </div>
                }
                <div class="setting">
                    <label>
                        <input type="checkbox" checked={settings.as_suggestions} onchange={on_as_suggestions} />
                        { "Import as suggestions" }
                    </label>
                    <p class="dialog-hint">{ "Someone else’s predictions: every span is proposed in the Suggestions section, to accept or reject, instead of being added as an annotation. Label Studio’s predictions are always suggestions, with their scores." }</p>
                </div>
                <div class="setting">
                    <label class="setting-name" for="import-annotator">{ "Annotator" }</label>
                    <input id="import-annotator" type="text" size="16" value={settings.annotator.clone().unwrap_or_default()}
                        placeholder={if own_layers.is_empty() { "as the files say".to_string() } else { own_layers.join(", ") }}
                        onchange={on_annotator} />
                    <p class="dialog-hint">{ "Every annotation goes to this annotator’s layer. Left empty, each file’s own is used: a brat file’s folder, doccano’s user, Label Studio’s completed_by, spaCy’s _annotator_id, Scholia’s layers; otherwise the file’s name." }</p>
                </div>
            </fieldset>
            if let Some(reading) = reading {
                <div class="import-again" role="status">
                    <span id="import-again-text">{ format!("Reading again: {} of {}", size(reading.done), size(reading.total)) }</span>
                    <progress max={reading.total.max(1).to_string()} value={reading.done.to_string()} aria-labelledby="import-again-text"></progress>
                </div>
            }
            <p class="dialog-hint">{ "Nothing is added to the library until you choose Add." }</p>
            <div class="dialog-buttons">
                <button onclick={cancel}>{ "Cancel" }</button>
                <button class="primary" autofocus=true disabled={documents == 0 || reading.is_some()} onclick={add}>
                    { format!("Add {}", plural(documents, "document", "documents")) }
                </button>
            </div>
        </Modal>
    }
}

/// How many suggestions a file gave (its predictions, or its spans when
/// imported as suggestions).
fn suggestions_of(result: &UnitResult) -> usize {
    match &result.outcome {
        Outcome::Read { predictions, .. } => predictions.iter().map(Vec::len).sum(),
        _ => 0,
    }
}

fn file_result(result: &UnitResult) -> Html {
    let format = result
        .format
        .as_deref()
        .and_then(|name| name.parse::<Format>().ok())
        .map(|f| f.title())
        .unwrap_or("format not recognised");
    let body = match &result.outcome {
        Outcome::Read {
            documents,
            annotations,
            relations,
            layers,
            report,
            ..
        } => html! {
            <>
                <p class="import-counts">
                    { format!(
                        "{} · {} · {}{} · {} {}",
                        plural(*documents, "document", "documents"),
                        plural(*annotations, "annotation", "annotations"),
                        plural(*relations, "relation", "relations"),
                        match suggestions_of(result) {
                            0 => String::new(),
                            n => format!(" · {}", plural(n, "suggestion", "suggestions")),
                        },
                        if layers.len() == 1 { "annotator" } else { "annotators" },
                        if layers.is_empty() { "none".to_string() } else { layers.join(", ") },
                    ) }
                </p>
                { report_lists(report) }
            </>
        },
        Outcome::Refused { error, hint } => html! {
            <>
                <p class="import-error" role="alert">{ error.clone() }</p>
                if let Some(hint) = hint {
                    <p class="dialog-hint">{ match hint {
                        Hint::Reanchor => "Tick “Re-anchor spans by their quoted text” below to move such spans to where their text is.",
                        Hint::Offsets => "Choose the other offset unit below: the file may count UTF-16 units (or code points).",
                    } }</p>
                }
            </>
        },
        Outcome::Backup => html! {
            <p>{ "A library backup: it is offered for restoring." }</p>
        },
    };
    let refused = matches!(result.outcome, Outcome::Refused { .. });
    html! {
        <li class={classes!("import-file", refused.then_some("refused"))}>
            <div class="import-file-head">
                <strong dir="auto">{ result.name.clone() }</strong>
                <span class="import-format">{ format }</span>
            </div>
            { body }
        </li>
    }
}

fn report_lists(report: &Report) -> Html {
    let list = |title: &str, items: &[String], open: bool| {
        if items.is_empty() {
            return html! {};
        }
        html! {
            <details class="import-list" open={open}>
                <summary>{ format!("{title} ({})", grouped(items.len())) }</summary>
                <ul>
                    { for items.iter().take(SHOWN).map(|item| html! { <li dir="auto">{ item.clone() }</li> }) }
                    if items.len() > SHOWN {
                        <li>{ format!("and {} more", grouped(items.len() - SHOWN)) }</li>
                    }
                </ul>
            </details>
        }
    };
    html! {
        <>
            { list("Re-anchored", &report.reanchored, true) }
            { list("Not represented", &report.not_represented, true) }
            { list("Notes", &report.notes, true) }
        </>
    }
}
