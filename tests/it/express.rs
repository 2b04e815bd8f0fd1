//! Express Mode services end to end: `examples/express/` against the bed.

use serde_json::json;

use crate::support::bed::{Bed, RequestLog};
use crate::support::project::{Project, no_crash};
use crate::support::shipper::run;

const POLL: [&str; 2] = ["--poll-interval", "100ms"];
const SERVICE: &str = "acme-dev-web";

fn deployed(bed: &Bed) -> Project {
    let p = Project::from_example(bed, "express");
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    p
}

#[test]
fn the_first_deploy_creates_it_and_an_unchanged_service_has_no_diff_at_all() {
    let bed = Bed::start();
    let p = Project::from_example(&bed, "express");
    let r = run(p.shipper("v1.1.0").arg("deploy").args(POLL));
    r.code(0)
        .stderr_has("Express service: will be created")
        .stderr_has("deployed acme-dev-web:1 to Express service acme-dev-web: 2/2 tasks running")
        .stderr_has(".ecs.ap-northeast-1.on.aws");
    assert_eq!(bed.requests().writes("ecs"), ["CreateExpressGatewayService"]);
    let create =
        bed.requests().into_iter().find(|r| r.action == "CreateExpressGatewayService").unwrap();
    assert_eq!(create.body["serviceName"], SERVICE);
    assert_eq!(create.body["cluster"], "acme-dev-cluster");
    assert_eq!(
        create.body["primaryContainer"]["environment"][1],
        json!({"name": "LOG_LEVEL", "value": "debug"})
    );

    bed.clear_requests();
    let diff = run(p.shipper("v1.1.0").args(["diff", "--exit-code"]));
    diff.code(0);
    assert_eq!(diff.stdout, "", "zero lines for an unchanged Express service");
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0).stderr_has("nothing to deploy");
    assert!(bed.requests().writes("ecs").is_empty(), "{:?}", bed.requests().writes("ecs"));
}

#[test]
fn a_new_image_is_one_update_followed_through_the_canary_to_its_end() {
    let bed = Bed::start();
    let p = deployed(&bed);
    let diff = run(p.shipper("v1.2.0").args(["diff", "--exit-code"]));
    diff.code(2).stdout_has(
        "-    \"image\": \"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/acme-app:v1.1.0\"",
    );
    assert_eq!(
        diff.stdout
            .lines()
            .filter(|l| l.starts_with(['+', '-']) && !l.starts_with("+++") && !l.starts_with("---"))
            .count(),
        2
    );
    bed.clear_requests();
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    r.code(0)
        .stderr_has("Express service: new deployment: primaryContainer")
        .stderr_has("stage PRODUCTION_TRAFFIC_SHIFT")
        .stderr_has("deployed acme-dev-web:2 to Express service acme-dev-web");
    assert_eq!(bed.requests().writes("ecs"), ["UpdateExpressGatewayService"], "one write");
    let update =
        bed.requests().into_iter().find(|r| r.action == "UpdateExpressGatewayService").unwrap();
    assert!(
        update.body["serviceArn"]
            .as_str()
            .unwrap()
            .ends_with(":service/acme-dev-cluster/acme-dev-web")
    );
    assert!(update.body["primaryContainer"]["image"].as_str().unwrap().ends_with(":v1.2.0"));
    assert_eq!(
        update.body["primaryContainer"]["command"],
        json!([]),
        "lists the file leaves out are cleared"
    );
    assert!(
        update.body.get("infrastructureRoleArn").is_none() && update.body.get("tags").is_none()
    );
    run(p.shipper("v1.2.0").args(["diff", "--exit-code"])).code(0);
}

#[test]
fn a_failing_deployment_is_rolled_back_by_ecs_and_exits_3() {
    let bed = Bed::start();
    let p = deployed(&bed);
    bed.plan(json!({"service": SERVICE, "outcome": "fail", "fail_at": 3, "exit_code": 2}));
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    r.code(3)
        .stderr_has("deployment of acme-dev-web:2 to acme-dev-web failed")
        .stderr_has("the service runs acme-dev-web:1")
        .stderr_has("container Main exited 2");
    assert!(!r.stderr.contains("deployed acme-dev-web:2"), "{}", r.stderr);
    // What runs is the earlier configuration again: the failed image shows as a difference.
    run(p.shipper("v1.2.0").args(["diff", "--exit-code"])).code(2);
    run(p.shipper("v1.1.0").args(["diff", "--exit-code"])).code(0);
}

#[test]
fn status_shows_the_endpoint_the_configuration_and_what_ecs_made() {
    let bed = Bed::start();
    let p = deployed(&bed);
    let r = run(p.shipper("v1.1.0").arg("status"));
    r.code(0)
        .stdout_has("Express service acme-dev-web (cluster acme-dev-cluster): ACTIVE")
        .stdout_has("endpoint https://acme-dev-web-")
        .stdout_has("port 3000, cpu 512, memory 1024, health check /api/health, 2–6 tasks (REQUEST_COUNT_PER_TARGET 200)")
        .stdout_has("load balancer    arn:aws:elasticloadbalancing:")
        .stdout_has("target group")
        .stdout_has("log group        arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/acme/app (ACTIVE)")
        .stdout_has("strategy CANARY");
    let doc = run(p.shipper("v1.1.0").args(["--output", "json", "status"])).code(0).json();
    assert_eq!(doc["express"]["status"], "ACTIVE");
    assert_eq!(doc["express"]["ingress_paths"][0]["accessType"], "PUBLIC");
    assert!(
        doc["express"]["managed_resources"]["autoScaling"]["scalableTarget"]["arn"].is_string()
    );
    assert_eq!(doc["running"], 2);
}

#[test]
fn rollback_stops_a_deployment_in_flight_and_refuses_without_one() {
    let bed = Bed::start();
    let p = deployed(&bed);
    run(p.shipper("v1.1.0").arg("rollback"))
        .code(1)
        .stderr_has("Express service acme-dev-web has no deployment in progress");
    run(p.shipper("v1.1.0").args(["rollback", "--count", "1"]))
        .code(1)
        .stderr_has("do not apply to an Express service");
    bed.plan(json!({"service": SERVICE, "steps": 50}));
    run(p.shipper("v1.2.0").args(["deploy", "--no-wait"])).code(0);
    bed.clear_requests();
    let r = run(p.shipper("v1.2.0").arg("rollback").args(POLL));
    r.code(0)
        .stderr_has("stopping the deployment in progress with rollback")
        .stderr_has("rolled back acme-dev-web to acme-dev-web:1");
    assert_eq!(bed.requests().writes("ecs"), ["StopServiceDeployment"]);
    run(p.shipper("v1.1.0").args(["diff", "--exit-code"])).code(0);
}

#[test]
fn init_express_writes_what_runs_so_diff_exits_0() {
    let bed = Bed::start();
    let p = deployed(&bed);
    let fresh = p.sibling();
    bed.clear_requests();
    let r = run(&mut fresh.bare(&[
        "init",
        "--express",
        "--service",
        SERVICE,
        "--cluster",
        "acme-dev-cluster",
    ]));
    r.code(0)
        .stderr_has("wrote shipper.yml, ecs-express-def.json from Express service acme-dev-web");
    let config = fresh.read("shipper.yml");
    assert!(
        config.contains("express_definition: ecs-express-def.json")
            && !config.contains("task_definition"),
        "{config}"
    );
    let def: serde_json::Value = serde_json::from_str(&fresh.read("ecs-express-def.json")).unwrap();
    assert!(
        def.get("cluster").is_none()
            && def.get("serviceName").is_none()
            && def.get("taskDefinitionArn").is_none()
    );
    assert_eq!(def["primaryContainer"]["containerPort"], 3000);
    let diff = run(&mut fresh.bare(&["diff", "--exit-code"]));
    assert_eq!(diff.code, 0, "{}{}", diff.stdout, diff.stderr);
    assert!(bed.requests().writes("ecs").is_empty(), "init and diff only read");
    // Plain `init` of an Express service writes its task and service definitions, with a
    // warning that points to --express; `init --express` refuses a service ECS does not manage.
    run(&mut p.sibling().bare(&["init", "--service", SERVICE, "--cluster", "acme-dev-cluster"]))
        .code(0)
        .stderr_has(
            "is an Express service: `shipper init --express` writes its Express definition",
        );
    let plain = p.sibling_with("ecspresso");
    run(plain.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    run(&mut plain.sibling().bare(&[
        "init",
        "--express",
        "--service",
        "acme-dev-app",
        "--cluster",
        "acme-dev-cluster",
    ]))
    .code(1)
    .stderr_has("service acme-dev-app is not an Express service");
}

#[test]
fn delete_asks_for_the_name_and_removes_it_and_what_ecs_made() {
    let bed = Bed::start();
    let p = deployed(&bed);
    bed.clear_requests();
    run(p.shipper("v1.1.0").args(["delete", "--dry-run"]))
        .code(0)
        .stderr_has("would delete Express service acme-dev-web");
    let mut cmd = p.shipper("v1.1.0");
    cmd.arg("delete").stdin(std::process::Stdio::null());
    run(&mut cmd).code(1).stderr_has("not confirmed");
    assert!(bed.requests().writes("ecs").is_empty());
    run(p.shipper("v1.1.0").args(["delete", "--force"]))
        .code(0)
        .stderr_has("deleted Express service acme-dev-web");
    assert_eq!(bed.requests().writes("ecs"), ["DeleteExpressGatewayService"]);
    run(p.shipper("v1.1.0").arg("status"))
        .code(1)
        .stderr_has("service acme-dev-web does not exist");
}

#[test]
fn tasks_logs_wait_render_and_verify_work_as_for_services() {
    let bed = Bed::start();
    let p = deployed(&bed);
    run(p.shipper("v1.1.0").arg("tasks")).code(0).stdout_has("acme-dev-web:1");
    run(p.shipper("v1.1.0").args(["logs", "--since", "1h"]))
        .code(0)
        .stdout_has("[bed] Main started in task");
    run(p.shipper("v1.1.0").arg("wait")).code(0).stderr_has("service acme-dev-web is stable");
    let doc =
        run(p.shipper("v1.1.0").args(["--output", "json", "render", "expressdef"])).code(0).json();
    assert_eq!(doc["expressdef"]["serviceName"], SERVICE);
    run(p.shipper("v1.1.0").args(["render", "taskdef"]))
        .code(1)
        .stderr_has("no `task_definition` is configured");
    run(p.shipper("v1.1.0").arg("verify"))
        .code(0)
        .stdout_has("infrastructure role arn:aws:iam::123456789012:role/acme-dev-ecs-infrastructure: exists, trusts ecs.amazonaws.com");
}

#[test]
fn commands_that_make_no_sense_for_an_express_service_refuse_naming_why() {
    let bed = Bed::start();
    let p = Project::from_example(&bed, "express");
    for (args, why) in [
        (vec!["scale", "--tasks", "3"], "ECS scales an Express service itself"),
        (vec!["refresh"], "starts a deployment only for a changed definition"),
        (vec!["run"], "task definition is ECS's own"),
        (vec!["revisions"], "ECS registers and owns an Express service's task definitions"),
        (vec!["register"], "ECS registers and owns"),
        (vec!["deregister", "--keep", "1"], "ECS registers and owns"),
        (vec!["appspec"], "never through CodeDeploy"),
        (vec!["continue"], "no lifecycle hooks"),
        (vec!["deploy", "--tasks", "3"], "--tasks does not apply to an Express service"),
        (
            vec!["deploy", "--suspend-auto-scaling"],
            "--suspend-auto-scaling does not apply to an Express service",
        ),
        (vec!["diff", "--task-definition-only"], "no task definition of yours"),
    ] {
        let r = run(p.shipper("v1.1.0").args(&args));
        no_crash(&r);
        r.code(1).stderr_has(why);
    }
    assert!(bed.requests().writes("ecs").is_empty(), "no write");
    // An ordinary service named by an Express config is not taken for an Express service.
    let plain = p.sibling_with("ecspresso");
    run(plain.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    p.edit("config.yaml", "service: acme-dev-web", "service: acme-dev-app");
    run(p.shipper("v1.1.0").arg("diff"))
        .code(1)
        .stderr_has("service acme-dev-app in cluster acme-dev-cluster is not an Express service");
}
