//! Express Mode service definitions: `CreateExpressGatewayService`'s input shape.
//!
//! As in ecspresso, the config names the cluster and the service, so the file holds the rest:
//! the roles, the primary container, cpu/memory, the health-check path, the network and the
//! scaling target. What runs (`DescribeExpressGatewayService`) is brought to the same shape from
//! its newest active configuration, so the two compare and print alike.

use aws_sdk_ecs::operation::create_express_gateway_service::CreateExpressGatewayServiceInput;
use aws_sdk_ecs::operation::update_express_gateway_service::UpdateExpressGatewayServiceInput;
use aws_sdk_ecs::types::{EcsExpressGatewayService, ExpressGatewayServiceConfiguration, Tag};
use serde_json::{Map, Value};

use super::{Problem, de, member_names, ser, strip_output_only};

/// Members `UpdateExpressGatewayService` cannot change: a new value means a new service
/// ("the infrastructure role cannot be modified after service creation").
pub const REPLACEMENT_FIELDS: &[&str] = &["infrastructureRoleArn"];

/// Lists of the primary container that an update clears when the file leaves them out (ECS
/// keeps a member an update does not name; shipper sends these empty, as ecspresso does).
pub const CLEARED_WHEN_ABSENT: &[&str] = &["environment", "secrets", "command"];

/// An Express Mode service definition, with `cluster` and `serviceName` set.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpressDefinition {
    pub json: Value,
}

impl ExpressDefinition {
    /// Validates a rendered Express definition for `cluster`/`service` (the config's).
    pub fn parse(value: Value, cluster: &str, service: &str) -> Result<Self, Vec<Problem>> {
        let mut value = value;
        if let Value::Object(map) = &mut value {
            map.insert("cluster".into(), Value::from(cluster));
            map.insert("serviceName".into(), Value::from(service));
        }
        let input = de::from_value(&value, CreateExpressGatewayServiceInput::deserialize)?;
        Ok(Self { json: ser::to_value(&input) })
    }

    /// What `DescribeExpressGatewayService` reports, as a definition: the newest active
    /// configuration (the one a deployment in flight goes to), the infrastructure role and the
    /// service's tags. The task definition ECS made for it is ECS's, not the file's.
    pub fn from_sdk(service: &EcsExpressGatewayService, tags: &[Tag], cluster: &str) -> Self {
        let mut value =
            newest(service).map_or_else(|| Value::Object(Map::new()), |c| ser::to_value(c));
        strip_output_only(
            &mut value,
            ExpressGatewayServiceConfiguration::SCHEMA,
            CreateExpressGatewayServiceInput::SCHEMA,
        );
        if let Value::Object(map) = &mut value {
            map.remove("taskDefinitionArn");
            map.insert("cluster".into(), Value::from(cluster));
            if let Some(name) = service.service_name() {
                map.insert("serviceName".into(), Value::from(name));
            }
            if let Some(role) = service.infrastructure_role_arn() {
                map.insert("infrastructureRoleArn".into(), Value::from(role));
            }
            if !tags.is_empty() {
                map.insert("tags".into(), tags.iter().map(|t| ser::to_value(t)).collect());
            }
        }
        Self { json: value }
    }

    /// The `CreateExpressGatewayService` input.
    pub fn create_input(&self) -> Result<CreateExpressGatewayServiceInput, Vec<Problem>> {
        de::from_value(&self.json, CreateExpressGatewayServiceInput::deserialize)
    }

    /// The `UpdateExpressGatewayService` body for the service at `arn`: every member of the
    /// definition the update takes, with the primary container's lists the file leaves out sent
    /// empty (so a removed environment variable goes away).
    pub fn update_json(&self, arn: &str) -> Value {
        let updatable = member_names(UpdateExpressGatewayServiceInput::SCHEMA);
        let mut out = Map::new();
        out.insert("serviceArn".into(), Value::from(arn));
        if let Value::Object(map) = &self.json {
            for (key, value) in map {
                if updatable.contains(&key.as_str()) && key != "serviceArn" {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if let Some(Value::Object(container)) = out.get_mut("primaryContainer") {
            for list in CLEARED_WHEN_ABSENT {
                container.entry(*list).or_insert_with(|| Value::Array(Vec::new()));
            }
        }
        Value::Object(out)
    }

    pub fn tags(&self) -> Option<&Vec<Value>> {
        self.json.get("tags").and_then(Value::as_array)
    }
}

/// Reads an `UpdateExpressGatewayService` input from JSON in its shape.
pub fn update_input(json: &Value) -> Result<UpdateExpressGatewayServiceInput, Vec<Problem>> {
    de::from_value(json, UpdateExpressGatewayServiceInput::deserialize)
}

/// The newest of a service's active configurations (during a deployment: its target).
pub fn newest(service: &EcsExpressGatewayService) -> Option<&ExpressGatewayServiceConfiguration> {
    service
        .active_configurations()
        .iter()
        .max_by_key(|c| c.created_at().map(aws_smithy_types::DateTime::as_nanos))
}
