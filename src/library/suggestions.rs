//! The open document's suggestion decisions in storage: a settings record
//! per document (`suggestions:<id>`, the decisions as JSON), read when the
//! document opens and written whenever they change. Beside them, the
//! predictions imported for it (`predictions:<id>`, suggestions as JSON),
//! written by an import and read when the document opens. The tagger's jobs
//! are in `tagger.rs`.

use scholia_core::format::library::SuggestionsV1;
use scholia_core::suggest::repeats::Mention;
use scholia_core::suggest::{imported, Decisions, Suggestion};

use super::handle::Library;
use crate::state::suggestions::{LoadedTerms, TermList};
use crate::store::{Action, SuggestCommand};
use crate::web::storage::Storage;

fn setting_key(doc_id: &str) -> String {
    format!("suggestions:{doc_id}")
}

/// The term lists and pattern files loaded (the library's, not a
/// document's): a JSON array of [`StoredTerms`] (before several could be
/// loaded, one of them or `null`, still read).
const TERMS_KEY: &str = "suggestions-terms";

/// Whether repeats match case: `true` or `false`.
const MATCH_CASE_KEY: &str = "suggestions-match-case";

/// A term list or pattern file as stored.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredTerms {
    name: String,
    label: String,
    text: String,
    /// Whether it proposes (absent before lists could be turned off).
    #[serde(default = "on")]
    on: bool,
}

fn on() -> bool {
    true
}

/// What `suggestions-terms` holds: the lists, or the one list (or none)
/// stored before several could be loaded.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum StoredLists {
    Several(Vec<StoredTerms>),
    One(Option<StoredTerms>),
}

impl Library {
    /// Downloads a term list or pattern file as a teammate loads it
    /// ([`LoadedTerms::exported`]: every term with its label).
    pub fn export_terms(&self, list: &LoadedTerms) {
        let (name, text) = list.exported();
        let mime = if name.ends_with(".tsv") {
            "text/tab-separated-values"
        } else {
            "application/json"
        };
        match crate::web::files::download(&name, &text, mime) {
            Ok(()) => self.info(format!(
                "{} was saved as {name} ({}).",
                list.name,
                crate::words::plural(list.entries, "entry", "entries")
            )),
            Err(error) => self.error(format!("Could not export {}: {error}.", list.name)),
        }
    }

    /// Reads the term lists and pattern files kept from an earlier visit
    /// and hands them, compiled by the worker, to the store.
    pub fn load_terms(&self) {
        let Some(storage) = self.storage() else {
            return;
        };
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let Some(json) = storage.setting(TERMS_KEY).await else {
                return;
            };
            let stored = match serde_json::from_str::<StoredLists>(&json) {
                Ok(StoredLists::Several(lists)) => lists,
                Ok(StoredLists::One(list)) => list.into_iter().collect(),
                Err(error) => {
                    library.error(format!(
                        "The term lists kept from an earlier visit could not be read again ({error})."
                    ));
                    return;
                }
            };
            let mut lists = Vec::new();
            for stored in stored {
                let text = stored.text.into();
                match library.compile_terms(&stored.name, text, &stored.label).await {
                    Ok(loaded) => lists.push(TermList {
                        loaded,
                        on: stored.on,
                    }),
                    Err(error) => library.error(format!(
                        "The term list kept from an earlier visit could not be read again ({error})."
                    )),
                }
            }
            if !lists.is_empty() {
                library.dispatch(Action::Suggest(SuggestCommand::RestoreTerms(lists)));
            }
        });
    }

    /// Reads whether repeats match case (a library setting).
    pub fn load_match_case(&self) {
        let Some(storage) = self.storage() else {
            return;
        };
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if storage.setting(MATCH_CASE_KEY).await.as_deref() == Some("true") {
                library.dispatch(Action::Suggest(SuggestCommand::SetMatchCase(true)));
            }
        });
    }

    /// Keeps whether repeats match case.
    pub fn save_match_case(&self, on: bool) {
        let Some(storage) = self.storage() else {
            return;
        };
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(error) = storage.set_setting(MATCH_CASE_KEY, &on.to_string()).await {
                library.error(format!("The case setting could not be kept: {error}"));
            }
        });
    }

    /// Keeps the term lists and pattern files loaded, each on or off.
    pub fn save_terms(&self, terms: &[TermList]) {
        let Some(storage) = self.storage() else {
            return;
        };
        let stored: Vec<StoredTerms> = (terms.iter())
            .map(|t| StoredTerms {
                name: t.loaded.name.clone(),
                label: t.loaded.label.clone(),
                text: t.loaded.text.to_string(),
                on: t.on,
            })
            .collect();
        let json = serde_json::to_string(&stored).unwrap_or_default();
        let library = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(error) = storage.set_setting(TERMS_KEY, &json).await {
                library.error(format!("The term list could not be kept: {error}"));
            }
        });
    }
}

fn predictions_key(doc_id: &str) -> String {
    format!("predictions:{doc_id}")
}

/// A document's stored decisions and predictions, for a backup (what
/// cannot be read is left out, as when the document opens).
pub(super) async fn stored_suggestions(storage: &Storage, doc_id: &str) -> SuggestionsV1 {
    let read = |json: Option<String>| json.unwrap_or_default();
    SuggestionsV1 {
        decisions: serde_json::from_str(&read(storage.setting(&setting_key(doc_id)).await))
            .unwrap_or_default(),
        predictions: serde_json::from_str(&read(storage.setting(&predictions_key(doc_id)).await))
            .unwrap_or_default(),
    }
}

/// Stores a restored document's decisions and predictions (replacing what
/// was stored for its id; with `always`, even when it has none).
pub(super) async fn restore_suggestions(
    storage: &Storage,
    doc_id: &str,
    suggestions: &SuggestionsV1,
    always: bool,
) -> Result<(), String> {
    let json = |r: serde_json::Result<String>| r.map_err(|e| e.to_string());
    if always || !suggestions.decisions.is_empty() {
        let decisions = json(serde_json::to_string(&suggestions.decisions))?;
        storage
            .set_setting(&setting_key(doc_id), &decisions)
            .await?;
    }
    if always || !suggestions.predictions.is_empty() {
        let predictions = json(serde_json::to_string(&suggestions.predictions))?;
        storage
            .set_setting(&predictions_key(doc_id), &predictions)
            .await?;
    }
    Ok(())
}

/// The mentions tagged in the library's other documents: the quote of
/// every single-fragment annotation, read from the stored records (their
/// quotes are stored with them, so no text is read; nor are the records of
/// `doc_id`).
async fn library_mentions(storage: &Storage, doc_id: &str) -> Vec<Mention> {
    let Ok(records) = storage.annotations_except(doc_id).await else {
        return Vec::new();
    };
    records
        .into_iter()
        .filter(|r| r.annotation.fragments.len() == 1)
        .filter_map(|r| {
            let quote = r.annotation.fragments[0].quote.trim();
            (!quote.is_empty()).then(|| Mention {
                text: quote.to_string(),
                label: r.annotation.label,
            })
        })
        .collect()
}

/// Adds predictions to those stored for a document (for the same span and
/// label, the new one's confidence wins).
pub(super) async fn add_predictions(
    storage: &Storage,
    doc_id: &str,
    new: Vec<Suggestion>,
) -> Result<(), String> {
    if new.is_empty() {
        return Ok(());
    }
    let mut all = new;
    if let Some(json) = storage.setting(&predictions_key(doc_id)).await {
        all.extend(serde_json::from_str::<Vec<Suggestion>>(&json).unwrap_or_default());
    }
    imported::sort_and_dedup(&mut all);
    let json = serde_json::to_string(&all).map_err(|e| e.to_string())?;
    storage.set_setting(&predictions_key(doc_id), &json).await
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
            let predictions = match storage.setting(&predictions_key(&doc_id)).await {
                None => Vec::new(),
                Some(json) => serde_json::from_str::<Vec<Suggestion>>(&json).unwrap_or_else(|error| {
                    library.error(format!(
                        "The predictions stored for this document could not be read ({error}); none are proposed."
                    ));
                    Vec::new()
                }),
            };
            library.dispatch(Action::Suggest(SuggestCommand::Loaded {
                doc_id: doc_id.clone(),
                decisions,
            }));
            let mentions = library_mentions(&storage, &doc_id).await;
            library.dispatch(Action::Suggest(SuggestCommand::LibraryMentions {
                doc_id: doc_id.clone(),
                mentions,
            }));
            if !predictions.is_empty() {
                library.dispatch(Action::Suggest(SuggestCommand::PredictionsLoaded {
                    doc_id,
                    predictions,
                }));
            }
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
