//! `shipper tasks`: the service's tasks (status, revision, health, why they stopped), and
//! `--stop` to stop them (the service scheduler starts replacements).

use aws_sdk_ecs::types::{DesiredStatus, Task};
use serde_json::json;

use super::service::Existing;
use crate::cli::TasksArgs;
use crate::context::Context;
use crate::ecs;
use crate::error::{Error, Exit, Result};
use crate::output::{table, when};

pub async fn run(ctx: &Context, args: &TasksArgs) -> Result<Exit> {
    let Existing { rendered, clients, name, .. } = Existing::load(ctx, "list").await?;
    let cluster = &rendered.config.cluster;
    let mut tasks =
        service_tasks(clients, cluster, &name, args.stopped || args.id.is_some()).await?;
    if let Some(id) = &args.id {
        tasks.retain(|t| task_id(t.task_arn().unwrap_or_default()) == task_id(id));
        if tasks.is_empty() {
            return Err(Error::new(format!("service {name} has no task {id}"))
                .hint("`shipper tasks --stopped` lists the service's tasks and their ids"));
        }
    }
    if args.stop {
        return stop(ctx, clients, cluster, &name, &tasks, args.force).await;
    }
    if ctx.out.is_json() {
        ctx.out.json(&json!(tasks.iter().map(task_json).collect::<Vec<_>>()));
        return Ok(Exit::Success);
    }
    if tasks.is_empty() {
        ctx.out.info(&format!(
            "service {name} has no {}",
            if args.stopped { "tasks" } else { "running tasks" }
        ));
        return Ok(Exit::Success);
    }
    let mut rows = vec![
        ["TASK", "REVISION", "STATUS", "HEALTH", "STARTED", "STOPPED"].map(String::from).to_vec(),
    ];
    for t in &tasks {
        let status = match (t.last_status(), t.desired_status()) {
            (Some(last), Some(desired)) if last != desired => format!("{last} → {desired}"),
            (last, _) => last.unwrap_or("?").to_string(),
        };
        rows.push(vec![
            task_id(t.task_arn().unwrap_or_default()).to_string(),
            t.task_definition_arn().map(ecs::short_name).unwrap_or("-").to_string(),
            status,
            t.health_status().map_or("-", |h| h.as_str()).to_string(),
            when(t.started_at()),
            stopped_why(t).unwrap_or_default(),
        ]);
    }
    ctx.out.data(&table(&rows));
    Ok(Exit::Success)
}

/// The service's running tasks, and its stopped ones too if `stopped`, newest first.
pub async fn service_tasks(
    clients: &crate::aws::Clients,
    cluster: &str,
    service: &str,
    stopped: bool,
) -> Result<Vec<Task>> {
    let running = clients.ecs.list_tasks().service_name(service);
    let mut tasks = ecs::all_tasks(clients, cluster, running, service).await?;
    if stopped {
        let list =
            clients.ecs.list_tasks().service_name(service).desired_status(DesiredStatus::Stopped);
        tasks.extend(ecs::all_tasks(clients, cluster, list, service).await?);
    }
    tasks.sort_by_key(|t| {
        std::cmp::Reverse(t.created_at().map(aws_smithy_types::DateTime::as_nanos))
    });
    Ok(tasks)
}

async fn stop(
    ctx: &Context,
    clients: &crate::aws::Clients,
    cluster: &str,
    service: &str,
    tasks: &[Task],
    force: bool,
) -> Result<Exit> {
    let running: Vec<&Task> =
        tasks.iter().filter(|t| t.desired_status() != Some("STOPPED")).collect();
    if running.is_empty() {
        ctx.out.info(&format!("service {service}: no running task to stop"));
        return Ok(Exit::Success);
    }
    let ids: Vec<&str> =
        running.iter().map(|t| task_id(t.task_arn().unwrap_or_default())).collect();
    if !force {
        let question = format!(
            "Stop {} task(s) of service {service} ({})? The service starts replacements. Type yes:",
            ids.len(),
            ids.join(", ")
        );
        if !matches!(ctx.out.ask(&question).as_deref(), Some("yes" | "y")) {
            return Err(Error::new("not confirmed: no task was stopped")
                .hint("answer `yes`, or pass --force to stop without asking"));
        }
    }
    for (task, id) in running.iter().zip(&ids) {
        let arn = task.task_arn().unwrap_or_default();
        clients
            .ecs
            .stop_task()
            .cluster(cluster)
            .task(arn)
            .reason("stopped with shipper tasks --stop")
            .send()
            .await
            .map_err(|e| Error::aws("ecs:StopTask", arn, e))?;
        ctx.out.success(&format!("stopped task {id}"));
    }
    Ok(Exit::Success)
}

fn task_json(t: &Task) -> serde_json::Value {
    json!({
        "id": task_id(t.task_arn().unwrap_or_default()),
        "arn": t.task_arn(),
        "task_definition": t.task_definition_arn(),
        "revision": t.task_definition_arn().map(ecs::revision_of),
        "last_status": t.last_status(),
        "desired_status": t.desired_status(),
        "health": t.health_status().map(|h| h.as_str()),
        "started_at": t.started_at().map(|at| when(Some(at))),
        "stopped_at": t.stopped_at().map(|at| when(Some(at))),
        "stopped_reason": t.stopped_reason(),
        "stop_code": t.stop_code().map(|c| c.as_str()),
        "containers": t.containers().iter().map(|c| json!({
            "name": c.name(), "last_status": c.last_status(), "exit_code": c.exit_code(),
            "reason": c.reason(), "health": c.health_status().map(|h| h.as_str()),
        })).collect::<Vec<_>>(),
    })
}

/// Why a stopped task stopped: its reason and non-zero container exits.
fn stopped_why(t: &Task) -> Option<String> {
    let reason = t.stopped_reason()?;
    let mut text = reason.to_string();
    for c in t.containers() {
        if let Some(code) = c.exit_code().filter(|c| *c != 0) {
            text.push_str(&format!("; {} exited {code}", c.name().unwrap_or("?")));
        }
    }
    Some(text)
}

/// `arn:aws:ecs:…:task/cluster/0123abcd` (or the bare id) → `0123abcd`.
pub fn task_id(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}
