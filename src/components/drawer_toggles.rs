//! On a narrow screen the library and the side panel are drawers over the
//! document, opened by two buttons in the toolbar (shown only there, by the
//! style sheet). Escape in an open drawer closes it and gives the focus back
//! to its button, as does its button again.

use yew::prelude::*;

/// Which drawer is open.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Drawer {
    Library,
    Panel,
}

impl Drawer {
    /// The class the app's root takes while the drawer is open.
    pub fn class(self) -> &'static str {
        match self {
            Drawer::Library => "drawer-library",
            Drawer::Panel => "drawer-panel",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub open: Option<Drawer>,
    pub on_toggle: Callback<Drawer>,
}

#[component]
pub fn DrawerToggles(props: &Props) -> Html {
    let toggle = |drawer: Drawer, label: &'static str, controls: &'static str| {
        let on_toggle = props.on_toggle.clone();
        let open = props.open == Some(drawer);
        html! {
            <button class="drawer-toggle" data-drawer={controls} aria-expanded={open.to_string()} aria-controls={controls}
                onclick={Callback::from(move |_| on_toggle.emit(drawer))}>{ label }</button>
        }
    };
    html! {
        <>
            { toggle(Drawer::Library, "Library", "library-drawer") }
            { toggle(Drawer::Panel, "Panel", "side-drawer") }
        </>
    }
}
