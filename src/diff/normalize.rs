//! Brings a local and a remote document to the same form, so that only real changes differ.
//!
//! Both sides go through the same steps: units (`"0.25 vCPU"` → `"256"`), AWS defaults (the
//! [`defaults`] table), order-free lists sorted, tags and paths the user ignores removed, empty
//! values dropped. For services, only what the definition manages is compared: a member the
//! file leaves out is one `UpdateService` leaves alone, except the few that shipper removes
//! when absent (see [`REMOVED_WHEN_ABSENT`]).

use serde_json::Value;

use super::changes::{self, Path};
use super::defaults::{self, Doc};
use crate::secrets;

/// Service members that `deploy` clears when the definition does not have them (as ecspresso
/// does), so their absence is a change worth showing.
pub const REMOVED_WHEN_ABSENT: &[&str] = &[
    "loadBalancers",
    "serviceRegistries",
    "serviceConnectConfiguration",
    "volumeConfigurations",
    "vpcLatticeConfigurations",
];

/// What the user asked to leave out of comparisons.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `ignore.tags`: tag keys managed elsewhere.
    pub ignore_tags: Vec<String>,
    /// `shipper.ignore`: paths managed elsewhere (`desiredCount`, `containerDefinitions[app].environment[BUILD_ID]`).
    pub ignore_paths: Vec<Path>,
}

/// Lists whose order means nothing, and the key they are sorted by.
const SORTED: &[(Doc, &str, Order)] = &[
    (Doc::TaskDefinition, "containerDefinitions", Order::Field("name")),
    (Doc::TaskDefinition, "containerDefinitions[*].environment", Order::Field("name")),
    (Doc::TaskDefinition, "containerDefinitions[*].secrets", Order::Field("name")),
    (Doc::TaskDefinition, "containerDefinitions[*].portMappings", Order::Json),
    (Doc::TaskDefinition, "containerDefinitions[*].mountPoints", Order::Json),
    (Doc::TaskDefinition, "containerDefinitions[*].volumesFrom", Order::Json),
    (Doc::TaskDefinition, "containerDefinitions[*].ulimits", Order::Field("name")),
    (Doc::TaskDefinition, "containerDefinitions[*].extraHosts", Order::Field("hostname")),
    (Doc::TaskDefinition, "containerDefinitions[*].systemControls", Order::Field("namespace")),
    (Doc::TaskDefinition, "containerDefinitions[*].dependsOn", Order::Field("containerName")),
    (Doc::TaskDefinition, "containerDefinitions[*].environmentFiles", Order::Json),
    (Doc::TaskDefinition, "volumes", Order::Field("name")),
    (Doc::TaskDefinition, "requiresCompatibilities", Order::Json),
    (Doc::TaskDefinition, "placementConstraints", Order::Json),
    (Doc::TaskDefinition, "inferenceAccelerators", Order::Field("deviceName")),
    (Doc::TaskDefinition, "tags", Order::Field("key")),
    (Doc::Service, "tags", Order::Field("key")),
    (Doc::Service, "capacityProviderStrategy", Order::Field("capacityProvider")),
    (Doc::Service, "loadBalancers", Order::Json),
    (Doc::Service, "serviceRegistries", Order::Json),
    (Doc::Service, "placementConstraints", Order::Json),
    (Doc::Service, "volumeConfigurations", Order::Field("name")),
    (Doc::Service, "vpcLatticeConfigurations", Order::Field("portName")),
    (Doc::Service, "networkConfiguration.awsvpcConfiguration.subnets", Order::Json),
    (Doc::Service, "networkConfiguration.awsvpcConfiguration.securityGroups", Order::Json),
    (Doc::Service, "deploymentConfiguration.alarms.alarmNames", Order::Json),
    (Doc::Express, "tags", Order::Field("key")),
    (Doc::Express, "networkConfiguration.subnets", Order::Json),
    (Doc::Express, "networkConfiguration.securityGroups", Order::Json),
    (Doc::Express, "primaryContainer.environment", Order::Field("name")),
    (Doc::Express, "primaryContainer.secrets", Order::Field("name")),
    (Doc::DaemonTaskDefinition, "containerDefinitions", Order::Field("name")),
    (Doc::DaemonTaskDefinition, "containerDefinitions[*].environment", Order::Field("name")),
    (Doc::DaemonTaskDefinition, "containerDefinitions[*].secrets", Order::Field("name")),
    (Doc::DaemonTaskDefinition, "containerDefinitions[*].mountPoints", Order::Json),
    (Doc::DaemonTaskDefinition, "containerDefinitions[*].ulimits", Order::Field("name")),
    (
        Doc::DaemonTaskDefinition,
        "containerDefinitions[*].systemControls",
        Order::Field("namespace"),
    ),
    (Doc::DaemonTaskDefinition, "containerDefinitions[*].dependsOn", Order::Field("containerName")),
    (Doc::DaemonTaskDefinition, "containerDefinitions[*].environmentFiles", Order::Json),
    (Doc::DaemonTaskDefinition, "volumes", Order::Field("name")),
    (Doc::DaemonTaskDefinition, "tags", Order::Field("key")),
    (Doc::Daemon, "tags", Order::Field("key")),
    (Doc::Daemon, "capacityProviderArns", Order::Json),
    (Doc::Daemon, "deploymentConfiguration.alarms.alarmNames", Order::Json),
];

#[derive(Debug, Clone, Copy)]
enum Order {
    Field(&'static str),
    Json,
}

/// Normalises a task definition.
pub fn task_definition(doc: &Value, options: &Options) -> Value {
    let mut doc = doc.clone();
    task_size_units(&mut doc);
    finish(Doc::TaskDefinition, doc, options)
}

/// A task's `cpu` and `memory` in the numeric form (`"0.25 vCPU"` → `"256"`).
pub fn task_size_units(doc: &mut Value) {
    if let Value::Object(map) = doc {
        for (key, unit) in [("cpu", 1024.0), ("memory", 1024.0)] {
            if let Some(Value::String(text)) = map.get(key) {
                let converted = units(text, unit);
                map.insert(key.into(), Value::from(converted));
            }
        }
    }
}

/// Normalises a pair of service definitions: `local` decides which members are compared.
pub fn service_pair(
    local: &Value,
    remote: &Value,
    options: &Options,
    code_deploy: bool,
) -> (Value, Value) {
    let mut remote = remote.clone();
    if let (Value::Object(l), Value::Object(r)) = (local, &mut remote) {
        r.retain(|key, _| l.contains_key(key) || REMOVED_WHEN_ABSENT.contains(&key.as_str()));
        // Service Connect off is the same as none configured.
        if !l.contains_key("serviceConnectConfiguration")
            && r.get("serviceConnectConfiguration").and_then(|s| s.get("enabled"))
                == Some(&Value::Bool(false))
        {
            r.remove("serviceConnectConfiguration");
        }
    }
    let mut local = local.clone();
    if code_deploy {
        // CodeDeploy swaps the target groups on every deployment; the file names only one.
        for doc in [&mut local, &mut remote] {
            changes::remove(doc, &Path::parse("loadBalancers[*].targetGroupArn").0);
        }
    }
    (finish(Doc::Service, local, options), finish(Doc::Service, remote, options))
}

/// Normalises a service definition on its own (nothing runs yet to compare with).
pub fn service(doc: &Value, options: &Options) -> Value {
    finish(Doc::Service, doc.clone(), options)
}

fn finish(kind: Doc, doc: Value, options: &Options) -> Value {
    finish_with(kind, doc, options, defaults::TABLE)
}

/// Normalises a document of `kind` whose defaults are in `table` (see [`finish`]'s steps).
pub fn finish_with(
    kind: Doc,
    mut doc: Value,
    options: &Options,
    table: &[defaults::Entry],
) -> Value {
    defaults::fill_from(table, kind, &mut doc);
    for (doc_kind, path, order) in SORTED {
        if *doc_kind == kind {
            let steps: Vec<&str> = path.split('.').collect();
            sort_at(&mut doc, &steps, *order);
        }
    }
    if !options.ignore_tags.is_empty()
        && let Some(Value::Array(tags)) = doc.get_mut("tags")
    {
        tags.retain(|t| {
            !t.get("key")
                .and_then(Value::as_str)
                .is_some_and(|k| options.ignore_tags.iter().any(|i| i == k))
        });
    }
    for path in &options.ignore_paths {
        changes::remove(&mut doc, &path.0);
    }
    drop_empty(&mut doc);
    sort_keys(&mut doc);
    doc
}

/// Orders every object's keys, so the text diff shows changes, not key order (`init` writes
/// its files in this order too).
pub fn sort_keys(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            for (key, mut child) in entries {
                sort_keys(&mut child);
                map.insert(key, child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(sort_keys),
        _ => {}
    }
}

fn sort_at(node: &mut Value, steps: &[&str], order: Order) {
    let Some((step, rest)) = steps.split_first() else {
        if let Value::Array(items) = node {
            items.sort_by_cached_key(|item| match order {
                Order::Field(field) => item.get(field).map(ToString::to_string).unwrap_or_default(),
                Order::Json => item.to_string(),
            });
        }
        return;
    };
    let (key, every) = match step.strip_suffix("[*]") {
        Some(key) => (key, true),
        None => (*step, false),
    };
    let Some(child) = node.get_mut(key) else { return };
    match (every, child) {
        (true, Value::Array(items)) => items.iter_mut().for_each(|item| sort_at(item, rest, order)),
        (false, child) => sort_at(child, rest, order),
        _ => {}
    }
}

/// Removes nulls, empty lists and empty objects: AWS reports `[]` where a file says nothing.
fn drop_empty(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.values_mut().for_each(drop_empty);
            map.retain(|_, v| !is_empty(v));
        }
        Value::Array(items) => items.iter_mut().for_each(drop_empty),
        _ => {}
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// `"0.25 vCPU"` → `"256"`, `"1 GB"` → `"1024"`: the unit forms the API accepts for task size.
fn units(text: &str, per_unit: f64) -> String {
    let lower = text.trim().to_ascii_lowercase();
    let (number, unit) = lower
        .split_at(lower.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(lower.len()));
    let unit = unit.trim();
    match (number.parse::<f64>(), unit) {
        (Ok(n), "vcpu" | "gb") => format!("{}", (n * per_unit).round()),
        (Ok(n), "mb" | "mib") => format!("{}", n.round()),
        _ => text.to_string(),
    }
}

/// Where the local side holds a secret value and the remote side differs, replaces the remote
/// value with a label, so the old secret is never printed either.
pub fn mask_changed_secrets(local: &Value, remote: &mut Value) {
    if secrets::shown() {
        return;
    }
    for change in changes::between(remote, local) {
        let Some(Value::String(after)) = &change.after else { continue };
        if !secrets::contains_secret(after) {
            continue;
        }
        if let Some(slot) = changes::get_mut(remote, &change.path.0)
            && slot.is_string()
        {
            let label = secrets::mask(after);
            let whole = label.starts_with("<secret ")
                && label.ends_with('>')
                && label.matches('<').count() == 1;
            *slot = Value::from(match whole {
                true => format!("{} (previous value)>", &label[..label.len() - 1]),
                false => "<masked previous value>".to_string(),
            });
        }
    }
}

/// A variable the file now takes from `secrets` may have held the secret in plain text in the
/// running revision's `environment`: that old value is registered as secret, so the diff that
/// shows the fix does not print the very value being hidden.
pub fn register_secret_environment(local: &Value, remote: &Value) {
    let containers = |doc: &Value| {
        doc.get("containerDefinitions").and_then(Value::as_array).cloned().unwrap_or_default()
    };
    let names = |c: &Value, key: &str| -> Vec<String> {
        c.get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|e| e.get("name").and_then(Value::as_str).map(ToString::to_string))
            .collect()
    };
    let local = containers(local);
    for container in containers(remote) {
        let name = container.get("name").and_then(Value::as_str).unwrap_or_default();
        let secret_names: Vec<String> = local
            .iter()
            .filter(|c| c.get("name").and_then(Value::as_str) == Some(name))
            .flat_map(|c| names(c, "secrets"))
            .collect();
        for var in container.get("environment").and_then(Value::as_array).into_iter().flatten() {
            let var_name = var.get("name").and_then(Value::as_str).unwrap_or_default();
            if secret_names.iter().any(|s| s == var_name)
                && let Some(value) = var.get("value").and_then(Value::as_str)
            {
                secrets::register(value, &format!("formerly in environment {var_name}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn changed_roots(before: &Value, after: &Value) -> Vec<String> {
        let mut roots: Vec<String> = changes::between(before, after)
            .iter()
            .filter_map(|c| c.path.root().map(ToString::to_string))
            .collect();
        roots.dedup();
        roots
    }

    #[test]
    fn units_convert_to_the_numeric_form() {
        assert_eq!(units("0.25 vCPU", 1024.0), "256");
        assert_eq!(units("1 vcpu", 1024.0), "1024");
        assert_eq!(units("1 GB", 1024.0), "1024");
        assert_eq!(units("0.5GB", 1024.0), "512");
        assert_eq!(units("512", 1024.0), "512");
    }

    #[test]
    fn order_defaults_and_empties_do_not_differ() {
        let local = json!({"family": "f", "cpu": "0.25 vCPU", "containerDefinitions": [
            {"name": "b", "image": "y"},
            {"name": "a", "image": "x", "environment": [{"name": "Z", "value": "1"}, {"name": "A", "value": "2"}],
             "portMappings": [{"containerPort": 80}]}]});
        let remote = json!({"family": "f", "cpu": "256", "networkMode": "bridge", "enableFaultInjection": false, "containerDefinitions": [
            {"name": "a", "image": "x", "cpu": 0, "essential": true, "mountPoints": [], "volumesFrom": [],
             "environment": [{"name": "A", "value": "2"}, {"name": "Z", "value": "1"}],
             "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}]},
            {"name": "b", "image": "y", "cpu": 0, "essential": true}], "volumes": [], "placementConstraints": []});
        let o = Options::default();
        assert_eq!(task_definition(&local, &o), task_definition(&remote, &o));
    }

    #[test]
    fn services_compare_only_what_the_file_manages() {
        let local = json!({"serviceName": "s", "desiredCount": 2});
        let remote = json!({"serviceName": "s", "desiredCount": 2, "healthCheckGracePeriodSeconds": 30,
            "loadBalancers": [{"targetGroupArn": "tg", "containerName": "a", "containerPort": 80}]});
        let (l, r) = service_pair(&local, &remote, &Options::default(), false);
        assert_eq!(
            changed_roots(&r, &l),
            ["loadBalancers"],
            "absent load balancers are removed by deploy"
        );
        let (l, r) = service_pair(&local, &remote, &Options::default(), true);
        assert_eq!(changed_roots(&r, &l), ["loadBalancers"]);
        let local = json!({"serviceName": "s", "loadBalancers": [{"targetGroupArn": "green", "containerName": "a", "containerPort": 80}]});
        let (l, r) = service_pair(&local, &remote, &Options::default(), true);
        assert!(changed_roots(&r, &l).is_empty(), "CodeDeploy owns the target group");
    }

    #[test]
    fn ignored_tags_and_paths_are_left_out() {
        let options = Options {
            ignore_tags: vec!["managed-by".into()],
            ignore_paths: vec![Path::parse("desiredCount")],
        };
        let local =
            json!({"serviceName": "s", "desiredCount": 1, "tags": [{"key": "a", "value": "1"}]});
        let remote = json!({"serviceName": "s", "desiredCount": 5, "tags": [{"key": "managed-by", "value": "tf"}, {"key": "a", "value": "1"}]});
        let (l, r) = service_pair(&local, &remote, &options, false);
        assert_eq!(l, r);
    }
}
