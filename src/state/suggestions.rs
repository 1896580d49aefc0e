//! The suggestions' state (one field of the editing tools' state): the
//! open document's decisions, which sources are on, the minimum
//! confidence, the suggestion stepped to, and the rejections undo can take
//! back. What is proposed is computed from the document and this state
//! ([`SuggestionsState::list`]); a suggestion is never an annotation.

use std::cell::RefCell;
use std::rc::Rc;

use scholia_core::suggest::matcher::Hit;
use scholia_core::suggest::terms;
use scholia_core::suggest::{
    repeats, without_annotated, DecisionKey, Decisions, Source, Suggestion,
};
use scholia_core::AnnotatedDocument;

pub mod tagger;

/// Suggestions as the state, the reducer and the view share them: each
/// behind an `Rc`, so that making the list again after an edit copies
/// pointers, not tens of thousands of suggestions (a term list's).
pub type Shared = Rc<Vec<Rc<Suggestion>>>;

/// Suggestions found by a source, made [`Shared`].
pub fn shared(found: Vec<Suggestion>) -> Shared {
    Rc::new(found.into_iter().map(Rc::new).collect())
}

pub use tagger::{TaggerState, TaggerStatus};

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
    /// The term lists and pattern files loaded (from a file picker), in
    /// the order loaded, each on or off; matched as one (the longest match
    /// wins across them).
    pub terms: Vec<TermList>,
    /// Every term source proposes (the lists on, the library's entities).
    pub terms_on: bool,
    /// The library's entities as terms (their names and aliases, see
    /// `state::knowledge::entity_terms`), proposed with the term list.
    pub entity_terms: Option<LoadedTerms>,
    /// The term lists' matches in a text, found by the formats' worker
    /// (see [`SuggestionsState::terms_wanted`]), with no decision applied:
    /// the list leaves out what is decided or annotated, so that an edit
    /// does not match the lists again.
    pub terms_found: Option<(TermsKey, Shared)>,
    /// Proposed only from this confidence on, in percent.
    pub min_confidence: u8,
    /// The suggestion stepped to.
    pub current: Option<DecisionKey>,
    /// Rejections undo can take back: the suggestion and the document's
    /// revision when it was rejected (undo takes it back only while the
    /// document has not changed since).
    pub rejected: Vec<(Suggestion, u64)>,
    /// Rejections undone, which redo brings back (while the document has
    /// not changed since the undo); a new rejection drops them.
    pub unrejected: Vec<(Suggestion, u64)>,
    /// Someone else's predictions for the open document (imported as
    /// suggestions; loaded from storage with it), and whether they propose.
    pub predictions: Shared,
    pub predictions_on: bool,
    /// Repeats match case exactly (“Rama” is not “RAMA”); a library setting.
    pub match_case: bool,
    /// The mentions tagged in the library's other documents (read when the
    /// document opens), whose repeats are proposed here too.
    pub library_mentions: Rc<Vec<repeats::Mention>>,
    /// The occurrences of the mentions' texts in the open document, found
    /// by the formats' worker (see [`SuggestionsState::repeats_wanted`]),
    /// perhaps for the mentions of a few edits ago: the list proposes what
    /// the mentions tagged now make of them.
    pub repeats_found: Option<RepeatsFound>,
    /// The statistical tagger: its model, its suggestions for the open
    /// document, its figures.
    pub tagger: TaggerState,
    /// The tagger's suggestions are proposed.
    pub tagger_on: bool,
    /// The list as last computed, shared by the page's view and the
    /// reducer (see [`ListKey`]).
    pub listed: ListCache,
}

impl Default for SuggestionsState {
    fn default() -> Self {
        SuggestionsState {
            decisions: Decisions::default(),
            loaded_for: None,
            decisions_nonce: 0,
            repeats_on: true,
            terms: Vec::new(),
            terms_on: true,
            entity_terms: None,
            terms_found: None,
            min_confidence: 0,
            current: None,
            rejected: Vec::new(),
            unrejected: Vec::new(),
            predictions: Rc::default(),
            predictions_on: true,
            match_case: false,
            library_mentions: Rc::default(),
            repeats_found: None,
            tagger: TaggerState::default(),
            tagger_on: true,
            listed: ListCache::default(),
        }
    }
}

impl SuggestionsState {
    /// What the sources on propose for `doc`, at or above the minimum
    /// confidence, in text order: made afresh (the app reads it through
    /// [`Self::listed`]; tests compare the two).
    #[cfg(test)]
    pub fn list(&self, doc: &AnnotatedDocument) -> Vec<Rc<Suggestion>> {
        self.list_after(doc, &[])
    }

    /// [`Self::list`], taking from `previous` (a list made before) the
    /// repeats that are still proposed as they were. Repeats can be a
    /// million (common words tagged in 5 MB) and the list is made again
    /// after every edit: its cost is then a pass over them, with no
    /// suggestion made again nor sorted.
    fn list_after(
        &self,
        doc: &AnnotatedDocument,
        previous: &[Rc<Suggestion>],
    ) -> Vec<Rc<Suggestion>> {
        let min = f64::from(self.min_confidence) / 100.0;
        // A label the scheme lacks cannot be accepted: not proposed.
        let proposes = |label: &str, confidence: f64| {
            doc.scheme().label(label).is_some() && confidence + 1e-9 >= min
        };
        let mut repeats = Vec::new();
        if let (Some(entries), Some(found)) =
            (self.repeats_entries(doc), self.repeats_found_for(doc))
        {
            let (phrases, hits) = (&found.phrases, &found.hits);
            let listed: Vec<bool> = (entries.iter())
                .map(|e| proposes(&e.label, e.confidence))
                .collect();
            repeats.reserve(previous.len());
            let mut before = (previous.iter())
                .filter(|s| s.source == Source::Repeats)
                .peekable();
            for p in repeats::proposals(doc, &entries, phrases, hits, &self.decisions) {
                if !listed[p.entry] {
                    continue;
                }
                let entry = &entries[p.entry];
                let here = (p.start, p.end, entry.label.as_str());
                while before.next_if(|s| order(s) < here).is_some() {}
                let same = before.next_if(|s| {
                    order(s) == here
                        && s.fragments.len() == 1
                        && s.confidence == entry.confidence
                        && s.id.is_none()
                });
                repeats.push(
                    same.cloned()
                        .unwrap_or_else(|| Rc::new(p.suggestion(&entries))),
                );
            }
        }
        let mut others = Vec::new();
        if let Some(found) = self.terms_found_for(doc) {
            others.extend(
                self.decisions
                    .filter(without_annotated(found.to_vec(), doc.annotations())),
            );
        }
        if self.predictions_on && !self.predictions.is_empty() {
            others.extend(
                self.decisions
                    .filter(scholia_core::suggest::without_annotated(
                        self.predictions.to_vec(),
                        doc.annotations(),
                    )),
            );
        }
        if let (true, Some(found)) = (self.tagger_on, self.tagger.found_for(doc)) {
            // Made for the document as it was: what has been annotated or
            // decided since is left out here, so that the worker is asked
            // again only when the model changes.
            others.extend(
                self.decisions
                    .filter(without_annotated(found.to_vec(), doc.annotations())),
            );
        }
        others.retain(|s| proposes(&s.label, s.confidence));
        others.sort_by(|a, b| order(a).cmp(&order(b)));
        // The repeats (in order already) and the others, merged; the
        // repeats first among equals.
        let mut all = Vec::with_capacity(repeats.len() + others.len());
        let mut others = others.into_iter().peekable();
        for s in repeats {
            while let Some(other) = others.next_if(|o| order(o) < order(&s)) {
                all.push(other);
            }
            all.push(s);
        }
        all.extend(others);
        // The same span and label from two sources: listed once.
        all.dedup_by(|b, a| a.fragments == b.fragments && a.label == b.label);
        all
    }
}

/// The list's order: by the first fragment's start and end, then label.
#[inline]
fn order(s: &Suggestion) -> (usize, usize, &str) {
    (s.fragments[0].start, s.fragments[0].end, s.label.as_str())
}

/// Repeats are found again on every change to the document: past this many
/// annotations that would cost every edit a long frame, so they are off.
pub const MOST_ANNOTATIONS_FOR_REPEATS: usize = 2_000;

/// Whether repeats are proposed for `doc` (not past
/// [`MOST_ANNOTATIONS_FOR_REPEATS`]).
pub fn repeats_apply(doc: &AnnotatedDocument) -> bool {
    doc.annotations().len() <= MOST_ANNOTATIONS_FOR_REPEATS
}

/// A confidence as a whole percentage, written without float formatting.
pub fn percent(confidence: f64) -> u32 {
    (confidence.clamp(0.0, 1.0) * 100.0).round() as u32
}

/// What the list depends on: the document and its revision, the
/// decisions, and the panel's settings; not the suggestion stepped to, so
/// that stepping reuses the list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListKey {
    doc_id: String,
    revision: u64,
    loaded_for: Option<String>,
    decisions_nonce: u64,
    repeats_on: bool,
    terms_found: Option<usize>,
    predictions: usize,
    predictions_on: bool,
    match_case: bool,
    library_mentions: usize,
    repeats_found: Option<usize>,
    tagger: Option<usize>,
    tagger_on: bool,
    min_confidence: u8,
}

impl ListKey {
    /// The document the list is for.
    pub fn doc_id(&self) -> &str {
        &self.doc_id
    }
}

impl SuggestionsState {
    pub fn list_key(&self, doc: &AnnotatedDocument, revision: u64) -> ListKey {
        ListKey {
            doc_id: doc.document().id.clone(),
            revision,
            loaded_for: self.loaded_for.clone(),
            decisions_nonce: self.decisions_nonce,
            repeats_on: self.repeats_on,
            terms_found: (self.terms_found_for(doc))
                .map(|found| Rc::as_ptr(found) as *const () as usize),
            predictions: Rc::as_ptr(&self.predictions) as *const () as usize,
            predictions_on: self.predictions_on,
            match_case: self.match_case,
            library_mentions: Rc::as_ptr(&self.library_mentions) as *const () as usize,
            repeats_found: (self.repeats_found.as_ref())
                .map(|found| Rc::as_ptr(&found.hits) as *const () as usize),
            tagger: self
                .tagger
                .found
                .as_ref()
                .map(|(_, found)| Rc::as_ptr(found) as *const () as usize),
            tagger_on: self.tagger_on,
            min_confidence: self.min_confidence,
        }
    }

    /// The list last computed, if it was for `key`.
    pub fn cached(&self, key: &ListKey) -> Option<Shared> {
        match &*self.listed.0.borrow() {
            Some((at, list)) if at == key => Some(list.clone()),
            _ => None,
        }
    }

    /// The list for `doc` at `revision`: the one last computed when nothing
    /// it depends on has changed since.
    pub fn listed(&self, doc: &AnnotatedDocument, revision: u64) -> Shared {
        let key = self.list_key(doc, revision);
        if let Some(list) = self.cached(&key) {
            return list;
        }
        let previous = (self.listed.0.borrow().as_ref()).map(|(_, list)| list.clone());
        let list = Rc::new(self.list_after(doc, &previous.unwrap_or_default()));
        *self.listed.0.borrow_mut() = Some((key, list.clone()));
        list
    }
}

/// The last list computed and what it was computed from. Every copy of the
/// state shares it (a cache: equal whatever it holds).
#[derive(Clone, Default)]
pub struct ListCache(Rc<RefCell<Option<(ListKey, Shared)>>>);

/// A document's text as what the worker's answers are found in: by the
/// document's id and the text's length and allocation (a text is never
/// edited, so the same allocation is the same text).
#[derive(Debug, Clone, PartialEq)]
struct TextKey {
    doc_id: String,
    text: (usize, usize),
}

impl TextKey {
    fn of(doc: &AnnotatedDocument) -> TextKey {
        let text = doc.document().text.as_str();
        TextKey {
            doc_id: doc.document().id.clone(),
            text: (text.as_ptr() as usize, text.len()),
        }
    }
}

/// What the term lists' matches depend on: the text and the lists on, in
/// order (by id).
#[derive(Debug, Clone, PartialEq)]
pub struct TermsKey {
    text: TextKey,
    pub lists: Vec<String>,
}

impl SuggestionsState {
    /// The lists whose matches are proposed: those on, and the library's
    /// entities, while the term source is on.
    fn terms_proposing(&self) -> impl Iterator<Item = &LoadedTerms> {
        (self.terms.iter())
            .filter(|list| list.on)
            .map(|list| &list.loaded)
            .chain(&self.entity_terms)
            .filter(|_| self.terms_on)
    }

    /// The key the matches of the lists proposing in `doc`'s text are found
    /// under; `None` when no list proposes.
    pub fn terms_key(&self, doc: &AnnotatedDocument) -> Option<TermsKey> {
        let lists: Vec<String> = self.terms_proposing().map(|l| l.id.clone()).collect();
        if lists.is_empty() {
            return None;
        }
        Some(TermsKey {
            text: TextKey::of(doc),
            lists,
        })
    }

    /// The lists proposing in `doc` and the key their matches are found
    /// under (what the worker is asked for); `None` when none proposes.
    pub fn terms_wanted(&self, doc: &AnnotatedDocument) -> Option<(TermsKey, Vec<LoadedTerms>)> {
        let key = self.terms_key(doc)?;
        Some((key, self.terms_proposing().cloned().collect()))
    }

    /// The term lists' matches in `doc`, once the worker has found them for
    /// its text and the lists on now.
    pub fn terms_found_for(&self, doc: &AnnotatedDocument) -> Option<&Shared> {
        let (found_for, found) = self.terms_found.as_ref()?;
        (Some(found_for) == self.terms_key(doc).as_ref()).then_some(found)
    }
}

/// The occurrences of phrases in a text (found by the worker,
/// `scholia_core::suggest::repeats::occurrences`): for which text and case
/// rule, the phrases asked for, and their hits.
#[derive(Debug, Clone, PartialEq)]
pub struct RepeatsFound {
    pub key: RepeatsKey,
    pub phrases: Rc<Vec<String>>,
    pub hits: Rc<Vec<Hit>>,
}

/// What the repeats' occurrences depend on besides the phrases: the text
/// and the case rule.
#[derive(Debug, Clone, PartialEq)]
pub struct RepeatsKey {
    text: TextKey,
    pub case_sensitive: bool,
}

impl SuggestionsState {
    /// What the mentions tagged in `doc` and in the library propose, while
    /// repeats are on and apply to it.
    fn repeats_entries(&self, doc: &AnnotatedDocument) -> Option<Vec<repeats::Entry>> {
        if !(self.repeats_on && repeats_apply(doc)) {
            return None;
        }
        let mut mentions = repeats::mentions(doc);
        mentions.extend(self.library_mentions.iter().cloned());
        let options = repeats::Options {
            case_sensitive: self.match_case,
        };
        Some(repeats::entries(&mentions, options))
    }

    fn repeats_key(&self, doc: &AnnotatedDocument) -> RepeatsKey {
        RepeatsKey {
            text: TextKey::of(doc),
            case_sensitive: self.match_case,
        }
    }

    /// The occurrences found for `doc`'s text in the case rule on now.
    pub fn repeats_found_for(&self, doc: &AnnotatedDocument) -> Option<&RepeatsFound> {
        (self.repeats_found.as_ref()).filter(|found| found.key == self.repeats_key(doc))
    }

    /// The phrases whose occurrences the worker is to find in `doc`, and
    /// the key to hand them to the store under: `None` while repeats are
    /// off or the occurrences found hold every phrase the mentions have
    /// now (a mention deleted leaves its phrase's hits unused, asking
    /// nothing).
    pub fn repeats_wanted(&self, doc: &AnnotatedDocument) -> Option<(RepeatsKey, Vec<String>)> {
        let phrases = repeats::phrases(&self.repeats_entries(doc)?);
        if phrases.is_empty() {
            return None;
        }
        if let Some(found) = self.repeats_found_for(doc) {
            let held: std::collections::HashSet<&str> =
                found.phrases.iter().map(String::as_str).collect();
            if phrases.iter().all(|p| held.contains(p.as_str())) {
                return None;
            }
        }
        Some((self.repeats_key(doc), phrases))
    }
}

impl PartialEq for ListCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for ListCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ListCache")
    }
}

impl SuggestionsState {
    /// What to keep when another document opens: the panel's settings (its
    /// decisions are read from storage).
    pub fn for_new_document(&self) -> SuggestionsState {
        SuggestionsState {
            repeats_on: self.repeats_on,
            terms: self.terms.clone(),
            terms_on: self.terms_on,
            entity_terms: self.entity_terms.clone(),
            min_confidence: self.min_confidence,
            predictions_on: self.predictions_on,
            match_case: self.match_case,
            tagger: self.tagger.for_new_document(),
            tagger_on: self.tagger_on,
            listed: self.listed.clone(),
            ..SuggestionsState::default()
        }
    }
}

/// A term list or pattern file loaded, and whether it proposes.
#[derive(Debug, Clone, PartialEq)]
pub struct TermList {
    pub loaded: LoadedTerms,
    pub on: bool,
}

impl SuggestionsState {
    /// Adds a list, or replaces the one of the same name (a file loaded
    /// again), which keeps its place; either way it is on. Whether one
    /// was replaced.
    pub fn add_terms(&mut self, loaded: LoadedTerms) -> bool {
        let list = TermList { loaded, on: true };
        match (self.terms.iter_mut()).find(|t| t.loaded.name == list.loaded.name) {
            Some(old) => {
                *old = list;
                true
            }
            None => {
                self.terms.push(list);
                false
            }
        }
    }
}

/// A term list or pattern file loaded (compiled by the formats' worker,
/// which matches it), with the file's name, how many entries it holds and
/// the labels they give. Equal while it is the same content (by its id: the
/// state is compared on every render, and a list's text is megabytes).
#[derive(Debug, Clone)]
pub struct LoadedTerms {
    pub name: String,
    pub entries: usize,
    pub labels: Vec<String>,
    /// What it was compiled from (the label of plain terms, the file's
    /// text), so that it is stored and compiled again after a reload.
    pub label: String,
    pub text: Rc<str>,
    /// Names its content (name, label and text): the worker keeps it
    /// compiled under this id.
    pub id: String,
}

impl PartialEq for LoadedTerms {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.entries == other.entries && self.labels == other.labels
    }
}

impl LoadedTerms {
    /// A list as read by the worker (`entries`, `labels`), with its id.
    pub fn new(
        name: &str,
        label: &str,
        text: Rc<str>,
        entries: usize,
        labels: Vec<String>,
    ) -> Self {
        LoadedTerms {
            id: content_id(name, label, &text),
            name: name.to_string(),
            entries,
            labels,
            label: label.to_string(),
            text,
        }
    }

    /// The list as the worker's requests name it.
    pub fn spec(&self) -> scholia_worker::protocol::TermsList {
        scholia_worker::protocol::TermsList {
            id: self.id.clone(),
            name: self.name.clone(),
            label: self.label.clone(),
        }
    }

    /// The file a teammate can load as it is (its name and text): a
    /// pattern file as it was loaded (each pattern names its label); a term
    /// list as `<name>.tsv` with every line naming its label, the one
    /// chosen for its plain terms included.
    pub fn exported(&self) -> (String, String) {
        if terms::is_pattern_file(&self.name) {
            return (self.name.clone(), self.text.to_string());
        }
        let stem = scholia_core::format::file_stem(&self.name);
        // It was read with this label when loaded, so it reads again.
        let terms = terms::parse(&self.text, &self.name, Some(&self.label)).unwrap_or_default();
        (format!("{stem}.tsv"), terms::write(&terms))
    }
}

/// An id for a list's content: a hash of its name, label and text (the
/// same list loaded again is the same; another is another).
fn content_id(name: &str, label: &str, text: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (name, label, text).hash(&mut hasher);
    format!("{:016x}-{}", hasher.finish(), text.len())
}
