//! Reading what runs in ECS: services, task definitions, revisions.
//!
//! Thin wrappers that add the context every error needs (which call, which resource) and return
//! "absent" as `None` rather than as an error, since "the service does not exist yet" is a normal
//! answer for `diff` and `deploy`. Express services and daemons have their readers in
//! [`express`] and [`daemon`].

pub mod daemon;
pub mod express;

use aws_sdk_ecs::types::{
    Service, ServiceField, Tag, TaskDefinition, TaskDefinitionField, TaskDefinitionStatus,
};

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use crate::aws::Clients;
use crate::error::{Error, Result};

/// The service, or `None` when it does not exist (or was deleted: INACTIVE).
pub async fn describe_service(
    clients: &Clients,
    cluster: &str,
    service: &str,
) -> Result<Option<Service>> {
    if let Some(batch) = &clients.describe_batch {
        return batch.describe(cluster, service).await;
    }
    let out = clients
        .ecs
        .describe_services()
        .cluster(cluster)
        .services(service)
        .include(ServiceField::Tags)
        .send()
        .await
        .map_err(|e| Error::aws("ecs:DescribeServices", &format!("{cluster}/{service}"), e))?;
    Ok(out.services.unwrap_or_default().into_iter().find(|s| s.status() != Some("INACTIVE")))
}

/// A task definition (family:revision or ARN) with its tags.
pub async fn describe_task_definition(
    clients: &Clients,
    task_definition: &str,
) -> Result<(TaskDefinition, Vec<Tag>)> {
    let out = clients
        .ecs
        .describe_task_definition()
        .task_definition(task_definition)
        .include(TaskDefinitionField::Tags)
        .send()
        .await
        .map_err(|e| Error::aws("ecs:DescribeTaskDefinition", task_definition, e))?;
    let td = out.task_definition.ok_or_else(|| {
        Error::new(format!(
            "ecs:DescribeTaskDefinition ({task_definition}) returned no task definition"
        ))
    })?;
    Ok((td, out.tags.unwrap_or_default()))
}

/// Every revision ARN of a family with the given status, oldest first. Sorted here by revision
/// number rather than trusting the API's order.
pub async fn revisions(
    clients: &Clients,
    family: &str,
    status: TaskDefinitionStatus,
) -> Result<Vec<String>> {
    let mut arns = Vec::new();
    let mut pages = clients
        .ecs
        .list_task_definitions()
        .family_prefix(family)
        .status(status)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| Error::aws("ecs:ListTaskDefinitions", family, e))?;
        arns.extend(page.task_definition_arns.unwrap_or_default());
    }
    arns.retain(|arn| family_of(arn) == family);
    arns.sort_by_key(|arn| revision_of(arn));
    arns.dedup();
    Ok(arns)
}

/// The names of the cluster's services (`ListServices`, paged), sorted.
pub async fn service_names(clients: &Clients, cluster: &str) -> Result<Vec<String>> {
    let mut names = Vec::new();
    let mut pages = clients.ecs.list_services().cluster(cluster).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| Error::aws("ecs:ListServices", cluster, e))?;
        names.extend(page.service_arns().iter().map(|arn| short_name(arn).to_string()));
    }
    names.sort();
    Ok(names)
}

/// Deregisters a task definition revision.
pub async fn deregister(clients: &Clients, arn: &str) -> Result<()> {
    clients
        .ecs
        .deregister_task_definition()
        .task_definition(arn)
        .send()
        .await
        .map_err(|e| Error::aws("ecs:DeregisterTaskDefinition", arn, e))?;
    Ok(())
}

/// When the newest of a service's deployments was created.
pub fn newest_deployment_time(service: &Service) -> Option<aws_smithy_types::DateTime> {
    service
        .deployments()
        .iter()
        .filter_map(|d| d.created_at())
        .max_by_key(|t| t.as_nanos())
        .copied()
}

/// The newest ACTIVE revision of a family, if any.
pub async fn latest_revision(clients: &Clients, family: &str) -> Result<Option<String>> {
    Ok(revisions(clients, family, TaskDefinitionStatus::Active).await?.pop())
}

/// `arn:…:task-definition/web:12` → 12.
pub fn revision_of(arn: &str) -> i64 {
    arn.rsplit(':').next().and_then(|r| r.parse().ok()).unwrap_or(0)
}

/// `arn:…:task-definition/web:12` → `web`.
pub fn family_of(arn: &str) -> &str {
    let name = arn.rsplit('/').next().unwrap_or(arn);
    name.rsplit_once(':').map_or(name, |(family, _)| family)
}

/// `arn:…:task-definition/web:12` → `web:12`.
pub fn short_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_parts() {
        let arn = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/acme-dev-app:12";
        assert_eq!(revision_of(arn), 12);
        assert_eq!(family_of(arn), "acme-dev-app");
        assert_eq!(short_name(arn), "acme-dev-app:12");
        assert_eq!(family_of("web:3"), "web");
    }
}

/// Whether a failed call may be sent again, and whether it may have done its work already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// A refusal (bad input, no permission, a conflict): sending it again changes nothing.
    No,
    /// Refused before any work (throttling): safe to send again.
    Safe,
    /// No answer, or a server error: the request may have been carried out.
    MayHaveLanded,
}

pub fn retryable<E>(err: &aws_sdk_ecs::error::SdkError<E, HttpResponse>) -> Retry
where
    E: aws_sdk_ecs::error::ProvideErrorMetadata,
{
    use aws_sdk_ecs::error::{ProvideErrorMetadata, SdkError};
    match err {
        SdkError::ServiceError(e) => {
            let throttled = matches!(
                err.code(),
                Some(
                    "ThrottlingException"
                        | "Throttling"
                        | "TooManyRequestsException"
                        | "RequestLimitExceeded"
                )
            );
            if throttled {
                Retry::Safe
            } else if e.raw().status().is_server_error() {
                Retry::MayHaveLanded
            } else {
                Retry::No
            }
        }
        // No answer: the request may or may not have reached ECS.
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
            Retry::MayHaveLanded
        }
        _ => Retry::No,
    }
}

/// The tasks a `ListTasks` request finds, described. Only its first page (up to 100 tasks, what
/// one `DescribeTasks` takes) is read: callers want the recent ones, not an inventory.
pub async fn tasks(
    clients: &Clients,
    cluster: &str,
    list: aws_sdk_ecs::operation::list_tasks::builders::ListTasksFluentBuilder,
    what: &str,
) -> Result<Vec<aws_sdk_ecs::types::Task>> {
    let arns = list
        .cluster(cluster)
        .send()
        .await
        .map_err(|e| Error::aws("ecs:ListTasks", what, e))?
        .task_arns
        .unwrap_or_default();
    describe_tasks(clients, cluster, arns, what).await
}

/// Every task a `ListTasks` request finds, all its pages (100 ARNs a page), described. For
/// `tasks` and `logs`, which show a service's whole fleet: a service can run more than 100.
pub async fn all_tasks(
    clients: &Clients,
    cluster: &str,
    list: aws_sdk_ecs::operation::list_tasks::builders::ListTasksFluentBuilder,
    what: &str,
) -> Result<Vec<aws_sdk_ecs::types::Task>> {
    let mut arns = Vec::new();
    let mut pages = list.cluster(cluster).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| Error::aws("ecs:ListTasks", what, e))?;
        arns.extend(page.task_arns.unwrap_or_default());
    }
    describe_tasks(clients, cluster, arns, what).await
}

/// `DescribeTasks` takes at most 100 tasks a call: larger lists go in batches, in order.
async fn describe_tasks(
    clients: &Clients,
    cluster: &str,
    arns: Vec<String>,
    what: &str,
) -> Result<Vec<aws_sdk_ecs::types::Task>> {
    let mut tasks = Vec::with_capacity(arns.len());
    for batch in arns.chunks(100) {
        let described = clients
            .ecs
            .describe_tasks()
            .cluster(cluster)
            .set_tasks(Some(batch.to_vec()))
            .send()
            .await
            .map_err(|e| Error::aws("ecs:DescribeTasks", what, e))?;
        tasks.extend(described.tasks.unwrap_or_default());
    }
    Ok(tasks)
}

/// A stopped task of a service, and why it stopped.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoppedTask {
    pub task: String,
    pub task_definition: String,
    #[serde(serialize_with = "crate::output::serialize_timestamp")]
    pub stopped_at: Option<aws_smithy_types::DateTime>,
    pub stopped_reason: Option<String>,
    pub stop_code: Option<String>,
    /// `(container, exit code, reason)`.
    pub containers: Vec<(String, Option<i32>, Option<String>)>,
}

impl StoppedTask {
    /// `1a2b (acme-dev-app:5) stopped: Essential container in task exited; container app exited 1`.
    pub fn summary(&self) -> String {
        let id = self.task.rsplit('/').next().unwrap_or("?");
        let mut line = format!(
            "task {id} ({}) stopped: {}",
            short_name(&self.task_definition),
            self.stopped_reason.as_deref().unwrap_or("no reason given")
        );
        for (name, code, reason) in &self.containers {
            if let Some(code) = code {
                line.push_str(&format!("; container {name} exited {code}"));
            }
            if let Some(reason) = reason {
                line.push_str(&format!(" ({reason})"));
            }
        }
        line
    }
}

/// The service's most recently stopped tasks (of `task_definition` only, if given), newest first.
pub async fn stopped_tasks(
    clients: &Clients,
    cluster: &str,
    service: &str,
    task_definition: Option<&str>,
    limit: usize,
) -> Result<Vec<StoppedTask>> {
    let list = clients
        .ecs
        .list_tasks()
        .service_name(service)
        .desired_status(aws_sdk_ecs::types::DesiredStatus::Stopped);
    let described = tasks(clients, cluster, list, service).await?;
    let mut tasks: Vec<_> = described
        .iter()
        .filter(|t| task_definition.is_none_or(|td| t.task_definition_arn() == Some(td)))
        .collect();
    tasks.sort_by_key(|t| {
        std::cmp::Reverse(t.stopped_at().map(aws_smithy_types::DateTime::as_nanos))
    });
    Ok(tasks.into_iter().take(limit).map(StoppedTask::of).collect())
}

impl StoppedTask {
    /// The stopped task as DescribeTasks reports it.
    pub fn of(t: &aws_sdk_ecs::types::Task) -> Self {
        Self {
            task: t.task_arn().unwrap_or_default().to_string(),
            task_definition: t.task_definition_arn().unwrap_or_default().to_string(),
            stopped_at: t.stopped_at().copied(),
            stopped_reason: t.stopped_reason().map(ToString::to_string),
            stop_code: t.stop_code().map(|c| c.as_str().to_string()),
            containers: t
                .containers()
                .iter()
                .map(|c| {
                    (
                        c.name().unwrap_or("?").to_string(),
                        c.exit_code(),
                        c.reason().map(ToString::to_string),
                    )
                })
                .collect(),
        }
    }
}
