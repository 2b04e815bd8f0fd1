//! `shipper rollback`: stop a deployment in flight, or go back to an earlier revision.

use aws_sdk_ecs::types::{
    DeploymentLifecycleHookAction, DeploymentLifecycleHookStatus, Service,
    StopServiceDeploymentStopType,
};
use serde_json::json;

use super::service::Existing;
use super::summary::Report;
use crate::aws::Clients;
use crate::cli::RollbackArgs;
use crate::commands::deploy::{in_progress, watch_for};
use crate::context::Context;
use crate::deploy::apply;
use crate::deploy::strategy::Strategy;
use crate::deploy::{Plan, ServiceAction, TaskDef};
use crate::ecs;
use crate::error::{Error, Exit, Result};
use crate::history;
use crate::rollback::{self, Target};
use crate::state::Rendered;
use crate::strategy::codedeploy;
use crate::wait;

pub async fn run(ctx: &Context, args: &RollbackArgs) -> Result<Exit> {
    let mut report = Report::new("rollback");
    let result = rollback_reported(ctx, args, &mut report).await;
    report.publish(&ctx.out, &result, result.as_ref().map_or(Exit::Failure, |e| *e)).await;
    result
}

/// The rollback, noting in `report` what the GitHub step summary tells.
async fn rollback_reported(
    ctx: &Context,
    args: &RollbackArgs,
    report: &mut Report,
) -> Result<Exit> {
    // Only the config: a rollback must work without the variables the definitions need.
    let Existing { rendered, clients, name, service } = Existing::load(ctx, "roll back").await?;
    let config = &rendered.config;
    report.note_service(clients, &config.cluster, &service, Strategy::of_service(&service).name());
    report.dry_run = args.dry_run;

    let explicit = args.to_revision.is_some() || args.to_tag.is_some();
    if Strategy::of_service(&service) == Strategy::CodeDeploy {
        return codedeploy_rollback(ctx, clients, &rendered, &service, args, report).await;
    }
    if in_progress(&service).is_some() {
        if explicit {
            return Err(Error::new(format!("service {name} has a deployment in progress"))
                .hint("run `shipper rollback` without --to-revision/--to-tag to stop it first"));
        }
        return stop_in_flight(ctx, clients, &rendered, &service, args, report).await;
    }

    let from = service.task_definition().unwrap_or_default().to_string();
    let Some((choice, to)) = choose(ctx, clients, &config.cluster, &service, args, &from).await?
    else {
        report.unchanged = true;
        return Ok(Exit::Success);
    };
    if args.dry_run {
        if ctx.out.is_json() {
            ctx.out.json(&json!({"dry_run": true, "service": name, "from": from, "to": to, "reason": choice.reason}));
        } else {
            ctx.out.data(&format!(
                "would roll back service {name} from {} to {to} ({})",
                ecs::short_name(&from),
                choice.reason
            ));
            ctx.out.info("DRY RUN: nothing was changed");
        }
        return Ok(Exit::Success);
    }

    ctx.out.info(&format!(
        "rolling back service {name} from {} to {to} ({})",
        ecs::short_name(&from),
        choice.reason
    ));
    let plan = Plan {
        cluster: config.cluster.clone(),
        service: name.clone(),
        task_definition: choice.task_definition,
        action: ServiceAction::Update {
            body: json!({"cluster": config.cluster, "service": name}),
            new_task_definition: true,
        },
        tags_add: Vec::new(),
        tags_remove: Vec::new(),
        diffs: Vec::new(),
        service_arn: service.service_arn().map(ToString::to_string),
        deployments_before: crate::deploy::deployment_ids(&service),
        code_deploy: false,
    };
    let applied = apply::apply(clients, &plan, &ctx.journal).await?;
    report.note_applied(&applied);
    report.reason = Some(choice.reason.clone());
    if args.wait.no_wait {
        ctx.out.info(&format!(
            "not waiting (--no-wait): `shipper wait --config {}` follows the rollback",
            config.path.display()
        ));
        report.not_followed();
        return Ok(Exit::Success);
    }
    let watch = watch_for(&rendered, &applied.task_definition, applied.since, ctx, &args.wait)
        .after_events_of(&service)
        .starting_from(applied.service.as_deref());
    let service = wait::follow(ctx, clients, watch, &config.path).await?;
    let took = report.seconds();
    let report = json!({"status": "rolled_back", "service": name, "from": from, "to": applied.task_definition});
    finish(ctx, clients, args, &name, &service, report, took).await
}

/// Stops the deployment in flight with rollback and follows ECS back to the previous revision.
pub async fn stop_in_flight(
    ctx: &Context,
    clients: &Clients,
    rendered: &Rendered,
    service: &Service,
    args: &RollbackArgs,
    report: &mut Report,
) -> Result<Exit> {
    let config = &rendered.config;
    let name = service.service_name().unwrap_or_default();
    let back_to = service
        .deployments()
        .iter()
        .filter(|d| d.status() != Some("PRIMARY"))
        .max_by_key(|d| d.created_at().map(aws_smithy_types::DateTime::as_nanos))
        .and_then(|d| d.task_definition())
        .map(ToString::to_string);
    let deployment = history::in_progress(clients, &config.cluster, name).await?;
    if args.dry_run {
        ctx.out.data(&format!(
            "would stop the deployment in progress on {name} and roll back to {}",
            back_to.as_deref().map_or("its previous revision", ecs::short_name)
        ));
        return Ok(Exit::Success);
    }
    let since = aws_smithy_types::DateTime::from(std::time::SystemTime::now());
    match &deployment {
        Some(sd) => {
            let arn = sd.service_deployment_arn().unwrap_or_default();
            let paused = sd
                .lifecycle_hook_details()
                .iter()
                .find(|h| h.status() == Some(&DeploymentLifecycleHookStatus::AwaitingAction));
            if let Some(hook) = paused {
                ctx.out.info(&format!(
                    "the deployment waits at a pause hook: answering it with ROLLBACK ({arn})"
                ));
                clients
                    .ecs
                    .continue_service_deployment()
                    .service_deployment_arn(arn)
                    .set_hook_id(hook.hook_id().map(ToString::to_string))
                    .action(DeploymentLifecycleHookAction::Rollback)
                    .send()
                    .await
                    .map_err(|e| Error::aws("ecs:ContinueServiceDeployment", arn, e))?;
            } else {
                ctx.out.info(&format!("stopping the deployment in progress with rollback ({arn})"));
                clients
                    .ecs
                    .stop_service_deployment()
                    .service_deployment_arn(arn)
                    .stop_type(StopServiceDeploymentStopType::Rollback)
                    .send()
                    .await
                    .map_err(|e| Error::aws("ecs:StopServiceDeployment", arn, e))?;
            }
        }
        None => {
            // Without the service deployment API: point the service back at the previous revision.
            let previous = back_to.clone().ok_or_else(|| {
                Error::new("cannot tell which revision ran before this deployment")
            })?;
            ctx.out.info(&format!("returning {name} to {}", ecs::short_name(&previous)));
            clients
                .ecs
                .update_service()
                .cluster(&config.cluster)
                .service(name)
                .task_definition(&previous)
                .send()
                .await
                .map_err(|e| Error::aws("ecs:UpdateService", name, e))?;
        }
    }
    let target = match back_to {
        Some(td) => td,
        None => return Ok(Exit::Success),
    };
    if args.wait.no_wait {
        report.not_followed();
        return Ok(Exit::Success);
    }
    let mut watch = watch_for(rendered, &target, since, ctx, &args.wait).after_events_of(service);
    watch.deployment =
        deployment.as_ref().and_then(|d| d.service_deployment_arn()).map(ToString::to_string);
    watch.expect_rollback = true;
    let service = wait::follow(ctx, clients, watch, &config.path).await?;
    ctx.out.success(&format!(
        "rolled back {name} to {}: {}/{} tasks running ({}s)",
        ecs::short_name(&target),
        service.running_count(),
        service.desired_count(),
        report.seconds()
    ));
    Ok(Exit::Success)
}

/// A CODE_DEPLOY service: stop the group's deployment in flight with CodeDeploy's rollback, or
/// deploy the earlier revision through a new CodeDeploy deployment.
async fn codedeploy_rollback(
    ctx: &Context,
    clients: &Clients,
    rendered: &Rendered,
    service: &Service,
    args: &RollbackArgs,
    report: &mut Report,
) -> Result<Exit> {
    let config = &rendered.config;
    let name = service.service_name().unwrap_or_default().to_string();
    let group = codedeploy::find_group(clients, config, &name).await?;
    let from = service.task_definition().unwrap_or_default().to_string();
    if let Some(id) = codedeploy::in_flight(clients, &group).await? {
        if args.to_revision.is_some() || args.to_tag.is_some() {
            return Err(Error::new(format!(
                "service {name} has CodeDeploy deployment {id} in flight"
            ))
            .hint("run `shipper rollback` without --to-revision/--to-tag to stop it first"));
        }
        if args.dry_run {
            ctx.out.data(&format!(
                "would stop CodeDeploy deployment {id} ({}) with rollback",
                group.describe()
            ));
            ctx.out.info("DRY RUN: nothing was changed");
            return Ok(Exit::Success);
        }
        ctx.out.info(&format!("stopping CodeDeploy deployment {id} with rollback"));
        codedeploy::stop(clients, &id).await?;
        if args.wait.no_wait {
            report.not_followed();
            return Ok(Exit::Success);
        }
        let watch = watch_for(rendered, &from, newest_now(), ctx, &args.wait);
        let deadline = std::time::Instant::now() + watch.timeout;
        codedeploy::until_rolled_back(clients, &id, watch.poll, deadline).await?;
        let now = ecs::describe_service(clients, &config.cluster, &name).await?;
        let runs =
            now.as_ref().and_then(|s| s.task_definition()).map(ecs::short_name).unwrap_or("?");
        ctx.out.success(&format!(
            "rolled back {name}: CodeDeploy deployment {id} stopped; the service runs {runs} ({}s)",
            report.seconds()
        ));
        if ctx.out.is_json() {
            ctx.out.json(&json!({"status": "rolled_back", "service": name, "stopped": id, "task_definition": now.as_ref().and_then(|s| s.task_definition())}));
        }
        return Ok(Exit::Success);
    }

    let Some((choice, to)) = choose(ctx, clients, &config.cluster, service, args, &from).await?
    else {
        report.unchanged = true;
        return Ok(Exit::Success);
    };
    if args.dry_run {
        ctx.out.data(&format!(
            "would roll back service {name} from {} to {to} ({}) with a CodeDeploy deployment in {}",
            ecs::short_name(&from),
            choice.reason,
            group.describe()
        ));
        ctx.out.info("DRY RUN: nothing was changed");
        return Ok(Exit::Success);
    }
    ctx.out.info(&format!(
        "rolling back service {name} from {} to {to} ({}) through CodeDeploy",
        ecs::short_name(&from),
        choice.reason
    ));
    let task_definition = match &choice.task_definition {
        TaskDef::Existing(arn) => arn.clone(),
        TaskDef::Register(td) => apply::register(clients, td, &ctx.journal).await?,
    };
    let def = crate::model::ServiceDefinition::from_sdk(service, &config.cluster).json;
    let spec = codedeploy::appspec(&def, &task_definition, config.appspec.as_ref())?;
    let what = format!("rollback of {name} to {}", ecs::short_name(&task_definition));
    let deployment = codedeploy::Deployment {
        group: &group,
        service: &name,
        task_definition: &task_definition,
        spec: &spec,
        what: &what,
    };
    let id = codedeploy::create(clients, &ctx.journal, deployment).await?;
    ctx.out.info(&format!("created CodeDeploy deployment {id} in {}", group.describe()));
    if args.wait.no_wait {
        report.not_followed();
        return Ok(Exit::Success);
    }
    let watch = watch_for(rendered, &task_definition, newest_now(), ctx, &args.wait);
    let started = codedeploy::Started { group, id };
    let now = codedeploy::follow(
        ctx,
        clients,
        watch,
        &crate::gates::Gates::default(),
        &started,
        &config.path,
        &mut crate::strategy::Followed::default(),
    )
    .await?;
    let took = report.seconds();
    let report = json!({"status": "rolled_back", "service": name, "from": from, "to": task_definition, "codedeploy_deployment": started.id});
    finish(ctx, clients, args, &name, &now, report, took).await
}

/// The end of a rollback that landed, ECS or CodeDeploy alike: the success line with the
/// seconds the rollback took (as a deploy's has), the optional deregistration of the revision
/// rolled away from, and the JSON report (which names both revisions, `from` and `to`).
async fn finish(
    ctx: &Context,
    clients: &Clients,
    args: &RollbackArgs,
    name: &str,
    service: &aws_sdk_ecs::types::Service,
    report: serde_json::Value,
    took: u64,
) -> Result<Exit> {
    let from = report["from"].as_str().unwrap_or_default();
    let to = report["to"].as_str().unwrap_or_default();
    ctx.out.success(&format!(
        "rolled back {name} to {}: {}/{} tasks running ({took}s)",
        ecs::short_name(to),
        service.running_count(),
        service.desired_count()
    ));
    if args.deregister {
        ecs::deregister(clients, from).await?;
        ctx.out.info(&format!("deregistered {}", ecs::short_name(from)));
    }
    if ctx.out.is_json() {
        ctx.out.json(&report);
    }
    Ok(Exit::Success)
}

fn newest_now() -> aws_smithy_types::DateTime {
    aws_smithy_types::DateTime::from(std::time::SystemTime::now())
}

/// What the flags ask to go back to, and its name for messages; `None` (said) when the service
/// already runs it.
async fn choose(
    ctx: &Context,
    clients: &Clients,
    cluster: &str,
    service: &Service,
    args: &RollbackArgs,
    from: &str,
) -> Result<Option<(rollback::Choice, String)>> {
    let target = match (&args.to_revision, &args.to_tag) {
        (Some(n), _) => Target::Revision(*n),
        (_, Some(tag)) => Target::Tag(tag.clone()),
        _ => Target::Count(args.count.unwrap_or(1)),
    };
    let choice = rollback::choose(clients, cluster, service, &target).await?;
    if let TaskDef::Existing(arn) = &choice.task_definition
        && arn == from
    {
        ctx.out.info(&format!(
            "service {} already runs {}; nothing to roll back",
            service.service_name().unwrap_or_default(),
            ecs::short_name(arn)
        ));
        return Ok(None);
    }
    let to = match &choice.task_definition {
        TaskDef::Existing(arn) => ecs::short_name(arn).to_string(),
        TaskDef::Register(td) => format!("a new revision of {}", td.family()),
    };
    Ok(Some((choice, to)))
}
