//! `shipper rollback` and `shipper revisions` of a daemon.
//!
//! A daemon's history is its deployments, each to a daemon revision (a daemon task definition
//! and the daemon's settings at the time). A rollback goes back `--count N` distinct daemon task
//! definitions among the deployments that succeeded (never forth: returning to an earlier one
//! drops what came after it, as for services), or to `--to-revision N` of the family, with one
//! UpdateDaemon of what runs now but that task definition. A deployment in flight is rolled
//! back to the revision it started from.

use aws_sdk_ecs::types::{
    DaemonDeploymentStatus as Status, DaemonDeploymentSummary, DaemonRevision,
};
use serde_json::json;

use crate::aws::Clients;
use crate::cli::{RevisionsArgs, RollbackArgs};
use crate::context::Context;
use crate::ecs;
use crate::error::{Error, Exit, Result};
use crate::output::{table, timestamp, when};
use crate::state::daemon::CurrentDaemon;
use crate::wait::daemon::{Watch, follow};

/// How many deployments back the history reaches.
const HISTORY: usize = 50;

/// A deployment of the daemon and the revision it deployed.
pub struct Entry {
    pub deployment: DaemonDeploymentSummary,
    pub revision: Option<DaemonRevision>,
}

/// The daemon's deployments, newest first, with their target revisions.
pub async fn history(clients: &Clients, arn: &str) -> Result<Vec<Entry>> {
    let deployments = ecs::daemon::deployments(clients, arn, HISTORY).await?;
    let wanted: Vec<String> = deployments
        .iter()
        .filter_map(|d| d.target_daemon_revision_arn().map(String::from))
        .collect();
    let mut revisions = Vec::new();
    for chunk in wanted.chunks(20) {
        revisions.extend(ecs::daemon::revisions(clients, chunk).await?);
    }
    Ok(deployments
        .into_iter()
        .map(|deployment| {
            let revision = revisions
                .iter()
                .find(|r| r.daemon_revision_arn() == deployment.target_daemon_revision_arn())
                .cloned();
            Entry { deployment, revision }
        })
        .collect())
}

pub async fn run(ctx: &Context, args: &RollbackArgs) -> Result<Exit> {
    if args.to_tag.is_some() || args.deregister {
        return Err(Error::new("--to-tag and --deregister do not apply to a daemon")
            .hint("go back with --count N (deployments back) or --to-revision N (of the daemon task definition family)"));
    }
    let (rendered, clients, current) = super::manage::existing(ctx, "roll back").await?;
    let config = &rendered.config;
    let arn = current.arn().unwrap_or_default().to_string();
    let from = current.task_definition.as_ref().map(|(_, a)| a.clone()).unwrap_or_default();
    let (to, reason) = choose(clients, &current, &arn, &from, args).await?;
    let (definition, _) = current
        .definition()
        .ok_or_else(|| Error::new(format!("daemon {} runs no revision", current.name)))?;
    if args.dry_run {
        if ctx.out.is_json() {
            ctx.out.json(&json!({"dry_run": true, "daemon": current.name, "from": from, "to": to, "reason": reason}));
        } else {
            ctx.out.data(&format!(
                "would roll back daemon {} from {} to {} ({reason})",
                current.name,
                ecs::short_name(&from),
                ecs::short_name(&to)
            ));
            ctx.out.info("DRY RUN: nothing was changed");
        }
        return Ok(Exit::Success);
    }
    ctx.out.info(&format!(
        "rolling back daemon {} from {} to {} ({reason})",
        current.name,
        ecs::short_name(&from),
        ecs::short_name(&to)
    ));
    let before = current.deployment.as_ref().and_then(|d| d.daemon_deployment_arn());
    let body = definition.update_json(&arn, &to);
    let deployment = crate::deploy::daemon::update(clients, &arn, &body, before).await?;
    if args.wait.no_wait {
        ctx.out.info(&format!(
            "not waiting (--no-wait): `shipper wait --config {}` follows the rollback",
            config.path.display()
        ));
        return Ok(Exit::Success);
    }
    let deployment = match deployment {
        Some(d) => d,
        None => ecs::daemon::describe(clients, &arn)
            .await?
            .deployment_arn()
            .unwrap_or_default()
            .to_string(),
    };
    let watch = Watch {
        daemon: current.name.clone(),
        deployment,
        task_definition: to.clone(),
        poll: args.wait.poll_interval.max(crate::cli::MIN_POLL),
        timeout: super::manage::timeout(ctx, config),
    };
    follow(ctx, clients, watch, &config.path).await?;
    ctx.out.success(&format!("rolled back daemon {} to {}", current.name, ecs::short_name(&to)));
    if ctx.out.is_json() {
        ctx.out.json(
            &json!({"status": "rolled_back", "daemon": current.name, "from": from, "to": to}),
        );
    }
    Ok(Exit::Success)
}

/// The daemon task definition to go back to, and why.
async fn choose(
    clients: &Clients,
    current: &CurrentDaemon,
    arn: &str,
    from: &str,
    args: &RollbackArgs,
) -> Result<(String, String)> {
    if let Some(n) = args.to_revision {
        let family = ecs::family_of(from);
        let (td, _) = ecs::daemon::task_definition(clients, &format!("{family}:{n}")).await?;
        let to = td.daemon_task_definition_arn().unwrap_or_default().to_string();
        return Ok((to, format!("revision {n}")));
    }
    if let Some(deployment) = super::manage::in_flight(current) {
        if args.count.is_some() {
            return Err(Error::new(format!(
                "daemon {} has a deployment in progress",
                current.name
            ))
            .hint("run `shipper rollback` without --count to roll it back first"));
        }
        let source =
            deployment.source_daemon_revisions().first().and_then(|s| s.arn()).map(String::from);
        let source = match source {
            Some(s) => ecs::daemon::revisions(clients, &[s]).await?.into_iter().next(),
            None => None,
        };
        let to = source.as_ref().and_then(|r| r.daemon_task_definition_arn()).ok_or_else(|| {
            Error::new(format!(
                "the deployment in progress is daemon {}'s first: there is no earlier revision",
                current.name
            ))
            .hint("`shipper delete` removes the daemon")
        })?;
        return Ok((to.to_string(), "the revision the deployment in progress started from".into()));
    }
    let n = args.count.unwrap_or(1);
    if n == 0 {
        return Err(Error::new("--count must be at least 1"));
    }
    let entries = history(clients, arn).await?;
    let succeeded = entries
        .iter()
        .rev()
        .filter(|e| e.deployment.status() == Some(&Status::Successful))
        .filter_map(|e| {
            e.revision.as_ref().and_then(|r| r.daemon_task_definition_arn()).map(String::from)
        });
    let mut stack = crate::rollback::revision_stack(succeeded);
    if stack.last().map(String::as_str) != Some(from) {
        stack.retain(|td| td != from);
        stack.push(from.to_string());
    }
    let to = stack.iter().rev().nth(n).cloned().ok_or_else(|| {
        Error::new(format!(
            "daemon {} has {} earlier revision(s) in its last {HISTORY} deployments: cannot go back {n}",
            current.name,
            stack.len().saturating_sub(1)
        ))
        .hint("`shipper revisions` lists them; --to-revision N picks one of the family")
    })?;
    let deployments = if n == 1 { "1 deployment".to_string() } else { format!("{n} deployments") };
    Ok((to, format!("{deployments} back in the daemon's history")))
}

/// `shipper revisions` of a daemon: its revisions, newest deployment first, with their daemon
/// task definitions, images, how their deployment ended, and which one runs.
pub async fn revisions(ctx: &Context, args: &RevisionsArgs) -> Result<Exit> {
    let (_, clients, current) = super::manage::existing(ctx, "list").await?;
    let arn = current.arn().unwrap_or_default().to_string();
    let running = current.revision.as_ref().and_then(|r| r.daemon_revision_arn()).map(String::from);
    let mut entries = history(clients, &arn).await?;
    entries.truncate(args.limit);
    let images = |r: &DaemonRevision| -> Vec<String> {
        r.container_images().iter().filter_map(|i| i.image().map(String::from)).collect()
    };
    if ctx.out.is_json() {
        let list: Vec<_> = entries
            .iter()
            .map(|e| {
                let r = e.revision.as_ref();
                json!({
                    "revision": e.deployment.target_daemon_revision_arn(),
                    "daemon_task_definition": r.and_then(|r| r.daemon_task_definition_arn()),
                    "images": r.map(images).unwrap_or_default(),
                    "deployment_status": e.deployment.status().map(|s| s.as_str()),
                    "deployed_at": timestamp(e.deployment.created_at()),
                    "running": e.deployment.target_daemon_revision_arn() == running.as_deref(),
                })
            })
            .collect();
        ctx.out.json(&json!({"daemon": current.name, "revisions": list}));
        return Ok(Exit::Success);
    }
    let mut rows = vec![
        ["", "DAEMON TASK DEFINITION", "DEPLOYED", "DEPLOYMENT", "IMAGES"]
            .map(String::from)
            .to_vec(),
    ];
    for e in &entries {
        let r = e.revision.as_ref();
        rows.push(vec![
            if e.deployment.target_daemon_revision_arn() == running.as_deref() { "*" } else { "" }
                .to_string(),
            r.and_then(|r| r.daemon_task_definition_arn()).map_or("?", ecs::short_name).to_string(),
            when(e.deployment.created_at()),
            e.deployment.status().map_or("?", |s| s.as_str()).to_string(),
            r.map(images).unwrap_or_default().join(", "),
        ]);
    }
    ctx.out.data(&format!("daemon {} (* runs now):\n{}", current.name, table(&rows)));
    Ok(Exit::Success)
}
