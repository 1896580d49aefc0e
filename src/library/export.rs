//! Exporting the open document in another format: the formats' worker
//! writes it (reading it back through every check first) and says what the
//! format cannot carry; the export dialog shows that before the download.

use std::rc::Rc;

use scholia_worker::protocol::{self, ExportSettings, Request, Response};
use yew::Callback;

use super::handle::Library;
use super::jobs::ExportAnswer;
use crate::web::worker::Event;

impl Library {
    /// Where exports' answers go (the export dialog).
    pub fn on_export(&self, callback: Callback<Rc<ExportAnswer>>) {
        *self.0.exports.on_answer.borrow_mut() = Some(callback);
    }

    /// Asks for the document (Scholia JSON) in a format; the answer comes
    /// to [`Library::on_export`] with the job number returned here.
    pub fn export_as(&self, document: &str, format: &str, settings: ExportSettings) -> u32 {
        let exports = &self.0.exports;
        let job = exports.job.get() + 1;
        exports.job.set(job);
        let request = Request::Export {
            job,
            format: format.to_string(),
            settings,
        };
        exports.worker.export(&request, document);
        job
    }

    pub(super) fn export_event(&self, event: Event) {
        let exports = &self.0.exports;
        let answer = match event {
            Event::Answer(Response::Exported { job, result }, payload) => {
                let contents = payload.strings(protocol::CONTENTS);
                // The latest job answered: the worker goes, with its wasm
                // memory, which never shrinks (as an import's does); the
                // next export starts a fresh one.
                if job == exports.job.get() {
                    exports.worker.terminate();
                }
                ExportAnswer {
                    job,
                    result: result.map(|(files, report)| {
                        let files = files
                            .into_iter()
                            .enumerate()
                            .map(|(i, f)| (f, contents.get(i).unwrap_or_default()))
                            .collect();
                        (files, report)
                    }),
                }
            }
            Event::Answer(..) => return,
            Event::Failed(error) => ExportAnswer {
                job: exports.job.get(),
                result: Err(error),
            },
        };
        if let Some(callback) = exports.on_answer.borrow().as_ref() {
            callback.emit(Rc::new(answer));
        }
    }
}
