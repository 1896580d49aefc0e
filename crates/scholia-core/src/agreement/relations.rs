//! Agreement on relations between two annotators: a relation of one matches
//! a relation of the other when both have the same type, their sources cover
//! the same fragments and their targets cover the same fragments (the ends'
//! labels are compared by the span metrics, not here).

use std::collections::{BTreeMap, HashSet};

use super::spans::MatchCounts;
use crate::model::{Fragment, Relation};
use crate::AnnotatedDocument;

type RelationKey<'a> = (&'a [Fragment], &'a [Fragment]);

/// Counts per relation type (as the report's index, from `kind_of`).
pub fn compare(
    doc: &AnnotatedDocument,
    reference: &[&Relation],
    compared: &[&Relation],
    mut kind_of: impl FnMut(&str) -> u32,
) -> BTreeMap<u32, MatchCounts> {
    let mut group = |relations: &[&Relation]| {
        let mut by_kind: BTreeMap<u32, Vec<RelationKey<'_>>> = BTreeMap::new();
        for r in relations {
            let ends = (
                doc.annotation(&r.source_key()),
                doc.annotation(&r.target_key()),
            );
            if let (Some(source), Some(target)) = ends {
                by_kind
                    .entry(kind_of(&r.kind))
                    .or_default()
                    .push((source.fragments.as_slice(), target.fragments.as_slice()));
            }
        }
        by_kind
    };
    let a = group(reference);
    let b = group(compared);
    let kinds: std::collections::BTreeSet<u32> = a.keys().chain(b.keys()).copied().collect();
    let empty = Vec::new();
    kinds
        .into_iter()
        .map(|kind| {
            let a = a.get(&kind).unwrap_or(&empty);
            let b = b.get(&kind).unwrap_or(&empty);
            let a_set: HashSet<&RelationKey<'_>> = a.iter().collect();
            let b_set: HashSet<&RelationKey<'_>> = b.iter().collect();
            let counts = MatchCounts {
                matched_reference: a.iter().filter(|k| b_set.contains(k)).count() as u64,
                reference: a.len() as u64,
                matched_compared: b.iter().filter(|k| a_set.contains(k)).count() as u64,
                compared: b.len() as u64,
            };
            (kind, counts)
        })
        .collect()
}
