//! The `shipper.gates` section of the config: part of shipper's interface (documented in the
//! README's "Blue/green and health gates"). Unknown keys and bad values are errors naming the
//! key path, before any AWS call. This is the gates' specification, plain data; the code that
//! runs them is [`crate::gates`].

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Deserializer};

use crate::error::{Error, Result};

/// When a gate applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Test,
    Production,
    Steps,
    Bake,
}

impl Phase {
    /// Every phase, in the order a deployment passes through them.
    pub const ALL: [Self; 4] = [Self::Test, Self::Production, Self::Steps, Self::Bake];

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Test => "test",
            Self::Production => "production",
            Self::Steps => "steps",
            Self::Bake => "bake",
        }
    }
}

/// The provider and its settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Kind {
    /// Every target of the new revision's target group(s) healthy, at least `min_healthy`.
    TargetHealth {
        #[serde(default)]
        target_group: Option<String>,
        #[serde(default)]
        min_healthy: Option<u32>,
    },
    /// Named alarms and/or every alarm under a prefix stay out of ALARM.
    Alarms {
        #[serde(default)]
        names: Vec<String>,
        #[serde(default)]
        prefix: Option<String>,
    },
    /// A CloudWatch metric statistic compared with a threshold.
    Metric {
        namespace: String,
        metric: String,
        #[serde(default)]
        dimensions: BTreeMap<String, String>,
        #[serde(default = "default_stat")]
        stat: String,
        #[serde(default = "default_period", deserialize_with = "duration")]
        period: Duration,
        /// `<`, `<=`, `>`, `>=`: the value must satisfy `value OP threshold` to pass.
        #[serde(default = "default_comparison")]
        comparison: String,
        threshold: f64,
        /// Whether a window without datapoints passes (no traffic, no errors).
        #[serde(default = "yes")]
        pass_without_data: bool,
    },
    /// An HTTP request whose answer must match.
    Http {
        url: String,
        #[serde(default = "default_method")]
        method: String,
        #[serde(default = "default_status")]
        status: u16,
        #[serde(default)]
        body_contains: Option<String>,
        /// `{"path": "status", "equals": "ok"}`: a JSON field of the answer (dotted path).
        #[serde(default)]
        json: Option<JsonCondition>,
        #[serde(default)]
        headers: BTreeMap<String, String>,
    },
    /// A command (`sh -c`) that passes when it exits 0.
    Command { run: String },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonCondition {
    pub path: String,
    pub equals: serde_json::Value,
}

/// One gate. (Unknown keys are refused by [`Kind`], which sees every key the gate itself does
/// not take: serde cannot deny unknown fields on a struct with a flattened member.)
#[derive(Debug, Clone, Deserialize)]
pub struct GateConfig {
    pub name: String,
    /// When it applies: one phase or a list.
    #[serde(deserialize_with = "phases", rename = "phase")]
    pub phases: Vec<Phase>,
    #[serde(default = "default_interval", deserialize_with = "duration")]
    pub interval: Duration,
    /// Consecutive passes needed.
    #[serde(default = "one")]
    pub passes: u32,
    /// …spanning at least this long.
    #[serde(default, rename = "for", deserialize_with = "duration")]
    pub hold: Duration,
    /// Failed checks tolerated; one more fails the gate.
    #[serde(default)]
    pub failure_limit: u32,
    /// Per check.
    #[serde(default = "default_timeout", deserialize_with = "duration")]
    pub timeout: Duration,
    /// For the bake phase: how long it keeps checking.
    #[serde(default = "default_bake", deserialize_with = "duration")]
    pub bake: Duration,
    #[serde(flatten)]
    pub kind: Kind,
}

/// The whole section.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gates {
    #[serde(default)]
    pub checks: Vec<GateConfig>,
}

impl Gates {
    /// Parses `shipper.gates` (`file` names the config in errors).
    pub fn parse(value: &serde_json::Value, file: &str) -> Result<Self> {
        let gates: Self = serde_path_to_error::deserialize(value).map_err(|e| {
            Error::new(format!("{file}: `shipper.gates.{}`: {}", e.path(), e.inner()))
                .hint("see the README's \"Blue/green and health gates\" for the keys")
        })?;
        let mut names: Vec<&str> = Vec::new();
        for (i, gate) in gates.checks.iter().enumerate() {
            if names.contains(&gate.name.as_str()) {
                return Err(Error::new(format!(
                    "{file}: `shipper.gates.checks[{i}].name`: `{}` is used twice",
                    gate.name
                )));
            }
            names.push(&gate.name);
            if gate.passes == 0 {
                return Err(Error::new(format!(
                    "{file}: `shipper.gates.checks[{i}].passes` must be at least 1"
                )));
            }
            if gate.interval < Duration::from_millis(100) {
                return Err(Error::new(format!(
                    "{file}: `shipper.gates.checks[{i}].interval` must be at least 100ms"
                )));
            }
            if let Kind::Metric { comparison, .. } = &gate.kind
                && !["<", "<=", ">", ">="].contains(&comparison.as_str())
            {
                return Err(Error::new(format!(
                    "{file}: `shipper.gates.checks[{i}].comparison`: `{comparison}` is not one of <, <=, >, >="
                )));
            }
            if let Kind::Alarms { names, prefix } = &gate.kind
                && names.is_empty()
                && prefix.is_none()
            {
                return Err(Error::new(format!(
                    "{file}: `shipper.gates.checks[{i}]`: an alarms gate needs `names` or `prefix`"
                )));
            }
        }
        Ok(gates)
    }

    pub fn for_phase(&self, phase: Phase) -> impl Iterator<Item = &GateConfig> {
        self.checks.iter().filter(move |g| g.phases.contains(&phase))
    }

    pub fn has(&self, phase: Phase) -> bool {
        self.for_phase(phase).next().is_some()
    }
}

fn duration<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Duration, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Seconds(u64),
        Text(String),
    }
    match Raw::deserialize(d)? {
        Raw::Seconds(s) => Ok(Duration::from_secs(s)),
        Raw::Text(t) => crate::duration::parse_duration(&t).map_err(serde::de::Error::custom),
    }
}

fn phases<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<Phase>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        One(Phase),
        Many(Vec<Phase>),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::One(p) => vec![p],
        Raw::Many(p) => p,
    })
}

fn default_stat() -> String {
    "Sum".into()
}
fn default_period() -> Duration {
    Duration::from_secs(60)
}
fn default_comparison() -> String {
    "<=".into()
}
fn default_method() -> String {
    "GET".into()
}
fn default_status() -> u16 {
    200
}
fn default_interval() -> Duration {
    Duration::from_secs(10)
}
fn default_timeout() -> Duration {
    Duration::from_secs(10)
}
fn default_bake() -> Duration {
    Duration::from_secs(300)
}
fn one() -> u32 {
    1
}
fn yes() -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_complete_section_parses_and_mistakes_name_their_key() {
        let gates = Gates::parse(
            &json!({"checks": [
                {"name": "green", "type": "target_health", "phase": ["test", "production"], "interval": "5s", "passes": 3},
                {"name": "alarms", "type": "alarms", "phase": "bake", "prefix": "acme-dev-", "bake": "2m"},
                {"name": "p99", "type": "metric", "phase": "steps", "namespace": "AWS/ApplicationELB",
                 "metric": "TargetResponseTime", "stat": "p99", "threshold": 1.0, "comparison": "<"},
                {"name": "probe", "type": "http", "phase": "test", "url": "http://x/api/health", "json": {"path": "status", "equals": "ok"}},
                {"name": "smoke", "type": "command", "phase": "test", "run": "./smoke.sh", "failure_limit": 2}
            ]}),
            "c.yaml",
        )
        .unwrap();
        assert_eq!(gates.checks[0].interval, Duration::from_secs(5));
        assert_eq!(gates.checks[0].phases, [Phase::Test, Phase::Production]);
        assert!(gates.has(Phase::Steps) && !gates.checks[1].phases.contains(&Phase::Test));

        let err = Gates::parse(
            &json!({"checks": [{"name": "x", "type": "alarms", "phase": "bake", "prefx": "a"}]}),
            "c.yaml",
        )
        .unwrap_err();
        assert!(
            err.message().contains("shipper.gates.checks[0]") && err.message().contains("prefx"),
            "{}",
            err.message()
        );
        let err = Gates::parse(
            &json!({"checks": [{"name": "x", "type": "http", "phase": "tset", "url": "u"}]}),
            "c.yaml",
        )
        .unwrap_err();
        assert!(err.message().contains("checks[0]"), "{}", err.message());
        let err = Gates::parse(
            &json!({"checks": [{"name": "x", "type": "alarms", "phase": "bake"}]}),
            "c.yaml",
        )
        .unwrap_err();
        assert!(err.message().contains("needs `names` or `prefix`"), "{}", err.message());
    }
}
