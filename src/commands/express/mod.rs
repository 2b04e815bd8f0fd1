//! The commands for a config that describes an Express Mode service (`express_definition`).
//!
//! An Express service is an ECS service that ECS manages from a small definition, so some
//! commands are its own (deploy, diff, status, rollback, delete, init: see the files here),
//! some are the service ones unchanged (render, verify, wait, tasks, logs: they read the
//! service or the rendered files), and the rest refuse, saying why (ECS owns the task
//! definition, the load balancer and the scaling).

mod deploy;
pub mod init;
mod manage;
mod status;

use crate::cli::{Command, DiffArgs};
use crate::commands;
use crate::context::Context;
use crate::error::{Error, Exit, Result};
use crate::render::Want;
use crate::state::express::CurrentExpress;

/// Runs `command` for the config's Express service.
pub async fn dispatch(ctx: &Context, command: &Command) -> Result<Exit> {
    match command {
        Command::Deploy(args) => Box::pin(deploy::run(ctx, args)).await,
        Command::Diff(args) => Box::pin(diff(ctx, args)).await,
        Command::Status(args) => Box::pin(status::run(ctx, args)).await,
        Command::Rollback(args) => Box::pin(manage::rollback(ctx, args)).await,
        Command::Delete(args) => Box::pin(manage::delete(ctx, args)).await,
        Command::Render(args) => {
            Box::pin(commands::render::run(ctx, args)).await.map(|()| Exit::Success)
        }
        Command::Verify(_) => Box::pin(commands::verify::run(ctx)).await,
        Command::Wait(args) => Box::pin(commands::wait::run(ctx, args)).await,
        Command::Tasks(args) => Box::pin(commands::tasks::run(ctx, args)).await,
        Command::Logs(args) => Box::pin(commands::logs::run(ctx, args)).await,
        other => Err(refusal(other)),
    }
}

/// Why a command does not apply to an Express service.
fn refusal(command: &Command) -> Error {
    let (what, why, hint) = match command {
        Command::Scale(_) => (
            "scale",
            "ECS scales an Express service itself",
            "set `scalingTarget` (minTaskCount, maxTaskCount) in the Express definition and deploy",
        ),
        Command::Refresh(_) => (
            "refresh",
            "an Express service starts a deployment only for a changed definition",
            "deploy a changed definition",
        ),
        Command::Run(_) => (
            "run",
            "an Express service's task definition is ECS's own, not yours to run",
            "run one-off tasks from a task definition of your own (a service config)",
        ),
        Command::Revisions(_)
        | Command::Register(_)
        | Command::Deregister(_)
        | Command::Images(_) => (
            "this command",
            "ECS registers and owns an Express service's task definitions",
            "`shipper status` shows the image and task definition the service runs",
        ),
        Command::Appspec(_) => (
            "appspec",
            "an Express service is deployed by ECS (canary), never through CodeDeploy",
            "`shipper deploy` deploys it",
        ),
        Command::Continue(_) => (
            "continue",
            "an Express service's deployments have no lifecycle hooks to answer",
            "`shipper wait` follows the deployment in progress",
        ),
        _ => ("this command", "it does not apply to an Express service", "see `shipper --help`"),
    };
    Error::new(format!("{what} does not work on an Express service: {why}")).hint(hint)
}

/// `shipper diff` of an Express service: its definition against its newest configuration.
async fn diff(ctx: &Context, args: &DiffArgs) -> Result<Exit> {
    if args.task_definition_only {
        return Err(Error::new(
            "--task-definition-only: an Express service has no task definition of yours to compare",
        )
        .hint("drop the flag: `shipper diff` compares the Express definition"));
    }
    ctx.out.group("render");
    let want = Want { task_definition: false, service_definition: true };
    let (rendered, service) = ctx.render_reading_service(want, true).await?;
    ctx.out.group("plan");
    let clients = ctx.clients(&rendered.config).await?;
    let current = CurrentExpress::read_with(clients, &rendered.config, service).await?;
    let diffs = current.compare(&rendered);
    let name = crate::state::express::name(&rendered.config)?;
    commands::diff::show(ctx, args, &rendered.config.cluster, &name, &diffs).await
}
