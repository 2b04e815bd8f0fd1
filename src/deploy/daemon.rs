//! The plan of a daemon's deploy, and carrying it out: at most one
//! `RegisterDaemonTaskDefinition` (only when the rendered one differs from what runs), then one
//! `CreateDaemon` or one `UpdateDaemon`, then tag changes — decided from the comparison `diff`
//! prints, as for services.

use std::time::SystemTime;

use aws_smithy_types::DateTime;
use serde_json::{Value, json};

use super::write;
use crate::aws::Clients;
use crate::diff::{DocDiff, Effect, Kind};
use crate::ecs;
use crate::error::{Error, Result};
use crate::model::send::UseInput;
use crate::model::{DaemonDefinition, DaemonTaskDefinition};
use crate::state::Rendered;
use crate::state::daemon::CurrentDaemon;

/// The daemon task definition the daemon will run.
#[derive(Debug, Clone)]
pub enum TaskDef {
    Register(Box<DaemonTaskDefinition>),
    Existing(String),
}

/// What happens to the daemon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    None,
    Create,
    Update,
}

/// Everything a daemon deploy will do.
#[derive(Debug, Clone)]
pub struct Plan {
    pub name: String,
    pub cluster_arn: String,
    pub daemon_arn: Option<String>,
    pub definition: DaemonDefinition,
    pub task_definition: TaskDef,
    pub action: Action,
    pub tags_add: Vec<Value>,
    pub tags_remove: Vec<String>,
    pub diffs: Vec<DocDiff>,
    /// The daemon's latest deployment when the plan was made (a lost update's is newer).
    pub deployment_before: Option<String>,
}

impl Plan {
    /// Builds the plan from the rendered definitions and what runs; `force` registers the
    /// daemon task definition even when it equals the running one. Reads nothing, writes nothing.
    pub fn build(rendered: &Rendered, current: &CurrentDaemon, force: bool) -> Result<Self> {
        let config = &rendered.config;
        let missing = |key: &str| {
            Error::new(format!("{}: `{key}` is not set", config.path.display()))
                .hint("a daemon's config names `daemon`, `daemon_definition` and `daemon_task_definition`")
        };
        let local_td = rendered
            .daemon_task_definition
            .clone()
            .ok_or_else(|| missing("daemon_task_definition"))?;
        let definition =
            rendered.daemon_definition.clone().ok_or_else(|| missing("daemon_definition"))?;
        let diffs = current.compare(rendered);
        let effect = |kind: Kind| diffs.iter().find(|d| d.kind == kind).map(|d| d.effect);
        let same_td = effect(Kind::DaemonTaskDefinition) == Some(Effect::None);
        let task_definition = match (&current.task_definition, same_td && !force) {
            (Some((_, arn)), true) => {
                tracing::debug!(
                    "decision: no new daemon task definition revision: the rendered one equals {}",
                    ecs::short_name(arn)
                );
                TaskDef::Existing(arn.clone())
            }
            _ => TaskDef::Register(Box::new(local_td)),
        };
        let running_td = current.revision.as_ref().and_then(|r| r.daemon_task_definition_arn());
        let new_td = match &task_definition {
            TaskDef::Register(_) => true,
            TaskDef::Existing(arn) => running_td != Some(arn.as_str()),
        };
        let action =
            match (current.arn(), new_td || effect(Kind::Daemon) == Some(Effect::NewDeployment)) {
                (None, _) => Action::Create,
                (Some(_), true) => Action::Update,
                (Some(_), false) => Action::None,
            };
        let (tags_add, tags_remove) = match current.arn() {
            Some(_) => super::tag_changes(
                &current.tags,
                definition.tags().map(Vec::as_slice),
                &config.ignore_tags,
            ),
            None => (Vec::new(), Vec::new()),
        };
        Ok(Self {
            name: current.name.clone(),
            cluster_arn: current.cluster_arn.clone(),
            daemon_arn: current.arn().map(String::from),
            definition,
            task_definition,
            action,
            tags_add,
            tags_remove,
            diffs,
            deployment_before: current
                .deployment
                .as_ref()
                .and_then(|d| d.daemon_deployment_arn())
                .map(String::from),
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
        let action = match self.action {
            Action::None => "none",
            Action::Create => "create",
            Action::Update => "update",
        };
        json!({
            "daemon": self.name,
            "cluster": self.cluster_arn,
            "daemon_task_definition": td,
            "daemon_action": {"action": action, "definition": self.definition.json},
            "tags_add": self.tags_add,
            "tags_remove": self.tags_remove,
            "diff": crate::diff::format::json(&self.diffs),
        })
    }

    /// The plan in words, one line per step.
    pub fn describe(&self) -> Vec<String> {
        let mut lines = vec![match &self.task_definition {
            TaskDef::Register(td) => {
                format!("register a new revision of daemon task definition family {}", td.family())
            }
            TaskDef::Existing(arn) => {
                format!("use daemon task definition {}", ecs::short_name(arn))
            }
        }];
        lines.push(match self.action {
            Action::None => format!("daemon {}: nothing to change", self.name),
            Action::Create => format!("create daemon {} (one CreateDaemon)", self.name),
            Action::Update => format!("update daemon {} (one UpdateDaemon)", self.name),
        });
        lines.extend(super::tags_line(&self.tags_add, &self.tags_remove));
        lines
    }
}

/// What a daemon deploy did.
#[derive(Debug, Clone)]
pub struct Applied {
    pub daemon_arn: String,
    pub task_definition: String,
    pub registered: bool,
    /// The daemon deployment the create or update started.
    pub deployment: Option<String>,
    pub since: DateTime,
}

/// Carries out the plan.
pub async fn apply(clients: &Clients, plan: &Plan) -> Result<Applied> {
    let (task_definition, registered) = match &plan.task_definition {
        TaskDef::Register(td) => (register(clients, td).await?, true),
        TaskDef::Existing(arn) => (arn.clone(), false),
    };
    let since = DateTime::from(SystemTime::now());
    let (daemon_arn, deployment) = match (plan.action, &plan.daemon_arn) {
        (Action::Create, _) => create(clients, plan, &task_definition).await?,
        (Action::Update, Some(arn)) => {
            let body = plan.definition.update_json(arn, &task_definition);
            let deployment = update(clients, arn, &body, plan.deployment_before.as_deref()).await?;
            (arn.clone(), deployment)
        }
        (_, arn) => (arn.clone().unwrap_or_default(), None),
    };
    if plan.action != Action::Create {
        super::apply::tag(clients, &daemon_arn, &plan.tags_add, &plan.tags_remove).await?;
    }
    Ok(Applied { daemon_arn, task_definition, registered, deployment, since })
}

/// Registers a daemon task definition; a lost answer is found as the family's newest revision,
/// registered moments ago and equal to this one, rather than registered twice.
pub async fn register(clients: &Clients, td: &DaemonTaskDefinition) -> Result<String> {
    let input = td.input().map_err(|p| Error::new(format!("daemon task definition: {}", p[0])))?;
    let started = DateTime::from(SystemTime::now()).secs() - 5;
    let send = || {
        write::call(clients.ecs.register_daemon_task_definition().customize(), input.clone()).send()
    };
    let landed = || async {
        let newest = ecs::daemon::latest_task_definition(clients, td.family()).await.ok()??;
        let (remote, tags) = ecs::daemon::task_definition(clients, &newest).await.ok()?;
        (remote.registered_at()?.secs() >= started).then_some(())?;
        let remote = DaemonTaskDefinition::from_sdk(&remote, &tags);
        let diff = crate::diff::daemon::task_definition(
            td,
            "",
            Some((&remote, &newest)),
            &Default::default(),
        );
        (diff.effect == Effect::None).then_some(newest)
    };
    match write::idempotent(clients, "ecs:RegisterDaemonTaskDefinition", td.family(), send, landed)
        .await?
    {
        Ok(out) => out.daemon_task_definition_arn.ok_or_else(|| {
            Error::new("ecs:RegisterDaemonTaskDefinition returned no daemon task definition ARN")
        }),
        Err(arn) => Ok(arn),
    }
}

/// CreateDaemon, with a client token: ECS answers a retry with the daemon it made.
async fn create(
    clients: &Clients,
    plan: &Plan,
    task_definition: &str,
) -> Result<(String, Option<String>)> {
    let token = format!("shipper-{:x}", DateTime::from(SystemTime::now()).as_nanos());
    let input = plan
        .definition
        .create_input(&plan.cluster_arn, task_definition, &token[..token.len().min(36)])
        .map_err(|p| Error::new(format!("daemon definition: {}", p[0])))?;
    let out = clients
        .ecs
        .create_daemon()
        .customize()
        .interceptor(UseInput::new(input))
        .send()
        .await
        .map_err(|e| Error::aws("ecs:CreateDaemon", &plan.name, e))?;
    let arn =
        out.daemon_arn.ok_or_else(|| Error::new("ecs:CreateDaemon returned no daemon ARN"))?;
    Ok((arn, out.deployment_arn))
}

/// One UpdateDaemon with `body` (its input shape). An attempt whose answer was lost is found as
/// a daemon deployment newer than `before`, not sent again (that would start a second one).
pub async fn update(
    clients: &Clients,
    arn: &str,
    body: &Value,
    before: Option<&str>,
) -> Result<Option<String>> {
    let input = crate::model::daemon::update_input(body)
        .map_err(|p| Error::new(format!("UpdateDaemon input: {}", p[0])))?;
    let send = || write::call(clients.ecs.update_daemon().customize(), input.clone()).send();
    let landed = || async {
        let detail = ecs::daemon::describe(clients, arn).await.ok()?;
        let now = detail.deployment_arn().map(String::from);
        (now.is_some() && now.as_deref() != before).then_some(now)
    };
    match write::idempotent(clients, "ecs:UpdateDaemon", arn, send, landed).await? {
        Ok(out) => Ok(out.deployment_arn),
        Err(deployment) => Ok(deployment),
    }
}
