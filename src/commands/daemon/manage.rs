//! The start the daemon commands share (the config alone, the daemon as ECS reports it),
//! `shipper wait` and `shipper delete` of a daemon.

use std::time::Duration;

use aws_sdk_ecs::types::{DaemonDeployment, DaemonDeploymentStatus as Status};
use serde_json::json;

use crate::aws::Clients;
use crate::cli::{DeleteArgs, FollowArgs, WaitCmdArgs};
use crate::config::Config;
use crate::context::Context;
use crate::ecs;
use crate::error::{Error, Exit, Result};
use crate::render::Want;
use crate::state::Rendered;
use crate::state::daemon::CurrentDaemon;
use crate::wait::daemon::{Watch, follow};

/// The config and the daemon it names, which must exist. `what` completes "nothing to …".
pub async fn existing<'a>(
    ctx: &'a Context,
    what: &str,
) -> Result<(Rendered, &'a Clients, CurrentDaemon)> {
    let rendered = ctx.render(Want::CONFIG).await?;
    let config = &rendered.config;
    if config.daemon.is_none() {
        return Err(Error::new(format!(
            "{}: `daemon` is not set, so there is nothing to {what}",
            config.path.display()
        )));
    }
    let clients = ctx.clients(config).await?;
    let current = CurrentDaemon::read(clients, config, None).await?;
    if current.daemon.is_none() {
        return Err(Error::new(format!(
            "daemon {} does not exist in cluster {}",
            current.name, config.cluster
        ))
        .hint("`shipper deploy` creates it"));
    }
    Ok((rendered, clients, current))
}

/// The daemon's deployment in progress, if any.
pub fn in_flight(current: &CurrentDaemon) -> Option<&DaemonDeployment> {
    current.deployment.as_ref().filter(|d| {
        matches!(
            d.status(),
            Some(
                Status::Pending
                    | Status::InProgress
                    | Status::RollbackInProgress
                    | Status::StopRequested
            )
        )
    })
}

/// How long to follow: `--timeout`, the config's `timeout`, then the default.
pub fn timeout(ctx: &Context, config: &Config) -> Duration {
    ctx.settings.timeout.or(config.timeout).unwrap_or(crate::config::DEFAULT_TIMEOUT)
}

/// Follows the deployment in progress to its end.
pub async fn follow_in_flight(
    ctx: &Context,
    clients: &Clients,
    config: &Config,
    current: &CurrentDaemon,
    wait: &FollowArgs,
) -> Result<DaemonDeployment> {
    let deployment = in_flight(current).ok_or_else(|| Error::new("no deployment in progress"))?;
    let target = deployment.target_daemon_revision().and_then(|t| t.arn()).map(String::from);
    let task_definition = match target {
        Some(arn) => ecs::daemon::revisions(clients, &[arn])
            .await?
            .first()
            .and_then(|r| r.daemon_task_definition_arn())
            .map(String::from)
            .unwrap_or_default(),
        None => String::new(),
    };
    let watch = Watch {
        daemon: current.name.clone(),
        deployment: deployment.daemon_deployment_arn().unwrap_or_default().to_string(),
        task_definition,
        poll: wait.poll_interval.max(crate::cli::MIN_POLL),
        timeout: timeout(ctx, config),
    };
    follow(ctx, clients, watch, &config.path).await
}

/// `shipper wait`: follows the daemon's deployment in progress (again) to its end.
pub async fn wait(ctx: &Context, args: &WaitCmdArgs) -> Result<Exit> {
    if args.follow.wait_until.is_some() {
        return Err(Error::new(
            "--wait-until names ECS lifecycle stages; a daemon deployment has none",
        ));
    }
    let (rendered, clients, current) = existing(ctx, "wait for").await?;
    let running = current.task_definition.as_ref().map_or("?", |(_, arn)| ecs::short_name(arn));
    if in_flight(&current).is_none() {
        ctx.out.info(&format!(
            "daemon {}: no deployment in progress; it runs {running}",
            current.name
        ));
        if ctx.out.is_json() {
            ctx.out.json(&json!({"status": "stable", "daemon": current.name}));
        }
        return Ok(Exit::Success);
    }
    let done = follow_in_flight(ctx, clients, &rendered.config, &current, &args.follow).await?;
    let instances = done.target_daemon_revision().and_then(|t| t.total_running_instance_count());
    ctx.out.success(&format!(
        "daemon {}: the deployment succeeded; {} instances run the new revision",
        current.name,
        instances.unwrap_or(0)
    ));
    if ctx.out.is_json() {
        ctx.out.json(&json!({"status": "succeeded", "daemon": current.name}));
    }
    Ok(Exit::Success)
}

/// `shipper delete`: deletes the daemon after the user typed its name (or `--force`). ECS stops
/// its task on every instance.
pub async fn delete(ctx: &Context, args: &DeleteArgs) -> Result<Exit> {
    let (rendered, clients, current) = existing(ctx, "delete").await?;
    let name = current.name.clone();
    let arn = current.arn().unwrap_or_default().to_string();
    let instances: i32 = current
        .daemon
        .as_ref()
        .map(|(_, d)| d.current_revisions().iter().map(|r| r.total_running_count()).sum())
        .unwrap_or(0);
    let what = format!(
        "daemon {name} in cluster {} (running on {instances} instances)",
        rendered.config.cluster
    );
    if args.dry_run {
        ctx.out.info(&format!("would delete {what}; dry run: nothing changed"));
        return Ok(Exit::Success);
    }
    if !args.force {
        let answer = ctx.out.ask(&format!("Delete {what}? Type the daemon name to confirm:"));
        if answer.as_deref() != Some(name.as_str()) {
            return Err(Error::new("not confirmed: the daemon was not deleted").hint(format!(
                "type `{name}` when asked, or pass --force to delete without asking"
            )));
        }
    }
    clients
        .ecs
        .delete_daemon()
        .daemon_arn(&arn)
        .send()
        .await
        .map_err(|e| Error::aws("ecs:DeleteDaemon", &arn, e))?;
    ctx.out.success(&format!("deleted daemon {name}; ECS stops its task on every instance"));
    if ctx.out.is_json() {
        ctx.out.json(&json!({"deleted": name, "daemon": arn}));
    }
    Ok(Exit::Success)
}
