//! What a person sees while shipper waits: a row per deployment, the service deployment's status
//! line, and the service events not shown yet.

use std::collections::HashSet;

use aws_sdk_ecs::types::{Service, ServiceDeployment, ServiceDeploymentStatus, ServiceEvent};
use aws_smithy_types::DateTime;

use crate::ecs;

/// One row per deployment: `PRIMARY acme-dev-app:5  running 1/2  pending 1  IN_PROGRESS`.
pub fn rows(service: &Service) -> Vec<String> {
    service
        .deployments()
        .iter()
        .map(|d| {
            let td = d.task_definition().map(ecs::short_name).unwrap_or("?");
            let state = d.rollout_state().map(|s| s.as_str().to_string()).unwrap_or_default();
            let failed = if d.failed_tasks() > 0 {
                format!("  failed {}", d.failed_tasks())
            } else {
                String::new()
            };
            format!(
                "{:<7} {td}  running {}/{}  pending {}{failed}  {state}",
                d.status().unwrap_or("?"),
                d.running_count(),
                d.desired_count(),
                d.pending_count()
            )
        })
        .collect()
}

/// `deployment IN_PROGRESS, stage TEST_TRAFFIC_SHIFT, traffic prod 0% test 100%`.
pub fn status_line(sd: &ServiceDeployment) -> String {
    let mut line =
        format!("deployment {}", sd.status().map_or("UNKNOWN", ServiceDeploymentStatus::as_str));
    if let Some(stage) = sd.lifecycle_stage() {
        line.push_str(&format!(", stage {}", stage.as_str()));
    }
    if let Some(target) = sd.target_service_revision()
        && let (Some(prod), Some(test)) =
            (target.requested_production_traffic_weight(), target.requested_test_traffic_weight())
    {
        line.push_str(&format!(", traffic prod {prod}% test {test}%"));
    }
    if let Some(cb) = sd.deployment_circuit_breaker()
        && cb.failure_count() > 0
    {
        line.push_str(&format!(", failed tasks {}/{}", cb.failure_count(), cb.threshold()));
    }
    if let Some(reason) = sd.status_reason() {
        line.push_str(&format!(" ({reason})"));
    }
    line
}

/// The service's events from `since_secs` on (two seconds of clock skew allowed) that are not in
/// `seen`, oldest first.
pub fn new_events<'a>(
    service: &'a Service,
    since_secs: i64,
    seen: &HashSet<String>,
) -> Vec<&'a ServiceEvent> {
    let since = since_secs - 2;
    // ECS lists events newest first, and several often share a timestamp: reversed, then
    // sorted stably, they read oldest first even within one second.
    let mut events: Vec<_> = service
        .events()
        .iter()
        .rev()
        .filter(|e| e.created_at().is_some_and(|t| t.secs() >= since))
        .filter(|e| e.id().is_some_and(|id| !seen.contains(id)))
        .collect();
    events.sort_by_key(|e| e.created_at().map(DateTime::as_nanos));
    events
}
