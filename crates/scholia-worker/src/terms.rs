//! Term lists and pattern files off the page: read, compiled (one
//! Aho-Corasick automaton each, `scholia_core::suggest::terms`) and matched
//! in a document's text here, so that a list of 100,000 terms neither
//! freezes the page nor brings the automaton's code into its bundle. The
//! worker keeps the lists it compiled, by the id the page gives each
//! (named by its content), so that matching another document, or the same
//! one after a list is turned off, compiles nothing again.

use std::collections::BTreeSet;

use scholia_core::suggest::terms::{compile, find_in_all, TermMatcher};
use scholia_core::suggest::Suggestion;

use crate::protocol::{CompiledTerms, TermsList};

/// The lists compiled, by id, with what each holds.
#[derive(Default)]
pub struct Lists {
    compiled: Vec<(String, TermMatcher, CompiledTerms)>,
}

impl Lists {
    /// Reads and compiles `list` from its text and keeps it: what it
    /// holds, or the error naming the file, line and field.
    pub fn compile(&mut self, list: &TermsList, text: &str) -> Result<CompiledTerms, String> {
        if let Some((.., held)) = self.compiled.iter().find(|(id, ..)| *id == list.id) {
            return Ok(held.clone());
        }
        let (matcher, entries) =
            compile(&list.name, text, &list.label).map_err(|e| e.to_string())?;
        let labels = matcher.labels().into_iter().map(String::from).collect();
        let held = CompiledTerms { entries, labels };
        self.compiled.push((list.id.clone(), matcher, held.clone()));
        Ok(held)
    }

    /// The matches of `lists` in `text`, as one list (the longest wins
    /// where they overlap), with the labels they give, each once. `source(i)` is the text of the `i`th list, read
    /// only for a list not held (a megabyte-long list is not copied again
    /// for each document). The lists not named are let go.
    pub fn find(
        &mut self,
        lists: &[TermsList],
        source: impl Fn(usize) -> String,
        text: &str,
    ) -> Result<(Vec<String>, Vec<Suggestion>), String> {
        self.compiled
            .retain(|(id, ..)| lists.iter().any(|list| list.id == *id));
        for (i, list) in lists.iter().enumerate() {
            if !self.compiled.iter().any(|(id, ..)| *id == list.id) {
                self.compile(list, &source(i))?;
            }
        }
        let matchers: Vec<&TermMatcher> = lists
            .iter()
            .filter_map(|list| self.compiled.iter().find(|(id, ..)| *id == list.id))
            .map(|(_, matcher, _)| matcher)
            .collect();
        let found = find_in_all(&matchers, text);
        let labels: BTreeSet<&str> = found.iter().map(|s| s.label.as_str()).collect();
        let labels = labels.into_iter().map(String::from).collect();
        Ok((labels, found))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(id: &str, name: &str) -> TermsList {
        TermsList {
            id: id.into(),
            name: name.into(),
            label: "actor".into(),
        }
    }

    #[test]
    fn lists_compile_once_and_match_as_one_longest_first() {
        let mut lists = Lists::default();
        let places = list("1", "places.tsv");
        let patterns = list("2", "patterns.jsonl");
        let places_text = "Albania\nTirana\tevent\tQ19689\n".to_string();
        let patterns_text =
            r#"{"label": "claim", "pattern": [{"LOWER": "the"}, {"LOWER": "republic"}, {"LOWER": "of"}, {"LOWER": "albania"}]}"#
                .to_string();
        let compiled = CompiledTerms {
            entries: 2,
            labels: vec!["actor".into(), "event".into()],
        };
        assert_eq!(lists.compile(&places, &places_text), Ok(compiled.clone()));
        // Held: its text is not read again.
        assert_eq!(lists.compile(&places, ""), Ok(compiled));
        let text = "In 😀 the Republic of Albania, Tirana\r\nand Albanian.";
        let texts = [String::new(), patterns_text.clone()];
        let (labels, found) = lists
            .find(
                &[places.clone(), patterns.clone()],
                |i| texts[i].clone(),
                text,
            )
            .unwrap();
        assert_eq!(labels, ["claim", "event"], "the labels found, each once");
        let spans: Vec<(usize, usize, &str, Option<&str>)> = found
            .iter()
            .map(|s| {
                let f = s.fragments[0];
                (f.start, f.end, s.label.as_str(), s.id.as_deref())
            })
            .collect();
        // Offsets in code points (the emoji is one); "Albania" inside the
        // longer pattern match is not proposed, nor inside "Albanian".
        assert_eq!(
            spans,
            [(5, 28, "claim", None), (30, 36, "event", Some("Q19689"))]
        );
        // A list no longer named is let go: asked again, it needs its text.
        let held = |_| panic!("a list held is not read again");
        lists
            .find(std::slice::from_ref(&patterns), held, text)
            .unwrap();
        let forgotten = lists.find(&[places], |_| String::new(), text);
        assert_eq!(
            forgotten,
            Ok((Vec::new(), Vec::new())),
            "an empty text is an empty list"
        );
    }

    #[test]
    fn a_bad_list_is_refused_naming_the_file_and_line() {
        let mut lists = Lists::default();
        let error = lists
            .compile(&list("1", "terms.tsv"), "Albania\n\tactor\n")
            .unwrap_err();
        assert!(
            error.contains("terms.tsv") && error.contains("line 2"),
            "{error}"
        );
        let error = (lists.find(&[list("2", "p.jsonl")], |_| "{".into(), "text")).unwrap_err();
        assert!(error.contains("p.jsonl"), "{error}");
    }
}
