//! The statistical tagger: an averaged structured perceptron over BIO tags
//! (Collins 2002), with [`super::features`], trained on annotated documents.
//!
//! Each line of a document is a sentence of [`super::tokens`]' tokens. The
//! spans to learn are every fragment of the chosen layer's annotations (all
//! layers but the suggestions' by default), a span that overlaps one before
//! it left out (BIO cannot hold overlaps). Decoding is Viterbi with the BIO
//! rule built in (an `I-` tag only after the same label's `B-` or `I-`), so
//! every output is a set of spans; a span's confidence is the smallest
//! marginal probability of its tags, by forward-backward over the same
//! scores. Training visits sentences in an order drawn from a fixed seed,
//! so the same documents and options always give the same model.
//!
//! A model is JSON ([`super::model_file`]), carrying the labels it was
//! trained for and only the features with a weight.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::features::{
    bigram_features, context_features, short_shape, token_features, word_features, Words, CONTEXT,
};
use super::tokens::sentences;
use super::{without_annotated, Decisions, Source, Suggestion, SUGGESTIONS_LAYER};
use crate::error::Error;
use crate::model::Fragment;
use crate::AnnotatedDocument;

pub const FORMAT: &str = "scholia-tagger";
pub const VERSION: u32 = 1;

/// How to train.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainOptions {
    /// Passes over the training sentences.
    pub epochs: usize,
    /// The layer whose annotations are learnt (`None`: every layer but the
    /// suggestions').
    pub layer: Option<String>,
    /// The seed of the order sentences are visited in.
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 12,
            layer: None,
            seed: 17,
        }
    }
}

/// A sentence: its tokens (code-point ranges and words) and, for training,
/// the gold tag of each token (0 is `O`; label `k` has `B` = 2k+1, `I` = 2k+2
/// in the tagger's label list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub ranges: Vec<(usize, usize)>,
    pub words: Vec<String>,
    /// Gold spans as (first token, one past the last, label).
    pub spans: Vec<(usize, usize, String)>,
}

/// The spans a document teaches: every fragment of the chosen layer's
/// annotations, in text order, a span overlapping one kept before it left
/// out. These are also the reference spans of [`super::evaluate`].
pub fn gold_spans(doc: &AnnotatedDocument, layer: Option<&str>) -> Vec<(Fragment, String)> {
    let mut spans: Vec<(Fragment, String)> = doc
        .annotations()
        .filter(|a| match layer {
            Some(layer) => a.key.layer == layer,
            None => a.key.layer != SUGGESTIONS_LAYER,
        })
        .flat_map(|a| a.fragments.iter().map(|f| (*f, a.label.to_string())))
        .collect();
    spans.sort_by_key(|(f, _)| (f.start, std::cmp::Reverse(f.end)));
    let mut kept: Vec<(Fragment, String)> = Vec::new();
    for span in spans {
        if kept.last().is_none_or(|(k, _)| k.end <= span.0.start) {
            kept.push(span);
        }
    }
    kept
}

/// A document's sentences with the gold spans of `layer` mapped to tokens
/// (a span covers every token it touches).
pub fn document_sentences(doc: &AnnotatedDocument, layer: Option<&str>) -> Vec<Sentence> {
    let gold = gold_spans(doc, layer);
    let mut next = 0;
    sentences(doc.document().text.as_str())
        .into_iter()
        .map(|tokens| {
            let mut spans = Vec::new();
            let (first, last) = (tokens[0].start, tokens[tokens.len() - 1].end);
            while next < gold.len() && gold[next].0.end <= first {
                next += 1;
            }
            let mut i = next;
            while i < gold.len() && gold[i].0.start < last {
                let f = gold[i].0;
                let a = tokens.partition_point(|t| t.end <= f.start);
                let b = tokens.partition_point(|t| t.start < f.end);
                if a < b {
                    spans.push((a, b, gold[i].1.clone()));
                }
                i += 1;
            }
            Sentence {
                ranges: tokens.iter().map(|t| (t.start, t.end)).collect(),
                words: tokens.iter().map(|t| t.text.to_string()).collect(),
                spans,
            }
        })
        .collect()
}

/// The features' map hashes with FxHash's multiply-rotate (as rustc does):
/// a few million look-ups per document, where the standard SipHash shows.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.0 = (self.0.rotate_left(5) ^ byte as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(super) type FeatureMap = HashMap<String, u32, std::hash::BuildHasherDefault<FxHasher>>;

/// A word's feature ids: those it gives itself, those it gives the token
/// at each place of [`CONTEXT`], and its lower case (for the bigrams).
struct WordIds {
    own: Vec<u32>,
    context: [Vec<u32>; 4],
    lower: String,
}

type WordCache<'w> = HashMap<&'w str, WordIds, std::hash::BuildHasherDefault<FxHasher>>;

/// A trained tagger.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    pub(super) labels: Vec<String>,
    pub(super) features: FeatureMap,
    /// Feature-major: `weights[f * n_tags + tag]`.
    pub(super) weights: Vec<f32>,
    /// `transitions[from * n_tags + to]`, `from` = `n_tags` at the start.
    pub(super) transitions: Vec<f32>,
    pub(super) trained_on: TrainedOn,
}

/// What a model was trained on, for people.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrainedOn {
    pub sentences: usize,
    pub tokens: usize,
    pub spans: usize,
    pub epochs: usize,
}

/// A small deterministic generator for the training order (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

pub(super) fn n_tags(labels: &[String]) -> usize {
    1 + 2 * labels.len()
}

/// Whether tag `to` may follow tag `from` (`None`: at the start).
fn allowed(from: Option<usize>, to: usize) -> bool {
    if to == 0 || to % 2 == 1 {
        return true;
    }
    // I-k (to = 2k+2) follows B-k (2k+1) or I-k.
    from.is_some_and(|f| f == to || f + 1 == to)
}

impl Tagger {
    /// Trains on the documents' annotations (see the module's notes). An
    /// error when they hold no span to learn from.
    pub fn train(docs: &[&AnnotatedDocument], options: &TrainOptions) -> Result<Tagger, Error> {
        let mut labels: Vec<String> = Vec::new();
        let mut all = Vec::new();
        for doc in docs {
            let sentences = document_sentences(doc, options.layer.as_deref());
            // Labels in the scheme's order, those the scheme lacks after.
            let used: std::collections::BTreeSet<&str> = sentences
                .iter()
                .flat_map(|s| s.spans.iter().map(|(_, _, l)| l.as_str()))
                .collect();
            for label in doc.scheme().labels.iter().map(|l| l.id.as_str()) {
                if used.contains(label) && !labels.iter().any(|l| l == label) {
                    labels.push(label.to_string());
                }
            }
            for label in used {
                if !labels.iter().any(|l| l == label) {
                    labels.push(label.to_string());
                }
            }
            all.extend(sentences);
        }
        if labels.is_empty() {
            return Err(Error::invalid(match &options.layer {
                Some(layer) => format!("the layer “{layer}” holds no annotation to learn from"),
                None => "the documents hold no annotation to learn from".to_string(),
            }));
        }
        Ok(Tagger::train_sentences(&all, labels, options))
    }

    /// Trains on sentences, for the labels given (spans of other labels are
    /// learnt as `O`).
    pub fn train_sentences(
        sentences: &[Sentence],
        labels: Vec<String>,
        options: &TrainOptions,
    ) -> Tagger {
        let n_tags = n_tags(&labels);
        let label_index: HashMap<&str, usize> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i))
            .collect();
        let mut features = FeatureMap::default();
        // Every sentence's feature ids per token, and gold tags.
        let mut examples: Vec<(Vec<Vec<u32>>, Vec<usize>)> = Vec::with_capacity(sentences.len());
        let mut trained_on = TrainedOn {
            epochs: options.epochs,
            ..TrainedOn::default()
        };
        for sentence in sentences {
            let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
            let forms = Words::new(&words);
            let mut ids = Vec::with_capacity(words.len());
            for i in 0..words.len() {
                let mut token = Vec::with_capacity(40);
                token_features(&words, &forms, i, |f| {
                    let next = features.len() as u32;
                    let id = match features.get(f) {
                        Some(&id) => id,
                        None => {
                            features.insert(f.to_string(), next);
                            next
                        }
                    };
                    token.push(id);
                });
                ids.push(token);
            }
            let mut gold = vec![0; words.len()];
            for (a, b, label) in &sentence.spans {
                if let Some(&k) = label_index.get(label.as_str()) {
                    gold[*a] = 2 * k + 1;
                    for tag in &mut gold[a + 1..*b] {
                        *tag = 2 * k + 2;
                    }
                    trained_on.spans += 1;
                }
            }
            trained_on.sentences += 1;
            trained_on.tokens += words.len();
            examples.push((ids, gold));
        }

        let mut tagger = Tagger {
            labels,
            features,
            weights: Vec::new(),
            transitions: vec![0.0; (n_tags + 1) * n_tags],
            trained_on,
        };
        let n_features = tagger.features.len();
        tagger.weights = vec![0.0; n_features * n_tags];
        // Sums of each update times the step it was made at, for averaging.
        let mut weight_sums = vec![0.0f64; n_features * n_tags];
        let mut transition_sums = vec![0.0f64; (n_tags + 1) * n_tags];
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = Rng(options.seed.max(1));
        let mut step = 1.0f64;
        for _ in 0..options.epochs {
            rng.shuffle(&mut order);
            for &e in &order {
                let (ids, gold) = &examples[e];
                let predicted = tagger.viterbi(&tagger.emissions(ids));
                if predicted != *gold {
                    for t in 0..gold.len() {
                        let (g, p) = (gold[t], predicted[t]);
                        if g != p {
                            for &f in &ids[t] {
                                let at = f as usize * n_tags;
                                tagger.weights[at + g] += 1.0;
                                tagger.weights[at + p] -= 1.0;
                                weight_sums[at + g] += step;
                                weight_sums[at + p] -= step;
                            }
                        }
                        let from = |tags: &[usize]| if t == 0 { n_tags } else { tags[t - 1] };
                        let (gf, pf) = (from(gold), from(&predicted));
                        if (gf, g) != (pf, p) {
                            tagger.transitions[gf * n_tags + g] += 1.0;
                            tagger.transitions[pf * n_tags + p] -= 1.0;
                            transition_sums[gf * n_tags + g] += step;
                            transition_sums[pf * n_tags + p] -= step;
                        }
                    }
                }
                step += 1.0;
            }
        }
        // Averaged weights: w − Σ(step·update)/steps.
        for (w, s) in tagger.weights.iter_mut().zip(&weight_sums) {
            *w = (*w as f64 - s / step) as f32;
        }
        for (w, s) in tagger.transitions.iter_mut().zip(&transition_sums) {
            *w = (*w as f64 - s / step) as f32;
        }
        tagger.prune();
        tagger
    }

    /// Drops features whose weights are all zero.
    fn prune(&mut self) {
        let n_tags = n_tags(&self.labels);
        let mut old: Vec<(String, u32)> = std::mem::take(&mut self.features).into_iter().collect();
        old.sort_by_key(|(_, id)| *id);
        let mut weights = Vec::new();
        for (name, id) in old {
            let row = &self.weights[id as usize * n_tags..(id as usize + 1) * n_tags];
            if row.iter().any(|w| *w != 0.0) {
                self.features.insert(name, (weights.len() / n_tags) as u32);
                weights.extend_from_slice(row);
            }
        }
        self.weights = weights;
    }

    /// The labels the tagger was trained for.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    pub fn trained_on(&self) -> &TrainedOn {
        &self.trained_on
    }

    /// How many features carry a weight.
    pub fn n_features(&self) -> usize {
        self.features.len()
    }

    /// Each token's score of each tag, `n_tags` per token: the sum of its
    /// features' weights.
    fn emissions(&self, ids: &[Vec<u32>]) -> Vec<f32> {
        let n_tags = n_tags(&self.labels);
        let mut scores = vec![0.0f32; ids.len() * n_tags];
        for (token, scores) in ids.iter().zip(scores.chunks_exact_mut(n_tags)) {
            self.add_rows(token, scores);
        }
        scores
    }

    fn add_rows(&self, features: &[u32], scores: &mut [f32]) {
        let n_tags = scores.len();
        for &f in features {
            let row = &self.weights[f as usize * n_tags..(f as usize + 1) * n_tags];
            for (s, w) in scores.iter_mut().zip(row) {
                *s += w;
            }
        }
    }

    /// The best tags (`emissions` as [`Tagger::emissions`] gives them).
    fn viterbi(&self, emissions: &[f32]) -> Vec<usize> {
        let n_tags = n_tags(&self.labels);
        let n = emissions.len() / n_tags;
        if n == 0 {
            return Vec::new();
        }
        let mut score = vec![f32::NEG_INFINITY; n * n_tags];
        let mut back = vec![0u16; n * n_tags];
        for y in 0..n_tags {
            if allowed(None, y) {
                score[y] = self.transitions[n_tags * n_tags + y] + emissions[y];
            }
        }
        for t in 1..n {
            let (done, rest) = score.split_at_mut(t * n_tags);
            let previous = &done[(t - 1) * n_tags..];
            for y in 0..n_tags {
                let mut best = (f32::NEG_INFINITY, 0);
                for (x, &before) in previous.iter().enumerate() {
                    if before == f32::NEG_INFINITY || !allowed(Some(x), y) {
                        continue;
                    }
                    let s = before + self.transitions[x * n_tags + y];
                    if s > best.0 {
                        best = (s, x);
                    }
                }
                rest[y] = best.0 + emissions[t * n_tags + y];
                back[t * n_tags + y] = best.1 as u16;
            }
        }
        let last = &score[(n - 1) * n_tags..];
        let mut tags = vec![0; n];
        tags[n - 1] = (0..n_tags)
            .max_by(|&a, &b| last[a].total_cmp(&last[b]).then(b.cmp(&a)))
            .unwrap_or(0);
        for t in (1..n).rev() {
            tags[t - 1] = back[t * n_tags + tags[t]] as usize;
        }
        tags
    }

    /// Each token's probability of each tag (forward-backward over the
    /// scores as log-potentials), `n_tags` per token. Computed with the
    /// potentials exponentiated once and each step rescaled to sum to one,
    /// which needs no logarithm or exponential in the inner loops; should
    /// a step vanish all the same (scores hundreds apart), the sentence is
    /// computed again in log space.
    fn marginals(&self, emissions: &[f32]) -> Vec<f64> {
        let n_tags = n_tags(&self.labels);
        let n = emissions.len() / n_tags;
        // exp(transition − the largest), 0 where the BIO rule forbids it;
        // row n_tags is the start. A common factor cancels in the rescaling.
        let top = self
            .transitions
            .iter()
            .copied()
            .fold(f32::NEG_INFINITY, f32::max) as f64;
        let mut step = vec![0.0f64; (n_tags + 1) * n_tags];
        for from in 0..=n_tags {
            for to in 0..n_tags {
                let previous = (from < n_tags).then_some(from);
                if allowed(previous, to) {
                    step[from * n_tags + to] =
                        (self.transitions[from * n_tags + to] as f64 - top).exp();
                }
            }
        }
        // exp(emission − the token's largest).
        let mut local = vec![0.0f64; n * n_tags];
        for (scores, out) in emissions
            .chunks_exact(n_tags)
            .zip(local.chunks_exact_mut(n_tags))
        {
            let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max) as f64;
            for (o, &s) in out.iter_mut().zip(scores) {
                *o = (s as f64 - max).exp();
            }
        }
        let mut alpha = vec![0.0f64; n * n_tags];
        let mut scale = vec![0.0f64; n];
        for t in 0..n {
            let mut sum = 0.0;
            for y in 0..n_tags {
                let into = if t == 0 {
                    step[n_tags * n_tags + y]
                } else {
                    let previous = &alpha[(t - 1) * n_tags..t * n_tags];
                    previous
                        .iter()
                        .enumerate()
                        .map(|(x, a)| a * step[x * n_tags + y])
                        .sum()
                };
                let value = into * local[t * n_tags + y];
                alpha[t * n_tags + y] = value;
                sum += value;
            }
            if !(sum > 0.0 && sum.is_finite()) {
                return self.log_marginals(emissions);
            }
            for a in &mut alpha[t * n_tags..(t + 1) * n_tags] {
                *a /= sum;
            }
            scale[t] = sum;
        }
        let mut beta = vec![1.0f64; n * n_tags];
        for t in (0..n.saturating_sub(1)).rev() {
            let (current, later) = beta.split_at_mut((t + 1) * n_tags);
            let next = &later[..n_tags];
            let ahead = &local[(t + 1) * n_tags..(t + 2) * n_tags];
            for (x, value) in current[t * n_tags..].iter_mut().enumerate() {
                let sum: f64 = (0..n_tags)
                    .map(|y| step[x * n_tags + y] * ahead[y] * next[y])
                    .sum();
                *value = sum / scale[t + 1];
            }
        }
        alpha.iter().zip(&beta).map(|(a, b)| a * b).collect()
    }

    /// [`Tagger::marginals`] in log space: slower, for scores too far apart
    /// to exponentiate.
    fn log_marginals(&self, emissions: &[f32]) -> Vec<f64> {
        let n_tags = n_tags(&self.labels);
        let n = emissions.len() / n_tags;
        let emission = |t: usize, y: usize| emissions[t * n_tags + y] as f64;
        let mut values = vec![0.0f64; n_tags];
        let mut log_sum = |value: &mut dyn FnMut(usize) -> f64| {
            for (y, v) in values.iter_mut().enumerate() {
                *v = value(y);
            }
            let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if max == f64::NEG_INFINITY {
                return max;
            }
            max + values.iter().map(|v| (v - max).exp()).sum::<f64>().ln()
        };
        let transition = |from: Option<usize>, to: usize| -> f64 {
            if !allowed(from, to) {
                return f64::NEG_INFINITY;
            }
            self.transitions[from.unwrap_or(n_tags) * n_tags + to] as f64
        };
        let mut alpha = vec![vec![f64::NEG_INFINITY; n_tags]; n];
        let mut beta = vec![vec![0.0f64; n_tags]; n];
        for (y, value) in alpha[0].iter_mut().enumerate() {
            *value = transition(None, y) + emission(0, y);
        }
        for t in 1..n {
            let (done, rest) = alpha.split_at_mut(t);
            let previous = &done[t - 1];
            for (y, value) in rest[0].iter_mut().enumerate() {
                *value = log_sum(&mut |x| previous[x] + transition(Some(x), y)) + emission(t, y);
            }
        }
        for t in (0..n.saturating_sub(1)).rev() {
            let (current, later) = beta.split_at_mut(t + 1);
            let next = &later[0];
            for (x, value) in current[t].iter_mut().enumerate() {
                *value = log_sum(&mut |y| transition(Some(x), y) + emission(t + 1, y) + next[y]);
            }
        }
        let last = &alpha[n - 1];
        let z = log_sum(&mut |y| last[y]);
        (0..n)
            .flat_map(|t| {
                let (alpha, beta) = (&alpha[t], &beta[t]);
                (0..n_tags).map(move |y| (alpha[y] + beta[y] - z).exp())
            })
            .collect()
    }

    /// The ids of the features a word gives whatever its sentence, and
    /// those it gives each neighbour, looked up once per distinct word.
    fn word_ids(&self, word: &str) -> WordIds {
        let lower = word.to_lowercase();
        let shape = short_shape(word);
        let mut ids = WordIds {
            own: Vec::with_capacity(16),
            context: Default::default(),
            lower: String::new(),
        };
        let features = &self.features;
        let known = |f: &str, ids: &mut Vec<u32>| {
            if let Some(&id) = features.get(f) {
                ids.push(id);
            }
        };
        word_features(word, &lower, &shape, |f| known(f, &mut ids.own));
        for (offset, context) in CONTEXT.into_iter().zip(&mut ids.context) {
            context_features(offset, word, &lower, &shape, |f| known(f, context));
        }
        ids.lower = lower;
        ids
    }

    /// Each token's scores (as [`Tagger::emissions`]), the features of
    /// each distinct word read once into `words` and kept there for the
    /// next sentence. The features are added in [`token_features`]' order,
    /// so that the sums are those of training to the last bit.
    fn sentence_emissions<'w>(&self, words: &[&'w str], seen: &mut WordCache<'w>) -> Vec<f32> {
        let n_tags = n_tags(&self.labels);
        for word in words {
            if !seen.contains_key(word) {
                seen.insert(*word, self.word_ids(word));
            }
        }
        let ids: Vec<&WordIds> = words.iter().map(|w| &seen[w]).collect();
        let lower: Vec<&str> = ids.iter().map(|w| w.lower.as_str()).collect();
        let mut scores = vec![0.0f32; words.len() * n_tags];
        let (bos, eos) = (self.features.get("BOS"), self.features.get("EOS"));
        let mut bigrams = Vec::with_capacity(2);
        for (i, scores) in scores.chunks_exact_mut(n_tags).enumerate() {
            self.add_rows(&ids[i].own, scores);
            if let (0, Some(&f)) = (i, bos) {
                self.add_rows(&[f], scores);
            }
            if let (true, Some(&f)) = (i + 1 == words.len(), eos) {
                self.add_rows(&[f], scores);
            }
            for (k, offset) in CONTEXT.into_iter().enumerate() {
                if let Some(j) = i.checked_add_signed(offset).filter(|&j| j < words.len()) {
                    self.add_rows(&ids[j].context[k], scores);
                }
            }
            bigrams.clear();
            bigram_features(words.len(), &lower, i, |f| {
                if let Some(&id) = self.features.get(f) {
                    bigrams.push(id);
                }
            });
            self.add_rows(&bigrams, scores);
        }
        scores
    }

    /// The spans found in one sentence of words: (first token, one past the
    /// last, label index, confidence).
    pub fn tag(&self, words: &[&str]) -> Vec<(usize, usize, usize, f64)> {
        self.tag_with(words, &mut WordCache::default())
    }

    /// [`Tagger::tag`], with the features of the words seen before.
    fn tag_with<'w>(
        &self,
        words: &[&'w str],
        seen: &mut WordCache<'w>,
    ) -> Vec<(usize, usize, usize, f64)> {
        if words.is_empty() {
            return Vec::new();
        }
        let n_tags = n_tags(&self.labels);
        let emissions = self.sentence_emissions(words, seen);
        let tags = self.viterbi(&emissions);
        if tags.iter().all(|&t| t == 0) {
            return Vec::new();
        }
        let marginals = self.marginals(&emissions);
        let mut spans = Vec::new();
        let mut t = 0;
        while t < tags.len() {
            if tags[t] % 2 == 1 {
                let mut end = t + 1;
                while end < tags.len() && tags[end] == tags[t] + 1 {
                    end += 1;
                }
                let confidence = (t..end)
                    .map(|i| marginals[i * n_tags + tags[i]])
                    .fold(1.0f64, f64::min);
                spans.push((t, end, (tags[t] - 1) / 2, confidence));
                t = end;
            } else {
                t += 1;
            }
        }
        spans
    }

    /// The spans the tagger finds in a text, in text order.
    pub fn predict(&self, text: &str) -> Vec<Suggestion> {
        let mut found = Vec::new();
        let mut seen = WordCache::default();
        for sentence in sentences(text) {
            let words: Vec<&str> = sentence.iter().map(|t| t.text).collect();
            for (a, b, label, confidence) in self.tag_with(&words, &mut seen) {
                found.push(Suggestion {
                    fragments: vec![Fragment::new(sentence[a].start, sentence[b - 1].end)],
                    label: self.labels[label].clone(),
                    source: Source::Tagger,
                    confidence,
                    id: None,
                });
            }
        }
        found
    }

    /// The suggestions for a document: spans not over an annotation of
    /// their label, nor settled by a decision.
    pub fn suggest(&self, doc: &AnnotatedDocument, decisions: &Decisions) -> Vec<Suggestion> {
        decisions.filter(without_annotated(
            self.predict(doc.document().text.as_str()),
            doc.annotations(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small tagger: people are the two words before “said”.
    fn tagger() -> Tagger {
        let sentence = |first: &str, last: &str| {
            let words: Vec<String> = ["Then", first, last, "said", "it", "rained", "."]
                .iter()
                .map(|w| w.to_string())
                .collect();
            Sentence {
                ranges: (0..words.len()).map(|i| (i, i + 1)).collect(),
                words,
                spans: vec![(1, 3, "PER".to_string())],
            }
        };
        let sentences = [
            sentence("Anna", "Berg"),
            sentence("Paulo", "Costa"),
            sentence("Jan", "Novak"),
            sentence("Maria", "Lopez"),
        ];
        Tagger::train_sentences(
            &sentences,
            vec!["PER".to_string(), "LOC".to_string()],
            &TrainOptions::default(),
        )
    }

    const WORDS: [&str; 9] = [
        "Then", "Eva", "Klein", "said", "Anna", "Berg", "rained", "in", "Tirana",
    ];

    #[test]
    fn scores_from_words_seen_once_are_those_of_each_tokens_features() {
        let tagger = tagger();
        let forms = Words::new(&WORDS);
        let ids: Vec<Vec<u32>> = (0..WORDS.len())
            .map(|i| {
                let mut ids = Vec::new();
                token_features(&WORDS, &forms, i, |f| {
                    ids.extend(tagger.features.get(f));
                });
                ids
            })
            .collect();
        let mut seen = WordCache::default();
        // Twice over the same cache: the second time from the words kept.
        for _ in 0..2 {
            let fast = tagger.sentence_emissions(&WORDS, &mut seen);
            assert_eq!(fast, tagger.emissions(&ids), "to the last bit");
        }
        assert_eq!(seen.len(), WORDS.len());
    }

    #[test]
    fn rescaled_forward_backward_equals_log_space() {
        let tagger = tagger();
        let n_tags = n_tags(&tagger.labels);
        let emissions = tagger.sentence_emissions(&WORDS, &mut WordCache::default());
        let fast = tagger.marginals(&emissions);
        let slow = tagger.log_marginals(&emissions);
        assert_eq!(fast.len(), WORDS.len() * n_tags);
        for (a, b) in fast.iter().zip(&slow) {
            assert!((a - b).abs() < 1e-9, "{a} against {b}");
        }
        for token in fast.chunks_exact(n_tags) {
            assert!((token.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{token:?}");
        }
        // Tagging finds Eva Klein, sure of it.
        let found = tagger.tag(&WORDS);
        assert_eq!((found[0].0, found[0].1, found[0].2), (1, 3, 0));
        assert!(found[0].3 > 0.5 && found[0].3 <= 1.0, "{found:?}");
    }

    #[test]
    fn scores_too_far_apart_to_exponentiate_fall_back_to_log_space() {
        let tagger = tagger();
        let n_tags = n_tags(&tagger.labels);
        // The first token's best tag is I-PER, which cannot start a
        // sentence; the tags it may have are 2,000 below it (exp gives 0).
        let mut emissions = vec![0.0f32; 2 * n_tags];
        for (y, e) in emissions[..n_tags].iter_mut().enumerate() {
            *e = if y == 2 { 0.0 } else { -2000.0 };
        }
        let fast = tagger.marginals(&emissions);
        let slow = tagger.log_marginals(&emissions);
        assert!(fast.iter().all(|p| p.is_finite()), "{fast:?}");
        assert_eq!(fast, slow);
    }
}
