//! `shipper deploy` of an Express service: render, compare with what runs, one
//! CreateExpressGatewayService or UpdateExpressGatewayService, then follow the service
//! deployment ECS started to its end — the same following, verdict and exit codes as a
//! service's (an Express service deploys by canary, so ECS's lifecycle stages are walked).

use serde_json::json;

use crate::cli::DeployArgs;
use crate::commands::deploy::{in_progress, newest, watch_for};
use crate::context::Context;
use crate::deploy::express::{self, Action, Plan};
use crate::deploy::strategy::Strategy;
use crate::ecs;
use crate::error::{Error, Exit, Result};
use crate::render::Want;
use crate::state::express::CurrentExpress;
use crate::strategy;

pub async fn run(ctx: &Context, args: &DeployArgs) -> Result<Exit> {
    refuse_flags(args)?;
    ctx.out.group("render");
    let want = Want { task_definition: false, service_definition: true };
    let (rendered, service) = ctx.render_reading_service(want, true).await?;
    let config = &rendered.config;
    let clients = ctx.clients(config).await?;
    let mut current = CurrentExpress::read_with(clients, config, service).await?;
    if let Some(busy) = current.service.as_ref().and_then(in_progress) {
        let name = config.service.clone().unwrap_or_default();
        if !args.wait_for_active {
            return Err(Error::new(format!("Express service {name} already has a deployment in progress; refusing to start another"))
                .detail(busy)
                .hint("wait for it with --wait-for-active (or `shipper wait`), or stop it with `shipper rollback`"));
        }
        ctx.out.info("waiting for the deployment in progress to finish first (--wait-for-active)");
        let running = current.service.as_ref().ok_or_else(|| Error::new("service vanished"))?;
        let target = running.task_definition().unwrap_or_default().to_string();
        let watch = watch_for(&rendered, &target, newest(running), ctx, &args.wait)
            .after_events_of(running);
        crate::wait::follow(ctx, clients, watch, &config.path).await?;
        current = CurrentExpress::read_with(clients, config, None).await?;
    }

    ctx.out.group("plan");
    let plan = Plan::build(&rendered, &current)?;
    for diff in plan.diffs.iter().filter(|d| d.has_changes()) {
        ctx.out.info(&diff.summary());
    }
    if let (Some(stage), Some(running)) = (&args.wait.wait_until, &current.service)
        && !Strategy::of_service(running).staged()
    {
        return Err(Error::new(format!(
            "--wait-until {stage}: Express service {} rolls out with {}, which has no lifecycle stages",
            plan.service,
            Strategy::of_service(running).name()
        )));
    }
    if args.dry_run {
        crate::commands::print_dry_run(&ctx.out, plan.to_json(), plan.describe());
        return Ok(Exit::Success);
    }

    ctx.out.group("deploy");
    let applied = express::apply(clients, &plan).await?;
    if !applied.deploying {
        let what = match plan.changes() {
            true => "tags updated; nothing else to deploy",
            false => "nothing to deploy; it runs as defined",
        };
        ctx.out.info(&format!("Express service {}: {what}", plan.service));
        return finish(ctx, &plan, "unchanged", applied.task_definition.as_deref());
    }
    let verb = if matches!(plan.action, Action::Create) { "created" } else { "updated" };
    ctx.out.info(&format!("{verb} Express service {}; ECS deploys it …", plan.service));
    if args.wait.no_wait {
        ctx.out.info(&format!(
            "not waiting (--no-wait): `shipper wait --config {}` follows the rollout",
            config.path.display()
        ));
        return finish(ctx, &plan, "started", applied.task_definition.as_deref());
    }

    ctx.out.group("rollout");
    let started = std::time::Instant::now();
    let service = ecs::describe_service(clients, &config.cluster, &plan.service)
        .await?
        .ok_or_else(|| Error::new(format!("Express service {} vanished", plan.service)))?;
    let target = applied
        .task_definition
        .clone()
        .or_else(|| service.task_definition().map(String::from))
        .unwrap_or_default();
    let mut watch = watch_for(&rendered, &target, applied.since, ctx, &args.wait);
    if let Some(before) = &current.service {
        watch = watch.after_events_of(before);
    }
    watch.deployment = applied.deployment.clone();
    let rollout = strategy::Rollout {
        strategy: Strategy::of_service(&service),
        watch: watch.starting_from(Some(&service)),
        gates: &config.gates,
        previous: current.service.as_ref().and_then(|s| s.task_definition()).map(String::from),
        wait_until: args.wait.wait_until.clone(),
        codedeploy: None,
        approve: None,
    };
    let mut followed = strategy::Followed::default();
    let done = strategy::follow(ctx, clients, rollout, &config.path, &mut followed).await?;
    if let Some(stage) = &followed.stopped_at {
        ctx.out.success(&format!(
            "deployment of Express service {} is at {stage} (--wait-until); it goes on in ECS",
            plan.service
        ));
        return finish(ctx, &plan, "waiting", Some(&target));
    }
    let endpoint =
        ecs::express::describe(clients, &applied.arn).await.ok().and_then(|e| endpoint_of(&e));
    ctx.out.success(&format!(
        "deployed {} to Express service {}: {}/{} tasks running ({}s){}",
        ecs::short_name(&target),
        plan.service,
        done.running_count(),
        done.desired_count(),
        started.elapsed().as_secs(),
        endpoint.map(|e| format!("; https://{e}")).unwrap_or_default()
    ));
    finish(ctx, &plan, "succeeded", Some(&target))
}

/// The first ingress path's endpoint of the newest configuration.
pub fn endpoint_of(service: &aws_sdk_ecs::types::EcsExpressGatewayService) -> Option<String> {
    let config = crate::model::express::newest(service)?;
    config.ingress_paths().first().map(|p| p.endpoint().to_string())
}

/// Flags that shape a service's deploy and mean nothing for an Express service.
fn refuse_flags(args: &DeployArgs) -> Result<()> {
    // An Express service's deployment has lifecycle stages: `--wait-until` works.
    match crate::commands::service_only_flag(args, &["--wait-until"]) {
        Some(flag) => Err(Error::new(format!(
            "{flag} does not apply to an Express service: ECS makes its task definition and its task count from the Express definition"
        ))
        .hint("change the Express definition (primaryContainer.image, scalingTarget, …) and deploy it")),
        None => Ok(()),
    }
}

fn finish(ctx: &Context, plan: &Plan, status: &str, task_definition: Option<&str>) -> Result<Exit> {
    if ctx.out.is_json() {
        ctx.out.json(&json!({
            "status": status,
            "service": plan.service,
            "express": true,
            "task_definition": task_definition,
        }));
    }
    Ok(Exit::Success)
}
