//! `shipper diff --comment`: the diff as one comment on the pull request, kept up to date.
//!
//! Reviewers see what a merge would change without opening the job log. The comment carries a
//! hidden HTML marker naming the service, so a later push edits it instead of adding another (and
//! two services diffed in one pull request keep one comment each). It talks to the GitHub REST
//! API (`GITHUB_API_URL`, `GITHUB_REPOSITORY`, the pull request number from the event payload at
//! `GITHUB_EVENT_PATH`, the token from `GITHUB_TOKEN`) with ureq on a blocking thread. A comment
//! that cannot be posted (a fork's read-only token, a missing permission) is a warning with a
//! hint, never a failure of the diff: the diff itself is the check.

use std::time::Duration;

use serde_json::{Value, json};

use super::Output;
use crate::secrets;

/// GitHub refuses comment bodies over 65,536 characters.
const MAX_BODY: usize = 60_000;
/// Comments read at the most while looking for the earlier one (100 a page).
const MAX_PAGES: u32 = 30;

/// Where the comment goes.
#[derive(Debug, Clone)]
struct Target {
    api: String,
    repository: String,
    number: u64,
    token: String,
}

/// A failure to post, told as a warning.
struct Failure {
    message: String,
    hint: &'static str,
}

impl Failure {
    fn new(message: impl Into<String>, hint: &'static str) -> Self {
        Self { message: message.into(), hint }
    }
}

/// Posts or updates the comment for `key` (the cluster and service) with `markdown`. With no
/// differences it only updates an earlier comment (so it does not go stale) and creates none.
pub async fn post(out: &Output, key: &str, markdown: &str, has_diff: bool) {
    let target = match target() {
        Ok(target) => target,
        Err(f) => return warn(out, &f),
    };
    // The token is a secret like any other: never printed, masked by the runner too.
    secrets::register(&target.token, "GITHUB_TOKEN");
    let marker = format!("<!-- shipper-diff: {} -->", key.replace("--", "-"));
    let body = body(&marker, markdown);
    let answer = tokio::task::spawn_blocking(move || upsert(&target, &marker, &body, has_diff))
        .await
        .unwrap_or_else(|e| Err(Failure::new(format!("the comment thread failed: {e}"), "")));
    match answer {
        Ok(Some(url)) => out.info(&format!("pull request comment: {url}")),
        Ok(None) => {}
        Err(f) => warn(out, &f),
    }
}

fn warn(out: &Output, failure: &Failure) {
    let mut message = format!("--comment: {}", failure.message);
    if !failure.hint.is_empty() {
        message.push_str(&format!(" (hint: {})", failure.hint));
    }
    out.warn(&message);
}

fn target() -> Result<Target, Failure> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let token = env("GITHUB_TOKEN").ok_or_else(|| {
        Failure::new(
            "no GITHUB_TOKEN: the comment is not posted",
            "pass `github-token: ${{ github.token }}` to the action, or set GITHUB_TOKEN",
        )
    })?;
    let repository = env("GITHUB_REPOSITORY").ok_or_else(|| {
        Failure::new(
            "GITHUB_REPOSITORY is not set: the comment is not posted",
            "run it in a GitHub Actions workflow",
        )
    })?;
    let event = env("GITHUB_EVENT_PATH").ok_or_else(|| {
        Failure::new(
            "GITHUB_EVENT_PATH is not set: the comment is not posted",
            "run it in a GitHub Actions workflow",
        )
    })?;
    let payload: Value = std::fs::read_to_string(&event)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(Value::Null);
    let number = payload["pull_request"]["number"]
        .as_u64()
        .or_else(|| {
            payload["issue"]["pull_request"]
                .is_object()
                .then(|| payload["issue"]["number"].as_u64())
                .flatten()
        })
        .ok_or_else(|| {
            Failure::new(
                "this run is not for a pull request: the comment is not posted",
                "use --comment in a workflow triggered by `pull_request`",
            )
        })?;
    let api = env("GITHUB_API_URL").unwrap_or_else(|| "https://api.github.com".into());
    Ok(Target { api: api.trim_end_matches('/').to_string(), repository, number, token })
}

/// The comment: the marker, the masked diff, cut to GitHub's limit.
fn body(marker: &str, markdown: &str) -> String {
    let mut text = secrets::mask(markdown);
    if text.len() > MAX_BODY {
        let mut cut = MAX_BODY;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("\n\n```\n\n… (cut: the whole diff is in the job's step summary)\n");
    }
    format!("{marker}\n{text}")
}

/// Finds the earlier comment and edits it, or creates one. The comment's URL, if one was written.
fn upsert(
    target: &Target,
    marker: &str,
    body: &str,
    has_diff: bool,
) -> Result<Option<String>, Failure> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let base = format!("{}/repos/{}/issues", target.api, target.repository);
    let mut existing = None;
    for page in 1..=MAX_PAGES {
        let url = format!("{base}/{}/comments?per_page=100&page={page}", target.number);
        let comments = call(&agent, target, "GET", &url, None)?;
        let comments = comments.as_array().cloned().unwrap_or_default();
        existing = comments
            .iter()
            .find(|c| c["body"].as_str().is_some_and(|b| b.contains(marker)))
            .and_then(|c| c["id"].as_u64());
        if existing.is_some() || comments.len() < 100 {
            break;
        }
    }
    let payload = json!({ "body": body });
    let written = match existing {
        Some(id) => {
            call(&agent, target, "PATCH", &format!("{base}/comments/{id}"), Some(&payload))?
        }
        None if has_diff => call(
            &agent,
            target,
            "POST",
            &format!("{base}/{}/comments", target.number),
            Some(&payload),
        )?,
        None => return Ok(None),
    };
    Ok(written["html_url"].as_str().map(ToString::to_string))
}

fn call(
    agent: &ureq::Agent,
    target: &Target,
    method: &str,
    url: &str,
    payload: Option<&Value>,
) -> Result<Value, Failure> {
    let request = ureq::http::Request::builder()
        .method(method)
        .uri(url)
        .header("Authorization", format!("Bearer {}", target.token))
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28")
        .header("User-Agent", concat!("shipper/", env!("CARGO_PKG_VERSION")))
        .header("Content-Type", "application/json");
    let body = payload.map(Value::to_string).unwrap_or_default();
    let request = request
        .body(body)
        .map_err(|e| Failure::new(format!("{method} {url}: bad request: {e}"), ""))?;
    let mut response = agent.run(request).map_err(|e| {
        Failure::new(format!("{method} {url}: {e}"), "check GITHUB_API_URL and the network")
    })?;
    let status = response.status().as_u16();
    let text =
        response.body_mut().with_config().limit(4 << 20).read_to_string().unwrap_or_default();
    if (200..300).contains(&status) {
        return Ok(serde_json::from_str(&text).unwrap_or(Value::Null));
    }
    let said = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| v["message"].as_str().map(ToString::to_string))
        .unwrap_or_default();
    let hint = match status {
        401 => "the token was refused: pass a valid `github-token` (or GITHUB_TOKEN)",
        403 => {
            "the token may not write comments: give the job `permissions: pull-requests: write`; a pull request from a fork only gets a read-only token, so no comment there"
        }
        404 => {
            "check GITHUB_REPOSITORY, and that the token can see the repository (`permissions: pull-requests: write`)"
        }
        _ => "",
    };
    Err(Failure::new(format!("{method} {url}: HTTP {status} {said}").trim_end().to_string(), hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_bodies_are_cut_at_a_character_boundary_and_keep_the_marker() {
        let text = "é".repeat(MAX_BODY);
        let body = body("<!-- m -->", &text);
        assert!(body.starts_with("<!-- m -->\n"));
        assert!(body.len() < MAX_BODY + 200);
        assert!(body.ends_with("step summary)\n"));
    }
}
