//! `shipper wait`: follow the service's deployment in progress (again) to its end.

use serde_json::json;

use super::service::Existing;
use crate::cli::WaitCmdArgs;
use crate::commands::deploy::{in_progress, newest, watch_for};
use crate::context::Context;
use crate::ecs;
use crate::error::{Exit, Result};
use crate::wait;

pub async fn run(ctx: &Context, args: &WaitCmdArgs) -> Result<Exit> {
    let Existing { rendered, clients, name, service } = Existing::load(ctx, "wait for").await?;
    let config = &rendered.config;
    let target = service
        .deployments()
        .iter()
        .find(|d| d.status() == Some("PRIMARY"))
        .and_then(|d| d.task_definition())
        .unwrap_or_default()
        .to_string();
    if in_progress(&service).is_none() && service.running_count() == service.desired_count() {
        ctx.out.info(&format!(
            "service {name} is stable: {}/{} running {}",
            service.running_count(),
            service.desired_count(),
            ecs::short_name(&target)
        ));
        if ctx.out.is_json() {
            ctx.out.json(&json!({"status": "stable", "service": name, "task_definition": target}));
        }
        return Ok(Exit::Success);
    }
    let watch =
        watch_for(&rendered, &target, newest(&service), ctx, &args.wait).after_events_of(&service);
    let done = wait::follow(ctx, clients, watch, &config.path).await?;
    ctx.out.success(&format!(
        "service {name} runs {}: {}/{} tasks running",
        ecs::short_name(&target),
        done.running_count(),
        done.desired_count()
    ));
    if ctx.out.is_json() {
        ctx.out.json(&json!({"status": "succeeded", "service": name, "task_definition": target}));
    }
    Ok(Exit::Success)
}
