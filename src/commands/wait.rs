//! `shipper wait`: follow the service's deployment in progress (again) to its end.

use aws_sdk_ecs::types::DeploymentLifecycleHookStatus;
use serde_json::json;

use super::service::Existing;
use crate::cli::{ContinueArgs, FollowArgs, WaitCmdArgs};
use crate::commands::deploy::{in_progress, newest, watch_for};
use crate::context::Context;
use crate::deploy::strategy::Strategy;
use crate::ecs;
use crate::error::{Exit, Result};
use crate::strategy::owed::{self, Owed};
use crate::strategy::{self, Approval, Followed, codedeploy};

pub async fn run(ctx: &Context, args: &WaitCmdArgs) -> Result<Exit> {
    follow(ctx, &args.follow, None, &mut Followed::default()).await
}

/// Follows the deployment in progress to its end, or checks the finished one's gates: no
/// success while a gate it owes has not passed. `approve`: `continue`'s answer to a pause hook.
async fn follow(
    ctx: &Context,
    wait: &FollowArgs,
    approve: Option<Approval>,
    followed: &mut Followed,
) -> Result<Exit> {
    let Existing { rendered, clients, name, service } = Existing::load(ctx, "wait for").await?;
    let config = &rendered.config;
    let strategy = Strategy::of_service(&service);
    if strategy == Strategy::CodeDeploy {
        let group = codedeploy::find_group(clients, config, &name).await?;
        if let Some(id) = codedeploy::in_flight(clients, &group).await? {
            return follow_codedeploy(ctx, clients, &rendered, &service, wait, group, id).await;
        }
    }
    let target = service
        .deployments()
        .iter()
        .find(|d| d.status() == Some("PRIMARY"))
        .and_then(|d| d.task_definition())
        .unwrap_or_default()
        .to_string();
    let watch =
        watch_for(&rendered, &target, newest(&service), ctx, wait).after_events_of(&service);
    if in_progress(&service).is_none() && service.running_count() == service.desired_count() {
        let owed = Owed {
            strategy,
            gates: &config.gates,
            previous: None,
            watch: &watch,
            after_the_fact: true,
        };
        owed::run(ctx, clients, &service, owed, &config.path, followed).await?;
        ctx.out.info(&format!(
            "service {name} is stable: {}/{} running {}",
            service.running_count(),
            service.desired_count(),
            ecs::short_name(&target)
        ));
        if ctx.out.is_json() {
            ctx.out.json(&json!({"status": "stable", "service": name, "task_definition": target,
                "gates": followed.gates, "skipped_gates": followed.skipped}));
        }
        return Ok(Exit::Success);
    }
    let rollout = strategy::Rollout {
        strategy,
        watch,
        gates: &config.gates,
        previous: None,
        wait_until: wait.wait_until.clone(),
        codedeploy: None,
        approve,
    };
    let done = strategy::follow(ctx, clients, rollout, &config.path, followed).await?;
    if let Some(stage) = &followed.stopped_at {
        let how = match approve.is_some_and(|a| a.then_return) {
            true => "(--no-wait)",
            false => "(--wait-until)",
        };
        ctx.out.success(&format!("service {name}: the deployment is at {stage} {how}"));
        if ctx.out.is_json() {
            ctx.out.json(&json!({"status": "waiting", "service": name, "stage": stage,
                "gates": followed.gates, "skipped_gates": followed.skipped}));
        }
        return Ok(Exit::Success);
    }
    ctx.out.success(&format!(
        "service {name} runs {}: {}/{} tasks running",
        ecs::short_name(&target),
        done.running_count(),
        done.desired_count()
    ));
    if ctx.out.is_json() {
        ctx.out.json(&json!({"status": "succeeded", "service": name, "task_definition": target,
            "gates": followed.gates, "skipped_gates": followed.skipped}));
    }
    Ok(Exit::Success)
}

/// `shipper continue`: the pause hook a deployment waits at is answered with CONTINUE once the
/// gates of its phase pass (ROLLBACK and exit 3 when one fails; `--skip-gates` answers at once
/// and names the gates skipped), then the deployment is followed like `wait`.
pub async fn resume(ctx: &Context, args: &ContinueArgs) -> Result<Exit> {
    let Existing { rendered, clients, name, .. } = Existing::load(ctx, "continue").await?;
    let config = &rendered.config;
    let deployment = crate::history::in_progress(clients, &config.cluster, &name).await?;
    let paused = deployment.as_ref().is_some_and(|sd| {
        sd.lifecycle_hook_details()
            .iter()
            .any(|h| h.status() == Some(&DeploymentLifecycleHookStatus::AwaitingAction))
    });
    if !paused {
        return Err(crate::error::Error::new(format!(
            "service {name} has no deployment waiting at a pause hook"
        ))
        .hint(
            "`shipper status` shows its deployments; `continue` answers a PAUSE lifecycle hook",
        ));
    }
    let approve = Approval { skip_gates: args.skip_gates, then_return: args.wait.no_wait };
    let mut followed = Followed::default();
    let result = follow(ctx, &args.wait, Some(approve), &mut followed).await;
    if !followed.skipped.is_empty() && crate::output::github::active() {
        let line = format!(
            "### shipper continue: {name}\n\nThe pause hook was answered without its gates (`--skip-gates`): {}.\n",
            followed.skipped.iter().map(|g| format!("`{g}`")).collect::<Vec<_>>().join(", ")
        );
        crate::output::github::append_step_summary(&line)?;
    }
    result
}

/// Follows a CodeDeploy deployment in flight (its task definition read from its AppSpec), with
/// the config's gates at the group's waits.
async fn follow_codedeploy(
    ctx: &Context,
    clients: &crate::aws::Clients,
    rendered: &crate::state::Rendered,
    service: &aws_sdk_ecs::types::Service,
    wait: &FollowArgs,
    group: codedeploy::Group,
    id: String,
) -> Result<Exit> {
    let config = &rendered.config;
    let name = service.service_name().unwrap_or_default().to_string();
    let target = codedeploy::task_definition_of(clients, &id)
        .await
        .unwrap_or_else(|| service.task_definition().unwrap_or_default().to_string());
    ctx.out.info(&format!("following CodeDeploy deployment {id} ({})", group.describe()));
    let watch = watch_for(rendered, &target, newest(service), ctx, wait);
    let rollout = strategy::Rollout {
        strategy: Strategy::CodeDeploy,
        watch,
        gates: &config.gates,
        previous: None,
        wait_until: None,
        codedeploy: Some(codedeploy::Started { group, id }),
        approve: None,
    };
    let mut followed = Followed::default();
    let done = strategy::follow(ctx, clients, rollout, &config.path, &mut followed).await?;
    ctx.out.success(&format!(
        "service {name} runs {}: {}/{} tasks running",
        done.task_definition().map(ecs::short_name).unwrap_or("?"),
        done.running_count(),
        done.desired_count()
    ));
    if ctx.out.is_json() {
        ctx.out.json(&json!({"status": "succeeded", "service": name,
            "task_definition": done.task_definition(), "gates": followed.gates}));
    }
    Ok(Exit::Success)
}
