//! Why a deployment failed, in the words a person needs: circuit-breaker counts, alarms that
//! fired, ECS's own rollback reason, the last service events, and why tasks stopped.

use aws_sdk_ecs::types::{DesiredStatus, ServiceDeployment};

use crate::aws::Clients;
use crate::ecs;

/// How many stopped tasks and events to show.
const SHOW: usize = 5;

/// Lines explaining a failed deployment of `task_definition`.
pub async fn failure_details(
    clients: &Clients,
    cluster: &str,
    service: &str,
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
            lines.push(format!("circuit breaker: {} failed tasks (threshold {})", cb.failure_count(), cb.threshold()));
        }
        if let Some(alarms) = sd.alarms()
            && !alarms.triggered_alarm_names().is_empty()
        {
            lines.push(format!("alarms in ALARM: {}", alarms.triggered_alarm_names().join(", ")));
        }
        if let Some(reason) = sd.rollback().and_then(|r| r.reason()) {
            lines.push(format!("rollback: {reason}"));
        }
    }
    if let Ok(Some(svc)) = ecs::describe_service(clients, cluster, service).await {
        let mut events: Vec<_> = svc.events().iter().collect();
        events.sort_by_key(|e| std::cmp::Reverse(e.created_at().map(aws_smithy_types::DateTime::as_nanos)));
        for event in events.iter().take(SHOW).rev() {
            lines.push(format!("event: {}", event.message().unwrap_or_default()));
        }
    }
    lines.extend(stopped_tasks(clients, cluster, service, task_definition).await);
    lines
}

/// `task 1a2b (acme-dev-app:5) stopped: Essential container in task exited; container app exited 1`.
async fn stopped_tasks(clients: &Clients, cluster: &str, service: &str, task_definition: &str) -> Vec<String> {
    let Ok(list) = clients
        .ecs
        .list_tasks()
        .cluster(cluster)
        .service_name(service)
        .desired_status(DesiredStatus::Stopped)
        .send()
        .await
    else {
        return Vec::new();
    };
    let arns = list.task_arns().to_vec();
    if arns.is_empty() {
        return Vec::new();
    }
    let Ok(described) = clients.ecs.describe_tasks().cluster(cluster).set_tasks(Some(arns)).send().await else {
        return Vec::new();
    };
    let mut tasks: Vec<_> =
        described.tasks().iter().filter(|t| t.task_definition_arn() == Some(task_definition)).collect();
    tasks.sort_by_key(|t| std::cmp::Reverse(t.stopped_at().map(aws_smithy_types::DateTime::as_nanos)));
    tasks
        .iter()
        .take(SHOW)
        .map(|task| {
            let id = task.task_arn().and_then(|a| a.rsplit('/').next()).unwrap_or("?");
            let td = task.task_definition_arn().map(ecs::short_name).unwrap_or("?");
            let mut line = format!("task {id} ({td}) stopped: {}", task.stopped_reason().unwrap_or("no reason given"));
            for container in task.containers() {
                if let Some(code) = container.exit_code() {
                    line.push_str(&format!("; container {} exited {code}", container.name().unwrap_or("?")));
                }
                if let Some(reason) = container.reason() {
                    line.push_str(&format!(" ({reason})"));
                }
            }
            line
        })
        .collect()
}
