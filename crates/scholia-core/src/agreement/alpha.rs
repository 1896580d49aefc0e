//! Krippendorff's alpha for nominal data, through the coincidence matrix
//! (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"; 2004,
//! *Content Analysis*, 2nd ed., ch. 11).
//!
//! Units may have any number of values (missing values are simply absent);
//! units with fewer than two values are not pairable and are left out.

use std::collections::BTreeMap;

use super::kappa::ratio;

/// The coincidence matrix o_ck of a set of units: each unit u with m_u ≥ 2
/// values adds, for every ordered pair of its values (c, k) from different
/// coders, 1 / (m_u − 1) to o_ck.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coincidences {
    matrix: BTreeMap<(u32, u32), f64>,
}

impl Coincidences {
    /// Adds one unit given as (value, how many coders gave it) pairs.
    pub fn add_counts(&mut self, counts: &[(u32, u64)]) {
        let m: u64 = counts.iter().map(|&(_, n)| n).sum();
        if m < 2 {
            return;
        }
        let weight = 1.0 / (m - 1) as f64;
        for &(c, n_c) in counts {
            for &(k, n_k) in counts {
                let pairs = if c == k {
                    n_c * n_c.saturating_sub(1)
                } else {
                    n_c * n_k
                };
                if pairs > 0 {
                    *self.matrix.entry((c, k)).or_default() += pairs as f64 * weight;
                }
            }
        }
    }

    /// Adds one unit given as the values coders assigned to it.
    pub fn add_unit(&mut self, values: &[u32]) {
        let mut counts: Vec<(u32, u64)> = Vec::new();
        for &v in values {
            match counts.iter_mut().find(|(c, _)| *c == v) {
                Some((_, n)) => *n += 1,
                None => counts.push((v, 1)),
            }
        }
        self.add_counts(&counts);
    }

    /// Adds `units` units on which `m` coders all gave value `value`.
    pub fn add_unanimous_units(&mut self, value: u32, m: u64, units: u64) {
        if m >= 2 && units > 0 {
            *self.matrix.entry((value, value)).or_default() += (m * units) as f64;
        }
    }

    pub fn merge(&mut self, other: &Coincidences) {
        for (&key, &o) in &other.matrix {
            *self.matrix.entry(key).or_default() += o;
        }
    }

    /// The same coincidences with values mapped (several values onto one):
    /// for nominal data this is exactly the coincidence matrix of the mapped
    /// reliability data, e.g. one label against all others.
    pub fn collapse(&self, map: impl Fn(u32) -> u32) -> Coincidences {
        let mut collapsed = Coincidences::default();
        for (&(c, k), &o) in &self.matrix {
            *collapsed.matrix.entry((map(c), map(k))).or_default() += o;
        }
        collapsed
    }

    /// n.. : the number of pairable values.
    pub fn pairable(&self) -> f64 {
        self.matrix.values().sum()
    }

    pub fn get(&self, c: u32, k: u32) -> f64 {
        self.matrix.get(&(c, k)).copied().unwrap_or(0.0)
    }

    /// α = 1 − (n.. − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k (nominal metric).
    /// `None` when fewer than two values vary (expected disagreement 0).
    pub fn alpha_nominal(&self) -> Option<f64> {
        let mut marginals: BTreeMap<u32, f64> = BTreeMap::new();
        let mut observed = 0.0;
        for (&(c, k), &o) in &self.matrix {
            *marginals.entry(c).or_default() += o;
            if c != k {
                observed += o;
            }
        }
        let n: f64 = marginals.values().sum();
        let sum_squares: f64 = marginals.values().map(|n_c| n_c * n_c).sum();
        let expected = n * n - sum_squares;
        ratio((n - 1.0) * observed, expected).map(|d| 1.0 - d)
    }
}

/// Nominal alpha of reliability data given as units × coders, `None` where a
/// coder gave no value.
pub fn nominal_alpha(units: &[Vec<Option<u32>>]) -> Option<f64> {
    let mut coincidences = Coincidences::default();
    for unit in units {
        let values: Vec<u32> = unit.iter().flatten().copied().collect();
        coincidences.add_unit(&values);
    }
    coincidences.alpha_nominal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_agreement_is_one_and_no_variation_is_undefined() {
        let units = vec![vec![Some(0), Some(0)], vec![Some(1), Some(1)]];
        assert_eq!(nominal_alpha(&units), Some(1.0));
        let same = vec![vec![Some(0), Some(0)], vec![Some(0), Some(0)]];
        assert_eq!(nominal_alpha(&same), None);
    }

    #[test]
    fn unpairable_units_are_left_out() {
        let a = vec![vec![Some(0), Some(0)], vec![Some(1), Some(0)]];
        let mut b = a.clone();
        b.push(vec![Some(1), None]);
        assert_eq!(nominal_alpha(&a), nominal_alpha(&b));
    }

    #[test]
    fn unanimous_units_equal_adding_them_one_by_one() {
        let mut one_by_one = Coincidences::default();
        let mut at_once = Coincidences::default();
        for _ in 0..4 {
            one_by_one.add_unit(&[2, 2, 2]);
        }
        at_once.add_unanimous_units(2, 3, 4);
        assert_eq!(one_by_one, at_once);
    }
}
