//! `shipper wait`: follow the service's deployment in progress (again) to its end.

use aws_sdk_ecs::types::{DeploymentLifecycleHookAction, DeploymentLifecycleHookStatus};
use serde_json::json;

use super::service::Existing;
use crate::cli::WaitCmdArgs;
use crate::commands::deploy::{in_progress, newest, watch_for};
use crate::context::Context;
use crate::deploy::strategy::Strategy;
use crate::ecs;
use crate::error::{Exit, Result};
use crate::strategy::{self, codedeploy};

pub async fn run(ctx: &Context, args: &WaitCmdArgs) -> Result<Exit> {
    let Existing { rendered, clients, name, service } = Existing::load(ctx, "wait for").await?;
    let config = &rendered.config;
    if Strategy::of_service(&service) == Strategy::CodeDeploy {
        let group = codedeploy::find_group(clients, config, &name).await?;
        if let Some(id) = codedeploy::in_flight(clients, &group).await? {
            return follow_codedeploy(ctx, clients, &rendered, &service, args, group, id).await;
        }
    }
    let target = service
        .deployments()
        .iter()
        .find(|d| d.status() == Some("PRIMARY"))
        .and_then(|d| d.task_definition())
        .unwrap_or_default()
        .to_string();
    if in_progress(&service).is_none() && service.running_count() == service.desired_count() {
        ctx.out.info(&format!(
            "service {name} is stable: {}/{} running {}",
            service.running_count(),
            service.desired_count(),
            ecs::short_name(&target)
        ));
        if ctx.out.is_json() {
            ctx.out.json(&json!({"status": "stable", "service": name, "task_definition": target}));
        }
        return Ok(Exit::Success);
    }
    let watch =
        watch_for(&rendered, &target, newest(&service), ctx, &args.wait).after_events_of(&service);
    let strategy = Strategy::of_service(&service);
    let rollout = strategy::Rollout {
        strategy,
        watch,
        gates: &config.gates,
        previous: None,
        wait_until: args.wait.wait_until.clone(),
        codedeploy: None,
    };
    let (done, followed) = strategy::follow(ctx, clients, rollout, &config.path).await?;
    if let Some(stage) = followed.stopped_at {
        ctx.out.success(&format!("service {name}: the deployment is at {stage} (--wait-until)"));
        return Ok(Exit::Success);
    }
    ctx.out.success(&format!(
        "service {name} runs {}: {}/{} tasks running",
        ecs::short_name(&target),
        done.running_count(),
        done.desired_count()
    ));
    if ctx.out.is_json() {
        ctx.out.json(&json!({"status": "succeeded", "service": name, "task_definition": target}));
    }
    Ok(Exit::Success)
}

/// `shipper continue`: answers the pause hook a deployment waits at with CONTINUE (manual
/// approval), then follows the deployment like `wait` (running any gates later phases have).
pub async fn resume(ctx: &Context, args: &WaitCmdArgs) -> Result<Exit> {
    let Existing { rendered, clients, name, .. } = Existing::load(ctx, "continue").await?;
    let config = &rendered.config;
    let deployment = crate::history::in_progress(clients, &config.cluster, &name).await?;
    let paused = deployment.as_ref().and_then(|sd| {
        sd.lifecycle_hook_details()
            .iter()
            .find(|h| h.status() == Some(&DeploymentLifecycleHookStatus::AwaitingAction))
            .map(|h| (sd, h))
    });
    let Some((sd, hook)) = paused else {
        return Err(crate::error::Error::new(format!(
            "service {name} has no deployment waiting at a pause hook"
        ))
        .hint(
            "`shipper status` shows its deployments; `continue` answers a PAUSE lifecycle hook",
        ));
    };
    let arn = sd.service_deployment_arn().unwrap_or_default();
    let stage = sd.lifecycle_stage().map(|s| s.as_str().to_string()).unwrap_or_default();
    clients
        .ecs
        .continue_service_deployment()
        .service_deployment_arn(arn)
        .set_hook_id(hook.hook_id().map(ToString::to_string))
        .action(DeploymentLifecycleHookAction::Continue)
        .send()
        .await
        .map_err(|e| crate::error::Error::aws("ecs:ContinueServiceDeployment", arn, e))?;
    ctx.out.success(&format!("answered the pause hook on {stage} with CONTINUE ({arn})"));
    if args.wait.no_wait {
        return Ok(Exit::Success);
    }
    run(ctx, args).await
}

/// Follows a CodeDeploy deployment in flight (its task definition read from its AppSpec), with
/// the config's gates at the group's waits.
async fn follow_codedeploy(
    ctx: &Context,
    clients: &crate::aws::Clients,
    rendered: &crate::state::Rendered,
    service: &aws_sdk_ecs::types::Service,
    args: &WaitCmdArgs,
    group: codedeploy::Group,
    id: String,
) -> Result<Exit> {
    let config = &rendered.config;
    let name = service.service_name().unwrap_or_default().to_string();
    let target = codedeploy::task_definition_of(clients, &id)
        .await
        .unwrap_or_else(|| service.task_definition().unwrap_or_default().to_string());
    ctx.out.info(&format!("following CodeDeploy deployment {id} ({})", group.describe()));
    let watch = watch_for(rendered, &target, newest(service), ctx, &args.wait);
    let rollout = strategy::Rollout {
        strategy: Strategy::CodeDeploy,
        watch,
        gates: &config.gates,
        previous: None,
        wait_until: None,
        codedeploy: Some(codedeploy::Started { group, id }),
    };
    let (done, _) = strategy::follow(ctx, clients, rollout, &config.path).await?;
    ctx.out.success(&format!(
        "service {name} runs {}: {}/{} tasks running",
        done.task_definition().map(ecs::short_name).unwrap_or("?"),
        done.running_count(),
        done.desired_count()
    ));
    if ctx.out.is_json() {
        ctx.out.json(&json!({"status": "succeeded", "service": name, "task_definition": done.task_definition()}));
    }
    Ok(Exit::Success)
}
