//! What AWS fills in when a definition leaves a field out, as one table.
//!
//! `diff` fills these on both sides before comparing, so a field the user omitted and the value
//! AWS reports for it never show up as a change. Each entry carries its own example — a document
//! without the field and the value expected after filling — and the tests run every one, so a
//! new ECS default is one line here plus its example.

use serde_json::{Value, json};

/// Which document an entry applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doc {
    TaskDefinition,
    Service,
    /// Express services and daemons: their entries are in `workload_defaults`.
    Express,
    DaemonTaskDefinition,
    Daemon,
}

/// One default: at `path` (dotted, `[*]` for every list element), when `applies` holds for the
/// whole document and the field is absent, the field becomes `value`.
pub struct Entry {
    pub doc: Doc,
    pub path: &'static str,
    pub value: fn(&Value, &Value) -> Value,
    pub applies: fn(&Value) -> bool,
    /// A document without the field, for the test of this entry.
    pub example: fn() -> Value,
}

fn always(_: &Value) -> bool {
    true
}

fn network_mode(doc: &Value) -> &str {
    doc.get("networkMode").and_then(Value::as_str).unwrap_or("bridge")
}

fn replica(doc: &Value) -> bool {
    doc.get("schedulingStrategy").and_then(Value::as_str).unwrap_or("REPLICA") == "REPLICA"
}

fn ecs_controller(doc: &Value) -> bool {
    doc.pointer("/deploymentController/type").and_then(Value::as_str).unwrap_or("ECS") == "ECS"
}

fn has_deployment_configuration(doc: &Value) -> bool {
    doc.get("deploymentConfiguration").is_some()
}

fn td(containers: Value) -> Value {
    json!({"family": "f", "containerDefinitions": containers})
}

/// The table. Order matters only where one default reads another (`hostPort` reads
/// `containerPort`; `networkMode` is filled before it).
pub static TABLE: &[Entry] = &[
    Entry {
        doc: Doc::TaskDefinition,
        path: "networkMode",
        value: |_, _| json!("bridge"),
        applies: |doc| {
            // Fargate requires awsvpc and says so; EC2 tasks default to bridge.
            !doc.get("requiresCompatibilities")
                .and_then(Value::as_array)
                .is_some_and(|c| c.iter().any(|v| v == "FARGATE"))
        },
        example: || td(json!([{"name": "a"}])),
    },
    Entry {
        doc: Doc::TaskDefinition,
        path: "containerDefinitions[*].essential",
        value: |_, _| json!(true),
        applies: always,
        example: || td(json!([{"name": "a"}])),
    },
    Entry {
        doc: Doc::TaskDefinition,
        path: "containerDefinitions[*].cpu",
        value: |_, _| json!(0),
        applies: always,
        example: || td(json!([{"name": "a"}])),
    },
    Entry {
        doc: Doc::TaskDefinition,
        path: "containerDefinitions[*].portMappings[*].protocol",
        value: |_, _| json!("tcp"),
        applies: always,
        example: || td(json!([{"name": "a", "portMappings": [{"containerPort": 80}]}])),
    },
    Entry {
        doc: Doc::TaskDefinition,
        path: "containerDefinitions[*].portMappings[*].hostPort",
        // awsvpc and host networking publish the container port itself; bridge picks one (0).
        value: |doc, mapping| match network_mode(doc) {
            "awsvpc" | "host" => mapping.get("containerPort").cloned().unwrap_or(json!(0)),
            _ => json!(0),
        },
        applies: always,
        example: || td(json!([{"name": "a", "portMappings": [{"containerPort": 80}]}])),
    },
    Entry {
        doc: Doc::TaskDefinition,
        path: "containerDefinitions[*].mountPoints[*].readOnly",
        value: |_, _| json!(false),
        applies: always,
        example: || {
            td(
                json!([{"name": "a", "mountPoints": [{"sourceVolume": "v", "containerPath": "/v"}]}]),
            )
        },
    },
    Entry {
        doc: Doc::TaskDefinition,
        path: "containerDefinitions[*].volumesFrom[*].readOnly",
        value: |_, _| json!(false),
        applies: always,
        example: || td(json!([{"name": "a", "volumesFrom": [{"sourceContainer": "b"}]}])),
    },
    Entry {
        doc: Doc::TaskDefinition,
        path: "containerDefinitions[*].healthCheck.interval",
        value: |_, _| json!(30),
        applies: always,
        example: || td(json!([{"name": "a", "healthCheck": {"command": ["CMD", "true"]}}])),
    },
    Entry {
        doc: Doc::TaskDefinition,
        path: "containerDefinitions[*].healthCheck.timeout",
        value: |_, _| json!(5),
        applies: always,
        example: || td(json!([{"name": "a", "healthCheck": {"command": ["CMD", "true"]}}])),
    },
    Entry {
        doc: Doc::TaskDefinition,
        path: "containerDefinitions[*].healthCheck.retries",
        value: |_, _| json!(3),
        applies: always,
        example: || td(json!([{"name": "a", "healthCheck": {"command": ["CMD", "true"]}}])),
    },
    Entry {
        doc: Doc::TaskDefinition,
        path: "enableFaultInjection",
        value: |_, _| json!(false),
        applies: always,
        example: || td(json!([{"name": "a"}])),
    },
    Entry {
        doc: Doc::Service,
        path: "schedulingStrategy",
        value: |_, _| json!("REPLICA"),
        applies: always,
        example: || json!({"serviceName": "s"}),
    },
    Entry {
        doc: Doc::Service,
        path: "deploymentController",
        value: |_, _| json!({"type": "ECS"}),
        applies: always,
        example: || json!({"serviceName": "s"}),
    },
    Entry {
        doc: Doc::Service,
        path: "enableECSManagedTags",
        value: |_, _| json!(false),
        applies: always,
        example: || json!({"serviceName": "s"}),
    },
    Entry {
        doc: Doc::Service,
        path: "enableExecuteCommand",
        value: |_, _| json!(false),
        applies: always,
        example: || json!({"serviceName": "s"}),
    },
    Entry {
        doc: Doc::Service,
        path: "propagateTags",
        value: |_, _| json!("NONE"),
        applies: always,
        example: || json!({"serviceName": "s"}),
    },
    Entry {
        doc: Doc::Service,
        path: "healthCheckGracePeriodSeconds",
        value: |_, _| json!(0),
        applies: always,
        example: || json!({"serviceName": "s"}),
    },
    Entry {
        doc: Doc::Service,
        path: "platformVersion",
        value: |_, _| json!("LATEST"),
        applies: |doc| doc.get("launchType").and_then(Value::as_str) == Some("FARGATE"),
        example: || json!({"serviceName": "s", "launchType": "FARGATE"}),
    },
    Entry {
        doc: Doc::Service,
        path: "networkConfiguration.awsvpcConfiguration.assignPublicIp",
        value: |_, _| json!("DISABLED"),
        applies: always,
        example: || json!({"serviceName": "s", "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["a"]}}}),
    },
    Entry {
        doc: Doc::Service,
        path: "deploymentConfiguration.maximumPercent",
        value: |_, _| json!(200),
        applies: |doc| replica(doc) && has_deployment_configuration(doc),
        example: || json!({"serviceName": "s", "deploymentConfiguration": {}}),
    },
    Entry {
        doc: Doc::Service,
        path: "deploymentConfiguration.maximumPercent",
        value: |_, _| json!(100),
        applies: |doc| !replica(doc) && has_deployment_configuration(doc),
        example: || json!({"serviceName": "s", "schedulingStrategy": "DAEMON", "deploymentConfiguration": {}}),
    },
    Entry {
        doc: Doc::Service,
        path: "deploymentConfiguration.minimumHealthyPercent",
        value: |_, _| json!(100),
        applies: |doc| replica(doc) && has_deployment_configuration(doc),
        example: || json!({"serviceName": "s", "deploymentConfiguration": {}}),
    },
    Entry {
        doc: Doc::Service,
        path: "deploymentConfiguration.minimumHealthyPercent",
        value: |_, _| json!(0),
        applies: |doc| !replica(doc) && has_deployment_configuration(doc),
        example: || json!({"serviceName": "s", "schedulingStrategy": "DAEMON", "deploymentConfiguration": {}}),
    },
    Entry {
        doc: Doc::Service,
        path: "deploymentConfiguration.deploymentCircuitBreaker",
        value: |_, _| json!({"enable": false, "rollback": false}),
        applies: |doc| ecs_controller(doc) && has_deployment_configuration(doc),
        example: || json!({"serviceName": "s", "deploymentConfiguration": {}}),
    },
    Entry {
        doc: Doc::Service,
        path: "deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask",
        value: |_, _| json!(true),
        applies: always,
        example: || json!({"serviceName": "s", "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": true}}}),
    },
    Entry {
        doc: Doc::Service,
        path: "deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration",
        value: |_, _| json!({"type": "BOUNDED_PERCENT", "value": 50}),
        applies: always,
        example: || json!({"serviceName": "s", "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": true}}}),
    },
    Entry {
        doc: Doc::Service,
        path: "deploymentConfiguration.strategy",
        value: |_, _| json!("ROLLING"),
        applies: |doc| ecs_controller(doc) && has_deployment_configuration(doc),
        example: || json!({"serviceName": "s", "deploymentConfiguration": {}}),
    },
    Entry {
        doc: Doc::Service,
        path: "deploymentConfiguration.bakeTimeInMinutes",
        value: |_, _| json!(0),
        applies: |doc| ecs_controller(doc) && has_deployment_configuration(doc),
        example: || json!({"serviceName": "s", "deploymentConfiguration": {}}),
    },
    Entry {
        doc: Doc::Service,
        path: "deploymentConfiguration.alarms.enable",
        value: |_, _| json!(false),
        applies: always,
        example: || json!({"serviceName": "s", "deploymentConfiguration": {"alarms": {"alarmNames": ["a"], "rollback": true}}}),
    },
    Entry {
        doc: Doc::Service,
        path: "deploymentConfiguration.lifecycleHooks[*].targetType",
        value: |_, _| json!("AWS_LAMBDA"),
        applies: always,
        example: || json!({"serviceName": "s", "deploymentConfiguration": {"lifecycleHooks": [{"hookTargetArn": "arn:l", "lifecycleStages": ["POST_SCALE_UP"]}]}}),
    },
    Entry {
        doc: Doc::Service,
        path: "deploymentConfiguration.lifecycleHooks[*].timeoutConfiguration",
        value: |_, _| json!({"timeoutInMinutes": 1440, "action": "ROLLBACK"}),
        applies: always,
        example: || json!({"serviceName": "s", "deploymentConfiguration": {"lifecycleHooks": [{"hookTargetArn": "arn:l", "lifecycleStages": ["POST_SCALE_UP"]}]}}),
    },
    Entry {
        doc: Doc::Service,
        path: "deploymentConfiguration.linearConfiguration.stepPercent",
        value: |_, _| json!(10.0),
        applies: always,
        example: || json!({"serviceName": "s", "deploymentConfiguration": {"strategy": "LINEAR", "linearConfiguration": {}}}),
    },
    Entry {
        doc: Doc::Service,
        path: "deploymentConfiguration.linearConfiguration.stepBakeTimeInMinutes",
        value: |_, _| json!(6),
        applies: always,
        example: || json!({"serviceName": "s", "deploymentConfiguration": {"strategy": "LINEAR", "linearConfiguration": {}}}),
    },
    Entry {
        doc: Doc::Service,
        path: "deploymentConfiguration.canaryConfiguration.canaryPercent",
        value: |_, _| json!(5.0),
        applies: always,
        example: || json!({"serviceName": "s", "deploymentConfiguration": {"strategy": "CANARY", "canaryConfiguration": {}}}),
    },
    Entry {
        doc: Doc::Service,
        path: "deploymentConfiguration.canaryConfiguration.canaryBakeTimeInMinutes",
        value: |_, _| json!(10),
        applies: always,
        example: || json!({"serviceName": "s", "deploymentConfiguration": {"strategy": "CANARY", "canaryConfiguration": {}}}),
    },
    Entry {
        doc: Doc::Service,
        path: "capacityProviderStrategy[*].base",
        value: |_, _| json!(0),
        applies: always,
        example: || json!({"serviceName": "s", "capacityProviderStrategy": [{"capacityProvider": "cp", "weight": 1}]}),
    },
    Entry {
        doc: Doc::Service,
        path: "capacityProviderStrategy[*].weight",
        value: |_, _| json!(0),
        applies: always,
        example: || json!({"serviceName": "s", "capacityProviderStrategy": [{"capacityProvider": "cp"}]}),
    },
];

/// Fills every applicable default of `doc` kind into `value`.
pub fn fill(kind: Doc, value: &mut Value) {
    fill_from(TABLE, kind, value);
}

/// Fills every applicable default of `table` for `doc` kind into `value`.
pub fn fill_from(table: &[Entry], kind: Doc, value: &mut Value) {
    for entry in table.iter().filter(|e| e.doc == kind) {
        if (entry.applies)(value) {
            let whole = value.clone();
            let steps: Vec<&str> = entry.path.split('.').collect();
            fill_at(value, &steps, &whole, entry.value);
        }
    }
}

fn fill_at(node: &mut Value, steps: &[&str], whole: &Value, value: fn(&Value, &Value) -> Value) {
    let Some((step, rest)) = steps.split_first() else { return };
    let (key, every) = match step.strip_suffix("[*]") {
        Some(key) => (key, true),
        None => (*step, false),
    };
    let Value::Object(map) = node else { return };
    if rest.is_empty() && !every {
        if !map.contains_key(key) {
            let filled = value(whole, &Value::Object(map.clone()));
            map.insert(key.to_string(), filled);
        }
        return;
    }
    let Some(child) = map.get_mut(key) else { return };
    if every {
        if let Value::Array(items) = child {
            for item in items {
                fill_at(item, rest, whole, value);
            }
        }
    } else {
        fill_at(child, rest, whole, value);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Reads the value at a table path, taking the first element of each list.
    fn get<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
        path.split('.').try_fold(value, |v, step| match step.strip_suffix("[*]") {
            Some(key) => v.get(key)?.get(0),
            None => v.get(step),
        })
    }

    #[test]
    fn every_entry_fills_its_example_and_keeps_a_given_value() {
        check_entries(TABLE);
    }

    /// Each entry of `table` fills its example, and only once.
    pub(crate) fn check_entries(table: &[Entry]) {
        for entry in table {
            let mut doc = (entry.example)();
            assert!(
                get(&doc, entry.path).is_none(),
                "{}: example already has the field",
                entry.path
            );
            assert!(
                (entry.applies)(&doc),
                "{}: entry does not apply to its own example",
                entry.path
            );
            fill_from(table, entry.doc, &mut doc);
            let filled =
                get(&doc, entry.path).unwrap_or_else(|| panic!("{} was not filled", entry.path));
            // Every example is a bridge-mode or parent-independent case, so no parent is needed.
            // Later entries may fill more inside a filled object, so compare what this one set.
            let expected = (entry.value)(&(entry.example)(), &Value::Null);
            match (&expected, filled) {
                (Value::Object(want), Value::Object(got)) => {
                    assert!(
                        want.iter().all(|(k, v)| got.get(k) == Some(v)),
                        "{}: {got:?}",
                        entry.path
                    );
                }
                _ => assert_eq!(filled, &expected, "{}", entry.path),
            }
            // Filling again changes nothing: a value already there is never overwritten.
            let before = doc.clone();
            fill_from(table, entry.doc, &mut doc);
            assert_eq!(doc, before, "{}: not idempotent", entry.path);
        }
    }

    #[test]
    fn host_ports_follow_the_network_mode() {
        let mut bridge = td(json!([{"name": "a", "portMappings": [{"containerPort": 80}]}]));
        fill(Doc::TaskDefinition, &mut bridge);
        assert_eq!(
            bridge.pointer("/containerDefinitions/0/portMappings/0/hostPort"),
            Some(&json!(0))
        );
        let mut awsvpc = td(json!([{"name": "a", "portMappings": [{"containerPort": 80}]}]));
        awsvpc["networkMode"] = json!("awsvpc");
        fill(Doc::TaskDefinition, &mut awsvpc);
        assert_eq!(
            awsvpc.pointer("/containerDefinitions/0/portMappings/0/hostPort"),
            Some(&json!(80))
        );
    }

    #[test]
    fn daemon_services_get_daemon_defaults() {
        let mut daemon = json!({"serviceName": "s", "schedulingStrategy": "DAEMON", "deploymentConfiguration": {}});
        fill(Doc::Service, &mut daemon);
        assert_eq!(daemon["deploymentConfiguration"]["maximumPercent"], 100);
        assert_eq!(daemon["deploymentConfiguration"]["minimumHealthyPercent"], 0);
    }
}
