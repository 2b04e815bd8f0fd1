//! Comparing what the files say with what runs, and saying what a deploy would do about it.
//!
//! `diff` prints the result; `deploy` uses the same comparison to decide whether to register a
//! task definition and which service members to send — so what `diff` shows is what `deploy`
//! does. Both sides are normalised the same way first ([`normalize`]).

pub mod changes;
pub mod daemon;
pub mod defaults;
pub mod express;
pub mod format;
pub mod normalize;
pub mod workload_defaults;

use serde_json::Value;

use crate::model::{ServiceDefinition, TaskDefinition};
pub use changes::Change;
pub use normalize::Options;

/// Which document was compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    TaskDefinition,
    Service,
    /// An Express service's definition.
    Express,
    DaemonTaskDefinition,
    Daemon,
}

impl Kind {
    /// What the document is, in a sentence (`service`, `daemon task definition`).
    pub fn noun(self) -> &'static str {
        match self {
            Self::TaskDefinition => "task definition",
            Self::Service => "service",
            Self::Express => "Express service",
            Self::DaemonTaskDefinition => "daemon task definition",
            Self::Daemon => "daemon",
        }
    }

    /// Its name in `--format json` (`task_definition`, `express_service`).
    pub fn key(self) -> &'static str {
        match self {
            Self::TaskDefinition => "task_definition",
            Self::Service => "service",
            Self::Express => "express_service",
            Self::DaemonTaskDefinition => "daemon_task_definition",
            Self::Daemon => "daemon",
        }
    }
}

/// What applying a difference takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Effect {
    None,
    /// Service members `UpdateService` changes without starting tasks.
    InPlace,
    /// A new task definition revision (and so a new deployment of the service).
    NewRevision,
    /// Members whose change makes ECS replace every task.
    NewDeployment,
    /// Nothing exists yet: it will be created.
    Create,
    /// Members `UpdateService` cannot change: the service must be deleted and re-created.
    Replacement,
}

/// Service members whose change starts a new deployment.
const NEW_DEPLOYMENT: &[&str] = &[
    "capacityProviderStrategy",
    "networkConfiguration",
    "loadBalancers",
    "platformVersion",
    "serviceRegistries",
    "serviceConnectConfiguration",
    "volumeConfigurations",
    "vpcLatticeConfigurations",
    "placementConstraints",
    "placementStrategy",
    "enableExecuteCommand",
];

/// The comparison of one document.
#[derive(Debug, Clone)]
pub struct DocDiff {
    pub kind: Kind,
    /// What runs: an ARN, or `None` when nothing does yet.
    pub remote: Option<String>,
    /// Where the local document came from (its file).
    pub local: String,
    pub before: Option<Value>,
    pub after: Value,
    pub changes: Vec<Change>,
    pub effect: Effect,
    /// Members that force a replacement.
    pub replacement: Vec<String>,
}

impl DocDiff {
    /// `after` (the rendered document, normalised) against `before` (what runs, normalised;
    /// `None`: nothing yet), secrets that changed masked on both sides. Its effect is a
    /// document's with revisions (created, unchanged, a new revision); documents whose changes
    /// mean more (a service's deployment, a replacement) set their own.
    pub(crate) fn compared(
        kind: Kind,
        remote: Option<String>,
        local: &str,
        mut before: Option<Value>,
        after: Value,
    ) -> Self {
        if let Some(before) = before.as_mut() {
            normalize::mask_changed_secrets(&after, before);
        }
        let changes = changes::between(before.as_ref().unwrap_or(&Value::Null), &after);
        let effect = match (&before, changes.is_empty()) {
            (None, _) => Effect::Create,
            (Some(_), true) => Effect::None,
            (Some(_), false) => Effect::NewRevision,
        };
        let local = local.to_string();
        Self { kind, remote, local, before, after, changes, effect, replacement: Vec::new() }
    }

    pub fn has_changes(&self) -> bool {
        self.effect != Effect::None
    }

    /// The top-level members that changed (service: what `UpdateService` must carry).
    pub fn changed_members(&self) -> Vec<String> {
        let mut roots: Vec<String> =
            self.changes.iter().filter_map(|c| c.path.root().map(ToString::to_string)).collect();
        roots.dedup();
        roots
    }

    /// One line saying what applying this takes.
    pub fn summary(&self) -> String {
        let what = self.kind.noun();
        let (revision, starts) = match self.kind {
            Kind::DaemonTaskDefinition => ("daemon task definition", "the daemon"),
            _ => ("task definition", "the service"),
        };
        let call = match self.kind {
            Kind::Express => "UpdateExpressGatewayService",
            Kind::Daemon => "UpdateDaemon",
            _ => "UpdateService",
        };
        match self.effect {
            Effect::None => format!("{what}: no changes"),
            Effect::Create => format!("{what}: will be created"),
            Effect::NewRevision => {
                format!("{what}: new {revision} revision ({starts} will start a new deployment)")
            }
            Effect::InPlace => {
                format!("{what}: service update (in place): {}", self.changed_members().join(", "))
            }
            Effect::NewDeployment => {
                format!("{what}: new deployment: {}", self.changed_members().join(", "))
            }
            Effect::Replacement => format!(
                "{what}: REQUIRES REPLACEMENT: {call} cannot change {}; the {what} would have to be deleted and re-created",
                self.replacement.join(", ")
            ),
        }
    }
}

/// Compares a rendered task definition with the revision that runs (`remote`, with its ARN).
pub fn task_definition(
    local: &TaskDefinition,
    local_name: &str,
    remote: Option<(&TaskDefinition, &str)>,
    options: &Options,
) -> DocDiff {
    let after = normalize::task_definition(&local.json, options);
    let before = remote.map(|(td, _)| {
        normalize::register_secret_environment(&local.json, &td.json);
        normalize::task_definition(&td.json, options)
    });
    let arn = remote.map(|(_, arn)| arn.to_string());
    DocDiff::compared(Kind::TaskDefinition, arn, local_name, before, after)
}

/// Compares a rendered service definition with the running service.
pub fn service(
    local: &ServiceDefinition,
    local_name: &str,
    remote: Option<(&ServiceDefinition, &str)>,
    options: &Options,
) -> DocDiff {
    let Some((remote, arn)) = remote else {
        let after = normalize::service(&local.json, options);
        return DocDiff::compared(Kind::Service, None, local_name, None, after);
    };
    let code_deploy = remote.json.pointer("/deploymentController/type").and_then(Value::as_str)
        == Some("CODE_DEPLOY");
    let (after, before) = normalize::service_pair(&local.json, &remote.json, options, code_deploy);
    let arn = Some(arn.to_string());
    let mut diff = DocDiff::compared(Kind::Service, arn, local_name, Some(before), after);
    let changed = diff.changed_members();
    let mut replacement_fields = ServiceDefinition::replacement_fields();
    replacement_fields.push("deploymentController");
    diff.replacement =
        changed.iter().filter(|m| replacement_fields.contains(&m.as_str())).cloned().collect();
    diff.effect = if !diff.replacement.is_empty() {
        Effect::Replacement
    } else if changed.iter().any(|m| NEW_DEPLOYMENT.contains(&m.as_str())) {
        Effect::NewDeployment
    } else if changed.is_empty() {
        Effect::None
    } else {
        Effect::InPlace
    };
    diff
}

#[cfg(test)]
mod tests;
