//! Secrets that outlive the files: a SecureString rendered into `environment` by an earlier
//! deploy, then rotated in SSM and renamed, removed or moved. The running revision still holds
//! the old plain text; shipper recorded at registration that the variable was secret (a
//! bookkeeping tag), so every output masks it. And no error snippet quotes a secret.

use aws_sdk_ssm::types::ParameterType;
use serde_json::json;

use crate::support::bed::Bed;
use crate::support::project::{Project, Sdk, no_crash, unique};
use crate::support::shipper::{printed, run};

const ENV_LINE: &str = r#"{ "name": "NODE_ENV", "value": "production" },"#;

/// The example with `CONN` (a name that does not look secret) holding a canary SecureString,
/// deployed; then the parameter rotated. Returns the project and (old, new) values.
async fn deployed_then_rotated(bed: &Bed) -> (Project, String, String) {
    let p = Project::example(bed);
    let sdk = Sdk::new(bed).await;
    let old = unique("old-conn");
    sdk.put("/acme/dev/conn", ParameterType::SecureString, &old).await;
    p.edit(
        "ecs-task-def.json",
        ENV_LINE,
        &format!("{ENV_LINE}\n        {{ \"name\": \"CONN\", \"value\": \"{{{{ ssm `/acme/dev/conn` }}}}\" }},"),
    );
    run(&mut p.cmd(&["deploy", "--poll-interval", "100ms"])).code(0).never_shows(&old);
    let register =
        bed.requests().into_iter().find(|r| r.action == "RegisterTaskDefinition").unwrap();
    assert!(
        register.body["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["key"] == "shipper:secret-environment" && t["value"] == "app/CONN"),
        "the revision records that CONN is secret: {}",
        register.body["tags"]
    );
    let new = unique("new-conn");
    sdk.put("/acme/dev/conn", ParameterType::SecureString, &new).await;
    (p, old, new)
}

/// Runs `diff` in every output mode (text, Markdown, JSON, `--output json`, GitHub with its
/// summary and outputs, -vv) and asserts none shows `hidden`.
fn never_printed(p: &Project, hidden: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let (summary, output) = (dir.path().join("summary.md"), dir.path().join("output.txt"));
    for (args, github) in [
        (vec!["diff"], false),
        (vec!["diff", "--format", "markdown"], false),
        (vec!["diff", "--format", "json"], false),
        (vec!["--output", "json", "diff"], false),
        (vec!["diff", "-vv"], false),
        (vec!["diff", "--format", "markdown"], true),
        (vec!["status"], false),
        (vec!["revisions"], false),
    ] {
        let mut cmd = p.cmd(&args);
        if github {
            cmd.env("GITHUB_ACTIONS", "true")
                .env("GITHUB_STEP_SUMMARY", &summary)
                .env("GITHUB_OUTPUT", &output);
        }
        let r = run(&mut cmd);
        assert!([0, 2].contains(&r.code), "{args:?}: {}", r.stderr);
        no_crash(&r);
        for value in hidden {
            assert!(
                !printed(&r).contains(value),
                "{args:?} (GitHub: {github}) printed {value}:\n{}",
                printed(&r)
            );
        }
    }
    for file in [&summary, &output] {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for value in hidden {
            assert!(!text.contains(value), "{} shows {value}:\n{text}", file.display());
        }
    }
}

#[tokio::test]
async fn a_rotated_then_renamed_secret_stays_masked() {
    let bed = Bed::start();
    let (p, old, new) = deployed_then_rotated(&bed).await;
    p.edit("ecs-task-def.json", r#""name": "CONN""#, r#""name": "CONNECTION""#);
    never_printed(&p, &[&old, &new]);
    let r = run(&mut p.cmd(&["diff"]));
    r.stdout_has("<secret env CONN, secret when deployed>");
    // Asked for, both are shown.
    run(&mut p.cmd(&["diff", "--show-secrets"])).stdout_has(&old).stdout_has(&new);
}

#[tokio::test]
async fn a_rotated_then_removed_secret_stays_masked() {
    let bed = Bed::start();
    let (p, old, new) = deployed_then_rotated(&bed).await;
    p.edit(
        "ecs-task-def.json",
        r#"        { "name": "CONN", "value": "{{ ssm `/acme/dev/conn` }}" },"#,
        "",
    );
    never_printed(&p, &[&old, &new]);
}

#[tokio::test]
async fn a_rotated_secret_moved_to_another_field_stays_masked() {
    let bed = Bed::start();
    let (p, old, new) = deployed_then_rotated(&bed).await;
    p.edit(
        "ecs-task-def.json",
        r#"        { "name": "CONN", "value": "{{ ssm `/acme/dev/conn` }}" },"#,
        "",
    );
    p.edit(
        "ecs-task-def.json",
        r#""essential": true,"#,
        r#""essential": true, "dockerLabels": {"conn": "{{ ssm `/acme/dev/conn` }}"},"#,
    );
    never_printed(&p, &[&old, &new]);
}

#[tokio::test]
async fn a_value_under_a_secret_looking_name_is_masked_without_a_record() {
    // Deployed by someone else (no bookkeeping tag): the name gives it away.
    let bed = Bed::start();
    let p = Project::example(&bed);
    run(&mut p.cmd(&["deploy", "--poll-interval", "100ms"])).code(0);
    let plain = unique("legacy-api-token");
    p.edit(
        "ecs-task-def.json",
        ENV_LINE,
        &format!("{ENV_LINE}\n        {{ \"name\": \"API_TOKEN\", \"value\": \"{plain}\" }},"),
    );
    run(&mut p.cmd(&["deploy", "--poll-interval", "100ms"])).code(0);
    p.edit(
        "ecs-task-def.json",
        &format!("        {{ \"name\": \"API_TOKEN\", \"value\": \"{plain}\" }},\n"),
        "",
    );
    never_printed(&p, &[&plain]);
}

#[tokio::test]
async fn a_syntax_error_next_to_a_multi_line_secret_does_not_quote_it() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    let sdk = Sdk::new(&bed).await;
    let line = unique("KEYLINE");
    let key = format!("-----BEGIN KEY-----\n{line}\n-----END KEY-----");
    sdk.put("/acme/dev/key", ParameterType::SecureString, &key).await;
    // The multi-line value lands raw in the JSON text, which then fails to parse on its line.
    p.edit("ecs-task-def.json", ENV_LINE, &format!("{ENV_LINE}\n        {{ \"name\": \"K\", \"value\": \"{{{{ ssm `/acme/dev/key` }}}}\" }},"));
    let r = run(&mut p.cmd(&["render", "taskdef"]));
    r.code(1).stderr_has("invalid JSON").never_shows(&line);
    no_crash(&r);
}

/// The canary through every command that reads or writes the service, in text, JSON, -v and
/// GitHub mode, including a gate whose evidence carries it and an error path; and a password
/// and a token written into an HTTP gate's URL, which nothing records as secret.
#[tokio::test]
async fn a_canary_never_appears_through_any_command() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    let sdk = Sdk::new(&bed).await;
    let canary = unique("canary-all");
    sdk.put("/acme/dev/canary", ParameterType::SecureString, &canary).await;
    p.edit(
        "ecs-task-def.json",
        ENV_LINE,
        &format!("{ENV_LINE}\n        {{ \"name\": \"C\", \"value\": \"{{{{ ssm `/acme/dev/canary` }}}}\" }},"),
    );
    // A bake gate whose command prints the canary (evidence is output too), and an HTTP gate
    // whose URL carries a password and a token.
    let (password, token) = (unique("Pa55w0rd"), unique("t0ken"));
    bed.probe(json!({"path": "/health", "status": 200, "body": "ok"}));
    let url = bed.probe_url("/health").replace("http://", &format!("http://admin:{password}@"))
        + &format!("?access_token={token}&page=1");
    let config = p.read("config.yaml");
    p.write(
        "config.yaml",
        &format!("{config}\nshipper:\n  gates:\n    checks:\n      - name: leaky\n        type: command\n        phase: production\n        interval: 100ms\n        run: 'echo \"token={canary}\"'\n      - name: probe\n        type: http\n        phase: production\n        interval: 100ms\n        url: {url}\n"),
    );
    let dir = tempfile::tempdir().unwrap();
    let (summary, output) = (dir.path().join("summary.md"), dir.path().join("output.txt"));
    let poll = ["--poll-interval", "100ms"];
    let runs: Vec<Vec<&str>> = vec![
        vec!["deploy"],
        vec!["-v", "deploy", "--force"],
        vec!["--output", "json", "deploy", "--force"],
        vec!["status"],
        vec!["--output", "json", "status"],
        vec!["revisions"],
        vec!["register", "--dry-run"],
        vec!["rollback", "--dry-run"],
        vec!["rollback"],
        vec!["wait"],
        vec!["deploy", "--tasks", "1"],
        vec!["render", "config"],
        vec!["--output", "json", "render", "config"],
        vec!["diff"],
    ];
    for github in [false, true] {
        for args in &runs {
            let mut cmd = p.cmd(args);
            cmd.args(poll);
            if github {
                cmd.env("GITHUB_ACTIONS", "true")
                    .env("GITHUB_STEP_SUMMARY", &summary)
                    .env("GITHUB_OUTPUT", &output);
            }
            let r = run(&mut cmd);
            no_crash(&r);
            for hidden in [&canary, &password, &token] {
                assert!(
                    !printed(&r).contains(hidden.as_str()),
                    "{args:?} (GitHub: {github}) printed {hidden}:\n{}",
                    printed(&r)
                );
            }
        }
    }
    // An error path: a bad value carrying the canary.
    p.edit("ecs-task-def.json", "\"cpu\": 256,", "\"cpu\": \"{{ ssm `/acme/dev/canary` }}\",");
    let r = run(&mut p.cmd(&["deploy"]));
    r.code(1).never_shows(&canary);
    for file in [&summary, &output] {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for hidden in [&canary, &password, &token] {
            assert!(!text.contains(hidden.as_str()), "{}:\n{text}", file.display());
        }
    }
    // The URL shows, its credentials masked; --show-secrets shows them.
    let r = run(&mut p.cmd(&["render", "config"]));
    r.code(0).stdout_has("http://***@127.0.0.1").stdout_has("access_token=***&page=1");
    run(&mut p.cmd(&["--show-secrets", "render", "config"])).code(0).stdout_has(&password);
}
