//! Picking a label by typing part of its name (Ctrl+K): for schemes with
//! dozens of labels. Labels in use come first; arrows move, Enter picks.

use yew::prelude::*;

use super::guide;
use super::modal::Modal;
use crate::editor::scheme::uses;
use crate::paint::colour::label_background;
use scholia_core::Scheme;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scheme: Scheme,
    /// How many annotations carry each label id, to list those in use first.
    pub usage: Vec<(String, usize)>,
    pub on_pick: Callback<String>,
    pub on_close: Callback<()>,
}

#[component]
pub fn LabelPicker(props: &Props) -> Html {
    let query = use_state(String::new);
    let active = use_state(|| 0usize);
    let needle = query.trim().to_lowercase();
    let used = |id: &str| uses(&props.usage, id);
    // Typing: names that start with it, then names that hold it. Nothing
    // typed: the labels in use, then the others. Scheme order within each.
    let names: Vec<(usize, &scholia_core::LabelDef, String)> = props
        .scheme
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| (i, l, l.name.to_lowercase()))
        .collect();
    let first = |(_, l, name): &&(usize, &scholia_core::LabelDef, String)| {
        if needle.is_empty() {
            used(&l.id) > 0
        } else {
            name.starts_with(&needle)
        }
    };
    let matches: Vec<(usize, &scholia_core::LabelDef)> = names
        .iter()
        .filter(first)
        .chain(names.iter().filter(|n| !first(n) && n.2.contains(&needle)))
        .map(|(i, l, _)| (*i, *l))
        .collect();
    let active_index = (*active).min(matches.len().saturating_sub(1));
    let ids: Vec<String> = matches.iter().map(|(_, l)| l.id.clone()).collect();
    let oninput = {
        let (query, active) = (query.clone(), active.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                query.set(input.value());
                active.set(0);
            }
        })
    };
    let onkeydown = {
        let (active, on_pick, ids) = (active.clone(), props.on_pick.clone(), ids.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowDown" => {
                e.prevent_default();
                active.set((active_index + 1).min(ids.len().saturating_sub(1)));
            }
            "ArrowUp" => {
                e.prevent_default();
                active.set(active_index.saturating_sub(1));
            }
            "Enter" => {
                e.prevent_default();
                if let Some(id) = ids.get(active_index) {
                    on_pick.emit(id.clone());
                }
            }
            _ => {}
        })
    };
    let active_id = matches
        .get(active_index)
        .map(|(i, _)| format!("label-option-{i}"));
    html! {
        <Modal title="Pick a label" on_close={props.on_close.clone()} class="picker">
            <input type="text" role="combobox" aria-label="Label name" aria-expanded="true"
                aria-controls="label-options" aria-activedescendant={active_id}
                autocomplete="off" placeholder="Type part of a label's name"
                value={(*query).clone()} {oninput} {onkeydown} />
            <ul id="label-options" role="listbox" aria-label="Labels">
                { for matches.iter().enumerate().map(|(n, (i, label))| {
                    let (on_pick, id) = (props.on_pick.clone(), label.id.clone());
                    let count = used(&label.id);
                    html! {
                        <li id={format!("label-option-{i}")} role="option" aria-selected={(n == active_index).to_string()}
                            class={classes!((n == active_index).then_some("active"))}
                            onclick={Callback::from(move |_| on_pick.emit(id.clone()))}>
                            <span class="chip" style={format!("--label-color: {}; --label-bg: {}", label.color, label_background(label.color))}>{ label.name.clone() }</span>
                            if count > 0 {
                                <span class="count">{ count }</span>
                            }
                            if let Some(key) = &label.hotkey {
                                <kbd>{ key.to_ascii_uppercase() }</kbd>
                            }
                            if !label.guide.is_empty() {
                                <span class="option-guide">{ guide::label_guide_text(label) }</span>
                            }
                        </li>
                    }
                }) }
                if matches.is_empty() {
                    <li class="empty-hint" role="option" aria-disabled="true">{ "No label has that in its name." }</li>
                }
            </ul>
        </Modal>
    }
}
