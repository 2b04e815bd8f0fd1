//! CodeDeploy blue/green deploys end to end through the binary: the AppSpec, the deployment
//! group found from the service, gates at the ready and termination waits, StopDeployment with
//! rollback, failed deployments, refusals before any write, and `rollback` / `appspec`.

use serde_json::{Value, json};

use crate::support::bed::{Bed, Request, RequestLog};
use crate::support::codedeploy;
use crate::support::project::{Project, no_crash};
use crate::support::shipper::{finish, run, signal, spawn, wait_for_request};
use crate::support::{block_on, service_of};

const POLL: [&str; 2] = ["--poll-interval", "100ms"];

fn running(bed: &Bed) -> String {
    let service = block_on(service_of(bed, "acme-dev-cluster", "acme-dev-app-cd"));
    service.task_definition().unwrap().rsplit('/').next().unwrap().to_string()
}

/// The project with the CodeDeploy service created (v1.1.0: revision 1; CreateService deploys
/// it, no CodeDeploy deployment), then `config` added (gates, `codedeploy:`, `appspec:`), and
/// the request log cleared.
fn deployed(bed: &Bed, config: &str) -> Project {
    let p = Project::codedeploy(bed, "");
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    assert_eq!(bed.requests().count("codedeploy", "CreateDeployment"), 0);
    let text = p.read("config.yaml");
    p.write("config.yaml", &format!("{text}\n{config}"));
    bed.clear_requests();
    p
}

/// The writes among `requests` (anything that is not a read).
fn writes(requests: &[Request]) -> Vec<String> {
    let reads = ["Describe", "List", "Get", "BatchGet"];
    requests
        .iter()
        .filter(|r| !reads.iter().any(|p| r.action.starts_with(p)))
        .map(|r| format!("{}:{}", r.service, r.action))
        .collect()
}

fn continues(bed: &Bed) -> Vec<String> {
    bed.requests()
        .iter()
        .filter(|r| r.action == "ContinueDeployment")
        .map(|r| r.body["deploymentWaitType"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The AppSpec shipper sent with its (only) CreateDeployment.
fn sent_appspec(bed: &Bed) -> Value {
    let requests = bed.requests();
    let create: Vec<&Request> =
        requests.iter().filter(|r| r.action == "CreateDeployment").collect();
    assert_eq!(create.len(), 1, "exactly one CreateDeployment");
    let content = create[0].body["revision"]["appSpecContent"]["content"].as_str().unwrap();
    serde_yaml::from_str(content).unwrap_or_else(|e| panic!("not YAML ({e}):\n{content}"))
}

fn gate(yaml: &str) -> String {
    format!("      - {}\n", yaml.trim().replace('\n', "\n        "))
}

fn probe(bed: &Bed, phase: &str) -> String {
    gate(&format!(
        "name: probe-{phase}\ntype: http\nphase: {phase}\nurl: {}\ninterval: 100ms\npasses: 2\njson: {{path: status, equals: ok}}",
        bed.probe_url("/api/health")
    ))
}

/// Config naming a deployment group and carrying gates.
fn with_group(group: &str, gates: &[String]) -> String {
    let mut config = format!(
        "codedeploy:\n  application_name: acme-dev-app\n  deployment_group_name: {group}\n"
    );
    if !gates.is_empty() {
        config.push_str(&format!("shipper:\n  gates:\n    checks:\n{}", gates.concat()));
    }
    config
}

#[test]
fn a_deploy_creates_one_codedeploy_deployment_found_from_the_service() {
    let bed = Bed::start();
    let p = deployed(&bed, "appspec:\n  Hooks:\n    - BeforeInstall: acme-dev-before-install\n");
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    no_crash(&r);
    r.code(0)
        .stderr_has("registered acme-dev-app:2")
        .stderr_has("created CodeDeploy deployment d-")
        .stderr_has("in acme-dev-app/acme-dev-app-dg")
        .stderr_has("lifecycle event AllowTraffic: Succeeded")
        .stderr_has("traffic: production 100% → green")
        .stderr_has("deployed acme-dev-app:2 to acme-dev-app-cd");
    assert_eq!(running(&bed), "acme-dev-app:2");
    let requests = bed.requests();
    // Found by scanning: the group's ecsServices name the service.
    assert_eq!(requests.count("codedeploy", "ListApplications"), 1);
    assert_eq!(requests.count("codedeploy", "BatchGetDeploymentGroups"), 1);
    assert_eq!(requests.count("ecs", "UpdateService"), 0, "{:?}", writes(&requests));
    assert_eq!(writes(&requests), ["ecs:RegisterTaskDefinition", "codedeploy:CreateDeployment"]);
    let spec = sent_appspec(&bed);
    let props = &spec["Resources"][0]["TargetService"]["Properties"];
    assert!(props["TaskDefinition"].as_str().unwrap().ends_with(":task-definition/acme-dev-app:2"));
    assert_eq!(props["LoadBalancerInfo"], json!({"ContainerName": "app", "ContainerPort": 3000}));
    assert_eq!(
        props["CapacityProviderStrategy"],
        json!([{"CapacityProvider": "acme-dev-cp", "Base": 0, "Weight": 1}])
    );
    assert_eq!(spec["Hooks"], json!([{"BeforeInstall": "acme-dev-before-install"}]));
    let body = bed.requests().into_iter().find(|r| r.action == "CreateDeployment").unwrap().body;
    assert_eq!(body["applicationName"], "acme-dev-app");
    assert_eq!(body["deploymentGroupName"], "acme-dev-app-dg");

    // Nothing changed: no deployment at all.
    bed.clear_requests();
    run(p.shipper("v1.2.0").arg("deploy").args(POLL)).code(0).stderr_has("nothing to deploy");
    assert!(writes(&bed.requests()).is_empty(), "{:?}", writes(&bed.requests()));
}

#[test]
fn test_gates_pass_at_the_ready_wait_and_production_gates_end_the_termination_wait() {
    let bed = Bed::start();
    let p = deployed(&bed, &with_group("gated", &[probe(&bed, "test"), probe(&bed, "production")]));
    block_on(codedeploy::group(&bed, &p, "gated", true, 60));
    bed.clear_requests();
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    no_crash(&r);
    r.code(0)
        .stderr_has(": Ready")
        .stderr_has("at the ready wait: test gates: probe-test")
        .stderr_has("gate probe-test (HTTP GET")
        .stderr_has("test gates passed\n")
        .stderr_has("continuing the deployment (READY_WAIT)")
        .stderr_has("production gates: probe-production")
        .stderr_has("ending the termination wait (TERMINATION_WAIT)")
        .stderr_has(": Succeeded")
        .stderr_has("deployed acme-dev-app:2 to acme-dev-app-cd");
    assert_eq!(continues(&bed), ["READY_WAIT", "TERMINATION_WAIT"]);
    assert!(bed.probe_requests().len() >= 4, "both gates asked the probe");
    assert_eq!(running(&bed), "acme-dev-app:2");
    let requests = bed.requests();
    // Both names given: no scan.
    assert_eq!(requests.count("codedeploy", "ListApplications"), 0);
    assert_eq!(requests.count("codedeploy", "ListDeploymentGroups"), 0);
    assert_eq!(requests.count("codedeploy", "CreateDeployment"), 1);
}

#[test]
fn a_failing_test_gate_stops_the_deployment_with_rollback() {
    let bed = Bed::start();
    let p = deployed(&bed, &with_group("gated", &[probe(&bed, "test")]));
    block_on(codedeploy::group(&bed, &p, "gated", true, 60));
    bed.probe(json!({"path": "/api/health", "status": 503, "body": "{\"status\":\"starting\"}"}));
    bed.clear_requests();
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    no_crash(&r);
    r.code(3)
        .stderr_has("gate `probe-test` failed: stopping CodeDeploy deployment d-")
        .stderr_has("gate `probe-test` failed while acme-dev-app:2 was deployed to acme-dev-app-cd; CodeDeploy rolled it back: the service runs acme-dev-app:1")
        .stderr_has("evidence: GET http");
    assert!(!r.stderr.contains("deployed acme-dev-app:2"), "{}", r.stderr);
    let requests = bed.requests();
    let stops: Vec<&Request> = requests.iter().filter(|r| r.action == "StopDeployment").collect();
    assert_eq!(stops.len(), 1);
    assert_eq!(stops[0].body["autoRollbackEnabled"], true);
    assert!(continues(&bed).is_empty());
    assert_eq!(running(&bed), "acme-dev-app:1");
}

#[test]
fn test_gates_need_the_ready_wait_and_are_refused_before_any_write() {
    let bed = Bed::start();
    // The seed's group continues at the ready wait: nothing would stop for the test gates.
    let p = deployed(&bed, &with_group("acme-dev-app-dg", &[probe(&bed, "test")]));
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    r.code(1).stderr_has("does not stop at the ready wait").stderr_has("STOP_DEPLOYMENT");
    assert!(writes(&bed.requests()).is_empty(), "{:?}", writes(&bed.requests()));
}

#[test]
fn a_failed_deployment_exits_3_with_codedeploys_error() {
    let bed = Bed::start();
    let p = deployed(&bed, "");
    bed.plan(json!({"kind": "codedeploy", "outcome": "fail", "steps": 2}));
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    no_crash(&r);
    r.code(3)
        .stderr_has("of acme-dev-app:2 to acme-dev-app-cd failed; the service runs acme-dev-app:1")
        .stderr_has("ECS_UPDATE_ERROR")
        .stderr_has("lifecycle event failed");
    assert_eq!(running(&bed), "acme-dev-app:1");
}

#[test]
fn a_second_deploy_while_one_is_in_flight_is_refused_before_any_write() {
    let bed = Bed::start();
    let p = deployed(&bed, "");
    run(p.shipper("v1.2.0").args(["deploy", "--no-wait"])).code(0);
    bed.clear_requests();
    let r = run(p.shipper("v1.0.0").arg("deploy").args(POLL));
    no_crash(&r);
    r.code(1).stderr_has("already has a CodeDeploy deployment in flight (d-");
    let requests = bed.requests();
    assert!(writes(&requests).is_empty(), "{:?}", writes(&requests));
    assert_eq!(requests.count("codedeploy", "ListDeployments"), 1);
}

#[test]
fn dry_run_writes_nothing() {
    let bed = Bed::start();
    let p = deployed(&bed, "");
    let r = run(p.shipper("v1.2.0").args(["deploy", "--dry-run"]));
    no_crash(&r);
    r.code(0)
        .stdout_has("would create a CodeDeploy deployment of the new revision of acme-dev-app")
        .stdout_has(
            "would deploy through CodeDeploy deployment group acme-dev-app/acme-dev-app-dg",
        );
    assert!(writes(&bed.requests()).is_empty(), "{:?}", writes(&bed.requests()));
}

#[test]
fn appspec_prints_what_a_deploy_would_send() {
    let bed = Bed::start();
    let p = deployed(&bed, "appspec:\n  Hooks:\n    - AfterAllowTestTraffic: acme-dev-smoke\n");
    let r = p.run(&["appspec"]);
    no_crash(&r);
    r.code(0)
        .stdout_has("version: 0.0")
        .stdout_has("Type: AWS::ECS::Service")
        .stdout_has("task-definition/acme-dev-app:1")
        .stdout_has("ContainerName: app")
        .stdout_has("AfterAllowTestTraffic: acme-dev-smoke");
    let r = p.run(&["appspec", "--format", "json", "--task-definition", "acme-dev-app:7"]);
    r.code(0);
    let spec = r.json();
    let props = &spec["Resources"][0]["TargetService"]["Properties"];
    assert_eq!(props["TaskDefinition"], "acme-dev-app:7");
    assert_eq!(props["LoadBalancerInfo"]["ContainerPort"], 3000);
    assert!(writes(&bed.requests()).is_empty());
}

#[test]
fn rollback_stops_the_deployment_in_flight() {
    let bed = Bed::start();
    let p = deployed(&bed, "");
    run(p.shipper("v1.2.0").args(["deploy", "--no-wait"])).code(0);
    bed.clear_requests();
    let r = p.run(&["rollback", "--poll-interval", "100ms"]);
    no_crash(&r);
    r.code(0).stderr_has("stopping CodeDeploy deployment d-").stderr_has("rolled back");
    let requests = bed.requests();
    assert_eq!(writes(&requests), ["codedeploy:StopDeployment"]);
    let stop = requests.iter().find(|r| r.action == "StopDeployment").unwrap();
    assert_eq!(stop.body["autoRollbackEnabled"], true);
    assert_eq!(running(&bed), "acme-dev-app:1");
}

#[test]
fn rollback_after_a_deploy_is_a_new_codedeploy_deployment_of_the_previous_revision() {
    let bed = Bed::start();
    let p = deployed(&bed, "");
    run(p.shipper("v1.2.0").arg("deploy").args(POLL)).code(0);
    assert_eq!(running(&bed), "acme-dev-app:2");
    // The seed's group holds blue for its termination wait: end it so the group is free.
    block_on(end_termination_wait(&bed));
    bed.clear_requests();
    let r = p.run(&["rollback", "--poll-interval", "100ms"]);
    no_crash(&r);
    r.code(0).stderr_has("rolled back acme-dev-app-cd to acme-dev-app:1");
    let spec = sent_appspec(&bed);
    let td =
        spec["Resources"][0]["TargetService"]["Properties"]["TaskDefinition"].as_str().unwrap();
    assert!(td.ends_with("acme-dev-app:1"), "{td}");
    assert_eq!(running(&bed), "acme-dev-app:1");
}

/// Ends the termination wait of the seed group's deployment in flight.
async fn end_termination_wait(bed: &Bed) {
    let client = aws_sdk_codedeploy::Client::new(&bed.sdk_config().await);
    let out = client
        .list_deployments()
        .application_name("acme-dev-app")
        .deployment_group_name("acme-dev-app-dg")
        .include_only_statuses(aws_sdk_codedeploy::types::DeploymentStatus::InProgress)
        .send()
        .await
        .unwrap();
    for id in out.deployments() {
        client
            .continue_deployment()
            .deployment_id(id)
            .deployment_wait_type(aws_sdk_codedeploy::types::DeploymentWaitType::TerminationWait)
            .send()
            .await
            .unwrap();
    }
}

#[test]
fn a_failing_production_gate_during_the_termination_wait_returns_traffic_to_blue() {
    let bed = Bed::start();
    let failing = gate(
        "name: command\ntype: command\nphase: production\nrun: echo \"5xx rate 12%\"; exit 1\ninterval: 100ms",
    );
    let p = deployed(&bed, &with_group("gated", &[failing]));
    block_on(codedeploy::group(&bed, &p, "gated", false, 60));
    bed.clear_requests();
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    no_crash(&r);
    r.code(3)
        .stderr_has("traffic: production 100% → green")
        .stderr_has("production gates: command")
        .stderr_has("gate `command` failed while acme-dev-app:2 was deployed to acme-dev-app-cd; CodeDeploy rolled it back: the service runs acme-dev-app:1")
        .stderr_has("evidence: ")
        .stderr_has("5xx rate 12%");
    assert_eq!(bed.requests().count("codedeploy", "StopDeployment"), 1);
    assert!(continues(&bed).is_empty(), "the termination wait was not ended");
    assert_eq!(running(&bed), "acme-dev-app:1");
}

#[test]
fn production_gates_need_the_termination_wait() {
    let bed = Bed::start();
    let p = deployed(&bed, &with_group("no-wait", &[probe(&bed, "production")]));
    block_on(codedeploy::group(&bed, &p, "no-wait", false, 0));
    bed.clear_requests();
    run(p.shipper("v1.2.0").arg("deploy").args(POLL))
        .code(1)
        .stderr_has("terminationWaitTimeInMinutes is 0");
    assert!(writes(&bed.requests()).is_empty(), "{:?}", writes(&bed.requests()));
}

#[test]
fn steps_gates_are_refused_for_codedeploy() {
    let bed = Bed::start();
    let steps = gate("name: steps\ntype: alarms\nphase: steps\nprefix: acme-dev-");
    let p = deployed(&bed, &with_group("acme-dev-app-dg", &[steps]));
    run(p.shipper("v1.2.0").arg("deploy").args(POLL)).code(1).stderr_has(
        "gate `steps` runs at the steps phase, which a CODE_DEPLOY deployment does not have",
    );
    assert!(writes(&bed.requests()).is_empty(), "{:?}", writes(&bed.requests()));
}

#[test]
fn wait_until_is_refused_for_codedeploy() {
    let bed = Bed::start();
    let p = deployed(&bed, "");
    run(p.shipper("v1.2.0").args(["deploy", "--wait-until", "POST_TEST_TRAFFIC_SHIFT"]))
        .code(1)
        .stderr_has("--wait-until names ECS lifecycle stages");
    assert!(writes(&bed.requests()).is_empty(), "{:?}", writes(&bed.requests()));
}

#[test]
fn status_shows_and_wait_follows_the_deployment_in_flight() {
    let bed = Bed::start();
    let p = deployed(&bed, "");
    run(p.shipper("v1.2.0").args(["deploy", "--no-wait"])).code(0);
    let r = p.run(&["status"]);
    no_crash(&r);
    r.code(0)
        .stdout_has("codedeploy (acme-dev-app/acme-dev-app-dg): deployment d-")
        .stdout_has(" in flight: ");
    let r = p.run(&["--output", "json", "status"]);
    let status = r.json();
    assert!(status["codedeploy"]["in_flight"]["id"].as_str().unwrap().starts_with("d-"));
    let r = p.run(&["wait", "--poll-interval", "100ms"]);
    no_crash(&r);
    r.code(0)
        .stderr_has("following CodeDeploy deployment d-")
        .stderr_has("service acme-dev-app-cd runs acme-dev-app:2");
    assert_eq!(running(&bed), "acme-dev-app:2");
}

/// The gate checks the replacement's (green's) target group, named by the deployment target.
/// (The bed registers no replacement tasks in it before the shift: the gate cannot tell yet,
/// so it fails at the timeout, as nothing unverified may go on; on AWS green's tasks are its
/// targets.)
#[test]
fn a_target_health_gate_checks_greens_target_group_at_the_ready_wait() {
    let bed = Bed::start();
    let health = gate("name: green-targets\ntype: target_health\nphase: test\ninterval: 100ms");
    let p = deployed(&bed, &with_group("gated", &[health]));
    block_on(codedeploy::group(&bed, &p, "gated", true, 0));
    bed.clear_requests();
    let r = run(p.shipper("v1.2.0").args(["--timeout", "3s", "deploy"]).args(POLL));
    no_crash(&r);
    r.code(3)
        .stderr_has("gate `green-targets` failed while acme-dev-app:2 was deployed")
        .stderr_has("evidence: did not pass before the timeout; last: acme-dev-green: 0/0 healthy");
    let requests = bed.requests();
    let health: Vec<&Request> =
        requests.iter().filter(|r| r.action == "DescribeTargetHealth").collect();
    assert!(!health.is_empty());
    let green = p.seed_str("/target_groups/green");
    assert!(health.iter().all(|r| r.body["TargetGroupArn"] == green.as_str()), "{health:?}");
    assert_eq!(running(&bed), "acme-dev-app:1");
}

#[test]
fn sigint_while_create_deployment_is_in_flight_says_a_deployment_may_have_started() {
    let bed = Bed::start();
    let p = deployed(&bed, "");
    bed.fault(json!({"action": "CreateDeployment", "kind": "slow", "delay_ms": 1500}));
    let child = spawn(p.shipper("v1.2.0").arg("deploy").args(POLL));
    wait_for_request(&bed, "RegisterTaskDefinition");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(bed.requests().count("codedeploy", "CreateDeployment"), 0, "still in flight");
    signal(&child, "INT");
    let r = finish(child);
    no_crash(&r);
    r.code(130)
        .stderr_has("interrupted (SIGINT)")
        .stderr_has("CreateDeployment in acme-dev-app/acme-dev-app-dg was in flight: a CodeDeploy deployment of acme-dev-app:2 to acme-dev-app-cd may have started (`shipper status` shows it)");
    // The deployment may use it: the revision is not called unused.
    assert!(!r.stderr.contains("is unused"), "{}", r.stderr);
}

#[test]
fn sigint_after_create_deployment_names_the_deployment_that_goes_on() {
    let bed = Bed::start();
    let p = deployed(&bed, &with_group("gated", &[]));
    // The group stops at the ready wait: without test gates the deployment waits for a person.
    block_on(codedeploy::group(&bed, &p, "gated", true, 60));
    let child = spawn(p.shipper("v1.2.0").arg("deploy").args(POLL));
    wait_for_request(&bed, "CreateDeployment");
    std::thread::sleep(std::time::Duration::from_millis(300));
    signal(&child, "INT");
    let r = finish(child);
    no_crash(&r);
    r.code(130)
        .stderr_has("interrupted (SIGINT)")
        .stderr_has(" of acme-dev-app:2 to acme-dev-app-cd was created and is running")
        .stderr_has("goes on without shipper: `shipper rollback --config config.yaml` stops it");
    let line = r.stderr.lines().find(|l| l.contains("was created and is running")).unwrap();
    assert!(line.trim_start().starts_with("CodeDeploy deployment d-"), "{line}");
}

#[test]
fn a_lost_create_deployment_answer_finds_the_deployment_it_created_and_never_sends_a_twin() {
    let bed = Bed::start();
    let p = deployed(&bed, "");
    // CodeDeploy creates the deployment; its answer never arrives.
    bed.fault(json!({"action": "CreateDeployment", "kind": "lost"}));
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    no_crash(&r);
    r.code(0)
        .stderr_has("created CodeDeploy deployment d-")
        .stderr_has("deployed acme-dev-app:2 to acme-dev-app-cd");
    assert_eq!(bed.requests().count("codedeploy", "CreateDeployment"), 1, "no twin");
    assert_eq!(running(&bed), "acme-dev-app:2");
}

/// ecspresso's README example of a CodeDeploy service is `{"deploymentController": {"type":
/// "CODE_DEPLOY"}, …}` with no load balancer: `render` renders it as ecspresso does, and
/// `deploy`, which needs the load balancer for the AppSpec, says so before any write.
#[test]
fn render_renders_a_codedeploy_service_without_a_load_balancer_and_deploy_says_it_needs_one() {
    let bed = Bed::start();
    let p = Project::codedeploy(&bed, "");
    let mut def: Value = serde_json::from_str(&p.read("ecs-service-def.json")).unwrap();
    def.as_object_mut().unwrap().remove("loadBalancers");
    p.write("ecs-service-def.json", &serde_json::to_string_pretty(&def).unwrap());

    let r = p.run(&["render", "servicedef"]);
    no_crash(&r);
    r.code(0);
    let rendered = r.json();
    assert_eq!(rendered["deploymentController"]["type"], "CODE_DEPLOY");
    assert!(rendered.get("loadBalancers").is_none(), "{rendered}");

    bed.clear_requests();
    let r = run(p.shipper("v1.2.0").args(["deploy", "--dry-run"]));
    no_crash(&r);
    r.code(1)
        .stderr_has("ecs-service-def.json: a CodeDeploy deployment needs loadBalancers[0] with containerName and containerPort")
        .stderr_has("render and diff work without it");
    assert!(writes(&bed.requests()).is_empty(), "{:?}", writes(&bed.requests()));
}
