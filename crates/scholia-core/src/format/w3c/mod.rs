//! W3C Web Annotation (JSON-LD), as the [Web Annotation Data
//! Model](https://www.w3.org/TR/annotation-model/) describes it.
//!
//! Scholia writes one `AnnotationCollection` per document, with every
//! annotation embedded in its first `AnnotationPage`:
//!
//! - each span is an `Annotation` with one target per fragment: a
//!   `SpecificResource` on the document (`urn:sha256:<hex of the text>`)
//!   with a `TextQuoteSelector` (exact, prefix, suffix) and a
//!   `TextPositionSelector` (code points, as the model says);
//! - the label is a `TextualBody` with the purpose `tagging`, the note one
//!   with the purpose `commenting`, each attribute one with the purpose
//!   `classifying` and a `scholia:attribute` naming it;
//! - each relation is an `Annotation` with the motivation `linking` whose
//!   target is the source annotation and whose body is the target annotation
//!   (plus a `tagging` body with the relation type), so direction survives;
//! - ids are `urn:uuid:` URIs: the record's own id when it is a UUID, else a
//!   version 5 UUID of its layer and id, with the id itself kept in
//!   `scholia:id`; the layer is the `creator`'s name; `created`, `modified`;
//!   `scholia:foreignId` keeps an id another tool gave;
//! - the collection carries the document (`scholia:document`: its text,
//!   id and hash) and the scheme (`scholia:scheme`, as in Scholia JSON), so a
//!   file imports back as the same document.
//!
//! [`import`] reads that, and also annotations from other W3C tools: a
//! collection, a page, a JSON array, a JSON-LD `@graph` or one annotation;
//! targets with only a quote (anchored where the quote is, its prefix and
//! suffix deciding between occurrences) or only a position. Files that do
//! not carry the text are read with [`import_with_text`].

mod read;
mod write;

pub use read::{import, import_with_text};
pub use write::export;

/// The namespace of Scholia's own JSON-LD terms (`scholia:id`…). It names
/// terms; nothing is served there.
pub const NAMESPACE: &str = "https://scholia.invalid/ns#";
/// The Web Annotation JSON-LD context.
pub const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The UUID a record gets when its id is not one: version 5, from Scholia's
/// namespace and `[kind, layer, id]` as JSON (`kind` is `annotation`,
/// `relation` or `document`).
pub fn derived_uuid(kind: &str, layer: &str, id: &str) -> uuid::Uuid {
    let namespace = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, NAMESPACE.as_bytes());
    let name = serde_json::json!([kind, layer, id]).to_string();
    uuid::Uuid::new_v5(&namespace, name.as_bytes())
}

/// Whether `id` is a UUID written the way `urn:uuid:` URIs write it
/// (lowercase, hyphenated), so that it can be the URI itself.
pub fn is_canonical_uuid(id: &str) -> bool {
    uuid::Uuid::try_parse(id).is_ok_and(|u| u.hyphenated().to_string() == id)
}
