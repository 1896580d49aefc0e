//! The suggestions' state (one field of the editing tools' state): the
//! open document's decisions, which sources are on, the minimum
//! confidence, the suggestion stepped to, and the rejections undo can take
//! back. What is proposed is computed from the document and this state
//! ([`SuggestionsState::list`]); a suggestion is never an annotation.

use scholia_core::suggest::{repeats, DecisionKey, Decisions, Suggestion};
use scholia_core::AnnotatedDocument;

#[derive(Debug, Clone, PartialEq)]
pub struct SuggestionsState {
    /// The open document's decisions (loaded from storage with it).
    pub decisions: Decisions,
    /// The document whose decisions these are (`None` until loaded).
    pub loaded_for: Option<String>,
    /// Changes whenever the decisions do, so that they are stored.
    pub decisions_nonce: u64,
    /// Repeats of tagged mentions are proposed.
    pub repeats_on: bool,
    /// Proposed only from this confidence on, in percent.
    pub min_confidence: u8,
    /// The suggestion stepped to.
    pub current: Option<DecisionKey>,
    /// Rejections undo can take back: the suggestion and the document's
    /// revision when it was rejected (undo takes it back only while the
    /// document has not changed since).
    pub rejected: Vec<(Suggestion, u64)>,
}

impl Default for SuggestionsState {
    fn default() -> Self {
        SuggestionsState {
            decisions: Decisions::default(),
            loaded_for: None,
            decisions_nonce: 0,
            repeats_on: true,
            min_confidence: 0,
            current: None,
            rejected: Vec::new(),
        }
    }
}

impl SuggestionsState {
    /// What the sources on propose for `doc`, at or above the minimum
    /// confidence, in text order.
    pub fn list(&self, doc: &AnnotatedDocument) -> Vec<Suggestion> {
        let mut all = Vec::new();
        if self.repeats_on {
            let mentions = repeats::mentions(doc);
            all.extend(repeats::repeats(
                doc,
                &mentions,
                repeats::Options::default(),
                &self.decisions,
            ));
        }
        let min = f64::from(self.min_confidence) / 100.0;
        all.retain(|s| s.confidence + 1e-9 >= min);
        all.sort_by(|a, b| {
            (a.fragments[0].start, a.fragments[0].end, &a.label).cmp(&(
                b.fragments[0].start,
                b.fragments[0].end,
                &b.label,
            ))
        });
        all
    }
}

/// A confidence as a whole percentage, written without float formatting.
pub fn percent(confidence: f64) -> u32 {
    (confidence.clamp(0.0, 1.0) * 100.0).round() as u32
}

impl SuggestionsState {
    /// What to keep when another document opens: the panel's settings (its
    /// decisions are read from storage).
    pub fn for_new_document(&self) -> SuggestionsState {
        SuggestionsState {
            repeats_on: self.repeats_on,
            min_confidence: self.min_confidence,
            ..SuggestionsState::default()
        }
    }
}
