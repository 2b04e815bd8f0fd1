//! An Express service as it runs, gathered once for `diff` and `deploy` (what [`super::Current`]
//! is for services): the ECS service and its Express view.

use aws_sdk_ecs::types::{EcsExpressGatewayService, Service};

use super::Rendered;
use crate::aws::Clients;
use crate::config::Config;
use crate::diff::DocDiff;
use crate::ecs;
use crate::error::{Error, Result};
use crate::model::ExpressDefinition;

pub struct CurrentExpress {
    /// The ECS service (DescribeServices), if it exists.
    pub service: Option<Service>,
    /// Its Express view (DescribeExpressGatewayService).
    pub express: Option<EcsExpressGatewayService>,
}

impl CurrentExpress {
    /// Reads the config's Express service; `service` is the DescribeServices answer when it was
    /// read alongside the rendering (see [`crate::render::render_reading_service`]). A service of
    /// that name that ECS does not manage is refused: it is not an Express service.
    pub async fn read_with(
        clients: &Clients,
        config: &Config,
        service: Option<Option<Service>>,
    ) -> Result<Self> {
        let name = name(config)?;
        let service = match service {
            Some(read) => read,
            None => ecs::describe_service(clients, &config.cluster, &name).await?,
        };
        let express = match &service {
            Some(s) if !ecs::express::is_express(s) => return Err(not_express(config, &name)),
            Some(s) => {
                Some(ecs::express::describe(clients, s.service_arn().unwrap_or(&name)).await?)
            }
            None => None,
        };
        Ok(Self { service, express })
    }

    /// The running service as an Express definition, with its ARN.
    pub fn definition(&self, config: &Config) -> Option<(ExpressDefinition, String)> {
        let express = self.express.as_ref()?;
        let tags = self.service.as_ref().map(Service::tags).unwrap_or_default();
        let tags = if tags.is_empty() { express.tags() } else { tags };
        let arn = express.service_arn().unwrap_or_default().to_string();
        Some((ExpressDefinition::from_sdk(express, tags, &config.cluster), arn))
    }

    /// Compares the rendered Express definition with this state.
    pub fn compare(&self, rendered: &Rendered) -> Vec<DocDiff> {
        let config = &rendered.config;
        let Some(local) = &rendered.express_definition else { return Vec::new() };
        let name = config.express_definition.as_ref().map(|p| p.display().to_string());
        let remote = self.definition(config);
        vec![crate::diff::express::express(
            local,
            &name.unwrap_or_default(),
            remote.as_ref().map(|(d, arn)| (d, arn.as_str())),
            &super::options(config),
        )]
    }
}

/// The Express service's name: the config's `service`.
pub fn name(config: &Config) -> Result<String> {
    config.service.clone().ok_or_else(|| {
        Error::new(format!(
            "{}: `service` is not set: an Express service is named by the config's `service`",
            config.path.display()
        ))
        .hint("add `service: <name>` next to `express_definition`")
    })
}

/// The refusal for a config whose Express service is an ordinary service.
pub fn not_express(config: &Config, name: &str) -> Error {
    Error::new(format!(
        "service {name} in cluster {} is not an Express service: ECS does not manage it (its resourceManagementType is not ECS)",
        config.cluster
    ))
    .hint("for a service you manage, use `service_definition` and `task_definition` instead of `express_definition`")
}
