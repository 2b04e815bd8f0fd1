//! Values the config's sections share: durations (`30s`, `2m`, or seconds) and the words a
//! refusal uses for a JSON value.

use std::time::Duration;

use serde::de::{Error as _, Unexpected};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// serde's word for what a JSON value is, for a refusal.
pub(super) fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (_, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// A duration: `30s`, `2m`, or a whole number of seconds. (Read as a JSON value rather than an
/// untagged enum, whose refusal names no value: "did not match any variant".)
pub(super) fn duration<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Duration, D::Error> {
    let value = Value::deserialize(d)?;
    match &value {
        Value::Number(n) if n.is_u64() => Ok(Duration::from_secs(n.as_u64().unwrap_or_default())),
        Value::String(t) => crate::duration::parse_duration(t).map_err(D::Error::custom),
        other => Err(D::Error::invalid_type(
            unexpected(other),
            &"a duration like 30s or 2m, or a number of seconds",
        )),
    }
}

pub(super) fn default_period() -> Duration {
    Duration::from_secs(60)
}
