//! CODE_DEPLOY: the service's task definition changes only through a CodeDeploy deployment.
//!
//! A deploy registers the task definition as usual (only when it changed), sends UpdateService
//! only for what CodeDeploy leaves to ECS, then creates one CodeDeploy deployment whose AppSpec
//! ([`appspec()`]) names the task definition, the service's first load balancer's container
//! and port, its platform version, network configuration and capacity provider strategy, plus
//! the config's `appspec:` (its `Hooks`), as ecspresso does. The deployment group comes from
//! `codedeploy:` (both names given: one GetDeploymentGroup, no scan) or is found by the group's
//! `ecsServices` (ListApplications / ListDeploymentGroups paged, BatchGetApplications /
//! BatchGetDeploymentGroups in chunks of 100). Everything that can refuse a deploy is read
//! before any write ([`prepare`]): the group, a deployment of it still in flight, and the
//! group's waits the gates need.
//!
//! shipper follows GetDeployment (status, lifecycle events and traffic from GetDeploymentTarget)
//! and acts at CodeDeploy's own waits:
//!
//! - at the ready wait (`deploymentReadyOption.actionOnTimeout: STOP_DEPLOYMENT`, status
//!   `Ready`: test traffic on green, production on blue) it runs the `test` gates, then
//!   ContinueDeployment(READY_WAIT); without test gates it waits for a person;
//! - once production traffic has shifted and CodeDeploy keeps blue for its termination wait
//!   (`instanceTerminationWaitTimeStarted`) it runs the `production` then `bake` gates, then
//!   ContinueDeployment(TERMINATION_WAIT) and follows to `Succeeded`; without those gates the
//!   deploy succeeds there and CodeDeploy ends the wait on its own schedule;
//! - a failing gate stops the deployment with StopDeployment(autoRollbackEnabled) and is
//!   followed until the rollback is done: exit 3 with the gate and its evidence. A deployment
//!   CodeDeploy failed is exit 3 with its `errorInformation`.
//!
//! `group.rs` finds the deployment group and checks it before any write, `appspec.rs` builds the
//! AppSpec, `api.rs` holds the CodeDeploy calls; this file follows a deployment.

mod api;
mod appspec;
mod group;

use std::collections::HashMap;
use std::time::Instant;

use aws_sdk_codedeploy::types::{DeploymentInfo, DeploymentStatus, DeploymentWaitType};
use aws_sdk_ecs::types::Service;

pub use api::{Deployment, create, in_flight_status, stop, task_definition_of, until_rolled_back};
pub use appspec::{appspec, appspec_text};
pub use group::{Group, Started, find_group, in_flight, prepare};

use super::Followed;
use crate::aws::Clients;
use crate::context::Context;
use crate::error::{Error, Kind, Result};
use crate::gates::{Env, Gates, Phase, Verdict};
use crate::output::progress::Progress;
use crate::wait::Watch;
use api::{TargetView, continue_wait, get, target_group_arn, target_view};

/// Follows a CodeDeploy deployment to its end, running the gates at the group's waits.
pub async fn follow(
    ctx: &Context,
    clients: &Clients,
    watch: Watch,
    gates: &Gates,
    started: &Started,
    config: &std::path::Path,
    followed: &mut Followed,
) -> Result<Service> {
    let flag = format!("--config {}", config.display());
    let id = started.id.as_str();
    ctx.set_interrupt_hint(format!(
        "CodeDeploy deployment {id} goes on without shipper: `shipper rollback {flag}` stops it and rolls back"
    ));
    let deadline = Instant::now() + watch.timeout;
    let target_id = format!("{}:{}", watch.cluster, watch.service);
    let short = crate::ecs::short_name(&watch.task_definition).to_string();
    let progress = Progress::start(&ctx.out);
    let mut last_status = String::new();
    let mut events: HashMap<String, String> = HashMap::new();
    let mut weight: Option<f64> = None;
    let mut ready_done = false;
    let mut approval_told = false;
    let mut termination_done = false;
    let mut errors = 0;
    loop {
        let info = match get(clients, id).await {
            Ok(info) => {
                errors = 0;
                info
            }
            Err(e) => {
                errors += 1;
                if errors > 5 {
                    return Err(e.context(format!("following CodeDeploy deployment {id}")));
                }
                tokio::time::sleep(watch.poll).await;
                continue;
            }
        };
        let status = info.status().map(|s| s.as_str().to_string()).unwrap_or_default();
        if status != last_status {
            progress.line(&format!("CodeDeploy deployment {id}: {status}"));
            last_status.clone_from(&status);
        }
        let view = target_view(clients, id, &target_id).await;
        if let Some(view) = &view {
            for (name, state) in &view.events {
                if state != "Pending" && events.get(name) != Some(state) {
                    progress.line(&format!("lifecycle event {name}: {state}"));
                }
                events.insert(name.clone(), state.clone());
            }
            if view.green_weight.is_some() && view.green_weight != weight {
                if weight.is_some() || view.green_weight != Some(0.0) {
                    progress.line(&format!(
                        "traffic: production {}% → green",
                        view.green_weight.unwrap_or_default()
                    ));
                }
                weight = view.green_weight;
            }
        }
        // At CodeDeploy's two waits: which gates run there, and the wait they end.
        let hold = match info.status() {
            Some(DeploymentStatus::Succeeded) => {
                drop(progress);
                return succeeded(clients, &watch).await;
            }
            Some(DeploymentStatus::Failed | DeploymentStatus::Stopped) => {
                drop(progress);
                return Err(failed(ctx, clients, &watch, &info, config).await);
            }
            Some(DeploymentStatus::Ready) if !ready_done => {
                if gates.has(Phase::Test) {
                    Some((vec![Phase::Test], "at the ready wait", DeploymentWaitType::ReadyWait))
                } else {
                    if !approval_told {
                        progress.line(&format!(
                            "at the ready wait (test traffic on green), waiting for approval: `aws deploy continue-deployment --deployment-id {id} --deployment-wait-type READY_WAIT` goes on, `shipper rollback {flag}` rolls back"
                        ));
                        approval_told = true;
                    }
                    None
                }
            }
            Some(DeploymentStatus::InProgress)
                if info.instance_termination_wait_time_started() && !termination_done =>
            {
                let phases: Vec<Phase> = [Phase::Production, Phase::Bake]
                    .into_iter()
                    .filter(|p| gates.has(*p))
                    .collect();
                if phases.is_empty() {
                    progress.line(
                        "production traffic is on green; CodeDeploy keeps blue for its termination wait and then ends the deployment",
                    );
                    drop(progress);
                    return succeeded(clients, &watch).await;
                }
                let at = "production traffic on green, blue kept (termination wait)";
                Some((phases, at, DeploymentWaitType::TerminationWait))
            }
            _ => None,
        };
        if let Some((phases, at, wait)) = hold {
            let base = gate_env(clients, &watch, view.as_ref(), phases[0]).await;
            for phase in phases {
                let env = Env { phase, ..base.clone() };
                let verdict = super::hold_for_gates(
                    clients,
                    &progress,
                    gates,
                    &env,
                    deadline,
                    Some(at),
                    followed,
                )
                .await;
                if let Verdict::Failed { gate, evidence } = verdict {
                    drop(progress);
                    return Err(
                        gate_failed(ctx, clients, &watch, id, &gate, &evidence, config).await
                    );
                }
                progress.line(&format!("{} gates passed", phase.name()));
            }
            if wait == DeploymentWaitType::ReadyWait {
                progress.line("continuing the deployment (READY_WAIT)");
                ready_done = true;
            } else {
                progress.line("ending the termination wait (TERMINATION_WAIT): blue is retired");
                termination_done = true;
            }
            continue_wait(clients, id, wait).await?;
        }
        if Instant::now() >= deadline {
            return Err(Error::with_kind(
                Kind::TimedOut,
                format!(
                    "gave up waiting after {} for CodeDeploy deployment {id} of {short} to {}: it is {status}",
                    humantime::format_duration(watch.timeout),
                    watch.service
                ),
            )
            .hint(format!("it goes on in CodeDeploy; `shipper rollback {flag}` stops it")));
        }
        tokio::time::sleep(watch.poll).await;
    }
}

/// What the gates may look at: green's target group (from the deployment target).
async fn gate_env(
    clients: &Clients,
    watch: &Watch,
    view: Option<&TargetView>,
    phase: Phase,
) -> Env {
    let target_groups = match view.and_then(|v| v.green_group.as_deref()) {
        Some(name) => target_group_arn(clients, name).await.into_iter().collect(),
        None => Vec::new(),
    };
    Env {
        cluster: watch.cluster.clone(),
        service: watch.service.clone(),
        phase,
        task_definition: watch.task_definition.clone(),
        // An ECS service deployment ARN: CodeDeploy's deployment is not one.
        service_deployment: None,
        target_groups,
        desired: match crate::ecs::describe_service(clients, &watch.cluster, &watch.service).await {
            Ok(Some(s)) => s.desired_count(),
            _ => 0,
        },
        // Comparative gates are refused for CodeDeploy before any write.
        baseline_target_groups: Vec::new(),
        traffic_since: None,
        shifted_at: None,
    }
}

async fn succeeded(clients: &Clients, watch: &Watch) -> Result<Service> {
    crate::ecs::describe_service(clients, &watch.cluster, &watch.service)
        .await?
        .ok_or_else(|| Error::new(format!("service {} vanished", watch.service)))
}
async fn running(clients: &Clients, watch: &Watch) -> String {
    match crate::ecs::describe_service(clients, &watch.cluster, &watch.service).await {
        Ok(Some(s)) => s.task_definition().map(crate::ecs::short_name).unwrap_or("?").to_string(),
        _ => "?".to_string(),
    }
}

/// A gate failed: stop with rollback, follow it, and the error to report (exit 3).
async fn gate_failed(
    ctx: &Context,
    clients: &Clients,
    watch: &Watch,
    id: &str,
    gate: &str,
    evidence: &[String],
    config: &std::path::Path,
) -> Error {
    let short = crate::ecs::short_name(&watch.task_definition).to_string();
    let with_evidence = |mut error: Error| {
        for line in evidence {
            error = error.detail(format!("evidence: {line}"));
        }
        error
    };
    ctx.out
        .info(&format!("gate `{gate}` failed: stopping CodeDeploy deployment {id} with rollback"));
    if let Err(e) = stop(clients, id).await {
        return with_evidence(
            e.context(format!("gate `{gate}` failed and the deployment could not be stopped")),
        )
        .hint(format!("`shipper rollback --config {}` tries again", config.display()));
    }
    let deadline = Instant::now() + watch.timeout;
    match until_rolled_back(clients, id, watch.poll, deadline).await {
        Ok(_) => with_evidence(Error::with_kind(
            Kind::RolledBack,
            format!(
                "gate `{gate}` failed while {short} was deployed to {}; CodeDeploy rolled it back: the service runs {}",
                watch.service,
                running(clients, watch).await
            ),
        ))
        .hint("production traffic stayed on (or returned to) blue; fix the cause above and deploy again"),
        Err(e) => with_evidence(e.context(format!("gate `{gate}` failed and the rollback did not finish"))),
    }
}

/// CodeDeploy failed (or someone stopped) the deployment: the error to report (exit 3).
async fn failed(
    ctx: &Context,
    clients: &Clients,
    watch: &Watch,
    info: &DeploymentInfo,
    config: &std::path::Path,
) -> Error {
    let _ = ctx;
    let id = info.deployment_id().unwrap_or_default();
    let short = crate::ecs::short_name(&watch.task_definition).to_string();
    let status = info.status().map(|s| s.as_str()).unwrap_or("Failed").to_lowercase();
    let deadline = Instant::now() + watch.timeout;
    let info =
        until_rolled_back(clients, id, watch.poll, deadline).await.unwrap_or_else(|_| info.clone());
    let mut error = Error::with_kind(
        Kind::RolledBack,
        format!(
            "CodeDeploy deployment {id} of {short} to {} {status}; the service runs {}",
            watch.service,
            running(clients, watch).await
        ),
    );
    if let Some(e) = info.error_information() {
        error = error.detail(format!(
            "CodeDeploy: {}: {}",
            e.code().map(|c| c.as_str()).unwrap_or("?"),
            e.message().unwrap_or("no message")
        ));
    }
    if let Some(r) = info.rollback_info().and_then(|r| r.rollback_message()) {
        error = error.detail(format!("CodeDeploy: {r}"));
    }
    error.hint(format!(
        "fix the cause above and deploy again; `shipper status --config {}` shows the service",
        config.display()
    ))
}
