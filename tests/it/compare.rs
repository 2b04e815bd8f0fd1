//! Comparative gates end to end: green's own ALB series judged against blue's, on LINEAR,
//! CANARY and BLUE_GREEN services, with CloudWatch series the bed scripts over time (requests
//! and 5xx per period, latency percentiles) — passes, failures with both sides' evidence and
//! ECS's rollback, inconclusive checks past their limit, and configurations refused before any
//! write.

use serde_json::{Value, json};

use crate::support::bed::{Bed, RequestLog};
use crate::support::gates::{
    POLL, alb_series, blue_green, deployed, gate, hook_answers, paced, running, traffic,
    wait_for_production_weight,
};
use crate::support::project::{Project, no_crash};
use crate::support::shipper::{finish, run, spawn};

/// LINEAR in three steps (34%, 68%, 100%).
fn linear() -> Value {
    json!({"strategy": "LINEAR", "bakeTimeInMinutes": 0,
           "linearConfiguration": {"stepPercent": 34, "stepBakeTimeInMinutes": 0}})
}

/// A CANARY service (10%, then the rest), deployed once, with the gate `yaml` and a PAUSE hook
/// where green has test traffic only.
fn canary_gated_at_the_test_hook(yaml: &str) -> (Bed, Project) {
    let bed = Bed::start();
    let p = deployed(&bed, canary_with_test_hook(), &gate(yaml));
    (bed, p)
}

fn canary_with_test_hook() -> Value {
    json!({"strategy": "CANARY", "bakeTimeInMinutes": 0,
           "canaryConfiguration": {"canaryPercent": 10, "canaryBakeTimeInMinutes": 0},
           "lifecycleHooks": [{"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"],
                               "timeoutConfiguration": {"timeoutInMinutes": 60, "action": "ROLLBACK"}}]})
}

const ERRORS_AT_STEPS: &str =
    "name: errors\ntype: compare\nphase: steps\nmetric: error_rate\nperiod: 1s\ninterval: 200ms";

/// Green as good as blue at every traffic step of `deployment`: an error-rate gate and a
/// latency gate, both checked at each poll, both read in one GetMetricData call per check.
fn passes_every_step(deployment: Value) {
    let bed = Bed::start();
    let latency =
        "name: latency\ntype: compare\nphase: steps\nmetric: latency\nperiod: 1s\ninterval: 200ms";
    let gates =
        format!("{}      - {}\n", gate(ERRORS_AT_STEPS), latency.replace('\n', "\n        "));
    let p = deployed(&bed, deployment, &gates);
    let same = json!([0.20, 0.21, 0.19, 0.22]);
    for side in ["blue", "green"] {
        traffic(&bed, &p, side, 100.0, 2.0, -600.0, false);
        alb_series(&bed, &p, side, "TargetResponseTime", same.clone(), -600.0, false);
    }
    paced(&bed, 1.0);
    let r = run(p.shipper("v1.2.0").args(["--output", "json", "deploy"]).args(POLL));
    r.code(0)
        .stderr_has("gate errors (error_rate green vs blue): pass")
        .stderr_has("5xx rate: green 2% (")
        .stderr_has("vs blue 2% (")
        .stderr_has("within the tolerance (limit 3%)")
        .stderr_has("gate latency (latency green vs blue): ");
    no_crash(&r);
    assert_eq!(running(&bed), "acme-dev-app:2");
    let out = r.json();
    let errors = &out["gates"][0];
    assert_eq!(
        (errors["name"].as_str(), errors["phase"].as_str()),
        (Some("errors"), Some("steps"))
    );
    assert!(errors["checks"].as_u64().unwrap() >= 2, "checked at every step: {errors}");
    assert_eq!((&errors["failures"], &out["gates"][1]["failures"]), (&json!(0), &json!(0)));
    // Each poll's checks are one GetMetricData: both sides of both gates' series.
    let log = bed.requests();
    let reads: Vec<_> = log.iter().filter(|r| r.action == "GetMetricData").collect();
    assert_eq!(reads.len() as u64, errors["checks"].as_u64().unwrap());
    for read in reads {
        let ids: Vec<&str> = read.body["MetricDataQueries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["Id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            [
                "g0_green_errors",
                "g0_green_requests",
                "g0_blue_errors",
                "g0_blue_requests",
                "g1_green_s0",
                "g1_green_s1",
                "g1_green_s2",
                "g1_blue_s0",
                "g1_blue_s1",
                "g1_blue_s2"
            ]
        );
    }
}

#[test]
fn green_as_good_as_blue_passes_every_linear_step() {
    passes_every_step(linear());
}

#[test]
fn green_as_good_as_blue_passes_every_canary_step() {
    passes_every_step(json!({"strategy": "CANARY", "bakeTimeInMinutes": 0,
        "canaryConfiguration": {"canaryPercent": 10, "canaryBakeTimeInMinutes": 0}}));
}

#[test]
fn green_tripling_blue_error_rate_at_the_second_linear_step_rolls_back_there() {
    let bed = Bed::start();
    let p = deployed(&bed, linear(), &gate(ERRORS_AT_STEPS));
    traffic(&bed, &p, "blue", 100.0, 2.0, -600.0, false);
    traffic(&bed, &p, "green", 100.0, 2.0, -600.0, false);
    paced(&bed, 2.0);
    let summary = p.path("summary.md");
    let mut deploy = p.shipper("v1.2.0");
    deploy.env("GITHUB_ACTIONS", "true").env("GITHUB_STEP_SUMMARY", &summary);
    let child = spawn(deploy.arg("deploy").args(POLL));
    wait_for_production_weight(&bed, 68.0);
    traffic(&bed, &p, "green", 100.0, 6.0, 0.0, true);
    let r = finish(child);
    r.code(3)
        .stderr_has("gate `errors` failed: stopping the deployment with rollback")
        .stderr_has("ECS rolled it back: the service runs acme-dev-app:1")
        .stderr_has("evidence: 5xx rate: green ")
        .stderr_has("vs blue 2% (")
        .stderr_has("worse — above blue's +50% and +1 points (limit 3%)");
    no_crash(&r);
    // It failed while 68% went to green: after that step was announced, before the last.
    let failed = r.stderr.find("gate `errors` failed").unwrap();
    assert!(r.stderr[..failed].contains("production traffic 68% → green"), "{}", r.stderr);
    assert!(!r.stderr[..failed].contains("production traffic 100% → green"), "{}", r.stderr);
    let stops: Vec<_> =
        bed.requests().into_iter().filter(|r| r.action == "StopServiceDeployment").collect();
    assert_eq!(stops.len(), 1);
    assert_eq!(stops[0].body["stopType"], "ROLLBACK");
    assert_eq!(running(&bed), "acme-dev-app:1");
    let summary = std::fs::read_to_string(summary).unwrap();
    assert!(summary.contains("5xx rate: green ") && summary.contains("vs blue 2% ("), "{summary}");
}

/// A latency gate at the canary's test hook (green's test traffic against blue's production
/// traffic, the hook holding the deployment while samples accumulate).
fn latency_at_the_test_hook(green: Value) -> (Bed, crate::support::shipper::Run) {
    let (bed, p) = canary_gated_at_the_test_hook(
        "name: latency\ntype: compare\nphase: test\nmetric: latency\nstats: [p90]\nperiod: 1s\ninterval: 300ms\npasses: 3\nmin_samples: 6",
    );
    let blue = json!([0.200, 0.210, 0.190, 0.205, 0.195, 0.215, 0.185, 0.200]);
    alb_series(&bed, &p, "blue", "TargetResponseTime", blue, -600.0, false);
    alb_series(&bed, &p, "green", "TargetResponseTime", green, -600.0, false);
    let r = run(p.shipper("v1.2.0").args(["--output", "json", "deploy"]).args(POLL));
    no_crash(&r);
    (bed, r)
}

#[test]
fn a_latency_shift_beyond_the_effect_size_fails_and_a_smaller_one_passes() {
    // 50% slower: ROLLBACK at the hook, exit 3, the medians and the test in the evidence.
    let slow = json!([0.300, 0.315, 0.285, 0.307, 0.292, 0.322, 0.277, 0.300]);
    let (bed, r) = latency_at_the_test_hook(slow);
    r.code(3)
        .stderr_has("gate `latency` failed: answering the pause hook with ROLLBACK")
        .stderr_has("evidence: p90 TargetResponseTime: green median 0.")
        .stderr_has("vs blue 0.")
        .stderr_has(" samples, U=")
        .stderr_has("worse — p < 0.05 and at least 10% worse");
    assert_eq!(hook_answers(&bed), ["ROLLBACK"]);
    assert_eq!(running(&bed), "acme-dev-app:1");
    let out = r.json();
    let evidence = out["gates"][0]["evidence"][0].as_str().unwrap();
    assert!(evidence.contains("samples") && evidence.contains("p="), "{out}");

    // 4% slower, every sample: the test is sure, the shift is harmless.
    let slightly = json!([0.208, 0.218, 0.198, 0.213, 0.203, 0.224, 0.192, 0.208]);
    let (bed, r) = latency_at_the_test_hook(slightly);
    r.code(0).stderr_has("gate latency (latency green vs blue): pass 3/3");
    assert_eq!(hook_answers(&bed), ["CONTINUE"]);
    assert_eq!(running(&bed), "acme-dev-app:2");
}

#[test]
fn too_little_traffic_is_inconclusive_and_past_the_limit_fails_with_that_reason() {
    let (bed, p) = canary_gated_at_the_test_hook(
        "name: errors\ntype: compare\nphase: test\nmetric: error_rate\nperiod: 1s\ninterval: 200ms\nmin_requests: 500\ninconclusive_limit: 2",
    );
    traffic(&bed, &p, "blue", 1000.0, 1.0, -600.0, false);
    traffic(&bed, &p, "green", 3.0, 0.0, -600.0, false);
    let r = run(p.shipper("v1.2.0").args(["--output", "json", "deploy"]).args(POLL));
    r.code(3)
        .stderr_has("gate errors (error_rate green vs blue): not yet 1/2 allowed")
        .stderr_has("too few requests to compare (at least 500 on each side)")
        .stderr_has("evidence: inconclusive 3 times, more than the 2 allowed (inconclusive_limit)");
    no_crash(&r);
    assert_eq!(hook_answers(&bed), ["ROLLBACK"]);
    let record = &r.json()["gates"][0];
    assert_eq!(
        (record["verdict"].as_str(), record["inconclusive"].as_u64()),
        (Some("failed"), Some(3))
    );
}

/// A BLUE_GREEN service, deployed once, gated at its production hook by green's error rate
/// against blue's own before the shift; blue's traffic before it has 2 errors in 200.
fn gated_against_before() -> (Bed, Project) {
    let bed = Bed::start();
    let p = deployed(
        &bed,
        blue_green(&["POST_PRODUCTION_TRAFFIC_SHIFT"]),
        &gate(
            "name: errors\ntype: compare\nphase: production\nmetric: error_rate\nagainst: before\nperiod: 1s\ninterval: 300ms\npasses: 2",
        ),
    );
    traffic(&bed, &p, "blue", 200.0, 2.0, -600.0, false);
    (bed, p)
}

#[test]
fn against_before_fails_green_worse_than_blue_was_before_an_all_at_once_shift() {
    let (bed, p) = gated_against_before();
    traffic(&bed, &p, "green", 200.0, 6.0, -600.0, false);
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    r.code(3)
        .stderr_has("gate `errors` failed: answering the pause hook with ROLLBACK")
        .stderr_has("evidence: 5xx rate (blue: before the shift): green 3% (")
        .stderr_has("vs blue 1% (")
        .stderr_has("worse — above blue's +50% and +1 points (limit 2%)");
    no_crash(&r);
    assert_eq!(hook_answers(&bed), ["ROLLBACK"]);
    assert_eq!(running(&bed), "acme-dev-app:1");
}

#[test]
fn against_before_compares_green_with_blue_before_an_all_at_once_shift() {
    // Green serves after the shift with the error rate blue had before it.
    let (bed, p) = gated_against_before();
    traffic(&bed, &p, "green", 200.0, 2.0, -600.0, false);
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    r.code(0)
        .stderr_has("gate errors (error_rate green vs blue before the shift): pass 2/2")
        .stderr_has("5xx rate (blue: before the shift): green 1% (");
    assert_eq!(hook_answers(&bed), ["CONTINUE"]);
    let reads: Vec<_> =
        bed.requests().into_iter().filter(|r| r.action == "GetMetricData").collect();
    // Green's window starts at the shift; blue's is as long, just before it: one call spans both.
    let span =
        |q: &crate::support::bed::Request, key: &str| q.body[key].as_f64().unwrap_or_default();
    let last = reads.last().unwrap();
    assert!(span(last, "EndTime") - span(last, "StartTime") >= 2.0, "{:?}", last.body);
}

#[test]
fn malformed_compare_gates_are_refused_before_any_write_by_name() {
    let refused = |deployment: Value, yaml: &str, says: &str| {
        let bed = Bed::start();
        let p = Project::blue_green(&bed, deployment, &gate(yaml));
        let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
        r.code(1).stderr_has(says);
        no_crash(&r);
        let log = bed.requests();
        assert!(
            log.iter()
                .all(|r| !["RegisterTaskDefinition", "UpdateService"].contains(&r.action.as_str())),
            "no write: {:?}",
            log.actions("ecs")
        );
    };
    refused(
        linear(),
        "name: odd\ntype: compare\nphase: steps\nmetric: errors_per_minute",
        "gate `odd`: `metric: errors_per_minute` is neither `error_rate` nor `latency`",
    );
    refused(
        linear(),
        "name: own\ntype: compare\nphase: steps\nnamespace: Acme\nmetric: Checkouts\ndimensions: {Service: app}",
        "gate `own`: the metric `Checkouts` has no `{target_group}` in its `dimensions`",
    );
    let bed = Bed::start();
    let p = Project::blue_green(
        &bed,
        linear(),
        &gate("name: lonely\ntype: compare\nphase: steps\nmetric: error_rate"),
    );
    let mut def: Value = serde_json::from_str(&p.read("ecs-service-def.json")).unwrap();
    def.as_object_mut().unwrap().remove("loadBalancers");
    p.write("ecs-service-def.json", &def.to_string());
    run(p.shipper("v1.2.0").arg("deploy")).code(1).stderr_has(
        "gate `lonely`: ecs-service-def.json has no load balancer with target groups for green and blue",
    );
    assert!(bed.requests().iter().all(|r| r.action != "UpdateService"));
    refused(
        blue_green(&["POST_PRODUCTION_TRAFFIC_SHIFT"]),
        "name: late\ntype: compare\nphase: production\nmetric: error_rate",
        "gate `late`: `against: blue` at the production phase: by then production traffic has all moved to green and blue serves nothing",
    );
}

#[test]
fn the_canary_example_plans_its_comparative_gates() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/canary/config.yaml");
    let r = run(p
        .bare(&["--output", "json", "deploy", "--dry-run", "--config", config])
        .env("IMAGE_TAG", "v1.2.0"));
    r.code(0);
    assert_eq!(
        r.json()["strategy"],
        json!({"name": "CANARY", "gates": {"test": ["latency"], "steps": ["errors"], "bake": ["errors-after"]}})
    );
}
