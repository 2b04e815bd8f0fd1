//! shipper as a GitHub Actions step, under a fake step environment (`support::github`): clean
//! stdout in every format, masks first and on stderr, log groups, annotations pointing at the
//! template line, the deploy/rollback step summary and outputs, the pull-request comment against
//! a fake GitHub API, and the action's own scripts (install with checksum, argument splitting)
//! plus a schema lint of every workflow and `action.yml`. A canary SecureString rides along and
//! must show nowhere but in the `::add-mask::` line.

use std::path::Path;
use std::process::Command;

use aws_sdk_ssm::types::ParameterType;
use serde_json::json;

use crate::support::bed::Bed;
use crate::support::github::{self, FakeGitHub, PULL_REQUEST, StepFiles, TOKEN};
use crate::support::project::{Project, Sdk, json_stream, no_crash, unique};
use crate::support::shipper::{Run, printed, run};

const POLL: [&str; 2] = ["--poll-interval", "100ms"];

/// The example deployed, then with a canary SecureString added to `environment` (which shipper
/// warns about) and a new image tag: a diff to show and a deploy to make. Returns the canary.
async fn with_canary(bed: &Bed) -> (Project, String) {
    let mut p = Project::example(bed);
    run(p.cmd(&["deploy"]).args(POLL)).code(0);
    let canary = unique("gha-canary");
    Sdk::new(bed).await.put("/acme/dev/gha-canary", ParameterType::SecureString, &canary).await;
    p.edit(
        "ecs-task-def.json",
        r#"{ "name": "NODE_ENV", "value": "production" },"#,
        r#"{ "name": "NODE_ENV", "value": "production" },
        { "name": "CANARY", "value": "{{ ssm `/acme/dev/gha-canary` }}" },"#,
    );
    p.set_env("IMAGE_TAG", "v1.1.0");
    (p, canary)
}

/// Runs `args` in the project as a GitHub Actions step with `files` and the API at `api`.
fn step(p: &Project, files: &StepFiles, api: &str, args: &[&str]) -> Run {
    let mut cmd = p.cmd(args);
    cmd.envs(files.env(p.dir.path(), api));
    run(&mut cmd)
}

/// The canary shows only where the runner consumes it: the `::add-mask::` line on stderr, which
/// comes before every other line.
#[track_caller]
fn masked_everywhere(r: &Run, files: &StepFiles, canary: &str) {
    assert!(!r.stdout.contains(canary), "stdout shows the canary:\n{}", r.stdout);
    let first = r.stderr.lines().next().unwrap_or_default();
    assert_eq!(first, format!("::add-mask::{canary}"), "masks first:\n{}", r.stderr);
    assert_eq!(r.stderr.matches(canary).count(), 1, "only in ::add-mask::\n{}", r.stderr);
    for file in ["output", "summary.md", "path", "env"] {
        let text = files.read(file);
        assert!(!text.contains(canary), "{file} shows the canary:\n{text}");
    }
}

#[tokio::test]
async fn stdout_is_exactly_the_requested_document_and_masks_go_to_stderr() {
    let bed = Bed::start();
    let (p, canary) = with_canary(&bed).await;
    let files = StepFiles::new();
    for args in [
        vec!["render"],
        vec!["render", "taskdef"],
        vec!["--output", "json", "render"],
        vec!["diff", "--format", "json"],
        vec!["--output", "json", "diff"],
    ] {
        let r = step(&p, &files, "http://127.0.0.1:1", &args);
        assert!([0, 2].contains(&r.code), "{args:?}: {}", r.stderr);
        no_crash(&r);
        let docs = json_stream(&r.stdout);
        assert!(!docs.is_empty() && docs.iter().all(serde_json::Value::is_object), "{args:?}");
        assert!(
            !r.stdout.lines().any(|l| l.starts_with("::")),
            "{args:?}: a workflow command on stdout:\n{}",
            r.stdout
        );
        masked_everywhere(&r, &files, &canary);
        assert!(
            r.stderr.contains(
                "::warning::ecs-task-def.json: container `app`: environment variable `CANARY`"
            ),
            "{args:?}: the SecureString-in-environment warning is an annotation:\n{}",
            r.stderr
        );
    }
    // `render > td.json` in a step: the file is the document, nothing else.
    let r = step(&p, &files, "http://127.0.0.1:1", &["render", "taskdef"]);
    assert!(r.stdout.trim_start().starts_with('{') && r.stdout.trim_end().ends_with('}'));
}

#[tokio::test]
async fn a_deploy_writes_groups_outputs_a_notice_and_the_step_summary() {
    let bed = Bed::start();
    let (p, canary) = with_canary(&bed).await;
    let files = StepFiles::new();
    let r = step(&p, &files, "http://127.0.0.1:1", &["deploy", POLL[0], POLL[1]]);
    r.code(0);
    no_crash(&r);
    masked_everywhere(&r, &files, &canary);

    // One group per phase, in order, each closed before the next opens.
    let groups: Vec<&str> = r.stderr.lines().filter(|l| l.starts_with("::group::")).collect();
    assert_eq!(
        groups,
        ["::group::render", "::group::plan", "::group::register", "::group::rollout"],
        "{}",
        r.stderr
    );
    let opened = r.stderr.matches("::group::").count();
    assert_eq!(r.stderr.matches("::endgroup::").count(), opened, "{}", r.stderr);
    assert!(r.stderr.contains("::notice::shipper deploy acme-dev-app: succeeded"), "{}", r.stderr);

    let out = files.read("output");
    let value = |name: &str| github::output(&out, name).unwrap_or_else(|| panic!("{name}:\n{out}"));
    let (arn, delimiter) = value("task-definition-arn");
    assert!(arn.ends_with("task-definition/acme-dev-app:2"), "{out}");
    assert_eq!(value("rolled-back").0, "false");
    assert_eq!(value("exit-code").0, "0");
    let deployment = value("service-deployment-arn").0;
    assert!(deployment.is_empty() || deployment.contains(":service-deployment/"), "{out}");
    // Delimiters: random, never the process id, never the same twice.
    assert!(delimiter.starts_with("ghadelimiter_") && delimiter.len() == 13 + 32, "{delimiter}");
    assert_ne!(delimiter, value("exit-code").1);

    let md = files.read("summary.md");
    for needle in [
        "## ✅ shipper deploy acme-dev-app: succeeded",
        "| Strategy | ROLLING |",
        "| Revision | `acme-dev-app:1` → `acme-dev-app:2` |",
        "https://ap-northeast-1.console.aws.amazon.com/ecs/v2/clusters/acme-dev-cluster/services/acme-dev-app/deployments?region=ap-northeast-1",
        "| Result | succeeded |",
        "| Container | Image | Digest |",
        ":v1.1.0` |",
        "<details><summary>Applied changes</summary>",
        "### Task definition",
        "```mermaid\ntimeline",
    ] {
        assert!(md.contains(needle), "the summary lacks {needle:?}:\n{md}");
    }
}

#[test]
fn a_failed_deploy_that_rolled_back_says_why_in_the_summary_and_outputs() {
    let bed = Bed::start();
    let gate = format!(
        "  gates:\n    checks:\n      - name: probe\n        type: http\n        phase: test\n        url: {}\n        interval: 100ms\n        passes: 2\n",
        bed.probe_url("/api/health")
    );
    let deployment = json!({"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 0, "lifecycleHooks": [
        {"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"],
         "timeoutConfiguration": {"timeoutInMinutes": 60, "action": "ROLLBACK"}}]});
    let p = Project::blue_green(&bed, deployment, &gate);
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.probe(json!({"path": "/api/health", "status": 503, "body": "starting"}));
    let files = StepFiles::new();
    let mut cmd = p.shipper("v1.2.0");
    cmd.arg("deploy").args(POLL).envs(files.env(p.dir.path(), "http://127.0.0.1:1"));
    let r = run(&mut cmd);
    r.code(3);
    let out = files.read("output");
    assert_eq!(github::output(&out, "rolled-back").unwrap().0, "true", "{out}");
    assert_eq!(github::output(&out, "exit-code").unwrap().0, "3", "{out}");
    assert!(r.stderr.contains("::group::gates: test"), "{}", r.stderr);
    assert!(r.stderr.contains("::error::gate `probe` failed"), "{}", r.stderr);
    let md = files.read("summary.md");
    for needle in [
        "## ↩️ shipper deploy acme-dev-app: failed and rolled back",
        "| Strategy | BLUE_GREEN |",
        "### Why",
        "> gate `probe` failed",
        "- evidence: GET http",
        "| Result | failed and rolled back |",
    ] {
        assert!(md.contains(needle), "the summary lacks {needle:?}:\n{md}");
    }
}

#[test]
fn a_deploy_left_running_is_not_called_a_success_in_the_summary() {
    let bed = Bed::start();
    let deployment = json!({"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 0, "lifecycleHooks": [
        {"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"],
         "timeoutConfiguration": {"timeoutInMinutes": 60, "action": "ROLLBACK"}}]});
    let p = Project::blue_green(&bed, deployment, "");
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    let left = |version: &str, flags: &[&str], outcome: &str| {
        let files = StepFiles::new();
        let mut cmd = p.shipper(version);
        cmd.arg("deploy")
            .args(flags)
            .args(POLL)
            .envs(files.env(p.dir.path(), "http://127.0.0.1:1"));
        let r = run(&mut cmd);
        r.code(0);
        let md = files.read("summary.md");
        assert!(md.contains(&format!("## ▶️ shipper deploy acme-dev-app: {outcome}")), "{md}");
        assert!(md.contains(&format!("| Result | {outcome} |")), "{md}");
        assert!(!md.contains("succeeded"), "{md}");
        let notice = format!("::notice::shipper deploy acme-dev-app: {outcome}");
        assert!(r.stderr.contains(&notice), "{}", r.stderr);
    };
    left(
        "v1.2.0",
        &["--wait-until", "POST_TEST_TRAFFIC_SHIFT"],
        "left running at POST_TEST_TRAFFIC_SHIFT (--wait-until)",
    );
    run(p.cmd(&["rollback"]).args(POLL)).code(0);
    left("v1.3.0", &["--no-wait"], "started, not followed (--no-wait)");
}

#[test]
fn a_rollback_left_running_or_with_nothing_to_do_is_not_called_a_success() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    run(p.shipper("v1.2.0").arg("deploy").args(POLL)).code(0);
    let summary = |args: &[&str]| {
        let files = StepFiles::new();
        let mut cmd = p.cmd(args);
        cmd.args(POLL).envs(files.env(p.dir.path(), "http://127.0.0.1:1"));
        let r = run(&mut cmd);
        r.code(0);
        (files.read("summary.md"), r.stderr.clone())
    };
    let (md, stderr) = summary(&["rollback", "--no-wait"]);
    let outcome = "shipper rollback acme-dev-app: started, not followed (--no-wait)";
    assert!(md.contains(&format!("## ▶️ {outcome}")), "{md}");
    assert!(stderr.contains(&format!("::notice::{outcome}")), "{stderr}");
    run(p.cmd(&["wait"]).args(POLL)).code(0);
    let (md, _) = summary(&["rollback", "--to-revision", "1"]);
    assert!(md.contains("## ✅ shipper rollback acme-dev-app: unchanged"), "{md}");
}

#[test]
fn a_rollback_gets_a_summary_with_its_reason() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    run(p.shipper("v1.2.0").arg("deploy").args(POLL)).code(0);
    let files = StepFiles::new();
    let mut cmd = p.cmd(&["rollback"]);
    cmd.args(POLL).envs(files.env(p.dir.path(), "http://127.0.0.1:1"));
    let r = run(&mut cmd);
    r.code(0);
    let md = files.read("summary.md");
    assert!(md.contains("## ✅ shipper rollback acme-dev-app: succeeded"), "{md}");
    assert!(md.contains("| Revision | `acme-dev-app:2` → `acme-dev-app:1` |"), "{md}");
    assert!(md.contains("Rolled back to this revision because:"), "{md}");
    let out = files.read("output");
    assert!(github::output(&out, "task-definition-arn").unwrap().0.ends_with("acme-dev-app:1"));
    assert!(
        r.stderr.contains("::notice::shipper rollback acme-dev-app: succeeded"),
        "{}",
        r.stderr
    );
}

#[test]
fn render_errors_are_annotations_on_the_template_line() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    let files = StepFiles::new();
    // A template error: the line of the template, no column.
    p.edit("ecs-task-def.json", "{{ ssm `/acme/dev/app/env` }}", "{{ ssm }}");
    let r = step(&p, &files, "http://127.0.0.1:1", &["render"]);
    r.code(1);
    assert!(
        r.stderr.lines().any(|l| l.starts_with("::error file=ecs-task-def.json,line=19::")),
        "{}",
        r.stderr
    );
    // A syntax error: line and column.
    p.write("ecs-task-def.json", "{\n  \"family\": \"x\",\n  \"cpu\" \"256\"\n}\n");
    let r = step(&p, &files, "http://127.0.0.1:1", &["render"]);
    r.code(1);
    assert!(
        r.stderr.lines().any(|l| l.starts_with("::error file=ecs-task-def.json,line=3,col=")),
        "{}",
        r.stderr
    );
    assert!(bed.requests().is_empty(), "no AWS call for a bad template");
    assert_eq!(github::output(&files.read("output"), "exit-code").unwrap().0, "1");
    // Paths are relative to the workspace, wherever shipper runs.
    let workspace = p.dir.path().parent().unwrap();
    let mut cmd = p.cmd(&["render"]);
    cmd.envs(files.env(workspace, "http://127.0.0.1:1"));
    let r = run(&mut cmd);
    let name = p.dir.path().file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        r.stderr.contains(&format!("::error file={name}/ecs-task-def.json,line=3,col=")),
        "{}",
        r.stderr
    );
}

#[tokio::test]
async fn runner_debug_raises_the_verbosity() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    let files = StepFiles::new();
    let quiet = step(&p, &files, "http://127.0.0.1:1", &["diff", "--format", "json"]);
    let mut cmd = p.cmd(&["diff", "--format", "json"]);
    cmd.envs(files.env(p.dir.path(), "http://127.0.0.1:1")).env("RUNNER_DEBUG", "1");
    let debug = run(&mut cmd);
    quiet.code(0);
    debug.code(0);
    // What -vv shows: the AWS SDK's requests, among others.
    assert!(!quiet.stderr.contains("aws_smithy_runtime"), "{}", quiet.stderr);
    assert!(
        debug.stderr.lines().any(|l| l.starts_with("DEBUG ") && l.contains("aws_smithy_runtime")),
        "{}",
        debug.stderr
    );
    assert_eq!(quiet.json(), debug.json(), "stdout is the same document");
}

// ----------------------------------------------------------------------------------------------
// The pull-request comment

fn comment_run(p: &Project, files: &StepFiles, gh: &FakeGitHub, token: &str) -> Run {
    let mut cmd = p.cmd(&["diff", "--exit-code", "--comment"]);
    cmd.envs(files.env(p.dir.path(), gh.url())).env("GITHUB_TOKEN", token);
    run(&mut cmd)
}

#[tokio::test]
async fn diff_comment_is_created_then_updated_not_duplicated() {
    let bed = Bed::start();
    let (mut p, canary) = with_canary(&bed).await;
    let gh = FakeGitHub::start();
    let unrelated = gh.add_comment("LGTM");
    let files = StepFiles::new();

    let r = comment_run(&p, &files, &gh, TOKEN);
    r.code(2);
    assert!(!printed(&r).contains(TOKEN), "the token is a secret:\n{}", printed(&r));
    no_crash(&r);
    masked_everywhere(&r, &files, &canary);
    let comments = gh.comments();
    assert_eq!(comments.len(), 2, "{comments:?}");
    let (&id, body) = comments.iter().find(|(k, _)| **k != unrelated).unwrap();
    assert!(
        body.starts_with("<!-- shipper-diff: acme-dev-cluster/acme-dev-app -->\n## shipper diff"),
        "{body}"
    );
    assert!(body.contains("### Task definition") && body.contains(":v1.1.0"), "{body}");
    assert!(!body.contains("### Service"), "{body}");
    assert!(!body.contains(&canary), "the comment shows the canary:\n{body}");
    assert!(r.stderr.contains(&format!("pull request comment: https://github.test/acme/infra/pull/{PULL_REQUEST}#issuecomment-{id}")), "{}", r.stderr);

    // A later push changes more: the same comment is edited.
    p.edit("ecs-service-def.json", "\"desiredCount\": 2,", "\"desiredCount\": 3,");
    comment_run(&p, &files, &gh, TOKEN).code(2);
    let comments = gh.comments();
    assert_eq!(comments.len(), 2, "not duplicated: {comments:?}");
    assert!(comments[&id].contains("### Service"), "updated: {}", comments[&id]);
    assert_eq!(comments[&unrelated], "LGTM");
    let writes: Vec<String> = gh
        .requests()
        .iter()
        .filter(|r| r.method != "GET")
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        writes,
        [
            format!("POST /repos/acme/infra/issues/{PULL_REQUEST}/comments"),
            format!("PATCH /repos/acme/infra/issues/comments/{id}"),
        ]
    );
    for request in gh.requests() {
        assert_eq!(request.authorization, Some(format!("Bearer {TOKEN}")), "{request:?}");
        assert!(!request.body.contains(&canary), "{request:?}");
    }

    // Back to what runs: the comment says so (it must not go stale).
    p.set_env("IMAGE_TAG", "v1.2.0");
    p.edit("ecs-service-def.json", "\"desiredCount\": 3,", "\"desiredCount\": 2,");
    p.edit(
        "ecs-task-def.json",
        "{ \"name\": \"CANARY\", \"value\": \"{{ ssm `/acme/dev/gha-canary` }}\" },",
        "",
    );
    comment_run(&p, &files, &gh, TOKEN).code(0);
    assert!(gh.comments()[&id].contains("No differences"), "{}", gh.comments()[&id]);
}

#[tokio::test]
async fn no_difference_and_no_earlier_comment_posts_nothing() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    run(p.cmd(&["deploy"]).args(POLL)).code(0);
    let gh = FakeGitHub::start();
    let files = StepFiles::new();
    comment_run(&p, &files, &gh, TOKEN).code(0);
    assert!(gh.comments().is_empty());
    assert!(gh.requests().iter().all(|r| r.method == "GET"), "{:?}", gh.requests());
}

#[tokio::test]
async fn a_refused_comment_is_a_warning_with_a_hint_not_a_failure() {
    let bed = Bed::start();
    let (p, _canary) = with_canary(&bed).await;
    let gh = FakeGitHub::start();
    gh.refuse(403);
    let files = StepFiles::new();
    let r = comment_run(&p, &files, &gh, TOKEN);
    r.code(2);
    assert!(!printed(&r).contains(TOKEN), "the token is a secret:\n{}", printed(&r));
    let warning = r
        .stderr
        .lines()
        .find(|l| l.starts_with("::warning::--comment: GET "))
        .unwrap_or_else(|| panic!("no warning:\n{}", r.stderr));
    assert!(warning.contains("HTTP 403") && warning.contains("pull-requests: write"), "{warning}");
    assert!(warning.contains("fork"), "{warning}");
    assert_eq!(github::output(&files.read("output"), "has-diff").unwrap().0, "true");

    // A bad token, and a run that is not for a pull request: warnings too.
    let gh = FakeGitHub::start();
    comment_run(&p, &files, &gh, "wrong").code(2).stderr_has("HTTP 401");
    std::fs::write(files.path("event.json"), r#"{"ref": "refs/heads/main"}"#).unwrap();
    comment_run(&p, &files, &gh, TOKEN).code(2).stderr_has("not for a pull request");
    assert!(gh.comments().is_empty());
}

// ----------------------------------------------------------------------------------------------
// The action: install script, argument splitting, lint

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A release archive holding a `shipper` that prints `fake shipper`, and its SHA-256 line.
fn fake_release(dir: &Path) -> (Vec<u8>, String) {
    fake_release_of(dir, "#!/bin/sh\necho fake shipper \"$@\"\n")
}

/// A release archive holding `script` as its `shipper`, and its checksum file.
fn fake_release_of(dir: &Path, script: &str) -> (Vec<u8>, String) {
    let stage = dir.join("stage");
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::write(stage.join("shipper"), script).unwrap();
    let archive = dir.join("shipper.tar.gz");
    let ok = Command::new("chmod").arg("+x").arg(stage.join("shipper")).status().unwrap();
    assert!(ok.success());
    let ok = Command::new("tar")
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(&stage)
        .arg("shipper")
        .status()
        .unwrap();
    assert!(ok.success());
    let sum = Command::new("sha256sum").arg(&archive).output().unwrap();
    let hash = String::from_utf8_lossy(&sum.stdout).split(' ').next().unwrap().to_string();
    (std::fs::read(&archive).unwrap(), format!("{hash}  shipper-x86_64-unknown-linux-gnu.tar.gz\n"))
}

/// Runs action/install.sh as the action's install step would, with `extra` environment.
fn install(files: &StepFiles, gh: &FakeGitHub, version: &str, extra: &[(&str, &str)]) -> Run {
    std::fs::create_dir_all(files.path("runner-temp")).unwrap();
    let mut cmd = Command::new("bash");
    cmd.arg(repo().join("action/install.sh"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap())
        .envs(files.env(files.dir.path(), gh.url()))
        .env("SHIPPER_VERSION", version)
        .env("SHIPPER_REPOSITORY", "acme/shipper")
        .env("SHIPPER_DOWNLOAD_BASE", format!("{}/acme/shipper/releases", gh.url()));
    for (k, v) in extra {
        cmd.env(k, v);
    }
    run(&mut cmd)
}

const ASSET: &str = "shipper-x86_64-unknown-linux-gnu.tar.gz";

#[test]
fn the_action_installs_a_checksum_verified_release_binary() {
    let gh = FakeGitHub::start();
    let files = StepFiles::new();
    let (archive, sum) = fake_release(files.dir.path());
    gh.serve_file(&format!("/acme/shipper/releases/download/v9.9.9/{ASSET}"), &archive);
    gh.serve_file(
        &format!("/acme/shipper/releases/download/v9.9.9/{ASSET}.sha256"),
        sum.as_bytes(),
    );
    let r = install(&files, &gh, "v9.9.9", &[]);
    r.code(0);
    let dir = files.read("path").trim().to_string();
    assert!(dir.ends_with("/shipper/v9.9.9/bin"), "GITHUB_PATH: {dir}");
    let out = Command::new(Path::new(&dir).join("shipper")).arg("--version").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "fake shipper --version\n");
    assert!(files.read("output").contains(&format!("path={dir}/shipper")));

    // `latest` follows GitHub's latest-release download URL.
    let files = StepFiles::new();
    gh.serve_file(&format!("/acme/shipper/releases/latest/download/{ASSET}"), &archive);
    gh.serve_file(
        &format!("/acme/shipper/releases/latest/download/{ASSET}.sha256"),
        sum.as_bytes(),
    );
    install(&files, &gh, "latest", &[]).code(0);
    assert!(files.read("path").trim().ends_with("/shipper/latest/bin"));
}

#[test]
fn the_action_refuses_a_tampered_or_unverifiable_binary() {
    let gh = FakeGitHub::start();
    let files = StepFiles::new();
    let (mut archive, sum) = fake_release(files.dir.path());
    archive.extend_from_slice(b"tampered");
    gh.serve_file(&format!("/acme/shipper/releases/download/v9.9.9/{ASSET}"), &archive);
    gh.serve_file(
        &format!("/acme/shipper/releases/download/v9.9.9/{ASSET}.sha256"),
        sum.as_bytes(),
    );
    let r = install(&files, &gh, "v9.9.9", &[]);
    r.code(1).stderr_has("::error title=shipper install::checksum mismatch");
    assert_eq!(files.read("path"), "", "nothing put on PATH");
    assert!(!files.path("runner-temp/shipper/v9.9.9/bin/shipper").exists());

    // No checksum published: refused as well, never installed unverified.
    gh.serve_file(&format!("/acme/shipper/releases/download/v9.9.8/{ASSET}"), &archive);
    install(&files, &gh, "v9.9.8", &[]).code(1).stderr_has("refusing an unverified binary");
    assert_eq!(files.read("path"), "");
}

/// A `cargo` that records its arguments in `cargo-args` and installs a stand-in; answers the
/// directory to put first on PATH.
fn fake_cargo(files: &StepFiles) -> std::path::PathBuf {
    let bin = files.path("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::write(
        bin.join("cargo"),
        format!(
            "#!/bin/sh\necho \"$@\" > {}\nwhile [ \"$1\" != --root ]; do shift; done\nmkdir -p \"$2/bin\" && touch \"$2/bin/shipper\"\n",
            files.path("cargo-args").display()
        ),
    )
    .unwrap();
    Command::new("chmod").arg("+x").arg(bin.join("cargo")).status().unwrap();
    bin
}

#[test]
fn without_a_binary_for_the_platform_the_action_falls_back_to_cargo_install() {
    let gh = FakeGitHub::start();
    let files = StepFiles::new();
    let bin = fake_cargo(&files);
    let log = files.path("cargo-args");
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    for (os, version) in [("Windows", "v9.9.9"), ("Linux", "v9.9.7")] {
        let r = install(&files, &gh, version, &[("RUNNER_OS", os), ("PATH", &path)]);
        r.code(0).stderr_has("building it with cargo install");
        let args = std::fs::read_to_string(&log).unwrap();
        assert_eq!(
            args.trim(),
            format!(
                "install --locked --root {} --git {}/acme/shipper --tag {version} shipper",
                files.path(&format!("runner-temp/shipper/{version}")).display(),
                gh.url()
            )
        );
        assert!(files.read("path").contains(&format!("/shipper/{version}/bin")));
    }
}

#[test]
fn a_released_binary_that_cannot_start_here_is_built_from_source_instead() {
    let gh = FakeGitHub::start();
    let files = StepFiles::new();
    // As an x86_64 Linux binary linked against a newer glibc fails on an older system.
    let (archive, sum) = fake_release_of(
        files.dir.path(),
        "#!/bin/sh\necho \"shipper: /lib64/libc.so.6: version 'GLIBC_2.35' not found (required by shipper)\" >&2\nexit 1\n",
    );
    gh.serve_file(&format!("/acme/shipper/releases/download/v9.9.9/{ASSET}"), &archive);
    gh.serve_file(
        &format!("/acme/shipper/releases/download/v9.9.9/{ASSET}.sha256"),
        sum.as_bytes(),
    );
    let bin = fake_cargo(&files);
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let r = install(&files, &gh, "v9.9.9", &[("PATH", &path)]);
    r.code(0)
        .stderr_has("::warning title=shipper install::the released shipper-x86_64-unknown-linux-gnu.tar.gz does not run on this runner (shipper: /lib64/libc.so.6: version 'GLIBC_2.35' not found")
        .stderr_has("building it with cargo install");
    let args = std::fs::read_to_string(files.path("cargo-args")).unwrap();
    assert!(args.contains("--tag v9.9.9 shipper"), "{args}");
    let path = files.read("path");
    assert_eq!(path.lines().count(), 1, "one directory on PATH: {path}");
    assert!(path.contains("/shipper/v9.9.9/bin"), "{path}");
}

#[test]
fn the_action_splits_args_like_a_shell_but_never_evaluates_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("shipper"),
        "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n",
    )
    .unwrap();
    Command::new("chmod").arg("+x").arg(dir.path().join("shipper")).status().unwrap();
    let out = Command::new("bash")
        .arg(repo().join("action/run.sh"))
        .current_dir(dir.path())
        .env("PATH", format!("{}:{}", dir.path().display(), std::env::var("PATH").unwrap()))
        .env("SHIPPER_ARGS", r#"diff --format "mark down" $(touch pwned) 'a b' `touch pwned2`"#)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "[diff]\n[--format]\n[mark down]\n[$(touch]\n[pwned)]\n[a b]\n[`touch]\n[pwned2`]\n"
    );
    assert!(!dir.path().join("pwned").exists() && !dir.path().join("pwned2").exists());
}

#[test]
fn the_actions_outputs_are_the_ones_shipper_writes() {
    let action: serde_json::Value =
        serde_yaml::from_str(&std::fs::read_to_string(repo().join("action.yml")).unwrap()).unwrap();
    for name in
        ["has-diff", "task-definition-arn", "service-deployment-arn", "rolled-back", "exit-code"]
    {
        assert_eq!(
            action["outputs"][name]["value"],
            format!("${{{{ steps.run.outputs.{name} }}}}"),
            "{name}"
        );
    }
    for input in ["version", "args", "working-directory", "github-token"] {
        assert!(action["inputs"][input].is_object(), "input {input}");
    }
}

/// Every workflow and `action.yml` validate against GitHub's own schemas (vendored by the pinned
/// check-jsonschema in the test virtualenv), and the action's scripts parse.
#[test]
fn workflows_and_the_action_pass_the_linter() {
    let lint = repo().join(".venv/bin/check-jsonschema");
    assert!(lint.exists(), "check-jsonschema is in tests/bed/requirements.txt: run scripts/test");
    let workflows: Vec<_> = std::fs::read_dir(repo().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    assert!(workflows.len() >= 2, "{workflows:?}");
    for (schema, files) in [
        ("vendor.github-workflows", workflows),
        ("vendor.github-actions", vec![repo().join("action.yml")]),
    ] {
        let out =
            Command::new(&lint).arg("--builtin-schema").arg(schema).args(&files).output().unwrap();
        assert!(
            out.status.success(),
            "{schema}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // And the linter does catch a broken workflow (a test that cannot fail is a defect).
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yml");
    std::fs::write(&bad, "on: push\njobs:\n  x:\n    steps: []\n").unwrap();
    let out = Command::new(&lint)
        .args(["--builtin-schema", "vendor.github-workflows"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success(), "a job without runs-on passes?");
    for script in ["action/install.sh", "action/run.sh"] {
        let ok = Command::new("bash").arg("-n").arg(repo().join(script)).status().unwrap();
        assert!(ok.success(), "{script}");
    }
}
