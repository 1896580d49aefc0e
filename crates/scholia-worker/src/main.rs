//! The worker: takes requests by `postMessage`, runs them one at a time,
//! and posts progress and results back. Cancelling is the app's to do: it
//! terminates the worker, so a job needs no way to be interrupted.

#[cfg(target_arch = "wasm32")]
mod glue {
    use js_sys::{Array, Object, Reflect};
    use scholia_worker::agreement::{self, Measure};
    use scholia_worker::import::{self, Source};
    use scholia_worker::protocol::{self, Request, Response};
    use scholia_worker::{backup, merge, scheme, suggest, terms};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent};

    /// How often progress is posted, at most (ms).
    const PROGRESS_EVERY_MS: f64 = 50.0;

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn post(response: &Response, payload: Option<(&str, JsValue)>) {
        let message = Object::new();
        let value = serde_wasm_bindgen::to_value(response).unwrap_or_default();
        let _ = Reflect::set(&message, &protocol::MESSAGE.into(), &value);
        if let Some((field, values)) = payload {
            let _ = Reflect::set(&message, &field.into(), &values);
        }
        let _ = scope().post_message(&message);
    }

    /// The chosen files, read in slices.
    struct Files {
        files: Vec<File>,
        reader: Option<FileReaderSync>,
    }

    impl Source for Files {
        fn size(&self, file: usize) -> u64 {
            self.files.get(file).map_or(0, |f| f.size() as u64)
        }

        fn read(&mut self, file: usize, start: u64, end: u64) -> Result<Vec<u8>, String> {
            let file = self.files.get(file).ok_or("no such file")?;
            let reader = self
                .reader
                .as_ref()
                .ok_or("this browser cannot read files in a worker")?;
            let slice = file
                .slice_with_f64_and_f64(start as f64, end as f64)
                .map_err(|_| "the file could not be sliced".to_string())?;
            let buffer = reader
                .read_as_array_buffer(&slice)
                .map_err(|e| describe(&e))?;
            Ok(js_sys::Uint8Array::new(&buffer).to_vec())
        }
    }

    fn describe(error: &JsValue) -> String {
        error
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| error.as_string())
            .unwrap_or_else(|| "it was refused".into())
    }

    thread_local! {
        /// The measure of agreement under way (its job), between
        /// `MeasureStart` and `MeasureEnd`.
        static MEASURE: std::cell::RefCell<Option<(u32, Measure)>> = const { std::cell::RefCell::new(None) };
        /// The tagger's last model read, kept between `Suggest`s.
        static MODELS: std::cell::RefCell<suggest::Models> = std::cell::RefCell::default();
        /// The term lists compiled, kept between `FindTerms`.
        static TERMS: std::cell::RefCell<terms::Lists> = std::cell::RefCell::default();
    }

    /// A string field of the request (the document sent beside it).
    fn string_field(data: &JsValue, field: &str) -> String {
        Reflect::get(data, &field.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }

    /// The first `File` of the request, read whole.
    fn first_file(data: &JsValue) -> Result<Vec<u8>, String> {
        let files = Reflect::get(data, &protocol::FILES.into())
            .map(|v| Array::from(&v))
            .unwrap_or_default();
        let mut source = Files {
            files: files.iter().map(|f| f.unchecked_into()).collect(),
            reader: FileReaderSync::new().ok(),
        };
        let size = source.size(0);
        source.read(0, 0, size)
    }

    /// An array of strings of the request (documents sent beside it).
    /// The strings of an array field; none when the field is absent (a
    /// `Suggest` naming a model the worker holds has no `contents`).
    fn string_array(data: &JsValue, field: &str) -> Vec<String> {
        Reflect::get(data, &field.into())
            .ok()
            .filter(|v| v.is_array())
            .map(|v| Array::from(&v))
            .unwrap_or_default()
            .iter()
            .map(|v| v.as_string().unwrap_or_default())
            .collect()
    }

    /// Posts the answer `respond` makes of what a job found (its labels and
    /// suggestions), the spans in the `spans` field (see
    /// [`protocol::encode_spans`]), or of why nothing was found.
    fn post_spans(
        respond: impl FnOnce(Result<protocol::FoundSpans, String>) -> Response,
        found: Result<(Vec<String>, Vec<protocol::Suggestion>), String>,
    ) {
        match found {
            Ok((labels, found)) => {
                let (found, numbers) = protocol::encode_spans(labels, &found);
                let spans = js_sys::Float64Array::from(numbers.as_slice());
                post(&respond(Ok(found)), Some((protocol::SPANS, spans.into())));
            }
            Err(error) => post(&respond(Err(error)), None),
        }
    }

    fn strings(values: Vec<String>) -> Array {
        values.into_iter().map(JsValue::from).collect()
    }

    fn handle(event: MessageEvent) {
        let data = event.data();
        let Ok(request) = Reflect::get(&data, &protocol::MESSAGE.into())
            .map_err(|_| ())
            .and_then(|v| serde_wasm_bindgen::from_value::<Request>(v).map_err(|_| ()))
        else {
            return;
        };
        match request {
            Request::Import {
                job,
                names,
                units,
                settings,
            } => {
                let files = Reflect::get(&data, &protocol::FILES.into())
                    .map(|v| Array::from(&v))
                    .unwrap_or_default();
                let mut source = Files {
                    files: files.iter().map(|f| f.unchecked_into()).collect(),
                    reader: FileReaderSync::new().ok(),
                };
                let mut last = 0.0;
                let mut on_progress = |p: &import::Progress| {
                    let now = js_sys::Date::now();
                    if now - last >= PROGRESS_EVERY_MS {
                        last = now;
                        post(
                            &Response::Progress {
                                job,
                                done: p.done,
                                total: p.total,
                                records: p.records,
                                file: p.file.clone(),
                            },
                            None,
                        );
                    }
                };
                let output = import::run(&names, &units, &settings, &mut source, &mut on_progress);
                let documents: Array = output.documents.into_iter().map(JsValue::from).collect();
                post(
                    &Response::Imported {
                        job,
                        results: output.results,
                    },
                    Some((protocol::DOCUMENTS, documents.into())),
                );
            }
            Request::Export {
                job,
                format,
                settings,
            } => {
                let document = Reflect::get(&data, &protocol::DOCUMENT.into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default();
                let (result, contents) =
                    match scholia_worker::export::run(&document, &format, &settings) {
                        Ok((files, report)) => {
                            let (files, contents): (Vec<_>, Vec<_>) = files.into_iter().unzip();
                            (Ok((files, report)), contents)
                        }
                        Err(error) => (Err(error), Vec::new()),
                    };
                let contents: Array = contents.into_iter().map(JsValue::from).collect();
                post(
                    &Response::Exported { job, result },
                    Some((protocol::CONTENTS, contents.into())),
                );
            }
            Request::Agreement {
                job,
                layers,
                options,
            } => {
                let document = string_field(&data, protocol::DOCUMENT);
                let result = agreement::document(&document, &layers, options).map(Box::new);
                post(&Response::Agreement { job, result }, None);
            }
            Request::MeasureStart { job, options } => {
                MEASURE.with(|m| *m.borrow_mut() = Some((job, Measure::new(options))));
            }
            Request::MeasureAdd { job } => {
                let document = string_field(&data, protocol::DOCUMENT);
                let result = MEASURE.with(|m| match m.borrow_mut().as_mut() {
                    Some((of, measure)) if *of == job => measure.add(&document),
                    _ => Err("the measure was not started".into()),
                });
                post(&Response::Measured { job, result }, None);
            }
            Request::MeasureEnd { job } => {
                let result = MEASURE.with(|m| match m.borrow_mut().take() {
                    Some((of, measure)) if of == job => Ok(Box::new(measure.report())),
                    _ => Err("the measure was not started".into()),
                });
                post(&Response::Agreement { job, result }, None);
            }
            Request::ReadBackup { job, name } => {
                let read = first_file(&data)
                    .map_err(|e| format!("Could not restore {name}: it could not be read ({e})."))
                    .and_then(|bytes| backup::read(&name, &bytes));
                let (result, documents) = match read {
                    Ok((backup, documents)) => (Ok(backup), documents),
                    Err(error) => (Err(error), Vec::new()),
                };
                post(
                    &Response::Backup { job, result },
                    Some((protocol::DOCUMENTS, strings(documents).into())),
                );
            }
            Request::WriteBackup {
                job,
                annotator,
                now,
                entries,
                knowledge_base,
                tagger_models,
            } => {
                let documents = string_array(&data, protocol::DOCUMENTS);
                let written = backup::write(
                    &documents,
                    &entries,
                    knowledge_base.as_deref(),
                    &tagger_models,
                    annotator.as_deref(),
                    now,
                );
                written_file(job, written);
            }
            Request::ReadScheme { job, name } => {
                let result = first_file(&data)
                    .map_err(|e| format!("{name}: it could not be read ({e})"))
                    .and_then(|bytes| scheme::read(&name, &bytes));
                post(&Response::Scheme { job, result }, None);
            }
            Request::WriteScheme { job, scheme: file } => written_file(job, scheme::write(file)),
            Request::Merge {
                job,
                inputs,
                reanchor,
                new_id,
            } => {
                let documents = string_array(&data, protocol::DOCUMENTS);
                let (result, merged) = match merge::run(&inputs, &documents, reanchor, &new_id) {
                    Ok((summary, document)) => (Ok(summary), vec![document]),
                    Err(error) => (Err(error), Vec::new()),
                };
                post(
                    &Response::Merged { job, result },
                    Some((protocol::DOCUMENTS, strings(merged).into())),
                );
            }
            Request::Train { job, settings } => {
                let documents = string_array(&data, protocol::DOCUMENTS);
                let (result, model) = match suggest::train(&documents, &settings) {
                    Ok((trained, model)) => (Ok(trained), vec![model]),
                    Err(error) => (Err(error), Vec::new()),
                };
                post(
                    &Response::Trained { job, result },
                    Some((protocol::CONTENTS, strings(model).into())),
                );
            }
            Request::Suggest {
                job,
                decisions,
                model,
            } => {
                let documents = string_array(&data, protocol::DOCUMENTS);
                let json = string_array(&data, protocol::CONTENTS);
                let Some(document) = documents.first() else {
                    let result = Err("a document is needed".to_string());
                    post(&Response::Suggested { job, result }, None);
                    return;
                };
                let suggested = MODELS.with(|models| {
                    models.borrow_mut().suggest(
                        &model,
                        json.first().map(String::as_str),
                        document,
                        &decisions,
                    )
                });
                let respond = |result| Response::Suggested { job, result };
                match suggested {
                    Ok(suggest::Suggested::ModelWanted) => {
                        post(&Response::ModelWanted { job }, None)
                    }
                    Ok(suggest::Suggested::Found(labels, found)) => {
                        post_spans(respond, Ok((labels, found)))
                    }
                    Err(error) => post_spans(respond, Err(error)),
                }
            }
            Request::CompileTerms { job, list } => {
                let text = string_array(&data, protocol::CONTENTS);
                let text = text.first().map(String::as_str).unwrap_or_default();
                let result = TERMS.with(|t| t.borrow_mut().compile(&list, text));
                post(&Response::TermsCompiled { job, result }, None);
            }
            Request::FindTerms { job, lists } => {
                let texts = Reflect::get(&data, &protocol::CONTENTS.into())
                    .map(|v| Array::from(&v))
                    .unwrap_or_default();
                let source = |i: usize| texts.get(i as u32).as_string().unwrap_or_default();
                let text = string_field(&data, protocol::TEXT);
                let found = TERMS.with(|t| t.borrow_mut().find(&lists, source, &text));
                post_spans(|result| Response::TermsFound { job, result }, found);
            }
            Request::FindRepeats {
                job,
                phrases,
                case_sensitive,
            } => {
                use scholia_core::suggest::repeats;
                let text = string_field(&data, protocol::TEXT);
                let options = repeats::Options { case_sensitive };
                let hits = repeats::occurrences(&text, &phrases, options);
                let spans = js_sys::Float64Array::from(protocol::encode_hits(&hits).as_slice());
                let answer = Response::RepeatsFound {
                    job,
                    result: Ok(hits.len()),
                };
                post(&answer, Some((protocol::SPANS, spans.into())));
            }
            Request::Evaluate {
                job,
                folds,
                settings,
            } => {
                let documents = string_array(&data, protocol::DOCUMENTS);
                let result = suggest::evaluate(&documents, folds, &settings).map(Box::new);
                post(&Response::Evaluated { job, result }, None);
            }
        }
    }

    /// Posts a file written, or why not.
    fn written_file(job: u32, written: Result<String, String>) {
        let (result, contents) = match written {
            Ok(content) => (Ok(()), vec![content]),
            Err(error) => (Err(error), Vec::new()),
        };
        post(
            &Response::Written { job, result },
            Some((protocol::CONTENTS, strings(contents).into())),
        );
    }

    pub fn start() {
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(handle);
        scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        post(&Response::Ready, None);
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    glue::start();
}
