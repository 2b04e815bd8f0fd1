//! ROLLING: the deployment is followed to a steady state, then its `production` gates run
//! (until they pass) and its `bake` gates (for their bake time): see [`super::owed`]. A
//! failing gate sends the service back to the revision it ran before — a new deployment, since
//! a finished rolling deployment cannot be stopped — and ends with exit 3 naming the gate and
//! its evidence.

use crate::aws::Clients;
use crate::context::Context;
use crate::error::{Error, Kind};
use crate::wait::{self, Watch};

/// A gate that failed, with what it saw.
pub(super) struct Failed<'a> {
    pub gate: &'a str,
    pub evidence: &'a [String],
}

/// Sends the service back to `previous` after a failed gate and follows that; the error to
/// report either way.
pub(super) async fn roll_back(
    ctx: &Context,
    clients: &Clients,
    watch: &Watch,
    previous: Option<&str>,
    config: &std::path::Path,
    failed: Failed<'_>,
) -> Error {
    let Failed { gate, evidence } = failed;
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
