//! Why a deployment failed, in the words a person needs: circuit-breaker counts, alarms that
//! fired, ECS's own rollback reason, the last service events, and why tasks stopped.

use aws_sdk_ecs::types::{Service, ServiceDeployment};

use crate::aws::Clients;
use crate::ecs;

/// How many stopped tasks and events to show.
const SHOW: usize = 5;

/// Lines explaining a failed deployment of `task_definition`; `now` is the service as last read.
pub async fn failure_details(
    clients: &Clients,
    cluster: &str,
    service: &str,
    now: Option<&Service>,
    task_definition: &str,
    deployment: Option<&ServiceDeployment>,
) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(sd) = deployment {
        if let Some(reason) = sd.status_reason() {
            lines.push(format!("reason: {reason}"));
        }
        if let Some(cb) = sd.deployment_circuit_breaker()
            && cb.failure_count() > 0
        {
            lines.push(format!(
                "circuit breaker: {} failed tasks (threshold {})",
                cb.failure_count(),
                cb.threshold()
            ));
        }
        if let Some(alarms) = sd.alarms()
            && !alarms.triggered_alarm_names().is_empty()
        {
            lines.push(format!("alarms in ALARM: {}", alarms.triggered_alarm_names().join(", ")));
        }
        // ECS often gives the rollback the deployment's own reason: say it once.
        if let Some(reason) = sd.rollback().and_then(|r| r.reason())
            && sd.status_reason() != Some(reason)
        {
            lines.push(format!("rollback: {reason}"));
        }
    }
    if let Some(svc) = now {
        let mut events: Vec<_> = svc.events().iter().collect();
        events.sort_by_key(|e| {
            std::cmp::Reverse(e.created_at().map(aws_smithy_types::DateTime::as_nanos))
        });
        for event in events.iter().take(SHOW).rev() {
            lines.push(format!(
                "event: {}",
                crate::output::progress::event_text(event.message().unwrap_or_default())
            ));
        }
    }
    // The failure is already known; a failed read of the tasks must not hide it.
    if let Ok(tasks) =
        ecs::stopped_tasks(clients, cluster, service, Some(task_definition), SHOW).await
    {
        lines.extend(tasks.iter().map(ecs::StoppedTask::summary));
    }
    lines
}
