//! The text search: its query and hits (run by the search bar), stepping
//! through the hits, and tagging every hit at once.

use scholia_core::{editing, Timestamp};

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
    /// tagging writes to. Ids are `{id_seed}-{n}`.
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::testing::*;
    use crate::store::Action;
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
}
