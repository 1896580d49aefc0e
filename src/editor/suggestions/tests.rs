//! The suggestions' reducer, driven as the app drives it.

use super::*;
use crate::editor::testing::*;
use crate::store::{Action, SpanCommand};

fn step(store: std::rc::Rc<Store>, forward: bool) -> std::rc::Rc<Store> {
    run(store, SuggestCommand::Step { forward }.into())
}

fn accept(store: std::rc::Rc<Store>, id: &str) -> std::rc::Rc<Store> {
    run(
        store,
        SuggestCommand::Accept {
            id: id.into(),
            now: Timestamp(2),
        }
        .into(),
    )
}

/// A term list or pattern file read as the app reads one: compiled by the
/// worker's code (`scholia_worker::terms`).
fn read_list(name: &str, text: &str) -> Result<LoadedTerms, String> {
    let list = LoadedTerms::new(name, "actor", text.into(), 0, Vec::new());
    let compiled = scholia_worker::terms::Lists::default().compile(&list.spec(), text)?;
    Ok(LoadedTerms {
        entries: compiled.entries,
        labels: compiled.labels,
        ..list
    })
}

fn load(store: std::rc::Rc<Store>, name: &str, text: &str) -> std::rc::Rc<Store> {
    matched(run(
        store,
        SuggestCommand::LoadTerms(read_list(name, text)).into(),
    ))
}

/// Whether the store has the matches of the lists it wants (the root asks
/// the worker only when it does not).
fn matches_current(store: &Store) -> bool {
    let w = store.workspace.as_ref().unwrap().borrow();
    store.editor.suggestions.terms_found_for(&w.doc).is_some()
}

fn spans(store: &Store) -> Vec<(usize, usize)> {
    store
        .suggestions()
        .iter()
        .map(|s| (s.fragments[0].start, s.fragments[0].end))
        .collect()
}

#[test]
fn a_tagged_mention_proposes_its_repeats_which_accept_and_reject_by_step() {
    let store = tag(open(), "Rama", "actor", "a1");
    assert_eq!(spans(&store), [cp("Rama", 1)]);
    let store = step(store, true);
    assert_eq!(store.selection, Some(cp("Rama", 1)));
    let store = accept(store, "a2");
    assert_eq!(
        quotes(&store),
        [
            ("actor".into(), "Rama".into()),
            ("actor".into(), "Rama".into())
        ]
    );
    assert!(store.suggestions().is_empty());
    // One undo step: the suggestion is back.
    let store = run(store, Action::Undo);
    assert_eq!(spans(&store), [cp("Rama", 1)]);
    let store = step(store, true);
    let store = run(store, SuggestCommand::Reject.into());
    assert!(store.suggestions().is_empty());
    assert_eq!(store.editor.suggestions.decisions.len(), 1);
    // Undo takes the rejection back before touching the document.
    let store = run(store, Action::Undo);
    assert_eq!(spans(&store), [cp("Rama", 1)]);
    assert_eq!(quotes(&store).len(), 1);
    assert_eq!(store.editor.suggestions.decisions.len(), 0);
    assert_eq!(store.suggestions().len(), 1);
    // Redo rejects it again, before touching the document.
    let store = run(store, Action::Redo);
    assert!(store.suggestions().is_empty());
    assert_eq!(store.editor.suggestions.decisions.len(), 1);
    assert_eq!(quotes(&store).len(), 1);
    // Undo, then an edit: redo no longer brings the rejection back.
    let store = run(store, Action::Undo);
    assert_eq!(store.suggestions().len(), 1);
    let store = accept(store, "a3");
    assert_eq!(quotes(&store).len(), 2);
    let store = run(store, Action::Undo);
    let store = run(store, Action::Redo);
    assert_eq!(quotes(&store).len(), 2);
    assert_eq!(store.editor.suggestions.decisions.len(), 0);
}

#[test]
fn an_edit_does_not_match_the_term_lists_again_but_what_it_tags_is_no_longer_proposed() {
    let store = run(
        open(),
        SuggestCommand::LoadTerms(read_list("places.tsv", "Albania\nIran\tevent\n")).into(),
    );
    // Until the worker has answered, the list proposes nothing.
    assert!(!matches_current(&store));
    assert!(store.suggestions().is_empty());
    let store = matched(store);
    let before = store.editor.suggestions.terms_found.clone().unwrap().1;
    assert_eq!(store.suggestions().len(), 2);
    // Albania made a claim: no longer proposed as an actor; the matches
    // are those found before the edit, not asked for again.
    let store = tag(store, "Albania", "claim", "a1");
    assert!(matches_current(&store));
    let after = store.editor.suggestions.terms_found.clone().unwrap().1;
    assert!(Rc::ptr_eq(&before, &after));
    let labels: Vec<String> = store
        .suggestions()
        .iter()
        .map(|s| s.label.clone())
        .collect();
    assert_eq!(labels, ["event"]);
    // The term source off: nothing wanted, nothing proposed; on again,
    // the matches held are those wanted.
    let off = SuggestCommand::SetSource {
        source: Source::Terms,
        on: false,
    };
    let store = run(store, off.into());
    assert!(store.suggestions().is_empty());
    let on = SuggestCommand::SetSource {
        source: Source::Terms,
        on: true,
    };
    let store = run(store, on.into());
    assert!(matches_current(&store));
    assert_eq!(store.suggestions().len(), 1);
}

#[test]
fn a_term_list_proposes_its_terms_and_a_bad_line_is_named() {
    let store = load(open(), "places.tsv", "Albania\nIran\tevent\n");
    let found: Vec<(String, (usize, usize))> = store
        .suggestions()
        .iter()
        .map(|s| (s.label.clone(), (s.fragments[0].start, s.fragments[0].end)))
        .collect();
    assert_eq!(
        found,
        [
            ("event".to_string(), cp("Iran", 0)),
            ("actor".to_string(), cp("Albania", 0))
        ]
    );
    let bad = read_list(
        "p.jsonl",
        "{\"label\": \"actor\", \"pattern\": [{\"POS\": \"NOUN\"}]}\n",
    )
    .unwrap_err();
    assert!(
        bad.contains("p.jsonl") && bad.contains("line 1") && bad.contains("POS"),
        "{bad}"
    );
    // Refused, it changes nothing and says why.
    let store = run(store, SuggestCommand::LoadTerms(Err(bad.clone())).into());
    assert_eq!(store.editor.suggestions.terms.len(), 1);
    assert_eq!(store.suggestions().len(), 2);
    assert!(store.message.as_ref().unwrap().text.contains("p.jsonl"));
}

#[test]
fn several_term_lists_propose_together_each_on_or_off_and_one_is_removed() {
    let labels = |store: &Store| -> Vec<(String, (usize, usize))> {
        store
            .suggestions()
            .iter()
            .map(|s| (s.label.clone(), (s.fragments[0].start, s.fragments[0].end)))
            .collect()
    };
    let store = load(open(), "places.tsv", "Albania\n");
    let store = load(store, "events.tsv", "Iran\tevent\n");
    assert_eq!(
        labels(&store),
        [
            ("event".to_string(), cp("Iran", 0)),
            ("actor".to_string(), cp("Albania", 0))
        ]
    );
    // Loaded again under its name, a list takes the old one's place.
    let store = load(store, "places.tsv", "Albania\tevent\n");
    let names: Vec<&str> = (store.editor.suggestions.terms.iter())
        .map(|t| t.loaded.name.as_str())
        .collect();
    assert_eq!(names, ["places.tsv", "events.tsv"]);
    assert_eq!(labels(&store)[1], ("event".to_string(), cp("Albania", 0)));
    let off = SuggestCommand::SetTermList {
        name: "events.tsv".into(),
        on: false,
    };
    let store = matched(run(store, off.into()));
    assert_eq!(labels(&store), [("event".to_string(), cp("Albania", 0))]);
    let store = run(
        store,
        SuggestCommand::RemoveTerms("places.tsv".into()).into(),
    );
    assert!(store.suggestions().is_empty());
    assert_eq!(store.editor.suggestions.terms.len(), 1);
    // The lists kept from an earlier visit go first; one loaded since wins.
    let kept = |name: &str, text: &str| crate::state::suggestions::TermList {
        loaded: read_list(name, text).unwrap(),
        on: true,
    };
    let restored = vec![kept("events.tsv", "Rama\n"), kept("old.tsv", "Rama\n")];
    let store = run(store, SuggestCommand::RestoreTerms(restored).into());
    let names: Vec<(&str, bool)> = (store.editor.suggestions.terms.iter())
        .map(|t| (t.loaded.name.as_str(), t.on))
        .collect();
    assert_eq!(names, [("old.tsv", true), ("events.tsv", false)]);
}

#[test]
fn accept_all_is_one_step_and_respects_the_minimum_confidence() {
    let store = tag(open(), "Rama", "actor", "a1");
    let store = tag(store, "Iran", "event", "a2");
    let store = run(store, SuggestCommand::SetMinConfidence(50).into());
    let store = run(
        store,
        SuggestCommand::AcceptAll {
            id_seed: "s".into(),
            now: Timestamp(3),
        }
        .into(),
    );
    assert_eq!(quotes(&store).len(), 3);
    let store = run(store, Action::Undo);
    assert_eq!(quotes(&store).len(), 2);
    assert_eq!(spans(&store), [cp("Rama", 1)]);
}

#[test]
fn repeats_ignore_case_unless_asked_to_match_it() {
    let text = "Rama met RAMA and rama.";
    let quote = |store: &Store| -> Vec<String> {
        store
            .suggestions()
            .iter()
            .map(|s| text.chars().skip(s.fragments[0].start).take(4).collect())
            .collect()
    };
    let store = tag_at(open_text(text), (0, 4), "actor", "a1");
    assert_eq!(quote(&store), ["RAMA", "rama"]);
    let store = run(store, SuggestCommand::SetMatchCase(true).into());
    assert!(store.suggestions().is_empty());
    // Kept when another document opens.
    assert!(store.editor.suggestions.for_new_document().match_case);
}

#[test]
fn mentions_tagged_in_other_documents_propose_their_repeats_here() {
    use scholia_core::suggest::repeats::Mention;
    let store = run(
        open(),
        SuggestCommand::LibraryMentions {
            doc_id: "d".into(),
            mentions: vec![Mention {
                text: "Albania".into(),
                label: "actor".into(),
            }],
        }
        .into(),
    );
    let found: Vec<((usize, usize), String)> = store
        .suggestions()
        .iter()
        .map(|s| ((s.fragments[0].start, s.fragments[0].end), s.label.clone()))
        .collect();
    assert_eq!(found, [(cp("Albania", 0), "actor".to_string())]);
    // For another document: not taken.
    let other = run(
        open(),
        SuggestCommand::LibraryMentions {
            doc_id: "elsewhere".into(),
            mentions: vec![Mention {
                text: "Albania".into(),
                label: "actor".into(),
            }],
        }
        .into(),
    );
    assert!(other.suggestions().is_empty());
}

#[test]
fn predictions_are_proposed_unless_annotated_decided_or_off() {
    use scholia_core::Fragment;
    let store = tag(open(), "Rama", "actor", "a1");
    let prediction = |word: &str, confidence| Suggestion {
        fragments: {
            let (s, e) = cp(word, 0);
            vec![Fragment::new(s, e)]
        },
        label: "actor".into(),
        source: Source::Imported,
        confidence,
        id: None,
    };
    let store = run(
        store,
        SuggestCommand::SetSource {
            source: Source::Repeats,
            on: false,
        }
        .into(),
    );
    let store = run(
        store,
        SuggestCommand::PredictionsLoaded {
            doc_id: "d".into(),
            predictions: vec![prediction("Rama", 1.0), prediction("Albania", 0.4)],
        }
        .into(),
    );
    // The annotated one is not proposed; the other, with its confidence.
    let listed: Vec<(Source, u32)> = store
        .suggestions()
        .iter()
        .map(|s| (s.source, crate::state::suggestions::percent(s.confidence)))
        .collect();
    assert_eq!(listed, [(Source::Imported, 40)]);
    let store = run(store, SuggestCommand::SetMinConfidence(50).into());
    assert!(store.suggestions().is_empty());
    let store = run(store, SuggestCommand::SetMinConfidence(0).into());
    let store = run(
        store,
        SuggestCommand::SetSource {
            source: Source::Imported,
            on: false,
        }
        .into(),
    );
    assert!(store.suggestions().is_empty());
}

#[test]
fn rejected_suggestions_stay_rejected_and_sources_turn_off() {
    let store = tag(open(), "Rama", "actor", "a1");
    let store = step(store, false);
    let store = run(store, SuggestCommand::Reject.into());
    let decisions = store.editor.suggestions.decisions.clone();
    // Reopened with its stored decisions: still not proposed.
    let reopened = tag(open(), "Rama", "actor", "a1");
    let reopened = run(
        reopened,
        SuggestCommand::Loaded {
            doc_id: "d".into(),
            decisions,
        }
        .into(),
    );
    assert!(reopened.suggestions().is_empty());
    let store = tag(open(), "Rama", "actor", "a1");
    let store = run(
        store,
        SuggestCommand::SetSource {
            source: Source::Repeats,
            on: false,
        }
        .into(),
    );
    assert!(store.suggestions().is_empty());
}

#[test]
fn stepping_reuses_the_list_and_a_decision_lists_them_again() {
    let store = tag(open(), "Rama", "actor", "a1");
    let store = tag(store, "Iran", "event", "a2");
    let before = store.suggestions();
    let store = step(store, true);
    let store = step(store, true);
    // Stepping changes only the suggestion stepped to: the same list.
    assert!(Rc::ptr_eq(&before, &store.suggestions()));
    let store = run(store, SuggestCommand::Reject.into());
    assert!(!Rc::ptr_eq(&before, &store.suggestions()));
    assert_eq!(store.suggestions().len(), before.len() - 1);
    let store = run(store, SuggestCommand::SetMinConfidence(10).into());
    assert_eq!(store.suggestions().len(), before.len() - 1);
}

fn tagged(word: &str, label: &str, confidence: f64) -> Suggestion {
    let (start, end) = cp(word, 0);
    Suggestion {
        fragments: vec![scholia_core::Fragment::new(start, end)],
        label: label.into(),
        source: Source::Tagger,
        confidence,
        id: None,
    }
}

#[test]
fn the_taggers_suggestions_are_filtered_stepped_by_doubt_and_switched_off() {
    let found = vec![
        tagged("Edi", "actor", 0.9),
        tagged("Iran", "actor", 0.45),
        tagged("Albania", "actor", 0.7),
        tagged("attacked", "event", 0.58),
    ];
    let store = run(
        open(),
        SuggestCommand::TaggerFound {
            doc_id: "d".into(),
            found,
        }
        .into(),
    );
    assert_eq!(store.suggestions().len(), 4);
    // Tagging a span leaves its suggestion out, without asking again.
    let store = tag(store, "Albania", "actor", "a1");
    assert_eq!(store.suggestions().len(), 3);
    // Next most uncertain: nearest one half first, then the next.
    let store = run(store, SuggestCommand::NextUncertain.into());
    assert_eq!(store.selection, Some(cp("Iran", 0)));
    let store = run(store, SuggestCommand::NextUncertain.into());
    assert_eq!(store.selection, Some(cp("attacked", 0)));
    // Rejected, it is not visited again.
    let store = run(store, SuggestCommand::Reject.into());
    let store = run(store, SuggestCommand::NextUncertain.into());
    assert_eq!(store.selection, Some(cp("Iran", 0)));
    let store = run(store, SuggestCommand::NextUncertain.into());
    assert_eq!(store.selection, Some(cp("Edi", 0)));
    // The minimum confidence applies, then the source goes off.
    let store = run(store, SuggestCommand::SetMinConfidence(60).into());
    assert_eq!(store.suggestions().len(), 1);
    let store = run(
        store,
        SuggestCommand::SetSource {
            source: Source::Tagger,
            on: false,
        }
        .into(),
    );
    assert!(store.suggestions().is_empty());
}

#[test]
fn repeats_found_for_earlier_mentions_keep_proposing_until_the_worker_answers() {
    let store = tag(open(), "Rama", "actor", "a1");
    assert_eq!(spans(&store), [cp("Rama", 1)]);
    // "Albania" tagged: the page asks the worker for its occurrences and
    // goes on proposing Rama's repeat meanwhile (no flicker).
    let store = select(store, cp("Iran", 0));
    let tagged = SpanCommand::Tag {
        label: "actor".into(),
        id: "a2".into(),
        now: Timestamp(1),
    };
    let asked = store.reduce(tagged.into());
    let wanted = {
        let w = asked.workspace.as_ref().unwrap().borrow();
        asked
            .editor
            .suggestions
            .repeats_wanted(&w.doc)
            .map(|(_, p)| p)
    };
    assert_eq!(wanted, Some(vec!["iran".to_string(), "rama".to_string()]));
    assert_eq!(spans(&asked), [cp("Rama", 1)]);
    // Deleting a mention asks nothing: its phrase's hits go unused.
    let store = run(asked, Action::Undo);
    let w = store.workspace.as_ref().unwrap().borrow();
    assert_eq!(store.editor.suggestions.repeats_wanted(&w.doc), None);
    drop(w);
    assert_eq!(spans(&store), [cp("Rama", 1)]);
}

/// The list made again after each edit takes the repeats still proposed
/// from the list before; it must be the list made from nothing.
#[test]
fn the_list_after_an_edit_is_the_list_made_afresh_and_keeps_unchanged_repeats() {
    let text = "Rama met Basha. Rama, Basha and Rama. Basha Rama Basha Rama.";
    let fresh = |store: &Store| {
        let w = store.workspace.as_ref().unwrap().borrow();
        store.editor.suggestions.list(&w.doc)
    };
    let at = |word: &str, nth: usize| {
        let byte = text.match_indices(word).nth(nth).unwrap().0;
        let start = text[..byte].chars().count();
        (start, start + word.chars().count())
    };
    let store = tag_at(open_text(text), at("Rama", 0), "actor", "a1");
    let store = tag_at(store, at("Basha", 0), "actor", "a2");
    let before = store.suggestions();
    assert_eq!(before.len(), 7);
    assert_eq!(*before, fresh(&store));
    // Tagging one repeat: the others are the same suggestions, shared.
    let store = tag_at(store, at("Rama", 2), "actor", "a3");
    let after = store.suggestions();
    assert_eq!(*after, fresh(&store));
    assert_eq!(after.len(), 6);
    assert!(after
        .iter()
        .all(|s| before.iter().any(|b| Rc::ptr_eq(s, b))));
    // "Basha" tagged as an event too: its repeats change confidence
    // (one half each label) and gain the event's; the list is made anew.
    let store = tag_at(store, at("Basha", 1), "event", "a4");
    let list = store.suggestions();
    assert_eq!(*list, fresh(&store));
    let basha: Vec<(&str, u32)> = (list.iter())
        .filter(|s| s.fragments[0].start == at("Basha", 2).0)
        .map(|s| {
            (
                s.label.as_str(),
                crate::state::suggestions::percent(s.confidence),
            )
        })
        .collect();
    assert_eq!(basha, [("actor", 50), ("event", 50)]);
    // A minimum confidence above one half leaves Rama's alone.
    let store = run(store, SuggestCommand::SetMinConfidence(60).into());
    assert_eq!(*store.suggestions(), fresh(&store));
    assert!(store.suggestions().iter().all(|s| s.confidence == 1.0));
    let store = run(store, SuggestCommand::SetMinConfidence(0).into());
    assert_eq!(*store.suggestions(), fresh(&store));
    // Undo, undo: back to the first list, value for value.
    let store = run(run(store, Action::Undo), Action::Undo);
    assert_eq!(*store.suggestions(), *before);
}
