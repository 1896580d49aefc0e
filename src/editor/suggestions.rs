//! Suggestions: stepping through them, accepting (an annotation in the
//! layer new annotations go to, one undo step), rejecting (a decision kept
//! with the document; undo takes it back), accepting all above the minimum
//! confidence (one undo step), and the panel's settings.
//!
//! An accepted suggestion is not recorded as a decision: it is an
//! annotation, and no source proposes a span an annotation of its label
//! covers; undoing the accept removes the annotation and the suggestion is
//! proposed again.

use std::rc::Rc;

use scholia_core::suggest::{Decision, Decisions, Source, Suggestion};
use scholia_core::{Edit, Key, Timestamp};

use scholia_worker::protocol::Assessment;

use crate::state::suggestions::tagger::Model;
use crate::state::suggestions::{
    shared, LoadedTerms, RepeatsFound, RepeatsKey, Shared, TaggerStatus, TermList, TermsKey,
};
use crate::state::{label_name, Message, Store};
use crate::words::plural;

pub enum SuggestCommand {
    /// Step to the next (or previous) suggestion, and select its text.
    Step {
        forward: bool,
    },
    /// Accept the suggestion stepped to.
    Accept {
        id: String,
        now: Timestamp,
    },
    /// Reject the suggestion stepped to.
    Reject,
    /// Accept every suggestion proposed (at or above the minimum
    /// confidence); ids are `{id_seed}-{n}`.
    AcceptAll {
        id_seed: String,
        now: Timestamp,
    },
    SetSource {
        source: Source,
        on: bool,
    },
    /// The minimum confidence, in percent.
    SetMinConfidence(u8),
    /// A term list or pattern file was read (or could not be).
    LoadTerms(Result<LoadedTerms, String>),
    /// The decisions stored for a document, read once it opened.
    Loaded {
        doc_id: String,
        decisions: Decisions,
    },
    /// The term lists and pattern files stored from an earlier visit,
    /// compiled again (no message: nothing was chosen now); they go before
    /// any loaded meanwhile.
    RestoreTerms(Vec<TermList>),
    /// Forget the term list or pattern file of this name.
    RemoveTerms(String),
    /// The term lists' matches in a text, found by the worker (or why
    /// not), for the lists and text of `key`.
    TermsFound {
        key: TermsKey,
        found: Result<Vec<Suggestion>, String>,
    },
    /// The occurrences of the repeats' `phrases` in the text of `key`,
    /// found by the worker (or why not).
    RepeatsFound {
        key: RepeatsKey,
        phrases: Vec<String>,
        found: Result<Vec<scholia_core::suggest::matcher::Hit>, String>,
    },
    /// Turn one term list or pattern file on or off.
    SetTermList {
        name: String,
        on: bool,
    },
    /// Repeats match case exactly, or ignore it.
    SetMatchCase(bool),
    /// The mentions tagged in the library's other documents, read when a
    /// document opened.
    LibraryMentions {
        doc_id: String,
        mentions: Vec<scholia_core::suggest::repeats::Mention>,
    },
    /// The predictions stored for a document (imported as suggestions).
    PredictionsLoaded {
        doc_id: String,
        predictions: Vec<Suggestion>,
    },
    /// The tagger's model for the open document's labels: read from
    /// storage, trained, or imported (`None`: there is none).
    TaggerModel(Option<Model>),
    /// What the tagger is doing (training, suggesting), or why it failed.
    TaggerStatus(TaggerStatus),
    /// The tagger's suggestions for a document.
    TaggerFound {
        doc_id: String,
        found: Vec<Suggestion>,
    },
    /// Cross-validation was asked for (`None`) or came back.
    Assessed(Option<Result<Assessment, String>>),
    /// Step to the tagger's suggestion it is least sure of (confidence
    /// nearest one half) not yet decided.
    NextUncertain,
}

impl Store {
    pub(crate) fn suggest_command(&mut self, command: SuggestCommand) {
        match command {
            SuggestCommand::Step { forward } => self.step_suggestion(forward),
            SuggestCommand::Accept { id, now } => self.accept_suggestion(id, now),
            SuggestCommand::Reject => self.reject_suggestion(),
            SuggestCommand::AcceptAll { id_seed, now } => self.accept_all(id_seed, now),
            SuggestCommand::SetSource { source, on } => match source {
                Source::Repeats => self.editor.suggestions.repeats_on = on,
                Source::Terms => self.editor.suggestions.terms_on = on,
                Source::Imported => self.editor.suggestions.predictions_on = on,
                Source::Tagger => self.editor.suggestions.tagger_on = on,
            },
            SuggestCommand::SetMinConfidence(p) => {
                self.editor.suggestions.min_confidence = p.min(100);
            }
            SuggestCommand::LoadTerms(Ok(terms)) => {
                let lacking = self
                    .with_doc(|doc| {
                        let scheme = doc.scheme();
                        (terms.labels.iter())
                            .filter(|l| scheme.label(l).is_none())
                            .cloned()
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                let state = &mut self.editor.suggestions;
                let entries = plural(terms.entries, "term", "terms");
                let name = terms.name.clone();
                state.terms_on = true;
                let mut text = match state.add_terms(terms) {
                    true => {
                        format!("Loaded {entries} from {name}, in place of the earlier {name}.")
                    }
                    false => format!("Loaded {entries} from {name}."),
                };
                if !lacking.is_empty() {
                    text.push_str(&format!(
                        " Not proposed: labels the scheme lacks ({}).",
                        lacking.join(", ")
                    ));
                }
                self.message = Some(Message::info(text));
            }
            SuggestCommand::LoadTerms(Err(error)) => self.report_error(error),
            SuggestCommand::RestoreTerms(restored) => {
                let state = &mut self.editor.suggestions;
                let loaded_now = std::mem::take(&mut state.terms);
                // A file loaded again since the app started wins over
                // its stored copy.
                let mut terms: Vec<TermList> = (restored.into_iter())
                    .filter(|r| !loaded_now.iter().any(|t| t.loaded.name == r.loaded.name))
                    .collect();
                terms.extend(loaded_now);
                state.terms = terms;
            }
            SuggestCommand::SetTermList { name, on } => {
                let state = &mut self.editor.suggestions;
                if let Some(list) = state.terms.iter_mut().find(|t| t.loaded.name == name) {
                    list.on = on;
                }
            }
            SuggestCommand::SetMatchCase(on) => self.editor.suggestions.match_case = on,
            SuggestCommand::LibraryMentions { doc_id, mentions } => {
                let open = self.with_doc(|d| d.document().id.clone());
                if open.as_deref() == Some(doc_id.as_str()) {
                    self.editor.suggestions.library_mentions = std::rc::Rc::new(mentions);
                }
            }
            SuggestCommand::RemoveTerms(name) => {
                let state = &mut self.editor.suggestions;
                let before = state.terms.len();
                state.terms.retain(|t| t.loaded.name != name);
                if state.terms.len() < before {
                    self.message = Some(Message::info(format!("{name} no longer proposes terms.")));
                }
            }
            SuggestCommand::TermsFound { key, found } => match found {
                Ok(found) => self.editor.suggestions.terms_found = Some((key, shared(found))),
                Err(error) => {
                    self.report_error(format!("The term lists could not be matched: {error}."))
                }
            },
            SuggestCommand::RepeatsFound {
                key,
                phrases,
                found,
            } => match found {
                Ok(hits) => {
                    self.editor.suggestions.repeats_found = Some(RepeatsFound {
                        key,
                        phrases: Rc::new(phrases),
                        hits: Rc::new(hits),
                    })
                }
                Err(error) => self.report_error(format!("Repeats could not be found: {error}.")),
            },
            SuggestCommand::TaggerModel(model) => {
                let tagger = &mut self.editor.suggestions.tagger;
                // Its figures stay: they are the library's, measured by
                // training afresh.
                if model.is_none() || model != tagger.model {
                    tagger.found = None;
                }
                tagger.model = model;
            }
            SuggestCommand::TaggerStatus(status) => {
                self.editor.suggestions.tagger.status = status;
            }
            SuggestCommand::TaggerFound { doc_id, found } => {
                let tagger = &mut self.editor.suggestions.tagger;
                tagger.found = Some((doc_id, shared(found)));
                tagger.status = TaggerStatus::Idle;
            }
            SuggestCommand::Assessed(result) => {
                let tagger = &mut self.editor.suggestions.tagger;
                tagger.assessing = result.is_none();
                match result {
                    None => {}
                    Some(Ok(assessment)) => tagger.assessment = Some(Rc::new(assessment)),
                    Some(Err(error)) => {
                        self.report_error(format!("Could not measure the suggestions: {error}."))
                    }
                }
            }
            SuggestCommand::NextUncertain => self.next_uncertain(),
            SuggestCommand::Loaded { doc_id, decisions } => {
                let open = self.with_doc(|d| d.document().id.clone());
                if open.as_deref() == Some(doc_id.as_str()) {
                    let state = &mut self.editor.suggestions;
                    state.decisions = decisions;
                    state.loaded_for = Some(doc_id);
                }
            }
            SuggestCommand::PredictionsLoaded {
                doc_id,
                predictions,
            } => {
                let open = self.with_doc(|d| d.document().id.clone());
                if open.as_deref() == Some(doc_id.as_str()) {
                    self.editor.suggestions.predictions = shared(predictions);
                }
            }
        }
    }

    /// The open document's suggestions as proposed now: the list the page
    /// shows, computed again only when what it depends on changed.
    pub fn suggestions(&self) -> Shared {
        self.with_doc(|doc| self.editor.suggestions.listed(doc, self.revision))
            .unwrap_or_default()
    }

    /// The suggestion stepped to, if it is still proposed.
    pub fn current_suggestion(&self) -> Option<Suggestion> {
        let current = self.editor.suggestions.current.as_ref()?;
        self.suggestions()
            .iter()
            .find(|s| s.has_key(current))
            .map(|s| Suggestion::clone(s))
    }

    fn step_suggestion(&mut self, forward: bool) {
        let list = self.suggestions();
        if list.is_empty() {
            self.message = Some(Message::info(
                "No suggestions: tag a mention and its other occurrences are proposed.",
            ));
            return;
        }
        // From the current suggestion, or from the caret.
        let here = self
            .editor
            .suggestions
            .current
            .as_ref()
            .and_then(|k| k.fragments.first().copied())
            .or_else(|| self.selection.map(|(a, f)| (a.min(f), a.max(f))));
        let next = match (here, forward) {
            (None, true) => list.first(),
            (None, false) => list.last(),
            (Some(at), true) => list
                .iter()
                .find(|s| (s.fragments[0].start, s.fragments[0].end) > at)
                .or(list.first()),
            (Some(at), false) => list
                .iter()
                .rev()
                .find(|s| (s.fragments[0].start, s.fragments[0].end) < at)
                .or(list.last()),
        };
        let next = next.cloned();
        self.go_to_suggestion(next);
    }

    fn go_to_suggestion(&mut self, suggestion: Option<Rc<Suggestion>>) {
        match suggestion {
            Some(s) => {
                self.editor.suggestions.current = Some(s.key());
                self.selected = None;
                let f = s.fragments[0];
                self.select_text(Some((f.start, f.end)), true);
            }
            None => {
                self.editor.suggestions.current = None;
            }
        }
    }

    /// Active learning: the tagger's suggestion nearest one half in
    /// confidence (the first in text order among equals), where a decision
    /// teaches the model most. Those below the minimum confidence are not
    /// proposed, so not visited.
    fn next_uncertain(&mut self) {
        let list = self.suggestions();
        let doubt = |s: &Suggestion| ((s.confidence - 0.5).abs() * 1e6) as u64;
        let current = self.editor.suggestions.current.clone();
        let tagged: Vec<&Rc<Suggestion>> = (list.iter())
            .filter(|s| s.source == Source::Tagger)
            .collect();
        // Pressed again, it moves on from the one stepped to.
        let next = tagged
            .iter()
            .filter(|s| tagged.len() == 1 || Some(s.key()) != current)
            .min_by_key(|s| doubt(s))
            .copied();
        match next {
            Some(s) => {
                let s = Rc::clone(s);
                self.go_to_suggestion(Some(s));
            }
            None => {
                self.message = Some(Message::info(
                    "The tagger proposes nothing here to decide: annotate a few documents, and it learns from them.",
                ));
            }
        }
    }

    /// After a decision: on to the suggestion that follows the decided one.
    fn step_after(&mut self, decided: &Suggestion) {
        let at = (decided.fragments[0].start, decided.fragments[0].end);
        let list = self.suggestions();
        let next = list
            .iter()
            .find(|s| (s.fragments[0].start, s.fragments[0].end) > at)
            .or(list.first())
            .cloned();
        if next.is_none() {
            self.clear_selection();
        }
        self.go_to_suggestion(next);
    }

    fn decided_one(&mut self) -> Option<Suggestion> {
        let current = self.current_suggestion();
        if current.is_none() {
            self.message = Some(Message::info(
                "Step to a suggestion first (. and , go to the next and previous).",
            ));
        }
        current
    }

    /// The annotation a suggestion becomes: one the library's entities
    /// proposed (a term whose id is an entity's) is linked to that entity.
    fn accepted(&self, s: &Suggestion, key: Key, now: Timestamp) -> scholia_core::Annotation {
        let mut annotation = s.to_annotation(key, now);
        if let (Source::Terms, Some(id)) = (s.source, &s.id) {
            if self.knowledge.kb.entity(id).is_some() {
                annotation.entity = Some(id.as_str().into());
            }
        }
        annotation
    }

    fn accept_suggestion(&mut self, id: String, now: Timestamp) {
        let Some(s) = self.decided_one() else {
            return;
        };
        let annotation = self.accepted(&s, Key::new(self.new_layer(), id), now);
        if self.apply_or_report(Ok(Edit::AddAnnotation(annotation))) {
            self.step_after(&s);
        }
    }

    fn reject_suggestion(&mut self) {
        let Some(s) = self.decided_one() else {
            return;
        };
        if self.read_only {
            self.report_error(crate::state::READ_ONLY);
            return;
        }
        let revision = self.revision;
        let state = &mut self.editor.suggestions;
        state.decisions.decide(&s, Decision::Rejected);
        state.decisions_nonce += 1;
        state.rejected.push((s.clone(), revision));
        state.unrejected.clear();
        self.step_after(&s);
    }

    fn accept_all(&mut self, id_seed: String, now: Timestamp) {
        let list = self.suggestions();
        if list.is_empty() {
            self.message = Some(Message::info("No suggestions to accept."));
            return;
        }
        let layer = self.new_layer();
        // Where suggestions of one label overlap, the first is taken.
        let mut taken: Vec<&Suggestion> = Vec::new();
        for s in list.iter() {
            if !taken
                .iter()
                .any(|t| t.label == s.label && t.overlaps(&s.fragments))
            {
                taken.push(s);
            }
        }
        let edits = taken
            .iter()
            .enumerate()
            .map(|(n, s)| {
                Edit::AddAnnotation(self.accepted(
                    s,
                    Key::new(layer.as_str(), format!("{id_seed}-{}", n + 1)),
                    now,
                ))
            })
            .collect::<Vec<_>>();
        let count = edits.len();
        let min = self.editor.suggestions.min_confidence;
        if self.apply_or_report(Ok(Edit::Batch(edits))) {
            self.editor.suggestions.current = None;
            self.message = Some(Message::info(format!(
                "Accepted {} (confidence {min}% or more).",
                plural(count, "suggestion", "suggestions")
            )));
        }
    }

    /// Takes back the last rejection if nothing changed the document since
    /// (undo's first stop); false when there is none to take back.
    pub(crate) fn undo_rejection(&mut self) -> bool {
        let revision = self.revision;
        let state = &mut self.editor.suggestions;
        match state.rejected.last() {
            Some((_, at)) if *at == revision => {}
            _ => return false,
        }
        let Some((s, _)) = state.rejected.pop() else {
            return false;
        };
        state.decisions.forget(&s);
        state.decisions_nonce += 1;
        state.unrejected.push((s.clone(), revision));
        let name = self
            .with_doc(|d| label_name(d, &s.label))
            .unwrap_or_default();
        self.message = Some(Message::info(format!(
            "Suggestion of {name} proposed again."
        )));
        self.go_to_suggestion(Some(Rc::new(s)));
        true
    }

    /// Rejects again the last rejection undo took back, if nothing changed
    /// the document since (redo's first stop); false when there is none.
    pub(crate) fn redo_rejection(&mut self) -> bool {
        let revision = self.revision;
        let state = &mut self.editor.suggestions;
        match state.unrejected.last() {
            Some((_, at)) if *at == revision => {}
            _ => return false,
        }
        let Some((s, _)) = state.unrejected.pop() else {
            return false;
        };
        state.decisions.decide(&s, Decision::Rejected);
        state.decisions_nonce += 1;
        state.rejected.push((s.clone(), revision));
        let name = self
            .with_doc(|d| label_name(d, &s.label))
            .unwrap_or_default();
        self.message = Some(Message::info(format!(
            "Suggestion of {name} rejected again."
        )));
        self.step_after(&s);
        true
    }
}

#[cfg(test)]
mod tests;
