//! `shipper status` of a daemon: what it runs, on how many instances of each capacity provider,
//! its latest deployment (instances moved, circuit breaker, alarms, rollback) and the recent
//! ones.

use serde_json::json;

use crate::cli::StatusArgs;
use crate::context::Context;
use crate::ecs;
use crate::error::{Exit, Result};
use crate::model::ser::to_value;
use crate::output::{table, timestamp, when};

pub async fn run(ctx: &Context, _args: &StatusArgs) -> Result<Exit> {
    let (rendered, clients, current) = super::manage::existing(ctx, "show").await?;
    let Some((arn, detail)) = &current.daemon else { return Ok(Exit::Success) };
    let history = super::rollback::history(clients, arn).await?;
    let running = current.task_definition.as_ref().map(|(_, a)| a.as_str());
    let status = detail.status().map_or("?", |s| s.as_str());
    let providers: Vec<(String, i32, i32)> = detail
        .current_revisions()
        .iter()
        .flat_map(|r| r.capacity_providers())
        .map(|p| {
            let name = crate::diff::daemon::capacity_provider_name(p.arn().unwrap_or("?"));
            (name, p.running_count(), p.without_daemon_count())
        })
        .collect();
    if ctx.out.is_json() {
        ctx.out.json(&json!({
            "daemon": current.name,
            "arn": arn,
            "cluster": rendered.config.cluster,
            "status": status,
            "daemon_task_definition": running,
            "capacity_providers": providers.iter().map(|(name, running, without)| json!({
                "name": name, "running": running, "without_daemon": without,
            })).collect::<Vec<_>>(),
            "deployment": current.deployment.as_ref().map(|d| to_value(d)),
            "deployments": history.iter().take(5).map(|e| json!({
                "arn": e.deployment.daemon_deployment_arn(),
                "status": e.deployment.status().map(|s| s.as_str()),
                "daemon_task_definition": e.revision.as_ref().and_then(|r| r.daemon_task_definition_arn()),
                "created_at": timestamp(e.deployment.created_at()),
                "finished_at": timestamp(e.deployment.finished_at()),
            })).collect::<Vec<_>>(),
        }));
        return Ok(Exit::Success);
    }
    let mut text = format!(
        "daemon {} (cluster {}): {status}, daemon task definition {}\n",
        current.name,
        rendered.config.cluster,
        running.map_or("-", ecs::short_name)
    );
    text.push_str("\ninstances per capacity provider:\n");
    for (name, running, without) in &providers {
        text.push_str(&format!("  {name}: {running} running the daemon, {without} without it\n"));
    }
    if let Some(d) = &current.deployment {
        text.push_str(&format!("\nlatest deployment: {}\n", crate::wait::daemon::row(d)));
        if let Some(reason) = d.status_reason() {
            text.push_str(&format!("  reason: {reason}\n"));
        }
        if let Some(rollback) = d.rollback() {
            text.push_str(&format!("  rolled back: {}\n", rollback.reason().unwrap_or("?")));
        }
    }
    if !history.is_empty() {
        text.push_str("\nrecent deployments:\n");
        let mut rows = vec![
            ["STATUS", "DAEMON TASK DEFINITION", "STARTED", "FINISHED"].map(String::from).to_vec(),
        ];
        for e in history.iter().take(5) {
            rows.push(vec![
                e.deployment.status().map_or("?", |s| s.as_str()).to_string(),
                e.revision
                    .as_ref()
                    .and_then(|r| r.daemon_task_definition_arn())
                    .map_or("?", ecs::short_name)
                    .to_string(),
                when(e.deployment.created_at()),
                when(e.deployment.finished_at()),
            ]);
        }
        text.push_str(&table(&rows).lines().map(|l| format!("  {l}\n")).collect::<String>());
    }
    ctx.out.data(&text);
    Ok(Exit::Success)
}
