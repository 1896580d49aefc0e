//! Undo and redo: the core's history applies a step's change set backwards
//! or forwards, and the change goes to storage like any edit.

use crate::state::{Message, Store, READ_ONLY};
use crate::workspace::Workspace;

impl Store {
    pub(crate) fn undo_or_redo(&mut self, redo: bool) {
        let Some(workspace) = self.workspace.clone() else {
            return;
        };
        if self.read_only {
            self.message = Some(Message::error(READ_ONLY));
            return;
        }
        let mut guard = workspace.borrow_mut();
        let Workspace {
            doc,
            history,
            unsaved,
            ..
        } = &mut *guard;
        let result = if redo {
            history.redo(doc)
        } else {
            history.undo(doc)
        };
        match result {
            Some(Ok(changes)) => {
                unsaved.push(changes);
                self.revision += 1;
                self.mark_unsaved();
            }
            Some(Err(error)) => self.report_error(error),
            None => {}
        }
        drop(guard);
        self.forget_missing();
    }
}
