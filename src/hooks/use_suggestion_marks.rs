//! Draws the open document's suggestions over its text (see
//! `web::suggestion_marks`), after the painter has synced the annotations.

use std::cell::RefCell;
use std::rc::Rc;

use scholia_core::suggest::DecisionKey;
use yew::prelude::*;

use crate::web::highlights::Painter;
use crate::web::suggestion_marks::SuggestionMarks;
use crate::workspace::WorkspaceRef;

/// Returns the marks, which the document's scroll has follow the view.
#[hook]
pub fn use_suggestion_marks(
    painter: Rc<RefCell<Option<Painter>>>,
    workspace: WorkspaceRef,
    painted: (String, u64),
    suggestions: crate::state::suggestions::Shared,
    current: Option<DecisionKey>,
) -> Rc<RefCell<SuggestionMarks>> {
    let marks = use_mut_ref(SuggestionMarks::default);
    {
        let marks = marks.clone();
        use_effect_with(
            (painted, suggestions, current),
            move |(_, suggestions, current)| {
                if let Some(painter) = painter.borrow().as_ref() {
                    let scheme = workspace.borrow().doc.scheme().clone();
                    marks
                        .borrow_mut()
                        .show(painter, &scheme, suggestions.clone(), current.clone());
                }
            },
        );
    }
    marks
}
