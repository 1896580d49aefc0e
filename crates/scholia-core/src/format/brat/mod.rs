//! brat standoff: a document is a `.txt` file (the text, exactly) and an
//! `.ann` file beside it, one annotation per line; a collection's types are
//! declared in `annotation.conf`. Offsets are code points into the `.txt`
//! (brat's server reads the text as Unicode in Python), end-exclusive.
//!
//! How each kind of line maps onto the model (docs/formats.md has the full
//! table and what is lost):
//!
//! - `T` text-bound → an annotation: key and `foreign_id` the brat id, label
//!   the type, one fragment per `start end` (discontinuous spans included);
//!   the text after the offsets is checked against the document.
//! - `R` relation → a relation keyed and foreign-id'd by its id; roles other
//!   than `Arg1`/`Arg2` are kept in the text attribute [`ROLES`].
//! - `E` event → an annotation keyed by the event id, labelled with the event
//!   type, on its trigger's fragments; a [`TRIGGER`] relation to the trigger
//!   (`E1.trigger`) and one relation per argument typed by the role
//!   (`E1.1`, `E1.2`… in order), all with the event id as `foreign_id`.
//! - `A`/`M` attribute → an attribute: binary ones are flags, valued ones
//!   choices.
//! - `#` note → `AnnotatorNotes` is the note; any other note type is a text
//!   attribute named by the type. Several notes of one type on one
//!   annotation are joined with line feeds (brat notes hold no line feed).
//! - `N` normalization → an annotation's (or event's) first is its entity
//!   link: the entity of that `DB:ID` (`Wikipedia:534366`), named by the
//!   text after the tab, in the import's knowledge base; any other (and
//!   those on relations) a text attribute `N:TYPE` whose value is the rest
//!   of the line after the target. Links are written back as `Reference`
//!   normalizations.
//! - `*` equivalence → a chain of relations of its type (`*1.1`, `*1.2`… for
//!   the first `*` line) with `foreign_id` `*`.

mod ann;
mod conf;
mod read;
mod write;

use crate::error::Error;
use crate::format::{decode_utf8, ExportOptions, Exported, ImportOptions, Imported};
use crate::AnnotatedDocument;

pub use ann::split_id;
pub use write::annotation_conf;

/// The relation type that links an event (an annotation) to its trigger.
pub const TRIGGER: &str = "brat:trigger";
/// The text attribute that keeps a relation's argument roles when they are
/// not `Arg1` and `Arg2` (`Anaphor Antecedent`, say).
pub const ROLES: &str = "brat:roles";
/// The prefix of the text attributes that keep normalizations.
pub const NORMALIZATION_PREFIX: &str = "N:";
/// The normalization type an entity link is written as.
pub const LINK_NORMALIZATION: &str = "Reference";
/// The note type that is the annotation's note.
pub const ANNOTATOR_NOTES: &str = "AnnotatorNotes";

/// Reads a brat document: its `.txt`, its `.ann`, and the collection's
/// `annotation.conf` when there is one. `options.file_name` names the `.ann`
/// (a path: its folder is the layer unless `options.annotator` is given).
pub fn import_pair(
    txt: &str,
    ann: &str,
    annotation_conf: Option<&str>,
    options: &ImportOptions,
) -> Result<Imported, Error> {
    read::import(txt, ann, annotation_conf, options)
}

/// [`import_pair`] from the files' bytes: an error names the file (the
/// `.txt` beside the `.ann`, or `annotation.conf`) that is not UTF-8.
pub fn import_pair_bytes(
    txt: &[u8],
    ann: &[u8],
    annotation_conf: Option<&[u8]>,
    options: &ImportOptions,
) -> Result<Imported, Error> {
    let ann_name = options.file_name.as_str();
    let txt_name = match ann_name.strip_suffix(".ann") {
        Some(stem) => format!("{stem}.txt"),
        None => format!("{ann_name}.txt"),
    };
    let txt = decode_utf8(txt, &txt_name)?;
    let ann = decode_utf8(ann, ann_name)?;
    let conf = match annotation_conf {
        Some(bytes) => Some(decode_utf8(bytes, &read::conf_name(ann_name))?),
        None => None,
    };
    import_pair(txt, ann, conf, options)
}

/// Writes one layer as an `.ann` and the text as a `.txt`.
pub fn export(doc: &AnnotatedDocument, options: &ExportOptions) -> Result<Exported, Error> {
    write::export(doc, options)
}
