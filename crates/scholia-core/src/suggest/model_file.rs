//! A tagger as a file: JSON (`"format": "scholia-tagger"`, version 1)
//! carrying the labels it was trained for, what it was trained on, the
//! transition weights and each feature's non-zero weights. Reading checks
//! every field and names the file and the field on error.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::tagger::{n_tags, FeatureMap, Tagger, TrainedOn, FORMAT, VERSION};
use crate::error::{Error, ErrorKind};

/// The model as a file.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ModelFile {
    format: String,
    version: u32,
    labels: Vec<String>,
    trained_on: TrainedOn,
    transitions: Vec<f32>,
    /// Each feature's non-zero weights as (tag, weight).
    features: BTreeMap<String, Vec<(u16, f32)>>,
}

/// A short name for a model's JSON, the same for the same bytes: its
/// length and FxHash. The page names the model it means by it, so that the
/// worker, which keeps the last model it read, is sent a model once rather
/// than with every request (a whole-corpus model is megabytes of JSON).
pub fn model_id(json: &str) -> String {
    use std::hash::Hasher;
    let mut hasher = super::tagger::FxHasher::default();
    hasher.write(json.as_bytes());
    format!("{}-{:016x}", json.len(), hasher.finish())
}

impl Tagger {
    /// The model as JSON.
    pub fn to_json(&self) -> String {
        let n_tags = n_tags(&self.labels);
        let features = self
            .features
            .iter()
            .map(|(name, &id)| {
                let row = &self.weights[id as usize * n_tags..(id as usize + 1) * n_tags];
                let weights = row
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| **w != 0.0)
                    .map(|(tag, w)| (tag as u16, *w))
                    .collect();
                (name.clone(), weights)
            })
            .collect();
        let file = ModelFile {
            format: FORMAT.to_string(),
            version: VERSION,
            labels: self.labels.clone(),
            trained_on: self.trained_on.clone(),
            transitions: self.transitions.clone(),
            features,
        };
        serde_json::to_string(&file).unwrap_or_default()
    }

    /// Reads a model written by [`Tagger::to_json`]; errors name the file
    /// and the field.
    pub fn from_json(input: &str, file_name: &str) -> Result<Tagger, Error> {
        let at = |e: Error| e.in_file(file_name);
        let deserializer = &mut serde_json::Deserializer::from_str(input);
        let file: ModelFile = serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let path = e.path().to_string();
            let error = Error::new(ErrorKind::Syntax(e.into_inner().to_string()));
            at(if path == "." {
                error
            } else {
                error.in_field(path)
            })
        })?;
        if file.format != FORMAT {
            return Err(at(Error::new(ErrorKind::UnknownFormat(format!(
                "this is not a Scholia tagger model (its format is “{}”, not “{FORMAT}”)",
                file.format
            )))
            .in_field("format")));
        }
        if file.version != VERSION {
            return Err(at(Error::new(ErrorKind::UnsupportedVersion(
                file.version.to_string(),
            ))
            .in_field("version")));
        }
        if file.labels.is_empty() {
            return Err(at(
                Error::invalid("a model needs at least one label").in_field("labels")
            ));
        }
        let n_tags = n_tags(&file.labels);
        if file.transitions.len() != (n_tags + 1) * n_tags {
            return Err(at(Error::invalid(format!(
                "expected {} transition weights for {} labels, found {}",
                (n_tags + 1) * n_tags,
                file.labels.len(),
                file.transitions.len()
            ))
            .in_field("transitions")));
        }
        let mut features =
            FeatureMap::with_capacity_and_hasher(file.features.len(), Default::default());
        let mut weights = vec![0.0f32; file.features.len() * n_tags];
        for (i, (name, row)) in file.features.into_iter().enumerate() {
            for (tag, w) in row {
                if tag as usize >= n_tags {
                    return Err(at(Error::invalid(format!(
                        "tag {tag} does not exist: the model has {n_tags} tags"
                    ))
                    .in_field(format!("features.{name}"))));
                }
                weights[i * n_tags + tag as usize] = w;
            }
            features.insert(name, i as u32);
        }
        Ok(Tagger {
            labels: file.labels,
            features,
            weights,
            transitions: file.transitions,
            trained_on: file.trained_on,
        })
    }
}
