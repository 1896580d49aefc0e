//! The text search: its query and hits (run by the search bar), stepping
//! through the hits, and tagging every hit at once.

use scholia_core::suggest::matcher::whole_words;
use scholia_core::{editing, Snap, Timestamp};

use crate::state::editor::SearchState;
use crate::state::{label_name, Message, Store};
use crate::words::plural;

pub enum SearchCommand {
    Search(SearchState),
    /// Selects the next (or previous) search hit in the document.
    StepHit {
        forward: bool,
    },
    /// Annotates every search hit with a label (one step), in the layer
    /// tagging writes to; with "Snap to words" on, only hits that are whole
    /// words. Ids are `{id_seed}-{n}`.
    AnnotateAll {
        label: String,
        id_seed: String,
        now: Timestamp,
    },
}

impl Store {
    pub(crate) fn search_command(&mut self, command: SearchCommand) {
        match command {
            SearchCommand::Search(search) => self.editor.search = search,
            SearchCommand::StepHit { forward } => {
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
                let hit = self.editor.search.hits[next].clone();
                self.select_text(Some((hit.start, hit.end)), true);
            }
            SearchCommand::AnnotateAll {
                label,
                id_seed,
                now,
            } => self.annotate_all(label, id_seed, now),
        }
    }

    fn annotate_all(&mut self, label: String, id_seed: String, now: Timestamp) {
        let hits = self.editor.search.hits.clone();
        if hits.is_empty() {
            self.message = Some(Message::info("Search for something first."));
            return;
        }
        let layer = self.new_layer();
        let words_only = self.snap == Snap::Words;
        let Some((edit, count, name, inside)) = self.with_doc(|doc| {
            // Snapping to words, a hit inside a longer word (“Iran” in
            // “Iranian”) is not a mention of it.
            let kept = if words_only {
                whole_words(doc.document().text.as_str(), &hits)
            } else {
                hits.to_vec()
            };
            let inside = hits.len() - kept.len();
            let hits = kept;
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
            (edit, count, label_name(doc, &label), inside)
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
            if inside > 0 {
                text.push_str(&format!(
                    " Left out {} inside longer words (Snap to words is on).",
                    plural(inside, "match", "matches")
                ));
            }
            self.message = Some(Message::info(text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::testing::*;
    use crate::store::{Action, ViewCommand};
    use std::ops::Range;
    use std::rc::Rc;

    #[test]
    fn annotate_all_is_one_step_and_says_what_it_did() {
        let store = tag(open(), "Rama", "actor", "first");
        let hits: Vec<Range<usize>> = (0..2).map(|i| cp("Rama", i)).map(|(s, e)| s..e).collect();
        let store = run(
            store,
            SearchCommand::Search(SearchState {
                query: "Rama".into(),
                hits: Rc::new(hits),
                ..Default::default()
            })
            .into(),
        );
        let store = run(
            store,
            SearchCommand::AnnotateAll {
                label: "actor".into(),
                id_seed: "s".into(),
                now: Timestamp(2),
            }
            .into(),
        );
        assert_eq!(
            store.message.as_ref().unwrap().text,
            "Added 1 annotation as Actor. Skipped 1 occurrence already annotated as Actor."
        );
        assert_eq!(quotes(&store).len(), 2);
        let store = store.reduce(Action::Undo);
        assert_eq!(quotes(&store).len(), 1);
        // Stepping through hits asks the document to select them.
        let store = run(store, SearchCommand::StepHit { forward: false }.into());
        assert_eq!(store.selection, Some(cp("Rama", 1)));
        assert!(store.selection_request.scroll, "the hit is scrolled to");
    }

    #[test]
    fn annotate_all_tags_whole_words_only_while_snapping_to_words() {
        let text = "Iran met Tirana. Iranian ships left Iran.";
        let store = open_text(text);
        let found: Vec<Range<usize>> = text
            .match_indices("Iran")
            .map(|(b, _)| {
                let s = text[..b].chars().count();
                s..s + 4
            })
            .collect();
        assert_eq!(found.len(), 3, "Iran, the Iran of Iranian, Iran");
        let search = SearchState {
            query: "Iran".into(),
            hits: Rc::new(found),
            ..Default::default()
        };
        let annotate = || {
            Action::from(SearchCommand::AnnotateAll {
                label: "actor".into(),
                id_seed: "s".into(),
                now: Timestamp(2),
            })
        };
        let store = run(store, SearchCommand::Search(search.clone()).into());
        let store = run(store, annotate());
        assert_eq!(
            store.message.as_ref().unwrap().text,
            "Added 2 annotations as Actor. Left out 1 match inside longer words (Snap to words is on)."
        );
        let tagged: Vec<String> = quotes(&store).into_iter().map(|(_, q)| q).collect();
        assert_eq!(tagged, ["Iran", "Iran"]);

        // Snapping to characters, every hit is tagged, as before.
        let store = run(store, Action::Undo);
        let store = run(store, ViewCommand::SetSnap(Snap::Graphemes).into());
        let store = run(store, annotate());
        assert_eq!(
            store.message.as_ref().unwrap().text,
            "Added 3 annotations as Actor."
        );
    }
}
