//! `shipper deploy`: register what changed, send one UpdateService (or CreateService), follow it.

use serde_json::json;

use super::scaling::{self, Scaling};
use super::summary::Report;
use crate::cli::DeployArgs;
use crate::context::Context;
use crate::deploy::apply::{self, Applied};
use crate::deploy::strategy::{self as plan_strategy, Strategy};
use crate::deploy::{Plan, Request, ServiceAction, Source};
use crate::ecs;
use crate::error::{Error, Exit, Result};
use crate::render::Want;
use crate::state::Current;
use crate::state::Rendered;
use crate::strategy::owed::{self, Owed};
use crate::strategy::{self, codedeploy};
use crate::wait::{self, Watch};

pub async fn run(ctx: &Context, args: &DeployArgs) -> Result<Exit> {
    let source = if args.skip_task_definition {
        Source::Keep
    } else if args.latest_task_definition {
        Source::Latest
    } else if let Some(n) = args.revision {
        Source::Revision(n)
    } else {
        Source::Render { force: args.force }
    };
    let request = Request {
        images: parse_images(&args.images)?,
        desired_count: args.tasks,
        force_new_deployment: args.force_new_deployment,
        update_service: !args.no_update_service,
        create: args.create,
        source,
        auto_scaling: crate::autoscaling::Change {
            suspend: args.suspend_auto_scaling,
            resume: args.resume_auto_scaling,
            ..Default::default()
        },
    };
    deploy(ctx, &request, args.dry_run, args.wait_for_active, &args.wait).await
}

/// The deploy flow, shared with `scale` and `refresh` (which are deploys with fixed flags).
pub async fn deploy(
    ctx: &Context,
    request: &Request,
    dry_run: bool,
    wait_for_active: bool,
    wait: &crate::cli::WaitArgs,
) -> Result<Exit> {
    let mut report = Report::new("deploy");
    let result = deploy_reported(ctx, request, dry_run, wait_for_active, wait, &mut report)
        .await
        .map_err(|e| ctx.journal.name_suspended(e));
    report.publish(&ctx.out, &result, result.as_ref().map_or(Exit::Failure, |e| *e)).await;
    result
}

/// The deploy flow, noting in `report` what the GitHub step summary tells.
async fn deploy_reported(
    ctx: &Context,
    request: &Request,
    dry_run: bool,
    wait_for_active: bool,
    wait: &crate::cli::WaitArgs,
    report: &mut Report,
) -> Result<Exit> {
    ctx.out.group("render");
    let want = Want {
        task_definition: matches!(request.source, Source::Render { .. }),
        service_definition: true,
    };
    let (rendered, service) = ctx.render_reading_service(want, true).await?;
    let clients = ctx.clients(&rendered.config).await?;
    let mut current = Current::read_with(clients, &rendered, false, service).await?;
    if let Some(busy) = current.service.as_ref().and_then(in_progress) {
        if !wait_for_active {
            return Err(Error::new(format!("service {} already has a deployment in progress; refusing to start another", service_name(&rendered)))
                .detail(busy)
                .hint("wait for it with --wait-for-active (or `shipper wait`), or stop it with `shipper rollback`"));
        }
        ctx.out.info("waiting for the deployment in progress to finish first (--wait-for-active)");
        let service = current.service.as_ref().ok_or_else(|| Error::new("service vanished"))?;
        let watch = watch_for(
            &rendered,
            service.task_definition().unwrap_or_default(),
            newest(service),
            ctx,
            wait,
        )
        .after_events_of(service);
        wait::follow(ctx, clients, watch, &rendered.config.path).await?;
        current = Current::read(clients, &rendered, false).await?;
    }

    ctx.out.group("plan");
    let plan = Plan::build(clients, &rendered, &current, request).await?;
    if matches!(plan.action, ServiceAction::Create(_)) && !request.create {
        refuse_near_miss(clients, &rendered, &plan.service).await?;
    }
    for diff in plan.diffs.iter().filter(|d| d.has_changes()) {
        ctx.out.note(&diff.summary());
    }
    // The strategy of the service as it will be, checked with its gates before any write.
    let definition = service_as_deployed(&rendered, &current, request.update_service);
    let strategy = Strategy::of_definition(&definition);
    let gates = &rendered.config.gates;
    let file = rendered
        .config
        .service_definition
        .as_ref()
        .map_or_else(|| format!("service {}", plan.service), |p| p.display().to_string());
    strategy.check(&definition, gates, &file)?;
    strategy.check_deployable(&definition, &file)?;
    // A strategy change rides along with any update of the service definition; said out loud,
    // since it also changes which gates and hooks the next deployments have.
    if let Some(running) = current.service.as_ref().map(Strategy::of_service)
        && running != strategy
    {
        ctx.out.warn(&format!(
            "{file} changes service {}'s strategy from {} to {}",
            plan.service,
            running.name(),
            strategy.name()
        ));
    }
    report.note_plan(clients, &plan, current.service.as_ref(), strategy.name(), dry_run);
    report.note_gates(gates, strategy.phases());
    // CodeDeploy: the deployment group, no deployment of it in flight, its waits (reads only).
    if plan.code_deploy && wait.wait_until.is_some() {
        return Err(Error::new(
            "--wait-until names ECS lifecycle stages; a CodeDeploy deployment has none",
        )
        .hint("use --no-wait to leave the deployment running, or gates at its ready and termination waits"));
    }
    if let Some(stage) = &wait.wait_until
        && !strategy.staged()
        && !plan.code_deploy
    {
        return Err(Error::new(format!(
            "--wait-until {stage}: service {} rolls out with {}, which has no lifecycle stages",
            plan.service,
            strategy.name()
        ))
        .hint("--wait-until is for BLUE_GREEN, LINEAR and CANARY services"));
    }
    let codedeploy_group = match plan.code_deploy {
        true => Some(codedeploy::prepare(clients, &rendered.config, &plan.service, gates).await?),
        false => None,
    };
    let scaling = scaling::for_deploy(clients, &plan, current.service.is_some(), request).await?;
    if dry_run {
        let scaling_lines =
            scaling.as_ref().map(|s| s.describe("after a successful rollout")).unwrap_or_default();
        if ctx.out.is_json() {
            let mut plan_json = plan.to_json();
            plan_json["dry_run"] = json!(true);
            plan_json["auto_scaling"] = scaling.as_ref().map_or(json!(null), Scaling::to_json);
            plan_json["strategy"] = plan_strategy::to_json(strategy, gates);
            if let Some(group) = &codedeploy_group {
                plan_json["codedeploy"] =
                    json!({"application": group.application, "deployment_group": group.name});
            }
            ctx.out.json(&plan_json);
        } else {
            let lines = plan.describe().into_iter().chain(plan_strategy::describe(strategy, gates));
            for line in lines.chain(scaling_lines) {
                ctx.out.data(&format!("would {line}"));
            }
            if let Some(group) = &codedeploy_group {
                ctx.out.data(&format!(
                    "would deploy through CodeDeploy deployment group {}",
                    group.describe()
                ));
            }
            ctx.out.info("DRY RUN: nothing was changed");
        }
        return Ok(Exit::Success);
    }

    ctx.out.group("register");
    if let Some(scaling) = &scaling {
        scaling.before(ctx, clients).await?;
    }
    let applied =
        apply::apply(clients, &plan, &ctx.journal).await.map_err(|e| ctx.journal.name_unused(e))?;
    report.note_applied(&applied);
    if applied.registered {
        ctx.out.success(&format!("registered {}", ecs::short_name(&applied.task_definition)));
    }
    let codedeploy = match codedeploy_group {
        Some(group) => {
            let spec = codedeploy::appspec(
                &definition,
                &applied.task_definition,
                rendered.config.appspec.as_ref(),
            )
            .map_err(|e| ctx.journal.name_unused(e))?;
            let what = format!("{} to {}", ecs::short_name(&applied.task_definition), plan.service);
            let deployment = codedeploy::Deployment {
                group: &group,
                service: &plan.service,
                task_definition: &applied.task_definition,
                spec: &spec,
                what: &what,
            };
            let id = codedeploy::create(clients, &ctx.journal, deployment)
                .await
                .map_err(|e| ctx.journal.name_unused(e))?;
            ctx.out.info(&format!("created CodeDeploy deployment {id} in {}", group.describe()));
            Some(codedeploy::Started { group, id })
        }
        None => None,
    };
    if !applied.changed_service && codedeploy.is_none() {
        ctx.out.info(&format!(
            "service {}: nothing to deploy; it runs {} as defined",
            plan.service,
            ecs::short_name(&applied.task_definition)
        ));
        report.unchanged = true;
        // Nothing to deploy is no success while the running deployment owes gates.
        let mut followed = strategy::Followed::default();
        if let Some(service) = &current.service {
            let watch = watch_for(&rendered, &applied.task_definition, newest(service), ctx, wait);
            let owed =
                Owed { strategy, gates, previous: None, watch: &watch, after_the_fact: true };
            let checked =
                owed::run(ctx, clients, service, owed, &rendered.config.path, &mut followed).await;
            report.gates.clone_from(&followed.gates);
            if let Err(e) = checked {
                outcome(ctx, clients, &plan, &applied, strategy, &followed, &e).await;
                return Err(e);
            }
        }
        if let Some(scaling) = &scaling {
            scaling.resume(ctx, clients).await?;
        }
        return finish_with(ctx, &plan.service, &applied, "unchanged", Some(strategy), &followed);
    }
    ctx.out.info(&format!(
        "deploying {} to service {} …",
        ecs::short_name(&applied.task_definition),
        plan.service
    ));
    if wait.no_wait {
        ctx.out.info(&format!(
            "not waiting (--no-wait): `shipper wait --config {}` follows the rollout",
            rendered.config.path.display()
        ));
        report.not_followed();
        return finish(ctx, &plan.service, &applied, "started");
    }
    ctx.out.group("rollout");
    let started = std::time::Instant::now();
    let mut watch = watch_for(&rendered, &applied.task_definition, applied.since, ctx, wait);
    if let Some(before) = &current.service {
        watch = watch.after_events_of(before);
    }
    watch.deployment.clone_from(&applied.service_deployment);
    let watch = watch.starting_from(applied.service.as_deref());
    let rollout = strategy::Rollout {
        strategy,
        watch,
        gates,
        previous: current
            .service
            .as_ref()
            .and_then(|s| s.task_definition())
            .map(ToString::to_string),
        wait_until: wait.wait_until.clone(),
        codedeploy,
        approve: None,
    };
    let mut followed = strategy::Followed::default();
    let result =
        strategy::follow(ctx, clients, rollout, &rendered.config.path, &mut followed).await;
    report.gates.clone_from(&followed.gates);
    match result {
        Ok(_) if followed.stopped_at.is_some() => {
            let stage = followed.stopped_at.clone().unwrap_or_default();
            ctx.out.success(&format!(
                "deployment of {} to {} is at {stage} (--wait-until); it goes on in ECS",
                ecs::short_name(&applied.task_definition),
                plan.service
            ));
            report.left_running = Some(format!("left running at {stage} (--wait-until)"));
            if scaling.as_ref().is_some_and(|s| s.change.resume) {
                ctx.out.info("auto scaling is not resumed before the rollout ends: `shipper scale --resume-auto-scaling` resumes it");
            }
            finish_with(ctx, &plan.service, &applied, "waiting", Some(strategy), &followed)
        }
        Ok(service) => {
            let revision = ecs::short_name(&applied.task_definition);
            let what = match plan.action {
                ServiceAction::Create(_) => format!("created {} with {revision}", plan.service),
                _ => format!("deployed {revision} to {}", plan.service),
            };
            ctx.out.success(&format!(
                "{what}: {}/{} tasks running ({}s)",
                service.running_count(),
                service.desired_count(),
                started.elapsed().as_secs()
            ));
            if let Some(scaling) = &scaling {
                scaling.resume(ctx, clients).await?;
            }
            finish_with(ctx, &plan.service, &applied, "succeeded", Some(strategy), &followed)
        }
        Err(e) => {
            outcome(ctx, clients, &plan, &applied, strategy, &followed, &e).await;
            Err(e)
        }
    }
}

/// Refuses to create `service` when the cluster has a service one typo away from it (see
/// [`crate::suggest::one_typo_apart`]): a misspelled `service:` would otherwise start a second
/// service, on the same load balancer. `--create` confirms the new name.
async fn refuse_near_miss(
    clients: &crate::aws::Clients,
    rendered: &Rendered,
    service: &str,
) -> Result<()> {
    let cluster = &rendered.config.cluster;
    let names = ecs::service_names(clients, cluster).await?;
    let Some(near) = names.iter().find(|n| crate::suggest::one_typo_apart(service, n)) else {
        return Ok(());
    };
    Err(Error::new(format!(
        "service {service} does not exist in cluster {cluster}, but {near} does: deploying would create a second service"
    ))
    .hint(format!(
        "if `service: {service}` in {} is a typo for `{near}`, fix it; to create {service} as a new service, pass --create",
        rendered.config.path.display()
    )))
}

/// The result for `--output json` of a deploy that ended well: the strategy and the gates'
/// verdicts and evidence.
fn finish_with(
    ctx: &Context,
    service: &str,
    applied: &Applied,
    status: &str,
    strategy: Option<Strategy>,
    followed: &strategy::Followed,
) -> Result<Exit> {
    if ctx.out.is_json() {
        ctx.out.json(&json_result(service, applied, status, strategy, followed, None));
    }
    Ok(Exit::Success)
}

/// The result for `--output json` of a deploy that failed: the same fields as success, plus
/// the error, whether it was rolled back, and what runs now (read once more).
async fn outcome(
    ctx: &Context,
    clients: &crate::aws::Clients,
    plan: &Plan,
    applied: &Applied,
    strategy: Strategy,
    followed: &strategy::Followed,
    error: &Error,
) {
    if !ctx.out.is_json() {
        return;
    }
    let status = match error.exit() {
        Exit::TimedOut => "timed_out",
        Exit::RolledBack => "rolled_back",
        Exit::Interrupted => "interrupted",
        _ => "failed",
    };
    let service = plan.service.as_str();
    let mut result = json_result(service, applied, status, Some(strategy), followed, Some(error));
    let now = ecs::describe_service(clients, &plan.cluster, service).await.ok().flatten();
    let running = now.as_ref().and_then(|s| s.task_definition()).map(ToString::to_string);
    result["rolled_back"] = match (status, &running) {
        ("rolled_back", Some(to)) => json!({"from": applied.task_definition, "to": to}),
        _ => json!(null),
    };
    result["running"] = json!(running);
    ctx.out.json(&result);
}

/// One shape for every end of a deploy.
fn json_result(
    service: &str,
    applied: &Applied,
    status: &str,
    strategy: Option<Strategy>,
    followed: &strategy::Followed,
    error: Option<&Error>,
) -> serde_json::Value {
    json!({
        "status": status,
        "service": service,
        "task_definition": applied.task_definition,
        "registered": applied.registered,
        "strategy": strategy.map(Strategy::name),
        "stage": followed.stopped_at,
        "gates": followed.gates,
        "skipped_gates": followed.skipped,
        "rolled_back": null,
        "running": if error.is_none() && status != "started" { json!(applied.task_definition) } else { json!(null) },
        "error": error.map(|e| json!({"message": e.message(), "details": e.details(), "hint": e.hint_text()})),
    })
}

/// The service definition as the deploy leaves it: the file when it is sent, else what runs.
fn service_as_deployed(
    rendered: &Rendered,
    current: &Current,
    update_service: bool,
) -> serde_json::Value {
    match (&rendered.service_definition, &current.service) {
        (Some(def), None) => def.json.clone(),
        (Some(def), Some(_)) if update_service => def.json.clone(),
        (_, Some(service)) => {
            crate::model::ServiceDefinition::from_sdk(service, &rendered.config.cluster).json
        }
        (None, None) => serde_json::Value::Null,
    }
}

/// The result line for `--output json` of a deploy that followed nothing.
fn finish(ctx: &Context, service: &str, applied: &Applied, status: &str) -> Result<Exit> {
    finish_with(ctx, service, applied, status, None, &strategy::Followed::default())
}

/// A deployment already running on the service, described, if there is one.
pub fn in_progress(service: &aws_sdk_ecs::types::Service) -> Option<String> {
    // A rollout in progress, by its state where ECS reports one. A FAILED deployment left in
    // place (circuit breaker without rollback) is not in progress: the next deploy replaces it.
    let deployments = service.deployments();
    let busy = match deployments.iter().any(|d| d.rollout_state().is_some()) {
        true => deployments
            .iter()
            .any(|d| d.rollout_state().is_some_and(|s| s.as_str() == "IN_PROGRESS")),
        false => deployments.len() > 1,
    };
    busy.then(|| wait::rows(service).join("; "))
}

pub fn watch_for(
    rendered: &Rendered,
    task_definition: &str,
    since: aws_smithy_types::DateTime,
    ctx: &Context,
    wait: &crate::cli::FollowArgs,
) -> Watch {
    Watch {
        cluster: rendered.config.cluster.clone(),
        service: service_name(rendered),
        task_definition: task_definition.to_string(),
        since,
        poll: wait.poll_interval.max(crate::cli::MIN_POLL),
        timeout: ctx
            .settings
            .timeout
            .or(rendered.config.timeout)
            .unwrap_or(crate::config::DEFAULT_TIMEOUT),
        deployment: None,
        expect_rollback: false,
        known_events: std::collections::HashSet::new(),
        start: None,
    }
}

fn service_name(rendered: &Rendered) -> String {
    rendered.config.service.clone().unwrap_or_default()
}

/// When the newest deployment of a service began (now, if it has none).
pub fn newest(service: &aws_sdk_ecs::types::Service) -> aws_smithy_types::DateTime {
    ecs::newest_deployment_time(service)
        .unwrap_or_else(|| aws_smithy_types::DateTime::from(std::time::SystemTime::now()))
}

fn parse_images(images: &[String]) -> Result<Vec<(String, String)>> {
    images
        .iter()
        .map(|spec| {
            spec.split_once('=')
                .filter(|(c, i)| !c.is_empty() && !i.is_empty())
                .map(|(c, i)| (c.to_string(), i.to_string()))
                .ok_or_else(|| {
                    Error::new(format!("--image {spec}: expected CONTAINER=IMAGE or CONTAINER=TAG"))
                })
        })
        .collect()
}
