//! `shipper render`: config, templates (ecspresso's Go spellings and minijinja), SSM and tfstate
//! values, secret masking, and every way the input can be wrong.
//!
//! The reference project is the `ecspresso/` example, rendered against the bed's seed. Bad-input
//! tests check the exit code, the message (file, line or JSON path, hint), that nothing crashed,
//! and — for mistakes that can be found without AWS — that no AWS call was made at all: the bed's
//! request log stays empty.

use aws_sdk_ssm::types::ParameterType;
use serde_json::{Value, json};

use crate::support::bed::{Bed, RequestLog};
use crate::support::project::{Project, Sdk, TAG, json_stream, no_crash, unique};
use crate::support::shipper::{Run, run};

// ----------------------------------------------------------------------------------------------
// Helpers

/// A refused input: exit 1, every needle on stderr, nothing on stdout, no crash.
#[track_caller]
fn refused(r: &Run, needles: &[&str]) {
    r.code(1);
    no_crash(r);
    for needle in needles {
        r.stderr_has(needle);
    }
    assert!(r.stdout.is_empty(), "a refused command prints nothing on stdout:\n{}", r.stdout);
}

/// The bed saw no AWS request at all.
#[track_caller]
fn no_aws_call(bed: &Bed) {
    let log = bed.requests();
    let calls: Vec<String> = log.iter().map(|r| format!("{}:{}", r.service, r.action)).collect();
    assert!(
        calls.is_empty(),
        "the mistake is detectable without AWS, yet shipper called {calls:?}"
    );
}

/// The value of environment variable `name` of a rendered container.
fn env_of<'a>(container: &'a Value, name: &str) -> &'a Value {
    container["environment"]
        .as_array()
        .and_then(|vars| vars.iter().find(|v| v["name"] == name))
        .map(|v| &v["value"])
        .unwrap_or_else(|| panic!("no environment variable {name} in {container}"))
}

/// The names each `ssm:GetParameters` call asked for.
fn get_parameters_batches(bed: &Bed) -> Vec<Vec<String>> {
    bed.requests()
        .iter()
        .filter(|r| r.service == "ssm" && r.action == "GetParameters")
        .map(|r| {
            r.body["Names"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

const CONFIG_TD_ONLY: &str =
    "region: ap-northeast-1\ncluster: acme-dev-cluster\ntask_definition: td.json\n";

// ----------------------------------------------------------------------------------------------
// The example renders

#[test]
fn the_example_renders_every_document_with_ssm_and_tfstate_values() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    let r = p.run(&["render"]);
    r.code(0);
    no_crash(&r);
    let docs = json_stream(&r.stdout);
    assert_eq!(docs.len(), 3, "config, task definition, service definition:\n{}", r.stdout);
    let (config, td, svc) = (&docs[0], &docs[1], &docs[2]);

    // The config, itself rendered (TFSTATE came from the environment).
    assert_eq!(config["cluster"], "acme-dev-cluster");
    assert_eq!(config["service"], "acme-dev-app");
    assert_eq!(
        config["plugins"][0]["config"]["path"],
        p.path("terraform.tfstate").display().to_string()
    );

    // The task definition: tfstate and SSM values filled in.
    assert_eq!(td["family"], "acme-dev-app");
    assert_eq!(td["executionRoleArn"], p.seed["roles"]["ecs_task_execution"]);
    assert_eq!(td["taskRoleArn"], p.seed["roles"]["ecs_task"]);
    let app = &td["containerDefinitions"][0];
    assert_eq!(app["image"], format!("{}:{TAG}", p.seed_str("/ecr/uri")));
    assert_eq!(env_of(app, "NODE_ENV"), "production");
    assert_eq!(env_of(app, "APP_ENV"), "dev");
    assert_eq!(env_of(app, "LOG_LEVEL"), "debug");
    assert_eq!(env_of(app, "DB_HOST"), "acme-dev-db.cluster-seed.ap-northeast-1.rds.amazonaws.com");
    assert_eq!(env_of(app, "DB_PORT"), "5432");
    assert_eq!(env_of(app, "DB_NAME"), "acme");
    assert_eq!(env_of(app, "COGNITO_USER_POOL_ID"), "ap-northeast-1_SeedPool1");
    assert_eq!(env_of(app, "COGNITO_CLIENT_ID"), "seedclientid0123456789");
    assert_eq!(app["logConfiguration"]["options"]["awslogs-group"], "/ecs/acme/app");
    assert_eq!(
        app["secrets"][1],
        json!({"name": "DB_PASSWORD", "valueFrom": "/acme/dev/database/password"})
    );

    // The service definition: the config names the service; the target group comes from tfstate.
    assert_eq!(svc["cluster"], "acme-dev-cluster");
    assert_eq!(svc["serviceName"], "acme-dev-app");
    assert_eq!(svc["loadBalancers"][0]["targetGroupArn"], p.seed["target_groups"]["blue"]);
    assert_eq!(svc["desiredCount"], 2);

    // `secrets` are references: their values are never read, so they cannot show.
    for secret in ["seed-db-password", "seed-client-secret", "acme_app"] {
        r.never_shows(secret);
    }
    // Seven SSM parameters: one batched read, and nothing else touches AWS.
    let batches = get_parameters_batches(&bed);
    assert_eq!(batches.len(), 1, "{batches:?}");
    assert_eq!(batches[0].len(), 7, "{batches:?}");
    assert!(bed.requests().iter().all(|r| r.service == "ssm"), "{:?}", bed.requests());
}

#[test]
fn each_target_renders_alone_and_in_the_order_asked() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    let all = json_stream(&p.run(&["render"]).code(0).stdout);

    // `render config` needs no SSM value: no AWS call at all.
    bed.clear_requests();
    let r = p.run(&["render", "config"]);
    r.code(0);
    assert_eq!(json_stream(&r.stdout), [all[0].clone()]);
    no_aws_call(&bed);

    let r = p.run(&["render", "taskdef"]);
    r.code(0);
    assert_eq!(json_stream(&r.stdout), [all[1].clone()]);
    // The aliases ecspresso users type.
    let r = p.run(&["render", "task-definition"]);
    assert_eq!(json_stream(&r.code(0).stdout), [all[1].clone()]);

    let r = p.run(&["render", "servicedef"]);
    r.code(0);
    assert_eq!(json_stream(&r.stdout), [all[2].clone()]);
    assert!(
        !r.stdout.contains("containerDefinitions"),
        "only the service definition:\n{}",
        r.stdout
    );

    let r = p.run(&["render", "servicedef", "taskdef"]);
    assert_eq!(json_stream(&r.code(0).stdout), [all[2].clone(), all[1].clone()]);
}

/// Maps (log options, docker labels, tags) come out of the SDK as hash maps, whose order changes
/// from run to run: rendered output must not churn when committed or compared in review.
#[test]
fn render_output_is_the_same_every_run_with_map_keys_sorted() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    p.edit(
        "ecs-task-def.json",
        r#""awslogs-group":"#,
        r#""mode": "non-blocking", "max-buffer-size": "25m", "awslogs-create-group": "true",
          "awslogs-group":"#,
    );
    let first = p.run(&["render", "taskdef"]).code(0).stdout.clone();
    for format in ["json", "yaml"] {
        let once = p.run(&["render", "taskdef", "--format", format]).code(0).stdout.clone();
        for _ in 0..4 {
            let again = p.run(&["render", "taskdef", "--format", format]);
            assert_eq!(again.code(0).stdout, once, "render --format {format} changed between runs");
        }
    }
    let td: Value = json_stream(&first).remove(0);
    let options: Vec<&String> = td["containerDefinitions"][0]["logConfiguration"]["options"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(
        options,
        [
            "awslogs-create-group",
            "awslogs-group",
            "awslogs-region",
            "awslogs-stream-prefix",
            "max-buffer-size",
            "mode"
        ],
        "map keys sorted"
    );
}

#[test]
fn yaml_format_and_json_output_carry_the_same_documents() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    let all = json_stream(&p.run(&["render"]).code(0).stdout);

    let r = p.run(&["render", "--format", "yaml"]);
    r.code(0);
    no_crash(&r);
    let yaml_docs: Vec<Value> = r
        .stdout
        .split("---\n")
        .filter(|d| !d.trim().is_empty())
        .map(|d| serde_yaml::from_str(d).unwrap_or_else(|e| panic!("not YAML ({e}):\n{d}")))
        .collect();
    assert_eq!(yaml_docs, all, "YAML documents separated by ---");
    assert!(r.stdout.contains("family: acme-dev-app"), "{}", r.stdout);

    let r = p.run(&["render", "--output", "json"]);
    r.code(0);
    assert_eq!(r.json(), json!({"config": all[0], "taskdef": all[1], "servicedef": all[2]}));
    let r = p.run(&["--output", "json", "render", "taskdef"]);
    assert_eq!(r.code(0).json(), json!({"taskdef": all[1]}));

    // Two formats at once are refused, before any AWS call, rather than one silently ignored.
    bed.clear_requests();
    let r = p.run(&["--output", "json", "render", "--format", "yaml"]);
    refused(&r, &["--output json and --format yaml ask for two formats", "hint: drop one of them"]);
    no_aws_call(&bed);
    let r = p.run(&["--output", "json", "diff", "--format", "markdown"]);
    refused(&r, &["--output json and --format markdown ask for two formats"]);
    no_aws_call(&bed);
}

#[tokio::test]
async fn a_secure_string_in_environment_is_masked_warned_about_and_shown_only_on_request() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    let password = Sdk::new(&bed).await.get("/acme/dev/database/password").await;
    p.edit(
        "ecs-task-def.json",
        r#"{ "name": "NODE_ENV", "value": "production" },"#,
        r#"{ "name": "NODE_ENV", "value": "production" },
        { "name": "DB_PASSWORD_PLAIN", "value": "{{ ssm `/acme/dev/database/password` }}" },"#,
    );
    let label = "<secret ssm:/acme/dev/database/password>";
    let warning = "environment variable `DB_PASSWORD_PLAIN` holds an SSM SecureString value";

    let r = p.run(&["render", "taskdef"]);
    r.code(0)
        .never_shows(&password)
        .stderr_has(warning)
        .stderr_has("Use `secrets` with `valueFrom` instead");
    r.stderr_has("ecs-task-def.json: container `app`");
    let td = &json_stream(&r.stdout)[0];
    assert_eq!(env_of(&td["containerDefinitions"][0], "DB_PASSWORD_PLAIN"), label);

    for args in [
        &["render"][..],
        &["render", "taskdef", "--format", "yaml"],
        &["render", "--output", "json"],
        &["render", "taskdef", "-vv"],
    ] {
        let r = p.run(args);
        r.code(0).never_shows(&password).stdout_has(label);
    }

    let r = p.run(&["render", "taskdef", "--show-secrets"]);
    r.code(0).stdout_has(&password).stderr_has(warning);
    let td = &json_stream(&r.stdout)[0];
    assert_eq!(env_of(&td["containerDefinitions"][0], "DB_PASSWORD_PLAIN"), password.as_str());
    assert!(!r.stdout.contains(label), "{}", r.stdout);
}

/// YAML quotes and escapes what JSON does not: a value with `'`, `: ` or a newline is written
/// `'it''s: x'` or as a `|-` block. Masking must cover those forms too, or `--format yaml`
/// prints the secret (here a PEM-like multi-line key and a password with a quote).
#[tokio::test]
async fn yaml_output_masks_secrets_that_yaml_must_quote() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    let sdk = Sdk::new(&bed).await;
    let key = format!("-----BEGIN KEY-----\n{}\n-----END KEY-----", unique("MIIE"));
    let quoted = format!("it's: {}", unique("pw"));
    sdk.put("/acme/dev/tls/key", ParameterType::SecureString, &key).await;
    sdk.put("/acme/dev/database/password", ParameterType::SecureString, &quoted).await;
    p.edit(
        "ecs-task-def.json",
        r#"{ "name": "NODE_ENV", "value": "production" },"#,
        r#"{ "name": "NODE_ENV", "value": "production" },
        { "name": "TLS_KEY", "value": "{{ ssm `/acme/dev/tls/key` | json_escape }}" },
        { "name": "DB_PASSWORD_PLAIN", "value": "{{ ssm `/acme/dev/database/password` | json_escape }}" },"#,
    );
    let r = p.run(&["render", "taskdef", "--format", "yaml"]);
    r.code(0);
    let td: Value =
        serde_yaml::from_str(&r.stdout).unwrap_or_else(|e| panic!("not YAML ({e}):\n{}", r.stdout));
    let app = &td["containerDefinitions"][0];
    assert_eq!(
        env_of(app, "TLS_KEY"),
        "<secret ssm:/acme/dev/tls/key>",
        "a multi-line secret leaks:\n{}",
        r.stdout
    );
    assert_eq!(
        env_of(app, "DB_PASSWORD_PLAIN"),
        "<secret ssm:/acme/dev/database/password>",
        "a secret YAML must quote leaks:\n{}",
        r.stdout
    );
    // JSON, for comparison, masks both.
    let r = p.run(&["render", "taskdef"]);
    let td = &json_stream(&r.code(0).stdout)[0];
    assert_eq!(env_of(&td["containerDefinitions"][0], "TLS_KEY"), "<secret ssm:/acme/dev/tls/key>");
}

// ----------------------------------------------------------------------------------------------
// SSM

#[tokio::test]
async fn ssm_reads_are_batched_ten_names_per_call_and_string_lists_take_an_index() {
    let bed = Bed::start();
    let p = Project::seeded(&bed);
    let sdk = Sdk::new(&bed).await;
    let mut environment = Vec::new();
    for i in 1..=25 {
        sdk.put(&format!("/batch/p{i:02}"), ParameterType::String, &format!("value-{i}")).await;
        environment
            .push(format!(r#"{{ "name": "P{i:02}", "value": "{{{{ ssm `/batch/p{i:02}` }}}}" }}"#));
    }
    // The same parameter twice costs nothing more.
    environment.push(r#"{ "name": "P01_AGAIN", "value": "{{ ssm `/batch/p01` }}" }"#.to_string());
    sdk.put("/batch/list", ParameterType::StringList, "zero,one,two").await;
    let td = |environment: &[String]| {
        format!(
            "{{\n  \"family\": \"batch\",\n  \"containerDefinitions\": [{{\n    \"name\": \"app\", \"image\": \"nginx\", \"memory\": 64,\n    \"environment\": [\n      {}\n    ]\n  }}]\n}}\n",
            environment.join(",\n      ")
        )
    };
    p.write("config.yaml", CONFIG_TD_ONLY);
    p.write("td.json", &td(&environment));
    bed.clear_requests();

    let r = p.run(&["render", "taskdef"]);
    r.code(0);
    let app = &json_stream(&r.stdout)[0]["containerDefinitions"][0];
    for i in 1..=25 {
        assert_eq!(env_of(app, &format!("P{i:02}")), format!("value-{i}").as_str());
    }
    assert_eq!(env_of(app, "P01_AGAIN"), "value-1");

    // 25 distinct names: 10 + 10 + 5, exactly three calls, each name asked once, and no other call.
    let batches = get_parameters_batches(&bed);
    let mut sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [5, 10, 10], "{batches:?}");
    let mut names: Vec<String> = batches.concat();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 25, "{names:?}");
    assert_eq!(bed.requests().len(), 3, "{:?}", bed.requests());
    assert!(bed.requests().iter().all(|r| r.body["WithDecryption"] == json!(true)));

    // A StringList, with an index in both spellings.
    environment.push(r#"{ "name": "LIST_1", "value": "{{ ssm `/batch/list` 1 }}" }"#.to_string());
    environment.push(r#"{ "name": "LIST_2", "value": "{{ ssm("/batch/list", 2) }}" }"#.to_string());
    p.write("td.json", &td(&environment));
    bed.clear_requests();
    let r = p.run(&["render", "taskdef"]);
    r.code(0);
    let app = &json_stream(&r.stdout)[0]["containerDefinitions"][0];
    assert_eq!(env_of(app, "LIST_1"), "one");
    assert_eq!(env_of(app, "LIST_2"), "two");
    assert_eq!(bed.requests().count("ssm", "GetParameters"), 3, "26 names are still three calls");
}

/// `name:version`, `name:label` selectors and ARNs, in one batch, each resolved to its own value.
#[tokio::test]
async fn ssm_versions_labels_and_arns() {
    let bed = Bed::start();
    let p = Project::seeded(&bed);
    let sdk = Sdk::new(&bed).await;
    sdk.put("/acme/dev/rotating", ParameterType::String, "first").await;
    sdk.put("/acme/dev/rotating", ParameterType::String, "second").await;
    sdk.ssm
        .label_parameter_version()
        .name("/acme/dev/rotating")
        .parameter_version(1)
        .labels("stable")
        .send()
        .await
        .unwrap();
    let arn = "arn:aws:ssm:ap-northeast-1:123456789012:parameter/acme/dev/app/log_level";
    p.write("config.yaml", CONFIG_TD_ONLY);
    p.write(
        "td.json",
        &format!(
            r#"{{"family": "sel", "containerDefinitions": [{{"name": "app", "image": "nginx", "memory": 64, "environment": [
                {{"name": "LATEST", "value": "{{{{ ssm `/acme/dev/rotating` }}}}"}},
                {{"name": "V1", "value": "{{{{ ssm `/acme/dev/rotating:1` }}}}"}},
                {{"name": "LABEL", "value": "{{{{ ssm `/acme/dev/rotating:stable` }}}}"}},
                {{"name": "BY_ARN", "value": "{{{{ ssm `{arn}` }}}}"}}]}}]}}"#
        ),
    );
    bed.clear_requests();
    let r = p.run(&["render", "taskdef"]);
    r.code(0);
    let app = &json_stream(&r.stdout)[0]["containerDefinitions"][0];
    assert_eq!(env_of(app, "LATEST"), "second");
    assert_eq!(env_of(app, "V1"), "first");
    assert_eq!(env_of(app, "LABEL"), "first");
    assert_eq!(env_of(app, "BY_ARN"), "debug");
    // Selectors of one parameter cannot share a call (the answers would be indistinguishable).
    assert_eq!(bed.requests().count("ssm", "GetParameters"), 3);
}

#[tokio::test]
async fn config_templates_can_read_ssm_too() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    Sdk::new(&bed)
        .await
        .put("/acme/dev/deploy/cluster", ParameterType::String, "acme-dev-cluster")
        .await;
    p.edit(
        "config.yaml",
        "cluster: acme-dev-cluster",
        "cluster: '{{ ssm `/acme/dev/deploy/cluster` }}'",
    );
    bed.clear_requests();
    let r = p.run(&["render", "config"]);
    r.code(0);
    assert_eq!(json_stream(&r.stdout)[0]["cluster"], "acme-dev-cluster");
    assert_eq!(bed.requests().count("ssm", "GetParameters"), 1);
    let r = p.run(&["render", "servicedef"]);
    assert_eq!(json_stream(&r.code(0).stdout)[0]["cluster"], "acme-dev-cluster");
}

// ----------------------------------------------------------------------------------------------
// Template spellings

/// A second Terraform state for the `net_` plugin.
fn net_tfstate() -> String {
    json!({
        "version": 4, "terraform_version": "1.9.8", "serial": 3, "lineage": "net",
        "outputs": {"vpc_id": {"value": "vpc-from-net-output", "type": "string"}},
        "resources": [{"mode": "managed", "type": "aws_vpc", "name": "edge",
            "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
            "instances": [{"schema_version": 1, "attributes": {"id": "vpc-edge", "cidr_block": "10.9.0.0/16"}}]}]
    })
    .to_string()
}

#[tokio::test]
async fn ecspresso_and_minijinja_spellings_work_in_the_same_file() {
    let bed = Bed::start();
    let mut p = Project::seeded(&bed);
    Sdk::new(&bed).await.put("/spell/list", ParameterType::StringList, "zero,one,two").await;
    p.write("net.tfstate", &net_tfstate());
    p.set_env("NET_TFSTATE", &p.path("net.tfstate").display().to_string());
    p.set_env("SPELL_SET", "set-value");
    p.set_env("SPELL_QUOTED", "say \"hi\"\tnow\\then");
    p.write(
        "config.yaml",
        r#"region: ap-northeast-1
cluster: acme-dev-cluster
task_definition: td.json
plugins:
  - name: tfstate
    config:
      path: '{{ must_env `TFSTATE` }}'
  - name: tfstate
    func_prefix: net_
    config:
      url: 'file://{{ env("NET_TFSTATE") }}'
"#,
    );
    p.write("first.env", "ENVFILE_BOTH=first\nENVFILE_FIRST=only-in-first\n# a comment\n");
    p.write("second.env", "ENVFILE_BOTH=second\n");
    p.write(
        "td.json",
        r#"{
  "family": "spellings",
  "executionRoleArn": "{{ tfstate `aws_iam_role.ecs_task_execution.arn` }}",
  "taskRoleArn": "{{ tfstatef `aws_iam_role.%s.arn` `ecs_task` }}",
  "containerDefinitions": [
    {
      "name": "app",
      "image": "{{ tfstate `aws_ecr_repository.app.repository_url` }}:{{ must_env `IMAGE_TAG` }}",
      "memory": 128,
      "environment": [
        { "name": "GO_ENV_DEFAULT", "value": "{{ env `SPELL_UNSET` `fallback` }}" },
        { "name": "GO_ENV_SET", "value": "{{ env `SPELL_SET` `unused` }}" },
        { "name": "JINJA_ENV_DEFAULT", "value": "{{ env("SPELL_UNSET", "d") }}" },
        { "name": "JINJA_MUST_ENV", "value": "{{ must_env("SPELL_SET") }}" },
        { "name": "GO_SSM", "value": "{{ ssm `/acme/dev/app/log_level` }}" },
        { "name": "JINJA_SSM", "value": "{{ ssm("/acme/dev/app/env") }}" },
        { "name": "GO_SSM_LIST", "value": "{{ ssm `/spell/list` 1 }}" },
        { "name": "JINJA_SSM_LIST", "value": "{{ ssm("/spell/list", 2) }}" },
        { "name": "GO_JSON_ESCAPE", "value": "{{ must_env `SPELL_QUOTED` | json_escape }}" },
        { "name": "JINJA_JSON_ESCAPE", "value": "{{ env("SPELL_QUOTED") | json_escape }}" },
        { "name": "GO_TFSTATE", "value": "{{ tfstate `aws_lb_target_group.blue.arn` }}" },
        { "name": "JINJA_TFSTATE", "value": "{{ tfstate("aws_subnet.private['ap-northeast-1a'].id") }}" },
        { "name": "GO_TFSTATEF", "value": "{{ tfstatef `aws_subnet.private['%s'].id` `ap-northeast-1c` }}" },
        { "name": "DATA_SOURCE", "value": "{{ tfstate `data.aws_caller_identity.current.account_id` }}" },
        { "name": "MODULE", "value": "{{ tfstate `module.network.aws_vpc.this.id` }}" },
        { "name": "OUTPUT", "value": "{{ tfstate `output.cluster_name` }}" },
        { "name": "PREFIXED", "value": "{{ net_tfstate `output.vpc_id` }}" },
        { "name": "PREFIXED_F", "value": "{{ net_tfstatef `aws_vpc.%s.id` `edge` }}" },
        { "name": "JINJA_FILTER", "value": "{{ env("SPELL_SET") | upper }}" },
        { "name": "TRIMMED", "value": "  {{- must_env `SPELL_SET` -}}  " },
        { "name": "ENVFILE_BOTH", "value": "{{ must_env `ENVFILE_BOTH` }}" },
        { "name": "ENVFILE_FIRST", "value": "{{ must_env `ENVFILE_FIRST` }}" }
      ]
    }
  ]
}
"#,
    );
    bed.clear_requests();
    let r = p.run(&["--envfile", "first.env", "--envfile", "second.env", "render", "taskdef"]);
    r.code(0);
    no_crash(&r);
    let td = &json_stream(&r.stdout)[0];
    let app = &td["containerDefinitions"][0];
    assert_eq!(td["executionRoleArn"], p.seed["roles"]["ecs_task_execution"]);
    assert_eq!(td["taskRoleArn"], p.seed["roles"]["ecs_task"]);
    assert_eq!(app["image"], format!("{}:{TAG}", p.seed_str("/ecr/uri")));
    let private = p.seed["subnets"]["private"].as_array().unwrap();
    for (name, expected) in [
        ("GO_ENV_DEFAULT", json!("fallback")),
        ("GO_ENV_SET", json!("set-value")),
        ("JINJA_ENV_DEFAULT", json!("d")),
        ("JINJA_MUST_ENV", json!("set-value")),
        ("GO_SSM", json!("debug")),
        ("JINJA_SSM", json!("dev")),
        ("GO_SSM_LIST", json!("one")),
        ("JINJA_SSM_LIST", json!("two")),
        ("GO_JSON_ESCAPE", json!("say \"hi\"\tnow\\then")),
        ("JINJA_JSON_ESCAPE", json!("say \"hi\"\tnow\\then")),
        ("GO_TFSTATE", p.seed["target_groups"]["blue"].clone()),
        ("JINJA_TFSTATE", private[0].clone()),
        ("GO_TFSTATEF", private[1].clone()),
        ("DATA_SOURCE", json!("123456789012")),
        ("MODULE", p.seed["vpc_id"].clone()),
        ("OUTPUT", json!("acme-dev-cluster")),
        ("PREFIXED", json!("vpc-from-net-output")),
        ("PREFIXED_F", json!("vpc-edge")),
        ("JINJA_FILTER", json!("SET-VALUE")),
        ("TRIMMED", json!("set-value")),
        ("ENVFILE_BOTH", json!("second")),
        ("ENVFILE_FIRST", json!("only-in-first")),
    ] {
        assert_eq!(env_of(app, name), &expected, "{name}");
    }
    // Three SSM names in the file: one call.
    assert_eq!(get_parameters_batches(&bed).len(), 1);

    // The envfiles in the other order: the later file wins again.
    let r = p.run(&["--envfile", "second.env", "--envfile", "first.env", "render", "taskdef"]);
    assert_eq!(
        env_of(&json_stream(&r.code(0).stdout)[0]["containerDefinitions"][0], "ENVFILE_BOTH"),
        "first"
    );
}

/// ecspresso's `env` (kayac/go-config) returns the default when the variable is unset OR empty;
/// the example relies on it (`{{ env `TFSTATE` `terraform.tfstate` }}`), and CI systems set
/// variables to "" when a secret or input is missing.
#[test]
fn env_with_a_default_falls_back_when_the_variable_is_empty_as_in_ecspresso() {
    let bed = Bed::start();
    let mut p = Project::example(&bed);
    p.set_env("TFSTATE", "");
    let r = p.run(&["render", "config"]);
    r.code(0);
    assert_eq!(json_stream(&r.stdout)[0]["plugins"][0]["config"]["path"], "terraform.tfstate");
    let r = p.run(&["render", "servicedef"]);
    r.code(0);
    assert_eq!(
        json_stream(&r.stdout)[0]["loadBalancers"][0]["targetGroupArn"],
        p.seed["target_groups"]["blue"]
    );
}

#[test]
fn yaml_definitions_with_pascal_case_keys() {
    let bed = Bed::start();
    let p = Project::seeded(&bed);
    p.write(
        "config.yaml",
        "region: ap-northeast-1\ncluster: acme-dev-cluster\nservice: acme-dev-yaml\ntask_definition: td.yaml\nservice_definition: sd.yml\nplugins:\n  - name: tfstate\n    config:\n      path: terraform.tfstate\n",
    );
    p.write(
        "td.yaml",
        r#"# CloudFormation-style keys, templates in a YAML file
Family: acme-dev-yaml
NetworkMode: bridge
RequiresCompatibilities: [EC2]
TaskRoleArn: "{{ tfstate `aws_iam_role.ecs_task.arn` }}"
ContainerDefinitions:
  - Name: app
    Image: "{{ tfstate `aws_ecr_repository.app.repository_url` }}:{{ must_env `IMAGE_TAG` }}"
    Cpu: 256
    Memory: 512
    PortMappings:
      - ContainerPort: 3000
        HostPort: 0
    Environment:
      - Name: LOG_LEVEL
        Value: "{{ ssm `/acme/dev/app/log_level` }}"
      - Name: EMPTY_DEFAULT
        Value: {{ env("NOPE", "plain") }}
    DockerLabels:
      Com.Example.Team: acme
    LogConfiguration:
      LogDriver: awslogs
      Options:
        awslogs-group: "{{ tfstate `aws_cloudwatch_log_group.app.name` }}"
"#,
    );
    p.write(
        "sd.yml",
        "DesiredCount: 1\nLaunchType: EC2\nLoadBalancers:\n  - ContainerName: app\n    ContainerPort: 3000\n    TargetGroupArn: \"{{ tfstate `aws_lb_target_group.green.arn` }}\"\nTags:\n  - Key: Project\n    Value: acme\n",
    );
    let r = p.run(&["render", "taskdef", "servicedef"]);
    r.code(0);
    no_crash(&r);
    let docs = json_stream(&r.stdout);
    let (td, svc) = (&docs[0], &docs[1]);
    assert_eq!(td["family"], "acme-dev-yaml");
    assert_eq!(td["networkMode"], "bridge");
    assert_eq!(td["requiresCompatibilities"], json!(["EC2"]));
    assert_eq!(td["taskRoleArn"], p.seed["roles"]["ecs_task"]);
    let app = &td["containerDefinitions"][0];
    assert_eq!(app["memory"], 512);
    assert_eq!(app["portMappings"][0]["containerPort"], 3000);
    assert_eq!(env_of(app, "LOG_LEVEL"), "debug");
    assert_eq!(env_of(app, "EMPTY_DEFAULT"), "plain");
    // Map keys are data: never re-cased.
    assert_eq!(app["dockerLabels"], json!({"Com.Example.Team": "acme"}));
    assert_eq!(
        app["logConfiguration"],
        json!({"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/acme/app"}})
    );
    assert_eq!(svc["serviceName"], "acme-dev-yaml");
    assert_eq!(svc["launchType"], "EC2");
    assert_eq!(svc["loadBalancers"][0]["targetGroupArn"], p.seed["target_groups"]["green"]);
    assert_eq!(svc["tags"], json!([{"key": "Project", "value": "acme"}]));
}

#[test]
fn describe_output_is_accepted_as_a_definition() {
    let bed = Bed::start();
    let p = Project::seeded(&bed);
    p.write(
        "config.yaml",
        "region: ap-northeast-1\ncluster: acme-dev-cluster\nservice: acme-dev-described\ntask_definition: td.json\nservice_definition: sd.json\n",
    );
    // `aws ecs describe-task-definition --include TAGS` output, saved as the file.
    p.write(
        "td.json",
        r#"{
  "taskDefinition": {
    "taskDefinitionArn": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/acme-dev-described:7",
    "containerDefinitions": [
      { "name": "app", "image": "nginx:{{ must_env `IMAGE_TAG` }}", "cpu": 0, "memory": 256,
        "portMappings": [{ "containerPort": 3000, "hostPort": 0, "protocol": "tcp" }],
        "essential": true, "environment": [], "mountPoints": [], "volumesFrom": [], "systemControls": [] }
    ],
    "family": "acme-dev-described",
    "networkMode": "bridge",
    "revision": 7,
    "volumes": [],
    "status": "ACTIVE",
    "requiresAttributes": [{ "name": "com.amazonaws.ecs.capability.docker-remote-api.1.18" }],
    "placementConstraints": [],
    "compatibilities": ["EXTERNAL", "EC2"],
    "requiresCompatibilities": ["EC2"],
    "registeredAt": "2025-01-01T00:00:00.000000+09:00",
    "registeredBy": "arn:aws:sts::123456789012:assumed-role/admin/me"
  },
  "tags": [{ "key": "Project", "value": "acme" }]
}
"#,
    );
    // `aws ecs describe-services` output.
    p.write(
        "sd.json",
        r#"{
  "services": [{
    "serviceArn": "arn:aws:ecs:ap-northeast-1:123456789012:service/acme-dev-cluster/old-name",
    "serviceName": "old-name", "status": "ACTIVE", "desiredCount": 1, "runningCount": 1, "pendingCount": 0,
    "launchType": "EC2", "roleArn": "arn:aws:iam::123456789012:role/ecsServiceRole",
    "taskDefinition": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/acme-dev-described:7",
    "deployments": [], "events": [], "createdAt": "2025-01-01T00:00:00.000000+09:00",
    "schedulingStrategy": "REPLICA"
  }],
  "failures": []
}
"#,
    );
    let r = p.run(&["render", "taskdef", "servicedef"]);
    r.code(0);
    no_crash(&r);
    let docs = json_stream(&r.stdout);
    let (td, svc) = (&docs[0], &docs[1]);
    assert_eq!(td["family"], "acme-dev-described");
    assert_eq!(td["containerDefinitions"][0]["image"], format!("nginx:{TAG}"));
    assert_eq!(
        td["tags"],
        json!([{"key": "Project", "value": "acme"}]),
        "the tags move into the definition"
    );
    for read_only in [
        "taskDefinitionArn",
        "revision",
        "status",
        "requiresAttributes",
        "compatibilities",
        "registeredAt",
        "registeredBy",
    ] {
        assert!(td.get(read_only).is_none(), "{read_only} is dropped: {td}");
    }
    assert_eq!(
        svc["serviceName"], "acme-dev-described",
        "the config names the service, not the file"
    );
    assert_eq!(svc["role"], "arn:aws:iam::123456789012:role/ecsServiceRole");
    for read_only in [
        "serviceArn",
        "status",
        "runningCount",
        "deployments",
        "events",
        "createdAt",
        "taskDefinition",
    ] {
        assert!(svc.get(read_only).is_none(), "{read_only} is dropped: {svc}");
    }
    assert!(bed.requests().is_empty(), "no template asked for SSM: {:?}", bed.requests());
}

#[test]
fn render_needs_no_region_when_nothing_calls_aws() {
    // No bed, no AWS_REGION, no `region`: nothing to reach AWS with.
    let p = Project::offline();
    p.write(
        "terraform.tfstate",
        &json!({"version": 4, "outputs": {}, "resources": [
            {"mode": "managed", "type": "aws_lb_target_group", "name": "blue",
             "instances": [{"attributes": {"arn": "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/blue/1"}}]}]})
        .to_string(),
    );
    p.write(
        "config.yaml",
        "cluster: c\nservice: web\ntask_definition: td.json\nservice_definition: sd.json\nplugins:\n  - name: tfstate\n    config:\n      path: terraform.tfstate\n",
    );
    p.write("td.json", r#"{"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx:{{ env `TAG` `latest` }}", "memory": 64}]}"#);
    p.write(
        "sd.json",
        r#"{"desiredCount": 1, "loadBalancers": [{"containerName": "app", "containerPort": 80, "targetGroupArn": "{{ tfstate `aws_lb_target_group.blue.arn` }}"}]}"#,
    );
    let r = p.run(&["render"]);
    r.code(0);
    no_crash(&r);
    let docs = json_stream(&r.stdout);
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[1]["containerDefinitions"][0]["image"], "nginx:latest");
    assert_eq!(
        docs[2]["loadBalancers"][0]["targetGroupArn"],
        "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/blue/1"
    );
    assert!(!r.stderr.contains("region"), "{}", r.stderr);

    // Once a template needs SSM, the missing region is a clear error, not a hang or a panic.
    p.write("td.json", r#"{"family": "web", "containerDefinitions": [{"name": "app", "image": "{{ ssm `/img` }}", "memory": 64}]}"#);
    let r = p.run(&["render", "taskdef"]);
    refused(
        &r,
        &[
            "error: no AWS region is configured",
            "hint: set `region` in the config file, pass --region, or set AWS_REGION",
        ],
    );
}

// ----------------------------------------------------------------------------------------------
// Bad input: the config and the command line

#[test]
fn bad_config_yaml_syntax_names_line_and_column() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    p.write("config.yaml", "region: ap-northeast-1\ncluster: acme-dev-cluster\n  service: [x\n");
    let r = p.run(&["render"]);
    refused(&r, &["error: config.yaml:3:", "invalid YAML", "3 |   service: [x"]);
    no_aws_call(&bed);
}

#[test]
fn bad_config_unknown_key_suggests_the_closest() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    p.edit("config.yaml", "service: acme-dev-app", "servce: acme-dev-app");
    refused(
        &p.run(&["render"]),
        &["error: config.yaml:7: unknown key `servce`", "hint: did you mean `service`?"],
    );
    p.edit("config.yaml", "servce: acme-dev-app", "service: acme-dev-app");
    p.edit("config.yaml", "    config:\n      path:", "    config:\n      pth:");
    refused(
        &p.run(&["render"]),
        &[
            "error: config.yaml:14: unknown key `plugins[0].config.pth`",
            "hint: did you mean `plugins[0].config.path`?",
        ],
    );
    no_aws_call(&bed);
}

#[test]
fn bad_config_wrong_type_names_the_key() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    p.edit("config.yaml", "cluster: acme-dev-cluster", "cluster: {name: acme-dev-cluster}");
    refused(&p.run(&["render"]), &["error: config.yaml:6: `cluster` must be text, not a mapping"]);
    p.write("config.yaml", "- region\n- cluster\n");
    refused(
        &p.run(&["render"]),
        &["error: config.yaml: the config must be a mapping of keys to values"],
    );
    no_aws_call(&bed);
}

#[test]
fn bad_config_missing_file() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    // No --config and none of the discovered names in the directory (the example's is config.yaml).
    let r = run(&mut p.bare(&["render"]));
    refused(
        &r,
        &[
            "error: no config file found",
            "shipper.yml",
            "ecspresso.yml",
            "hint: pass --config FILE (or set SHIPPER_CONFIG)",
        ],
    );
    let r = run(&mut p.bare(&["--config", "nope.yaml", "render"]));
    refused(
        &r,
        &["error: config file nope.yaml does not exist", "hint: check --config / SHIPPER_CONFIG"],
    );
    let r = run(p.bare(&["render"]).env("SHIPPER_CONFIG", "also-nope.yml"));
    refused(&r, &["error: config file also-nope.yml does not exist"]);
    no_aws_call(&bed);
}

#[test]
fn bad_config_jsonnet_names_file_line_and_column() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    p.write("ecspresso.jsonnet", "{\n  region: 'ap-northeast-1'\n  cluster: 'c',\n}\n");
    let r = run(&mut p.bare(&["--config", "ecspresso.jsonnet", "render"]));
    refused(&r, &["error: ecspresso.jsonnet:3:", "syntax error"]);
    // Found by discovery too; a failing native function names its call.
    p.write("ecspresso.jsonnet", "{\n  region: std.native('must_env')('NOPE_REGION'),\n}\n");
    refused(
        &run(&mut p.bare(&["render"])),
        &["ecspresso.jsonnet:2:", "environment variable `NOPE_REGION` is not set (must_env)"],
    );
    no_aws_call(&bed);
}

#[test]
fn bad_config_required_version_not_satisfied() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    p.edit("config.yaml", "timeout: 10m", "timeout: 10m\nrequired_version: '>= 3.0.0'");
    refused(
        &p.run(&["render"]),
        &[
            "error: config.yaml: `required_version: >= 3.0.0` is not satisfied by ecspresso 2.8.0",
            "hint: shipper implements the config format of ecspresso 2.8.0",
        ],
    );
    p.edit(
        "config.yaml",
        "required_version: '>= 3.0.0'",
        "required_version: '~> 2.3'\nshipper:\n  required_version: '>= 99'",
    );
    refused(
        &p.run(&["render"]),
        &[
            "error: config.yaml: `shipper.required_version: >= 99` is not satisfied by shipper",
            "hint: upgrade shipper",
        ],
    );
    p.edit("config.yaml", "'>= 99'", "'banana'");
    refused(
        &p.run(&["render"]),
        &["config.yaml: `shipper.required_version`: `banana` is not a version constraint"],
    );
    no_aws_call(&bed);
}

/// As in ecspresso, a config with a service definition but no `service` renders; commands that
/// act on the service refuse it.
#[test]
fn config_with_service_definition_but_no_service_renders() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    p.edit("config.yaml", "service: acme-dev-app\n", "");
    let r = p.run(&["--output", "json", "render", "servicedef"]);
    r.code(0);
    assert_eq!(r.json()["servicedef"]["desiredCount"], json!(2));
    refused(
        &p.run(&["deploy"]),
        &["`service` is not set, so there is nothing to deploy", "hint: add `service: <name>`"],
    );
}

#[test]
fn bad_plugin_is_refused() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    p.edit(
        "config.yaml",
        "  - name: tfstate\n",
        "  - name: ssm\n    config: {}\n  - name: vault\n    config: {}\n  - name: tfstate\n",
    );
    refused(
        &p.run(&["render"]),
        &[
            "error: config.yaml: plugins[1]: plugin `vault` is not supported",
            "hint: shipper has the tfstate, cloudformation and external plugins; ssm and secretsmanager are built in",
        ],
    );
    // An external plugin without its function's name or command is refused at load too.
    p.edit("config.yaml", "name: vault\n", "name: external\n");
    refused(&p.run(&["render"]), &["error: config.yaml: plugins[1].config.name is required"]);
    no_aws_call(&bed);
}

#[test]
fn bad_plugins_with_the_same_function_prefix() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    p.edit(
        "config.yaml",
        "plugins:\n",
        "plugins:\n  - name: tfstate\n    config:\n      path: terraform.tfstate\n",
    );
    refused(
        &p.run(&["render"]),
        &[
            "error: config.yaml: plugins[1]: template function tfstate already exists. set func_prefix to tfstate plugin",
            "hint: give this tfstate plugin a `func_prefix`",
        ],
    );
    no_aws_call(&bed);
}

// ----------------------------------------------------------------------------------------------
// Bad input: tfstate

#[test]
fn bad_tfstate_address_suggests_the_closest() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    p.edit("ecs-task-def.json", "aws_iam_role.ecs_task.arn", "aws_iam_role.ecs_tsk.arn");
    refused(
        &p.run(&["render"]),
        &[
            "error: ecs-task-def.json:6: tfstate: resource `aws_iam_role.ecs_tsk` is not in",
            "(did you mean `aws_iam_role.ecs_task`?)",
            "6 | \"taskRoleArn\"",
        ],
    );
    p.edit("ecs-task-def.json", "aws_iam_role.ecs_tsk.arn", "aws_iam_role.ecs_task.arnn");
    refused(
        &p.run(&["render"]),
        &[
            "ecs-task-def.json:6: tfstate: attribute `arnn` of `aws_iam_role.ecs_task.arnn` is not in",
        ],
    );
    no_aws_call(&bed);
}

#[test]
fn bad_tfstate_file_missing_or_not_a_state() {
    let bed = Bed::start();
    let mut p = Project::example_unseeded(&bed);
    p.set_env("TFSTATE", "/nonexistent/terraform.tfstate");
    refused(
        &p.run(&["render"]),
        &["error: config.yaml: tfstate plugin: cannot read /nonexistent/terraform.tfstate"],
    );
    p.write("old.tfstate", r#"{"version": 3, "modules": []}"#);
    p.set_env("TFSTATE", "old.tfstate");
    refused(
        &p.run(&["render"]),
        &["error: config.yaml: tfstate plugin: old.tfstate is not a version 4 Terraform state"],
    );
    p.write("garbage.tfstate", "not json");
    p.set_env("TFSTATE", "garbage.tfstate");
    refused(&p.run(&["render"]), &["tfstate plugin: garbage.tfstate is not a Terraform state"]);
    no_aws_call(&bed);
}

#[test]
fn bad_tfstate_url_scheme_is_refused_with_a_way_out() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    p.edit(
        "config.yaml",
        "      path: '{{ env `TFSTATE` `terraform.tfstate` }}'",
        "      url: gs://acme-state/dev/terraform.tfstate",
    );
    refused(
        &p.run(&["render"]),
        &[
            "error: config.yaml: tfstate plugin: Google Cloud Storage (`gs://`) is not supported",
            "hint: fetch the state before running shipper (`gsutil cp URL terraform.tfstate",
        ],
    );
    no_aws_call(&bed);
}

/// The seed team keeps its Terraform state in S3: `url: s3://bucket/key` reads it there.
#[test]
fn tfstate_from_s3() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    bed.put_s3_object("acme-terraform", "dev/terraform.tfstate", &p.read("terraform.tfstate"));
    p.edit(
        "config.yaml",
        "      path: '{{ env `TFSTATE` `terraform.tfstate` }}'",
        "      url: s3://acme-terraform/dev/terraform.tfstate",
    );
    std::fs::remove_file(p.path("terraform.tfstate")).unwrap();
    bed.clear_requests();
    let r = p.run(&["render", "servicedef"]);
    r.code(0).stdout_has(&p.seed_str("/target_groups/blue"));
    // REST protocols are logged as `METHOD /path`.
    assert_eq!(bed.requests().count("s3", "GET /acme-terraform/dev/terraform.tfstate"), 1);
    p.edit("config.yaml", "dev/terraform.tfstate", "prod/terraform.tfstate");
    refused(
        &p.run(&["render"]),
        &[
            "error: config.yaml: tfstate plugin: s3:GetObject (s3://acme-terraform/prod/terraform.tfstate) failed: NoSuchKey",
        ],
    );
}

// ----------------------------------------------------------------------------------------------
// Bad input: templates

#[test]
fn bad_template_missing_must_env_names_file_and_line() {
    let bed = Bed::start();
    let mut p = Project::example_unseeded(&bed);
    p.unset_env("IMAGE_TAG");
    refused(
        &p.run(&["render"]),
        &[
            "error: ecs-task-def.json:10: environment variable `IMAGE_TAG` is not set (must_env)",
            "10 | \"image\":",
        ],
    );
    no_aws_call(&bed);
}

/// Each unsupported Go construct is refused with the file, the line and the construct.
#[test]
fn bad_template_unsupported_go_constructs() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    let original = p.read("ecs-task-def.json");
    for (construct, needles) in [
        (
            "{{ .Env.IMAGE_TAG }}",
            &[
                "ecs-task-def.json:10: `.Env.IMAGE_TAG` reads the template's data, and shipper (like ecspresso) passes none",
                "use env `NAME` for environment variables",
            ][..],
        ),
        (
            "{{ define `x` }}a{{ end }}",
            &["ecs-task-def.json:10: the Go template action `define` is not supported"],
        ),
        (
            "{{ template `x` }}",
            &["ecs-task-def.json:10: the Go template action `template` is not supported"],
        ),
        (
            "{{ slice `v1` 1 }}",
            &["ecs-task-def.json:10: the Go template function `slice` is not supported"],
        ),
        (
            "{{ must_env `IMAGE_TAG` | html }}",
            &["ecs-task-def.json:10: the Go template function `html` is not supported"],
        ),
        ("{{ must_env `IMAGE_TAG` | lower }}", &["ecs-task-def.json:10: unknown function `lower`"]),
        ("{{ if true }}a", &["ecs-task-def.json:10: `{{ if }}` has no `{{ end }}`"]),
        ("{{ env `IMAGE_TAG }}", &["ecs-task-def.json:10: unclosed action or unterminated string"]),
    ] {
        p.write("ecs-task-def.json", &original.replace("{{ must_env `IMAGE_TAG` }}", construct));
        let r = p.run(&["render"]);
        refused(&r, needles);
        // The offending action is quoted (the first one, for `{{ define }}…{{ end }}`).
        if let Some(end) = construct.find("}}").filter(|_| !construct.starts_with("{{ if")) {
            r.stderr_has(&format!("in `{}", &construct[..end + 2]));
        }
    }
    no_aws_call(&bed);
}

#[test]
fn bad_template_unknown_function_in_both_spellings() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    let original = p.read("ecs-task-def.json");
    p.write(
        "ecs-task-def.json",
        &original.replace("{{ must_env `IMAGE_TAG` }}", "{{ must_envv `IMAGE_TAG` }}"),
    );
    refused(
        &p.run(&["render"]),
        &[
            "error: ecs-task-def.json:10: unknown function `must_envv` (available: ",
            "must_env",
            "tfstate",
        ],
    );
    p.write(
        "ecs-task-def.json",
        &original.replace("{{ must_env `IMAGE_TAG` }}", "{{ get_env(\"IMAGE_TAG\") }}"),
    );
    refused(
        &p.run(&["render"]),
        &[
            "error: ecs-task-def.json:10: unknown function",
            "get_env",
            "hint: available functions: env, json_escape, must_env, secretsmanager_arn, ssm, tfstate",
        ],
    );
    p.write(
        "ecs-task-def.json",
        &original.replace("{{ must_env `IMAGE_TAG` }}", "{{ IMAGE_TAG }}"),
    );
    refused(&p.run(&["render"]), &["error: ecs-task-def.json:10: undefined value"]);
    no_aws_call(&bed);
}

// ----------------------------------------------------------------------------------------------
// Bad input: definitions

#[test]
fn bad_definition_file_missing() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    p.edit(
        "config.yaml",
        "task_definition: ecs-task-def.json",
        "task_definition: ecs-task-def.jsn",
    );
    refused(
        &p.run(&["render"]),
        &[
            "error: cannot read ecs-task-def.jsn: No such file",
            "hint: the path is relative to the config file config.yaml",
        ],
    );
    no_aws_call(&bed);
}

#[test]
fn bad_definition_json_syntax_names_line_and_column() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    p.edit("ecs-task-def.json", "\"cpu\": 256,", "\"cpu\": 256,,");
    refused(
        &p.run(&["render"]),
        &[
            "error: ecs-task-def.json:12:18: invalid JSON: key must be a string",
            "12 |       \"cpu\": 256,,",
        ],
    );
    no_aws_call(&bed);
}

#[test]
fn bad_definition_yaml_syntax_names_line_and_column() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    p.edit("config.yaml", "task_definition: ecs-task-def.json", "task_definition: td.yaml");
    p.write("td.yaml", "family: x\ncontainerDefinitions:\n  - name: app\n   image: nginx\n");
    refused(&p.run(&["render"]), &["error: td.yaml:4:", "invalid YAML", "4 |    image: nginx"]);
    no_aws_call(&bed);
}

#[test]
fn bad_definition_unknown_key_has_path_and_suggestion() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    p.edit(
        "ecs-task-def.json",
        "\"containerDefinitions\": [\n",
        "\"containerDefinitions\": [\n    { \"name\": \"sidecar\", \"image\": \"busybox\", \"memory\": 32, \"portMapings\": [] },\n",
    );
    refused(
        &p.run(&["render"]),
        &[
            "error: ecs-task-def.json: containerDefinitions[0].portMapings: unknown field `portMapings` (did you mean `portMappings`?)",
            "hint: fix the task definition; field names and types are those of the ECS API",
        ],
    );
    // In the service definition too, with every problem listed.
    p.write(
        "ecs-task-def.json",
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ecspresso/ecs-task-def.json"),
        )
        .unwrap(),
    );
    p.edit(
        "ecs-service-def.json",
        "\"desiredCount\": 2,",
        "\"desiredCont\": 2,\n  \"launchTyp\": \"EC2\",",
    );
    let r = p.run(&["render"]);
    refused(
        &r,
        &[
            "ecs-service-def.json: desiredCont: unknown field `desiredCont` (did you mean `desiredCount`?)",
            "launchTyp: unknown field `launchTyp` (did you mean `launchType`?)",
            "hint: fix the service definition",
        ],
    );
    no_aws_call(&bed);
}

/// The second container's misspelt key, at the path the brief names.
#[test]
fn bad_definition_unknown_key_in_the_second_container() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    p.edit(
        "ecs-task-def.json",
        "      \"logConfiguration\": {",
        "      \"logConfiguration\": {\"logDriver\": \"awslogs\"}\n    },\n    {\n      \"name\": \"proxy\", \"image\": \"nginx\", \"memory\": 64,\n      \"portMapings\": [{ \"containerPort\": 80 }],\n      \"logConfiguration\": {",
    );
    refused(
        &p.run(&["render", "taskdef"]),
        &[
            "error: ecs-task-def.json: containerDefinitions[1].portMapings: unknown field `portMapings` (did you mean `portMappings`?)",
        ],
    );
    no_aws_call(&bed);
}

/// The example reads SSM, but this mistake is in literal text: it can be found before any AWS
/// call, as unknown keys are. (Seeded, so that if SSM is read anyway, the message is still the
/// real one and only the request-log check fails.)
#[test]
fn bad_definition_wrong_type_has_path_and_expected_type() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    p.edit("ecs-task-def.json", "\"essential\": true", "\"essential\": \"yes\"");
    p.edit("ecs-task-def.json", "\"containerPort\": 3000", "\"containerPort\": \"3000/tcp\"");
    refused(
        &p.run(&["render"]),
        &[
            "ecs-task-def.json: containerDefinitions[0].",
            "containerDefinitions[0].essential: expected a boolean (true or false), found the string \"yes\"",
            "containerDefinitions[0].portMappings[0].containerPort: expected an integer, found the string \"3000/tcp\"",
        ],
    );
    no_aws_call(&bed);
}

/// Literal text again (see `bad_definition_wrong_type_has_path_and_expected_type`).
#[test]
fn bad_definition_enum_typo_suggests_the_value() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    p.edit("ecs-task-def.json", "\"networkMode\": \"bridge\"", "\"networkMode\": \"awsvcp\"");
    refused(
        &p.run(&["render"]),
        &[
            "error: ecs-task-def.json: networkMode: `awsvcp` is not valid (did you mean `awsvpc`?); valid: bridge, host, awsvpc, none",
        ],
    );
    no_aws_call(&bed);
}

/// Literal text again (see `bad_definition_wrong_type_has_path_and_expected_type`).
#[test]
fn bad_definition_missing_required_member() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    p.edit(
        "ecs-task-def.json",
        r#"{ "name": "DB_PASSWORD", "valueFrom": "/acme/dev/database/password" },"#,
        r#"{ "name": "DB_PASSWORD" },"#,
    );
    refused(
        &p.run(&["render"]),
        &[
            "error: ecs-task-def.json: containerDefinitions[0].secrets[1].valueFrom: required field is missing",
        ],
    );
    no_aws_call(&bed);
}

/// The same three mistakes in a definition that makes no SSM call: found without AWS either way.
#[test]
fn bad_definition_types_enums_and_required_members_without_ssm() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    p.write("config.yaml", CONFIG_TD_ONLY);
    p.write(
        "td.json",
        r#"{
  "family": "plain",
  "networkMode": "awsvcp",
  "containerDefinitions": [
    { "name": "app", "image": "nginx", "memory": 64, "essential": "yes", "secrets": [{ "name": "PW" }] }
  ]
}"#,
    );
    let r = p.run(&["render"]);
    refused(
        &r,
        &[
            "error: td.json: ",
            "networkMode: `awsvcp` is not valid (did you mean `awsvpc`?)",
            "containerDefinitions[0].essential: expected a boolean",
            "containerDefinitions[0].secrets[0].valueFrom: required field is missing",
        ],
    );
    no_aws_call(&bed);
    p.write("td.json", r#"[{"family": "x"}]"#);
    refused(&p.run(&["render"]), &["error: td.json: expected an object, found a list"]);
    no_aws_call(&bed);
}

#[test]
fn bad_render_target_not_configured() {
    let bed = Bed::start();
    let p = Project::example_unseeded(&bed);
    p.write("config.yaml", CONFIG_TD_ONLY);
    refused(
        &p.run(&["render", "servicedef"]),
        &[
            "error: config.yaml: no `service_definition` is configured, so there is no servicedef to render",
        ],
    );
    no_aws_call(&bed);
}

// ----------------------------------------------------------------------------------------------
// Bad input that needs AWS to find: SSM

#[test]
fn bad_ssm_parameter_missing_names_the_parameter() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    p.edit("ecs-task-def.json", "/acme/dev/app/log_level", "/acme/dev/app/log_levl");
    let r = p.run(&["render"]);
    refused(
        &r,
        &[
            "error: ecs-task-def.json:20: ssm: parameter `/acme/dev/app/log_levl` does not exist",
            "20 | { \"name\": \"LOG_LEVEL\"",
        ],
    );
    assert_eq!(
        bed.requests().count("ssm", "GetParameters"),
        1,
        "one batched read finds it missing"
    );
}

#[tokio::test]
async fn bad_ssm_string_list_index_usage() {
    let bed = Bed::start();
    let p = Project::seeded(&bed);
    let sdk = Sdk::new(&bed).await;
    sdk.put("/acme/dev/app/hosts", ParameterType::StringList, "a.example,b.example,c.example")
        .await;
    p.write("config.yaml", CONFIG_TD_ONLY);
    let td = |value: &str| {
        format!(
            "{{\n  \"family\": \"x\",\n  \"containerDefinitions\": [\n    {{ \"name\": \"a\", \"image\": \"nginx\", \"memory\": 64,\n      \"environment\": [{{ \"name\": \"V\", \"value\": \"{value}\" }}] }}\n  ]\n}}\n"
        )
    };
    for (value, message) in [
        (
            "{{ ssm `/acme/dev/app/hosts` }}",
            "td.json:5: ssm: `/acme/dev/app/hosts` is a StringList; give an index, e.g. ssm(\"/acme/dev/app/hosts\", 0)",
        ),
        (
            "{{ ssm `/acme/dev/app/log_level` 0 }}",
            "td.json:5: ssm: `/acme/dev/app/log_level` is not a StringList, so it takes no index",
        ),
        (
            "{{ ssm `/acme/dev/app/hosts` 3 }}",
            "td.json:5: ssm: index 3 is out of range for `/acme/dev/app/hosts` (3 items)",
        ),
        (
            "{{ ssm(\"/acme/dev/app/hosts\", -1) }}",
            "td.json:5: ssm: index -1 is out of range for `/acme/dev/app/hosts` (3 items)",
        ),
    ] {
        p.write("td.json", &td(value));
        refused(&p.run(&["render", "taskdef"]), &[&format!("error: {message}")]);
    }
    p.write("td.json", &td("{{ ssm `/acme/dev/app/hosts` 2 }}"));
    let r = p.run(&["render", "taskdef"]);
    assert_eq!(
        env_of(&json_stream(&r.code(0).stdout)[0]["containerDefinitions"][0], "V"),
        "c.example"
    );
}

#[test]
fn bad_value_from_ssm_is_validated_after_rendering() {
    // A wrong type that only the SSM value makes: found after the read, with its path.
    let bed = Bed::start();
    let p = Project::example(&bed);
    p.edit("ecs-task-def.json", "\"cpu\": 256,", "\"cpu\": \"{{ ssm `/acme/dev/app/env` }}\",");
    let r = p.run(&["render"]);
    refused(
        &r,
        &[
            "error: ecs-task-def.json: containerDefinitions[0].cpu: expected an integer, found the string \"dev\"",
        ],
    );
}
