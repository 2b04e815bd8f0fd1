//! The fixture sweep: every config and definition in ecspresso's own `tests/` directory
//! (`tests/fixtures/ecspresso/`, inputs only) and every template example of its README, rendered
//! by the real binary with the values ecspresso's own tests use, checked against what those tests
//! expect — and, where ecspresso's tests say two files are the same definition (YAML/JSON/Jsonnet
//! configs, `td.json`/`td-plain.json`/`td.jsonnet`, `sv.json`/`sv.jsonnet`), that they render
//! identically.
//!
//! The sweep reports each case and fails if any case does not render as ecspresso renders it, or
//! is not refused where ecspresso refuses it. Run with `--nocapture` to see the tally.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::bed::Bed;
use crate::support::project::{Project, Sdk};
use crate::support::shipper::{Run, run};
use crate::support::{block_on, copy_tree};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ecspresso");
const ACCOUNT: &str = "123456789012";

/// One case's outcome: `Ok` or why it does not match ecspresso.
type Outcome = Result<(), String>;

struct Sweep {
    results: Vec<(String, Outcome)>,
}

impl Sweep {
    fn record(&mut self, name: &str, outcome: Outcome) {
        self.results.push((name.to_string(), outcome));
    }
}

/// Cases where shipper knowingly differs from ecspresso, and why (the README lists them too).
/// None now; an entry here must also fail, or the sweep says it is gone.
const KNOWN: &[(&str, &str)] = &[];

/// `shipper --output json render TARGETS` with `--config CONFIG` and extra arguments.
fn render(p: &Project, config: &str, extra: &[&str], targets: &[&str]) -> Run {
    let mut cmd = p.bare(&["--config", config, "--output", "json"]);
    cmd.args(extra).arg("render").args(targets);
    run(&mut cmd)
}

fn rendered(r: &Run) -> Result<Value, String> {
    if r.code != 0 {
        return Err(format!("exit {}: {}", r.code, r.stderr.trim()));
    }
    serde_json::from_str(&r.stdout).map_err(|e| format!("not JSON: {e}"))
}

/// Each `(pointer, expected)` holds in `doc`.
fn expect(doc: &Value, checks: &[(&str, Value)]) -> Outcome {
    for (pointer, want) in checks {
        let got = doc.pointer(pointer).cloned().unwrap_or(Value::Null);
        if got != *want {
            return Err(format!("{pointer} is {got}, ecspresso's tests expect {want}"));
        }
    }
    Ok(())
}

fn same(a: &Value, b: &Value, what: &str) -> Outcome {
    if a == b { Ok(()) } else { Err(format!("{what} renders differently:\n{a}\n{b}")) }
}

#[test]
#[allow(clippy::print_stderr)] // the tally is the point of the sweep (`--nocapture`)
fn ecspresso_fixtures_and_readme_examples_render_as_ecspresso_renders_them() {
    let bed = Bed::start();
    let mut p = Project::seeded(&bed);
    let root = p.dir.path().to_path_buf();
    // Into `<project>/tests/`, where ecspresso's tests find them (its `config_abs.yaml` names
    // `{{ must_env "PWD" }}/tests/…`).
    copy_tree(Path::new(FIXTURES), &root.join("tests"));
    p.set_env("PWD", &root.display().to_string())
        .set_env("TAG", "testing")
        .set_env("JSON", r#"{"foo":"bar"}"#)
        .set_env("AWS_ACCOUNT_ID", ACCOUNT);
    let mut sweep = Sweep { results: Vec::new() };

    plugin_configs(&p, &mut sweep);
    service_and_task_definitions(&p, &mut sweep);
    other_configs(&p, &mut sweep);
    ci_configs(&bed, &mut p, &mut sweep);
    terraform_example(&p, &mut sweep);
    readme_examples(&bed, &p, &mut sweep);

    let failed: Vec<&(String, Outcome)> = sweep
        .results
        .iter()
        .filter(|(name, o)| o.is_err() && !KNOWN.iter().any(|(k, _)| k == name))
        .collect();
    let known_gone: Vec<&str> = KNOWN
        .iter()
        .filter(|(k, _)| sweep.results.iter().any(|(n, o)| n == k && o.is_ok()))
        .map(|(k, _)| *k)
        .collect();
    assert!(
        known_gone.is_empty(),
        "known differences that are gone (update KNOWN and the README): {known_gone:?}"
    );
    let identical = sweep.results.iter().filter(|(_, o)| o.is_ok()).count();
    eprintln!(
        "ecspresso fixture sweep: {identical} of {} render as ecspresso renders them",
        sweep.results.len()
    );
    for (name, outcome) in &sweep.results {
        eprintln!("  {} {name}", if outcome.is_ok() { "ok  " } else { "DIFF" });
    }
    for (name, why) in KNOWN {
        eprintln!("  known difference: {name}: {why}");
    }
    let report: Vec<String> =
        failed.iter().map(|(n, o)| format!("{n}: {}", o.as_ref().unwrap_err())).collect();
    assert!(report.is_empty(), "cases that differ from ecspresso:\n{}", report.join("\n\n"));
}

/// `TestLoadConfigWithPlugin` (ecspresso.yml|yaml|json|jsonnet), `…PluginAbsPath`,
/// `…PluginMultiple`, `…PluginDuplicate`.
fn plugin_configs(p: &Project, sweep: &mut Sweep) {
    let td_checks = [
        (
            "/taskdef/containerDefinitions/0/image",
            json!("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:testing"),
        ),
        ("/taskdef/containerDefinitions/0/environment/0/name", json!("JSON")),
        ("/taskdef/containerDefinitions/0/environment/0/value", json!(r#"{"foo":"bar"}"#)),
    ];
    let sv_checks = [
        ("/servicedef/serviceName", json!("test")),
        ("/servicedef/cluster", json!("default")),
        (
            "/servicedef/networkConfiguration/awsvpcConfiguration/securityGroups/0",
            json!("sg-12345678"),
        ),
        (
            "/servicedef/networkConfiguration/awsvpcConfiguration/subnets/0",
            json!("subnet-07ac54af5e41a4fc4"),
        ),
        ("/servicedef/deploymentConfiguration/deploymentCircuitBreaker/enable", json!(true)),
        ("/servicedef/deploymentConfiguration/deploymentCircuitBreaker/rollback", json!(true)),
    ];
    let config_checks =
        [("/config/timeout", json!("10m0s")), ("/config/region", json!("ap-northeast-1"))];
    let mut first: Option<Value> = None;
    for config in [
        "tests/ecspresso.yml",
        "tests/ecspresso.yaml",
        "tests/ecspresso.json",
        "tests/ecspresso.jsonnet",
        "tests/config_abs.yaml",
        "tests/config_multiple_plugins.yaml",
    ] {
        let outcome = rendered(&render(p, config, &[], &[])).and_then(|doc| {
            expect(&doc, &td_checks)?;
            expect(&doc, &sv_checks)?;
            if config.starts_with("tests/ecspresso.") {
                expect(&doc, &config_checks)?;
            }
            if config.ends_with("multiple_plugins.yaml") {
                // `bucket_tfstate` reads the second, prefixed plugin's state.
                expect(
                    &doc,
                    &[(
                        "/taskdef/containerDefinitions/0/environment/1/value",
                        json!("s3://example/"),
                    )],
                )?;
            }
            // The same definitions, whatever the config's format or path style.
            let defs = json!([doc["taskdef"], doc["servicedef"]]);
            match &first {
                None => first = Some(defs),
                Some(_) if config.ends_with("multiple_plugins.yaml") => {}
                Some(f) => same(f, &defs, &format!("{config} vs tests/ecspresso.yml"))?,
            }
            Ok(())
        });
        sweep.record(config, outcome);
    }
    let r = render(p, "tests/config_duplicate_plugins.yaml", &[], &["config"]);
    let outcome = match r.code {
        1 if r.stderr.contains("already exists. set func_prefix to tfstate plugin") => Ok(()),
        _ => Err(format!(
            "expected the duplicate tfstate plugins refused at load, got exit {}: {}",
            r.code, r.stderr
        )),
    };
    sweep.record("tests/config_duplicate_plugins.yaml (refused)", outcome);
}

/// `TestLoadServiceDefinition` (sv.json, sv.jsonnet), `TestLoadTaskDefinition` and
/// `TestLoadTaskDefinitionTags` (td.json, td-plain.json, td-in-tags.json, td-plain-in-tags.json,
/// td.jsonnet with `--ext-str WorkerID=3 --ext-code EphemeralStorage='24 + 1'`), the run tests'
/// `run-test-td.json`.
fn service_and_task_definitions(p: &Project, sweep: &mut Sweep) {
    let mut first: Option<Value> = None;
    for def in ["sv.json", "sv.jsonnet"] {
        let config = format!("tests/test-{def}.yaml");
        p.write(&config, &p.read("tests/test.yaml").replace("sv.json", def));
        let outcome = rendered(&render(p, &config, &[], &["servicedef"])).and_then(|doc| {
            expect(&doc, &[
                ("/servicedef/serviceName", json!("test")),
                ("/servicedef/desiredCount", json!(2)),
                ("/servicedef/loadBalancers/0/targetGroupArn", json!("arn:aws:elasticloadbalancing:us-east-1:1111111111:targetgroup/test/12345678")),
                ("/servicedef/launchType", json!("EC2")),
                ("/servicedef/schedulingStrategy", json!("REPLICA")),
                ("/servicedef/propagateTags", json!("SERVICE")),
                ("/servicedef/tags/0", json!({"key": "cluster", "value": "default2"})),
                ("/servicedef/deploymentConfiguration/maximumPercent", json!(200)),
                ("/servicedef/deploymentConfiguration/minimumHealthyPercent", json!(50)),
                ("/servicedef/deploymentConfiguration/alarms/alarmNames", json!(["HighResponseLatencyAlarm"])),
            ])?;
            match &first {
                None => first = Some(doc),
                Some(f) => same(f, &doc, "sv.jsonnet vs sv.json")?,
            }
            Ok(())
        });
        sweep.record(&format!("tests/{def}"), outcome);
    }

    let ext = ["--ext-str", "WorkerID=3", "--ext-code", "EphemeralStorage=24 + 1"];
    let mut plain: Option<Value> = None;
    for (def, tagged) in [
        ("td.json", false),
        ("td-plain.json", false),
        ("td.jsonnet", false),
        ("td-in-tags.json", true),
        ("td-plain-in-tags.json", true),
    ] {
        let config = format!("tests/td-config-{def}.yml");
        p.write(&config, &format!("{}task_definition: {def}\n", p.read("tests/td-config.yml")));
        let outcome = rendered(&render(p, &config, &ext, &["taskdef"])).and_then(|doc| {
            let td = &doc["taskdef"];
            expect(
                &doc,
                &[
                    ("/taskdef/ephemeralStorage/sizeInGiB", json!(25)),
                    ("/taskdef/containerDefinitions/0/dockerLabels/name", json!("katsubushi")),
                    (
                        "/taskdef/containerDefinitions/0/logConfiguration/options/awslogs-group",
                        json!("fargate"),
                    ),
                    ("/taskdef/containerDefinitions/0/environment/0/value", json!("3")),
                ],
            )?;
            let has_tags = td.get("tags").and_then(Value::as_array).is_some_and(|t| !t.is_empty());
            if has_tags != tagged {
                return Err(format!(
                    "tags: {}; ecspresso's tests expect {}",
                    td["tags"],
                    if tagged { "some" } else { "none" }
                ));
            }
            if !tagged {
                match &plain {
                    None => plain = Some(td.clone()),
                    Some(f) => same(f, td, &format!("{def} vs td.json"))?,
                }
            }
            Ok(())
        });
        sweep.record(&format!("tests/{def}"), outcome);
    }

    p.write(
        "tests/run-td.yaml",
        &format!("{}task_definition: run-test-td.json\n", p.read("tests/td-config.yml")),
    );
    let outcome = rendered(&render(p, "tests/run-td.yaml", &[], &["taskdef"]))
        .and_then(|doc| expect(&doc, &[("/taskdef/family", json!("test"))]));
    sweep.record("tests/run-test-td.json", outcome);
}

/// Configs ecspresso's tests load: without timeout, CodeDeploy (yml/json/jsonnet), the
/// deprecated filter_command, the run tests' configs with and without `service`.
fn other_configs(p: &Project, sweep: &mut Sweep) {
    let outcome = rendered(&render(p, "tests/notimeout.yml", &[], &["config"])).and_then(|doc| {
        expect(&doc, &[("/config/service", json!("test")), ("/config/timeout", Value::Null)])
    });
    sweep.record("tests/notimeout.yml", outcome);
    let mut first: Option<Value> = None;
    for ext in ["yml", "json", "jsonnet"] {
        let config = format!("tests/config_codedeploy.{ext}");
        let outcome = rendered(&render(p, &config, &[], &["config"])).and_then(|doc| {
            expect(
                &doc,
                &[
                    ("/config/codedeploy/application_name", json!("myapp")),
                    ("/config/codedeploy/deployment_group_name", json!("mydeployment")),
                ],
            )?;
            match &first {
                None => first = Some(doc),
                Some(f) => same(f, &doc, &format!("{config} vs config_codedeploy.yml"))?,
            }
            Ok(())
        });
        sweep.record(&config, outcome);
    }
    let outcome = rendered(&render(p, "tests/filter_command.yml", &[], &["config"]))
        .and_then(|doc| expect(&doc, &[("/config/filter_command", json!("fzf"))]));
    sweep.record("tests/filter_command.yml", outcome);
    for (config, service) in [("tests/run-with-sv.yaml", "test"), ("tests/run-without-sv.yaml", "")]
    {
        let outcome =
            rendered(&render(p, config, &[], &["taskdef", "servicedef"])).and_then(|doc| {
                expect(
                    &doc,
                    &[
                        ("/taskdef/family", json!("katsubushi")),
                        ("/servicedef/serviceName", json!(service)),
                    ],
                )
            });
        sweep.record(config, outcome);
    }
}

/// ecspresso's CI project (`tests/ci/`), as its Makefile runs it (`--envfile envfile
/// --ext-str DEPLOYMENT_CONTROLLER=…`), against the bed holding the parameters and secret it uses.
fn ci_configs(bed: &Bed, p: &mut Project, sweep: &mut Sweep) {
    let secret_arn = block_on(async {
        let config = bed.sdk_config().await;
        let sdk = Sdk::new(bed).await;
        sdk.put("/ecspresso-test/foo", aws_sdk_ssm::types::ParameterType::String, "foo-value")
            .await;
        sdk.put(
            "/ecspresso-test/bar",
            aws_sdk_ssm::types::ParameterType::SecureString,
            "bar-value",
        )
        .await;
        let sm = aws_sdk_secretsmanager::Client::new(&config);
        sm.create_secret().name("ecspresso-test/json").secret_string("{}").send().await.unwrap();
        let out = sm
            .create_secret()
            .name("ecspresso-test/baz")
            .secret_string("baz")
            .send()
            .await
            .unwrap();
        out.arn().unwrap().to_string()
    });
    let envfile = ["--envfile", "tests/ci/envfile"];
    for controller in ["ECS", "CODE_DEPLOY"] {
        let ext = format!("DEPLOYMENT_CONTROLLER={controller}");
        let args = [envfile[0], envfile[1], "--ext-str", ext.as_str()];
        let r = render(p, "tests/ci/ecspresso.yml", &args, &[]);
        let outcome = rendered(&r).and_then(|doc| {
            expect(
                &doc,
                &[
                    ("/config/service", json!("nginx-local")),
                    ("/config/plugins", Value::Null),
                    ("/taskdef/containerDefinitions/0/image", json!("nginx:latest")),
                    ("/taskdef/containerDefinitions/0/environment/0/value", json!("foo-value")),
                    ("/taskdef/containerDefinitions/0/environment/1/value", json!(secret_arn)),
                    ("/servicedef/serviceName", json!("nginx-local")),
                    ("/servicedef/deploymentController/type", json!("ECS")),
                ],
            )?;
            let lb = &doc["servicedef"]["loadBalancers"][0]["targetGroupArn"];
            match lb.as_str() {
                Some(arn) if arn.contains(ACCOUNT) => Ok(()),
                _ => Err(format!("targetGroupArn {lb}")),
            }
        });
        sweep.record(
            &format!("tests/ci/ecspresso.yml (DEPLOYMENT_CONTROLLER={controller})"),
            outcome,
        );
    }
    // With TFSTATE_BUCKET set, the `{{ if }}` branch adds an s3:// tfstate plugin.
    let body = std::fs::read_to_string(Path::new(FIXTURES).join("ci/terraform.tfstate")).unwrap();
    bed.put_s3_object("ecspresso-ci-state", "terraform.tfstate", &body);
    p.set_env("TFSTATE_BUCKET", "ecspresso-ci-state");
    let r = render(
        p,
        "tests/ci/ecspresso.yml",
        &["--envfile", "tests/ci/envfile", "--ext-str", "DEPLOYMENT_CONTROLLER=ECS"],
        &[],
    );
    let outcome = rendered(&r).and_then(|doc| {
        expect(
            &doc,
            &[("/config/plugins/0/config/url", json!("s3://ecspresso-ci-state/terraform.tfstate"))],
        )
    });
    sweep.record("tests/ci/ecspresso.yml (TFSTATE_BUCKET set)", outcome);
    p.unset_env("TFSTATE_BUCKET");

    for (config, service, image) in [
        ("tests/ci/bash.yml", "bash", None),
        ("tests/ci/nginx.yml", "nginx", Some("nginx:latest")),
        ("tests/ci/config-daemon.yaml", "nginx-local-daemon", None),
    ] {
        let outcome = rendered(&render(p, config, &envfile, &[])).and_then(|doc| {
            expect(&doc, &[("/servicedef/serviceName", json!(service))])?;
            if let Some(image) = image {
                expect(&doc, &[("/taskdef/containerDefinitions/0/image", json!(image))])?;
            }
            let role = doc["taskdef"]["executionRoleArn"].as_str().unwrap_or_default();
            if !role.contains(ACCOUNT) {
                return Err(format!("executionRoleArn {role:?} lacks the account"));
            }
            Ok(())
        });
        sweep.record(config, outcome);
    }
}

/// `tests/terraform/`: its state comes from applying ecspresso's Terraform to real AWS, so the
/// sweep writes a state with the same addresses (values of its own) next to it.
fn terraform_example(p: &Project, sweep: &mut Sweep) {
    let resource = |kind: &str, name: &str, attributes: Value| json!({"mode": "managed", "type": kind, "name": name, "instances": [{"attributes": attributes}]});
    let state = json!({"version": 4, "outputs": {}, "resources": [
        {"mode": "managed", "type": "aws_lb_target_group", "name": "http", "each": "map",
         "instances": [{"index_key": "alpha", "attributes": {"arn": "arn:tg/alpha"}}]},
        resource("aws_security_group", "default", json!({"id": "sg-1"})),
        resource("aws_subnet", "public-a", json!({"id": "subnet-a"})),
        resource("aws_subnet", "public-c", json!({"id": "subnet-c"})),
        resource("aws_subnet", "public-d", json!({"id": "subnet-d"})),
        resource("aws_cloudwatch_log_group", "main", json!({"name": "/ecs/ecspresso"})),
        resource("aws_ssm_parameter", "foo", json!({"name": "/ecspresso/foo"})),
        resource("aws_secretsmanager_secret", "bar", json!({"arn": "arn:secret:bar"})),
        resource("aws_secretsmanager_secret", "json", json!({"arn": "arn:secret:json"})),
        resource("aws_iam_role", "ecs-task-execution", json!({"arn": "arn:role/exec"})),
        resource("aws_iam_role", "ecs-task", json!({"arn": "arn:role/task"})),
    ]});
    p.write("tests/terraform/terraform.tfstate", &state.to_string());
    let outcome =
        rendered(&render(p, "tests/terraform/ecspresso.jsonnet", &[], &[])).and_then(|doc| {
            expect(
                &doc,
                &[
                    ("/config/region", json!("ap-northeast-1")),
                    ("/servicedef/loadBalancers/0/targetGroupArn", json!("arn:tg/alpha")),
                    (
                        "/servicedef/networkConfiguration/awsvpcConfiguration/subnets",
                        json!(["subnet-a", "subnet-c", "subnet-d"]),
                    ),
                    ("/taskdef/executionRoleArn", json!("arn:role/exec")),
                    // `appProtocol: ''` is absent, as the Go SDK sends it (an empty enum is
                    // skipped); the port mapping's other members stay.
                    ("/taskdef/containerDefinitions/0/portMappings/0/appProtocol", Value::Null),
                    ("/taskdef/containerDefinitions/0/portMappings/0/protocol", json!("tcp")),
                    ("/taskdef/containerDefinitions/0/portMappings/0/containerPort", json!(80)),
                    (
                        "/taskdef/containerDefinitions/0/logConfiguration/options/awslogs-group",
                        json!("/ecs/ecspresso"),
                    ),
                ],
            )
        });
    sweep.record("tests/terraform/ecspresso.jsonnet", outcome);
}

/// The template examples of ecspresso's README, each in a task definition value.
fn readme_examples(bed: &Bed, p: &Project, sweep: &mut Sweep) {
    let secret_arn = block_on(async {
        let config = bed.sdk_config().await;
        let sdk = Sdk::new(bed).await;
        use aws_sdk_ssm::types::ParameterType;
        sdk.put("/path/to/string", ParameterType::String, "str").await;
        sdk.put("/path/to/stringlist", ParameterType::StringList, "a,b,c").await;
        sdk.put("/path/to/securestring", ParameterType::SecureString, "sec").await;
        let sm = aws_sdk_secretsmanager::Client::new(&config);
        let arn = sm
            .create_secret()
            .name("foo")
            .secret_string("x")
            .send()
            .await
            .unwrap()
            .arn()
            .unwrap()
            .to_string();
        let cfn = aws_sdk_cloudformation::Client::new(&config);
        let template = json!({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}, "Outputs": {
            "SubnetAz1": {"Value": "subnet-az1"},
            "SubnetAz2": {"Value": "subnet-az2"},
            "Sg": {"Value": "sg-cfn", "Export": {"Name": "ECS-ecspresso-EcsSecurityGroupId"}}}});
        cfn.create_stack()
            .stack_name("ECS-ecspresso")
            .template_body(template.to_string())
            .send()
            .await
            .unwrap();
        arn
    });
    let state = |bucket_arn: &str| {
        json!({"version": 4, "outputs": {}, "resources": [
            {"mode": "managed", "type": "aws_subnet", "name": "private", "each": "map",
             "instances": [{"index_key": "az-a", "attributes": {"id": "subnet-priv-a"}}]},
            {"mode": "managed", "type": "aws_subnet", "name": "ecs", "each": "map",
             "instances": [{"index_key": "web", "attributes": {"id": "subnet-ecs-web"}}]},
            {"mode": "data", "type": "aws_security_group", "name": "default",
             "instances": [{"attributes": {"id": "sg-default"}}]},
            {"mode": "managed", "type": "resource_type", "name": "resource_name", "each": "map",
             "instances": [{"index_key": "index", "attributes": {"attr": "indexed"}}]},
            {"mode": "managed", "type": "aws_s3_bucket", "name": "main",
             "instances": [{"attributes": {"arn": bucket_arn}}]},
        ]})
    };
    p.write("readme/first.tfstate", &state("arn:s3:first").to_string());
    p.write("readme/second.tfstate", &state("arn:s3:second").to_string());
    p.write(
        "readme/config.yaml",
        "region: ap-northeast-1\ntask_definition: td.json\nplugins:\n  - name: tfstate\n    config: {path: first.tfstate}\n  - name: tfstate\n    config: {path: first.tfstate}\n    func_prefix: first_\n  - name: tfstate\n    config: {path: second.tfstate}\n    func_prefix: second_\n  - name: cloudformation\n",
    );
    let cases: &[(&str, &str, &str)] = &[
        ("must_env IMAGE_TAG", "nginx:{{ must_env `IMAGE_TAG` }}", "nginx:v1.2.0"),
        ("env with default", "{{ env `NAME` `default value` }}", "default value"),
        ("env FOO bar", "{{ env `FOO` `bar` }}", "bar"),
        ("must_env NAME", "{{ must_env `NAME` }}", "named"),
        ("json_escape", "{{ must_env `JSON_VALUE` | json_escape }}", r#"{\"a\":1}"#),
        (
            "tfstatef with a literal",
            "{{ tfstatef `aws_subnet.private['%s'].id` `az-a` }}",
            "subnet-priv-a",
        ),
        ("tfstate data source", "{{ tfstate `data.aws_security_group.default.id` }}", "sg-default"),
        (
            "tfstate double quotes",
            "{{ tfstatef \"resource_type.resource_name['%s'].attr\" \"index\" }}",
            "indexed",
        ),
        (
            "tfstatef without args",
            "{{ tfstatef \"resource_type.resource_name['index'].attr\" }}",
            "indexed",
        ),
        (
            "tfstatef with (must_env)",
            "{{ tfstatef `aws_subnet.ecs['%s'].id` (must_env `SERVICE`) }}",
            "subnet-ecs-web",
        ),
        ("func_prefix first_", "{{ first_tfstate `aws_s3_bucket.main.arn` }}", "arn:s3:first"),
        ("func_prefix second_", "{{ second_tfstate `aws_s3_bucket.main.arn` }}", "arn:s3:second"),
        (
            "cfn_output",
            "{{ cfn_output `ECS-ecspresso` `SubnetAz1` }},{{ cfn_output `ECS-ecspresso` `SubnetAz2` }}",
            "subnet-az1,subnet-az2",
        ),
        ("cfn_export", "{{ cfn_export `ECS-ecspresso-EcsSecurityGroupId` }}", "sg-cfn"),
        ("ssm string", "{{ ssm `/path/to/string` }}", "str"),
        ("ssm stringlist", "{{ ssm `/path/to/stringlist` 1 }}", "b"),
        ("ssm securestring", "{{ ssm `/path/to/securestring` }}", "sec"),
        ("secretsmanager_arn", "{{ secretsmanager_arn `foo` }}", &secret_arn),
    ];
    for (name, snippet, want) in cases {
        let td = format!(
            "{{\"family\": \"readme\", \"containerDefinitions\": [{{\"name\": \"app\", \"image\": \"nginx\", \"environment\": [{{\"name\": \"X\", \"value\": \"{snippet}\"}}]}}]}}"
        );
        p.write("readme/td.json", &td);
        let mut cmd = p.bare(&[
            "--config",
            "readme/config.yaml",
            "--output",
            "json",
            "render",
            "taskdef",
            "--show-secrets",
        ]);
        cmd.env("JSON_VALUE", r#"{"a":1}"#).env("SERVICE", "web");
        // `env NAME default` shows the default: NAME is set only where the README's example
        // says it must be.
        if !snippet.contains("`default value`") {
            cmd.env("NAME", "named");
        }
        let r = run(&mut cmd);
        let outcome = rendered(&r).and_then(|doc| {
            let got = doc["taskdef"]["containerDefinitions"][0]["environment"][0]["value"].clone();
            let want = serde_json::from_str::<Value>(&format!("\"{want}\"")).unwrap_or(json!(want));
            if got == want {
                Ok(())
            } else {
                Err(format!("{snippet} gave {got}, ecspresso gives {want}"))
            }
        });
        sweep.record(&format!("README: {name}"), outcome);
    }
}
