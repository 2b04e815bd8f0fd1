//! Blue/green, linear and canary deploys with health gates, end to end through the binary:
//! gates at PAUSE hooks answered with CONTINUE or ROLLBACK, gates during traffic steps, manual
//! approval with `continue`, `--wait-until`, the plan, and rolling deploys with bake gates.

use serde_json::json;

use crate::support::bed::{Bed, RequestLog};
use crate::support::block_on;
use crate::support::gates::{POLL, blue_green, deployed, gate, hook_answers, probe_gate, running};
use crate::support::project::{Project, no_crash};
use crate::support::shipper::{Run, finish, run, signal, spawn};

#[test]
fn gates_pass_at_the_test_hook_and_the_deployment_goes_on() {
    let bed = Bed::start();
    let p = deployed(&bed, blue_green(&["POST_TEST_TRAFFIC_SHIFT"]), &probe_gate(&bed));
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    r.code(0)
        .stderr_has("paused at POST_TEST_TRAFFIC_SHIFT: test gates: probe")
        .stderr_has("gate probe (HTTP GET")
        .stderr_has("pass 2/2")
        .stderr_has("test gates passed: answering the pause hook with CONTINUE")
        .stderr_has("deployed acme-dev-app:2 to acme-dev-app");
    no_crash(&r);
    assert_eq!(hook_answers(&bed), ["CONTINUE"]);
    assert!(bed.probe_requests().len() >= 2, "the probe was asked");
    assert_eq!(running(&bed), "acme-dev-app:2");
}

#[test]
fn target_health_waits_while_green_registers_then_passes() {
    let bed = Bed::start();
    let p = deployed(
        &bed,
        blue_green(&["POST_TEST_TRAFFIC_SHIFT"]),
        &gate("name: green-targets\ntype: target_health\nphase: test\ninterval: 100ms\npasses: 2"),
    );
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    r.code(0)
        .stderr_has(
            "gate green-targets (target health): not yet — acme-dev-green: 0/2 healthy (need 2)",
        )
        .stderr_has("initial (Elb.RegistrationInProgress)")
        .stderr_has(
            "gate green-targets (target health): pass 2/2 — acme-dev-green: 2/2 healthy (need 2)",
        );
    assert_eq!(hook_answers(&bed), ["CONTINUE"]);
}

/// A failed gate at the test hook: ROLLBACK, exit 3 with the gate and its evidence, the old
/// revision back, production traffic never moved.
#[track_caller]
fn fails_at_the_test_hook(bed: &Bed, p: &Project, gate: &str, evidence: &str) -> Run {
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    r.code(3)
        .stderr_has(&format!("gate `{gate}` failed: answering the pause hook with ROLLBACK"))
        .stderr_has(&format!("gate `{gate}` failed while acme-dev-app:2 was deployed to acme-dev-app; ECS rolled it back: the service runs acme-dev-app:1"))
        .stderr_has(evidence);
    no_crash(&r);
    assert!(!r.stderr.contains("deployed acme-dev-app:2"), "{}", r.stderr);
    assert_eq!(hook_answers(bed), ["ROLLBACK"]);
    assert_eq!(running(bed), "acme-dev-app:1");
    // Following the rollback prints only the events not printed before it.
    let mut seen = std::collections::HashSet::new();
    for event in r.stderr.lines().filter(|l| l.contains("] event: ")) {
        let text = event.split("] event: ").nth(1).unwrap_or_default();
        assert!(seen.insert(text), "printed twice: {text}\n{}", r.stderr);
    }
    r
}

#[test]
fn a_failing_http_probe_rolls_back_before_production_traffic_moves() {
    let bed = Bed::start();
    let p = deployed(&bed, blue_green(&["POST_TEST_TRAFFIC_SHIFT"]), &probe_gate(&bed));
    bed.probe(json!({"path": "/api/health", "status": 503, "body": "{\"status\":\"starting\"}"}));
    fails_at_the_test_hook(&bed, &p, "probe", "evidence: GET http");
    let updates = bed.requests().count("ecs", "UpdateService");
    assert_eq!(updates, 1, "one UpdateService; the rollback is ECS's");
}

#[test]
fn a_failing_target_health_gate_rolls_back_with_the_targets_as_evidence() {
    let bed = Bed::start();
    let p = deployed(
        &bed,
        blue_green(&["POST_TEST_TRAFFIC_SHIFT"]),
        &gate("name: green-targets\ntype: target_health\nphase: test\ninterval: 100ms"),
    );
    let green = p.seed_str("/target_groups/green");
    bed.health(json!({"targetGroupArn": green, "state": "unhealthy", "reason": "Target.FailedHealthChecks"}));
    fails_at_the_test_hook(&bed, &p, "green-targets", "unhealthy (Target.FailedHealthChecks)");
}

#[test]
fn a_firing_alarm_rolls_back_with_its_state_and_reason() {
    let bed = Bed::start();
    let p = deployed(
        &bed,
        blue_green(&["POST_TEST_TRAFFIC_SHIFT"]),
        &gate("name: alarms\ntype: alarms\nphase: test\nprefix: acme-dev-\ninterval: 100ms"),
    );
    block_on(async {
        let cw = aws_sdk_cloudwatch::Client::new(&bed.sdk_config().await);
        cw.set_alarm_state()
            .alarm_name("acme-dev-alb-5xx")
            .state_value(aws_sdk_cloudwatch::types::StateValue::Alarm)
            .state_reason("5xx above 10 for 1 datapoint")
            .send()
            .await
            .unwrap();
    });
    fails_at_the_test_hook(
        &bed,
        &p,
        "alarms",
        "acme-dev-alb-5xx ALARM: 5xx above 10 for 1 datapoint",
    );
}

#[test]
fn a_metric_over_its_threshold_rolls_back() {
    let bed = Bed::start();
    let p = deployed(
        &bed,
        blue_green(&["POST_TEST_TRAFFIC_SHIFT"]),
        &gate(
            "name: green-5xx\ntype: metric\nphase: test\nnamespace: AWS/ApplicationELB\nmetric: HTTPCode_Target_5XX_Count\ndimensions: {TargetGroup: green}\nstat: Sum\nthreshold: 10\ncomparison: '<='\ninterval: 100ms",
        ),
    );
    bed.metrics(json!({"namespace": "AWS/ApplicationELB", "metric": "HTTPCode_Target_5XX_Count",
        "dimensions": {"TargetGroup": "green"}, "values": [42]}));
    fails_at_the_test_hook(&bed, &p, "green-5xx", "Sum HTTPCode_Target_5XX_Count = 42, not <= 10");
}

#[test]
fn a_failing_command_rolls_back_with_its_output_and_sees_the_deployment() {
    let bed = Bed::start();
    let p = deployed(
        &bed,
        blue_green(&["POST_TEST_TRAFFIC_SHIFT"]),
        &gate(
            "name: smoke\ntype: command\nphase: test\nrun: 'echo \"checked $SHIPPER_SERVICE in $SHIPPER_PHASE\"; echo smoke failed; exit 7'",
        ),
    );
    fails_at_the_test_hook(&bed, &p, "smoke", "evidence: exited 7")
        .stderr_has("checked acme-dev-app in test")
        .stderr_has("smoke failed");
}

#[test]
fn a_pause_without_gates_waits_for_continue_and_wait_until_returns_there() {
    let bed = Bed::start();
    let p = deployed(&bed, blue_green(&["POST_TEST_TRAFFIC_SHIFT"]), "");
    let r = run(p
        .shipper("v1.2.0")
        .args(["deploy", "--wait-until", "POST_TEST_TRAFFIC_SHIFT"])
        .args(POLL));
    r.code(0)
        .stderr_has("deployment waits at a pause hook on POST_TEST_TRAFFIC_SHIFT (--wait-until)")
        .stderr_has("shipper continue --config config.yaml");
    assert!(hook_answers(&bed).is_empty(), "nobody answered the hook");
    run(&mut p.cmd(&["status"]))
        .code(0)
        .stdout_has("strategy BLUE_GREEN")
        .stdout_has("in flight: stage POST_TEST_TRAFFIC_SHIFT, traffic production 0% test 100%; waits at a pause hook");
    let status = run(&mut p.cmd(&["--output", "json", "status"])).json();
    assert_eq!(status["in_flight"]["stage"], "POST_TEST_TRAFFIC_SHIFT");
    assert_eq!(status["in_flight"]["paused"], true);
    // Approval: continue, followed to the end.
    let r = run(p.cmd(&["continue"]).args(POLL));
    r.code(0)
        .stderr_has("answered the pause hook on POST_TEST_TRAFFIC_SHIFT with CONTINUE")
        .stderr_has("service acme-dev-app runs acme-dev-app:2");
    assert_eq!(running(&bed), "acme-dev-app:2");
    run(&mut p.cmd(&["continue"])).code(1).stderr_has("no deployment waiting at a pause hook");
}

#[test]
fn gates_never_run_blind_without_the_service_deployment_api() {
    let bed = Bed::start();
    let p = deployed(&bed, blue_green(&["POST_TEST_TRAFFIC_SHIFT"]), &probe_gate(&bed));
    bed.fault(json!([
        {"action": "ListServiceDeployments", "kind": "throttle", "count": 0, "code": "AccessDeniedException", "message": "not authorized", "status": 400},
        {"action": "DescribeServiceDeployments", "kind": "throttle", "count": 0, "code": "AccessDeniedException", "message": "not authorized", "status": 400},
    ]));
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    r.code(1)
        .stderr_has("the service deployment API (ecs:ListServiceDeployments, ecs:DescribeServiceDeployments) is not available, so its gates cannot run")
        .stderr_has("shipper rollback");
    assert!(!r.stderr.contains("deployed acme-dev-app:2"), "{}", r.stderr);
}

#[test]
fn rollback_while_paused_answers_the_hook_with_rollback() {
    let bed = Bed::start();
    let p = deployed(&bed, blue_green(&["POST_TEST_TRAFFIC_SHIFT"]), "");
    run(p.shipper("v1.2.0").args(["deploy", "--wait-until", "POST_TEST_TRAFFIC_SHIFT"]).args(POLL))
        .code(0);
    let r = run(p.cmd(&["rollback"]).args(POLL));
    r.code(0)
        .stderr_has("answering it with ROLLBACK")
        .stderr_has("rolled back acme-dev-app to acme-dev-app:1");
    assert_eq!(hook_answers(&bed), ["ROLLBACK"]);
    assert_eq!(running(&bed), "acme-dev-app:1");
}

#[test]
fn linear_steps_gates_stop_the_deployment_with_rollback_at_once() {
    let bed = Bed::start();
    let p = deployed(
        &bed,
        json!({"strategy": "LINEAR", "bakeTimeInMinutes": 0,
               "linearConfiguration": {"stepPercent": 25, "stepBakeTimeInMinutes": 0}}),
        &gate(
            "name: alarms\ntype: alarms\nphase: steps\nnames: [acme-dev-alb-5xx]\ninterval: 100ms",
        ),
    );
    block_on(async {
        let cw = aws_sdk_cloudwatch::Client::new(&bed.sdk_config().await);
        cw.set_alarm_state()
            .alarm_name("acme-dev-alb-5xx")
            .state_value(aws_sdk_cloudwatch::types::StateValue::Alarm)
            .state_reason("threshold crossed")
            .send()
            .await
            .unwrap();
    });
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    r.code(3)
        .stderr_has("gate `alarms` failed: stopping the deployment with rollback")
        .stderr_has("ECS rolled it back: the service runs acme-dev-app:1")
        .stderr_has("acme-dev-alb-5xx ALARM: threshold crossed");
    assert_eq!(bed.requests().count("ecs", "StopServiceDeployment"), 1);
    assert_eq!(running(&bed), "acme-dev-app:1");
}

#[test]
fn canary_with_passing_gates_at_every_phase_succeeds_and_reports_them_as_json() {
    let bed = Bed::start();
    let gates = format!(
        "  gates:\n    checks:\n      - name: probe\n        type: http\n        phase: [test, production]\n        url: {}\n        interval: 100ms\n      - name: alarms\n        type: alarms\n        phase: steps\n        prefix: acme-dev-\n        interval: 100ms\n",
        bed.probe_url("/api/health")
    );
    let p = deployed(
        &bed,
        json!({"strategy": "CANARY", "bakeTimeInMinutes": 0,
               "canaryConfiguration": {"canaryPercent": 10, "canaryBakeTimeInMinutes": 0},
               "lifecycleHooks": [{"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT"]}]}),
        &gates,
    );
    let r = run(p.shipper("v1.2.0").args(["--output", "json", "deploy"]).args(POLL));
    r.code(0);
    let out = r.json();
    assert_eq!(out["status"], "succeeded");
    assert_eq!(out["strategy"], "CANARY");
    let verdicts: Vec<(String, String, String)> = out["gates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["name"].as_str().unwrap().into(),
                g["phase"].as_str().unwrap().into(),
                g["verdict"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(verdicts.contains(&("probe".into(), "test".into(), "passed".into())), "{verdicts:?}");
    assert!(
        verdicts.contains(&("probe".into(), "production".into(), "passed".into())),
        "{verdicts:?}"
    );
    assert_eq!(hook_answers(&bed), ["CONTINUE", "CONTINUE"]);
    assert_eq!(running(&bed), "acme-dev-app:2");
}

#[test]
fn the_plan_names_strategy_and_gates_and_refuses_a_gate_without_its_hook() {
    let bed = Bed::start();
    let p = deployed(&bed, blue_green(&["POST_TEST_TRAFFIC_SHIFT"]), &probe_gate(&bed));
    let r = run(p.shipper("v1.2.0").args(["deploy", "--dry-run"]));
    r.code(0)
        .stdout_has("would roll out with strategy BLUE_GREEN")
        .stdout_has("would run gates at the test phase: probe");
    let r = run(p.shipper("v1.2.0").args(["--output", "json", "deploy", "--dry-run"]));
    assert_eq!(r.json()["strategy"], json!({"name": "BLUE_GREEN", "gates": {"test": ["probe"]}}));
    assert!(
        bed.requests()
            .iter()
            .all(|r| !["RegisterTaskDefinition", "UpdateService"].contains(&r.action.as_str()))
    );

    // Gates at the production phase need a PAUSE hook there: refused before any write.
    let config = p.read("config.yaml");
    let base = &config[..config.find("shipper:").unwrap()];
    p.write(
        "config.yaml",
        &format!("{base}shipper:\n{}", gate("name: p\ntype: alarms\nphase: production\nprefix: x")),
    );
    bed.clear_requests();
    let r = run(p.shipper("v1.2.0").arg("deploy"));
    r.code(1)
        .stderr_has("gate(s) p run at the production phase, but the service has no PAUSE lifecycle hook on POST_PRODUCTION_TRAFFIC_SHIFT")
        .stderr_has("lifecycleHooks");
    assert!(bed.requests().iter().all(|r| {
        !["RegisterTaskDefinition", "UpdateService", "CreateService"].contains(&r.action.as_str())
    }));
    // A PAUSE hook on a shift stage is refused as AWS refuses it.
    p.edit("ecs-service-def.json", "\"POST_TEST_TRAFFIC_SHIFT\"", "\"TEST_TRAFFIC_SHIFT\"");
    run(p.shipper("v1.2.0").arg("deploy"))
        .code(1)
        .stderr_has("a PAUSE hook cannot be placed on TEST_TRAFFIC_SHIFT");
}

#[test]
fn a_rolling_deploy_with_a_failing_bake_gate_returns_to_the_previous_revision() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    run(p.shipper("v1.1.0").args(["deploy", "--wait-until", "BAKE_TIME"]))
        .code(1)
        .stderr_has("rolls out with ROLLING, which has no lifecycle stages");
    let config = p.read("config.yaml");
    p.write(
        "config.yaml",
        &format!("{config}\nshipper:\n  gates:\n    checks:\n      - name: smoke\n        type: command\n        phase: bake\n        bake: 1s\n        interval: 100ms\n        run: test ! -e broken\n"),
    );
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0).stderr_has("bake gates: smoke");
    run(p.shipper("v1.2.0").arg("deploy").args(POLL)).code(0);
    p.write("broken", "");
    let r = run(p.shipper("v1.0.0").arg("deploy").args(POLL));
    r.code(3)
        .stderr_has("gate `smoke` failed after acme-dev-app:3 was deployed to acme-dev-app; shipper rolled it back: the service runs acme-dev-app:2")
        .stderr_has("evidence: exited 1");
    assert_eq!(running(&bed), "acme-dev-app:2");
}

#[test]
fn ctrl_c_while_gates_run_says_how_to_resume_or_roll_back() {
    let bed = Bed::start();
    let p = deployed(
        &bed,
        blue_green(&["POST_TEST_TRAFFIC_SHIFT"]),
        &gate(
            "name: slow\ntype: command\nphase: test\nrun: 'touch started; sleep 30'\ntimeout: 60s",
        ),
    );
    let child = spawn(p.shipper("v1.2.0").arg("deploy").args(POLL));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !p.path("started").exists() {
        assert!(std::time::Instant::now() < deadline, "the gate never started");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    signal(&child, "INT");
    let r = finish(child);
    r.code(130)
        .stderr_has("interrupted (SIGINT)")
        .stderr_has(
            "the update was sent: a deployment of acme-dev-app:2 to acme-dev-app is running",
        )
        .stderr_has("`shipper continue --config config.yaml` answers a pause hook")
        .stderr_has("`shipper rollback --config config.yaml` rolls it back");
    assert!(hook_answers(&bed).is_empty(), "the hook is left for the user to answer");
    // It still waits there: rollback answers it.
    run(p.cmd(&["rollback"]).args(POLL)).code(0).stderr_has("answering it with ROLLBACK");
}
