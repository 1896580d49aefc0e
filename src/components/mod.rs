//! One component per file, named after it. Components receive data and
//! callbacks; only the root `App` holds the store.

pub mod annotation_details;
pub mod annotation_list;
pub mod dialog_host;
pub mod document_view;
pub mod empty_library;
pub mod export_dialog;
pub mod help_dialog;
pub mod icons;
pub mod import_panel;
pub mod import_progress;
pub mod import_report;
pub mod label_buttons;
pub mod label_picker;
pub mod library_item;
pub mod library_list;
pub mod library_panel;
pub mod message_bar;
pub mod modal;
pub mod new_text_dialog;
pub mod relation_chooser;
pub mod restore_dialog;
pub mod save_indicator;
pub mod scheme_editor;
pub mod search_bar;
pub mod search_results;
pub mod storage_banner;
pub mod team_card;
pub mod team_chart;
pub mod team_dialogs;
pub mod team_identity;
pub mod team_merge;
pub mod team_panel;
pub mod team_report;
pub mod theme_switch;
pub mod toolbar_tools;
