//! The commands for a config that describes an ECS daemon (`daemon`, `daemon_definition`,
//! `daemon_task_definition`): render, diff, deploy, status, wait, rollback, revisions, delete,
//! verify and init. The others refuse, saying why: a daemon runs one task per container
//! instance of its capacity providers, so there is no count to scale, no one-off task to run,
//! and ECS — never CodeDeploy — rolls it out.

mod deploy;
pub mod init;
mod manage;
mod rollback;
mod status;

use crate::cli::{Command, DiffArgs};
use crate::commands;
use crate::context::Context;
use crate::error::{Error, Exit, Result};
use crate::render::Want;
use crate::state::daemon::CurrentDaemon;

/// Runs `command` for the config's daemon.
pub async fn dispatch(ctx: &Context, command: &Command) -> Result<Exit> {
    match command {
        Command::Deploy(args) => Box::pin(deploy::run(ctx, args)).await,
        Command::Diff(args) => Box::pin(diff(ctx, args)).await,
        Command::Status(args) => Box::pin(status::run(ctx, args)).await,
        Command::Wait(args) => Box::pin(manage::wait(ctx, args)).await,
        Command::Rollback(args) => Box::pin(rollback::run(ctx, args)).await,
        Command::Revisions(args) => Box::pin(rollback::revisions(ctx, args)).await,
        Command::Delete(args) => Box::pin(manage::delete(ctx, args)).await,
        Command::Render(args) => {
            Box::pin(commands::render::run(ctx, args)).await.map(|()| Exit::Success)
        }
        Command::Verify(_) => Box::pin(commands::verify::run(ctx)).await,
        other => Err(refusal(other)),
    }
}

/// Why a command does not apply to a daemon.
fn refusal(command: &Command) -> Error {
    let (what, why, hint) = match command {
        Command::Scale(_) => (
            "scale",
            "a daemon runs one task on each container instance of its capacity providers: there is no count to set",
            "scale the capacity providers' instances instead",
        ),
        Command::Refresh(_) => (
            "refresh",
            "a daemon is redeployed by a change (UpdateDaemon starts a deployment)",
            "`shipper deploy --force` registers the daemon task definition again and deploys it",
        ),
        Command::Run(_) => (
            "run",
            "a daemon's tasks run on every instance, not as one-off tasks",
            "run one-off tasks from a service config",
        ),
        Command::Register(_) | Command::Deregister(_) => (
            "register/deregister",
            "`shipper deploy` registers a daemon task definition when it changed",
            "`shipper deploy --dry-run` shows what would be registered",
        ),
        Command::Tasks(_) | Command::Logs(_) => (
            "tasks/logs",
            "shipper lists a service's tasks, and ECS lists daemon tasks per container instance, not per daemon",
            "`shipper status` shows how many instances run the daemon per capacity provider",
        ),
        Command::Images(_) => (
            "images",
            "it lists a service's ECR tags",
            "`shipper revisions` shows each daemon revision's images",
        ),
        Command::Appspec(_) => (
            "appspec",
            "a daemon is deployed by ECS, never through CodeDeploy",
            "`shipper deploy` deploys it",
        ),
        Command::Continue(_) => (
            "continue",
            "daemon deployments have no lifecycle hooks to answer",
            "`shipper wait` follows the deployment in progress",
        ),
        _ => ("this command", "it does not apply to a daemon", "see `shipper --help`"),
    };
    Error::new(format!("{what} does not work on a daemon: {why}")).hint(hint)
}

/// `shipper diff` of a daemon: its task definition against the revision it runs, its
/// definition against the daemon.
async fn diff(ctx: &Context, args: &DiffArgs) -> Result<Exit> {
    ctx.out.group("render");
    let want = Want { task_definition: true, service_definition: !args.task_definition_only };
    let rendered = ctx.render(want).await?;
    ctx.out.group("plan");
    let clients = ctx.clients(&rendered.config).await?;
    let family = rendered.daemon_task_definition.as_ref().map(|t| t.family().to_string());
    let current = CurrentDaemon::read(clients, &rendered.config, family.as_deref()).await?;
    let diffs = current.compare(&rendered);
    commands::diff::show(ctx, args, &rendered.config.cluster, &current.name, &diffs).await
}
