//! `shipper diff`: what a deploy would change, against what `shipper deploy` created in the bed.
//!
//! Definitions are deployed with `shipper deploy` (checked to reach AWS exactly as rendered), then
//! diffed: no change must show nothing, and each kind of change must be found and classified by
//! what applying it takes. Output formats (text, Markdown, JSON, GitHub Actions files) are checked,
//! and a canary SecureString must never appear in any of them.

use std::path::Path;

use aws_sdk_ssm::types::ParameterType;
use serde_json::{Value, json};

use crate::support::bed::{ACCOUNT, Bed, REGION, RequestLog};
use crate::support::project::{Project, Sdk, TAG, json_stream, no_crash, unique};
use crate::support::shipper::{printed, run};

// ----------------------------------------------------------------------------------------------
// Helpers

const SERVICE_ARN: &str =
    "arn:aws:ecs:ap-northeast-1:123456789012:service/acme-dev-cluster/acme-dev-app";

fn td_arn(family: &str, revision: u32) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{family}:{revision}")
}

/// The example, unmodified, deployed exactly as rendered.
fn deployed_example(bed: &Bed) -> Project {
    let p = Project::example(bed);
    deploy_exactly(&p, bed, &[]);
    p
}

/// A config for the seeded cluster with `td.json`/`sd.json` and the seed's Terraform state.
fn config(service: &str, extra: &str) -> String {
    format!(
        "region: ap-northeast-1\ncluster: acme-dev-cluster\nservice: {service}\ntask_definition: td.json\nservice_definition: sd.json\n\
         plugins:\n  - name: tfstate\n    config:\n      path: terraform.tfstate\n{extra}"
    )
}

/// Deploys (`--poll-interval 100ms`), and checks that AWS received exactly what `render` shows:
/// one RegisterTaskDefinition with the rendered task definition, one CreateService with the
/// rendered service definition (plus the new revision).
#[track_caller]
fn deploy_exactly(p: &Project, bed: &Bed, extra: &[&str]) {
    let rendered =
        json_stream(&p.run(&["render", "taskdef", "servicedef", "--show-secrets"]).code(0).stdout);
    bed.clear_requests();
    let mut args = vec!["deploy", "--poll-interval", "100ms"];
    args.extend_from_slice(extra);
    let r = p.run(&args);
    r.code(0);
    no_crash(&r);
    let log = bed.requests();
    let writes: Vec<&str> = log
        .iter()
        .filter(|r| {
            r.service == "ecs" && !r.action.starts_with("Describe") && !r.action.starts_with("List")
        })
        .map(|r| r.action.as_str())
        .collect();
    assert_eq!(writes, ["RegisterTaskDefinition", "CreateService"], "{}", r.stderr);
    let register = log.iter().find(|r| r.action == "RegisterTaskDefinition").unwrap();
    let mut registered = register.body.clone();
    // shipper's own record of which environment variables hold secrets rides along as a tag.
    if let Some(tags) = registered.get_mut("tags").and_then(Value::as_array_mut) {
        tags.retain(|t| t["key"] != "shipper:secret-environment");
        if tags.is_empty() {
            registered.as_object_mut().unwrap().remove("tags");
        }
    }
    assert_eq!(registered, rendered[0], "registered exactly the rendered task definition");
    let create = log.iter().find(|r| r.action == "CreateService").unwrap();
    let mut body = create.body.clone();
    let family = rendered[0]["family"].as_str().unwrap();
    assert_eq!(body["taskDefinition"], td_arn(family, 1));
    body.as_object_mut().unwrap().remove("taskDefinition");
    // CreateService carries a fresh idempotency token (a retry after a lost answer is safe).
    let token = body.as_object_mut().unwrap().remove("clientToken").expect("a clientToken");
    assert!(token.as_str().is_some_and(|t| t.starts_with("shipper-") && t.len() <= 36), "{token}");
    let mut expected = rendered[1].clone();
    if expected.get("desiredCount").is_none() {
        expected["desiredCount"] = json!(0);
    }
    assert_eq!(body, expected, "created exactly the rendered service");
}

/// No difference: `--exit-code` exits 0 with nothing on stdout, JSON says so for both documents,
/// and diffing wrote nothing.
#[track_caller]
fn assert_clean(p: &Project, bed: &Bed) {
    bed.clear_requests();
    let r = p.run(&["diff", "--exit-code"]);
    r.code(0);
    no_crash(&r);
    assert!(r.stdout.is_empty(), "no difference prints nothing on stdout:\n{}", r.stdout);
    r.stderr_has("No differences: what runs matches the definitions.");
    let json = p.run(&["diff", "--exit-code", "--format", "json"]).code(0).json();
    assert_eq!(json["has_diff"], false, "{json:#}");
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2, "{json:#}");
    for doc in docs {
        assert_eq!((&doc["effect"], &doc["changes"]), (&json!("none"), &json!([])), "{json:#}");
    }
    for request in bed.requests() {
        assert!(
            ["Describe", "List", "Get"].iter().any(|read| request.action.starts_with(read)),
            "diff only reads, yet sent {}:{}",
            request.service,
            request.action
        );
    } // What runs, written by `shipper init`, diffs clean too (issue 10: for every variant here).
    crate::support::init::round_trips(p, bed);
}

/// `diff --format json` (exit 0: no `--exit-code`).
#[track_caller]
fn diff_json(p: &Project, extra: &[&str]) -> Value {
    let mut args = vec!["diff", "--format", "json"];
    args.extend_from_slice(extra);
    let r = p.run(&args);
    r.code(0);
    r.json()
}

/// The document of `kind` (`task_definition` or `service`) in a JSON diff.
fn doc<'a>(json: &'a Value, kind: &str) -> &'a Value {
    json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {json:#}"))
}

fn paths(doc: &Value) -> Vec<String> {
    doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap().to_string())
        .collect()
}

fn example_file(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ecspresso").join(name))
        .unwrap()
}

// ----------------------------------------------------------------------------------------------
// The example

/// The unmodified example.
#[test]
fn the_example_deploys_then_diffs_clean_and_an_image_change_shows() {
    let bed = Bed::start();
    let mut p = Project::example(&bed);
    deploy_exactly(&p, &bed, &[]);
    assert_clean(&p, &bed);

    p.set_env("IMAGE_TAG", "v1.1.0");
    let r = p.run(&["diff", "--exit-code"]);
    r.code(2);
    no_crash(&r);
    let uri = p.seed_str("/ecr/uri");
    r.stdout_has(
        "task definition: new task definition revision (the service will start a new deployment)",
    )
    .stdout_has(&format!("--- {}\n+++ ecs-task-def.json\n", td_arn("acme-dev-app", 1)))
    .stdout_has(&format!(
        "-      \"image\": \"{uri}:{TAG}\",\n+      \"image\": \"{uri}:v1.1.0\","
    ));
    assert!(!r.stdout.contains("service:"), "the service does not change:\n{}", r.stdout);
}

// ----------------------------------------------------------------------------------------------
// Varied definitions: deployed exactly as rendered, then no difference

const FARGATE_TD: &str = r#"{
  "family": "acme-dev-fargate",
  "networkMode": "awsvpc",
  "requiresCompatibilities": ["FARGATE"],
  "cpu": "256",
  "memory": "512",
  "executionRoleArn": "{{ tfstate `aws_iam_role.ecs_task_execution.arn` }}",
  "runtimePlatform": { "cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX" },
  "containerDefinitions": [
    {
      "name": "app",
      "image": "{{ tfstate `aws_ecr_repository.app.repository_url` }}:{{ must_env `IMAGE_TAG` }}",
      "portMappings": [{ "containerPort": 3000 }],
      "environment": [{ "name": "LOG_LEVEL", "value": "{{ ssm `/acme/dev/app/log_level` }}" }],
      "logConfiguration": {
        "logDriver": "awslogs",
        "options": { "awslogs-group": "{{ tfstate `aws_cloudwatch_log_group.app.name` }}", "awslogs-region": "ap-northeast-1", "awslogs-stream-prefix": "fargate" }
      }
    }
  ]
}
"#;

const FARGATE_SD: &str = r#"{
  "launchType": "FARGATE",
  "platformVersion": "LATEST",
  "desiredCount": 1,
  "networkConfiguration": {
    "awsvpcConfiguration": {
      "subnets": [
        "{{ tfstate `aws_subnet.private['ap-northeast-1a'].id` }}",
        "{{ tfstate `aws_subnet.private['ap-northeast-1c'].id` }}"
      ],
      "securityGroups": ["{{ tfstate `aws_security_group.ecs.id` }}"],
      "assignPublicIp": "DISABLED"
    }
  }
}
"#;

fn fargate(bed: &Bed) -> Project {
    let p = Project::seeded(bed);
    p.write("config.yaml", &config("acme-dev-fargate", ""));
    p.write("td.json", FARGATE_TD).write("sd.json", FARGATE_SD);
    p
}

#[test]
fn clean_fargate_awsvpc_with_network_configuration() {
    let bed = Bed::start();
    let p = fargate(&bed);
    deploy_exactly(&p, &bed, &[]);
    let rendered = json_stream(&p.run(&["render", "servicedef"]).code(0).stdout);
    let private = p.seed["subnets"]["private"].as_array().unwrap();
    assert_eq!(
        rendered[0]["networkConfiguration"]["awsvpcConfiguration"]["subnets"],
        json!([private[0], private[1]])
    );
    assert_clean(&p, &bed);
}

/// AWS takes the VPC's default security group when `securityGroups` is left out.
#[test]
fn clean_fargate_without_security_groups() {
    let bed = Bed::start();
    let p = fargate(&bed);
    p.edit("sd.json", "\"securityGroups\": [\"{{ tfstate `aws_security_group.ecs.id` }}\"],", "");
    deploy_exactly(&p, &bed, &[]);
    assert_clean(&p, &bed);
}

#[test]
fn clean_sidecars_with_depends_on_health_checks_ulimits_and_docker_labels() {
    let bed = Bed::start();
    let p = Project::seeded(&bed);
    p.write("config.yaml", &config("acme-dev-sidecar", ""));
    p.write(
        "td.json",
        r#"{
  "family": "acme-dev-sidecar",
  "taskRoleArn": "{{ tfstate `aws_iam_role.ecs_task.arn` }}",
  "containerDefinitions": [
    {
      "name": "app",
      "image": "{{ tfstate `aws_ecr_repository.app.repository_url` }}:{{ must_env `IMAGE_TAG` }}",
      "memory": 256,
      "essential": true,
      "links": ["proxy"],
      "portMappings": [{ "containerPort": 3000, "hostPort": 0, "protocol": "tcp" }],
      "dependsOn": [
        { "containerName": "proxy", "condition": "HEALTHY" },
        { "containerName": "log-router", "condition": "START" }
      ],
      "healthCheck": { "command": ["CMD-SHELL", "curl -fs http://localhost:3000/api/health || exit 1"] },
      "ulimits": [{ "name": "nofile", "softLimit": 65536, "hardLimit": 65536 }, { "name": "core", "softLimit": 0, "hardLimit": 0 }],
      "dockerLabels": { "com.example.team": "acme", "com.example.tier": "web" },
      "logConfiguration": {
        "logDriver": "awsfirelens",
        "options": { "Name": "cloudwatch", "region": "ap-northeast-1", "log_group_name": "{{ tfstate `aws_cloudwatch_log_group.app.name` }}" }
      }
    },
    {
      "name": "proxy",
      "image": "public.ecr.aws/nginx/nginx:1.27",
      "memory": 64,
      "healthCheck": { "command": ["CMD", "nginx", "-t"], "interval": 10, "timeout": 2, "retries": 2, "startPeriod": 5 },
      "portMappings": [{ "containerPort": 80 }]
    },
    {
      "name": "log-router",
      "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
      "memory": 64,
      "essential": false,
      "firelensConfiguration": { "type": "fluentbit", "options": { "enable-ecs-log-metadata": "true" } },
      "logConfiguration": {
        "logDriver": "awslogs",
        "options": { "awslogs-group": "/ecs/acme/app", "awslogs-region": "ap-northeast-1", "awslogs-stream-prefix": "firelens" }
      }
    }
  ]
}
"#,
    );
    p.write(
        "sd.json",
        r#"{
  "desiredCount": 1,
  "launchType": "EC2",
  "placementConstraints": [{ "type": "distinctInstance" }],
  "placementStrategy": [{ "type": "spread", "field": "instanceId" }, { "type": "binpack", "field": "memory" }]
}
"#,
    );
    deploy_exactly(&p, &bed, &[]);
    assert_clean(&p, &bed);
}

#[test]
fn clean_volumes_mount_points_tags_and_capacity_provider() {
    let bed = Bed::start();
    let p = Project::seeded(&bed);
    p.write("config.yaml", &config("acme-dev-volumes", ""));
    p.write(
        "td.json",
        r#"{
  "family": "acme-dev-volumes",
  "networkMode": "bridge",
  "requiresCompatibilities": ["EC2"],
  "volumes": [
    { "name": "scratch" },
    { "name": "host-logs", "host": { "sourcePath": "/var/log/acme" } },
    { "name": "cache", "dockerVolumeConfiguration": { "scope": "shared", "autoprovision": true, "driver": "local", "labels": { "app": "acme" } } }
  ],
  "containerDefinitions": [
    {
      "name": "app",
      "image": "{{ tfstate `aws_ecr_repository.app.repository_url` }}:{{ must_env `IMAGE_TAG` }}",
      "memory": 256,
      "mountPoints": [
        { "sourceVolume": "scratch", "containerPath": "/tmp/scratch" },
        { "sourceVolume": "host-logs", "containerPath": "/var/log/app", "readOnly": false },
        { "sourceVolume": "cache", "containerPath": "/cache", "readOnly": true }
      ]
    },
    {
      "name": "log-shipper",
      "image": "busybox:1.36",
      "memory": 32,
      "essential": false,
      "volumesFrom": [{ "sourceContainer": "app", "readOnly": true }]
    }
  ],
  "tags": [{ "key": "Project", "value": "acme" }, { "key": "Team", "value": "platform" }]
}
"#,
    );
    p.write(
        "sd.json",
        r#"{
  "desiredCount": 1,
  "capacityProviderStrategy": [{ "capacityProvider": "acme-dev-cp", "weight": 1, "base": 1 }],
  "tags": [{ "key": "Project", "value": "acme" }, { "key": "CostCenter", "value": "1234" }],
  "enableExecuteCommand": true,
  "propagateTags": "TASK_DEFINITION"
}
"#,
    );
    deploy_exactly(&p, &bed, &[]);
    assert_clean(&p, &bed);
}

const BLUE_GREEN_SD: &str = r#"{
  "desiredCount": 2,
  "deploymentConfiguration": {
    "strategy": "BLUE_GREEN",
    "bakeTimeInMinutes": 0,
    "maximumPercent": 200,
    "minimumHealthyPercent": 100
  },
  "loadBalancers": [
    {
      "containerName": "app",
      "containerPort": 3000,
      "targetGroupArn": "{{ tfstate `aws_lb_target_group.blue.arn` }}",
      "advancedConfiguration": {
        "alternateTargetGroupArn": "{{ tfstate `aws_lb_target_group.green.arn` }}",
        "productionListenerRule": "{{ tfstate `aws_lb_listener_rule.production.arn` }}",
        "testListenerRule": "{{ tfstate `aws_lb_listener_rule.test.arn` }}",
        "roleArn": "{{ tfstate `aws_iam_role.ecs_infrastructure.arn` }}"
      }
    }
  ]
}
"#;

fn simple_td(family: &str) -> String {
    format!(
        r#"{{
  "family": "{family}",
  "containerDefinitions": [
    {{
      "name": "app",
      "image": "{{{{ tfstate `aws_ecr_repository.app.repository_url` }}}}:{{{{ must_env `IMAGE_TAG` }}}}",
      "memory": 256,
      "portMappings": [{{ "containerPort": 3000, "hostPort": 0 }}]
    }}
  ]
}}
"#
    )
}

#[test]
fn clean_blue_green_strategy_with_advanced_configuration() {
    let bed = Bed::start();
    let p = Project::seeded(&bed);
    p.write("config.yaml", &config("acme-dev-bg", ""));
    p.write("td.json", &simple_td("acme-dev-bg")).write("sd.json", BLUE_GREEN_SD);
    deploy_exactly(&p, &bed, &[]);
    let svc = &json_stream(&p.run(&["render", "servicedef"]).code(0).stdout)[0];
    let advanced = &svc["loadBalancers"][0]["advancedConfiguration"];
    assert_eq!(advanced["alternateTargetGroupArn"], p.seed["target_groups"]["green"]);
    assert_eq!(advanced["productionListenerRule"], p.seed["rules"]["production"]);
    assert_eq!(advanced["testListenerRule"], p.seed["rules"]["test"]);
    assert_clean(&p, &bed);
}

#[test]
fn clean_code_deploy_controller() {
    let bed = Bed::start();
    let p = Project::seeded(&bed);
    p.write(
        "config.yaml",
        &config("acme-dev-app-cd", "codedeploy:\n  application_name: acme-dev-app\n  deployment_group_name: acme-dev-app-dg\n"),
    );
    p.write("td.json", &simple_td("acme-dev-app-cd"));
    p.write(
        "sd.json",
        r#"{
  "desiredCount": 1,
  "deploymentController": { "type": "CODE_DEPLOY" },
  "healthCheckGracePeriodSeconds": 30,
  "loadBalancers": [
    { "containerName": "app", "containerPort": 3000, "targetGroupArn": "{{ tfstate `aws_lb_target_group.blue.arn` }}" }
  ]
}
"#,
    );
    deploy_exactly(&p, &bed, &["--no-wait"]);
    assert_clean(&p, &bed);
    // CodeDeploy swaps target groups: the file naming the other one is not a difference.
    p.edit("sd.json", "aws_lb_target_group.blue.arn", "aws_lb_target_group.green.arn");
    assert_clean(&p, &bed);
}

#[test]
fn clean_daemon_on_host_networking_with_linux_parameters() {
    let bed = Bed::start();
    let p = Project::seeded(&bed);
    p.write("config.yaml", &config("acme-dev-daemon", ""));
    p.write(
        "td.json",
        r#"{
  "family": "acme-dev-daemon",
  "networkMode": "host",
  "pidMode": "host",
  "containerDefinitions": [
    {
      "name": "agent",
      "image": "public.ecr.aws/datadog/agent:7",
      "cpu": 128,
      "memory": 256,
      "portMappings": [{ "containerPort": 8125, "protocol": "udp" }],
      "linuxParameters": { "initProcessEnabled": true, "capabilities": { "add": ["SYS_PTRACE"] } },
      "readonlyRootFilesystem": true,
      "stopTimeout": 20
    }
  ]
}
"#,
    );
    p.write(
        "sd.json",
        r#"{
  "schedulingStrategy": "DAEMON",
  "launchType": "EC2",
  "deploymentConfiguration": { "maximumPercent": 100, "minimumHealthyPercent": 0 }
}
"#,
    );
    deploy_exactly(&p, &bed, &[]);
    assert_clean(&p, &bed);
}

#[test]
fn clean_fargate_units_capacity_providers_alarms_and_secrets() {
    let bed = Bed::start();
    let p = Project::seeded(&bed);
    p.write("config.yaml", &config("acme-dev-units", ""));
    p.write(
        "td.json",
        r#"{
  "family": "acme-dev-units",
  "networkMode": "awsvpc",
  "requiresCompatibilities": ["FARGATE"],
  "cpu": "0.25 vCPU",
  "memory": "0.5 GB",
  "ephemeralStorage": { "sizeInGiB": 30 },
  "executionRoleArn": "{{ tfstate `aws_iam_role.ecs_task_execution.arn` }}",
  "containerDefinitions": [
    {
      "name": "app",
      "image": "{{ tfstate `aws_ecr_repository.app.repository_url` }}:{{ must_env `IMAGE_TAG` }}",
      "portMappings": [{ "containerPort": 3000, "name": "http", "appProtocol": "http" }],
      "secrets": [{ "name": "DB_PASSWORD", "valueFrom": "/acme/dev/database/password" }],
      "environment": [{ "name": "B", "value": "2" }, { "name": "A", "value": "1" }],
      "command": ["node", "server.js"],
      "workingDirectory": "/app",
      "user": "1000:1000"
    }
  ]
}
"#,
    );
    p.write(
        "sd.json",
        r#"{
  "desiredCount": 1,
  "capacityProviderStrategy": [{ "capacityProvider": "FARGATE_SPOT", "weight": 3 }, { "capacityProvider": "FARGATE", "weight": 1, "base": 1 }],
  "networkConfiguration": { "awsvpcConfiguration": {
    "subnets": ["{{ tfstate `aws_subnet.private['ap-northeast-1d'].id` }}"],
    "securityGroups": ["{{ tfstate `aws_security_group.ecs.id` }}"]
  } },
  "deploymentConfiguration": {
    "alarms": { "alarmNames": ["acme-dev-alb-5xx", "acme-dev-ecs-cpu-high"], "enable": true, "rollback": true },
    "deploymentCircuitBreaker": { "enable": true, "rollback": true }
  }
}
"#,
    );
    deploy_exactly(&p, &bed, &[]);
    assert_clean(&p, &bed);
}

#[test]
fn clean_yaml_definitions_with_pascal_case_keys_and_a_load_balancer() {
    let bed = Bed::start();
    let p = Project::seeded(&bed);
    p.write(
        "config.yaml",
        &config("acme-dev-yaml", "").replace("td.json", "td.yaml").replace("sd.json", "sd.yml"),
    );
    p.write(
        "td.yaml",
        r#"Family: acme-dev-yaml
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
    DockerLabels:
      Com.Example.Team: acme
    LogConfiguration:
      LogDriver: awslogs
      Options:
        awslogs-group: "{{ tfstate `aws_cloudwatch_log_group.app.name` }}"
        awslogs-region: ap-northeast-1
        awslogs-stream-prefix: app
"#,
    );
    p.write(
        "sd.yml",
        r#"DesiredCount: 1
LaunchType: EC2
HealthCheckGracePeriodSeconds: 30
LoadBalancers:
  - ContainerName: app
    ContainerPort: 3000
    TargetGroupArn: "{{ tfstate `aws_lb_target_group.green.arn` }}"
PlacementStrategy:
  - Type: binpack
    Field: cpu
Tags:
  - Key: Project
    Value: acme
"#,
    );
    deploy_exactly(&p, &bed, &[]);
    assert_clean(&p, &bed);
}

#[test]
fn clean_when_the_definitions_are_describe_outputs() {
    let bed = Bed::start();
    let p = Project::seeded(&bed);
    p.write("config.yaml", &config("acme-dev-described", ""));
    p.write(
        "td.json",
        r#"{
  "taskDefinition": {
    "taskDefinitionArn": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/acme-dev-described:7",
    "containerDefinitions": [
      {
        "name": "app",
        "image": "{{ tfstate `aws_ecr_repository.app.repository_url` }}:{{ must_env `IMAGE_TAG` }}",
        "cpu": 0, "memory": 256,
        "portMappings": [{ "containerPort": 3000, "hostPort": 0, "protocol": "tcp" }],
        "essential": true, "environment": [], "mountPoints": [], "volumesFrom": [], "systemControls": []
      }
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
    p.write(
        "sd.json",
        r#"{
  "services": [{
    "serviceArn": "arn:aws:ecs:ap-northeast-1:123456789012:service/acme-dev-cluster/old-name",
    "serviceName": "old-name",
    "clusterArn": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/acme-dev-cluster",
    "loadBalancers": [], "serviceRegistries": [], "status": "ACTIVE",
    "desiredCount": 1, "runningCount": 1, "pendingCount": 0, "launchType": "EC2",
    "taskDefinition": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/acme-dev-described:7",
    "deploymentConfiguration": { "deploymentCircuitBreaker": { "enable": false, "rollback": false }, "maximumPercent": 200, "minimumHealthyPercent": 50 },
    "deployments": [], "events": [], "createdAt": "2025-01-01T00:00:00.000000+09:00",
    "placementConstraints": [], "placementStrategy": [], "schedulingStrategy": "REPLICA",
    "deploymentController": { "type": "ECS" }, "createdBy": "arn:aws:iam::123456789012:role/admin",
    "enableECSManagedTags": false, "propagateTags": "NONE", "enableExecuteCommand": false
  }],
  "failures": []
}
"#,
    );
    deploy_exactly(&p, &bed, &[]);
    assert_clean(&p, &bed);
}

#[test]
fn clean_example_with_load_balancer_placement_and_capacity_provider() {
    let bed = Bed::start();
    let p = deployed_example(&bed);
    assert_clean(&p, &bed);
}

// ----------------------------------------------------------------------------------------------
// Changes, detected and classified

#[tokio::test]
async fn task_definition_changes_are_new_revisions() {
    let bed = Bed::start();
    let p = deployed_example(&bed);
    let sdk = Sdk::new(&bed).await;
    let original = p.read("ecs-task-def.json");
    let uri = p.seed_str("/ecr/uri");
    let summary =
        "task definition: new task definition revision (the service will start a new deployment)";

    // An environment value (from SSM).
    sdk.put("/acme/dev/app/log_level", ParameterType::String, "info").await;
    let r = p.run(&["diff", "--exit-code"]);
    r.code(2)
        .stdout_has(summary)
        .stdout_has("-          \"value\": \"debug\"\n+          \"value\": \"info\"");
    let json = diff_json(&p, &[]);
    let td = doc(&json, "task_definition");
    assert_eq!(td["effect"], "new_revision");
    assert_eq!(td["summary"], summary);
    assert_eq!(
        td["changes"],
        json!([{"path": "containerDefinitions[app].environment[LOG_LEVEL].value", "before": "debug", "after": "info"}])
    );
    assert_eq!(doc(&json, "service")["effect"], "none");
    sdk.put("/acme/dev/app/log_level", ParameterType::String, "debug").await;
    assert_clean(&p, &bed);

    // The image tag.
    let json = diff_json(&p, &[]);
    assert_eq!(json["has_diff"], false);
    let mut p = p;
    p.set_env("IMAGE_TAG", "v1.1.0");
    let json = diff_json(&p, &[]);
    assert_eq!(
        json,
        json!({
            "has_diff": true,
            "documents": [
                {
                    "kind": "task_definition",
                    "remote": td_arn("acme-dev-app", 1),
                    "local": "ecs-task-def.json",
                    "effect": "new_revision",
                    "summary": summary,
                    "changes": [{"path": "containerDefinitions[app].image", "before": format!("{uri}:{TAG}"), "after": format!("{uri}:v1.1.0")}]
                },
                {
                    "kind": "service",
                    "remote": SERVICE_ARN,
                    "local": "ecs-service-def.json",
                    "effect": "none",
                    "summary": "service: no changes",
                    "changes": []
                }
            ]
        })
    );
    p.set_env("IMAGE_TAG", TAG);

    // The container's CPU.
    p.write("ecs-task-def.json", &original.replace("\"cpu\": 256,", "\"cpu\": 512,"));
    let r = p.run(&["diff", "--exit-code"]);
    r.code(2).stdout_has(summary).stdout_has("-      \"cpu\": 256,\n+      \"cpu\": 512,");
    let td = doc(&diff_json(&p, &[]), "task_definition").clone();
    assert_eq!(
        (&td["effect"], paths(&td)),
        (&json!("new_revision"), vec!["containerDefinitions[app].cpu".to_string()])
    );
    assert_eq!(
        (&td["changes"][0]["before"], &td["changes"][0]["after"]),
        (&json!(256), &json!(512))
    );

    // A new container.
    p.write(
        "ecs-task-def.json",
        &original.replace(
            "\"containerDefinitions\": [\n",
            "\"containerDefinitions\": [\n    { \"name\": \"sidecar\", \"image\": \"busybox:1.36\", \"memory\": 32, \"essential\": false },\n",
        ),
    );
    let r = p.run(&["diff", "--exit-code"]);
    r.code(2)
        .stdout_has(summary)
        .stdout_has("+      \"image\": \"busybox:1.36\",")
        .stdout_has("+      \"name\": \"sidecar\"\n");
    let td = doc(&diff_json(&p, &[]), "task_definition").clone();
    assert_eq!(
        (&td["effect"], paths(&td)),
        (&json!("new_revision"), vec!["containerDefinitions[sidecar]".to_string()])
    );
    assert_eq!(td["changes"][0]["before"], Value::Null);
    assert_eq!(td["changes"][0]["after"]["image"], "busybox:1.36");
    p.write("ecs-task-def.json", &original);
    assert_clean(&p, &bed);
}

#[tokio::test]
async fn service_changes_are_classified_by_what_applying_them_takes() {
    let bed = Bed::start();
    let p = deployed_example(&bed);
    let original = p.read("ecs-service-def.json");
    for (edit, effect, summary, changed) in [
        (
            ("\"desiredCount\": 2,", "\"desiredCount\": 3,"),
            "in_place",
            "service: service update (in place): desiredCount",
            vec!["desiredCount"],
        ),
        (
            (
                "\"maximumPercent\": 200,\n    \"minimumHealthyPercent\": 100",
                "\"maximumPercent\": 150,\n    \"minimumHealthyPercent\": 50",
            ),
            "in_place",
            "service: service update (in place): deploymentConfiguration",
            vec![
                "deploymentConfiguration.maximumPercent",
                "deploymentConfiguration.minimumHealthyPercent",
            ],
        ),
        (
            ("\"healthCheckGracePeriodSeconds\": 60,", "\"healthCheckGracePeriodSeconds\": 90,"),
            "in_place",
            "service: service update (in place): healthCheckGracePeriodSeconds",
            vec!["healthCheckGracePeriodSeconds"],
        ),
        (
            ("aws_lb_target_group.blue.arn", "aws_lb_target_group.green.arn"),
            "new_deployment",
            "service: new deployment: loadBalancers",
            vec!["loadBalancers[app].targetGroupArn"],
        ),
        (
            (
                "{ \"field\": \"memory\", \"type\": \"binpack\" }",
                "{ \"field\": \"cpu\", \"type\": \"binpack\" }",
            ),
            "new_deployment",
            "service: new deployment: placementStrategy",
            vec!["placementStrategy[1].field"],
        ),
        (
            ("\"schedulingStrategy\": \"REPLICA\",", "\"schedulingStrategy\": \"DAEMON\","),
            "replacement",
            "service: REQUIRES REPLACEMENT: UpdateService cannot change schedulingStrategy; the service would have to be deleted and re-created",
            vec!["schedulingStrategy"],
        ),
    ] {
        p.write("ecs-service-def.json", &original.replacen(edit.0, edit.1, 1));
        assert_ne!(p.read("ecs-service-def.json"), original, "the edit {edit:?} applies");
        let r = p.run(&["diff", "--exit-code"]);
        r.code(2);
        no_crash(&r);
        r.stdout_has(summary).stdout_has(&format!("--- {SERVICE_ARN}\n+++ ecs-service-def.json\n"));
        if effect == "replacement" {
            r.stdout_has(&format!("!!! {summary}"));
        }
        assert!(
            !r.stdout.contains("task definition:"),
            "the task definition does not change:\n{}",
            r.stdout
        );
        let json = diff_json(&p, &[]);
        let svc = doc(&json, "service");
        assert_eq!(
            (svc["effect"].as_str().unwrap(), svc["summary"].as_str().unwrap()),
            (effect, summary),
            "{edit:?}"
        );
        assert_eq!(paths(svc), changed, "{edit:?}");
        assert_eq!(json["has_diff"], true);
        assert_eq!(doc(&json, "task_definition")["effect"], "none");
    }

    // Load balancers removed from the file: deploy would remove them.
    let without_lb = {
        let mut sd: Value = serde_json::from_str(&original).unwrap();
        sd.as_object_mut().unwrap().remove("loadBalancers");
        sd.as_object_mut().unwrap().remove("healthCheckGracePeriodSeconds");
        serde_json::to_string_pretty(&sd).unwrap()
    };
    p.write("ecs-service-def.json", &without_lb);
    let svc = doc(&diff_json(&p, &[]), "service").clone();
    assert_eq!(svc["effect"], "new_deployment", "{svc:#}");
    assert_eq!(paths(&svc), ["loadBalancers"]);
    assert_eq!(svc["changes"][0]["after"], Value::Null);

    p.write("ecs-service-def.json", &original);
    assert_clean(&p, &bed);
}

#[test]
fn a_launch_type_change_requires_replacement() {
    let bed = Bed::start();
    let p = fargate(&bed);
    deploy_exactly(&p, &bed, &[]);
    p.edit("sd.json", "\"launchType\": \"FARGATE\"", "\"launchType\": \"EC2\"");
    let summary = "service: REQUIRES REPLACEMENT: UpdateService cannot change launchType; the service would have to be deleted and re-created";
    let r = p.run(&["diff", "--exit-code"]);
    r.code(2)
        .stdout_has(&format!("!!! {summary}"))
        .stdout_has("-  \"launchType\": \"FARGATE\",\n+  \"launchType\": \"EC2\",");
    let svc = doc(&diff_json(&p, &[]), "service").clone();
    assert_eq!(
        (svc["effect"].as_str(), svc["summary"].as_str()),
        (Some("replacement"), Some(summary))
    );
    assert_eq!(
        svc["changes"],
        json!([{"path": "launchType", "before": "FARGATE", "after": "EC2"}])
    );
    let md = p.run(&["diff", "--format", "markdown"]);
    md.code(0).stdout_has(&format!("### Service\n\n> [!CAUTION]\n> **{summary}**"));
}

#[test]
fn nothing_deployed_yet_everything_will_be_created() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    let r = p.run(&["diff", "--exit-code"]);
    r.code(2);
    no_crash(&r);
    r.stdout_has(
        "task definition: will be created\n--- (none: will be created)\n+++ ecs-task-def.json\n",
    );
    r.stdout_has(
        "service: will be created\n--- (none: will be created)\n+++ ecs-service-def.json\n",
    );
    r.stdout_has("+  \"serviceName\": \"acme-dev-app\",");
    let json = diff_json(&p, &[]);
    for kind in ["task_definition", "service"] {
        let d = doc(&json, kind);
        assert_eq!((&d["effect"], &d["remote"]), (&json!("create"), &Value::Null), "{kind}");
    }
    assert_eq!(doc(&json, "service")["summary"], "service: will be created");
    let md = p.run(&["diff", "--format", "markdown"]);
    md.code(0).stdout_has("<details><summary>(none) → ecs-service-def.json</summary>");
    // Nothing was written while looking.
    assert!(
        bed.requests()
            .iter()
            .all(|r| !r.action.starts_with("Register") && !r.action.starts_with("Create"))
    );
}

#[test]
fn a_missing_service_next_to_a_registered_family_will_be_created() {
    let bed = Bed::start();
    let p = deployed_example(&bed);
    p.edit("config.yaml", "service: acme-dev-app", "service: acme-dev-app2");
    let r = p.run(&["diff", "--exit-code"]);
    r.code(2).stdout_has(
        "service: will be created\n--- (none: will be created)\n+++ ecs-service-def.json\n",
    );
    assert!(
        !r.stdout.contains("task definition:"),
        "the newest revision of the family matches:\n{}",
        r.stdout
    );
    let json = diff_json(&p, &[]);
    assert_eq!(doc(&json, "service")["effect"], "create");
    assert_eq!(doc(&json, "task_definition")["remote"], td_arn("acme-dev-app", 1));
}

#[tokio::test]
async fn a_secret_value_change_is_shown_without_either_value() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    p.edit(
        "ecs-task-def.json",
        r#"{ "name": "NODE_ENV", "value": "production" },"#,
        r#"{ "name": "NODE_ENV", "value": "production" },
        { "name": "DB_PASSWORD_PLAIN", "value": "{{ ssm `/acme/dev/database/password` }}" },"#,
    );
    deploy_exactly(&p, &bed, &[]);
    assert_clean(&p, &bed);
    let sdk = Sdk::new(&bed).await;
    let old = sdk.get("/acme/dev/database/password").await;
    let new = unique("rotated");
    sdk.put("/acme/dev/database/password", ParameterType::SecureString, &new).await;

    let label = "<secret ssm:/acme/dev/database/password>";
    let previous = "<secret ssm:/acme/dev/database/password (previous value)>";
    let r = p.run(&["diff", "--exit-code"]);
    r.code(2).never_shows(&old).never_shows(&new);
    r.stdout_has("task definition: new task definition revision").stdout_has(&format!(
        "-          \"value\": \"{previous}\"\n+          \"value\": \"{label}\""
    ));
    let json = diff_json(&p, &[]);
    let td = doc(&json, "task_definition");
    assert_eq!(td["effect"], "new_revision");
    assert_eq!(
        td["changes"],
        json!([{"path": "containerDefinitions[app].environment[DB_PASSWORD_PLAIN].value", "before": previous, "after": label}])
    );
    for format in ["markdown", "json", "text"] {
        p.run(&["diff", "--format", format]).code(0).never_shows(&old).never_shows(&new);
    }
    // Shown only when asked.
    let r = p.run(&["diff", "--show-secrets"]);
    r.code(0)
        .stdout_has(&format!("-          \"value\": \"{old}\"\n+          \"value\": \"{new}\""));
}

// ----------------------------------------------------------------------------------------------
// Formats and options

#[tokio::test]
async fn markdown_has_a_section_per_changed_document_with_the_diff_folded() {
    let bed = Bed::start();
    let mut p = deployed_example(&bed);
    let r = p.run(&["diff", "--format", "markdown", "--exit-code"]);
    r.code(0);
    assert_eq!(r.stdout, "## shipper diff\n\nNo differences: what runs matches the definitions.\n");

    p.set_env("IMAGE_TAG", "v1.1.0");
    p.edit("ecs-service-def.json", "\"desiredCount\": 2,", "\"desiredCount\": 4,");
    let r = p.run(&["diff", "--format", "markdown", "--exit-code"]);
    r.code(2);
    let md = &r.stdout;
    let arn = td_arn("acme-dev-app", 1);
    for needle in [
        "## shipper diff\n\n### Task definition\n\n**task definition: new task definition revision (the service will start a new deployment)**\n\n".to_string(),
        format!("<details><summary>{arn} → ecs-task-def.json</summary>\n\n```diff\n--- {arn}\n+++ ecs-task-def.json\n@@"),
        "### Service\n\n**service: service update (in place): desiredCount**\n\n".to_string(),
        format!("<details><summary>{SERVICE_ARN} → ecs-service-def.json</summary>\n\n```diff\n--- {SERVICE_ARN}\n+++ ecs-service-def.json\n"),
        "-  \"desiredCount\": 2,\n+  \"desiredCount\": 4,\n".to_string(),
        "```\n\n</details>\n".to_string(),
    ] {
        assert!(md.contains(&needle), "markdown lacks {needle:?}:\n{md}");
    }
    assert_eq!(md.matches("<details>").count(), 2);
    assert_eq!(md.matches("</details>").count(), 2);
    assert!(md.find("### Task definition") < md.find("### Service"));
    assert!(!md.contains("\u{1b}["), "no terminal colours in Markdown");
}

#[test]
fn output_json_is_the_json_format() {
    let bed = Bed::start();
    let mut p = deployed_example(&bed);
    p.set_env("IMAGE_TAG", "v1.1.0");
    let a = diff_json(&p, &[]);
    let b = p.run(&["--output", "json", "diff"]).code(0).json();
    assert_eq!(a, b);
    let r = p.run(&["diff", "--format", "json", "--exit-code"]);
    assert_eq!(r.code(2).json(), a);
}

#[tokio::test]
async fn task_definition_only_compares_with_the_newest_revision_of_the_family() {
    let bed = Bed::start();
    let p = deployed_example(&bed);
    p.edit("ecs-service-def.json", "\"desiredCount\": 2,", "\"desiredCount\": 5,");
    // The service's difference is left out.
    let r = p.run(&["diff", "--task-definition-only", "--exit-code"]);
    r.code(0);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let json = diff_json(&p, &["--task-definition-only"]);
    assert_eq!(json["documents"].as_array().unwrap().len(), 1, "{json:#}");
    assert_eq!(doc(&json, "task_definition")["effect"], "none");

    // A newer revision, registered but not deployed, is what it compares with.
    let sdk = Sdk::new(&bed).await;
    let current =
        sdk.ecs.describe_task_definition().task_definition("acme-dev-app:1").send().await.unwrap();
    let current = current.task_definition().unwrap();
    let mut container = current.container_definitions()[0].clone();
    container.image = Some(format!("{}:v1.0.0", p.seed_str("/ecr/uri")));
    sdk.ecs
        .register_task_definition()
        .family("acme-dev-app")
        .set_network_mode(current.network_mode().cloned())
        .set_requires_compatibilities(Some(current.requires_compatibilities().to_vec()))
        .set_execution_role_arn(current.execution_role_arn().map(String::from))
        .set_task_role_arn(current.task_role_arn().map(String::from))
        .container_definitions(container)
        .send()
        .await
        .unwrap();
    bed.clear_requests();
    let json = diff_json(&p, &["--task-definition-only"]);
    let td = doc(&json, "task_definition");
    assert_eq!(
        (&td["remote"], &td["effect"]),
        (&json!(td_arn("acme-dev-app", 2)), &json!("new_revision"))
    );
    assert_eq!(paths(td), ["containerDefinitions[app].image"]);
    assert_eq!(bed.requests().count("ecs", "DescribeServices"), 0, "the service is not even read");
    // Without the flag, the revision the service runs is the reference.
    let json = diff_json(&p, &[]);
    assert_eq!(doc(&json, "task_definition")["remote"], td_arn("acme-dev-app", 1));
    assert_eq!(doc(&json, "task_definition")["effect"], "none");
    // The alias.
    p.run(&["diff", "--without-service", "--exit-code"])
        .code(2)
        .stdout_has(&format!("--- {}", td_arn("acme-dev-app", 2)));
}

#[tokio::test]
async fn ignored_tags_and_paths_make_their_differences_disappear() {
    let bed = Bed::start();
    let p = deployed_example(&bed);
    let sdk = Sdk::new(&bed).await;
    // Things managed elsewhere: a tag from Terraform, the count from autoscaling, a build id.
    sdk.ecs
        .tag_resource()
        .resource_arn(SERVICE_ARN)
        .tags(aws_sdk_ecs::types::Tag::builder().key("ManagedBy").value("terraform").build())
        .send()
        .await
        .unwrap();
    sdk.ecs
        .update_service()
        .cluster("acme-dev-cluster")
        .service("acme-dev-app")
        .desired_count(5)
        .send()
        .await
        .unwrap();
    sdk.put("/acme/dev/app/log_level", ParameterType::String, "warn").await;

    let json = diff_json(&p, &[]);
    let svc = doc(&json, "service");
    assert_eq!(paths(svc), ["desiredCount", "tags[ManagedBy]"], "{json:#}");
    assert_eq!(svc["effect"], "in_place");
    assert_eq!(
        paths(doc(&json, "task_definition")),
        ["containerDefinitions[app].environment[LOG_LEVEL].value"]
    );

    p.edit("config.yaml", "timeout: 10m", "timeout: 10m\nignore:\n  tags: [ManagedBy]");
    let svc = doc(&diff_json(&p, &[]), "service").clone();
    assert_eq!(paths(&svc), ["desiredCount"]);

    p.edit(
        "config.yaml",
        "ignore:\n  tags: [ManagedBy]",
        "ignore:\n  tags: [ManagedBy]\nshipper:\n  ignore:\n    - desiredCount\n    - containerDefinitions[app].environment[LOG_LEVEL]",
    );
    assert_clean(&p, &bed);
}

// ----------------------------------------------------------------------------------------------
// GitHub Actions

/// The value of a `name<<DELIMITER … DELIMITER` entry in a `$GITHUB_OUTPUT` file.
fn github_output(text: &str, name: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with(&format!("{name}<<")))
        .unwrap_or_else(|| panic!("no {name}<<DELIMITER in:\n{text}"));
    let delimiter = &lines[start][name.len() + 2..];
    assert!(!delimiter.is_empty(), "a heredoc delimiter:\n{text}");
    let end = lines[start + 1..]
        .iter()
        .position(|l| *l == delimiter)
        .unwrap_or_else(|| panic!("unterminated heredoc:\n{text}"));
    lines[start + 1..start + 1 + end].join("\n")
}

/// Runs with stdout and stderr into one file, to see what came first.
fn run_merged(p: &Project, args: &[&str]) -> (i32, String) {
    let log = p.path("merged.log");
    let file = std::fs::File::create(&log).unwrap();
    let mut cmd = p.cmd(args);
    cmd.stdout(file.try_clone().unwrap()).stderr(file);
    let status = cmd.status().unwrap();
    (status.code().unwrap_or(-1), std::fs::read_to_string(&log).unwrap())
}

#[tokio::test]
async fn github_actions_get_the_summary_the_has_diff_output_and_masks_first() {
    let bed = Bed::start();
    let mut p = Project::example(&bed);
    p.edit(
        "ecs-task-def.json",
        r#"{ "name": "NODE_ENV", "value": "production" },"#,
        r#"{ "name": "NODE_ENV", "value": "production" },
        { "name": "DB_PASSWORD_PLAIN", "value": "{{ ssm `/acme/dev/database/password` }}" },"#,
    );
    deploy_exactly(&p, &bed, &[]);
    let password = Sdk::new(&bed).await.get("/acme/dev/database/password").await;
    let summary = p.path("step-summary.md");
    let output = p.path("github-output.txt");
    p.set_env("GITHUB_ACTIONS", "true");
    p.set_env("GITHUB_STEP_SUMMARY", &summary.display().to_string());
    p.set_env("GITHUB_OUTPUT", &output.display().to_string());

    // No difference.
    let r = p.run(&["diff", "--exit-code"]);
    r.code(0);
    let out = std::fs::read_to_string(&output).unwrap();
    assert_eq!(github_output(&out, "has-diff"), "false");
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("## shipper diff") && md.contains("No differences"), "{md}");
    for text in [&out, &md] {
        assert!(!text.contains(&password), "{text}");
    }

    // A difference: the step summary gets exactly the Markdown `--format markdown` prints.
    std::fs::remove_file(&output).unwrap();
    std::fs::remove_file(&summary).unwrap();
    p.set_env("IMAGE_TAG", "v1.1.0");
    let (code, merged) = run_merged(&p, &["diff", "--exit-code"]);
    assert_eq!(code, 2, "{merged}");
    let first = merged.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!("::add-mask::{password}"),
        "the mask comes before any other output:\n{merged}"
    );
    assert_eq!(merged.matches(&password).count(), 1, "only in ::add-mask:::\n{merged}");
    assert!(merged.contains("::warning::ecs-task-def.json: container `app`: environment variable `DB_PASSWORD_PLAIN`"), "{merged}");
    let out = std::fs::read_to_string(&output).unwrap();
    assert_eq!(github_output(&out, "has-diff"), "true");
    let md = std::fs::read_to_string(&summary).unwrap();
    let printed = p.run(&["diff", "--format", "markdown"]);
    let printed: String = printed
        .stdout
        .lines()
        .filter(|l| !l.starts_with("::add-mask::"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(md.trim_end(), printed.trim_end(), "the step summary is the Markdown diff");
    assert!(md.contains("### Task definition") && md.contains("```diff"), "{md}");
    assert!(!md.contains(&password) && !out.contains(&password));
}

// ----------------------------------------------------------------------------------------------
// The canary: a SecureString value that must never be printed

#[tokio::test]
async fn a_canary_secure_string_never_appears_in_any_output() {
    let bed = Bed::start();
    let mut p = Project::example(&bed);
    let sdk = Sdk::new(&bed).await;
    let canary = unique("canary");
    sdk.put("/acme/dev/canary", ParameterType::SecureString, &canary).await;
    p.edit(
        "ecs-task-def.json",
        r#"{ "name": "NODE_ENV", "value": "production" },"#,
        r#"{ "name": "NODE_ENV", "value": "production" },
        { "name": "CANARY", "value": "{{ ssm `/acme/dev/canary` }}" },
        { "name": "CANARY_URL", "value": "postgres://app:{{ ssm `/acme/dev/canary` }}@db:5432/acme" },"#,
    );
    let r = p.run(&["deploy", "--poll-interval", "100ms"]);
    r.code(0);
    assert!(!printed(&r).contains(&canary), "deploy printed the canary:\n{}", printed(&r));
    let rotated = unique("canary-rotated");
    sdk.put("/acme/dev/canary", ParameterType::SecureString, &rotated).await;
    p.set_env("IMAGE_TAG", "v1.1.0");
    p.edit("ecs-service-def.json", "\"desiredCount\": 2,", "\"desiredCount\": 3,");

    let dir = tempfile::tempdir().unwrap();
    let (summary, output) = (dir.path().join("summary.md"), dir.path().join("output.txt"));
    let runs: Vec<(Vec<&str>, bool)> = vec![
        (vec!["diff"], false),
        (vec!["diff", "--exit-code"], false),
        (vec!["diff", "--format", "markdown"], false),
        (vec!["diff", "--format", "json"], false),
        (vec!["--output", "json", "diff"], false),
        (vec!["diff", "--task-definition-only"], false),
        (vec!["diff", "-vv"], false),
        (vec!["render"], false),
        (vec!["render", "--format", "yaml"], false),
        (vec!["render", "--output", "json"], false),
        (vec!["deploy", "--dry-run"], false),
        (vec!["diff"], true),
        (vec!["diff", "--format", "json"], true),
    ];
    for (args, github) in &runs {
        let mut cmd = p.cmd(args);
        if *github {
            cmd.env("GITHUB_ACTIONS", "true")
                .env("GITHUB_STEP_SUMMARY", &summary)
                .env("GITHUB_OUTPUT", &output);
        }
        let r = run(&mut cmd);
        assert!([0, 2].contains(&r.code), "{args:?}: {}", r.stderr);
        no_crash(&r);
        let text = printed(&r);
        for value in [&canary, &rotated] {
            assert!(
                !text.contains(value.as_str()),
                "{args:?} (GitHub: {github}) printed a canary:\n{text}"
            );
        }
        if *github {
            assert!(
                r.stderr.contains(&format!("::add-mask::{rotated}")),
                "{args:?}: the runner is told to mask it"
            );
        }
    }
    for file in [&summary, &output] {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(!text.contains(&canary) && !text.contains(&rotated), "{}:\n{text}", file.display());
    }
    // A bad value that carries the canary into an error message is masked there too.
    p.edit("ecs-task-def.json", "\"cpu\": 256,", "\"cpu\": \"{{ ssm `/acme/dev/canary` }}\",");
    let r = p.run(&["diff"]);
    r.code(1).never_shows(&rotated).stderr_has("containerDefinitions[0].cpu: expected an integer, found the string \"<secret ssm:/acme/dev/canary>\"");
    p.edit("ecs-task-def.json", "\"cpu\": \"{{ ssm `/acme/dev/canary` }}\",", "\"cpu\": 256,");

    // Only --show-secrets shows it (the old value too, from the running task definition).
    let r = p.run(&["diff", "--show-secrets"]);
    r.code(0).stdout_has(&rotated).stdout_has(&canary);
}

/// The fix for a SecureString in plain `environment` is to move it to `secrets`. The running
/// task definition still holds the value, and the pull-request check that shows the fix must not
/// print it: shipper knows it is a SecureString (the file names it in `valueFrom`).
#[tokio::test]
async fn moving_a_canary_from_environment_to_secrets_does_not_print_it() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    let sdk = Sdk::new(&bed).await;
    let canary = unique("canary");
    sdk.put("/acme/dev/canary", ParameterType::SecureString, &canary).await;
    let plain = r#"{ "name": "NODE_ENV", "value": "production" },
        { "name": "CANARY", "value": "{{ ssm `/acme/dev/canary` }}" },"#;
    p.edit("ecs-task-def.json", r#"{ "name": "NODE_ENV", "value": "production" },"#, plain);
    p.run(&["deploy", "--poll-interval", "100ms"]).code(0).never_shows(&canary);

    // The fix: the same parameter, as a reference.
    p.edit("ecs-task-def.json", plain, r#"{ "name": "NODE_ENV", "value": "production" },"#);
    p.edit(
        "ecs-task-def.json",
        "\"secrets\": [",
        "\"secrets\": [\n        { \"name\": \"CANARY\", \"valueFrom\": \"/acme/dev/canary\" },",
    );
    for format in ["text", "markdown", "json"] {
        let r = p.run(&["diff", "--format", format]);
        r.code(0);
        r.stdout_has("CANARY");
        assert!(
            !printed(&r).contains(&canary),
            "diff --format {format} printed the old SecureString value:\n{}",
            r.stdout
        );
    }
}

// ----------------------------------------------------------------------------------------------
// Errors

#[test]
fn diff_reports_bad_input_before_any_aws_call() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    p.edit("ecs-service-def.json", "\"desiredCount\": 2,", "\"desiredCont\": 2,");
    let r = p.run(&["diff", "--exit-code"]);
    r.code(1);
    no_crash(&r);
    r.stderr_has("error: ecs-service-def.json: desiredCont: unknown field `desiredCont` (did you mean `desiredCount`?)");
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(bed.requests().is_empty(), "{:?}", bed.requests());
    // A failure is exit 1 even with --exit-code, never 2 (here: AWS says the cluster is not there).
    p.write("ecs-service-def.json", &example_file("ecs-service-def.json"));
    p.edit("config.yaml", "cluster: acme-dev-cluster", "cluster: no-such-cluster");
    let r = p.run(&["diff", "--exit-code"]);
    r.code(1);
    no_crash(&r);
    r.stderr_has("error: ecs:DescribeServices (no-such-cluster/acme-dev-app) failed: ClusterNotFoundException")
        .stderr_has("hint: check `cluster` in the config (and the region)");
    assert!(r.stdout.is_empty(), "{}", r.stdout);
}
