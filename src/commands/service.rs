//! The start shared by the commands about a service that must already exist (`status`, `wait`,
//! `rollback`): the config alone (no definitions: they may need variables these commands lack),
//! the clients, and the service as ECS reports it.

use aws_sdk_ecs::types::Service;

use crate::aws::Clients;
use crate::context::Context;
use crate::ecs;
use crate::error::{Error, Result};
use crate::render::Want;
use crate::state::Rendered;

pub struct Existing<'a> {
    pub rendered: Rendered,
    pub clients: &'a Clients,
    pub name: String,
    pub service: Service,
}

impl<'a> Existing<'a> {
    /// Loads the config and the service it names; `what` completes "nothing to …" in the error
    /// for a config without `service`.
    pub async fn load(ctx: &'a Context, what: &str) -> Result<Self> {
        let rendered = ctx.render(Want::CONFIG).await?;
        let config = &rendered.config;
        let name = config.service.clone().ok_or_else(|| {
            Error::new(format!(
                "{}: `service` is not set, so there is nothing to {what}",
                config.path.display()
            ))
        })?;
        let clients = ctx.clients(config).await?;
        let Some(service) = ecs::describe_service(clients, &config.cluster, &name).await? else {
            let error =
                Error::new(format!("service {name} does not exist in cluster {}", config.cluster));
            // A typo in the config is likelier than a missing service: name the closest one.
            let names = ecs::service_names(clients, &config.cluster).await.unwrap_or_default();
            return Err(match crate::suggest::closest(&name, names.iter().map(String::as_str)) {
                Some(close) => error.hint(format!(
                    "did you mean `{close}`? (the cluster's services: {}); `shipper deploy` creates {name}",
                    names.join(", ")
                )),
                None => error.hint("`shipper deploy` creates it"),
            });
        };
        Ok(Self { rendered, clients, name, service })
    }
}
