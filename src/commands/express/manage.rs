//! `shipper rollback` and `shipper delete` of an Express service.
//!
//! ECS keeps an Express service's earlier configurations only while a deployment runs, so a
//! rollback stops the deployment in flight (as ecspresso's does) and otherwise has nothing to go
//! back to. Deleting it is DeleteExpressGatewayService, which also removes what ECS made for it.

use serde_json::json;

use crate::cli::{DeleteArgs, RollbackArgs};
use crate::commands::deploy::in_progress;
use crate::commands::service::Existing;
use crate::commands::summary::Report;
use crate::context::Context;
use crate::deploy::strategy::Strategy;
use crate::ecs;
use crate::error::{Error, Exit, Result};
use crate::state::express::not_express;

pub async fn rollback(ctx: &Context, args: &RollbackArgs) -> Result<Exit> {
    if args.count.is_some() || args.to_revision.is_some() || args.to_tag.is_some() {
        return Err(Error::new("--count, --to-revision and --to-tag do not apply to an Express service: ECS keeps no earlier configuration to go back to once a deployment ended")
            .hint("deploy the earlier Express definition (from version control) with `shipper deploy`"));
    }
    let Existing { rendered, clients, name, service } = Existing::load(ctx, "roll back").await?;
    if !ecs::express::is_express(&service) {
        return Err(not_express(&rendered.config, &name));
    }
    if in_progress(&service).is_none() {
        return Err(Error::new(format!(
            "Express service {name} has no deployment in progress: a rollback stops one in flight, and ECS keeps no earlier configuration once a deployment ended"
        ))
        .hint("to go back, deploy the earlier Express definition (from version control) with `shipper deploy`"));
    }
    let mut report = Report::new("rollback");
    report.note_service(
        clients,
        &rendered.config.cluster,
        &service,
        Strategy::of_service(&service).name(),
    );
    report.dry_run = args.dry_run;
    let result = crate::commands::rollback::stop_in_flight(
        ctx,
        clients,
        &rendered,
        &service,
        args,
        &mut report,
    )
    .await;
    report.publish(&ctx.out, &result, result.as_ref().map_or(Exit::Failure, |e| *e)).await;
    result
}

pub async fn delete(ctx: &Context, args: &DeleteArgs) -> Result<Exit> {
    let Existing { rendered, clients, name, service } = Existing::load(ctx, "delete").await?;
    let cluster = &rendered.config.cluster;
    if !ecs::express::is_express(&service) {
        return Err(not_express(&rendered.config, &name));
    }
    let arn = service.service_arn().unwrap_or_default().to_string();
    let what = format!(
        "Express service {name} in cluster {cluster} ({} running) and what ECS made for it (load balancer, target groups, security groups, scaling)",
        service.running_count()
    );
    if args.dry_run {
        ctx.out.info(&format!("would delete {what}; dry run: nothing changed"));
        return Ok(Exit::Success);
    }
    if !args.force {
        let answer = ctx.out.ask(&format!("Delete {what}? Type the service name to confirm:"));
        if answer.as_deref() != Some(name.as_str()) {
            return Err(Error::new("not confirmed: the Express service was not deleted").hint(
                format!("type `{name}` when asked, or pass --force to delete without asking"),
            ));
        }
    }
    // ECS drains the tasks itself: --terminate has nothing to add.
    clients
        .ecs
        .delete_express_gateway_service()
        .service_arn(&arn)
        .send()
        .await
        .map_err(|e| Error::aws("ecs:DeleteExpressGatewayService", &arn, e))?;
    ctx.out.success(&format!(
        "deleted Express service {name}; ECS drains its tasks and removes its resources"
    ));
    if ctx.out.is_json() {
        ctx.out.json(&json!({"deleted": name, "cluster": cluster, "express": true}));
    }
    Ok(Exit::Success)
}
