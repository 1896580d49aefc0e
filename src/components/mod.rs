//! One component per file, named after it. Components receive data and
//! callbacks; only the root `App` holds the store.

pub mod annotation_list;
pub mod document_text;
pub mod document_view;
pub mod label_buttons;
pub mod library_list;
pub mod message_bar;
pub mod save_indicator;
