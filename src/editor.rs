//! The editing tools: relabel, resize, fragments, notes, attributes,
//! relations, bulk edits, search and annotate-all, scheme changes, filters
//! and dialogs. Their UI state lives in [`EditorState`] (one field of the
//! store) and their actions are [`Command`]s, reduced here, purely: every
//! document change goes through the core's `editing` and `scheme_edit`
//! functions and is one undo step.

use std::collections::BTreeSet;
use std::ops::Range;
use std::rc::Rc;

use scholia_core::editing::{self, SpanEnd};
use scholia_core::scheme_edit::{self, Conformed};
use scholia_core::{AnnotatedDocument, AttributeValue, Edit, Fragment, Key, Scheme, Timestamp};

use crate::keymap::RESERVED;
use crate::store::{Message, Store};

/// A relation whose ends are picked, waiting for the user to choose among
/// the types that fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingLink {
    pub source: Key,
    pub target: Key,
    /// (id, name) of each relation type that fits.
    pub kinds: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    Help,
    Scheme,
    LabelPicker,
    RelationType(PendingLink),
    /// Merging annotators' files (shown by `team_dialogs`).
    Merge,
    /// The agreement report (shown by `team_dialogs`).
    Agreement,
}

/// The text search and its hits (code-point ranges, in document order).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchState {
    pub query: String,
    pub regex: bool,
    pub match_case: bool,
    pub hits: Rc<Vec<Range<usize>>>,
    /// Whether there were more hits than the app shows.
    pub truncated: bool,
    /// The hit last jumped to.
    pub current: Option<usize>,
    /// Why the query could not run (an invalid regular expression).
    pub error: Option<String>,
}

/// Which annotations the panel lists (and `]` `[` step through).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// Label ids shown; empty shows all.
    pub labels: BTreeSet<String>,
    /// Shown if the quote or the note holds this (any case).
    pub text: String,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        !self.labels.is_empty() || !self.text.trim().is_empty()
    }

    /// Whether an annotation passes, given its quote.
    pub fn passes(&self, label: &str, quote: &str, note: &str) -> bool {
        if !self.labels.is_empty() && !self.labels.contains(label) {
            return false;
        }
        let needle = self.text.trim().to_lowercase();
        needle.is_empty()
            || quote.to_lowercase().contains(&needle)
            || note.to_lowercase().contains(&needle)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EditorState {
    /// Drawing a relation from this annotation: the next pick is its target.
    pub linking: Option<Key>,
    pub dialog: Option<Dialog>,
    pub search: SearchState,
    pub filter: Filter,
    /// Annotations ticked in the panel, for bulk relabel and delete.
    pub checked: BTreeSet<Key>,
    /// Asks the document to select a range of text (a search hit); the
    /// number changes on every request.
    pub select_text: Option<(Range<usize>, u64)>,
    /// Asks the panel to focus the note field; changes on every request.
    pub focus_note: u64,
    /// The text selection when the label picker opened (its input takes the
    /// page's selection away).
    pub picker_selection: Option<(usize, usize)>,
}

impl EditorState {
    /// The state to keep when another document opens: the search options
    /// (the search bar runs the query again on the new text).
    pub fn for_new_document(&self) -> EditorState {
        EditorState {
            search: SearchState {
                query: self.search.query.clone(),
                regex: self.search.regex,
                match_case: self.search.match_case,
                ..SearchState::default()
            },
            ..EditorState::default()
        }
    }
}

pub enum Command {
    /// A click on the text (or Enter while drawing a relation): selects the
    /// annotation there, or makes it the new relation's target.
    Pick {
        key: Option<Key>,
        id: String,
        now: Timestamp,
    },
    Relabel {
        keys: Vec<Key>,
        label: String,
        now: Timestamp,
    },
    Delete(Vec<Key>),
    /// Moves an end of the selected span by a word (or a character).
    MoveEnd {
        end: SpanEnd,
        forward: bool,
        now: Timestamp,
    },
    /// Sets where a span starts and ends (its handles dragged).
    SetExtent {
        key: Key,
        start: usize,
        end: usize,
        now: Timestamp,
    },
    /// Adds the selected text to the selected span as a fragment.
    AddSelection {
        now: Timestamp,
    },
    /// Cuts the selected text out of the selected span.
    CutSelection {
        now: Timestamp,
    },
    RemoveFragment {
        key: Key,
        index: usize,
        now: Timestamp,
    },
    SetNote {
        key: Key,
        note: String,
        now: Timestamp,
    },
    SetAttribute {
        key: Key,
        attribute: String,
        value: Option<AttributeValue>,
        now: Timestamp,
    },
    /// Starts drawing a relation from the selected annotation.
    StartLink,
    /// Links the drawn relation's source to the selected annotation.
    ConfirmLink {
        id: String,
        now: Timestamp,
    },
    CancelLink,
    ChooseRelationType {
        kind: String,
        id: String,
        now: Timestamp,
    },
    Unlink(Key),
    SetScheme(Scheme),
    /// One change from the scheme editor, made to the scheme as it is now.
    ChangeScheme(crate::scheme_change::Change),
    /// A scheme read from a file, adopted keeping what the document uses.
    AdoptScheme {
        scheme: Scheme,
        file_name: String,
    },
    Search(SearchState),
    /// Selects the next (or previous) search hit in the document.
    StepHit {
        forward: bool,
    },
    /// Annotates every search hit with a label (one step). Ids are
    /// `{id_seed}-{n}`.
    AnnotateAll {
        label: String,
        id_seed: String,
        now: Timestamp,
    },
    SetFilterText(String),
    ToggleFilterLabel(String),
    ClearFilter,
    ToggleChecked(Key),
    SetChecked(Vec<Key>),
    Jump {
        forward: bool,
        same_label: bool,
    },
    OpenDialog(Option<Dialog>),
    /// A label chosen in the picker: tags the text selected when it opened,
    /// or relabels the selected annotation.
    PickLabel {
        label: String,
        id: String,
        now: Timestamp,
    },
    FocusNote,
    /// Says something to the user (a file that could not be read, say).
    Report(Message),
}

fn label_name(doc: &AnnotatedDocument, label: &str) -> String {
    doc.scheme()
        .label(label)
        .map_or_else(|| label.to_string(), |l| l.name.clone())
}

/// What the app refuses in a scheme beyond what the core checks: empty
/// names, and hotkeys that are not one free key. Only hotkeys that differ
/// from `before` are checked, so that the message names the label changed.
pub fn scheme_problem(scheme: &Scheme, before: &Scheme) -> Option<String> {
    let names = scheme
        .labels
        .iter()
        .map(|l| ("label", &l.name))
        .chain(
            scheme
                .relation_types
                .iter()
                .map(|r| ("relation type", &r.name)),
        )
        .chain(scheme.attributes.iter().map(|a| ("attribute", &a.name)));
    for (what, name) in names {
        if name.trim().is_empty() {
            return Some(format!("A {what} needs a name."));
        }
    }
    scheme.labels.iter().find_map(|l| {
        let hotkey = l.hotkey.as_deref()?;
        if before.label(&l.id).is_some_and(|b| b.hotkey == l.hotkey) {
            return None;
        }
        let problem = scheme.hotkey_problem(&l.id, hotkey, RESERVED)?;
        Some(format!(
            "The hotkey of {} cannot be “{hotkey}”: {problem}.",
            l.name
        ))
    })
}

/// How many annotations carry each label of the scheme, in scheme order.
pub fn label_usage(doc: &AnnotatedDocument) -> Vec<(String, usize)> {
    let labels = &doc.scheme().labels;
    let mut counts = vec![0; labels.len()];
    if labels.len() <= 16 {
        // (a few string comparisons cost less than hashing each label)
        for a in doc.annotations() {
            if let Some(i) = labels.iter().position(|l| l.id == a.label) {
                counts[i] += 1;
            }
        }
    } else {
        let index: std::collections::HashMap<&str, usize> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.as_str(), i))
            .collect();
        for a in doc.annotations() {
            if let Some(&i) = index.get(a.label.as_str()) {
                counts[i] += 1;
            }
        }
    }
    labels.iter().map(|l| l.id.clone()).zip(counts).collect()
}

/// How many annotations carry label `id`, from [`label_usage`].
pub fn uses(usage: &[(String, usize)], id: &str) -> usize {
    usage.iter().find(|(l, _)| l == id).map_or(0, |(_, n)| *n)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Store {
    /// Reads the open document (`None` when none is open).
    fn with_doc<T>(&self, read: impl FnOnce(&AnnotatedDocument) -> T) -> Option<T> {
        self.workspace.as_ref().map(|w| read(&w.borrow().doc))
    }

    /// Applies an edit, reporting a refusal as a message.
    fn apply_or_report(&mut self, edit: Result<Edit, scholia_core::Error>) -> bool {
        match edit.and_then(|edit| self.edit(edit)) {
            Ok(()) => true,
            Err(error) => {
                self.message = Some(Message::error(error.to_string()));
                false
            }
        }
    }

    /// Drops UI state that names annotations which no longer exist (after
    /// a delete, an undo or a redo).
    pub(crate) fn forget_missing(&mut self) {
        let Some(workspace) = self.workspace.clone() else {
            return;
        };
        let workspace = workspace.borrow();
        let exists = |key: &Key| workspace.doc.annotation(key).is_some();
        if self.selected.as_ref().is_some_and(|k| !exists(k)) {
            self.selected = None;
        }
        if self.editor.linking.as_ref().is_some_and(|k| !exists(k)) {
            self.editor.linking = None;
        }
        self.editor.checked.retain(|k| exists(k));
    }

    /// The annotations the panel lists, in document order.
    pub fn listed(&self) -> Vec<Key> {
        self.with_doc(|doc| {
            doc.annotations_in_document_order()
                .into_iter()
                .filter(|a| !self.team.is_hidden(&a.key.layer))
                .filter(|a| {
                    !self.editor.filter.is_active()
                        || self
                            .editor
                            .filter
                            .passes(&a.label, &doc.quotes(a).join(" "), &a.note)
                })
                .map(|a| a.key.clone())
                .collect()
        })
        .unwrap_or_default()
    }

    pub(crate) fn command(&mut self, command: Command) {
        match command {
            Command::Pick { key, id, now } => match (&self.editor.linking, key) {
                (Some(_), Some(target)) => {
                    self.selected = Some(target);
                    self.confirm_link(id, now);
                }
                (Some(_), None) => {
                    self.message = Some(Message::info(
                        "Click an annotation to link to, or press Escape.",
                    ));
                }
                (None, key) => self.selected = key,
            },
            Command::Relabel { keys, label, now } => self.relabel(keys, label, now),
            Command::Delete(keys) => {
                if self.apply_or_report(Ok(editing::delete(&keys))) {
                    self.message = (keys.len() > 1).then(|| {
                        Message::info(format!(
                            "Deleted {}.",
                            plural(keys.len(), "annotation", "annotations")
                        ))
                    });
                }
                self.forget_missing();
            }
            Command::MoveEnd { end, forward, now } => {
                let Some(key) = self.selected.clone() else {
                    return;
                };
                let snap = self.snap;
                let edit = self.with_doc(|doc| {
                    let a = doc.annotation(&key)?;
                    let moved = editing::move_span_end(
                        &doc.document().text,
                        &a.fragments,
                        end,
                        forward,
                        snap,
                    )?;
                    editing::update(doc, &key, now, |a| a.fragments = moved).ok()
                });
                match edit.flatten() {
                    Some(edit) => {
                        self.apply_or_report(Ok(edit));
                    }
                    None => {
                        self.message =
                            Some(Message::info("The span cannot move that way any further."));
                    }
                }
            }
            Command::SetExtent {
                key,
                start,
                end,
                now,
            } => {
                let edit = self.with_doc(|doc| {
                    let a = doc.annotation(&key).ok_or_else(|| {
                        scholia_core::Error::invalid("that annotation no longer exists")
                    })?;
                    let fragments =
                        editing::set_extent(&a.fragments, start, end).ok_or_else(|| {
                            scholia_core::Error::invalid("a span cannot end before it starts")
                        })?;
                    editing::update(doc, &key, now, |a| a.fragments = fragments)
                });
                if let Some(edit) = edit {
                    self.apply_or_report(edit);
                }
            }
            Command::AddSelection { now } => self.fragment_from_selection(true, now),
            Command::CutSelection { now } => self.fragment_from_selection(false, now),
            Command::RemoveFragment { key, index, now } => {
                let edit = self.with_doc(|doc| {
                    editing::update(doc, &key, now, |a| {
                        if a.fragments.len() > 1 && index < a.fragments.len() {
                            a.fragments.remove(index);
                        }
                    })
                });
                if let Some(edit) = edit {
                    self.apply_or_report(edit);
                }
            }
            Command::SetNote { key, note, now } => {
                let unchanged =
                    self.with_doc(|doc| doc.annotation(&key).is_some_and(|a| a.note == note));
                if unchanged != Some(true) {
                    if let Some(edit) =
                        self.with_doc(|doc| editing::update(doc, &key, now, |a| a.note = note))
                    {
                        self.apply_or_report(edit);
                    }
                }
            }
            Command::SetAttribute {
                key,
                attribute,
                value,
                now,
            } => {
                if let Some(edit) =
                    self.with_doc(|doc| editing::set_attribute(doc, &key, &attribute, value, now))
                {
                    self.apply_or_report(edit);
                }
            }
            Command::StartLink => match self.selected.clone() {
                Some(source) => {
                    let name = self.with_doc(|doc| {
                        doc.annotation(&source)
                            .map(|a| doc.quotes(a).join(" … "))
                            .unwrap_or_default()
                    });
                    self.editor.linking = Some(source);
                    self.message = Some(Message::info(format!(
                        "Linking from “{}”: click the target, or choose it with ] and [ and press Enter. Escape cancels.",
                        name.unwrap_or_default()
                    )));
                }
                None => {
                    self.message = Some(Message::info("Select the annotation to link from first."));
                }
            },
            Command::ConfirmLink { id, now } => self.confirm_link(id, now),
            Command::CancelLink => {
                if self.editor.linking.take().is_some() {
                    self.message = None;
                }
                if matches!(self.editor.dialog, Some(Dialog::RelationType(_))) {
                    self.editor.dialog = None;
                }
            }
            Command::ChooseRelationType { kind, id, now } => {
                if let Some(Dialog::RelationType(pending)) = self.editor.dialog.take() {
                    self.link(&pending.source, &pending.target, &kind, id, now);
                }
            }
            Command::Unlink(key) => {
                self.apply_or_report(Ok(Edit::RemoveRelation(key)));
            }
            Command::ChangeScheme(change) => {
                let current = self.scheme();
                let next = crate::scheme_change::apply(&current, change);
                if next != current {
                    self.command(Command::SetScheme(next));
                }
            }
            Command::SetScheme(scheme) => {
                if let Some(problem) = scheme_problem(&scheme, &self.scheme()) {
                    self.message = Some(Message::error(problem));
                    return;
                }
                if let Some(result) = self.with_doc(|doc| scheme_edit::conform(doc, scheme)) {
                    self.apply_scheme(result, String::new());
                }
            }
            Command::AdoptScheme { scheme, file_name } => {
                let result = self.with_doc(|doc| {
                    let (scheme, kept) = scheme_edit::adopt(doc, scheme);
                    if let Some(problem) = scheme_problem(&scheme, &Scheme::default()) {
                        return Err(scholia_core::Error::invalid(problem));
                    }
                    scheme_edit::conform(doc, scheme).map(|r| (r, kept))
                });
                match result {
                    Some(Ok((result, kept))) => {
                        let mut note = format!("The scheme from {file_name} is in use.");
                        if !kept.is_empty() {
                            note.push_str(&format!(
                                " Kept because annotations use them: {}.",
                                kept.join(", ")
                            ));
                        }
                        self.apply_scheme(Ok(result), note);
                    }
                    Some(Err(error)) => {
                        self.message = Some(Message::error(error.in_file(file_name).to_string()));
                    }
                    None => {}
                }
            }
            Command::Search(search) => {
                self.editor.search = search;
            }
            Command::StepHit { forward } => {
                let n = self.editor.search.hits.len();
                if n == 0 {
                    return;
                }
                let next = match self.editor.search.current {
                    Some(i) if forward => (i + 1) % n,
                    Some(i) => (i + n - 1) % n,
                    None if forward => 0,
                    None => n - 1,
                };
                self.editor.search.current = Some(next);
                let nonce = self.editor.select_text.as_ref().map_or(0, |(_, n)| n + 1);
                self.editor.select_text = Some((self.editor.search.hits[next].clone(), nonce));
            }
            Command::AnnotateAll {
                label,
                id_seed,
                now,
            } => self.annotate_all(label, id_seed, now),
            Command::SetFilterText(text) => self.editor.filter.text = text,
            Command::ToggleFilterLabel(label) => {
                if !self.editor.filter.labels.remove(&label) {
                    self.editor.filter.labels.insert(label);
                }
            }
            Command::ClearFilter => self.editor.filter = Filter::default(),
            Command::ToggleChecked(key) => {
                if !self.editor.checked.remove(&key) {
                    self.editor.checked.insert(key);
                }
            }
            Command::SetChecked(keys) => {
                self.editor.checked.clear();
                self.editor.checked.extend(keys);
            }
            Command::Jump {
                forward,
                same_label,
            } => self.jump(forward, same_label),
            Command::OpenDialog(dialog) => {
                if dialog == Some(Dialog::LabelPicker) {
                    self.editor.picker_selection = self.selection;
                }
                self.editor.dialog = dialog;
            }
            Command::PickLabel { label, id, now } => {
                self.editor.dialog = None;
                self.selection = self.editor.picker_selection.take();
                self.tag(label, id, now);
            }
            Command::FocusNote => {
                if self.selected.is_some() {
                    self.editor.focus_note += 1;
                }
            }
            Command::Report(message) => self.message = Some(message),
        }
    }

    pub(crate) fn relabel(&mut self, keys: Vec<Key>, label: String, now: Timestamp) {
        let Some(result) = self.with_doc(|doc| {
            editing::relabel(doc, &keys, &label, now)
                .map(|(edit, done)| (edit, done, label_name(doc, &label)))
        }) else {
            return;
        };
        match result {
            Ok((edit, done, name)) => {
                if self.apply_or_report(Ok(edit)) {
                    let mut text = String::new();
                    if keys.len() > 1 {
                        text = format!(
                            "Relabelled {} as {name}.",
                            plural(done.annotations, "annotation", "annotations")
                        );
                    }
                    if done.removed_relations > 0 {
                        text.push_str(&format!(
                            " Removed {} that no longer fit (Undo brings them back).",
                            plural(done.removed_relations, "relation", "relations")
                        ));
                    }
                    self.message = (!text.is_empty()).then(|| Message::info(text.trim()));
                }
            }
            Err(error) => self.message = Some(Message::error(error.to_string())),
        }
    }

    fn fragment_from_selection(&mut self, add: bool, now: Timestamp) {
        let (Some(key), Some((anchor, focus))) = (self.selected.clone(), self.selection) else {
            self.message = Some(Message::info(
                "Select an annotation, then select the text to add to it or cut from it.",
            ));
            return;
        };
        let snap = self.snap;
        let edit = self.with_doc(|doc| {
            let span = doc.document().text.snap(anchor, focus, snap)?;
            let piece = Fragment::new(span.start, span.end);
            let a = doc.annotation(&key)?;
            let fragments = if add {
                editing::add_fragment(&a.fragments, piece)
            } else {
                editing::cut_fragment(&doc.document().text, &a.fragments, piece)?
            };
            (fragments != a.fragments)
                .then(|| editing::update(doc, &key, now, |a| a.fragments = fragments))
        });
        let Some(edit) = edit.flatten() else {
            if !add {
                self.message = Some(Message::info(
                    "Nothing to cut: the selection is outside the span, or covers all of it (delete the annotation instead).",
                ));
            }
            return;
        };
        if self.apply_or_report(edit) {
            self.selection = None;
        }
    }

    /// Links the drawn relation's source to the selected annotation: at once
    /// if one relation type fits, through a choice if several do.
    fn confirm_link(&mut self, id: String, now: Timestamp) {
        let (Some(source), Some(target)) = (self.editor.linking.clone(), self.selected.clone())
        else {
            return;
        };
        if source == target {
            self.message = Some(Message::info(
                "Choose another annotation as the target (] and [, or a click).",
            ));
            return;
        }
        let Some(kinds) = self.with_doc(|doc| {
            let label = |k: &Key| {
                doc.annotation(k)
                    .map(|a| a.label.clone())
                    .unwrap_or_default()
            };
            let (from, to) = (label(&source), label(&target));
            let kinds: Vec<(String, String)> =
                editing::relation_types_between(doc.scheme(), &from, &to)
                    .into_iter()
                    .map(|t| (t.id.clone(), t.name.clone()))
                    .collect();
            (kinds, label_name(doc, &from), label_name(doc, &to))
        }) else {
            return;
        };
        let (kinds, from, to) = kinds;
        match kinds.as_slice() {
            [] => {
                self.message = Some(Message::error(format!(
                    "No relation type of the scheme links {from} to {to}. Pick another target, or press Escape."
                )));
            }
            [(kind, _)] => {
                let kind = kind.clone();
                self.link(&source, &target, &kind, id, now);
            }
            _ => {
                self.editor.dialog = Some(Dialog::RelationType(PendingLink {
                    source,
                    target,
                    kinds,
                }));
            }
        }
    }

    fn link(&mut self, source: &Key, target: &Key, kind: &str, id: String, now: Timestamp) {
        let edit = self.with_doc(|doc| editing::link(doc, source, target, kind, id, now));
        if let Some(edit) = edit {
            if self.apply_or_report(edit) {
                self.editor.linking = None;
                self.selected = Some(source.clone());
                self.message = None;
            }
        }
    }

    fn apply_scheme(
        &mut self,
        result: Result<(Edit, Conformed), scholia_core::Error>,
        note: String,
    ) {
        match result {
            Ok((edit, done)) => {
                if self.apply_or_report(Ok(edit)) {
                    let mut text = note;
                    if !done.is_empty() {
                        text.push_str(&format!(
                            " Removed {} that no longer fit the scheme (Undo brings them back).",
                            done.describe()
                        ));
                    }
                    self.message = (!text.trim().is_empty()).then(|| Message::info(text.trim()));
                    self.forget_missing();
                    let scheme = self.scheme();
                    self.editor
                        .filter
                        .labels
                        .retain(|l| scheme.label(l).is_some());
                }
            }
            Err(error) => self.message = Some(Message::error(error.to_string())),
        }
    }

    fn annotate_all(&mut self, label: String, id_seed: String, now: Timestamp) {
        let hits = self.editor.search.hits.clone();
        if hits.is_empty() {
            self.message = Some(Message::info("Search for something first."));
            return;
        }
        let layer = self.annotator.clone();
        let Some((edit, count, name)) = self.with_doc(|doc| {
            let mut n = 0;
            let (edit, count) = editing::annotate_all(
                doc,
                &hits,
                &label,
                &layer,
                || {
                    n += 1;
                    format!("{id_seed}-{n}")
                },
                now,
            );
            (edit, count, label_name(doc, &label))
        }) else {
            return;
        };
        if self.apply_or_report(Ok(edit)) {
            let mut text = format!(
                "Added {} as {name}.",
                plural(count.added, "annotation", "annotations")
            );
            if count.skipped > 0 {
                text.push_str(&format!(
                    " Skipped {} already annotated as {name}.",
                    plural(count.skipped, "occurrence", "occurrences")
                ));
            }
            self.message = Some(Message::info(text));
        }
    }

    /// Selects the next or previous listed annotation (with the selected
    /// one's label, if `same_label`), wrapping around, and reveals it.
    fn jump(&mut self, forward: bool, same_label: bool) {
        let listed = self.listed();
        let label_of = |key: &Key| {
            self.with_doc(|doc| doc.annotation(key).map(|a| a.label.clone()))
                .flatten()
        };
        let current_label = self.selected.as_ref().and_then(label_of);
        let candidates: Vec<Key> = match (&current_label, same_label) {
            (Some(label), true) => listed
                .into_iter()
                .filter(|k| label_of(k).as_ref() == Some(label))
                .collect(),
            _ => listed,
        };
        if candidates.is_empty() {
            return;
        }
        let n = candidates.len();
        let position = self
            .selected
            .as_ref()
            .and_then(|s| candidates.iter().position(|k| k == s));
        let next = match position {
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            None if forward => 0,
            None => n - 1,
        };
        let key = candidates[next].clone();
        let nonce = self.reveal.as_ref().map_or(0, |(_, n)| n + 1);
        self.selected = Some(key.clone());
        self.reveal = Some((key, nonce));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Action, DEFAULT_ANNOTATOR};
    use scholia_core::{Document, Scheme};
    use yew::Reducible;

    const TEXT: &str = "Edi Rama said Iran attacked Albania. Rama said so twice.";

    #[test]
    fn label_usage_counts_each_label_with_few_labels_and_with_many() {
        for extra in [0, 20] {
            let mut scheme = Scheme::default_scheme();
            for i in 0..extra {
                scheme.ensure_label(&format!("extra-{i}"));
            }
            let mut doc = AnnotatedDocument::new(Document::new("d", TEXT), scheme);
            for (i, label) in ["actor", "claim", "actor", "extra-3"].iter().enumerate() {
                let a = scholia_core::Annotation::new(
                    Key::new("me", format!("a{i}")),
                    *label,
                    scholia_core::Fragment::new(i, i + 1),
                    scholia_core::Timestamp(0),
                );
                let _ = doc.apply(scholia_core::Edit::AddAnnotation(a));
            }
            let usage = label_usage(&doc);
            assert_eq!(usage.len(), 3 + extra);
            assert_eq!(uses(&usage, "actor"), 2);
            assert_eq!(uses(&usage, "claim"), 1);
            assert_eq!(uses(&usage, "event"), 0);
            assert_eq!(uses(&usage, "extra-3"), usize::from(extra > 0));
        }
    }

    fn open() -> Rc<Store> {
        let doc = AnnotatedDocument::new(Document::new("d", TEXT), Scheme::default_scheme());
        Rc::new(Store::default()).reduce(Action::Open(doc))
    }

    fn cp(word: &str, nth: usize) -> (usize, usize) {
        let byte = TEXT.match_indices(word).nth(nth).unwrap().0;
        let start = TEXT[..byte].chars().count();
        (start, start + word.chars().count())
    }

    fn tag(store: Rc<Store>, word: &str, label: &str, id: &str) -> Rc<Store> {
        store
            .reduce(Action::SetSelection(Some(cp(word, 0))))
            .reduce(Action::Tag {
                label: label.into(),
                id: id.into(),
                now: Timestamp(1),
            })
    }

    fn run(store: Rc<Store>, command: Command) -> Rc<Store> {
        store.reduce(Action::Editor(command))
    }

    fn key(id: &str) -> Key {
        Key::new(DEFAULT_ANNOTATOR, id)
    }

    fn quotes(store: &Store) -> Vec<(String, String)> {
        let w = store.workspace.as_ref().unwrap().borrow();
        w.doc
            .annotations_in_document_order()
            .into_iter()
            .map(|a| (a.label.to_string(), w.doc.quotes(a).join("|")))
            .collect()
    }

    fn n_relations(store: &Store) -> usize {
        store
            .workspace
            .as_ref()
            .unwrap()
            .borrow()
            .doc
            .relations()
            .len()
    }

    #[test]
    fn a_label_key_without_selected_text_relabels_the_selected_annotation() {
        let store = tag(open(), "Edi Rama", "actor", "a");
        assert_eq!(store.selected, Some(key("a")));
        let store = store.reduce(Action::Tag {
            label: "claim".into(),
            id: "b".into(),
            now: Timestamp(2),
        });
        assert_eq!(quotes(&store), [("claim".into(), "Edi Rama".into())]);
        let store = store.reduce(Action::Undo);
        assert_eq!(quotes(&store), [("actor".into(), "Edi Rama".into())]);
    }

    #[test]
    fn linking_by_pick_and_by_keyboard() {
        let store = tag(open(), "Edi Rama", "actor", "rama");
        let store = tag(store, "Iran attacked Albania", "claim", "claim");
        let store = tag(store, "attacked", "event", "attack");
        // Claim → actor: one type fits, so a pick links at once.
        let store = run(
            store,
            Command::Pick {
                key: Some(key("claim")),
                id: "x".into(),
                now: Timestamp(3),
            },
        );
        let store = run(store, Command::StartLink);
        assert_eq!(store.editor.linking, Some(key("claim")));
        let store = run(
            store,
            Command::Pick {
                key: Some(key("rama")),
                id: "r1".into(),
                now: Timestamp(3),
            },
        );
        assert_eq!(n_relations(&store), 1);
        assert_eq!(store.editor.linking, None);
        assert_eq!(store.selected, Some(key("claim")));
        // Event → actor: nothing fits; linking goes on and says why.
        let store = run(
            store,
            Command::Pick {
                key: Some(key("attack")),
                id: "-".into(),
                now: Timestamp(3),
            },
        );
        let store = run(store, Command::StartLink);
        let store = run(
            store,
            Command::Pick {
                key: Some(key("rama")),
                id: "r2".into(),
                now: Timestamp(3),
            },
        );
        assert!(store
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("No relation type of the scheme links Event to Actor"));
        assert!(store.editor.linking.is_some());
        // By keyboard: jump to the claim, Enter.
        let mut store = store;
        while store.selected != Some(key("claim")) {
            store = run(
                store,
                Command::Jump {
                    forward: true,
                    same_label: false,
                },
            );
        }
        let store = run(
            store,
            Command::ConfirmLink {
                id: "r3".into(),
                now: Timestamp(4),
            },
        );
        assert!(store
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("links Event to Claim"));
        let store = run(store, Command::CancelLink);
        assert_eq!(store.editor.linking, None);

        // Deleting the claim takes its relation; undo restores both.
        let store = run(store, Command::Delete(vec![key("claim")]));
        assert_eq!((quotes(&store).len(), n_relations(&store)), (2, 0));
        let store = store.reduce(Action::Undo);
        assert_eq!((quotes(&store).len(), n_relations(&store)), (3, 1));
    }

    #[test]
    fn several_fitting_types_ask_which() {
        let store = open();
        let mut scheme = store.scheme();
        let kind = scheme.add_relation_type("contradicts");
        scheme.add_relation_type("supports");
        let store = run(store, Command::SetScheme(scheme));
        let store = tag(store, "Iran attacked Albania", "claim", "c1");
        let store = tag(store, "Rama said so twice", "claim", "c2");
        let store = run(
            store,
            Command::Pick {
                key: Some(key("c1")),
                id: "-".into(),
                now: Timestamp(1),
            },
        );
        let store = run(store, Command::StartLink);
        let store = run(
            store,
            Command::Pick {
                key: Some(key("c2")),
                id: "r".into(),
                now: Timestamp(1),
            },
        );
        let Some(Dialog::RelationType(pending)) = &store.editor.dialog else {
            panic!("a choice of types: {:?}", store.editor.dialog);
        };
        // Claim → claim: the two new types (any labels); "about" wants an event.
        assert_eq!(
            pending.kinds,
            [
                (kind.clone(), "contradicts".into()),
                ("supports".into(), "supports".into())
            ]
        );
        let store = run(
            store,
            Command::ChooseRelationType {
                kind,
                id: "r".into(),
                now: Timestamp(1),
            },
        );
        assert_eq!(n_relations(&store), 1);
    }

    #[test]
    fn keys_resize_and_fragments_come_from_the_selection() {
        let store = tag(open(), "Rama", "actor", "a");
        let store = run(
            store,
            Command::MoveEnd {
                end: SpanEnd::Start,
                forward: false,
                now: Timestamp(2),
            },
        );
        let store = run(
            store,
            Command::MoveEnd {
                end: SpanEnd::End,
                forward: true,
                now: Timestamp(2),
            },
        );
        assert_eq!(quotes(&store)[0].1, "Edi Rama said");
        let store = store.reduce(Action::SetSelection(Some(cp("said", 0))));
        let store = run(store, Command::CutSelection { now: Timestamp(3) });
        assert_eq!(quotes(&store)[0].1, "Edi Rama");
        let store = store.reduce(Action::SetSelection(Some(cp("Albania", 0))));
        let store = run(store, Command::AddSelection { now: Timestamp(3) });
        assert_eq!(quotes(&store)[0].1, "Edi Rama|Albania");
        let store = run(
            store,
            Command::RemoveFragment {
                key: key("a"),
                index: 0,
                now: Timestamp(4),
            },
        );
        assert_eq!(quotes(&store)[0].1, "Albania");
        let store = run(
            store,
            Command::SetExtent {
                key: key("a"),
                start: cp("Iran", 0).0,
                end: cp("Albania", 0).1,
                now: Timestamp(5),
            },
        );
        assert_eq!(quotes(&store)[0].1, "Iran attacked Albania");
        // Each was one step.
        let mut store = store;
        for _ in 0..6 {
            store = store.reduce(Action::Undo);
        }
        assert_eq!(quotes(&store)[0].1, "Rama");
    }

    #[test]
    fn notes_and_attributes_are_steps_too() {
        let store = tag(open(), "Iran attacked Albania", "claim", "c");
        let store = run(
            store,
            Command::SetNote {
                key: key("c"),
                note: "check <b>this</b>".into(),
                now: Timestamp(2),
            },
        );
        let revision = store.revision;
        let store = run(
            store,
            Command::SetNote {
                key: key("c"),
                note: "check <b>this</b>".into(),
                now: Timestamp(3),
            },
        );
        assert_eq!(store.revision, revision, "an unchanged note is no step");
        let store = run(
            store,
            Command::SetAttribute {
                key: key("c"),
                attribute: "status".into(),
                value: Some(AttributeValue::Text("disputed".into())),
                now: Timestamp(4),
            },
        );
        let store = run(
            store,
            Command::SetAttribute {
                key: key("c"),
                attribute: "negated".into(),
                value: Some(AttributeValue::Flag(true)),
                now: Timestamp(4),
            },
        );
        assert!(
            store.message.as_ref().unwrap().is_error,
            "negated is for events"
        );
        let read = |store: &Store| {
            let w = store.workspace.as_ref().unwrap().borrow();
            let a = w.doc.annotation(&key("c")).unwrap().clone();
            (a.note, a.attributes.len())
        };
        assert_eq!(read(&store), ("check <b>this</b>".into(), 1));
        let store = store.reduce(Action::Undo);
        assert_eq!(read(&store), ("check <b>this</b>".into(), 0));
        let store = store.reduce(Action::Undo);
        assert_eq!(read(&store), (String::new(), 0));
    }

    #[test]
    fn annotate_all_is_one_step_and_says_what_it_did() {
        let store = tag(open(), "Rama", "actor", "first");
        let hits: Vec<Range<usize>> = (0..2).map(|i| cp("Rama", i)).map(|(s, e)| s..e).collect();
        let store = run(
            store,
            Command::Search(SearchState {
                query: "Rama".into(),
                hits: Rc::new(hits),
                ..Default::default()
            }),
        );
        let store = run(
            store,
            Command::AnnotateAll {
                label: "actor".into(),
                id_seed: "s".into(),
                now: Timestamp(2),
            },
        );
        assert_eq!(
            store.message.as_ref().unwrap().text,
            "Added 1 annotation as Actor. Skipped 1 occurrence already annotated as Actor."
        );
        assert_eq!(quotes(&store).len(), 2);
        let store = store.reduce(Action::Undo);
        assert_eq!(quotes(&store).len(), 1);
        // Stepping through hits asks the document to select them.
        let store = run(store, Command::StepHit { forward: false });
        assert_eq!(store.editor.select_text.as_ref().unwrap().0, {
            let (s, e) = cp("Rama", 1);
            s..e
        });
    }

    #[test]
    fn filters_bulk_edits_and_jumps() {
        let store = tag(open(), "Edi Rama", "actor", "a1");
        let store = tag(store, "Iran", "actor", "a2");
        let store = tag(store, "attacked", "event", "e1");
        let store = tag(store, "Albania", "actor", "a3");
        let store = run(store, Command::ToggleFilterLabel("actor".into()));
        assert_eq!(store.listed(), [key("a1"), key("a2"), key("a3")]);
        let store = run(store, Command::SetFilterText("ran".into()));
        assert_eq!(store.listed(), [key("a2")]);
        let store = run(store, Command::ClearFilter);
        // Jumps by label skip the event.
        let store = run(
            store,
            Command::Pick {
                key: Some(key("a2")),
                id: "-".into(),
                now: Timestamp(0),
            },
        );
        let store = run(
            store,
            Command::Jump {
                forward: true,
                same_label: true,
            },
        );
        assert_eq!(store.selected, Some(key("a3")));
        let store = run(
            store,
            Command::Jump {
                forward: true,
                same_label: true,
            },
        );
        assert_eq!(store.selected, Some(key("a1")), "wraps around");
        let store = run(
            store,
            Command::Jump {
                forward: false,
                same_label: false,
            },
        );
        assert_eq!(store.selected, Some(key("a3")));
        // Bulk relabel and delete, one step each.
        let store = run(store, Command::SetChecked(vec![key("a1"), key("a2")]));
        let store = run(
            store,
            Command::Relabel {
                keys: vec![key("a1"), key("a2")],
                label: "claim".into(),
                now: Timestamp(2),
            },
        );
        assert_eq!(
            store.message.as_ref().unwrap().text,
            "Relabelled 2 annotations as Claim."
        );
        let store = run(
            store,
            Command::Delete(vec![key("a1"), key("a2"), key("e1")]),
        );
        assert_eq!(quotes(&store), [("actor".into(), "Albania".into())]);
        assert!(store.editor.checked.is_empty());
        let store = store.reduce(Action::Undo);
        assert_eq!(quotes(&store).len(), 4);
        let store = store.reduce(Action::Undo);
        assert!(quotes(&store).iter().all(|(l, _)| l != "claim"));
    }

    #[test]
    fn scheme_editor_changes_apply_to_the_scheme_as_it_is_then() {
        use crate::scheme_change::{Change, Field};
        // Two changes sent before the editor saw the first one's result.
        let store = run(
            open(),
            Command::ChangeScheme(Change::Set(Field::LabelDescription, 0, "Who acts.".into())),
        );
        let store = run(
            store,
            Command::ChangeScheme(Change::Set(Field::LabelColor, 0, "#102030".into())),
        );
        let label = store.scheme().labels[0].clone();
        assert_eq!(
            (label.description.as_str(), label.color.to_string()),
            ("Who acts.", "#102030".to_string())
        );
        // A hotkey the app uses itself, or another label's, is refused.
        let store = run(
            store,
            Command::ChangeScheme(Change::Set(Field::LabelHotkey, 1, "a".into())),
        );
        assert_eq!(
            store.message.as_ref().unwrap().text,
            "The hotkey of Event cannot be “a”: “a” already tags as “Actor”."
        );
        let store = run(
            store,
            Command::ChangeScheme(Change::Set(Field::LabelName, 1, " ".into())),
        );
        assert_eq!(
            store.message.as_ref().unwrap().text,
            "A label needs a name."
        );
        assert_eq!(store.scheme().labels[1].hotkey.as_deref(), Some("e"));
        let store = store.reduce(Action::Undo).reduce(Action::Undo);
        assert_eq!(store.scheme(), Scheme::default_scheme());
    }

    #[test]
    fn scheme_changes_are_steps_and_report_what_they_removed() {
        let store = tag(open(), "Edi Rama", "actor", "a1");
        let store = run(store, Command::ToggleFilterLabel("actor".into()));
        let mut scheme = store.scheme();
        scheme.remove_label("actor");
        let store = run(store, Command::SetScheme(scheme));
        assert!(quotes(&store).is_empty());
        assert!(store.editor.filter.labels.is_empty());
        assert!(store
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("Removed 1 annotation"));
        let store = store.reduce(Action::Undo);
        assert_eq!(quotes(&store).len(), 1);
        // Adopting a file's scheme keeps the labels in use.
        let mut incoming = Scheme::default();
        incoming.add_label("Person");
        let store = run(
            store,
            Command::AdoptScheme {
                scheme: incoming,
                file_name: "team.scheme.json".into(),
            },
        );
        assert_eq!(
            store.message.as_ref().unwrap().text,
            "The scheme from team.scheme.json is in use. Kept because annotations use them: Actor."
        );
        let names: Vec<String> = store
            .scheme()
            .labels
            .iter()
            .map(|l| l.name.clone())
            .collect();
        assert_eq!(names, ["Person", "Actor"]);
    }
}
