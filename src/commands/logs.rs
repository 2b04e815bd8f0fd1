//! `shipper logs`: what the service's containers (or one task's) wrote to CloudWatch Logs.
//!
//! The streams come from the tasks (running and recently stopped) and their task definitions'
//! awslogs settings, so only this service's lines are shown even when several services share a
//! log group. `--follow` polls every two seconds until interrupted.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use aws_sdk_ecs::types::Task;

use super::service::Existing;
use super::tasks::{service_tasks, task_id};
use crate::aws::Clients;
use crate::cli::LogsArgs;
use crate::context::Context;
use crate::ecs;
use crate::error::{Error, Exit, Result};
use crate::logs::{self, Line};
use crate::model::TaskDefinition;

const FOLLOW_EVERY: Duration = Duration::from_secs(2);

pub async fn run(ctx: &Context, args: &LogsArgs) -> Result<Exit> {
    let Existing { rendered, clients, name, .. } = Existing::load(ctx, "show logs of").await?;
    let cluster = &rendered.config.cluster;
    let mut seen = HashSet::new();
    let mut start = now_ms() - i64::try_from(args.since.as_millis()).unwrap_or(i64::MAX / 2);
    loop {
        let tasks = service_tasks(clients, cluster, &name, true).await?;
        let tasks: Vec<&Task> = match &args.id {
            Some(id) => {
                let found: Vec<&Task> = tasks
                    .iter()
                    .filter(|t| task_id(t.task_arn().unwrap_or_default()) == task_id(id))
                    .collect();
                if found.is_empty() {
                    return Err(Error::new(format!("service {name} has no task {id}")).hint(
                        "`shipper tasks --stopped` lists the service's tasks and their ids",
                    ));
                }
                found
            }
            None => tasks.iter().collect(),
        };
        let streams = streams(ctx, clients, &tasks, args.container.as_deref()).await?;
        let mut lines = Vec::new();
        for (group, names) in &streams {
            for event in logs::events(clients, group, names, start).await? {
                let id = event.event_id.clone().unwrap_or_default();
                if !seen.insert(id.clone()) {
                    continue;
                }
                let (container, task) =
                    logs::stream_parts(event.log_stream_name().unwrap_or_default());
                lines.push(Line {
                    container,
                    task,
                    timestamp: event.timestamp.unwrap_or(0),
                    message: event.message.unwrap_or_default().trim_end().to_string(),
                    event_id: id,
                });
            }
        }
        lines.sort_by_key(|l| l.timestamp);
        print(ctx, &lines, args.follow);
        if !args.follow {
            if lines.is_empty() && !ctx.out.is_json() {
                ctx.out.info(&format!(
                    "no log lines in the last {}",
                    humantime::format_duration(args.since)
                ));
            }
            return Ok(Exit::Success);
        }
        // Lines can arrive late (ingestion lags); look back a little and rely on `seen`.
        if let Some(last) = lines.last() {
            start = start.max(last.timestamp - 60_000);
        }
        tokio::time::sleep(FOLLOW_EVERY).await;
    }
}

/// log group → the streams of these tasks' awslogs containers in it.
async fn streams(
    ctx: &Context,
    clients: &Clients,
    tasks: &[&Task],
    container: Option<&str>,
) -> Result<BTreeMap<String, Vec<String>>> {
    let mut definitions: BTreeMap<String, Vec<logs::LogTarget>> = BTreeMap::new();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut any_target = false;
    for task in tasks {
        let Some(arn) = task.task_definition_arn() else { continue };
        if !definitions.contains_key(arn) {
            let (td, tags) = ecs::describe_task_definition(clients, arn).await?;
            definitions
                .insert(arn.to_string(), logs::targets(&TaskDefinition::from_sdk(&td, &tags).json));
        }
        for target in &definitions[arn] {
            if container.is_some_and(|c| c != target.container) {
                continue;
            }
            any_target = true;
            if target.region.as_deref().is_some_and(|r| r != clients.region) {
                ctx.out.warn(&format!(
                    "container {} logs to region {}; shipper reads {} only (pass --region)",
                    target.container,
                    target.region.as_deref().unwrap_or_default(),
                    clients.region
                ));
                continue;
            }
            if let Some(stream) = target.stream(task_id(task.task_arn().unwrap_or_default())) {
                out.entry(target.group.clone()).or_default().push(stream);
            }
        }
    }
    if !any_target && !tasks.is_empty() {
        let which = container
            .map_or_else(|| "no container".to_string(), |c| format!("container {c} does not"));
        return Err(Error::new(format!("{which} of the service's tasks logs to CloudWatch Logs"))
            .hint("shipper reads the awslogs log driver (logConfiguration.logDriver: awslogs with awslogs-group and awslogs-stream-prefix)"));
    }
    Ok(out)
}

fn print(ctx: &Context, lines: &[Line], follow: bool) {
    if ctx.out.is_json() {
        if follow {
            for line in lines {
                ctx.out.data(&serde_json::to_string(line).unwrap_or_default());
            }
        } else {
            ctx.out.json(&serde_json::to_value(lines).unwrap_or_default());
        }
        return;
    }
    if lines.is_empty() {
        return;
    }
    let text: String = lines
        .iter()
        .map(|l| {
            let at = aws_smithy_types::DateTime::from_millis(l.timestamp);
            let short = l.task.get(..8).unwrap_or(&l.task);
            format!("{} {}/{short} {}\n", crate::output::when(Some(&at)), l.container, l.message)
        })
        .collect();
    ctx.out.data(&text);
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
