//! The gates a deployment still owes once ECS has finished it: no command reports success for a
//! revision while a gate configured for a phase it passed through has not passed.
//!
//! A ROLLING deployment owes its `production` gates (until they pass) and its `bake` gates
//! (for their bake time) as soon as it is stable: that is where they run. A blue/green, linear
//! or canary deployment owes the gates of the phases its record lists as owed (written when
//! shipper first followed it) whose gates have not passed — shipper was interrupted there, or
//! ECS moved on at a hook's timeout. What passed is read from the revision's record
//! ([`crate::gates::ledger`]): the process that ran the gates may have been another one. A
//! service's first deployment has no lifecycle stages and owes none; `steps` gates watch
//! traffic while it moves, so a finished deployment owes none of them.
//!
//! A failing gate sends a ROLLING service back to the revision it ran before (a finished
//! deployment cannot be stopped) and ends with exit 3. Other strategies cannot be rolled back
//! that way without passing their own hooks again: the error says how (`shipper rollback`).
//! CodeDeploy deployments run their gates at CodeDeploy's own waits, which stay open until
//! shipper answers; they owe nothing here.

use std::time::Instant;

use aws_sdk_ecs::types::Service;

use super::{Followed, deployment_id, hold_for_gates, note_passed, read_passed};
use crate::aws::Clients;
use crate::context::Context;
use crate::deploy::strategy::Strategy;
use crate::error::{Error, Result};
use crate::gates::ledger::How;
use crate::gates::{Env, Gates, Phase, Verdict};
use crate::journal::Write;
use crate::output::progress::Progress;
use crate::wait::Watch;

/// The deployment whose gates are checked.
pub struct Owed<'a> {
    pub strategy: Strategy,
    pub gates: &'a Gates,
    /// The revision the service ran before, where known (else the one before in its history).
    pub previous: Option<&'a str>,
    /// The deployment as it was followed (cluster, service, task definition, timeout).
    pub watch: &'a Watch,
    /// Checked after the fact (`wait` or `deploy` finding it finished), not at the end of
    /// following it.
    pub after_the_fact: bool,
}

/// The phases, in order, whose gates a finished deployment of `strategy` owes when configured.
fn phases(strategy: Strategy) -> &'static [Phase] {
    match strategy {
        Strategy::Rolling => &[Phase::Production, Phase::Bake],
        Strategy::BlueGreen | Strategy::Linear | Strategy::Canary => {
            &[Phase::Test, Phase::Production, Phase::Bake]
        }
        Strategy::CodeDeploy | Strategy::External => &[],
    }
}

/// Runs the gates the finished deployment on `service` still owes (none: nothing happens, and
/// no AWS call is made when no gate applies).
pub async fn run(
    ctx: &Context,
    clients: &Clients,
    service: &Service,
    owed: Owed<'_>,
    config: &std::path::Path,
    followed: &mut Followed,
) -> Result<()> {
    let Owed { strategy, gates, previous, watch, after_the_fact } = owed;
    let configured: Vec<Phase> =
        phases(strategy).iter().copied().filter(|p| gates.has(*p)).collect();
    let task_definition = watch.task_definition.as_str();
    let Some(id) = deployment_id(service, task_definition).filter(|_| !configured.is_empty())
    else {
        return Ok(());
    };
    if followed.passed.as_ref().is_none_or(|p| p.deployment != id) {
        followed.passed = Some(read_passed(clients, task_definition, &id).await);
    }
    let record = followed.passed.as_ref();
    let pending: Vec<Phase> = configured
        .into_iter()
        .filter(|p| !record.is_some_and(|r| r.has(*p)))
        .filter(|p| strategy == Strategy::Rolling || record.is_some_and(|r| r.owed().contains(p)))
        .collect();
    if pending.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = pending.iter().map(|p| p.name()).collect();
    let short = crate::ecs::short_name(task_definition).to_string();
    let flag = format!("--config {}", config.display());
    // What an interruption from here on leaves: a finished rollout, its gates not passed.
    ctx.journal.record(Write::RolledOut {
        service: watch.service.clone(),
        task_definition: task_definition.to_string(),
        pending: names.iter().map(ToString::to_string).collect(),
    });
    ctx.set_interrupt_hint(format!(
        "the rollout is done but its {} gates have not passed: `shipper wait {flag}` runs them again (and rolls back if one fails), `shipper rollback {flag}` returns to the previous revision",
        names.join(" and ")
    ));
    let progress = Progress::start(&ctx.out);
    if after_the_fact || strategy != Strategy::Rolling {
        progress.line(&format!(
            "the deployment of {short} finished without its {} gates passing: running them now",
            names.join(" and ")
        ));
    }
    let deadline = Instant::now() + watch.timeout;
    let env = Env {
        cluster: watch.cluster.clone(),
        service: watch.service.clone(),
        phase: Phase::Production,
        task_definition: task_definition.to_string(),
        service_deployment: None,
        target_groups: service
            .load_balancers()
            .iter()
            .filter_map(|lb| lb.target_group_arn().map(ToString::to_string))
            .collect(),
        desired: service.desired_count(),
        baseline_target_groups: Vec::new(),
        traffic_since: None,
        shifted_at: None,
    };
    for phase in pending {
        let env = Env { phase, ..env.clone() };
        let verdict =
            hold_for_gates(clients, &progress, gates, &env, deadline, None, followed).await;
        match verdict {
            Verdict::Failed { gate, evidence } => {
                drop(progress);
                return Err(match strategy {
                    Strategy::Rolling => {
                        let previous = match previous {
                            Some(p) => Some(p.to_string()),
                            None => previous_revision(clients, watch, service).await,
                        };
                        let (gate, evidence) = (gate.as_str(), evidence.as_slice());
                        let failed = super::rolling::Failed { gate, evidence };
                        super::rolling::roll_back(ctx, clients, watch, previous.as_deref(), config, failed)
                            .await
                    }
                    _ => with_evidence(
                        Error::new(format!(
                            "gate `{gate}` failed after the deployment of {short} to {} had finished",
                            watch.service
                        )),
                        &evidence,
                    )
                    .hint(format!(
                        "the service runs {short}: `shipper rollback {flag}` returns it to the previous revision"
                    )),
                });
            }
            _ => {
                let phases = [phase];
                note_passed(
                    clients,
                    followed,
                    task_definition,
                    &id,
                    &phases,
                    How::Passed,
                    &progress,
                )
                .await;
            }
        }
    }
    Ok(())
}

/// The revision the service ran before its current deployment, from its history.
async fn previous_revision(clients: &Clients, watch: &Watch, service: &Service) -> Option<String> {
    let choice = crate::rollback::choose(
        clients,
        &watch.cluster,
        service,
        &crate::rollback::Target::Count(1),
    )
    .await
    .ok()?;
    match choice.task_definition {
        crate::deploy::TaskDef::Existing(arn) => Some(arn),
        crate::deploy::TaskDef::Register(_) => None,
    }
}

fn with_evidence(mut error: Error, evidence: &[String]) -> Error {
    for line in evidence {
        error = error.detail(format!("evidence: {line}"));
    }
    error
}
