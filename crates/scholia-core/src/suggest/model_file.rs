//! A tagger as a file: JSON (`"format": "scholia-tagger"`, version 1)
//! carrying the labels it was trained for, what it was trained on, the
//! transition weights and each feature's non-zero weights. Reading checks
//! every field and names the file and the field on error.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::tagger::{n_tags, FeatureMap, Tagger, TrainedOn, FORMAT, VERSION};
use crate::error::{Error, ErrorKind};

/// The model as a file (written with its features sorted by name).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ModelFile {
    format: String,
    version: u32,
    labels: Vec<String>,
    trained_on: TrainedOn,
    transitions: Vec<f32>,
    /// Each feature's non-zero weights as (tag, weight).
    features: BTreeMap<String, Vec<(u16, f32)>>,
}

/// The model file as read: the same fields, the features in the file's
/// order as a list, which reads faster than a sorted map (a whole-corpus
/// model has tens of thousands).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ModelFileRead {
    format: String,
    version: u32,
    labels: Vec<String>,
    trained_on: TrainedOn,
    transitions: Vec<f32>,
    features: FeatureRows,
}

/// The features' names in the file's order, and every weight as (the
/// feature's place in that order, tag, weight): read into two lists rather
/// than a list per feature, which allocates far less.
#[derive(Default)]
struct FeatureRows {
    names: Vec<String>,
    weights: Vec<(u32, u16, f32)>,
}

impl<'de> Deserialize<'de> for FeatureRows {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
        use std::fmt;

        struct Rows;
        /// One feature's `[[tag, weight], …]`, added to `weights`.
        struct Row<'a>(u32, &'a mut Vec<(u32, u16, f32)>);

        impl<'de> Visitor<'de> for Rows {
            type Value = FeatureRows;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of features, each a list of [tag, weight]")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FeatureRows, A::Error> {
                let mut rows = FeatureRows::default();
                while let Some(name) = map.next_key::<String>()? {
                    let row = rows.names.len() as u32;
                    map.next_value_seed(Row(row, &mut rows.weights))?;
                    rows.names.push(name);
                }
                Ok(rows)
            }
        }

        impl<'de> DeserializeSeed<'de> for Row<'_> {
            type Value = ();
            fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
                d.deserialize_seq(self)
            }
        }

        impl<'de> Visitor<'de> for Row<'_> {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of [tag, weight]")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
                while let Some((tag, weight)) = seq.next_element::<(u16, f32)>()? {
                    self.1.push((self.0, tag, weight));
                }
                Ok(())
            }
        }

        deserializer.deserialize_map(Rows)
    }
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
        // Read without following the path (which copies every feature's
        // name); a file that does not read is read again to name the field.
        let file: ModelFileRead = match serde_json::from_str(input) {
            Ok(file) => file,
            Err(_) => {
                let deserializer = &mut serde_json::Deserializer::from_str(input);
                let error = serde_path_to_error::deserialize::<_, ModelFileRead>(deserializer)
                    .err()
                    .map(|e| {
                        let path = e.path().to_string();
                        let error = Error::new(ErrorKind::Syntax(e.into_inner().to_string()));
                        if path == "." {
                            error
                        } else {
                            error.in_field(path)
                        }
                    });
                return Err(at(
                    error.unwrap_or_else(|| Error::invalid("the model could not be read"))
                ));
            }
        };
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
        let rows = file.features;
        let mut weights = vec![0.0f32; rows.names.len() * n_tags];
        for &(row, tag, w) in &rows.weights {
            if tag as usize >= n_tags {
                return Err(at(Error::invalid(format!(
                    "tag {tag} does not exist: the model has {n_tags} tags"
                ))
                .in_field(format!("features.{}", rows.names[row as usize]))));
            }
            weights[row as usize * n_tags + tag as usize] = w;
        }
        let mut features =
            FeatureMap::with_capacity_and_hasher(rows.names.len(), Default::default());
        for (i, name) in rows.names.into_iter().enumerate() {
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
