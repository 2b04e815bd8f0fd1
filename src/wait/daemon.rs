//! Following a daemon deployment to its end: one DescribeDaemonDeployments a poll, the
//! instances moved to the new revision per capacity provider, the circuit breaker and the
//! alarms, and a truthful verdict — a deployment ECS rolled back is a failure (exit 3), as for
//! services. The pause between polls follows the same [`super::schedule`].

use std::time::{Duration, Instant};

use aws_sdk_ecs::types::{DaemonDeployment, DaemonDeploymentStatus as Status};

use super::schedule::Schedule;
use crate::aws::Clients;
use crate::ecs;
use crate::error::{Error, Kind, Result};
use crate::output::progress::Progress;

/// The daemon deployment to follow.
#[derive(Debug, Clone)]
pub struct Watch {
    pub daemon: String,
    pub deployment: String,
    /// The daemon task definition it deploys (for messages).
    pub task_definition: String,
    pub poll: Duration,
    pub timeout: Duration,
}

/// Follows the deployment until it ends; the deployment on success, else an error with exit
/// code 3 (failed: rolled back, stopped) or 4 (timed out). `config`: for the hints.
pub async fn follow(
    ctx: &crate::context::Context,
    clients: &Clients,
    watch: Watch,
    config: &std::path::Path,
) -> Result<DaemonDeployment> {
    let config = config.display().to_string();
    ctx.set_interrupt_hint(format!(
        "the daemon deployment goes on in ECS: `shipper wait --config {config}` follows it again, `shipper rollback --config {config}` goes back"
    ));
    let mut progress = Progress::start(&ctx.out);
    let schedule = Schedule::new(watch.poll);
    let deadline = Instant::now() + watch.timeout;
    let mut milestone = Instant::now();
    let mut last = String::new();
    let mut errors = 0;
    loop {
        let read =
            ecs::daemon::describe_deployments(clients, std::slice::from_ref(&watch.deployment))
                .await;
        let deployment = match read {
            Ok(mut found) if !found.is_empty() => {
                errors = 0;
                found.swap_remove(0)
            }
            Ok(_) => {
                return Err(Error::new(format!(
                    "daemon deployment {} was not found",
                    watch.deployment
                )));
            }
            Err(e) if errors < 5 => {
                errors += 1;
                progress
                    .line(&format!("status read failed ({errors}/5), retrying: {}", e.message()));
                tokio::time::sleep(schedule.delay(milestone.elapsed())).await;
                continue;
            }
            Err(e) => return Err(e),
        };
        let row = row(&deployment);
        if row != last {
            progress.rows(std::slice::from_ref(&row));
            last = row;
            milestone = Instant::now();
        }
        if let Some(result) = verdict(&watch, &deployment, &config) {
            return result.map(|()| deployment);
        }
        if Instant::now() >= deadline {
            return Err(Error::with_kind(
                Kind::TimedOut,
                format!(
                    "gave up waiting for daemon {} after the timeout; the deployment is {}",
                    watch.daemon, last
                ),
            )
            .hint(format!(
                "the deployment goes on in ECS: `shipper wait --config {config}` resumes waiting"
            )));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        tokio::time::sleep(schedule.delay(milestone.elapsed()).min(left)).await;
    }
}

/// How the deployment stands, in one line.
pub fn row(d: &DaemonDeployment) -> String {
    let target = d.target_daemon_revision();
    let count = |f: fn(&aws_sdk_ecs::types::DaemonDeploymentRevisionDetail) -> Option<i32>| {
        target.and_then(f).unwrap_or(0)
    };
    let old: i32 =
        d.source_daemon_revisions().iter().filter_map(|s| s.total_running_instance_count()).sum();
    let mut line = format!(
        "{} {} instances on the new revision",
        d.status().map_or("?", |s| s.as_str()),
        count(|t| t.total_running_instance_count()),
    );
    if !d.source_daemon_revisions().is_empty() {
        line.push_str(&format!(", {old} on the previous"));
    }
    let draining = count(|t| t.total_draining_instance_count());
    if draining > 0 {
        line.push_str(&format!(" ({draining} draining)"));
    }
    if let Some(cb) = d.circuit_breaker() {
        let status = cb.status().map_or("?", |s| s.as_str());
        line.push_str(&format!(
            "; circuit breaker {status} {}/{}",
            cb.failure_count(),
            cb.threshold()
        ));
    }
    if let Some(alarms) =
        d.alarms().filter(|a| a.status().is_some_and(|s| s.as_str() != "DISABLED"))
    {
        line.push_str(&format!("; alarms {}", alarms.status().map_or("?", |s| s.as_str())));
    }
    line
}

/// The end, if the deployment reached one: `Ok` for success, the error otherwise.
fn verdict(watch: &Watch, d: &DaemonDeployment, config: &str) -> Option<Result<()>> {
    let what = format!(
        "deployment of {} to daemon {}",
        ecs::short_name(&watch.task_definition),
        watch.daemon
    );
    let reason = d.status_reason().unwrap_or("no reason given").trim_end_matches('.').to_string();
    let failed = |message: String, rolled_back: bool| {
        let mut error = Error::with_kind(Kind::RolledBack, message);
        if let Some(cb) =
            d.circuit_breaker().filter(|c| c.status().is_some_and(|s| s.as_str() == "TRIGGERED"))
        {
            error = error.detail(format!(
                "circuit breaker: {} failures (threshold {})",
                cb.failure_count(),
                cb.threshold()
            ));
        }
        if let Some(alarms) = d.alarms().filter(|a| !a.triggered_alarm_names().is_empty()) {
            error = error
                .detail(format!("alarms in ALARM: {}", alarms.triggered_alarm_names().join(", ")));
        }
        Err(match rolled_back {
            true => error.hint(format!("fix the cause above and deploy again; `shipper status --config {config}` shows the daemon")),
            false => error.hint(format!("the daemon is not on a working revision: `shipper rollback --config {config}` returns it to the previous one")),
        })
    };
    match d.status()? {
        Status::Successful => Some(Ok(())),
        Status::RollbackSuccessful => Some(failed(format!("{what} failed: {reason}; ECS rolled the daemon back to its previous revision"), true)),
        Status::RollbackFailed => Some(failed(format!("{what} failed: {reason}; ECS could not roll it back"), false)),
        Status::Stopped if reason.contains("superseded") => Some(Err(Error::new(format!(
            "the {what} was superseded: another update started a newer deployment, which stopped this one"
        ))
        .hint("two deploys of one daemon raced; `shipper status` shows what runs now"))),
        Status::Stopped => Some(failed(format!("{what} failed and stopped: {reason}; it was not rolled back"), false)),
        _ => None,
    }
}
