//! The library's part in the team workflow: storing a merged document as a
//! new one, and measuring agreement over the documents of the library, read
//! one at a time so that a large library never sits in memory at once.

use std::rc::Rc;

use scholia_core::adjudication::annotator_layers;
use scholia_core::agreement::{Accumulator, AgreementReport, Options};
use scholia_core::AnnotatedDocument;
use yew::Callback;

use super::Library;
use crate::store::WorkspaceRef;

/// How far a measure over the library got: documents read, of all.
pub type Progress = (usize, usize);

impl Library {
    /// Stores a merged document as a new document and opens it; `summary`
    /// says what the merge did.
    pub fn add_merged(&self, doc: AnnotatedDocument, summary: String) {
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let name = doc.document().title.clone();
            library.add_document(doc, &name).await;
            library.info(summary);
        });
    }

    /// Measures agreement over the documents `ids` (every annotator's layer
    /// but gold, in each), reading them one at a time. The open document is
    /// taken as it is in `open`, unsaved changes included.
    pub fn measure(
        &self,
        ids: Vec<String>,
        open: Option<WorkspaceRef>,
        options: Options,
        on_progress: Callback<Progress>,
        on_done: Callback<Result<Rc<AgreementReport>, String>>,
    ) {
        let Some(storage) = self.storage() else {
            on_done.emit(Err(
                "this browser does not let Scholia store documents, so there is no library to measure"
                    .into(),
            ));
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            let mut accumulator = Accumulator::new(options);
            let total = ids.len();
            for (i, id) in ids.iter().enumerate() {
                let open = open
                    .as_ref()
                    .filter(|w| w.borrow().doc.document().id == *id);
                match open {
                    Some(workspace) => {
                        let doc = &workspace.borrow().doc;
                        accumulator.add(doc, &annotator_layers(doc));
                    }
                    None => match storage.load(id).await {
                        Ok(stored) => {
                            accumulator.add(&stored.doc, &annotator_layers(&stored.doc));
                        }
                        Err(error) => {
                            on_done.emit(Err(format!("a document could not be read ({error})")));
                            return;
                        }
                    },
                }
                on_progress.emit((i + 1, total));
            }
            on_done.emit(Ok(Rc::new(accumulator.report())));
        });
    }
}
