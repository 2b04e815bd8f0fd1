//! A daemon as it runs, gathered once for the daemon commands (what [`super::Current`] is for
//! services): the daemon, its latest deployment, the revision it runs, its tags, and the daemon
//! task definition that revision runs (or, without a daemon, the family's newest revision).

use aws_sdk_ecs::types::{
    DaemonDeployment, DaemonDeploymentStatus, DaemonDetail, DaemonRevision, Tag,
};

use super::Rendered;
use crate::aws::Clients;
use crate::config::Config;
use crate::diff::DocDiff;
use crate::ecs::daemon as api;
use crate::error::{Error, Result};
use crate::model::{DaemonDefinition, DaemonTaskDefinition};

pub struct CurrentDaemon {
    pub name: String,
    pub cluster_arn: String,
    /// The daemon's ARN and description, if it exists.
    pub daemon: Option<(String, DaemonDetail)>,
    /// Its latest deployment (what it was last sent).
    pub deployment: Option<DaemonDeployment>,
    /// The revision it runs: the latest deployment's target, or the one a rollback returned to.
    pub revision: Option<DaemonRevision>,
    pub tags: Vec<Tag>,
    /// The daemon task definition compared against, with its ARN.
    pub task_definition: Option<(DaemonTaskDefinition, String)>,
}

impl CurrentDaemon {
    /// Reads the config's daemon. `family`: the rendered daemon task definition's, for the
    /// revision to compare with when no daemon runs yet.
    pub async fn read(clients: &Clients, config: &Config, family: Option<&str>) -> Result<Self> {
        let name = name(config)?;
        let cluster_arn = api::cluster_arn(clients, &config.cluster).await?;
        let mut current = Self {
            name,
            cluster_arn,
            daemon: None,
            deployment: None,
            revision: None,
            tags: Vec::new(),
            task_definition: None,
        };
        let td_arn = match api::find(clients, &current.cluster_arn, &current.name).await? {
            Some(arn) => {
                let detail = api::describe(clients, &arn).await?;
                let latest = detail.deployment_arn().map(String::from);
                current.deployment = match latest {
                    Some(d) => api::describe_deployments(clients, &[d]).await?.into_iter().next(),
                    None => None,
                };
                let revision = current.deployment.as_ref().and_then(running_revision);
                current.revision = match revision {
                    Some(r) => api::revisions(clients, &[r]).await?.into_iter().next(),
                    None => None,
                };
                current.tags = api::tags(clients, &arn).await?;
                current.daemon = Some((arn, detail));
                current
                    .revision
                    .as_ref()
                    .and_then(|r| r.daemon_task_definition_arn())
                    .map(String::from)
            }
            None => match family {
                Some(family) => api::latest_task_definition(clients, family).await?,
                None => None,
            },
        };
        if let Some(arn) = td_arn {
            let (td, tags) = api::task_definition(clients, &arn).await?;
            let arn = td.daemon_task_definition_arn().unwrap_or(&arn).to_string();
            current.task_definition = Some((DaemonTaskDefinition::from_sdk(&td, &tags), arn));
        }
        Ok(current)
    }

    pub fn arn(&self) -> Option<&str> {
        self.daemon.as_ref().map(|(arn, _)| arn.as_str())
    }

    /// The capacity providers of the revision that runs (from the daemon's current revisions,
    /// else the latest deployment's target).
    pub fn capacity_providers(&self) -> Vec<String> {
        let revision = self.revision.as_ref().and_then(|r| r.daemon_revision_arn());
        let current = self
            .daemon
            .as_ref()
            .and_then(|(_, d)| d.current_revisions().iter().find(|r| r.arn() == revision));
        match current {
            Some(r) => {
                r.capacity_providers().iter().filter_map(|p| p.arn().map(String::from)).collect()
            }
            None => self
                .deployment
                .as_ref()
                .and_then(|d| d.target_daemon_revision())
                .map(|t| {
                    t.capacity_providers()
                        .iter()
                        .filter_map(|p| p.arn().map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The running daemon as a definition, with its ARN.
    pub fn definition(&self) -> Option<(DaemonDefinition, String)> {
        let arn = self.arn()?;
        let revision = self.revision.as_ref()?;
        let def = DaemonDefinition::from_sdk(
            &self.name,
            revision,
            self.deployment.as_ref(),
            &self.capacity_providers(),
            &self.tags,
        );
        Some((def, arn.to_string()))
    }

    /// Compares the rendered daemon definitions with this state.
    pub fn compare(&self, rendered: &Rendered) -> Vec<DocDiff> {
        let config = &rendered.config;
        let options = super::options(config);
        let name_of = |p: &Option<std::path::PathBuf>| {
            p.as_ref().map(|p| p.display().to_string()).unwrap_or_default()
        };
        let mut diffs = Vec::new();
        if let Some(td) = &rendered.daemon_task_definition {
            let remote = self.task_definition.as_ref().map(|(t, a)| (t, a.as_str()));
            let name = name_of(&config.daemon_task_definition);
            diffs.push(crate::diff::daemon::task_definition(td, &name, remote, &options));
        }
        if let Some(def) = &rendered.daemon_definition {
            let remote = self.definition();
            let name = name_of(&config.daemon_definition);
            let remote = remote.as_ref().map(|(d, a)| (d, a.as_str()));
            diffs.push(crate::diff::daemon::daemon(def, &name, remote, &options));
        }
        diffs
    }
}

/// The revision a deployment leaves running: its target, or where its rollback returned.
pub fn running_revision(deployment: &DaemonDeployment) -> Option<String> {
    let rolled_back = matches!(
        deployment.status(),
        Some(
            DaemonDeploymentStatus::RollbackSuccessful | DaemonDeploymentStatus::RollbackInProgress
        )
    );
    match (rolled_back, deployment.rollback()) {
        (true, Some(rollback)) => rollback.rollback_target_daemon_revision_arn().map(String::from),
        _ => deployment.target_daemon_revision().and_then(|t| t.arn()).map(String::from),
    }
}

/// The daemon's name: the config's `daemon`.
pub fn name(config: &Config) -> Result<String> {
    config.daemon.clone().ok_or_else(|| {
        Error::new(format!(
            "{}: `daemon` is not set: a daemon is named by the config's `daemon`",
            config.path.display()
        ))
        .hint("add `daemon: <name>` next to `daemon_definition` and `daemon_task_definition`")
    })
}
