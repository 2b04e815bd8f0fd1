//! What the user's files say ([`Rendered`]) and what runs now ([`Current`]), gathered once for
//! the documents a command compares.
//!
//! `diff` and `deploy` look at the same things: the service (if the config names one and it
//! exists) and the task definition to compare with — the revision the service runs, or, without
//! a service, the newest active revision of the family.

pub mod daemon;
pub mod express;

use aws_sdk_ecs::types::Service;

use crate::aws::Clients;
use crate::config::Config;
use crate::diff::{self, DocDiff, Options};
use crate::ecs;
use crate::error::Result;
use crate::model::{
    DaemonDefinition, DaemonTaskDefinition, ExpressDefinition, ServiceDefinition, TaskDefinition,
};

/// Everything a command needs from the user's files (see [`crate::render`]).
pub struct Rendered {
    pub config: Config,
    pub task_definition: Option<TaskDefinition>,
    pub service_definition: Option<ServiceDefinition>,
    /// An Express service's definition (`express_definition`).
    pub express_definition: Option<ExpressDefinition>,
    /// A daemon's two definitions.
    pub daemon_task_definition: Option<DaemonTaskDefinition>,
    pub daemon_definition: Option<DaemonDefinition>,
}

impl Rendered {
    /// The config, with no definition rendered yet.
    pub fn of(config: Config) -> Self {
        Self {
            config,
            task_definition: None,
            service_definition: None,
            express_definition: None,
            daemon_task_definition: None,
            daemon_definition: None,
        }
    }
}

/// The running state relevant to one config.
pub struct Current {
    pub service: Option<Service>,
    /// The task definition compared against, with its ARN.
    pub task_definition: Option<(TaskDefinition, String)>,
}

impl Current {
    /// Reads the service (unless `task_definition_only`) and the task definition to compare with.
    pub async fn read(
        clients: &Clients,
        rendered: &Rendered,
        task_definition_only: bool,
    ) -> Result<Self> {
        Self::read_with(clients, rendered, task_definition_only, None).await
    }

    /// [`Self::read`], with the service already read (`Some`) alongside the rendering (see
    /// [`crate::render::render_reading_service`]).
    pub async fn read_with(
        clients: &Clients,
        rendered: &Rendered,
        task_definition_only: bool,
        service: Option<Option<aws_sdk_ecs::types::Service>>,
    ) -> Result<Self> {
        let config = &rendered.config;
        let service = match (&config.service, task_definition_only, service) {
            (Some(_), false, Some(read)) => read,
            (Some(name), false, None) => {
                ecs::describe_service(clients, &config.cluster, name).await?
            }
            _ => None,
        };
        let td_arn = match (&service, &rendered.task_definition) {
            (Some(svc), _) => svc.task_definition().map(ToString::to_string),
            (None, Some(td)) => ecs::latest_revision(clients, td.family()).await?,
            (None, None) => None,
        };
        let task_definition = match td_arn {
            Some(arn) => {
                let (td, tags) = ecs::describe_task_definition(clients, &arn).await?;
                let arn = td.task_definition_arn().unwrap_or(&arn).to_string();
                Some((TaskDefinition::from_sdk(&td, &tags), arn))
            }
            None => None,
        };
        Ok(Self { service, task_definition })
    }

    /// The service as a definition, for comparison.
    pub fn service_definition(&self, config: &Config) -> Option<(ServiceDefinition, String)> {
        self.service.as_ref().map(|s| {
            (
                ServiceDefinition::from_sdk(s, &config.cluster),
                s.service_arn().unwrap_or_default().to_string(),
            )
        })
    }

    /// Compares the rendered documents with this state.
    pub fn compare(&self, rendered: &Rendered, task_definition_only: bool) -> Vec<DocDiff> {
        let config = &rendered.config;
        let options = options(config);
        let mut diffs = Vec::new();
        if let Some(td) = &rendered.task_definition {
            let name = config
                .task_definition
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let remote = self.task_definition.as_ref().map(|(td, arn)| (td, arn.as_str()));
            diffs.push(diff::task_definition(td, &name, remote, &options));
        }
        if let (Some(local), false) = (&rendered.service_definition, task_definition_only) {
            let name = config
                .service_definition
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let remote = self.service_definition(config);
            diffs.push(diff::service(
                local,
                &name,
                remote.as_ref().map(|(d, arn)| (d, arn.as_str())),
                &options,
            ));
        }
        diffs
    }
}

/// The diff options a config asks for.
pub fn options(config: &Config) -> Options {
    Options {
        ignore_tags: config.ignore_tags.clone(),
        ignore_paths: config.shipper.ignore.iter().map(|p| diff::changes::Path::parse(p)).collect(),
    }
}
