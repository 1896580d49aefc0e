//! Export in another format: choose the format (and, for formats that hold
//! one annotator's work, the layer; for formats without quoted text, the
//! offset unit), see what the format cannot carry, then download. The files
//! are written by the formats' worker as soon as a choice changes, so the
//! report is there before the download. Each file has its own button (a
//! brat document is two files), so that the browser never sees two
//! downloads from one click.

use std::cell::Cell;
use std::rc::Rc;

use scholia_core::format::detect::Format;
use scholia_core::format::scholia;
use scholia_core::title::file_stem;
use scholia_worker::protocol::{ExportSettings, OffsetUnit};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::modal::Modal;
use crate::library::{ExportAnswer, Library};
use crate::web::files;
use crate::words::size;
use crate::workspace::WorkspaceRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub library: Library,
    pub workspace: WorkspaceRef,
    /// The annotator's own layer is the one chosen first.
    pub annotator: String,
    pub on_close: Callback<()>,
}

/// Formats whose export writes one layer, which must be chosen.
fn one_layer(format: Format) -> bool {
    format.single_layer() || format == Format::Brat
}

/// What each format is for, in a few words.
fn purpose(format: Format) -> &'static str {
    match format {
        Format::Scholia => "everything, exactly: the native format",
        Format::W3c => "the W3C standard: quotes and offsets, notes, relations",
        Format::Brat => "one layer; relations, notes, attributes",
        Format::Doccano => "one layer; spans and relations",
        Format::LabelStudio => "spans with their text, notes, relations",
        Format::Spacy => "one layer; spans only",
        Format::Conll => "one layer; a BIO tag per token",
    }
}

fn mime(extension: &str) -> &'static str {
    match extension.rsplit('.').next().unwrap_or_default() {
        "json" => "application/json",
        "jsonld" => "application/ld+json",
        "jsonl" => "application/jsonl",
        "conf" => "text/plain",
        _ => "text/plain",
    }
}

#[component]
pub fn ExportDialog(props: &Props) -> Html {
    let prepared = use_memo((), {
        let workspace = props.workspace.clone();
        let kb = props.library.knowledge_base();
        move |_| {
            let workspace = workspace.borrow();
            let doc = &workspace.doc;
            (
                // With the library's entities its links name: the worker
                // writes their names and external ids where the format can.
                scholia::export_with(doc, &kb),
                file_stem(&doc.document().title),
                doc.layers()
                    .into_iter()
                    .map(str::to_string)
                    .collect::<Vec<_>>(),
            )
        }
    });
    let (document, stem, layers) = (&prepared.0, &prepared.1, &prepared.2);
    let format = use_state(|| Format::W3c);
    let chosen_layer = use_state(|| None::<String>);
    let offsets = use_state(OffsetUnit::default);
    let answer = use_state(|| None::<Rc<ExportAnswer>>);
    let downloaded = use_state(Vec::<String>::new);
    let problem = use_state(|| None::<String>);
    let job = use_memo((), |_| Cell::new(0u32));
    // The layer a one-layer format writes: the one chosen, else the
    // annotator's, else the first.
    let layer = match (&*chosen_layer, one_layer(*format)) {
        (Some(layer), _) => Some(layer.clone()),
        (None, false) => None,
        (None, true) => layers
            .iter()
            .find(|l| **l == props.annotator)
            .or_else(|| layers.first())
            .cloned(),
    };
    {
        let (library, answer, job) = (props.library.clone(), answer.clone(), job.clone());
        use_effect_with((), move |_| {
            library.on_export(Callback::from(move |a: Rc<ExportAnswer>| {
                if a.job == job.get() {
                    answer.set(Some(a));
                }
            }));
        });
    }
    let settings = ExportSettings {
        layer: if *format == Format::Scholia {
            None
        } else {
            layer.clone()
        },
        offsets: if format.counts_offsets() {
            *offsets
        } else {
            OffsetUnit::CodePoints
        },
    };
    // What the answer shown was asked for: until the effect below asks
    // again, an answer for the previous choice is not shown.
    let asked = use_mut_ref(|| None::<(Format, ExportSettings)>);
    let fresh = asked.borrow().as_ref() == Some(&(*format, settings.clone()));
    {
        let (library, answer, job, document, asked) = (
            props.library.clone(),
            answer.clone(),
            job.clone(),
            document.clone(),
            asked.clone(),
        );
        use_effect_with((*format, settings), move |(format, settings)| {
            answer.set(None);
            *asked.borrow_mut() = Some((*format, settings.clone()));
            job.set(library.export_as(&document, format.name(), settings.clone()));
        });
    }
    let on_format = |f: Format| {
        let (format, downloaded) = (format.clone(), downloaded.clone());
        Callback::from(move |_| {
            format.set(f);
            downloaded.set(Vec::new());
        })
    };
    let on_layer = {
        let (chosen_layer, downloaded) = (chosen_layer.clone(), downloaded.clone());
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                let value = select.value();
                chosen_layer.set((!value.is_empty()).then_some(value));
                downloaded.set(Vec::new());
            }
        })
    };
    let on_offsets = {
        let (offsets, downloaded) = (offsets.clone(), downloaded.clone());
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                offsets.set(match select.value().as_str() {
                    "utf16" => OffsetUnit::Utf16,
                    _ => OffsetUnit::CodePoints,
                });
                downloaded.set(Vec::new());
            }
        })
    };
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    let result = match answer.as_ref().filter(|_| fresh).map(|a| &a.result) {
        None => html! { <p class="dialog-hint" role="status">{ "Writing…" }</p> },
        Some(Err(error)) => html! { <p class="import-error" role="alert">{ error.clone() }</p> },
        Some(Ok((written, report))) => {
            let buttons = written.iter().map(|(file, content)| {
                // An extension without a leading dot is the whole name
                // (brat's annotation.conf).
                let name = match file.extension.starts_with('.') {
                    true => format!("{stem}{}", file.extension),
                    false => file.extension.clone(),
                };
                let click = {
                    let (name, content, downloaded, problem) =
                        (name.clone(), content.clone(), downloaded.clone(), problem.clone());
                    let mime = mime(&file.extension);
                    Callback::from(move |_| match files::download(&name, &content, mime) {
                        Ok(()) => {
                            let mut done = (*downloaded).clone();
                            done.push(name.clone());
                            downloaded.set(done);
                        }
                        Err(error) => problem.set(Some(format!("Could not download {name}: {error}."))),
                    })
                };
                let done = downloaded.contains(&name);
                html! {
                    <li>
                        <button class={classes!((!done).then_some("primary"))} onclick={click}>{ format!("Download {name}") }</button>
                        <span class="dialog-hint">{ size(file.bytes as u64) }{ if done { " · downloaded" } else { "" } }</span>
                    </li>
                }
            });
            html! {
                <>
                    <ul class="export-files" aria-label="Files">{ for buttons }</ul>
                    <h3>{ format!("What {} cannot carry", format.title()) }</h3>
                    if report.not_represented.is_empty() {
                        <p class="dialog-hint">{ "Nothing: everything in this document is in the file." }</p>
                    } else {
                        <ul class="export-report" aria-label="Not carried">
                            { for report.not_represented.iter().map(|line| html! { <li dir="auto">{ line.clone() }</li> }) }
                        </ul>
                    }
                    if !report.notes.is_empty() {
                        <ul class="export-report" aria-label="Notes">
                            { for report.notes.iter().map(|line| html! { <li dir="auto">{ line.clone() }</li> }) }
                        </ul>
                    }
                </>
            }
        }
    };
    let layer_choice = (*format != Format::Scholia && !layers.is_empty()).then(|| {
        html! {
            <label class="setting">
                <span class="setting-name">{ "Layer" }</span>
                <select onchange={on_layer}>
                    if !one_layer(*format) {
                        <option value="" selected={layer.is_none()}>{ "All layers" }</option>
                    }
                    { for layers.iter().map(|l| html! {
                        <option value={l.clone()} selected={layer.as_deref() == Some(l.as_str())}>{ l.clone() }</option>
                    }) }
                </select>
                if one_layer(*format) {
                    <span class="dialog-hint">{ format!("{} holds one annotator’s work.", format.title()) }</span>
                }
            </label>
        }
    });
    html! {
        <Modal title="Export" class="export-dialog" on_close={props.on_close.clone()}>
            <fieldset class="export-formats">
                <legend>{ "Format" }</legend>
                { for Format::ALL.into_iter().map(|f| html! {
                    <label class="export-format">
                        <input type="radio" name="export-format" checked={*format == f} onchange={on_format(f)} />
                        <span class="export-format-name">{ f.title() }</span>
                        <span class="export-format-extension">{ if f == Format::Brat { ".ann + .txt + annotation.conf" } else { f.extension() } }</span>
                        <span class="dialog-hint">{ purpose(f) }</span>
                    </label>
                }) }
            </fieldset>
            { layer_choice.unwrap_or_default() }
            if format.counts_offsets() {
                <label class="setting">
                    <span class="setting-name">{ "Offsets" }</span>
                    <select onchange={on_offsets}>
                        <option value="codepoints" selected={*offsets == OffsetUnit::CodePoints}>{ "Code points (Python tools, current Label Studio)" }</option>
                        <option value="utf16" selected={*offsets == OffsetUnit::Utf16}>{ "UTF-16 units (doccano’s web annotator, JavaScript tools)" }</option>
                    </select>
                </label>
            }
            <section class="export-result" aria-label="Export">
                { result }
                if let Some(problem) = &*problem {
                    <p class="import-error" role="alert">{ problem.clone() }</p>
                }
            </section>
            <div class="dialog-buttons">
                <button onclick={close}>{ "Close" }</button>
            </div>
        </Modal>
    }
}
