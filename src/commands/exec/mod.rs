//! `shipper exec`: a command in a running task through ECS Exec, or `--port-forward`, an SSM
//! port forwarding session to the task (or through it to a host).
//!
//! The session itself is `session-manager-plugin`'s, as with the AWS CLI: shipper finds the
//! task and container, checks what would make the session fail (no plugin, ECS Exec off, its
//! agent not running, a container that does not exist) before any session starts, asks ECS
//! (ExecuteCommand) or SSM (StartSession) for the session, and hands it to the plugin with the
//! arguments the AWS CLI passes. The plugin owns the terminal until it exits, Ctrl-C included;
//! its exit code is shipper's.

mod pick;
mod plugin;
mod role;

use aws_sdk_ecs::types::{Container, Task};
use serde_json::json;

use super::service::Existing;
use crate::cli::ExecArgs;
use crate::context::Context;
use crate::error::{Error, Result, Status};

pub async fn run(ctx: &Context, args: &ExecArgs) -> Result<Status> {
    // No plugin, no session: say so before any AWS call.
    let plugin = plugin::Plugin::find()?;
    let Existing { rendered, clients, name, service } = Existing::load(ctx, "exec into").await?;
    let cluster = &rendered.config.cluster;
    let tasks = super::tasks::service_tasks(clients, cluster, &name, false).await?;
    let task = pick::task(ctx, &name, tasks, args.id.as_deref())?;
    let container = pick::container(ctx, &task, args.container.as_deref())?;
    check_exec_enabled(&rendered, &service, &task, container)?;
    check_task_role(&rendered, clients, &task).await?;

    let task_arn = task.task_arn().unwrap_or_default();
    let task_id = super::tasks::task_id(task_arn);
    let container_name = container.name().unwrap_or_default();
    let cluster_name = cluster.rsplit('/').next().unwrap_or(cluster);
    let target =
        format!("ecs:{cluster_name}_{task_id}_{}", container.runtime_id().unwrap_or_default());
    let aws = plugin::Aws::of(ctx, clients);

    let handoff = if args.port_forward {
        let port = args.port.unwrap_or_default();
        let (document, mut parameters) = match &args.host {
            Some(host) => (
                "AWS-StartPortForwardingSessionToRemoteHost",
                json!({"host": [host], "portNumber": [port.to_string()]}),
            ),
            None => ("AWS-StartPortForwardingSession", json!({"portNumber": [port.to_string()]})),
        };
        if let Some(local) = args.local_port {
            parameters["localPortNumber"] = json!([local.to_string()]);
        }
        let session =
            start_session(clients, &target, document, &parameters, task_id, container_name).await?;
        let to = args.host.as_deref().map_or_else(
            || format!("task {task_id} ({container_name}) port {port}"),
            |host| format!("{host}:{port} through task {task_id}"),
        );
        let local =
            args.local_port.map_or("a local port".to_string(), |p| format!("localhost:{p}"));
        ctx.out.info(&format!("forwarding {local} to {to} (Ctrl-C ends it)"));
        plugin::Handoff {
            session,
            request: json!({"Target": target, "DocumentName": document, "Parameters": parameters}),
            endpoint: aws.endpoint("ssm"),
        }
    } else {
        let out = clients
            .ecs
            .execute_command()
            .cluster(cluster)
            .task(task_arn)
            .container(container_name)
            .command(&args.command)
            .interactive(true)
            .send()
            .await
            .map_err(|e| exec_error(e, task_id, container_name))?;
        let session = out.session().ok_or_else(|| {
            Error::new(format!("ecs:ExecuteCommand ({task_id}) answered without a session"))
        })?;
        ctx.out.info(&format!(
            "running `{}` in task {task_id}, container {container_name}",
            args.command
        ));
        plugin::Handoff {
            session: json!({
                "sessionId": session.session_id(),
                "streamUrl": session.stream_url(),
                "tokenValue": session.token_value(),
            }),
            request: json!({"Target": target}),
            endpoint: aws.endpoint("ecs"),
        }
    };
    let code = plugin.run(ctx, &aws, handoff).await?;
    Ok(Status::Container(code))
}

/// ECS Exec must have been on when the task started, and its agent must run in the container.
fn check_exec_enabled(
    rendered: &crate::state::Rendered,
    service: &aws_sdk_ecs::types::Service,
    task: &Task,
    container: &Container,
) -> Result<()> {
    let id = super::tasks::task_id(task.task_arn().unwrap_or_default());
    if !task.enable_execute_command() {
        let file = rendered
            .config
            .service_definition
            .as_ref()
            .map_or_else(|| "the service definition".to_string(), |p| p.display().to_string());
        let error = Error::new(format!(
            "ECS Exec is not enabled on task {id}: it was started without enableExecuteCommand"
        ));
        return Err(match service.enable_execute_command() {
            true => error.hint(
                "the service has it now, but this task started before: `shipper refresh` replaces the tasks",
            ),
            false => error.hint(format!(
                "set `\"enableExecuteCommand\": true` in {file} and `shipper deploy` (new tasks get ECS Exec)"
            )),
        });
    }
    let agent = container
        .managed_agents()
        .iter()
        .find(|a| a.name().is_some_and(|n| n.as_str() == "ExecuteCommandAgent"));
    if let Some(status) = agent.and_then(|a| a.last_status()).filter(|s| *s != "RUNNING") {
        return Err(Error::new(format!(
            "the ECS Exec agent of container {} in task {id} is {status}, not RUNNING",
            container.name().unwrap_or("?")
        ))
        .hint("a task that just started needs a few seconds; else see `shipper tasks` and the ECS Exec troubleshooting guide"));
    }
    Ok(())
}

/// The task role must let ECS Exec's agent open its channels: refused when IAM shows it cannot
/// (see [`role`]).
async fn check_task_role(
    rendered: &crate::state::Rendered,
    clients: &crate::aws::Clients,
    task: &Task,
) -> Result<()> {
    let Some(arn) = task.task_definition_arn() else { return Ok(()) };
    let (definition, _) = crate::ecs::describe_task_definition(clients, arn).await?;
    let revision = crate::ecs::short_name(arn);
    let file = rendered
        .config
        .task_definition
        .as_ref()
        .map_or_else(|| "the task definition".to_string(), |p| p.display().to_string());
    let Some(role) = definition.task_role_arn() else {
        return Err(Error::new(format!(
            "task definition {revision} has no task role (taskRoleArn): ECS Exec's agent needs one"
        ))
        .hint(format!(
            "set taskRoleArn in {file} to a role allowing {}, and deploy",
            role::ACTIONS.join(", ")
        )));
    };
    if let Some(missing) = role::missing(clients, role).await {
        return Err(Error::new(format!(
            "the task role {role} of {revision} does not allow {}: ECS Exec's agent could not open its channels",
            missing.join(", ")
        ))
        .hint(format!(
            "allow {} to the task role (e.g. an inline policy), then run this again",
            role::ACTIONS.join(", ")
        )));
    }
    Ok(())
}

/// An SSM session to the task's container for a port forwarding document.
async fn start_session(
    clients: &crate::aws::Clients,
    target: &str,
    document: &str,
    parameters: &serde_json::Value,
    task_id: &str,
    container: &str,
) -> Result<serde_json::Value> {
    let mut request = clients.ssm.start_session().target(target).document_name(document);
    for (key, values) in parameters.as_object().into_iter().flatten() {
        let values = values.as_array().into_iter().flatten();
        request =
            request.parameters(key, values.filter_map(|v| v.as_str().map(String::from)).collect());
    }
    let out = request.send().await.map_err(|e| {
        let error = Error::aws("ssm:StartSession", &format!("{task_id}/{container}"), e);
        match error.message().contains("TargetNotConnected") {
            true => error.hint("the task's ECS Exec agent is not connected to Systems Manager: is the task still running, with ECS Exec on and its task role allowed ssmmessages:*?"),
            false => error,
        }
    })?;
    Ok(json!({
        "SessionId": out.session_id(),
        "TokenValue": out.token_value(),
        "StreamUrl": out.stream_url(),
    }))
}

/// ExecuteCommand's refusals, with what to do about the usual ones.
fn exec_error<E>(
    error: aws_sdk_ecs::error::SdkError<
        E,
        aws_smithy_runtime_api::client::orchestrator::HttpResponse,
    >,
    task_id: &str,
    container: &str,
) -> Error
where
    E: aws_sdk_ecs::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let error = Error::aws("ecs:ExecuteCommand", &format!("{task_id}/{container}"), error);
    if error.message().contains("TargetNotConnected") {
        return error.hint("the ECS Exec agent cannot reach Systems Manager: the task role needs ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel and OpenDataChannel, and a private subnet a route or VPC endpoint to ssmmessages");
    }
    error
}
