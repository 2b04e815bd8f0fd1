//! serde's refusals in plain words. serde words its errors for Rust programmers ("invalid type:
//! string \"three\", expected u32", "missing field `name`", "unknown variant"), and its derive
//! is what keeps the config's specification declarative, so its errors are translated here,
//! from the message (serde's wording is its stable public text), rather than every type
//! checking its own keys by hand: a key or a gate type added to a spec gets plain errors with
//! no code of its own.

use crate::suggest;

/// A refusal: what is wrong, and what to do (the valid values, a likely intended one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plain {
    pub message: String,
    pub hint: Option<String>,
    /// The key the message is about when it is not the value's own (an unknown key).
    pub key: Option<String>,
}

impl Plain {
    fn new(message: String, hint: Option<String>) -> Self {
        Self { message, hint, key: None }
    }
}

/// Translates serde's message about the value at `key` (`None`: the mapping itself).
/// `known_keys` are offered for an unknown key besides those serde lists.
pub fn translate(serde_message: &str, key: Option<&str>, known_keys: &[&str]) -> Plain {
    let m = serde_message;
    let at = |text: &str| match key {
        Some(key) => format!("`{key}`{text}"),
        None => text.trim_start().to_string(),
    };
    if let Some(field) = between(m, "missing field `", "`") {
        return Plain::new(format!("`{field}` is missing"), None);
    }
    if let Some(field) = between(m, "unknown field `", "`") {
        let mut valid = listed(m);
        valid.extend(known_keys.iter().map(|k| k.to_string()));
        valid.sort();
        valid.dedup();
        return Plain {
            message: format!("unknown key `{field}`"),
            hint: choices(field, &valid, "the keys"),
            key: Some(field.to_string()),
        };
    }
    if let Some(value) = between(m, "unknown variant `", "`") {
        let message = match key {
            Some(key) => format!("`{key}: {value}` is not one of {}", listed(m).join(", ")),
            None => format!("`{value}` is not one of {}", listed(m).join(", ")),
        };
        return Plain::new(message, choices(value, &listed(m), "the values"));
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = m.strip_prefix(prefix)
            && let Some((found, expected)) = rest.rsplit_once(", expected ")
        {
            let words =
                format!(" must be {}, not {}", expected_words(expected), found_words(found));
            return Plain::new(at(&words), None);
        }
    }
    if let Some(rest) = m.strip_prefix("invalid length ")
        && let Some((n, expected)) = rest.split_once(", expected ")
    {
        return Plain::new(at(&format!(" has {n} item(s); it must be {expected}")), None);
    }
    if m.contains("untagged enum") {
        return Plain::new(at(" has a value of the wrong kind"), None);
    }
    // A message of shipper's own (a bad duration): already plain.
    Plain::new(at(&format!(": {m}")), None)
}

/// The text between `start` and the next `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// The names serde lists after "expected": "expected one of `a`, `b`", "expected `a` or `b`".
pub fn listed(message: &str) -> Vec<String> {
    let Some((_, list)) = message.split_once("expected ") else { return Vec::new() };
    list.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// "did you mean …?" when one is close, and the valid choices either way.
fn choices(word: &str, valid: &[String], what: &str) -> Option<String> {
    if valid.is_empty() {
        return None;
    }
    let all = format!("{what}: {}", valid.join(", "));
    Some(match suggest::closest(word, valid.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `{close}`? ({all})"),
        None => all,
    })
}

/// serde's name of the wanted type, in words.
fn expected_words(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number (0 or more)".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        "f32" | "f64" => "a number".into(),
        "a string" | "string" => "text".into(),
        "a boolean" | "bool" => "true or false".into(),
        "a sequence" | "sequence" => "a list".into(),
        "a map" | "map" => "a mapping of keys to values".into(),
        e if e.starts_with("struct ") || e.starts_with("internally tagged enum") => {
            "a mapping of keys to values".into()
        }
        e => e.to_string(),
    }
}

/// serde's description of the value found, in words: `string "three"` is `three`.
fn found_words(found: &str) -> String {
    for prefix in ["string ", "integer ", "floating point ", "boolean "] {
        if let Some(value) = found.strip_prefix(prefix) {
            return format!("`{}`", value.trim_matches(['"', '`']));
        }
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a mapping".into(),
        "unit value" | "null" | "Option value" => "empty".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn serde_words_become_plain_ones() {
        let t = translate("invalid type: string \"three\", expected u32", Some("passes"), &[]);
        assert_eq!(t.message, "`passes` must be a whole number (0 or more), not `three`");
        let t = translate("invalid value: integer `-1`, expected u32", Some("passes"), &[]);
        assert_eq!(t.message, "`passes` must be a whole number (0 or more), not `-1`");
        let t = translate("invalid type: sequence, expected a string", Some("region"), &[]);
        assert_eq!(t.message, "`region` must be text, not a list");
        assert_eq!(translate("missing field `name`", None, &[]).message, "`name` is missing");
        let t = translate(
            "unknown variant `baking`, expected one of `test`, `production`, `steps`, `bake`",
            Some("phase"),
            &[],
        );
        assert_eq!(t.message, "`phase: baking` is not one of test, production, steps, bake");
        assert_eq!(
            t.hint.as_deref(),
            Some("did you mean `bake`? (the values: test, production, steps, bake)")
        );
        let t = translate("unknown field `prefx`, expected `names` or `prefix`", None, &["name"]);
        assert_eq!(t.message, "unknown key `prefx`");
        assert_eq!(
            t.hint.as_deref(),
            Some("did you mean `prefix`? (the keys: name, names, prefix)")
        );
        let t = translate("data did not match any variant of untagged enum Raw", Some("x"), &[]);
        assert!(!t.message.contains("untagged"), "{}", t.message);
    }
}
