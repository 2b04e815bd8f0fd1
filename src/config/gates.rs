//! The `shipper.gates` section of the config: part of shipper's interface (documented in the
//! README's "Blue/green and health gates"). Unknown keys and bad values are errors naming the
//! key path, before any AWS call. This is the gates' specification, plain data; the code that
//! runs them is [`crate::gates`].

use std::collections::BTreeMap;
use std::time::Duration;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::lines::{Place, Step};
use super::values::{default_period, duration, unexpected};
use crate::error::{Error, Result};
use crate::suggest::one_typo_apart;

pub use super::compare::{Against, Compare, Tolerance};

/// The keys every gate takes, whatever its type; a type's own keys are its [`Kind`] variant's
/// fields (serde lists them when it refuses one), so a new type needs nothing here.
const GATE_KEYS: &[&str] =
    &["name", "type", "phase", "interval", "passes", "for", "failure_limit", "timeout", "bake"];

/// A metric gate's comparisons.
const COMPARISONS: &[&str] = &["<", "<=", ">", ">="];

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

    /// Their names, in the same order.
    pub const NAMES: &[&str] = &["test", "production", "steps", "bake"];

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
    /// Green's own CloudWatch series judged against blue's (see [`Compare`]).
    Compare(Compare),
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
    /// Parses `shipper.gates`. `file` names the config in errors, with the line of the gate or
    /// key when it knows the text (see [`Place`]). A gate is named by its `name` (by its index
    /// only when it has none); serde's refusals are put in plain words (see [`super::plain`]).
    pub fn parse(value: &Value, file: &(impl Place + ?Sized)) -> Result<Self> {
        let section = |rest: &[Step]| {
            let mut path = vec![Step::key("shipper"), Step::key("gates")];
            path.extend_from_slice(rest);
            path
        };
        let readme = "see the README's \"Blue/green and health gates\" for the keys";
        let checks = match value {
            Value::Null => return Ok(Self::default()),
            Value::Object(map) => {
                if let Some(key) = map.keys().find(|k| *k != "checks") {
                    return Err(Error::new(format!(
                        "{}: unknown key `shipper.gates.{key}`",
                        file.at(&section(&[Step::key(key)]))
                    ))
                    .hint("`shipper.gates` has one key, `checks`: the list of gates"));
                }
                map.get("checks").unwrap_or(&Value::Null)
            }
            _ => {
                return Err(Error::new(format!(
                    "{}: `shipper.gates` must be a mapping with the key `checks`",
                    file.at(&section(&[]))
                ))
                .hint(readme));
            }
        };
        let items = match checks {
            Value::Null => &[][..],
            Value::Array(items) => items.as_slice(),
            _ => {
                return Err(Error::new(format!(
                    "{}: `shipper.gates.checks` must be a list of gates",
                    file.at(&section(&[Step::key("checks")]))
                ))
                .hint(readme));
            }
        };
        let mut gates = Self::default();
        for (i, item) in items.iter().enumerate() {
            let at = |rest: &[Step]| {
                let mut path = section(&[Step::key("checks"), Step::Index(i)]);
                path.extend_from_slice(rest);
                file.at(&path)
            };
            let label = match item.get("name").and_then(Value::as_str) {
                Some(name) => format!("gate `{name}`"),
                None => format!("`shipper.gates.checks[{i}]`"),
            };
            let gate: GateConfig = serde_path_to_error::deserialize(item).map_err(|e| {
                let message = e.inner().to_string();
                let (mut path, composite) = match Step::of(e.path()) {
                    path if !path.is_empty() => (path, None),
                    _ => culprit(item, &message),
                };
                let key = (!path.is_empty()).then(|| super::lines::dotted(&path));
                let mut plain = super::plain::translate(&message, key.as_deref(), GATE_KEYS);
                // A refusal of a value under a mapping or list (`json: {path: 1}`), not of
                // the mapping or list itself (`headers: [1]`).
                let itself = match &composite {
                    Some(Value::Array(_)) => plain.message.ends_with("not a list"),
                    Some(Value::Object(_)) => plain.message.ends_with("not a mapping"),
                    _ => true,
                };
                if let (false, Some(key)) = (itself, &key) {
                    plain.message = plain.message.replacen(
                        &format!("`{key}` "),
                        &format!("a value under `{key}` "),
                        1,
                    );
                }
                path.extend(plain.key.as_deref().map(Step::key));
                let hint = plain.hint.unwrap_or_else(|| missing_hint(&plain.message, item));
                Error::new(format!("{}: {label}: {}", at(&path), plain.message)).hint(hint)
            })?;
            let refuse = |key: &str, message: String| {
                Error::new(format!("{}: {label}: {message}", at(&[Step::key(key)])))
            };
            if gates.checks.iter().any(|g| g.name == gate.name) {
                return Err(refuse("name", "the name is used twice".into()).hint(
                    "give each gate its own name: the log and the summary tell gates by it",
                ));
            }
            if gate.passes == 0 {
                return Err(refuse("passes", "`passes` must be at least 1".into()));
            }
            if gate.interval < Duration::from_millis(100) {
                return Err(refuse("interval", "`interval` must be at least 100ms".into()));
            }
            if let Kind::Metric { comparison, .. } = &gate.kind
                && !COMPARISONS.contains(&comparison.as_str())
            {
                return Err(refuse(
                    "comparison",
                    format!("`comparison: {comparison}` is not one of {}", COMPARISONS.join(", ")),
                ));
            }
            if let Kind::Alarms { names, prefix } = &gate.kind
                && names.is_empty()
                && prefix.is_none()
            {
                return Err(refuse("type", "an alarms gate needs `names` or `prefix`".into()));
            }
            gates.checks.push(gate);
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

/// The key of a gate that serde's refusal (`message`) is about when serde could not say: the
/// type's own keys are read through `#[serde(flatten)]`, which loses the path. An unknown type
/// is the `type` key; otherwise each key of the type is left out in turn, and the one whose
/// absence changes the refusal is it; its value comes along.
fn culprit<'a>(item: &'a Value, message: &str) -> (Vec<Step>, Option<&'a Value>) {
    if let Some(kind) = item.get("type").and_then(Value::as_str)
        && message.starts_with(&format!("unknown variant `{kind}`"))
    {
        return (vec![Step::key("type")], None);
    }
    let Value::Object(map) = item else { return (Vec::new(), None) };
    for (key, value) in map.iter().filter(|(k, _)| !GATE_KEYS.contains(&k.as_str())) {
        let mut without = map.clone();
        without.remove(key);
        let changed = match serde_json::from_value::<GateConfig>(Value::Object(without)) {
            Ok(_) => true,
            Err(e) => e.to_string() != message,
        };
        if changed {
            return (vec![Step::key(key)], Some(value));
        }
    }
    (Vec::new(), None)
}

/// What a missing key's message adds: the gate's own key that looks like a misspelling of it
/// (`typ:` for `type`), then the gate types when it is `type` (read from [`Kind`] itself, so a
/// new type is listed with no change here).
fn missing_hint(message: &str, gate: &Value) -> String {
    let missing = message.strip_prefix('`').and_then(|m| m.strip_suffix("` is missing"));
    let keys = gate.as_object().into_iter().flat_map(|o| o.keys());
    let misspelt = missing.and_then(|m| keys.map(String::as_str).find(|k| one_typo_apart(k, m)));
    if let (Some(missing), Some(key)) = (missing, misspelt) {
        return format!("did you mean `{missing}` for `{key}`?");
    }
    if message == "`type` is missing" {
        let types = match serde_json::from_value::<Kind>(serde_json::json!({"type": ""})) {
            Err(e) => super::plain::listed(&e.to_string()).join(", "),
            Ok(_) => String::new(),
        };
        return format!("the gate types: {types}");
    }
    if message == "`name` is missing" {
        return "every gate needs a `name`: the log and the summary tell gates by it".into();
    }
    "see the README's \"Blue/green and health gates\" for the keys".into()
}

/// One phase or a list of them.
fn phases<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<Phase>, D::Error> {
    let phase = |value: &Value| match value {
        Value::String(name) => {
            Phase::from_name(name).ok_or_else(|| D::Error::unknown_variant(name, Phase::NAMES))
        }
        other => Err(D::Error::invalid_type(unexpected(other), &"a phase")),
    };
    match Value::deserialize(d)? {
        Value::Array(items) => items.iter().map(phase).collect(),
        one @ Value::String(_) => Ok(vec![phase(&one)?]),
        other => Err(D::Error::invalid_type(unexpected(&other), &"a phase or a list of phases")),
    }
}

fn default_stat() -> String {
    "Sum".into()
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
        assert_eq!(err.message(), "c.yaml: gate `x`: unknown key `prefx`");
        assert!(err.hint_text().unwrap().starts_with("did you mean `prefix`?"));
        let err = Gates::parse(
            &json!({"checks": [{"name": "x", "type": "http", "phase": "tset", "url": "u"}]}),
            "c.yaml",
        )
        .unwrap_err();
        assert_eq!(
            err.message(),
            "c.yaml: gate `x`: `phase: tset` is not one of test, production, steps, bake"
        );
        // Unnamed, the gate is named by its index; a type's own keys keep their path.
        let err = Gates::parse(
            &json!({"checks": [{"type": "http", "phase": "test", "url": "u"}]}),
            "c.yaml",
        )
        .unwrap_err();
        assert_eq!(err.message(), "c.yaml: `shipper.gates.checks[0]`: `name` is missing");
        let err = Gates::parse(
            &json!({"checks": [{"name": "x", "typ": "alarms", "phase": "bake", "prefix": "a"}]}),
            "c.yaml",
        )
        .unwrap_err();
        assert_eq!(err.message(), "c.yaml: gate `x`: `type` is missing");
        assert_eq!(err.hint_text(), Some("did you mean `type` for `typ`?"));
        let err = Gates::parse(
            &json!({"checks": [{"name": "x", "type": "http", "phase": "test", "url": "u", "json": {"path": 1, "equals": 1}}]}),
            "c.yaml",
        )
        .unwrap_err();
        assert_eq!(err.message(), "c.yaml: gate `x`: a value under `json` must be text, not `1`");
        // Every key a gate takes whatever its type is one GATE_KEYS names.
        let every = json!({"checks": [{"name": "x", "type": "command", "phase": "bake", "run": "true",
            "interval": "1s", "passes": 2, "for": "2s", "failure_limit": 1, "timeout": 3, "bake": "1m"}]});
        let every_key: Vec<&str> =
            every["checks"][0].as_object().unwrap().keys().map(String::as_str).collect();
        assert!(Gates::parse(&every, "c.yaml").is_ok());
        assert!(GATE_KEYS.iter().all(|k| every_key.contains(k)));
        let err = Gates::parse(
            &json!({"checks": [{"name": "x", "type": "alarms", "phase": "bake"}]}),
            "c.yaml",
        )
        .unwrap_err();
        assert!(err.message().contains("needs `names` or `prefix`"), "{}", err.message());
    }
}
