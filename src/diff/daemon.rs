//! Comparing a daemon's two definitions with what runs: the daemon task definition with the
//! revision the daemon runs, the daemon definition with the daemon.
//!
//! `UpdateDaemon` always carries the whole definition (it needs the task definition and the
//! capacity providers anyway), so the daemon is compared whole, ECS's defaults filled on both
//! sides — except its tags, which only a definition that has `tags` manages (as for services).
//! Capacity providers compare by name, so a file may name them by ARN or by name.

use serde_json::Value;

use super::defaults::Doc;
use super::normalize::{self, Options};
use super::workload_defaults::TABLE;
use super::{DocDiff, Effect, Kind};
use crate::model::{DaemonDefinition, DaemonTaskDefinition};

/// Compares a rendered daemon task definition with the revision that runs (and its ARN).
pub fn task_definition(
    local: &DaemonTaskDefinition,
    local_name: &str,
    remote: Option<(&DaemonTaskDefinition, &str)>,
    options: &Options,
) -> DocDiff {
    let tidy = |doc: &Value| {
        let mut doc = doc.clone();
        normalize::task_size_units(&mut doc);
        normalize::finish_with(Doc::DaemonTaskDefinition, doc, options, TABLE)
    };
    let after = tidy(&local.json);
    let before = remote.map(|(td, _)| tidy(&td.json));
    let arn = remote.map(|(_, arn)| arn.to_string());
    DocDiff::compared(Kind::DaemonTaskDefinition, arn, local_name, before, after)
}

/// Compares a rendered daemon definition with the daemon that runs (and its ARN).
pub fn daemon(
    local: &DaemonDefinition,
    local_name: &str,
    remote: Option<(&DaemonDefinition, &str)>,
    options: &Options,
) -> DocDiff {
    let after = tidy(local.json.clone(), options);
    let before = remote.map(|(def, _)| {
        let mut doc = def.json.clone();
        if local.json.get("tags").is_none()
            && let Value::Object(map) = &mut doc
        {
            map.remove("tags");
        }
        tidy(doc, options)
    });
    let arn = remote.map(|(_, arn)| arn.to_string());
    let mut diff = DocDiff::compared(Kind::Daemon, arn, local_name, before, after);
    let changed = diff.changed_members();
    diff.effect = match (&diff.before, changed.is_empty()) {
        (None, _) => Effect::Create,
        (Some(_), true) => Effect::None,
        // Tags go by TagResource/UntagResource: no deployment.
        (Some(_), false) if changed.iter().all(|m| m == "tags") => Effect::InPlace,
        (Some(_), false) => Effect::NewDeployment,
    };
    diff
}

fn tidy(mut doc: Value, options: &Options) -> Value {
    if let Some(Value::Array(providers)) = doc.get_mut("capacityProviderArns") {
        for provider in providers.iter_mut() {
            if let Some(name) = provider.as_str().map(capacity_provider_name) {
                *provider = Value::from(name);
            }
        }
    }
    normalize::finish_with(Doc::Daemon, doc, options, TABLE)
}

/// `arn:aws:ecs:…:capacity-provider/acme-cp` → `acme-cp`; a name stays as it is.
pub fn capacity_provider_name(reference: &str) -> String {
    reference.rsplit_once("capacity-provider/").map_or(reference, |(_, name)| name).to_string()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn defaults_and_capacity_provider_arns_are_no_difference() {
        let local = DaemonDefinition {
            json: json!({"daemonName": "agent", "capacityProviderArns": ["cp-b", "arn:aws:ecs:r:1:capacity-provider/cp-a"],
                "deploymentConfiguration": {"drainPercent": 20.0}}),
        };
        let remote = DaemonDefinition {
            json: json!({"daemonName": "agent", "capacityProviderArns": ["arn:aws:ecs:r:1:capacity-provider/cp-a", "arn:aws:ecs:r:1:capacity-provider/cp-b"],
                "deploymentConfiguration": {"drainPercent": 20.0, "bakeTimeInMinutes": 0}, "critical": true,
                "propagateTags": "NONE", "enableECSManagedTags": false, "enableExecuteCommand": false,
                "tags": [{"key": "team", "value": "sre"}]}),
        };
        let diff = daemon(&local, "d.json", Some((&remote, "arn")), &Options::default());
        assert_eq!(diff.effect, Effect::None, "{:?}", diff.changes);
        let mut changed = local.clone();
        changed.json["critical"] = json!(false);
        let diff = daemon(&changed, "d.json", Some((&remote, "arn")), &Options::default());
        assert_eq!(diff.effect, Effect::NewDeployment);
        assert_eq!(diff.summary(), "daemon: new deployment: critical");
    }

    #[test]
    fn a_new_image_is_a_new_daemon_task_definition_revision() {
        let local = DaemonTaskDefinition {
            json: json!({"family": "agent", "cpu": "0.25 vCPU", "containerDefinitions": [{"name": "a", "image": "i:2", "cpu": 0}]}),
        };
        let remote = DaemonTaskDefinition {
            json: json!({"family": "agent", "cpu": "256", "containerDefinitions": [{"name": "a", "image": "i:1", "cpu": 0, "essential": true}]}),
        };
        let diff =
            task_definition(&local, "t.json", Some((&remote, "arn:td:1")), &Options::default());
        assert_eq!(diff.effect, Effect::NewRevision);
        assert_eq!(diff.changes.len(), 1, "{:?}", diff.changes);
        assert!(
            diff.summary().contains("new daemon task definition revision (the daemon will"),
            "{}",
            diff.summary()
        );
    }
}
