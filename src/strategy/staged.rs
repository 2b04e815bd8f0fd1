//! BLUE_GREEN, LINEAR and CANARY (ECS-native): one UpdateService, then ECS walks lifecycle
//! stages. shipper follows the service deployment's `lifecycleStage` and traffic weights and
//! acts where the user's configuration asks it to:
//!
//! - at a PAUSE hook (status AWAITING_ACTION) on POST_TEST_TRAFFIC_SHIFT or
//!   POST_PRODUCTION_TRAFFIC_SHIFT it runs the `test` / `production` gates against green, then
//!   answers the hook: CONTINUE when they pass, ROLLBACK when one fails;
//! - at a PAUSE hook with no gates it waits for a person (`shipper continue` / `rollback`);
//! - during linear/canary traffic steps and ECS's BAKE_TIME it runs the `steps` / `bake` gates
//!   on every poll; a failure stops the deployment with rollback at once (no pause is allowed
//!   while traffic moves);
//! - `--wait-until STAGE` returns once the deployment is there, leaving it running.
//!
//! A gate failure is followed until ECS has rolled back, and reported with exit 3, the gate and
//! its evidence. shipper never adds hooks of its own: the PAUSE hooks are the user's, declared
//! in the service definition (the plan refuses gates whose hook is missing), so `diff` shows no
//! drift and a deployment started elsewhere is paused only as the user's own timeout says.

use std::collections::HashSet;
use std::time::Instant;

use aws_sdk_ecs::types::{
    DeploymentLifecycleHookAction, DeploymentLifecycleHookStatus, Service, ServiceDeployment,
    StopServiceDeploymentStopType,
};

use super::{Approval, Followed, note_passed};
use crate::aws::Clients;
use crate::context::Context;
use crate::error::{Error, Kind, Result};
use crate::gates::ledger::How;
use crate::gates::{Env, GateSet, Gates, Phase, Verdict};
use crate::output::progress::Progress;
use crate::wait::{self, Outcome, Poll, Watch, Watcher};

/// Where following stops short of the end, and what it answers.
pub struct Stages<'a> {
    /// `--wait-until STAGE`.
    pub wait_until: Option<&'a str>,
    /// `continue`: the pause hook the deployment waits at is answered.
    pub approve: Option<Approval>,
}

pub async fn follow(
    ctx: &Context,
    clients: &Clients,
    watch: Watch,
    gates: &Gates,
    stages: Stages<'_>,
    config: &std::path::Path,
    followed: &mut Followed,
) -> Result<Service> {
    let Stages { wait_until, mut approve } = stages;
    let flag = format!("--config {}", config.display());
    ctx.set_interrupt_hint(format!(
        "the deployment goes on in ECS (at a pause hook it waits): `shipper wait {flag}` follows it, `shipper continue {flag}` answers a pause hook, `shipper rollback {flag}` rolls it back"
    ));
    let deadline = Instant::now() + watch.timeout;
    let (cluster, name, target) =
        (watch.cluster.clone(), watch.service.clone(), watch.task_definition.clone());
    let mut watcher = Watcher::new(clients, watch.clone()).deployment_every_poll();
    let mut progress = Progress::start(&ctx.out);
    let mut errors = 0;
    let mut answered: HashSet<String> = HashSet::new();
    let mut steps = GateSet::new(gates, Phase::Steps);
    let mut bake = GateSet::new(gates, Phase::Bake);
    let mut last_said = String::new();
    let mut owes_noted = false;
    // When the current split of traffic began and when production traffic first moved: the
    // windows of comparative gates.
    let (mut traffic_since, mut shifted_at) = (None, None);
    let mut split = None;
    loop {
        let (service, sd) = match watcher.poll_once(&mut progress, &mut errors).await? {
            Some(Poll::Done(outcome)) => {
                // A set that watched its phase to a good end passed. A bake that was never
                // checked is run after the end (see `owed`), which records it; steps gates
                // watch traffic only while it moves, so never checked, they say so.
                let succeeded = matches!(outcome, Outcome::Succeeded(_));
                if succeeded {
                    steps.ended_well();
                    bake.ended_well();
                }
                followed.gates.extend(steps.records());
                if bake.checked() || !succeeded {
                    followed.gates.extend(bake.records());
                }
                let service = wait::conclude(
                    clients,
                    outcome,
                    &target,
                    &cluster,
                    &name,
                    &config.display().to_string(),
                )
                .await?;
                // ECS's bake ended with the bake gates watching it, none failing.
                if bake.checked()
                    && let Some(id) = super::deployment_id(&service, &target)
                {
                    let (how, phases) = (How::Passed, [Phase::Bake]);
                    note_passed(clients, followed, &target, &id, &phases, how, &progress).await;
                }
                return Ok(service);
            }
            Some(Poll::Running { service, deployment: Some(sd), fresh: true }) => (service, sd),
            // Without the service deployment API there are no stages or hooks to see: gates
            // would silently never run, and an ungated success must not be reported.
            Some(Poll::Running { deployment: None, .. }) if !gates.checks.is_empty() => {
                return Err(Error::new(format!(
                    "cannot follow the lifecycle stages of {name}'s deployment: the service deployment API (ecs:ListServiceDeployments, ecs:DescribeServiceDeployments) is not available, so its gates cannot run"
                ))
                .hint(format!(
                    "grant those permissions to the role shipper runs as; the deployment goes on in ECS: `shipper rollback {flag}` rolls it back"
                )));
            }
            _ => {
                if Instant::now() >= deadline {
                    return timed_out(clients, &watcher, &target, &cluster, &name, config).await;
                }
                tokio::time::sleep(watcher.next_delay()).await;
                continue;
            }
        };
        // What this deployment owes, recorded before any of it is gated: an interruption from
        // here on leaves a record a later `wait` can hold it to. A service's first deployment
        // has no lifecycle stages (nothing to replace), so it owes none.
        if !owes_noted && !sd.source_service_revisions().is_empty() {
            let owes: Vec<Phase> = [Phase::Test, Phase::Production, Phase::Bake]
                .into_iter()
                .filter(|p| gates.has(*p))
                .collect();
            let id = super::deployment_id(&service, &target).unwrap_or_default();
            note_passed(clients, followed, &target, &id, &owes, How::Owed, &progress).await;
            owes_noted = true;
        }
        let stage = sd.lifecycle_stage().map(|s| s.as_str().to_string()).unwrap_or_default();
        if let Some(production) = green_takes_traffic(&stage) {
            let revision = sd.target_service_revision();
            let weights = revision.map(|r| {
                let test = r.requested_test_traffic_weight().unwrap_or(0.0);
                (test.to_bits(), r.requested_production_traffic_weight().unwrap_or(0.0).to_bits())
            });
            if split != Some(weights) {
                split = Some(weights);
                traffic_since = Some(std::time::SystemTime::now());
            }
            if production {
                shifted_at.get_or_insert_with(std::time::SystemTime::now);
            }
        }
        // Said once per stage and traffic step (linear steps stay in one stage).
        if let Some(words) = stage_words(&stage, &sd)
            && words != last_said
        {
            progress.line(&words);
            last_said = words;
        }
        let env = Env {
            cluster: cluster.clone(),
            service: name.clone(),
            phase: Phase::Test,
            task_definition: target.clone(),
            service_deployment: sd.service_deployment_arn().map(ToString::to_string),
            // Read (one DescribeRules per load balancer) only when gates are about to run.
            target_groups: Vec::new(),
            desired: service.desired_count(),
            baseline_target_groups: Vec::new(),
            traffic_since,
            shifted_at,
        };
        let arn = sd.service_deployment_arn().unwrap_or_default().to_string();
        let waiting = sd
            .lifecycle_hook_details()
            .iter()
            .find(|h| h.status() == Some(&DeploymentLifecycleHookStatus::AwaitingAction))
            .and_then(|h| h.hook_id().map(ToString::to_string))
            .filter(|id| !answered.contains(id));

        if wait_until == Some(stage.as_str()) {
            let at = if waiting.is_some() {
                format!("waits at a pause hook on {stage}")
            } else {
                format!("reached {stage}")
            };
            progress.line(&format!("deployment {at} (--wait-until): leaving it running"));
            drop(progress);
            ctx.out.info(&format!(
                "`shipper wait {flag}` follows it (running the gates at the pause), `shipper continue {flag}` runs them and lets it go on (`--skip-gates` if you verified it by hand), `shipper rollback {flag}` rolls it back"
            ));
            followed.stopped_at = Some(stage);
            return Ok(*service);
        }

        if let Some(hook) = waiting {
            // The hook acts on its own at its expiry: the gates must be done before then.
            let expires = sd
                .lifecycle_hook_details()
                .iter()
                .find(|h| h.hook_id() == Some(hook.as_str()))
                .and_then(|h| h.expires_at())
                .and_then(|t| {
                    let left = t.secs()
                        - aws_smithy_types::DateTime::from(std::time::SystemTime::now()).secs();
                    u64::try_from(left).ok().map(|s| {
                        Instant::now() + std::time::Duration::from_secs(s.saturating_sub(30))
                    })
                });
            let hook_deadline = expires.map_or(deadline, |e| e.min(deadline));
            let phase = match stage.as_str() {
                "POST_TEST_TRAFFIC_SHIFT" => Some(Phase::Test),
                "POST_PRODUCTION_TRAFFIC_SHIFT" => Some(Phase::Production),
                _ => None,
            };
            let id = super::deployment_id(&service, &target).unwrap_or_default();
            let approval = approve.take();
            match (phase.filter(|p| gates.has(*p)), approval) {
                (Some(phase), Some(Approval { skip_gates: true, .. })) => {
                    let names: Vec<String> = gates.for_phase(phase).map(|g| g.name.clone()).collect();
                    progress.line(&format!(
                        "paused at {stage}: {} gates {} skipped (--skip-gates): answering the pause hook with CONTINUE",
                        phase.name(),
                        names.join(", ")
                    ));
                    followed.skipped.extend(names);
                    note_passed(clients, followed, &target, &id, &[phase], How::Skipped, &progress).await;
                    answer(clients, &arn, &hook, DeploymentLifecycleHookAction::Continue).await?;
                }
                (Some(phase), _) => {
                    let env = Env { phase, ..with_groups(clients, &service, &env).await };
                    let at = format!("paused at {stage}");
                    let verdict = super::hold_for_gates(
                        clients, &progress, gates, &env, hook_deadline, Some(&at), followed,
                    )
                    .await;
                    if let Verdict::Failed { gate, evidence } = verdict {
                        progress.line(&format!("gate `{gate}` failed: answering the pause hook with ROLLBACK"));
                        answer(clients, &arn, &hook, DeploymentLifecycleHookAction::Rollback).await?;
                        drop(progress);
                        return Err(rolled_back(ctx, clients, &watcher, &arn, &gate, &evidence, config).await);
                    }
                    note_passed(clients, followed, &target, &id, &[phase], How::Passed, &progress).await;
                    progress.line(&format!("{} gates passed: answering the pause hook with CONTINUE", phase.name()));
                    answer(clients, &arn, &hook, DeploymentLifecycleHookAction::Continue).await?;
                }
                (None, Some(_)) => {
                    answer(clients, &arn, &hook, DeploymentLifecycleHookAction::Continue).await?;
                    progress.line(&format!("answered the pause hook on {stage} with CONTINUE ({arn})"));
                }
                (None, None) => progress.line(&format!(
                    "paused at {stage}, waiting for approval: `shipper continue {flag}` goes on, `shipper rollback {flag}` rolls back"
                )),
            }
            answered.insert(hook);
            if approval.is_some_and(|a| a.then_return) {
                drop(progress);
                ctx.out.info(&format!(
                    "not waiting (--no-wait): `shipper wait {flag}` follows the deployment"
                ));
                followed.stopped_at = Some(stage);
                return Ok(*service);
            }
        } else {
            // While traffic moves step by step, and while ECS bakes: check on every poll.
            let running = match stage.as_str() {
                "PRODUCTION_TRAFFIC_SHIFT" | "POST_PRODUCTION_TRAFFIC_SHIFT"
                    if !steps.is_empty() =>
                {
                    Some((&mut steps, Phase::Steps))
                }
                "BAKE_TIME" if !bake.is_empty() => Some((&mut bake, Phase::Bake)),
                _ => None,
            };
            if let Some((set, phase)) = running {
                let env = Env { phase, ..with_groups(clients, &service, &env).await };
                if let Verdict::Failed { gate, evidence } =
                    set.tick(clients, &env, &mut |line| progress.line(&line)).await
                {
                    followed.gates.extend(set.records());
                    progress.line(&format!(
                        "gate `{gate}` failed: stopping the deployment with rollback"
                    ));
                    clients
                        .ecs
                        .stop_service_deployment()
                        .service_deployment_arn(&arn)
                        .stop_type(StopServiceDeploymentStopType::Rollback)
                        .send()
                        .await
                        .map_err(|e| Error::aws("ecs:StopServiceDeployment", &arn, e))?;
                    drop(progress);
                    return Err(rolled_back(
                        ctx, clients, &watcher, &arn, &gate, &evidence, config,
                    )
                    .await);
                }
            }
        }
        if Instant::now() >= deadline {
            return timed_out(clients, &watcher, &target, &cluster, &name, config).await;
        }
        tokio::time::sleep(watcher.next_delay()).await;
    }
}

/// The deployment's stage in a person's words, with the traffic where it moved.
fn stage_words(stage: &str, sd: &ServiceDeployment) -> Option<String> {
    let revision = sd.target_service_revision();
    let prod = revision.and_then(|r| r.requested_production_traffic_weight()).unwrap_or(0.0);
    let test = revision.and_then(|r| r.requested_test_traffic_weight()).unwrap_or(0.0);
    // The status line already names every stage; these say what it means.
    Some(match stage {
        "SCALE_UP" => "green is starting next to blue".to_string(),
        "TEST_TRAFFIC_SHIFT" => format!("test traffic {test}% → green"),
        "PRODUCTION_TRAFFIC_SHIFT" => format!("production traffic {prod}% → green"),
        "BAKE_TIME" => "baking: blue is kept while green serves production".to_string(),
        "CLEAN_UP" => "retiring blue".to_string(),
        _ => return None,
    })
}

/// Where in ECS's stages (`crate::cli::STAGES`, in order) green takes traffic, or `None`
/// before that: `Some(false)` from the test traffic shift, `Some(true)` once production traffic
/// moves (until CLEAN_UP retires blue).
fn green_takes_traffic(stage: &str) -> Option<bool> {
    let at = |name: &str| crate::cli::STAGES.iter().position(|s| *s == name);
    let here = at(stage)?;
    let (test, production, clean) =
        (at("TEST_TRAFFIC_SHIFT")?, at("PRODUCTION_TRAFFIC_SHIFT")?, at("CLEAN_UP")?);
    (test..clean).contains(&here).then_some(here >= production)
}

/// `env` with green's target groups, and blue's: the other group of each load balancer's pair
/// (read, one DescribeRules per load balancer, only when gates are about to run).
async fn with_groups(clients: &Clients, service: &Service, env: &Env) -> Env {
    let target_groups = green_target_groups(clients, service).await;
    let baseline_target_groups = service
        .load_balancers()
        .iter()
        .filter_map(|lb| {
            let pair = [
                lb.target_group_arn(),
                lb.advanced_configuration().and_then(|a| a.alternate_target_group_arn()),
            ];
            pair.into_iter().flatten().find(|g| !target_groups.iter().any(|t| t == g))
        })
        .map(ToString::to_string)
        .collect();
    Env { target_groups, baseline_target_groups, ..env.clone() }
}

/// The target groups green's tasks are in now: the one the test listener rule sends to (green,
/// from TEST_TRAFFIC_SHIFT on), else the one the production rule sends most to.
async fn green_target_groups(clients: &Clients, service: &Service) -> Vec<String> {
    let mut groups = Vec::new();
    for lb in service.load_balancers() {
        let Some(advanced) = lb.advanced_configuration() else {
            groups.extend(lb.target_group_arn().map(ToString::to_string));
            continue;
        };
        let rule = advanced.test_listener_rule().or(advanced.production_listener_rule());
        let weighted = match rule {
            Some(rule) => crate::elb::forward_weights(clients, rule).await.unwrap_or_default(),
            None => Vec::new(),
        };
        match weighted.into_iter().max_by_key(|(_, w)| *w) {
            Some((group, _)) => groups.push(group),
            None => groups.extend(lb.target_group_arn().map(ToString::to_string)),
        }
    }
    groups
}

async fn answer(
    clients: &Clients,
    arn: &str,
    hook: &str,
    action: DeploymentLifecycleHookAction,
) -> Result<()> {
    clients
        .ecs
        .continue_service_deployment()
        .service_deployment_arn(arn)
        .hook_id(hook)
        .action(action)
        .send()
        .await
        .map_err(|e| Error::aws("ecs:ContinueServiceDeployment", arn, e))?;
    Ok(())
}

/// Follows ECS's rollback after a gate failed; the error to report (exit 3 once it is back).
async fn rolled_back(
    ctx: &Context,
    clients: &Clients,
    watcher: &Watcher<'_>,
    arn: &str,
    gate: &str,
    evidence: &[String],
    config: &std::path::Path,
) -> Error {
    let watch = watcher.watch();
    let short = crate::ecs::short_name(&watch.task_definition).to_string();
    let with_evidence = |mut error: Error| {
        for line in evidence {
            error = error.detail(format!("evidence: {line}"));
        }
        error
    };
    let previous = match crate::ecs::describe_service(clients, &watch.cluster, &watch.service).await
    {
        Ok(Some(service)) => service
            .deployments()
            .iter()
            .find(|d| d.task_definition() != Some(watch.task_definition.as_str()))
            .and_then(|d| d.task_definition())
            .map(ToString::to_string),
        _ => None,
    };
    let Some(previous) = previous else {
        return with_evidence(Error::new(format!(
            "gate `{gate}` failed while {short} was deployed to {}; a rollback was requested",
            watch.service
        )))
        .hint(format!("`shipper status --config {}` shows where it stands", config.display()));
    };
    let mut back = watcher.watch_after_printed();
    back.task_definition.clone_from(&previous);
    back.deployment = Some(arn.to_string());
    back.expect_rollback = true;
    match wait::follow(ctx, clients, back, config).await {
        Ok(_) => with_evidence(Error::with_kind(
            Kind::RolledBack,
            format!(
                "gate `{gate}` failed while {short} was deployed to {}; ECS rolled it back: the service runs {}",
                watch.service,
                crate::ecs::short_name(&previous)
            ),
        ))
        .hint("production traffic stayed on (or returned to) the previous revision; fix the cause above and deploy again"),
        Err(e) => with_evidence(e.context(format!("gate `{gate}` failed and the rollback did not finish"))),
    }
}

async fn timed_out(
    clients: &Clients,
    watcher: &Watcher<'_>,
    target: &str,
    cluster: &str,
    name: &str,
    config: &std::path::Path,
) -> Result<Service> {
    let outcome: Outcome = watcher.timed_out().await;
    wait::conclude(clients, outcome, target, cluster, name, &config.display().to_string()).await
}
