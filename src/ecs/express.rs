//! Reading Express Mode services. An Express service is an ECS service that ECS manages
//! (`resourceManagementType: ECS`): DescribeServices shows it like any other (deployments,
//! events, tasks), DescribeExpressGatewayService its configurations, and a service revision the
//! resources ECS made for it.

use aws_sdk_ecs::types::{
    EcsExpressGatewayService, EcsManagedResources, ExpressGatewayServiceInclude, Service,
};

use crate::aws::Clients;
use crate::error::{Error, Result};

/// Whether ECS manages the service (it was made by CreateExpressGatewayService).
pub fn is_express(service: &Service) -> bool {
    service.resource_management_type().is_some_and(|t| t.as_str() == "ECS")
}

/// The Express view of the service at `arn`, with its tags.
pub async fn describe(clients: &Clients, arn: &str) -> Result<EcsExpressGatewayService> {
    let out = clients
        .ecs
        .describe_express_gateway_service()
        .service_arn(arn)
        .include(ExpressGatewayServiceInclude::Tags)
        .send()
        .await
        .map_err(|e| Error::aws("ecs:DescribeExpressGatewayService", arn, e))?;
    out.service.ok_or_else(|| {
        Error::new(format!("ecs:DescribeExpressGatewayService ({arn}) returned no service"))
    })
}

/// What ECS made for the service (load balancer, ingress paths, scaling, log groups), as the
/// service revision `revision` records it.
pub async fn managed_resources(
    clients: &Clients,
    revision: &str,
) -> Result<Option<EcsManagedResources>> {
    let out = clients
        .ecs
        .describe_service_revisions()
        .service_revision_arns(revision)
        .send()
        .await
        .map_err(|e| Error::aws("ecs:DescribeServiceRevisions", revision, e))?;
    Ok(out.service_revisions.unwrap_or_default().into_iter().find_map(|r| r.ecs_managed_resources))
}
