//! The statistics of comparative gates: the Mann-Whitney U test (the rank test Kayenta, the
//! canary judge behind Spinnaker and Argo Rollouts' `kayenta` provider, classifies metrics with)
//! and the median. Computed as SciPy's `scipy.stats.mannwhitneyu` does with its defaults
//! (`method="auto"`, `use_continuity=True`), so a person can check a verdict with SciPy: the
//! exact distribution of U when a sample has at most 8 values and nothing ties, else the normal
//! approximation with the tie correction and the continuity correction.

/// Which side the test asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alternative {
    /// The first sample tends to be larger than the second.
    Greater,
    /// The first sample tends to be smaller than the second.
    Less,
}

/// The outcome of a test: the first sample's U and the one-sided p-value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MannWhitney {
    pub u: f64,
    pub p: f64,
}

/// The Mann-Whitney U test of `x` against `y` (neither empty): `u` is x's U statistic (how many
/// of the (x, y) pairs have x larger, ties counting a half), `p` the one-sided p-value.
pub fn mann_whitney(x: &[f64], y: &[f64], alternative: Alternative) -> MannWhitney {
    let (n1, n2) = (x.len() as f64, y.len() as f64);
    let (ranks, ties) = ranks(x, y);
    let r1: f64 = ranks[..x.len()].iter().sum();
    let u1 = r1 - n1 * (n1 + 1.0) / 2.0;
    // The "less" question about x is the "greater" one about y.
    let u = match alternative {
        Alternative::Greater => u1,
        Alternative::Less => n1 * n2 - u1,
    };
    let exact = (x.len() <= 8 || y.len() <= 8) && ties.is_empty();
    let p = if exact {
        exact_sf(u, x.len().min(y.len()), x.len().max(y.len()))
    } else {
        asymptotic_sf(u, n1, n2, &ties)
    };
    MannWhitney { u: u1, p: p.clamp(0.0, 1.0) }
}

/// The median (of a non-empty sample).
pub fn median(sample: &[f64]) -> f64 {
    let mut sorted = sample.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) { (sorted[mid - 1] + sorted[mid]) / 2.0 } else { sorted[mid] }
}

/// The ranks (1-based, ties getting the mean of their ranks) of `x` then `y` pooled, and the
/// size of every group of tied values.
fn ranks(x: &[f64], y: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let pooled: Vec<f64> = x.iter().chain(y).copied().collect();
    let mut order: Vec<usize> = (0..pooled.len()).collect();
    order.sort_by(|&a, &b| pooled[a].total_cmp(&pooled[b]));
    let mut ranks = vec![0.0; pooled.len()];
    let mut ties = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && pooled[order[end]] == pooled[order[start]] {
            end += 1;
        }
        // Positions start..end hold equal values: each gets the mean of ranks start+1..=end.
        let rank = (start + end + 1) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = rank;
        }
        if end - start > 1 {
            ties.push((end - start) as f64);
        }
        start = end;
    }
    (ranks, ties)
}

/// P(U ≥ u) under the normal approximation, with the tie and continuity corrections.
fn asymptotic_sf(u: f64, n1: f64, n2: f64, ties: &[f64]) -> f64 {
    let n = n1 + n2;
    let tie_term: f64 = ties.iter().map(|t| t * t * t - t).sum();
    let sigma = (n1 * n2 / 12.0 * ((n + 1.0) - tie_term / (n * (n - 1.0)))).sqrt();
    if sigma == 0.0 || !sigma.is_finite() {
        // Every value equal: no evidence either way.
        return 1.0;
    }
    let z = (u - n1 * n2 / 2.0 - 0.5) / sigma;
    normal_sf(z)
}

/// The standard normal distribution's survival function, P(Z > z).
fn normal_sf(z: f64) -> f64 {
    0.5 * libm::erfc(z / std::f64::consts::SQRT_2)
}

/// P(U ≥ u) under the exact null distribution of U for samples of `m ≤ n` values without ties:
/// the number of arrangements giving each U is the coefficient of q^U in the Gaussian binomial
/// coefficient [m+n choose m]_q = Π_{i=1..m} (1 − q^(n+i)) / (1 − q^i).
fn exact_sf(u: f64, m: usize, n: usize) -> f64 {
    let max = m * n;
    let mut counts = vec![0.0_f64; max + 1];
    counts[0] = 1.0;
    for i in 1..=m {
        // Multiply by (1 − q^(n+i)): from the top down, so each coefficient reads old ones.
        for k in (n + i..=max).rev() {
            counts[k] -= counts[k - n - i];
        }
        // Divide by (1 − q^i): a running sum with stride i.
        for k in i..=max {
            counts[k] += counts[k - i];
        }
    }
    let total: f64 = counts.iter().sum();
    // U of untied samples is a whole number; the first U at or above `u`.
    let from = u.ceil().max(0.0) as usize;
    let above: f64 = counts.iter().skip(from).sum();
    above / total
}

#[cfg(test)]
mod tests {
    use super::Alternative::{Greater, Less};
    use super::*;

    // Every expected value below is SciPy 1.17.1's, computed once with
    // `scipy.stats.mannwhitneyu(x, y, alternative=...)` (defaults: method="auto",
    // use_continuity=True) on the samples written next to it; statistic is x's U.
    #[track_caller]
    fn agrees(x: &[f64], y: &[f64], u: f64, greater: f64, less: f64) {
        let g = mann_whitney(x, y, Greater);
        let l = mann_whitney(x, y, Less);
        assert_eq!((g.u, l.u), (u, u), "U of x");
        assert!((g.p - greater).abs() < 1e-12, "greater: {} vs SciPy's {greater}", g.p);
        assert!((l.p - less).abs() < 1e-12, "less: {} vs SciPy's {less}", l.p);
    }

    #[test]
    fn small_samples_without_ties_use_the_exact_distribution() {
        agrees(
            &[1.1, 2.3, 3.5, 4.0, 5.2],
            &[0.5, 0.9, 1.0, 2.0, 2.1, 3.0],
            26.0,
            0.025974025974025976,
            0.9848484848484849,
        );
        // Completely separated samples of four: 1/70, the smallest p-value four and four allow.
        agrees(&[5.0, 6.0, 7.0, 8.0], &[1.0, 2.0, 3.0, 4.0], 16.0, 0.014285714285714285, 1.0);
    }

    #[test]
    fn ties_use_the_normal_approximation_with_the_tie_correction() {
        agrees(
            &[3.0, 4.0, 4.0, 5.0, 6.0, 6.0, 7.0],
            &[1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 5.0],
            39.0,
            0.03476422722652858,
            0.9740891030839492,
        );
        // All equal: nothing to tell them apart.
        agrees(&[1.0, 1.0, 1.0], &[1.0, 1.0, 1.0], 4.5, 1.0, 1.0);
    }

    #[test]
    fn larger_samples_use_the_normal_approximation() {
        let x: Vec<f64> = (0..12).map(|i| f64::from(i % 13) + 0.5 * f64::from(i % 3)).collect();
        let y: Vec<f64> = (0..10).map(|i| f64::from(i % 11)).collect();
        agrees(&x, &y, 74.5, 0.17708282632356298, 0.8395770182718189);
        agrees(
            &[0.21, 0.25, 0.22, 0.30, 0.27, 0.24, 0.26, 0.23, 0.29],
            &[0.20, 0.22, 0.19, 0.21, 0.23, 0.18, 0.24, 0.20, 0.22, 0.21],
            80.0,
            0.0023230194660071547,
            0.9982081151279827,
        );
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
    }
}
