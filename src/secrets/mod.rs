//! The registry of secret values, and the masking every line of output goes through.
//!
//! A value becomes secret the moment shipper reads it from an SSM SecureString. The registry is
//! process-wide on purpose: the output layer, the error renderer and the log writer all mask
//! through it, so no code path can forget to. Masking replaces each secret value with a label
//! such as `<secret ssm:/acme/dev/database/password>`, and the credentials written into URLs
//! with `***` (see [`urls`]), unless the user passed `--show-secrets`.

mod urls;

use std::sync::{OnceLock, RwLock};

/// One secret value and where it came from.
#[derive(Debug, Clone)]
struct Secret {
    value: String,
    label: String,
}

#[derive(Debug, Default)]
struct Registry {
    /// Longest first, for masking.
    secrets: Vec<Secret>,
    /// In the order they were registered, so the output layer can tell which are new.
    order: Vec<String>,
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
    register_one(value, source);
    // A parser's error snippet quotes one line of a document: it must not reveal one line of a
    // multi-line secret (a key, a certificate).
    if value.contains('\n') {
        for line in value.lines().map(str::trim).filter(|l| l.len() >= MIN_LINE) {
            register_one(line, source);
        }
    }
}

fn register_one(value: &str, source: &str) {
    let mut reg = registry().write().unwrap_or_else(std::sync::PoisonError::into_inner);
    if reg.secrets.iter().any(|s| s.value == value) {
        return;
    }
    reg.secrets.push(Secret { value: value.to_string(), label: format!("<secret {source}>") });
    reg.order.push(value.to_string());
    // Longest first, so a secret that contains another is masked whole.
    reg.secrets.sort_by_key(|s| std::cmp::Reverse(s.value.len()));
}

/// Lines of a multi-line secret shorter than this (`{`, `-----`) are not worth hiding alone.
const MIN_LINE: usize = 6;

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

/// Every secret value in the order they were registered (later ones last), for
/// `::add-mask::` under GitHub Actions.
pub fn values() -> Vec<String> {
    let reg = registry().read().unwrap_or_else(std::sync::PoisonError::into_inner);
    reg.order.clone()
}

/// Replaces every secret value in `text` with its label, and every credential in a URL with
/// `***`, unless secrets are shown. A value is also masked in its JSON-escaped form, since
/// rendered documents are JSON.
pub fn mask(text: &str) -> String {
    let reg = registry().read().unwrap_or_else(std::sync::PoisonError::into_inner);
    if reg.show {
        return text.to_string();
    }
    let mut out = urls::mask_urls(text);
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

/// The tag key under which shipper records, when it registers a revision, which environment
/// variables held secret values (`app/DB_PASSWORD app/TOKEN`; more keys `…:2`, `…:3` when one
/// value would pass the tag limit of 256 characters). A later run reads it back: when that
/// secret was rotated, renamed or removed from the files, the revision still holds the old
/// plain text, and only this record says it is secret. `diff` never shows these tags.
pub const ENVIRONMENT_TAG: &str = "shipper:secret-environment";

/// Variable names that almost always hold a credential. A running revision's value under such
/// a name is masked even without a record: it may predate shipper.
fn looks_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "PRIVATE_KEY",
        "API_KEY",
        "APIKEY",
        "ACCESS_KEY",
        "CREDENTIAL",
    ]
    .iter()
    .any(|word| upper.contains(word))
}

/// Values under secret-looking names shorter than this (`true`, `1`) would mask ordinary text
/// everywhere, and are no credential anyway.
const MIN_GUESSED: usize = 8;

/// `(container, variable, value)` for every environment entry of a task definition document.
fn environment(td: &serde_json::Value) -> Vec<(String, String, String)> {
    use serde_json::Value;
    let str_of =
        |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    td.get("containerDefinitions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|c| {
            let container = str_of(c, "name");
            c.get("environment")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(move |e| (container.clone(), str_of(e, "name"), str_of(e, "value")))
        })
        .collect()
}

/// The bookkeeping tags for a revision about to be registered: which of its environment
/// variables hold a secret value. Empty when none does.
pub fn environment_tags(td: &serde_json::Value) -> Vec<(String, String)> {
    let names: Vec<String> = environment(td)
        .into_iter()
        .filter(|(_, _, value)| contains_secret(value))
        .map(|(container, name, _)| format!("{container}/{name}"))
        .collect();
    let mut values: Vec<String> = Vec::new();
    for name in names {
        match values.last_mut() {
            Some(last) if last.len() + 1 + name.len() <= 256 => {
                last.push(' ');
                last.push_str(&name);
            }
            _ => values.push(name),
        }
    }
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| match i {
            0 => (ENVIRONMENT_TAG.to_string(), v),
            n => (format!("{ENVIRONMENT_TAG}:{}", n + 1), v),
        })
        .collect()
}

/// Learns the secrets a running revision holds in plain text: the variables its bookkeeping tags
/// name, and values under secret-looking names.
pub fn learn_from_deployed(td: &serde_json::Value, tags: &[(String, String)]) {
    let recorded: Vec<&str> = tags
        .iter()
        .filter(|(k, _)| is_environment_tag(k))
        .flat_map(|(_, v)| v.split(' '))
        .collect();
    for (container, name, value) in environment(td) {
        let path = format!("{container}/{name}");
        if recorded.contains(&path.as_str()) {
            register(&value, &format!("env {name}, secret when deployed"));
        } else if looks_secret(&name) && value.len() >= MIN_GUESSED {
            register(&value, &format!("env {name}, looks secret"));
        }
    }
}

/// Whether a tag is shipper's record of secret variables.
fn is_environment_tag(key: &str) -> bool {
    key == ENVIRONMENT_TAG || key.starts_with(&format!("{ENVIRONMENT_TAG}:"))
}

/// Whether a tag is one of shipper's own records (`shipper:…`: the secret variables above, the
/// gates a deployment passed): bookkeeping, never part of the user's definition.
pub fn is_bookkeeping_tag(key: &str) -> bool {
    key.starts_with("shipper:")
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
    fn values_keep_the_order_they_were_registered_in() {
        register("short-ord", "ssm:/t/a");
        register("a-much-longer-value-ord", "ssm:/t/b");
        let values = values();
        let (a, b) = (
            values.iter().position(|v| v == "short-ord").unwrap(),
            values.iter().position(|v| v == "a-much-longer-value-ord").unwrap(),
        );
        assert!(a < b, "a later, longer secret comes later: GitHub masks only what is new");
    }

    #[test]
    fn multi_line_secrets_mask_each_line() {
        register("-----BEGIN KEY-----\nQUJDREVGR0hJSktMTU5P\n-----END KEY-----", "ssm:/t/pem");
        assert_eq!(mask("at: QUJDREVGR0hJSktMTU5P"), "at: <secret ssm:/t/pem>");
    }

    #[test]
    fn bookkeeping_tags_name_secret_variables_and_are_read_back() {
        register("t4g-secret-value", "ssm:/t/tag");
        let td = serde_json::json!({"containerDefinitions": [{"name": "app", "environment": [
            {"name": "A", "value": "plain"}, {"name": "B", "value": "t4g-secret-value"}]}]});
        assert_eq!(environment_tags(&td), [(ENVIRONMENT_TAG.to_string(), "app/B".to_string())]);
        // Later, the value was rotated away and renamed: only the tag still knows.
        let old = serde_json::json!({"containerDefinitions": [{"name": "app", "environment": [
            {"name": "B", "value": "old-rotated-value-1"},
            {"name": "DB_PASSWORD", "value": "guessable-by-name"},
            {"name": "USE_TOKEN", "value": "true"}]}]});
        learn_from_deployed(&old, &[(ENVIRONMENT_TAG.into(), "app/B".into())]);
        assert_eq!(mask("old-rotated-value-1"), "<secret env B, secret when deployed>");
        assert_eq!(mask("guessable-by-name"), "<secret env DB_PASSWORD, looks secret>");
        assert_eq!(mask("true"), "true", "short values under secret-looking names stay");
    }

    #[test]
    fn empty_values_are_never_secret() {
        register("", "ssm:/t/empty");
        assert_eq!(mask("abc"), "abc");
    }
}
