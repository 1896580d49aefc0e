//! Errors and hints, in words, with a way to dismiss them.

use yew::prelude::*;

use crate::state::Message;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub message: Option<Message>,
    pub on_dismiss: Callback<()>,
}

#[component]
pub fn MessageBar(props: &Props) -> Html {
    let Some(message) = &props.message else {
        return html! {};
    };
    let on_dismiss = props.on_dismiss.clone();
    html! {
        <div class={classes!("message", message.is_error.then_some("error"))} role={if message.is_error { "alert" } else { "status" }}>
            <span class="message-text">{ message.text.clone() }</span>
            <button class="dismiss" onclick={Callback::from(move |_| on_dismiss.emit(()))}>{ "Dismiss" }</button>
        </div>
    }
}
