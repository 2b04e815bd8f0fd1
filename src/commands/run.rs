//! `shipper run`: a one-off task with the service's network settings, followed to its end; the
//! process exits with the container's exit code.

use std::time::{Duration, Instant};

use aws_sdk_ecs::types::{Service, TaskOverride};
use serde_json::json;

use crate::cli::RunArgs;
use crate::context::Context;
use crate::ecs;
use crate::error::{Error, Exit, Kind, Result, Status};
use crate::model::de;
use crate::render::Want;

pub async fn run(ctx: &Context, args: &RunArgs) -> Result<Status> {
    let rendered = ctx.render(Want::CONFIG).await?;
    let config = &rendered.config;
    let clients = ctx.clients(config).await?;
    let service = match &config.service {
        Some(name) => ecs::describe_service(clients, &config.cluster, name).await?,
        None => None,
    };
    let task_definition = if let Some(n) = args.revision {
        format!("{}:{n}", family(ctx, service.as_ref()).await?)
    } else if let (false, Some(td)) =
        (args.latest_task_definition, service.as_ref().and_then(Service::task_definition))
    {
        td.to_string()
    } else {
        let family = family(ctx, service.as_ref()).await?;
        ecs::latest_revision(clients, &family).await?.ok_or_else(|| {
            Error::new(format!("family {family} has no active revision; register one first"))
        })?
    };
    let overrides = match &args.overrides {
        Some(text) => {
            let value: serde_json::Value = serde_json::from_str(text)
                .map_err(|e| Error::new(format!("--overrides: invalid JSON: {e}")))?;
            Some(
                de::from_value(&value, TaskOverride::deserialize)
                    .map_err(|p| Error::new(format!("--overrides: {}", p[0])))?,
            )
        }
        None => None,
    };

    let mut request = clients
        .ecs
        .run_task()
        .cluster(&config.cluster)
        .task_definition(&task_definition)
        .count(1)
        .started_by("shipper")
        .set_overrides(overrides);
    if let Some(svc) = &service {
        // Run where the service runs: same network, capacity and placement.
        request = request
            .set_network_configuration(svc.network_configuration().cloned())
            .set_launch_type(svc.launch_type().cloned())
            .set_capacity_provider_strategy(
                (!svc.capacity_provider_strategy().is_empty())
                    .then(|| svc.capacity_provider_strategy().to_vec()),
            )
            .set_platform_version(svc.platform_version().map(ToString::to_string))
            .set_placement_constraints(
                (!svc.placement_constraints().is_empty())
                    .then(|| svc.placement_constraints().to_vec()),
            )
            .set_placement_strategy(
                (!svc.placement_strategy().is_empty()).then(|| svc.placement_strategy().to_vec()),
            );
    }
    let out = request.send().await.map_err(|e| Error::aws("ecs:RunTask", &task_definition, e))?;
    if let Some(failure) = out.failures().first() {
        return Err(Error::new(format!(
            "ecs:RunTask could not start a task: {} ({})",
            failure.reason().unwrap_or("unknown"),
            failure.detail().unwrap_or_default()
        )));
    }
    let task_arn = out
        .tasks()
        .first()
        .and_then(|t| t.task_arn())
        .map(ToString::to_string)
        .ok_or_else(|| Error::new("ecs:RunTask started no task"))?;
    ctx.out.info(&format!(
        "started task {} ({})",
        task_arn.rsplit('/').next().unwrap_or(&task_arn),
        ecs::short_name(&task_definition)
    ));
    if args.wait.no_wait {
        if ctx.out.is_json() {
            ctx.out.json(&json!({"task": task_arn, "status": "started"}));
        } else {
            ctx.out.data(&task_arn);
        }
        return Ok(Exit::Success.into());
    }
    ctx.set_interrupt_hint(format!(
        "the task goes on: `aws ecs describe-tasks --cluster {} --tasks {task_arn}` shows it",
        config.cluster
    ));

    let timeout = ctx.settings.timeout.or(config.timeout).unwrap_or(crate::config::DEFAULT_TIMEOUT);
    let deadline = Instant::now() + timeout;
    let mut last = String::new();
    loop {
        let described = clients
            .ecs
            .describe_tasks()
            .cluster(&config.cluster)
            .tasks(&task_arn)
            .send()
            .await
            .map_err(|e| Error::aws("ecs:DescribeTasks", &task_arn, e))?;
        let task = described
            .tasks()
            .first()
            .ok_or_else(|| Error::new(format!("task {task_arn} disappeared")))?;
        let status = task.last_status().unwrap_or("?").to_string();
        if status != last {
            ctx.out.info(&format!("task {status}"));
            last = status.clone();
        }
        if status == "STOPPED" {
            let watched = match &args.watch_container {
                Some(name) => {
                    task.containers().iter().find(|c| c.name() == Some(name.as_str())).ok_or_else(
                        || {
                            Error::new(format!(
                                "--watch-container {name}: the task has no such container"
                            ))
                        },
                    )?
                }
                None => task
                    .containers()
                    .first()
                    .ok_or_else(|| Error::new("the task has no containers"))?,
            };
            let name = watched.name().unwrap_or("?");
            let reason = task.stopped_reason().unwrap_or("no reason given");
            // A failed task's own words are usually in its last log lines.
            let tail = match watched.exit_code() {
                Some(0) => Vec::new(),
                _ => crate::wait::report::log_tails(clients, &[ecs::StoppedTask::of(task)]).await,
            };
            let Some(code) = watched.exit_code() else {
                let mut error =
                    Error::new(format!("task stopped before container {name} ran: {reason}"));
                for line in tail {
                    error = error.detail(line);
                }
                return Err(error);
            };
            for line in &tail {
                ctx.out.info(line);
            }
            if ctx.out.is_json() {
                ctx.out.json(&json!({"task": task_arn, "container": name, "exit_code": code, "stopped_reason": reason}));
            }
            let message = format!("container {name} exited {code} ({reason})");
            if code == 0 {
                ctx.out.success(&message)
            } else {
                ctx.out.warn(&message)
            }
            return Ok(Status::Container(u8::try_from(code.rem_euclid(256)).unwrap_or(1)));
        }
        if Instant::now() >= deadline {
            return Err(Error::with_kind(
                Kind::TimedOut,
                format!("task {task_arn} was still {status} at the timeout"),
            ));
        }
        tokio::time::sleep(args.wait.poll_interval.max(Duration::from_millis(10))).await;
    }
}

async fn family(ctx: &Context, service: Option<&Service>) -> Result<String> {
    if let Some(td) = service.and_then(Service::task_definition) {
        return Ok(ecs::family_of(td).to_string());
    }
    ctx.render(Want { task_definition: true, service_definition: false })
        .await?
        .task_definition
        .map(|t| t.family().to_string())
        .ok_or_else(|| Error::new("no service and no `task_definition` configured: cannot tell which task definition to run"))
}
