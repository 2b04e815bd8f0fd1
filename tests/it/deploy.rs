//! `shipper deploy` end to end: the example project against the bed.

use serde_json::json;

use crate::support::bed::{Bed, RequestLog};
use crate::support::project::Project;
use crate::support::shipper::run;
use crate::support::{block_on, service_of};

const POLL: [&str; 2] = ["--poll-interval", "100ms"];

/// The writes shipper sent to ECS, in order.
fn ecs_writes(bed: &Bed) -> Vec<String> {
    bed.requests().writes("ecs")
}

#[test]
fn first_deploy_creates_the_service_and_waits_for_steady_state() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    let r = run(ex.shipper("v1.1.0").arg("deploy").args(POLL));
    r.code(0)
        .stderr_has("service: will be created")
        .stderr_has("registered acme-dev-app:1")
        .stderr_has("created acme-dev-app with acme-dev-app:1: 2/2 tasks running");
    assert_eq!(ecs_writes(&bed), ["RegisterTaskDefinition", "CreateService"]);
    let service = block_on(service_of(&bed, "acme-dev-cluster", "acme-dev-app"));
    assert!(service.task_definition().unwrap().ends_with("task-definition/acme-dev-app:1"));
    assert_eq!((service.running_count(), service.desired_count()), (2, 2));
    // What was registered is exactly the rendered document (secrets as references, values from SSM).
    let register =
        bed.requests().into_iter().find(|r| r.action == "RegisterTaskDefinition").unwrap();
    let env = &register.body["containerDefinitions"][0]["environment"];
    assert!(
        env.as_array().unwrap().contains(&json!({"name": "LOG_LEVEL", "value": "debug"})),
        "{env}"
    );
    assert_eq!(
        register.body["containerDefinitions"][0]["secrets"][1],
        json!({"name": "DB_PASSWORD", "valueFrom": "/acme/dev/database/password"})
    );
}

#[test]
fn unchanged_definitions_register_nothing_and_update_nothing() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.clear_requests();
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0).stderr_has("nothing to deploy");
    assert_eq!(
        ecs_writes(&bed),
        Vec::<String>::new(),
        "no RegisterTaskDefinition, no UpdateService"
    );
    // --force registers anyway, and the service then moves to the new revision.
    bed.clear_requests();
    run(ex.shipper("v1.1.0").args(["deploy", "--force"]).args(POLL))
        .code(0)
        .stderr_has("registered acme-dev-app:2");
    assert_eq!(ecs_writes(&bed), ["RegisterTaskDefinition", "UpdateService"]);
}

#[test]
fn a_new_image_is_one_registration_and_one_update_service() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.clear_requests();
    let r = run(ex.shipper("v1.2.0").args(["deploy", "--tasks", "3"]).args(POLL));
    r.code(0).stderr_has("deployed acme-dev-app:2 to acme-dev-app: 3/3 tasks running");
    assert_eq!(ecs_writes(&bed), ["RegisterTaskDefinition", "UpdateService"]);
    let update = bed.requests().into_iter().find(|r| r.action == "UpdateService").unwrap();
    assert!(update.body["taskDefinition"].as_str().unwrap().ends_with(":2"));
    assert_eq!(update.body["desiredCount"], 3, "--tasks rides in the same UpdateService");
    assert!(
        update.body.get("loadBalancers").is_none(),
        "unchanged service members are not sent: {}",
        update.body
    );
}

#[test]
fn a_circuit_breaker_failure_exits_3_with_the_reasons_and_the_old_revision_back() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.plan(json!({"service": "acme-dev-app", "outcome": "fail", "steps": 3,
        "stopped_reason": "Essential container in task exited", "exit_code": 137}));
    let r = run(ex.shipper("v1.2.0").arg("deploy").args(POLL));
    r.code(3)
        .stderr_has("deployment of acme-dev-app:2 to acme-dev-app failed")
        .stderr_has("ECS rolled the service back")
        .stderr_has("the service runs acme-dev-app:1")
        .stderr_has("circuit breaker")
        .stderr_has("Essential container in task exited")
        .stderr_has("container app exited 137");
    assert!(!r.stderr.contains("deployed acme-dev-app:2"), "never reports success: {}", r.stderr);
    let service = block_on(service_of(&bed, "acme-dev-cluster", "acme-dev-app"));
    assert!(service.task_definition().unwrap().ends_with(":1"));
}

#[test]
fn a_failure_without_rollback_is_not_called_a_rollback() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    ex.edit("ecs-service-def.json", r#""rollback": true"#, r#""rollback": false"#);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.plan(json!({"service": "acme-dev-app", "outcome": "fail", "steps": 2}));
    let r = run(ex.shipper("v1.2.0").arg("deploy").args(POLL));
    r.code(3).stderr_has("not rolled back").stderr_has("shipper rollback");
    // The failed deployment stays, but it is not "in progress": a fix can be deployed over it.
    run(ex.shipper("v1.0.0").arg("deploy").args(POLL))
        .code(0)
        .stderr_has("deployed acme-dev-app:3");
}

#[test]
fn a_timeout_exits_4_and_says_how_to_resume() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.plan(json!({"service": "acme-dev-app", "outcome": "stuck"}));
    let r = run(ex.shipper("v1.2.0").args(["deploy", "--timeout", "1s"]).args(POLL));
    r.code(4)
        .stderr_has("gave up waiting for acme-dev-app")
        .stderr_has("still pending: PRIMARY acme-dev-app:2")
        .stderr_has("shipper wait --config config.yaml");
    // `shipper wait` picks the rollout up again (and times out again while it is stuck).
    run(ex.shipper("v1.2.0").args(["wait", "--timeout", "1s"]).args(POLL)).code(4);
}

#[test]
fn dry_run_sends_no_write() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    let r = run(ex.shipper("v1.1.0").args(["deploy", "--dry-run"]));
    r.code(0)
        .stdout_has("would register a new revision of task definition family acme-dev-app")
        .stdout_has("would create service acme-dev-app");
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.clear_requests();
    let r =
        run(ex.shipper("v1.2.0").args(["deploy", "--dry-run", "--output", "json", "--tasks", "4"]));
    let plan = r.code(0).json();
    assert_eq!(plan["task_definition"]["action"], "register");
    assert_eq!(plan["service_action"]["update_service"]["desiredCount"], 4);
    assert_eq!(ecs_writes(&bed), Vec::<String>::new());
    assert!(bed.requests().iter().all(|r| r.action.starts_with("Describe")
        || r.action.starts_with("List")
        || r.action == "GetParameters"));
}

#[test]
fn a_deployment_in_progress_is_not_raced() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.plan(json!({"service": "acme-dev-app", "steps": 6}));
    run(ex.shipper("v1.2.0").args(["deploy", "--no-wait"])).code(0).stderr_has("not waiting");
    bed.clear_requests();
    let r = run(ex.shipper("v1.0.0").arg("deploy").args(POLL));
    r.code(1).stderr_has("already has a deployment in progress").stderr_has("--wait-for-active");
    assert_eq!(ecs_writes(&bed), Vec::<String>::new());
    run(ex.shipper("v1.0.0").args(["deploy", "--wait-for-active"]).args(POLL))
        .code(0)
        .stderr_has("deployed acme-dev-app:3");
}

/// The commands the seed team runs today, in ecspresso's spelling.
#[test]
fn the_seed_teams_ecspresso_commands_work() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    run(ex.shipper("v1.2.0").arg("register")).code(0).stdout_has("task-definition/acme-dev-app:2");
    bed.clear_requests();
    run(ex
        .shipper("v1.2.0")
        .args(["deploy", "--latest-task-definition", "--update-service", "--force-new-deployment"])
        .args(POLL))
    .code(0)
    .stderr_has("deployed acme-dev-app:2");
    assert_eq!(bed.requests().count("ecs", "UpdateService"), 1);
    assert_eq!(bed.requests().count("ecs", "RegisterTaskDefinition"), 0);
    // `ecspresso rollback --config config.yaml --count 1`, run without IMAGE_TAG.
    let mut rollback = ex.shipper("unused");
    rollback.env_remove("IMAGE_TAG");
    run(rollback.args(["rollback", "--count", "1"]).args(POLL))
        .code(0)
        .stderr_has("rolled back acme-dev-app to acme-dev-app:1");
}

#[test]
fn image_flag_deploys_a_tag_without_editing_files() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    run(ex.shipper("v1.1.0").args(["deploy", "--image", "app=v1.2.0"]).args(POLL))
        .code(0)
        .stderr_has("deployed acme-dev-app:2");
    let register =
        bed.requests().into_iter().rev().find(|r| r.action == "RegisterTaskDefinition").unwrap();
    assert!(
        register.body["containerDefinitions"][0]["image"]
            .as_str()
            .unwrap()
            .ends_with("/acme-app:v1.2.0")
    );
    run(ex.shipper("v1.1.0").args(["deploy", "--image", "web=v1.2.0"]))
        .code(1)
        .stderr_has("no container `web`")
        .stderr_has("containers: app");
    run(ex.shipper("v1.1.0").args(["deploy", "--image", "app"]))
        .code(1)
        .stderr_has("expected CONTAINER=IMAGE");
}

#[test]
fn scale_and_refresh_are_deploys_of_the_running_revision() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.clear_requests();
    run(ex.shipper("v1.1.0").args(["scale", "--tasks", "4"]).args(POLL))
        .code(0)
        .stderr_has("4/4 tasks running");
    let update = bed.requests().into_iter().find(|r| r.action == "UpdateService").unwrap();
    assert_eq!(
        update.body,
        json!({"cluster": "acme-dev-cluster", "service": "acme-dev-app", "desiredCount": 4})
    );
    bed.clear_requests();
    run(ex.shipper("v1.1.0").arg("refresh").args(POLL))
        .code(0)
        .stderr_has("deployed acme-dev-app:1");
    let update = bed.requests().into_iter().find(|r| r.action == "UpdateService").unwrap();
    assert_eq!(update.body["forceNewDeployment"], true);
    assert_eq!(bed.requests().count("ecs", "RegisterTaskDefinition"), 0);
}

#[test]
fn throttled_status_reads_do_not_fail_the_deploy() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    // While following the rollout (the read before the update goes through), more throttling
    // than the SDK's own retries absorb: one status read fails, the next succeeds, the deploy
    // goes on.
    bed.fault(json!({"action": "DescribeServices", "kind": "throttle", "count": 8, "after": 1}));
    let r = run(ex.shipper("v1.2.0").arg("deploy").args(POLL));
    r.code(0)
        .stderr_has("status read failed (1/5), retrying")
        .stderr_has("deployed acme-dev-app:2");
    // Before any write, throttling that outlasts the retries stops the deploy with a clear error.
    bed.fault(json!({"action": "DescribeServices", "kind": "throttle", "count": 8}));
    bed.clear_requests();
    run(ex.shipper("v1.0.0").arg("deploy").args(POLL))
        .code(1)
        .stderr_has("ThrottlingException: Rate exceeded")
        .stderr_has("hint: AWS is throttling");
    assert_eq!(ecs_writes(&bed), Vec::<String>::new());
}

#[test]
fn ctrl_c_exits_130_and_leaves_the_deployment_alone() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.plan(json!({"service": "acme-dev-app", "outcome": "stuck"}));
    let child = ex
        .shipper("v1.2.0")
        .arg("deploy")
        .args(POLL)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until it is following the rollout, then interrupt it as a terminal would.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while bed.requests().count("ecs", "UpdateService") == 0 && std::time::Instant::now() < deadline
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted") && stderr.contains("shipper wait --config config.yaml"),
        "{stderr}"
    );
    let writes_after =
        bed.requests().actions("ecs").into_iter().filter(|a| a == "StopServiceDeployment").count();
    assert_eq!(writes_after, 0, "the deployment is left alone");
}

/// Without the service deployment API (here: no permission for it), shipper follows the
/// service's own deployments and still tells a rollback from a success.
#[test]
fn without_the_service_deployment_api_the_service_deployments_are_followed() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    let denied = json!({"action": "ListServiceDeployments", "kind": "throttle", "code": "AccessDeniedException",
        "message": "not authorized to perform: ecs:ListServiceDeployments", "status": 400, "count": 0});
    let mut described = denied.clone();
    described["action"] = json!("DescribeServiceDeployments");
    bed.fault(json!([denied.clone(), described]));
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL))
        .code(0)
        .stderr_has("created acme-dev-app with acme-dev-app:1");
    bed.plan(json!({"service": "acme-dev-app", "outcome": "fail", "steps": 2}));
    run(ex.shipper("v1.2.0").arg("deploy").args(POLL))
        .code(3)
        .stderr_has("ECS rolled the service back")
        .stderr_has("the service runs acme-dev-app:1");
    assert!(
        bed.requests()
            .iter()
            .filter(|r| r.action == "DescribeServiceDeployments")
            .all(|r| r.status == 400),
        "every ask was denied: the service's own deployments were followed"
    );
}

/// `-v` shows each AWS call with its duration and outcome, and the decisions taken; `-vv` adds
/// the SDK's own log.
#[test]
fn verbose_shows_aws_calls_and_decisions() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    let r = run(ex.shipper("v1.1.0").args(["deploy", "-v"]).args(POLL));
    r.code(0)
        .stderr_has("aws: ecs:RegisterTaskDefinition ok in ")
        .stderr_has("aws: ecs:CreateService ok in ")
        .stderr_has("aws: ssm:GetParameters ok in ")
        .stderr_has("decision: register a new revision: the service runs no task definition of this family yet")
        .stderr_has("decision: following service deployment arn:aws:ecs:");
    assert!(
        !r.stderr.contains("aws_smithy_runtime"),
        "-v keeps the SDK's internals out:\n{}",
        r.stderr
    );

    // The same file again: no new revision, and why; a throttled read retried, with its attempts.
    bed.fault(json!({"action": "DescribeTaskDefinition", "kind": "throttle", "count": 1}));
    let r = run(ex.shipper("v1.1.0").args(["deploy", "-v", "--force-new-deployment"]).args(POLL));
    r.code(0)
        .stderr_has("decision: no new revision: the rendered task definition equals acme-dev-app:1")
        .stderr_has("aws: ecs:DescribeTaskDefinition ok in ")
        .stderr_has(" after 2 attempts");
    bed.fault(json!({"action": "DescribeServices", "kind": "5xx", "count": 0}));
    let r = run(ex.shipper("v1.1.0").args(["status", "-v"]).env("AWS_MAX_ATTEMPTS", "2"));
    r.code(1)
        .stderr_has("aws: ecs:DescribeServices failed in ")
        .stderr_has("after 2 attempts: HTTP 503");

    let r = run(ex.shipper("v1.1.0").args(["render", "taskdef", "-vv"]));
    r.code(0).stderr_has("aws_smithy_runtime");
}
