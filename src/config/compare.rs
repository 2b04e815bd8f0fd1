//! A comparative gate's settings (`type: compare` under `shipper.gates.checks`): green's own
//! CloudWatch series against blue's. Part of the gates' specification ([`super::gates`]); the
//! code that judges them is [`crate::gates`]' compare provider's.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;

use super::values::{default_period, duration};

/// A comparative gate: green's metric against blue's — at the same time (`against: blue`,
/// both live behind one listener) or blue's over an equal window before the shift (`against:
/// before`). How it is judged is [`crate::gates`]' compare provider's.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compare {
    /// `error_rate` (ALB 5XX over requests), `latency` (ALB TargetResponseTime), or the name of
    /// any CloudWatch metric (with `namespace` and `{target_group}` in its `dimensions`).
    pub metric: String,
    #[serde(default)]
    pub against: Against,
    /// For a metric of your own.
    #[serde(default)]
    pub namespace: Option<String>,
    /// `{target_group}` becomes green's or blue's (`targetgroup/name/id`), `{load_balancer}`
    /// its load balancer's (`app/name/id`). Default for the ALB metrics: both.
    #[serde(default)]
    pub dimensions: BTreeMap<String, String>,
    /// The statistics compared (a metric of your own: one, default Average; `latency`: default
    /// p50, p90 and p99).
    #[serde(default)]
    pub stats: Vec<String>,
    #[serde(default = "default_period", deserialize_with = "duration")]
    pub period: Duration,
    /// The longest window looked at.
    #[serde(default = "default_window", deserialize_with = "duration")]
    pub window: Duration,
    /// `error_rate`: how much worse than blue's green's rate may be (both must be exceeded).
    #[serde(default)]
    pub tolerance: Tolerance,
    /// `error_rate`: fewer requests than this on either side is inconclusive.
    #[serde(default = "default_min_requests")]
    pub min_requests: u64,
    /// Distributions: how sure the Mann-Whitney test must be that green is worse.
    #[serde(default = "default_confidence")]
    pub confidence: f64,
    /// Distributions: the smallest worsening of the median that fails (0.1: 10%).
    #[serde(default = "default_min_effect")]
    pub min_effect: f64,
    /// Distributions: fewer samples than this on either side is inconclusive.
    #[serde(default = "default_min_samples")]
    pub min_samples: u32,
    /// `higher` (errors, latency) or `lower` (throughput): which direction is worse.
    #[serde(default = "default_worse")]
    pub worse: String,
    /// Inconclusive checks tolerated; one more fails the gate (default: no limit).
    #[serde(default)]
    pub inconclusive_limit: Option<u32>,
}

/// What green is compared with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Against {
    /// Blue over the same window, both serving (LINEAR/CANARY traffic steps, the test phase).
    #[default]
    Blue,
    /// Blue over an equal window just before production traffic moved to green.
    Before,
}

/// An error rate's tolerance: green fails when its rate is above both blue's × (1 + relative)
/// and blue's + absolute.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tolerance {
    #[serde(default = "default_relative")]
    pub relative: f64,
    #[serde(default = "default_absolute")]
    pub absolute: f64,
}

impl Default for Tolerance {
    fn default() -> Self {
        Self { relative: default_relative(), absolute: default_absolute() }
    }
}

fn default_window() -> Duration {
    Duration::from_secs(600)
}
fn default_min_requests() -> u64 {
    100
}
fn default_confidence() -> f64 {
    0.95
}
fn default_min_effect() -> f64 {
    0.1
}
fn default_min_samples() -> u32 {
    5
}
fn default_worse() -> String {
    "higher".into()
}
fn default_relative() -> f64 {
    0.5
}
fn default_absolute() -> f64 {
    0.01
}
