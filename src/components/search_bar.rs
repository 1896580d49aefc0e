//! Search in the text: plain or a regular expression, with or without case;
//! hits highlighted in the document, stepped through with Enter, and
//! "Annotate all" with a label.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use scholia_core::Scheme;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::latest::Latest;
use crate::state::editor::SearchState;
use crate::store::{Action, SearchCommand};
use crate::web::{self, search};
use crate::workspace::WorkspaceRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub workspace: WorkspaceRef,
    pub scheme: Scheme,
    pub search: SearchState,
    pub on_action: Callback<Action>,
}

/// A search that took longer than this (ms) makes the next keys wait for a
/// pause in typing of [`TYPING_PAUSE_MS`].
const SLOW_MS: f64 = 16.0;
const TYPING_PAUSE_MS: u32 = 200;
/// In a text longer than this (bytes) every key waits for the pause: a
/// query's first letter alone has tens of thousands of hits there, and
/// finding and drawing them was a long frame before the second key.
const LONG_TEXT: usize = 256 * 1024;

/// Runs a search over the open document's text.
fn run(workspace: &WorkspaceRef, query: String, regex: bool, match_case: bool) -> SearchState {
    let found = {
        let workspace = workspace.borrow();
        search::find(&workspace.doc.document().text, &query, regex, match_case)
    };
    searched(query, regex, match_case, found)
}

/// The search state a search's outcome makes.
fn searched(
    query: String,
    regex: bool,
    match_case: bool,
    found: Result<search::Found, String>,
) -> SearchState {
    let mut state = SearchState {
        query,
        regex,
        match_case,
        ..SearchState::default()
    };
    match found {
        Ok(found) => {
            state.hits = Rc::new(found.hits);
            state.truncated = found.truncated;
        }
        Err(error) => state.error = Some(error),
    }
    state
}

#[component]
pub fn SearchBar(props: &Props) -> Html {
    let label = use_state(|| None::<String>);
    // Another document: the same query over its text.
    {
        let (workspace, search, on_action) = (
            props.workspace.clone(),
            props.search.clone(),
            props.on_action.clone(),
        );
        use_effect_with(props.workspace.clone(), move |_| {
            if !search.query.is_empty() && search.hits.is_empty() {
                on_action.emit(
                    SearchCommand::Search(run(
                        &workspace,
                        search.query.clone(),
                        search.regex,
                        search.match_case,
                    ))
                    .into(),
                );
            }
        });
    }
    // Whether the last search took longer than a frame's share: then the
    // next keys only change the query, and the search runs once typing
    // pauses (a long document, a short query with thousands of hits).
    let slow = use_mut_ref(|| false);
    let pending = use_mut_ref(|| None::<Timeout>);
    // Counts the searches asked for: a search found in one task and shown
    // in a later one is dropped if another was asked for meanwhile.
    let asked = use_memo((), |()| Latest::new());
    // Runs a search and shows its hits: at once, or (`later`, after a pause
    // in typing) in two tasks, so that copying a long text for the
    // browser's `RegExp` and matching it (then drawing the hits) are not one
    // long frame: the copy in this task, the rest in the next once the page
    // is idle, dropped then if another search was asked for or the document
    // changed meanwhile (a document's text never changes).
    let search = {
        let (workspace, on_action, slow, asked) = (
            props.workspace.clone(),
            props.on_action.clone(),
            slow.clone(),
            asked.clone(),
        );
        move |query: String, regex: bool, match_case: bool, later: bool| {
            let ticket = asked.ask();
            if !later {
                let found =
                    web::timed(&slow, SLOW_MS, || run(&workspace, query, regex, match_case));
                on_action.emit(SearchCommand::Search(found).into());
                return;
            }
            let doc_id = |w: &WorkspaceRef| w.borrow().doc.document().id.clone();
            let searched_in = doc_id(&workspace);
            let started = js_sys::Date::now();
            let prepared = {
                let workspace = workspace.borrow();
                search::prepare(&workspace.doc.document().text, &query, regex, match_case)
            };
            let prepared_ms = js_sys::Date::now() - started;
            let (workspace, on_action, asked, slow) = (
                workspace.clone(),
                on_action.clone(),
                asked.clone(),
                slow.clone(),
            );
            web::when_idle(50, move || {
                if !asked.is_last(ticket) || doc_id(&workspace) != searched_in {
                    return;
                }
                let found = web::timed(&slow, SLOW_MS - prepared_ms, || {
                    let workspace = workspace.borrow();
                    let text = &workspace.doc.document().text;
                    prepared.map(|p| p.find(text))
                });
                let state = searched(query, regex, match_case, found);
                on_action.emit(SearchCommand::Search(state).into());
            });
        }
    };
    let s = &props.search;
    let long = props.workspace.borrow().doc.document().text.as_str().len() > LONG_TEXT;
    let on_input = {
        let (search, s, on_action) = (search.clone(), s.clone(), props.on_action.clone());
        Callback::from(move |e: InputEvent| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let query = input.value();
            if (long || *slow.borrow()) && !query.is_empty() {
                // The query as typed, with the hits shown until the search runs.
                // (Any search under way is stale now.)
                asked.ask();
                let typed = SearchState {
                    query: query.clone(),
                    ..s.clone()
                };
                on_action.emit(SearchCommand::Search(typed).into());
                let (search, regex, match_case) = (search.clone(), s.regex, s.match_case);
                let later = Timeout::new(TYPING_PAUSE_MS, move || {
                    search(query, regex, match_case, true)
                });
                *pending.borrow_mut() = Some(later);
            } else {
                pending.borrow_mut().take();
                search(query, s.regex, s.match_case, false);
            }
        })
    };
    let toggle = |regex: bool| {
        let (search, s) = (search.clone(), s.clone());
        Callback::from(move |e: Event| {
            let on = e
                .target_dyn_into::<HtmlInputElement>()
                .is_some_and(|i| i.checked());
            if regex {
                search(s.query.clone(), on, s.match_case, false);
            } else {
                search(s.query.clone(), s.regex, on, false);
            }
        })
    };
    let step = |forward: bool| {
        let on_action = props.on_action.clone();
        Callback::from(move |_| on_action.emit(SearchCommand::StepHit { forward }.into()))
    };
    let on_key = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                on_action.emit(
                    SearchCommand::StepHit {
                        forward: !e.shift_key(),
                    }
                    .into(),
                );
            }
            "Escape" => {
                // Back to the text, with the hit selected: a label key tags it.
                e.prevent_default();
                web::focus("article[aria-label='Document']");
            }
            _ => {}
        })
    };
    let chosen = (*label)
        .clone()
        .filter(|l| props.scheme.label(l).is_some())
        .or_else(|| props.scheme.labels.first().map(|l| l.id.clone()))
        .unwrap_or_default();
    let on_label = {
        let label = label.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                label.set(Some(select.value()));
            }
        })
    };
    let on_annotate = {
        let (on_action, chosen) = (props.on_action.clone(), chosen.clone());
        Callback::from(move |_| {
            on_action.emit(
                SearchCommand::AnnotateAll {
                    label: chosen.clone(),
                    id_seed: web::new_id(),
                    now: web::now(),
                }
                .into(),
            )
        })
    };
    let n = s.hits.len();
    let status = if let Some(error) = &s.error {
        error.clone()
    } else if s.query.is_empty() {
        String::new()
    } else {
        let count = match (n, s.truncated) {
            (0, _) => "No matches".to_string(),
            (1, _) => "1 match".to_string(),
            (n, false) => format!("{n} matches"),
            (n, true) => format!("the first {n} matches"),
        };
        match s.current {
            Some(i) if n > 0 => format!("{} of {count}", i + 1),
            _ => count,
        }
    };

    html! {
        <section class="search" aria-label="Search">
            <div class="row">
                <input type="search" aria-label="Search the text" placeholder="Search the text (/)"
                    value={s.query.clone()} oninput={on_input} onkeydown={on_key} />
                <button aria-label="Previous match" title="Previous match (Shift+Enter)" disabled={n == 0} onclick={step(false)}>{ "↑" }</button>
                <button aria-label="Next match" title="Next match (Enter)" disabled={n == 0} onclick={step(true)}>{ "↓" }</button>
            </div>
            <div class="row options">
                <label><input type="checkbox" checked={s.regex} onchange={toggle(true)} />{ "Regular expression" }</label>
                <label><input type="checkbox" checked={s.match_case} onchange={toggle(false)} />{ "Match case" }</label>
            </div>
            <p class={classes!("search-status", s.error.is_some().then_some("error"))} aria-live="polite">{ status }</p>
            if n > 0 {
                <div class="row annotate-all">
                    <select aria-label="Label for every match" onchange={on_label}>
                        { for props.scheme.labels.iter().map(|l| html! {
                            <option value={l.id.clone()} selected={l.id == chosen}>{ l.name.clone() }</option>
                        }) }
                    </select>
                    <button onclick={on_annotate}>{ format!("Annotate all {n}") }</button>
                </div>
            }
        </section>
    }
}
