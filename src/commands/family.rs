//! What the revision commands (`revisions`, `images`, `deregister`) share: the family of the
//! configured task definition and which of its revisions are in use.

use std::collections::BTreeSet;

use aws_sdk_ecs::types::{DesiredStatus, Service};

use crate::aws::Clients;
use crate::context::Context;
use crate::ecs;
use crate::error::{Error, Result};
use crate::render::Want;
use crate::state::Rendered;

/// The config, the clients, the service (if it exists) and the task definition family.
pub struct Family<'a> {
    pub rendered: Rendered,
    pub clients: &'a Clients,
    pub service: Option<Service>,
    pub name: String,
}

impl<'a> Family<'a> {
    /// The family the service runs; without a service, the configured task definition's (which
    /// is rendered only then, since it may need variables a read-only command lacks).
    pub async fn load(ctx: &'a Context) -> Result<Self> {
        let rendered = ctx.render(Want::CONFIG).await?;
        let clients = ctx.clients(&rendered.config).await?;
        let service = match &rendered.config.service {
            Some(name) => ecs::describe_service(clients, &rendered.config.cluster, name).await?,
            None => None,
        };
        let name = match service.as_ref().and_then(Service::task_definition) {
            Some(td) => ecs::family_of(td).to_string(),
            None => ctx
                .render(Want { task_definition: true, service_definition: false })
                .await?
                .task_definition
                .map(|t| t.family().to_string())
                .ok_or_else(|| {
                    Error::new(
                        "no service and no `task_definition` configured: cannot tell the family",
                    )
                })?,
        };
        Ok(Self { rendered, clients, service, name })
    }

    /// Revisions in use: those of the service's deployments and of the family's running tasks.
    pub async fn in_use(&self) -> Result<BTreeSet<String>> {
        let mut used: BTreeSet<String> = self
            .service
            .iter()
            .flat_map(|s| {
                s.deployments().iter().filter_map(|d| d.task_definition().map(ToString::to_string))
            })
            .collect();
        let running =
            self.clients.ecs.list_tasks().family(&self.name).desired_status(DesiredStatus::Running);
        let tasks =
            ecs::tasks(self.clients, &self.rendered.config.cluster, running, &self.name).await?;
        used.extend(tasks.iter().filter_map(|t| t.task_definition_arn().map(ToString::to_string)));
        Ok(used)
    }
}
