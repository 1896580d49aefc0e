//! Inter-annotator agreement: how far annotators (the layers of a merged
//! document) agree, per label and overall, for one document or many.
//!
//! Every coefficient is defined precisely in docs/agreement.md. The pure
//! statistics ([`kappa`], [`alpha`], [`unitizing`]) take tables; the
//! [`report::Accumulator`] turns documents into those tables, one document
//! at a time.

pub mod alpha;
pub mod kappa;
pub mod labels;
pub mod relations;
pub mod report;
pub mod spans;
pub mod tokens;
pub mod unitizing;

pub use report::{document_agreement, Accumulator, AgreementReport, Options, TokenScope};
