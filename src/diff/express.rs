//! Comparing an Express definition with the Express service that runs.
//!
//! `UpdateExpressGatewayService` changes the members it is sent and keeps the others, and ECS
//! fills in much that a file may leave out (the network, the scaling target, the log
//! configuration, cpu and memory). So, as for services, only what the file manages is compared:
//! the running side keeps, at every level of nesting, the members the file has — except the
//! primary container's environment, secrets and command, which a deploy clears when the file
//! leaves them out, so their absence is a change worth showing.

use serde_json::Value;

use super::defaults::Doc;
use super::normalize::{self, Options};
use super::{DocDiff, Effect, Kind};
use crate::model::ExpressDefinition;
use crate::model::express::{CLEARED_WHEN_ABSENT, REPLACEMENT_FIELDS};

/// Compares a rendered Express definition with the running service's (`remote`, its ARN).
pub fn express(
    local: &ExpressDefinition,
    local_name: &str,
    remote: Option<(&ExpressDefinition, &str)>,
    options: &Options,
) -> DocDiff {
    let after = tidy(local.json.clone(), options);
    let Some((remote, arn)) = remote else {
        return DocDiff::compared(Kind::Express, None, local_name, None, after);
    };
    let mut before = remote.json.clone();
    restrict(&mut before, &local.json, true);
    let before = tidy(before, options);
    let arn = Some(arn.to_string());
    let mut diff = DocDiff::compared(Kind::Express, arn, local_name, Some(before), after);
    let changed = diff.changed_members();
    diff.replacement =
        changed.iter().filter(|m| REPLACEMENT_FIELDS.contains(&m.as_str())).cloned().collect();
    diff.effect = if !diff.replacement.is_empty() {
        Effect::Replacement
    } else if changed.is_empty() {
        Effect::None
    } else if changed.iter().all(|m| m == "tags") {
        // Tags go by TagResource/UntagResource: no new revision.
        Effect::InPlace
    } else {
        Effect::NewDeployment
    };
    diff
}

/// Keeps of `remote` the members `local` has, at every level of nesting (list elements are
/// compared whole). `top`: the definition itself, whose primary container keeps the lists a
/// deploy clears.
fn restrict(remote: &mut Value, local: &Value, top: bool) {
    let (Value::Object(r), Value::Object(l)) = (remote, local) else { return };
    r.retain(|key, _| l.contains_key(key) || (top && key == "primaryContainer"));
    for (key, value) in r.iter_mut() {
        let empty = Value::Object(serde_json::Map::new());
        let inner = l.get(key).unwrap_or(&empty);
        if top && key == "primaryContainer" {
            if let (Value::Object(rc), Value::Object(lc)) = (&mut *value, inner) {
                rc.retain(|k, _| lc.contains_key(k) || CLEARED_WHEN_ABSENT.contains(&k.as_str()));
                for (k, v) in rc.iter_mut() {
                    if let Some(lv) = lc.get(k) {
                        restrict(v, lv, false);
                    }
                }
            }
        } else {
            restrict(value, inner, false);
        }
    }
}

fn tidy(doc: Value, options: &Options) -> Value {
    normalize::finish_with(Doc::Express, doc, options, &[])
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn def(json: Value) -> ExpressDefinition {
        ExpressDefinition { json }
    }

    #[test]
    fn what_ecs_fills_in_is_not_a_difference() {
        let local = def(json!({"serviceName": "web", "infrastructureRoleArn": "r",
            "primaryContainer": {"image": "nginx:1", "environment": [{"name": "B", "value": "2"}, {"name": "A", "value": "1"}]},
            "networkConfiguration": {"subnets": ["s2", "s1"]}}));
        let remote = def(
            json!({"serviceName": "web", "infrastructureRoleArn": "r", "cpu": "1024", "memory": "2048",
            "healthCheckPath": "/", "scalingTarget": {"minTaskCount": 1},
            "primaryContainer": {"image": "nginx:1", "containerPort": 80,
                "environment": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                "awsLogsConfiguration": {"logGroup": "/aws/ecs/x", "logStreamPrefix": "ecs"}},
            "networkConfiguration": {"subnets": ["s1", "s2"], "securityGroups": ["sg"]}}),
        );
        let diff = express(&local, "e.json", Some((&remote, "arn")), &Options::default());
        assert_eq!(diff.effect, Effect::None, "{:?}", diff.changes);
    }

    #[test]
    fn cleared_lists_changed_images_and_the_infrastructure_role() {
        let local =
            def(json!({"infrastructureRoleArn": "r", "primaryContainer": {"image": "nginx:2"}}));
        let remote =
            def(json!({"infrastructureRoleArn": "r", "primaryContainer": {"image": "nginx:1",
            "command": ["serve"], "environment": [{"name": "A", "value": "1"}]}}));
        let diff = express(&local, "e.json", Some((&remote, "arn")), &Options::default());
        assert_eq!(diff.effect, Effect::NewDeployment);
        let paths: Vec<String> = diff.changes.iter().map(|c| c.path.to_string()).collect();
        assert!(paths.iter().any(|p| p.starts_with("primaryContainer.command")), "{paths:?}");
        assert!(paths.iter().any(|p| p.starts_with("primaryContainer.environment")), "{paths:?}");
        let moved = def(
            json!({"infrastructureRoleArn": "other", "primaryContainer": {"image": "nginx:1"}}),
        );
        let diff = express(&moved, "e.json", Some((&remote, "arn")), &Options::default());
        assert_eq!(diff.effect, Effect::Replacement);
        assert!(
            diff.summary()
                .contains("UpdateExpressGatewayService cannot change infrastructureRoleArn"),
            "{}",
            diff.summary()
        );
        let tagged = def(
            json!({"infrastructureRoleArn": "r", "tags": [{"key": "a", "value": "b"}],
            "primaryContainer": {"image": "nginx:1", "command": ["serve"], "environment": [{"name": "A", "value": "1"}]}}),
        );
        let diff = express(&tagged, "e.json", Some((&remote, "arn")), &Options::default());
        assert_eq!(diff.effect, Effect::InPlace);
    }
}
