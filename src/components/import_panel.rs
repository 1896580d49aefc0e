//! Where an import shows: its progress under the toolbar and, once the
//! files are read, the import report. Follows the library's import state.

use std::rc::Rc;

use yew::prelude::*;

use super::import_progress::ImportProgress;
use super::import_report::ImportReport;
use crate::library::{ImportView, Library};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub library: Library,
}

#[component]
pub fn ImportPanel(props: &Props) -> Html {
    let view = use_state(|| Rc::new(ImportView::default()));
    {
        let (library, view) = (props.library.clone(), view.clone());
        use_effect_with((), move |_| {
            library.on_import(Callback::from(move |next| view.set(next)));
        });
    }
    let library = &props.library;
    let on_cancel = {
        let library = library.clone();
        Callback::from(move |()| library.cancel_import())
    };
    let on_settings = {
        let library = library.clone();
        Callback::from(move |settings| library.reread_import(settings))
    };
    let on_add = {
        let library = library.clone();
        Callback::from(move |()| library.add_import())
    };
    let reviewing = view.review.is_some();
    html! {
        <>
            <ImportProgress reading={if reviewing { None } else { view.reading.clone() }}
                storing={view.storing.clone()} on_cancel={on_cancel.clone()} />
            if reviewing {
                <ImportReport view={(*view).clone()} {on_settings} {on_add} {on_cancel} />
            }
        </>
    }
}
