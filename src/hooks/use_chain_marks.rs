//! Marks the selected annotation's coreference chain in the text: the other
//! mentions of its entity in its layer (see `Painter::set_chain`), after the
//! painter has synced the annotations.

use std::cell::RefCell;
use std::rc::Rc;

use scholia_core::knowledge;
use scholia_core::Key;
use yew::prelude::*;

use crate::web::highlights::Painter;
use crate::workspace::WorkspaceRef;

#[hook]
pub fn use_chain_marks(
    painter: Rc<RefCell<Option<Painter>>>,
    workspace: WorkspaceRef,
    painted: (String, u64),
    selected: Option<Key>,
) {
    use_effect_with((painted, selected), move |(_, selected)| {
        let others = selected
            .as_ref()
            .map(|key| knowledge::chain_others(&workspace.borrow().doc, key))
            .unwrap_or_default();
        if let Some(painter) = painter.borrow_mut().as_mut() {
            painter.set_chain(&others);
        }
    });
}
