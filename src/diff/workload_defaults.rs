//! What ECS fills in when a daemon task definition or a daemon definition leaves a field out:
//! the entries of [`super::defaults`]'s kind for the daemon documents, with their examples.
//!
//! The documented ones: a daemon is `critical` unless told otherwise, tags are not propagated,
//! and a deployment bakes 0 minutes with alarms off; daemon containers are essential and get a
//! health check's usual interval, timeout and retries, as task definitions' containers do.
//! Express definitions need none: a member the file leaves out is not compared at all.

use serde_json::{Value, json};

use super::defaults::{Doc, Entry};

fn always(_: &Value) -> bool {
    true
}

fn container(extra: Value) -> Value {
    let mut c = json!({"name": "agent", "image": "i"});
    if let (Value::Object(c), Value::Object(extra)) = (&mut c, extra) {
        c.extend(extra);
    }
    json!({"family": "agent", "containerDefinitions": [c]})
}

fn daemon() -> Value {
    json!({"daemonName": "agent", "capacityProviderArns": ["cp"]})
}

pub static TABLE: &[Entry] = &[
    Entry {
        doc: Doc::DaemonTaskDefinition,
        path: "containerDefinitions[*].essential",
        value: |_, _| json!(true),
        applies: always,
        example: || container(json!({})),
    },
    Entry {
        doc: Doc::DaemonTaskDefinition,
        path: "containerDefinitions[*].mountPoints[*].readOnly",
        value: |_, _| json!(false),
        applies: always,
        example: || {
            container(json!({"mountPoints": [{"sourceVolume": "v", "containerPath": "/v"}]}))
        },
    },
    Entry {
        doc: Doc::DaemonTaskDefinition,
        path: "containerDefinitions[*].healthCheck.interval",
        value: |_, _| json!(30),
        applies: always,
        example: || container(json!({"healthCheck": {"command": ["true"]}})),
    },
    Entry {
        doc: Doc::DaemonTaskDefinition,
        path: "containerDefinitions[*].healthCheck.timeout",
        value: |_, _| json!(5),
        applies: always,
        example: || container(json!({"healthCheck": {"command": ["true"]}})),
    },
    Entry {
        doc: Doc::DaemonTaskDefinition,
        path: "containerDefinitions[*].healthCheck.retries",
        value: |_, _| json!(3),
        applies: always,
        example: || container(json!({"healthCheck": {"command": ["true"]}})),
    },
    Entry {
        doc: Doc::Daemon,
        path: "critical",
        value: |_, _| json!(true),
        applies: always,
        example: daemon,
    },
    Entry {
        doc: Doc::Daemon,
        path: "propagateTags",
        value: |_, _| json!("NONE"),
        applies: always,
        example: daemon,
    },
    Entry {
        doc: Doc::Daemon,
        path: "enableECSManagedTags",
        value: |_, _| json!(false),
        applies: always,
        example: daemon,
    },
    Entry {
        doc: Doc::Daemon,
        path: "enableExecuteCommand",
        value: |_, _| json!(false),
        applies: always,
        example: daemon,
    },
    Entry {
        doc: Doc::Daemon,
        path: "deploymentConfiguration.bakeTimeInMinutes",
        value: |_, _| json!(0),
        applies: always,
        example: || json!({"daemonName": "agent", "deploymentConfiguration": {}}),
    },
    Entry {
        doc: Doc::Daemon,
        path: "deploymentConfiguration.alarms.enable",
        value: |_, _| json!(false),
        applies: always,
        example: || json!({"daemonName": "agent", "deploymentConfiguration": {"alarms": {}}}),
    },
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_entry_fills_its_example_and_keeps_a_given_value() {
        super::super::defaults::tests::check_entries(super::TABLE);
    }
}
