//! Trust under faults, interruption and bad values: a hung endpoint ends within the timeout,
//! SIGINT/SIGTERM say what was already done, writes are never duplicated by a lost answer, a
//! deploy rides out a 30% fault rate, and absurd values are refused before any write.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::bed::{Bed, RequestLog};
use crate::support::project::{Project, no_crash};
use crate::support::shipper::{finish, run, signal, spawn, wait_for_request};
use crate::support::{block_on, service_of};

const POLL: [&str; 2] = ["--poll-interval", "100ms"];

/// The ECS writes the bed received, in order.
fn ecs_writes(bed: &Bed) -> Vec<String> {
    bed.requests().writes("ecs")
}

// ----------------------------------------------------------------------------------------------
// A hung endpoint

#[test]
fn a_hung_endpoint_ends_within_the_timeout_naming_the_call_and_endpoint() {
    // Accepts connections and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let held = std::thread::spawn(move || {
        let mut conns = Vec::new();
        for conn in listener.incoming().take(20) {
            conns.push(conn);
        }
        conns.len()
    });
    let p = Project::offline();
    p.write("config.yaml", "region: ap-northeast-1\ncluster: c\nservice: s\n");
    let started = Instant::now();
    let r = run(p
        .cmd(&["--timeout", "4s", "status"])
        .env("AWS_ENDPOINT_URL", &endpoint)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test"));
    let took = started.elapsed();
    r.code(4)
        .stderr_has(&format!("ecs:DescribeServices (c/s): no answer from {endpoint}"))
        .stderr_has("each attempt waits 2s, a call with its retries at most 4s");
    no_crash(&r);
    assert!(took < Duration::from_secs(9), "bounded by --timeout: took {took:?}");
    drop(held);
}

#[test]
fn transport_errors_say_what_kind_they_are() {
    let p = Project::offline();
    p.write("config.yaml", "region: ap-northeast-1\ncluster: c\nservice: s\n");
    let with_keys = |cmd: &mut std::process::Command| {
        cmd.env("AWS_ACCESS_KEY_ID", "test").env("AWS_SECRET_ACCESS_KEY", "test");
    };
    let mut no_credentials = p.cmd(&["status"]);
    no_credentials.env("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
    let mut refused = p.cmd(&["status"]);
    refused.env("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
    with_keys(&mut refused);
    let mut no_region = p.cmd(&["--region", "", "status"]);
    with_keys(&mut no_region);
    for (cmd, message) in [
        (&mut no_credentials, "no usable AWS credentials: none were found"),
        (&mut refused, "could not connect to http://127.0.0.1:1: connection refused"),
        (&mut no_region, "`` is not an AWS region name"),
    ] {
        let r = run(cmd);
        r.code(1).stderr_has(message);
        assert!(r.stderr.lines().count() <= 3, "short: {}", r.stderr);
        for garble in ["} }", "Unknown", "Some(", "DispatchFailure"] {
            assert!(!r.stderr.contains(garble), "{message}: {}", r.stderr);
        }
    }
}

// ----------------------------------------------------------------------------------------------
// Interruption

#[test]
fn sigterm_while_waiting_says_the_update_was_sent_and_how_to_go_on() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.plan(json!({"service": "acme-dev-app", "mode": "time", "steps": 100, "step_seconds": 1}));
    bed.clear_requests();
    let child = spawn(ex.shipper("v1.2.0").arg("deploy").args(POLL));
    wait_for_request(&bed, "UpdateService");
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, "TERM");
    let r = finish(child);
    r.code(130)
        .stderr_has("interrupted (SIGTERM)")
        .stderr_has("revision acme-dev-app:2 was registered")
        .stderr_has(
            "the update was sent: a deployment of acme-dev-app:2 to acme-dev-app is running",
        )
        .stderr_has("shipper wait --config config.yaml");
    no_crash(&r);
}

#[test]
fn sigint_while_update_service_is_in_flight_checks_whether_it_landed() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.fault(json!({"action": "UpdateService", "kind": "slow", "delay_ms": 1500}));
    bed.plan(json!({"service": "acme-dev-app", "steps": 50}));
    let child = spawn(ex.shipper("v1.2.0").arg("deploy").args(POLL));
    wait_for_request(&bed, "RegisterTaskDefinition");
    std::thread::sleep(Duration::from_millis(600));
    signal(&child, "INT");
    let r = finish(child);
    r.code(130)
        .stderr_has("interrupted (SIGINT)")
        .stderr_has("the update of acme-dev-app was sent and landed: a deployment of acme-dev-app:2 is running")
        .stderr_has("shipper rollback");
    let service = block_on(service_of(&bed, "acme-dev-cluster", "acme-dev-app"));
    assert!(service.task_definition().unwrap().ends_with(":2"), "it did land");
}

#[test]
fn sigint_while_registering_names_the_possibly_unused_revision() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    bed.fault(json!({"action": "RegisterTaskDefinition", "kind": "slow", "delay_ms": 1500}));
    let child = spawn(ex.shipper("v1.1.0").arg("deploy").args(POLL));
    std::thread::sleep(Duration::from_millis(200));
    wait_for_request(&bed, "DescribeServices");
    std::thread::sleep(Duration::from_millis(500));
    signal(&child, "INT");
    let r = finish(child);
    r.code(130)
        .stderr_has("RegisterTaskDefinition for acme-dev-app was in flight")
        .stderr_has("shipper revisions");
    assert_eq!(ecs_writes(&bed).iter().filter(|a| *a == "CreateService").count(), 0);
}

#[test]
fn a_deploy_superseded_by_another_update_says_so_at_once() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.plan(json!({"service": "acme-dev-app", "steps": 400}));
    let child = spawn(ex.shipper("v1.2.0").args(["--timeout", "60s", "deploy"]).args(POLL));
    wait_for_request(&bed, "UpdateService");
    // Someone else (another shipper, the console) updates the service meanwhile.
    block_on(async {
        let ecs = aws_sdk_ecs::Client::new(&bed.sdk_config().await);
        ecs.update_service()
            .cluster("acme-dev-cluster")
            .service("acme-dev-app")
            .task_definition("acme-dev-app:1")
            .force_new_deployment(true)
            .send()
            .await
            .unwrap();
    });
    let started = Instant::now();
    let r = finish(child);
    r.code(1)
        .stderr_has("the deployment of acme-dev-app:2 to acme-dev-app was superseded: another update started deployment ecs-svc/")
        .stderr_has("of acme-dev-app:1, which stopped this one")
        .stderr_has("concurrency:");
    assert!(started.elapsed() < Duration::from_secs(20), "at once, not at the timeout");
}

// ----------------------------------------------------------------------------------------------
// Writes survive lost answers and faults without duplicates

#[test]
fn a_lost_register_answer_does_not_register_twice() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.fault(json!({"action": "RegisterTaskDefinition", "kind": "lost"}));
    bed.clear_requests();
    run(ex.shipper("v1.2.0").arg("deploy").args(POLL))
        .code(0)
        .stderr_has("deployed acme-dev-app:2 to acme-dev-app");
    assert_eq!(ecs_writes(&bed), ["RegisterTaskDefinition", "UpdateService"]);
}

#[test]
fn a_lost_update_service_answer_does_not_start_a_second_deployment() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.fault(json!({"action": "UpdateService", "kind": "lost"}));
    bed.clear_requests();
    run(ex.shipper("v1.2.0").arg("deploy").args(POLL))
        .code(0)
        .stderr_has("deployed acme-dev-app:2 to acme-dev-app");
    assert_eq!(ecs_writes(&bed), ["RegisterTaskDefinition", "UpdateService"]);
    // A refused write (throttled before any work) is simply sent again.
    bed.fault(json!({"action": "UpdateService", "kind": "throttle"}));
    bed.clear_requests();
    run(ex.shipper("v1.0.0").arg("deploy").args(POLL)).code(0);
    assert_eq!(ecs_writes(&bed), ["RegisterTaskDefinition", "UpdateService", "UpdateService"]);
}

#[test]
fn twenty_deploys_in_a_row_survive_a_thirty_percent_fault_rate() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.0.0").arg("deploy").args(POLL)).code(0);
    // Every action deploy uses (ECS, SSM, ELB reads…): throttling, 5xx, and lost answers.
    bed.fault(json!([
        {"action": "*", "kind": "throttle", "count": 0, "rate": 0.15, "seed": 1},
        {"action": "*", "kind": "5xx", "count": 0, "rate": 0.1, "seed": 2},
        {"action": "*", "kind": "lost", "count": 0, "rate": 0.06, "seed": 3},
    ]));
    let tags = ["v1.1.0", "v1.2.0"];
    for i in 0..20 {
        bed.clear_requests();
        let r = run(ex.shipper(tags[i % 2]).args(["--timeout", "60s", "-v", "deploy"]).args(POLL));
        r.code(0);
        no_crash(&r);
        let log = bed.requests();
        let registered =
            log.iter().filter(|r| r.action == "RegisterTaskDefinition" && r.status == 200).count();
        let updates = log.iter().filter(|r| r.action == "UpdateService" && r.status == 200).count();
        assert!(
            registered <= 1,
            "deploy {i}: {registered} registrations carried out\n{}",
            r.stderr
        );
        assert_eq!(
            updates, 1,
            "deploy {i}: {updates} UpdateService calls carried out\n{}",
            r.stderr
        );
    }
    let faults: usize = bed.requests().iter().filter(|r| r.status >= 400).count();
    let _ = faults;
}

#[test]
fn rollbacks_and_diffs_survive_a_thirty_percent_fault_rate() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    for tag in ["v1.0.0", "v1.1.0", "v1.2.0"] {
        run(ex.shipper(tag).arg("deploy").args(POLL)).code(0);
    }
    bed.fault(json!([
        {"action": "*", "kind": "throttle", "count": 0, "rate": 0.15, "seed": 4},
        {"action": "*", "kind": "5xx", "count": 0, "rate": 0.1, "seed": 5},
        {"action": "*", "kind": "lost", "count": 0, "rate": 0.06, "seed": 6},
    ]));
    for i in 0..10 {
        bed.clear_requests();
        // Alternate between going back and forward again: each is one UpdateService.
        let args: &[&str] =
            if i % 2 == 0 { &["rollback", "--count", "1"] } else { &["deploy", "--force"] };
        let r = run(ex.shipper("v1.2.0").args(["--timeout", "60s"]).args(args).args(POLL));
        r.code(0);
        no_crash(&r);
        let updates = bed
            .requests()
            .iter()
            .filter(|r| r.action == "UpdateService" && r.status == 200)
            .count();
        assert_eq!(updates, 1, "{args:?} {i}: {updates} UpdateService carried out\n{}", r.stderr);
        let r = run(ex.shipper("v1.2.0").args(["diff", "--format", "json"]));
        assert!([0, 2].contains(&r.code), "diff {i}: {}", r.stderr);
        r.json();
    }
}

#[test]
fn sigint_while_rendering_writes_nothing_and_says_so() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    bed.fault(json!({"action": "GetParameters", "kind": "slow", "delay_ms": 6000, "count": 0}));
    let child = spawn(ex.shipper("v1.1.0").arg("deploy").args(POLL));
    // The slow GetParameters is logged only once answered: interrupt well inside its delay.
    std::thread::sleep(Duration::from_millis(1000));
    signal(&child, "INT");
    let r = finish(child);
    r.code(130).stderr_has("interrupted (SIGINT)");
    assert!(
        r.stderr.lines().count() <= 2,
        "nothing was written, so nothing more to say: {}",
        r.stderr
    );
    assert_eq!(ecs_writes(&bed), Vec::<String>::new(), "{}", r.stderr);
}

// ----------------------------------------------------------------------------------------------
// Values refused before any write

#[test]
fn absurd_values_are_refused_before_any_aws_write() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    let cases: Vec<(&str, &str, &str, &str)> = vec![
        (
            "ecs-service-def.json",
            "\"desiredCount\": 2,",
            "\"desiredCount\": -1,",
            "desiredCount: must be between 0 and 5000, not -1",
        ),
        (
            "ecs-service-def.json",
            "\"desiredCount\": 2,",
            "\"desiredCount\": 100000,",
            "desiredCount: must be between 0 and 5000",
        ),
        ("ecs-task-def.json", "\"image\":", "\"imageX\":", "unknown field `imageX`"),
    ];
    for (file, from, to, message) in cases {
        let original = ex.read(file);
        ex.edit(file, from, to);
        bed.clear_requests();
        let r = run(ex.shipper("v1.1.0").arg("deploy").args(POLL));
        r.code(1).stderr_has(message);
        assert!(ecs_writes(&bed).is_empty(), "{message}: no write");
        ex.write(file, &original);
    }
    // A task definition with no container, or a container with no image.
    let original = ex.read("ecs-task-def.json");
    let mut td: serde_json::Value = serde_json::from_str(&original).unwrap();
    td["containerDefinitions"][0].as_object_mut().unwrap().remove("image");
    ex.write("ecs-task-def.json", &serde_json::to_string(&td).unwrap());
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL))
        .code(1)
        .stderr_has("containerDefinitions[0].image: container `app` has no image");
    td["containerDefinitions"] = json!([]);
    ex.write("ecs-task-def.json", &serde_json::to_string(&td).unwrap());
    run(ex.shipper("v1.1.0").arg("deploy").args(POLL))
        .code(1)
        .stderr_has("containerDefinitions: a task definition needs at least one container");
    ex.write("ecs-task-def.json", &original);
    assert!(ecs_writes(&bed).is_empty());
    // Flags.
    for (args, message) in [
        (vec!["deploy", "--tasks", "-5"], "a task count cannot be negative"),
        (vec!["scale", "--tasks", "-1"], "a task count cannot be negative"),
        (vec!["deploy", "--poll-interval", "0s"], "is too short: at least 100ms"),
        (vec!["wait", "--poll-interval", "10ms"], "is too short: at least 100ms"),
    ] {
        bed.clear_requests();
        let r = run(ex.shipper("v1.1.0").args(&args));
        r.code(1).stderr_has(message);
        assert!(bed.requests().is_empty(), "{args:?}: no AWS call at all");
    }
}
