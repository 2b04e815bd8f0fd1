//! `shipper init`: files written from what runs diff clean (every diff-test variant checks this
//! too, through `diff.rs`'s `assert_clean`), in each format; secrets are written as references,
//! never in plain text; existing files are kept unless `--force`.

use aws_sdk_ssm::types::ParameterType;
use serde_json::Value;

use crate::support::bed::Bed;
use crate::support::init::{init, round_trips};
use crate::support::project::{Project, Sdk, json_stream, unique};
use crate::support::shipper::{Run, printed, run};

const POLL: [&str; 2] = ["--poll-interval", "100ms"];

fn deployed(bed: &Bed) -> Project {
    let p = Project::example(bed);
    run(p.shipper("v1.2.0").arg("deploy").args(POLL)).code(0);
    p
}

#[test]
fn init_writes_a_project_that_diffs_clean_and_deploys_nothing_new() {
    let bed = Bed::start();
    let p = deployed(&bed);
    round_trips(&p, &bed);
    let (fresh, r) = init(&p, &[]);
    r.code(0);
    let config = fresh.read("shipper.yml");
    for line in [
        "region: ap-northeast-1",
        "cluster: acme-dev-cluster",
        "service: acme-dev-app",
        "task_definition: ecs-task-def.json",
        "service_definition: ecs-service-def.json",
    ] {
        assert!(config.lines().any(|l| l == line), "{line} in\n{config}");
    }
    let td: Value = serde_json::from_str(&fresh.read("ecs-task-def.json")).unwrap();
    assert_eq!(td["family"], "acme-dev-app");
    assert!(td["containerDefinitions"][0]["image"].as_str().unwrap().ends_with(":v1.2.0"));
    let sd: Value = serde_json::from_str(&fresh.read("ecs-service-def.json")).unwrap();
    for key in ["cluster", "serviceName", "taskDefinition"] {
        assert!(sd.get(key).is_none(), "{key} is the config's business: {sd:#}");
    }
    assert_eq!(sd["desiredCount"], 2);
    // What init wrote renders to what runs: deploying it changes nothing.
    let r = run(&mut fresh.bare(&["deploy", "--poll-interval", "100ms"]));
    r.code(0);
    assert!(!bed.requests().iter().any(|r| r.action == "RegisterTaskDefinition"), "{}", r.stderr);
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let bed = Bed::start();
    let p = deployed(&bed);
    let (fresh, r) = init(&p, &[]);
    r.code(0);
    fresh.write("ecs-task-def.json", "{\"family\": \"mine\"}\n");
    let again = run(&mut fresh.bare(&[
        "init",
        "--service",
        "acme-dev-app",
        "--cluster",
        "acme-dev-cluster",
    ]));
    again
        .code(1)
        .stderr_has("shipper.yml, ecs-task-def.json, ecs-service-def.json already exist(s)")
        .stderr_has("--force");
    assert_eq!(
        fresh.read("ecs-task-def.json"),
        "{\"family\": \"mine\"}\n",
        "nothing was overwritten"
    );
    run(&mut fresh.bare(&[
        "init",
        "--service",
        "acme-dev-app",
        "--cluster",
        "acme-dev-cluster",
        "--force",
    ]))
    .code(0);
    assert!(fresh.read("ecs-task-def.json").contains("acme-dev-app"));
    // A service that does not exist.
    let other = p.sibling();
    run(&mut other.bare(&["init", "--service", "nope", "--cluster", "acme-dev-cluster"]))
        .code(1)
        .stderr_has("service nope does not exist in cluster acme-dev-cluster");
    assert!(!other.path("shipper.yml").exists());
}

#[test]
fn init_writes_yaml_and_jsonnet_too() {
    let bed = Bed::start();
    let p = deployed(&bed);
    let (yaml, r) = init(&p, &["--format", "yaml"]);
    r.code(0).stderr_has("ecs-task-def.yaml");
    assert!(
        yaml.read("ecs-task-def.yaml").starts_with("family: acme-dev-app")
            || yaml.read("ecs-task-def.yaml").contains("\nfamily: acme-dev-app")
    );
    run(&mut yaml.bare(&["diff", "--exit-code"])).code(0);

    // Jsonnet is written as plain JSON (valid Jsonnet), the same documents as --format json.
    let (jsonnet, r) = init(&p, &["--format", "jsonnet"]);
    r.code(0);
    let (json, _) = init(&p, &[]);
    for (a, b) in [
        ("ecs-task-def.jsonnet", "ecs-task-def.json"),
        ("ecs-service-def.jsonnet", "ecs-service-def.json"),
    ] {
        let from_jsonnet: Value = serde_json::from_str(&jsonnet.read(a)).unwrap();
        let from_json: Value = serde_json::from_str(&json.read(b)).unwrap();
        assert_eq!(from_jsonnet, from_json);
    }
    assert!(jsonnet.read("shipper.yml").contains("task_definition: ecs-task-def.jsonnet"));
    // ecspresso's spelling.
    let (spelled, r) = init(&p, &["--jsonnet"]);
    r.code(0);
    // Files are written in one order (keys sorted), whatever the SDK's maps' order was.
    assert_eq!(spelled.read("ecs-task-def.jsonnet"), jsonnet.read("ecs-task-def.jsonnet"));
    assert_eq!(spelled.read("ecs-service-def.jsonnet"), jsonnet.read("ecs-service-def.jsonnet"));
    // --config names the config; definition paths are relative to it.
    let fresh = p.sibling();
    run(&mut fresh.bare(&[
        "--config",
        "deploy/app.yml",
        "init",
        "--service",
        "acme-dev-app",
        "--cluster",
        "acme-dev-cluster",
    ]))
    .code(0);
    assert!(fresh.path("deploy/ecs-task-def.json").exists());
    run(&mut fresh.bare(&["--config", "deploy/app.yml", "diff", "--exit-code"])).code(0);
}

#[tokio::test]
async fn secrets_are_written_as_references_never_in_plain_text() {
    let bed = Bed::start();
    let sdk = Sdk::new(&bed).await;
    let p = Project::example(&bed);
    let canary = unique("init-canary");
    sdk.put("/acme/dev/canary", ParameterType::SecureString, &canary).await;
    let token = unique("literal-token");
    p.edit(
        "ecs-task-def.json",
        r#"{ "name": "NODE_ENV", "value": "production" },"#,
        &format!(
            r#"{{ "name": "NODE_ENV", "value": "production" }},
        {{ "name": "CANARY", "value": "{{{{ ssm `/acme/dev/canary` }}}}" }},
        {{ "name": "API_TOKEN", "value": "{token}" }},"#
        ),
    );
    let deploy = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    deploy.code(0);

    // By default: a reference to the parameter, in place, so the diff stays clean.
    let (fresh, r) = init(&p, &[]);
    r.code(0)
        .stderr_has("CANARY holds the value of SecureString /acme/dev/canary")
        .stderr_has("--move-secrets")
        .stderr_has("API_TOKEN holds a secret no SSM SecureString holds");
    no_secret_in(&fresh, &r, &[&canary, &token]);
    let td: Value = serde_json::from_str(&fresh.read("ecs-task-def.json")).unwrap();
    let env = td["containerDefinitions"][0]["environment"].as_array().unwrap().clone();
    let value_of = |name: &str| env.iter().find(|e| e["name"] == name).unwrap()["value"].clone();
    assert_eq!(value_of("CANARY"), "{{ ssm `/acme/dev/canary` }}");
    assert_eq!(value_of("API_TOKEN"), "{{ must_env `API_TOKEN` }}");
    let mut fresh = fresh;
    fresh.set_env("API_TOKEN", &token);
    let diff = run(&mut fresh.bare(&["diff", "--exit-code"]));
    diff.code(0);

    // --move-secrets: a `secrets` entry; the diff shows the move, never the value.
    let (moved, r) = init(&p, &["--move-secrets"]);
    r.code(0).stderr_has("CANARY held the value of SecureString /acme/dev/canary");
    no_secret_in(&moved, &r, &[&canary, &token]);
    let td: Value = serde_json::from_str(&moved.read("ecs-task-def.json")).unwrap();
    let app = &td["containerDefinitions"][0];
    let secrets = app["secrets"].as_array().unwrap();
    assert!(
        secrets.iter().any(|s| s["name"] == "CANARY" && s["valueFrom"] == "/acme/dev/canary"),
        "{secrets:?}"
    );
    assert!(!app["environment"].as_array().unwrap().iter().any(|e| e["name"] == "CANARY"));
    let mut moved = moved;
    moved.set_env("API_TOKEN", &token);
    let rendered = run(&mut moved.bare(&["render", "taskdef"]));
    assert_eq!(json_stream(&rendered.code(0).stdout).len(), 1);
    let diff = run(&mut moved.bare(&["diff", "--exit-code"]));
    diff.code(2);
    assert!(diff.stdout.contains("CANARY"), "{}", diff.stdout);
    assert!(
        !printed(&diff).contains(&canary) && !printed(&diff).contains(&token),
        "{}",
        printed(&diff)
    );
}

#[track_caller]
fn no_secret_in(p: &Project, r: &Run, secrets: &[&str]) {
    for file in ["shipper.yml", "ecs-task-def.json", "ecs-service-def.json"] {
        let text = p.read(file);
        assert!(!secrets.iter().any(|s| text.contains(s)), "{file} holds a secret:\n{text}");
    }
    assert!(!secrets.iter().any(|s| printed(r).contains(s)), "{}", printed(r));
}
