//! Reading what runs in ECS: services, task definitions, revisions.
//!
//! Thin wrappers that add the context every error needs (which call, which resource) and return
//! "absent" as `None` rather than as an error, since "the service does not exist yet" is a normal
//! answer for `diff` and `deploy`.

use aws_sdk_ecs::types::{Service, ServiceField, Tag, TaskDefinition, TaskDefinitionField, TaskDefinitionStatus};

use crate::aws::Clients;
use crate::error::{Error, Result};

/// The service, or `None` when it does not exist (or was deleted: INACTIVE).
pub async fn describe_service(clients: &Clients, cluster: &str, service: &str) -> Result<Option<Service>> {
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
pub async fn describe_task_definition(clients: &Clients, task_definition: &str) -> Result<(TaskDefinition, Vec<Tag>)> {
    let out = clients
        .ecs
        .describe_task_definition()
        .task_definition(task_definition)
        .include(TaskDefinitionField::Tags)
        .send()
        .await
        .map_err(|e| Error::aws("ecs:DescribeTaskDefinition", task_definition, e))?;
    let td = out.task_definition.ok_or_else(|| {
        Error::new(format!("ecs:DescribeTaskDefinition ({task_definition}) returned no task definition"))
    })?;
    Ok((td, out.tags.unwrap_or_default()))
}

/// Every revision ARN of a family with the given status, oldest first. Sorted here by revision
/// number rather than trusting the API's order.
pub async fn revisions(clients: &Clients, family: &str, status: TaskDefinitionStatus) -> Result<Vec<String>> {
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
