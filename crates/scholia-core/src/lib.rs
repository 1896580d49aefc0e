//! The core of Scholia: documents, label schemes, annotations and relations;
//! edits with undo; offsets in Unicode code points; file formats.
//!
//! The core does no I/O and reads no clock or random source: the shell passes
//! `now` and fresh ids in. It knows nothing of the web, Yew or storage.
//!
//! ```
//! use scholia_core::{AnnotatedDocument, Annotation, Document, Edit, Fragment, Key, Scheme, Snap, Timestamp};
//!
//! let mut doc = AnnotatedDocument::new(Document::new("d1", "Rama met 👩‍👩‍👧 in Tirana."), Scheme::default_scheme());
//! // The browser reports UTF-16 offsets within a line; the core turns them into code points.
//! let start = doc.document().text.from_line_utf16(0, 21);
//! let span = doc.document().text.snap(start, start + 3, Snap::Words).unwrap();
//! let key = Key::new("alice", "a1");
//! doc.apply(Edit::AddAnnotation(Annotation::new(key, "actor", Fragment::new(span.start, span.end), Timestamp(0)))).unwrap();
//! let json = scholia_core::format::scholia::export(&doc);
//! assert!(json.contains(r#""quote": "Tirana""#));
//! assert_eq!(scholia_core::format::scholia::import(&json).unwrap(), doc);
//! ```

pub mod adjudication;
pub mod agreement;
pub mod anchor;
pub mod chart;
pub mod contrast;
pub mod document;
pub mod edit;
pub mod editing;
pub mod error;
pub mod format;
pub mod knowledge;
pub mod library;
pub mod merge;
pub mod model;
pub mod scheme_edit;
pub mod sorting;
pub mod suggest;
pub mod text;
pub mod title;

pub use document::{AnnotatedDocument, LogPosition};
pub use edit::{Change, ChangeSet, Edit, History};
pub use error::{Error, ErrorKind};
pub use knowledge::{Entity, KnowledgeBase};
pub use model::{
    Annotation, AttributeDef, AttributeKind, AttributeValue, Color, Document, DocumentLabelSet,
    Fragment, Key, LabelDef, LabelGuide, Name, Relation, RelationType, Scheme, Timestamp,
    Underline,
};
pub use text::{Snap, Text};
