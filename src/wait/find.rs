//! Which service deployment an update started, when its answer did not say
//! (`currentServiceDeployment` missing): the newest one created since the update *of the task
//! definition it sent*. The newest one alone may be a racing update's, of another revision.

use aws_sdk_ecs::types::CreatedAt;
use aws_smithy_types::DateTime;

use crate::aws::read::Read;

/// The ARN of the newest service deployment of `service` created since `since` (two seconds of
/// clock skew allowed) whose target revision runs `task_definition`; `None` when there is none
/// (yet). Where ECS does not describe revisions to this caller, the newest deployment.
pub async fn deployment_of(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    service: &str,
    since: DateTime,
    task_definition: &str,
) -> Result<Option<String>, Read> {
    let after = DateTime::from_secs(since.secs() - 2);
    let out = ecs
        .list_service_deployments()
        .cluster(cluster)
        .service(service)
        .created_at(CreatedAt::builder().after(after).build())
        .send()
        .await
        .map_err(|e| Read::from_sdk("ecs:ListServiceDeployments", service, e))?;
    let mut briefs: Vec<_> = out.service_deployments().to_vec();
    briefs.sort_by_key(|d| std::cmp::Reverse(d.created_at().map(DateTime::as_nanos)));
    let newest = briefs.first().and_then(|d| d.service_deployment_arn()).map(str::to_string);
    let revisions: Vec<String> = briefs
        .iter()
        .filter_map(|d| d.target_service_revision_arn().map(str::to_string))
        .take(20)
        .collect();
    if briefs.len() < 2 || revisions.is_empty() {
        // One candidate: no race to tell apart (its revision is checked by the verdict).
        return Ok(newest);
    }
    let described = ecs
        .describe_service_revisions()
        .set_service_revision_arns(Some(revisions))
        .send()
        .await
        .map_err(|e| Read::from_sdk("ecs:DescribeServiceRevisions", service, e));
    let described = match described {
        Ok(out) => out,
        Err(Read::Unavailable(_)) => return Ok(newest),
        Err(failed) => return Err(failed),
    };
    let runs_target = |arn: &str| {
        described.service_revisions().iter().any(|r| {
            r.service_revision_arn() == Some(arn) && r.task_definition() == Some(task_definition)
        })
    };
    let ours = briefs
        .iter()
        .find(|d| d.target_service_revision_arn().is_some_and(runs_target))
        .and_then(|d| d.service_deployment_arn())
        .map(str::to_string);
    tracing::debug!(
        "decision: {} service deployments since the update; following {} (the newest of {task_definition})",
        briefs.len(),
        ours.as_deref().unwrap_or("none yet")
    );
    Ok(ours)
}

#[cfg(test)]
mod tests {
    use aws_sdk_ecs::Client;
    use aws_sdk_ecs::operation::describe_service_revisions::DescribeServiceRevisionsOutput;
    use aws_sdk_ecs::operation::list_service_deployments::ListServiceDeploymentsOutput;
    use aws_sdk_ecs::types::{ServiceDeploymentBrief, ServiceRevision};
    use aws_smithy_mocks::{RuleMode, mock, mock_client};

    use super::*;

    const OURS: &str = "arn:aws:ecs:r:1:task-definition/web:5";
    const THEIRS: &str = "arn:aws:ecs:r:1:task-definition/web:6";

    fn brief(n: i64, revision: &str) -> ServiceDeploymentBrief {
        ServiceDeploymentBrief::builder()
            .service_deployment_arn(format!("arn:sd/{n}"))
            .target_service_revision_arn(revision)
            .created_at(DateTime::from_secs(100 + n))
            .build()
    }

    fn client(briefs: Vec<ServiceDeploymentBrief>, revisions: Vec<(&str, &str)>) -> Client {
        let list = mock!(Client::list_service_deployments).then_output(move || {
            ListServiceDeploymentsOutput::builder()
                .set_service_deployments(Some(briefs.clone()))
                .build()
        });
        let revisions: Vec<ServiceRevision> = revisions
            .into_iter()
            .map(|(arn, td)| {
                ServiceRevision::builder().service_revision_arn(arn).task_definition(td).build()
            })
            .collect();
        let describe = mock!(Client::describe_service_revisions).then_output(move || {
            DescribeServiceRevisionsOutput::builder()
                .set_service_revisions(Some(revisions.clone()))
                .build()
        });
        mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&list, &describe])
    }

    #[tokio::test]
    async fn a_racing_updates_newer_deployment_is_not_taken_for_ours() {
        let ecs = client(
            vec![brief(1, "arn:rev/ours"), brief(2, "arn:rev/theirs")],
            vec![("arn:rev/ours", OURS), ("arn:rev/theirs", THEIRS)],
        );
        let found = deployment_of(&ecs, "c", "web", DateTime::from_secs(100), OURS).await;
        assert_eq!(found.unwrap().as_deref(), Some("arn:sd/1"));
        let found = deployment_of(&ecs, "c", "web", DateTime::from_secs(100), THEIRS).await;
        assert_eq!(found.unwrap().as_deref(), Some("arn:sd/2"));
    }

    #[tokio::test]
    async fn none_of_ours_yet_is_none_and_a_lone_deployment_is_taken() {
        let ecs = client(
            vec![brief(1, "arn:rev/a"), brief(2, "arn:rev/b")],
            vec![("arn:rev/a", THEIRS), ("arn:rev/b", THEIRS)],
        );
        let found = deployment_of(&ecs, "c", "web", DateTime::from_secs(100), OURS).await;
        assert_eq!(found.unwrap(), None);
        let ecs = client(vec![brief(3, "arn:rev/c")], vec![]);
        let found = deployment_of(&ecs, "c", "web", DateTime::from_secs(100), OURS).await;
        assert_eq!(found.unwrap().as_deref(), Some("arn:sd/3"));
    }
}
