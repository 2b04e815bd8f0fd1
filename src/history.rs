//! A service's deployment history (ECS service deployments and revisions), for `rollback` and
//! `status`. Returns `None` where the API is unavailable so callers can fall back to the
//! task definition family's revisions.

use aws_sdk_ecs::types::{ServiceDeployment, ServiceDeploymentStatus};
use aws_smithy_types::DateTime;

use crate::aws::Clients;
use crate::error::{Error, Result};

/// One past or present deployment.
#[derive(Debug, Clone)]
pub struct Entry {
    pub arn: String,
    pub status: String,
    pub started_at: Option<DateTime>,
    pub finished_at: Option<DateTime>,
    pub task_definition: Option<String>,
    /// `(container, image, digest)` as the revision resolved them.
    pub images: Vec<(String, String, String)>,
}

/// DescribeServiceRevisions takes at most 20 ARNs per call.
const REVISIONS_PER_CALL: usize = 20;

/// The service's deployments, newest first, or `None` if the service deployment API is not
/// available (an older region, a missing permission).
pub async fn deployments(
    clients: &Clients,
    cluster: &str,
    service: &str,
    statuses: &[ServiceDeploymentStatus],
) -> Result<Option<Vec<Entry>>> {
    let mut briefs = Vec::new();
    let mut token = None;
    loop {
        let out = clients
            .ecs
            .list_service_deployments()
            .cluster(cluster)
            .service(service)
            .set_status((!statuses.is_empty()).then(|| statuses.to_vec()))
            .set_next_token(token)
            .send()
            .await;
        let out = match out {
            Ok(out) => out,
            // Without the API (no permission, not offered) callers fall back; anything else
            // (throttling, network) is an error, not a reason to answer differently.
            Err(e) if crate::aws::read::api_unavailable(&e) => {
                tracing::debug!(
                    "{}",
                    Error::aws("ecs:ListServiceDeployments", service, e).message()
                );
                return Ok(None);
            }
            Err(e) => return Err(Error::aws("ecs:ListServiceDeployments", service, e)),
        };
        briefs.extend(out.service_deployments.unwrap_or_default());
        token = out.next_token;
        if token.is_none() {
            break;
        }
    }
    briefs.sort_by_key(|b| {
        std::cmp::Reverse(b.created_at().or(b.started_at()).map(DateTime::as_nanos))
    });

    let revision_arns: Vec<String> = briefs
        .iter()
        .filter_map(|b| b.target_service_revision_arn().map(ToString::to_string))
        .collect();
    let mut revisions = std::collections::HashMap::new();
    for chunk in revision_arns.chunks(REVISIONS_PER_CALL) {
        let out = clients
            .ecs
            .describe_service_revisions()
            .set_service_revision_arns(Some(chunk.to_vec()))
            .send()
            .await
            .map_err(|e| Error::aws("ecs:DescribeServiceRevisions", service, e))?;
        for revision in out.service_revisions.unwrap_or_default() {
            if let Some(arn) = revision.service_revision_arn.clone() {
                revisions.insert(arn, revision);
            }
        }
    }
    Ok(Some(
        briefs
            .iter()
            .map(|b| {
                let revision = b.target_service_revision_arn().and_then(|a| revisions.get(a));
                Entry {
                    arn: b.service_deployment_arn().unwrap_or_default().to_string(),
                    status: b.status().map(|s| s.as_str().to_string()).unwrap_or_default(),
                    started_at: b.started_at().or(b.created_at()).copied(),
                    finished_at: b.finished_at().copied(),
                    task_definition: revision
                        .and_then(|r| r.task_definition())
                        .map(ToString::to_string),
                    images: revision
                        .map(|r| {
                            r.container_images()
                                .iter()
                                .map(|c| {
                                    (
                                        c.container_name().unwrap_or_default().to_string(),
                                        c.image().unwrap_or_default().to_string(),
                                        c.image_digest().unwrap_or_default().to_string(),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect(),
    ))
}

/// The service deployment in progress, if any (and if the API is available).
pub async fn in_progress(
    clients: &Clients,
    cluster: &str,
    service: &str,
) -> Result<Option<ServiceDeployment>> {
    let active = [ServiceDeploymentStatus::Pending, ServiceDeploymentStatus::InProgress];
    let Some(entries) = deployments(clients, cluster, service, &active).await? else {
        return Ok(None);
    };
    let Some(newest) = entries.first() else { return Ok(None) };
    let out = clients
        .ecs
        .describe_service_deployments()
        .service_deployment_arns(&newest.arn)
        .send()
        .await
        .map_err(|e| Error::aws("ecs:DescribeServiceDeployments", &newest.arn, e))?;
    Ok(out.service_deployments.unwrap_or_default().into_iter().next())
}
