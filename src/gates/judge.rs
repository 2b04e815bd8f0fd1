//! How a comparative gate judges green against blue, once the numbers are in: pure functions of
//! the two sides' values, so the verdicts are unit-tested without CloudWatch.
//!
//! - An error rate: green's errors over its requests against blue's. Green fails only when its
//!   rate is above both blue's × (1 + relative tolerance) and blue's + absolute tolerance (a
//!   quiet service's 0.1% → 0.3% is three times, yet harmless). Fewer requests than the
//!   minimum on either side cannot tell.
//! - A distribution (latency, any metric's per-period values): the Mann-Whitney U test asks
//!   whether green's values tend to be worse than blue's; green fails only when the test is
//!   confident of it *and* its median is worse by at least the minimum effect (a "significant"
//!   2% shift does no harm). Only the worse direction fails. Too few samples cannot tell.

use super::Check;
use super::stats::{Alternative, mann_whitney, median};
use crate::config::gates::Tolerance;

/// What each side counted over the window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Counts {
    pub errors: f64,
    pub requests: f64,
}

/// One verdict on one series, with its evidence line.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub result: super::Result3,
    pub line: String,
}

/// Green's error rate against blue's.
pub fn rate(
    label: &str,
    green: Counts,
    blue: Counts,
    tolerance: Tolerance,
    min_requests: u64,
) -> Finding {
    let side = |c: Counts| {
        let rate = if c.requests > 0.0 { c.errors / c.requests } else { 0.0 };
        (rate, format!("{} ({} of {} requests)", percent(rate), c.errors, c.requests))
    };
    let ((g, green_text), (b, blue_text)) = (side(green), side(blue));
    let seen = format!("{label}: green {green_text} vs blue {blue_text}");
    let needed = min_requests as f64;
    if green.requests < needed || blue.requests < needed {
        return inconclusive(format!(
            "{seen}: too few requests to compare (at least {min_requests} on each side)"
        ));
    }
    let limit = (b * (1.0 + tolerance.relative)).max(b + tolerance.absolute);
    if g > limit {
        fail(format!(
            "{seen}: worse — above blue's +{}% and +{} points (limit {})",
            trim(tolerance.relative * 100.0),
            trim(tolerance.absolute * 100.0),
            percent(limit)
        ))
    } else {
        pass(format!("{seen}: within the tolerance (limit {})", percent(limit)))
    }
}

/// How a distribution is judged.
#[derive(Debug, Clone, Copy)]
pub struct Test {
    pub confidence: f64,
    pub min_effect: f64,
    pub min_samples: u32,
    /// Higher values are worse (latency, errors); else lower ones are.
    pub higher_is_worse: bool,
}

/// Green's sample against blue's by the Mann-Whitney U test.
pub fn distribution(label: &str, green: &[f64], blue: &[f64], test: Test) -> Finding {
    let counts = format!("{} and {} samples", green.len(), blue.len());
    if green.len() < test.min_samples as usize || blue.len() < test.min_samples as usize {
        return inconclusive(format!(
            "{label}: {counts}: too few to compare (at least {} on each side)",
            test.min_samples
        ));
    }
    let (g, b) = (median(green), median(blue));
    let alternative = if test.higher_is_worse { Alternative::Greater } else { Alternative::Less };
    let result = mann_whitney(green, blue, alternative);
    // The effect: how much worse green's median is, relative to blue's.
    let change =
        if b == 0.0 { if g == b { 0.0 } else { f64::INFINITY } } else { (g - b) / b.abs() };
    let worse_by = if test.higher_is_worse { change } else { -change };
    let alpha = 1.0 - test.confidence;
    let seen = format!(
        "{label}: green median {} vs blue {} ({}{}%), {counts}, U={}, p={}",
        trim(g),
        trim(b),
        if change >= 0.0 { "+" } else { "" },
        trim_to(change * 100.0, 1),
        trim(result.u),
        significant(result.p)
    );
    let min_effect = trim(test.min_effect * 100.0);
    if result.p < alpha && worse_by >= test.min_effect {
        fail(format!("{seen}: worse — p < {} and at least {min_effect}% worse", trim(alpha)))
    } else if result.p < alpha {
        pass(format!("{seen}: worse by less than {min_effect}%: harmless"))
    } else {
        pass(format!("{seen}: not worse at {}% confidence", trim(test.confidence * 100.0)))
    }
}

fn pass(line: String) -> Finding {
    Finding { result: super::Result3::Pass, line }
}
fn fail(line: String) -> Finding {
    Finding { result: super::Result3::Fail, line }
}
fn inconclusive(line: String) -> Finding {
    Finding { result: super::Result3::Inconclusive, line }
}

/// The check of several findings: failed if one failed, else inconclusive if one could not
/// tell, else passed. The evidence lists every finding, the deciding ones first.
pub fn combine(findings: Vec<Finding>) -> Check {
    use super::Result3::{Fail, Inconclusive};
    let worst = [Fail, Inconclusive].into_iter().find(|r| findings.iter().any(|f| f.result == *r));
    let mut lines: Vec<(bool, String)> =
        findings.into_iter().map(|f| (Some(f.result) != worst, f.line)).collect();
    lines.sort_by_key(|(later, _)| *later);
    let lines = lines.into_iter().map(|(_, line)| line).collect();
    match worst {
        Some(Fail) => Check::fail(lines),
        Some(_) => Check::inconclusive(lines),
        None => Check::pass(lines),
    }
}

fn percent(rate: f64) -> String {
    format!("{}%", trim(rate * 100.0))
}

/// A number as a person reads it: at most 3 decimals, no trailing zeros.
fn trim(value: f64) -> String {
    trim_to(value, 3)
}

fn trim_to(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "∞".into();
    }
    let text = format!("{value:.decimals$}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".into() } else { text.to_string() }
}

/// A p-value: small ones in scientific notation, so they are not all "0".
fn significant(p: f64) -> String {
    if p < 0.001 { format!("{p:.1e}") } else { trim(p) }
}

#[cfg(test)]
mod tests {
    use super::super::Result3::{Fail, Inconclusive, Pass};
    use super::*;

    const TOLERANCE: Tolerance = Tolerance { relative: 0.5, absolute: 0.01 };
    const TEST: Test =
        Test { confidence: 0.95, min_effect: 0.1, min_samples: 5, higher_is_worse: true };

    fn counts(errors: f64, requests: f64) -> Counts {
        Counts { errors, requests }
    }

    #[test]
    fn an_error_rate_fails_only_past_both_tolerances() {
        let blue = counts(10.0, 500.0); // 2%
        let f = rate("5xx rate", counts(30.0, 500.0), blue, TOLERANCE, 100);
        assert_eq!(f.result, Fail, "{}", f.line);
        assert!(f.line.contains("green 6% (30 of 500 requests) vs blue 2% (10 of 500 requests)"));
        assert!(f.line.contains("limit 3%"), "{}", f.line);
        assert_eq!(rate("r", counts(14.0, 500.0), blue, TOLERANCE, 100).result, Pass);
        // Three times a tiny rate stays within the absolute tolerance.
        let tiny = rate("r", counts(3.0, 1000.0), counts(1.0, 1000.0), TOLERANCE, 100);
        assert_eq!(tiny.result, Pass, "{}", tiny.line);
        // Better than blue always passes.
        assert_eq!(rate("r", counts(0.0, 500.0), blue, TOLERANCE, 100).result, Pass);
    }

    #[test]
    fn too_few_requests_cannot_tell() {
        let f = rate("5xx rate", counts(5.0, 40.0), counts(0.0, 900.0), TOLERANCE, 100);
        assert_eq!(f.result, Inconclusive);
        assert!(f.line.contains("too few requests to compare (at least 100 on each side)"));
    }

    #[test]
    fn a_distribution_fails_when_significantly_and_materially_worse() {
        let blue = [0.20, 0.22, 0.19, 0.21, 0.23, 0.18, 0.24, 0.20, 0.22, 0.21];
        let slow: Vec<f64> = blue.iter().map(|v| v * 1.5).collect();
        let f = distribution("p90 latency", &slow, &blue, TEST);
        assert_eq!(f.result, Fail, "{}", f.line);
        assert!(f.line.contains("green median 0.315 vs blue 0.21 (+50%), 10 and 10 samples, U="));
        // Consistently but only 5% slower: significant (SciPy: p = 0.0014), harmless.
        let steady: Vec<f64> = (0..10).map(|i| 1.0 + 0.01 * f64::from(i)).collect();
        let slightly: Vec<f64> = steady.iter().map(|v| v + 0.055).collect();
        let f = distribution("p90 latency", &slightly, &steady, TEST);
        assert_eq!(f.result, Pass, "{}", f.line);
        assert!(f.line.contains("harmless"), "{}", f.line);
        // Faster is never worse; with `lower` worse, slower is not either.
        let fast: Vec<f64> = blue.iter().map(|v| v / 2.0).collect();
        assert_eq!(distribution("p90", &fast, &blue, TEST).result, Pass);
        let lower = Test { higher_is_worse: false, ..TEST };
        assert_eq!(distribution("rps", &slow, &blue, lower).result, Pass);
        assert_eq!(distribution("rps", &fast, &blue, lower).result, Fail);
    }

    #[test]
    fn few_samples_cannot_tell_and_the_worst_finding_decides() {
        let f = distribution("p50", &[1.0, 2.0], &[1.0, 2.0, 3.0, 4.0, 5.0], TEST);
        assert_eq!(f.result, Inconclusive);
        assert!(f.line.contains("2 and 5 samples: too few to compare (at least 5 on each side)"));
        let check = combine(vec![pass("a".into()), f.clone(), pass("b".into())]);
        assert_eq!(check.result, Inconclusive);
        assert_eq!(check.evidence[0], f.line, "the deciding finding first");
        let check = combine(vec![f, fail("c".into())]);
        assert_eq!((check.result, check.evidence[0].as_str()), (Fail, "c"));
    }
}
