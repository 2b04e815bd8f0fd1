//! The three faces of a diff: a unified diff for people, Markdown for pull requests, JSON for
//! tools. Secret values are masked by the output layer on the way out; the remote side's old
//! secret values were already replaced by labels during normalisation.

use console::Style;
use serde_json::{Value, json};
use similar::TextDiff;

use super::{DocDiff, Effect};

fn pretty(value: Option<&Value>) -> String {
    value.map_or_else(String::new, |v| serde_json::to_string_pretty(v).unwrap_or_default() + "\n")
}

/// The unified diff of one document, headed `--- <remote ARN>` / `+++ <local file>`.
pub fn unified(diff: &DocDiff) -> String {
    let before = pretty(diff.before.as_ref());
    let after = pretty(Some(&diff.after));
    let remote = diff.remote.clone().unwrap_or_else(|| "(none: will be created)".into());
    TextDiff::from_lines(&before, &after)
        .unified_diff()
        .context_radius(3)
        .header(&remote, &diff.local)
        .to_string()
}

/// Text for a terminal or log: per changed document its summary, then the coloured diff.
pub fn text(diffs: &[DocDiff]) -> String {
    let mut out = String::new();
    for diff in diffs.iter().filter(|d| d.has_changes()) {
        let summary = match diff.effect {
            Effect::Replacement => {
                Style::new().red().bold().apply_to(format!("!!! {}", diff.summary())).to_string()
            }
            _ => Style::new().bold().apply_to(diff.summary()).to_string(),
        };
        out.push_str(&summary);
        out.push('\n');
        for line in unified(diff).lines() {
            let styled = if line.starts_with("---") || line.starts_with("+++") {
                Style::new().bold().apply_to(line)
            } else if line.starts_with('-') {
                Style::new().red().apply_to(line)
            } else if line.starts_with('+') {
                Style::new().green().apply_to(line)
            } else if line.starts_with("@@") {
                Style::new().cyan().apply_to(line)
            } else {
                Style::new().apply_to(line)
            };
            out.push_str(&styled.to_string());
            out.push('\n');
        }
    }
    out
}

/// The Markdown template (`templates/diff.md.j2`), compiled into the binary.
const MARKDOWN: &str = include_str!("../../templates/diff.md.j2");

/// Markdown for a pull request or the GitHub step summary.
pub fn markdown(diffs: &[DocDiff]) -> String {
    let documents: Vec<Value> = diffs
        .iter()
        .filter(|d| d.has_changes())
        .map(|d| {
            json!({
                "title": capitalised(d.kind.noun()),
                "summary": d.summary(),
                "replacement": d.effect == Effect::Replacement,
                "remote": d.remote.as_deref().unwrap_or("(none)"),
                "local": d.local,
                "diff": unified(d),
            })
        })
        .collect();
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    // The template is part of the binary and tested: it cannot fail to render.
    env.render_str(
        MARKDOWN,
        minijinja::context! { documents => minijinja::value::Serde(&documents) },
    )
    .unwrap_or_default()
}

/// JSON: every document with its effect and changed paths (before/after values).
pub fn json(diffs: &[DocDiff]) -> Value {
    let documents: Vec<Value> = diffs
        .iter()
        .map(|d| {
            json!({
                "kind": d.kind.key(),
                "remote": d.remote,
                "local": d.local,
                "effect": effect_name(d.effect),
                "summary": d.summary(),
                "changes": d.changes.iter().map(|c| json!({
                    "path": c.path.to_string(),
                    "before": c.before,
                    "after": c.after,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "has_diff": diffs.iter().any(DocDiff::has_changes), "documents": documents })
}

/// `daemon task definition` → `Daemon task definition`.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

pub fn effect_name(effect: Effect) -> &'static str {
    match effect {
        Effect::None => "none",
        Effect::InPlace => "in_place",
        Effect::NewRevision => "new_revision",
        Effect::NewDeployment => "new_deployment",
        Effect::Create => "create",
        Effect::Replacement => "replacement",
    }
}
