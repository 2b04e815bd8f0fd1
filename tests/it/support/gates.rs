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
