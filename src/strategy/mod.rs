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
pub mod rolling;
pub mod staged;

use std::time::{Duration, Instant};

use aws_sdk_ecs::types::Service;

use crate::deploy::strategy::Strategy;

use crate::aws::Clients;
use crate::context::Context;
use crate::error::Result;
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

/// What following a deployment produced besides the service: the gates' records.
#[derive(Debug, Default)]
pub struct Followed {
    pub gates: Vec<crate::gates::Record>,
    /// The deployment stopped at `--wait-until` (so it is still running).
    pub stopped_at: Option<String>,
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
}

/// Follows a deployment by its strategy.
pub async fn follow(
    ctx: &Context,
    clients: &Clients,
    rollout: Rollout<'_>,
    config: &std::path::Path,
) -> Result<(Service, Followed)> {
    let Rollout { strategy, watch, gates, previous, wait_until, codedeploy } = rollout;
    if let Some(started) = &codedeploy {
        codedeploy::follow(ctx, clients, watch, gates, started, config).await
    } else if strategy.staged() {
        staged::follow(ctx, clients, watch, gates, wait_until.as_deref(), config).await
    } else {
        rolling::follow(ctx, clients, watch, gates, previous.as_deref(), config).await
    }
}
