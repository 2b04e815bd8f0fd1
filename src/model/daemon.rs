//! ECS Daemons: the daemon task definition (`RegisterDaemonTaskDefinition`'s input shape) and
//! the daemon definition (`CreateDaemon`'s).
//!
//! The split mirrors services: the config names the cluster and the daemon (`daemon:`), the
//! daemon definition holds the rest of `CreateDaemon` (capacity providers, deployment
//! configuration, tags…), and the daemon task definition is registered apart and referenced by
//! the revision shipper registers or reuses — never written in the daemon definition.

use aws_sdk_ecs::operation::create_daemon::CreateDaemonInput;
use aws_sdk_ecs::operation::register_daemon_task_definition::RegisterDaemonTaskDefinitionInput;
use aws_sdk_ecs::operation::update_daemon::UpdateDaemonInput;
use serde_json::{Map, Value};

use super::{Problem, de, lower_first, member_names, ser, strip_output_only};

/// Stands in for the daemon task definition's ARN while a daemon definition is checked: the
/// model requires it, and shipper fills it in once the revision is known.
const PENDING_ARN: &str = "arn:aws:ecs:::daemon-task-definition/pending:0";

/// A daemon task definition in `RegisterDaemonTaskDefinition` input shape.
#[derive(Debug, Clone, PartialEq)]
pub struct DaemonTaskDefinition {
    pub json: Value,
}

/// A daemon definition in `CreateDaemon` input shape, with `daemonName` set and without the
/// cluster and the task definition (both filled in when it is sent).
#[derive(Debug, Clone, PartialEq)]
pub struct DaemonDefinition {
    pub json: Value,
}

impl DaemonTaskDefinition {
    /// Validates a rendered daemon task definition; accepts the input shape and the output of
    /// `aws ecs describe-daemon-task-definition` (unwrapped, read-only fields dropped).
    pub fn parse(value: Value) -> Result<Self, Vec<Problem>> {
        let mut value = match value {
            Value::Object(mut map)
                if map.get("daemonTaskDefinition").is_some_and(Value::is_object) =>
            {
                map.remove("daemonTaskDefinition").unwrap_or_default()
            }
            other => other,
        };
        strip_output_only(
            &mut value,
            aws_sdk_ecs::types::DaemonTaskDefinition::SCHEMA,
            RegisterDaemonTaskDefinitionInput::SCHEMA,
        );
        let input = de::from_value(&value, RegisterDaemonTaskDefinitionInput::deserialize)?;
        Ok(Self { json: ser::to_value(&input) })
    }

    /// What `DescribeDaemonTaskDefinition` returned (and the revision's tags), in the same shape.
    pub fn from_sdk(
        td: &aws_sdk_ecs::types::DaemonTaskDefinition,
        tags: &[aws_sdk_ecs::types::Tag],
    ) -> Self {
        let mut value = ser::to_value(td);
        strip_output_only(
            &mut value,
            aws_sdk_ecs::types::DaemonTaskDefinition::SCHEMA,
            RegisterDaemonTaskDefinitionInput::SCHEMA,
        );
        if !tags.is_empty()
            && let Value::Object(map) = &mut value
        {
            map.insert("tags".into(), tags.iter().map(|t| ser::to_value(t)).collect());
        }
        Self { json: value }
    }

    pub fn family(&self) -> &str {
        self.json.get("family").and_then(Value::as_str).unwrap_or_default()
    }

    /// The SDK input, ready for [`super::send::UseInput`].
    pub fn input(&self) -> Result<RegisterDaemonTaskDefinitionInput, Vec<Problem>> {
        de::from_value(&self.json, RegisterDaemonTaskDefinitionInput::deserialize)
    }
}

impl DaemonDefinition {
    /// Validates a rendered daemon definition for the daemon `name` (the config's `daemon`).
    /// The cluster and the daemon task definition are the config's and shipper's to fill in:
    /// given here, they are refused by name.
    pub fn parse(value: Value, name: &str) -> Result<Self, Vec<Problem>> {
        let mut value = value;
        let mut problems = Vec::new();
        if let Value::Object(map) = &mut value {
            for key in map.keys() {
                let owner = match lower_first(key).as_str() {
                    "clusterArn" => "the config's `cluster`",
                    "daemonTaskDefinitionArn" => "the config's `daemon_task_definition`",
                    "clientToken" => "shipper",
                    _ => continue,
                };
                problems.push(Problem {
                    path: key.clone(),
                    message: format!("set by {owner}; leave it out of the daemon definition"),
                    found: None,
                });
            }
            map.insert("daemonName".into(), Value::from(name));
            map.insert("daemonTaskDefinitionArn".into(), Value::from(PENDING_ARN));
        }
        let input = de::from_value(&value, CreateDaemonInput::deserialize);
        let mut json = match input {
            Ok(input) if problems.is_empty() => ser::to_value(&input),
            Ok(_) => return Err(problems),
            Err(more) => return Err(problems.into_iter().chain(more).collect()),
        };
        if let Value::Object(map) = &mut json {
            map.remove("daemonTaskDefinitionArn");
        }
        Ok(Self { json })
    }

    /// The `CreateDaemon` input for this definition in `cluster_arn`, running `task_definition`.
    pub fn create_input(
        &self,
        cluster_arn: &str,
        task_definition: &str,
        client_token: &str,
    ) -> Result<CreateDaemonInput, Vec<Problem>> {
        let mut json = self.json.clone();
        json["clusterArn"] = Value::from(cluster_arn);
        json["daemonTaskDefinitionArn"] = Value::from(task_definition);
        json["clientToken"] = Value::from(client_token);
        de::from_value(&json, CreateDaemonInput::deserialize)
    }

    /// The `UpdateDaemon` body: every member the update takes (it always needs the task
    /// definition and the capacity providers, so the whole definition goes).
    pub fn update_json(&self, daemon_arn: &str, task_definition: &str) -> Value {
        let updatable = member_names(UpdateDaemonInput::SCHEMA);
        let mut out = Map::new();
        if let Value::Object(map) = &self.json {
            for (key, value) in map {
                if updatable.contains(&key.as_str()) {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        out.insert("daemonArn".into(), Value::from(daemon_arn));
        out.insert("daemonTaskDefinitionArn".into(), Value::from(task_definition));
        Value::Object(out)
    }

    /// What runs, as a daemon definition: the revision's settings, the deployment configuration
    /// of the daemon's latest deployment, the capacity providers, and the daemon's tags.
    pub fn from_sdk(
        name: &str,
        revision: &aws_sdk_ecs::types::DaemonRevision,
        deployment: Option<&aws_sdk_ecs::types::DaemonDeployment>,
        capacity_providers: &[String],
        tags: &[aws_sdk_ecs::types::Tag],
    ) -> Self {
        let settings = ser::to_value(revision);
        let mut map = Map::new();
        map.insert("daemonName".into(), Value::from(name));
        map.insert(
            "capacityProviderArns".into(),
            capacity_providers.iter().map(|p| Value::from(p.as_str())).collect(),
        );
        if let Some(config) = deployment.and_then(|d| d.deployment_configuration()) {
            map.insert("deploymentConfiguration".into(), ser::to_value(config));
        }
        for key in ["propagateTags", "enableECSManagedTags", "enableExecuteCommand", "critical"] {
            if let Some(value) = settings.get(key) {
                map.insert(key.into(), value.clone());
            }
        }
        if !tags.is_empty() {
            map.insert("tags".into(), tags.iter().map(|t| ser::to_value(t)).collect());
        }
        Self { json: Value::Object(map) }
    }

    pub fn tags(&self) -> Option<&Vec<Value>> {
        self.json.get("tags").and_then(Value::as_array)
    }
}

/// Reads an `UpdateDaemon` input from JSON in its shape.
pub fn update_input(json: &Value) -> Result<UpdateDaemonInput, Vec<Problem>> {
    de::from_value(json, UpdateDaemonInput::deserialize)
}
