//! `shipper rollback` end to end, and the reading commands around it.

use serde_json::json;

use crate::support::bed::{Bed, RequestLog};
use crate::support::project::Project;
use crate::support::shipper::run;
use crate::support::{block_on, service_of};

const POLL: [&str; 2] = ["--poll-interval", "100ms"];

fn running(bed: &Bed) -> String {
    let service = block_on(service_of(bed, "acme-dev-cluster", "acme-dev-app"));
    service.task_definition().unwrap().rsplit('/').next().unwrap().to_string()
}

/// Deploys v1.0.0, v1.1.0, v1.2.0 in turn: revisions 1, 2, 3.
fn three_deploys(bed: &Bed) -> Project {
    let ex = Project::example(bed);
    for tag in ["v1.0.0", "v1.1.0", "v1.2.0"] {
        run(ex.shipper(tag).arg("deploy").args(POLL)).code(0);
    }
    assert_eq!(running(bed), "acme-dev-app:3");
    ex
}

#[test]
fn count_goes_back_through_the_deployment_history() {
    let bed = Bed::start();
    let ex = three_deploys(&bed);
    // A rollback reads only the config: it works without the Terraform state the definitions use.
    run(ex.shipper("x").env("TFSTATE", "/nonexistent/terraform.tfstate").args(["rollback", "--count", "1"]).args(POLL))
        .code(0)
        .stderr_has("from acme-dev-app:3 to acme-dev-app:2 (1 deployment back in the service's deployment history)");
    assert_eq!(running(&bed), "acme-dev-app:2");
    // Pressing "roll back" again goes further back, never back to :3 (the one rolled away from).
    run(ex.shipper("x").args(["rollback", "--count", "1"]).args(POLL))
        .code(0)
        .stderr_has("from acme-dev-app:2 to acme-dev-app:1");
    assert_eq!(running(&bed), "acme-dev-app:1");
    run(ex.shipper("x").args(["rollback", "--count", "1"]))
        .code(1)
        .stderr_has("holds only 0 earlier deployable task definition(s); cannot go back 1");
    assert_eq!(
        bed.requests().count("ecs", "DeregisterTaskDefinition"),
        0,
        "history is never deregistered by default"
    );
}

#[test]
fn to_revision_and_deregister() {
    let bed = Bed::start();
    let ex = three_deploys(&bed);
    run(ex.shipper("x").args(["rollback", "--to-revision", "1", "--deregister"]).args(POLL))
        .code(0)
        .stderr_has("deregistered acme-dev-app:3");
    assert_eq!(running(&bed), "acme-dev-app:1");
    run(ex.shipper("x").args(["rollback", "--to-revision", "1"]))
        .code(0)
        .stderr_has("already runs acme-dev-app:1");
    // A deregistered revision cannot be deployed: its content comes back as a new revision,
    // in the dry run's words too.
    bed.clear_requests();
    run(ex.shipper("x").args(["rollback", "--to-revision", "3", "--dry-run"]))
        .code(0)
        .stdout_has("to a new revision of acme-dev-app (revision 3, deregistered");
    assert_eq!(
        bed.requests().count("ecs", "RegisterTaskDefinition"),
        0,
        "a dry run writes nothing"
    );
    run(ex.shipper("x").args(["rollback", "--to-revision", "3"]).args(POLL)).code(0);
    assert_eq!(running(&bed), "acme-dev-app:4");
}

#[test]
fn count_skips_deregistered_revisions_and_says_so() {
    let bed = Bed::start();
    let ex = three_deploys(&bed);
    run(ex.shipper("x").args(["deregister", "--revision", "2"])).code(0);
    bed.clear_requests();
    run(ex.shipper("x").args(["rollback", "--count", "1", "--dry-run"]))
        .code(0)
        .stdout_has("to acme-dev-app:1")
        .stdout_has("skipped deregistered acme-dev-app:2");
    run(ex.shipper("x").args(["rollback", "--count", "1"]).args(POLL))
        .code(0)
        .stderr_has("skipped deregistered acme-dev-app:2");
    assert_eq!(running(&bed), "acme-dev-app:1");
    let update = bed.requests().into_iter().find(|r| r.action == "UpdateService").unwrap();
    assert!(
        update.body["taskDefinition"].as_str().unwrap().ends_with(":1"),
        "never the INACTIVE :2"
    );
}

#[test]
fn to_tag_reuses_a_revision_or_registers_one() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    run(ex.shipper("v1.2.0").arg("deploy").args(POLL)).code(0);
    bed.clear_requests();
    run(ex.shipper("x").args(["rollback", "--to-tag", "v1.1.0"]).args(POLL))
        .code(0)
        .stderr_has("(image tag v1.1.0, which revision 1 already uses)");
    assert_eq!(bed.requests().count("ecs", "RegisterTaskDefinition"), 0);
    assert_eq!(running(&bed), "acme-dev-app:1");
    run(ex.shipper("x").args(["rollback", "--to-tag", "v1.0.0"]).args(POLL))
        .code(0)
        .stderr_has("(image tag v1.0.0, in a new revision of acme-dev-app:1)");
    assert_eq!(running(&bed), "acme-dev-app:3");
    let register =
        bed.requests().into_iter().find(|r| r.action == "RegisterTaskDefinition").unwrap();
    assert!(
        register.body["containerDefinitions"][0]["image"]
            .as_str()
            .unwrap()
            .ends_with("acme-app:v1.0.0")
    );
}

/// A tag that never existed (a typo, a release never pushed) is not called expired.
#[test]
fn a_tag_never_pushed_is_named_so_with_the_nearest_tags() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.2.0").arg("deploy").args(POLL)).code(0);
    bed.clear_requests();
    let r = run(ex.shipper("x").args(["rollback", "--to-tag", "v1.1.1"]));
    r.code(1)
        .stderr_has("image tag `v1.1.1` is not in ECR repository acme-app, and no revision of acme-dev-app ever ran it")
        .stderr_has("the nearest tags: v1.1.0, ");
    assert!(!r.stderr.contains("lifecycle"), "{}", r.stderr);
    assert!(
        bed.requests()
            .iter()
            .all(|r| !["RegisterTaskDefinition", "UpdateService"].contains(&r.action.as_str()))
    );
}

#[test]
fn an_expired_tag_is_refused_before_any_write() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.0.0").arg("deploy").args(POLL)).code(0);
    run(ex.shipper("v1.2.0").arg("deploy").args(POLL)).code(0);
    // The lifecycle policy expired v1.0.0 (keeps the 10 newest tagged images).
    block_on(async {
        let ecr = aws_sdk_ecr::Client::new(&bed.sdk_config().await);
        ecr.batch_delete_image()
            .repository_name("acme-app")
            .image_ids(aws_sdk_ecr::types::ImageIdentifier::builder().image_tag("v1.0.0").build())
            .send()
            .await
            .unwrap();
    });
    bed.clear_requests();
    run(ex.shipper("x").args(["rollback", "--to-tag", "v1.0.0"]))
        .code(1)
        .stderr_has("image tag `v1.0.0` no longer exists in ECR repository acme-app")
        .stderr_has("lifecycle policy")
        .stderr_has("tags still available (newest first): v1.2.0, v1.1.0");
    assert!(
        bed.requests()
            .iter()
            .all(|r| !["RegisterTaskDefinition", "UpdateService"].contains(&r.action.as_str()))
    );
}

#[test]
fn a_deployment_in_flight_is_stopped_with_rollback() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.plan(json!({"service": "acme-dev-app", "steps": 50}));
    run(ex.shipper("v1.2.0").args(["deploy", "--no-wait"])).code(0);
    bed.clear_requests();
    run(ex.shipper("x").arg("rollback").args(POLL))
        .code(0)
        .stderr_has("stopping the deployment in progress with rollback")
        .stderr_has("rolled back acme-dev-app to acme-dev-app:1");
    assert_eq!(bed.requests().count("ecs", "StopServiceDeployment"), 1);
    assert_eq!(bed.requests().count("ecs", "UpdateService"), 0);
    assert_eq!(running(&bed), "acme-dev-app:1");
}

#[test]
fn rollback_dry_run_sends_no_write() {
    let bed = Bed::start();
    let ex = three_deploys(&bed);
    bed.clear_requests();
    run(ex.shipper("x").args(["rollback", "--dry-run"]))
        .code(0)
        .stdout_has("would roll back service acme-dev-app from acme-dev-app:3 to acme-dev-app:2");
    assert!(
        bed.requests()
            .iter()
            .all(|r| r.action.starts_with("Describe") || r.action.starts_with("List")),
        "{:?}",
        bed.requests().actions("ecs")
    );
}

#[test]
fn status_revisions_and_images_describe_the_service() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    run(ex.shipper("v1.2.0").arg("deploy").args(POLL)).code(0);
    run(ex.shipper("x").arg("status"))
        .code(0)
        .stdout_has("service acme-dev-app (cluster acme-dev-cluster): ACTIVE, 2/2 running")
        .stdout_has("PRIMARY acme-dev-app:2")
        .stdout_has("acme-dev-blue")
        .stdout_has("has reached a steady state");
    let status = run(ex.shipper("x").args(["status", "--output", "json"])).code(0).json();
    assert_eq!(status["running"], 2);
    // Right after a successful deploy the new tasks' targets are healthy (ECS completes a
    // deployment only once they pass their health checks); the old ones may still be draining.
    let states: Vec<&str> = status["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["state"].as_str().unwrap())
        .collect();
    assert_eq!(states.iter().filter(|s| **s == "healthy").count(), 2, "{states:?}");
    assert!(states.iter().all(|s| ["healthy", "draining"].contains(s)), "{states:?}");
    assert_eq!(status["service_deployments"][0]["status"], "SUCCESSFUL");

    let revisions = run(ex.shipper("x").args(["revisions", "--output", "json"])).code(0).json();
    assert_eq!(revisions["revisions"][0]["revision"], 2);
    assert_eq!(revisions["revisions"][0]["running"], true);
    assert_eq!(revisions["revisions"][1]["in_use"], false);
    run(ex.shipper("x").arg("revisions")).code(0).stdout_has("acme-dev-app:2  ACTIVE  * service");

    let images = run(ex.shipper("x").args(["images", "--output", "json"])).code(0).json();
    let tags: Vec<String> = images["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["tags"][0].as_str().unwrap().to_string())
        .collect();
    assert_eq!(tags, ["v1.2.0", "v1.1.0", "v1.0.0"]);
    assert_eq!(images["images"][0]["used_by"], json!(["acme-dev-app:2"]));

    // Timestamps for machines are RFC 3339 (`2026-11-28T08:21:22Z`), not the text's spelling.
    for at in [
        &status["events"][0]["at"],
        &status["service_deployments"][0]["started_at"],
        &revisions["revisions"][0]["registered_at"],
        &images["images"][0]["pushed_at"],
    ] {
        let at = at.as_str().unwrap_or_else(|| panic!("a timestamp, not {at}"));
        let b = at.as_bytes();
        let ok = b.len() >= 20
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b'T'
            && b[13] == b':'
            && b[16] == b':'
            && at.ends_with('Z')
            && at.bytes().filter(u8::is_ascii_digit).count() >= 14;
        assert!(ok, "not RFC 3339: {at}");
    }
}

/// A misspelt service name gets the closest of the cluster's services (ListServices).
#[test]
fn a_wrong_service_name_gets_a_did_you_mean_from_the_cluster() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.2.0").arg("deploy").args(POLL)).code(0);
    ex.edit("config.yaml", "service: acme-dev-app", "service: acme-dev-ap");
    for command in ["status", "wait", "rollback"] {
        run(ex.shipper("x").arg(command))
            .code(1)
            .stderr_has("service acme-dev-ap does not exist in cluster acme-dev-cluster")
            .stderr_has("did you mean `acme-dev-app`?");
    }
    ex.edit("config.yaml", "service: acme-dev-ap", "service: payments");
    let r = run(ex.shipper("x").arg("status"));
    r.code(1).stderr_has("`shipper deploy` creates it");
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
}

#[test]
fn register_and_deregister_keep_what_is_in_use() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.0.0").arg("deploy").args(POLL)).code(0);
    for tag in ["v1.1.0", "v1.2.0", "v1.2.0"] {
        run(ex.shipper(tag).arg("register")).code(0);
    }
    run(ex.shipper("x").args(["deregister", "--keep", "1", "--dry-run"]))
        .code(0)
        .stdout_has("would deregister acme-dev-app:3")
        .stdout_has("would deregister acme-dev-app:2");
    bed.clear_requests();
    run(ex.shipper("x").args(["deregister", "--keep", "1"])).code(0);
    assert_eq!(
        bed.requests().count("ecs", "DeregisterTaskDefinition"),
        2,
        "revision 1 runs, 4 is kept"
    );
    run(ex.shipper("x").args(["deregister", "--revision", "1"])).code(1).stderr_has("is in use");
}

#[test]
fn run_exits_with_the_containers_exit_code() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.plan(json!({"kind": "task", "exit_code": 3, "steps": 2}));
    run(ex
        .shipper("x")
        .args([
            "run",
            "--overrides",
            r#"{"containerOverrides":[{"name":"app","command":["npm","run","migrate"]}]}"#,
        ])
        .args(POLL))
    .code(3)
    .stderr_has("container app exited 3");
    let run_task = bed.requests().into_iter().find(|r| r.action == "RunTask").unwrap();
    assert_eq!(
        run_task.body["overrides"]["containerOverrides"][0]["command"],
        json!(["npm", "run", "migrate"])
    );
    assert!(run_task.body["taskDefinition"].as_str().unwrap().ends_with("acme-dev-app:1"));
    bed.plan(json!({"kind": "task", "exit_code": 0}));
    run(ex.shipper("x").arg("run").args(POLL)).code(0).stderr_has("container app exited 0");
    run(ex.shipper("x").args(["run", "--overrides", r#"{"containerOverides":[]}"#]))
        .code(1)
        .stderr_has("did you mean `containerOverrides`");
}

/// Without the deployment history (no permission for it), `--count` walks the family's revisions.
#[test]
fn count_falls_back_to_family_revisions_without_history() {
    let bed = Bed::start();
    let ex = three_deploys(&bed);
    bed.fault(json!({"action": "ListServiceDeployments", "kind": "throttle", "code": "AccessDeniedException",
        "status": 400, "count": 0}));
    run(ex.shipper("x").args(["rollback", "--count", "2"]).args(POLL)).code(0).stderr_has(
        "to acme-dev-app:1 (2 revisions back in the family; no deployment history available)",
    );
    assert_eq!(running(&bed), "acme-dev-app:1");
}
