//! `shipper verify`: do the things the definitions name exist? Read-only, and all at once.
//!
//! Unlike ecspresso's verify, nothing is written (no log group created, no log event put, no
//! secret value read): every check is a describe call. The checks run concurrently, and the
//! result is a tree (or `--output json`) with, for each failing resource, what to do.

mod checks;
mod resources;
mod workloads;

use futures_util::future::join_all;
use serde_json::{Value, json};

use crate::context::Context;
use crate::error::{Error, Exit, Result};
use crate::render::Want;

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Ok,
    /// The resource is missing or unusable.
    Fail,
    /// Not checked (say why in the note): a registry shipper cannot query, a Lambda hook.
    Skip,
}

/// One resource checked.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Check {
    /// Where it sits in the tree: `["task definition acme-dev-app", "container app"]`.
    pub section: Vec<String>,
    /// What was checked: `image 1234….amazonaws.com/acme-app:v1.2.0`.
    pub resource: String,
    pub verdict: Verdict,
    /// What was found (for a failure: what is wrong).
    pub note: String,
    /// For a failure: what to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Check {
    fn ok(section: &[String], resource: impl Into<String>, note: impl Into<String>) -> Self {
        Self::new(section, resource, Verdict::Ok, note, None)
    }

    fn fail(
        section: &[String],
        resource: impl Into<String>,
        note: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self::new(section, resource, Verdict::Fail, note, Some(hint.into()))
    }

    fn skip(section: &[String], resource: impl Into<String>, note: impl Into<String>) -> Self {
        Self::new(section, resource, Verdict::Skip, note, None)
    }

    fn new(
        section: &[String],
        resource: impl Into<String>,
        verdict: Verdict,
        note: impl Into<String>,
        hint: Option<String>,
    ) -> Self {
        Self {
            section: section.to_vec(),
            resource: resource.into(),
            verdict,
            note: note.into(),
            hint,
        }
    }

    /// A check that could not be made because the AWS call failed for another reason than
    /// "not found" (permissions, throttling): a failure, with the call's own words.
    fn error(section: &[String], resource: impl Into<String>, error: &Error) -> Self {
        Self::new(
            section,
            resource,
            Verdict::Fail,
            error.message().to_string(),
            Some(
                error
                    .hint_text()
                    .unwrap_or("check the credentials' permissions for this call")
                    .to_string(),
            ),
        )
    }
}

pub async fn run(ctx: &Context) -> Result<Exit> {
    let rendered = ctx.render(Want::ALL).await?;
    let clients = ctx.clients(&rendered.config).await?;
    let mut plan = checks::plan(clients, &rendered);
    workloads::plan(clients, &rendered, &mut plan);
    let results: Vec<Check> = join_all(plan).await.into_iter().flatten().collect();
    let failed: Vec<&Check> = results.iter().filter(|c| c.verdict == Verdict::Fail).collect();

    if ctx.out.is_json() {
        ctx.out.json(&json!({"ok": failed.is_empty(), "checks": results}));
    } else {
        ctx.out.data(&tree(&results));
    }
    if failed.is_empty() {
        let skipped = results.iter().filter(|c| c.verdict == Verdict::Skip).count();
        ctx.out.success(&format!(
            "verified {} resources{}",
            results.len() - skipped,
            if skipped > 0 { format!(" ({skipped} skipped)") } else { String::new() }
        ));
        return Ok(Exit::Success);
    }
    let mut error = Error::new(format!("{} of {} checks failed", failed.len(), results.len()));
    for check in &failed {
        error = error.detail(format!(
            "{}: {}{}",
            check.resource,
            check.note,
            check.hint.as_ref().map(|h| format!(" — {h}")).unwrap_or_default()
        ));
    }
    Err(error)
}

/// The checks as an indented tree, sections in the order they first appear.
fn tree(checks: &[Check]) -> String {
    let mut text = String::new();
    let mut open: Vec<String> = Vec::new();
    for check in checks {
        let common = open.iter().zip(&check.section).take_while(|(a, b)| a == b).count();
        open.truncate(common);
        for (depth, name) in check.section.iter().enumerate().skip(common) {
            text.push_str(&format!("{}{name}\n", "  ".repeat(depth)));
            open.push(name.clone());
        }
        let indent = "  ".repeat(check.section.len());
        let mark = match check.verdict {
            Verdict::Ok => "[OK]  ",
            Verdict::Fail => "[FAIL]",
            Verdict::Skip => "[SKIP]",
        };
        text.push_str(&format!("{indent}{mark} {}", check.resource));
        if !check.note.is_empty() {
            text.push_str(&format!(": {}", check.note));
        }
        text.push('\n');
        if let Some(hint) = &check.hint {
            text.push_str(&format!("{indent}       → {hint}\n"));
        }
    }
    text
}

/// A string member of a JSON document.
fn str_at<'a>(doc: &'a Value, pointer: &str) -> Option<&'a str> {
    doc.pointer(pointer).and_then(Value::as_str)
}
