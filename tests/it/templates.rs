//! Template engines and functions end to end: the Jsonnet example against the YAML/JSON one,
//! Go template control flow, `secretsmanager_arn` and the cloudformation plugin against the bed,
//! tfstate over HTTP and the state URLs shipper refuses, `required_version`.

use serde_json::json;

use crate::support::bed::{Bed, RequestLog};
use crate::support::block_on;
use crate::support::project::{Project, json_stream, no_crash};
use crate::support::shipper::run;

/// Copies the Jsonnet example (`ecspresso/jsonnet/`) into the project.
fn with_jsonnet_example(p: &Project) {
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ecspresso/jsonnet");
    for entry in std::fs::read_dir(source).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        p.write(&format!("jsonnet/{name}"), &std::fs::read_to_string(&path).unwrap());
    }
}

#[test]
fn the_jsonnet_example_renders_exactly_as_the_json_one_and_deploys_the_same_service() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    with_jsonnet_example(&p);
    let yaml = p.run(&["render", "taskdef", "servicedef"]);
    yaml.code(0);
    let jsonnet = run(&mut p.bare(&[
        "--config",
        "jsonnet/config.jsonnet",
        "render",
        "taskdef",
        "servicedef",
    ]));
    jsonnet.code(0);
    no_crash(&jsonnet);
    assert_eq!(json_stream(&jsonnet.stdout), json_stream(&yaml.stdout));

    // Deployed from the Jsonnet files, then the YAML/JSON ones see nothing to change.
    let r = run(&mut p.bare(&[
        "--config",
        "jsonnet/config.jsonnet",
        "deploy",
        "--poll-interval",
        "100ms",
    ]));
    r.code(0).stderr_has("created acme-dev-app with acme-dev-app:1: 2/2 tasks running");
    p.run(&["diff", "--exit-code"]).code(0);
}

#[test]
fn go_control_flow_picks_values_from_the_environment() {
    let bed = Bed::start();
    let mut p = Project::example(&bed);
    p.edit(
        "ecs-task-def.json",
        "{ \"name\": \"NODE_ENV\", \"value\": \"production\" },",
        "{ \"name\": \"NODE_ENV\", \"value\": \"{{ if eq (env `STAGE` ``) `prod` }}production{{ else if (env `STAGE` ``) }}{{ env `STAGE` `` | printf `%s-ish` }}{{ else }}development{{ end }}\" },\n        {{- /* a comment */}}",
    );
    let node_env = |p: &Project| {
        let r = p.run(&["--output", "json", "render", "taskdef"]);
        r.code(0);
        let env = r.json()["taskdef"]["containerDefinitions"][0]["environment"][0].clone();
        env["value"].as_str().unwrap().to_string()
    };
    assert_eq!(node_env(&p), "development");
    p.set_env("STAGE", "prod");
    assert_eq!(node_env(&p), "production");
    p.set_env("STAGE", "stg");
    assert_eq!(node_env(&p), "stg-ish");
}

#[test]
fn unsupported_go_constructs_and_mixed_files_are_refused_before_any_aws_call() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    for (snippet, needle) in [
        ("{{ define `x` }}{{ end }}", "the Go template action `define` is not supported"),
        ("{{ .Env.IMAGE_TAG }}", "`.Env.IMAGE_TAG` reads the template's data"),
        ("{{ if true }}x{% if true %}y{% endif %}{{ end }}", "mixes Go template control actions"),
    ] {
        p.write(
            "ecs-task-def.json",
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/ecspresso/ecs-task-def.json"
            ))
            .unwrap()
            .replace("\"production\"", &format!("\"{snippet}\"")),
        );
        let r = p.run(&["render", "taskdef"]);
        r.code(1).stderr_has("ecs-task-def.json:18:").stderr_has(needle);
        no_crash(&r);
    }
    assert!(bed.requests().is_empty(), "no AWS call: {:?}", bed.requests().actions("ssm"));
}

#[test]
fn secretsmanager_arn_and_cloudformation_outputs_and_exports_come_from_aws() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    let arn = block_on(async {
        let config = bed.sdk_config().await;
        let sm = aws_sdk_secretsmanager::Client::new(&config);
        let out =
            sm.create_secret().name("acme/dev/api-key").secret_string("k").send().await.unwrap();
        let cfn = aws_sdk_cloudformation::Client::new(&config);
        let template = json!({"Resources": {"T": {"Type": "AWS::SNS::Topic"}}, "Outputs": {
            "Bucket": {"Value": "acme-assets"},
            "Queue": {"Value": "acme-queue", "Export": {"Name": "acme-dev-queue"}}}});
        cfn.create_stack()
            .stack_name("acme-dev")
            .template_body(template.to_string())
            .send()
            .await
            .unwrap();
        out.arn().unwrap().to_string()
    });
    let config = p.read("config.yaml");
    p.write("config.yaml", &format!("{config}  - name: cloudformation\n"));
    p.edit(
        "ecs-task-def.json",
        "{ \"name\": \"NODE_ENV\", \"value\": \"production\" },",
        "{ \"name\": \"NODE_ENV\", \"value\": \"production\" },\n        { \"name\": \"BUCKET\", \"value\": \"{{ cfn_output `acme-dev` `Bucket` }}\" },\n        { \"name\": \"QUEUE\", \"value\": \"{{ cfn_export `acme-dev-queue` }}\" },",
    );
    p.edit(
        "ecs-task-def.json",
        "\"secrets\": [",
        "\"secrets\": [\n        { \"name\": \"API_KEY\", \"valueFrom\": \"{{ secretsmanager_arn `acme/dev/api-key` }}\" },",
    );
    let r = p.run(&["--output", "json", "render", "taskdef"]);
    r.code(0);
    let container = r.json()["taskdef"]["containerDefinitions"][0].clone();
    assert_eq!(container["environment"][1], json!({"name": "BUCKET", "value": "acme-assets"}));
    assert_eq!(container["environment"][2], json!({"name": "QUEUE", "value": "acme-queue"}));
    assert_eq!(container["secrets"][0], json!({"name": "API_KEY", "valueFrom": arn}));
    // One call per secret and per stack, one export listing.
    let log = bed.requests();
    assert_eq!(log.count("secretsmanager", "DescribeSecret"), 1);
    assert_eq!(log.count("cloudformation", "DescribeStacks"), 1);
    assert_eq!(log.count("cloudformation", "ListExports"), 1);

    // Missing ones name the file, the line and what is missing.
    p.edit("ecs-task-def.json", "`Bucket`", "`Nope`");
    p.run(&["render", "taskdef"])
        .code(1)
        .stderr_has("ecs-task-def.json:")
        .stderr_has("stack `acme-dev` has no output `Nope` (it has: Bucket, Queue)");
    p.edit("ecs-task-def.json", "`Nope`", "`Bucket`").edit(
        "ecs-task-def.json",
        "acme/dev/api-key",
        "acme/dev/gone",
    );
    p.run(&["render", "taskdef"]).code(1).stderr_has("secret `acme/dev/gone` does not exist");
    // Without the plugin, cfn_output is an unknown function.
    p.write("config.yaml", &config);
    p.run(&["render", "taskdef"]).code(1).stderr_has("unknown function `cfn_output`");
}

#[test]
fn tfstate_over_http_and_refused_state_urls() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    bed.probe(
        json!({"path": "/state/terraform.tfstate", "status": 200, "body": p.seed["tfstate"]}),
    );
    let url = bed.probe_url("/state/terraform.tfstate");
    p.edit(
        "config.yaml",
        "path: '{{ env `TFSTATE` `terraform.tfstate` }}'",
        &format!("url: {url}"),
    );
    let r = p.run(&["--output", "json", "render", "taskdef"]);
    r.code(0);
    assert_eq!(
        r.json()["taskdef"]["executionRoleArn"],
        json!(p.seed_str("/roles/ecs_task_execution")),
    );

    for (scheme, needle) in [
        (
            "remote://app.terraform.io/acme/dev",
            "Terraform Cloud / Enterprise (`remote://`) is not supported",
        ),
        ("gs://acme-state/dev.tfstate", "Google Cloud Storage (`gs://`) is not supported"),
        ("azurerm://acme/dev.tfstate", "Azure Blob Storage (`azurerm://`) is not supported"),
    ] {
        set_tfstate_url(&p, scheme);
        p.run(&["render", "taskdef"])
            .code(1)
            .stderr_has(needle)
            .stderr_has("terraform state pull > terraform.tfstate");
    }
    bed.probe(json!({"path": "/state/terraform.tfstate", "status": 404, "body": "no"}));
    set_tfstate_url(&p, &url);
    p.run(&["render", "taskdef"])
        .code(1)
        .stderr_has("tfstate plugin: cannot read")
        .stderr_has("404");
}

/// Points the config's tfstate plugin at `url`.
fn set_tfstate_url(p: &Project, url: &str) {
    let config = p.read("config.yaml");
    let lines = config.lines().map(|l| match l.trim_start().starts_with("url:") {
        true => format!("      url: {url}"),
        false => l.to_string(),
    });
    p.write("config.yaml", &lines.collect::<Vec<_>>().join("\n"));
}

#[test]
fn required_version_reads_ecspresso_constraints() {
    let p = Project::offline();
    for (constraint, ok) in [
        (">= v1, < v3", true),
        ("= v2.8.0", true),
        ("~> v2.1", true),
        (">= v3", false),
        ("~> v2.8.1", false),
    ] {
        p.write("ecspresso.yml", &format!("required_version: \"{constraint}\"\ncluster: c\n"));
        let r = run(&mut p.bare(&["render", "config"]));
        if ok {
            r.code(0);
        } else {
            r.code(1).stderr_has("is not satisfied by ecspresso 2.8.0");
        }
    }
    p.write("ecspresso.yml", "required_version: hoge\n");
    run(&mut p.bare(&["render", "config"]))
        .code(1)
        .stderr_has("`hoge` is not a version constraint");
}

#[test]
fn ext_vars_reach_jsonnet_and_bad_ext_code_names_itself() {
    let p = Project::offline();
    p.write("ecspresso.jsonnet", "{ cluster: std.extVar('C'), service: 'web-' + std.extVar('N') }");
    let r = run(&mut p.bare(&[
        "--ext-str",
        "C=acme",
        "--ext-code",
        "N=1 + 1",
        "--output",
        "json",
        "render",
        "config",
    ]));
    r.code(0);
    assert_eq!(r.json()["config"], json!({"cluster": "acme", "service": "web-2"}));
    run(&mut p.bare(&["--ext-code", "N=1 +", "--ext-str", "C=a", "render", "config"]))
        .code(1)
        .stderr_has("error: ecspresso.jsonnet:1:")
        .stderr_has("hint: the mistake is in an --ext-code value");
    run(&mut p.bare(&["--ext-str", "C", "render", "config"]))
        .code(1)
        .stderr_has("is not KEY=VALUE");
}

#[test]
fn a_json_config_is_read_through_jsonnet_as_ecspresso_reads_it() {
    let p = Project::offline();
    // Comments, trailing commas, Jsonnet natives and ext vars, then Go templates.
    p.write(
        "ecspresso.json",
        "{\n  // the cluster\n  \"cluster\": \"acme\",\n  \"service\": \"web-{{ env `N` `x` }}\",\n  /* a block */ \"region\": std.extVar('R'),\n  \"timeout\": \"5m\",\n}\n",
    );
    let r = run(&mut p.bare(&[
        "--ext-str",
        "R=ap-northeast-1",
        "--output",
        "json",
        "render",
        "config",
    ]));
    r.code(0);
    let config = &r.json()["config"];
    assert_eq!(
        (&config["cluster"], &config["service"], &config["region"]),
        (&json!("acme"), &json!("web-x"), &json!("ap-northeast-1"))
    );
    // A mistake names the file, line and column.
    p.write("ecspresso.json", "{\n  \"cluster\": \"acme\"\n  \"service\": \"web\"\n}\n");
    run(&mut p.bare(&["render", "config"])).code(1).stderr_has("error: ecspresso.json:3:");
    // Definitions stay plain JSON: a comment there is a JSON error with its line.
    p.write("ecspresso.json", "{\"cluster\": \"acme\", \"task_definition\": \"td.json\"}");
    p.write("td.json", "{\n  // no\n  \"family\": \"web\"\n}\n");
    run(&mut p.bare(&["render", "taskdef"])).code(1).stderr_has("td.json:2");
}
