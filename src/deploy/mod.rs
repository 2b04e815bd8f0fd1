//! Deciding what a deploy does: the plan.
//!
//! A plan is built from the rendered definitions and what runs, with no write: which task
//! definition the service will run (reuse the current revision when the rendered one does not
//! differ — normalised exactly as `diff` does — or register a new one), and the one
//! `UpdateService` (or `CreateService`) carrying everything that changes. `--dry-run` prints the
//! plan; [`apply`] carries it out. Keeping the decision separate from the calls is what makes
//! "never two UpdateService calls" and "no write on a dry run" easy to see.

pub mod apply;
pub mod daemon;
pub mod express;
mod revision;
pub mod strategy;
pub mod write;

pub use revision::{replace_image, with_images};

use aws_sdk_ecs::types::Service;
use serde_json::{Map, Value, json};

use crate::diff::normalize::REMOVED_WHEN_ABSENT;
use crate::diff::{DocDiff, Effect, Kind};
use crate::ecs;
use crate::error::{Error, Result};
use crate::model::{ServiceDefinition, TaskDefinition};
use crate::state::Current;
use crate::state::Rendered;

/// Where the task definition to deploy comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Render the file; register it only if it differs from what runs (or `force`).
    Render { force: bool },
    /// Keep the revision the service runs (`--skip-task-definition`).
    Keep,
    /// The newest registered revision of the family (`--latest-task-definition`).
    Latest,
    /// `family:N` (`--revision N`).
    Revision(i64),
}

/// The task definition the service will run.
#[derive(Debug, Clone)]
pub enum TaskDef {
    /// Register this one, then deploy it.
    Register(Box<TaskDefinition>),
    /// Deploy this existing revision.
    Existing(String),
}

/// What happens to the service.
#[derive(Debug, Clone)]
pub enum ServiceAction {
    /// Nothing to send.
    None,
    /// `CreateService` with this definition.
    Create(Box<ServiceDefinition>),
    /// One `UpdateService` with this body (its JSON input shape, without `taskDefinition`,
    /// which is filled in once known) and whether it carries a new task definition.
    Update { body: Value, new_task_definition: bool },
}

/// Everything a deploy will do.
#[derive(Debug, Clone)]
pub struct Plan {
    pub cluster: String,
    pub service: String,
    pub task_definition: TaskDef,
    pub action: ServiceAction,
    /// Tags to add to / remove from the service (`TagResource` / `UntagResource`).
    pub tags_add: Vec<Value>,
    pub tags_remove: Vec<String>,
    pub diffs: Vec<DocDiff>,
    /// The service's ARN when it exists.
    pub service_arn: Option<String>,
    /// The ids of the service's deployments when the plan was made: a deployment not among
    /// them, after an UpdateService whose answer was lost, is that update's.
    pub deployments_before: Vec<String>,
    /// The task definition goes out through a new CodeDeploy deployment (CODE_DEPLOY service).
    pub code_deploy: bool,
}

/// What UpdateService refuses on a CODE_DEPLOY service: CodeDeploy's deployment carries them
/// (the AppSpec), as ecspresso strips them.
const CODEDEPLOY_OWNED: &[&str] = &[
    "taskDefinition",
    "networkConfiguration",
    "platformVersion",
    "loadBalancers",
    "serviceRegistries",
    "capacityProviderStrategy",
    "forceNewDeployment",
];

/// The flags that shape a plan.
#[derive(Debug, Clone)]
pub struct Request {
    pub source: Source,
    /// `--image CONTAINER=IMAGE_OR_TAG`.
    pub images: Vec<(String, String)>,
    /// `--tasks N`.
    pub desired_count: Option<i32>,
    pub force_new_deployment: bool,
    /// Send the service definition's changes (`--update-service`, on by default).
    pub update_service: bool,
    /// `--create`: a service that does not exist is created even when the cluster has one
    /// whose name is a typo away.
    pub create: bool,
    /// The scalable target's changes (`--suspend-auto-scaling`, `--auto-scaling-min`, …).
    pub auto_scaling: crate::autoscaling::Change,
}

impl Plan {
    /// Builds the plan. Reads (the named revision) but never writes.
    pub async fn build(
        clients: &crate::aws::Clients,
        rendered: &Rendered,
        current: &Current,
        req: &Request,
    ) -> Result<Self> {
        let config = &rendered.config;
        let service_name = config.service.clone().ok_or_else(|| {
            Error::new(format!("{}: `service` is not set, so there is nothing to deploy", config.path.display()))
                .hint("add `service: <name>` to the config (use `shipper register` to only register the task definition)")
        })?;
        let running_td =
            current.service.as_ref().and_then(|s| s.task_definition()).map(ToString::to_string);
        let mut diffs = current.compare(rendered, false);

        let task_definition = revision::choose(clients, rendered, current, req, &mut diffs).await?;
        if !matches!(req.source, Source::Render { .. }) {
            diffs.retain(|d| d.kind != Kind::TaskDefinition);
        }

        let new_td = match &task_definition {
            TaskDef::Register(_) => true,
            TaskDef::Existing(arn) => running_td.as_deref() != Some(arn.as_str()),
        };
        let code_deploy = current
            .service
            .as_ref()
            .and_then(|s| s.deployment_controller())
            .is_some_and(|c| c.r#type().as_str() == "CODE_DEPLOY");
        // A CODE_DEPLOY service gets its task definition (and the settings in the AppSpec)
        // through a CodeDeploy deployment, which UpdateService cannot start.
        let via_codedeploy = code_deploy && (new_td || req.force_new_deployment);
        let new_td = new_td && !code_deploy;
        let service_diff = diffs.iter().find(|d| d.kind == Kind::Service).cloned();
        let (action, tags_add, tags_remove) = match (&current.service, &rendered.service_definition)
        {
            (None, Some(def)) => {
                let mut def = def.clone();
                if let Some(n) = req.desired_count {
                    def.json["desiredCount"] = json!(n);
                }
                (ServiceAction::Create(Box::new(def)), Vec::new(), Vec::new())
            }
            (None, None) => {
                return Err(Error::new(format!(
                    "service {service_name} does not exist in cluster {}",
                    config.cluster
                ))
                .hint("add `service_definition` to the config so shipper can create it"));
            }
            (Some(service), def) => {
                let diff = service_diff.filter(|_| req.update_service && def.is_some());
                if let Some(d) = &diff
                    && d.effect == Effect::Replacement
                {
                    return Err(Error::new(format!("service {service_name}: {}", d.summary()))
                        .hint("change these fields back, or delete and re-create the service deliberately"));
                }
                let mut body = update_body(
                    &service_name,
                    &config.cluster,
                    def.as_ref().filter(|_| diff.is_some()),
                    diff.as_ref(),
                    req,
                );
                if code_deploy && let Some(members) = body.as_object_mut() {
                    for member in CODEDEPLOY_OWNED {
                        members.remove(*member);
                    }
                }
                let wanted = def.as_ref().filter(|_| diff.is_some()).and_then(|d| d.get("tags"));
                let (add, remove) = tag_changes(
                    service.tags(),
                    wanted.and_then(Value::as_array).map(Vec::as_slice),
                    &config.ignore_tags,
                );
                let sends = new_td || body.as_object().is_some_and(|m| m.len() > 2);
                let action = if sends {
                    ServiceAction::Update { body, new_task_definition: new_td }
                } else {
                    ServiceAction::None
                };
                (action, add, remove)
            }
        };
        Ok(Self {
            cluster: config.cluster.clone(),
            service: service_name,
            task_definition,
            action,
            tags_add,
            tags_remove,
            diffs,
            service_arn: current
                .service
                .as_ref()
                .and_then(|s| s.service_arn())
                .map(ToString::to_string),
            deployments_before: current.service.as_ref().map(deployment_ids).unwrap_or_default(),
            code_deploy: via_codedeploy,
        })
    }

    /// The plan as JSON (`--dry-run --output json`).
    pub fn to_json(&self) -> Value {
        let td = match &self.task_definition {
            TaskDef::Register(td) => {
                json!({"action": "register", "family": td.family(), "definition": td.json})
            }
            TaskDef::Existing(arn) => json!({"action": "use", "arn": arn}),
        };
        let service = match &self.action {
            ServiceAction::None => json!({"action": "none"}),
            ServiceAction::Create(def) => json!({"action": "create", "definition": def.json}),
            ServiceAction::Update { body, .. } => {
                json!({"action": "update", "update_service": body})
            }
        };
        json!({
            "cluster": self.cluster,
            "service": self.service,
            "task_definition": td,
            "service_action": service,
            "tags_add": self.tags_add,
            "tags_remove": self.tags_remove,
            "codedeploy_deployment": self.code_deploy,
            "diff": crate::diff::format::json(&self.diffs),
        })
    }

    /// The plan in words, one line per step.
    pub fn describe(&self) -> Vec<String> {
        let mut lines = Vec::new();
        match &self.task_definition {
            TaskDef::Register(td) => lines
                .push(format!("register a new revision of task definition family {}", td.family())),
            TaskDef::Existing(arn) => {
                lines.push(format!("use task definition {}", ecs::short_name(arn)))
            }
        }
        match &self.action {
            ServiceAction::None => {
                lines.push(format!("service {}: nothing to change", self.service))
            }
            ServiceAction::Create(_) => {
                lines.push(format!("create service {} in cluster {}", self.service, self.cluster))
            }
            ServiceAction::Update { body, .. } => {
                let members: Vec<&str> = body
                    .as_object()
                    .map(|m| {
                        m.keys()
                            .map(String::as_str)
                            .filter(|k| *k != "cluster" && *k != "service")
                            .collect()
                    })
                    .unwrap_or_default();
                let mut members = members;
                if matches!(&self.action, ServiceAction::Update { new_task_definition: true, .. }) {
                    members.insert(0, "taskDefinition");
                }
                lines.push(format!(
                    "update service {} (one UpdateService: {})",
                    self.service,
                    members.join(", ")
                ));
            }
        }
        if self.code_deploy {
            lines.push(format!(
                "create a CodeDeploy deployment of {} for service {} (AppSpec: `shipper appspec`)",
                match &self.task_definition {
                    TaskDef::Register(td) => format!("the new revision of {}", td.family()),
                    TaskDef::Existing(arn) => ecs::short_name(arn).to_string(),
                },
                self.service
            ));
        }
        if !self.tags_add.is_empty() || !self.tags_remove.is_empty() {
            lines.push(format!(
                "tags: {} to set, {} to remove",
                self.tags_add.len(),
                self.tags_remove.len()
            ));
        }
        lines
    }
}

/// The `UpdateService` body: identity, changed members, removals, `--tasks`, force.
fn update_body(
    service: &str,
    cluster: &str,
    def: Option<&ServiceDefinition>,
    diff: Option<&DocDiff>,
    req: &Request,
) -> Value {
    let mut body = Map::new();
    body.insert("cluster".into(), json!(cluster));
    body.insert("service".into(), json!(service));
    if let (Some(def), Some(diff)) = (def, diff) {
        let updatable = def.update_json();
        for member in diff.changed_members() {
            if let Some(value) = updatable.get(&member) {
                body.insert(member, value.clone());
            } else if REMOVED_WHEN_ABSENT.contains(&member.as_str()) && def.get(&member).is_none() {
                let cleared = if member == "serviceConnectConfiguration" {
                    json!({"enabled": false})
                } else {
                    json!([])
                };
                body.insert(member, cleared);
            }
        }
    }
    if let Some(n) = req.desired_count {
        body.insert("desiredCount".into(), json!(n));
    }
    if req.force_new_deployment {
        body.insert("forceNewDeployment".into(), json!(true));
    }
    Value::Object(body)
}

/// Tag changes for a resource whose update cannot change tags (a service, an Express service,
/// a daemon): what to set (`TagResource`) and what to remove (`UntagResource`) to go from `have`
/// to `wanted` (`None`: the definition does not manage tags). Keys in `ignore` are left alone.
pub fn tag_changes(
    have: &[aws_sdk_ecs::types::Tag],
    wanted: Option<&[Value]>,
    ignore: &[String],
) -> (Vec<Value>, Vec<String>) {
    let Some(wanted) = wanted else {
        return (Vec::new(), Vec::new());
    };
    let have: Vec<(String, String)> = have
        .iter()
        .map(|t| {
            (t.key().unwrap_or_default().to_string(), t.value().unwrap_or_default().to_string())
        })
        .filter(|(k, _)| !ignore.contains(k))
        .collect();
    let add: Vec<Value> = wanted
        .iter()
        .filter(|t| {
            let key = t.get("key").and_then(Value::as_str).unwrap_or_default();
            let value = t.get("value").and_then(Value::as_str).unwrap_or_default();
            !ignore.iter().any(|i| i == key) && !have.iter().any(|(k, v)| k == key && v == value)
        })
        .cloned()
        .collect();
    let remove = have
        .iter()
        .filter(|(k, _)| !wanted.iter().any(|t| t.get("key").and_then(Value::as_str) == Some(k)))
        .map(|(k, _)| k.clone())
        .collect();
    (add, remove)
}

/// The plan's line for [`tag_changes`]' result, when there is anything to change.
pub fn tags_line(add: &[Value], remove: &[String]) -> Option<String> {
    (!add.is_empty() || !remove.is_empty())
        .then(|| format!("tags: {} to set, {} to remove", add.len(), remove.len()))
}

/// The ids of a service's deployments.
pub fn deployment_ids(service: &Service) -> Vec<String> {
    service.deployments().iter().filter_map(|d| d.id().map(ToString::to_string)).collect()
}
