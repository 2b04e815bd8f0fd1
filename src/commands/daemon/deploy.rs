//! `shipper deploy` of a daemon: register the daemon task definition only if it changed, create
//! or update the daemon with one call, follow the daemon deployment (instances per capacity
//! provider, circuit breaker, alarms) to its end: exit 3 when ECS rolls it back.

use serde_json::json;

use crate::cli::DeployArgs;
use crate::context::Context;
use crate::deploy::daemon::{self, Action, Plan};
use crate::ecs;
use crate::error::{Error, Exit, Result};
use crate::render::Want;
use crate::state::daemon::CurrentDaemon;
use crate::wait::daemon::{Watch, follow};

pub async fn run(ctx: &Context, args: &DeployArgs) -> Result<Exit> {
    refuse_flags(args)?;
    ctx.out.group("render");
    let rendered = ctx.render(Want::ALL).await?;
    let config = &rendered.config;
    let clients = ctx.clients(config).await?;
    let family = rendered.daemon_task_definition.as_ref().map(|t| t.family().to_string());
    let mut current = CurrentDaemon::read(clients, config, family.as_deref()).await?;
    if let Some(busy) = super::manage::in_flight(&current) {
        if !args.wait_for_active {
            return Err(Error::new(format!(
                "daemon {} already has a deployment in progress; refusing to start another",
                current.name
            ))
            .detail(crate::wait::daemon::row(busy))
            .hint("wait for it with --wait-for-active (or `shipper wait`)"));
        }
        ctx.out.info("waiting for the deployment in progress to finish first (--wait-for-active)");
        super::manage::follow_in_flight(ctx, clients, config, &current, &args.wait).await?;
        current = CurrentDaemon::read(clients, config, family.as_deref()).await?;
    }

    ctx.out.group("plan");
    let plan = Plan::build(&rendered, &current, args.force)?;
    for diff in plan.diffs.iter().filter(|d| d.has_changes()) {
        ctx.out.info(&diff.summary());
    }
    if args.dry_run {
        crate::commands::print_dry_run(&ctx.out, plan.to_json(), plan.describe());
        return Ok(Exit::Success);
    }

    ctx.out.group("deploy");
    let applied = daemon::apply(clients, &plan).await?;
    if applied.registered {
        ctx.out.success(&format!("registered {}", ecs::short_name(&applied.task_definition)));
    }
    if plan.action == Action::None {
        ctx.out.info(&format!(
            "daemon {}: nothing to deploy; it runs {} as defined",
            plan.name,
            ecs::short_name(&applied.task_definition)
        ));
        return finish(ctx, &plan.name, &applied.task_definition, "unchanged");
    }
    let verb = if plan.action == Action::Create { "created" } else { "updated" };
    ctx.out.info(&format!(
        "{verb} daemon {} with {}; ECS rolls it out …",
        plan.name,
        ecs::short_name(&applied.task_definition)
    ));
    if args.wait.no_wait {
        ctx.out.info(&format!(
            "not waiting (--no-wait): `shipper wait --config {}` follows the rollout",
            config.path.display()
        ));
        return finish(ctx, &plan.name, &applied.task_definition, "started");
    }
    ctx.out.group("rollout");
    let started = std::time::Instant::now();
    let deployment = match applied.deployment.clone() {
        Some(arn) => arn,
        None => ecs::daemon::describe(clients, &applied.daemon_arn)
            .await?
            .deployment_arn()
            .map(String::from)
            .ok_or_else(|| Error::new(format!("daemon {} reports no deployment", plan.name)))?,
    };
    let watch = Watch {
        daemon: plan.name.clone(),
        deployment,
        task_definition: applied.task_definition.clone(),
        poll: args.wait.poll_interval.max(crate::cli::MIN_POLL),
        timeout: super::manage::timeout(ctx, config),
    };
    let done = follow(ctx, clients, watch, &config.path).await?;
    let instances = done.target_daemon_revision().and_then(|t| t.total_running_instance_count());
    ctx.out.success(&format!(
        "deployed {} to daemon {}: {} instances run it ({}s)",
        ecs::short_name(&applied.task_definition),
        plan.name,
        instances.unwrap_or(0),
        started.elapsed().as_secs()
    ));
    finish(ctx, &plan.name, &applied.task_definition, "succeeded")
}

/// Flags that shape a service's deploy and mean nothing for a daemon.
fn refuse_flags(args: &DeployArgs) -> Result<()> {
    // `--force` registers the daemon task definition even when it is unchanged.
    match crate::commands::service_only_flag(args, &["--force"]) {
        Some(flag) => Err(Error::new(format!("{flag} does not apply to a daemon"))
            .hint("a daemon deploy registers the daemon task definition when it changed and sends one CreateDaemon or UpdateDaemon; `--force` registers it anyway")),
        None => Ok(()),
    }
}

fn finish(ctx: &Context, daemon: &str, task_definition: &str, status: &str) -> Result<Exit> {
    if ctx.out.is_json() {
        ctx.out.json(
            &json!({"status": status, "daemon": daemon, "daemon_task_definition": task_definition}),
        );
    }
    Ok(Exit::Success)
}
