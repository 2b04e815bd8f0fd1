//! Helpers for tests of deployments with gates: the blue/green example, gate sections, and what
//! the bed saw of pause hooks.

use serde_json::{Value, json};

use super::bed::Bed;
use super::project::Project;
use super::shipper::run;
use super::{block_on, service_of};

pub const POLL: [&str; 2] = ["--poll-interval", "100ms"];

pub fn running(bed: &Bed) -> String {
    let service = block_on(service_of(bed, "acme-dev-cluster", "acme-dev-app"));
    service.task_definition().unwrap().rsplit('/').next().unwrap().to_string()
}

/// A BLUE_GREEN configuration with PAUSE hooks on `stages`.
pub fn blue_green(stages: &[&str]) -> Value {
    let mut config = json!({"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 0});
    if !stages.is_empty() {
        config["lifecycleHooks"] = json!([{"targetType": "PAUSE", "lifecycleStages": stages,
            "timeoutConfiguration": {"timeoutInMinutes": 60, "action": "ROLLBACK"}}]);
    }
    config
}

/// A gate section with one gate.
pub fn gate(yaml: &str) -> String {
    format!("  gates:\n    checks:\n      - {}\n", yaml.trim().replace('\n', "\n        "))
}

/// The project, deployed once (v1.1.0: revision 1, the first deployment rolls like ROLLING).
pub fn deployed(bed: &Bed, deployment: Value, shipper: &str) -> Project {
    let p = Project::blue_green(bed, deployment, shipper);
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.clear_requests();
    p
}

/// The hook answers shipper sent, in order.
pub fn hook_answers(bed: &Bed) -> Vec<String> {
    bed.requests()
        .iter()
        .filter(|r| r.action == "ContinueServiceDeployment")
        .map(|r| r.body["action"].as_str().unwrap_or_default().to_string())
        .collect()
}

pub fn probe_gate(bed: &Bed) -> String {
    gate(&format!(
        "name: probe\ntype: http\nphase: test\nurl: {}\ninterval: 100ms\npasses: 2\njson: {{path: status, equals: ok}}",
        bed.probe_url("/api/health")
    ))
}

/// The CloudWatch dimensions of the seed's target group `side` (`blue` or `green`) on its load
/// balancer, as the ALB publishes them (`targetgroup/NAME/ID`, `app/NAME/ID`).
pub fn alb_dimensions(p: &Project, side: &str) -> Value {
    let after =
        |arn: &Value, marker: &str| arn.as_str().unwrap().split_once(marker).unwrap().1.to_string();
    json!({
        "TargetGroup": format!("targetgroup/{}", after(&p.seed["target_groups"][side], ":targetgroup/")),
        "LoadBalancer": after(&p.seed["load_balancer"]["arn"], ":loadbalancer/"),
    })
}

/// Scripts an ALB metric of `side`'s target group over time, from `from` seconds (relative to
/// now) on: `values` cycle one per period (see the bed's `series`). `append` keeps what was
/// scripted before `from`.
pub fn alb_series(
    bed: &Bed,
    p: &Project,
    side: &str,
    metric: &str,
    values: Value,
    from: f64,
    append: bool,
) {
    bed.metrics(json!({
        "namespace": "AWS/ApplicationELB", "metric": metric, "dimensions": alb_dimensions(p, side),
        "series": [{"from": from, "values": values}], "append": append
    }));
}

/// `requests` per period on `side`, `errors` of them 5xx, from `from` seconds on.
pub fn traffic(
    bed: &Bed,
    p: &Project,
    side: &str,
    requests: f64,
    errors: f64,
    from: f64,
    append: bool,
) {
    alb_series(bed, p, side, "RequestCount", json!([requests]), from, append);
    alb_series(bed, p, side, "HTTPCode_Target_5XX_Count", json!([errors]), from, append);
}

/// A time-paced rollout (`step_seconds` per lifecycle stage), for gates that watch steps.
pub fn paced(bed: &Bed, step_seconds: f64) {
    bed.plan(json!({"service": "*", "mode": "time", "step_seconds": step_seconds, "count": 0}));
}

/// Blocks until the service's newest deployment sends `weight`% of production traffic to green.
pub fn wait_for_production_weight(bed: &Bed, weight: f64) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let state = bed.state();
        let reached = state["services"].as_array().into_iter().flatten().any(|s| {
            s["deployments"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|d| d["productionWeight"].as_f64() == Some(weight))
        });
        if reached {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "never reached {weight}%: {state}");
        std::thread::sleep(std::time::Duration::from_millis(40));
    }
}
