//! Hooks that connect the store to the browser: autosave, keyboard
//! shortcuts, files dropped on the page.

mod use_autosave;
mod use_chain_marks;
mod use_file_drop;
mod use_hotkeys;
mod use_knowledge;
mod use_saved_terms;
mod use_suggestion_marks;
mod use_suggestions;
mod use_text_selection;
mod use_visible_rows;

pub use use_autosave::use_autosave;
pub use use_chain_marks::use_chain_marks;
pub use use_file_drop::use_file_drop;
pub use use_hotkeys::use_hotkeys;
pub use use_knowledge::use_knowledge;
pub use use_saved_terms::use_saved_terms;
pub use use_suggestion_marks::use_suggestion_marks;
pub use use_suggestions::use_suggestions;
pub use use_text_selection::{use_text_selection, TextSelection};
pub use use_visible_rows::{use_visible_rows, with_pinned};
