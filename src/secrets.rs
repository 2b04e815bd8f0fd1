//! The registry of secret values, and the masking every line of output goes through.
//!
//! A value becomes secret the moment shipper reads it from an SSM SecureString. The registry is
//! process-wide on purpose: the output layer, the error renderer and the log writer all mask
//! through it, so no code path can forget to. Masking replaces each secret value with a label
//! such as `<secret ssm:/acme/dev/database/password>` unless the user passed `--show-secrets`.

use std::sync::{OnceLock, RwLock};

/// One secret value and where it came from.
#[derive(Debug, Clone)]
struct Secret {
    value: String,
    label: String,
}

#[derive(Debug, Default)]
struct Registry {
    secrets: Vec<Secret>,
    show: bool,
}

fn registry() -> &'static RwLock<Registry> {
    static REGISTRY: OnceLock<RwLock<Registry>> = OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

/// Remembers `value` as secret, labelled by its source (for example `ssm:/p/q`).
/// Empty values are not recorded: masking an empty string would mask everything.
pub fn register(value: &str, source: &str) {
    if value.is_empty() {
        return;
    }
    let mut reg = registry().write().unwrap_or_else(std::sync::PoisonError::into_inner);
    if reg.secrets.iter().any(|s| s.value == value) {
        return;
    }
    reg.secrets.push(Secret { value: value.to_string(), label: format!("<secret {source}>") });
    // Longest first, so a secret that contains another is masked whole.
    reg.secrets.sort_by_key(|s| std::cmp::Reverse(s.value.len()));
}

/// `--show-secrets`: print values as they are.
pub fn set_show(show: bool) {
    registry().write().unwrap_or_else(std::sync::PoisonError::into_inner).show = show;
}

/// Whether secret values are printed as they are (`--show-secrets`).
pub fn shown() -> bool {
    registry().read().unwrap_or_else(std::sync::PoisonError::into_inner).show
}

/// The label of a secret value, if `value` is one.
pub fn label_of(value: &str) -> Option<String> {
    let reg = registry().read().unwrap_or_else(std::sync::PoisonError::into_inner);
    reg.secrets.iter().find(|s| s.value == value).map(|s| s.label.clone())
}

/// Whether `text` contains any secret value.
pub fn contains_secret(text: &str) -> bool {
    let reg = registry().read().unwrap_or_else(std::sync::PoisonError::into_inner);
    reg.secrets.iter().any(|s| text.contains(&s.value))
}

/// Every secret value, for `::add-mask::` under GitHub Actions.
pub fn values() -> Vec<String> {
    let reg = registry().read().unwrap_or_else(std::sync::PoisonError::into_inner);
    reg.secrets.iter().map(|s| s.value.clone()).collect()
}

/// Replaces every secret value in `text` with its label, unless secrets are shown.
/// The value is also masked in its JSON-escaped form, since rendered documents are JSON.
pub fn mask(text: &str) -> String {
    let reg = registry().read().unwrap_or_else(std::sync::PoisonError::into_inner);
    if reg.show || reg.secrets.is_empty() {
        return text.to_string();
    }
    let mut out = text.to_string();
    for secret in &reg.secrets {
        out = out.replace(&secret.value, &secret.label);
        let escaped = serde_json::to_string(&secret.value).unwrap_or_default();
        let escaped = &escaped[1..escaped.len().saturating_sub(1)];
        if escaped != secret.value {
            out = out.replace(escaped, &secret.label);
        }
    }
    out
}

/// Masks every string inside a JSON value. Formats that re-quote strings (YAML writes `it's` as
/// `'it''s'` and multi-line values as blocks) need this before they run: masking their text
/// afterwards would not find the value.
pub fn mask_value(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(s) => Value::String(mask(s)),
        Value::Array(items) => Value::Array(items.iter().map(mask_value).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), mask_value(v))).collect())
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_plain_and_json_escaped_values() {
        register("s3cr\"et-value", "ssm:/t/masks");
        assert_eq!(mask("pw=s3cr\"et-value"), "pw=<secret ssm:/t/masks>");
        assert_eq!(mask(r#"{"v":"s3cr\"et-value"}"#), r#"{"v":"<secret ssm:/t/masks>"}"#);
        assert!(contains_secret("xx s3cr\"et-value"));
        assert_eq!(label_of("s3cr\"et-value").as_deref(), Some("<secret ssm:/t/masks>"));
    }

    #[test]
    fn values_are_masked_inside_documents() {
        register("multi\nline: it's", "ssm:/t/doc");
        let doc = serde_json::json!({"a": ["x multi\nline: it's y"], "b": 1});
        assert_eq!(mask_value(&doc), serde_json::json!({"a": ["x <secret ssm:/t/doc> y"], "b": 1}));
    }

    #[test]
    fn empty_values_are_never_secret() {
        register("", "ssm:/t/empty");
        assert_eq!(mask("abc"), "abc");
    }
}
