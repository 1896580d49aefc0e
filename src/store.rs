//! The app's one store: `Action` names a group of commands (see `editor`),
//! and `reduce` hands each to its group. The state it reduces is in
//! `state`; the reducer is pure: persistence, downloads and focus happen in
//! effects at the edges.

use std::rc::Rc;

use yew::Reducible;

pub use crate::editor::document::DocumentCommand;
pub use crate::editor::filter::FilterCommand;
pub use crate::editor::knowledge::KnowledgeCommand;
pub use crate::editor::library::LibraryCommand;
pub use crate::editor::relations::RelationCommand;
pub use crate::editor::scheme::SchemeCommand;
pub use crate::editor::search::SearchCommand;
pub use crate::editor::spans::SpanCommand;
pub use crate::editor::suggestions::SuggestCommand;
pub use crate::editor::team::TeamCommand;
pub use crate::editor::view::ViewCommand;
pub use crate::state::Store;

/// Everything that changes the store: one variant per group of commands.
pub enum Action {
    Span(SpanCommand),
    Relation(RelationCommand),
    Scheme(SchemeCommand),
    Search(SearchCommand),
    Filter(FilterCommand),
    Team(TeamCommand),
    Library(LibraryCommand),
    View(ViewCommand),
    Document(DocumentCommand),
    Suggest(SuggestCommand),
    Knowledge(KnowledgeCommand),
    Undo,
    Redo,
}

macro_rules! group {
    ($($command:ident => $variant:ident),* $(,)?) => {$(
        impl From<$command> for Action {
            fn from(command: $command) -> Action {
                Action::$variant(command)
            }
        }
    )*};
}

group! {
    SpanCommand => Span,
    RelationCommand => Relation,
    SchemeCommand => Scheme,
    SearchCommand => Search,
    FilterCommand => Filter,
    TeamCommand => Team,
    LibraryCommand => Library,
    ViewCommand => View,
    DocumentCommand => Document,
    SuggestCommand => Suggest,
    KnowledgeCommand => Knowledge,
}

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if let Action::View(command) = &action {
            if command.is_ignored(&self) {
                return self;
            }
        }
        let mut next = (*self).clone();
        match action {
            Action::Span(command) => next.span_command(command),
            Action::Relation(command) => next.relation_action(command),
            Action::Scheme(command) => next.scheme_command(command),
            Action::Search(command) => next.search_command(command),
            Action::Filter(command) => next.filter_command(command),
            Action::Team(command) => next.team_command(command),
            Action::Library(command) => next.library_command(command),
            Action::View(command) => next.view_command(command),
            Action::Document(command) => next.document_command(command),
            Action::Suggest(command) => next.suggest_command(command),
            Action::Knowledge(command) => next.knowledge_command(command),
            // A rejection just made is undone before the document's history.
            Action::Undo if next.undo_rejection() => {}
            // So is a merge or delete of entities just made.
            Action::Undo if next.undo_knowledge_step_if_last() => {}
            Action::Undo => next.undo_or_redo(false),
            Action::Redo if next.redo_rejection() => {}
            Action::Redo => next.undo_or_redo(true),
        }
        // The entities' names feed the term suggestions.
        if !Rc::ptr_eq(&next.knowledge.kb, &self.knowledge.kb) {
            next.editor.suggestions.entity_terms =
                crate::state::knowledge::entity_terms(&next.knowledge.kb);
        }
        let (workspace, revision) = (next.workspace.clone(), next.revision);
        next.team.follow(workspace.as_ref(), revision);
        Rc::new(next)
    }
}
