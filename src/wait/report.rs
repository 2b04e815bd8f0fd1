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
        lines.extend(log_tails(clients, &tasks).await);
    }
    lines
}

/// How many stopped tasks' logs to quote, and how many lines of each container.
const LOG_TASKS: usize = 2;
const LOG_LINES: i32 = 10;

/// The last lines the stopped tasks' containers wrote (awslogs), most recent task first: the
/// error that made them exit is usually there. Best effort, like the rest of the report.
pub async fn log_tails(clients: &Clients, tasks: &[ecs::StoppedTask]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut definition: Option<(String, Vec<crate::logs::LogTarget>)> = None;
    for task in tasks.iter().take(LOG_TASKS) {
        if definition.as_ref().is_none_or(|(arn, _)| *arn != task.task_definition) {
            let Ok((td, tags)) =
                ecs::describe_task_definition(clients, &task.task_definition).await
            else {
                continue;
            };
            let json = crate::model::TaskDefinition::from_sdk(&td, &tags).json;
            definition = Some((task.task_definition.clone(), crate::logs::targets(&json)));
        }
        let Some((_, targets)) = &definition else { continue };
        let id = task.task.rsplit('/').next().unwrap_or_default();
        for target in targets {
            let Some(stream) = target.stream(id) else { continue };
            let Ok(tail) =
                crate::logs::last_lines(clients, &target.group, &stream, LOG_LINES).await
            else {
                continue;
            };
            if !tail.is_empty() {
                lines.push(format!(
                    "last log lines of task {id} container {} ({}):",
                    target.container, target.group
                ));
                lines.extend(tail.into_iter().map(|l| format!("  | {l}")));
            }
        }
    }
    lines
}
