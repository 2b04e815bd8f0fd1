//! Reading ECS daemons: finding one by name, its deployments and revisions, its daemon task
//! definitions. Daemons are addressed by ARN; a config names one by its cluster and name, so
//! the daemon is found among the cluster's (`ListDaemons`).

use aws_sdk_ecs::types::{
    DaemonDeployment, DaemonDeploymentSummary, DaemonDetail, DaemonRevision, DaemonStatus,
    DaemonTaskDefinition, DaemonTaskDefinitionStatusFilter, SortOrder, Tag,
};

use crate::aws::Clients;
use crate::error::{Error, Result};

/// The cluster's ARN (the daemon APIs take ARNs): as given, or by DescribeClusters.
pub async fn cluster_arn(clients: &Clients, cluster: &str) -> Result<String> {
    if cluster.starts_with("arn:") {
        return Ok(cluster.to_string());
    }
    let out = clients
        .ecs
        .describe_clusters()
        .clusters(cluster)
        .send()
        .await
        .map_err(|e| Error::aws("ecs:DescribeClusters", cluster, e))?;
    out.clusters()
        .iter()
        .find(|c| c.status() != Some("INACTIVE"))
        .and_then(|c| c.cluster_arn())
        .map(ToString::to_string)
        .ok_or_else(|| {
            Error::new(format!("cluster {cluster} does not exist"))
                .hint("check the config's `cluster` (and `region`)")
        })
}

/// `arn:aws:ecs:…:daemon/cluster/name` → `name`.
pub fn name_of(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// The ARN of the cluster's daemon `name`, unless it does not exist (or is being deleted).
pub async fn find(clients: &Clients, cluster_arn: &str, name: &str) -> Result<Option<String>> {
    let mut token = None;
    loop {
        let page = clients
            .ecs
            .list_daemons()
            .cluster_arn(cluster_arn)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| Error::aws("ecs:ListDaemons", cluster_arn, e))?;
        let found = page.daemon_summaries_list().iter().find(|d| {
            d.daemon_arn().is_some_and(|arn| name_of(arn) == name)
                && d.status() == Some(&DaemonStatus::Active)
        });
        if let Some(arn) = found.and_then(|d| d.daemon_arn()) {
            return Ok(Some(arn.to_string()));
        }
        token = page.next_token;
        if token.is_none() {
            return Ok(None);
        }
    }
}

pub async fn describe(clients: &Clients, arn: &str) -> Result<DaemonDetail> {
    let out = clients
        .ecs
        .describe_daemon()
        .daemon_arn(arn)
        .send()
        .await
        .map_err(|e| Error::aws("ecs:DescribeDaemon", arn, e))?;
    out.daemon.ok_or_else(|| Error::new(format!("ecs:DescribeDaemon ({arn}) returned no daemon")))
}

/// The daemon's deployments, newest first (at most `limit`).
pub async fn deployments(
    clients: &Clients,
    arn: &str,
    limit: usize,
) -> Result<Vec<DaemonDeploymentSummary>> {
    let mut all = Vec::new();
    let mut token = None;
    while all.len() < limit {
        let page = clients
            .ecs
            .list_daemon_deployments()
            .daemon_arn(arn)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| Error::aws("ecs:ListDaemonDeployments", arn, e))?;
        all.extend(page.daemon_deployments.unwrap_or_default());
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    all.sort_by_key(|d| {
        std::cmp::Reverse(d.created_at().map(aws_smithy_types::DateTime::as_nanos))
    });
    all.truncate(limit);
    Ok(all)
}

/// Daemon deployments by ARN.
pub async fn describe_deployments(
    clients: &Clients,
    arns: &[String],
) -> Result<Vec<DaemonDeployment>> {
    if arns.is_empty() {
        return Ok(Vec::new());
    }
    let out = clients
        .ecs
        .describe_daemon_deployments()
        .set_daemon_deployment_arns(Some(arns.to_vec()))
        .send()
        .await
        .map_err(|e| Error::aws("ecs:DescribeDaemonDeployments", &arns.join(", "), e))?;
    Ok(out.daemon_deployments.unwrap_or_default())
}

/// Daemon revisions by ARN, in the order asked.
pub async fn revisions(clients: &Clients, arns: &[String]) -> Result<Vec<DaemonRevision>> {
    if arns.is_empty() {
        return Ok(Vec::new());
    }
    let out = clients
        .ecs
        .describe_daemon_revisions()
        .set_daemon_revision_arns(Some(arns.to_vec()))
        .send()
        .await
        .map_err(|e| Error::aws("ecs:DescribeDaemonRevisions", &arns.join(", "), e))?;
    let found = out.daemon_revisions.unwrap_or_default();
    Ok(arns
        .iter()
        .filter_map(|arn| found.iter().find(|r| r.daemon_revision_arn() == Some(arn)).cloned())
        .collect())
}

/// A daemon task definition (family:revision or ARN) with its tags.
pub async fn task_definition(
    clients: &Clients,
    reference: &str,
) -> Result<(DaemonTaskDefinition, Vec<Tag>)> {
    let out = clients
        .ecs
        .describe_daemon_task_definition()
        .daemon_task_definition(reference)
        .send()
        .await
        .map_err(|e| Error::aws("ecs:DescribeDaemonTaskDefinition", reference, e))?;
    let td = out.daemon_task_definition.ok_or_else(|| {
        Error::new(format!("ecs:DescribeDaemonTaskDefinition ({reference}) returned none"))
    })?;
    let arn = td.daemon_task_definition_arn().unwrap_or(reference).to_string();
    Ok((td, tags(clients, &arn).await?))
}

/// The newest ACTIVE revision of a daemon task definition family, if any.
pub async fn latest_task_definition(clients: &Clients, family: &str) -> Result<Option<String>> {
    let out = clients
        .ecs
        .list_daemon_task_definitions()
        .family(family)
        .status(DaemonTaskDefinitionStatusFilter::Active)
        .sort(SortOrder::Desc)
        .max_results(1)
        .send()
        .await
        .map_err(|e| Error::aws("ecs:ListDaemonTaskDefinitions", family, e))?;
    Ok(out.daemon_task_definitions().first().and_then(|d| d.arn()).map(ToString::to_string))
}

/// A resource's tags (ListTagsForResource).
pub async fn tags(clients: &Clients, arn: &str) -> Result<Vec<Tag>> {
    let out = clients
        .ecs
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .map_err(|e| Error::aws("ecs:ListTagsForResource", arn, e))?;
    Ok(out.tags.unwrap_or_default())
}
