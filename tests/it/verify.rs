//! `shipper verify`: the example's resources all exist in the seeded bed; each kind of missing
//! or mismatched resource is named with what to do; nothing is ever written.

use serde_json::{Value, json};

use crate::support::bed::Bed;
use crate::support::block_on;
use crate::support::project::{Project, no_crash};
use crate::support::shipper::run;

/// Every request was a read.
#[track_caller]
fn only_reads(bed: &Bed) {
    for r in bed.requests() {
        assert!(
            ["Describe", "Get", "List"].iter().any(|p| r.action.starts_with(p)),
            "verify wrote: {}:{}",
            r.service,
            r.action
        );
    }
}

fn check<'a>(json: &'a Value, resource_starts: &str) -> &'a Value {
    json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["resource"].as_str().unwrap().starts_with(resource_starts))
        .unwrap_or_else(|| panic!("no check of {resource_starts}: {json:#}"))
}

#[test]
fn the_example_verifies_clean_with_reads_only() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    bed.clear_requests();
    let r = p.run(&["verify"]);
    r.code(0);
    no_crash(&r);
    let repo = p.seed_str("/ecr/uri");
    for line in [
        "cluster acme-dev-cluster\n  [OK]   cluster: ACTIVE",
        "task definition acme-dev-app",
        "  [OK]   execution role",
        "exists, trusts ecs-tasks.amazonaws.com",
        "  container app\n",
        &format!("[OK]   image {repo}:v1.2.0: exists (sha256:"),
        "[OK]   secret DB_PASSWORD (/acme/dev/database/password): SSM parameter exists (SecureString)",
        "[OK]   log group /ecs/acme/app: exists",
        "service acme-dev-app",
        "[OK]   load balancer → container app port 3000: the container maps it",
        "[OK]   target group arn:aws:elasticloadbalancing:",
    ] {
        r.stdout_has(line);
    }
    r.stderr_has("verified");
    only_reads(&bed);
    // The checks run concurrently: every one of them is asked before the first answer is used,
    // so the run costs about one round trip, not one per resource. Checked as: all kinds asked.
    let log = bed.requests();
    for action in [
        "DescribeClusters",
        "GetRole",
        "DescribeImages",
        "DescribeParameters",
        "DescribeLogGroups",
        "DescribeTargetGroups",
    ] {
        assert!(log.iter().any(|r| r.action == action), "{action} was not asked");
    }
    // ecspresso's CI spelling works (shipper never writes logs nor reads secret values anyway).
    p.run(&["verify", "--no-put-logs", "--no-get-secrets", "--no-cache"]).code(0);
    let json = p.run(&["verify", "--output", "json"]).code(0).json();
    assert_eq!(json["ok"], true);
    assert!(json["checks"].as_array().unwrap().iter().all(|c| c["verdict"] == "ok"), "{json:#}");
}

#[test]
fn each_missing_resource_is_named_with_what_to_do() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    let sm = block_on(async { aws_sdk_secretsmanager::Client::new(&bed.sdk_config().await) });
    let secret_arn = block_on(async {
        sm.create_secret()
            .name("acme/dev/api")
            .secret_string("{\"key\":\"v\"}")
            .send()
            .await
            .unwrap()
            .arn
            .unwrap()
    });
    p.edit("ecs-task-def.json", "/acme/dev/database/password", "/acme/dev/database/nope");
    p.edit(
        "ecs-task-def.json",
        r#"{ "name": "DB_USERNAME", "valueFrom": "/acme/dev/database/username" },"#,
        &format!(
            r#"{{ "name": "DB_USERNAME", "valueFrom": "/acme/dev/database/username" }},
        {{ "name": "API_KEY", "valueFrom": "{secret_arn}:key::" }},
        {{ "name": "GONE", "valueFrom": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:acme/dev/gone-AbCdEf" }},"#
        ),
    );
    log_group(&p, "/ecs/acme/nope", false);
    p.edit(
        "ecs-task-def.json",
        "{{ tfstate `aws_iam_role.ecs_task.arn` }}",
        "arn:aws:iam::123456789012:role/acme-dev-missing",
    );
    // The infrastructure role trusts ecs.amazonaws.com, not ecs-tasks: unusable as an execution role.
    p.edit(
        "ecs-task-def.json",
        "{{ tfstate `aws_iam_role.ecs_task_execution.arn` }}",
        "{{ tfstate `aws_iam_role.ecs_infrastructure.arn` }}",
    );
    p.edit("ecs-service-def.json", r#""containerPort": 3000"#, r#""containerPort": 4000"#);
    // A Docker Hub sidecar is skipped, not failed.
    p.edit(
        "ecs-task-def.json",
        r#""containerDefinitions": ["#,
        r#""containerDefinitions": [
    { "name": "proxy", "image": "public.ecr.aws/nginx/nginx:1.27", "essential": false, "memoryReservation": 64 },"#,
    );
    bed.clear_requests();
    let r = run(p.shipper("v9.9.9").arg("verify"));
    r.code(1);
    no_crash(&r);
    r.stderr_has("checks failed")
        .stdout_has("[FAIL] image")
        .stdout_has("tag v9.9.9 is not in repository acme-app")
        .stdout_has("[FAIL] secret DB_PASSWORD (/acme/dev/database/nope): no SSM parameter /acme/dev/database/nope")
        .stdout_has("[OK]   secret API_KEY")
        .stdout_has("Secrets Manager secret exists")
        .stdout_has("[FAIL] secret GONE")
        .stdout_has("[FAIL] log group /ecs/acme/nope: does not exist")
        .stdout_has("create-log-group")
        .stdout_has("[FAIL] task role arn:aws:iam::123456789012:role/acme-dev-missing: does not exist")
        .stdout_has("does not let ecs-tasks.amazonaws.com assume it")
        .stdout_has("[FAIL] load balancer → container app port 4000: container app maps no port 4000")
        .stdout_has("[SKIP] image public.ecr.aws/nginx/nginx:1.27: not in ECR");
    // The error repeats each failure with its fix.
    r.stderr_has("— push the image").stderr_has("acme-dev-missing: does not exist");
    only_reads(&bed);
    // No secret value is read: `secrets` are checked by their metadata (rendering reads the
    // parameters the templates name, which `secrets` entries are not).
    for r in bed.requests() {
        assert_ne!(r.action, "GetSecretValue");
        let body = r.body.to_string();
        assert!(
            !(r.action.starts_with("GetParameter") && body.contains("/acme/dev/database/username")),
            "read a secret: {body}"
        );
    }

    let json = json_of(&p);
    assert_eq!(json["ok"], false);
    assert_eq!(check(&json, "log group")["verdict"], "fail");
    assert!(check(&json, "log group")["hint"].as_str().unwrap().contains("create-log-group"));
    assert_eq!(check(&json, "image public.ecr.aws")["verdict"], "skip");
    assert_eq!(check(&json, "secret API_KEY")["verdict"], "ok");
}

/// Sends the container's logs to the log group `name`, which ECS creates when `create`.
fn log_group(p: &Project, name: &str, create: bool) {
    p.edit(
        "ecs-task-def.json",
        r#""awslogs-stream-prefix": "app""#,
        &format!(r#""awslogs-stream-prefix": "app", "awslogs-create-group": "{create}""#),
    );
    p.edit("ecs-task-def.json", "{{ tfstate `aws_cloudwatch_log_group.app.name` }}", name);
}

fn json_of(p: &Project) -> Value {
    run(p.shipper("v9.9.9").args(["verify", "--output", "json"])).code(1).json()
}

#[test]
fn a_log_group_ecs_creates_is_fine_and_a_missing_cluster_fails() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    log_group(&p, "/ecs/acme/new", true);
    p.run(&["verify"])
        .code(0)
        .stdout_has("[OK]   log group /ecs/acme/new: does not exist yet; ECS creates it");
    p.edit("config.yaml", "cluster: acme-dev-cluster", "cluster: acme-dev-nope");
    p.run(&["verify"]).code(1).stdout_has("[FAIL] cluster: does not exist");
}

#[test]
fn blue_green_needs_its_alternate_group_listener_rules_and_an_ecs_trusted_role() {
    let bed = Bed::start();
    let p =
        Project::blue_green(&bed, json!({"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 0}), "");
    let r = p.run(&["verify"]);
    r.code(0);
    let green = p.seed_str("/target_groups/green");
    r.stdout_has(&format!("[OK]   target group {green}"))
        .stdout_has("[OK]   productionListenerRule")
        .stdout_has("[OK]   testListenerRule")
        .stdout_has("[OK]   blue/green role")
        .stdout_has("trusts ecs.amazonaws.com");
    // A role ECS cannot assume, and a listener rule that is gone.
    let rule = p.seed_str("/rules/test");
    let mut def: Value = serde_json::from_str(&p.read("ecs-service-def.json")).unwrap();
    def["loadBalancers"][0]["advancedConfiguration"]["roleArn"] =
        json!("{{ tfstate `aws_iam_role.ecs_task.arn` }}");
    def["loadBalancers"][0]["advancedConfiguration"]["testListenerRule"] =
        json!(format!("{rule}0"));
    p.write("ecs-service-def.json", &serde_json::to_string_pretty(&def).unwrap());
    let r = p.run(&["verify"]);
    r.code(1)
        .stdout_has("[FAIL] blue/green role")
        .stdout_has("does not let ecs.amazonaws.com assume it")
        .stdout_has(&format!("[FAIL] testListenerRule {rule}0: does not exist"));
}

#[test]
fn checks_run_concurrently_and_a_refused_call_is_a_failure_with_its_reason() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    // A slow log group lookup: answered (and logged) after checks planned later, such as the
    // target group's, had their answers; one at a time they would come after it.
    bed.fault(json!({"action": "DescribeLogGroups", "kind": "slow", "delay_ms": 1500, "count": 1}));
    bed.clear_requests();
    p.run(&["verify"]).code(0);
    let log = bed.requests();
    let seq = |action: &str| log.iter().find(|r| r.action == action).map(|r| r.seq).unwrap();
    assert!(
        seq("DescribeTargetGroups") < seq("DescribeLogGroups"),
        "{:?}",
        log.iter().map(|r| &r.action).collect::<Vec<_>>()
    );

    bed.fault(
        json!({"action": "GetRole", "kind": "throttle", "status": 403, "code": "AccessDenied",
        "message": "not authorized to perform iam:GetRole", "count": 0}),
    );
    let r = p.run(&["verify"]);
    r.code(1)
        .stdout_has("[FAIL] execution role")
        .stdout_has("AccessDenied: not authorized to perform iam:GetRole");
}

#[test]
fn a_code_deploy_service_needs_its_deployment_group() {
    let bed = Bed::start();
    let p = Project::codedeploy(&bed, "");
    p.run(&["verify"]).code(0).stdout_has("[OK]   CodeDeploy group").stdout_has("acme-dev-app-dg");
    p.edit("config.yaml", "service: acme-dev-app-cd\n", "service: acme-dev-app-nogroup\n");
    p.run(&["verify"]).code(1).stdout_has("[FAIL] CodeDeploy deployment group");
}
