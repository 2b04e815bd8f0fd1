//! The CodeDeploy calls a deploy, a rollback and `status` make, one function each.

use std::time::{Duration, Instant};

use aws_sdk_codedeploy::types::{
    AppSpecContent, DeploymentInfo, DeploymentWaitType, RevisionLocation, RevisionLocationType,
};
use serde_json::Value;

use super::appspec::appspec_text;
use super::group::{ACTIVE, Group, in_flight};
use crate::aws::Clients;
use crate::aws::pace::Prepaid;
use crate::deploy::write;
use crate::error::{Error, Kind, Result};
use crate::journal::{Journal, Write};

/// The group's deployment in flight with its status, for `status` and `wait`: `None` when the
/// group has none.
pub async fn in_flight_status(
    clients: &Clients,
    group: &Group,
) -> Result<Option<(String, String)>> {
    let Some(id) = in_flight(clients, group).await? else { return Ok(None) };
    let info = get(clients, &id).await?;
    let status = info.status().map(|s| s.as_str().to_string()).unwrap_or_default();
    Ok(Some((id, status)))
}

/// The task definition a deployment's AppSpec names (AppSpecContent or String revisions).
pub async fn task_definition_of(clients: &Clients, id: &str) -> Option<String> {
    let out = clients.codedeploy.get_deployment().deployment_id(id).send().await.ok()?;
    let revision = out.deployment_info()?.revision()?;
    let content = revision
        .app_spec_content()
        .and_then(|c| c.content())
        .or_else(|| revision.string().and_then(|s| s.content()))?;
    let spec: Value = serde_yaml::from_str(content).ok()?;
    spec.pointer("/Resources/0/TargetService/Properties/TaskDefinition")
        .and_then(Value::as_str)
        .map(ToString::to_string)
}

/// CreateDeployment with the AppSpec as content. The SDK does not resend it on a lost answer
/// (CodeDeploy would refuse the twin while the first is in flight): shipper looks for the
/// deployment it may have created first, and resends only if there is none; a throttled one is
/// sent again (see [`write::idempotent`]). The journal has it in flight, then created, for an
/// interruption to report.
pub async fn create(
    clients: &Clients,
    journal: &Journal,
    deployment: Deployment<'_>,
) -> Result<String> {
    let Deployment { group, service, task_definition, spec, what } = deployment;
    journal.record(Write::Creating {
        group: group.describe(),
        service: service.to_string(),
        task_definition: task_definition.to_string(),
    });
    let revision = RevisionLocation::builder()
        .revision_type(RevisionLocationType::AppSpecContent)
        .app_spec_content(AppSpecContent::builder().content(appspec_text(spec, false)).build())
        .build();
    let send = || {
        clients
            .codedeploy
            .create_deployment()
            .application_name(&group.application)
            .deployment_group_name(&group.name)
            .set_deployment_config_name(group.config_name.clone())
            .description(format!("shipper: {what}"))
            .revision(revision.clone())
            .customize()
            .config_override(
                aws_sdk_codedeploy::config::Builder::default()
                    .retry_config(aws_sdk_codedeploy::config::retry::RetryConfig::disabled()),
            )
            .interceptor(Prepaid)
            .send()
    };
    let landed = || async { in_flight(clients, group).await.ok().flatten() };
    let operation = "codedeploy:CreateDeployment";
    let id = match write::idempotent(clients, operation, &group.describe(), send, landed).await? {
        Ok(out) => out
            .deployment_id()
            .map(ToString::to_string)
            .ok_or_else(|| Error::new("codedeploy:CreateDeployment returned no deployment id"))?,
        Err(id) => {
            tracing::debug!("the lost CreateDeployment landed as {id}");
            id
        }
    };
    journal.record(Write::Created {
        id: id.clone(),
        service: service.to_string(),
        task_definition: task_definition.to_string(),
    });
    Ok(id)
}

/// A CodeDeploy deployment to create: `spec` deploys `task_definition` to `service` through
/// `group`; `what` describes it in the deployment's description.
pub struct Deployment<'a> {
    pub group: &'a Group,
    pub service: &'a str,
    pub task_definition: &'a str,
    pub spec: &'a Value,
    pub what: &'a str,
}

pub(super) async fn get(clients: &Clients, id: &str) -> Result<DeploymentInfo> {
    let out = clients
        .codedeploy
        .get_deployment()
        .deployment_id(id)
        .send()
        .await
        .map_err(|e| Error::aws("codedeploy:GetDeployment", id, e))?;
    out.deployment_info.ok_or_else(|| {
        Error::new(format!("codedeploy:GetDeployment ({id}) returned no deployment"))
    })
}

pub(super) async fn continue_wait(
    clients: &Clients,
    id: &str,
    kind: DeploymentWaitType,
) -> Result<()> {
    clients
        .codedeploy
        .continue_deployment()
        .deployment_id(id)
        .deployment_wait_type(kind)
        .send()
        .await
        .map_err(|e| Error::aws("codedeploy:ContinueDeployment", id, e))?;
    Ok(())
}

/// StopDeployment with CodeDeploy's rollback.
pub async fn stop(clients: &Clients, id: &str) -> Result<()> {
    clients
        .codedeploy
        .stop_deployment()
        .deployment_id(id)
        .auto_rollback_enabled(true)
        .send()
        .await
        .map_err(|e| Error::aws("codedeploy:StopDeployment", id, e))?;
    Ok(())
}

/// What the deployment's target shows: lifecycle events and green's traffic weight.
pub(super) struct TargetView {
    pub events: Vec<(String, String)>,
    pub green_weight: Option<f64>,
    pub green_group: Option<String>,
}

pub(super) async fn target_view(clients: &Clients, id: &str, target: &str) -> Option<TargetView> {
    let out = clients
        .codedeploy
        .get_deployment_target()
        .deployment_id(id)
        .target_id(target)
        .send()
        .await
        .ok()?;
    let ecs = out.deployment_target()?.ecs_target()?;
    let green = ecs
        .task_sets_info()
        .iter()
        .find(|t| t.task_set_label().is_some_and(|l| l.as_str() == "Green"));
    Some(TargetView {
        events: ecs
            .lifecycle_events()
            .iter()
            .map(|e| {
                (
                    e.lifecycle_event_name().unwrap_or_default().to_string(),
                    e.status().map(|s| s.as_str().to_string()).unwrap_or_default(),
                )
            })
            .collect(),
        green_weight: green.map(|g| g.traffic_weight()),
        green_group: green
            .and_then(|g| g.target_group())
            .and_then(|t| t.name())
            .map(ToString::to_string),
    })
}

/// The ARN of a target group by name.
pub(super) async fn target_group_arn(clients: &Clients, name: &str) -> Option<String> {
    let out = clients.elbv2.describe_target_groups().names(name).send().await.ok()?;
    out.target_groups().first()?.target_group_arn().map(ToString::to_string)
}
/// Waits until a stopped/failed deployment and its rollback deployment (if any) have ended;
/// returns the final info of the deployment.
pub async fn until_rolled_back(
    clients: &Clients,
    id: &str,
    poll: Duration,
    deadline: Instant,
) -> Result<DeploymentInfo> {
    loop {
        let info = get(clients, id).await?;
        let ended = info.status().is_some_and(|s| !ACTIVE.contains(s));
        if ended {
            if let Some(rollback) = info.rollback_info().and_then(|r| r.rollback_deployment_id()) {
                loop {
                    let back = get(clients, rollback).await?;
                    if back.status().is_some_and(|s| !ACTIVE.contains(s))
                        || Instant::now() >= deadline
                    {
                        break;
                    }
                    tokio::time::sleep(poll).await;
                }
            }
            return Ok(info);
        }
        if Instant::now() >= deadline {
            return Err(Error::with_kind(
                Kind::TimedOut,
                format!("gave up waiting for CodeDeploy deployment {id} to stop"),
            ));
        }
        tokio::time::sleep(poll).await;
    }
}
