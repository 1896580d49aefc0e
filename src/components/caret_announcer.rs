//! What the highlights say without sight: a polite live region that names
//! the annotations the caret (the selection's moving end) is in, spoken when
//! that set changes, and the document's description (how many annotations
//! it holds), which the document region points at. The words come from
//! `announce.rs`.

use std::collections::BTreeSet;
use std::rc::Rc;

use yew::prelude::*;

use crate::announce;
use crate::workspace::WorkspaceRef;

/// The id of the description, for the document's `aria-describedby`.
pub const DESCRIPTION_ID: &str = "document-description";

#[derive(Properties, PartialEq)]
pub struct Props {
    pub workspace: WorkspaceRef,
    pub revision: u64,
    /// Where the caret is, once it has been placed.
    pub caret: Option<usize>,
    pub hidden: Rc<BTreeSet<String>>,
}

#[component]
pub fn CaretAnnouncer(props: &Props) -> Html {
    let spoken = {
        let workspace = props.workspace.clone();
        use_memo(
            (props.caret, props.revision, props.hidden.clone()),
            move |(caret, _, hidden)| {
                let Some(at) = *caret else {
                    return String::new();
                };
                let workspace = workspace.borrow();
                let keys = announce::under(&workspace.doc, (at, at), hidden);
                announce::announcement(&workspace.doc, &keys)
            },
        )
    };
    let description = {
        let workspace = props.workspace.clone();
        use_memo(props.revision, move |_| {
            announce::document_description(&workspace.borrow().doc)
        })
    };
    // The region's text changes only when the set under the caret does, so
    // a move within one annotation says nothing again.
    html! {
        <>
            <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"
                aria-label="Annotations at the caret">{ (*spoken).clone() }</div>
            <p class="visually-hidden" id={DESCRIPTION_ID}>{ (*description).clone() }</p>
        </>
    }
}
