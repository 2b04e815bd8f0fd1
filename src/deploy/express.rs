//! The plan of an Express service's deploy, and carrying it out: one
//! `CreateExpressGatewayService` or one `UpdateExpressGatewayService` (never both, never two),
//! then tag changes. As for services, the decision comes from the same comparison `diff` prints.

use std::time::SystemTime;

use aws_smithy_types::DateTime;
use serde_json::{Value, json};

use super::write;
use crate::aws::Clients;
use crate::diff::{DocDiff, Effect};
use crate::error::{Error, Result};
use crate::model::ExpressDefinition;
use crate::state::Rendered;
use crate::state::express::{CurrentExpress, name};

/// What happens to the Express service.
#[derive(Debug, Clone)]
pub enum Action {
    None,
    /// `CreateExpressGatewayService` with the definition.
    Create,
    /// One `UpdateExpressGatewayService` with this body (its input shape).
    Update(Value),
}

/// Everything an Express deploy will do.
#[derive(Debug, Clone)]
pub struct Plan {
    pub cluster: String,
    pub service: String,
    pub definition: ExpressDefinition,
    pub action: Action,
    pub tags_add: Vec<Value>,
    pub tags_remove: Vec<String>,
    pub diffs: Vec<DocDiff>,
    pub service_arn: Option<String>,
    /// The service deployment that was current when the plan was made: an update whose answer
    /// was lost started a newer one.
    pub deployment_before: Option<String>,
}

impl Plan {
    /// Builds the plan from the rendered definition and what runs. Reads nothing, writes nothing.
    pub fn build(rendered: &Rendered, current: &CurrentExpress) -> Result<Self> {
        let config = &rendered.config;
        let service = name(config)?;
        let definition = rendered.express_definition.clone().ok_or_else(|| {
            Error::new(format!("{}: `express_definition` is not set", config.path.display()))
        })?;
        let diffs = current.compare(rendered);
        let diff = diffs.first();
        if let Some(d) = diff.filter(|d| d.effect == Effect::Replacement) {
            return Err(Error::new(format!("Express service {service}: {}", d.summary())).hint(
                "change these fields back, or delete and re-create the service deliberately",
            ));
        }
        let service_arn = current.service.as_ref().and_then(|s| s.service_arn()).map(String::from);
        let action = match (&service_arn, diff.map(|d| d.effect)) {
            (None, _) => Action::Create,
            (Some(arn), Some(Effect::NewDeployment)) => Action::Update(definition.update_json(arn)),
            _ => Action::None,
        };
        let (tags_add, tags_remove) = match (&current.service, &action) {
            (Some(running), _) => super::tag_changes(
                running.tags(),
                definition.tags().map(Vec::as_slice),
                &config.ignore_tags,
            ),
            (None, _) => (Vec::new(), Vec::new()),
        };
        Ok(Self {
            cluster: config.cluster.clone(),
            service,
            definition,
            action,
            tags_add,
            tags_remove,
            diffs,
            service_arn,
            deployment_before: current
                .service
                .as_ref()
                .and_then(|s| s.current_service_deployment())
                .map(String::from),
        })
    }

    /// Whether the plan writes anything.
    pub fn changes(&self) -> bool {
        !matches!(self.action, Action::None)
            || !self.tags_add.is_empty()
            || !self.tags_remove.is_empty()
    }

    /// The plan as JSON (`--dry-run --output json`).
    pub fn to_json(&self) -> Value {
        let action = match &self.action {
            Action::None => json!({"action": "none"}),
            Action::Create => json!({"action": "create", "definition": self.definition.json}),
            Action::Update(body) => {
                json!({"action": "update", "update_express_gateway_service": body})
            }
        };
        json!({
            "cluster": self.cluster,
            "service": self.service,
            "express_service_action": action,
            "tags_add": self.tags_add,
            "tags_remove": self.tags_remove,
            "diff": crate::diff::format::json(&self.diffs),
        })
    }

    /// The plan in words, one line per step.
    pub fn describe(&self) -> Vec<String> {
        let mut lines = vec![match &self.action {
            Action::None => format!("Express service {}: nothing to change", self.service),
            Action::Create => format!(
                "create Express service {} in cluster {} (one CreateExpressGatewayService)",
                self.service, self.cluster
            ),
            Action::Update(body) => {
                let members: Vec<&str> = body
                    .as_object()
                    .map(|m| m.keys().map(String::as_str).filter(|k| *k != "serviceArn").collect())
                    .unwrap_or_default();
                format!(
                    "update Express service {} (one UpdateExpressGatewayService: {})",
                    self.service,
                    members.join(", ")
                )
            }
        }];
        lines.extend(super::tags_line(&self.tags_add, &self.tags_remove));
        lines
    }
}

/// What an Express deploy did.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The service's ARN.
    pub arn: String,
    /// The task definition ECS registered for the new configuration, where its answer says.
    pub task_definition: Option<String>,
    /// The service deployment the write started, where its answer says.
    pub deployment: Option<String>,
    /// When the write was sent: deployments from before it are someone else's.
    pub since: DateTime,
    /// Whether a deployment was started (a create or an update; tags alone start none).
    pub deploying: bool,
}

/// Carries out the plan: at most one create or update, then the tag changes.
pub async fn apply(clients: &Clients, plan: &Plan) -> Result<Applied> {
    let since = DateTime::from(SystemTime::now());
    let who = format!("{}/{}", plan.cluster, plan.service);
    let (arn, task_definition, deployment) = match &plan.action {
        Action::None => (plan.service_arn.clone().unwrap_or_default(), None, None),
        Action::Create => create(clients, plan, &who).await?,
        Action::Update(body) => update(clients, plan, body, &who).await?,
    };
    super::apply::tag(clients, &arn, &plan.tags_add, &plan.tags_remove).await?;
    Ok(Applied {
        arn,
        task_definition,
        deployment,
        since,
        deploying: !matches!(plan.action, Action::None),
    })
}

type Written = (String, Option<String>, Option<String>);

async fn create(clients: &Clients, plan: &Plan, who: &str) -> Result<Written> {
    let input = plan
        .definition
        .create_input()
        .map_err(|p| Error::new(format!("Express definition: {}", p[0])))?;
    let send = || {
        write::call(clients.ecs.create_express_gateway_service().customize(), input.clone()).send()
    };
    // CreateExpressGatewayService takes no client token: a create whose answer was lost is
    // found as the Express service it made, not sent again.
    let landed = || async {
        let service =
            crate::ecs::describe_service(clients, &plan.cluster, &plan.service).await.ok()??;
        crate::ecs::express::is_express(&service)
            .then(|| service.service_arn().map(String::from))
            .flatten()
    };
    match write::idempotent(clients, "ecs:CreateExpressGatewayService", who, send, landed).await? {
        Ok(out) => {
            let service = out.service.ok_or_else(|| {
                Error::new(format!("ecs:CreateExpressGatewayService ({who}) returned no service"))
            })?;
            let td = crate::model::express::newest(&service)
                .and_then(|c| c.task_definition_arn())
                .map(String::from);
            let arn = service.service_arn().unwrap_or_default().to_string();
            Ok((arn, td, service.current_deployment().map(String::from)))
        }
        Err(arn) => Ok((arn, None, None)),
    }
}

async fn update(clients: &Clients, plan: &Plan, body: &Value, who: &str) -> Result<Written> {
    let input = crate::model::express::update_input(body)
        .map_err(|p| Error::new(format!("UpdateExpressGatewayService input: {}", p[0])))?;
    let arn = plan.service_arn.clone().unwrap_or_default();
    let send = || {
        write::call(clients.ecs.update_express_gateway_service().customize(), input.clone()).send()
    };
    // A newer current deployment than the plan saw is this very update, landed.
    let landed = || async {
        let service =
            crate::ecs::describe_service(clients, &plan.cluster, &plan.service).await.ok()??;
        let now = service.current_service_deployment().map(String::from);
        (now.is_some() && now != plan.deployment_before).then_some(now)
    };
    match write::idempotent(clients, "ecs:UpdateExpressGatewayService", who, send, landed).await? {
        Ok(out) => {
            let td = out
                .service
                .as_ref()
                .and_then(|s| s.target_configuration())
                .and_then(|c| c.task_definition_arn())
                .map(String::from);
            Ok((arn, td, None))
        }
        Err(deployment) => Ok((arn, None, deployment)),
    }
}
