//! The open document's suggestion decisions in storage: a settings record
//! per document (`suggestions:<id>`, the decisions as JSON), read when the
//! document opens and written whenever they change.

use scholia_core::suggest::Decisions;

use super::handle::Library;
use crate::store::{Action, SuggestCommand};

fn setting_key(doc_id: &str) -> String {
    format!("suggestions:{doc_id}")
}

impl Library {
    /// Reads a document's decisions and hands them to the store.
    pub fn load_decisions(&self, doc_id: String) {
        let Some(storage) = self.storage() else {
            return;
        };
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let decisions = match storage.setting(&setting_key(&doc_id)).await {
                None => Decisions::default(),
                Some(json) => match serde_json::from_str::<Decisions>(&json) {
                    Ok(decisions) => decisions,
                    Err(error) => {
                        library.error(format!(
                            "The suggestions' decisions stored for this document could not be read ({error}); none are used."
                        ));
                        Decisions::default()
                    }
                },
            };
            library.dispatch(Action::Suggest(SuggestCommand::Loaded {
                doc_id,
                decisions,
            }));
        });
    }

    /// Stores a document's decisions.
    pub fn save_decisions(&self, doc_id: String, decisions: &Decisions) {
        let Some(storage) = self.storage() else {
            return;
        };
        let json = match serde_json::to_string(decisions) {
            Ok(json) => json,
            Err(error) => {
                self.error(format!(
                    "The suggestions' decisions could not be written: {error}"
                ));
                return;
            }
        };
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(error) = storage.set_setting(&setting_key(&doc_id), &json).await {
                library.error(format!(
                    "The suggestions' decisions could not be stored: {error}"
                ));
            }
        });
    }
}
