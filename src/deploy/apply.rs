//! Carrying out a plan: at most one `RegisterTaskDefinition`, then one `CreateService` or one
//! `UpdateService`, then tag changes. Every input goes through the SDK as the complete,
//! validated document (see `model::send`).

use std::time::SystemTime;

use aws_sdk_ecs::types::Service;
use aws_smithy_types::DateTime;
use serde_json::{Value, json};

use super::{Plan, ServiceAction, TaskDef};
use crate::aws::Clients;
use crate::error::{Error, Result};
use crate::model::send::UseInput;
use crate::model::{self, TaskDefinition};

/// What was done.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The task definition the service now runs (or will, once the deployment ends).
    pub task_definition: String,
    pub registered: bool,
    /// When the deployment began, by the service's own clock where it reported one.
    pub since: DateTime,
    /// Whether the service was created or updated (so there is something to wait for).
    pub changed_service: bool,
}

pub async fn apply(clients: &Clients, plan: &Plan) -> Result<Applied> {
    let (task_definition, registered) = match &plan.task_definition {
        TaskDef::Register(td) => (register(clients, td).await?, true),
        TaskDef::Existing(arn) => (arn.clone(), false),
    };
    let before = DateTime::from(SystemTime::now());
    let who = format!("{}/{}", plan.cluster, plan.service);
    let service = match &plan.action {
        ServiceAction::None => None,
        ServiceAction::Create(def) => {
            let mut input_json = def.json.clone();
            if input_json.get("desiredCount").is_none() {
                input_json["desiredCount"] = json!(0);
            }
            let input = model::ServiceDefinition { json: input_json }
                .create_input(&task_definition)
                .map_err(|p| Error::new(format!("service definition: {}", p[0])))?;
            let out = clients
                .ecs
                .create_service()
                .customize()
                .interceptor(UseInput::new(input))
                .send()
                .await
                .map_err(|e| Error::aws("ecs:CreateService", &who, e))?;
            out.service
        }
        ServiceAction::Update { body, new_task_definition } => {
            let mut body = body.clone();
            if *new_task_definition {
                body["taskDefinition"] = Value::from(task_definition.as_str());
            }
            let input = model::update_input(&body)
                .map_err(|p| Error::new(format!("UpdateService input: {}", p[0])))?;
            let out = clients
                .ecs
                .update_service()
                .customize()
                .interceptor(UseInput::new(input))
                .send()
                .await
                .map_err(|e| Error::aws("ecs:UpdateService", &who, e))?;
            out.service
        }
    };
    let arn = service
        .as_ref()
        .and_then(Service::service_arn)
        .map(ToString::to_string)
        .or_else(|| plan.service_arn.clone());
    if let Some(arn) = &arn {
        tag(clients, arn, plan).await?;
    }
    Ok(Applied {
        task_definition,
        registered,
        // The service's clock dates the new deployment; an older time means the update started
        // none (a scale), and then events from now on are the ones that matter.
        since: service
            .as_ref()
            .and_then(crate::ecs::newest_deployment_time)
            .filter(|t| t.secs() >= before.secs() - 60)
            .unwrap_or(before),
        changed_service: service.is_some(),
    })
}

/// Registers a task definition; returns its ARN.
pub async fn register(clients: &Clients, td: &TaskDefinition) -> Result<String> {
    let input = td.input().map_err(|p| Error::new(format!("task definition: {}", p[0])))?;
    let out = clients
        .ecs
        .register_task_definition()
        .customize()
        .interceptor(UseInput::new(input))
        .send()
        .await
        .map_err(|e| Error::aws("ecs:RegisterTaskDefinition", td.family(), e))?;
    out.task_definition
        .and_then(|t| t.task_definition_arn)
        .ok_or_else(|| Error::new("ecs:RegisterTaskDefinition returned no task definition ARN"))
}

async fn tag(clients: &Clients, arn: &str, plan: &Plan) -> Result<()> {
    if !plan.tags_add.is_empty() {
        let tags = plan
            .tags_add
            .iter()
            .map(|t| {
                aws_sdk_ecs::types::Tag::builder()
                    .set_key(t.get("key").and_then(Value::as_str).map(ToString::to_string))
                    .set_value(t.get("value").and_then(Value::as_str).map(ToString::to_string))
                    .build()
            })
            .collect();
        clients
            .ecs
            .tag_resource()
            .resource_arn(arn)
            .set_tags(Some(tags))
            .send()
            .await
            .map_err(|e| Error::aws("ecs:TagResource", arn, e))?;
    }
    if !plan.tags_remove.is_empty() {
        clients
            .ecs
            .untag_resource()
            .resource_arn(arn)
            .set_tag_keys(Some(plan.tags_remove.clone()))
            .send()
            .await
            .map_err(|e| Error::aws("ecs:UntagResource", arn, e))?;
    }
    Ok(())
}
