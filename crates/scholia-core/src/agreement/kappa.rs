//! Cohen's kappa (two annotators) and Fleiss' kappa (any fixed number of
//! annotators per unit), on nominal categories.
//!
//! Both return `None` when the coefficient is undefined: no units, or
//! expected agreement of 1 (every rating falls in one category).

use std::collections::BTreeMap;

/// Cohen's kappa from a contingency table: `table[i][j]` counts the units the
/// first annotator put in category `i` and the second in category `j`.
///
/// κ = (p_o − p_e) / (1 − p_e), with p_o the observed proportion of
/// agreement and p_e = Σ_c p_A(c) p_B(c) (Cohen 1960).
pub fn cohen_kappa(table: &[Vec<f64>]) -> Option<f64> {
    let n_categories = table.len();
    let mut total = 0.0;
    let mut diagonal = 0.0;
    let mut rows = vec![0.0; n_categories];
    let mut columns = vec![0.0; n_categories];
    for (i, row) in table.iter().enumerate() {
        for (j, &count) in row.iter().enumerate() {
            total += count;
            rows[i] += count;
            if j < n_categories {
                columns[j] += count;
            }
            if i == j {
                diagonal += count;
            }
        }
    }
    if total <= 0.0 {
        return None;
    }
    let observed = diagonal / total;
    let expected: f64 = rows
        .iter()
        .zip(&columns)
        .map(|(r, c)| (r / total) * (c / total))
        .sum();
    ratio(observed - expected, 1.0 - expected)
}

/// Cohen's kappa from a sparse table keyed by (first annotator's category,
/// second annotator's category).
pub fn cohen_kappa_sparse(table: &BTreeMap<(u32, u32), u64>) -> Option<f64> {
    let mut total = 0u64;
    let mut diagonal = 0u64;
    let mut rows: BTreeMap<u32, u64> = BTreeMap::new();
    let mut columns: BTreeMap<u32, u64> = BTreeMap::new();
    for (&(a, b), &count) in table {
        total += count;
        if a == b {
            diagonal += count;
        }
        *rows.entry(a).or_default() += count;
        *columns.entry(b).or_default() += count;
    }
    if total == 0 {
        return None;
    }
    let n = total as f64;
    let observed = diagonal as f64 / n;
    let expected: f64 = rows
        .iter()
        .map(|(c, &r)| (r as f64 / n) * (columns.get(c).copied().unwrap_or(0) as f64 / n))
        .sum();
    ratio(observed - expected, 1.0 - expected)
}

/// Fleiss' kappa from `counts[unit][category]`: how many raters put each
/// unit in each category. Every unit must have the same number n ≥ 2 of
/// ratings (Fleiss 1971); `None` otherwise or when undefined.
pub fn fleiss_kappa(counts: &[Vec<u64>]) -> Option<f64> {
    let mut sums = FleissSums::default();
    for unit in counts {
        sums.add_unit(unit.iter().enumerate().map(|(c, &n)| (c as u32, n)))?;
    }
    sums.kappa()
}

/// Running sums for Fleiss' kappa, so that units can be added one at a time
/// (and documents one after another).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FleissSums {
    /// Ratings per unit (n); 0 until the first unit.
    raters: u64,
    units: u64,
    /// Σ_i P_i, where P_i = (Σ_j n_ij² − n) / (n(n − 1)).
    sum_agreement: f64,
    /// Σ_i n_ij per category j.
    category_totals: BTreeMap<u32, u64>,
}

impl FleissSums {
    /// Adds one unit given as (category, raters) pairs. Returns `None` (and
    /// adds nothing) if its number of ratings differs from earlier units' or
    /// is below 2.
    pub fn add_unit(&mut self, counts: impl Iterator<Item = (u32, u64)> + Clone) -> Option<()> {
        let n: u64 = counts.clone().map(|(_, k)| k).sum();
        if n < 2 || (self.raters != 0 && n != self.raters) {
            return None;
        }
        self.raters = n;
        self.units += 1;
        let squares: u64 = counts.clone().map(|(_, k)| k * k).sum();
        self.sum_agreement += (squares - n) as f64 / (n * (n - 1)) as f64;
        for (category, k) in counts {
            if k > 0 {
                *self.category_totals.entry(category).or_default() += k;
            }
        }
        Some(())
    }

    /// Adds a unit's agreement directly: used for binary (per-label) sums,
    /// where `present` of the n raters chose the label.
    pub fn add_binary_unit(&mut self, raters: u64, present: u64) {
        self.add_unit([(1, present), (0, raters - present)].into_iter());
    }

    /// Adds `units` units on which all n raters chose category `category`.
    pub fn add_unanimous_units(&mut self, raters: u64, category: u32, units: u64) {
        if units == 0 || raters < 2 || (self.raters != 0 && raters != self.raters) {
            return;
        }
        self.raters = raters;
        self.units += units;
        self.sum_agreement += units as f64;
        *self.category_totals.entry(category).or_default() += raters * units;
    }

    pub fn merge(&mut self, other: &FleissSums) {
        if other.units == 0 {
            return;
        }
        if self.raters != 0 && self.raters != other.raters {
            return;
        }
        self.raters = other.raters;
        self.units += other.units;
        self.sum_agreement += other.sum_agreement;
        for (&c, &k) in &other.category_totals {
            *self.category_totals.entry(c).or_default() += k;
        }
    }

    pub fn units(&self) -> u64 {
        self.units
    }

    /// κ = (P̄ − P̄_e) / (1 − P̄_e), P̄_e = Σ_j p_j², p_j = Σ_i n_ij / (N n).
    pub fn kappa(&self) -> Option<f64> {
        if self.units == 0 {
            return None;
        }
        let ratings = (self.units * self.raters) as f64;
        let observed = self.sum_agreement / self.units as f64;
        let expected: f64 = self
            .category_totals
            .values()
            .map(|&k| (k as f64 / ratings).powi(2))
            .sum();
        ratio(observed - expected, 1.0 - expected)
    }
}

/// `numerator / denominator`, or `None` when the denominator is (nearly) zero.
pub(crate) fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    if denominator.abs() < 1e-12 {
        None
    } else {
        Some(numerator / denominator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_chance_agreement() {
        assert_eq!(cohen_kappa(&[vec![5.0, 0.0], vec![0.0, 5.0]]), Some(1.0));
        let kappa = cohen_kappa(&[vec![25.0, 25.0], vec![25.0, 25.0]]).unwrap();
        assert!(kappa.abs() < 1e-12);
        // One category only: expected agreement is 1, kappa undefined.
        assert_eq!(cohen_kappa(&[vec![7.0]]), None);
        assert_eq!(cohen_kappa(&[]), None);
    }

    #[test]
    fn fleiss_needs_the_same_number_of_ratings() {
        assert_eq!(fleiss_kappa(&[vec![2, 1], vec![1, 1]]), None);
        assert_eq!(fleiss_kappa(&[vec![3, 0], vec![0, 3]]), Some(1.0));
    }

    #[test]
    fn sparse_cohen_matches_dense() {
        let dense = vec![vec![20.0, 5.0], vec![10.0, 15.0]];
        let mut sparse = BTreeMap::new();
        sparse.insert((0, 0), 20);
        sparse.insert((0, 1), 5);
        sparse.insert((1, 0), 10);
        sparse.insert((1, 1), 15);
        let a = cohen_kappa(&dense).unwrap();
        let b = cohen_kappa_sparse(&sparse).unwrap();
        assert!((a - b).abs() < 1e-12);
        assert!((a - 0.4).abs() < 1e-12);
    }
}
