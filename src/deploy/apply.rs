//! Carrying out a plan: at most one `RegisterTaskDefinition`, then one `CreateService` or one
//! `UpdateService`, then tag changes. Every input goes through the SDK as the complete,
//! validated document (see `model::send`).

use std::time::SystemTime;

use aws_sdk_ecs::types::Service;
use aws_smithy_types::DateTime;
use serde_json::{Value, json};

use super::write;
use super::{Plan, ServiceAction, TaskDef};
use crate::aws::Clients;
use crate::error::{Error, Result};
use crate::journal::{Journal, Write};
use crate::model::{self, TaskDefinition};

/// What was done.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The task definition the service now runs (or will, once the deployment ends).
    pub task_definition: String,
    pub registered: bool,
    /// When the deployment began, by the service's own clock where it reported one.
    pub since: DateTime,
    /// Whether the service was created or updated (so there is something to wait for).
    pub changed_service: bool,
    /// The service deployment the create or update started (its ARN, where ECS reports it):
    /// what to follow, rather than the newest one, which may be someone else's.
    pub service_deployment: Option<String>,
    /// The service as the create or update left it: where following the deployment starts.
    pub service: Option<Box<Service>>,
}

pub async fn apply(clients: &Clients, plan: &Plan, journal: &Journal) -> Result<Applied> {
    let (task_definition, registered) = match &plan.task_definition {
        TaskDef::Register(td) => (register(clients, td, journal).await?, true),
        TaskDef::Existing(arn) => (arn.clone(), false),
    };
    let before = DateTime::from(SystemTime::now());
    let who = format!("{}/{}", plan.cluster, plan.service);
    if !matches!(plan.action, ServiceAction::None) {
        journal.record(Write::Updating {
            cluster: plan.cluster.clone(),
            service: plan.service.clone(),
            task_definition: task_definition.clone(),
            known: plan.deployments_before.clone(),
        });
    }
    let service = match &plan.action {
        ServiceAction::None => None,
        ServiceAction::Create(def) => {
            let mut input_json = def.json.clone();
            if input_json.get("desiredCount").is_none() {
                input_json["desiredCount"] = json!(0);
            }
            // ECS's own idempotency: a retry after a lost answer returns the same service.
            input_json["clientToken"] = json!(client_token());
            let input = model::ServiceDefinition { json: input_json }
                .create_input(&task_definition)
                .map_err(|p| Error::new(format!("service definition: {}", p[0])))?;
            let send =
                || write::call(clients.ecs.create_service().customize(), input.clone()).send();
            // A lost answer needs no look: the same token makes the resend return the service.
            let landed = || async { None::<()> };
            match write::idempotent(clients, "ecs:CreateService", &who, send, landed).await? {
                Ok(out) => out.service,
                Err(()) => None,
            }
        }
        ServiceAction::Update { body, new_task_definition } => {
            let mut body = body.clone();
            if *new_task_definition {
                body["taskDefinition"] = Value::from(task_definition.as_str());
            }
            let starts_deployment = *new_task_definition
                || body.get("forceNewDeployment").and_then(Value::as_bool) == Some(true);
            let known = starts_deployment.then_some(plan.deployments_before.as_slice());
            match update(clients, &body, &who, known).await {
                Ok(service) => Some(service),
                Err(Failed { error, landed: false }) => {
                    journal.update_not_sent();
                    return Err(error);
                }
                Err(Failed { error, .. }) => return Err(error),
            }
        }
    };
    if service.is_some() {
        journal.record(Write::Updated {
            service: plan.service.clone(),
            task_definition: task_definition.clone(),
        });
    }
    let arn = service
        .as_ref()
        .and_then(Service::service_arn)
        .map(ToString::to_string)
        .or_else(|| plan.service_arn.clone());
    if let Some(arn) = &arn {
        tag(clients, arn, &plan.tags_add, &plan.tags_remove).await?;
    }
    Ok(Applied {
        task_definition,
        registered,
        // The service's clock dates the new deployment; an older time means the update started
        // none (a scale), and then events from now on are the ones that matter.
        since: service
            .as_ref()
            .and_then(crate::ecs::newest_deployment_time)
            .filter(|t| t.secs() >= before.secs() - 60)
            .unwrap_or(before),
        changed_service: service.is_some(),
        service_deployment: service
            .as_ref()
            .and_then(Service::current_service_deployment)
            .map(ToString::to_string),
        service: service.map(Box::new),
    })
}

/// Registers a task definition; returns its ARN. A failed attempt whose request may have landed
/// (a timeout, a 5xx) is followed by a look at the family's newest revision: if it is this very
/// definition, registered moments ago, it is used instead of registering a twin.
pub async fn register(clients: &Clients, td: &TaskDefinition, journal: &Journal) -> Result<String> {
    let input = with_bookkeeping(td)
        .input()
        .map_err(|p| Error::new(format!("task definition: {}", p[0])))?;
    journal.record(Write::Registering(td.family().to_string()));
    let started = SystemTime::now();
    let send =
        || write::call(clients.ecs.register_task_definition().customize(), input.clone()).send();
    let landed = || registered_since(clients, td, started);
    let family = td.family();
    let arn = match write::idempotent(clients, "ecs:RegisterTaskDefinition", family, send, landed)
        .await?
    {
        Ok(out) => out.task_definition.and_then(|t| t.task_definition_arn).ok_or_else(|| {
            Error::new("ecs:RegisterTaskDefinition returned no task definition ARN")
        })?,
        Err(landed) => landed,
    };
    journal.record(Write::Registered(arn.clone()));
    Ok(arn)
}

/// The family's newest revision, if it was registered since `since` and does not differ from
/// `td`: a registration whose answer was lost.
async fn registered_since(
    clients: &Clients,
    td: &TaskDefinition,
    since: SystemTime,
) -> Option<String> {
    let newest = crate::ecs::latest_revision(clients, td.family()).await.ok()??;
    let (remote, tags) = crate::ecs::describe_task_definition(clients, &newest).await.ok()?;
    let registered = remote.registered_at().map(|t| t.secs())?;
    let since = DateTime::from(since).secs() - 5;
    if registered < since {
        return None;
    }
    let remote = TaskDefinition::from_sdk(&remote, &tags);
    let diff = crate::diff::task_definition(td, "", Some((&remote, &newest)), &Default::default());
    (diff.effect == crate::diff::Effect::None).then_some(newest)
}

/// An UpdateService that failed; `landed: false` when a look at the service after the failure
/// found no deployment it started.
struct Failed {
    error: Error,
    landed: bool,
}

/// One UpdateService. When an attempt that starts a deployment (`known`: the deployment ids
/// from before it) fails in a way that may have landed, the service's deployments are read
/// first: a deployment not among `known`, of the task definition sent, is that update, and
/// sending it again would start a second one. When the last attempt fails, they are read once
/// more: an update found there landed after all.
async fn update(
    clients: &Clients,
    body: &Value,
    who: &str,
    known: Option<&[String]>,
) -> std::result::Result<Service, Failed> {
    let sent_td = body.get("taskDefinition").and_then(Value::as_str);
    let input = model::update_input(body).map_err(|p| Failed {
        error: Error::new(format!("UpdateService input: {}", p[0])),
        landed: false,
    })?;
    let (cluster, service) = who.split_once('/').unwrap_or(("", who));
    let send = || write::call(clients.ecs.update_service().customize(), input.clone()).send();
    let landed = || async move {
        let known = known?;
        let now = crate::ecs::describe_service(clients, cluster, service).await.ok()??;
        now.deployments()
            .iter()
            .any(|d| {
                d.id().is_some_and(|id| !known.iter().any(|k| k == id))
                    && sent_td.is_none_or(|td| d.task_definition() == Some(td))
            })
            .then_some(now)
    };
    match write::idempotent(clients, "ecs:UpdateService", who, send, landed).await {
        Ok(Ok(out)) => out.service.ok_or_else(|| Failed {
            error: Error::new(format!("ecs:UpdateService ({who}) returned no service")),
            landed: true,
        }),
        Ok(Err(landed)) => Ok(landed),
        Err(error) if known.is_some() => match landed().await {
            Some(now) => Ok(now),
            None => Err(Failed { error, landed: false }),
        },
        Err(error) => Err(Failed { error, landed: true }),
    }
}

/// A token for CreateService's idempotency (at most 36 ASCII characters).
fn client_token() -> String {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("shipper-{:x}-{:x}", nanos & 0xffff_ffff_ffff_ffff, std::process::id())
}

/// The definition with shipper's record of which environment variables hold secrets (see
/// [`crate::secrets::ENVIRONMENT_TAG`]), so a later diff masks them even after a rotation.
fn with_bookkeeping(td: &TaskDefinition) -> TaskDefinition {
    let tags = crate::secrets::environment_tags(&td.json);
    if tags.is_empty() {
        return td.clone();
    }
    let mut json = td.json.clone();
    let mut all: Vec<Value> = json
        .get("tags")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|t| {
            !t.get("key").and_then(Value::as_str).is_some_and(crate::secrets::is_bookkeeping_tag)
        })
        .collect();
    all.extend(tags.into_iter().map(|(key, value)| json!({"key": key, "value": value})));
    json["tags"] = Value::Array(all);
    TaskDefinition { json }
}

/// Sets (`TagResource`) and removes (`UntagResource`) tags of the resource at `arn`.
pub async fn tag(clients: &Clients, arn: &str, add: &[Value], remove: &[String]) -> Result<()> {
    if !add.is_empty() {
        let tags = add
            .iter()
            .map(|t| {
                aws_sdk_ecs::types::Tag::builder()
                    .set_key(t.get("key").and_then(Value::as_str).map(ToString::to_string))
                    .set_value(t.get("value").and_then(Value::as_str).map(ToString::to_string))
                    .build()
            })
            .collect();
        clients
            .ecs
            .tag_resource()
            .resource_arn(arn)
            .set_tags(Some(tags))
            .send()
            .await
            .map_err(|e| Error::aws("ecs:TagResource", arn, e))?;
    }
    if !remove.is_empty() {
        clients
            .ecs
            .untag_resource()
            .resource_arn(arn)
            .set_tag_keys(Some(remove.to_vec()))
            .send()
            .await
            .map_err(|e| Error::aws("ecs:UntagResource", arn, e))?;
    }
    Ok(())
}
