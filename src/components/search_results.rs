//! What a search of the library found: per document, the title, how many
//! times the text has the words (with the first few in context), and the
//! annotations whose quote or note has them. Each leads to its place.

use yew::prelude::*;

use super::library_item::status_class;
use crate::library::{Library, SearchResult};
use crate::words::plural;

/// Documents shown at first, and added by each "Show more": a word found
/// in thousands of documents stays quick to show and to read.
const PAGE: usize = 50;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// `None` while the first search runs.
    pub results: Option<Result<Vec<SearchResult>, String>>,
    pub library: Library,
}

#[component]
pub fn SearchResults(props: &Props) -> Html {
    // How many documents are shown (the panel keys this component by the
    // query: one page again for each new one).
    let shown = use_state(|| PAGE);
    let results = match &props.results {
        None => return html! { <p class="empty-hint" role="status">{ "Searching…" }</p> },
        Some(Err(error)) => {
            return html! { <p class="empty-hint" role="status">{ format!("The search failed: {error}.") }</p> }
        }
        Some(Ok(results)) => results,
    };
    if results.is_empty() {
        return html! { <p class="empty-hint" role="status">{ "No document has these words." }</p> };
    }
    html! {
        <section class="search-results" aria-label="Search results">
            <p class="search-summary" role="status">{ format!("Found in {}", plural(results.len(), "document", "documents")) }</p>
            <ul>
                { for results.iter().take(*shown).map(|result| {
                    let open = {
                        let (library, id) = (props.library.clone(), result.id.clone());
                        Callback::from(move |_| library.open(id.clone()))
                    };
                    let mut found = Vec::new();
                    if result.text.count > 0 {
                        found.push(format!("{} in the text", plural(result.text.count, "match", "matches")));
                    }
                    if result.annotation_count > 0 {
                        found.push(plural(result.annotation_count, "annotation", "annotations"));
                    }
                    if result.title_matches && found.is_empty() {
                        found.push("in the title".into());
                    }
                    html! {
                        <li key={result.id.clone()} class="search-result" data-id={result.id.clone()}>
                            <button class="search-document" onclick={open}>
                                <span class="library-title" dir="auto">{ result.title.clone() }</span>
                                <span class="library-meta">
                                    <span class={classes!("status-pill", status_class(result.status))}>{ result.status.label() }</span>
                                    <span>{ found.join(" · ") }</span>
                                </span>
                            </button>
                            <ul class="search-hits">
                                { for result.text.snippets.iter().map(|s| {
                                    let (library, id, start, end) = (props.library.clone(), result.id.clone(), s.start, s.end);
                                    html! {
                                        <li><button class="search-hit snippet" dir="auto"
                                            onclick={Callback::from(move |_| library.open_at(id.clone(), start, end))}>
                                            { "…" }{ s.before.clone() }<mark>{ s.matched.clone() }</mark>{ s.after.clone() }{ "…" }
                                        </button></li>
                                    }
                                }) }
                                { for result.annotations.iter().map(|a| {
                                    let (library, id, key) = (props.library.clone(), result.id.clone(), a.key.clone());
                                    html! {
                                        <li><button class="search-hit annotation-hit"
                                            onclick={Callback::from(move |_| library.open_annotation(id.clone(), key.clone()))}>
                                            <span class="chip" style={format!("--label-color: {}", a.color)}>{ a.label.clone() }</span>
                                            <span class="quote" dir="auto">{ a.quote.clone() }</span>
                                            if !a.note.is_empty() {
                                                <span class="search-note" dir="auto">{ a.note.clone() }</span>
                                            }
                                        </button></li>
                                    }
                                }) }
                            </ul>
                        </li>
                    }
                }) }
            </ul>
            if results.len() > *shown {
                <button class="link-button" onclick={{
                    let shown = shown.clone();
                    Callback::from(move |_| shown.set(*shown + PAGE))
                }}>
                    { format!("Show {} more ({} not shown)", PAGE.min(results.len() - *shown), results.len() - *shown) }
                </button>
            }
        </section>
    }
}
