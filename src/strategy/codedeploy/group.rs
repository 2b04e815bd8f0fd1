//! The deployment group that deploys a service: named in the config or found by its
//! `ecsServices`, and checked before any write (no deployment in flight, the waits the gates need).

use aws_sdk_codedeploy::types::{DeploymentReadyAction, DeploymentStatus};

use crate::aws::Clients;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::gates::{Gates, Phase};

/// CodeDeploy's statuses of a deployment that has not ended.
pub(super) const ACTIVE: [DeploymentStatus; 5] = [
    DeploymentStatus::Created,
    DeploymentStatus::Queued,
    DeploymentStatus::InProgress,
    DeploymentStatus::Ready,
    DeploymentStatus::Baking,
];

/// The deployment group that deploys a service, and what shipper needs to know of it.
#[derive(Debug, Clone)]
pub struct Group {
    pub application: String,
    pub name: String,
    /// `codedeploy.deployment_config_name`, else none (the group's own applies).
    pub config_name: Option<String>,
    /// The group stops at the ready wait (`actionOnTimeout: STOP_DEPLOYMENT`).
    pub ready_wait: bool,
    /// Minutes CodeDeploy keeps blue after the shift (0: none).
    pub termination_wait: i32,
}

impl Group {
    pub fn describe(&self) -> String {
        format!("{}/{}", self.application, self.name)
    }

    fn from_info(
        info: &aws_sdk_codedeploy::types::DeploymentGroupInfo,
        config_name: Option<String>,
    ) -> Self {
        let blue_green = info.blue_green_deployment_configuration();
        Self {
            application: info.application_name().unwrap_or_default().to_string(),
            name: info.deployment_group_name().unwrap_or_default().to_string(),
            config_name,
            ready_wait: blue_green
                .and_then(|b| b.deployment_ready_option())
                .and_then(|r| r.action_on_timeout())
                == Some(&DeploymentReadyAction::StopDeployment),
            termination_wait: blue_green
                .and_then(|b| b.terminate_blue_instances_on_deployment_success())
                .map_or(0, |t| t.termination_wait_time_in_minutes()),
        }
    }
}

/// A CodeDeploy deployment shipper started (or found) and follows.
#[derive(Debug, Clone)]
pub struct Started {
    pub group: Group,
    pub id: String,
}

/// Finds the deployment group of `cluster`/`service`: named in `codedeploy:`, or discovered.
pub async fn find_group(clients: &Clients, config: &Config, service: &str) -> Result<Group> {
    let cd = config.codedeploy.clone().unwrap_or_default();
    let cluster = config.cluster.as_str();
    let config_name = cd.deployment_config_name.clone();
    let op = "codedeploy:GetDeploymentGroup";
    if let (Some(app), Some(group)) = (&cd.application_name, &cd.deployment_group_name) {
        let out = clients
            .codedeploy
            .get_deployment_group()
            .application_name(app)
            .deployment_group_name(group)
            .send()
            .await
            .map_err(|e| Error::aws(op, &format!("{app}/{group}"), e))?;
        let info = out.deployment_group_info().ok_or_else(|| {
            Error::new(format!("{op} ({app}/{group}) returned no deployment group"))
        })?;
        return Ok(Group::from_info(info, config_name));
    }
    let applications = match &cd.application_name {
        Some(app) => vec![app.clone()],
        None => ecs_applications(clients).await?,
    };
    for app in &applications {
        let names = match &cd.deployment_group_name {
            Some(group) => vec![group.clone()],
            None => group_names(clients, app).await?,
        };
        for chunk in names.chunks(100) {
            let out = clients
                .codedeploy
                .batch_get_deployment_groups()
                .application_name(app)
                .set_deployment_group_names(Some(chunk.to_vec()))
                .send()
                .await
                .map_err(|e| Error::aws("codedeploy:BatchGetDeploymentGroups", app, e))?;
            let found = out.deployment_groups_info().iter().find(|g| {
                g.ecs_services().iter().any(|s| {
                    s.service_name() == Some(service)
                        && s.cluster_name().is_some_and(|c| same_cluster(c, cluster))
                })
            });
            if let Some(info) = found {
                return Ok(Group::from_info(info, config_name));
            }
        }
    }
    Err(Error::new(format!(
        "no CodeDeploy deployment group deploys service {service} in cluster {cluster} (searched {} application(s))",
        applications.len()
    ))
    .hint("create one, or name it in the config: `codedeploy: {application_name: …, deployment_group_name: …}`"))
}

/// A cluster named by name or ARN.
fn same_cluster(a: &str, b: &str) -> bool {
    let name = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
    name(a) == name(b)
}

/// Every CodeDeploy application of the ECS compute platform.
async fn ecs_applications(clients: &Clients) -> Result<Vec<String>> {
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = clients
            .codedeploy
            .list_applications()
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| Error::aws("codedeploy:ListApplications", "", e))?;
        names.extend(out.applications().iter().cloned());
        token = out.next_token().filter(|t| !t.is_empty()).map(ToString::to_string);
        if token.is_none() {
            break;
        }
    }
    let mut ecs = Vec::new();
    for chunk in names.chunks(100) {
        let out = clients
            .codedeploy
            .batch_get_applications()
            .set_application_names(Some(chunk.to_vec()))
            .send()
            .await
            .map_err(|e| Error::aws("codedeploy:BatchGetApplications", "", e))?;
        ecs.extend(
            out.applications_info()
                .iter()
                .filter(|a| a.compute_platform().is_some_and(|p| p.as_str() == "ECS"))
                .filter_map(|a| a.application_name().map(ToString::to_string)),
        );
    }
    Ok(ecs)
}

async fn group_names(clients: &Clients, app: &str) -> Result<Vec<String>> {
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = clients
            .codedeploy
            .list_deployment_groups()
            .application_name(app)
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| Error::aws("codedeploy:ListDeploymentGroups", app, e))?;
        names.extend(out.deployment_groups().iter().cloned());
        let next = out.next_token().filter(|t| !t.is_empty()).map(ToString::to_string);
        if next.is_none() || next == token {
            break;
        }
        token = next;
    }
    Ok(names)
}

/// The group's deployment that has not ended, if there is one.
pub async fn in_flight(clients: &Clients, group: &Group) -> Result<Option<String>> {
    let out = clients
        .codedeploy
        .list_deployments()
        .application_name(&group.application)
        .deployment_group_name(&group.name)
        .set_include_only_statuses(Some(ACTIVE.to_vec()))
        .send()
        .await
        .map_err(|e| Error::aws("codedeploy:ListDeployments", &group.describe(), e))?;
    Ok(out.deployments().first().cloned())
}

/// Everything a CodeDeploy deploy reads before its first write: the group, no deployment of it
/// in flight, and the waits the gates need.
pub async fn prepare(
    clients: &Clients,
    config: &Config,
    service: &str,
    gates: &Gates,
) -> Result<Group> {
    let group = find_group(clients, config, service).await?;
    if let Some(id) = in_flight(clients, &group).await? {
        return Err(Error::new(format!(
            "deployment group {} already has a CodeDeploy deployment in flight ({id}); refusing to start another",
            group.describe()
        ))
        .hint(format!(
            "wait for it to end, or stop it with `shipper rollback --config {}`",
            config.path.display()
        )));
    }
    let names = |phase| gates.for_phase(phase).map(|g| g.name.clone()).collect::<Vec<_>>();
    let test = names(Phase::Test);
    if !test.is_empty() && !group.ready_wait {
        return Err(Error::new(format!(
            "gate(s) {} run at the test phase, but deployment group {} does not stop at the ready wait",
            test.join(", "),
            group.describe()
        ))
        .hint("set the group's blueGreenDeploymentConfiguration.deploymentReadyOption.actionOnTimeout to STOP_DEPLOYMENT: shipper continues the deployment once the test gates pass"));
    }
    let later: Vec<String> =
        names(Phase::Production).into_iter().chain(names(Phase::Bake)).collect();
    if !later.is_empty() && group.termination_wait <= 0 {
        return Err(Error::new(format!(
            "gate(s) {} run once production traffic moved, but deployment group {} keeps no blue tasks to return to (terminationWaitTimeInMinutes is 0)",
            later.join(", "),
            group.describe()
        ))
        .hint("set the group's terminateBlueInstancesOnDeploymentSuccess.terminationWaitTimeInMinutes above 0 (longer than the gates take): shipper ends the wait once they pass"));
    }
    Ok(group)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_match_by_name_or_arn() {
        assert!(same_cluster("arn:aws:ecs:r:1:cluster/acme", "acme"));
        assert!(!same_cluster("acme-dev", "acme"));
    }
}
