//! How a deployment rolls out, chosen from the service (never guessed), and how shipper follows
//! it: the one seam every deploy goes through.
//!
//! `deploymentController.type` ECS with `deploymentConfiguration.strategy` ROLLING (the
//! default) is followed by [`rolling`]; BLUE_GREEN, LINEAR and CANARY by [`staged`], which walks
//! ECS's lifecycle stages, runs the gates at PAUSE hooks and during traffic steps and bake, and
//! rolls back by ECS's own means when a gate fails. CODE_DEPLOY by [`codedeploy`], which creates
//! a CodeDeploy deployment and runs the gates at the group's ready and termination waits.
//! EXTERNAL is refused before any write. Which strategy a service uses, and what it refuses
//! before any write, is the plan's ([`crate::deploy::strategy`]).

pub mod codedeploy;
pub mod owed;
pub mod rolling;
pub mod staged;

use std::time::{Duration, Instant};

use aws_sdk_ecs::types::Service;

use crate::deploy::strategy::Strategy;

use crate::aws::Clients;
use crate::context::Context;
use crate::error::Result;
use crate::gates::ledger::{How, Passed};
use crate::gates::{Env, GateSet, Gates, Phase, Verdict};
use crate::output::progress::Progress;
use crate::wait::Watch;

/// Runs `env.phase`'s gates where the deployment waits for them — a PAUSE hook, CodeDeploy's
/// ready or termination wait, a stable rolling deployment — in a log group of their own, and
/// keeps their records in `followed`. `at` says where, in the announcing line. A bake lasts its
/// own time, whatever the rollout took before it: its deadline is never sooner than that.
/// The caller checks that the phase has gates, and acts on the verdict.
pub(crate) async fn hold_for_gates(
    clients: &Clients,
    progress: &Progress,
    gates: &Gates,
    env: &Env,
    deadline: Instant,
    at: Option<&str>,
    followed: &mut Followed,
) -> Verdict {
    let mut set = GateSet::new(gates, env.phase);
    let phase = env.phase.name();
    progress.group(&format!("gates: {phase}"));
    let names = set.names().join(", ");
    progress.line(&match at {
        Some(at) => format!("{at}: {phase} gates: {names}"),
        None => format!("{phase} gates: {names}"),
    });
    let until = match env.phase {
        Phase::Bake => deadline.max(Instant::now() + set.bake_time() + Duration::from_secs(60)),
        _ => deadline,
    };
    let verdict = set.run(clients, env, until, &mut |line| progress.line(&line)).await;
    followed.gates.extend(set.records());
    // Lazily opened: nothing shows unless the rollout prints again.
    progress.group("rollout");
    verdict
}

/// What following a deployment produced besides the service: the gates' records, what was
/// skipped, and the record of the phases the deployment passed (see [`crate::gates::ledger`]).
/// Filled as it goes, so a failed or interrupted follow still has it.
#[derive(Debug, Default)]
pub struct Followed {
    pub gates: Vec<crate::gates::Record>,
    /// The deployment stopped at `--wait-until` (so it is still running).
    pub stopped_at: Option<String>,
    /// Gates `continue --skip-gates` let through, by name.
    pub skipped: Vec<String>,
    /// The phases the followed deployment passed, as recorded on its revision.
    pub passed: Option<Passed>,
}

/// Notes where the gates of `phases` stand (`how`) for the deployment `id` of
/// `task_definition`, on the revision's record (see [`crate::gates::ledger`]). The record is
/// read once per deployment. One that cannot be written is said, not fatal.
pub(crate) async fn note_passed(
    clients: &Clients,
    followed: &mut Followed,
    task_definition: &str,
    id: &str,
    phases: &[Phase],
    how: How,
    progress: &Progress,
) {
    if id.is_empty() || phases.is_empty() {
        return;
    }
    if followed.passed.as_ref().is_none_or(|p| p.deployment != id) {
        followed.passed = Some(read_passed(clients, task_definition, id).await);
    }
    let Some(passed) = followed.passed.as_mut() else { return };
    if let Err(e) = passed.note(clients, task_definition, phases, how).await {
        let names: Vec<&str> = phases.iter().map(|p| p.name()).collect();
        progress.line(&format!(
            "could not record where the {} gates stand ({}): a later `shipper wait` may run them again",
            names.join(" and "),
            e.message()
        ));
    }
}

/// What the revision's record says the deployment `id` passed (nothing, where it cannot be read).
pub(crate) async fn read_passed(clients: &Clients, task_definition: &str, id: &str) -> Passed {
    let tags = match crate::ecs::describe_task_definition(clients, task_definition).await {
        Ok((td, tags)) => {
            // What the revision holds in plain text that is secret is learned as every read
            // of a running revision learns it: the gates about to run may print it.
            let _ = crate::model::TaskDefinition::from_sdk(&td, &tags);
            tags
        }
        Err(_) => Vec::new(),
    };
    Passed::of(id, &tags)
}

/// The id of the ECS deployment that runs `task_definition` on the service (the newest such).
pub(crate) fn deployment_id(service: &Service, task_definition: &str) -> Option<String> {
    service
        .deployments()
        .iter()
        .filter(|d| d.task_definition() == Some(task_definition))
        .max_by_key(|d| d.created_at().map(aws_smithy_types::DateTime::as_nanos))
        .and_then(|d| d.id())
        .map(ToString::to_string)
}

/// `continue`: the pause hook the deployment waits at is answered (once), running its phase's
/// gates first unless a person verified by hand (`--skip-gates`).
#[derive(Debug, Clone, Copy)]
pub struct Approval {
    pub skip_gates: bool,
    /// `--no-wait`: return once the hook is answered.
    pub then_return: bool,
}

/// A deployment to follow, and what shapes the following.
pub struct Rollout<'a> {
    pub strategy: Strategy,
    pub watch: Watch,
    pub gates: &'a Gates,
    /// The task definition the service ran before (what a rolling deploy returns to when a
    /// gate fails).
    pub previous: Option<String>,
    /// `--wait-until STAGE`.
    pub wait_until: Option<String>,
    /// The CodeDeploy deployment to follow (CODE_DEPLOY services).
    pub codedeploy: Option<codedeploy::Started>,
    /// `continue`: answer the pause hook the deployment waits at.
    pub approve: Option<Approval>,
}

/// Follows a deployment by its strategy to its end, and runs the gates it still owes (see
/// [`owed`]): no success is reported for a revision whose gates have not passed. `followed`
/// collects the gates' records as it goes, so a failure has them too.
pub async fn follow(
    ctx: &Context,
    clients: &Clients,
    rollout: Rollout<'_>,
    config: &std::path::Path,
    followed: &mut Followed,
) -> Result<Service> {
    let Rollout { strategy, watch, gates, previous, wait_until, codedeploy, approve } = rollout;
    if let Some(started) = &codedeploy {
        return codedeploy::follow(ctx, clients, watch, gates, started, config, followed).await;
    }
    let service = match strategy.staged() {
        true => {
            let stages = staged::Stages { wait_until: wait_until.as_deref(), approve };
            staged::follow(ctx, clients, watch.clone(), gates, stages, config, followed).await?
        }
        false => crate::wait::follow(ctx, clients, watch.clone(), config).await?,
    };
    if followed.stopped_at.is_some() {
        return Ok(service);
    }
    let previous = previous.as_deref();
    let owed = owed::Owed { strategy, gates, previous, watch: &watch, after_the_fact: false };
    owed::run(ctx, clients, &service, owed, config, followed).await?;
    Ok(service)
}
