//! `shipper delete`: delete the service, after the user typed its name (or `--force`).
//!
//! ECS refuses to delete a service that still runs tasks unless asked to stop them
//! (`DeleteService --force`), which `--terminate` does; without it the refusal is said up front
//! with what to do, before anything is written.

use super::service::Existing;
use crate::cli::DeleteArgs;
use crate::context::Context;
use crate::error::{Error, Exit, Result};

pub async fn run(ctx: &Context, args: &DeleteArgs) -> Result<Exit> {
    let Existing { rendered, clients, name, service } = Existing::load(ctx, "delete").await?;
    let cluster = &rendered.config.cluster;
    let running = service.running_count() + service.pending_count();
    let tasks = service.desired_count().max(running);
    let what = format!(
        "service {name} in cluster {cluster} ({} desired, {running} running or pending)",
        service.desired_count()
    );
    if tasks > 0 && !args.terminate {
        return Err(Error::new(format!(
            "{what} still has tasks: ECS deletes only a service without any"
        ))
        .hint("pass --terminate to stop its tasks with it, or `shipper scale --tasks 0` first"));
    }
    if args.dry_run {
        ctx.out.info(&format!(
            "would delete {what}{}; dry run: nothing changed",
            if tasks > 0 { " and stop its tasks" } else { "" }
        ));
        return Ok(Exit::Success);
    }
    if !args.force {
        let answer = ctx.out.ask(&format!("Delete {what}? Type the service name to confirm:"));
        if answer.as_deref() != Some(name.as_str()) {
            return Err(Error::new("not confirmed: the service was not deleted").hint(format!(
                "type `{name}` when asked, or pass --force to delete without asking"
            )));
        }
    }
    clients
        .ecs
        .delete_service()
        .cluster(cluster)
        .service(&name)
        .force(args.terminate)
        .send()
        .await
        .map_err(|e| Error::aws("ecs:DeleteService", &format!("{cluster}/{name}"), e))?;
    ctx.out.success(&format!(
        "deleted service {name}{}",
        if tasks > 0 { "; its tasks are stopping" } else { "" }
    ));
    if ctx.out.is_json() {
        ctx.out.json(&serde_json::json!({"deleted": name, "cluster": cluster, "terminated": tasks > 0 && args.terminate}));
    }
    Ok(Exit::Success)
}
