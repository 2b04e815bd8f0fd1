//! ROLLING: follow the deployment to a steady state, then run the `production` gates (until
//! they pass) and the `bake` gates (for their bake time). A failing gate sends the service back
//! to the revision it ran before — a new deployment, since a finished rolling deployment cannot
//! be stopped — and ends with exit 3 naming the gate and its evidence.

use std::time::Instant;

use aws_sdk_ecs::types::Service;

use super::Followed;
use crate::aws::Clients;
use crate::context::Context;
use crate::error::{Error, Kind, Result};
use crate::gates::{Env, Gates, Phase, Verdict};
use crate::output::progress::Progress;
use crate::wait::{self, Watch};

pub async fn follow(
    ctx: &Context,
    clients: &Clients,
    watch: Watch,
    gates: &Gates,
    previous: Option<&str>,
    config: &std::path::Path,
) -> Result<(Service, Followed)> {
    let (cluster, name, target) =
        (watch.cluster.clone(), watch.service.clone(), watch.task_definition.clone());
    let deadline = Instant::now() + watch.timeout;
    let service = wait::follow(ctx, clients, watch.clone(), config).await?;
    let mut followed = Followed::default();
    if !gates.has(Phase::Production) && !gates.has(Phase::Bake) {
        return Ok((service, followed));
    }
    let env = Env {
        cluster: cluster.clone(),
        service: name.clone(),
        phase: Phase::Production,
        task_definition: target.clone(),
        service_deployment: None,
        target_groups: service
            .load_balancers()
            .iter()
            .filter_map(|lb| lb.target_group_arn().map(ToString::to_string))
            .collect(),
        desired: service.desired_count(),
    };
    let progress = Progress::start(&ctx.out);
    for phase in [Phase::Production, Phase::Bake] {
        if !gates.has(phase) {
            continue;
        }
        let env = Env { phase, ..env.clone() };
        let verdict =
            super::hold_for_gates(clients, &progress, gates, &env, deadline, None, &mut followed)
                .await;
        if let Verdict::Failed { gate, evidence } = verdict {
            drop(progress);
            return Err(roll_back(ctx, clients, &watch, previous, config, &gate, &evidence).await);
        }
    }
    Ok((service, followed))
}

/// Sends the service back to `previous` after a failed gate and follows that; the error to
/// report either way.
async fn roll_back(
    ctx: &Context,
    clients: &Clients,
    watch: &Watch,
    previous: Option<&str>,
    config: &std::path::Path,
    gate: &str,
    evidence: &[String],
) -> Error {
    let (cluster, service, target) = (&watch.cluster, &watch.service, &watch.task_definition);
    let short = crate::ecs::short_name(target);
    let with_evidence = |mut error: Error| {
        for line in evidence {
            error = error.detail(format!("evidence: {line}"));
        }
        error
    };
    let Some(previous) = previous.filter(|p| p != target) else {
        return with_evidence(Error::new(format!(
            "gate `{gate}` failed after {short} was deployed to {service}, and there is no earlier revision to return to"
        )))
        .hint(format!("`shipper rollback --config {} --to-revision N` picks one", config.display()));
    };
    ctx.out.info(&format!(
        "gate `{gate}` failed: returning {service} to {}",
        crate::ecs::short_name(previous)
    ));
    let before = aws_smithy_types::DateTime::from(std::time::SystemTime::now());
    let sent = clients
        .ecs
        .update_service()
        .cluster(cluster)
        .service(service)
        .task_definition(previous)
        .send()
        .await;
    if let Err(e) = sent {
        return with_evidence(Error::aws("ecs:UpdateService", service, e))
            .hint(format!("gate `{gate}` failed and the rollback could not be sent: `shipper rollback --config {}`", config.display()));
    }
    let back = Watch {
        task_definition: previous.to_string(),
        since: before,
        deployment: None,
        expect_rollback: false,
        start: None,
        ..watch.clone()
    };
    match wait::follow(ctx, clients, back, config).await {
        Ok(_) => with_evidence(Error::with_kind(
            Kind::RolledBack,
            format!(
                "gate `{gate}` failed after {short} was deployed to {service}; shipper rolled it back: the service runs {}",
                crate::ecs::short_name(previous)
            ),
        ))
        .hint("fix the cause above and deploy again"),
        Err(e) => with_evidence(e.context(format!("gate `{gate}` failed and the rollback did not finish"))),
    }
}
