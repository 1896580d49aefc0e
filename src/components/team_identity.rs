//! Who the user is: the annotator name that every annotation they make
//! carries (its layer), set once and stored. Until it is set the field asks
//! for it; once set it shows it, and changing it is a deliberate step.

use yew::prelude::*;

use crate::state::DEFAULT_ANNOTATOR;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub annotator: String,
    pub on_change: Callback<String>,
}

#[component]
pub fn TeamIdentity(props: &Props) -> Html {
    let set = props.annotator != DEFAULT_ANNOTATOR;
    let editing = use_state(|| false);
    let input_ref = use_node_ref();
    {
        let input_ref = input_ref.clone();
        use_effect_with(*editing, move |editing| {
            if *editing {
                if let Some(input) = input_ref.cast::<web_sys::HtmlInputElement>() {
                    let _ = input.focus();
                    input.select();
                }
            }
        });
    }
    let onchange = {
        let (on_change, editing) = (props.on_change.clone(), editing.clone());
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                let name = input.value();
                if !name.trim().is_empty() {
                    on_change.emit(name);
                    editing.set(false);
                }
            }
        })
    };
    let onkeydown = {
        let editing = editing.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                editing.set(false);
            }
        })
    };
    let explain = "Your name goes with every annotation you make (its layer), so that merged files tell annotators apart.";
    if set && !*editing {
        let change = {
            let editing = editing.clone();
            Callback::from(move |_| editing.set(true))
        };
        html! {
            <span class="annotator set" title={explain}>
                <label>
                    { "Annotator" }
                    <input type="text" readonly=true value={props.annotator.clone()} size="12" />
                </label>
                <button class="icon-button" aria-label="Change your name"
                    title="Change your name: annotations you make from now on carry the new one" onclick={change}>
                    { "✎" }
                </button>
            </span>
        }
    } else {
        html! {
            <label class={classes!("annotator", (!set).then_some("unset"))} title={explain}>
                { "Annotator" }
                <input type="text" ref={input_ref} value={if set { props.annotator.clone() } else { String::new() }}
                    placeholder="your name" size="12" {onchange} {onkeydown} />
            </label>
        }
    }
}
