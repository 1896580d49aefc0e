//! Light, dark, or the system's theme.

use yew::prelude::*;

use crate::web::theme::{self, ThemeChoice};

#[component]
pub fn ThemeSwitch() -> Html {
    let choice = use_state(theme::stored);
    {
        let choice = *choice;
        use_effect_with((), move |_| {
            theme::apply(choice);
            let listener = theme::follow_system();
            move || drop(listener)
        });
    }
    let onchange = {
        let choice = choice.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let picked = ThemeChoice::parse(&select.value());
                theme::choose(picked);
                choice.set(picked);
            }
        })
    };
    html! {
        <label class="theme-switch">
            { "Theme" }
            <select {onchange}>
                { for [(ThemeChoice::System, "System"), (ThemeChoice::Light, "Light"), (ThemeChoice::Dark, "Dark")].into_iter().map(|(c, name)| html! {
                    <option value={c.as_str()} selected={c == *choice}>{ name }</option>
                }) }
            </select>
        </label>
    }
}
